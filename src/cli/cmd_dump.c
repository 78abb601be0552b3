/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline.h"
#include "cli/inputs.h"
#include "model/model.h"

static const char usage[] =
	"abidrift dump [-o FILE] [--stats] INPUT\n"
	"       abidrift dump [-o FILE] [--stats] [--arch ARCH] [-I DIR] [-D NAME[=VALUE]]\n"
	"                     [--include FILE] [--cc CMD] HEADER...";

static int write_baseline(const void *ctx, FILE *fp)
{
	return baseline_write(ctx, fp);
}

int cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PROBE_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	bool stats = false;
	const struct corpus *c;
	struct cli_inputs in = { .default_arch = "x86_64" };
	int opt, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":o:hI:D:", opts, NULL)) != -1) {
		int used = cli_inputs_option(&in, opt, optarg, usage);

		if (used < 0) {
			cli_inputs_release(&in);
			return -used;
		}
		if (used)
			continue;
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 's':
			stats = true;
			break;
		default: /* --help, a missing value, an unknown option */
			return cli_option_end(opt, argv, usage);
		}
	}
	if (argc == optind || (argc - optind > 1 && !input_is_header(argv[optind]))) {
		cli_inputs_release(&in);
		return cli_usage(usage, argc - optind ? "too many inputs" : "no input given");
	}
	if (in.opts.nr_arches > 1) {
		cli_inputs_release(&in);
		return cli_usage(usage, "a baseline holds one target: give one --arch");
	}
	err = cli_inputs_load(&in, argv + optind, (size_t)(argc - optind), usage);
	if (err) {
		cli_inputs_release(&in);
		return err < 0 ? -err : err;
	}
	c = in.corpora[0];
	if (stats) {
		fprintf(stderr, "cus: %llu\ndies: %llu\ntypes_raw: %llu\ntypes: %llu\nsymbols: %zu\n",
			(unsigned long long)c->stats.nr_cus, (unsigned long long)c->stats.nr_dies,
			(unsigned long long)c->stats.nr_types_raw,
			(unsigned long long)c->stats.nr_types, c->nr_syms);
	}
	err = cli_write(output, write_baseline, c);
	cli_inputs_release(&in);
	return err ? EXIT_ERROR : EXIT_OK;
}
