/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as an input file, through the input door (ELF, baseline, ...). */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "input/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	static const struct input_opts o = { .flags = ABIDRIFT_READ_ALLOW_NO_DWARF,
					     .content_only = true };
	const char *paths[1];
	struct input_set set = { 0 };

	if (fd < 0) {
		abidrift_set_print(quiet);
		/* libdwfl opens files by name: a memory file has one in /proc */
		fd = memfd_create("fuzz-elf", 0);
		if (fd < 0)
			return 0;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	paths[0] = path;
	if (input_read(paths, 1, &o, &set) == 0)
		exercise(set.corpora[0]);
	input_set_release(&set);
	return 0;
}
