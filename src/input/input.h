/* SPDX-License-Identifier: MIT */
/*
 * The input door. Every input enters here: a path list and one options struct go in,
 * one or more finalized corpora come out. A table of readers decides how each path is
 * read: a row sniffs either the path's first bytes (ELF, baseline, static archive) or
 * its name (header sets), and reads it into corpora. A new input format is one row.
 *
 * Paths read by name are read together as one set (all the headers in one probe) and
 * may give one corpus per target; paths read by content give one corpus each.
 */
#ifndef ABIDRIFT_INPUT_H
#define ABIDRIFT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "abidrift/abidrift.h"
#include "model/model.h"

/* Everything a read can be told, from the command line or the API, for every reader. */
struct input_opts {
	unsigned int flags; /* ABIDRIFT_READ_* */
	/* read every path by its content: no header sets (the public API, diff) */
	bool content_only;
	/* where libdwfl looks for separate debug info; none: its default search path */
	const char **debug_dirs;
	size_t nr_debug_dirs;
	/* --arch: the targets a header set is compiled for */
	const char **arches;
	size_t nr_arches;
	const char *default_arch; /* for headers without --arch; NULL: --arch required */
	/* header probes: -I DIR, -D NAME[=VALUE], --include FILE, --cc CMD */
	const char **incdirs, **defines, **preludes;
	size_t nr_incdirs, nr_defines, nr_preludes;
	const char *cc;		 /* NULL: gcc for x86_64/i386, clang otherwise */
	unsigned int nr_threads; /* 0 or 1: read on the calling thread, the only way yet */
};

/* What a read gave: corpora in input order, each with what it came from, for reports. */
struct input_set {
	struct corpus **corpora;
	const char **labels; /* owned: the path, or "a.h and 2 more" for a header set */
	size_t nr;
	/*
	 * After a failed input_read(): NULL when the failure was reported (a file that
	 * cannot be read), or a static message about how the inputs were combined (headers
	 * with compiled inputs, --arch without headers, ...) that the caller reports as a
	 * usage error, since only it knows the usage.
	 */
	const char *misuse;
};

/* One row of the reader table. */
struct input_reader {
	const char *name;
	/* sniffs the path's name alone (the file is not opened): a set of such paths is
	 * read together, once per target */
	bool by_name;
	/* Whether this reader takes the input: HEAD holds its first N bytes (N > 0), or
	 * nothing for a by-name row. */
	bool (*sniff)(const unsigned char *head, size_t n, const char *path);
	/* Read PATHS (one, unless by_name) and add their corpora to OUT; 0 or -errno. */
	int (*read)(const char *const *paths, size_t nr_paths, const struct input_opts *o,
		    struct input_set *out);
};

/* How many first bytes the content sniffers see at most. */
#define INPUT_HEAD_BYTES 64

/*
 * Read PATHS into OUT (zeroed by the caller, or released): 0, or -errno after reporting,
 * or -EINVAL with out->misuse set. On failure OUT holds what was read before; release
 * it with input_set_release() in every case.
 */
int input_read(const char *const *paths, size_t nr_paths, const struct input_opts *o,
	       struct input_set *out);
void input_set_release(struct input_set *s);

/* Does PATH name a header (by its name), which the door reads as part of a header set? */
bool input_is_header(const char *path);

/* The reader table, ending with a row whose name is NULL. */
const struct input_reader *input_readers(void);
/*
 * The row that takes PATH: by its name, or else by its first N bytes in HEAD (N may be
 * 0 when the content is not known). NULL when none does.
 */
const struct input_reader *input_sniff(const unsigned char *head, size_t n, const char *path,
				       bool content_only);

/* For the readers: add C, read from LABEL, to S. */
void input_set_add(struct input_set *s, struct corpus *c, const char *label);
/* The ELF reader, also used by the header probes for the objects they compile. */
int input_read_elf(const char *path, const struct input_opts *o, struct corpus **out);

#endif
