/* SPDX-License-Identifier: MIT */
/*
 * `abidrift diff`: two corpora of one target -> a list of changes.
 *
 * The comparison walks both type graphs from matched roots (symbols; and named types for
 * relocatable objects), memoising compared pairs so recursive types end. Each change is
 * recorded once, on the named type (or symbol) where it happens, with the list of
 * exported symbols through which it is reachable (leaf-change style). Reporters format
 * the result; nothing here does I/O.
 */
#ifndef ABIDRIFT_DIFF_H
#define ABIDRIFT_DIFF_H

#include "model/model.h"

enum change_kind {
	CH_SYMBOL_REMOVED,
	CH_SYMBOL_ADDED,
	CH_SYMBOL_VERSION_CHANGED,
	CH_SYMBOL_KIND_CHANGED,
	CH_RETURN_TYPE,
	CH_PARAM_ADDED,
	CH_PARAM_REMOVED,
	CH_PARAM_TYPE,
	CH_VARIADIC_CHANGED,
	CH_VARIABLE_TYPE,
	CH_TYPE_KIND_CHANGED,
	CH_TYPE_SIZE,
	CH_TYPE_ALIGNMENT,
	CH_MEMBER_REMOVED,
	CH_MEMBER_ADDED,
	CH_MEMBER_OFFSET,
	CH_MEMBER_TYPE,
	CH_MEMBER_RENAMED,
	CH_BITFIELD_CHANGED,
	CH_ENUM_SIZE,
	CH_ENUMERATOR_REMOVED,
	CH_ENUMERATOR_ADDED,
	CH_ENUMERATOR_VALUE,
	CH_ENUMERATOR_RENAMED,
	CH_TYPEDEF_TARGET,
	CH_QUALIFIER_CHANGED,
	CH_ARRAY_SIZE,
	CH_BECAME_OPAQUE,
	CH_BECAME_DEFINED,
	CH_SONAME_CHANGED,
	NR_CHANGE_KINDS,
};

enum severity { SEV_NONE = 0, SEV_COMPATIBLE, SEV_BREAKING };

/* What a change is about, for suppressions and reports. */
enum subject_kind {
	SUBJ_TYPE,     /* a named type (or an anonymous one named by position) */
	SUBJ_FUNCTION, /* a function symbol: its presence or signature */
	SUBJ_VARIABLE, /* a variable symbol */
	SUBJ_FILE,     /* the file itself (soname) */
};

struct change {
	enum change_kind kind;
	enum severity severity;
	enum subject_kind subject;
	/*
	 * subject_name: "struct foo", "union u", "enum e", "typedef t", or the symbol's
	 * name; type_kind: the type's kind (KIND_STRUCT, ...) when the subject is a type.
	 */
	char *subject_name;
	char *type_name; /* bare name of the type ("foo"), NULL for symbols */
	int type_kind;
	char *symbol_version; /* for symbol subjects, NULL if unversioned */
	char *path;           /* "struct foo.bar.baz", "f(param 2 'len')", "f" */
	char *old_value;      /* NULL when not applicable */
	char *new_value;
	bool values_numeric;  /* old/new hold decimal integers */
	char *file;           /* declaration file (NEW side, or OLD when removed) */
	uint32_t line;
	char *note;           /* an explanation, e.g. for pointer-only growth */
	char **symbols;       /* names of the exported symbols that reach it (without
			       * versions; a name under several versions once), sorted,
			       * NULL-terminated */
	size_t nr_symbols;
	/* set by suppression: */
	bool suppressed;
	char *suppressed_by; /* "FILE:LINE" of the rule */
	char *reason;
};

struct diff_opts {
	bool symbols_only;
	const char *const *headers_dirs; /* NULL-terminated, or NULL */
};

struct diff {
	const struct corpus *old, *new;
	struct change *changes;
	size_t nr_changes, cap_changes;
	size_t counts[3]; /* unsuppressed changes by severity */
	size_t nr_suppressed;
};

/* Compare; on success fill *d (release with diff_release). */
int diff_corpora(const struct corpus *old, const struct corpus *new, const struct diff_opts *o,
		 struct diff *d);
void diff_release(struct diff *d);
/* Recount d->counts and nr_suppressed after suppressions were applied. */
void diff_recount(struct diff *d);
/* Highest severity among unsuppressed changes. */
enum severity diff_verdict(const struct diff *d);

const char *change_kind_name(enum change_kind k); /* "member_offset", ... */
const char *severity_name(enum severity s);       /* "none", "compatible", "breaking" */

#endif
