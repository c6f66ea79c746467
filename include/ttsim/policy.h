/*
 * policy.h - an AWS target-tracking scaling policy as plain C.
 *
 * ttsim reads the TargetTrackingScalingPolicyConfiguration JSON exactly as
 * users pass it to `aws application-autoscaling put-scaling-policy`, or the
 * same keys inline in a scenario, and turns it into a tt_policy.  Every value
 * keeps where it was written, so later checks (a metric the simulator cannot
 * model, a cooldown that does not fit) can point at it.
 */
#ifndef TTSIM_POLICY_H
#define TTSIM_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"

/*
 * The PredefinedMetricType enum of the Application Auto Scaling API, in API
 * order.  Each is simulated by the law that defines it (tt_predefined_info).
 */
typedef enum tt_predefined {
	TT_PM_DYNAMODB_READ_CAPACITY_UTILIZATION,
	TT_PM_DYNAMODB_WRITE_CAPACITY_UTILIZATION,
	TT_PM_ALB_REQUEST_COUNT_PER_TARGET,
	TT_PM_RDS_READER_AVERAGE_CPU_UTILIZATION,
	TT_PM_RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
	TT_PM_EC2_SPOT_FLEET_REQUEST_AVERAGE_CPU_UTILIZATION,
	TT_PM_EC2_SPOT_FLEET_REQUEST_AVERAGE_NETWORK_IN,
	TT_PM_EC2_SPOT_FLEET_REQUEST_AVERAGE_NETWORK_OUT,
	TT_PM_SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
	TT_PM_ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
	TT_PM_ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION,
	TT_PM_APPSTREAM_AVERAGE_CAPACITY_UTILIZATION,
	TT_PM_COMPREHEND_INFERENCE_UTILIZATION,
	TT_PM_LAMBDA_PROVISIONED_CONCURRENCY_UTILIZATION,
	TT_PM_CASSANDRA_READ_CAPACITY_UTILIZATION,
	TT_PM_CASSANDRA_WRITE_CAPACITY_UTILIZATION,
	TT_PM_KAFKA_BROKER_STORAGE_UTILIZATION,
	TT_PM_ELASTICACHE_PRIMARY_ENGINE_CPU_UTILIZATION,
	TT_PM_ELASTICACHE_REPLICA_ENGINE_CPU_UTILIZATION,
	TT_PM_ELASTICACHE_DATABASE_MEMORY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE,
	TT_PM_NEPTUNE_READER_AVERAGE_CPU_UTILIZATION,
	TT_PM_SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION,
	TT_PM_ELASTICACHE_DATABASE_CAPACITY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE,
	TT_PM_SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY,
	TT_PM_WORKSPACES_AVERAGE_USER_SESSIONS_CAPACITY_UTILIZATION,
	TT_PM_SAGEMAKER_INFERENCE_COMPONENT_CONCURRENT_REQUESTS_PER_COPY_HIGH_RESOLUTION,
	TT_PM_SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION,
	TT_PM_COUNT
} tt_predefined;

/*
 * The largest magnitude CloudWatch stores for a metric value, 2^359
 * ("1.174271e+108 (Base 10)"), which is also TargetValue's upper limit:
 * a TargetValue past it is refused, a metric model's number past it is
 * refused, and a metric-math result past it is missing, as CloudWatch
 * has no such datapoint.
 */
#define TT_METRIC_VALUE_MAX 1.174271e+108

typedef enum tt_statistic {
	TT_STAT_AVERAGE,
	TT_STAT_MINIMUM,
	TT_STAT_MAXIMUM,
	TT_STAT_SUM,
	TT_STAT_SAMPLE_COUNT,
	TT_STAT_COUNT
} tt_statistic;

/*
 * The law that defines a predefined metric, which is how the simulator
 * computes it (metrics.c).  With lambda the arrival rate, n the units in
 * service (instances, tasks, replicas, provisioned capacity units: the
 * scalable target's capacity), E[S] the mean service time
 * (`instance.service_time`) and c the requests a unit serves at once
 * (`instance.concurrency`, 1 by default):
 *
 *   COUNT_PER_UNIT  invocations in the period per in-service unit, each
 *                   arrival adding 1/n; needs nothing
 *   IN_FLIGHT       requests in flight per unit, Little's law lambda E[S]/n;
 *                   fluid mode needs instance.service_time, request mode
 *                   measures (the peak for Maximum, the time average for
 *                   Average)
 *   UTILIZATION     the busy share of the units' slots, lambda E[S]/(n c),
 *                   at most 1; fluid mode needs instance.service_time,
 *                   request mode measures busy slots
 *   CAPACITY_UNITS  units consumed per second (one per request) over the
 *                   provisioned units n, at most 1 (the excess is
 *                   throttled); needs nothing
 *   DECLARED        not a function of the traffic (memory, disk, bytes):
 *                   needs a model under `metrics:` named metric_name
 *
 * Every law but CAPACITY_UNITS, whose CloudWatch metric is only the
 * numerator, also gives way to a model declared under metric_name.
 */
typedef enum tt_metric_law {
	TT_LAW_COUNT_PER_UNIT,
	TT_LAW_IN_FLIGHT,
	TT_LAW_UTILIZATION,
	TT_LAW_CAPACITY_UNITS,
	TT_LAW_DECLARED
} tt_metric_law;

/* What a datapoint's number means. */
typedef enum tt_metric_unit {
	TT_UNIT_COUNT,   /* requests, connections */
	TT_UNIT_PERCENT, /* 0 to 100: a law's share x 100 */
	TT_UNIT_RATIO,   /* 0 to 1: a law's share as it is */
	TT_UNIT_BYTES
} tt_metric_unit;

/*
 * What the simulator knows about a predefined type: the one table of them
 * (policy.c), read by the loader, the metrics and the docs' table.
 */
typedef struct tt_predefined_info {
	const char *name;        /* the API spelling */
	const char *metric_name; /* the CloudWatch metric behind it */
	bool high_resolution;    /* 10 s datapoints instead of 60 s */
	tt_metric_law law;
	tt_metric_unit unit;
	/* how the units' values make the datapoint: Average (all alike in
	 * fluid mode), Maximum for SageMaker's ConcurrentRequests (request
	 * mode then takes the busiest instance); a declared model's noise
	 * draws per unit show the difference */
	tt_statistic statistic;
	/* DECLARED: the `metrics:` entry an error shows as an example */
	const char *model_example;
} tt_predefined_info;

const tt_predefined_info *tt_predefined_get(tt_predefined type);

/* Look up an API spelling; false when it is not in the enum. */
bool tt_predefined_from_name(const char *name, tt_predefined *out);

/* The unit's name as the docs write it ("%", "ratio", "count", "bytes"). */
const char *tt_metric_unit_name(tt_metric_unit u);

/* The law's name as the docs write it ("utilization", "in flight", ...). */
const char *tt_metric_law_name(tt_metric_law law);

const char *tt_statistic_name(tt_statistic s);

typedef struct tt_dimension {
	char *name;
	char *value;
} tt_dimension;

/* The metric-math form (metric_math.h). */
typedef struct tt_metric_math tt_metric_math;

typedef enum tt_metric_kind {
	TT_METRIC_PREDEFINED,
	TT_METRIC_CUSTOM
} tt_metric_kind;

typedef struct tt_metric_spec {
	tt_metric_kind kind;
	tt_loc loc; /* the Predefined/CustomizedMetricSpecification block */
	/* predefined */
	tt_predefined predefined;
	char *resource_label; /* NULL when absent */
	/* custom, single-metric form */
	char *metric_name;
	char *namespace_;
	tt_dimension *dimensions;
	size_t n_dimensions;
	tt_statistic statistic;
	char *unit; /* NULL when absent */
	/*
	 * custom, metric-math form (`Metrics`): the queries, compiled; the
	 * single-metric fields above are then empty.  NULL otherwise.
	 */
	tt_metric_math *math;
} tt_metric_spec;

/*
 * Write to buf the hint for a name that is not one of `names` (n of them):
 * " (did you mean 'X'?)", " (did you mean one of 'X', 'Y'?)" for a name
 * a few of them contain, or "" when none is close (edit distance, case
 * ignored: "CPUUtilisation", "cpuutilization", "InvocationPerInstance").
 * `names` should hold each name once and not `given` itself.
 */
void tt_policy_did_you_mean(char *buf, size_t size, const char *given,
                            const char *const *names, size_t n);

/* Release what a metric specification owns.  Accepts NULL. */
void tt_metric_spec_release(tt_metric_spec *m);

/* A cooldown the policy did not set: the resource type's default applies. */
#define TT_COOLDOWN_UNSET ((tt_time_us)-1)

typedef struct tt_policy {
	char *name; /* never NULL: given, or "policy<N>" */
	tt_loc loc; /* the TargetTrackingScalingPolicyConfiguration block */
	double target_value;
	tt_loc target_loc;
	tt_metric_spec metric;
	tt_time_us scale_out_cooldown_us; /* TT_COOLDOWN_UNSET when absent */
	tt_time_us scale_in_cooldown_us;  /* TT_COOLDOWN_UNSET when absent */
	bool disable_scale_in;
} tt_policy;

/*
 * Load a policy file: a TargetTrackingScalingPolicyConfiguration object
 * (the file:// form of the AWS CLI), a whole PutScalingPolicy request
 * (--cli-input-json), or describe-scaling-policies output, told apart by
 * their keys.  From describe output every target-tracking entry is
 * validated and the first is returned.  `name` is the file's name in
 * locations and is borrowed (must outlive the policy).  `policy_name`
 * names the policy (NULL: the request's PolicyName, else the file's base
 * name without extension).  Errors: TT_EIO, TT_ESYNTAX, TT_EINVAL (unknown
 * keys, wrong types, missing TargetValue, both or neither metric
 * specification, a PredefinedMetricType outside the enum, a file that
 * holds a scalable target or a template rather than a policy),
 * TT_ERANGE (TargetValue <= 0, negative cooldowns), TT_EUNSUPPORTED
 * (a step-scaling request, a percentile Stat in metric math).  Metric-math
 * queries are checked as tt_metric_math_compile says.  On success *out is filled and
 * owned by the caller (tt_policy_release); on failure *out is left empty.
 * Defined in aws_forms.c, which knows the file forms.
 */
tt_code tt_policy_load_file(const char *path, const char *name,
                            const char *policy_name, tt_policy *out,
                            tt_diag *d);

/* Release what a loaded policy owns.  Accepts a zeroed policy. */
void tt_policy_release(tt_policy *p);

/*
 * The metric period in microseconds: 10 s for the *HighResolution types,
 * 60 s otherwise.
 */
tt_time_us tt_policy_period_us(const tt_policy *p);

#endif
