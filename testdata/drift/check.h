/*
 * Layout assertions for the drift fixtures, proven by the compiler.
 *
 * Each fixture's .c includes its header and this file and states, per target, the size,
 * alignment and member offsets the header's types must have; compiling the .c for a
 * target proves them for that target. tests/e2e/drift_check.py also reads these lines
 * (keep each CHECK_* call on one line, values in the order of ABI_PICK's parameters).
 * CHECK_BIT states a bitfield's absolute bit offset in DW_AT_data_bit_offset numbering;
 * C cannot assert it, so it expands to nothing and only the tests compare it.
 *
 * This file includes nothing, not even <stddef.h>: an object built from a fixture then
 * holds the fixture header's types and nothing of the compiler's own headers (such as
 * max_align_t, which differs between gcc and clang and between targets), unless the
 * header itself includes them.
 */
#ifndef DRIFT_CHECK_H
#define DRIFT_CHECK_H

#if defined(__x86_64__)
#define ABI_PICK(x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x) (x86_64)
#elif defined(__i386__)
#define ABI_PICK(x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x) (i386)
#elif defined(__aarch64__)
#define ABI_PICK(x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x) (aarch64)
#elif defined(__arm__)
#define ABI_PICK(x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x) (arm)
#elif defined(__riscv) && __riscv_xlen == 64
#define ABI_PICK(x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x) (riscv64)
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ABI_PICK(x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x) (ppc64le)
#elif defined(__s390x__)
#define ABI_PICK(x86_64, i386, aarch64, arm, riscv64, ppc64le, s390x) (s390x)
#else
#error "check.h: no stated layouts for this target"
#endif

#define CHECK_SIZE(type, ...) \
	_Static_assert(sizeof(type) == ABI_PICK(__VA_ARGS__), "sizeof(" #type ")")
#define CHECK_ALIGN(type, ...) \
	_Static_assert(_Alignof(type) == ABI_PICK(__VA_ARGS__), "_Alignof(" #type ")")
#define CHECK_OFFSET(type, member, ...)                                   \
	_Static_assert(__builtin_offsetof(type, member) == ABI_PICK(__VA_ARGS__), \
		       "offsetof(" #type ", " #member ")")
#define CHECK_BIT(type, member, ...)

#endif
