/*
 * test_tf.c - Terraform configurations read as a team keeps them
 * (src/tf.h).
 *
 * Every configuration here is our own, written to exercise one construct
 * that real modules use: interpolated ResourceIds, count guards, locals,
 * .tfvars and scenario variables, metric math blocks, a step-scaling
 * policy beside target tracking, values only Terraform knows.  Files are
 * written to a fresh directory and loaded as the scenario loader would.
 */
#include "alarm_def.h"
#include "step.h"
#include "tf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "ttsim/scenario.h"

#define MAX_FILES 4

typedef struct fx {
	char dir[64];
	char paths[MAX_FILES][128];
	const char *files[MAX_FILES];
	size_t n_files;
	const char *var_files[MAX_FILES];
	size_t n_var_files;
	tt_doc vars; /* the scenario's vars, parsed from YAML */
	tt_tf_input in;
	tt_scenario s;
	tt_aws_capacity cap;
	tt_diag d;
} fx;

static void fx_init(fx *f)
{
	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/ttsim-tf.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
}

static const char *fx_write(fx *f, const char *name, const char *text)
{
	size_t i = f->n_files + f->n_var_files;
	ck_assert_uint_lt(i, MAX_FILES);
	char dir[sizeof f->dir];
	memcpy(dir, f->dir, sizeof dir);
	snprintf(f->paths[i], sizeof f->paths[i], "%s/%s", dir, name);
	FILE *fp = fopen(f->paths[i], "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return f->paths[i];
}

static void tf_file(fx *f, const char *name, const char *text)
{
	const char *p = fx_write(f, name, text);
	f->files[f->n_files++] = p;
}

static void tfvars_file(fx *f, const char *name, const char *text)
{
	const char *p = fx_write(f, name, text);
	f->var_files[f->n_var_files++] = p;
}

static void scenario_vars(fx *f, const char *yaml)
{
	tt_diag d = {0};
	ck_assert_int_eq(
	        tt_doc_parse_yaml(yaml, strlen(yaml), "s.yaml", &f->vars, &d),
	        TT_OK);
}

static tt_code fx_load(fx *f, const char *target)
{
	f->in.files = f->in.plan ? NULL : f->files;
	f->in.n_files = f->in.plan ? 0 : f->n_files;
	f->in.var_files = f->var_files;
	f->in.n_var_files = f->n_var_files;
	f->in.vars = f->vars.root;
	f->in.target = target;
	f->in.target_loc = (tt_loc){"s.yaml", 3, 5};
	f->in.at = (tt_loc){"s.yaml", 2, 3};
	return tt_tf_load(&f->s, &f->in, &f->cap, &f->d);
}

/* The message as printed, with the temporary directory as "D". */
static const char *fx_error(fx *f, char *buf, size_t size)
{
	char raw[800];
	tu_diag_str(&f->d, raw, sizeof raw);
	const char *at = strstr(raw, f->dir);
	if (at)
		snprintf(buf, size, "%.*sD%s", (int)(at - raw), raw,
		         at + strlen(f->dir));
	else
		snprintf(buf, size, "%s", raw);
	return buf;
}

static void fx_release(fx *f)
{
	for (size_t i = 0; i < f->n_files + f->n_var_files; i++)
		unlink(f->paths[i]);
	rmdir(f->dir);
	tt_doc_release(&f->vars);
	tt_scenario_release(&f->s);
}

static void load_ok(fx *f, const char *target)
{
	char buf[800];
	tt_code rc = fx_load(f, target);
	ck_assert_msg(rc == TT_OK, "%s", fx_error(f, buf, sizeof buf));
}

static void load_fails(fx *f, const char *target, const char *want)
{
	char buf[800];
	ck_assert_int_ne(fx_load(f, target), TT_OK);
	ck_assert_str_eq(fx_error(f, buf, sizeof buf), want);
}

#define SAGEMAKER_TARGET                                                       \
	"resource \"aws_appautoscaling_target\" \"variant\" {\n"               \
	"  min_capacity       = 1\n"                                           \
	"  max_capacity       = 8\n"                                           \
	"  resource_id        = \"endpoint/ep/variant/AllTraffic\"\n"          \
	"  scalable_dimension = \"sagemaker:variant:DesiredInstanceCount\"\n"  \
	"  service_namespace  = \"sagemaker\"\n"                               \
	"}\n"

#define IPI_POLICY(name, target)                                               \
	"resource \"aws_appautoscaling_policy\" \"" name "\" {\n"              \
	"  name               = \"" name "\"\n"                                \
	"  policy_type        = \"TargetTrackingScaling\"\n"                   \
	"  resource_id        = "                                              \
	"aws_appautoscaling_target.variant.resource_id\n"                      \
	"  scalable_dimension = "                                              \
	"aws_appautoscaling_target.variant.scalable_dimension\n"               \
	"  service_namespace  = "                                              \
	"aws_appautoscaling_target.variant.service_namespace\n"                \
	"  target_tracking_scaling_policy_configuration {\n"                   \
	"    target_value = " target "\n"                                      \
	"    predefined_metric_specification {\n"                              \
	"      predefined_metric_type = "                                      \
	"\"SageMakerVariantInvocationsPerInstance\"\n"                         \
	"    }\n"                                                              \
	"  }\n"                                                                \
	"}\n"

/* The plain case: literals, references to the target's attributes. */
START_TEST(target_and_policy)
{
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf",
	        SAGEMAKER_TARGET IPI_POLICY(
	                "ipi",
	                "70") "resource \"aws_appautoscaling_policy\" "
	                      "\"tuned\" {\n"
	                      "  name               = \"tuned\"\n"
	                      "  policy_type        = "
	                      "\"TargetTrackingScaling\"\n"
	                      "  resource_id        = "
	                      "\"${aws_appautoscaling_target.variant.resource_"
	                      "id}\"\n"
	                      "  scalable_dimension = "
	                      "aws_appautoscaling_target.variant.scalable_"
	                      "dimension\n"
	                      "  service_namespace  = \"sagemaker\"\n"
	                      "  target_tracking_scaling_policy_configuration "
	                      "{\n"
	                      "    target_value       = \"120.5\"\n"
	                      "    scale_in_cooldown  = 600\n"
	                      "    scale_out_cooldown = 60\n"
	                      "    disable_scale_in   = true\n"
	                      "    predefined_metric_specification {\n"
	                      "      predefined_metric_type = "
	                      "\"SageMakerVariantInvocationsPerInstance\"\n"
	                      "    }\n"
	                      "  }\n"
	                      "}\n");
	load_ok(&f, NULL);
	ck_assert_str_eq(f.s.resource, "endpoint/ep/variant/AllTraffic");
	ck_assert_str_eq(f.s.scalable_dimension,
	                 "sagemaker:variant:DesiredInstanceCount");
	ck_assert_int_eq(f.cap.min.state, TT_AV_SET);
	ck_assert_int_eq(f.cap.min.value, 1);
	ck_assert_int_eq(f.cap.max.value, 8);
	ck_assert_int_eq(f.cap.max.loc.line, 3);
	ck_assert_uint_eq(f.s.n_policies, 2);
	ck_assert_str_eq(f.s.policies[0].name, "ipi");
	ck_assert_double_eq(f.s.policies[0].target_value, 70);
	ck_assert_int_eq(f.s.policies[0].target_loc.line, 15);
	ck_assert_str_eq(f.s.policies[1].name, "tuned");
	ck_assert_double_eq(f.s.policies[1].target_value, 120.5);
	ck_assert_int_eq(f.s.policies[1].scale_in_cooldown_us,
	                 600 * TT_US_PER_S);
	ck_assert_int_eq(f.s.policies[1].scale_out_cooldown_us,
	                 60 * TT_US_PER_S);
	ck_assert(f.s.policies[1].disable_scale_in);
	fx_release(&f);
}
END_TEST

/*
 * Variables: the default, then .tfvars (later files win), then the
 * scenario; locals built of them; an interpolated ResourceId.
 */
START_TEST(variables_locals_and_templates)
{
	static const char *main_tf =
	        "variable \"endpoint\" { type = string }\n"
	        "variable \"target\" {\n  default = 50\n}\n"
	        "variable \"max\" { default = 4 }\n"
	        "locals {\n"
	        "  resource = \"endpoint/${var.endpoint}/variant/AllTraffic\"\n"
	        "  max      = var.max * 2\n"
	        "}\n"
	        "resource \"aws_appautoscaling_target\" \"variant\" {\n"
	        "  min_capacity       = 1\n"
	        "  max_capacity       = local.max\n"
	        "  resource_id        = local.resource\n"
	        "  scalable_dimension = "
	        "\"sagemaker:variant:DesiredInstanceCount\"\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "}\n" IPI_POLICY("ipi", "var.target");
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	tfvars_file(&f, "a.tfvars", "endpoint = \"first\"\ntarget = 60\n");
	tfvars_file(&f, "b.tfvars", "endpoint = \"second\"\n");
	load_ok(&f, NULL);
	ck_assert_str_eq(f.s.resource, "endpoint/second/variant/AllTraffic");
	ck_assert_double_eq(f.s.policies[0].target_value, 60);
	ck_assert_int_eq(f.cap.max.value, 8);
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	tfvars_file(&f, "a.tfvars", "endpoint = \"first\"\ntarget = 60\n");
	scenario_vars(&f, "{endpoint: from-scenario, target: 75, max: 5}");
	load_ok(&f, NULL);
	ck_assert_str_eq(f.s.resource,
	                 "endpoint/from-scenario/variant/AllTraffic");
	ck_assert_double_eq(f.s.policies[0].target_value, 75);
	ck_assert_int_eq(f.cap.max.value, 10);
	fx_release(&f);

	/* no value at all: the error names where to give one */
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	load_fails(&f, NULL,
	           "D/main.tf:7:26: error: variable 'endpoint' has no value: "
	           "give it in the scenario ('terraform.vars.endpoint') or a "
	           ".tfvars file (for 'resource_id')");
	fx_release(&f);

	/* a scenario variable the files do not declare */
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	scenario_vars(&f, "{endpoint: e, tagret: 75}");
	load_fails(
	        &f, NULL,
	        "s.yaml:1:15: error: no variable 'tagret' is declared in the "
	        "Terraform files");
	fx_release(&f);
}
END_TEST

/* The common module guard: count = var.enabled ? 1 : 0, and [0]. */
START_TEST(count_guards)
{
	static const char *main_tf =
	        "variable \"enabled\" { default = true }\n"
	        "variable \"other\" { default = false }\n"
	        "resource \"aws_appautoscaling_target\" \"t\" {\n"
	        "  count              = var.enabled ? 1 : 0\n"
	        "  min_capacity       = 2\n"
	        "  max_capacity       = 6\n"
	        "  resource_id        = \"endpoint/ep/variant/v1\"\n"
	        "  scalable_dimension = "
	        "\"sagemaker:variant:DesiredInstanceCount\"\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "}\n"
	        "resource \"aws_appautoscaling_target\" \"unused\" {\n"
	        "  count              = var.other && var.enabled ? 1 : 0\n"
	        "  min_capacity       = 1\n"
	        "  max_capacity       = 2\n"
	        "  resource_id        = \"endpoint/x/variant/v1\"\n"
	        "  scalable_dimension = "
	        "\"sagemaker:variant:DesiredInstanceCount\"\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "}\n"
	        "resource \"aws_appautoscaling_policy\" \"p\" {\n"
	        "  count              = var.enabled ? 1 : 0\n"
	        "  name               = \"p\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = "
	        "aws_appautoscaling_target.t[0].resource_id\n"
	        "  scalable_dimension = "
	        "aws_appautoscaling_target.t[0].scalable_dimension\n"
	        "  service_namespace  = "
	        "aws_appautoscaling_target.t[0].service_namespace\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    target_value = 100\n"
	        "    predefined_metric_specification {\n"
	        "      predefined_metric_type = "
	        "\"SageMakerVariantInvocationsPerInstance\"\n"
	        "    }\n"
	        "  }\n"
	        "}\n";
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	load_ok(&f, NULL);
	ck_assert_str_eq(f.s.resource, "endpoint/ep/variant/v1");
	ck_assert_uint_eq(f.s.n_policies, 1);
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	scenario_vars(&f, "{enabled: false}");
	load_fails(&f, NULL,
	           "s.yaml:2:3: error: no aws_appautoscaling_target in the "
	           "Terraform files");
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf",
	        "resource \"aws_appautoscaling_target\" \"t\" {\n"
	        "  count = 2\n}\n");
	load_fails(&f, NULL,
	           "D/main.tf:2:11: error: 'count' of "
	           "aws_appautoscaling_target.t must come to 0 or 1 (ttsim "
	           "simulates one scalable target), got 2");
	fx_release(&f);
}
END_TEST

/* Custom metrics: dimensions blocks and metric math blocks. */
START_TEST(custom_metrics)
{
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf",
	        SAGEMAKER_TARGET
	        "resource \"aws_appautoscaling_policy\" \"cpu\" {\n"
	        "  name               = \"cpu\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = aws_appautoscaling_target.variant.id\n"
	        "  scalable_dimension = "
	        "aws_appautoscaling_target.variant.scalable_dimension\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    target_value = 50\n"
	        "    customized_metric_specification {\n"
	        "      metric_name = \"CPUUtilization\"\n"
	        "      namespace   = \"/aws/sagemaker/Endpoints\"\n"
	        "      statistic   = \"Average\"\n"
	        "      unit        = \"Percent\"\n"
	        "      dimensions {\n"
	        "        name  = \"EndpointName\"\n"
	        "        value = \"ep\"\n"
	        "      }\n"
	        "      dimensions {\n"
	        "        name  = \"VariantName\"\n"
	        "        value = \"AllTraffic\"\n"
	        "      }\n"
	        "    }\n"
	        "  }\n"
	        "}\n"
	        "resource \"aws_appautoscaling_policy\" \"math\" {\n"
	        "  name               = \"math\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = aws_appautoscaling_target.variant.id\n"
	        "  scalable_dimension = "
	        "aws_appautoscaling_target.variant.scalable_dimension\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    target_value = 70\n"
	        "    customized_metric_specification {\n"
	        "      metrics {\n"
	        "        id          = \"m1\"\n"
	        "        return_data = false\n"
	        "        metric_stat {\n"
	        "          stat = \"Sum\"\n"
	        "          metric {\n"
	        "            metric_name = \"Invocations\"\n"
	        "            namespace   = \"AWS/SageMaker\"\n"
	        "            dimensions {\n"
	        "              name  = \"EndpointName\"\n"
	        "              value = \"ep\"\n"
	        "            }\n"
	        "          }\n"
	        "        }\n"
	        "      }\n"
	        "      metrics {\n"
	        "        id         = \"e1\"\n"
	        "        expression = \"m1 / 2\"\n"
	        "        label      = \"half\"\n"
	        "      }\n"
	        "    }\n"
	        "  }\n"
	        "}\n");
	load_ok(&f, NULL);
	ck_assert_uint_eq(f.s.n_policies, 2);
	const tt_metric_spec *m = &f.s.policies[0].metric;
	ck_assert_int_eq(m->kind, TT_METRIC_CUSTOM);
	ck_assert_str_eq(m->metric_name, "CPUUtilization");
	ck_assert_uint_eq(m->n_dimensions, 2);
	ck_assert_ptr_nonnull(f.s.policies[1].metric.math);
	fx_release(&f);
}
END_TEST

/*
 * A step-scaling policy beside target tracking (policy_type left to the
 * provider's default), the alarm whose alarm_actions name its arn, an
 * alarm of something else, and other targets' policies.
 */
START_TEST(step_scaling_and_other_targets)
{
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf",
	        SAGEMAKER_TARGET IPI_POLICY(
	                "ipi",
	                "70") "resource \"aws_appautoscaling_policy\" \"step\" "
	                      "{\n"
	                      "  name               = \"step\"\n"
	                      "  resource_id        = "
	                      "aws_appautoscaling_target.variant.id\n"
	                      "  scalable_dimension = "
	                      "aws_appautoscaling_target.variant.scalable_"
	                      "dimension\n"
	                      "  service_namespace  = \"sagemaker\"\n"
	                      "  step_scaling_policy_configuration {\n"
	                      "    adjustment_type = \"ChangeInCapacity\"\n"
	                      "    step_adjustment {\n"
	                      "      scaling_adjustment = 1\n"
	                      "      metric_interval_lower_bound = 0\n"
	                      "    }\n"
	                      "  }\n"
	                      "}\n"
	                      "resource \"aws_appautoscaling_policy\" "
	                      "\"elsewhere\" {\n"
	                      "  name               = \"elsewhere\"\n"
	                      "  policy_type        = "
	                      "\"TargetTrackingScaling\"\n"
	                      "  resource_id        = "
	                      "\"endpoint/other/variant/v\"\n"
	                      "  scalable_dimension = "
	                      "\"sagemaker:variant:DesiredInstanceCount\"\n"
	                      "  service_namespace  = \"sagemaker\"\n"
	                      "}\n"
	                      "resource \"aws_cloudwatch_metric_alarm\" "
	                      "\"busy\" {\n"
	                      "  alarm_name          = \"variant-busy\"\n"
	                      "  comparison_operator = "
	                      "\"GreaterThanOrEqualToThreshold\"\n"
	                      "  evaluation_periods  = 3\n"
	                      "  datapoints_to_alarm = \"2\"\n"
	                      "  metric_name         = "
	                      "\"InvocationsPerInstance\"\n"
	                      "  namespace           = \"AWS/SageMaker\"\n"
	                      "  period              = 60\n"
	                      "  statistic           = \"Sum\"\n"
	                      "  threshold           = 900\n"
	                      "  treat_missing_data  = \"notBreaching\"\n"
	                      "  dimensions = {\n"
	                      "    EndpointName = \"checkout\"\n"
	                      "    VariantName  = \"AllTraffic\"\n"
	                      "  }\n"
	                      "  alarm_actions = "
	                      "[aws_appautoscaling_policy.step.arn]\n"
	                      "}\n"
	                      "resource \"aws_cloudwatch_metric_alarm\" "
	                      "\"disk\" {\n"
	                      "  alarm_name          = \"disk\"\n"
	                      "  comparison_operator = \"GreaterThanThreshold\"\n"
	                      "  evaluation_periods  = 1\n"
	                      "  metric_name         = \"DiskUse\"\n"
	                      "  namespace           = \"Custom\"\n"
	                      "  period              = 60\n"
	                      "  statistic           = \"Maximum\"\n"
	                      "  threshold           = 90\n"
	                      "  alarm_actions = [\"arn:aws:sns:us-east-1:"
	                      "123456789012:ops\"]\n"
	                      "}\n");
	load_ok(&f, NULL);
	ck_assert_uint_eq(f.s.n_policies, 1);
	ck_assert_uint_eq(f.s.n_step_policies, 1);
	const tt_step_policy *p = &f.s.step_policies[0];
	ck_assert_str_eq(p->name, "step");
	ck_assert_int_eq(p->adjustment_type, TT_ADJ_CHANGE_IN_CAPACITY);
	ck_assert_int_eq(p->cooldown_us, TT_STEP_COOLDOWN_DEFAULT_US);
	ck_assert_uint_eq(p->n_steps, 1);
	ck_assert(p->steps[0].has_lower && !p->steps[0].has_upper);
	ck_assert_int_eq(p->steps[0].adjustment, 1);
	ck_assert_uint_eq(f.s.n_alarms, 1);
	const tt_user_alarm *a = &f.s.alarms[0];
	ck_assert_str_eq(a->def->name, "variant-busy");
	ck_assert_int_eq(a->def->op, TT_ALARM_OP_GE);
	ck_assert_int_eq(a->def->evaluation_periods, 3);
	ck_assert_int_eq(a->def->datapoints_to_alarm, 2);
	ck_assert_double_eq(a->def->threshold, 900);
	ck_assert_int_eq(a->def->missing, TT_MISSING_NOT_BREACHING);
	ck_assert_str_eq(a->metric.metric_name, "InvocationsPerInstance");
	ck_assert_int_eq(a->metric.statistic, TT_STAT_SUM);
	ck_assert_uint_eq(a->metric.n_dimensions, 2);
	ck_assert_str_eq(a->metric.dimensions[0].name, "EndpointName");
	ck_assert_str_eq(a->metric.dimensions[0].value, "checkout");
	ck_assert_uint_eq(a->n_policies, 1);
	ck_assert_uint_eq(a->policies[0], 0);
	ck_assert_uint_eq(f.s.notes.count, 2);
	ck_assert_str_eq(f.s.notes.items[0].msg,
	                 "aws_cloudwatch_metric_alarm.disk invokes no scaling "
	                 "policy of the target: ignored");
	ck_assert_ptr_nonnull(strstr(f.s.notes.items[1].msg,
	                             "ignored 1 scaling policy of other"));
	fx_release(&f);
}
END_TEST

/*
 * What only Terraform knows: a located error naming what to give, or
 * nothing to do when the scenario gives it already.
 */
START_TEST(values_only_terraform_knows)
{
	static const char *computed =
	        "resource \"aws_appautoscaling_target\" \"variant\" {\n"
	        "  min_capacity       = 1\n"
	        "  max_capacity       = data.aws_ssm_parameter.max.value\n"
	        "  resource_id        = "
	        "\"endpoint/${aws_sagemaker_endpoint.ep.name}/variant/v\"\n"
	        "  scalable_dimension = "
	        "\"sagemaker:variant:DesiredInstanceCount\"\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "  role_arn           = data.aws_iam_role.r.arn\n"
	        "  tags               = { for k, v in var.tags : k => v }\n"
	        "}\n" IPI_POLICY("ipi", "70");
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf", computed);
	load_fails(&f, NULL,
	           "D/main.tf:4:36: error: 'resource_id' needs "
	           "'aws_sagemaker_endpoint.ep.name', an attribute only "
	           "Terraform knows, which ttsim does not evaluate; give the "
	           "value in the scenario ('resource')");
	fx_release(&f);

	/* with the scenario's resource, the ResourceId is not needed and
	 * the maximum is left for capacity.max */
	fx_init(&f);
	tf_file(&f, "main.tf", computed);
	f.s.resource = strdup("endpoint/ep/variant/v");
	load_ok(&f, NULL);
	ck_assert_int_eq(f.cap.min.state, TT_AV_SET);
	ck_assert_int_eq(f.cap.max.state, TT_AV_EXPR);
	ck_assert_str_eq(f.cap.max.expr, "data.aws_ssm_parameter.max.value");
	ck_assert_int_eq(f.cap.max.loc.line, 3);
	ck_assert_uint_eq(f.s.n_policies, 1);
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf",
	        SAGEMAKER_TARGET IPI_POLICY("ipi", "max(50, var.floor)"));
	load_fails(&f, NULL,
	           "D/main.tf:15:20: error: 'target_value' needs a call of the "
	           "function 'max', which ttsim does not evaluate; write the "
	           "value in the file or take it from a variable "
	           "('terraform.vars')");
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf",
	        "variable \"t\" { default = tonumber(\"70\") "
	        "}\n" SAGEMAKER_TARGET IPI_POLICY("ipi", "var.t"));
	load_fails(&f, NULL,
	           "D/main.tf:1:26: error: 'target_value' needs a call of the "
	           "function 'tonumber', which ttsim does not evaluate; give "
	           "variable 't' in the scenario ('terraform.vars.t')");
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf",
	        "resource \"aws_appautoscaling_target\" \"t\" {\n"
	        "  for_each = var.endpoints\n}\n");
	load_fails(&f, NULL,
	           "D/main.tf:2:3: error: 'for_each' on "
	           "aws_appautoscaling_target.t: ttsim reads one instance of "
	           "each resource (a 'count' of 0 or 1 works)");
	fx_release(&f);
}
END_TEST

/* Choosing among several targets, and what is not a known argument. */
START_TEST(targets_and_arguments)
{
	static const char *two = SAGEMAKER_TARGET
	        "resource \"aws_appautoscaling_target\" \"second\" {\n"
	        "  min_capacity       = 1\n"
	        "  max_capacity       = 3\n"
	        "  resource_id        = \"endpoint/ep2/variant/AllTraffic\"\n"
	        "  scalable_dimension = "
	        "\"sagemaker:variant:DesiredInstanceCount\"\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "}\n" IPI_POLICY("ipi", "70");
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf", two);
	load_fails(&f, NULL,
	           "s.yaml:2:3: error: the Terraform files declare 2 scalable "
	           "targets (aws_appautoscaling_target.variant, "
	           "aws_appautoscaling_target.second); choose one with "
	           "'target'");
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf", two);
	load_ok(&f, "aws_appautoscaling_target.variant");
	ck_assert_uint_eq(f.s.n_policies, 1);
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf", two);
	load_fails(&f, "nope",
	           "s.yaml:3:5: error: no aws_appautoscaling_target 'nope' in "
	           "the Terraform files (they declare: "
	           "aws_appautoscaling_target.variant, "
	           "aws_appautoscaling_target.second)");
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf",
	        SAGEMAKER_TARGET
	        "resource \"aws_appautoscaling_policy\" \"p\" {\n"
	        "  name               = \"p\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = aws_appautoscaling_target.variant.id\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    target_valu = 70\n"
	        "  }\n"
	        "}\n");
	load_fails(&f, NULL,
	           "D/main.tf:13:5: error: unknown argument 'target_valu' in "
	           "'target_tracking_scaling_policy_configuration' (expected "
	           "one of: target_value, disable_scale_in, scale_in_cooldown, "
	           "scale_out_cooldown, predefined_metric_specification, "
	           "customized_metric_specification)");
	fx_release(&f);

	/* the policy validator checks the translated values in place */
	fx_init(&f);
	tf_file(&f, "main.tf",
	        SAGEMAKER_TARGET IPI_POLICY("ipi", "\"seventy\""));
	load_fails(&f, NULL,
	           "D/main.tf:15:20: error: expected a number for "
	           "'target_value', got seventy");
	fx_release(&f);
}
END_TEST

/*
 * `terraform show -json`: planned values need no evaluation; a policy's
 * resource_id that is known only after apply is tied to its target by
 * the configuration's references; "" is an unset optional string.
 */
START_TEST(plan_json)
{
	static const char *plan =
	        "{\"format_version\": \"1.2\",\n"
	        " \"planned_values\": {\"root_module\": {\n"
	        "  \"resources\": [\n"
	        "   {\"address\": \"aws_appautoscaling_target.t[0]\",\n"
	        "    \"mode\": \"managed\", \"type\": "
	        "\"aws_appautoscaling_target\",\n"
	        "    \"name\": \"t\", \"index\": 0,\n"
	        "    \"values\": {\"max_capacity\": 6, \"min_capacity\": 2,\n"
	        "      \"resource_id\": \"endpoint/ep/variant/v\",\n"
	        "      \"scalable_dimension\": "
	        "\"sagemaker:variant:DesiredInstanceCount\",\n"
	        "      \"service_namespace\": \"sagemaker\", \"role_arn\": "
	        "\"arn:x\",\n"
	        "      \"suspended_state\": [], \"tags\": null, \"tags_all\": "
	        "{}}},\n"
	        "   {\"address\": \"aws_appautoscaling_policy.p[0]\",\n"
	        "    \"mode\": \"managed\", \"type\": "
	        "\"aws_appautoscaling_policy\",\n"
	        "    \"name\": \"p\", \"index\": 0,\n"
	        "    \"values\": {\"name\": \"p\", \"policy_type\": "
	        "\"TargetTrackingScaling\",\n"
	        "      \"scalable_dimension\": "
	        "\"sagemaker:variant:DesiredInstanceCount\",\n"
	        "      \"service_namespace\": \"sagemaker\",\n"
	        "      \"step_scaling_policy_configuration\": [],\n"
	        "      \"target_tracking_scaling_policy_configuration\": [{\n"
	        "        \"customized_metric_specification\": [],\n"
	        "        \"disable_scale_in\": false, \"scale_in_cooldown\": "
	        "600,\n"
	        "        \"scale_out_cooldown\": null, \"target_value\": 80,\n"
	        "        \"predefined_metric_specification\": [{\n"
	        "          \"predefined_metric_type\": "
	        "\"SageMakerVariantInvocationsPerInstance\",\n"
	        "          \"resource_label\": \"\"}]}]}},\n"
	        "   {\"address\": \"data.aws_iam_role.r\", \"mode\": "
	        "\"data\",\n"
	        "    \"type\": \"aws_iam_role\", \"name\": \"r\", \"values\": "
	        "{}}\n"
	        "  ]}},\n"
	        " \"configuration\": {\"root_module\": {\"resources\": [\n"
	        "   {\"address\": \"aws_appautoscaling_policy.p\",\n"
	        "    \"expressions\": {\"resource_id\": {\"references\": [\n"
	        "      \"aws_appautoscaling_target.t[0].resource_id\",\n"
	        "      \"aws_appautoscaling_target.t[0]\",\n"
	        "      \"aws_appautoscaling_target.t\"]}}}]}}}\n";
	fx f;
	fx_init(&f);
	f.in.plan = fx_write(&f, "plan.json", plan);
	f.n_files = 1; /* cleaned up with the rest */
	load_ok(&f, NULL);
	ck_assert_str_eq(f.s.resource, "endpoint/ep/variant/v");
	ck_assert_int_eq(f.cap.min.value, 2);
	ck_assert_int_eq(f.cap.max.value, 6);
	ck_assert_int_eq(f.cap.max.loc.line, 7);
	ck_assert_uint_eq(f.s.n_policies, 1);
	ck_assert_str_eq(f.s.policies[0].name, "p");
	ck_assert_double_eq(f.s.policies[0].target_value, 80);
	ck_assert_int_eq(f.s.policies[0].scale_in_cooldown_us,
	                 600 * TT_US_PER_S);
	ck_assert_int_eq(f.s.policies[0].scale_out_cooldown_us,
	                 TT_COOLDOWN_UNSET);
	ck_assert_ptr_null(f.s.policies[0].metric.resource_label);
	fx_release(&f);

	fx_init(&f);
	f.in.plan = fx_write(&f, "plan.json", "{\"format_version\": 1}\n");
	f.n_files = 1;
	load_fails(&f, NULL,
	           "D/plan.json:1:1: error: not the output of 'terraform show "
	           "-json': no planned_values.root_module or "
	           "values.root_module");
	fx_release(&f);
}
END_TEST

/*
 * A module in the style of the public SageMaker endpoint modules: an
 * object variable that is null unless given, guarding the target with
 * `!= null`; attributes with optional() defaults in the type; an object
 * default in parentheses; the endpoint's name from another resource (so
 * the scenario names the resource); dynamic blocks and validation
 * blocks elsewhere, never evaluated.
 */
START_TEST(module_with_object_variables)
{
	static const char *main_tf =
	        "# \xe2\x80\x93 autoscaling \xe2\x80\x93\n"
	        "variable \"variant\" {\n"
	        "  type = object({\n"
	        "    name  = optional(string, \"AllTraffic\")\n"
	        "    count = optional(number)\n"
	        "  })\n"
	        "  default = ({\n    count = 1\n  })\n"
	        "}\n"
	        "variable \"scaling\" {\n"
	        "  type = object({\n"
	        "    min_capacity = optional(number, 1)\n"
	        "    max_capacity = number\n"
	        "    target_value = number\n"
	        "  })\n"
	        "  default = null\n"
	        "  validation {\n"
	        "    condition     = alltrue([for k in keys(var.scaling) : k "
	        "!= \"\"])\n"
	        "    error_message = \"bad\"\n"
	        "  }\n"
	        "}\n"
	        "resource \"aws_sagemaker_model\" \"m\" {\n"
	        "  dynamic \"container\" {\n"
	        "    for_each = length(var.containers) > 1 ? var.containers : "
	        "[]\n"
	        "    content {\n      image = container.value.image\n    }\n"
	        "  }\n"
	        "}\n"
	        "resource \"aws_appautoscaling_target\" \"t\" {\n"
	        "  count              = var.scaling != null ? 1 : 0\n"
	        "  min_capacity       = var.scaling.min_capacity\n"
	        "  max_capacity       = var.scaling.max_capacity\n"
	        "  resource_id        = "
	        "\"endpoint/${aws_sagemaker_endpoint.e.name}/variant/"
	        "${var.variant.name}\"\n"
	        "  scalable_dimension = "
	        "\"sagemaker:variant:DesiredInstanceCount\"\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "}\n"
	        "resource \"aws_appautoscaling_policy\" \"p\" {\n"
	        "  name               = \"invocations\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = "
	        "aws_appautoscaling_target.t[0].resource_id\n"
	        "  scalable_dimension = "
	        "aws_appautoscaling_target.t[0].scalable_dimension\n"
	        "  service_namespace  = "
	        "aws_appautoscaling_target.t[0].service_namespace\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    target_value = var.scaling.target_value\n"
	        "    predefined_metric_specification {\n"
	        "      predefined_metric_type = "
	        "\"SageMakerVariantInvocationsPerInstance\"\n"
	        "    }\n"
	        "  }\n"
	        "}\n";
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	scenario_vars(&f, "{scaling: {max_capacity: 4, target_value: 300}}");
	f.s.resource = strdup("endpoint/e/variant/AllTraffic");
	load_ok(&f, NULL);
	ck_assert_int_eq(f.cap.min.value, 1); /* optional(number, 1) */
	ck_assert_int_eq(f.cap.max.value, 4);
	ck_assert_double_eq(f.s.policies[0].target_value, 300);
	ck_assert_str_eq(f.s.policies[0].name, "invocations");
	fx_release(&f);

	/* without the variable the guard leaves no target */
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	f.s.resource = strdup("endpoint/e/variant/AllTraffic");
	load_fails(&f, NULL,
	           "s.yaml:2:3: error: no aws_appautoscaling_target in the "
	           "Terraform files");
	fx_release(&f);
}
END_TEST

/*
 * An ECS module: every value a variable without a default, given by the
 * scenario; two policies on memory and CPU.
 */
START_TEST(ecs_module_with_required_variables)
{
	static const char *vars_tf =
	        "variable \"min_tasks\" { type = number }\n"
	        "variable \"max_tasks\" { type = number }\n"
	        "variable \"cluster\" { type = string }\n"
	        "variable \"service\" { type = string }\n"
	        "variable \"cpu_target\" { type = number }\n"
	        "variable \"memory_target\" { type = number }\n"
	        "variable \"cooldown\" { type = number }\n";
	static const char *main_tf =
	        "resource \"aws_appautoscaling_target\" \"ecs\" {\n"
	        "  max_capacity       = var.max_tasks\n"
	        "  min_capacity       = var.min_tasks\n"
	        "  resource_id        = "
	        "\"service/${var.cluster}/${var.service}\"\n"
	        "  scalable_dimension = \"ecs:service:DesiredCount\"\n"
	        "  service_namespace  = \"ecs\"\n"
	        "}\n"
	        "resource \"aws_appautoscaling_policy\" \"memory\" {\n"
	        "  name               = \"memory\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = "
	        "aws_appautoscaling_target.ecs.resource_id\n"
	        "  scalable_dimension = "
	        "aws_appautoscaling_target.ecs.scalable_dimension\n"
	        "  service_namespace  = "
	        "aws_appautoscaling_target.ecs.service_namespace\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    predefined_metric_specification {\n"
	        "      predefined_metric_type = "
	        "\"ECSServiceAverageMemoryUtilization\"\n"
	        "    }\n"
	        "    target_value       = var.memory_target\n"
	        "    scale_in_cooldown  = var.cooldown\n"
	        "    scale_out_cooldown = var.cooldown\n"
	        "  }\n"
	        "}\n"
	        "resource \"aws_appautoscaling_policy\" \"cpu\" {\n"
	        "  name               = \"cpu\"\n"
	        "  policy_type        = \"TargetTrackingScaling\"\n"
	        "  resource_id        = "
	        "aws_appautoscaling_target.ecs.resource_id\n"
	        "  scalable_dimension = "
	        "aws_appautoscaling_target.ecs.scalable_dimension\n"
	        "  service_namespace  = "
	        "aws_appautoscaling_target.ecs.service_namespace\n"
	        "  target_tracking_scaling_policy_configuration {\n"
	        "    predefined_metric_specification {\n"
	        "      predefined_metric_type = "
	        "\"ECSServiceAverageCPUUtilization\"\n"
	        "    }\n"
	        "    target_value       = var.cpu_target\n"
	        "  }\n"
	        "}\n";
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	tf_file(&f, "variables.tf", vars_tf);
	scenario_vars(&f, "{min_tasks: 1, max_tasks: 10, cluster: c, "
	                  "service: s, cpu_target: 60, memory_target: 75, "
	                  "cooldown: 120}");
	load_ok(&f, NULL);
	ck_assert_str_eq(f.s.resource, "service/c/s");
	ck_assert_str_eq(f.s.scalable_dimension, "ecs:service:DesiredCount");
	ck_assert_int_eq(f.cap.max.value, 10);
	ck_assert_uint_eq(f.s.n_policies, 2);
	ck_assert_double_eq(f.s.policies[1].target_value, 60);
	ck_assert_int_eq(f.s.policies[0].scale_in_cooldown_us,
	                 120 * TT_US_PER_S);
	fx_release(&f);

	/* the capacity limits wait for the scenario; the ResourceId cannot */
	fx_init(&f);
	tf_file(&f, "main.tf", main_tf);
	tf_file(&f, "variables.tf", vars_tf);
	load_fails(&f, NULL,
	           "D/main.tf:4:35: error: variable 'cluster' has no value: "
	           "give it in the scenario ('terraform.vars.cluster') or a "
	           ".tfvars file (for 'resource_id')");
	fx_release(&f);
}
END_TEST

/* An attribute that refers to itself ends with an error, not a loop. */
START_TEST(self_reference)
{
	fx f;
	fx_init(&f);
	tf_file(&f, "main.tf",
	        "resource \"aws_appautoscaling_target\" \"t\" {\n"
	        "  min_capacity = 1\n"
	        "  max_capacity = 4\n"
	        "  resource_id  = aws_appautoscaling_target.t.resource_id\n"
	        "}\n");
	load_fails(&f, NULL,
	           "D/main.tf:4:18: error: "
	           "'aws_appautoscaling_target.t.resource_id' refers to itself "
	           "(or through more than 64 references)");
	fx_release(&f);
}
END_TEST

/*
 * suspended_state's three flags reach the capacity as SuspendedState's,
 * scheduled_scaling_suspended among them, from a literal or a variable;
 * a flag left out is not given (the scenario's default holds).
 */
START_TEST(suspended_state)
{
	static const char *target =
	        "variable \"pause_schedule\" {\n"
	        "  type    = bool\n"
	        "  default = false\n"
	        "}\n"
	        "resource \"aws_appautoscaling_target\" \"variant\" {\n"
	        "  min_capacity       = 1\n"
	        "  max_capacity       = 8\n"
	        "  resource_id        = \"endpoint/ep/variant/AllTraffic\"\n"
	        "  scalable_dimension = "
	        "\"sagemaker:variant:DesiredInstanceCount\"\n"
	        "  service_namespace  = \"sagemaker\"\n"
	        "  suspended_state {\n"
	        "    dynamic_scaling_in_suspended = false\n"
	        "    scheduled_scaling_suspended  = var.pause_schedule\n"
	        "  }\n"
	        "}\n" IPI_POLICY("ipi", "70");
	fx f;

	fx_init(&f);
	tf_file(&f, "main.tf", target);
	load_ok(&f, NULL);
	ck_assert(f.cap.has_in && !f.cap.in_suspended);
	ck_assert(!f.cap.has_out);
	ck_assert(f.cap.has_scheduled && !f.cap.scheduled_suspended);
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf", target);
	scenario_vars(&f, "pause_schedule: true\n");
	load_ok(&f, NULL);
	ck_assert(f.cap.has_scheduled && f.cap.scheduled_suspended);
	fx_release(&f);

	fx_init(&f);
	tf_file(&f, "main.tf", SAGEMAKER_TARGET IPI_POLICY("ipi", "70"));
	load_ok(&f, NULL);
	ck_assert(!f.cap.has_in && !f.cap.has_out && !f.cap.has_scheduled);
	fx_release(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tf");
	const tu_case cases[] = {
	        {"target-and-policy", target_and_policy},
	        {"variables", variables_locals_and_templates},
	        {"count", count_guards},
	        {"custom-metrics", custom_metrics},
	        {"step-and-others", step_scaling_and_other_targets},
	        {"computed", values_only_terraform_knows},
	        {"targets-and-arguments", targets_and_arguments},
	        {"plan-json", plan_json},
	        {"object-variables", module_with_object_variables},
	        {"ecs-module", ecs_module_with_required_variables},
	        {"self-reference", self_reference},
	        {"suspended-state", suspended_state},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
