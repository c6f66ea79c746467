/*
 * test_schedule.c - at(), rate() and cron() schedules: what runs when.
 *
 * Each enumeration case is a row: the Schedule, its zone, the run's
 * wall-clock origin, StartTime/EndTime and knobs, and the runs it must
 * produce in order ("none" where there must be no more).  SPEC 14's
 * SC5, SC6, SC7 and SC9 are rows here; SC1-SC4 and SC8 are about what a
 * run does, not when, and belong to the engine's tests.
 */
#include "schedule.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "ttsim/simtime.h"

/* Unix microseconds of a UTC calendar time. */
static int64_t U(const char *s)
{
	int64_t us;
	ck_assert_msg(tt_calendar_parse(s, strlen(s), &us), "bad time %s", s);
	return us;
}

/* "2021-03-12T23:00:00" for Unix microseconds. */
static const char *iso(int64_t us, char *buf, size_t size)
{
	int64_t s = us / TT_US_PER_S, days = s / 86400, y;
	int m, d;
	if (s % 86400 < 0)
		days--;
	int64_t sod = s - days * 86400;
	tt_civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y, m,
	         d, (int)(sod / 3600), (int)(sod % 3600 / 60), (int)(sod % 60));
	return buf;
}

static void parse_ok(const char *text, tt_schedule *s)
{
	tt_diag d = {0};
	char buf[1200];
	tt_code rc = tt_schedule_parse(text, strlen(text), (tt_loc){0}, s, &d);
	ck_assert_msg(rc == TT_OK, "%s: %s", text,
	              tu_diag_str(&d, buf, sizeof buf));
}

static void load_zone(const char *zone, tt_tz *tz)
{
	tt_diag d = {0};
	char buf[1200];
	if (!zone) {
		tt_tz_utc(tz);
		return;
	}
	ck_assert_msg(tt_tz_load(zone, NULL, (tt_loc){0}, tz, &d) == TT_OK,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* Knob changes from the defaults, one letter each. */
enum {
	GAP_SHIFT = 1,
	OVERLAP_TWICE = 2,
	SECONDS_HONOR = 4,
	START_RUN_ALL = 8,
	AFTER_ONE = 16,
	END_EXCLUSIVE = 32,
};

#define RUNS_MAX 10

typedef struct enum_case {
	const char *what;
	const char *schedule, *zone;
	const char *origin; /* the run's wall clock at sim time 0 */
	const char *start, *end;
	int knobs;
	const char *runs[RUNS_MAX]; /* "none": no further run */
} enum_case;

static const enum_case cases[] = {
        /* ---- SPEC 14's worked cases ---- */
        {"SC5 rate from StartTime to EndTime",
         "rate(5 hours)",
         NULL,
         "2021-01-30T00:00:00",
         "2021-01-30T12:00:00",
         "2021-01-31T22:00:00",
         0,
         {"2021-01-30T12:00:00", "2021-01-30T17:00:00", "2021-01-30T22:00:00",
          "2021-01-31T03:00:00", "2021-01-31T08:00:00", "2021-01-31T13:00:00",
          "2021-01-31T18:00:00", "none"}},
        {"SC6 weekday cron across the DST change",
         "cron(0 18 ? * MON-FRI *)",
         "America/New_York",
         "2021-03-12T12:00:00",
         NULL,
         NULL,
         0,
         {"2021-03-12T23:00:00", "2021-03-15T22:00:00", "2021-03-16T22:00:00"}},
        {"SC7 nothing after EndTime",
         "cron(0 9 * * ? *)",
         NULL,
         "2021-03-01T00:00:00",
         NULL,
         "2021-03-03T08:59:59",
         0,
         {"2021-03-01T09:00:00", "2021-03-02T09:00:00", "none"}},
        {"SC7 EndTime is inclusive",
         "cron(0 9 * * ? *)",
         NULL,
         "2021-03-01T00:00:00",
         NULL,
         "2021-03-02T09:00:00",
         0,
         {"2021-03-01T09:00:00", "2021-03-02T09:00:00", "none"}},
        {"SC7 end_time_inclusive false",
         "cron(0 9 * * ? *)",
         NULL,
         "2021-03-01T00:00:00",
         NULL,
         "2021-03-02T09:00:00",
         END_EXCLUSIVE,
         {"2021-03-01T09:00:00", "none"}},
        {"SC9 a gap time does not run",
         "cron(30 2 * * ? *)",
         "America/New_York",
         "2021-03-13T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-03-13T07:30:00", "2021-03-15T06:30:00"}},
        {"SC9 dst_gap shift runs it one gap later",
         "cron(30 2 * * ? *)",
         "America/New_York",
         "2021-03-13T00:00:00",
         NULL,
         NULL,
         GAP_SHIFT,
         {"2021-03-13T07:30:00", "2021-03-14T07:30:00", "2021-03-15T06:30:00"}},
        {"SC9 a repeated time runs once, first",
         "cron(30 1 * * ? *)",
         "America/New_York",
         "2021-11-06T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-11-06T05:30:00", "2021-11-07T05:30:00", "2021-11-08T06:30:00"}},
        {"SC9 dst_overlap twice",
         "cron(30 1 * * ? *)",
         "America/New_York",
         "2021-11-06T00:00:00",
         NULL,
         NULL,
         OVERLAP_TWICE,
         {"2021-11-06T05:30:00", "2021-11-07T05:30:00", "2021-11-07T06:30:00",
          "2021-11-08T06:30:00"}},
        {"overlap once with every quarter hour: no minute twice",
         "cron(0/15 1-2 * * ? *)",
         "America/New_York",
         "2021-11-07T04:00:00",
         NULL,
         NULL,
         0,
         {"2021-11-07T05:00:00", "2021-11-07T05:15:00", "2021-11-07T05:30:00",
          "2021-11-07T05:45:00", "2021-11-07T07:00:00", "2021-11-07T07:15:00",
          "2021-11-07T07:30:00", "2021-11-07T07:45:00", "2021-11-08T06:00:00"}},
        {"overlap twice with every quarter hour: in time order",
         "cron(0/30 1 * * ? *)",
         "America/New_York",
         "2021-11-07T04:00:00",
         NULL,
         NULL,
         OVERLAP_TWICE,
         {"2021-11-07T05:00:00", "2021-11-07T05:30:00", "2021-11-07T06:00:00",
          "2021-11-07T06:30:00", "2021-11-08T06:00:00"}},

        /* ---- cron's special characters ---- */
        {"L: the last day of the month, leap year",
         "cron(0 0 L * ? *)",
         NULL,
         "2024-01-15T00:00:00",
         NULL,
         NULL,
         0,
         {"2024-01-31T00:00:00", "2024-02-29T00:00:00", "2024-03-31T00:00:00",
          "2024-04-30T00:00:00"}},
        {"LW: the last weekday of the month",
         "cron(0 0 LW * ? 2021)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-29T00:00:00", "2021-02-26T00:00:00", "2021-03-31T00:00:00",
          "2021-04-30T00:00:00", "2021-05-31T00:00:00", "2021-06-30T00:00:00",
          "2021-07-30T00:00:00"}},
        {"nW: the weekday nearest, never leaving the month",
         "cron(0 0 1W * ? 2021)",
         NULL,
         "2021-05-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-05-03T00:00:00", "2021-06-01T00:00:00", "2021-07-01T00:00:00",
          "2021-08-02T00:00:00"}},
        {"15W: Saturday goes to Friday, Sunday to Monday",
         "cron(0 0 15W 5,8 ? 2021)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-05-14T00:00:00", "2021-08-16T00:00:00", "none"}},
        {"31W skips the short months",
         "cron(0 0 31W 1-4 ? 2021)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-29T00:00:00", "2021-03-31T00:00:00", "none"}},
        {"#: the second Tuesday",
         "cron(0 0 ? * 3#2 *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-12T00:00:00", "2021-02-09T00:00:00", "2021-03-09T00:00:00"}},
        {"# with a name",
         "cron(0 0 ? * MON#1 2021)",
         NULL,
         "2021-11-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-11-01T00:00:00", "2021-12-06T00:00:00", "none"}},
        {"nL: the last Friday",
         "cron(0 0 ? * 6L *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-29T00:00:00", "2021-02-26T00:00:00", "2021-03-26T00:00:00"}},
        {"L alone in day-of-week: Saturday",
         "cron(0 0 ? * L *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-02T00:00:00", "2021-01-09T00:00:00"}},
        {"*/15 minutes in one hour",
         "cron(*/15 9 * * ? *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-01T09:00:00", "2021-01-01T09:15:00", "2021-01-01T09:30:00",
          "2021-01-01T09:45:00", "2021-01-02T09:00:00"}},
        {"5/20: from 5 by 20",
         "cron(5/20 10 * * ? *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-01T10:05:00", "2021-01-01T10:25:00", "2021-01-01T10:45:00",
          "2021-01-02T10:05:00"}},
        {"1/10 days",
         "cron(0 0 1/10 1 ? 2021)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-01T00:00:00", "2021-01-11T00:00:00", "2021-01-21T00:00:00",
          "2021-01-31T00:00:00", "none"}},
        {"ranges and lists, names",
         "cron(0 8-9,14 ? * MON,WED-THU *)",
         NULL,
         "2021-03-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-03-01T08:00:00", "2021-03-01T09:00:00", "2021-03-01T14:00:00",
          "2021-03-03T08:00:00", "2021-03-03T09:00:00", "2021-03-03T14:00:00",
          "2021-03-04T08:00:00"}},
        {"a range of days that wraps: FRI-MON",
         "cron(0 12 ? * FRI-MON *)",
         NULL,
         "2021-03-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-03-01T12:00:00", "2021-03-05T12:00:00", "2021-03-06T12:00:00",
          "2021-03-07T12:00:00", "2021-03-08T12:00:00"}},
        {"a range of hours that wraps: 23-1",
         "cron(0 23-1 * * ? *)",
         NULL,
         "2021-03-01T00:30:00",
         NULL,
         NULL,
         0,
         {"2021-03-01T01:00:00", "2021-03-01T23:00:00", "2021-03-02T00:00:00",
          "2021-03-02T01:00:00"}},
        {"month names in any case, month steps",
         "cron(0 0 1 jan,Jul ? *)",
         NULL,
         "2021-03-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-07-01T00:00:00", "2022-01-01T00:00:00"}},
        {"every third month",
         "cron(0 0 1 */3 ? 2021)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-01T00:00:00", "2021-04-01T00:00:00", "2021-07-01T00:00:00",
          "2021-10-01T00:00:00", "none"}},
        {"years: a list and a range",
         "cron(0 0 1 1 ? 2030,2032-2033)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2030-01-01T00:00:00", "2032-01-01T00:00:00", "2033-01-01T00:00:00",
          "none"}},
        {"years by fifty from 1970, up to the last year",
         "cron(0 0 31 12 ? */50)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2070-12-31T00:00:00", "2120-12-31T00:00:00", "2170-12-31T00:00:00",
          "none"}},
        {"the last minute there is",
         "cron(59 23 31 12 ? 2199)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2199-12-31T23:59:00", "none"}},
        {"Feb 29: leap years only, not 2100",
         "cron(0 12 29 2 ? *)",
         NULL,
         "2097-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2104-02-29T12:00:00", "2108-02-29T12:00:00"}},
        {"a day that never comes",
         "cron(0 0 30 2 ? *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"none"}},

        /* ---- the 7-field form ---- */
        {"seconds ignored: the minute",
         "cron(30 0 9 * * ? *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-01T09:00:00", "2021-01-02T09:00:00"}},
        {"seconds honored",
         "cron(0,30 0 9 * * ? *)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         SECONDS_HONOR,
         {"2021-01-01T09:00:00", "2021-01-01T09:00:30", "2021-01-02T09:00:00"}},

        /* ---- zones ---- */
        {"London: 09:00 moves from 09:00Z to 08:00Z",
         "cron(0 9 ? * MON-FRI *)",
         "Europe/London",
         "2021-03-26T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-03-26T09:00:00", "2021-03-29T08:00:00"}},
        {"Sydney: southern DST ends in April",
         "cron(0 9 * * ? *)",
         "Australia/Sydney",
         "2021-04-02T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-04-02T22:00:00", "2021-04-03T23:00:00", "2021-04-04T23:00:00"}},
        {"Sydney: 02:30 skipped in October",
         "cron(30 2 * * ? *)",
         "Australia/Sydney",
         "2021-10-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-10-01T16:30:00", "2021-10-03T15:30:00"}},
        {"Kolkata: +05:30, no DST",
         "cron(0 9 * * ? *)",
         "Asia/Kolkata",
         "2021-03-13T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-03-13T03:30:00", "2021-03-14T03:30:00"}},
        {"2090: past the table, the footer rule",
         "cron(0 12 1 1,7 ? 2090)",
         "America/New_York",
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2090-01-01T17:00:00", "2090-07-01T16:00:00", "none"}},
        {"2090: a gap day past the table",
         "cron(30 2 11-13 3 ? 2090)",
         "America/New_York",
         "2090-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2090-03-11T07:30:00", "2090-03-13T06:30:00", "none"}},

        /* ---- at() ---- */
        {"at: once, in its zone",
         "at(2021-03-12T18:00:00)",
         "America/New_York",
         "2021-03-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-03-12T23:00:00", "none"}},
        {"at ignores StartTime and EndTime",
         "at(2021-03-12T18:00:00)",
         NULL,
         "2021-03-01T00:00:00",
         "2021-03-13T00:00:00",
         "2021-03-02T00:00:00",
         0,
         {"2021-03-12T18:00:00", "none"}},
        {"at before the run: nothing",
         "at(2021-02-12T18:00:00)",
         NULL,
         "2021-03-01T00:00:00",
         NULL,
         NULL,
         0,
         {"none"}},
        {"at in a gap: skipped",
         "at(2021-03-14T02:30:00)",
         "America/New_York",
         "2021-03-01T00:00:00",
         NULL,
         NULL,
         0,
         {"none"}},
        {"at in a gap: shifted",
         "at(2021-03-14T02:30:00)",
         "America/New_York",
         "2021-03-01T00:00:00",
         NULL,
         NULL,
         GAP_SHIFT,
         {"2021-03-14T07:30:00", "none"}},
        {"at in an overlap: twice",
         "at(2021-11-07T01:30:00)",
         "America/New_York",
         "2021-11-01T00:00:00",
         NULL,
         NULL,
         OVERLAP_TWICE,
         {"2021-11-07T05:30:00", "2021-11-07T06:30:00", "none"}},

        /* ---- rate() ---- */
        {"rate without StartTime: immediate",
         "rate(5 minutes)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         0,
         {"2021-01-01T00:00:00", "2021-01-01T00:05:00", "2021-01-01T00:10:00"}},
        {"rate without StartTime: after_one",
         "rate(1 day)",
         NULL,
         "2021-01-01T00:00:00",
         NULL,
         NULL,
         AFTER_ONE,
         {"2021-01-02T00:00:00", "2021-01-03T00:00:00"}},
        {"rate with StartTime before the run: its grid",
         "rate(7 minutes)",
         NULL,
         "2021-01-01T00:00:00",
         "2020-12-31T23:58:00",
         NULL,
         0,
         {"2021-01-01T00:05:00", "2021-01-01T00:12:00"}},
        {"rate ignores the zone",
         "rate(1 hour)",
         "America/New_York",
         "2021-03-14T06:30:00",
         "2021-03-14T06:00:00",
         NULL,
         0,
         {"2021-03-14T07:00:00", "2021-03-14T08:00:00"}},

        /* ---- StartTime ---- */
        {"cron bounded by StartTime",
         "cron(0 9 * * ? *)",
         NULL,
         "2021-03-01T00:00:00",
         "2021-03-01T12:34:00",
         NULL,
         0,
         {"2021-03-02T09:00:00", "2021-03-03T09:00:00"}},
        {"start_time_run all: cron also runs at StartTime",
         "cron(0 9 * * ? *)",
         NULL,
         "2021-03-01T00:00:00",
         "2021-03-01T12:34:00",
         NULL,
         START_RUN_ALL,
         {"2021-03-01T12:34:00", "2021-03-02T09:00:00"}},
};

static tt_schedule_knobs knobs_of(int k)
{
	tt_schedule_knobs kn = tt_schedule_knobs_default();
	if (k & GAP_SHIFT)
		kn.dst_gap = TT_DST_GAP_SHIFT;
	if (k & OVERLAP_TWICE)
		kn.dst_overlap = TT_DST_OVERLAP_TWICE;
	if (k & SECONDS_HONOR)
		kn.cron_seconds = TT_CRON_SECONDS_HONOR;
	if (k & START_RUN_ALL)
		kn.start_time_run = TT_START_TIME_RUN_ALL;
	if (k & AFTER_ONE)
		kn.rate_without_start = TT_RATE_WITHOUT_START_AFTER_ONE;
	if (k & END_EXCLUSIVE)
		kn.end_time_inclusive = false;
	return kn;
}

START_TEST(enumerate)
{
	const enum_case *c = &cases[_i];
	tt_schedule s;
	tt_tz tz;
	tt_diag d = {0};
	char got[40], buf[1200];

	parse_ok(c->schedule, &s);
	load_zone(c->zone, &tz);
	tt_schedule_plan p = {
	        .schedule = &s,
	        .tz = &tz,
	        .has_start = c->start != NULL,
	        .has_end = c->end != NULL,
	        .start_unix_us = c->start ? U(c->start) : 0,
	        .end_unix_us = c->end ? U(c->end) : 0,
	        .has_origin = true,
	        .origin_unix_us = U(c->origin),
	        .horizon_us = TT_TIME_MAX,
	        .knobs = knobs_of(c->knobs),
	};
	if (s.kind == TT_SCHEDULE_AT || !c->end || !c->start ||
	    U(c->end) >= U(c->start))
		ck_assert_msg(
		        tt_schedule_plan_check(&p, (tt_loc){0}, &d) == TT_OK,
		        "%s: %s", c->what, tu_diag_str(&d, buf, sizeof buf));

	tt_time_us t = 0, run;
	for (size_t i = 0; i < RUNS_MAX && c->runs[i]; i++) {
		bool more = tt_schedule_next(&p, t, &run);
		if (strcmp(c->runs[i], "none") == 0) {
			ck_assert_msg(
			        !more, "%s: run %zu: got %s, want none",
			        c->what, i,
			        iso(p.origin_unix_us + run, got, sizeof got));
			break;
		}
		ck_assert_msg(more, "%s: run %zu: got none, want %s", c->what,
		              i, c->runs[i]);
		iso(p.origin_unix_us + run, got, sizeof got);
		ck_assert_msg(strcmp(got, c->runs[i]) == 0,
		              "%s: run %zu: got %s, want %s", c->what, i, got,
		              c->runs[i]);
		ck_assert_int_ge(run, t);
		t = run + 1;
	}
	tt_tz_release(&tz);
}
END_TEST

/* The horizon: nothing after it, the run at it included. */
START_TEST(horizon)
{
	tt_schedule s;
	tt_time_us run;
	parse_ok("rate(10 minutes)", &s);
	tt_schedule_plan p = {.schedule = &s,
	                      .horizon_us = 20 * TT_US_PER_MIN,
	                      .knobs = tt_schedule_knobs_default()};
	ck_assert_int_eq(tt_schedule_plan_check(&p, (tt_loc){0}, NULL), TT_OK);
	ck_assert(tt_schedule_next(&p, 1, &run));
	ck_assert_int_eq(run, 10 * TT_US_PER_MIN);
	ck_assert(tt_schedule_next(&p, run + 1, &run));
	ck_assert_int_eq(run, 20 * TT_US_PER_MIN);
	ck_assert(!tt_schedule_next(&p, run + 1, &run));
}
END_TEST

/*
 * A year of weekday mornings in New York: 261 runs, all at 09:00 local,
 * computed without scanning minutes (the issue asks for milliseconds).
 */
START_TEST(year_of_weekdays)
{
	tt_schedule s;
	tt_tz tz;
	tt_time_us t = 0, run;
	size_t n = 0;
	parse_ok("cron(0 9 ? * MON-FRI *)", &s);
	load_zone("America/New_York", &tz);
	tt_schedule_plan p = {
	        .schedule = &s,
	        .tz = &tz,
	        .has_origin = true,
	        .origin_unix_us = U("2021-01-01T05:00:00"),
	        .horizon_us = 365 * 86400 * TT_US_PER_S - 1,
	        .knobs = tt_schedule_knobs_default(),
	};
	clock_t c0 = clock();
	while (tt_schedule_next(&p, t, &run)) {
		int64_t local = tt_tz_to_local(&tz, (p.origin_unix_us + run) /
		                                            TT_US_PER_S);
		ck_assert_int_eq(((local % 86400) + 86400) % 86400, 9 * 3600);
		n++;
		t = run + 1;
	}
	double ms = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
	ck_assert_int_eq(n, 261);
	ck_assert_msg(ms < 200, "took %.1f ms", ms);
	tt_tz_release(&tz);
}
END_TEST

/* Every minute of a week: 10080 runs, one at a time. */
START_TEST(week_of_minutes)
{
	tt_schedule s;
	tt_time_us t = 0, run;
	size_t n = 0;
	parse_ok("cron(* * * * ? *)", &s);
	tt_schedule_plan p = {
	        .schedule = &s,
	        .has_origin = true,
	        .origin_unix_us = U("2021-01-01T00:00:00"),
	        .horizon_us = 7 * 86400 * TT_US_PER_S - 1,
	        .knobs = tt_schedule_knobs_default(),
	};
	while (tt_schedule_next(&p, t, &run)) {
		ck_assert_int_eq(run, (tt_time_us)n * TT_US_PER_MIN);
		n++;
		t = run + 1;
	}
	ck_assert_int_eq(n, 10080);
}
END_TEST

/* ---- the plan's own checks ---- */

static const struct {
	const char *schedule;
	bool origin, start, end_before;
	const char *msg;
} plan_bad[] = {
        {"cron(0 9 * * ? *)", false, false, false,
         "a.json:3:17: error: a cron() schedule needs the run's wall clock "
         "(a trace with timestamps or 'simulation.start')"},
        {"at(2021-01-01T00:00:00)", false, false, false,
         "a.json:3:17: error: an at() schedule needs the run's wall clock "
         "(a trace with timestamps or 'simulation.start')"},
        {"rate(5 minutes)", false, true, false,
         "a.json:3:17: error: StartTime and EndTime need the run's wall "
         "clock (a trace with timestamps or 'simulation.start')"},
        {"rate(5 minutes)", true, true, true,
         "a.json:3:17: error: EndTime is before StartTime"},
};

START_TEST(plan_check)
{
	tt_schedule s;
	tt_diag d = {0};
	char buf[1200];
	parse_ok(plan_bad[_i].schedule, &s);
	tt_schedule_plan p = {
	        .schedule = &s,
	        .has_origin = plan_bad[_i].origin,
	        .has_start = plan_bad[_i].start,
	        .has_end = plan_bad[_i].end_before,
	        .start_unix_us = U("2021-01-02T00:00:00"),
	        .end_unix_us = U("2021-01-01T00:00:00"),
	        .horizon_us = TT_TIME_MAX,
	        .knobs = tt_schedule_knobs_default(),
	};
	ck_assert_int_eq(
	        tt_schedule_plan_check(&p, (tt_loc){"a.json", 3, 17}, &d),
	        TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), plan_bad[_i].msg);
}
END_TEST

/* ---- parsing ---- */

START_TEST(parse_values)
{
	tt_schedule s;
	parse_ok("rate(1 minute)", &s);
	ck_assert_int_eq(s.kind, TT_SCHEDULE_RATE);
	ck_assert_int_eq(s.rate_s, 60);
	parse_ok("rate(36 hours)", &s);
	ck_assert_int_eq(s.rate_s, 36 * 3600);
	parse_ok("rate(2 days)", &s);
	ck_assert_int_eq(s.rate_s, 2 * 86400);
	parse_ok("at(2024-02-29T23:59:59)", &s);
	ck_assert_int_eq(s.kind, TT_SCHEDULE_AT);
	ck_assert_int_eq(s.at_local_s * TT_US_PER_S, U("2024-02-29T23:59:59"));
	parse_ok("cron( 0  18 ? * MON-FRI * )", &s);
	ck_assert_int_eq(s.kind, TT_SCHEDULE_CRON);
	ck_assert(!s.cron.has_seconds);
	ck_assert_int_eq(s.cron.dow, 0x7c); /* MON-FRI: bits 2..6 */
	ck_assert_int_eq(s.cron.hours, 1u << 18);
	parse_ok("cron(0 0 18 ? * 2-6 *)", &s);
	ck_assert(s.cron.has_seconds);
}
END_TEST

/*
 * Bad schedules and the exact message each gives.  The string sits at
 * column 20 of line 5; the column points at the offending part.
 */
static const struct {
	const char *text, *msg;
} bad[] = {
        {"", "a.json:5:20: error: schedule must be at(...), rate(...) or "
             "cron(...), got ''"},
        {"every(5 minutes)",
         "a.json:5:20: error: schedule must be at(...), rate(...) or "
         "cron(...), got 'every(5 minutes)'"},
        {"Cron(0 9 * * ? *)",
         "a.json:5:20: error: schedule must be at(...), rate(...) or "
         "cron(...), got 'Cron(0 9 * * ? *)'"},
        {"cron(0 9 * * ? *",
         "a.json:5:36: error: schedule 'cron(0 9 * * ? *' must end with ')'"},
        {"cron(0 9 * * ? *) ",
         "a.json:5:38: error: schedule 'cron(0 9 * * ? *) ' must end with "
         "')'"},
        {"rate(5 minutes))",
         "a.json:5:34: error: schedule 'rate(5 minutes))' has text after "
         "')'"},
        /* rate() */
        {"rate(0 minutes)",
         "a.json:5:25: error: rate() value must be a positive whole number, "
         "got '0'"},
        {"rate(-5 minutes)",
         "a.json:5:25: error: rate() value must be a positive whole number, "
         "got '-5'"},
        {"rate(1.5 hours)",
         "a.json:5:25: error: rate() value must be a positive whole number, "
         "got '1.5'"},
        {"rate(5)", "a.json:5:25: error: rate() needs a value and a unit, "
                    "as in 'rate(5 minutes)', got '5'"},
        {"rate()", "a.json:5:25: error: rate() needs a value and a unit, as "
                   "in 'rate(5 minutes)', got ''"},
        {"rate(5 weeks)", "a.json:5:27: error: rate() unit must be minute, "
                          "minutes, hour, hours, day or days, got 'weeks'"},
        {"rate(5 Minutes)", "a.json:5:27: error: rate() unit must be minute, "
                            "minutes, hour, hours, day or days, got "
                            "'Minutes'"},
        {"rate(1 hours)", "a.json:5:27: error: rate() of 1 takes the "
                          "singular unit 'hour', got 'hours'"},
        {"rate(5 hour)", "a.json:5:27: error: rate() of more than 1 takes "
                         "the plural unit 'hours', got 'hour'"},
        {"rate(36526 days)", "a.json:5:25: error: rate() must be at most "
                             "36525 days, got '36526 days'"},
        /* at() */
        {"at(2021-03-12 18:00:00)",
         "a.json:5:23: error: at() needs yyyy-mm-ddThh:mm:ss, got "
         "'2021-03-12 18:00:00'"},
        {"at(2021-03-12T18:00)", "a.json:5:23: error: at() needs "
                                 "yyyy-mm-ddThh:mm:ss, got '2021-03-12T18:00'"},
        {"at(2021-02-29T18:00:00)", "a.json:5:23: error: at() time "
                                    "'2021-02-29T18:00:00' does not exist"},
        {"at(2021-03-12T24:00:00)", "a.json:5:23: error: at() time "
                                    "'2021-03-12T24:00:00' does not exist"},
        {"at(2200-01-01T00:00:00)", "a.json:5:23: error: at() year must be "
                                    "1970-2199, got '2200'"},
        /* cron(): field counts */
        {"cron(0 9 * * ?)", "a.json:5:25: error: cron() needs 6 fields (or "
                            "7 with seconds first), got 5"},
        {"cron(0 0 9 * * ? * 1)", "a.json:5:25: error: cron() needs 6 fields "
                                  "(or 7 with seconds first), got 8"},
        {"cron()", "a.json:5:25: error: cron() needs 6 fields (or 7 with "
                   "seconds first), got 0"},
        /* ranges, column of the bad value */
        {"cron(60 9 * * ? *)", "a.json:5:25: error: cron field 'minutes' "
                               "must be 0-59, got '60'"},
        {"cron(0 24 * * ? *)", "a.json:5:27: error: cron field 'hours' must "
                               "be 0-23, got '24'"},
        {"cron(0 9 0 * ? *)", "a.json:5:29: error: cron field 'day-of-month' "
                              "must be 1-31, got '0'"},
        {"cron(0 9 32 * ? *)", "a.json:5:29: error: cron field "
                               "'day-of-month' must be 1-31, got '32'"},
        {"cron(0 9 * 13 ? *)", "a.json:5:31: error: cron field 'month' must "
                               "be 1-12 or JAN-DEC, got '13'"},
        {"cron(0 9 * JANUARY ? *)", "a.json:5:31: error: cron field 'month' "
                                    "must be 1-12 or JAN-DEC, got 'JANUARY'"},
        {"cron(0 9 ? * 8 *)", "a.json:5:33: error: cron field 'day-of-week' "
                              "must be 1-7 or SUN-SAT, got '8'"},
        {"cron(0 9 ? * 0 *)", "a.json:5:33: error: cron field 'day-of-week' "
                              "must be 1-7 or SUN-SAT, got '0'"},
        {"cron(0 9 ? * MON-FRX *)", "a.json:5:37: error: cron field "
                                    "'day-of-week' must be 1-7 or SUN-SAT, "
                                    "got 'FRX'"},
        {"cron(0 9 * * ? 1969)", "a.json:5:35: error: cron field 'year' must "
                                 "be 1970-2199, got '1969'"},
        {"cron(0 9 * * ? 2200)", "a.json:5:35: error: cron field 'year' must "
                                 "be 1970-2199, got '2200'"},
        {"cron(0 9 * * ? 2030-2025)", "a.json:5:35: error: cron field 'year' "
                                      "range must go upward, got "
                                      "'2030-2025'"},
        {"cron(0 0 1-5,32 * ? *)", "a.json:5:33: error: cron field "
                                   "'day-of-month' must be 1-31, got '32'"},
        {"cron(0,,5 9 * * ? *)", "a.json:5:27: error: cron field 'minutes' "
                                 "has an empty list item, got '0,,5'"},
        {"cron(60 0 9 * * ? *)", "a.json:5:25: error: cron field 'seconds' "
                                 "must be 0-59, got '60'"},
        /* steps */
        {"cron(*/0 9 * * ? *)", "a.json:5:27: error: cron field 'minutes' "
                                "step must be 1-60, got '0'"},
        {"cron(*/61 9 * * ? *)", "a.json:5:27: error: cron field 'minutes' "
                                 "step must be 1-60, got '61'"},
        {"cron(0 9 ? * 1/2 *)", "a.json:5:34: error: cron field "
                                "'day-of-week' does not accept '/', got "
                                "'1/2'"},
        /* specials in the wrong field */
        {"cron(? 9 * * ? *)", "a.json:5:25: error: cron field 'minutes' "
                              "does not accept '?', got '?'"},
        {"cron(L 9 * * ? *)", "a.json:5:25: error: cron field 'minutes' "
                              "does not accept 'L', got 'L'"},
        {"cron(0 9 1#2 * ? *)", "a.json:5:30: error: cron field "
                                "'day-of-month' does not accept '#', got "
                                "'1#2'"},
        {"cron(0 9 ? * 2W *)", "a.json:5:33: error: cron field "
                               "'day-of-week' must be 1-7 or SUN-SAT, got "
                               "'2W'"},
        {"cron(0 9 1-5W * ? *)", "a.json:5:29: error: cron field "
                                 "'day-of-month' takes 'W' after one day, as "
                                 "in '15W', got '1-5W'"},
        {"cron(0 9 L-2 * ? *)", "a.json:5:29: error: cron field "
                                "'day-of-month' takes 'L' alone or as 'LW', "
                                "got 'L-2'"},
        {"cron(0 9 ? * 2#1,4#3 *)", "a.json:5:33: error: cron field "
                                    "'day-of-week' allows at most one '#', "
                                    "got '2#1,4#3'"},
        {"cron(0 9 ? * 2#1,4 *)", "a.json:5:33: error: cron field "
                                  "'day-of-week' takes '#' as one day and a "
                                  "week, as in '2#1', got '2#1,4'"},
        {"cron(0 9 ? * 2#6 *)", "a.json:5:35: error: cron field "
                                "'day-of-week' week after '#' must be 1-5, "
                                "got '6'"},
        {"cron(0 9 ? * 1-5L *)", "a.json:5:33: error: cron field "
                                 "'day-of-week' takes 'L' alone or after one "
                                 "day, as in '6L', got '1-5L'"},
        /* the day fields */
        {"cron(0 9 * * * *)", "a.json:5:29: error: cron() needs '?' in one "
                              "of 'day-of-month' and 'day-of-week', got '*' "
                              "and '*'"},
        {"cron(0 9 1 * MON *)", "a.json:5:29: error: cron() needs '?' in one "
                                "of 'day-of-month' and 'day-of-week', got "
                                "'1' and 'MON'"},
        {"cron(0 9 ? * ? *)", "a.json:5:29: error: cron() takes '?' in only "
                              "one of 'day-of-month' and 'day-of-week', got "
                              "'?' and '?'"},
};

START_TEST(parse_bad)
{
	tt_schedule s;
	tt_diag d = {0};
	char buf[1200];
	tt_code rc = tt_schedule_parse(bad[_i].text, strlen(bad[_i].text),
	                               (tt_loc){"a.json", 5, 20}, &s, &d);
	ck_assert_msg(rc != TT_OK, "'%s' parsed", bad[_i].text);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), bad[_i].msg);
}
END_TEST

/* A control character in a schedule is shown escaped, and long text cut. */
START_TEST(parse_bad_shown_safely)
{
	tt_schedule s;
	tt_diag d = {0};
	char buf[1200];
	const char text[] = "rate(5 \x1b[2Jminutes)";
	ck_assert_int_eq(tt_schedule_parse(text, sizeof text - 1,
	                                   (tt_loc){"a.json", 1, 1}, &s, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "a.json:1:8: error: rate() unit must be minute, "
	                 "minutes, hour, hours, day or days, got "
	                 "'\\x1b[2Jminutes'");
	char long_text[300];
	memset(long_text, 'x', sizeof long_text);
	ck_assert_int_eq(tt_schedule_parse(long_text, sizeof long_text,
	                                   (tt_loc){0}, &s, &d),
	                 TT_EINVAL);
	ck_assert(strlen(d.msg) < 200);
	ck_assert(strstr(d.msg, "...'") != NULL);
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *schedule_suite(void)
{
	Suite *s = suite_create("schedule");
	TCase *tc;

	tc = tcase_create("enumerate");
	tcase_add_loop_test(tc, enumerate, 0, COUNT(cases));
	tcase_add_test(tc, horizon);
	suite_add_tcase(s, tc);

	tc = tcase_create("cost");
	tcase_add_test(tc, year_of_weekdays);
	tcase_add_test(tc, week_of_minutes);
	suite_add_tcase(s, tc);

	tc = tcase_create("plan_check");
	tcase_add_loop_test(tc, plan_check, 0, COUNT(plan_bad));
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, parse_values);
	tcase_add_loop_test(tc, parse_bad, 0, COUNT(bad));
	tcase_add_test(tc, parse_bad_shown_safely);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(schedule_suite());
}
