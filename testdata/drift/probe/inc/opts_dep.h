/* Included by ../opts.h through -I. Drifts, but is not one of the named headers. */
#ifndef DRIFT_OPTS_DEP_H
#define DRIFT_OPTS_DEP_H

#include <stdint.h>

struct opts_dep {
	uint32_t id;
	uint32_t flags;
};

struct opts_dep_drifting {
	void *p;
	uint32_t n;
};

#endif
