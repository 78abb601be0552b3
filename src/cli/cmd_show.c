/* SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "layout/layout.h"
#include "model/model.h"

static const char usage[] = "abidrift show [--target ARCH] INPUT [TYPE...]";

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct abidrift_corpus *ac;
	const char *target = NULL;
	struct data_model dm;
	int opt, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
			target = optarg;
			if (data_model_by_arch(target, &dm) < 0) {
				struct dstr known;

				dstr_init(&known);
				for (const char *const *a = data_model_arches(); *a; a++)
					dstr_addf(&known, "%s%s", a == data_model_arches() ? "" : ", ", *a);
				err = cli_usage(usage, "unknown target '%s' (known: %s)", target, known.buf);
				dstr_release(&known);
				return err;
			}
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
	if (optind >= argc)
		return cli_usage(usage, "no input given");
	if (abidrift_corpus__read(argv[optind], &ac) < 0)
		return EXIT_ERROR;
	if (target) {
		struct corpus *moved;

		/* the same types, laid out by the layout engine for another target */
		if (layout_retarget((struct corpus *)ac, &dm, &moved) < 0) {
			abidrift_corpus__free(ac);
			return EXIT_ERROR;
		}
		abidrift_corpus__free(ac);
		ac = (struct abidrift_corpus *)moved;
	}
	err = abidrift_corpus__show(ac, stdout, (const char *const *)argv + optind + 1,
				    (size_t)(argc - optind - 1));
	abidrift_corpus__free(ac);
	return err ? EXIT_ERROR : EXIT_OK;
}
