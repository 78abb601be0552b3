/* SPDX-License-Identifier: MIT */
/* ELF + DWARF -> corpus, through libdwfl and libdw. */
#ifndef ABIDRIFT_DWARF_H
#define ABIDRIFT_DWARF_H

#include "model/model.h"

/*
 * Read the ELF file at PATH (already known to start with the ELF magic; FILE_SIZE is its
 * size) with its DWARF into a finalized corpus. Relocatable objects contribute every
 * type and their global symbols; shared objects and executables the types reachable
 * from their exported symbols. FLAGS: ABIDRIFT_READ_* from abidrift.h.
 */
int dwarf_read_elf(const char *path, uint64_t file_size, unsigned int flags,
		   struct corpus **out);

#endif
