/*
 * libfix: exported functions and variables under two symbol versions. fix_lookup has
 * an old version (LIBFIX_1.0, taking only the key) kept for old binaries, and a
 * default one (LIBFIX_2.0). Everything else here is not exported and must not show in
 * a dump: static functions and variables, hidden functions, and globals that the
 * version script makes local.
 */
#include "lib.h"

struct dd_item fix_current;
int fix_counter;

/* Global in C, local in the library: not named in lib.map. */
int fix_local_var;
static int fix_static_var;

static int fix_static_helper(int x)
{
	return x + fix_static_var;
}

__attribute__((visibility("hidden"))) int fix_hidden_helper(int x)
{
	return fix_static_helper(x) + fix_local_var;
}

/* Global in C, local in the library: not named in lib.map. */
int fix_local_func(void)
{
	return fix_hidden_helper(1);
}

int fix_init(struct dd_header *hdr)
{
	hdr->magic = 0x46495846u;
	hdr->version = 2;
	fix_counter = 0;
	return fix_local_func();
}

__asm__(".symver fix_lookup_v1, fix_lookup@LIBFIX_1.0");
int fix_lookup_v1(const char *key)
{
	fix_counter++;
	return key != 0;
}

__asm__(".symver fix_lookup_v2, fix_lookup@@LIBFIX_2.0");
long fix_lookup_v2(const char *key, union dd_value *out)
{
	fix_counter++;
	out->s = key;
	return 1;
}

int fix_stats(struct fix_stats *st)
{
	st->lookups = (uint64_t)fix_counter;
	st->misses = 0;
	st->last = fix_current.owner ? fix_current.owner->hdr : (struct dd_header){ 0 };
	st->on_miss = 0;
	return 0;
}

__attribute__((weak)) int fix_weak_hook(dd_list_t *list)
{
	return list != 0;
}

__attribute__((visibility("protected"))) int fix_protected(enum dd_kind kind)
{
	return (int)kind;
}
