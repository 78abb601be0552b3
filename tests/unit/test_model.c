/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the corpus builder in src/model/model.c: ids, part ranges, kind names,
 * target detection and scalar alignment. Graphs are built through the API only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/helpers.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/model.h"


/* corpus basics */

static void test_corpus_new(void **state)
{
	static const char *const paths[] = { NULL, "", "libfoo.so.1", "/a/b/c.o" };

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		struct corpus *c = corpus_new(paths[i]);
		const struct type *v;

		assert_non_null(c);
		assert_string_equal(c->path, paths[i] ? paths[i] : "");
		assert_int_equal(c->nr_types, 1);
		v = corpus_type(c, 0);
		assert_int_equal(v->kind, KIND_VOID);
		assert_int_equal(v->name_off, 0);
		assert_int_equal(v->ref_id, 0);
		assert_int_equal(v->size, 0);
		assert_int_equal(v->nr, 0);
		assert_int_equal(v->fp, 0);
		assert_true(corpus_valid_id(c, 0));
		assert_false(corpus_valid_id(c, 1));
		assert_int_equal(c->nr_members + c->nr_params + c->nr_enumerators + c->nr_syms, 0);
		assert_string_equal(corpus_name(c, 0), "");
		corpus_free(c);
	}
	/* free tolerates NULL */
	corpus_free(NULL);
}

static void test_corpus_str(void **state)
{
	struct corpus *c = corpus_new("x.o");
	uint32_t a, b;

	assert_int_equal(corpus_str(c, NULL), 0);
	assert_int_equal(corpus_str(c, ""), 0);
	a = corpus_str(c, "size_t");
	b = corpus_str(c, "ssize_t");
	assert_true(a != 0 && b != 0 && a != b);
	assert_int_equal(corpus_str(c, "size_t"), a);
	assert_string_equal(corpus_name(c, a), "size_t");
	assert_string_equal(corpus_name(c, b), "ssize_t");
	corpus_free(c);
}

static void test_add_type_ids(void **state)
{
	static const struct {
		enum type_kind kind;
		const char *name;
	} types[] = {
		{ KIND_INT, "int" },       { KIND_PTR, NULL },          { KIND_STRUCT, "foo" },
		{ KIND_STRUCT, "" },       { KIND_TYPEDEF, "foo_t" },   { KIND_CONST, NULL },
		{ KIND_ENUM, "color" },    { KIND_FUNC_PROTO, NULL },   { KIND_FUNC, "foo_init" },
		{ KIND_VAR, "foo_count" }, { KIND_STRUCT, "foo" },      { KIND_UNION, "foo" },
	};
	struct corpus *c = corpus_new("x.o");

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		int64_t id = corpus_add_type(c, types[i].kind, types[i].name);

		assert_int_equal(id, (int64_t)i + 1);
		assert_int_equal(c->nr_types, i + 2);
		assert_true(corpus_valid_id(c, (uint64_t)id));
	}
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		const struct type *t = corpus_type(c, (uint32_t)i + 1);

		assert_int_equal(t->kind, types[i].kind);
		assert_string_equal(corpus_name(c, t->name_off),
				    types[i].name ? types[i].name : "");
		if (!types[i].name || !*types[i].name)
			assert_int_equal(t->name_off, 0);
		/* a new record starts zeroed apart from kind and name */
		assert_int_equal(t->ref_id, 0);
		assert_int_equal(t->flags, 0);
		assert_int_equal(t->size, 0);
		assert_int_equal(t->align, 0);
		assert_int_equal(t->nr, 0);
		assert_int_equal(t->line, 0);
		assert_int_equal(t->fp, 0);
	}
	/* equal names share one string: struct foo, the duplicate and union foo */
	assert_int_equal(corpus_type(c, 3)->name_off, corpus_type(c, 11)->name_off);
	assert_int_equal(corpus_type(c, 3)->name_off, corpus_type(c, 12)->name_off);
	/* void is still void */
	assert_int_equal(corpus_type(c, 0)->kind, KIND_VOID);
	corpus_free(c);
}

static void test_add_type_many(void **state)
{
	enum { N = 50000 };
	struct corpus *c = corpus_new("big.o");
	char name[32];

	for (uint32_t i = 1; i <= N; i++) {
		int64_t id;

		snprintf(name, sizeof(name), "t%u", i);
		id = corpus_add_type(c, i % 2 ? KIND_STRUCT : KIND_TYPEDEF, name);
		assert_int_equal(id, i);
		/* fields set through the id survive later growth of the array */
		corpus_type(c, (uint32_t)id)->size = i * 8;
		corpus_type(c, (uint32_t)id)->ref_id = i - 1;
	}
	assert_int_equal(c->nr_types, N + 1);
	for (uint32_t i = 1; i <= N; i++) {
		const struct type *t = corpus_type(c, i);

		snprintf(name, sizeof(name), "t%u", i);
		assert_string_equal(corpus_name(c, t->name_off), name);
		assert_int_equal(t->kind, i % 2 ? KIND_STRUCT : KIND_TYPEDEF);
		assert_int_equal(t->size, (uint64_t)i * 8);
		assert_int_equal(t->ref_id, i - 1);
	}
	corpus_free(c);
}

/* parts: members, parameters, enumerators */

enum op_kind { OP_TYPE, OP_MEMBER, OP_PARAM, OP_ENUMERATOR };

struct op {
	enum op_kind op;
	uint32_t kind;     /* OP_TYPE */
	const char *name;
	uint32_t type_id;  /* OP_MEMBER, OP_PARAM */
	uint64_t value;    /* OP_MEMBER: bit offset; OP_ENUMERATOR: value */
	uint32_t bit_size; /* OP_MEMBER */
};

#define T(k, n) { OP_TYPE, k, n, 0, 0, 0 }
#define M(n, t, off, bits) { OP_MEMBER, 0, n, t, off, bits }
#define P(n, t) { OP_PARAM, 0, n, t, 0, 0 }
#define E(n, v) { OP_ENUMERATOR, 0, n, 0, v, 0 }

static const struct op build_ops[] = {
	T(KIND_INT, "int"),                  /* 1 */
	T(KIND_STRUCT, "a"),                 /* 2: members 0..2 */
	M("x", 1, 0, 0),
	M("y", 1, 32, 3),
	M(NULL, 1, 35, 5),
	T(KIND_ENUM, "e"),                   /* 3: enumerators 0..1 */
	E("E_A", 0),
	E("E_B", (uint64_t)-1),
	T(KIND_FUNC_PROTO, NULL),            /* 4: params 0..1 */
	P("argc", 1),
	P(NULL, 2),
	T(KIND_STRUCT, "empty"),             /* 5: nothing */
	T(KIND_PTR, NULL),                   /* 6 */
	T(KIND_UNION, "u"),                  /* 7: members 3..4 */
	M("i", 1, 0, 0),
	M("s", 2, 0, 0),
	T(KIND_FUNC_PROTO, NULL),            /* 8: no params */
	T(KIND_ENUM, "e2"),                  /* 9: enumerator 2 */
	E("E2_ONLY", 7),
	T(KIND_FUNC_PROTO, NULL),            /* 10: params 2..4 */
	P("a", 1),
	P("b", 6),
	P("c", 1),
	T(KIND_STRUCT, NULL),                /* 11: member 5 */
	M("z", 1, UINT64_C(1) << 40, 0),
};

static const struct {
	uint32_t id, first, nr;
} build_want[] = {
	{ 1, 0, 0 }, { 2, 0, 3 }, { 3, 0, 2 }, { 4, 0, 2 }, { 5, 0, 0 }, { 6, 0, 0 },
	{ 7, 3, 2 }, { 8, 0, 0 }, { 9, 2, 1 }, { 10, 2, 3 }, { 11, 5, 1 },
};

static void run_ops(struct corpus *c, const struct op *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &ops[i];

		switch (o->op) {
		case OP_TYPE:
			assert_true(corpus_add_type(c, o->kind, o->name) > 0);
			break;
		case OP_MEMBER:
			corpus_add_member(c, o->name, o->type_id, o->value, o->bit_size);
			break;
		case OP_PARAM:
			corpus_add_param(c, o->name, o->type_id);
			break;
		case OP_ENUMERATOR:
			corpus_add_enumerator(c, o->name, o->value);
			break;
		}
	}
}

/* Checks every part against the ops that added it, walking types by their ranges. */
static void check_parts(const struct corpus *c, const struct op *ops, size_t n)
{
	uint32_t id = 0, k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct op *o = &ops[i];
		const struct type *t;

		if (o->op == OP_TYPE) {
			id++;
			k = 0;
			continue;
		}
		t = corpus_type(c, id);
		assert_true(k < t->nr);
		switch (o->op) {
		case OP_MEMBER: {
			const struct member *m = &type_members(c, t)[k];

			assert_string_equal(corpus_name(c, m->name_off), o->name ? o->name : "");
			assert_int_equal(m->type_id, o->type_id);
			assert_int_equal(m->bit_off, o->value);
			assert_int_equal(m->bit_size, o->bit_size);
			break;
		}
		case OP_PARAM: {
			const struct param *p = &type_params(c, t)[k];

			assert_string_equal(corpus_name(c, p->name_off), o->name ? o->name : "");
			assert_int_equal(p->type_id, o->type_id);
			break;
		}
		case OP_ENUMERATOR: {
			const struct enumerator *e = &type_enumerators(c, t)[k];

			assert_string_equal(corpus_name(c, e->name_off), o->name);
			assert_int_equal(e->value, o->value);
			break;
		}
		case OP_TYPE:
			break;
		}
		k++;
	}
}

static void test_parts_ranges(void **state)
{
	struct corpus *c = corpus_new("parts.o");

	run_ops(c, build_ops, ARRAY_SIZE(build_ops));
	assert_int_equal(c->nr_types, 12);
	assert_int_equal(c->nr_members, 6);
	assert_int_equal(c->nr_params, 5);
	assert_int_equal(c->nr_enumerators, 3);
	for (size_t i = 0; i < ARRAY_SIZE(build_want); i++) {
		const struct type *t = corpus_type(c, build_want[i].id);

		assert_int_equal(t->nr, build_want[i].nr);
		if (build_want[i].nr)
			assert_int_equal(t->first, build_want[i].first);
	}
	check_parts(c, build_ops, ARRAY_SIZE(build_ops));
	corpus_free(c);
}

/* Many parts per type, forcing every side array to grow several times mid-type. */
static void test_parts_growth(void **state)
{
	enum { NR_TYPES = 60, PER = 97 };
	struct corpus *c = corpus_new("grow.o");
	char name[32];

	assert_int_equal(corpus_add_type(c, KIND_INT, "int"), 1);
	for (uint32_t i = 0; i < NR_TYPES; i++) {
		enum type_kind kind = i % 3 == 0 ? KIND_STRUCT
				      : i % 3 == 1 ? KIND_ENUM
						   : KIND_FUNC_PROTO;

		assert_int_equal(corpus_add_type(c, kind, NULL), i + 2);
		for (uint32_t j = 0; j < PER + i; j++) {
			snprintf(name, sizeof(name), "p%u_%u", i, j);
			if (kind == KIND_STRUCT)
				corpus_add_member(c, name, 1, (uint64_t)j * 32, j % 7);
			else if (kind == KIND_ENUM)
				corpus_add_enumerator(c, name, (uint64_t)i << 32 | j);
			else
				corpus_add_param(c, name, i + 1);
		}
	}
	{
		uint32_t next[3] = { 0, 0, 0 };

		for (uint32_t i = 0; i < NR_TYPES; i++) {
			const struct type *t = corpus_type(c, i + 2);

			assert_int_equal(t->nr, PER + i);
			assert_int_equal(t->first, next[i % 3]);
			next[i % 3] += t->nr;
			for (uint32_t j = 0; j < t->nr; j++) {
				snprintf(name, sizeof(name), "p%u_%u", i, j);
				if (i % 3 == 0) {
					const struct member *m = &type_members(c, t)[j];

					assert_string_equal(corpus_name(c, m->name_off), name);
					assert_int_equal(m->bit_off, (uint64_t)j * 32);
					assert_int_equal(m->bit_size, j % 7);
				} else if (i % 3 == 1) {
					const struct enumerator *e = &type_enumerators(c, t)[j];

					assert_string_equal(corpus_name(c, e->name_off), name);
					assert_int_equal(e->value, (uint64_t)i << 32 | j);
				} else {
					const struct param *p = &type_params(c, t)[j];

					assert_string_equal(corpus_name(c, p->name_off), name);
					assert_int_equal(p->type_id, i + 1);
				}
			}
		}
		assert_int_equal(c->nr_members, next[0]);
		assert_int_equal(c->nr_enumerators, next[1]);
		assert_int_equal(c->nr_params, next[2]);
	}
	corpus_free(c);
}

/* The _to variants name the type; its parts must still form one range. */
static void test_parts_to(void **state)
{
	struct corpus *c = corpus_new("to.o");
	uint32_t i_int, s1, s2, fp, en;
	const struct type *t;

	i_int = (uint32_t)corpus_add_type(c, KIND_INT, "int");
	s1 = (uint32_t)corpus_add_type(c, KIND_STRUCT, "s1");
	s2 = (uint32_t)corpus_add_type(c, KIND_STRUCT, "s2");
	fp = (uint32_t)corpus_add_type(c, KIND_FUNC_PROTO, NULL);
	en = (uint32_t)corpus_add_type(c, KIND_ENUM, "en");
	/* s2 first, then s1, both before the last type (en) */
	corpus_add_member_to(c, s2, "b0", i_int, 0, 0);
	corpus_add_member_to(c, s2, "b1", i_int, 32, 0);
	corpus_add_member_to(c, s1, "a0", s2, 0, 0);
	corpus_add_param_to(c, fp, "p", s1);
	corpus_add_enumerator_to(c, en, "X", 1);
	corpus_add_enumerator(c, "Y", 2); /* the last type is en */

	t = corpus_type(c, s2);
	assert_int_equal(t->first, 0);
	assert_int_equal(t->nr, 2);
	assert_string_equal(corpus_name(c, type_members(c, t)[1].name_off), "b1");
	t = corpus_type(c, s1);
	assert_int_equal(t->first, 2);
	assert_int_equal(t->nr, 1);
	assert_int_equal(type_members(c, t)[0].type_id, s2);
	t = corpus_type(c, fp);
	assert_int_equal(t->first, 0);
	assert_int_equal(t->nr, 1);
	assert_int_equal(type_params(c, t)[0].type_id, s1);
	t = corpus_type(c, en);
	assert_int_equal(t->first, 0);
	assert_int_equal(t->nr, 2);
	assert_int_equal(type_enumerators(c, t)[1].value, 2);
	corpus_free(c);
}

/* Builder misuse is a bug in the reader, caught loudly rather than corrupting ranges. */
static void member_without_type(void)
{
	struct corpus *c = corpus_new("x.o");

	corpus_add_member(c, "m", 0, 0, 0);
}

static void param_to_void(void)
{
	struct corpus *c = corpus_new("x.o");

	corpus_add_type(c, KIND_FUNC_PROTO, NULL);
	corpus_add_param_to(c, 0, "p", 0);
}

static void enumerator_to_bad_id(void)
{
	struct corpus *c = corpus_new("x.o");

	corpus_add_type(c, KIND_ENUM, "e");
	corpus_add_enumerator_to(c, 2, "X", 0);
}

static void interleaved_members(void)
{
	struct corpus *c = corpus_new("x.o");

	corpus_add_type(c, KIND_STRUCT, "a");
	corpus_add_type(c, KIND_STRUCT, "b");
	corpus_add_member_to(c, 1, "a0", 0, 0, 0);
	corpus_add_member_to(c, 2, "b0", 0, 0, 0);
	corpus_add_member_to(c, 1, "a1", 0, 0, 0);
}

static void test_parts_misuse(void **state)
{
	static const struct {
		const char *what;
		void (*fn)(void);
	} cases[] = {
		{ "member before any type", member_without_type },
		{ "param to void", param_to_void },
		{ "enumerator to an id past the end", enumerator_to_bad_id },
		{ "a type's members split by another's", interleaved_members },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (!aborts(cases[i].fn))
			fail_msg("%s: not caught", cases[i].what);
}

static void test_symbols(void **state)
{
	struct corpus *c = corpus_new("libx.so");

	for (uint32_t i = 0; i < 100; i++) {
		struct symbol *s = corpus_add_symbol(c);

		/* a new symbol starts zeroed */
		assert_int_equal(s->name_off, 0);
		assert_int_equal(s->kind, 0);
		assert_int_equal(s->type_id, 0);
		assert_int_equal(s->size, 0);
		s->name_off = corpus_str(c, i % 2 ? "odd" : "even");
		s->size = i;
		s->kind = SYM_FUNC;
		assert_int_equal(c->nr_syms, i + 1);
	}
	for (uint32_t i = 0; i < 100; i++) {
		assert_string_equal(corpus_name(c, c->syms[i].name_off), i % 2 ? "odd" : "even");
		assert_int_equal(c->syms[i].size, i);
	}
	corpus_free(c);
}

/* names */

static void test_kind_names(void **state)
{
	static const struct {
		enum type_kind kind;
		const char *name;
	} known[] = {
		{ KIND_VOID, "void" },         { KIND_INT, "int" },
		{ KIND_FLOAT, "float" },       { KIND_PTR, "pointer" },
		{ KIND_ARRAY, "array" },       { KIND_STRUCT, "struct" },
		{ KIND_UNION, "union" },       { KIND_ENUM, "enum" },
		{ KIND_FWD, "fwd" },           { KIND_TYPEDEF, "typedef" },
		{ KIND_CONST, "const" },       { KIND_VOLATILE, "volatile" },
		{ KIND_RESTRICT, "restrict" }, { KIND_ATOMIC, "atomic" },
		{ KIND_FUNC_PROTO, "func_proto" }, { KIND_FUNC, "func" },
		{ KIND_VAR, "var" },
	};
	static const char *const unknown[] = {
		"", "unknown", "Struct", "STRUCT", "structure", "struct ", " struct", "ptr",
		"func_", "func_proto2", "voi", "integer",
	};

	assert_int_equal(ARRAY_SIZE(known), NR_KINDS);
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		assert_string_equal(kind_name(known[i].kind), known[i].name);
		assert_int_equal(kind_from_name(known[i].name), known[i].kind);
	}
	/* every kind round-trips and names are distinct */
	for (int k = 0; k < NR_KINDS; k++) {
		assert_int_equal(kind_from_name(kind_name(k)), k);
		for (int j = 0; j < k; j++)
			assert_string_not_equal(kind_name(k), kind_name(j));
	}
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_int_equal(kind_from_name(unknown[i]), -ENOENT);
	assert_string_equal(kind_name(NR_KINDS), "unknown");
	assert_string_equal(kind_name((enum type_kind)1000), "unknown");
}

static void test_other_names(void **state)
{
	assert_string_equal(sym_kind_name(SYM_FUNC), "function");
	assert_string_equal(sym_kind_name(SYM_VAR), "variable");
	assert_string_equal(sym_kind_name(SYM_TLS), "tls");
	assert_string_equal(sym_kind_name(SYM_IFUNC), "ifunc");
	assert_string_equal(sym_kind_name((enum sym_kind)0), "unknown");
	assert_string_equal(binding_name(BIND_GLOBAL), "global");
	assert_string_equal(binding_name(BIND_WEAK), "weak");
	assert_string_equal(binding_name(BIND_UNIQUE), "unique");
	assert_string_equal(binding_name((enum sym_binding)0), "unknown");
	assert_string_equal(visibility_name(VIS_DEFAULT), "default");
	assert_string_equal(visibility_name(VIS_PROTECTED), "protected");
	assert_string_equal(visibility_name((enum sym_visibility)0), "unknown");
	assert_string_equal(file_kind_name(FILE_RELOCATABLE), "relocatable");
	assert_string_equal(file_kind_name(FILE_EXECUTABLE), "executable");
	assert_string_equal(file_kind_name(FILE_SHARED), "shared");
	assert_string_equal(file_kind_name(FILE_UNKNOWN), "unknown");
}

/* targets */

static void test_target_init(void **state)
{
	static const struct {
		uint16_t machine;
		uint8_t elf_class, order;
		const char *arch;
		uint8_t ptr, lng;
	} cases[] = {
		{ EM_X86_64, 64, ORDER_LITTLE, "x86_64", 8, 8 },
		{ EM_X86_64, 32, ORDER_LITTLE, "x32", 4, 4 },
		{ EM_386, 32, ORDER_LITTLE, "i386", 4, 4 },
		{ EM_AARCH64, 64, ORDER_LITTLE, "aarch64", 8, 8 },
		{ EM_AARCH64, 64, ORDER_BIG, "aarch64_be", 8, 8 },
		{ EM_ARM, 32, ORDER_LITTLE, "arm", 4, 4 },
		{ EM_ARM, 32, ORDER_BIG, "armeb", 4, 4 },
		{ EM_RISCV, 64, ORDER_LITTLE, "riscv64", 8, 8 },
		{ EM_RISCV, 32, ORDER_LITTLE, "riscv32", 4, 4 },
		{ EM_PPC64, 64, ORDER_LITTLE, "ppc64le", 8, 8 },
		{ EM_PPC64, 64, ORDER_BIG, "ppc64", 8, 8 },
		{ EM_PPC, 32, ORDER_BIG, "ppc", 4, 4 },
		{ EM_S390, 64, ORDER_BIG, "s390x", 8, 8 },
		{ EM_S390, 32, ORDER_BIG, "s390", 4, 4 },
		{ EM_MIPS, 32, ORDER_BIG, "mips", 4, 4 },
		{ EM_MIPS, 32, ORDER_LITTLE, "mipsel", 4, 4 },
		{ EM_MIPS, 64, ORDER_BIG, "mips64", 8, 8 },
		{ EM_MIPS, 64, ORDER_LITTLE, "mips64el", 8, 8 },
		{ EM_LOONGARCH, 64, ORDER_LITTLE, "loongarch64", 8, 8 },
		{ EM_SPARCV9, 64, ORDER_BIG, "sparc64", 8, 8 },
		{ EM_68K, 32, ORDER_BIG, "m68k", 4, 4 },
		{ EM_BPF, 64, ORDER_LITTLE, "bpf", 8, 8 },
		/* unknown machines get a name that still says machine, class and order */
		{ 9999, 64, ORDER_LITTLE, "em9999-64le", 8, 8 },
		{ 9999, 32, ORDER_BIG, "em9999-32be", 4, 4 },
		{ EM_NONE, 64, ORDER_BIG, "em0-64be", 8, 8 },
		{ 65535, 64, ORDER_LITTLE, "em65535-64le", 8, 8 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct target t;

		memset(&t, 0xa5, sizeof(t));
		target_init(&t, cases[i].machine, cases[i].elf_class, cases[i].order);
		if (strcmp(t.arch, cases[i].arch) != 0)
			fail_msg("machine %u class %u order %u: arch '%s', want '%s'",
				 cases[i].machine, cases[i].elf_class, cases[i].order, t.arch,
				 cases[i].arch);
		assert_int_equal(t.machine, cases[i].machine);
		assert_int_equal(t.elf_class, cases[i].elf_class);
		assert_int_equal(t.byte_order, cases[i].order);
		assert_int_equal(t.pointer_size, cases[i].ptr);
		assert_int_equal(t.long_size, cases[i].lng);
		/* the name is NUL-terminated inside the field */
		assert_true(memchr(t.arch, '\0', sizeof(t.arch)) != NULL);
	}
}

static void test_target_scalar_align(void **state)
{
	static const struct {
		uint16_t machine;
		uint8_t elf_class, order;
		enum type_kind kind;
		uint64_t size;
		uint32_t align;
	} cases[] = {
		/* i386 System V: long long, double and long double align to 4 in structs */
		{ EM_386, 32, ORDER_LITTLE, KIND_INT, 1, 1 },
		{ EM_386, 32, ORDER_LITTLE, KIND_INT, 2, 2 },
		{ EM_386, 32, ORDER_LITTLE, KIND_INT, 4, 4 },
		{ EM_386, 32, ORDER_LITTLE, KIND_INT, 8, 4 },
		{ EM_386, 32, ORDER_LITTLE, KIND_FLOAT, 8, 4 },
		{ EM_386, 32, ORDER_LITTLE, KIND_FLOAT, 12, 4 },
		{ EM_386, 32, ORDER_LITTLE, KIND_PTR, 4, 4 },
		/* x86_64: natural alignment up to 16 (__int128, long double) */
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_INT, 1, 1 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_INT, 4, 4 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_INT, 8, 8 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_FLOAT, 8, 8 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_INT, 16, 16 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_FLOAT, 16, 16 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_PTR, 8, 8 },
		/* x32 keeps 8-byte alignment for long long */
		{ EM_X86_64, 32, ORDER_LITTLE, KIND_INT, 8, 8 },
		/* arm EABI aligns 8-byte scalars to 8 */
		{ EM_ARM, 32, ORDER_LITTLE, KIND_INT, 8, 8 },
		{ EM_ARM, 32, ORDER_LITTLE, KIND_FLOAT, 8, 8 },
		{ EM_ARM, 32, ORDER_LITTLE, KIND_INT, 4, 4 },
		{ EM_AARCH64, 64, ORDER_LITTLE, KIND_INT, 8, 8 },
		{ EM_AARCH64, 64, ORDER_LITTLE, KIND_FLOAT, 16, 16 },
		{ EM_RISCV, 64, ORDER_LITTLE, KIND_FLOAT, 16, 16 },
		{ EM_PPC64, 64, ORDER_LITTLE, KIND_FLOAT, 16, 16 },
		/* s390x: 16-byte long double aligns to 8 */
		{ EM_S390, 64, ORDER_BIG, KIND_FLOAT, 16, 8 },
		{ EM_S390, 64, ORDER_BIG, KIND_INT, 8, 8 },
		{ EM_S390, 64, ORDER_BIG, KIND_INT, 2, 2 },
		/* m68k aligns everything wider than 2 to 2 */
		{ EM_68K, 32, ORDER_BIG, KIND_INT, 4, 2 },
		{ EM_68K, 32, ORDER_BIG, KIND_FLOAT, 8, 2 },
		{ EM_68K, 32, ORDER_BIG, KIND_INT, 1, 1 },
		/* sizes that are not powers of two round down; 0 gives 1 */
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_INT, 3, 2 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_FLOAT, 10, 8 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_INT, 0, 1 },
		{ EM_X86_64, 64, ORDER_LITTLE, KIND_INT, 64, 16 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct target t;
		uint32_t a;

		target_init(&t, cases[i].machine, cases[i].elf_class, cases[i].order);
		a = target_scalar_align(&t, cases[i].kind, cases[i].size);
		if (a != cases[i].align)
			fail_msg("%s %s size %llu: align %u, want %u", t.arch,
				 kind_name(cases[i].kind), (unsigned long long)cases[i].size, a,
				 cases[i].align);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_new),
		cmocka_unit_test(test_corpus_str),
		cmocka_unit_test(test_add_type_ids),
		cmocka_unit_test(test_add_type_many),
		cmocka_unit_test(test_parts_ranges),
		cmocka_unit_test(test_parts_growth),
		cmocka_unit_test(test_parts_to),
		cmocka_unit_test(test_parts_misuse),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_other_names),
		cmocka_unit_test(test_target_init),
		cmocka_unit_test(test_target_scalar_align),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
