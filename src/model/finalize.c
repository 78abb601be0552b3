/* SPDX-License-Identifier: MIT */
/*
 * corpus_finalize(): validate a raw type graph, infer alignments, fingerprint every type
 * and merge the duplicates.
 *
 * Fingerprints are structural: two types get the same fingerprint when their infinite
 * unfoldings agree (same kinds, names, sizes, members, ... all the way down), whatever
 * compilation unit or input they came from. Recursive types make the graph cyclic, so
 * types are hashed per strongly connected component (Tarjan, iterative): a component of
 * one node is hashed from its own content and its children's finished fingerprints; in a
 * larger component each node is refined by rounds of colour refinement until the number
 * of distinct colours stops growing, and the fingerprint combines the node's colour with
 * the set of colours of its component. Colours depend only on what a node unfolds to, so
 * duplicated nodes (two pointer DIEs to one struct in one unit) cannot change the result.
 * See doc/fingerprints.md.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

#define MAX_CHAIN 4096 /* typedef/qualifier chains followed by the helpers */

/* Edges of the type graph: every type id a record refers to, in a fixed order. */
static uint32_t nr_edges(const struct corpus *c, const struct type *t)
{
	switch (t->kind) {
	case KIND_STRUCT:
	case KIND_UNION:
		return t->nr;
	case KIND_FUNC_PROTO:
		return t->nr + 1;
	case KIND_PTR:
	case KIND_ARRAY:
	case KIND_TYPEDEF:
	case KIND_CONST:
	case KIND_VOLATILE:
	case KIND_RESTRICT:
	case KIND_ATOMIC:
	case KIND_FUNC:
	case KIND_VAR:
		return 1;
	default:
		return 0;
	}
}

static uint32_t edge(const struct corpus *c, const struct type *t, uint32_t i)
{
	switch (t->kind) {
	case KIND_STRUCT:
	case KIND_UNION:
		return c->members[t->first + i].type_id;
	case KIND_FUNC_PROTO:
		return i == 0 ? t->ref_id : c->params[t->first + i - 1].type_id;
	default:
		return t->ref_id;
	}
}

/* Does the edge carry the child by value (its layout is part of the parent's)? */
static bool by_value(const struct type *t)
{
	switch (t->kind) {
	case KIND_STRUCT:
	case KIND_UNION:
	case KIND_ARRAY:
	case KIND_TYPEDEF:
	case KIND_CONST:
	case KIND_VOLATILE:
	case KIND_RESTRICT:
	case KIND_ATOMIC:
	case KIND_VAR:
		return true;
	default:
		return false;
	}
}

static const char *describe(const struct corpus *c, uint32_t id, char *buf, size_t len)
{
	const struct type *t = &c->types[id];
	const char *name = corpus_name(c, t->name_off);

	if (*name)
		snprintf(buf, len, "%s '%.64s%s'", kind_name(t->kind), name,
			 strlen(name) > 64 ? "..." : "");
	else
		snprintf(buf, len, "anonymous %s (type %u)", kind_name(t->kind), id);
	return buf;
}

/* Is S well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF)? */
static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned n, cp;

		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0)
			n = 1, cp = *p & 0x1f;
		else if ((*p & 0xf0) == 0xe0)
			n = 2, cp = *p & 0x0f;
		else if ((*p & 0xf8) == 0xf0)
			n = 3, cp = *p & 0x07;
		else
			return false;
		for (unsigned i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

static int check_name(const struct corpus *c, uint32_t off, const char *what)
{
	const char *name = corpus_name(c, off);

	if (utf8_valid(name))
		return 0;
	return pr_error(EINVAL, "%s: %s is not valid UTF-8 (the file is damaged)", c->path, what);
}

static int sym_cmp_name_version(const struct corpus *c, const struct symbol *a,
				const struct symbol *b)
{
	int r = strcmp(corpus_name(c, a->name_off), corpus_name(c, b->name_off));

	return r ? r : strcmp(corpus_name(c, a->version_off), corpus_name(c, b->version_off));
}

static int validate(const struct corpus *c)
{
	char buf[256];

	for (size_t id = 1; id < c->nr_types; id++) {
		const struct type *t = &c->types[id];
		size_t nr_parts = 0;

		if (t->kind == KIND_VOID || t->kind >= NR_KINDS)
			return pr_error(EINVAL, "%s: type %zu has an invalid kind %u", c->path, id,
					t->kind);
		switch (t->kind) {
		case KIND_STRUCT:
		case KIND_UNION:
			nr_parts = c->nr_members;
			break;
		case KIND_ENUM:
			nr_parts = c->nr_enumerators;
			break;
		case KIND_FUNC_PROTO:
			nr_parts = c->nr_params;
			break;
		default:
			if (t->nr)
				return pr_error(EINVAL, "%s: %s has parts it cannot have", c->path,
						describe(c, id, buf, sizeof(buf)));
		}
		if (t->nr && ((uint64_t)t->first + t->nr > nr_parts))
			return pr_error(EINVAL, "%s: %s: parts out of range", c->path,
					describe(c, id, buf, sizeof(buf)));
		if (!corpus_valid_id(c, t->ref_id))
			return pr_error(EINVAL, "%s: %s refers to type %u, which does not exist",
					c->path, describe(c, id, buf, sizeof(buf)), t->ref_id);
		for (uint32_t i = 0; i < nr_edges(c, t); i++)
			if (!corpus_valid_id(c, edge(c, t, i)))
				return pr_error(EINVAL,
						"%s: %s refers to type %u, which does not exist",
						c->path, describe(c, id, buf, sizeof(buf)),
						edge(c, t, i));
	}
	for (size_t i = 0; i < c->nr_syms; i++) {
		if (!corpus_valid_id(c, c->syms[i].type_id))
			return pr_error(EINVAL, "%s: symbol '%.64s' refers to a type that does not exist",
					c->path, corpus_name(c, c->syms[i].name_off));
		if (check_name(c, c->syms[i].name_off, "a symbol's name") ||
		    check_name(c, c->syms[i].version_off, "a symbol's version"))
			return -EINVAL;
	}
	/* names are identifiers: a name that is not UTF-8 is damage, not a type */
	for (size_t id = 1; id < c->nr_types; id++)
		if (check_name(c, c->types[id].name_off, "a type's name"))
			return -EINVAL;
	for (size_t i = 0; i < c->nr_members; i++)
		if (check_name(c, c->members[i].name_off, "a member's name"))
			return -EINVAL;
	for (size_t i = 0; i < c->nr_params; i++)
		if (check_name(c, c->params[i].name_off, "a parameter's name"))
			return -EINVAL;
	for (size_t i = 0; i < c->nr_enumerators; i++)
		if (check_name(c, c->enumerators[i].name_off, "an enumerator's name"))
			return -EINVAL;
	return 0;
}

/* After sizes are known: members inside their struct, each symbol once. */
static int validate_layout(const struct corpus *c)
{
	char buf[256];

	for (size_t id = 1; id < c->nr_types; id++) {
		const struct type *t = &c->types[id];

		if ((t->kind != KIND_STRUCT && t->kind != KIND_UNION) || !t->size)
			continue;
		for (uint32_t i = 0; i < t->nr; i++) {
			const struct member *m = &c->members[t->first + i];
			uint64_t bits = m->bit_size ? m->bit_size : 8 * type_size(c, m->type_id);

			if (m->bit_off > 8 * t->size || bits > 8 * t->size - m->bit_off)
				return pr_error(EINVAL,
						"%s: %s: member '%.64s' (at bit %llu, %llu bits) lies "
						"past the end of its %llu bytes",
						c->path, describe(c, (uint32_t)id, buf, sizeof(buf)),
						corpus_name(c, m->name_off),
						(unsigned long long)m->bit_off, (unsigned long long)bits,
						(unsigned long long)t->size);
		}
	}
	return 0;
}

/* Alignment --------------------------------------------------------------------------- */

static uint32_t scalar_align(const struct corpus *c, const struct type *t)
{
	uint64_t size = t->size;

	if (t->kind == KIND_FLOAT && (t->flags & TF_COMPLEX))
		size /= 2;
	return target_scalar_align(&c->target, t->kind, size);
}

static uint64_t roundup_pow2(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

uint64_t align_between(uint64_t from, uint64_t to, uint64_t at_least)
{
	for (uint64_t p = at_least; p && p <= 4096; p *= 2) {
		uint64_t r = roundup_pow2(from, p);

		if (r == to)
			return p;
		if (r > to)
			return 0;
	}
	return 0;
}

/* Does bitfield M fit in one storage unit of its type (SIZE bytes at alignment MA)? */
static bool bitfield_fits(const struct member *m, uint64_t size, uint64_t ma)
{
	uint64_t unit_start = m->bit_off / (8 * ma) * (8 * ma);

	return !size || m->bit_off + m->bit_size <= unit_start + 8 * size;
}

/*
 * Alignment of a struct or union whose children are done, when DWARF does not give it.
 *
 * Ordinarily each member contributes its type's alignment, or more when it sits past
 * where that alignment would have put it (an aligned(N) member). When the layout shows
 * packing (a member below its type's alignment, or a bitfield crossing its storage
 * unit), members contribute only what their placement proves: the smallest alignment
 * that puts them where they are after the previous member. That covers both a single
 * packed member and #pragma pack(N), where members can sit aligned by chance. The tail
 * counts too: a size that is the end of the members rounded up to P means an alignment
 * of at least P (aligned(N) on the struct, or a zero-width bitfield). Packing that
 * leaves everything aligned leaves no trace in DWARF and is not claimed.
 */
static void infer_aggregate(struct corpus *c, struct type *t)
{
	uint64_t align = 1, end = 0; /* end: bytes used so far */
	bool packed = false;

	for (uint32_t i = 0; i < t->nr && !packed; i++) {
		const struct member *m = &c->members[t->first + i];
		uint64_t ma = c->types[m->type_id].align ? c->types[m->type_id].align : 1;

		if (m->bit_size)
			packed = !bitfield_fits(m, type_size(c, m->type_id), ma);
		else
			packed = m->bit_off % 8 || (m->bit_off / 8) % ma;
	}
	for (uint32_t i = 0; i < t->nr; i++) {
		const struct member *m = &c->members[t->first + i];
		uint64_t ma = c->types[m->type_id].align ? c->types[m->type_id].align : 1;
		uint64_t size = type_size(c, m->type_id), off = m->bit_off / 8, m_end, eff;

		if (m->align > ma)
			ma = m->align; /* aligned(N) on the member, as DWARF says */

		if (m->bit_size) {
			eff = packed ? 1 : ma;
			m_end = (m->bit_off + m->bit_size + 7) / 8;
		} else {
			uint64_t from = t->kind == KIND_STRUCT ? end : 0;
			uint64_t proven = m->bit_off % 8 ? 1 : align_between(from, off, 1);

			if (!proven)
				proven = off ? off & -off : ma;
			/*
			 * Placed past its alignment: aligned(N), unless the size says otherwise
			 * (a zero-width or unnamed bitfield made the gap; DWARF omits them).
			 */
			if (!packed && proven > ma && t->size % proven)
				proven = ma;
			eff = packed ? proven : (proven > ma ? proven : ma);
			m_end = off + size;
		}
		if (eff > align)
			align = eff;
		if (m_end > end)
			end = m_end;
	}
	if (end && t->size > end) {
		uint64_t tail = align_between(end, t->size, 1);

		if (tail > align)
			align = tail;
	}
	/* the size is a multiple of the alignment, whatever the members suggest */
	while (align > 1 && t->size % align) {
		align /= 2;
		packed = true;
	}
	if (packed)
		t->flags |= TF_PACKED;
	if (!(t->flags & TF_ALIGNED) || !t->align)
		t->align = (uint32_t)align;
}

static int infer_one(struct corpus *c, uint32_t id)
{
	struct type *t = &c->types[id];

	if (t->kind == KIND_ARRAY) {
		uint64_t elem = type_size(c, t->ref_id);

		if (elem && t->nr_elems > UINT64_MAX / 8 / elem) {
			char buf[256];

			return pr_error(EOVERFLOW, "%s: %s of %llu elements is too large", c->path,
					describe(c, id, buf, sizeof(buf)),
					(unsigned long long)t->nr_elems);
		}
		t->size = t->nr_elems * elem;
	}
	if (t->align)
		return 0;
	switch (t->kind) {
	case KIND_INT:
	case KIND_FLOAT:
	case KIND_ENUM:
		t->align = scalar_align(c, t);
		break;
	case KIND_PTR:
		t->align = target_scalar_align(&c->target, KIND_PTR, t->size);
		break;
	case KIND_STRUCT:
	case KIND_UNION:
		infer_aggregate(c, t);
		break;
	case KIND_ARRAY:
	case KIND_TYPEDEF:
	case KIND_CONST:
	case KIND_VOLATILE:
	case KIND_RESTRICT:
	case KIND_ATOMIC:
	case KIND_VAR:
		t->align = c->types[t->ref_id].align;
		break;
	default:
		break;
	}
	if (!t->align)
		t->align = 1;
	return 0;
}

/* Depth-first over by-value edges with an explicit stack; a by-value cycle is an error. */
static int infer_alignments(struct corpus *c)
{
	enum { WHITE, GREY, BLACK };
	uint8_t *state = xcalloc(c->nr_types, 1);
	struct frame {
		uint32_t id, next;
	} *stack = NULL;
	size_t nr = 0, cap = 0;
	int err = 0;
	char buf[256];

	state[0] = BLACK;
	c->types[0].align = 1;
	for (uint32_t root = 1; root < c->nr_types && !err; root++) {
		if (state[root] != WHITE)
			continue;
		ARRAY_GROW(stack, cap, nr + 1);
		stack[nr++] = (struct frame){ root, 0 };
		state[root] = GREY;
		while (nr && !err) {
			struct frame *f = &stack[nr - 1];
			const struct type *t = &c->types[f->id];

			if (by_value(t) && f->next < nr_edges(c, t)) {
				uint32_t child = edge(c, t, f->next++);

				if (state[child] == GREY) {
					err = pr_error(ELOOP, "%s: %s contains itself by value",
						       c->path,
						       describe(c, child, buf, sizeof(buf)));
				} else if (state[child] == WHITE) {
					state[child] = GREY;
					ARRAY_GROW(stack, cap, nr + 1);
					stack[nr++] = (struct frame){ child, 0 };
				}
				continue;
			}
			err = infer_one(c, f->id);
			state[f->id] = BLACK;
			nr--;
		}
	}
	free(stack);
	free(state);
	return err;
}

/* Fingerprints ----------------------------------------------------------------------- */

struct words {
	uint64_t *w;
	size_t nr, cap;
};

/* Words are hashed little-endian, so fingerprints do not depend on the host. */
static void put(struct words *b, uint64_t v)
{
	ARRAY_GROW(b->w, b->cap, b->nr + 1);
	b->w[b->nr++] = htole64(v);
}

#define IN_SCC_MARK 0x5cc5cc5cc5cc5cc5ULL

/*
 * Local content of a type, children excluded. Declaration file and line are left out on
 * purpose: moving a declaration is not an ABI change, and a baseline must not churn.
 */
static void put_local(const struct corpus *c, const struct type *t, struct words *b)
{
	put(b, t->kind);
	put(b, hash_str(corpus_name(c, t->name_off)));
	put(b, t->flags);
	put(b, t->size);
	put(b, t->nr_elems);
	put(b, t->align);
	put(b, t->nr);
	switch (t->kind) {
	case KIND_STRUCT:
	case KIND_UNION:
		for (uint32_t i = 0; i < t->nr; i++) {
			const struct member *m = &c->members[t->first + i];

			put(b, hash_str(corpus_name(c, m->name_off)));
			put(b, m->bit_off);
			put(b, m->bit_size);
			put(b, m->align);
		}
		break;
	case KIND_ENUM:
		for (uint32_t i = 0; i < t->nr; i++) {
			const struct enumerator *e = &c->enumerators[t->first + i];

			put(b, hash_str(corpus_name(c, e->name_off)));
			put(b, e->value);
		}
		break;
	case KIND_FUNC_PROTO:
		for (uint32_t i = 0; i < t->nr; i++)
			put(b, hash_str(corpus_name(c, c->params[t->first + i].name_off)));
		break;
	default:
		break;
	}
}

static uint64_t nonzero(uint64_t h)
{
	return h ? h : 1;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct fpctx {
	struct corpus *c;
	uint32_t *comp;   /* component index per type, UINT32_MAX while unassigned */
	uint64_t *local;  /* per type: hash of local content + out-of-component children */
	uint64_t *colour; /* per type: current refinement colour */
	uint64_t *next;
	struct words buf;
	/*
	 * Content key (local content + children's fingerprints) -> fingerprint. A node
	 * outside any cycle that equals a node inside one (a second `struct node *` next to
	 * the one in `struct node { struct node *next; }`) finds that node's key here and
	 * takes its fingerprint, so equal types merge whichever side of a cycle they sit.
	 */
	struct hashmap by_key;
};

static size_t count_distinct(uint64_t *tmp, size_t n)
{
	size_t d = 0;

	qsort(tmp, n, sizeof(*tmp), cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || tmp[i] != tmp[i - 1])
			d++;
	return d;
}

static void hash_component(struct fpctx *x, const uint32_t *nodes, size_t n, uint32_t comp_id)
{
	struct corpus *c = x->c;
	uint64_t *tmp;
	size_t distinct, prev;
	uint64_t comp_hash;

	for (size_t i = 0; i < n; i++) {
		const struct type *t = &c->types[nodes[i]];

		x->buf.nr = 0;
		put_local(c, t, &x->buf);
		for (uint32_t e = 0; e < nr_edges(c, t); e++) {
			uint32_t child = edge(c, t, e);

			put(&x->buf, x->comp[child] == comp_id ? IN_SCC_MARK : c->types[child].shape);
		}
		x->local[nodes[i]] = hash_bytes(x->buf.w, x->buf.nr * sizeof(uint64_t));
	}
	if (n == 1) {
		uint32_t id = nodes[0];
		const struct type *t = &c->types[id];
		bool self = false;

		for (uint32_t e = 0; e < nr_edges(c, t); e++)
			self |= edge(c, t, e) == id;
		if (!self) {
			uint64_t key = nonzero(x->local[id]), fp;

			if (hashmap_get(&x->by_key, key, &fp)) {
				c->types[id].shape = fp;
			} else {
				c->types[id].shape = key;
				hashmap_set(&x->by_key, key, key);
			}
			return;
		}
	}

	tmp = xmalloc(n * sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		x->colour[nodes[i]] = x->local[nodes[i]];
	for (size_t i = 0; i < n; i++)
		tmp[i] = x->colour[nodes[i]];
	prev = count_distinct(tmp, n);
	/* Refine until stable; at most n rounds, usually two or three. */
	for (size_t round = 0; round < n; round++) {
		for (size_t i = 0; i < n; i++) {
			const struct type *t = &c->types[nodes[i]];

			x->buf.nr = 0;
			put(&x->buf, x->local[nodes[i]]);
			for (uint32_t e = 0; e < nr_edges(c, t); e++) {
				uint32_t child = edge(c, t, e);

				if (x->comp[child] == comp_id)
					put(&x->buf, x->colour[child]);
			}
			x->next[nodes[i]] = hash_bytes(x->buf.w, x->buf.nr * sizeof(uint64_t));
		}
		for (size_t i = 0; i < n; i++) {
			x->colour[nodes[i]] = x->next[nodes[i]];
			tmp[i] = x->colour[nodes[i]];
		}
		distinct = count_distinct(tmp, n);
		if (distinct == prev)
			break;
		prev = distinct;
	}
	/* The component's identity: the set (not multiset) of its colours. */
	for (size_t i = 0; i < n; i++)
		tmp[i] = x->colour[nodes[i]];
	distinct = count_distinct(tmp, n);
	{
		size_t d = 0;

		for (size_t i = 0; i < n; i++)
			if (i == 0 || tmp[i] != tmp[i - 1])
				tmp[d++] = tmp[i];
		for (size_t i = 0; i < d; i++)
			tmp[i] = htole64(tmp[i]);
		comp_hash = hash_bytes(tmp, d * sizeof(*tmp));
	}
	for (size_t i = 0; i < n; i++)
		c->types[nodes[i]].shape = nonzero(hash_combine(x->colour[nodes[i]], comp_hash));
	for (size_t i = 0; i < n; i++) {
		const struct type *t = &c->types[nodes[i]];
		uint64_t key;

		x->buf.nr = 0;
		put_local(c, t, &x->buf);
		for (uint32_t e = 0; e < nr_edges(c, t); e++)
			put(&x->buf, c->types[edge(c, t, e)].shape);
		key = nonzero(hash_bytes(x->buf.w, x->buf.nr * sizeof(uint64_t)));
		if (!hashmap_get(&x->by_key, key, NULL))
			hashmap_set(&x->by_key, key, t->shape);
	}
	free(tmp);
}

/* Tarjan's strongly connected components, iterative; components come children-first. */
static void fingerprint_all(struct corpus *c)
{
	size_t n = c->nr_types;
	uint32_t *index = xmalloc(n * sizeof(*index));
	uint32_t *low = xmalloc(n * sizeof(*low));
	uint8_t *on_stack = xcalloc(n, 1);
	uint32_t *scc_stack = xmalloc(n * sizeof(*scc_stack));
	struct frame {
		uint32_t id, next;
	} *call = xmalloc(n * sizeof(*call));
	size_t scc_nr = 0, call_nr = 0;
	uint32_t counter = 0, comp_id = 0;
	struct fpctx x = { .c = c };

	hashmap_init(&x.by_key);

	x.comp = xmalloc(n * sizeof(*x.comp));
	x.local = xcalloc(n, sizeof(*x.local));
	x.colour = xcalloc(n, sizeof(*x.colour));
	x.next = xcalloc(n, sizeof(*x.next));
	for (size_t i = 0; i < n; i++) {
		index[i] = UINT32_MAX;
		x.comp[i] = UINT32_MAX;
	}
	c->types[0].shape = nonzero(hash_str("void"));
	x.comp[0] = comp_id++;
	index[0] = counter++;

	for (uint32_t root = 1; root < n; root++) {
		if (index[root] != UINT32_MAX)
			continue;
		call[call_nr++] = (struct frame){ root, 0 };
		index[root] = low[root] = counter++;
		scc_stack[scc_nr++] = root;
		on_stack[root] = 1;
		while (call_nr) {
			struct frame *f = &call[call_nr - 1];
			const struct type *t = &c->types[f->id];

			if (f->next < nr_edges(c, t)) {
				uint32_t w = edge(c, t, f->next++);

				if (index[w] == UINT32_MAX) {
					index[w] = low[w] = counter++;
					scc_stack[scc_nr++] = w;
					on_stack[w] = 1;
					call[call_nr++] = (struct frame){ w, 0 };
				} else if (on_stack[w] && index[w] < low[f->id]) {
					low[f->id] = index[w];
				}
				continue;
			}
			if (low[f->id] == index[f->id]) {
				size_t start = scc_nr;

				do {
					start--;
					on_stack[scc_stack[start]] = 0;
					x.comp[scc_stack[start]] = comp_id;
				} while (scc_stack[start] != f->id);
				hash_component(&x, scc_stack + start, scc_nr - start, comp_id);
				comp_id++;
				scc_nr = start;
			}
			{
				uint32_t done = f->id;

				call_nr--;
				if (call_nr && low[done] < low[call[call_nr - 1].id])
					low[call[call_nr - 1].id] = low[done];
			}
		}
	}
	free(index);
	free(low);
	free(on_stack);
	free(scc_stack);
	free(call);
	free(x.comp);
	free(x.local);
	free(x.colour);
	free(x.next);
	free(x.buf.w);
	hashmap_release(&x.by_key);
}

/* Dedup and renumbering --------------------------------------------------------------- */

static uint64_t sort_key(const struct corpus *c, uint32_t id, bool by_fp)
{
	return by_fp ? c->types[id].fp : c->types[id].shape;
}

struct sort_ctx {
	const struct corpus *c;
	bool by_fp;
};

static int cmp_fp_id(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *sc = arg;
	const struct corpus *c = sc->c;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	bool fx = c->types[x].kind == KIND_FWD, fy = c->types[y].kind == KIND_FWD;
	uint64_t kx = sort_key(c, x, sc->by_fp), ky = sort_key(c, y, sc->by_fp);

	if (kx != ky)
		return kx < ky ? -1 : 1;
	/* a resolved declaration shares its definition's shape: keep the definition */
	if (fx != fy)
		return fx ? 1 : -1;
	/*
	 * Among equal types keep the first declaration by file and line, so that the
	 * location kept does not depend on the order of compilation units.
	 */
	if (!sc->by_fp) {
		const struct type *tx = &c->types[x], *ty = &c->types[y];
		int r;

		if (tx->file_off != ty->file_off) {
			if (!tx->file_off || !ty->file_off)
				return tx->file_off ? -1 : 1;
			r = strcmp(corpus_name(c, tx->file_off), corpus_name(c, ty->file_off));
			if (r)
				return r;
		}
		if (tx->line != ty->line)
			return tx->line < ty->line ? -1 : 1;
	}
	return x < y ? -1 : x > y;
}

static int cmp_sym(const void *a, const void *b, void *arg)
{
	const struct corpus *c = arg;
	const struct symbol *x = a, *y = b;
	int r = strcmp(corpus_name(c, x->name_off), corpus_name(c, y->name_off));

	if (r)
		return r;
	r = strcmp(corpus_name(c, x->version_off), corpus_name(c, y->version_off));
	if (r)
		return r;
	return (int)x->kind - (int)y->kind;
}

/*
 * Merge types with equal shape (BY_FP false), or renumber in fingerprint order (BY_FP
 * true, where fingerprints are unique and nothing merges).
 */
static void dedup(struct corpus *c, bool by_fp)
{
	struct sort_ctx sc = { c, by_fp };
	size_t n = c->nr_types;
	uint32_t *order = xmalloc(n * sizeof(*order));
	uint32_t *remap = xmalloc(n * sizeof(*remap));
	struct type *types = NULL;
	struct member *members = NULL;
	struct param *params = NULL;
	struct enumerator *enums = NULL;
	size_t nr = 0, cap = 0, nr_m = 0, cap_m = 0, nr_p = 0, cap_p = 0, nr_e = 0, cap_e = 0;

	for (size_t i = 0; i < n - 1; i++)
		order[i] = (uint32_t)(i + 1);
	qsort_r(order, n - 1, sizeof(*order), cmp_fp_id, &sc);

	ARRAY_GROW(types, cap, 1);
	types[nr++] = c->types[0];
	remap[0] = 0;
	for (size_t i = 0; i < n - 1; i++) {
		uint32_t id = order[i];

		if (!by_fp && nr > 1 && c->types[id].shape == types[nr - 1].shape) {
			remap[id] = (uint32_t)(nr - 1);
			continue;
		}
		/* the first of equal types in sort order is kept, with its location */
		ARRAY_GROW(types, cap, nr + 1);
		types[nr] = c->types[id];
		remap[id] = (uint32_t)nr++;
	}
	/* Copy parts of the kept records, remapping references. */
	for (size_t i = 1; i < nr; i++) {
		struct type *t = &types[i];
		uint32_t first = t->first;

		switch (t->kind) {
		case KIND_STRUCT:
		case KIND_UNION:
			ARRAY_GROW(members, cap_m, nr_m + t->nr);
			if (t->nr) /* the array may still be NULL */
				memcpy(members + nr_m, c->members + first, t->nr * sizeof(*members));
			for (uint32_t k = 0; k < t->nr; k++)
				members[nr_m + k].type_id = remap[members[nr_m + k].type_id];
			t->first = (uint32_t)nr_m;
			nr_m += t->nr;
			break;
		case KIND_FUNC_PROTO:
			ARRAY_GROW(params, cap_p, nr_p + t->nr);
			if (t->nr) /* the array may still be NULL */
				memcpy(params + nr_p, c->params + first, t->nr * sizeof(*params));
			for (uint32_t k = 0; k < t->nr; k++)
				params[nr_p + k].type_id = remap[params[nr_p + k].type_id];
			t->first = (uint32_t)nr_p;
			nr_p += t->nr;
			break;
		case KIND_ENUM:
			ARRAY_GROW(enums, cap_e, nr_e + t->nr);
			if (t->nr) /* the array may still be NULL */
				memcpy(enums + nr_e, c->enumerators + first, t->nr * sizeof(*enums));
			t->first = (uint32_t)nr_e;
			nr_e += t->nr;
			break;
		default:
			t->first = 0;
			break;
		}
		t->ref_id = remap[t->ref_id];
	}
	for (size_t i = 0; i < c->nr_syms; i++)
		c->syms[i].type_id = remap[c->syms[i].type_id];

	free(c->types);
	free(c->members);
	free(c->params);
	free(c->enumerators);
	c->types = types;
	c->nr_types = nr;
	c->cap_types = cap;
	c->members = members;
	c->nr_members = nr_m;
	c->cap_members = cap_m;
	c->params = params;
	c->nr_params = nr_p;
	c->cap_params = cap_p;
	c->enumerators = enums;
	c->nr_enumerators = nr_e;
	c->cap_enumerators = cap_e;
	free(order);
	free(remap);
}

static enum type_kind fwd_kind(const struct type *t)
{
	return t->flags & TF_FWD_UNION ? KIND_UNION : t->flags & TF_FWD_ENUM ? KIND_ENUM : KIND_STRUCT;
}

/*
 * A declaration (struct foo;) from one unit names the definition another unit has, when
 * there is exactly one: references to the declaration are sent to the definition, and
 * the declaration takes the definition's fingerprint so that dedup folds it away.
 * Returns the number of declarations resolved.
 */
static size_t resolve_declarations(struct corpus *c)
{
	struct hashmap defs; /* (name, kind) -> definition id, or UINT64_MAX when ambiguous */
	uint32_t *target = xcalloc(c->nr_types, sizeof(*target));
	size_t resolved = 0;

	hashmap_init(&defs);
	for (uint32_t id = 1; id < c->nr_types; id++) {
		const struct type *t = &c->types[id];
		uint64_t key, prev;

		if ((t->kind != KIND_STRUCT && t->kind != KIND_UNION && t->kind != KIND_ENUM) ||
		    !t->name_off)
			continue;
		key = ((uint64_t)t->name_off << 8 | t->kind) + 1;
		hashmap_set(&defs, key, hashmap_get(&defs, key, &prev) ? UINT64_MAX : id);
	}
	for (uint32_t id = 1; id < c->nr_types; id++) {
		const struct type *t = &c->types[id];
		uint64_t def;

		if (t->kind == KIND_FWD && t->name_off &&
		    hashmap_get(&defs, ((uint64_t)t->name_off << 8 | fwd_kind(t)) + 1, &def) &&
		    def != UINT64_MAX) {
			target[id] = (uint32_t)def;
			resolved++;
		}
	}
	if (resolved) {
		for (size_t i = 0; i < c->nr_members; i++)
			if (target[c->members[i].type_id])
				c->members[i].type_id = target[c->members[i].type_id];
		for (size_t i = 0; i < c->nr_params; i++)
			if (target[c->params[i].type_id])
				c->params[i].type_id = target[c->params[i].type_id];
		for (size_t id = 1; id < c->nr_types; id++)
			if (target[c->types[id].ref_id])
				c->types[id].ref_id = target[c->types[id].ref_id];
		for (size_t i = 0; i < c->nr_syms; i++)
			if (target[c->syms[i].type_id])
				c->syms[i].type_id = target[c->syms[i].type_id];
		fingerprint_all(c);
		for (size_t id = 1; id < c->nr_types; id++)
			if (target[id])
				c->types[id].shape = c->types[target[id]].shape;
	}
	hashmap_release(&defs);
	free(target);
	return resolved;
}

/* Stable ids ------------------------------------------------------------------------ */

static bool named_identity(const struct type *t)
{
	switch (t->kind) {
	case KIND_STRUCT:
	case KIND_UNION:
	case KIND_ENUM:
	case KIND_FWD:
	case KIND_TYPEDEF:
	case KIND_FUNC:
	case KIND_VAR:
	case KIND_INT:
	case KIND_FLOAT:
		return t->name_off != 0;
	default:
		return false;
	}
}

struct named {
	uint32_t name_off, kind_tag, id;
	uint64_t shape;
};

static int cmp_named(const void *a, const void *b, void *arg)
{
	const struct corpus *c = arg;
	const struct named *x = a, *y = b;
	int r = strcmp(corpus_name(c, x->name_off), corpus_name(c, y->name_off));

	if (r)
		return r;
	if (x->kind_tag != y->kind_tag)
		return x->kind_tag < y->kind_tag ? -1 : 1;
	return x->shape < y->shape ? -1 : x->shape > y->shape;
}

/*
 * Fingerprints. A named type is identified by its kind and name; when the corpus holds
 * several different types of one kind and name (two definitions of struct foo in one
 * program), they are numbered in shape order. An anonymous type (pointer, array,
 * qualifier, prototype, unnamed struct) is identified by its own content and its
 * children's fingerprints, which stop at named types. Types are unique by shape here,
 * so these ids are unique too; a cycle through anonymous types only (which C cannot
 * write) falls back to the shape.
 */
static void assign_fingerprints(struct corpus *c)
{
	size_t n = c->nr_types, nr_named = 0;
	struct named *named = xmalloc(n * sizeof(*named));
	uint8_t *state = xcalloc(n, 1);
	struct frame {
		uint32_t id, next;
	} *stack = NULL;
	size_t nr = 0, cap = 0;
	struct words buf = { 0 };

	for (uint32_t id = 1; id < n; id++) {
		const struct type *t = &c->types[id];

		if (!named_identity(t))
			continue;
		named[nr_named++] = (struct named){
			.name_off = t->name_off,
			.kind_tag = t->kind | (t->kind == KIND_FWD ?
						   (t->flags & (TF_FWD_UNION | TF_FWD_ENUM)) << 8 :
						   0),
			.id = id,
			.shape = t->shape,
		};
	}
	qsort_r(named, nr_named, sizeof(*named), cmp_named, c);
	for (size_t i = 0, variant = 0; i < nr_named; i++) {
		struct type *t = &c->types[named[i].id];

		if (i && named[i].name_off == named[i - 1].name_off &&
		    named[i].kind_tag == named[i - 1].kind_tag)
			variant++;
		else
			variant = 0;
		buf.nr = 0;
		put(&buf, 0x6e616d6564ULL); /* "named" */
		put(&buf, named[i].kind_tag);
		put(&buf, hash_str(corpus_name(c, t->name_off)));
		put(&buf, variant);
		t->fp = nonzero(hash_bytes(buf.w, buf.nr * sizeof(uint64_t)));
		state[named[i].id] = 2;
	}
	c->types[0].fp = c->types[0].shape;
	state[0] = 2;

	/* anonymous types: children first, iteratively */
	for (uint32_t root = 1; root < n; root++) {
		if (state[root])
			continue;
		ARRAY_GROW(stack, cap, nr + 1);
		stack[nr++] = (struct frame){ root, 0 };
		state[root] = 1;
		while (nr) {
			struct frame *f = &stack[nr - 1];
			struct type *t = &c->types[f->id];

			if (f->next < nr_edges(c, t)) {
				uint32_t child = edge(c, t, f->next++);

				if (state[child] == 0) {
					state[child] = 1;
					ARRAY_GROW(stack, cap, nr + 1);
					stack[nr++] = (struct frame){ child, 0 };
				} else if (state[child] == 1) {
					/* an anonymous cycle: its members fall back to their shape */
					for (size_t k = 0; k < nr; k++)
						c->types[stack[k].id].flags |= TF_ANON_CYCLE;
				}
				continue;
			}
			if (t->flags & TF_ANON_CYCLE) {
				t->fp = t->shape;
			} else {
				buf.nr = 0;
				put_local(c, t, &buf);
				for (uint32_t e = 0; e < nr_edges(c, t); e++)
					put(&buf, c->types[edge(c, t, e)].fp);
				t->fp = nonzero(hash_bytes(buf.w, buf.nr * sizeof(uint64_t)));
			}
			state[f->id] = 2;
			nr--;
		}
	}
	for (uint32_t id = 1; id < n; id++)
		c->types[id].flags &= ~TF_ANON_CYCLE;
	free(named);
	free(state);
	free(stack);
	free(buf.w);
}

int corpus_finalize(struct corpus *c)
{
	int err = validate(c);

	if (err)
		return err;
	err = infer_alignments(c);
	if (!err)
		err = validate_layout(c);
	if (err)
		return err;
	c->stats.nr_types_raw = c->nr_types - 1;
	fingerprint_all(c);
	dedup(c, false);
	/*
	 * Resolving declarations can merge two definitions that differed only by one, which
	 * can make another declaration's definition unique: repeat until nothing changes,
	 * so that reading a baseline back gives the same corpus. Each round removes at
	 * least one declaration; the bound only caps pathological inputs.
	 */
	for (int round = 0; round < 64 && resolve_declarations(c); round++)
		dedup(c, false);
	assign_fingerprints(c);
	dedup(c, true);
	c->stats.nr_types = c->nr_types - 1;
	if (c->nr_syms)
		qsort_r(c->syms, c->nr_syms, sizeof(*c->syms), cmp_sym, c);
	for (size_t i = 1; i < c->nr_syms; i++)
		if (!sym_cmp_name_version(c, &c->syms[i - 1], &c->syms[i]))
			return pr_error(EINVAL, "%s: symbol '%.64s%s%s' is there twice", c->path,
					corpus_name(c, c->syms[i].name_off),
					c->syms[i].version_off ? "@" : "",
					corpus_name(c, c->syms[i].version_off));
	return 0;
}

/* Queries ----------------------------------------------------------------------------- */

static bool is_alias(enum type_kind k)
{
	return k == KIND_TYPEDEF || k == KIND_CONST || k == KIND_VOLATILE || k == KIND_RESTRICT ||
	       k == KIND_ATOMIC;
}

uint32_t type_resolve(const struct corpus *c, uint32_t id)
{
	for (int i = 0; i < MAX_CHAIN && is_alias(c->types[id].kind); i++)
		id = c->types[id].ref_id;
	return id;
}

uint64_t type_size(const struct corpus *c, uint32_t id)
{
	const struct type *t = &c->types[type_resolve(c, id)];

	switch (t->kind) {
	case KIND_INT:
	case KIND_FLOAT:
	case KIND_PTR:
	case KIND_STRUCT:
	case KIND_UNION:
	case KIND_ENUM:
	case KIND_ARRAY:
		return t->size;
	default:
		return 0;
	}
}

uint32_t type_align(const struct corpus *c, uint32_t id)
{
	return c->types[id].align ? c->types[id].align : 1;
}

int64_t corpus_find_type(const struct corpus *c, const char *name)
{
	int want = -1;
	int64_t found = -ENOENT;

	if (strncmp(name, "struct ", 7) == 0) {
		want = KIND_STRUCT;
		name += 7;
	} else if (strncmp(name, "union ", 6) == 0) {
		want = KIND_UNION;
		name += 6;
	} else if (strncmp(name, "enum ", 5) == 0) {
		want = KIND_ENUM;
		name += 5;
	}
	for (size_t id = 1; id < c->nr_types; id++) {
		const struct type *t = &c->types[id];

		if (strcmp(corpus_name(c, t->name_off), name) != 0)
			continue;
		if (want >= 0 && (int)t->kind != want)
			continue;
		if (want < 0 && t->kind != KIND_STRUCT && t->kind != KIND_UNION &&
		    t->kind != KIND_ENUM && t->kind != KIND_TYPEDEF)
			continue;
		/* A definition wins over a typedef of the same name. */
		if (found < 0 || c->types[found].kind == KIND_TYPEDEF)
			found = (int64_t)id;
	}
	return found;
}
