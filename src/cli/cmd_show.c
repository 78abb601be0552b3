/* SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"

static const char usage[] = "abidrift show INPUT [TYPE...]";

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct abidrift_corpus *ac;
	int opt, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			printf("usage: %s\n", usage);
			return EXIT_OK;
		default:
			return cli_usage(usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage(usage, "no input given");
	if (abidrift_corpus__read(argv[optind], &ac) < 0)
		return EXIT_ERROR;
	err = abidrift_corpus__show(ac, stdout, (const char *const *)argv + optind + 1,
				    (size_t)(argc - optind - 1));
	abidrift_corpus__free(ac);
	return err ? EXIT_ERROR : EXIT_OK;
}
