/*
 * fuzz_azure.c - libFuzzer target: the Azure Functions 2019 reader (a day
 * per file, 1440 minute columns), with the knobs of fuzz_workload.c in
 * front: the `select` knob picks a HashFunction or a HashApp, and '\f'
 * splits consecutive days.
 */
#include <stdint.h>

#include "fuzz_workload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_workload_run(data, size, TT_TRACE_AZURE_FUNCTIONS);
	return 0;
}
