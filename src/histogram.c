/*
 * histogram.c - a log-linear histogram of latencies.
 *
 * Bucket layout (HdrHistogram's idea, with fixed precision):
 *
 *   values 0 .. 127             one bucket each, exact
 *   values with top bit p >= 7  128 + (p - 7) * 64 + the 6 bits below the
 *                               top one: 64 buckets per power of two, each
 *                               2^(p - 6) wide
 *
 * so a value in [64 * w, 128 * w) lands in a bucket w wide, and the
 * bucket's midpoint is within w / 2 <= value / 128 of it.  Adding a value
 * is a count-leading-zeros, a shift and an increment.  The histogram keeps
 * the range of buckets in use, so resetting it for the next period clears
 * only what was touched, and quantiles walk only that range.
 */
#include "histogram.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The layout's numbers and the bucket of a value are in histogram.h,
 * where adding a value is inlined. */
#define EXACT TT_HISTOGRAM_EXACT
#define SUB_BITS TT_HISTOGRAM_SUB_BITS
#define SUB (1 << SUB_BITS)
#define LOW_POWER TT_HISTOGRAM_LOW_POWER
#define bucket_of tt_histogram_bucket_of

/* The smallest value of bucket b and its width (1 for the exact ones). */
static void bucket_range(size_t b, uint64_t *lo, uint64_t *width)
{
	if (b < EXACT) {
		*lo = b;
		*width = 1;
		return;
	}
	size_t k = b - EXACT;
	unsigned shift = (unsigned)(k / SUB) + LOW_POWER - SUB_BITS;
	*lo = (uint64_t)(SUB + k % SUB) << shift;
	*width = (uint64_t)1 << shift;
}

/* An empty histogram's range: lo > hi. */
static void mark_empty(tt_histogram *h)
{
	h->lo = TT_HISTOGRAM_BUCKETS;
	h->hi = 0;
	h->total = 0;
	h->max = 0;
	h->sum = 0;
}

tt_code tt_histogram_init(tt_histogram *h)
{
	memset(h, 0, sizeof *h);
	h->counts = calloc(TT_HISTOGRAM_BUCKETS, sizeof *h->counts);
	if (!h->counts)
		return TT_ENOMEM;
	mark_empty(h);
	return TT_OK;
}

void tt_histogram_release(tt_histogram *h)
{
	if (!h)
		return;
	free(h->counts);
	memset(h, 0, sizeof *h);
}

void tt_histogram_reset(tt_histogram *h)
{
	if (h->lo <= h->hi)
		memset(h->counts + h->lo, 0,
		       (h->hi - h->lo + 1) * sizeof *h->counts);
	mark_empty(h);
}

void tt_histogram_merge(tt_histogram *to, const tt_histogram *from)
{
	if (!from->total)
		return;
	for (size_t b = from->lo; b <= from->hi; b++)
		to->counts[b] += from->counts[b];
	to->total += from->total;
	to->sum += from->sum;
	if (from->max > to->max)
		to->max = from->max;
	if (from->lo < to->lo)
		to->lo = from->lo;
	if (from->hi > to->hi)
		to->hi = from->hi;
}

/*
 * The nearest rank of q among n values: the smallest r with r >= q * n,
 * at least 1.  q * n is computed in floating point, where 0.99 * 100 comes
 * out a hair above 99; the tiny relative slack keeps it at rank 99.
 */
static uint64_t nearest_rank(double q, uint64_t n)
{
	double x = q * (double)n * (1 - 1e-12);
	if (!(x > 1))
		return 1;
	if (x >= (double)n)
		return n;
	return (uint64_t)ceil(x);
}

double tt_histogram_quantile(const tt_histogram *h, double q)
{
	if (!h->total)
		return 0;
	if (q >= 1)
		return (double)h->max;
	uint64_t rank = nearest_rank(q, h->total), seen = 0;
	size_t b = h->lo;
	for (; b < h->hi; b++) {
		seen += h->counts[b];
		if (seen >= rank)
			break;
	}
	uint64_t lo, width;
	bucket_range(b, &lo, &width);
	/* The midpoint of [lo, lo + width - 1]; never above the maximum, so
	 * quantiles grow with q up to q = 1. */
	double mid = (double)lo + (double)(width - 1) / 2;
	return mid < (double)h->max ? mid : (double)h->max;
}

double tt_histogram_count_above(const tt_histogram *h, uint64_t limit)
{
	if (!h->total || limit >= h->max)
		return 0;
	size_t lb = bucket_of(limit);
	double above = 0;
	for (size_t b = lb + 1 > h->lo ? lb + 1 : h->lo; b <= h->hi; b++)
		above += (double)h->counts[b];
	if (lb >= h->lo && lb <= h->hi && h->counts[lb]) {
		/* Values of limit's bucket taken as spread evenly over its
		 * width integers: those after limit are above it. */
		uint64_t lo, width;
		bucket_range(lb, &lo, &width);
		above += (double)h->counts[lb] *
		         (double)(lo + width - 1 - limit) / (double)width;
	}
	return above;
}
