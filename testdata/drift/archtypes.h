/*
 * For abidrift lint's arch-dependent-type rule: one member of each type whose size or
 * meaning depends on the target (pointer, long, size_t, bool, plain char, an enum with
 * no fixed width), then members of fixed-width types, which the rule must leave alone.
 */
#ifndef DRIFT_ARCHTYPES_H
#define DRIFT_ARCHTYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum at_color { AT_RED, AT_GREEN, AT_BLUE };

struct at_mixed {
	void *ptr;
	long lng;
	size_t sz;
	bool flag;
	char ch;
	enum at_color color;
	uint8_t u8;
	int16_t i16;
	uint32_t u32;
	int32_t i32;
};

/* Fixed-width members only, and no padding. */
struct at_fixed {
	uint32_t a;
	int32_t b;
	uint16_t c;
	int16_t d;
	uint8_t e;
	int8_t f;
	uint8_t g[2];
};

#endif
