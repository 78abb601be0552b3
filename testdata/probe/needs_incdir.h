/* Finds its companion only through -I testdata/probe/inc. */
#include "probe_inc.h"

struct probe_with_inc {
	probe_inc_t a;
	probe_inc_t b;
};
