/*
 * test_aws_forms.c - the shapes AWS users keep their scaling setup in:
 * PutScalingPolicy requests, describe-scaling-policies output,
 * RegisterScalableTarget requests, describe-scalable-targets output and
 * CloudFormation templates, loaded into a scenario; the resource table
 * and its default cooldowns; CloudFormation expressions in the node tree.
 *
 * The files are in tests/data/aws/, written after the documented shapes of
 * the AWS CLI's output and of CloudFormation templates.  Scenarios are
 * inline text whose relative paths resolve against that folder.
 */
#include "ttsim/policy.h"
#include "ttsim/resource.h"
#include "ttsim/scenario.h"
#include "ttsim/validate.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "alarm_def.h"
#include "aws_forms.h"
#include "node.h"
#include "step.h"
#include "testutil.h"

#define WL "workload: {synthetic: {shape: constant, rate: 600}}\n"
#define SIM "simulation: {duration: 1h}\n"
#define S(x) ((tt_time_us)(x)*TT_US_PER_S)

static tt_code load(const char *yaml, tt_scenario *s, tt_diag *d)
{
	char dir[512];
	tu_src_path(dir, sizeof dir, "tests/data/aws");
	tt_diag_clear(d);
	return tt_scenario_load_text(yaml, strlen(yaml), "t.yaml", dir, s, d);
}

static void load_ok(const char *yaml, tt_scenario *s)
{
	tt_diag d;
	char buf[800];
	tt_code rc = load(yaml, s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* The message part of a diag (after "error: "), without the place. */
static const char *message(const tt_diag *d)
{
	return d->msg;
}

/* The file's base name in a diag, for stable assertions. */
static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ---- step scaling and its alarms ---- */

#define STEP_CAP "capacity: {min: 1, max: 20, initial: 4}\n"

/* A PutScalingPolicy request with its PutMetricAlarm: everything the
 * engine reads. */
START_TEST(test_step_put_with_alarm)
{
	tt_scenario s;
	load_ok(STEP_CAP "policies:\n"
	                 "  - file: step-out.json\n"
	                 "    alarm: {file: alarm-out.json}\n" WL SIM,
	        &s);
	ck_assert_uint_eq(s.n_policies, 0);
	ck_assert_uint_eq(s.n_step_policies, 1);
	const tt_step_policy *p = &s.step_policies[0];
	ck_assert_str_eq(p->name, "checkout-step-out");
	ck_assert_int_eq(p->adjustment_type, TT_ADJ_PERCENT_CHANGE_IN_CAPACITY);
	ck_assert_int_eq(p->min_adjustment_magnitude, 2);
	ck_assert_int_eq(p->cooldown_us, S(120));
	ck_assert_int_eq(p->aggregation, TT_STEP_AGG_MAXIMUM);
	ck_assert_uint_eq(p->n_steps, 2);
	ck_assert(p->steps[0].has_lower && p->steps[0].has_upper);
	ck_assert_double_eq(p->steps[0].lower, 0);
	ck_assert_double_eq(p->steps[0].upper, 200);
	ck_assert_int_eq(p->steps[0].adjustment, 10);
	ck_assert(p->steps[1].has_lower && !p->steps[1].has_upper);
	ck_assert_int_eq(p->steps[1].adjustment, 30);
	ck_assert_str_eq(s.resource, "endpoint/checkout/variant/AllTraffic");

	ck_assert_uint_eq(s.n_alarms, 1);
	const tt_user_alarm *a = &s.alarms[0];
	ck_assert_str_eq(a->def->name, "checkout-invocations-high");
	ck_assert_double_eq(a->def->threshold, 1000);
	ck_assert_int_eq(a->def->op, TT_ALARM_OP_GE);
	ck_assert_int_eq(a->def->period_us, S(60));
	ck_assert_int_eq(a->def->evaluation_periods, 3);
	ck_assert_int_eq(a->def->datapoints_to_alarm, 2);
	ck_assert_int_eq(a->def->missing, TT_MISSING_NOT_BREACHING);
	/* the metric as a customized metric specification would give it */
	ck_assert_int_eq(a->metric.kind, TT_METRIC_CUSTOM);
	ck_assert_ptr_null(a->metric.math);
	ck_assert_str_eq(a->metric.metric_name, "InvocationsPerInstance");
	ck_assert_str_eq(a->metric.namespace_, "AWS/SageMaker");
	ck_assert_int_eq(a->metric.statistic, TT_STAT_SUM);
	ck_assert_uint_eq(a->metric.n_dimensions, 2);
	ck_assert_str_eq(a->metric.dimensions[1].name, "VariantName");
	ck_assert_str_eq(a->metric.dimensions[1].value, "AllTraffic");
	ck_assert_str_eq(base(a->metric.loc.file), "alarm-out.json");
	ck_assert_int_eq(a->metric.loc.line, 8);
	/* the entry's alarm and its AlarmActions' ARN: the one policy, once */
	ck_assert_uint_eq(a->n_policies, 1);
	ck_assert_uint_eq(a->policies[0], 0);
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);
}
END_TEST

/* describe-alarms output picked by name, one alarm invoking two policies
 * (its entry's and the one its AlarmActions name), a TT policy beside. */
START_TEST(test_step_describe_alarms)
{
	tt_scenario s;
	load_ok(STEP_CAP "policies:\n"
	                 "  - file: put-policy.json\n"
	                 "  - file: step-describe.json\n"
	                 "    alarm: {file: alarms-describe.json, name: "
	                 "checkout-invocations-low}\n"
	                 "  - file: step-out.json\n"
	                 "  - name: extra\n"
	                 "    PolicyType: StepScaling\n"
	                 "    StepScalingPolicyConfiguration:\n"
	                 "      AdjustmentType: ExactCapacity\n"
	                 "      StepAdjustments: [{MetricIntervalLowerBound: "
	                 "0, ScalingAdjustment: 12}]\n"
	                 "    alarm: {file: alarms-describe.json, name: "
	                 "checkout-invocations-high}\n" WL SIM,
	        &s);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_uint_eq(s.n_step_policies, 3);
	ck_assert_str_eq(s.step_policies[0].name, "checkout-step-in");
	ck_assert_str_eq(s.step_policies[1].name, "checkout-step-out");
	ck_assert_str_eq(s.step_policies[2].name, "extra");
	ck_assert_int_eq(s.step_policies[2].adjustment_type,
	                 TT_ADJ_EXACT_CAPACITY);
	ck_assert_uint_eq(s.n_alarms, 2);
	const tt_user_alarm *low = &s.alarms[0], *high = &s.alarms[1];
	ck_assert_str_eq(low->def->name, "checkout-invocations-low");
	ck_assert_int_eq(low->def->op, TT_ALARM_OP_LT);
	ck_assert_int_eq(low->def->period_us, S(300));
	ck_assert_int_eq(low->def->datapoints_to_alarm, 3);
	ck_assert_int_eq(low->def->missing, TT_MISSING_MISSING);
	ck_assert_uint_eq(low->n_policies, 1);
	ck_assert_uint_eq(low->policies[0], 0);
	ck_assert_str_eq(high->def->name, "checkout-invocations-high");
	ck_assert_uint_eq(high->n_policies, 2);
	ck_assert_uint_eq(high->policies[0], 2); /* its entry's */
	ck_assert_uint_eq(high->policies[1], 1); /* its AlarmActions' */
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);
}
END_TEST

/* One alarm file named by two entries is one alarm; an inline alarm; a
 * step policy on two alarms (a list). */
START_TEST(test_step_shared_and_inline)
{
	tt_scenario s;
	load_ok(STEP_CAP
	        "policies:\n"
	        "  - file: step-out.json\n"
	        "    alarm: {file: alarm-out.json}\n"
	        "  - file: step-describe.json\n"
	        "    alarm:\n"
	        "      - {file: alarm-out.json}\n"
	        "      - AlarmName: quiet\n"
	        "        Namespace: AWS/SageMaker\n"
	        "        MetricName: Invocations\n"
	        "        Dimensions: [{Name: EndpointName, Value: checkout}, "
	        "{Name: VariantName, Value: AllTraffic}]\n"
	        "        Statistic: Sum\n"
	        "        Period: 60\n"
	        "        EvaluationPeriods: 10\n"
	        "        Threshold: 100\n"
	        "        ComparisonOperator: LessThanOrEqualToThreshold\n"
	        "        TreatMissingData: breaching\n" WL SIM,
	        &s);
	ck_assert_uint_eq(s.n_step_policies, 2);
	ck_assert_uint_eq(s.n_alarms, 2);
	ck_assert_str_eq(s.alarms[0].def->name, "checkout-invocations-high");
	ck_assert_uint_eq(s.alarms[0].n_policies, 2);
	ck_assert_uint_eq(s.alarms[0].policies[0], 0);
	ck_assert_uint_eq(s.alarms[0].policies[1], 1);
	ck_assert_str_eq(s.alarms[1].def->name, "quiet");
	ck_assert_int_eq(s.alarms[1].def->op, TT_ALARM_OP_LE);
	ck_assert_int_eq(s.alarms[1].def->missing, TT_MISSING_BREACHING);
	ck_assert_int_eq(s.alarms[1].def->datapoints_to_alarm, 10);
	ck_assert_str_eq(s.alarms[1].metric.metric_name, "Invocations");
	ck_assert_uint_eq(s.alarms[1].n_policies, 1);
	ck_assert_uint_eq(s.alarms[1].policies[0], 1);
	tt_scenario_release(&s);
}
END_TEST

/* The knobs of SPEC.md 16 for step scaling. */
START_TEST(test_step_knobs)
{
	tt_scenario s;
	load_ok(STEP_CAP "policies: [{file: put-policy.json}]\n" WL SIM, &s);
	ck_assert_int_eq(s.aws.alarm_action_repeat_us, S(60));
	ck_assert_int_eq(s.aws.step_aggregation_window, TT_STEP_WINDOW_ALARM);
	ck_assert_int_eq(s.aws.step_tie_side, TT_STEP_TIE_OPERATOR);
	ck_assert(s.aws.min_adjustment_on_scale_in);
	ck_assert_int_eq(s.aws.step_cooldown_scope, TT_STEP_COOLDOWN_POLICY);
	tt_scenario_release(&s);
	load_ok(STEP_CAP "policies: [{file: put-policy.json}]\n" WL SIM
	                 "aws: {alarm_action_repeat: 0, "
	                 "step_aggregation_window: last, step_tie_side: below, "
	                 "min_adjustment_on_scale_in: false, "
	                 "step_cooldown_scope: target}\n",
	        &s);
	ck_assert_int_eq(s.aws.alarm_action_repeat_us, 0);
	ck_assert_int_eq(s.aws.step_aggregation_window, TT_STEP_WINDOW_LAST);
	ck_assert_int_eq(s.aws.step_tie_side, TT_STEP_TIE_BELOW);
	ck_assert(!s.aws.min_adjustment_on_scale_in);
	ck_assert_int_eq(s.aws.step_cooldown_scope, TT_STEP_COOLDOWN_TARGET);
	tt_step_knobs k;
	tt_step_knobs_from_aws(&k, &s.aws);
	ck_assert_int_eq(k.tie_side, TT_STEP_TIE_BELOW);
	ck_assert_int_eq(k.window, TT_STEP_WINDOW_LAST);
	ck_assert(!k.min_adjustment_on_scale_in);
	tt_scenario_release(&s);
}
END_TEST

static const struct step_error {
	const char *yaml;
	const char *msg; /* "file:line:col: message" with the file's base */
} step_errors[] = {
        {STEP_CAP "policies:\n  - file: step-out.json\n"
                  "    alarm: {file: alarms-describe.json, name: "
                  "checkout-invocations-hi}\n" WL SIM,
         "t.yaml:4:47: no alarm 'checkout-invocations-hi' in this file "
         "(did you mean 'checkout-invocations-high'?)"},
        {STEP_CAP "policies:\n  - file: step-out.json\n"
                  "    alarm: {file: alarms-describe.json}\n" WL SIM,
         "alarms-describe.json:2:21: this file holds 2 alarms "
         "('checkout-invocations-high', 'checkout-invocations-low'); name "
         "the one to use by its AlarmName"},
        {STEP_CAP "policies:\n  - file: put-policy.json\n"
                  "    alarm: {file: alarm-out.json}\n" WL SIM,
         "t.yaml:4:5: 'alarm' is for a step scaling policy, and this "
         "entry holds none (target tracking creates its own alarms)"},
        {STEP_CAP "policies:\n  - file: step-out.json\n"
                  "    alarm: {AlarmName: q, Namespace: Custom, "
                  "MetricName: QueueDepth, Statistic: Average, Period: 60, "
                  "EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: "
                  "GreaterThanThreshold}\n" WL SIM,
         "t.yaml:4:58: no model for custom metric 'QueueDepth': declare one "
         "under 'metrics:'"},
        {STEP_CAP "policies:\n  - file: step-out.json\n"
                  "    alarm: {AlarmName: hi, Namespace: AWS/SageMaker, "
                  "MetricName: Invocations, Statistic: Sum, Period: 60, "
                  "EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: "
                  "GreaterThanThreshold}\n"
                  "  - file: step-describe.json\n"
                  "    alarm: {AlarmName: hi, Namespace: AWS/SageMaker, "
                  "MetricName: Invocations, Statistic: Sum, Period: 60, "
                  "EvaluationPeriods: 2, Threshold: 5, ComparisonOperator: "
                  "GreaterThanThreshold}\n" WL SIM,
         "t.yaml:6:24: alarm 'hi' is defined twice (first at "
         "t.yaml:4:12); an AlarmName names one alarm"},
        {STEP_CAP "policies:\n  - PolicyType: StepScaling\n"
                  "    TargetTrackingScalingPolicyConfiguration: "
                  "{TargetValue: 5}\n" WL SIM,
         "t.yaml:3:17: PolicyType StepScaling needs "
         "'StepScalingPolicyConfiguration'"},
        {STEP_CAP "policies: [{file: put-policy.json}]\n" WL SIM
                  "aws: {step_tie_side: sideways}\n",
         "t.yaml:5:22: 'step_tie_side' must be 'operator', 'above' or "
         "'below', got 'sideways'"},
        {STEP_CAP "policies: [{file: put-policy.json}]\n" WL SIM
                  "aws: {alarm_action_repeat: -1s}\n",
         "t.yaml:5:28: duration must not be negative, got '-1s'"},
};

START_TEST(test_step_errors)
{
	const struct step_error *c = &step_errors[_i];
	tt_scenario s;
	tt_diag d;
	char got[2400];
	ck_assert_int_ne(load(c->yaml, &s, &d), TT_OK);
	snprintf(got, sizeof got, "%s:%d:%d: %s", base(d.file), d.line, d.col,
	         message(&d));
	ck_assert_str_eq(got, c->msg);
}
END_TEST

/* ---- PutScalingPolicy ---- */

static const struct put_case {
	const char *yaml;
	const char *name;
	tt_time_us out_us, in_us;
} put_cases[] = {
        {"capacity: {min: 1, max: 4}\n"
         "policies: [{file: put-policy.json}]\n" WL SIM,
         "checkout-invocations", S(300), S(600)},
        {"capacity: {min: 1, max: 4}\n"
         "policies: [{file: put-policy.json, name: mine}]\n" WL SIM,
         "mine", S(300), S(600)},
        {"resource: endpoint/checkout/variant/AllTraffic\n"
         "capacity: {min: 1, max: 4}\n"
         "policies: [{file: put-policy.json}]\n" WL SIM,
         "checkout-invocations", S(300), S(600)},
};

START_TEST(test_put_policy)
{
	const struct put_case *c = &put_cases[_i];
	tt_scenario s;
	load_ok(c->yaml, &s);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_str_eq(s.policies[0].name, c->name);
	ck_assert_double_eq(s.policies[0].target_value, 70.0);
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us, c->out_us);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, c->in_us);
	ck_assert_str_eq(s.resource, "endpoint/checkout/variant/AllTraffic");
	ck_assert_str_eq(s.scalable_dimension,
	                 "sagemaker:variant:DesiredInstanceCount");
	ck_assert_str_eq(s.resource_type->label, "SageMaker endpoint variant");
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);
}
END_TEST

/* ---- describe-scaling-policies ---- */

START_TEST(test_describe_policies)
{
	tt_scenario s;
	load_ok("capacity: {min: 1, max: 4}\n"
	        "policies: [{file: describe-policies.json}]\n" WL SIM,
	        &s);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_str_eq(s.policies[0].name, "checkout-invocations");
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, S(600));
	ck_assert_str_eq(s.resource, "endpoint/checkout/variant/AllTraffic");
	/* the step entry beside it is read too, and warned of: no alarm
	 * invokes it */
	ck_assert_uint_eq(s.n_step_policies, 1);
	ck_assert_str_eq(s.step_policies[0].name, "checkout-step");
	ck_assert_int_eq(s.step_policies[0].cooldown_us, S(120));
	ck_assert_uint_eq(s.notes.count, 2);
	ck_assert_int_eq(s.notes.items[0].severity, TT_SEV_NOTE);
	ck_assert_str_eq(s.notes.items[0].msg,
	                 "ignored 1 scaling policy of other scalable targets");
	ck_assert_int_eq(s.notes.items[1].severity, TT_SEV_WARNING);
	ck_assert_int_eq(s.notes.items[1].line, 37);
	ck_assert_str_eq(s.notes.items[1].msg,
	                 "step scaling policy 'checkout-step' is never "
	                 "invoked: no alarm's AlarmActions name it, and no "
	                 "'alarm:' comes with it");
	tt_scenario_release(&s);

	/* Another endpoint of the same file: the step policy is then an
	 * other target's, and the CPU policy needs its model. */
	load_ok("resource: endpoint/search/variant/AllTraffic\n"
	        "capacity: {min: 1, max: 4}\n"
	        "policies: [{file: describe-policies.json}]\n"
	        "metrics: {CPUUtilization: {model: linear, per_rps: 1}}\n" WL
	                SIM,
	        &s);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_str_eq(s.policies[0].name, "search-cpu");
	ck_assert_uint_eq(s.notes.count, 1);
	ck_assert_str_eq(s.notes.items[0].msg,
	                 "ignored 2 scaling policies of other scalable "
	                 "targets");
	tt_scenario_release(&s);
}
END_TEST

/* ---- RegisterScalableTarget and describe-scalable-targets ---- */

START_TEST(test_register)
{
	tt_scenario s;
	load_ok("capacity: {register: register-target.json, initial: 3}\n"
	        "policies: [{file: put-policy.json}]\n" WL SIM,
	        &s);
	ck_assert_int_eq(s.min_capacity, 2);
	ck_assert_int_eq(s.max_capacity, 20);
	ck_assert_int_eq(s.initial_capacity, 3);
	ck_assert(s.scale_in_suspended);
	ck_assert(!s.scale_out_suspended);
	ck_assert_str_eq(base(s.locs.max.file), "register-target.json");
	ck_assert_int_eq(s.locs.max.line, 6);
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);

	/* The scenario's values win, and say so. */
	load_ok("capacity:\n"
	        "  register: register-target.json\n"
	        "  max: 30\n"
	        "  suspended: {DynamicScalingInSuspended: false}\n"
	        "policies: [{file: put-policy.json}]\n" WL SIM,
	        &s);
	ck_assert_int_eq(s.min_capacity, 2);
	ck_assert_int_eq(s.initial_capacity, 2);
	ck_assert_int_eq(s.max_capacity, 30);
	ck_assert(!s.scale_in_suspended);
	ck_assert_uint_eq(s.notes.count, 1);
	ck_assert_str_eq(
	        base(s.notes.items[0].msg +
	             strlen("'max' 30 overrides MaxCapacity 20 from ")),
	        "register-target.json'");
	tt_scenario_release(&s);
}
END_TEST

START_TEST(test_describe_targets)
{
	tt_scenario s;
	load_ok("scalable_dimension: dynamodb:table:WriteCapacityUnits\n"
	        "capacity: {register: describe-targets-dynamodb.json}\n"
	        "policies: [{file: dynamodb-write-policy.json}]\n"
	        "metrics: {ConsumedWriteCapacityUnits: {model: linear, "
	        "per_rps: 1}}\n" WL SIM,
	        &s);
	ck_assert_str_eq(s.resource, "table/orders");
	ck_assert_int_eq(s.min_capacity, 5);
	ck_assert_int_eq(s.max_capacity, 200);
	ck_assert_str_eq(s.policies[0].name, "orders-write");
	/* DynamoDB's default cooldowns are 0. */
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us, 0);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, 0);
	tt_scenario_release(&s);
}
END_TEST

/*
 * SuspendedState.ScheduledScalingSuspended reaches the scenario from every
 * form that gives a scalable target (Terraform's suspended_state is in
 * test_tf.c), and the scenario's own `suspended` wins key by key.
 */
#define PUT_POLICY "policies: [{file: put-policy.json}]\n"
#define SCHED_ON "suspended: {ScheduledScalingSuspended: false}"

static const struct scheduled_case {
	const char *suspended; /* the target's file says so */
	const char *resumed;   /* ... and the scenario overrides it */
} scheduled_cases[] = {
        {"capacity: {register: register-scheduled-suspended.json}\n" PUT_POLICY,
         "capacity: {register: register-scheduled-suspended.json, " SCHED_ON
         "}\n" PUT_POLICY},
        {"capacity: {register: "
         "describe-target-scheduled-suspended.json}\n" PUT_POLICY,
         "capacity: {register: "
         "describe-target-scheduled-suspended.json, " SCHED_ON
         "}\n" PUT_POLICY},
        {"cloudformation: {file: scheduled-suspended-template.yaml}\n",
         "cloudformation: {file: scheduled-suspended-template.yaml}\n"
         "capacity: {" SCHED_ON "}\n"},
};

START_TEST(test_scheduled_suspended)
{
	const struct scheduled_case *c = &scheduled_cases[_i];
	char yaml[512];
	tt_scenario s;

	snprintf(yaml, sizeof yaml, "%s" WL SIM, c->suspended);
	load_ok(yaml, &s);
	ck_assert_int_eq(s.min_capacity, 2);
	ck_assert_int_eq(s.max_capacity, 8);
	ck_assert(s.scheduled_suspended);
	ck_assert(!s.scale_in_suspended && !s.scale_out_suspended);
	tt_scenario_release(&s);

	snprintf(yaml, sizeof yaml, "%s" WL SIM, c->resumed);
	load_ok(yaml, &s);
	ck_assert(!s.scheduled_suspended);
	ck_assert_int_eq(s.max_capacity, 8);
	tt_scenario_release(&s);

	/* a target whose file says nothing leaves scheduled actions on */
	load_ok("capacity: {register: register-target.json}\n" PUT_POLICY WL
	                SIM,
	        &s);
	ck_assert(!s.scheduled_suspended);
	tt_scenario_release(&s);
}
END_TEST

/* ---- CloudFormation ---- */

START_TEST(test_cloudformation)
{
	tt_scenario s;

	/* The SageMaker example: ResourceId and MaxCapacity are
	 * expressions, so the scenario gives them. */
	load_ok("resource: endpoint/my-endpoint/variant/AllTraffic\n"
	        "cloudformation: {file: sagemaker-template.yaml}\n"
	        "capacity: {max: 6}\n" WL SIM,
	        &s);
	ck_assert_int_eq(s.min_capacity, 1);
	ck_assert_int_eq(s.max_capacity, 6);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_str_eq(s.policies[0].name,
	                 "SageMakerVariantInvocationsPerInstance");
	ck_assert_double_eq(s.policies[0].target_value, 70.0);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, S(600));
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us, S(30));
	ck_assert_str_eq(s.scalable_dimension,
	                 "sagemaker:variant:DesiredInstanceCount");
	tt_scenario_release(&s);

	/* JSON, numbers as strings, a Ref by map, a step policy with no alarm. */
	load_ok("cloudformation: {file: two-targets.json, target: "
	        "VariantTarget}\n" WL SIM,
	        &s);
	ck_assert_str_eq(s.resource, "endpoint/checkout/variant/AllTraffic");
	ck_assert_int_eq(s.min_capacity, 2);
	ck_assert_int_eq(s.max_capacity, 10);
	ck_assert(!s.scale_out_suspended);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_str_eq(s.policies[0].name, "VariantInvocations");
	ck_assert_double_eq(s.policies[0].target_value, 70.0);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, S(600));
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us, S(300));
	ck_assert_uint_eq(s.n_step_policies, 1);
	ck_assert_str_eq(s.step_policies[0].name, "variant-step");
	ck_assert_uint_eq(s.notes.count, 2);
	ck_assert_str_eq(s.notes.items[0].msg,
	                 "ignored 1 scaling policy of other scalable targets");
	ck_assert_str_eq(s.notes.items[1].msg,
	                 "step scaling policy 'variant-step' is never invoked: "
	                 "no alarm's AlarmActions name it, and no 'alarm:' "
	                 "comes with it");
	tt_scenario_release(&s);

	/* Attached by ResourceId; the expression MinCapacity overridden;
	 * `policies:` adds to the template's. */
	load_ok("cloudformation: {file: two-targets.json, target: "
	        "ComponentTarget}\n"
	        "capacity: {min: 1}\n"
	        "policies:\n"
	        "  - name: extra\n"
	        "    TargetTrackingScalingPolicyConfiguration: {TargetValue: "
	        "9, PredefinedMetricSpecification: {PredefinedMetricType: "
	        "SageMakerInferenceComponentInvocationsPerCopy}}\n" WL SIM,
	        &s);
	ck_assert_str_eq(s.resource, "inference-component/checkout-ic");
	ck_assert_int_eq(s.min_capacity, 1);
	ck_assert_int_eq(s.max_capacity, 8);
	ck_assert_uint_eq(s.n_policies, 2);
	ck_assert_str_eq(s.policies[0].name, "component-copies");
	ck_assert_str_eq(s.policies[1].name, "extra");
	tt_scenario_release(&s);

	/* DynamoDB: the write target, with a custom metric model. */
	load_ok("cloudformation: {file: dynamodb-template.yaml, target: "
	        "WriteTarget}\n"
	        "metrics: {ConsumedWriteCapacityUnits: {model: linear, "
	        "per_rps: 1}}\n" WL SIM,
	        &s);
	ck_assert_str_eq(s.scalable_dimension,
	                 "dynamodb:table:WriteCapacityUnits");
	ck_assert_int_eq(s.max_capacity, 200);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, 0);
	tt_scenario_release(&s);
}
END_TEST

/* ---- default cooldowns by resource type ---- */

static const struct cooldown_case {
	const char *resource;
	int cooldown_s;
} cooldown_cases[] = {
        {"endpoint/e/variant/v", 300},
        {"inference-component/ic", 300},
        {"service/prod/web", 300},
        {"spot-fleet-request/sfr-73fbd2ce-aa30-494c-8788-1cee4EXAMPLE", 300},
        {"instancegroup/j-2EEZNYKUA1NTV/ig-1791Y4E1L8YI0", 300},
        {"fleet/sample-fleet", 300},
        {"cluster:my-db-cluster", 300},
        {"table/orders", 0},
        {"table/orders/index/by-date", 0},
        {"function:my-function:prod", 0},
        {"keyspace/shop/table/orders", 0},
        {"arn:aws:comprehend:us-west-2:123456789012:document-classifier-"
         "endpoint/EXAMPLE",
         0},
        {"arn:aws:kafka:us-east-1:123456789012:cluster/demo/"
         "6357e0b2-0e6a-4b86-a0b4-70df934c2e31-5",
         0},
        {"replication-group/cache", 600},
        {"cache-cluster/memcached", 600},
        {"workspacespool/wspool-123456789", 300},
        {"https://example.execute-api.us-west-2.amazonaws.com/prod/"
         "scalableTargetDimensions/1-23456789",
         300},
};

START_TEST(test_cooldown_defaults)
{
	const struct cooldown_case *c = &cooldown_cases[_i];
	char yaml[1024];
	tt_scenario s;
	snprintf(yaml, sizeof yaml,
	         "resource: %s\n"
	         "capacity: {min: 1, max: 4}\n"
	         "policies:\n"
	         "  - TargetTrackingScalingPolicyConfiguration: {TargetValue: "
	         "50, CustomizedMetricSpecification: {MetricName: M, "
	         "Namespace: N, Statistic: Average}}\n"
	         "metrics: {M: {model: linear, per_rps: 1}}\n" WL SIM,
	         c->resource);
	load_ok(yaml, &s);
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us, S(c->cooldown_s));
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, S(c->cooldown_s));
	tt_scenario_release(&s);
}
END_TEST

/* ---- the resource table ---- */

static const struct resource_case {
	const char *id, *dimension, *ns;
	const char *msg; /* NULL: valid */
} resource_cases[] = {
        {"endpoint/e/variant/v", "sagemaker:variant:DesiredInstanceCount",
         "sagemaker", NULL},
        {"endpoint/e/variant/v",
         "sagemaker:variant:DesiredProvisionedConcurrency", NULL, NULL},
        {"table/t", "dynamodb:table:ReadCapacityUnits", "dynamodb", NULL},
        {"table/t/index/i", "dynamodb:index:WriteCapacityUnits", NULL, NULL},
        {"cluster:db", "neptune:cluster:ReadReplicaCount", "neptune", NULL},
        {"table/t", "dynamodb:index:ReadCapacityUnits", NULL,
         "ResourceId 'table/t' does not fit ScalableDimension "
         "'dynamodb:index:ReadCapacityUnits' (expected "
         "'table/<table>/index/<index>')"},
        {"service/c/s", "ecs:service:DesiredCount", "ec2",
         "ServiceNamespace 'ec2' does not match ScalableDimension "
         "'ecs:service:DesiredCount' (expected 'ecs')"},
        {"service/c/s", "ecs:service:Count", NULL,
         "unknown ScalableDimension 'ecs:service:Count' (the accepted ones "
         "are listed in docs/policies.md)"},
        {"service/c", NULL, NULL,
         "unknown ResourceId 'service/c' (expected a form such as "
         "'endpoint/<endpoint>/variant/<variant>' or "
         "'service/<cluster>/<service>'; the accepted ones are listed in "
         "docs/policies.md)"},
        {"endpoint//variant/v", NULL, NULL,
         "unknown ResourceId 'endpoint//variant/v' (expected a form such "
         "as 'endpoint/<endpoint>/variant/<variant>' or "
         "'service/<cluster>/<service>'; the accepted ones are listed in "
         "docs/policies.md)"},
};

START_TEST(test_resource_table)
{
	const struct resource_case *c = &resource_cases[_i];
	const tt_resource_type *t = NULL;
	tt_loc at = {"r", 1, 1};
	tt_diag d;
	tt_diag_clear(&d);
	tt_code rc = tt_resource_check(c->id, at, c->dimension, at, c->ns, at,
	                               &t, &d);
	if (!c->msg) {
		ck_assert_int_eq(rc, TT_OK);
		ck_assert_ptr_nonnull(t);
		if (c->dimension)
			ck_assert_str_eq(t->dimension, c->dimension);
	} else {
		ck_assert_int_eq(rc, TT_EINVAL);
		ck_assert_str_eq(message(&d), c->msg);
	}
	/* Every row's own pattern example fits it. */
	size_t n;
	const tt_resource_type *all = tt_resource_types(&n);
	ck_assert_uint_eq(n, 24);
	ck_assert_ptr_eq(tt_resource_find("table/x",
	                                  "dynamodb:table:WriteCapacityUnits"),
	                 &all[8]);
}
END_TEST

/* ---- errors, with their exact place and message ---- */

static const struct error_case {
	const char *yaml;
	const char *where; /* base name:line:col */
	const char *msg;
} error_cases[] = {
        {"cloudformation: {file: two-targets.json}\n" WL SIM, "t.yaml:1:17",
         "the template declares 2 scalable targets (VariantTarget, "
         "ComponentTarget); choose one with 'target'"},
        {"cloudformation: {file: two-targets.json, target: Nope}\n" WL SIM,
         "t.yaml:1:50",
         "no resource 'Nope' in the template (its scalable targets: "
         "VariantTarget, ComponentTarget)"},
        {"cloudformation: {file: two-targets.json, target: "
         "VariantInvocations}\n" WL SIM,
         "t.yaml:1:50",
         "resource 'VariantInvocations' is "
         "AWS::ApplicationAutoScaling::ScalingPolicy, not an "
         "AWS::ApplicationAutoScaling::ScalableTarget"},
        {"cloudformation: {file: two-targets.json, target: "
         "ComponentTarget}\n" WL SIM,
         "two-targets.json:19:32",
         "'MinCapacity' is a CloudFormation expression ('Ref: MinCopies'); "
         "give the value in the scenario ('capacity.min')"},
        {"resource: endpoint/x/variant/AllTraffic\n"
         "cloudformation: {file: sagemaker-params.yaml, parameters: "
         "{ScaleInSeconds: 600}}\n" WL SIM,
         "sagemaker-params.yaml:17:20",
         "'MaxCapacity' is a CloudFormation expression ('!Ref "
         "MaxInstances'); give the value in the scenario ('capacity.max', "
         "or parameter MaxInstances in 'cloudformation.parameters')"},
        {"cloudformation: {file: sagemaker-template.yaml}\n"
         "capacity: {max: 4}\n" WL SIM,
         "sagemaker-template.yaml:19:19",
         "'ResourceId' is a CloudFormation expression ('!Join [/, "
         "[endpoint, !GetAtt Endpoint.En...'); give the value in the "
         "scenario ('resource')"},
        {"capacity: {register: register-target.json}\n"
         "policies: [{file: ecs-service-policy.json}]\n" WL SIM,
         "ecs-service-policy.json:4:19",
         "ResourceId 'service/prod-cluster/web' does not match the "
         "scenario's resource 'endpoint/checkout/variant/AllTraffic'"},
        {"capacity: {register: ecs-service-target.json}\n"
         "policies: [{file: ecs-service-policy.json}]\n" WL SIM,
         "ecs-service-policy.json:9:42",
         "'ECSServiceAverageCPUUtilization' needs 'instance.service_time' "
         "(the mean service time) in fluid mode"},
        {"capacity: {register: describe-targets-dynamodb.json}\n"
         "policies: [{file: dynamodb-write-policy.json}]\n" WL SIM,
         "describe-targets-dynamodb.json:2:24",
         "2 scalable targets in this file (table/orders "
         "dynamodb:table:ReadCapacityUnits, table/orders "
         "dynamodb:table:WriteCapacityUnits); say which with 'resource' "
         "and 'scalable_dimension'"},
        {"capacity: {register: put-policy.json}\n"
         "policies: [{file: put-policy.json}]\n" WL SIM,
         "put-policy.json:1:1",
         "expected a RegisterScalableTarget request or "
         "describe-scalable-targets output (with 'MinCapacity', "
         "'MaxCapacity' or 'ScalableTargets')"},
        {"capacity: {min: 1, max: 4}\n"
         "policies: [{file: register-target.json}]\n" WL SIM,
         "register-target.json:1:1",
         "this file holds a scalable target, not a scaling policy (use it "
         "in a scenario as 'capacity: {register: FILE}')"},
        {"capacity: {min: 1, max: 4}\n"
         "policies: [{file: describe-policies.json, name: x}]\n"
         "resource: endpoint/checkout/variant/AllTraffic\n" WL SIM,
         NULL, NULL},
        {"capacity: {min: 1, max: 4}\n"
         "policies: [{file: sagemaker-template.yaml}]\n" WL SIM,
         "sagemaker-template.yaml:1:1",
         "this file is a CloudFormation template, not a scaling policy "
         "(use it in a scenario as 'cloudformation: {file: FILE}')"},
        {"scalable_dimension: ecs:service:DesiredCount\n"
         "capacity: {min: 1, max: 4}\n"
         "policies: [{file: put-policy.json}]\n" WL SIM,
         "put-policy.json:5:26",
         "ScalableDimension 'sagemaker:variant:DesiredInstanceCount' does "
         "not match the scenario's 'ecs:service:DesiredCount'"},
};

START_TEST(test_errors)
{
	const struct error_case *c = &error_cases[_i];
	tt_scenario s;
	tt_diag d;
	char where[300];
	tt_code rc = load(c->yaml, &s, &d);
	if (!c->msg) {
		/* one policy in the file for this resource: the name applies */
		ck_assert_int_eq(rc, TT_OK);
		ck_assert_str_eq(s.policies[0].name, "x");
		tt_scenario_release(&s);
		return;
	}
	ck_assert_int_ne(rc, TT_OK);
	snprintf(where, sizeof where, "%s:%d:%d", base(d.file), d.line, d.col);
	ck_assert_str_eq(where, c->where);
	ck_assert_str_eq(message(&d), c->msg);
}
END_TEST

/* ---- policy files read alone (ttsim validate FILE.json) ---- */

static const struct file_case {
	const char *file;
	const char *name; /* NULL: an error */
	const char *msg;
} file_cases[] = {
        {"tests/data/aws/put-policy.json", "checkout-invocations", NULL},
        {"tests/data/aws/describe-policies.json", "checkout-invocations", NULL},
        {"scenarios/policies/seed-predefined.json", "seed-predefined", NULL},
        {"tests/data/aws/step-out.json", NULL,
         "this file holds a step scaling policy, not target tracking (run "
         "it in a scenario, with its alarm: 'policies: [{file: FILE, "
         "alarm: {file: ALARM}}]')"},
        {"tests/data/aws/alarm-out.json", NULL,
         "this file holds a CloudWatch alarm, not a scaling policy (give "
         "it with the step policy it invokes: 'policies: [{file: POLICY, "
         "alarm: {file: FILE}}]')"},
        {"tests/data/aws/register-target.json", NULL,
         "this file holds a scalable target, not a scaling policy (use it "
         "in a scenario as 'capacity: {register: FILE}')"},
        {"tests/data/aws/two-targets.json", NULL,
         "this file is a CloudFormation template, not a scaling policy (use "
         "it in a scenario as 'cloudformation: {file: FILE}')"},
};

START_TEST(test_policy_file)
{
	const struct file_case *c = &file_cases[_i];
	char path[512];
	tt_policy p;
	tt_diag d;
	tu_src_path(path, sizeof path, c->file);
	tt_diag_clear(&d);
	tt_code rc = tt_policy_load_file(path, path, NULL, &p, &d);
	if (c->name) {
		ck_assert_msg(rc == TT_OK, "%s", d.msg);
		ck_assert_str_eq(p.name, c->name);
		tt_policy_release(&p);
	} else {
		ck_assert_int_ne(rc, TT_OK);
		ck_assert_str_eq(d.msg, c->msg);
	}
}
END_TEST

/* ---- CloudFormation expressions in the node tree ---- */

START_TEST(test_expressions)
{
	static const char yaml[] = "a: !Ref MaxParam\n"
	                           "b: !Join [',', [x, !Ref Y]]\n"
	                           "c: !GetAtt Endpoint.EndpointName\n"
	                           "d: {Ref: Z}\n"
	                           "e: \"10\"\n";
	tt_doc doc;
	tt_diag d;
	char buf[200];
	int64_t v;

	/* A scenario refuses tags... */
	tt_diag_clear(&d);
	ck_assert_int_eq(tt_doc_parse_yaml(yaml, strlen(yaml), "t", &doc, &d),
	                 TT_EUNSUPPORTED);
	ck_assert_str_eq(d.msg, "YAML tag '!Ref' is not supported here");

	/* ...a template keeps them, opaque. */
	ck_assert_int_eq(
	        tt_doc_parse_yaml_tags(yaml, strlen(yaml), "t", &doc, &d),
	        TT_OK);
	ck_assert_int_eq(tt_node_cfn_prepare(doc.root, &d), TT_OK);
	const tt_node *a = tt_node_map_get(doc.root, "a");
	ck_assert(tt_node_is_expression(a));
	ck_assert_str_eq(tt_node_expression_text(a, buf, sizeof buf),
	                 "!Ref MaxParam");
	ck_assert_str_eq(tt_node_expression_text(tt_node_map_get(doc.root, "b"),
	                                         buf, sizeof buf),
	                 "!Join [,, [x, !Ref Y]]");
	ck_assert_str_eq(tt_node_expression_text(tt_node_map_get(doc.root, "c"),
	                                         buf, sizeof buf),
	                 "!GetAtt Endpoint.EndpointName");
	ck_assert_str_eq(tt_node_expression_text(tt_node_map_get(doc.root, "d"),
	                                         buf, sizeof buf),
	                 "Ref: Z");
	ck_assert_int_eq(tt_node_int(a, "MaxCapacity", 0, 10, &v, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:1:4: error: 'MaxCapacity' is a CloudFormation "
	                 "expression ('!Ref MaxParam'); ttsim needs the value "
	                 "itself");
	/* A quoted number reads as a number in a template. */
	ck_assert_int_eq(
	        tt_node_int(tt_node_map_get(doc.root, "e"), "e", 0, 99, &v, &d),
	        TT_OK);
	ck_assert_int_eq(v, 10);
	tt_doc_release(&doc);

	/* JSON intrinsics are marked too. */
	static const char json[] = "{\"m\": {\"Fn::Sub\": \"${A}-b\"}, "
	                           "\"n\": {\"Ref\": \"X\", \"k\": 1}}";
	ck_assert_int_eq(tt_doc_parse_json(json, strlen(json), "j", &doc, &d),
	                 TT_OK);
	ck_assert_int_eq(tt_node_cfn_prepare(doc.root, &d), TT_OK);
	ck_assert(tt_node_is_expression(tt_node_map_get(doc.root, "m")));
	ck_assert(!tt_node_is_expression(tt_node_map_get(doc.root, "n")));
	tt_doc_release(&doc);
}
END_TEST

/*
 * Template parameters: the scenario's values, then Defaults, put in for
 * !Ref and for ${P} in !Sub; a !Sub that names something else (a
 * pseudo parameter) stays an expression; Fn::ImportValue of a !Sub is an
 * opaque value nobody needs; step-scaling policies in one warning.
 */
START_TEST(test_cloudformation_parameters)
{
	tt_scenario s;
	load_ok("cloudformation: {file: sagemaker-params.yaml, parameters: "
	        "{EndpointName: checkout, MaxInstances: 5, ScaleInSeconds: "
	        "'900'}}\n" WL SIM,
	        &s);
	ck_assert_str_eq(s.resource, "endpoint/checkout/variant/AllTraffic");
	ck_assert_int_eq(s.max_capacity, 5);
	ck_assert_uint_eq(s.n_policies, 1);
	/* the PolicyName !Sub names AWS::StackName: the logical ID names it */
	ck_assert_str_eq(s.policies[0].name, "ScalingPolicy");
	ck_assert_double_eq(s.policies[0].target_value, 70); /* Default */
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, S(900));
	/* its step policies are read, and no alarm invokes them */
	ck_assert_uint_eq(s.n_step_policies, 2);
	ck_assert_str_eq(s.step_policies[0].name, "step-out");
	ck_assert_uint_eq(s.notes.count, 2);
	ck_assert_str_eq(s.notes.items[1].msg,
	                 "step scaling policy 'step-in' is never invoked: no "
	                 "alarm's AlarmActions name it, and no 'alarm:' comes "
	                 "with it");
	tt_scenario_release(&s);

	/* the scenario's value wins over the Default */
	load_ok("cloudformation: {file: sagemaker-params.yaml, parameters: "
	        "{EndpointName: e, MaxInstances: 5, ScaleInSeconds: 60, "
	        "TargetInvocations: 140}}\n" WL SIM,
	        &s);
	ck_assert_double_eq(s.policies[0].target_value, 140);
	ck_assert_str_eq(s.resource, "endpoint/e/variant/AllTraffic");
	tt_scenario_release(&s);

	/* the AWS docs' shape: resources without `Resources` around them */
	load_ok("cloudformation: {file: sagemaker-fragment.yaml}\n" WL SIM, &s);
	ck_assert_str_eq(s.resource, "endpoint/checkout/variant/AllTraffic");
	ck_assert_int_eq(s.min_capacity, 2);
	ck_assert_int_eq(s.max_capacity, 8);
	ck_assert_str_eq(s.policies[0].name, "checkout-invocations");
	tt_scenario_release(&s);
}
END_TEST

/* `ttsim validate` on templates: notes for what a scenario gives. */
START_TEST(test_cloudformation_validate)
{
	static const struct {
		const char *file, *notes[8];
	} cases[] = {
	        {"tests/data/aws/sagemaker-fragment.yaml",
	         {"scalable target 'ScalingTarget' with 1 target-tracking "
	          "policy: 'checkout-invocations'"}},
	        {"tests/data/aws/sagemaker-template.yaml",
	         {"'ResourceId' is a CloudFormation expression ('!Join [/, "
	          "[endpoint, !GetAtt Endpoint.En...'); a run needs the "
	          "value in the scenario ('resource')",
	          "scalable target 'ScalingTarget' with 1 target-tracking "
	          "policy: 'SageMakerVariantInvocationsPerInstance'"}},
	        {"tests/data/aws/sagemaker-params.yaml",
	         {"'ResourceId' is a CloudFormation expression ('!Sub "
	          "endpoint/${EndpointName}/variant/Al...'); a run needs the "
	          "value in the scenario ('resource', or parameter "
	          "EndpointName in 'cloudformation.parameters')",
	          "'MaxCapacity' is a CloudFormation expression ('!Ref "
	          "MaxInstances'); a run needs the value in the scenario "
	          "('capacity.max', or parameter MaxInstances in "
	          "'cloudformation.parameters')",
	          "'ScaleInCooldown' is !Ref ScaleInSeconds, a template "
	          "parameter without a Default; a run needs it in the "
	          "scenario ('cloudformation.parameters.ScaleInSeconds')",
	          "step scaling policy 'step-out' is never invoked: no "
	          "alarm's AlarmActions name it, and no 'alarm:' comes with it",
	          "step scaling policy 'step-in' is never invoked: no "
	          "alarm's AlarmActions name it, and no 'alarm:' comes with it",
	          "scalable target 'ScalingTarget' with 2 step scaling "
	          "policies: 'step-out' (0 alarms), 'step-in' (0 alarms)",
	          "scalable target 'ScalingTarget' with 1 target-tracking "
	          "policy: 'ScalingPolicy' (it needs parameters)"}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[512], buf[800];
		const char *what = NULL;
		tt_diag_list notes = {0};
		tt_diag d = {0};
		tu_src_path(path, sizeof path, cases[i].file);
		tt_code rc = tt_validate_file(path, &what, &notes, &d);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
		ck_assert_str_eq(what, "CloudFormation template");
		size_t n = 0;
		while (n < 8 && cases[i].notes[n])
			n++;
		ck_assert_uint_eq(notes.count, n);
		for (size_t j = 0; j < n; j++)
			ck_assert_str_eq(notes.items[j].msg, cases[i].notes[j]);
		tt_diag_list_release(&notes);
	}
}
END_TEST

/* ---- where each form keeps its configurations (for --set) ---- */

/* What tt_aws_each_config gave: the TargetValue (target tracking) or
 * Cooldown (step) text of each, in order. */
typedef struct seen {
	char values[4][16];
	size_t n;
	size_t stop_at; /* fail on this call (1-based); 0: never */
} seen;

static tt_code note_config(tt_node *config, void *arg)
{
	seen *s = arg;
	const tt_node *v = tt_node_map_get(config, "TargetValue");
	if (!v)
		v = tt_node_map_get(config, "Cooldown");
	ck_assert_uint_lt(s->n, 4);
	snprintf(s->values[s->n], sizeof s->values[0], "%s",
	         v && v->kind == TT_NODE_SCALAR ? v->u.scalar.text : "-");
	if (++s->n == s->stop_at)
		return TT_EINVAL;
	return TT_OK;
}

#define CFG(v) "{\"TargetValue\": " v "}"
#define ENTRY(name, v)                                                         \
	"{\"PolicyName\": \"" name "\", \"PolicyARN\": \"arn\", "              \
	"\"TargetTrackingScalingPolicyConfiguration\": " CFG(v) "}"

#define STEP(v) "{\"StepAdjustments\": [], \"Cooldown\": " v "}"
#define STEP_ENTRY(name, v)                                                    \
	"{\"PolicyName\": \"" name "\", \"PolicyARN\": \"arn\", "              \
	"\"PolicyType\": \"StepScaling\", "                                    \
	"\"StepScalingPolicyConfiguration\": " STEP(v) "}"

#define TT TT_AWS_TARGET_TRACKING
static const struct config_case {
	const char *text;
	const char *values; /* what was given, comma-separated */
	tt_aws_config_kind kind;
} config_cases[] = {
        {CFG("1"), "1", TT},
        {"{\"PolicyName\": \"p\", \"ServiceNamespace\": \"ecs\", "
         "\"TargetTrackingScalingPolicyConfiguration\": " CFG("2") "}",
         "2", TT},
        {"{\"ScalingPolicies\": [" ENTRY("a", "3") ", " ENTRY("b", "4") "]}",
         "3,4", TT},
        {"[" ENTRY("a", "5") ", " ENTRY("b", "6") "]", "5,6", TT},
        {ENTRY("a", "7"), "7", TT},
        /* an entry without one (step scaling) is passed over */
        {"{\"ScalingPolicies\": [{\"PolicyName\": \"s\", \"PolicyARN\": "
         "\"arn\", \"PolicyType\": \"StepScaling\"}, " ENTRY("b", "8") "]}",
         "8", TT},
        /* forms that hold none, and a configuration that is no map */
        {"{\"PolicyName\": \"p\", \"PolicyType\": \"StepScaling\"}", "", TT},
        {"{\"MinCapacity\": 1, \"MaxCapacity\": 4, \"ResourceId\": \"r\"}", "",
         TT},
        {"{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}}",
         "", TT},
        {"{\"ScalingPolicies\": 5}", "", TT},
        {"[1, 2]", "", TT},
        {"5", "", TT},
        /* step configurations, in the same forms; each kind its own */
        {STEP("9"), "9", TT_AWS_STEP},
        {STEP("9"), "", TT},
        {CFG("1"), "", TT_AWS_STEP},
        {"{\"PolicyName\": \"p\", \"PolicyType\": \"StepScaling\", "
         "\"StepScalingPolicyConfiguration\": " STEP("10") "}",
         "10", TT_AWS_STEP},
        {"{\"ScalingPolicies\": [" ENTRY("a", "3") ", " STEP_ENTRY(
                 "s", "11") ", " STEP_ENTRY("t", "12") "]}",
         "11,12", TT_AWS_STEP},
        {"{\"ScalingPolicies\": [" ENTRY("a", "3") ", " STEP_ENTRY("s",
                                                                   "11") "]}",
         "3", TT},
        {"[" STEP_ENTRY("s", "13") "]", "13", TT_AWS_STEP},
        {STEP_ENTRY("s", "14"), "14", TT_AWS_STEP},
};

START_TEST(test_each_config)
{
	const struct config_case *c = &config_cases[_i];
	tt_doc doc;
	tt_diag d;
	char buf[300], got[64] = "";
	ck_assert_msg(tt_doc_parse_json(c->text, strlen(c->text), "p.json",
	                                &doc, &d) == TT_OK,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
	seen s = {0};
	size_t count = 99;
	ck_assert_int_eq(
	        tt_aws_each_config(doc.root, c->kind, note_config, &s, &count),
	        TT_OK);
	ck_assert_uint_eq(count, s.n);
	for (size_t i = 0; i < s.n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
		         i ? "," : "", s.values[i]);
	ck_assert_str_eq(got, c->values);

	/* the first error stops the walk and is returned */
	if (s.n > 1) {
		seen first = {.stop_at = 1};
		ck_assert_int_eq(tt_aws_each_config(doc.root, c->kind,
		                                    note_config, &first,
		                                    &count),
		                 TT_EINVAL);
		ck_assert_uint_eq(count, 1);
		ck_assert_uint_eq(first.n, 1);
	}
	tt_doc_release(&doc);
}
END_TEST

/* ---- a policy file validated alone keeps its readers' warnings ---- */

/* A step configuration whose MinAdjustmentMagnitude does not apply. */
#define MAG_CONFIG                                                             \
	"{\"AdjustmentType\": \"ChangeInCapacity\",\n"                         \
	" \"MinAdjustmentMagnitude\": 2,\n"                                    \
	" \"StepAdjustments\": [{\"MetricIntervalLowerBound\": 0,"             \
	" \"ScalingAdjustment\": 1}]}"
#define MAG_IDS                                                                \
	"\"ServiceNamespace\": \"ecs\", \"ResourceId\": "                      \
	"\"service/shop/orders\", \"ScalableDimension\": "                     \
	"\"ecs:service:DesiredCount\""
#define MAG_ENTRY                                                              \
	"{\"PolicyARN\": \"arn:aws:autoscaling:::scalingPolicy:x\", "          \
	"\"PolicyName\": \"orders-step\", " MAG_IDS ", \"PolicyType\": "       \
	"\"StepScaling\", \"StepScalingPolicyConfiguration\": " MAG_CONFIG "}"
#define MAG_WARNING                                                            \
	"warning: 'MinAdjustmentMagnitude' applies to AdjustmentType "         \
	"PercentChangeInCapacity only; ignored with ChangeInCapacity"

/*
 * Every form a step policy file takes, validated alone: the step
 * reader's warning is kept, at the key, before the note on the alarm it
 * needs; and the predictive entry a scenario skips with a warning.
 */
static const struct {
	const char *text;
	const char *want; /* the notes, "|"-separated, file "p.json" */
} alone_cases[] = {
        /* the bare configuration (file:// of the CLI) */
        {MAG_CONFIG, "p.json:2:28: " MAG_WARNING "|p.json:1:1: note: 1 step "
                     "scaling policy: a scenario gives each the alarm that "
                     "invokes it ('alarm: {file: FILE}' beside the policy)"},
        /* a PutScalingPolicy request */
        {"{\"PolicyName\": \"orders-step\", " MAG_IDS
         ", \"PolicyType\": \"StepScaling\",\n"
         " \"StepScalingPolicyConfiguration\": " MAG_CONFIG "}",
         "p.json:3:28: " MAG_WARNING "|p.json:1:1: note: 1 step scaling "
         "policy: a scenario gives each the alarm that invokes it ('alarm: "
         "{file: FILE}' beside the policy)"},
        /* describe-scaling-policies output: whole, its list, one entry */
        {"{\"ScalingPolicies\": [" MAG_ENTRY ", " MAG_ENTRY "]}",
         "p.json:2:28: " MAG_WARNING "|p.json:4:28: " MAG_WARNING
         "|p.json:1:1: note: 2 step scaling policies: a scenario gives each "
         "the alarm that invokes it ('alarm: {file: FILE}' beside the "
         "policy)"},
        {"[" MAG_ENTRY "]",
         "p.json:2:28: " MAG_WARNING "|p.json:1:1: note: 1 step scaling "
         "policy: a scenario gives each the alarm that invokes it ('alarm: "
         "{file: FILE}' beside the policy)"},
        /* a predictive entry beside a target-tracking one */
        {"[{\"PolicyARN\": \"a\", \"PolicyName\": \"tt\", " MAG_IDS
         ", \"PolicyType\": \"TargetTrackingScaling\", "
         "\"TargetTrackingScalingPolicyConfiguration\": {\"TargetValue\": "
         "70, \"PredefinedMetricSpecification\": {\"PredefinedMetricType\": "
         "\"ECSServiceAverageCPUUtilization\"}}},\n {\"PolicyARN\": \"b\", "
         "\"PolicyName\": \"pred\", " MAG_IDS
         ", \"PolicyType\": \"PredictiveScaling\"}]",
         "p.json:2:2: warning: skipped predictive scaling policy 'pred' "
         "(ttsim simulates target tracking and step scaling)"},
};

START_TEST(test_validate_alone)
{
	const char *text = alone_cases[_i].text;
	const char *what = NULL;
	tt_diag_list notes = {0};
	tt_diag d;
	char buf[800], got[2000] = "";
	tt_diag_clear(&d);
	ck_assert_msg(tt_validate_text(text, strlen(text), "p.json", NULL,
	                               &what, &notes, &d) == TT_OK,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
	for (size_t i = 0; i < notes.count; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
		         i ? "|" : "",
		         tu_diag_str(&notes.items[i], buf, sizeof buf));
	ck_assert_str_eq(got, alone_cases[_i].want);
	tt_diag_list_release(&notes);
}
END_TEST

/*
 * The reader without a scenario gives its warnings the words and place
 * a scenario's load of the same file gives them; with no list they are
 * dropped, and a bad file adds none.
 */
START_TEST(test_check_policies_notes)
{
	char path[512], yaml_path[512], buf[800];
	tu_src_path(path, sizeof path,
	            "tests/data/docs/step-policy-errors/magnitude.json");
	tu_src_path(yaml_path, sizeof yaml_path,
	            "tests/data/docs/step-policy-errors/magnitude.yaml");
	tt_doc doc;
	tt_diag d;
	tt_diag_clear(&d);
	ck_assert_int_eq(tt_aws_load_doc(path, &doc, &d), TT_OK);

	tt_diag_list notes = {0};
	tt_policy first;
	size_t n_step = 0;
	ck_assert_int_eq(tt_aws_check_policies(doc.root, NULL, (tt_loc){0},
	                                       "magnitude", &first, &n_step,
	                                       &notes, &d),
	                 TT_OK);
	ck_assert_ptr_null(first.name);
	ck_assert_uint_eq(n_step, 1);
	ck_assert_uint_eq(notes.count, 1);
	ck_assert_int_eq(notes.items[0].severity, TT_SEV_WARNING);

	/* the scenario that reads the same file: the same warning */
	tt_scenario s;
	ck_assert_msg(tt_scenario_load_file(yaml_path, &s, &d) == TT_OK, "%s",
	              tu_diag_str(&d, buf, sizeof buf));
	size_t found = 0;
	for (size_t i = 0; i < s.notes.count; i++) {
		const tt_diag *w = &s.notes.items[i];
		if (w->severity != TT_SEV_WARNING ||
		    strcmp(base(w->file), "magnitude.json") != 0)
			continue;
		found++;
		ck_assert_str_eq(w->msg, notes.items[0].msg);
		ck_assert_int_eq(w->line, notes.items[0].line);
		ck_assert_int_eq(w->col, notes.items[0].col);
		ck_assert_str_eq(base(w->file), base(notes.items[0].file));
	}
	ck_assert_uint_eq(found, 1);
	tt_scenario_release(&s);
	tt_diag_list_release(&notes);

	/* no list: read as before, the warning dropped */
	ck_assert_int_eq(tt_aws_check_policies(doc.root, NULL, (tt_loc){0},
	                                       "magnitude", NULL, &n_step, NULL,
	                                       &d),
	                 TT_OK);
	ck_assert_uint_eq(n_step, 1);
	tt_doc_release(&doc);

	/* a bad file: the error, and validate shows no warning with it */
	static const char bad[] = "[" MAG_ENTRY ", {\"PolicyName\": \"x\"}]";
	const char *what;
	ck_assert_int_eq(tt_validate_text(bad, strlen(bad), "p.json", NULL,
	                                  &what, &notes, &d),
	                 TT_EINVAL);
	ck_assert_uint_eq(notes.count, 0);
	tt_diag_list_release(&notes);
}
END_TEST

/* ---- one alarm file, two readings ---- */

/* Read the alarm of a.json: a PutMetricAlarm request, Threshold 100 at
 * 1:100. */
static void read_alarm(const tt_doc *doc, tt_alarm_def *a)
{
	tt_diag d;
	char buf[800];
	ck_assert_msg(tt_alarm_def_read(doc->root, NULL, (tt_loc){0}, NULL, a,
	                                &d) == TT_OK,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
}

/*
 * The same file named by two policy entries is one alarm; when --set
 * changed it for one entry only, the two readings differ, which is
 * refused at the override rather than one of them silently winning.
 */
START_TEST(test_alarm_read_twice)
{
	static const char text[] =
	        "{\"AlarmName\": \"high\", \"Namespace\": \"AWS/SageMaker\", "
	        "\"MetricName\": \"Invocations\", \"Statistic\": \"Sum\", "
	        "\"Period\": 60, \"EvaluationPeriods\": 1, \"Threshold\": 100, "
	        "\"ComparisonOperator\": \"GreaterThanThreshold\"}";
	static const char *const label =
	        "--set 'policies[1].alarm.Threshold=70'";
	tt_doc doc;
	tt_diag d;
	char buf[800];
	ck_assert_int_eq(
	        tt_doc_parse_json(text, strlen(text), "a.json", &doc, &d),
	        TT_OK);
	for (int changed = 0; changed < 3; changed++) {
		/* 0: neither reading changed; 1: the second; 2: the first */
		tt_scenario s;
		tt_alarm_def a, b;
		size_t index = 99;
		memset(&s, 0, sizeof s);
		read_alarm(&doc, &a);
		read_alarm(&doc, &b);
		tt_alarm_def *by_set = changed == 1 ? &b : &a;
		if (changed) {
			by_set->threshold = 70;
			by_set->threshold_loc = (tt_loc){label, 1, 36};
		}
		ck_assert_int_eq(tt_aws_add_alarm(&s, &a, &index, &d), TT_OK);
		ck_assert_uint_eq(index, 0);
		if (!changed) {
			ck_assert_int_eq(tt_aws_add_alarm(&s, &b, &index, &d),
			                 TT_OK);
			ck_assert_uint_eq(index, 0);
			ck_assert_uint_eq(s.n_alarms, 1);
		} else {
			ck_assert_int_eq(tt_aws_add_alarm(&s, &b, &index, &d),
			                 TT_EINVAL);
			ck_assert_str_eq(
			        tu_diag_str(&d, buf, sizeof buf),
			        "--set 'policies[1].alarm.Threshold=70':1:36: "
			        "error: alarm 'high' of 'a.json' is given to "
			        "two policies with different values (--set "
			        "changed it for one); an AlarmName names one "
			        "alarm: change it for every entry that names "
			        "the file");
			ck_assert_uint_eq(s.n_alarms, 1);
		}
		tt_scenario_release(&s);
	}
	tt_doc_release(&doc);
}
END_TEST

static Suite *aws_forms_suite(void)
{
	Suite *s = suite_create("aws_forms");
	TCase *tc;

	tc = tcase_create("put_policy");
	tcase_add_loop_test(tc, test_put_policy, 0,
	                    sizeof put_cases / sizeof put_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("step_scaling");
	tcase_add_test(tc, test_step_put_with_alarm);
	tcase_add_test(tc, test_step_describe_alarms);
	tcase_add_test(tc, test_step_shared_and_inline);
	tcase_add_test(tc, test_step_knobs);
	tcase_add_loop_test(tc, test_step_errors, 0,
	                    sizeof step_errors / sizeof *step_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("describe_policies");
	tcase_add_test(tc, test_describe_policies);
	suite_add_tcase(s, tc);

	tc = tcase_create("register");
	tcase_add_test(tc, test_register);
	suite_add_tcase(s, tc);

	tc = tcase_create("describe_targets");
	tcase_add_test(tc, test_describe_targets);
	suite_add_tcase(s, tc);

	tc = tcase_create("scheduled_suspended");
	tcase_add_loop_test(tc, test_scheduled_suspended, 0,
	                    sizeof scheduled_cases / sizeof *scheduled_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("cloudformation");
	tcase_add_test(tc, test_cloudformation);
	suite_add_tcase(s, tc);

	tc = tcase_create("cloudformation_parameters");
	tcase_add_test(tc, test_cloudformation_parameters);
	tcase_add_test(tc, test_cloudformation_validate);
	suite_add_tcase(s, tc);

	tc = tcase_create("cooldown_defaults");
	tcase_add_loop_test(tc, test_cooldown_defaults, 0,
	                    sizeof cooldown_cases / sizeof cooldown_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("resource_table");
	tcase_add_loop_test(tc, test_resource_table, 0,
	                    sizeof resource_cases / sizeof resource_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_errors, 0,
	                    sizeof error_cases / sizeof error_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy_file");
	tcase_add_loop_test(tc, test_policy_file, 0,
	                    sizeof file_cases / sizeof file_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("each_config");
	tcase_add_loop_test(tc, test_each_config, 0,
	                    sizeof config_cases / sizeof config_cases[0]);
	suite_add_tcase(s, tc);

	tc = tcase_create("expressions");
	tcase_add_test(tc, test_expressions);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate_alone");
	tcase_add_loop_test(tc, test_validate_alone, 0,
	                    sizeof alone_cases / sizeof alone_cases[0]);
	tcase_add_test(tc, test_check_policies_notes);
	suite_add_tcase(s, tc);

	tc = tcase_create("alarm_read_twice");
	tcase_add_test(tc, test_alarm_read_twice);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run_suite(aws_forms_suite());
}
