/* SPDX-License-Identifier: MIT */
/*
 * Small utilities shared by every module: diagnostics, checked allocation, a growable
 * string buffer, an interned string set and an open-addressing hash map.
 *
 * Nothing here does I/O except the diagnostic hook, which hands formatted messages to
 * the print callback the program installed (the library itself never writes to stderr).
 */
#ifndef ABIDRIFT_UTIL_H
#define ABIDRIFT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abidrift/abidrift.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define HIDDEN __attribute__((visibility("hidden")))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Broken invariants only; never for bad input. */
#define BUG_ON(cond)                                                                           \
	do {                                                                                   \
		if (cond)                                                                      \
			bug(__FILE__, __LINE__, #cond);                                        \
	} while (0)
_Noreturn void bug(const char *file, int line, const char *what);

/* Diagnostics: "FILE: message" handed to the installed callback. Returns -err. */
int pr_error(int err, const char *fmt, ...) PRINTF(2, 3);
void pr_warn(const char *fmt, ...) PRINTF(1, 2);
void pr_info(const char *fmt, ...) PRINTF(1, 2);

/* Allocation that aborts on exhaustion: out-of-memory is not a recoverable input error. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A new formatted string; aborts on exhaustion like the other x* functions. */
char *xasprintf(const char *fmt, ...) PRINTF(1, 2);
/* Grow *p (holding *cap elements of elem_size) so that it can hold need elements. */
void grow_array(void **p, size_t *cap, size_t need, size_t elem_size);
#define ARRAY_GROW(arr, cap, need) grow_array((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/*
 * Growable NUL-terminated string. Invariant: buf is never NULL after dstr_init,
 * buf[len] == '\0', len < cap.
 */
struct dstr {
	char *buf;
	size_t len;
	size_t cap;
};
void dstr_init(struct dstr *s);
void dstr_release(struct dstr *s);
void dstr_reset(struct dstr *s);
void dstr_addn(struct dstr *s, const char *p, size_t n);
void dstr_add(struct dstr *s, const char *p);
void dstr_addch(struct dstr *s, char c);
void dstr_addf(struct dstr *s, const char *fmt, ...) PRINTF(2, 3);
void dstr_vaddf(struct dstr *s, const char *fmt, va_list ap);
void dstr_insert(struct dstr *s, size_t pos, const char *p);
void dstr_pad(struct dstr *s, size_t col); /* pad with spaces to column col */
char *dstr_detach(struct dstr *s);

/* 64-bit hash of bytes (XXH3). */
uint64_t hash_bytes(const void *p, size_t n);
uint64_t hash_str(const char *s);
uint64_t hash_combine(uint64_t h, uint64_t v);

/*
 * Hash map from 64-bit keys to 64-bit values, open addressing with linear probing.
 * Key 0 is reserved (callers map it elsewhere or never use it).
 */
struct hashmap {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap; /* power of two or 0 */
	size_t nr;
};
void hashmap_init(struct hashmap *m);
void hashmap_release(struct hashmap *m);
/* Returns true and sets *val when found. */
bool hashmap_get(const struct hashmap *m, uint64_t key, uint64_t *val);
/* Inserts or replaces. */
void hashmap_set(struct hashmap *m, uint64_t key, uint64_t val);

/*
 * Interned string set: each distinct string is stored once; offset 0 is "".
 * Offsets stay valid across additions (the data may move, so keep offsets, not pointers).
 */
struct strset {
	char *data;
	size_t len;
	size_t cap;
	uint32_t *slots; /* open addressing: offset + 1, 0 = empty */
	size_t nr_slots; /* power of two */
	size_t nr;
};
int strset_init(struct strset *s);
void strset_release(struct strset *s);
/* Returns the offset of s (added if absent), or -E2BIG when the set would pass 4 GiB. */
int64_t strset_add(struct strset *s, const char *str);
int64_t strset_addn(struct strset *s, const char *str, size_t n);
static inline const char *strset_str(const struct strset *s, uint32_t off)
{
	return off < s->len ? s->data + off : "";
}

/*
 * Write to PATH atomically: temporary in the same directory, rename on success. A
 * symlink is followed to its target; a device or a pipe (/dev/stdout) is written in
 * place (tmp stays NULL), since there is nothing to replace; anything else that is not a
 * regular file is refused.
 */
struct atomic_file {
	char *path;
	char *tmp;
	void *fp; /* FILE * */
};
int atomic_file_open(struct atomic_file *af, const char *path);
/* Flush, fsync, close and rename. On failure the temporary is removed. */
int atomic_file_commit(struct atomic_file *af);
/* Remove the temporary; the destination is untouched. Safe after commit. */
void atomic_file_abort(struct atomic_file *af);

#endif
