/* SPDX-License-Identifier: MIT */
/*
 * Baseline JSON, written and read with jansson.
 *
 * The writer builds one JSON tree and lets jansson sort the keys, so the bytes depend only
 * on the corpus. The reader trusts nothing: every field is checked for presence, JSON
 * type and range before it reaches the model, unknown fields are errors (a typo must not
 * silently drop data), and the graph is finally checked again by corpus_finalize().
 */
#include "baseline/baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#define FP_HEX_LEN 16

/* Writer ----------------------------------------------------------------------------- */

/*
 * Errors are sticky: the first one is kept in err and later steps become no-ops, so the
 * builders read as straight-line code with one check at the end.
 */
struct writer {
	const struct corpus *c;
	int err;
	char where[160]; /* "type 00ab...", "symbol 'foo'": context for messages */
};

static void put(struct writer *w, json_t *obj, const char *key, json_t *val)
{
	if (!val) {
		/* a helper that failed has reported already; otherwise jansson ran out */
		if (!w->err)
			w->err = -ENOMEM;
		return;
	}
	if (json_object_set_new(obj, key, val) && !w->err)
		w->err = -ENOMEM;
}

/* Flags are written only when set, so that a new flag does not touch every record. */
static void put_flag(struct writer *w, json_t *obj, const char *key, bool set)
{
	if (set)
		put(w, obj, key, json_true());
}

static json_t *wstr(struct writer *w, uint32_t off, const char *what)
{
	const char *s = corpus_name(w->c, off);
	json_t *v = json_string(s);
	json_t *raw;

	if (v)
		return v;
	/* json_string() also fails for invalid UTF-8: tell that apart from running out */
	raw = json_string_nocheck(s);
	if (raw && !w->err)
		w->err = pr_error(EINVAL,
				  "%s: %s: %s is not valid UTF-8, which a baseline cannot hold",
				  w->c->path, w->where, what);
	json_decref(raw);
	return NULL;
}

/* JSON integers are signed 64-bit; larger values cannot come from a real object. */
static json_t *wuint(struct writer *w, uint64_t v, const char *what)
{
	if (v > INT64_MAX) {
		if (!w->err)
			w->err = pr_error(EINVAL, "%s: %s: %s %" PRIu64
					  " is too large for the baseline format",
					  w->c->path, w->where, what, v);
		return NULL;
	}
	return json_integer((json_int_t)v);
}

static void fp_hex(const struct corpus *c, uint32_t id, char buf[FP_HEX_LEN + 1])
{
	snprintf(buf, FP_HEX_LEN + 1, "%016" PRIx64, corpus_type(c, id)->fp);
}

static json_t *wref(struct writer *w, uint32_t id)
{
	char key[FP_HEX_LEN + 1];

	BUG_ON(!corpus_valid_id(w->c, id));
	if (id == 0)
		return json_string("void");
	fp_hex(w->c, id, key);
	return json_string(key);
}

static json_t *write_target(struct writer *w)
{
	const struct target *t = &w->c->target;
	json_t *o = json_object();

	snprintf(w->where, sizeof(w->where), "target");
	/* refuse what the reader would refuse: a baseline we write must read back */
	if ((t->byte_order != ORDER_LITTLE && t->byte_order != ORDER_BIG) ||
	    (t->elf_class != 32 && t->elf_class != 64) || !t->pointer_size || !t->long_size ||
	    !t->arch[0]) {
		w->err = pr_error(EINVAL, "%s: the target is incomplete (arch '%.*s', class %u, "
				  "byte order %u, pointer size %u, long size %u)",
				  w->c->path, (int)sizeof(t->arch), t->arch, t->elf_class,
				  t->byte_order, t->pointer_size, t->long_size);
		json_decref(o);
		return NULL;
	}
	/* arch is a fixed array: never trust it to be terminated */
	put(w, o, "arch", json_stringn(t->arch, strnlen(t->arch, sizeof(t->arch))));
	put(w, o, "machine", json_integer(t->machine));
	put(w, o, "class", json_integer(t->elf_class));
	put(w, o, "byte_order", json_string(t->byte_order == ORDER_BIG ? "big" : "little"));
	put(w, o, "pointer_size", json_integer(t->pointer_size));
	put(w, o, "long_size", json_integer(t->long_size));
	return o;
}

static json_t *write_members(struct writer *w, const struct type *t)
{
	const struct member *m = type_members(w->c, t);
	json_t *arr = json_array();

	for (uint32_t i = 0; i < t->nr && arr; i++) {
		json_t *o = json_object();

		if (m[i].name_off)
			put(w, o, "name", wstr(w, m[i].name_off, "a member name"));
		put(w, o, "type", wref(w, m[i].type_id));
		put(w, o, "bit_offset", wuint(w, m[i].bit_off, "a member's bit offset"));
		if (m[i].bit_size)
			put(w, o, "bit_size", json_integer(m[i].bit_size));
		if (m[i].align)
			put(w, o, "align", json_integer(m[i].align));
		if (!o || json_array_append_new(arr, o))
			w->err = w->err ? w->err : -ENOMEM;
	}
	return arr;
}

static json_t *write_enumerators(struct writer *w, const struct type *t)
{
	const struct enumerator *e = type_enumerators(w->c, t);
	json_t *arr = json_array();

	for (uint32_t i = 0; i < t->nr && arr; i++) {
		json_t *o = json_object();
		json_t *val;

		if (e[i].name_off)
			put(w, o, "name", wstr(w, e[i].name_off, "an enumerator name"));
		if (t->flags & TF_SIGNED) {
			val = json_integer((json_int_t)(int64_t)e[i].value);
		} else if (e[i].value <= INT64_MAX) {
			val = json_integer((json_int_t)e[i].value);
		} else {
			/* above what a JSON integer holds here: a decimal string keeps it exact */
			char buf[24];

			snprintf(buf, sizeof(buf), "%" PRIu64, e[i].value);
			val = json_string(buf);
		}
		put(w, o, "value", val);
		if (!o || json_array_append_new(arr, o))
			w->err = w->err ? w->err : -ENOMEM;
	}
	return arr;
}

static json_t *write_params(struct writer *w, const struct type *t)
{
	const struct param *p = type_params(w->c, t);
	json_t *arr = json_array();

	for (uint32_t i = 0; i < t->nr && arr; i++) {
		json_t *o = json_object();

		if (p[i].name_off)
			put(w, o, "name", wstr(w, p[i].name_off, "a parameter name"));
		put(w, o, "type", wref(w, p[i].type_id));
		if (!o || json_array_append_new(arr, o))
			w->err = w->err ? w->err : -ENOMEM;
	}
	return arr;
}

static json_t *write_type(struct writer *w, uint32_t id)
{
	const struct type *t = corpus_type(w->c, id);
	json_t *o = json_object();

	/* a finalized corpus has no void records past id 0 */
	BUG_ON(t->kind == KIND_VOID || t->kind >= NR_KINDS);
	put(w, o, "kind", json_string(kind_name(t->kind)));
	if (t->name_off)
		put(w, o, "name", wstr(w, t->name_off, "the name"));
	if (t->file_off)
		put(w, o, "file", wstr(w, t->file_off, "the file name"));
	if (t->line)
		put(w, o, "line", json_integer(t->line));

	switch (t->kind) {
	case KIND_INT:
		put(w, o, "size", wuint(w, t->size, "size"));
		put(w, o, "signed", json_boolean(t->flags & TF_SIGNED));
		put_flag(w, o, "char", t->flags & TF_CHAR);
		put_flag(w, o, "bool", t->flags & TF_BOOL);
		break;
	case KIND_FLOAT:
		put(w, o, "size", wuint(w, t->size, "size"));
		put_flag(w, o, "complex", t->flags & TF_COMPLEX);
		break;
	case KIND_PTR:
		put(w, o, "type", wref(w, t->ref_id));
		put(w, o, "size", wuint(w, t->size, "size"));
		break;
	case KIND_ARRAY:
		put(w, o, "type", wref(w, t->ref_id));
		put(w, o, "count", wuint(w, t->nr_elems, "count"));
		put(w, o, "size", wuint(w, t->size, "size"));
		put_flag(w, o, "flexible", t->flags & TF_FLEXIBLE);
		break;
	case KIND_STRUCT:
	case KIND_UNION:
		put(w, o, "size", wuint(w, t->size, "size"));
		put(w, o, "align", json_integer(t->align));
		put_flag(w, o, "packed", t->flags & TF_PACKED);
		put_flag(w, o, "aligned", t->flags & TF_ALIGNED);
		put(w, o, "members", write_members(w, t));
		break;
	case KIND_ENUM:
		put(w, o, "size", wuint(w, t->size, "size"));
		put(w, o, "signed", json_boolean(t->flags & TF_SIGNED));
		put(w, o, "enumerators", write_enumerators(w, t));
		break;
	case KIND_FWD:
		put(w, o, "fwd_kind",
		    json_string(t->flags & TF_FWD_UNION  ? "union"
				: t->flags & TF_FWD_ENUM ? "enum"
							 : "struct"));
		break;
	case KIND_TYPEDEF:
		put(w, o, "type", wref(w, t->ref_id));
		if (t->flags & TF_ALIGNED)
			put(w, o, "align", json_integer(t->align));
		break;
	case KIND_CONST:
	case KIND_VOLATILE:
	case KIND_RESTRICT:
	case KIND_ATOMIC:
	case KIND_FUNC:
	case KIND_VAR:
		put(w, o, "type", wref(w, t->ref_id));
		break;
	case KIND_FUNC_PROTO:
		put(w, o, "return", wref(w, t->ref_id));
		put(w, o, "params", write_params(w, t));
		put_flag(w, o, "variadic", t->flags & TF_VARIADIC);
		put_flag(w, o, "unprototyped", t->flags & TF_UNPROTOTYPED);
		break;
	default:
		break;
	}
	return o;
}

static json_t *write_types(struct writer *w)
{
	const struct corpus *c = w->c;
	json_t *o = json_object();

	for (uint32_t id = 1; id < c->nr_types && o && !w->err; id++) {
		char key[FP_HEX_LEN + 1];

		fp_hex(c, id, key);
		snprintf(w->where, sizeof(w->where), "type %s", key);
		/* finalize merged equal fingerprints: a repeat would silently drop a type */
		BUG_ON(json_object_get(o, key));
		put(w, o, key, write_type(w, id));
	}
	return o;
}

/*
 * A total order over everything written, so that the array is canonical even for
 * symbols that finalize's sort considers equal.
 */
static int cmp_sym(const void *a, const void *b, void *arg)
{
	const struct corpus *c = arg;
	const struct symbol *x = &c->syms[*(const size_t *)a], *y = &c->syms[*(const size_t *)b];
	uint64_t fx, fy;
	int r;

	r = strcmp(corpus_name(c, x->name_off), corpus_name(c, y->name_off));
	if (r)
		return r;
	r = strcmp(corpus_name(c, x->version_off), corpus_name(c, y->version_off));
	if (r)
		return r;
	if (x->default_version != y->default_version)
		return x->default_version < y->default_version ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->binding != y->binding)
		return x->binding < y->binding ? -1 : 1;
	if (x->visibility != y->visibility)
		return x->visibility < y->visibility ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	fx = x->type_id ? corpus_type(c, x->type_id)->fp : 0;
	fy = y->type_id ? corpus_type(c, y->type_id)->fp : 0;
	return fx < fy ? -1 : fx > fy;
}

static json_t *write_symbol(struct writer *w, const struct symbol *s)
{
	const struct corpus *c = w->c;
	json_t *o;

	snprintf(w->where, sizeof(w->where), "symbol '%.100s'", corpus_name(c, s->name_off));
	if (!s->name_off) {
		w->err = pr_error(EINVAL, "%s: a symbol has no name", c->path);
		return NULL;
	}
	if (s->kind < SYM_FUNC || s->kind > SYM_IFUNC || s->binding < BIND_GLOBAL ||
	    s->binding > BIND_UNIQUE || s->visibility < VIS_DEFAULT ||
	    s->visibility > VIS_PROTECTED) {
		w->err = pr_error(EINVAL, "%s: %s: kind, binding or visibility is not set",
				  c->path, w->where);
		return NULL;
	}
	o = json_object();
	put(w, o, "name", wstr(w, s->name_off, "the name"));
	if (s->version_off) {
		put(w, o, "version", wstr(w, s->version_off, "the version"));
		put(w, o, "default_version", json_boolean(s->default_version));
	}
	put(w, o, "kind", json_string(sym_kind_name(s->kind)));
	put(w, o, "binding", json_string(binding_name(s->binding)));
	put(w, o, "visibility", json_string(visibility_name(s->visibility)));
	put(w, o, "size", wuint(w, s->size, "size"));
	if (s->type_id)
		put(w, o, "type", wref(w, s->type_id));
	return o;
}

static json_t *write_symbols(struct writer *w)
{
	const struct corpus *c = w->c;
	size_t *order = xmalloc(c->nr_syms * sizeof(*order));
	json_t *arr = json_array();

	for (size_t i = 0; i < c->nr_syms; i++)
		order[i] = i;
	qsort_r(order, c->nr_syms, sizeof(*order), cmp_sym, (void *)c);
	for (size_t i = 0; i < c->nr_syms && arr && !w->err; i++) {
		json_t *o = write_symbol(w, &c->syms[order[i]]);

		if (!o || json_array_append_new(arr, o))
			w->err = w->err ? w->err : -ENOMEM;
	}
	free(order);
	return arr;
}

int baseline_write(const struct corpus *c, FILE *fp)
{
	struct writer w = { .c = c };
	json_t *root = json_object();
	int err;

	if (!root)
		return -ENOMEM;
	put(&w, root, "abidrift", json_integer(ABIDRIFT_BASELINE_VERSION));
	put(&w, root, "target", write_target(&w));
	/* FILE_UNKNOWN is written as "unknown": corpora from BTF or specs have no ELF type */
	put(&w, root, "file_kind", json_string(file_kind_name(c->file_kind)));
	if (c->soname_off) {
		snprintf(w.where, sizeof(w.where), "soname");
		put(&w, root, "soname", wstr(&w, c->soname_off, "the soname"));
	}
	put(&w, root, "types", write_types(&w));
	put(&w, root, "symbols", write_symbols(&w));
	err = w.err;
	if (!err) {
		/* the output is canonical: sorted keys, fixed indentation, a final newline */
		if (json_dumpf(root, fp, JSON_SORT_KEYS | JSON_INDENT(1)) ||
		    fputc('\n', fp) == EOF || fflush(fp) || ferror(fp))
			err = -EIO;
	}
	json_decref(root);
	return err;
}

/* Reader ----------------------------------------------------------------------------- */

struct reader {
	const char *path;
	struct corpus *c;
	/*
	 * Type keys in sorted order: the record under keys[i] becomes type id i + 1, so every
	 * reference resolves the moment it is read, even to a record not yet created.
	 */
	const char **keys;
	uint8_t *kinds; /* kind of each key's record, known before any record is built */
	size_t nr_keys;
	char where[200]; /* "type 00ab...: member 'len'": context for messages */
};

static int vbad(struct reader *r, int err, const char *fmt, va_list ap)
{
	struct dstr msg;

	dstr_init(&msg);
	dstr_vaddf(&msg, fmt, ap);
	if (r->where[0])
		err = pr_error(err, "%s: %s: %s", r->path, r->where, msg.buf);
	else
		err = pr_error(err, "%s: %s", r->path, msg.buf);
	dstr_release(&msg);
	return err;
}

/* Reports "PATH: WHERE: message" for a malformed baseline; returns -EINVAL. */
PRINTF(2, 3) static int bad(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = vbad(r, EINVAL, fmt, ap);
	va_end(ap);
	return err;
}

PRINTF(2, 3) static void set_where(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->where, sizeof(r->where), fmt, ap);
	va_end(ap);
}

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "a value of unknown type";
}

enum need { OPTIONAL, REQUIRED };
enum jtype { JT_OBJECT, JT_ARRAY, JT_STRING, JT_INT, JT_BOOL };

static const char *const jtype_names[] = {
	[JT_OBJECT] = "an object", [JT_ARRAY] = "an array", [JT_STRING] = "a string",
	[JT_INT] = "an integer",   [JT_BOOL] = "a boolean",
};

static bool is_jtype(const json_t *v, enum jtype t)
{
	switch (t) {
	case JT_OBJECT: return json_is_object(v);
	case JT_ARRAY: return json_is_array(v);
	case JT_STRING: return json_is_string(v);
	case JT_INT: return json_is_integer(v);
	case JT_BOOL: return json_is_boolean(v);
	}
	return false;
}

/* 1 when the field is there with the right JSON type, 0 when optional and absent, or <0. */
static int field(struct reader *r, const json_t *obj, const char *key, enum need need,
		 enum jtype type, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = v;
	if (!v)
		return need == REQUIRED ? bad(r, "missing field '%s'", key) : 0;
	if (!is_jtype(v, type))
		return bad(r, "field '%s' must be %s, not %s", key, jtype_names[type],
			   json_type_name(v));
	return 1;
}

static int get_uint(struct reader *r, const json_t *obj, const char *key, enum need need,
		    uint64_t min, uint64_t max, uint64_t *out)
{
	json_t *v;
	int ret = field(r, obj, key, need, JT_INT, &v);
	json_int_t i;

	if (ret <= 0)
		return ret;
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i < min || (uint64_t)i > max)
		return bad(r, "field '%s' must be from %" PRIu64 " to %" PRIu64 ", not %lld", key,
			   min, max, (long long)i);
	*out = (uint64_t)i;
	return 1;
}

static int get_bool(struct reader *r, const json_t *obj, const char *key, enum need need,
		    bool *out)
{
	json_t *v;
	int ret = field(r, obj, key, need, JT_BOOL, &v);

	if (ret > 0)
		*out = json_is_true(v);
	return ret;
}

/*
 * A non-empty string, interned right away so that running out of string space is found
 * here rather than hidden as an anonymous name later.
 */
static int get_str(struct reader *r, const json_t *obj, const char *key, enum need need,
		   const char **out)
{
	json_t *v;
	int ret = field(r, obj, key, need, JT_STRING, &v);

	if (ret <= 0)
		return ret;
	*out = json_string_value(v);
	if (!**out)
		return bad(r, "field '%s' must not be empty%s", key,
			   strcmp(key, "name") == 0 ? "; leave it out for an anonymous entity"
						    : "");
	if (!corpus_str(r->c, *out))
		return pr_error(E2BIG, "%s: too many strings (the limit is 4 GiB)", r->path);
	return 1;
}

/* One string out of a fixed set: returns its index in NAMES (a NULL-terminated list). */
static int get_choice(struct reader *r, const json_t *obj, const char *key,
		      const char *const *names, int *out)
{
	const char *s;
	struct dstr list;
	int ret = get_str(r, obj, key, REQUIRED, &s);

	if (ret < 0)
		return ret;
	for (int i = 0; names[i]; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 1;
		}
	}
	dstr_init(&list);
	for (int i = 0; names[i]; i++)
		dstr_addf(&list, "%s%s", i ? ", " : "", names[i]);
	ret = bad(r, "field '%s' is '%.64s'; expected one of %s", key, s, list.buf);
	dstr_release(&list);
	return ret;
}

/* What a reference may point at, by where it is. */
enum ref_class {
	REF_TYPE,   /* any type or void; functions and variables are not types */
	REF_PROTO,  /* a func's signature: a func_proto, or void */
	REF_SYMBOL, /* a symbol's: a func or var, or void */
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int get_ref(struct reader *r, const json_t *obj, const char *key, enum need need,
		   enum ref_class cls, uint32_t *out)
{
	json_t *v;
	int ret = field(r, obj, key, need, JT_STRING, &v);
	const char *s, **found;
	size_t i;
	int kind;
	bool ok;

	if (ret <= 0)
		return ret;
	s = json_string_value(v);
	if (strcmp(s, "void") == 0) {
		*out = 0;
		return 1;
	}
	found = r->nr_keys ? bsearch(&s, r->keys, r->nr_keys, sizeof(*r->keys), cmp_key) : NULL;
	if (!found) {
		/* "member 'next' refers to ...": for the usual field, the field name is noise */
		if (strcmp(key, "type") == 0)
			return pr_error(EINVAL, "%s: %s refers to unknown type %.40s", r->path,
					r->where, s);
		return bad(r, "field '%s' refers to unknown type %.40s", key, s);
	}
	i = (size_t)(found - r->keys);
	kind = r->kinds[i];
	switch (cls) {
	case REF_TYPE:
		ok = kind != KIND_FUNC && kind != KIND_VAR;
		break;
	case REF_PROTO:
		ok = kind == KIND_FUNC_PROTO;
		break;
	case REF_SYMBOL:
		ok = kind == KIND_FUNC || kind == KIND_VAR;
		break;
	default:
		ok = false;
		break;
	}
	if (!ok)
		return bad(r, "field '%s' refers to %s %s, which %s", key, kind_name(kind), s,
			   cls == REF_TYPE    ? "is not a type"
			   : cls == REF_PROTO ? "is not a func_proto"
					      : "is neither a func nor a var");
	*out = (uint32_t)(i + 1);
	return 1;
}

/* Unknown fields are errors: a misspelt optional field would otherwise vanish silently. */
static int check_fields(struct reader *r, const json_t *obj, const char *what,
			const char *const *common, const char *const *own)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		bool known = false;

		for (size_t i = 0; common && common[i] && !known; i++)
			known = strcmp(key, common[i]) == 0;
		for (size_t i = 0; own && own[i] && !known; i++)
			known = strcmp(key, own[i]) == 0;
		if (!known)
			return bad(r, "unknown field '%.64s' in %s", key, what);
	}
	return 0;
}

static const char *const record_common[] = { "kind", "name", "file", "line", NULL };

/* Fields of each kind of record beyond record_common. */
static const char *const record_fields[NR_KINDS][8] = {
	[KIND_INT] = { "size", "signed", "char", "bool" },
	[KIND_FLOAT] = { "size", "complex" },
	[KIND_PTR] = { "type", "size" },
	[KIND_ARRAY] = { "type", "count", "size", "flexible" },
	[KIND_STRUCT] = { "size", "align", "packed", "aligned", "members" },
	[KIND_UNION] = { "size", "align", "packed", "aligned", "members" },
	[KIND_ENUM] = { "size", "signed", "enumerators" },
	[KIND_FWD] = { "fwd_kind" },
	[KIND_TYPEDEF] = { "type", "align" },
	[KIND_CONST] = { "type" },
	[KIND_VOLATILE] = { "type" },
	[KIND_RESTRICT] = { "type" },
	[KIND_ATOMIC] = { "type" },
	[KIND_FUNC_PROTO] = { "return", "params", "variadic", "unprototyped" },
	[KIND_FUNC] = { "type" },
	[KIND_VAR] = { "type" },
};

static const char *const member_fields[] = { "name", "type", "bit_offset", "bit_size", "align",
					       NULL };
static const char *const enumerator_fields[] = { "name", "value", NULL };
static const char *const param_fields[] = { "name", "type", NULL };

/* Sets r->where for one element of a record's array, by name when it has a usable one. */
static void where_part(struct reader *r, const char *key, const char *part, const char *array,
		       size_t idx, const json_t *elem)
{
	const char *name = json_string_value(json_object_get(elem, "name"));

	if (name && *name)
		set_where(r, "type %s: %s '%.64s'", key, part, name);
	else
		set_where(r, "type %s: %s[%zu]", key, array, idx);
}

static int read_members(struct reader *r, const char *key, const json_t *rec)
{
	json_t *arr, *m;
	size_t idx;
	int err = field(r, rec, "members", REQUIRED, JT_ARRAY, &arr);

	if (err < 0)
		return err;
	json_array_foreach(arr, idx, m) {
		const char *name = NULL;
		uint64_t bit_off = 0, bit_size = 0, align = 0;
		uint32_t type_id = 0;

		where_part(r, key, "member", "members", idx, m);
		if (!json_is_object(m))
			return bad(r, "must be an object, not %s", json_type_name(m));
		if ((err = check_fields(r, m, "a member", member_fields, NULL)) < 0 ||
		    (err = get_str(r, m, "name", OPTIONAL, &name)) < 0 ||
		    (err = get_ref(r, m, "type", REQUIRED, REF_TYPE, &type_id)) < 0 ||
		    (err = get_uint(r, m, "bit_offset", REQUIRED, 0, INT64_MAX, &bit_off)) < 0 ||
		    (err = get_uint(r, m, "bit_size", OPTIONAL, 0, UINT32_MAX, &bit_size)) < 0 ||
		    (err = get_uint(r, m, "align", OPTIONAL, 0, UINT32_MAX, &align)) < 0)
			return err;
		if (align & (align - 1))
			return bad(r, "member align %llu is not a power of two",
				   (unsigned long long)align);
		corpus_add_member(r->c, name, type_id, bit_off, (uint32_t)bit_size);
		r->c->members[r->c->nr_members - 1].align = (uint32_t)align;
	}
	return 0;
}

/* "Accepts both": a JSON integer, or a decimal string for values past INT64_MAX. */
static int read_enum_value(struct reader *r, const json_t *e, bool is_signed, uint64_t *out)
{
	json_t *v = json_object_get(e, "value");
	const char *s, *p;
	char *end;

	if (!v)
		return bad(r, "missing field 'value'");
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i < 0 && !is_signed)
			return bad(r, "value %lld is negative, but the enum is unsigned",
				   (long long)i);
		*out = (uint64_t)i;
		return 0;
	}
	if (!json_is_string(v))
		return bad(r, "field 'value' must be an integer or a decimal string, not %s",
			   json_type_name(v));
	/* strtoull() would take spaces, a '+' and even a '-': allow digits only */
	s = json_string_value(v);
	p = s + (is_signed && *s == '-');
	if (!*p || strspn(p, "0123456789") != strlen(p))
		return bad(r, "value '%.40s' is not a %sdecimal integer", s,
			   is_signed ? "" : "non-negative ");
	errno = 0;
	if (is_signed)
		*out = (uint64_t)strtoll(s, &end, 10);
	else
		*out = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return bad(r, "value %.40s does not fit in %s 64-bit integer", s,
			   is_signed ? "a signed" : "an unsigned");
	return 0;
}

static int read_enumerators(struct reader *r, const char *key, const json_t *rec, bool is_signed)
{
	json_t *arr, *e;
	size_t idx;
	int err = field(r, rec, "enumerators", REQUIRED, JT_ARRAY, &arr);

	if (err < 0)
		return err;
	json_array_foreach(arr, idx, e) {
		const char *name = NULL;
		uint64_t value = 0;

		where_part(r, key, "enumerator", "enumerators", idx, e);
		if (!json_is_object(e))
			return bad(r, "must be an object, not %s", json_type_name(e));
		if ((err = check_fields(r, e, "an enumerator", enumerator_fields, NULL)) < 0 ||
		    (err = get_str(r, e, "name", OPTIONAL, &name)) < 0 ||
		    (err = read_enum_value(r, e, is_signed, &value)) < 0)
			return err;
		corpus_add_enumerator(r->c, name, value);
	}
	return 0;
}

static int read_params(struct reader *r, const char *key, const json_t *rec)
{
	json_t *arr, *p;
	size_t idx;
	int err = field(r, rec, "params", REQUIRED, JT_ARRAY, &arr);

	if (err < 0)
		return err;
	json_array_foreach(arr, idx, p) {
		const char *name = NULL;
		uint32_t type_id = 0;

		where_part(r, key, "param", "params", idx, p);
		if (!json_is_object(p))
			return bad(r, "must be an object, not %s", json_type_name(p));
		if ((err = check_fields(r, p, "a parameter", param_fields, NULL)) < 0 ||
		    (err = get_str(r, p, "name", OPTIONAL, &name)) < 0 ||
		    (err = get_ref(r, p, "type", REQUIRED, REF_TYPE, &type_id)) < 0)
			return err;
		corpus_add_param(r->c, name, type_id);
	}
	return 0;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static int get_align(struct reader *r, const json_t *rec, enum need need, uint64_t *out)
{
	int ret = get_uint(r, rec, "align", need, 0, 1u << 31, out);

	/* 0 leaves it to corpus_finalize() to infer */
	if (ret > 0 && *out && !is_pow2(*out))
		return bad(r, "field 'align' must be a power of two, not %" PRIu64, *out);
	return ret;
}

/* Scalar fields of a record, gathered before the record is created. */
struct record {
	const char *name, *file;
	uint64_t line, size, count, align;
	uint32_t ref_id, flags;
};

static int read_flag(struct reader *r, const json_t *rec, const char *key, uint32_t flag,
		     uint32_t *flags)
{
	bool set = false;
	int ret = get_bool(r, rec, key, OPTIONAL, &set);

	if (ret > 0 && set)
		*flags |= flag;
	return ret;
}

static int read_scalars(struct reader *r, int kind, const json_t *rec, struct record *t)
{
	bool sign = false;
	int fwd = 0, err = 0;
	static const char *const fwd_kinds[] = { "struct", "union", "enum", NULL };

	switch (kind) {
	case KIND_INT:
		if ((err = get_uint(r, rec, "size", REQUIRED, 0, INT64_MAX, &t->size)) < 0 ||
		    (err = get_bool(r, rec, "signed", REQUIRED, &sign)) < 0 ||
		    (err = read_flag(r, rec, "char", TF_CHAR, &t->flags)) < 0 ||
		    (err = read_flag(r, rec, "bool", TF_BOOL, &t->flags)) < 0)
			return err;
		t->flags |= sign ? TF_SIGNED : 0;
		break;
	case KIND_FLOAT:
		if ((err = get_uint(r, rec, "size", REQUIRED, 0, INT64_MAX, &t->size)) < 0 ||
		    (err = read_flag(r, rec, "complex", TF_COMPLEX, &t->flags)) < 0)
			return err;
		break;
	case KIND_PTR:
		if ((err = get_ref(r, rec, "type", REQUIRED, REF_TYPE, &t->ref_id)) < 0 ||
		    (err = get_uint(r, rec, "size", REQUIRED, 0, INT64_MAX, &t->size)) < 0)
			return err;
		break;
	case KIND_ARRAY:
		if ((err = get_ref(r, rec, "type", REQUIRED, REF_TYPE, &t->ref_id)) < 0 ||
		    (err = get_uint(r, rec, "count", REQUIRED, 0, INT64_MAX, &t->count)) < 0 ||
		    (err = get_uint(r, rec, "size", REQUIRED, 0, INT64_MAX, &t->size)) < 0 ||
		    (err = read_flag(r, rec, "flexible", TF_FLEXIBLE, &t->flags)) < 0)
			return err;
		break;
	case KIND_STRUCT:
	case KIND_UNION:
		if ((err = get_uint(r, rec, "size", REQUIRED, 0, INT64_MAX, &t->size)) < 0 ||
		    (err = get_align(r, rec, REQUIRED, &t->align)) < 0 ||
		    (err = read_flag(r, rec, "packed", TF_PACKED, &t->flags)) < 0 ||
		    (err = read_flag(r, rec, "aligned", TF_ALIGNED, &t->flags)) < 0)
			return err;
		break;
	case KIND_ENUM:
		if ((err = get_uint(r, rec, "size", REQUIRED, 0, INT64_MAX, &t->size)) < 0 ||
		    (err = get_bool(r, rec, "signed", REQUIRED, &sign)) < 0)
			return err;
		t->flags |= sign ? TF_SIGNED : 0;
		break;
	case KIND_FWD:
		if ((err = get_choice(r, rec, "fwd_kind", fwd_kinds, &fwd)) < 0)
			return err;
		t->flags |= fwd == 1 ? TF_FWD_UNION : fwd == 2 ? TF_FWD_ENUM : 0;
		break;
	case KIND_TYPEDEF:
		if ((err = get_ref(r, rec, "type", REQUIRED, REF_TYPE, &t->ref_id)) < 0 ||
		    (err = get_align(r, rec, OPTIONAL, &t->align)) < 0)
			return err;
		/* a typedef records its alignment only when the source gave one */
		if (err > 0)
			t->flags |= TF_ALIGNED;
		break;
	case KIND_CONST:
	case KIND_VOLATILE:
	case KIND_RESTRICT:
	case KIND_ATOMIC:
	case KIND_VAR:
		if ((err = get_ref(r, rec, "type", REQUIRED, REF_TYPE, &t->ref_id)) < 0)
			return err;
		break;
	case KIND_FUNC:
		if ((err = get_ref(r, rec, "type", REQUIRED, REF_PROTO, &t->ref_id)) < 0)
			return err;
		break;
	case KIND_FUNC_PROTO:
		if ((err = get_ref(r, rec, "return", REQUIRED, REF_TYPE, &t->ref_id)) < 0 ||
		    (err = read_flag(r, rec, "variadic", TF_VARIADIC, &t->flags)) < 0 ||
		    (err = read_flag(r, rec, "unprototyped", TF_UNPROTOTYPED, &t->flags)) < 0)
			return err;
		break;
	default:
		BUG_ON(1); /* kinds were checked when the keys were */
	}
	return 0;
}

static int read_type(struct reader *r, size_t i, const json_t *rec)
{
	const char *key = r->keys[i];
	int kind = r->kinds[i];
	char what[32];
	struct record t = { 0 };
	struct type *type;
	int64_t id;
	int err;

	set_where(r, "type %s", key);
	snprintf(what, sizeof(what), "a%s %s record", kind == KIND_ENUM || kind == KIND_INT ||
			kind == KIND_ATOMIC || kind == KIND_ARRAY ? "n" : "", kind_name(kind));
	if ((err = check_fields(r, rec, what, record_common, record_fields[kind])) < 0 ||
	    (err = get_str(r, rec, "name", OPTIONAL, &t.name)) < 0 ||
	    (err = get_str(r, rec, "file", OPTIONAL, &t.file)) < 0 ||
	    (err = get_uint(r, rec, "line", OPTIONAL, 0, UINT32_MAX, &t.line)) < 0 ||
	    (err = read_scalars(r, kind, rec, &t)) < 0)
		return err;

	id = corpus_add_type(r->c, kind, t.name);
	if (id < 0)
		return pr_error((int)id, "%s: too many types", r->path);
	BUG_ON((uint64_t)id != i + 1);
	type = corpus_type(r->c, (uint32_t)id);
	type->ref_id = t.ref_id;
	type->flags = t.flags;
	type->size = t.size;
	type->nr_elems = t.count;
	type->align = (uint32_t)t.align;
	type->file_off = corpus_str(r->c, t.file);
	type->line = (uint32_t)t.line;

	/* parts go to the last type added, so they must follow their record at once */
	switch (kind) {
	case KIND_STRUCT:
	case KIND_UNION:
		return read_members(r, key, rec);
	case KIND_ENUM:
		return read_enumerators(r, key, rec, t.flags & TF_SIGNED);
	case KIND_FUNC_PROTO:
		return read_params(r, key, rec);
	default:
		return 0;
	}
}

static bool is_fp_key(const char *s)
{
	return strlen(s) == FP_HEX_LEN && strspn(s, "0123456789abcdef") == FP_HEX_LEN;
}

static int read_types(struct reader *r, const json_t *root)
{
	json_t *types, *rec;
	const char *key;
	size_t n = 0;
	int err = field(r, root, "types", REQUIRED, JT_OBJECT, &types);

	if (err < 0)
		return err;
	r->nr_keys = json_object_size(types);
	r->keys = xcalloc(r->nr_keys, sizeof(*r->keys));
	r->kinds = xcalloc(r->nr_keys, sizeof(*r->kinds));
	json_object_foreach(types, key, rec)
		r->keys[n++] = key;
	BUG_ON(n != r->nr_keys);
	/* sorted keys give ids that do not depend on the order of the file */
	qsort(r->keys, n, sizeof(*r->keys), cmp_key);

	/* kinds first, so that a reference can be checked against what it points at */
	for (size_t i = 0; i < n; i++) {
		const char *kind;
		int k;

		set_where(r, "type %.40s", r->keys[i]);
		if (!is_fp_key(r->keys[i]))
			return bad(r, "the key is not a fingerprint (%d lowercase hex digits)",
				   FP_HEX_LEN);
		rec = json_object_get(types, r->keys[i]);
		if (!json_is_object(rec))
			return bad(r, "must be an object, not %s", json_type_name(rec));
		if ((err = get_str(r, rec, "kind", REQUIRED, &kind)) < 0)
			return err;
		k = kind_from_name(kind);
		if (k == KIND_VOID)
			return bad(r, "kind 'void' is not a record; refer to void as \"void\"");
		if (k < 0)
			return bad(r, "unknown kind '%.40s'", kind);
		r->kinds[i] = (uint8_t)k;
	}
	for (size_t i = 0; i < n; i++)
		if ((err = read_type(r, i, json_object_get(types, r->keys[i]))) < 0)
			return err;
	return 0;
}

static const char *const sym_kinds[] = { "function", "variable", "tls", "ifunc", NULL };
static const char *const bindings[] = { "global", "weak", "unique", NULL };
static const char *const visibilities[] = { "default", "protected", NULL };
static const char *const symbol_fields[] = { "name",	   "version", "default_version",
					     "kind",	   "binding", "visibility",
					     "size",	   "type",    NULL };

static int read_symbol(struct reader *r, size_t idx, const json_t *o)
{
	const char *name = NULL, *version = NULL;
	bool dflt = false;
	int kind = 0, binding = 0, vis = 0, err;
	uint64_t size = 0;
	uint32_t type_id = 0;
	struct symbol *s;

	set_where(r, "symbols[%zu]", idx);
	if (!json_is_object(o))
		return bad(r, "must be an object, not %s", json_type_name(o));
	if ((err = get_str(r, o, "name", REQUIRED, &name)) < 0)
		return err;
	set_where(r, "symbol '%.100s'", name);
	if ((err = check_fields(r, o, "a symbol", symbol_fields, NULL)) < 0 ||
	    (err = get_str(r, o, "version", OPTIONAL, &version)) < 0 ||
	    (err = get_bool(r, o, "default_version", version ? REQUIRED : OPTIONAL, &dflt)) < 0)
		return err;
	if (!version && err > 0)
		return bad(r, "field 'default_version' is given without a 'version'");
	if ((err = get_choice(r, o, "kind", sym_kinds, &kind)) < 0 ||
	    (err = get_choice(r, o, "binding", bindings, &binding)) < 0 ||
	    (err = get_choice(r, o, "visibility", visibilities, &vis)) < 0 ||
	    (err = get_uint(r, o, "size", REQUIRED, 0, INT64_MAX, &size)) < 0 ||
	    (err = get_ref(r, o, "type", OPTIONAL, REF_SYMBOL, &type_id)) < 0)
		return err;

	s = corpus_add_symbol(r->c);
	s->name_off = corpus_str(r->c, name);
	s->version_off = corpus_str(r->c, version);
	s->default_version = dflt;
	/* the name lists follow the enums, which start at 1 */
	s->kind = (uint8_t)(SYM_FUNC + kind);
	s->binding = (uint8_t)(BIND_GLOBAL + binding);
	s->visibility = (uint8_t)(VIS_DEFAULT + vis);
	s->size = size;
	s->type_id = type_id;
	return 0;
}

static int read_symbols(struct reader *r, const json_t *root)
{
	json_t *arr, *o;
	size_t idx;
	int err = field(r, root, "symbols", REQUIRED, JT_ARRAY, &arr);

	if (err < 0)
		return err;
	json_array_foreach(arr, idx, o)
		if ((err = read_symbol(r, idx, o)) < 0)
			return err;
	return 0;
}

static const char *const target_fields[] = { "arch",	   "machine",	   "class", "byte_order",
					     "pointer_size", "long_size", NULL };

static int read_target(struct reader *r, const json_t *root)
{
	static const char *const orders[] = { "little", "big", NULL };
	struct target *t = &r->c->target;
	json_t *o;
	const char *arch = NULL;
	uint64_t machine = 0, elf_class = 0, ptr = 0, lng = 0;
	int order = 0;
	int err = field(r, root, "target", REQUIRED, JT_OBJECT, &o);

	if (err < 0)
		return err;
	set_where(r, "target");
	if ((err = check_fields(r, o, "the target", target_fields, NULL)) < 0 ||
	    (err = get_str(r, o, "arch", REQUIRED, &arch)) < 0 ||
	    (err = get_uint(r, o, "machine", REQUIRED, 0, UINT16_MAX, &machine)) < 0 ||
	    (err = get_uint(r, o, "class", REQUIRED, 32, 64, &elf_class)) < 0 ||
	    (err = get_choice(r, o, "byte_order", orders, &order)) < 0 ||
	    (err = get_uint(r, o, "pointer_size", REQUIRED, 1, UINT8_MAX, &ptr)) < 0 ||
	    (err = get_uint(r, o, "long_size", REQUIRED, 1, UINT8_MAX, &lng)) < 0)
		return err;
	if (elf_class != 32 && elf_class != 64)
		return bad(r, "field 'class' must be 32 or 64, not %" PRIu64, elf_class);
	if (strlen(arch) >= sizeof(t->arch))
		return bad(r, "field 'arch' is longer than %zu bytes", sizeof(t->arch) - 1);
	target_init(t, (uint16_t)machine, (uint8_t)elf_class, order ? ORDER_BIG : ORDER_LITTLE);
	/* the file's data model wins over what the machine number suggests */
	t->pointer_size = (uint8_t)ptr;
	t->long_size = (uint8_t)lng;
	snprintf(t->arch, sizeof(t->arch), "%s", arch);
	return 0;
}

static const char *const top_fields[] = { "abidrift", "target", "file_kind", "soname",
					  "symbols",  "types",	NULL };

static int read_version(struct reader *r, const json_t *root)
{
	json_t *v = json_object_get(root, "abidrift");

	if (!v)
		return bad(r, "not an abidrift baseline (no \"abidrift\" version field)");
	if (!json_is_integer(v))
		return bad(r, "field 'abidrift' must be an integer version number, not %s",
			   json_type_name(v));
	if (json_integer_value(v) != ABIDRIFT_BASELINE_VERSION)
		return pr_error(EPROTONOSUPPORT,
				"%s: unknown baseline version %lld; this abidrift reads version %d",
				r->path, (long long)json_integer_value(v),
				ABIDRIFT_BASELINE_VERSION);
	return 0;
}

static int read_root(struct reader *r, const json_t *root)
{
	static const char *const file_kinds[] = { "unknown", "relocatable", "executable", "shared",
						  NULL };
	const char *soname = NULL;
	int fk = 0;
	int err;

	if (!json_is_object(root))
		return bad(r, "not an abidrift baseline (the top level is %s, not an object)",
			   json_type_name(root));
	if ((err = read_version(r, root)) < 0 ||
	    (err = check_fields(r, root, "the baseline", top_fields, NULL)) < 0 ||
	    (err = read_target(r, root)) < 0)
		return err;
	r->where[0] = '\0';
	if ((err = get_choice(r, root, "file_kind", file_kinds, &fk)) < 0 ||
	    (err = get_str(r, root, "soname", OPTIONAL, &soname)) < 0)
		return err;
	/* "unknown" is FILE_UNKNOWN (0); the others follow in enum order */
	r->c->file_kind = (enum file_kind)fk;
	r->c->soname_off = corpus_str(r->c, soname);
	if ((err = read_types(r, root)) < 0)
		return err;
	r->where[0] = '\0';
	return read_symbols(r, root);
}

static bool all_space(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", buf[i]) || !buf[i])
			return false;
	return true;
}

int baseline_read_mem(const char *path, const char *buf, size_t len, struct corpus **out)
{
	struct reader r = { .path = path };
	json_error_t jerr;
	json_t *root;
	int err;

	*out = NULL;
	if (all_space(buf, len))
		return pr_error(EINVAL, "%s: empty file; expected an abidrift baseline", path);
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (json_error_code(&jerr) == json_error_duplicate_key)
			return pr_error(EINVAL,
					"%s:%d:%d: %s; a key may appear only once per object", path,
					jerr.line, jerr.column, jerr.text);
		return pr_error(EINVAL, "%s:%d:%d: not valid JSON: %s", path, jerr.line,
				jerr.column, jerr.text);
	}
	r.c = corpus_new(path);
	err = read_root(&r, root);
	if (!err)
		err = corpus_finalize(r.c);
	free(r.keys);
	free(r.kinds);
	json_decref(root);
	if (err) {
		corpus_free(r.c);
		return err;
	}
	*out = r.c;
	return 0;
}

int baseline_read(const char *path, struct corpus **out)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	int fd, err = 0;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		return pr_error(err, "%s: cannot open: %s", path, strerror(err));
	}
	/* read(2) rather than stdio: errno is reliable, and pipes work as well as files */
	for (;;) {
		ssize_t n;

		ARRAY_GROW(buf, cap, len + 65536);
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			err = pr_error(err, "%s: cannot read: %s", path, strerror(err));
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!err)
		err = baseline_read_mem(path, buf, len, out);
	free(buf);
	return err;
}
