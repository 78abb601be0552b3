/* SPDX-License-Identifier: MIT */
/*
 * Drift: one named type on several targets. Each type is flattened into its members
 * (anonymous struct and union members expanded in place, with paths), and the
 * flattened layouts are compared path by path. A member whose size differs says why by
 * its type (a pointer, a long, an enum, an embedded struct that drifts itself); one
 * whose size agrees but whose alignment does is an 8-byte integer or double aligned
 * differently (i386 aligns them to 4 inside structs); bitfields that move are bitfield
 * layout; holes and tail padding present on one target only are padding.
 */
#include "compare/drift.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"

#define MAX_NEST 16

static const char *const cause_names[NR_CAUSES] = {
	[CAUSE_POINTER_WIDTH] = "pointer_width", [CAUSE_LONG_WIDTH] = "long_width",
	[CAUSE_INT64_ALIGNMENT] = "int64_alignment", [CAUSE_ENUM_SIZE] = "enum_size",
	[CAUSE_PADDING] = "padding", [CAUSE_BITFIELD_LAYOUT] = "bitfield_layout",
	[CAUSE_NESTED] = "nested",
};

const char *drift_cause_name(enum drift_cause c)
{
	return (unsigned)c < NR_CAUSES ? cause_names[c] : "unknown";
}


/* Named aggregates ------------------------------------------------------------------- */

static bool is_agg(uint32_t k)
{
	return k == KIND_STRUCT || k == KIND_UNION;
}

static int cmp_named(const void *a, const void *b)
{
	const struct named_type *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : (x->id < y->id ? -1 : x->id > y->id);
}

size_t corpus_named_aggregates(const struct corpus *c, struct named_type **out)
{
	struct named_type *v = NULL;
	size_t nr = 0, cap = 0, k = 0;

	for (uint32_t id = 1; id < c->nr_types; id++) {
		const struct type *t = &c->types[id];
		uint32_t target = id;
		char *name;

		if ((is_agg(t->kind) || t->kind == KIND_ENUM) && t->name_off) {
			name = xasprintf("%s %s", kind_name(t->kind), corpus_name(c, t->name_off));
		} else if (t->kind == KIND_TYPEDEF) {
			/* a typedef names its anonymous struct */
			target = type_resolve(c, t->ref_id);
			if (!is_agg(c->types[target].kind) || c->types[target].name_off)
				continue;
			name = xstrdup(corpus_name(c, t->name_off));
		} else {
			continue;
		}
		if (!corpus_file_is_root(c, t->file_off)) {
			free(name);
			continue;
		}
		ARRAY_GROW(v, cap, nr + 1);
		v[nr].name = name;
		v[nr].id = target;
		nr++;
	}
	if (nr)
		qsort(v, nr, sizeof(*v), cmp_named);
	/* one type per name: the first of several variants */
	for (size_t i = 0; i < nr; i++) {
		if (k && strcmp(v[k - 1].name, v[i].name) == 0) {
			free(v[i].name);
			continue;
		}
		v[k++] = v[i];
	}
	*out = v;
	return k;
}

void named_types_free(struct named_type *n, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(n[i].name);
	free(n);
}

/* Flattened layouts --------------------------------------------------------------------- */

struct flat {
	char *path;
	uint64_t bit_off;  /* from the start of the outermost type */
	uint64_t size;     /* bytes */
	uint32_t bit_size;
	uint32_t align;    /* of the member's type */
	uint32_t type_id;
	bool top;          /* a member of the outermost type itself */
};

struct flats {
	struct flat *v;
	size_t nr, cap;
	struct hashmap index; /* hash of a path -> index + 1 (built on first lookup) */
	bool indexed;
};

static const char *anon_word(const struct type *t)
{
	return t->kind == KIND_UNION ? "<anonymous union>" : "<anonymous struct>";
}

static void flatten(const struct corpus *c, uint32_t id, const char *prefix, uint64_t base,
		    int depth, struct flats *out)
{
	const struct type *t = &c->types[id];

	if (!is_agg(t->kind))
		return; /* an enum's parts are enumerators, not members */
	for (uint32_t i = 0; i < t->nr; i++) {
		const struct member *m = &c->members[t->first + i];
		const struct type *mt = &c->types[m->type_id];
		const char *name = corpus_name(c, m->name_off);
		struct flat *f;

		ARRAY_GROW(out->v, out->cap, out->nr + 1);
		f = &out->v[out->nr++];
		f->path = *name ? xasprintf("%s.%s", prefix, name) : xasprintf("%s.%s", prefix, anon_word(mt));
		f->bit_off = base + m->bit_off;
		f->size = type_size(c, m->type_id);
		f->bit_size = m->bit_size;
		f->align = type_align(c, type_resolve(c, m->type_id));
		f->type_id = m->type_id;
		f->top = depth == 0;
		/* anonymous aggregates are part of their parent: their members count too */
		if (is_agg(mt->kind) && !mt->name_off && depth < MAX_NEST) {
			char *p = xstrdup(f->path);

			flatten(c, m->type_id, p, base + m->bit_off, depth + 1, out);
			free(p);
		}
	}
}

static void flats_release(struct flats *f)
{
	for (size_t i = 0; i < f->nr; i++)
		free(f->v[i].path);
	free(f->v);
	if (f->indexed)
		hashmap_release(&f->index);
}

/* A struct may have a hundred thousand members: look paths up by hash. */
static const struct flat *find_path(struct flats *f, const char *path)
{
	uint64_t v;

	if (!f->indexed) {
		hashmap_init(&f->index);
		for (size_t i = 0; i < f->nr; i++) {
			uint64_t k = hash_str(f->v[i].path) | 1;

			if (!hashmap_get(&f->index, k, NULL))
				hashmap_set(&f->index, k, i + 1);
		}
		f->indexed = true;
	}
	if (!hashmap_get(&f->index, hash_str(path) | 1, &v))
		return NULL;
	if (!strcmp(f->v[v - 1].path, path))
		return &f->v[v - 1];
	for (size_t i = 0; i < f->nr; i++) /* a hash collision */
		if (strcmp(f->v[i].path, path) == 0)
			return &f->v[i];
	return NULL;
}

/* Holes of the outermost level, and the tail: "before 'x'" -> bytes. */
struct hole {
	char *where;
	uint64_t bytes;
};

static size_t holes_of(const struct corpus *c, uint32_t id, const struct flats *f,
		       struct hole **out)
{
	const struct type *t = &c->types[id];
	struct hole *h = NULL;
	size_t nr = 0, cap = 0;
	uint64_t end = 0;

	*out = NULL;
	if (!is_agg(t->kind))
		return 0;

	for (size_t i = 0; i < f->nr; i++) {
		const struct flat *m = &f->v[i];
		uint64_t start = m->bit_off / 8, m_end;

		if (!m->top)
			continue;
		m_end = m->bit_size ? (m->bit_off + m->bit_size + 7) / 8 : start + m->size;
		if (t->kind == KIND_STRUCT && !m->bit_size && start > end) {
			ARRAY_GROW(h, cap, nr + 1);
			h[nr].where = xasprintf("before '%s'", strrchr(m->path, '.') + 1);
			h[nr].bytes = start - end;
			nr++;
		}
		if (m_end > end)
			end = m_end;
	}
	if (t->size > end) {
		ARRAY_GROW(h, cap, nr + 1);
		h[nr].where = xstrdup("at the end");
		h[nr].bytes = t->size - end;
		nr++;
	}
	*out = h;
	return nr;
}

static void holes_free(struct hole *h, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(h[i].where);
	free(h);
}

/* Causes --------------------------------------------------------------------------- */

/* Why a member's size can differ between targets, from its type. */
static int size_cause(const struct corpus *c, uint32_t id, char **what)
{
	for (int step = 0; step < 256; step++) {
		const struct type *t = &c->types[id];
		const char *name = corpus_name(c, t->name_off);

		switch (t->kind) {
		case KIND_TYPEDEF:
			if (layout_fixed_width(name))
				return -1;
			if (!strcmp(name, "size_t") || !strcmp(name, "ssize_t") ||
			    !strcmp(name, "ptrdiff_t") || !strcmp(name, "intptr_t") ||
			    !strcmp(name, "uintptr_t")) {
				*what = xstrdup(name);
				return CAUSE_LONG_WIDTH;
			}
			id = t->ref_id;
			continue;
		case KIND_CONST:
		case KIND_VOLATILE:
		case KIND_RESTRICT:
		case KIND_ATOMIC:
		case KIND_ARRAY:
			id = t->ref_id;
			continue;
		case KIND_PTR:
			*what = xstrdup("pointer");
			return CAUSE_POINTER_WIDTH;
		case KIND_INT:
			if (strstr(name, "long") && !strstr(name, "long long")) {
				*what = xstrdup(name);
				return CAUSE_LONG_WIDTH;
			}
			return -1;
		case KIND_FLOAT:
			if (strstr(name, "long double")) {
				*what = xstrdup(name);
				return CAUSE_LONG_WIDTH;
			}
			return -1;
		case KIND_ENUM:
			*what = *name ? xasprintf("enum %s", name) : xstrdup("enum");
			return CAUSE_ENUM_SIZE;
		case KIND_STRUCT:
		case KIND_UNION:
			if (!t->name_off)
				return -1;
			*what = xasprintf("%s %s", kind_name(t->kind), name);
			return CAUSE_NESTED;
		default:
			return -1;
		}
	}
	return -1;
}

/* An 8-byte integer or floating-point member (through typedefs and arrays). */
static bool is_8byte_scalar(const struct corpus *c, uint32_t id)
{
	uint32_t r = type_resolve(c, id);

	for (int i = 0; i < 64 && c->types[r].kind == KIND_ARRAY; i++)
		r = type_resolve(c, c->types[r].ref_id);
	return (c->types[r].kind == KIND_INT || c->types[r].kind == KIND_FLOAT ||
		c->types[r].kind == KIND_ENUM) &&
	       c->types[r].size == 8;
}

static void add_cause(struct drift_type *dt, enum drift_cause cause, const char *member,
		      char *detail)
{
	for (size_t i = 0; i < dt->nr_causes; i++)
		if (dt->causes[i].cause == cause &&
		    strcmp(dt->causes[i].member ? dt->causes[i].member : "", member ? member : "") == 0) {
			free(detail);
			return;
		}
	dt->causes = xrealloc(dt->causes, (dt->nr_causes + 1) * sizeof(*dt->causes));
	dt->causes[dt->nr_causes].cause = cause;
	dt->causes[dt->nr_causes].member = member ? xstrdup(member) : NULL;
	dt->causes[dt->nr_causes].detail = detail;
	dt->nr_causes++;
}

/* "4 on i386, 8 on x86_64" */
static char *per_target(const struct corpus *const *cs, const uint64_t *vals, const bool *present,
			size_t nr, const char *unit)
{
	struct dstr s;
	bool first = true;

	dstr_init(&s);
	for (size_t i = 0; i < nr; i++) {
		if (!present[i])
			continue;
		dstr_addf(&s, "%s%" PRIu64 "%s on %s", first ? "" : ", ", vals[i], unit,
			  cs[i]->target.arch);
		first = false;
	}
	return dstr_detach(&s);
}

struct side {
	uint32_t id;
	struct flats f;
	struct hole *holes;
	size_t nr_holes;
	struct hashmap hole_index; /* hash of where -> index + 1 */
	bool present;
};

/* Bytes of the hole at WHERE on side S, 0 if it has none there. */
static uint64_t hole_at(const struct side *s, const char *where)
{
	uint64_t v;

	if (hashmap_get(&s->hole_index, hash_str(where) | 1, &v) &&
	    !strcmp(s->holes[v - 1].where, where))
		return s->holes[v - 1].bytes;
	if (!hashmap_get(&s->hole_index, hash_str(where) | 1, &v))
		return 0;
	for (size_t g = 0; g < s->nr_holes; g++) /* a hash collision */
		if (!strcmp(s->holes[g].where, where))
			return s->holes[g].bytes;
	return 0;
}

static bool compare_type(const struct corpus *const *cs, size_t nr, struct side *sd,
			 const char *name, struct drift_type *dt)
{
	size_t ref = SIZE_MAX;
	bool drift = false;
	uint64_t *vals = xcalloc(nr, sizeof(*vals));
	bool *pres = xcalloc(nr, sizeof(*pres));

	memset(dt, 0, sizeof(*dt));
	for (size_t i = 0; i < nr; i++)
		if (sd[i].present && ref == SIZE_MAX)
			ref = i;
	dt->layouts = xcalloc(nr, sizeof(*dt->layouts));
	for (size_t i = 0; i < nr; i++) {
		if (!sd[i].present)
			continue;
		dt->layouts[i].present = true;
		dt->layouts[i].size = cs[i]->types[sd[i].id].size;
		dt->layouts[i].align = cs[i]->types[sd[i].id].align;
		if (dt->layouts[i].size != dt->layouts[ref].size ||
		    dt->layouts[i].align != dt->layouts[ref].align)
			drift = true;
	}
	if (cs[ref]->types[sd[ref].id].kind == KIND_ENUM) {
		if (drift) {
			for (size_t i = 0; i < nr; i++)
				vals[i] = dt->layouts[i].size, pres[i] = sd[i].present;
			add_cause(dt, CAUSE_ENUM_SIZE, NULL, per_target(cs, vals, pres, nr, " bytes"));
		}
		free(vals);
		free(pres);
		return drift;
	}
	/* member by member, in the reference's order */
	for (size_t k = 0; k < sd[ref].f.nr; k++) {
		const struct flat *rm = &sd[ref].f.v[k];
		const struct flat *m[64];
		bool size_diff = false, align_diff = false, off_diff = false, bit_diff = false;

		if (nr > 64)
			break;
		for (size_t i = 0; i < nr; i++) {
			m[i] = sd[i].present ? find_path(&sd[i].f, rm->path) : NULL;
			pres[i] = m[i] != NULL;
			if (!m[i])
				continue;
			size_diff |= m[i]->size != rm->size;
			align_diff |= m[i]->align != rm->align;
			off_diff |= m[i]->bit_off / 8 != rm->bit_off / 8;
			bit_diff |= (rm->bit_size || m[i]->bit_size) &&
				    (m[i]->bit_off != rm->bit_off || m[i]->bit_size != rm->bit_size);
		}
		if (off_diff && !dt->first_member) {
			dt->first_member = xstrdup(rm->path);
			dt->first_offsets = xmalloc(nr * sizeof(*dt->first_offsets));
			for (size_t i = 0; i < nr; i++)
				dt->first_offsets[i] = m[i] ? m[i]->bit_off / 8 : UINT64_MAX;
		}
		/*
		 * In a union a member's own size changes nothing while the union's size and
		 * alignment hold: union { T *p; uint64_t q; } is the same everywhere.
		 */
		if (!(cs[ref]->types[sd[ref].id].kind == KIND_UNION && rm->top && !bit_diff))
			drift |= size_diff || off_diff || bit_diff;
		if (size_diff) {
			char *what = NULL;
			int cause = size_cause(cs[ref], rm->type_id, &what);

			for (size_t i = 0; i < nr; i++)
				vals[i] = m[i] ? m[i]->size : 0;
			if (cause >= 0) {
				char *sizes = per_target(cs, vals, pres, nr, " bytes");

				add_cause(dt, (enum drift_cause)cause, rm->path, xasprintf("%s: %s", what, sizes));
				free(sizes);
			}
			free(what);
		} else if (align_diff && is_8byte_scalar(cs[ref], rm->type_id) && !rm->bit_size) {
			char *aligns;

			for (size_t i = 0; i < nr; i++)
				vals[i] = m[i] ? m[i]->align : 0;
			aligns = per_target(cs, vals, pres, nr, "");
			add_cause(dt, CAUSE_INT64_ALIGNMENT, rm->path,
				  xasprintf("8-byte member aligned to %s", aligns));
			free(aligns);
			drift |= off_diff;
		}
		if (bit_diff && !size_diff) {
			struct dstr s;

			dstr_init(&s);
			for (size_t i = 0; i < nr; i++)
				if (m[i])
					dstr_addf(&s, "%sbit %" PRIu64 " on %s", s.len ? ", " : "",
						  m[i]->bit_off, cs[i]->target.arch);
			add_cause(dt, CAUSE_BITFIELD_LAYOUT, rm->path, dstr_detach(&s));
		}
	}
	/* holes and tail padding that one target has and another has not */
	for (size_t i = 0; i < nr; i++) {
		if (!sd[i].present)
			continue;
		for (size_t h = 0; h < sd[i].nr_holes; h++) {
			const struct hole *x = &sd[i].holes[h];
			struct dstr s;
			bool differs = false;

			for (size_t j = 0; j < nr; j++)
				if (sd[j].present && hole_at(&sd[j], x->where) != x->bytes)
					differs = true;
			if (!differs)
				continue;
			drift = true;
			dstr_init(&s);
			dstr_addf(&s, "%s: ", !strcmp(x->where, "at the end") ? "tail padding" : "hole");
			for (size_t j = 0; j < nr; j++) {
				uint64_t bytes;

				if (!sd[j].present)
					continue;
				bytes = hole_at(&sd[j], x->where);
				if (bytes)
					dstr_addf(&s, "%s%" PRIu64 " byte%s on %s", j == ref ? "" : ", ",
						  bytes, bytes == 1 ? "" : "s", cs[j]->target.arch);
				else
					dstr_addf(&s, "%snone on %s", j == ref ? "" : ", ",
						  cs[j]->target.arch);
			}
			dstr_addf(&s, " (%s)", x->where);
			{
				char *member = NULL;

				if (strncmp(x->where, "before '", 8) == 0) {
					member = xasprintf("%s.%.*s", name, (int)(strlen(x->where) - 9),
						     x->where + 8);
				}
				add_cause(dt, CAUSE_PADDING, member, dstr_detach(&s));
				free(member);
			}
		}
	}
	free(vals);
	free(pres);
	return drift;
}

static void drift_type_release(struct drift_type *t)
{
	free(t->name);
	free(t->file);
	free(t->layouts);
	free(t->first_member);
	free(t->first_offsets);
	for (size_t i = 0; i < t->nr_causes; i++) {
		free(t->causes[i].member);
		free(t->causes[i].detail);
	}
	free(t->causes);
}

static void char_warnings(const struct corpus *const *cs, size_t nr, struct side *sd,
			  const char *name, struct drift_result *out)
{
	struct data_model a, b;
	size_t ref = SIZE_MAX;
	bool mixed = false;

	for (size_t i = 0; i < nr; i++) {
		if (!sd[i].present)
			continue;
		if (ref == SIZE_MAX) {
			ref = i;
			data_model_of(&cs[i]->target, &a);
			continue;
		}
		data_model_of(&cs[i]->target, &b);
		mixed |= a.char_signed != b.char_signed;
	}
	if (!mixed)
		return;
	for (size_t k = 0; k < sd[ref].f.nr; k++) {
		const struct flat *m = &sd[ref].f.v[k];
		uint32_t r = type_resolve(cs[ref], m->type_id);
		const struct type *t = &cs[ref]->types[r];
		struct drift_warning *w;
		struct dstr s;

		for (int i = 0; i < 64 && t->kind == KIND_ARRAY; i++) {
			r = type_resolve(cs[ref], t->ref_id);
			t = &cs[ref]->types[r];
		}
		if (t->kind != KIND_INT || !(t->flags & TF_CHAR) ||
		    strcmp(corpus_name(cs[ref], t->name_off), "char") != 0)
			continue;
		dstr_init(&s);
		dstr_add(&s, "plain char is");
		for (size_t i = 0; i < nr; i++) {
			struct data_model dm;

			if (!sd[i].present)
				continue;
			data_model_of(&cs[i]->target, &dm);
			dstr_addf(&s, "%s %s on %s", i == ref ? "" : ",",
				  dm.char_signed ? "signed" : "unsigned", cs[i]->target.arch);
		}
		dstr_add(&s, ": same layout, different values above 127");
		out->warnings = xrealloc(out->warnings, (out->nr_warnings + 1) * sizeof(*out->warnings));
		w = &out->warnings[out->nr_warnings++];
		w->kind = xstrdup("char_signedness");
		w->type = xstrdup(name);
		w->member = xstrdup(m->path);
		w->detail = dstr_detach(&s);
	}
}

int drift_compare(const struct corpus *const *cs, size_t nr, struct drift_result *out)
{
	struct named_type **names = xcalloc(nr, sizeof(*names));
	size_t *nr_names = xcalloc(nr, sizeof(*nr_names)), *pos = xcalloc(nr, sizeof(*pos));
	struct side *sd = xcalloc(nr, sizeof(*sd));

	memset(out, 0, sizeof(*out));
	out->corpora = cs;
	out->nr_corpora = nr;
	for (size_t i = 0; i < nr; i++)
		nr_names[i] = corpus_named_aggregates(cs[i], &names[i]);
	/* walk the sorted name lists together */
	for (;;) {
		const char *next = NULL;
		size_t count = 0;
		struct drift_type dt;

		for (size_t i = 0; i < nr; i++)
			if (pos[i] < nr_names[i] && (!next || strcmp(names[i][pos[i]].name, next) < 0))
				next = names[i][pos[i]].name;
		if (!next)
			break;
		for (size_t i = 0; i < nr; i++) {
			sd[i].present = pos[i] < nr_names[i] && !strcmp(names[i][pos[i]].name, next);
			if (!sd[i].present)
				continue;
			count++;
			sd[i].id = names[i][pos[i]].id;
			memset(&sd[i].f, 0, sizeof(sd[i].f));
			flatten(cs[i], sd[i].id, next, 0, 0, &sd[i].f);
			sd[i].nr_holes = holes_of(cs[i], sd[i].id, &sd[i].f, &sd[i].holes);
			hashmap_init(&sd[i].hole_index);
			for (size_t h = 0; h < sd[i].nr_holes; h++) {
				uint64_t k = hash_str(sd[i].holes[h].where) | 1;

				if (!hashmap_get(&sd[i].hole_index, k, NULL))
					hashmap_set(&sd[i].hole_index, k, h + 1);
			}
		}
		if (count >= 2) {
			out->nr_compared++;
			if (compare_type(cs, nr, sd, next, &dt)) {
				size_t ref = 0;

				while (!sd[ref].present)
					ref++;
				dt.name = xstrdup(next);
				if (cs[ref]->types[sd[ref].id].file_off)
					dt.file = xstrdup(corpus_name(cs[ref], cs[ref]->types[sd[ref].id].file_off));
				dt.line = cs[ref]->types[sd[ref].id].line;
				out->types = xrealloc(out->types, (out->nr_types + 1) * sizeof(*out->types));
				out->types[out->nr_types++] = dt;
			} else {
				drift_type_release(&dt);
			}
			char_warnings(cs, nr, sd, next, out);
		}
		for (size_t i = 0; i < nr; i++) {
			if (!sd[i].present)
				continue;
			flats_release(&sd[i].f);
			holes_free(sd[i].holes, sd[i].nr_holes);
			hashmap_release(&sd[i].hole_index);
			pos[i]++;
		}
	}
	for (size_t i = 0; i < nr; i++)
		named_types_free(names[i], nr_names[i]);
	free(names);
	free(nr_names);
	free(pos);
	free(sd);
	return 0;
}

void drift_result_release(struct drift_result *r)
{
	for (size_t i = 0; i < r->nr_types; i++)
		drift_type_release(&r->types[i]);
	free(r->types);
	for (size_t i = 0; i < r->nr_warnings; i++) {
		free(r->warnings[i].kind);
		free(r->warnings[i].type);
		free(r->warnings[i].member);
		free(r->warnings[i].detail);
	}
	free(r->warnings);
	memset(r, 0, sizeof(*r));
}

/* lint ------------------------------------------------------------------------------- */

static const char *const rule_names[NR_RULES] = {
	[RULE_IMPLICIT_PADDING] = "implicit-padding",
	[RULE_ARCH_DEPENDENT_TYPE] = "arch-dependent-type",
	[RULE_MISALIGNED_INT64] = "misaligned-int64",
	[RULE_LAYOUT_DIFFERS] = "layout-differs",
};

const char *lint_rule_name(enum lint_rule r)
{
	return (unsigned)r < NR_RULES ? rule_names[r] : "unknown";
}

int lint_rule_from_name(const char *name)
{
	for (int r = 0; r < NR_RULES; r++)
		if (strcmp(rule_names[r], name) == 0)
			return r;
	return -ENOENT;
}

static void finding(struct lint_result *res, enum lint_rule rule, const struct corpus *c,
		    uint32_t id, const char *type, const char *member, char *detail)
{
	struct lint_finding *f;

	ARRAY_GROW(res->findings, res->cap, res->nr + 1);
	f = &res->findings[res->nr++];
	f->rule = rule;
	f->type = xstrdup(type);
	f->member = member ? xstrdup(member) : NULL;
	f->detail = detail;
	f->file = c->types[id].file_off ? xstrdup(corpus_name(c, c->types[id].file_off)) : NULL;
	f->line = c->types[id].line;
	res->counts[rule]++;
}

/* Why a member's type has no fixed layout across targets, or NULL when it has one. */
static char *arch_dependent(const struct corpus *c, uint32_t id)
{
	for (int step = 0; step < 256; step++) {
		const struct type *t = &c->types[id];
		const char *name = corpus_name(c, t->name_off);

		switch (t->kind) {
		case KIND_TYPEDEF:
			if (layout_fixed_width(name))
				return NULL;
			if (!strcmp(name, "size_t") || !strcmp(name, "ssize_t") ||
			    !strcmp(name, "ptrdiff_t") || !strcmp(name, "intptr_t") ||
			    !strcmp(name, "uintptr_t") || !strcmp(name, "wchar_t") ||
			    !strcmp(name, "bool"))
				return xasprintf("%s has no fixed width", name);
			id = t->ref_id;
			continue;
		case KIND_CONST:
		case KIND_VOLATILE:
		case KIND_RESTRICT:
		case KIND_ATOMIC:
		case KIND_ARRAY:
			id = t->ref_id;
			continue;
		case KIND_PTR:
			return xstrdup("pointer: 4 or 8 bytes");
		case KIND_INT:
			if (t->flags & TF_BOOL)
				return xstrdup("_Bool has no fixed width in C");
			if (strstr(name, "long") && !strstr(name, "long long"))
				return xasprintf("%s: 4 or 8 bytes", name);
			if ((t->flags & TF_CHAR) && !strcmp(name, "char"))
				return xstrdup("plain char: signed on some targets, unsigned on others");
			return NULL;
		case KIND_FLOAT:
			if (strstr(name, "long double"))
				return xstrdup("long double: 8, 12 or 16 bytes");
			return NULL;
		case KIND_ENUM:
			return xstrdup("enum: its width is the compiler's choice; use a fixed-width "
				       "integer");
		default:
			return NULL;
		}
	}
	return NULL;
}

static bool type_selected(const struct lint_opts *o, const char *name)
{
	const char *bare = strchr(name, ' ');

	if (!o->types)
		return true;
	return regexec(o->types, name, 0, NULL, 0) == 0 ||
	       (bare && regexec(o->types, bare + 1, 0, NULL, 0) == 0);
}

static void lint_type(const struct corpus *c, const struct named_type *nt,
		      const struct lint_opts *o, struct lint_result *res)
{
	struct flats f = { 0 };
	struct hole *holes;
	size_t nr_holes;

	flatten(c, nt->id, nt->name, 0, 0, &f);
	if (o->rules[RULE_IMPLICIT_PADDING]) {
		nr_holes = holes_of(c, nt->id, &f, &holes);
		for (size_t i = 0; i < nr_holes; i++) {
			bool tail = !strcmp(holes[i].where, "at the end");
			char *member = tail ? NULL :
					      xasprintf("%s.%.*s", nt->name, (int)(strlen(holes[i].where) - 9),
						  holes[i].where + 8);

			finding(res, RULE_IMPLICIT_PADDING, c, nt->id, nt->name, member,
				tail ? xasprintf("%" PRIu64 " byte%s of tail padding (size %" PRIu64 ")",
					   holes[i].bytes, holes[i].bytes == 1 ? "" : "s",
					   c->types[nt->id].size) :
				       xasprintf("%" PRIu64 " byte%s of padding %s", holes[i].bytes,
					   holes[i].bytes == 1 ? "" : "s", holes[i].where));
			free(member);
		}
		holes_free(holes, nr_holes);
	}
	for (size_t i = 0; i < f.nr; i++) {
		const struct flat *m = &f.v[i];
		const struct type *mt = &c->types[m->type_id];
		char *why;

		if (is_agg(mt->kind) && !mt->name_off)
			continue; /* its members speak for it */
		if (o->rules[RULE_ARCH_DEPENDENT_TYPE] && (why = arch_dependent(c, m->type_id)))
			finding(res, RULE_ARCH_DEPENDENT_TYPE, c, nt->id, nt->name, m->path, why);
		if (o->rules[RULE_MISALIGNED_INT64] && !m->bit_size && is_8byte_scalar(c, m->type_id) &&
		    (m->bit_off / 8) % 8)
			finding(res, RULE_MISALIGNED_INT64, c, nt->id, nt->name, m->path,
				xasprintf("8-byte member at offset %" PRIu64 ", only %u-aligned: its offset "
				    "differs where 8-byte integers align to 8",
				    m->bit_off / 8, (unsigned)((m->bit_off / 8) & -(m->bit_off / 8))));
	}
	flats_release(&f);
}

static int cmp_finding(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;
	int r = strcmp(x->type, y->type);

	if (r)
		return r;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return strcmp(x->member ? x->member : "", y->member ? y->member : "");
}

int lint_corpus(const struct corpus *c, const struct lint_opts *o, struct lint_result *res)
{
	struct named_type *names;
	size_t nr = corpus_named_aggregates(c, &names);
	int err = 0;

	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < nr; i++)
		if (type_selected(o, names[i].name))
			lint_type(c, &names[i], o, res);
	if (o->rules[RULE_LAYOUT_DIFFERS] && o->nr_targets) {
		/* the same types laid out for each target, compared as drift would */
		const struct corpus **cs = xcalloc(o->nr_targets + 1, sizeof(*cs));
		struct corpus **owned = xcalloc(o->nr_targets + 1, sizeof(*owned));
		size_t n = 0;
		struct drift_result dr;

		cs[n++] = c;
		for (size_t i = 0; i < o->nr_targets && !err; i++) {
			struct data_model dm;

			if (data_model_by_arch(o->targets[i], &dm) < 0) {
				err = pr_error(ENOENT, "%s: unknown target '%s'", c->path, o->targets[i]);
				break;
			}
			if (!strcmp(dm.arch, c->target.arch))
				continue;
			err = layout_retarget(c, &dm, &owned[n]);
			if (!err)
				cs[n] = owned[n], n++;
		}
		if (!err && n >= 2 && drift_compare(cs, n, &dr) == 0) {
			for (size_t i = 0; i < dr.nr_types; i++) {
				const struct drift_type *t = &dr.types[i];
				struct dstr s;
				uint32_t id = 0;

				if (!type_selected(o, t->name))
					continue;
				for (size_t k = 0; k < nr; k++)
					if (!strcmp(names[k].name, t->name))
						id = names[k].id;
				dstr_init(&s);
				dstr_add(&s, "laid out differently:");
				for (size_t k = 0; k < n; k++)
					dstr_addf(&s, "%s size %" PRIu64 " align %u on %s", k ? "," : "",
						  t->layouts[k].size, t->layouts[k].align, cs[k]->target.arch);
				for (size_t k = 0; k < t->nr_causes; k++)
					dstr_addf(&s, "%s%s%s%s", k ? "; " : " (",
						  drift_cause_name(t->causes[k].cause),
						  t->causes[k].member ? " at " : "",
						  t->causes[k].member ? t->causes[k].member : "");
				if (t->nr_causes)
					dstr_addch(&s, ')');
				finding(res, RULE_LAYOUT_DIFFERS, c, id, t->name, t->first_member,
					dstr_detach(&s));
			}
			drift_result_release(&dr);
		}
		for (size_t i = 0; i <= o->nr_targets; i++)
			corpus_free(owned[i]);
		free(owned);
		free(cs);
	}
	named_types_free(names, nr);
	if (res->nr)
		qsort(res->findings, res->nr, sizeof(*res->findings), cmp_finding);
	return err;
}

void lint_result_release(struct lint_result *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		free(r->findings[i].type);
		free(r->findings[i].member);
		free(r->findings[i].detail);
		free(r->findings[i].file);
	}
	free(r->findings);
	memset(r, 0, sizeof(*r));
}
