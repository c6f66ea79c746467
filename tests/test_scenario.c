/*
 * test_scenario.c - the scenario loader: what a YAML file turns into, the
 * defaults it fills in, and the exact message and place of every error.
 *
 * Most cases load inline YAML with tt_scenario_load_text under the name
 * "t.yaml"; the file cases use tests/data/scenario/, whose policy files sit
 * in a subdirectory to pin path resolution against the scenario's own
 * directory.
 */
#include "ttsim/scenario.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "step.h"
#include "testutil.h"

/* A minimal valid scenario, one piece per line (lines 1, 2-3, 4, 5). */
#define CAP "capacity: {min: 1, max: 4}\n"
#define POL                                                                    \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 70, "     \
	"PredefinedMetricSpecification: {PredefinedMetricType: "               \
	"SageMakerVariantInvocationsPerInstance}}\n"
#define WL "workload: {synthetic: {shape: constant, rate: 100}}\n"
#define SIM "simulation: {duration: 1h}\n"
/* WL as a block (lines 4-5), for a transform list after it */
#define WLB "workload:\n  synthetic: {shape: constant, rate: 100}\n"

static tt_code load(const char *yaml, tt_scenario *s, tt_diag *d)
{
	tt_diag_clear(d);
	return tt_scenario_load_text(yaml, strlen(yaml), "t.yaml", NULL, s, d);
}

/* Load text that must be valid; fail with the diag otherwise. */
static void load_ok(const char *yaml, tt_scenario *s)
{
	tt_diag d;
	char buf[700];
	tt_code rc = load(yaml, s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

static void assert_zeroed(const tt_scenario *s)
{
	tt_scenario zero;
	memset(&zero, 0, sizeof zero);
	ck_assert(!memcmp(s, &zero, sizeof zero));
}

/* ---- a scenario with every key ---- */

static const char full_yaml[] =
        "name: full\n"
        "resource: inference-component/ic-1\n"
        "capacity:\n"
        "  min: 2\n"
        "  max: 20\n"
        "  initial: 3\n"
        "  suspended: {DynamicScalingInSuspended: true, "
        "DynamicScalingOutSuspended: false, ScheduledScalingSuspended: true}\n"
        "policies:\n"
        "  - name: inv\n"
        "    TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: 700\n"
        "      PredefinedMetricSpecification: {PredefinedMetricType: "
        "SageMakerInferenceComponentInvocationsPerCopy}\n"
        "      ScaleOutCooldown: 60\n"
        "  - TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: 50\n"
        "      CustomizedMetricSpecification:\n"
        "        MetricName: CPUUtilization\n"
        "        Namespace: /aws/sagemaker/Endpoints\n"
        "        Dimensions: [{Name: EndpointName, Value: e}]\n"
        "        Statistic: Average\n"
        "      DisableScaleIn: true\n"
        "  - name: conc\n"
        "    TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: 4\n"
        "      PredefinedMetricSpecification: {PredefinedMetricType: "
        "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution}\n"
        "instance:\n"
        "  provisioning: {dist: uniform, min: 4m, max: 7m}\n"
        "  deprovisioning: 90\n"
        "  price_per_hour: 1.21\n"
        "  service_time: 250ms\n"
        "metrics:\n"
        "  CPUUtilization: {model: linear, idle: 3, per_rps: 2.1, max: 95}\n"
        "  Unused: {model: linear, per_rps: 1}\n"
        "workload:\n"
        "  synthetic: {shape: diurnal, base: 200, peak: 30/s, period: 12h, "
        "peak_at: 6h, noise: poisson}\n"
        "simulation: {duration: 2d, seed: 42, mode: fluid, period: 10s}\n"
        "aws:\n"
        "  zero_traffic: missing\n"
        "  metric_delay: 2m\n"
        "  metric_delay_hr: 20s\n"
        "  alarm_high: {datapoints: 2, periods: 4}\n"
        "  alarm_low: {datapoints: 10, periods: 12, ratio: 0.8}\n"
        "  alarm_high_hr: {datapoints: 5, periods: 6}\n"
        "  alarm_low_hr: {datapoints: 60, periods: 60}\n"
        "  scale_out_cooldown: block\n"
        "  scale_in_during_scale_out_cooldown: false\n"
        "  block_while_updating: false\n";

START_TEST(test_full)
{
	tt_scenario s;
	load_ok(full_yaml, &s);

	ck_assert_str_eq(s.name, "full");
	ck_assert_str_eq(s.resource, "inference-component/ic-1");
	ck_assert_int_eq(s.min_capacity, 2);
	ck_assert_int_eq(s.max_capacity, 20);
	ck_assert_int_eq(s.initial_capacity, 3);
	ck_assert(s.scale_in_suspended);
	ck_assert(!s.scale_out_suspended);

	ck_assert_uint_eq(s.n_policies, 3);
	const tt_policy *p = s.policies;
	ck_assert_str_eq(p[0].name, "inv");
	ck_assert_int_eq(p[0].metric.kind, TT_METRIC_PREDEFINED);
	ck_assert_int_eq(
	        p[0].metric.predefined,
	        TT_PM_SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY);
	ck_assert(p[0].target_value == 700);
	ck_assert_int_eq(p[0].scale_out_cooldown_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(p[0].scale_in_cooldown_us, 300 * TT_US_PER_S);
	ck_assert_str_eq(p[0].loc.file, "t.yaml");
	ck_assert_int_eq(p[0].loc.line, 11);
	ck_assert_str_eq(p[1].name, "policy2");
	ck_assert_int_eq(p[1].metric.kind, TT_METRIC_CUSTOM);
	ck_assert_str_eq(p[1].metric.metric_name, "CPUUtilization");
	ck_assert(p[1].disable_scale_in);
	ck_assert_int_eq(p[1].scale_out_cooldown_us, 300 * TT_US_PER_S);
	ck_assert_str_eq(p[2].name, "conc");

	ck_assert_int_eq(s.provisioning.kind, TT_DRAWN_UNIFORM);
	ck_assert_int_eq(s.provisioning.min_us, 4 * TT_US_PER_MIN);
	ck_assert_int_eq(s.provisioning.max_us, 7 * TT_US_PER_MIN);
	ck_assert_int_eq(s.deprovisioning.kind, TT_DRAWN_FIXED);
	ck_assert_int_eq(s.deprovisioning.value_us, 90 * TT_US_PER_S);
	ck_assert(s.price_per_hour == 1.21);
	ck_assert(s.has_service);
	ck_assert_int_eq(s.service.kind, TT_DRAWN_FIXED);
	ck_assert_int_eq(s.service.value_us, 250000);

	ck_assert_uint_eq(s.n_models, 2);
	const tt_metric_model *m = tt_scenario_model(&s, "CPUUtilization");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->kind, TT_MODEL_LINEAR);
	ck_assert(m->idle == 3 && m->per_rps == 2.1 && m->max == 95);
	ck_assert_int_eq(m->loc.line, 32);
	ck_assert_int_eq(m->loc.col, 3);
	m = tt_scenario_model(&s, "Unused");
	ck_assert(m->idle == 0 && m->per_rps == 1 && m->max == 100);
	ck_assert_ptr_null(tt_scenario_model(&s, "Nope"));

	ck_assert_int_eq(s.workload.kind, TT_WORKLOAD_SYNTHETIC);
	ck_assert_int_eq(s.workload.loc.line, 35);
	const tt_shape_spec *w = &s.workload.shape;
	ck_assert_int_eq(w->shape, TT_SHAPE_DIURNAL);
	ck_assert(w->base_per_min == 200 && w->peak_per_min == 1800);
	ck_assert_int_eq(w->period_us, 12 * 60 * TT_US_PER_MIN);
	ck_assert_int_eq(w->peak_at_us, 6 * 60 * TT_US_PER_MIN);
	ck_assert(s.workload.poisson);

	ck_assert_int_eq(s.duration_us, 2 * 24 * 60 * TT_US_PER_MIN);
	ck_assert_uint_eq(s.seed, 42);
	ck_assert_int_eq(s.mode, TT_MODE_FLUID);
	ck_assert_int_eq(s.period_us, 10 * TT_US_PER_S);

	const tt_aws_knobs *k = &s.aws;
	ck_assert_int_eq(k->zero_traffic, TT_ZERO_TRAFFIC_MISSING);
	ck_assert_int_eq(k->metric_delay_us, 120 * TT_US_PER_S);
	ck_assert_int_eq(k->metric_delay_hr_us, 20 * TT_US_PER_S);
	ck_assert_int_eq(k->alarm_high.datapoints, 2);
	ck_assert_int_eq(k->alarm_high.periods, 4);
	ck_assert_int_eq(k->alarm_low.datapoints, 10);
	ck_assert_int_eq(k->alarm_low.periods, 12);
	ck_assert(k->low_ratio == 0.8);
	ck_assert_int_eq(k->alarm_high_hr.datapoints, 5);
	ck_assert_int_eq(k->alarm_high_hr.periods, 6);
	ck_assert_int_eq(k->alarm_low_hr.datapoints, 60);
	ck_assert_int_eq(k->alarm_low_hr.periods, 60);
	ck_assert_int_eq(k->scale_out_cooldown, TT_OUT_COOLDOWN_BLOCK);
	ck_assert(!k->scale_in_during_scale_out_cooldown);
	ck_assert(!k->block_while_updating);

	/* The standard metric gets the standard alarms and delay, the
	 * high-resolution one the _hr variants. */
	ck_assert_int_eq(tt_scenario_alarm_high(&s, &p[0]).periods, 4);
	ck_assert_int_eq(tt_scenario_alarm_low(&s, &p[0]).periods, 12);
	ck_assert_int_eq(tt_scenario_metric_delay(&s, &p[0]),
	                 120 * TT_US_PER_S);
	ck_assert_int_eq(tt_scenario_alarm_high(&s, &p[1]).periods, 4);
	ck_assert_int_eq(tt_scenario_alarm_high(&s, &p[2]).periods, 6);
	ck_assert_int_eq(tt_scenario_alarm_low(&s, &p[2]).periods, 60);
	ck_assert_int_eq(tt_scenario_metric_delay(&s, &p[2]), 20 * TT_US_PER_S);

	ck_assert_int_eq(s.locs.min.line, 4);
	ck_assert_int_eq(s.locs.min.col, 8);
	ck_assert_int_eq(s.locs.seed.line, 36);
	ck_assert_int_eq(s.locs.mode.line, 36);
	ck_assert_uint_eq(s.n_files, 1);
	ck_assert_str_eq(s.files[0], "t.yaml");

	tt_scenario_set_seed(&s, 7);
	ck_assert_uint_eq(s.seed, 7);
	tt_scenario_release(&s);
	assert_zeroed(&s);
}
END_TEST

/* ---- defaults ---- */

START_TEST(test_defaults)
{
	tt_scenario s;
	load_ok(CAP POL WL SIM, &s);

	ck_assert_str_eq(s.name, "t.yaml");
	ck_assert_str_eq(s.resource, "endpoint/my-endpoint/variant/my-variant");
	ck_assert_int_eq(s.initial_capacity, 1);
	ck_assert(!s.scale_in_suspended && !s.scale_out_suspended);
	ck_assert_str_eq(s.policies[0].name, "policy1");
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us,
	                 300 * TT_US_PER_S);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, 300 * TT_US_PER_S);
	ck_assert_int_eq(s.provisioning.kind, TT_DRAWN_FIXED);
	ck_assert_int_eq(s.provisioning.value_us, 5 * TT_US_PER_MIN);
	ck_assert_int_eq(s.deprovisioning.kind, TT_DRAWN_FIXED);
	ck_assert_int_eq(s.deprovisioning.value_us, 60 * TT_US_PER_S);
	ck_assert(s.price_per_hour == 0);
	ck_assert(!s.has_service);
	ck_assert_int_eq(s.concurrency, 1);
	ck_assert_int_eq(s.max_queue, 1000);
	ck_assert_int_eq(s.vcpus, 1);
	ck_assert_int_eq(s.routing, TT_ROUTING_RANDOM);
	ck_assert_int_eq(s.slo_latency_us, 0);
	ck_assert_uint_eq(s.n_models, 0);
	ck_assert(!s.workload.poisson);
	ck_assert_uint_eq(s.seed, 1);
	ck_assert_int_eq(s.mode, TT_MODE_FLUID);
	ck_assert_int_eq(s.period_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(s.locs.initial.line, 0);
	ck_assert_ptr_null(s.locs.initial.file);

	tt_aws_knobs k;
	memset(&k, 0, sizeof k); /* padding too, for memcmp */
	tt_aws_knobs_default(&k);
	ck_assert(!memcmp(&k, &s.aws, sizeof k));
	ck_assert_int_eq(k.alarm_high.datapoints, 3);
	ck_assert_int_eq(k.alarm_high.periods, 3);
	ck_assert_int_eq(k.alarm_low.datapoints, 15);
	ck_assert_int_eq(k.alarm_low.periods, 15);
	ck_assert_int_eq(k.alarm_high_hr.periods, 3);
	ck_assert_int_eq(k.alarm_low_hr.datapoints, 90);
	ck_assert_int_eq(k.alarm_low_hr.periods, 90);
	ck_assert(k.low_ratio == 0.9);
	ck_assert_int_eq(k.metric_delay_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(k.metric_delay_hr_us, 10 * TT_US_PER_S);
	ck_assert_int_eq(k.zero_traffic, TT_ZERO_TRAFFIC_ZERO);
	ck_assert_int_eq(k.scale_out_cooldown, TT_OUT_COOLDOWN_RELATIVE);
	ck_assert(k.scale_in_during_scale_out_cooldown);
	ck_assert(k.block_while_updating);
	/* step scaling, SPEC.md 16 */
	ck_assert_int_eq(k.alarm_action_repeat_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(k.step_aggregation_window, TT_STEP_WINDOW_ALARM);
	ck_assert_int_eq(k.step_tie_side, TT_STEP_TIE_OPERATOR);
	ck_assert(k.min_adjustment_on_scale_in);
	ck_assert_int_eq(k.step_cooldown_scope, TT_STEP_COOLDOWN_POLICY);
	/* inference components, SPEC.md 13.1 */
	ck_assert_int_eq(k.variant_min_zero, TT_VARIANT_MIN_ZERO_WARN);
	ck_assert(!s.ic.on);
	ck_assert_uint_eq(s.n_step_policies, 0);
	ck_assert_uint_eq(s.n_alarms, 0);
	tt_scenario_release(&s);

	/* A high-resolution policy makes the step 10 s; diurnal defaults. */
	load_ok(CAP
	        "policies:\n"
	        "  - TargetTrackingScalingPolicyConfiguration: {TargetValue: "
	        "4, PredefinedMetricSpecification: {PredefinedMetricType: "
	        "SageMakerVariantConcurrentRequestsPerModelHighResolution}}\n"
	        "  - TargetTrackingScalingPolicyConfiguration: {TargetValue: "
	        "70, PredefinedMetricSpecification: {PredefinedMetricType: "
	        "SageMakerVariantInvocationsPerInstance}}\n"
	        "instance: {service_time: 1s}\n"
	        "workload: {synthetic: {shape: diurnal, base: 1, peak: "
	        "2}}\n" SIM,
	        &s);
	ck_assert_int_eq(s.period_us, 10 * TT_US_PER_S);
	ck_assert_int_eq(s.workload.shape.period_us,
	                 24 * 60 * TT_US_PER_MIN);
	ck_assert_int_eq(s.workload.shape.peak_at_us,
	                 12 * 60 * TT_US_PER_MIN);
	ck_assert_int_eq(tt_scenario_alarm_low(&s, &s.policies[0]).periods, 90);
	ck_assert_int_eq(tt_scenario_alarm_low(&s, &s.policies[1]).periods, 15);
	ck_assert_int_eq(tt_scenario_metric_delay(&s, &s.policies[0]),
	                 10 * TT_US_PER_S);
	tt_scenario_release(&s);

	/* Text loads without a name; release accepts NULL and zeroed. */
	const char *y = CAP POL WL SIM;
	ck_assert_int_eq(
	        tt_scenario_load_text(y, strlen(y), NULL, NULL, &s, NULL),
	        TT_OK);
	ck_assert_str_eq(s.name, "<text>");
	tt_scenario_release(&s);
	tt_scenario_release(&s);
	tt_scenario_release(NULL);
}
END_TEST

/* ---- rates ---- */

static const struct {
	const char *text;
	double per_min;
} rate_cases[] = {
        {"120", 120},     {"0", 0},       {"2.5", 2.5},     {"1e3", 1000},
        {"2/s", 120},     {"0.5/s", 30},  {"90/min", 90},   {"120/h", 2},
        {"\"2/s\"", 120}, {"'3/min'", 3}, {"1.5e1/s", 900}, {"0/h", 0},
};

START_TEST(test_rates)
{
	const char *text = rate_cases[_i].text;
	char yaml[400];
	snprintf(yaml, sizeof yaml,
	         CAP POL
	         "workload: {synthetic: {shape: constant, rate: %s}}\n" SIM,
	         text);
	tt_scenario s;
	load_ok(yaml, &s);
	ck_assert_msg(fabs(s.workload.shape.rate_per_min -
	                   rate_cases[_i].per_min) < 1e-9,
	              "%s gave %g", text, s.workload.shape.rate_per_min);
	tt_scenario_release(&s);
}
END_TEST

/* Every shape and every place a rate is written. */
START_TEST(test_shapes)
{
	tt_scenario s;
	load_ok(CAP POL "workload:\n"
	                "  synthetic:\n"
	                "    shape: step\n"
	                "    rate: 1/s\n"
	                "    steps: [{at: 10m, rate: 120/h}, {at: 1h, rate: "
	                "300}]\n" SIM,
	        &s);
	const tt_shape_spec *w = &s.workload.shape;
	ck_assert_int_eq(w->shape, TT_SHAPE_STEP);
	ck_assert(w->rate_per_min == 60);
	ck_assert_uint_eq(w->n_steps, 2);
	ck_assert_int_eq(w->steps[0].at_us, 10 * TT_US_PER_MIN);
	ck_assert(w->steps[0].rate_per_min == 2);
	ck_assert_int_eq(w->steps[1].at_us, 60 * TT_US_PER_MIN);
	ck_assert(w->steps[1].rate_per_min == 300);
	tt_scenario_release(&s);

	load_ok(CAP POL
	        "workload: {synthetic: {shape: step, steps: [{at: 0, rate: "
	        "5}]}}\n" SIM,
	        &s);
	ck_assert(s.workload.shape.rate_per_min == 0);
	tt_scenario_release(&s);

	load_ok(CAP POL
	        "workload: {synthetic: {shape: ramp, from: 10/s, to: 100/s, "
	        "start: 5m, end: 65m, noise: none}}\n" SIM,
	        &s);
	w = &s.workload.shape;
	ck_assert_int_eq(w->shape, TT_SHAPE_RAMP);
	ck_assert(w->from_per_min == 600 && w->to_per_min == 6000);
	ck_assert_int_eq(w->start_us, 5 * TT_US_PER_MIN);
	ck_assert_int_eq(w->end_us, 65 * TT_US_PER_MIN);
	ck_assert(!s.workload.poisson);
	tt_scenario_release(&s);

	load_ok(CAP POL
	        "workload: {synthetic: {shape: ramp, from: 0, to: 1, end: "
	        "1m}}\n" SIM,
	        &s);
	ck_assert_int_eq(s.workload.shape.start_us, 0);
	tt_scenario_release(&s);
}
END_TEST

/* ---- delays ---- */

/*
 * A delay is a drawn duration, written in the vocabulary service times
 * use too (drawn_duration.h): every kind but linear, 0 allowed, and the
 * old spellings (`fixed`, a bare duration) as before.
 */
#define MIN_ TT_US_PER_MIN
static const struct {
	const char *text;
	tt_drawn_duration want; /* samples compared by count */
} delay_cases[] = {
        {"90", {.kind = TT_DRAWN_FIXED, .value_us = 90 * TT_US_PER_S}},
        {"4m", {.kind = TT_DRAWN_FIXED, .value_us = 4 * MIN_}},
        {"0", {.kind = TT_DRAWN_FIXED, .value_us = 0}},
        {"{dist: fixed, value: 250ms}",
         {.kind = TT_DRAWN_FIXED, .value_us = 250000}},
        /* the service time's old word, an alias */
        {"{dist: constant, value: 2m}",
         {.kind = TT_DRAWN_FIXED, .value_us = 2 * MIN_}},
        {"{dist: fixed, value: 0}", {.kind = TT_DRAWN_FIXED, .value_us = 0}},
        {"{dist: uniform, min: 4m, max: 7m}",
         {.kind = TT_DRAWN_UNIFORM, .min_us = 4 * MIN_, .max_us = 7 * MIN_}},
        {"{dist: uniform, min: 30, max: 30}",
         {.kind = TT_DRAWN_UNIFORM,
          .min_us = 30 * TT_US_PER_S,
          .max_us = 30 * TT_US_PER_S}},
        {"{dist: uniform, min: 0, max: 0}", {.kind = TT_DRAWN_UNIFORM}},
        {"{dist: exponential, mean: 3m}",
         {.kind = TT_DRAWN_EXPONENTIAL, .mean_us = 3 * MIN_}},
        {"{dist: lognormal, median: 4m, p99: 9m}",
         {.kind = TT_DRAWN_LOGNORMAL,
          .median_us = 4 * MIN_,
          .p99_us = 9 * MIN_}},
        {"{dist: empirical, samples: [0, 4m, 5m]}",
         {.kind = TT_DRAWN_EMPIRICAL, .n_samples = 3}},
};

START_TEST(test_delays)
{
	char yaml[400];
	snprintf(yaml, sizeof yaml,
	         CAP POL WL SIM
	         "instance: {provisioning: %s, deprovisioning: %s}\n",
	         delay_cases[_i].text, delay_cases[_i].text);
	tt_scenario s;
	load_ok(yaml, &s);
	const tt_drawn_duration *want = &delay_cases[_i].want;
	const tt_drawn_duration *got[] = {&s.provisioning, &s.deprovisioning};
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(got[k]->kind, want->kind);
		ck_assert_int_eq(got[k]->value_us, want->value_us);
		ck_assert_int_eq(got[k]->min_us, want->min_us);
		ck_assert_int_eq(got[k]->max_us, want->max_us);
		ck_assert_int_eq(got[k]->mean_us, want->mean_us);
		ck_assert_int_eq(got[k]->median_us, want->median_us);
		ck_assert_int_eq(got[k]->p99_us, want->p99_us);
		ck_assert_uint_eq(got[k]->n_samples, want->n_samples);
		ck_assert_ptr_null(got[k]->attribute);
	}
	/* Each keeps where it was written. */
	ck_assert_int_eq(s.provisioning.loc.line, 6);
	ck_assert_int_eq(s.provisioning.loc.col, 26);
	ck_assert_int_eq(s.locs.provisioning.col, 26);
	tt_scenario_release(&s);
}
END_TEST

/* ---- files ---- */

START_TEST(test_files)
{
	char path[512], want[600];
	tt_scenario s;
	tt_diag d;

	tu_src_path(path, sizeof path, "tests/data/scenario/with-files.yaml");
	tt_code rc = tt_scenario_load_file(path, &s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, want, sizeof want));
	ck_assert_str_eq(s.name, "with-files");
	ck_assert_uint_eq(s.n_policies, 2);
	ck_assert_str_eq(s.policies[0].name, "invocations");
	ck_assert_str_eq(s.policies[1].name, "again");
	ck_assert(s.policies[0].target_value == 700);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, 600 * TT_US_PER_S);
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us,
	                 300 * TT_US_PER_S);

	/* Locations name the resolved policy path, kept by the scenario. */
	snprintf(want, sizeof want,
	         "%s/tests/data/scenario/policies/invocations.json",
	         getenv("TTSIM_SOURCE_DIR") ? getenv("TTSIM_SOURCE_DIR") : ".");
	ck_assert_str_eq(s.policies[0].loc.file, want);
	ck_assert_int_eq(s.policies[0].metric.loc.line, 3);
	bool kept = false;
	for (size_t i = 0; i < s.n_files; i++)
		kept |= s.files[i] == s.policies[1].loc.file;
	ck_assert(kept);
	ck_assert_str_eq(s.files[0], path);

	/* The trace is resolved the same way but not opened here. */
	ck_assert_int_eq(s.workload.kind, TT_WORKLOAD_TRACE);
	snprintf(want, sizeof want, "%s/tests/data/scenario/traces/counts.csv",
	         getenv("TTSIM_SOURCE_DIR") ? getenv("TTSIM_SOURCE_DIR") : ".");
	ck_assert_uint_eq(s.workload.trace.n_paths, 1);
	ck_assert_str_eq(s.workload.trace.paths[0], want);
	ck_assert_str_eq(s.workload.trace.names[0], want);
	ck_assert_uint_eq(s.workload.n_transforms, 1);
	ck_assert_int_eq(s.workload.transforms[0].kind, TT_TRANSFORM_SCALE);
	ck_assert(s.workload.transforms[0].factor == 0.5);
	ck_assert_int_eq(s.workload.trace.period_us, 0);
	ck_assert_int_eq(s.duration_us, 0);
	tt_scenario_release(&s);

	/* load_text resolves against the directory it is given. */
	tu_src_path(path, sizeof path, "tests/data/scenario");
	const char *y =
	        CAP "policies: [{file: policies/invocations.json}]\n" WL SIM;
	rc = tt_scenario_load_text(y, strlen(y), "x.yaml", path, &s, &d);
	ck_assert_int_eq(rc, TT_OK);
	ck_assert_str_eq(s.policies[0].name, "invocations");
	tt_scenario_release(&s);

	/* An error inside a policy file points into that file. */
	tu_src_path(path, sizeof path,
	            "tests/data/scenario/bad-policy-key.yaml");
	rc = tt_scenario_load_file(path, &s, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	ck_assert_msg(strstr(d.file, "policies/bad-key.json") != NULL, "%s",
	              d.file);
	ck_assert_int_eq(d.line, 3);
	assert_zeroed(&s);

	/* A missing scenario file. */
	tu_src_path(path, sizeof path, "tests/data/scenario/nope.yaml");
	rc = tt_scenario_load_file(path, &s, &d);
	ck_assert_int_eq(rc, TT_EIO);
	assert_zeroed(&s);
}
END_TEST

/* ---- errors ---- */

static const struct {
	const char *yaml;
	tt_code code;
	const char *msg; /* as the CLI prints it */
} error_cases[] = {
        /* limits (docs/scenario.md, docs/workloads.md) */
        {CAP POL "workload: {synthetic: {shape: constant, rate: 1e19}}\n" SIM,
         TT_ERANGE,
         "t.yaml:4:47: error: 'rate' is too large, got 1e19 (at most "
         "1e11/min)"},
        {CAP POL "workload: {synthetic: {shape: step, steps: [{at: 1m, rate: "
                 "2e9/s}]}}\n" SIM,
         TT_ERANGE,
         "t.yaml:4:60: error: 'rate' is too large, got 2e9/s (at most "
         "1e11/min)"},
        {CAP POL WL SIM "instance: {price_per_hour: 1e308}\n", TT_ERANGE,
         "t.yaml:6:28: error: 'price_per_hour' is too large, got 1e308 (at "
         "most 1e6)"},
        {CAP POL WL "simulation: {duration: 36526d}\n", TT_ERANGE,
         "t.yaml:5:24: error: 'duration' is too large, got 36526d (at most "
         "36525d)"},
        {CAP POL WL SIM "instance: {deprovisioning: 900000h}\n", TT_ERANGE,
         "t.yaml:6:28: error: 'deprovisioning' is too large, got 900000h (at "
         "most 36525d)"},
        {CAP POL WL SIM "aws: {metric_delay: 40000d}\n", TT_ERANGE,
         "t.yaml:6:21: error: 'metric_delay' is too large, got 40000d (at "
         "most 36525d)"},
        {CAP POL WLB "  transform: [{scale: 1e7}]\n" SIM, TT_ERANGE,
         "t.yaml:6:23: error: 'scale' is too large, got 1e7 (at most 1e6)"},
        {CAP POL WLB "  transform: [{speedup: 1000001}]\n" SIM, TT_ERANGE,
         "t.yaml:6:25: error: 'speedup' is too large, got 1000001 (at most "
         "1e6)"},
        {CAP POL WLB "  transform: [{shift: -36526d}]\n" SIM, TT_ERANGE,
         "t.yaml:6:23: error: 'shift' is too large, got -36526d (at most "
         "36525d)"},
        {CAP POL WLB "  transform: [{slice: {from: 1h, to: 36526d}}]\n" SIM,
         TT_ERANGE,
         "t.yaml:6:38: error: 'to' is too large, got 36526d (at most "
         "36525d)"},
        {CAP POL "workload: {trace: {file: t.csv, scale: 1e9}}\n", TT_ERANGE,
         "t.yaml:4:40: error: 'scale' is too large, got 1e9 (at most 1e6)"},
        {CAP "policies:\n  - TargetTrackingScalingPolicyConfiguration: "
             "{TargetValue: 2e108, PredefinedMetricSpecification: "
             "{PredefinedMetricType: "
             "SageMakerVariantInvocationsPerInstance}}\n" WL SIM,
         TT_ERANGE,
         "t.yaml:3:61: error: 'TargetValue' failed to satisfy constraint: "
         "Member must have value less than or equal to 1.174271e+108, got "
         "2e108"},
        /* structure */
        {CAP POL WL SIM "colour: blue\n", TT_EINVAL,
         "t.yaml:6:1: error: unknown key 'colour' in 'scenario' (expected "
         "one of: name, resource, scalable_dimension, cloudformation, "
         "terraform, capacity, policies, instance, metrics, workload, "
         "simulation, aws, "
         "slo, expect, scheduled, inference_component, controller, hpa, "
         "keda)"},
        {CAP POL WL SIM "expect: {p99_latency_ms: {le: 500}}\n", TT_EINVAL,
         "t.yaml:6:10: error: 'p99_latency_ms' is measured in request mode "
         "only; this scenario runs in fluid mode"},
        {POL WL SIM, TT_EINVAL,
         "t.yaml:1:1: error: missing required key 'capacity' in 'scenario'"},
        {CAP WL SIM, TT_EINVAL,
         "t.yaml:1:1: error: missing required key 'policies' in 'scenario'"},
        {CAP POL SIM, TT_EINVAL,
         "t.yaml:1:1: error: missing required key 'workload' in 'scenario'"},
        /* capacity */
        {"capacity: {min: 5, max: 3}\n" POL WL SIM, TT_EINVAL,
         "t.yaml:1:17: error: 'min' must be <= 'max', got 5 > 3"},
        {"capacity: {min: 1, max: 3, initial: 4}\n" POL WL SIM, TT_EINVAL,
         "t.yaml:1:37: error: 'initial' must be between 'min' and 'max' "
         "(1..3), got 4"},
        {"capacity: {min: 2, max: 3, initial: 1}\n" POL WL SIM, TT_EINVAL,
         "t.yaml:1:37: error: 'initial' must be between 'min' and 'max' "
         "(2..3), got 1"},
        {"capacity: {min: 1, max: 3, suspended: {InSuspended: true}}\n" POL WL
                 SIM,
         TT_EINVAL,
         "t.yaml:1:40: error: unknown key 'InSuspended' in "
         "'capacity.suspended' (expected one of: DynamicScalingInSuspended, "
         "DynamicScalingOutSuspended, ScheduledScalingSuspended)"},
        /* policies */
        {CAP "policies: []\n" WL SIM, TT_EINVAL,
         "t.yaml:2:11: error: 'policies' must hold at least one policy"},
        {CAP "policies:\n  - name: x\n" WL SIM, TT_EINVAL,
         "t.yaml:3:5: error: a policy needs 'file' or "
         "'TargetTrackingScalingPolicyConfiguration'"},
        {CAP "policies:\n  - {file: a.json, "
             "TargetTrackingScalingPolicyConfiguration: {}}\n" WL SIM,
         TT_EINVAL,
         "t.yaml:3:5: error: a policy takes one of 'file', "
         "'TargetTrackingScalingPolicyConfiguration' and "
         "'StepScalingPolicyConfiguration'"},
        {CAP "policies:\n  - file: no-such-policy.json\n" WL SIM, TT_EIO,
         "t.yaml:3:11: error: cannot open policy file 'no-such-policy.json': "
         "No such file or directory"},
        {CAP POL "  - name: policy1\n    "
                 "TargetTrackingScalingPolicyConfiguration: {TargetValue: 70, "
                 "PredefinedMetricSpecification: {PredefinedMetricType: "
                 "SageMakerVariantInvocationsPerInstance}}\n" WL SIM,
         TT_EINVAL,
         "t.yaml:4:11: error: duplicate policy name 'policy1' (give each "
         "policy its own 'name')"},
        {CAP
         "policies:\n  - name: ''\n    "
         "TargetTrackingScalingPolicyConfiguration: {TargetValue: 70}\n" WL SIM,
         TT_EINVAL, "t.yaml:3:11: error: 'name' must not be empty"},
        /* instance */
        {CAP POL WL SIM "instance: {price_per_hour: -1}\n", TT_ERANGE,
         "t.yaml:6:28: error: 'price_per_hour' must be >= 0, got -1"},
        {CAP POL WL SIM "instance: {provisioning: {dist: uniform, min: 7m, "
                        "max: 4m}}\n",
         TT_EINVAL, "t.yaml:6:47: error: 'min' must be <= 'max', got 7m > 4m"},
        {CAP POL WL SIM "instance: {provisioning: {dist: normal}}\n", TT_EINVAL,
         "t.yaml:6:33: error: 'dist' must be 'fixed', 'uniform', "
         "'exponential', 'lognormal' or 'empirical', got 'normal'"},
        {CAP POL WL SIM "instance: {provisioning: {dist: fixed, min: 1m}}\n",
         TT_EINVAL,
         "t.yaml:6:40: error: unknown key 'min' in 'instance.provisioning' "
         "(expected one of: dist, value)"},
        {CAP POL WL SIM "instance: {service_time: 0}\n", TT_ERANGE,
         "t.yaml:6:26: error: 'service_time' must be > 0, got 0"},
        /* metrics */
        {CAP POL WL SIM "metrics: {M: {model: quadratic, per_rps: 1}}\n",
         TT_EINVAL,
         "t.yaml:6:22: error: 'model' must be 'linear', 'curve' or "
         "'recorded', got 'quadratic'"},
        {CAP POL WL SIM "metrics: {M: {model: linear, idle: 50, per_rps: 1, "
                        "max: 40}}\n",
         TT_EINVAL, "t.yaml:6:57: error: 'max' must be >= 'idle', got 40 < 50"},
        /* every number of a model within CloudWatch's range */
        {CAP POL WL SIM "metrics: {M: {model: linear, idle: 2e108, per_rps: "
                        "1, max: 1e108}}\n",
         TT_ERANGE,
         "t.yaml:6:36: error: 'idle' is too large, got 2e108 (at most "
         "1.174271e+108)"},
        {CAP POL WL SIM "metrics: {M: {model: linear, per_rps: 1e300}}\n",
         TT_ERANGE,
         "t.yaml:6:39: error: 'per_rps' is too large, got 1e300 (at most "
         "1.174271e+108)"},
        {CAP POL WL SIM "metrics: {M: {model: linear, per_rps: 1, max: "
                        "1.2e108}}\n",
         TT_ERANGE,
         "t.yaml:6:47: error: 'max' is too large, got 1.2e108 (at most "
         "1.174271e+108)"},
        {CAP POL WL SIM "metrics: {M: {model: linear, per_rps: 1, min: "
                        "-1e300}}\n",
         TT_ERANGE,
         "t.yaml:6:47: error: 'min' is too small, got -1e300 (at least "
         "-1.174271e+108)"},
        {CAP POL WL SIM "metrics: {M: {model: linear, per_rps: 1, noise: "
                        "1e200}}\n",
         TT_ERANGE,
         "t.yaml:6:49: error: 'noise' is too large, got 1e200 (at most "
         "1.174271e+108)"},
        {CAP POL WL SIM "metrics: {M: {model: curve, points: [[0, 1], [1e109, "
                        "2]]}}\n",
         TT_ERANGE,
         "t.yaml:6:47: error: 'rps' is too large, got 1e109 (at most "
         "1.174271e+108)"},
        {CAP POL WL SIM "metrics: {M: {model: curve, points: [[0, 1], {rps: "
                        "1, value: -2e108}]}}\n",
         TT_ERANGE,
         "t.yaml:6:62: error: 'value' is too small, got -2e108 (at least "
         "-1.174271e+108)"},
        {CAP POL WL SIM "metrics: {M: {model: recorded, file: m.json, "
                        "capacity: 100001}}\n",
         TT_ERANGE,
         "t.yaml:6:56: error: 'capacity' is too large, got 100001 (at most "
         "100000)"},
        /* workload */
        {CAP POL "workload: {synthetic: {shape: constant, rate: 1}, trace: "
                 "{file: t.csv}}\n" SIM,
         TT_EINVAL,
         "t.yaml:4:51: error: 'workload' takes either 'synthetic' or "
         "'trace', not both"},
        {CAP POL "workload: {}\n" SIM, TT_EINVAL,
         "t.yaml:4:11: error: 'workload' needs 'synthetic' or 'trace'"},
        {CAP POL "workload: {synthetic: {shape: sine}}\n" SIM, TT_EINVAL,
         "t.yaml:4:31: error: 'shape' must be 'constant', 'step', 'ramp', "
         "'diurnal', 'spike', 'onoff', 'sum' or 'product', got 'sine'"},
        {CAP POL "workload: {synthetic: {shape: constant, rate: 1, peak: "
                 "2}}\n" SIM,
         TT_EINVAL,
         "t.yaml:4:50: error: unknown key 'peak' in 'workload.synthetic' "
         "(expected one of: shape, noise, rate)"},
        {CAP POL "workload: {synthetic: {shape: constant, rate: 10/sec}}\n" SIM,
         TT_EINVAL,
         "t.yaml:4:47: error: 'rate' must be a number of invocations per "
         "minute or 'N/s', 'N/min', 'N/h', got '10/sec'"},
        {CAP POL "workload: {synthetic: {shape: constant, rate: -5/s}}\n" SIM,
         TT_ERANGE, "t.yaml:4:47: error: 'rate' must be >= 0, got -5/s"},
        {CAP POL "workload: {synthetic: {shape: constant, rate: -5}}\n" SIM,
         TT_ERANGE, "t.yaml:4:47: error: 'rate' must be >= 0, got -5"},
        {CAP POL "workload: {synthetic: {shape: constant, rate: inf/s}}\n" SIM,
         TT_EINVAL,
         "t.yaml:4:47: error: 'rate' must be a number of invocations per "
         "minute or 'N/s', 'N/min', 'N/h', got 'inf/s'"},
        {CAP POL "workload: {synthetic: {shape: ramp, from: 1, to: 2, start: "
                 "20m, end: 10m}}\n" SIM,
         TT_EINVAL,
         "t.yaml:4:70: error: 'end' must be after 'start', got 10m <= 20m"},
        {CAP POL "workload: {synthetic: {shape: step, steps: [{at: 5m, rate: "
                 "1}, {at: 5m, rate: 2}]}}\n" SIM,
         TT_EINVAL,
         "t.yaml:4:69: error: step times must be strictly increasing, got 5m "
         "after 5m"},
        {CAP POL "workload: {synthetic: {shape: diurnal, base: 1, peak: 2, "
                 "period: 0}}\n" SIM,
         TT_ERANGE, "t.yaml:4:66: error: 'period' must be > 0, got 0"},
        {CAP POL "workload: {trace: {file: t.csv, format: json}}\n", TT_EINVAL,
         "t.yaml:4:41: error: 'format' must be 'auto', 'counts', 'requests', "
         "'azure-functions' or 'cloudwatch', got 'json'"},
        {CAP POL "workload: {trace: {file: t.csv, scale: 0}}\n", TT_ERANGE,
         "t.yaml:4:40: error: 'scale' must be > 0, got 0"},
        /* simulation */
        {CAP POL WL, TT_EINVAL,
         "t.yaml:4:23: error: a synthetic workload needs "
         "'simulation.duration' (how long to run)"},
        {CAP POL WL "simulation: {seed: 3}\n", TT_EINVAL,
         "t.yaml:5:13: error: a synthetic workload needs "
         "'simulation.duration' (how long to run)"},
        {CAP POL WL "simulation: {duration: 0}\n", TT_ERANGE,
         "t.yaml:5:24: error: 'duration' must be > 0 for a synthetic "
         "workload, got 0"},
        {CAP POL WL "simulation: {duration: 1h, mode: request}\n",
         TT_EINVAL,
         "t.yaml:5:34: error: request mode needs 'instance.service_time' "
         "(how long a request takes)"},
        {CAP POL WL "simulation: {duration: 1h, mode: batch}\n", TT_EINVAL,
         "t.yaml:5:34: error: 'mode' must be 'fluid' or 'request', got "
         "'batch'"},
        {CAP POL WL "simulation: {duration: 1h, period: 45s}\n", TT_EINVAL,
         "t.yaml:5:36: error: 'period' must divide the metric period of "
         "policy 'policy1' (60s), got 45s"},
        {CAP POL WL "simulation: {duration: 1h, period: 1.5s}\n", TT_EINVAL,
         "t.yaml:5:36: error: 'period' must be a whole number of seconds, got "
         "1.5s"},
        /* aws */
        {CAP POL WL SIM "aws: {alarm_high: {datapoints: 5}}\n", TT_EINVAL,
         "t.yaml:6:32: error: 'datapoints' must be <= 'periods', got 5 > 3"},
        {CAP POL WL SIM "aws: {alarm_low: {ratio: 1.5}}\n", TT_ERANGE,
         "t.yaml:6:26: error: 'ratio' must be in (0, 1], got 1.5"},
        {CAP POL WL SIM "aws: {alarm_high_hr: {ratio: 0.5}}\n", TT_EINVAL,
         "t.yaml:6:23: error: unknown key 'ratio' in 'aws.alarm_high_hr' "
         "(expected one of: datapoints, periods)"},
        {CAP POL WL SIM "aws: {zero_traffic: nan}\n", TT_EINVAL,
         "t.yaml:6:21: error: 'zero_traffic' must be 'zero' or 'missing', "
         "got 'nan'"},
        {CAP POL WL SIM "aws: {scale_out_cooldown: strict}\n", TT_EINVAL,
         "t.yaml:6:27: error: 'scale_out_cooldown' must be 'relative' or "
         "'block', got 'strict'"},
        /* policy metrics the fluid simulator cannot model */
        {CAP "policies:\n  - TargetTrackingScalingPolicyConfiguration: "
             "{TargetValue: 50, CustomizedMetricSpecification: {MetricName: "
             "CPUUtilization, Namespace: x, Statistic: Average}}\n" WL SIM,
         TT_EINVAL,
         "t.yaml:3:96: error: no model for custom metric 'CPUUtilization': "
         "declare one under 'metrics:'"},
        {CAP
         "policies:\n  - TargetTrackingScalingPolicyConfiguration: "
         "{TargetValue: 4, PredefinedMetricSpecification: "
         "{PredefinedMetricType: "
         "SageMakerVariantConcurrentRequestsPerModelHighResolution}}\n" WL SIM,
         TT_EINVAL,
         "t.yaml:3:95: error: "
         "'SageMakerVariantConcurrentRequestsPerModelHighResolution' needs "
         "'instance.service_time' (the mean service time) in fluid mode"},
        {CAP
         "policies:\n  - TargetTrackingScalingPolicyConfiguration: "
         "{TargetValue: 4, PredefinedMetricSpecification: "
         "{PredefinedMetricType: ECSServiceAverageCPUUtilization}}\n" WL SIM,
         TT_EINVAL,
         "t.yaml:3:95: error: 'ECSServiceAverageCPUUtilization' needs "
         "'instance.service_time' (the mean service time) in fluid mode"},
};

START_TEST(test_errors)
{
	tt_scenario s;
	tt_diag d;
	char buf[700];
	memset(&s, 0xa5, sizeof s);
	tt_code rc = load(error_cases[_i].yaml, &s, &d);
	tu_diag_str(&d, buf, sizeof buf);
	ck_assert_msg(rc == error_cases[_i].code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), buf);
	ck_assert_int_eq(d.code, rc);
	ck_assert_str_eq(buf, error_cases[_i].msg);
	assert_zeroed(&s);
}
END_TEST

/*
 * The issue's `--set workload.synthetic.rate=1e19`: a what-if is checked
 * like the file, so it is refused at its own text, never run as 0; at the
 * limit it loads.
 */
START_TEST(test_override_past_a_limit)
{
	static const char yaml[] = CAP POL WL SIM;
	tt_override item = {"workload.synthetic.rate", "1e19", NULL};
	tt_overrides ov = {&item, 1};
	tt_scenario s;
	tt_diag d;
	char buf[700];
	tt_code rc = tt_scenario_load_text_with(yaml, strlen(yaml), "t.yaml",
	                                        NULL, &ov, &s, &d);
	ck_assert_int_eq(rc, TT_ERANGE);
	tu_diag_str(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "--set 'workload.synthetic.rate=1e19':1:25: "
	                      "error: 'rate' is too large, got 1e19 (at most "
	                      "1e11/min)");
	assert_zeroed(&s);
	/* the limit itself, however it is written */
	static char *const at_limit[] = {"1e11", "6e12/h"};
	for (int i = 0; i < 2; i++) {
		item.value = at_limit[i];
		rc = tt_scenario_load_text_with(yaml, strlen(yaml), "t.yaml",
		                                NULL, &ov, &s, &d);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
		ck_assert_double_eq(s.workload.shape.rate_per_min, 1e11);
		tt_scenario_release(&s);
	}
}
END_TEST

/* A step policy invoked by an inline alarm on a standard (60 s) metric. */
#define STEP_POL                                                               \
	"policies:\n"                                                          \
	"  - name: out\n"                                                      \
	"    StepScalingPolicyConfiguration: {AdjustmentType: "                \
	"ChangeInCapacity, StepAdjustments: [{MetricIntervalLowerBound: 0, "   \
	"ScalingAdjustment: 1}]}\n"                                            \
	"    alarm: {AlarmName: busy, Namespace: AWS/SageMaker, MetricName: "  \
	"Invocations, Dimensions: [{Name: EndpointName, Value: my-endpoint}, " \
	"{Name: VariantName, Value: my-variant}], Statistic: Sum, Period: "    \
	"60, EvaluationPeriods: 1, Threshold: 100, ComparisonOperator: "       \
	"GreaterThanThreshold}\n"

/*
 * The simulation period counts the alarms' metrics as it counts the
 * policies': the default is the finest of them all, and a period given
 * must divide each, or the load says so where the period is written (a
 * run used to find out when it built the alarm).
 */
START_TEST(test_period_and_alarms)
{
	tt_scenario s;
	tt_diag d;
	char buf[700];

	load_ok(CAP STEP_POL WL SIM, &s);
	ck_assert_uint_eq(s.n_alarms, 1);
	ck_assert_int_eq(s.period_us, 60 * TT_US_PER_S);
	tt_scenario_release(&s);

	load_ok(CAP STEP_POL WL "simulation: {duration: 1h, period: 20s}\n",
	        &s);
	ck_assert_int_eq(s.period_us, 20 * TT_US_PER_S);
	tt_scenario_release(&s);

	/* a high-resolution policy beside the alarm: the finer wins */
	load_ok(CAP STEP_POL
	        "  - TargetTrackingScalingPolicyConfiguration: {TargetValue: "
	        "4, PredefinedMetricSpecification: {PredefinedMetricType: "
	        "SageMakerVariantConcurrentRequestsPerModelHighResolution}}\n"
	        "instance: {service_time: 1s}\n" WL SIM,
	        &s);
	ck_assert_int_eq(s.period_us, 10 * TT_US_PER_S);
	tt_scenario_release(&s);

	ck_assert_int_eq(load(CAP STEP_POL WL
	                      "simulation: {duration: 1h, period: 45s}\n",
	                      &s, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t.yaml:7:36: error: 'period' must divide the metric "
	                 "period of alarm 'busy' (60s), got 45s");
}
END_TEST

/* ---- inference components (SPEC.md 13) ---- */

/* An inference component (lines 1, 2, 3-4, 5, 6); its block comes after. */
#define IC_RES "resource: inference-component/llm\n"
#define IC_CAP0 "capacity: {min: 0, max: 4}\n"
#define IC_POL                                                                 \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 1, "      \
	"PredefinedMetricSpecification: {PredefinedMetricType: "               \
	"SageMakerInferenceComponentInvocationsPerCopy}}\n"
#define IC_HEAD IC_RES IC_CAP0 IC_POL WL SIM

/* A scenario's one warning or note as the command prints it. */
static const char *only_note(const tt_scenario *s, char *buf, size_t size)
{
	ck_assert_uint_eq(s->notes.count, 1);
	return tu_diag_str(&s->notes.items[0], buf, size);
}

/*
 * The target alone turns the component on, with SPEC.md 16's defaults;
 * any other target leaves it zeroed.  instances.max defaults to what
 * capacity.max copies need.
 */
START_TEST(test_ic_defaults)
{
	tt_scenario s;
	tt_ic_config zero;
	memset(&zero, 0, sizeof zero);

	load_ok(CAP POL WL SIM, &s);
	ck_assert(!memcmp(&s.ic, &zero, sizeof zero));
	tt_scenario_release(&s);

	load_ok(IC_RES "capacity: {min: 1, max: 5}\n" IC_POL WL SIM, &s);
	ck_assert(s.ic.on);
	ck_assert_int_eq(s.ic.copies_per_instance, 1);
	ck_assert_int_eq(s.ic.packing, TT_IC_PACKING_FILL);
	ck_assert_int_eq(s.ic.copy_load.kind, TT_DRAWN_FIXED);
	ck_assert_int_eq(s.ic.copy_load.value_us, 150 * TT_US_PER_S);
	ck_assert_int_eq(s.ic.instance_release_us, 10 * TT_US_PER_MIN);
	ck_assert_int_eq(s.ic.no_capacity_resolution_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(s.ic.min_instances, 0);
	ck_assert_int_eq(s.ic.max_instances, 5);
	ck_assert_int_eq(s.ic.wake_from_zero, TT_WAKE_NONE);
	ck_assert_ptr_null(s.ic.loc.file);
	ck_assert_uint_eq(s.n_step_policies, 0);
	ck_assert_uint_eq(s.n_alarms, 0);
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);

	/* an empty block is the defaults; max = ceil(5 / 2) */
	load_ok(IC_RES "capacity: {min: 1, max: 5}\n" IC_POL WL SIM
	        "inference_component: {}\n",
	        &s);
	ck_assert(s.ic.on);
	ck_assert_int_eq(s.ic.max_instances, 5);
	ck_assert_int_eq(s.ic.loc.line, 7);
	tt_scenario_release(&s);
	load_ok(IC_RES "capacity: {min: 1, max: 5}\n" IC_POL WL SIM
	        "inference_component: {copies_per_instance: 2}\n",
	        &s);
	ck_assert_int_eq(s.ic.copies_per_instance, 2);
	ck_assert_int_eq(s.ic.max_instances, 3);
	tt_scenario_release(&s);
}
END_TEST

/* Every key of the block, each read into its field. */
START_TEST(test_ic_every_key)
{
	tt_scenario s;
	load_ok(IC_HEAD "inference_component:\n"
	                "  copies_per_instance: 2\n"
	                "  ic_packing: spread\n"
	                "  copy_load: {dist: uniform, min: 60s, max: 90s}\n"
	                "  instance_release: 0\n"
	                "  no_capacity_resolution: 10s\n"
	                "  instances: {min: 1, max: 2}\n"
	                "  wake_from_zero: notebook\n",
	        &s);
	ck_assert(s.ic.on);
	ck_assert_int_eq(s.ic.copies_per_instance, 2);
	ck_assert_int_eq(s.ic.packing, TT_IC_PACKING_SPREAD);
	ck_assert_int_eq(s.ic.copy_load.kind, TT_DRAWN_UNIFORM);
	ck_assert_int_eq(s.ic.copy_load.min_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(s.ic.copy_load.max_us, 90 * TT_US_PER_S);
	ck_assert_int_eq(s.ic.instance_release_us, 0);
	ck_assert_int_eq(s.ic.no_capacity_resolution_us, 10 * TT_US_PER_S);
	ck_assert_int_eq(s.ic.min_instances, 1);
	ck_assert_int_eq(s.ic.max_instances, 2);
	ck_assert_int_eq(s.ic.wake_from_zero, TT_WAKE_NOTEBOOK);
	ck_assert_str_eq(s.ic.loc.file, "t.yaml");
	ck_assert_int_eq(s.ic.loc.line, 8);
	ck_assert_int_eq(s.ic.loc.col, 3);
	/* the failures' 10 s datapoints set the simulation's step */
	ck_assert_int_eq(s.period_us, 10 * TT_US_PER_S);
	/* 2 instances hold capacity.max's 4 copies; the preset wakes it */
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);

	/* copy_load reads every provisioning form: a plain duration, an
	 * empirical file */
	load_ok(IC_HEAD "inference_component: {copy_load: 90s}\n", &s);
	ck_assert_int_eq(s.ic.copy_load.kind, TT_DRAWN_FIXED);
	ck_assert_int_eq(s.ic.copy_load.value_us, 90 * TT_US_PER_S);
	tt_scenario_release(&s);
	load_ok(IC_HEAD "inference_component: {copy_load: {dist: lognormal, "
	                "median: 2m, p99: 9m}, ic_packing: fill}\n",
	        &s);
	ck_assert_int_eq(s.ic.copy_load.kind, TT_DRAWN_LOGNORMAL);
	ck_assert_int_eq(s.ic.copy_load.median_us, 2 * TT_US_PER_MIN);
	ck_assert_int_eq(s.ic.packing, TT_IC_PACKING_FILL);
	tt_scenario_release(&s);
}
END_TEST

/* The presets' alarms, SPEC.md 13.3: what differs between the two. */
static const struct {
	const char *name;
	tt_wake_preset preset;
	tt_statistic statistic;
	tt_time_us period_us;
	tt_alarm_op op;
} preset_cases[] = {
        {"doc", TT_WAKE_DOC, TT_STAT_SUM, 60 * TT_US_PER_S, TT_ALARM_OP_GT},
        {"notebook", TT_WAKE_NOTEBOOK, TT_STAT_MAXIMUM, 30 * TT_US_PER_S,
         TT_ALARM_OP_GE},
};

static void assert_at_preset(tt_loc loc)
{
	ck_assert_str_eq(loc.file, "t.yaml");
	ck_assert_int_eq(loc.line, 7);
	ck_assert_int_eq(loc.col, 23);
}

/*
 * A preset is an ordinary step policy and user alarm: the policy's
 * fields, the alarm's, the one invoking the other, every part located
 * at the `wake_from_zero` key.
 */
START_TEST(test_ic_presets)
{
	char yaml[1024];
	tt_scenario s;
	snprintf(yaml, sizeof yaml,
	         IC_HEAD "inference_component: {wake_from_zero: %s}\n",
	         preset_cases[_i].name);
	load_ok(yaml, &s);
	ck_assert_int_eq(s.ic.wake_from_zero, preset_cases[_i].preset);

	ck_assert_uint_eq(s.n_step_policies, 1);
	const tt_step_policy *p = &s.step_policies[0];
	ck_assert_str_eq(p->name, "wake-from-zero");
	ck_assert_int_eq(p->adjustment_type, TT_ADJ_CHANGE_IN_CAPACITY);
	ck_assert_int_eq(p->aggregation, TT_STEP_AGG_MAXIMUM);
	ck_assert_int_eq(p->cooldown_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(p->min_adjustment_magnitude, 0);
	ck_assert_uint_eq(p->n_steps, 1);
	ck_assert(p->steps[0].has_lower && !p->steps[0].has_upper);
	ck_assert(p->steps[0].lower == 0);
	ck_assert_int_eq(p->steps[0].adjustment, 1);
	assert_at_preset(p->loc);
	assert_at_preset(p->steps[0].loc);

	ck_assert_uint_eq(s.n_alarms, 1);
	const tt_user_alarm *a = &s.alarms[0];
	const tt_alarm_def *def = a->def;
	ck_assert_str_eq(def->name, "wake-from-zero");
	ck_assert_str_eq(def->namespace_, "AWS/SageMaker");
	ck_assert_str_eq(def->metric_name, "NoCapacityInvocationFailures");
	ck_assert_uint_eq(def->n_dimensions, 1);
	ck_assert_str_eq(def->dimensions[0].name, "InferenceComponentName");
	ck_assert_str_eq(def->dimensions[0].value, "llm");
	ck_assert_int_eq(def->statistic, preset_cases[_i].statistic);
	ck_assert_int_eq(def->period_us, preset_cases[_i].period_us);
	ck_assert_int_eq(def->evaluation_periods, 1);
	ck_assert_int_eq(def->datapoints_to_alarm, 1);
	ck_assert(def->threshold == 1);
	ck_assert_int_eq(def->op, preset_cases[_i].op);
	ck_assert_int_eq(def->missing, TT_MISSING_MISSING);
	ck_assert(def->actions_enabled);
	assert_at_preset(def->loc);
	assert_at_preset(def->metric_loc);
	/* the metric as a policy's, and the alarm invoking the policy */
	ck_assert_int_eq(a->metric.kind, TT_METRIC_CUSTOM);
	ck_assert_str_eq(a->metric.metric_name, "NoCapacityInvocationFailures");
	ck_assert_int_eq(a->metric.statistic, preset_cases[_i].statistic);
	ck_assert_uint_eq(a->n_policies, 1);
	ck_assert_uint_eq(a->policies[0], 0);

	/* it wakes the component: no warning; 60 s datapoints */
	ck_assert_uint_eq(s.notes.count, 0);
	ck_assert_int_eq(s.period_us, 60 * TT_US_PER_S);
	tt_scenario_release(&s);
}
END_TEST

/* A preset beside the user's own step policy and alarm: both kept, the
 * user's first. */
START_TEST(test_ic_preset_beside_step)
{
	tt_scenario s;
	load_ok(IC_RES IC_CAP0
	        "policies:\n"
	        "  - name: out\n"
	        "    StepScalingPolicyConfiguration: {AdjustmentType: "
	        "ChangeInCapacity, StepAdjustments: "
	        "[{MetricIntervalLowerBound: 0, ScalingAdjustment: 2}]}\n"
	        "    alarm: {AlarmName: busy, Namespace: AWS/SageMaker, "
	        "MetricName: InvocationsPerCopy, Dimensions: [{Name: "
	        "InferenceComponentName, Value: llm}], Statistic: Sum, Period: "
	        "60, EvaluationPeriods: 1, Threshold: 100, ComparisonOperator: "
	        "GreaterThanThreshold}\n" WL SIM
	        "inference_component: {wake_from_zero: doc}\n",
	        &s);
	ck_assert_uint_eq(s.n_step_policies, 2);
	ck_assert_str_eq(s.step_policies[0].name, "out");
	ck_assert_str_eq(s.step_policies[1].name, "wake-from-zero");
	ck_assert_uint_eq(s.n_alarms, 2);
	ck_assert_str_eq(s.alarms[1].def->name, "wake-from-zero");
	ck_assert_uint_eq(s.alarms[1].policies[0], 1);
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);
}
END_TEST

/*
 * Copies capacity.max allows beyond what instances.max holds stay
 * pending: valid, and worth a warning at instances.max.
 */
START_TEST(test_ic_pending_warning)
{
	tt_scenario s;
	char buf[700];
	load_ok(IC_RES "capacity: {min: 1, max: 10}\n" IC_POL WL SIM
	        "inference_component: {copies_per_instance: 2, instances: "
	        "{max: 3}}\n",
	        &s);
	ck_assert_int_eq(s.ic.max_instances, 3);
	ck_assert_str_eq(only_note(&s, buf, sizeof buf),
	                 "t.yaml:7:64: warning: 'instances.max' 3 holds 6 "
	                 "copies at 2 per instance, fewer than "
	                 "'capacity.max' 10: copies beyond 6 stay pending");
	tt_scenario_release(&s);
	/* exactly enough: nothing to say */
	load_ok(IC_RES "capacity: {min: 1, max: 6}\n" IC_POL WL SIM
	        "inference_component: {copies_per_instance: 2, instances: "
	        "{max: 3}}\n",
	        &s);
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);
}
END_TEST

/* Load text whose files are in tests/data/scenario/ic/. */
static tt_code load_ic_dir(const char *yaml, tt_scenario *s, tt_diag *d)
{
	char dir[512];
	tu_src_path(dir, sizeof dir, "tests/data/scenario/ic");
	tt_diag_clear(d);
	return tt_scenario_load_text(yaml, strlen(yaml), "t.yaml", dir, s, d);
}

/* Where a diag points: "BASENAME:LINE:COL". */
static const char *diag_place(const tt_diag *d, char *buf, size_t size)
{
	const char *slash = strrchr(d->file, '/');
	snprintf(buf, size, "%s:%d:%d", slash ? slash + 1 : d->file, d->line,
	         d->col);
	return buf;
}

#define VARIANT_MIN0_WARNING                                                   \
	"MinCapacity 0 on endpoint variant '%s' is valid only for an "         \
	"asynchronous endpoint, which the ResourceId does not show "           \
	"('aws.variant_min_zero: error' refuses it)"
#define VARIANT_MIN0_ERROR                                                     \
	"MinCapacity 0 on endpoint variant '%s' is valid only for an "         \
	"asynchronous endpoint (aws.variant_min_zero: error)"
#define NEVER_WAKES                                                            \
	"inference component '%s' has MinCapacity 0 and no step scaling "      \
	"policy on NoCapacityInvocationFailures: it would never wake from "    \
	"zero (add 'inference_component.wake_from_zero: doc')"

/*
 * MinCapacity 0 (SPEC.md 13.1, 13.2), wherever it is written: on an
 * endpoint variant a warning, or an error with aws.variant_min_zero:
 * error; on an inference component a warning unless a step policy on
 * NoCapacityInvocationFailures wakes it; on other targets nothing.
 */
static const struct {
	const char *yaml;
	tt_code code;      /* TT_OK: loads, with `msg` its one warning */
	const char *place; /* of the error or the warning; NULL: none */
	const char *msg;   /* a format of the resource */
	const char *resource;
} min_zero_cases[] = {
        {"capacity: {min: 0, max: 4}\n" POL WL SIM, TT_OK, "t.yaml:1:17",
         VARIANT_MIN0_WARNING, "endpoint/my-endpoint/variant/my-variant"},
        {"capacity: {min: 0, max: 4}\n" POL WL SIM
         "aws: {variant_min_zero: warn}\n",
         TT_OK, "t.yaml:1:17", VARIANT_MIN0_WARNING,
         "endpoint/my-endpoint/variant/my-variant"},
        {"capacity: {min: 0, max: 4}\n" POL WL SIM
         "aws: {variant_min_zero: error}\n",
         TT_EINVAL, "t.yaml:1:17", VARIANT_MIN0_ERROR,
         "endpoint/my-endpoint/variant/my-variant"},
        /* from a RegisterScalableTarget file: at its MinCapacity */
        {"capacity: {register: register-variant-min0.json}\n" POL WL SIM,
         TT_OK, "register-variant-min0.json:5:20", VARIANT_MIN0_WARNING,
         "endpoint/batch/variant/AllTraffic"},
        {"capacity: {register: register-variant-min0.json}\n" POL WL SIM
         "aws: {variant_min_zero: error}\n",
         TT_EINVAL, "register-variant-min0.json:5:20", VARIANT_MIN0_ERROR,
         "endpoint/batch/variant/AllTraffic"},
        /* an inference component from a template, without a wake-up */
        {"cloudformation: {file: component-min0.yaml}\n" WL SIM, TT_OK,
         "component-min0.yaml:7:18", NEVER_WAKES, "inference-component/llm"},
        {IC_HEAD, TT_OK, "t.yaml:2:17", NEVER_WAKES,
         "inference-component/llm"},
        /* the knob is for variants */
        {IC_HEAD "aws: {variant_min_zero: error}\n"
                 "inference_component: {wake_from_zero: doc}\n",
         TT_OK, NULL, NULL, NULL},
        /* a step policy of the user's on the failures wakes it too */
        {IC_RES IC_CAP0
         "policies:\n"
         "  - StepScalingPolicyConfiguration: {AdjustmentType: "
         "ExactCapacity, StepAdjustments: [{MetricIntervalLowerBound: 0, "
         "ScalingAdjustment: 1}]}\n"
         "    alarm: {AlarmName: wake, Namespace: AWS/SageMaker, "
         "MetricName: NoCapacityInvocationFailures, Dimensions: [{Name: "
         "InferenceComponentName, Value: llm}], Statistic: Sum, Period: 60, "
         "EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: "
         "GreaterThanThreshold}\n" WL SIM,
         TT_OK, NULL, NULL, NULL},
        /* other targets: unchanged */
        {"resource: service/shop/web\ncapacity: {min: 0, max: 4}\n"
         "policies:\n"
         "  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 50, "
         "PredefinedMetricSpecification: {PredefinedMetricType: "
         "ECSServiceAverageCPUUtilization}}\n"
         "instance: {service_time: 100ms}\n" WL SIM,
         TT_OK, NULL, NULL, NULL},
};

START_TEST(test_min_zero)
{
	tt_scenario s;
	tt_diag d;
	char place[300], want[700], buf[700];
	tt_code rc = load_ic_dir(min_zero_cases[_i].yaml, &s, &d);
	ck_assert_msg(rc == min_zero_cases[_i].code, "case %d: %s", _i,
	              tu_diag_str(&d, buf, sizeof buf));
	const tt_diag *got = rc ? &d : NULL;
	if (!rc && min_zero_cases[_i].place) {
		ck_assert_uint_eq(s.notes.count, 1);
		got = &s.notes.items[0];
		ck_assert_int_eq(got->severity, TT_SEV_WARNING);
	} else if (!rc) {
		ck_assert_msg(s.notes.count == 0, "case %d: %s", _i,
		              tu_diag_str(&s.notes.items[0], buf, sizeof buf));
	}
	if (got) {
		snprintf(want, sizeof want, min_zero_cases[_i].msg,
		         min_zero_cases[_i].resource);
		ck_assert_str_eq(diag_place(got, place, sizeof place),
		                 min_zero_cases[_i].place);
		ck_assert_str_eq(got->msg, want);
	}
	if (!rc)
		tt_scenario_release(&s);
}
END_TEST

/* Every error of the block and the knob, at its place (IC_HEAD is lines
 * 1-6, the block line 7). */
static const struct {
	const char *yaml;
	tt_code code;
	const char *msg;
} ic_error_cases[] = {
        {CAP POL WL SIM "inference_component: {copies_per_instance: 2}\n",
         TT_EINVAL,
         "t.yaml:6:1: error: 'inference_component' needs 'resource: "
         "inference-component/NAME', got resource "
         "'endpoint/my-endpoint/variant/my-variant'"},
        {CAP POL WL SIM "inference_component: {wake_from_zero: doc}\n",
         TT_EINVAL,
         "t.yaml:6:1: error: 'inference_component' needs 'resource: "
         "inference-component/NAME', got resource "
         "'endpoint/my-endpoint/variant/my-variant'"},
        {IC_HEAD "inference_component: [1]\n", TT_EINVAL,
         "t.yaml:7:22: error: expected a map for 'inference_component', "
         "got a sequence"},
        {IC_HEAD "inference_component: {copies_per_instanc: 2}\n", TT_EINVAL,
         "t.yaml:7:23: error: unknown key 'copies_per_instanc' in "
         "'inference_component' (did you mean 'copies_per_instance'?)"},
        {IC_HEAD "inference_component: {copies_per_instance: 0}\n", TT_ERANGE,
         "t.yaml:7:44: error: 'copies_per_instance' must be between 1 and "
         "100000, got 0"},
        {IC_HEAD "inference_component: {copies_per_instance: 4294967297}\n",
         TT_ERANGE,
         "t.yaml:7:44: error: 'copies_per_instance' must be between 1 and "
         "100000, got 4294967297"},
        {IC_HEAD "inference_component: {ic_packing: round_robin}\n",
         TT_EINVAL,
         "t.yaml:7:35: error: 'ic_packing' must be 'fill' or 'spread', got "
         "'round_robin'"},
        {IC_HEAD "inference_component: {copy_load: {dist: linear, "
                 "attribute: GeneratedTokens, per_unit: 1s}}\n",
         TT_EINVAL,
         "t.yaml:7:41: error: 'inference_component.copy_load' cannot be of "
         "kind linear: it is drawn per instance, and only a request has "
         "attributes"},
        {IC_HEAD "inference_component: {copy_load: -5s}\n", TT_ERANGE,
         "t.yaml:7:34: error: duration must not be negative, got '-5s'"},
        {IC_HEAD "inference_component: {copy_load: {dist: uniform, min: 1m}}\n",
         TT_EINVAL,
         "t.yaml:7:34: error: missing required key 'max' in "
         "'inference_component.copy_load'"},
        {IC_HEAD "inference_component: {instance_release: 40000d}\n",
         TT_ERANGE,
         "t.yaml:7:41: error: 'instance_release' is too large, got 40000d "
         "(at most 36525d)"},
        {IC_HEAD "inference_component: {no_capacity_resolution: 30s}\n",
         TT_EINVAL,
         "t.yaml:7:47: error: 'no_capacity_resolution' must be 60s or 10s, "
         "got 30s"},
        {IC_HEAD "inference_component: {instances: {mx: 2}}\n", TT_EINVAL,
         "t.yaml:7:35: error: unknown key 'mx' in "
         "'inference_component.instances' (did you mean 'max'?)"},
        {IC_HEAD "inference_component: {instances: {min: 3, max: 2}}\n",
         TT_EINVAL, "t.yaml:7:40: error: 'min' must be <= 'max', got 3 > 2"},
        {IC_HEAD "inference_component: {instances: {min: 5}}\n", TT_EINVAL,
         "t.yaml:7:40: error: 'min' must be <= 'max', got 5 > 4 (the "
         "default 'max': the instances 'capacity.max' copies need)"},
        {IC_HEAD "inference_component: {instances: {max: 0}}\n", TT_ERANGE,
         "t.yaml:7:40: error: 'max' must be between 1 and 100000, got 0"},
        {IC_HEAD "inference_component: {instances: {max: 1e12}}\n",
         TT_ERANGE,
         "t.yaml:7:40: error: 'max' must be between 1 and 100000, got 1e12"},
        {IC_HEAD "inference_component: {instances: {min: -1}}\n", TT_ERANGE,
         "t.yaml:7:40: error: 'min' must be between 0 and 100000, got -1"},
        /* 5 initial copies at 2 per instance need 3 */
        {IC_RES "capacity: {min: 0, max: 8, initial: 5}\n" IC_POL WL SIM
         "inference_component: {copies_per_instance: 2, instances: {max: "
         "2}}\n",
         TT_EINVAL,
         "t.yaml:7:64: error: 'max' must be >= 3 (the instances the 5 "
         "initial copies need at 2 per instance), got 2"},
        {IC_HEAD "inference_component: {wake_from_zero: always}\n", TT_EINVAL,
         "t.yaml:7:39: error: 'wake_from_zero' must be 'none', 'doc' or "
         "'notebook', got 'always'"},
        /* the preset's names are its own */
        {IC_RES IC_CAP0
         "policies:\n"
         "  - name: wake-from-zero\n"
         "    TargetTrackingScalingPolicyConfiguration: {TargetValue: 1, "
         "PredefinedMetricSpecification: {PredefinedMetricType: "
         "SageMakerInferenceComponentInvocationsPerCopy}}\n" WL SIM
         "inference_component: {wake_from_zero: doc}\n",
         TT_EINVAL,
         "t.yaml:8:23: error: the wake_from_zero preset adds a step scaling "
         "policy and an alarm named 'wake-from-zero', and the policy at "
         "t.yaml:5:47 has that name (rename it)"},
        {IC_RES IC_CAP0
         "policies:\n"
         "  - StepScalingPolicyConfiguration: {AdjustmentType: "
         "ChangeInCapacity, StepAdjustments: [{MetricIntervalLowerBound: 0, "
         "ScalingAdjustment: 1}]}\n"
         "    alarm: {AlarmName: wake-from-zero, Namespace: AWS/SageMaker, "
         "MetricName: InvocationsPerCopy, Dimensions: [{Name: "
         "InferenceComponentName, Value: llm}], Statistic: Sum, Period: 60, "
         "EvaluationPeriods: 1, Threshold: 9, ComparisonOperator: "
         "GreaterThanThreshold}\n" WL SIM
         "inference_component: {wake_from_zero: notebook}\n",
         TT_EINVAL,
         "t.yaml:8:23: error: the wake_from_zero preset adds a step scaling "
         "policy and an alarm named 'wake-from-zero', and the alarm at "
         "t.yaml:5:24 has that name (rename it)"},
        /* the 10 s failures need a step that divides them */
        {IC_RES IC_CAP0 IC_POL WL
         "simulation: {duration: 1h, period: 60s}\n"
         "inference_component: {no_capacity_resolution: 10s, "
         "wake_from_zero: doc}\n",
         TT_EINVAL,
         "t.yaml:6:36: error: 'period' must divide the metric period of "
         "alarm 'wake-from-zero' (10s), got 60s"},
        {CAP POL WL SIM "aws: {variant_min_zero: fail}\n", TT_EINVAL,
         "t.yaml:6:25: error: 'variant_min_zero' must be 'warn' or 'error', "
         "got 'fail'"},
};

START_TEST(test_ic_errors)
{
	tt_scenario s;
	tt_diag d;
	char buf[1000];
	tt_code rc = load(ic_error_cases[_i].yaml, &s, &d);
	tu_diag_str(&d, buf, sizeof buf);
	ck_assert_msg(rc == ic_error_cases[_i].code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), buf);
	ck_assert_str_eq(buf, ic_error_cases[_i].msg);
	assert_zeroed(&s);
}
END_TEST

static Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc;

	tc = tcase_create("full");
	tcase_add_test(tc, test_full);
	suite_add_tcase(s, tc);

	tc = tcase_create("defaults");
	tcase_add_test(tc, test_defaults);
	suite_add_tcase(s, tc);

	tc = tcase_create("rates");
	tcase_add_loop_test(tc, test_rates, 0,
	                    sizeof rate_cases / sizeof rate_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("shapes");
	tcase_add_test(tc, test_shapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_override_past_a_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("delays");
	tcase_add_loop_test(tc, test_delays, 0,
	                    sizeof delay_cases / sizeof delay_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_test(tc, test_files);
	suite_add_tcase(s, tc);

	tc = tcase_create("period_and_alarms");
	tcase_add_test(tc, test_period_and_alarms);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_errors, 0,
	                    sizeof error_cases / sizeof error_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("ic_defaults");
	tcase_add_test(tc, test_ic_defaults);
	suite_add_tcase(s, tc);

	tc = tcase_create("ic_every_key");
	tcase_add_test(tc, test_ic_every_key);
	suite_add_tcase(s, tc);

	tc = tcase_create("ic_presets");
	tcase_add_loop_test(tc, test_ic_presets, 0,
	                    sizeof preset_cases / sizeof preset_cases[0]);
	tcase_add_test(tc, test_ic_preset_beside_step);
	suite_add_tcase(s, tc);

	tc = tcase_create("ic_pending_warning");
	tcase_add_test(tc, test_ic_pending_warning);
	suite_add_tcase(s, tc);

	tc = tcase_create("min_zero");
	tcase_add_loop_test(tc, test_min_zero, 0,
	                    sizeof min_zero_cases / sizeof min_zero_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("ic_errors");
	tcase_add_loop_test(tc, test_ic_errors, 0,
	                    sizeof ic_error_cases / sizeof ic_error_cases[0]);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run_suite(scenario_suite());
}
