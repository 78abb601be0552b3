/* SPDX-License-Identifier: MIT */
/* The layout engine (src/layout) and drift causes (src/compare/drift.c), through the API. */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compare/drift.h"
#include "layout/layout.h"

/* A small x86_64 corpus, as gcc would describe these types. */
struct src {
	struct corpus *c;
	uint32_t i8, u32, i32, u64, ulong, llong, ptr, ldbl;
};

static uint32_t add(struct corpus *c, enum type_kind k, const char *name, uint32_t ref,
		    uint64_t size, uint32_t flags)
{
	uint32_t id = (uint32_t)corpus_add_type(c, k, name);

	c->types[id].ref_id = ref;
	c->types[id].size = size;
	c->types[id].flags = flags;
	return id;
}

static void base(struct src *s)
{
	struct corpus *c = corpus_new("x86_64.o");

	target_init(&c->target, EM_X86_64, 64, ORDER_LITTLE);
	c->file_kind = FILE_RELOCATABLE;
	s->c = c;
	s->i8 = add(c, KIND_INT, "unsigned char", 0, 1, TF_CHAR);
	s->i32 = add(c, KIND_INT, "int", 0, 4, TF_SIGNED);
	s->u32 = add(c, KIND_TYPEDEF, "uint32_t", add(c, KIND_INT, "unsigned int", 0, 4, 0), 0, 0);
	s->ulong = add(c, KIND_INT, "long unsigned int", 0, 8, 0);
	/* glibc's uint64_t is unsigned long on x86_64: the name keeps it 64-bit elsewhere */
	s->u64 = add(c, KIND_TYPEDEF, "uint64_t", s->ulong, 0, 0);
	s->llong = add(c, KIND_INT, "long long int", 0, 8, TF_SIGNED);
	s->ptr = add(c, KIND_PTR, NULL, s->i32, 8, 0);
	s->ldbl = add(c, KIND_FLOAT, "long double", 0, 16, 0);
}

static uint32_t add_struct(struct corpus *c, const char *name, uint64_t size)
{
	return add(c, KIND_STRUCT, name, 0, size, 0);
}

struct want {
	const char *arch;
	uint64_t size;
	uint32_t align;
	uint64_t offsets[4]; /* bits, members in order */
};

static void check(struct corpus *src, const char *type, const struct want *w, size_t nr)
{
	assert_int_equal(corpus_finalize(src), 0);
	for (size_t i = 0; i < nr; i++) {
		struct data_model dm;
		struct corpus *out;
		int64_t id;
		const struct type *t;

		assert_int_equal(data_model_by_arch(w[i].arch, &dm), 0);
		assert_int_equal(layout_retarget(src, &dm, &out), 0);
		id = corpus_find_type(out, type);
		assert_true(id > 0);
		t = &out->types[id];
		if (t->size != w[i].size || t->align != w[i].align)
			fail_msg("%s on %s: size %lu align %u, expected %lu %u", type, w[i].arch,
				 (unsigned long)t->size, t->align, (unsigned long)w[i].size,
				 w[i].align);
		for (uint32_t m = 0; m < t->nr && m < 4; m++)
			if (type_members(out, t)[m].bit_off != w[i].offsets[m])
				fail_msg("%s on %s: member %u at bit %lu, expected %lu", type, w[i].arch,
					 m, (unsigned long)type_members(out, t)[m].bit_off,
					 (unsigned long)w[i].offsets[m]);
		corpus_free(out);
	}
	corpus_free(src);
}

/* struct readconsole { uint8_t clear; uint32_t index; uint64_t handle; uint32_t count; } */
static void test_readconsole(void **state)
{
	static const struct want w[] = {
		{ "x86_64", 24, 8, { 0, 32, 64, 128 } },
		{ "i386", 20, 4, { 0, 32, 64, 128 } },
		{ "arm", 24, 8, { 0, 32, 64, 128 } },
		{ "aarch64", 24, 8, { 0, 32, 64, 128 } },
	};
	struct src s;
	uint32_t st;

	(void)state;
	base(&s);
	st = add_struct(s.c, "readconsole", 24);
	corpus_add_member(s.c, "clear", s.i8, 0, 0);
	corpus_add_member(s.c, "index", s.u32, 32, 0);
	corpus_add_member(s.c, "handle", s.u64, 64, 0);
	corpus_add_member(s.c, "count", s.u32, 128, 0);
	(void)st;
	check(s.c, "struct readconsole", w, sizeof(w) / sizeof(w[0]));
}

/* struct mix { int a; long l; int *p; long long q; } */
static void test_long_pointer_int64(void **state)
{
	static const struct want w[] = {
		{ "i386", 20, 4, { 0, 32, 64, 96 } },
		{ "arm", 24, 8, { 0, 32, 64, 128 } },
		{ "s390x", 32, 8, { 0, 64, 128, 192 } },
	};
	struct src s;

	(void)state;
	base(&s);
	add_struct(s.c, "mix", 32);
	corpus_add_member(s.c, "a", s.i32, 0, 0);
	corpus_add_member(s.c, "l", s.ulong, 64, 0);
	corpus_add_member(s.c, "p", s.ptr, 128, 0);
	corpus_add_member(s.c, "q", s.llong, 192, 0);
	check(s.c, "struct mix", w, sizeof(w) / sizeof(w[0]));
}

/* struct bf { uint64_t p:40; uint64_t q:40; unsigned char end; }: i386 keeps q at 40 */
static void test_bitfield_units(void **state)
{
	static const struct want w[] = {
		{ "i386", 12, 4, { 0, 40, 80 } },
		{ "aarch64", 16, 8, { 0, 64, 104 } },
	};
	struct src s;

	(void)state;
	base(&s);
	add_struct(s.c, "bf", 16);
	corpus_add_member(s.c, "p", s.u64, 0, 40);
	corpus_add_member(s.c, "q", s.u64, 64, 40);
	corpus_add_member(s.c, "end", s.i8, 104, 0);
	check(s.c, "struct bf", w, sizeof(w) / sizeof(w[0]));
}

/* A packed struct stays packed; an aligned(8) typedef keeps 8 on i386. */
static void test_packed_and_aligned(void **state)
{
	static const struct want wp[] = { { "i386", 9, 1, { 0, 8 } }, { "arm", 9, 1, { 0, 8 } } };
	static const struct want wa[] = { { "i386", 16, 8, { 0, 64 } } };
	struct src s;
	uint32_t al;

	(void)state;
	base(&s);
	add_struct(s.c, "pk", 9);
	corpus_add_member(s.c, "c", s.i8, 0, 0);
	corpus_add_member(s.c, "q", s.llong, 8, 0);
	check(s.c, "struct pk", wp, 2);

	base(&s);
	al = add(s.c, KIND_TYPEDEF, "u64_aligned", s.u64, 0, TF_ALIGNED);
	s.c->types[al].align = 8;
	add_struct(s.c, "ha", 16);
	corpus_add_member(s.c, "c", s.i8, 0, 0);
	corpus_add_member(s.c, "h", al, 64, 0);
	check(s.c, "struct ha", wa, 1);
}

static void test_fixed_width_names(void **state)
{
	(void)state;
	assert_int_equal(layout_fixed_width("uint64_t"), 8);
	assert_int_equal(layout_fixed_width("__u32"), 4);
	assert_int_equal(layout_fixed_width("__le16"), 2);
	assert_int_equal(layout_fixed_width("int8_t"), 1);
	assert_int_equal(layout_fixed_width("u_int32_t"), 4);
	assert_int_equal(layout_fixed_width("__uint64_t"), 8);
	assert_int_equal(layout_fixed_width("size_t"), 0);
	assert_int_equal(layout_fixed_width("uint_fast32_t"), 0);
	assert_int_equal(layout_fixed_width("u128"), 0);
	assert_int_equal(layout_fixed_width("suffix"), 0);
}

/* drift between an x86_64 corpus and its i386 layout names the causes. */
static void test_drift_causes(void **state)
{
	struct src s;
	struct data_model dm;
	struct corpus *i386;
	const struct corpus *cs[2];
	struct drift_result r;
	bool seen[NR_CAUSES] = { 0 };

	(void)state;
	base(&s);
	add_struct(s.c, "mix", 32);
	corpus_add_member(s.c, "a", s.i32, 0, 0);
	corpus_add_member(s.c, "l", s.ulong, 64, 0);
	corpus_add_member(s.c, "p", s.ptr, 128, 0);
	corpus_add_member(s.c, "q", s.llong, 192, 0);
	add_struct(s.c, "fixed", 16);
	corpus_add_member(s.c, "a", s.u64, 0, 0);
	corpus_add_member(s.c, "b", s.u64, 64, 0);
	assert_int_equal(corpus_finalize(s.c), 0);
	assert_int_equal(data_model_by_arch("i386", &dm), 0);
	assert_int_equal(layout_retarget(s.c, &dm, &i386), 0);
	cs[0] = i386;
	cs[1] = s.c;
	assert_int_equal(drift_compare(cs, 2, &r), 0);
	assert_int_equal(r.nr_compared, 2);
	/* struct fixed drifts by alignment only; struct mix by everything */
	assert_int_equal(r.nr_types, 2);
	assert_string_equal(r.types[1].name, "struct mix");
	for (size_t i = 0; i < r.types[1].nr_causes; i++)
		seen[r.types[1].causes[i].cause] = true;
	assert_true(seen[CAUSE_LONG_WIDTH]);
	assert_true(seen[CAUSE_POINTER_WIDTH]);
	assert_true(seen[CAUSE_INT64_ALIGNMENT]);
	assert_true(seen[CAUSE_PADDING]);
	assert_false(seen[CAUSE_ENUM_SIZE]);
	assert_string_equal(r.types[1].first_member, "struct mix.l");
	drift_result_release(&r);
	corpus_free(i386);
	corpus_free(s.c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readconsole),
		cmocka_unit_test(test_long_pointer_int64),
		cmocka_unit_test(test_bitfield_units),
		cmocka_unit_test(test_packed_and_aligned),
		cmocka_unit_test(test_fixed_width_names),
		cmocka_unit_test(test_drift_causes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
