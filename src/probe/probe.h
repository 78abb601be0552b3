/* SPDX-License-Identifier: MIT */
/*
 * Header probes: compile a translation unit that includes the named headers for one
 * target, in a private temporary directory, and read its DWARF.
 */
#ifndef ABIDRIFT_PROBE_H
#define ABIDRIFT_PROBE_H

#include "model/model.h"

struct probe_opts {
	const char *const *headers;  /* paths of the headers to include, in order */
	size_t nr_headers;
	const char *const *incdirs;  /* -I DIR */
	size_t nr_incdirs;
	const char *const *defines;  /* -D NAME[=VALUE] */
	size_t nr_defines;
	const char *const *preludes; /* --include FILE: included before the headers */
	size_t nr_preludes;
	const char *cc;              /* --cc CMD; NULL: gcc for x86_64/i386, clang otherwise */
};

/* Does PATH name a C header (by its name: .h)? */
bool probe_is_header(const char *path);

/*
 * Compile the probe for ARCH (a target name, see data_model_by_arch) and read it into a
 * finalized corpus whose roots are the types declared in the named headers (c->root_files
 * set). Compiler errors are reported with the compiler's own output; the temporary
 * directory is removed in every case.
 */
int probe_read(const struct probe_opts *o, const char *arch, struct corpus **out);

#endif
