/* SPDX-License-Identifier: MIT */
/*
 * Diff reports. JSON (man/abidrift-report.5): keys sorted, one change per object, so
 * a CI job can parse it without scraping text. Text: grouped by severity, then by
 * subject (the type or symbol a change is about), each subject once with the symbols
 * that reach it, then one line per change.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "compare/diff.h"
#include "report/report.h"

/* JSON -------------------------------------------------------------------------------- */

static const char *subject_word(enum subject_kind s)
{
	switch (s) {
	case SUBJ_TYPE: return "type";
	case SUBJ_FUNCTION: return "function";
	case SUBJ_VARIABLE: return "variable";
	case SUBJ_FILE: return "file";
	}
	return "unknown";
}

static json_t *json_value(const char *v, bool numeric)
{
	if (numeric && v) {
		char *end;
		long long n;

		/* a value past the range of JSON integers stays a decimal string */
		errno = 0;
		n = strtoll(v, &end, 10);
		if (*v && !*end && !errno)
			return json_integer(n);
	}
	return json_string(v);
}

static void put(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
}

static json_t *change_json(const struct change *c)
{
	json_t *o = json_object(), *syms = json_array();

	put(o, "kind", json_string(change_kind_name(c->kind)));
	put(o, "severity", json_string(severity_name(c->severity)));
	put(o, "subject", json_string(subject_word(c->subject)));
	put(o, "name", json_string(c->subject_name));
	put(o, "path", json_string(c->path));
	if (c->old_value)
		put(o, "old", json_value(c->old_value, c->values_numeric));
	if (c->new_value)
		put(o, "new", json_value(c->new_value, c->values_numeric));
	if (c->file)
		put(o, "file", json_string(c->file));
	if (c->line)
		put(o, "line", json_integer(c->line));
	if (c->note)
		put(o, "note", json_string(c->note));
	for (size_t i = 0; i < c->nr_symbols; i++)
		json_array_append_new(syms, json_string(c->symbols[i]));
	put(o, "symbols", syms);
	if (c->suppressed) {
		put(o, "suppressed_by", json_string(c->suppressed_by));
		if (c->reason)
			put(o, "reason", json_string(c->reason));
	}
	return o;
}

static json_t *side_json(const struct corpus *c, const char *path)
{
	json_t *o = json_object();

	put(o, "path", json_string(path));
	put(o, "arch", json_string(c->target.arch));
	put(o, "file_kind", json_string(file_kind_name(c->file_kind)));
	if (c->soname_off)
		put(o, "soname", json_string(corpus_name(c, c->soname_off)));
	return o;
}

int report_diff_json(const struct diff_report *r, FILE *fp)
{
	const struct diff *d = r->d;
	json_t *root = json_object(), *changes = json_array(), *supp = json_array();
	json_t *counts = json_object(), *expired = json_array();
	int err = 0;

	put(root, "abidrift_report", json_integer(1));
	put(root, "tool", json_string("abidrift " ABIDRIFT_VERSION));
	put(root, "command", json_string("diff"));
	put(root, "old", side_json(d->old, r->old_path));
	put(root, "new", side_json(d->new, r->new_path));
	put(root, "verdict", json_string(severity_name(diff_verdict(d))));
	put(root, "exit_status", json_integer(r->exit_status));
	put(counts, "breaking", json_integer((json_int_t)d->counts[SEV_BREAKING]));
	put(counts, "compatible", json_integer((json_int_t)d->counts[SEV_COMPATIBLE]));
	put(counts, "suppressed", json_integer((json_int_t)d->nr_suppressed));
	put(root, "counts", counts);
	for (size_t i = 0; i < d->nr_changes; i++)
		json_array_append_new(d->changes[i].suppressed ? supp : changes,
				      change_json(&d->changes[i]));
	put(root, "changes", changes);
	put(root, "suppressed", supp);
	for (size_t i = 0; i < r->nr_expired; i++) {
		json_t *e = json_object();

		put(e, "rule", json_string(r->expired_rules[i]));
		put(e, "expires", json_string(r->expired_dates[i]));
		json_array_append_new(expired, e);
	}
	put(root, "expired_rules", expired);
	if (json_dumpf(root, fp, JSON_SORT_KEYS | JSON_INDENT(1)) != 0 || fputc('\n', fp) == EOF)
		err = -EIO;
	json_decref(root);
	return err;
}

/* Text -------------------------------------------------------------------------------- */

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *c_on(const struct diff_report *r, const char *code)
{
	return r->color ? code : "";
}

static void value_text(struct dstr *o, const struct change *c)
{
	if (c->old_value && c->new_value)
		dstr_addf(o, ": %s -> %s", c->old_value, c->new_value);
	else if (c->old_value)
		dstr_addf(o, ": was %s", c->old_value);
	else if (c->new_value)
		dstr_addf(o, ": %s", c->new_value);
}

static bool same_subject(const struct change *a, const struct change *b, bool any_severity)
{
	return (any_severity || a->severity == b->severity) && a->subject == b->subject &&
	       strcmp(a->subject_name, b->subject_name) == 0;
}

static void group(const struct diff_report *r, struct dstr *o, enum severity sev, bool suppressed)
{
	const struct diff *d = r->d;
	const struct change *prev = NULL;

	for (size_t i = 0; i < d->nr_changes; i++) {
		const struct change *c = &d->changes[i];

		if (c->suppressed != suppressed || (!suppressed && c->severity != sev))
			continue;
		if (!prev || !same_subject(prev, c, suppressed)) {
			/* "struct foo" names itself; symbols say what they are */
			if (c->subject == SUBJ_TYPE)
				dstr_addf(o, "  %s%s%s", c_on(r, BOLD), c->subject_name, c_on(r, RESET));
			else
				dstr_addf(o, "  %s%s %s%s", c_on(r, BOLD), subject_word(c->subject),
					  c->subject_name, c_on(r, RESET));
			if (c->file && c->line)
				dstr_addf(o, " (%s:%u)", c->file, c->line);
			else if (c->file)
				dstr_addf(o, " (%s)", c->file);
			if (c->nr_symbols && !(c->nr_symbols == 1 && c->subject != SUBJ_TYPE)) {
				dstr_add(o, ", reached from ");
				for (size_t k = 0; k < c->nr_symbols; k++) {
					if (k == 8) {
						dstr_addf(o, " and %zu more", c->nr_symbols - 8);
						break;
					}
					dstr_addf(o, "%s%s", k ? ", " : "", c->symbols[k]);
				}
			}
			dstr_addch(o, '\n');
		}
		prev = c;
		dstr_addf(o, "    %-22s %s", change_kind_name(c->kind), c->path);
		value_text(o, c);
		if (suppressed) {
			dstr_addf(o, " [%s, suppressed by %s%s%s]", severity_name(c->severity),
				  c->suppressed_by, c->reason ? ": " : "", c->reason ? c->reason : "");
		}
		dstr_addch(o, '\n');
		if (c->note && !suppressed)
			dstr_addf(o, "      note: %s\n", c->note);
	}
}

int report_diff_text(const struct diff_report *r, FILE *fp)
{
	const struct diff *d = r->d;
	enum severity v = diff_verdict(d);
	struct dstr o;
	int err = 0;

	/* nothing changed, nothing to say: like diff(1), silence is the all-clear */
	if (!d->nr_changes && !r->nr_expired)
		return 0;
	dstr_init(&o);
	dstr_addf(&o, "abidrift diff: %s -> %s (%s)\n", r->old_path, r->new_path,
		  d->new->target.arch);
	dstr_addf(&o, "verdict: %s%s%s (%zu breaking, %zu compatible, %zu suppressed)\n",
		  c_on(r, v == SEV_BREAKING ? RED BOLD : v == SEV_COMPATIBLE ? YELLOW : ""),
		  v == SEV_NONE ? "no ABI change" : severity_name(v),
		  c_on(r, v == SEV_NONE ? "" : RESET), d->counts[SEV_BREAKING],
		  d->counts[SEV_COMPATIBLE], d->nr_suppressed);
	if (d->counts[SEV_BREAKING]) {
		dstr_addf(&o, "\n%sbreaking changes:%s\n", c_on(r, RED BOLD), c_on(r, RESET));
		group(r, &o, SEV_BREAKING, false);
	}
	if (d->counts[SEV_COMPATIBLE]) {
		dstr_addf(&o, "\n%scompatible changes:%s\n", c_on(r, YELLOW), c_on(r, RESET));
		group(r, &o, SEV_COMPATIBLE, false);
	}
	if (d->nr_suppressed) {
		dstr_add(&o, "\nsuppressed changes:\n");
		group(r, &o, SEV_NONE, true);
	}
	if (r->nr_expired) {
		dstr_add(&o, "\nexpired suppression rules (no longer applied):\n");
		for (size_t i = 0; i < r->nr_expired; i++)
			dstr_addf(&o, "  %s expired %s\n", r->expired_rules[i], r->expired_dates[i]);
	}
	if (fwrite(o.buf, 1, o.len, fp) != o.len)
		err = -EIO;
	dstr_release(&o);
	return err;
}
