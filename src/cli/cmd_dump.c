/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/model.h"

static const char usage[] = "abidrift dump [-o FILE] [--stats] INPUT";

int cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	bool stats = false;
	struct abidrift_corpus *ac;
	int opt, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 's':
			stats = true;
			break;
		case 'h':
			printf("usage: %s\n", usage);
			return EXIT_OK;
		case ':':
			return cli_usage(usage, "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage(usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage(usage, argc - optind ? "too many inputs" : "no input given");

	if (abidrift_corpus__read(argv[optind], &ac) < 0)
		return EXIT_ERROR;
	if (stats) {
		const struct corpus *c = (const struct corpus *)ac;

		fprintf(stderr, "cus: %llu\ndies: %llu\ntypes_raw: %llu\ntypes: %llu\nsymbols: %zu\n",
			(unsigned long long)c->stats.nr_cus, (unsigned long long)c->stats.nr_dies,
			(unsigned long long)c->stats.nr_types_raw,
			(unsigned long long)c->stats.nr_types, c->nr_syms);
	}
	if (output) {
		struct atomic_file af;

		err = atomic_file_open(&af, output);
		if (!err) {
			errno = 0;
			err = abidrift_corpus__write_baseline(ac, af.fp);
			if (err) {
				cli_error("%s: cannot write: %s", output,
					  strerror(errno ? errno : -err));
				atomic_file_abort(&af);
			} else {
				err = atomic_file_commit(&af);
			}
		}
	} else {
		errno = 0;
		err = abidrift_corpus__write_baseline(ac, stdout);
		if (err)
			cli_error("standard output: cannot write: %s", strerror(errno ? errno : -err));
	}
	abidrift_corpus__free(ac);
	return err ? EXIT_ERROR : EXIT_OK;
}
