/* The layouts of controls.h on every target, proven by the compiler: all the same. */
#include "controls.h"
#include "check.h"

/*                                   x86_64 i386 aarch64 arm riscv64 ppc64le s390x */
CHECK_SIZE(struct ctl_explicit, 24, 24, 24, 24, 24, 24, 24);
CHECK_ALIGN(struct ctl_explicit, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_explicit, kind, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct ctl_explicit, value, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_explicit, len, 16, 16, 16, 16, 16, 16, 16);

CHECK_SIZE(struct ctl_aligned, 16, 16, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct ctl_aligned, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_aligned, value, 8, 8, 8, 8, 8, 8, 8);

CHECK_SIZE(ctl_handle_u8_t, 8, 8, 8, 8, 8, 8, 8);
CHECK_ALIGN(ctl_handle_u8_t, 8, 8, 8, 8, 8, 8, 8);

CHECK_SIZE(struct ctl_buffer, 16, 16, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct ctl_buffer, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_buffer, len, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_buffer, pad, 12, 12, 12, 12, 12, 12, 12);

CHECK_SIZE(struct ctl_fixed, 20, 20, 20, 20, 20, 20, 20);
CHECK_ALIGN(struct ctl_fixed, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct ctl_fixed, d, 7, 7, 7, 7, 7, 7, 7);
CHECK_OFFSET(struct ctl_fixed, e, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_fixed, bytes, 16, 16, 16, 16, 16, 16, 16);

CHECK_SIZE(struct ctl_bits, 8, 8, 8, 8, 8, 8, 8);
CHECK_ALIGN(struct ctl_bits, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct ctl_bits, e, 6, 6, 6, 6, 6, 6, 6);
CHECK_BIT(struct ctl_bits, b, 3, 3, 3, 3, 3, 3, 3);
CHECK_BIT(struct ctl_bits, c, 32, 32, 32, 32, 32, 32, 32);
CHECK_BIT(struct ctl_bits, d, 36, 36, 36, 36, 36, 36, 36);

CHECK_SIZE(struct ctl_spelled, 16, 16, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct ctl_spelled, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_spelled, b, 8, 8, 8, 8, 8, 8, 8);

CHECK_SIZE(struct ctl_word64, 16, 16, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct ctl_word64, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct ctl_word64, lo, 8, 8, 8, 8, 8, 8, 8);
