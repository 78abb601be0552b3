/*
 * Needs every probe option: opts_dep.h is found only through -I testdata/drift/probe/inc,
 * OPTS_WIDE must be given with -D, and opts_prelude_t comes from
 * --include testdata/drift/probe/prelude.h. Only struct opts_rec is declared here; the
 * types of the other two headers must not be reported.
 */
#ifndef DRIFT_OPTS_H
#define DRIFT_OPTS_H

#include <stdint.h>
#include "opts_dep.h"

#ifndef OPTS_WIDE
#error "define OPTS_WIDE (-D OPTS_WIDE=0 or -D OPTS_WIDE=1)"
#endif

struct opts_rec {
	struct opts_dep dep;
	opts_prelude_t pre;
#if OPTS_WIDE
	long wide;
#else
	uint32_t narrow;
#endif
};

#endif
