/*
 * fuzz_trace.c - libFuzzer target: the trace readers as a run reads them.
 * The first byte picks the format (auto, counts, requests,
 * azure-functions, cloudwatch); the knobs and the files follow, as
 * fuzz_workload.c describes: periods, Poisson noise, columns by name or
 * index, transforms, several files, read by periods or by arrivals.
 */
#include <stdint.h>

#include "fuzz_workload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fz_workload_run(data + 1, size - 1, (tt_trace_format)(data[0] % 5));
	return 0;
}
