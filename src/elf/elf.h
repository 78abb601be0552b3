/* SPDX-License-Identifier: MIT */
/*
 * An ELF session: one ELF file opened for reading. Opening it checks its structure,
 * reads its ELF side into a corpus (target, file kind, SONAME, exported symbols and
 * their versions) and starts a libdwfl session over it, in which a type source (the
 * DWARF reader today) finds the type information, separate debug info included.
 *
 * This header is free of libelf and libdw types, so the input door can drive a session;
 * src/elf/session.h is the side for code that reads through libelf and libdw.
 */
#ifndef ABIDRIFT_ELF_H
#define ABIDRIFT_ELF_H

#include "model/model.h"

struct input_opts;
struct elf_session;

/* Addresses of the symbols added to the corpus, parallel to c->syms (before finalize). */
struct elf_syms {
	uint64_t *addr;
	uint8_t *is_def; /* defined in a section of this file (not common) */
	size_t nr, cap;
};

/*
 * Open the ELF file at PATH for the corpus C (whose path names it in messages): check
 * its structure, fill c->target, c->file_kind, c->soname_off and the exported symbols,
 * then report it to libdwfl, which looks for separate debug info in O's debug-info
 * directories (libdwfl's defaults when there are none). 0 or -errno, reported.
 */
int elf_session_open(struct corpus *c, const char *path, const struct input_opts *o,
		     struct elf_session **out);
/* The symbols' addresses, in the address space of the session's DWARF once rebased. */
const struct elf_syms *elf_session_syms(const struct elf_session *s);
/* End the libdwfl session and free S; NULL is a no-op. */
void elf_session_close(struct elf_session *s);

#endif
