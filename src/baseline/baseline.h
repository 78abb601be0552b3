/* SPDX-License-Identifier: MIT */
/*
 * The baseline format: a corpus as canonical JSON, meant to be committed and compared
 * against later builds (man/abidrift-baseline.5 is the specification).
 *
 * Types are keyed by their fingerprints, so a change to one type changes one record,
 * and output depends only on the corpus's content: the same corpus always gives the
 * same bytes. The reader treats its input as untrusted: any malformed document is
 * reported (through pr_error, against the path given) and never crashes.
 *
 * Errors: -EINVAL for a malformed baseline, -EPROTONOSUPPORT for a baseline of another
 * format version, -errno from the system when the file cannot be read, and whatever
 * corpus_finalize() returns when the graph it describes is impossible (a struct that
 * contains itself by value, say).
 */
#ifndef ABIDRIFT_BASELINE_H
#define ABIDRIFT_BASELINE_H

#include <stddef.h>
#include <stdio.h>

#include "model/model.h"

/*
 * Canonical baseline JSON of a finalized corpus to FP; 0 or -errno (-EIO on write error).
 * Write errors are not reported, because only the caller knows the destination's name;
 * content that the format cannot hold (a string that is not UTF-8, a size above 2^63) is
 * reported against c->path.
 */
int baseline_write(const struct corpus *c, FILE *fp);

/* Parse a baseline held in memory; PATH is only used in messages. *out gets a finalized corpus. */
int baseline_read_mem(const char *path, const char *buf, size_t len, struct corpus **out);

/* Read the file at PATH. */
int baseline_read(const char *path, struct corpus **out);

#endif
