/* SPDX-License-Identifier: MIT */
/*
 * The unit walk: every compile unit (skeleton units through their split unit, dwz
 * partial units where imported), its types when every type is wanted, and its
 * function and variable declarations. The walk of one unit is the piece a thread can
 * own later. Unit lengths are checked first, since libdw trusts them.
 */
#include "dwarf/reader.h"

#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

static int walk_children(struct dwarf_reader *r, Dwarf_Die *parent, bool all_types, int depth)
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
			reader_note_decl(r, &child, false);
		} else if (tag == DW_TAG_variable) {
			reader_note_decl(r, &child, true);
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
			int64_t id = reader_type_of(r, &child);

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
int reader_check_unit_lengths(struct dwarf_reader *r)
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

int reader_walk_units(struct dwarf_reader *r, bool all_types)
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
		if (reader_drain(r))
			return r->err;
	}
	if (res < 0)
		return r->err = pr_error(EINVAL, "%s: corrupt DWARF unit headers: %s", r->c->path,
					 dwarf_errmsg(-1));
	return 0;
}
