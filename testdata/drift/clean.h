/*
 * A wire format done right: fixed-width members, no implicit padding, the 64-bit field
 * aligned explicitly. abidrift lint finds nothing here and abidrift drift reports no
 * type, on any target.
 */
#ifndef DRIFT_CLEAN_H
#define DRIFT_CLEAN_H

#include <stdint.h>

typedef uint64_t cl_u64_t __attribute__((aligned(8)));

struct cl_header {
	uint32_t magic;
	uint16_t version;
	uint16_t flags;
	cl_u64_t length;
};

struct cl_entry {
	uint8_t tag[4];
	uint32_t value;
};

#endif
