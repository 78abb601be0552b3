/* libfix: a tiny versioned shared library whose interface uses the fixture types. */
#ifndef LIBFIX_H
#define LIBFIX_H

#include "../fixtures/dedup.h"

struct fix_stats {
	uint64_t lookups;
	uint32_t misses;
	struct dd_header last;
	void (*on_miss)(const char *key);
};

extern struct dd_item fix_current;
extern int fix_counter;

int fix_init(struct dd_header *hdr);
long fix_lookup(const char *key, union dd_value *out);
int fix_stats(struct fix_stats *st);
int fix_weak_hook(dd_list_t *list);
int fix_protected(enum dd_kind kind);

#endif
