/* SPDX-License-Identifier: MIT */
/*
 * Declarations of functions and variables (their addresses and linkage names), and
 * linking the ELF symbols to them: by address in linked files, else by name.
 */
#include "dwarf/reader.h"

#include <stdlib.h>

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
void reader_note_decl(struct dwarf_reader *r, Dwarf_Die *die, bool is_var)
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

static bool is_definition(struct decl *d)
{
	return d->has_addr;
}

/* Link each symbol to its DWARF function or variable: by address, else by name. */
int reader_link_symbols(struct dwarf_reader *r, const struct elf_syms *syms)
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
			id = reader_new_type(r, &d->die, d->is_var ? KIND_VAR : KIND_FUNC, true);
			if (id < 0)
				break;
			die_file_line(r, &d->die, corpus_type(c, (uint32_t)id));
			s->type_id = (uint32_t)id;
		}
	}
	hashmap_release(&by_addr);
	hashmap_release(&by_name);
	return r->err ? r->err : reader_drain(r);
}
