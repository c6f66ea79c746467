/*
 * rng.h - seeded pseudo-random streams.
 *
 * xoshiro256** seeded through splitmix64 from (scenario seed, stream id).
 * Each purpose (provisioning delays, workload noise, ...) draws from its own
 * stream, so changing how one thing is sampled never shifts another.  The
 * library never calls rand() and never reads the clock.
 */
#ifndef TTSIM_RNG_H
#define TTSIM_RNG_H

#include <stdint.h>

typedef struct tt_rng {
	uint64_t s[4];
} tt_rng;

/* Stream ids: one per purpose.  Never renumber (it would change results). */
enum {
	TT_RNG_PROVISIONING = 1,
	TT_RNG_DEPROVISIONING = 2,
	TT_RNG_WORKLOAD = 3,
	TT_RNG_SERVICE = 4,  /* request mode: service times */
	TT_RNG_ROUTING = 5,  /* request mode: random routing */
	TT_RNG_ARRIVALS = 6, /* request mode: arrival times within a period */
	TT_RNG_COPY_LOAD = 7, /* inference components: copy load times */
	/* Custom metric models' noise: TT_RNG_METRIC_NOISE + policy index. */
	TT_RNG_METRIC_NOISE = 200,
	/* Random shapes (onoff): TT_RNG_SHAPES + i for the i-th in the
	 * workload's shape tree, in document order. */
	TT_RNG_SHAPES = 100
};

void tt_rng_seed(tt_rng *r, uint64_t seed, uint64_t stream);
uint64_t tt_rng_next(tt_rng *r);

/* Uniform in [0, 1) with 53 random bits. */
double tt_rng_uniform(tt_rng *r);

/* Uniform integer in [lo, hi] (inclusive), unbiased.  Requires lo <= hi. */
int64_t tt_rng_range(tt_rng *r, int64_t lo, int64_t hi);

/* A standard normal variate (mean 0, deviation 1). */
double tt_rng_normal(tt_rng *r);

/* A standard exponential variate (mean 1), >= 0 and finite. */
double tt_rng_exponential(tt_rng *r);

/*
 * The largest mean tt_rng_poisson draws with: 2^63, above any mean a
 * workload can pass (TT_WORKLOAD_TOTAL_MAX), so every variate fits a
 * uint64_t with billions of standard deviations to spare.
 */
#define TT_RNG_POISSON_MEAN_MAX 0x1p63

/*
 * A Poisson variate with mean `mean`, exact for every mean in
 * [0, TT_RNG_POISSON_MEAN_MAX].  Defined for every other double too: 0 for
 * a mean that is not above 0 (NaN included), and the draw for
 * TT_RNG_POISSON_MEAN_MAX for a larger one (infinity included).
 */
uint64_t tt_rng_poisson(tt_rng *r, double mean);

#endif
