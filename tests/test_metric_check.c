/*
 * test_metric_check.c - `metric-check`: probes, slopes, the steady-state
 * prediction and every verdict.
 *
 * Each verdict has a scenario a user could have written, in
 * tests/data/metric-check/ (a Sum statistic, a latency target, a CPU
 * model saturating under a 75 % target, targets too high and too low, a
 * latency curve with a knee), and the seed's custom-CPU policy is valid in
 * fluid mode with its declared model and in request mode with the
 * simulated CPU.  Every finding is asserted alone where the scenario
 * shows only one, so a new rule that fires by accident shows up here.
 * Load levels, given or derived, are held to the limit of a workload's
 * rate.
 *
 * Step scaling: a clean pair of step policies on one CPU alarm each, and
 * one scenario per step finding (the alarms overlap, the steps flip-flop,
 * target tracking and a step scale-in fight), CPU being 10 % per request
 * per second on an instance, so every number is checkable by hand.
 */
#include "ttsim/metric_check.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "ttsim/scenario.h"

#define BIT(f) (1u << (f))

static void load(const char *rel, tt_scenario *s)
{
	char path[1024], msg[1024];
	tt_diag d;
	tt_diag_clear(&d);
	tu_src_path(path, sizeof path, rel);
	tt_code rc = tt_scenario_load_file(path, s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
}

/* Check `rel` with default options (runs included unless `skip_runs`). */
static void check_file(const char *rel, bool skip_runs, tt_scenario *s,
                       tt_mc_result *r)
{
	char msg[1024];
	tt_diag d;
	tt_diag_clear(&d);
	load(rel, s);
	tt_mc_options o = {.skip_runs = skip_runs};
	tt_code rc = tt_metric_check(s, &o, r, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
}

static void assert_findings(const tt_mc_result *r, unsigned want)
{
	ck_assert_uint_eq(r->n_policies, 1);
	const tt_mc_policy *mp = &r->policies[0];
	ck_assert_msg(mp->findings == want, "findings 0x%x, want 0x%x",
	              mp->findings, want);
	ck_assert(r->valid == (want == 0));
	for (int f = 0; f < TT_MC_FINDING_COUNT; f++)
		ck_assert((mp->reason[f][0] != '\0') ==
		          ((mp->findings & BIT(f)) != 0));
}

/* Every level's run settled where the prediction says. */
static void assert_runs_agree(const tt_mc_result *r, int max_distance)
{
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_level *lv = &r->policies[0].levels[l];
		ck_assert(lv->has_run);
		ck_assert_msg(lv->run_distance <= max_distance,
		              "level %zu: predicted %d, run %d..%d", l,
		              lv->cycle[0], lv->run_lo, lv->run_hi);
	}
}

START_TEST(seed_fluid_valid)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("scenarios/seed-custom-cpu.yaml", false, &s, &r);
	assert_findings(&r, 0);
	const tt_mc_policy *mp = &r.policies[0];
	ck_assert(mp->has_slope);
	ck_assert(mp->slope >= TT_MC_SLOPE_VALID_LO &&
	          mp->slope <= TT_MC_SLOPE_VALID_HI);
	/* Peak 400/s; 25, 50 and 100 % of it. */
	ck_assert_uint_eq(r.n_levels, 3);
	ck_assert(fabs(r.peak_per_min - 24000) < 1e-6);
	ck_assert(fabs(mp->levels[0].rate_per_min - 6000) < 1e-6);
	/* 3 % idle + 2.1 % per request per second per instance, capped at
	 * 100: at 24000/min, capacity 20 gives 3 + 2.1 x 20 = 45. */
	const tt_mc_level *top = &mp->levels[2];
	for (size_t k = 0; k < r.n_capacities; k++) {
		const tt_mc_point *p = &top->points[k];
		double want = 3 + 2.1 * 400 / p->capacity;
		if (want > 100)
			want = 100;
		ck_assert(p->has_metric);
		ck_assert_msg(fabs(p->metric - want) < 1e-9,
		              "capacity %d: %g, want %g", p->capacity,
		              p->metric, want);
		ck_assert(p->capped == (want == 100));
	}
	ck_assert(mp->has_cap && mp->cap == 100);
	/* The map: 2 -> 4 -> 8 -> 16 -> 18, where 3 + 840/18 = 49.7. */
	ck_assert_uint_eq(top->cycle_len, 1);
	ck_assert_int_eq(top->cycle[0], 18);
	assert_runs_agree(&r, 0);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(seed_request_valid)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("scenarios/seed-custom-cpu-request.yaml", false, &s, &r);
	ck_assert(r.mode == TT_MODE_REQUEST);
	ck_assert_uint_eq(s.n_models, 0); /* the CPU is measured */
	assert_findings(&r, 0);
	const tt_mc_policy *mp = &r.policies[0];
	ck_assert(fabs(mp->slope + 1) < 0.05);
	/* Busy slots over all slots: 400/s x 100 ms over 4 slots is 1000 %
	 * of one instance, 50 % at 20 instances. */
	const tt_mc_level *top = &mp->levels[2];
	ck_assert_int_ge(top->cycle[0], 19);
	ck_assert_int_le(top->cycle[0], 21);
	/* Measured, so noisy near the thresholds: within one. */
	assert_runs_agree(&r, 1);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(sum_statistic_grows)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/sum-statistic.yaml", false, &s, &r);
	assert_findings(&r, BIT(TT_MC_GROWS));
	ck_assert(r.policies[0].slope > TT_MC_SLOPE_FLAT);
	ck_assert_ptr_nonnull(strstr(r.policies[0].reason[TT_MC_GROWS], "Sum"));
	/* Over target at the peak: it runs to max capacity. */
	ck_assert_int_eq(r.policies[0].levels[2].cycle[0], 20);
	assert_runs_agree(&r, 0);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(latency_flat)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/latency-flat.yaml", true, &s, &r);
	/* 120 ms against a 100 ms target: flat, and never under 90 ms. */
	assert_findings(&r, BIT(TT_MC_FLAT) | BIT(TT_MC_NEVER_IN));
	ck_assert(r.policies[0].has_slope);
	ck_assert(fabs(r.policies[0].slope) < 1e-9);
	ck_assert(!r.policies[0].has_cap);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(cpu_saturates)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/cpu-saturates.yaml", true, &s, &r);
	assert_findings(&r, BIT(TT_MC_SATURATES));
	ck_assert(r.policies[0].has_cap && r.policies[0].cap == 100);
	ck_assert_ptr_nonnull(
	        strstr(r.policies[0].reason[TT_MC_SATURATES], "1.33 x"));
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(target_too_high_never_scales_out)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/target-too-high.yaml", false, &s,
	           &r);
	assert_findings(&r, BIT(TT_MC_NEVER_OUT));
	for (size_t l = 0; l < r.n_levels; l++) {
		const tt_mc_level *lv = &r.policies[0].levels[l];
		ck_assert_int_eq(lv->cycle[0], 2); /* min capacity */
		ck_assert_int_eq(lv->run_hi, 2);
	}
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(target_too_low_never_scales_in)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/target-too-low.yaml", false, &s,
	           &r);
	const tt_mc_policy *mp = &r.policies[0];
	ck_assert(mp->findings & BIT(TT_MC_NEVER_IN));
	ck_assert(!(mp->findings & BIT(TT_MC_NEVER_OUT)));
	ck_assert(!(mp->findings & BIT(TT_MC_OSCILLATES)));
	ck_assert(!r.valid);
	/* Even the lowest load pins it at max capacity, as the run shows. */
	ck_assert_int_eq(mp->levels[0].cycle[0], 10);
	ck_assert_int_eq(mp->levels[0].run_lo, 10);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(latency_knee_oscillates)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/latency-oscillates.yaml", false, &s,
	           &r);
	const tt_mc_policy *mp = &r.policies[0];
	ck_assert(mp->findings & BIT(TT_MC_OSCILLATES));
	ck_assert(!r.valid);
	/* At 50/s: 5 instances are over the knee (400 ms), 20 far under,
	 * and the run keeps moving between them as predicted. */
	const tt_mc_level *top = &mp->levels[2];
	ck_assert_uint_ge(top->cycle_len, 2);
	ck_assert(top->has_run && top->run_lo < top->run_hi);
	ck_assert(top->agrees);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(explicit_loads)
{
	tt_scenario s;
	load("scenarios/seed-predefined.yaml", &s);
	const double rates[] = {1400, 700};
	tt_mc_options o = {
	        .rates_per_min = rates, .n_rates = 2, .skip_runs = true};
	tt_mc_result r;
	tt_diag d;
	ck_assert_int_eq(tt_metric_check(&s, &o, &r, &d), TT_OK);
	ck_assert_uint_eq(r.n_levels, 2);
	ck_assert(r.peak_per_min == 0);
	/* Sorted: the lowest load first.  InvocationsPerInstance at 70:
	 * 1400/min needs exactly 20 instances, 700 needs 10. */
	const tt_mc_policy *mp = &r.policies[0];
	ck_assert(mp->levels[0].rate_per_min == 700);
	ck_assert(fabs(mp->slope + 1) < 1e-9);
	ck_assert_int_eq(mp->levels[1].cycle[0], 20);
	ck_assert_uint_eq(r.run_us, 0);
	ck_assert(!mp->levels[0].has_run);
	tt_mc_result_release(&r);

	const double bad[] = {600, 0};
	o.rates_per_min = bad;
	ck_assert_int_eq(tt_metric_check(&s, &o, &r, &d), TT_EINVAL);
	ck_assert_str_eq(d.msg, "a load level must be > 0 per minute, got 0");
	ck_assert_ptr_null(r.policies);
	tt_scenario_release(&s);
}
END_TEST

/* A load level is a workload rate: at most 1e11 per minute, given or
 * derived from a trace's peak. */
START_TEST(loads_past_the_rate_limit)
{
	tt_scenario s;
	tt_mc_result r;
	tt_diag d;
	char msg[1024];
	load("scenarios/seed-predefined.yaml", &s);
	const double too_large[] = {600, 2e11};
	tt_mc_options o = {
	        .rates_per_min = too_large, .n_rates = 2, .skip_runs = true};
	ck_assert_int_eq(tt_metric_check(&s, &o, &r, &d), TT_ERANGE);
	ck_assert_str_eq(d.msg, "a load level is too large, got 2e+11/min (at "
	                        "most 1e11/min)");
	ck_assert_ptr_null(r.policies);
	tt_scenario_release(&s);

	/* One row of 1e15 in a minute: a valid trace, but no probe can
	 * hold its peak; explicit levels still work. */
	char dir[] = "/tmp/ttsim-mc-XXXXXX", trace[256], yaml[1024];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(trace, sizeof trace, "%s/counts.csv", dir);
	FILE *f = fopen(trace, "w");
	ck_assert_ptr_nonnull(f);
	fputs("time,count\n0,1000000000000000\n60,5\n", f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(yaml, sizeof yaml,
	         "capacity: {min: 1, max: 4}\n"
	         "policies:\n"
	         "  - TargetTrackingScalingPolicyConfiguration: {TargetValue: "
	         "70, PredefinedMetricSpecification: {PredefinedMetricType: "
	         "SageMakerVariantInvocationsPerInstance}}\n"
	         "workload: {trace: {file: %s, format: counts}}\n",
	         trace);
	tt_diag_clear(&d);
	ck_assert_int_eq(tt_scenario_load_text(yaml, strlen(yaml), "t.yaml",
	                                       NULL, &s, &d),
	                 TT_OK);
	o = (tt_mc_options){.skip_runs = true};
	ck_assert_int_eq(tt_metric_check(&s, &o, &r, &d), TT_ERANGE);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "t.yaml:4:26: error: the workload's peak, 1e+15/min, "
	                 "is past the largest load level (at most 1e11/min): "
	                 "give the levels with --load");
	const double given[] = {600};
	o = (tt_mc_options){
	        .rates_per_min = given, .n_rates = 1, .skip_runs = true};
	ck_assert_int_eq(tt_metric_check(&s, &o, &r, &d), TT_OK);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
	ck_assert_int_eq(remove(trace), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(capacities_probed)
{
	tt_scenario s;
	tt_mc_result r;
	/* 1 to 40: 12 log-spaced, both ends included, increasing. */
	check_file("scenarios/seed-custom-cpu.yaml", true, &s, &r);
	ck_assert_uint_eq(r.n_capacities, TT_MC_LOG_CAPACITIES);
	ck_assert_int_eq(r.capacities[0], 1);
	ck_assert_int_eq(r.capacities[r.n_capacities - 1], 40);
	for (size_t k = 1; k < r.n_capacities; k++)
		ck_assert_int_gt(r.capacities[k], r.capacities[k - 1]);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
	/* 2 to 10: every one. */
	check_file("tests/data/metric-check/target-too-high.yaml", true, &s,
	           &r);
	ck_assert_uint_eq(r.n_capacities, 9);
	for (size_t k = 0; k < r.n_capacities; k++)
		ck_assert_int_eq(r.capacities[k], 2 + (int)k);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(scenario_untouched_and_deterministic)
{
	tt_scenario s;
	load("scenarios/seed-custom-cpu.yaml", &s);
	tt_scenario before = s;
	tt_mc_result a, b;
	tt_diag d;
	ck_assert_int_eq(tt_metric_check(&s, NULL, &a, &d), TT_OK);
	ck_assert_int_eq(tt_metric_check(&s, NULL, &b, &d), TT_OK);
	ck_assert(memcmp(&before, &s, sizeof s) == 0);
	ck_assert(s.workload.kind == TT_WORKLOAD_SYNTHETIC &&
	          s.workload.shape.shape == TT_SHAPE_DIURNAL);
	ck_assert_uint_eq(a.n_capacities, b.n_capacities);
	for (size_t l = 0; l < a.n_levels; l++)
		for (size_t k = 0; k < a.n_capacities; k++)
			ck_assert(a.policies[0].levels[l].points[k].metric ==
			          b.policies[0].levels[l].points[k].metric);
	ck_assert(a.policies[0].slope == b.policies[0].slope);
	tt_mc_result_release(&a);
	tt_mc_result_release(&b);
	tt_mc_result_release(&b); /* released twice: harmless */
	tt_scenario_release(&s);
}
END_TEST

START_TEST(linear_service_time_refused)
{
	tt_scenario s;
	load("scenarios/azure-llm-request.yaml", &s);
	tt_mc_result r;
	tt_diag d;
	ck_assert_int_eq(tt_metric_check(&s, NULL, &r, &d), TT_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(d.msg, "--mode fluid"));
	tt_scenario_release(&s);
}
END_TEST

/* What a writer wrote, in a buffer the caller frees. */
static char *written(tt_code (*write)(FILE *, const tt_scenario *,
                                      const tt_mc_result *, tt_diag *),
                     const tt_scenario *s, const tt_mc_result *r)
{
	char *out = NULL;
	size_t n = 0;
	tt_diag d;
	tt_diag_clear(&d);
	FILE *f = open_memstream(&out, &n);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(write(f, s, r, &d), TT_OK);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_uint_eq(strlen(out), n); /* no NUL written */
	return out;
}

/*
 * The library writes both forms: names from the scenario escaped for a
 * terminal in the text and for JSON in the JSON, never raw; the
 * thresholds, the verdict and its reasons in both.
 */
START_TEST(writers_text_and_json)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/target-too-high.yaml", true, &s,
	           &r);
	/* Names a user could have written, with a terminal's escape and a
	 * quote; put back before the release, which frees the originals. */
	char *scenario_name = s.name, *policy_name = s.policies[0].name;
	char evil_scenario[] = "cpu\x1b]0;owned\a \"90\"";
	char evil_policy[] = "cpu\\90\nx";
	s.name = evil_scenario;
	s.policies[0].name = evil_policy;

	char *text = written(tt_mc_write_text, &s, &r);
	ck_assert_ptr_null(strchr(text, '\x1b'));
	ck_assert_ptr_null(strchr(text, '\a'));
	const char *first = "ttsim metric-check: 'cpu\\x1b]0;owned\\x07 "
	                    "\"90\"' in fluid mode\n";
	ck_assert_msg(strncmp(text, first, strlen(first)) == 0, "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "\npolicy 'cpu\\90\\nx': "
	                                   "CPUUtilization (Average), target "
	                                   "90, AlarmLow below 81\n"));
	ck_assert_ptr_nonnull(strstr(text, "no full runs\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n  verdict: invalid\n    - will "
	                                   "never scale out: at the highest "
	                                   "load"));

	char *json = written(tt_mc_write_json, &s, &r);
	first = "{\"scenario\": \"cpu\\u001b]0;owned\\u0007 \\\"90\\\"\", "
	        "\"mode\": \"fluid\", \"valid\": false,\n";
	ck_assert_msg(strncmp(json, first, strlen(first)) == 0, "%s", json);
	ck_assert_ptr_nonnull(strstr(json, "{\"name\": \"cpu\\\\90\\nx\", "
	                                   "\"metric\": \"CPUUtilization "
	                                   "(Average)\", \"target\": 90, "
	                                   "\"low_threshold\": 81,\n"));
	ck_assert_ptr_nonnull(
	        strstr(json, "{\"finding\": \"never_scales_out\", \"title\": "
	                     "\"will never scale out\", \"reason\": \"at the "
	                     "highest load"));
	ck_assert_ptr_nonnull(strstr(json, "\"run\": null"));
	ck_assert_ptr_null(strstr(json, "\"run\": {"));
	size_t n = strlen(json);
	ck_assert(n > 5 && strcmp(json + n - 5, "  ]}\n") == 0);

	free(text);
	free(json);
	s.name = scenario_name;
	s.policies[0].name = policy_name;
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

/* Only the step findings in `want`, each with its reason. */
static void assert_step_findings(const tt_mc_result *r, unsigned want)
{
	ck_assert_msg(r->step_findings == want, "step findings 0x%x, want 0x%x",
	              r->step_findings, want);
	for (int f = 0; f < TT_MC_FINDING_COUNT; f++)
		ck_assert((r->step_reason[f][0] != '\0') ==
		          ((r->step_findings & BIT(f)) != 0));
	if (want)
		ck_assert(!r->valid);
}

/* The point of alarm a at level l and capacity `cap` (which is probed). */
static const tt_mc_alarm_point *alarm_point(const tt_mc_result *r, size_t a,
                                            size_t l, int cap)
{
	for (size_t k = 0; k < r->n_capacities; k++)
		if (r->capacities[k] == cap)
			return &r->alarms[a].levels[l].points[k];
	ck_abort_msg("capacity %d not probed", cap);
	return NULL;
}

/*
 * One instance out above 70 %, one in below 30 %: each alarm's metric
 * is probed as its Statistic (60/C % at 6/s... 300/C at the peak), its
 * side and its step at every probe, and the pair settles.
 */
START_TEST(step_pair_clean)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/step-clean.yaml", true, &s, &r);
	ck_assert_uint_eq(r.n_policies, 0); /* step scaling alone */
	ck_assert_uint_eq(r.n_alarms, 2);
	assert_step_findings(&r, 0);
	ck_assert(r.valid);
	ck_assert(r.alarms[0].direction == TT_DIR_OUT);
	ck_assert(r.alarms[1].direction == TT_DIR_IN);
	/* At 1800/min (30/s), 4 instances: 300 / 4 = 75 % > 70, one more. */
	const tt_mc_alarm_point *pt = alarm_point(&r, 0, 2, 4);
	ck_assert(pt->has_metric && fabs(pt->metric - 75) < 1e-9);
	ck_assert(pt->in_alarm);
	ck_assert(pt->moves[0].has_step && pt->moves[0].step == 0);
	ck_assert_int_eq(pt->moves[0].adjustment, 1);
	ck_assert(pt->moves[0].direction == TT_DIR_OUT);
	ck_assert_int_eq(pt->moves[0].to, 5);
	/* 10 instances: 30 %, not below 30: no step, no moves. */
	pt = alarm_point(&r, 1, 2, 10);
	ck_assert(fabs(pt->metric - 30) < 1e-9 && !pt->in_alarm);
	ck_assert_ptr_null(pt->moves);
	/* At 450/min, 4 instances: 18.75 % < 30, one fewer. */
	pt = alarm_point(&r, 1, 0, 4);
	ck_assert(pt->in_alarm && pt->moves[0].to == 3);
	/* The steps alone: 2, 3 and 5 instances, no cycle from anywhere. */
	const int steady[] = {2, 3, 5};
	for (size_t l = 0; l < r.n_levels; l++) {
		ck_assert_uint_eq(r.step_levels[l].cycle_len, 1);
		ck_assert_int_eq(r.step_levels[l].cycle[0], steady[l]);
		ck_assert_uint_eq(r.step_levels[l].flip_len, 0);
	}
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(step_alarms_overlap)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/step-overlap.yaml", true, &s, &r);
	assert_step_findings(&r, BIT(TT_MC_ALARMS_OVERLAP));
	const char *why = r.step_reason[TT_MC_ALARMS_OVERLAP];
	ck_assert_msg(strstr(why,
	                     "both can be in ALARM at once: the scale-in "
	                     "alarm 'cpu-low' (CPUUtilization < 80) has "
	                     "its threshold at or above the scale-out "
	                     "alarm 'cpu-high' (CPUUtilization > 70)") == why,
	              "%s", why);
	/* At 900/min, 2 instances: 75 % breaches both; the scale-out wins
	 * (the larger capacity), and the pair settles on 3 at 50 %. */
	const tt_mc_alarm_point *hi = alarm_point(&r, 0, 1, 2);
	const tt_mc_alarm_point *lo = alarm_point(&r, 1, 1, 2);
	ck_assert(hi->in_alarm && lo->in_alarm);
	ck_assert(lo->moves[0].has_step &&
	          lo->moves[0].direction == TT_DIR_NONE);
	ck_assert_int_eq(r.step_levels[1].cycle[0], 3);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(step_flip_flop)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/step-flip-flop.yaml", true, &s, &r);
	assert_step_findings(&r, BIT(TT_MC_FLIP_FLOP));
	/* At 450/min: 1 instance at 75 % steps out by 4 to 5, at 15 %
	 * under 40 it steps back to 1. */
	const tt_mc_step_level *sl = &r.step_levels[0];
	ck_assert_uint_eq(sl->flip_len, 2);
	ck_assert_int_eq(sl->flip[0], 1);
	ck_assert_int_eq(sl->flip[1], 5);
	ck_assert_uint_eq(sl->flip_alarm[0], 0); /* cpu-high */
	ck_assert_uint_eq(sl->flip_alarm[1], 1); /* cpu-low */
	ck_assert_str_eq(r.step_reason[TT_MC_FLIP_FLOP],
	                 "at 450/min the step policies flip between "
	                 "capacities (1 -> 5 -> 1): at 1 alarm 'cpu-high' "
	                 "(CPUUtilization 75 > 70) asks for 5, at 5 alarm "
	                 "'cpu-low' (CPUUtilization 15 < 40) asks for 1");
	/* At the peak the start (2) steps to 6 and settles at 50 %, but
	 * from 4 (75 %) the steps cycle 4 -> 8 (37.5 %) -> 4. */
	sl = &r.step_levels[2];
	ck_assert_uint_eq(sl->cycle_len, 1);
	ck_assert_int_eq(sl->cycle[0], 6);
	ck_assert_uint_eq(sl->flip_len, 2);
	ck_assert_int_eq(sl->flip[0], 4);
	ck_assert_int_eq(sl->flip[1], 8);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(tt_and_step_fight)
{
	tt_scenario s;
	tt_mc_result r;
	/* With the full runs: they run target tracking alone. */
	check_file("tests/data/metric-check/step-fight.yaml", false, &s, &r);
	/* The target-tracking policy alone is valid. */
	ck_assert_uint_eq(r.n_policies, 1);
	ck_assert_uint_eq(r.policies[0].findings, 0);
	assert_runs_agree(&r, 0);
	ck_assert_int_eq(r.policies[0].levels[2].cycle[0], 6);
	assert_step_findings(&r, BIT(TT_MC_FIGHT));
	ck_assert_str_eq(r.step_reason[TT_MC_FIGHT],
	                 "at 450/min target tracking policy 'cpu50' holds "
	                 "capacity 2, where alarm 'cpu-low' (CPUUtilization "
	                 "37.5 < 55) steps to 1; there its metric is 75 "
	                 "against the target 50 and it scales back to 2");
	/* At the peak too: 6 at 50 % < 55 steps to 5. */
	const tt_mc_alarm_point *pt = alarm_point(&r, 0, 2, 6);
	ck_assert(pt->in_alarm && pt->moves[0].to == 5);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

/* The step part of the JSON: after the policies, the verdict, the maps
 * and per alarm its points; the text gains the alarms' tables. */
START_TEST(writers_steps)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("tests/data/metric-check/step-flip-flop.yaml", true, &s, &r);
	char *json = written(tt_mc_write_json, &s, &r);
	ck_assert_ptr_nonnull(strstr(json, "\"policies\": [\n  ],\n  "
	                                   "\"steps_valid\": false, "
	                                   "\"step_findings\": [\n    "
	                                   "{\"finding\": \"step_flip_flop\", "
	                                   "\"title\": \"step flip-flop "
	                                   "predicted\", \"reason\": \"at "
	                                   "450/min"));
	ck_assert_ptr_nonnull(strstr(
	        json, "\"step_levels\": [\n    {\"rate_per_min\": 450, "
	              "\"steady_state\": [1, 5], \"flip_flop\": [1, 5]},"));
	ck_assert_ptr_nonnull(
	        strstr(json, "{\"rate_per_min\": 1800, \"steady_state\": [6], "
	                     "\"flip_flop\": [4, 8]}],\n  \"alarms\": [\n"));
	ck_assert_ptr_nonnull(strstr(
	        json, "    {\"name\": \"cpu-high\", \"metric\": "
	              "\"CPUUtilization\", \"statistic\": \"Average\", "
	              "\"operator\": \"GreaterThanThreshold\", \"threshold\": "
	              "70, \"direction\": \"out\",\n      \"policies\": "
	              "[\"cpu-out\"],"));
	ck_assert_ptr_nonnull(strstr(
	        json, "\"points\": [{\"capacity\": 1, \"metric\": 75, "
	              "\"in_alarm\": true, \"steps\": [{\"policy\": "
	              "\"cpu-out\", \"step\": 0, \"adjustment\": 4, "
	              "\"direction\": \"out\", \"to\": 5}]}, {\"capacity\": 2, "
	              "\"metric\": 37.5, \"in_alarm\": false, \"steps\": []}"));
	size_t n = strlen(json);
	ck_assert(n > 5 && strcmp(json + n - 5, "  ]}\n") == 0);

	char *text = written(tt_mc_write_text, &s, &r);
	ck_assert_ptr_nonnull(strstr(
	        text, "\nalarm 'cpu-low': CPUUtilization (Average) "
	              "LessThanThreshold 40, invokes 'cpu-in' (scale-in)\n"));
	ck_assert_ptr_nonnull(strstr(
	        text, "  1800        6                               4 -> 8 "
	              "(cycle)\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n  verdict: invalid\n    - step "
	                                   "flip-flop predicted: at 450/min"));
	free(json);
	free(text);
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(tt_mc_finding_name(TT_MC_NEVER_IN), "never_scales_in");
	ck_assert_str_eq(tt_mc_finding_title(TT_MC_OSCILLATES),
	                 "oscillation predicted");
	ck_assert_str_eq(tt_mc_alarm_name(TT_MC_ALARM_HIGH), "high");
	ck_assert_str_eq(tt_mc_finding_name(TT_MC_FINDING_COUNT), "?");
	ck_assert_str_eq(tt_mc_finding_name(TT_MC_ALARMS_OVERLAP),
	                 "alarms_overlap");
	ck_assert_str_eq(tt_mc_finding_name(TT_MC_FIGHT), "tt_step_fight");
	ck_assert_str_eq(tt_mc_finding_title(TT_MC_FLIP_FLOP),
	                 "step flip-flop predicted");
}
END_TEST

/*
 * An inference component that scales to zero (scenarios/ic-scale-to-zero.yaml):
 * capacity 0 is probed too, for there the failed requests are the wake-up
 * alarm's metric; target tracking alone stays at 0 from 0 (it cannot leave
 * zero), the wake-up step goes 0 -> 1 at every load and rests there.
 */
START_TEST(inference_component_probes_zero)
{
	tt_scenario s;
	tt_mc_result r;
	check_file("scenarios/ic-scale-to-zero.yaml", false, &s, &r);
	ck_assert_int_eq(r.capacities[0], 0);
	ck_assert_uint_eq(r.n_alarms, 1);
	for (size_t l = 0; l < r.n_levels; l++) {
		const tt_mc_alarm_point *at0 = &r.alarms[0].levels[l].points[0];
		ck_assert_int_eq(at0->capacity, 0);
		ck_assert(at0->has_metric && at0->in_alarm);
		ck_assert(at0->metric == r.alarms[0].levels[l].rate_per_min);
		ck_assert_int_eq(at0->moves[0].to, 1);
		ck_assert(!r.alarms[0].levels[l].points[1].in_alarm);
		ck_assert_int_eq(r.policies[0].levels[l].cycle[0], 0);
		ck_assert_uint_eq(r.step_levels[l].cycle_len, 1);
		ck_assert_int_eq(r.step_levels[l].cycle[0], 1);
	}
	tt_mc_result_release(&r);
	tt_scenario_release(&s);
}
END_TEST

static Suite *metric_check_suite(void)
{
	Suite *s = suite_create("metric_check");
	const tu_case cases[] = {
	        {"seed_fluid_valid", seed_fluid_valid},
	        {"seed_request_valid", seed_request_valid},
	        {"sum_statistic_grows", sum_statistic_grows},
	        {"latency_flat", latency_flat},
	        {"cpu_saturates", cpu_saturates},
	        {"target_too_high_never_scales_out",
	         target_too_high_never_scales_out},
	        {"target_too_low_never_scales_in",
	         target_too_low_never_scales_in},
	        {"latency_knee_oscillates", latency_knee_oscillates},
	        {"explicit_loads", explicit_loads},
	        {"loads_past_the_rate_limit", loads_past_the_rate_limit},
	        {"capacities_probed", capacities_probed},
	        {"inference_component_probes_zero",
	         inference_component_probes_zero},
	        {"scenario_untouched_and_deterministic",
	         scenario_untouched_and_deterministic},
	        {"linear_service_time_refused", linear_service_time_refused},
	        {"writers_text_and_json", writers_text_and_json},
	        {"step_pair_clean", step_pair_clean},
	        {"step_alarms_overlap", step_alarms_overlap},
	        {"step_flip_flop", step_flip_flop},
	        {"tt_and_step_fight", tt_and_step_fight},
	        {"writers_steps", writers_steps},
	        {"names", names},
	};
	TU_ADD_CASES(s, cases);
	return s;
}

int main(void)
{
	return tu_run_suite(metric_check_suite());
}
