/*
 * test_compare.c - `ttsim compare`'s library part (compare.h): which
 * setups share a workload, compare.csv, the picture and the page.
 *
 * The workload check is table-driven: a first setup, then a second that
 * differs in one field, each with the exact message and place it must
 * give (the second setup is "b.yaml", the first "a.yaml").  compare.csv
 * is checked cell by cell: a fixed fleet on a constant rate gives figures
 * that can be worked out by hand, and every other cell must be the run's
 * own figure.  The same setups twice give the same bytes in all three
 * outputs.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ttsim/compare.h"
#include "ttsim/figures.h"
#include "ttsim/fmt.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

/* Lines 1 to 9 of every scenario here; the workload starts on line 10. */
static const char head_fmt[] =
        "name: %s\n"
        "capacity: {initial: %d, min: %d, max: %d}\n"
        "policies:\n"
        "  - name: p\n"
        "    TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: %s\n"
        "      PredefinedMetricSpecification: {PredefinedMetricType: "
        "SageMakerVariantInvocationsPerInstance}\n"
        "instance: {service_time: 100ms, price_per_hour: 1}\n"
        "workload:\n";

static const char *data_dir(char *buf, size_t size)
{
	return tu_src_path(buf, size, "tests/data");
}

/* A scenario named `file`, from the head, the workload's lines and the
 * inside of `simulation: {...}`; fails the test if it does not load. */
static void load(tt_scenario *s, const char *file, const char *name,
                 const char *target, int min, int max, const char *workload,
                 const char *sim)
{
	char text[2048], dir[1024], msg[1400];
	int n = snprintf(text, sizeof text, head_fmt, name, min, min, max,
	                 target);
	snprintf(text + n, sizeof text - (size_t)n, "%ssimulation: {%s}\n",
	         workload, sim);
	tt_diag d;
	tt_code rc = tt_scenario_load_text(text, strlen(text), file,
	                                   data_dir(dir, sizeof dir), s, &d);
	ck_assert_msg(rc == TT_OK, "%s does not load: %s", file,
	              tu_diag_str(&d, msg, sizeof msg));
}

/* ---- the workload check ---- */

typedef struct wl_case {
	const char *a_workload, *a_sim; /* the first setup */
	const char *b_workload, *b_sim; /* the second */
	const char *want; /* NULL: the same workload; else the error */
} wl_case;

#define SYN "  synthetic: {shape: diurnal, base: 100, peak: 1500, period: 1d}\n"
#define TRACE "  trace: {file: wc98-slice.csv, format: counts}\n"
#define ERR "b.yaml:"
#define NOT "error: not the same workload as 'a.yaml': "

static const wl_case wl_cases[] = {
        {SYN, "duration: 1h", SYN, "duration: 1h", NULL},
        /* the same rate however it is written */
        {SYN, "duration: 1h",
         "  synthetic: {shape: diurnal, base: 100, peak: 25/s, period: 1d}\n",
         "duration: 1h", NULL},
        {SYN, "duration: 1h",
         "  synthetic: {shape: diurnal, base: 100, peak: 1800, period: 1d}\n",
         "duration: 1h",
         ERR "10:14: " NOT
             "workload.synthetic.peak is 1800/min here, 1500/min there"},
        {SYN, "duration: 1h", "  synthetic: {shape: constant, rate: 100}\n",
         "duration: 1h",
         ERR "10:14: " NOT
             "workload.synthetic.shape is constant here, diurnal there"},
        {SYN, "duration: 1h",
         "  synthetic: {shape: diurnal, base: 100, peak: 1500, period: 12h}\n",
         "duration: 1h",
         ERR "10:14: " NOT "workload.synthetic.period is 12h here, 1d there"},
        {SYN, "duration: 1h",
         "  synthetic: {shape: diurnal, base: 100, peak: 1500, period: 1d, "
         "peak_at: 6h}\n",
         "duration: 1h",
         ERR "10:14: " NOT "workload.synthetic.peak_at is 6h here, 12h there"},
        {SYN, "duration: 1h",
         "  synthetic: {shape: diurnal, base: 100, peak: 1500, period: 1d, "
         "noise: poisson}\n",
         "duration: 1h",
         ERR "10:14: " NOT "workload.noise is poisson here, none there"},
        {SYN, "duration: 1h", SYN "  transform: [{scale: 2}]\n", "duration: 1h",
         ERR "11:16: " NOT "transform 1 is 'scale 2' here, none there"},
        {SYN "  transform: [{shift: -2h}]\n", "duration: 1h",
         SYN "  transform: [{shift: 2h}]\n", "duration: 1h",
         ERR "11:16: " NOT "transform 1 is 'shift 2h' here, 'shift -2h' there"},
        {SYN, "duration: 1h", SYN, "duration: 2h",
         ERR "11:24: " NOT "simulation.duration is 2h here, 1h there"},
        {SYN, "duration: 1h", SYN, "duration: 1h, seed: 2",
         ERR "11:34: " NOT "simulation.seed is 2 here, 1 there"},
        {SYN, "duration: 1h", SYN, "duration: 1h, mode: request",
         ERR "11:34: " NOT "simulation.mode is request here, fluid there"},
        {SYN, "duration: 1h", SYN, "duration: 1h, period: 30s",
         ERR "11:36: " NOT
             "simulation.period is 30s here, 1m there (the shortest "
             "metric period unless set)"},
        {SYN, "duration: 1h", TRACE, "duration: 1h",
         ERR "10:17: " NOT
             "the workload is a trace here, a synthetic shape there"},
        /* request mode: where the requests fall in their period */
        {SYN, "duration: 1h, mode: request", SYN "  arrivals: uniform\n",
         "duration: 1h, mode: request",
         ERR "10:14: " NOT "workload.arrivals is uniform here, poisson "
             "there"},
        /* ... which fluid mode does not read */
        {SYN, "duration: 1h", SYN "  arrivals: uniform\n", "duration: 1h",
         NULL},
        /* the same file by another path */
        {TRACE, "duration: 1h",
         "  trace: {file: ../data/wc98-slice.csv, format: counts}\n",
         "duration: 1h", NULL},
        {TRACE, "duration: 1h", "  trace: {file: wc98-slice.csv}\n",
         "duration: 1h",
         ERR "10:17: " NOT "workload.trace.format is auto here, counts "
             "there"},
        {TRACE, "",
         "  trace: {file: wc98-slice.csv, format: counts, scale: "
         "0.5}\n",
         "", ERR "10:56: " NOT "transform 1 is 'scale 0.5' here, none there"},
        {"  synthetic: {shape: step, rate: 10, steps: [{at: 10m, rate: 20}, "
         "{at: 20m, rate: 30}]}\n",
         "duration: 1h",
         "  synthetic: {shape: step, rate: 10, steps: [{at: 10m, rate: 20}, "
         "{at: 15m, rate: 30}]}\n",
         "duration: 1h",
         ERR "10:14: " NOT
             "workload.synthetic.steps[1].at is 15m here, 20m there"},
        {"  synthetic: {shape: sum, parts: [{shape: constant, rate: 5}, "
         "{shape: constant, rate: 6}]}\n",
         "duration: 1h",
         "  synthetic: {shape: sum, parts: [{shape: constant, rate: 5}, "
         "{shape: constant, rate: 7}]}\n",
         "duration: 1h",
         ERR "10:63: " NOT
             "workload.synthetic.parts[1].rate is 7/min here, 6/min there"},
};

START_TEST(workloads_compared_field_by_field)
{
	const wl_case *c = &wl_cases[_i];
	tt_scenario a, b;
	load(&a, "a.yaml", "a", "70", 1, 10, c->a_workload, c->a_sim);
	/* another policy: setups differ in everything but the workload */
	load(&b, "b.yaml", "b", "50", 2, 20, c->b_workload, c->b_sim);
	tt_compare_setup setups[2] = {{&a, "a.yaml"}, {&b, "b.yaml"}};
	tt_diag d;
	char msg[1400];
	tt_code rc = tt_compare_check(setups, 2, &d);
	if (!c->want) {
		ck_assert_msg(rc == TT_OK, "case %d: %s", _i,
		              tu_diag_str(&d, msg, sizeof msg));
		ck_assert(tt_compare_same_workload(&a, &b, NULL));
	} else {
		ck_assert_int_eq(rc, TT_EINVAL);
		ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), c->want);
		ck_assert(!tt_compare_same_workload(&a, &b, NULL));
	}
	tt_scenario_release(&a);
	tt_scenario_release(&b);
}
END_TEST

/* Another trace file is named with its path as resolved. */
START_TEST(another_trace_file_is_named)
{
	tt_scenario a, b;
	char dir[1024], want[2400], msg[1400];
	load(&a, "a.yaml", "a", "70", 1, 10, TRACE, "duration: 1h");
	load(&b, "b.yaml", "b", "70", 1, 10,
	     "  trace: {file: traces/azure-llm-slice.csv, format: counts}\n",
	     "duration: 1h");
	tt_compare_setup setups[2] = {{&a, "a.yaml"}, {&b, "b.yaml"}};
	tt_diag d;
	ck_assert_int_eq(tt_compare_check(setups, 2, &d), TT_EINVAL);
	data_dir(dir, sizeof dir);
	snprintf(want, sizeof want,
	         "b.yaml:10:17: error: not the same workload as 'a.yaml': "
	         "workload.trace file is '%s/traces/azure-llm-slice.csv' here, "
	         "'%s/wc98-slice.csv' there",
	         dir, dir);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
	tt_scenario_release(&a);
	tt_scenario_release(&b);
}
END_TEST

START_TEST(two_to_ten_setups)
{
	tt_scenario a;
	tt_diag d;
	char msg[1400];
	load(&a, "a.yaml", "a", "70", 1, 10, SYN, "duration: 1h");
	tt_compare_setup setups[11];
	static const char *const files[11] = {
	        "0.yaml", "1.yaml", "2.yaml", "3.yaml", "4.yaml", "5.yaml",
	        "6.yaml", "7.yaml", "8.yaml", "9.yaml", "10.yaml"};
	for (int i = 0; i < 11; i++)
		setups[i] = (tt_compare_setup){&a, files[i]};
	ck_assert_int_eq(tt_compare_check(setups, 1, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "error: compare needs at least two setups, got 1");
	ck_assert_int_eq(tt_compare_check(setups, 11, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "error: compare takes at most 10 setups, got 11");
	ck_assert_int_eq(tt_compare_check(setups, 10, &d), TT_OK);
	tt_scenario_release(&a);
}
END_TEST

/* ---- running, naming, compare.csv ---- */

/* Text written to a memory stream, NUL-terminated, owned by the caller. */
typedef struct mem {
	char *text;
	size_t len;
	FILE *f;
} mem;

static FILE *mem_open(mem *m)
{
	m->text = NULL;
	m->len = 0;
	m->f = open_memstream(&m->text, &m->len);
	ck_assert(m->f);
	return m->f;
}

static char *mem_close(mem *m)
{
	fclose(m->f);
	return m->text;
}

static char *csv_of(const tt_compare *c)
{
	mem m;
	tt_diag d;
	ck_assert_int_eq(tt_compare_write_csv(mem_open(&m), c, &d), TT_OK);
	return mem_close(&m);
}

/* A fixed fleet of two on 100 invocations a minute for an hour. */
#define FIXED "  synthetic: {shape: constant, rate: 100}\n"

static void run_two(tt_scenario *s, tt_compare *c, const char *name_a,
                    const char *name_b)
{
	tt_diag d;
	char msg[1400];
	load(&s[0], "a.yaml", name_a, "70", 2, 2, FIXED, "duration: 1h");
	load(&s[1], "b.yaml", name_b, "50", 2, 2, FIXED, "duration: 1h");
	tt_compare_setup setups[2] = {{&s[0], "a.yaml"}, {&s[1], "b.yaml"}};
	ck_assert_msg(tt_compare_run_all(setups, 2, c, &d) == TT_OK, "%s",
	              tu_diag_str(&d, msg, sizeof msg));
}

/* The figures' names of a fluid run, as the header must list them. */
static void fluid_header(char *buf, size_t size)
{
	const char *const *names = tt_figure_names();
	size_t used = (size_t)snprintf(buf, size, "setup,file,controller");
	for (size_t k = 0; names[k]; k++)
		if (!tt_figure_request_only(names[k]) &&
		    !tt_figure_ic_only(names[k]))
			used += (size_t)snprintf(buf + used, size - used, ",%s",
			                         names[k]);
	snprintf(buf + used, size - used, "\n");
}

START_TEST(csv_has_a_row_per_setup_and_every_figure)
{
	tt_scenario s[2];
	tt_compare c;
	run_two(s, &c, "target 70", "target 50");
	char *csv = csv_of(&c);
	char header[2048];
	fluid_header(header, sizeof header);
	ck_assert_msg(strncmp(csv, header, strlen(header)) == 0, "%s", csv);
	/* worked out by hand: an hour, 6000 invocations, two instances
	 * (desired and in service) billed at 1 an hour */
	const char *row[2] = {"target 70,a.yaml,aws,3600,6000,2,2,2,2,2,2,2,",
	                      "target 50,b.yaml,aws,3600,6000,2,2,2,2,2,2,2,"};
	const char *line = csv + strlen(header);
	for (int i = 0; i < 2; i++) {
		ck_assert_msg(strncmp(line, row[i], strlen(row[i])) == 0,
		              "row %d: %s", i, line);
		/* every cell is the run's own figure, in order */
		const char *p = line;
		for (int comma = 0; comma < 3; comma++)
			p = strchr(p, ',') + 1;
		for (size_t k = 0; k < c.runs[i].n_figures; k++) {
			char want[TT_FMT_BUF];
			tt_fmt_double(c.runs[i].figures[k].value, want);
			size_t n = strcspn(p, ",\n");
			ck_assert_msg(
			        strlen(want) == n && strncmp(p, want, n) == 0,
			        "%s: %.*s, want %s", c.runs[i].figures[k].name,
			        (int)n, p, want);
			p += n + 1;
		}
		ck_assert_int_eq(p[-1], '\n');
		line = p;
	}
	ck_assert_int_eq(*line, '\0');
	free(csv);
	tt_compare_release(&c);
	tt_scenario_release(&s[0]);
	tt_scenario_release(&s[1]);
}
END_TEST

/* The union of the runs' figures in the one order; a gap is empty. */
START_TEST(csv_columns_are_the_union_of_the_figures)
{
	tt_scenario s = {0};
	s.name = "x";
	tt_compare_run runs[2] = {{0}, {0}};
	runs[0] = (tt_compare_run){.s = &s, .file = "a.yaml", .name = "a, 1"};
	runs[0].figures[0] = (tt_figure){"simulated_s", 60};
	runs[0].figures[1] = (tt_figure){"cost", 1.5};
	runs[0].n_figures = 2;
	runs[1] = (tt_compare_run){.s = &s, .file = "b.yaml", .name = "b"};
	runs[1].figures[0] = (tt_figure){"simulated_s", 60};
	runs[1].figures[1] = (tt_figure){"cost", 0.25};
	runs[1].figures[2] = (tt_figure){"p99_latency_ms", 120};
	runs[1].n_figures = 3;
	tt_compare c = {runs, 2};
	char *csv = csv_of(&c);
	ck_assert_str_eq(csv, "setup,file,controller,simulated_s,cost,"
	                      "p99_latency_ms\n"
	                      "\"a, 1\",a.yaml,aws,60,1.5,\n"
	                      "b,b.yaml,aws,60,0.25,120\n");
	free(csv);
	/* a figure that is not finite is never written */
	runs[1].figures[1].value = INFINITY;
	mem m;
	tt_diag d;
	char msg[1400];
	ck_assert_int_eq(tt_compare_write_csv(mem_open(&m), &c, &d),
	                 TT_EINTERNAL);
	free(mem_close(&m));
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "error: 'cost' in compare.csv is inf: outputs hold "
	                 "finite numbers only (internal error)");
}
END_TEST

START_TEST(setups_sharing_a_name_are_named_by_file)
{
	tt_scenario s[2];
	tt_compare c;
	run_two(s, &c, "same", "same");
	ck_assert_str_eq(c.runs[0].name, "a.yaml");
	ck_assert_str_eq(c.runs[1].name, "b.yaml");
	tt_compare_release(&c);
	tt_scenario_release(&s[0]);
	tt_scenario_release(&s[1]);
	/* the same file twice cannot be told apart */
	tt_scenario a;
	tt_diag d;
	char msg[1400];
	load(&a, "a.yaml", "a", "70", 1, 10, SYN, "duration: 1h");
	tt_compare_setup setups[2] = {{&a, "a.yaml"}, {&a, "a.yaml"}};
	ck_assert_int_eq(tt_compare_run_all(setups, 2, &c, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "a.yaml: error: 'a.yaml' is given twice: each setup "
	                 "is its own file");
	ck_assert_ptr_null(c.runs);
	/* a name that is another setup's file name */
	tt_scenario b, n;
	load(&b, "b.yaml", "a", "70", 1, 10, SYN, "duration: 1h");
	load(&n, "n.yaml", "a.yaml", "70", 1, 10, SYN, "duration: 1h");
	tt_compare_setup three[3] = {
	        {&a, "a.yaml"}, {&b, "b.yaml"}, {&n, "n.yaml"}};
	ck_assert_int_eq(tt_compare_check(three, 3, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "n.yaml: error: two setups are named 'a.yaml': "
	                 "rename one ('name:')");
	tt_scenario_release(&a);
	tt_scenario_release(&b);
	tt_scenario_release(&n);
}
END_TEST

/* The recorder kept each row's columns in memory. */
START_TEST(timelines_kept_in_memory)
{
	tt_scenario s[2];
	tt_compare c;
	run_two(s, &c, "a", "b");
	const tt_compare_timeline *tl = &c.runs[1].tl;
	ck_assert_uint_eq(tl->n, 60);
	ck_assert(tl->period_s == 60);
	ck_assert(tl->t_s[0] == 0 && tl->t_s[59] == 3540);
	ck_assert(tl->invocations[10] == 100);
	ck_assert(tl->in_service[10] == 2 && tl->desired[10] == 2);
	/* 100 a minute on two instances: 50 per instance */
	ck_assert(tl->metric[10] == 50);
	ck_assert(!tl->wallclock);
	tt_compare_release(&c);
	tt_scenario_release(&s[0]);
	tt_scenario_release(&s[1]);
}
END_TEST

/* ---- the picture and the page ---- */

/* Run the files of tests/data/compare given. */
static void run_files(tt_scenario *s, tt_compare *c, const char *const *rel,
                      size_t n)
{
	tt_compare_setup setups[4];
	char paths[4][1024], msg[1400];
	tt_diag d;
	for (size_t i = 0; i < n; i++) {
		tu_src_path(paths[i], sizeof paths[i], rel[i]);
		ck_assert_msg(tt_scenario_load_file(paths[i], &s[i], &d) ==
		                      TT_OK,
		              "%s", tu_diag_str(&d, msg, sizeof msg));
		setups[i] = (tt_compare_setup){&s[i], rel[i]};
	}
	ck_assert_msg(tt_compare_run_all(setups, n, c, &d) == TT_OK, "%s",
	              tu_diag_str(&d, msg, sizeof msg));
}

static void has(const char *text, const char *what)
{
	ck_assert_msg(strstr(text, what), "no '%s'", what);
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

START_TEST(picture_and_page_show_every_setup)
{
	static const char *const rel[] = {"tests/data/compare/target-70.yaml",
	                                  "tests/data/compare/target-50.yaml",
	                                  "tests/data/compare/hpa.yaml"};
	tt_scenario s[3];
	tt_compare c;
	mem m;
	tt_diag d;
	run_files(s, &c, rel, 3);
	ck_assert_int_eq(tt_compare_write_svg(mem_open(&m), &c, NULL, &d),
	                 TT_OK);
	char *svg = mem_close(&m);
	has(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\"");
	has(svg, ">Compare: target 70 vs target 50 vs web on the HPA<");
	has(svg, "class=\"series-load\"");
	for (int i = 0; i < 3; i++) {
		char cls[64];
		snprintf(cls, sizeof cls, "series-capacity setup-%d\"", i);
		has(svg, cls);
	}
	has(svg, ">target 70: cost ");
	has(svg, " min over target<");
	has(svg, ">web on the HPA: cost ");
	/* a strip and a target for each setup, the HPA's its cpu: not one
	 * metric, so each strip says its own */
	ck_assert_uint_eq(count(svg, "class=\"series-metric "), 3);
	ck_assert_uint_eq(count(svg, "class=\"target-line\""), 3);
	has(svg, ">target 50: SageMakerVariantInvocationsPerInstance "
	         "(invocations per instance per minute), TargetValue 50<");
	has(svg, ">web on the HPA: cpu (% of request), target 60<");
	ck_assert_ptr_null(strstr(svg, "so no strip in the metric panel"));
	ck_assert_uint_eq(count(svg, "</svg>"), 1);

	ck_assert_int_eq(tt_compare_write_html(mem_open(&m), &c, &d), TT_OK);
	char *html = mem_close(&m);
	has(html, "<title>ttsim compare: target 70 vs target 50 vs web on "
	          "the HPA</title>");
	has(html, "<svg width=\"100%\"");
	ck_assert_ptr_null(strstr(html, "xmlns"));
	ck_assert_ptr_null(strstr(html, "http"));
	has(html, "<th>controller</th><td>aws</td><td>aws</td><td>hpa</td>");
	has(html, "<th>minutes over target</th>");
	has(html, "class=\"num best\"");
	free(svg);
	free(html);
	tt_compare_release(&c);
	for (int i = 0; i < 3; i++)
		tt_scenario_release(&s[i]);
}
END_TEST

START_TEST(names_are_escaped)
{
	tt_scenario s[2];
	tt_compare c;
	mem m;
	tt_diag d;
	run_two(s, &c, "'a & <b>'", "'\"c\"'");
	ck_assert_int_eq(tt_compare_write_svg(mem_open(&m), &c, NULL, &d),
	                 TT_OK);
	char *svg = mem_close(&m);
	has(svg, "a &amp; &lt;b&gt;: cost");
	ck_assert_ptr_null(strstr(svg, "<b>"));
	ck_assert_int_eq(tt_compare_write_html(mem_open(&m), &c, &d), TT_OK);
	char *html = mem_close(&m);
	has(html, "a &amp; &lt;b&gt;");
	ck_assert_ptr_null(strstr(html, "<b>"));
	char *csv = csv_of(&c);
	has(csv, "\n\"\"\"c\"\"\",b.yaml,aws,");
	free(svg);
	free(html);
	free(csv);
	tt_compare_release(&c);
	tt_scenario_release(&s[0]);
	tt_scenario_release(&s[1]);
}
END_TEST

/* All three outputs of one comparison, concatenated. */
static char *outputs(void)
{
	static const char *const rel[] = {"tests/data/compare/target-70.yaml",
	                                  "tests/data/compare/target-50.yaml"};
	tt_scenario s[2];
	tt_compare c;
	mem m;
	tt_diag d;
	run_files(s, &c, rel, 2);
	FILE *f = mem_open(&m);
	ck_assert_int_eq(tt_compare_write_csv(f, &c, &d), TT_OK);
	ck_assert_int_eq(tt_compare_write_svg(f, &c, NULL, &d), TT_OK);
	ck_assert_int_eq(tt_compare_write_html(f, &c, &d), TT_OK);
	tt_compare_release(&c);
	tt_scenario_release(&s[0]);
	tt_scenario_release(&s[1]);
	return mem_close(&m);
}

START_TEST(same_setups_give_the_same_bytes)
{
	char *a = outputs();
	char *b = outputs();
	ck_assert(strlen(a) > 10000);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("workload");
	tcase_add_loop_test(tc, workloads_compared_field_by_field, 0,
	                    (int)(sizeof wl_cases / sizeof wl_cases[0]));
	tcase_add_test(tc, another_trace_file_is_named);
	tcase_add_test(tc, two_to_ten_setups);
	suite_add_tcase(s, tc);
	tc = tcase_create("csv");
	tcase_add_test(tc, csv_has_a_row_per_setup_and_every_figure);
	tcase_add_test(tc, csv_columns_are_the_union_of_the_figures);
	tcase_add_test(tc, setups_sharing_a_name_are_named_by_file);
	tcase_add_test(tc, timelines_kept_in_memory);
	suite_add_tcase(s, tc);
	tc = tcase_create("picture");
	tcase_add_test(tc, picture_and_page_show_every_setup);
	tcase_add_test(tc, names_are_escaped);
	tcase_add_test(tc, same_setups_give_the_same_bytes);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
