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

#include "input/input.h"

struct elf_session {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwfl_Callbacks callbacks; /* libdwfl keeps a pointer: it lives as long as dwfl */
	char *debuginfo_path;	  /* NULL: libdwfl's default search path */
	struct elf_syms syms;
	bool has_debug;
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
	free(s->debuginfo_path);
	elf_syms_release(&s->syms);
	free(s);
}
