/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "cli/inputs.h"
#include "compare/drift.h"
#include "report/report.h"

static const char usage[] =
	"abidrift drift [--format text|json] [--output FILE] INPUT...\n"
	"       abidrift drift [--format text|json] [--output FILE] --arch LIST [-I DIR]\n"
	"                      [-D NAME[=VALUE]] [--include FILE] [--cc CMD] HEADER...";

struct drift_out {
	const struct drift_result *r;
	const char *const *labels;
	bool json;
};

static int write_report(const void *ctx, FILE *fp)
{
	const struct drift_out *o = ctx;

	return o->json ? report_drift_json(o->r, o->labels, fp) :
			 report_drift_text(o->r, o->labels, fp);
}

int cmd_drift(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PROBE_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_inputs in = { 0 };
	struct drift_result r;
	const char *output = NULL;
	bool json = false;
	int opt, status = EXIT_ERROR, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":f:o:hI:D:", opts, NULL)) != -1) {
		int used = cli_inputs_option(&in, opt, optarg, usage);

		if (used < 0) {
			status = -used;
			goto out;
		}
		if (used)
			continue;
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				status = cli_usage(usage, "unknown format '%s' (text or json)", optarg);
				goto out;
			}
			json = !strcmp(optarg, "json");
			break;
		case 'o':
			output = optarg;
			break;
		default: /* --help, a missing value, an unknown option */
			status = cli_option_end(opt, argv, usage);
			goto out;
		}
	}
	if (optind >= argc) {
		status = cli_usage(usage, "no input given");
		goto out;
	}
	err = cli_inputs_load(&in, argv + optind, (size_t)(argc - optind), usage);
	if (err) {
		status = err < 0 ? -err : err;
		goto out;
	}
	if (in.nr < 2) {
		status = cli_usage(usage, "drift compares two or more targets: give inputs for "
				   "several targets, or headers with --arch naming two or more");
		goto out;
	}
	/* one input per target: two builds of one target are what diff compares */
	for (size_t i = 0; i < in.nr; i++)
		for (size_t j = i + 1; j < in.nr; j++)
			if (!strcmp(in.corpora[i]->target.arch, in.corpora[j]->target.arch)) {
				cli_error("%s and %s are both %s: drift compares targets; compare two "
					  "versions of one target with 'abidrift diff'",
					  in.labels[i], in.labels[j], in.corpora[i]->target.arch);
				goto out;
			}
	drift_compare((const struct corpus *const *)in.corpora, in.nr, &r);
	{
		struct drift_out o = { &r, in.labels, json };

		err = cli_write(output, write_report, &o);
	}
	status = err ? EXIT_ERROR : r.nr_types ? EXIT_CHANGE | EXIT_BREAKING : EXIT_OK;
	drift_result_release(&r);
out:
	cli_inputs_release(&in);
	return status;
}
