/* SPDX-License-Identifier: MIT */
/*
 * `abidrift drift`: the same types on several targets -> the ones whose layout differs,
 * each with the causes found member by member. And the single-build rules of
 * `abidrift lint`. Nothing here does I/O.
 */
#ifndef ABIDRIFT_DRIFT_H
#define ABIDRIFT_DRIFT_H

#include <regex.h>

#include "model/model.h"

enum drift_cause {
	CAUSE_POINTER_WIDTH,
	CAUSE_LONG_WIDTH,
	CAUSE_INT64_ALIGNMENT,
	CAUSE_ENUM_SIZE,
	CAUSE_PADDING,
	CAUSE_BITFIELD_LAYOUT,
	CAUSE_NESTED,
	NR_CAUSES,
};

struct drift_cause_item {
	enum drift_cause cause;
	char *member; /* path, or NULL for the type as a whole */
	char *detail;
};

struct drift_layout {
	uint64_t size;
	uint32_t align;
	bool present;
};

struct drift_type {
	char *name; /* "struct foo", or a typedef's name for an anonymous struct */
	char *file;
	uint32_t line;
	struct drift_layout *layouts; /* one per corpus, in input order */
	char *first_member;           /* path of the first member whose offset differs */
	uint64_t *first_offsets;      /* its byte offset per corpus (UINT64_MAX if absent) */
	struct drift_cause_item *causes;
	size_t nr_causes;
};

struct drift_warning {
	char *kind; /* "char_signedness" */
	char *type, *member, *detail;
};

struct drift_result {
	const struct corpus *const *corpora;
	size_t nr_corpora;
	size_t nr_compared;
	struct drift_type *types; /* drifting types, sorted by name */
	size_t nr_types;
	struct drift_warning *warnings;
	size_t nr_warnings;
};

const char *drift_cause_name(enum drift_cause c);

/* Compare the named types of NR corpora of different targets. */
int drift_compare(const struct corpus *const *corpora, size_t nr, struct drift_result *out);
void drift_result_release(struct drift_result *r);

/* lint ------------------------------------------------------------------------------- */

enum lint_rule {
	RULE_IMPLICIT_PADDING,
	RULE_ARCH_DEPENDENT_TYPE,
	RULE_MISALIGNED_INT64,
	RULE_LAYOUT_DIFFERS,
	NR_RULES,
};

struct lint_finding {
	enum lint_rule rule;
	char *type;
	char *member; /* NULL for the type as a whole */
	char *detail;
	char *file;
	uint32_t line;
};

struct lint_opts {
	bool rules[NR_RULES];
	const regex_t *types;           /* only type names that match, or NULL */
	const char *const *targets;     /* for layout-differs */
	size_t nr_targets;
};

struct lint_result {
	struct lint_finding *findings;
	size_t nr, cap;
	size_t counts[NR_RULES];
};

const char *lint_rule_name(enum lint_rule r);
int lint_rule_from_name(const char *name); /* -ENOENT if unknown */
int lint_corpus(const struct corpus *c, const struct lint_opts *o, struct lint_result *out);
void lint_result_release(struct lint_result *r);

/* The named aggregates a command compares: "struct foo", or the typedef naming it. */
struct named_type {
	char *name;
	uint32_t id;
};
size_t corpus_named_aggregates(const struct corpus *c, struct named_type **out);
void named_types_free(struct named_type *n, size_t nr);

#endif
