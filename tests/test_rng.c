/*
 * test_rng.c - the seeded random streams.
 *
 * Reproducibility and independence are exact properties and are tested
 * exactly; the distributions are tested statistically with a fixed seed,
 * with tolerances of several standard errors, so a pass is a pass on every
 * build (the numbers drawn are the same everywhere).
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "testutil.h"
#include "ttsim/rng.h"

#define DRAWS 200000

START_TEST(same_seed_same_numbers)
{
	tt_rng a, b;
	tt_rng_seed(&a, 42, TT_RNG_WORKLOAD);
	tt_rng_seed(&b, 42, TT_RNG_WORKLOAD);
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_eq(tt_rng_next(&a), tt_rng_next(&b));
}
END_TEST

/* The first outputs of a fixed seed, pinned: changing the seeding or the
 * generator changes every simulation result, which must be deliberate. */
START_TEST(pinned_first_outputs)
{
	tt_rng a, b;
	tt_rng_seed(&a, 1, TT_RNG_PROVISIONING);
	tt_rng_seed(&b, 1, TT_RNG_PROVISIONING);
	uint64_t first = tt_rng_next(&a);
	ck_assert_uint_eq(first, tt_rng_next(&b));
	ck_assert_uint_eq(first, UINT64_C(5646189736979622925));
	ck_assert_uint_eq(tt_rng_next(&a), UINT64_C(18263920147819407428));
	/* And the generator is xoshiro256**: check one step by hand. */
	tt_rng c;
	c.s[0] = 1;
	c.s[1] = 2;
	c.s[2] = 3;
	c.s[3] = 4;
	/* rotl(2 * 5, 7) * 9 = 1280 * 9 */
	ck_assert_uint_eq(tt_rng_next(&c), 11520);
	ck_assert_uint_eq(c.s[0], 7);
	ck_assert_uint_eq(c.s[1], 0);
	ck_assert_uint_eq(c.s[2], 262146);
	ck_assert_uint_eq(c.s[3], UINT64_C(6) << 45);
}
END_TEST

START_TEST(different_seeds_differ)
{
	tt_rng a, b;
	tt_rng_seed(&a, 1, TT_RNG_WORKLOAD);
	tt_rng_seed(&b, 2, TT_RNG_WORKLOAD);
	int same = 0;
	for (int i = 0; i < 1000; i++)
		same += tt_rng_next(&a) == tt_rng_next(&b);
	ck_assert_int_eq(same, 0);
}
END_TEST

/*
 * Streams of one seed are unrelated: no shared outputs at any lag, and
 * their uniforms are uncorrelated.
 */
START_TEST(streams_independent)
{
	enum { N = 4096 };
	uint64_t *x = malloc(N * sizeof *x);
	uint64_t *y = malloc(N * sizeof *y);
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(y);
	tt_rng a, b;
	tt_rng_seed(&a, 7, TT_RNG_PROVISIONING);
	tt_rng_seed(&b, 7, TT_RNG_DEPROVISIONING);
	for (int i = 0; i < N; i++) {
		x[i] = tt_rng_next(&a);
		y[i] = tt_rng_next(&b);
	}
	int shared = 0;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			shared += x[i] == y[j];
	ck_assert_int_eq(shared, 0);
	free(x);
	free(y);

	/* Correlation of uniforms across the two streams. */
	tt_rng_seed(&a, 7, TT_RNG_WORKLOAD);
	tt_rng_seed(&b, 7, TT_RNG_PROVISIONING);
	double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
	for (int i = 0; i < DRAWS; i++) {
		double u = tt_rng_uniform(&a), v = tt_rng_uniform(&b);
		sx += u;
		sy += v;
		sxy += u * v;
		sxx += u * u;
		syy += v * v;
	}
	double n = DRAWS;
	double cov = sxy / n - (sx / n) * (sy / n);
	double r = cov / sqrt((sxx / n - (sx / n) * (sx / n)) *
	                      (syy / n - (sy / n) * (sy / n)));
	/* The standard error of r is 1/sqrt(n) ~ 0.0022. */
	ck_assert_double_lt(fabs(r), 5 / sqrt(n));
}
END_TEST

/* Stream 0 of seed s and stream s of seed 0 are not the same stream. */
START_TEST(seed_and_stream_not_interchangeable)
{
	tt_rng a, b;
	tt_rng_seed(&a, 3, 0);
	tt_rng_seed(&b, 0, 3);
	ck_assert_uint_ne(tt_rng_next(&a), tt_rng_next(&b));
}
END_TEST

START_TEST(uniform_in_unit_interval)
{
	tt_rng r;
	tt_rng_seed(&r, 99, TT_RNG_WORKLOAD);
	double sum = 0, sum2 = 0;
	int bins[10] = {0};
	for (int i = 0; i < DRAWS; i++) {
		double u = tt_rng_uniform(&r);
		ck_assert(u >= 0 && u < 1);
		sum += u;
		sum2 += u * u;
		bins[(int)(u * 10)]++;
	}
	double mean = sum / DRAWS;
	double var = sum2 / DRAWS - mean * mean;
	/* mean 1/2 (se 0.00065), variance 1/12 */
	ck_assert_double_lt(fabs(mean - 0.5), 0.004);
	ck_assert_double_lt(fabs(var - 1.0 / 12), 0.002);
	/* Each tenth gets 20000 +- 134 (one sd). */
	for (int i = 0; i < 10; i++)
		ck_assert_int_lt(abs(bins[i] - DRAWS / 10), 800);
}
END_TEST

/* The bottom of the range is reachable: all-zero bits give exactly 0. */
START_TEST(uniform_extremes)
{
	tt_rng r = {{0, 0, 0, 0}};
	ck_assert(tt_rng_uniform(&r) == 0.0);
}
END_TEST

static const struct {
	int64_t lo, hi;
} range_cases[] = {
        {0, 0}, {0, 1},   {-5, 5}, {1, 6}, {-1000000, -999990},
        {0, 2}, {10, 12}, {0, 6},
};

START_TEST(range_bounds)
{
	int64_t lo = range_cases[_i].lo, hi = range_cases[_i].hi;
	tt_rng r;
	tt_rng_seed(&r, 5, TT_RNG_PROVISIONING);
	int64_t n = hi - lo + 1;
	int counts[16] = {0};
	int draws = 60000;
	for (int i = 0; i < draws; i++) {
		int64_t x = tt_rng_range(&r, lo, hi);
		ck_assert_int_ge(x, lo);
		ck_assert_int_le(x, hi);
		counts[x - lo]++;
	}
	/* Every value turns up about equally often. */
	double expect = (double)draws / (double)n;
	for (int64_t k = 0; k < n; k++)
		ck_assert_double_lt(fabs(counts[k] - expect), 6 * sqrt(expect));
}
END_TEST

START_TEST(range_extremes)
{
	tt_rng r;
	tt_rng_seed(&r, 5, TT_RNG_PROVISIONING);
	bool neg = false, pos = false;
	for (int i = 0; i < 100; i++) {
		int64_t x = tt_rng_range(&r, INT64_MIN, INT64_MAX);
		neg |= x < 0;
		pos |= x > 0;
		int64_t y = tt_rng_range(&r, INT64_MAX - 1, INT64_MAX);
		ck_assert(y == INT64_MAX - 1 || y == INT64_MAX);
		int64_t z = tt_rng_range(&r, INT64_MIN, INT64_MIN + 2);
		ck_assert(z >= INT64_MIN && z <= INT64_MIN + 2);
	}
	ck_assert(neg && pos);
}
END_TEST

/*
 * A span just over half of 2^64 is the worst case for rejection; with
 * 2^63 + 1 values, a modulo without rejection would make the lowest value
 * twice as likely as any other.  Check the top half is hit half the time.
 */
START_TEST(range_unbiased_large_span)
{
	tt_rng r;
	tt_rng_seed(&r, 11, TT_RNG_PROVISIONING);
	int64_t hi = INT64_MAX / 3 * 2;
	int64_t lo = -(INT64_MAX / 3);
	int64_t mid = lo + (hi - lo) / 2;
	int upper = 0;
	for (int i = 0; i < DRAWS; i++)
		upper += tt_rng_range(&r, lo, hi) > mid;
	ck_assert_int_lt(abs(upper - DRAWS / 2), 5 * 224);
}
END_TEST

static const double poisson_means[] = {0.5, 5, 9.99, 10, 50, 5000};

/* log P(X = k) for Poisson(m), with the C library's lgamma (tests only). */
static double log_pmf(double m, double k)
{
	return -m + k * log(m) - lgamma(k + 1);
}

START_TEST(poisson_mean_variance)
{
	double m = poisson_means[_i];
	tt_rng r;
	tt_rng_seed(&r, 2024, TT_RNG_WORKLOAD);
	double sum = 0, sum2 = 0;
	enum { KMAX = 6000 };
	uint32_t *hist = calloc(KMAX + 1, sizeof *hist);
	ck_assert_ptr_nonnull(hist);
	for (int i = 0; i < DRAWS; i++) {
		uint64_t k = tt_rng_poisson(&r, m);
		ck_assert_uint_le(k, KMAX);
		sum += (double)k;
		sum2 += (double)k * (double)k;
		hist[k]++;
	}
	double n = DRAWS;
	double mean = sum / n;
	double var = (sum2 - sum * sum / n) / (n - 1);
	/* Standard errors: of the mean sqrt(m/n), of the variance about
	 * sqrt((m + 2 m^2)/n). */
	ck_assert_double_lt(fabs(mean - m), 5 * sqrt(m / n));
	ck_assert_double_lt(fabs(var - m), 5 * sqrt((m + 2 * m * m) / n));

	/* Chi-square against the exact distribution, over bins expecting
	 * at least 20 draws (the tails pooled into the end bins). */
	double chi2 = 0;
	int bins = 0;
	double pend = 0, oend = 0;
	for (int k = 0; k <= KMAX; k++) {
		double e = n * exp(log_pmf(m, k));
		pend += e;
		oend += hist[k];
		if (pend >= 20) {
			chi2 += (oend - pend) * (oend - pend) / pend;
			bins++;
			pend = 0;
			oend = 0;
		}
	}
	if (pend > 0 || oend > 0) {
		double e = pend > 1 ? pend : 1;
		chi2 += (oend - pend) * (oend - pend) / e;
		bins++;
	}
	int df = bins - 1;
	/* mean df, sd sqrt(2 df): allow 5 sd */
	ck_assert_msg(chi2 < df + 5 * sqrt(2.0 * df) + 5,
	              "mean %g: chi2 %g over %d bins", m, chi2, bins);
	free(hist);
}
END_TEST

START_TEST(poisson_zero_and_reproducible)
{
	tt_rng a, b;
	tt_rng_seed(&a, 8, TT_RNG_WORKLOAD);
	tt_rng_seed(&b, 8, TT_RNG_WORKLOAD);
	ck_assert_uint_eq(tt_rng_poisson(&a, 0), 0);
	for (int i = 0; i < 1000; i++) {
		double m = i % 2 ? 3.5 : 700;
		ck_assert_uint_eq(tt_rng_poisson(&a, m), tt_rng_poisson(&b, m));
	}
}
END_TEST

/* Very large means stay near the mean (sd = sqrt(mean)). */
START_TEST(poisson_huge_mean)
{
	tt_rng r;
	tt_rng_seed(&r, 1, TT_RNG_WORKLOAD);
	double m = 1e12;
	double sum = 0;
	for (int i = 0; i < 1000; i++) {
		double k = (double)tt_rng_poisson(&r, m);
		ck_assert_double_lt(fabs(k - m), 6 * sqrt(m));
		sum += k;
	}
	ck_assert_double_lt(fabs(sum / 1000 - m), 5 * sqrt(m / 1000));
}
END_TEST

/*
 * Means up to TT_RNG_POISSON_MEAN_MAX: the draws have the Poisson's mean
 * and variance and its normal shape (about 68.27% within one standard
 * deviation).  The acceptance test is where large means used to go wrong:
 * written as -mean + k log(mean) - log(k!), its rounding grows with the
 * mean (several units of log probability at 1e15, hundreds at 1e18) and
 * fattens the tails: at 1e18 the variance came out 1.5 times the mean.
 */
static const double poisson_large_means[] = {1e12, 1e15, 1e18, 0x1p63};

START_TEST(poisson_large_mean_shape)
{
	double m = poisson_large_means[_i];
	enum { N = 40000 };
	tt_rng r;
	tt_rng_seed(&r, 99, TT_RNG_WORKLOAD);
	double sd = sqrt(m), sum = 0, sum2 = 0;
	int within = 0;
	for (int i = 0; i < N; i++) {
		/* in units of sd from the mean, exactly enough */
		double z = ((double)tt_rng_poisson(&r, m) - m) / sd;
		sum += z;
		sum2 += z * z;
		within += fabs(z) <= 1;
	}
	double mean = sum / N, var = sum2 / N - mean * mean;
	ck_assert_msg(fabs(mean) < 5 / sqrt(N), "mean %g: z mean %g", m, mean);
	ck_assert_msg(fabs(var - 1) < 5 * sqrt(2.0 / N), "mean %g: z var %g", m,
	              var);
	double p = (double)within / N;
	ck_assert_msg(fabs(p - 0.682689) < 5 * sqrt(0.22 / N),
	              "mean %g: %g within one sd", m, p);
}
END_TEST

/* Every double is a mean with a defined, reproducible draw: nothing
 * above 0 gives 0, anything above the largest mean draws at it. */
START_TEST(poisson_defined_for_every_mean)
{
	const double zero[] = {NAN, -NAN, -1, -INFINITY, -0.0, 0x1p-1074};
	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++) {
		tt_rng r;
		tt_rng_seed(&r, 3, TT_RNG_WORKLOAD);
		uint64_t k = tt_rng_poisson(&r, zero[i]);
		ck_assert_uint_le(k, 1); /* 4.9e-324: almost surely 0 */
		if (!(zero[i] > 0))
			ck_assert_uint_eq(k, 0);
	}
	const double big[] = {0x1p63 * 1.5, 1e19, 1e300, DBL_MAX, INFINITY};
	for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
		tt_rng a, b;
		tt_rng_seed(&a, 3, TT_RNG_WORKLOAD);
		tt_rng_seed(&b, 3, TT_RNG_WORKLOAD);
		for (int j = 0; j < 50; j++) {
			uint64_t k = tt_rng_poisson(&a, big[i]);
			ck_assert_uint_eq(
			        k, tt_rng_poisson(&b, TT_RNG_POISSON_MEAN_MAX));
			ck_assert_double_lt(fabs((double)k - 0x1p63),
			                    8 * sqrt(0x1p63));
		}
	}
}
END_TEST

/* ---- normal and exponential (the ziggurat) ---- */

#define ZIG_DRAWS 1000000

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov: sqrt(n) times the largest gap between the sorted
 * sample's steps and `cdf`. */
static double ks_statistic(double *v, size_t n, double (*cdf)(double))
{
	qsort(v, n, sizeof *v, cmp_double);
	double d = 0;
	for (size_t i = 0; i < n; i++) {
		double f = cdf(v[i]);
		double lo = f - (double)i / (double)n;
		double hi = (double)(i + 1) / (double)n - f;
		d = fmax(d, fmax(lo, hi));
	}
	return sqrt((double)n) * d;
}

static double normal_cdf(double x)
{
	return 0.5 * erfc(-x / sqrt(2.0));
}

static double exponential_cdf(double x)
{
	return x <= 0 ? 0 : -expm1(-x);
}

/* How many of n draws an event of probability p should give, with 6
 * standard errors either side. */
static void count_near(size_t got, size_t n, double p, const char *what)
{
	double want = (double)n * p, se = sqrt(want * (1 - p));
	ck_assert_msg(fabs((double)got - want) < 6 * se + 1,
	              "%s: %zu, want %.1f +- %.1f", what, got, want, 6 * se);
}

/* The first draws of a fixed seed, pinned: the tables and the method
 * are part of every request-mode result. */
START_TEST(normal_exponential_pinned)
{
	tt_rng r;
	tt_rng_seed(&r, 1, TT_RNG_SERVICE);
	ck_assert(tt_rng_normal(&r) == -0x1.53ab9d1d14eedp+0);
	ck_assert(tt_rng_normal(&r) == -0x1.52a91f27a8c19p-8);
	ck_assert(tt_rng_normal(&r) == -0x1.c965f4399d6p-1);
	tt_rng_seed(&r, 1, TT_RNG_ARRIVALS);
	ck_assert(tt_rng_exponential(&r) == 0x1.4aeba32125765p-2);
	ck_assert(tt_rng_exponential(&r) == 0x1.a2261c8f61d7ep-1);
	ck_assert(tt_rng_exponential(&r) == 0x1.1d9dac7bd89d9p-2);
}
END_TEST

/*
 * A million standard normals: mean, variance, skewness and kurtosis
 * within a few standard errors, the Kolmogorov-Smirnov distance to the
 * normal's CDF below its 0.1 % critical value (1.95), and the tail past
 * the base strip (|Z| > R = 3.654, drawn by its own method) and far out
 * (|Z| > 4.5) as often as the normal puts mass there.
 */
START_TEST(normal_distribution)
{
	double *v = malloc(ZIG_DRAWS * sizeof *v);
	ck_assert_ptr_nonnull(v);
	tt_rng r;
	tt_rng_seed(&r, 7, TT_RNG_SERVICE);
	double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
	size_t past_r = 0, past_45 = 0;
	for (size_t i = 0; i < ZIG_DRAWS; i++) {
		double x = tt_rng_normal(&r);
		ck_assert(isfinite(x));
		v[i] = x;
		m1 += x;
		m2 += x * x;
		m3 += x * x * x;
		m4 += x * x * x * x;
		past_r += fabs(x) > 3.6541528853610088;
		past_45 += fabs(x) > 4.5;
	}
	double n = ZIG_DRAWS;
	m1 /= n, m2 /= n, m3 /= n, m4 /= n;
	ck_assert_msg(fabs(m1) < 6 / sqrt(n), "mean %g", m1);
	ck_assert_msg(fabs(m2 - 1) < 6 * sqrt(2 / n), "variance %g", m2);
	ck_assert_msg(fabs(m3) < 6 * sqrt(15 / n), "skewness %g", m3);
	ck_assert_msg(fabs(m4 - 3) < 6 * sqrt(96 / n), "kurtosis %g", m4);
	count_near(past_r, ZIG_DRAWS, erfc(3.6541528853610088 / sqrt(2.0)),
	           "|Z| > R");
	count_near(past_45, ZIG_DRAWS, erfc(4.5 / sqrt(2.0)), "|Z| > 4.5");
	double ks = ks_statistic(v, ZIG_DRAWS, normal_cdf);
	ck_assert_msg(ks < 1.95, "KS %g", ks);
	free(v);
}
END_TEST

/* The same for a million standard exponentials: mean 1, variance 1,
 * the KS distance, and the tail past R = 7.697 and past 10. */
START_TEST(exponential_distribution)
{
	double *v = malloc(ZIG_DRAWS * sizeof *v);
	ck_assert_ptr_nonnull(v);
	tt_rng r;
	tt_rng_seed(&r, 7, TT_RNG_ARRIVALS);
	double m1 = 0, m2 = 0;
	size_t past_r = 0, past_10 = 0;
	for (size_t i = 0; i < ZIG_DRAWS; i++) {
		double x = tt_rng_exponential(&r);
		ck_assert(x >= 0 && isfinite(x));
		v[i] = x;
		m1 += x;
		m2 += (x - 1) * (x - 1);
		past_r += x > 7.69711747013104972;
		past_10 += x > 10;
	}
	double n = ZIG_DRAWS;
	m1 /= n, m2 /= n;
	ck_assert_msg(fabs(m1 - 1) < 6 / sqrt(n), "mean %g", m1);
	ck_assert_msg(fabs(m2 - 1) < 6 * sqrt(8 / n), "variance %g", m2);
	count_near(past_r, ZIG_DRAWS, exp(-7.69711747013104972), "X > R");
	count_near(past_10, ZIG_DRAWS, exp(-10.0), "X > 10");
	double ks = ks_statistic(v, ZIG_DRAWS, exponential_cdf);
	ck_assert_msg(ks < 1.95, "KS %g", ks);
	free(v);
}
END_TEST

static Suite *rng_suite(void)
{
	Suite *s = suite_create("rng");
	TCase *tc;

	tc = tcase_create("reproducible");
	tcase_add_test(tc, same_seed_same_numbers);
	tcase_add_test(tc, pinned_first_outputs);
	tcase_add_test(tc, different_seeds_differ);
	suite_add_tcase(s, tc);

	tc = tcase_create("streams");
	tcase_add_test(tc, streams_independent);
	tcase_add_test(tc, seed_and_stream_not_interchangeable);
	suite_add_tcase(s, tc);

	tc = tcase_create("uniform");
	tcase_add_test(tc, uniform_in_unit_interval);
	tcase_add_test(tc, uniform_extremes);
	suite_add_tcase(s, tc);

	tc = tcase_create("range");
	tcase_add_loop_test(tc, range_bounds, 0,
	                    (int)(sizeof range_cases / sizeof range_cases[0]));
	tcase_add_test(tc, range_extremes);
	tcase_add_test(tc, range_unbiased_large_span);
	suite_add_tcase(s, tc);

	tc = tcase_create("poisson");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(
	        tc, poisson_mean_variance, 0,
	        (int)(sizeof poisson_means / sizeof poisson_means[0]));
	tcase_add_test(tc, poisson_zero_and_reproducible);
	tcase_add_test(tc, poisson_huge_mean);
	tcase_add_loop_test(tc, poisson_large_mean_shape, 0,
	                    (int)(sizeof poisson_large_means /
	                          sizeof poisson_large_means[0]));
	tcase_add_test(tc, poisson_defined_for_every_mean);
	suite_add_tcase(s, tc);

	tc = tcase_create("ziggurat");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, normal_exponential_pinned);
	tcase_add_test(tc, normal_distribution);
	tcase_add_test(tc, exponential_distribution);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run_suite(rng_suite());
}
