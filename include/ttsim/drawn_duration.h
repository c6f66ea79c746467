/*
 * drawn_duration.h - a duration drawn at random: a delay or a service time.
 *
 * A scenario draws three kinds of duration: each instance's provisioning
 * and deprovisioning delays (`instance.provisioning`, `.deprovisioning`)
 * and, in request mode, each request's service time
 * (`instance.service_time`).  All three are one thing, written with one
 * vocabulary (docs/scenario.md): a fixed duration, or a distribution
 * (uniform, exponential, lognormal given its median and p99, empirical
 * samples, or linear in a request attribute such as a trace's
 * GeneratedTokens, which only a service time can be).  The spec is plain
 * data read by the scenario loader (scenario_values.c); a sampler draws
 * from it on a seeded stream of its own purpose (rng.h), so a change to
 * one drawn duration never shifts another or the arrivals.
 */
#ifndef TTSIM_DRAWN_DURATION_H
#define TTSIM_DRAWN_DURATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/rng.h"
#include "ttsim/simtime.h"

/*
 * The longest duration a draw can give: TT_SPAN_MAX_US, the longest
 * duration a scenario may write (simtime.h).  Every parameter is within
 * it, but a distribution's tail is not (an exponential or a lognormal far
 * past its p99, a linear draw on a huge attribute): such a draw is cut to
 * this, so the time a drawn duration ends, its start plus the draw,
 * always fits a time (docs/scenario.md).
 */
#define TT_DRAWN_MAX_US TT_SPAN_MAX_US

/*
 * The widest lognormal: p99 at most this many times the median.  Measured
 * services have p99s tens to thousands of times their median; at this
 * limit sigma is already 5.94 and the mean 4.6e7 times the median.  An
 * unbounded ratio (a median of 1 us with a p99 of 36525 days) would make
 * the mean, what fluid mode uses, 1.3e51 times the median: a figure no run
 * could reproduce.
 */
#define TT_DRAWN_LOGNORMAL_RATIO_MAX 1e6

/* The distributions, in the order of the vocabulary's canonical names. */
typedef enum tt_drawn_kind {
	TT_DRAWN_FIXED,       /* value_us */
	TT_DRAWN_UNIFORM,     /* min_us..max_us, whole microseconds */
	TT_DRAWN_EXPONENTIAL, /* mean_us */
	TT_DRAWN_LOGNORMAL,   /* median_us, p99_us (> median) */
	TT_DRAWN_EMPIRICAL,   /* samples, drawn uniformly */
	TT_DRAWN_LINEAR       /* base + per_unit x the request's attribute */
} tt_drawn_kind;

#define TT_DRAWN_KIND_COUNT 6

/*
 * The `dist:` name of a kind as docs/scenario.md spells it ("fixed",
 * "uniform", ...); NULL for a value outside the enum.
 */
const char *tt_drawn_kind_name(tt_drawn_kind kind);

/*
 * The kind a `dist:` name stands for: a canonical name, or an accepted
 * alias ("constant", the service time's old word for "fixed").  False
 * when the name is neither.
 */
bool tt_drawn_kind_parse(const char *name, tt_drawn_kind *out);

typedef struct tt_drawn_duration {
	tt_drawn_kind kind;
	tt_loc loc;           /* where it was written; linear: its attribute */
	tt_time_us value_us;  /* fixed */
	tt_time_us min_us;    /* uniform */
	tt_time_us max_us;    /* uniform: >= min_us */
	tt_time_us mean_us;   /* exponential */
	tt_time_us median_us; /* lognormal */
	tt_time_us p99_us;    /* lognormal */
	tt_time_us *samples_us; /* empirical: at least one, all >= 0; owned */
	size_t n_samples;
	char *attribute;    /* linear: the request attribute's name; owned */
	tt_time_us base_us; /* linear */
	double per_unit_us; /* linear: microseconds per unit, >= 0 */
} tt_drawn_duration;

/* A fixed duration of `us`. */
static inline tt_drawn_duration tt_drawn_fixed(tt_time_us us)
{
	return (tt_drawn_duration){.kind = TT_DRAWN_FIXED, .value_us = us};
}

/* Release what a spec owns.  Accepts NULL and a zeroed spec. */
void tt_drawn_duration_release(tt_drawn_duration *dd);

/*
 * The mean duration: exact for every kind but linear, whose mean depends
 * on the requests (returns base_us then).
 */
double tt_drawn_mean_us(const tt_drawn_duration *dd);

/* A sampler for one run: the spec (borrowed) and its stream. */
typedef struct tt_drawn_sampler {
	const tt_drawn_duration *spec;
	tt_rng rng;
	double mu, sigma; /* lognormal: of the underlying normal */
	size_t attr;      /* linear: index into the request's attributes */
} tt_drawn_sampler;

/*
 * Prepare a sampler drawing from stream `stream` of `seed` (TT_RNG_*).
 * For a linear spec the attribute is looked up among `attr_names` (the
 * trace's request attributes): TT_EINVAL at spec->loc when the workload
 * has no such attribute ("the trace has no attribute 'X' (it has: a,
 * b)", or "... the workload has no request attributes").  Every other
 * kind succeeds.  The spec must outlive the sampler.
 */
tt_code tt_drawn_sampler_init(tt_drawn_sampler *sm,
                              const tt_drawn_duration *spec, uint64_t seed,
                              uint64_t stream, const char *const *attr_names,
                              size_t n_attrs, tt_diag *d);

/*
 * One duration, in [0, TT_DRAWN_MAX_US]: a draw past the upper end is cut
 * to it.  Fixed draws no random number; uniform draws one integer, and
 * none when min == max.  `attrs` are the request's attributes (may be NULL
 * unless the spec is linear).
 */
tt_time_us tt_drawn_sample(tt_drawn_sampler *sm, const double *attrs);

#endif
