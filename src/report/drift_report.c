/* SPDX-License-Identifier: MIT */
/* Reports of `abidrift drift` and `abidrift lint`, as text or JSON (sorted keys). */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <string.h>

#include "compare/drift.h"
#include "report/report.h"

static void put(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static int dump(json_t *root, FILE *fp)
{
	int err = 0;

	if (json_dumpf(root, fp, JSON_SORT_KEYS | JSON_INDENT(1)) != 0 || fputc('\n', fp) == EOF)
		err = -EIO;
	json_decref(root);
	return err;
}

static int emit(struct dstr *o, FILE *fp)
{
	int err = fwrite(o->buf, 1, o->len, fp) == o->len ? 0 : -EIO;

	dstr_release(o);
	return err;
}

int report_drift_json(const struct drift_result *r, const char *const *paths, FILE *fp)
{
	json_t *root = json_object(), *targets = json_array(), *types = json_array();
	json_t *warnings = json_array(), *counts = json_object();

	put(root, "abidrift_report", json_integer(1));
	put(root, "tool", json_string("abidrift " ABIDRIFT_VERSION));
	put(root, "command", json_string("drift"));
	for (size_t i = 0; i < r->nr_corpora; i++) {
		json_t *t = json_object();

		put(t, "arch", json_string(r->corpora[i]->target.arch));
		put(t, "path", json_string(paths[i]));
		json_array_append_new(targets, t);
	}
	put(root, "targets", targets);
	put(root, "verdict", json_string(r->nr_types ? "drift" : "none"));
	put(root, "exit_status", json_integer(r->nr_types ? 12 : 0));
	put(counts, "types", json_integer((json_int_t)r->nr_compared));
	put(counts, "drifting", json_integer((json_int_t)r->nr_types));
	put(root, "counts", counts);
	for (size_t i = 0; i < r->nr_types; i++) {
		const struct drift_type *t = &r->types[i];
		json_t *o = json_object(), *layouts = json_array(), *causes = json_array();

		put(o, "name", json_string(t->name));
		if (t->file)
			put(o, "file", json_string(t->file));
		if (t->line)
			put(o, "line", json_integer(t->line));
		for (size_t k = 0; k < r->nr_corpora; k++) {
			json_t *l = json_object();

			if (!t->layouts[k].present)
				continue;
			put(l, "arch", json_string(r->corpora[k]->target.arch));
			put(l, "size", json_integer((json_int_t)t->layouts[k].size));
			put(l, "align", json_integer(t->layouts[k].align));
			json_array_append_new(layouts, l);
		}
		put(o, "layouts", layouts);
		if (t->first_member) {
			json_t *fm = json_object(), *offs = json_object();

			put(fm, "path", json_string(t->first_member));
			for (size_t k = 0; k < r->nr_corpora; k++)
				if (t->first_offsets[k] != UINT64_MAX)
					put(offs, r->corpora[k]->target.arch,
					    json_integer((json_int_t)t->first_offsets[k]));
			put(fm, "offsets", offs);
			put(o, "first_member", fm);
		} else {
			put(o, "first_member", json_null());
		}
		for (size_t k = 0; k < t->nr_causes; k++) {
			json_t *c = json_object();

			put(c, "cause", json_string(drift_cause_name(t->causes[k].cause)));
			put(c, "member", t->causes[k].member ? json_string(t->causes[k].member) :
								json_null());
			put(c, "detail", json_string(t->causes[k].detail));
			json_array_append_new(causes, c);
		}
		put(o, "causes", causes);
		json_array_append_new(types, o);
	}
	put(root, "types", types);
	for (size_t i = 0; i < r->nr_warnings; i++) {
		json_t *w = json_object();

		put(w, "kind", json_string(r->warnings[i].kind));
		put(w, "type", json_string(r->warnings[i].type));
		put(w, "member", json_string(r->warnings[i].member));
		put(w, "detail", json_string(r->warnings[i].detail));
		json_array_append_new(warnings, w);
	}
	put(root, "warnings", warnings);
	return dump(root, fp);
}

int report_drift_text(const struct drift_result *r, const char *const *paths, FILE *fp)
{
	struct dstr o;

	dstr_init(&o);
	dstr_add(&o, "abidrift drift:");
	for (size_t i = 0; i < r->nr_corpora; i++)
		dstr_addf(&o, "%s %s (%s)", i ? "," : "", r->corpora[i]->target.arch, paths[i]);
	dstr_addf(&o, "\n%zu of %zu types drift\n", r->nr_types, r->nr_compared);
	for (size_t i = 0; i < r->nr_types; i++) {
		const struct drift_type *t = &r->types[i];

		dstr_addf(&o, "\n%s", t->name);
		if (t->file)
			dstr_addf(&o, " (%s:%" PRIu32 ")", t->file, t->line);
		dstr_add(&o, "\n  target         size  align\n");
		for (size_t k = 0; k < r->nr_corpora; k++)
			if (t->layouts[k].present)
				dstr_addf(&o, "  %-12s %6" PRIu64 " %6" PRIu32 "\n",
					  r->corpora[k]->target.arch, t->layouts[k].size,
					  t->layouts[k].align);
		if (t->first_member) {
			dstr_addf(&o, "  first member at a different offset: %s (", t->first_member);
			for (size_t k = 0, n = 0; k < r->nr_corpora; k++)
				if (t->first_offsets[k] != UINT64_MAX)
					dstr_addf(&o, "%s%" PRIu64 " on %s", n++ ? ", " : "",
						  t->first_offsets[k], r->corpora[k]->target.arch);
			dstr_add(&o, ")\n");
		}
		for (size_t k = 0; k < t->nr_causes; k++)
			dstr_addf(&o, "  %-16s %s%s%s\n", drift_cause_name(t->causes[k].cause),
				  t->causes[k].member ? t->causes[k].member : "",
				  t->causes[k].member ? ": " : "", t->causes[k].detail);
	}
	for (size_t i = 0; i < r->nr_warnings; i++)
		dstr_addf(&o, "%swarning: %s: %s: %s\n", i ? "" : "\n", r->warnings[i].member,
			  r->warnings[i].kind, r->warnings[i].detail);
	return emit(&o, fp);
}

static json_t *lint_json(const struct lint_result *r, const char *path, const char *arch)
{
	json_t *root = json_object(), *findings = json_array(), *counts = json_object();

	put(root, "path", json_string(path));
	put(root, "arch", json_string(arch));
	put(root, "exit_status", json_integer(r->nr ? 12 : 0));
	for (int k = 0; k < NR_RULES; k++)
		put(counts, lint_rule_name(k), json_integer((json_int_t)r->counts[k]));
	put(root, "counts", counts);
	for (size_t i = 0; i < r->nr; i++) {
		const struct lint_finding *f = &r->findings[i];
		json_t *o = json_object();

		put(o, "rule", json_string(lint_rule_name(f->rule)));
		put(o, "type", json_string(f->type));
		put(o, "member", f->member ? json_string(f->member) : json_null());
		put(o, "detail", json_string(f->detail));
		if (f->file)
			put(o, "file", json_string(f->file));
		if (f->line)
			put(o, "line", json_integer(f->line));
		json_array_append_new(findings, o);
	}
	put(root, "findings", findings);
	return root;
}

static void lint_header(json_t *root)
{
	put(root, "abidrift_report", json_integer(1));
	put(root, "tool", json_string("abidrift " ABIDRIFT_VERSION));
	put(root, "command", json_string("lint"));
}

int report_lint_json(const struct lint_result *r, const char *path, const char *arch, FILE *fp)
{
	json_t *root = lint_json(r, path, arch);

	lint_header(root);
	return dump(root, fp);
}

int report_lint_json_many(const struct lint_result *rs, const char *const *paths,
			  const char *const *arches, size_t nr, FILE *fp)
{
	json_t *root = json_object(), *results = json_array();
	size_t total = 0;

	lint_header(root);
	for (size_t i = 0; i < nr; i++) {
		json_array_append_new(results, lint_json(&rs[i], paths[i], arches[i]));
		total += rs[i].nr;
	}
	put(root, "results", results);
	put(root, "exit_status", json_integer(total ? 12 : 0));
	return dump(root, fp);
}

int report_lint_text(const struct lint_result *r, const char *path, const char *arch, FILE *fp)
{
	struct dstr o;

	dstr_init(&o);
	for (size_t i = 0; i < r->nr; i++) {
		const struct lint_finding *f = &r->findings[i];

		if (f->file && f->line)
			dstr_addf(&o, "%s:%" PRIu32 ": ", f->file, f->line);
		dstr_addf(&o, "%s: %s: %s\n", lint_rule_name(f->rule), f->member ? f->member : f->type,
			  f->detail);
	}
	if (r->nr)
		dstr_addf(&o, "%s (%s): %zu finding%s\n", path, arch, r->nr, r->nr == 1 ? "" : "s");
	return emit(&o, fp);
}
