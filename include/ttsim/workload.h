/*
 * workload.h - where invocations come from.
 *
 * One streaming interface over synthetic shapes and recorded traces: the
 * simulation asks for the number of invocations in each consecutive period
 * [k*P, (k+1)*P) and the workload answers without ever holding more than a
 * line of a trace in memory, however long the trace is.
 *
 * Rates in synthetic shapes are invocations per minute (the unit of the
 * CloudWatch Invocations metric and of per-minute traces).  Counts are whole
 * numbers: fractional expectations (a rate that does not divide the period,
 * a scale factor of 0.05) are turned into integers by carried rounding, so
 * the running total never drifts more than half an invocation from the
 * exact one.  With `noise: poisson` each period's count is instead drawn
 * from a Poisson distribution with the expected count as mean (stream
 * TT_RNG_WORKLOAD).
 */
#ifndef TTSIM_WORKLOAD_H
#define TTSIM_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"

typedef enum tt_shape {
	TT_SHAPE_CONSTANT, /* rate */
	TT_SHAPE_STEP, /* rate until the first step, then each step's rate */
	TT_SHAPE_RAMP, /* from at start, linear to `to` at end, flat outside */
	TT_SHAPE_DIURNAL /* base + (peak-base)(1 - cos(2 pi (t - peak_at + period/2) / period)) / 2 */
} tt_shape;

typedef struct tt_step {
	tt_time_us at_us;
	double rate_per_min;
} tt_step;

typedef struct tt_synthetic_spec {
	tt_shape shape;
	double rate_per_min; /* constant; step: the rate before the first step */
	tt_step *steps;      /* step: sorted by at_us, strictly increasing */
	size_t n_steps;
	double from_per_min; /* ramp */
	double to_per_min;
	tt_time_us start_us;
	tt_time_us end_us;    /* > start_us */
	double base_per_min;  /* diurnal: the trough */
	double peak_per_min;  /* diurnal: the crest */
	tt_time_us period_us; /* diurnal: > 0, default 1d */
	tt_time_us
	        peak_at_us; /* diurnal: a time of a crest, default period/2 */
	bool poisson;       /* noise: poisson */
} tt_synthetic_spec;

typedef struct tt_trace_spec {
	char *path;           /* opened as given (scenario.c resolves it) */
	const char *name;     /* shown in locations; borrowed */
	double scale;         /* multiplies every count; default 1 */
	tt_time_us period_us; /* 0: the gap between the first two rows */
} tt_trace_spec;

typedef enum tt_workload_kind {
	TT_WORKLOAD_SYNTHETIC,
	TT_WORKLOAD_TRACE
} tt_workload_kind;

typedef struct tt_workload_spec {
	tt_workload_kind kind;
	tt_loc loc;
	tt_synthetic_spec synthetic;
	tt_trace_spec trace;
} tt_workload_spec;

/* Release what a spec owns (steps, path).  Accepts a zeroed spec. */
void tt_workload_spec_release(tt_workload_spec *spec);

typedef struct tt_workload tt_workload;

/*
 * Open a stream of per-period counts for periods of `period_us`, starting at
 * time 0.  A trace is opened and its first rows read (to find its period and
 * its wall-clock origin); errors: TT_EIO, TT_ESYNTAX, TT_EINVAL at the
 * offending line and column of the trace.  The spec must outlive the
 * workload.  Free with tt_workload_close.
 */
tt_code tt_workload_open(const tt_workload_spec *spec, uint64_t seed,
                         tt_time_us period_us, tt_workload **out, tt_diag *d);

/*
 * The invocations arriving in the next period.  *ended becomes true once the
 * workload has nothing at or after the start of this period (a trace ran
 * out; synthetic shapes never end); *count is then 0.  A malformed trace row
 * met on the way: TT_ESYNTAX / TT_EINVAL with its place.
 */
tt_code tt_workload_next(tt_workload *w, uint64_t *count, bool *ended,
                         tt_diag *d);

/*
 * For a trace with calendar timestamps: true, and the Unix time (UTC
 * seconds) of simulated time 0.  False for synthetic shapes and traces
 * timed in seconds.
 */
bool tt_workload_wallclock(const tt_workload *w, int64_t *origin_unix_s);

/* Close files and free.  Accepts NULL. */
void tt_workload_close(tt_workload *w);

/*
 * The exact expected number of invocations of a synthetic shape in
 * [start, end) (the integral of its rate).  Exposed for tests.
 */
double tt_synthetic_expected(const tt_synthetic_spec *s, tt_time_us start_us,
                             tt_time_us end_us);

#endif
