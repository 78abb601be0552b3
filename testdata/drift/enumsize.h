/*
 * enum_size. No two Linux targets we build for disagree on the size of an enum: every
 * one (gcc and clang, i386, x86_64, arm gnueabihf, aarch64, riscv64, ppc64le, s390x)
 * makes an enum int-sized unless a value needs 64 bits, and then 8 bytes on all of
 * them. Enum sizes do differ between ABIs that use short enums (AAPCS on bare-metal
 * arm, -fshort-enums), so the test compiles this header once with -fshort-enums and
 * compares that object with a normal build of another target.
 */
#ifndef DRIFT_ENUMSIZE_H
#define DRIFT_ENUMSIZE_H

#include <stdint.h>

enum es_kind { ES_NONE, ES_READ, ES_WRITE };            /* 4 bytes, 1 when short */
enum es_code { ES_CODE_MIN = -1, ES_CODE_MAX = 300 };   /* 4 bytes, 2 when short */
enum es_wide { ES_WIDE_A, ES_WIDE_B = 0x12345678 };      /* 4 bytes either way */

struct es_msg {
	enum es_kind kind;
	uint8_t flags;
	uint16_t len;
	uint32_t value;
};

/* The enum that is 4 bytes either way: a control. */
struct es_wide_msg {
	enum es_wide w;
	uint32_t value;
};

#endif
