/* SPDX-License-Identifier: MIT */
#ifndef ABIDRIFT_CLI_INPUTS_H
#define ABIDRIFT_CLI_INPUTS_H

#include <getopt.h>

#include "cli/cli.h"
#include "input/input.h"
#include "model/model.h"

enum { OPT_ARCH = 0x100, OPT_INCLUDE, OPT_CC };

/* Long options shared by the commands that accept headers; short ones: "I:D:". */
#define CLI_PROBE_LONG_OPTIONS                                                                 \
	{ "arch", required_argument, NULL, OPT_ARCH },                                         \
	{ "include", required_argument, NULL, OPT_INCLUDE },                                   \
	{ "cc", required_argument, NULL, OPT_CC }

struct cli_inputs {
	struct input_opts opts;   /* what the options said, for the input door */
	const char *default_arch; /* for headers without --arch; NULL: --arch required */
	/* what the door read: corpora in input order and what each came from */
	struct corpus **corpora;
	const char **labels;
	size_t nr;
};

/* 1 if OPT was a probe option (consumed), 0 if not, -EXIT_USAGE after a usage error. */
int cli_inputs_option(struct cli_inputs *in, int opt, char *arg, const char *usage);
/* Load PATHS: 0, or an exit status (EXIT_ERROR) or -EXIT_USAGE after reporting. */
int cli_inputs_load(struct cli_inputs *in, char **paths, size_t n, const char *usage);
void cli_inputs_release(struct cli_inputs *in);

#endif
