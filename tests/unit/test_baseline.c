/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/baseline: corpora built through the model API are written, read back
 * and written again, and the two writes must be byte-identical; malformed baselines (from
 * testdata/baseline/ and inline) must fail with the right code and a message that names
 * the file and the problem; truncated and mutated baselines must never crash the reader.
 *
 * Run from the top of the source tree, or set ABIDRIFT_SRCDIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline.h"

/* Diagnostics, all of them, one per line; the library must never print by itself. */
static char msgs[4096];
static int nr_msgs;

static void capture(enum abidrift_print_level level, const char *fmt, va_list ap)
{
	size_t len = strlen(msgs);

	if (len + 2 < sizeof(msgs)) {
		vsnprintf(msgs + len, sizeof(msgs) - len - 1, fmt, ap);
		strcat(msgs, "\n");
	}
	nr_msgs++;
}

static int setup(void **state)
{
	msgs[0] = '\0';
	nr_msgs = 0;
	abidrift_set_print(capture);
	return 0;
}

static int teardown(void **state)
{
	abidrift_set_print(NULL);
	return 0;
}

static void assert_msg_has(const char *want)
{
	if (!strstr(msgs, want))
		fail_msg("message lacks \"%s\"; messages were:\n%s", want, msgs);
}

static const char *srcdir(void)
{
	const char *d = getenv("ABIDRIFT_SRCDIR");

	return d && *d ? d : ".";
}

static char *data_path(const char *name)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/testdata/baseline/%s", srcdir(), name);
	return buf;
}

/* Writing ----------------------------------------------------------------------------- */

static char *write_str(const struct corpus *c, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	int err;

	assert_non_null(fp);
	err = baseline_write(c, fp);
	if (err)
		fail_msg("baseline_write: %d; messages:\n%s", err, msgs);
	assert_int_equal(fclose(fp), 0);
	*len = n;
	return buf;
}

static struct corpus *read_str(const char *text, size_t len)
{
	struct corpus *c = NULL;
	int err = baseline_read_mem("mem.json", text, len, &c);

	if (err)
		fail_msg("baseline_read_mem: %d; messages:\n%s\ninput:\n%s", err, msgs, text);
	assert_non_null(c);
	return c;
}

/*
 * Finalize C, write it, read that back and write again: the bytes must be identical.
 * Returns the text of the first write and the corpus read from it.
 */
static struct corpus *round_trip(struct corpus *c, char **text)
{
	size_t len1, len2;
	char *one, *two;
	struct corpus *back;
	int err = corpus_finalize(c);

	if (err)
		fail_msg("corpus_finalize: %d; messages:\n%s", err, msgs);
	one = write_str(c, &len1);
	assert_true(len1 > 0 && one[len1 - 1] == '\n');
	back = read_str(one, len1);
	two = write_str(back, &len2);
	if (len1 != len2 || memcmp(one, two, len1) != 0)
		fail_msg("round trip changed the baseline:\n--- first\n%s--- second\n%s", one, two);
	assert_int_equal(back->nr_types, c->nr_types);
	assert_int_equal(back->nr_syms, c->nr_syms);
	free(two);
	*text = one;
	return back;
}

/* Building corpora -------------------------------------------------------------------- */

static struct corpus *new_corpus(uint16_t machine, uint8_t elf_class, uint8_t order)
{
	struct corpus *c = corpus_new("test.o");

	target_init(&c->target, machine, elf_class, order);
	c->file_kind = FILE_RELOCATABLE;
	return c;
}

static uint32_t add(struct corpus *c, enum type_kind kind, const char *name, uint32_t ref,
		    uint64_t size, uint32_t flags)
{
	int64_t id = corpus_add_type(c, kind, name);
	struct type *t;

	assert_true(id > 0);
	t = corpus_type(c, (uint32_t)id);
	t->ref_id = ref;
	t->size = size;
	t->flags = flags;
	return (uint32_t)id;
}

static uint32_t add_array(struct corpus *c, uint32_t elem, uint64_t count, uint64_t size,
			  uint32_t flags)
{
	uint32_t id = add(c, KIND_ARRAY, NULL, elem, size, flags);

	corpus_type(c, id)->nr_elems = count;
	return id;
}

static struct symbol *add_sym(struct corpus *c, const char *name, const char *version,
			      bool dflt, enum sym_kind kind, uint32_t type_id)
{
	struct symbol *s = corpus_add_symbol(c);

	s->name_off = corpus_str(c, name);
	s->version_off = corpus_str(c, version);
	s->default_version = dflt;
	s->kind = kind;
	s->binding = BIND_GLOBAL;
	s->visibility = VIS_DEFAULT;
	s->type_id = type_id;
	s->size = kind == SYM_FUNC ? 64 : 4;
	return s;
}

static void build_ints(struct corpus *c)
{
	add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	add(c, KIND_INT, "unsigned int", 0, 4, 0);
	add(c, KIND_INT, "char", 0, 1, TF_SIGNED | TF_CHAR);
	add(c, KIND_INT, "unsigned char", 0, 1, TF_CHAR);
	add(c, KIND_INT, "_Bool", 0, 1, TF_BOOL);
	add(c, KIND_INT, "long", 0, 8, TF_SIGNED);
	add(c, KIND_INT, "__int128", 0, 16, TF_SIGNED);
}

static void build_floats(struct corpus *c)
{
	add(c, KIND_FLOAT, "float", 0, 4, 0);
	add(c, KIND_FLOAT, "double", 0, 8, 0);
	add(c, KIND_FLOAT, "long double", 0, 16, 0);
	add(c, KIND_FLOAT, "complex float", 0, 8, TF_COMPLEX);
	add(c, KIND_FLOAT, "complex double", 0, 16, TF_COMPLEX);
}

static void build_pointers_arrays(struct corpus *c)
{
	uint32_t i = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	uint32_t ch = add(c, KIND_INT, "char", 0, 1, TF_SIGNED | TF_CHAR);
	uint32_t row;

	add(c, KIND_PTR, NULL, i, 8, 0);
	add(c, KIND_PTR, NULL, 0, 8, 0); /* void * */
	add_array(c, ch, 16, 16, 0);
	row = add_array(c, i, 3, 12, 0);
	add_array(c, row, 2, 24, 0);
	add_array(c, i, 0, 0, TF_FLEXIBLE);
	add_array(c, ch, 0, 0, 0); /* GNU [0] */
}

static void build_structs(struct corpus *c)
{
	uint32_t i = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	uint32_t ch = add(c, KIND_INT, "char", 0, 1, TF_SIGNED | TF_CHAR);
	uint32_t l = add(c, KIND_INT, "long", 0, 8, TF_SIGNED);
	uint32_t f = add(c, KIND_FLOAT, "float", 0, 4, 0);
	uint32_t tail = add_array(c, ch, 0, 0, TF_FLEXIBLE);
	uint32_t u, s;

	u = add(c, KIND_UNION, NULL, 0, 4, 0);
	corpus_add_member(c, "x", i, 0, 0);
	corpus_add_member(c, "y", f, 0, 0);

	s = add(c, KIND_STRUCT, "msg", 0, 24, 0);
	corpus_type(c, s)->file_off = corpus_str(c, "include/msg.h");
	corpus_type(c, s)->line = 12;
	corpus_add_member(c, "a", ch, 0, 0);
	corpus_add_member(c, "b", i, 8, 3);
	corpus_add_member(c, "c", i, 11, 5);
	corpus_add_member(c, "d", l, 64, 0);
	corpus_add_member(c, NULL, u, 128, 0); /* anonymous union */
	corpus_add_member(c, "tail", tail, 160, 0);

	/* packed: an int at byte 1 */
	s = add(c, KIND_STRUCT, "packed", 0, 5, TF_PACKED);
	corpus_type(c, s)->align = 1;
	corpus_add_member(c, "tag", ch, 0, 0);
	corpus_add_member(c, "val", i, 8, 0);

	/* __attribute__((aligned(16))) */
	s = add(c, KIND_STRUCT, "wide", 0, 16, TF_ALIGNED);
	corpus_type(c, s)->align = 16;
	corpus_add_member(c, "v", i, 0, 0);

	u = add(c, KIND_UNION, "either", 0, 8, 0);
	corpus_add_member(c, "n", l, 0, 0);
	corpus_add_member(c, "c", ch, 0, 0);

	add(c, KIND_STRUCT, "empty", 0, 0, 0);
}

static void build_enums(struct corpus *c)
{
	add(c, KIND_ENUM, "sign", 0, 8, TF_SIGNED);
	corpus_add_enumerator(c, "S_MIN", (uint64_t)INT64_MIN);
	corpus_add_enumerator(c, "S_NEG", (uint64_t)-5);
	corpus_add_enumerator(c, "S_ZERO", 0);
	corpus_add_enumerator(c, "S_MAX", INT64_MAX);

	add(c, KIND_ENUM, "big", 0, 8, 0);
	corpus_add_enumerator(c, "B_ZERO", 0);
	corpus_add_enumerator(c, "B_I64MAX", INT64_MAX);
	corpus_add_enumerator(c, "B_HIGH", 1ull << 63);
	corpus_add_enumerator(c, "B_MAX", UINT64_MAX);

	add(c, KIND_ENUM, "small", 0, 1, 0); /* __attribute__((packed)) */
	corpus_add_enumerator(c, "SM_A", 1);
	corpus_add_enumerator(c, "SM_B", 255);

	add(c, KIND_ENUM, NULL, 0, 4, TF_SIGNED); /* anonymous */
	corpus_add_enumerator(c, "ANON_ONE", 1);

	add(c, KIND_ENUM, "none", 0, 4, 0); /* no enumerators */
}

static void build_fwds_typedefs(struct corpus *c)
{
	uint32_t i = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	uint32_t fs = add(c, KIND_FWD, "opaque", 0, 0, 0);
	uint32_t id;

	add(c, KIND_FWD, "u_opaque", 0, 0, TF_FWD_UNION);
	add(c, KIND_FWD, "e_opaque", 0, 0, TF_FWD_ENUM);
	add(c, KIND_TYPEDEF, "myint", i, 0, 0);
	add(c, KIND_TYPEDEF, "opaque_t", fs, 0, 0);
	add(c, KIND_TYPEDEF, "vtype", 0, 0, 0); /* typedef void vtype */
	id = add(c, KIND_TYPEDEF, "aligned_int", i, 0, TF_ALIGNED);
	corpus_type(c, id)->align = 16;
}

static void build_qualifiers(struct corpus *c)
{
	uint32_t i = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	uint32_t ci = add(c, KIND_CONST, NULL, i, 0, 0);
	uint32_t p;

	add(c, KIND_VOLATILE, NULL, ci, 0, 0);
	p = add(c, KIND_PTR, NULL, i, 8, 0);
	add(c, KIND_RESTRICT, NULL, p, 0, 0);
	add(c, KIND_ATOMIC, NULL, i, 0, 0);
	add(c, KIND_CONST, NULL, 0, 0, 0); /* const void */
}

static void build_functions(struct corpus *c)
{
	uint32_t i = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	uint32_t ch = add(c, KIND_INT, "char", 0, 1, TF_SIGNED | TF_CHAR);
	uint32_t cch = add(c, KIND_CONST, NULL, ch, 0, 0);
	uint32_t str = add(c, KIND_PTR, NULL, cch, 8, 0);
	uint32_t proto, vproto, kr, vv, fn, var;
	struct symbol *s;

	proto = add(c, KIND_FUNC_PROTO, NULL, i, 0, 0);
	corpus_add_param(c, "name", str);
	corpus_add_param(c, NULL, i);
	vproto = add(c, KIND_FUNC_PROTO, NULL, i, 0, TF_VARIADIC);
	corpus_add_param(c, "fmt", str);
	kr = add(c, KIND_FUNC_PROTO, NULL, i, 0, TF_UNPROTOTYPED);
	vv = add(c, KIND_FUNC_PROTO, NULL, 0, 0, 0); /* void (void) */
	add(c, KIND_PTR, NULL, vv, 8, 0);

	fn = add(c, KIND_FUNC, "lookup", proto, 0, 0);
	add_sym(c, "lookup", "LIB_2.0", true, SYM_FUNC, fn);
	add_sym(c, "lookup", "LIB_1.0", false, SYM_FUNC, fn);
	fn = add(c, KIND_FUNC, "say", vproto, 0, 0);
	s = add_sym(c, "say", NULL, false, SYM_FUNC, fn);
	s->binding = BIND_WEAK;
	fn = add(c, KIND_FUNC, "old", kr, 0, 0);
	s = add_sym(c, "old", NULL, false, SYM_IFUNC, fn);
	s->visibility = VIS_PROTECTED;
	fn = add(c, KIND_FUNC, "nothing", vv, 0, 0);
	add_sym(c, "nothing", NULL, false, SYM_FUNC, fn);

	var = add(c, KIND_VAR, "counter", i, 0, 0);
	s = add_sym(c, "counter", NULL, false, SYM_VAR, var);
	s->binding = BIND_UNIQUE;
	var = add(c, KIND_VAR, "per_thread", i, 0, 0);
	add_sym(c, "per_thread", NULL, false, SYM_TLS, var);
	add_sym(c, "no_debug_info", NULL, false, SYM_FUNC, 0);
	add_sym(c, "aardvark", NULL, false, SYM_VAR, 0); /* sorts first */
}

static void build_recursive(struct corpus *c)
{
	uint32_t i = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	uint32_t p, node, pa, pb, a, b;

	/* struct node { struct node *next; int val; }: the pointer exists before the struct */
	p = add(c, KIND_PTR, NULL, 0, 8, 0);
	node = add(c, KIND_STRUCT, "node", 0, 16, 0);
	corpus_add_member(c, "next", p, 0, 0);
	corpus_add_member(c, "val", i, 64, 0);
	corpus_type(c, p)->ref_id = node;

	/* struct a { struct b *b; }; struct b { struct a *a; }; */
	pa = add(c, KIND_PTR, NULL, 0, 8, 0);
	pb = add(c, KIND_PTR, NULL, 0, 8, 0);
	a = add(c, KIND_STRUCT, "a", 0, 8, 0);
	corpus_add_member(c, "b", pb, 0, 0);
	b = add(c, KIND_STRUCT, "b", 0, 8, 0);
	corpus_add_member(c, "a", pa, 0, 0);
	corpus_type(c, pa)->ref_id = a;
	corpus_type(c, pb)->ref_id = b;
}

static void build_shared_be32(struct corpus *c)
{
	uint32_t l = add(c, KIND_INT, "long", 0, 4, TF_SIGNED);
	uint32_t s, v;

	target_init(&c->target, EM_PPC, 32, ORDER_BIG);
	c->file_kind = FILE_SHARED;
	c->soname_off = corpus_str(c, "libx.so.1");
	s = add(c, KIND_STRUCT, "ts", 0, 8, 0);
	corpus_add_member(c, "sec", l, 0, 0);
	corpus_add_member(c, "nsec", l, 32, 0);
	v = add(c, KIND_VAR, "now", s, 0, 0);
	add_sym(c, "now", "X_1", true, SYM_VAR, v)->size = 8;
}

static void build_other_data_model(struct corpus *c)
{
	/* x32: ELFCLASS32 on x86_64, and a long_size that target_init would not guess */
	target_init(&c->target, EM_X86_64, 32, ORDER_LITTLE);
	c->target.long_size = 8;
	c->file_kind = FILE_EXECUTABLE;
	add(c, KIND_INT, "long", 0, 8, TF_SIGNED);
}

static void build_unknown_file_kind(struct corpus *c)
{
	c->file_kind = FILE_UNKNOWN;
	add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
}

static void build_empty(struct corpus *c)
{
}

struct rt_case {
	const char *name;
	void (*build)(struct corpus *c);
	const char *const expect[6]; /* fragments the written baseline must contain */
};

static const struct rt_case rt_cases[] = {
	{ "ints", build_ints, { "\"char\": true", "\"bool\": true", "\"signed\": false",
				"\"size\": 16" } },
	{ "floats", build_floats, { "\"complex\": true", "\"kind\": \"float\"" } },
	{ "pointers and arrays", build_pointers_arrays,
	  { "\"type\": \"void\"", "\"flexible\": true", "\"count\": 16", "\"count\": 2" } },
	{ "structs", build_structs,
	  { "\"bit_size\": 3", "\"packed\": true", "\"aligned\": true", "\"align\": 16",
	    "\"file\": \"include/msg.h\"", "\"line\": 12" } },
	{ "enums", build_enums,
	  { "\"value\": -9223372036854775808", "\"value\": -5",
	    "\"value\": \"9223372036854775808\"", "\"value\": \"18446744073709551615\"",
	    "\"value\": 9223372036854775807", "\"enumerators\": []" } },
	{ "fwds and typedefs", build_fwds_typedefs,
	  { "\"fwd_kind\": \"union\"", "\"fwd_kind\": \"enum\"", "\"fwd_kind\": \"struct\"",
	    "\"align\": 16" } },
	{ "qualifiers", build_qualifiers,
	  { "\"kind\": \"restrict\"", "\"kind\": \"atomic\"", "\"kind\": \"volatile\"" } },
	{ "functions and symbols", build_functions,
	  { "\"variadic\": true", "\"unprototyped\": true", "\"default_version\": false",
	    "\"version\": \"LIB_2.0\"", "\"binding\": \"unique\"", "\"kind\": \"tls\"" } },
	{ "recursive", build_recursive, { "\"name\": \"next\"" } },
	{ "shared big-endian 32-bit", build_shared_be32,
	  { "\"soname\": \"libx.so.1\"", "\"byte_order\": \"big\"", "\"class\": 32",
	    "\"file_kind\": \"shared\"", "\"arch\": \"ppc\"" } },
	{ "other data model", build_other_data_model,
	  { "\"arch\": \"x32\"", "\"long_size\": 8", "\"pointer_size\": 4" } },
	{ "unknown file kind", build_unknown_file_kind, { "\"file_kind\": \"unknown\"" } },
	{ "empty", build_empty, { "\"types\": {}", "\"symbols\": []" } },
};

static void test_round_trip(void **state)
{
	const struct rt_case *tc = *state;
	struct corpus *c = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	struct corpus *back;
	char *text;

	tc->build(c);
	back = round_trip(c, &text);
	for (size_t i = 0; i < ARRAY_SIZE(tc->expect) && tc->expect[i]; i++)
		if (!strstr(text, tc->expect[i]))
			fail_msg("%s: output lacks %s:\n%s", tc->name, tc->expect[i], text);
	assert_memory_equal(&back->target, &c->target, sizeof(c->target));
	assert_int_equal(back->file_kind, c->file_kind);
	assert_string_equal(corpus_name(back, back->soname_off), corpus_name(c, c->soname_off));
	assert_int_equal(nr_msgs, 0);
	free(text);
	corpus_free(back);
	corpus_free(c);
}

/* Content survives, not just the bytes. */
static void test_read_values(void **state)
{
	struct corpus *c = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	struct corpus *back;
	const struct type *t;
	const struct enumerator *e;
	const struct member *m;
	int64_t id;
	char *text;

	build_enums(c);
	build_structs(c);
	back = round_trip(c, &text);

	id = corpus_find_type(back, "enum big");
	assert_true(id > 0);
	t = corpus_type(back, (uint32_t)id);
	assert_int_equal(t->nr, 4);
	e = type_enumerators(back, t);
	assert_true(e[3].value == UINT64_MAX);
	assert_true(e[2].value == 1ull << 63);
	assert_false(t->flags & TF_SIGNED);

	id = corpus_find_type(back, "enum sign");
	assert_true(id > 0);
	t = corpus_type(back, (uint32_t)id);
	e = type_enumerators(back, t);
	assert_true((int64_t)e[0].value == INT64_MIN);
	assert_true((int64_t)e[1].value == -5);

	id = corpus_find_type(back, "struct msg");
	assert_true(id > 0);
	t = corpus_type(back, (uint32_t)id);
	assert_int_equal(t->nr, 6);
	assert_int_equal(t->line, 12);
	assert_string_equal(corpus_name(back, t->file_off), "include/msg.h");
	m = type_members(back, t);
	assert_string_equal(corpus_name(back, m[2].name_off), "c");
	assert_int_equal(m[2].bit_off, 11);
	assert_int_equal(m[2].bit_size, 5);
	assert_int_equal(m[4].name_off, 0);
	assert_int_equal(corpus_type(back, m[4].type_id)->kind, KIND_UNION);

	id = corpus_find_type(back, "struct wide");
	assert_true(id > 0);
	assert_int_equal(corpus_type(back, (uint32_t)id)->align, 16);
	assert_true(corpus_type(back, (uint32_t)id)->flags & TF_ALIGNED);

	free(text);
	corpus_free(back);
	corpus_free(c);
}

/* The same corpus built in two orders is the same baseline. */
static void test_order_independent(void **state)
{
	struct corpus *a = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	struct corpus *b = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	char *ta, *tb;
	size_t la, lb;

	build_functions(a);
	build_structs(a);
	build_structs(b);
	build_functions(b);
	/* symbols in reverse order too */
	for (size_t i = 0; i < b->nr_syms / 2; i++) {
		struct symbol tmp = b->syms[i];

		b->syms[i] = b->syms[b->nr_syms - 1 - i];
		b->syms[b->nr_syms - 1 - i] = tmp;
	}
	assert_int_equal(corpus_finalize(a), 0);
	assert_int_equal(corpus_finalize(b), 0);
	ta = write_str(a, &la);
	tb = write_str(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(ta, tb, la);
	free(ta);
	free(tb);
	corpus_free(a);
	corpus_free(b);
}

/* Symbols come out sorted by name, then version. */
static void test_symbol_order(void **state)
{
	struct corpus *c = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	char *text;
	struct corpus *back;
	const char *p1, *p2, *p3;

	build_functions(c);
	back = round_trip(c, &text);
	p1 = strstr(text, "\"name\": \"aardvark\"");
	p2 = strstr(text, "\"version\": \"LIB_1.0\"");
	p3 = strstr(text, "\"version\": \"LIB_2.0\"");
	assert_non_null(p1);
	assert_non_null(p2);
	assert_non_null(p3);
	assert_true(p1 < p2 && p2 < p3);
	free(text);
	corpus_free(back);
	corpus_free(c);
}

/* testdata/baseline/good-*.json --------------------------------------------------------- */

static void test_good_small(void **state)
{
	struct corpus *c = NULL, *back;
	const struct type *t;
	const struct symbol *s;
	int64_t id;
	char *text;
	size_t len;
	char *again;
	size_t len2;

	assert_int_equal(baseline_read(data_path("good-small.json"), &c), 0);
	assert_string_equal(c->target.arch, "x86_64");
	assert_int_equal(c->target.machine, EM_X86_64);
	assert_int_equal(c->target.pointer_size, 8);
	assert_int_equal(c->file_kind, FILE_SHARED);
	assert_string_equal(corpus_name(c, c->soname_off), "libshape.so.1");
	assert_int_equal(c->nr_types - 1, 11);
	assert_int_equal(c->nr_syms, 2);

	s = &c->syms[0];
	assert_string_equal(corpus_name(c, s->name_off), "shape_area");
	assert_string_equal(corpus_name(c, s->version_off), "SHAPE_1.0");
	assert_true(s->default_version);
	assert_int_equal(s->kind, SYM_FUNC);
	assert_int_equal(s->size, 42);
	t = corpus_type(c, s->type_id);
	assert_int_equal(t->kind, KIND_FUNC);
	assert_int_equal(corpus_type(c, t->ref_id)->kind, KIND_FUNC_PROTO);
	assert_int_equal(corpus_type(c, t->ref_id)->nr, 2);
	s = &c->syms[1];
	assert_int_equal(s->binding, BIND_WEAK);
	assert_int_equal(s->visibility, VIS_PROTECTED);
	assert_int_equal(s->version_off, 0);

	id = corpus_find_type(c, "struct point");
	assert_true(id > 0);
	t = corpus_type(c, (uint32_t)id);
	assert_int_equal(t->size, 8);
	assert_int_equal(t->align, 4);
	assert_int_equal(t->line, 3);
	assert_int_equal(type_members(c, t)[1].bit_off, 32);

	id = corpus_find_type(c, "enum shape_flags");
	assert_true(id > 0);
	t = corpus_type(c, (uint32_t)id);
	assert_true(type_enumerators(c, t)[1].value == UINT64_MAX);

	id = corpus_find_type(c, "shape_ctx_t");
	assert_true(id > 0);
	assert_int_equal(corpus_type(c, corpus_type(c, (uint32_t)id)->ref_id)->kind, KIND_FWD);

	/* hand-written keys are not fingerprints; after one write the output is stable */
	text = write_str(c, &len);
	back = read_str(text, len);
	again = write_str(back, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(text, again, len);
	free(text);
	free(again);
	corpus_free(back);
	corpus_free(c);
	assert_int_equal(nr_msgs, 0);
}

static void test_good_minimal(void **state)
{
	struct corpus *c = NULL;
	char *text;
	size_t len;
	FILE *fp;
	char *want = NULL;
	size_t want_len = 0, n;

	assert_int_equal(baseline_read(data_path("good-minimal.json"), &c), 0);
	assert_string_equal(c->target.arch, "i386");
	assert_int_equal(c->target.pointer_size, 4);
	assert_int_equal(c->nr_types, 1);
	/* this one is canonical as written: it must come out byte for byte */
	text = write_str(c, &len);
	fp = fopen(data_path("good-minimal.json"), "r");
	assert_non_null(fp);
	want = malloc(4096);
	n = fread(want, 1, 4096, fp);
	want_len = n;
	fclose(fp);
	assert_int_equal(len, want_len);
	assert_memory_equal(text, want, len);
	free(want);
	free(text);
	corpus_free(c);
}

/* Errors ------------------------------------------------------------------------------ */

struct err_case {
	const char *file;
	int err;
	const char *const msg[3]; /* fragments of the message, beyond the path */
};

static const struct err_case file_cases[] = {
	{ "bad-empty.json", -EINVAL, { ": empty file" } },
	{ "bad-not-json.json", -EINVAL, { "bad-not-json.json:6:", "not valid JSON" } },
	{ "bad-version-2.json", -EPROTONOSUPPORT,
	  { "unknown baseline version 2; this abidrift reads version 1" } },
	{ "bad-no-version.json", -EINVAL,
	  { "not an abidrift baseline (no \"abidrift\" version field)" } },
	{ "bad-dangling-ref.json", -EINVAL,
	  { "type 00000000000000a0: member 'next' refers to unknown type 00000000000000a9" } },
	{ "bad-duplicate-key.json", -EINVAL, { "bad-duplicate-key.json:13:", "duplicate" } },
	{ "bad-wrong-type.json", -EINVAL,
	  { "type 0000000000000001: field 'size' must be an integer, not a string" } },
	{ "bad-unknown-kind.json", -EINVAL, { "type 00000000000000a0: unknown kind 'class'" } },
	{ "bad-unknown-field.json", -EINVAL,
	  { "type 00000000000000a0: unknown field 'colour' in a struct record" } },
};

static void test_error_file(void **state)
{
	const struct err_case *tc = *state;
	struct corpus *c = (struct corpus *)1;
	char *path = data_path(tc->file);
	char prefix[4200];

	assert_int_equal(baseline_read(path, &c), tc->err);
	assert_null(c);
	assert_int_equal(nr_msgs, 1);
	/* "PATH: ..." or "PATH:LINE:COL: ..." */
	snprintf(prefix, sizeof(prefix), "%s:", path);
	assert_true(strncmp(msgs, prefix, strlen(prefix)) == 0);
	for (size_t i = 0; i < ARRAY_SIZE(tc->msg) && tc->msg[i]; i++)
		assert_msg_has(tc->msg[i]);
	/* lowercase after the location, no full stop at the end */
	assert_true(msgs[strlen(msgs) - 2] != '.');
}

#define TARGET                                                                                 \
	"\"target\":{\"arch\":\"x86_64\",\"machine\":62,\"class\":64,\"byte_order\":\"little\","  \
	"\"pointer_size\":8,\"long_size\":8}"
#define HEAD "{\"abidrift\":1," TARGET ",\"file_kind\":\"shared\","
#define INT "\"0000000000000001\":{\"kind\":\"int\",\"name\":\"int\",\"size\":4,\"signed\":true}"
#define TYPES(...) HEAD "\"symbols\":[],\"types\":{" __VA_ARGS__ "}}"
#define SYMS(s, ...) HEAD "\"symbols\":[" s "],\"types\":{" __VA_ARGS__ "}}"
#define REC(key, ...) "\"" key "\":{" __VA_ARGS__ "}"
#define ENUM(sign, val)                                                                        \
	TYPES(REC("00000000000000e0", "\"kind\":\"enum\",\"size\":8,\"signed\":" sign            \
				      ",\"enumerators\":[{\"name\":\"E\",\"value\":" val "}]"))

struct mem_case {
	const char *json;
	int err;
	const char *msg;
};

static const struct mem_case mem_cases[] = {
	{ "", -EINVAL, "mem.json: empty file; expected an abidrift baseline" },
	{ " \n\t\n", -EINVAL, "empty file" },
	{ "[1, 2]", -EINVAL,
	  "not an abidrift baseline (the top level is an array, not an object)" },
	{ "{\"abidrift\": \"1\"}", -EINVAL, "field 'abidrift' must be an integer" },
	{ "{\"abidrift\": 1.0}", -EINVAL, "field 'abidrift' must be an integer" },
	{ "{\"abidrift\": -1}", -EPROTONOSUPPORT, "unknown baseline version -1" },
	{ "{\"abidrift\": 1} x", -EINVAL,
	  "mem.json:1:17: not valid JSON: end of file expected near 'x'" },
	{ "{\"abidrift\": 1}", -EINVAL, "mem.json: missing field 'target'" },
	{ HEAD "\"symbols\":[]}", -EINVAL, "mem.json: missing field 'types'" },
	{ HEAD "\"symbols\":{},\"types\":{}}", -EINVAL,
	  "field 'symbols' must be an array, not an object" },
	{ HEAD "\"symbols\":[],\"types\":{},\"extra\":0}", -EINVAL,
	  "unknown field 'extra' in the baseline" },
	{ "{\"abidrift\":1,\"target\":{},\"file_kind\":\"shared\",\"symbols\":[],\"types\":{}}",
	  -EINVAL, "target: missing field 'arch'" },
	{ "{\"abidrift\":1,\"target\":{\"arch\":\"x86_64\",\"machine\":62,\"class\":16,"
	  "\"byte_order\":\"little\",\"pointer_size\":8,\"long_size\":8},\"file_kind\":\"shared\","
	  "\"symbols\":[],\"types\":{}}",
	  -EINVAL, "target: field 'class' must be from 32 to 64, not 16" },
	{ "{\"abidrift\":1,\"target\":{\"arch\":\"x86_64\",\"machine\":62,\"class\":48,"
	  "\"byte_order\":\"little\",\"pointer_size\":8,\"long_size\":8},\"file_kind\":\"shared\","
	  "\"symbols\":[],\"types\":{}}",
	  -EINVAL, "target: field 'class' must be 32 or 64, not 48" },
	{ "{\"abidrift\":1,\"target\":{\"arch\":\"x86_64\",\"machine\":70000,\"class\":64,"
	  "\"byte_order\":\"little\",\"pointer_size\":8,\"long_size\":8},\"file_kind\":\"shared\","
	  "\"symbols\":[],\"types\":{}}",
	  -EINVAL, "target: field 'machine' must be from 0 to 65535, not 70000" },
	{ "{\"abidrift\":1,\"target\":{\"arch\":\"an_architecture_name_too_long\",\"machine\":62,"
	  "\"class\":64,\"byte_order\":\"little\",\"pointer_size\":8,\"long_size\":8},"
	  "\"file_kind\":\"shared\",\"symbols\":[],\"types\":{}}",
	  -EINVAL, "target: field 'arch' is longer than 23 bytes" },
	{ "{\"abidrift\":1,\"target\":{\"arch\":\"x86_64\",\"machine\":62,\"class\":64,"
	  "\"byte_order\":\"middle\",\"pointer_size\":8,\"long_size\":8},\"file_kind\":\"shared\","
	  "\"symbols\":[],\"types\":{}}",
	  -EINVAL, "target: field 'byte_order' is 'middle'; expected one of little, big" },
	{ "{\"abidrift\":1," TARGET ",\"file_kind\":\"core\",\"symbols\":[],\"types\":{}}", -EINVAL,
	  "mem.json: field 'file_kind' is 'core'" },
	{ HEAD "\"soname\":\"\",\"symbols\":[],\"types\":{}}", -EINVAL,
	  "mem.json: field 'soname' must not be empty" },
	{ TYPES(REC("ABCDEF0000000001", "\"kind\":\"int\",\"size\":4,\"signed\":true")), -EINVAL,
	  "type ABCDEF0000000001: the key is not a fingerprint" },
	{ TYPES(REC("01", "\"kind\":\"int\",\"size\":4,\"signed\":true")), -EINVAL,
	  "type 01: the key is not a fingerprint" },
	{ TYPES("\"0000000000000001\":[]"), -EINVAL,
	  "type 0000000000000001: must be an object, not an array" },
	{ TYPES(REC("0000000000000001", "\"size\":4")), -EINVAL,
	  "type 0000000000000001: missing field 'kind'" },
	{ TYPES(REC("0000000000000001", "\"kind\":\"void\"")), -EINVAL,
	  "kind 'void' is not a record" },
	{ TYPES(REC("0000000000000001", "\"kind\":\"int\",\"size\":4")), -EINVAL,
	  "type 0000000000000001: missing field 'signed'" },
	{ TYPES(REC("0000000000000001", "\"kind\":\"int\",\"size\":-4,\"signed\":true")), -EINVAL,
	  "field 'size' must be from 0 to 9223372036854775807, not -4" },
	{ TYPES(REC("0000000000000001", "\"kind\":\"int\",\"size\":4,\"signed\":1")), -EINVAL,
	  "field 'signed' must be a boolean, not an integer" },
	{ TYPES(REC("0000000000000001",
		    "\"kind\":\"int\",\"size\":4,\"signed\":true,\"line\":4294967296")),
	  -EINVAL, "field 'line' must be from 0 to 4294967295, not 4294967296" },
	{ TYPES(REC("0000000000000001",
		    "\"kind\":\"int\",\"size\":4,\"signed\":true,\"name\":\"\"")),
	  -EINVAL, "field 'name' must not be empty; leave it out for an anonymous entity" },
	{ TYPES(REC("0000000000000001",
		    "\"kind\":\"int\",\"size\":4,\"signed\":true,\"type\":\"void\"")),
	  -EINVAL, "unknown field 'type' in an int record" },
	{ TYPES(INT "," REC("0000000000000002", "\"kind\":\"struct\",\"size\":4,\"align\":3,"
						 "\"members\":[]")),
	  -EINVAL, "field 'align' must be a power of two, not 3" },
	{ TYPES(INT "," REC("0000000000000002", "\"kind\":\"struct\",\"size\":4,\"align\":4,"
						 "\"members\":[7]")),
	  -EINVAL, "type 0000000000000002: members[0]: must be an object, not an integer" },
	{ TYPES(INT "," REC("0000000000000002", "\"kind\":\"struct\",\"size\":4,\"align\":4,"
						 "\"members\":[{\"name\":\"x\","
						 "\"type\":\"0000000000000001\"}]")),
	  -EINVAL, "type 0000000000000002: member 'x': missing field 'bit_offset'" },
	{ TYPES(INT "," REC("0000000000000002", "\"kind\":\"struct\",\"size\":4,\"align\":4,"
						 "\"members\":[{\"type\":\"0000000000000001\","
						 "\"bit_offset\":0,\"offset\":0}]")),
	  -EINVAL, "type 0000000000000002: members[0]: unknown field 'offset' in a member" },
	{ TYPES(INT "," REC("0000000000000002", "\"kind\":\"struct\",\"size\":4,\"align\":4,"
						 "\"members\":[{\"name\":\"x\","
						 "\"type\":\"0000000000000001\","
						 "\"bit_offset\":0,\"bit_size\":4294967296}]")),
	  -EINVAL, "member 'x': field 'bit_size' must be from 0 to 4294967295" },
	/* a struct that contains itself by value: corpus_finalize() refuses it */
	{ TYPES(REC("0000000000000002", "\"kind\":\"struct\",\"name\":\"loop\",\"size\":4,"
					"\"align\":4,\"members\":[{\"name\":\"self\","
					"\"type\":\"0000000000000002\",\"bit_offset\":0}]")),
	  -ELOOP, "mem.json: struct 'loop' contains itself by value" },
	{ ENUM("false", "-1"), -EINVAL,
	  "enumerator 'E': value -1 is negative, but the enum is unsigned" },
	{ ENUM("false", "\"-1\""), -EINVAL, "value '-1' is not a non-negative decimal integer" },
	{ ENUM("false", "\" 1\""), -EINVAL, "value ' 1' is not a non-negative decimal integer" },
	{ ENUM("false", "\"+1\""), -EINVAL, "value '+1' is not a non-negative decimal integer" },
	{ ENUM("true", "\"1x\""), -EINVAL, "value '1x' is not a decimal integer" },
	{ ENUM("true", "\"-\""), -EINVAL, "value '-' is not a decimal integer" },
	{ ENUM("false", "\"18446744073709551616\""), -EINVAL,
	  "value 18446744073709551616 does not fit in an unsigned 64-bit integer" },
	{ ENUM("true", "\"9223372036854775808\""), -EINVAL,
	  "value 9223372036854775808 does not fit in a signed 64-bit integer" },
	{ ENUM("true", "1.5"), -EINVAL,
	  "field 'value' must be an integer or a decimal string, not a real number" },
	{ TYPES(REC("0000000000000003", "\"kind\":\"fwd\",\"name\":\"f\",\"fwd_kind\":\"class\"")),
	  -EINVAL, "field 'fwd_kind' is 'class'; expected one of struct, union, enum" },
	{ TYPES(INT "," REC("0000000000000004", "\"kind\":\"func\",\"name\":\"f\","
						 "\"type\":\"0000000000000001\"")),
	  -EINVAL, "type 0000000000000004: field 'type' refers to int 0000000000000001, which is "
		   "not a func_proto" },
	{ TYPES(INT "," REC("0000000000000004", "\"kind\":\"var\",\"name\":\"v\","
						 "\"type\":\"0000000000000001\"")
		"," REC("0000000000000005", "\"kind\":\"pointer\",\"size\":8,"
					     "\"type\":\"0000000000000004\"")),
	  -EINVAL, "type 0000000000000005: field 'type' refers to var 0000000000000004, which is "
		   "not a type" },
	{ TYPES(REC("0000000000000006", "\"kind\":\"func_proto\",\"return\":\"void\"")), -EINVAL,
	  "type 0000000000000006: missing field 'params'" },
	{ TYPES(REC("0000000000000006", "\"kind\":\"func_proto\",\"return\":\"nowhere\","
					"\"params\":[]")),
	  -EINVAL, "type 0000000000000006: field 'return' refers to unknown type nowhere" },
	{ TYPES(REC("0000000000000006", "\"kind\":\"func_proto\",\"return\":\"void\","
					"\"params\":[{\"name\":\"p\",\"type\":7}]")),
	  -EINVAL,
	  "type 0000000000000006: param 'p': field 'type' must be a string, not an integer" },
	{ TYPES(REC("0000000000000007", "\"kind\":\"typedef\",\"name\":\"t\",\"type\":\"void\","
					"\"align\":6")),
	  -EINVAL, "field 'align' must be a power of two, not 6" },
	{ SYMS("{\"name\":\"f\",\"kind\":\"function\",\"binding\":\"global\","
	       "\"visibility\":\"default\",\"size\":0,\"default_version\":true}"),
	  -EINVAL, "symbol 'f': field 'default_version' is given without a 'version'" },
	{ SYMS("{\"name\":\"f\",\"version\":\"V1\",\"kind\":\"function\",\"binding\":\"global\","
	       "\"visibility\":\"default\",\"size\":0}"),
	  -EINVAL, "symbol 'f': missing field 'default_version'" },
	{ SYMS("{\"name\":\"f\",\"kind\":\"object\",\"binding\":\"global\","
	       "\"visibility\":\"default\",\"size\":0}"),
	  -EINVAL, "symbol 'f': field 'kind' is 'object'; expected one of function, variable, tls, "
		   "ifunc" },
	{ SYMS("{\"name\":\"f\",\"kind\":\"function\",\"binding\":\"local\","
	       "\"visibility\":\"default\",\"size\":0}"),
	  -EINVAL, "field 'binding' is 'local'" },
	{ SYMS("{\"name\":\"f\",\"kind\":\"function\",\"binding\":\"global\","
	       "\"visibility\":\"hidden\",\"size\":0}"),
	  -EINVAL, "field 'visibility' is 'hidden'" },
	{ SYMS("{\"name\":\"f\",\"kind\":\"function\",\"binding\":\"global\","
	       "\"visibility\":\"default\",\"size\":0,\"type\":\"0000000000000001\"}", INT),
	  -EINVAL, "symbol 'f': field 'type' refers to int 0000000000000001, which is neither a "
		   "func nor a var" },
	{ SYMS("{\"kind\":\"function\"}"), -EINVAL, "symbols[0]: missing field 'name'" },
	{ SYMS("\"f\""), -EINVAL, "symbols[0]: must be an object, not a string" },
	{ SYMS("{\"name\":\"f\",\"kind\":\"function\",\"binding\":\"global\","
	       "\"visibility\":\"default\",\"size\":0,\"addr\":0}"),
	  -EINVAL, "symbol 'f': unknown field 'addr' in a symbol" },
	{ TYPES(INT "," INT), -EINVAL, "duplicate object key" },
	{ "{\"abidrift\":1,\"a\":\"\\u0000\"}", -EINVAL, "not valid JSON" },
	{ "{\"abidrift\":1,\"a\":\"\xff\"}", -EINVAL, "not valid JSON" },
	{ "{\"abidrift\":1,\"a\":99999999999999999999}", -EINVAL, "too big integer" },
};

static void test_error_mem(void **state)
{
	const struct mem_case *tc = *state;
	size_t len = strlen(tc->json);
	struct corpus *c = (struct corpus *)1;
	int err = baseline_read_mem("mem.json", tc->json, len, &c);

	if (err != tc->err)
		fail_msg("got %d, want %d, for:\n%s\nmessages:\n%s", err, tc->err, tc->json, msgs);
	assert_null(c);
	assert_int_equal(nr_msgs, 1);
	assert_true(strncmp(msgs, "mem.json:", 9) == 0);
	assert_msg_has(tc->msg);
}

/* The length is what counts: an embedded NUL is not the end of the input. */
static void test_embedded_nul(void **state)
{
	static const char buf[] = "\0{\"abidrift\": 1}";
	struct corpus *c = (struct corpus *)1;

	assert_int_equal(baseline_read_mem("mem.json", buf, sizeof(buf) - 1, &c), -EINVAL);
	assert_null(c);
	assert_msg_has("mem.json:1:");
}

static void test_missing_file(void **state)
{
	struct corpus *c = (struct corpus *)1;

	assert_int_equal(baseline_read(data_path("does-not-exist.json"), &c), -ENOENT);
	assert_null(c);
	assert_msg_has("does-not-exist.json: cannot open: ");
	msgs[0] = '\0';
	assert_int_equal(baseline_read(data_path(""), &c), -EISDIR);
	assert_msg_has("cannot read: ");
}

static void test_write_io_error(void **state)
{
	struct corpus *c = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	FILE *fp = fopen("/dev/full", "w");

	if (!fp) {
		corpus_free(c);
		skip();
	}
	build_structs(c);
	assert_int_equal(corpus_finalize(c), 0);
	assert_int_equal(baseline_write(c, fp), -EIO);
	fclose(fp);
	corpus_free(c);
}

static void test_write_not_utf8(void **state)
{
	struct corpus *c = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	/* a name that is not UTF-8 is damage: refused when the corpus is finalized */
	add(c, KIND_INT, "bad\xff", 0, 4, TF_SIGNED);
	assert_int_equal(corpus_finalize(c), -EINVAL);
	fclose(fp);
	free(buf);
	assert_msg_has("test.o: a type's name is not valid UTF-8");
	corpus_free(c);
}

static void test_write_too_large(void **state)
{
	struct corpus *c = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	add(c, KIND_INT, "huge", 0, 1ull << 63, 0);
	assert_int_equal(corpus_finalize(c), 0);
	assert_int_equal(baseline_write(c, fp), -EINVAL);
	fclose(fp);
	free(buf);
	assert_msg_has("size 9223372036854775808 is too large for the baseline format");
	corpus_free(c);
}

/* Robustness: every truncation and many single-byte mutations of a real baseline. --- */

static void try_read(const char *buf, size_t len)
{
	struct corpus *c = NULL;
	int err = baseline_read_mem("fuzz.json", buf, len, &c);

	if (err == 0) {
		/* anything accepted must also be writable */
		size_t n;
		char *text = write_str(c, &n);

		free(text);
		corpus_free(c);
	} else {
		assert_true(err < 0);
		assert_null(c);
	}
	msgs[0] = '\0';
}

/* Small, so that every byte can be mutated quickly, yet with every kind of part. */
static void build_fuzz_seed(struct corpus *c)
{
	uint32_t i = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	uint32_t p, s, proto, fn, id;

	add(c, KIND_ENUM, "e", 0, 8, 0);
	corpus_add_enumerator(c, "E_NEG", (uint64_t)-1);
	corpus_add_enumerator(c, "E_ONE", 1);
	p = add(c, KIND_PTR, NULL, 0, 8, 0);
	s = add(c, KIND_STRUCT, "node", 0, 16, 0);
	corpus_add_member(c, "next", p, 0, 0);
	corpus_add_member(c, "bits", i, 64, 3);
	corpus_type(c, p)->ref_id = s;
	proto = add(c, KIND_FUNC_PROTO, NULL, i, 0, TF_VARIADIC);
	corpus_add_param(c, "n", p);
	fn = add(c, KIND_FUNC, "walk", proto, 0, 0);
	add_sym(c, "walk", "V_1", true, SYM_FUNC, fn);
	id = add(c, KIND_TYPEDEF, "node_t", s, 0, TF_ALIGNED);
	corpus_type(c, id)->align = 32;
	add(c, KIND_FWD, "later", 0, 0, TF_FWD_UNION);
}

static void test_never_crash(void **state)
{
	static const char mutations[] = "0 9-\"{}[],:a\\";
	struct corpus *c = new_corpus(EM_X86_64, 64, ORDER_LITTLE);
	char *text, *copy;
	size_t len;

	build_fuzz_seed(c);
	assert_int_equal(corpus_finalize(c), 0);
	text = write_str(c, &len);
	copy = malloc(len);
	for (size_t cut = 0; cut < len; cut++) {
		/* a fresh allocation of exactly CUT bytes lets a sanitizer see overreads */
		char *part = malloc(cut ? cut : 1);

		memcpy(part, text, cut);
		try_read(part, cut);
		free(part);
	}
	for (size_t pos = 0; pos < len; pos++) {
		for (size_t m = 0; m < sizeof(mutations) - 1; m++) {
			memcpy(copy, text, len);
			copy[pos] = mutations[m];
			try_read(copy, len);
		}
	}
	free(copy);
	free(text);
	corpus_free(c);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(rt_cases) + ARRAY_SIZE(file_cases) +
				ARRAY_SIZE(mem_cases) + 16];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rt_cases); i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate_setup_teardown(
			test_round_trip, setup, teardown, (void *)&rt_cases[i]);
		tests[n++].name = rt_cases[i].name;
	}
	for (size_t i = 0; i < ARRAY_SIZE(file_cases); i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate_setup_teardown(
			test_error_file, setup, teardown, (void *)&file_cases[i]);
		tests[n++].name = file_cases[i].file;
	}
	for (size_t i = 0; i < ARRAY_SIZE(mem_cases); i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate_setup_teardown(
			test_error_mem, setup, teardown, (void *)&mem_cases[i]);
		tests[n++].name = mem_cases[i].msg;
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_read_values, setup,
									 teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_order_independent,
									 setup, teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_symbol_order, setup,
									 teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_good_small, setup,
									 teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_good_minimal, setup,
									 teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_embedded_nul, setup,
									 teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_missing_file, setup,
									 teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_write_io_error,
									 setup, teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_write_not_utf8,
									 setup, teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_write_too_large,
									 setup, teardown);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(test_never_crash, setup,
									 teardown);
	return _cmocka_run_group_tests("baseline", tests, n, NULL, NULL);
}
