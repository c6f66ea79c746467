/*
 * test_plot.c - the SVG pictures (plot.c) and report.html (report_html.c).
 *
 * The pictures are checked as text: well-formed XML (a small checker
 * below: tags balance, attributes quoted, entities escaped), the elements
 * each series and line must produce, the legend's words, the same bytes
 * twice, the World Cup run under a megabyte, and exact error messages.
 * Runs come from tests/golden/, tests/data/plot-ic/ (an inference
 * component going to zero copies and waking) or, for the World Cup, from
 * a real run written to a scratch directory.
 */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plot_series.h"
#include "plot_svg.h"
#include "testutil.h"
#include "ttsim/figures.h"
#include "ttsim/plot.h"
#include "ttsim/report.h"
#include "ttsim/report_html.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

/* ---- a small XML well-formedness checker ---- */

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == ':' ||
	       c == '.';
}

/* An entity reference at s (just after '&'): length used, or 0. */
static size_t entity_len(const char *s)
{
	static const char *const named[] = {"amp;", "lt;", "gt;", "quot;",
	                                    "apos;"};
	for (size_t i = 0; i < 5; i++)
		if (strncmp(s, named[i], strlen(named[i])) == 0)
			return strlen(named[i]);
	if (s[0] == '#') {
		size_t n = 1;
		while (isdigit((unsigned char)s[n]))
			n++;
		if (n > 1 && s[n] == ';')
			return n + 1;
	}
	return 0;
}

/*
 * NULL when `xml` is one well-formed element (an optional XML
 * declaration before it), else what is wrong, in `why`.
 */
static const char *xml_check(const char *xml, char *why, size_t size)
{
	const char *stack[256];
	size_t lens[256];
	size_t depth = 0;
	bool root_seen = false;
	const char *s = xml;
	if (strncmp(s, "<?xml", 5) == 0) {
		s = strstr(s, "?>");
		if (!s)
			return "unterminated xml declaration";
		s += 2;
	}
	while (*s) {
		if (*s == '&') {
			size_t n = entity_len(s + 1);
			if (!n) {
				snprintf(why, size, "bare '&' at offset %zu",
				         (size_t)(s - xml));
				return why;
			}
			s += n + 1;
			continue;
		}
		if (*s == '>') {
			snprintf(why, size, "bare '>' at offset %zu",
			         (size_t)(s - xml));
			return why;
		}
		if (*s != '<') {
			if (depth == 0 && !isspace((unsigned char)*s)) {
				snprintf(why, size,
				         "text outside the root at offset %zu",
				         (size_t)(s - xml));
				return why;
			}
			s++;
			continue;
		}
		s++;
		bool closing = *s == '/';
		if (closing)
			s++;
		const char *name = s;
		while (name_char(*s))
			s++;
		size_t nlen = (size_t)(s - name);
		if (nlen == 0) {
			snprintf(why, size, "bad tag at offset %zu",
			         (size_t)(s - xml));
			return why;
		}
		if (closing) {
			while (isspace((unsigned char)*s))
				s++;
			if (*s != '>' || depth == 0 ||
			    lens[depth - 1] != nlen ||
			    strncmp(stack[depth - 1], name, nlen) != 0) {
				snprintf(why, size,
				         "unbalanced </%.*s> at offset %zu",
				         (int)nlen, name, (size_t)(s - xml));
				return why;
			}
			depth--;
			s++;
			continue;
		}
		if (depth == 0 && root_seen)
			return "a second root element";
		root_seen = true;
		/* attributes: name="value" or name='value', no '<' or bare & */
		for (;;) {
			bool space = false;
			while (isspace((unsigned char)*s)) {
				s++;
				space = true;
			}
			if (*s == '/' && s[1] == '>') {
				s += 2;
				break;
			}
			if (*s == '>') {
				if (depth == 256)
					return "too deep";
				stack[depth] = name;
				lens[depth++] = nlen;
				s++;
				break;
			}
			const char *an = s;
			while (name_char(*s))
				s++;
			if (!space || s == an || *s != '=' ||
			    (s[1] != '"' && s[1] != '\'')) {
				snprintf(why, size,
				         "unquoted or malformed attribute in "
				         "<%.*s> at offset %zu",
				         (int)nlen, name, (size_t)(s - xml));
				return why;
			}
			char q = s[1];
			s += 2;
			while (*s && *s != q) {
				if (*s == '<')
					return "'<' in an attribute";
				if (*s == '&') {
					size_t n = entity_len(s + 1);
					if (!n)
						return "bare '&' in an "
						       "attribute";
					s += n;
				}
				s++;
			}
			if (!*s)
				return "unterminated attribute";
			s++;
		}
	}
	if (depth)
		return "unclosed element";
	if (!root_seen)
		return "no element";
	return NULL;
}

static void assert_wellformed(const char *xml)
{
	char why[200];
	const char *bad = xml_check(xml, why, sizeof why);
	ck_assert_msg(bad == NULL, "not well-formed: %s", bad);
}

START_TEST(checker_catches_bad_xml)
{
	char why[200];
	ck_assert_ptr_null(
	        xml_check("<a b=\"1\"><c/>x &amp; y</a>\n", why, sizeof why));
	ck_assert_ptr_nonnull(xml_check("<a><b></a></b>", why, sizeof why));
	ck_assert_ptr_nonnull(xml_check("<a b=1/>", why, sizeof why));
	ck_assert_ptr_nonnull(xml_check("<a>x & y</a>", why, sizeof why));
	ck_assert_ptr_nonnull(xml_check("<a>", why, sizeof why));
	ck_assert_ptr_nonnull(xml_check("<a/><b/>", why, sizeof why));
}
END_TEST

/* ---- helpers ---- */

typedef struct run_files {
	char timeline[512], events[512], summary[512];
} run_files;

static run_files golden(const char *run)
{
	run_files r;
	char rel[256];
	snprintf(rel, sizeof rel, "tests/golden/%s/timeline.csv", run);
	tu_src_path(r.timeline, sizeof r.timeline, rel);
	snprintf(rel, sizeof rel, "tests/golden/%s/events.csv", run);
	tu_src_path(r.events, sizeof r.events, rel);
	snprintf(rel, sizeof rel, "tests/golden/%s/summary.json", run);
	tu_src_path(r.summary, sizeof r.summary, rel);
	return r;
}

/* tt_plot_run into a string; fails the test on an error. */
static char *plot(const char *timeline, const char *events, const char *summary,
                  size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	tt_diag d;
	char msg[1024];
	ck_assert_msg(!tt_plot_run(timeline, events, summary, f, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

/* The error tt_plot_run gives, as the CLI would print it. */
static tt_code plot_error(const char *timeline, char *msg, size_t size)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	tt_diag d;
	tt_code rc = tt_plot_run(timeline, NULL, NULL, f, &d);
	fclose(f);
	free(buf);
	if (rc)
		tu_diag_str(&d, msg, size);
	return rc;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void has(const char *hay, const char *needle)
{
	ck_assert_msg(strstr(hay, needle) != NULL, "missing %s", needle);
}

/* ---- a run's picture ---- */

START_TEST(run_picture_has_every_series_and_legend)
{
	run_files r = golden("seed-predefined");
	char *svg = plot(r.timeline, r.events, r.summary, NULL);
	assert_wellformed(svg);
	ck_assert(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
	                  39) == 0);
	static const char *const want[] = {
	        "class=\"series-invocations\"", "class=\"series-desired\"",
	        "class=\"series-in-service\"", "class=\"series-pending\"",
	        "class=\"series-metric\"", "class=\"target-line\"",
	        "class=\"scale-in-line\"", "class=\"scale-out\"",
	        "class=\"scale-in\"", "class=\"completed-out\"",
	        ">invocations<", ">in service<", ">desired<", ">pending<",
	        ">TargetValue 70<", ">scale-in threshold<",
	        ">AlarmHigh in ALARM<",
	        ">AlarmLow in ALARM above min capacity<",
	        /* every y axis says its unit */
	        "class=\"y-unit\">invocations per minute<",
	        "class=\"y-unit\">instances<",
	        "class=\"y-unit\">invocations per instance per minute<",
	        "viewBox=\"0 0 1200 ", ">scale-out cooldown<", ">not scaled<",
	        ">seed predefined metric<", ">hours from the start<",
	        "scale-in threshold 63 (0.9 x target)"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		has(svg, want[i]);
	ck_assert_ptr_null(strstr(svg, "class=\"series-p99\""));
	ck_assert_ptr_null(strstr(svg, "no summary.json"));
	free(svg);
}
END_TEST

START_TEST(same_inputs_give_the_same_bytes)
{
	run_files r = golden("seed-custom-cpu");
	size_t n1, n2;
	char *a = plot(r.timeline, r.events, r.summary, &n1);
	char *b = plot(r.timeline, r.events, r.summary, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(a, b, n1) == 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(without_summary_or_events_it_says_so)
{
	run_files r = golden("seed-predefined");
	char *svg = plot(r.timeline, NULL, NULL, NULL);
	assert_wellformed(svg);
	has(svg, "no summary.json: no TargetValue or scale-in lines");
	has(svg, "no events.csv: scaling activities");
	has(svg, ">ttsim run: timeline.csv<");
	ck_assert_ptr_null(strstr(svg, "class=\"target-line\""));
	ck_assert_ptr_null(strstr(svg, "class=\"scale-out\""));
	free(svg);
}
END_TEST

START_TEST(request_mode_and_wall_clock)
{
	run_files r = golden("azure-llm-request");
	char *svg = plot(r.timeline, r.events, r.summary, NULL);
	assert_wellformed(svg);
	has(svg, "class=\"series-p50\"");
	has(svg, "class=\"series-p99\"");
	has(svg, ">p99<");
	has(svg, "Latency: percentiles of the requests in each period");
	has(svg, "class=\"y-unit\">ms<");
	has(svg, "class=\"y-unit\">invocations per 10 s<");
	has(svg, "class=\"y-unit\">requests in flight per instance<");
	has(svg, ">time (UTC), from 2023-11-16 18:17<");
	has(svg, ">Nov 16<");
	free(svg);
}
END_TEST

/* The World Cup run, written by the CSV recorder into a scratch dir. */
START_TEST(world_cup_run_is_downsampled_under_a_megabyte)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	run_files r;
	snprintf(r.timeline, sizeof r.timeline, "%s/timeline.csv", dir);
	snprintf(r.events, sizeof r.events, "%s/events.csv", dir);
	snprintf(r.summary, sizeof r.summary, "%s/summary.json", dir);
	char path[512], msg[1024];
	tt_scenario s;
	tt_diag d;
	ck_assert_msg(!tt_scenario_load_file(
	                      tu_src_path(path, sizeof path,
	                                  "scenarios/seed-cooldown.yaml"),
	                      &s, &d),
	              "%s", tu_diag_str(&d, msg, sizeof msg));
	FILE *t = fopen(r.timeline, "w"), *e = fopen(r.events, "w");
	FILE *j = fopen(r.summary, "w");
	ck_assert(t && e && j);
	tt_csv_recorder rec;
	tt_csv_recorder_init(&rec, t, e);
	tt_summary sum;
	ck_assert(!tt_sim_run(&s, &rec.rec, &sum, &d));
	tt_csv_recorder_release(&rec);
	ck_assert(!tt_report_write_summary(j, &s, &sum, &d));
	fclose(t);
	fclose(e);
	fclose(j);
	tt_summary_release(&sum);
	tt_scenario_release(&s);

	size_t n;
	char *svg = plot(r.timeline, r.events, r.summary, &n);
	ck_assert_msg(n < 1000000, "%zu bytes", n);
	assert_wellformed(svg);
	has(svg, "125310 periods: each pixel column shows its first, lowest, "
	         "highest and last value");
	has(svg, ">Jun 11<");
	has(svg, "class=\"series-in-service\"");
	has(svg, "axis cut at");
	free(svg);

	/* the report of the same run: one page, tables, no reference out */
	char *html = NULL;
	FILE *f = open_memstream(&html, &n);
	ck_assert(!tt_report_html(dir, f, &d));
	fclose(f);
	ck_assert_msg(n < 2000000, "%zu bytes", n);
	has(html, "the first 2000 of");
	free(html);
	unlink(r.timeline);
	unlink(r.events);
	unlink(r.summary);
	rmdir(dir);
}
END_TEST

/* ---- errors ---- */

START_TEST(unreadable_and_malformed_timelines)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[512], msg[1024], want[2048];
	snprintf(path, sizeof path, "%s/none.csv", dir);
	ck_assert_int_eq(plot_error(path, msg, sizeof msg), TT_EIO);
	snprintf(want, sizeof want,
	         "%s: error: cannot open timeline '%s': No such file or "
	         "directory",
	         path, path);
	ck_assert_str_eq(msg, want);

	snprintf(path, sizeof path, "%s/t.csv", dir);
	write_file(path, "time_s,invocations,in_service,pending,metric,"
	                 "alarm_high,alarm_low\n0,1,1,0,1,OK,OK\n");
	ck_assert_int_eq(plot_error(path, msg, sizeof msg), TT_EINVAL);
	snprintf(want, sizeof want,
	         "%s:1:1: error: no column 'desired' in the timeline header "
	         "(it has 'time_s', 'invocations', 'in_service', 'pending', "
	         "'metric', 'alarm_high', 'alarm_low')",
	         path);
	ck_assert_str_eq(msg, want);

	write_file(path, "time_s,invocations,desired,in_service,pending,metric,"
	                 "alarm_high,alarm_low\n0,1,1,1,0,1,OK,OK\n"
	                 "60,1,lots,1,0,1,OK,OK\n");
	ck_assert_int_eq(plot_error(path, msg, sizeof msg), TT_EINVAL);
	snprintf(want, sizeof want,
	         "%s:3:6: error: expected a number for 'desired', got 'lots'",
	         path);
	ck_assert_str_eq(msg, want);

	write_file(path, "time_s,invocations,desired,in_service,pending,metric,"
	                 "alarm_high,alarm_low\n60,1,1,1,0,1,OK,OK\n"
	                 "0,1,1,1,0,1,OK,OK\n");
	ck_assert_int_eq(plot_error(path, msg, sizeof msg), TT_EINVAL);
	snprintf(want, sizeof want,
	         "%s:3:1: error: 'time_s' must increase, got 0 after 60", path);
	ck_assert_str_eq(msg, want);

	write_file(path, "time_s,invocations,desired,in_service,pending,metric,"
	                 "alarm_high,alarm_low\n");
	ck_assert_int_eq(plot_error(path, msg, sizeof msg), TT_EINVAL);
	snprintf(want, sizeof want,
	         "%s:1:1: error: timeline has no rows after its header", path);
	ck_assert_str_eq(msg, want);
	unlink(path);
	rmdir(dir);
}
END_TEST

/*
 * Numbers too large to draw are refused where they are read: times of
 * -1e308 and 1e308 once drew "2 periods of inf s".
 */
START_TEST(values_too_large_to_draw)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[512], sum[512], msg[1024], want[2048];
	snprintf(path, sizeof path, "%s/t.csv", dir);
	const char *head = "time_s,invocations,desired,in_service,pending,"
	                   "metric,alarm_high,alarm_low\n";
	char text[512];
	snprintf(text, sizeof text,
	         "%s-1e308,1,1,1,0,5,OK,OK\n"
	         "1e308,1,1,1,0,5,OK,OK\n",
	         head);
	write_file(path, text);
	ck_assert_int_eq(plot_error(path, msg, sizeof msg), TT_EINVAL);
	snprintf(want, sizeof want,
	         "%s:2:1: error: 'time_s' is too large to draw, got '-1e308' "
	         "(at most 1e150)",
	         path);
	ck_assert_str_eq(msg, want);
	/* the bound itself is drawn, and no label says inf or nan */
	snprintf(text, sizeof text,
	         "%s-1e150,1e150,1,1,0,-1e150,OK,OK\n"
	         "1e150,1,1,1,0,1e150,OK,OK\n",
	         head);
	write_file(path, text);
	snprintf(sum, sizeof sum, "%s/summary.json", dir);
	write_file(sum, "{\"knobs\": {\"low_ratio\": 1e150}, \"policies\": "
	                "[{\"name\": \"p\", \"target_value\": -1e150}]}\n");
	char *svg = plot(path, NULL, sum, NULL);
	ck_assert_ptr_null(strstr(svg, "inf"));
	ck_assert_ptr_null(strstr(svg, "nan"));
	ck_assert_ptr_nonnull(strstr(svg, "TargetValue -1e+150"));
	free(svg);
	/* the summary's numbers are bounded too, at their place */
	write_file(sum, "{\"policies\": [{\"name\": \"p\",\n"
	                "  \"target_value\": 1e300}]}\n");
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	tt_diag d;
	ck_assert_int_eq(tt_plot_run(path, NULL, sum, f, &d), TT_EINVAL);
	fclose(f);
	free(out);
	snprintf(want, sizeof want,
	         "%s:2:19: error: 'target_value' is too large to draw, got "
	         "1e300 (at most 1e150)",
	         sum);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
	unlink(sum);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* The number in attribute `attr` of the first element with `cls`. */
static double attr_of(const char *svg, const char *cls, const char *attr)
{
	char key[128];
	snprintf(key, sizeof key, "class=\"%s\"", cls);
	const char *p = strstr(svg, key);
	ck_assert_msg(p != NULL, "no %s", key);
	while (p > svg && *p != '<')
		p--;
	const char *a = strstr(p, attr);
	ck_assert_ptr_nonnull(a);
	return strtod(a + strlen(attr), NULL);
}

/* The y of a horizontal line drawn as <path d="Mx yLx y" class=...>. */
static double line_y(const char *svg, const char *cls)
{
	char key[128];
	snprintf(key, sizeof key, "class=\"%s\"", cls);
	const char *p = strstr(svg, key);
	ck_assert_msg(p != NULL, "no %s", key);
	while (p > svg && strncmp(p, "<path d=\"M", 10) != 0)
		p--;
	const char *sp = strchr(p + 10, ' ');
	return strtod(sp + 1, NULL);
}

/* A run of three rows with a summary, written to dir/t.csv, dir/s.json. */
static void tiny_run(const char *dir, const char *rows, const char *summary,
                     char *tl, char *sum, size_t size)
{
	char text[2048];
	snprintf(tl, size, "%s/t.csv", dir);
	snprintf(sum, size, "%s/s.json", dir);
	snprintf(text, sizeof text,
	         "time_s,invocations,desired,in_service,pending,metric,"
	         "alarm_high,alarm_low\n%s",
	         rows);
	write_file(tl, text);
	write_file(sum, summary);
}

/*
 * The labels of the TargetValue and the scale-in threshold never lie
 * across either line, even when the lines are a pixel apart or at the
 * panel's floor.
 */
START_TEST(target_labels_clear_of_their_lines)
{
	static const char *const summaries[] = {
	        /* 1 % apart */
	        "{\"knobs\": {\"low_ratio\": 0.99}, \"policies\": "
	        "[{\"name\": \"p\", \"target_value\": 70}]}",
	        /* a target far below the metric: both at the floor */
	        "{\"policies\": [{\"name\": \"p\", \"target_value\": 1}]}",
	        /* the default 0.9 near the top */
	        "{\"policies\": [{\"name\": \"p\", \"target_value\": 70}]}"};
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char tl[512], sum[512];
	for (size_t i = 0; i < sizeof summaries / sizeof *summaries; i++) {
		tiny_run(dir,
		         "0,10,1,1,0,60,OK,OK\n60,10,1,1,0,70,OK,OK\n"
		         "120,10,1,1,0,72,OK,OK\n",
		         summaries[i], tl, sum, sizeof tl);
		char *svg = plot(tl, NULL, sum, NULL);
		double lines[2] = {line_y(svg, "target-line"),
		                   line_y(svg, "scale-in-line")};
		const char *labels[2] = {"target-label", "scale-in-label"};
		double base[2];
		for (int k = 0; k < 2; k++) {
			base[k] = attr_of(svg, labels[k], "y=\"");
			/* 11 px text: 10 above its baseline, 3 below */
			for (int j = 0; j < 2; j++)
				ck_assert_msg(
				        lines[j] < base[k] - 11 ||
				                lines[j] > base[k] + 4,
				        "case %zu: %s at %g crosses a line "
				        "at %g",
				        i, labels[k], base[k], lines[j]);
		}
		ck_assert_msg(fabs(base[0] - base[1]) >= 13,
		              "case %zu: the labels overlap", i);
		free(svg);
	}
	unlink(tl);
	unlink(sum);
	rmdir(dir);
}
END_TEST

/* The <g> of the AlarmLow bands, and whether it holds a band. */
static bool alarm_low_shaded(const char *svg)
{
	const char *g =
	        strstr(svg, "<g fill=\"#59a14f\" fill-opacity=\"0.18\">");
	ck_assert_ptr_nonnull(g);
	const char *end = strstr(g, "</g>");
	const char *rect = strstr(g, "<rect");
	return rect && rect < end;
}

/*
 * AlarmLow in ALARM is not shaded while the fleet is at its minimum
 * (nothing can scale in), and is above it.
 */
START_TEST(alarm_low_not_shaded_at_the_minimum)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char tl[512], sum[512];
	const char *summary = "{\"capacity\": {\"min\": 1, \"max\": 9}, "
	                      "\"policies\": [{\"name\": \"p\", "
	                      "\"target_value\": 70}]}";
	tiny_run(dir,
	         "0,1,1,1,0,5,OK,ALARM\n60,1,1,1,0,5,OK,ALARM\n"
	         "120,1,1,1,0,5,OK,ALARM\n",
	         summary, tl, sum, sizeof tl);
	char *svg = plot(tl, NULL, sum, NULL);
	ck_assert(!alarm_low_shaded(svg));
	has(svg, ">AlarmLow in ALARM above min capacity<");
	free(svg);
	tiny_run(dir,
	         "0,1,3,3,0,5,OK,ALARM\n60,1,3,3,0,5,OK,ALARM\n"
	         "120,1,3,3,0,5,OK,ALARM\n",
	         summary, tl, sum, sizeof tl);
	svg = plot(tl, NULL, sum, NULL);
	ck_assert(alarm_low_shaded(svg));
	free(svg);
	/* without a summary the minimum is unknown: every period shaded */
	svg = plot(tl, NULL, NULL, NULL);
	ck_assert(alarm_low_shaded(svg));
	has(svg, ">AlarmLow in ALARM<");
	free(svg);
	unlink(tl);
	unlink(sum);
	rmdir(dir);
}
END_TEST

/* ---- scheduled actions and step scaling ---- */

/*
 * A run of scheduled actions: the bounds move at 120 s (min 1 -> 4) and
 * back at 300 s, the action's rows name it; "tt" is the target-tracking
 * policy, with 600 s cooldowns.
 */
static const char sched_summary[] =
        "{\"capacity\": {\"min\": 1, \"max\": 6}, \"policies\": "
        "[{\"name\": \"tt\", \"target_value\": 70, "
        "\"scale_out_cooldown_s\": 600, \"scale_in_cooldown_s\": 600}]}";

static const char sched_timeline[] =
        "time_s,invocations,desired,in_service,pending,min,max,metric,"
        "alarm_high,alarm_low\n"
        "0,10,1,1,0,1,6,60,OK,OK\n60,10,4,1,3,4,6,60,OK,OK\n"
        "120,10,4,4,0,4,6,60,OK,OK\n180,10,4,4,0,4,6,60,OK,OK\n"
        "240,10,4,4,0,1,6,60,OK,OK\n300,10,4,4,0,1,6,60,OK,OK\n";

/* Files in dir: t.csv, e.csv, s.json (paths into tl, ev, sum). */
static void run_files_in(const char *dir, const char *timeline,
                         const char *events, const char *summary, run_files *r)
{
	snprintf(r->timeline, sizeof r->timeline, "%s/t.csv", dir);
	snprintf(r->events, sizeof r->events, "%s/e.csv", dir);
	snprintf(r->summary, sizeof r->summary, "%s/s.json", dir);
	write_file(r->timeline, timeline);
	write_file(r->events, events);
	write_file(r->summary, summary);
}

static void run_files_remove(const run_files *r, const char *dir)
{
	unlink(r->timeline);
	unlink(r->events);
	unlink(r->summary);
	rmdir(dir);
}

/* The rectangles in the scale-out cooldown's group. */
static size_t cooldown_out_rects(const char *svg)
{
	const char *g = strstr(svg, "<g fill=\""
	                            "#f28e2b"
	                            "\" "
	                            "fill-opacity=\"0.14\">");
	ck_assert_ptr_nonnull(g);
	const char *end = strstr(g, "</g>");
	size_t n = 0;
	for (const char *q = g; (q = strstr(q, "<rect")) && q < end; q++)
		n++;
	return n;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *q = hay; (q = strstr(q, needle)); q++)
		n++;
	return n;
}

/* min and max columns: the bounds drawn, in the legend; none without. */
START_TEST(bounds_drawn_when_the_timeline_has_them)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	run_files r;
	run_files_in(dir, sched_timeline,
	             "time_s,policy,direction,from,to,reason\n"
	             "60,morning,out,1,4,InProgress\n"
	             "120,morning,out,1,4,Successful\n",
	             sched_summary, &r);
	char *svg = plot(r.timeline, r.events, r.summary, NULL);
	assert_wellformed(svg);
	has(svg, "class=\"bound-min\"");
	has(svg, "class=\"bound-max\"");
	has(svg, ">min capacity<");
	has(svg, ">max capacity<");
	/* the action's run: a diamond named in its tooltip */
	has(svg, ">scheduled action<");
	has(svg, "class=\"scheduled\"");
	has(svg, "<title>scheduled action morning: moves the capacity "
	         "(InProgress), 1 to 4</title>");
	/* and not a target-tracking scale-out's triangle */
	ck_assert_ptr_null(strstr(svg, "class=\"scale-out\""));
	free(svg);
	run_files_remove(&r, dir);

	run_files g = golden("seed-predefined");
	svg = plot(g.timeline, g.events, g.summary, NULL);
	ck_assert_ptr_null(strstr(svg, "bound-min"));
	ck_assert_ptr_null(strstr(svg, "bound-max"));
	ck_assert_ptr_null(strstr(svg, ">min capacity<"));
	ck_assert_ptr_null(strstr(svg, "class=\"scheduled\""));
	ck_assert_ptr_null(strstr(svg, "panel-alarms"));
	free(svg);
}
END_TEST

/*
 * A scheduled action's completion starts no cooldown: the band comes
 * only after the target-tracking policy's own activity.
 */
START_TEST(no_cooldown_after_a_scheduled_action)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	run_files r;
	run_files_in(dir, sched_timeline,
	             "time_s,policy,direction,from,to,reason\n"
	             "60,morning,out,1,4,InProgress\n"
	             "120,morning,out,1,4,Successful\n"
	             "180,morning,out,4,4,Waiting\n",
	             sched_summary, &r);
	char *svg = plot(r.timeline, r.events, r.summary, NULL);
	ck_assert_uint_eq(cooldown_out_rects(svg), 0);
	/* Waiting: a hollow diamond, not a NotScaled tick */
	has(svg, "(Waiting), 4 to 4</title>");
	ck_assert_ptr_null(strstr(svg, "stroke-opacity=\"0.6\" d=\"M"));
	free(svg);
	/* the same rows from the target-tracking policy: a band */
	write_file(r.events, "time_s,policy,direction,from,to,reason\n"
	                     "60,tt,out,1,4,InProgress\n"
	                     "120,tt,out,1,4,Successful\n");
	svg = plot(r.timeline, r.events, r.summary, NULL);
	ck_assert_uint_eq(cooldown_out_rects(svg), 1);
	has(svg, "class=\"scale-out\"");
	free(svg);
	/* a step policy's completion: its Cooldown is not in the summary */
	write_file(r.events, "time_s,policy,direction,from,to,reason,alarm\n"
	                     "60,grow,out,1,4,InProgress,cpu high\n"
	                     "120,grow,out,1,4,Successful,cpu high\n");
	svg = plot(r.timeline, r.events, r.summary, NULL);
	ck_assert_uint_eq(cooldown_out_rects(svg), 0);
	free(svg);
	run_files_remove(&r, dir);
}
END_TEST

/*
 * One state strip per alarm column, named; a step decision marked like a
 * scale-out, its policy and alarm in the tooltip; an empty direction
 * (AlreadyAtDesiredCapacity) read.
 */
START_TEST(alarm_strips_and_step_decisions)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	run_files r;
	run_files_in(dir,
	             "time_s,invocations,desired,in_service,pending,metric,"
	             "alarm_high,alarm_low,action,alarm:cpu high,"
	             "alarm:cpu <low> & idle\n"
	             "0,10,1,1,0,,INSUFFICIENT_DATA,INSUFFICIENT_DATA,none,"
	             "INSUFFICIENT_DATA,INSUFFICIENT_DATA\n"
	             "60,10,2,1,1,,INSUFFICIENT_DATA,INSUFFICIENT_DATA,"
	             "scale_out,ALARM,OK\n"
	             "120,10,2,2,0,,INSUFFICIENT_DATA,INSUFFICIENT_DATA,none,"
	             "OK,ALARM\n",
	             "time_s,policy,direction,from,to,reason,alarm\n"
	             "120,grow,out,1,2,InProgress,cpu high\n"
	             "150,grow,out,2,2,Successful,cpu high\n"
	             "180,shrink,,2,2,AlreadyAtDesiredCapacity,"
	             "cpu <low> & idle\n",
	             "{\"capacity\": {\"min\": 1, \"max\": 6}, "
	             "\"policies\": []}",
	             &r);
	char *svg = plot(r.timeline, r.events, r.summary, NULL);
	assert_wellformed(svg);
	has(svg, "id=\"panel-alarms\"");
	ck_assert_uint_eq(count(svg, "class=\"alarm-name\""), 2);
	has(svg, "class=\"alarm-name\">cpu high<");
	has(svg, "class=\"alarm-name\">cpu &lt;low&gt; &amp; idle<");
	has(svg, "<title>cpu high: ALARM</title>");
	has(svg, "<title>cpu &lt;low&gt; &amp; idle: OK</title>");
	has(svg, ">INSUFFICIENT_DATA<");
	has(svg, "class=\"step-out\"");
	has(svg, "<title>step policy grow, alarm cpu high: 1 to 2</title>");
	/* no target-tracking policy: no metric panel, no cooldowns */
	ck_assert_ptr_null(strstr(svg, "panel-metric"));
	ck_assert_ptr_null(strstr(svg, "scale-out cooldown"));
	free(svg);
	run_files_remove(&r, dir);
}
END_TEST

/* ---- an inference component: copies and instances ---- */

static run_files plot_ic(void)
{
	run_files r;
	tu_src_path(r.timeline, sizeof r.timeline,
	            "tests/data/plot-ic/timeline.csv");
	tu_src_path(r.events, sizeof r.events, "tests/data/plot-ic/events.csv");
	tu_src_path(r.summary, sizeof r.summary,
	            "tests/data/plot-ic/summary.json");
	return r;
}

/* The run's files into `r`; fails the test on an error. */
static void load_run(const run_files *f, tt_plot_run_data *r)
{
	tt_diag d;
	char msg[1024];
	memset(r, 0, sizeof *r);
	ck_assert_msg(
	        !tt_plot_run_load(f->timeline, f->events, f->summary, r, &d),
	        "%s", tu_diag_str(&d, msg, sizeof msg));
}

/*
 * The three columns after `pending` land in the series, row by row, and
 * the summary's inference_component section in the info.
 */
START_TEST(ic_columns_land_in_the_series)
{
	run_files f = plot_ic();
	tt_plot_run_data r;
	load_run(&f, &r);
	const tt_plot_timeline *tl = &r.tl;
	ck_assert(tl->has_copies);
	ck_assert_uint_eq(tl->n, 60);
	/* row 36 (t 2160): desired 1 copy, its instance and copy pending */
	ck_assert_double_eq(TT_TL(tl, t, 36), 2160);
	ck_assert_double_eq(TT_TL(tl, desired, 36), 1);
	ck_assert_double_eq(TT_TL(tl, in_service, 36), 0);
	ck_assert_double_eq(TT_TL(tl, pending, 36), 1);
	ck_assert_double_eq(TT_TL(tl, copies_in_service, 36), 0);
	ck_assert_double_eq(TT_TL(tl, copies_pending, 36), 1);
	ck_assert_double_eq(TT_TL(tl, no_capacity, 36), 11);
	/* row 42: the copy serves halfway, a fractional count of failures */
	ck_assert_double_eq(TT_TL(tl, copies_in_service, 42), 1);
	ck_assert_double_eq(TT_TL(tl, no_capacity, 42), 5.5);
	/* 2 copies on 1 instance; 4 on 2 */
	ck_assert_double_eq(TT_TL(tl, copies_in_service, 0), 2);
	ck_assert_double_eq(TT_TL(tl, in_service, 0), 1);
	ck_assert_double_eq(TT_TL(tl, copies_in_service, 59), 4);
	ck_assert_double_eq(TT_TL(tl, in_service, 59), 2);
	/* the user alarm after the new columns is read as before */
	ck_assert_uint_eq(tl->n_alarms, 1);
	ck_assert_str_eq(tl->alarm_name[0], "wake-from-zero");
	ck_assert_int_eq(tl->alarm_st[0][36], TT_PLOT_ALARM);
	const tt_plot_ic *ic = &r.info.ic;
	ck_assert(ic->have);
	ck_assert_str_eq(r.info.resource, "inference-component/llm");
	ck_assert_double_eq(ic->copies_per_instance, 2);
	ck_assert_double_eq(ic->min_instances, 0);
	ck_assert_double_eq(ic->max_instances, 2);
	ck_assert_double_eq(ic->zero_copies_s, 1470);
	ck_assert_double_eq(ic->wake_ups, 1);
	ck_assert_double_eq(ic->no_capacity_failures, 83.5);
	ck_assert_double_eq(ic->cold_starts, 1);
	ck_assert_double_eq(ic->cold_wait_p50_s, 1050);
	ck_assert_double_eq(ic->cold_wait_p99_s, 1050);
	ck_assert_double_eq(ic->cold_wait_max_s, 1050);
	tt_plot_run_data_release(&r);
}
END_TEST

/* A cell of the new columns that is not a number: where, and which. */
START_TEST(ic_column_errors_name_their_place)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[512], msg[1024], want[1024];
	snprintf(path, sizeof path, "%s/t.csv", dir);
	write_file(path, "time_s,invocations,desired,in_service,pending,"
	                 "copies_in_service,copies_pending,no_capacity,metric,"
	                 "alarm_high,alarm_low\n"
	                 "0,1,1,1,0,1,0,0,1,OK,OK\n"
	                 "60,1,1,1,0,1,0,some,1,OK,OK\n");
	ck_assert_int_eq(plot_error(path, msg, sizeof msg), TT_EINVAL);
	snprintf(want, sizeof want,
	         "%s:3:16: error: expected a number for 'no_capacity', got "
	         "'some'",
	         path);
	ck_assert_str_eq(msg, want);
	unlink(path);
	rmdir(dir);
}
END_TEST

/*
 * Without the columns (or with only some of them) a run loads and draws
 * as before: no copies, no lane, no line on the inference component.
 */
START_TEST(without_ic_columns_the_picture_is_as_before)
{
	run_files g = golden("seed-predefined");
	tt_plot_run_data r;
	load_run(&g, &r);
	ck_assert(!r.tl.has_copies);
	ck_assert_ptr_null(r.tl.copies_in_service.i);
	ck_assert_ptr_null(r.tl.copies_in_service.d);
	ck_assert_ptr_null(r.tl.no_capacity.i);
	ck_assert_ptr_null(r.tl.no_capacity.d);
	ck_assert(!r.info.ic.have);
	tt_plot_run_data_release(&r);
	char *svg = plot(g.timeline, g.events, g.summary, NULL);
	static const char *const absent[] = {"series-instances",
	                                     "series-copies", "no-capacity",
	                                     "ic-summary", "copies"};
	for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
		ck_assert_msg(strstr(svg, absent[i]) == NULL, "has %s",
		              absent[i]);
	has(svg, ">Capacity<");
	free(svg);

	/* one of the three columns alone is not an inference component's
	 * run: the same bytes as without it */
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char tl[512], sum[512];
	const char *summary = "{\"policies\": [{\"name\": \"p\", "
	                      "\"target_value\": 70}]}";
	tiny_run(dir, "0,10,1,1,0,60,OK,OK\n60,10,2,1,1,80,ALARM,OK\n", summary,
	         tl, sum, sizeof tl);
	size_t n1, n2;
	char *a = plot(tl, NULL, sum, &n1);
	write_file(tl, "time_s,invocations,desired,in_service,pending,"
	               "copies_in_service,metric,alarm_high,alarm_low\n"
	               "0,10,1,1,0,1,60,OK,OK\n60,10,2,1,1,1,80,ALARM,OK\n");
	char *b = plot(tl, NULL, sum, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(a, b, n1) == 0);
	free(a);
	free(b);
	unlink(tl);
	unlink(sum);
	rmdir(dir);
}
END_TEST

/* The y of the first horizontal grid line in `from` (the zero's). */
static double first_grid_y(const char *from)
{
	const char *g = strstr(from, "stroke=\"#e3e3e3\" stroke-width=\"1\"");
	ck_assert_ptr_nonnull(g);
	while (g > from && strncmp(g, "<path d=\"M72 ", 13) != 0)
		g--;
	return strtod(g + 13, NULL);
}

/* The bottom of a panel's frame: the group's last unfilled rect. */
static double frame_bottom(const char *group)
{
	const char *end = strstr(group, "</g>\n<g id=");
	const char *last = NULL;
	for (const char *q = group;
	     (q = strstr(q, "fill=\"none\" stroke=\"#999\"/>")); q++) {
		if (end && q > end)
			break;
		last = q;
	}
	ck_assert_ptr_nonnull(last);
	while (strncmp(last, "<rect ", 6) != 0)
		last--;
	return strtod(strstr(last, " y=\"") + 4, NULL) +
	       strtod(strstr(last, "height=\"") + 8, NULL);
}

/*
 * The picture of an inference component: copies (desired, in service,
 * pending) and instances in the capacity panel, named so in the legend;
 * the failed requests in a lane under a zero line clear of the frame;
 * the summary's time at zero, wake-ups and cold-start waits in the head.
 */
START_TEST(ic_picture_shows_copies_instances_and_failures)
{
	run_files f = plot_ic();
	size_t n1, n2;
	char *svg = plot(f.timeline, f.events, f.summary, &n1);
	assert_wellformed(svg);
	static const char *const want[] = {
	        "class=\"series-copies-in-service\"",
	        "class=\"series-copies-pending\"", "class=\"series-instances\"",
	        "class=\"series-desired\"",
	        "<g fill=\"#e15759\" class=\"no-capacity\">",
	        ">Capacity: copies and instances<", ">copies in service<",
	        ">desired copies<", ">copies pending<",
	        ">instances in service (billed)<",
	        ">requests failed (no copy)<",
	        "class=\"y-unit\">copies, instances<",
	        "class=\"y-unit\">invocations per copy per minute<",
	        "<title>requests failed (no copy serving): 83.5 in 9 "
	        "periods</title>",
	        "class=\"ic-summary\">Inference component llm: 2 copies per "
	        "instance, 24.5 min at zero copies, 1 wake-up, 83.5 requests "
	        "failed (no copy)<",
	        "class=\"ic-summary\">Cold starts: 1, waiting for a copy p50 "
	        "17.5 min, p99 17.5 min<",
	        /* the wake-up is a step policy's, its alarm a strip */
	        "class=\"step-out\"", "class=\"alarm-name\">wake-from-zero<"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		has(svg, want[i]);
	ck_assert_ptr_null(strstr(svg, "class=\"series-in-service\""));
	ck_assert_ptr_null(strstr(svg, "class=\"series-pending\""));
	/* two bars: the lone request at 25 min, the wake-up's 8 periods */
	const char *lane = strstr(svg, "class=\"no-capacity\">");
	ck_assert_uint_eq(
	        count(lane, "<rect") - count(strstr(lane, "</g>"), "<rect"), 2);
	/* zero is a line of its own, the lane under it, inside the frame */
	const char *cap = strstr(svg, "<g id=\"panel-capacity\">");
	double zero = first_grid_y(cap), bottom = frame_bottom(cap);
	ck_assert_msg(zero <= bottom - 12, "zero at %g, frame at %g", zero,
	              bottom);
	const char *r = strstr(lane, "<rect");
	double ry = strtod(strstr(r, " y=\"") + 4, NULL);
	double rh = strtod(strstr(r, "height=\"") + 8, NULL);
	ck_assert_msg(ry > zero && ry + rh <= bottom,
	              "bar %g..%g outside the lane %g..%g", ry, ry + rh, zero,
	              bottom);
	char *again = plot(f.timeline, f.events, f.summary, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(svg, again, n1) == 0);
	free(again);
	free(svg);
}
END_TEST

/*
 * The head's lines follow the summary: p50 and p99 each in its unit, no
 * cold start said as such, a figure it lacks left out; a summary without
 * the section or without any of its figures (or none) gives no line, the
 * picture of copies still drawn.
 */
START_TEST(ic_summary_lines_follow_the_summary)
{
	static const struct {
		const char *ic;      /* the section, or NULL */
		const char *want[2]; /* NULL: no line */
	} cases[] = {
	        {"{\"zero_copies_s\": 90, "
	         "\"wake_ups\": 3, \"no_capacity_failures\": 12, "
	         "\"cold_starts\": 3, \"cold_start_wait_p50_s\": 45, "
	         "\"cold_start_wait_p99_s\": 570, "
	         "\"cold_start_wait_max_s\": 600}",
	         {"Inference component a: 90 s at zero copies, 3 wake-ups, 12 "
	          "requests failed (no copy)<",
	          "Cold starts: 3, waiting for a copy p50 45 s, p99 9.5 min<"}},
	        {"{\"zero_copies_s\": 36000, \"no_capacity_failures\": 4, "
	         "\"cold_starts\": 0}",
	         {"Inference component a: 10 h at zero copies, 4 requests "
	          "failed (no copy)<",
	          "Cold starts: none ended (no copy served after the failed "
	          "requests)<"}},
	        {"{\"wake_ups\": 0, \"no_capacity_failures\": 0, "
	         "\"cold_starts\": 0}",
	         {"Inference component a: 0 wake-ups, 0 requests failed (no "
	          "copy)<",
	          "Cold starts: none<"}},
	        {"{\"no_capacity_failures\": 1, \"cold_starts\": 2}",
	         {"Inference component a: 1 request failed (no copy)<",
	          "Cold starts: 2<"}},
	        {"{\"peak_copies\": 3}", {NULL, NULL}},
	        {NULL, {NULL, NULL}}};
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	run_files f = plot_ic();
	char sum[512], text[2048];
	snprintf(sum, sizeof sum, "%s/s.json", dir);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(text, sizeof text,
		         "{\"resource\": \"inference-component/a\"%s%s}",
		         cases[i].ic ? ", \"inference_component\": " : "",
		         cases[i].ic ? cases[i].ic : "");
		write_file(sum, text);
		char *svg = plot(f.timeline, f.events, sum, NULL);
		has(svg, "class=\"series-instances\"");
		if (!cases[i].want[0])
			ck_assert_ptr_null(strstr(svg, "ic-summary"));
		for (int k = 0; k < 2 && cases[i].want[k]; k++)
			has(svg, cases[i].want[k]);
		free(svg);
	}
	/* copies_per_instance among the knobs */
	write_file(sum, "{\"resource\": \"inference-component/a\", "
	                "\"inference_component\": {\"wake_ups\": 1}, "
	                "\"knobs\": {\"copies_per_instance\": 3}}");
	char *svg = plot(f.timeline, f.events, sum, NULL);
	has(svg, ">Inference component a: 3 copies per instance, 1 wake-up<");
	free(svg);
	/* no summary at all: the copies all the same */
	svg = plot(f.timeline, NULL, NULL, NULL);
	has(svg, ">requests failed (no copy)<");
	ck_assert_ptr_null(strstr(svg, "ic-summary"));
	free(svg);
	unlink(sum);
	rmdir(dir);
}
END_TEST

/* ---- a sweep ---- */

static const char sweep_csv[] =
        "policies[0].TargetValue,instance.price_per_hour,capacity.max,cost,"
        "p99_latency_ms,max_instances,pareto\n"
        "50,0.23,40,30,200,9,1\n"
        "70,0.23,40,20,300,7,1\n"
        "90,0.23,40,15,500,5,1\n"
        "50,0.5,40,60,210,9,0\n" /* dominated by the first */
        "70,0.5,40,40,320,7,0\n" /* dominated */
        "90,0.5,40,,510,5,0\n"   /* no cost: left out */
        "110,0.23,40,12,900,4,1\n";

/* A sweep picture of `csv` into a string; fails the test on an error. */
static char *plot_sweep_text(const char *csv, const char *x, const char *y)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[512], msg[1024];
	snprintf(path, sizeof path, "%s/results.csv", dir);
	write_file(path, csv);
	char *svg = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&svg, &n);
	tt_diag d;
	ck_assert_msg(!tt_plot_sweep(path, x, y, f, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	fclose(f);
	unlink(path);
	rmdir(dir);
	return svg;
}

START_TEST(sweep_scatter_with_pareto_front)
{
	char *svg = plot_sweep_text(sweep_csv, "cost", "p99_latency_ms");
	assert_wellformed(svg);
	has(svg, ">p99_latency_ms against cost<");
	has(svg, "6 runs from results.csv, 4 on the Pareto front");
	/* pareto is the sweep's verdict, not a key; a key with one value
	 * is said once */
	/* (the subtitle wraps, so its words are looked for one by one) */
	has(svg, "Varied: policies[0].TargetValue,");
	has(svg, "instance.price_per_hour.");
	has(svg, "capacity.max=40");
	has(svg, "Same in every");
	ck_assert_ptr_null(strstr(svg, "pareto="));
	ck_assert_ptr_null(strstr(svg, "capacity.max=40,"));
	has(svg, "1 rows without a value for both figures left out");
	has(svg, "class=\"pareto-front\"");
	has(svg, "viewBox=\"0 0 1200 ");
	/* the front numbered and listed: values, then the two figures */
	has(svg, ">The Pareto front<");
	has(svg, ">#: policies[0].TargetValue, instance.price_per_hour:");
	has(svg, "fill=\"#666\">p99_latency_ms</text>");
	has(svg, ">110, 0.23: 12, 900<");
	has(svg, ">50, 0.23: 30, 200<");
	ck_assert_ptr_null(strstr(svg, ">70, 0.5: 40, 320<"));
	has(svg, "<title>policies[0].TargetValue=70, "
	         "instance.price_per_hour=0.5</title>");
	/* four front circles, two others */
	const char *front = strstr(svg, "class=\"front\"");
	ck_assert_ptr_nonnull(front);
	size_t circles = 0;
	for (const char *p = front; (p = strstr(p, "<circle")); p++)
		circles++;
	ck_assert_uint_eq(circles, 4);
	free(svg);
}
END_TEST

/*
 * Forty front points a few pixels apart: every number is on the chart
 * and no two numbers' boxes overlap (10 px bold digits, 0.6 em wide,
 * centred, 11 px tall from 9 above the baseline).
 */
START_TEST(crowded_front_numbers_do_not_overlap)
{
	char csv[8192];
	size_t used =
	        (size_t)snprintf(csv, sizeof csv, "k,cost,p99_latency_ms\n");
	for (int i = 0; i < 40; i++)
		used += (size_t)snprintf(csv + used, sizeof csv - used,
		                         "%d,%d,%g\n", i, 100 + i,
		                         1000.0 / (1 + i * 0.3));
	char *svg = plot_sweep_text(csv, "cost", "p99_latency_ms");
	assert_wellformed(svg);
	double x[64], y[64], w[64];
	size_t n = 0;
	for (const char *p = svg;
	     (p = strstr(p, "class=\"front-number\">")) && n < 64; p++) {
		const char *t = p;
		while (t > svg && strncmp(t, "<text ", 6) != 0)
			t--;
		x[n] = strtod(strstr(t, "x=\"") + 3, NULL);
		y[n] = strtod(strstr(t, "y=\"") + 3, NULL);
		const char *txt = strchr(p, '>') + 1;
		w[n] = (double)(strchr(txt, '<') - txt) * 6 + 2;
		n++;
	}
	ck_assert_uint_eq(n, 40);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			bool apart = fabs(x[i] - x[j]) >= (w[i] + w[j]) / 2 ||
			             fabs(y[i] - y[j]) >= 11;
			ck_assert_msg(apart, "numbers %zu and %zu overlap",
			              i + 1, j + 1);
		}
	has(svg, ">40<");
	free(svg);
}
END_TEST

/* A missing column's message lists every column, the last one too. */
START_TEST(missing_column_lists_every_column)
{
	char header[2048] = "policies[0].TargetValue,instance.provisioning";
	size_t used = strlen(header);
	for (const char *const *f = tt_figure_names(); *f; f++)
		used += (size_t)snprintf(header + used, sizeof header - used,
		                         ",%s", *f);
	snprintf(header + used, sizeof header - used, ",pareto\n1,3m\n");
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[512], msg[2048];
	snprintf(path, sizeof path, "%s/results.csv", dir);
	write_file(path, header);
	char *svg = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&svg, &n);
	tt_diag d;
	ck_assert_int_eq(tt_plot_sweep(path, "cost", "p95", f, &d), TT_EINVAL);
	fclose(f);
	free(svg);
	tu_diag_str(&d, msg, sizeof msg);
	has(msg, ":1:1: error: no column 'p95' in the sweep header (it has ");
	for (const char *const *fig = tt_figure_names(); *fig; fig++)
		has(msg, *fig);
	ck_assert_msg(strstr(msg, "'pareto')") != NULL, "%s", msg);
	ck_assert_ptr_null(strstr(msg, "..."));
	unlink(path);
	rmdir(dir);
}
END_TEST

/* ---- report.html ---- */

START_TEST(report_is_self_contained_with_tables)
{
	char dir[512], msg[1024];
	tu_src_path(dir, sizeof dir, "tests/golden/seed-predefined");
	char *html = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&html, &n);
	tt_diag d;
	ck_assert_msg(!tt_report_html(dir, f, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	fclose(f);
	ck_assert(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	ck_assert_ptr_null(strstr(html, "http:"));
	ck_assert_ptr_null(strstr(html, "https:"));
	ck_assert_ptr_null(strstr(html, "src="));
	ck_assert_ptr_null(strstr(html, "<link"));
	ck_assert_ptr_null(strstr(html, "<script"));
	has(html, "<title>ttsim: seed predefined metric</title>");
	has(html, "<h1>seed predefined metric</h1>");
	/* the title once: the picture inside the page has none of its own */
	ck_assert_ptr_null(strstr(html, ">seed predefined metric</text>"));
	/* the figures first, then the picture, then the events */
	const char *figs = strstr(html, "<table class=\"figures\">");
	const char *pic = strstr(html, "<svg");
	const char *evs = strstr(html, "<table class=\"events\">");
	ck_assert(figs && pic && evs && figs < pic && pic < evs);
	has(figs, "<tr><th>cost</th><td class=\"num\">24.17</td><td>105.07 "
	          "instance-hours at 0.2300 per hour</td></tr>");
	has(figs, "<tr><th>peak capacity (instances in service)</th>"
	          "<td class=\"num\">28</td><td>desired at most 28; min 1, "
	          "max 40</td></tr>");
	has(figs, "<tr><th>mean capacity (instances in service)</th>"
	          "<td class=\"num\">14.68</td>");
	has(figs, "<tr><th>minutes over target</th><td class=\"num\">44</td>");
	has(figs, "<tr><th>scaling activities</th><td class=\"num\">3</td>"
	          "<td>2 out, 1 in</td></tr>");
	ck_assert_ptr_null(strstr(html, "p99 latency"));
	ck_assert_ptr_null(strstr(html, "over the SLO"));
	/* the picture follows the window's width */
	has(pic, "<svg width=\"100%\" style=\"height:auto\" viewBox=\"0 0 "
	         "1200 ");
	has(html, "<table class=\"summary\">");
	has(html, "<tr><th>peak_desired</th><td class=\"num\">28</td></tr>");
	has(html, "<tr><th>instance_hours</th><td class=\"num\">105.067</td>");
	has(html, "<th colspan=\"2\">policies[0]</th>");
	has(html, "<table class=\"events\">");
	has(html, "<td class=\"num\">3840</td><td>seed-predefined</td>"
	          "<td class=\"dir\">out</td><td class=\"num\">4</td>"
	          "<td class=\"num\">28</td><td>InProgress</td>");
	has(html, "<tr><td>InCooldown</td>");
	/* the embedded picture is well-formed XML on its own */
	const char *a = strstr(html, "<svg");
	const char *b = strstr(html, "</svg>\n");
	ck_assert(a && b && b > a);
	char *svg = strndup(a, (size_t)(b - a) + 6);
	assert_wellformed(svg);
	free(svg);
	free(html);

	/* a directory without a run */
	html = NULL;
	f = open_memstream(&html, &n);
	ck_assert_int_eq(tt_report_html("/nonexistent-ttsim", f, &d), TT_EIO);
	fclose(f);
	free(html);
}
END_TEST

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	ck_assert(in && out);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* report.html of `dir` into a string; fails the test on an error. */
static char *report(const char *dir)
{
	char *html = NULL, msg[1024];
	size_t n = 0;
	FILE *f = open_memstream(&html, &n);
	tt_diag d;
	ck_assert_msg(!tt_report_html(dir, f, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	fclose(f);
	return html;
}

/* Request mode adds p99 and errors, and the SLO only when one was set. */
START_TEST(report_request_figures_and_slo)
{
	char dir[512];
	tu_src_path(dir, sizeof dir, "tests/golden/azure-llm-request");
	char *html = report(dir);
	has(html, "<tr><th>p99 latency (ms)</th><td class=\"num\">5341</td>"
	          "<td>p50 481 ms</td></tr>");
	has(html, "<tr><th>errors (requests refused)</th><td class=\"num\">0"
	          "</td><td>0% of the requests</td></tr>");
	has(html, "<tr><th>over the SLO</th><td class=\"num\">99</td>"
	          "<td>requests slower than 5 s</td></tr>");
	free(html);

	/* the same run with no SLO in its scenario: slo_latency_s is 0 */
	char tmp[] = "/tmp/ttsim-plot-XXXXXX", path[600], text[8192];
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	run_files r = golden("azure-llm-request");
	FILE *in = fopen(r.summary, "r");
	ck_assert_ptr_nonnull(in);
	size_t n = fread(text, 1, sizeof text - 1, in);
	fclose(in);
	text[n] = '\0';
	char *slo = strstr(text, "\"slo_latency_s\": 5");
	ck_assert_ptr_nonnull(slo);
	slo[strlen("\"slo_latency_s\": ")] = '0';
	snprintf(path, sizeof path, "%s/summary.json", tmp);
	write_file(path, text);
	snprintf(path, sizeof path, "%s/timeline.csv", tmp);
	copy_file(r.timeline, path);
	snprintf(path, sizeof path, "%s/summary.json", tmp);
	html = report(tmp);
	has(html, "p99 latency (ms)");
	ck_assert_ptr_null(strstr(html, "over the SLO"));
	free(html);
	unlink(path);
	snprintf(path, sizeof path, "%s/timeline.csv", tmp);
	unlink(path);
	rmdir(tmp);
}
END_TEST

/* report.html of an inference component's run: the same picture. */
START_TEST(report_of_an_ic_run)
{
	char dir[512];
	tu_src_path(dir, sizeof dir, "tests/data/plot-ic");
	char *html = report(dir);
	const char *a = strstr(html, "<svg");
	const char *b = strstr(html, "</svg>\n");
	ck_assert(a && b && b > a);
	char *svg = strndup(a, (size_t)(b - a) + 6);
	assert_wellformed(svg);
	has(svg, "class=\"series-instances\"");
	has(svg, "class=\"no-capacity\"");
	has(svg, ">instances in service (billed)<");
	has(svg, "class=\"ic-summary\">Cold starts: 1, waiting for a copy");
	free(svg);
	free(html);
}
END_TEST

/* ---- a run kept in memory ---- */

/* What a drawing function writes, as a string the caller frees. */
static char *drawn_by_files(const run_files *f, const tt_plot_opts *o,
                            size_t *len)
{
	char *buf = NULL, msg[1024];
	FILE *out = open_memstream(&buf, len);
	tt_diag d;
	ck_assert_msg(!tt_plot_run_opts(f->timeline, f->events, f->summary, o,
	                                out, &d),
	              "%s", tu_diag_str(&d, msg, sizeof msg));
	fclose(out);
	return buf;
}

static char *drawn_from_memory(const tt_plot_run_data *k, const tt_plot_opts *o,
                               size_t *len)
{
	char *buf = NULL, msg[1024];
	FILE *out = open_memstream(&buf, len);
	tt_diag d;
	ck_assert_msg(!tt_plot_run_data_draw(k, o, out, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	fclose(out);
	return buf;
}

/* a and b, the same bytes (the first difference named when not) */
static void same_bytes(const char *what, const char *a, size_t na,
                       const char *b, size_t nb)
{
	size_t i = 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	ck_assert_msg(na == nb && i == na,
	              "%s: %zu and %zu bytes, first difference at %zu", what,
	              na, nb, i);
}

/*
 * One of each kind of run `ttsim run` draws: fluid; request mode with
 * latency (and timestamps); step scaling with user alarms; scheduled
 * actions with bounds; an inference component; an HPA; and the whole
 * World Cup trace, whose tables (125,000 rows, 96,000 events) outgrow
 * their first rooms three times, a column turning into doubles on the
 * way.  The longer ones are reduced to pixel columns.
 */
static const char *const kept_scenarios[] = {
        "scenarios/seed-predefined.yaml",  "scenarios/azure-llm-request.yaml",
        "scenarios/ecs-step.yaml",         "scenarios/scheduled-weekdays.yaml",
        "scenarios/ic-scale-to-zero.yaml", "scenarios/compare/hpa-default.yaml",
        "scenarios/seed-cooldown.yaml",
};

/*
 * The recorder writes the files and keeps the run in memory at once; the
 * pictures and the page drawn from memory are the bytes tt_plot_run and
 * tt_report_html draw from the files, at the default width and another,
 * and inline.  The scenario is released first: what the run keeps is
 * its own.
 */
START_TEST(kept_run_draws_what_its_files_draw)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	run_files f;
	snprintf(f.timeline, sizeof f.timeline, "%s/timeline.csv", dir);
	snprintf(f.events, sizeof f.events, "%s/events.csv", dir);
	snprintf(f.summary, sizeof f.summary, "%s/summary.json", dir);
	char path[512], msg[1024];
	tt_scenario s;
	tt_diag d;
	ck_assert_msg(!tt_scenario_load_file(tu_src_path(path, sizeof path,
	                                                 kept_scenarios[_i]),
	                                     &s, &d),
	              "%s", tu_diag_str(&d, msg, sizeof msg));
	FILE *t = fopen(f.timeline, "w"), *e = fopen(f.events, "w");
	FILE *j = fopen(f.summary, "w");
	ck_assert(t && e && j);
	tt_plot_run_data *k = tt_plot_run_data_new();
	ck_assert_ptr_nonnull(k);
	tt_csv_recorder rec;
	tt_csv_recorder_init(&rec, t, e);
	tt_csv_recorder_keep(&rec, k);
	tt_summary sum;
	ck_assert_msg(!tt_sim_run(&s, &rec.rec, &sum, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	tt_csv_recorder_release(&rec);
	ck_assert(!tt_report_write_summary(j, &s, &sum, &d));
	ck_assert(!fclose(t) && !fclose(e) && !fclose(j));
	tt_summary_release(&sum);
	tt_scenario_release(&s);
	ck_assert_msg(!tt_plot_run_data_finish(k, f.summary, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));

	const tt_plot_opts widths[] = {{0, false}, {640, false}, {0, true}};
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		size_t na, nb;
		char *a = drawn_by_files(&f, &widths[w], &na);
		char *b = drawn_from_memory(k, &widths[w], &nb);
		same_bytes(kept_scenarios[_i], a, na, b, nb);
		free(a);
		free(b);
	}
	char *a = report(dir), *b = NULL;
	size_t nb = 0;
	FILE *out = open_memstream(&b, &nb);
	ck_assert_msg(!tt_report_html_data(k, f.summary, out, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	fclose(out);
	same_bytes("report.html", a, strlen(a), b, nb);
	free(a);
	free(b);
	tt_plot_run_data_free(k);
	run_files_remove(&f, dir);
}
END_TEST

/*
 * A column holds 32-bit integers until a value is not one (a fraction,
 * a count past 2^31, -0, an empty cell), then doubles: every value reads
 * back as it was written either way.
 */
START_TEST(columns_read_back_every_value)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[512], msg[1024];
	snprintf(path, sizeof path, "%s/t.csv", dir);
	write_file(path, "time_s,invocations,desired,in_service,pending,"
	                 "metric,alarm_high,alarm_low\n"
	                 "0,1,1,1,0,5,OK,OK\n"
	                 "60,3000000000,2.5,1,0,-0,OK,OK\n"
	                 "120.5,7,-3,1,0,,ALARM,OK\n");
	tt_plot_run_data r;
	tt_diag d;
	memset(&r, 0, sizeof r);
	ck_assert_msg(!tt_plot_run_load(path, NULL, NULL, &r, &d), "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	const tt_plot_timeline *tl = &r.tl;
	ck_assert_uint_eq(tl->n, 3);
	ck_assert_double_eq(TT_TL(tl, t, 1), 60);
	ck_assert_double_eq(TT_TL(tl, t, 2), 120.5);
	ck_assert_double_eq(TT_TL(tl, inv, 0), 1);
	ck_assert_double_eq(TT_TL(tl, inv, 1), 3000000000.0);
	ck_assert_double_eq(TT_TL(tl, desired, 1), 2.5);
	ck_assert_double_eq(TT_TL(tl, desired, 2), -3);
	ck_assert_double_eq(TT_TL(tl, metric, 0), 5);
	ck_assert(TT_TL(tl, metric, 1) == 0 && signbit(TT_TL(tl, metric, 1)));
	ck_assert(isnan(TT_TL(tl, metric, 2)));
	/* whole numbers stay 32-bit integers, the others turned */
	ck_assert(tl->in_service.i && !tl->in_service.d);
	ck_assert(tl->pending.i && !tl->pending.d);
	ck_assert(tl->desired.d && !tl->desired.i);
	ck_assert(tl->inv.d && tl->t.d && tl->metric.d);
	ck_assert_int_eq(tl->ah[2], TT_PLOT_ALARM);
	tt_plot_run_data_release(&r);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* The World Cup's hundred thousand events are a handful of kinds. */
START_TEST(events_share_their_attributes)
{
	run_files g = golden("seed-predefined");
	tt_plot_run_data r;
	load_run(&g, &r);
	ck_assert_uint_gt(r.ev.n, 10);
	ck_assert_uint_lt(r.ev.n_attrs, r.ev.n);
	for (size_t i = 0; i < r.ev.n; i++) {
		tt_plot_event e = tt_plot_event_at(&r.ev, i);
		ck_assert_uint_lt(r.ev.attr[i], r.ev.n_attrs);
		ck_assert(e.kind >= TT_PLOT_EV_START &&
		          e.kind <= TT_PLOT_EV_NOT_SCALED);
		ck_assert(e.dir >= -1 && e.dir <= 1);
	}
	tt_plot_run_data_release(&r);
}
END_TEST

/*
 * Wrapped text stays inside its width: a line breaks at a space, and a
 * word longer than a line (a dotted key, a path) at its last '.', '/',
 * ',', '_' or '-' that fits, else at the width, never inside a UTF-8
 * character.
 */
START_TEST(wrapped_text_stays_inside)
{
	/* 120 px of 10 px text: 20 characters a line */
	const char *cases[][2] = {
	        {"hpa.behavior.scaleDown.stabilizationWindowSeconds=60",
	         "hpa.behavior.|scaleDown.|stabilizationWindowS|econds=60"},
	        {"short words fit on lines", "short words fit on|lines"},
	        /* eight euro signs, three bytes each: 20 bytes would end
	         * inside the seventh */
	        {"\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
	         "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
	         "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
	         "\xe2\x82\xac\xe2\x82\xac|\xe2\x82\xac\xe2\x82\xac"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *buf = NULL, got[512] = "";
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		ck_assert_ptr_nonnull(f);
		size_t n = tt_svg_text_wrapped(f, 0, 0, 120, 10, 12, "",
		                               cases[i][0]);
		fclose(f);
		/* the lines' texts, joined by '|' */
		size_t lines = 0;
		for (const char *p = buf; (p = strstr(p, "<text")) != NULL;) {
			p = strchr(p, '>');
			ck_assert_ptr_nonnull(p);
			const char *e = strstr(++p, "</text>");
			if (!e)
				break;
			if (lines++)
				strcat(got, "|");
			strncat(got, p, (size_t)(e - p));
			p = e + 1;
		}
		ck_assert_uint_eq(n, lines);
		ck_assert_str_eq(got, cases[i][1]);
		free(buf);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plot");
	TCase *tc = tcase_create("xml");
	tcase_add_test(tc, checker_catches_bad_xml);
	tcase_add_test(tc, wrapped_text_stays_inside);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_add_test(tc, run_picture_has_every_series_and_legend);
	tcase_add_test(tc, same_inputs_give_the_same_bytes);
	tcase_add_test(tc, without_summary_or_events_it_says_so);
	tcase_add_test(tc, request_mode_and_wall_clock);
	tcase_add_test(tc, target_labels_clear_of_their_lines);
	tcase_add_test(tc, alarm_low_not_shaded_at_the_minimum);
	suite_add_tcase(s, tc);
	tc = tcase_create("scheduled and step");
	tcase_add_test(tc, bounds_drawn_when_the_timeline_has_them);
	tcase_add_test(tc, no_cooldown_after_a_scheduled_action);
	tcase_add_test(tc, alarm_strips_and_step_decisions);
	suite_add_tcase(s, tc);
	tc = tcase_create("inference component");
	tcase_add_test(tc, ic_columns_land_in_the_series);
	tcase_add_test(tc, ic_column_errors_name_their_place);
	tcase_add_test(tc, without_ic_columns_the_picture_is_as_before);
	tcase_add_test(tc, ic_picture_shows_copies_instances_and_failures);
	tcase_add_test(tc, ic_summary_lines_follow_the_summary);
	tcase_add_test(tc, report_of_an_ic_run);
	suite_add_tcase(s, tc);
	tc = tcase_create("long runs");
	tcase_add_test(tc, world_cup_run_is_downsampled_under_a_megabyte);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, unreadable_and_malformed_timelines);
	tcase_add_test(tc, values_too_large_to_draw);
	suite_add_tcase(s, tc);
	tc = tcase_create("sweep");
	tcase_add_test(tc, sweep_scatter_with_pareto_front);
	tcase_add_test(tc, crowded_front_numbers_do_not_overlap);
	tcase_add_test(tc, missing_column_lists_every_column);
	suite_add_tcase(s, tc);
	tc = tcase_create("report");
	tcase_add_test(tc, report_is_self_contained_with_tables);
	tcase_add_test(tc, report_request_figures_and_slo);
	suite_add_tcase(s, tc);
	tc = tcase_create("a run kept in memory");
	tcase_add_loop_test(tc, kept_run_draws_what_its_files_draw, 0,
	                    sizeof kept_scenarios / sizeof kept_scenarios[0]);
	tcase_add_test(tc, columns_read_back_every_value);
	tcase_add_test(tc, events_share_their_attributes);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
