/*
 * test_alarm_def.c - CloudWatch alarm definitions: the three input forms
 * (PutMetricAlarm request, describe-alarms output, inline or
 * CloudFormation Properties with AWS's keys) read into the same struct,
 * and every rejected alarm with its exact message and place.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "node.h"
#include "testutil.h"

#define MSG_MAX 1024

static const char *data_path(char *buf, size_t size, const char *file)
{
	char rel[128];
	snprintf(rel, sizeof rel, "tests/data/step/%s", file);
	return tu_src_path(buf, size, rel);
}

/* Load tests/data/step/FILE (named FILE in locations) as a document. */
static void load_doc(const char *file, tt_doc *doc)
{
	char path[1024], msg[MSG_MAX];
	tt_diag d = {0};
	tt_code rc = tt_doc_load_any(data_path(path, sizeof path, file), file,
	                             doc, NULL, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
}

/* Read `text` (JSON) with tt_alarm_def_read. */
static tt_code read_json(const char *text, const char *pick,
                         tt_diag_list *notes, tt_alarm_def *a, tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc = tt_doc_parse_json(text, strlen(text), "a.json", &doc, d);
	if (rc)
		return rc;
	rc = tt_alarm_def_read(doc.root, pick, (tt_loc){0}, notes, a, d);
	tt_doc_release(&doc);
	return rc;
}

/* The request in alarm-put.json and s1-high in alarm-describe.json say
 * the same alarm; what both must read. */
static void check_s1_high(const tt_alarm_def *a)
{
	ck_assert_str_eq(a->name, "s1-high");
	ck_assert_str_eq(a->namespace_, "AWS/SageMaker");
	ck_assert_str_eq(a->metric_name, "InvocationsPerInstance");
	ck_assert_str_eq(a->dimensions[0].name, "EndpointName");
	ck_assert_str_eq(a->dimensions[0].value, "my-endpoint");
	ck_assert(!a->dimensions[0].value_expression);
	ck_assert_int_eq(a->statistic, TT_STAT_AVERAGE);
	ck_assert_int_eq(a->period_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(a->evaluation_periods, 3);
	ck_assert_double_eq(a->threshold, 50);
	ck_assert_int_eq(a->op, TT_ALARM_OP_GE);
	ck_assert(tt_alarm_op_above(a->op));
	ck_assert(a->actions_enabled);
	ck_assert_uint_eq(a->n_actions, 1);
	ck_assert_str_eq(a->actions[0].text,
	                 "arn:aws:autoscaling:us-east-1:123456789012:"
	                 "scalingPolicy:1:resource/sagemaker/endpoint/"
	                 "my-endpoint/variant/AllTraffic:policyName/s1-out");
	ck_assert(!a->actions[0].expression);
	ck_assert_ptr_null(a->actions[0].ref);
}

/* ---- the forms ---- */

START_TEST(put_request)
{
	char path[1024], msg[MSG_MAX];
	tt_diag_list notes = {0};
	tt_alarm_def a;
	tt_diag d = {0};

	data_path(path, sizeof path, "alarm-put.json");
	tt_code rc = tt_alarm_def_load(path, NULL, (tt_loc){0}, &notes, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	check_s1_high(&a);
	ck_assert_uint_eq(a.n_dimensions, 2);
	ck_assert_int_eq(a.datapoints_to_alarm, 2);
	ck_assert_int_eq(a.missing, TT_MISSING_NOT_BREACHING);
	ck_assert_str_eq(a.loc.file, path);
	ck_assert_int_eq(a.name_loc.line, 2);
	ck_assert_int_eq(a.name_loc.col, 16);
	ck_assert_int_eq(a.threshold_loc.line, 19);
	/* an empty OKActions is not worth a note */
	ck_assert_uint_eq(notes.count, 0);
	tt_alarm_def_release(&a);
	static const tt_alarm_def zero;
	ck_assert_mem_eq(&a, &zero, sizeof a);
	tt_alarm_def_release(NULL);

	/* a pick that names another alarm */
	char want[MSG_MAX + 64];
	rc = tt_alarm_def_load(path, "s1-low", (tt_loc){0}, NULL, &a, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	snprintf(want, sizeof want,
	         "%s:2:16: error: this file holds alarm 's1-high', not "
	         "'s1-low'",
	         path);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
	ck_assert_mem_eq(&a, &zero, sizeof a);
}
END_TEST

START_TEST(describe_output)
{
	char msg[MSG_MAX];
	tt_diag_list notes = {0};
	tt_alarm_def a;
	tt_diag d = {0};
	tt_doc doc = {0};

	load_doc("alarm-describe.json", &doc);
	tt_code rc = tt_alarm_def_read(doc.root, "s1-high", (tt_loc){0}, &notes,
	                               &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	check_s1_high(&a);
	/* DatapointsToAlarm absent: EvaluationPeriods */
	ck_assert_int_eq(a.datapoints_to_alarm, 3);
	ck_assert_int_eq(a.missing, TT_MISSING_MISSING);
	ck_assert_uint_eq(notes.count, 0);
	tt_alarm_def_release(&a);

	rc = tt_alarm_def_read(doc.root, "s1-low", (tt_loc){0}, &notes, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_str_eq(a.name, "s1-low");
	ck_assert_int_eq(a.op, TT_ALARM_OP_LT);
	ck_assert(!tt_alarm_op_above(a.op));
	ck_assert_int_eq(a.evaluation_periods, 15);
	ck_assert_int_eq(a.datapoints_to_alarm, 15);
	ck_assert_uint_eq(a.n_dimensions, 0);
	ck_assert_uint_eq(notes.count, 1);
	ck_assert_str_eq(tu_diag_str(&notes.items[0], msg, sizeof msg),
	                 "alarm-describe.json:30:7: note: 'OKActions' are not "
	                 "simulated: ttsim invokes an alarm's AlarmActions "
	                 "only");
	tt_alarm_def_release(&a);

	/* every alarm at once */
	tt_alarm_def *all;
	size_t n;
	rc = tt_alarm_def_read_all(doc.root, NULL, &all, &n, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(all[0].name, "s1-high");
	ck_assert_str_eq(all[1].name, "s1-low");
	for (size_t i = 0; i < n; i++)
		tt_alarm_def_release(&all[i]);
	free(all);

	/* which one, when the file holds two */
	rc = tt_alarm_def_read(doc.root, NULL, (tt_loc){0}, NULL, &a, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "alarm-describe.json:2:19: error: this file holds 2 "
	                 "alarms ('s1-high', 's1-low'); name the one to use by "
	                 "its AlarmName");
	rc = tt_alarm_def_read(doc.root, "s1-hig", (tt_loc){"s.yaml", 4, 12},
	                       NULL, &a, &d);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "s.yaml:4:12: error: no alarm 's1-hig' in this file "
	                 "(did you mean 's1-high'?)");
	rc = tt_alarm_def_read(doc.root, "cpu", (tt_loc){0}, NULL, &a, &d);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "alarm-describe.json:2:19: error: no alarm 'cpu' in "
	                 "this file (it holds 's1-high', 's1-low')");
	tt_doc_release(&doc);
	tt_diag_list_release(&notes);
}
END_TEST

/* The list alone (`--query MetricAlarms`) and one entry alone. */
START_TEST(describe_parts)
{
	char msg[MSG_MAX];
	tt_alarm_def a;
	tt_diag d = {0};
	tt_code rc;

	rc = read_json("[{\"AlarmName\": \"x\", \"AlarmArn\": \"arn\", "
	               "\"MetricName\": \"M\", \"Namespace\": \"N\", "
	               "\"Statistic\": \"Sum\", \"Period\": 300, "
	               "\"EvaluationPeriods\": 2, \"Threshold\": 1, "
	               "\"ComparisonOperator\": \"GreaterThanThreshold\"}]",
	               NULL, NULL, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_str_eq(a.name, "x");
	ck_assert_int_eq(a.statistic, TT_STAT_SUM);
	ck_assert_int_eq(a.period_us, 300 * TT_US_PER_S);
	tt_alarm_def_release(&a);

	rc = read_json(
	        "{\"AlarmName\": \"y\", \"StateValue\": \"OK\", "
	        "\"MetricName\": \"M\", \"Namespace\": \"N\", "
	        "\"Statistic\": \"SampleCount\", \"Period\": 10, "
	        "\"EvaluationPeriods\": 6, \"Threshold\": 0, "
	        "\"ComparisonOperator\": \"LessThanOrEqualToThreshold\"}",
	        "y", NULL, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_int_eq(a.statistic, TT_STAT_SAMPLE_COUNT);
	ck_assert_int_eq(a.period_us, 10 * TT_US_PER_S);
	ck_assert_int_eq(a.op, TT_ALARM_OP_LE);
	tt_alarm_def_release(&a);
}
END_TEST

/* Inline in a scenario: AWS's keys in YAML, read as one alarm map. */
START_TEST(inline_yaml)
{
	char msg[MSG_MAX];
	const char *text = "alarm:\n"
	                   "  AlarmName: high\n"
	                   "  Namespace: AWS/SageMaker\n"
	                   "  MetricName: ModelLatency\n"
	                   "  Statistic: Maximum\n"
	                   "  Period: 60\n"
	                   "  EvaluationPeriods: 5\n"
	                   "  DatapointsToAlarm: 3\n"
	                   "  Threshold: 250000\n"
	                   "  ComparisonOperator: GreaterThanThreshold\n"
	                   "  TreatMissingData: breaching\n"
	                   "  ActionsEnabled: false\n"
	                   "  AlarmActions: [step-out]\n";
	tt_doc doc = {0};
	tt_diag d = {0};
	tt_alarm_def a;

	ck_assert_int_eq(
	        tt_doc_parse_yaml(text, strlen(text), "s.yaml", &doc, &d),
	        TT_OK);
	tt_code rc = tt_alarm_def_from_node(tt_node_map_get(doc.root, "alarm"),
	                                    TT_ALARM_FORM_REQUEST, "alarm",
	                                    NULL, NULL, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_str_eq(a.name, "high");
	ck_assert_int_eq(a.statistic, TT_STAT_MAXIMUM);
	ck_assert_int_eq(a.evaluation_periods, 5);
	ck_assert_int_eq(a.datapoints_to_alarm, 3);
	ck_assert_double_eq(a.threshold, 250000);
	ck_assert_int_eq(a.op, TT_ALARM_OP_GT);
	ck_assert_int_eq(a.missing, TT_MISSING_BREACHING);
	ck_assert(!a.actions_enabled);
	ck_assert_str_eq(a.actions[0].text, "step-out");
	ck_assert_int_eq(a.actions[0].loc.line, 13);
	ck_assert_int_eq(a.actions[0].loc.col, 18);
	tt_alarm_def_release(&a);
	tt_doc_release(&doc);
}
END_TEST

/* An AWS::CloudWatch::Alarm's Properties, as the CloudFormation reader
 * will pass them: quoted numbers, expressions kept, the logical ID as
 * the name. */
START_TEST(cloudformation_properties)
{
	char msg[MSG_MAX];
	tt_alarm_def a;
	tt_diag d = {0};
	tt_doc doc = {0};

	load_doc("cfn-alarms.yaml", &doc);
	ck_assert_int_eq(tt_node_cfn_prepare(doc.root, &d), TT_OK);
	const tt_node *res = tt_node_map_get(doc.root, "Resources");
	const tt_node *props =
	        tt_node_map_get(tt_node_map_get(res, "HighCpu"), "Properties");
	tt_code rc = tt_alarm_def_from_node(props, TT_ALARM_FORM_CLOUDFORMATION,
	                                    "HighCpu", "HighCpu", NULL, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_str_eq(a.name, "HighCpu");
	ck_assert_str_eq(a.namespace_, "AWS/ECS");
	ck_assert_int_eq(a.statistic, TT_STAT_MAXIMUM);
	ck_assert_int_eq(a.period_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(a.evaluation_periods, 3);
	ck_assert_double_eq(a.threshold, 85);
	ck_assert_uint_eq(a.n_dimensions, 2);
	ck_assert(a.dimensions[0].value_expression);
	ck_assert_str_eq(a.dimensions[0].value, "!Ref Cluster");
	ck_assert_str_eq(a.dimensions[1].value, "!GetAtt Service.Name");
	ck_assert_uint_eq(a.n_actions, 3);
	ck_assert(a.actions[0].expression);
	ck_assert_str_eq(a.actions[0].text, "!Ref ScaleOutPolicy");
	ck_assert_str_eq(a.actions[0].ref, "ScaleOutPolicy");
	ck_assert(a.actions[1].expression);
	ck_assert_str_eq(a.actions[1].ref, "ScaleOutPolicy");
	ck_assert(!a.actions[2].expression);
	ck_assert_ptr_null(a.actions[2].ref);
	ck_assert_str_eq(a.actions[2].text,
	                 "arn:aws:sns:us-east-1:123456789012:ops");
	tt_alarm_def_release(&a);
	tt_doc_release(&doc);
}
END_TEST

/* ---- rejected alarms ---- */

/* A valid request, one key per line from line 2; A_* swap one line. */
#define A_NAME "\"AlarmName\": \"a\",\n"
#define A_NS "\"Namespace\": \"N\",\n"
#define A_METRIC "\"MetricName\": \"M\",\n"
#define A_STAT "\"Statistic\": \"Average\",\n"
#define A_PERIOD "\"Period\": 60,\n"
#define A_EVALS "\"EvaluationPeriods\": 3,\n"
#define A_THRESH "\"Threshold\": 50,\n"
#define A_OP "\"ComparisonOperator\": \"GreaterThanThreshold\""
#define ALARM(name, stat, period, evals, op)                                   \
	"{\n" name A_NS A_METRIC stat period evals A_THRESH op "}"
#define GOOD ALARM(A_NAME, A_STAT, A_PERIOD, A_EVALS, A_OP)
/* GOOD with `extra` (ending ",\n") as line 2 */
#define WITH(extra)                                                            \
	"{\n" extra A_NAME A_NS A_METRIC A_STAT A_PERIOD A_EVALS A_THRESH A_OP \
	"}"

static const struct {
	const char *text;
	tt_code code;
	const char *want;
} bad[] = {
        {WITH("\"Treshold\": 5,\n"), TT_EINVAL,
         "a.json:2:1: error: unknown key 'Treshold' in 'PutMetricAlarm' "
         "(did you mean 'Threshold'?)"},
        {WITH("\"Color\": \"red\",\n"), TT_EINVAL,
         "a.json:2:1: error: unknown key 'Color' in 'PutMetricAlarm' "
         "(expected one of: AlarmName, AlarmDescription, ActionsEnabled, "
         "OKActions, AlarmActions, InsufficientDataActions, MetricName, "
         "Namespace, Statistic, ExtendedStatistic, Dimensions, Period, Unit, "
         "EvaluationPeriods, DatapointsToAlarm, Threshold, "
         "ComparisonOperator, TreatMissingData, "
         "EvaluateLowSampleCountPercentile, Metrics, ThresholdMetricId, "
         "Tags)"},
        /* describe-only keys are not a request's */
        {WITH("\"StateReason\": \"x\",\n\"MetricAlarms2\": 1,\n"), TT_EINVAL,
         "a.json:2:1: error: unknown key 'StateReason' in 'PutMetricAlarm' "
         "(expected one of: AlarmName, AlarmDescription, ActionsEnabled, "
         "OKActions, AlarmActions, InsufficientDataActions, MetricName, "
         "Namespace, Statistic, ExtendedStatistic, Dimensions, Period, Unit, "
         "EvaluationPeriods, DatapointsToAlarm, Threshold, "
         "ComparisonOperator, TreatMissingData, "
         "EvaluateLowSampleCountPercentile, Metrics, ThresholdMetricId, "
         "Tags)"},
        {ALARM("", A_STAT, A_PERIOD, A_EVALS, A_OP), TT_EINVAL,
         "a.json:1:1: error: missing required key 'AlarmName' in "
         "'PutMetricAlarm'"},
        {ALARM("\"AlarmName\": \"\",\n", A_STAT, A_PERIOD, A_EVALS, A_OP),
         TT_EINVAL,
         "a.json:2:14: error: 'AlarmName' must be 1 to 255 characters, got "
         "0"},
        {ALARM(A_NAME, "", A_PERIOD, A_EVALS, A_OP), TT_EINVAL,
         "a.json:1:1: error: missing required key 'Statistic' in "
         "'PutMetricAlarm'"},
        {ALARM(A_NAME, "\"Statistic\": \"Avg\",\n", A_PERIOD, A_EVALS, A_OP),
         TT_EINVAL,
         "a.json:5:14: error: unknown Statistic 'Avg' (expected one of: "
         "Average, Minimum, Maximum, SampleCount, Sum)"},
        {ALARM(A_NAME, "\"Statistic\": \"Maximun\",\n", A_PERIOD, A_EVALS,
               A_OP),
         TT_EINVAL,
         "a.json:5:14: error: unknown Statistic 'Maximun' (did you mean "
         "'Maximum'?)"},
        /* what ttsim cannot evaluate */
        {ALARM(A_NAME, "\"ExtendedStatistic\": \"p99\",\n", A_PERIOD, A_EVALS,
               A_OP),
         TT_EUNSUPPORTED,
         "a.json:5:1: error: 'ExtendedStatistic' (percentiles) is not "
         "supported: give 'Statistic' Average, Minimum, Maximum, "
         "SampleCount or Sum"},
        {WITH("\"Metrics\": [],\n"), TT_EUNSUPPORTED,
         "a.json:2:1: error: metric-math alarms ('Metrics') are not "
         "supported: give 'MetricName', 'Namespace', 'Statistic' and "
         "'Period'"},
        {WITH("\"ThresholdMetricId\": \"ad1\",\n"), TT_EUNSUPPORTED,
         "a.json:2:1: error: anomaly-detection alarms ('ThresholdMetricId') "
         "are not supported"},
        {ALARM(A_NAME, A_STAT, A_PERIOD, A_EVALS,
               "\"ComparisonOperator\": "
               "\"LessThanLowerOrGreaterThanUpperThreshold\""),
         TT_EUNSUPPORTED,
         "a.json:9:23: error: ComparisonOperator "
         "'LessThanLowerOrGreaterThanUpperThreshold' is for anomaly "
         "detection, which is not supported"},
        {ALARM(A_NAME, A_STAT, A_PERIOD, A_EVALS,
               "\"ComparisonOperator\": \"GreaterThan\""),
         TT_EINVAL,
         "a.json:9:23: error: unknown ComparisonOperator 'GreaterThan' (did "
         "you mean one of 'GreaterThanOrEqualToThreshold', "
         "'GreaterThanThreshold'?)"},
        {ALARM(A_NAME, A_STAT, A_PERIOD, A_EVALS, "\"Foo\": 1"), TT_EINVAL,
         "a.json:9:1: error: unknown key 'Foo' in 'PutMetricAlarm' "
         "(expected one of: AlarmName, AlarmDescription, ActionsEnabled, "
         "OKActions, AlarmActions, InsufficientDataActions, MetricName, "
         "Namespace, Statistic, ExtendedStatistic, Dimensions, Period, Unit, "
         "EvaluationPeriods, DatapointsToAlarm, Threshold, "
         "ComparisonOperator, TreatMissingData, "
         "EvaluateLowSampleCountPercentile, Metrics, ThresholdMetricId, "
         "Tags)"},
        /* periods */
        {ALARM(A_NAME, A_STAT, "\"Period\": 45,\n", A_EVALS, A_OP), TT_EINVAL,
         "a.json:6:11: error: 'Period' must be 10, 20, 30 or a multiple of "
         "60 seconds, got 45"},
        {ALARM(A_NAME, A_STAT, "\"Period\": 0,\n", A_EVALS, A_OP), TT_ERANGE,
         "a.json:6:11: error: 'Period' must be between 1 and 2147483647, "
         "got 0"},
        {ALARM(A_NAME, A_STAT, "\"Period\": \"60\",\n", A_EVALS, A_OP),
         TT_EINVAL,
         "a.json:6:11: error: expected an integer for 'Period', got a "
         "string"},
        {ALARM(A_NAME, A_STAT, A_PERIOD, "\"EvaluationPeriods\": 0,\n", A_OP),
         TT_ERANGE,
         "a.json:7:22: error: 'EvaluationPeriods' must be between 1 and "
         "2147483647, got 0"},
        {ALARM(A_NAME, A_STAT, A_PERIOD, "\"EvaluationPeriods\": 1441,\n",
               A_OP),
         TT_EINVAL,
         "a.json:7:22: error: 'Period' x 'EvaluationPeriods' must be at "
         "most 86400 seconds (one day), got 60 x 1441 = 86460"},
        {WITH("\"DatapointsToAlarm\": 4,\n"), TT_EINVAL,
         "a.json:2:22: error: 'DatapointsToAlarm' must be at most "
         "'EvaluationPeriods' (3), got 4"},
        {WITH("\"DatapointsToAlarm\": 0,\n"), TT_ERANGE,
         "a.json:2:22: error: 'DatapointsToAlarm' must be between 1 and "
         "2147483647, got 0"},
        {"{\n" A_NAME A_NS A_METRIC A_STAT A_PERIOD A_EVALS
         "\"Threshold\": \"high\",\n" A_OP "}",
         TT_EINVAL,
         "a.json:8:14: error: expected a number for 'Threshold', got a "
         "string"},
        /* the rest */
        {WITH("\"TreatMissingData\": \"notbreaching\",\n"), TT_EINVAL,
         "a.json:2:21: error: unknown TreatMissingData 'notbreaching' (did "
         "you mean 'notBreaching'?)"},
        {WITH("\"ActionsEnabled\": \"yes\",\n"), TT_EINVAL,
         "a.json:2:19: error: expected true or false for 'ActionsEnabled', "
         "got a string"},
        {WITH("\"AlarmActions\": \"arn\",\n"), TT_EINVAL,
         "a.json:2:17: error: expected a sequence for 'AlarmActions', got a "
         "string"},
        {WITH("\"AlarmActions\": [\"a\", \"b\", \"c\", \"d\", \"e\", "
              "\"f\"],\n"),
         TT_EINVAL,
         "a.json:2:43: error: 'AlarmActions' holds at most 5 actions, got "
         "6"},
        {WITH("\"AlarmActions\": [7],\n"), TT_EINVAL,
         "a.json:2:18: error: expected a string for 'AlarmActions', got a "
         "number"},
        {WITH("\"Dimensions\": [{\"Name\": \"EndpointName\"}],\n"), TT_EINVAL,
         "a.json:2:16: error: missing required key 'Value' in "
         "'Dimensions[0]'"},
        {WITH("\"Dimensions\": [{\"Name\": \"E\", \"Valu\": \"x\"}],\n"),
         TT_EINVAL,
         "a.json:2:30: error: unknown key 'Valu' in 'Dimensions[0]' (did "
         "you mean 'Value'?)"},
        {WITH("\"OKActions\": \"arn\",\n"), TT_EINVAL,
         "a.json:2:14: error: expected a sequence for 'OKActions', got a "
         "string"},
        /* documents */
        {"{\"MetricAlarms\": []}", TT_EINVAL,
         "a.json:1:18: error: no alarm in this file ('MetricAlarms' is "
         "empty)"},
        {"{\"CompositeAlarms\": []}", TT_EINVAL,
         "a.json:1:1: error: missing required key 'MetricAlarms' in "
         "'describe-alarms'"},
        {"{\"MetricAlarms\": [], \"NextTokn\": \"x\"}", TT_EINVAL,
         "a.json:1:22: error: unknown key 'NextTokn' in 'describe-alarms' "
         "(did you mean 'NextToken'?)"},
        {"{\"MetricAlarms\": [{\"AlarmArn\": \"x\"}]}", TT_EINVAL,
         "a.json:1:19: error: missing required key 'AlarmName' in "
         "'MetricAlarms[0]'"},
        {"[5]", TT_EINVAL,
         "a.json:1:2: error: expected a map for 'MetricAlarms[0]', got a "
         "number"},
        {"\"alarm\"", TT_EINVAL,
         "a.json:1:1: error: expected a map for 'PutMetricAlarm', got a "
         "string"},
};

START_TEST(bad_alarm)
{
	tt_alarm_def a;
	tt_diag d = {0};
	char msg[MSG_MAX];

	tt_code rc = read_json(bad[_i].text, NULL, NULL, &a, &d);
	ck_assert_msg(rc != TT_OK, "accepted: %s", bad[_i].text);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), bad[_i].want);
	ck_assert_int_eq(rc, bad[_i].code);
	static const tt_alarm_def zero;
	ck_assert_mem_eq(&a, &zero, sizeof a);
}
END_TEST

/* The table's base alarm is valid: each bad row breaks one thing. */
START_TEST(good_base)
{
	tt_alarm_def a;
	tt_diag d = {0};
	char msg[MSG_MAX];
	tt_code rc = read_json(GOOD, NULL, NULL, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_int_eq(a.datapoints_to_alarm, 3);
	ck_assert(a.actions_enabled);
	ck_assert_uint_eq(a.n_actions, 0);
	tt_alarm_def_release(&a);
	/* 1440 x 60 s is exactly one day */
	rc = read_json(ALARM(A_NAME, A_STAT, A_PERIOD,
	                     "\"EvaluationPeriods\": 1440,\n", A_OP),
	               NULL, NULL, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	tt_alarm_def_release(&a);
	/* the keys ttsim does not use are accepted as they are */
	rc = read_json(WITH("\"Unit\": \"Count\",\n\"AlarmDescription\": "
	                    "\"d\",\n\"EvaluateLowSampleCountPercentile\": "
	                    "\"ignore\",\n\"Tags\": [],\n"),
	               NULL, NULL, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	tt_alarm_def_release(&a);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(tt_alarm_op_name(TT_ALARM_OP_LE),
	                 "LessThanOrEqualToThreshold");
	ck_assert_ptr_null(tt_alarm_op_name((tt_alarm_op)9));
	ck_assert_str_eq(tt_missing_data_name(TT_MISSING_NOT_BREACHING),
	                 "notBreaching");
	ck_assert(tt_alarm_op_above(TT_ALARM_OP_GE));
	ck_assert(tt_alarm_op_above(TT_ALARM_OP_GT));
	ck_assert(!tt_alarm_op_above(TT_ALARM_OP_LT));
	ck_assert(!tt_alarm_op_above(TT_ALARM_OP_LE));
}
END_TEST

/* ---- the alarm maps a document holds, for --set ---- */

#define ALARM_MAP(name, v)                                                     \
	"{\"AlarmName\": \"" name "\", \"AlarmArn\": \"arn\", "                \
	"\"Threshold\": " v "}"

/* What tt_alarm_def_each gave fn: each map's Threshold. */
typedef struct seen {
	char values[64];
	size_t n, stop_at;
} seen;

static tt_code note_alarm(tt_node *alarm, void *arg)
{
	seen *s = arg;
	const tt_node *v = tt_node_map_get(alarm, "Threshold");
	snprintf(s->values + strlen(s->values),
	         sizeof s->values - strlen(s->values), "%s%s", s->n ? "," : "",
	         v && v->kind == TT_NODE_SCALAR ? v->u.scalar.text : "-");
	if (++s->n == s->stop_at)
		return TT_EINVAL;
	return TT_OK;
}

/* Every shape the reader takes, and what holds no alarm map. */
static const struct {
	const char *text;
	const char *values; /* each map's Threshold, comma-separated */
} each_cases[] = {
        /* a PutMetricAlarm request */
        {"{\"AlarmName\": \"a\", \"Threshold\": 1}", "1"},
        /* describe-alarms output: whole (composites passed over), its
         * list alone, one entry alone */
        {"{\"MetricAlarms\": [" ALARM_MAP("a", "2") ", " ALARM_MAP(
                 "b", "3") "], \"CompositeAlarms\": [{\"AlarmName\": "
                           "\"c\", \"Threshold\": 9}]}",
         "2,3"},
        {"[" ALARM_MAP("a", "4") ", 5, " ALARM_MAP("b", "6") "]", "4,6"},
        {ALARM_MAP("a", "7"), "7"},
        /* nothing to change: the reader says what is wrong */
        {"{\"MetricAlarms\": []}", ""},
        {"{\"MetricAlarms\": 5}", ""},
        {"{\"CompositeAlarms\": [{\"AlarmName\": \"c\"}]}", ""},
        {"[]", ""},
        {"5", ""},
};

START_TEST(each_alarm)
{
	const char *text = each_cases[_i].text;
	char msg[MSG_MAX];
	tt_doc doc = {0};
	tt_diag d = {0};
	ck_assert_msg(tt_doc_parse_json(text, strlen(text), "a.json", &doc,
	                                &d) == TT_OK,
	              "%s", tu_diag_str(&d, msg, sizeof msg));
	seen s = {0};
	size_t count = 99;
	ck_assert_int_eq(tt_alarm_def_each(doc.root, note_alarm, &s, &count),
	                 TT_OK);
	ck_assert_uint_eq(count, s.n);
	ck_assert_str_eq(s.values, each_cases[_i].values);

	/* the first error stops the walk and is returned */
	if (s.n > 1) {
		seen first = {.stop_at = 1};
		ck_assert_int_eq(
		        tt_alarm_def_each(doc.root, note_alarm, &first, &count),
		        TT_EINVAL);
		ck_assert_uint_eq(count, 1);
		ck_assert_uint_eq(strcspn(s.values, ","), strlen(first.values));
		ck_assert(
		        !strncmp(s.values, first.values, strlen(first.values)));
	}
	tt_doc_release(&doc);
}
END_TEST

/*
 * tt_alarm_def_load in two halves: the document, changed, then read; a
 * Terraform file and a missing one are refused as the loader refuses
 * them.
 */
START_TEST(load_doc_then_read)
{
	char path[1024], msg[MSG_MAX];
	tt_doc doc = {0};
	tt_alarm_def a;
	tt_diag d = {0};
	data_path(path, sizeof path, "alarm-put.json");
	ck_assert_msg(tt_alarm_def_load_doc(path, &doc, &d) == TT_OK, "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	/* the document is the caller's to change: Threshold 42 */
	tt_node *v = NULL;
	for (size_t i = 0; i < doc.root->u.map.count; i++)
		if (!strcmp(doc.root->u.map.entries[i].key, "Threshold"))
			v = doc.root->u.map.entries[i].value;
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->kind, TT_NODE_SCALAR);
	ck_assert_uint_ge(v->u.scalar.len, 2);
	memcpy(v->u.scalar.text, "42", 3);
	v->u.scalar.len = 2;
	ck_assert_msg(tt_alarm_def_read(doc.root, NULL, (tt_loc){0}, NULL, &a,
	                                &d) == TT_OK,
	              "%s", tu_diag_str(&d, msg, sizeof msg));
	ck_assert_double_eq(a.threshold, 42);
	ck_assert_str_eq(a.threshold_loc.file, path);
	tt_alarm_def_release(&a);
	tt_doc_release(&doc);
	/* the file itself is as it was */
	ck_assert_int_eq(
	        tt_alarm_def_load(path, NULL, (tt_loc){0}, NULL, &a, &d),
	        TT_OK);
	ck_assert_double_ne(a.threshold, 42);
	tt_alarm_def_release(&a);

	char tf[1024];
	tu_src_path(tf, sizeof tf, "scenarios/terraform/autoscaling.tf");
	ck_assert_int_eq(tt_alarm_def_load_doc(tf, &doc, &d), TT_EINVAL);
	ck_assert_str_eq(d.msg, "this file is Terraform, not a PutMetricAlarm "
	                        "request or describe-alarms output");
	ck_assert_int_eq(d.line, 1);
	data_path(path, sizeof path, "no-such-alarm.json");
	ck_assert_int_eq(tt_alarm_def_load_doc(path, &doc, &d), TT_EIO);
}
END_TEST

static Suite *alarm_def_suite(void)
{
	Suite *s = suite_create("alarm_def");
	TCase *tc;

	tc = tcase_create("forms");
	tcase_add_test(tc, put_request);
	tcase_add_test(tc, describe_output);
	tcase_add_test(tc, describe_parts);
	tcase_add_test(tc, inline_yaml);
	tcase_add_test(tc, cloudformation_properties);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad");
	tcase_add_loop_test(tc, bad_alarm, 0,
	                    (int)(sizeof bad / sizeof bad[0]));
	tcase_add_test(tc, good_base);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);

	tc = tcase_create("each");
	tcase_add_loop_test(tc, each_alarm, 0,
	                    (int)(sizeof each_cases / sizeof each_cases[0]));
	tcase_add_test(tc, load_doc_then_read);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(alarm_def_suite());
}
