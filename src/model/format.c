/* SPDX-License-Identifier: MIT */
/*
 * C spelling of a type with a declarator: the type is walked from the outside in,
 * building the declarator around the name ("*p" -> "(*p)[4]" -> ...), until a named or
 * base type ends the walk.
 */
#include <inttypes.h>
#include <string.h>

#include "model/model.h"

#define MAX_DEPTH 64

static void format_decl(const struct corpus *c, uint32_t id, const char *name, struct dstr *out,
			int depth);

static void base_name(const struct corpus *c, const struct type *t, struct dstr *out)
{
	const char *name = corpus_name(c, t->name_off);

	switch (t->kind) {
	case KIND_VOID:
		dstr_add(out, "void");
		return;
	case KIND_STRUCT:
	case KIND_UNION:
	case KIND_ENUM:
		dstr_addf(out, "%s %s", kind_name(t->kind), *name ? name : "{...}");
		return;
	case KIND_FWD:
		dstr_addf(out, "%s %s",
			  t->flags & TF_FWD_UNION ? "union" :
			  t->flags & TF_FWD_ENUM  ? "enum" :
						    "struct",
			  name);
		return;
	default:
		dstr_add(out, *name ? name : "?");
	}
}

static void params(const struct corpus *c, const struct type *t, struct dstr *out, int depth)
{
	dstr_addch(out, '(');
	for (uint32_t i = 0; i < t->nr; i++) {
		if (i)
			dstr_add(out, ", ");
		format_decl(c, c->params[t->first + i].type_id, NULL, out, depth + 1);
	}
	if (t->flags & TF_VARIADIC)
		dstr_add(out, t->nr ? ", ..." : "...");
	else if (!t->nr && !(t->flags & TF_UNPROTOTYPED))
		dstr_add(out, "void");
	dstr_addch(out, ')');
}

static void format_decl(const struct corpus *c, uint32_t id, const char *name, struct dstr *out,
			int depth)
{
	struct dstr decl, quals;
	int steps = 0;

	dstr_init(&decl);
	dstr_init(&quals);
	dstr_add(&decl, name ? name : "");
	if (depth > MAX_DEPTH) {
		dstr_add(out, "...");
		goto done;
	}
	for (;;) {
		const struct type *t = &c->types[id];

		if (++steps > 4 * MAX_DEPTH) {
			dstr_add(out, "...");
			goto done;
		}
		switch (t->kind) {
		case KIND_PTR: {
			bool wrap = c->types[t->ref_id].kind == KIND_ARRAY ||
				    c->types[t->ref_id].kind == KIND_FUNC_PROTO;

			dstr_insert(&decl, 0, "*");
			if (wrap) {
				dstr_insert(&decl, 0, "(");
				dstr_addch(&decl, ')');
			}
			id = t->ref_id;
			continue;
		}
		case KIND_ARRAY:
			if (t->flags & TF_FLEXIBLE)
				dstr_add(&decl, "[]");
			else
				dstr_addf(&decl, "[%" PRIu64 "]", t->nr_elems);
			id = t->ref_id;
			continue;
		case KIND_FUNC_PROTO: {
			struct dstr p;

			dstr_init(&p);
			params(c, t, &p, depth);
			dstr_add(&decl, p.buf);
			dstr_release(&p);
			id = t->ref_id;
			continue;
		}
		case KIND_CONST:
		case KIND_VOLATILE:
		case KIND_RESTRICT:
		case KIND_ATOMIC: {
			const char *q = t->kind == KIND_CONST	 ? "const" :
					t->kind == KIND_VOLATILE ? "volatile" :
					t->kind == KIND_RESTRICT ? "restrict" :
								   "_Atomic";
			/* Qualifying a pointer goes after its star; otherwise before the base. */
			uint32_t next = t->ref_id;

			while (c->types[next].kind >= KIND_CONST && c->types[next].kind <= KIND_ATOMIC &&
			       ++steps < 4 * MAX_DEPTH)
				next = c->types[next].ref_id;
			if (c->types[next].kind == KIND_PTR) {
				dstr_insert(&decl, 0, " ");
				dstr_insert(&decl, 0, q);
			} else {
				dstr_add(&quals, q);
				dstr_addch(&quals, ' ');
			}
			id = t->ref_id;
			continue;
		}
		case KIND_FUNC:
		case KIND_VAR:
			id = t->ref_id;
			continue;
		default:
			dstr_add(out, quals.buf);
			base_name(c, t, out);
			if (decl.len) {
				dstr_addch(out, ' ');
				dstr_add(out, decl.buf);
			}
			goto done;
		}
	}
done:
	dstr_release(&decl);
	dstr_release(&quals);
}

void type_format(const struct corpus *c, uint32_t id, const char *name, struct dstr *out)
{
	format_decl(c, id, name, out, 0);
}
