/* SPDX-License-Identifier: MIT */
/*
 * A small hypercall-style interface, shared by a 32-bit or 64-bit guest and a 64-bit
 * hypervisor. Two of these structs lay out differently on i386 and x86_64.
 */
#ifndef DEMO_HYPERCALL_H
#define DEMO_HYPERCALL_H

#include <stdint.h>

#define HC_READCONSOLE 1
#define HC_MAP_PAGES 2

/* Read from the console ring: the 64-bit handle is aligned to 4 on i386. */
struct hc_readconsole {
	uint8_t clear;    /* IN: clear the ring after reading */
	uint32_t index;   /* IN/OUT: where to start, where the next read starts */
	uint64_t buffer;  /* IN: guest address of the buffer */
	uint32_t count;   /* IN: buffer size; OUT: bytes read */
};

/* Map guest pages: a pointer and a long make it 32/64-bit dependent. */
struct hc_map_pages {
	uint32_t domid;
	unsigned long nr_pages;
	void *frame_list;
	uint16_t flags;
};

/*
 * Explicit padding and fixed-width fields: the same size and offsets everywhere, but
 * i386 aligns 'features', and so the struct, to 4 rather than 8, which shows where the
 * struct is embedded; uint64_t __attribute__((aligned(8))) would settle it.
 */
struct hc_version {
	uint16_t major;
	uint16_t minor;
	uint32_t pad;
	uint64_t features;
};

struct hypercall_args {
	uint32_t op;
	uint32_t pad;
	union {
		struct hc_readconsole readconsole;
		struct hc_map_pages map_pages;
		struct hc_version version;
	} u;
};

#endif
