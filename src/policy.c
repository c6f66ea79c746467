/*
 * policy.c - AWS target-tracking policy configurations as plain C.
 *
 * A TargetTrackingScalingPolicyConfiguration arrives as a parsed document
 * node (node.h), from a policy file written for `aws application-autoscaling
 * put-scaling-policy` or inline in a scenario, and leaves as a tt_policy.
 * The validator is strict in the way the AWS API is strict: unknown keys,
 * wrong types, a missing TargetValue, both or neither metric specification
 * and a PredefinedMetricType outside the API enum are all errors that point
 * at the offending line and column.  Nothing is silently defaulted except
 * what AWS itself defaults (cooldowns, left TT_COOLDOWN_UNSET here so the
 * resource type can choose, and DisableScaleIn false).
 *
 * This is the lower floor of the policy readers: it knows one
 * configuration and nothing of files.  A policy file may hold a bare
 * configuration, a whole PutScalingPolicy request or the output of
 * describe-scaling-policies; aws_forms.c, above, tells them apart, finds
 * the configuration in each, passes it down to tt_policy_from_node, and
 * defines the file loader tt_policy_load_file.
 *
 * The metric-math form of CustomizedMetricSpecification (`Metrics`) is read
 * here into tt_math_query entries, each MetricStat as a single-metric
 * specification; metric_math.c then checks the Ids and the expressions.
 */
#include "ttsim/policy.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_node.h"
#include "metric_math.h"

/* What the messages call the block being validated. */
#define CONFIG_WHAT "TargetTrackingScalingPolicyConfiguration"

/*
 * AWS documents no upper bound for the cooldowns; we accept up to one day,
 * which is far beyond any useful setting and keeps the microsecond
 * arithmetic trivially in range.
 */
#define COOLDOWN_MAX_S 86400

/*
 * The TargetValue range of the Application Auto Scaling API: "8.515920e-109
 * to 1.174271e+108 (Base 10) or 2e-360 to 2e360 (Base 2)".  Every form of
 * a policy reaches read_target_value, so this is the one check.
 */
#define TARGET_VALUE_MIN 8.515920e-109
#define TARGET_VALUE_MAX TT_METRIC_VALUE_MAX
#define TARGET_TEXT(x) TARGET_TEXT_(x)
#define TARGET_TEXT_(x) #x

/* Periods of the two kinds of metric, SPEC.md section 2. */
#define PERIOD_STANDARD_US (60 * TT_US_PER_S)
#define PERIOD_HIGH_RES_US (10 * TT_US_PER_S)

/*
 * Every PredefinedMetricType of the Application Auto Scaling API: the
 * CloudWatch metric it is built on, its period, the law the simulator
 * computes it by (policy.h, tt_metric_law), its unit, AWS's statistic
 * across the units and, for a metric that needs a declared model, the
 * example an error shows.  Indexed by tt_predefined, so the order of the
 * enum in policy.h is the order of the API model.  This is the one place
 * that knows these things: docs/policies.md's table says the same.
 *
 * Ratio or percent follows AWS: the two provisioned-concurrency metrics
 * are 0-1 (a TargetValue of 0.7), the other utilizations 0-100.
 */
static const tt_predefined_info predefined_table[TT_PM_COUNT] = {
        [TT_PM_DYNAMODB_READ_CAPACITY_UTILIZATION] =
                {"DynamoDBReadCapacityUtilization", "ConsumedReadCapacityUnits",
                 false, TT_LAW_CAPACITY_UNITS, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 NULL},
        [TT_PM_DYNAMODB_WRITE_CAPACITY_UTILIZATION] =
                {"DynamoDBWriteCapacityUtilization",
                 "ConsumedWriteCapacityUnits", false, TT_LAW_CAPACITY_UNITS,
                 TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_ALB_REQUEST_COUNT_PER_TARGET] = {"ALBRequestCountPerTarget",
                                                "RequestCountPerTarget", false,
                                                TT_LAW_COUNT_PER_UNIT,
                                                TT_UNIT_COUNT, TT_STAT_AVERAGE,
                                                NULL},
        [TT_PM_RDS_READER_AVERAGE_CPU_UTILIZATION] =
                {"RDSReaderAverageCPUUtilization", "CPUUtilization", false,
                 TT_LAW_UTILIZATION, TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_RDS_READER_AVERAGE_DATABASE_CONNECTIONS] =
                {"RDSReaderAverageDatabaseConnections", "DatabaseConnections",
                 false, TT_LAW_IN_FLIGHT, TT_UNIT_COUNT, TT_STAT_AVERAGE, NULL},
        [TT_PM_EC2_SPOT_FLEET_REQUEST_AVERAGE_CPU_UTILIZATION] =
                {"EC2SpotFleetRequestAverageCPUUtilization", "CPUUtilization",
                 false, TT_LAW_UTILIZATION, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 NULL},
        [TT_PM_EC2_SPOT_FLEET_REQUEST_AVERAGE_NETWORK_IN] =
                {"EC2SpotFleetRequestAverageNetworkIn", "NetworkIn", false,
                 TT_LAW_DECLARED, TT_UNIT_BYTES, TT_STAT_AVERAGE,
                 "NetworkIn: {model: linear, per_rps: 120000, max: 1e12}"},
        [TT_PM_EC2_SPOT_FLEET_REQUEST_AVERAGE_NETWORK_OUT] =
                {"EC2SpotFleetRequestAverageNetworkOut", "NetworkOut", false,
                 TT_LAW_DECLARED, TT_UNIT_BYTES, TT_STAT_AVERAGE,
                 "NetworkOut: {model: linear, per_rps: 120000, max: 1e12}"},
        [TT_PM_SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE] =
                {"SageMakerVariantInvocationsPerInstance",
                 "InvocationsPerInstance", false, TT_LAW_COUNT_PER_UNIT,
                 TT_UNIT_COUNT, TT_STAT_AVERAGE, NULL},
        [TT_PM_ECS_SERVICE_AVERAGE_CPU_UTILIZATION] =
                {"ECSServiceAverageCPUUtilization", "CPUUtilization", false,
                 TT_LAW_UTILIZATION, TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION] =
                {"ECSServiceAverageMemoryUtilization", "MemoryUtilization",
                 false, TT_LAW_DECLARED, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 "MemoryUtilization: {model: linear, idle: 40, per_rps: 0.5}"},
        [TT_PM_APPSTREAM_AVERAGE_CAPACITY_UTILIZATION] =
                {"AppStreamAverageCapacityUtilization", "CapacityUtilization",
                 false, TT_LAW_UTILIZATION, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 NULL},
        [TT_PM_COMPREHEND_INFERENCE_UTILIZATION] =
                {"ComprehendInferenceUtilization", "InferenceUtilization",
                 false, TT_LAW_UTILIZATION, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 NULL},
        [TT_PM_LAMBDA_PROVISIONED_CONCURRENCY_UTILIZATION] =
                {"LambdaProvisionedConcurrencyUtilization",
                 "ProvisionedConcurrencyUtilization", false, TT_LAW_UTILIZATION,
                 TT_UNIT_RATIO, TT_STAT_AVERAGE, NULL},
        [TT_PM_CASSANDRA_READ_CAPACITY_UTILIZATION] =
                {"CassandraReadCapacityUtilization",
                 "ConsumedReadCapacityUnits", false, TT_LAW_CAPACITY_UNITS,
                 TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_CASSANDRA_WRITE_CAPACITY_UTILIZATION] =
                {"CassandraWriteCapacityUtilization",
                 "ConsumedWriteCapacityUnits", false, TT_LAW_CAPACITY_UNITS,
                 TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_KAFKA_BROKER_STORAGE_UTILIZATION] =
                {"KafkaBrokerStorageUtilization", "KafkaDataLogsDiskUsed",
                 false, TT_LAW_DECLARED, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 "KafkaDataLogsDiskUsed: {model: recorded, file: "
                 "disk-used.json, capacity: 1000}"},
        [TT_PM_ELASTICACHE_PRIMARY_ENGINE_CPU_UTILIZATION] =
                {"ElastiCachePrimaryEngineCPUUtilization",
                 "EngineCPUUtilization", false, TT_LAW_UTILIZATION,
                 TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_ELASTICACHE_REPLICA_ENGINE_CPU_UTILIZATION] =
                {"ElastiCacheReplicaEngineCPUUtilization",
                 "EngineCPUUtilization", false, TT_LAW_UTILIZATION,
                 TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_ELASTICACHE_DATABASE_MEMORY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE] =
                {"ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage",
                 "DatabaseMemoryUsageCountedForEvictPercentage", false,
                 TT_LAW_DECLARED, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 "DatabaseMemoryUsageCountedForEvictPercentage: {model: "
                 "recorded, file: memory.json, capacity: 3}"},
        [TT_PM_NEPTUNE_READER_AVERAGE_CPU_UTILIZATION] =
                {"NeptuneReaderAverageCPUUtilization", "CPUUtilization", false,
                 TT_LAW_UTILIZATION, TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION] =
                {"SageMakerVariantProvisionedConcurrencyUtilization",
                 "ServerlessProvisionedConcurrencyUtilization", false,
                 TT_LAW_UTILIZATION, TT_UNIT_RATIO, TT_STAT_AVERAGE, NULL},
        [TT_PM_ELASTICACHE_DATABASE_CAPACITY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE] =
                {"ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage",
                 "DatabaseCapacityUsageCountedForEvictPercentage", false,
                 TT_LAW_DECLARED, TT_UNIT_PERCENT, TT_STAT_AVERAGE,
                 "DatabaseCapacityUsageCountedForEvictPercentage: {model: "
                 "recorded, file: capacity.json, capacity: 3}"},
        [TT_PM_SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY] =
                {"SageMakerInferenceComponentInvocationsPerCopy",
                 "InvocationsPerCopy", false, TT_LAW_COUNT_PER_UNIT,
                 TT_UNIT_COUNT, TT_STAT_AVERAGE, NULL},
        [TT_PM_WORKSPACES_AVERAGE_USER_SESSIONS_CAPACITY_UTILIZATION] =
                {"WorkSpacesAverageUserSessionsCapacityUtilization",
                 "UserSessionsCapacityUtilization", false, TT_LAW_UTILIZATION,
                 TT_UNIT_PERCENT, TT_STAT_AVERAGE, NULL},
        [TT_PM_SAGEMAKER_INFERENCE_COMPONENT_CONCURRENT_REQUESTS_PER_COPY_HIGH_RESOLUTION] =
                {"SageMakerInferenceComponentConcurrentRequestsPerCopyHighResol"
                 "ution",
                 "ConcurrentRequestsPerCopy", true, TT_LAW_IN_FLIGHT,
                 TT_UNIT_COUNT, TT_STAT_MAXIMUM, NULL},
        [TT_PM_SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION] =
                {"SageMakerVariantConcurrentRequestsPerModelHighResolution",
                 "ConcurrentRequestsPerModel", true, TT_LAW_IN_FLIGHT,
                 TT_UNIT_COUNT, TT_STAT_MAXIMUM, NULL},
};

/* CloudWatch statistics, indexed by tt_statistic. */
static const char *const statistic_names[TT_STAT_COUNT] = {
        [TT_STAT_AVERAGE] = "Average",          [TT_STAT_MINIMUM] = "Minimum",
        [TT_STAT_MAXIMUM] = "Maximum",          [TT_STAT_SUM] = "Sum",
        [TT_STAT_SAMPLE_COUNT] = "SampleCount",
};

const tt_predefined_info *tt_predefined_get(tt_predefined type)
{
	if ((unsigned)type >= TT_PM_COUNT)
		return NULL;
	return &predefined_table[type];
}

bool tt_predefined_from_name(const char *name, tt_predefined *out)
{
	if (!name)
		return false;
	for (int i = 0; i < TT_PM_COUNT; i++) {
		if (strcmp(predefined_table[i].name, name) == 0) {
			if (out)
				*out = (tt_predefined)i;
			return true;
		}
	}
	return false;
}

const char *tt_statistic_name(tt_statistic s)
{
	if ((unsigned)s >= TT_STAT_COUNT)
		return NULL;
	return statistic_names[s];
}

const char *tt_metric_unit_name(tt_metric_unit u)
{
	static const char *const names[] = {
	        [TT_UNIT_COUNT] = "count",
	        [TT_UNIT_PERCENT] = "%",
	        [TT_UNIT_RATIO] = "ratio",
	        [TT_UNIT_BYTES] = "bytes",
	};
	if ((unsigned)u >= sizeof names / sizeof names[0])
		return NULL;
	return names[u];
}

const char *tt_metric_law_name(tt_metric_law law)
{
	static const char *const names[] = {
	        [TT_LAW_COUNT_PER_UNIT] = "count per unit",
	        [TT_LAW_IN_FLIGHT] = "in flight",
	        [TT_LAW_UTILIZATION] = "utilization",
	        [TT_LAW_CAPACITY_UNITS] = "capacity units",
	        [TT_LAW_DECLARED] = "declared model",
	};
	if ((unsigned)law >= sizeof names / sizeof names[0])
		return NULL;
	return names[law];
}

void tt_metric_spec_release(tt_metric_spec *m)
{
	if (!m)
		return;
	free(m->resource_label);
	free(m->metric_name);
	free(m->namespace_);
	for (size_t i = 0; i < m->n_dimensions; i++) {
		free(m->dimensions[i].name);
		free(m->dimensions[i].value);
	}
	free(m->dimensions);
	free(m->unit);
	tt_metric_math_free(m->math);
	memset(m, 0, sizeof *m);
}

void tt_policy_release(tt_policy *p)
{
	if (!p)
		return;
	free(p->name);
	tt_metric_spec_release(&p->metric);
	memset(p, 0, sizeof *p);
}

tt_time_us tt_policy_period_us(const tt_policy *p)
{
	if (p && p->metric.kind == TT_METRIC_PREDEFINED) {
		const tt_predefined_info *info =
		        tt_predefined_get(p->metric.predefined);
		if (info && info->high_resolution)
			return PERIOD_HIGH_RES_US;
	}
	return PERIOD_STANDARD_US;
}

/* ---- did you mean ---- */

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Case-insensitive substring test (ASCII). */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && lower(hay[i]) == lower(needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

#define EDIT_MAX_LEN 128

/*
 * Case-insensitive Levenshtein distance, or INT_MAX-ish (EDIT_MAX_LEN + 1)
 * when either string is too long to be worth comparing.  One row of the
 * table on the stack: the names compared here are short.
 */
static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > EDIT_MAX_LEN || lb > EDIT_MAX_LEN)
		return EDIT_MAX_LEN + 1;
	int row[EDIT_MAX_LEN + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
			int best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* A substring hint is only useful when it narrows the list this far. */
#define SUGGEST_MAX 3
/* Shorter fragments ("CPU", "Per") match too much to mean anything. */
#define SUGGEST_MIN_FRAGMENT 8

/*
 * Find the names in `names` (n of them) that `given` most likely meant:
 * the one equal to it but for case; else the ones that contain it or whose
 * alias equals it (the common mistake is the bare CloudWatch name,
 * "InvocationsPerInstance" for "SageMakerVariantInvocationsPerInstance"),
 * when there are at most SUGGEST_MAX; else the unique nearest one within a
 * small edit distance.  `aliases` (may be NULL) gives a second spelling per
 * name (the CloudWatch metric name).  Writes indexes to `found` and returns
 * how many.
 */
static size_t suggest(const char *given, const char *const *names,
                      const char *const *aliases, size_t n,
                      size_t found[SUGGEST_MAX])
{
	bool fragment = strlen(given) >= SUGGEST_MIN_FRAGMENT;
	bool too_many = false;
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		if (edit_distance(given, names[i]) == 0) {
			found[0] = i;
			return 1;
		}
	}

	for (size_t i = 0; i < n && !too_many; i++) {
		bool alias = aliases && aliases[i] &&
		             edit_distance(given, aliases[i]) == 0;
		if (!alias && !(fragment && contains_ci(names[i], given)))
			continue;
		if (count == SUGGEST_MAX)
			too_many = true;
		else
			found[count++] = i;
	}
	if (count > 0 && !too_many)
		return count;

	/* Allow about one slip per six characters, at least one, at most 3. */
	int limit = (int)(strlen(given) / 6);
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	int best = limit + 1;
	bool unique = false;
	for (size_t i = 0; i < n; i++) {
		int dist = edit_distance(given, names[i]);
		if (dist < best) {
			best = dist;
			found[0] = i;
			unique = true;
		} else if (dist == best) {
			unique = false;
		}
	}
	return unique ? 1 : 0;
}

/*
 * Append " (did you mean 'A'?)" or " (did you mean one of 'A', 'B'?)" to
 * buf, or `otherwise` when there is nothing to suggest.
 */
static void format_hint(char *buf, size_t size, const char *const *names,
                        const size_t *found, size_t count,
                        const char *otherwise)
{
	if (count == 0) {
		snprintf(buf, size, "%s", otherwise);
		return;
	}
	size_t used = (size_t)snprintf(buf, size, " (did you mean %s",
	                               count > 1 ? "one of " : "");
	for (size_t i = 0; i < count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
		                         i ? ", " : "", names[found[i]]);
	if (used < size)
		snprintf(buf + used, size - used, "?)");
}

void tt_policy_did_you_mean(char *buf, size_t size, const char *given,
                            const char *const *names, size_t n)
{
	size_t found[SUGGEST_MAX];
	size_t count = suggest(given, names, NULL, n, found);
	format_hint(buf, size, names, found, count, "");
}

/* ---- the validator ---- */

/* strdup that reports TT_ENOMEM at `loc`. */
static tt_code dup_string(const char *s, tt_loc loc, char **out, tt_diag *d)
{
	size_t len = strlen(s);
	char *copy = malloc(len + 1);
	if (!copy)
		return tt_diag_nomem(d, loc);
	memcpy(copy, s, len + 1);
	*out = copy;
	return TT_OK;
}

/* Read the string at map[key] into a fresh copy; absent and optional: NULL. */
static tt_code read_string(const tt_node *map, const char *what,
                           const char *key, bool required, char **out,
                           tt_diag *d)
{
	const tt_node *n = NULL;
	const char *s;
	tt_code rc;

	*out = NULL;
	if (required) {
		rc = tt_node_require(map, what, key, &n, d);
		if (rc)
			return rc;
	} else {
		n = tt_node_map_get(map, key);
		if (!n)
			return TT_OK;
	}
	rc = tt_node_string(n, key, &s, d);
	if (rc)
		return rc;
	return dup_string(s, n->loc, out, d);
}

static tt_code read_predefined(const tt_node *spec, tt_metric_spec *m,
                               tt_diag *d)
{
	static const char *const keys[] = {"PredefinedMetricType",
	                                   "ResourceLabel", NULL};
	const char *what = "PredefinedMetricSpecification";
	const tt_node *n;
	const char *type;
	tt_code rc;

	rc = tt_node_expect_map(spec, what, d);
	if (rc)
		return rc;
	rc = tt_node_check_keys(spec, what, keys, d);
	if (rc)
		return rc;
	rc = tt_node_require(spec, what, "PredefinedMetricType", &n, d);
	if (rc)
		return rc;
	rc = tt_node_string(n, "PredefinedMetricType", &type, d);
	if (rc)
		return rc;
	if (!tt_predefined_from_name(type, &m->predefined)) {
		const char *names[TT_PM_COUNT], *aliases[TT_PM_COUNT];
		size_t found[SUGGEST_MAX];
		char hint[256];
		for (int i = 0; i < TT_PM_COUNT; i++) {
			names[i] = predefined_table[i].name;
			aliases[i] = predefined_table[i].metric_name;
		}
		size_t count =
		        suggest(type, names, aliases, TT_PM_COUNT, found);
		format_hint(hint, sizeof hint, names, found, count,
		            " (the accepted types are listed in "
		            "docs/policies.md)");
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "unknown PredefinedMetricType '%s'%s", type,
		                   hint);
	}
	return read_string(spec, what, "ResourceLabel", false,
	                   &m->resource_label, d);
}

/*
 * A CloudWatch extended statistic ("p99", "tm90", "TC(10%:90%)", "IQM"):
 * valid for AWS in a metric-math Stat, but not one the models produce.
 */
static bool extended_statistic(const char *s)
{
	static const char *const prefixes[] = {"p",  "tm", "wm",
	                                       "tc", "ts", "pr"};
	if (!strcmp(s, "IQM"))
		return true;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t n = strlen(prefixes[i]), j = 0;
		while (j < n && lower(s[j]) == prefixes[i][j])
			j++;
		if (j == n && ((s[n] >= '0' && s[n] <= '9') || s[n] == '('))
			return true;
	}
	return false;
}

/*
 * The statistic at spec[key]: "Statistic" in the single-metric form (the
 * API's enum), "Stat" in a metric-math MetricStat (where AWS also takes the
 * extended statistics, which ttsim does not simulate).
 */
static tt_code read_statistic(const tt_node *spec, const char *what,
                              const char *key, tt_statistic *out, tt_diag *d)
{
	/* AWS's order for the list in messages. */
	static const char *const names[] = {"Average", "Minimum", "Maximum",
	                                    "SampleCount", "Sum"};
	static const tt_statistic values[] = {
	        TT_STAT_AVERAGE, TT_STAT_MINIMUM, TT_STAT_MAXIMUM,
	        TT_STAT_SAMPLE_COUNT, TT_STAT_SUM};
	const size_t n_names = sizeof names / sizeof names[0];
	const tt_node *n;
	const char *s;
	tt_code rc;

	rc = tt_node_require(spec, what, key, &n, d);
	if (rc)
		return rc;
	rc = tt_node_string(n, key, &s, d);
	if (rc)
		return rc;
	for (size_t i = 0; i < n_names; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = values[i];
			return TT_OK;
		}
	}
	if (!strcmp(key, "Stat") && extended_statistic(s))
		return tt_diag_set(d, TT_EUNSUPPORTED, n->loc,
		                   "Stat '%s' is not simulated: ttsim's metric "
		                   "math takes Average, Minimum, Maximum, "
		                   "SampleCount or Sum",
		                   s);
	size_t found[SUGGEST_MAX];
	char hint[128];
	size_t count = suggest(s, names, NULL, n_names, found);
	format_hint(hint, sizeof hint, names, found, count,
	            " (expected one of: Average, Minimum, Maximum, "
	            "SampleCount, Sum)");
	return tt_diag_set(d, TT_EINVAL, n->loc, "unknown %s '%s'%s", key, s,
	                   hint);
}

static tt_code read_dimensions(const tt_node *list, tt_metric_spec *m,
                               tt_diag *d)
{
	static const char *const keys[] = {"Name", "Value", NULL};
	tt_code rc;

	rc = tt_node_expect_seq(list, "Dimensions", d);
	if (rc)
		return rc;
	if (list->u.seq.count == 0)
		return TT_OK;
	m->dimensions = calloc(list->u.seq.count, sizeof *m->dimensions);
	if (!m->dimensions)
		return tt_diag_nomem(d, list->loc);
	for (size_t i = 0; i < list->u.seq.count; i++) {
		const tt_node *item = list->u.seq.items[i];
		tt_dimension *dim = &m->dimensions[i];
		char what[48];

		/* Counted as soon as it exists, so release frees its parts. */
		m->n_dimensions = i + 1;
		snprintf(what, sizeof what, "Dimensions[%zu]", i);
		rc = tt_node_expect_map(item, what, d);
		if (rc)
			return rc;
		rc = tt_node_check_keys(item, what, keys, d);
		if (rc)
			return rc;
		rc = read_string(item, what, "Name", true, &dim->name, d);
		if (rc)
			return rc;
		rc = read_string(item, what, "Value", true, &dim->value, d);
		if (rc)
			return rc;
	}
	return TT_OK;
}

/* A MetricStat: {Metric: {MetricName, Namespace, Dimensions?}, Stat, Unit?}. */
static tt_code read_metric_stat(const tt_node *stat, tt_metric_spec *m,
                                tt_diag *d)
{
	static const char *const stat_keys[] = {"Metric", "Stat", "Unit", NULL};
	static const char *const metric_keys[] = {"MetricName", "Namespace",
	                                          "Dimensions", NULL};
	const tt_node *metric, *n;
	tt_code rc;

	m->kind = TT_METRIC_CUSTOM;
	m->loc = stat->loc;
	if ((rc = tt_node_expect_map(stat, "MetricStat", d)) ||
	    (rc = tt_node_check_keys(stat, "MetricStat", stat_keys, d)) ||
	    (rc = tt_node_require(stat, "MetricStat", "Metric", &metric, d)) ||
	    (rc = tt_node_expect_map(metric, "Metric", d)) ||
	    (rc = tt_node_check_keys(metric, "Metric", metric_keys, d)) ||
	    (rc = read_string(metric, "Metric", "MetricName", true,
	                      &m->metric_name, d)) ||
	    (rc = read_string(metric, "Metric", "Namespace", true,
	                      &m->namespace_, d)))
		return rc;
	n = tt_node_map_get(metric, "Dimensions");
	if (n && (rc = read_dimensions(n, m, d)))
		return rc;
	if ((rc = read_statistic(stat, "MetricStat", "Stat", &m->statistic, d)))
		return rc;
	return read_string(stat, "MetricStat", "Unit", false, &m->unit, d);
}

/*
 * Where an expression's first character is: one past the opening quote of a
 * quoted string, at the value itself for a YAML plain scalar.
 */
static tt_loc expression_loc(const tt_node *n)
{
	tt_loc loc = n->loc;
	if (n->u.scalar.kind == TT_SCALAR_STRING && loc.col > 0)
		loc.col++;
	return loc;
}

/* One entry of `Metrics`: {Id, Expression | MetricStat, Label?, ReturnData?}. */
static tt_code read_query(const tt_node *item, const char *what,
                          tt_math_query *q, tt_diag *d)
{
	static const char *const keys[] = {"Id",    "Expression", "MetricStat",
	                                   "Label", "ReturnData", NULL};
	const tt_node_entry *expr, *stat;
	const tt_node *n;
	const char *s;
	tt_code rc;

	q->loc = item->loc;
	if ((rc = tt_node_expect_map(item, what, d)) ||
	    (rc = tt_node_check_keys(item, what, keys, d)) ||
	    (rc = tt_node_require(item, what, "Id", &n, d)) ||
	    (rc = tt_node_string(n, "Id", &s, d)) ||
	    (rc = dup_string(s, n->loc, &q->id, d)))
		return rc;
	q->id_loc = n->loc;
	if ((rc = read_string(item, what, "Label", false, &q->label, d)))
		return rc;

	/* AWS's default: a query returns data unless it says otherwise. */
	q->return_data = true;
	q->return_data_loc = item->loc;
	n = tt_node_map_get(item, "ReturnData");
	if (n) {
		if ((rc = tt_node_bool(n, "ReturnData", &q->return_data, d)))
			return rc;
		q->return_data_loc = n->loc;
	}

	expr = tt_node_map_find(item, "Expression");
	stat = tt_node_map_find(item, "MetricStat");
	if (expr && stat)
		return tt_diag_set(d, TT_EINVAL, stat->key_loc,
		                   "query '%s' has both 'Expression' and "
		                   "'MetricStat'; give one",
		                   q->id);
	if (!expr && !stat)
		return tt_diag_set(d, TT_EINVAL, item->loc,
		                   "query '%s' needs 'Expression' or "
		                   "'MetricStat'",
		                   q->id);
	if (stat) {
		q->has_stat = true;
		return read_metric_stat(stat->value, &q->stat, d);
	}
	if ((rc = tt_node_string(expr->value, "Expression", &s, d)))
		return rc;
	q->expr_loc = expression_loc(expr->value);
	return dup_string(s, expr->value->loc, &q->expression, d);
}

/* The metric-math form: the `Metrics` list, read and compiled. */
static tt_code read_math(const tt_node_entry *metrics, tt_metric_spec *m,
                         tt_diag *d)
{
	const tt_node *list = metrics->value;
	tt_metric_math *mm;
	tt_code rc;

	if ((rc = tt_node_expect_seq(list, "Metrics", d)))
		return rc;
	mm = calloc(1, sizeof *mm);
	if (!mm)
		return tt_diag_nomem(d, list->loc);
	m->math = mm; /* owned by m from here, so release frees it */
	mm->loc = metrics->key_loc;
	if (list->u.seq.count > TT_MATH_MAX_QUERIES)
		return tt_diag_set(d, TT_ERANGE, mm->loc,
		                   "'Metrics' may hold at most %d queries, got "
		                   "%zu",
		                   TT_MATH_MAX_QUERIES, list->u.seq.count);
	if (list->u.seq.count > 0) {
		mm->queries = calloc(list->u.seq.count, sizeof *mm->queries);
		if (!mm->queries)
			return tt_diag_nomem(d, list->loc);
	}
	for (size_t i = 0; i < list->u.seq.count; i++) {
		char what[48];
		snprintf(what, sizeof what, "Metrics[%zu]", i);
		mm->n_queries = i + 1; /* counted first, so release frees it */
		if ((rc = read_query(list->u.seq.items[i], what,
		                     &mm->queries[i], d)))
			return rc;
	}
	return tt_metric_math_compile(mm, d);
}

static tt_code read_customized(const tt_node *spec, tt_metric_spec *m,
                               tt_diag *d)
{
	static const char *const keys[] = {
	        "MetricName", "Namespace", "Dimensions", "Statistic",
	        "Unit",       "Metrics",   NULL};
	const char *what = "CustomizedMetricSpecification";
	const tt_node_entry *math;
	const tt_node *n;
	tt_code rc;

	rc = tt_node_expect_map(spec, what, d);
	if (rc)
		return rc;
	rc = tt_node_check_keys(spec, what, keys, d);
	if (rc)
		return rc;
	math = tt_node_map_find(spec, "Metrics");
	if (math) {
		/* The two forms exclude each other, as in the API. */
		for (size_t i = 0; i < spec->u.map.count; i++) {
			const tt_node_entry *e = &spec->u.map.entries[i];
			if (e != math)
				return tt_diag_set(
				        d, TT_EINVAL, e->key_loc,
				        "'%s' cannot be combined with "
				        "'Metrics': give either the single "
				        "metric (MetricName, Namespace, "
				        "Dimensions, Statistic) or metric math",
				        e->key);
		}
		return read_math(math, m, d);
	}
	rc = read_string(spec, what, "MetricName", true, &m->metric_name, d);
	if (rc)
		return rc;
	rc = read_string(spec, what, "Namespace", true, &m->namespace_, d);
	if (rc)
		return rc;
	n = tt_node_map_get(spec, "Dimensions");
	if (n) {
		rc = read_dimensions(n, m, d);
		if (rc)
			return rc;
	}
	rc = read_statistic(spec, what, "Statistic", &m->statistic, d);
	if (rc)
		return rc;
	return read_string(spec, what, "Unit", false, &m->unit, d);
}

/* The text of a scalar as written, for "got ..." in messages. */
static const char *scalar_text(const tt_node *n)
{
	return n->kind == TT_NODE_SCALAR ? n->u.scalar.text : "?";
}

static tt_code read_target_value(const tt_node *config, tt_policy *p,
                                 tt_diag *d)
{
	const tt_node *n;
	double v;
	tt_code rc;

	rc = tt_node_require(config, CONFIG_WHAT, "TargetValue", &n, d);
	if (rc)
		return rc;
	rc = tt_node_number(n, "TargetValue", &v, d);
	if (rc)
		return rc;
	/* AWS's own words for a value outside a range constraint */
	if (!(v >= TARGET_VALUE_MIN))
		return tt_diag_set(
		        d, TT_ERANGE, n->loc,
		        "'TargetValue' failed to satisfy constraint: "
		        "Member must have value greater than or "
		        "equal to " TARGET_TEXT(TARGET_VALUE_MIN) ", got %s",
		        scalar_text(n));
	if (!(v <= TARGET_VALUE_MAX))
		return tt_diag_set(
		        d, TT_ERANGE, n->loc,
		        "'TargetValue' failed to satisfy constraint: "
		        "Member must have value less than or equal "
		        "to " TARGET_TEXT(TARGET_VALUE_MAX) ", got %s",
		        scalar_text(n));
	p->target_value = v;
	p->target_loc = n->loc;
	return TT_OK;
}

/* An optional cooldown in whole seconds; absent: TT_COOLDOWN_UNSET. */
static tt_code read_cooldown(const tt_node *config, const char *key,
                             tt_time_us *out, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(config, key);
	int64_t s;
	tt_code rc;

	*out = TT_COOLDOWN_UNSET;
	if (!n)
		return TT_OK;
	/* The full range here, so the range messages below are our own. */
	rc = tt_node_int(n, key, INT64_MIN, INT64_MAX, &s, d);
	if (rc)
		return rc;
	if (s < 0)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must not be negative, got %s", key,
		                   scalar_text(n));
	if (s > COOLDOWN_MAX_S)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must be at most %d seconds (one day), "
		                   "got %s",
		                   key, COOLDOWN_MAX_S, scalar_text(n));
	*out = (tt_time_us)s * TT_US_PER_S;
	return TT_OK;
}

tt_code tt_policy_from_node(const tt_node *config, const char *policy_name,
                            tt_policy *out, tt_diag *d)
{
	static const char *const keys[] = {"TargetValue",
	                                   "PredefinedMetricSpecification",
	                                   "CustomizedMetricSpecification",
	                                   "ScaleOutCooldown",
	                                   "ScaleInCooldown",
	                                   "DisableScaleIn",
	                                   NULL};
	const tt_node *pre, *cust, *n;
	tt_code rc;

	memset(out, 0, sizeof *out);
	out->scale_out_cooldown_us = TT_COOLDOWN_UNSET;
	out->scale_in_cooldown_us = TT_COOLDOWN_UNSET;

	rc = tt_node_expect_map(config, CONFIG_WHAT, d);
	if (rc)
		goto fail;
	rc = dup_string(policy_name ? policy_name : "policy", config->loc,
	                &out->name, d);
	if (rc)
		goto fail;
	out->loc = config->loc;

	rc = tt_node_check_keys(config, CONFIG_WHAT, keys, d);
	if (rc)
		goto fail;
	rc = read_target_value(config, out, d);
	if (rc)
		goto fail;

	pre = tt_node_map_get(config, "PredefinedMetricSpecification");
	cust = tt_node_map_get(config, "CustomizedMetricSpecification");
	if (!pre == !cust) {
		rc = tt_diag_set(d, TT_EINVAL, config->loc,
		                 "exactly one of "
		                 "'PredefinedMetricSpecification' or "
		                 "'CustomizedMetricSpecification' is "
		                 "required, got %s",
		                 pre ? "both" : "neither");
		goto fail;
	}
	if (pre) {
		out->metric.kind = TT_METRIC_PREDEFINED;
		out->metric.loc = pre->loc;
		rc = read_predefined(pre, &out->metric, d);
	} else {
		out->metric.kind = TT_METRIC_CUSTOM;
		out->metric.loc = cust->loc;
		rc = read_customized(cust, &out->metric, d);
	}
	if (rc)
		goto fail;

	rc = read_cooldown(config, "ScaleOutCooldown",
	                   &out->scale_out_cooldown_us, d);
	if (rc)
		goto fail;
	rc = read_cooldown(config, "ScaleInCooldown",
	                   &out->scale_in_cooldown_us, d);
	if (rc)
		goto fail;

	n = tt_node_map_get(config, "DisableScaleIn");
	if (n) {
		rc = tt_node_bool(n, "DisableScaleIn", &out->disable_scale_in,
		                  d);
		if (rc)
			goto fail;
	}
	return TT_OK;

fail:
	tt_policy_release(out);
	return rc;
}
