/*
 * test_alarm.c - M of N evaluation, missing data, INSUFFICIENT_DATA.
 */
#include <check.h>

#include "testutil.h"
#include "alarm.h"

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

static const struct {
	const char *points;
	int datapoints, periods;
	tt_alarm_cmp cmp;
	double threshold;
	int64_t newest; /* -2: the last point */
	tt_alarm_state want;
} cases[] = {
        /* G1's shape: 3 of 3 above 70 */
        {"888", 3, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_ALARM},
        {"788", 3, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_OK},
        /* the window is the last three: older breaches do not count */
        {"8887", 3, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_OK},
        /* a missing datapoint never breaches */
        {"8.8", 3, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_OK},
        /* but 2 of 3 tolerates it */
        {"8.8", 2, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_ALARM},
        /* all missing: INSUFFICIENT_DATA */
        {"8...", 3, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_INSUFFICIENT_DATA},
        /* before the window fills, earlier positions count as missing */
        {"88", 3, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_OK},
        {"", 3, 3, TT_CMP_GREATER, 70, -1, TT_ALARM_INSUFFICIENT_DATA},
        /* nothing visible yet */
        {"888", 3, 3, TT_CMP_GREATER, 70, -1, TT_ALARM_INSUFFICIENT_DATA},
        /* equal to the threshold is not a breach, either way */
        {"777", 3, 3, TT_CMP_GREATER, 70, -2, TT_ALARM_OK},
        {"777", 3, 3, TT_CMP_LESS, 70, -2, TT_ALARM_OK},
        {"666", 3, 3, TT_CMP_LESS, 70, -2, TT_ALARM_ALARM},
        /* evaluating an older window (a publication delay) */
        {"8889", 3, 3, TT_CMP_GREATER, 70, 2, TT_ALARM_ALARM},
        /* at the start, one breaching point and two "before the start" */
        {"0888", 3, 3, TT_CMP_LESS, 10, 0, TT_ALARM_OK},
        {"0888", 1, 3, TT_CMP_LESS, 10, 0, TT_ALARM_ALARM},
};

START_TEST(window_cases)
{
	tt_series s;
	ck_assert_int_eq(tt_series_init(&s, 20), TT_OK);
	fill(&s, cases[_i].points);
	tt_alarm a;
	tt_alarm_shape sh = {cases[_i].datapoints, cases[_i].periods};
	tt_alarm_init(&a, cases[_i].cmp, cases[_i].threshold, sh);
	ck_assert_int_eq(a.state, TT_ALARM_INSUFFICIENT_DATA);
	int64_t newest = cases[_i].newest == -2 ? s.newest : cases[_i].newest;
	ck_assert_msg(tt_alarm_evaluate(&a, &s, newest) == cases[_i].want,
	              "case %d (%s): got %s", _i, cases[_i].points,
	              tt_alarm_state_name(a.state));
	tt_series_release(&s);
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
	suite_add_tcase(s, tc);
	tc = tcase_create("series");
	tcase_add_test(tc, series_ring_forgets_old_and_skipped_periods);
	suite_add_tcase(s, tc);
	tc = tcase_create("names");
	tcase_add_test(tc, state_names);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
