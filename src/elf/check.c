/* SPDX-License-Identifier: MIT */
/*
 * The structural check of an ELF file, done with plain libelf before libdwfl trusts it:
 * header, section table and every section's contents inside the file. A damaged or
 * truncated file is reported here, in words, rather than read on by libdw.
 */
#include <errno.h>
#include <gelf.h>
#include <string.h>

#include "elf/session.h"

int elf_check(struct corpus *c, Elf *elf, uint64_t file_size, bool *has_debug)
{
	GElf_Ehdr ehdr;
	size_t shnum, shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_kind(elf) == ELF_K_AR)
		return pr_error(EINVAL,
				"%s: is a static archive; extract its members (ar x) and pass the "
				"objects, or link them into a shared object",
				c->path);
	if (elf_kind(elf) != ELF_K_ELF)
		return pr_error(EINVAL, "%s: not an ELF file or an abidrift baseline", c->path);
	if (!gelf_getehdr(elf, &ehdr))
		return pr_error(EINVAL, "%s: truncated or corrupt ELF header: %s", c->path,
				elf_errmsg(-1));
	/* The header's own claims first: libelf reads tables lazily and may say nothing. */
	if (ehdr.e_shoff && (ehdr.e_shoff >= file_size ||
			     (uint64_t)ehdr.e_shnum * ehdr.e_shentsize > file_size - ehdr.e_shoff))
		return pr_error(EINVAL,
				"%s: truncated ELF: the section header table (offset %llu) lies past "
				"the end of the file (%llu bytes); the file is damaged or incomplete",
				c->path, (unsigned long long)ehdr.e_shoff, (unsigned long long)file_size);
	if (ehdr.e_phoff && (ehdr.e_phoff >= file_size ||
			     (uint64_t)ehdr.e_phnum * ehdr.e_phentsize > file_size - ehdr.e_phoff))
		return pr_error(EINVAL,
				"%s: truncated ELF: the program header table (offset %llu) lies past "
				"the end of the file (%llu bytes); the file is damaged or incomplete",
				c->path, (unsigned long long)ehdr.e_phoff, (unsigned long long)file_size);
	if (!ehdr.e_shoff)
		return pr_error(EINVAL, "%s: ELF file without section headers: nothing to read",
				c->path);
	*has_debug = false;
	if (elf_getshdrnum(elf, &shnum) != 0 || elf_getshdrstrndx(elf, &shstrndx) != 0)
		return pr_error(EINVAL, "%s: truncated or corrupt ELF section table: %s", c->path,
				elf_errmsg(-1));
	if (ehdr.e_shoff && !shnum)
		return pr_error(EINVAL,
				"%s: corrupt ELF: the header points at a section table, which holds no "
				"readable section",
				c->path);
	if (ehdr.e_shoff && ehdr.e_shentsize != (ehdr.e_ident[EI_CLASS] == ELFCLASS64 ?
							 sizeof(Elf64_Shdr) :
							 sizeof(Elf32_Shdr)))
		return pr_error(EINVAL, "%s: corrupt ELF: section header entries of %u bytes", c->path,
				ehdr.e_shentsize);
	if (shnum && shstrndx >= shnum)
		return pr_error(EINVAL,
				"%s: corrupt ELF: the section name table is section %zu of %zu",
				c->path, shstrndx, shnum);
	if (shnum && (ehdr.e_shoff >= file_size ||
		      (file_size - ehdr.e_shoff) / (ehdr.e_shentsize ? ehdr.e_shentsize : 1) < shnum))
		return pr_error(EINVAL,
				"%s: truncated ELF: the section table (%zu entries at offset %llu) "
				"ends past the end of the file (%llu bytes)",
				c->path, shnum, (unsigned long long)ehdr.e_shoff,
				(unsigned long long)file_size);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;

		if (!gelf_getshdr(scn, &shdr))
			return pr_error(EINVAL, "%s: corrupt ELF section header %zu: %s", c->path,
					elf_ndxscn(scn), elf_errmsg(-1));
		{
			const char *name = elf_strptr(elf, shstrndx, shdr.sh_name);

			if (name && (!strncmp(name, ".debug_", 7) || !strncmp(name, ".zdebug_", 8)))
				*has_debug = true;
		}
		if (shdr.sh_type == SHT_NOBITS || shdr.sh_type == SHT_NULL)
			continue;
		if (shdr.sh_offset > file_size || shdr.sh_size > file_size - shdr.sh_offset) {
			const char *name = elf_strptr(elf, shstrndx, shdr.sh_name);

			return pr_error(EINVAL,
					"%s: truncated or corrupt ELF: section %zu (%s) ends past the "
					"end of the file",
					c->path, elf_ndxscn(scn), name ? name : "?");
		}
	}
	return 0;
}
