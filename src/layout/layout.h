/* SPDX-License-Identifier: MIT */
/*
 * C layout rules per target data model: sizes and alignments of the base types,
 * pointer and long width, in-struct alignment of 8-byte integers and doubles, bitfield
 * allocation, packed and aligned(N). layout_retarget() recomputes a whole corpus for
 * another target from the model alone, so that "what would this struct look like on
 * i386?" is answered without an i386 compiler.
 */
#ifndef ABIDRIFT_LAYOUT_H
#define ABIDRIFT_LAYOUT_H

#include "model/model.h"

struct data_model {
	char arch[24];
	uint16_t machine;
	uint8_t elf_class, byte_order;
	uint8_t ptr_size, long_size;
	uint8_t int64_align;       /* long long, int64 inside structs */
	uint8_t double_align;
	uint8_t long_double_size, long_double_align;
	uint8_t max_align;         /* the largest alignment of a scalar */
	bool char_signed;
	const char *triple;        /* for clang --target= */
};

/* The data model of a target name ("i386", "arm", ...); -ENOENT if unknown. */
int data_model_by_arch(const char *arch, struct data_model *out);
/* The data model of a corpus's target (falls back to a generic model). */
void data_model_of(const struct target *t, struct data_model *out);
/*
 * Typedef names that promise a width whatever the target (uint64_t, __u32, __le16,
 * u_int8_t, ...): the width in bytes, 0 for any other name.
 */
unsigned layout_fixed_width(const char *name);

/* Names of every known target, NULL-terminated. */
const char *const *data_model_arches(void);

/*
 * A new, finalized corpus: SRC's types and symbols laid out for DM. Sizes that follow
 * the data model (int, long, pointers, long double, size_t...) change; fixed-width
 * types (uint64_t and its kin, recognised by their typedef names) keep their width;
 * packing, aligned(N) and bitfields are laid out again by DM's rules.
 */
int layout_retarget(const struct corpus *src, const struct data_model *dm, struct corpus **out);

#endif
