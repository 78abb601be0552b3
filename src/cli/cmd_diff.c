/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/inputs.h"
#include "compare/diff.h"
#include "compare/suppress.h"
#include "report/report.h"

static const char usage[] =
	"abidrift diff [--format text|json] [--output FILE] [--symbols-only]\n"
	"                     [--suppressions FILE]... [--headers-dir DIR]... OLD NEW";

/* Exit status bits, compatible with libabigail's abidiff. */
static int status_of(enum severity v)
{
	switch (v) {
	case SEV_BREAKING: return EXIT_CHANGE | EXIT_BREAKING;
	case SEV_COMPATIBLE: return EXIT_CHANGE;
	case SEV_NONE: break;
	}
	return EXIT_OK;
}

static bool use_color(FILE *fp)
{
	const char *nc = getenv("NO_COLOR");

	return fp == stdout && isatty(STDOUT_FILENO) && !(nc && *nc);
}

static int write_text(const void *ctx, FILE *fp)
{
	return report_diff_text(ctx, fp);
}

static int write_json(const void *ctx, FILE *fp)
{
	return report_diff_json(ctx, fp);
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "symbols-only", no_argument, NULL, 'S' },
		{ "suppressions", required_argument, NULL, 's' },
		{ "headers-dir", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *output = NULL;
	const char **supp_files = NULL, **headers = NULL;
	size_t nr_supp = 0, nr_headers = 0, cap_s = 0, cap_h = 0;
	struct diff_opts dopts = { 0 };
	struct cli_inputs in = { 0 };
	const struct corpus *c[2];
	struct suppressions *supp = NULL;
	struct diff d;
	struct diff_report r = { 0 };
	const char **exp_rules = NULL, **exp_dates = NULL;
	int opt, status = EXIT_ERROR, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":f:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			format = optarg;
			if (strcmp(format, "text") && strcmp(format, "json")) {
				status = cli_usage(usage, "unknown format '%s' (text or json)", format);
				goto out;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'S':
			dopts.symbols_only = true;
			break;
		case 's':
			ARRAY_GROW(supp_files, cap_s, nr_supp + 1);
			supp_files[nr_supp++] = optarg;
			break;
		case 'H':
			ARRAY_GROW(headers, cap_h, nr_headers + 2);
			headers[nr_headers++] = optarg;
			headers[nr_headers] = NULL;
			break;
		default: /* --help, a missing value, an unknown option */
			status = cli_option_end(opt, argv, usage);
			goto out;
		}
	}
	if (argc - optind != 2) {
		status = cli_usage(usage, argc - optind < 2 ? "give OLD and NEW" : "too many inputs");
		goto out;
	}
	dopts.headers_dirs = headers;

	/* two files read by their content, either may lack DWARF (checked below) */
	in.opts.flags = ABIDRIFT_READ_ALLOW_NO_DWARF;
	in.opts.content_only = true;
	if (cli_inputs_load(&in, argv + optind, 2, usage))
		goto out;
	c[0] = in.corpora[0];
	c[1] = in.corpora[1];
	/* Fail closed: no "no change" from missing evidence. */
	for (int i = 0; i < 2 && !dopts.symbols_only; i++) {
		if (c[i]->no_debug_info) {
			cli_error("%s: %s has no DWARF debug info (stripped?), so its types cannot "
				  "be compared%s; rebuild it with -g or install its debug info, or "
				  "pass --symbols-only to compare symbols alone",
				  argv[optind + i], i ? "NEW" : "OLD",
				  c[!i]->no_debug_info ? "" : " with the other side's");
			goto out;
		}
	}
	if (nr_supp) {
		long today = suppressions_today();

		for (size_t i = 0; i < nr_supp; i++)
			if (suppressions_load(&supp, supp_files[i], today) < 0)
				goto out;
	}
	if (diff_corpora(c[0], c[1], &dopts, &d) < 0)
		goto out;
	if (supp) {
		suppressions_apply(supp, &d, argv[optind + 1]);
		diff_recount(&d);
		r.nr_expired = suppressions_nr_expired(supp);
		exp_rules = xcalloc(r.nr_expired + 1, sizeof(*exp_rules));
		exp_dates = xcalloc(r.nr_expired + 1, sizeof(*exp_dates));
		for (size_t i = 0; i < r.nr_expired; i++) {
			exp_rules[i] = suppressions_expired_rule(supp, i);
			exp_dates[i] = suppressions_expired_date(supp, i);
		}
		r.expired_rules = exp_rules;
		r.expired_dates = exp_dates;
	}
	r.d = &d;
	r.old_path = argv[optind];
	r.new_path = argv[optind + 1];
	r.exit_status = status_of(diff_verdict(&d));

	r.color = !output && use_color(stdout);
	err = cli_write(output, strcmp(format, "json") ? write_text : write_json, &r);
	status = err ? EXIT_ERROR : r.exit_status;
	diff_release(&d);
out:
	free(exp_rules);
	free(exp_dates);
	suppressions_free(supp);
	cli_inputs_release(&in);
	free(supp_files);
	free(headers);
	return status;
}
