/*
 * fuzz_cloudwatch.c - libFuzzer target: the CloudWatch reader
 * (get-metric-statistics and get-metric-data JSON exports), with the
 * knobs of fuzz_workload.c in front: the `count` knob names or numbers the
 * get-metric-data result, and '\f' splits several exports to merge.
 */
#include <stdint.h>

#include "fuzz_workload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_workload_run(data, size, TT_TRACE_CLOUDWATCH);
	return 0;
}
