/* SPDX-License-Identifier: MIT */
/*
 * The DWARF type source: finding the DWARF of an ELF session (telling a stripped file
 * from a damaged one), the reader's life cycle, and a read in order: unit lengths, the
 * unit walk, then the types that symbols need when they are linked.
 */
#include "dwarf/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elf/session.h"

void dwarf_reader_free(struct dwarf_reader *r)
{
	if (!r)
		return;
	free(r->queue);
	free(r->decls);
	free(r->files);
	hashmap_release(&r->die_ids);
	hashmap_release(&r->cu_index);
	hashmap_release(&r->files_cu);
	free(r);
}

/* The session's DWARF, or an error saying why there is none. */
static int find_dwarf(struct dwarf_reader *r, struct elf_session *s, unsigned int flags)
{
	const char *path = r->c->path;
	int err;

	r->dw = dwfl_module_getdwarf(elf_session_module(s), &r->dw_bias);
	if (!r->dw && elf_session_has_debug(s)) {
		/*
		 * The sections are there: damage, not a stripped file; or a machine elfutils
		 * has no backend for, whose relocations it cannot apply.
		 */
		if (r->c->target.machine == EM_MIPS)
			return pr_error(EINVAL,
					"%s: its DWARF cannot be read: elfutils %s does not support "
					"MIPS debug sections (SHT_MIPS_DWARF) and their relocations; "
					"the file is not damaged, but abidrift cannot read MIPS objects "
					"with this elfutils",
					path, dwfl_version(NULL));
		if (!strncmp(r->c->target.arch, "em", 2))
			return pr_error(
				EINVAL,
				"%s: its DWARF cannot be read: ELF machine %u is one elfutils "
				"does not support (%s)",
				path, r->c->target.machine, dwfl_errmsg(-1));
		return pr_error(EINVAL, "%s: its DWARF cannot be read: %s (the file is damaged)",
				path, dwfl_errmsg(-1));
	}
	if (!r->dw && (flags & ABIDRIFT_READ_ALLOW_NO_DWARF)) {
		r->c->no_debug_info = true;
		return 0;
	}
	if (!r->dw)
		return pr_error(ENODATA,
				"%s: no DWARF debug info: the file looks stripped; rebuild it with "
				"-g, or install its separate debug info (found by build-id or "
				".gnu_debuglink)",
				path);
	err = elf_session_attach_alt(s, r->dw);
	if (err == -EINVAL)
		return pr_error(EINVAL,
				"%s: its DWARF was processed by dwz and refers to an alternate "
				"file, '%s' (.gnu_debugaltlink), that libdw cannot read (%s); a "
				"dwz file that holds only strings has no units, which elfutils "
				"0.188 refuses: rebuild without dwz -m",
				path, corpus_name(r->c, elf_session_facts(s)->altlink),
				dwarf_errmsg(-1));
	if (err < 0)
		return pr_error(ENOENT,
				"%s: its DWARF was processed by dwz and refers to types in an "
				"alternate file, '%s' (.gnu_debugaltlink), that was not found; put "
				"that file where the link says (relative to this file's directory), "
				"or give its directory with --debug-dir",
				path, corpus_name(r->c, elf_session_facts(s)->altlink));
	/* Symbol values and DWARF addresses in the module's address space. */
	elf_session_rebase_syms(s);
	return 0;
}

int dwarf_read(struct corpus *c, struct elf_session *s, unsigned int flags,
	       struct dwarf_reader **out)
{
	struct dwarf_reader *r = xcalloc(1, sizeof(*r));
	int err;

	*out = NULL;
	r->c = c;
	hashmap_init(&r->die_ids);
	hashmap_init(&r->cu_index);
	hashmap_init(&r->files_cu);
	err = find_dwarf(r, s, flags);
	if (err || !r->dw) {
		dwarf_reader_free(r);
		return err;
	}
	err = reader_check_unit_lengths(r);
	if (!err)
		err = reader_walk_units(r, c->file_kind == FILE_RELOCATABLE);
	if (!err && !c->stats.nr_cus)
		err = pr_error(
			ENODATA,
			"%s: no DWARF compilation units: the file looks stripped; rebuild it "
			"with -g, or install its separate debug info",
			c->path);
	if (err) {
		dwarf_reader_free(r);
		return err;
	}
	*out = r;
	return 0;
}

int dwarf_link_symbols(struct dwarf_reader *r, const struct elf_syms *syms)
{
	return reader_link_symbols(r, syms);
}
