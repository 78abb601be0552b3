/* SPDX-License-Identifier: MIT */
/*
 * Suppressions: read libabigail's .abignore format and mark the changes its rules match.
 *
 * The reader is line based. It follows libabigail's reader where existing files depend on
 * it (a backslash takes the next character literally, so "\\." reaches regcomp as "\.";
 * '#' and ';' start a comment even after a value; a backslash at the end of a line joins
 * the next one), and is stricter everywhere else: libabigail ignores unknown keys and
 * sections, and a misspelt key there silently widens or narrows a rule. Here every key is
 * either understood or an error, so a rule never means less than it says.
 *
 * A rule is evaluated against the fields of struct change only; nothing here reads a
 * corpus, so the tests build changes by hand.
 */
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compare/suppress.h"
#include "util/util.h"

/* regcomp's time and memory grow with the pattern; no real name pattern comes near this. */
#define MAX_REGEX_BYTES 8192

/*
 * glibc's regcomp copies the pattern's tree for each repetition, so stacked repetition
 * operators ("p+++", which POSIX leaves undefined anyway) and nested counted repetitions
 * ("((a{100}){100}){100}") make it exhaust memory. Refuse a repetition operator right
 * after another, and patterns whose length times the product of their counts is large.
 */
static bool regex_costly(const char *re)
{
	uint64_t product = 1;
	bool after_quant = false;
	size_t len = strlen(re);

	for (const char *p = re; *p; p++) {
		bool quant = false;

		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			/* a bracket expression: no operators inside; "[]a]" starts with ']' */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else if (*p == '*' || *p == '+' || *p == '?') {
			quant = true;
		} else if (*p == '{') {
			unsigned long lo = strtoul(p + 1, NULL, 10), hi = lo;
			const char *comma = strchr(p, ','), *close = strchr(p, '}');

			if (comma && close && comma < close && comma[1] != '}')
				hi = strtoul(comma + 1, NULL, 10);
			if (hi < lo)
				hi = lo;
			if (hi > 1000)
				return true;
			product *= hi ? hi : 1;
			if (product * len > 1000000)
				return true;
			quant = true;
			if (close)
				p = close;
		}
		if (quant && after_quant)
			return true;
		after_quant = quant;
	}
	return false;
}
/* After this many errors in one file the rest is noise (often a file of another format). */
#define MAX_ERRORS 20

enum prop {
	P_LABEL,
	P_REASON,
	P_EXPIRES,
	P_FILE_NAME_REGEXP,
	P_FILE_NAME_NOT_REGEXP,
	P_NAME,
	P_NAME_REGEXP,
	P_NAME_NOT_REGEXP,
	P_TYPE_KIND,
	P_SOURCE_LOCATION_NOT_IN,
	P_SOURCE_LOCATION_NOT_REGEXP,
	P_SYMBOL_NAME,
	P_SYMBOL_NAME_REGEXP,
	P_SYMBOL_NAME_NOT_REGEXP,
	P_SYMBOL_VERSION,
	P_SYMBOL_VERSION_REGEXP,
	NR_PROPS,
};

enum value_kind { V_TEXT, V_STRING, V_REGEX, V_TYPE_KIND, V_FILE_LIST, V_DATE };

/* Sections, as bits so that a key can name the sections that accept it. */
enum {
	S_TYPE = 1u << 0,
	S_FUNCTION = 1u << 1,
	S_VARIABLE = 1u << 2,
	S_SYMBOL = S_FUNCTION | S_VARIABLE,
	S_ALL = S_TYPE | S_SYMBOL,
};

static const struct {
	const char *name;
	unsigned bit;
	enum subject_kind subject;
} sections[] = {
	{ "suppress_type", S_TYPE, SUBJ_TYPE },
	{ "suppress_function", S_FUNCTION, SUBJ_FUNCTION },
	{ "suppress_variable", S_VARIABLE, SUBJ_VARIABLE },
};

static const struct {
	const char *key;
	enum value_kind vk;
	unsigned sections;
	bool selects; /* narrows what the rule matches (label, reason and expires do not) */
} props[NR_PROPS] = {
	[P_LABEL] = { "label", V_TEXT, S_ALL, false },
	[P_REASON] = { "reason", V_TEXT, S_ALL, false },
	[P_EXPIRES] = { "expires", V_DATE, S_ALL, false },
	[P_FILE_NAME_REGEXP] = { "file_name_regexp", V_REGEX, S_ALL, true },
	[P_FILE_NAME_NOT_REGEXP] = { "file_name_not_regexp", V_REGEX, S_ALL, true },
	[P_NAME] = { "name", V_STRING, S_ALL, true },
	[P_NAME_REGEXP] = { "name_regexp", V_REGEX, S_ALL, true },
	[P_NAME_NOT_REGEXP] = { "name_not_regexp", V_REGEX, S_ALL, true },
	[P_TYPE_KIND] = { "type_kind", V_TYPE_KIND, S_TYPE, true },
	[P_SOURCE_LOCATION_NOT_IN] = { "source_location_not_in", V_FILE_LIST, S_TYPE, true },
	[P_SOURCE_LOCATION_NOT_REGEXP] = { "source_location_not_regexp", V_REGEX, S_TYPE, true },
	[P_SYMBOL_NAME] = { "symbol_name", V_STRING, S_SYMBOL, true },
	[P_SYMBOL_NAME_REGEXP] = { "symbol_name_regexp", V_REGEX, S_SYMBOL, true },
	[P_SYMBOL_NAME_NOT_REGEXP] = { "symbol_name_not_regexp", V_REGEX, S_SYMBOL, true },
	[P_SYMBOL_VERSION] = { "symbol_version", V_STRING, S_SYMBOL, true },
	[P_SYMBOL_VERSION_REGEXP] = { "symbol_version_regexp", V_REGEX, S_SYMBOL, true },
};

/*
 * libabigail keys that abidrift refuses: they select on things a change here does not
 * carry (sonames, parameter and return types, reach kinds, member insertion points) or
 * change how a rule applies (change_kind, drop). Naming them gives a better message than
 * "unknown key" to someone bringing an existing file.
 */
static const struct {
	const char *key;
	unsigned sections;
} libabigail_keys[] = {
	{ "soname_regexp", S_ALL },
	{ "soname_not_regexp", S_ALL },
	{ "drop", S_ALL },
	{ "drop_artifact", S_ALL },
	{ "accessed_through", S_TYPE },
	{ "has_data_member_inserted_at", S_TYPE },
	{ "has_data_member_inserted_between", S_TYPE },
	{ "has_data_members_inserted_between", S_TYPE },
	{ "changed_enumerators", S_TYPE },
	{ "changed_enumerators_regexp", S_TYPE },
	{ "has_size_change", S_TYPE },
	{ "has_strict_flexible_array_data_member_conversion", S_TYPE },
	{ "has_data_member", S_TYPE },
	{ "has_data_member_regexp", S_TYPE },
	{ "change_kind", S_SYMBOL },
	{ "allow_other_aliases", S_FUNCTION },
	{ "parameter", S_FUNCTION },
	{ "return_type_name", S_FUNCTION },
	{ "return_type_regexp", S_FUNCTION },
	{ "type_name", S_VARIABLE },
	{ "type_name_regexp", S_VARIABLE },
};

static const char *const libabigail_sections[] = { "suppress_file", "allow_type" };

/*
 * libabigail's type_kind values. A C struct is what libabigail means by "class" in C;
 * "builtin" covers the base types (void included, as libabigail counts it).
 */
static const struct {
	const char *name;
	uint32_t kinds; /* 1u << KIND_* */
} type_kinds[] = {
	{ "class", 1u << KIND_STRUCT },
	{ "struct", 1u << KIND_STRUCT },
	{ "union", 1u << KIND_UNION },
	{ "enum", 1u << KIND_ENUM },
	{ "array", 1u << KIND_ARRAY },
	{ "typedef", 1u << KIND_TYPEDEF },
	{ "builtin", (1u << KIND_VOID) | (1u << KIND_INT) | (1u << KIND_FLOAT) },
};

struct rule {
	enum subject_kind subject;
	char *where; /* "FILE:LINE" of the section header */
	bool has[NR_PROPS];
	char *str[NR_PROPS];   /* V_TEXT and V_STRING values */
	regex_t *re[NR_PROPS]; /* V_REGEX values */
	uint32_t kinds;	       /* type_kind */
	char **files;	       /* source_location_not_in */
	size_t nr_files, cap_files;
	long expires_day; /* days since 1970-01-01 */
	char expires[11]; /* "YYYY-MM-DD" */
	bool expired;
};

struct suppressions {
	struct rule *rules;
	size_t nr_rules, cap_rules;
	size_t *expired; /* indexes into rules, in file order */
	size_t nr_expired, cap_expired;
};

static void rule_release(struct rule *r)
{
	for (size_t i = 0; i < NR_PROPS; i++) {
		free(r->str[i]);
		if (r->re[i]) {
			regfree(r->re[i]);
			free(r->re[i]);
		}
	}
	for (size_t i = 0; i < r->nr_files; i++)
		free(r->files[i]);
	free(r->files);
	free(r->where);
	memset(r, 0, sizeof(*r));
}

void suppressions_free(struct suppressions *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr_rules; i++)
		rule_release(&s->rules[i]);
	free(s->rules);
	free(s->expired);
	free(s);
}

/* Dates */

static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to Y-M-D in the proleptic Gregorian calendar (Y >= 1). */
static long days_since_epoch(long y, int m, int d)
{
	static const short before_month[12] = { 0,   31,  59,  90,  120, 151,
						181, 212, 243, 273, 304, 334 };
	long py = y - 1;
	/* Days from 0001-01-01 to Y-01-01; 719162 of them pass before 1970-01-01. */
	long days = py * 365 + py / 4 - py / 100 + py / 400;

	days += before_month[m - 1] + (m > 2 && is_leap(y)) + d - 1;
	return days - 719162;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Strict YYYY-MM-DD. Returns 0, -EINVAL for a malformed string, -ERANGE for no such day. */
static int parse_date(const char *s, long *day)
{
	static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y;
	int m, d, last;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return -EINVAL;
	y = strtol(s, NULL, 10);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12)
		return -ERANGE;
	last = month_days[m - 1] + (m == 2 && is_leap(y));
	if (d < 1 || d > last)
		return -ERANGE;
	*day = days_since_epoch(y, m, d);
	return 0;
}

long suppressions_today(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long secs;
	time_t now;

	/* The reproducible-builds convention: a non-negative decimal count of seconds. */
	if (sde && *sde && strlen(sde) <= 19 && all_digits(sde, strlen(sde))) {
		errno = 0;
		secs = strtoll(sde, NULL, 10);
		if (errno == 0)
			return (long)(secs / 86400);
	}
	now = time(NULL);
	/* Floor, not truncation, should the clock be before 1970. */
	return (long)(now >= 0 ? now / 86400 : -((-(long long)now + 86399) / 86400));
}

/* Parsing */

struct parser {
	const char *path;
	long today;
	unsigned nr_errors;
	bool in_section;  /* a section header was seen */
	bool skipping;	  /* the current section is unknown: its keys are not checked */
	unsigned section; /* S_* bit of the current section */
	unsigned header_line;
	unsigned errors_before; /* nr_errors when the current section began */
	unsigned key_line[NR_PROPS];
	struct rule cur;
	struct rule *rules; /* complete rules of this file, appended to the set on success */
	size_t nr_rules, cap_rules;
};

static void perr(struct parser *p, unsigned line, const char *fmt, ...) PRINTF(3, 4);
static void perr(struct parser *p, unsigned line, const char *fmt, ...)
{
	struct dstr msg;
	va_list ap;

	p->nr_errors++;
	if (p->nr_errors > MAX_ERRORS)
		return;
	dstr_init(&msg);
	va_start(ap, fmt);
	dstr_vaddf(&msg, fmt, ap);
	va_end(ap);
	pr_error(EINVAL, "%s:%u: %s", p->path, line, msg.buf);
	dstr_release(&msg);
}

/* Quoting user text in a message: at most this much of it. */
#define SHOWN 60
#define SHOW(s) (int)(strlen(s) > SHOWN ? SHOWN : strlen(s)), (s), (strlen(s) > SHOWN ? "..." : "")

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

static const char *section_names(unsigned bits, struct dstr *out)
{
	size_t n = 0, total = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		total += !!(bits & sections[i].bit);
	dstr_reset(out);
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		if (!(bits & sections[i].bit))
			continue;
		if (n)
			dstr_add(out, n + 1 == total ? " and " : ", ");
		dstr_addf(out, "[%s]", sections[i].name);
		n++;
	}
	return out->buf;
}

static const char *section_name(unsigned bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		if (sections[i].bit == bit)
			return sections[i].name;
	return "?";
}

/* End the current section: keep its rule if it can match something. */
static void finish_section(struct parser *p)
{
	struct rule *r = &p->cur;
	bool selects = false;

	/* A section with a bad key is refused already; "nothing to match" would be noise. */
	if (!p->in_section || p->skipping || p->nr_errors != p->errors_before) {
		rule_release(r);
		return;
	}
	for (size_t i = 0; i < NR_PROPS; i++)
		selects |= r->has[i] && props[i].selects;
	if (!selects) {
		struct dstr keys;
		bool first = true;

		dstr_init(&keys);
		for (size_t i = 0; i < NR_PROPS; i++) {
			if (!props[i].selects || !(props[i].sections & p->section))
				continue;
			dstr_addf(&keys, "%s%s", first ? "" : ", ", props[i].key);
			first = false;
		}
		perr(p, p->header_line, "rule has nothing to match; give at least one of %s",
		     keys.buf);
		dstr_release(&keys);
		rule_release(r);
		return;
	}
	if (r->has[P_EXPIRES])
		r->expired = p->today > r->expires_day;
	ARRAY_GROW(p->rules, p->cap_rules, p->nr_rules + 1);
	p->rules[p->nr_rules++] = *r;
	memset(r, 0, sizeof(*r));
}

static void start_section(struct parser *p, const char *line, unsigned lineno)
{
	const char *name = line + 1, *end = strchr(name, ']'), *rest;
	struct dstr buf;
	size_t len;

	finish_section(p);
	p->errors_before = p->nr_errors;
	p->in_section = true;
	p->skipping = true;
	p->header_line = lineno;
	memset(p->key_line, 0, sizeof(p->key_line));
	if (!end) {
		perr(p, lineno, "section header without a closing ']'");
		return;
	}
	rest = skip_blanks(end + 1);
	if (*rest && *rest != '#' && *rest != ';') {
		perr(p, lineno, "unexpected text after the section header: '%.*s%s'", SHOW(rest));
		return;
	}
	name = skip_blanks(name);
	while (end > name && is_blank(end[-1]))
		end--;
	len = (size_t)(end - name);
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		if (strlen(sections[i].name) == len && !memcmp(sections[i].name, name, len)) {
			p->skipping = false;
			p->section = sections[i].bit;
			p->cur.subject = sections[i].subject;
			dstr_init(&buf);
			dstr_addf(&buf, "%s:%u", p->path, lineno);
			p->cur.where = dstr_detach(&buf);
			return;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(libabigail_sections); i++) {
		if (strlen(libabigail_sections[i]) == len &&
		    !memcmp(libabigail_sections[i], name, len)) {
			perr(p, lineno, "section [%s] of libabigail is not supported by abidrift",
			     libabigail_sections[i]);
			return;
		}
	}
	perr(p, lineno,
	     "unknown section [%.*s%s]; expected [suppress_type], [suppress_function] or "
	     "[suppress_variable]",
	     (int)(len > SHOWN ? SHOWN : len), name, len > SHOWN ? "..." : "");
}

/*
 * Read the value that starts at P into OUT: escapes resolved, a trailing comment and the
 * surrounding blanks dropped, and surrounding double quotes removed (inside them '#' and
 * ';' are plain characters). Returns NULL, or what is wrong.
 */
static const char *read_value(const char *p, struct dstr *out)
{
	size_t keep = 0; /* blanks before this length are part of the value (escaped) */

	dstr_reset(out);
	p = skip_blanks(p);
	if (*p == '"') {
		for (p++;; p++) {
			if (!*p)
				return "unterminated quoted value";
			if (*p == '"')
				break;
			if (*p == '\\' && p[1]) {
				p++;
				dstr_addch(out, *p == 't' ? '\t' : *p);
				continue;
			}
			dstr_addch(out, *p);
		}
		p = skip_blanks(p + 1);
		if (*p && *p != '#' && *p != ';')
			return "unexpected text after the closing quote";
		return NULL;
	}
	for (; *p && *p != '#' && *p != ';'; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			dstr_addch(out, *p == 't' ? '\t' : *p);
			keep = out->len;
			continue;
		}
		dstr_addch(out, *p);
	}
	while (out->len > keep && is_blank(out->buf[out->len - 1]))
		out->buf[--out->len] = '\0';
	return NULL;
}

static int find_prop(const char *key, size_t len)
{
	for (size_t i = 0; i < NR_PROPS; i++)
		if (strlen(props[i].key) == len && !memcmp(props[i].key, key, len))
			return (int)i;
	return -1;
}

static void unknown_key(struct parser *p, unsigned lineno, const char *key, size_t len)
{
	int prop = find_prop(key, len);
	const char *sect = section_name(p->section);
	struct dstr names;
	int shown = (int)(len > SHOWN ? SHOWN : len);

	if (prop >= 0) {
		dstr_init(&names);
		perr(p, lineno, "key '%.*s' is not accepted in [%s]; %s %s it", shown, key, sect,
		     section_names(props[prop].sections, &names),
		     props[prop].sections & (props[prop].sections - 1) ? "accept" : "accepts");
		dstr_release(&names);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(libabigail_keys); i++) {
		if (strlen(libabigail_keys[i].key) == len &&
		    !memcmp(libabigail_keys[i].key, key, len) &&
		    (libabigail_keys[i].sections & p->section)) {
			perr(p, lineno, "key '%s' of libabigail is not supported by abidrift",
			     libabigail_keys[i].key);
			return;
		}
	}
	perr(p, lineno, "unknown key '%.*s%s' in [%s]", shown, key, len > SHOWN ? "..." : "", sect);
}

static void set_file_list(struct parser *p, unsigned lineno, const char *value)
{
	struct rule *r = &p->cur;
	const char *item = value;

	for (;;) {
		const char *comma = strchr(item, ',');
		const char *end = comma ? comma : item + strlen(item);
		const char *b = skip_blanks(item);

		while (end > b && is_blank(end[-1]))
			end--;
		/* "./x.h" names the same file as "x.h" for a suffix comparison. */
		while (end - b > 2 && b[0] == '.' && b[1] == '/')
			b += 2;
		if (end == b) {
			perr(p, lineno, "empty file name in 'source_location_not_in'");
			return;
		}
		ARRAY_GROW(r->files, r->cap_files, r->nr_files + 1);
		r->files[r->nr_files++] = xstrndup(b, (size_t)(end - b));
		if (!comma)
			break;
		item = comma + 1;
	}
}

static void set_prop(struct parser *p, unsigned lineno, enum prop prop, const char *value)
{
	struct rule *r = &p->cur;
	const char *key = props[prop].key;
	int err;

	switch (props[prop].vk) {
	case V_TEXT:
	case V_STRING:
		r->str[prop] = xstrdup(value);
		break;
	case V_REGEX:
		if (regex_costly(value)) {
			perr(p, lineno,
			     "regular expression in '%s' repeats repetitions ('a++', '(a{100}){100}'): "
			     "too costly to compile; simplify it",
			     key);
			return;
		}
		if (strlen(value) > MAX_REGEX_BYTES) {
			perr(p, lineno, "regular expression in '%s' is longer than %d bytes", key,
			     MAX_REGEX_BYTES);
			return;
		}
		r->re[prop] = xmalloc(sizeof(regex_t));
		err = regcomp(r->re[prop], value, REG_EXTENDED | REG_NOSUB);
		if (err) {
			char msg[256];

			regerror(err, r->re[prop], msg, sizeof(msg));
			/* POSIX leaves a pattern undefined after a failed regcomp: no regfree. */
			free(r->re[prop]);
			r->re[prop] = NULL;
			perr(p, lineno, "bad regular expression in '%s': %s", key, msg);
			return;
		}
		break;
	case V_TYPE_KIND:
		for (size_t i = 0; i < ARRAY_SIZE(type_kinds); i++)
			if (!strcmp(type_kinds[i].name, value))
				r->kinds = type_kinds[i].kinds;
		if (!r->kinds) {
			perr(p, lineno,
			     "unknown type_kind '%.*s%s'; expected class, struct, union, enum, "
			     "array, typedef or builtin",
			     SHOW(value));
			return;
		}
		break;
	case V_FILE_LIST: {
		unsigned before = p->nr_errors;

		set_file_list(p, lineno, value);
		if (p->nr_errors != before)
			return;
		break;
	}
	case V_DATE:
		err = parse_date(value, &r->expires_day);
		if (err) {
			perr(p, lineno, "bad date '%.*s%s' in 'expires': %s", SHOW(value),
			     err == -ERANGE ? "no such day" : "expected YYYY-MM-DD");
			return;
		}
		memcpy(r->expires, value, 10);
		r->expires[10] = '\0';
		break;
	}
	r->has[prop] = true;
}

static void parse_property(struct parser *p, const char *line, unsigned lineno, struct dstr *val)
{
	const char *eq = strchr(line, '='), *end;
	const char *problem;
	size_t len;
	int prop;

	if (!eq) {
		perr(p, lineno, "expected 'key = value', got '%.*s%s'", SHOW(line));
		return;
	}
	end = eq;
	while (end > line && is_blank(end[-1]))
		end--;
	len = (size_t)(end - line);
	if (!len) {
		perr(p, lineno, "no key before '='");
		return;
	}
	if (!p->in_section) {
		perr(p, lineno, "key '%.*s%s' before any section header",
		     (int)(len > SHOWN ? SHOWN : len), line, len > SHOWN ? "..." : "");
		return;
	}
	if (p->skipping)
		return;
	prop = find_prop(line, len);
	if (prop < 0 || !(props[prop].sections & p->section)) {
		unknown_key(p, lineno, line, len);
		return;
	}
	if (p->key_line[prop]) {
		perr(p, lineno, "duplicate key '%s' in [%s] (first at line %u)", props[prop].key,
		     section_name(p->section), p->key_line[prop]);
		return;
	}
	p->key_line[prop] = lineno;
	problem = read_value(eq + 1, val);
	if (problem) {
		perr(p, lineno, "%s for '%s'", problem, props[prop].key);
		return;
	}
	if (!val->len) {
		perr(p, lineno, "empty value for '%s'", props[prop].key);
		return;
	}
	set_prop(p, lineno, (enum prop)prop, val->buf);
}

/*
 * Next logical line into LINE: physical lines joined where one ends in an unescaped
 * backslash, the newline (and a CR before it) dropped. *FIRST gets the number of its
 * first physical line, *NUL whether it held a NUL byte. Returns 1, 0 at the end, or
 * -errno.
 */
static int read_line(FILE *fp, char **buf, size_t *cap, unsigned *lineno, struct dstr *line,
		     unsigned *first, bool *nul)
{
	bool any = false;

	dstr_reset(line);
	*nul = false;
	for (;;) {
		ssize_t got;
		size_t n, run = 0;

		errno = 0;
		got = getline(buf, cap, fp);
		if (got < 0) {
			if (ferror(fp))
				return errno ? -errno : -EIO;
			return any ? 1 : 0;
		}
		if (!any)
			*first = *lineno + 1;
		any = true;
		(*lineno)++;
		n = (size_t)got;
		if (n && (*buf)[n - 1] == '\n')
			n--;
		if (n && (*buf)[n - 1] == '\r')
			n--;
		if (memchr(*buf, '\0', n))
			*nul = true;
		while (run < n && (*buf)[n - 1 - run] == '\\')
			run++;
		if (run % 2 == 0) {
			dstr_addn(line, *buf, n);
			return 1;
		}
		/* An odd run: the last backslash escapes the newline; join the next line. */
		dstr_addn(line, *buf, n - 1);
	}
}

static void append_rules(struct suppressions *s, struct parser *p)
{
	for (size_t i = 0; i < p->nr_rules; i++) {
		ARRAY_GROW(s->rules, s->cap_rules, s->nr_rules + 1);
		s->rules[s->nr_rules] = p->rules[i];
		if (p->rules[i].expired) {
			ARRAY_GROW(s->expired, s->cap_expired, s->nr_expired + 1);
			s->expired[s->nr_expired++] = s->nr_rules;
		}
		s->nr_rules++;
	}
	free(p->rules);
	p->rules = NULL;
	p->nr_rules = p->cap_rules = 0;
}

int suppressions_load(struct suppressions **s, const char *path, long today)
{
	struct parser p = { .path = path, .today = today };
	struct dstr line, val;
	char *buf = NULL;
	size_t cap = 0;
	unsigned lineno = 0, first = 0;
	bool nul;
	FILE *fp;
	int ret;

	BUG_ON(!s || !path);
	fp = fopen(path, "r");
	if (!fp) {
		int err = errno;

		return pr_error(err, "%s: %s", path, strerror(err));
	}
	dstr_init(&line);
	dstr_init(&val);
	while ((ret = read_line(fp, &buf, &cap, &lineno, &line, &first, &nul)) > 0) {
		const char *text = line.buf;

		/* Editors on some systems start a UTF-8 file with a byte order mark. */
		if (first == 1 && !strncmp(text, "\xef\xbb\xbf", 3))
			text += 3;
		if (nul) {
			perr(&p, first, "NUL byte in line");
			continue;
		}
		text = skip_blanks(text);
		if (!*text || *text == '#' || *text == ';')
			continue;
		if (*text == '[')
			start_section(&p, text, first);
		else
			parse_property(&p, text, first, &val);
		if (p.nr_errors > MAX_ERRORS)
			break;
	}
	if (ret < 0) {
		pr_error(-ret, "%s: %s", path, strerror(-ret));
	} else {
		finish_section(&p);
		ret = 0;
	}
	if (p.nr_errors > MAX_ERRORS)
		pr_error(EINVAL, "%s: too many errors; giving up", path);
	if (!ret && p.nr_errors)
		ret = -EINVAL;
	fclose(fp);
	free(buf);
	dstr_release(&line);
	dstr_release(&val);
	rule_release(&p.cur);
	if (ret) {
		for (size_t i = 0; i < p.nr_rules; i++)
			rule_release(&p.rules[i]);
		free(p.rules);
		return ret;
	}
	if (!*s)
		*s = xcalloc(1, sizeof(**s));
	append_rules(*s, &p);
	return 0;
}

/* Matching */

static bool regex_matches(const regex_t *re, const char *s)
{
	return regexec(re, s, 0, NULL, 0) == 0;
}

/*
 * One name compared with an exact value, a pattern it must match and one it must not.
 * A nameless subject matches no name property, the negative one included: "not named
 * like this" is not evidence enough to hide a change.
 */
static bool match_name(const struct rule *r, int exact, enum prop re, enum prop not_re,
		       const char *s)
{
	bool has_exact = exact >= 0 && r->has[exact];

	if (!has_exact && !r->has[re] && !r->has[not_re])
		return true;
	if (!s)
		return false;
	if (has_exact && strcmp(r->str[exact], s))
		return false;
	if (r->has[re] && !regex_matches(r->re[re], s))
		return false;
	if (r->has[not_re] && regex_matches(r->re[not_re], s))
		return false;
	return true;
}

static bool match_symbol_name(const struct rule *r, const char *name)
{
	/* abidrift's functions and variables are ELF symbols: both names are the symbol's. */
	return match_name(r, P_NAME, P_NAME_REGEXP, P_NAME_NOT_REGEXP, name) &&
	       match_name(r, P_SYMBOL_NAME, P_SYMBOL_NAME_REGEXP, P_SYMBOL_NAME_NOT_REGEXP, name);
}

static bool match_input(const struct rule *r, const char *new_path)
{
	return match_name(r, -1, P_FILE_NAME_REGEXP, P_FILE_NAME_NOT_REGEXP, new_path);
}

/* FILE is a listed name, or ends in '/' and a listed name (a basename or a path tail). */
static bool file_listed(const struct rule *r, const char *file)
{
	size_t flen = strlen(file);

	for (size_t i = 0; i < r->nr_files; i++) {
		const char *name = r->files[i];
		size_t nlen = strlen(name);

		if (!strcmp(file, name))
			return true;
		if (flen > nlen && file[flen - nlen - 1] == '/' &&
		    !strcmp(file + flen - nlen, name))
			return true;
	}
	return false;
}

static bool match_location(const struct rule *r, const char *file)
{
	if (!r->has[P_SOURCE_LOCATION_NOT_IN] && !r->has[P_SOURCE_LOCATION_NOT_REGEXP])
		return true;
	/* As in libabigail: where the declaration file is unknown, the change is kept. */
	if (!file || !*file)
		return false;
	if (r->has[P_SOURCE_LOCATION_NOT_IN] && file_listed(r, file))
		return false;
	if (r->has[P_SOURCE_LOCATION_NOT_REGEXP] &&
	    regex_matches(r->re[P_SOURCE_LOCATION_NOT_REGEXP], file))
		return false;
	return true;
}

static bool match_version(const struct rule *r, const char *version)
{
	if (r->has[P_SYMBOL_VERSION] && (!version || strcmp(r->str[P_SYMBOL_VERSION], version)))
		return false;
	/* An unversioned symbol's version is empty, so "^$" selects unversioned symbols. */
	if (r->has[P_SYMBOL_VERSION_REGEXP] &&
	    !regex_matches(r->re[P_SYMBOL_VERSION_REGEXP], version ? version : ""))
		return false;
	return true;
}

static bool match_type_kind(const struct rule *r, int kind)
{
	if (!r->has[P_TYPE_KIND])
		return true;
	return kind >= 0 && kind < 32 && (r->kinds >> kind) & 1;
}

static bool rule_matches(const struct rule *r, const struct change *c, const char *new_path)
{
	if (r->expired || c->subject != r->subject || !match_input(r, new_path))
		return false;
	if (r->subject == SUBJ_TYPE)
		return match_name(r, P_NAME, P_NAME_REGEXP, P_NAME_NOT_REGEXP, c->type_name) &&
		       match_type_kind(r, c->type_kind) && match_location(r, c->file);
	return match_symbol_name(r, c->subject_name) && match_version(r, c->symbol_version);
}

/*
 * Whether R suppresses the symbol NAME (VERSION, or NULL when unversioned) that reaches a
 * type change. The list of reaching symbols gives names and versions but not kinds, so a
 * function rule is tried on variables too and the other way round. A rule that selects
 * neither a name nor a version (only the input's file name, say) would take in every
 * symbol; it counts as no match, which leaves the type change visible rather than hiding
 * it on a guess.
 */
static bool rule_matches_symbol(const struct rule *r, const char *name, const char *version,
				const char *new_path)
{
	static const enum prop selectors[] = {
		P_NAME,		  P_NAME_REGEXP,	   P_NAME_NOT_REGEXP,
		P_SYMBOL_NAME,	  P_SYMBOL_NAME_REGEXP,	   P_SYMBOL_NAME_NOT_REGEXP,
		P_SYMBOL_VERSION, P_SYMBOL_VERSION_REGEXP,
	};
	bool selects = false;

	if (r->expired || r->subject == SUBJ_TYPE)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(selectors); i++)
		selects |= r->has[selectors[i]];
	return selects && match_input(r, new_path) && match_symbol_name(r, name) &&
	       match_version(r, version);
}

/*
 * The first rule that suppresses the reaching symbol LABEL, or NULL. The diff lists a
 * reaching symbol as "name", "name@@VERSION" (the default version) or "name@VERSION".
 * The same symbols reach many type changes (a vmlinux has thousands of both), so answers
 * are cached by label.
 */
struct symbol_cache {
	struct hashmap map; /* hash of the label -> index in entries + 1 */
	struct {
		const char *label;
		const struct rule *rule;
	} * entries;
	size_t nr, cap;
};

static const struct rule *symbol_rule(const struct suppressions *s, struct symbol_cache *cache,
				      const char *label, const char *new_path)
{
	uint64_t key = hash_str(label), idx;
	const struct rule *found = NULL;
	const char *at = strchr(label, '@'), *version = NULL;
	char *name;

	key = key ? key : 1; /* 0 is the map's empty key */
	if (hashmap_get(&cache->map, key, &idx) && !strcmp(cache->entries[idx - 1].label, label))
		return cache->entries[idx - 1].rule;
	if (at) {
		name = xstrndup(label, (size_t)(at - label));
		version = at[1] == '@' ? at + 2 : at + 1;
	} else {
		name = xstrdup(label);
	}
	for (size_t i = 0; i < s->nr_rules && !found; i++)
		if (rule_matches_symbol(&s->rules[i], name, version, new_path))
			found = &s->rules[i];
	free(name);
	/* On a hash collision the first label keeps the slot; the other is just not cached. */
	if (!hashmap_get(&cache->map, key, &idx)) {
		ARRAY_GROW(cache->entries, cache->cap, cache->nr + 1);
		cache->entries[cache->nr].label = label;
		cache->entries[cache->nr].rule = found;
		hashmap_set(&cache->map, key, ++cache->nr);
	}
	return found;
}

static void mark(struct change *c, const struct rule *r)
{
	c->suppressed = true;
	free(c->suppressed_by);
	c->suppressed_by = xstrdup(r->where);
	free(c->reason);
	c->reason = r->str[P_REASON] ? xstrdup(r->str[P_REASON]) : NULL;
}

void suppressions_apply(const struct suppressions *s, struct diff *d, const char *new_path)
{
	struct symbol_cache cache = { 0 };

	if (!s || !d)
		return;
	for (size_t i = 0; i < d->nr_changes; i++) {
		struct change *c = &d->changes[i];

		if (c->suppressed)
			continue;
		for (size_t j = 0; j < s->nr_rules; j++) {
			if (rule_matches(&s->rules[j], c, new_path)) {
				mark(c, &s->rules[j]);
				break;
			}
		}
	}
	/* A type change that only suppressed symbols reach is of no interest either. */
	hashmap_init(&cache.map);
	for (size_t i = 0; i < d->nr_changes; i++) {
		struct change *c = &d->changes[i];
		const struct rule *by = NULL;
		size_t k;

		if (c->suppressed || c->subject != SUBJ_TYPE || !c->nr_symbols || !c->symbols)
			continue;
		for (k = 0; k < c->nr_symbols && c->symbols[k]; k++) {
			const struct rule *r = symbol_rule(s, &cache, c->symbols[k], new_path);

			if (!r)
				break;
			if (!by)
				by = r;
		}
		if (k == c->nr_symbols)
			mark(c, by);
	}
	hashmap_release(&cache.map);
	free(cache.entries);
}

size_t suppressions_nr_expired(const struct suppressions *s)
{
	return s ? s->nr_expired : 0;
}

const char *suppressions_expired_rule(const struct suppressions *s, size_t i)
{
	BUG_ON(!s || i >= s->nr_expired);
	return s->rules[s->expired[i]].where;
}

const char *suppressions_expired_date(const struct suppressions *s, size_t i)
{
	BUG_ON(!s || i >= s->nr_expired);
	return s->rules[s->expired[i]].expires;
}
