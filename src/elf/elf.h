/* SPDX-License-Identifier: MIT */
/* ELF side of a corpus: target, file kind, SONAME, exported symbols and their versions. */
#ifndef ABIDRIFT_ELF_H
#define ABIDRIFT_ELF_H

#include <libelf.h>

#include "model/model.h"

/* Addresses of the symbols added to the corpus, parallel to c->syms (before finalize). */
struct elf_syms {
	uint64_t *addr;
	uint8_t *is_def; /* defined in a section of this file (not common) */
	size_t nr, cap;
};

/*
 * Check that ELF, read from a file of FILE_SIZE bytes, is structurally sound: header,
 * section table and every section's contents inside the file. Reports against c->path.
 * *HAS_DEBUG tells whether it has DWARF sections (.debug_*, .zdebug_*).
 */
int elf_check(struct corpus *c, Elf *elf, uint64_t file_size, bool *has_debug);

/* Fill c->target, c->file_kind, c->soname_off and the exported symbols. */
int elf_read(struct corpus *c, Elf *elf, struct elf_syms *syms);

void elf_syms_release(struct elf_syms *s);

#endif
