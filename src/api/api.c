/* SPDX-License-Identifier: MIT */
/* The public API: input detection and the thin wrappers around the internal modules. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline/baseline.h"
#include "dwarf/dwarf.h"
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
	unsigned char head[64];
	struct stat st;
	ssize_t n;
	int fd, err;
	struct corpus *c = NULL;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pr_error(errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		err = pr_error(errno, "%s: %s", path, strerror(errno));
		close(fd);
		return err;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return pr_error(EISDIR, "%s: is a directory; give an ELF file or a baseline", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return pr_error(EINVAL, "%s: not a regular file", path);
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n < 0)
		return pr_error(errno, "%s: %s", path, strerror(errno));
	if (n == 0)
		return pr_error(ENODATA, "%s: is empty; give an ELF file or a baseline", path);
	if (n >= 4 && memcmp(head, "\177ELF", 4) == 0) {
		err = dwarf_read_elf(path, (uint64_t)st.st_size, flags, &c);
	} else {
		ssize_t i = 0;

		/* A baseline is JSON: an object, after optional white space or a BOM. */
		if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
			i = 3;
		while (i < n && strchr(" \t\r\n", head[i]))
			i++;
		if (i < n && head[i] == '{')
			err = baseline_read(path, &c);
		else if (n >= 8 && memcmp(head, "!<arch>\n", 8) == 0)
			err = pr_error(EINVAL,
				       "%s: is a static archive; extract its members (ar x) and pass "
				       "the objects",
				       path);
		else
			err = pr_error(EINVAL, "%s: not an ELF file or an abidrift baseline", path);
	}
	if (err)
		return err;
	*out = (struct abidrift_corpus *)c;
	return 0;
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
