/*
 * alarm_def.h - a CloudWatch metric alarm as its user wrote it.
 *
 * A step scaling policy does nothing by itself: a CloudWatch alarm the
 * user created invokes it (SPEC.md 12.1).  This is that alarm's
 * definition, read and checked from the shapes users keep it in: a
 * PutMetricAlarm request (`aws cloudwatch put-metric-alarm
 * --cli-input-json`), describe-alarms output (whole, its `MetricAlarms`
 * list alone, or one entry), the same keys inline in a scenario, and the
 * Properties of an `AWS::CloudWatch::Alarm` resource, which has the same
 * keys (tt_alarm_def_from_node, for the CloudFormation reader).
 *
 * Only the definition lives here.  Evaluating the alarm over a run's
 * datapoints is alarm.c's job; matching AlarmActions to policies is the
 * scenario's.  Private to the library.
 */
#ifndef TTSIM_ALARM_DEF_H
#define TTSIM_ALARM_DEF_H

#include <stdbool.h>
#include <stddef.h>

#include "node.h"
#include "ttsim/diag.h"
#include "ttsim/policy.h"
#include "ttsim/simtime.h"

/* The ComparisonOperators of a static-threshold alarm, in API order. */
typedef enum tt_alarm_op {
	TT_ALARM_OP_GE, /* GreaterThanOrEqualToThreshold */
	TT_ALARM_OP_GT, /* GreaterThanThreshold */
	TT_ALARM_OP_LT, /* LessThanThreshold */
	TT_ALARM_OP_LE  /* LessThanOrEqualToThreshold */
} tt_alarm_op;

/* The API spelling ("GreaterThanThreshold"). */
const char *tt_alarm_op_name(tt_alarm_op op);

/* True for the GreaterThan... operators: the alarm watches above its
 * threshold (a step policy's tie side, SPEC.md 12.3). */
bool tt_alarm_op_above(tt_alarm_op op);

/* TreatMissingData. */
typedef enum tt_missing_data {
	TT_MISSING_MISSING, /* AWS's default */
	TT_MISSING_NOT_BREACHING,
	TT_MISSING_BREACHING,
	TT_MISSING_IGNORE
} tt_missing_data;

/* "missing", "notBreaching", "breaching", "ignore". */
const char *tt_missing_data_name(tt_missing_data m);

/*
 * One AlarmActions entry, kept as given, for the scenario to match to a
 * policy: an ARN or a name as a string, or a CloudFormation expression.
 */
typedef struct tt_alarm_action {
	char *text;      /* the string, or the expression's text ("!Ref X") */
	char *ref;       /* `!Ref X` / {"Ref": "X"}: X; else NULL */
	bool expression; /* text is a CloudFormation expression's */
	tt_loc loc;
} tt_alarm_action;

/* One dimension; a value may be a CloudFormation expression, kept as text. */
typedef struct tt_alarm_dimension {
	char *name;
	char *value;
	bool value_expression; /* value is an expression's text */
	tt_loc loc;            /* the {Name, Value} map */
} tt_alarm_dimension;

typedef struct tt_alarm_def {
	char *name; /* AlarmName */
	tt_loc loc; /* the alarm's map */
	tt_loc name_loc;
	char *namespace_;
	char *metric_name;
	tt_loc metric_loc; /* MetricName's value */
	tt_alarm_dimension *dimensions;
	size_t n_dimensions;
	tt_statistic statistic;
	tt_loc statistic_loc;
	tt_time_us period_us;
	tt_loc period_loc;
	int evaluation_periods;
	int datapoints_to_alarm; /* EvaluationPeriods when absent */
	tt_loc evaluation_loc;
	double threshold;
	tt_loc threshold_loc;
	tt_alarm_op op;
	tt_loc op_loc;
	tt_missing_data missing;  /* missing when absent */
	tt_alarm_action *actions; /* AlarmActions, in order */
	size_t n_actions;
	bool actions_enabled; /* true when absent */
} tt_alarm_def;

/* The shape one alarm map comes in: it decides the keys allowed. */
typedef enum tt_alarm_form {
	/* a PutMetricAlarm request, or inline with AWS's keys */
	TT_ALARM_FORM_REQUEST,
	/* an entry of describe-alarms' MetricAlarms: also the state and
	 * timestamps AWS adds */
	TT_ALARM_FORM_DESCRIBE,
	/* an AWS::CloudWatch::Alarm's Properties: AlarmName optional */
	TT_ALARM_FORM_CLOUDFORMATION
} tt_alarm_form;

/*
 * Read one alarm map of `form` into *out.  `what` names the map in
 * messages ("PutMetricAlarm", "MetricAlarms[2]", "alarm").
 * `fallback_name` names an alarm without AlarmName (CloudFormation: the
 * resource's logical ID); the other forms require AlarmName.  Errors at
 * their place: TT_EINVAL for unknown keys (with a "did you mean"), wrong
 * types, a missing required key (MetricName, Namespace, Statistic,
 * Period, EvaluationPeriods, Threshold, ComparisonOperator), values
 * outside the API's enums, a Period other than 10, 20, 30 or a multiple
 * of 60, DatapointsToAlarm outside 1..EvaluationPeriods, Period x
 * EvaluationPeriods over 86400 s, more than 5 AlarmActions;
 * TT_EUNSUPPORTED for ExtendedStatistic, metric math (`Metrics`),
 * anomaly detection (`ThresholdMetricId`, the LessThanLower... and
 * GreaterThanUpper... operators).  Keys AWS has that ttsim does not use
 * are accepted (docs/step-scaling.md lists them); non-empty OKActions or
 * InsufficientDataActions add a note to `notes` (may be NULL), as ttsim
 * invokes AlarmActions only.  On success *out is the caller's
 * (tt_alarm_def_release); on failure it is left empty.
 */
tt_code tt_alarm_def_from_node(const tt_node *map, tt_alarm_form form,
                               const char *what, const char *fallback_name,
                               tt_diag_list *notes, tt_alarm_def *out,
                               tt_diag *d);

/*
 * Read the alarm a document holds, told by its keys: describe-alarms
 * output ({"MetricAlarms": [...]}, the list alone, or one entry with
 * AlarmArn or StateValue), else a PutMetricAlarm request.  `pick` (may
 * be NULL) is the AlarmName to take from describe output, which must
 * then hold it ("no alarm 'X' in this file", with a "did you mean");
 * without it the output must hold exactly one alarm.  `pick_loc` is
 * where the pick was asked for; a request's AlarmName must equal a
 * given pick too.  Only the alarm taken is checked.  Errors as
 * tt_alarm_def_from_node, and TT_EINVAL for an empty or ambiguous
 * describe output.
 */
tt_code tt_alarm_def_read(const tt_node *root, const char *pick,
                          tt_loc pick_loc, tt_diag_list *notes,
                          tt_alarm_def *out, tt_diag *d);

/*
 * Every alarm a document holds (as tt_alarm_def_read tells its shape),
 * each checked, into a malloc'd array *out of *n (the caller releases
 * each and frees the array).  For matching AlarmActions to policies.
 */
tt_code tt_alarm_def_read_all(const tt_node *root, tt_diag_list *notes,
                              tt_alarm_def **out, size_t *n, tt_diag *d);

/*
 * Load a JSON or YAML file (CloudFormation tags kept) and read its alarm
 * as tt_alarm_def_read does.  `path` is borrowed for the locations and
 * must outlive *out.  TT_EIO when it cannot be read.
 */
tt_code tt_alarm_def_load(const char *path, const char *pick, tt_loc pick_loc,
                          tt_diag_list *notes, tt_alarm_def *out, tt_diag *d);

/*
 * The first half of tt_alarm_def_load: the file's document, for a caller
 * that changes it before tt_alarm_def_read reads it (`--set` into an
 * alarm file).  A Terraform file is refused (TT_EINVAL at 1:1); TT_EIO
 * when it cannot be read.  `path` names the document and its locations,
 * and must outlive it and what is read from it.  On success *out is the
 * caller's (tt_doc_release).
 */
tt_code tt_alarm_def_load_doc(const char *path, tt_doc *out, tt_diag *d);

/*
 * Call fn(alarm, arg) on every metric alarm map a document holds, where
 * tt_alarm_def_read finds them: the root of a PutMetricAlarm request or
 * of one describe-alarms entry alone, and each map of `MetricAlarms`
 * (the whole describe-alarms output, or its list alone).  Composite
 * alarms are passed over, as the reader passes them.  Nothing is
 * checked: what is not an alarm map is skipped, for the reader to refuse
 * with its message.  Stops at fn's first error and returns it.  *count
 * (may be NULL) is how many maps fn was given.  For `--set` into an
 * alarm file (overrides.c), which changes the tree before the reader
 * reads it; an override names the alarm by its policy entry, and the one
 * the entry picks is among these.
 */
typedef tt_code (*tt_alarm_def_fn)(tt_node *alarm, void *arg);
tt_code tt_alarm_def_each(tt_node *root, tt_alarm_def_fn fn, void *arg,
                          size_t *count);

/*
 * The metric an alarm watches, as a target-tracking policy's
 * CustomizedMetricSpecification would give it (Namespace, MetricName,
 * Dimensions, Statistic), so the metric checks and sources of policies
 * serve alarms unchanged.  Its location is the alarm's MetricName, where
 * an error about the metric points.  A dimension written as a
 * CloudFormation expression keeps the expression's text as its value.
 * On success *out is the caller's (tt_metric_spec_release).
 */
tt_code tt_alarm_def_metric(const tt_alarm_def *a, tt_metric_spec *out,
                            tt_diag *d);

/*
 * The scaling policy an AlarmActions entry names by its text: the NAME of
 * an Application Auto Scaling policy ARN
 * (arn:aws:autoscaling:REGION:ACCOUNT:scalingPolicy:ID:resource/...:
 * policyName/NAME), or NULL for anything else (an SNS topic, an EC2
 * Auto Scaling policy, an expression).  Points into act->text.
 */
const char *tt_alarm_action_policy_name(const tt_alarm_action *act);

/* Release what an alarm owns.  Accepts NULL and a zeroed alarm. */
void tt_alarm_def_release(tt_alarm_def *a);

#endif
