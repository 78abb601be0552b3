/* A struct whose layout differs on every data model the probe tests use. */
#include <stdint.h>

struct probe_basic {
	uint8_t tag;
	uint64_t big;  /* 8 on x86_64 and arm, 4 on i386 */
	long word;     /* 8 on LP64, 4 on ILP32 */
	void *ptr;
	uint32_t id;
};

typedef struct probe_basic probe_basic_t;
typedef uint32_t probe_id_t;
