/* SPDX-License-Identifier: MIT */
/*
 * The diff engine.
 *
 * Pairs: a pair is (old type, new type) believed to be "the same type" in both versions:
 * a named struct/union/enum/typedef matched by kind and name, or an anonymous aggregate
 * matched by its position in its parent. Root pairs stand for matched symbols (and, for
 * relocatable objects, named types). Pairs are memoised, so recursive types end, and
 * each records which pairs reach it, so that a change found inside struct foo is
 * reported once, on struct foo, with every exported symbol that reaches it.
 *
 * Uses: where a parent refers to a child (a member's type, a parameter, a pointee),
 * edge_cmp() walks both sides in step. Typedef names and qualifiers that change no
 * layout are seen through (uint64_t as unsigned long or unsigned long long); a named
 * type with the same name on both sides ends the walk, and becomes a pair of its own;
 * anything else that differs is a change at the use (member_type, param_type, ...).
 *
 * Severity of a size or alignment change depends on how the type is used anywhere in
 * the ABI: by value (embedded, array element, passed, returned, a variable) it breaks
 * callers; only through pointers it does not, except for callers that allocate it. So
 * those severities are settled after the walk, when every use is known.
 */
#include "compare/diff.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_STEPS 65536 /* links followed in one use: qualifiers, typedefs, pointers */
#define MAX_DEPTH 32   /* nested function-pointer prototypes */

static const char *const kind_names[NR_CHANGE_KINDS] = {
	[CH_SYMBOL_REMOVED] = "symbol_removed",
	[CH_SYMBOL_ADDED] = "symbol_added",
	[CH_SYMBOL_VERSION_CHANGED] = "symbol_version_changed",
	[CH_SYMBOL_KIND_CHANGED] = "symbol_kind_changed",
	[CH_RETURN_TYPE] = "return_type",
	[CH_PARAM_ADDED] = "param_added",
	[CH_PARAM_REMOVED] = "param_removed",
	[CH_PARAM_TYPE] = "param_type",
	[CH_VARIADIC_CHANGED] = "variadic_changed",
	[CH_VARIABLE_TYPE] = "variable_type",
	[CH_TYPE_KIND_CHANGED] = "type_kind_changed",
	[CH_TYPE_SIZE] = "type_size",
	[CH_TYPE_ALIGNMENT] = "type_alignment",
	[CH_MEMBER_REMOVED] = "member_removed",
	[CH_MEMBER_ADDED] = "member_added",
	[CH_MEMBER_OFFSET] = "member_offset",
	[CH_MEMBER_TYPE] = "member_type",
	[CH_MEMBER_RENAMED] = "member_renamed",
	[CH_BITFIELD_CHANGED] = "bitfield_changed",
	[CH_ENUM_SIZE] = "enum_size",
	[CH_ENUMERATOR_REMOVED] = "enumerator_removed",
	[CH_ENUMERATOR_ADDED] = "enumerator_added",
	[CH_ENUMERATOR_VALUE] = "enumerator_value",
	[CH_ENUMERATOR_RENAMED] = "enumerator_renamed",
	[CH_TYPEDEF_TARGET] = "typedef_target",
	[CH_QUALIFIER_CHANGED] = "qualifier_changed",
	[CH_ARRAY_SIZE] = "array_size",
	[CH_BECAME_OPAQUE] = "became_opaque",
	[CH_BECAME_DEFINED] = "became_defined",
	[CH_SONAME_CHANGED] = "soname_changed",
};

const char *change_kind_name(enum change_kind k)
{
	return (unsigned)k < NR_CHANGE_KINDS ? kind_names[k] : "unknown";
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_BREAKING: return "breaking";
	case SEV_COMPATIBLE: return "compatible";
	case SEV_NONE: break;
	}
	return "none";
}

/* Pairs ---------------------------------------------------------------------------- */

struct pair {
	uint32_t old_id, new_id;
	char *subject_name; /* "struct foo", or the symbol name for roots */
	char *type_name;    /* "foo"; NULL for symbol roots */
	int type_kind;
	char *path;         /* path prefix of changes inside it */
	char *file;
	uint32_t line;
	char *root_symbol;  /* set for symbol roots: the name reported in "symbols" */
	char *root_version; /* and its version, if any */
	uint32_t *parents;
	size_t nr_parents, cap_parents;
	int subject;   /* enum subject_kind of changes found in it */
	bool by_value; /* used by value somewhere */
	bool queued;
	bool is_root;
	bool anonymous; /* an anonymous aggregate, named by where it sits */
};

/* A change waiting for its severity and reach. */
struct pending {
	struct change ch;
	uint32_t pair;
	bool size_rule; /* severity from the pair's by_value */
};

struct ctx {
	const struct corpus *o, *n;
	const struct diff_opts *opts;
	struct pair *pairs;
	size_t nr_pairs, cap_pairs;
	struct hashmap index; /* (old_id << 32 | new_id) + 1 -> pair */
	uint32_t *queue;
	size_t nr_queue, cap_queue, head;
	struct pending *changes;
	size_t nr_changes, cap_changes;
	const struct symbol *missing; /* a symbol with DWARF on one side only */
	const struct corpus *missing_in;
	size_t nr_missing;
};

static uint32_t add_pair(struct ctx *x, uint32_t old_id, uint32_t new_id)
{
	struct pair *p;

	ARRAY_GROW(x->pairs, x->cap_pairs, x->nr_pairs + 1);
	p = &x->pairs[x->nr_pairs];
	memset(p, 0, sizeof(*p));
	p->old_id = old_id;
	p->new_id = new_id;
	p->type_kind = -1;
	p->subject = SUBJ_TYPE;
	return (uint32_t)x->nr_pairs++;
}

static void add_parent(struct pair *p, uint32_t parent)
{
	for (size_t i = 0; i < p->nr_parents; i++)
		if (p->parents[i] == parent)
			return;
	ARRAY_GROW(p->parents, p->cap_parents, p->nr_parents + 1);
	p->parents[p->nr_parents++] = parent;
}


static char *spell(const struct corpus *c, uint32_t id)
{
	struct dstr s;

	dstr_init(&s);
	type_format(c, id, NULL, &s);
	return dstr_detach(&s);
}

static const char *agg_word(const struct type *t)
{
	if (t->kind == KIND_FWD)
		return t->flags & TF_FWD_UNION ? "union" : t->flags & TF_FWD_ENUM ? "enum" : "struct";
	return kind_name(t->kind);
}

static struct change *add_change(struct ctx *x, uint32_t pair, enum change_kind kind,
				 enum severity sev, const char *path)
{
	struct pending *pc;
	const struct pair *p = &x->pairs[pair];

	ARRAY_GROW(x->changes, x->cap_changes, x->nr_changes + 1);
	pc = &x->changes[x->nr_changes++];
	memset(pc, 0, sizeof(*pc));
	pc->pair = pair;
	pc->ch.kind = kind;
	pc->ch.severity = sev;
	pc->ch.subject = (enum subject_kind)p->subject;
	pc->ch.subject_name = xstrdup(p->subject_name);
	pc->ch.type_name = p->type_name ? xstrdup(p->type_name) : NULL;
	pc->ch.type_kind = p->type_kind;
	pc->ch.path = xstrdup(path ? path : p->path);
	pc->ch.file = p->file ? xstrdup(p->file) : NULL;
	pc->ch.line = p->line;
	if (p->root_version && pc->ch.subject != SUBJ_TYPE)
		pc->ch.symbol_version = xstrdup(p->root_version);
	return &pc->ch;
}

static void set_values(struct change *ch, char *old_value, char *new_value, bool numeric)
{
	ch->old_value = old_value;
	ch->new_value = new_value;
	ch->values_numeric = numeric;
}

static void set_u64(struct change *ch, uint64_t a, uint64_t b)
{
	set_values(ch, xasprintf("%" PRIu64, a), xasprintf("%" PRIu64, b), true);
}

/*
 * A pair for a named or anonymous aggregate reached from PARENT. An anonymous one is
 * named by ANON_PATH, where it sits; it belongs to its parent's subject, unless
 * ANON_SUBJECT names it (an anonymous struct named by a typedef is "foo_t").
 */
static uint32_t get_pair_named(struct ctx *x, uint32_t old_id, uint32_t new_id, uint32_t parent,
			       bool by_value, const char *anon_path, const char *anon_subject)
{
	uint64_t key = ((uint64_t)old_id << 32 | new_id) + 1, v;
	uint32_t idx;
	struct pair *p;
	const struct type *to = &x->o->types[old_id], *tn = &x->n->types[new_id];

	if (hashmap_get(&x->index, key, &v)) {
		idx = (uint32_t)v;
	} else {
		/* name a pair after its definition, and after the old kind if the kind changed */
		const struct type *named = (tn->kind == KIND_FWD && to->kind != KIND_FWD) ||
							   (to->kind != tn->kind && to->kind != KIND_FWD) ?
						   to :
						   tn;
		const char *name = corpus_name(x->n, named == tn ? tn->name_off : 0);

		if (named == to)
			name = corpus_name(x->o, to->name_off);
		idx = add_pair(x, old_id, new_id);
		hashmap_set(&x->index, key, idx);
		p = &x->pairs[idx];
		if (anon_path) {
			const struct pair *pp = &x->pairs[parent];

			p->anonymous = true;
			/* an anonymous type used right at a symbol is part of that symbol */
			p->subject = anon_subject ? SUBJ_TYPE : pp->subject;
			if (!anon_subject && pp->root_version)
				p->root_version = xstrdup(pp->root_version);
			p->subject_name = xstrdup(anon_subject ? anon_subject : pp->subject_name);
			p->type_name = anon_subject ? xstrdup(anon_subject) :
				       pp->type_name ? xstrdup(pp->type_name) : NULL;
			p->type_kind = anon_subject ? (int)named->kind : pp->type_kind;
			p->path = xstrdup(anon_path);
			if (anon_subject && (tn->file_off || to->file_off)) {
				/* located where NEW declares it, else where OLD did */
				const struct type *ft = tn->file_off ? tn : to;

				p->file = xstrdup(corpus_name(ft == tn ? x->n : x->o, ft->file_off));
				p->line = ft->line;
			} else {
				p->file = pp->file ? xstrdup(pp->file) : NULL;
				p->line = pp->line;
			}
		} else {
			const struct corpus *fc = tn->file_off ? x->n : x->o;
			const struct type *ft = tn->file_off ? tn : to;

			p->subject_name = named->kind == KIND_TYPEDEF ? xasprintf("typedef %s", name) :
									xasprintf("%s %s", agg_word(named), name);
			p->type_name = xstrdup(name);
			p->type_kind = named->kind == KIND_FWD ? (named->flags & TF_FWD_UNION ? KIND_UNION :
							     named->flags & TF_FWD_ENUM ? KIND_ENUM :
											     KIND_STRUCT) :
							   (int)named->kind;
			p->path = xstrdup(p->subject_name);
			if (ft->file_off)
				p->file = xstrdup(corpus_name(fc, ft->file_off));
			p->line = ft->line;
		}
	}
	p = &x->pairs[idx];
	if (parent != UINT32_MAX)
		add_parent(p, parent);
	p->by_value |= by_value;
	if (!p->queued) {
		p->queued = true;
		ARRAY_GROW(x->queue, x->cap_queue, x->nr_queue + 1);
		x->queue[x->nr_queue++] = idx;
	}
	return idx;
}

static uint32_t get_pair(struct ctx *x, uint32_t old_id, uint32_t new_id, uint32_t parent,
			 bool by_value, const char *anon_path)
{
	return get_pair_named(x, old_id, new_id, parent, by_value, anon_path, NULL);
}

/* Uses ----------------------------------------------------------------------------- */

enum use_result { USE_SAME, USE_QUALIFIER, USE_ARRAY_SIZE, USE_TYPE };

struct use {
	enum use_result result;
	uint64_t old_count, new_count; /* USE_ARRAY_SIZE */
};

static bool is_qualifier(uint32_t k)
{
	return k == KIND_CONST || k == KIND_VOLATILE || k == KIND_RESTRICT;
}

static bool is_aggregate(uint32_t k)
{
	return k == KIND_STRUCT || k == KIND_UNION || k == KIND_ENUM;
}

/* Qualifier bits on a chain of qualifiers, and the type under them. */
static uint32_t strip_quals(const struct corpus *c, uint32_t id, unsigned *quals)
{
	*quals = 0;
	for (int i = 0; i < MAX_STEPS && is_qualifier(c->types[id].kind); i++) {
		*quals |= 1u << c->types[id].kind;
		id = c->types[id].ref_id;
	}
	return id;
}

/* Skip typedefs and qualifiers: the type a use lays out as. */
static uint32_t peel(const struct corpus *c, uint32_t id)
{
	return type_resolve(c, id);
}

static bool fwd_matches(const struct type *fwd, const struct type *def)
{
	uint32_t want = fwd->flags & TF_FWD_UNION ? KIND_UNION :
			fwd->flags & TF_FWD_ENUM  ? KIND_ENUM :
						    KIND_STRUCT;

	return def->kind == want;
}

static const char *anon_word(const struct type *t)
{
	return t->kind == KIND_UNION ? "<anonymous union>" :
	       t->kind == KIND_ENUM  ? "<anonymous enum>" :
				       "<anonymous struct>";
}

/*
 * Compare the types at one use. PARENT is the pair the use belongs to, BY_VALUE whether
 * the use holds the type itself (not through a pointer), SITE the path of the use, for
 * anonymous aggregates met there.
 */
static struct use use_cmp(struct ctx *x, uint32_t o, uint32_t n, uint32_t parent, bool by_value,
			  const char *site, int depth)
{
	struct use u = { USE_SAME, 0, 0 };
	bool quals_differ = false;
	int step;

	for (step = 0; step < MAX_STEPS; step++) {
		unsigned qo, qn;
		const struct type *to, *tn;

		o = strip_quals(x->o, o, &qo);
		n = strip_quals(x->n, n, &qn);
		quals_differ |= qo != qn;
		to = &x->o->types[o];
		tn = &x->n->types[n];

		if (to->kind == KIND_TYPEDEF && tn->kind == KIND_TYPEDEF &&
		    strcmp(corpus_name(x->o, to->name_off), corpus_name(x->n, tn->name_off)) == 0) {
			/* the same typedef: a change of its target is reported on the typedef */
			get_pair(x, o, n, parent, by_value, NULL);
			break;
		}
		if (to->kind == KIND_TYPEDEF || tn->kind == KIND_TYPEDEF) {
			/* another spelling: what matters is what it lays out as */
			o = peel(x->o, o);
			n = peel(x->n, n);
			continue;
		}
		if (to->kind == KIND_ATOMIC || tn->kind == KIND_ATOMIC) {
			if (to->kind != tn->kind) {
				u.result = USE_TYPE;
				return u;
			}
			o = to->ref_id;
			n = tn->ref_id;
			continue;
		}
		if (to->kind != tn->kind && is_aggregate(to->kind) && is_aggregate(tn->kind) &&
		    to->name_off && tn->name_off &&
		    strcmp(corpus_name(x->o, to->name_off), corpus_name(x->n, tn->name_off)) == 0) {
			/* struct foo became union foo: reported on the type */
			get_pair(x, o, n, parent, by_value, NULL);
			break;
		}
		if (to->kind != tn->kind) {
			/* a declaration on one side, the definition on the other: one type */
			if ((to->kind == KIND_FWD && is_aggregate(tn->kind) && fwd_matches(to, tn)) ||
			    (tn->kind == KIND_FWD && is_aggregate(to->kind) && fwd_matches(tn, to))) {
				if (strcmp(corpus_name(x->o, to->name_off),
					   corpus_name(x->n, tn->name_off)) == 0 &&
				    to->name_off) {
					get_pair(x, o, n, parent, by_value, NULL);
					break;
				}
			}
			u.result = USE_TYPE;
			return u;
		}
		switch (to->kind) {
		case KIND_VOID:
			break;
		case KIND_INT:
			if (to->size != tn->size ||
			    (to->flags & (TF_SIGNED | TF_BOOL)) != (tn->flags & (TF_SIGNED | TF_BOOL)))
				u.result = USE_TYPE;
			break;
		case KIND_FLOAT:
			if (to->size != tn->size || (to->flags & TF_COMPLEX) != (tn->flags & TF_COMPLEX))
				u.result = USE_TYPE;
			break;
		case KIND_PTR:
			if (to->size != tn->size) {
				u.result = USE_TYPE;
				break;
			}
			o = to->ref_id;
			n = tn->ref_id;
			by_value = false;
			continue;
		case KIND_ARRAY:
			if (to->nr_elems != tn->nr_elems ||
			    (to->flags & TF_FLEXIBLE) != (tn->flags & TF_FLEXIBLE)) {
				u.result = USE_ARRAY_SIZE;
				u.old_count = to->nr_elems;
				u.new_count = tn->nr_elems;
			}
			{
				struct use e = use_cmp(x, to->ref_id, tn->ref_id, parent, by_value, site,
						       depth + 1);

				if (e.result == USE_TYPE || e.result == USE_ARRAY_SIZE)
					u.result = USE_TYPE;
				else if (e.result == USE_QUALIFIER)
					quals_differ = true;
			}
			goto out;
		case KIND_STRUCT:
		case KIND_UNION:
		case KIND_ENUM:
			if (!to->name_off && !tn->name_off) {
				get_pair(x, o, n, parent, by_value, site);
				break;
			}
			if (to->name_off && tn->name_off &&
			    strcmp(corpus_name(x->o, to->name_off), corpus_name(x->n, tn->name_off)) == 0)
				get_pair(x, o, n, parent, by_value, NULL);
			else
				u.result = USE_TYPE;
			break;
		case KIND_FWD:
			if (strcmp(corpus_name(x->o, to->name_off), corpus_name(x->n, tn->name_off)) ||
			    (to->flags & (TF_FWD_UNION | TF_FWD_ENUM)) !=
				    (tn->flags & (TF_FWD_UNION | TF_FWD_ENUM)))
				u.result = USE_TYPE;
			break;
		case KIND_FUNC_PROTO:
			if (depth > MAX_DEPTH)
				break;
			if (to->nr != tn->nr || (to->flags & TF_VARIADIC) != (tn->flags & TF_VARIADIC)) {
				u.result = USE_TYPE;
				break;
			}
			{
				struct use r = use_cmp(x, to->ref_id, tn->ref_id, parent, true, site,
						       depth + 1);

				if (r.result != USE_SAME && r.result != USE_QUALIFIER)
					u.result = USE_TYPE;
				quals_differ |= r.result == USE_QUALIFIER;
			}
			for (uint32_t i = 0; i < to->nr && u.result == USE_SAME; i++) {
				struct use r = use_cmp(x, type_params(x->o, to)[i].type_id,
						       type_params(x->n, tn)[i].type_id, parent, true,
						       site, depth + 1);

				if (r.result != USE_SAME && r.result != USE_QUALIFIER)
					u.result = USE_TYPE;
				quals_differ |= r.result == USE_QUALIFIER;
			}
			break;
		default:
			break;
		}
		break;
	}
	/*
	 * A chain longer than any header writes (or a cycle of pointers in a hostile
	 * input): the rest is compared by shape, which is never "same" unless it is.
	 */
	if (step == MAX_STEPS && x->o->types[o].shape != x->n->types[n].shape)
		u.result = USE_TYPE;
out:
	if (u.result == USE_SAME && quals_differ)
		u.result = USE_QUALIFIER;
	return u;
}

/*
 * Record what a use's comparison found, as KIND at PATH (member_type, param_type...).
 * Returns true when something was recorded.
 */
static bool report_use(struct ctx *x, uint32_t pair, const struct use *u, enum change_kind kind,
		       const char *path, uint32_t o, uint32_t n)
{
	struct change *ch;

	switch (u->result) {
	case USE_SAME:
		return false;
	case USE_QUALIFIER:
		ch = add_change(x, pair, CH_QUALIFIER_CHANGED, SEV_COMPATIBLE, path);
		set_values(ch, spell(x->o, o), spell(x->n, n), false);
		return true;
	case USE_ARRAY_SIZE:
		ch = add_change(x, pair, CH_ARRAY_SIZE, SEV_BREAKING, path);
		set_u64(ch, u->old_count, u->new_count);
		return true;
	case USE_TYPE:
		ch = add_change(x, pair, kind, SEV_BREAKING, path);
		set_values(ch, spell(x->o, o), spell(x->n, n), false);
		return true;
	}
	return false;
}

/* Named and anonymous types -------------------------------------------------------- */

static char *member_path(const char *prefix, const struct corpus *c, const struct member *m)
{
	const char *name = corpus_name(c, m->name_off);

	if (*name)
		return xasprintf("%s.%s", prefix, name);
	return xasprintf("%s.%s", prefix, anon_word(&c->types[peel(c, m->type_id)]));
}

static bool same_identity(const struct ctx *x, uint32_t o, uint32_t n)
{
	return x->o->types[o].fp == x->n->types[n].fp;
}

static void describe_bitfield(char **out, const struct member *m)
{
	*out = xasprintf("bit %" PRIu64 " width %" PRIu32, m->bit_off, m->bit_size);
}

static void compare_members(struct ctx *x, uint32_t pi)
{
	const struct pair *p = &x->pairs[pi];
	const struct type *to = &x->o->types[p->old_id], *tn = &x->n->types[p->new_id];
	const struct member *mo = type_members(x->o, to), *mn = type_members(x->n, tn);
	bool *used_o = xcalloc(to->nr + 1, 1), *used_n = xcalloc(tn->nr + 1, 1);
	uint32_t *match = xmalloc((to->nr + 1) * sizeof(*match));
	char *prefix = xstrdup(p->path);

	/*
	 * Named members by name (through a hash of the new names: a struct may have a
	 * million members), anonymous ones by their order among anonymous members.
	 */
	struct hashmap by_name;
	uint32_t next_anon = 0;

	hashmap_init(&by_name);
	for (uint32_t j = 0; j < tn->nr; j++) {
		uint64_t k = hash_str(corpus_name(x->n, mn[j].name_off)) | 1;

		if (mn[j].name_off && !hashmap_get(&by_name, k, NULL))
			hashmap_set(&by_name, k, j + 1);
	}
	for (uint32_t i = 0; i < to->nr; i++) {
		match[i] = UINT32_MAX;
		if (mo[i].name_off) {
			const char *name = corpus_name(x->o, mo[i].name_off);
			uint64_t v;

			if (hashmap_get(&by_name, hash_str(name) | 1, &v) && !used_n[v - 1] &&
			    strcmp(name, corpus_name(x->n, mn[v - 1].name_off)) == 0) {
				match[i] = (uint32_t)(v - 1);
			} else {
				/* a hash collision: look the slow way */
				for (uint32_t j = 0; j < tn->nr && v; j++)
					if (!used_n[j] &&
					    strcmp(name, corpus_name(x->n, mn[j].name_off)) == 0) {
						match[i] = j;
						break;
					}
			}
		} else {
			while (next_anon < tn->nr && (mn[next_anon].name_off || used_n[next_anon]))
				next_anon++;
			if (next_anon < tn->nr)
				match[i] = next_anon++;
		}
		if (match[i] != UINT32_MAX) {
			used_o[i] = true;
			used_n[match[i]] = true;
		}
	}
	hashmap_release(&by_name);
	for (uint32_t i = 0; i < to->nr; i++) {
		const struct member *a = &mo[i], *b;
		char *path;
		struct use u;

		if (match[i] == UINT32_MAX)
			continue;
		b = &mn[match[i]];
		path = member_path(prefix, x->o, a);
		if (a->bit_size || b->bit_size) {
			if (a->bit_off != b->bit_off || a->bit_size != b->bit_size) {
				struct change *ch = add_change(x, pi, CH_BITFIELD_CHANGED, SEV_BREAKING, path);

				describe_bitfield(&ch->old_value, a);
				describe_bitfield(&ch->new_value, b);
			}
		} else if (a->bit_off != b->bit_off) {
			set_u64(add_change(x, pi, CH_MEMBER_OFFSET, SEV_BREAKING, path), a->bit_off / 8,
				b->bit_off / 8);
		}
		u = use_cmp(x, a->type_id, b->type_id, pi, true, path, 0);
		report_use(x, pi, &u, CH_MEMBER_TYPE, path, a->type_id, b->type_id);
		free(path);
	}
	/* a member gone and one new at the same place, same size and type: a rename */
	for (uint32_t i = 0, tries = 0; i < to->nr && tries < 1000000; i++) {
		if (used_o[i] || !mo[i].name_off)
			continue;
		tries += tn->nr;
		for (uint32_t j = 0; j < tn->nr; j++) {
			if (used_n[j] || !mn[j].name_off || mo[i].bit_off != mn[j].bit_off ||
			    mo[i].bit_size != mn[j].bit_size ||
			    !same_identity(x, mo[i].type_id, mn[j].type_id))
				continue;
			{
				char *path = member_path(prefix, x->o, &mo[i]);
				struct change *ch = add_change(x, pi, CH_MEMBER_RENAMED, SEV_COMPATIBLE, path);

				set_values(ch, xstrdup(corpus_name(x->o, mo[i].name_off)),
					   xstrdup(corpus_name(x->n, mn[j].name_off)), false);
				free(path);
			}
			used_o[i] = used_n[j] = true;
			break;
		}
	}
	for (uint32_t i = 0; i < to->nr; i++) {
		if (!used_o[i]) {
			char *path = member_path(prefix, x->o, &mo[i]);
			struct change *ch = add_change(x, pi, CH_MEMBER_REMOVED, SEV_BREAKING, path);

			ch->old_value = spell(x->o, mo[i].type_id);
			free(path);
		}
	}
	for (uint32_t j = 0; j < tn->nr; j++) {
		if (!used_n[j]) {
			char *path = member_path(prefix, x->n, &mn[j]);
			struct change *ch = add_change(x, pi, CH_MEMBER_ADDED, SEV_COMPATIBLE, path);

			ch->new_value = spell(x->n, mn[j].type_id);
			free(path);
		}
	}
	free(prefix);
	free(used_o);
	free(used_n);
	free(match);
}

static void compare_enum(struct ctx *x, uint32_t pi)
{
	const struct pair *p = &x->pairs[pi];
	const struct type *to = &x->o->types[p->old_id], *tn = &x->n->types[p->new_id];
	const struct enumerator *eo = type_enumerators(x->o, to), *en = type_enumerators(x->n, tn);
	bool *used_o = xcalloc(to->nr + 1, 1), *used_n = xcalloc(tn->nr + 1, 1);
	char *prefix = xstrdup(p->path);
	bool so = to->flags & TF_SIGNED, sn = tn->flags & TF_SIGNED;

#define EVAL(s, v) ((s) ? xasprintf("%" PRId64, (int64_t)(v)) : xasprintf("%" PRIu64, (v)))
	if (to->size != tn->size)
		set_u64(add_change(x, pi, CH_ENUM_SIZE, SEV_BREAKING, NULL), to->size, tn->size);
	for (uint32_t i = 0; i < to->nr; i++) {
		const char *name = corpus_name(x->o, eo[i].name_off);

		for (uint32_t j = 0; j < tn->nr; j++) {
			if (used_n[j] || strcmp(name, corpus_name(x->n, en[j].name_off)) != 0)
				continue;
			used_o[i] = used_n[j] = true;
			if (eo[i].value != en[j].value) {
				char *path = xasprintf("%s.%s", prefix, name);
				struct change *ch =
					add_change(x, pi, CH_ENUMERATOR_VALUE, SEV_BREAKING, path);

				set_values(ch, EVAL(so, eo[i].value), EVAL(sn, en[j].value), true);
				free(path);
			}
			break;
		}
	}
	for (uint32_t i = 0; i < to->nr; i++) {
		bool renamed = false;
		char *path;

		if (used_o[i])
			continue;
		path = xasprintf("%s.%s", prefix, corpus_name(x->o, eo[i].name_off));
		for (uint32_t j = 0; j < tn->nr && !renamed; j++) {
			if (used_n[j] || en[j].value != eo[i].value)
				continue;
			used_n[j] = renamed = true;
			set_values(add_change(x, pi, CH_ENUMERATOR_RENAMED, SEV_COMPATIBLE, path),
				   xstrdup(corpus_name(x->o, eo[i].name_off)),
				   xstrdup(corpus_name(x->n, en[j].name_off)), false);
		}
		if (!renamed) {
			struct change *ch = add_change(x, pi, CH_ENUMERATOR_REMOVED, SEV_BREAKING, path);

			ch->old_value = EVAL(so, eo[i].value);
			ch->values_numeric = true;
		}
		free(path);
	}
	for (uint32_t j = 0; j < tn->nr; j++) {
		char *path;
		struct change *ch;

		if (used_n[j])
			continue;
		path = xasprintf("%s.%s", prefix, corpus_name(x->n, en[j].name_off));
		/* appending is harmless only while the enum keeps its size */
		ch = add_change(x, pi, CH_ENUMERATOR_ADDED,
				to->size == tn->size ? SEV_COMPATIBLE : SEV_BREAKING, path);
		ch->new_value = EVAL(sn, en[j].value);
		ch->values_numeric = true;
		free(path);
	}
#undef EVAL
	free(prefix);
	free(used_o);
	free(used_n);
}

static void compare_pair(struct ctx *x, uint32_t pi)
{
	const struct pair *p = &x->pairs[pi];
	const struct type *to = &x->o->types[p->old_id], *tn = &x->n->types[p->new_id];
	struct change *ch;

	if (to->kind == KIND_TYPEDEF) {
		unsigned qo, qn;
		uint32_t ao = strip_quals(x->o, to->ref_id, &qo), an = strip_quals(x->n, tn->ref_id, &qn);
		const struct type *tao = &x->o->types[ao], *tan = &x->n->types[an];
		struct use u;

		if (qo == qn && is_aggregate(tao->kind) && is_aggregate(tan->kind) && !tao->name_off &&
		    !tan->name_off) {
			/* typedef struct { ... } foo_t: the struct is known as foo_t */
			get_pair_named(x, ao, an, pi, x->pairs[pi].by_value, p->type_name, p->type_name);
			return;
		}
		u = use_cmp(x, to->ref_id, tn->ref_id, pi, x->pairs[pi].by_value, p->path, 0);

		/* a typedef naming an anonymous aggregate lends it its name */
		if (u.result == USE_TYPE) {
			ch = add_change(x, pi, CH_TYPEDEF_TARGET, SEV_BREAKING, NULL);
			set_values(ch, spell(x->o, to->ref_id), spell(x->n, tn->ref_id), false);
		} else {
			report_use(x, pi, &u, CH_TYPEDEF_TARGET, NULL, to->ref_id, tn->ref_id);
		}
		return;
	}
	if (to->kind == KIND_FWD || tn->kind == KIND_FWD) {
		if (to->kind == KIND_FWD && tn->kind != KIND_FWD)
			add_change(x, pi, CH_BECAME_DEFINED, SEV_COMPATIBLE, NULL);
		else if (tn->kind == KIND_FWD && to->kind != KIND_FWD)
			add_change(x, pi, CH_BECAME_OPAQUE, SEV_BREAKING, NULL);
		return;
	}
	if (to->kind != tn->kind) {
		ch = add_change(x, pi, CH_TYPE_KIND_CHANGED, SEV_BREAKING, NULL);
		set_values(ch, xstrdup(kind_name(to->kind)), xstrdup(kind_name(tn->kind)), false);
		return;
	}
	if (to->kind == KIND_ENUM) {
		compare_enum(x, pi);
		return;
	}
	if (to->size != tn->size) {
		set_u64(add_change(x, pi, CH_TYPE_SIZE, SEV_BREAKING, NULL), to->size, tn->size);
		x->changes[x->nr_changes - 1].size_rule = true;
	}
	if (to->align != tn->align) {
		set_u64(add_change(x, pi, CH_TYPE_ALIGNMENT, SEV_BREAKING, NULL), to->align, tn->align);
		x->changes[x->nr_changes - 1].size_rule = true;
	}
	compare_members(x, pi);
}

/* Symbols --------------------------------------------------------------------------- */

static enum subject_kind sym_subject(const struct symbol *s)
{
	return s->kind == SYM_VAR || s->kind == SYM_TLS ? SUBJ_VARIABLE : SUBJ_FUNCTION;
}

/* An ifunc is called like a function; a TLS variable is not accessed like a variable. */
static int kind_class(const struct symbol *s)
{
	return s->kind == SYM_IFUNC ? SYM_FUNC : s->kind;
}

/* A change about a symbol itself, outside any pair. */
static struct change *symbol_change(struct ctx *x, uint32_t root, enum change_kind kind,
				    enum severity sev, const struct corpus *c, const struct symbol *s)
{
	struct change *ch = add_change(x, root, kind, sev, corpus_name(c, s->name_off));
	const char *v = corpus_name(c, s->version_off);

	ch->subject = sym_subject(s);
	free(ch->subject_name);
	ch->subject_name = xstrdup(corpus_name(c, s->name_off));
	free(ch->symbol_version);
	ch->symbol_version = *v ? xstrdup(v) : NULL;
	if (s->type_id && c->types[s->type_id].file_off) {
		free(ch->file);
		ch->file = xstrdup(corpus_name(c, c->types[s->type_id].file_off));
		ch->line = c->types[s->type_id].line;
	}
	return ch;
}

static uint32_t root_pair(struct ctx *x, const struct symbol *so, const struct symbol *sn)
{
	uint32_t idx = add_pair(x, so ? so->type_id : 0, sn ? sn->type_id : 0);
	struct pair *p = &x->pairs[idx];
	const struct symbol *s = sn ? sn : so;
	const struct corpus *c = sn ? x->n : x->o;

	p->is_root = true;
	p->subject = sym_subject(s);
	p->subject_name = xstrdup(corpus_name(c, s->name_off));
	p->path = xstrdup(p->subject_name);
	p->root_symbol = xstrdup(corpus_name(c, s->name_off));
	if (s->version_off)
		p->root_version = xstrdup(corpus_name(c, s->version_off));
	if (s->type_id && c->types[s->type_id].file_off) {
		p->file = xstrdup(corpus_name(c, c->types[s->type_id].file_off));
		p->line = c->types[s->type_id].line;
	}
	return idx;
}

static void compare_function(struct ctx *x, uint32_t root, const struct symbol *so,
			     const struct symbol *sn)
{
	const struct type *fo = &x->o->types[so->type_id], *fn = &x->n->types[sn->type_id];
	const struct type *po, *pn;
	const char *name = corpus_name(x->n, sn->name_off);
	uint32_t n_common;
	struct use u;

	if (fo->kind != KIND_FUNC || fn->kind != KIND_FUNC)
		return;
	po = &x->o->types[fo->ref_id];
	pn = &x->n->types[fn->ref_id];
	{
		char *path = xasprintf("%s(return)", name);

		u = use_cmp(x, po->ref_id, pn->ref_id, root, true, path, 0);
		if (report_use(x, root, &u, CH_RETURN_TYPE, path, po->ref_id, pn->ref_id))
			x->changes[x->nr_changes - 1].ch.subject = SUBJ_FUNCTION;
		free(path);
	}
	n_common = po->nr < pn->nr ? po->nr : pn->nr;
	for (uint32_t i = 0; i < po->nr || i < pn->nr; i++) {
		const struct param *a = i < po->nr ? &type_params(x->o, po)[i] : NULL;
		const struct param *b = i < pn->nr ? &type_params(x->n, pn)[i] : NULL;
		const struct param *named = b && b->name_off ? b : a;
		const struct corpus *nc = named == b ? x->n : x->o;
		char *path = named && named->name_off ?
				     xasprintf("%s(param %u '%s')", name, i + 1, corpus_name(nc, named->name_off)) :
				     xasprintf("%s(param %u)", name, i + 1);
		struct change *ch;

		if (i < n_common) {
			u = use_cmp(x, a->type_id, b->type_id, root, true, path, 0);
			report_use(x, root, &u, CH_PARAM_TYPE, path, a->type_id, b->type_id);
		} else if (a) {
			ch = add_change(x, root, CH_PARAM_REMOVED, SEV_BREAKING, path);
			ch->old_value = spell(x->o, a->type_id);
		} else {
			ch = add_change(x, root, CH_PARAM_ADDED, SEV_BREAKING, path);
			ch->new_value = spell(x->n, b->type_id);
		}
		free(path);
	}
	if ((po->flags & TF_VARIADIC) != (pn->flags & TF_VARIADIC)) {
		struct change *ch = add_change(x, root, CH_VARIADIC_CHANGED, SEV_BREAKING, NULL);
		struct dstr a, b;

		dstr_init(&a);
		dstr_init(&b);
		type_format(x->o, fo->ref_id, corpus_name(x->o, so->name_off), &a);
		type_format(x->n, fn->ref_id, name, &b);
		set_values(ch, dstr_detach(&a), dstr_detach(&b), false);
	}
}

static void compare_variable(struct ctx *x, uint32_t root, const struct symbol *so,
			     const struct symbol *sn)
{
	const struct type *vo = &x->o->types[so->type_id], *vn = &x->n->types[sn->type_id];
	struct use u;

	if (vo->kind != KIND_VAR || vn->kind != KIND_VAR)
		return;
	u = use_cmp(x, vo->ref_id, vn->ref_id, root, true, x->pairs[root].path, 0);
	report_use(x, root, &u, CH_VARIABLE_TYPE, NULL, vo->ref_id, vn->ref_id);
}

static bool same_str(const struct corpus *a, uint32_t ao, const struct corpus *b, uint32_t bo)
{
	return strcmp(corpus_name(a, ao), corpus_name(b, bo)) == 0;
}

static void compare_matched(struct ctx *x, uint32_t root, const struct symbol *so,
			    const struct symbol *sn, bool types)
{
	if (kind_class(so) != kind_class(sn)) {
		struct change *ch = symbol_change(x, root, CH_SYMBOL_KIND_CHANGED, SEV_BREAKING, x->n, sn);

		set_values(ch, xstrdup(sym_kind_name(so->kind)), xstrdup(sym_kind_name(sn->kind)),
			   false);
		return;
	}
	if (!types || (!so->type_id && !sn->type_id))
		return;
	if (!so->type_id || !sn->type_id) {
		/* evidence on one side only: never "no change" from it */
		if (!x->nr_missing++) {
			x->missing = !so->type_id ? so : sn;
			x->missing_in = !so->type_id ? x->o : x->n;
		}
		return;
	}
	if (sym_subject(so) == SUBJ_FUNCTION)
		compare_function(x, root, so, sn);
	else
		compare_variable(x, root, so, sn);
}

/*
 * Symbols match by name and version. An old version that is gone while the name is
 * still exported (foo@V1 dropped, foo@@V2 kept or new) is symbol_version_changed, and
 * the symbol is compared with that other version.
 */
static void compare_symbols(struct ctx *x, bool types)
{
	const struct corpus *o = x->o, *n = x->n;
	bool *matched_n = xcalloc(n->nr_syms + 1, 1);
	uint32_t *match_o = xmalloc((o->nr_syms + 1) * sizeof(*match_o));
	struct hashmap exact, by_name; /* hash(name, version) / hash(name) -> index + 1 in n */

	hashmap_init(&exact);
	hashmap_init(&by_name);
	for (size_t j = 0; j < n->nr_syms; j++) {
		uint64_t kn = hash_str(corpus_name(n, n->syms[j].name_off));
		uint64_t k = hash_combine(kn, hash_str(corpus_name(n, n->syms[j].version_off)));

		hashmap_set(&exact, k ? k : 1, j + 1);
		if (!hashmap_get(&by_name, kn ? kn : 1, NULL))
			hashmap_set(&by_name, kn ? kn : 1, j + 1);
	}
	for (size_t i = 0; i < o->nr_syms; i++) {
		const struct symbol *so = &o->syms[i];
		uint64_t k = hash_combine(hash_str(corpus_name(o, so->name_off)),
					  hash_str(corpus_name(o, so->version_off))),
			 v;

		match_o[i] = UINT32_MAX;
		if (hashmap_get(&exact, k ? k : 1, &v) && same_str(n, n->syms[v - 1].name_off, o, so->name_off) &&
		    same_str(n, n->syms[v - 1].version_off, o, so->version_off)) {
			match_o[i] = (uint32_t)(v - 1);
			matched_n[v - 1] = true;
		}
	}
	for (size_t i = 0; i < o->nr_syms; i++) {
		const struct symbol *so = &o->syms[i], *sn = NULL;
		uint32_t root;

		if (match_o[i] != UINT32_MAX) {
			compare_matched(x, root_pair(x, so, &n->syms[match_o[i]]), so,
					&n->syms[match_o[i]], types);
			continue;
		}
		/* the same name under another version: an unmatched one first, else any */
		for (size_t j = 0; j < n->nr_syms && !sn; j++)
			if (!matched_n[j] && same_str(n, n->syms[j].name_off, o, so->name_off))
				sn = &n->syms[j];
		if (!sn) {
			uint64_t kn = hash_str(corpus_name(o, so->name_off)), v;

			if (hashmap_get(&by_name, kn ? kn : 1, &v) &&
			    same_str(n, n->syms[v - 1].name_off, o, so->name_off))
				sn = &n->syms[v - 1];
		}
		if (!sn) {
			root = root_pair(x, so, NULL);
			symbol_change(x, root, CH_SYMBOL_REMOVED, SEV_BREAKING, o, so);
			continue;
		}
		matched_n[sn - n->syms] = true;
		root = root_pair(x, so, sn);
		set_values(symbol_change(x, root, CH_SYMBOL_VERSION_CHANGED, SEV_BREAKING, n, sn),
			   xstrdup(corpus_name(o, so->version_off)),
			   xstrdup(corpus_name(n, sn->version_off)), false);
		compare_matched(x, root, so, sn, types);
	}
	for (size_t j = 0; j < n->nr_syms; j++) {
		struct change *ch;

		if (matched_n[j])
			continue;
		ch = symbol_change(x, root_pair(x, NULL, &n->syms[j]), CH_SYMBOL_ADDED, SEV_COMPATIBLE,
				   n, &n->syms[j]);
		/* a new version of a known name reads better with its version */
		if (n->syms[j].version_off)
			ch->new_value = xstrdup(corpus_name(n, n->syms[j].version_off));
	}
	hashmap_release(&exact);
	hashmap_release(&by_name);
	free(matched_n);
	free(match_o);
}

/* Named types as roots (relocatable objects): matched by kind and name. */
static void compare_named_roots(struct ctx *x)
{
	struct hashmap names; /* hash(kind, name) -> new id + 1; 0 value marks ambiguity */

	hashmap_init(&names);
	for (uint32_t id = 1; id < x->n->nr_types; id++) {
		const struct type *t = &x->n->types[id];
		uint64_t k;

		if (!t->name_off || !(is_aggregate(t->kind) || t->kind == KIND_TYPEDEF))
			continue;
		k = hash_combine(t->kind, hash_str(corpus_name(x->n, t->name_off)));
		hashmap_set(&names, k ? k : 1, hashmap_get(&names, k ? k : 1, NULL) ? 0 : id + 1);
	}
	for (uint32_t id = 1; id < x->o->nr_types; id++) {
		const struct type *t = &x->o->types[id];
		uint64_t k, v;

		if (!t->name_off || !(is_aggregate(t->kind) || t->kind == KIND_TYPEDEF))
			continue;
		k = hash_combine(t->kind, hash_str(corpus_name(x->o, t->name_off)));
		if (hashmap_get(&names, k ? k : 1, &v) && v) {
			/* in an object or a header probe, the type itself is the interface */
			uint32_t idx = get_pair(x, id, (uint32_t)(v - 1), UINT32_MAX, true, NULL);

			x->pairs[idx].is_root = true;
		}
	}
	hashmap_release(&names);
}

/* Settling ------------------------------------------------------------------------- */

static const char *fmt_count(size_t n)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), " (and %zu more)", n);
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Exported symbols from which pair PI is reached. */
static void reach(struct ctx *x, uint32_t pi, struct change *ch, uint8_t *seen,
		  uint32_t *stack)
{
	size_t nr = 0, nr_syms = 0, cap = 0;
	char **syms = NULL;

	memset(seen, 0, x->nr_pairs);
	stack[nr++] = pi;
	seen[pi] = 1;
	while (nr) {
		const struct pair *p = &x->pairs[stack[--nr]];

		if (p->root_symbol) {
			ARRAY_GROW(syms, cap, nr_syms + 2);
			syms[nr_syms++] = xstrdup(p->root_symbol);
		}
		for (size_t i = 0; i < p->nr_parents; i++)
			if (!seen[p->parents[i]]) {
				seen[p->parents[i]] = 1;
				stack[nr++] = p->parents[i];
			}
	}
	if (nr_syms) {
		size_t k = 0;

		/* one name with several versions is one entry */
		qsort(syms, nr_syms, sizeof(*syms), cmp_str);
		for (size_t i = 0; i < nr_syms; i++) {
			if (k && strcmp(syms[k - 1], syms[i]) == 0)
				free(syms[i]);
			else
				syms[k++] = syms[i];
		}
		nr_syms = k;
	}
	ARRAY_GROW(syms, cap, nr_syms + 1);
	syms[nr_syms] = NULL;
	ch->symbols = syms;
	ch->nr_symbols = nr_syms;
}

/* Is FILE under DIR? Both normalised: no "./" prefix, no trailing slash. */
static bool under_dir(const char *file, const char *dir)
{
	size_t n = strlen(dir);

	return n && strncmp(file, dir, n) == 0 && (file[n] == '/' || dir[n - 1] == '/');
}

static char *normalise(const char *path)
{
	char *p;
	size_t n;

	while (strncmp(path, "./", 2) == 0)
		path += 2;
	p = xstrdup(path);
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/*
 * Declaration files are recorded relative to the compilation directory when they are
 * under it, absolute otherwise. A relative directory matches relative paths; an
 * absolute one (or a relative one resolved from the current directory) matches absolute
 * paths and relative paths taken from the current directory. Run abidrift from the
 * build's top directory, or give absolute directories for headers outside it.
 */
static bool in_headers(const char *file, const char *const *dirs, bool *used)
{
	char *f, *cwd = NULL, *abs_f = NULL;
	bool ok = false;

	if (!dirs || !*dirs)
		return true;
	if (!file)
		return false;
	f = normalise(file);
	if (f[0] != '/') {
		cwd = getcwd(NULL, 0);
		if (cwd) {
			abs_f = xmalloc(strlen(cwd) + strlen(f) + 2);
			sprintf(abs_f, "%s/%s", cwd, f);
		}
	}
	for (size_t i = 0; dirs[i]; i++) {
		char *d = normalise(dirs[i]), *real = realpath(dirs[i], NULL);
		bool hit = (d[0] != '/' && f[0] != '/' && under_dir(f, d)) ||
			   (real && (under_dir(f, real) || (abs_f && under_dir(abs_f, real))));

		free(d);
		free(real);
		if (hit) {
			used[i] = true;
			ok = true;
		}
	}
	free(f);
	free(cwd);
	free(abs_f);
	return ok;
}

static int opt_strcmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_change(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int r;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((r = strcmp(x->subject_name, y->subject_name)))
		return r;
	if ((r = strcmp(x->path, y->path)))
		return r;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((r = opt_strcmp(x->old_value, y->old_value)))
		return r;
	return opt_strcmp(x->new_value, y->new_value);
}

static void free_change(struct change *c)
{
	free(c->subject_name);
	free(c->type_name);
	free(c->symbol_version);
	free(c->path);
	free(c->old_value);
	free(c->new_value);
	free(c->file);
	free(c->note);
	for (size_t i = 0; i < c->nr_symbols; i++)
		free(c->symbols[i]);
	free(c->symbols);
	free(c->suppressed_by);
	free(c->reason);
}

static void ctx_release(struct ctx *x)
{
	for (size_t i = 0; i < x->nr_pairs; i++) {
		struct pair *p = &x->pairs[i];

		free(p->subject_name);
		free(p->type_name);
		free(p->path);
		free(p->file);
		free(p->root_symbol);
		free(p->root_version);
		free(p->parents);
	}
	free(x->pairs);
	free(x->queue);
	hashmap_release(&x->index);
}

int diff_corpora(const struct corpus *old, const struct corpus *new, const struct diff_opts *o,
		 struct diff *d)
{
	struct ctx x = { .o = old, .n = new, .opts = o };
	uint8_t *seen;
	uint32_t *stack;
	size_t nr_dirs = 0, nr_dropped = 0;
	bool *dirs_used;

	memset(d, 0, sizeof(*d));
	d->old = old;
	d->new = new;
	if (old->target.machine != new->target.machine ||
	    old->target.elf_class != new->target.elf_class ||
	    old->target.byte_order != new->target.byte_order)
		return pr_error(EINVAL,
				"%s is %s and %s is %s: diff compares two versions for one target; "
				"compare architectures with 'abidrift drift'",
				old->path, old->target.arch, new->path, new->target.arch);
	hashmap_init(&x.index);

	if ((old->soname_off || new->soname_off) &&
	    strcmp(corpus_name(old, old->soname_off), corpus_name(new, new->soname_off))) {
		uint32_t idx = add_pair(&x, 0, 0);
		struct change *ch;

		x.pairs[idx].subject = SUBJ_FILE;
		x.pairs[idx].subject_name = xstrdup("soname");
		x.pairs[idx].path = xstrdup("soname");
		x.pairs[idx].type_name = NULL;
		ch = add_change(&x, idx, CH_SONAME_CHANGED, SEV_BREAKING, NULL);
		ch->subject = SUBJ_FILE;
		/* an added or removed SONAME has no value on one side */
		set_values(ch, old->soname_off ? xstrdup(corpus_name(old, old->soname_off)) : NULL,
			   new->soname_off ? xstrdup(corpus_name(new, new->soname_off)) : NULL, false);
	}
	compare_symbols(&x, !o->symbols_only);
	if (x.nr_missing) {
		int err = pr_error(ENODATA,
				   "%s: no DWARF for symbol '%s'%s, which the other side has, so its "
				   "type cannot be compared; build that code with -g, or pass "
				   "--symbols-only",
				   x.missing_in->path, corpus_name(x.missing_in, x.missing->name_off),
				   x.nr_missing > 1 ? fmt_count(x.nr_missing - 1) : "");

		free(x.changes);
		ctx_release(&x);
		return err;
	}
	if (!o->symbols_only && (old->file_kind == FILE_RELOCATABLE || new->file_kind == FILE_RELOCATABLE))
		compare_named_roots(&x);
	while (x.head < x.nr_queue)
		compare_pair(&x, x.queue[x.head++]);

	/* severities that depend on use, reach, filtering */
	for (size_t i = 0; o->headers_dirs && o->headers_dirs[i]; i++)
		nr_dirs++;
	dirs_used = xcalloc(nr_dirs + 1, 1);
	seen = xmalloc(x.nr_pairs + 1);
	stack = xmalloc((x.nr_pairs + 1) * sizeof(*stack));
	for (size_t i = 0; i < x.nr_changes; i++) {
		struct pending *pc = &x.changes[i];
		const struct pair *p = &x.pairs[pc->pair];
		struct change *ch = &pc->ch;

		if (pc->size_rule && !p->by_value) {
			ch->severity = SEV_COMPATIBLE;
			if (ch->kind == CH_TYPE_SIZE)
				ch->note = xstrdup("reached only through pointers: callers that allocate "
						   "or copy it themselves would break");
		}
		if (ch->subject == SUBJ_TYPE && !in_headers(ch->file, o->headers_dirs, dirs_used)) {
			nr_dropped++;
			free_change(ch);
			continue;
		}
		if (ch->subject == SUBJ_TYPE || !ch->symbols)
			reach(&x, pc->pair, ch, seen, stack);
		ARRAY_GROW(d->changes, d->cap_changes, d->nr_changes + 1);
		d->changes[d->nr_changes++] = *ch;
	}
	/* every type change dropped and no directory matched any: most likely wrong paths */
	{
		bool any = false;

		for (size_t i = 0; i < nr_dirs; i++)
			any |= dirs_used[i];
		if (nr_dirs && !any && nr_dropped)
			pr_warn("--headers-dir matched none of the %zu changed types, so none is "
				"reported; paths are matched as DWARF records them (relative to the "
				"build directory, or absolute)",
				nr_dropped);
	}
	free(dirs_used);
	free(seen);
	free(stack);
	free(x.changes);
	ctx_release(&x);
	if (d->nr_changes)
		qsort(d->changes, d->nr_changes, sizeof(*d->changes), cmp_change);
	diff_recount(d);
	return 0;
}

void diff_recount(struct diff *d)
{
	memset(d->counts, 0, sizeof(d->counts));
	d->nr_suppressed = 0;
	for (size_t i = 0; i < d->nr_changes; i++) {
		if (d->changes[i].suppressed)
			d->nr_suppressed++;
		else
			d->counts[d->changes[i].severity]++;
	}
}

enum severity diff_verdict(const struct diff *d)
{
	if (d->counts[SEV_BREAKING])
		return SEV_BREAKING;
	if (d->counts[SEV_COMPATIBLE])
		return SEV_COMPATIBLE;
	return SEV_NONE;
}

void diff_release(struct diff *d)
{
	for (size_t i = 0; i < d->nr_changes; i++)
		free_change(&d->changes[i]);
	free(d->changes);
	memset(d, 0, sizeof(*d));
}
