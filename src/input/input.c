/* SPDX-License-Identifier: MIT */
/*
 * The input door: how paths are combined (a header set, or compiled inputs one by one),
 * what every file read by content must be (a regular, non-empty file), which row of the
 * reader table takes each path, and the set of corpora that comes out.
 */
#include "input/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void input_set_add(struct input_set *s, struct corpus *c, const char *label)
{
	s->corpora = xrealloc(s->corpora, (s->nr + 1) * sizeof(*s->corpora));
	s->labels = xrealloc(s->labels, (s->nr + 1) * sizeof(*s->labels));
	s->corpora[s->nr] = c;
	s->labels[s->nr] = xstrdup(label);
	s->nr++;
}

void input_set_release(struct input_set *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		corpus_free(s->corpora[i]);
		free((char *)s->labels[i]);
	}
	free(s->corpora);
	free(s->labels);
	memset(s, 0, sizeof(*s));
}

const struct input_reader *input_sniff(const unsigned char *head, size_t n, const char *path,
				       bool content_only)
{
	const struct input_reader *r;

	for (r = input_readers(); r->name && !content_only; r++)
		if (r->by_name && r->sniff(NULL, 0, path))
			return r;
	for (r = input_readers(); r->name && n; r++)
		if (!r->by_name && r->sniff(head, n, path))
			return r;
	return NULL;
}

bool input_is_header(const char *path)
{
	const struct input_reader *r = input_sniff(NULL, 0, path, false);

	return r && r->by_name;
}

/* Read one path by its content. */
static int read_file(const char *path, const struct input_opts *o, struct input_set *out)
{
	const char *const paths[] = { path };
	const struct input_reader *r;
	unsigned char head[INPUT_HEAD_BYTES];
	struct stat st;
	ssize_t n;
	int fd, err;

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
	r = input_sniff(head, (size_t)n, path, true);
	if (!r)
		return pr_error(EINVAL, "%s: not an ELF file or an abidrift baseline", path);
	return r->read(paths, 1, o, out);
}

int input_read(const char *const *paths, size_t nr_paths, const struct input_opts *o,
	       struct input_set *out)
{
	const struct input_reader *set_reader = NULL;
	size_t nr_named = 0;

	out->misuse = NULL;
	for (size_t i = 0; i < nr_paths && !o->content_only; i++) {
		const struct input_reader *r = input_sniff(NULL, 0, paths[i], false);

		if (r && r->by_name) {
			if (set_reader && r != set_reader)
				break;
			set_reader = r;
			nr_named++;
		}
	}
	if (nr_named && nr_named != nr_paths) {
		out->misuse = "give C headers or compiled inputs (ELF files, baselines), not both";
		return -EINVAL;
	}
	if (nr_named)
		return set_reader->read(paths, nr_paths, o, out);
	if (o->nr_arches) {
		out->misuse = "--arch applies to C headers; these inputs are compiled already";
		return -EINVAL;
	}
	for (size_t i = 0; i < nr_paths; i++) {
		int err = read_file(paths[i], o, out);

		if (err)
			return err;
	}
	return 0;
}
