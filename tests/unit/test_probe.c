/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for src/input/probe.c: header sets compiled for several targets and read back,
 * compiler failures (errors, missing compiler, signals, timeouts, no object, wrong
 * target) reported with the compiler's words, and the temporary directory gone in every
 * case: TMPDIR points at a private directory that must be empty after each probe.
 *
 * A target whose compiler is missing here is a reported skip, never a silent pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit/helpers.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "layout/layout.h"
#include "model/model.h"
#include "input/probe.h"

/* Every diagnostic of the current test, one per line. */
static char msgs[32768];

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

/* The private directory (base) and the TMPDIR inside it that probes must leave empty. */
static char base[PATH_MAX];
static char tmpdir[PATH_MAX + 8];
static char *saved_tmpdir;

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	remove(path);
	return 0;
}

static int group_setup(void **state)
{
	const char *t = getenv("TMPDIR");

	saved_tmpdir = t ? strdup(t) : NULL;
	snprintf(base, sizeof(base), "%s/abidrift-test-probe-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(base))
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", base);
	if (mkdir(tmpdir, 0700) < 0)
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	abidrift_set_print(capture);
	return 0;
}

static int group_teardown(void **state)
{
	abidrift_set_print(NULL);
	nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (saved_tmpdir)
		setenv("TMPDIR", saved_tmpdir, 1);
	else
		unsetenv("TMPDIR");
	free(saved_tmpdir);
	return 0;
}

static int setup(void **state)
{
	msgs[0] = '\0';
	unsetenv("ABIDRIFT_PROBE_TIMEOUT");
	return 0;
}

/*
 * The probe's temporary directory, and anything the compiler left, must be gone. What is
 * left is removed after it is reported, so that only the guilty test fails.
 */
static void assert_tmp_empty(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			char path[PATH_MAX * 2];

			print_error("left behind in TMPDIR: %s\n", e->d_name);
			snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
			nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
			n++;
		}
	closedir(d);
	assert_int_equal(n, 0);
}

static char *real(const char *path)
{
	static char buf[PATH_MAX];

	assert_non_null(realpath(path, buf));
	return buf;
}

/* Writes a small shell script into base (not TMPDIR) and returns a --cc running it. */
static const char *fake_cc(const char *name, const char *body)
{
	static char cmd[PATH_MAX + 128];
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", base, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", body);
	assert_int_equal(fclose(f), 0);
	/* through sh, so a noexec TMPDIR does not matter */
	snprintf(cmd, sizeof(cmd), "/bin/sh %s", path);
	return cmd;
}

/*
 * Can this machine compile for ARCH the way probe_read does by default? Checked with the
 * shell, independently of the code under test; a missing target is a reported skip.
 */
static bool target_available(const char *arch)
{
	struct data_model dm;
	char cmd[512];
	bool native = false;

#if defined(__x86_64__) || defined(__i386__)
	native = strcmp(arch, "x86_64") == 0 || strcmp(arch, "i386") == 0;
#endif
	assert_int_equal(data_model_by_arch(arch, &dm), 0);
	if (native)
		snprintf(cmd, sizeof(cmd), "gcc %s", strcmp(arch, "i386") == 0 ? "-m32" : "");
	else
		snprintf(cmd, sizeof(cmd), "clang --target=%s -ffreestanding", dm.triple);
	strcat(cmd, " -fsyntax-only -x c - </dev/null >/dev/null 2>&1 && "
		    "printf '#include <stdint.h>\\n' | ");
	if (native)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "gcc %s",
			 strcmp(arch, "i386") == 0 ? "-m32" : "");
	else
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
			 "clang --target=%s -ffreestanding", dm.triple);
	strcat(cmd, " -fsyntax-only -x c - >/dev/null 2>&1");
	if (system(cmd) == 0)
		return true;
	if (!native)
		print_message("SKIP: %s: clang cannot compile for %s here\n", arch, dm.triple);
	else if (strcmp(arch, "i386") == 0)
		print_message("SKIP: %s: gcc -m32 does not work here (install gcc-multilib)\n", arch);
	else
		print_message("SKIP: %s: gcc does not work here\n", arch);
	return false;
}

#define SKIP_UNLESS_TARGET(arch)                                                               \
	do {                                                                                   \
		if (!target_available(arch))                                                   \
			skip();                                                                \
	} while (0)

static const struct member *find_member(const struct corpus *c, const struct type *t,
					const char *name)
{
	const struct member *m = type_members(c, t);

	for (uint32_t i = 0; i < t->nr; i++)
		if (strcmp(corpus_name(c, m[i].name_off), name) == 0)
			return &m[i];
	fail_msg("no member %s", name);
	return NULL;
}

static const struct type *find_type(const struct corpus *c, const char *name)
{
	int64_t id = corpus_find_type(c, name);

	if (id <= 0)
		fail_msg("%s: no type '%s'", c->path, name);
	return corpus_type(c, (uint32_t)id);
}

static int probe_one(const char *header, const char *arch, const char *cc, struct corpus **out)
{
	const char *headers[] = { header };
	struct input_opts o = { .cc = cc };

	return probe_read(headers, 1, &o, arch, out);
}


/* probe_is_header */

static void test_is_header(void **state)
{
	static const struct {
		const char *path;
		bool header;
	} cases[] = {
		{ "a.h", true },        { "dir/xen.h", true }, { "/abs/x.y.h", true },
		{ "a.c", false },       { "a.o", false },      { "libfoo.so", false },
		{ "a.hpp", false },     { "a.hh", false },     { "a.H", false },
		{ ".h", false },        { "dir/.h", false },   { "h", false },
		{ "", false },          { "a.h.o", false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (probe_is_header(cases[i].path) != cases[i].header)
			fail_msg("probe_is_header(\"%s\") != %d", cases[i].path, cases[i].header);
	assert_false(probe_is_header(NULL));
}


/* One struct on several targets */

struct basic_case {
	const char *arch;
	const char *cc; /* NULL: the default compiler */
	uint64_t size, big_off, word_off, ptr_off, id_off;
};

static const struct basic_case basic_cases[] = {
	{ "x86_64", NULL, 40, 8, 16, 24, 32 },
	/* i386 aligns uint64_t to 4 inside structs */
	{ "i386", NULL, 24, 4, 12, 16, 20 },
	{ "aarch64", NULL, 40, 8, 16, 24, 32 },
	{ "s390x", NULL, 40, 8, 16, 24, 32 },
	/* arm EABI aligns it to 8 */
	{ "arm", NULL, 32, 8, 16, 20, 24 },
	/* --cc naming clang gets --target, for a native target too */
	{ "i386", "clang", 24, 4, 12, 16, 20 },
};

static void test_basic(void **state)
{
	const struct basic_case *bc = *state;
	const char *header = "testdata/probe/basic.h";
	struct corpus *c = NULL;
	const struct type *t;
	char want_path[256];

	if (bc->cc) {
		if (system("clang --version >/dev/null 2>&1") != 0) {
			print_message("SKIP: clang not found for --cc clang\n");
			skip();
		}
	} else {
		SKIP_UNLESS_TARGET(bc->arch);
	}
	if (probe_one(header, bc->arch, bc->cc, &c) != 0)
		fail_msg("probe %s failed:\n%s", bc->arch, msgs);
	assert_non_null(c);
	assert_string_equal(c->target.arch, bc->arch);
	snprintf(want_path, sizeof(want_path), "%s (%s)", header, bc->arch);
	assert_string_equal(c->path, want_path);

	/* the header's realpath, and exactly the path DWARF gives its types */
	assert_int_equal(c->nr_root_files, 1);
	assert_string_equal(c->root_files[0], real(header));
	t = find_type(c, "struct probe_basic");
	assert_string_equal(corpus_name(c, t->file_off), c->root_files[0]);

	assert_int_equal(t->kind, KIND_STRUCT);
	assert_int_equal(t->size, bc->size);
	assert_int_equal(find_member(c, t, "tag")->bit_off, 0);
	assert_int_equal(find_member(c, t, "big")->bit_off, bc->big_off * 8);
	assert_int_equal(find_member(c, t, "word")->bit_off, bc->word_off * 8);
	assert_int_equal(find_member(c, t, "ptr")->bit_off, bc->ptr_off * 8);
	assert_int_equal(find_member(c, t, "id")->bit_off, bc->id_off * 8);
	assert_int_equal(find_type(c, "probe_basic_t")->kind, KIND_TYPEDEF);
	assert_int_equal(type_size(c, (uint32_t)corpus_find_type(c, "probe_id_t")), 4);
	assert_string_equal(msgs, "");
	corpus_free(c);
	assert_tmp_empty();
}


/* Failures */

static void test_compile_error(void **state)
{
	struct corpus *c = NULL;
	int err;

	SKIP_UNLESS_TARGET("x86_64");
	err = probe_one("testdata/probe/broken.h", "x86_64", NULL, &c);
	assert_true(err < 0);
	assert_null(c);
	assert_msg("testdata/probe/broken.h: does not compile for x86_64:\n");
	/* the compiler's own diagnostic, naming the header and the culprit */
	assert_msg(real("testdata/probe/broken.h"));
	assert_msg("probe_undeclared_t");
	/* the temporary file's path means nothing to the user */
	assert_null(strstr(msgs, "abidrift-probe-"));
	assert_msg("<probe>");
	assert_tmp_empty();
}

static void test_compile_error_cross(void **state)
{
	struct corpus *c = NULL;

	SKIP_UNLESS_TARGET("aarch64");
	assert_true(probe_one("testdata/probe/broken.h", "aarch64", NULL, &c) < 0);
	assert_null(c);
	assert_msg("testdata/probe/broken.h: does not compile for aarch64:\n");
	assert_msg("probe_undeclared_t");
	assert_tmp_empty();
}

static void test_long_output_trimmed(void **state)
{
	char path[PATH_MAX + 16];
	struct corpus *c = NULL;
	size_t lines = 0;
	FILE *f;

	SKIP_UNLESS_TARGET("x86_64");
	snprintf(path, sizeof(path), "%s/many_errors.h", base);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 100; i++)
		fprintf(f, "#error \"error number %d\"\n", i);
	assert_int_equal(fclose(f), 0);

	assert_true(probe_one(path, "x86_64", NULL, &c) < 0);
	assert_msg("error number 0");
	assert_null(strstr(msgs, "error number 99"));
	assert_msg(" more lines)");
	for (const char *p = msgs; (p = strchr(p, '\n')); p++)
		lines++;
	assert_true(lines <= 43);
	assert_tmp_empty();
}

static void test_missing_header(void **state)
{
	const char *headers[] = { "testdata/probe/basic.h", "testdata/probe/no_such_header.h" };
	const char *preludes[] = { "testdata/probe/no_such_prelude.h" };
	struct input_opts o = { 0 };
	size_t nr_headers = 2;
	struct corpus *c = NULL;

	assert_int_equal(probe_read(headers, nr_headers, &o, "x86_64", &c), -ENOENT);
	assert_null(c);
	assert_msg("testdata/probe/no_such_header.h: No such file or directory");
	assert_tmp_empty();

	msgs[0] = '\0';
	nr_headers = 1;
	o.preludes = preludes;
	o.nr_preludes = 1;
	assert_int_equal(probe_read(headers, nr_headers, &o, "x86_64", &c), -ENOENT);
	assert_msg("testdata/probe/no_such_prelude.h: No such file or directory");

	msgs[0] = '\0';
	headers[0] = "testdata/probe";
	o.nr_preludes = 0;
	assert_int_equal(probe_read(headers, nr_headers, &o, "x86_64", &c), -EINVAL);
	assert_msg("testdata/probe: not a regular file");

	msgs[0] = '\0';
	nr_headers = 0;
	assert_int_equal(probe_read(headers, nr_headers, &o, "x86_64", &c), -EINVAL);
	assert_msg("x86_64: no header to probe");
	assert_null(c);
	assert_tmp_empty();
}

static void test_unknown_arch(void **state)
{
	struct corpus *c = NULL;

	assert_int_equal(probe_one("testdata/probe/basic.h", "vax", NULL, &c), -ENOENT);
	assert_null(c);
	assert_msg("vax: unknown target; known targets: x86_64, i386, ");
	assert_msg("s390x");
	assert_tmp_empty();
}

static void test_missing_compiler(void **state)
{
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	struct corpus *c = NULL;
	int err;

	err = probe_one("testdata/probe/basic.h", "x86_64", "abidrift-no-such-cc -O2", &c);
	assert_int_equal(err, -ENOENT);
	assert_null(c);
	assert_msg("x86_64: cannot run 'abidrift-no-such-cc': No such file or directory; "
		   "check --cc");
	assert_tmp_empty();

	/* the default cross compiler, hidden by an empty PATH */
	msgs[0] = '\0';
	setenv("PATH", base, 1);
	err = probe_one("testdata/probe/basic.h", "aarch64", NULL, &c);
	if (path)
		setenv("PATH", path, 1);
	else
		unsetenv("PATH");
	free(path);
	assert_int_equal(err, -ENOENT);
	assert_null(c);
	assert_msg("aarch64: cannot run 'clang': No such file or directory; install clang or "
		   "pass --cc\n");
	assert_tmp_empty();

	/* a launcher that is missing is named, not the compiler it would run */
	msgs[0] = '\0';
	err = probe_one("testdata/probe/basic.h", "x86_64", "abidrift-no-ccache clang", &c);
	assert_int_equal(err, -ENOENT);
	assert_msg("x86_64: cannot run 'abidrift-no-ccache': No such file or directory");
	assert_tmp_empty();

	msgs[0] = '\0';
	assert_int_equal(probe_one("testdata/probe/basic.h", "x86_64", "  ", &c), -EINVAL);
	assert_msg("x86_64: the compiler command (--cc) is empty");
	assert_tmp_empty();
}

static bool pid_gone(pid_t pid)
{
	for (int i = 0; i < 200; i++) {
		char path[64], buf[256];
		FILE *f;
		char *p;

		if (kill(pid, 0) < 0 && errno == ESRCH)
			return true;
		/* a zombie waiting for init is dead too */
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		f = fopen(path, "r");
		if (f) {
			p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
			fclose(f);
			if (p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X'))
				return true;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	}
	return false;
}

static void test_timeout(void **state)
{
	char script[PATH_MAX * 2 + 64], pidfile[PATH_MAX + 16];
	struct corpus *c = NULL;
	struct timespec t0, t1;
	long pid = 0;
	FILE *f;
	int err;

	/* a hung compiler with a child of its own, leaving a file in its TMPDIR */
	snprintf(pidfile, sizeof(pidfile), "%s/sleep.pid", base);
	snprintf(script, sizeof(script),
		 "touch \"$TMPDIR/cc-leftover\"\nsleep 30 &\necho $! > %s\nwait\n", pidfile);
	setenv("ABIDRIFT_PROBE_TIMEOUT", "1", 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = probe_one("testdata/probe/basic.h", "x86_64", fake_cc("hang.sh", script), &c);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(err, -ETIMEDOUT);
	assert_null(c);
	assert_true(t1.tv_sec - t0.tv_sec < 10);
	assert_msg("testdata/probe/basic.h: the compiler '/bin/sh' did not finish within 1 s for "
		   "x86_64; killed it");
	assert_tmp_empty();

	/* the whole process group went, not only the driver */
	f = fopen(pidfile, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &pid), 1);
	fclose(f);
	assert_true(pid > 0);
	assert_true(pid_gone((pid_t)pid));
}

static void test_killed_by_signal(void **state)
{
	struct corpus *c = NULL;
	int err;

	err = probe_one("testdata/probe/basic.h", "x86_64",
			fake_cc("segv.sh", "echo 'internal compiler error: about to crash'\n"
					   "touch \"$TMPDIR/cc-leftover\"\nkill -SEGV $$"),
			&c);
	assert_true(err < 0);
	assert_null(c);
	assert_msg("testdata/probe/basic.h: the compiler '/bin/sh' was killed by signal 11");
	assert_msg("for x86_64:\ninternal compiler error: about to crash");
	assert_tmp_empty();
}

static void test_bad_output(void **state)
{
	struct corpus *c = NULL;

	/* exit 0 without an object */
	assert_int_equal(probe_one("testdata/probe/basic.h", "x86_64",
				   fake_cc("noobj.sh", "exit 0"), &c),
			 -EINVAL);
	assert_null(c);
	assert_msg("testdata/probe/basic.h: the compiler '/bin/sh' wrote no ELF object for x86_64");
	assert_tmp_empty();

	/* an "object" that is not ELF: the argument after -o is the object's path */
	msgs[0] = '\0';
	assert_int_equal(probe_one("testdata/probe/basic.h", "x86_64",
				   fake_cc("notelf.sh", "while [ \"$1\" != -o ]; do shift; done\n"
							"echo garbage > \"$2\""),
				   &c),
			 -EINVAL);
	assert_msg("wrote no ELF object for x86_64");
	assert_tmp_empty();

	/* exit 1 in silence */
	msgs[0] = '\0';
	assert_true(probe_one("testdata/probe/basic.h", "x86_64", fake_cc("fail.sh", "exit 3"),
			      &c) < 0);
	assert_msg("testdata/probe/basic.h: does not compile for x86_64: '/bin/sh' exited with "
		   "status 3");
	assert_tmp_empty();
}

/* A --cc naming a file relative to our directory still works from the compiler's. */
static void test_relative_cc(void **state)
{
	char cwd[PATH_MAX], header[PATH_MAX];
	struct corpus *c = NULL;
	FILE *f;
	int err;

	SKIP_UNLESS_TARGET("x86_64");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	strcpy(header, real("testdata/probe/basic.h"));
	assert_int_equal(chdir(base), 0);
	f = fopen("wrap.sh", "w");
	assert_non_null(f);
	fprintf(f, "exec gcc \"$@\"\n");
	assert_int_equal(fclose(f), 0);
	err = probe_one(header, "x86_64", "/bin/sh ./wrap.sh -DPROBE_FROM_WRAPPER", &c);
	assert_int_equal(chdir(cwd), 0);
	if (err)
		fail_msg("probe with a relative --cc failed:\n%s", msgs);
	assert_int_equal(find_type(c, "struct probe_basic")->size, 40);
	corpus_free(c);
	assert_tmp_empty();
}

static void test_wrong_target(void **state)
{
	struct corpus *c = NULL;

	/* gcc is told nothing about aarch64, so it builds for the host */
#if !defined(__x86_64__)
	print_message("SKIP: needs an x86_64 host\n");
	skip();
#endif
	SKIP_UNLESS_TARGET("x86_64");
	assert_int_equal(probe_one("testdata/probe/basic.h", "aarch64", "gcc", &c), -EINVAL);
	assert_null(c);
	assert_msg("testdata/probe/basic.h: the compiler 'gcc' built for x86_64, not aarch64; "
		   "pass a compiler for aarch64 with --cc");
	assert_tmp_empty();
}


/* Options */

static void test_define(void **state)
{
	const char *headers[] = { "testdata/probe/needs_define.h" };
	const char *defines[] = { "PROBE_UNUSED", "PROBE_WIDTH=24" };
	struct input_opts o = { 0 };
	size_t nr_headers = 1;
	struct corpus *c = NULL;

	SKIP_UNLESS_TARGET("x86_64");
	assert_true(probe_read(headers, nr_headers, &o, "x86_64", &c) < 0);
	assert_msg("PROBE_WIDTH must be defined");
	assert_tmp_empty();

	msgs[0] = '\0';
	o.defines = defines;
	o.nr_defines = 2;
	if (probe_read(headers, nr_headers, &o, "x86_64", &c) != 0)
		fail_msg("probe failed:\n%s", msgs);
	assert_int_equal(find_type(c, "struct probe_sized")->size, 24);
	corpus_free(c);
	assert_tmp_empty();
}

static void test_prelude(void **state)
{
	const char *headers[] = { "testdata/probe/needs_prelude.h" };
	const char *preludes[] = { "testdata/probe/prelude.h" };
	struct input_opts o = { 0 };
	size_t nr_headers = 1;
	struct corpus *c = NULL;
	const struct type *t;

	SKIP_UNLESS_TARGET("x86_64");
	assert_true(probe_read(headers, nr_headers, &o, "x86_64", &c) < 0);
	assert_msg("probe_word_t");
	assert_tmp_empty();

	msgs[0] = '\0';
	o.preludes = preludes;
	o.nr_preludes = 1;
	if (probe_read(headers, nr_headers, &o, "x86_64", &c) != 0)
		fail_msg("probe failed:\n%s", msgs);
	assert_int_equal(find_type(c, "struct probe_words")->size, 6);
	/* the prelude's types are in the corpus, but its file is not a root */
	t = find_type(c, "struct probe_from_prelude");
	assert_string_equal(corpus_name(c, t->file_off), real("testdata/probe/prelude.h"));
	assert_int_equal(c->nr_root_files, 1);
	assert_string_equal(c->root_files[0], real("testdata/probe/needs_prelude.h"));
	corpus_free(c);
	assert_tmp_empty();
}

static void test_incdir_and_several_headers(void **state)
{
	const char *headers[] = { "testdata/probe/needs_incdir.h", "testdata/probe/basic.h" };
	const char *incdirs[] = { "testdata/probe/inc" };
	struct input_opts o = { 0 };
	size_t nr_headers = 2;
	struct corpus *c = NULL;
	const struct type *t;

	SKIP_UNLESS_TARGET("x86_64");
	assert_true(probe_read(headers, nr_headers, &o, "x86_64", &c) < 0);
	assert_msg("testdata/probe/needs_incdir.h and 1 more: does not compile for x86_64:");
	assert_msg("probe_inc.h");
	assert_tmp_empty();

	msgs[0] = '\0';
	o.incdirs = incdirs;
	o.nr_incdirs = 1;
	if (probe_read(headers, nr_headers, &o, "x86_64", &c) != 0)
		fail_msg("probe failed:\n%s", msgs);
	assert_string_equal(c->path, "testdata/probe/needs_incdir.h and 1 more (x86_64)");
	assert_int_equal(find_type(c, "struct probe_with_inc")->size, 16);
	/* -I was made absolute, so the included file's path is too */
	t = find_type(c, "probe_inc_t");
	assert_string_equal(corpus_name(c, t->file_off), real("testdata/probe/inc/probe_inc.h"));
	assert_int_equal(c->nr_root_files, 2);
	assert_string_equal(c->root_files[0], real("testdata/probe/needs_incdir.h"));
	assert_string_equal(c->root_files[1], real("testdata/probe/basic.h"));
	assert_int_equal(find_type(c, "struct probe_basic")->size, 40);
	corpus_free(c);
	assert_tmp_empty();
}

/* One named test per target, so that a skip says which target was skipped. */
#define BASIC(what, i)                                                                         \
	{ "test_basic " what, test_basic, setup, NULL, (void *)&basic_cases[i] }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_header),
		BASIC("x86_64", 0),
		BASIC("i386", 1),
		BASIC("aarch64", 2),
		BASIC("s390x", 3),
		BASIC("arm", 4),
		BASIC("i386 with --cc clang", 5),
		cmocka_unit_test_setup(test_compile_error, setup),
		cmocka_unit_test_setup(test_compile_error_cross, setup),
		cmocka_unit_test_setup(test_long_output_trimmed, setup),
		cmocka_unit_test_setup(test_missing_header, setup),
		cmocka_unit_test_setup(test_unknown_arch, setup),
		cmocka_unit_test_setup(test_missing_compiler, setup),
		cmocka_unit_test_setup(test_timeout, setup),
		cmocka_unit_test_setup(test_killed_by_signal, setup),
		cmocka_unit_test_setup(test_bad_output, setup),
		cmocka_unit_test_setup(test_relative_cc, setup),
		cmocka_unit_test_setup(test_wrong_target, setup),
		cmocka_unit_test_setup(test_define, setup),
		cmocka_unit_test_setup(test_prelude, setup),
		cmocka_unit_test_setup(test_incdir_and_several_headers, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
