/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as an ELF file with DWARF (or a baseline: read detects). */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct abidrift_corpus *ac;

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
	if (abidrift_corpus__read_flags(path, ABIDRIFT_READ_ALLOW_NO_DWARF, &ac) == 0) {
		exercise((struct corpus *)ac);
		abidrift_corpus__free(ac);
	}
	return 0;
}
