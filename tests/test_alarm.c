/*
 * test_alarm.c - M of N evaluation, the four comparison operators, the
 * four treatments of missing data, INSUFFICIENT_DATA, the sliding window,
 * and a user alarm's buckets and lag (metrics.h).
 */
#include <check.h>

#include "testutil.h"
#include "alarm.h"

#define S(x) ((tt_time_us)(x)*TT_US_PER_S)

/* Datapoints as a string: digits are values (x10), '.' is missing. */
static void fill(tt_series *s, const char *points)
{
	for (int64_t k = 0; points[k]; k++) {
		if (points[k] == '.')
			tt_series_put(s, k, false, 0);
		else
			tt_series_put(s, k, true, (points[k] - '0') * 10.0);
	}
}

enum {
	GT = TT_ALARM_OP_GT,
	GE = TT_ALARM_OP_GE,
	LT = TT_ALARM_OP_LT,
	LE = TT_ALARM_OP_LE
};
enum {
	MISS = TT_MISSING_MISSING,
	NOTB = TT_MISSING_NOT_BREACHING,
	BR = TT_MISSING_BREACHING,
	IGN = TT_MISSING_IGNORE
};

static const struct {
	const char *points;
	int datapoints, periods;
	int op;
	double threshold;
	int missing;
	int64_t newest; /* -2: the last point */
	tt_alarm_state want;
} cases[] = {
        /* ---- target tracking's alarms: > or <, N of N, missing ---- */
        /* G1's shape: 3 of 3 above 70 */
        {"888", 3, 3, GT, 70, MISS, -2, TT_ALARM_ALARM},
        {"788", 3, 3, GT, 70, MISS, -2, TT_ALARM_OK},
        /* the window is the last three: older breaches do not count */
        {"8887", 3, 3, GT, 70, MISS, -2, TT_ALARM_OK},
        /* a missing datapoint never breaches */
        {"8.8", 3, 3, GT, 70, MISS, -2, TT_ALARM_OK},
        /* but 2 of 3 tolerates it */
        {"8.8", 2, 3, GT, 70, MISS, -2, TT_ALARM_ALARM},
        /* all missing: INSUFFICIENT_DATA */
        {"8...", 3, 3, GT, 70, MISS, -2, TT_ALARM_INSUFFICIENT_DATA},
        /* before the window fills, earlier positions count as missing */
        {"88", 3, 3, GT, 70, MISS, -2, TT_ALARM_OK},
        {"", 3, 3, GT, 70, MISS, -1, TT_ALARM_INSUFFICIENT_DATA},
        /* nothing visible yet */
        {"888", 3, 3, GT, 70, MISS, -1, TT_ALARM_INSUFFICIENT_DATA},
        /* equal to the threshold is not a breach, either way */
        {"777", 3, 3, GT, 70, MISS, -2, TT_ALARM_OK},
        {"777", 3, 3, LT, 70, MISS, -2, TT_ALARM_OK},
        {"666", 3, 3, LT, 70, MISS, -2, TT_ALARM_ALARM},
        /* evaluating an older window (a publication delay) */
        {"8889", 3, 3, GT, 70, MISS, 2, TT_ALARM_ALARM},
        /* at the start, one breaching point and two "before the start" */
        {"0888", 3, 3, LT, 10, MISS, 0, TT_ALARM_OK},
        {"0888", 1, 3, LT, 10, MISS, 0, TT_ALARM_ALARM},

        /* ---- the OrEqualTo operators breach on the threshold ---- */
        {"777", 3, 3, GE, 70, MISS, -2, TT_ALARM_ALARM},
        {"777", 3, 3, LE, 70, MISS, -2, TT_ALARM_ALARM},
        {"666", 3, 3, GE, 70, MISS, -2, TT_ALARM_OK},
        {"888", 3, 3, LE, 70, MISS, -2, TT_ALARM_OK},
        {"678", 2, 3, GE, 70, MISS, -2, TT_ALARM_ALARM},
        {"678", 2, 3, LE, 70, MISS, -2, TT_ALARM_ALARM},
        {"678", 2, 3, GT, 70, MISS, -2, TT_ALARM_OK},
        {"678", 2, 3, LT, 70, MISS, -2, TT_ALARM_OK},

        /* ---- M of N: the breaches need not be consecutive ---- */
        {"8787", 2, 4, GT, 70, MISS, -2, TT_ALARM_ALARM},
        {"7778", 2, 4, GT, 70, MISS, -2, TT_ALARM_OK},
        {"7778", 1, 4, GT, 70, MISS, -2, TT_ALARM_ALARM},
        /* S8: Sum > 1 over one bucket, 1 of 1: 1 is not, 2 is */
        {"1", 1, 1, GT, 15, MISS, -2, TT_ALARM_OK},
        {"2", 1, 1, GT, 15, MISS, -2, TT_ALARM_ALARM},

        /* ---- TreatMissingData ---- */
        /* a gap in a breaching window */
        {"8.8", 3, 3, GT, 70, BR, -2, TT_ALARM_ALARM},
        {"8.8", 3, 3, GT, 70, NOTB, -2, TT_ALARM_OK},
        {"8.8", 3, 3, GT, 70, IGN, -2, TT_ALARM_OK},
        {"8.8", 2, 3, GT, 70, NOTB, -2, TT_ALARM_ALARM},
        /* breaching counts a gap as a breach, not more */
        {"7..", 3, 3, GT, 70, BR, -2, TT_ALARM_OK},
        {"7..", 2, 3, GT, 70, BR, -2, TT_ALARM_ALARM},
        /* every datapoint missing */
        {"8...", 3, 3, GT, 70, BR, -2, TT_ALARM_ALARM},
        {"8...", 3, 3, GT, 70, NOTB, -2, TT_ALARM_OK},
        {"8...", 3, 3, GT, 70, IGN, -2, TT_ALARM_INSUFFICIENT_DATA},
        /* positions before the start are missing like any other */
        {"8", 3, 3, GT, 70, BR, -2, TT_ALARM_ALARM},
        {"", 3, 3, GT, 70, BR, -1, TT_ALARM_ALARM},
        {"", 3, 3, GT, 70, NOTB, -1, TT_ALARM_OK},
        /* below the threshold, a gap breaching a LessThan alarm */
        {"6.6", 3, 3, LT, 70, BR, -2, TT_ALARM_ALARM},
        {"6.6", 3, 3, LE, 70, NOTB, -2, TT_ALARM_OK},
        /* present datapoints decide as usual under every treatment */
        {"777", 3, 3, GT, 70, BR, -2, TT_ALARM_OK},
        {"777", 3, 3, GT, 70, IGN, -2, TT_ALARM_OK},
        {"888", 3, 3, GT, 70, NOTB, -2, TT_ALARM_ALARM},
};

START_TEST(window_cases)
{
	tt_series s;
	ck_assert_int_eq(tt_series_init(&s, 20), TT_OK);
	fill(&s, cases[_i].points);
	tt_alarm a;
	tt_alarm_shape sh = {cases[_i].datapoints, cases[_i].periods};
	tt_alarm_init(&a, (tt_alarm_op)cases[_i].op, cases[_i].threshold, sh,
	              (tt_missing_data)cases[_i].missing);
	ck_assert_int_eq(a.state, TT_ALARM_INSUFFICIENT_DATA);
	int64_t newest = cases[_i].newest == -2 ? s.newest : cases[_i].newest;
	ck_assert_msg(tt_alarm_evaluate(&a, &s, newest) == cases[_i].want,
	              "case %d (%s): got %s", _i, cases[_i].points,
	              tt_alarm_state_name(a.state));
	tt_series_release(&s);
}
END_TEST

/* ignore: a window with no datapoint keeps whatever state it had. */
START_TEST(ignore_keeps_the_state)
{
	static const char *const lead[] = {"888", "777"};
	static const tt_alarm_state after[] = {TT_ALARM_ALARM, TT_ALARM_OK};
	for (int i = 0; i < 2; i++) {
		tt_series s;
		ck_assert_int_eq(tt_series_init(&s, 20), TT_OK);
		fill(&s, lead[i]);
		tt_alarm a;
		tt_alarm_init(&a, TT_ALARM_OP_GT, 70, (tt_alarm_shape){3, 3},
		              TT_MISSING_IGNORE);
		ck_assert_int_eq(tt_alarm_evaluate(&a, &s, 2), after[i]);
		/* the next evaluation finds the whole window missing */
		for (int64_t k = 3; k < 8; k++)
			tt_series_put(&s, k, false, 0);
		ck_assert_int_eq(tt_alarm_evaluate(&a, &s, 7), after[i]);
		ck_assert_int_eq(tt_alarm_evaluate(&a, &s, 7), after[i]);
		/* missing would have said so */
		a.missing = TT_MISSING_MISSING;
		ck_assert_int_eq(tt_alarm_evaluate(&a, &s, 7),
		                 TT_ALARM_INSUFFICIENT_DATA);
		tt_series_release(&s);
	}
}
END_TEST

/*
 * The sliding count gives what a full count gives, at every step, for
 * every operator, treatment and shape, over a series with gaps; also when
 * the evaluations skip periods or repeat one.
 */
START_TEST(sliding_window_equals_a_full_count)
{
	uint64_t x = 12345;
	for (int op = 0; op < 4; op++)
		for (int mis = 0; mis < 4; mis++)
			for (int n = 1; n <= 6; n++)
				for (int mm = 1; mm <= n; mm++) {
					tt_series s;
					ck_assert_int_eq(
					        tt_series_init(&s,
					                       (size_t)n + 2),
					        TT_OK);
					tt_alarm slide;
					tt_alarm_init(&slide, (tt_alarm_op)op,
					              5,
					              (tt_alarm_shape){mm, n},
					              (tt_missing_data)mis);
					for (int64_t k = 0; k < 60; k++) {
						x = x * 6364136223846793005u +
						    1442695040888963407u;
						int r = (int)(x >>
						              60); /* 0..15 */
						tt_series_put(&s, k, r < 11, r);
						/* mostly every period, some
						 * skipped or repeated */
						if (r == 3)
							continue;
						int64_t at = r == 4 && k > 0
						                     ? k - 1
						                     : k;
						tt_alarm fresh = slide;
						fresh.counted = false;
						tt_alarm_evaluate(&slide, &s,
						                  at);
						tt_alarm_evaluate(&fresh, &s,
						                  at);
						ck_assert_int_eq(slide.state,
						                 fresh.state);
						ck_assert_int_eq(slide.present,
						                 fresh.present);
						ck_assert_int_eq(
						        slide.breaching,
						        fresh.breaching);
					}
					tt_series_release(&s);
				}
}
END_TEST

START_TEST(window_for_a_step_value)
{
	tt_series s;
	ck_assert_int_eq(tt_series_init(&s, 20), TT_OK);
	fill(&s, "28.9");
	tt_alarm a;
	tt_alarm_init(&a, TT_ALARM_OP_GT, 50, (tt_alarm_shape){1, 3},
	              TT_MISSING_MISSING);
	double v[3];
	unsigned char p[3];
	ck_assert_uint_eq(tt_alarm_window(&a, &s, v, p), 0);
	tt_alarm_evaluate(&a, &s, 3);
	ck_assert_uint_eq(tt_alarm_window(&a, &s, v, p), 3);
	ck_assert(p[0] && v[0] == 80);
	ck_assert(!p[1]);
	ck_assert(p[2] && v[2] == 90);
	tt_series_release(&s);
}
END_TEST

START_TEST(alarm_from_its_definition)
{
	tt_alarm_def def = {0};
	def.op = TT_ALARM_OP_LE;
	def.threshold = 3;
	def.evaluation_periods = 5;
	def.datapoints_to_alarm = 2;
	def.missing = TT_MISSING_BREACHING;
	tt_alarm a;
	tt_alarm_init_def(&a, &def);
	ck_assert_int_eq(a.op, TT_ALARM_OP_LE);
	ck_assert(a.threshold == 3);
	ck_assert_int_eq(a.shape.datapoints, 2);
	ck_assert_int_eq(a.shape.periods, 5);
	ck_assert_int_eq(a.missing, TT_MISSING_BREACHING);
	ck_assert_int_eq(a.state, TT_ALARM_INSUFFICIENT_DATA);
	ck_assert(tt_alarm_breaches(&a, 3) && !tt_alarm_breaches(&a, 3.5));
}
END_TEST

START_TEST(series_ring_forgets_old_and_skipped_periods)
{
	tt_series s;
	double v;
	tt_series_init(&s, 4);
	tt_series_put(&s, 0, true, 1);
	tt_series_put(&s, 1, true, 2);
	tt_series_put(&s, 5, true, 6);        /* 2..4 skipped */
	ck_assert(!tt_series_get(&s, 0, &v)); /* fell out of the ring */
	ck_assert(!tt_series_get(&s, 1, &v));
	ck_assert(!tt_series_get(&s, 3, &v)); /* skipped reads as missing */
	ck_assert(!tt_series_get(&s, 4, &v));
	ck_assert(tt_series_get(&s, 5, &v));
	ck_assert(v == 6);
	ck_assert(!tt_series_get(&s, 6, &v)); /* not yet written */
	ck_assert(!tt_series_get(&s, -1, &v));
	tt_series_release(&s);
}
END_TEST

/* SPEC.md 12.2's lag: a multiple of the Period covering delay and
 * resolution; section 3's 60 s when Period = resolution = 60 s. */
START_TEST(lag_of_a_user_alarm)
{
	ck_assert_int_eq(tt_alarm_lag_us(S(60), S(60), S(60)), S(60));
	ck_assert_int_eq(tt_alarm_lag_us(S(10), S(10), S(10)), S(10));
	ck_assert_int_eq(tt_alarm_lag_us(S(300), S(60), S(60)), S(300));
	ck_assert_int_eq(tt_alarm_lag_us(S(30), S(60), S(60)), S(90));
	ck_assert_int_eq(tt_alarm_lag_us(S(10), S(60), S(60)), S(110));
	ck_assert_int_eq(tt_alarm_lag_us(S(60), S(10), S(10)), S(60));
	ck_assert_int_eq(tt_alarm_lag_us(S(60), S(60), 0), 0);
}
END_TEST

/* Buckets of a longer Period aggregate by the alarm's statistic. */
START_TEST(buckets_aggregate_by_statistic)
{
	static const struct {
		tt_statistic st;
		double want;
	} stats[] = {{TT_STAT_SUM, 12},
	             {TT_STAT_SAMPLE_COUNT, 12},
	             {TT_STAT_AVERAGE, 4},
	             {TT_STAT_MINIMUM, 1},
	             {TT_STAT_MAXIMUM, 8}};
	for (size_t i = 0; i < sizeof stats / sizeof *stats; i++) {
		tt_buckets b;
		double v;
		ck_assert_int_eq(
		        tt_buckets_init(&b, S(300), S(60), stats[i].st, 8),
		        TT_OK);
		/* bucket 0: 1, 8, missing, 3, missing */
		tt_buckets_add(&b, S(0), true, 1);
		tt_buckets_add(&b, S(60), true, 8);
		tt_buckets_add(&b, S(120), false, 0);
		tt_buckets_add(&b, S(180), true, 3);
		ck_assert(!tt_series_get(&b.series, 0, &v)); /* not yet */
		tt_buckets_add(&b, S(240), false, 0);
		ck_assert(tt_series_get(&b.series, 0, &v));
		ck_assert_msg(v == stats[i].want, "%s: %g",
		              tt_statistic_name(stats[i].st), v);
		/* bucket 1: all missing */
		for (int k = 5; k < 10; k++)
			tt_buckets_add(&b, S(60 * k), false, 0);
		ck_assert(!tt_series_get(&b.series, 1, &v));
		ck_assert_int_eq(b.series.newest, 1);
		tt_buckets_release(&b);
	}
}
END_TEST

/* [doc] a sub-minute Period on a 60 s metric: 30 s finds every other
 * bucket missing. */
START_TEST(buckets_shorter_than_the_resolution)
{
	tt_buckets b;
	double v;
	ck_assert_int_eq(tt_buckets_init(&b, S(30), S(60), TT_STAT_SUM, 8),
	                 TT_OK);
	tt_buckets_add(&b, S(0), true, 5);
	tt_buckets_add(&b, S(60), true, 6);
	tt_buckets_add(&b, S(120), true, 7);
	ck_assert(tt_series_get(&b.series, 0, &v) && v == 5);
	ck_assert(!tt_series_get(&b.series, 1, &v));
	ck_assert(tt_series_get(&b.series, 2, &v) && v == 6);
	ck_assert(!tt_series_get(&b.series, 3, &v));
	ck_assert(tt_series_get(&b.series, 4, &v) && v == 7);
	tt_buckets_release(&b);
	/* Period = resolution: one datapoint, one bucket */
	ck_assert_int_eq(tt_buckets_init(&b, S(60), S(60), TT_STAT_MAXIMUM, 8),
	                 TT_OK);
	tt_buckets_add(&b, S(0), true, 5);
	tt_buckets_add(&b, S(60), false, 0);
	ck_assert(tt_series_get(&b.series, 0, &v) && v == 5);
	ck_assert(!tt_series_get(&b.series, 1, &v));
	ck_assert_int_eq(b.series.newest, 1);
	tt_buckets_release(&b);
}
END_TEST

START_TEST(state_names)
{
	ck_assert_str_eq(tt_alarm_state_name(TT_ALARM_OK), "OK");
	ck_assert_str_eq(tt_alarm_state_name(TT_ALARM_ALARM), "ALARM");
	ck_assert_str_eq(tt_alarm_state_name(TT_ALARM_INSUFFICIENT_DATA),
	                 "INSUFFICIENT_DATA");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("alarm");
	TCase *tc = tcase_create("window");
	tcase_add_loop_test(tc, window_cases, 0,
	                    (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, ignore_keeps_the_state);
	tcase_add_test(tc, window_for_a_step_value);
	tcase_add_test(tc, alarm_from_its_definition);
	suite_add_tcase(s, tc);
	tc = tcase_create("sliding");
	tcase_add_test(tc, sliding_window_equals_a_full_count);
	suite_add_tcase(s, tc);
	tc = tcase_create("series");
	tcase_add_test(tc, series_ring_forgets_old_and_skipped_periods);
	suite_add_tcase(s, tc);
	tc = tcase_create("buckets");
	tcase_add_test(tc, lag_of_a_user_alarm);
	tcase_add_test(tc, buckets_aggregate_by_statistic);
	tcase_add_test(tc, buckets_shorter_than_the_resolution);
	suite_add_tcase(s, tc);
	tc = tcase_create("names");
	tcase_add_test(tc, state_names);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
