/* The layouts of clean.h on every target, proven by the compiler: all the same. */
#include "clean.h"
#include "check.h"

/*                                x86_64 i386 aarch64 arm riscv64 ppc64le s390x */
CHECK_SIZE(struct cl_header, 16, 16, 16, 16, 16, 16, 16);
CHECK_ALIGN(struct cl_header, 8, 8, 8, 8, 8, 8, 8);
CHECK_OFFSET(struct cl_header, length, 8, 8, 8, 8, 8, 8, 8);
CHECK_SIZE(struct cl_entry, 8, 8, 8, 8, 8, 8, 8);
CHECK_ALIGN(struct cl_entry, 4, 4, 4, 4, 4, 4, 4);
CHECK_OFFSET(struct cl_entry, value, 4, 4, 4, 4, 4, 4, 4);
