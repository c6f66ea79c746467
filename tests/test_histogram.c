/*
 * test_histogram.c - the latency histogram.
 *
 * Quantiles are checked against an exact reference (the sorted values and
 * the nearest-rank rule) on random data spread like latencies, from 1 us
 * to 100 s: every reported quantile must be within 1/128 of the exact one,
 * and exact below 128 and at the maximum.  Merge, reset, count_above and
 * the empty histogram are exact properties, tested exactly.
 */
#include "histogram.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ttsim/rng.h"

#define N 100000
#define BUCKETS (128 + 57 * 64)

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The nearest-rank q-quantile of n sorted values: the smallest value with
 * at least q * n values <= it. */
static uint64_t exact_quantile(const uint64_t *v, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n * (1 - 1e-12));
	return v[rank ? rank - 1 : 0];
}

/* Latency-like values: log-uniform over 1 us .. 100 s, half of them
 * lognormal around 50 ms, and a few exact small ones. */
static void random_values(uint64_t *v, size_t n, uint64_t seed)
{
	tt_rng r;
	tt_rng_seed(&r, seed, 1);
	for (size_t i = 0; i < n; i++) {
		double u = tt_rng_uniform(&r);
		double x;
		if (i % 2)
			x = exp(u * log(1e8)); /* 1 .. 1e8 us */
		else
			x = 5e4 *
			    exp(1.5 * sqrt(-2 * log(1 - u)) *
			        cos(6.283185307179586 * tt_rng_uniform(&r)));
		v[i] = i % 97 ? (uint64_t)llround(x) : (uint64_t)(i % 128);
	}
}

static tt_histogram make(void)
{
	tt_histogram h;
	ck_assert_int_eq(tt_histogram_init(&h), TT_OK);
	return h;
}

/* ---- exact below 128 ---- */

START_TEST(exact_small)
{
	tt_histogram h = make();
	/* v appears v + 1 times, so every rank lands on a known value. */
	uint64_t n = 0;
	for (uint64_t v = 0; v < 128; v++)
		for (uint64_t k = 0; k <= v; k++, n++)
			tt_histogram_add(&h, v);
	ck_assert_uint_eq(h.total, n);
	ck_assert_uint_eq(h.max, 127);
	uint64_t seen = 0;
	for (uint64_t v = 0; v < 128; v++) {
		seen += v + 1;
		/* The largest q whose rank is `seen`: exactly v. */
		double q = (double)seen / (double)n;
		ck_assert_msg(tt_histogram_quantile(&h, q) == (double)v,
		              "q %g: got %g, want %llu", q,
		              tt_histogram_quantile(&h, q),
		              (unsigned long long)v);
	}
	ck_assert(tt_histogram_quantile(&h, 0) == 0);
	ck_assert(tt_histogram_quantile(&h, 1) == 127);
	tt_histogram_release(&h);
}
END_TEST

/* ---- one value anywhere: within 1/128, never above it at the max ---- */

static const uint64_t single_values[] = {
        127,
        128,
        129,
        255,
        256,
        1000,
        65535,
        65536,
        1000000,
        123456789,
        UINT64_C(1) << 40,
        (UINT64_C(1) << 63) - 1,
        UINT64_C(1) << 63,
        UINT64_MAX,
};

START_TEST(single_value)
{
	uint64_t v = single_values[_i];
	tt_histogram h = make();
	tt_histogram_add(&h, v);
	tt_histogram_add(&h, v);
	double q50 = tt_histogram_quantile(&h, 0.5);
	ck_assert_msg(fabs(q50 - (double)v) <= (double)v / 128, "%g vs %llu",
	              q50, (unsigned long long)v);
	ck_assert(q50 <= (double)v);
	ck_assert(tt_histogram_quantile(&h, 1) == (double)v);
	ck_assert_uint_eq(h.max, v);
	tt_histogram_release(&h);
}
END_TEST

/* ---- quantiles against an exact reference ---- */

static const double qs[] = {0,    0.001, 0.01, 0.1,   0.25,   0.5,
                            0.75, 0.9,   0.99, 0.999, 0.9999, 1};

START_TEST(random_quantiles)
{
	uint64_t *v = malloc(N * sizeof *v);
	ck_assert_ptr_nonnull(v);
	random_values(v, N, 1000 + (uint64_t)_i);
	tt_histogram h = make();
	double sum = 0;
	for (size_t i = 0; i < N; i++) {
		tt_histogram_add(&h, v[i]);
		sum += (double)v[i];
	}
	qsort(v, N, sizeof *v, cmp_u64);
	ck_assert_uint_eq(h.total, N);
	ck_assert_uint_eq(h.max, v[N - 1]);
	ck_assert(fabs(h.sum - sum) <= 1e-9 * sum);
	double prev = 0;
	for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
		double want = (double)exact_quantile(v, N, qs[k]);
		double got = tt_histogram_quantile(&h, qs[k]);
		double tol = want < 128 || qs[k] == 1 ? 0 : want / 128;
		ck_assert_msg(fabs(got - want) <= tol,
		              "q %g: got %.3f, want %.0f (tolerance %.3f)",
		              qs[k], got, want, tol);
		ck_assert(got >= prev); /* monotone in q */
		prev = got;
	}
	tt_histogram_release(&h);
	free(v);
}
END_TEST

/* ---- merge: the same as adding everything to one ---- */

START_TEST(merge)
{
	uint64_t *v = malloc(N * sizeof *v);
	ck_assert_ptr_nonnull(v);
	random_values(v, N, 7);
	tt_histogram all = make(), a = make(), b = make(), empty = make();
	for (size_t i = 0; i < N; i++) {
		tt_histogram_add(&all, v[i]);
		tt_histogram_add(i < N / 3 ? &a : &b, v[i]);
	}
	tt_histogram_merge(&a, &b);
	tt_histogram_merge(&a, &empty); /* adds nothing */
	ck_assert_uint_eq(a.total, all.total);
	ck_assert_uint_eq(a.max, all.max);
	ck_assert(fabs(a.sum - all.sum) <= 1e-9 * all.sum);
	ck_assert(!memcmp(a.counts, all.counts, BUCKETS * sizeof *a.counts));
	for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++)
		ck_assert(tt_histogram_quantile(&a, qs[k]) ==
		          tt_histogram_quantile(&all, qs[k]));
	/* Into an empty one: a copy. */
	tt_histogram_merge(&empty, &all);
	ck_assert(!memcmp(empty.counts, all.counts,
	                  BUCKETS * sizeof *all.counts));
	ck_assert(tt_histogram_quantile(&empty, 0.99) ==
	          tt_histogram_quantile(&all, 0.99));
	tt_histogram_release(&all);
	tt_histogram_release(&a);
	tt_histogram_release(&b);
	tt_histogram_release(&empty);
	free(v);
}
END_TEST

/* ---- reset: empty again, every counter zero, ready for more ---- */

START_TEST(reset)
{
	tt_histogram h = make();
	static const uint64_t few[] = {3, 500, 70000, UINT64_C(1) << 50};
	for (size_t i = 0; i < 4; i++)
		tt_histogram_add(&h, few[i]);
	tt_histogram_reset(&h);
	ck_assert_uint_eq(h.total, 0);
	ck_assert_uint_eq(h.max, 0);
	ck_assert(h.sum == 0);
	for (size_t b = 0; b < BUCKETS; b++)
		ck_assert_uint_eq(h.counts[b], 0);
	ck_assert(tt_histogram_quantile(&h, 0.5) == 0);
	/* Used again after a reset, it is as good as new. */
	tt_histogram_add(&h, 42);
	tt_histogram_add(&h, 42);
	ck_assert(tt_histogram_quantile(&h, 0) == 42);
	ck_assert(tt_histogram_quantile(&h, 1) == 42);
	ck_assert(tt_histogram_count_above(&h, 41) == 2);
	tt_histogram_reset(&h);
	tt_histogram_reset(&h); /* twice is fine */
	ck_assert_uint_eq(h.total, 0);
	tt_histogram_release(&h);
}
END_TEST

/* ---- count_above ---- */

static const struct above_case {
	uint64_t limit;
	double want; /* over the values 0..999, each once */
} above_cases[] = {
        {0, 999}, /* exact below 128 */
        {100, 899},
        {127, 872},
        /* 128..255 in buckets 2 wide: [200, 201] counts 2, spread evenly */
        {200, 799}, /* the bucket holds 200 and 201: 1 of 2 above */
        {201, 798},
        /* 512..1023 in buckets 8 wide: [992, 999] holds 8 values */
        {995, 4},
        {998, 1},
        {999, 0}, /* the max: nothing above */
        {5000, 0},
};

START_TEST(count_above)
{
	tt_histogram h = make();
	for (uint64_t v = 0; v < 1000; v++)
		tt_histogram_add(&h, v);
	const struct above_case *c = &above_cases[_i];
	ck_assert_msg(tt_histogram_count_above(&h, c->limit) == c->want,
	              "limit %llu: got %g, want %g",
	              (unsigned long long)c->limit,
	              tt_histogram_count_above(&h, c->limit), c->want);
	tt_histogram_release(&h);
}
END_TEST

/* On random data: off by at most the count of the limit's own bucket. */
START_TEST(count_above_random)
{
	uint64_t *v = malloc(N * sizeof *v);
	ck_assert_ptr_nonnull(v);
	random_values(v, N, 11);
	tt_histogram h = make();
	for (size_t i = 0; i < N; i++)
		tt_histogram_add(&h, v[i]);
	static const uint64_t limits[] = {0,       50,       127,
	                                  1000,    100000,   500000,
	                                  2000000, 99999999, UINT64_MAX};
	for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
		uint64_t limit = limits[k];
		double exact = 0, same_bucket = 0;
		uint64_t width =
		        limit < 128
		                ? 1
		                : UINT64_C(1)
		                          << (63 - __builtin_clzll(limit) - 6);
		uint64_t lo = limit < 128 ? limit : limit & ~(width - 1);
		for (size_t i = 0; i < N; i++) {
			exact += v[i] > limit;
			same_bucket += v[i] >= lo && v[i] - lo < width;
		}
		double got = tt_histogram_count_above(&h, limit);
		ck_assert_msg(fabs(got - exact) <= same_bucket,
		              "limit %llu: got %g, exact %g",
		              (unsigned long long)limit, got, exact);
		if (limit < 128)
			ck_assert(got == exact);
	}
	tt_histogram_release(&h);
	free(v);
}
END_TEST

/* ---- empty ---- */

START_TEST(empty)
{
	tt_histogram h = make();
	ck_assert_uint_eq(h.total, 0);
	ck_assert(tt_histogram_quantile(&h, 0) == 0);
	ck_assert(tt_histogram_quantile(&h, 0.99) == 0);
	ck_assert(tt_histogram_quantile(&h, 1) == 0);
	ck_assert(tt_histogram_count_above(&h, 0) == 0);
	tt_histogram_reset(&h);
	tt_histogram other = make();
	tt_histogram_merge(&h, &other);
	ck_assert_uint_eq(h.total, 0);
	tt_histogram_release(&other);
	tt_histogram_release(&h);
	ck_assert_ptr_null(h.counts);
	tt_histogram_release(&h); /* released twice: fine */
	tt_histogram_release(NULL);
}
END_TEST

#define LOOP(tc, fn, table)                                                    \
	tcase_add_loop_test(tc, fn, 0, sizeof(table) / sizeof((table)[0]))

static Suite *histogram_suite(void)
{
	Suite *s = suite_create("histogram");
	TCase *tc;

	tc = tcase_create("exact_small");
	tcase_add_test(tc, exact_small);
	suite_add_tcase(s, tc);

	tc = tcase_create("single_value");
	LOOP(tc, single_value, single_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("random_quantiles");
	tcase_add_loop_test(tc, random_quantiles, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("merge");
	tcase_add_test(tc, merge);
	suite_add_tcase(s, tc);

	tc = tcase_create("reset");
	tcase_add_test(tc, reset);
	suite_add_tcase(s, tc);

	tc = tcase_create("count_above");
	LOOP(tc, count_above, above_cases);
	tcase_add_test(tc, count_above_random);
	suite_add_tcase(s, tc);

	tc = tcase_create("empty");
	tcase_add_test(tc, empty);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run_suite(histogram_suite());
}
