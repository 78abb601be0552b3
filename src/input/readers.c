/* SPDX-License-Identifier: MIT */
/*
 * The reader table: one row per input format, each a sniffer and a read. ELF objects,
 * baselines and static archives are told apart by their first bytes; header sets by
 * their names. A static archive is a row too, whose read explains what to do instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline.h"
#include "input/input.h"
#include "input/probe.h"

static bool sniff_elf(const unsigned char *head, size_t n, const char *path)
{
	return n >= 4 && memcmp(head, "\177ELF", 4) == 0;
}

static int read_elf(const char *const *paths, size_t nr_paths, const struct input_opts *o,
		    struct input_set *out)
{
	struct corpus *c;
	int err = input_read_elf(paths[0], o, &c);

	if (!err)
		input_set_add(out, c, paths[0]);
	return err;
}

/* A baseline is JSON: an object, after optional white space or a BOM. */
static bool sniff_baseline(const unsigned char *head, size_t n, const char *path)
{
	size_t i = 0;

	if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
		i = 3;
	while (i < n && strchr(" \t\r\n", head[i]))
		i++;
	return i < n && head[i] == '{';
}

static int read_baseline(const char *const *paths, size_t nr_paths, const struct input_opts *o,
			 struct input_set *out)
{
	struct corpus *c;
	int err = baseline_read(paths[0], &c);

	if (!err)
		input_set_add(out, c, paths[0]);
	return err;
}

static bool sniff_archive(const unsigned char *head, size_t n, const char *path)
{
	return n >= 8 && memcmp(head, "!<arch>\n", 8) == 0;
}

static int read_archive(const char *const *paths, size_t nr_paths, const struct input_opts *o,
			struct input_set *out)
{
	return pr_error(EINVAL,
			"%s: is a static archive; extract its members (ar x) and pass the objects",
			paths[0]);
}

static bool sniff_header(const unsigned char *head, size_t n, const char *path)
{
	return probe_is_header(path);
}

/* All the headers in one probe per target: one corpus per target. */
static int read_headers(const char *const *paths, size_t nr_paths, const struct input_opts *o,
			struct input_set *out)
{
	const char *const *arches = o->arches;
	size_t nr_arches = o->nr_arches;
	char *label = NULL;
	int err = 0;

	if (!nr_arches) {
		if (!o->default_arch) {
			out->misuse = "headers need --arch LIST: the targets to compile them for";
			return -EINVAL;
		}
		arches = &o->default_arch;
		nr_arches = 1;
	}
	if (nr_paths > 1) {
		label = xmalloc(strlen(paths[0]) + 32);
		sprintf(label, "%s and %zu more", paths[0], nr_paths - 1);
	}
	for (size_t a = 0; a < nr_arches && !err; a++) {
		struct corpus *c;

		err = probe_read(paths, nr_paths, o, arches[a], &c);
		/* the reports name the target themselves */
		if (!err)
			input_set_add(out, c, label ? label : paths[0]);
	}
	free(label);
	return err;
}

static const struct input_reader readers[] = {
	{ "elf", false, sniff_elf, read_elf },
	{ "baseline", false, sniff_baseline, read_baseline },
	{ "archive", false, sniff_archive, read_archive },
	{ "headers", true, sniff_header, read_headers },
	{ NULL, false, NULL, NULL },
};

const struct input_reader *input_readers(void)
{
	return readers;
}
