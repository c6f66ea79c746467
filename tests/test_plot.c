/*
 * test_plot.c - the SVG pictures (plot.c) and report.html (report_html.c).
 *
 * The pictures are checked as text: well-formed XML (a small checker
 * below: tags balance, attributes quoted, entities escaped), the elements
 * each series and line must produce, the legend's words, the same bytes
 * twice, the World Cup run under a megabyte, and exact error messages.
 * Runs come from tests/golden/ or, for the World Cup, from a real run
 * written to a scratch directory.
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
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
	        "class=\"series-invocations\"",
	        "class=\"series-desired\"",
	        "class=\"series-in-service\"",
	        "class=\"series-pending\"",
	        "class=\"series-metric\"",
	        "class=\"target-line\"",
	        "class=\"scale-in-line\"",
	        "class=\"scale-out\"",
	        "class=\"scale-in\"",
	        "class=\"completed-out\"",
	        ">invocations<",
	        ">in service<",
	        ">desired<",
	        ">pending<",
	        ">TargetValue 70<",
	        ">scale-in threshold<",
	        ">AlarmHigh in ALARM<",
	        ">AlarmLow in ALARM<",
	        ">scale-out cooldown<",
	        ">not scaled<",
	        ">seed predefined metric<",
	        ">hours from the start<",
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
	has(svg, "Latency: per-period percentiles, ms");
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

/* ---- a sweep ---- */

static const char sweep_csv[] =
        "policies[0].TargetValue,instance.price_per_hour,cost,"
        "p99_latency_ms,max_instances\n"
        "50,0.23,30,200,9\n"
        "70,0.23,20,300,7\n"
        "90,0.23,15,500,5\n"
        "50,0.5,60,210,9\n" /* dominated by the first */
        "70,0.5,40,320,7\n" /* dominated */
        "90,0.5,,510,5\n"   /* no cost: left out */
        "110,0.23,12,900,4\n";

START_TEST(sweep_scatter_with_pareto_front)
{
	char dir[] = "/tmp/ttsim-plot-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[512], msg[1024];
	snprintf(path, sizeof path, "%s/results.csv", dir);
	write_file(path, sweep_csv);
	char *svg = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&svg, &n);
	tt_diag d;
	ck_assert_msg(!tt_plot_sweep(path, "cost", "p99_latency_ms", f, &d),
	              "%s", tu_diag_str(&d, msg, sizeof msg));
	fclose(f);
	assert_wellformed(svg);
	has(svg, ">p99_latency_ms against cost<");
	has(svg, "6 runs from results.csv, 4 on the Pareto front");
	has(svg, "varied: policies[0].TargetValue, instance.price_per_hour");
	has(svg, "1 rows without a value for both figures left out");
	has(svg, "class=\"pareto-front\"");
	has(svg, ">policies[0].TargetValue=50, instance.price_per_hour=0.23<");
	has(svg, "<title>policies[0].TargetValue=70, "
	         "instance.price_per_hour=0.5</title>");
	ck_assert_ptr_null(strstr(svg, ">policies[0].TargetValue=70, "
	                               "instance.price_per_hour=0.5</text>"));
	/* four front circles, two others */
	const char *front = strstr(svg, "class=\"front\"");
	ck_assert_ptr_nonnull(front);
	size_t circles = 0;
	for (const char *p = front; (p = strstr(p, "<circle")); p++)
		circles++;
	ck_assert_uint_eq(circles, 4);
	free(svg);

	svg = NULL;
	f = open_memstream(&svg, &n);
	ck_assert_int_eq(tt_plot_sweep(path, "cost", "p95", f, &d), TT_EINVAL);
	fclose(f);
	free(svg);
	has(tu_diag_str(&d, msg, sizeof msg),
	    ":1:1: error: no column 'p95' in the sweep header (it has "
	    "'policies[0].TargetValue'");
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

int main(void)
{
	Suite *s = suite_create("plot");
	TCase *tc = tcase_create("xml");
	tcase_add_test(tc, checker_catches_bad_xml);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_add_test(tc, run_picture_has_every_series_and_legend);
	tcase_add_test(tc, same_inputs_give_the_same_bytes);
	tcase_add_test(tc, without_summary_or_events_it_says_so);
	tcase_add_test(tc, request_mode_and_wall_clock);
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
	suite_add_tcase(s, tc);
	tc = tcase_create("report");
	tcase_add_test(tc, report_is_self_contained_with_tables);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
