/* SPDX-License-Identifier: MIT */
/* Reporters: corpus or change tree -> text. They never read files. */
#ifndef ABIDRIFT_REPORT_H
#define ABIDRIFT_REPORT_H

#include <stdio.h>

#include "model/model.h"

/* pahole-style layout of the named structs and unions (all named ones when nr is 0). */
int show_types(const struct corpus *c, FILE *fp, const char *const *names, size_t nr);

struct diff;

struct diff_report {
	const struct diff *d;
	const char *old_path, *new_path;
	const char *const *expired_rules; /* "FILE:LINE", with expired_dates alongside */
	const char *const *expired_dates;
	size_t nr_expired;
	int exit_status;
	bool color;
};

/* The report of a diff, as text (grouped by severity and subject) or JSON. */
int report_diff_text(const struct diff_report *r, FILE *fp);
int report_diff_json(const struct diff_report *r, FILE *fp);

struct drift_result;
struct lint_result;

/* PATHS: the input each corpus came from, for the report's header. */
int report_drift_text(const struct drift_result *r, const char *const *paths, FILE *fp);
int report_drift_json(const struct drift_result *r, const char *const *paths, FILE *fp);
int report_lint_text(const struct lint_result *r, const char *path, const char *arch, FILE *fp);
int report_lint_json(const struct lint_result *r, const char *path, const char *arch, FILE *fp);
/* Several inputs: one document, {"results": [one report per input], "exit_status"}. */
int report_lint_json_many(const struct lint_result *rs, const char *const *paths,
			  const char *const *arches, size_t nr, FILE *fp);

#endif
