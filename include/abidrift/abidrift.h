/* SPDX-License-Identifier: MIT */
/*
 * libabidrift: read the ABI of compiled C interfaces (ELF + DWARF, or an abidrift
 * baseline) into a corpus, and write or inspect it.
 *
 * Objects are opaque. Functions return >= 0 on success and a negative errno on failure;
 * the library never prints: diagnostics go to the callback set with abidrift_set_print().
 */
#ifndef ABIDRIFT_ABIDRIFT_H
#define ABIDRIFT_ABIDRIFT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ABIDRIFT_API __attribute__((visibility("default")))

#define ABIDRIFT_BASELINE_VERSION 1

enum abidrift_print_level {
	ABIDRIFT_ERROR,
	ABIDRIFT_WARN,
	ABIDRIFT_INFO,
};

/* Receives "FILE: what is wrong" style messages, without a trailing newline. */
typedef void (*abidrift_print_fn)(enum abidrift_print_level level, const char *fmt,
				  va_list ap);
ABIDRIFT_API void abidrift_set_print(abidrift_print_fn fn);

ABIDRIFT_API const char *abidrift_version(void);

struct abidrift_corpus;

/*
 * Read PATH, an ELF file with DWARF or an abidrift baseline (recognised by content).
 * On success *out owns a corpus to free with abidrift_corpus__free().
 */
ABIDRIFT_API int abidrift_corpus__read(const char *path, struct abidrift_corpus **out);

/* Flags for abidrift_corpus__read_flags(). */
enum {
	/* An ELF file without DWARF gives a corpus of its symbols only, not an error. */
	ABIDRIFT_READ_ALLOW_NO_DWARF = 1u << 0,
};
ABIDRIFT_API int abidrift_corpus__read_flags(const char *path, unsigned int flags,
					     struct abidrift_corpus **out);
ABIDRIFT_API void abidrift_corpus__free(struct abidrift_corpus *c);

/* Target data model name: "x86_64", "i386", "aarch64", "arm", "riscv64", ... */
ABIDRIFT_API const char *abidrift_corpus__arch(const struct abidrift_corpus *c);
ABIDRIFT_API size_t abidrift_corpus__nr_types(const struct abidrift_corpus *c);
ABIDRIFT_API size_t abidrift_corpus__nr_symbols(const struct abidrift_corpus *c);

/* Write the canonical baseline JSON to FP. */
ABIDRIFT_API int abidrift_corpus__write_baseline(const struct abidrift_corpus *c, FILE *fp);

/*
 * Write the layout view of the named struct and union types (all of them when nr_names
 * is 0) to FP. Returns -ENOENT, after reporting each, when a name matches no type.
 */
ABIDRIFT_API int abidrift_corpus__show(const struct abidrift_corpus *c, FILE *fp,
				       const char *const *names, size_t nr_names);

#ifdef __cplusplus
}
#endif

#endif
