/* SPDX-License-Identifier: MIT */
/*
 * The ELF side of a corpus, read with libelf: target (machine, class, byte order), file
 * kind, SONAME, and the exported symbols with their versions (SHT_GNU_verdef and versym)
 * and addresses (through .opd descriptors on ppc64 ELFv1), kept aside for linking
 * symbols to their types.
 */
#include "elf/session.h"

#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

static Elf_Scn *find_section(Elf *elf, uint32_t type)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;

		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == type)
			return scn;
	}
	return NULL;
}

static bool has_interp(Elf *elf)
{
	size_t n;

	if (elf_getphdrnum(elf, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP)
			return true;
	}
	return false;
}

static void read_soname(struct corpus *c, Elf *elf)
{
	Elf_Scn *scn = find_section(elf, SHT_DYNAMIC);
	GElf_Shdr shdr;
	Elf_Data *data;

	if (!scn || !gelf_getshdr(scn, &shdr) || !(data = elf_getdata(scn, NULL)))
		return;
	for (size_t i = 0; shdr.sh_entsize && i < shdr.sh_size / shdr.sh_entsize; i++) {
		GElf_Dyn dyn;
		const char *s;

		if (!gelf_getdyn(data, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_SONAME && (s = elf_strptr(elf, shdr.sh_link, dyn.d_un.d_val)))
			c->soname_off = corpus_str(c, s);
	}
}

/* Version names by index, from SHT_GNU_verdef. */
struct verdefs {
	uint32_t *name_off; /* by version index; 0 if none */
	size_t nr;
};

static void read_verdefs(struct corpus *c, Elf *elf, struct verdefs *v)
{
	Elf_Scn *scn = find_section(elf, SHT_GNU_verdef);
	GElf_Shdr shdr;
	Elf_Data *data;
	size_t off = 0;

	memset(v, 0, sizeof(*v));
	if (!scn || !gelf_getshdr(scn, &shdr) || !(data = elf_getdata(scn, NULL)))
		return;
	/* Bounded by sh_info entries and by the section size: a cycle cannot loop. */
	for (size_t n = 0; n < shdr.sh_info && n < 65536; n++) {
		GElf_Verdef vd;
		GElf_Verdaux va;
		const char *name;

		if (!gelf_getverdef(data, (int)off, &vd))
			break;
		if (vd.vd_cnt && gelf_getverdaux(data, (int)(off + vd.vd_aux), &va) &&
		    (name = elf_strptr(elf, shdr.sh_link, va.vda_name)) &&
		    !(vd.vd_flags & VER_FLG_BASE)) {
			if (vd.vd_ndx >= v->nr) {
				size_t nnr = (size_t)vd.vd_ndx + 1;

				v->name_off = xrealloc(v->name_off, nnr * sizeof(*v->name_off));
				memset(v->name_off + v->nr, 0, (nnr - v->nr) * sizeof(*v->name_off));
				v->nr = nnr;
			}
			v->name_off[vd.vd_ndx] = corpus_str(c, name);
		}
		if (!vd.vd_next || vd.vd_next > data->d_size - off)
			break;
		off += vd.vd_next;
	}
}

static int sym_kind(const GElf_Sym *sym)
{
	switch (GELF_ST_TYPE(sym->st_info)) {
	case STT_FUNC:
		return SYM_FUNC;
	case STT_OBJECT:
	case STT_COMMON:
		return SYM_VAR;
	case STT_TLS:
		return SYM_TLS;
	case STT_GNU_IFUNC:
		return SYM_IFUNC;
	default:
		return 0;
	}
}

/*
 * ppc64 ELFv1 function symbols name a descriptor in .opd whose first doubleword is the
 * entry point, which is what DWARF's low_pc holds. The linker either writes it there or
 * leaves it to an R_PPC64_RELATIVE relocation's addend (lld): read both.
 */
struct opd {
	size_t shndx;
	uint64_t addr, size;
	struct hashmap entry; /* descriptor address + 1 -> entry + 1 */
};

static void read_opd(Elf *elf, const GElf_Ehdr *ehdr, struct opd *opd)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf_Data *data = NULL;

	memset(opd, 0, sizeof(*opd));
	hashmap_init(&opd->entry);
	/* e_flags is no guide: lld 14 marks ELFv1 output with .opd as ELFv2 */
	if (ehdr->e_machine != EM_PPC64 || elf_getshdrstrndx(elf, &shstrndx) != 0)
		return;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(elf, shstrndx, sh.sh_name)) &&
		    strcmp(name, ".opd") == 0 && sh.sh_type == SHT_PROGBITS) {
			opd->shndx = elf_ndxscn(scn);
			opd->addr = sh.sh_addr;
			opd->size = sh.sh_size;
			data = elf_getdata(scn, NULL);
			break;
		}
	}
	if (!opd->shndx)
		return;
	if (data && data->d_buf) {
		for (uint64_t off = 0; off + 8 <= data->d_size; off += 8) {
			GElf_Xword v;
			Elf_Data src = { .d_buf = (char *)data->d_buf + off, .d_type = ELF_T_XWORD,
					 .d_size = 8, .d_version = EV_CURRENT };
			Elf_Data dst = { .d_buf = &v, .d_type = ELF_T_XWORD, .d_size = 8,
					 .d_version = EV_CURRENT };

			if (gelf_xlatetom(elf, &dst, &src, ehdr->e_ident[EI_DATA]) && v)
				hashmap_set(&opd->entry, opd->addr + off + 1, v + 1);
		}
	}
	scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *rd;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || !sh.sh_entsize ||
		    !(rd = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Rela rela;

			if (!gelf_getrela(rd, (int)i, &rela))
				break;
			if (GELF_R_TYPE(rela.r_info) == 22 /* R_PPC64_RELATIVE */ &&
			    rela.r_offset >= opd->addr && rela.r_offset - opd->addr < opd->size &&
			    !hashmap_get(&opd->entry, rela.r_offset + 1, NULL))
				hashmap_set(&opd->entry, rela.r_offset + 1, (uint64_t)rela.r_addend + 1);
		}
	}
}

int elf_read(struct corpus *c, Elf *elf, struct elf_syms *syms)
{
	struct opd opd;
	GElf_Ehdr ehdr;
	Elf_Scn *scn;
	GElf_Shdr shdr;
	Elf_Data *data, *versym = NULL;
	struct verdefs vd;
	size_t nr;

	if (!gelf_getehdr(elf, &ehdr))
		return pr_error(EINVAL, "%s: corrupt ELF header: %s", c->path, elf_errmsg(-1));
	target_init(&c->target, ehdr.e_machine, ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 64 : 32,
		    ehdr.e_ident[EI_DATA] == ELFDATA2MSB ? ORDER_BIG : ORDER_LITTLE);
	switch (ehdr.e_type) {
	case ET_REL:
		c->file_kind = FILE_RELOCATABLE;
		break;
	case ET_DYN:
		/* A PIE is ET_DYN too; it has an interpreter and no SONAME, which is fine. */
		c->file_kind = FILE_SHARED;
		break;
	case ET_EXEC:
		c->file_kind = FILE_EXECUTABLE;
		break;
	default:
		return pr_error(EINVAL, "%s: ELF type %u is not an object, library or executable",
				c->path, ehdr.e_type);
	}
	if (c->file_kind != FILE_RELOCATABLE)
		read_soname(c, elf);
	if (c->file_kind == FILE_SHARED && !c->soname_off && has_interp(elf))
		c->file_kind = FILE_EXECUTABLE;

	scn = find_section(elf, c->file_kind == FILE_RELOCATABLE ? SHT_SYMTAB : SHT_DYNSYM);
	if (!scn || !gelf_getshdr(scn, &shdr) || !(data = elf_getdata(scn, NULL)) ||
	    !shdr.sh_entsize)
		return 0;
	if (c->file_kind != FILE_RELOCATABLE) {
		Elf_Scn *vs = find_section(elf, SHT_GNU_versym);

		if (vs)
			versym = elf_getdata(vs, NULL);
	}
	read_verdefs(c, elf, &vd);
	read_opd(elf, &ehdr, &opd);
	nr = shdr.sh_size / shdr.sh_entsize;
	for (size_t i = 1; i < nr; i++) {
		GElf_Sym sym;
		const char *name;
		struct symbol *s;
		int kind, bind = GELF_ST_BIND(0);
		uint16_t ver = 0;

		if (!gelf_getsym(data, (int)i, &sym))
			break;
		switch (GELF_ST_BIND(sym.st_info)) {
		case STB_GLOBAL:
			bind = BIND_GLOBAL;
			break;
		case STB_WEAK:
			bind = BIND_WEAK;
			break;
		case STB_GNU_UNIQUE:
			bind = BIND_UNIQUE;
			break;
		default:
			continue;
		}
		if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS)
			continue;
		if (GELF_ST_VISIBILITY(sym.st_other) != STV_DEFAULT &&
		    GELF_ST_VISIBILITY(sym.st_other) != STV_PROTECTED)
			continue;
		kind = sym_kind(&sym);
		if (!kind)
			continue;
		name = elf_strptr(elf, shdr.sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		if (versym) {
			GElf_Versym v;

			if (gelf_getversym(versym, (int)i, &v))
				ver = v;
		}
		s = corpus_add_symbol(c);
		s->name_off = corpus_str(c, name);
		s->kind = (uint8_t)kind;
		s->binding = (uint8_t)bind;
		s->visibility = GELF_ST_VISIBILITY(sym.st_other) == STV_PROTECTED ? VIS_PROTECTED :
										    VIS_DEFAULT;
		s->size = sym.st_size;
		if ((ver & 0x7fff) > 1 && (ver & 0x7fff) < vd.nr && vd.name_off[ver & 0x7fff]) {
			s->version_off = vd.name_off[ver & 0x7fff];
			s->default_version = !(ver & 0x8000);
		}
		ARRAY_GROW(syms->addr, syms->cap, c->nr_syms);
		syms->is_def = xrealloc(syms->is_def, syms->cap);
		syms->addr[c->nr_syms - 1] = sym.st_value;
		if (opd.shndx && sym.st_shndx == opd.shndx) {
			uint64_t entry;

			if (hashmap_get(&opd.entry, sym.st_value + 1, &entry))
				syms->addr[c->nr_syms - 1] = entry - 1;
		}
		syms->is_def[c->nr_syms - 1] = sym.st_shndx != SHN_COMMON;
		syms->nr = c->nr_syms;
	}
	free(vd.name_off);
	hashmap_release(&opd.entry);
	return 0;
}
