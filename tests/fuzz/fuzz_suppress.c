/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as a suppression file, applied to a small diff. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compare/suppress.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *syms_a[] = { "f", "g", NULL };

/* A few changes of each subject, built once; suppression marks are reset per input. */
static void fill(struct diff *d, struct change *ch)
{
	memset(d, 0, sizeof(*d));
	memset(ch, 0, 4 * sizeof(*ch));
	ch[0] = (struct change){ .kind = CH_TYPE_SIZE, .severity = SEV_BREAKING,
				 .subject = SUBJ_TYPE, .subject_name = "struct foo",
				 .type_name = "foo", .type_kind = KIND_STRUCT, .path = "struct foo",
				 .file = "include/foo.h", .line = 3, .symbols = syms_a,
				 .nr_symbols = 2 };
	ch[1] = (struct change){ .kind = CH_SYMBOL_REMOVED, .severity = SEV_BREAKING,
				 .subject = SUBJ_FUNCTION, .subject_name = "f",
				 .symbol_version = "V_1", .path = "f", .symbols = syms_a,
				 .nr_symbols = 1 };
	ch[2] = (struct change){ .kind = CH_VARIABLE_TYPE, .severity = SEV_BREAKING,
				 .subject = SUBJ_VARIABLE, .subject_name = "g", .path = "g" };
	ch[3] = (struct change){ .kind = CH_SONAME_CHANGED, .severity = SEV_BREAKING,
				 .subject = SUBJ_FILE, .subject_name = "soname", .path = "soname" };
	d->changes = ch;
	d->nr_changes = 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct suppressions *s = NULL;
	struct change ch[4];
	struct diff d;

	if (fd < 0) {
		abidrift_set_print(quiet);
		fd = memfd_create("fuzz-abignore", 0);
		if (fd < 0)
			return 0;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	if (suppressions_load(&s, path, 20000) == 0) {
		fill(&d, ch);
		suppressions_apply(s, &d, "libfoo.so.1");
		diff_recount(&d);
		for (size_t i = 0; i < 4; i++) {
			/* the marks are the rules' to allocate and ours to free */
			free(ch[i].suppressed_by);
			free(ch[i].reason);
		}
		for (size_t i = 0; i < suppressions_nr_expired(s); i++) {
			(void)suppressions_expired_rule(s, i);
			(void)suppressions_expired_date(s, i);
		}
	}
	suppressions_free(s);
	return 0;
}
