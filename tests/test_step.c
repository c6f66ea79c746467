/*
 * test_step.c - step scaling policies: the configuration read and checked,
 * and the arithmetic of SPEC.md 12.3 - 12.5.
 *
 * The worked cases S1, S2's cooldown rule, S3, S4, S5's step choice, S9
 * (both values of its knob) and S11 are computed here through the pure
 * functions the controller calls; every S case also runs through the
 * engine in test_worked_cases.c.  Every rejected configuration gives one
 * exact message at one exact line and column.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "step.h"
#include "testutil.h"
#include "ttsim/scenario.h"

#define MSG_MAX 1024

/* Parse `text` (JSON, or YAML when `yaml`) and read it as policy "p". */
static tt_code parse_step(const char *text, bool yaml, tt_diag_list *notes,
                          tt_step_policy *p, tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc =
	        yaml ? tt_doc_parse_yaml(text, strlen(text), "p.yaml", &doc, d)
	             : tt_doc_parse_json(text, strlen(text), "p.json", &doc, d);
	if (rc)
		return rc;
	rc = tt_step_from_node(doc.root, "p", notes, p, d);
	tt_doc_release(&doc);
	return rc;
}

static void must_parse(const char *text, bool yaml, tt_step_policy *p)
{
	char msg[MSG_MAX];
	tt_diag d = {0};
	tt_code rc = parse_step(text, yaml, NULL, p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
}

/*
 * Load a policy file of tests/data/step and read the
 * StepScalingPolicyConfiguration it holds, as the form readers will.
 */
static void load_data(const char *file, tt_step_policy *p)
{
	char rel[128], path[1024], msg[MSG_MAX];
	tt_diag d = {0};
	tt_doc doc = {0};

	snprintf(rel, sizeof rel, "tests/data/step/%s", file);
	tu_src_path(path, sizeof path, rel);
	tt_code rc = tt_doc_load_any(path, file, &doc, NULL, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	const tt_node *cfg =
	        tt_node_map_get(doc.root, "StepScalingPolicyConfiguration");
	ck_assert_ptr_nonnull(cfg);
	rc = tt_step_from_node(cfg, file, NULL, p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	tt_doc_release(&doc);
}

/* A target with capacity bounds [lo, hi], for the clamp. */
static tt_scenario bounds(int lo, int hi)
{
	tt_scenario s;
	memset(&s, 0, sizeof s);
	s.min_capacity = lo;
	s.max_capacity = hi;
	return s;
}

static tt_step_knobs knobs(void)
{
	tt_step_knobs k;
	tt_step_knobs_default(&k);
	return k;
}

/*
 * One invocation outside any cooldown: the step V falls in against
 * `threshold` (GreaterThan... alarm when `above`), and the capacity it
 * reaches from C.  Fails when no step contains the difference.
 */
static int invoke(const tt_step_policy *p, double threshold, bool above,
                  double v, int c, const tt_scenario *s, const tt_step_knobs *k)
{
	const tt_step_adjustment *st =
	        tt_step_choose(p, v - threshold, k->tie_side, above);
	ck_assert_msg(st != NULL, "no step for V %g", v);
	return tt_step_new_capacity(p, st->adjustment, c, k,
	                            tt_scenario_bounds(s))
	        .to;
}

/* ---- reading ---- */

START_TEST(all_fields)
{
	tt_step_policy p;
	must_parse("{\"AdjustmentType\": \"PercentChangeInCapacity\",\n"
	           " \"MinAdjustmentMagnitude\": 2, \"Cooldown\": 60,\n"
	           " \"MetricAggregationType\": \"Maximum\",\n"
	           " \"StepAdjustments\": [\n"
	           "  {\"MetricIntervalLowerBound\": 0, "
	           "\"MetricIntervalUpperBound\": 15.5, "
	           "\"ScalingAdjustment\": 10},\n"
	           "  {\"MetricIntervalLowerBound\": 15.5, "
	           "\"ScalingAdjustment\": 25}]}",
	           false, &p);
	ck_assert_str_eq(p.name, "p");
	ck_assert_int_eq(p.adjustment_type, TT_ADJ_PERCENT_CHANGE_IN_CAPACITY);
	ck_assert_int_eq(p.adjustment_type_loc.line, 1);
	ck_assert_int_eq(p.adjustment_type_loc.col, 20);
	ck_assert_int_eq(p.min_adjustment_magnitude, 2);
	ck_assert_int_eq(p.cooldown_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(p.aggregation, TT_STEP_AGG_MAXIMUM);
	ck_assert_uint_eq(p.n_steps, 2);
	ck_assert(p.steps[0].has_lower && p.steps[0].has_upper);
	ck_assert_double_eq(p.steps[0].lower, 0);
	ck_assert_double_eq(p.steps[0].upper, 15.5);
	ck_assert_int_eq(p.steps[0].adjustment, 10);
	ck_assert_int_eq(p.steps[0].loc.line, 5);
	ck_assert_int_eq(p.steps[0].loc.col, 3);
	ck_assert_int_eq(p.steps[0].lower_loc.col, 32);
	ck_assert(p.steps[1].has_lower && !p.steps[1].has_upper);
	ck_assert_int_eq(p.steps[1].adjustment, 25);
	tt_step_policy_release(&p);
	static const tt_step_policy zero;
	ck_assert_mem_eq(&p, &zero, sizeof p);
	tt_step_policy_release(NULL);
}
END_TEST

START_TEST(defaults)
{
	tt_step_policy p;
	must_parse("{\"AdjustmentType\": \"ChangeInCapacity\", "
	           "\"StepAdjustments\": [{\"MetricIntervalLowerBound\": 0, "
	           "\"ScalingAdjustment\": 1}]}",
	           false, &p);
	/* [doc] Cooldown 300 s, MetricAggregationType Average */
	ck_assert_int_eq(p.cooldown_us, 300 * TT_US_PER_S);
	ck_assert_int_eq(p.aggregation, TT_STEP_AGG_AVERAGE);
	ck_assert_int_eq(p.min_adjustment_magnitude, 0);
	tt_step_policy_release(&p);
}
END_TEST

/* A bound written as null is a bound left out. */
START_TEST(null_bounds)
{
	tt_step_policy p;
	must_parse("{\"AdjustmentType\": \"ChangeInCapacity\", "
	           "\"StepAdjustments\": [{\"MetricIntervalLowerBound\": 0, "
	           "\"MetricIntervalUpperBound\": null, "
	           "\"ScalingAdjustment\": 1}]}",
	           false, &p);
	ck_assert(p.steps[0].has_lower && !p.steps[0].has_upper);
	tt_step_policy_release(&p);
	must_parse("AdjustmentType: ExactCapacity\n"
	           "StepAdjustments:\n"
	           "  - MetricIntervalLowerBound: ~\n"
	           "    ScalingAdjustment: 4\n",
	           true, &p);
	ck_assert(!p.steps[0].has_lower && !p.steps[0].has_upper);
	tt_step_policy_release(&p);
}
END_TEST

/* The configuration inside a PutScalingPolicy request (JSON) and a
 * describe-scaling-policies entry (YAML). */
START_TEST(request_forms)
{
	tt_step_policy out, in;
	load_data("s1-out.json", &out);
	ck_assert_str_eq(out.name, "s1-out.json");
	ck_assert_int_eq(out.cooldown_us, 120 * TT_US_PER_S);
	ck_assert_uint_eq(out.n_steps, 3);
	ck_assert_str_eq(out.loc.file, "s1-out.json");
	ck_assert_int_eq(out.steps[2].loc.line, 14);
	load_data("s1-in.yaml", &in);
	ck_assert_uint_eq(in.n_steps, 3);
	ck_assert(!in.steps[2].has_lower);
	ck_assert_double_eq(in.steps[2].upper, -20);
	ck_assert_int_eq(in.cooldown_us, TT_STEP_COOLDOWN_DEFAULT_US);
	tt_step_policy_release(&out);
	tt_step_policy_release(&in);
}
END_TEST

START_TEST(min_magnitude_warning)
{
	tt_diag_list notes = {0};
	tt_step_policy p;
	tt_diag d = {0};
	char msg[MSG_MAX];

	tt_code rc =
	        parse_step("{\"AdjustmentType\": \"ChangeInCapacity\",\n"
	                   " \"MinAdjustmentMagnitude\": 2,\n"
	                   " \"StepAdjustments\": [{\"ScalingAdjustment\": "
	                   "1}]}",
	                   false, &notes, &p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_uint_eq(notes.count, 1);
	ck_assert_str_eq(tu_diag_str(&notes.items[0], msg, sizeof msg),
	                 "p.json:2:28: warning: 'MinAdjustmentMagnitude' "
	                 "applies to AdjustmentType PercentChangeInCapacity "
	                 "only; ignored with ChangeInCapacity");
	/* ignored: the arithmetic never sees it */
	ck_assert_int_eq(p.min_adjustment_magnitude, 0);
	tt_step_policy_release(&p);
	tt_diag_list_release(&notes);
}
END_TEST

/* ---- rejected configurations ---- */

#define HEAD                                                                   \
	"{\"AdjustmentType\": \"ChangeInCapacity\",\n \"StepAdjustments\": "   \
	"[\n"
#define LO(x) "\"MetricIntervalLowerBound\": " #x ", "
#define UP(x) "\"MetricIntervalUpperBound\": " #x ", "
#define ADJ(x) "\"ScalingAdjustment\": " #x "}"
/* one step per line, from line 3, each at column 3 */
#define STEP(b) "  {" b
#define NEXT ",\n"
#define TAIL "]}"

static const struct {
	const char *text;
	tt_code code;
	const char *want;
} bad[] = {
        /* the configuration's own keys */
        {"{\"AdjustmentType\": \"ChangeInCapacity\", \"Cooldwn\": 60, "
         "\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}",
         TT_EINVAL,
         "p.json:1:40: error: unknown key 'Cooldwn' in "
         "'StepScalingPolicyConfiguration' (did you mean 'Cooldown'?)"},
        {"{\"AdjustmentType\": \"ChangeInCapacity\", \"Steps\": [], "
         "\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}",
         TT_EINVAL,
         "p.json:1:40: error: unknown key 'Steps' in "
         "'StepScalingPolicyConfiguration' (expected one of: "
         "AdjustmentType, StepAdjustments, MinAdjustmentMagnitude, "
         "Cooldown, MetricAggregationType)"},
        {"{\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}", TT_EINVAL,
         "p.json:1:1: error: missing required key 'AdjustmentType' in "
         "'StepScalingPolicyConfiguration'"},
        {"{\"AdjustmentType\": \"PercentChangeCapacity\", "
         "\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}",
         TT_EINVAL,
         "p.json:1:20: error: unknown AdjustmentType "
         "'PercentChangeCapacity' (did you mean "
         "'PercentChangeInCapacity'?)"},
        {"{\"AdjustmentType\": \"Add\", "
         "\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}",
         TT_EINVAL,
         "p.json:1:20: error: unknown AdjustmentType 'Add' (expected one "
         "of: ChangeInCapacity, PercentChangeInCapacity, ExactCapacity)"},
        {"{\"AdjustmentType\": \"ChangeInCapacity\", "
         "\"MetricAggregationType\": \"Sum\", "
         "\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}",
         TT_EINVAL,
         "p.json:1:65: error: unknown MetricAggregationType 'Sum' "
         "(expected one of: Average, Minimum, Maximum)"},
        {"{\"AdjustmentType\": \"ChangeInCapacity\", \"Cooldown\": -1, "
         "\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}",
         TT_ERANGE,
         "p.json:1:52: error: 'Cooldown' must be between 0 and 86400, "
         "got -1"},
        {"{\"AdjustmentType\": \"PercentChangeInCapacity\", "
         "\"MinAdjustmentMagnitude\": -2, "
         "\"StepAdjustments\": [{\"ScalingAdjustment\": 1}]}",
         TT_ERANGE,
         "p.json:1:73: error: 'MinAdjustmentMagnitude' must be between 0 "
         "and 2147483647, got -2"},
        {"{\"AdjustmentType\": \"ChangeInCapacity\"}", TT_EINVAL,
         "p.json:1:1: error: missing required key 'StepAdjustments' in "
         "'StepScalingPolicyConfiguration'"},
        {HEAD TAIL, TT_EINVAL,
         "p.json:2:21: error: 'StepAdjustments' needs at least one step "
         "adjustment"},
        /* one step */
        {HEAD STEP(LO(0) "\"ScalingAdjust\": 1}") TAIL, TT_EINVAL,
         "p.json:3:35: error: unknown key 'ScalingAdjust' in "
         "'StepAdjustments[0]' (did you mean 'ScalingAdjustment'?)"},
        {HEAD STEP(LO(0) "\"Foo\": 1, " ADJ(1)) TAIL, TT_EINVAL,
         "p.json:3:35: error: unknown key 'Foo' in 'StepAdjustments[0]' "
         "(expected one of: MetricIntervalLowerBound, "
         "MetricIntervalUpperBound, ScalingAdjustment)"},
        {HEAD "  {\"MetricIntervalLowerBound\": 0}" TAIL, TT_EINVAL,
         "p.json:3:3: error: missing required key 'ScalingAdjustment' in "
         "'StepAdjustments[0]'"},
        {HEAD STEP(LO(0) ADJ(1.5)) TAIL, TT_EINVAL,
         "p.json:3:56: error: expected an integer for 'ScalingAdjustment', "
         "got 1.5"},
        {HEAD STEP(LO(0) ADJ(3000000000)) TAIL, TT_ERANGE,
         "p.json:3:56: error: 'ScalingAdjustment' must be between "
         "-2147483648 and 2147483647, got 3000000000"},
        {HEAD STEP(LO("0") ADJ(1)) TAIL, TT_EINVAL,
         "p.json:3:32: error: expected a number for "
         "'MetricIntervalLowerBound', got a string"},
        {HEAD STEP(LO(10) UP(10) ADJ(1)) TAIL, TT_EINVAL,
         "p.json:3:32: error: 'MetricIntervalLowerBound' must be less than "
         "'MetricIntervalUpperBound', got 10 >= 10"},
        {"{\"AdjustmentType\": \"ExactCapacity\",\n \"StepAdjustments\": [\n"
         "  {" LO(0) ADJ(-1) "]}",
         TT_EINVAL,
         "p.json:3:56: error: 'ScalingAdjustment' must not be negative "
         "with AdjustmentType ExactCapacity, got -1"},
        /* the null bounds */
        {HEAD STEP(ADJ(1)) NEXT STEP(LO(0) ADJ(2)) TAIL, TT_EINVAL,
         "p.json:3:3: error: 'StepAdjustments[0]' has neither "
         "'MetricIntervalLowerBound' nor 'MetricIntervalUpperBound'; only "
         "a policy's single step may leave out both"},
        {HEAD STEP(UP(0) ADJ(-1)) NEXT STEP(UP(-10) ADJ(-2)) TAIL, TT_EINVAL,
         "p.json:4:3: error: 'StepAdjustments[0]' and 'StepAdjustments[1]' "
         "both leave out 'MetricIntervalLowerBound'; at most one step may"},
        {HEAD STEP(LO(0) ADJ(1)) NEXT STEP(LO(10) ADJ(2)) TAIL, TT_EINVAL,
         "p.json:4:3: error: 'StepAdjustments[0]' and 'StepAdjustments[1]' "
         "both leave out 'MetricIntervalUpperBound'; at most one step may"},
        {HEAD STEP(LO(-10) UP(0) ADJ(-1)) NEXT STEP(LO(0) ADJ(1)) TAIL,
         TT_EINVAL,
         "p.json:3:32: error: 'StepAdjustments[0]' has a negative "
         "'MetricIntervalLowerBound' (-10), so one step must leave "
         "'MetricIntervalLowerBound' out"},
        {HEAD STEP(LO(0) UP(10) ADJ(1)) NEXT STEP(UP(0) ADJ(-1)) TAIL,
         TT_EINVAL,
         "p.json:3:63: error: 'StepAdjustments[0]' has a positive "
         "'MetricIntervalUpperBound' (10), so one step must leave "
         "'MetricIntervalUpperBound' out"},
        /* overlaps and gaps, whatever order the steps are written in */
        {HEAD STEP(LO(0) UP(20) ADJ(1)) NEXT STEP(LO(10) ADJ(2)) TAIL,
         TT_EINVAL,
         "p.json:4:32: error: 'StepAdjustments[1]' (10 to infinity) "
         "overlaps 'StepAdjustments[0]' (0 to 20)"},
        {HEAD STEP(LO(20) ADJ(3)) NEXT STEP(LO(0) UP(10) ADJ(1))
                 NEXT STEP(LO(10) UP(25) ADJ(2)) TAIL,
         TT_EINVAL,
         "p.json:3:32: error: 'StepAdjustments[0]' (20 to infinity) "
         "overlaps 'StepAdjustments[2]' (10 to 25)"},
        {HEAD STEP(LO(0) UP(10) ADJ(1)) NEXT STEP(LO(0) UP(10) ADJ(2))
                 NEXT STEP(LO(10) ADJ(3)) TAIL,
         TT_EINVAL,
         "p.json:4:32: error: 'StepAdjustments[1]' (0 to 10) overlaps "
         "'StepAdjustments[0]' (0 to 10)"},
        {HEAD STEP(LO(0) UP(10) ADJ(1)) NEXT STEP(LO(20) ADJ(2)) TAIL,
         TT_EINVAL,
         "p.json:4:32: error: gap between 'StepAdjustments[0]' (0 to 10) "
         "and 'StepAdjustments[1]' (20 to infinity): no step covers 10 to "
         "20"},
        {HEAD STEP(UP(-20) ADJ(-3)) NEXT STEP(LO(-10) UP(0) ADJ(-1)) TAIL,
         TT_EINVAL,
         "p.json:4:32: error: gap between 'StepAdjustments[0]' (-infinity "
         "to -20) and 'StepAdjustments[1]' (-10 to 0): no step covers -20 "
         "to -10"},
        /* a hair of a gap is a gap */
        {HEAD STEP(LO(0) UP(10) ADJ(1)) NEXT STEP(LO(10.000001) ADJ(2)) TAIL,
         TT_EINVAL,
         "p.json:4:32: error: gap between 'StepAdjustments[0]' (0 to 10) "
         "and 'StepAdjustments[1]' (10.000001 to infinity): no step "
         "covers 10 to 10.000001"},
};

START_TEST(bad_config)
{
	tt_step_policy p;
	tt_diag d = {0};
	char msg[MSG_MAX];

	tt_code rc = parse_step(bad[_i].text, false, NULL, &p, &d);
	ck_assert_msg(rc != TT_OK, "accepted: %s", bad[_i].text);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), bad[_i].want);
	ck_assert_int_eq(rc, bad[_i].code);
	static const tt_step_policy zero;
	ck_assert_mem_eq(&p, &zero, sizeof p);
}
END_TEST

/* The same rules in YAML, pointing into the YAML. */
START_TEST(bad_config_yaml)
{
	tt_step_policy p;
	tt_diag d = {0};
	char msg[MSG_MAX];

	tt_code rc = parse_step("AdjustmentType: ChangeInCapacity\n"
	                        "StepAdjustments:\n"
	                        "  - MetricIntervalLowerBound: 0\n"
	                        "    MetricIntervalUpperBound: 10\n"
	                        "    ScalingAdjustment: 1\n"
	                        "  - MetricIntervalLowerBound: 5\n"
	                        "    ScalingAdjustment: 2\n",
	                        true, NULL, &p, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "p.yaml:6:31: error: 'StepAdjustments[1]' (5 to "
	                 "infinity) overlaps 'StepAdjustments[0]' (0 to 10)");
}
END_TEST

/* Valid shapes AWS's rules allow. */
START_TEST(good_shapes)
{
	static const char *const ok[] = {
	        /* one step, no bounds: always applies */
	        HEAD STEP(ADJ(1)) TAIL,
	        /* steps that start above the threshold: no open lower end */
	        HEAD STEP(LO(5) UP(10) ADJ(1)) NEXT STEP(LO(10) ADJ(2)) TAIL,
	        /* both sides in one policy, written out of order */
	        HEAD STEP(LO(0) ADJ(1)) NEXT STEP(UP(-10) ADJ(-2))
	                NEXT STEP(LO(-10) UP(0) ADJ(-1)) TAIL,
	        /* a step across the threshold */
	        HEAD STEP(LO(-5) UP(5) ADJ(0)) NEXT STEP(UP(-5) ADJ(-1))
	                NEXT STEP(LO(5) ADJ(1)) TAIL,
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		tt_step_policy p;
		must_parse(ok[i], false, &p);
		tt_step_policy_release(&p);
	}
}
END_TEST

/* ---- choosing the step (SPEC.md 12.3) ---- */

/* S1's steps both ways, with V on every boundary. */
START_TEST(choose_inclusivity)
{
	tt_step_policy out, in;
	load_data("s1-out.json", &out);
	load_data("s1-in.yaml", &in);
	static const struct {
		double diff;
		int out_adj; /* 99: no step */
		int in_adj;
	} rows[] = {
	        {25, 30, 99},      {20, 30, 99},      {19.99, 10, 99},
	        {10, 10, 99},      {9.99, 0, 99},     {0.01, 0, 99},
	        {-0.01, 99, 0},    {-9.99, 99, 0},    {-10, 99, -10},
	        {-10.01, 99, -10}, {-19.99, 99, -10}, {-20, 99, -30},
	        {-20.01, 99, -30}, {-1e9, 99, -30},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const tt_step_adjustment *so = tt_step_choose(
		        &out, rows[i].diff, TT_STEP_TIE_OPERATOR, true);
		const tt_step_adjustment *si = tt_step_choose(
		        &in, rows[i].diff, TT_STEP_TIE_OPERATOR, false);
		ck_assert_int_eq(so ? (int)so->adjustment : 99,
		                 rows[i].out_adj);
		ck_assert_int_eq(si ? (int)si->adjustment : 99, rows[i].in_adj);
	}
	ck_assert_ptr_null(tt_step_choose(&out, NAN, TT_STEP_TIE_ABOVE, true));
	tt_step_policy_release(&out);
	tt_step_policy_release(&in);
}
END_TEST

/* S11, and diff = 0 under each value of step_tie_side. */
START_TEST(tie_side)
{
	tt_step_policy p;
	must_parse(HEAD STEP(LO(0) UP(10) ADJ(1)) NEXT STEP(LO(10) ADJ(2)) TAIL,
	           false, &p);
	tt_scenario s = bounds(1, 100);
	tt_step_knobs k = knobs();
	/* S11: GreaterThanOrEqualToThreshold 50, V 50: diff 0 -> +1 */
	ck_assert_int_eq(invoke(&p, 50, true, 50, 10, &s, &k), 11);
	/* the alarm's side below: [0, 10) holds 0 only from above */
	ck_assert_ptr_null(tt_step_choose(&p, 0, TT_STEP_TIE_OPERATOR, false));
	ck_assert_ptr_null(tt_step_choose(&p, 0, TT_STEP_TIE_BELOW, true));
	ck_assert_ptr_eq(tt_step_choose(&p, 0, TT_STEP_TIE_ABOVE, false),
	                 &p.steps[0]);
	tt_step_policy_release(&p);

	/* a scale-in policy: (-10, 0] holds 0 from below */
	must_parse(HEAD STEP(LO(-10) UP(0) ADJ(-1)) NEXT STEP(UP(-10) ADJ(-2))
	                   TAIL,
	           false, &p);
	ck_assert_ptr_eq(tt_step_choose(&p, 0, TT_STEP_TIE_OPERATOR, false),
	                 &p.steps[0]);
	ck_assert_ptr_null(tt_step_choose(&p, 0, TT_STEP_TIE_OPERATOR, true));
	tt_step_policy_release(&p);
}
END_TEST

/* S5's step choice: threshold 70; [0,15) +1, [15,25) +2, [25,inf) +3. */
START_TEST(s5_choice)
{
	tt_step_policy p;
	must_parse(HEAD STEP(LO(0) UP(15) ADJ(1))
	                   NEXT STEP(LO(15) UP(25) ADJ(2))
	                           NEXT STEP(LO(25) ADJ(3)) TAIL,
	           false, &p);
	static const struct {
		double v;
		int adj;
	} rows[] = {{80, 1}, {90, 2}, {95, 3}, {85, 2}, {84.9, 1}, {1000, 3}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const tt_step_adjustment *st = tt_step_choose(
		        &p, rows[i].v - 70, TT_STEP_TIE_OPERATOR, true);
		ck_assert_ptr_nonnull(st);
		ck_assert_int_eq(st->adjustment, rows[i].adj);
	}
	/* below every step: no action, no record */
	ck_assert_ptr_null(tt_step_choose(&p, -1, TT_STEP_TIE_OPERATOR, true));
	tt_step_policy_release(&p);
}
END_TEST

/* ---- the new capacity (SPEC.md 12.4) ---- */

/* S1: V 60 -> 11; 70 -> 14 (3.3 -> 3); 40 -> 13 (-1.4 -> -1); 30 -> 10. */
START_TEST(s1)
{
	tt_step_policy out, in;
	tt_scenario s = bounds(1, 100);
	tt_step_knobs k = knobs();
	load_data("s1-out.json", &out);
	load_data("s1-in.yaml", &in);
	int c = 10;
	c = invoke(&out, 50, true, 60, c, &s, &k);
	ck_assert_int_eq(c, 11);
	c = invoke(&out, 50, true, 70, c, &s, &k);
	ck_assert_int_eq(c, 14);
	c = invoke(&in, 50, false, 40, c, &s, &k);
	ck_assert_int_eq(c, 13);
	c = invoke(&in, 50, false, 30, c, &s, &k);
	ck_assert_int_eq(c, 10);
	/* the 0 % steps ask for nothing */
	const tt_step_adjustment *st =
	        tt_step_choose(&out, 5, TT_STEP_TIE_OPERATOR, true);
	ck_assert_int_eq(tt_step_direction(&out, st->adjustment, 10),
	                 TT_DIR_NONE);
	tt_step_policy_release(&out);
	tt_step_policy_release(&in);
}
END_TEST

START_TEST(percent_rounding)
{
	static const struct {
		int64_t c, a, delta;
	} rows[] = {
	        {127, 10, 12}, /* 12.7 -> 12 */
	        {67, 1, 1},    /* 0.67 -> 1 */
	        {58, -1, -1},  /* -0.58 -> -1 */
	        {667, -1, -6}, /* -6.67 -> -6 */
	        {10, 10, 1},   /* exactly 1 */
	        {1, 99, 1},    /* 0.99 -> 1 */
	        {1, 100, 1},   /* exactly 1 */
	        {1, 199, 1},   /* 1.99 -> 1 */
	        {1, -100, -1}, /* exactly -1 */
	        {0, 50, 0},    /* nothing to take a share of */
	        {10, 0, 0},    {2147483647, 2147483647, 46116860141324206},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_int_eq(tt_step_percent_delta(rows[i].c, rows[i].a),
		                 rows[i].delta);
}
END_TEST

START_TEST(min_magnitude)
{
	ck_assert_int_eq(tt_step_min_magnitude(1, 2, true), 2);
	ck_assert_int_eq(tt_step_min_magnitude(2, 2, true), 2);
	ck_assert_int_eq(tt_step_min_magnitude(5, 2, true), 5);
	ck_assert_int_eq(tt_step_min_magnitude(-1, 2, true), -2);
	ck_assert_int_eq(tt_step_min_magnitude(-1, 2, false), -1);
	ck_assert_int_eq(tt_step_min_magnitude(-3, 2, true), -3);
	ck_assert_int_eq(tt_step_min_magnitude(0, 2, true), 0);
	ck_assert_int_eq(tt_step_min_magnitude(1, 0, true), 1);
}
END_TEST

/* S3: +25 %, MinAdjustmentMagnitude 2, C 4 -> 6. */
START_TEST(s3)
{
	tt_step_policy p;
	tt_scenario s = bounds(1, 100);
	tt_step_knobs k = knobs();
	must_parse("{\"AdjustmentType\": \"PercentChangeInCapacity\", "
	           "\"MinAdjustmentMagnitude\": 2, \"StepAdjustments\": "
	           "[{\"MetricIntervalLowerBound\": 0, "
	           "\"ScalingAdjustment\": 25}]}",
	           false, &p);
	tt_step_outcome o =
	        tt_step_new_capacity(&p, 25, 4, &k, tt_scenario_bounds(&s));
	ck_assert_int_eq(o.direction, TT_DIR_OUT);
	ck_assert_int_eq(o.raw, 6);
	ck_assert_int_eq(o.to, 6);
	tt_step_policy_release(&p);
}
END_TEST

/* S4: ExactCapacity 5 from C 3 -> 5, out; from 5 nothing; from 8 in. */
START_TEST(s4)
{
	tt_step_policy p;
	tt_scenario s = bounds(1, 100);
	tt_step_knobs k = knobs();
	must_parse(
	        "{\"AdjustmentType\": \"ExactCapacity\", \"StepAdjustments\": "
	        "[{\"MetricIntervalLowerBound\": 0, "
	        "\"ScalingAdjustment\": 5}]}",
	        false, &p);
	tt_step_outcome o =
	        tt_step_new_capacity(&p, 5, 3, &k, tt_scenario_bounds(&s));
	ck_assert_int_eq(o.direction, TT_DIR_OUT);
	ck_assert_int_eq(o.to, 5);
	ck_assert_int_eq(
	        tt_step_new_capacity(&p, 5, 5, &k, tt_scenario_bounds(&s))
	                .direction,
	        TT_DIR_NONE);
	o = tt_step_new_capacity(&p, 5, 8, &k, tt_scenario_bounds(&s));
	ck_assert_int_eq(o.direction, TT_DIR_IN);
	ck_assert_int_eq(o.to, 5);
	tt_step_policy_release(&p);
}
END_TEST

/* S9: -10 %, C 13, m 2: -1.3 -> -1 -> -2 (knob false: -1). */
START_TEST(s9)
{
	tt_step_policy p;
	tt_scenario s = bounds(1, 100);
	tt_step_knobs k = knobs();
	must_parse("{\"AdjustmentType\": \"PercentChangeInCapacity\", "
	           "\"MinAdjustmentMagnitude\": 2, \"StepAdjustments\": "
	           "[{\"MetricIntervalUpperBound\": 0, "
	           "\"ScalingAdjustment\": -10}]}",
	           false, &p);
	ck_assert(k.min_adjustment_on_scale_in);
	tt_step_outcome o =
	        tt_step_new_capacity(&p, -10, 13, &k, tt_scenario_bounds(&s));
	ck_assert_int_eq(o.direction, TT_DIR_IN);
	ck_assert_int_eq(o.to, 11);
	k.min_adjustment_on_scale_in = false;
	ck_assert_int_eq(
	        tt_step_new_capacity(&p, -10, 13, &k, tt_scenario_bounds(&s))
	                .to,
	        12);
	tt_step_policy_release(&p);
}
END_TEST

/* N clamped to [min, max]; the raw N is kept for the record. */
START_TEST(clamp)
{
	tt_step_policy p;
	tt_scenario s = bounds(2, 10);
	tt_step_knobs k = knobs();
	must_parse(HEAD STEP(ADJ(5)) TAIL, false, &p);
	tt_step_outcome o =
	        tt_step_new_capacity(&p, 5, 8, &k, tt_scenario_bounds(&s));
	ck_assert_int_eq(o.raw, 13);
	ck_assert_int_eq(o.to, 10);
	o = tt_step_new_capacity(&p, -50, 8, &k, tt_scenario_bounds(&s));
	ck_assert_int_eq(o.direction, TT_DIR_IN);
	ck_assert_int_eq(o.raw, -42);
	ck_assert_int_eq(o.to, 2);
	ck_assert_int_eq(
	        tt_step_new_capacity(&p, 0, 8, &k, tt_scenario_bounds(&s))
	                .direction,
	        TT_DIR_NONE);
	tt_step_policy_release(&p);
}
END_TEST

/* ---- the scale-out cooldown (SPEC.md 12.5) ---- */

/* S2: C 10, +2 -> 12 completed; in the cooldown +3 gives 13 (adds 1). */
START_TEST(s2_cooldown)
{
	tt_step_policy p;
	tt_scenario s = bounds(1, 100);
	tt_step_knobs k = knobs();
	int to = 0;
	must_parse(HEAD STEP(LO(0) UP(10) ADJ(2)) NEXT STEP(LO(10) ADJ(3)) TAIL,
	           false, &p);
	ck_assert(tt_step_cooldown_scale_out(&p, 3, 10, 12, &k,
	                                     tt_scenario_bounds(&s), &to));
	ck_assert_int_eq(to, 13);
	/* the same step again: 10 + 2 = 12 is not above 12 */
	ck_assert(!tt_step_cooldown_scale_out(&p, 2, 10, 12, &k,
	                                      tt_scenario_bounds(&s), &to));
	ck_assert_int_eq(to, 12);
	/* clamped first: at max nothing is left to add */
	tt_scenario low = bounds(1, 12);
	ck_assert(!tt_step_cooldown_scale_out(&p, 3, 10, 12, &k,
	                                      tt_scenario_bounds(&low), &to));
	tt_step_policy_release(&p);

	/* percent from C0: +50 % of 10 is 15 > 12 */
	must_parse("{\"AdjustmentType\": \"PercentChangeInCapacity\", "
	           "\"StepAdjustments\": [{\"ScalingAdjustment\": 50}]}",
	           false, &p);
	ck_assert(tt_step_cooldown_scale_out(&p, 50, 10, 12, &k,
	                                     tt_scenario_bounds(&s), &to));
	ck_assert_int_eq(to, 15);
	tt_step_policy_release(&p);

	/* ExactCapacity ignores C0: applied only if a > C */
	must_parse("{\"AdjustmentType\": \"ExactCapacity\", "
	           "\"StepAdjustments\": [{\"ScalingAdjustment\": 12}]}",
	           false, &p);
	ck_assert(!tt_step_cooldown_scale_out(&p, 12, 4, 12, &k,
	                                      tt_scenario_bounds(&s), &to));
	ck_assert(tt_step_cooldown_scale_out(&p, 14, 4, 12, &k,
	                                     tt_scenario_bounds(&s), &to));
	ck_assert_int_eq(to, 14);
	tt_step_policy_release(&p);
}
END_TEST

/* ---- V from a window (SPEC.md 12.3) ---- */

START_TEST(aggregation)
{
	const double v[] = {40, 99, 70, 55};
	const unsigned char present[] = {1, 0, 1, 1};
	double out;

	ck_assert(tt_step_metric_value(TT_STEP_AGG_AVERAGE,
	                               TT_STEP_WINDOW_ALARM, v, present, 4,
	                               &out));
	ck_assert_double_eq(out, 55);
	ck_assert(tt_step_metric_value(TT_STEP_AGG_MINIMUM,
	                               TT_STEP_WINDOW_ALARM, v, present, 4,
	                               &out));
	ck_assert_double_eq(out, 40);
	ck_assert(tt_step_metric_value(TT_STEP_AGG_MAXIMUM,
	                               TT_STEP_WINDOW_ALARM, v, present, 4,
	                               &out));
	ck_assert_double_eq(out, 70);
	/* all present when present is NULL */
	ck_assert(tt_step_metric_value(TT_STEP_AGG_MAXIMUM,
	                               TT_STEP_WINDOW_ALARM, v, NULL, 4, &out));
	ck_assert_double_eq(out, 99);
	/* `last`: the newest present bucket */
	ck_assert(tt_step_metric_value(TT_STEP_AGG_MINIMUM, TT_STEP_WINDOW_LAST,
	                               v, present, 4, &out));
	ck_assert_double_eq(out, 55);
	const unsigned char tail_missing[] = {1, 1, 0, 0};
	ck_assert(tt_step_metric_value(TT_STEP_AGG_AVERAGE, TT_STEP_WINDOW_LAST,
	                               v, tail_missing, 4, &out));
	ck_assert_double_eq(out, 99);
	/* none present: no action */
	const unsigned char none[] = {0, 0, 0, 0};
	ck_assert(!tt_step_metric_value(
	        TT_STEP_AGG_AVERAGE, TT_STEP_WINDOW_ALARM, v, none, 4, &out));
	ck_assert(!tt_step_metric_value(TT_STEP_AGG_AVERAGE,
	                                TT_STEP_WINDOW_LAST, v, none, 4, &out));
	ck_assert(!tt_step_metric_value(
	        TT_STEP_AGG_AVERAGE, TT_STEP_WINDOW_ALARM, v, NULL, 0, &out));
}
END_TEST

START_TEST(names)
{
	tt_step_knobs k = knobs();
	ck_assert_int_eq(k.tie_side, TT_STEP_TIE_OPERATOR);
	ck_assert_int_eq(k.window, TT_STEP_WINDOW_ALARM);
	ck_assert_str_eq(tt_adjustment_type_name(TT_ADJ_EXACT_CAPACITY),
	                 "ExactCapacity");
	ck_assert_str_eq(tt_step_aggregation_name(TT_STEP_AGG_MINIMUM),
	                 "Minimum");
	ck_assert_str_eq(tt_step_tie_side_name(TT_STEP_TIE_BELOW), "below");
	ck_assert_str_eq(tt_step_window_name(TT_STEP_WINDOW_LAST), "last");
	ck_assert_ptr_null(tt_step_tie_side_name((tt_step_tie_side)7));
}
END_TEST

static Suite *step_suite(void)
{
	Suite *s = suite_create("step");
	TCase *tc;

	tc = tcase_create("read");
	tcase_add_test(tc, all_fields);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, null_bounds);
	tcase_add_test(tc, request_forms);
	tcase_add_test(tc, min_magnitude_warning);
	tcase_add_test(tc, good_shapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad");
	tcase_add_loop_test(tc, bad_config, 0,
	                    (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, bad_config_yaml);
	suite_add_tcase(s, tc);

	tc = tcase_create("choose");
	tcase_add_test(tc, choose_inclusivity);
	tcase_add_test(tc, tie_side);
	tcase_add_test(tc, s5_choice);
	suite_add_tcase(s, tc);

	tc = tcase_create("capacity");
	tcase_add_test(tc, s1);
	tcase_add_test(tc, percent_rounding);
	tcase_add_test(tc, min_magnitude);
	tcase_add_test(tc, s3);
	tcase_add_test(tc, s4);
	tcase_add_test(tc, s9);
	tcase_add_test(tc, clamp);
	tcase_add_test(tc, s2_cooldown);
	suite_add_tcase(s, tc);

	tc = tcase_create("window");
	tcase_add_test(tc, aggregation);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(step_suite());
}
