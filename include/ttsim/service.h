/*
 * service.h - how long an instance takes to serve one request.
 *
 * Request mode draws a service time for every request from the scenario's
 * `instance.service_time`: a fixed duration, or a distribution (constant,
 * exponential, lognormal given its median and p99, empirical samples, or
 * linear in a request attribute such as a trace's GeneratedTokens).  Draws
 * come from their own seeded stream (TT_RNG_SERVICE), so changing the
 * service model never shifts arrivals or provisioning delays.  Fluid mode
 * uses only the mean (Little's law for ConcurrentRequestsPerModel).
 */
#ifndef TTSIM_SERVICE_H
#define TTSIM_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/rng.h"
#include "ttsim/simtime.h"

/*
 * The longest service time a draw can give: TT_SPAN_MAX_US, the longest
 * duration a scenario may write (simtime.h).  Every parameter
 * is within it, but a distribution's tail is not (an exponential or a
 * lognormal far past its p99, a linear draw on a huge attribute): such a
 * draw is cut to this, so a request's completion time, its start plus its
 * service time, always fits a time (docs/scenario.md).
 */
#define TT_SERVICE_TIME_MAX_US TT_SPAN_MAX_US

/*
 * The widest lognormal: p99 at most this many times the median.  Measured
 * services have p99s tens to thousands of times their median; at this
 * limit sigma is already 5.94 and the mean 4.6e7 times the median.  An
 * unbounded ratio (a median of 1 us with a p99 of 36525 days) would make
 * the mean, what fluid mode uses, 1.3e51 times the median: a figure no run
 * could reproduce.
 */
#define TT_SERVICE_LOGNORMAL_RATIO_MAX 1e6

typedef enum tt_service_kind {
	TT_SERVICE_CONSTANT,    /* value */
	TT_SERVICE_EXPONENTIAL, /* mean */
	TT_SERVICE_LOGNORMAL,   /* median, p99 (> median) */
	TT_SERVICE_EMPIRICAL,   /* samples, drawn uniformly */
	TT_SERVICE_LINEAR       /* base + per_unit x the request's attribute */
} tt_service_kind;

typedef struct tt_service_spec {
	tt_service_kind kind;
	tt_loc loc;
	tt_time_us value_us;  /* constant */
	tt_time_us mean_us;   /* exponential */
	tt_time_us median_us; /* lognormal */
	tt_time_us p99_us;
	tt_time_us *samples_us; /* empirical: at least one, all >= 0 */
	size_t n_samples;
	char *attribute;    /* linear: the request attribute's name */
	tt_time_us base_us; /* linear */
	double per_unit_us; /* linear: microseconds per unit, >= 0 */
} tt_service_spec;

/* Release what a spec owns.  Accepts a zeroed spec. */
void tt_service_spec_release(tt_service_spec *spec);

/*
 * The mean service time: exact for every kind but linear, whose mean
 * depends on the requests (returns base_us then).
 */
double tt_service_mean_us(const tt_service_spec *spec);

/* A service-time sampler for one run. */
typedef struct tt_service {
	const tt_service_spec *spec;
	tt_rng rng;
	double mu, sigma; /* lognormal: of the underlying normal */
	size_t attr;      /* linear: index into the request's attributes */
	bool have_spare;  /* lognormal: Box-Muller's second normal */
	double spare;
} tt_service;

/*
 * Prepare a sampler.  For a linear spec the attribute is looked up among
 * `attr_names` (the trace's request attributes): TT_EINVAL at spec->loc
 * when the workload has no such attribute ("the trace has no attribute
 * 'X' (it has: a, b)", or "... the workload has no request attributes").
 * The spec must outlive the sampler.
 */
tt_code tt_service_init(tt_service *sv, const tt_service_spec *spec,
                        uint64_t seed, const char *const *attr_names,
                        size_t n_attrs, tt_diag *d);

/*
 * One service time, in [0, TT_SERVICE_TIME_MAX_US]: a draw past the upper
 * end is cut to it.  `attrs` are the request's attributes (may be NULL
 * unless the spec is linear).
 */
tt_time_us tt_service_sample(tt_service *sv, const double *attrs);

#endif
