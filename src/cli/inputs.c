/* SPDX-License-Identifier: MIT */
/*
 * Inputs for the commands: the probe options (--arch, -I, -D, --include, --cc) into the
 * input door's options, and every input read through the door into corpora (one per
 * target for headers: all headers together in one probe per --arch target).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/inputs.h"
#include "layout/layout.h"
#include "util/util.h"

static void push(const char ***v, size_t *nr, const char *s)
{
	*v = xrealloc(*v, (*nr + 1) * sizeof(**v));
	(*v)[(*nr)++] = s;
}

int cli_inputs_option(struct cli_inputs *in, int opt, char *arg, const char *usage)
{
	switch (opt) {
	case 'I':
		push(&in->opts.incdirs, &in->opts.nr_incdirs, arg);
		return 1;
	case 'D':
		push(&in->opts.defines, &in->opts.nr_defines, arg);
		return 1;
	case OPT_INCLUDE:
		push(&in->opts.preludes, &in->opts.nr_preludes, arg);
		return 1;
	case OPT_CC:
		in->opts.cc = arg;
		return 1;
	case OPT_ARCH:
		for (char *tok = strtok(arg, ","); tok; tok = strtok(NULL, ",")) {
			struct data_model dm;

			if (data_model_by_arch(tok, &dm) < 0)
				return -cli_unknown_target(usage, tok);
			for (size_t i = 0; i < in->opts.nr_arches; i++)
				if (!strcmp(in->opts.arches[i], tok))
					goto dup;
			push(&in->opts.arches, &in->opts.nr_arches, tok);
dup:;
		}
		return 1;
	default:
		return 0;
	}
}

int cli_inputs_load(struct cli_inputs *in, char **paths, size_t n, const char *usage)
{
	struct input_set set = { 0 };
	int err;

	in->opts.default_arch = in->default_arch;
	err = input_read((const char *const *)paths, n, &in->opts, &set);
	/* what was read before a failure is released with the rest */
	in->corpora = set.corpora;
	in->labels = set.labels;
	in->nr = set.nr;
	if (err && set.misuse)
		return -cli_usage(usage, "%s", set.misuse);
	return err ? EXIT_ERROR : 0;
}

void cli_inputs_release(struct cli_inputs *in)
{
	struct input_set set = { .corpora = in->corpora, .labels = in->labels, .nr = in->nr };

	input_set_release(&set);
	free(in->opts.incdirs);
	free(in->opts.defines);
	free(in->opts.preludes);
	free(in->opts.arches);
	memset(in, 0, sizeof(*in));
}
