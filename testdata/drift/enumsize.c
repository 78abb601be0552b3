/*
 * The layouts of enumsize.h, proven by the compiler: one set for the normal build of
 * every target, one for a build with -fshort-enums (detected by the size of es_kind).
 */
#include "enumsize.h"
#include "check.h"

#define ES_SHORT (sizeof(enum es_kind) == 1)
#define ES_CHECK(expr, normal, short_enums) \
	_Static_assert((expr) == (ES_SHORT ? (short_enums) : (normal)), #expr)

/*       what                                          normal, -fshort-enums */
ES_CHECK(sizeof(enum es_kind),                           4,  1);
ES_CHECK(sizeof(enum es_code),                           4,  2);
ES_CHECK(sizeof(enum es_wide),                           4,  4);
ES_CHECK(sizeof(struct es_msg),                         12,  8);
ES_CHECK(__builtin_offsetof(struct es_msg, flags),       4,  1);
ES_CHECK(__builtin_offsetof(struct es_msg, len),         6,  2);
ES_CHECK(__builtin_offsetof(struct es_msg, value),       8,  4);
ES_CHECK(sizeof(struct es_wide_msg),                     8,  8);
ES_CHECK(__builtin_offsetof(struct es_wide_msg, value),  4,  4);
