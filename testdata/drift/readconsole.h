/*
 * The shape of a Xen sysctl readconsole argument with a plain 64-bit handle: every
 * member sits at the same offset on i386 and x86_64, yet the struct is 24 bytes on
 * x86_64 and 20 on i386, because x86_64 pads the tail to the 8-byte alignment of the
 * handle. A 32-bit guest and a 64-bit hypervisor then disagree on the size. The fixed
 * version spells out its padding and aligns the handle explicitly.
 */
#ifndef DRIFT_READCONSOLE_H
#define DRIFT_READCONSOLE_H

#include <stdint.h>

struct rc_readconsole {
	uint8_t clear;     /* IN: non-zero: clear the ring after reading */
	uint32_t index;    /* IN/OUT: start index, then where reading stopped */
	uint64_t handle;   /* IN: guest buffer */
	uint32_t count;    /* IN/OUT: buffer size, then bytes read */
};

typedef uint64_t rc_uint64_aligned_t __attribute__((aligned(8)));

struct rc_readconsole_fixed {
	uint8_t clear;
	uint8_t pad0[3];
	uint32_t index;
	rc_uint64_aligned_t handle;
	uint32_t count;
	uint32_t pad1;
};

#endif
