/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "cli/inputs.h"
#include "compare/drift.h"
#include "layout/layout.h"
#include "report/report.h"

static const char usage[] =
	"abidrift lint [--target LIST] [--rules LIST] [--types REGEX] [--format text|json]\n"
	"                     [--output FILE] INPUT...\n"
	"       (headers: [--arch LIST] [-I DIR] [-D NAME[=VALUE]] [--include FILE] [--cc CMD])";

static const char default_targets[] = "i386,x86_64,arm,aarch64";

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "rules", required_argument, NULL, 'r' },
		{ "types", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PROBE_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_inputs in = { .default_arch = "x86_64" };
	struct lint_opts lo = { 0 };
	regex_t types_re;
	bool have_re = false, json = false, rules_given = false;
	char *targets = NULL;
	const char **tv = NULL;
	const char *output = NULL;
	struct atomic_file af = { 0 };
	FILE *fp = stdout;
	size_t total = 0;
	int opt, status = EXIT_ERROR, err = 0;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":t:r:f:o:hI:D:", opts, NULL)) != -1) {
		int used = cli_inputs_option(&in, opt, optarg, usage);

		if (used < 0) {
			status = -used;
			goto out;
		}
		if (used)
			continue;
		switch (opt) {
		case 't':
			free(targets);
			targets = xstrdup(optarg);
			break;
		case 'r':
			rules_given = true;
			for (char *tok = strtok(optarg, ","); tok; tok = strtok(NULL, ",")) {
				int r = lint_rule_from_name(tok);

				if (r < 0) {
					status = cli_usage(usage, "unknown rule '%s' (implicit-padding, "
							   "arch-dependent-type, misaligned-int64, "
							   "layout-differs)", tok);
					goto out;
				}
				lo.rules[r] = true;
			}
			break;
		case 'T':
			if (have_re)
				regfree(&types_re);
			if ((err = regcomp(&types_re, optarg, REG_EXTENDED | REG_NOSUB))) {
				char msg[256];

				regerror(err, &types_re, msg, sizeof(msg));
				status = cli_usage(usage, "--types '%s': %s", optarg, msg);
				goto out;
			}
			have_re = true;
			break;
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
	if (!rules_given)
		for (int r = 0; r < NR_RULES; r++)
			lo.rules[r] = true;
	if (!targets)
		targets = xstrdup(default_targets);
	for (char *tok = strtok(targets, ","); tok; tok = strtok(NULL, ",")) {
		struct data_model dm;

		if (data_model_by_arch(tok, &dm) < 0) {
			status = cli_unknown_target(usage, tok);
			goto out;
		}
		tv = xrealloc(tv, (lo.nr_targets + 1) * sizeof(*tv));
		tv[lo.nr_targets++] = tok;
	}
	lo.targets = tv;
	lo.types = have_re ? &types_re : NULL;
	if (optind >= argc) {
		status = cli_usage(usage, "no input given");
		goto out;
	}
	err = cli_inputs_load(&in, argv + optind, (size_t)(argc - optind), usage);
	if (err) {
		status = err < 0 ? -err : err;
		goto out;
	}
	if (output && atomic_file_open(&af, output) < 0)
		goto out;
	if (output)
		fp = af.fp;
	{
		struct lint_result *res = xcalloc(in.nr, sizeof(*res));
		const char **arches = xcalloc(in.nr, sizeof(*arches));
		size_t done = 0;

		for (; done < in.nr && !err; done++) {
			err = lint_corpus(in.corpora[done], &lo, &res[done]);
			arches[done] = in.corpora[done]->target.arch;
			total += res[done].nr;
		}
		if (!err) {
			errno = 0;
			if (json && in.nr > 1)
				err = report_lint_json_many(res, in.labels, arches, in.nr, fp);
			for (size_t i = 0; i < in.nr && !err && !(json && in.nr > 1); i++)
				err = json ? report_lint_json(&res[i], in.labels[i], arches[i], fp) :
					     report_lint_text(&res[i], in.labels[i], arches[i], fp);
			if (err)
				cli_error("%s: cannot write: %s", output ? output : "standard output",
					  strerror(errno ? errno : EIO));
		}
		for (size_t i = 0; i < done; i++)
			lint_result_release(&res[i]);
		free(res);
		free(arches);
	}
	if (output) {
		if (err)
			atomic_file_abort(&af);
		else
			err = atomic_file_commit(&af);
	}
	status = err ? EXIT_ERROR : total ? EXIT_CHANGE | EXIT_BREAKING : EXIT_OK;
out:
	if (have_re)
		regfree(&types_re);
	free(targets);
	free(tv);
	cli_inputs_release(&in);
	return status;
}
