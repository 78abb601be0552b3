/* SPDX-License-Identifier: MIT */
/*
 * Type construction: one raw record per type DIE, created when first referenced, and
 * its parts (members and bitfields, enumerators, parameters, array dimensions) read
 * from the work queue, so the reader never recurses along type references.
 */
#include "dwarf/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The type an attribute refers to; void when absent. */
static int64_t ref_type(struct dwarf_reader *r, Dwarf_Die *die, unsigned name)
{
	Dwarf_Attribute attr;
	Dwarf_Die ref;

	if (!dwarf_attr_integrate(die, name, &attr))
		return 0;
	if (!dwarf_formref_die(&attr, &ref))
		return die_error(r, die, "type reference into nowhere");
	return reader_type_of(r, &ref);
}

int64_t reader_new_type(struct dwarf_reader *r, Dwarf_Die *die, enum type_kind kind, bool queue)
{
	int64_t id = corpus_add_type(r->c, kind, die_name(die));

	if (id < 0)
		return r->err = pr_error((int)id, "%s: too many types", r->c->path);
	hashmap_set(&r->die_ids, die_key(r, die), (uint64_t)id);
	if (queue) {
		ARRAY_GROW(r->queue, r->cap_queue, r->nr_queue + 1);
		r->queue[r->nr_queue].die = *die;
		r->queue[r->nr_queue].id = (uint32_t)id;
		r->nr_queue++;
	}
	return id;
}

static enum type_kind base_kind(Dwarf_Die *die, uint32_t *flags)
{
	uint64_t enc = 0;

	attr_udata(die, DW_AT_encoding, &enc);
	*flags = 0;
	switch (enc) {
	case DW_ATE_float:
	case DW_ATE_decimal_float:
		return KIND_FLOAT;
	case DW_ATE_complex_float:
		*flags = TF_COMPLEX;
		return KIND_FLOAT;
	case DW_ATE_signed:
		*flags = TF_SIGNED;
		return KIND_INT;
	case DW_ATE_signed_char:
		*flags = TF_SIGNED | TF_CHAR;
		return KIND_INT;
	case DW_ATE_unsigned_char:
	case DW_ATE_UTF:
		*flags = TF_CHAR;
		return KIND_INT;
	case DW_ATE_boolean:
		*flags = TF_BOOL;
		return KIND_INT;
	default:
		return KIND_INT;
	}
}

/* Create the record for a type DIE (parts come later from the queue). */
int64_t reader_type_of(struct dwarf_reader *r, Dwarf_Die *die)
{
	uint64_t val;
	int64_t id;
	int tag;
	struct type *t;

	if (r->err)
		return r->err;
	if (hashmap_get(&r->die_ids, die_key(r, die), &val))
		return (int64_t)val;
	r->c->stats.nr_dies++;
	tag = dwarf_tag(die);
	switch (tag) {
	case DW_TAG_base_type: {
		uint32_t flags;
		enum type_kind kind = base_kind(die, &flags);

		id = reader_new_type(r, die, kind, false);
		if (id <= 0)
			return id;
		t = corpus_type(r->c, (uint32_t)id);
		t->flags = flags;
		t->size = die_byte_size(die);
		return id;
	}
	case DW_TAG_unspecified_type:
		hashmap_set(&r->die_ids, die_key(r, die), 0);
		return 0;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
	case DW_TAG_ptr_to_member_type:
		id = reader_new_type(r, die, KIND_PTR, true);
		if (id > 0) {
			t = corpus_type(r->c, (uint32_t)id);
			t->name_off = 0;
			t->size = die_byte_size(die);
			if (!t->size)
				t->size = r->c->target.pointer_size;
		}
		return id;
	case DW_TAG_const_type:
		return reader_new_type(r, die, KIND_CONST, true);
	case DW_TAG_volatile_type:
		return reader_new_type(r, die, KIND_VOLATILE, true);
	case DW_TAG_restrict_type:
		return reader_new_type(r, die, KIND_RESTRICT, true);
	case DW_TAG_atomic_type:
		return reader_new_type(r, die, KIND_ATOMIC, true);
	case DW_TAG_typedef:
		id = reader_new_type(r, die, KIND_TYPEDEF, true);
		if (id > 0) {
			t = corpus_type(r->c, (uint32_t)id);
			if (attr_udata(die, DW_AT_alignment, &val) == 0 && val && val <= UINT32_MAX) {
				t->align = (uint32_t)val;
				t->flags |= TF_ALIGNED;
			}
			die_file_line(r, die, t);
		}
		return id;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
		if (attr_flag(die, DW_AT_declaration)) {
			id = reader_new_type(r, die, KIND_FWD, false);
			if (id > 0) {
				t = corpus_type(r->c, (uint32_t)id);
				if (tag == DW_TAG_union_type)
					t->flags |= TF_FWD_UNION;
				else if (tag == DW_TAG_enumeration_type)
					t->flags |= TF_FWD_ENUM;
				die_file_line(r, die, t);
			}
			return id;
		}
		id = reader_new_type(r, die,
			      tag == DW_TAG_union_type	     ? KIND_UNION :
			      tag == DW_TAG_enumeration_type ? KIND_ENUM :
							       KIND_STRUCT,
			      true);
		if (id > 0) {
			t = corpus_type(r->c, (uint32_t)id);
			t->size = die_byte_size(die);
			if (attr_udata(die, DW_AT_alignment, &val) == 0 && val && val <= UINT32_MAX) {
				t->align = (uint32_t)val;
				t->flags |= TF_ALIGNED;
			}
			die_file_line(r, die, t);
		}
		return id;
	case DW_TAG_array_type:
		return reader_new_type(r, die, KIND_ARRAY, true);
	case DW_TAG_subroutine_type:
		return reader_new_type(r, die, KIND_FUNC_PROTO, true);
	default: {
		char what[64];

		snprintf(what, sizeof(what), "tag 0x%x is not a type", (unsigned)tag);
		return die_error(r, die, what);
	}
	}
}

/* Parts ------------------------------------------------------------------------------ */

static int member_bit_offset(struct dwarf_reader *r, Dwarf_Die *die, uint32_t type_id,
			     uint64_t *bit_off, uint32_t *bit_size)
{
	Dwarf_Attribute attr;
	uint64_t byte_off = 0, bits = 0, v;
	int64_t legacy;

	*bit_size = 0;
	if (attr_udata(die, DW_AT_bit_size, &bits) == 0) {
		if (bits > UINT32_MAX)
			return die_error(r, die, "bitfield width out of range");
		*bit_size = (uint32_t)bits;
	}
	if (attr_udata(die, DW_AT_data_bit_offset, &v) == 0) {
		*bit_off = v;
		return 0;
	}
	if (dwarf_attr(die, DW_AT_data_member_location, &attr)) {
		unsigned form = dwarf_whatform(&attr);

		if (form == DW_FORM_block || form == DW_FORM_block1 || form == DW_FORM_block2 ||
		    form == DW_FORM_block4 || form == DW_FORM_exprloc) {
			Dwarf_Op *ops;
			size_t nops;

			if (dwarf_getlocation(&attr, &ops, &nops) != 0 || nops != 1 ||
			    (ops[0].atom != DW_OP_plus_uconst && ops[0].atom != DW_OP_constu))
				return die_error(r, die,
						 "member offset is an expression abidrift cannot "
						 "evaluate");
			byte_off = ops[0].number;
		} else if (dwarf_formudata(&attr, &byte_off) != 0) {
			return die_error(r, die, "member offset is not a constant");
		}
	}
	if (byte_off > UINT64_MAX / 8)
		return die_error(r, die, "member offset out of range");
	*bit_off = byte_off * 8;
	if (bits && attr_sdata(die, DW_AT_bit_offset, &legacy) == 0) {
		/*
		 * DWARF 2/3 bitfields: DW_AT_bit_offset counts from the most significant bit of
		 * a storage unit of DW_AT_byte_size (or the member type's) bytes.
		 */
		uint64_t unit = die_byte_size(die);

		if (!unit)
			unit = type_size(r->c, type_id);
		if (!unit) {
			Dwarf_Attribute ta;
			Dwarf_Die td;

			if (dwarf_attr_integrate(die, DW_AT_type, &ta) && dwarf_formref_die(&ta, &td)) {
				Dwarf_Die peeled;

				if (dwarf_peel_type(&td, &peeled) == 0)
					unit = die_byte_size(&peeled);
			}
		}
		if (r->c->target.byte_order == ORDER_BIG) {
			*bit_off += (uint64_t)legacy;
		} else {
			int64_t pos = (int64_t)(unit * 8) - legacy - (int64_t)bits;

			*bit_off += (uint64_t)pos;
		}
	}
	return 0;
}

static int read_members(struct dwarf_reader *r, Dwarf_Die *die, uint32_t id)
{
	Dwarf_Die child;
	struct m {
		const char *name;
		uint32_t type_id;
		uint32_t bit_size;
		uint64_t bit_off;
		uint32_t align;
	} *ms = NULL;
	size_t nr = 0, cap = 0;
	int res, err = 0;

	res = dwarf_child(die, &child);
	while (res == 0) {
		int tag = dwarf_tag(&child);

		r->c->stats.nr_dies++;
		if ((tag == DW_TAG_member || tag == DW_TAG_inheritance) &&
		    !attr_flag(&child, DW_AT_external) && !attr_flag(&child, DW_AT_declaration)) {
			int64_t tid = ref_type(r, &child, DW_AT_type);

			if (tid < 0) {
				err = (int)tid;
				break;
			}
			ARRAY_GROW(ms, cap, nr + 1);
			ms[nr].name = die_name(&child);
			ms[nr].type_id = (uint32_t)tid;
			err = member_bit_offset(r, &child, (uint32_t)tid, &ms[nr].bit_off,
						&ms[nr].bit_size);
			if (err)
				break;
			{
				uint64_t a;

				/* aligned(N) on the member: invisible in offsets when N is natural */
				ms[nr].align = attr_udata(&child, DW_AT_alignment, &a) == 0 && a &&
							       a <= UINT32_MAX && !(a & (a - 1)) ?
						       (uint32_t)a :
						       0;
			}
			nr++;
		}
		res = dwarf_siblingof(&child, &child);
	}
	if (!err && res < 0) {
		char what[160];

		snprintf(what, sizeof(what), "corrupt members: %s", dwarf_errmsg(-1));
		err = die_error(r, die, what);
	}
	for (size_t i = 0; !err && i < nr; i++) {
		corpus_add_member_to(r->c, id, ms[i].name, ms[i].type_id, ms[i].bit_off,
				     ms[i].bit_size);
		r->c->members[r->c->nr_members - 1].align = ms[i].align;
	}
	free(ms);
	return err;
}

static int read_enumerators(struct dwarf_reader *r, Dwarf_Die *die, uint32_t id)
{
	Dwarf_Die child;
	struct type *t = corpus_type(r->c, id);
	int64_t under;
	int res;
	bool is_signed = false;

	/* Signedness from the underlying type when given, else from the values. */
	under = ref_type(r, die, DW_AT_type);
	if (under < 0)
		return (int)under;
	t = corpus_type(r->c, id);
	if (under > 0) {
		is_signed = corpus_type(r->c, type_resolve(r->c, (uint32_t)under))->flags & TF_SIGNED;
	} else {
		res = dwarf_child(die, &child);
		while (res == 0) {
			Dwarf_Attribute attr;
			Dwarf_Sword sv;

			if (dwarf_tag(&child) == DW_TAG_enumerator &&
			    dwarf_attr(&child, DW_AT_const_value, &attr) &&
			    dwarf_whatform(&attr) == DW_FORM_sdata && dwarf_formsdata(&attr, &sv) == 0 &&
			    sv < 0)
				is_signed = true;
			res = dwarf_siblingof(&child, &child);
		}
	}
	if (is_signed)
		t->flags |= TF_SIGNED;

	res = dwarf_child(die, &child);
	while (res == 0) {
		Dwarf_Attribute attr;
		uint64_t v = 0;

		r->c->stats.nr_dies++;
		if (dwarf_tag(&child) != DW_TAG_enumerator) {
			res = dwarf_siblingof(&child, &child);
			continue;
		}
		if (!dwarf_attr(&child, DW_AT_const_value, &attr))
			return die_error(r, &child, "enumerator has no value");
		switch (dwarf_whatform(&attr)) {
		case DW_FORM_sdata:
		case DW_FORM_implicit_const: {
			Dwarf_Sword sv;

			if (dwarf_formsdata(&attr, &sv) != 0)
				return die_error(r, &child, "bad enumerator value");
			v = (uint64_t)sv;
			break;
		}
		case DW_FORM_data1:
		case DW_FORM_data2:
		case DW_FORM_data4:
		case DW_FORM_data8:
		case DW_FORM_udata: {
			Dwarf_Word uv;
			unsigned form = dwarf_whatform(&attr);
			unsigned bits = form == DW_FORM_data1 ? 8 :
					form == DW_FORM_data2 ? 16 :
					form == DW_FORM_data4 ? 32 :
								64;

			if (dwarf_formudata(&attr, &uv) != 0)
				return die_error(r, &child, "bad enumerator value");
			v = uv;
			/* Fixed-size forms carry no sign; a signed enum's value is sign-extended. */
			if (is_signed && bits < 64 && form != DW_FORM_udata && (v >> (bits - 1)) & 1)
				v |= ~0ULL << bits;
			break;
		}
		default:
			return die_error(r, &child, "enumerator value has an unexpected form");
		}
		corpus_add_enumerator_to(r->c, id, die_name(&child), v);
		res = dwarf_siblingof(&child, &child);
	}
	if (res < 0)
		return die_error(r, die, "corrupt children");
	return 0;
}

/* Parameters of a subroutine type or subprogram DIE, into a new FUNC_PROTO record. */
static int64_t read_proto(struct dwarf_reader *r, Dwarf_Die *die, int64_t proto_id)
{
	Dwarf_Die child;
	struct p {
		const char *name;
		uint32_t type_id;
	} *ps = NULL;
	size_t nr = 0, cap = 0;
	int res;
	int64_t ret;
	uint32_t flags = 0;

	ret = ref_type(r, die, DW_AT_type);
	if (ret < 0)
		return ret;
	res = dwarf_child(die, &child);
	while (res == 0) {
		int tag = dwarf_tag(&child);

		r->c->stats.nr_dies++;
		if (tag == DW_TAG_formal_parameter) {
			int64_t tid = ref_type(r, &child, DW_AT_type);

			if (tid < 0) {
				free(ps);
				return tid;
			}
			ARRAY_GROW(ps, cap, nr + 1);
			ps[nr].name = die_name(&child);
			ps[nr].type_id = (uint32_t)tid;
			nr++;
		} else if (tag == DW_TAG_unspecified_parameters) {
			flags |= TF_VARIADIC;
		}
		res = dwarf_siblingof(&child, &child);
	}
	if (res < 0) {
		free(ps);
		return die_error(r, die, "corrupt children");
	}
	if (!nr && !(flags & TF_VARIADIC) && !attr_flag(die, DW_AT_prototyped) &&
	    dwarf_srclang(die) != DW_LANG_C_plus_plus)
		flags |= TF_UNPROTOTYPED;
	if (proto_id == 0) {
		proto_id = corpus_add_type(r->c, KIND_FUNC_PROTO, NULL);
		if (proto_id < 0) {
			free(ps);
			return r->err = pr_error((int)proto_id, "%s: too many types", r->c->path);
		}
	}
	corpus_type(r->c, (uint32_t)proto_id)->ref_id = (uint32_t)ret;
	corpus_type(r->c, (uint32_t)proto_id)->flags |= flags;
	for (size_t i = 0; i < nr; i++)
		corpus_add_param_to(r->c, (uint32_t)proto_id, ps[i].name, ps[i].type_id);
	free(ps);
	return proto_id;
}

/*
 * DW_AT_upper_bound as a signed value. libdw sign-extends fixed-size data forms, which
 * would read char a[256] (upper bound 255 in one byte) as -1; only a signed form, or an
 * all-ones 32 or 64-bit constant, means -1.
 */
static bool array_upper_bound(Dwarf_Die *die, int64_t *upper)
{
	Dwarf_Attribute attr;
	Dwarf_Word u;
	Dwarf_Sword sv;

	if (!dwarf_attr(die, DW_AT_upper_bound, &attr))
		return false;
	switch (dwarf_whatform(&attr)) {
	case DW_FORM_sdata:
	case DW_FORM_implicit_const:
		if (dwarf_formsdata(&attr, &sv) != 0)
			return false;
		*upper = sv;
		return true;
	case DW_FORM_data1:
	case DW_FORM_data2:
	case DW_FORM_data4:
	case DW_FORM_data8:
	case DW_FORM_udata:
		if (dwarf_formudata(&attr, &u) != 0)
			return false;
		if (u == UINT32_MAX && dwarf_whatform(&attr) == DW_FORM_data4)
			u = UINT64_MAX;
		*upper = u > INT64_MAX ? -1 : (int64_t)u;
		return true;
	default:
		/* an expression or a reference: a variable length */
		return false;
	}
}

/* Dimensions of an array DIE: the record is the outer one; inner ones are created. */
static int read_array(struct dwarf_reader *r, Dwarf_Die *die, uint32_t id)
{
	Dwarf_Die child;
	struct dim {
		uint64_t count;
		bool flexible;
	} *dims = NULL;
	size_t nr = 0, cap = 0;
	int64_t elem;
	int res;
	uint32_t inner;

	elem = ref_type(r, die, DW_AT_type);
	if (elem < 0)
		return (int)elem;
	res = dwarf_child(die, &child);
	while (res == 0) {
		int tag = dwarf_tag(&child);

		r->c->stats.nr_dies++;
		if (tag == DW_TAG_subrange_type || tag == DW_TAG_enumeration_type) {
			uint64_t count = 0, lower = 0;
			int64_t upper;
			bool flexible = false;

			attr_udata(&child, DW_AT_lower_bound, &lower);
			if (attr_udata(&child, DW_AT_count, &count) == 0) {
				/* constant count */
			} else if (array_upper_bound(&child, &upper)) {
				/* older gcc wrote [0] as an upper bound of -1 */
				count = upper < 0 || (uint64_t)upper < lower ?
						0 :
						(uint64_t)upper - lower + 1;
			} else {
				flexible = true;
			}
			ARRAY_GROW(dims, cap, nr + 1);
			dims[nr].count = count;
			dims[nr].flexible = flexible;
			nr++;
		}
		res = dwarf_siblingof(&child, &child);
	}
	if (res < 0) {
		free(dims);
		return die_error(r, die, "corrupt children");
	}
	if (!nr) {
		ARRAY_GROW(dims, cap, 1);
		dims[0].count = 0;
		dims[0].flexible = true;
		nr = 1;
	}
	/* int a[2][3] is an array of 2 arrays of 3 ints: build from the innermost out. */
	inner = (uint32_t)elem;
	for (size_t i = nr - 1; i > 0; i--) {
		int64_t aid = corpus_add_type(r->c, KIND_ARRAY, NULL);
		struct type *t;

		if (aid < 0) {
			free(dims);
			return r->err = pr_error((int)aid, "%s: too many types", r->c->path);
		}
		t = corpus_type(r->c, (uint32_t)aid);
		t->ref_id = inner;
		t->nr_elems = dims[i].count;
		if (dims[i].flexible)
			t->flags |= TF_FLEXIBLE;
		inner = (uint32_t)aid;
	}
	{
		struct type *t = corpus_type(r->c, id);

		t->ref_id = inner;
		t->nr_elems = dims[0].count;
		if (dims[0].flexible)
			t->flags |= TF_FLEXIBLE;
	}
	free(dims);
	return 0;
}

static int complete(struct dwarf_reader *r, struct pending *p)
{
	struct type *t = corpus_type(r->c, p->id);
	int64_t ref;

	switch (t->kind) {
	case KIND_PTR:
	case KIND_TYPEDEF:
	case KIND_CONST:
	case KIND_VOLATILE:
	case KIND_RESTRICT:
	case KIND_ATOMIC:
		ref = ref_type(r, &p->die, DW_AT_type);
		if (ref < 0)
			return (int)ref;
		corpus_type(r->c, p->id)->ref_id = (uint32_t)ref;
		return 0;
	case KIND_STRUCT:
	case KIND_UNION:
		return read_members(r, &p->die, p->id);
	case KIND_ENUM:
		return read_enumerators(r, &p->die, p->id);
	case KIND_ARRAY:
		return read_array(r, &p->die, p->id);
	case KIND_FUNC_PROTO:
		ref = read_proto(r, &p->die, p->id);
		return ref < 0 ? (int)ref : 0;
	case KIND_FUNC: {
		/* Parameters live on the DIE that declares them, maybe through an origin. */
		Dwarf_Die d = p->die, origin;
		Dwarf_Attribute attr;
		int64_t proto;

		for (int i = 0; i < MAX_ORIGIN_CHAIN; i++) {
			Dwarf_Die child;
			bool has_params = false;

			if (dwarf_child(&d, &child) == 0) {
				do {
					int tag = dwarf_tag(&child);

					has_params |= tag == DW_TAG_formal_parameter ||
						      tag == DW_TAG_unspecified_parameters;
				} while (!has_params && dwarf_siblingof(&child, &child) == 0);
			}
			if (has_params)
				break;
			if (!(dwarf_attr(&d, DW_AT_abstract_origin, &attr) ||
			      dwarf_attr(&d, DW_AT_specification, &attr)) ||
			    !dwarf_formref_die(&attr, &origin))
				break;
			d = origin;
		}
		proto = read_proto(r, &d, 0);
		if (proto < 0)
			return (int)proto;
		/* The return type may be only on the origin. */
		ref = ref_type(r, &p->die, DW_AT_type);
		if (ref < 0)
			return (int)ref;
		corpus_type(r->c, (uint32_t)proto)->ref_id = (uint32_t)ref;
		corpus_type(r->c, p->id)->ref_id = (uint32_t)proto;
		return 0;
	}
	case KIND_VAR:
		ref = ref_type(r, &p->die, DW_AT_type);
		if (ref < 0)
			return (int)ref;
		corpus_type(r->c, p->id)->ref_id = (uint32_t)ref;
		return 0;
	default:
		return 0;
	}
}

int reader_drain(struct dwarf_reader *r)
{
	while (r->head < r->nr_queue && !r->err) {
		struct pending p = r->queue[r->head++];
		int err = complete(r, &p);

		if (err)
			return r->err ? r->err : err;
	}
	return r->err;
}
