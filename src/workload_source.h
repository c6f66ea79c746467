/*
 * workload_source.h - a workload over an interval source made by hand.
 *
 * Private to the library: tt_workload_open builds the source chain from a
 * spec and calls this; tests call it with sources of their own to pin the
 * resampling.
 */
#ifndef TTSIM_WORKLOAD_SOURCE_H
#define TTSIM_WORKLOAD_SOURCE_H

#include "source.h"
#include "ttsim/workload.h"

/*
 * Per-period counts of periods `period_us` from `src`, which the workload
 * owns from the call on (closed with it, or here on failure).  With
 * `poisson`, counts are Poisson draws seeded from `seed`.
 */
tt_code tt_workload_from_source(tt_source *src, uint64_t seed,
                                tt_time_us period_us, bool poisson,
                                tt_workload **out, tt_diag *d);

/* How a period's count is placed (tests; tt_workload_open takes the
 * spec's). */
void tt_workload_set_arrivals(tt_workload *w, tt_arrivals how);

#endif
