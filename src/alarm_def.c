/*
 * alarm_def.c - CloudWatch metric alarms read from the shapes users keep
 * them in, and checked as PutMetricAlarm checks them.
 *
 * One reader serves three maps with AWS's keys (a PutMetricAlarm request
 * or an inline alarm, a describe-alarms entry, an AWS::CloudWatch::Alarm's
 * Properties); they differ only in the keys they may hold and in whether
 * AlarmName is required.  Above it, tt_alarm_def_read tells a document's
 * shape by its keys and picks one alarm by AlarmName.
 *
 * What ttsim cannot evaluate is refused with its place rather than
 * approximated: percentile statistics, metric math, anomaly detection.
 * Keys that change nothing in a simulation (a description, tags, a unit)
 * are accepted as they are; actions ttsim never takes (OKActions,
 * InsufficientDataActions) are noted.
 */
#include "alarm_def.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "step.h"

/* [doc] PutMetricAlarm: AlarmActions holds at most 5 ARNs. */
#define ACTIONS_MAX 5
/* [doc] AlarmName is 1 to 255 characters. */
#define NAME_MAX_LEN 255
/* [doc] Period x EvaluationPeriods of a sub-hour alarm: one day. */
#define EVALUATION_MAX_S 86400

static const char *const op_names[] = {
        [TT_ALARM_OP_GE] = "GreaterThanOrEqualToThreshold",
        [TT_ALARM_OP_GT] = "GreaterThanThreshold",
        [TT_ALARM_OP_LT] = "LessThanThreshold",
        [TT_ALARM_OP_LE] = "LessThanOrEqualToThreshold",
        NULL,
};

/* The anomaly-detection operators: valid for AWS, not simulated. */
static const char *const band_ops[] = {
        "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
        "GreaterThanUpperThreshold", NULL};

static const char *const missing_names[] = {
        [TT_MISSING_MISSING] = "missing",
        [TT_MISSING_NOT_BREACHING] = "notBreaching",
        [TT_MISSING_BREACHING] = "breaching",
        [TT_MISSING_IGNORE] = "ignore",
        NULL,
};

/* Statistic, in AWS's order for messages. */
static const char *const statistic_names[] = {
        "Average", "Minimum", "Maximum", "SampleCount", "Sum", NULL};
static const tt_statistic statistic_values[] = {
        TT_STAT_AVERAGE, TT_STAT_MINIMUM, TT_STAT_MAXIMUM, TT_STAT_SAMPLE_COUNT,
        TT_STAT_SUM};

/* The keys of PutMetricAlarm, which an AWS::CloudWatch::Alarm's
 * Properties share. */
#define REQUEST_KEYS                                                           \
	"AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions",        \
	        "AlarmActions", "InsufficientDataActions", "MetricName",       \
	        "Namespace", "Statistic", "ExtendedStatistic", "Dimensions",   \
	        "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm",    \
	        "Threshold", "ComparisonOperator", "TreatMissingData",         \
	        "EvaluateLowSampleCountPercentile", "Metrics",                 \
	        "ThresholdMetricId"

static const char *const request_keys[] = {REQUEST_KEYS, "Tags", NULL};

/* A describe-alarms entry: no Tags, but the state AWS keeps. */
static const char *const describe_keys[] = {
        REQUEST_KEYS,
        "AlarmArn",
        "AlarmConfigurationUpdatedTimestamp",
        "StateValue",
        "StateReason",
        "StateReasonData",
        "StateUpdatedTimestamp",
        "StateTransitionedTimestamp",
        "EvaluationState",
        NULL};

const char *tt_alarm_op_name(tt_alarm_op op)
{
	return (unsigned)op <= TT_ALARM_OP_LE ? op_names[op] : NULL;
}

bool tt_alarm_op_above(tt_alarm_op op)
{
	return op == TT_ALARM_OP_GE || op == TT_ALARM_OP_GT;
}

const char *tt_missing_data_name(tt_missing_data m)
{
	return (unsigned)m <= TT_MISSING_IGNORE ? missing_names[m] : NULL;
}

void tt_alarm_def_release(tt_alarm_def *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->namespace_);
	free(a->metric_name);
	for (size_t i = 0; i < a->n_dimensions; i++) {
		free(a->dimensions[i].name);
		free(a->dimensions[i].value);
	}
	free(a->dimensions);
	for (size_t i = 0; i < a->n_actions; i++) {
		free(a->actions[i].text);
		free(a->actions[i].ref);
	}
	free(a->actions);
	memset(a, 0, sizeof *a);
}

/* ---- small readers ---- */

static tt_code dup_at(const char *s, tt_loc loc, char **out, tt_diag *d)
{
	size_t len = strlen(s);
	if (!(*out = malloc(len + 1)))
		return tt_diag_nomem(d, loc);
	memcpy(*out, s, len + 1);
	return TT_OK;
}

static tt_code read_string(const tt_node *map, const char *what,
                           const char *key, char **out, tt_loc *loc, tt_diag *d)
{
	const tt_node *n;
	const char *s;
	tt_code rc;

	if ((rc = tt_node_require(map, what, key, &n, d)) ||
	    (rc = tt_node_string(n, key, &s, d)))
		return rc;
	if (loc)
		*loc = n->loc;
	return dup_at(s, n->loc, out, d);
}

/*
 * `!Ref X` or {"Ref": "X"}: X, else NULL.  cfn.c has the same reading
 * (static there); this is the minimal local one.
 */
static const char *ref_target(const tt_node *n)
{
	if (!n->tag)
		return NULL;
	if (!strcmp(n->tag, "!Ref") && n->kind == TT_NODE_SCALAR)
		return n->u.scalar.text;
	if (!strcmp(n->tag, "Ref") && n->kind == TT_NODE_MAP &&
	    n->u.map.count == 1) {
		const tt_node *v = n->u.map.entries[0].value;
		if (v->kind == TT_NODE_SCALAR && !v->tag)
			return v->u.scalar.text;
	}
	return NULL;
}

/* A string, or a CloudFormation expression kept as its text. */
static tt_code string_or_expression(const tt_node *n, const char *what,
                                    char **out, bool *expression, tt_diag *d)
{
	const char *s;
	char text[256];
	tt_code rc;

	*expression = tt_node_is_expression(n);
	if (*expression)
		s = tt_node_expression_text(n, text, sizeof text);
	else if ((rc = tt_node_string(n, what, &s, d)))
		return rc;
	return dup_at(s, n->loc, out, d);
}

static tt_code read_dimensions(const tt_node *list, tt_alarm_def *a, tt_diag *d)
{
	static const char *const keys[] = {"Name", "Value", NULL};
	tt_code rc;

	if ((rc = tt_node_expect_seq(list, "Dimensions", d)))
		return rc;
	if (list->u.seq.count == 0)
		return TT_OK;
	a->dimensions = calloc(list->u.seq.count, sizeof *a->dimensions);
	if (!a->dimensions)
		return tt_diag_nomem(d, list->loc);
	for (size_t i = 0; i < list->u.seq.count; i++) {
		const tt_node *item = list->u.seq.items[i], *v;
		tt_alarm_dimension *dim = &a->dimensions[i];
		char what[40];

		a->n_dimensions = i + 1; /* counted first: release frees it */
		dim->loc = item->loc;
		snprintf(what, sizeof what, "Dimensions[%zu]", i);
		if ((rc = tt_node_expect_map(item, what, d)) ||
		    (rc = tt_node_check_keys_hint(item, what, keys, d)) ||
		    (rc = read_string(item, what, "Name", &dim->name, NULL,
		                      d)) ||
		    (rc = tt_node_require(item, what, "Value", &v, d)) ||
		    (rc = string_or_expression(v, "Value", &dim->value,
		                               &dim->value_expression, d)))
			return rc;
	}
	return TT_OK;
}

static tt_code read_actions(const tt_node *list, tt_alarm_def *a, tt_diag *d)
{
	tt_code rc;

	if ((rc = tt_node_expect_seq(list, "AlarmActions", d)))
		return rc;
	if (list->u.seq.count > ACTIONS_MAX)
		return tt_diag_set(d, TT_EINVAL,
		                   list->u.seq.items[ACTIONS_MAX]->loc,
		                   "'AlarmActions' holds at most %d actions, "
		                   "got %zu",
		                   ACTIONS_MAX, list->u.seq.count);
	if (list->u.seq.count == 0)
		return TT_OK;
	a->actions = calloc(list->u.seq.count, sizeof *a->actions);
	if (!a->actions)
		return tt_diag_nomem(d, list->loc);
	for (size_t i = 0; i < list->u.seq.count; i++) {
		const tt_node *item = list->u.seq.items[i];
		tt_alarm_action *act = &a->actions[i];
		const char *ref;

		a->n_actions = i + 1;
		act->loc = item->loc;
		if ((rc = string_or_expression(item, "AlarmActions", &act->text,
		                               &act->expression, d)))
			return rc;
		if ((ref = ref_target(item)) &&
		    (rc = dup_at(ref, item->loc, &act->ref, d)))
			return rc;
	}
	return TT_OK;
}

/* OKActions, InsufficientDataActions: lists, noted when not empty. */
static tt_code note_other_actions(const tt_node *map, const char *key,
                                  tt_diag_list *notes, tt_diag *d)
{
	const tt_node_entry *e = tt_node_map_find(map, key);
	tt_code rc;

	if (!e)
		return TT_OK;
	if ((rc = tt_node_expect_seq(e->value, key, d)))
		return rc;
	if (e->value->u.seq.count == 0)
		return TT_OK;
	return tt_diag_list_add(notes, TT_SEV_NOTE, e->key_loc,
	                        "'%s' are not simulated: ttsim invokes an "
	                        "alarm's AlarmActions only",
	                        key);
}

/* Refuse what ttsim cannot evaluate, at its key. */
static tt_code refuse_unsupported(const tt_node *map, tt_diag *d)
{
	const tt_node_entry *e;
	if ((e = tt_node_map_find(map, "ExtendedStatistic")))
		return tt_diag_set(d, TT_EUNSUPPORTED, e->key_loc,
		                   "'ExtendedStatistic' (percentiles) is not "
		                   "supported: give 'Statistic' Average, "
		                   "Minimum, Maximum, SampleCount or Sum");
	if ((e = tt_node_map_find(map, "Metrics")))
		return tt_diag_set(d, TT_EUNSUPPORTED, e->key_loc,
		                   "metric-math alarms ('Metrics') are not "
		                   "supported: give 'MetricName', "
		                   "'Namespace', 'Statistic' and 'Period'");
	if ((e = tt_node_map_find(map, "ThresholdMetricId")))
		return tt_diag_set(d, TT_EUNSUPPORTED, e->key_loc,
		                   "anomaly-detection alarms "
		                   "('ThresholdMetricId') are not supported");
	return TT_OK;
}

static tt_code read_name(const tt_node *map, tt_alarm_form form,
                         const char *what, const char *fallback,
                         tt_alarm_def *a, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, "AlarmName");
	const char *s;
	tt_code rc;

	/* CloudFormation generates a name when none is given (or builds one
	 * with an expression); the logical ID stands for it */
	if (form == TT_ALARM_FORM_CLOUDFORMATION && fallback &&
	    (!n || tt_node_is_expression(n))) {
		a->name_loc = n ? n->loc : map->loc;
		return dup_at(fallback, map->loc, &a->name, d);
	}
	if (!n && (rc = tt_node_require(map, what, "AlarmName", &n, d)))
		return rc;
	if ((rc = tt_node_string(n, "AlarmName", &s, d)))
		return rc;
	size_t len = strlen(s);
	if (len == 0 || len > NAME_MAX_LEN)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'AlarmName' must be 1 to %d characters, "
		                   "got %zu",
		                   NAME_MAX_LEN, len);
	a->name_loc = n->loc;
	return dup_at(s, n->loc, &a->name, d);
}

static tt_code read_operator(const tt_node *map, const char *what,
                             tt_alarm_def *a, tt_diag *d)
{
	const tt_node *n;
	const char *s;
	int v;
	tt_code rc;

	if ((rc = tt_node_require(map, what, "ComparisonOperator", &n, d)) ||
	    (rc = tt_node_string(n, "ComparisonOperator", &s, d)))
		return rc;
	for (size_t i = 0; band_ops[i]; i++)
		if (!strcmp(s, band_ops[i]))
			return tt_diag_set(d, TT_EUNSUPPORTED, n->loc,
			                   "ComparisonOperator '%s' is for "
			                   "anomaly detection, which is not "
			                   "supported",
			                   s);
	if ((rc = tt_node_enum_hint(n, "ComparisonOperator", op_names, &v, d)))
		return rc;
	a->op = (tt_alarm_op)v;
	a->op_loc = n->loc;
	return TT_OK;
}

/* Period, EvaluationPeriods, DatapointsToAlarm and their limits. */
static tt_code read_periods(const tt_node *map, const char *what,
                            tt_alarm_def *a, tt_diag *d)
{
	const tt_node *n;
	int64_t period, evals, points;
	tt_code rc;

	if ((rc = tt_node_require(map, what, "Period", &n, d)) ||
	    (rc = tt_node_int(n, "Period", 1, INT32_MAX, &period, d)))
		return rc;
	a->period_loc = n->loc;
	/* [doc] 10, 20 and 30 s are high resolution; else whole minutes */
	if (period != 10 && period != 20 && period != 30 && period % 60 != 0)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'Period' must be 10, 20, 30 or a multiple "
		                   "of 60 seconds, got %lld",
		                   (long long)period);
	a->period_us = (tt_time_us)period * TT_US_PER_S;

	if ((rc = tt_node_require(map, what, "EvaluationPeriods", &n, d)) ||
	    (rc = tt_node_int(n, "EvaluationPeriods", 1, INT32_MAX, &evals, d)))
		return rc;
	a->evaluation_loc = n->loc;
	if (period * evals > EVALUATION_MAX_S)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'Period' x 'EvaluationPeriods' must be at "
		                   "most %d seconds (one day), got %lld x %lld "
		                   "= %lld",
		                   EVALUATION_MAX_S, (long long)period,
		                   (long long)evals,
		                   (long long)(period * evals));
	a->evaluation_periods = (int)evals;

	points = evals;
	if ((n = tt_node_map_get(map, "DatapointsToAlarm"))) {
		if ((rc = tt_node_int(n, "DatapointsToAlarm", 1, INT32_MAX,
		                      &points, d)))
			return rc;
		if (points > evals)
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "'DatapointsToAlarm' must be at most "
			        "'EvaluationPeriods' (%lld), got %lld",
			        (long long)evals, (long long)points);
	}
	a->datapoints_to_alarm = (int)points;
	return TT_OK;
}

tt_code tt_alarm_def_from_node(const tt_node *map, tt_alarm_form form,
                               const char *what, const char *fallback_name,
                               tt_diag_list *notes, tt_alarm_def *out,
                               tt_diag *d)
{
	const char *const *keys =
	        form == TT_ALARM_FORM_DESCRIBE ? describe_keys : request_keys;
	const tt_node *n;
	int v;
	tt_code rc;

	memset(out, 0, sizeof *out);
	out->actions_enabled = true;
	if ((rc = tt_node_expect_map(map, what, d)))
		goto fail;
	out->loc = map->loc;
	if ((rc = tt_node_check_keys_hint(map, what, keys, d)) ||
	    (rc = refuse_unsupported(map, d)) ||
	    (rc = read_name(map, form, what, fallback_name, out, d)) ||
	    (rc = read_string(map, what, "Namespace", &out->namespace_, NULL,
	                      d)) ||
	    (rc = read_string(map, what, "MetricName", &out->metric_name,
	                      &out->metric_loc, d)))
		goto fail;
	if ((n = tt_node_map_get(map, "Dimensions")) &&
	    (rc = read_dimensions(n, out, d)))
		goto fail;
	if ((rc = tt_node_require(map, what, "Statistic", &n, d)) ||
	    (rc = tt_node_enum_hint(n, "Statistic", statistic_names, &v, d)))
		goto fail;
	out->statistic = statistic_values[v];
	out->statistic_loc = n->loc;
	if ((rc = read_periods(map, what, out, d)) ||
	    (rc = tt_node_require(map, what, "Threshold", &n, d)) ||
	    (rc = tt_node_number(n, "Threshold", &out->threshold, d)))
		goto fail;
	out->threshold_loc = n->loc;
	if ((rc = read_operator(map, what, out, d)))
		goto fail;
	if ((n = tt_node_map_get(map, "TreatMissingData"))) {
		if ((rc = tt_node_enum_hint(n, "TreatMissingData",
		                            missing_names, &v, d)))
			goto fail;
		out->missing = (tt_missing_data)v;
	}
	if ((n = tt_node_map_get(map, "ActionsEnabled")) &&
	    (rc = tt_node_bool(n, "ActionsEnabled", &out->actions_enabled, d)))
		goto fail;
	if ((n = tt_node_map_get(map, "AlarmActions")) &&
	    (rc = read_actions(n, out, d)))
		goto fail;
	if ((rc = note_other_actions(map, "OKActions", notes, d)) ||
	    (rc = note_other_actions(map, "InsufficientDataActions", notes, d)))
		goto fail;
	return TT_OK;

fail:
	tt_alarm_def_release(out);
	return rc;
}

/* ---- documents ---- */

static bool has(const tt_node *map, const char *key)
{
	return tt_node_map_find(map, key) != NULL;
}

/* One entry of describe-alarms' MetricAlarms, alone. */
static bool describe_entry(const tt_node *n)
{
	return n->kind == TT_NODE_MAP &&
	       (has(n, "AlarmArn") || has(n, "StateValue") ||
	        has(n, "AlarmConfigurationUpdatedTimestamp"));
}

/*
 * Where a document's alarms are: *list is the MetricAlarms list (of the
 * whole output, or the root itself when it is the list), NULL for a
 * single map; *form says what its maps are.
 */
static tt_code find_alarms(const tt_node *root, const tt_node **list,
                           tt_alarm_form *form, tt_diag *d)
{
	static const char *const keys[] = {"MetricAlarms", "CompositeAlarms",
	                                   "NextToken", NULL};
	tt_code rc;

	*list = NULL;
	*form = TT_ALARM_FORM_DESCRIBE;
	if (root->kind == TT_NODE_SEQ) {
		*list = root;
		return TT_OK;
	}
	if (root->kind == TT_NODE_MAP &&
	    (has(root, "MetricAlarms") || has(root, "CompositeAlarms"))) {
		/* composite alarms cannot invoke a scaling policy; they are
		 * passed over */
		if ((rc = tt_node_check_keys_hint(root, "describe-alarms", keys,
		                                  d)) ||
		    (rc = tt_node_require(root, "describe-alarms",
		                          "MetricAlarms", list, d)))
			return rc;
		return tt_node_expect_seq(*list, "MetricAlarms", d);
	}
	if (!describe_entry(root))
		*form = TT_ALARM_FORM_REQUEST;
	return TT_OK;
}

/* The AlarmName of describe entry i, checked enough to pick by. */
static tt_code entry_name(const tt_node *list, size_t i, const char **out,
                          tt_diag *d)
{
	const tt_node *e = list->u.seq.items[i], *n;
	char what[40];
	tt_code rc;

	snprintf(what, sizeof what, "MetricAlarms[%zu]", i);
	if ((rc = tt_node_expect_map(e, what, d)) ||
	    (rc = tt_node_require(e, what, "AlarmName", &n, d)))
		return rc;
	return tt_node_string(n, "AlarmName", out, d);
}

/* "'a', 'b', 'c'": the names, cut to fit. */
static void list_names(const char *const *names, size_t n, char *buf,
                       size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
		                         i ? ", " : "", names[i]);
}

static tt_code pick_entry(const tt_node *list, const char *pick,
                          tt_loc pick_loc, size_t *index, tt_diag *d)
{
	size_t n = list->u.seq.count;
	const char **names;
	char shown[512];
	tt_code rc = TT_OK;

	if (!(names = calloc(n ? n : 1, sizeof *names)))
		return tt_diag_nomem(d, list->loc);
	for (size_t i = 0; i < n && !rc; i++)
		rc = entry_name(list, i, &names[i], d);
	if (rc)
		goto free_names;
	if (!pick) {
		if (n == 1) {
			*index = 0;
			goto free_names;
		}
		list_names(names, n, shown, sizeof shown);
		rc = n == 0 ? tt_diag_set(d, TT_EINVAL, list->loc,
		                          "no alarm in this file "
		                          "('MetricAlarms' is empty)")
		            : tt_diag_set(d, TT_EINVAL, list->loc,
		                          "this file holds %zu alarms (%s); "
		                          "name the one to use by its "
		                          "AlarmName",
		                          n, shown);
		goto free_names;
	}
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(names[i], pick)) {
			*index = i;
			goto free_names;
		}
	}
	char hint[600];
	tt_policy_did_you_mean(hint, sizeof hint, pick, names, n);
	if (!hint[0]) {
		list_names(names, n, shown, sizeof shown);
		snprintf(hint, sizeof hint, " (it holds %s)",
		         n ? shown : "none");
	}
	rc = tt_diag_set(d, TT_EINVAL, pick_loc.file ? pick_loc : list->loc,
	                 "no alarm '%s' in this file%s", pick, hint);
free_names:
	free(names);
	return rc;
}

tt_code tt_alarm_def_read(const tt_node *root, const char *pick,
                          tt_loc pick_loc, tt_diag_list *notes,
                          tt_alarm_def *out, tt_diag *d)
{
	const tt_node *list;
	tt_alarm_form form;
	size_t i;
	char what[40];
	tt_code rc;

	memset(out, 0, sizeof *out);
	if ((rc = find_alarms(root, &list, &form, d)))
		return rc;
	if (!list) {
		rc = tt_alarm_def_from_node(root, form,
		                            form == TT_ALARM_FORM_REQUEST
		                                    ? "PutMetricAlarm"
		                                    : "MetricAlarms[0]",
		                            NULL, notes, out, d);
		if (rc || !pick || !strcmp(out->name, pick))
			return rc;
		rc = tt_diag_set(d, TT_EINVAL, out->name_loc,
		                 "this file holds alarm '%s', not '%s'",
		                 out->name, pick);
		tt_alarm_def_release(out);
		return rc;
	}
	if ((rc = pick_entry(list, pick, pick_loc, &i, d)))
		return rc;
	snprintf(what, sizeof what, "MetricAlarms[%zu]", i);
	return tt_alarm_def_from_node(list->u.seq.items[i],
	                              TT_ALARM_FORM_DESCRIBE, what, NULL, notes,
	                              out, d);
}

tt_code tt_alarm_def_read_all(const tt_node *root, tt_diag_list *notes,
                              tt_alarm_def **out, size_t *n, tt_diag *d)
{
	const tt_node *list;
	tt_alarm_form form;
	size_t count;
	tt_code rc;

	*out = NULL;
	*n = 0;
	if ((rc = find_alarms(root, &list, &form, d)))
		return rc;
	count = list ? list->u.seq.count : 1;
	if (count == 0)
		return TT_OK;
	if (!(*out = calloc(count, sizeof **out)))
		return tt_diag_nomem(d, root->loc);
	for (size_t i = 0; i < count; i++) {
		char what[40];
		snprintf(what, sizeof what, "MetricAlarms[%zu]", i);
		rc = tt_alarm_def_from_node(
		        list ? list->u.seq.items[i] : root, form,
		        form == TT_ALARM_FORM_REQUEST ? "PutMetricAlarm" : what,
		        NULL, notes, &(*out)[i], d);
		if (rc)
			goto fail;
		*n = i + 1;
	}
	return TT_OK;

fail:
	for (size_t i = 0; i < *n; i++)
		tt_alarm_def_release(&(*out)[i]);
	free(*out);
	*out = NULL;
	*n = 0;
	return rc;
}

tt_code tt_alarm_def_each(tt_node *root, tt_alarm_def_fn fn, void *arg,
                          size_t *count)
{
	tt_node *list = NULL;
	size_t n = 0;
	tt_code rc = TT_OK;

	/* find_alarms' shapes, without its checks: the reader that comes
	 * next says what is wrong with a document */
	if (root && root->kind == TT_NODE_SEQ) {
		list = root;
	} else if (root && root->kind == TT_NODE_MAP &&
	           (has(root, "MetricAlarms") ||
	            has(root, "CompositeAlarms"))) {
		const tt_node_entry *e = tt_node_map_find(root, "MetricAlarms");
		if (e && e->value->kind == TT_NODE_SEQ)
			list = e->value;
	} else if (root && root->kind == TT_NODE_MAP) {
		n++;
		rc = fn(root, arg);
	}
	for (size_t i = 0; list && !rc && i < list->u.seq.count; i++) {
		if (list->u.seq.items[i]->kind != TT_NODE_MAP)
			continue;
		n++;
		rc = fn(list->u.seq.items[i], arg);
	}
	if (count)
		*count = n;
	return rc;
}

tt_code tt_alarm_def_load_doc(const char *path, tt_doc *out, tt_diag *d)
{
	tt_doc_kind kind;
	tt_code rc = tt_doc_load_any(path, path, out, &kind, d);
	if (rc || kind != TT_DOC_HCL)
		return rc;
	tt_doc_release(out);
	return tt_diag_set(d, TT_EINVAL, (tt_loc){path, 1, 1},
	                   "this file is Terraform, not a PutMetricAlarm "
	                   "request or describe-alarms output");
}

tt_code tt_alarm_def_load(const char *path, const char *pick, tt_loc pick_loc,
                          tt_diag_list *notes, tt_alarm_def *out, tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc;

	memset(out, 0, sizeof *out);
	if ((rc = tt_alarm_def_load_doc(path, &doc, d)))
		return rc;
	rc = tt_alarm_def_read(doc.root, pick, pick_loc, notes, out, d);
	tt_doc_release(&doc);
	return rc;
}

tt_code tt_alarm_def_metric(const tt_alarm_def *a, tt_metric_spec *out,
                            tt_diag *d)
{
	memset(out, 0, sizeof *out);
	out->kind = TT_METRIC_CUSTOM;
	out->loc = a->metric_loc;
	out->statistic = a->statistic;
	if (dup_at(a->metric_name, a->metric_loc, &out->metric_name, d) ||
	    dup_at(a->namespace_, a->metric_loc, &out->namespace_, d))
		goto fail;
	if (a->n_dimensions &&
	    !(out->dimensions = calloc(a->n_dimensions, sizeof *out->dimensions)))
		goto nomem;
	for (size_t i = 0; i < a->n_dimensions; i++) {
		out->n_dimensions = i + 1; /* counted first: release frees it */
		if (dup_at(a->dimensions[i].name, a->dimensions[i].loc,
		           &out->dimensions[i].name, d) ||
		    dup_at(a->dimensions[i].value, a->dimensions[i].loc,
		           &out->dimensions[i].value, d))
			goto fail;
	}
	return TT_OK;

nomem:
	tt_diag_nomem(d, a->metric_loc);
fail:
	tt_metric_spec_release(out);
	return TT_ENOMEM;
}

const char *tt_alarm_action_policy_name(const tt_alarm_action *act)
{
	/* [doc] the ARN PutScalingPolicy returns ends in policyName/NAME */
	static const char marker[] = ":policyName/";
	const char *p;
	if (act->expression || strncmp(act->text, "arn:", 4) != 0 ||
	    !strstr(act->text, ":scalingPolicy:") ||
	    !(p = strstr(act->text, marker)))
		return NULL;
	p += sizeof marker - 1;
	return *p ? p : NULL;
}
