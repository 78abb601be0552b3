/* SPDX-License-Identifier: MIT */
/*
 * The corpus: what one input says about one target. A target description, the
 * exported symbols, and a BTF-like type graph.
 *
 * Types are fixed-size records in one growable array addressed by 32-bit ids; id 0 is
 * void. Names are offsets into the corpus's string set. Variable-length parts (members,
 * parameters, enumerators) live in side arrays addressed by (first, nr). Builders append
 * a type, then its parts, to "the last type"; keep ids, never pointers, across appends:
 * every append may move the arrays.
 *
 * A reader builds a raw graph (one record per source type, duplicates allowed), then
 * calls corpus_finalize(), which infers alignments, hashes every type's shape, merges
 * types of equal shape, assigns fingerprints and renumbers types in fingerprint order,
 * so that ids and everything printed from them are independent of input order.
 */
#ifndef ABIDRIFT_MODEL_H
#define ABIDRIFT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "util/util.h"

enum type_kind {
	KIND_VOID = 0,
	KIND_INT,
	KIND_FLOAT,
	KIND_PTR,
	KIND_ARRAY,
	KIND_STRUCT,
	KIND_UNION,
	KIND_ENUM,
	KIND_FWD,
	KIND_TYPEDEF,
	KIND_CONST,
	KIND_VOLATILE,
	KIND_RESTRICT,
	KIND_ATOMIC,
	KIND_FUNC_PROTO,
	KIND_FUNC,
	KIND_VAR,
	NR_KINDS,
};

/* type.flags */
enum {
	TF_SIGNED = 1u << 0,    /* INT, ENUM: signed */
	TF_CHAR = 1u << 1,      /* INT: a character type */
	TF_BOOL = 1u << 2,      /* INT: _Bool */
	TF_COMPLEX = 1u << 3,   /* FLOAT: _Complex */
	TF_VARIADIC = 1u << 4,  /* FUNC_PROTO: ends in ... */
	TF_FLEXIBLE = 1u << 5,  /* ARRAY: flexible array member (no count) */
	TF_PACKED = 1u << 6,    /* STRUCT, UNION: members placed below natural alignment */
	TF_ALIGNED = 1u << 7,   /* STRUCT, UNION, TYPEDEF: alignment given explicitly */
	TF_FWD_UNION = 1u << 8, /* FWD: declared as union */
	TF_FWD_ENUM = 1u << 9,  /* FWD: declared as enum */
	TF_UNPROTOTYPED = 1u << 10, /* FUNC_PROTO: K&R declaration, parameters unknown */
	TF_ANON_CYCLE = 1u << 31,   /* internal to corpus_finalize() */
};

struct type {
	uint32_t kind;     /* enum type_kind */
	uint32_t name_off; /* 0: anonymous */
	/*
	 * PTR, TYPEDEF, CONST, VOLATILE, RESTRICT, ATOMIC: target type; ARRAY: element;
	 * FUNC_PROTO: return type; FUNC: its FUNC_PROTO; VAR: its type.
	 */
	uint32_t ref_id;
	uint32_t flags;
	uint64_t size;      /* bytes: INT, FLOAT, PTR, STRUCT, UNION, ENUM; ARRAY: total,
			     * computed by corpus_finalize() from count and element */
	uint64_t nr_elems;  /* ARRAY: element count (0 for [0] and flexible arrays) */
	uint32_t align;     /* bytes; 0 until inferred (STRUCT, UNION, TYPEDEF, ARRAY, ...) */
	uint32_t first;     /* STRUCT, UNION: members; ENUM: enumerators; FUNC_PROTO: params */
	uint32_t nr;        /* count of the above */
	uint32_t file_off;  /* declaration file (string offset), 0 if unknown */
	uint32_t line;      /* declaration line, 0 if unknown */
	uint32_t pad_;
	/*
	 * Set by corpus_finalize(). shape: structural hash, equal exactly when two types
	 * unfold alike (used to merge duplicates). fp: the fingerprint, the type's stable id
	 * in baselines and reports: a named type's comes from its kind and name (and a
	 * variant number when the corpus holds several different types of that name), an
	 * anonymous type's from its content and its children's fingerprints. So a change
	 * inside struct foo changes foo's record, not the id of every type that refers to it.
	 */
	uint64_t shape;
	uint64_t fp;
};

struct member {
	uint32_t name_off; /* 0: anonymous struct/union member */
	uint32_t type_id;
	uint64_t bit_off;  /* from the start of the enclosing struct */
	uint32_t bit_size; /* bitfield width; 0 if not a bitfield */
	uint32_t align;    /* aligned(N) on the member itself (DW_AT_alignment); 0 if none */
};

struct param {
	uint32_t name_off;
	uint32_t type_id;
};

struct enumerator {
	uint32_t name_off;
	uint32_t pad_;
	uint64_t value; /* two's complement; read as int64_t when the enum is TF_SIGNED */
};

enum byte_order { ORDER_LITTLE = 1, ORDER_BIG = 2 };

struct target {
	uint16_t machine;   /* ELF e_machine */
	uint8_t elf_class;  /* 32 or 64 */
	uint8_t byte_order; /* enum byte_order */
	uint8_t pointer_size;
	uint8_t long_size;
	char arch[24];      /* data model name: x86_64, i386, aarch64, arm, ... */
};

enum file_kind { FILE_UNKNOWN = 0, FILE_RELOCATABLE, FILE_EXECUTABLE, FILE_SHARED };

enum sym_kind { SYM_FUNC = 1, SYM_VAR, SYM_TLS, SYM_IFUNC };
enum sym_binding { BIND_GLOBAL = 1, BIND_WEAK, BIND_UNIQUE };
enum sym_visibility { VIS_DEFAULT = 1, VIS_PROTECTED };

struct symbol {
	uint32_t name_off;
	uint32_t version_off; /* 0: unversioned */
	uint8_t kind;         /* enum sym_kind */
	uint8_t binding;      /* enum sym_binding */
	uint8_t visibility;   /* enum sym_visibility */
	uint8_t default_version; /* name@@version rather than name@version */
	uint32_t type_id;     /* FUNC or VAR record; 0 when DWARF says nothing */
	uint64_t size;        /* st_size */
};

struct corpus_stats {
	uint64_t nr_types_raw; /* type records before dedup */
	uint64_t nr_types;     /* after */
	uint64_t nr_cus;
	uint64_t nr_dies;
};

struct corpus {
	char *path; /* input this corpus was read from */
	struct target target;
	enum file_kind file_kind;
	uint32_t soname_off;
	bool no_debug_info; /* read from an ELF file without DWARF: symbols only */
	/*
	 * A header probe: only named types declared in these files (absolute paths, as
	 * DWARF records them) are roots; NULL otherwise.
	 */
	char **root_files;
	size_t nr_root_files;

	struct strset strs;

	struct type *types;
	size_t nr_types, cap_types;
	struct member *members;
	size_t nr_members, cap_members;
	struct param *params;
	size_t nr_params, cap_params;
	struct enumerator *enumerators;
	size_t nr_enumerators, cap_enumerators;
	struct symbol *syms;
	size_t nr_syms, cap_syms;

	struct corpus_stats stats;
};


struct corpus *corpus_new(const char *path);
void corpus_free(struct corpus *c);

/* Strings; returns 0 for NULL or "" (and on the 4 GiB limit, which readers check). */
uint32_t corpus_str(struct corpus *c, const char *s);
static inline const char *corpus_name(const struct corpus *c, uint32_t off)
{
	return strset_str(&c->strs, off);
}

/* Appends a type; returns its id (never 0), or -E2BIG when ids run out. */
int64_t corpus_add_type(struct corpus *c, enum type_kind kind, const char *name);
static inline struct type *corpus_type(const struct corpus *c, uint32_t id)
{
	return &c->types[id];
}
static inline bool corpus_valid_id(const struct corpus *c, uint64_t id)
{
	return id < c->nr_types;
}
/*
 * Append parts to the last type added (its first/nr are updated). The _to variants name
 * the type: a type's parts must still be added one after another, with no other type's
 * parts in between, since they form one range.
 */
void corpus_add_member(struct corpus *c, const char *name, uint32_t type_id, uint64_t bit_off,
		       uint32_t bit_size);
void corpus_add_param(struct corpus *c, const char *name, uint32_t type_id);
void corpus_add_enumerator(struct corpus *c, const char *name, uint64_t value);
void corpus_add_member_to(struct corpus *c, uint32_t id, const char *name, uint32_t type_id,
			  uint64_t bit_off, uint32_t bit_size);
void corpus_add_param_to(struct corpus *c, uint32_t id, const char *name, uint32_t type_id);
void corpus_add_enumerator_to(struct corpus *c, uint32_t id, const char *name, uint64_t value);
struct symbol *corpus_add_symbol(struct corpus *c);

/* A type's parts; NULL when it has none (the array itself may not exist yet). */
static inline struct member *type_members(const struct corpus *c, const struct type *t)
{
	return t->nr && c->members ? &c->members[t->first] : NULL;
}
static inline struct param *type_params(const struct corpus *c, const struct type *t)
{
	return t->nr && c->params ? &c->params[t->first] : NULL;
}
static inline struct enumerator *type_enumerators(const struct corpus *c, const struct type *t)
{
	return t->nr && c->enumerators ? &c->enumerators[t->first] : NULL;
}

const char *kind_name(enum type_kind kind);    /* "struct", "typedef", "func_proto", ... */
int kind_from_name(const char *name);          /* -ENOENT if unknown */
const char *sym_kind_name(enum sym_kind k);    /* "function", "variable", "tls", "ifunc" */
const char *binding_name(enum sym_binding b);  /* "global", "weak", "unique" */
const char *visibility_name(enum sym_visibility v); /* "default", "protected" */
const char *file_kind_name(enum file_kind k);  /* "relocatable", "executable", "shared" */

/* Fill arch, pointer and long size from machine, class and byte order. */
void target_init(struct target *t, uint16_t machine, uint8_t elf_class, uint8_t byte_order);
/* Alignment of a scalar of SIZE bytes inside a struct on this target. */
uint32_t target_scalar_align(const struct target *t, enum type_kind kind, uint64_t size);

/*
 * Check the graph (every reference in range, part ranges inside their arrays, no by-value
 * cycle), infer alignments and packing, fingerprint, merge duplicates and renumber.
 * Symbols are sorted by name and version. On error reports it against c->path.
 */
int corpus_finalize(struct corpus *c);

/*
 * The smallest power of two P >= AT_LEAST (>= 1) such that FROM rounded up to P is TO:
 * the alignment that must have put something at TO after FROM; 0 if none does.
 */
uint64_t align_between(uint64_t from, uint64_t to, uint64_t at_least);

/* Skip typedefs and qualifiers (bounded); returns the id reached. */
uint32_t type_resolve(const struct corpus *c, uint32_t id);
/* Byte size of a type as a member or object (arrays, typedefs, qualifiers resolved). */
uint64_t type_size(const struct corpus *c, uint32_t id);
uint32_t type_align(const struct corpus *c, uint32_t id);

/*
 * C spelling of type ID declaring NAME (may be NULL or ""), e.g. "int (*fn)(char *)",
 * "char name[16]", "struct foo *p". Appended to OUT. Depth is bounded.
 */
void type_format(const struct corpus *c, uint32_t id, const char *name, struct dstr *out);

/* Is a type declared in FILE_OFF a root (always, unless the corpus is a header probe)? */
bool corpus_file_is_root(const struct corpus *c, uint32_t file_off);

/* Find a named STRUCT, UNION, ENUM or TYPEDEF; "struct foo", "union u" or a bare name. */
int64_t corpus_find_type(const struct corpus *c, const char *name);

#endif
