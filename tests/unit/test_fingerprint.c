/* SPDX-License-Identifier: MIT */
/* Fingerprints, dedup and alignment inference (src/model/finalize.c). */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"

static struct corpus *new_x86_64(void)
{
	struct corpus *c = corpus_new("test");

	target_init(&c->target, EM_X86_64, 64, ORDER_LITTLE);
	return c;
}

static uint32_t add_int(struct corpus *c, const char *name, uint64_t size, bool is_signed)
{
	int64_t id = corpus_add_type(c, KIND_INT, name);

	corpus_type(c, (uint32_t)id)->size = size;
	corpus_type(c, (uint32_t)id)->flags = is_signed ? TF_SIGNED : 0;
	return (uint32_t)id;
}

static uint32_t add_ref(struct corpus *c, enum type_kind kind, const char *name, uint32_t ref)
{
	int64_t id = corpus_add_type(c, kind, name);

	corpus_type(c, (uint32_t)id)->ref_id = ref;
	if (kind == KIND_PTR)
		corpus_type(c, (uint32_t)id)->size = 8;
	return (uint32_t)id;
}

static uint32_t add_struct(struct corpus *c, const char *name, uint64_t size)
{
	int64_t id = corpus_add_type(c, KIND_STRUCT, name);

	corpus_type(c, (uint32_t)id)->size = size;
	return (uint32_t)id;
}

static const struct type *type_named(const struct corpus *c, enum type_kind kind,
				     const char *name)
{
	for (size_t i = 1; i < c->nr_types; i++)
		if (c->types[i].kind == kind && strcmp(corpus_name(c, c->types[i].name_off), name) == 0)
			return &c->types[i];
	fail_msg("no %s %s", kind_name(kind), name);
	return NULL;
}

/* Structural hash of the first type named NAME of KIND after finalize. */
static uint64_t shape_of(const struct corpus *c, enum type_kind kind, const char *name)
{
	return type_named(c, kind, name)->shape;
}

static uint64_t fp_of(const struct corpus *c, enum type_kind kind, const char *name)
{
	return type_named(c, kind, name)->fp;
}

static size_t count_named(const struct corpus *c, enum type_kind kind, const char *name)
{
	size_t n = 0;

	for (size_t i = 1; i < c->nr_types; i++)
		n += c->types[i].kind == kind &&
		     strcmp(corpus_name(c, c->types[i].name_off), name) == 0;
	return n;
}

/*
 * struct pair { int a; VARIANT b; } with variants that differ in one layout-relevant
 * property each; every variant must hash differently from the base.
 */
enum variant {
	V_BASE,
	V_MEMBER_OFFSET,
	V_MEMBER_NAME,
	V_STRUCT_SIZE,
	V_BITFIELD,
	V_SIGNEDNESS,
	V_INT_SIZE,
	V_STRUCT_NAME,
	V_ARRAY_COUNT,
	V_EXTRA_MEMBER,
	V_ALIGNED,
	NR_VARIANTS,
};

static uint64_t build_variant(enum variant v)
{
	struct corpus *c = new_x86_64();
	uint32_t i32 = add_int(c, "int", 4, v != V_SIGNEDNESS);
	uint32_t i64 = add_int(c, "long", v == V_INT_SIZE ? 4 : 8, true);
	uint32_t arr = add_ref(c, KIND_ARRAY, NULL, i32);
	uint32_t s;
	uint64_t fp;

	corpus_type(c, arr)->nr_elems = v == V_ARRAY_COUNT ? 3 : 2;
	s = add_struct(c, v == V_STRUCT_NAME ? "pair2" : "pair", v == V_STRUCT_SIZE ? 40 : 32);
	if (v == V_ALIGNED) {
		corpus_type(c, s)->align = 16;
		corpus_type(c, s)->flags |= TF_ALIGNED;
	}
	corpus_add_member(c, "a", i32, 0, v == V_BITFIELD ? 3 : 0);
	corpus_add_member(c, v == V_MEMBER_NAME ? "c" : "b", i64, v == V_MEMBER_OFFSET ? 128 : 64, 0);
	corpus_add_member(c, "arr", arr, 128 + 0, 0);
	if (v == V_EXTRA_MEMBER)
		corpus_add_member(c, "x", i32, 32, 0);
	assert_int_equal(corpus_finalize(c), 0);
	fp = shape_of(c, KIND_STRUCT, v == V_STRUCT_NAME ? "pair2" : "pair");
	corpus_free(c);
	return fp;
}

static void test_identical_hash_equal(void **state)
{
	(void)state;
	for (int v = 0; v < NR_VARIANTS; v++)
		assert_int_equal(build_variant(v), build_variant(v));
}

static void test_differences_hash_differently(void **state)
{
	uint64_t fps[NR_VARIANTS];

	(void)state;
	for (int v = 0; v < NR_VARIANTS; v++)
		fps[v] = build_variant(v);
	for (int a = 0; a < NR_VARIANTS; a++)
		for (int b = a + 1; b < NR_VARIANTS; b++)
			if (fps[a] == fps[b])
				fail_msg("variants %d and %d hash equal", a, b);
}

/* struct node { struct node *next; int v; }, DUPS copies built as if from DUPS units. */
static struct corpus *build_lists(int dups, bool extra_ptr)
{
	struct corpus *c = new_x86_64();

	for (int d = 0; d < dups; d++) {
		uint32_t i32 = add_int(c, "int", 4, true);
		uint32_t s = add_struct(c, "node", 16);
		uint32_t p = add_ref(c, KIND_PTR, NULL, s);
		uint32_t p2 = extra_ptr && d == 1 ? add_ref(c, KIND_PTR, NULL, s) : p;

		corpus_add_member_to(c, s, "next", p, 0, 0);
		corpus_add_member_to(c, s, "prev", p2, 64, 0);
		corpus_add_member_to(c, s, "v", i32, 128, 0);
		corpus_type(c, s)->size = 24;
	}
	return c;
}

static void test_recursive_dedup(void **state)
{
	struct corpus *one = build_lists(1, false), *three = build_lists(3, false);

	(void)state;
	assert_int_equal(corpus_finalize(one), 0);
	assert_int_equal(corpus_finalize(three), 0);
	assert_int_equal(three->stats.nr_types_raw, 9);
	assert_int_equal(three->stats.nr_types, 3);
	assert_int_equal(count_named(three, KIND_STRUCT, "node"), 1);
	assert_int_equal(shape_of(one, KIND_STRUCT, "node"), shape_of(three, KIND_STRUCT, "node"));
	assert_int_equal(fp_of(one, KIND_STRUCT, "node"), fp_of(three, KIND_STRUCT, "node"));
	corpus_free(one);
	corpus_free(three);
}

/* A unit that emits two pointer DIEs to the same struct still dedups with the others. */
static void test_duplicate_nodes_in_cycle(void **state)
{
	struct corpus *one = build_lists(1, false), *two = build_lists(2, true);

	(void)state;
	assert_int_equal(corpus_finalize(one), 0);
	assert_int_equal(corpus_finalize(two), 0);
	assert_int_equal(count_named(two, KIND_STRUCT, "node"), 1);
	assert_int_equal(shape_of(one, KIND_STRUCT, "node"), shape_of(two, KIND_STRUCT, "node"));
	corpus_free(one);
	corpus_free(two);
}

/* Mutual recursion: a <-> b through pointers; a change in b changes a's fingerprint. */
static uint64_t build_mutual(bool change_b, bool reversed)
{
	struct corpus *c = new_x86_64();
	uint32_t i32, a, b, pa, pb;
	uint64_t fp;

	if (reversed) {
		b = add_struct(c, "b", 16);
		a = add_struct(c, "a", 16);
		i32 = add_int(c, "int", 4, true);
	} else {
		i32 = add_int(c, "int", 4, true);
		a = add_struct(c, "a", 16);
		b = add_struct(c, "b", 16);
	}
	pa = add_ref(c, KIND_PTR, NULL, a);
	pb = add_ref(c, KIND_PTR, NULL, b);
	corpus_add_member_to(c, a, "to_b", pb, 0, 0);
	corpus_add_member_to(c, a, "x", i32, 64, 0);
	corpus_add_member_to(c, b, "to_a", pa, 0, 0);
	corpus_add_member_to(c, b, change_b ? "z" : "y", i32, 64, 0);
	assert_int_equal(corpus_finalize(c), 0);
	fp = shape_of(c, KIND_STRUCT, "a");
	corpus_free(c);
	return fp;
}

static void test_mutual_recursion(void **state)
{
	(void)state;
	assert_int_equal(build_mutual(false, false), build_mutual(false, true));
	assert_int_not_equal(build_mutual(false, false), build_mutual(true, false));
}

/* Ids after finalize follow fingerprints, not insertion order. */
static void test_order_independent_ids(void **state)
{
	struct corpus *x = new_x86_64(), *y = new_x86_64();
	uint32_t i, s;

	(void)state;
	i = add_int(x, "int", 4, true);
	s = add_struct(x, "s", 4);
	corpus_add_member_to(x, s, "m", i, 0, 0);
	add_ref(x, KIND_TYPEDEF, "s_t", s);

	s = add_struct(y, "s", 4);
	add_ref(y, KIND_TYPEDEF, "s_t", s);
	i = add_int(y, "int", 4, true);
	corpus_add_member_to(y, s, "m", i, 0, 0);

	assert_int_equal(corpus_finalize(x), 0);
	assert_int_equal(corpus_finalize(y), 0);
	assert_int_equal(x->nr_types, y->nr_types);
	for (size_t k = 0; k < x->nr_types; k++) {
		assert_int_equal(x->types[k].fp, y->types[k].fp);
		assert_int_equal(x->types[k].ref_id, y->types[k].ref_id);
	}
	corpus_free(x);
	corpus_free(y);
}

/*
 * struct foo { int a; [long b;] }; struct bar { struct foo *p; int n; };
 * typedef struct foo foo_t; CHANGE adds foo.b.
 */
static struct corpus *build_stability(bool change)
{
	struct corpus *c = new_x86_64();
	uint32_t i = add_int(c, "int", 4, true), l = add_int(c, "long", 8, true);
	uint32_t foo = add_struct(c, "foo", change ? 16 : 4);
	uint32_t p = add_ref(c, KIND_PTR, NULL, foo);
	uint32_t bar = add_struct(c, "bar", 16);

	add_ref(c, KIND_TYPEDEF, "foo_t", foo);
	corpus_add_member_to(c, foo, "a", i, 0, 0);
	if (change)
		corpus_add_member_to(c, foo, "b", l, 64, 0);
	corpus_add_member_to(c, bar, "p", p, 0, 0);
	corpus_add_member_to(c, bar, "n", i, 64, 0);
	assert_int_equal(corpus_finalize(c), 0);
	return c;
}

static uint64_t fp_of_pointer_to(const struct corpus *c, const char *name)
{
	for (size_t k = 1; k < c->nr_types; k++)
		if (c->types[k].kind == KIND_PTR &&
		    strcmp(corpus_name(c, c->types[c->types[k].ref_id].name_off), name) == 0)
			return c->types[k].fp;
	fail_msg("no pointer to %s", name);
	return 0;
}

/* A change inside struct foo changes foo's shape, and no other type's id. */
static void test_fingerprints_stable_under_change(void **state)
{
	struct corpus *a = build_stability(false), *b = build_stability(true);

	(void)state;
	assert_int_not_equal(shape_of(a, KIND_STRUCT, "foo"), shape_of(b, KIND_STRUCT, "foo"));
	assert_int_not_equal(shape_of(a, KIND_STRUCT, "bar"), shape_of(b, KIND_STRUCT, "bar"));
	assert_int_equal(fp_of(a, KIND_STRUCT, "foo"), fp_of(b, KIND_STRUCT, "foo"));
	assert_int_equal(fp_of(a, KIND_STRUCT, "bar"), fp_of(b, KIND_STRUCT, "bar"));
	assert_int_equal(fp_of(a, KIND_TYPEDEF, "foo_t"), fp_of(b, KIND_TYPEDEF, "foo_t"));
	assert_int_equal(fp_of_pointer_to(a, "foo"), fp_of_pointer_to(b, "foo"));
	/* and every type other than foo keeps its id */
	for (size_t k = 1; k < a->nr_types; k++) {
		bool found = false;

		for (size_t j = 1; j < b->nr_types; j++)
			found |= a->types[k].fp == b->types[j].fp;
		assert_true(found);
	}
	corpus_free(a);
	corpus_free(b);
}

/* Two different struct foo in one corpus get different, deterministic fingerprints. */
static void test_same_name_variants(void **state)
{
	struct corpus *c = new_x86_64(), *d = new_x86_64();
	uint64_t fps[2][2];
	struct corpus *cs[2] = { c, d };

	(void)state;
	for (int k = 0; k < 2; k++) {
		/* built in opposite orders */
		for (int v = 0; v < 2; v++) {
			int which = k ? 1 - v : v;
			uint32_t i = add_int(cs[k], which ? "long" : "int", which ? 8 : 4, true);
			uint32_t s = add_struct(cs[k], "foo", which ? 8 : 4);

			corpus_add_member_to(cs[k], s, "a", i, 0, 0);
		}
		assert_int_equal(corpus_finalize(cs[k]), 0);
		assert_int_equal(count_named(cs[k], KIND_STRUCT, "foo"), 2);
		for (size_t t = 1, n = 0; t < cs[k]->nr_types; t++)
			if (cs[k]->types[t].kind == KIND_STRUCT)
				fps[k][n++] = cs[k]->types[t].fp;
		assert_int_not_equal(fps[k][0], fps[k][1]);
	}
	assert_memory_equal(fps[0], fps[1], sizeof(fps[0]));
	corpus_free(c);
	corpus_free(d);
}

/*
 * Unit 1: struct x { int a; }; struct y { struct x *p; }
 * Unit 2: struct x;           struct y { struct x *p; }   (y differs only by the fwd)
 * Unit 3: struct y;           void *q = (struct y *)0;
 * Resolving x makes the two y merge, which makes unit 3's y resolvable.
 */
static void test_declarations_cascade(void **state)
{
	struct corpus *c = new_x86_64();

	(void)state;
	for (int unit = 0; unit < 2; unit++) {
		uint32_t i = add_int(c, "int", 4, true);
		uint32_t x = unit ? (uint32_t)corpus_add_type(c, KIND_FWD, "x") : add_struct(c, "x", 4);
		uint32_t p = add_ref(c, KIND_PTR, NULL, x);
		uint32_t y = add_struct(c, "y", 8);

		if (!unit)
			corpus_add_member_to(c, x, "a", i, 0, 0);
		corpus_add_member_to(c, y, "p", p, 0, 0);
	}
	add_ref(c, KIND_PTR, NULL, (uint32_t)corpus_add_type(c, KIND_FWD, "y"));
	assert_int_equal(corpus_finalize(c), 0);
	assert_int_equal(count_named(c, KIND_FWD, "x"), 0);
	assert_int_equal(count_named(c, KIND_FWD, "y"), 0);
	assert_int_equal(count_named(c, KIND_STRUCT, "y"), 1);
	corpus_free(c);
}

static void test_by_value_cycle_rejected(void **state)
{
	struct corpus *c = new_x86_64();
	uint32_t s = add_struct(c, "self", 8);
	uint32_t td = add_ref(c, KIND_TYPEDEF, "self_t", s);

	(void)state;
	corpus_add_member_to(c, s, "me", td, 0, 0);
	assert_int_equal(corpus_finalize(c), -ELOOP);
	corpus_free(c);
}

static void test_dangling_reference_rejected(void **state)
{
	struct corpus *c = new_x86_64();

	(void)state;
	add_ref(c, KIND_PTR, NULL, 1234);
	assert_int_equal(corpus_finalize(c), -EINVAL);
	corpus_free(c);
}

/* A typedef chain far deeper than any recursion limit finalizes. */
static void test_deep_chain(void **state)
{
	struct corpus *c = new_x86_64();
	uint32_t prev = add_int(c, "int", 4, true);

	(void)state;
	for (int k = 0; k < 100000; k++)
		prev = add_ref(c, k % 2 ? KIND_TYPEDEF : KIND_PTR, k % 2 ? "t" : NULL, prev);
	assert_int_equal(corpus_finalize(c), 0);
	corpus_free(c);
}

struct align_case {
	const char *what;
	uint16_t machine;
	uint8_t elf_class;
	uint64_t size;
	uint64_t off_bits; /* of the 8-byte member */
	uint32_t want_align;
	bool want_packed;
};

static void test_alignment_inference(void **state)
{
	static const struct align_case cases[] = {
		{ "x86_64 natural", EM_X86_64, 64, 16, 64, 8, false },
		{ "i386 int64 aligned to 4", EM_386, 32, 12, 32, 4, false },
		{ "x86_64 packed", EM_X86_64, 64, 9, 8, 1, true },
		{ "x86_64 packed aligned(2)", EM_X86_64, 64, 10, 16, 2, true },
		{ "arm int64 aligned to 8", EM_ARM, 32, 16, 64, 8, false },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct align_case *tc = &cases[k];
		struct corpus *c = corpus_new("test");
		uint32_t ch, i64, s;

		target_init(&c->target, tc->machine, tc->elf_class, ORDER_LITTLE);
		ch = add_int(c, "char", 1, true);
		i64 = add_int(c, "long long", 8, true);
		s = add_struct(c, "s", tc->size);
		corpus_add_member_to(c, s, "c", ch, 0, 0);
		corpus_add_member_to(c, s, "q", i64, tc->off_bits, 0);
		assert_int_equal(corpus_finalize(c), 0);
		s = (uint32_t)corpus_find_type(c, "struct s");
		if (corpus_type(c, s)->align != tc->want_align ||
		    !!(corpus_type(c, s)->flags & TF_PACKED) != tc->want_packed)
			fail_msg("%s: align %u packed %d", tc->what, corpus_type(c, s)->align,
				 !!(corpus_type(c, s)->flags & TF_PACKED));
		corpus_free(c);
	}
}

static void test_array_size(void **state)
{
	struct corpus *c = new_x86_64();
	uint32_t i = add_int(c, "int", 4, true);
	uint32_t inner = add_ref(c, KIND_ARRAY, NULL, i);
	uint32_t outer = add_ref(c, KIND_ARRAY, NULL, inner);
	uint32_t huge = add_ref(c, KIND_ARRAY, NULL, i);

	(void)state;
	corpus_type(c, inner)->nr_elems = 3;
	corpus_type(c, outer)->nr_elems = 2;
	corpus_type(c, huge)->nr_elems = 1ull << 62;
	assert_int_equal(corpus_finalize(c), -EOVERFLOW);
	corpus_free(c);

	c = new_x86_64();
	i = add_int(c, "int", 4, true);
	inner = add_ref(c, KIND_ARRAY, NULL, i);
	outer = add_ref(c, KIND_ARRAY, NULL, inner);
	corpus_type(c, inner)->nr_elems = 3;
	corpus_type(c, outer)->nr_elems = 2;
	assert_int_equal(corpus_finalize(c), 0);
	for (size_t k = 1; k < c->nr_types; k++)
		if (c->types[k].kind == KIND_ARRAY && c->types[k].nr_elems == 2)
			assert_int_equal(c->types[k].size, 24);
	corpus_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_hash_equal),
		cmocka_unit_test(test_differences_hash_differently),
		cmocka_unit_test(test_recursive_dedup),
		cmocka_unit_test(test_duplicate_nodes_in_cycle),
		cmocka_unit_test(test_mutual_recursion),
		cmocka_unit_test(test_order_independent_ids),
		cmocka_unit_test(test_fingerprints_stable_under_change),
		cmocka_unit_test(test_same_name_variants),
		cmocka_unit_test(test_declarations_cascade),
		cmocka_unit_test(test_by_value_cycle_rejected),
		cmocka_unit_test(test_dangling_reference_rejected),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_alignment_inference),
		cmocka_unit_test(test_array_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
