/*
 * rng.c - seeded pseudo-random streams.
 *
 * xoshiro256** (Blackman and Vigna) for the bits, splitmix64 to spread a
 * (seed, stream) pair over its 256-bit state.  Both numbers go through the
 * mixer before the state is drawn, so stream 1 and stream 2 of one seed are
 * as unrelated as two different seeds: changing how instance delays are
 * sampled never moves the arrival stream.
 *
 * Everything here is integer arithmetic plus IEEE double operations and
 * log/sqrt/floor/exp, so a given seed gives the same numbers on every build.
 *
 * Normal and exponential variates come from the ziggurat method (Marsaglia
 * and Tsang; Doornik's form, whose uniform and layer come from disjoint
 * bits of one draw): 256 layers of equal area under the density, a draw
 * inside the part of a layer wholly under it (over 98 % of draws) costs
 * one 64-bit draw and a multiplication; the rest evaluate the density,
 * and the base layer's tail has its own exact method.  The tables are
 * written by tools/ziggurat_tables.py, not computed here.
 */
#include "ttsim/rng.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>

#include "ziggurat_tables.h"

#define GOLDEN_GAMMA UINT64_C(0x9E3779B97F4A7C15)

/* The splitmix64 finaliser: a bijection on 64-bit words. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static uint64_t splitmix64_next(uint64_t *x)
{
	*x += GOLDEN_GAMMA;
	return mix64(*x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/*
 * Seed `r` for one (seed, stream) pair.  The seed is hashed first and the
 * stream folded into the hash, which is then hashed again: (seed, stream)
 * pairs that differ in either number start splitmix64 at unrelated points.
 */
void tt_rng_seed(tt_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = mix64(mix64(seed + GOLDEN_GAMMA) ^
	                   (stream * UINT64_C(0xD1B54A32D192ED03)));
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64_next(&x);
	/* xoshiro must not start from the all-zero state (it would stay). */
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = GOLDEN_GAMMA;
}

/*
 * The next 64 random bits (xoshiro256**).  Inlined into the samplers
 * below: request mode draws two or three times a request, and a call
 * costs as much as the generator.
 */
static inline uint64_t next(tt_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t tt_rng_next(tt_rng *r)
{
	return next(r);
}

/* The top 53 bits as a multiple of 2^-53: uniform in [0, 1), exact. */
double tt_rng_uniform(tt_rng *r)
{
	return (double)(next(r) >> 11) * 0x1.0p-53;
}

/*
 * Uniform in [lo, hi].  Plain `x % span` would favour small remainders when
 * 2^64 is not a multiple of span; rejecting the lowest (2^64 mod span)
 * values leaves a range that is.  At most half the draws are rejected (and
 * almost never for small spans), so the loop ends quickly.
 */
int64_t tt_rng_range(tt_rng *r, int64_t lo, int64_t hi)
{
	assert(lo <= hi);
	uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
	if (span == 0) /* the whole int64 range */
		return (int64_t)next(r);
	/*
	 * The threshold is below span, so a draw at or above span (all but
	 * span in 2^64 of them) is kept without computing it: one 64-bit
	 * division a draw instead of two, the same draws kept.
	 */
	uint64_t x = next(r);
	while (x < span && x < (0 - span) % span)
		x = next(r);
	return (int64_t)((uint64_t)lo + x % span);
}

/*
 * Small means: multiply uniforms until the product falls to e^-mean; the
 * number of factors minus one is Poisson.  Exact, and cheap while the mean
 * (the expected number of factors) is small.
 */
static uint64_t poisson_multiply(tt_rng *r, double mean)
{
	double limit = exp(-mean);
	double p = tt_rng_uniform(r);
	uint64_t k = 0;
	while (p > limit) {
		p *= tt_rng_uniform(r);
		k++;
	}
	return k;
}

/*
 * log P(k) for Poisson(mean), loglam = log(mean), k a whole number >= 0.
 * Up to 20! the factorial is exact in a double (its odd part fits in 53
 * bits), so below 21 the plain -mean + k log(mean) - log(k!) is as good as
 * log gets.  Beyond, log(k!) is Stirling's series, whose first omitted
 * term, 1/(1188 k^9), is below 1e-15 there; but written plainly the three
 * terms are each about k log k and cancel to a few units, and at a mean of
 * 1e15 their rounding alone is several units: the test below would accept
 * and reject at random.  So the series is expanded around d = k - mean,
 *
 *   log P(k) = d - k log1p(d / mean) - log(k)/2 - log(2 pi)/2 - series(k)
 *
 * whose large terms, d and k log1p(d/mean), are both about d and cancel
 * with an error of a few ulps of d, at any mean.  (Above 2^53 the
 * candidates themselves are doubles near the mean, spaced far closer than
 * the standard deviation.)  Written out rather than lgamma so every build
 * agrees.
 */
static double log_poisson(double k, double mean, double loglam)
{
	if (k < 21) {
		double f = 1;
		for (int i = 2; i <= (int)k; i++)
			f *= i;
		return -mean + k * loglam - log(f);
	}
	double r = 1 / k;
	double r2 = r * r;
	/* 0.5 log(2 pi) */
	const double half_log_2pi = 0.91893853320467274178;
	double d = k - mean;
	return d - k * log1p(d / mean) - 0.5 * log(k) - half_log_2pi -
	       r * (1.0 / 12 -
	            r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680))));
}

/*
 * Large means: Hörmann's PTRS (transformed rejection with squeeze, "The
 * transformed rejection method for generating Poisson random variables",
 * 1993), valid for mean >= 10.  About 1.1 pairs of uniforms per variate
 * whatever the mean, and exact: the final test compares against the true
 * Poisson probability.  A candidate beyond what a uint64_t holds is
 * rejected before it is converted; at the largest mean allowed it would
 * be billions of standard deviations out, where the test rejects it
 * anyway, so no variate changes.
 */
static uint64_t poisson_ptrs(tt_rng *r, double mean)
{
	double slam = sqrt(mean);
	double loglam = log(mean);
	double b = 0.931 + 2.53 * slam;
	double a = -0.059 + 0.02483 * b;
	double invalpha = 1.1239 + 1.1328 / (b - 3.4);
	double vr = 0.9277 - 3.6224 / (b - 2);
	double log_invalpha = log(invalpha);

	for (;;) {
		double u = tt_rng_uniform(r) - 0.5;
		double v = tt_rng_uniform(r);
		double us = 0.5 - fabs(u);
		if (us <= 0)
			continue; /* u = -0.5: the hat is infinite there */
		double k = floor((2 * a / us + b) * u + mean + 0.43);
		if (!(k >= 0 && k < 0x1p64))
			continue;
		if (us >= 0.07 && v <= vr)
			return (uint64_t)k;
		if (us < 0.013 && v > us)
			continue;
		if (v <= 0)
			continue;
		if (log(v) + log_invalpha - log(a / (us * us) + b) <=
		    log_poisson(k, mean, loglam))
			return (uint64_t)k;
	}
}

/* Poisson(mean), defined for every double (rng.h). */
uint64_t tt_rng_poisson(tt_rng *r, double mean)
{
	if (!(mean > 0)) /* 0, negatives and NaN */
		return 0;
	if (mean > TT_RNG_POISSON_MEAN_MAX) /* and inf */
		mean = TT_RNG_POISSON_MEAN_MAX;
	if (mean < 10)
		return poisson_multiply(r, mean);
	return poisson_ptrs(r, mean);
}

/* ---- ziggurat samplers ---- */

/* 1 - U: uniform in (0, 1], so its logarithm is finite. */
static double open_uniform(tt_rng *r)
{
	return 1.0 - tt_rng_uniform(r);
}

/* The normal's tail past R, on the side `negative` says (Marsaglia). */
static double normal_tail(tt_rng *r, bool negative)
{
	double x, y;
	do {
		x = log(open_uniform(r)) / TT_ZIG_NORMAL_R;
		y = log(open_uniform(r));
	} while (-2.0 * y < x * x);
	return negative ? x - TT_ZIG_NORMAL_R : TT_ZIG_NORMAL_R - x;
}

/*
 * Each sampler is split in two: the common draw, which stays in the
 * rectangle wholly under the density and calls nothing, so it saves no
 * registers; and the rest of that same draw (the wedge or the tail) out of
 * line, reached by a tail call, which starts the sampler over when the
 * draw is rejected.  The draws consumed, and so the variates, are those
 * of the single loop this was.
 */
static double normal_slow(tt_rng *r, uint64_t b, double u);
static double exponential_slow(tt_rng *r, uint64_t b, double u);

double tt_rng_normal(tt_rng *r)
{
	uint64_t b = next(r);
	unsigned i = (unsigned)(b & 0xff);
	/* in (-1, 1), from the 53 bits above the layer's 8 */
	double u = 2.0 * ((double)(b >> 11) * 0x1p-53) - 1.0;
	if (fabs(u) < tt_zig_normal_ratio[i])
		return u * tt_zig_normal_x[i];
	return normal_slow(r, b, u);
}

/* Draw b, layer i = b & 0xff and u, outside layer i's rectangle. */
__attribute__((noinline)) static double normal_slow(tt_rng *r, uint64_t b,
                                                    double u)
{
	const double *zx = tt_zig_normal_x;
	unsigned i = (unsigned)(b & 0xff);
	if (i == 0)
		return normal_tail(r, u < 0);
	double x = u * zx[i];
	double f0 = exp(-0.5 * (zx[i] * zx[i] - x * x));
	double f1 = exp(-0.5 * (zx[i + 1] * zx[i + 1] - x * x));
	if (f1 + tt_rng_uniform(r) * (f0 - f1) < 1.0)
		return x;
	return tt_rng_normal(r);
}

double tt_rng_exponential(tt_rng *r)
{
	uint64_t b = next(r);
	unsigned i = (unsigned)(b & 0xff);
	double u = (double)(b >> 11) * 0x1p-53;
	if (u < tt_zig_exp_ratio[i])
		return u * tt_zig_exp_x[i];
	return exponential_slow(r, b, u);
}

/* Draw b, layer i = b & 0xff and u, outside layer i's rectangle. */
__attribute__((noinline)) static double exponential_slow(tt_rng *r, uint64_t b,
                                                         double u)
{
	const double *zx = tt_zig_exp_x;
	unsigned i = (unsigned)(b & 0xff);
	if (i == 0) /* memoryless: the tail is R plus an exponential */
		return TT_ZIG_EXP_R - log(open_uniform(r));
	double x = u * zx[i];
	double f0 = exp(-(zx[i] - x));
	double f1 = exp(-(zx[i + 1] - x));
	if (f1 + tt_rng_uniform(r) * (f0 - f1) < 1.0)
		return x;
	return tt_rng_exponential(r);
}
