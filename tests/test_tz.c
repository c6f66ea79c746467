/*
 * test_tz.c - time zones read from TZif files: offsets, DST gaps and
 * overlaps, the footer rule past the table, and bad files.
 *
 * Real zones come from the system's tzdata (tools/setup installs it);
 * synthetic files are built here byte by byte for the cases no real zone
 * shows (a slim file, truncation, leap seconds).
 */
#include "tz.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "ttsim/simtime.h"

/* Unix seconds of a UTC calendar time. */
static int64_t U(const char *s)
{
	int64_t us;
	ck_assert_msg(tt_calendar_parse(s, strlen(s), &us), "bad time %s", s);
	return us / TT_US_PER_S;
}

static void load(const char *name, tt_tz *tz)
{
	tt_diag d = {0};
	char buf[1200];
	tt_code rc = tt_tz_load(name, NULL, (tt_loc){"a.json", 3, 17}, tz, &d);
	ck_assert_msg(rc == TT_OK, "%s: %s", name,
	              tu_diag_str(&d, buf, sizeof buf));
}

/* ---- offsets of real zones, inside and beyond their tables ---- */

static const struct {
	const char *zone, *utc;
	int32_t off;
} offsets[] = {
        {"UTC", "2021-06-01T00:00:00Z", 0},
        {"Etc/UTC", "2090-06-01T00:00:00Z", 0},
        /* New York springs forward at 07:00Z, falls back at 06:00Z */
        {"America/New_York", "2021-03-14T06:59:59Z", -5 * 3600},
        {"America/New_York", "2021-03-14T07:00:00Z", -4 * 3600},
        {"America/New_York", "2021-11-07T05:59:59Z", -4 * 3600},
        {"America/New_York", "2021-11-07T06:00:00Z", -5 * 3600},
        /* 2090 is past any table: the footer rule answers */
        {"America/New_York", "2090-03-12T06:59:59Z", -5 * 3600},
        {"America/New_York", "2090-03-12T07:00:00Z", -4 * 3600},
        {"America/New_York", "2090-11-05T05:59:59Z", -4 * 3600},
        {"America/New_York", "2090-11-05T06:00:00Z", -5 * 3600},
        {"Europe/London", "2021-03-28T00:59:59Z", 0},
        {"Europe/London", "2021-03-28T01:00:00Z", 3600},
        {"Europe/London", "2021-10-31T01:00:00Z", 0},
        /* southern DST: summer is January */
        {"Australia/Sydney", "2021-04-03T15:59:59Z", 11 * 3600},
        {"Australia/Sydney", "2021-04-03T16:00:00Z", 10 * 3600},
        {"Australia/Sydney", "2021-10-02T15:59:59Z", 10 * 3600},
        {"Australia/Sydney", "2021-10-02T16:00:00Z", 11 * 3600},
        {"Australia/Sydney", "2090-01-01T00:00:00Z", 11 * 3600},
        {"Australia/Sydney", "2090-07-01T00:00:00Z", 10 * 3600},
        /* no DST, half an hour off */
        {"Asia/Kolkata", "2021-01-01T00:00:00Z", 19800},
        {"Asia/Kolkata", "2021-07-01T00:00:00Z", 19800},
        {"Asia/Kolkata", "2090-06-01T00:00:00Z", 19800},
};

START_TEST(offset_at)
{
	tt_tz tz;
	load(offsets[_i].zone, &tz);
	int32_t off = tt_tz_offset_at(&tz, U(offsets[_i].utc));
	ck_assert_msg(off == offsets[_i].off, "%s at %s: got %d, want %d",
	              offsets[_i].zone, offsets[_i].utc, (int)off,
	              (int)offsets[_i].off);
	ck_assert_int_eq(tt_tz_to_local(&tz, U(offsets[_i].utc)),
	                 U(offsets[_i].utc) + off);
	tt_tz_release(&tz);
}
END_TEST

/* ---- wall clock to UTC ---- */

static const struct {
	const char *zone, *local;
	tt_tz_local_kind kind;
	const char *utc0, *utc1;
} locals[] = {
        {"America/New_York", "2021-06-01T12:00:00", TT_TZ_LOCAL_NORMAL,
         "2021-06-01T16:00:00", NULL},
        /* 02:30 never happens on 2021-03-14; shifted, it is 03:30 EDT */
        {"America/New_York", "2021-03-14T02:30:00", TT_TZ_LOCAL_GAP,
         "2021-03-14T07:30:00", NULL},
        {"America/New_York", "2021-03-14T03:00:00", TT_TZ_LOCAL_NORMAL,
         "2021-03-14T07:00:00", NULL},
        /* 01:30 happens twice on 2021-11-07: EDT, then EST */
        {"America/New_York", "2021-11-07T01:30:00", TT_TZ_LOCAL_OVERLAP,
         "2021-11-07T05:30:00", "2021-11-07T06:30:00"},
        {"America/New_York", "2021-11-07T02:00:00", TT_TZ_LOCAL_NORMAL,
         "2021-11-07T07:00:00", NULL},
        {"America/New_York", "2090-03-12T02:30:00", TT_TZ_LOCAL_GAP,
         "2090-03-12T07:30:00", NULL},
        {"America/New_York", "2090-11-05T01:00:00", TT_TZ_LOCAL_OVERLAP,
         "2090-11-05T05:00:00", "2090-11-05T06:00:00"},
        {"Europe/London", "2021-03-28T01:30:00", TT_TZ_LOCAL_GAP,
         "2021-03-28T01:30:00", NULL},
        {"Europe/London", "2021-10-31T01:30:00", TT_TZ_LOCAL_OVERLAP,
         "2021-10-31T00:30:00", "2021-10-31T01:30:00"},
        {"Australia/Sydney", "2021-10-03T02:30:00", TT_TZ_LOCAL_GAP,
         "2021-10-02T16:30:00", NULL},
        {"Australia/Sydney", "2021-04-04T02:30:00", TT_TZ_LOCAL_OVERLAP,
         "2021-04-03T15:30:00", "2021-04-03T16:30:00"},
        {"Asia/Kolkata", "2021-03-14T02:30:00", TT_TZ_LOCAL_NORMAL,
         "2021-03-13T21:00:00", NULL},
        {"UTC", "2021-03-14T02:30:00", TT_TZ_LOCAL_NORMAL,
         "2021-03-14T02:30:00", NULL},
};

START_TEST(from_local)
{
	tt_tz tz;
	int64_t utc[2] = {0, 0};
	load(locals[_i].zone, &tz);
	tt_tz_local_kind k = tt_tz_from_local(&tz, U(locals[_i].local), utc);
	ck_assert_msg(k == locals[_i].kind, "%s %s: kind %d, want %d",
	              locals[_i].zone, locals[_i].local, (int)k,
	              (int)locals[_i].kind);
	ck_assert_int_eq(utc[0], U(locals[_i].utc0));
	if (locals[_i].utc1)
		ck_assert_int_eq(utc[1], U(locals[_i].utc1));
	tt_tz_release(&tz);
}
END_TEST

/* Every hour for 60 years: local -> UTC -> local is the identity for
 * the times that exist once. */
START_TEST(round_trip)
{
	static const char *const zones[] = {"America/New_York", "Europe/London",
	                                    "Australia/Sydney", "Asia/Kolkata"};
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		tt_tz tz;
		load(zones[z], &tz);
		for (int64_t t = U("2000-01-01T00:00:00");
		     t < U("2060-01-01T00:00:00"); t += 7 * 3600 + 17) {
			int64_t local = tt_tz_to_local(&tz, t), utc[2];
			tt_tz_local_kind k = tt_tz_from_local(&tz, local, utc);
			ck_assert_msg(k != TT_TZ_LOCAL_GAP, "%s %lld", zones[z],
			              (long long)t);
			ck_assert_msg(utc[0] == t ||
			                      (k == TT_TZ_LOCAL_OVERLAP &&
			                       utc[1] == t),
			              "%s %lld", zones[z], (long long)t);
		}
		tt_tz_release(&tz);
	}
}
END_TEST

/* ---- synthetic files ---- */

typedef struct tzbuf {
	unsigned char b[2048];
	size_t n;
} tzbuf;

static void put32(tzbuf *t, uint32_t v)
{
	for (int i = 3; i >= 0; i--)
		t->b[t->n++] = (unsigned char)(v >> (8 * i));
}

static void put64(tzbuf *t, int64_t v)
{
	put32(t, (uint32_t)((uint64_t)v >> 32));
	put32(t, (uint32_t)v);
}

static void header(tzbuf *t, char version, uint32_t leap, uint32_t times,
                   uint32_t types, uint32_t chars)
{
	memcpy(t->b + t->n, "TZif", 4);
	t->n += 4;
	t->b[t->n++] = (unsigned char)version;
	memset(t->b + t->n, 0, 15);
	t->n += 15;
	put32(t, 0);
	put32(t, 0);
	put32(t, leap);
	put32(t, times);
	put32(t, types);
	put32(t, chars);
}

/*
 * A v2 file: a minimal v1 part, then `n` transitions to alternating types
 * (type 0: `off0`, type 1: `off1`) and the footer.
 */
static void build(tzbuf *t, const int64_t *trans, size_t n, int32_t off0,
                  int32_t off1, const char *footer, uint32_t leap)
{
	t->n = 0;
	header(t, '2', 0, 0, 1, 4);
	put32(t, 0);
	t->b[t->n++] = 0;
	t->b[t->n++] = 0;
	memcpy(t->b + t->n, "UTC", 4);
	t->n += 4;
	header(t, '2', leap, (uint32_t)n, 2, 8);
	for (size_t i = 0; i < n; i++)
		put64(t, trans[i]);
	for (size_t i = 0; i < n; i++)
		t->b[t->n++] = (unsigned char)(i % 2 ? 0 : 1);
	put32(t, (uint32_t)off0);
	t->b[t->n++] = 0;
	t->b[t->n++] = 0;
	put32(t, (uint32_t)off1);
	t->b[t->n++] = 1;
	t->b[t->n++] = 4;
	memcpy(t->b + t->n, "EST\0EDT\0", 8);
	t->n += 8;
	for (uint32_t i = 0; i < leap; i++) {
		put64(t, 78796800 + i);
		put32(t, i + 1);
	}
	t->b[t->n++] = '\n';
	memcpy(t->b + t->n, footer, strlen(footer));
	t->n += strlen(footer);
	t->b[t->n++] = '\n';
}

/*
 * A slim file (no transitions, the footer only) answers as the full
 * table does, every six hours from 2008 to 2037.
 */
START_TEST(slim_equals_fat)
{
	tzbuf t;
	tt_tz slim, fat;
	tt_diag d = {0};
	char buf[1200];
	build(&t, NULL, 0, -5 * 3600, -4 * 3600, "EST5EDT,M3.2.0,M11.1.0", 0);
	ck_assert_msg(tt_tz_parse(t.b, t.n, "slim", (tt_loc){0}, &slim, &d) ==
	                      TT_OK,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
	load("America/New_York", &fat);
	for (int64_t u = U("2008-01-01T00:00:00"); u < U("2037-12-31T00:00:00");
	     u += 6 * 3600)
		ck_assert_msg(tt_tz_offset_at(&slim, u) ==
		                      tt_tz_offset_at(&fat, u),
		              "at %lld", (long long)u);
	tt_tz_release(&slim);
	tt_tz_release(&fat);
}
END_TEST

/* A table that ends, then the rule: the table rules up to its end. */
START_TEST(table_then_rule)
{
	tzbuf t;
	tt_tz tz;
	int64_t trans[] = {U("2021-03-14T07:00:00"), U("2021-11-07T06:00:00")};
	build(&t, trans, 2, -5 * 3600, -4 * 3600, "EST5EDT,M3.2.0,M11.1.0", 0);
	ck_assert_int_eq(tt_tz_parse(t.b, t.n, "x", (tt_loc){0}, &tz, NULL),
	                 TT_OK);
	ck_assert_int_eq(tz.count, 2);
	/* before the table: type 0 */
	ck_assert_int_eq(tt_tz_offset_at(&tz, U("2020-07-01T00:00:00")),
	                 -5 * 3600);
	ck_assert_int_eq(tt_tz_offset_at(&tz, U("2021-07-01T00:00:00")),
	                 -4 * 3600);
	ck_assert_int_eq(tt_tz_offset_at(&tz, U("2021-12-01T00:00:00")),
	                 -5 * 3600);
	ck_assert_int_eq(tt_tz_offset_at(&tz, U("2022-07-01T00:00:00")),
	                 -4 * 3600);
	tt_tz_segment seg;
	tt_tz_segment_at(&tz, U("2021-12-01T00:00:00"), &seg);
	ck_assert_int_eq(seg.start, U("2021-11-07T06:00:00"));
	ck_assert_int_eq(seg.end, U("2022-03-13T07:00:00"));
	ck_assert_int_eq(seg.prev_off_s, -4 * 3600);
	tt_tz_release(&tz);
}
END_TEST

static const struct {
	const char *footer;
	int64_t leap;
	size_t cut; /* bytes removed from the end */
	const char *msg;
} bad_files[] = {
        {"EST5EDT,M3.2.0,M11.1.0", 2, 0,
         "z.json:2:5: error: time zone 'Test/Zone': leap-second zones are "
         "not supported (use the zone without 'right/')"},
        {"EST5EDT,M3.2.0,M11.1.0", 0, 40,
         "z.json:2:5: error: time zone 'Test/Zone': TZif file is truncated"},
        {"EST5EDT", 0, 0,
         "z.json:2:5: error: time zone 'Test/Zone': footer rule 'EST5EDT' "
         "not understood"},
};

START_TEST(bad_file)
{
	tzbuf t;
	tt_tz tz;
	tt_diag d = {0};
	char buf[1200];
	int64_t trans[] = {U("2021-03-14T07:00:00"), U("2021-11-07T06:00:00")};
	build(&t, trans, 2, -5 * 3600, -4 * 3600, bad_files[_i].footer,
	      (uint32_t)bad_files[_i].leap);
	tt_code rc = tt_tz_parse(t.b, t.n - bad_files[_i].cut, "Test/Zone",
	                         (tt_loc){"z.json", 2, 5}, &tz, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), bad_files[_i].msg);
	ck_assert_int_eq(tz.count, 0);
	tt_tz_release(&tz);
}
END_TEST

START_TEST(not_tzif)
{
	tt_tz tz;
	tt_diag d = {0};
	char buf[1200];
	const char text[] =
	        "this is not a zone file, honest, it is much longer";
	ck_assert_int_eq(tt_tz_parse((const unsigned char *)text,
	                             sizeof text - 1, "X", (tt_loc){0}, &tz,
	                             &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "error: time zone 'X': not a TZif time zone file");
}
END_TEST

/* ---- names ---- */

static const char *const unknown[] = {
        "America/New_Yrok",  "../../etc/passwd",
        "/etc/passwd",       "America",
        "America//New_York", "",
        "Europe/./London",   "a b",
};

START_TEST(unknown_zone)
{
	tt_tz tz;
	tt_diag d = {0};
	char want[300], buf[1200];
	ck_assert_int_eq(tt_tz_load(unknown[_i], NULL,
	                            (tt_loc){"a.json", 4, 19}, &tz, &d),
	                 TT_EINVAL);
	snprintf(want, sizeof want,
	         "a.json:4:19: error: unknown time zone '%s'", unknown[_i]);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
}
END_TEST

START_TEST(utc_needs_no_file)
{
	tt_tz tz;
	ck_assert_int_eq(
	        tt_tz_load("UTC", "/nonexistent", (tt_loc){0}, &tz, NULL),
	        TT_OK);
	ck_assert_int_eq(tt_tz_offset_at(&tz, U("2021-06-01T00:00:00")), 0);
	ck_assert_int_eq(
	        tt_tz_load("Etc/UTC", "/nonexistent", (tt_loc){0}, &tz, NULL),
	        TT_OK);
	ck_assert_str_eq(tz.name, "Etc/UTC");
	tt_tz_release(&tz);
	tt_tz_release(NULL);
}
END_TEST

/* ---- the POSIX rule ---- */

static const struct {
	const char *text;
	bool ok, dst;
	int32_t std, dst_off;
} rules[] = {
        {"EST5EDT,M3.2.0,M11.1.0", true, true, -18000, -14400},
        {"<+0530>-5:30", true, false, 19800, 19800},
        {"IST-5:30", true, false, 19800, 19800},
        {"AEST-10AEDT,M10.1.0,M4.1.0/3", true, true, 36000, 39600},
        {"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", true, true, -10800, -7200},
        {"CET-1CEST,J60/2,J300/3", true, true, 3600, 7200},
        {"XXX0YYY-2,0/0,365/25", true, true, 0, 7200},
        {"EST5EDT", false, false, 0, 0},
        {"E5", false, false, 0, 0},
        {"EST", false, false, 0, 0},
        {"EST5EDT,M13.2.0,M11.1.0", false, false, 0, 0},
        {"EST5EDT,M3.6.0,M11.1.0", false, false, 0, 0},
        {"EST5EDT,M3.2.0,M11.1.0junk", false, false, 0, 0},
};

START_TEST(rule_parse)
{
	tt_tz_rule r;
	bool ok = tt_tz_rule_parse(rules[_i].text, strlen(rules[_i].text), &r);
	ck_assert_msg(ok == rules[_i].ok, "%s", rules[_i].text);
	if (!ok)
		return;
	ck_assert_int_eq(r.has_dst, rules[_i].dst);
	ck_assert_int_eq(r.std_off_s, rules[_i].std);
	ck_assert_int_eq(r.dst_off_s, rules[_i].dst_off);
}
END_TEST

/* ---- the calendar ---- */

START_TEST(calendar)
{
	int64_t y;
	int m, d;
	ck_assert_int_eq(tt_days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(tt_days_from_civil(2000, 3, 1), 11017);
	tt_civil_from_days(tt_days_from_civil(2024, 2, 29), &y, &m, &d);
	ck_assert(y == 2024 && m == 2 && d == 29);
	tt_civil_from_days(-1, &y, &m, &d);
	ck_assert(y == 1969 && m == 12 && d == 31);
	ck_assert_int_eq(tt_weekday_from_days(0), 4); /* Thursday */
	ck_assert_int_eq(tt_weekday_from_days(-1), 3);
	ck_assert(tt_is_leap_year(2000) && !tt_is_leap_year(2100) &&
	          tt_is_leap_year(2024) && !tt_is_leap_year(2023));
	ck_assert_int_eq(tt_days_in_month(2100, 2), 28);
	ck_assert_int_eq(tt_days_in_month(2096, 2), 29);
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *tz_suite(void)
{
	Suite *s = suite_create("tz");
	TCase *tc;

	tc = tcase_create("offsets");
	tcase_add_loop_test(tc, offset_at, 0, COUNT(offsets));
	suite_add_tcase(s, tc);

	tc = tcase_create("from_local");
	tcase_add_loop_test(tc, from_local, 0, COUNT(locals));
	tcase_add_test(tc, round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("footer_rule");
	tcase_add_test(tc, slim_equals_fat);
	tcase_add_test(tc, table_then_rule);
	tcase_add_loop_test(tc, rule_parse, 0, COUNT(rules));
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_input");
	tcase_add_loop_test(tc, bad_file, 0, COUNT(bad_files));
	tcase_add_test(tc, not_tzif);
	tcase_add_loop_test(tc, unknown_zone, 0, COUNT(unknown));
	tcase_add_test(tc, utc_needs_no_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("calendar");
	tcase_add_test(tc, calendar);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(tz_suite());
}
