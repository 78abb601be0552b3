/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/inputs.h"
#include "layout/layout.h"
#include "report/report.h"

static const char usage[] =
	"abidrift show [--target ARCH] INPUT [TYPE...]\n"
	"       abidrift show [--target ARCH] [--arch LIST] [-I DIR] [-D NAME[=VALUE]]\n"
	"                     [--include FILE] [--cc CMD] HEADER... [TYPE...]";

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PROBE_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_inputs in = { .default_arch = "x86_64" };
	const char *target = NULL;
	struct data_model dm;
	size_t nr_inputs = 1;
	int opt, err = 0, status = EXIT_ERROR;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":hI:D:", opts, NULL)) != -1) {
		int used = cli_inputs_option(&in, opt, optarg, usage);

		if (used < 0) {
			status = -used;
			goto out;
		}
		if (used)
			continue;
		switch (opt) {
		case 't':
			target = optarg;
			if (data_model_by_arch(target, &dm) < 0) {
				status = cli_unknown_target(usage, target);
				goto out;
			}
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
	/* headers come first; what follows them are type names */
	if (input_is_header(argv[optind]))
		while (optind + nr_inputs < (size_t)argc && input_is_header(argv[optind + nr_inputs]))
			nr_inputs++;
	err = cli_inputs_load(&in, argv + optind, nr_inputs, usage);
	if (err) {
		status = err < 0 ? -err : err;
		goto out;
	}
	for (size_t i = 0; i < in.nr; i++) {
		struct corpus *c = in.corpora[i];

		if (target) {
			struct corpus *moved;

			/* the same types, laid out by the layout engine for another target */
			if (layout_retarget(c, &dm, &moved) < 0)
				goto out;
			corpus_free(c);
			c = in.corpora[i] = moved;
		}
		if (i)
			putchar('\n');
		if (show_types(c, stdout, (const char *const *)argv + optind + nr_inputs,
			       (size_t)argc - optind - nr_inputs) < 0)
			err = -1;
	}
	status = err ? EXIT_ERROR : EXIT_OK;
out:
	cli_inputs_release(&in);
	return status;
}
