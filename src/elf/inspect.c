/* SPDX-License-Identifier: MIT */
/*
 * What kind of ELF file this is, beyond its header: inputs that look like a library or an
 * object but cannot describe an interface (a separate debug file given on its own, a slim
 * LTO object) are refused here, before any DWARF is read, with what to give instead. Also
 * notes what the DWARF reader needs to explain itself later (a dwz alternate file).
 */
#include "elf/session.h"

#include <errno.h>
#include <gelf.h>
#include <string.h>

static const char *section_name(Elf *elf, size_t shstrndx, const GElf_Shdr *sh)
{
	const char *name = elf_strptr(elf, shstrndx, sh->sh_name);

	return name ? name : "";
}

int elf_inspect(struct corpus *c, Elf *elf, struct elf_facts *f)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	bool has_debug_info = false, has_code = false, has_nobits_code = false;
	bool lto_sections = false, fat_code = false;

	memset(f, 0, sizeof(*f));
	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return 0; /* elf_check has said what is wrong with the section table */
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = section_name(elf, shstrndx, &sh);
		if (!strcmp(name, ".debug_info") || !strcmp(name, ".zdebug_info"))
			has_debug_info = true;
		if (!strncmp(name, ".gnu.lto_", 9) || !strncmp(name, ".gnu.debuglto_", 14))
			lto_sections = true;
		if ((sh.sh_flags & SHF_EXECINSTR) && (sh.sh_flags & SHF_ALLOC)) {
			if (sh.sh_type == SHT_NOBITS)
				has_nobits_code = true;
			else if (sh.sh_size)
				has_code = fat_code = true;
		}
		if (!strcmp(name, ".gnu_debugaltlink") && sh.sh_type != SHT_NOBITS) {
			Elf_Data *d = elf_getdata(scn, NULL);

			/* the file name, NUL-terminated, then the alternate file's build id */
			if (d && d->d_buf && d->d_size && memchr(d->d_buf, 0, d->d_size))
				f->altlink = corpus_str(c, d->d_buf);
		}
	}
	/*
	 * A separate debug file (objcopy --only-keep-debug, or a -dbg package's
	 * .build-id/xx/....debug) keeps the section headers of the code but not the code:
	 * SHT_NOBITS where the binary has its instructions.
	 */
	f->separate_debug = c->file_kind != FILE_RELOCATABLE && has_debug_info &&
			    has_nobits_code && !has_code;
	/* gcc's slim LTO objects carry GIMPLE and a marker symbol, no machine code */
	f->slim_lto = c->file_kind == FILE_RELOCATABLE && lto_sections && !fat_code;
	return 0;
}

int elf_refuse(const struct corpus *c, const struct elf_facts *f)
{
	if (f->separate_debug)
		return pr_error(EINVAL,
				"%s: is a separate debug file (its code sections are empty, and "
				"its symbols are not the exported ones): give the stripped "
				"binary it belongs to, with --debug-dir DIR naming the directory "
				"that holds this file in a .build-id tree or by its "
				".gnu_debuglink name",
				c->path);
	if (f->slim_lto)
		return pr_error(EINVAL,
				"%s: is a slim LTO object (built with -flto and no "
				"-ffat-lto-objects): it holds compiler intermediate code, not "
				"machine code and DWARF; compare the linked output (the shared "
				"library or program), or build with -ffat-lto-objects",
				c->path);
	return 0;
}
