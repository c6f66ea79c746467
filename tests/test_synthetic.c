/*
 * test_synthetic.c - synthetic shapes and transforms as interval sources,
 * alone and through the workload pipeline.
 *
 * Integrals are checked against values worked out by hand (in the
 * comments).  Transforms run over a small source of fixed intervals
 * written here, and must give exactly the intervals in their table.  The
 * pipeline cases check per-period counts, carried rounding and Poisson
 * noise through tt_workload_open / tt_workload_next.
 */
#include "synthetic.h"
#include "transform.h"

#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ttsim/rng.h"
#include "ttsim/workload.h"

#define S TT_US_PER_S
#define MIN TT_US_PER_MIN
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const tt_loc here = {"scenario.yaml", 3, 5};

/* --- shapes ---------------------------------------------------------- */

static const tt_step steps3[] = {
        {10 * MIN, 120},
        {20 * MIN, 0},
        {40 * MIN, 30},
};

static tt_shape_spec constant(double rate)
{
	tt_shape_spec s = {.shape = TT_SHAPE_CONSTANT, .loc = here};
	s.rate_per_min = rate;
	return s;
}

/* 60 until 10 min, 120 until 20, 0 until 40, then 30 */
static tt_shape_spec step(void)
{
	tt_shape_spec s = {.shape = TT_SHAPE_STEP, .loc = here};
	s.rate_per_min = 60;
	s.steps = (tt_step *)steps3;
	s.n_steps = 3;
	return s;
}

static tt_shape_spec ramp(double from, double to, tt_time_us start,
                          tt_time_us end)
{
	tt_shape_spec s = {.shape = TT_SHAPE_RAMP, .loc = here};
	s.from_per_min = from;
	s.to_per_min = to;
	s.start_us = start;
	s.end_us = end;
	return s;
}

static tt_shape_spec diurnal(double base, double peak, tt_time_us period,
                             tt_time_us peak_at)
{
	tt_shape_spec s = {.shape = TT_SHAPE_DIURNAL, .loc = here};
	s.base_per_min = base;
	s.peak_per_min = peak;
	s.period_us = period;
	s.peak_at_us = peak_at;
	return s;
}

static tt_shape_spec spike(double base, double peak, tt_time_us at,
                           tt_time_us rise, tt_time_us decay)
{
	tt_shape_spec s = {.shape = TT_SHAPE_SPIKE, .loc = here};
	s.base_per_min = base;
	s.peak_per_min = peak;
	s.at_us = at;
	s.rise_us = rise;
	s.decay_us = decay;
	return s;
}

static tt_shape_spec onoff(double on, double off, tt_time_us mean_on,
                           tt_time_us mean_off)
{
	tt_shape_spec s = {.shape = TT_SHAPE_ONOFF, .loc = here};
	s.on_per_min = on;
	s.off_per_min = off;
	s.mean_on_us = mean_on;
	s.mean_off_us = mean_off;
	return s;
}

static tt_shape_spec combine(tt_shape kind, tt_shape_spec *parts, size_t n)
{
	tt_shape_spec s = {.shape = kind, .loc = here};
	s.parts = parts;
	s.n_parts = n;
	return s;
}

/* The shapes of the integral table, by number. */
enum {
	SH_CONST120,
	SH_STEP,
	SH_RAMP,
	SH_DIURNAL_DAY,
	SH_DIURNAL_HOUR,
	SH_SPIKE,
	SH_SPIKE_JUMP,
	SH_SUM,
	SH_PRODUCT_STEP,
	SH_PRODUCT_RAMPS,
	SH_PRODUCT_DIURNAL,
	SH_PRODUCT_CLOSED,
	SH_PRODUCT_NESTED,
	SH_SUM_ONOFF,
};

/* Room for the parts of any table shape. */
typedef struct shape_box {
	tt_shape_spec top;
	tt_shape_spec parts[3];
	tt_shape_spec sub[2];
	tt_step steps[1];
} shape_box;

static void make_shape(int which, shape_box *b)
{
	tt_shape_spec *p = b->parts;
	switch (which) {
	case SH_CONST120:
		b->top = constant(120);
		return;
	case SH_STEP:
		b->top = step();
		return;
	case SH_RAMP: /* 60 -> 120 over [10, 20) min */
		b->top = ramp(60, 120, 10 * MIN, 20 * MIN);
		return;
	case SH_DIURNAL_DAY: /* 0..100, crest at noon */
		b->top = diurnal(0, 100, DAY, 12 * HOUR);
		return;
	case SH_DIURNAL_HOUR: /* 0..100, crest on the hour */
		b->top = diurnal(0, 100, HOUR, 0);
		return;
	case SH_SPIKE: /* 60, at 10 min up to 660 over 2 min, decay 5 min */
		b->top = spike(60, 660, 10 * MIN, 2 * MIN, 5 * MIN);
		return;
	case SH_SPIKE_JUMP: /* 0, jump to 100 at 0, decay 1 min */
		b->top = spike(0, 100, 0, 0, MIN);
		return;
	case SH_SUM: /* 60 + ramp 0 -> 60 over [0, 10) min */
		p[0] = constant(60);
		p[1] = ramp(0, 60, 0, 10 * MIN);
		b->top = combine(TT_SHAPE_SUM, p, 2);
		return;
	case SH_PRODUCT_STEP: /* 120 x (1, then 0.5 from 10 min) */
		p[0] = constant(120);
		b->steps[0] = (tt_step){10 * MIN, 0.5};
		p[1] = (tt_shape_spec){.shape = TT_SHAPE_STEP, .loc = here};
		p[1].rate_per_min = 1;
		p[1].steps = b->steps;
		p[1].n_steps = 1;
		b->top = combine(TT_SHAPE_PRODUCT, p, 2);
		return;
	case SH_PRODUCT_RAMPS: /* (0 -> 60) x (0 -> 1) over [0, 10) min */
		p[0] = ramp(0, 60, 0, 10 * MIN);
		p[1] = ramp(0, 1, 0, 10 * MIN);
		b->top = combine(TT_SHAPE_PRODUCT, p, 2);
		return;
	case SH_PRODUCT_DIURNAL: /* 120 x (0..1 hourly, crest at 0) */
		p[0] = constant(120);
		p[1] = diurnal(0, 1, HOUR, 0);
		b->top = combine(TT_SHAPE_PRODUCT, p, 2);
		return;
	case SH_PRODUCT_CLOSED: /* the day cosine x 0.5 x 2 x 0.25 */
		p[0] = diurnal(0, 100, DAY, 12 * HOUR);
		p[1] = constant(0.5);
		p[2] = constant(2);
		b->top = combine(TT_SHAPE_PRODUCT, p, 3);
		p[2] = combine(TT_SHAPE_PRODUCT, b->sub, 2);
		b->sub[0] = constant(0.5);
		b->sub[1] = constant(4);
		return;
	case SH_PRODUCT_NESTED: /* (120 x step factor) x ramp 1 -> 2 */
		make_shape(SH_PRODUCT_STEP, b);
		b->sub[0] = b->top;
		b->sub[1] = ramp(1, 2, 0, 20 * MIN);
		b->top = combine(TT_SHAPE_PRODUCT, b->sub, 2);
		return;
	case SH_SUM_ONOFF: /* onoff counts as 0 in tt_shape_expected */
		p[0] = constant(60);
		p[1] = onoff(1000, 1000, MIN, MIN);
		b->top = combine(TT_SHAPE_SUM, p, 2);
		return;
	}
	ck_abort_msg("no shape %d", which);
}

/* --- integrals ------------------------------------------------------- */

static const struct {
	int shape;
	tt_time_us start, end;
	double want;
	double tol; /* relative; 1e-12 for closed forms; 0 must be exact */
} integral_cases[] = {
        /* constant 120/min: 2 per second */
        {SH_CONST120, 0, 30 * S, 60, 1e-12},
        {SH_CONST120, 0, HOUR, 7200, 1e-12},
        {SH_CONST120, 7 * S, 7 * S + 250000, 0.5, 1e-12},
        {SH_CONST120, 5 * S, 5 * S, 0, 1e-12},
        /* step: 60 until 10 min, 120 until 20, 0 until 40, then 30 */
        {SH_STEP, 0, 30 * MIN, 600 + 1200, 1e-12},
        {SH_STEP, 5 * MIN, 15 * MIN, 300 + 600, 1e-12},
        {SH_STEP, 25 * MIN, 35 * MIN, 0, 1e-12},
        {SH_STEP, 30 * MIN, 50 * MIN, 300, 1e-12},
        {SH_STEP, 10 * MIN, 10 * MIN + 30 * S, 60, 1e-12},
        /* ramp 60 -> 120 over [10, 20) min: flat, mean 90 on the slope */
        {SH_RAMP, 0, 10 * MIN, 600, 1e-12},
        {SH_RAMP, 10 * MIN, 20 * MIN, 900, 1e-12},
        {SH_RAMP, 10 * MIN, 15 * MIN, 375, 1e-12}, /* mean 75, 5 min */
        {SH_RAMP, 15 * MIN, 25 * MIN, 525 + 600, 1e-12},
        {SH_RAMP, 20 * MIN, 30 * MIN, 1200, 1e-12},
        /* diurnal 0..100/min, day period, crest at noon: mean 50 */
        {SH_DIURNAL_DAY, 0, DAY, 72000, 1e-12},
        {SH_DIURNAL_DAY, 0, 12 * HOUR, 36000, 1e-12},
        {SH_DIURNAL_DAY, 12 * HOUR, DAY, 36000, 1e-12},
        /* first quarter: 50 * 360 - 50 * 1440 / (2 pi) */
        {SH_DIURNAL_DAY, 0, 6 * HOUR, 6540.844097383535, 1e-12},
        {SH_DIURNAL_DAY, 6 * HOUR, 12 * HOUR, 29459.155902616465, 1e-12},
        {SH_DIURNAL_DAY, 1000 * DAY, 1001 * DAY, 72000, 1e-12},
        {SH_DIURNAL_DAY, 1000 * DAY, 1000 * DAY + 6 * HOUR, 6540.844097383535,
         1e-12},
        /* hourly, crest at 0: 50 * 15 + 50 * 60 / (2 pi) */
        {SH_DIURNAL_HOUR, 0, 15 * MIN, 1227.464829275686, 1e-12},
        {SH_DIURNAL_HOUR, -15 * MIN, 0, 1227.464829275686, 1e-12},
        {SH_DIURNAL_HOUR, 0, 5 * HOUR, 15000, 1e-12},
        /* spike: 60 before 10 min; the rise adds 600 x 2 min / 2 */
        {SH_SPIKE, 0, 10 * MIN, 600, 1e-12},
        {SH_SPIKE, 10 * MIN, 12 * MIN, 120 + 600, 1e-12},
        /* one time constant of decay: 300 + 600 x 5 (1 - 1/e) */
        {SH_SPIKE, 12 * MIN, 17 * MIN, 2196.3616764856731, 1e-12},
        /* half the rise's last minute (450) and 1 min of decay,
         * 3000 (1 - e^-0.2), on a base of 120 */
        {SH_SPIKE, 11 * MIN, 13 * MIN, 1113.8077407660545, 1e-12},
        /* the whole excess is 600 + 3000 */
        {SH_SPIKE, 0, 10000 * MIN, 600000 + 3600, 1e-12},
        /* jump: 100 (1 - 1/e) in the first minute, 100 in all */
        {SH_SPIKE_JUMP, 0, MIN, 63.212055882855765, 1e-12},
        {SH_SPIKE_JUMP, -MIN, 0, 0, 1e-12},
        {SH_SPIKE_JUMP, 0, 1000 * MIN, 100, 1e-12},
        /* far down the tail: 100 e^-100 (1 - e^(-1/60)) */
        {SH_SPIKE_JUMP, 100 * MIN, 100 * MIN + S, 6.148744755675177e-44, 1e-12},
        /* sum: 60 + ramp to 60 over 10 min */
        {SH_SUM, 0, 10 * MIN, 600 + 300, 1e-12},
        {SH_SUM, 10 * MIN, 20 * MIN, 1200, 1e-12},
        /* product with a step factor: constant factors, closed form */
        {SH_PRODUCT_STEP, 0, 20 * MIN, 1200 + 600, 1e-12},
        {SH_PRODUCT_STEP, 5 * MIN, 15 * MIN, 600 + 300, 1e-12},
        /* ramp x ramp: 60 (t/T)^2 integrates to 60 T / 3 = 200 */
        {SH_PRODUCT_RAMPS, 0, 10 * MIN, 200, 1e-12},
        /* [5, 10) min: 60 x 10 (1 - 1/8) / 3 = 175; then 60 flat */
        {SH_PRODUCT_RAMPS, 5 * MIN, 10 * MIN, 175, 1e-12},
        {SH_PRODUCT_RAMPS, 5 * MIN, 15 * MIN, 175 + 300, 1e-12},
        /* 120 x hourly factor: mean 60; the first quarter is 120 x
         * (7.5 + 30 / pi) */
        {SH_PRODUCT_DIURNAL, 0, HOUR, 3600, 1e-9},
        {SH_PRODUCT_DIURNAL, 0, 15 * MIN, 1472.9577951308232, 1e-9},
        {SH_PRODUCT_DIURNAL, 0, 7 * S, 13.999825861674644, 1e-9},
        /* constant factors (0.5 x 0.5 x 4) on a cosine: its closed form */
        {SH_PRODUCT_CLOSED, 0, 6 * HOUR, 6540.844097383535, 1e-12},
        /* 120 x step x (1 -> 2 over 20 min): 120 x 1 x (mean 1.25 over
         * 10 min) + 120 x 0.5 x (mean 1.75 over 10 min) */
        {SH_PRODUCT_NESTED, 0, 20 * MIN, 1500 + 1050, 1e-12},
        /* onoff is random: tt_shape_expected counts it as 0 */
        {SH_SUM_ONOFF, 0, HOUR, 3600, 1e-12},
};

START_TEST(shape_integrals)
{
	shape_box b;
	memset(&b, 0, sizeof b);
	make_shape(integral_cases[_i].shape, &b);
	double got = tt_shape_expected(&b.top, integral_cases[_i].start,
	                               integral_cases[_i].end);
	double want = integral_cases[_i].want;
	ck_assert_msg(fabs(got - want) <= integral_cases[_i].tol * fabs(want),
	              "case %d: got %.17g, want %.17g", _i, got, want);
}
END_TEST

/* The diurnal rate is the trough at peak_at - period/2 and the crest at
 * peak_at: one minute around each is worth about the rate. */
START_TEST(diurnal_crest_and_trough)
{
	tt_shape_spec s = diurnal(10, 100, DAY, 15 * HOUR);
	double crest =
	        tt_shape_expected(&s, 15 * HOUR - 30 * S, 15 * HOUR + 30 * S);
	double trough =
	        tt_shape_expected(&s, 3 * HOUR - 30 * S, 3 * HOUR + 30 * S);
	ck_assert_double_eq_tol(crest, 100, 1e-3);
	ck_assert_double_eq_tol(trough, 10, 1e-3);
}
END_TEST

/* Integrals add up: any split of [0, 3h) into intervals sums to the
 * whole, for every table shape (the product's pieces included). */
START_TEST(integrals_are_additive)
{
	static const tt_time_us cuts[] = {7 * S, 10 * MIN, 10 * MIN + 1,
	                                  11 * MIN + 333333, 2 * HOUR};
	for (int k = SH_CONST120; k <= SH_PRODUCT_NESTED; k++) {
		shape_box b;
		memset(&b, 0, sizeof b);
		make_shape(k, &b);
		double whole = tt_shape_expected(&b.top, 0, 3 * HOUR);
		double sum = 0;
		tt_time_us prev = 0;
		for (int i = 0; i < COUNT(cuts); i++) {
			sum += tt_shape_expected(&b.top, prev, cuts[i]);
			prev = cuts[i];
		}
		sum += tt_shape_expected(&b.top, prev, 3 * HOUR);
		ck_assert_msg(fabs(sum - whole) <= 1e-9 * whole,
		              "shape %d: %.17g vs %.17g", k, sum, whole);
	}
}
END_TEST

/* --- reading sources ------------------------------------------------- */

typedef struct want_iv {
	tt_time_us start, len;
	double count;
} want_iv;

/* Read up to max intervals (or until the end) into got[]. */
static int collect(tt_source *src, tt_interval *got, int max, bool *ended)
{
	int n = 0;
	char buf[1024];
	*ended = false;
	while (n < max) {
		tt_diag d;
		bool end = false;
		tt_code rc = tt_source_next(src, &got[n], &end, &d);
		ck_assert_msg(rc == TT_OK, "next: %s",
		              tu_diag_str(&d, buf, sizeof buf));
		if (end) {
			*ended = true;
			/* and stays ended */
			tt_interval more;
			ck_assert_int_eq(tt_source_next(src, &more, &end, &d),
			                 TT_OK);
			ck_assert(end);
			break;
		}
		n++;
	}
	return n;
}

/* got[0..n) must be want[0..m) exactly (counts to 1e-12). */
static void expect_ivs(const tt_interval *got, int n, const want_iv *want,
                       int m)
{
	ck_assert_int_eq(n, m);
	for (int i = 0; i < n; i++) {
		ck_assert_msg(
		        got[i].start_us == want[i].start &&
		                got[i].len_us == want[i].len,
		        "interval %d: got [%lld +%lld), want [%lld +%lld)", i,
		        (long long)got[i].start_us, (long long)got[i].len_us,
		        (long long)want[i].start, (long long)want[i].len);
		ck_assert_msg(fabs(got[i].count - want[i].count) <=
		                      1e-12 * (1 + want[i].count),
		              "interval %d: count %.17g, want %.17g", i,
		              got[i].count, want[i].count);
	}
}

static tt_source *open_shape(const tt_shape_spec *sh, uint64_t seed,
                             tt_time_us step_us)
{
	tt_source *src = NULL;
	tt_diag d;
	char buf[1024];
	tt_code rc = tt_synthetic_open(sh, seed, step_us, &src, &d);
	ck_assert_msg(rc == TT_OK, "open: %s",
	              tu_diag_str(&d, buf, sizeof buf));
	ck_assert(!src->wallclock);
	ck_assert_uint_eq(src->n_attrs, 0);
	return src;
}

/* [k step, (k+1) step) with each interval's integral, for ever. */
START_TEST(interval_sequences)
{
	tt_shape_spec c = constant(120);
	tt_source *src = open_shape(&c, 1, 30 * S);
	tt_interval got[8];
	bool ended;
	int n = collect(src, got, 8, &ended);
	ck_assert(!ended);
	for (int i = 0; i < n; i++)
		expect_ivs(&got[i], 1, &(want_iv){i * 30 * S, 30 * S, 60}, 1);
	tt_source_close(src);

	/* a step shape read in 7-minute intervals */
	tt_shape_spec st = step();
	src = open_shape(&st, 1, 7 * MIN);
	static const want_iv want[] = {
	        {0, 7 * MIN, 420},
	        {7 * MIN, 7 * MIN, 180 + 480}, /* 3 at 60, 4 at 120 */
	        {14 * MIN, 7 * MIN, 720},      /* 6 at 120, 1 at 0 */
	        {21 * MIN, 7 * MIN, 0},        /* all at 0 */
	        {28 * MIN, 7 * MIN, 0},        /* all at 0 */
	        {35 * MIN, 7 * MIN, 60},       /* 5 at 0, 2 at 30 */
	        {42 * MIN, 7 * MIN, 210},      /* 7 at 30 */
	};
	n = collect(src, got, COUNT(want), &ended);
	expect_ivs(got, n, want, COUNT(want));

	/* rewind starts again at 0 */
	tt_diag d;
	ck_assert_int_eq(tt_source_rewind(src, &d), TT_OK);
	n = collect(src, got, 2, &ended);
	expect_ivs(got, n, want, 2);
	tt_source_close(src);
	tt_source_close(NULL);
}
END_TEST

/* --- onoff ----------------------------------------------------------- */

/*
 * The on/off process redone here from its definition: off first, stays
 * of the mean times a standard exponential rounded to whole microseconds
 * (at least 1), drawn from stream TT_RNG_SHAPES + index, integrated over
 * [0, n step).
 */
static void onoff_by_hand(const tt_shape_spec *sh, uint64_t seed,
                          uint64_t stream, tt_time_us step_us, int n,
                          double *counts)
{
	tt_rng r;
	tt_rng_seed(&r, seed, stream);
	bool on = false;
	tt_time_us at = 0;
	for (int k = 0; k < n; k++)
		counts[k] = 0;
	while (at < n * step_us) {
		double x = (double)(on ? sh->mean_on_us : sh->mean_off_us) *
		           tt_rng_exponential(&r);
		tt_time_us stay = llround(x);
		if (stay < 1)
			stay = 1;
		double rate = on ? sh->on_per_min : sh->off_per_min;
		for (tt_time_us t = at; t < at + stay && t < n * step_us;) {
			int k = (int)(t / step_us);
			tt_time_us e = (k + 1) * step_us;
			if (e > at + stay)
				e = at + stay;
			counts[k] += rate * (double)(e - t) / (double)MIN;
			t = e;
		}
		at += stay;
		on = !on;
	}
}

START_TEST(onoff_determinism)
{
	tt_shape_spec sh = onoff(600, 60, 90 * S, 4 * MIN);
	enum { N = 400 };
	double want[N];
	onoff_by_hand(&sh, 42, TT_RNG_SHAPES, MIN, N, want);
	tt_interval a[N], b[N], c[N];
	bool ended;
	tt_source *s1 = open_shape(&sh, 42, MIN);
	tt_source *s2 = open_shape(&sh, 43, MIN);
	ck_assert_int_eq(collect(s1, a, N, &ended), N);
	ck_assert_int_eq(collect(s2, c, N, &ended), N);
	int differ = 0;
	for (int i = 0; i < N; i++) {
		ck_assert_double_eq_tol(a[i].count, want[i], 1e-9);
		differ += a[i].count != c[i].count;
	}
	ck_assert_int_gt(differ, N / 4);
	/* rewind replays the same switches */
	tt_diag d;
	ck_assert_int_eq(tt_source_rewind(s1, &d), TT_OK);
	ck_assert_int_eq(collect(s1, b, N, &ended), N);
	for (int i = 0; i < N; i++)
		ck_assert(a[i].count == b[i].count);
	tt_source_close(s1);
	tt_source_close(s2);
}
END_TEST

/* The i-th onoff in document order draws from TT_RNG_SHAPES + i: with A0
 * and B0 silent copies (same means, rates 0), A + B = (A + B0) + (A0 + B)
 * exactly, and B alone in second place matches B by hand on stream 101. */
START_TEST(onoff_streams_in_document_order)
{
	tt_shape_spec a = onoff(100, 0, 2 * MIN, 3 * MIN);
	tt_shape_spec b = onoff(7, 1, 30 * S, 45 * S);
	tt_shape_spec a0 = a, b0 = b;
	a0.on_per_min = a0.off_per_min = 0;
	b0.on_per_min = b0.off_per_min = 0;
	tt_shape_spec ab[2] = {a, b}, ab0[2] = {a, b0}, a0b[2] = {a0, b};
	tt_shape_spec s_ab = combine(TT_SHAPE_SUM, ab, 2);
	tt_shape_spec s_ab0 = combine(TT_SHAPE_SUM, ab0, 2);
	tt_shape_spec s_a0b = combine(TT_SHAPE_SUM, a0b, 2);
	enum { N = 300 };
	tt_interval x[N], y[N], z[N];
	double want_b[N];
	bool ended;
	tt_source *sx = open_shape(&s_ab, 9, MIN);
	tt_source *sy = open_shape(&s_ab0, 9, MIN);
	tt_source *sz = open_shape(&s_a0b, 9, MIN);
	collect(sx, x, N, &ended);
	collect(sy, y, N, &ended);
	collect(sz, z, N, &ended);
	onoff_by_hand(&b, 9, TT_RNG_SHAPES + 1, MIN, N, want_b);
	for (int i = 0; i < N; i++) {
		ck_assert_double_eq_tol(x[i].count, y[i].count + z[i].count,
		                        1e-9);
		ck_assert_double_eq_tol(z[i].count, want_b[i], 1e-9);
	}
	tt_source_close(sx);
	tt_source_close(sy);
	tt_source_close(sz);
}
END_TEST

static const struct {
	double on, off;
	tt_time_us mean_on, mean_off, step;
} onoff_mean_cases[] = {
        {100, 10, 2 * MIN, 8 * MIN, HOUR},
        {60, 0, 10 * S, 10 * S, MIN},  /* switches inside intervals */
        {0, 30, 5 * MIN, 30 * S, MIN}, /* stays longer than intervals */
};

/* The long-run mean rate is (on mean_on + off mean_off) / (mean_on +
 * mean_off): over about 100,000 on/off cycles, within 3 %. */
START_TEST(onoff_long_run_mean)
{
	double on = onoff_mean_cases[_i].on, off = onoff_mean_cases[_i].off;
	tt_time_us mon = onoff_mean_cases[_i].mean_on;
	tt_time_us moff = onoff_mean_cases[_i].mean_off;
	tt_time_us step_us = onoff_mean_cases[_i].step;
	tt_shape_spec sh = onoff(on, off, mon, moff);
	tt_source *src = open_shape(&sh, 5, step_us);
	tt_time_us span = 100000 * (mon + moff);
	int64_t n = span / step_us;
	double total = 0;
	for (int64_t i = 0; i < n; i++) {
		tt_interval iv;
		bool end;
		tt_diag d;
		ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_OK);
		ck_assert(!end);
		ck_assert_double_ge(iv.count, 0);
		total += iv.count;
	}
	double want = (on * (double)mon + off * (double)moff) /
	              (double)(mon + moff) * (double)(n * step_us) /
	              (double)MIN;
	ck_assert_msg(fabs(total - want) <= 0.03 * want,
	              "total %.6g, want %.6g", total, want);
	tt_source_close(src);
}
END_TEST

/* An onoff factor in a product switches its product on and off exactly
 * at its switches: 120 x onoff(1, 0) = the onoff shape with on = 120. */
START_TEST(onoff_in_a_product)
{
	tt_shape_spec parts[2] = {constant(120), onoff(1, 0, 50 * S, 70 * S)};
	tt_shape_spec prod = combine(TT_SHAPE_PRODUCT, parts, 2);
	tt_shape_spec alone = onoff(120, 0, 50 * S, 70 * S);
	enum { N = 200 };
	tt_interval x[N], y[N];
	bool ended;
	tt_source *sx = open_shape(&prod, 3, 45 * S);
	tt_source *sy = open_shape(&alone, 3, 45 * S);
	collect(sx, x, N, &ended);
	collect(sy, y, N, &ended);
	for (int i = 0; i < N; i++)
		ck_assert_double_eq_tol(x[i].count, y[i].count, 1e-9);
	tt_source_close(sx);
	tt_source_close(sy);
}
END_TEST

/* --- bad shapes ------------------------------------------------------ */

static tt_step bad_steps[] = {{10 * MIN, 1}, {10 * MIN, 2}};
static tt_step big_steps[] = {{10 * MIN, 1}, {20 * MIN, 2e11}};

static const struct {
	int what;
	tt_code code;
	const char *msg;
} bad_shape_cases[] = {
        {0, TT_EINVAL, "scenario.yaml:3:5: error: 'rate' must be >= 0, got -1"},
        {1, TT_EINVAL,
         "scenario.yaml:3:5: error: step times must be strictly "
         "increasing, got 600s after 600s"},
        {2, TT_EINVAL,
         "scenario.yaml:3:5: error: 'end' must be after 'start', got "
         "600s <= 600s"},
        {3, TT_EINVAL, "scenario.yaml:3:5: error: 'to' must be >= 0, got nan"},
        {4, TT_EINVAL,
         "scenario.yaml:3:5: error: 'period' must be > 0, got 0s"},
        {5, TT_EINVAL, "scenario.yaml:3:5: error: 'decay' must be > 0, got 0s"},
        {6, TT_EINVAL,
         "scenario.yaml:3:5: error: 'rise' must be >= 0, got -1s"},
        {7, TT_EINVAL,
         "scenario.yaml:3:5: error: 'mean_on' must be > 0, got 0s"},
        {8, TT_EINVAL,
         "scenario.yaml:3:5: error: 'parts' must hold at least one "
         "shape"},
        {9, TT_EINVAL, "scenario.yaml:4:9: error: 'peak' must be >= 0, got -2"},
        {10, TT_ERANGE,
         "scenario.yaml:3:5: error: 'off' is too large, got inf (at most "
         "1e11/min)"},
        {11, TT_ERANGE,
         "scenario.yaml:3:5: error: 'rate' is too large, got 1e+19 (at most "
         "1e11/min)"},
        /* each part within the limit, their sum or product not */
        {12, TT_ERANGE,
         "scenario.yaml:4:9: error: the sum of the parts can reach "
         "1.2e+11/min (at most 1e11/min)"},
        {13, TT_ERANGE,
         "scenario.yaml:3:5: error: the product of the parts can reach "
         "1e+12/min (at most 1e11/min)"},
        {14, TT_ERANGE,
         "scenario.yaml:3:5: error: 'rate' is too large, got 2e+11 (at most "
         "1e11/min)"},
        {15, TT_EINVAL,
         "scenario.yaml:3:5: error: the simulation period must be > 0"},
};

START_TEST(bad_shapes)
{
	shape_box b;
	memset(&b, 0, sizeof b);
	tt_time_us step_us = MIN;
	switch (bad_shape_cases[_i].what) {
	case 0:
		b.top = constant(-1);
		break;
	case 1:
		b.top = step();
		b.top.steps = bad_steps;
		b.top.n_steps = 2;
		break;
	case 2:
		b.top = ramp(1, 2, 10 * MIN, 10 * MIN);
		break;
	case 3:
		b.top = ramp(1, NAN, 0, MIN);
		break;
	case 4:
		b.top = diurnal(1, 2, 0, 0);
		break;
	case 5:
		b.top = spike(1, 2, 0, 0, 0);
		break;
	case 6:
		b.top = spike(1, 2, 0, -S, MIN);
		break;
	case 7:
		b.top = onoff(1, 0, 0, MIN);
		break;
	case 8:
		b.top = combine(TT_SHAPE_SUM, NULL, 0);
		break;
	case 9:
		b.parts[0] = constant(1);
		b.parts[1] = diurnal(1, -2, DAY, 0);
		b.parts[1].loc = (tt_loc){"scenario.yaml", 4, 9};
		b.top = combine(TT_SHAPE_PRODUCT, b.parts, 2);
		break;
	case 10:
		b.top = onoff(1, INFINITY, MIN, MIN);
		break;
	case 11:
		b.top = constant(1e19);
		break;
	case 12:
		/* the inner sum is named, not the product around it */
		b.sub[0] = constant(6e10);
		b.sub[1] = constant(6e10);
		b.parts[0] = combine(TT_SHAPE_SUM, b.sub, 2);
		b.parts[0].loc = (tt_loc){"scenario.yaml", 4, 9};
		b.parts[1] = constant(1);
		b.top = combine(TT_SHAPE_PRODUCT, b.parts, 2);
		break;
	case 13:
		b.parts[0] = constant(1e10);
		b.parts[1] = constant(100);
		b.top = combine(TT_SHAPE_PRODUCT, b.parts, 2);
		break;
	case 14:
		b.top = step();
		b.top.steps = big_steps;
		b.top.n_steps = 2;
		break;
	default:
		b.top = constant(1);
		step_us = 0;
		break;
	}
	tt_source *src = NULL;
	tt_diag d;
	char buf[1024];
	ck_assert_int_eq(tt_synthetic_open(&b.top, 1, step_us, &src, &d),
	                 bad_shape_cases[_i].code);
	ck_assert_ptr_null(src);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 bad_shape_cases[_i].msg);
}
END_TEST

/* --- a source of fixed intervals, for the transforms ----------------- */

typedef struct fixed {
	tt_source base;
	const tt_interval *ivs;
	size_t n, pos;
	int *reads; /* intervals handed out (and ends), across rewinds */
	int *rewinds;
	bool *closed;
} fixed;

static tt_code fixed_next(tt_source *src, tt_interval *out, bool *end,
                          tt_diag *d)
{
	fixed *f = (fixed *)src;
	(void)d;
	(*f->reads)++;
	*end = f->pos == f->n;
	if (!*end)
		*out = f->ivs[f->pos++];
	return TT_OK;
}

static tt_code fixed_rewind(tt_source *src, tt_diag *d)
{
	fixed *f = (fixed *)src;
	(void)d;
	f->pos = 0;
	(*f->rewinds)++;
	return TT_OK;
}

static void fixed_close(tt_source *src)
{
	fixed *f = (fixed *)src;
	*f->closed = true;
	free(f);
}

static const tt_source_ops fixed_ops = {.next = fixed_next, .rewind = fixed_rewind, .close = fixed_close};

typedef struct probe {
	int reads, rewinds;
	bool closed;
} probe;

static const char *const attr_names[] = {"tokens"};

static tt_source *open_fixed(const tt_interval *ivs, size_t n, bool wallclock,
                             probe *p)
{
	fixed *f = calloc(1, sizeof *f);
	ck_assert_ptr_nonnull(f);
	memset(p, 0, sizeof *p);
	f->base.ops = &fixed_ops;
	f->base.wallclock = wallclock;
	f->base.origin_unix_s = wallclock ? 1000000 : 0;
	f->base.attr_names = attr_names;
	f->base.n_attrs = 1;
	f->ivs = ivs;
	f->n = n;
	f->reads = &p->reads;
	f->rewinds = &p->rewinds;
	f->closed = &p->closed;
	return &f->base;
}

static const double tokens[] = {7};

/* Four one-minute rows and a request at 150 s, from Unix time 1e6 s. */
static const tt_interval rows[] = {
        {0, MIN, 10, NULL},       {MIN, MIN, 20, NULL},
        {2 * MIN, MIN, 30, NULL}, {150 * S, 0, 1, tokens},
        {3 * MIN, MIN, 40, NULL},
};

static const tt_interval two_rows[] = {
        {0, MIN, 1, NULL},
        {MIN, MIN, 2, NULL},
};

static const tt_interval point_at_0[] = {
        {0, 0, 5, NULL},
};

/* One transform, or a chain of up to three, and what comes out. */
static const struct {
	const char *name;
	const tt_interval *src;
	size_t n_src;
	bool wallclock;
	tt_transform t[3];
	int n_t;
	int max; /* intervals to read; the source must end unless == max */
	want_iv want[12];
	int n_want;
	bool wallclock_after;
	int64_t origin_after;
	int reads; /* inner reads expected, or 0: not checked */
} xf_cases[] = {
        {"scale",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SCALE, .factor = 0.5}},
         1,
         12,
         {{0, MIN, 5},
          {MIN, MIN, 10},
          {2 * MIN, MIN, 15},
          {150 * S, 0, 0.5},
          {3 * MIN, MIN, 20}},
         5,
         true,
         1000000,
         0},
        {"shift later",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SHIFT, .shift_us = 30 * S}},
         1,
         12,
         {{30 * S, MIN, 10},
          {90 * S, MIN, 20},
          {150 * S, MIN, 30},
          {180 * S, 0, 1},
          {210 * S, MIN, 40}},
         5,
         true,
         1000000 - 30,
         0},
        /* earlier: the first row goes, the second is cut in half */
        {"shift earlier",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SHIFT, .shift_us = -90 * S}},
         1,
         12,
         {{0, 30 * S, 10},
          {30 * S, MIN, 30},
          {60 * S, 0, 1},
          {90 * S, MIN, 40}},
         4,
         true,
         1000000 + 90,
         0},
        /* [90 s, 170 s): half of row 2, 50 s of row 3, the request;
         * row 4 starts past `to` and nothing more is read */
        {"slice",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SLICE, .from_us = 90 * S, .to_us = 170 * S}},
         1,
         12,
         {{0, 30 * S, 10}, {30 * S, 50 * S, 25}, {60 * S, 0, 1}},
         3,
         true,
         1000000 + 90,
         5},
        {"slice to the end",
         rows,
         5,
         false,
         {{.kind = TT_TRANSFORM_SLICE,
           .from_us = 150 * S,
           .to_us = TT_TIME_MAX}},
         1,
         12,
         {{0, 30 * S, 15}, {0, 0, 1}, {30 * S, MIN, 40}},
         3,
         false,
         0,
         0},
        /* Unix [1e6 + 60 s, 1e6 + 150 s): the request at 150 s is out */
        {"calendar slice",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SLICE,
           .from_us = (1000000 + 60) * S,
           .to_us = (1000000 + 150) * S,
           .slice_unix = true}},
         1,
         12,
         {{0, MIN, 20}, {60 * S, 30 * S, 15}},
         2,
         true,
         1000000 + 60,
         4},
        {"calendar slice, no from",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SLICE,
           .from_us = INT64_MIN,
           .to_us = (1000000 + 60) * S,
           .slice_unix = true}},
         1,
         12,
         {{0, MIN, 10}},
         1,
         true,
         1000000,
         2},
        {"speedup",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SPEEDUP, .factor = 2}},
         1,
         12,
         {{0, 30 * S, 10},
          {30 * S, 30 * S, 20},
          {60 * S, 30 * S, 30},
          {75 * S, 0, 1},
          {90 * S, 30 * S, 40}},
         5,
         false,
         0,
         0},
        /* ends divided, not lengths: [0, 1/3 min) then [1/3, 2/3) */
        {"speedup by 3",
         two_rows,
         2,
         false,
         {{.kind = TT_TRANSFORM_SPEEDUP, .factor = 3}},
         1,
         12,
         {{0, 20 * S, 1}, {20 * S, 20 * S, 2}},
         2,
         false,
         0,
         0},
        {"slow down",
         two_rows,
         2,
         false,
         {{.kind = TT_TRANSFORM_SPEEDUP, .factor = 0.25}},
         1,
         12,
         {{0, 4 * MIN, 1}, {4 * MIN, 4 * MIN, 2}},
         2,
         false,
         0,
         0},
        /* two copies after the first, each 2 min (the first pass) on */
        {"repeat",
         two_rows,
         2,
         false,
         {{.kind = TT_TRANSFORM_REPEAT, .times = 2}},
         1,
         12,
         {{0, MIN, 1},
          {MIN, MIN, 2},
          {2 * MIN, MIN, 1},
          {3 * MIN, MIN, 2},
          {4 * MIN, MIN, 1},
          {5 * MIN, MIN, 2}},
         6,
         false,
         0,
         0},
        {"repeat every",
         two_rows,
         2,
         true,
         {{.kind = TT_TRANSFORM_REPEAT, .times = 1, .every_us = 200 * S}},
         1,
         12,
         {{0, MIN, 1}, {MIN, MIN, 2}, {200 * S, MIN, 1}, {260 * S, MIN, 2}},
         4,
         true,
         1000000,
         0},
        {"repeat for ever",
         two_rows,
         2,
         false,
         {{.kind = TT_TRANSFORM_REPEAT, .times = 0}},
         1,
         7,
         {{0, MIN, 1},
          {MIN, MIN, 2},
          {2 * MIN, MIN, 1},
          {3 * MIN, MIN, 2},
          {4 * MIN, MIN, 1},
          {5 * MIN, MIN, 2},
          {6 * MIN, MIN, 1}},
         7,
         false,
         0,
         0},
        /* the passes wholly before the shifted start are skipped, not
         * read: 500 passes, but only the first and the kept ones read */
        {"repeat, shifted far back",
         two_rows,
         2,
         false,
         {{.kind = TT_TRANSFORM_REPEAT, .times = 0},
          {.kind = TT_TRANSFORM_SHIFT, .shift_us = -1000 * MIN}},
         2,
         7,
         {{0, MIN, 1},
          {MIN, MIN, 2},
          {2 * MIN, MIN, 1},
          {3 * MIN, MIN, 2},
          {4 * MIN, MIN, 1},
          {5 * MIN, MIN, 2},
          {6 * MIN, MIN, 1}},
         7,
         false,
         0,
         13},
        {"repeat, sliced far on",
         two_rows,
         2,
         false,
         {{.kind = TT_TRANSFORM_REPEAT, .times = 0},
          {.kind = TT_TRANSFORM_SLICE,
           .from_us = 1001 * MIN,
           .to_us = 1004 * MIN}},
         2,
         12,
         {{0, MIN, 2}, {MIN, MIN, 1}, {2 * MIN, MIN, 2}},
         3,
         false,
         0,
         0},
        {"repeat nothing",
         rows,
         0,
         false,
         {{.kind = TT_TRANSFORM_REPEAT, .times = 0}},
         1,
         12,
         {{0, 0, 0}},
         0,
         false,
         0,
         1},
        {"repeat a point, every",
         point_at_0,
         1,
         false,
         {{.kind = TT_TRANSFORM_REPEAT, .times = 2, .every_us = S}},
         1,
         12,
         {{0, 0, 5}, {S, 0, 5}, {2 * S, 0, 5}},
         3,
         false,
         0,
         0},
        /* chains: a slice played again; compressed then scaled */
        {"slice then repeat",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SLICE, .from_us = MIN, .to_us = 3 * MIN},
          {.kind = TT_TRANSFORM_REPEAT, .times = 1}},
         2,
         12,
         {{0, MIN, 20},
          {MIN, MIN, 30},
          {90 * S, 0, 1},
          {2 * MIN, MIN, 20},
          {3 * MIN, MIN, 30},
          {210 * S, 0, 1}},
         6,
         true,
         1000000 + 60,
         0},
        {"speedup then scale",
         rows,
         5,
         true,
         {{.kind = TT_TRANSFORM_SPEEDUP, .factor = 2},
          {.kind = TT_TRANSFORM_SCALE, .factor = 3}},
         2,
         12,
         {{0, 30 * S, 30},
          {30 * S, 30 * S, 60},
          {60 * S, 30 * S, 90},
          {75 * S, 0, 3},
          {90 * S, 30 * S, 120}},
         5,
         false,
         0,
         0},
        {"shift, slice, scale",
         two_rows,
         2,
         false,
         {{.kind = TT_TRANSFORM_SHIFT, .shift_us = 30 * S},
          {.kind = TT_TRANSFORM_SLICE, .from_us = 0, .to_us = 60 * S},
          {.kind = TT_TRANSFORM_SCALE, .factor = 4}},
         3,
         12,
         {{30 * S, 30 * S, 2}},
         1,
         false,
         0,
         0},
};

static tt_source *wrap_all(tt_source *src, const tt_transform *t, int n,
                           tt_diag_list *notes)
{
	char buf[1024];
	for (int i = 0; i < n; i++) {
		tt_diag d;
		tt_code rc = tt_transform_wrap(src, &t[i], 0, notes, &src, &d);
		ck_assert_msg(rc == TT_OK, "wrap: %s",
		              tu_diag_str(&d, buf, sizeof buf));
	}
	return src;
}

START_TEST(transforms)
{
	probe p;
	tt_source *src = open_fixed(xf_cases[_i].src, xf_cases[_i].n_src,
	                            xf_cases[_i].wallclock, &p);
	tt_diag_list notes = {0};
	src = wrap_all(src, xf_cases[_i].t, xf_cases[_i].n_t, &notes);
	tt_interval got[12];
	bool ended;
	int n = collect(src, got, xf_cases[_i].max, &ended);
	ck_assert_msg(ended == (xf_cases[_i].max > xf_cases[_i].n_want),
	              "%s: ended %d", xf_cases[_i].name, ended);
	expect_ivs(got, n, xf_cases[_i].want, xf_cases[_i].n_want);
	ck_assert_int_eq(src->wallclock, xf_cases[_i].wallclock_after);
	if (src->wallclock)
		ck_assert_int_eq(src->origin_unix_s, xf_cases[_i].origin_after);
	if (xf_cases[_i].reads)
		ck_assert_int_eq(p.reads, xf_cases[_i].reads);
	/* attrs pass through on the request, and so do their names */
	for (int i = 0; i < n; i++)
		if (got[i].len_us == 0 && xf_cases[_i].src == rows)
			ck_assert_ptr_eq(got[i].attrs, tokens);
	ck_assert_ptr_eq(src->attr_names, attr_names);
	/* rewind: the same again */
	tt_diag d;
	ck_assert_int_eq(tt_source_rewind(src, &d), TT_OK);
	n = collect(src, got, xf_cases[_i].max, &ended);
	expect_ivs(got, n, xf_cases[_i].want, xf_cases[_i].n_want);
	tt_source_close(src);
	ck_assert(p.closed);
	tt_diag_list_release(&notes);
}
END_TEST

/* Speed-up drops calendar times and says so, once, at its place. */
START_TEST(speedup_note)
{
	probe p;
	tt_transform t = {.kind = TT_TRANSFORM_SPEEDUP,
	                  .loc = {"scenario.yaml", 9, 7},
	                  .factor = 60};
	tt_diag_list notes = {0};
	tt_source *src = wrap_all(open_fixed(rows, 5, true, &p), &t, 1, &notes);
	ck_assert_int_eq(notes.count, 1);
	char buf[1024];
	ck_assert_str_eq(tu_diag_str(&notes.items[0], buf, sizeof buf),
	                 "scenario.yaml:9:7: note: calendar timestamps are "
	                 "left out after 'speedup'");
	ck_assert(!src->wallclock);
	tt_source_close(src);
	/* without calendar times there is nothing to say */
	src = wrap_all(open_fixed(rows, 5, false, &p), &t, 1, &notes);
	ck_assert_int_eq(notes.count, 1);
	tt_source_close(src);
	/* and a NULL list is fine */
	src = wrap_all(open_fixed(rows, 5, true, &p), &t, 1, NULL);
	tt_source_close(src);
	tt_diag_list_release(&notes);
}
END_TEST

static const struct {
	tt_transform t;
	bool wallclock;
	const char *msg;
} bad_xf_cases[] = {
        {{.kind = TT_TRANSFORM_SCALE, .factor = -1},
         true,
         "scenario.yaml:7:9: error: 'scale' must be >= 0, got -1"},
        {{.kind = TT_TRANSFORM_SPEEDUP, .factor = 0},
         true,
         "scenario.yaml:7:9: error: 'speedup' must be > 0, got 0"},
        {{.kind = TT_TRANSFORM_SLICE, .from_us = MIN, .to_us = MIN},
         true,
         "scenario.yaml:7:9: error: 'to' must be after 'from', got 60s <= "
         "60s"},
        {{.kind = TT_TRANSFORM_SLICE,
          .from_us = 0,
          .to_us = 1000 * S,
          .slice_unix = true},
         false,
         "scenario.yaml:7:9: error: a calendar slice needs a trace with "
         "calendar times"},
        {{.kind = TT_TRANSFORM_REPEAT, .times = -1},
         true,
         "scenario.yaml:7:9: error: 'times' must be >= 0, got -1"},
};

/* Impossible parameters fail at the transform's place, and the wrapper
 * closes the inner source it was given. */
START_TEST(bad_transforms)
{
	probe p;
	tt_transform t = bad_xf_cases[_i].t;
	t.loc = (tt_loc){"scenario.yaml", 7, 9};
	tt_source *src = open_fixed(rows, 5, bad_xf_cases[_i].wallclock, &p);
	tt_source *out = NULL;
	tt_diag d;
	char buf[1024];
	ck_assert_int_eq(tt_transform_wrap(src, &t, 0, NULL, &out, &d),
	                 TT_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert(p.closed);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 bad_xf_cases[_i].msg);
}
END_TEST

/* Copies that would overlap (every < the span of a pass) or never move
 * (a pass of length 0) fail when the first pass ends, and keep failing. */
START_TEST(repeat_errors)
{
	static const struct {
		const tt_interval *src;
		size_t n;
		tt_time_us every;
		int before; /* intervals before the failure */
		const char *msg;
	} cases[] = {
	        {two_rows, 2, 30 * S, 2,
	         "scenario.yaml:8:3: error: 'every' must be at least the "
	         "length of one pass (from its first start to its last end), "
	         "120s, got 30s"},
	        {point_at_0, 1, 0, 1,
	         "scenario.yaml:8:3: error: cannot repeat a workload of "
	         "length 0: give 'every'"},
	};
	for (int k = 0; k < COUNT(cases); k++) {
		probe p;
		tt_transform t = {.kind = TT_TRANSFORM_REPEAT,
		                  .loc = {"scenario.yaml", 8, 3},
		                  .times = 3,
		                  .every_us = cases[k].every};
		tt_source *src = wrap_all(
		        open_fixed(cases[k].src, cases[k].n, false, &p), &t, 1,
		        NULL);
		tt_interval iv;
		bool end;
		tt_diag d;
		char buf[1024];
		for (int i = 0; i < cases[k].before; i++)
			ck_assert_int_eq(tt_source_next(src, &iv, &end, &d),
			                 TT_OK);
		for (int again = 0; again < 2; again++) {
			ck_assert_int_eq(tt_source_next(src, &iv, &end, &d),
			                 TT_EINVAL);
			ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
			                 cases[k].msg);
		}
		tt_source_close(src);
	}
}
END_TEST

/*
 * A seek hint must not hide an overlap.  The shift below makes the outer
 * repeat skip ahead, and so the inner one skip its second pass: the outer
 * repeat's first pass shows only the point at 180s - 1us, as if it lasted
 * 0 s, while every later pass starts at 90s - 1us.  Every 30 s the copies
 * would then come back in time; they fail instead, at the first one that
 * would, and starts never go backwards before it.
 */
START_TEST(repeat_overlap_behind_seek)
{
	tt_transform t[] = {
	        {.kind = TT_TRANSFORM_REPEAT,
	         .loc = {"scenario.yaml", 8, 7},
	         .times = 2,
	         .every_us = 90 * S},
	        {.kind = TT_TRANSFORM_SLICE,
	         .loc = {"scenario.yaml", 9, 7},
	         .from_us = 1,
	         .to_us = TT_TIME_MAX},
	        {.kind = TT_TRANSFORM_REPEAT,
	         .loc = {"scenario.yaml", 10, 7},
	         .times = 100,
	         .every_us = 30 * S},
	        {.kind = TT_TRANSFORM_SHIFT,
	         .loc = {"scenario.yaml", 11, 7},
	         .shift_us = -90 * S},
	};
	probe p;
	tt_source *src = wrap_all(open_fixed(point_at_0, 1, false, &p), t,
	                          COUNT(t), NULL);
	tt_interval iv;
	bool end;
	tt_diag d;
	char buf[1024];
	ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_OK);
	ck_assert(!end);
	ck_assert_int_eq(iv.start_us, 90 * S - 1);
	ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "scenario.yaml:10:7: error: 'every' must be at least "
	                 "the length of one pass (from its first start to its "
	                 "last end), 90s, got 30s");
	tt_source_close(src);
}
END_TEST

/* --- through the pipeline -------------------------------------------- */

static tt_workload *open_ok(const tt_workload_spec *spec, uint64_t seed,
                            tt_time_us period_us)
{
	tt_workload *w = NULL;
	tt_diag d;
	char buf[1024];
	tt_code rc = tt_workload_open(spec, seed, period_us, NULL, &w, &d);
	ck_assert_msg(rc == TT_OK, "open: %s",
	              tu_diag_str(&d, buf, sizeof buf));
	return w;
}

static uint64_t next_ok(tt_workload *w, bool *ended)
{
	uint64_t count = 12345;
	bool e = true;
	tt_diag d;
	char buf[1024];
	tt_code rc = tt_workload_next(w, &count, &e, &d);
	ck_assert_msg(rc == TT_OK, "next: %s",
	              tu_diag_str(&d, buf, sizeof buf));
	if (ended)
		*ended = e;
	else
		ck_assert(!e);
	return count;
}

static tt_workload_spec synthetic_spec(tt_shape_spec shape)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_SYNTHETIC;
	spec.loc = here;
	spec.shape = shape;
	return spec;
}

/* 1/min in 10 s periods: E = k/6, rounded half away from zero. */
START_TEST(carried_rounding_sixths)
{
	tt_workload_spec spec = synthetic_spec(constant(1));
	tt_workload *w = open_ok(&spec, 1, 10 * S);
	static const int want[12] = {0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0};
	for (int i = 0; i < 12; i++)
		ck_assert_uint_eq(next_ok(w, NULL), (uint64_t)want[i]);
	uint64_t total = 2;
	for (int i = 12; i < 360; i++)
		total += next_ok(w, NULL);
	ck_assert_uint_eq(total, 60);
	ck_assert(!tt_workload_wallclock(w, &(int64_t){0}));
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
	tt_workload_spec spec = synthetic_spec(constant(rate));
	tt_workload *w = open_ok(&spec, 1, p);
	uint64_t total = 0;
	for (int i = 0; i < carry_cases[_i].periods; i++) {
		uint64_t c = next_ok(w, NULL);
		ck_assert_uint_ge(c, carry_cases[_i].lo);
		ck_assert_uint_le(c, carry_cases[_i].hi);
		total += c;
		double exact = rate * (double)((i + 1) * p) / (double)MIN;
		ck_assert_double_le(fabs((double)total - exact), 0.5 + 1e-6);
	}
	tt_workload_close(w);
}
END_TEST

/* A day of each shape, in 7 s periods, sums to its rounded integral. */
START_TEST(carried_rounding_shapes)
{
	for (int k = SH_STEP; k <= SH_PRODUCT_NESTED; k++) {
		shape_box b;
		memset(&b, 0, sizeof b);
		make_shape(k, &b);
		tt_workload_spec spec = synthetic_spec(b.top);
		tt_workload *w = open_ok(&spec, 1, 7 * S);
		uint64_t total = 0;
		int n = (int)(DAY / (7 * S));
		for (int i = 0; i < n; i++)
			total += next_ok(w, NULL);
		double exact = tt_shape_expected(&b.top, 0, n * 7 * S);
		ck_assert_msg(fabs((double)total - exact) <= 0.5 + 1e-6,
		              "shape %d: %llu vs %.6f", k,
		              (unsigned long long)total, exact);
		tt_workload_close(w);
	}
}
END_TEST

/* Exact per-period counts of a spike and of a product. */
START_TEST(pipeline_counts)
{
	/* 0 then a jump to 600/min at 2 min decaying over 1 min: minute
	 * k >= 2 holds 600 (e^-(k-2) - e^-(k-1)): 379.27, 139.53, 51.33,
	 * 18.88, 6.95, 2.56, 0.94, 0.35; carried, the running total is
	 * rounded, so 0.94 gives 0 and 0.35 then gives 1 */
	tt_workload_spec spec = synthetic_spec(spike(0, 600, 2 * MIN, 0, MIN));
	tt_workload *w = open_ok(&spec, 1, MIN);
	static const uint64_t want[] = {0, 0, 379, 140, 51, 19, 7, 3, 0, 1};
	for (int i = 0; i < COUNT(want); i++)
		ck_assert_uint_eq(next_ok(w, NULL), want[i]);
	tt_workload_close(w);

	/* 120/min x (1, then 0.5 from 10 min), 5-minute periods */
	shape_box b;
	memset(&b, 0, sizeof b);
	make_shape(SH_PRODUCT_STEP, &b);
	spec = synthetic_spec(b.top);
	w = open_ok(&spec, 1, 5 * MIN);
	static const uint64_t want2[] = {600, 600, 300, 300};
	for (int i = 0; i < COUNT(want2); i++)
		ck_assert_uint_eq(next_ok(w, NULL), want2[i]);
	tt_workload_close(w);
}
END_TEST

/* Transforms in the scenario's order: a shift, a slice played twice. */
START_TEST(pipeline_transforms)
{
	tt_transform t[3] = {
	        {.kind = TT_TRANSFORM_SHIFT, .shift_us = 30 * S},
	        {.kind = TT_TRANSFORM_SLICE, .from_us = 0, .to_us = 5 * MIN},
	        {.kind = TT_TRANSFORM_REPEAT, .times = 1},
	};
	tt_workload_spec spec = synthetic_spec(constant(60));
	spec.transforms = t;
	spec.n_transforms = 3;
	tt_workload *w = open_ok(&spec, 1, MIN);
	/* 30 s of nothing then 60/min, cut at 5 min, then again */
	static const uint64_t want[] = {30, 60, 60, 60, 60, 30, 60, 60, 60, 60};
	for (int i = 0; i < COUNT(want); i++)
		ck_assert_uint_eq(next_ok(w, NULL), want[i]);
	bool ended = false;
	ck_assert_uint_eq(next_ok(w, &ended), 0);
	ck_assert(ended);
	tt_workload_close(w);

	/* speed-up by 2 then scale by 0.5: the same 60/min */
	tt_transform t2[2] = {
	        {.kind = TT_TRANSFORM_SPEEDUP, .factor = 2},
	        {.kind = TT_TRANSFORM_SCALE, .factor = 0.5},
	};
	spec.transforms = t2;
	spec.n_transforms = 2;
	w = open_ok(&spec, 1, MIN);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(next_ok(w, NULL), 60);
	tt_workload_close(w);
}
END_TEST

/* The same seed gives the same counts: Poisson draws from the workload
 * stream of that seed, one per period, with the period's expectation. */
START_TEST(poisson_determinism)
{
	tt_workload_spec spec = synthetic_spec(constant(90));
	spec.poisson = true;
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

/* Noise and the onoff shape draw from different streams: the switches
 * are the same with and without noise, so a minute that is off for all
 * of it (expectation exactly 0) has no noise either. */
START_TEST(poisson_onoff_streams)
{
	tt_shape_spec sh = onoff(600, 0, MIN, 2 * MIN);
	tt_workload_spec spec = synthetic_spec(sh);
	spec.poisson = true;
	tt_workload *noisy = open_ok(&spec, 4, MIN);
	tt_workload *again = open_ok(&spec, 4, MIN);
	tt_source *src = open_shape(&sh, 4, MIN);
	int silent = 0;
	for (int i = 0; i < 300; i++) {
		tt_interval iv;
		bool end;
		tt_diag d;
		ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_OK);
		uint64_t n = next_ok(noisy, NULL);
		ck_assert_uint_eq(n, next_ok(again, NULL));
		if (iv.count == 0) {
			ck_assert_uint_eq(n, 0);
			silent++;
		} else if (iv.count > 100) {
			ck_assert_uint_gt(n, 0);
		}
	}
	ck_assert_int_gt(silent, 30);
	tt_source_close(src);
	tt_workload_close(noisy);
	tt_workload_close(again);
}
END_TEST

START_TEST(poisson_mean)
{
	tt_workload_spec spec = synthetic_spec(constant(600));
	spec.poisson = true;
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
	tt_workload_spec spec = synthetic_spec(constant(0));
	tt_workload *w = open_ok(&spec, 1, HOUR);
	for (int i = 0; i < 24 * 400; i++) {
		bool ended = true;
		ck_assert_uint_eq(next_ok(w, &ended), 0);
		ck_assert(!ended);
	}
	tt_workload_close(w);
}
END_TEST

/* A bad shape or transform fails tt_workload_open with its message. */
START_TEST(pipeline_errors)
{
	tt_workload_spec spec = synthetic_spec(ramp(1, 2, MIN, 0));
	tt_workload *w = NULL;
	tt_diag d;
	char buf[1024];
	ck_assert_int_eq(tt_workload_open(&spec, 1, MIN, NULL, &w, &d),
	                 TT_EINVAL);
	ck_assert_ptr_null(w);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "scenario.yaml:3:5: error: 'end' must be after "
	                 "'start', got 0s <= 60s");

	tt_transform t = {.kind = TT_TRANSFORM_SLICE,
	                  .loc = {"scenario.yaml", 6, 7},
	                  .from_us = 0,
	                  .to_us = HOUR,
	                  .slice_unix = true};
	spec = synthetic_spec(constant(1));
	spec.transforms = &t;
	spec.n_transforms = 1;
	ck_assert_int_eq(tt_workload_open(&spec, 1, MIN, NULL, &w, &d),
	                 TT_EINVAL);
	ck_assert_ptr_null(w);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "scenario.yaml:6:7: error: a calendar slice needs a "
	                 "trace with calendar times");
}
END_TEST

static void add_loop(Suite *s, const char *name, const TTest *test, int n)
{
	TCase *tc = tcase_create(name);
	tcase_add_loop_test(tc, test, 0, n);
	suite_add_tcase(s, tc);
}

int main(void)
{
	Suite *s = suite_create("synthetic");
	add_loop(s, "integrals", shape_integrals, COUNT(integral_cases));
	add_loop(s, "onoff_mean", onoff_long_run_mean, COUNT(onoff_mean_cases));
	add_loop(s, "bad_shapes", bad_shapes, COUNT(bad_shape_cases));
	add_loop(s, "transforms", transforms, COUNT(xf_cases));
	add_loop(s, "bad_transforms", bad_transforms, COUNT(bad_xf_cases));
	add_loop(s, "carried_rounding_totals", carried_rounding_totals,
	         COUNT(carry_cases));
	const tu_case cases[] = {
	        {"diurnal_crest_and_trough", diurnal_crest_and_trough},
	        {"integrals_are_additive", integrals_are_additive},
	        {"interval_sequences", interval_sequences},
	        {"onoff_determinism", onoff_determinism},
	        {"onoff_streams", onoff_streams_in_document_order},
	        {"onoff_in_a_product", onoff_in_a_product},
	        {"speedup_note", speedup_note},
	        {"repeat_errors", repeat_errors},
	        {"repeat_overlap_behind_seek", repeat_overlap_behind_seek},
	        {"carried_rounding_sixths", carried_rounding_sixths},
	        {"carried_rounding_shapes", carried_rounding_shapes},
	        {"pipeline_counts", pipeline_counts},
	        {"pipeline_transforms", pipeline_transforms},
	        {"poisson_determinism", poisson_determinism},
	        {"poisson_onoff_streams", poisson_onoff_streams},
	        {"poisson_mean", poisson_mean},
	        {"synthetic_never_ends", synthetic_never_ends},
	        {"pipeline_errors", pipeline_errors},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
