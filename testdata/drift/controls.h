/*
 * Controls: structs written to have one layout on every target. None of them may be
 * reported by abidrift drift, whichever targets are compared.
 */
#ifndef DRIFT_CONTROLS_H
#define DRIFT_CONTROLS_H

#include <stdint.h>

typedef uint64_t ctl_u64a_t __attribute__((aligned(8)));

/* Every byte spelled out; the 64-bit field 8-aligned through its typedef. */
struct ctl_explicit {
	uint8_t flags;
	uint8_t pad0[3];
	uint32_t kind;
	ctl_u64a_t value;
	uint16_t len;
	uint16_t pad1[3];
};

/* aligned(8) on the member itself. */
struct ctl_aligned {
	uint32_t kind;
	uint32_t pad;
	uint64_t value __attribute__((aligned(8)));
};

/*
 * A 64-bit guest handle: a pointer shares 8 aligned bytes with a uint64_t, so the union
 * is 8 bytes, 8-aligned, on 32- and 64-bit targets alike.
 */
typedef union __attribute__((aligned(8))) {
	uint8_t *p;
	uint64_t q;
} ctl_handle_u8_t;

struct ctl_buffer {
	ctl_handle_u8_t buf;
	uint32_t len;
	uint32_t pad;
};

/* Fixed-width types no wider than 4 bytes: nothing to align differently. */
struct ctl_fixed {
	uint32_t a;
	uint16_t b;
	uint8_t c;
	int8_t d;
	int32_t e[2];
	uint8_t bytes[4];
};

/* Bitfields in 4- and 2-byte units, all allocated alike. */
struct ctl_bits {
	uint32_t a : 3;
	uint32_t b : 29;
	uint16_t c : 4;
	uint16_t d : 12;
	uint16_t e;
};

/*
 * uint64_t is unsigned long on the 64-bit targets and unsigned long long on the 32-bit
 * ones; next to it, unsigned long long itself. Same layout, different spellings.
 */
struct ctl_spelled {
	uint64_t a __attribute__((aligned(8)));
	unsigned long long b __attribute__((aligned(8)));
};

/*
 * The same through a typedef of our own, chosen by the data model as some kernels'
 * __u64 is. (Predicting this one from a single build cannot work: the 64-bit build
 * only says unsigned long.)
 */
#if defined(__LP64__)
typedef unsigned long ctl_word64_t;
#else
typedef unsigned long long ctl_word64_t;
#endif

struct ctl_word64 {
	ctl_word64_t w __attribute__((aligned(8)));
	uint32_t lo;
	uint32_t hi;
};

#endif
