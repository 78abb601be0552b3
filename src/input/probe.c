/* SPDX-License-Identifier: MIT */
/*
 * Header probes. A header set has no object of its own, so we make one: a translation
 * unit that includes each header by its absolute path (so that DWARF records paths we can
 * match against root_files), compiled with -fno-eliminate-unused-debug-types so that every
 * declared type reaches the debug info, whether used or not.
 *
 * Everything lives in one private temporary directory that is removed on every path out
 * of probe_read(). The compiler is run without a shell (header paths and -D values are
 * passed as they are), in a process group of its own so that a timeout kills its cc1 and
 * as too, with TMPDIR pointing into our directory so that whatever it leaves behind when
 * killed is removed with it.
 *
 * The compiler runs inside that directory, not in ours: the DWARF reader shortens paths
 * under DW_AT_comp_dir to relative ones, and root_files (realpaths) must match the paths
 * of the types read back exactly. So every path on its command line is made absolute.
 */
#include "input/probe.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "layout/layout.h"

extern char **environ;

/* Generous: a probe compiles in well under a second; this only stops a hang. */
#define DEFAULT_TIMEOUT_SECS 120
/* Enough compiler output to show the first errors without burying the message. */
#define MAX_DIAG_LINES 40
#define MAX_DIAG_LINE_BYTES 400
#define MAX_LOG_BYTES (256 * 1024)

/* A growable NULL-terminated argument vector; every string is owned. */
struct argv {
	char **v;
	size_t nr, cap;
};

struct probe {
	const struct input_opts *o;
	const char *const *names; /* the headers as the user named them */
	size_t nr_headers;
	const char *arch;
	struct data_model dm;
	char *label;	 /* the headers as the user named them, for messages */
	char **headers;	 /* realpaths */
	char **preludes; /* realpaths */
	char *dir;	 /* the private temporary directory; NULL until made */
	char *src, *obj, *log;
	char *cc_name; /* the compiler's command word, for messages */
};

static void argv_add(struct argv *a, char *s)
{
	ARRAY_GROW(a->v, a->cap, a->nr + 2);
	a->v[a->nr++] = s;
	a->v[a->nr] = NULL;
}

static void argv_release(struct argv *a)
{
	for (size_t i = 0; i < a->nr; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static char *path_join(const char *dir, const char *name)
{
	struct dstr s;

	dstr_init(&s);
	dstr_addf(&s, "%s/%s", dir, name);
	return dstr_detach(&s);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool probe_is_header(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n > 2 && strcmp(path + n - 2, ".h") == 0 && path[n - 3] != '/';
}

/*
 * An absolute path for a header or prelude. It must exist now: a missing file would
 * otherwise surface as a compiler error about a temporary file the user never wrote.
 */
static int resolve_file(const char *path, char **out)
{
	char buf[PATH_MAX];
	struct stat st;

	*out = NULL;
	if (!realpath(path, buf))
		return pr_error(errno, "%s: %s", path, strerror(errno));
	if (stat(buf, &st) < 0)
		return pr_error(errno, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return pr_error(EINVAL, "%s: not a regular file", path);
	/* #include "..." has no escapes: these two cannot be spelled inside it */
	if (strpbrk(buf, "\"\n"))
		return pr_error(EINVAL, "%s: a path with '\"' or a newline cannot be included",
				path);
	*out = xstrdup(buf);
	return 0;
}

/* DIR (-I, or a command) made absolute, as the compiler runs elsewhere; it need not exist. */
static char *absolute_dir(const char *dir)
{
	char buf[PATH_MAX];

	if (realpath(dir, buf))
		return xstrdup(buf);
	if (dir[0] == '/' || !getcwd(buf, sizeof(buf)))
		return xstrdup(dir);
	return path_join(buf, dir);
}

static char *make_label(const struct probe *p)
{
	struct dstr s;

	dstr_init(&s);
	dstr_add(&s, p->names[0]);
	if (p->nr_headers > 1)
		dstr_addf(&s, " and %zu more", p->nr_headers - 1);
	return dstr_detach(&s);
}

static int make_dir(struct probe *p)
{
	const char *tmp = getenv("TMPDIR");
	char *templ;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	templ = path_join(tmp, "abidrift-probe-XXXXXX");
	if (!mkdtemp(templ)) {
		int err = errno;

		free(templ);
		return pr_error(err, "%s: cannot create a temporary directory in '%s': %s", p->arch,
				tmp, strerror(err));
	}
	p->dir = templ;
	p->src = path_join(p->dir, "probe.c");
	p->obj = path_join(p->dir, "probe.o");
	p->log = path_join(p->dir, "cc.log");
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (remove(path) < 0 && errno != ENOENT)
		pr_warn("%s: cannot remove: %s", path, strerror(errno));
	return 0;
}

static void remove_dir(struct probe *p)
{
	if (!p->dir)
		return;
	/* depth first, without following symlinks out of the directory */
	if (nftw(p->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
		pr_warn("%s: cannot remove temporary directory: %s", p->dir, strerror(errno));
}

static int write_source(struct probe *p)
{
	FILE *f = fopen(p->src, "w");
	int err = 0;

	if (!f)
		return pr_error(errno, "%s: %s", p->src, strerror(errno));
	for (size_t i = 0; i < p->o->nr_preludes; i++)
		fprintf(f, "#include \"%s\"\n", p->preludes[i]);
	for (size_t i = 0; i < p->nr_headers; i++)
		fprintf(f, "#include \"%s\"\n", p->headers[i]);
	if (ferror(f))
		err = errno ? errno : EIO;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (err)
		return pr_error(err, "%s: cannot write: %s", p->src, strerror(err));
	return 0;
}

/* Does WORD name a compiler of this family ("clang-14", "x86_64-linux-gnu-gcc-12")? */
static bool looks_like(const char *word, const char *family)
{
	const char *b = base_name(word);
	const char *hit = strstr(b, family);

	return hit && (hit == b || hit[-1] == '-');
}

/* The compiler in a --cc command, past launchers that take it as their argument. */
static const char *compiler_word(const struct argv *a)
{
	static const char *const launchers[] = { "ccache", "sccache", "distcc", "icecc" };

	for (size_t i = 0; i < a->nr; i++) {
		bool launcher = false;

		for (size_t j = 0; j < ARRAY_SIZE(launchers); j++)
			launcher |= strcmp(base_name(a->v[i]), launchers[j]) == 0;
		if (!launcher)
			return a->v[i];
	}
	return a->nr ? a->v[0] : "";
}

static void add_target_flags(struct probe *p, struct argv *a, bool clang)
{
	struct dstr s;

	if (clang) {
		dstr_init(&s);
		dstr_addf(&s, "--target=%s", p->dm.triple);
		argv_add(a, dstr_detach(&s));
		/* a cross target has no libc headers here; the compiler's own ones suffice */
		argv_add(a, xstrdup("-ffreestanding"));
	} else if (strcmp(p->arch, "i386") == 0) {
		argv_add(a, xstrdup("-m32"));
	}
}

static int build_argv(struct probe *p, struct argv *a)
{
	static const char *const flags[] = { "-g", "-fno-eliminate-unused-debug-types", "-c", "-O0",
					     "-w" };
	const struct input_opts *o = p->o;

	if (o->cc) {
		for (const char *s = o->cc; *s;) {
			size_t n;

			s += strspn(s, " \t");
			n = strcspn(s, " \t");
			if (n)
				argv_add(a, xstrndup(s, n));
			s += n;
		}
		if (!a->nr)
			return pr_error(EINVAL, "%s: the compiler command (--cc) is empty",
					p->arch);
		/* "./cc" or "ccache bin/cc" named from here; it runs elsewhere */
		for (size_t i = 0; i < a->nr; i++)
			if (a->v[i][0] != '/' && a->v[i][0] != '-' && strchr(a->v[i], '/') &&
			    access(a->v[i], F_OK) == 0) {
				char *abs = absolute_dir(a->v[i]);

				free(a->v[i]);
				a->v[i] = abs;
			}
		p->cc_name = xstrdup(compiler_word(a));
		if (looks_like(p->cc_name, "clang"))
			add_target_flags(p, a, true);
		else if (looks_like(p->cc_name, "gcc"))
			add_target_flags(p, a, false);
	} else {
#if defined(__x86_64__) || defined(__i386__)
		/* the native compiler knows the system headers; clang -ffreestanding does not */
		bool native = strcmp(p->arch, "x86_64") == 0 || strcmp(p->arch, "i386") == 0;
#else
		bool native = false;
#endif
		argv_add(a, xstrdup(native ? "gcc" : "clang"));
		p->cc_name = xstrdup(a->v[0]);
		add_target_flags(p, a, !native);
	}
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		argv_add(a, xstrdup(flags[i]));
	for (size_t i = 0; i < o->nr_incdirs; i++) {
		char *dir = absolute_dir(o->incdirs[i]);
		struct dstr s;

		dstr_init(&s);
		dstr_addf(&s, "-I%s", dir);
		argv_add(a, dstr_detach(&s));
		free(dir);
	}
	for (size_t i = 0; i < o->nr_defines; i++) {
		struct dstr s;

		dstr_init(&s);
		dstr_addf(&s, "-D%s", o->defines[i]);
		argv_add(a, dstr_detach(&s));
	}
	argv_add(a, xstrdup("-o"));
	argv_add(a, xstrdup(p->obj));
	argv_add(a, xstrdup(p->src));
	return 0;
}

/*
 * The environment with TMPDIR and PWD naming our directory: gcc takes DW_AT_comp_dir from
 * PWD when PWD names its working directory, so a stale PWD must not survive the chdir.
 */
static void build_env(const struct probe *p, struct argv *env)
{
	static const char *const vars[] = { "TMPDIR", "PWD" };

	for (char **e = environ; e && *e; e++) {
		bool replaced = false;

		for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
			size_t n = strlen(vars[i]);

			replaced |= strncmp(*e, vars[i], n) == 0 && (*e)[n] == '=';
		}
		if (!replaced)
			argv_add(env, xstrdup(*e));
	}
	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		struct dstr s;

		dstr_init(&s);
		dstr_addf(&s, "%s=%s", vars[i], p->dir);
		argv_add(env, dstr_detach(&s));
	}
}

/* ABIDRIFT_PROBE_TIMEOUT (seconds) lets a slow machine, or a test, move the bound. */
static unsigned int timeout_secs(void)
{
	const char *s = getenv("ABIDRIFT_PROBE_TIMEOUT");
	char *end;
	unsigned long v;

	if (!s || !*s)
		return DEFAULT_TIMEOUT_SECS;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > 24 * 3600)
		return DEFAULT_TIMEOUT_SECS;
	return (unsigned int)v;
}

static double now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void reap(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

/*
 * Run the compiler; on return it and its process group are gone. Returns 0 with its
 * wait status, -ETIMEDOUT when it was killed for taking too long, or the -errno of a
 * failed spawn (ENOENT: no such command), unreported: the caller words the message.
 */
static int run_compiler(const struct probe *p, const struct argv *a, unsigned int limit,
			int *status)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct argv env = { 0 };
	sigset_t none, dfl;
	double deadline;
	long delay_ns = 1000000;
	pid_t pid;
	int err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addchdir_np(&fa, p->dir);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, p->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&dfl);
	/* a caller that ignores SIGPIPE must not hand that on to the compiler */
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	/*
	 * A group of its own, so that a timeout reaches the driver's children too. The cost:
	 * ^C at the terminal no longer reaches the compiler, which then ends on its own.
	 */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
						POSIX_SPAWN_SETSIGDEF);
	build_env(p, &env);
	err = posix_spawnp(&pid, a->v[0], &fa, &attr, a->v, env.v);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	argv_release(&env);
	if (err)
		return -err;

	deadline = now_secs() + limit;
	for (;;) {
		siginfo_t si;

		/* WNOWAIT keeps the zombie, so its pid (the group id) cannot be reused yet */
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			kill(-pid, SIGKILL);
			reap(pid, status);
			return err;
		}
		if (si.si_pid == pid) {
			/* a driver that died abnormally may leave cc1 or as running */
			if (si.si_code != CLD_EXITED)
				kill(-pid, SIGKILL);
			reap(pid, status);
			return 0;
		}
		if (now_secs() >= deadline) {
			kill(-pid, SIGKILL);
			reap(pid, status);
			return -ETIMEDOUT;
		}
		nanosleep(&(struct timespec){ .tv_nsec = delay_ns }, NULL);
		if (delay_ns < 50000000)
			delay_ns *= 2;
	}
}

/* Appends LINE with our probe file's path replaced by a name that means something. */
static void add_diag_line(const struct probe *p, struct dstr *out, const char *line, size_t n)
{
	size_t src_len = strlen(p->src);
	size_t start = out->len;

	while (n) {
		const char *hit = memmem(line, n, p->src, src_len);
		size_t k = hit ? (size_t)(hit - line) : n;

		dstr_addn(out, line, k);
		if (!hit)
			break;
		dstr_add(out, "<probe>");
		line += k + src_len;
		n -= k + src_len;
	}
	while (out->len > start &&
	       (out->buf[out->len - 1] == ' ' || out->buf[out->len - 1] == '\t' ||
		out->buf[out->len - 1] == '\r'))
		out->buf[--out->len] = '\0';
	if (out->len - start > MAX_DIAG_LINE_BYTES) {
		out->len = start + MAX_DIAG_LINE_BYTES;
		out->buf[out->len] = '\0';
		dstr_add(out, " ...");
	}
}

/* The compiler's output, trimmed to its first lines; "" when it printed nothing. */
static char *compiler_output(const struct probe *p)
{
	struct dstr out;
	char *buf = xmalloc(MAX_LOG_BYTES + 1);
	size_t n = 0, lines = 0, more = 0;
	FILE *f = fopen(p->log, "r");

	dstr_init(&out);
	if (f) {
		n = fread(buf, 1, MAX_LOG_BYTES, f);
		fclose(f);
	}
	buf[n] = '\0';
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (buf + i)) : n - i;

		if (lines < MAX_DIAG_LINES) {
			if (out.len)
				dstr_addch(&out, '\n');
			add_diag_line(p, &out, buf + i, len);
			lines++;
		} else {
			more++;
		}
		i += len + 1;
	}
	if (more)
		dstr_addf(&out, "\n... (%zu more line%s)", more, more == 1 ? "" : "s");
	free(buf);
	return dstr_detach(&out);
}

static int report_compile_failure(const struct probe *p, int rc, int status)
{
	char *text = compiler_output(p);
	const char *sep = *text ? ":\n" : "";
	int err;

	if (rc == -ETIMEDOUT)
		err = pr_error(ETIMEDOUT,
			       "%s: the compiler '%s' did not finish within %u s for %s; "
			       "killed it%s%s",
			       p->label, p->cc_name, timeout_secs(), p->arch, sep, text);
	else if (WIFSIGNALED(status))
		err = pr_error(EIO, "%s: the compiler '%s' was killed by signal %d (%s) for %s%s%s",
			       p->label, p->cc_name, WTERMSIG(status), strsignal(WTERMSIG(status)),
			       p->arch, sep, text);
	else if (*text)
		err = pr_error(EINVAL, "%s: does not compile for %s:\n%s", p->label, p->arch, text);
	else
		err = pr_error(EINVAL, "%s: does not compile for %s: '%s' exited with status %d",
			       p->label, p->arch, p->cc_name, WEXITSTATUS(status));
	free(text);
	return err;
}

static int compile(struct probe *p)
{
	struct argv a = { 0 };
	int rc, status = 0, err;

	err = build_argv(p, &a);
	if (err)
		goto out;
	rc = run_compiler(p, &a, timeout_secs(), &status);
	if (rc == -ETIMEDOUT || (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))) {
		err = report_compile_failure(p, rc, status);
	} else if (rc < 0) {
		/* the command itself, which may be a launcher (ccache) rather than cc_name */
		if (p->o->cc)
			err = pr_error(rc, "%s: cannot run '%s': %s; check --cc", p->arch, a.v[0],
				       strerror(-rc));
		else
			err = pr_error(rc, "%s: cannot run '%s': %s; install %s or pass --cc",
				       p->arch, a.v[0], strerror(-rc), a.v[0]);
	}
out:
	argv_release(&a);
	return err;
}

static int read_object(struct probe *p, struct corpus **out)
{
	static const char magic[4] = { 0x7f, 'E', 'L', 'F' };
	char head[4] = { 0 };
	struct input_opts eo;
	struct corpus *c = NULL;
	struct stat st;
	struct dstr s;
	FILE *f;
	int err;

	f = fopen(p->obj, "rb");
	if (!f || fstat(fileno(f), &st) < 0 || fread(head, 1, sizeof(head), f) != sizeof(head) ||
	    memcmp(head, magic, sizeof(magic)) != 0) {
		if (f)
			fclose(f);
		return pr_error(EINVAL, "%s: the compiler '%s' wrote no ELF object for %s",
				p->label, p->cc_name, p->arch);
	}
	fclose(f);
	/* the object is ours and has DWARF: no reading around a missing one */
	eo = *p->o;
	eo.flags &= ~(unsigned int)ABIDRIFT_READ_ALLOW_NO_DWARF;
	err = input_read_elf(p->obj, &eo, &c);
	if (err)
		return err;

	/* the object's path means nothing once the directory is gone */
	free(c->path);
	dstr_init(&s);
	dstr_addf(&s, "%s (%s)", p->label, p->arch);
	c->path = dstr_detach(&s);

	if (strcmp(c->target.arch, p->dm.arch) != 0) {
		err = pr_error(EINVAL,
			       "%s: the compiler '%s' built for %s, not %s; pass a compiler "
			       "for %s with --cc",
			       p->label, p->cc_name, c->target.arch, p->arch, p->arch);
		corpus_free(c);
		return err;
	}

	c->root_files = xcalloc(p->nr_headers, sizeof(*c->root_files));
	for (size_t i = 0; i < p->nr_headers; i++)
		c->root_files[i] = xstrdup(p->headers[i]);
	c->nr_root_files = p->nr_headers;
	*out = c;
	return 0;
}

static int unknown_arch(const char *arch)
{
	const char *const *names = data_model_arches();
	struct dstr s;
	int err;

	dstr_init(&s);
	for (size_t i = 0; names[i]; i++)
		dstr_addf(&s, "%s%s", i ? ", " : "", names[i]);
	err = pr_error(ENOENT, "%s: unknown target; known targets: %s", arch, s.buf);
	dstr_release(&s);
	return err;
}

static void free_paths(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int probe_read(const char *const *headers, size_t nr_headers, const struct input_opts *o,
	       const char *arch, struct corpus **out)
{
	struct probe p;
	int err;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.o = o;
	p.names = headers;
	p.nr_headers = nr_headers;
	p.arch = arch;
	if (data_model_by_arch(arch, &p.dm) < 0)
		return unknown_arch(arch);
	if (!nr_headers)
		return pr_error(EINVAL, "%s: no header to probe", arch);

	p.label = make_label(&p);
	p.headers = xcalloc(nr_headers, sizeof(*p.headers));
	p.preludes = xcalloc(o->nr_preludes ? o->nr_preludes : 1, sizeof(*p.preludes));
	for (size_t i = 0; i < o->nr_preludes; i++) {
		err = resolve_file(o->preludes[i], &p.preludes[i]);
		if (err)
			goto out;
	}
	for (size_t i = 0; i < nr_headers; i++) {
		err = resolve_file(headers[i], &p.headers[i]);
		if (err)
			goto out;
	}

	err = make_dir(&p);
	if (!err)
		err = write_source(&p);
	if (!err)
		err = compile(&p);
	if (!err)
		err = read_object(&p, out);
out:
	remove_dir(&p);
	free_paths(p.headers, nr_headers);
	free_paths(p.preludes, o->nr_preludes);
	free(p.label);
	free(p.cc_name);
	free(p.dir);
	free(p.src);
	free(p.obj);
	free(p.log);
	return err;
}
