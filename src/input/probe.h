/* SPDX-License-Identifier: MIT */
/*
 * Header probes: compile a translation unit that includes the named headers for one
 * target, in a private temporary directory, and read its DWARF.
 */
#ifndef ABIDRIFT_INPUT_PROBE_H
#define ABIDRIFT_INPUT_PROBE_H

#include "input/input.h"
#include "model/model.h"

/* Does PATH name a C header (by its name: .h)? */
bool probe_is_header(const char *path);

/*
 * Compile the probe of HEADERS (paths, included in order after O's --include files, with
 * O's -I, -D and --cc) for ARCH (a target name, see data_model_by_arch) and read it into a
 * finalized corpus whose roots are the types declared in the named headers (c->root_files
 * set). Compiler errors are reported with the compiler's own output; the temporary
 * directory is removed in every case.
 */
int probe_read(const char *const *headers, size_t nr_headers, const struct input_opts *o,
	       const char *arch, struct corpus **out);

#endif
