/*
 * test_workload.c - synthetic shapes and counts-per-period traces.
 *
 * Integrals are checked against values worked out by hand (in the
 * comments); counts against carried rounding done by hand.  Trace cases
 * are tables of CSV text, written to a scratch file in the build
 * directory, with the counts or the exact message they must produce.  The
 * World Cup 98 slice in tests/data checks a real trace end to end.
 */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "ttsim/rng.h"
#include "ttsim/workload.h"

#define S TT_US_PER_S
#define MIN TT_US_PER_MIN
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

/* --- helpers -------------------------------------------------------- */

static tt_workload *open_ok(const tt_workload_spec *spec, uint64_t seed,
                            tt_time_us period_us)
{
	tt_workload *w = NULL;
	tt_diag d;
	tt_diag_clear(&d);
	tt_code rc = tt_workload_open(spec, seed, period_us, &w, &d);
	char buf[1024];
	ck_assert_msg(rc == TT_OK, "open: %s",
	              tu_diag_str(&d, buf, sizeof buf));
	return w;
}

static uint64_t next_ok(tt_workload *w, bool *ended)
{
	uint64_t count = 12345;
	bool e = true;
	tt_diag d;
	tt_diag_clear(&d);
	tt_code rc = tt_workload_next(w, &count, &e, &d);
	char buf[1024];
	ck_assert_msg(rc == TT_OK, "next: %s",
	              tu_diag_str(&d, buf, sizeof buf));
	if (ended)
		*ended = e;
	else
		ck_assert(!e);
	return count;
}

/* A scratch file in the build directory holding `len` bytes of `text`. */
static const char *write_scratch(char *path, size_t size, const char *text,
                                 size_t len)
{
	const char *dir = getenv("TTSIM_BUILD_DIR");
	snprintf(path, size, "%s/test_workload-%ld.csv", dir ? dir : ".",
	         (long)getpid());
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static tt_workload_spec trace_spec(const char *path, double scale,
                                   tt_time_us trace_period_us)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_TRACE;
	spec.loc = (tt_loc){"scenario.yaml", 3, 5};
	spec.trace.path = (char *)path;
	spec.trace.name = "trace.csv";
	spec.trace.scale = scale;
	spec.trace.period_us = trace_period_us;
	return spec;
}

#define MAX_PERIODS 4096

/*
 * Open `text` as a trace and read periods until it ends (or fails, or
 * MAX_PERIODS).  Counts go to counts[], their number to *n.  Returns the
 * code of the first failure, its formatted message in msg.
 */
static tt_code run_trace_len(const char *text, size_t len, double scale,
                             tt_time_us trace_period_us, tt_time_us period_us,
                             uint64_t *counts, int *n, char *msg,
                             size_t msg_size)
{
	char path[4096];
	write_scratch(path, sizeof path, text, len);
	tt_workload_spec spec = trace_spec(path, scale, trace_period_us);
	tt_workload *w = NULL;
	tt_diag d;
	tt_diag_clear(&d);
	*n = 0;
	msg[0] = '\0';
	tt_code rc = tt_workload_open(&spec, 1, period_us, &w, &d);
	while (!rc && *n < MAX_PERIODS) {
		uint64_t c;
		bool ended;
		rc = tt_workload_next(w, &c, &ended, &d);
		if (rc || ended)
			break;
		counts[(*n)++] = c;
	}
	if (rc) {
		tu_diag_str(&d, msg, msg_size);
		/* A failed stream keeps failing with the same message. */
		if (w) {
			uint64_t c;
			bool ended;
			tt_diag d2;
			ck_assert_int_eq(tt_workload_next(w, &c, &ended, &d2),
			                 rc);
			ck_assert_str_eq(d2.msg, d.msg);
		}
	}
	tt_workload_close(w);
	unlink(path);
	return rc;
}

static tt_code run_trace(const char *text, double scale,
                         tt_time_us trace_period_us, tt_time_us period_us,
                         uint64_t *counts, int *n, char *msg, size_t msg_size)
{
	return run_trace_len(text, strlen(text), scale, trace_period_us,
	                     period_us, counts, n, msg, msg_size);
}

/* Compare counts with a list terminated by -1. */
static void expect_counts(const uint64_t *got, int n, const int *want)
{
	int m = 0;
	while (want[m] >= 0)
		m++;
	for (int i = 0; i < n && i < m; i++)
		ck_assert_msg(got[i] == (uint64_t)want[i],
		              "period %d: got %llu, want %d", i,
		              (unsigned long long)got[i], want[i]);
	ck_assert_int_eq(n, m);
}

/* --- integrals ------------------------------------------------------ */

static const tt_step steps3[] = {
        {10 * MIN, 120},
        {20 * MIN, 0},
        {40 * MIN, 30},
};

static tt_synthetic_spec constant(double rate)
{
	tt_synthetic_spec s;
	memset(&s, 0, sizeof s);
	s.shape = TT_SHAPE_CONSTANT;
	s.rate_per_min = rate;
	return s;
}

static tt_synthetic_spec step(void)
{
	tt_synthetic_spec s;
	memset(&s, 0, sizeof s);
	s.shape = TT_SHAPE_STEP;
	s.rate_per_min = 60;
	s.steps = (tt_step *)steps3;
	s.n_steps = 3;
	return s;
}

static tt_synthetic_spec ramp(void)
{
	tt_synthetic_spec s;
	memset(&s, 0, sizeof s);
	s.shape = TT_SHAPE_RAMP;
	s.from_per_min = 60;
	s.to_per_min = 120;
	s.start_us = 10 * MIN;
	s.end_us = 20 * MIN;
	return s;
}

static tt_synthetic_spec diurnal(tt_time_us period, tt_time_us peak_at)
{
	tt_synthetic_spec s;
	memset(&s, 0, sizeof s);
	s.shape = TT_SHAPE_DIURNAL;
	s.base_per_min = 0;
	s.peak_per_min = 100;
	s.period_us = period;
	s.peak_at_us = peak_at;
	return s;
}

static const struct {
	int shape; /* 0 constant 120, 1 step, 2 ramp, 3 diurnal day, 4 hour */
	tt_time_us start, end;
	double want;
} integral_cases[] = {
        /* constant 120/min: 2 per second */
        {0, 0, 30 * S, 60},
        {0, 0, HOUR, 7200},
        {0, 7 * S, 7 * S + 250000, 0.5},
        {0, 5 * S, 5 * S, 0},
        /* step: 60 until 10 min, 120 until 20, 0 until 40, then 30 */
        {1, 0, 30 * MIN, 600 + 1200},
        {1, 5 * MIN, 15 * MIN, 300 + 600},
        {1, 25 * MIN, 35 * MIN, 0},
        {1, 30 * MIN, 50 * MIN, 300},
        {1, 10 * MIN, 10 * MIN + 30 * S, 60},
        /* ramp 60 -> 120 over [10, 20) min: flat, mean 90 on the slope */
        {2, 0, 10 * MIN, 600},
        {2, 10 * MIN, 20 * MIN, 900},
        {2, 10 * MIN, 15 * MIN, 375}, /* mean of 60 and 90, 5 min */
        {2, 15 * MIN, 25 * MIN, 525 + 600},
        {2, 20 * MIN, 30 * MIN, 1200},
        /* diurnal 0..100/min, day period, crest at noon: mean 50 */
        {3, 0, DAY, 72000},
        {3, 0, 12 * HOUR, 36000},
        {3, 12 * HOUR, DAY, 36000},
        /* first quarter: 50 * 360 - 50 * 1440 / (2 pi) */
        {3, 0, 6 * HOUR, 6540.844097383535},
        {3, 6 * HOUR, 12 * HOUR, 29459.155902616465},
        {3, 1000 * DAY, 1001 * DAY, 72000},
        {3, 1000 * DAY, 1000 * DAY + 6 * HOUR, 6540.844097383535},
        /* hourly, crest at 0: 50 * 15 + 50 * 60 / (2 pi) */
        {4, 0, 15 * MIN, 1227.464829275686},
        {4, -15 * MIN, 0, 1227.464829275686},
        {4, 0, 5 * HOUR, 15000},
};

START_TEST(shape_integrals)
{
	tt_synthetic_spec s;
	switch (integral_cases[_i].shape) {
	case 0:
		s = constant(120);
		break;
	case 1:
		s = step();
		break;
	case 2:
		s = ramp();
		break;
	case 3:
		s = diurnal(DAY, 12 * HOUR);
		break;
	default:
		s = diurnal(HOUR, 0);
		break;
	}
	double got = tt_synthetic_expected(&s, integral_cases[_i].start,
	                                   integral_cases[_i].end);
	double want = integral_cases[_i].want;
	ck_assert_msg(fabs(got - want) <= 1e-9 * (1 + want),
	              "case %d: got %.12g, want %.12g", _i, got, want);
}
END_TEST

/* The diurnal rate is the trough at peak_at - period/2 and the crest at
 * peak_at: one minute around each is worth about the rate. */
START_TEST(diurnal_crest_and_trough)
{
	tt_synthetic_spec s = diurnal(DAY, 15 * HOUR);
	s.base_per_min = 10;
	double crest = tt_synthetic_expected(&s, 15 * HOUR - 30 * S,
	                                     15 * HOUR + 30 * S);
	double trough =
	        tt_synthetic_expected(&s, 3 * HOUR - 30 * S, 3 * HOUR + 30 * S);
	ck_assert_double_eq_tol(crest, 100, 1e-3);
	ck_assert_double_eq_tol(trough, 10, 1e-3);
}
END_TEST

/* --- carried rounding ----------------------------------------------- */

/* 1/min in 10 s periods: E = k/6, rounded half away from zero. */
START_TEST(carried_rounding_sixths)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_SYNTHETIC;
	spec.synthetic = constant(1);
	tt_workload *w = open_ok(&spec, 1, 10 * S);
	static const int want[12] = {0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0};
	for (int i = 0; i < 12; i++)
		ck_assert_uint_eq(next_ok(w, NULL), (uint64_t)want[i]);
	uint64_t total = 2;
	for (int i = 12; i < 360; i++)
		total += next_ok(w, NULL);
	ck_assert_uint_eq(total, 60);
	tt_workload_close(w);
}
END_TEST

static const struct {
	double rate;
	tt_time_us period;
	int periods;
	uint64_t lo, hi; /* every count in [lo, hi] */
} carry_cases[] = {
        {7, MIN, 100, 7, 7},
        {100.25, MIN, 1000, 100, 101},
        {0.3, 10 * S, 6000, 0, 1},
        {3, 250000, 10000, 0, 1},
        {1e6, MIN, 50, 1000000, 1000000},
        {0, MIN, 10, 0, 0},
};

/* The running total stays within half an invocation of the exact one. */
START_TEST(carried_rounding_totals)
{
	double rate = carry_cases[_i].rate;
	tt_time_us p = carry_cases[_i].period;
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_SYNTHETIC;
	spec.synthetic = constant(rate);
	tt_workload *w = open_ok(&spec, 1, p);
	uint64_t total = 0;
	for (int i = 0; i < carry_cases[_i].periods; i++) {
		uint64_t c = next_ok(w, NULL);
		ck_assert_uint_ge(c, carry_cases[_i].lo);
		ck_assert_uint_le(c, carry_cases[_i].hi);
		total += c;
		double exact = rate * (double)((i + 1) * p) / (double)MIN;
		ck_assert_double_le(fabs((double)total - exact), 0.5);
	}
	tt_workload_close(w);
}
END_TEST

/* A day of each non-constant shape sums to its rounded integral. */
START_TEST(carried_rounding_shapes)
{
	tt_synthetic_spec shapes[3] = {step(), ramp(), diurnal(DAY, 0)};
	shapes[2].base_per_min = 3.3;
	for (int k = 0; k < 3; k++) {
		tt_workload_spec spec;
		memset(&spec, 0, sizeof spec);
		spec.kind = TT_WORKLOAD_SYNTHETIC;
		spec.synthetic = shapes[k];
		tt_workload *w = open_ok(&spec, 1, 7 * S);
		uint64_t total = 0;
		int n = (int)(DAY / (7 * S));
		for (int i = 0; i < n; i++)
			total += next_ok(w, NULL);
		double exact = tt_synthetic_expected(&shapes[k], 0, n * 7 * S);
		ck_assert_uint_eq(total, (uint64_t)llround(exact));
		ck_assert_int_eq(tt_workload_wallclock(w, &(int64_t){0}), 0);
		tt_workload_close(w);
	}
}
END_TEST

/* --- poisson noise -------------------------------------------------- */

static tt_workload_spec noisy(double rate)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_SYNTHETIC;
	spec.synthetic = constant(rate);
	spec.synthetic.poisson = true;
	return spec;
}

/* The same seed gives the same counts: Poisson draws from the workload
 * stream of that seed, one per period, with the period's expectation. */
START_TEST(poisson_determinism)
{
	tt_workload_spec spec = noisy(90);
	tt_workload *a = open_ok(&spec, 77, 20 * S);
	tt_workload *b = open_ok(&spec, 77, 20 * S);
	tt_workload *c = open_ok(&spec, 78, 20 * S);
	tt_rng r;
	tt_rng_seed(&r, 77, TT_RNG_WORKLOAD);
	int differ = 0;
	for (int i = 0; i < 500; i++) {
		uint64_t x = next_ok(a, NULL);
		ck_assert_uint_eq(x, next_ok(b, NULL));
		ck_assert_uint_eq(x, tt_rng_poisson(&r, 30));
		differ += x != next_ok(c, NULL);
	}
	ck_assert_int_gt(differ, 100);
	tt_workload_close(a);
	tt_workload_close(b);
	tt_workload_close(c);
}
END_TEST

START_TEST(poisson_mean)
{
	tt_workload_spec spec = noisy(600);
	tt_workload *w = open_ok(&spec, 5, MIN);
	double total = 0;
	for (int i = 0; i < 2000; i++)
		total += (double)next_ok(w, NULL);
	/* 1.2e6 expected, sd about 1095 */
	ck_assert_double_lt(fabs(total - 1.2e6), 5 * 1095);
	tt_workload_close(w);
}
END_TEST

/* Synthetic shapes never end. */
START_TEST(synthetic_never_ends)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_SYNTHETIC;
	spec.synthetic = constant(0);
	tt_workload *w = open_ok(&spec, 1, HOUR);
	for (int i = 0; i < 24 * 400; i++) {
		bool ended = true;
		ck_assert_uint_eq(next_ok(w, &ended), 0);
		ck_assert(!ended);
	}
	tt_workload_close(w);
}
END_TEST

static const struct {
	tt_synthetic_spec (*make)(void);
	int field; /* what to break */
	const char *msg;
} bad_synthetic_cases[] = {
        {step, 0, "scenario.yaml:3:5: error: 'rate' must be >= 0, got -1"},
        {step, 1,
         "scenario.yaml:3:5: error: steps must be in increasing order of "
         "'at'"},
        {ramp, 2, "scenario.yaml:3:5: error: 'end' must be after 'start'"},
        {ramp, 3, "scenario.yaml:3:5: error: 'from' and 'to' must be >= 0"},
};

static tt_step bad_steps[] = {{10 * MIN, 1}, {10 * MIN, 2}};

START_TEST(bad_synthetic)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_SYNTHETIC;
	spec.loc = (tt_loc){"scenario.yaml", 3, 5};
	spec.synthetic = bad_synthetic_cases[_i].make();
	switch (bad_synthetic_cases[_i].field) {
	case 0:
		spec.synthetic.rate_per_min = -1;
		break;
	case 1:
		spec.synthetic.steps = bad_steps;
		spec.synthetic.n_steps = 2;
		break;
	case 2:
		spec.synthetic.end_us = spec.synthetic.start_us;
		break;
	default:
		spec.synthetic.to_per_min = NAN;
		break;
	}
	tt_workload *w = NULL;
	tt_diag d;
	char buf[1024];
	ck_assert_int_eq(tt_workload_open(&spec, 1, MIN, &w, &d), TT_EINVAL);
	ck_assert_ptr_null(w);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 bad_synthetic_cases[_i].msg);
}
END_TEST

START_TEST(spec_release)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	tt_workload_spec_release(&spec); /* zeroed: fine */
	spec.synthetic.steps = malloc(2 * sizeof *spec.synthetic.steps);
	spec.synthetic.n_steps = 2;
	spec.trace.path = strdup("x.csv");
	tt_workload_spec_release(&spec);
	ck_assert_ptr_null(spec.synthetic.steps);
	ck_assert_ptr_null(spec.trace.path);
	tt_workload_spec_release(NULL);
	tt_workload_close(NULL);
}
END_TEST

/* --- traces --------------------------------------------------------- */

static const struct {
	const char *text;
	double scale;
	tt_time_us trace_period, period;
	int want[32]; /* -1 terminated */
} trace_cases[] = {
        /* header or not, seconds or calendar: the same counts */
        {"time,count\n0,10\n60,20\n120,30\n", 1, 0, MIN, {10, 20, 30, -1}},
        {"0,10\n60,20\n120,30\n", 1, 0, MIN, {10, 20, 30, -1}},
        {"period,count\n2020-01-01 00:00,10\n2020-01-01 00:01,20\n"
         "2020-01-01 00:02,30\n",
         1,
         0,
         MIN,
         {10, 20, 30, -1}},
        {"2020-01-01 00:00:00,10\n2020-01-01 00:01:00,20\n"
         "2020-01-01 00:02:00,30\n",
         1,
         0,
         MIN,
         {10, 20, 30, -1}},
        {"t,n\n2020-01-01T00:00:00Z,10\n2020-01-01T00:01:00.000Z,20\n"
         "2020-01-01T00:02:00.0000001,30\n",
         1,
         0,
         MIN,
         {10, 20, 30, -1}},
        /* across midnight, month and leap day */
        {"2020-02-29 23:59,1\n2020-03-01 00:00,2\n", 1, 0, MIN, {1, 2, -1}},
        /* blanks, quotes, spaces, CRLF, no final newline */
        {"\"time\",\"count\"\r\n0,1\r\n\r\n 60 , 2 \r\n\"120\",\"3\"",
         1,
         0,
         MIN,
         {1, 2, 3, -1}},
        {"0,1\n60,2\n\n\n", 1, 0, MIN, {1, 2, -1}},
        /* a gap is zero traffic */
        {"0,5\n60,6\n240,7\n", 1, 0, MIN, {5, 6, 0, 0, 7, -1}},
        /* 60 s rows in 10 s periods: 60 -> 10 each, 7 -> 7k/6 rounded */
        {"0,60\n60,7\n120,0\n",
         1,
         0,
         10 * S,
         {10, 10, 10, 10, 10, 10, 1, 1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, -1}},
        /* 10 s rows in 60 s periods: sums of six */
        {"0,1\n10,2\n20,3\n30,4\n40,5\n50,6\n60,7\n70,8\n80,9\n90,10\n"
         "100,11\n110,12\n",
         1,
         0,
         MIN,
         {21, 57, -1}},
        /* ends with the first period starting at or after the last row's
         * end: 120 s periods over three 60 s rows */
        {"0,1\n60,2\n120,4\n", 1, 0, 2 * MIN, {3, 4, -1}},
        /* 45 s periods over 60 s rows: E = 0.75, 1.5(+), 2.25, 3 */
        {"0,1\n60,1\n120,1\n", 1, 0, 45 * S, {1, 1, 0, 1, -1}},
        /* rows off the grid cover [t, t + period) */
        {"0,60\n90,60\n", 1, MIN, MIN, {60, 30, 30, -1}},
        /* a given period overrides the gap */
        {"0,10\n60,20\n", 1, 30 * S, 30 * S, {10, 0, 20, -1}},
        {"0,10\n", 1, MIN, MIN, {10, -1}},
        /* decimals and scale */
        {"0,1.5\n60,1.5\n120,0.25\n", 1, 0, MIN, {2, 1, 0, -1}},
        {"0,10\n60,10\n120,10\n", 0.05, 0, MIN, {1, 0, 1, -1}},
        {"0,10\n60,10\n", 0, 0, MIN, {0, 0, -1}},
        /* fractional seconds and negative seconds */
        {"-0.5,1\n0.5,2\n", 1, 0, S, {1, 2, -1}},
};

START_TEST(trace_counts)
{
	uint64_t counts[MAX_PERIODS];
	int n;
	char msg[1024];
	tt_code rc =
	        run_trace(trace_cases[_i].text, trace_cases[_i].scale,
	                  trace_cases[_i].trace_period, trace_cases[_i].period,
	                  counts, &n, msg, sizeof msg);
	ck_assert_msg(rc == TT_OK, "case %d: %s", _i, msg);
	expect_counts(counts, n, trace_cases[_i].want);
}
END_TEST

/* Once ended, a trace stays ended with zero counts. */
START_TEST(trace_stays_ended)
{
	char path[4096];
	write_scratch(path, sizeof path, "0,3\n60,4\n", 9);
	tt_workload_spec spec = trace_spec(path, 1, 0);
	tt_workload *w = open_ok(&spec, 1, MIN);
	bool ended;
	ck_assert_uint_eq(next_ok(w, &ended), 3);
	ck_assert(!ended);
	ck_assert_uint_eq(next_ok(w, &ended), 4);
	ck_assert(!ended);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(next_ok(w, &ended), 0);
		ck_assert(ended);
	}
	int64_t origin = 7;
	ck_assert(!tt_workload_wallclock(w, &origin));
	ck_assert_int_eq(origin, 7);
	tt_workload_close(w);
	unlink(path);
}
END_TEST

static const struct {
	const char *text;
	int64_t origin;
} wallclock_cases[] = {
        {"2020-01-01 00:00,1\n2020-01-01 00:01,1\n", 1577836800},
        {"1970-01-01T00:00:00Z,1\n1970-01-01T00:01:00Z,1\n", 0},
        {"1969-12-31 23:59:59.5,1\n1970-01-01 00:00:59.5,1\n", -1},
        {"2000-02-29 12:00:00,1\n2000-02-29 12:01:00,1\n", 951825600},
        {"2100-03-01 00:00,1\n2100-03-01 00:01,1\n", 4107542400},
};

START_TEST(trace_wallclock)
{
	char path[4096];
	write_scratch(path, sizeof path, wallclock_cases[_i].text,
	              strlen(wallclock_cases[_i].text));
	tt_workload_spec spec = trace_spec(path, 1, 0);
	tt_workload *w = open_ok(&spec, 1, MIN);
	int64_t origin = 0;
	ck_assert(tt_workload_wallclock(w, &origin));
	ck_assert_int_eq(origin, wallclock_cases[_i].origin);
	tt_workload_close(w);
	unlink(path);
}
END_TEST

/* The World Cup 98 slice: 200 minutes from 1998-04-30 21:30 UTC. */
START_TEST(wc98_slice)
{
	char path[4096];
	tu_src_path(path, sizeof path, "tests/data/wc98-slice.csv");
	tt_workload_spec spec = trace_spec(path, 1, 0);
	tt_workload *w = open_ok(&spec, 1, MIN);
	int64_t origin = 0;
	ck_assert(tt_workload_wallclock(w, &origin));
	ck_assert_int_eq(origin, 893971800);
	static const int first[4] = {2, 11, 16, 7};
	uint64_t total = 0;
	bool ended = false;
	int n = 0;
	for (;;) {
		uint64_t c = next_ok(w, &ended);
		if (ended)
			break;
		if (n < 4)
			ck_assert_uint_eq(c, (uint64_t)first[n]);
		if (n == 199)
			ck_assert_uint_eq(c, 507);
		total += c;
		n++;
	}
	ck_assert_int_eq(n, 200);
	ck_assert_uint_eq(total, 131711);
	tt_workload_close(w);
}
END_TEST

/* Scaled by 0.05: 131711 * 0.05 = 6585.55, so 6586 in all, and in 10 s
 * periods (resampled) the same total. */
START_TEST(wc98_slice_scaled)
{
	tt_time_us periods[2] = {MIN, 10 * S};
	for (int k = 0; k < 2; k++) {
		char path[4096];
		tu_src_path(path, sizeof path, "tests/data/wc98-slice.csv");
		tt_workload_spec spec = trace_spec(path, 0.05, 0);
		tt_workload *w = open_ok(&spec, 1, periods[k]);
		uint64_t total = 0;
		bool ended = false;
		int n = 0;
		for (;;) {
			uint64_t c = next_ok(w, &ended);
			if (ended)
				break;
			total += c;
			n++;
		}
		ck_assert_int_eq(n, k == 0 ? 200 : 1200);
		ck_assert_uint_eq(total, 6586);
		tt_workload_close(w);
	}
}
END_TEST

static const struct {
	const char *text;
	tt_time_us trace_period;
	tt_code code;
	const char *msg;
} trace_error_cases[] = {
        {"time,count\n0,abc\n", 0, TT_ESYNTAX,
         "trace.csv:2:3: error: expected a number for 'count', got 'abc'"},
        {"period,count\n2020-01-01 00:00,1\n2020-01-01 00:01,1\n"
         "2020-01-01 00:02,1\n2020-01-01 00:03,1\n2020-01-01 00:04,1\n"
         "2020-01-01 00:05,1\n2020-01-01 00:06,1\n2020-01-01 00:07,1\n"
         "2020-01-01 00:08,1\n2020-01-01 00:09,1\n2020-01-01 00:10,abc\n",
         0, TT_ESYNTAX,
         "trace.csv:12:18: error: expected a number for 'count', got 'abc'"},
        {"0,1\n60,\n", 0, TT_ESYNTAX,
         "trace.csv:2:4: error: expected a number for 'count', got ''"},
        {"0,1\n60,1e3\n", 0, TT_ESYNTAX,
         "trace.csv:2:4: error: expected a number for 'count', got '1e3'"},
        /* a first row without a numeric count is a header */
        {"0,1e3\n", 0, TT_EINVAL,
         "trace.csv: error: trace has a header but no rows"},
        {"1998-13-01 00:00:00,5\n", 0, TT_ESYNTAX,
         "trace.csv:1:1: error: invalid timestamp '1998-13-01 00:00:00' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"t,c\n2019-02-29 00:00,5\n", 0, TT_ESYNTAX,
         "trace.csv:2:1: error: invalid timestamp '2019-02-29 00:00' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"2020-01-01 24:00,5\n", 0, TT_ESYNTAX,
         "trace.csv:1:1: error: invalid timestamp '2020-01-01 24:00' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"2020-01-01T00:00:00+02:00,5\n", 0, TT_ESYNTAX,
         "trace.csv:1:1: error: invalid timestamp '2020-01-01T00:00:00+02:00' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"0,1\n 1e2,1\n", 0, TT_ESYNTAX,
         "trace.csv:2:2: error: invalid timestamp '1e2' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"2020-01-01 00:00,1\n60,1\n", 0, TT_ESYNTAX,
         "trace.csv:2:1: error: expected a calendar timestamp like the first "
         "row's, got '60'"},
        {"0,1\n2020-01-01 00:00,1\n", 0, TT_ESYNTAX,
         "trace.csv:2:1: error: expected a time in seconds like the first "
         "row's, got '2020-01-01 00:00'"},
        {"0,1,2\n", 0, TT_ESYNTAX,
         "trace.csv:1:5: error: expected 2 columns, got 3"},
        {"time,count,extra\n", 0, TT_ESYNTAX,
         "trace.csv:1:12: error: expected 2 columns, got 3"},
        {"0,1\n60\n", 0, TT_ESYNTAX,
         "trace.csv:2:3: error: expected 2 columns, got 1"},
        {"0,1\n60,1,,\n", 0, TT_ESYNTAX,
         "trace.csv:2:6: error: expected 2 columns, got 4"},
        {"60,1\n0,2\n", 0, TT_EINVAL,
         "trace.csv:2:1: error: timestamps must increase: row time '0' is "
         "not after '60'"},
        {"0,1\n60,2\n60,3\n", 0, TT_EINVAL,
         "trace.csv:3:1: error: timestamps must increase: row time '60' is "
         "not after '60'"},
        {"2020-01-01 00:01,1\n2020-01-01 00:00:30,2\n", 0, TT_EINVAL,
         "trace.csv:2:1: error: timestamps must increase: row time "
         "'2020-01-01 00:00:30' is not after '2020-01-01 00:01'"},
        {"0,1\n60,2\n90,3\n", 0, TT_EINVAL,
         "trace.csv:3:1: error: rows overlap: row time '90' is less than one "
         "period (60s) after '60'"},
        {"0,1\n1,2\n", 1500000, TT_EINVAL,
         "trace.csv:2:1: error: rows overlap: row time '1' is less than one "
         "period (1.5s) after '0'"},
        {"", 0, TT_EINVAL, "trace.csv: error: trace is empty"},
        {"\n\n", 0, TT_EINVAL, "trace.csv: error: trace is empty"},
        {"time,count\r\n", 0, TT_EINVAL,
         "trace.csv: error: trace has a header but no rows"},
        {"0,5\n", 0, TT_EINVAL,
         "trace.csv:1: error: cannot tell the period of a one-row trace: "
         "give the trace a 'period'"},
        {"t,c\n0,-1\n60,1\n", 0, TT_EINVAL,
         "trace.csv:2:3: error: 'count' must be >= 0, got '-1'"},
        {"0,1\n60,2000000000000000\n", 0, TT_EINVAL,
         "trace.csv:2:4: error: 'count' must be <= 1e15, got "
         "'2000000000000000'"},
        /* met only while running, after two good periods */
        {"0,1\n60,2\n120,x\n", 0, TT_ESYNTAX,
         "trace.csv:3:5: error: expected a number for 'count', got 'x'"},
        {"0,1\n60,2\n120,3\n180,3\n240,3\n20,3\n", 0, TT_EINVAL,
         "trace.csv:6:1: error: timestamps must increase: row time '20' is "
         "not after '240'"},
};

START_TEST(trace_errors)
{
	uint64_t counts[MAX_PERIODS];
	int n;
	char msg[1024];
	tt_code rc = run_trace(trace_error_cases[_i].text, 1,
	                       trace_error_cases[_i].trace_period, MIN, counts,
	                       &n, msg, sizeof msg);
	ck_assert_msg(rc == trace_error_cases[_i].code, "case %d: %s (%s)", _i,
	              tt_code_name(rc), msg);
	ck_assert_str_eq(msg, trace_error_cases[_i].msg);
}
END_TEST

/* Errors found while running come after the counts before them. */
START_TEST(trace_error_after_counts)
{
	uint64_t counts[MAX_PERIODS];
	int n;
	char msg[1024];
	tt_code rc = run_trace("0,1\n60,2\n120,3\n180,3\n240,3\n20,3\n", 1, 0,
	                       MIN, counts, &n, msg, sizeof msg);
	ck_assert_int_eq(rc, TT_EINVAL);
	static const int want[] = {1, 2, 3, 3, -1};
	expect_counts(counts, n, want);
}
END_TEST

/* Lines of up to 64 KiB are read; one byte more is refused at its place. */
START_TEST(trace_long_lines)
{
	size_t max = 65536;
	char *text = malloc(2 * max + 64);
	ck_assert_ptr_nonnull(text);
	uint64_t counts[MAX_PERIODS];
	int n;
	char msg[1024];

	/* "0,1\n" then a line of exactly max bytes: "60," + blanks + "2",
	 * with a CRLF end, then a last line without one */
	size_t len = 0;
	len += (size_t)sprintf(text, "0,1\n60,");
	memset(text + len, ' ', max - 4);
	len += max - 4;
	len += (size_t)sprintf(text + len, "2\r\n120,4");
	tt_code rc = run_trace_len(text, len, 1, 0, MIN, counts, &n, msg,
	                           sizeof msg);
	ck_assert_msg(rc == TT_OK, "%s", msg);
	static const int want[] = {1, 2, 4, -1};
	expect_counts(counts, n, want);

	/* one blank more */
	len = (size_t)sprintf(text, "0,1\n60,");
	memset(text + len, ' ', max - 3);
	len += max - 3;
	len += (size_t)sprintf(text + len, "2\n120,4\n");
	rc = run_trace_len(text, len, 1, 0, MIN, counts, &n, msg, sizeof msg);
	ck_assert_int_eq(rc, TT_ESYNTAX);
	ck_assert_str_eq(msg, "trace.csv:2:65537: error: line is longer than "
	                      "65536 bytes");

	/* and a long line with no line end at all */
	memset(text, '9', 2 * max);
	rc = run_trace_len(text, 2 * max, 1, 0, MIN, counts, &n, msg,
	                   sizeof msg);
	ck_assert_int_eq(rc, TT_ESYNTAX);
	ck_assert_str_eq(msg, "trace.csv:1:65537: error: line is longer than "
	                      "65536 bytes");
	free(text);
}
END_TEST

START_TEST(trace_cannot_open)
{
	char buf[1024];
	tt_diag d;
	tt_workload *w = NULL;

	tt_workload_spec spec = trace_spec("/nonexistent/trace.csv", 1, 0);
	ck_assert_int_eq(tt_workload_open(&spec, 1, MIN, &w, &d), TT_EIO);
	ck_assert_ptr_null(w);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "scenario.yaml:3:5: error: cannot open trace "
	                 "'/nonexistent/trace.csv': No such file or directory");

	char dir[4096];
	tu_src_path(dir, sizeof dir, "tests/data");
	spec = trace_spec(dir, 1, 0);
	ck_assert_int_eq(tt_workload_open(&spec, 1, MIN, &w, &d), TT_EIO);
	ck_assert_ptr_null(w);
	char want[4200];
	snprintf(want, sizeof want,
	         "scenario.yaml:3:5: error: cannot open trace '%s': Is a "
	         "directory",
	         dir);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
}
END_TEST

static Suite *workload_suite(void)
{
	Suite *s = suite_create("workload");
	TCase *tc;

	tc = tcase_create("integrals");
	tcase_add_loop_test(
	        tc, shape_integrals, 0,
	        (int)(sizeof integral_cases / sizeof integral_cases[0]));
	tcase_add_test(tc, diurnal_crest_and_trough);
	suite_add_tcase(s, tc);

	tc = tcase_create("carried_rounding");
	tcase_add_test(tc, carried_rounding_sixths);
	tcase_add_loop_test(tc, carried_rounding_totals, 0,
	                    (int)(sizeof carry_cases / sizeof carry_cases[0]));
	tcase_add_test(tc, carried_rounding_shapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("poisson");
	tcase_add_test(tc, poisson_determinism);
	tcase_add_test(tc, poisson_mean);
	suite_add_tcase(s, tc);

	tc = tcase_create("synthetic");
	tcase_add_test(tc, synthetic_never_ends);
	tcase_add_loop_test(tc, bad_synthetic, 0,
	                    (int)(sizeof bad_synthetic_cases /
	                          sizeof bad_synthetic_cases[0]));
	tcase_add_test(tc, spec_release);
	suite_add_tcase(s, tc);

	tc = tcase_create("trace");
	tcase_add_loop_test(tc, trace_counts, 0,
	                    (int)(sizeof trace_cases / sizeof trace_cases[0]));
	tcase_add_test(tc, trace_stays_ended);
	tcase_add_loop_test(
	        tc, trace_wallclock, 0,
	        (int)(sizeof wallclock_cases / sizeof wallclock_cases[0]));
	tcase_add_test(tc, wc98_slice);
	tcase_add_test(tc, wc98_slice_scaled);
	suite_add_tcase(s, tc);

	tc = tcase_create("trace_errors");
	tcase_add_loop_test(
	        tc, trace_errors, 0,
	        (int)(sizeof trace_error_cases / sizeof trace_error_cases[0]));
	tcase_add_test(tc, trace_error_after_counts);
	tcase_add_test(tc, trace_long_lines);
	tcase_add_test(tc, trace_cannot_open);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run_suite(workload_suite());
}
