/* The layouts of readconsole.h on every target, proven by the compiler. */
#include "readconsole.h"
#include "check.h"

/*                                    x86_64 i386 aarch64 arm riscv64 ppc64le s390x */
CHECK_SIZE(struct rc_readconsole, 24, 20, 24, 24, 24, 24, 24);
CHECK_ALIGN(struct rc_readconsole, 8, 4, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct rc_readconsole, index, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct rc_readconsole, handle, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct rc_readconsole, count, 16, 16, 16, 16, 16, 16, 16);

CHECK_SIZE(struct rc_readconsole_fixed, 24, 24, 24, 24, 24, 24, 24);
CHECK_ALIGN(struct rc_readconsole_fixed, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct rc_readconsole_fixed, index, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct rc_readconsole_fixed, handle, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct rc_readconsole_fixed, count, 16, 16, 16, 16, 16, 16, 16);
CHECK_OFFSET(struct rc_readconsole_fixed, pad1, 20, 20, 20, 20, 20, 20, 20);
