/* SPDX-License-Identifier: MIT */
/*
 * The libelf and libdwfl side of src/elf, for src/elf itself and for the type sources
 * that read through an ELF session (src/dwarf). Nothing outside src/elf and src/dwarf
 * includes this header.
 */
#ifndef ABIDRIFT_ELF_SESSION_H
#define ABIDRIFT_ELF_SESSION_H

#include <elfutils/libdwfl.h>
#include <libelf.h>

#include "elf/elf.h"

/*
 * Check that ELF, read from a file of FILE_SIZE bytes, is structurally sound: header,
 * section table and every section's contents inside the file. Reports against c->path.
 * *HAS_DEBUG tells whether it has DWARF sections (.debug_*, .zdebug_*).
 */
int elf_check(struct corpus *c, Elf *elf, uint64_t file_size, bool *has_debug);

/* Fill c->target, c->file_kind, c->soname_off and the exported symbols. */
int elf_read(struct corpus *c, Elf *elf, struct elf_syms *syms);

void elf_syms_release(struct elf_syms *s);

/* What src/elf/inspect.c tells about a file beyond its header. */
struct elf_facts {
	bool separate_debug; /* a .debug file: code sections NOBITS, DWARF present */
	bool slim_lto;       /* a relocatable object with LTO sections and no code */
	uint32_t altlink;    /* .gnu_debugaltlink file name (string offset), 0 if none */
};

/* Fill F from ELF's sections (c->file_kind already known). 0 or -errno. */
int elf_inspect(struct corpus *c, Elf *elf, struct elf_facts *f);
/* An error (reported) when F says the file cannot describe an interface; else 0. */
int elf_refuse(const struct corpus *c, const struct elf_facts *f);
/*
 * Attach the dwz alternate file that DW's .gnu_debugaltlink names when libdwfl has not:
 * 0 when attached or not needed, -ENOENT when it cannot be found.
 */
int elf_session_attach_alt(struct elf_session *s, Dwarf *dw);
/* The facts of the session's file. */
const struct elf_facts *elf_session_facts(const struct elf_session *s);

/* The libdwfl module of the file. */
Dwfl_Module *elf_session_module(const struct elf_session *s);
/* Whether the file itself has DWARF sections (damage, not stripping, if unreadable). */
bool elf_session_has_debug(const struct elf_session *s);
/*
 * Move the symbols' addresses into the module's address space, where its DWARF
 * addresses are: call once, after the DWARF has been found.
 */
void elf_session_rebase_syms(struct elf_session *s);

#endif
