/* SPDX-License-Identifier: MIT */
/*
 * Attribute getters for the DWARF reader, with "absent" told apart from "error"; DIE
 * identity (keys unique across units); declaration file and line; error messages that
 * name the DIE.
 */
#include "dwarf/reader.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;

	return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

int die_error(struct dwarf_reader *r, Dwarf_Die *die, const char *what)
{
	const char *name = die_name(die);

	if (r->err)
		return r->err;
	if (name)
		r->err = pr_error(EINVAL, "%s: DIE 0x%" PRIx64 " ('%.64s%s'): %s", r->c->path,
				  (uint64_t)dwarf_dieoffset(die), name, strlen(name) > 64 ? "..." : "",
				  what);
	else
		r->err = pr_error(EINVAL, "%s: DIE 0x%" PRIx64 ": %s", r->c->path,
				  (uint64_t)dwarf_dieoffset(die), what);
	return r->err;
}

uint64_t die_key(struct dwarf_reader *r, Dwarf_Die *die)
{
	uint64_t cu = (uint64_t)(uintptr_t)die->cu, idx;

	/*
	 * Offsets are unique within a section only: type units (.debug_types) and dwz
	 * alternate files reuse them. A DIE's unit tells them apart.
	 */
	if (!hashmap_get(&r->cu_index, cu, &idx)) {
		idx = ++r->next_cu;
		hashmap_set(&r->cu_index, cu, idx);
	}
	return (idx << 40 | (uint64_t)dwarf_dieoffset(die)) + 1;
}

/* Attribute getters: -ENOENT when absent, never 0 for "absent". */
int attr_udata(Dwarf_Die *die, unsigned name, uint64_t *val)
{
	Dwarf_Attribute attr;
	Dwarf_Word w;

	if (!dwarf_attr(die, name, &attr))
		return -ENOENT;
	if (dwarf_formudata(&attr, &w) != 0)
		return -EINVAL;
	*val = w;
	return 0;
}

int attr_sdata(Dwarf_Die *die, unsigned name, int64_t *val)
{
	Dwarf_Attribute attr;
	Dwarf_Sword w;

	if (!dwarf_attr(die, name, &attr))
		return -ENOENT;
	if (dwarf_formsdata(&attr, &w) != 0)
		return -EINVAL;
	*val = w;
	return 0;
}

bool attr_flag(Dwarf_Die *die, unsigned name)
{
	Dwarf_Attribute attr;
	bool f = false;

	if (!dwarf_attr(die, name, &attr))
		return false;
	return dwarf_formflag(&attr, &f) == 0 && f;
}

void die_file_line(struct dwarf_reader *r, Dwarf_Die *die, struct type *t)
{
	Dwarf_Die cudie;
	uint64_t idx, fidx;
	uint64_t cu_key;
	int line;
	const char *path;

	if (dwarf_decl_line(die, &line) == 0 && line > 0)
		t->line = (uint32_t)line;
	if (attr_udata(die, DW_AT_decl_file, &fidx) != 0)
		return;
	if (!dwarf_diecu(die, &cudie, NULL, NULL))
		return;
	cu_key = (uint64_t)(uintptr_t)die->cu;
	if (!hashmap_get(&r->files_cu, cu_key, &idx)) {
		Dwarf_Files *files;
		size_t nr;
		Dwarf_Attribute attr;

		ARRAY_GROW(r->files, r->cap_files, r->nr_files + 1);
		if (dwarf_getsrcfiles(&cudie, &files, &nr) != 0) {
			files = NULL;
			nr = 0;
		}
		r->files[r->nr_files].files = files;
		r->files[r->nr_files].nr = nr;
		r->files[r->nr_files].comp_dir =
			dwarf_formstring(dwarf_attr(&cudie, DW_AT_comp_dir, &attr));
		idx = ++r->nr_files;
		hashmap_set(&r->files_cu, cu_key, idx);
	}
	if (!r->files[idx - 1].files || fidx >= r->files[idx - 1].nr)
		return;
	path = dwarf_filesrc(r->files[idx - 1].files, fidx, NULL, NULL);
	if (!path)
		return;
	/* Paths under the build directory are kept relative, so baselines do not churn. */
	if (r->files[idx - 1].comp_dir) {
		size_t n = strlen(r->files[idx - 1].comp_dir);

		if (n && strncmp(path, r->files[idx - 1].comp_dir, n) == 0 && path[n] == '/')
			path += n + 1;
	}
	t->file_off = corpus_str(r->c, path);
}

uint64_t die_byte_size(Dwarf_Die *die)
{
	uint64_t v;

	if (attr_udata(die, DW_AT_byte_size, &v) == 0)
		return v;
	if (attr_udata(die, DW_AT_bit_size, &v) == 0)
		return (v + 7) / 8;
	return 0;
}
