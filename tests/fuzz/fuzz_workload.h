/*
 * fuzz_workload.h - one fuzz input as a whole trace workload, shared by the
 * trace, cloudwatch and azure targets: the input's first bytes turn the
 * knobs of a scenario's `workload:` section (periods, noise, columns, a
 * selection, transforms), the rest is the trace.  fuzz_workload.c says how
 * the bytes are read.
 */
#ifndef TTSIM_FUZZ_WORKLOAD_H
#define TTSIM_FUZZ_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "ttsim/workload.h"

/*
 * Read the knobs from the front of data[0..size), write the rest as the
 * trace's files (split at each '\f', at most four) and read the workload
 * in `format` to the end or to a bounded number of periods or arrivals.
 * Bad input is an error from the library, never a crash: only sanitizer
 * reports and assertions count.
 */
void fz_workload_run(const uint8_t *data, size_t size, tt_trace_format format);

#endif
