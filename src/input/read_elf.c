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
	if (!err && !c->nr_syms && c->file_kind == FILE_EXECUTABLE)
		err = pr_error(ENODATA,
			       "%s: no exported interface: a program's dynamic symbol table "
			       "exports nothing (PIE and static executables), so it has no ABI "
			       "of its own; compare the shared libraries or objects it is built "
			       "from, or link it with -rdynamic to export its symbols",
			       path);
	else if (!err && !c->nr_syms && c->file_kind == FILE_SHARED)
		err = pr_error(ENODATA,
			       "%s: no exported interface: the library's dynamic symbol table has "
			       "no global or weak symbol of default or protected visibility (all "
			       "are hidden or local); that table is what counts as a library's "
			       "interface",
			       path);
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
