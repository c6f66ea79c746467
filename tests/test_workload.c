/*
 * test_workload.c - from intervals to per-period counts: the resampling,
 * rounding and noise every workload goes through (src/workload.c).
 *
 * The sources here are made by hand (a fixed list of intervals), so each
 * case pins one rule; the shapes and the trace readers have suites of
 * their own (test_synthetic.c, test_traces.c).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "testutil.h"
#include "workload_source.h"

#define S(x) ((tt_time_us)(x)*TT_US_PER_S)

/* A source that plays back a fixed list of intervals. */
typedef struct list_source {
	tt_source base;
	const tt_interval *items;
	size_t n;
	size_t next;
	tt_code fail_at_end; /* fail instead of ending (a bad last row) */
} list_source;

static tt_code list_next(tt_source *src, tt_interval *out, bool *end,
                         tt_diag *d)
{
	list_source *l = (list_source *)src;
	if (l->next == l->n) {
		if (l->fail_at_end)
			return tt_diag_set(d, l->fail_at_end,
			                   (tt_loc){"t.csv", 9, 1}, "bad row");
		*end = true;
		return TT_OK;
	}
	*end = false;
	*out = l->items[l->next++];
	return TT_OK;
}

static tt_code list_rewind(tt_source *src, tt_diag *d)
{
	(void)d;
	((list_source *)src)->next = 0;
	return TT_OK;
}

static void list_close(tt_source *src)
{
	free(src);
}

static const tt_source_ops list_ops = {.next = list_next, .rewind = list_rewind, .close = list_close};

static tt_source *list_open(const tt_interval *items, size_t n)
{
	list_source *l = calloc(1, sizeof *l);
	ck_assert_ptr_nonnull(l);
	l->base.ops = &list_ops;
	l->items = items;
	l->n = n;
	return &l->base;
}

/* Counts of the first `n` periods of `period` seconds; *ended_at gets the
 * index of the first ended period (or n). */
static void counts(tt_source *src, long period, bool poisson, uint64_t *out,
                   size_t n, size_t *ended_at)
{
	tt_workload *w;
	tt_diag d;
	ck_assert_int_eq(
	        tt_workload_from_source(src, 1, S(period), poisson, &w, &d),
	        TT_OK);
	*ended_at = n;
	for (size_t i = 0; i < n; i++) {
		bool ended;
		ck_assert_int_eq(tt_workload_next(w, &out[i], &ended, &d),
		                 TT_OK);
		if (ended && *ended_at == n)
			*ended_at = i;
		if (ended)
			ck_assert_uint_eq(out[i], 0);
	}
	tt_workload_close(w);
}

START_TEST(equal_periods_pass_through)
{
	const tt_interval iv[] = {
	        {S(0), S(60), 5, NULL},
	        {S(60), S(60), 7, NULL},
	        {S(180), S(60), 2, NULL}, /* a gap: zero traffic */
	};
	uint64_t c[6];
	size_t ended;
	counts(list_open(iv, 3), 60, false, c, 6, &ended);
	const uint64_t want[4] = {5, 7, 0, 2};
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(c[i], want[i]);
	ck_assert_uint_eq(ended, 4);
}
END_TEST

START_TEST(long_intervals_spread_over_short_periods)
{
	/* 60 over a minute into 10 s periods: 10 each */
	const tt_interval iv[] = {{S(0), S(60), 60, NULL},
	                          {S(60), S(60), 1.2, NULL}};
	uint64_t c[13];
	size_t ended;
	counts(list_open(iv, 2), 10, false, c, 13, &ended);
	for (int i = 0; i < 6; i++)
		ck_assert_uint_eq(c[i], 10);
	/* 1.2 invocations over six periods: carried rounding puts one
	 * where the running total first passes a half (60.6 at 90 s) */
	uint64_t sum = 0;
	for (int i = 6; i < 12; i++)
		sum += c[i];
	ck_assert_uint_eq(sum, 1);
	ck_assert_uint_eq(c[6] + c[7], 0);
	ck_assert_uint_eq(c[8], 1);
	ck_assert_uint_eq(ended, 12);
}
END_TEST

START_TEST(short_intervals_add_up_in_long_periods)
{
	tt_interval iv[12];
	for (int i = 0; i < 12; i++)
		iv[i] = (tt_interval){S(10 * i), S(10), (double)i, NULL};
	uint64_t c[3];
	size_t ended;
	counts(list_open(iv, 12), 60, false, c, 3, &ended);
	ck_assert_uint_eq(c[0], 0 + 1 + 2 + 3 + 4 + 5);
	ck_assert_uint_eq(c[1], 6 + 7 + 8 + 9 + 10 + 11);
	ck_assert_uint_eq(ended, 2);
}
END_TEST

START_TEST(points_fall_in_the_period_that_holds_them)
{
	const tt_interval iv[] = {
	        {0, 0, 1, NULL},     {S(59) + 999999, 0, 1, NULL},
	        {S(60), 0, 1, NULL}, /* on the boundary: the later period */
	        {S(60), 0, 1, NULL}, {S(150), 0, 1, NULL},
	};
	uint64_t c[4];
	size_t ended;
	counts(list_open(iv, 5), 60, false, c, 4, &ended);
	ck_assert_uint_eq(c[0], 2);
	ck_assert_uint_eq(c[1], 2);
	ck_assert_uint_eq(c[2], 1);
	ck_assert_uint_eq(ended, 3);
}
END_TEST

START_TEST(overlapping_intervals_both_count)
{
	const tt_interval iv[] = {{0, S(120), 120, NULL},
	                          {S(30), S(60), 60, NULL}};
	uint64_t c[3];
	size_t ended;
	counts(list_open(iv, 2), 60, false, c, 3, &ended);
	ck_assert_uint_eq(c[0], 60 + 30);
	ck_assert_uint_eq(c[1], 60 + 30);
	ck_assert_uint_eq(ended, 2);
}
END_TEST

START_TEST(carried_rounding_keeps_the_total)
{
	/* 0.05 per period for 1000 periods: 50 in all, never more than half
	 * an invocation from the running expectation */
	tt_interval iv[1000];
	for (int i = 0; i < 1000; i++)
		iv[i] = (tt_interval){S(60 * i), S(60), 0.05, NULL};
	static uint64_t c[1000];
	size_t ended;
	counts(list_open(iv, 1000), 60, false, c, 1000, &ended);
	uint64_t total = 0;
	for (int i = 0; i < 1000; i++) {
		total += c[i];
		double exact = 0.05 * (i + 1);
		ck_assert(total + 0.5 >= exact && total <= exact + 0.5);
	}
	ck_assert_uint_eq(total, 50);
}
END_TEST

START_TEST(poisson_noise_is_seeded)
{
	tt_interval iv[200];
	for (int i = 0; i < 200; i++)
		iv[i] = (tt_interval){S(60 * i), S(60), 100, NULL};
	uint64_t a[200], b[200];
	size_t ended;
	counts(list_open(iv, 200), 60, true, a, 200, &ended);
	counts(list_open(iv, 200), 60, true, b, 200, &ended);
	uint64_t total = 0;
	bool varies = false;
	for (int i = 0; i < 200; i++) {
		ck_assert_uint_eq(a[i], b[i]);
		total += a[i];
		varies |= a[i] != 100;
	}
	ck_assert(varies);
	/* mean 100 per period: 20000 +- 4 standard deviations (~566) */
	ck_assert(total > 19434 && total < 20566);
}
END_TEST

START_TEST(a_source_error_reaches_the_caller)
{
	const tt_interval iv[] = {{0, S(60), 1, NULL}};
	list_source *l = (list_source *)list_open(iv, 1);
	l->fail_at_end = TT_ESYNTAX;
	tt_workload *w;
	tt_diag d;
	ck_assert_int_eq(
	        tt_workload_from_source(&l->base, 1, S(60), false, &w, &d),
	        TT_OK);
	uint64_t c;
	bool ended;
	/* the first period already reads ahead to the failing row */
	ck_assert_int_eq(tt_workload_next(w, &c, &ended, &d), TT_ESYNTAX);
	char msg[256];
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "t.csv:9:1: error: bad row");
	tt_workload_close(w);
}
END_TEST

START_TEST(an_empty_source_ends_at_once)
{
	uint64_t c[2];
	size_t ended;
	counts(list_open(NULL, 0), 60, false, c, 2, &ended);
	ck_assert_uint_eq(ended, 0);
}
END_TEST

/* Arrivals (request mode) of a list source: up to n, returns how many. */
static size_t arrivals(tt_source *src, long period, tt_arrivals how,
                       tt_time_us *out, size_t n)
{
	tt_workload *w;
	tt_diag d;
	ck_assert_int_eq(
	        tt_workload_from_source(src, 1, S(period), false, &w, &d),
	        TT_OK);
	tt_workload_set_arrivals(w, how);
	size_t got = 0;
	while (got < n) {
		const double *attrs;
		bool end;
		ck_assert_int_eq(tt_workload_next_arrival(w, &out[got], &attrs,
		                                          &end, &d),
		                 TT_OK);
		if (end)
			break;
		got++;
	}
	tt_workload_close(w);
	return got;
}

START_TEST(points_arrive_as_recorded)
{
	const tt_interval iv[] = {
	        {S(1), 0, 1, NULL}, {S(1), 0, 1, NULL}, {S(7), 0, 1, NULL}};
	tt_time_us t[8];
	ck_assert_uint_eq(
	        arrivals(list_open(iv, 3), 60, TT_ARRIVALS_POISSON, t, 8), 3);
	ck_assert_int_eq(t[0], S(1));
	ck_assert_int_eq(t[1], S(1));
	ck_assert_int_eq(t[2], S(7));
}
END_TEST

START_TEST(scaled_points_keep_their_total)
{
	tt_interval iv[10];
	for (int i = 0; i < 10; i++)
		iv[i] = (tt_interval){S(i), 0, 0.5, NULL};
	tt_time_us t[10];
	ck_assert_uint_eq(
	        arrivals(list_open(iv, 10), 60, TT_ARRIVALS_POISSON, t, 10), 5);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(t[i], S(2 * i));
}
END_TEST

START_TEST(counts_spread_evenly_with_uniform_arrivals)
{
	const tt_interval iv[] = {{0, S(60), 4, NULL}, {S(60), S(60), 2, NULL}};
	tt_time_us t[8];
	ck_assert_uint_eq(
	        arrivals(list_open(iv, 2), 60, TT_ARRIVALS_UNIFORM, t, 8), 6);
	const tt_time_us want[] = {7500000,  22500000, 37500000,
	                           52500000, S(75),    S(105)};
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(t[i], want[i]);
}
END_TEST

START_TEST(poisson_arrivals_keep_counts_and_order)
{
	tt_interval iv[50];
	for (int i = 0; i < 50; i++)
		iv[i] = (tt_interval){S(60 * i), S(60), (double)(i * 7 % 23),
		                      NULL};
	static tt_time_us t[2000];
	size_t n =
	        arrivals(list_open(iv, 50), 60, TT_ARRIVALS_POISSON, t, 2000);
	size_t per[50] = {0};
	for (size_t i = 0; i < n; i++) {
		if (i)
			ck_assert_int_le(t[i - 1], t[i]);
		per[t[i] / S(60)]++;
	}
	for (int i = 0; i < 50; i++)
		ck_assert_uint_eq(per[i], (size_t)(i * 7 % 23));
}
END_TEST

/* ---- limits (docs/workloads.md) ---- */

/* The next period of `w` must fail with `msg`, and the one after too. */
static void next_fails(tt_workload *w, const char *msg)
{
	uint64_t count = 12345;
	bool ended;
	tt_diag d;
	char buf[1024];
	ck_assert_int_eq(tt_workload_next(w, &count, &ended, &d), TT_ERANGE);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), msg);
}

/*
 * The counts trace: 9,300 one-minute rows of 999999999999999.
 * The running total used to pass int64 and the last 77 periods came out
 * 0; now every period until the limit is exact, and the period that would
 * pass it is an error naming when.
 */
START_TEST(the_total_is_bounded)
{
	enum { ROWS = 9300 };
	static tt_interval iv[ROWS];
	for (int i = 0; i < ROWS; i++)
		iv[i] = (tt_interval){S(60 * i), S(60), 999999999999999.0,
		                      NULL};
	tt_workload *w;
	tt_diag d;
	ck_assert_int_eq(tt_workload_from_source(list_open(iv, ROWS), 1, S(60),
	                                         false, &w, &d),
	                 TT_OK);
	/* 9000 rows are 8999999999999991000, the 9001st passes 9e18 */
	for (int i = 0; i < 9000; i++) {
		uint64_t count;
		bool ended;
		ck_assert_int_eq(tt_workload_next(w, &count, &ended, &d),
		                 TT_OK);
		ck_assert(!ended);
		ck_assert_uint_eq(count, UINT64_C(999999999999999));
	}
	next_fails(w, "error: the workload comes to more than 9e18 "
	              "invocations by 540060s (at most 9e18)");
	tt_workload_close(w);
}
END_TEST

/*
 * Carried rounding keeps every invocation of a large total: 3e12 + 0.25 a
 * period for 4000 periods is exactly 12000000000001000.  (A plain double
 * running total holds only halves past 2^52 and would lose the quarters.)
 */
START_TEST(large_totals_keep_their_fractions)
{
	enum { N = 4000 };
	static tt_interval iv[N];
	for (int i = 0; i < N; i++)
		iv[i] = (tt_interval){S(60 * i), S(60), 3e12 + 0.25, NULL};
	uint64_t c[N];
	size_t ended;
	counts(list_open(iv, N), 60, false, c, N, &ended);
	uint64_t total = 0;
	for (int i = 0; i < N; i++) {
		/* each period is 3e12 or one more */
		ck_assert_uint_ge(c[i], UINT64_C(3000000000000));
		ck_assert_uint_le(c[i], UINT64_C(3000000000001));
		total += c[i];
	}
	ck_assert_uint_eq(total, UINT64_C(12000000000001000));
}
END_TEST

/* Poisson draws around means of 4e18 are defined and near their means,
 * and the third would pass the total. */
START_TEST(poisson_total_is_bounded)
{
	const tt_interval iv[] = {{0, S(60), 4e18, NULL},
	                          {S(60), S(60), 4e18, NULL},
	                          {S(120), S(60), 4e18, NULL}};
	tt_workload *w;
	tt_diag d;
	ck_assert_int_eq(tt_workload_from_source(list_open(iv, 3), 7, S(60),
	                                         true, &w, &d),
	                 TT_OK);
	for (int i = 0; i < 2; i++) {
		uint64_t count;
		bool ended;
		ck_assert_int_eq(tt_workload_next(w, &count, &ended, &d),
		                 TT_OK);
		/* sd 2e9 */
		ck_assert_double_lt(fabs((double)count - 4e18), 6 * 2e9 + 1024);
	}
	next_fails(w, "error: the workload comes to more than 9e18 "
	              "invocations by 180s (at most 9e18)");
	tt_workload_close(w);
}
END_TEST

/* An infinite or NaN expectation (transforms multiplying past the double
 * range) is refused, never rounded. */
START_TEST(non_finite_counts_are_refused)
{
	const double bad[] = {INFINITY, NAN, 1e19};
	for (int k = 0; k < 3; k++) {
		const tt_interval iv[] = {{0, S(60), 5, NULL},
		                          {S(60), S(60), bad[k], NULL}};
		for (int poisson = 0; poisson < 2; poisson++) {
			tt_workload *w;
			tt_diag d;
			uint64_t count;
			bool ended;
			ck_assert_int_eq(
			        tt_workload_from_source(list_open(iv, 2), 1,
			                                S(60), poisson, &w, &d),
			        TT_OK);
			ck_assert_int_eq(
			        tt_workload_next(w, &count, &ended, &d), TT_OK);
			next_fails(w,
			           "error: the workload comes to more than "
			           "9e18 invocations by 120s (at most 9e18)");
			tt_workload_close(w);
		}
	}
}
END_TEST

/* Request mode replays points one by one: their total is held too. */
START_TEST(points_total_is_bounded)
{
	const double bad[] = {1e19, INFINITY, NAN};
	for (int k = 0; k < 3; k++) {
		const tt_interval iv[] = {{S(1), 0, 1, NULL},
		                          {S(2), 0, bad[k], NULL}};
		tt_workload *w;
		tt_diag d;
		char buf[1024];
		ck_assert_int_eq(tt_workload_from_source(list_open(iv, 2), 1,
		                                         S(60), false, &w, &d),
		                 TT_OK);
		tt_time_us t;
		const double *attrs;
		bool end;
		ck_assert_int_eq(
		        tt_workload_next_arrival(w, &t, &attrs, &end, &d),
		        TT_OK);
		ck_assert_int_eq(t, S(1));
		ck_assert_int_eq(
		        tt_workload_next_arrival(w, &t, &attrs, &end, &d),
		        TT_ERANGE);
		ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
		                 "error: the workload comes to more than 9e18 "
		                 "invocations by 2s (at most 9e18)");
		tt_workload_close(w);
	}
}
END_TEST

/*
 * A synthetic workload's highest rate after scale and speed-up: exactly
 * the limit is allowed, past it the transform that takes it there is
 * named (the trace readers and the shapes hold their own values).
 */
START_TEST(synthetic_peak_after_transforms)
{
	static const struct {
		double rate, speedup, scale;
		tt_code code;
		const char *msg;
	} cases[] = {
	        {1e10, 2, 5, TT_OK, NULL},
	        {1e10, 2, 5.5, TT_ERANGE,
	         "s.yaml:9:7: error: 'scale' takes the workload's highest "
	         "rate to 1.1e+11/min (at most 1e11/min)"},
	        {6e10, 2, 0.5, TT_ERANGE,
	         "s.yaml:8:7: error: 'speedup' takes the workload's highest "
	         "rate to 1.2e+11/min (at most 1e11/min)"},
	        {6e10, 0.5, 2, TT_OK, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tt_transform tr[2] = {
		        {.kind = TT_TRANSFORM_SPEEDUP,
		         .loc = {"s.yaml", 8, 7},
		         .factor = cases[i].speedup},
		        {.kind = TT_TRANSFORM_SCALE,
		         .loc = {"s.yaml", 9, 7},
		         .factor = cases[i].scale},
		};
		tt_workload_spec spec;
		memset(&spec, 0, sizeof spec);
		spec.kind = TT_WORKLOAD_SYNTHETIC;
		spec.loc = (tt_loc){"s.yaml", 6, 3};
		spec.shape.shape = TT_SHAPE_CONSTANT;
		spec.shape.rate_per_min = cases[i].rate;
		spec.transforms = tr;
		spec.n_transforms = 2;
		tt_workload *w = NULL;
		tt_diag d;
		char buf[1024];
		tt_code rc = tt_workload_open(&spec, 1, S(60), NULL, &w, &d);
		ck_assert_int_eq(rc, cases[i].code);
		if (rc) {
			ck_assert_ptr_null(w);
			ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
			                 cases[i].msg);
			continue;
		}
		uint64_t count;
		bool ended;
		ck_assert_int_eq(tt_workload_next(w, &count, &ended, &d),
		                 TT_OK);
		ck_assert_double_eq_tol(
		        (double)count,
		        cases[i].rate * cases[i].speedup * cases[i].scale, 1);
		tt_workload_close(w);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("workload");
	const tu_case cases[] = {
	        {"pass-through", equal_periods_pass_through},
	        {"spread", long_intervals_spread_over_short_periods},
	        {"add-up", short_intervals_add_up_in_long_periods},
	        {"points", points_fall_in_the_period_that_holds_them},
	        {"overlap", overlapping_intervals_both_count},
	        {"rounding", carried_rounding_keeps_the_total},
	        {"poisson", poisson_noise_is_seeded},
	        {"errors", a_source_error_reaches_the_caller},
	        {"empty", an_empty_source_ends_at_once},
	        {"arrivals-points", points_arrive_as_recorded},
	        {"arrivals-scaled", scaled_points_keep_their_total},
	        {"arrivals-uniform",
	         counts_spread_evenly_with_uniform_arrivals},
	        {"arrivals-poisson", poisson_arrivals_keep_counts_and_order},
	        {"limit-total", the_total_is_bounded},
	        {"limit-fractions", large_totals_keep_their_fractions},
	        {"limit-poisson", poisson_total_is_bounded},
	        {"limit-non-finite", non_finite_counts_are_refused},
	        {"limit-points", points_total_is_bounded},
	        {"limit-synthetic-peak", synthetic_peak_after_transforms},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
