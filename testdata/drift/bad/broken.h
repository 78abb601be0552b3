/* A header that does not compile: the probe must fail with the compiler's message. */
#ifndef DRIFT_BROKEN_H
#define DRIFT_BROKEN_H

#include <stdint.h>

struct broken {
	uint32_t ok;
	no_such_type_t missing;
};

#endif
