/*
 * test_metric_models.c - custom metrics from declared models, through the
 * engine: the load-test curve, a recorded export rescaled by capacity,
 * per-instance noise and the statistics across instances, and every
 * model's numbers at their limits; and every predefined metric by the law
 * that defines it (counts per unit, the utilization law, capacity units,
 * Little's law, declared models).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runutil.h"
#include "testutil.h"

#define CUSTOM(stat, target)                                                   \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: " #target "\n"                                     \
	"      CustomizedMetricSpecification: {MetricName: M, Namespace: "     \
	"Custom, Statistic: " #stat "}\n"

/* A fleet of n that never changes. */
#define FIXED(n)                                                               \
	"capacity: {initial: " #n ", min: " #n ", max: " #n "}\n"              \
	"policies:\n"

START_TEST(curve_interpolates_a_load_test)
{
	/* 2 instances at 1200/min: 10 rps each, between (5, 30) and (15,
	 * 80): 55 */
	ru_run r;
	ru_run_yaml(
	        &r,
	        FIXED(2) CUSTOM(
	                Average,
	                1000) "metrics: {M: {model: curve, points: [[0, 5], "
	                      "[5, 30], "
	                      "[15, 80], [40, 100]]}}\n"
	                      "workload: {synthetic: {shape: step, rate: 1200, "
	                      "steps: "
	                      "[{at: 2m, rate: 12000}, {at: 4m, rate: 0}]}}\n"
	                      "simulation: {duration: 6m}\n");
	ck_assert_double_eq_tol(ru_row_at(&r, 0)->pol[0].metric, 55, 1e-9);
	/* 100 rps each: beyond the last point, flat */
	ck_assert_double_eq_tol(ru_row_at(&r, 120)->pol[0].metric, 100, 1e-9);
	/* no load: the first point */
	ck_assert_double_eq_tol(ru_row_at(&r, 240)->pol[0].metric, 5, 1e-9);
	ru_release(&r);
}
END_TEST

START_TEST(recorded_export_is_rescaled_by_capacity)
{
	char path[1024], yaml[2048];
	snprintf(yaml, sizeof yaml,
	         FIXED(4)
	                 CUSTOM(Average, 1000) "metrics: {M: {model: recorded, "
	                                       "file: %s, capacity: 2}}\n"
	                                       "workload: {synthetic: {shape: "
	                                       "constant, rate: 60}}\n"
	                                       "simulation: {duration: 5m}\n",
	         tu_src_path(path, sizeof path,
	                     "tests/data/metrics/cpu-export.json"));
	ru_run r;
	ru_run_yaml(&r, yaml);
	/* recorded on 2 instances, replayed on 4: halved, in time order,
	 * the last value held */
	const double want[] = {20, 25, 30, 30, 30};
	for (int i = 0; i < 5; i++)
		ck_assert_double_eq_tol(ru_row_at(&r, 60 * i)->pol[0].metric,
		                        want[i], 1e-9);
	ru_release(&r);
}
END_TEST

START_TEST(noise_separates_the_statistics)
{
	static const char *yaml = FIXED(8) CUSTOM(
	        % s,
	        1000) "metrics: {M: {model: linear, idle: 10, per_rps: 1, "
	              "noise: 5}}\n"
	              "workload: {synthetic: {shape: constant, rate: 4800}}\n"
	              "simulation: {duration: 2h}\n";
	const char *stats[] = {"Minimum", "Average", "Maximum", "Sum"};
	double mean[4];
	for (int k = 0; k < 4; k++) {
		char buf[1024];
		snprintf(buf, sizeof buf, yaml, stats[k]);
		ru_run r;
		ru_run_yaml(&r, buf);
		double sum = 0;
		for (size_t i = 0; i < r.n_rows; i++)
			sum += r.rows[i].pol[0].metric;
		mean[k] = sum / (double)r.n_rows;
		ru_release(&r);
	}
	/* 10 rps each: 20 before noise */
	ck_assert_double_eq_tol(mean[1], 20, 0.5);
	ck_assert(mean[0] < 20 - 4 && mean[2] > 20 + 4);
	ck_assert_double_eq_tol(mean[3], 8 * 20, 4);
}
END_TEST

START_TEST(sum_grows_with_capacity)
{
	static const char *yaml =
	        "capacity: {initial: %d, min: %d, max: %d}\n"
	        "policies:\n" CUSTOM(Sum,
	                             1000000) "metrics: {M: {model: linear, "
	                                      "idle: 5, per_rps: 1}}\n"
	                                      "workload: {synthetic: {shape: "
	                                      "constant, rate: 6000}}\n"
	                                      "simulation: {duration: 10m}\n";
	double v[2];
	const int caps[2] = {2, 8};
	for (int k = 0; k < 2; k++) {
		char buf[1024];
		snprintf(buf, sizeof buf, yaml, caps[k], caps[k], caps[k]);
		ru_run r;
		ru_run_yaml(&r, buf);
		v[k] = r.rows[r.n_rows - 1].pol[0].metric;
		ru_release(&r);
	}
	/* 100 rps: per instance 5 + 50 = 55 on 2, 5 + 12.5 = 17.5 on 8:
	 * Sum 110 and 140, growing with capacity */
	ck_assert_double_eq_tol(v[0], 110, 1e-9);
	ck_assert_double_eq_tol(v[1], 140, 1e-9);
}
END_TEST

/* AWS's own metrics, named with dimensions the resource never publishes:
 * no data, the alarms sit in INSUFFICIENT_DATA, a warning says why. */
START_TEST(dimensions_that_match_no_data_never_alarm)
{
	ru_run r;
	ru_run_yaml(
	        &r,
	        FIXED(2) "  - TargetTrackingScalingPolicyConfiguration:\n"
	                 "      TargetValue: 100\n"
	                 "      CustomizedMetricSpecification:\n"
	                 "        MetricName: InvocationsPerInstance\n"
	                 "        Namespace: AWS/SageMaker\n"
	                 "        Statistic: Sum\n"
	                 "        Dimensions: [{Name: EndpointName, Value: "
	                 "my-endpoint}, {Name: ModelName, Value: my-model}]\n"
	                 "workload: {synthetic: {shape: constant, rate: "
	                 "6000}}\n"
	                 "simulation: {duration: 30m}\n");
	ck_assert_uint_eq(r.s.notes.count, 1);
	char msg[1024];
	ck_assert_str_eq(
	        tu_diag_str(&r.s.notes.items[0], msg, sizeof msg),
	        "case.yaml:6:9: warning: no data matches this metric's "
	        "dimensions (SageMaker publishes it for "
	        "'endpoint/my-endpoint/variant/my-variant' with the dimensions "
	        "EndpointName=my-endpoint, VariantName=my-variant): in AWS its "
	        "alarms would stay INSUFFICIENT_DATA and the policy would "
	        "never "
	        "act");
	for (size_t i = 0; i < r.n_rows; i++) {
		ck_assert(!r.rows[i].pol[0].has_metric);
		ck_assert_int_eq(r.rows[i].pol[0].high,
		                 TT_ALARM_INSUFFICIENT_DATA);
	}
	ck_assert_uint_eq(r.n_events, 0);
	ru_release(&r);
}
END_TEST

/* The same metric with the right dimensions is InvocationsPerInstance;
 * Invocations is the variant's total. */
START_TEST(sagemaker_metrics_by_namespace_and_name)
{
	ru_run r;
	ru_run_yaml(&r,
	            FIXED(4) "  - TargetTrackingScalingPolicyConfiguration:\n"
	                     "      TargetValue: 100000\n"
	                     "      CustomizedMetricSpecification:\n"
	                     "        MetricName: InvocationsPerInstance\n"
	                     "        Namespace: AWS/SageMaker\n"
	                     "        Statistic: Sum\n"
	                     "        Dimensions: [{Name: EndpointName, Value: "
	                     "my-endpoint}, {Name: VariantName, Value: "
	                     "my-variant}]\n"
	                     "  - TargetTrackingScalingPolicyConfiguration:\n"
	                     "      TargetValue: 100000\n"
	                     "      CustomizedMetricSpecification:\n"
	                     "        MetricName: Invocations\n"
	                     "        Namespace: AWS/SageMaker\n"
	                     "        Statistic: Sum\n"
	                     "        Dimensions: [{Name: EndpointName, Value: "
	                     "my-endpoint}, {Name: VariantName, Value: "
	                     "my-variant}]\n"
	                     "workload: {synthetic: {shape: constant, rate: "
	                     "6000}}\n"
	                     "simulation: {duration: 10m}\n");
	ck_assert_uint_eq(r.s.notes.count, 0);
	ck_assert_double_eq(ru_row_at(&r, 0)->pol[0].metric, 1500);
	ck_assert_double_eq(ru_row_at(&r, 0)->pol[1].metric, 6000);
	ru_release(&r);
}
END_TEST

/* ---- predefined metrics, by the law that defines each (policy.c) ---- */

#define PREDEFINED(type, target)                                               \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: " #target "\n"                                     \
	"      PredefinedMetricSpecification: {PredefinedMetricType: " #type   \
	"}\n"

#define ECS                                                                    \
	"resource: service/prod/web\n"                                         \
	"scalable_dimension: ecs:service:DesiredCount\n"

/* 10/s, then 50/s from 2 min, then nothing from 4 min */
#define STEPS_10_50_0                                                          \
	"workload: {synthetic: {shape: step, rate: 600, steps: [{at: 2m, "     \
	"rate: 3000}, {at: 4m, rate: 0}]}}\n"                                  \
	"simulation: {duration: 6m}\n"

/*
 * The utilization law in fluid mode: U = lambda E[S] / (n c), at most 1;
 * a percentage for ECS, a ratio for Lambda (as AWS defines each).
 * 10/s on 2 tasks of 2 slots, 200 ms each: 10 x 0.2 / 4 = 0.5.
 */
START_TEST(utilization_law_in_fluid_mode)
{
	ru_run r;
	ru_run_yaml(
	        &r,
	        ECS FIXED(2) PREDEFINED(ECSServiceAverageCPUUtilization, 1000)
	                PREDEFINED(
	                        LambdaProvisionedConcurrencyUtilization,
	                        1000) "instance: {service_time: "
	                              "200ms, concurrency: 2}\n" STEPS_10_50_0);
	ck_assert_double_eq_tol(ru_row_at(&r, 0)->pol[0].metric, 50, 1e-9);
	ck_assert_double_eq_tol(ru_row_at(&r, 0)->pol[1].metric, 0.5, 1e-12);
	/* 50/s: 2.5 x the slots, a queue: all of them busy, no more */
	ck_assert_double_eq_tol(ru_row_at(&r, 120)->pol[0].metric, 100, 1e-9);
	ck_assert_double_eq_tol(ru_row_at(&r, 120)->pol[1].metric, 1, 1e-12);
	/* no traffic: idle tasks still report their CPU */
	ck_assert(ru_row_at(&r, 240)->pol[0].has_metric);
	ck_assert_double_eq(ru_row_at(&r, 240)->pol[0].metric, 0);
	ru_release(&r);
}
END_TEST

/*
 * One steady load, both engines: request mode measures the busy slots of
 * simulated tasks, fluid mode computes the law; 20/s on 4 tasks of 2
 * slots at 200 ms is 50 %.
 */
START_TEST(utilization_request_mode_agrees_with_fluid)
{
	static const char yaml[] = ECS FIXED(4) PREDEFINED(
	        ECSServiceAverageCPUUtilization,
	        1000) "instance: {service_time: {dist: exponential, "
	              "mean: 200ms}, concurrency: 2}\n"
	              "workload: {synthetic: {shape: constant, rate: "
	              "1200}}\n"
	              "simulation: {duration: 30m, seed: 7, mode: %s}\n";
	double mean[2];
	const char *modes[2] = {"fluid", "request"};
	for (int k = 0; k < 2; k++) {
		char buf[1024];
		snprintf(buf, sizeof buf, yaml, modes[k]);
		ru_run r;
		ru_run_yaml(&r, buf);
		double sum = 0;
		for (size_t i = 0; i < r.n_rows; i++) {
			ck_assert(r.rows[i].pol[0].has_metric);
			sum += r.rows[i].pol[0].metric;
		}
		mean[k] = sum / (double)r.n_rows;
		ru_release(&r);
	}
	ck_assert_double_eq_tol(mean[0], 50, 1e-9);
	/* 36,000 requests: the measured mean is within 2 points */
	ck_assert_double_eq_tol(mean[1], 50, 2);
}
END_TEST

/*
 * DynamoDB: the units consumed per second (one per request) over the
 * provisioned units, the scalable capacity.  10 units; 6/s is 60 %; 20/s
 * is throttled at 100 %.  Its CloudWatch metric is only the numerator, so
 * a model declared under that name changes nothing.
 */
START_TEST(dynamodb_consumed_over_provisioned)
{
	static const char yaml[] =
	        "resource: table/orders\n"
	        "scalable_dimension: dynamodb:table:ReadCapacityUnits\n" FIXED(
	                10) PREDEFINED(DynamoDBReadCapacityUtilization,
	                               1000) "metrics: "
	                                     "{ConsumedReadCapacityUnits: "
	                                     "{model: linear, per_rps: 7}}\n"
	                                     "workload: {synthetic: {shape: "
	                                     "step, rate: 360, steps: [{at: "
	                                     "2m, rate: 1200}, {at: 4m, rate: "
	                                     "0}]}}\n"
	                                     "simulation: {duration: 6m}\n"
	                                     "aws: {zero_traffic: %s}\n";
	char buf[1024];
	ru_run r;
	snprintf(buf, sizeof buf, yaml, "zero");
	ru_run_yaml(&r, buf);
	ck_assert_double_eq_tol(ru_row_at(&r, 0)->pol[0].metric, 60, 1e-9);
	ck_assert_double_eq_tol(ru_row_at(&r, 120)->pol[0].metric, 100, 1e-9);
	ck_assert(ru_row_at(&r, 240)->pol[0].has_metric);
	ck_assert_double_eq(ru_row_at(&r, 240)->pol[0].metric, 0);
	ru_release(&r);
	/* counted from the traffic: no traffic, no datapoint, if so asked */
	snprintf(buf, sizeof buf, yaml, "missing");
	ru_run_yaml(&r, buf);
	ck_assert(ru_row_at(&r, 0)->pol[0].has_metric);
	ck_assert(!ru_row_at(&r, 240)->pol[0].has_metric);
	ru_release(&r);
}
END_TEST

/* The same through a CloudFormation template's DynamoDB read target. */
START_TEST(dynamodb_template_runs)
{
	char path[1024], yaml[2048];
	snprintf(yaml, sizeof yaml,
	         "cloudformation: {file: %s, target: ReadTarget}\n"
	         "workload: {synthetic: {shape: constant, rate: 150}}\n"
	         "simulation: {duration: 30m}\n",
	         tu_src_path(path, sizeof path,
	                     "tests/data/aws/dynamodb-template.yaml"));
	ru_run r;
	ru_run_yaml(&r, yaml);
	ck_assert_str_eq(r.s.policies[0].name, "orders-read");
	/* 2.5 units a second on the 5 provisioned: 50 %, under the 70 */
	for (size_t i = 0; i < r.n_rows; i++)
		ck_assert_double_eq_tol(r.rows[i].pol[0].metric, 50, 1e-9);
	ck_assert_uint_eq(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  0);
	ru_release(&r);
}
END_TEST

/*
 * Lambda: concurrent executions (Little's law, lambda E[S]) over the
 * provisioned concurrency, a ratio.  20/s at 250 ms keep 5 busy: 0.5 of
 * 10.  From 2 min 100/s would need 25: all 10 in use.
 */
START_TEST(lambda_provisioned_concurrency_ratio)
{
	ru_run r;
	ru_run_yaml(&r,
	            "resource: function:checkout:live\n"
	            "scalable_dimension: "
	            "lambda:function:ProvisionedConcurrency\n" FIXED(10)
	                    PREDEFINED(LambdaProvisionedConcurrencyUtilization,
	                               0.7) "instance: {service_time: 250ms}\n"
	                                    "workload: {synthetic: {shape: "
	                                    "step, rate: 1200, steps: [{at: "
	                                    "2m, rate: 6000}]}}\n"
	                                    "simulation: {duration: 4m}\n");
	ck_assert_double_eq_tol(ru_row_at(&r, 0)->pol[0].metric, 0.5, 1e-12);
	ck_assert_double_eq_tol(ru_row_at(&r, 120)->pol[0].metric, 1, 1e-12);
	ru_release(&r);
}
END_TEST

/*
 * RDS readers' DatabaseConnections: connections per reader by Little's
 * law, 30/s held 400 ms each = 12 open, 4 on each of 3 readers; not a
 * share, so not capped.
 */
START_TEST(rds_connections_by_littles_law)
{
	ru_run r;
	ru_run_yaml(
	        &r,
	        "resource: cluster:orders-db\n"
	        "scalable_dimension: rds:cluster:ReadReplicaCount\n" FIXED(3)
	                PREDEFINED(RDSReaderAverageDatabaseConnections,
	                           1000) "instance: {service_time: "
	                                 "400ms}\n"
	                                 "workload: {synthetic: {shape: "
	                                 "step, rate: 1800, steps: [{at: "
	                                 "2m, rate: 18000}]}}\n"
	                                 "simulation: {duration: 4m}\n");
	ck_assert_double_eq_tol(ru_row_at(&r, 0)->pol[0].metric, 4, 1e-9);
	ck_assert_double_eq_tol(ru_row_at(&r, 120)->pol[0].metric, 40, 1e-9);
	ru_release(&r);
}
END_TEST

/*
 * ALBRequestCountPerTarget is computed exactly as InvocationsPerInstance,
 * also while the fleet changes under it.
 */
START_TEST(alb_count_per_target_is_invocations_per_instance)
{
	ru_run r;
	ru_run_yaml(&r, ECS
	            "capacity: {initial: 1, min: 1, max: 10}\n"
	            "policies:\n" PREDEFINED(ALBRequestCountPerTarget, 500)
	                    PREDEFINED(SageMakerVariantInvocationsPerInstance,
	                               500) "instance: "
	                                    "{provisioning: 90s}\n"
	                                    "workload: {synthetic: "
	                                    "{shape: step, rate: "
	                                    "300, steps: [{at: 5m, "
	                                    "rate: 3000}]}}\n"
	                                    "simulation: {duration: "
	                                    "30m}\n");
	ck_assert_double_eq(ru_row_at(&r, 0)->pol[0].metric, 300);
	ck_assert_uint_gt(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_OUT),
	                  0);
	for (size_t i = 0; i < r.n_rows; i++) {
		ck_assert_int_eq(r.rows[i].pol[0].has_metric,
		                 r.rows[i].pol[1].has_metric);
		ck_assert_double_eq(r.rows[i].pol[0].metric,
		                    r.rows[i].pol[1].metric);
	}
	ru_release(&r);
}
END_TEST

/*
 * A model declared under the CloudWatch name: required for memory (10 rps
 * a task: 40 + 0.5 x 10), and preferred to the law for CPU, which then
 * needs no service time (5 + 2 x 10).
 */
START_TEST(declared_model_under_the_cloudwatch_name)
{
	ru_run r;
	ru_run_yaml(
	        &r,
	        ECS FIXED(2) PREDEFINED(ECSServiceAverageMemoryUtilization,
	                                1000)
	                PREDEFINED(ECSServiceAverageCPUUtilization,
	                           1000) "metrics:\n"
	                                 "  MemoryUtilization: {model: "
	                                 "linear, idle: 40, per_rps: 0.5}\n"
	                                 "  CPUUtilization: {model: linear, "
	                                 "idle: 5, per_rps: 2}\n"
	                                 "workload: {synthetic: {shape: "
	                                 "constant, rate: 1200}}\n"
	                                 "simulation: {duration: 3m}\n");
	ck_assert_double_eq_tol(ru_row_at(&r, 60)->pol[0].metric, 45, 1e-9);
	ck_assert_double_eq_tol(ru_row_at(&r, 60)->pol[1].metric, 25, 1e-9);
	ru_release(&r);
}
END_TEST

/*
 * Every PredefinedMetricType runs in both modes, given what its law needs
 * (a service time, models for the declared ones), and its datapoints stay
 * in its unit's range.
 */
START_TEST(every_predefined_type_runs)
{
	static const char yaml[] =
	        FIXED(5) "  - TargetTrackingScalingPolicyConfiguration:\n"
	                 "      TargetValue: 1000\n"
	                 "      PredefinedMetricSpecification: "
	                 "{PredefinedMetricType: %s}\n"
	                 "instance: {service_time: "
	                 "100ms}\n"
	                 "metrics:\n"
	                 "  MemoryUtilization: {model: "
	                 "linear, idle: 40, per_rps: 1}\n"
	                 "  NetworkIn: {model: linear, "
	                 "per_rps: 60000, max: 1e12}\n"
	                 "  NetworkOut: {model: linear, "
	                 "per_rps: 60000, max: 1e12}\n"
	                 "  KafkaDataLogsDiskUsed: {model: "
	                 "linear, idle: 30, per_rps: 0}\n"
	                 "  "
	                 "DatabaseMemoryUsageCountedForEvi"
	                 "ctPercentage: {model: linear, "
	                 "idle: 50, per_rps: 1}\n"
	                 "  "
	                 "DatabaseCapacityUsageCountedForE"
	                 "victPercentage: {model: linear, "
	                 "idle: 50, per_rps: 1}\n"
	                 "workload: {synthetic: {shape: "
	                 "constant, rate: 600}}\n"
	                 "simulation: {duration: 3m, "
	                 "mode: %s}\n";
	for (int k = 0; k < 2 * TT_PM_COUNT; k++) {
		const tt_predefined_info *info =
		        tt_predefined_get(k % TT_PM_COUNT);
		char buf[2048];
		snprintf(buf, sizeof buf, yaml, info->name,
		         k < TT_PM_COUNT ? "fluid" : "request");
		ru_run r;
		ru_run_yaml(&r, buf);
		ck_assert_uint_gt(r.n_rows, 0);
		for (size_t i = 0; i < r.n_rows; i++) {
			double v = r.rows[i].pol[0].metric;
			ck_assert_msg(r.rows[i].pol[0].has_metric, "%s",
			              info->name);
			ck_assert_msg(isfinite(v) && v >= 0, "%s: %g",
			              info->name, v);
			if (info->unit == TT_UNIT_PERCENT)
				ck_assert_msg(v <= 100, "%s: %g", info->name,
				              v);
			if (info->unit == TT_UNIT_RATIO)
				ck_assert_msg(v <= 1, "%s: %g", info->name, v);
		}
		ru_release(&r);
	}
}
END_TEST

/* A custom metric without a model, its name close to a known one. */
START_TEST(custom_metric_did_you_mean)
{
	static const char yaml[] = FIXED(
	        2) "  - TargetTrackingScalingPolicyConfiguration:\n"
	           "      TargetValue: 50\n"
	           "      CustomizedMetricSpecification: {MetricName: "
	           "%s, Namespace: Custom, Statistic: Average}\n"
	           "metrics: {QueueDepth: {model: linear, per_rps: 1}%s}\n"
	           "workload: {synthetic: {shape: constant, rate: 60}}\n"
	           "simulation: {duration: 5m}\n";
	static const struct {
		const char *name, *more_models, *hint;
	} cases[] = {
	        {"CPUUtilisation", "", " (did you mean 'CPUUtilization'?)"},
	        {"cpuutilization", "", " (did you mean 'CPUUtilization'?)"},
	        {"InvocationPerInstance", "",
	         " (did you mean 'InvocationsPerInstance'?)"},
	        {"MemoryUtilisation", "",
	         " (did you mean 'MemoryUtilization'?)"},
	        /* a model of the user's own, misspelt in the policy */
	        {"QueueDept", "", " (did you mean 'QueueDepth'?)"},
	        /* spelled right, the model misspelt */
	        {"CPUUtilization",
	         ", CPUUtilisation: {model: linear, per_rps: 1}",
	         " (did you mean 'CPUUtilisation'?)"},
	        /* spelled right, nothing misspelt: no hint */
	        {"CPUUtilization", "", ""},
	        {"CheckoutLatency", "", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[1024], want[512], msg[1024];
		snprintf(buf, sizeof buf, yaml, cases[i].name,
		         cases[i].more_models);
		snprintf(want, sizeof want,
		         "case.yaml:5:38: error: no model for custom metric "
		         "'%s'%s: declare one under 'metrics:'",
		         cases[i].name, cases[i].hint);
		ru_run r;
		ck_assert_int_eq(ru_try_yaml(&r, buf), TT_EINVAL);
		ck_assert_str_eq(tu_diag_str(&r.d, msg, sizeof msg), want);
		ru_release(&r);
	}
}
END_TEST

/* The ready-to-run ECS scenario: the service follows its diurnal load. */
START_TEST(ecs_cpu_scenario_runs)
{
	char path[1024];
	ru_run r;
	memset(&r, 0, sizeof r);
	tt_code rc = tt_scenario_load_file(
	        tu_src_path(path, sizeof path, "scenarios/ecs-cpu.yaml"), &r.s,
	        &r.d);
	char msg[1024];
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r.d, msg, sizeof msg));
	tt_recorder rec = ru_recorder(&r);
	ck_assert_int_eq(tt_sim_run(&r.s, &rec, &r.sum, &r.d), TT_OK);
	ck_assert_str_eq(r.s.policies[0].name, "checkout-cpu60");
	ck_assert_uint_gt(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_OUT),
	                  0);
	ck_assert_uint_gt(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_IN), 0);
	/* at the 14h peak, 400/s over 9 tasks of 4 slots at 50 ms: 56 % */
	const ru_row *peak = ru_row_at(&r, 14 * 3600);
	ck_assert_int_eq(peak->row.in_service, 9);
	ck_assert_double_eq_tol(peak->pol[0].metric, 55.6, 3);
	ru_release(&r);
}
END_TEST

/*
 * Every number of a model at its limit (+-1.174271e+108, CloudWatch's
 * range; a recorded capacity of 100000) with the highest rate and the
 * smallest TargetValue: every statistic's datapoint stays finite, so a
 * run can always write what it measured.  L, C and R are a linear, a
 * curve and a recorded model, each with the largest noise.
 */
static const char limits_metrics[] =
        "metrics:\n"
        "  L: {model: linear, idle: 1.174271e+108, per_rps: 1.174271e+108, "
        "max: 1.174271e+108, noise: 1.174271e+108}\n"
        "  C: {model: curve, points: [[0, -1.174271e+108], [1e-300, "
        "1.174271e+108], [1.174271e+108, -1.174271e+108]], min: "
        "-1.174271e+108, noise: 1.174271e+108}\n"
        "  R: {model: recorded, file: %s, capacity: 100000, min: "
        "-1.174271e+108, noise: 1.174271e+108}\n"
        "workload: {synthetic: {shape: constant, rate: 1e11}}\n"
        "simulation: {duration: 3m}\n";

/* A fixed fleet of `n` and one policy per {metric, statistic}. */
static void run_at_limits(const char *export, int n,
                          const char *const (*pols)[2], size_t n_pols)
{
	char yaml[4096];
	int used = snprintf(yaml, sizeof yaml,
	                    "capacity: {initial: %d, min: %d, max: %d}\n"
	                    "policies:\n",
	                    n, n, n);
	for (size_t i = 0; i < n_pols; i++)
		used += snprintf(
		        yaml + used, sizeof yaml - (size_t)used,
		        "  - TargetTrackingScalingPolicyConfiguration:\n"
		        "      TargetValue: 8.515920e-109\n"
		        "      CustomizedMetricSpecification: "
		        "{MetricName: %s, Namespace: Custom, "
		        "Statistic: %s}\n",
		        pols[i][0], pols[i][1]);
	snprintf(yaml + used, sizeof yaml - (size_t)used, limits_metrics,
	         export);
	ru_run r;
	ru_run_yaml(&r, yaml);
	ck_assert_uint_eq(r.n_rows, 3);
	for (size_t i = 0; i < r.n_rows; i++)
		for (size_t k = 0; k < n_pols; k++) {
			const tt_row_policy *p = &r.rows[i].pol[k];
			ck_assert(p->has_metric);
			ck_assert_msg(isfinite(p->metric),
			              "%d instances, %s (%s), row %zu: %g", n,
			              pols[k][0], pols[k][1], i, p->metric);
		}
	ru_release(&r);
}

START_TEST(models_at_their_limits_stay_finite)
{
	char dir[] = "/tmp/ttsim-limits-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char export[256];
	snprintf(export, sizeof export, "%s/export.json", dir);
	FILE *f = fopen(export, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"Datapoints\": [{\"Timestamp\": \"2024-01-01T00:00:00Z\", "
	      "\"Sum\": 1.174271e+108}, {\"Timestamp\": "
	      "\"2024-01-01T00:01:00Z\", \"Sum\": -1.174271e+108}]}\n",
	      f);
	ck_assert_int_eq(fclose(f), 0);

	/* The largest products: 100000 instances, each at up to 1e5 x the
	 * limit (a recorded value rescaled), summed. */
	static const char *const widest[][2] = {
	        {"R", "Sum"}, {"L", "Sum"}, {"C", "Sum"}, {"R", "Maximum"}};
	run_at_limits(export, 100000, widest, 4);
	/* Every statistic of every model, on a smaller fleet. */
	static const char *const stats[] = {"Minimum", "Average", "Maximum",
	                                    "Sum", "SampleCount"};
	for (size_t k = 0; k < sizeof stats / sizeof stats[0]; k++) {
		const char *const each[][2] = {
		        {"L", stats[k]}, {"C", stats[k]}, {"R", stats[k]}};
		run_at_limits(export, 1000, each, 3);
	}
	ck_assert_int_eq(remove(export), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("metric_models");
	const tu_case cases[] = {
	        {"curve", curve_interpolates_a_load_test},
	        {"recorded", recorded_export_is_rescaled_by_capacity},
	        {"noise", noise_separates_the_statistics},
	        {"sum", sum_grows_with_capacity},
	        {"dimensions", dimensions_that_match_no_data_never_alarm},
	        {"sagemaker", sagemaker_metrics_by_namespace_and_name},
	        {"limits", models_at_their_limits_stay_finite},
	        {"utilization_fluid", utilization_law_in_fluid_mode},
	        {"utilization_request_vs_fluid",
	         utilization_request_mode_agrees_with_fluid},
	        {"dynamodb", dynamodb_consumed_over_provisioned},
	        {"dynamodb_template", dynamodb_template_runs},
	        {"lambda", lambda_provisioned_concurrency_ratio},
	        {"rds_connections", rds_connections_by_littles_law},
	        {"alb", alb_count_per_target_is_invocations_per_instance},
	        {"declared_model", declared_model_under_the_cloudwatch_name},
	        {"every_predefined_type", every_predefined_type_runs},
	        {"did_you_mean", custom_metric_did_you_mean},
	        {"ecs_cpu_scenario", ecs_cpu_scenario_runs},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
