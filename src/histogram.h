/*
 * histogram.h - latency percentiles in constant memory.
 *
 * A log-linear histogram of non-negative integer values (microseconds):
 * values below 128 are counted exactly; above, each power of two is split
 * into 64 equal buckets, and a percentile is reported as its bucket's
 * midpoint, so its relative error is at most 1/128 (< 0.8 %).  Memory is
 * fixed (about 3,800 counters) whatever the number of values; merging
 * two histograms is adding their counters.
 */
#ifndef TTSIM_HISTOGRAM_H
#define TTSIM_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"

typedef struct tt_histogram {
	uint64_t *counts; /* TT_HISTOGRAM_BUCKETS */
	uint64_t total;
	uint64_t max;
	double sum;
	size_t lo, hi; /* the range of non-empty buckets, for fast reset */
} tt_histogram;

tt_code tt_histogram_init(tt_histogram *h);
void tt_histogram_release(tt_histogram *h);

/* Forget every value (cheap: only the used range is cleared). */
void tt_histogram_reset(tt_histogram *h);

#define TT_HISTOGRAM_EXACT 128   /* values below are counted exactly */
#define TT_HISTOGRAM_SUB_BITS 6  /* 2^6 = 64 buckets per power of two */
#define TT_HISTOGRAM_LOW_POWER 7 /* the top bit of the first inexact value */
/* 0..127, then 64 buckets for each power 2^7 .. 2^63. */
#define TT_HISTOGRAM_BUCKETS                                                   \
	(TT_HISTOGRAM_EXACT +                                                  \
	 (64 - TT_HISTOGRAM_LOW_POWER) * (1 << TT_HISTOGRAM_SUB_BITS))

/* The bucket holding v (the layout is in histogram.c). */
static inline size_t tt_histogram_bucket_of(uint64_t v)
{
	if (v < TT_HISTOGRAM_EXACT)
		return (size_t)v;
	unsigned p = 63u - (unsigned)__builtin_clzll(v);
	return TT_HISTOGRAM_EXACT +
	       (size_t)(p - TT_HISTOGRAM_LOW_POWER) *
	               (1 << TT_HISTOGRAM_SUB_BITS) +
	       (size_t)((v >> (p - TT_HISTOGRAM_SUB_BITS)) &
	                ((1 << TT_HISTOGRAM_SUB_BITS) - 1));
}

/* Count one value.  Inline: request mode adds one for each request. */
static inline void tt_histogram_add(tt_histogram *h, uint64_t value)
{
	size_t b = tt_histogram_bucket_of(value);
	h->counts[b]++;
	h->total++;
	h->sum += (double)value;
	if (value > h->max)
		h->max = value;
	if (b < h->lo)
		h->lo = b;
	if (b > h->hi)
		h->hi = b;
}

/* Add every value of `from` to `to`. */
void tt_histogram_merge(tt_histogram *to, const tt_histogram *from);

/*
 * The q-quantile (0 <= q <= 1) as the nearest-rank value's bucket
 * midpoint (exact below 128 and for the maximum, q = 1); 0 when empty.
 */
double tt_histogram_quantile(const tt_histogram *h, double q);

/* How many values are > `limit` (counted exactly up to the bucket
 * holding `limit`, which is split by assuming its values are spread
 * evenly). */
double tt_histogram_count_above(const tt_histogram *h, uint64_t limit);

#endif
