/*
 * test_policy.c - the policy validator: AWS policy JSON in, tt_policy out.
 *
 * The seed's three policy files must load with exactly the values written
 * in them; every key is read into its field; every rejected input gives one
 * exact message at one exact line and column.  Most inputs are inline JSON
 * strings so a case reads as one table row; a YAML case shows that the same
 * validator serves policies written inline in a scenario.  The bad-input
 * folder (tests/bad/) is replayed through the command by cli_test.sh.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "policy_node.h"
#include "testutil.h"
#include "ttsim/policy.h"

#define MSG_MAX 1024

/* Parse `text` as JSON (or YAML) named "p.json" and validate it as "p". */
static tt_code parse_policy(const char *text, bool yaml, tt_policy *p,
                            tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc;

	if (yaml)
		rc = tt_doc_parse_yaml(text, strlen(text), "p.yaml", &doc, d);
	else
		rc = tt_doc_parse_json(text, strlen(text), "p.json", &doc, d);
	if (rc)
		return rc;
	rc = tt_policy_from_node(doc.root, "p", p, d);
	tt_doc_release(&doc);
	return rc;
}

/* Load a seed policy from scenarios/policies with its default name. */
static void load_seed(const char *file, tt_policy *p)
{
	char rel[128], path[1024], msg[MSG_MAX];
	tt_diag d = {0};

	snprintf(rel, sizeof rel, "scenarios/policies/%s", file);
	tu_src_path(path, sizeof path, rel);
	tt_code rc = tt_policy_load_file(path, file, NULL, p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
}

static bool is_zeroed(const tt_policy *p)
{
	static const tt_policy zero;
	return memcmp(p, &zero, sizeof zero) == 0;
}

/* ---- the seed files ---- */

START_TEST(seed_predefined)
{
	tt_policy p;
	load_seed("seed-predefined.json", &p);
	ck_assert_str_eq(p.name, "seed-predefined");
	ck_assert_double_eq(p.target_value, 70.0);
	ck_assert_int_eq(p.target_loc.line, 2);
	ck_assert_int_eq(p.target_loc.col, 18);
	ck_assert_str_eq(p.target_loc.file, "seed-predefined.json");
	ck_assert_int_eq(p.loc.line, 1);
	ck_assert_int_eq(p.loc.col, 1);
	ck_assert_int_eq(p.metric.kind, TT_METRIC_PREDEFINED);
	ck_assert_int_eq(p.metric.predefined,
	                 TT_PM_SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE);
	ck_assert_int_eq(p.metric.loc.line, 3);
	ck_assert_int_eq(p.metric.loc.col, 36);
	ck_assert_ptr_null(p.metric.resource_label);
	ck_assert_int_eq(p.scale_out_cooldown_us, TT_COOLDOWN_UNSET);
	ck_assert_int_eq(p.scale_in_cooldown_us, TT_COOLDOWN_UNSET);
	ck_assert(!p.disable_scale_in);
	ck_assert_int_eq(tt_policy_period_us(&p), 60 * TT_US_PER_S);
	tt_policy_release(&p);
	ck_assert(is_zeroed(&p));
}
END_TEST

START_TEST(seed_custom_cpu)
{
	tt_policy p;
	load_seed("seed-custom-cpu.json", &p);
	ck_assert_str_eq(p.name, "seed-custom-cpu");
	ck_assert_double_eq(p.target_value, 50.0);
	ck_assert_int_eq(p.metric.kind, TT_METRIC_CUSTOM);
	ck_assert_str_eq(p.metric.metric_name, "CPUUtilization");
	ck_assert_str_eq(p.metric.namespace_, "/aws/sagemaker/Endpoints");
	ck_assert_uint_eq(p.metric.n_dimensions, 2);
	ck_assert_str_eq(p.metric.dimensions[0].name, "EndpointName");
	ck_assert_str_eq(p.metric.dimensions[0].value, "my-endpoint");
	ck_assert_str_eq(p.metric.dimensions[1].name, "VariantName");
	ck_assert_str_eq(p.metric.dimensions[1].value, "my-variant");
	ck_assert_int_eq(p.metric.statistic, TT_STAT_AVERAGE);
	ck_assert_str_eq(p.metric.unit, "Percent");
	ck_assert_int_eq(p.scale_out_cooldown_us, TT_COOLDOWN_UNSET);
	ck_assert_int_eq(p.scale_in_cooldown_us, TT_COOLDOWN_UNSET);
	ck_assert(!p.disable_scale_in);
	ck_assert_int_eq(tt_policy_period_us(&p), 60 * TT_US_PER_S);
	tt_policy_release(&p);
}
END_TEST

START_TEST(seed_cooldown)
{
	tt_policy p;
	load_seed("seed-cooldown.json", &p);
	ck_assert_str_eq(p.name, "seed-cooldown");
	ck_assert_double_eq(p.target_value, 70.0);
	ck_assert_int_eq(p.metric.predefined,
	                 TT_PM_SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE);
	ck_assert_int_eq(p.scale_in_cooldown_us, 600 * TT_US_PER_S);
	ck_assert_int_eq(p.scale_out_cooldown_us, 300 * TT_US_PER_S);
	tt_policy_release(&p);
}
END_TEST

/* ---- names and files ---- */

START_TEST(load_file_names)
{
	char path[1024], msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	tu_src_path(path, sizeof path, "scenarios/policies/seed-cooldown.json");
	ck_assert_int_eq(tt_policy_load_file(path, "x.json", "mine", &p, &d),
	                 TT_OK);
	ck_assert_str_eq(p.name, "mine");
	ck_assert_str_eq(p.loc.file, "x.json");
	tt_policy_release(&p);

	ck_assert_int_eq(tt_policy_load_file("no-such-dir/nope.json",
	                                     "nope.json", NULL, &p, &d),
	                 TT_EIO);
	ck_assert(is_zeroed(&p));
	tu_diag_str(&d, msg, sizeof msg);
	ck_assert_msg(strncmp(msg, "nope.json: error: ", 18) == 0, "%s", msg);
}
END_TEST

/* ---- every field ---- */

START_TEST(all_fields)
{
	const char *json =
	        "{\"TargetValue\": 12.5,\n"
	        " \"PredefinedMetricSpecification\": {\n"
	        "  \"PredefinedMetricType\": \"ALBRequestCountPerTarget\",\n"
	        "  \"ResourceLabel\": \"app/my-alb/778d41231b141a0f/"
	        "targetgroup/my-tg/943f017f100becff\"},\n"
	        " \"ScaleOutCooldown\": 0,\n"
	        " \"ScaleInCooldown\": 86400,\n"
	        " \"DisableScaleIn\": true}";
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	tt_code rc = parse_policy(json, false, &p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_str_eq(p.name, "p");
	ck_assert_double_eq(p.target_value, 12.5);
	ck_assert_int_eq(p.metric.predefined,
	                 TT_PM_ALB_REQUEST_COUNT_PER_TARGET);
	ck_assert_str_eq(p.metric.resource_label,
	                 "app/my-alb/778d41231b141a0f/targetgroup/my-tg/"
	                 "943f017f100becff");
	ck_assert_int_eq(p.scale_out_cooldown_us, 0);
	ck_assert_int_eq(p.scale_in_cooldown_us, 86400 * TT_US_PER_S);
	ck_assert(p.disable_scale_in);
	tt_policy_release(&p);
}
END_TEST

START_TEST(custom_minimal)
{
	/* No Dimensions, no Unit; every statistic spelled as AWS spells it. */
	static const struct {
		const char *text;
		tt_statistic stat;
	} stats[] = {
	        {"Average", TT_STAT_AVERAGE},
	        {"Minimum", TT_STAT_MINIMUM},
	        {"Maximum", TT_STAT_MAXIMUM},
	        {"SampleCount", TT_STAT_SAMPLE_COUNT},
	        {"Sum", TT_STAT_SUM},
	};
	for (size_t i = 0; i < sizeof stats / sizeof stats[0]; i++) {
		char json[512], msg[MSG_MAX];
		tt_policy p;
		tt_diag d = {0};

		snprintf(json, sizeof json,
		         "{\"TargetValue\": 1, \"DisableScaleIn\": false, "
		         "\"CustomizedMetricSpecification\": {\"MetricName\": "
		         "\"QueueDepth\", \"Namespace\": \"Custom\", "
		         "\"Dimensions\": [], \"Statistic\": \"%s\"}}",
		         stats[i].text);
		tt_code rc = parse_policy(json, false, &p, &d);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, msg, sizeof msg));
		ck_assert_int_eq(p.metric.statistic, stats[i].stat);
		ck_assert_str_eq(tt_statistic_name(stats[i].stat),
		                 stats[i].text);
		ck_assert_uint_eq(p.metric.n_dimensions, 0);
		ck_assert_ptr_null(p.metric.unit);
		ck_assert(!p.disable_scale_in);
		tt_policy_release(&p);
	}
}
END_TEST

START_TEST(high_resolution_period)
{
	static const char *const types[] = {
	        "SageMakerVariantConcurrentRequestsPerModelHighResolution",
	        "SageMakerInferenceComponentConcurrentRequestsPerCopy"
	        "HighResolution",
	};
	for (size_t i = 0; i < 2; i++) {
		char json[512], msg[MSG_MAX];
		tt_policy p;
		tt_diag d = {0};

		snprintf(json, sizeof json,
		         "{\"TargetValue\": 4, "
		         "\"PredefinedMetricSpecification\": "
		         "{\"PredefinedMetricType\": \"%s\"}}",
		         types[i]);
		tt_code rc = parse_policy(json, false, &p, &d);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, msg, sizeof msg));
		ck_assert_int_eq(tt_policy_period_us(&p), 10 * TT_US_PER_S);
		tt_policy_release(&p);
	}
}
END_TEST

/* ---- the predefined table ---- */

START_TEST(predefined_table)
{
	int high_res = 0;
	for (int i = 0; i < TT_PM_COUNT; i++) {
		const tt_predefined_info *info = tt_predefined_get(i);
		tt_predefined back;

		ck_assert_ptr_nonnull(info);
		ck_assert_ptr_nonnull(info->name);
		ck_assert_ptr_nonnull(info->metric_name);
		ck_assert(tt_predefined_from_name(info->name, &back));
		ck_assert_int_eq(back, i);
		high_res += info->high_resolution;
	}
	ck_assert_int_eq(TT_PM_COUNT, 27);
	ck_assert_int_eq(high_res, 2);
	ck_assert_ptr_null(tt_predefined_get(TT_PM_COUNT));
	ck_assert(!tt_predefined_from_name("InvocationsPerInstance", NULL));
	ck_assert(!tt_predefined_from_name(
	        "sagemakervariantinvocationsperinstance", NULL));
	ck_assert(!tt_predefined_from_name(NULL, NULL));
	ck_assert_ptr_null(tt_statistic_name(TT_STAT_COUNT));
}
END_TEST

START_TEST(predefined_sagemaker)
{
	static const struct {
		tt_predefined type;
		const char *name, *metric;
		bool high_res;
	} cases[] = {
	        {TT_PM_SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
	         "SageMakerVariantInvocationsPerInstance",
	         "InvocationsPerInstance", false},
	        {TT_PM_SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY,
	         "SageMakerInferenceComponentInvocationsPerCopy",
	         "InvocationsPerCopy", false},
	        {TT_PM_SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION,
	         "SageMakerVariantConcurrentRequestsPerModelHighResolution",
	         "ConcurrentRequestsPerModel", true},
	        {TT_PM_SAGEMAKER_INFERENCE_COMPONENT_CONCURRENT_REQUESTS_PER_COPY_HIGH_RESOLUTION,
	         "SageMakerInferenceComponentConcurrentRequestsPerCopy"
	         "HighResolution",
	         "ConcurrentRequestsPerCopy", true},
	        {TT_PM_SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION,
	         "SageMakerVariantProvisionedConcurrencyUtilization",
	         "ServerlessProvisionedConcurrencyUtilization", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const tt_predefined_info *info =
		        tt_predefined_get(cases[i].type);
		ck_assert_str_eq(info->name, cases[i].name);
		ck_assert_str_eq(info->metric_name, cases[i].metric);
		ck_assert_int_eq(info->high_resolution, cases[i].high_res);
	}
}
END_TEST

/*
 * Every type has a law and a unit as AWS defines the metric: the two
 * provisioned-concurrency utilizations are ratios, the others percentages;
 * exactly the metrics the traffic does not determine need a model, and
 * their error's example declares one under the CloudWatch name.
 */
START_TEST(predefined_laws)
{
	static const struct {
		tt_predefined type;
		tt_metric_law law;
		tt_metric_unit unit;
	} cases[] = {
	        {TT_PM_ECS_SERVICE_AVERAGE_CPU_UTILIZATION, TT_LAW_UTILIZATION,
	         TT_UNIT_PERCENT},
	        {TT_PM_ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION, TT_LAW_DECLARED,
	         TT_UNIT_PERCENT},
	        {TT_PM_ALB_REQUEST_COUNT_PER_TARGET, TT_LAW_COUNT_PER_UNIT,
	         TT_UNIT_COUNT},
	        {TT_PM_DYNAMODB_READ_CAPACITY_UTILIZATION,
	         TT_LAW_CAPACITY_UNITS, TT_UNIT_PERCENT},
	        {TT_PM_CASSANDRA_WRITE_CAPACITY_UTILIZATION,
	         TT_LAW_CAPACITY_UNITS, TT_UNIT_PERCENT},
	        {TT_PM_LAMBDA_PROVISIONED_CONCURRENCY_UTILIZATION,
	         TT_LAW_UTILIZATION, TT_UNIT_RATIO},
	        {TT_PM_SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION,
	         TT_LAW_UTILIZATION, TT_UNIT_RATIO},
	        {TT_PM_RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
	         TT_LAW_IN_FLIGHT, TT_UNIT_COUNT},
	        {TT_PM_EC2_SPOT_FLEET_REQUEST_AVERAGE_NETWORK_OUT,
	         TT_LAW_DECLARED, TT_UNIT_BYTES},
	        {TT_PM_KAFKA_BROKER_STORAGE_UTILIZATION, TT_LAW_DECLARED,
	         TT_UNIT_PERCENT},
	        {TT_PM_SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION,
	         TT_LAW_IN_FLIGHT, TT_UNIT_COUNT},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const tt_predefined_info *info =
		        tt_predefined_get(cases[i].type);
		ck_assert_int_eq(info->law, cases[i].law);
		ck_assert_int_eq(info->unit, cases[i].unit);
	}
	int declared = 0, ratios = 0;
	for (int t = 0; t < TT_PM_COUNT; t++) {
		const tt_predefined_info *info = tt_predefined_get(t);
		ck_assert_ptr_nonnull(tt_metric_unit_name(info->unit));
		ratios += info->unit == TT_UNIT_RATIO;
		if (info->law != TT_LAW_DECLARED) {
			ck_assert_ptr_null(info->model_example);
			continue;
		}
		declared++;
		size_t n = strlen(info->metric_name);
		ck_assert_ptr_nonnull(info->model_example);
		ck_assert_msg(
		        !strncmp(info->model_example, info->metric_name, n) &&
		                info->model_example[n] == ':',
		        "%s", info->name);
	}
	ck_assert_int_eq(declared, 6);
	ck_assert_int_eq(ratios, 2);
	ck_assert_str_eq(tt_metric_unit_name(TT_UNIT_PERCENT), "%");
	ck_assert_ptr_null(tt_metric_unit_name((tt_metric_unit)99));
}
END_TEST

/*
 * docs/policies.md's table of predefined types says what the source's
 * table says: each type's row names its CloudWatch metric, period, law
 * and unit.
 */
START_TEST(predefined_docs_table)
{
	char path[1024];
	FILE *f =
	        fopen(tu_src_path(path, sizeof path, "docs/policies.md"), "r");
	ck_assert_ptr_nonnull(f);
	static char doc[1 << 18];
	size_t n = fread(doc, 1, sizeof doc - 1, f);
	fclose(f);
	doc[n] = '\0';
	for (int t = 0; t < TT_PM_COUNT; t++) {
		const tt_predefined_info *info = tt_predefined_get(t);
		char row[512];
		snprintf(row, sizeof row, "| `%s` | `%s` | %s | %s | %s",
		         info->name, info->metric_name,
		         info->high_resolution ? "10 s" : "60 s",
		         tt_metric_law_name(info->law),
		         tt_metric_unit_name(info->unit));
		ck_assert_msg(strstr(doc, row), "docs/policies.md lacks '%s'",
		              row);
	}
	ck_assert_ptr_null(tt_metric_law_name((tt_metric_law)99));
}
END_TEST

/* The "did you mean" any list of names can have. */
START_TEST(did_you_mean_names)
{
	static const char *const names[] = {"CPUUtilization", "GPUUtilization",
	                                    "MemoryUtilization",
	                                    "InvocationsPerInstance"};
	static const struct {
		const char *given, *hint;
	} cases[] = {
	        {"CPUUtilisation", " (did you mean 'CPUUtilization'?)"},
	        {"cpuutilization", " (did you mean 'CPUUtilization'?)"},
	        {"InvocationPerInstance",
	         " (did you mean 'InvocationsPerInstance'?)"},
	        /* a fragment of a few names */
	        {"PUUtilization",
	         " (did you mean one of 'CPUUtilization', 'GPUUtilization'?)"},
	        /* equally far from two: no guess */
	        {"XPUUtilization", ""},
	        {"Latency", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[256];
		tt_policy_did_you_mean(buf, sizeof buf, cases[i].given, names,
		                       sizeof names / sizeof names[0]);
		ck_assert_str_eq(buf, cases[i].hint);
	}
}
END_TEST

/* ---- release ---- */

START_TEST(release_accepts_empty)
{
	tt_policy p = {0};
	tt_policy_release(NULL);
	tt_policy_release(&p);
	ck_assert(is_zeroed(&p));
}
END_TEST

/* ---- errors ---- */

#define PRE_IPI                                                                \
	"\"PredefinedMetricSpecification\": {\"PredefinedMetricType\": "       \
	"\"SageMakerVariantInvocationsPerInstance\"}"

static const struct {
	const char *text;
	tt_code code;
	const char *want; /* tt_diag_format output */
} json_errors[] = {
        /* TargetValue */
        {"{" PRE_IPI "}", TT_EINVAL,
         "p.json:1:1: error: missing required key 'TargetValue' in "
         "'TargetTrackingScalingPolicyConfiguration'"},
        /* outside AWS's range, 8.515920e-109 to 1.174271e+108 */
        {"{\"TargetValue\": -5, " PRE_IPI "}", TT_ERANGE,
         "p.json:1:17: error: 'TargetValue' failed to satisfy constraint: "
         "Member must have value greater than or equal to 8.515920e-109, "
         "got -5"},
        {"{\"TargetValue\": 0, " PRE_IPI "}", TT_ERANGE,
         "p.json:1:17: error: 'TargetValue' failed to satisfy constraint: "
         "Member must have value greater than or equal to 8.515920e-109, "
         "got 0"},
        {"{\"TargetValue\": 8.5159e-109, " PRE_IPI "}", TT_ERANGE,
         "p.json:1:17: error: 'TargetValue' failed to satisfy constraint: "
         "Member must have value greater than or equal to 8.515920e-109, "
         "got 8.5159e-109"},
        {"{\"TargetValue\": 1.1742711e108, " PRE_IPI "}", TT_ERANGE,
         "p.json:1:17: error: 'TargetValue' failed to satisfy constraint: "
         "Member must have value less than or equal to 1.174271e+108, got "
         "1.1742711e108"},
        {"{\"TargetValue\": 1e200, " PRE_IPI "}", TT_ERANGE,
         "p.json:1:17: error: 'TargetValue' failed to satisfy constraint: "
         "Member must have value less than or equal to 1.174271e+108, got "
         "1e200"},
        {"{\"TargetValue\": 1e400, " PRE_IPI "}", TT_ERANGE,
         "p.json:1:17: error: number out of range for 'TargetValue', got "
         "1e400"},
        {"{\"TargetValue\": \"70\", " PRE_IPI "}", TT_EINVAL,
         "p.json:1:17: error: expected a number for 'TargetValue', got a "
         "string"},
        /* the metric specification */
        {"{\"TargetValue\": 70,\n \"ScaleInCooldown\": 600}", TT_EINVAL,
         "p.json:1:1: error: exactly one of 'PredefinedMetricSpecification' or "
         "'CustomizedMetricSpecification' is required, got neither"},
        {"{\"TargetValue\": 70, " PRE_IPI
         ",\n \"CustomizedMetricSpecification\": {\"MetricName\": \"M\", "
         "\"Namespace\": \"N\", \"Statistic\": \"Sum\"}}",
         TT_EINVAL,
         "p.json:1:1: error: exactly one of 'PredefinedMetricSpecification' or "
         "'CustomizedMetricSpecification' is required, got both"},
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "{\"PredefinedMetricType\": \"InvocationsPerInstance\"}}",
         TT_EINVAL,
         "p.json:2:60: error: unknown PredefinedMetricType "
         "'InvocationsPerInstance' (did you mean "
         "'SageMakerVariantInvocationsPerInstance'?)"},
        /* a typo: within a small edit distance */
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "{\"PredefinedMetricType\": "
         "\"SagemakerVariantInvocationPerInstance\"}}",
         TT_EINVAL,
         "p.json:2:60: error: unknown PredefinedMetricType "
         "'SagemakerVariantInvocationPerInstance' (did you mean "
         "'SageMakerVariantInvocationsPerInstance'?)"},
        /* the CloudWatch name of a high-resolution type */
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "{\"PredefinedMetricType\": \"ConcurrentRequestsPerCopy\"}}",
         TT_EINVAL,
         "p.json:2:60: error: unknown PredefinedMetricType "
         "'ConcurrentRequestsPerCopy' (did you mean "
         "'SageMakerInferenceComponentConcurrentRequestsPerCopy"
         "HighResolution'?)"},
        /* a CloudWatch name shared by two types: both are offered */
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "{\"PredefinedMetricType\": \"EngineCPUUtilization\"}}",
         TT_EINVAL,
         "p.json:2:60: error: unknown PredefinedMetricType "
         "'EngineCPUUtilization' (did you mean one of "
         "'ElastiCachePrimaryEngineCPUUtilization', "
         "'ElastiCacheReplicaEngineCPUUtilization'?)"},
        /* nothing close: point at the list */
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "{\"PredefinedMetricType\": \"Latency\"}}",
         TT_EINVAL,
         "p.json:2:60: error: unknown PredefinedMetricType 'Latency' (the "
         "accepted types are listed in docs/policies.md)"},
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "{\"ResourceLabel\": \"x\"}}",
         TT_EINVAL,
         "p.json:2:35: error: missing required key 'PredefinedMetricType' in "
         "'PredefinedMetricSpecification'"},
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "{\"PredefinedMetricType\": "
         "\"SageMakerVariantInvocationsPerInstance\", \"ResourceLabel\": 5}}",
         TT_EINVAL,
         "p.json:2:119: error: expected a string for 'ResourceLabel', got a "
         "number"},
        /* customized metrics */
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\", \"Statistic\": "
         "\"p99\"}}",
         TT_EINVAL,
         "p.json:2:86: error: unknown Statistic 'p99' (expected one of: "
         "Average, Minimum, Maximum, SampleCount, Sum)"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\", \"Statistic\": "
         "\"average\"}}",
         TT_EINVAL,
         "p.json:2:86: error: unknown Statistic 'average' (did you mean "
         "'Average'?)"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\"}}",
         TT_EINVAL,
         "p.json:2:35: error: missing required key 'Statistic' in "
         "'CustomizedMetricSpecification'"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"Namespace\": \"N\", \"Statistic\": \"Sum\"}}",
         TT_EINVAL,
         "p.json:2:35: error: missing required key 'MetricName' in "
         "'CustomizedMetricSpecification'"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Statistic\": \"Sum\"}}",
         TT_EINVAL,
         "p.json:2:35: error: missing required key 'Namespace' in "
         "'CustomizedMetricSpecification'"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\", \"Statistic\": "
         "\"Sum\", \"Dimensions\": {\"Name\": \"a\", \"Value\": \"b\"}}}",
         TT_EINVAL,
         "p.json:2:107: error: expected a sequence for 'Dimensions', got a "
         "map"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\", \"Statistic\": "
         "\"Sum\",\n  \"Dimensions\": [{\"Name\": \"a\", \"Value\": \"b\"}, "
         "{\"Name\": \"c\"}]}}",
         TT_EINVAL,
         "p.json:3:47: error: missing required key 'Value' in "
         "'Dimensions[1]'"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\", \"Statistic\": "
         "\"Sum\",\n  \"Dimensions\": [{\"Name\": \"a\", \"Value\": \"b\", "
         "\"Val\": \"c\"}]}}",
         TT_EINVAL,
         "p.json:3:46: error: unknown key 'Val' in 'Dimensions[0]' (expected "
         "one of: Name, Value)"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\", \"Statistic\": "
         "\"Sum\",\n  \"Dimensions\": [\"EndpointName=x\"]}}",
         TT_EINVAL,
         "p.json:3:18: error: expected a map for 'Dimensions[0]', got a "
         "string"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"Metrics\": [{\"Id\": \"m1\", \"Expression\": \"m2 / m3\"}]}}",
         TT_EINVAL,
         "p.json:2:76: error: unknown Id 'm2' in expression 'm2 / m3' (at "
         "character 1)"},
        {"{\"TargetValue\": 50,\n \"CustomizedMetricSpecification\": "
         "{\"MetricName\": \"M\", \"Namespace\": \"N\", \"Statistic\": "
         "\"Sum\", \"Metrics\": []}}",
         TT_EINVAL,
         "p.json:2:36: error: 'MetricName' cannot be combined with "
         "'Metrics': give either the single metric (MetricName, Namespace, "
         "Dimensions, Statistic) or metric math"},
        /* cooldowns and DisableScaleIn */
        {"{\"TargetValue\": 70, " PRE_IPI ",\n \"ScaleInCooldown\": -1}",
         TT_ERANGE,
         "p.json:2:21: error: 'ScaleInCooldown' must not be negative, got -1"},
        {"{\"TargetValue\": 70, " PRE_IPI ",\n \"ScaleOutCooldown\": -300}",
         TT_ERANGE,
         "p.json:2:22: error: 'ScaleOutCooldown' must not be negative, got "
         "-300"},
        {"{\"TargetValue\": 70, " PRE_IPI ",\n \"ScaleInCooldown\": 86401}",
         TT_ERANGE,
         "p.json:2:21: error: 'ScaleInCooldown' must be at most 86400 seconds "
         "(one day), got 86401"},
        {"{\"TargetValue\": 70, " PRE_IPI ",\n \"ScaleOutCooldown\": 30.5}",
         TT_EINVAL,
         "p.json:2:22: error: expected an integer for 'ScaleOutCooldown', got "
         "30.5"},
        {"{\"TargetValue\": 70, " PRE_IPI ",\n \"ScaleInCooldown\": \"300\"}",
         TT_EINVAL,
         "p.json:2:21: error: expected an integer for 'ScaleInCooldown', got a "
         "string"},
        {"{\"TargetValue\": 70, " PRE_IPI ",\n \"DisableScaleIn\": \"yes\"}",
         TT_EINVAL,
         "p.json:2:20: error: expected true or false for 'DisableScaleIn', "
         "got a string"},
        /* keys and shapes */
        {"{\"TargetValue\": 70, " PRE_IPI
         ",\n \"EstimatedInstanceWarmup\": 300}",
         TT_EINVAL,
         "p.json:2:2: error: unknown key 'EstimatedInstanceWarmup' in "
         "'TargetTrackingScalingPolicyConfiguration' (expected one of: "
         "TargetValue, PredefinedMetricSpecification, "
         "CustomizedMetricSpecification, ScaleOutCooldown, ScaleInCooldown, "
         "DisableScaleIn)"},
        {"[{\"TargetValue\": 70, " PRE_IPI "}]", TT_EINVAL,
         "p.json:1:1: error: expected a map for "
         "'TargetTrackingScalingPolicyConfiguration', got a sequence"},
        {"{\"TargetValue\": 70,\n \"PredefinedMetricSpecification\": "
         "\"SageMakerVariantInvocationsPerInstance\"}",
         TT_EINVAL,
         "p.json:2:35: error: expected a map for "
         "'PredefinedMetricSpecification', got a string"},
};

START_TEST(json_error)
{
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	tt_code rc = parse_policy(json_errors[_i].text, false, &p, &d);
	tu_diag_str(&d, msg, sizeof msg);
	ck_assert_msg(rc == json_errors[_i].code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), msg);
	ck_assert_str_eq(msg, json_errors[_i].want);
	ck_assert(is_zeroed(&p));
}
END_TEST

/* ---- YAML: the validator is the same, the typing is YAML's ---- */

START_TEST(yaml_plain_number)
{
	const char *yaml = "TargetValue: 70\n"
	                   "PredefinedMetricSpecification:\n"
	                   "  PredefinedMetricType: "
	                   "SageMakerVariantInvocationsPerInstance\n"
	                   "ScaleInCooldown: 600\n"
	                   "DisableScaleIn: true\n";
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	tt_code rc = parse_policy(yaml, true, &p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_double_eq(p.target_value, 70.0);
	ck_assert_int_eq(p.target_loc.line, 1);
	ck_assert_int_eq(p.target_loc.col, 14);
	ck_assert_int_eq(p.scale_in_cooldown_us, 600 * TT_US_PER_S);
	ck_assert(p.disable_scale_in);
	tt_policy_release(&p);
}
END_TEST

static const struct {
	const char *text;
	tt_code code;
	const char *want;
} yaml_errors[] = {
        {"TargetValue: \"70\"\n"
         "PredefinedMetricSpecification:\n"
         "  PredefinedMetricType: SageMakerVariantInvocationsPerInstance\n",
         TT_EINVAL,
         "p.yaml:1:14: error: expected a number for 'TargetValue', got a "
         "string"},
        {"TargetValue: 70\n"
         "PredefinedMetricSpecification:\n"
         "  PredefinedMetricType: InvocationsPerInstance\n",
         TT_EINVAL,
         "p.yaml:3:25: error: unknown PredefinedMetricType "
         "'InvocationsPerInstance' (did you mean "
         "'SageMakerVariantInvocationsPerInstance'?)"},
        {"TargetValue: 70\n"
         "PredefinedMetricSpecification:\n"
         "  PredefinedMetricType: SageMakerVariantInvocationsPerInstance\n"
         "DisableScaleIn: yes\n",
         TT_EINVAL,
         "p.yaml:4:17: error: expected true or false for 'DisableScaleIn', "
         "got 'yes'"},
};

START_TEST(yaml_error)
{
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	tt_code rc = parse_policy(yaml_errors[_i].text, true, &p, &d);
	tu_diag_str(&d, msg, sizeof msg);
	ck_assert_msg(rc == yaml_errors[_i].code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), msg);
	ck_assert_str_eq(msg, yaml_errors[_i].want);
	ck_assert(is_zeroed(&p));
}
END_TEST

/* AWS's TargetValue range includes both its ends. */
START_TEST(target_value_range_ends)
{
	static const char *const texts[] = {
	        "{\"TargetValue\": 8.515920e-109, " PRE_IPI "}",
	        "{\"TargetValue\": 1.174271e+108, " PRE_IPI "}",
	};
	static const double want[] = {8.515920e-109, 1.174271e+108};
	for (int i = 0; i < 2; i++) {
		char msg[MSG_MAX];
		tt_policy p;
		tt_diag d = {0};
		tt_code rc = parse_policy(texts[i], false, &p, &d);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, msg, sizeof msg));
		ck_assert_double_eq(p.target_value, want[i]);
		tt_policy_release(&p);
	}
}
END_TEST

/* ---- the bad-input folder ---- */

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc;

	tc = tcase_create("seed");
	tcase_add_test(tc, seed_predefined);
	tcase_add_test(tc, seed_custom_cpu);
	tcase_add_test(tc, seed_cooldown);
	tcase_add_test(tc, load_file_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("fields");
	tcase_add_test(tc, all_fields);
	tcase_add_test(tc, custom_minimal);
	tcase_add_test(tc, high_resolution_period);
	tcase_add_test(tc, release_accepts_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("predefined");
	tcase_add_test(tc, predefined_table);
	tcase_add_test(tc, predefined_sagemaker);
	tcase_add_test(tc, predefined_laws);
	tcase_add_test(tc, predefined_docs_table);
	tcase_add_test(tc, did_you_mean_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("json_errors");
	tcase_add_loop_test(tc, json_error, 0,
	                    (int)(sizeof json_errors / sizeof json_errors[0]));
	tcase_add_test(tc, target_value_range_ends);
	suite_add_tcase(s, tc);

	tc = tcase_create("yaml");
	tcase_add_test(tc, yaml_plain_number);
	tcase_add_loop_test(tc, yaml_error, 0,
	                    (int)(sizeof yaml_errors / sizeof yaml_errors[0]));
	suite_add_tcase(s, tc);

	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	return tu_run_suite(policy_suite());
}
