/* SPDX-License-Identifier: MIT */
/*
 * The layout engine. A corpus read for one target is copied and laid out again for
 * another: base types by their C meaning (long follows the data model, uint64_t keeps
 * 64 bits), then every aggregate member by member with the target's alignments,
 * children before parents.
 *
 * What the source says beyond its own ABI is carried over: a member placed below its
 * type's alignment was packed, one placed past it was aligned(N); a struct aligned
 * beyond its members was aligned(N) itself. Those are attributes of the source, not of
 * its target, so they hold on every target.
 */
#include "layout/layout.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Measured against gcc and clang 14 for each target (see doc/layout.md). */
static const struct data_model models[] = {
	/* arch, machine, class, order, ptr, long, i64 align, dbl align, ld size, ld align,
	 * max align, char signed, triple */
	{ "x86_64", EM_X86_64, 64, ORDER_LITTLE, 8, 8, 8, 8, 16, 16, 16, true, "x86_64-linux-gnu" },
	{ "i386", EM_386, 32, ORDER_LITTLE, 4, 4, 4, 4, 12, 4, 16, true, "i386-linux-gnu" },
	{ "aarch64", EM_AARCH64, 64, ORDER_LITTLE, 8, 8, 8, 8, 16, 16, 16, false,
	  "aarch64-linux-gnu" },
	{ "arm", EM_ARM, 32, ORDER_LITTLE, 4, 4, 8, 8, 8, 8, 8, false, "armv7a-linux-gnueabihf" },
	{ "riscv64", EM_RISCV, 64, ORDER_LITTLE, 8, 8, 8, 8, 16, 16, 16, false,
	  "riscv64-linux-gnu" },
	{ "riscv32", EM_RISCV, 32, ORDER_LITTLE, 4, 4, 8, 8, 16, 16, 16, false,
	  "riscv32-linux-gnu" },
	{ "ppc64le", EM_PPC64, 64, ORDER_LITTLE, 8, 8, 8, 8, 16, 16, 16, false,
	  "powerpc64le-linux-gnu" },
	{ "ppc64", EM_PPC64, 64, ORDER_BIG, 8, 8, 8, 8, 16, 16, 16, false, "powerpc64-linux-gnu" },
	{ "ppc", EM_PPC, 32, ORDER_BIG, 4, 4, 8, 8, 16, 16, 16, false, "powerpc-linux-gnu" },
	{ "s390x", EM_S390, 64, ORDER_BIG, 8, 8, 8, 8, 16, 8, 8, false, "s390x-linux-gnu" },
	{ "mips", EM_MIPS, 32, ORDER_BIG, 4, 4, 8, 8, 8, 8, 8, true, "mips-linux-gnu" },
	{ "mips64el", EM_MIPS, 64, ORDER_LITTLE, 8, 8, 8, 8, 16, 16, 16, true,
	  "mips64el-linux-gnuabi64" },
	{ "loongarch64", 258, 64, ORDER_LITTLE, 8, 8, 8, 8, 16, 16, 16, true,
	  "loongarch64-linux-gnu" },
};

int data_model_by_arch(const char *arch, struct data_model *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(models); i++)
		if (strcmp(models[i].arch, arch) == 0) {
			*out = models[i];
			return 0;
		}
	return -ENOENT;
}

const char *const *data_model_arches(void)
{
	static const char *names[ARRAY_SIZE(models) + 1];

	for (size_t i = 0; i < ARRAY_SIZE(models); i++)
		names[i] = models[i].arch;
	return names;
}

void data_model_of(const struct target *t, struct data_model *out)
{
	if (data_model_by_arch(t->arch, out) == 0)
		return;
	/* an unknown target: natural alignment, its own pointer width */
	memset(out, 0, sizeof(*out));
	snprintf(out->arch, sizeof(out->arch), "%s", t->arch);
	out->machine = t->machine;
	out->elf_class = t->elf_class;
	out->byte_order = t->byte_order;
	out->ptr_size = out->long_size = t->pointer_size;
	out->int64_align = out->double_align = 8;
	out->long_double_size = out->long_double_align = 16;
	out->max_align = 16;
}

/* Base types ------------------------------------------------------------------------ */

static uint32_t pow2_align(uint64_t size, uint32_t max)
{
	uint32_t a = 1;

	while (a * 2 <= size && a * 2 <= max)
		a *= 2;
	return a;
}

static uint32_t scalar_align(const struct data_model *dm, const struct type *t, uint64_t size)
{
	if (t->kind == KIND_FLOAT) {
		uint64_t part = t->flags & TF_COMPLEX ? size / 2 : size;

		if (part == dm->long_double_size && part != 8 && part != 4)
			return dm->long_double_align;
		if (part == 8)
			return dm->double_align;
		return pow2_align(part, dm->max_align);
	}
	if (size == 8 && t->kind != KIND_PTR)
		return dm->int64_align;
	return pow2_align(size, dm->max_align);
}

/* The width of a base type on DM, from its C name; 0 when the name says nothing. */
static uint64_t base_size(const struct data_model *dm, const char *name, const struct type *t)
{
	if (t->kind == KIND_FLOAT) {
		if (strstr(name, "long double"))
			return (t->flags & TF_COMPLEX ? 2u : 1u) * dm->long_double_size;
		return 0;
	}
	if (strstr(name, "long long"))
		return 8;
	if (strstr(name, "long"))
		return dm->long_size;
	return 0;
}

/*
 * Typedef names that promise a width, whatever the target: uint64_t, __u32, __le16,
 * u_int8_t, ... Returns the width in bytes, 0 for any other name.
 */
unsigned layout_fixed_width(const char *name)
{
	const char *p = name;
	unsigned bits = 0;

	while (*p == '_')
		p++;
	if (strncmp(p, "le", 2) == 0 || strncmp(p, "be", 2) == 0)
		p += 2;
	else if (strncmp(p, "u_int", 5) == 0)
		p += 5;
	else if (strncmp(p, "uint", 4) == 0)
		p += 4;
	else if (strncmp(p, "int", 3) == 0)
		p += 3;
	else if (*p == 'u' || *p == 's')
		p += 1;
	else
		return 0;
	while (*p >= '0' && *p <= '9')
		bits = bits * 10 + (unsigned)(*p++ - '0');
	if (*p && strcmp(p, "_t") != 0)
		return 0;
	return bits == 8 || bits == 16 || bits == 32 || bits == 64 ? bits / 8 : 0;
}

/*
 * Typedef names that follow the width of long (and pointers) on Linux targets: size_t is
 * unsigned int on i386 and unsigned long on x86_64, so its base type's name says nothing.
 */
static bool long_width_name(const char *name)
{
	static const char *const names[] = {
		"size_t", "ssize_t", "ptrdiff_t", "intptr_t", "uintptr_t", "__size_t", "__ssize_t",
		"__kernel_size_t", "__kernel_ssize_t", "__kernel_ptrdiff_t", "__kernel_long_t",
		"__kernel_ulong_t", "__intptr_t", "off_t", "__off_t", "time_t", "__time_t",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static const char *int_name(const struct data_model *dm, unsigned bytes, bool is_signed)
{
	switch (bytes) {
	case 1: return is_signed ? "signed char" : "unsigned char";
	case 2: return is_signed ? "short int" : "short unsigned int";
	case 4: return is_signed ? "int" : "unsigned int";
	default:
		if (dm->long_size == 8)
			return is_signed ? "long int" : "long unsigned int";
		return is_signed ? "long long int" : "long long unsigned int";
	}
}

/* Laying out --------------------------------------------------------------------------- */

struct retarget {
	const struct corpus *src;
	struct corpus *dst;
	const struct data_model *dm;
};

static uint64_t roundup(uint64_t v, uint64_t a)
{
	return a ? (v + a - 1) / a * a : v;
}

static uint32_t dst_align(const struct retarget *r, uint32_t id)
{
	uint32_t a = r->dst->types[id].align;

	return a ? a : 1;
}

/*
 * What the source layout says about member I beyond its own ABI: the alignment it must
 * have had (explicit: packed below, aligned(N) above), or 0 for "natural".
 */
static uint64_t source_alignment(const struct retarget *r, const struct type *st, uint32_t i,
				 uint64_t src_end, bool *packed, uint64_t *jump)
{
	const struct corpus *src = r->src;
	const struct member *m = &src->members[st->first + i];
	uint64_t natural = type_align(src, m->type_id), off = m->bit_off / 8;

	*packed = false;
	*jump = 0;
	if (m->bit_size)
		return 0;
	if (m->bit_off % 8 || off % natural) {
		*packed = true;
		return m->bit_off % 8 ? 1 : (off & -off);
	}
	if (st->kind == KIND_STRUCT && off > roundup(src_end, natural)) {
		uint64_t p = align_between(src_end, off, natural);

		/*
		 * A gap the size contradicts was a zero-width bitfield (T : 0), which DWARF
		 * omits: it moves the member to a boundary on every target, without
		 * aligning the struct (SysV; AAPCS does align it, which nothing records).
		 */
		if (p > natural && st->size % p == 0)
			return p;
		*jump = p;
		return 0;
	}
	return 0;
}

static void layout_aggregate(struct retarget *r, uint32_t id)
{
	const struct type *st = &r->src->types[id];
	struct type *t = &r->dst->types[id];
	struct member *dm = type_members(r->dst, t);
	const struct member *sm = type_members(r->src, st);
	bool src_packed = st->flags & TF_PACKED;
	uint64_t cur_bits = 0, end = 0, src_end = 0, align = 1, src_natural = 1;
	uint64_t src_bits = 0; /* where the previous member ended in the source */

	for (uint32_t i = 0; i < st->nr; i++) {
		uint32_t mt = dm[i].type_id;
		uint64_t size = type_size(r->dst, mt);
		uint64_t natural = dst_align(r, mt);
		bool packed;
		uint64_t jump;
		uint64_t explicit = source_alignment(r, st, i, src_end, &packed, &jump);
		uint64_t a;

		/* aligned(N) on the member, when DWARF records it, holds on every target */
		if (sm[i].align > explicit && !packed)
			explicit = sm[i].align;

		if (type_align(r->src, sm[i].type_id) > src_natural && !sm[i].bit_size)
			src_natural = type_align(r->src, sm[i].type_id);
		if (sm[i].bit_size) {
			uint64_t pos = t->kind == KIND_UNION ? 0 : cur_bits, unit;
			uint64_t s_nat = type_align(r->src, sm[i].type_id);
			uint64_t s_size = type_size(r->src, sm[i].type_id);
			uint64_t s_pos = t->kind == KIND_UNION ? 0 : src_bits;

			/*
			 * Unnamed bitfields (uint32_t : 4) are padding that DWARF does not record:
			 * where the source's own rules would have put this field earlier than it
			 * is, the difference is such padding, and every target has it too.
			 */
			if (!src_packed && s_nat &&
			    s_pos + sm[i].bit_size > s_pos / (8 * s_nat) * (8 * s_nat) + 8 * s_size)
				s_pos = roundup(s_pos, 8 * s_nat);
			if (sm[i].bit_off > s_pos)
				pos += sm[i].bit_off - s_pos;

			if (!src_packed && natural) {
				/* a bitfield may not cross a unit of its type's size at its alignment */
				unit = pos / (8 * natural) * (8 * natural);
				if (pos + sm[i].bit_size > unit + 8 * size)
					pos = roundup(pos, 8 * natural);
				if (natural > align)
					align = natural;
			}
			dm[i].bit_off = pos;
			cur_bits = pos + sm[i].bit_size;
		} else {
			a = packed ? (explicit < natural ? explicit : natural) :
			    explicit > natural ? explicit :
						 natural;
			if (!a)
				a = 1;
			dm[i].bit_off = t->kind == KIND_UNION ? 0 :
					roundup((cur_bits + 7) / 8, a > jump ? a : jump) * 8;
			cur_bits = dm[i].bit_off + 8 * size;
			if (a > align)
				align = a;
		}
		if ((cur_bits + 7) / 8 > end)
			end = (cur_bits + 7) / 8;
		{
			uint64_t se = sm[i].bit_size ? (sm[i].bit_off + sm[i].bit_size + 7) / 8 :
						       sm[i].bit_off / 8 + type_size(r->src, sm[i].type_id);

			if (se > src_end)
				src_end = se;
			src_bits = sm[i].bit_size ? sm[i].bit_off + sm[i].bit_size :
						    sm[i].bit_off + 8 * type_size(r->src, sm[i].type_id);
		}
		if (t->kind == KIND_UNION)
			cur_bits = 0;
	}
	/* aligned(N) on the struct itself: the source is aligned beyond what its members need */
	if (st->flags & TF_ALIGNED || st->align > src_natural) {
		uint64_t tail = src_end && st->size > src_end ? align_between(src_end, st->size, 1) : 0;

		if ((st->flags & TF_ALIGNED) && st->align > align)
			align = st->align;
		else if (tail > src_natural && tail > align)
			align = tail;
	}
	if (src_packed && !(st->flags & TF_ALIGNED) && st->align < align)
		align = st->align ? st->align : 1;
	t->align = (uint32_t)align;
	t->size = roundup(end, align);
	/* an empty struct keeps its source size (GNU C: 0) */
	if (!st->nr)
		t->size = st->size;
}

static void layout_one(struct retarget *r, uint32_t id)
{
	const struct data_model *dm = r->dm;
	struct type *t = &r->dst->types[id];
	const struct type *st = &r->src->types[id];
	const char *name = corpus_name(r->dst, t->name_off);
	uint64_t size;

	switch (t->kind) {
	case KIND_INT:
	case KIND_FLOAT:
	case KIND_ENUM:
		size = t->kind == KIND_ENUM ? 0 : base_size(dm, name, t);
		if (size)
			t->size = size;
		t->align = scalar_align(dm, t, t->size);
		break;
	case KIND_PTR:
		t->size = dm->ptr_size;
		t->align = dm->ptr_size;
		break;
	case KIND_STRUCT:
	case KIND_UNION:
		layout_aggregate(r, id);
		break;
	case KIND_ARRAY:
		t->size = t->nr_elems * type_size(r->dst, t->ref_id);
		t->align = dst_align(r, t->ref_id);
		break;
	case KIND_TYPEDEF:
		/* aligned(N) on a typedef is the source's attribute: it holds everywhere */
		t->align = (st->flags & TF_ALIGNED) && st->align ? st->align : dst_align(r, t->ref_id);
		break;
	case KIND_CONST:
	case KIND_VOLATILE:
	case KIND_RESTRICT:
	case KIND_ATOMIC:
	case KIND_VAR:
		t->align = dst_align(r, t->ref_id);
		break;
	default:
		t->align = 1;
		break;
	}
}

/* Children before parents along by-value edges, with an explicit stack. */
static void layout_all(struct retarget *r)
{
	struct corpus *c = r->dst;
	uint8_t *state = xcalloc(c->nr_types, 1);
	struct frame {
		uint32_t id, next;
	} *stack = NULL;
	size_t nr = 0, cap = 0;

	state[0] = 2;
	for (uint32_t root = 1; root < c->nr_types; root++) {
		if (state[root])
			continue;
		ARRAY_GROW(stack, cap, nr + 1);
		stack[nr++] = (struct frame){ root, 0 };
		state[root] = 1;
		while (nr) {
			struct frame *f = &stack[nr - 1];
			const struct type *t = &c->types[f->id];
			uint32_t nr_children = 0, child = 0;

			switch (t->kind) {
			case KIND_STRUCT:
			case KIND_UNION:
				nr_children = t->nr;
				if (f->next < nr_children)
					child = c->members[t->first + f->next].type_id;
				break;
			case KIND_ARRAY:
			case KIND_TYPEDEF:
			case KIND_CONST:
			case KIND_VOLATILE:
			case KIND_RESTRICT:
			case KIND_ATOMIC:
			case KIND_VAR:
				nr_children = 1;
				child = t->ref_id;
				break;
			default:
				break;
			}
			if (f->next < nr_children) {
				f->next++;
				if (!state[child]) {
					state[child] = 1;
					ARRAY_GROW(stack, cap, nr + 1);
					stack[nr++] = (struct frame){ child, 0 };
				}
				continue;
			}
			layout_one(r, f->id);
			state[f->id] = 2;
			nr--;
		}
	}
	free(stack);
	free(state);
}

/*
 * Copy SRC into a new corpus with the same ids. FAITHFUL keeps every alignment (a
 * stand-in for the source); otherwise only explicit ones are kept, to be laid out anew.
 */
static struct corpus *copy_corpus(const struct corpus *src, bool faithful)
{
	struct corpus *c = corpus_new(src->path);

	c->file_kind = src->file_kind;
	c->soname_off = corpus_str(c, corpus_name(src, src->soname_off));
	for (uint32_t id = 1; id < src->nr_types; id++) {
		const struct type *s = &src->types[id];
		struct type *t;
		int64_t nid = corpus_add_type(c, (enum type_kind)s->kind, corpus_name(src, s->name_off));

		BUG_ON(nid != (int64_t)id);
		t = &c->types[id];
		t->ref_id = s->ref_id;
		t->flags = s->flags;
		t->size = s->size;
		t->nr_elems = s->nr_elems;
		t->file_off = corpus_str(c, corpus_name(src, s->file_off));
		t->line = s->line;
		/* alignments are the target's; an explicit one is kept where it was */
		t->align = faithful || (s->flags & TF_ALIGNED) ? s->align : 0;
		for (uint32_t i = 0; i < s->nr; i++) {
			switch (s->kind) {
			case KIND_STRUCT:
			case KIND_UNION: {
				const struct member *m = &src->members[s->first + i];

				corpus_add_member(c, corpus_name(src, m->name_off), m->type_id, m->bit_off,
						  m->bit_size);
				c->members[c->nr_members - 1].align = m->align;
				break;
			}
			case KIND_ENUM: {
				const struct enumerator *e = &src->enumerators[s->first + i];

				corpus_add_enumerator(c, corpus_name(src, e->name_off), e->value);
				break;
			}
			case KIND_FUNC_PROTO: {
				const struct param *p = &src->params[s->first + i];

				corpus_add_param(c, corpus_name(src, p->name_off), p->type_id);
				break;
			}
			default:
				break;
			}
		}
	}
	for (size_t i = 0; i < src->nr_syms; i++) {
		struct symbol *s = corpus_add_symbol(c);

		*s = src->syms[i];
		s->name_off = corpus_str(c, corpus_name(src, src->syms[i].name_off));
		s->version_off = corpus_str(c, corpus_name(src, src->syms[i].version_off));
	}
	if (src->nr_root_files) {
		c->root_files = xcalloc(src->nr_root_files, sizeof(*c->root_files));
		for (size_t i = 0; i < src->nr_root_files; i++)
			c->root_files[c->nr_root_files++] = xstrdup(src->root_files[i]);
	}
	return c;
}

int layout_retarget(const struct corpus *src, const struct data_model *dm, struct corpus **out)
{
	struct retarget r = { .src = src, .dm = dm };
	struct corpus *c = copy_corpus(src, false);
	size_t nr_src = c->nr_types;
	char *path;
	int err;

	/*
	 * Typedefs whose name fixes their width (uint64_t) or ties it to long (size_t) get a
	 * base type of that width on the target, whatever their base type was called.
	 */
	for (uint32_t id = 1; id < nr_src; id++) {
		const struct type *t = &c->types[id];
		const char *tname = corpus_name(c, t->name_off);
		unsigned w = t->kind == KIND_TYPEDEF ? layout_fixed_width(tname) : 0;
		uint32_t base;
		int64_t nid;

		/*
		 * size_t and its kin follow long, unless this build made them wider than long
		 * (off_t with _FILE_OFFSET_BITS=64, time_t with _TIME_BITS=64 on i386)
		 */
		if (!w && t->kind == KIND_TYPEDEF && long_width_name(tname) &&
		    type_size(src, id) == src->target.long_size)
			w = dm->long_size;
		if (!w)
			continue;
		base = type_resolve(c, t->ref_id);
		if (c->types[base].kind != KIND_INT ||
		    (layout_fixed_width(tname) && c->types[base].size != w))
			continue;
		nid = corpus_add_type(c, KIND_INT,
				      int_name(dm, w, c->types[base].flags & TF_SIGNED));
		if (nid < 0)
			break;
		c->types[nid].size = w;
		c->types[nid].flags = c->types[base].flags;
		c->types[id].ref_id = (uint32_t)nid;
	}
	/* the source ids of the new records have no source: lay them out as base types */
	r.dst = c;
	{
		/* layout_one reads the source record of each id: give new ids a stand-in */
		struct corpus *ext = NULL;

		if (c->nr_types > nr_src) {
			ext = copy_corpus(src, true);
			for (size_t id = nr_src; id < c->nr_types; id++) {
				int64_t nid = corpus_add_type(ext, KIND_INT, NULL);

				BUG_ON(nid != (int64_t)id);
				ext->types[id] = c->types[id];
			}
			r.src = ext;
		}
		layout_all(&r);
		corpus_free(ext);
	}
	target_init(&c->target, dm->machine, dm->elf_class, dm->byte_order);
	c->target.pointer_size = dm->ptr_size;
	c->target.long_size = dm->long_size;
	snprintf(c->target.arch, sizeof(c->target.arch), "%s", dm->arch);
	path = xmalloc(strlen(src->path) + strlen(dm->arch) + 32);
	sprintf(path, "%s (laid out for %s)", src->path, dm->arch);
	free(c->path);
	c->path = path;
	err = corpus_finalize(c);
	if (err) {
		corpus_free(c);
		return err;
	}
	*out = c;
	return 0;
}
