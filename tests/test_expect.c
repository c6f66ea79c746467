/*
 * test_expect.c - expectations, JUnit XML and the elasticity metrics.
 *
 * Parsing: every bound form of `expect:` and every error with its exact
 * message and place.  Evaluation: the edges of each bound (inclusive ends,
 * eq's tolerance, NaN, a figure the run lacks).  The JUnit writer against a
 * golden document.  The elasticity metrics against a case computed by hand,
 * directly and through the simulator.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runutil.h"
#include "testutil.h"
#include "ttsim/ttsim.h"

#define CAP "capacity: {min: 1, max: 4}\n"
#define POL                                                                    \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 70, "     \
	"PredefinedMetricSpecification: {PredefinedMetricType: "               \
	"SageMakerVariantInvocationsPerInstance}}\n"
#define WL "workload: {synthetic: {shape: constant, rate: 100}}\n"
#define SIM "simulation: {duration: 1h}\n"
#define BASE CAP POL WL SIM /* 5 lines: expect starts on line 6 */

static tt_code load(const char *yaml, tt_scenario *s, tt_diag *d)
{
	tt_diag_clear(d);
	return tt_scenario_load_text(yaml, strlen(yaml), "t.yaml", NULL, s, d);
}

static void load_ok(const char *yaml, tt_scenario *s)
{
	tt_diag d;
	char buf[1400];
	tt_code rc = load(yaml, s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* ---- parsing ---- */

START_TEST(every_bound_form)
{
	tt_scenario s;
	load_ok(BASE "expect:\n"
	             "  max_instances: {le: 12}\n"
	             "  cost: {ge: 1, le: 100.5}\n"
	             "  scale_out_activities: {between: [1, 20]}\n"
	             "  final_instances: {eq: 1}\n"
	             "  instability: {le: 0.25}\n",
	        &s);
	ck_assert(s.has_expect);
	ck_assert_uint_eq(s.n_expect, 6);
	ck_assert_int_eq(s.locs.expect.line, 7);

	const tt_expectation *x = s.expect;
	ck_assert_str_eq(x[0].figure, "max_instances");
	ck_assert_int_eq(x[0].kind, TT_BOUND_LE);
	ck_assert(x[0].hi == 12 && isinf(x[0].lo) && x[0].lo < 0);
	ck_assert_int_eq(x[0].loc.line, 7);
	ck_assert_int_eq(x[0].loc.col, 19);
	ck_assert_int_eq(x[0].figure_loc.col, 3);
	ck_assert_str_eq(x[0].loc.file, "t.yaml");

	ck_assert_str_eq(x[1].figure, "cost");
	ck_assert_int_eq(x[1].kind, TT_BOUND_GE);
	ck_assert(x[1].lo == 1 && isinf(x[1].hi));
	ck_assert_int_eq(x[1].loc.line, 8);
	ck_assert_int_eq(x[1].loc.col, 10);
	ck_assert_str_eq(x[2].figure, "cost");
	ck_assert_int_eq(x[2].kind, TT_BOUND_LE);
	ck_assert(x[2].hi == 100.5);
	ck_assert_int_eq(x[2].loc.col, 17);

	ck_assert_int_eq(x[3].kind, TT_BOUND_BETWEEN);
	ck_assert(x[3].lo == 1 && x[3].hi == 20);
	ck_assert_int_eq(x[4].kind, TT_BOUND_EQ);
	ck_assert(x[4].lo == 1 && x[4].hi == 1);
	ck_assert_str_eq(x[5].figure, "instability");
	ck_assert(x[5].hi == 0.25);
	tt_scenario_release(&s);

	/* no expect block: nothing, and has_expect says so */
	load_ok(BASE, &s);
	ck_assert(!s.has_expect);
	ck_assert_uint_eq(s.n_expect, 0);
	ck_assert_ptr_null(s.expect);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(request_figures_in_request_mode)
{
	tt_scenario s;
	load_ok(CAP POL WL
	        "simulation: {duration: 1h, mode: request}\n"
	        "instance: {service_time: 100ms}\n"
	        "expect: {p99_latency_ms: {le: 500}, error_rate: {eq: 0}}\n",
	        &s);
	ck_assert_uint_eq(s.n_expect, 2);
	ck_assert_str_eq(s.expect[0].figure, "p99_latency_ms");
	tt_scenario_release(&s);
}
END_TEST

static const char all_figures[] =
        "simulated_s, invocations, instance_hours, cost, max_instances, "
        "peak_in_service, mean_instances, mean_in_service, final_instances, "
        "scale_out_activities, scale_in_activities, not_scaled, "
        "minutes_over_target, under_provisioning_accuracy, "
        "over_provisioning_accuracy, under_provisioning_timeshare, "
        "over_provisioning_timeshare, instability, jitter, peak_copies, "
        "mean_copies, zero_copies_minutes, wake_ups, no_capacity_failures, "
        "cold_starts, cold_start_wait_p50_s, cold_start_wait_p99_s, "
        "cold_start_wait_max_s, requests_completed, errors, error_rate, mean_latency_ms, "
        "p50_latency_ms, p90_latency_ms, p99_latency_ms, p999_latency_ms, "
        "max_latency_ms, over_slo";

static const struct {
	const char *expect; /* the expect: line, line 6 */
	tt_code code;
	const char *msg;
} error_cases[] = {
        {"expect: [max_instances]\n", TT_EINVAL,
         "t.yaml:6:9: error: expected a map for 'expect', got a sequence"},
        {"expect: {}\n", TT_EINVAL,
         "t.yaml:6:9: error: 'expect' must name at least one figure"},
        {"expect: {p99_latency_ms: {le: 500}}\n", TT_EINVAL,
         "t.yaml:6:10: error: 'p99_latency_ms' is measured in request mode "
         "only; this scenario runs in fluid mode"},
        {"expect: {cold_start_wait_p99_s: {le: 600}}\n", TT_EINVAL,
         "t.yaml:6:10: error: 'cold_start_wait_p99_s' is measured for "
         "inference components only (resource: inference-component/NAME)"},
        {"expect: {max_instances: 12}\n", TT_EINVAL,
         "t.yaml:6:25: error: expected a map for 'expect.max_instances', got "
         "'12'"},
        {"expect: {max_instances: {lt: 12}}\n", TT_EINVAL,
         "t.yaml:6:26: error: unknown key 'lt' in 'expect.max_instances' "
         "(expected one of: le, ge, eq, between)"},
        {"expect: {max_instances: {}}\n", TT_EINVAL,
         "t.yaml:6:25: error: 'expect.max_instances' needs a bound: le, ge, "
         "eq or between"},
        {"expect: {max_instances: {le: twelve}}\n", TT_EINVAL,
         "t.yaml:6:30: error: expected a number for 'le', got 'twelve'"},
        {"expect: {cost: {ge: [1]}}\n", TT_EINVAL,
         "t.yaml:6:21: error: expected a number for 'ge', got a sequence"},
        {"expect: {cost: {between: 5}}\n", TT_EINVAL,
         "t.yaml:6:26: error: expected a sequence for 'between', got '5'"},
        {"expect: {cost: {between: [1, 2, 3]}}\n", TT_EINVAL,
         "t.yaml:6:26: error: 'between' must be [lo, hi], got 3 values"},
        {"expect: {cost: {between: [1]}}\n", TT_EINVAL,
         "t.yaml:6:26: error: 'between' must be [lo, hi], got 1 value"},
        {"expect: {cost: {between: [20, 1]}}\n", TT_EINVAL,
         "t.yaml:6:26: error: 'between' must be [lo, hi] with lo <= hi, got "
         "20 > 1"},
        {"expect: {cost: {between: [1, x]}}\n", TT_EINVAL,
         "t.yaml:6:30: error: expected a number for 'between', got 'x'"},
        {"expect: {cost: {ge: 10, le: 5}}\n", TT_EINVAL,
         "t.yaml:6:16: error: the bounds on 'cost' cannot all hold: >= 10 "
         "and <= 5"},
        {"expect: {cost: {eq: 3, between: [4, 5]}}\n", TT_EINVAL,
         "t.yaml:6:16: error: the bounds on 'cost' cannot all hold: in [4, "
         "5] and == 3"},
};

START_TEST(parse_errors)
{
	char yaml[512], buf[1400];
	tt_scenario s;
	tt_diag d;
	snprintf(yaml, sizeof yaml, "%s%s", BASE, error_cases[_i].expect);
	tt_code rc = load(yaml, &s, &d);
	tu_diag_str(&d, buf, sizeof buf);
	ck_assert_msg(rc == error_cases[_i].code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), buf);
	ck_assert_str_eq(buf, error_cases[_i].msg);
	ck_assert_ptr_null(s.expect);
}
END_TEST

START_TEST(unknown_figure_lists_every_name)
{
	char want[1400], buf[1400];
	tt_scenario s;
	tt_diag d;
	tt_code rc = load(BASE "expect:\n  max_instance: {le: 3}\n", &s, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	snprintf(want, sizeof want,
	         "t.yaml:7:3: error: unknown figure 'max_instance' in "
	         "'expect' (expected one of: %s)",
	         all_figures);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
	/* and the list is exactly the figures module's */
	for (const char *const *n = tt_figure_names(); *n; n++)
		ck_assert(tt_figure_known(*n));
	ck_assert(!tt_figure_known("max_instance"));
	ck_assert(tt_figure_request_only("p99_latency_ms"));
	ck_assert(tt_figure_request_only("over_slo"));
	ck_assert(!tt_figure_request_only("jitter"));
	ck_assert(!tt_figure_request_only("nonsense"));
	ck_assert(tt_figure_ic_only("peak_copies"));
	ck_assert(tt_figure_ic_only("cold_start_wait_max_s"));
	ck_assert(!tt_figure_ic_only("jitter"));
	ck_assert(!tt_figure_ic_only("requests_completed"));
	ck_assert(!tt_figure_ic_only("nonsense"));
}
END_TEST

/* ---- evaluation ---- */

static tt_expectation bound(tt_bound_kind kind, double lo, double hi)
{
	tt_expectation e = {.figure = "cost", .kind = kind};
	e.lo = kind == TT_BOUND_LE ? -HUGE_VAL : lo;
	e.hi = kind == TT_BOUND_GE ? HUGE_VAL : hi;
	if (kind == TT_BOUND_LE)
		e.hi = lo;
	if (kind == TT_BOUND_EQ)
		e.hi = lo;
	return e;
}

static const struct {
	tt_bound_kind kind;
	double lo, hi; /* le: lo is the bound */
	double value;
	bool holds;
} holds_cases[] = {
        {TT_BOUND_LE, 12, 0, 12, true},
        {TT_BOUND_LE, 12, 0, 11.999, true},
        {TT_BOUND_LE, 12, 0, 12.000000001, false},
        {TT_BOUND_LE, 12, 0, -1e300, true},
        {TT_BOUND_GE, 1, 0, 1, true},
        {TT_BOUND_GE, 1, 0, 0.9999999999, false},
        {TT_BOUND_BETWEEN, 1, 20, 1, true},
        {TT_BOUND_BETWEEN, 1, 20, 20, true},
        {TT_BOUND_BETWEEN, 1, 20, 20.5, false},
        {TT_BOUND_BETWEEN, 1, 20, 0, false},
        {TT_BOUND_BETWEEN, 5, 5, 5, true},
        /* eq: relative 1e-9, absolute 1e-9 near zero */
        {TT_BOUND_EQ, 0.3, 0, 0.1 + 0.2, true},
        {TT_BOUND_EQ, 24.17, 0, 24.170000000001, true},
        {TT_BOUND_EQ, 24.17, 0, 24.1700001, false},
        {TT_BOUND_EQ, 1e12, 0, 1e12 + 100, true},
        {TT_BOUND_EQ, 1e12, 0, 1e12 + 10000, false},
        {TT_BOUND_EQ, 0, 0, 1e-10, true},
        {TT_BOUND_EQ, 0, 0, 1e-8, false},
        {TT_BOUND_EQ, 3, 0, 3, true},
        {TT_BOUND_EQ, 3, 0, 4, false},
        /* NaN never holds */
        {TT_BOUND_LE, 12, 0, NAN, false},
        {TT_BOUND_GE, 1, 0, NAN, false},
        {TT_BOUND_EQ, 1, 0, NAN, false},
        {TT_BOUND_BETWEEN, 1, 2, NAN, false},
};

START_TEST(bound_edges)
{
	tt_expectation e = bound(holds_cases[_i].kind, holds_cases[_i].lo,
	                         holds_cases[_i].hi);
	ck_assert_msg(tt_expect_holds(&e, holds_cases[_i].value) ==
	                      holds_cases[_i].holds,
	              "case %d", _i);
}
END_TEST

START_TEST(bound_texts)
{
	char buf[TT_EXPECT_BOUND_BUF];
	tt_expectation e = bound(TT_BOUND_LE, 12, 0);
	ck_assert_str_eq(tt_expect_bound_text(&e, buf, sizeof buf), "<= 12");
	e = bound(TT_BOUND_GE, 0.5, 0);
	ck_assert_str_eq(tt_expect_bound_text(&e, buf, sizeof buf), ">= 0.5");
	e = bound(TT_BOUND_EQ, 1, 0);
	ck_assert_str_eq(tt_expect_bound_text(&e, buf, sizeof buf), "== 1");
	e = bound(TT_BOUND_BETWEEN, -1, 2.25);
	ck_assert_str_eq(tt_expect_bound_text(&e, buf, sizeof buf),
	                 "in [-1, 2.25]");
}
END_TEST

START_TEST(check_a_run)
{
	/* 70 invocations a minute at a target of 70: one instance's worth,
	 * so the policy scales 2 -> 1 after its 15-minute low alarm */
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 4}\n" POL
	                "workload: {synthetic: {shape: constant, rate: 70}}\n"
	                "simulation: {duration: 1h}\n"
	                "instance: {price_per_hour: 1}\n"
	                "expect:\n"
	                "  final_instances: {eq: 1}\n"
	                "  max_instances: {le: 1}\n"
	                "  scale_in_activities: {between: [1, 1]}\n"
	                "  invocations: {eq: 4200, ge: 4200}\n");
	ck_assert_uint_eq(r.s.n_expect, 5);
	tt_expect_result res[5];
	size_t failed = tt_expect_check(&r.s, &r.sum, res);
	ck_assert_uint_eq(failed, 1);

	ck_assert(res[0].pass && res[0].has_value);
	ck_assert_str_eq(res[0].value_text, "1");
	ck_assert_str_eq(res[0].bound_text, "== 1");
	ck_assert_ptr_eq(res[0].expect, &r.s.expect[0]);

	ck_assert(!res[1].pass); /* max_instances is the initial 2 */
	ck_assert(res[1].value == 2);
	ck_assert_str_eq(res[1].value_text, "2");
	ck_assert_str_eq(res[1].bound_text, "<= 1");
	ck_assert(res[2].pass);
	ck_assert(res[3].pass && res[4].pass);
	ru_release(&r);
}
END_TEST

START_TEST(missing_figure_fails)
{
	/* a request-mode figure checked against a fluid run (the scenario
	 * switched to fluid after loading, as `run --mode` could) */
	ru_run r;
	ru_run_yaml(&r,
	            CAP POL WL "simulation: {duration: 10m, mode: request}\n"
	                       "instance: {service_time: 10ms}\n"
	                       "expect: {p99_latency_ms: {le: 500}}\n");
	r.sum.request = false;
	tt_expect_result res[1];
	ck_assert_uint_eq(tt_expect_check(&r.s, &r.sum, res), 1);
	ck_assert(!res[0].pass && !res[0].has_value);
	ck_assert_str_eq(res[0].value_text, "missing");
	r.sum.request = true;
	ck_assert_uint_eq(tt_expect_check(&r.s, &r.sum, res), 0);
	ck_assert(res[0].has_value);
	ru_release(&r);
}
END_TEST

/* ---- JUnit ---- */

static char *junit_text(const char *name, const tt_junit_suite *suites,
                        size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	tt_junit_write(f, name, suites, n);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

START_TEST(junit_golden)
{
	const tt_junit_case a[] = {
	        {"max_instances <= 12", "seed predefined", NULL, NULL},
	        {"cost in [1, 100]", "seed predefined",
	         "cost = 120.5, expected in [1, 100]",
	         "ci/seed.yaml:9:22: cost = 120.5, expected in [1, 100]"},
	};
	const tt_junit_case b[] = {
	        {"p99_latency_ms <= 500", "a <b> & \"c\" 'd'",
	         "tab\there\nnew line <&>\x01",
	         "text <&> \"quoted\" 'single'\nline two\x7f"},
	};
	const tt_junit_suite suites[] = {
	        {"ci/seed.yaml", a, 2},
	        {"ci/odd & \"names\".yaml", b, 1},
	        {"ci/none.yaml", NULL, 0},
	};
	char *got = junit_text("ttsim check", suites, 3);
	ck_assert_str_eq(
	        got,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<testsuites name=\"ttsim check\" tests=\"3\" failures=\"2\" "
	        "errors=\"0\" time=\"0\">\n"
	        "  <testsuite name=\"ci/seed.yaml\" tests=\"2\" failures=\"1\" "
	        "errors=\"0\" time=\"0\">\n"
	        "    <testcase name=\"max_instances &lt;= 12\" "
	        "classname=\"seed predefined\" time=\"0\"/>\n"
	        "    <testcase name=\"cost in [1, 100]\" classname=\"seed "
	        "predefined\" time=\"0\">\n"
	        "      <failure message=\"cost = 120.5, expected in [1, "
	        "100]\">ci/seed.yaml:9:22: cost = 120.5, expected in [1, "
	        "100]</failure>\n"
	        "    </testcase>\n"
	        "  </testsuite>\n"
	        "  <testsuite name=\"ci/odd &amp; &quot;names&quot;.yaml\" "
	        "tests=\"1\" failures=\"1\" errors=\"0\" time=\"0\">\n"
	        "    <testcase name=\"p99_latency_ms &lt;= 500\" classname=\"a "
	        "&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;\" time=\"0\">\n"
	        "      <failure message=\"tab&#9;here&#10;new line "
	        "&lt;&amp;&gt;\">text &lt;&amp;&gt; &quot;quoted&quot; "
	        "&#39;single&#39;&#10;line two</failure>\n"
	        "    </testcase>\n"
	        "  </testsuite>\n"
	        "  <testsuite name=\"ci/none.yaml\" tests=\"0\" failures=\"0\" "
	        "errors=\"0\" time=\"0\"/>\n"
	        "</testsuites>\n");
	free(got);

	/* nothing at all: still a well-formed document */
	got = junit_text("empty", NULL, 0);
	ck_assert_str_eq(got, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                      "<testsuites name=\"empty\" tests=\"0\" "
	                      "failures=\"0\" errors=\"0\" time=\"0\">\n"
	                      "</testsuites>\n");
	free(got);
}
END_TEST

/* ---- elasticity ---- */

/*
 * Five one-minute steps, by hand (ε = 1 for d = 0):
 *
 *   t   d  s   under        over         Δs  Δd  unstable
 *   1   2  2   0            0            .   .   .
 *   2   4  2   2/4 = 0.5    0            0   +   1
 *   3   4  5   0            1/4 = 0.25   +   0   1
 *   4   1  5   0            4/1 = 4      0   -   1
 *   5   0  3   0            3/1 = 3      -   -   0
 *
 *   θ_U = 0.5 / 5 = 0.1        θ_O = 7.25 / 5 = 1.45
 *   τ_U = 1 / 5 = 0.2          τ_O = 3 / 5 = 0.6
 *   υ = 3 / 4 = 0.75
 *   supply changed at t = 3, 5 (2), demand at 2, 4, 5 (3):
 *   j = (2 - 3) / 5 min = -12 per hour
 */
START_TEST(elasticity_by_hand)
{
	static const int64_t d[] = {2, 4, 4, 1, 0};
	static const int64_t s[] = {2, 2, 5, 5, 3};
	tt_elasticity e;
	tt_elasticity_figures f;
	tt_elasticity_init(&e);
	tt_elasticity_figures_of(&e, &f);
	ck_assert_uint_eq(f.steps, 0);
	ck_assert(f.under_accuracy == 0 && f.jitter_per_hour == 0);
	for (int t = 0; t < 5; t++)
		tt_elasticity_add(&e, d[t], s[t], 60 * TT_US_PER_S);
	tt_elasticity_figures_of(&e, &f);
	ck_assert_uint_eq(f.steps, 5);
	ck_assert_double_eq_tol(f.under_accuracy, 0.1, 1e-12);
	ck_assert_double_eq_tol(f.over_accuracy, 1.45, 1e-12);
	ck_assert_double_eq_tol(f.under_timeshare, 0.2, 1e-12);
	ck_assert_double_eq_tol(f.over_timeshare, 0.6, 1e-12);
	ck_assert_double_eq_tol(f.instability, 0.75, 1e-12);
	ck_assert_double_eq_tol(f.jitter_per_hour, -12, 1e-9);
}
END_TEST

START_TEST(elasticity_weights_by_time)
{
	/* a 2-minute step under by half, a 1-minute step exact: θ_U = 1/3 */
	tt_elasticity e;
	tt_elasticity_figures f;
	tt_elasticity_init(&e);
	tt_elasticity_add(&e, 4, 2, 120 * TT_US_PER_S);
	tt_elasticity_add(&e, 2, 2, 60 * TT_US_PER_S);
	tt_elasticity_figures_of(&e, &f);
	ck_assert_double_eq_tol(f.under_accuracy, 1.0 / 3, 1e-12);
	ck_assert_double_eq_tol(f.under_timeshare, 2.0 / 3, 1e-12);
	/* demand fell and supply stood still: the one move is unstable */
	ck_assert_double_eq_tol(f.instability, 1, 1e-12);
	/* one demand change, no supply change, in 3 minutes */
	ck_assert_double_eq_tol(f.jitter_per_hour, -20, 1e-9);
}
END_TEST

/*
 * Through the simulator: two instances held by min = max = 2, traffic of
 * 70 a minute (d = 1) for 30 minutes, then 350 (d = 5) for 30.
 *
 *   θ_U = 30 * (3/5) / 60 = 0.3     θ_O = 30 * (1/1) / 60 = 0.5
 *   τ_U = τ_O = 0.5
 *   υ = 1 / 59 (only the step where demand rose and supply did not)
 *   j = (0 - 1) / 1 h = -1
 */
START_TEST(elasticity_through_a_run)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 2, max: 2}\n" POL
	                "workload: {synthetic: {shape: step, rate: 70, "
	                "steps: [{at: 30m, rate: 350}]}}\n"
	                "simulation: {duration: 1h}\n");
	const tt_elasticity_figures *f = &r.sum.elasticity;
	ck_assert_uint_eq(f->steps, 60);
	ck_assert_double_eq_tol(f->under_accuracy, 0.3, 1e-12);
	ck_assert_double_eq_tol(f->over_accuracy, 0.5, 1e-12);
	ck_assert_double_eq_tol(f->under_timeshare, 0.5, 1e-12);
	ck_assert_double_eq_tol(f->over_timeshare, 0.5, 1e-12);
	ck_assert_double_eq_tol(f->instability, 1.0 / 59, 1e-12);
	ck_assert_double_eq_tol(f->jitter_per_hour, -1, 1e-12);

	/* and as named figures */
	double v = 0;
	ck_assert(tt_summary_figure(&r.s, &r.sum, "under_provisioning_accuracy",
	                            &v));
	ck_assert_double_eq_tol(v, 0.3, 1e-12);
	ck_assert(tt_summary_figure(&r.s, &r.sum, "jitter", &v));
	ck_assert_double_eq_tol(v, -1, 1e-12);
	ru_release(&r);
}
END_TEST

/*
 * A custom CPUUtilization at 50 with 10 % per request per second: 1200 a
 * minute on two instances is 10 per second each, 100 %, so d = ceil(2 *
 * 100 / 50) = 4 against s = 2 every minute: θ_U = 0.5, τ_U = 1.
 */
START_TEST(elasticity_custom_metric)
{
	ru_run r;
	ru_run_yaml(&r,
	            "resource: endpoint/e/variant/v\n"
	            "capacity: {initial: 2, min: 2, max: 2}\n"
	            "policies:\n"
	            "  - TargetTrackingScalingPolicyConfiguration:\n"
	            "      TargetValue: 50\n"
	            "      CustomizedMetricSpecification:\n"
	            "        MetricName: CPUUtilization\n"
	            "        Namespace: /aws/sagemaker/Endpoints\n"
	            "        Statistic: Average\n"
	            "        Dimensions:\n"
	            "          - {Name: EndpointName, Value: e}\n"
	            "          - {Name: VariantName, Value: v}\n"
	            "metrics:\n"
	            "  CPUUtilization: {model: linear, idle: 0, per_rps: 10}\n"
	            "workload: {synthetic: {shape: constant, rate: 1200}}\n"
	            "simulation: {duration: 30m}\n");
	const tt_elasticity_figures *f = &r.sum.elasticity;
	ck_assert_uint_eq(f->steps, 30);
	ck_assert_double_eq_tol(f->under_accuracy, 0.5, 1e-12);
	ck_assert_double_eq_tol(f->under_timeshare, 1, 1e-12);
	ck_assert_double_eq_tol(f->over_accuracy, 0, 1e-12);
	ck_assert_double_eq_tol(f->instability, 0, 1e-12);
	ru_release(&r);
}
END_TEST

static Suite *expect_suite(void)
{
	Suite *s = suite_create("expect");
	const tu_case cases[] = {
	        {"every_bound_form", every_bound_form},
	        {"request_figures_in_request_mode",
	         request_figures_in_request_mode},
	        {"unknown_figure_lists_every_name",
	         unknown_figure_lists_every_name},
	        {"bound_texts", bound_texts},
	        {"check_a_run", check_a_run},
	        {"missing_figure_fails", missing_figure_fails},
	        {"junit_golden", junit_golden},
	        {"elasticity_by_hand", elasticity_by_hand},
	        {"elasticity_weights_by_time", elasticity_weights_by_time},
	        {"elasticity_through_a_run", elasticity_through_a_run},
	        {"elasticity_custom_metric", elasticity_custom_metric},
	};
	TU_ADD_CASES(s, cases);
	TCase *tc = tcase_create("parse_errors");
	tcase_add_loop_test(tc, parse_errors, 0,
	                    sizeof error_cases / sizeof error_cases[0]);
	suite_add_tcase(s, tc);
	tc = tcase_create("bound_edges");
	tcase_add_loop_test(tc, bound_edges, 0,
	                    sizeof holds_cases / sizeof holds_cases[0]);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(expect_suite());
}
