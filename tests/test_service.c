/*
 * test_service.c - drawn durations (service times and the delays share
 * them: drawn_duration.h) and their scenario syntax.
 *
 * The distributions are tested statistically with a fixed seed over 200,000
 * draws, with tolerances of several standard errors, so a pass is a pass on
 * every build (the numbers drawn are the same everywhere).  Determinism,
 * the random numbers each kind consumes, rounding, the linear model and
 * the attribute lookup are exact.  The scenario side
 * (`instance.service_time` and the delays' forms and errors, the
 * request-mode instance keys, `slo:`) is tested through
 * tt_scenario_load_text, with the exact message and place of every error;
 * tests/test_scenario.c reads the delays' forms, tests/test_fleet.c draws
 * them through the fleet.
 */
#include "ttsim/drawn_duration.h"
#include "ttsim/drawn_duration.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "metrics.h"
#include "ttsim/scenario.h"

#define DRAWS 200000
#define MS 1000 /* microseconds */

static int cmp_time(const void *a, const void *b)
{
	tt_time_us x = *(const tt_time_us *)a, y = *(const tt_time_us *)b;
	return (x > y) - (x < y);
}

/* The nearest-rank q-quantile of n sorted values. */
static double sorted_quantile(const tt_time_us *v, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n - 1e-9);
	return (double)v[rank ? rank - 1 : 0];
}

static void assert_near(const char *what, double got, double want, double rel)
{
	ck_assert_msg(fabs(got - want) <= rel * want,
	              "%s: got %.1f, want %.1f within %.1f %%", what, got, want,
	              rel * 100);
}

/* ---- the distributions ---- */

static tt_time_us empirical_samples[] = {10 * MS, 20 * MS, 30 * MS, 40 * MS,
                                         150 * MS};

typedef struct dist_case {
	const char *name;
	tt_drawn_duration spec;
	double mean, median, p99; /* microseconds */
	double tol_mean, tol_q;   /* relative */
} dist_case;

/*
 * Tolerances: the standard error of the mean is below 0.25 % for every
 * case here, that of the p99 below 0.75 % (lognormal); the tolerances are
 * several times that.
 */
static const dist_case dist_cases[] = {
        {"constant",
         {.kind = TT_DRAWN_FIXED, .value_us = 120 * MS},
         120 * MS,
         120 * MS,
         120 * MS,
         0,
         0},
        /* every whole microsecond in [40 ms, 160 ms] equally likely */
        {"uniform",
         {.kind = TT_DRAWN_UNIFORM, .min_us = 40 * MS, .max_us = 160 * MS},
         100 * MS,
         100 * MS,
         40 * MS + 0.99 * 120 * MS,
         0.015,
         0.03},
        {"exponential",
         {.kind = TT_DRAWN_EXPONENTIAL, .mean_us = 100 * MS},
         100 * MS,
         100 * MS * 0.69314718055994531,
         100 * MS * 4.6051701859880914,
         0.015,
         0.03},
        /* sigma = ln(900 / 120) / z99 = 0.86612; mean = median e^(s^2 / 2) */
        {"lognormal",
         {.kind = TT_DRAWN_LOGNORMAL,
          .median_us = 120 * MS,
          .p99_us = 900 * MS},
         120 * MS * 1.4551141983722384,
         120 * MS,
         900 * MS,
         0.015,
         0.03},
        {"empirical",
         {.kind = TT_DRAWN_EMPIRICAL,
          .samples_us = empirical_samples,
          .n_samples = 5},
         50 * MS,
         30 * MS,
         150 * MS,
         0.015,
         0},
};

START_TEST(distributions)
{
	const dist_case *c = &dist_cases[_i];
	tt_drawn_sampler sv;
	tt_diag d;
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &c->spec, 42,
	                                       TT_RNG_SERVICE, NULL, 0, &d),
	                 TT_OK);
	tt_time_us *v = malloc(DRAWS * sizeof *v);
	ck_assert_ptr_nonnull(v);
	double sum = 0;
	for (size_t i = 0; i < DRAWS; i++) {
		v[i] = tt_drawn_sample(&sv, NULL);
		ck_assert_int_ge(v[i], 0);
		sum += (double)v[i];
	}
	qsort(v, DRAWS, sizeof *v, cmp_time);
	char what[64];
	snprintf(what, sizeof what, "%s mean", c->name);
	assert_near(what, sum / DRAWS, c->mean, c->tol_mean);
	snprintf(what, sizeof what, "%s median", c->name);
	assert_near(what, sorted_quantile(v, DRAWS, 0.5), c->median, c->tol_q);
	snprintf(what, sizeof what, "%s p99", c->name);
	assert_near(what, sorted_quantile(v, DRAWS, 0.99), c->p99, c->tol_q);
	/* The exact mean agrees with the law the draws follow. */
	snprintf(what, sizeof what, "%s exact mean", c->name);
	assert_near(what, tt_drawn_mean_us(&c->spec), c->mean, 1e-6);
	free(v);
}
END_TEST

/* Same seed, same sequence, for every kind; another seed, another one. */
START_TEST(determinism)
{
	const dist_case *c = &dist_cases[_i];
	tt_drawn_sampler a, b, other;
	ck_assert_int_eq(tt_drawn_sampler_init(&a, &c->spec, 7, TT_RNG_SERVICE,
	                                       NULL, 0, NULL),
	                 TT_OK);
	ck_assert_int_eq(tt_drawn_sampler_init(&b, &c->spec, 7, TT_RNG_SERVICE,
	                                       NULL, 0, NULL),
	                 TT_OK);
	ck_assert_int_eq(tt_drawn_sampler_init(&other, &c->spec, 8,
	                                       TT_RNG_SERVICE, NULL, 0, NULL),
	                 TT_OK);
	int differ = 0;
	for (int i = 0; i < 1000; i++) {
		tt_time_us x = tt_drawn_sample(&a, NULL);
		ck_assert_int_eq(x, tt_drawn_sample(&b, NULL));
		differ += x != tt_drawn_sample(&other, NULL);
	}
	if (c->spec.kind == TT_DRAWN_FIXED)
		ck_assert_int_eq(differ, 0);
	else
		ck_assert_int_gt(differ, 100);
}
END_TEST

/* Draws come from the TT_RNG_SERVICE stream of the seed: an exponential
 * draw is the mean times that stream's standard exponentials, rounded,
 * and a lognormal one e^(mu + sigma Z) of its standard normals. */
START_TEST(service_stream)
{
	tt_drawn_duration spec = {.kind = TT_DRAWN_EXPONENTIAL,
	                          .mean_us = 100 * MS};
	tt_drawn_sampler sv;
	tt_rng r;
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &spec, 3, TT_RNG_SERVICE,
	                                       NULL, 0, NULL),
	                 TT_OK);
	tt_rng_seed(&r, 3, TT_RNG_SERVICE);
	for (int i = 0; i < 100; i++) {
		double want = 100.0 * MS * tt_rng_exponential(&r);
		ck_assert_int_eq(tt_drawn_sample(&sv, NULL), llround(want));
	}

	spec = (tt_drawn_duration){.kind = TT_DRAWN_LOGNORMAL,
	                           .median_us = 40 * MS, .p99_us = 250 * MS};
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &spec, 3, TT_RNG_SERVICE,
	                                       NULL, 0, NULL),
	                 TT_OK);
	tt_rng_seed(&r, 3, TT_RNG_SERVICE);
	for (int i = 0; i < 100; i++) {
		double want = exp(sv.mu + sv.sigma * tt_rng_normal(&r));
		ck_assert_int_eq(tt_drawn_sample(&sv, NULL), llround(want));
	}
}
END_TEST

/*
 * A uniform draw is one tt_rng_range(min, max) on the sampler's stream,
 * and a range of one value draws nothing: exactly what the fleet drew for
 * a uniform provisioning delay before delays and service times shared a
 * sampler, so every seed keeps its results (the golden files pin them
 * end to end).
 */
START_TEST(uniform_stream)
{
	tt_drawn_duration spec = {.kind = TT_DRAWN_UNIFORM,
	                          .min_us = 4 * TT_US_PER_MIN,
	                          .max_us = 7 * TT_US_PER_MIN};
	tt_drawn_sampler sm;
	tt_rng r;
	ck_assert_int_eq(tt_drawn_sampler_init(&sm, &spec, 11,
	                                       TT_RNG_PROVISIONING, NULL, 0,
	                                       NULL),
	                 TT_OK);
	tt_rng_seed(&r, 11, TT_RNG_PROVISIONING);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(tt_drawn_sample(&sm, NULL),
		                 tt_rng_range(&r, spec.min_us, spec.max_us));

	/* min == max, and fixed: the stream does not move. */
	static const tt_drawn_duration still[] = {
	        {.kind = TT_DRAWN_UNIFORM, .min_us = 30, .max_us = 30},
	        {.kind = TT_DRAWN_FIXED, .value_us = 30},
	};
	for (size_t k = 0; k < 2; k++) {
		ck_assert_int_eq(tt_drawn_sampler_init(&sm, &still[k], 11,
		                                       TT_RNG_PROVISIONING,
		                                       NULL, 0, NULL),
		                 TT_OK);
		tt_rng_seed(&r, 11, TT_RNG_PROVISIONING);
		for (int i = 0; i < 100; i++)
			ck_assert_int_eq(tt_drawn_sample(&sm, NULL), 30);
		ck_assert(!memcmp(&sm.rng, &r, sizeof r));
	}
}
END_TEST

/* The one vocabulary: each kind's canonical name reads back as that
 * kind, `constant` is an alias of `fixed`, nothing else is a name. */
START_TEST(vocabulary)
{
	static const char *const canonical[] = {
	        "fixed",     "uniform",   "exponential",
	        "lognormal", "empirical", "linear",
	};
	tt_drawn_kind k;
	for (int i = 0; i < TT_DRAWN_KIND_COUNT; i++) {
		ck_assert_str_eq(tt_drawn_kind_name((tt_drawn_kind)i),
		                 canonical[i]);
		ck_assert(tt_drawn_kind_parse(canonical[i], &k));
		ck_assert_int_eq(k, i);
	}
	ck_assert(tt_drawn_kind_parse("constant", &k));
	ck_assert_int_eq(k, TT_DRAWN_FIXED);
	ck_assert(!tt_drawn_kind_parse("normal", &k));
	ck_assert(!tt_drawn_kind_parse("Fixed", &k));
	ck_assert(!tt_drawn_kind_parse("", &k));
	ck_assert_ptr_null(
	        tt_drawn_kind_name((tt_drawn_kind)TT_DRAWN_KIND_COUNT));
}
END_TEST

/* Tiny scales round to whole microseconds and never go below 0. */
START_TEST(rounding)
{
	static const tt_drawn_duration specs[] = {
	        {.kind = TT_DRAWN_EXPONENTIAL, .mean_us = 1},
	        {.kind = TT_DRAWN_LOGNORMAL, .median_us = 1, .p99_us = 3},
	};
	for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
		tt_drawn_sampler sv;
		ck_assert_int_eq(tt_drawn_sampler_init(&sv, &specs[k], 1,
		                                       TT_RNG_SERVICE, NULL, 0,
		                                       NULL),
		                 TT_OK);
		int zeros = 0;
		for (int i = 0; i < 10000; i++) {
			tt_time_us x = tt_drawn_sample(&sv, NULL);
			ck_assert_int_ge(x, 0);
			zeros += x == 0;
		}
		ck_assert_int_gt(zeros, 0); /* below 0.5 us rounds to 0 */
	}
}
END_TEST

START_TEST(mean)
{
	tt_drawn_duration linear = {.kind = TT_DRAWN_LINEAR,
	                            .base_us = 40 * MS,
	                            .per_unit_us = 30 * MS};
	ck_assert(tt_drawn_mean_us(&linear) == 40 * MS);
	tt_drawn_duration lognormal = {.kind = TT_DRAWN_LOGNORMAL,
	                               .median_us = 100 * MS,
	                               .p99_us = 100 * MS * 10};
	double sigma = log(10) / 2.3263478740408408;
	assert_near("lognormal mean", tt_drawn_mean_us(&lognormal),
	            100 * MS * exp(sigma * sigma / 2), 1e-12);
	/* exact, even at the limit of a duration */
	tt_drawn_duration uniform = {.kind = TT_DRAWN_UNIFORM,
	                             .min_us = TT_DRAWN_MAX_US - 3,
	                             .max_us = TT_DRAWN_MAX_US};
	ck_assert(tt_drawn_mean_us(&uniform) == TT_DRAWN_MAX_US - 1.5);
}
END_TEST

/* ---- linear in a request attribute ---- */

static const char *const attr_names[] = {"ContextTokens", "GeneratedTokens"};

static const struct linear_case {
	double generated;
	tt_time_us want;
} linear_cases[] = {
        {0, 50 * MS},       /* base alone */
        {3, 140 * MS},      /* 50 + 3 x 30 ms */
        {2.5, 125 * MS},    /* fractional units */
        {1000, 30050 * MS}, /* long generations */
        {-10, 0},           /* clamped at 0 */
};

START_TEST(linear)
{
	tt_drawn_duration spec = {.kind = TT_DRAWN_LINEAR,
	                          .attribute = "GeneratedTokens",
	                          .base_us = 50 * MS,
	                          .per_unit_us = 30 * MS};
	tt_drawn_sampler sv;
	tt_diag d;
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &spec, 1, TT_RNG_SERVICE,
	                                       attr_names, 2, &d),
	                 TT_OK);
	ck_assert_uint_eq(sv.attr, 1);
	double attrs[2] = {7777, linear_cases[_i].generated};
	ck_assert_int_eq(tt_drawn_sample(&sv, attrs), linear_cases[_i].want);
}
END_TEST

/* A sub-microsecond product rounds half away from zero. */
START_TEST(linear_rounding)
{
	tt_drawn_duration spec = {.kind = TT_DRAWN_LINEAR,
	                          .attribute = "ContextTokens",
	                          .per_unit_us = 0.5};
	tt_drawn_sampler sv;
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &spec, 1, TT_RNG_SERVICE,
	                                       attr_names, 2, NULL),
	                 TT_OK);
	ck_assert_uint_eq(sv.attr, 0);
	double attrs[2] = {3, 0};
	ck_assert_int_eq(tt_drawn_sample(&sv, attrs), 2);
}
END_TEST

/* ---- the cut at TT_DRAWN_MAX_US ---- */

#define CUT TT_DRAWN_MAX_US
#define DAYS_36525 ((tt_time_us)36525 * 86400 * TT_US_PER_S)

/*
 * A request's completion is its start plus its service time: every draw
 * is cut at 36525 days, however wide the distribution, so the sum never
 * overflows.  Specs built in code may hold what the scenario refuses.
 */
static const struct cut_case {
	const char *name;
	tt_drawn_duration spec;
	double attr;
	bool some_cut; /* some of the draws reach the cut */
} cut_cases[] = {
        /* sigma 15.4: the cut is the p99, 1 % of the draws pass it (0.3 %
         * pass 2^63 us) */
        {"lognormal, median 1 us, p99 36525 d",
         {.kind = TT_DRAWN_LOGNORMAL, .median_us = 1, .p99_us = DAYS_36525},
         0,
         true},
        /* P(draw > mean) = 1/e */
        {"exponential, mean 36525 d",
         {.kind = TT_DRAWN_EXPONENTIAL, .mean_us = DAYS_36525},
         0,
         true},
        {"linear, 36525 d per unit x 1e15 units",
         {.kind = TT_DRAWN_LINEAR,
          .attribute = "ContextTokens",
          .base_us = DAYS_36525,
          .per_unit_us = (double)DAYS_36525},
         1e15,
         true},
        {"linear, an infinite attribute",
         {.kind = TT_DRAWN_LINEAR,
          .attribute = "ContextTokens",
          .per_unit_us = 1},
         HUGE_VAL,
         true},
        {"constant past the cut",
         {.kind = TT_DRAWN_FIXED, .value_us = TT_TIME_MAX},
         0,
         true},
        {"constant at the cut",
         {.kind = TT_DRAWN_FIXED, .value_us = DAYS_36525},
         0,
         true},
        {"uniform reaching past the cut",
         {.kind = TT_DRAWN_UNIFORM,
          .min_us = DAYS_36525 - 10,
          .max_us = TT_TIME_MAX},
         0,
         true},
        {"constant below the cut",
         {.kind = TT_DRAWN_FIXED, .value_us = DAYS_36525 - 1},
         0,
         false},
};

START_TEST(cut_draws)
{
	const struct cut_case *c = &cut_cases[_i];
	ck_assert_int_eq(CUT, DAYS_36525);
	tt_drawn_sampler sv;
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &c->spec, 1, TT_RNG_SERVICE,
	                                       attr_names, 2, NULL),
	                 TT_OK);
	double attrs[2] = {c->attr, 0};
	int at_cut = 0;
	for (int i = 0; i < 10000; i++) {
		tt_time_us x = tt_drawn_sample(&sv, attrs);
		ck_assert_msg(x >= 0 && x <= CUT, "%s: draw %d is %lld",
		              c->name, i, (long long)x);
		at_cut += x == CUT;
	}
	if (c->some_cut)
		ck_assert_msg(at_cut > 0, "%s: no draw reached the cut",
		              c->name);
	else
		ck_assert_int_eq(at_cut, 0);
}
END_TEST

/* An empirical sample past the cut (a spec built in code) is cut too. */
START_TEST(cut_empirical)
{
	tt_time_us samples[] = {TT_TIME_MAX, -5};
	tt_drawn_duration spec = {.kind = TT_DRAWN_EMPIRICAL,
	                          .samples_us = samples,
	                          .n_samples = 2};
	tt_drawn_sampler sv;
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &spec, 1, TT_RNG_SERVICE,
	                                       NULL, 0, NULL),
	                 TT_OK);
	int at_cut = 0, zero = 0;
	for (int i = 0; i < 1000; i++) {
		tt_time_us x = tt_drawn_sample(&sv, NULL);
		at_cut += x == CUT;
		zero += x == 0;
	}
	ck_assert_int_eq(at_cut + zero, 1000);
	ck_assert(at_cut > 0 && zero > 0);
}
END_TEST

static const struct attr_case {
	const char *attribute;
	size_t n_names;
	const char *msg;
} attr_cases[] = {
        {"generatedtokens", 2,
         "s.yaml:4:17: error: the trace has no attribute 'generatedtokens' "
         "(it has: ContextTokens, GeneratedTokens)"},
        {"Tokens", 1,
         "s.yaml:4:17: error: the trace has no attribute 'Tokens' (it has: "
         "ContextTokens)"},
        {"GeneratedTokens", 0,
         "s.yaml:4:17: error: no attribute 'GeneratedTokens': the workload "
         "has no request attributes"},
};

START_TEST(attribute_errors)
{
	const struct attr_case *c = &attr_cases[_i];
	tt_drawn_duration spec = {.kind = TT_DRAWN_LINEAR,
	                          .loc = {"s.yaml", 4, 17},
	                          .attribute = (char *)c->attribute,
	                          .per_unit_us = 1};
	tt_drawn_sampler sv;
	tt_diag d;
	char buf[700];
	tt_diag_clear(&d);
	ck_assert_int_eq(tt_drawn_sampler_init(&sv, &spec, 1, TT_RNG_SERVICE,
	                                       c->n_names ? attr_names : NULL,
	                                       c->n_names, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), c->msg);
}
END_TEST

START_TEST(spec_release)
{
	tt_drawn_duration_release(NULL);
	tt_drawn_duration zero = {0};
	tt_drawn_duration_release(&zero);
	tt_drawn_duration spec = {.kind = TT_DRAWN_EMPIRICAL};
	spec.samples_us = malloc(3 * sizeof *spec.samples_us);
	spec.n_samples = 3;
	spec.attribute = malloc(4);
	tt_drawn_duration_release(&spec);
	ck_assert_ptr_null(spec.samples_us);
	ck_assert_ptr_null(spec.attribute);
	ck_assert_uint_eq(spec.n_samples, 0);
}
END_TEST

/* ---- the scenario syntax ---- */

/* A minimal valid scenario, one piece per line (lines 1, 2-3, 4, 5). */
#define CAP "capacity: {min: 1, max: 4}\n"
#define POL                                                                    \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 70, "     \
	"PredefinedMetricSpecification: {PredefinedMetricType: "               \
	"SageMakerVariantInvocationsPerInstance}}\n"
#define CONC                                                                   \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 4, "      \
	"PredefinedMetricSpecification: {PredefinedMetricType: "               \
	"SageMakerVariantConcurrentRequestsPerModelHighResolution}}\n"
#define WL "workload: {synthetic: {shape: constant, rate: 100}}\n"
#define SIM "simulation: {duration: 1h}\n"
#define HEAD CAP POL WL SIM

static tt_code load(const char *yaml, const char *dir, tt_scenario *s,
                    tt_diag *d)
{
	tt_diag_clear(d);
	return tt_scenario_load_text(yaml, strlen(yaml), "t.yaml", dir, s, d);
}

static void load_ok(const char *yaml, const char *dir, tt_scenario *s)
{
	tt_diag d;
	char buf[700];
	tt_code rc = load(yaml, dir, s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

static const struct form_case {
	const char *yaml;
	tt_drawn_duration want;  /* samples compared by count and first */
	tt_time_us first_sample; /* 0 without samples */
} form_cases[] = {
        {HEAD "instance: {service_time: 120ms}\n",
         {.kind = TT_DRAWN_FIXED, .loc = {NULL, 6, 26}, .value_us = 120 * MS},
         0},
        {HEAD "instance: {service_time: {dist: constant, value: 2}}\n",
         {.kind = TT_DRAWN_FIXED, .loc = {NULL, 6, 26}, .value_us = 2000 * MS},
         0},
        /* the canonical name; `constant` above is its alias */
        {HEAD "instance: {service_time: {dist: fixed, value: 30ms}}\n",
         {.kind = TT_DRAWN_FIXED, .loc = {NULL, 6, 26}, .value_us = 30 * MS},
         0},
        {HEAD "instance: {service_time: {dist: uniform, min: 0, max: 80ms}}\n",
         {.kind = TT_DRAWN_UNIFORM, .loc = {NULL, 6, 26}, .max_us = 80 * MS},
         0},
        {HEAD "instance: {service_time: {dist: exponential, mean: 80ms}}\n",
         {.kind = TT_DRAWN_EXPONENTIAL,
          .loc = {NULL, 6, 26},
          .mean_us = 80 * MS},
         0},
        {HEAD "instance:\n  service_time: {dist: lognormal, median: 120ms, "
              "p99: 0.9s}\n",
         {.kind = TT_DRAWN_LOGNORMAL,
          .loc = {NULL, 7, 17},
          .median_us = 120 * MS,
          .p99_us = 900 * MS},
         0},
        /* the widest lognormal: p99 = 1e6 x median */
        {HEAD "instance: {service_time: {dist: lognormal, median: 1ms, p99: "
              "1000s}}\n",
         {.kind = TT_DRAWN_LOGNORMAL,
          .loc = {NULL, 6, 26},
          .median_us = 1 * MS,
          .p99_us = 1000000 * MS},
         0},
        {HEAD "instance: {service_time: {dist: empirical, samples: [10ms, "
              "0, 1.5s]}}\n",
         {.kind = TT_DRAWN_EMPIRICAL, .loc = {NULL, 6, 26}, .n_samples = 3},
         10 * MS},
        {HEAD "instance: {service_time: {dist: linear, attribute: "
              "GeneratedTokens, base: 50ms, per_unit: 30ms}}\n",
         {.kind = TT_DRAWN_LINEAR,
          .loc = {NULL, 6, 52},
          .attribute = "GeneratedTokens",
          .base_us = 50 * MS,
          .per_unit_us = 30 * MS},
         0},
        {HEAD "instance: {service_time: {dist: linear, attribute: x, "
              "per_unit: 0.5ms}}\n",
         {.kind = TT_DRAWN_LINEAR,
          .loc = {NULL, 6, 52},
          .attribute = "x",
          .per_unit_us = 500},
         0},
};

START_TEST(forms)
{
	const struct form_case *c = &form_cases[_i];
	tt_scenario s;
	load_ok(c->yaml, NULL, &s);
	ck_assert(s.has_service);
	ck_assert_int_eq(s.service.kind, c->want.kind);
	ck_assert_str_eq(s.service.loc.file, "t.yaml");
	ck_assert_int_eq(s.service.loc.line, c->want.loc.line);
	ck_assert_int_eq(s.service.loc.col, c->want.loc.col);
	ck_assert_int_eq(s.service.value_us, c->want.value_us);
	ck_assert_int_eq(s.service.min_us, c->want.min_us);
	ck_assert_int_eq(s.service.max_us, c->want.max_us);
	ck_assert_int_eq(s.service.mean_us, c->want.mean_us);
	ck_assert_int_eq(s.service.median_us, c->want.median_us);
	ck_assert_int_eq(s.service.p99_us, c->want.p99_us);
	ck_assert_uint_eq(s.service.n_samples, c->want.n_samples);
	if (c->want.n_samples)
		ck_assert_int_eq(s.service.samples_us[0], c->first_sample);
	if (c->want.attribute)
		ck_assert_str_eq(s.service.attribute, c->want.attribute);
	else
		ck_assert_ptr_null(s.service.attribute);
	ck_assert_int_eq(s.service.base_us, c->want.base_us);
	ck_assert(s.service.per_unit_us == c->want.per_unit_us);
	tt_scenario_release(&s);
}
END_TEST

/* Little's law in fluid mode uses the distribution's mean. */
START_TEST(fluid_mean)
{
	tt_scenario s;
	tt_metric_source src;
	tt_diag d;
	load_ok(CAP CONC WL SIM "instance: {service_time: {dist: lognormal, "
	                        "median: 100ms, p99: 1s}}\n",
	        NULL, &s);
	ck_assert_int_eq(tt_metric_source_init(&src, &s, &s.policies[0], &d),
	                 TT_OK);
	assert_near("service_s", src.service_s,
	            tt_drawn_mean_us(&s.service) / 1e6, 1e-12);
	ck_assert(src.service_s > 0.1);
	tt_scenario_release(&s);
	load_ok(CAP CONC WL SIM "instance: {service_time: 250ms}\n", NULL, &s);
	ck_assert_int_eq(tt_metric_source_init(&src, &s, &s.policies[0], &d),
	                 TT_OK);
	ck_assert(src.service_s == 0.25);
	tt_scenario_release(&s);
	load_ok(CAP CONC WL SIM "instance: {service_time: {dist: uniform, min: "
	                        "100ms, max: 300ms}}\n",
	        NULL, &s);
	ck_assert_int_eq(tt_metric_source_init(&src, &s, &s.policies[0], &d),
	                 TT_OK);
	ck_assert(src.service_s == 0.2);
	tt_scenario_release(&s);
}
END_TEST

/* The request-mode settings of `instance:` and `slo:`. */
START_TEST(request_settings)
{
	tt_scenario s;
	load_ok(HEAD "instance: {concurrency: 4, max_queue: 0, vcpus: 8, "
	             "routing: least_outstanding_requests}\n"
	             "slo: {latency: 500ms}\n",
	        NULL, &s);
	ck_assert_int_eq(s.concurrency, 4);
	ck_assert_int_eq(s.max_queue, 0);
	ck_assert_int_eq(s.vcpus, 8);
	ck_assert_int_eq(s.routing, TT_ROUTING_LEAST_OUTSTANDING_REQUESTS);
	ck_assert_int_eq(s.slo_latency_us, 500 * MS);
	ck_assert_int_eq(s.locs.concurrency.line, 6);
	ck_assert_int_eq(s.locs.concurrency.col, 25);
	ck_assert_int_eq(s.locs.slo_latency.line, 7);
	ck_assert_int_eq(s.locs.slo_latency.col, 16);
	ck_assert(!s.has_service);
	tt_scenario_release(&s);

	load_ok(HEAD "instance: {concurrency: 10000, max_queue: 1000000000, "
	             "vcpus: 1024, routing: random}\n",
	        NULL, &s);
	ck_assert_int_eq(s.concurrency, 10000);
	ck_assert_int_eq(s.max_queue, 1000000000);
	ck_assert_int_eq(s.vcpus, 1024);
	ck_assert_int_eq(s.routing, TT_ROUTING_RANDOM);
	ck_assert_int_eq(s.slo_latency_us, 0);
	tt_scenario_release(&s);

	load_ok(HEAD "instance: {price_per_hour: 1}\n", NULL, &s);
	ck_assert_int_eq(s.concurrency, 1);
	ck_assert_int_eq(s.max_queue, 1000);
	ck_assert_int_eq(s.vcpus, 1);
	ck_assert_int_eq(s.routing, TT_ROUTING_RANDOM);
	tt_scenario_release(&s);
}
END_TEST

/* `{dist: empirical, file: PATH}`: comments, blank lines, CRLF. */
static const struct file_case {
	const char *file;
	size_t n;
	tt_time_us samples[4];
} file_cases[] = {
        {"service/samples.txt", 4, {120 * MS, 250 * MS, 1500 * MS, 0}},
        {"service/crlf.txt", 2, {10 * MS, 20 * MS}},
};

START_TEST(empirical_file)
{
	const struct file_case *c = &file_cases[_i];
	char dir[512], yaml[700], path[700];
	tt_scenario s;
	tu_src_path(dir, sizeof dir, "tests/data");
	snprintf(yaml, sizeof yaml,
	         HEAD "instance: {service_time: {dist: empirical, file: %s}}\n",
	         c->file);
	load_ok(yaml, dir, &s);
	ck_assert_int_eq(s.service.kind, TT_DRAWN_EMPIRICAL);
	ck_assert_uint_eq(s.service.n_samples, c->n);
	for (size_t i = 0; i < c->n; i++)
		ck_assert_int_eq(s.service.samples_us[i], c->samples[i]);
	/* The file is kept with the scenario's files. */
	snprintf(path, sizeof path, "%s/%s", dir, c->file);
	ck_assert_str_eq(s.files[s.n_files - 1], path);
	tt_scenario_release(&s);
}
END_TEST

/*
 * A delay reads a samples file the same way, relative to the scenario;
 * unlike a service time, its samples may all be 0 (SPEC 11's instant
 * change, drawn every time).
 */
START_TEST(delay_samples)
{
	char dir[512];
	tt_scenario s;
	tu_src_path(dir, sizeof dir, "tests/data");
	load_ok(HEAD "instance: {provisioning: {dist: empirical, file: "
	             "service/samples.txt}, deprovisioning: {dist: empirical, "
	             "samples: [0, 0s]}}\n",
	        dir, &s);
	ck_assert_int_eq(s.provisioning.kind, TT_DRAWN_EMPIRICAL);
	ck_assert_uint_eq(s.provisioning.n_samples, 4);
	ck_assert_int_eq(s.provisioning.samples_us[2], 1500 * MS);
	ck_assert_int_eq(s.deprovisioning.kind, TT_DRAWN_EMPIRICAL);
	ck_assert_uint_eq(s.deprovisioning.n_samples, 2);
	ck_assert_int_eq(s.deprovisioning.samples_us[1], 0);
	ck_assert(!s.has_service);
	tt_scenario_release(&s);
}
END_TEST

/* Errors inside a samples file point at its line and column. */
static const struct file_error_case {
	const char *file;
	tt_code code;
	const char *msg; /* after "DIR/" */
} file_error_cases[] = {
        {"service/bad-line.txt", TT_EINVAL,
         "service/bad-line.txt:4:3: error: invalid duration '2 seconds' "
         "(expected a number with an optional unit: 90, 90s, 5m, 2h, 1d)"},
        {"service/empty.txt", TT_EINVAL,
         "t.yaml:6:50: error: no durations in 'DIR/service/empty.txt'"},
        {"service/none.txt", TT_EIO,
         "t.yaml:6:50: error: cannot open samples file "
         "'DIR/service/none.txt': No such file or directory"},
};

/* `msg` with every "DIR" replaced by `dir`, and a leading "service/"
 * prefixed with it too (file locations are resolved paths). */
static void expand(const char *msg, const char *dir, char *out, size_t size)
{
	size_t used = 0;
	if (!strncmp(msg, "service/", 8))
		used += (size_t)snprintf(out, size, "%s/", dir);
	for (const char *p = msg; *p && used + 1 < size; p++) {
		if (!strncmp(p, "DIR", 3)) {
			used += (size_t)snprintf(out + used, size - used, "%s",
			                         dir);
			p += 2;
		} else {
			out[used++] = *p;
		}
	}
	out[used] = '\0';
}

START_TEST(empirical_file_errors)
{
	const struct file_error_case *c = &file_error_cases[_i];
	char dir[512], yaml[700], want[1200], buf[1200];
	tt_scenario s;
	tt_diag d;
	tu_src_path(dir, sizeof dir, "tests/data");
	snprintf(yaml, sizeof yaml,
	         HEAD "instance: {service_time: {dist: empirical, file: %s}}\n",
	         c->file);
	ck_assert_int_eq(load(yaml, dir, &s, &d), c->code);
	expand(c->msg, dir, want, sizeof want);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
}
END_TEST

static const struct error_case {
	const char *yaml;
	tt_code code;
	const char *msg;
} error_cases[] = {
        /* the shape of service_time */
        {HEAD "instance: {service_time: [1s]}\n", TT_EINVAL,
         "t.yaml:6:26: error: expected a duration or a map for "
         "'service_time', got a sequence"},
        {HEAD "instance: {service_time: 0}\n", TT_ERANGE,
         "t.yaml:6:26: error: 'service_time' must be > 0, got 0"},
        {HEAD "instance: {service_time: {mean: 1s}}\n", TT_EINVAL,
         "t.yaml:6:26: error: missing required key 'dist' in "
         "'instance.service_time'"},
        {HEAD "instance: {service_time: {dist: normal}}\n", TT_EINVAL,
         "t.yaml:6:33: error: 'dist' must be 'fixed', 'uniform', "
         "'exponential', 'lognormal', 'empirical' or 'linear', got "
         "'normal'"},
        /* keys of another dist */
        {HEAD "instance: {service_time: {dist: exponential, mean: 1s, "
              "median: 1s}}\n",
         TT_EINVAL,
         "t.yaml:6:56: error: unknown key 'median' in "
         "'instance.service_time' (expected one of: dist, mean)"},
        {HEAD "instance: {service_time: {dist: constant, mean: 1s}}\n",
         TT_EINVAL,
         "t.yaml:6:43: error: unknown key 'mean' in 'instance.service_time' "
         "(expected one of: dist, value)"},
        {HEAD "instance: {service_time: {dist: lognormal, median: 1s, p90: "
              "2s}}\n",
         TT_EINVAL,
         "t.yaml:6:56: error: unknown key 'p90' in 'instance.service_time' "
         "(expected one of: dist, median, p99)"},
        {HEAD "instance: {service_time: {dist: empirical, value: 1s}}\n",
         TT_EINVAL,
         "t.yaml:6:44: error: unknown key 'value' in "
         "'instance.service_time' (expected one of: dist, samples, file)"},
        {HEAD "instance: {service_time: {dist: linear, attribute: a, "
              "per_unit: 1ms, slope: 1}}\n",
         TT_EINVAL,
         "t.yaml:6:70: error: unknown key 'slope' in "
         "'instance.service_time' (expected one of: dist, attribute, base, "
         "per_unit)"},
        /* uniform: a service time's max > 0 (its mean would be 0) */
        {HEAD "instance: {service_time: {dist: uniform, min: 0, max: 0}}\n",
         TT_ERANGE, "t.yaml:6:55: error: 'max' must be > 0, got 0"},
        {HEAD "instance: {service_time: {dist: uniform, min: 2s, max: 1s}}\n",
         TT_EINVAL, "t.yaml:6:47: error: 'min' must be <= 'max', got 2s > 1s"},
        {HEAD "instance: {service_time: {dist: uniform, max: 1s}}\n", TT_EINVAL,
         "t.yaml:6:26: error: missing required key 'min' in "
         "'instance.service_time'"},
        {HEAD "instance: {service_time: {dist: uniform, min: 1s, max: 2s, "
              "value: 1s}}\n",
         TT_EINVAL,
         "t.yaml:6:60: error: unknown key 'value' in "
         "'instance.service_time' (expected one of: dist, min, max)"},
        /* the delays: the same parser, drawn per instance */
        {HEAD "instance: {provisioning: {dist: linear, attribute: a, "
              "per_unit: 1ms}}\n",
         TT_EINVAL,
         "t.yaml:6:33: error: 'instance.provisioning' cannot be of kind "
         "linear: it is drawn per instance, and only a request has "
         "attributes"},
        {HEAD "instance: {deprovisioning: {dist: uniform, min: 4m}}\n",
         TT_EINVAL,
         "t.yaml:6:28: error: missing required key 'max' in "
         "'instance.deprovisioning'"},
        {HEAD "instance: {provisioning: {dist: uniform, min: -1m, max: 4m}}\n",
         TT_ERANGE,
         "t.yaml:6:47: error: duration must not be negative, got '-1m'"},
        {HEAD "instance: {provisioning: {dist: exponential, mean: 0}}\n",
         TT_ERANGE, "t.yaml:6:52: error: 'mean' must be > 0, got 0"},
        {HEAD "instance: {provisioning: {dist: lognormal, median: 1ms, p99: "
              "1001s}}\n",
         TT_ERANGE,
         "t.yaml:6:62: error: 'p99' is too large, got 1001s (at most 1e6 x "
         "'median', 1ms)"},
        {HEAD "instance: {provisioning: {dist: exponential, mean: 36526d}}\n",
         TT_ERANGE,
         "t.yaml:6:52: error: 'mean' is too large, got 36526d (at most "
         "36525d)"},
        {HEAD "instance: {deprovisioning: [1m]}\n", TT_EINVAL,
         "t.yaml:6:28: error: expected a duration or a map for "
         "'deprovisioning', got a sequence"},
        {HEAD "instance: {provisioning: {dist: Fixed, value: 1m}}\n", TT_EINVAL,
         "t.yaml:6:33: error: 'dist' must be 'fixed', 'uniform', "
         "'exponential', 'lognormal' or 'empirical', got 'Fixed'"},
        {HEAD "instance: {provisioning: {dist: empirical}}\n", TT_EINVAL,
         "t.yaml:6:26: error: 'instance.provisioning' of kind empirical "
         "needs 'samples' or 'file'"},
        /* constant, exponential */
        {HEAD "instance: {service_time: {dist: constant}}\n", TT_EINVAL,
         "t.yaml:6:26: error: missing required key 'value' in "
         "'instance.service_time'"},
        {HEAD "instance: {service_time: {dist: constant, value: 0}}\n",
         TT_ERANGE, "t.yaml:6:50: error: 'value' must be > 0, got 0"},
        {HEAD "instance: {service_time: {dist: exponential, mean: -5ms}}\n",
         TT_ERANGE,
         "t.yaml:6:52: error: duration must not be negative, got '-5ms'"},
        {HEAD "instance: {service_time: {dist: exponential, mean: 0s}}\n",
         TT_ERANGE, "t.yaml:6:52: error: 'mean' must be > 0, got 0s"},
        {HEAD "instance: {service_time: {dist: exponential, mean: fast}}\n",
         TT_EINVAL,
         "t.yaml:6:52: error: invalid duration 'fast' (expected a number "
         "with an optional unit: 90, 90s, 5m, 2h, 1d)"},
        /* lognormal */
        {HEAD "instance: {service_time: {dist: lognormal, median: 120ms, "
              "p99: 100ms}}\n",
         TT_EINVAL,
         "t.yaml:6:64: error: 'p99' must be > 'median', got 100ms <= 120ms"},
        {HEAD "instance: {service_time: {dist: lognormal, median: 120ms, "
              "p99: 0.12s}}\n",
         TT_EINVAL,
         "t.yaml:6:64: error: 'p99' must be > 'median', got 0.12s <= 120ms"},
        {HEAD "instance: {service_time: {dist: lognormal, median: 0, p99: "
              "1s}}\n",
         TT_ERANGE, "t.yaml:6:52: error: 'median' must be > 0, got 0"},
        {HEAD "instance: {service_time: {dist: lognormal, median: 1s}}\n",
         TT_EINVAL,
         "t.yaml:6:26: error: missing required key 'p99' in "
         "'instance.service_time'"},
        /* p99 at most 1e6 x median (1000 s on 1 ms is the limit) */
        {HEAD "instance: {service_time: {dist: lognormal, median: 1ms, p99: "
              "1000.001s}}\n",
         TT_ERANGE,
         "t.yaml:6:62: error: 'p99' is too large, got 1000.001s (at most 1e6 "
         "x 'median', 1ms)"},
        {HEAD "instance: {service_time: {dist: lognormal, median: 1us, p99: "
              "36525d}}\n",
         TT_ERANGE,
         "t.yaml:6:62: error: 'p99' is too large, got 36525d (at most 1e6 x "
         "'median', 1us)"},
        {HEAD "instance: {service_time: {dist: lognormal, median: 1ms, p99: "
              "36526d}}\n",
         TT_ERANGE,
         "t.yaml:6:62: error: 'p99' is too large, got 36526d (at most "
         "36525d)"},
        /* every duration of a service time within 36525 days */
        {HEAD "instance: {service_time: 36526d}\n", TT_ERANGE,
         "t.yaml:6:26: error: 'service_time' is too large, got 36526d (at "
         "most 36525d)"},
        {HEAD "instance: {service_time: {dist: exponential, mean: 36526d}}\n",
         TT_ERANGE,
         "t.yaml:6:52: error: 'mean' is too large, got 36526d (at most "
         "36525d)"},
        {HEAD "instance: {service_time: {dist: empirical, samples: [1s, "
              "36526d]}}\n",
         TT_ERANGE,
         "t.yaml:6:58: error: 'samples' is too large, got 36526d (at most "
         "36525d)"},
        {HEAD "instance: {service_time: {dist: linear, attribute: a, "
              "per_unit: 36526d}}\n",
         TT_ERANGE,
         "t.yaml:6:65: error: 'per_unit' is too large, got 36526d (at most "
         "36525d)"},
        /* empirical */
        {HEAD "instance: {service_time: {dist: empirical}}\n", TT_EINVAL,
         "t.yaml:6:26: error: 'instance.service_time' of kind empirical "
         "needs 'samples' or 'file'"},
        {HEAD "instance: {service_time: {dist: empirical, samples: [1s], "
              "file: s.txt}}\n",
         TT_EINVAL,
         "t.yaml:6:59: error: 'instance.service_time' takes either 'samples' "
         "or 'file', not both"},
        {HEAD "instance: {service_time: {dist: empirical, samples: []}}\n",
         TT_EINVAL, "t.yaml:6:53: error: 'samples' must not be empty"},
        {HEAD "instance: {service_time: {dist: empirical, samples: 1s}}\n",
         TT_EINVAL,
         "t.yaml:6:53: error: expected a sequence for 'samples', got '1s'"},
        {HEAD "instance: {service_time: {dist: empirical, samples: [10ms, "
              "-1ms]}}\n",
         TT_ERANGE,
         "t.yaml:6:60: error: duration must not be negative, got '-1ms'"},
        {HEAD "instance: {service_time: {dist: empirical, samples: [0, "
              "0ms]}}\n",
         TT_EINVAL,
         "t.yaml:6:53: error: the samples of 'instance.service_time' must "
         "not all be 0"},
        {HEAD "instance: {service_time: {dist: empirical, file: ''}}\n",
         TT_EINVAL, "t.yaml:6:50: error: 'file' must not be empty"},
        /* linear */
        {HEAD "instance: {service_time: {dist: linear, base: 10ms, per_unit: "
              "30ms}}\n",
         TT_EINVAL,
         "t.yaml:6:26: error: missing required key 'attribute' in "
         "'instance.service_time'"},
        {HEAD "instance: {service_time: {dist: linear, attribute: tokens}}\n",
         TT_EINVAL,
         "t.yaml:6:26: error: missing required key 'per_unit' in "
         "'instance.service_time'"},
        {HEAD "instance: {service_time: {dist: linear, attribute: [a], "
              "per_unit: 1ms}}\n",
         TT_EINVAL,
         "t.yaml:6:52: error: expected a string for 'attribute', got a "
         "sequence"},
        {HEAD "instance: {service_time: {dist: linear, attribute: a, "
              "per_unit: -1ms}}\n",
         TT_ERANGE,
         "t.yaml:6:65: error: duration must not be negative, got '-1ms'"},
        {CAP CONC WL SIM "instance: {service_time: {dist: linear, attribute: "
                         "GeneratedTokens, per_unit: 30ms}}\n",
         TT_EINVAL,
         "t.yaml:6:26: error: 'instance.service_time' of kind linear needs "
         "request mode"},
        /* request-mode settings */
        {HEAD "instance: {concurrency: 0}\n", TT_ERANGE,
         "t.yaml:6:25: error: 'concurrency' must be between 1 and 10000, got "
         "0"},
        {HEAD "instance: {concurrency: 10001}\n", TT_ERANGE,
         "t.yaml:6:25: error: 'concurrency' must be between 1 and 10000, got "
         "10001"},
        {HEAD "instance: {concurrency: 1.5}\n", TT_EINVAL,
         "t.yaml:6:25: error: expected an integer for 'concurrency', got "
         "1.5"},
        {HEAD "instance: {max_queue: -1}\n", TT_ERANGE,
         "t.yaml:6:23: error: 'max_queue' must be between 0 and 1000000000, "
         "got -1"},
        {HEAD "instance: {vcpus: 0}\n", TT_ERANGE,
         "t.yaml:6:19: error: 'vcpus' must be between 1 and 1024, got 0"},
        {HEAD "instance: {vcpus: 2048}\n", TT_ERANGE,
         "t.yaml:6:19: error: 'vcpus' must be between 1 and 1024, got 2048"},
        {HEAD "instance: {routing: round_robin}\n", TT_EINVAL,
         "t.yaml:6:21: error: 'routing' must be 'random' or "
         "'least_outstanding_requests', got 'round_robin'"},
        {HEAD "instance: {workers: 4}\n", TT_EINVAL,
         "t.yaml:6:12: error: unknown key 'workers' in 'instance' (expected "
         "one of: provisioning, deprovisioning, price_per_hour, "
         "service_time, concurrency, max_queue, vcpus, routing)"},
        /* slo */
        {HEAD "slo: {latency: 0}\n", TT_ERANGE,
         "t.yaml:6:16: error: 'latency' must be > 0, got 0"},
        {HEAD "slo: {}\n", TT_EINVAL,
         "t.yaml:6:6: error: missing required key 'latency' in 'slo'"},
        {HEAD "slo: {latency: 1s, p99: 1s}\n", TT_EINVAL,
         "t.yaml:6:20: error: unknown key 'p99' in 'slo' (expected one of: "
         "latency)"},
        {HEAD "slo: 500ms\n", TT_EINVAL,
         "t.yaml:6:6: error: expected a map for 'slo', got '500ms'"},
};

START_TEST(scenario_errors)
{
	const struct error_case *c = &error_cases[_i];
	tt_scenario s;
	tt_diag d;
	char buf[700];
	tt_code rc = load(c->yaml, NULL, &s, &d);
	tu_diag_str(&d, buf, sizeof buf);
	ck_assert_msg(rc == c->code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), buf);
	ck_assert_str_eq(buf, c->msg);
	/* Nothing leaks and nothing is left half-built. */
	ck_assert_ptr_null(s.service.samples_us);
	ck_assert_ptr_null(s.service.attribute);
}
END_TEST

#define LOOP(tc, fn, table)                                                    \
	tcase_add_loop_test(tc, fn, 0, sizeof(table) / sizeof((table)[0]))

static Suite *service_suite(void)
{
	Suite *s = suite_create("service");
	TCase *tc;

	tc = tcase_create("distributions");
	tcase_set_timeout(tc, 60);
	LOOP(tc, distributions, dist_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("determinism");
	LOOP(tc, determinism, dist_cases);
	tcase_add_test(tc, service_stream);
	tcase_add_test(tc, uniform_stream);
	tcase_add_test(tc, vocabulary);
	suite_add_tcase(s, tc);

	tc = tcase_create("rounding");
	tcase_add_test(tc, rounding);
	suite_add_tcase(s, tc);

	tc = tcase_create("mean");
	tcase_add_test(tc, mean);
	suite_add_tcase(s, tc);

	tc = tcase_create("linear");
	LOOP(tc, linear, linear_cases);
	tcase_add_test(tc, linear_rounding);
	suite_add_tcase(s, tc);

	tc = tcase_create("cut");
	LOOP(tc, cut_draws, cut_cases);
	tcase_add_test(tc, cut_empirical);
	suite_add_tcase(s, tc);

	tc = tcase_create("attribute_errors");
	LOOP(tc, attribute_errors, attr_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("spec_release");
	tcase_add_test(tc, spec_release);
	suite_add_tcase(s, tc);

	tc = tcase_create("forms");
	LOOP(tc, forms, form_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("fluid_mean");
	tcase_add_test(tc, fluid_mean);
	suite_add_tcase(s, tc);

	tc = tcase_create("request_settings");
	tcase_add_test(tc, request_settings);
	suite_add_tcase(s, tc);

	tc = tcase_create("empirical_file");
	LOOP(tc, empirical_file, file_cases);
	tcase_add_test(tc, delay_samples);
	suite_add_tcase(s, tc);

	tc = tcase_create("empirical_file_errors");
	LOOP(tc, empirical_file_errors, file_error_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("scenario_errors");
	LOOP(tc, scenario_errors, error_cases);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run_suite(service_suite());
}
