/* SPDX-License-Identifier: MIT */
/*
 * `abidrift show`: the layout of structs and unions, one member a line with its offset
 * and size, holes, bit holes and tail padding, in the spirit of pahole.
 *
 * Holes are measured in bits between the end of what came before and the start of the
 * next member. After a bitfield, the unused rest of its storage unit (a unit of its
 * declared type, at that type's alignment) is a bit hole, and whole bytes after the unit
 * a hole; elsewhere, bits up to a byte boundary are a bit hole and whole bytes a hole.
 * Anonymous struct and union members are expanded in place.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define COMMENT_COL 48
#define MAX_EXPAND 16

struct tally {
	uint64_t nr_holes, hole_bytes, nr_bit_holes, hole_bits;
};

static void indent(struct dstr *o, int depth)
{
	for (int i = 0; i < depth; i++)
		dstr_addch(o, '\t');
}

static void comment_at(struct dstr *o, int depth)
{
	(void)depth;
	dstr_pad(o, COMMENT_COL);
	if (o->len && o->buf[o->len - 1] != ' ')
		dstr_addch(o, ' ');
}

static void gap(struct dstr *o, int depth, uint64_t from_bit, uint64_t to_bit, struct tally *t,
		const char *what)
{
	uint64_t lead, bytes, trail;

	if (to_bit <= from_bit)
		return;
	lead = (8 - from_bit % 8) % 8;
	if (lead > to_bit - from_bit)
		lead = to_bit - from_bit;
	bytes = (to_bit - from_bit - lead) / 8;
	trail = (to_bit - from_bit - lead) % 8;
	if (lead + trail) {
		indent(o, depth);
		dstr_addf(o, "/* bit %s: %" PRIu64 " bits */\n", what, lead + trail);
		if (t) {
			t->nr_bit_holes++;
			t->hole_bits += lead + trail;
		}
	}
	if (bytes) {
		indent(o, depth);
		dstr_addf(o, "/* %s: %" PRIu64 " byte%s */\n", what, bytes, bytes == 1 ? "" : "s");
		if (t) {
			t->nr_holes++;
			t->hole_bytes += bytes;
		}
	}
}

/* A gap from END to START, where the last bitfield's storage unit ends at UNIT_END. */
static void gap_after(struct dstr *o, int depth, uint64_t end, uint64_t unit_end, uint64_t start,
		      struct tally *t, const char *what)
{
	if (unit_end > end && start > end) {
		uint64_t bits = (start < unit_end ? start : unit_end) - end;

		indent(o, depth);
		dstr_addf(o, "/* bit %s: %" PRIu64 " bits */\n", what, bits);
		if (t) {
			t->nr_bit_holes++;
			t->hole_bits += bits;
		}
		end += bits;
	}
	gap(o, depth, end, start, t, what);
}

/* Bit where the storage unit of bitfield M (at ABS_BITS) ends; 0 for other members. */
static uint64_t unit_end_bits(const struct corpus *c, const struct member *m, uint64_t abs_bits)
{
	uint64_t size = type_size(c, m->type_id), unit;
	uint32_t align = type_align(c, type_resolve(c, m->type_id));

	if (!m->bit_size || !size)
		return 0;
	if (align > size)
		align = (uint32_t)size;
	unit = abs_bits / 8 / align * align;
	return unit * 8 + size * 8;
}

static uint64_t member_bits(const struct corpus *c, const struct member *m)
{
	return m->bit_size ? m->bit_size : type_size(c, m->type_id) * 8;
}

static void show_members(const struct corpus *c, const struct type *t, uint64_t base_bits,
			 int depth, struct dstr *o, struct tally *tally, bool outer);

static void show_member(const struct corpus *c, const struct member *m, uint64_t base_bits,
			int depth, struct dstr *o, struct tally *tally)
{
	const char *name = corpus_name(c, m->name_off);
	uint32_t rid = type_resolve(c, m->type_id);
	const struct type *direct = corpus_type(c, m->type_id);
	uint64_t abs_bits = base_bits + m->bit_off;
	uint64_t size = type_size(c, m->type_id);

	indent(o, depth);
	if ((direct->kind == KIND_STRUCT || direct->kind == KIND_UNION) && !direct->name_off &&
	    depth < MAX_EXPAND) {
		/* an anonymous aggregate: expand it where it sits */
		dstr_addf(o, "%s {", kind_name(direct->kind));
		comment_at(o, depth);
		dstr_addf(o, "/* %5" PRIu64 " %5" PRIu64 " */\n", abs_bits / 8, size);
		show_members(c, direct, abs_bits, depth + 1, o, tally, false);
		indent(o, depth);
		dstr_addf(o, "}%s%s;\n", *name ? " " : "", name);
		return;
	}
	type_format(c, m->type_id, name, o);
	if (m->bit_size) {
		uint32_t unit_align = corpus_type(c, rid)->align ? corpus_type(c, rid)->align : 1;
		uint64_t unit;

		if (size && unit_align > size)
			unit_align = (uint32_t)size;
		unit = abs_bits / 8 / unit_align * unit_align;
		dstr_addf(o, ":%" PRIu32 ";", m->bit_size);
		comment_at(o, depth);
		dstr_addf(o, "/* %5" PRIu64 ":%-2" PRIu64 "%3" PRIu64 " */\n", unit,
			  abs_bits - unit * 8, size);
	} else {
		dstr_addch(o, ';');
		comment_at(o, depth);
		dstr_addf(o, "/* %5" PRIu64 " %5" PRIu64 " */\n", abs_bits / 8, size);
	}
}

static void show_members(const struct corpus *c, const struct type *t, uint64_t base_bits,
			 int depth, struct dstr *o, struct tally *tally, bool outer)
{
	const struct member *ms = type_members(c, t);
	uint64_t end = 0, unit_end = 0; /* bits, relative to t */

	for (uint32_t i = 0; i < t->nr; i++) {
		const struct member *m = &ms[i];
		uint64_t bits = member_bits(c, m);

		if (t->kind == KIND_STRUCT)
			gap_after(o, depth, end, unit_end, m->bit_off, tally, "hole");
		show_member(c, m, base_bits, depth, o, tally);
		if (m->bit_off + bits > end)
			end = m->bit_off + bits;
		if (t->kind == KIND_STRUCT)
			unit_end = unit_end_bits(c, m, m->bit_off);
	}
	/* the outermost type's tail padding is reported by the caller */
	if (!outer && t->kind == KIND_STRUCT && t->size * 8 > end)
		gap_after(o, depth, end, unit_end, t->size * 8, tally, "padding");
}

/* End of the last member, and of the last bitfield's unit when it is last. */
static uint64_t used_bits(const struct corpus *c, const struct type *t, uint64_t *unit_end)
{
	uint64_t end = 0;

	*unit_end = 0;
	for (uint32_t i = 0; i < t->nr; i++) {
		const struct member *m = &type_members(c, t)[i];
		uint64_t e = m->bit_off + member_bits(c, m);

		if (e > end)
			end = e;
		if (t->kind == KIND_STRUCT)
			*unit_end = unit_end_bits(c, m, m->bit_off);
	}
	return end;
}

static void show_one(const struct corpus *c, uint32_t id, const char *typedef_name,
		     struct dstr *o)
{
	const struct type *t = corpus_type(c, id);
	const char *name = corpus_name(c, t->name_off);
	struct tally tally = { 0 };
	uint64_t end, unit_end, tail, bit_pad = 0;

	if (typedef_name)
		dstr_addf(o, "typedef %s {", kind_name(t->kind));
	else
		dstr_addf(o, "%s %s {", kind_name(t->kind), name);
	comment_at(o, 1);
	dstr_addf(o, "/* size %" PRIu64 ", align %" PRIu32, t->size, t->align);
	if (t->flags & TF_PACKED)
		dstr_add(o, ", packed");
	if (t->file_off) {
		dstr_addf(o, ", %s", corpus_name(c, t->file_off));
		if (t->line)
			dstr_addf(o, ":%" PRIu32, t->line);
	}
	dstr_add(o, " */\n");
	show_members(c, t, 0, 1, o, &tally, true);
	end = used_bits(c, t, &unit_end);
	if (unit_end > end && t->size * 8 > end) {
		bit_pad = (unit_end < t->size * 8 ? unit_end : t->size * 8) - end;
		indent(o, 1);
		dstr_addf(o, "/* bit padding: %" PRIu64 " bits */\n", bit_pad);
		end += bit_pad;
	}
	tail = t->size * 8 > end ? t->size * 8 - end : 0;
	if (tail)
		gap(o, 1, end, t->size * 8, NULL, "tail padding");
	dstr_addf(o,
		  "\t/* size: %" PRIu64 ", align: %" PRIu32 ", members: %" PRIu32
		  ", holes: %" PRIu64 " (%" PRIu64 " bytes), bit holes: %" PRIu64 " (%" PRIu64
		  " bits), tail padding: %" PRIu64,
		  t->size, t->align, t->nr, tally.nr_holes, tally.hole_bytes, tally.nr_bit_holes,
		  tally.hole_bits, tail / 8);
	if (bit_pad)
		dstr_addf(o, ", bit padding: %" PRIu64, bit_pad);
	dstr_add(o, " */\n");
	if (typedef_name)
		dstr_addf(o, "} %s;\n", typedef_name);
	else
		dstr_add(o, "};\n");
}

struct entry {
	const char *name;
	uint32_t id;
	const char *typedef_name;
	uint64_t fp;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->fp < y->fp ? -1 : x->fp > y->fp;
}

static bool is_aggregate(const struct type *t)
{
	return t->kind == KIND_STRUCT || t->kind == KIND_UNION;
}

/* Named aggregates, and anonymous ones named by a typedef. */
static size_t collect(const struct corpus *c, struct entry **out)
{
	struct entry *es = NULL;
	size_t nr = 0, cap = 0;

	for (uint32_t id = 1; id < c->nr_types; id++) {
		const struct type *t = corpus_type(c, id);
		struct entry e = { 0 };

		if (is_aggregate(t) && t->name_off) {
			e.name = corpus_name(c, t->name_off);
			e.id = id;
		} else if (t->kind == KIND_TYPEDEF) {
			const struct type *to = corpus_type(c, t->ref_id);

			if (!is_aggregate(to) || to->name_off)
				continue;
			e.name = corpus_name(c, t->name_off);
			e.id = t->ref_id;
			e.typedef_name = e.name;
		} else {
			continue;
		}
		/* a header probe shows the named headers' types, not what they include */
		if (!corpus_file_is_root(c, t->file_off))
			continue;
		e.fp = t->fp;
		ARRAY_GROW(es, cap, nr + 1);
		es[nr++] = e;
	}
	if (nr)
		qsort(es, nr, sizeof(*es), cmp_entry);
	*out = es;
	return nr;
}

static void header(const struct corpus *c, struct dstr *o)
{
	dstr_addf(o, "target: %s (ELF%u, %s-endian, machine %u)\n", c->target.arch,
		  c->target.elf_class, c->target.byte_order == ORDER_BIG ? "big" : "little",
		  c->target.machine);
}

int show_types(const struct corpus *c, FILE *fp, const char *const *names, size_t nr_names)
{
	struct dstr o;
	struct entry *es;
	size_t nr = collect(c, &es);
	int err = 0;

	dstr_init(&o);
	header(c, &o);
	if (!nr_names) {
		for (size_t i = 0; i < nr; i++) {
			dstr_addch(&o, '\n');
			show_one(c, es[i].id, es[i].typedef_name, &o);
		}
	}
	for (size_t n = 0; n < nr_names; n++) {
		const char *want = names[n];
		int want_kind = -1;
		bool found = false;

		if (strncmp(want, "struct ", 7) == 0) {
			want_kind = KIND_STRUCT;
			want += 7;
		} else if (strncmp(want, "union ", 6) == 0) {
			want_kind = KIND_UNION;
			want += 6;
		}
		for (size_t i = 0; i < nr; i++) {
			const struct type *t = corpus_type(c, es[i].id);

			if (strcmp(es[i].name, want) != 0)
				continue;
			if (want_kind >= 0 && ((int)t->kind != want_kind || es[i].typedef_name))
				continue;
			dstr_addch(&o, '\n');
			show_one(c, es[i].id, es[i].typedef_name, &o);
			found = true;
		}
		if (!found) {
			/* a typedef of a named struct: show the struct */
			int64_t id = corpus_find_type(c, names[n]);

			if (id > 0 && corpus_type(c, (uint32_t)id)->kind == KIND_TYPEDEF) {
				uint32_t r = type_resolve(c, (uint32_t)id);

				if (is_aggregate(corpus_type(c, r))) {
					dstr_addch(&o, '\n');
					show_one(c, r, NULL, &o);
					found = true;
				}
			}
		}
		if (!found)
			err = pr_error(ENOENT, "%s: no struct or union named '%s'", c->path,
				       names[n]);
	}
	fwrite(o.buf, 1, o.len, fp);
	dstr_release(&o);
	free(es);
	return err;
}
