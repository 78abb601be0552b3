/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "layout/layout.h"
#include "util/util.h"

static const char main_usage[] = "abidrift [--version] [--help] COMMAND [ARGS]";

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "diff", cmd_diff, "compare two versions of an ABI (ELF files or baselines)" },
	{ "drift", cmd_drift, "compare the layout of the same types across targets" },
	{ "dump", cmd_dump, "write the baseline (JSON corpus) of an ELF file or baseline" },
	{ "lint", cmd_lint, "check types for layouts that differ or may differ across targets" },
	{ "show", cmd_show, "show the layout of structs and unions" },
};

static void print_cb(enum abidrift_print_level level, const char *fmt, va_list ap)
{
	static const char *const prefix[] = { "error", "warning", "note" };

	fprintf(stderr, "abidrift: %s: ", prefix[level]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_cb(ABIDRIFT_ERROR, fmt, ap);
	va_end(ap);
}

int cli_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fputs("abidrift: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: %s\n", usage);
	return EXIT_USAGE;
}

int cli_write(const char *output, int (*write)(const void *ctx, FILE *fp), const void *ctx)
{
	struct atomic_file af;
	int err;

	if (!output) {
		errno = 0;
		err = write(ctx, stdout);
		if (err)
			cli_error("standard output: cannot write: %s", strerror(errno ? errno : EIO));
		return err ? EXIT_ERROR : 0;
	}
	if (atomic_file_open(&af, output) < 0)
		return EXIT_ERROR;
	errno = 0;
	err = write(ctx, af.fp);
	if (err) {
		cli_error("%s: cannot write: %s", output, strerror(errno ? errno : EIO));
		atomic_file_abort(&af);
		return EXIT_ERROR;
	}
	return atomic_file_commit(&af) < 0 ? EXIT_ERROR : 0;
}

int cli_option_end(int opt, char **argv, const char *usage)
{
	switch (opt) {
	case 'h':
		printf("usage: %s\n", usage);
		return EXIT_OK;
	case ':':
		return cli_usage(usage, "option '%s' needs a value", argv[optind - 1]);
	default:
		return cli_usage(usage, "unknown option '%s'", argv[optind - 1]);
	}
}

int cli_unknown_target(const char *usage, const char *name)
{
	struct dstr known;
	int status;

	dstr_init(&known);
	for (const char *const *a = data_model_arches(); *a; a++)
		dstr_addf(&known, "%s%s", known.len ? ", " : "", *a);
	status = cli_usage(usage, "unknown target '%s' (known: %s)", name, known.buf);
	dstr_release(&known);
	return status;
}

static void help(FILE *fp)
{
	fprintf(fp, "usage: %s\n\ncommands:\n", main_usage);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(fp, "\nSee abidrift(1) and abidrift-COMMAND(1).\n");
}

/* A full disk or a closed pipe must not pass for success. */
static int close_stdout(int status)
{
	/* a command that failed has said why; only a late write error needs a message */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (status != EXIT_ERROR)
			cli_error("standard output: %s", strerror(errno ? errno : EIO));
		return EXIT_ERROR;
	}
	if (fclose(stdout) != 0) {
		if (status != EXIT_ERROR)
			cli_error("standard output: %s", strerror(errno));
		return EXIT_ERROR;
	}
	return status;
}

int main(int argc, char **argv)
{
	abidrift_set_print(print_cb);
	if (argc < 2)
		return cli_usage(main_usage, "no command given");
	if (strcmp(argv[1], "--version") == 0) {
		printf("abidrift %s\n", abidrift_version());
		return close_stdout(EXIT_OK);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		help(stdout);
		return close_stdout(EXIT_OK);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return close_stdout(commands[i].fn(argc - 1, argv + 1));
	if (argv[1][0] == '-')
		return cli_usage(main_usage, "unknown option '%s'", argv[1]);
	return cli_usage(main_usage, "unknown command '%s'; see 'abidrift --help'", argv[1]);
}
