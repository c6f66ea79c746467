/*
 * fuzz_scenario.c - libFuzzer target: scenario YAML through the whole
 * loader (YAML reader, node tree, every section's checks, policies written
 * inline).  Inputs that name a path with a '/' are skipped, and relative
 * paths resolve in a directory that does not exist, so the fuzzer never
 * opens a real file.
 */
#include <stdint.h>
#include <string.h>

#include "ttsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memchr(data, '/', size))
		return 0;
	tt_scenario s;
	tt_diag d;
	if (tt_scenario_load_text((const char *)data, size, "fuzz.yaml",
	                          "/nonexistent-ttsim-fuzz", &s, &d) == TT_OK)
		tt_scenario_release(&s);
	return 0;
}
