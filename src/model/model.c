/* SPDX-License-Identifier: MIT */
#include "model/model.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct corpus *corpus_new(const char *path)
{
	struct corpus *c = xcalloc(1, sizeof(*c));

	c->path = xstrdup(path ? path : "");
	strset_init(&c->strs);
	/* id 0 is void */
	ARRAY_GROW(c->types, c->cap_types, 1);
	memset(&c->types[0], 0, sizeof(c->types[0]));
	c->nr_types = 1;
	return c;
}

void corpus_free(struct corpus *c)
{
	if (!c)
		return;
	free(c->path);
	strset_release(&c->strs);
	free(c->types);
	free(c->members);
	free(c->params);
	free(c->enumerators);
	free(c->syms);
	for (size_t i = 0; i < c->nr_root_files; i++)
		free(c->root_files[i]);
	free(c->root_files);
	free(c);
}

uint32_t corpus_str(struct corpus *c, const char *s)
{
	int64_t off;

	if (!s || !*s)
		return 0;
	off = strset_add(&c->strs, s);
	return off < 0 ? 0 : (uint32_t)off;
}

int64_t corpus_add_type(struct corpus *c, enum type_kind kind, const char *name)
{
	struct type *t;

	if (c->nr_types >= UINT32_MAX)
		return -E2BIG;
	ARRAY_GROW(c->types, c->cap_types, c->nr_types + 1);
	t = &c->types[c->nr_types];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->name_off = corpus_str(c, name);
	return (int64_t)c->nr_types++;
}

/*
 * Parts are appended to the last type; a type's parts must be contiguous, so a type
 * whose first part is added starts its range at the current end of the array.
 */
#define ADD_PART(arr, nr_arr, cap_arr, t)                                                      \
	do {                                                                                   \
		if ((t)->nr == 0)                                                              \
			(t)->first = (uint32_t)(nr_arr);                                       \
		BUG_ON((t)->first + (t)->nr != (nr_arr));                                      \
		BUG_ON((nr_arr) >= UINT32_MAX);                                                \
		ARRAY_GROW(arr, cap_arr, (nr_arr) + 1);                                        \
		(t)->nr++;                                                                     \
	} while (0)

void corpus_add_member(struct corpus *c, const char *name, uint32_t type_id, uint64_t bit_off,
		       uint32_t bit_size)
{
	corpus_add_member_to(c, (uint32_t)(c->nr_types - 1), name, type_id, bit_off, bit_size);
}

void corpus_add_param(struct corpus *c, const char *name, uint32_t type_id)
{
	corpus_add_param_to(c, (uint32_t)(c->nr_types - 1), name, type_id);
}

void corpus_add_enumerator(struct corpus *c, const char *name, uint64_t value)
{
	corpus_add_enumerator_to(c, (uint32_t)(c->nr_types - 1), name, value);
}

static struct type *part_owner(struct corpus *c, uint32_t id)
{
	BUG_ON(id == 0 || id >= c->nr_types);
	return &c->types[id];
}

void corpus_add_member_to(struct corpus *c, uint32_t id, const char *name, uint32_t type_id,
			  uint64_t bit_off, uint32_t bit_size)
{
	uint32_t name_off = corpus_str(c, name);
	struct type *t = part_owner(c, id);
	struct member *m;

	ADD_PART(c->members, c->nr_members, c->cap_members, t);
	m = &c->members[c->nr_members++];
	memset(m, 0, sizeof(*m));
	m->name_off = name_off;
	m->type_id = type_id;
	m->bit_off = bit_off;
	m->bit_size = bit_size;
}

void corpus_add_param_to(struct corpus *c, uint32_t id, const char *name, uint32_t type_id)
{
	uint32_t name_off = corpus_str(c, name);
	struct type *t = part_owner(c, id);
	struct param *p;

	ADD_PART(c->params, c->nr_params, c->cap_params, t);
	p = &c->params[c->nr_params++];
	p->name_off = name_off;
	p->type_id = type_id;
}

void corpus_add_enumerator_to(struct corpus *c, uint32_t id, const char *name, uint64_t value)
{
	uint32_t name_off = corpus_str(c, name);
	struct type *t = part_owner(c, id);
	struct enumerator *e;

	ADD_PART(c->enumerators, c->nr_enumerators, c->cap_enumerators, t);
	e = &c->enumerators[c->nr_enumerators++];
	memset(e, 0, sizeof(*e));
	e->name_off = name_off;
	e->value = value;
}

struct symbol *corpus_add_symbol(struct corpus *c)
{
	struct symbol *s;

	ARRAY_GROW(c->syms, c->cap_syms, c->nr_syms + 1);
	s = &c->syms[c->nr_syms++];
	memset(s, 0, sizeof(*s));
	return s;
}

static const char *const kind_names[NR_KINDS] = {
	[KIND_VOID] = "void",         [KIND_INT] = "int",
	[KIND_FLOAT] = "float",       [KIND_PTR] = "pointer",
	[KIND_ARRAY] = "array",       [KIND_STRUCT] = "struct",
	[KIND_UNION] = "union",       [KIND_ENUM] = "enum",
	[KIND_FWD] = "fwd",           [KIND_TYPEDEF] = "typedef",
	[KIND_CONST] = "const",       [KIND_VOLATILE] = "volatile",
	[KIND_RESTRICT] = "restrict", [KIND_ATOMIC] = "atomic",
	[KIND_FUNC_PROTO] = "func_proto", [KIND_FUNC] = "func",
	[KIND_VAR] = "var",
};

const char *kind_name(enum type_kind kind)
{
	return (unsigned)kind < NR_KINDS ? kind_names[kind] : "unknown";
}

int kind_from_name(const char *name)
{
	for (int k = 0; k < NR_KINDS; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return -ENOENT;
}

const char *sym_kind_name(enum sym_kind k)
{
	switch (k) {
	case SYM_FUNC: return "function";
	case SYM_VAR: return "variable";
	case SYM_TLS: return "tls";
	case SYM_IFUNC: return "ifunc";
	}
	return "unknown";
}

const char *binding_name(enum sym_binding b)
{
	switch (b) {
	case BIND_GLOBAL: return "global";
	case BIND_WEAK: return "weak";
	case BIND_UNIQUE: return "unique";
	}
	return "unknown";
}

const char *visibility_name(enum sym_visibility v)
{
	switch (v) {
	case VIS_DEFAULT: return "default";
	case VIS_PROTECTED: return "protected";
	}
	return "unknown";
}

const char *file_kind_name(enum file_kind k)
{
	switch (k) {
	case FILE_RELOCATABLE: return "relocatable";
	case FILE_EXECUTABLE: return "executable";
	case FILE_SHARED: return "shared";
	case FILE_UNKNOWN: break;
	}
	return "unknown";
}

/* target */

struct arch_desc {
	uint16_t machine;
	uint8_t elf_class;  /* 0: any */
	uint8_t byte_order; /* 0: any */
	const char *arch;
};

static const struct arch_desc arches[] = {
	{ EM_X86_64, 64, 0, "x86_64" },
	{ EM_X86_64, 32, 0, "x32" },
	{ EM_386, 0, 0, "i386" },
	{ EM_AARCH64, 0, ORDER_LITTLE, "aarch64" },
	{ EM_AARCH64, 0, ORDER_BIG, "aarch64_be" },
	{ EM_ARM, 0, ORDER_LITTLE, "arm" },
	{ EM_ARM, 0, ORDER_BIG, "armeb" },
	{ EM_RISCV, 64, 0, "riscv64" },
	{ EM_RISCV, 32, 0, "riscv32" },
	{ EM_PPC64, 0, ORDER_LITTLE, "ppc64le" },
	{ EM_PPC64, 0, ORDER_BIG, "ppc64" },
	{ EM_PPC, 0, 0, "ppc" },
	{ EM_S390, 64, 0, "s390x" },
	{ EM_S390, 32, 0, "s390" },
	{ EM_MIPS, 64, ORDER_LITTLE, "mips64el" },
	{ EM_MIPS, 64, ORDER_BIG, "mips64" },
	{ EM_MIPS, 32, ORDER_LITTLE, "mipsel" },
	{ EM_MIPS, 32, ORDER_BIG, "mips" },
	{ 258 /* EM_LOONGARCH */, 64, 0, "loongarch64" },
	{ EM_SPARCV9, 0, 0, "sparc64" },
	{ EM_SPARC, 0, 0, "sparc" },
	{ EM_68K, 0, 0, "m68k" },
	{ EM_BPF, 0, 0, "bpf" },
	{ EM_IA_64, 0, 0, "ia64" },
	{ EM_ALPHA, 0, 0, "alpha" },
	{ EM_PARISC, 0, 0, "parisc" },
	{ EM_SH, 0, 0, "sh" },
};

void target_init(struct target *t, uint16_t machine, uint8_t elf_class, uint8_t byte_order)
{
	memset(t, 0, sizeof(*t));
	t->machine = machine;
	t->elf_class = elf_class;
	t->byte_order = byte_order;
	t->pointer_size = elf_class == 64 ? 8 : 4;
	t->long_size = t->pointer_size;
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++) {
		const struct arch_desc *a = &arches[i];

		if (a->machine == machine && (!a->elf_class || a->elf_class == elf_class) &&
		    (!a->byte_order || a->byte_order == byte_order)) {
			snprintf(t->arch, sizeof(t->arch), "%s", a->arch);
			return;
		}
	}
	snprintf(t->arch, sizeof(t->arch), "em%u-%u%s", machine, elf_class,
		 byte_order == ORDER_BIG ? "be" : "le");
}

uint32_t target_scalar_align(const struct target *t, enum type_kind kind, uint64_t size)
{
	uint64_t max = 16;

	switch (t->machine) {
	case EM_386:
		/*
		 * i386 System V: 8-byte integers and doubles, and long double, align to 4
		 * inside structs; __float128 keeps 16.
		 */
		max = kind == KIND_FLOAT && size == 16 ? 16 : 4;
		break;
	case EM_68K:
		max = 2;
		break;
	case EM_S390:
		/* long double is 16 bytes aligned to 8 */
		max = 8;
		break;
	case EM_ARM:
	case EM_PPC:
	case EM_MIPS:
	case EM_SPARC:
		if (t->elf_class == 32)
			max = 8;
		break;
	default:
		break;
	}
	if (size == 0)
		return 1;
	/* sizes that are not powers of two (i386 long double: 12) round down */
	uint64_t a = 1;
	while (a * 2 <= size && a * 2 <= max)
		a *= 2;
	return (uint32_t)a;
}

bool corpus_file_is_root(const struct corpus *c, uint32_t file_off)
{
	const char *f = corpus_name(c, file_off);

	if (!c->root_files)
		return true;
	for (size_t i = 0; i < c->nr_root_files; i++)
		if (strcmp(c->root_files[i], f) == 0)
			return true;
	return false;
}
