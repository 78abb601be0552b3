/* SPDX-License-Identifier: MIT */
/*
 * Inputs for commands that accept C headers as well as ELF files and baselines: the
 * probe options (--arch, -I, -D, --include, --cc), and loading every input into a corpus
 * (one per target for headers: all headers together in one probe per --arch target).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/inputs.h"
#include "layout/layout.h"

static void push(const char ***v, size_t *nr, const char *s)
{
	*v = xrealloc(*v, (*nr + 1) * sizeof(**v));
	(*v)[(*nr)++] = s;
}

int cli_inputs_option(struct cli_inputs *in, int opt, char *arg, const char *usage)
{
	switch (opt) {
	case 'I':
		push(&in->incdirs, &in->nr_incdirs, arg);
		return 1;
	case 'D':
		push(&in->defines, &in->nr_defines, arg);
		return 1;
	case OPT_INCLUDE:
		push(&in->preludes, &in->nr_preludes, arg);
		return 1;
	case OPT_CC:
		in->cc = arg;
		return 1;
	case OPT_ARCH:
		for (char *tok = strtok(arg, ","); tok; tok = strtok(NULL, ",")) {
			struct data_model dm;

			if (data_model_by_arch(tok, &dm) < 0)
				return -cli_unknown_target(usage, tok);
			for (size_t i = 0; i < in->nr_arches; i++)
				if (!strcmp(in->arches[i], tok))
					goto dup;
			push(&in->arches, &in->nr_arches, tok);
dup:;
		}
		return 1;
	default:
		return 0;
	}
}

int cli_inputs_load(struct cli_inputs *in, char **paths, size_t n, const char *usage)
{
	size_t nr_headers = 0;

	for (size_t i = 0; i < n; i++)
		nr_headers += probe_is_header(paths[i]);
	if (nr_headers && nr_headers != n)
		return -cli_usage(usage, "give C headers or compiled inputs (ELF files, baselines), "
				  "not both");
	if (nr_headers) {
		struct probe_opts po = {
			.headers = (const char *const *)paths, .nr_headers = n,
			.incdirs = in->incdirs, .nr_incdirs = in->nr_incdirs,
			.defines = in->defines, .nr_defines = in->nr_defines,
			.preludes = in->preludes, .nr_preludes = in->nr_preludes,
			.cc = in->cc,
		};

		if (n > 1) {
			free(in->headers_label);
			in->headers_label = xmalloc(strlen(paths[0]) + 32);
			sprintf(in->headers_label, "%s and %zu more", paths[0], n - 1);
		}
		if (!in->nr_arches) {
			if (!in->default_arch)
				return -cli_usage(usage, "headers need --arch LIST: the targets to "
						  "compile them for");
			push(&in->arches, &in->nr_arches, in->default_arch);
		}
		for (size_t a = 0; a < in->nr_arches; a++) {
			struct corpus *c;

			if (probe_read(&po, in->arches[a], &c) < 0)
				return EXIT_ERROR;
			in->corpora = xrealloc(in->corpora, (in->nr + 1) * sizeof(*in->corpora));
			in->labels = xrealloc(in->labels, (in->nr + 1) * sizeof(*in->labels));
			in->corpora[in->nr] = c;
			/* the reports name the target themselves */
			in->labels[in->nr] = n > 1 ? in->headers_label : paths[0];
			in->nr++;
		}
		return 0;
	}
	if (in->nr_arches)
		return -cli_usage(usage, "--arch applies to C headers; these inputs are compiled "
				  "already");
	for (size_t i = 0; i < n; i++) {
		struct abidrift_corpus *ac;

		if (abidrift_corpus__read(paths[i], &ac) < 0)
			return EXIT_ERROR;
		in->corpora = xrealloc(in->corpora, (in->nr + 1) * sizeof(*in->corpora));
		in->labels = xrealloc(in->labels, (in->nr + 1) * sizeof(*in->labels));
		in->corpora[in->nr] = (struct corpus *)ac;
		in->labels[in->nr] = paths[i];
		in->nr++;
	}
	return 0;
}

void cli_inputs_release(struct cli_inputs *in)
{
	for (size_t i = 0; i < in->nr; i++)
		corpus_free(in->corpora[i]);
	free(in->corpora);
	free(in->labels);
	free(in->incdirs);
	free(in->defines);
	free(in->preludes);
	free(in->arches);
	free(in->headers_label);
	memset(in, 0, sizeof(*in));
}
