/* SPDX-License-Identifier: MIT */
/*
 * The public API: a thin facade over the internal modules. A public corpus is an
 * internal one; reading goes through the input door like every other read.
 */
#include "baseline/baseline.h"
#include "input/input.h"
#include "model/model.h"
#include "report/report.h"

#define AS_CORPUS(p) ((struct corpus *)(p))
#define AS_CCORPUS(p) ((const struct corpus *)(p))

const char *abidrift_version(void)
{
	return ABIDRIFT_VERSION;
}

int abidrift_corpus__read(const char *path, struct abidrift_corpus **out)
{
	return abidrift_corpus__read_flags(path, 0, out);
}

int abidrift_corpus__read_flags(const char *path, unsigned int flags,
				struct abidrift_corpus **out)
{
	/* the API reads one file by its content: ELF or baseline, never a header set */
	const struct input_opts o = { .flags = flags, .content_only = true };
	struct input_set set = { 0 };
	int err;

	*out = NULL;
	err = input_read(&path, 1, &o, &set);
	if (!err) {
		*out = (struct abidrift_corpus *)set.corpora[0];
		set.corpora[0] = NULL;
	}
	input_set_release(&set);
	return err;
}

void abidrift_corpus__free(struct abidrift_corpus *c)
{
	corpus_free(AS_CORPUS(c));
}

const char *abidrift_corpus__arch(const struct abidrift_corpus *c)
{
	return AS_CCORPUS(c)->target.arch;
}

size_t abidrift_corpus__nr_types(const struct abidrift_corpus *c)
{
	return AS_CCORPUS(c)->nr_types - 1;
}

size_t abidrift_corpus__nr_symbols(const struct abidrift_corpus *c)
{
	return AS_CCORPUS(c)->nr_syms;
}

int abidrift_corpus__write_baseline(const struct abidrift_corpus *c, FILE *fp)
{
	return baseline_write(AS_CCORPUS(c), fp);
}

int abidrift_corpus__show(const struct abidrift_corpus *c, FILE *fp, const char *const *names,
			  size_t nr_names)
{
	return show_types(AS_CCORPUS(c), fp, names, nr_names);
}
