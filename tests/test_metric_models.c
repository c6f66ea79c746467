/*
 * test_metric_models.c - custom metrics from declared models, through the
 * engine: the load-test curve, a recorded export rescaled by capacity,
 * per-instance noise and the statistics across instances.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
