/* SPDX-License-Identifier: MIT */
#include "util/util.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static abidrift_print_fn print_fn;

void abidrift_set_print(abidrift_print_fn fn)
{
	print_fn = fn;
}

static void vprint(enum abidrift_print_level level, const char *fmt, va_list ap)
{
	if (print_fn)
		print_fn(level, fmt, ap);
}

int pr_error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(ABIDRIFT_ERROR, fmt, ap);
	va_end(ap);
	return err > 0 ? -err : err;
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(ABIDRIFT_WARN, fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(ABIDRIFT_INFO, fmt, ap);
	va_end(ap);
}

_Noreturn void bug(const char *file, int line, const char *what)
{
	fprintf(stderr, "abidrift: BUG at %s:%d: %s\n", file, line, what);
	abort();
}

static _Noreturn void oom(size_t n)
{
	fprintf(stderr, "abidrift: fatal: out of memory allocating %zu bytes\n", n);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct dstr s;
	va_list ap;

	dstr_init(&s);
	va_start(ap, fmt);
	dstr_vaddf(&s, fmt, ap);
	va_end(ap);
	return dstr_detach(&s);
}

void grow_array(void **p, size_t *cap, size_t need, size_t elem_size)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem_size)
			oom(SIZE_MAX);
		ncap *= 2;
	}
	*p = xrealloc(*p, ncap * elem_size);
	*cap = ncap;
}

/* dstr */

void dstr_init(struct dstr *s)
{
	s->cap = 64;
	s->len = 0;
	s->buf = xmalloc(s->cap);
	s->buf[0] = '\0';
}

void dstr_release(struct dstr *s)
{
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

void dstr_reset(struct dstr *s)
{
	s->len = 0;
	s->buf[0] = '\0';
}

static void dstr_reserve(struct dstr *s, size_t extra)
{
	if (extra >= SIZE_MAX - s->len - 1)
		oom(SIZE_MAX);
	if (s->len + extra + 1 > s->cap) {
		size_t ncap = s->cap * 2;

		while (ncap < s->len + extra + 1)
			ncap *= 2;
		s->buf = xrealloc(s->buf, ncap);
		s->cap = ncap;
	}
}

void dstr_addn(struct dstr *s, const char *p, size_t n)
{
	dstr_reserve(s, n);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

void dstr_add(struct dstr *s, const char *p)
{
	dstr_addn(s, p, strlen(p));
}

void dstr_addch(struct dstr *s, char c)
{
	dstr_addn(s, &c, 1);
}

void dstr_vaddf(struct dstr *s, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(s->buf + s->len, s->cap - s->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= s->cap - s->len) {
		dstr_reserve(s, (size_t)n);
		vsnprintf(s->buf + s->len, s->cap - s->len, fmt, ap);
	}
	s->len += (size_t)n;
}

void dstr_addf(struct dstr *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dstr_vaddf(s, fmt, ap);
	va_end(ap);
}

void dstr_insert(struct dstr *s, size_t pos, const char *p)
{
	size_t n = strlen(p);

	if (pos > s->len)
		pos = s->len;
	dstr_reserve(s, n);
	memmove(s->buf + pos + n, s->buf + pos, s->len - pos + 1);
	memcpy(s->buf + pos, p, n);
	s->len += n;
}

void dstr_pad(struct dstr *s, size_t col)
{
	size_t line_start = s->len, width;

	while (line_start > 0 && s->buf[line_start - 1] != '\n')
		line_start--;
	width = 0;
	for (size_t i = line_start; i < s->len; i++)
		width += s->buf[i] == '\t' ? 8 - width % 8 : 1;
	while (width < col) {
		dstr_addch(s, ' ');
		width++;
	}
}

char *dstr_detach(struct dstr *s)
{
	char *p = s->buf;

	s->buf = NULL;
	s->len = s->cap = 0;
	return p;
}

/* hashing */

uint64_t hash_bytes(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

uint64_t hash_str(const char *s)
{
	return XXH3_64bits(s, strlen(s));
}

uint64_t hash_combine(uint64_t h, uint64_t v)
{
	/* little-endian, so that hashes stored in baselines do not depend on the host */
	uint64_t buf[2] = { htole64(h), htole64(v) };

	return XXH3_64bits(buf, sizeof(buf));
}

/* hashmap */

static uint64_t mix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

void hashmap_init(struct hashmap *m)
{
	memset(m, 0, sizeof(*m));
}

void hashmap_release(struct hashmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

bool hashmap_get(const struct hashmap *m, uint64_t key, uint64_t *val)
{
	size_t mask, i;

	BUG_ON(key == 0);
	if (!m->cap)
		return false;
	mask = m->cap - 1;
	for (i = mix64(key) & mask;; i = (i + 1) & mask) {
		if (m->keys[i] == key) {
			if (val)
				*val = m->vals[i];
			return true;
		}
		if (m->keys[i] == 0)
			return false;
	}
}

static void hashmap_put(uint64_t *keys, uint64_t *vals, size_t cap, uint64_t key, uint64_t val)
{
	size_t mask = cap - 1, i;

	for (i = mix64(key) & mask; keys[i] && keys[i] != key; i = (i + 1) & mask)
		;
	keys[i] = key;
	vals[i] = val;
}

void hashmap_set(struct hashmap *m, uint64_t key, uint64_t val)
{
	BUG_ON(key == 0);
	if ((m->nr + 1) * 4 > m->cap * 3) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		uint64_t *keys = xcalloc(ncap, sizeof(*keys));
		uint64_t *vals = xcalloc(ncap, sizeof(*vals));

		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i])
				hashmap_put(keys, vals, ncap, m->keys[i], m->vals[i]);
		free(m->keys);
		free(m->vals);
		m->keys = keys;
		m->vals = vals;
		m->cap = ncap;
	}
	if (!hashmap_get(m, key, NULL))
		m->nr++;
	hashmap_put(m->keys, m->vals, m->cap, key, val);
}

/* strset */

int strset_init(struct strset *s)
{
	memset(s, 0, sizeof(*s));
	s->cap = 256;
	s->data = xmalloc(s->cap);
	s->data[0] = '\0';
	s->len = 1;
	s->nr_slots = 256;
	s->slots = xcalloc(s->nr_slots, sizeof(*s->slots));
	return 0;
}

void strset_release(struct strset *s)
{
	free(s->data);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

static void strset_rehash(struct strset *s)
{
	size_t ncap = s->nr_slots * 2, mask = ncap - 1;
	uint32_t *slots = xcalloc(ncap, sizeof(*slots));

	for (size_t i = 0; i < s->nr_slots; i++) {
		uint32_t off;
		size_t j;

		if (!s->slots[i])
			continue;
		off = s->slots[i] - 1;
		for (j = hash_str(s->data + off) & mask; slots[j]; j = (j + 1) & mask)
			;
		slots[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = slots;
	s->nr_slots = ncap;
}

int64_t strset_addn(struct strset *s, const char *str, size_t n)
{
	size_t mask, i;
	uint32_t off;

	if (n == 0)
		return 0;
	/* A name with an embedded NUL is cut there, as C would read it. */
	n = strnlen(str, n);
	if (n == 0)
		return 0;
	if ((s->nr + 1) * 2 > s->nr_slots)
		strset_rehash(s);
	mask = s->nr_slots - 1;
	for (i = hash_bytes(str, n) & mask; s->slots[i]; i = (i + 1) & mask) {
		const char *cand = s->data + s->slots[i] - 1;

		if (strncmp(cand, str, n) == 0 && cand[n] == '\0')
			return s->slots[i] - 1;
	}
	if (s->len + n + 1 > UINT32_MAX - 1)
		return -E2BIG;
	if (s->len + n + 1 > s->cap)
		ARRAY_GROW(s->data, s->cap, s->len + n + 1);
	off = (uint32_t)s->len;
	memcpy(s->data + off, str, n);
	s->data[off + n] = '\0';
	s->len += n + 1;
	s->slots[i] = off + 1;
	s->nr++;
	return off;
}

int64_t strset_add(struct strset *s, const char *str)
{
	return strset_addn(s, str, strlen(str));
}

/* atomic files */

int atomic_file_open(struct atomic_file *af, const char *path)
{
	struct dstr tmp;
	char *dir_copy, *real = NULL;
	const char *dir;
	struct stat st;
	int fd;

	memset(af, 0, sizeof(*af));
	/*
	 * Renaming over a symlink would replace the link: write beside its target instead.
	 * Anything but a regular file (a device, a directory) cannot be replaced atomically.
	 */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		real = realpath(path, NULL);
		if (real)
			path = real;
	}
	if (stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		/* a device or a pipe (/dev/stdout, >(gzip)): nothing to replace, write to it */
		af->fp = fopen(path, "w");
		if (!af->fp) {
			int err = errno;

			err = pr_error(err, "%s: %s", path, strerror(err));
			free(real);
			return err;
		}
		af->path = xstrdup(path);
		free(real);
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		int err = pr_error(EINVAL,
				   "%s: not a regular file; write to a regular file, or to standard "
				   "output without -o",
				   path);

		free(real);
		return err;
	}
	dir_copy = xstrdup(path);
	dir = dirname(dir_copy);
	dstr_init(&tmp);
	dstr_addf(&tmp, "%s/.abidrift-tmp-XXXXXX", dir);
	free(dir_copy);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		int err = errno;

		dstr_release(&tmp);
		err = pr_error(err, "%s: cannot create a temporary file beside it: %s", path,
			       strerror(err));
		free(real);
		return err;
	}
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		int err = errno;

		close(fd);
		unlink(tmp.buf);
		dstr_release(&tmp);
		err = pr_error(err, "%s: %s", path, strerror(err));
		free(real);
		return err;
	}
	af->tmp = dstr_detach(&tmp);
	af->path = xstrdup(path);
	free(real);
	return 0;
}

int atomic_file_commit(struct atomic_file *af)
{
	FILE *fp = af->fp;
	int err = 0;

	if (!fp)
		return pr_error(EINVAL, "%s: already closed", af->path ? af->path : "(output)");
	af->fp = NULL;
	if (!af->tmp) {
		/* written in place: a device or a pipe */
		if (fflush(fp) != 0 || ferror(fp))
			err = errno ? errno : EIO;
		if (fclose(fp) != 0 && !err)
			err = errno ? errno : EIO;
		if (err)
			pr_error(err, "%s: cannot write: %s", af->path, strerror(err));
		free(af->path);
		af->path = NULL;
		return err ? -err : 0;
	}
	/* Keep an existing file's permission bits; a new file gets the umask's. */
	{
		struct stat st;
		mode_t um = umask(0);

		umask(um);
		if (stat(af->path, &st) == 0)
			fchmod(fileno(fp), st.st_mode & 07777);
		else
			fchmod(fileno(fp), 0666 & ~um);
	}
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)
		err = errno ? errno : EIO;
	if (fclose(fp) != 0 && !err)
		err = errno ? errno : EIO;
	if (!err && rename(af->tmp, af->path) != 0)
		err = errno;
	if (err) {
		unlink(af->tmp);
		pr_error(err, "%s: cannot write: %s", af->path, strerror(err));
	}
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
	return err ? -err : 0;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof(*af));
}
