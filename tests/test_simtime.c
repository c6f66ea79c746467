/*
 * test_simtime.c - durations parsed exactly, times printed the same way.
 *
 * Every case is a row: the text, and either the microseconds it means or
 * the exact error it must produce.
 */
#include "ttsim/simtime.h"

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

static const struct {
	const char *text;
	tt_time_us us;
} good[] = {
        {"0", 0},
        {"90", 90 * TT_US_PER_S},
        {"90s", 90 * TT_US_PER_S},
        {"250ms", 250000},
        {"17us", 17},
        {"5m", 5 * TT_US_PER_MIN},
        {"5min", 5 * TT_US_PER_MIN},
        {"2h", 2 * 60 * TT_US_PER_MIN},
        {"1d", 24 * 60 * TT_US_PER_MIN},
        {"1.5h", 90 * TT_US_PER_MIN},
        {"0.1s", 100000},
        {"61.25", 61250000},
        {"0.5ms", 500},
        /* Rounded to the nearest microsecond, halves up. */
        {"0.0000004s", 0},
        {"0.0000005s", 1},
        {"0.4us", 0},
        {"0.5us", 1},
        /* Exact however many digits, where a double would round up. */
        {"0.333333333333333333333d", 28800000000},
        {"0.00000049999999999999999999s", 0},
        {"007s", 7 * TT_US_PER_S},
        {"-0", 0},
        {"-0.0s", 0},
        /* The largest representable duration. */
        {"9223372036854.775807s", INT64_MAX},
        {"9223372036854775807us", INT64_MAX},
};

START_TEST(duration_good)
{
	tt_diag d = {0};
	tt_time_us us = -1;
	char buf[700];
	tt_code rc = tt_duration_parse(good[_i].text, (tt_loc){"s.yaml", 3, 7},
	                               &us, &d);
	ck_assert_msg(rc == TT_OK, "'%s': %s", good[_i].text,
	              tu_diag_str(&d, buf, sizeof buf));
	ck_assert_msg(us == good[_i].us, "'%s': got %lld, want %lld",
	              good[_i].text, (long long)us, (long long)good[_i].us);
}
END_TEST

#define INVALID(t)                                                             \
	"s.yaml:3:7: error: invalid duration '" t "' (expected a number with " \
	"an optional unit: 90, 90s, 5m, 2h, 1d)"

static const struct {
	const char *text;
	tt_code code;
	const char *msg;
} bad[] = {
        {"", TT_EINVAL, INVALID("")},
        {"abc", TT_EINVAL, INVALID("abc")},
        {"5 m", TT_EINVAL, INVALID("5 m")},
        {" 5m", TT_EINVAL, INVALID(" 5m")},
        {"5m ", TT_EINVAL, INVALID("5m ")},
        {"5M", TT_EINVAL, INVALID("5M")},
        {"5mins", TT_EINVAL, INVALID("5mins")},
        {"5sec", TT_EINVAL, INVALID("5sec")},
        {"m", TT_EINVAL, INVALID("m")},
        {".5s", TT_EINVAL, INVALID(".5s")},
        {"5.s", TT_EINVAL, INVALID("5.s")},
        {"1e3", TT_EINVAL, INVALID("1e3")},
        {"+5s", TT_EINVAL, INVALID("+5s")},
        {"1,5h", TT_EINVAL, INVALID("1,5h")},
        {"-abc", TT_EINVAL, INVALID("-abc")},
        {"-5m", TT_ERANGE,
         "s.yaml:3:7: error: duration must not be negative, got '-5m'"},
        {"-0.5", TT_ERANGE,
         "s.yaml:3:7: error: duration must not be negative, got '-0.5'"},
        {"9223372036854.775808s", TT_ERANGE,
         "s.yaml:3:7: error: duration too large, got '9223372036854.775808s' "
         "(the limit is about 292,000 years)"},
        {"300000y", TT_EINVAL, INVALID("300000y")},
        {"110000000d", TT_ERANGE,
         "s.yaml:3:7: error: duration too large, got '110000000d' (the limit "
         "is about 292,000 years)"},
        {"99999999999999999999999", TT_ERANGE,
         "s.yaml:3:7: error: duration too large, got '99999999999999999999999' "
         "(the limit is about 292,000 years)"},
};

START_TEST(duration_bad)
{
	tt_diag d = {0};
	tt_time_us us = 42;
	char buf[700];
	tt_code rc = tt_duration_parse(bad[_i].text, (tt_loc){"s.yaml", 3, 7},
	                               &us, &d);
	ck_assert_int_eq(rc, bad[_i].code);
	ck_assert_int_eq(d.code, bad[_i].code);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), bad[_i].msg);
	ck_assert_int_eq(us, 42); /* untouched on failure */
}
END_TEST

START_TEST(duration_null_diag)
{
	tt_time_us us = 42;
	ck_assert_int_eq(tt_duration_parse("x", (tt_loc){0}, &us, NULL),
	                 TT_EINVAL);
	ck_assert_int_eq(us, 42);
}
END_TEST

static const struct {
	tt_time_us t;
	const char *text;
} formats[] = {
        {0, "0"},
        {300 * TT_US_PER_S, "300"},
        {61250000, "61.25"},
        {1, "0.000001"},
        {100000, "0.1"},
        {999999, "0.999999"},
        {-1500000, "-1.5"},
        {INT64_MAX, "9223372036854.775807"},
        {INT64_MIN, "-9223372036854.775808"},
};

START_TEST(format_seconds)
{
	char buf[24];
	memset(buf, 'x', sizeof buf);
	ck_assert_ptr_eq(tt_time_format_s(formats[_i].t, buf), buf);
	ck_assert_str_eq(buf, formats[_i].text);
}
END_TEST

/* A formatted time parses back to the same microseconds. */
START_TEST(format_round_trip)
{
	char buf[24];
	tt_time_us us = -1;
	tt_time_us t = good[_i].us;
	ck_assert_int_eq(tt_duration_parse(tt_time_format_s(t, buf),
	                                   (tt_loc){0}, &us, NULL),
	                 TT_OK);
	ck_assert_int_eq(us, t);
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *simtime_suite(void)
{
	Suite *s = suite_create("simtime");
	TCase *tc;

	tc = tcase_create("duration_good");
	tcase_add_loop_test(tc, duration_good, 0, COUNT(good));
	suite_add_tcase(s, tc);

	tc = tcase_create("duration_bad");
	tcase_add_loop_test(tc, duration_bad, 0, COUNT(bad));
	tcase_add_test(tc, duration_null_diag);
	suite_add_tcase(s, tc);

	tc = tcase_create("format_seconds");
	tcase_add_loop_test(tc, format_seconds, 0, COUNT(formats));
	suite_add_tcase(s, tc);

	tc = tcase_create("format_round_trip");
	tcase_add_loop_test(tc, format_round_trip, 0, COUNT(good));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(simtime_suite());
}
