/*
 * One struct per cause of drift. Each is fine on its own target and differs between
 * i386 and x86_64; where the cause applies to arm EABI (pointers and long, not 8-byte
 * alignment, which arm shares with the 64-bit targets) it differs between arm and
 * aarch64 too. The layouts per target are stated, and proven, in causes.c; the drift
 * each one must produce is listed in expected.json.
 *
 * Freestanding: only <stdint.h>, <stddef.h> and <stdbool.h>.
 */
#ifndef DRIFT_CAUSES_H
#define DRIFT_CAUSES_H

#include <stdint.h>

/* pointer_width: a pointer is 4 bytes on ILP32, 8 on LP64; len and flags move. */
struct dc_pointer {
	void *data;
	uint32_t len;
	uint32_t flags;
};

/* long_width: long follows the pointer, not int. */
struct dc_long {
	long value;
	uint32_t lo;
	uint32_t hi;
};

/* int64_alignment: i386 aligns a uint64_t inside a struct to 4, everyone else to 8. */
struct dc_int64 {
	uint32_t kind;
	uint64_t value;
};

/* int64_alignment with every offset the same: only the struct's alignment differs. */
struct dc_align_only {
	uint32_t lo;
	uint32_t hi;
	uint64_t value;
};

/* The same as dc_int64, anonymous and named by its typedef. */
typedef struct {
	uint32_t kind;
	uint64_t value;
} dc_anon_t;

/*
 * bitfield_layout: q does not fit in what is left of p's 8-byte unit. Where uint64_t is
 * 8-aligned it moves to the next unit (bit 64); i386 lets it span two 4-byte units and
 * it stays at bit 40.
 */
struct dc_bits {
	uint64_t p : 40;
	uint64_t q : 40;
};

/* nested: no member of its own changes type, but head is a drifting struct. */
struct dc_nested {
	struct dc_pointer head;
	uint32_t trailer;
	uint32_t seq;
};

#endif
