/* SPDX-License-Identifier: MIT */
#ifndef ABIDRIFT_CLI_H
#define ABIDRIFT_CLI_H

#include <stdio.h>

#include "abidrift/abidrift.h"

enum exit_status {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_CHANGE = 4,
	EXIT_BREAKING = 8,
};

/* Prints "abidrift: error: ..." to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "usage: USAGE" and a hint to stderr; returns EXIT_USAGE. */
int cli_usage(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Write a report through WRITE(CTX, fp): to OUTPUT atomically (a temporary file renamed
 * into place), or to standard output when OUTPUT is NULL. Write errors are reported
 * naming the destination. Returns 0 or EXIT_ERROR.
 */
int cli_write(const char *output, int (*write)(const void *ctx, FILE *fp), const void *ctx);

/*
 * What getopt_long returned for an option a command does not handle itself: --help
 * (prints the usage, EXIT_OK), a missing value or an unknown option (EXIT_USAGE).
 * Returns the exit status to end the command with.
 */
int cli_option_end(int opt, char **argv, const char *usage);
/* A usage error for an unknown target name, listing the known ones; returns EXIT_USAGE. */
int cli_unknown_target(const char *usage, const char *name);

int cmd_diff(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_show(int argc, char **argv);

#endif
