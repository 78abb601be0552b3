/* SPDX-License-Identifier: MIT */
/*
 * The ELF reader: an ELF input is an ELF session (structural check, symbols and their
 * versions, libdwfl), a type source that fills the corpus's type graph (DWARF today;
 * BTF will be a second one, tried the same way), the symbols linked to their types, and
 * the corpus finalized once the session is closed.
 */
#include <errno.h>

#include "dwarf/dwarf.h"
#include "elf/elf.h"
#include "input/input.h"

int input_read_elf(const char *path, const struct input_opts *o, struct corpus **out)
{
	struct corpus *c = corpus_new(path);
	struct elf_session *s = NULL;
	struct dwarf_reader *dr = NULL;
	int err;

	*out = NULL;
	err = elf_session_open(c, path, o, &s);
	if (!err)
		err = dwarf_read(c, s, o->flags, &dr);
	/* no reader and no error: a file without DWARF, read for its symbols alone */
	if (!err && dr)
		err = dwarf_link_symbols(dr, elf_session_syms(s));
	if (!err && dr && c->nr_types == 1 && c->nr_syms == 0 && c->file_kind == FILE_RELOCATABLE)
		pr_warn("%s: no types and no global symbols", path);
	dwarf_reader_free(dr);
	elf_session_close(s);
	if (!err)
		err = corpus_finalize(c);
	if (err) {
		corpus_free(c);
		return err;
	}
	*out = c;
	return 0;
}
