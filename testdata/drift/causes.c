/* The layouts of causes.h on every target, proven by the compiler. */
#include "causes.h"
#include "check.h"

/*                                x86_64 i386 aarch64 arm riscv64 ppc64le s390x */
CHECK_SIZE(struct dc_pointer, 16, 12, 16, 12, 16, 16, 16);
CHECK_ALIGN(struct dc_pointer, 8, 4, 8, 4, 8, 8, 8);
CHECK_OFFSET(struct dc_pointer, data, 0, 0, 0, 0, 0, 0, 0);
CHECK_OFFSET(struct dc_pointer, len, 8, 4, 8, 4, 8, 8, 8);
CHECK_OFFSET(struct dc_pointer, flags, 12, 8, 12, 8, 12, 12, 12);

CHECK_SIZE(struct dc_long, 16, 12, 16, 12, 16, 16, 16);
CHECK_ALIGN(struct dc_long, 8, 4, 8, 4, 8, 8, 8);
CHECK_OFFSET(struct dc_long, lo, 8, 4, 8, 4, 8, 8, 8);
CHECK_OFFSET(struct dc_long, hi, 12, 8, 12, 8, 12, 12, 12);

CHECK_SIZE(struct dc_int64, 16, 12, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct dc_int64, 8, 4, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct dc_int64, value, 8, 4, 8, 8, 8, 8, 8);

CHECK_SIZE(struct dc_align_only, 16, 16, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct dc_align_only, 8, 4, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct dc_align_only, hi, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct dc_align_only, value, 8, 8, 8, 8, 8, 8, 8);

CHECK_SIZE(dc_anon_t, 16, 12, 16, 16, 16, 16, 16);
CHECK_ALIGN(dc_anon_t, 8, 4, 8, 8, 8, 8, 8);
CHECK_OFFSET(dc_anon_t, value, 8, 4, 8, 8, 8, 8, 8);

CHECK_SIZE(struct dc_bits, 16, 12, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct dc_bits, 8, 4, 8, 8, 8, 8, 8);
CHECK_BIT(struct dc_bits, p, 0, 0, 0, 0, 0, 0, 0);
CHECK_BIT(struct dc_bits, q, 64, 40, 64, 64, 64, 64, 64);

CHECK_SIZE(struct dc_nested, 24, 20, 24, 20, 24, 24, 24);
CHECK_ALIGN(struct dc_nested, 8, 4, 8, 4, 8, 8, 8);
CHECK_OFFSET(struct dc_nested, trailer, 16, 12, 16, 12, 16, 16, 16);
CHECK_OFFSET(struct dc_nested, seq, 20, 16, 20, 16, 20, 20, 20);
