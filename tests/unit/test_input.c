/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the input door (src/input): which row of the reader table takes which
 * bytes or name (ELF magic, JSON after a BOM or white space, static archives, headers by
 * name), the checks every file read by content passes first (missing, empty, directory,
 * not a regular file, unknown content), and the ways inputs may not be combined, which
 * come back as usage messages for the caller rather than being reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/helpers.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/input.h"

/* Every diagnostic of the current test, one per line. */
static char msgs[8192];

static void capture(enum abidrift_print_level level, const char *fmt, va_list ap)
{
	size_t n = strlen(msgs);

	if (n + 1 < sizeof(msgs)) {
		vsnprintf(msgs + n, sizeof(msgs) - n - 1, fmt, ap);
		strcat(msgs, "\n");
	}
}

static void assert_msg(const char *want)
{
	if (!strstr(msgs, want))
		fail_msg("message lacks \"%s\"; messages were:\n%s", want, msgs);
}

static char dir[PATH_MAX];

static const char *srcdir(void)
{
	const char *d = getenv("ABIDRIFT_SRCDIR");

	return d && *d ? d : ".";
}

/* A file named NAME in the test's directory holding N bytes of DATA; returns its path. */
static const char *make_file(const char *name, const void *data, size_t n)
{
	static char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return path;
}

static int setup(void **state)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/abidrift-test-input-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	msgs[0] = '\0';
	abidrift_set_print(capture);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	abidrift_set_print(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The table ------------------------------------------------------------------------- */

static void test_table(void **state)
{
	const struct input_reader *r = input_readers(), *s;
	size_t nr = 0;

	for (; r->name; r++, nr++) {
		assert_non_null(r->sniff);
		assert_non_null(r->read);
		for (s = input_readers(); s != r; s++)
			if (!strcmp(s->name, r->name))
				fail_msg("two rows named %s", r->name);
	}
	assert_true(nr >= 4);
}

/* Sniffing -------------------------------------------------------------------------- */

static const struct sniff_case {
	const char *what;
	const char *head;
	size_t n;
	const char *path;
	bool content_only;
	const char *want; /* row name, NULL: no row */
} sniff_cases[] = {
	{ "ELF magic", "\177ELF\2\1\1\0", 8, "a.so", false, "elf" },
	{ "ELF magic alone", "\177ELF", 4, "a.o", false, "elf" },
	{ "ELF magic cut short", "\177EL", 3, "a.o", false, NULL },
	{ "not quite ELF", "\177ELG", 4, "a.o", false, NULL },
	{ "JSON object", "{\"abidrift\": 1}", 15, "a.json", false, "baseline" },
	{ "JSON after white space", " \t\r\n{", 5, "a.json", false, "baseline" },
	{ "JSON after a BOM", "\xef\xbb\xbf{", 4, "a.json", false, "baseline" },
	{ "JSON after a BOM and white space", "\xef\xbb\xbf \n{", 6, "a.json", false, "baseline" },
	{ "a BOM alone", "\xef\xbb\xbf", 3, "a.json", false, NULL },
	{ "white space alone", "  \n", 3, "a.json", false, NULL },
	{ "a JSON array", "[1]", 3, "a.json", false, NULL },
	{ "a BOM after white space", " \xef\xbb\xbf{", 5, "a.json", false, NULL },
	{ "a static archive", "!<arch>\nfoo.o/", 15, "libfoo.a", false, "archive" },
	{ "an archive cut short", "!<arch>", 7, "libfoo.a", false, NULL },
	{ "a thin archive", "!<thin>\n", 8, "libfoo.a", false, NULL },
	{ "text", "int x;\n", 7, "a.c", false, NULL },
	{ "a header by name", NULL, 0, "include/foo.h", false, "headers" },
	{ "a header by name, whatever it holds", "\177ELF", 4, "foo.h", false, "headers" },
	{ "a header read by content", "\177ELF", 4, "foo.h", true, "elf" },
	{ "a header read by content, unknown", "int x;\n", 7, "foo.h", true, NULL },
	{ "a directory named .h", NULL, 0, "include/.h", false, NULL },
	{ "no content, no name", NULL, 0, "foo.c", false, NULL },
	{ "no content, read by content", NULL, 0, "foo.h", true, NULL },
};

static void test_sniff(void **state)
{
	for (size_t i = 0; i < sizeof(sniff_cases) / sizeof(sniff_cases[0]); i++) {
		const struct sniff_case *tc = &sniff_cases[i];
		const struct input_reader *r = input_sniff((const unsigned char *)tc->head, tc->n,
							   tc->path, tc->content_only);
		const char *got = r ? r->name : NULL;

		if (tc->want ? !got || strcmp(got, tc->want) : got != NULL)
			fail_msg("%s: got %s, want %s", tc->what, got ? got : "no reader",
				 tc->want ? tc->want : "no reader");
	}
}

static void test_is_header(void **state)
{
	assert_true(input_is_header("foo.h"));
	assert_true(input_is_header("dir/foo.h"));
	assert_false(input_is_header("foo.c"));
	assert_false(input_is_header("foo.hh"));
	assert_false(input_is_header("dir/.h"));
	assert_false(input_is_header("libfoo.so"));
}

/* The checks before sniffing ---------------------------------------------------------- */

static int read_one(const char *path, const struct input_opts *o)
{
	struct input_set set = { 0 };
	int err = input_read(&path, 1, o, &set);

	assert_null(set.misuse);
	if (err)
		assert_int_equal(set.nr, 0);
	input_set_release(&set);
	return err;
}

static void test_missing(void **state)
{
	const struct input_opts o = { 0 };
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/no-such-file", dir);
	assert_int_equal(read_one(path, &o), -ENOENT);
	assert_msg("no-such-file: No such file or directory");
}

static void test_empty(void **state)
{
	const struct input_opts o = { 0 };
	const char *path = make_file("empty.so", "", 0);

	assert_int_equal(read_one(path, &o), -ENODATA);
	assert_msg("empty.so: is empty; give an ELF file or a baseline");
}

static void test_directory(void **state)
{
	const struct input_opts o = { 0 };

	assert_int_equal(read_one(dir, &o), -EISDIR);
	assert_msg(": is a directory; give an ELF file or a baseline");
}

static void test_not_regular(void **state)
{
	const struct input_opts o = { 0 };

	assert_int_equal(read_one("/dev/null", &o), -EINVAL);
	assert_msg("/dev/null: not a regular file");
}

static void test_unknown_content(void **state)
{
	const struct input_opts o = { 0 };
	const char *path = make_file("notes.txt", "hello\n", 6);

	assert_int_equal(read_one(path, &o), -EINVAL);
	assert_msg("notes.txt: not an ELF file or an abidrift baseline");
}

static void test_archive(void **state)
{
	const struct input_opts o = { 0 };
	const char *path = make_file("libfoo.a", "!<arch>\n", 8);

	assert_int_equal(read_one(path, &o), -EINVAL);
	assert_msg("libfoo.a: is a static archive; extract its members (ar x) and pass the "
		   "objects");
}

/* A header read by content (the public API, diff) is just a file that is not ELF. */
static void test_header_by_content(void **state)
{
	const struct input_opts o = { .content_only = true };
	const char *path = make_file("foo.h", "struct foo { int x; };\n", 23);

	assert_int_equal(read_one(path, &o), -EINVAL);
	assert_msg("foo.h: not an ELF file or an abidrift baseline");
}

static void test_baseline(void **state)
{
	const struct input_opts o = { 0 };
	char path[PATH_MAX];
	struct input_set set = { 0 };
	const char *p = path;

	snprintf(path, sizeof(path), "%s/testdata/baseline/good-minimal.json", srcdir());
	if (input_read(&p, 1, &o, &set) != 0)
		fail_msg("reading %s failed:\n%s", path, msgs);
	assert_int_equal(set.nr, 1);
	assert_non_null(set.corpora[0]);
	assert_string_equal(set.labels[0], path);
	input_set_release(&set);
	assert_int_equal(set.nr, 0);
	assert_null(set.corpora);
}

/* The first input that cannot be read ends the read; what came before is kept. */
static void test_stops_at_first_error(void **state)
{
	const struct input_opts o = { 0 };
	char good[PATH_MAX];
	const char *paths[3];
	struct input_set set = { 0 };

	snprintf(good, sizeof(good), "%s/testdata/baseline/good-minimal.json", srcdir());
	paths[0] = good;
	paths[1] = make_file("empty.json", "", 0);
	paths[2] = good;
	assert_int_equal(input_read(paths, 3, &o, &set), -ENODATA);
	assert_null(set.misuse);
	assert_int_equal(set.nr, 1);
	input_set_release(&set);
}

/* Combinations -------------------------------------------------------------------------- */

static void test_misuse(void **state)
{
	static const char *const arches[] = { "x86_64" };
	const char *mixed[] = { "foo.h", "libfoo.so" };
	const char *headers[] = { "foo.h", "bar.h" };
	const char *compiled[] = { "libfoo.so" };
	struct input_opts o = { 0 };
	struct input_set set = { 0 };

	assert_int_equal(input_read(mixed, 2, &o, &set), -EINVAL);
	assert_string_equal(set.misuse,
			    "give C headers or compiled inputs (ELF files, baselines), not both");
	input_set_release(&set);

	assert_int_equal(input_read(headers, 2, &o, &set), -EINVAL);
	assert_string_equal(set.misuse, "headers need --arch LIST: the targets to compile them "
					"for");
	input_set_release(&set);

	o.arches = (const char **)arches;
	o.nr_arches = 1;
	assert_int_equal(input_read(compiled, 1, &o, &set), -EINVAL);
	assert_string_equal(set.misuse, "--arch applies to C headers; these inputs are compiled "
					"already");
	input_set_release(&set);
	/* misuse is the caller's to report: nothing was printed, nothing opened */
	assert_string_equal(msgs, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_is_header),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_by_content, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stops_at_first_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_misuse, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
