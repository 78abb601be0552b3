/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/compare/suppress.c: reading .abignore files (every key, every error
 * with its line), matching hand-built changes, expiry, propagation to type changes, and
 * inputs no one should write (megabyte lines, NUL bytes, thousands of rules, noise).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/helpers.h"

#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "compare/suppress.h"

/* Diagnostics */

#define MAX_MSGS 64
static char msgs[MAX_MSGS][1024];
static int nr_msgs;

static void capture(enum abidrift_print_level level, const char *fmt, va_list ap)
{
	if (nr_msgs < MAX_MSGS)
		vsnprintf(msgs[nr_msgs], sizeof(msgs[0]), fmt, ap);
	nr_msgs++;
}

static void clear_msgs(void)
{
	nr_msgs = 0;
	msgs[0][0] = '\0';
}

/* Files */

static char tmpdir[256];

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/abidrift-suppress-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	abidrift_set_print(capture);
	return 0;
}

static int group_teardown(void **state)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *de;
	char path[512];

	abidrift_set_print(NULL);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
		unlink(path);
	}
	closedir(dir);
	return rmdir(tmpdir);
}

/* Writes N bytes of TEXT to NAME in the test directory; returns the path (static). */
static const char *write_bytes(const char *name, const char *text, size_t n)
{
	static char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static const char *write_file(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

/* Days since 1970-01-01 computed by the C library, to check ours against. */
static long libc_day(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	time_t t = timegm(&tm);

	return (long)((t - 12 * 3600) / 86400);
}

#define TODAY libc_day(2024, 6, 15)
#define NEW_PATH "build/libfoo.so.1"

/* Changes */

static char **str_list(const char *const *names, size_t *nr)
{
	char **list;
	size_t n = 0;

	while (names && names[n])
		n++;
	list = xcalloc(n + 1, sizeof(*list));
	for (size_t i = 0; i < n; i++)
		list[i] = xstrdup(names[i]);
	*nr = n;
	return list;
}

static struct change type_change(const char *name, int kind, const char *file,
				 const char *const *symbols)
{
	struct change c = { .kind = CH_TYPE_SIZE, .severity = SEV_BREAKING, .subject = SUBJ_TYPE };

	c.subject_name = xstrdup(name ? name : "(anonymous)");
	c.type_name = name ? xstrdup(name) : NULL;
	c.type_kind = kind;
	c.file = file ? xstrdup(file) : NULL;
	c.line = 12;
	c.symbols = str_list(symbols, &c.nr_symbols);
	return c;
}

static struct change symbol_change(enum subject_kind subject, const char *name, const char *version)
{
	struct change c = { .kind = CH_SYMBOL_REMOVED,
			    .severity = SEV_BREAKING,
			    .subject = subject };

	c.subject_name = xstrdup(name);
	c.symbol_version = version ? xstrdup(version) : NULL;
	c.path = xstrdup(name);
	return c;
}

static void change_release(struct change *c)
{
	free(c->subject_name);
	free(c->type_name);
	free(c->symbol_version);
	free(c->path);
	free(c->old_value);
	free(c->new_value);
	free(c->file);
	free(c->note);
	for (size_t i = 0; i < c->nr_symbols; i++)
		free(c->symbols[i]);
	free(c->symbols);
	free(c->suppressed_by);
	free(c->reason);
}

static void apply(const struct suppressions *s, struct change *changes, size_t n,
		  const char *new_path)
{
	struct diff d = { .changes = changes, .nr_changes = n, .cap_changes = n };

	suppressions_apply(s, &d, new_path);
}

static struct suppressions *load_ok(const char *name, const char *text, long today)
{
	struct suppressions *s = NULL;
	const char *path = write_file(name, text);

	clear_msgs();
	if (suppressions_load(&s, path, today) != 0)
		fail_msg("loading %s failed: %s", name, msgs[0]);
	assert_non_null(s);
	assert_int_equal(nr_msgs, 0);
	return s;
}

/* Matching, table-driven: one rule file, one change, suppressed or not. */

#define NO_PATH ((const char *)1) /* new_path NULL */

struct match_case {
	const char *what;
	const char *rules;
	enum subject_kind subject;
	const char *name; /* type name or symbol name; NULL: a nameless type */
	int type_kind;
	const char *file;
	const char *version;
	bool want;
	const char *new_path; /* NULL (left out): NEW_PATH */
};

/* The change: a type (name, kind, declaration file), a function or a variable. */
#define TY(name, kind, file) SUBJ_TYPE, name, kind, file, NULL
#define FN(name, version) SUBJ_FUNCTION, name, 0, NULL, version
#define VA(name, version) SUBJ_VARIABLE, name, 0, NULL, version
/* Suppressed or not, when the NEW input is NEW_PATH. */
#define YES true, NULL
#define NO false, NULL

#define T(...) "[suppress_type]\n" __VA_ARGS__
#define F(...) "[suppress_function]\n" __VA_ARGS__
#define V(...) "[suppress_variable]\n" __VA_ARGS__

/* One case a line where it fits: the formatter's wrapping would hide the columns. */
/* clang-format off */
static const struct match_case match_cases[] = {
	/* suppress_type: names */
	{ "type name equal", T("name = foo\n"), TY("foo", KIND_STRUCT, NULL), YES },
	{ "type name differs", T("name = foo\n"), TY("foobar", KIND_STRUCT, NULL), NO },
	{ "type name is bare", T("name = struct foo\n"), TY("foo", KIND_STRUCT, NULL), NO },
	{ "type name_regexp searches", T("name_regexp = oba\n"),
	  TY("foobar", KIND_STRUCT, NULL), YES },
	{ "type name_regexp anchored", T("name_regexp = ^bar\n"),
	  TY("foobar", KIND_STRUCT, NULL), NO },
	{ "type name_regexp extended", T("name_regexp = ^(foo|bar)+$\n"),
	  TY("foobarfoo", KIND_STRUCT, NULL), YES },
	{ "type name_not_regexp other", T("name_not_regexp = ^pub_\n"),
	  TY("priv_x", KIND_STRUCT, NULL), YES },
	{ "type name_not_regexp kept", T("name_not_regexp = ^pub_\n"),
	  TY("pub_x", KIND_STRUCT, NULL), NO },
	{ "type name and regexp both", T("name = foo\nname_regexp = ^f\n"),
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "type name and regexp, one fails", T("name = foo\nname_regexp = ^x\n"),
	  TY("foo", KIND_STRUCT, NULL), NO },
	{ "nameless type, name_not_regexp", T("name_not_regexp = ^pub_\n"),
	  TY(NULL, KIND_STRUCT, NULL), NO },
	{ "nameless type, type_kind only", T("type_kind = struct\n"),
	  TY(NULL, KIND_STRUCT, NULL), YES },
	{ "type rule, function change", T("name = foo\n"), FN("foo", NULL), NO },
	{ "type rule, variable change", T("name = foo\n"), VA("foo", NULL), NO },
	{ "type rule, file change", T("name_regexp = .\n"),
	  SUBJ_FILE, "libfoo.so.1", 0, NULL, NULL, NO },
	/* suppress_type: type_kind */
	{ "type_kind struct", T("type_kind = struct\n"), TY("foo", KIND_STRUCT, NULL), YES },
	{ "type_kind struct, union", T("type_kind = struct\n"),
	  TY("foo", KIND_UNION, NULL), NO },
	{ "type_kind class is struct", T("type_kind = class\n"),
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "type_kind union", T("type_kind = union\n"), TY("u", KIND_UNION, NULL), YES },
	{ "type_kind enum", T("type_kind = enum\n"), TY("e", KIND_ENUM, NULL), YES },
	{ "type_kind enum, typedef", T("type_kind = enum\n"), TY("e", KIND_TYPEDEF, NULL), NO },
	{ "type_kind typedef", T("type_kind = typedef\n"), TY("t", KIND_TYPEDEF, NULL), YES },
	{ "type_kind array", T("type_kind = array\n"), TY("a", KIND_ARRAY, NULL), YES },
	{ "type_kind builtin int", T("type_kind = builtin\n"), TY("int", KIND_INT, NULL), YES },
	{ "type_kind builtin float", T("type_kind = builtin\n"),
	  TY("double", KIND_FLOAT, NULL), YES },
	{ "type_kind builtin, struct", T("type_kind = builtin\n"),
	  TY("s", KIND_STRUCT, NULL), NO },
	{ "type_kind and name", T("type_kind = typedef\nname = foo_t\n"),
	  TY("foo_t", KIND_TYPEDEF, NULL), YES },
	{ "type_kind and name, kind differs", T("type_kind = typedef\nname = foo_t\n"),
	  TY("foo_t", KIND_STRUCT, NULL), NO },
	/* suppress_type: source_location_not_in */
	{ "not_in basename, listed", T("source_location_not_in = foo.h\n"),
	  TY("s", KIND_STRUCT, "/usr/include/lib/foo.h"), NO },
	{ "not_in basename, other file", T("source_location_not_in = foo.h\n"),
	  TY("s", KIND_STRUCT, "/usr/include/lib/bar.h"), YES },
	{ "not_in basename, longer name", T("source_location_not_in = foo.h\n"),
	  TY("s", KIND_STRUCT, "/usr/include/myfoo.h"), YES },
	{ "not_in basename, bare file", T("source_location_not_in = foo.h\n"),
	  TY("s", KIND_STRUCT, "foo.h"), NO },
	{ "not_in suffix, listed", T("source_location_not_in = lib/foo.h\n"),
	  TY("s", KIND_STRUCT, "/src/include/lib/foo.h"), NO },
	{ "not_in suffix, other dir", T("source_location_not_in = lib/foo.h\n"),
	  TY("s", KIND_STRUCT, "/src/include/other/foo.h"), YES },
	{ "not_in suffix, not at a slash", T("source_location_not_in = lib/foo.h\n"),
	  TY("s", KIND_STRUCT, "/src/mylib/foo.h"), YES },
	{ "not_in full path", T("source_location_not_in = /src/include/foo.h\n"),
	  TY("s", KIND_STRUCT, "/src/include/foo.h"), NO },
	{ "not_in full path, other", T("source_location_not_in = /src/include/foo.h\n"),
	  TY("s", KIND_STRUCT, "/src/private/foo.h"), YES },
	{ "not_in list, second", T("source_location_not_in = a.h, lib/foo.h ,b.h\n"),
	  TY("s", KIND_STRUCT, "/x/lib/foo.h"), NO },
	{ "not_in list, none", T("source_location_not_in = a.h, lib/foo.h ,b.h\n"),
	  TY("s", KIND_STRUCT, "/x/lib/c.h"), YES },
	{ "not_in ./ entry", T("source_location_not_in = ./include/foo.h\n"),
	  TY("s", KIND_STRUCT, "/src/include/foo.h"), NO },
	{ "not_in, unknown file", T("source_location_not_in = foo.h\n"),
	  TY("s", KIND_STRUCT, NULL), NO },
	{ "not_in with name", T("name = s\nsource_location_not_in = foo.h\n"),
	  TY("s", KIND_STRUCT, "/x/bar.h"), YES },
	{ "not_regexp, matching file", T("source_location_not_regexp = ^/usr/include/foo/\n"),
	  TY("s", KIND_STRUCT, "/usr/include/foo/a.h"), NO },
	{ "not_regexp, other file", T("source_location_not_regexp = ^/usr/include/foo/\n"),
	  TY("s", KIND_STRUCT, "/usr/include/bar/a.h"), YES },
	{ "not_regexp, unknown file", T("source_location_not_regexp = ^/usr/include/foo/\n"),
	  TY("s", KIND_STRUCT, NULL), NO },
	/* file_name_regexp: the NEW input's name */
	{ "file_name_regexp matches", T("name = foo\nfile_name_regexp = libfoo\\\\.so\n"),
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "file_name_regexp skipped", T("name = foo\nfile_name_regexp = libfoo\\\\.so\n"),
	  TY("foo", KIND_STRUCT, NULL), false, "build/libbar.so.1" },
	{ "file_name_regexp, escaped dot", T("name = foo\nfile_name_regexp = libfoo\\\\.so\n"),
	  TY("foo", KIND_STRUCT, NULL), false, "build/libfooxso" },
	{ "file_name_regexp, no path", T("name = foo\nfile_name_regexp = libfoo\n"),
	  TY("foo", KIND_STRUCT, NULL), false, NO_PATH },
	{ "file_name_regexp alone", T("file_name_regexp = ^build/\n"),
	  TY("anything", KIND_ENUM, NULL), YES },
	{ "file_name_not_regexp other", T("name = foo\nfile_name_not_regexp = debug\n"),
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "file_name_not_regexp skipped", T("name = foo\nfile_name_not_regexp = libfoo\n"),
	  TY("foo", KIND_STRUCT, NULL), NO },
	{ "function file_name_regexp", F("name = f\nfile_name_regexp = libfoo\n"),
	  FN("f", NULL), YES },
	{ "function file_name_regexp skipped", F("name = f\nfile_name_regexp = libbar\n"),
	  FN("f", NULL), NO },
	/* suppress_function */
	{ "function name", F("name = foo_init\n"), FN("foo_init", NULL), YES },
	{ "function name differs", F("name = foo_init\n"), FN("foo_init2", NULL), NO },
	{ "function name_regexp", F("name_regexp = ^__foo_\n"), FN("__foo_x", NULL), YES },
	{ "function name_regexp no", F("name_regexp = ^__foo_\n"), FN("foo_x", NULL), NO },
	{ "function name_not_regexp", F("name_not_regexp = ^foo_\n"), FN("bar", NULL), YES },
	{ "function name_not_regexp no", F("name_not_regexp = ^foo_\n"), FN("foo_x", NULL), NO },
	{ "function symbol_name", F("symbol_name = foo_init\n"), FN("foo_init", NULL), YES },
	{ "function symbol_name differs", F("symbol_name = foo_init\n"),
	  FN("foo_fini", NULL), NO },
	{ "function symbol_name_regexp", F("symbol_name_regexp = _fini$\n"),
	  FN("foo_fini", NULL), YES },
	{ "function symbol_name_regexp no", F("symbol_name_regexp = _fini$\n"),
	  FN("foo_init", NULL), NO },
	{ "function symbol_name_not_regexp", F("symbol_name_not_regexp = ^foo_\n"),
	  FN("bar", NULL), YES },
	{ "function symbol_name_not_regexp no", F("symbol_name_not_regexp = ^foo_\n"),
	  FN("foo_x", NULL), NO },
	{ "function name and symbol_name differ", F("name = a\nsymbol_name = b\n"),
	  FN("a", NULL), NO },
	{ "function symbol_version", F("symbol_version = FOO_1.0\n"), FN("f", "FOO_1.0"), YES },
	{ "function symbol_version differs", F("symbol_version = FOO_1.0\n"),
	  FN("f", "FOO_1.1"), NO },
	{ "function symbol_version, unversioned", F("symbol_version = FOO_1.0\n"),
	  FN("f", NULL), NO },
	{ "function symbol_version_regexp", F("symbol_version_regexp = ^FOO_1\\\\.\n"),
	  FN("f", "FOO_1.4"), YES },
	{ "function symbol_version_regexp no", F("symbol_version_regexp = ^FOO_1\\\\.\n"),
	  FN("f", "FOO_10"), NO },
	{ "symbol_version_regexp ^$ unversioned", F("symbol_version_regexp = ^$\n"),
	  FN("f", NULL), YES },
	{ "symbol_version_regexp ^$ versioned", F("symbol_version_regexp = ^$\n"),
	  FN("f", "FOO_1"), NO },
	{ "function name and version", F("name = f\nsymbol_version = V2\n"), FN("f", "V2"), YES },
	{ "function name and version, other", F("name = f\nsymbol_version = V2\n"),
	  FN("f", "V1"), NO },
	{ "function rule, variable change", F("name = v\n"), VA("v", NULL), NO },
	{ "function rule, type change", F("name = foo\n"), TY("foo", KIND_STRUCT, NULL), NO },
	/* suppress_variable */
	{ "variable name", V("name = foo_debug\n"), VA("foo_debug", NULL), YES },
	{ "variable name differs", V("name = foo_debug\n"), VA("foo_debug2", NULL), NO },
	{ "variable name_regexp", V("name_regexp = ^_nss_\n"), VA("_nss_files", NULL), YES },
	{ "variable name_not_regexp", V("name_not_regexp = ^foo_\n"), VA("foo_x", NULL), NO },
	{ "variable symbol_name", V("symbol_name = foo_debug\n"), VA("foo_debug", NULL), YES },
	{ "variable symbol_name_regexp", V("symbol_name_regexp = debug\n"),
	  VA("foo_debug", NULL), YES },
	{ "variable symbol_name_not_regexp", V("symbol_name_not_regexp = debug\n"),
	  VA("foo_debug", NULL), NO },
	{ "variable symbol_version", V("symbol_version = FOO_2\n"), VA("v", "FOO_2"), YES },
	{ "variable symbol_version_regexp", V("symbol_version_regexp = ^FOO_\n"),
	  VA("v", "BAR_1"), NO },
	{ "variable rule, function change", V("name = f\n"), FN("f", NULL), NO },
	/* the reader: escapes, comments, quotes, layout */
	{ "escaped backslash in regexp", T("name_regexp = ^a\\\\.b$\n"),
	  TY("a.b", KIND_STRUCT, NULL), YES },
	{ "escaped backslash, no wildcard", T("name_regexp = ^a\\\\.b$\n"),
	  TY("axb", KIND_STRUCT, NULL), NO },
	{ "trailing # comment", T("name = foo # not part of it\n"),
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "trailing ; comment", T("name = foo;bar\n"), TY("foo", KIND_STRUCT, NULL), YES },
	{ "escaped #", T("name = a\\#b\n"), TY("a#b", KIND_STRUCT, NULL), YES },
	{ "quoted value", T("name = \"unsigned int\"\n"),
	  TY("unsigned int", KIND_INT, NULL), YES },
	{ "bare value with a space", T("name = unsigned int \n"),
	  TY("unsigned int", KIND_INT, NULL), YES },
	{ "quoted ; is literal", T("name = \"a;b\" ; comment\n"),
	  TY("a;b", KIND_STRUCT, NULL), YES },
	{ "quoted, escaped quote", T("name = \"a\\\"b\"\n"), TY("a\"b", KIND_STRUCT, NULL), YES },
	{ "continuation line", T("name = fo\\\n  o\n"), TY("fo  o", KIND_STRUCT, NULL), YES },
	{ "CRLF line ends", "[suppress_type]\r\nname = foo\r\n",
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "byte order mark", "\xef\xbb\xbf[suppress_type]\nname = foo\n",
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "indented, spaced header", "  [ suppress_type ]  # types\n\tname\t=\tfoo\t\n",
	  TY("foo", KIND_STRUCT, NULL), YES },
	{ "no final newline", "[suppress_type]\nname = foo", TY("foo", KIND_STRUCT, NULL), YES },
	{ "label ignored", T("label = x\nname = foo\n"), TY("foo", KIND_STRUCT, NULL), YES },
	{ "second section matches", T("name = a\n") F("name = f\n"), FN("f", NULL), YES },
	{ "empty file", "", TY("foo", KIND_STRUCT, NULL), NO },
	{ "only comments", "# a\n; b\n\n   # c\n", TY("foo", KIND_STRUCT, NULL), NO },
};
/* clang-format on */

static void test_match_table(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(match_cases); i++) {
		const struct match_case *mc = &match_cases[i];
		struct suppressions *s = load_ok("match.abignore", mc->rules, TODAY);
		struct change c;
		const char *new_path = mc->new_path == NO_PATH ? NULL
				       : mc->new_path	       ? mc->new_path
							       : NEW_PATH;

		if (mc->subject == SUBJ_TYPE)
			c = type_change(mc->name, mc->type_kind, mc->file, NULL);
		else
			c = symbol_change(mc->subject, mc->name, mc->version);
		apply(s, &c, 1, new_path);
		if (c.suppressed != mc->want)
			fail_msg("case '%s': suppressed is %d, expected %d", mc->what, c.suppressed,
				 mc->want);
		if (c.suppressed) {
			assert_non_null(c.suppressed_by);
			assert_non_null(strstr(c.suppressed_by, "match.abignore:"));
		} else {
			assert_null(c.suppressed_by);
		}
		change_release(&c);
		suppressions_free(s);
	}
}

/* The rule named in suppressed_by, the reason, the first matching rule winning. */
static void test_marks(void **state)
{
	struct suppressions *s = load_ok("marks.abignore",
					 "# first line\n"
					 "[suppress_type]\n"
					 "  name_regexp = ^foo\n"
					 "  reason = \"ABI break approved in #123\"\n"
					 "\n"
					 "[suppress_type]\n"
					 "  name = foobar\n"
					 "  reason = never reached: the rule above matches first\n"
					 "[suppress_function]\n"
					 "  name = f\n"
					 "  reason = done on purpose \\# see NEWS ; comment\n"
					 "[suppress_variable]\n"
					 "  name = v\n",
					 TODAY);
	struct change c[4] = {
		type_change("foobar", KIND_STRUCT, "foo.h", NULL),
		symbol_change(SUBJ_FUNCTION, "f", NULL),
		symbol_change(SUBJ_VARIABLE, "v", NULL),
		symbol_change(SUBJ_FUNCTION, "g", NULL),
	};
	char where[600];

	/* A reason set before (say by an earlier pass) is replaced, not leaked. */
	c[2].reason = xstrdup("stale");
	apply(s, c, 4, NEW_PATH);
	snprintf(where, sizeof(where), "%s/marks.abignore:2", tmpdir);
	assert_true(c[0].suppressed);
	assert_string_equal(c[0].suppressed_by, where);
	assert_string_equal(c[0].reason, "ABI break approved in #123");
	snprintf(where, sizeof(where), "%s/marks.abignore:9", tmpdir);
	assert_true(c[1].suppressed);
	assert_string_equal(c[1].suppressed_by, where);
	assert_string_equal(c[1].reason, "done on purpose # see NEWS");
	snprintf(where, sizeof(where), "%s/marks.abignore:12", tmpdir);
	assert_true(c[2].suppressed);
	assert_string_equal(c[2].suppressed_by, where);
	assert_null(c[2].reason);
	assert_false(c[3].suppressed);
	assert_null(c[3].suppressed_by);
	assert_null(c[3].reason);
	for (size_t i = 0; i < 4; i++)
		change_release(&c[i]);
	suppressions_free(s);
}

/* A change already suppressed keeps the rule that suppressed it. */
static void test_already_suppressed(void **state)
{
	struct suppressions *s =
		load_ok("again.abignore", T("name = foo\nreason = second\n"), TODAY);
	struct change c = type_change("foo", KIND_STRUCT, NULL, NULL);

	c.suppressed = true;
	c.suppressed_by = xstrdup("first.abignore:1");
	c.reason = xstrdup("first");
	apply(s, &c, 1, NEW_PATH);
	assert_string_equal(c.suppressed_by, "first.abignore:1");
	assert_string_equal(c.reason, "first");
	change_release(&c);
	suppressions_free(s);
}

/* Expiry */

static void test_expiry(void **state)
{
	char text[256];
	struct {
		long day_offset; /* expires = TODAY + this */
		bool applies;
	} cases[] = { { 1, true }, { 365, true }, { 0, true }, { -1, false }, { -4000, false } };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		time_t t = (time_t)(TODAY + cases[i].day_offset) * 86400;
		struct tm tm;
		struct suppressions *s;
		struct change c = type_change("foo", KIND_STRUCT, NULL, NULL);
		char date[16], where[600];

		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		snprintf(text, sizeof(text),
			 "# expiry\n\n[suppress_type]\nname = foo\nexpires = %s\nreason = r\n",
			 date);
		s = load_ok("expiry.abignore", text, TODAY);
		apply(s, &c, 1, NEW_PATH);
		assert_int_equal(c.suppressed, cases[i].applies);
		if (cases[i].applies) {
			assert_int_equal(suppressions_nr_expired(s), 0);
		} else {
			assert_int_equal(suppressions_nr_expired(s), 1);
			snprintf(where, sizeof(where), "%s/expiry.abignore:3", tmpdir);
			assert_string_equal(suppressions_expired_rule(s, 0), where);
			assert_string_equal(suppressions_expired_date(s, 0), date);
		}
		change_release(&c);
		suppressions_free(s);
	}
}

/* An expired rule is passed over: a later rule that matches suppresses instead. */
static void test_expired_falls_through(void **state)
{
	struct suppressions *s = load_ok("through.abignore",
					 T("name = foo\nexpires = 2000-01-01\nreason = old\n")
						 T("name_regexp = ^f\nreason = new\n"),
					 TODAY);
	struct change c = type_change("foo", KIND_STRUCT, NULL, NULL);

	apply(s, &c, 1, NEW_PATH);
	assert_true(c.suppressed);
	assert_string_equal(c.reason, "new");
	assert_int_equal(suppressions_nr_expired(s), 1);
	change_release(&c);
	suppressions_free(s);
}

/* Our date arithmetic against the C library's, over leap years and century rules. */
static void test_dates(void **state)
{
	static const int dates[][3] = {
		{ 1970, 1, 1 },	 { 1969, 12, 31 }, { 1972, 2, 29 }, { 1999, 12, 31 },
		{ 2000, 2, 29 }, { 2000, 3, 1 },   { 2023, 2, 28 }, { 2024, 2, 29 },
		{ 2024, 3, 1 },	 { 2038, 1, 19 },  { 2100, 2, 28 }, { 2100, 3, 1 },
		{ 2400, 2, 29 }, { 9999, 12, 31 }, { 1900, 3, 1 },  { 1601, 1, 1 },
		{ 1, 1, 1 },
	};
	char text[128];

	for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
		long day = libc_day(dates[i][0], dates[i][1], dates[i][2]);
		struct suppressions *s;

		snprintf(text, sizeof(text), T("name = x\nexpires = %04d-%02d-%02d\n"), dates[i][0],
			 dates[i][1], dates[i][2]);
		/* Applies through its day, expires the day after. */
		s = load_ok("date.abignore", text, day);
		if (suppressions_nr_expired(s) != 0)
			fail_msg("%s: expired on its own day", text);
		suppressions_free(s);
		s = load_ok("date.abignore", text, day + 1);
		if (suppressions_nr_expired(s) != 1)
			fail_msg("%s: not expired the day after", text);
		suppressions_free(s);
	}
}

static void test_today(void **state)
{
	const char *old = getenv("SOURCE_DATE_EPOCH");
	char *saved = old ? xstrdup(old) : NULL;
	long clock_day;

	setenv("SOURCE_DATE_EPOCH", "259205", 1); /* 3 days and 5 seconds */
	assert_int_equal(suppressions_today(), 3);
	setenv("SOURCE_DATE_EPOCH", "1718409600", 1); /* 2024-06-15T00:00:00Z */
	assert_int_equal(suppressions_today(), TODAY);
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_int_equal(suppressions_today(), 0);
	/* Not a valid timestamp: the clock instead. */
	for (size_t i = 0; i < 5; i++) {
		static const char *const bad[] = { "", "abc", "-86400", "12x",
						   "99999999999999999999" };

		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		clock_day = (long)(time(NULL) / 86400);
		assert_true(suppressions_today() - clock_day <= 1);
		assert_true(suppressions_today() >= clock_day);
	}
	unsetenv("SOURCE_DATE_EPOCH");
	clock_day = (long)(time(NULL) / 86400);
	assert_true(suppressions_today() >= clock_day && suppressions_today() - clock_day <= 1);
	if (saved)
		setenv("SOURCE_DATE_EPOCH", saved, 1);
	free(saved);
}

/* Propagation to type changes */

static void test_propagation(void **state)
{
	struct suppressions *s = load_ok("prop.abignore",
					 "[suppress_function]\n"
					 "name_regexp = ^internal_\n"
					 "reason = internal API\n"
					 "[suppress_variable]\n"
					 "symbol_name = foo_table\n"
					 "reason = foo table\n"
					 "[suppress_function]\n"
					 "symbol_version = PRIVATE\n"
					 "[suppress_function]\n"
					 "name = old_f\n"
					 "expires = 2001-01-01\n"
					 "[suppress_function]\n"
					 "name = other_lib_f\n"
					 "file_name_regexp = libother\n"
					 "[suppress_function]\n"
					 "file_name_regexp = libfoo\n"
					 "reason = every function of libfoo\n",
					 TODAY);
	static const char *const only_suppressed[] = { "internal_a", "internal_b", NULL };
	static const char *const also_public[] = { "internal_a", "public_f", NULL };
	static const char *const with_variable[] = { "internal_a", "foo_table", NULL };
	static const char *const variable_first[] = { "foo_table", "internal_z", NULL };
	static const char *const unversioned[] = { "private_f", NULL };
	static const char *const by_version_rule[] = { "private_f@@PRIVATE", "private_g@PRIVATE",
						       NULL };
	static const char *const other_version[] = { "private_f@@PRIVATE", "public_g@@PUBLIC",
						     NULL };
	static const char *const versioned_name[] = { "internal_a@@FOO_2", "internal_b@FOO_1",
						      NULL };
	static const char *const any_function[] = { "zzz", NULL };
	static const char *const by_expired_rule[] = { "internal_a", "old_f", NULL };
	static const char *const by_other_file[] = { "other_lib_f", NULL };
	struct change c[] = {
		type_change("a", KIND_STRUCT, "a.h", only_suppressed),
		type_change("b", KIND_STRUCT, "b.h", also_public),
		type_change("c", KIND_STRUCT, "c.h", NULL),
		type_change("d", KIND_UNION, "d.h", with_variable),
		type_change("e", KIND_ENUM, "e.h", variable_first),
		type_change("f", KIND_STRUCT, "f.h", unversioned),
		type_change("g", KIND_STRUCT, "g.h", by_expired_rule),
		type_change("h", KIND_STRUCT, "h.h", by_other_file),
		symbol_change(SUBJ_FUNCTION, "internal_a", NULL),
		type_change("i", KIND_STRUCT, "i.h", by_version_rule),
		type_change("j", KIND_STRUCT, "j.h", other_version),
		type_change("k", KIND_STRUCT, "k.h", versioned_name),
		type_change("l", KIND_STRUCT, "l.h", any_function),
	};
	char where[600];

	apply(s, c, ARRAY_SIZE(c), NEW_PATH);
	/* Reached only through suppressed functions: suppressed by the first one's rule. */
	snprintf(where, sizeof(where), "%s/prop.abignore:1", tmpdir);
	assert_true(c[0].suppressed);
	assert_string_equal(c[0].suppressed_by, where);
	assert_string_equal(c[0].reason, "internal API");
	/* Also reached through an unsuppressed function. */
	assert_false(c[1].suppressed);
	/* Reached through nothing: no symbol vouches for it. */
	assert_false(c[2].suppressed);
	/* Function and variable rules together. */
	assert_true(c[3].suppressed);
	assert_string_equal(c[3].suppressed_by, where);
	snprintf(where, sizeof(where), "%s/prop.abignore:4", tmpdir);
	assert_true(c[4].suppressed);
	assert_string_equal(c[4].suppressed_by, where);
	assert_string_equal(c[4].reason, "foo table");
	/* An unversioned symbol is not of version PRIVATE; an expired rule counts for nothing. */
	assert_false(c[5].suppressed);
	assert_false(c[6].suppressed);
	/* A rule skipped for this input is skipped here too. */
	assert_false(c[7].suppressed);
	assert_true(c[8].suppressed);
	/* Versions come from the labels: "name@@VERSION" and "name@VERSION". */
	snprintf(where, sizeof(where), "%s/prop.abignore:7", tmpdir);
	assert_true(c[9].suppressed);
	assert_string_equal(c[9].suppressed_by, where);
	assert_null(c[9].reason);
	assert_false(c[10].suppressed);
	snprintf(where, sizeof(where), "%s/prop.abignore:1", tmpdir);
	assert_true(c[11].suppressed);
	assert_string_equal(c[11].suppressed_by, where);
	/* A rule that selects no symbol (here only the input) is no evidence about one. */
	assert_false(c[12].suppressed);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++)
		change_release(&c[i]);

	/* The same symbol reaches many types: answers are cached, and stay right. */
	{
		static const char *const shared[] = { "internal_x", "public_y", NULL };
		static const char *const shared2[] = { "internal_x", NULL };
		struct change many[200];

		for (size_t i = 0; i < ARRAY_SIZE(many); i++)
			many[i] = type_change("t", KIND_STRUCT, NULL, i % 2 ? shared : shared2);
		apply(s, many, ARRAY_SIZE(many), NEW_PATH);
		for (size_t i = 0; i < ARRAY_SIZE(many); i++) {
			assert_int_equal(many[i].suppressed, i % 2 == 0);
			change_release(&many[i]);
		}
	}
	suppressions_free(s);
}

/* Several files accumulate into one set; the set says which file suppressed what. */
static void test_accumulate(void **state)
{
	struct suppressions *s = NULL;
	struct change c[3] = {
		type_change("foo", KIND_STRUCT, NULL, NULL),
		symbol_change(SUBJ_FUNCTION, "f", NULL),
		symbol_change(SUBJ_VARIABLE, "v", NULL),
	};
	char path_a[600], path_b[600], where[620];

	snprintf(path_a, sizeof(path_a), "%s", write_file("a.abignore", T("name = foo\n")));
	snprintf(path_b, sizeof(path_b), "%s",
		 write_file("b.abignore",
			    "# b\n" F("name = f\nexpires = 2001-02-03\n") F("name = f\n")));
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path_a, TODAY), 0);
	assert_int_equal(suppressions_load(&s, path_b, TODAY), 0);
	/* A failing file leaves the set as it was. */
	write_file("bad.abignore", V("name = v\n") "[suppress_variable]\nnmae = v\n");
	snprintf(where, sizeof(where), "%s/bad.abignore", tmpdir);
	assert_int_equal(suppressions_load(&s, where, TODAY), -EINVAL);
	assert_int_equal(nr_msgs, 1);
	apply(s, c, 3, NEW_PATH);
	snprintf(where, sizeof(where), "%s:1", path_a);
	assert_string_equal(c[0].suppressed_by, where);
	snprintf(where, sizeof(where), "%s:5", path_b);
	assert_string_equal(c[1].suppressed_by, where);
	assert_false(c[2].suppressed);
	assert_int_equal(suppressions_nr_expired(s), 1);
	snprintf(where, sizeof(where), "%s:2", path_b);
	assert_string_equal(suppressions_expired_rule(s, 0), where);
	assert_string_equal(suppressions_expired_date(s, 0), "2001-02-03");
	for (size_t i = 0; i < 3; i++)
		change_release(&c[i]);
	suppressions_free(s);

	/* A first file that fails leaves *s NULL. */
	s = NULL;
	snprintf(where, sizeof(where), "%s/no-such.abignore", tmpdir);
	assert_int_equal(suppressions_load(&s, where, TODAY), -ENOENT);
	assert_null(s);
}

static void test_null_safe(void **state)
{
	struct change c = type_change("foo", KIND_STRUCT, NULL, NULL);
	struct diff d = { .changes = &c, .nr_changes = 1 };

	suppressions_free(NULL);
	assert_int_equal(suppressions_nr_expired(NULL), 0);
	suppressions_apply(NULL, &d, NEW_PATH);
	assert_false(c.suppressed);
	change_release(&c);
}

/* Errors: each with its line number and what is wrong */

struct error_case {
	const char *what;
	const char *text; /* NULL: the file in testdata/suppress named by what */
	unsigned line;
	const char *message; /* what follows "FILE:LINE: " */
};

static const struct error_case error_cases[] = {
	{ "unknown section", "# x\n[suppress_foo]\nname = x\n", 2,
	  "unknown section [suppress_foo]; expected [suppress_type], [suppress_function] or "
	  "[suppress_variable]" },
	{ "libabigail section", "[suppress_file]\nfile_name_regexp = x\n", 1,
	  "section [suppress_file] of libabigail is not supported by abidrift" },
	{ "libabigail allow_type", "[allow_type]\nname = x\n", 1,
	  "section [allow_type] of libabigail is not supported by abidrift" },
	{ "unknown key", T("name = x\nnmae = x\n"), 3, "unknown key 'nmae' in [suppress_type]" },
	{ "symbol key in type section", T("symbol_name = x\n"), 2,
	  "key 'symbol_name' is not accepted in [suppress_type]; [suppress_function] and "
	  "[suppress_variable] accept it" },
	{ "type key in function section", F("name = f\ntype_kind = struct\n"), 3,
	  "key 'type_kind' is not accepted in [suppress_function]; [suppress_type] accepts it" },
	{ "type key in variable section", V("source_location_not_in = a.h\n"), 2,
	  "key 'source_location_not_in' is not accepted in [suppress_variable]; [suppress_type] "
	  "accepts it" },
	{ "libabigail key, function", F("name = f\nchange_kind = added-function\n"), 3,
	  "key 'change_kind' of libabigail is not supported by abidrift" },
	{ "libabigail key, type", T("name = s\nhas_data_member_inserted_at = end\n"), 3,
	  "key 'has_data_member_inserted_at' of libabigail is not supported by abidrift" },
	{ "libabigail key, soname", V("name = v\nsoname_regexp = libfoo\n"), 3,
	  "key 'soname_regexp' of libabigail is not supported by abidrift" },
	{ "libabigail key, wrong section", T("name = s\nparameter = '0 int\n"), 3,
	  "unknown key 'parameter' in [suppress_type]" },
	{ "key case matters", T("Name = x\n"), 2, "unknown key 'Name' in [suppress_type]" },
	{ "key before any section", "\n\nname = x\n[suppress_type]\nname = y\n", 3,
	  "key 'name' before any section header" },
	{ "duplicate key", T("name = a\ntype_kind = struct\n\nname = b\n"), 5,
	  "duplicate key 'name' in [suppress_type] (first at line 2)" },
	{ "line without =", T("name foo\n"), 2, "expected 'key = value', got 'name foo'" },
	{ "no key", T("= foo\n"), 2, "no key before '='" },
	{ "bad regexp", T("name_regexp = ^foo(\n"), 2,
	  "bad regular expression in 'name_regexp': " },
	{ "bad regexp, version", F("symbol_version_regexp = [a-\n"), 2,
	  "bad regular expression in 'symbol_version_regexp': " },
	{ "bad regexp, file name", F("name = f\nfile_name_regexp = a(\n"), 3,
	  "bad regular expression in 'file_name_regexp': " },
	/* found by fuzzing: glibc's regcomp exhausts memory on stacked repetitions */
	{ "stacked repetition", T("name_regexp = ^ap+++++++++++++++++++++++++++++++i_\n"), 2,
	  "regular expression in 'name_regexp' repeats repetitions" },
	{ "nested counted repetition", T("name_regexp = ((a{100}){100}){100}\n"), 2,
	  "regular expression in 'name_regexp' repeats repetitions" },
	{ "count too large", T("name_regexp = a{5000}\n"), 2,
	  "regular expression in 'name_regexp' repeats repetitions" },
	{ "date, no such day", T("name = x\nexpires = 2023-02-29\n"), 3,
	  "bad date '2023-02-29' in 'expires': no such day" },
	{ "date, month 13", T("name = x\nexpires = 2024-13-01\n"), 3,
	  "bad date '2024-13-01' in 'expires': no such day" },
	{ "date, day 0", T("name = x\nexpires = 2024-01-00\n"), 3,
	  "bad date '2024-01-00' in 'expires': no such day" },
	{ "date, year 0", T("name = x\nexpires = 0000-01-01\n"), 3,
	  "bad date '0000-01-01' in 'expires': no such day" },
	{ "date, format", T("name = x\nexpires = 31/12/2024\n"), 3,
	  "bad date '31/12/2024' in 'expires': expected YYYY-MM-DD" },
	{ "date, short", T("name = x\nexpires = 2024-1-5\n"), 3,
	  "bad date '2024-1-5' in 'expires': expected YYYY-MM-DD" },
	{ "date, time", T("name = x\nexpires = 2024-01-05T00:00\n"), 3,
	  "bad date '2024-01-05T00:00' in 'expires': expected YYYY-MM-DD" },
	{ "empty value", V("name =\n"), 2, "empty value for 'name'" },
	{ "empty value, blanks", V("name = \t \n"), 2, "empty value for 'name'" },
	{ "empty value, comment", V("name = # none\n"), 2, "empty value for 'name'" },
	{ "empty value, quotes", V("name = \"\"\n"), 2, "empty value for 'name'" },
	{ "empty reason", V("name = v\nreason =\n"), 3, "empty value for 'reason'" },
	{ "nothing to match", "\n" F("label = l\nreason = r\nexpires = 2999-01-01\n"), 2,
	  "rule has nothing to match; give at least one of file_name_regexp, "
	  "file_name_not_regexp, name, name_regexp, name_not_regexp, symbol_name, "
	  "symbol_name_regexp, symbol_name_not_regexp, symbol_version, symbol_version_regexp" },
	{ "empty section", T("name = a\n") "[suppress_type]\n", 3,
	  "rule has nothing to match; give at least one of file_name_regexp, "
	  "file_name_not_regexp, name, name_regexp, name_not_regexp, type_kind, "
	  "source_location_not_in, source_location_not_regexp" },
	{ "unknown type_kind", T("type_kind = pointer\n"), 2,
	  "unknown type_kind 'pointer'; expected class, struct, union, enum, array, typedef or "
	  "builtin" },
	{ "type_kind case", T("type_kind = Struct\n"), 2, "unknown type_kind 'Struct'" },
	{ "empty file name", T("source_location_not_in = a.h,,b.h\n"), 2,
	  "empty file name in 'source_location_not_in'" },
	{ "trailing comma", T("source_location_not_in = a.h,\n"), 2,
	  "empty file name in 'source_location_not_in'" },
	{ "header without ]", "[suppress_type\nname = x\n", 1,
	  "section header without a closing ']'" },
	{ "text after header", "[suppress_type] name = x\n", 1,
	  "unexpected text after the section header: 'name = x'" },
	{ "unterminated quote", T("name = \"foo\n"), 2, "unterminated quoted value for 'name'" },
	{ "text after quote", T("name = \"foo\" bar\n"), 2,
	  "unexpected text after the closing quote for 'name'" },
	/* The sample files, which the man page's examples follow. */
	{ "bad-unknown-key.abignore", NULL, 2, "unknown key 'nmae' in [suppress_type]" },
	{ "bad-wrong-section.abignore", NULL, 3,
	  "key 'symbol_name' is not accepted in [suppress_type]" },
	{ "bad-libabigail-key.abignore", NULL, 3,
	  "key 'change_kind' of libabigail is not supported by abidrift" },
	{ "bad-unknown-section.abignore", NULL, 1, "unknown section [suppress_types]" },
	{ "bad-libabigail-section.abignore", NULL, 1, "section [suppress_file] of libabigail" },
	{ "bad-key-before-section.abignore", NULL, 1, "key 'name' before any section header" },
	{ "bad-duplicate-key.abignore", NULL, 4,
	  "duplicate key 'name' in [suppress_type] (first at line 2)" },
	{ "bad-no-equals.abignore", NULL, 2, "expected 'key = value', got 'name foo'" },
	{ "bad-regex.abignore", NULL, 2, "bad regular expression in 'name_regexp': " },
	{ "bad-date.abignore", NULL, 3, "bad date '2024-02-30' in 'expires': no such day" },
	{ "bad-date-format.abignore", NULL, 3,
	  "bad date '31/12/2024' in 'expires': expected YYYY-MM-DD" },
	{ "bad-empty-value.abignore", NULL, 2, "empty value for 'name'" },
	{ "bad-nothing-to-match.abignore", NULL, 2, "rule has nothing to match" },
	{ "bad-type-kind.abignore", NULL, 2, "unknown type_kind 'pointer'" },
	{ "bad-file-list.abignore", NULL, 2, "empty file name in 'source_location_not_in'" },
	{ "bad-header.abignore", NULL, 1, "section header without a closing ']'" },
	{ "bad-quote.abignore", NULL, 2, "unterminated quoted value for 'name'" },
	{ "bad-nul.abignore", NULL, 2, "NUL byte in line" },
};

static void check_message(const char *msg, const char *path, unsigned line, const char *what,
			  const char *case_name)
{
	char prefix[700];

	snprintf(prefix, sizeof(prefix), "%s:%u: %s", path, line, what);
	if (strncmp(msg, prefix, strlen(prefix)))
		fail_msg("case '%s':\n  got      '%s'\n  expected '%s...'", case_name, msg, prefix);
}

static void test_errors(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(error_cases); i++) {
		const struct error_case *ec = &error_cases[i];
		struct suppressions *s = NULL;
		char path[600];

		if (ec->text)
			snprintf(path, sizeof(path), "%s", write_file("error.abignore", ec->text));
		else
			snprintf(path, sizeof(path), "testdata/suppress/%s", ec->what);
		clear_msgs();
		if (suppressions_load(&s, path, TODAY) != -EINVAL)
			fail_msg("case '%s': not refused", ec->what);
		assert_null(s);
		if (nr_msgs != 1)
			fail_msg("case '%s': %d messages, the first '%s'", ec->what, nr_msgs,
				 msgs[0]);
		check_message(msgs[0], path, ec->line, ec->message, ec->what);
	}
}

/* The regular expression message carries regerror's text. */
static void test_regex_message(void **state)
{
	struct suppressions *s = NULL;
	const char *path = write_file("re.abignore", T("name = x\nname_regexp = a{2,1}\n"));
	regex_t re;
	char expected[600], reason[256];
	int err = regcomp(&re, "a{2,1}", REG_EXTENDED | REG_NOSUB);

	assert_int_not_equal(err, 0);
	regerror(err, &re, reason, sizeof(reason));
	snprintf(expected, sizeof(expected), "%s:3: bad regular expression in 'name_regexp': %s",
		 path, reason);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -EINVAL);
	assert_string_equal(msgs[0], expected);
}

/* Every error in a file is reported, not just the first, up to a limit. */
static void test_several_errors(void **state)
{
	struct suppressions *s = NULL;
	struct dstr text;
	char expected[700];
	const char *path = write_file("two.abignore",
				      T("nmae = a\n") F("type_kind = enum\n") "[suppress_type]\n");

	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -EINVAL);
	/* A section with a bad key is not also reported as matching nothing. */
	assert_int_equal(nr_msgs, 3);
	check_message(msgs[0], path, 2, "unknown key 'nmae'", "three errors");
	check_message(msgs[1], path, 4, "key 'type_kind' is not accepted", "three errors");
	check_message(msgs[2], path, 5, "rule has nothing to match", "three errors");

	dstr_init(&text);
	dstr_add(&text, "[suppress_type]\n");
	for (int i = 0; i < 1000; i++)
		dstr_add(&text, "bogus\n");
	path = write_file("many.abignore", text.buf);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -EINVAL);
	assert_int_equal(nr_msgs, 21);
	check_message(msgs[19], path, 21, "expected 'key = value'", "many errors");
	snprintf(expected, sizeof(expected), "%s: too many errors; giving up", path);
	assert_string_equal(msgs[20], expected);
	dstr_release(&text);
	assert_null(s);
}

static void test_io_errors(void **state)
{
	struct suppressions *s = NULL;
	char path[600];

	snprintf(path, sizeof(path), "%s/missing.abignore", tmpdir);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -ENOENT);
	assert_int_equal(nr_msgs, 1);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), ": %s", strerror(ENOENT));
	assert_string_equal(msgs[0], path);

	clear_msgs();
	assert_int_equal(suppressions_load(&s, tmpdir, TODAY), -EISDIR);
	assert_int_equal(nr_msgs, 1);
	snprintf(path, sizeof(path), "%s: %s", tmpdir, strerror(EISDIR));
	assert_string_equal(msgs[0], path);
	assert_null(s);
}

/* The sample files that must load. */
static void test_good_files(void **state)
{
	static const char *const files[] = { "testdata/suppress/good.abignore",
					     "testdata/suppress/libabigail.abignore" };
	struct suppressions *s = NULL;
	struct change c[] = {
		type_change("priv_state", KIND_STRUCT, "/src/foo/internal.h", NULL),
		type_change("priv_public", KIND_STRUCT, "/usr/include/foo/foo.h", NULL),
		type_change("legacy_opts", KIND_TYPEDEF, "/usr/include/foo.h", NULL),
		symbol_change(SUBJ_FUNCTION, "foo_internal_reset", "FOO_PRIVATE"),
		symbol_change(SUBJ_FUNCTION, "__foo_x", "FOO_1.2"),
		symbol_change(SUBJ_FUNCTION, "__foo_api_x", "FOO_1.2"),
		symbol_change(SUBJ_VARIABLE, "foo_debug_level", NULL),
		type_change("FooPrivateType", KIND_UNION, NULL, NULL),
		type_change("foo_state", KIND_ENUM, NULL, NULL),
		symbol_change(SUBJ_FUNCTION, "foo_init", "FOO_1.0"),
		symbol_change(SUBJ_FUNCTION, "foo_init", "FOO_2.0"),
	};
	static const bool want[] = { true, false, true, true, true, false,
				     true, true,  true, true, false };

	clear_msgs();
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (suppressions_load(&s, files[i], TODAY))
			fail_msg("%s: %s", files[i], msgs[0]);
	assert_int_equal(nr_msgs, 0);
	assert_int_equal(suppressions_nr_expired(s), 0);
	/* "build/libfoo.so.1" matches the third type rule; "/usr/include/foo.h" is kept. */
	apply(s, c, ARRAY_SIZE(c), NEW_PATH);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		if (c[i].suppressed != want[i])
			fail_msg("change %zu (%s): suppressed is %d", i, c[i].subject_name,
				 c[i].suppressed);
		change_release(&c[i]);
	}
	suppressions_free(s);

	s = NULL;
	assert_int_equal(suppressions_load(&s, "testdata/suppress/expired.abignore", TODAY), 0);
	assert_int_equal(suppressions_nr_expired(s), 1);
	assert_string_equal(suppressions_expired_rule(s, 0),
			    "testdata/suppress/expired.abignore:7");
	assert_string_equal(suppressions_expired_date(s, 0), "2000-01-31");
	suppressions_free(s);
}

/* Inputs no one should write: nothing may crash, hang or print megabytes. */

static void test_long_lines(void **state)
{
	size_t n = 4u << 20;
	char *text = xmalloc(n + 64);
	struct suppressions *s = NULL;
	struct change c;
	const char *path;
	size_t len;

	/* A megabyte name is accepted, and matches itself. */
	len = (size_t)sprintf(text, "[suppress_type]\nname = ");
	memset(text + len, 'x', n);
	text[len + n] = '\n';
	path = write_bytes("long.abignore", text, len + n + 1);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), 0);
	text[len + n] = '\0';
	c = type_change(text + len, KIND_STRUCT, NULL, NULL);
	apply(s, &c, 1, NEW_PATH);
	assert_true(c.suppressed);
	change_release(&c);
	suppressions_free(s);
	s = NULL;

	/* A megabyte regular expression is refused before regcomp. */
	len = (size_t)sprintf(text, "[suppress_type]\nname_regexp = ");
	memset(text + len, 'x', n);
	path = write_bytes("long-re.abignore", text, len + n);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -EINVAL);
	check_message(msgs[0], path, 2, "regular expression in 'name_regexp' is longer than",
		      "long regexp");

	/* A megabyte of garbage: the message quotes only the start of it. */
	memset(text, 'y', n);
	path = write_bytes("long-junk.abignore", text, n);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -EINVAL);
	assert_int_equal(nr_msgs, 1);
	assert_true(strlen(msgs[0]) < strlen(path) + 200);
	check_message(msgs[0], path, 1, "expected 'key = value', got 'yyyy", "long junk");

	/* A megabyte of continuation lines joins into one line; its number is the first. */
	len = (size_t)sprintf(text, "[suppress_type]\nname = a");
	for (size_t i = 0; i < 100000; i++)
		memcpy(text + len + 2 * i, "\\\n", 2);
	len += 200000;
	len += (size_t)sprintf(text + len, "b\nnmae = x\n");
	path = write_bytes("cont.abignore", text, len);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -EINVAL);
	check_message(msgs[0], path, 100003, "unknown key 'nmae'", "continuations");
	free(text);
	assert_null(s);
}

static void test_nul_bytes(void **state)
{
	static const char text[] =
		"[suppress_type]\nname = a\0b\n[suppress_function]\0\nname = f\n";
	struct suppressions *s = NULL;
	const char *path = write_bytes("nul.abignore", text, sizeof(text) - 1);

	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), -EINVAL);
	assert_int_equal(nr_msgs, 2);
	check_message(msgs[0], path, 2, "NUL byte in line", "nul 1");
	check_message(msgs[1], path, 3, "NUL byte in line", "nul 2");
	assert_null(s);
}

static void test_many_rules(void **state)
{
	struct dstr text;
	struct suppressions *s = NULL;
	struct change c[3];
	const char *path;
	char where[600];

	dstr_init(&text);
	for (int i = 0; i < 5000; i++)
		dstr_addf(&text, "[suppress_%s]\nname_regexp = ^n%d$\nreason = r%d\n\n",
			  i % 2 ? "function" : "type", i, i);
	path = write_file("many-rules.abignore", text.buf);
	clear_msgs();
	assert_int_equal(suppressions_load(&s, path, TODAY), 0);
	c[0] = type_change("n4998", KIND_STRUCT, NULL, NULL);
	c[1] = symbol_change(SUBJ_FUNCTION, "n4999", NULL);
	c[2] = symbol_change(SUBJ_FUNCTION, "n4998", NULL);
	apply(s, c, 3, NEW_PATH);
	snprintf(where, sizeof(where), "%s:%d", path, 4998 * 4 + 1);
	assert_string_equal(c[0].suppressed_by, where);
	assert_string_equal(c[1].reason, "r4999");
	assert_false(c[2].suppressed);
	for (size_t i = 0; i < 3; i++)
		change_release(&c[i]);
	suppressions_free(s);
	dstr_release(&text);
}

/* Random bytes drawn from the format's own characters: refused or loaded, never worse. */
static void test_noise(void **state)
{
	static const char alphabet[] = "[]=\\#;\",\n\n\n \t\r_abcnmesuprtyfilo.*(){}^$\0";
	uint64_t x = 0x9e3779b97f4a7c15u;
	char text[512];

	for (int round = 0; round < 2000; round++) {
		struct suppressions *s = NULL;
		size_t n = 0;
		int ret;

		/* Half the rounds start well formed, so the reader gets past the first line. */
		if (round % 2)
			n = (size_t)sprintf(text, "[suppress_%s]\nname",
					    round % 3 ? "type" : "function");
		while (n < sizeof(text) - 1) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			text[n++] = alphabet[x % (sizeof(alphabet) - 1)];
			if (x % 97 == 0)
				break;
		}
		clear_msgs();
		ret = suppressions_load(&s, write_bytes("noise.abignore", text, n), TODAY);
		assert_true(ret == 0 || ret == -EINVAL);
		assert_true(ret == 0 ? nr_msgs == 0 && s : nr_msgs > 0 && !s);
		if (s) {
			struct change c = type_change("name", KIND_STRUCT, "a.h", NULL);

			apply(s, &c, 1, NEW_PATH);
			change_release(&c);
		}
		suppressions_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_table),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_already_suppressed),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_expired_falls_through),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_propagation),
		cmocka_unit_test(test_accumulate),
		cmocka_unit_test(test_null_safe),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_regex_message),
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_io_errors),
		cmocka_unit_test(test_good_files),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_many_rules),
		cmocka_unit_test(test_noise),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
