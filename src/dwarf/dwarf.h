/* SPDX-License-Identifier: MIT */
/*
 * DWARF -> model: the DWARF type source of an ELF input. It reads the DWARF that an ELF
 * session finds (in the file, or in separate debug info) into the session's corpus, then
 * links the corpus's symbols to the functions and variables it declares.
 */
#ifndef ABIDRIFT_DWARF_H
#define ABIDRIFT_DWARF_H

#include "elf/elf.h"
#include "model/model.h"

struct dwarf_reader;

/*
 * Read the DWARF of session S into C (not finalized): every type of a relocatable
 * object, else the declarations that symbols may link to. A file without DWARF is an
 * error, unless FLAGS has ABIDRIFT_READ_ALLOW_NO_DWARF: then c->no_debug_info is set
 * and *out is NULL. Otherwise *out is the reader, to link symbols with and free.
 */
int dwarf_read(struct corpus *c, struct elf_session *s, unsigned int flags,
	       struct dwarf_reader **out);
/* Give each symbol of C its type: the DWARF function or variable it names. */
int dwarf_link_symbols(struct dwarf_reader *r, const struct elf_syms *syms);
/* NULL is a no-op. */
void dwarf_reader_free(struct dwarf_reader *r);

#endif
