/* SPDX-License-Identifier: MIT */
/* The diff engine (src/compare/diff.c) on corpora built through the model API. */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compare/diff.h"

/*
 * A small library described by a few knobs; each test builds an old and a new version
 * that differ in one knob.
 */
/* Zero is the default for every knob. */
struct lib {
	bool point_z;          /* struct point { int x; int y; [int z;] } */
	bool by_value;         /* api_point takes struct point by value, else by pointer */
	const char *y_name;    /* name of point.y, default "y" */
	bool long_typedef;     /* typedef u64 as "unsigned long" rather than "unsigned long long" */
	int64_t green;         /* value of enum color GREEN, default 1 */
	const char *green_name; /* default "GREEN" */
	bool node_opaque;      /* struct node only declared */
	bool node_changed;     /* struct node gets a member */
	bool drop_api_old;     /* remove the symbol api_old */
	uint16_t machine;      /* default EM_X86_64 */
};

static const struct lib base = { 0 };

static uint32_t add(struct corpus *c, enum type_kind k, const char *name, uint32_t ref,
		    uint64_t size)
{
	uint32_t id = (uint32_t)corpus_add_type(c, k, name);

	corpus_type(c, id)->ref_id = ref;
	corpus_type(c, id)->size = size;
	return id;
}

static void add_func(struct corpus *c, const char *name, uint32_t ret, uint32_t param)
{
	uint32_t proto = add(c, KIND_FUNC_PROTO, NULL, ret, 0);
	uint32_t fn;
	struct symbol *s;

	corpus_add_param(c, "arg", param);
	fn = add(c, KIND_FUNC, name, proto, 0);
	s = corpus_add_symbol(c);
	s->name_off = corpus_str(c, name);
	s->kind = SYM_FUNC;
	s->binding = BIND_GLOBAL;
	s->visibility = VIS_DEFAULT;
	s->type_id = fn;
}

static struct corpus *build(const struct lib *l)
{
	struct corpus *c = corpus_new("lib.so");
	uint32_t i32, u64a, u64, point, pp, color, node, np;

	target_init(&c->target, l->machine ? l->machine : EM_X86_64, 64, ORDER_LITTLE);
	c->file_kind = FILE_SHARED;
	i32 = add(c, KIND_INT, "int", 0, 4);
	corpus_type(c, i32)->flags = TF_SIGNED;
	u64a = add(c, KIND_INT, l->long_typedef ? "long unsigned int" : "long long unsigned int",
		   0, 8);
	u64 = add(c, KIND_TYPEDEF, "u64", u64a, 0);

	point = add(c, KIND_STRUCT, "point", 0, l->point_z ? 12 : 8);
	corpus_add_member(c, "x", i32, 0, 0);
	corpus_add_member(c, l->y_name ? l->y_name : "y", i32, 32, 0);
	if (l->point_z)
		corpus_add_member(c, "z", i32, 64, 0);
	pp = add(c, KIND_PTR, NULL, point, 8);

	color = add(c, KIND_ENUM, "color", 0, 4);
	corpus_add_enumerator(c, "RED", 0);
	corpus_add_enumerator(c, l->green_name ? l->green_name : "GREEN",
			      (uint64_t)(l->green ? l->green : 1));

	if (l->node_opaque) {
		node = add(c, KIND_FWD, "node", 0, 0);
	} else {
		node = add(c, KIND_STRUCT, "node", 0, l->node_changed ? 24 : 16);
	}
	np = add(c, KIND_PTR, NULL, node, 8);
	if (!l->node_opaque) {
		corpus_add_member_to(c, node, "next", np, 0, 0);
		corpus_add_member_to(c, node, "id", u64, 64, 0);
		if (l->node_changed)
			corpus_add_member_to(c, node, "extra", u64, 128, 0);
	}

	add_func(c, "api_point", i32, l->by_value ? point : pp);
	add_func(c, "api_color", i32, color);
	add_func(c, "api_node", np, np);
	add_func(c, "api_node2", i32, np);
	if (!l->drop_api_old)
		add_func(c, "api_old", i32, i32);
	assert_int_equal(corpus_finalize(c), 0);
	return c;
}

struct expect {
	const char *kind;
	const char *severity;
	const char *path;
	const char *old_value, *new_value;
	const char *symbols; /* comma-joined, or NULL to skip the check */
};

struct diff_case {
	const char *name;
	struct lib new; /* old is base */
	struct lib old;
	bool old_differs;
	struct expect want[6];
};

static char *join(const struct change *c)
{
	struct dstr s;

	dstr_init(&s);
	for (size_t i = 0; i < c->nr_symbols; i++)
		dstr_addf(&s, "%s%s", i ? "," : "", c->symbols[i]);
	return dstr_detach(&s);
}

static void run_case(const struct diff_case *tc)
{
	struct corpus *o = build(tc->old_differs ? &tc->old : &base), *n = build(&tc->new);
	struct diff_opts opts = { 0 };
	struct diff d;
	size_t nr_want = 0;

	assert_int_equal(diff_corpora(o, n, &opts, &d), 0);
	while (nr_want < 6 && tc->want[nr_want].kind)
		nr_want++;
	if (d.nr_changes != nr_want) {
		for (size_t i = 0; i < d.nr_changes; i++)
			print_message("%s: got %s %s\n", tc->name, change_kind_name(d.changes[i].kind),
				      d.changes[i].path);
		fail_msg("%s: %zu changes, expected %zu", tc->name, d.nr_changes, nr_want);
	}
	for (size_t i = 0; i < nr_want; i++) {
		const struct expect *w = &tc->want[i];
		const struct change *c = &d.changes[i];

		if (strcmp(change_kind_name(c->kind), w->kind) ||
		    strcmp(severity_name(c->severity), w->severity) || strcmp(c->path, w->path))
			fail_msg("%s: change %zu is %s %s %s, expected %s %s %s", tc->name, i,
				 change_kind_name(c->kind), severity_name(c->severity), c->path,
				 w->kind, w->severity, w->path);
		if (w->old_value)
			assert_string_equal(c->old_value, w->old_value);
		if (w->new_value)
			assert_string_equal(c->new_value, w->new_value);
		if (w->symbols) {
			char *s = join(c);

			if (strcmp(s, w->symbols))
				fail_msg("%s: symbols '%s', expected '%s'", tc->name, s, w->symbols);
			free(s);
		}
	}
	diff_release(&d);
	corpus_free(o);
	corpus_free(n);
}

#define LIB(...) ((struct lib){ __VA_ARGS__ })

static void test_cases(void **state)
{
	static const struct diff_case cases[] = {
		{ "identical", LIB(.by_value = false), .want = { { 0 } } },
		{ "typedef spelling is no change", LIB(.long_typedef = true), .want = { { 0 } } },
		{ "pointer-only growth is compatible",
		  LIB(.point_z = true),
		  .want = { { "type_size", "compatible", "struct point", "8", "12", "api_point" },
			    { "member_added", "compatible", "struct point.z", NULL, "int",
			      "api_point" } } },
		{ "by-value growth breaks",
		  LIB(.point_z = true, .by_value = true),
		  .old = LIB(.by_value = true), .old_differs = true,
		  .want = { { "type_size", "breaking", "struct point", "8", "12", "api_point" },
			    { "member_added", "compatible", "struct point.z", NULL, NULL, NULL } } },
		{ "member renamed in place",
		  LIB(.y_name = "why"),
		  .want = { { "member_renamed", "compatible", "struct point.y", "y", "why", NULL } } },
		{ "enumerator value",
		  LIB(.green = 7),
		  .want = { { "enumerator_value", "breaking", "enum color.GREEN", "1", "7",
			      "api_color" } } },
		{ "enumerator renamed",
		  LIB(.green_name = "VERT"),
		  .want = { { "enumerator_renamed", "compatible", "enum color.GREEN", "GREEN", "VERT",
			      NULL } } },
		{ "became opaque, reached from two symbols",
		  LIB(.node_opaque = true),
		  .want = { { "became_opaque", "breaking", "struct node", NULL, NULL,
			      "api_node,api_node2" } } },
		{ "recursive type changed, reported once",
		  LIB(.node_changed = true),
		  .want = { { "type_size", "compatible", "struct node", "16", "24",
			      "api_node,api_node2" },
			    { "member_added", "compatible", "struct node.extra", NULL, NULL,
			      "api_node,api_node2" } } },
		{ "symbol removed",
		  LIB(.drop_api_old = true),
		  .want = { { "symbol_removed", "breaking", "api_old", NULL, NULL, "api_old" } } },
		{ "symbol added",
		  LIB(.by_value = false), .old = LIB(.drop_api_old = true), .old_differs = true,
		  .want = { { "symbol_added", "compatible", "api_old", NULL, NULL, NULL } } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

static void test_other_target_refused(void **state)
{
	struct lib arm = LIB(.machine = EM_AARCH64);
	struct corpus *o = build(&base), *n = build(&arm);
	struct diff_opts opts = { 0 };
	struct diff d;

	(void)state;
	assert_int_equal(diff_corpora(o, n, &opts, &d), -EINVAL);
	corpus_free(o);
	corpus_free(n);
}

static void test_verdict_and_counts(void **state)
{
	struct lib n1 = LIB(.drop_api_old = true, .y_name = "why");
	struct corpus *o = build(&base), *n = build(&n1);
	struct diff_opts opts = { 0 };
	struct diff d;

	(void)state;
	assert_int_equal(diff_corpora(o, n, &opts, &d), 0);
	assert_int_equal(d.counts[SEV_BREAKING], 1);
	assert_int_equal(d.counts[SEV_COMPATIBLE], 1);
	assert_int_equal(diff_verdict(&d), SEV_BREAKING);
	d.changes[0].suppressed = true; /* sorted: the breaking one first */
	diff_recount(&d);
	assert_int_equal(d.nr_suppressed, 1);
	assert_int_equal(diff_verdict(&d), SEV_COMPATIBLE);
	diff_release(&d);
	corpus_free(o);
	corpus_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_other_target_refused),
		cmocka_unit_test(test_verdict_and_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
