/* Given to the probe with --include. Drifts, but is not one of the named headers. */
#include <stdint.h>

typedef uint32_t opts_prelude_t;

struct opts_prelude_drifting {
	long l;
	uint32_t n;
};
