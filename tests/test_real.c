/*
 * test_real.c - configurations as real projects keep them, loaded the
 * way a user would.
 *
 * Each file in tests/data/real/ is our own, written to use the same forms
 * and constructs as one public configuration (tests/data/README.md names
 * it): AWS CLI JSON in every shape, CloudFormation and SAM templates, a
 * CDK-synthesized template, Terraform modules.  A case names its file in
 * a scenario of a few lines and asserts what was read: the scalable
 * target, the capacity, each policy's TargetValue, metric and cooldowns.
 * Where the metric has a model here (SageMaker's, or a custom metric
 * with a `metrics:` model) a short run must succeed too.
 *
 * Policies on the other services' predefined metrics (ECS, DynamoDB,
 * Aurora, Neptune, Lambda, Spot Fleet, ALB) are checked through the same
 * form loaders the scenario uses (and `ttsim validate` on the file), so
 * what was read is asserted apart from the metric models; the
 * runs-on-predefined-models cases then run each of them on those models.
 *
 * The last cases are the constructs the real files needed, one each.
 */
#include "ttsim/policy.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"
#include "ttsim/validate.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alarm_def.h"
#include "aws_forms.h"
#include "node.h"
#include "runutil.h"
#include "scheduled_action.h"
#include "step.h"
#include "testutil.h"
#include "tf.h"

#define S(x) ((tt_time_us)(x)*TT_US_PER_S)
#define UNSET (-1)

typedef struct want_policy {
	const char *name;
	double target;
	const char *metric; /* predefined type, custom MetricName, "math" */
	long out_s, in_s;   /* UNSET: the file sets none */
	bool no_scale_in;
} want_policy;

typedef struct want {
	const char *resource, *dimension;
	int min, max; /* UNSET: the file does not give it */
	size_t n;
	want_policy p[3];
} want;

static const char *real_dir(char *buf, size_t size)
{
	return tu_src_path(buf, size, "tests/data/real");
}

static const char *real_path(char *buf, size_t size, const char *name)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/data/real/%s", name);
	return tu_src_path(buf, size, rel);
}

static const char *metric_of(const tt_policy *p)
{
	const tt_metric_spec *m = &p->metric;
	if (m->kind == TT_METRIC_PREDEFINED)
		return tt_predefined_get(m->predefined)->name;
	return m->math ? "math" : m->metric_name;
}

/* The policies, target and dimension, as `w` says. */
static void check_read(const tt_scenario *s, const want *w)
{
	ck_assert_str_eq(s->resource, w->resource);
	if (w->dimension)
		ck_assert_str_eq(s->scalable_dimension, w->dimension);
	ck_assert_uint_eq(s->n_policies, w->n);
	for (size_t i = 0; i < w->n; i++) {
		const tt_policy *p = &s->policies[i];
		const want_policy *x = &w->p[i];
		ck_assert_str_eq(p->name, x->name);
		ck_assert_double_eq(p->target_value, x->target);
		ck_assert_str_eq(metric_of(p), x->metric);
		if (x->out_s != UNSET)
			ck_assert_int_eq(p->scale_out_cooldown_us, S(x->out_s));
		if (x->in_s != UNSET)
			ck_assert_int_eq(p->scale_in_cooldown_us, S(x->in_s));
		ck_assert(p->disable_scale_in == x->no_scale_in);
	}
}

/* The limits a form loader read: a number, or UNSET for none. */
static void check_cap(const tt_aws_capacity *cap, const want *w)
{
	ck_assert_int_eq(cap->min.state == TT_AV_SET ? cap->min.value : UNSET,
	                 w->min);
	ck_assert_int_eq(cap->max.state == TT_AV_SET ? cap->max.value : UNSET,
	                 w->max);
}

/* `ttsim validate FILE` succeeds and says what the file is. */
static void validate_ok(const char *name, const char *what)
{
	char path[512], buf[800];
	const char *got = NULL;
	tt_diag_list notes = {0};
	tt_diag d = {0};
	tt_code rc = tt_validate_file(real_path(path, sizeof path, name), &got,
	                              &notes, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(got, what);
	tt_diag_list_release(&notes);
}

/* ---- scenarios that run ---- */

#define WL(rate) "workload: {synthetic: {shape: constant, rate: " rate "}}\n"
#define SIM "simulation: {duration: 2h}\n"

static tt_code load_scenario(const char *yaml, tt_scenario *s, tt_diag *d)
{
	char dir[512];
	return tt_scenario_load_text(yaml, strlen(yaml), "real.yaml",
	                             real_dir(dir, sizeof dir), s, d);
}

/*
 * Load `yaml`, check what it read, run it, and check that the run scaled
 * out: its peak within [lo, hi] instances.  (A scale-out cooldown shorter
 * than the time an instance takes to come into service overshoots, as on
 * AWS: the metric stays high while the first new instances start.)
 */
static void load_and_run(const char *yaml, const want *w, int lo, int hi)
{
	ru_run r;
	char buf[1024];
	memset(&r, 0, sizeof r);
	tt_code rc = load_scenario(yaml, &r.s, &r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r.d, buf, sizeof buf));
	check_read(&r.s, w);
	ck_assert_int_eq(r.s.min_capacity, w->min);
	ck_assert_int_eq(r.s.max_capacity, w->max);
	tt_recorder rec = ru_recorder(&r);
	rc = tt_sim_run(&r.s, &rec, &r.sum, &r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r.d, buf, sizeof buf));
	ck_assert_uint_eq(r.sum.simulated_us, S(2 * 3600));
	ck_assert_int_ge(r.sum.scale_out_activities, 1);
	ck_assert_int_ge(r.sum.peak_desired, lo);
	ck_assert_int_le(r.sum.peak_desired, hi);
	ru_release(&r);
}

/* The scenario fails with `msg` (the file's base name and place). */
static void scenario_fails(const char *yaml, const char *msg)
{
	tt_scenario s;
	tt_diag d = {0};
	char buf[1024];
	ck_assert_int_ne(load_scenario(yaml, &s, &d), TT_OK);
	tu_diag_str(&d, buf, sizeof buf);
	const char *at = strstr(buf, "tests/data/real/");
	ck_assert_str_eq(at ? at + strlen("tests/data/real/") : buf, msg);
}

/* Seanyap90/crud_pdf scaling-policy.json: an SQS backlog custom metric. */
START_TEST(sqs_backlog_config)
{
	static const want w = {
	        "service/jobs/thumbnailer",
	        "ecs:service:DesiredCount",
	        1,
	        10,
	        1,
	        {{"sqs-backlog-config", 5, "ApproximateNumberOfMessagesVisible",
	          30, 240, false}}};
	validate_ok("sqs-backlog-config.json", "policy");
	/* each task holds 0.25 messages per request per second: 20/s over
	 * one task is 5 messages, the target, so 80/s needs 4; the 30 s
	 * cooldown, shorter than a start, overshoots */
	load_and_run("resource: service/jobs/thumbnailer\n"
	             "scalable_dimension: ecs:service:DesiredCount\n"
	             "capacity: {min: 1, max: 10}\n"
	             "policies: [{file: sqs-backlog-config.json}]\n"
	             "metrics:\n"
	             "  ApproximateNumberOfMessagesVisible: {model: linear, "
	             "per_rps: 0.25, max: 1000}\n" WL("80/s") SIM,
	             &w, 4, 10);
}
END_TEST

/*
 * aws-samples/amazon-sagemaker-safe-deployment-pipeline
 * assets/deploy-model-prd.yml: a SAM template whose target and policy
 * name the variant with the same !Sub of parameters without Defaults.
 */
START_TEST(sam_endpoint_template)
{
	static const want w = {
	        "endpoint/scoring-fraud-prd-b17/variant/blue-fraud",
	        "sagemaker:variant:DesiredInstanceCount",
	        3,
	        12,
	        1,
	        {{"ScoringInvocationsPerInstance", 420,
	          "SageMakerVariantInvocationsPerInstance", 45, 180, false}}};
	validate_ok("sam-endpoint-prd.yml", "CloudFormation template");
	/* 60/s is 3600 a minute, 8.6 instances at 420 each (the 45 s
	 * cooldown overshoots) */
	load_and_run("cloudformation:\n"
	             "  file: sam-endpoint-prd.yml\n"
	             "  parameters: {ModelName: fraud, BuildId: b17, "
	             "VariantPrefix: blue}\n" WL("60/s") SIM,
	             &w, 9, 12);
	/* or the ResourceId given whole: the !Sub stays unevaluated */
	load_and_run("resource: endpoint/scoring-fraud-prd-b17/variant/"
	             "blue-fraud\n"
	             "cloudformation: {file: sam-endpoint-prd.yml}\n" WL("60/s")
	                     SIM,
	             &w, 9, 12);
	scenario_fails(
	        "cloudformation: {file: sam-endpoint-prd.yml}\n" WL("60/s") SIM,
	        "sam-endpoint-prd.yml:163:19: error: 'ResourceId' is a "
	        "CloudFormation expression ('!Sub endpoint/scoring-"
	        "${ModelName}-prd-$...'); give the value in the "
	        "scenario ('resource', or parameters ModelName, "
	        "BuildId, VariantPrefix in 'cloudformation.parameters')");
}
END_TEST

/*
 * aws-samples/mlops-workshop deploy/Prd/deploy-model-Prd.yaml:
 * TargetValue, MinCapacity and MaxCapacity all !Ref parameters without
 * Defaults; the ResourceId a !Sub of another resource's attribute.
 */
START_TEST(template_with_ref_target)
{
	static const want w = {
	        "endpoint/churn-live/variant/AllTraffic",
	        "sagemaker:variant:DesiredInstanceCount",
	        2,
	        6,
	        1,
	        {{"KeepInvocationsPerInstance", 300,
	          "SageMakerVariantInvocationsPerInstance", 90, 240, false}}};
	validate_ok("endpoint-params-prd.yaml", "CloudFormation template");
	/* 20/s is 1200 a minute: 4 instances at 300 */
	load_and_run("resource: endpoint/churn-live/variant/AllTraffic\n"
	             "cloudformation:\n"
	             "  file: endpoint-params-prd.yaml\n"
	             "  parameters: {InstanceCount: 2, MaxInstances: 6, "
	             "InvocationsTarget: 300}\n" WL("20/s") SIM,
	             &w, 4, 10);
	scenario_fails("resource: endpoint/churn-live/variant/AllTraffic\n"
	               "cloudformation:\n"
	               "  file: endpoint-params-prd.yaml\n"
	               "  parameters: {InstanceCount: 2, MaxInstances: 6}\n" WL(
	                       "20/s") SIM,
	               "endpoint-params-prd.yaml:119:22: error: 'TargetValue' "
	               "is !Ref InvocationsTarget, a template parameter "
	               "without a Default; give it in the scenario "
	               "('cloudformation.parameters.InvocationsTarget')");
	scenario_fails("cloudformation:\n"
	               "  file: endpoint-params-prd.yaml\n"
	               "  parameters: {InstanceCount: 2, MaxInstances: 6, "
	               "InvocationsTarget: 300}\n" WL("20/s") SIM,
	               "endpoint-params-prd.yaml:104:19: error: 'ResourceId' "
	               "is a CloudFormation expression ('!Sub endpoint/"
	               "${Endpoint.EndpointName}/v...'); give the value in the "
	               "scenario ('resource')");
}
END_TEST

/*
 * aws-ia/terraform-aws-sagemaker-endpoint main.tf and variables.tf: an
 * object variable, null unless given, guards the target; optional()
 * defaults; the endpoint's name from another resource.
 */
START_TEST(terraform_sagemaker_module)
{
	static const want w = {
	        "endpoint/scorer-endpoint/variant/AllTraffic",
	        "sagemaker:variant:DesiredInstanceCount",
	        2, /* optional(number, 2) */
	        6,
	        1,
	        {{"VariantInvocationsTarget", 250,
	          "SageMakerVariantInvocationsPerInstance", 60, 300, false}}};
	/* 20/s is 1200 a minute: 4.8 instances at 250 */
	load_and_run("resource: endpoint/scorer-endpoint/variant/AllTraffic\n"
	             "terraform:\n"
	             "  files: [tf-sagemaker-endpoint/main.tf, "
	             "tf-sagemaker-endpoint/variables.tf]\n"
	             "  vars:\n"
	             "    scaling: {max_capacity: 6, target_value: 250, "
	             "scale_in_cooldown: 300, scale_out_cooldown: 60}\n" WL(
	                     "20/s") SIM,
	             &w, 5, 6);
	scenario_fails(
	        "terraform:\n"
	        "  files: [tf-sagemaker-endpoint/main.tf, "
	        "tf-sagemaker-endpoint/variables.tf]\n"
	        "  vars:\n"
	        "    scaling: {max_capacity: 6, target_value: 250, "
	        "scale_in_cooldown: 300, scale_out_cooldown: 60}\n" WL("20/s")
	                SIM,
	        "tf-sagemaker-endpoint/main.tf:75:36: error: 'resource_id' "
	        "needs 'aws_sagemaker_endpoint.endpoint.name', an attribute "
	        "only Terraform knows, which ttsim does not evaluate; give the "
	        "value in the scenario ('resource')");
}
END_TEST

/*
 * awsdocs/application-auto-scaling-user-guide
 * doc_source/application-auto-scaling-target-tracking-metric-math.md:
 * the SQS backlog per task as metric math in a configuration file.
 */
START_TEST(metric_math_config)
{
	static const want w = {
	        "service/render/renderer",
	        "ecs:service:DesiredCount",
	        1,
	        8,
	        1,
	        {{"sqs-backlog-per-task", 40, "math", UNSET, UNSET, false}}};
	validate_ok("sqs-backlog-per-task.json", "policy");
	/* A `metrics:` model is per task: the queue's Sum over the tasks is
	 * 10 x the rate however many there are, and m2's Average of one 1
	 * per task is 1, so the backlog per task stays at 120, over 40, and
	 * the policy scales out to its maximum. */
	load_and_run(
	        "resource: service/render/renderer\n"
	        "scalable_dimension: ecs:service:DesiredCount\n"
	        "capacity: {min: 1, max: 8}\n"
	        "policies: [{file: sqs-backlog-per-task.json}]\n"
	        "metrics:\n"
	        "  ApproximateNumberOfMessagesVisible: {model: linear, "
	        "per_rps: 10, max: 100000}\n"
	        "  RunningTaskCount: {model: linear, idle: 1, per_rps: 0}\n" WL(
	                "12/s") SIM,
	        &w, 8, 8);
}
END_TEST

/*
 * awsdocs/amazon-sagemaker-developer-guide
 * doc_source/endpoint-auto-scaling-add-code-apply.md: a PutScalingPolicy
 * request, the configuration's brace on its own line.
 */
START_TEST(put_policy_request)
{
	static const want w = {
	        "endpoint/ranker/variant/blue",
	        "sagemaker:variant:DesiredInstanceCount",
	        1,
	        10,
	        1,
	        {{"ranker-invocations", 120,
	          "SageMakerVariantInvocationsPerInstance", 300, 300, false}}};
	validate_ok("put-policy-request.json", "policy");
	/* 10/s is 600 a minute: 5 instances at 120 */
	load_and_run("capacity: {min: 1, max: 10}\n"
	             "policies: [{file: put-policy-request.json}]\n" WL("10/s")
	                     SIM,
	             &w, 5, 6);
}
END_TEST

/* ---- loaded through the form loaders (metrics not modelled here) ---- */

/* A policy file as `policies: [{file: ...}]` reads it. */
static void load_policy_file(const char *name, const char *resource,
                             tt_scenario *s)
{
	char path[512], buf[800], base[128];
	tt_doc doc = {0};
	tt_diag d = {0};
	memset(s, 0, sizeof *s);
	if (resource)
		s->resource = strdup(resource);
	snprintf(base, sizeof base, "%s", name);
	*strrchr(base, '.') = '\0';
	real_path(path, sizeof path, name);
	tt_code rc = tt_aws_load_doc(path, &doc, &d);
	if (!rc)
		rc = tt_aws_read_policies(s, doc.root, NULL, (tt_loc){0}, base,
		                          NULL, NULL, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	tt_doc_release(&doc);
}

/*
 * ASWINdevop/ETA-Predicion-MLOps and Lay-ke/LAMP_APP_ECS
 * scaling-policy.json: the ECS CPU configuration of the CLI's file://
 * form, the second indented oddly with blanks after its last brace.
 */
START_TEST(ecs_cli_configs)
{
	static const want a = {
	        "service/shop/web",
	        NULL,
	        UNSET,
	        UNSET,
	        1,
	        {{"ecs-cpu-config", 65, "ECSServiceAverageCPUUtilization", 45,
	          120, false}}};
	static const want b = {
	        "service/shop/web",
	        NULL,
	        UNSET,
	        UNSET,
	        1,
	        {{"ecs-cpu-indented", 40, "ECSServiceAverageCPUUtilization", 30,
	          90, false}}};
	tt_scenario s;
	validate_ok("ecs-cpu-config.json", "policy");
	validate_ok("ecs-cpu-indented.json", "policy");
	load_policy_file("ecs-cpu-config.json", "service/shop/web", &s);
	check_read(&s, &a);
	tt_scenario_release(&s);
	load_policy_file("ecs-cpu-indented.json", "service/shop/web", &s);
	check_read(&s, &b);
	tt_scenario_release(&s);
}
END_TEST

/*
 * aws/aws-cli awscli/examples/application-autoscaling/put-scaling-policy.rst
 * (example 3): ALBRequestCountPerTarget with its ResourceLabel, scale-in
 * disabled.
 */
START_TEST(alb_scale_out_only)
{
	static const want w = {"service/shop/web",
	                       NULL,
	                       UNSET,
	                       UNSET,
	                       1,
	                       {{"alb-scale-out-only", 800,
	                         "ALBRequestCountPerTarget", 45, 90, true}}};
	tt_scenario s;
	validate_ok("alb-scale-out-only.json", "policy");
	load_policy_file("alb-scale-out-only.json", "service/shop/web", &s);
	check_read(&s, &w);
	ck_assert_str_eq(s.policies[0].metric.resource_label,
	                 "app/shop-public-alb/0123456789abcdef/targetgroup/"
	                 "shop-web/fedcba9876543210");
	tt_scenario_release(&s);
}
END_TEST

/*
 * awsdocs/application-auto-scaling-user-guide
 * doc_source/create-target-tracking-policy-cli.md: describe-scaling-
 * policies through --query, a bare list, CreationTime in epoch seconds.
 */
START_TEST(describe_query_list)
{
	static const want w = {
	        "spot-fleet-request/sfr-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
	        "ec2:spot-fleet-request:TargetCapacity",
	        UNSET,
	        UNSET,
	        1,
	        {{"cpu55-target-tracking", 55,
	          "EC2SpotFleetRequestAverageCPUUtilization", UNSET, UNSET,
	          false}}};
	tt_scenario s;
	validate_ok("describe-query-spot.json", "policy");
	load_policy_file("describe-query-spot.json", NULL, &s);
	check_read(&s, &w);
	tt_scenario_release(&s);
}
END_TEST

/* A template through the loader `cloudformation:` uses. */
static void load_template(const char *name, const char *params_yaml,
                          const char *resource, tt_scenario *s,
                          tt_aws_capacity *cap)
{
	char path[512], buf[800];
	tt_doc params = {0};
	tt_diag d = {0};
	tt_cfn_input in = {0};
	memset(s, 0, sizeof *s);
	if (resource)
		s->resource = strdup(resource);
	if (params_yaml) {
		ck_assert_int_eq(tt_doc_parse_yaml(params_yaml,
		                                   strlen(params_yaml),
		                                   "p.yaml", &params, &d),
		                 TT_OK);
		in.parameters = params.root;
	}
	tt_code rc = tt_cfn_load(s, real_path(path, sizeof path, name), &in,
	                         cap, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	tt_doc_release(&params);
}

/* Does a note say `text`? */
static bool has_note(const tt_scenario *s, const char *text)
{
	for (size_t i = 0; i < s->notes.count; i++)
		if (strstr(s->notes.items[i].msg, text))
			return true;
	return false;
}

/*
 * aws-samples/ecs-refarch-cloudformation
 * services/website-service/service.yaml: an ECS service scaled by two
 * step policies (ScalingTargetId !Ref), each invoked by a CPU alarm whose
 * AlarmActions `!Ref` it, dimensions of `!Ref` and `!GetAtt`, numbers
 * quoted, the ResourceId a `!Join` the scenario gives.
 */
START_TEST(ecs_refarch_step_alarms)
{
	tt_scenario s;
	tt_diag d = {0};
	char buf[1024];
	validate_ok("ecs-step-alarms.yaml", "CloudFormation template");
	tt_code rc = load_scenario(
	        "resource: service/shop/catalog\n"
	        "cloudformation: {file: ecs-step-alarms.yaml, parameters: "
	        "{Cluster: shop}}\n"
	        "metrics: {CPUUtilization: {model: linear, per_rps: 4}}\n" WL(
	                "30/s") SIM,
	        &s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(s.scalable_dimension, "ecs:service:DesiredCount");
	ck_assert_int_eq(s.min_capacity, 2); /* the parameters' Defaults */
	ck_assert_int_eq(s.max_capacity, 6);
	ck_assert_uint_eq(s.n_policies, 0);
	ck_assert_uint_eq(s.n_step_policies, 2);
	const tt_step_policy *grow = &s.step_policies[0];
	const tt_step_policy *shrink = &s.step_policies[1];
	ck_assert_str_eq(grow->name, "CatalogGrowPolicy");
	ck_assert_int_eq(grow->adjustment_type, TT_ADJ_CHANGE_IN_CAPACITY);
	ck_assert_int_eq(grow->cooldown_us, S(900));
	ck_assert_int_eq(grow->aggregation, TT_STEP_AGG_AVERAGE);
	ck_assert_uint_eq(grow->n_steps, 1);
	ck_assert(grow->steps[0].has_lower && !grow->steps[0].has_upper);
	ck_assert_double_eq(grow->steps[0].lower, 0);
	ck_assert_int_eq(grow->steps[0].adjustment, 1);
	ck_assert_str_eq(shrink->name, "CatalogShrinkPolicy");
	ck_assert(!shrink->steps[0].has_lower && shrink->steps[0].has_upper);
	ck_assert_double_eq(shrink->steps[0].upper, 0);
	ck_assert_int_eq(shrink->steps[0].adjustment, -1);

	ck_assert_uint_eq(s.n_alarms, 2);
	const tt_user_alarm *high = &s.alarms[0], *low = &s.alarms[1];
	ck_assert_str_eq(high->def->name, "catalog CPU above 80%");
	ck_assert_int_eq(high->def->op, TT_ALARM_OP_GT);
	ck_assert_double_eq(high->def->threshold, 80); /* quoted '80' */
	ck_assert_int_eq(high->def->period_us, S(60));
	ck_assert_int_eq(high->def->evaluation_periods, 2);
	ck_assert_int_eq(high->def->datapoints_to_alarm, 2);
	ck_assert_uint_eq(high->n_policies, 1);
	ck_assert_uint_eq(high->policies[0], 0); /* !Ref CatalogGrowPolicy */
	ck_assert_str_eq(low->def->name, "catalog CPU below 40%");
	ck_assert_int_eq(low->def->op, TT_ALARM_OP_LT);
	ck_assert_int_eq(low->def->evaluation_periods, 12);
	ck_assert_uint_eq(low->n_policies, 1);
	ck_assert_uint_eq(low->policies[0], 1);
	/* the metric, as a customized metric specification */
	ck_assert_str_eq(high->metric.namespace_, "AWS/ECS");
	ck_assert_str_eq(high->metric.metric_name, "CPUUtilization");
	ck_assert_int_eq(high->metric.statistic, TT_STAT_MAXIMUM);
	ck_assert_uint_eq(high->metric.n_dimensions, 2);
	ck_assert_str_eq(high->metric.dimensions[0].value, "shop");
	ck_assert_str_eq(high->metric.dimensions[1].value,
	                 "!GetAtt CatalogService.Name");
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);

	/* without a model for the alarms' metric: the TT policies' error */
	scenario_fails("resource: service/shop/catalog\n"
	               "cloudformation: {file: ecs-step-alarms.yaml, "
	               "parameters: {Cluster: shop}}\n" WL("30/s") SIM,
	               "ecs-step-alarms.yaml:117:25: error: no model for "
	               "custom metric 'CPUUtilization': declare one under "
	               "'metrics:'");
}
END_TEST

/*
 * scenarios/ecs-step.yaml runs the template above: 25/s on 2 tasks is
 * 50 % CPU; 90/s from 30 minutes is 180 %, and the high alarm (2 of 2
 * minutes above 80) grows the service a task per invocation, one each
 * cooldown, to 5 (72 %); 20/s from 2 hours is under 40 % and the low
 * alarm (12 of 12) takes it back to the 2 of MinTasks.
 */
#define STEP_ROWS 240 /* 4h of one-minute rows */

typedef struct step_run {
	ru_run r;
	tt_recorder inner;
	tt_alarm_state alarms[STEP_ROWS][2]; /* each row's, at its end */
} step_run;

static tt_code keep_step_row(void *ctx, const tt_row *row, tt_diag *d)
{
	step_run *sr = ctx;
	size_t i = sr->r.n_rows;
	ck_assert_uint_lt(i, STEP_ROWS);
	ck_assert_ptr_nonnull(row->alarms);
	sr->alarms[i][0] = row->alarms[0];
	sr->alarms[i][1] = row->alarms[1];
	return sr->inner.row(sr->inner.ctx, row, d);
}

static tt_code keep_step_event(void *ctx, const tt_event_row *ev, tt_diag *d)
{
	step_run *sr = ctx;
	return sr->inner.event(sr->inner.ctx, ev, d);
}

/* The first row (from `from_s` on) whose alarm `a` is ALARM at its end. */
static long first_alarm_row_s(const step_run *sr, size_t a, long from_s)
{
	for (size_t i = 0; i < sr->r.n_rows; i++) {
		long t = (long)(sr->r.rows[i].row.start_us / TT_US_PER_S);
		if (t >= from_s && sr->alarms[i][a] == TT_ALARM_ALARM)
			return t;
	}
	ck_abort_msg("alarm %zu never in ALARM after %ld s", a, from_s);
	return -1;
}

/* The n-th decision (0-based) of a direction. */
static const tt_event_row *decision(const ru_run *r, tt_direction dir, size_t n)
{
	for (size_t i = 0; i < r->n_events; i++) {
		const tt_event_row *ev = &r->events[i];
		if (ev->kind == TT_EVENT_DECISION && ev->direction == dir &&
		    n-- == 0)
			return ev;
	}
	ck_abort_msg("no decision %zu", n);
	return NULL;
}

/* The completion of the activity `start` began. */
static const tt_event_row *completion_of(const ru_run *r,
                                         const tt_event_row *start)
{
	for (const tt_event_row *ev = start + 1; ev < r->events + r->n_events;
	     ev++)
		if (ev->kind == TT_EVENT_COMPLETED)
			return ev;
	ck_abort_msg("an activity that never completed");
	return NULL;
}

START_TEST(ecs_step_scenario_runs)
{
	step_run *sr = calloc(1, sizeof *sr);
	ck_assert_ptr_nonnull(sr);
	ru_run *r = &sr->r;
	char path[512], buf[1024];
	tt_code rc = tt_scenario_load_file(
	        tu_src_path(path, sizeof path, "scenarios/ecs-step.yaml"),
	        &r->s, &r->d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r->d, buf, sizeof buf));
	ck_assert_uint_eq(r->s.n_policies, 0);
	ck_assert_uint_eq(r->s.n_step_policies, 2);
	ck_assert_uint_eq(r->s.n_alarms, 2);
	sr->inner = ru_recorder(r);
	tt_recorder rec = {sr, NULL, keep_step_row, keep_step_event};
	rc = tt_sim_run(&r->s, &rec, &r->sum, &r->d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r->d, buf, sizeof buf));
	ck_assert_uint_eq(r->n_rows, STEP_ROWS);

	/* Both alarms start OK once a datapoint is in. */
	ck_assert_int_eq(sr->alarms[0][0], TT_ALARM_INSUFFICIENT_DATA);
	ck_assert_int_eq(sr->alarms[1][0], TT_ALARM_OK);
	ck_assert_int_eq(sr->alarms[1][1], TT_ALARM_OK);

	/* The high alarm enters ALARM after 2 datapoints over 80 and the
	 * lag: its first ALARM row ends at the grow policy's first
	 * scale-out, an activity of one task. */
	long high_s = first_alarm_row_s(sr, 0, 0);
	ck_assert_int_eq(high_s, 1920);
	ck_assert_int_eq(sr->alarms[high_s / 60 - 1][0], TT_ALARM_OK);
	const tt_event_row *out[3];
	for (size_t i = 0; i < 3; i++) {
		out[i] = decision(r, TT_DIR_OUT, i);
		ck_assert(out[i]->step);
		ck_assert_uint_eq(out[i]->policy, 0); /* CatalogGrowPolicy */
		ck_assert_uint_eq(out[i]->alarm, 0); /* catalog CPU above 80% */
		ck_assert_int_eq(out[i]->from, 2 + (int)i);
		ck_assert_int_eq(out[i]->to, 3 + (int)i);
	}
	ck_assert_int_eq(out[0]->time_us, S(high_s + 60));
	/* each activity completes (Successful) when its task is in service,
	 * a minute later, and the next scale-out comes with the first
	 * invocation after the 900 s Cooldown from there */
	for (size_t i = 0; i < 3; i++) {
		const tt_event_row *done = completion_of(r, out[i]);
		ck_assert(done->step);
		ck_assert_uint_eq(done->alarm, 0);
		ck_assert_int_eq(done->direction, TT_DIR_OUT);
		ck_assert_int_eq(done->to, out[i]->to);
		ck_assert_int_eq(done->time_us, out[i]->time_us + S(60));
		if (i < 2) {
			ck_assert_int_ge(out[i + 1]->time_us,
			                 done->time_us + S(900));
			ck_assert_int_lt(out[i + 1]->time_us,
			                 done->time_us + S(960));
		}
	}
	/* the invocations every minute in between are refused */
	const tt_event_row *refused = ru_event(r, TT_EVENT_NOT_SCALED, 0);
	ck_assert_int_eq(refused->time_us, out[0]->time_us + S(60));
	ck_assert_int_eq(refused->reason, TT_REASON_IN_COOLDOWN);
	ck_assert(refused->step);
	ck_assert_uint_eq(refused->alarm, 0);
	/* 5 tasks at 90/s are 72 %: the high alarm goes back to OK */
	ck_assert_int_eq(sr->alarms[7200 / 60 - 1][0], TT_ALARM_OK);
	ck_assert_int_eq(sr->alarms[7200 / 60 - 1][1], TT_ALARM_OK);

	/* From 2 hours, 12 minutes under 40 % and the lag put the low alarm
	 * in ALARM; the shrink policy takes a task away per cooldown. */
	long low_s = first_alarm_row_s(sr, 1, 7200);
	ck_assert_int_eq(low_s, 7920);
	const tt_event_row *in[3];
	for (size_t i = 0; i < 3; i++) {
		in[i] = decision(r, TT_DIR_IN, i);
		ck_assert(in[i]->step);
		ck_assert_uint_eq(in[i]->policy, 1); /* CatalogShrinkPolicy */
		ck_assert_uint_eq(in[i]->alarm, 1);  /* catalog CPU below 40% */
		ck_assert_int_eq(in[i]->from, 5 - (int)i);
		ck_assert_int_eq(in[i]->to, 4 - (int)i);
	}
	ck_assert_int_eq(in[0]->time_us, S(low_s + 60));
	for (size_t i = 0; i < 2; i++) {
		tt_time_us done = completion_of(r, in[i])->time_us;
		ck_assert_int_eq(done, in[i]->time_us + S(30));
		ck_assert_int_ge(in[i + 1]->time_us, done + S(900));
		ck_assert_int_lt(in[i + 1]->time_us, done + S(960));
	}
	/* at MinTasks the invocations are refused until the datapoints,
	 * 20/s on 2 tasks, reach 40 % (not below) and the alarm is OK */
	ck_assert_int_gt(r->sum.not_scaled[TT_REASON_ALREADY_AT_MIN_CAPACITY],
	                 0);
	ck_assert_int_eq(sr->alarms[STEP_ROWS - 1][1], TT_ALARM_OK);

	ck_assert_int_eq(r->sum.scale_out_activities, 3);
	ck_assert_int_eq(r->sum.scale_in_activities, 3);
	ck_assert_int_eq(r->sum.peak_desired, 5);
	ck_assert_int_eq(r->sum.final_desired, 2);
	ru_release(r);
	free(sr);
}
END_TEST

/*
 * aws/aws-cdk packages/@aws-cdk/aws-dynamodb/test/
 * integ.autoscaling.lit.js.snapshot/aws-cdk-dynamodb.template.json:
 * what `cdk synth` writes: Fn::Join of a Ref for the ResourceId, a
 * ScalingTargetId Ref, scheduled actions, the bootstrap Parameter and
 * Rules.
 */
START_TEST(cdk_synthesized_template)
{
	static const want w = {
	        "table/sessions",
	        "dynamodb:table:ReadCapacityUnits",
	        10,
	        80,
	        1,
	        {{"stackSessionsTableReadScalingTargetTracking"
	          "5C1D8E2F",
	          70, "DynamoDBReadCapacityUtilization", UNSET, UNSET, false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	validate_ok("cdk-dynamodb.template.json", "CloudFormation template");
	load_template("cdk-dynamodb.template.json", NULL, "table/sessions", &s,
	              &cap);
	check_read(&s, &w);
	check_cap(&cap, &w);
	/* its two ScheduledActions are read (scheduled_action.c) */
	ck_assert_uint_eq(s.n_scheduled, 2);
	ck_assert_str_eq(s.scheduled[0].name, "MorningFloor");
	ck_assert_int_eq(s.scheduled[0].min_capacity, 40);
	ck_assert_str_eq(s.scheduled[1].name, "NightCeiling");
	ck_assert_int_eq(s.scheduled[1].max_capacity, 40);
	tt_scenario_release(&s);
}
END_TEST

/*
 * aws/aws-connected-device-framework source/packages/services/
 * assetlibrary/infrastructure/cfn-autoscaling.yml: a SAM template for a
 * Lambda alias's provisioned concurrency, every number a parameter with
 * a Default, the function's name a parameter without one.
 */
START_TEST(sam_lambda_provisioned_concurrency)
{
	static const want w = {"function:search-api:prod",
	                       "lambda:function:ProvisionedConcurrency",
	                       2,
	                       60,
	                       1,
	                       {{"pc-utilization", 0.6,
	                         "LambdaProvisionedConcurrencyUtilization",
	                         UNSET, UNSET, false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	validate_ok("sam-lambda-pc.yml", "CloudFormation template");
	load_template("sam-lambda-pc.yml", "{FunctionName: search-api}", NULL,
	              &s, &cap);
	check_read(&s, &w);
	check_cap(&cap, &w);
	tt_scenario_release(&s);
}
END_TEST

/*
 * aws/aws-connected-device-framework .../cfn-autoscaling-neptune.yml:
 * Neptune readers, the ResourceId itself a parameter's Default.
 */
START_TEST(neptune_template_from_defaults)
{
	static const want w = {
	        "cluster:graph-prod",
	        "neptune:cluster:ReadReplicaCount",
	        1,
	        4,
	        1,
	        {{"reader-cpu", 65, "NeptuneReaderAverageCPUUtilization", UNSET,
	          UNSET, false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	validate_ok("neptune-readers.yml", "CloudFormation template");
	load_template("neptune-readers.yml", NULL, NULL, &s, &cap);
	check_read(&s, &w);
	check_cap(&cap, &w);
	tt_scenario_release(&s);
}
END_TEST

/* Terraform files through the loader `terraform:` uses. */
static tt_code tf_try(const char *const *files, const char *vars_yaml,
                      const char *target, const char *resource, tt_scenario *s,
                      tt_aws_capacity *cap, tt_diag *d)
{
	char paths[4][512];
	const char *list[4];
	size_t n = 0;
	tt_doc vars = {0};
	tt_tf_input in = {0};
	memset(s, 0, sizeof *s);
	memset(cap, 0, sizeof *cap);
	if (resource)
		s->resource = strdup(resource);
	for (; files[n]; n++)
		list[n] = real_path(paths[n], sizeof paths[n], files[n]);
	if (vars_yaml) {
		ck_assert_int_eq(tt_doc_parse_yaml(vars_yaml, strlen(vars_yaml),
		                                   "s.yaml", &vars, d),
		                 TT_OK);
		in.vars = vars.root;
	}
	in.files = list;
	in.n_files = n;
	in.target = target;
	in.target_loc = (tt_loc){"s.yaml", 3, 5};
	in.at = (tt_loc){"s.yaml", 2, 3};
	tt_code rc = tt_tf_load(s, &in, cap, d);
	tt_doc_release(&vars);
	return rc;
}

static void tf_ok(const char *const *files, const char *vars_yaml,
                  const char *target, const char *resource, tt_scenario *s,
                  tt_aws_capacity *cap)
{
	tt_diag d = {0};
	char buf[800];
	tt_code rc = tf_try(files, vars_yaml, target, resource, s, cap, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

static void tf_fails(const char *const *files, const char *vars_yaml,
                     const char *target, const char *msg)
{
	tt_scenario s;
	tt_aws_capacity cap;
	tt_diag d = {0};
	char buf[800];
	ck_assert_int_ne(tf_try(files, vars_yaml, target, NULL, &s, &cap, &d),
	                 TT_OK);
	tu_diag_str(&d, buf, sizeof buf);
	const char *at = strstr(buf, "tests/data/real/");
	ck_assert_str_eq(at ? at + strlen("tests/data/real/") : buf, msg);
	tt_scenario_release(&s);
}

/*
 * georgian-io-archive/hydra iac/aws/mlflow/modules/autoscaling/main.tf:
 * every value a variable without a default; memory and CPU policies.
 */
START_TEST(terraform_ecs_module)
{
	static const char *const files[] = {"tf-ecs-module/main.tf",
	                                    "tf-ecs-module/variables.tf", NULL};
	static const want w = {
	        "service/prod/mlflow",
	        "ecs:service:DesiredCount",
	        2,
	        8,
	        2,
	        {{"mlflow-memory", 80, "ECSServiceAverageMemoryUtilization", 30,
	          300, false},
	         {"mlflow-cpu", 70, "ECSServiceAverageCPUUtilization", 60, 240,
	          false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	validate_ok("tf-ecs-module/main.tf", "Terraform file");
	tf_ok(files,
	      "{tasks_min: 2, tasks_max: 8, cluster: prod, service: mlflow, "
	      "memory_policy_name: mlflow-memory, cpu_policy_name: mlflow-cpu, "
	      "cpu_in_cooldown: 240, cpu_out_cooldown: 60, cpu_target: 70, "
	      "memory_in_cooldown: 300, memory_out_cooldown: 30, "
	      "memory_target: 80}",
	      NULL, NULL, &s, &cap);
	check_read(&s, &w);
	check_cap(&cap, &w);
	tt_scenario_release(&s);
}
END_TEST

/*
 * cloudposse/terraform-aws-dynamodb-autoscaler main.tf and
 * variables.tf: four targets behind `count = var.enabled == "true" ?
 * ...`, two of them counted with length(); policies tied to their
 * target through join("", aws_appautoscaling_target.x.*.resource_id)
 * and element(..., count.index).
 */
START_TEST(terraform_dynamodb_module)
{
	static const char *const files[] = {"tf-dynamodb/main.tf",
	                                    "tf-dynamodb/variables.tf", NULL};
	static const want reads = {
	        "table/orders",
	        "dynamodb:table:ReadCapacityUnits",
	        10,
	        400,
	        1,
	        {{"reads", 65, "DynamoDBReadCapacityUtilization", UNSET, UNSET,
	          false}}};
	static const want writes = {
	        "table/orders",
	        "dynamodb:table:WriteCapacityUnits",
	        5,
	        150,
	        1,
	        {{"writes", 55, "DynamoDBWriteCapacityUtilization", UNSET,
	          UNSET, false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	validate_ok("tf-dynamodb/main.tf", "Terraform file");
	tf_ok(files, "{table_name: orders, name: orders}", "reads", NULL, &s,
	      &cap);
	check_read(&s, &reads);
	check_cap(&cap, &reads);
	ck_assert(has_note(&s, "ignored 2 scaling policies of other"));
	tt_scenario_release(&s);
	/* "true" quoted or not in the scenario's YAML */
	tf_ok(files, "{table_name: orders, name: orders, enabled: true}",
	      "aws_appautoscaling_target.writes", NULL, &s, &cap);
	check_read(&s, &writes);
	check_cap(&cap, &writes);
	tt_scenario_release(&s);
	tf_fails(files, "{table_name: orders, name: orders}", NULL,
	         "s.yaml:2:3: error: the Terraform files declare 3 scalable "
	         "targets (aws_appautoscaling_target.reads, "
	         "aws_appautoscaling_target.index_reads, "
	         "aws_appautoscaling_target.writes); choose one with 'target'");
	tf_fails(files, "{table_name: orders, name: orders}", "index_reads",
	         "tf-dynamodb/main.tf:45:48: error: "
	         "'aws_appautoscaling_target.index_reads count' needs a call "
	         "of the function 'length', which ttsim does not evaluate; "
	         "write the value in the file or take it from a variable "
	         "('terraform.vars')");
	tf_fails(files,
	         "{table_name: orders, name: orders, enabled: \"false\"}",
	         "reads",
	         "s.yaml:3:5: error: no aws_appautoscaling_target 'reads' in "
	         "the Terraform files (they declare: none)");
}
END_TEST

/*
 * anhtranquang/aws-rds-aurora policy.tf, locals.tf, variables.tf: Aurora
 * readers behind `local.x && var.y && !local.z ? 1 : 0`, locals full of
 * functions nobody needs, the cluster's name through try(), the target
 * value a conditional on the metric type.
 */
START_TEST(terraform_aurora_module)
{
	static const char *const files[] = {"tf-aurora/policy.tf",
	                                    "tf-aurora/locals.tf",
	                                    "tf-aurora/variables.tf", NULL};
	static const want cpu = {
	        "cluster:orders-db",
	        "rds:cluster:ReadReplicaCount",
	        1,
	        3,
	        1,
	        {{"reader-target", 60, "RDSReaderAverageCPUUtilization", 120,
	          600, false}}};
	static const want conns = {
	        "cluster:orders-db",
	        "rds:cluster:ReadReplicaCount",
	        1,
	        3,
	        1,
	        {{"reader-target", 500, "RDSReaderAverageDatabaseConnections",
	          120, 600, false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	tf_ok(files, "{reader_scaling: true}", NULL, "cluster:orders-db", &s,
	      &cap);
	check_read(&s, &cpu);
	check_cap(&cap, &cpu);
	tt_scenario_release(&s);
	tf_ok(files,
	      "{reader_scaling: true, reader_metric: "
	      "RDSReaderAverageDatabaseConnections}",
	      NULL, "cluster:orders-db", &s, &cap);
	check_read(&s, &conns);
	tt_scenario_release(&s);
	/* scaling off by default: no target */
	tf_fails(files, NULL, NULL,
	         "s.yaml:2:3: error: no aws_appautoscaling_target in the "
	         "Terraform files");
}
END_TEST

/*
 * joesinthecloud/scalableappbackend infra/autoscaling.tf and
 * infra/autoscaling-requests.tf: the target in one file, a policy in
 * each; the ALB policy's resource_label built from the load balancer's
 * and the target group's arn_suffix.
 */
START_TEST(terraform_ecs_alb)
{
	static const char *const files[] = {
	        "tf-ecs-alb/autoscaling.tf",
	        "tf-ecs-alb/autoscaling-requests.tf", NULL};
	static const want w = {
	        "service/core/api",
	        "ecs:service:DesiredCount",
	        3,
	        12,
	        2,
	        {{"cpu", 55, "ECSServiceAverageCPUUtilization", 45, 180, false},
	         {"requests", 300, "ALBRequestCountPerTarget", 30, 120,
	          false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	tf_ok(files, NULL, NULL, "service/core/api", &s, &cap);
	check_read(&s, &w);
	check_cap(&cap, &w);
	ck_assert_ptr_null(s.policies[1].metric.resource_label);
	ck_assert(has_note(&s, "'resource_label' "
	                       "(${aws_lb.public.arn_suffix}/"));
	tt_scenario_release(&s);
}
END_TEST

/*
 * HENNGE/terraform-aws-ecs modules/autoscaling/ecs-target-tracking/
 * service-utilization: policies and no target (another module registers
 * it), each behind its own switch.
 */
START_TEST(terraform_policy_module)
{
	static const char *const files[] = {"tf-ecs-policies/main.tf",
	                                    "tf-ecs-policies/variables.tf",
	                                    NULL};
	static const want w = {
	        "service/shop/web",
	        "ecs:service:DesiredCount",
	        UNSET,
	        UNSET,
	        1,
	        {{"web-cpu", 60, "ECSServiceAverageCPUUtilization", 60, 240,
	          false}}};
	tt_scenario s;
	tt_aws_capacity cap;
	tf_ok(files,
	      "{name: web, target_resource_id: service/shop/web, "
	      "scale_on_cpu: true, cpu_target: 60}",
	      NULL, "service/shop/web", &s, &cap);
	check_read(&s, &w);
	check_cap(&cap, &w);
	tt_scenario_release(&s);
	tf_fails(files, "{name: web, scale_on_cpu: true, cpu_target: 60}", NULL,
	         "s.yaml:2:3: error: no aws_appautoscaling_target in the "
	         "Terraform files, only scaling policies: give the scalable "
	         "target they scale in the scenario ('resource', with "
	         "'capacity')");
}
END_TEST

/*
 * The same files run on the predefined metrics' models (policies.md): the
 * utilization law from the service time, capacity units, counts per
 * target, a declared memory model.  Each run must scale out.
 */
static const char *const model_runs[] = {
        /* ASWINdevop/ETA-Predicion-MLOps */
        "resource: service/shop/web\n"
        "capacity: {min: 1, max: 10}\n"
        "policies: [{file: ecs-cpu-config.json}]\n"
        "instance: {service_time: 50ms, concurrency: 4}\n" WL("200/s") SIM,
        /* Lay-ke/LAMP_APP_ECS */
        "resource: service/shop/web\n"
        "capacity: {min: 1, max: 10}\n"
        "policies: [{file: ecs-cpu-indented.json}]\n"
        "instance: {service_time: 50ms, concurrency: 4}\n" WL("100/s") SIM,
        /* aws/aws-cli example 3 */
        "resource: service/shop/web\n"
        "capacity: {min: 1, max: 10}\n"
        "policies: [{file: alb-scale-out-only.json}]\n" WL("50/s") SIM,
        /* awsdocs create-target-tracking-policy-cli.md */
        "capacity: {min: 1, max: 10}\n"
        "policies: [{file: describe-query-spot.json}]\n"
        "instance: {service_time: 50ms, concurrency: 4}\n" WL("200/s") SIM,
        /* georgian-io-archive/hydra */
        "terraform:\n"
        "  files: [tf-ecs-module/main.tf, tf-ecs-module/variables.tf]\n"
        "  vars: {tasks_min: 2, tasks_max: 8, cluster: prod, service: mlflow, "
        "memory_policy_name: m, cpu_policy_name: c, cpu_in_cooldown: 240, "
        "cpu_out_cooldown: 60, cpu_target: 70, memory_in_cooldown: 300, "
        "memory_out_cooldown: 30, memory_target: 80}\n"
        "metrics: {MemoryUtilization: {model: linear, idle: 30, per_rps: "
        "0.5}}\n"
        "instance: {service_time: 50ms, concurrency: 4}\n" WL("200/s") SIM,
        /* cloudposse/terraform-aws-dynamodb-autoscaler */
        "terraform:\n"
        "  files: [tf-dynamodb/main.tf, tf-dynamodb/variables.tf]\n"
        "  vars: {table_name: orders, name: orders}\n"
        "  target: reads\n" WL("100/s") SIM,
        /* anhtranquang/aws-rds-aurora */
        "resource: cluster:orders-db\n"
        "terraform:\n"
        "  files: [tf-aurora/policy.tf, tf-aurora/locals.tf, "
        "tf-aurora/variables.tf]\n"
        "  vars: {reader_scaling: true}\n"
        "instance: {service_time: 20ms, concurrency: 8}\n" WL("600/s") SIM,
        /* joesinthecloud/scalableappbackend */
        "resource: service/core/api\n"
        "terraform: {files: [tf-ecs-alb/autoscaling.tf, "
        "tf-ecs-alb/autoscaling-requests.tf]}\n"
        "instance: {service_time: 50ms, concurrency: 4}\n" WL("100/s") SIM,
        /* HENNGE/terraform-aws-ecs */
        "resource: service/shop/web\n"
        "capacity: {min: 2, max: 10}\n"
        "terraform:\n"
        "  files: [tf-ecs-policies/main.tf, tf-ecs-policies/variables.tf]\n"
        "  vars: {name: web, target_resource_id: service/shop/web, "
        "scale_on_cpu: true, cpu_target: 60}\n"
        "instance: {service_time: 50ms, concurrency: 4}\n" WL("200/s") SIM,
        /* aws/aws-cdk */
        "resource: table/sessions\n"
        "cloudformation: {file: cdk-dynamodb.template.json}\n" WL("100/s")
        /* its cron() actions need a wall clock; MorningFloor runs */
        "simulation: {duration: 2h, start: 2021-03-08T06:00:00Z}\n",
        /* aws/aws-connected-device-framework, Lambda */
        "cloudformation: {file: sam-lambda-pc.yml, parameters: "
        "{FunctionName: search-api}}\n"
        "instance: {service_time: 200ms}\n" WL("100/s") SIM,
        /* aws/aws-connected-device-framework, Neptune */
        "cloudformation: {file: neptune-readers.yml}\n"
        "instance: {service_time: 20ms, concurrency: 8}\n" WL("600/s") SIM,
};

START_TEST(runs_on_predefined_models)
{
	ru_run r;
	char buf[1024];
	memset(&r, 0, sizeof r);
	tt_code rc = load_scenario(model_runs[_i], &r.s, &r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r.d, buf, sizeof buf));
	tt_recorder rec = ru_recorder(&r);
	rc = tt_sim_run(&r.s, &rec, &r.sum, &r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r.d, buf, sizeof buf));
	ck_assert_uint_eq(r.sum.simulated_us, S(2 * 3600));
	ck_assert_int_ge(r.sum.scale_out_activities, 1);
	ck_assert_int_le(r.sum.peak_desired, r.s.max_capacity);
	ru_release(&r);
}
END_TEST

/* ---- the constructs, one each ---- */

typedef struct tmp {
	char dir[64];
	char path[128];
} tmp;

static const char *tmp_file(tmp *t, const char *name, const char *text)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/ttsim-real.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
	FILE *f = fopen(t->path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return t->path;
}

static void tmp_release(tmp *t)
{
	unlink(t->path);
	rmdir(t->dir);
}

/*
 * A ResourceLabel only CloudFormation knows (the load balancer's and
 * target group's full names) is left out with a note, as in Terraform.
 */
START_TEST(cfn_computed_resource_label)
{
	tmp t;
	tt_scenario s;
	tt_aws_capacity cap;
	tt_cfn_input in = {0};
	tt_diag d = {0};
	char buf[800];
	memset(&s, 0, sizeof s);
	s.resource = strdup("service/c/s");
	const char *path = tmp_file(
	        &t, "t.yaml",
	        "Resources:\n"
	        "  Target:\n"
	        "    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"
	        "    Properties:\n"
	        "      MinCapacity: 1\n"
	        "      MaxCapacity: 4\n"
	        "      ResourceId: !Join [/, [service, !Ref Cluster, !GetAtt "
	        "Service.Name]]\n"
	        "      ScalableDimension: ecs:service:DesiredCount\n"
	        "      ServiceNamespace: ecs\n"
	        "  Requests:\n"
	        "    Type: AWS::ApplicationAutoScaling::ScalingPolicy\n"
	        "    Properties:\n"
	        "      PolicyName: requests\n"
	        "      PolicyType: TargetTrackingScaling\n"
	        "      ScalingTargetId: !Ref Target\n"
	        "      TargetTrackingScalingPolicyConfiguration:\n"
	        "        TargetValue: 500\n"
	        "        PredefinedMetricSpecification:\n"
	        "          PredefinedMetricType: ALBRequestCountPerTarget\n"
	        "          ResourceLabel: !Join\n"
	        "            - /\n"
	        "            - - !GetAtt LoadBalancer.LoadBalancerFullName\n"
	        "              - !GetAtt TargetGroup.TargetGroupFullName\n");
	tt_code rc = tt_cfn_load(&s, path, &in, &cap, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_ptr_null(s.policies[0].metric.resource_label);
	ck_assert_uint_eq(s.notes.count, 1);
	ck_assert_str_eq(s.notes.items[0].msg,
	                 "'ResourceLabel' ('!Join [/, [!GetAtt "
	                 "LoadBalancer.LoadBala...') is "
	                 "left out: only CloudFormation knows it, and the "
	                 "simulation does not need it");
	tt_scenario_release(&s);
	tmp_release(&t);
}
END_TEST

/*
 * A policy is attached to the target that names the same ResourceId,
 * compared whole: two long !Sub strings that differ only at their end
 * are two targets.
 */
START_TEST(cfn_long_resource_ids)
{
	tmp t;
	tt_scenario s;
	tt_aws_capacity cap;
	tt_cfn_input in = {.target = "Blue"};
	tt_diag d = {0};
	char buf[800];
	memset(&s, 0, sizeof s);
	s.resource = strdup("endpoint/e/variant/blue");
#define LONG_ID "endpoint/${ModelName}-production-endpoint-for-scoring/variant/"
#define TARGET(name, variant)                                                  \
	"  " name ":\n"                                                        \
	"    Type: AWS::ApplicationAutoScaling::ScalableTarget\n"              \
	"    Properties: {MinCapacity: 1, MaxCapacity: 4, ResourceId: !Sub "   \
	"'" LONG_ID variant "', ScalableDimension: "                           \
	"'sagemaker:variant:DesiredInstanceCount', ServiceNamespace: "         \
	"sagemaker}\n"
#define POLICY(name, variant, target)                                          \
	"  " name ":\n"                                                        \
	"    Type: AWS::ApplicationAutoScaling::ScalingPolicy\n"               \
	"    Properties:\n"                                                    \
	"      PolicyName: " name "\n"                                         \
	"      PolicyType: TargetTrackingScaling\n"                            \
	"      ResourceId: !Sub '" LONG_ID variant "'\n"                       \
	"      ScalableDimension: sagemaker:variant:DesiredInstanceCount\n"    \
	"      ServiceNamespace: sagemaker\n"                                  \
	"      TargetTrackingScalingPolicyConfiguration:\n"                    \
	"        TargetValue: " target "\n"                                    \
	"        PredefinedMetricSpecification: {PredefinedMetricType: "       \
	"SageMakerVariantInvocationsPerInstance}\n"
	const char *path = tmp_file(
	        &t, "t.yaml",
	        "Parameters: {ModelName: {Type: String}}\n"
	        "Resources:\n" TARGET("Blue", "blue") TARGET("Green", "green")
	                POLICY("BluePolicy", "blue", "100")
	                        POLICY("GreenPolicy", "green", "200"));
	tt_code rc = tt_cfn_load(&s, path, &in, &cap, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_str_eq(s.policies[0].name, "BluePolicy");
	ck_assert_double_eq(s.policies[0].target_value, 100);
	tt_scenario_release(&s);
	tmp_release(&t);
#undef POLICY
#undef TARGET
#undef LONG_ID
}
END_TEST

/*
 * describe-scaling-policies one entry alone (--query 'ScalingPolicies[0]'),
 * and what put-scaling-policy prints, which holds no policy.
 */
START_TEST(describe_entry_and_put_response)
{
	tmp t;
	tt_policy p;
	tt_diag d = {0};
	char buf[800];
	const char *path = tmp_file(
	        &t, "one.json",
	        "{\"PolicyARN\": \"arn:x\", \"PolicyName\": \"p1\",\n"
	        " \"ServiceNamespace\": \"sagemaker\", \"ResourceId\": "
	        "\"endpoint/e/variant/v\",\n"
	        " \"ScalableDimension\": "
	        "\"sagemaker:variant:DesiredInstanceCount\",\n"
	        " \"PolicyType\": \"TargetTrackingScaling\",\n"
	        " \"TargetTrackingScalingPolicyConfiguration\": "
	        "{\"TargetValue\": "
	        "90, \"PredefinedMetricSpecification\": "
	        "{\"PredefinedMetricType\": "
	        "\"SageMakerVariantInvocationsPerInstance\"}},\n"
	        " \"Alarms\": [], \"CreationTime\": "
	        "\"2024-01-02T03:04:05.000000+00:00\"}\n");
	tt_code rc = tt_policy_load_file(path, path, NULL, &p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(p.name, "p1");
	ck_assert_double_eq(p.target_value, 90);
	tt_policy_release(&p);
	tmp_release(&t);

	path = tmp_file(
	        &t, "out.json",
	        "{\"PolicyARN\": \"arn:x\", \"Alarms\": [{\"AlarmARN\": "
	        "\"arn:y\", \"AlarmName\": \"y\"}]}\n");
	ck_assert_int_eq(tt_policy_load_file(path, "out.json", NULL, &p, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(
	        tu_diag_str(&d, buf, sizeof buf),
	        "out.json:1:1: error: this file is what "
	        "put-scaling-policy printed (PolicyARN, Alarms), which "
	        "holds no policy; give the configuration it was called "
	        "with, or the output of describe-scaling-policies");
	tmp_release(&t);
}
END_TEST

/*
 * cloudstoragesec/antivirus-for-amazon-s3-terraform autoscaling.tf: tags
 * whose keys are computed, `{ (join(...)) = "x" }`, and the common
 * `"kubernetes.io/${var.x}" = v`, parse; nobody reads them.
 */
START_TEST(hcl_computed_object_keys)
{
	tmp t;
	tt_scenario s;
	tt_aws_capacity cap;
	tt_tf_input in = {0};
	tt_diag d = {0};
	char buf[800];
	memset(&s, 0, sizeof s);
	const char *path = tmp_file(
	        &t, "main.tf",
	        "resource \"aws_appautoscaling_target\" \"t\" {\n"
	        "  max_capacity       = 3\n"
	        "  min_capacity       = 1\n"
	        "  resource_id        = \"service/c/s\"\n"
	        "  scalable_dimension = \"ecs:service:DesiredCount\"\n"
	        "  service_namespace  = \"ecs\"\n"
	        "  tags = merge({ (join(\"-\", [\"${var.n}\", \"x\"])) = \"a\" "
	        "},\n"
	        "    { \"team/${var.n}\" = \"b\", plain = \"c\" })\n"
	        "}\n"
	        "resource \"aws_appautoscaling_policy\" \"p\" {\n"
	        "  name               = \"p\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = aws_appautoscaling_target.t.id\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    target_value = 50\n"
	        "    predefined_metric_specification {\n"
	        "      predefined_metric_type = "
	        "\"ECSServiceAverageCPUUtilization\"\n"
	        "    }\n"
	        "  }\n"
	        "}\n");
	const char *files[] = {path};
	in.files = files;
	in.n_files = 1;
	in.at = in.target_loc = (tt_loc){"s.yaml", 2, 3};
	tt_code rc = tt_tf_load(&s, &in, &cap, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(s.resource, "service/c/s");
	ck_assert_uint_eq(s.n_policies, 1);
	tt_scenario_release(&s);
	tmp_release(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("real");
	const tu_case cases[] = {
	        {"sqs-backlog-config", sqs_backlog_config},
	        {"sam-endpoint", sam_endpoint_template},
	        {"template-ref-target", template_with_ref_target},
	        {"terraform-sagemaker", terraform_sagemaker_module},
	        {"metric-math-config", metric_math_config},
	        {"put-policy-request", put_policy_request},
	        {"ecs-cli-configs", ecs_cli_configs},
	        {"alb-scale-out-only", alb_scale_out_only},
	        {"describe-query-list", describe_query_list},
	        {"cdk-template", cdk_synthesized_template},
	        {"sam-lambda-pc", sam_lambda_provisioned_concurrency},
	        {"neptune-defaults", neptune_template_from_defaults},
	        {"terraform-ecs", terraform_ecs_module},
	        {"terraform-dynamodb", terraform_dynamodb_module},
	        {"terraform-aurora", terraform_aurora_module},
	        {"terraform-ecs-alb", terraform_ecs_alb},
	        {"terraform-policies", terraform_policy_module},
	        {"cfn-computed-label", cfn_computed_resource_label},
	        {"cfn-long-ids", cfn_long_resource_ids},
	        {"describe-entry", describe_entry_and_put_response},
	        {"hcl-computed-keys", hcl_computed_object_keys},
	        {"ecs-refarch-step-alarms", ecs_refarch_step_alarms},
	        {"ecs-step-scenario-runs", ecs_step_scenario_runs},
	};
	TU_ADD_CASES(s, cases);
	TCase *tc = tcase_create("runs-on-predefined-models");
	tcase_add_loop_test(tc, runs_on_predefined_models, 0,
	                    sizeof model_runs / sizeof model_runs[0]);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
