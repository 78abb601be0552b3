/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/util: dstr, strset, hashmap, hashing, atomic files, diagnostics.
 * Every dstr operation is followed by an invariant check (buf[len] == '\0', len < cap).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util.h"

/* Diagnostics are captured here; the library must never print by itself. */
static char last_msg[1024];
static int nr_msgs;

static void capture(enum abidrift_print_level level, const char *fmt, va_list ap)
{
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	nr_msgs++;
}

static int setup_capture(void **state)
{
	last_msg[0] = '\0';
	nr_msgs = 0;
	abidrift_set_print(capture);
	return 0;
}

static int teardown_capture(void **state)
{
	abidrift_set_print(NULL);
	return 0;
}


/* dstr */

static void check_dstr(const struct dstr *s)
{
	assert_non_null(s->buf);
	assert_true(s->len < s->cap);
	assert_int_equal(s->buf[s->len], '\0');
	assert_int_equal(strlen(s->buf), s->len);
}

static void test_dstr_init_reset(void **state)
{
	struct dstr s;

	dstr_init(&s);
	check_dstr(&s);
	assert_int_equal(s.len, 0);
	assert_string_equal(s.buf, "");
	dstr_add(&s, "hello");
	check_dstr(&s);
	dstr_reset(&s);
	check_dstr(&s);
	assert_string_equal(s.buf, "");
	dstr_release(&s);
	assert_null(s.buf);
	assert_int_equal(s.len, 0);
	assert_int_equal(s.cap, 0);
}

static void test_dstr_add(void **state)
{
	static const struct {
		const char *parts[6];
		const char *want;
	} cases[] = {
		{ { "" }, "" },
		{ { "a" }, "a" },
		{ { "ab", "", "cd" }, "abcd" },
		{ { "struct ", "foo", " {", "\n" }, "struct foo {\n" },
		/* 63 + 1 bytes: exactly the initial capacity plus the NUL */
		{ { "0123456789012345678901234567890123456789012345678901234567890", "12", "3" },
		  "0123456789012345678901234567890123456789012345678901234567890123" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dstr s;

		dstr_init(&s);
		for (size_t j = 0; j < ARRAY_SIZE(cases[i].parts) && cases[i].parts[j]; j++) {
			dstr_add(&s, cases[i].parts[j]);
			check_dstr(&s);
		}
		assert_string_equal(s.buf, cases[i].want);
		dstr_release(&s);
	}
}

static void test_dstr_addch_addn_growth(void **state)
{
	struct dstr s;
	char want[5000];

	dstr_init(&s);
	for (size_t i = 0; i < sizeof(want) - 1; i++) {
		want[i] = (char)('a' + i % 26);
		if (i % 3)
			dstr_addch(&s, want[i]);
		else
			dstr_addn(&s, &want[i], 1);
		check_dstr(&s);
	}
	want[sizeof(want) - 1] = '\0';
	assert_string_equal(s.buf, want);
	/* addn takes exactly n bytes, not up to a NUL beyond them */
	dstr_reset(&s);
	dstr_addn(&s, "abcdef", 3);
	check_dstr(&s);
	assert_string_equal(s.buf, "abc");
	dstr_addn(&s, "xyz", 0);
	check_dstr(&s);
	assert_string_equal(s.buf, "abc");
	dstr_release(&s);
}

/*
 * Formatted output of every length around the initial capacity and far beyond it, after
 * every prefix length around it: catches off-by-one errors on the truncation boundary.
 */
static void test_dstr_addf_boundaries(void **state)
{
	static char fill[4096], text[400];
	char want[8192];

	memset(fill, 'x', sizeof(fill) - 1);
	for (size_t i = 0; i < sizeof(text) - 1; i++)
		text[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[i % 36];
	for (size_t pre = 0; pre < 140; pre++) {
		for (size_t out = 0; out < 300; out += out < 140 ? 1 : 37) {
			struct dstr s;

			dstr_init(&s);
			dstr_addn(&s, fill, pre);
			check_dstr(&s);
			dstr_addf(&s, "%.*s", (int)out, text);
			check_dstr(&s);
			assert_int_equal(s.len, pre + out);
			snprintf(want, sizeof(want), "%.*s%.*s", (int)pre, fill, (int)out, text);
			assert_string_equal(s.buf, want);
			dstr_release(&s);
		}
	}
}

static void test_dstr_addf_long(void **state)
{
	static char big[3000];
	char want[4000];
	struct dstr s;

	memset(big, 'q', sizeof(big) - 1);
	dstr_init(&s);
	dstr_addf(&s, "%s", "start:");
	check_dstr(&s);
	dstr_addf(&s, "%d/%s/%#llx/%c", -42, big, 0xdeadbeefULL, 'z');
	check_dstr(&s);
	snprintf(want, sizeof(want), "start:%d/%s/%#llx/%c", -42, big, 0xdeadbeefULL, 'z');
	assert_string_equal(s.buf, want);
	assert_int_equal(s.len, strlen(want));
	dstr_addf(&s, "%s", "");
	check_dstr(&s);
	assert_int_equal(s.len, strlen(want));
	dstr_release(&s);
}

static void test_dstr_insert(void **state)
{
	static const struct {
		const char *init;
		size_t pos;
		const char *ins;
		const char *want;
	} cases[] = {
		{ "", 0, "", "" },
		{ "", 0, "abc", "abc" },
		{ "world", 0, "hello ", "hello world" },
		{ "held", 2, "l", "helld" },
		{ "abc", 3, "def", "abcdef" },
		/* positions past the end append */
		{ "abc", 4, "X", "abcX" },
		{ "abc", (size_t)-1, "X", "abcX" },
		{ "abc", 1, "", "abc" },
		/* growth while inserting in the middle */
		{ "<>", 1,
		  "0123456789012345678901234567890123456789012345678901234567890123456789"
		  "0123456789012345678901234567890123456789",
		  "<0123456789012345678901234567890123456789012345678901234567890123456789"
		  "0123456789012345678901234567890123456789>" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dstr s;

		dstr_init(&s);
		dstr_add(&s, cases[i].init);
		dstr_insert(&s, cases[i].pos, cases[i].ins);
		check_dstr(&s);
		assert_string_equal(s.buf, cases[i].want);
		dstr_release(&s);
	}
}

static void test_dstr_insert_repeated(void **state)
{
	struct dstr s;
	char want[2100];
	size_t n = 0;

	/* prepending one character at a time builds the reverse */
	dstr_init(&s);
	for (int i = 0; i < 2000; i++) {
		char one[2] = { (char)('A' + i % 26), '\0' };

		dstr_insert(&s, 0, one);
		check_dstr(&s);
	}
	for (int i = 1999; i >= 0; i--)
		want[n++] = (char)('A' + i % 26);
	want[n] = '\0';
	assert_string_equal(s.buf, want);
	dstr_release(&s);
}

static void test_dstr_pad(void **state)
{
	static const struct {
		const char *init;
		size_t col;
		const char *want;
	} cases[] = {
		{ "", 0, "" },
		{ "", 4, "    " },
		{ "ab", 5, "ab   " },
		{ "abcdef", 3, "abcdef" }, /* already past the column: unchanged */
		{ "abc", 3, "abc" },
		{ "\t", 8, "\t" },
		{ "\t", 10, "\t  " },
		{ "\tx", 12, "\tx   " },
		{ "ab\t", 9, "ab\t " },     /* tab to column 8 */
		{ "abcdefg\t", 9, "abcdefg\t " },
		{ "abcdefgh\t", 17, "abcdefgh\t " }, /* tab at column 8 goes to 16 */
		{ "a\tb\t", 20, "a\tb\t    " },
		{ "\t\t", 16, "\t\t" },
		/* only the last line counts */
		{ "a long first line\nab", 4, "a long first line\nab  " },
		{ "x\n\t", 10, "x\n\t  " },
		{ "x\n", 2, "x\n  " },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dstr s;

		dstr_init(&s);
		dstr_add(&s, cases[i].init);
		dstr_pad(&s, cases[i].col);
		check_dstr(&s);
		assert_string_equal(s.buf, cases[i].want);
		dstr_release(&s);
	}
}

static void test_dstr_pad_growth(void **state)
{
	struct dstr s;

	dstr_init(&s);
	dstr_add(&s, "\tint x;");
	dstr_pad(&s, 500);
	check_dstr(&s);
	assert_int_equal(s.len, 500 - 8 + 1); /* the tab counts as 8 columns, one byte */
	for (size_t i = 7; i < s.len; i++)
		assert_int_equal(s.buf[i], ' ');
	dstr_release(&s);
}

static void test_dstr_detach(void **state)
{
	struct dstr s;
	char *p;

	dstr_init(&s);
	dstr_addf(&s, "%s=%d", "answer", 42);
	p = dstr_detach(&s);
	assert_string_equal(p, "answer=42");
	assert_null(s.buf);
	assert_int_equal(s.len, 0);
	assert_int_equal(s.cap, 0);
	/* release after detach must not free the detached buffer */
	dstr_release(&s);
	assert_string_equal(p, "answer=42");
	free(p);

	/* an empty string detaches as "" (not NULL) */
	dstr_init(&s);
	p = dstr_detach(&s);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);

	/* the struct can be reused after init */
	dstr_init(&s);
	dstr_add(&s, "again");
	check_dstr(&s);
	assert_string_equal(s.buf, "again");
	dstr_release(&s);
}

/* allocation helpers */

static void test_grow_array(void **state)
{
	static const struct {
		size_t cap, need, want_cap;
	} cases[] = {
		{ 0, 0, 0 },   { 0, 1, 16 },   { 0, 16, 16 },  { 0, 17, 32 },
		{ 16, 10, 16 }, { 16, 16, 16 }, { 16, 17, 32 }, { 16, 1000, 1024 },
		{ 24, 25, 48 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t *arr = cases[i].cap ? xcalloc(cases[i].cap, sizeof(*arr)) : NULL;
		size_t cap = cases[i].cap;

		if (cap)
			arr[cap - 1] = 0x1234;
		ARRAY_GROW(arr, cap, cases[i].need);
		assert_int_equal(cap, cases[i].want_cap);
		if (cases[i].cap) {
			/* old contents survive, and the whole new capacity is writable */
			assert_int_equal(arr[cases[i].cap - 1], 0x1234);
			arr[cap - 1] = 1;
		}
		free(arr);
	}
}

static void test_xstrndup(void **state)
{
	char *p = xstrndup("abcdef", 3);

	assert_string_equal(p, "abc");
	free(p);
	p = xstrndup("ab", 0);
	assert_string_equal(p, "");
	free(p);
	p = xstrdup("");
	assert_string_equal(p, "");
	free(p);
}

/* strset */

static void test_strset_empty(void **state)
{
	struct strset s;

	assert_int_equal(strset_init(&s), 0);
	assert_string_equal(strset_str(&s, 0), "");
	assert_int_equal(strset_add(&s, ""), 0);
	assert_int_equal(strset_addn(&s, "abc", 0), 0);
	assert_int_equal(strset_addn(&s, "", 0), 0);
	/* the empty string is not counted as an addition */
	assert_int_equal(s.nr, 0);
	/* out-of-range offsets read as "" rather than past the data */
	assert_string_equal(strset_str(&s, 12345), "");
	assert_string_equal(strset_str(&s, UINT32_MAX), "");
	strset_release(&s);
	assert_null(s.data);
	assert_null(s.slots);
}

static void test_strset_prefixes(void **state)
{
	/* strings sharing prefixes and suffixes must not be confused */
	static const char *const strs[] = {
		"a", "ab", "abc", "abcd", "b", "bc", "abd", "ba", "bcd", "cd", "d",
		"int", "integer", "in", "i", "unsigned int", "unsigned", "unsigned char",
	};
	int64_t offs[ARRAY_SIZE(strs)];
	struct strset s;

	strset_init(&s);
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		offs[i] = strset_add(&s, strs[i]);
		assert_true(offs[i] > 0);
		assert_string_equal(strset_str(&s, (uint32_t)offs[i]), strs[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		for (size_t j = 0; j < i; j++)
			assert_true(offs[i] != offs[j]);
		/* adding again, in another order, gives the same offset */
		assert_int_equal(strset_add(&s, strs[ARRAY_SIZE(strs) - 1 - i]),
				 offs[ARRAY_SIZE(strs) - 1 - i]);
	}
	assert_int_equal(s.nr, ARRAY_SIZE(strs));
	/* a copy in another buffer is the same string */
	{
		char copy[] = "unsigned int";

		assert_int_equal(strset_add(&s, copy), offs[15]);
	}
	strset_release(&s);
}

/*
 * Prefixes added after the longer strings that start with them: a lookup that probes past
 * "abc" while looking for "ab" must not take it for a match.
 */
static void test_strset_prefix_after_longer(void **state)
{
	enum { N = 3000 };
	struct strset s;
	char buf[64];

	strset_init(&s);
	for (int i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "p%d_member_name", i);
		assert_true(strset_add(&s, buf) > 0);
	}
	for (int i = 0; i < N; i++) {
		size_t len;

		snprintf(buf, sizeof(buf), "p%d_member_name", i);
		len = strlen(buf);
		for (size_t n = 1; n < len; n++) {
			int64_t off = strset_addn(&s, buf, n);

			assert_true(off > 0);
			assert_int_equal(strlen(strset_str(&s, (uint32_t)off)), n);
			assert_memory_equal(strset_str(&s, (uint32_t)off), buf, n);
		}
	}
	strset_release(&s);
}

static void test_strset_addn(void **state)
{
	static const struct {
		const char *p;
		size_t n;
		const char *want; /* NULL: offset 0 */
	} cases[] = {
		{ "abcdef", 3, "abc" },
		{ "abc\0def", 7, "abc" }, /* cut at the embedded NUL */
		{ "abc\0xyz", 7, "abc" },
		{ "\0abc", 4, NULL },
		{ "abcdef", 6, "abcdef" },
		{ "abcdef", 1, "a" },
		{ "ab", 2, "ab" },
		{ "abcdef", 0, NULL },
	};
	struct strset s;

	strset_init(&s);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t off = strset_addn(&s, cases[i].p, cases[i].n);

		if (!cases[i].want) {
			assert_int_equal(off, 0);
			continue;
		}
		assert_true(off > 0);
		assert_string_equal(strset_str(&s, (uint32_t)off), cases[i].want);
		/* the same as adding the NUL-terminated string */
		assert_int_equal(strset_add(&s, cases[i].want), off);
	}
	/* "abc", "abcdef", "a", "ab" */
	assert_int_equal(s.nr, 4);
	strset_release(&s);
}

static void test_strset_many(void **state)
{
	enum { N = 20000 };
	int64_t *offs = xcalloc(N, sizeof(*offs));
	size_t init_cap, init_slots;
	struct strset s;
	char buf[64];

	strset_init(&s);
	init_cap = s.cap;
	init_slots = s.nr_slots;
	for (int i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "%s_%d", i % 2 ? "member" : "m", i);
		offs[i] = strset_add(&s, buf);
		assert_true(offs[i] > 0);
		/* an earlier offset stays valid across data growth and rehashing */
		if (i % 997 == 0 && i) {
			snprintf(buf, sizeof(buf), "%s_%d", (i / 2) % 2 ? "member" : "m", i / 2);
			assert_string_equal(strset_str(&s, (uint32_t)offs[i / 2]), buf);
		}
	}
	assert_int_equal(s.nr, N);
	assert_true(s.cap > init_cap);
	assert_true(s.nr_slots > init_slots);
	assert_true(s.nr * 2 <= s.nr_slots);
	for (int i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "%s_%d", i % 2 ? "member" : "m", i);
		assert_string_equal(strset_str(&s, (uint32_t)offs[i]), buf);
		assert_int_equal(strset_add(&s, buf), offs[i]);
	}
	assert_int_equal(s.nr, N);
	/* distinct strings, distinct offsets: offsets are strictly increasing in order added */
	for (int i = 1; i < N; i++)
		assert_true(offs[i] > offs[i - 1]);
	strset_release(&s);
	free(offs);
}

/* hashmap */

static void test_hashmap_basic(void **state)
{
	static const struct {
		uint64_t key, val;
	} ops[] = {
		{ 1, 100 }, { 2, 200 }, { 3, 300 }, { UINT64_MAX, 7 }, { 2, 201 },
		{ 1ULL << 63, 0 }, { 42, UINT64_MAX }, { 3, 0 },
	};
	static const struct {
		uint64_t key;
		bool found;
		uint64_t val;
	} want[] = {
		{ 1, true, 100 },        { 2, true, 201 },          { 3, true, 0 },
		{ UINT64_MAX, true, 7 }, { 1ULL << 63, true, 0 },   { 42, true, UINT64_MAX },
		{ 4, false, 0 },         { UINT64_MAX - 1, false, 0 }, { 1ULL << 62, false, 0 },
	};
	struct hashmap m;
	uint64_t v;

	hashmap_init(&m);
	/* an empty map has no storage and finds nothing */
	assert_false(hashmap_get(&m, 1, &v));
	assert_false(hashmap_get(&m, 1, NULL));
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		hashmap_set(&m, ops[i].key, ops[i].val);
	/* replacing does not count as a new entry */
	assert_int_equal(m.nr, 6);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		v = 0xabababab;
		assert_int_equal(hashmap_get(&m, want[i].key, &v), want[i].found);
		if (want[i].found)
			assert_int_equal(v, want[i].val);
		else
			assert_int_equal(v, 0xabababab); /* untouched when absent */
		assert_int_equal(hashmap_get(&m, want[i].key, NULL), want[i].found);
	}
	hashmap_release(&m);
	assert_int_equal(m.cap, 0);
	assert_int_equal(m.nr, 0);
	assert_false(hashmap_get(&m, 1, NULL));
	/* release of a never-used map is fine */
	hashmap_init(&m);
	hashmap_release(&m);
}

/* Key generators: sequential, colliding in the low 8, 16, 32 bits, and pseudo-random. */
static uint64_t key_seq(uint64_t i)
{
	return i + 1;
}

static uint64_t key_low8(uint64_t i)
{
	return (i + 1) << 8;
}

static uint64_t key_low16(uint64_t i)
{
	return (i + 1) << 16;
}

static uint64_t key_low32(uint64_t i)
{
	return (i + 1) << 32 | 0x5a;
}

static uint64_t key_high(uint64_t i)
{
	/* same low 48 bits for all keys */
	return (i + 1) << 48 | 0x123456789abcULL;
}

static uint64_t key_rand(uint64_t i)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ULL;

	return x ^ (x >> 29) ? x ^ (x >> 29) : 1;
}

static void test_hashmap_many(void **state)
{
	static const struct {
		const char *what;
		uint64_t (*key)(uint64_t);
		uint64_t n;
	} gens[] = {
		{ "sequential", key_seq, 100000 },
		{ "low 8 bits equal", key_low8, 50000 },
		{ "low 16 bits equal", key_low16, 50000 },
		{ "low 32 bits equal", key_low32, 50000 },
		{ "low 48 bits equal", key_high, 60000 },
		{ "pseudo-random", key_rand, 100000 },
	};

	for (size_t g = 0; g < ARRAY_SIZE(gens); g++) {
		uint64_t (*key)(uint64_t) = gens[g].key;
		uint64_t n = gens[g].n, v;
		struct hashmap m;

		hashmap_init(&m);
		for (uint64_t i = 0; i < n; i++) {
			hashmap_set(&m, key(i), i * 3);
			if (i == 40) /* before any growth: still there after */
				assert_true(hashmap_get(&m, key(0), &v) && v == 0);
		}
		assert_int_equal(m.nr, n);
		/* the map keeps its load factor at or below 3/4 */
		assert_true(m.nr * 4 <= m.cap * 3);
		assert_true((m.cap & (m.cap - 1)) == 0);
		for (uint64_t i = 0; i < n; i++) {
			if (!hashmap_get(&m, key(i), &v))
				fail_msg("%s: key %llu (#%llu) lost", gens[g].what,
					 (unsigned long long)key(i), (unsigned long long)i);
			assert_int_equal(v, i * 3);
		}
		/* replace every other value; the count stays */
		for (uint64_t i = 0; i < n; i += 2)
			hashmap_set(&m, key(i), ~i);
		assert_int_equal(m.nr, n);
		for (uint64_t i = 0; i < n; i++) {
			assert_true(hashmap_get(&m, key(i), &v));
			assert_int_equal(v, i % 2 ? i * 3 : ~i);
		}
		/* keys never added are absent */
		for (uint64_t i = n; i < n + 1000; i++)
			assert_false(hashmap_get(&m, key(i), NULL));
		hashmap_release(&m);
	}
}

static void set_key_zero(void)
{
	struct hashmap m;

	hashmap_init(&m);
	hashmap_set(&m, 0, 1);
}

static void get_key_zero(void)
{
	struct hashmap m;

	hashmap_init(&m);
	hashmap_set(&m, 5, 1);
	hashmap_get(&m, 0, NULL);
}

static void test_hashmap_key_zero(void **state)
{
	/* key 0 marks empty slots: using it is a caller bug, caught loudly */
	assert_true(aborts(set_key_zero));
	assert_true(aborts(get_key_zero));
}

/* hashing */

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void test_hash_bytes(void **state)
{
	static const char *const strs[] = {
		"", "a", "b", "ab", "ba", "struct foo", "struct fop", "struct foo ",
		"0123456789012345678901234567890123456789012345678901234567890123456789",
		"0123456789012345678901234567890123456789012345678901234567890123456788",
	};
	uint64_t h[ARRAY_SIZE(strs)];

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		char copy[128];

		h[i] = hash_bytes(strs[i], strlen(strs[i]));
		/* same bytes elsewhere in memory, same hash; hash_str agrees */
		strcpy(copy, strs[i]);
		assert_int_equal(hash_bytes(copy, strlen(copy)), h[i]);
		assert_int_equal(hash_str(strs[i]), h[i]);
		for (size_t j = 0; j < i; j++)
			assert_true(h[i] != h[j]);
	}
	/*
	 * Fingerprints are committed in baselines, so the hash must not change between
	 * runs, builds or library versions: XXH3-64 of the empty input, seed 0.
	 */
	assert_int_equal(hash_bytes("", 0), 0x2D06800538D394C2ULL);
	/* the length matters, not just the bytes up to a NUL */
	assert_true(hash_bytes("a\0", 2) != hash_bytes("a", 1));
}

static void test_hash_combine(void **state)
{
	static const uint64_t vals[] = { 0, 1, 2, 0xffffffffULL, 1ULL << 32, UINT64_MAX,
					 0x0123456789abcdefULL };

	for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(vals); j++) {
			uint64_t a = vals[i], b = vals[j];
			unsigned char bytes[16];

			assert_int_equal(hash_combine(a, b), hash_combine(a, b));
			if (a != b)
				assert_true(hash_combine(a, b) != hash_combine(b, a));
			/*
			 * The result is the hash of both values as little-endian bytes, so a
			 * fingerprint computed on any host matches one computed on x86_64.
			 */
			put_le64(bytes, a);
			put_le64(bytes + 8, b);
			assert_int_equal(hash_combine(a, b), hash_bytes(bytes, sizeof(bytes)));
		}
	}
	/* chains are order-sensitive */
	assert_true(hash_combine(hash_combine(0, 1), 2) != hash_combine(hash_combine(0, 2), 1));
}

/* diagnostics */

static void test_pr_error(void **state)
{
	assert_int_equal(pr_error(ENOENT, "%s: no such thing", "x.o"), -ENOENT);
	assert_string_equal(last_msg, "x.o: no such thing");
	/* a negative errno is passed through, not negated twice */
	assert_int_equal(pr_error(-EINVAL, "%s: bad %d", "y.o", 3), -EINVAL);
	assert_string_equal(last_msg, "y.o: bad 3");
	pr_warn("%s: odd", "z.o");
	assert_string_equal(last_msg, "z.o: odd");
	pr_info("%d dies", 12);
	assert_string_equal(last_msg, "12 dies");
	assert_int_equal(nr_msgs, 4);
	/* without a callback nothing is delivered (and nothing is printed) */
	abidrift_set_print(NULL);
	assert_int_equal(pr_error(EIO, "quiet"), -EIO);
	assert_int_equal(nr_msgs, 4);
}

/* atomic files */

static char tmpdir[64];

static int setup_tmpdir(void **state)
{
	setup_capture(state);
	strcpy(tmpdir, "/tmp/abidrift-test-util-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			remove_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	return rmdir(dir);
}

static int teardown_tmpdir(void **state)
{
	teardown_capture(state);
	return remove_tree(tmpdir);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void check_file(const char *path, const char *want)
{
	char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	assert_string_equal(buf, want);
}

static void test_atomic_commit(void **state)
{
	static const struct {
		const char *old;  /* NULL: no file before */
		mode_t old_mode;
		const char *text;
		mode_t want_mode; /* 0: 0666 & ~umask */
	} cases[] = {
		{ NULL, 0, "fresh\n", 0 },
		{ "old content that is longer than the new one\n", 0644, "new\n", 0644 },
		{ "old\n", 0600, "", 0600 },
		{ "old\n", 0640, "{\n  \"abidrift\": 1\n}\n", 0640 },
	};
	char path[128];
	mode_t um = umask(022);

	snprintf(path, sizeof(path), "%s/baseline.json", tmpdir);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct atomic_file af;
		struct stat st;

		unlink(path);
		if (cases[i].old)
			write_file(path, cases[i].old, cases[i].old_mode);
		assert_int_equal(atomic_file_open(&af, path), 0);
		assert_non_null(af.fp);
		/* the temporary sits beside the destination */
		assert_int_equal(count_entries(tmpdir), cases[i].old ? 2 : 1);
		assert_int_equal(strncmp(af.tmp, tmpdir, strlen(tmpdir)), 0);
		fputs(cases[i].text, af.fp);
		/* nothing reaches the destination before the commit */
		if (cases[i].old)
			check_file(path, cases[i].old);
		else
			assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(atomic_file_commit(&af), 0);
		check_file(path, cases[i].text);
		assert_int_equal(count_entries(tmpdir), 1);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777,
				 cases[i].want_mode ? cases[i].want_mode : 0644);
		/* abort after commit is harmless and keeps the file */
		atomic_file_abort(&af);
		check_file(path, cases[i].text);
	}
	umask(um);
}

static void test_atomic_abort(void **state)
{
	static const char *const olds[] = { NULL, "precious\n" };
	char path[128];

	snprintf(path, sizeof(path), "%s/out.json", tmpdir);
	for (size_t i = 0; i < ARRAY_SIZE(olds); i++) {
		struct atomic_file af;

		unlink(path);
		if (olds[i])
			write_file(path, olds[i], 0644);
		assert_int_equal(atomic_file_open(&af, path), 0);
		fputs("half-written garbage", af.fp);
		fflush(af.fp);
		atomic_file_abort(&af);
		assert_null(af.fp);
		assert_null(af.tmp);
		if (olds[i]) {
			check_file(path, olds[i]);
			assert_int_equal(count_entries(tmpdir), 1);
		} else {
			assert_int_equal(access(path, F_OK), -1);
			assert_int_equal(count_entries(tmpdir), 0);
		}
		/* a second abort is a no-op */
		atomic_file_abort(&af);
	}
}

static void test_atomic_open_fails(void **state)
{
	static const char *const subpaths[] = {
		"missing/out.json",
		"missing/deeper/out.json",
	};
	char path[256];

	for (size_t i = 0; i < ARRAY_SIZE(subpaths); i++) {
		struct atomic_file af;

		snprintf(path, sizeof(path), "%s/%s", tmpdir, subpaths[i]);
		nr_msgs = 0;
		assert_int_equal(atomic_file_open(&af, path), -ENOENT);
		assert_null(af.fp);
		assert_null(af.tmp);
		assert_null(af.path);
		/* the error names the file and is reported once */
		assert_int_equal(nr_msgs, 1);
		assert_non_null(strstr(last_msg, path));
		/* abort after a failed open is safe */
		atomic_file_abort(&af);
	}
	/* a regular file used as a directory */
	{
		struct atomic_file af;

		snprintf(path, sizeof(path), "%s/file", tmpdir);
		write_file(path, "x", 0644);
		snprintf(path, sizeof(path), "%s/file/out.json", tmpdir);
		assert_int_equal(atomic_file_open(&af, path), -ENOTDIR);
		atomic_file_abort(&af);
	}
	assert_int_equal(count_entries(tmpdir), 1);
}

static void test_atomic_commit_fails(void **state)
{
	struct atomic_file af;
	char path[128];
	struct stat st;

	/* the destination is a directory: refused up front, nothing is left behind */
	snprintf(path, sizeof(path), "%s/adir", tmpdir);
	assert_int_equal(mkdir(path, 0755), 0);
	nr_msgs = 0;
	assert_int_equal(atomic_file_open(&af, path), -EINVAL);
	assert_int_equal(nr_msgs, 1);
	assert_non_null(strstr(last_msg, path));
	assert_non_null(strstr(last_msg, "not a regular file"));
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(count_entries(tmpdir), 1);
	assert_null(af.fp);
	assert_null(af.tmp);
	atomic_file_abort(&af);

	/* a device is written in place and stays a device; a full one is an error */
	assert_int_equal(atomic_file_open(&af, "/dev/null"), 0);
	assert_null(af.tmp);
	fputs("data", af.fp);
	assert_int_equal(atomic_file_commit(&af), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(atomic_file_open(&af, "/dev/full"), 0);
	fputs("data", af.fp);
	nr_msgs = 0;
	assert_int_equal(atomic_file_commit(&af), -ENOSPC);
	assert_int_equal(nr_msgs, 1);
	assert_non_null(strstr(last_msg, "/dev/full"));

	/* through a symlink: the link stays, its target gets the new content */
	{
		char link[160], target[160];
		FILE *f;

		snprintf(target, sizeof(target), "%s/target", tmpdir);
		snprintf(link, sizeof(link), "%s/link", tmpdir);
		f = fopen(target, "w");
		assert_non_null(f);
		fputs("old", f);
		fclose(f);
		assert_int_equal(symlink("target", link), 0);
		assert_int_equal(atomic_file_open(&af, link), 0);
		fputs("new", af.fp);
		assert_int_equal(atomic_file_commit(&af), 0);
		assert_int_equal(lstat(link, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		check_file(target, "new");
		assert_int_equal(unlink(link), 0);
		assert_int_equal(unlink(target), 0);
	}

	/* a second commit reports an error instead of crashing */
	snprintf(path, sizeof(path), "%s/twice", tmpdir);
	assert_int_equal(atomic_file_open(&af, path), 0);
	assert_int_equal(atomic_file_commit(&af), 0);
	assert_int_equal(atomic_file_commit(&af), -EINVAL);
	check_file(path, "");
	assert_int_equal(count_entries(tmpdir), 2);
}

static void test_atomic_relative(void **state)
{
	struct atomic_file af;
	char cwd[512];

	/* a bare file name puts the temporary in the current directory */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(tmpdir), 0);
	assert_int_equal(atomic_file_open(&af, "rel.json"), 0);
	assert_int_equal(count_entries("."), 1);
	fputs("relative\n", af.fp);
	assert_int_equal(atomic_file_commit(&af), 0);
	check_file("rel.json", "relative\n");
	assert_int_equal(count_entries("."), 1);
	assert_int_equal(chdir(cwd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dstr_init_reset),
		cmocka_unit_test(test_dstr_add),
		cmocka_unit_test(test_dstr_addch_addn_growth),
		cmocka_unit_test(test_dstr_addf_boundaries),
		cmocka_unit_test(test_dstr_addf_long),
		cmocka_unit_test(test_dstr_insert),
		cmocka_unit_test(test_dstr_insert_repeated),
		cmocka_unit_test(test_dstr_pad),
		cmocka_unit_test(test_dstr_pad_growth),
		cmocka_unit_test(test_dstr_detach),
		cmocka_unit_test(test_grow_array),
		cmocka_unit_test(test_xstrndup),
		cmocka_unit_test(test_strset_empty),
		cmocka_unit_test(test_strset_prefixes),
		cmocka_unit_test(test_strset_prefix_after_longer),
		cmocka_unit_test(test_strset_addn),
		cmocka_unit_test(test_strset_many),
		cmocka_unit_test(test_hashmap_basic),
		cmocka_unit_test(test_hashmap_many),
		cmocka_unit_test(test_hashmap_key_zero),
		cmocka_unit_test(test_hash_bytes),
		cmocka_unit_test(test_hash_combine),
		cmocka_unit_test_setup_teardown(test_pr_error, setup_capture, teardown_capture),
		cmocka_unit_test_setup_teardown(test_atomic_commit, setup_tmpdir,
						teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_atomic_abort, setup_tmpdir,
						teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_atomic_open_fails, setup_tmpdir,
						teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_atomic_commit_fails, setup_tmpdir,
						teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_atomic_relative, setup_tmpdir,
						teardown_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
