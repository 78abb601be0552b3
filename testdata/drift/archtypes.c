/* The layouts of archtypes.h on every target, proven by the compiler. */
#include "archtypes.h"
#include "check.h"

/*                               x86_64 i386 aarch64 arm riscv64 ppc64le s390x */
CHECK_SIZE(struct at_mixed, 48, 32, 48, 32, 48, 48, 48);
CHECK_ALIGN(struct at_mixed, 8, 4, 8, 4, 8, 8, 8);
CHECK_OFFSET(struct at_mixed, lng, 8, 4, 8, 4, 8, 8, 8);
CHECK_OFFSET(struct at_mixed, sz, 16, 8, 16, 8, 16, 16, 16);
CHECK_OFFSET(struct at_mixed, flag, 24, 12, 24, 12, 24, 24, 24);
CHECK_OFFSET(struct at_mixed, ch, 25, 13, 25, 13, 25, 25, 25);
CHECK_OFFSET(struct at_mixed, color, 28, 16, 28, 16, 28, 28, 28);
CHECK_OFFSET(struct at_mixed, u8, 32, 20, 32, 20, 32, 32, 32);
CHECK_OFFSET(struct at_mixed, i16, 34, 22, 34, 22, 34, 34, 34);
CHECK_OFFSET(struct at_mixed, u32, 36, 24, 36, 24, 36, 36, 36);
CHECK_OFFSET(struct at_mixed, i32, 40, 28, 40, 28, 40, 40, 40);

CHECK_SIZE(struct at_fixed, 16, 16, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct at_fixed, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct at_fixed, g, 14, 14, 14, 14, 14, 14, 14);
