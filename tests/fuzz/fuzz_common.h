/* SPDX-License-Identifier: MIT */
/*
 * Shared by the fuzz targets: whatever a reader accepted goes on through everything
 * downstream (show, baseline writing, the layout engine, drift, lint, diff against
 * itself), so that a corpus that reads is also a corpus that every command survives.
 */
#ifndef ABIDRIFT_FUZZ_COMMON_H
#define ABIDRIFT_FUZZ_COMMON_H

#include <stdarg.h>
#include <stdio.h>

#include "abidrift/abidrift.h"
#include "compare/diff.h"
#include "compare/drift.h"
#include "layout/layout.h"
#include "report/report.h"

static inline void quiet(enum abidrift_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
}

static inline FILE *devnull(void)
{
	static FILE *fp;

	if (!fp)
		fp = fopen("/dev/null", "w");
	return fp;
}

static inline void exercise(struct corpus *c)
{
	FILE *out = devnull();
	struct data_model dm;
	struct corpus *moved = NULL;
	struct diff d;
	struct diff_opts dopts = { 0 };
	struct lint_result lr;
	struct lint_opts lo = { 0 };
	static const char *const targets[] = { "i386", "x86_64", "arm", "aarch64" };

	abidrift_corpus__write_baseline((struct abidrift_corpus *)c, out);
	abidrift_corpus__show((struct abidrift_corpus *)c, out, NULL, 0);
	if (data_model_by_arch(c->target.arch[0] == 'i' ? "x86_64" : "i386", &dm) == 0 &&
	    layout_retarget(c, &dm, &moved) == 0) {
		const struct corpus *cs[2] = { c, moved };
		struct drift_result dr;
		const char *labels[2] = { "a", "b" };

		if (drift_compare(cs, 2, &dr) == 0) {
			report_drift_text(&dr, labels, out);
			report_drift_json(&dr, labels, out);
			drift_result_release(&dr);
		}
		corpus_free(moved);
	}
	for (int r = 0; r < NR_RULES; r++)
		lo.rules[r] = true;
	lo.targets = targets;
	lo.nr_targets = 4;
	if (lint_corpus(c, &lo, &lr) == 0)
		report_lint_text(&lr, "fuzz", c->target.arch, out);
	lint_result_release(&lr);
	if (diff_corpora(c, c, &dopts, &d) == 0) {
		struct diff_report rep = { .d = &d, .old_path = "a", .new_path = "b" };

		report_diff_json(&rep, out);
		diff_release(&d);
	}
}

#endif
