/* SPDX-License-Identifier: MIT */
/*
 * DWARF reader. Files are opened through libdwfl's standard callbacks, so relocations of
 * ET_REL objects are applied and separate debug info is found by build-id or
 * .gnu_debuglink. Every type DIE becomes one raw type record; a DIE is turned into a
 * record when first referenced and its parts (members, enumerators, parameters) are read
 * later from a work queue, so the reader never recurses along type references, however
 * deep or cyclic the input is. corpus_finalize() then merges duplicates across units.
 */
#include "dwarf/dwarf.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf/elf.h"

#define MAX_ORIGIN_CHAIN 16
#define MAX_NEST 64

struct pending {
	Dwarf_Die die;
	uint32_t id;
};

/* A definition or declaration of an external function or variable. */
struct decl {
	Dwarf_Die die;
	uint64_t addr;
	uint32_t name_off;
	bool has_addr;
	bool is_var;
};

struct reader {
	struct corpus *c;
	Dwarf *dw;
	Dwarf_Addr dw_bias;
	struct hashmap die_ids;   /* die key -> type id */
	struct hashmap cu_index;  /* Dwarf_CU pointer -> small index */
	struct hashmap files_cu;  /* CU index -> index into files[] + 1 */
	struct pending *queue;
	size_t nr_queue, cap_queue, head;
	struct decl *decls;
	size_t nr_decls, cap_decls;
	struct {
		Dwarf_Files *files;
		size_t nr;
		const char *comp_dir;
	} *files;
	size_t nr_files, cap_files;
	uint32_t next_cu;
	int err;
};

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;

	return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

static int die_error(struct reader *r, Dwarf_Die *die, const char *what)
{
	const char *name = die_name(die);

	if (r->err)
		return r->err;
	if (name)
		r->err = pr_error(EINVAL, "%s: DIE 0x%" PRIx64 " ('%.64s%s'): %s", r->c->path,
				  (uint64_t)dwarf_dieoffset(die), name, strlen(name) > 64 ? "..." : "",
				  what);
	else
		r->err = pr_error(EINVAL, "%s: DIE 0x%" PRIx64 ": %s", r->c->path,
				  (uint64_t)dwarf_dieoffset(die), what);
	return r->err;
}

static uint64_t die_key(struct reader *r, Dwarf_Die *die)
{
	uint64_t cu = (uint64_t)(uintptr_t)die->cu, idx;

	/*
	 * Offsets are unique within a section only: type units (.debug_types) and dwz
	 * alternate files reuse them. A DIE's unit tells them apart.
	 */
	if (!hashmap_get(&r->cu_index, cu, &idx)) {
		idx = ++r->next_cu;
		hashmap_set(&r->cu_index, cu, idx);
	}
	return (idx << 40 | (uint64_t)dwarf_dieoffset(die)) + 1;
}

/* Attribute getters: -ENOENT when absent, never 0 for "absent". */
static int attr_udata(Dwarf_Die *die, unsigned name, uint64_t *val)
{
	Dwarf_Attribute attr;
	Dwarf_Word w;

	if (!dwarf_attr(die, name, &attr))
		return -ENOENT;
	if (dwarf_formudata(&attr, &w) != 0)
		return -EINVAL;
	*val = w;
	return 0;
}

static int attr_sdata(Dwarf_Die *die, unsigned name, int64_t *val)
{
	Dwarf_Attribute attr;
	Dwarf_Sword w;

	if (!dwarf_attr(die, name, &attr))
		return -ENOENT;
	if (dwarf_formsdata(&attr, &w) != 0)
		return -EINVAL;
	*val = w;
	return 0;
}

static bool attr_flag(Dwarf_Die *die, unsigned name)
{
	Dwarf_Attribute attr;
	bool f = false;

	if (!dwarf_attr(die, name, &attr))
		return false;
	return dwarf_formflag(&attr, &f) == 0 && f;
}

static void add_file_line(struct reader *r, Dwarf_Die *die, struct type *t)
{
	Dwarf_Die cudie;
	uint64_t idx, fidx;
	uint64_t cu_key;
	int line;
	const char *path;

	if (dwarf_decl_line(die, &line) == 0 && line > 0)
		t->line = (uint32_t)line;
	if (attr_udata(die, DW_AT_decl_file, &fidx) != 0)
		return;
	if (!dwarf_diecu(die, &cudie, NULL, NULL))
		return;
	cu_key = (uint64_t)(uintptr_t)die->cu;
	if (!hashmap_get(&r->files_cu, cu_key, &idx)) {
		Dwarf_Files *files;
		size_t nr;
		Dwarf_Attribute attr;

		ARRAY_GROW(r->files, r->cap_files, r->nr_files + 1);
		if (dwarf_getsrcfiles(&cudie, &files, &nr) != 0) {
			files = NULL;
			nr = 0;
		}
		r->files[r->nr_files].files = files;
		r->files[r->nr_files].nr = nr;
		r->files[r->nr_files].comp_dir =
			dwarf_formstring(dwarf_attr(&cudie, DW_AT_comp_dir, &attr));
		idx = ++r->nr_files;
		hashmap_set(&r->files_cu, cu_key, idx);
	}
	if (!r->files[idx - 1].files || fidx >= r->files[idx - 1].nr)
		return;
	path = dwarf_filesrc(r->files[idx - 1].files, fidx, NULL, NULL);
	if (!path)
		return;
	/* Paths under the build directory are kept relative, so baselines do not churn. */
	if (r->files[idx - 1].comp_dir) {
		size_t n = strlen(r->files[idx - 1].comp_dir);

		if (n && strncmp(path, r->files[idx - 1].comp_dir, n) == 0 && path[n] == '/')
			path += n + 1;
	}
	t->file_off = corpus_str(r->c, path);
}

static int64_t type_of(struct reader *r, Dwarf_Die *die);

/* The type an attribute refers to; void when absent. */
static int64_t ref_type(struct reader *r, Dwarf_Die *die, unsigned name)
{
	Dwarf_Attribute attr;
	Dwarf_Die ref;

	if (!dwarf_attr_integrate(die, name, &attr))
		return 0;
	if (!dwarf_formref_die(&attr, &ref))
		return die_error(r, die, "type reference into nowhere");
	return type_of(r, &ref);
}

static int64_t new_type(struct reader *r, Dwarf_Die *die, enum type_kind kind, bool queue)
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

static uint64_t byte_size(Dwarf_Die *die)
{
	uint64_t v;

	if (attr_udata(die, DW_AT_byte_size, &v) == 0)
		return v;
	if (attr_udata(die, DW_AT_bit_size, &v) == 0)
		return (v + 7) / 8;
	return 0;
}

/* Create the record for a type DIE (parts come later from the queue). */
static int64_t type_of(struct reader *r, Dwarf_Die *die)
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

		id = new_type(r, die, kind, false);
		if (id <= 0)
			return id;
		t = corpus_type(r->c, (uint32_t)id);
		t->flags = flags;
		t->size = byte_size(die);
		return id;
	}
	case DW_TAG_unspecified_type:
		hashmap_set(&r->die_ids, die_key(r, die), 0);
		return 0;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
	case DW_TAG_ptr_to_member_type:
		id = new_type(r, die, KIND_PTR, true);
		if (id > 0) {
			t = corpus_type(r->c, (uint32_t)id);
			t->name_off = 0;
			t->size = byte_size(die);
			if (!t->size)
				t->size = r->c->target.pointer_size;
		}
		return id;
	case DW_TAG_const_type:
		return new_type(r, die, KIND_CONST, true);
	case DW_TAG_volatile_type:
		return new_type(r, die, KIND_VOLATILE, true);
	case DW_TAG_restrict_type:
		return new_type(r, die, KIND_RESTRICT, true);
	case DW_TAG_atomic_type:
		return new_type(r, die, KIND_ATOMIC, true);
	case DW_TAG_typedef:
		id = new_type(r, die, KIND_TYPEDEF, true);
		if (id > 0) {
			t = corpus_type(r->c, (uint32_t)id);
			if (attr_udata(die, DW_AT_alignment, &val) == 0 && val && val <= UINT32_MAX) {
				t->align = (uint32_t)val;
				t->flags |= TF_ALIGNED;
			}
			add_file_line(r, die, t);
		}
		return id;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
		if (attr_flag(die, DW_AT_declaration)) {
			id = new_type(r, die, KIND_FWD, false);
			if (id > 0) {
				t = corpus_type(r->c, (uint32_t)id);
				if (tag == DW_TAG_union_type)
					t->flags |= TF_FWD_UNION;
				else if (tag == DW_TAG_enumeration_type)
					t->flags |= TF_FWD_ENUM;
				add_file_line(r, die, t);
			}
			return id;
		}
		id = new_type(r, die,
			      tag == DW_TAG_union_type	     ? KIND_UNION :
			      tag == DW_TAG_enumeration_type ? KIND_ENUM :
							       KIND_STRUCT,
			      true);
		if (id > 0) {
			t = corpus_type(r->c, (uint32_t)id);
			t->size = byte_size(die);
			if (attr_udata(die, DW_AT_alignment, &val) == 0 && val && val <= UINT32_MAX) {
				t->align = (uint32_t)val;
				t->flags |= TF_ALIGNED;
			}
			add_file_line(r, die, t);
		}
		return id;
	case DW_TAG_array_type:
		return new_type(r, die, KIND_ARRAY, true);
	case DW_TAG_subroutine_type:
		return new_type(r, die, KIND_FUNC_PROTO, true);
	default: {
		char what[64];

		snprintf(what, sizeof(what), "tag 0x%x is not a type", (unsigned)tag);
		return die_error(r, die, what);
	}
	}
}

/* Parts ------------------------------------------------------------------------------ */

static int member_bit_offset(struct reader *r, Dwarf_Die *die, uint32_t type_id,
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
		uint64_t unit = byte_size(die);

		if (!unit)
			unit = type_size(r->c, type_id);
		if (!unit) {
			Dwarf_Attribute ta;
			Dwarf_Die td;

			if (dwarf_attr_integrate(die, DW_AT_type, &ta) && dwarf_formref_die(&ta, &td)) {
				Dwarf_Die peeled;

				if (dwarf_peel_type(&td, &peeled) == 0)
					unit = byte_size(&peeled);
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

static int read_members(struct reader *r, Dwarf_Die *die, uint32_t id)
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

static int read_enumerators(struct reader *r, Dwarf_Die *die, uint32_t id)
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
static int64_t read_proto(struct reader *r, Dwarf_Die *die, int64_t proto_id)
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
static int read_array(struct reader *r, Dwarf_Die *die, uint32_t id)
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

static int complete(struct reader *r, struct pending *p)
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

static int drain(struct reader *r)
{
	while (r->head < r->nr_queue && !r->err) {
		struct pending p = r->queue[r->head++];
		int err = complete(r, &p);

		if (err)
			return r->err ? r->err : err;
	}
	return r->err;
}

/* Walking units ------------------------------------------------------------------------ */

static bool is_type_tag(int tag)
{
	switch (tag) {
	case DW_TAG_base_type:
	case DW_TAG_pointer_type:
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
	case DW_TAG_typedef:
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
	case DW_TAG_array_type:
	case DW_TAG_subroutine_type:
		return true;
	default:
		return false;
	}
}

/*
 * Addresses where a function's code starts: its low_pc, or the start of each of its
 * ranges (gcc splits functions into hot and cold parts; the symbol is at one of them,
 * not necessarily the lowest). Returns how many were stored, at most MAX.
 */
static size_t func_addrs(Dwarf_Die *die, uint64_t *addrs, size_t max)
{
	Dwarf_Addr lo, base, start, end;
	ptrdiff_t off = 0;
	size_t n = 0;

	if (dwarf_lowpc(die, &lo) == 0) {
		addrs[0] = lo;
		return 1;
	}
	while (n < max && (off = dwarf_ranges(die, off, &base, &start, &end)) > 0)
		addrs[n++] = start;
	return n;
}

/* Address of a variable placed at a fixed address (DW_OP_addr, or DW_OP_addrx in DWARF 5). */
static bool var_addr(Dwarf_Die *die, uint64_t *addr)
{
	Dwarf_Attribute attr, res;
	Dwarf_Op *ops;
	size_t nops;
	Dwarf_Addr a;

	if (!dwarf_attr(die, DW_AT_location, &attr) ||
	    dwarf_getlocation(&attr, &ops, &nops) != 0 || nops != 1)
		return false;
	switch (ops[0].atom) {
	case DW_OP_addr:
		*addr = ops[0].number;
		return true;
	case DW_OP_addrx:
	case DW_OP_GNU_addr_index:
		if (dwarf_getlocation_attr(&attr, &ops[0], &res) == 0 && dwarf_formaddr(&res, &a) == 0) {
			*addr = a;
			return true;
		}
		return false;
	default:
		return false;
	}
}

/*
 * Remember a function or variable DIE for linking symbols to it: every definition with
 * an address (an exported alias may point at a static function), and external
 * declarations and definitions by name.
 */
static void note_decl(struct reader *r, Dwarf_Die *die, bool is_var)
{
	const char *name = NULL;
	Dwarf_Attribute attr;
	struct decl *d;
	uint64_t addrs[8] = { 0 };
	size_t nr_addrs = 0;
	bool external = attr_flag(die, DW_AT_external);

	if (!external) {
		/* A definition that completes an external declaration is external too. */
		Dwarf_Die spec;

		external = (dwarf_attr(die, DW_AT_specification, &attr) ||
			    dwarf_attr(die, DW_AT_abstract_origin, &attr)) &&
			   dwarf_formref_die(&attr, &spec) && attr_flag(&spec, DW_AT_external);
	}
	if (!attr_flag(die, DW_AT_declaration))
		nr_addrs = is_var ? var_addr(die, &addrs[0]) :
				    func_addrs(die, addrs, sizeof(addrs) / sizeof(addrs[0]));
	if (!external && !nr_addrs)
		return;
	if (external) {
		name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &attr));
		if (!name)
			name = die_name(die);
	}
	for (size_t i = 0; i < (nr_addrs ? nr_addrs : 1); i++) {
		ARRAY_GROW(r->decls, r->cap_decls, r->nr_decls + 1);
		d = &r->decls[r->nr_decls++];
		d->die = *die;
		d->addr = addrs[i] + r->dw_bias;
		d->has_addr = nr_addrs > 0;
		d->is_var = is_var;
		d->name_off = corpus_str(r->c, name);
	}
}

static int walk_children(struct reader *r, Dwarf_Die *parent, bool all_types, int depth)
{
	Dwarf_Die child;
	int res;

	if (depth > MAX_NEST)
		return 0;
	res = dwarf_child(parent, &child);
	while (res == 0 && !r->err) {
		int tag = dwarf_tag(&child);

		r->c->stats.nr_dies++;
		if (tag == DW_TAG_subprogram) {
			note_decl(r, &child, false);
		} else if (tag == DW_TAG_variable) {
			note_decl(r, &child, true);
		} else if (tag == DW_TAG_imported_unit) {
			/* dwz partial units: walked once, where first imported */
			Dwarf_Attribute attr;
			Dwarf_Die unit;
			uint64_t key;

			if (dwarf_attr(&child, DW_AT_import, &attr) &&
			    dwarf_formref_die(&attr, &unit)) {
				key = die_key(r, &unit) | 1ull << 63;
				if (!hashmap_get(&r->die_ids, key, NULL)) {
					hashmap_set(&r->die_ids, key, 0);
					walk_children(r, &unit, all_types, depth + 1);
				}
			}
		} else if (is_type_tag(tag) && all_types) {
			int64_t id = type_of(r, &child);

			if (id < 0)
				return (int)id;
			if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
			    tag == DW_TAG_class_type)
				walk_children(r, &child, all_types, depth + 1);
		}
		res = dwarf_siblingof(&child, &child);
	}
	if (res < 0 && !r->err) {
		char what[160];

		snprintf(what, sizeof(what), "corrupt DIE tree below it: %s", dwarf_errmsg(-1));
		return die_error(r, parent, what);
	}
	return r->err;
}

/* Size of .debug_info once decompressed; 0 if it cannot be told. */
static uint64_t debug_info_size(Dwarf *dw)
{
	Elf *elf = dwarf_getelf(dw);
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (!elf || elf_getshdrstrndx(elf, &shstrndx) != 0)
		return 0;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strcmp(name, ".debug_info") != 0)
			continue;
		if (sh.sh_flags & SHF_COMPRESSED) {
			GElf_Chdr ch;

			return gelf_getchdr(scn, &ch) ? ch.ch_size : 0;
		}
		return sh.sh_type == SHT_NOBITS ? 0 : sh.sh_size;
	}
	return 0;
}

/*
 * libdw takes a unit's length as it is written, even one that runs past the end of the
 * section, and reads on: a damaged length would pass for a short unit. Check them.
 */
static int check_unit_lengths(struct reader *r)
{
	uint64_t size = debug_info_size(r->dw);
	Dwarf_Off off = 0, next;
	size_t hsize;
	int res, n = 0;

	if (!size)
		return 0;
	while ((res = dwarf_next_unit(r->dw, off, &next, &hsize, NULL, NULL, NULL, NULL, NULL,
				      NULL)) == 0) {
		if (next > size || next <= off)
			return r->err = pr_error(EINVAL,
						 "%s: .debug_info: the unit at 0x%" PRIx64 " claims "
						 "to end at 0x%" PRIx64 ", past the end of the section "
						 "(0x%" PRIx64 "); the file is damaged",
						 r->c->path, (uint64_t)off, (uint64_t)next, size);
		off = next;
		if (++n > 10000000)
			break;
	}
	if (res < 0)
		return r->err = pr_error(EINVAL, "%s: .debug_info: a unit header at 0x%" PRIx64
					 " cannot be read: %s",
					 r->c->path, (uint64_t)off, dwarf_errmsg(-1));
	return 0;
}

static int walk_units(struct reader *r, bool all_types)
{
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie, subdie;
	Dwarf_Half version;
	uint8_t unit_type;
	int res;

	while ((res = dwarf_get_units(r->dw, cu, &cu, &version, &unit_type, &cudie, &subdie)) == 0) {
		Dwarf_Die *unit = &cudie;

		switch (unit_type) {
		case DW_UT_type:
		case DW_UT_split_type:
		case DW_UT_partial:
			/* reached through references and imports */
			continue;
		case DW_UT_skeleton:
			if (dwarf_tag(&subdie) == DW_TAG_invalid || !subdie.cu)
				return r->err = pr_error(ENOENT,
							 "%s: split DWARF: the .dwo file of unit "
							 "'%s' was not found; build without "
							 "-gsplit-dwarf or keep the .dwo files",
							 r->c->path,
							 die_name(&cudie) ? die_name(&cudie) : "?");
			unit = &subdie;
			break;
		default:
			break;
		}
		if (dwarf_tag(unit) != DW_TAG_compile_unit)
			continue;
		r->c->stats.nr_cus++;
		if (walk_children(r, unit, all_types, 0))
			return r->err;
		if (drain(r))
			return r->err;
	}
	if (res < 0)
		return r->err = pr_error(EINVAL, "%s: corrupt DWARF unit headers: %s", r->c->path,
					 dwarf_errmsg(-1));
	return 0;
}

/* Symbols ---------------------------------------------------------------------------- */

static bool is_definition(struct decl *d)
{
	return d->has_addr;
}

/* Link each symbol to its DWARF function or variable: by address, else by name. */
static int link_symbols(struct reader *r, const struct elf_syms *syms)
{
	struct corpus *c = r->c;
	struct hashmap by_addr, by_name;
	bool use_addr = c->file_kind != FILE_RELOCATABLE;

	hashmap_init(&by_addr);
	hashmap_init(&by_name);
	for (size_t i = 0; i < r->nr_decls; i++) {
		struct decl *d = &r->decls[i];
		uint64_t prev;

		if (use_addr && is_definition(d) && !hashmap_get(&by_addr, d->addr + 1, NULL))
			hashmap_set(&by_addr, d->addr + 1, i);
		/* a definition wins over a declaration of the same name */
		if (d->name_off && (!hashmap_get(&by_name, d->name_off, &prev) ||
				    (!is_definition(&r->decls[prev]) && is_definition(d))))
			hashmap_set(&by_name, d->name_off, i);
	}
	for (size_t i = 0; i < c->nr_syms && !r->err; i++) {
		struct symbol *s = &c->syms[i];
		uint64_t di;
		bool found = false;
		bool want_var = s->kind == SYM_VAR || s->kind == SYM_TLS;

		if (use_addr && s->kind != SYM_TLS && syms->is_def[i] &&
		    hashmap_get(&by_addr, syms->addr[i] + 1, &di) && r->decls[di].is_var == want_var)
			found = true;
		if (!found && hashmap_get(&by_name, s->name_off, &di) && r->decls[di].is_var == want_var)
			found = true;
		if (!found)
			continue;
		{
			struct decl *d = &r->decls[di];
			uint64_t val;
			int64_t id;

			if (hashmap_get(&r->die_ids, die_key(r, &d->die), &val)) {
				s->type_id = (uint32_t)val;
				continue;
			}
			id = new_type(r, &d->die, d->is_var ? KIND_VAR : KIND_FUNC, true);
			if (id < 0)
				break;
			add_file_line(r, &d->die, corpus_type(c, (uint32_t)id));
			s->type_id = (uint32_t)id;
		}
	}
	hashmap_release(&by_addr);
	hashmap_release(&by_name);
	return r->err ? r->err : drain(r);
}

/* Opening ---------------------------------------------------------------------------- */

static char *debuginfo_path;

static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

int dwarf_read_elf(const char *path, uint64_t file_size, unsigned int flags,
		   struct corpus **out)
{
	struct reader r;
	struct elf_syms syms;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf;
	GElf_Addr elf_bias;
	bool has_debug = false;
	int fd, err;

	memset(&r, 0, sizeof(r));
	memset(&syms, 0, sizeof(syms));
	*out = NULL;
	r.c = corpus_new(path);
	hashmap_init(&r.die_ids);
	hashmap_init(&r.cu_index);
	hashmap_init(&r.files_cu);

	/* Check the file's structure with plain libelf before libdwfl trusts it. */
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = pr_error(errno, "%s: %s", path, strerror(errno));
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		err = pr_error(EINVAL, "%s: not a readable ELF file: %s", path, elf_errmsg(-1));
		close(fd);
		goto out;
	}
	err = elf_check(r.c, elf, file_size, &has_debug);
	if (!err)
		err = elf_read(r.c, elf, &syms);
	elf_end(elf);
	close(fd);
	if (err)
		goto out;

	dwfl = dwfl_begin(&callbacks);
	if (!dwfl) {
		err = pr_error(ENOMEM, "%s: %s", path, dwfl_errmsg(-1));
		goto out;
	}
	dwfl_report_begin(dwfl);
	mod = dwfl_report_offline(dwfl, path, path, -1);
	dwfl_report_end(dwfl, NULL, NULL);
	if (!mod) {
		err = pr_error(EINVAL, "%s: cannot read ELF: %s", path, dwfl_errmsg(-1));
		goto out_dwfl;
	}
	r.dw = dwfl_module_getdwarf(mod, &r.dw_bias);
	if (!r.dw && has_debug) {
		/*
		 * The sections are there: damage, not a stripped file; or a machine elfutils
		 * has no backend for, whose relocations it cannot apply.
		 */
		if (!strncmp(r.c->target.arch, "em", 2))
			err = pr_error(EINVAL,
				       "%s: its DWARF cannot be read: ELF machine %u is one elfutils "
				       "does not support (%s)",
				       path, r.c->target.machine, dwfl_errmsg(-1));
		else
			err = pr_error(EINVAL, "%s: its DWARF cannot be read: %s (the file is damaged)",
				       path, dwfl_errmsg(-1));
		goto out_dwfl;
	}
	if (!r.dw && (flags & ABIDRIFT_READ_ALLOW_NO_DWARF)) {
		r.c->no_debug_info = true;
		goto out_dwfl;
	}
	if (!r.dw) {
		err = pr_error(ENODATA,
			       "%s: no DWARF debug info: the file looks stripped; rebuild it with "
			       "-g, or install its separate debug info (found by build-id or "
			       ".gnu_debuglink)",
			       path);
		goto out_dwfl;
	}
	/* Symbol values and DWARF addresses in the module's address space. */
	if (dwfl_module_getelf(mod, &elf_bias))
		for (size_t i = 0; i < syms.nr; i++)
			syms.addr[i] += elf_bias;
	err = check_unit_lengths(&r);
	if (!err)
		err = walk_units(&r, r.c->file_kind == FILE_RELOCATABLE);
	if (!err && !r.c->stats.nr_cus)
		err = pr_error(ENODATA,
			       "%s: no DWARF compilation units: the file looks stripped; rebuild it "
			       "with -g, or install its separate debug info",
			       path);
	if (!err)
		err = link_symbols(&r, &syms);
	if (!err && r.c->nr_types == 1 && r.c->nr_syms == 0 &&
	    r.c->file_kind == FILE_RELOCATABLE)
		pr_warn("%s: no types and no global symbols", path);
out_dwfl:
	dwfl_end(dwfl);
	if (!err)
		err = corpus_finalize(r.c);
out:
	free(r.queue);
	free(r.decls);
	free(r.files);
	hashmap_release(&r.die_ids);
	hashmap_release(&r.cu_index);
	hashmap_release(&r.files_cu);
	elf_syms_release(&syms);
	if (err) {
		corpus_free(r.c);
		return err;
	}
	*out = r.c;
	return 0;
}
