/* SPDX-License-Identifier: MIT */
/*
 * Suppressions: libabigail's .abignore INI format ([suppress_type], [suppress_function],
 * [suppress_variable]) plus two keys of ours, `reason` and `expires = YYYY-MM-DD`.
 */
#ifndef ABIDRIFT_SUPPRESS_H
#define ABIDRIFT_SUPPRESS_H

#include <time.h>

#include "compare/diff.h"

struct suppressions;

/*
 * Parse PATH (errors name the file and line: unknown section or key, bad regular
 * expression, bad date, ...). TODAY is the date rules are checked against, as days since
 * 1970-01-01 (UTC); a rule whose `expires` date is before TODAY no longer applies.
 * Rules from several files accumulate into one set: call again with the same *s.
 */
int suppressions_load(struct suppressions **s, const char *path, long today);
void suppressions_free(struct suppressions *s);

/*
 * Mark the changes of D that a rule matches (change->suppressed, suppressed_by, reason).
 * NEW_PATH is the NEW input's file name, for file_name_regexp. A type change whose
 * every reaching symbol is suppressed by a function or variable rule is suppressed too.
 * Then call diff_recount().
 */
void suppressions_apply(const struct suppressions *s, struct diff *d, const char *new_path);

/* Expired rules, for the report: "FILE:LINE" and the date, in file order. */
size_t suppressions_nr_expired(const struct suppressions *s);
const char *suppressions_expired_rule(const struct suppressions *s, size_t i);
const char *suppressions_expired_date(const struct suppressions *s, size_t i);

/* Days since 1970-01-01 for "today": SOURCE_DATE_EPOCH when set, else the clock. */
long suppressions_today(void);

#endif
