/*
 * test_plot_calibrate.c - calibrate.svg (plot_calibrate.c).
 *
 * The calibrations are built here by hand.  The six-hour one follows
 * docs/calibrate.md's example (2024-03-01 from 09:00 UTC, a busy spell
 * from 10:00 to 12:00) with more on each side: two recorded activities
 * nothing simulated matched (an out and an in), two simulated decisions
 * the account did not make, three NotScaled rows (one recorded only),
 * and a stretch from 11:30 to 11:45 where the recorded capacity is not
 * known.  The picture is checked as text: well-formed, one mark per
 * one-sided activity and none for a NotScaled row, the gap breaking the
 * recorded line, the difference between the capacities shaded, the
 * score line, the same bytes twice, a six-week
 * history under a megabyte, and the whole picture against
 * tests/golden/calibrate/calibrate.svg (TTSIM_UPDATE_GOLDEN=1 rewrites
 * it; review the diff and look at the picture).
 */
#include "ttsim/calibrate.h"

#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define S(x) ((tt_time_us)((x)*1e6))
#define ORIGIN 1709283600 /* 2024-03-01T09:00:00Z */

/* ---- the six-hour calibration ---- */

static double load6[360];

static tt_time_us rec_t[] = {S(0),    S(1044),    S(4181.5),  S(4481.25),
                             S(5172), S(5526.25), S(8140.25), S(9000),
                             S(9900), S(10560),   S(11835.5)};
static double rec_v[] = {2, 1, 7, 10, 7, 6, 7, -1, 7, 6, 1};
static tt_time_us sim_t[] = {S(0),    S(1020),  S(4140),  S(4500), S(5160),
                             S(5520), S(11820), S(16500), S(19860)};
static double sim_v[] = {2, 1, 7, 10, 7, 6, 1, 2, 1};

/* One side of a row: decision and completion seconds (< 0: none). */
static tt_cal_side side(double at, double end)
{
	if (at < 0)
		return (tt_cal_side){0};
	return (tt_cal_side){true, S(at), end >= 0, end >= 0 ? S(end) : 0};
}

static tt_cal_row row(tt_cal_match m, tt_direction dir, int to, const char *id,
                      double rec_at, double rec_end, double sim_at,
                      double sim_end)
{
	tt_cal_row r = {0};
	r.match = m;
	r.direction = dir;
	r.to = to;
	r.activity_id = id;
	r.recorded = side(rec_at, rec_end);
	r.simulated = side(sim_at, sim_end);
	return r;
}

static tt_cal_row not_scaled_row(tt_cal_match m, double rec_at, double sim_at,
                                 const char *reason)
{
	tt_cal_row r = row(m, TT_DIR_IN, -1, "ns", rec_at, -1, sim_at, -1);
	r.not_scaled = true;
	r.recorded_reason = reason;
	r.simulated_reason = TT_REASON_ALREADY_AT_MIN_CAPACITY;
	return r;
}

static tt_cal_row rows6[13];

/*
 * The load: 150 to 240 a minute overnight with a slow integer wave, a
 * busy spell rising to about 1,600 from 10:00 to 12:00, and a smaller
 * one at 13:30; integers only, so the picture is the same everywhere.
 */
static double load_at(size_t i)
{
	long wave = (long)(i % 40) < 20 ? (long)(i % 40) : 40 - (long)(i % 40);
	long v = 150 + 4 * wave + (long)((i * 37) % 23);
	if (i >= 60 && i < 180) {
		long k = (long)i - 60;
		v += 40 * (k < 30 ? k : k < 90 ? 30 + (k % 7) : 120 - k);
	}
	if (i >= 265 && i < 295) /* 13:25 to 13:55 */
		v += 25 * (15 - labs((long)i - 280));
	return (double)v;
}

static tt_calibration six_hours(void)
{
	for (size_t i = 0; i < 360; i++)
		load6[i] = load_at(i);
	size_t n = 0;
	rows6[n++] =
	        row(TT_CAL_MATCHED, TT_DIR_IN, 1, "a1", 972.5, 1044, 960, 1020);
	rows6[n++] = not_scaled_row(TT_CAL_MATCHED, 1803.5, 1800,
	                            "AlreadyAtMinCapacity");
	rows6[n++] = row(TT_CAL_MATCHED, TT_DIR_OUT, 7, "a2", 3849.25, 4181.5,
	                 3840, 4140);
	rows6[n++] = row(TT_CAL_MATCHED, TT_DIR_OUT, 10, "a3", 4214, 4481.25,
	                 4200, 4500);
	rows6[n++] = row(TT_CAL_MATCHED, TT_DIR_IN, 7, "a4", 5108.5, 5172, 5100,
	                 5160);
	rows6[n++] = not_scaled_row(TT_CAL_MATCHED, 5229, 5220,
	                            "AutoScalingAnticipatedFlapping");
	rows6[n++] = row(TT_CAL_MATCHED, TT_DIR_IN, 6, "a5", 5471, 5526.25,
	                 5460, 5520);
	rows6[n++] = row(TT_CAL_RECORDED_ONLY, TT_DIR_OUT, 7,
	                 "3f6b1c2a-7d4e-4b9a-8c11-2e5f6a7b8c05", 7809, 8140.25,
	                 -1, -1);
	rows6[n++] = row(TT_CAL_RECORDED_ONLY, TT_DIR_IN, 6, "a7", 10500, 10560,
	                 -1, -1);
	rows6[n++] = row(TT_CAL_MATCHED, TT_DIR_IN, 1, "a8", 11770.75, 11835.5,
	                 11760, 11820);
	rows6[n++] = not_scaled_row(TT_CAL_RECORDED_ONLY, 14000, -1,
	                            "AlreadyAtMinCapacity");
	rows6[n++] = row(TT_CAL_SIMULATED_ONLY, TT_DIR_OUT, 2, NULL, -1, -1,
	                 16200, 16500);
	rows6[n++] = row(TT_CAL_SIMULATED_ONLY, TT_DIR_IN, 1, NULL, -1, -1,
	                 19800, 19860);
	ck_assert_uint_eq(n, sizeof rows6 / sizeof rows6[0]);
	tt_calibration c = {0};
	c.has_activities = true;
	c.rows = rows6;
	c.count = n;
	c.score = (tt_cal_score){.matched = 6,
	                         .recorded_only = 2,
	                         .simulated_only = 2,
	                         .not_scaled_matched = 2,
	                         .not_scaled_agree = 1,
	                         .not_scaled_unmatched = 1,
	                         .has_decision = true,
	                         .decision_median_us = -10875000,
	                         .decision_max_us = -14000000,
	                         .has_completion = true,
	                         .completion_median_us = -13750000,
	                         .above_instance_min = 12.25,
	                         .below_instance_min = 31.5,
	                         .decision_error_min = 61.1,
	                         .loss = 104.85};
	c.origin_unix_s = ORIGIN;
	c.simulated_us = S(21600);
	c.load = load6;
	c.periods = 360;
	c.period_us = S(60);
	c.recorded_capacity =
	        (tt_cal_steps){rec_t, rec_v, sizeof rec_v / sizeof rec_v[0]};
	c.simulated_capacity =
	        (tt_cal_steps){sim_t, sim_v, sizeof sim_v / sizeof sim_v[0]};
	return c;
}

/* ---- writing and reading the picture ---- */

/* The picture of c, or NULL with d set; the caller frees it. */
static char *draw(const tt_calibration *c, tt_code *rc, tt_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	*rc = tt_calibration_write_svg(c, f, d);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static char *draw_ok(const tt_calibration *c)
{
	tt_diag d;
	tt_code rc;
	char msg[600];
	char *svg = draw(c, &rc, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	return svg;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* The d attribute of the element whose class is `cls`, copied. */
static char *path_data(const char *svg, const char *cls)
{
	char key[120];
	snprintf(key, sizeof key, "class=\"%s\"", cls);
	const char *p = strstr(svg, key);
	ck_assert_msg(p != NULL, "no element of class %s", cls);
	const char *d = strstr(p, " d=\"");
	ck_assert_ptr_nonnull(d);
	d += 4;
	const char *end = strchr(d, '"');
	ck_assert_ptr_nonnull(end);
	char *out = malloc((size_t)(end - d) + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, d, (size_t)(end - d));
	out[end - d] = '\0';
	return out;
}

/*
 * How many <rect> the group of class `cls` holds that are wider than
 * min_px (a matched pair's completions seconds apart are a sliver).
 */
static size_t rects_in(const char *svg, const char *cls, double min_px)
{
	char key[120];
	snprintf(key, sizeof key, "class=\"%s\"", cls);
	const char *g = strstr(svg, key);
	ck_assert_msg(g != NULL, "no group of class %s", cls);
	const char *end = strstr(g, "</g>");
	ck_assert_ptr_nonnull(end);
	size_t n = 0;
	for (const char *p = strstr(g, "<rect"); p && p < end;
	     p = strstr(p + 1, "<rect")) {
		const char *w = strstr(p, "width=\"");
		ck_assert_ptr_nonnull(w);
		n += strtod(w + 7, NULL) > min_px;
	}
	return n;
}

/* How many subpaths (M moves) the path of class `cls` has. */
static size_t subpaths(const char *svg, const char *cls)
{
	char *d = path_data(svg, cls);
	size_t n = count(d, "M");
	free(d);
	return n;
}

/*
 * NULL when the elements balance, every attribute is quoted and every
 * '&' is an entity; else what is wrong.  Enough for text this file's
 * writer produces (no comments, no CDATA).
 */
static const char *xml_problem(const char *s, char *why, size_t size)
{
	const char *stack[64];
	size_t lens[64], depth = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '&') {
			if (!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
			    !strncmp(p, "&gt;", 4) ||
			    !strncmp(p, "&quot;", 6) ||
			    !strncmp(p, "&apos;", 6) || !strncmp(p, "&#", 2))
				continue;
			snprintf(why, size, "bare '&' at %zu", (size_t)(p - s));
			return why;
		}
		if (*p != '<')
			continue;
		bool closing = p[1] == '/';
		const char *name = p + 1 + closing, *q = name;
		while (isalnum((unsigned char)*q) || *q == '-')
			q++;
		size_t n = (size_t)(q - name);
		/* through the tag, attribute values quoted */
		while (*q && *q != '>') {
			if (*q == '"') {
				q = strchr(q + 1, '"');
				if (!q) {
					snprintf(why, size, "open quote");
					return why;
				}
			}
			q++;
		}
		if (!*q || n == 0) {
			snprintf(why, size, "bad tag at %zu", (size_t)(p - s));
			return why;
		}
		if (closing) {
			if (depth == 0 || lens[depth - 1] != n ||
			    strncmp(stack[depth - 1], name, n)) {
				snprintf(why, size, "unbalanced </%.*s> at %zu",
				         (int)n, name, (size_t)(p - s));
				return why;
			}
			depth--;
		} else if (q[-1] != '/') {
			ck_assert_uint_lt(depth, 64);
			stack[depth] = name;
			lens[depth++] = n;
		}
		p = q;
	}
	if (depth) {
		snprintf(why, size, "<%.*s> not closed", (int)lens[depth - 1],
		         stack[depth - 1]);
		return why;
	}
	return NULL;
}

/* ---- what the picture shows ---- */

START_TEST(picture_is_well_formed)
{
	tt_calibration c = six_hours();
	char *svg = draw_ok(&c);
	char why[120];
	ck_assert_msg(
	        !strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39),
	        "starts %.40s", svg);
	size_t n = strlen(svg);
	ck_assert(n > 8 && !strcmp(svg + n - 7, "</svg>\n"));
	const char *bad = xml_problem(svg, why, sizeof why);
	ck_assert_msg(bad == NULL, "%s", bad);
	ck_assert_uint_eq(count(svg, "<g id=\"panel-"), 2);
	free(svg);
}
END_TEST

START_TEST(one_mark_per_one_sided_activity)
{
	tt_calibration c = six_hours();
	char *svg = draw_ok(&c);
	ck_assert_uint_eq(count(svg, "class=\"recorded-only out\""), 1);
	ck_assert_uint_eq(count(svg, "class=\"recorded-only in\""), 1);
	ck_assert_uint_eq(count(svg, "class=\"simulated-only out\""), 1);
	ck_assert_uint_eq(count(svg, "class=\"simulated-only in\""), 1);
	/* the recorded-only NotScaled row is not a triangle */
	ck_assert_uint_eq(count(svg, "class=\"recorded-only"), 2);
	ck_assert_uint_eq(count(svg, "class=\"matched\""), 6);
	/* the tooltip names the activity and its wall-clock time */
	ck_assert_ptr_nonnull(
	        strstr(svg, "<title>recorded only: scale-out to 7 at "
	                    "2024-03-01T11:10:09Z, activity "
	                    "3f6b1c2a-7d4e-4b9a-8c11-2e5f6a7b8c05</title>"));
	ck_assert_ptr_nonnull(strstr(svg,
	                             "<title>matched: scale-in to 1, recorded "
	                             "2024-03-01T09:16:12Z, simulated "
	                             "2024-03-01T09:16:00Z (\xe2\x88\x92"
	                             "12.5 s)</title>"));
	free(svg);
}
END_TEST

START_TEST(not_scaled_rows_are_ticks_only)
{
	tt_calibration c = six_hours();
	char *svg = draw_ok(&c);
	ck_assert_uint_eq(subpaths(svg, "not-scaled"), 3);
	ck_assert_ptr_nonnull(strstr(svg, ">not scaled</text>"));
	free(svg);
	/* without NotScaled rows: no ticks, no legend entry */
	tt_calibration d = six_hours();
	tt_cal_row kept[13];
	size_t n = 0;
	for (size_t i = 0; i < d.count; i++)
		if (!d.rows[i].not_scaled)
			kept[n++] = d.rows[i];
	d.rows = kept;
	d.count = n;
	svg = draw_ok(&d);
	ck_assert_ptr_null(strstr(svg, "not-scaled"));
	ck_assert_ptr_null(strstr(svg, ">not scaled</text>"));
	free(svg);
}
END_TEST

START_TEST(gap_breaks_the_recorded_line)
{
	tt_calibration c = six_hours();
	char *svg = draw_ok(&c);
	ck_assert_uint_eq(subpaths(svg, "series-recorded"), 2);
	ck_assert_uint_eq(subpaths(svg, "series-simulated"), 1);
	/* the stretch is shaded, once, and the legend says what it is */
	const char *g = strstr(svg, "class=\"recorded-unknown\"");
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(rects_in(svg, "recorded-unknown", 0), 1);
	ck_assert_ptr_nonnull(strstr(svg, ">recorded capacity not known<"));
	/* the recorded 7 against the simulated 6 is shaded on either side
	 * of the gap, not in it */
	ck_assert_uint_eq(rects_in(svg, "simulated-below", 5), 2);
	free(svg);
	/* the same history known throughout: one line, nothing shaded */
	double v[sizeof rec_v / sizeof rec_v[0]];
	memcpy(v, rec_v, sizeof v);
	v[7] = 7;
	c.recorded_capacity.value = v;
	svg = draw_ok(&c);
	ck_assert_uint_eq(subpaths(svg, "series-recorded"), 1);
	ck_assert_ptr_null(strstr(svg, "recorded-unknown"));
	ck_assert_ptr_null(strstr(svg, "not known"));
	ck_assert_uint_eq(rects_in(svg, "simulated-below", 5), 1);
	free(svg);
}
END_TEST

/*
 * Where the simulation kept more instances than the account (13:35 to
 * 14:31, 2 against 1) the difference is shaded blue, where fewer red; a
 * history the simulation reproduces exactly shades nothing.
 */
START_TEST(difference_between_the_capacities_is_shaded)
{
	tt_calibration c = six_hours();
	char *svg = draw_ok(&c);
	ck_assert_uint_eq(rects_in(svg, "simulated-above", 5), 1);
	ck_assert_ptr_nonnull(strstr(svg, ">simulated above recorded<"));
	ck_assert_ptr_nonnull(strstr(svg, ">simulated below recorded<"));
	free(svg);
	c.recorded_capacity = c.simulated_capacity;
	svg = draw_ok(&c);
	ck_assert_ptr_null(strstr(svg, "simulated-above"));
	ck_assert_ptr_null(strstr(svg, "simulated-below"));
	ck_assert_ptr_null(strstr(svg, "simulated above recorded"));
	free(svg);
}
END_TEST

START_TEST(head_says_the_score_and_the_source)
{
	tt_calibration c = six_hours();
	char *svg = draw_ok(&c);
	ck_assert_ptr_nonnull(strstr(
	        svg, "6 matched \xc2\xb7 2 recorded only \xc2\xb7 2 simulated "
	             "only \xc2\xb7 median decision offset \xe2\x88\x92"
	             "10.9 s \xc2\xb7 simulated above 12.3 / below 31.5 "
	             "instance-min"));
	ck_assert_ptr_nonnull(strstr(svg, "loss 104.9"));
	ck_assert_ptr_nonnull(
	        strstr(svg, ">NotScaled activities: 2 matched (1 with the "
	                    "same reason), 1 unmatched<"));
	ck_assert_ptr_nonnull(strstr(svg, ">recorded (activities)<"));
	ck_assert_ptr_nonnull(strstr(svg, "rebuilt from the scaling"));
	ck_assert_ptr_nonnull(strstr(svg, "time (UTC), from 2024-03-01 09:00"));
	ck_assert_ptr_nonnull(strstr(svg, ">Mar 1<"));
	ck_assert_ptr_nonnull(strstr(svg, ">invocations per minute<"));
	free(svg);
	c.capacity_from_export = true;
	c.score.has_decision = false;
	svg = draw_ok(&c);
	ck_assert_ptr_nonnull(strstr(svg, ">recorded (CloudWatch export)<"));
	ck_assert_ptr_nonnull(strstr(svg, "no decision offset (none matched)"));
	free(svg);
}
END_TEST

/* The run's warnings are notes of the head, the first two and a count;
 * its notes are not. */
START_TEST(run_warnings_are_noted)
{
	tt_calibration c = six_hours();
	tt_loc at = {0};
	ck_assert_int_eq(tt_diag_list_add(&c.notes, TT_SEV_NOTE, at,
	                                  "detected format: cloudwatch"),
	                 TT_OK);
	for (int i = 1; i <= 4; i++)
		ck_assert_int_eq(tt_diag_list_add(&c.notes, TT_SEV_WARNING, at,
		                                  "%d periods missing in the "
		                                  "trace, replayed as zero "
		                                  "traffic",
		                                  i),
		                 TT_OK);
	char *svg = draw_ok(&c);
	ck_assert_ptr_nonnull(strstr(svg, ">warning: 1 periods missing"));
	ck_assert_ptr_nonnull(strstr(svg, ">warning: 2 periods missing"));
	ck_assert_ptr_null(strstr(svg, ">warning: 3 periods missing"));
	ck_assert_ptr_nonnull(strstr(svg, ">and 2 more warnings"));
	ck_assert_ptr_null(strstr(svg, "detected format"));
	free(svg);
	tt_diag_list_release(&c.notes);
}
END_TEST

START_TEST(same_bytes_twice)
{
	tt_calibration c = six_hours();
	char *a = draw_ok(&c);
	char *b = draw_ok(&c);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(a_figure_not_finite_is_refused)
{
	tt_calibration c = six_hours();
	c.score.loss = 1.0 / 0.0;
	tt_diag d;
	tt_code rc;
	char msg[600];
	free(draw(&c, &rc, &d));
	ck_assert_int_eq(rc, TT_EINTERNAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "error: 'loss' in calibrate.svg is inf: outputs hold "
	                 "finite numbers only (internal error)");
}
END_TEST

START_TEST(an_empty_calibration_still_draws)
{
	tt_calibration c = {0};
	c.origin_unix_s = ORIGIN;
	char *svg = draw_ok(&c);
	char why[120];
	const char *bad = xml_problem(svg, why, sizeof why);
	ck_assert_msg(bad == NULL, "%s", bad);
	ck_assert_ptr_null(strstr(svg, "recorded-only"));
	/* no activities: said in the score, no marks in the legend */
	ck_assert_ptr_nonnull(
	        strstr(svg, "no activities given: decisions not compared"));
	ck_assert_ptr_null(strstr(svg, ">matched</text>"));
	free(svg);
}
END_TEST

/* ---- six weeks ---- */

/*
 * Six weeks of minutes (60,480 periods), a step in each capacity every
 * ten minutes (6,048 each), the recorded one unknown for a day, and an
 * activity of each kind every five minutes (about 12,000 rows).
 */
START_TEST(six_weeks_stay_under_a_megabyte)
{
	enum { PERIODS = 60480, STEPS = 6048, ROWS = 12096 };
	double *load = malloc(PERIODS * sizeof *load);
	tt_time_us *st = malloc(STEPS * sizeof *st);
	double *rv = malloc(STEPS * sizeof *rv);
	double *sv = malloc(STEPS * sizeof *sv);
	tt_cal_row *rows = calloc(ROWS, sizeof *rows);
	ck_assert(load && st && rv && sv && rows);
	for (size_t i = 0; i < PERIODS; i++)
		load[i] = load_at(i % 1440 / 4);
	for (size_t i = 0; i < STEPS; i++) {
		st[i] = S(600.0 * (double)i);
		rv[i] = (double)(1 + (i * 7) % 9);
		sv[i] = (double)(1 + (i * 5) % 9);
		if (i >= 1440 && i < 1584) /* day 10 */
			rv[i] = -1;
	}
	for (size_t i = 0; i < ROWS; i++) {
		static const tt_cal_match kinds[4] = {
		        TT_CAL_MATCHED, TT_CAL_RECORDED_ONLY,
		        TT_CAL_SIMULATED_ONLY, TT_CAL_MATCHED};
		double at = 300.0 * (double)i + 7;
		tt_cal_match m = kinds[i % 4];
		rows[i] =
		        row(m, i % 3 ? TT_DIR_OUT : TT_DIR_IN, (int)(1 + i % 9),
		            "x", m == TT_CAL_SIMULATED_ONLY ? -1 : at, at + 60,
		            m == TT_CAL_RECORDED_ONLY ? -1 : at - 10, at + 50);
		rows[i].not_scaled = i % 17 == 0;
	}
	tt_calibration c = six_hours();
	c.load = load;
	c.periods = PERIODS;
	c.simulated_us = S(60.0 * PERIODS);
	c.recorded_capacity = (tt_cal_steps){st, rv, STEPS};
	c.simulated_capacity = (tt_cal_steps){st, sv, STEPS};
	c.rows = rows;
	c.count = ROWS;
	char *svg = draw_ok(&c);
	size_t n = strlen(svg);
	/*
	 * The bound: the load is at most 4 points per pixel column in two
	 * paths (1,100 columns, ~100 kB), each capacity at most 4 moves per
	 * column (~40 kB each), and the marks at most one per 6 pixels of
	 * each of five kinds (~920 marks of ~300 bytes with their tooltips,
	 * ~280 kB): about half a megabyte at worst.
	 */
	ck_assert_msg(n < 1000000, "six weeks: %zu bytes", n);
	ck_assert_ptr_nonnull(strstr(svg, "60480 periods: each pixel column"));
	ck_assert_ptr_nonnull(strstr(svg, "one mark of each kind per 6"));
	ck_assert_ptr_nonnull(strstr(svg, "capacities is not shaded"));
	ck_assert_ptr_null(strstr(svg, "simulated-above"));
	/* binned: at most one mark of a kind per 6 pixels */
	ck_assert_uint_le(count(svg, "class=\"recorded-only out\""),
	                  1100 / 6 + 1);
	ck_assert_uint_gt(count(svg, "class=\"recorded-only out\""), 100);
	ck_assert_uint_eq(subpaths(svg, "series-recorded"), 2);
	char why[120];
	const char *bad = xml_problem(svg, why, sizeof why);
	ck_assert_msg(bad == NULL, "%s", bad);
	free(svg);
	free(rows);
	free(sv);
	free(rv);
	free(st);
	free(load);
}
END_TEST

/* ---- the golden picture ---- */

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 65536;
			char *more = realloc(buf, cap);
			ck_assert_ptr_nonnull(more);
			buf = more;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

START_TEST(golden_picture)
{
	tt_calibration c = six_hours();
	char *svg = draw_ok(&c);
	char path[600];
	tu_src_path(path, sizeof path, "tests/golden/calibrate/calibrate.svg");
	const char *update = getenv("TTSIM_UPDATE_GOLDEN");
	if (update && !strcmp(update, "1")) {
		FILE *f = fopen(path, "wb");
		ck_assert_msg(f != NULL, "cannot write %s", path);
		fputs(svg, f);
		ck_assert_int_eq(fclose(f), 0);
	}
	size_t len = 0;
	char *want = read_all(path, &len);
	ck_assert_msg(want != NULL, "no %s (TTSIM_UPDATE_GOLDEN=1 writes it)",
	              path);
	size_t i = 0;
	while (svg[i] && svg[i] == want[i])
		i++;
	ck_assert_msg(len == strlen(svg) && i == len,
	              "calibrate.svg differs from %s at byte %zu "
	              "(TTSIM_UPDATE_GOLDEN=1 rewrites it)",
	              path, i);
	free(want);
	free(svg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plot_calibrate");
	const tu_case cases[] = {
	        {"well-formed", picture_is_well_formed},
	        {"one mark per one-sided activity",
	         one_mark_per_one_sided_activity},
	        {"not scaled rows", not_scaled_rows_are_ticks_only},
	        {"gap in the recorded capacity", gap_breaks_the_recorded_line},
	        {"difference shaded",
	         difference_between_the_capacities_is_shaded},
	        {"head", head_says_the_score_and_the_source},
	        {"run warnings", run_warnings_are_noted},
	        {"same bytes", same_bytes_twice},
	        {"figure not finite", a_figure_not_finite_is_refused},
	        {"empty calibration", an_empty_calibration_still_draws},
	        {"six weeks", six_weeks_stay_under_a_megabyte},
	        {"golden", golden_picture},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
