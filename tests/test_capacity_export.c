/*
 * test_capacity_export.c - a CloudWatch export of the instance count read
 * as the recorded capacity: both shapes the AWS CLI prints, each
 * statistic and the order one is chosen in, fractional counts, the order
 * of the datapoints, gaps kept as gaps, the period, and the example of
 * tests/data/calibrate/.  Bad files, each with its exact message, are in
 * tests/bad/capacity/ (NAME.json beside NAME.err), all checked here.
 */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity_export.h"
#include "testutil.h"

/* 2024-03-01T09:00:00Z in Unix microseconds. */
#define NINE (INT64_C(1709283600) * INT64_C(1000000))
#define MIN_US (INT64_C(60) * INT64_C(1000000))

static tt_code parse(const char *text, tt_capacity_export *c,
                     tt_diag_list *notes, tt_diag *d)
{
	return tt_capacity_export_parse(text, strlen(text), "c.json", c, notes,
	                                d);
}

static void parse_ok(const char *text, tt_capacity_export *c,
                     tt_diag_list *notes)
{
	char buf[1200];
	tt_diag d;
	tt_code rc = parse(text, c, notes, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* One datapoint of get-metric-statistics: at 09:MM, holding `stats`. */
typedef struct datapoint {
	int mm;
	const char *stats;
} datapoint;

/*
 * get-metric-statistics output of the `n` datapoints, one a line: the
 * i-th is on line i + 2 and its Timestamp's value at column 15.
 */
static void parse_stats_ok(const datapoint *dps, size_t n,
                           tt_capacity_export *c, tt_diag_list *notes)
{
	char text[2000];
	size_t used = (size_t)snprintf(
	        text, sizeof text,
	        "{\"Label\": \"GroupInServiceInstances\", \"Datapoints\": [\n");
	for (size_t i = 0; i < n; i++) {
		used += (size_t)snprintf(
		        text + used, sizeof text - used,
		        "{\"Timestamp\": \"2024-03-01T09:%02d:00+00:00\", %s, "
		        "\"Unit\": \"None\"}%s\n",
		        dps[i].mm, dps[i].stats, i + 1 < n ? "," : "");
		ck_assert_uint_lt(used, sizeof text);
	}
	snprintf(text + used, sizeof text - used, "]}\n");
	parse_ok(text, c, notes);
}

#define N(a) (sizeof(a) / sizeof *(a))

/* ---- the two shapes ---- */

START_TEST(statistics_shape)
{
	/* in any order, as the CLI prints them */
	tt_capacity_export c;
	static const datapoint dps[] = {{2, "\"Average\": 3.0"},
	                                {0, "\"Average\": 2.0"},
	                                {1, "\"Average\": 2.5"}};
	parse_stats_ok(dps, N(dps), &c, NULL);
	ck_assert_uint_eq(c.count, 3);
	ck_assert_str_eq(c.statistic, "Average");
	ck_assert_str_eq(c.name, "c.json");
	ck_assert_int_eq(c.period_us, MIN_US);
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(c.unix_us[i], NINE + (int64_t)i * MIN_US);
	ck_assert_double_eq(c.value[0], 2.0);
	ck_assert_double_eq(c.value[1], 2.5);
	ck_assert_double_eq(c.value[2], 3.0);
	tt_capacity_export_release(&c);
}
END_TEST

START_TEST(data_shape_newest_first)
{
	/* get-metric-data lists the newest first; read oldest first */
	tt_capacity_export c;
	parse_ok("{\"MetricDataResults\": [{\"Id\": \"m1\", \"Label\": "
	         "\"RunningTaskCount\", \"Timestamps\": "
	         "[\"2024-03-01T09:10:00+00:00\", "
	         "\"2024-03-01T09:05:00+00:00\", "
	         "\"2024-03-01T09:00:00+00:00\"], \"Values\": [4.0, 3.0, 2.0], "
	         "\"StatusCode\": \"Complete\"}], \"Messages\": []}",
	         &c, NULL);
	ck_assert_uint_eq(c.count, 3);
	ck_assert_str_eq(c.statistic, "Values");
	ck_assert_int_eq(c.period_us, 5 * MIN_US);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(c.unix_us[i], NINE + (int64_t)i * 5 * MIN_US);
		ck_assert_double_eq(c.value[i], 2.0 + (double)i);
	}
	tt_capacity_export_release(&c);
}
END_TEST

START_TEST(partial_data_warns)
{
	tt_capacity_export c;
	tt_diag_list notes = {0};
	parse_ok("{\"MetricDataResults\": [{\"Id\": \"m1\", \"Timestamps\": "
	         "[\"2024-03-01T09:01:00Z\", \"2024-03-01T09:00:00Z\"], "
	         "\"Values\": [2, 2], \"StatusCode\": \"PartialData\"}]}",
	         &c, &notes);
	ck_assert_uint_eq(notes.count, 1);
	ck_assert_int_eq(notes.items[0].severity, TT_SEV_WARNING);
	ck_assert_ptr_nonnull(strstr(notes.items[0].msg, "PartialData"));
	tt_diag_list_release(&notes);
	tt_capacity_export_release(&c);
}
END_TEST

/* ---- which statistic ---- */

static const struct {
	const char *stats; /* the keys of every datapoint */
	const char *chosen;
	double first; /* the value read at 09:00 */
} stat_cases[] = {
        /* each alone */
        {"\"Average\": 2.5", "Average", 2.5},
        {"\"Maximum\": 3.0", "Maximum", 3.0},
        {"\"Minimum\": 2.0", "Minimum", 2.0},
        {"\"Sum\": 4.0", "Sum", 4.0},
        /* several: Average, Maximum, Minimum, Sum in that order,
         * whatever order the keys are written in */
        {"\"Sum\": 9.0, \"Maximum\": 3.0, \"Average\": 2.5", "Average", 2.5},
        {"\"Minimum\": 2.0, \"Maximum\": 3.0", "Maximum", 3.0},
        {"\"Sum\": 9.0, \"SampleCount\": 4.0, \"Minimum\": 2.0", "Minimum",
         2.0},
        {"\"SampleCount\": 60.0, \"Sum\": 120.0", "Sum", 120.0},
};

START_TEST(each_statistic)
{
	char text[600];
	snprintf(text, sizeof text,
	         "{\"Datapoints\": [{\"Timestamp\": \"2024-03-01T09:00:00Z\", "
	         "%s}, {\"Timestamp\": \"2024-03-01T09:01:00Z\", %s}]}",
	         stat_cases[_i].stats, stat_cases[_i].stats);
	tt_capacity_export c;
	parse_ok(text, &c, NULL);
	ck_assert_str_eq(c.statistic, stat_cases[_i].chosen);
	ck_assert_uint_eq(c.count, 2);
	ck_assert_double_eq(c.value[0], stat_cases[_i].first);
	ck_assert_double_eq(c.value[1], stat_cases[_i].first);
	tt_capacity_export_release(&c);
}
END_TEST

START_TEST(fractional_and_bounds)
{
	/* an Average over a minute in which the count went from 7 to 2
	 * 35 s in; zero instances; the largest count; -0 is 0 */
	tt_capacity_export c;
	static const datapoint dps[] = {{0, "\"Average\": 4.916666666666667"},
	                                {1, "\"Average\": 0"},
	                                {2, "\"Average\": 1000000000"},
	                                {3, "\"Average\": -0.0"}};
	parse_stats_ok(dps, N(dps), &c, NULL);
	ck_assert_uint_eq(c.count, 4);
	ck_assert_double_eq_tol(c.value[0], (35 * 7 + 25 * 2) / 60.0, 1e-12);
	ck_assert_double_eq(c.value[1], 0);
	ck_assert_double_eq(c.value[2], 1e9);
	ck_assert_double_eq(c.value[3], 0);
	ck_assert(!signbit(c.value[3]));
	tt_capacity_export_release(&c);
}
END_TEST

/* ---- time ---- */

START_TEST(gaps_kept)
{
	/* 09:03 and 09:04 missing: not zero, not filled in, a note */
	tt_capacity_export c;
	tt_diag_list notes = {0};
	char buf[600];
	static const datapoint dps[] = {{0, "\"Average\": 2.0"},
	                                {1, "\"Average\": 2.0"},
	                                {2, "\"Average\": 3.0"},
	                                {5, "\"Average\": 3.0"},
	                                {6, "\"Average\": 3.0"}};
	parse_stats_ok(dps, N(dps), &c, &notes);
	ck_assert_uint_eq(c.count, 5);
	ck_assert_int_eq(c.period_us, MIN_US);
	ck_assert_int_eq(c.unix_us[2], NINE + 2 * MIN_US);
	ck_assert_int_eq(c.unix_us[3], NINE + 5 * MIN_US);
	ck_assert_double_eq(c.value[3], 3.0);
	ck_assert_uint_eq(notes.count, 1);
	ck_assert_str_eq(tu_diag_str(&notes.items[0], buf, sizeof buf),
	                 "c.json:5:15: note: 2 periods missing in 1 gap "
	                 "between datapoints (the first before this "
	                 "datapoint): the count is not known there");
	tt_diag_list_release(&notes);
	tt_capacity_export_release(&c);
}
END_TEST

START_TEST(period_is_smallest_gap)
{
	/* 5-minute datapoints, one missing: the period is 5 minutes */
	tt_capacity_export c;
	tt_diag_list notes = {0};
	static const datapoint dps[] = {{20, "\"Maximum\": 4.0"},
	                                {0, "\"Maximum\": 2.0"},
	                                {5, "\"Maximum\": 3.0"},
	                                {15, "\"Maximum\": 4.0"}};
	parse_stats_ok(dps, N(dps), &c, &notes);
	ck_assert_int_eq(c.period_us, 5 * MIN_US);
	ck_assert_uint_eq(c.count, 4);
	ck_assert_int_eq(c.unix_us[0], NINE);
	ck_assert_int_eq(c.unix_us[3], NINE + 20 * MIN_US);
	ck_assert_uint_eq(notes.count, 1);
	ck_assert_ptr_nonnull(strstr(notes.items[0].msg, "1 period missing"));
	tt_diag_list_release(&notes);
	tt_capacity_export_release(&c);
}
END_TEST

/* ---- the example beside the calibration's ---- */

START_TEST(example_file)
{
	char path[512], buf[1200];
	tt_capacity_export c;
	tt_diag_list notes = {0};
	tt_diag d;
	tu_src_path(path, sizeof path, "tests/data/calibrate/capacity.json");
	tt_code rc = tt_capacity_export_read(path, path, &c, &notes, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	/* six hours of minutes from 09:00, three missing */
	ck_assert_str_eq(c.statistic, "Average");
	ck_assert_int_eq(c.period_us, MIN_US);
	ck_assert_uint_eq(c.count, 360 - 3);
	ck_assert_int_eq(c.unix_us[0], NINE);
	ck_assert_int_eq(c.unix_us[c.count - 1], NINE + 359 * MIN_US);
	ck_assert_double_eq(c.value[0], 2.0);
	ck_assert_uint_eq(notes.count, 1);
	ck_assert_ptr_nonnull(
	        strstr(notes.items[0].msg, "3 periods missing in 1 gap"));
	/* 10:09:41.5 the count went from 1 to 7: 41.5 s of 1, 18.5 of 7 */
	size_t at = 69;
	ck_assert_int_eq(c.unix_us[at], NINE + 69 * MIN_US);
	ck_assert_double_eq_tol(c.value[at], (41.5 * 1 + 18.5 * 7) / 60, 1e-9);
	ck_assert_double_eq(c.value[at + 1], 7.0);
	double lo = c.value[0], hi = c.value[0];
	for (size_t i = 0; i < c.count; i++) {
		if (i > 0)
			ck_assert_int_gt(c.unix_us[i], c.unix_us[i - 1]);
		lo = c.value[i] < lo ? c.value[i] : lo;
		hi = c.value[i] > hi ? c.value[i] : hi;
	}
	ck_assert_double_eq(lo, 1.0);
	ck_assert_double_eq(hi, 10.0);
	tt_diag_list_release(&notes);
	tt_capacity_export_release(&c);
}
END_TEST

/* ---- failures ---- */

START_TEST(failure_leaves_out_untouched)
{
	tt_capacity_export c;
	memset(&c, 0x5a, sizeof c);
	tt_capacity_export before = c;
	tt_diag_list notes = {0};
	tt_diag d;
	/* a PartialData warning before the error is not kept either */
	ck_assert_int_eq(
	        parse("{\"MetricDataResults\": [{\"Id\": \"m1\", "
	              "\"Timestamps\": [\"2024-03-01T09:00:00Z\"], "
	              "\"Values\": [2], \"StatusCode\": \"PartialData\"}]}",
	              &c, &notes, &d),
	        TT_EINVAL);
	ck_assert_mem_eq(&c, &before, sizeof c);
	ck_assert_uint_eq(notes.count, 0);
	ck_assert_int_eq(parse("", &c, &notes, &d), TT_ESYNTAX);
	ck_assert_mem_eq(&c, &before, sizeof c);

	char path[512];
	tu_src_path(path, sizeof path, "tests/data/calibrate/no-such.json");
	ck_assert_int_eq(
	        tt_capacity_export_read(path, "no-such.json", &c, &notes, &d),
	        TT_EIO);
	ck_assert_mem_eq(&c, &before, sizeof c);

	tt_capacity_export zero = {0};
	tt_capacity_export_release(&zero);
	tt_capacity_export_release(NULL);
}
END_TEST

/* The text of a file, without its final newline; NULL when unreadable. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 4096);
	size_t n = buf ? fread(buf, 1, 4095, f) : 0;
	fclose(f);
	while (buf && n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return buf;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every tests/bad/capacity/NAME.json fails with exactly the line in
 * NAME.err.  Locations name the file as "capacity/NAME.json", as
 * cli_test.sh names the top-level bad files: relative to tests/bad.
 */
START_TEST(bad_folder)
{
	char dir[512];
	tu_src_path(dir, sizeof dir, "tests/bad/capacity");
	DIR *dp = opendir(dir);
	ck_assert_msg(dp != NULL, "cannot open %s", dir);
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		size_t len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
			ck_assert_uint_lt(n, 64);
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(dp);
	qsort(names, n, sizeof *names, by_name);
	ck_assert_uint_ge(n, 12);
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		char path[700], errpath[700], name[300], got[1400];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(errpath, sizeof errpath, "%.*s.err",
		         (int)strlen(path) - 5, path);
		snprintf(name, sizeof name, "capacity/%s", names[i]);
		char *want = slurp(errpath);
		tt_capacity_export c = {0};
		tt_diag d;
		tt_code rc = tt_capacity_export_read(path, name, &c, NULL, &d);
		if (rc == TT_OK) {
			tt_capacity_export_release(&c);
			snprintf(got, sizeof got, "(read without error)");
		} else {
			tu_diag_str(&d, got, sizeof got);
		}
		if (!want || strcmp(want, got) != 0) {
			fprintf(stderr, "%s:\n  want: %s\n  got:  %s\n",
			        names[i], want ? want : "(no .err file)", got);
			failed++;
		}
		free(want);
		free(names[i]);
	}
	ck_assert_msg(failed == 0, "%zu of %zu bad files differ", failed, n);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("capacity_export");
	TCase *t = tcase_create("shapes");
	tcase_add_test(t, statistics_shape);
	tcase_add_test(t, data_shape_newest_first);
	tcase_add_test(t, partial_data_warns);
	suite_add_tcase(s, t);
	t = tcase_create("statistic");
	tcase_add_loop_test(t, each_statistic, 0,
	                    sizeof stat_cases / sizeof *stat_cases);
	tcase_add_test(t, fractional_and_bounds);
	suite_add_tcase(s, t);
	t = tcase_create("time");
	tcase_add_test(t, gaps_kept);
	tcase_add_test(t, period_is_smallest_gap);
	suite_add_tcase(s, t);
	t = tcase_create("example");
	tcase_add_test(t, example_file);
	suite_add_tcase(s, t);
	t = tcase_create("errors");
	tcase_add_test(t, failure_leaves_out_untouched);
	tcase_add_test(t, bad_folder);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run_suite(suite());
}
