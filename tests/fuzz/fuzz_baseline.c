/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as a baseline. */
#include <stdint.h>

#include "baseline/baseline.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	struct corpus *c;

	if (!init) {
		abidrift_set_print(quiet);
		init = true;
	}
	if (baseline_read_mem("fuzz.json", (const char *)data, size, &c) == 0) {
		exercise(c);
		corpus_free(c);
	}
	return 0;
}
