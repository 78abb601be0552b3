/* SPDX-License-Identifier: MIT */
/*
 * Inside the DWARF reader: its state and the functions its files share. One reader reads
 * one Dwarf handle into one corpus. Every type DIE becomes one raw type record; a DIE is
 * turned into a record when first referenced and its parts (members, enumerators,
 * parameters) are read later from a work queue, so the reader never recurses along type
 * references, however deep or cyclic the input is. corpus_finalize() then merges
 * duplicates across units.
 *
 *   attr.c    attribute getters, DIE identity, declaration file and line, DIE errors
 *   types.c   type construction: records from DIEs, their parts, the work queue
 *   units.c   the unit walk (a unit's walk is what a thread may own one day)
 *   decls.c   function and variable declarations, and linking symbols to them
 *   reader.c  the type source: finding the DWARF in an ELF session, a read in order
 */
#ifndef ABIDRIFT_DWARF_READER_H
#define ABIDRIFT_DWARF_READER_H

#include <dwarf.h>
#include <elfutils/libdw.h>

#include "dwarf/dwarf.h"
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

struct dwarf_reader {
	struct corpus *c;
	Dwarf *dw;
	Dwarf_Addr dw_bias;
	struct hashmap die_ids;	 /* die key -> type id */
	struct hashmap cu_index; /* Dwarf_CU pointer -> small index */
	struct hashmap files_cu; /* CU index -> index into files[] + 1 */
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

/* attr.c: getters return -ENOENT when an attribute is absent, never 0 for "absent". */
const char *die_name(Dwarf_Die *die);
/* Report WHAT about DIE against the corpus's path (once: the first error sticks). */
int die_error(struct dwarf_reader *r, Dwarf_Die *die, const char *what);
/* A key unique across units, type units and dwz alternate files. */
uint64_t die_key(struct dwarf_reader *r, Dwarf_Die *die);
int attr_udata(Dwarf_Die *die, unsigned name, uint64_t *val);
int attr_sdata(Dwarf_Die *die, unsigned name, int64_t *val);
bool attr_flag(Dwarf_Die *die, unsigned name);
/* DW_AT_byte_size, or DW_AT_bit_size rounded up; 0 when neither is given. */
uint64_t die_byte_size(Dwarf_Die *die);
/* Set t->file_off and t->line from DIE's declaration coordinates, when it has them. */
void die_file_line(struct dwarf_reader *r, Dwarf_Die *die, struct type *t);

/* types.c */
/* The record of a type DIE, created (and queued for its parts) when first seen. */
int64_t reader_type_of(struct dwarf_reader *r, Dwarf_Die *die);
/* A new record for DIE; QUEUE: its parts are read later by reader_drain(). */
int64_t reader_new_type(struct dwarf_reader *r, Dwarf_Die *die, enum type_kind kind, bool queue);
/* Read the parts of every queued record. */
int reader_drain(struct dwarf_reader *r);

/* units.c */
int reader_check_unit_lengths(struct dwarf_reader *r);
/* Walk every compile unit: ALL_TYPES reads every type, else declarations only. */
int reader_walk_units(struct dwarf_reader *r, bool all_types);

/* decls.c */
/* Remember a function (or, IS_VAR, variable) DIE for linking symbols to it. */
void reader_note_decl(struct dwarf_reader *r, Dwarf_Die *die, bool is_var);
/* Link each symbol to its DWARF function or variable: by address, else by name. */
int reader_link_symbols(struct dwarf_reader *r, const struct elf_syms *syms);

#endif
