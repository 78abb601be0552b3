/* SPDX-License-Identifier: MIT */
/*
 * The ELF session: opening a file, the checks and ELF-side reads done with plain libelf,
 * and the libdwfl session a type source reads through. libdwfl is used with its standard
 * callbacks, so ET_REL relocations are applied and separate debug info is found by
 * build-id or .gnu_debuglink, in the debug-info directories the caller gives.
 */
#include "elf/session.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <elfutils/libdwelf.h>

#include "input/input.h"

struct elf_session {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwfl_Callbacks callbacks; /* libdwfl keeps a pointer: it lives as long as dwfl */
	char *debuginfo_path;	  /* NULL: libdwfl's default search path */
	struct elf_syms syms;
	struct elf_facts facts;
	bool has_debug;
	char *path;
	char **debug_dirs;
	size_t nr_debug_dirs;
	Dwarf *alt; /* a dwz alternate file this session opened itself */
	int alt_fd;
};

void elf_syms_release(struct elf_syms *s)
{
	free(s->addr);
	free(s->is_def);
	memset(s, 0, sizeof(*s));
}

/* libdwfl's search path: the directories separated by colons, or NULL for its default. */
static char *debuginfo_path(const struct input_opts *o)
{
	struct dstr s;

	if (!o || !o->nr_debug_dirs)
		return NULL;
	dstr_init(&s);
	for (size_t i = 0; i < o->nr_debug_dirs; i++)
		dstr_addf(&s, "%s%s", i ? ":" : "", o->debug_dirs[i]);
	return dstr_detach(&s);
}

/* The checks and ELF-side reads, with plain libelf before libdwfl trusts the file. */
static int read_elf_side(struct elf_session *s, struct corpus *c, const char *path)
{
	struct stat st;
	Elf *elf;
	int fd, err;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pr_error(errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		err = pr_error(errno, "%s: %s", path, strerror(errno));
		close(fd);
		return err;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		err = pr_error(EINVAL, "%s: not a readable ELF file: %s", path, elf_errmsg(-1));
		close(fd);
		return err;
	}
	err = elf_check(c, elf, (uint64_t)st.st_size, &s->has_debug);
	if (!err)
		err = elf_read(c, elf, &s->syms);
	if (!err)
		err = elf_inspect(c, elf, &s->facts);
	if (!err)
		err = elf_refuse(c, &s->facts);
	elf_end(elf);
	close(fd);
	return err;
}

int elf_session_open(struct corpus *c, const char *path, const struct input_opts *o,
		     struct elf_session **out)
{
	struct elf_session *s = xcalloc(1, sizeof(*s));
	int err;

	*out = NULL;
	err = read_elf_side(s, c, path);
	if (err)
		goto fail;
	s->debuginfo_path = debuginfo_path(o);
	s->path = xstrdup(path);
	s->alt_fd = -1;
	for (size_t i = 0; o && i < o->nr_debug_dirs; i++) {
		s->debug_dirs = xrealloc(s->debug_dirs, (i + 1) * sizeof(*s->debug_dirs));
		s->debug_dirs[s->nr_debug_dirs++] = xstrdup(o->debug_dirs[i]);
	}
	s->callbacks = (Dwfl_Callbacks){
		.find_elf = dwfl_build_id_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
		.debuginfo_path = &s->debuginfo_path,
	};
	s->dwfl = dwfl_begin(&s->callbacks);
	if (!s->dwfl) {
		err = pr_error(ENOMEM, "%s: %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	dwfl_report_begin(s->dwfl);
	s->mod = dwfl_report_offline(s->dwfl, path, path, -1);
	dwfl_report_end(s->dwfl, NULL, NULL);
	if (!s->mod) {
		err = pr_error(EINVAL, "%s: cannot read ELF: %s", path, dwfl_errmsg(-1));
		goto fail;
	}
	*out = s;
	return 0;
fail:
	elf_session_close(s);
	return err;
}

const struct elf_syms *elf_session_syms(const struct elf_session *s)
{
	return &s->syms;
}

Dwfl_Module *elf_session_module(const struct elf_session *s)
{
	return s->mod;
}

const struct elf_facts *elf_session_facts(const struct elf_session *s)
{
	return &s->facts;
}

bool elf_session_has_debug(const struct elf_session *s)
{
	return s->has_debug;
}

void elf_session_rebase_syms(struct elf_session *s)
{
	GElf_Addr bias;

	if (dwfl_module_getelf(s->mod, &bias))
		for (size_t i = 0; i < s->syms.nr; i++)
			s->syms.addr[i] += bias;
}

void elf_session_close(struct elf_session *s)
{
	if (!s)
		return;
	if (s->dwfl)
		dwfl_end(s->dwfl);
	if (s->alt)
		dwarf_end(s->alt);
	if (s->alt_fd >= 0)
		close(s->alt_fd);
	for (size_t i = 0; i < s->nr_debug_dirs; i++)
		free(s->debug_dirs[i]);
	free(s->debug_dirs);
	free(s->path);
	free(s->debuginfo_path);
	elf_syms_release(&s->syms);
	free(s);
}

static Dwarf *open_alt(const char *file, int *fd, bool *exists)
{
	Dwarf *dw;

	*fd = open(file, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	*exists = true;
	dw = dwarf_begin(*fd, DWARF_C_READ);
	if (!dw) {
		close(*fd);
		*fd = -1;
	}
	return dw;
}

/*
 * libdwfl 0.188 does not attach the alternate file that dwz's .gnu_debugaltlink names
 * when it reads a file offline (strings and types in it then read as absent), so look
 * where the link points: relative to the file's directory, then in each debug-info
 * directory by name and by build id. -ENOENT when no candidate exists, -EINVAL when one
 * exists but libdw cannot read it (a dwz file holding only strings has no units, and
 * libdw 0.188 refuses such a file).
 */
int elf_session_attach_alt(struct elf_session *s, Dwarf *dw)
{
	const void *build_id;
	const char *name;
	ssize_t n;
	struct dstr cand;
	int ok = 0;
	bool exists = false;

	if (!s->facts.altlink || dwarf_getalt(dw))
		return 0;
	n = dwelf_dwarf_gnu_debugaltlink(dw, &name, &build_id);
	if (n <= 0)
		return -ENOENT;
	dstr_init(&cand);
	for (size_t i = 0; !s->alt && i <= s->nr_debug_dirs * 2; i++) {
		const char *slash = strrchr(s->path, '/');

		dstr_reset(&cand);
		if (i == 0 && name[0] == '/')
			dstr_addf(&cand, "%s", name);
		else if (i == 0)
			dstr_addf(&cand, "%.*s%s", slash ? (int)(slash - s->path + 1) : 0, s->path,
				  name);
		else if (i % 2)
			dstr_addf(&cand, "%s/%s", s->debug_dirs[(i - 1) / 2], strrchr(name, '/') ?
				  strrchr(name, '/') + 1 : name);
		else {
			const unsigned char *id = build_id;

			dstr_addf(&cand, "%s/.build-id/%02x/", s->debug_dirs[(i - 1) / 2], id[0]);
			for (ssize_t k = 1; k < n; k++)
				dstr_addf(&cand, "%02x", id[k]);
			dstr_addf(&cand, ".debug");
		}
		s->alt = open_alt(cand.buf, &s->alt_fd, &exists);
	}
	if (s->alt) {
		dwarf_setalt(dw, s->alt);
		ok = 1;
	}
	dstr_release(&cand);
	return ok ? 0 : exists ? -EINVAL : -ENOENT;
}
