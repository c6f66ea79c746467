/*
 * aws_forms.c - PutScalingPolicy requests, describe-scaling-policies
 * output, RegisterScalableTarget requests and describe-scalable-targets
 * output, read as a user keeps them.
 *
 * Each shape is checked as strictly as the bare configuration: unknown
 * keys, wrong types and missing required keys are errors at their place.
 * The TargetTrackingScalingPolicyConfiguration inside goes through the
 * one validator in policy.c, the floor below; this file is the one that
 * knows the shapes, so the policy file loader (tt_policy_load_file) and
 * the finder `--set` uses for a policy file's configurations
 * (tt_aws_each_config) live here too.  A file also names its scalable target
 * (ResourceId, ScalableDimension, ServiceNamespace); tt_aws_claim makes the
 * scenario agree with it, so one scenario never mixes two targets.
 *
 * Step scaling policies are read in every shape as target tracking is
 * (their configuration by step.c, the floor beside policy.c) and kept in
 * s->step_policies; the alarms that invoke them come from elsewhere (a
 * scenario's `alarm:`, a template's AWS::CloudWatch::Alarm, Terraform's
 * aws_cloudwatch_metric_alarm), and tt_aws_add_alarm is where each is
 * joined to its policies.  Predictive scaling is skipped with a warning.
 */
#include "aws_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "policy_node.h"
#include "scenario_values.h"
#include "step.h"

#define TT_CONFIG "TargetTrackingScalingPolicyConfiguration"

tt_code tt_aws_load_doc(const char *path, tt_doc *out, tt_diag *d)
{
	/* Tags kept: a template given as a policy gets a clear message. */
	tt_doc_kind kind;
	tt_code rc = tt_doc_load_any(path, path, out, &kind, d);
	if (rc || kind != TT_DOC_HCL)
		return rc;
	tt_doc_release(out);
	return tt_diag_set(d, TT_EINVAL, (tt_loc){path, 1, 1},
	                   "this file is Terraform, not an AWS CLI or "
	                   "CloudFormation document (use it in a scenario as "
	                   "'terraform: {files: [FILE]}')");
}

static bool has(const tt_node *map, const char *key)
{
	return tt_node_map_find(map, key) != NULL;
}

/* An entry of describe-scaling-policies output, alone or in a list. */
static bool policy_entry(const tt_node *n)
{
	return n && n->kind == TT_NODE_MAP && has(n, "PolicyName") &&
	       (has(n, "PolicyARN") || has(n, "CreationTime") ||
	        has(n, "Alarms"));
}

/* An entry of describe-scalable-targets output. */
static bool target_entry(const tt_node *n)
{
	return n && n->kind == TT_NODE_MAP && has(n, "ResourceId") &&
	       (has(n, "MinCapacity") || has(n, "MaxCapacity")) &&
	       (has(n, "ScalableTargetARN") || has(n, "CreationTime"));
}

const char *tt_aws_resource_type(const tt_node *res)
{
	const tt_node *t = tt_node_map_get(res, "Type");
	if (!t || t->kind != TT_NODE_SCALAR || t->tag)
		return NULL;
	return t->u.scalar.text;
}

bool tt_aws_is_cfn_fragment(const tt_node *root)
{
	if (!root || root->kind != TT_NODE_MAP || root->u.map.count == 0 ||
	    tt_node_map_get(root, "Resources"))
		return false;
	for (size_t i = 0; i < root->u.map.count; i++) {
		const char *t =
		        tt_aws_resource_type(root->u.map.entries[i].value);
		if (!t || strncmp(t, "AWS::", 5) != 0)
			return false;
	}
	return true;
}

tt_aws_form tt_aws_detect(const tt_node *root)
{
	/* `--query 'ScalingPolicies[?...]'` prints the entries as a bare
	 * list, `--query 'ScalingPolicies[0]'` one entry alone */
	if (root && root->kind == TT_NODE_SEQ && root->u.seq.count > 0) {
		if (policy_entry(root->u.seq.items[0]))
			return TT_FORM_DESCRIBE_POLICIES;
		if (target_entry(root->u.seq.items[0]))
			return TT_FORM_DESCRIBE_TARGETS;
		if (root->u.seq.items[0]->kind == TT_NODE_MAP &&
		    has(root->u.seq.items[0], "AlarmName"))
			return TT_FORM_ALARM;
	}
	if (policy_entry(root))
		return TT_FORM_DESCRIBE_POLICIES;
	if (target_entry(root))
		return TT_FORM_DESCRIBE_TARGETS;
	if (!root || root->kind != TT_NODE_MAP || has(root, "TargetValue"))
		return TT_FORM_CONFIG;
	if (has(root, "ScalingPolicies"))
		return TT_FORM_DESCRIBE_POLICIES;
	if (has(root, "ScalableTargets"))
		return TT_FORM_DESCRIBE_TARGETS;
	if (has(root, "Resources") || has(root, "AWSTemplateFormatVersion") ||
	    tt_aws_is_cfn_fragment(root))
		return TT_FORM_CLOUDFORMATION;
	if (has(root, "MetricAlarms") || has(root, "CompositeAlarms") ||
	    (has(root, "AlarmName") &&
	     (has(root, "MetricName") || has(root, "ComparisonOperator") ||
	      has(root, "Metrics"))))
		return TT_FORM_ALARM;
	if (has(root, "PolicyName") || has(root, "PolicyType") ||
	    has(root, TT_CONFIG) || has(root, "StepScalingPolicyConfiguration"))
		return TT_FORM_PUT_POLICY;
	if (has(root, "MinCapacity") || has(root, "MaxCapacity") ||
	    has(root, "SuspendedState") || has(root, "RoleARN"))
		return TT_FORM_REGISTER_TARGET;
	if (has(root, "ResourceId") || has(root, "ScalableDimension") ||
	    has(root, "ServiceNamespace"))
		return TT_FORM_PUT_POLICY;
	return TT_FORM_CONFIG;
}

/* ---- the scalable target ---- */

/* Read the three names of a target from `map` (all required). */
static tt_code read_ids(const tt_node *map, const char *what, tt_aws_ids *ids,
                        tt_diag *d)
{
	static const char *const keys[] = {"ServiceNamespace", "ResourceId",
	                                   "ScalableDimension"};
	const char **vals[] = {&ids->service_namespace, &ids->resource_id,
	                       &ids->dimension};
	tt_loc *locs[] = {&ids->namespace_loc, &ids->resource_loc,
	                  &ids->dimension_loc};
	memset(ids, 0, sizeof *ids);
	for (size_t i = 0; i < 3; i++) {
		const tt_node *n;
		tt_code rc = tt_node_require(map, what, keys[i], &n, d);
		if (!rc)
			rc = tt_node_string(n, keys[i], vals[i], d);
		if (rc)
			return rc;
		*locs[i] = n->loc;
	}
	return TT_OK;
}

tt_code tt_aws_claim(tt_scenario *s, const tt_aws_ids *ids, tt_diag *d)
{
	tt_code rc = tt_resource_check(ids->resource_id, ids->resource_loc,
	                               ids->dimension, ids->dimension_loc,
	                               ids->service_namespace,
	                               ids->namespace_loc, NULL, d);
	if (rc)
		return rc;
	if (ids->resource_id) {
		if (!s->resource) {
			if (!(s->resource = tt_sv_strdup(ids->resource_id)))
				return tt_diag_nomem(d, ids->resource_loc);
			s->locs.resource = ids->resource_loc;
		} else if (strcmp(s->resource, ids->resource_id) != 0) {
			return tt_diag_set(d, TT_EINVAL, ids->resource_loc,
			                   "ResourceId '%s' does not match the "
			                   "scenario's resource '%s'",
			                   ids->resource_id, s->resource);
		}
	}
	if (ids->dimension) {
		if (!s->scalable_dimension) {
			if (!(s->scalable_dimension =
			              tt_sv_strdup(ids->dimension)))
				return tt_diag_nomem(d, ids->dimension_loc);
			s->locs.scalable_dimension = ids->dimension_loc;
		} else if (strcmp(s->scalable_dimension, ids->dimension) != 0) {
			return tt_diag_set(d, TT_EINVAL, ids->dimension_loc,
			                   "ScalableDimension '%s' does not "
			                   "match the scenario's '%s'",
			                   ids->dimension,
			                   s->scalable_dimension);
		}
	}
	/* The dimension and the scenario's resource must fit together. */
	return tt_resource_check(s->resource, ids->resource_loc,
	                         s->scalable_dimension, ids->dimension_loc,
	                         NULL, ids->namespace_loc, NULL, d);
}

/* Is `ids` the scenario's target (so far as the scenario knows it)? */
static bool is_target(const tt_scenario *s, const tt_aws_ids *ids)
{
	if (s->resource && strcmp(s->resource, ids->resource_id) != 0)
		return false;
	return !s->scalable_dimension ||
	       strcmp(s->scalable_dimension, ids->dimension) == 0;
}

tt_code tt_aws_add_policy(tt_scenario *s, tt_policy *p, tt_loc at, tt_diag *d)
{
	tt_policy *grown =
	        realloc(s->policies, (s->n_policies + 1) * sizeof *grown);
	if (!grown) {
		tt_policy_release(p);
		return tt_diag_nomem(d, at);
	}
	s->policies = grown;
	s->policies[s->n_policies++] = *p;
	memset(p, 0, sizeof *p);
	return TT_OK;
}

tt_code tt_aws_add_step_policy(tt_scenario *s, tt_step_policy *p, tt_loc at,
                               tt_diag *d)
{
	tt_step_policy *grown = realloc(
	        s->step_policies, (s->n_step_policies + 1) * sizeof *grown);
	if (!grown) {
		tt_step_policy_release(p);
		return tt_diag_nomem(d, at);
	}
	s->step_policies = grown;
	s->step_policies[s->n_step_policies++] = *p;
	memset(p, 0, sizeof *p);
	return TT_OK;
}

bool tt_aws_step_index(const tt_scenario *s, const char *name, size_t *index)
{
	for (size_t i = 0; i < s->n_step_policies; i++) {
		if (strcmp(s->step_policies[i].name, name) == 0) {
			*index = i;
			return true;
		}
	}
	return false;
}

tt_code tt_aws_alarm_invokes(tt_scenario *s, size_t alarm, size_t policy,
                             tt_diag *d)
{
	tt_user_alarm *a = &s->alarms[alarm];
	for (size_t i = 0; i < a->n_policies; i++)
		if (a->policies[i] == policy)
			return TT_OK; /* named twice: invoked once */
	size_t *grown =
	        realloc(a->policies, (a->n_policies + 1) * sizeof *grown);
	if (!grown)
		return tt_diag_nomem(d, a->def->loc);
	a->policies = grown;
	a->policies[a->n_policies++] = policy;
	return TT_OK;
}

/* The same place: two readings of one definition (one file, twice). */
static bool same_loc(tt_loc a, tt_loc b)
{
	return a.line == b.line && a.col == b.col && a.file && b.file &&
	       strcmp(a.file, b.file) == 0;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/*
 * Where two readings of one alarm map differ, or false when they agree in
 * everything a run uses.  *at_a and *at_b are the places of the value
 * that differs (the alarm's map for a value read without one).  Two
 * readings of one file differ when `--set` changed it for one policy
 * entry that names the file and not for another.
 */
static bool alarm_differs(const tt_alarm_def *a, const tt_alarm_def *b,
                          tt_loc *at_a, tt_loc *at_b)
{
	*at_a = a->loc;
	*at_b = b->loc;
#define DIFFERS(cond, field)                                                   \
	do {                                                                   \
		if (cond) {                                                    \
			*at_a = a->field;                                      \
			*at_b = b->field;                                      \
			return true;                                           \
		}                                                              \
	} while (0)
	DIFFERS(a->threshold != b->threshold, threshold_loc);
	DIFFERS(a->op != b->op, op_loc);
	DIFFERS(a->period_us != b->period_us, period_loc);
	DIFFERS(a->evaluation_periods != b->evaluation_periods ||
	                a->datapoints_to_alarm != b->datapoints_to_alarm,
	        evaluation_loc);
	DIFFERS(a->statistic != b->statistic, statistic_loc);
	DIFFERS(!same_text(a->metric_name, b->metric_name) ||
	                !same_text(a->namespace_, b->namespace_),
	        metric_loc);
#undef DIFFERS
	if (a->missing != b->missing ||
	    a->actions_enabled != b->actions_enabled ||
	    a->n_dimensions != b->n_dimensions || a->n_actions != b->n_actions)
		return true;
	for (size_t i = 0; i < a->n_dimensions; i++)
		if (!same_text(a->dimensions[i].name, b->dimensions[i].name) ||
		    !same_text(a->dimensions[i].value, b->dimensions[i].value))
			return true;
	for (size_t i = 0; i < a->n_actions; i++)
		if (!same_text(a->actions[i].text, b->actions[i].text))
			return true;
	return false;
}

tt_code tt_aws_add_alarm(tt_scenario *s, tt_alarm_def *def, size_t *index,
                         tt_diag *d)
{
	tt_code rc;
	/* [doc] an AlarmName is unique in an account and Region: one name
	 * is one alarm, however many policies it invokes */
	for (size_t i = 0; i < s->n_alarms; i++) {
		const tt_alarm_def *had = s->alarms[i].def;
		if (strcmp(had->name, def->name) != 0)
			continue;
		if (!same_loc(had->loc, def->loc)) {
			char first[TT_DIAG_FILE_MAX + 32];
			snprintf(first, sizeof first, "%s:%d:%d",
			         had->loc.file ? had->loc.file : "?",
			         had->loc.line, had->loc.col);
			rc = tt_diag_set(d, TT_EINVAL, def->name_loc,
			                 "alarm '%s' is defined twice (first "
			                 "at %s); an AlarmName names one alarm",
			                 def->name, first);
			tt_alarm_def_release(def);
			return rc;
		}
		tt_loc at_had, at_def;
		if (alarm_differs(had, def, &at_had, &at_def)) {
			/* the place that is not the file's is the --set
			 * that made the difference */
			tt_loc at = same_text(at_def.file, def->loc.file)
			                    ? at_had
			                    : at_def;
			rc = tt_diag_set(
			        d, TT_EINVAL, at,
			        "alarm '%s' of '%s' is given to two "
			        "policies with different values (--set "
			        "changed it for one); an AlarmName names "
			        "one alarm: change it for every entry "
			        "that names the file",
			        def->name, def->loc.file ? def->loc.file : "?");
			tt_alarm_def_release(def);
			return rc;
		}
		tt_alarm_def_release(def);
		*index = i;
		return TT_OK;
	}
	tt_user_alarm a = {0};
	if (!(a.def = malloc(sizeof *a.def))) {
		tt_alarm_def_release(def);
		return tt_diag_nomem(d, def->loc);
	}
	*a.def = *def;
	memset(def, 0, sizeof *def);
	if ((rc = tt_alarm_def_metric(a.def, &a.metric, d)))
		goto release;
	tt_user_alarm *grown =
	        realloc(s->alarms, (s->n_alarms + 1) * sizeof *grown);
	if (!grown) {
		rc = tt_diag_nomem(d, a.def->loc);
		goto release;
	}
	s->alarms = grown;
	*index = s->n_alarms;
	s->alarms[s->n_alarms++] = a;
	return TT_OK;

release:
	tt_user_alarm_release(&a);
	return rc;
}

void tt_user_alarm_release(tt_user_alarm *a)
{
	if (!a)
		return;
	tt_alarm_def_release(a->def);
	free(a->def);
	tt_metric_spec_release(&a->metric);
	free(a->policies);
	memset(a, 0, sizeof *a);
}

tt_code tt_aws_match_actions(tt_scenario *s, size_t alarm, tt_diag *d)
{
	const tt_alarm_def *def = s->alarms[alarm].def;
	for (size_t i = 0; i < def->n_actions; i++) {
		const tt_alarm_action *act = &def->actions[i];
		const char *name = tt_alarm_action_policy_name(act);
		size_t p;
		tt_code rc;
		if (!name)
			name = act->expression ? NULL : act->text;
		if (name && tt_aws_step_index(s, name, &p) &&
		    (rc = tt_aws_alarm_invokes(s, alarm, p, d)))
			return rc;
	}
	return TT_OK;
}

/*
 * Every alarm invokes, besides the policy it was given with, each step
 * policy its AlarmActions name; a step policy that no alarm invokes never
 * acts, which is worth a warning rather than a silent no-op.
 */
tt_code tt_aws_join_alarms(tt_scenario *s, tt_diag *d)
{
	tt_code rc;
	for (size_t a = 0; a < s->n_alarms; a++)
		if ((rc = tt_aws_match_actions(s, a, d)))
			return rc;
	for (size_t p = 0; p < s->n_step_policies; p++) {
		bool invoked = false;
		for (size_t a = 0; a < s->n_alarms && !invoked; a++)
			for (size_t k = 0; k < s->alarms[a].n_policies; k++)
				invoked |= s->alarms[a].policies[k] == p;
		if (!invoked &&
		    (rc = tt_diag_list_add(
		             &s->notes, TT_SEV_WARNING,
		             s->step_policies[p].loc,
		             "step scaling policy '%s' is never invoked: no "
		             "alarm's AlarmActions name it, and no 'alarm:' "
		             "comes with it",
		             s->step_policies[p].name)))
			return rc;
	}
	return TT_OK;
}

/* ---- policies ---- */

typedef enum policy_type {
	TYPE_TARGET_TRACKING,
	TYPE_STEP,
	TYPE_PREDICTIVE
} policy_type;

/* PolicyType: absent means target tracking when `config_given`. */
static tt_code read_policy_type(const tt_node *map, bool required,
                                policy_type *out, tt_diag *d)
{
	static const char *const names[] = {"TargetTrackingScaling",
	                                    "StepScaling", "PredictiveScaling",
	                                    NULL};
	const tt_node *n = tt_node_map_get(map, "PolicyType");
	const char *v;
	tt_code rc;

	*out = TYPE_TARGET_TRACKING;
	if (!n) {
		if (required)
			return tt_node_require(map, "ScalingPolicies[]",
			                       "PolicyType", &n, d);
		return TT_OK;
	}
	if ((rc = tt_node_string(n, "PolicyType", &v, d)))
		return rc;
	for (int i = 0; names[i]; i++) {
		if (strcmp(v, names[i]) == 0) {
			*out = (policy_type)i;
			return TT_OK;
		}
	}
	return tt_diag_set(d, TT_EINVAL, n->loc,
	                   "unknown PolicyType '%s' (expected one of: "
	                   "TargetTrackingScaling, StepScaling, "
	                   "PredictiveScaling)",
	                   v);
}

/*
 * Where a policy document's policies go.  With a scenario, each for its
 * target is appended to it; without one (a policy file's loader,
 * `ttsim validate`), every one is checked, the first target-tracking one
 * is kept in *first and step-scaling ones are counted.  Either way the
 * readers' warnings and notes go to `notes`: the scenario's own list, or
 * the one the caller gave, so a file read alone says what it says in a
 * scenario.
 */
typedef struct policy_sink {
	tt_scenario *s;
	tt_policy *first;
	tt_diag_list *notes; /* may be NULL: dropped */
	size_t used, step, skipped, other;
} policy_sink;

static tt_code sink_policy(policy_sink *k, tt_policy *p, tt_loc at,
                           tt_diag *d)
{
	k->used++;
	if (k->s)
		return tt_aws_add_policy(k->s, p, at, d);
	if (k->used == 1)
		*k->first = *p;
	else
		tt_policy_release(p);
	return TT_OK;
}

/* A StepScalingPolicyConfiguration, read by step.c and kept. */
static tt_code sink_step(policy_sink *k, const tt_node *cfg, const char *name,
                         tt_loc at, tt_diag *d)
{
	tt_step_policy p;
	tt_code rc = tt_step_from_node(cfg, name, k->notes, &p, d);
	if (rc)
		return rc;
	k->step++;
	if (k->s)
		return tt_aws_add_step_policy(k->s, &p, at, d);
	tt_step_policy_release(&p);
	return TT_OK;
}

const char *tt_aws_config_key(tt_aws_config_kind kind)
{
	return kind == TT_AWS_STEP ? "StepScalingPolicyConfiguration"
	                           : TT_CONFIG;
}

/* The configuration key a policy of `type` needs. */
static const char *config_key(policy_type type)
{
	return tt_aws_config_key(type == TYPE_STEP ? TT_AWS_STEP
	                                           : TT_AWS_TARGET_TRACKING);
}

/* A bare configuration is a step one when it has StepAdjustments (the
 * file:// of --step-scaling-policy-configuration); the loader and `--set`
 * both ask here. */
static bool bare_step(const tt_node *root)
{
	return root && root->kind == TT_NODE_MAP &&
	       has(root, "StepAdjustments");
}

/* A PutScalingPolicy request: one target-tracking or step policy. */
static tt_code read_put(policy_sink *k, const tt_node *root, const char *name,
                        tt_diag *d)
{
	static const char *const keys[] = {
	        "PolicyName", "ServiceNamespace",
	        "ResourceId", "ScalableDimension",
	        "PolicyType", "StepScalingPolicyConfiguration",
	        TT_CONFIG,    "PredictiveScalingPolicyConfiguration",
	        NULL};
	const char *what = "PutScalingPolicy";
	const tt_node *n, *cfg;
	const char *policy_name;
	tt_aws_ids ids;
	policy_type type;
	tt_policy p;
	tt_code rc;

	if ((rc = tt_node_check_keys(root, what, keys, d)) ||
	    (rc = tt_node_require(root, what, "PolicyName", &n, d)) ||
	    (rc = tt_sv_name(n, "PolicyName", &policy_name, d)) ||
	    (rc = read_ids(root, what, &ids, d)) ||
	    (rc = read_policy_type(root, false, &type, d)))
		return rc;
	if (type == TYPE_PREDICTIVE) {
		n = tt_node_map_get(root, "PolicyType");
		return tt_diag_set(d, TT_EUNSUPPORTED, n->loc,
		                   "predictive scaling policies are not "
		                   "simulated; ttsim simulates target tracking "
		                   "and step scaling");
	}
	if ((rc = tt_node_require(root, what, config_key(type), &cfg, d)))
		return rc;
	if (k->s && (rc = tt_aws_claim(k->s, &ids, d)))
		return rc;
	if (type == TYPE_STEP)
		return sink_step(k, cfg, name ? name : policy_name, root->loc,
		                 d);
	if ((rc = tt_policy_from_node(cfg, name ? name : policy_name, &p, d)))
		return rc;
	return sink_policy(k, &p, root->loc, d);
}

static tt_code read_describe_entry(policy_sink *k, const tt_node *e, size_t i,
                                   const char *name, tt_diag *d)
{
	static const char *const keys[] = {
	        "PolicyARN",
	        "PolicyName",
	        "ServiceNamespace",
	        "ResourceId",
	        "ScalableDimension",
	        "PolicyType",
	        "StepScalingPolicyConfiguration",
	        TT_CONFIG,
	        "PredictiveScalingPolicyConfiguration",
	        "Alarms",
	        "CreationTime",
	        NULL};
	char what[40];
	const tt_node *n, *cfg;
	const char *policy_name;
	tt_aws_ids ids;
	policy_type type;
	tt_policy p;
	tt_code rc;

	snprintf(what, sizeof what, "ScalingPolicies[%zu]", i);
	if ((rc = tt_node_expect_map(e, what, d)) ||
	    (rc = tt_node_check_keys(e, what, keys, d)) ||
	    (rc = tt_node_require(e, what, "PolicyName", &n, d)) ||
	    (rc = tt_sv_name(n, "PolicyName", &policy_name, d)) ||
	    (rc = read_ids(e, what, &ids, d)) ||
	    (rc = read_policy_type(e, true, &type, d)))
		return rc;
	if (k->s && !is_target(k->s, &ids)) {
		k->other++;
		return TT_OK;
	}
	if (type == TYPE_PREDICTIVE) {
		k->skipped++;
		return tt_diag_list_add(k->notes, TT_SEV_WARNING, e->loc,
		                        "skipped predictive scaling policy "
		                        "'%s' (ttsim simulates target tracking "
		                        "and step scaling)",
		                        policy_name);
	}
	if ((rc = tt_node_require(e, what, config_key(type), &cfg, d)))
		return rc;
	if (k->s && (rc = tt_aws_claim(k->s, &ids, d)))
		return rc;
	if (type == TYPE_STEP)
		return sink_step(k, cfg, name ? name : policy_name, e->loc, d);
	if ((rc = tt_policy_from_node(cfg, name ? name : policy_name, &p, d)))
		return rc;
	return sink_policy(k, &p, e->loc, d);
}

/*
 * describe-scaling-policies output comes whole ({"ScalingPolicies":
 * [...]}), as its list alone (`--query 'ScalingPolicies[?...]'`) or as one
 * entry alone (`--query 'ScalingPolicies[0]'`).  These two are the one
 * place that knows it: how many entries `root` holds, and the i-th.  A
 * `ScalingPolicies` that is not a list holds none (read_describe refuses
 * it before it asks).
 */
static size_t describe_entries(const tt_node *root)
{
	const tt_node *seq = root;
	if (root->kind == TT_NODE_MAP &&
	    !(seq = tt_node_map_get(root, "ScalingPolicies")))
		return 1;
	return seq->kind == TT_NODE_SEQ ? seq->u.seq.count : 0;
}

static const tt_node *describe_entry(const tt_node *root, size_t i)
{
	const tt_node *seq = root;
	if (root->kind == TT_NODE_MAP &&
	    !(seq = tt_node_map_get(root, "ScalingPolicies")))
		return root;
	return seq->u.seq.items[i];
}

/* How many entries of each type describe output holds, before reading. */
static void count_types(const tt_node *root, size_t *tt, size_t *step)
{
	*tt = *step = 0;
	for (size_t i = 0; i < describe_entries(root); i++) {
		const tt_node *e = describe_entry(root, i);
		const tt_node *t = tt_node_map_get(e, "PolicyType");
		if (!t || t->kind != TT_NODE_SCALAR)
			continue;
		if (!strcmp(t->u.scalar.text, "StepScaling"))
			(*step)++;
		else if (!strcmp(t->u.scalar.text, "TargetTrackingScaling"))
			(*tt)++;
	}
}

static tt_code read_describe(policy_sink *k, const tt_node *root,
                             const char *name, tt_loc name_loc, tt_diag *d)
{
	static const char *const keys[] = {"ScalingPolicies", "NextToken",
	                                   NULL};
	const tt_node *seq;
	size_t n_tt, n_step;
	tt_code rc;

	if (root->kind == TT_NODE_MAP && has(root, "ScalingPolicies") &&
	    ((rc = tt_node_check_keys(root, "describe-scaling-policies", keys,
	                              d)) ||
	     (rc = tt_node_require(root, "describe-scaling-policies",
	                           "ScalingPolicies", &seq, d)) ||
	     (rc = tt_node_expect_seq(seq, "ScalingPolicies", d))))
		return rc;
	/* `name` renames the file's one target-tracking policy (as it
	 * always has), or its one step policy when it holds no other */
	count_types(root, &n_tt, &n_step);
	const char *tt_name = n_tt ? name : NULL;
	const char *step_name = n_tt ? NULL : name;
	size_t n = describe_entries(root);
	for (size_t i = 0; i < n; i++) {
		const tt_node *e = describe_entry(root, i);
		const tt_node *t = e->kind == TT_NODE_MAP
		                           ? tt_node_map_get(e, "PolicyType")
		                           : NULL;
		bool step = t && t->kind == TT_NODE_SCALAR &&
		            !strcmp(t->u.scalar.text, "StepScaling");
		if ((rc = read_describe_entry(k, e, i, step ? step_name : tt_name,
		                              d)))
			goto fail;
	}
	if (k->used + k->step == 0) {
		char target[300];
		if (k->s && k->s->resource)
			snprintf(target, sizeof target, " for '%s'",
			         k->s->resource);
		else
			target[0] = '\0';
		rc = tt_diag_set(d, TT_EINVAL, root->loc,
		                 "no target-tracking or step scaling policy%s "
		                 "in this file (%zu for other scalable targets, "
		                 "%zu predictive scaling)",
		                 target, k->other, k->skipped);
		goto fail;
	}
	if (name && (k->used > 1 || (!k->used && k->step > 1))) {
		rc = tt_diag_set(d, TT_EINVAL, name_loc,
		                 "'name' names one policy, but the file holds "
		                 "%zu %s policies (each keeps its PolicyName)",
		                 k->used ? k->used : k->step,
		                 k->used ? "target-tracking" : "step scaling");
		goto fail;
	}
	if (k->other)
		return tt_diag_list_add(k->notes, TT_SEV_NOTE, root->loc,
		                        "ignored %zu scaling %s of other "
		                        "scalable targets",
		                        k->other,
		                        k->other == 1 ? "policy" : "policies");
	return TT_OK;

fail:
	if (!k->s && k->used)
		tt_policy_release(k->first);
	return rc;
}

/* tt_aws_read_policies and tt_aws_check_policies: one reader, the sink
 * says where what it reads goes. */
static tt_code read_policies(tt_scenario *s, const tt_node *root,
                             const char *name, tt_loc name_loc,
                             const char *fallback, tt_policy *first,
                             size_t *n_step, tt_diag_list *notes, tt_diag *d)
{
	tt_policy scratch, p;
	policy_sink k = {s, first ? first : &scratch, notes, 0, 0, 0, 0};
	tt_code rc;

	memset(k.first, 0, sizeof *k.first);
	if (n_step)
		*n_step = 0;
	switch (tt_aws_detect(root)) {
	case TT_FORM_DESCRIBE_POLICIES:
		rc = read_describe(&k, root, name, name_loc, d);
		break;
	case TT_FORM_PUT_POLICY:
		rc = read_put(&k, root, name, d);
		break;
	case TT_FORM_REGISTER_TARGET:
	case TT_FORM_DESCRIBE_TARGETS:
		return tt_diag_set(d, TT_EINVAL, root->loc,
		                   "this file holds a scalable target, not a "
		                   "scaling policy (use it in a scenario as "
		                   "'capacity: {register: FILE}')");
	case TT_FORM_CLOUDFORMATION:
		return tt_diag_set(
		        d, TT_EINVAL, root->loc,
		        "this file is a CloudFormation template, not "
		        "a scaling policy (use it in a scenario as "
		        "'cloudformation: {file: FILE}')");
	case TT_FORM_ALARM:
		return tt_diag_set(
		        d, TT_EINVAL, root->loc,
		        "this file holds a CloudWatch alarm, not a scaling "
		        "policy (give it with the step policy it invokes: "
		        "'policies: [{file: POLICY, alarm: {file: FILE}}]')");
	case TT_FORM_CONFIG:
	default:
		if (root->kind == TT_NODE_MAP && has(root, "PolicyARN") &&
		    has(root, "Alarms"))
			return tt_diag_set(
			        d, TT_EINVAL, root->loc,
			        "this file is what put-scaling-policy printed "
			        "(PolicyARN, Alarms), which holds no policy; "
			        "give the configuration it was called with, or "
			        "the output of describe-scaling-policies");
		if (bare_step(root)) {
			rc = sink_step(&k, root, name ? name : fallback,
			               root->loc, d);
			break;
		}
		if ((rc = tt_policy_from_node(root, name ? name : fallback, &p,
		                              d)))
			return rc;
		rc = sink_policy(&k, &p, root->loc, d);
		break;
	}
	if (!first && !s && k.used)
		tt_policy_release(&scratch);
	if (n_step)
		*n_step = k.step;
	return rc;
}

tt_code tt_aws_read_policies(tt_scenario *s, const tt_node *root,
                             const char *name, tt_loc name_loc,
                             const char *fallback, tt_policy *first,
                             size_t *n_step, tt_diag *d)
{
	return read_policies(s, root, name, name_loc, fallback, first, n_step,
	                     s ? &s->notes : NULL, d);
}

tt_code tt_aws_check_policies(const tt_node *root, const char *name,
                              tt_loc name_loc, const char *fallback,
                              tt_policy *first, size_t *n_step,
                              tt_diag_list *notes, tt_diag *d)
{
	return read_policies(NULL, root, name, name_loc, fallback, first,
	                     n_step, notes, d);
}

tt_code tt_aws_each_config(tt_node *root, tt_aws_config_kind kind,
                           tt_aws_config_fn fn, void *arg, size_t *count)
{
	const char *key = tt_aws_config_key(kind);
	const tt_node_entry *e;
	size_t n = 0;
	tt_code rc = TT_OK;

	switch (tt_aws_detect(root)) {
	case TT_FORM_CONFIG:
		/* a list or a scalar is no configuration to change; the
		 * loader says what it expected */
		if (root && root->kind == TT_NODE_MAP &&
		    bare_step(root) == (kind == TT_AWS_STEP)) {
			n++;
			rc = fn(root, arg);
		}
		break;
	case TT_FORM_PUT_POLICY:
		if ((e = tt_node_map_find(root, key))) {
			n++;
			rc = fn(e->value, arg);
		}
		break;
	case TT_FORM_DESCRIBE_POLICIES:
		for (size_t i = 0; !rc && i < describe_entries(root); i++) {
			const tt_node *p = describe_entry(root, i);
			if (p->kind == TT_NODE_MAP &&
			    (e = tt_node_map_find(p, key))) {
				n++;
				rc = fn(e->value, arg);
			}
		}
		break;
	default:
		break;
	}
	if (count)
		*count = n;
	return rc;
}

/*
 * policy.h declares this loader with the policy it fills, and it is
 * defined here, a floor above policy.c: it needs the file forms, which
 * build on policy.c's validator, so policy.c never calls up into them.
 */
tt_code tt_policy_load_file(const char *path, const char *name,
                            const char *policy_name, tt_policy *out, tt_diag *d)
{
	tt_doc doc = {0};
	char *default_name = NULL;
	tt_code rc;

	memset(out, 0, sizeof *out);
	/* unnamed, the policy is called after the file, as in a scenario */
	if (!(default_name = tt_sv_stem_of(path)))
		return tt_diag_nomem(d, (tt_loc){name, 0, 0});
	rc = tt_doc_load_json(path, name, &doc, d);
	if (rc)
		goto free_name;
	/* policy.h's loader has no list to give its warnings to (a
	 * skipped predictive entry): they are dropped */
	rc = tt_aws_check_policies(doc.root, policy_name, doc.root->loc,
	                           default_name, out, NULL, NULL, d);
	/* a step policy alone: nothing a target-tracking caller can use */
	if (!rc && !out->name)
		rc = tt_diag_set(d, TT_EUNSUPPORTED, doc.root->loc,
		                 "this file holds a step scaling policy, not "
		                 "target tracking (run it in a scenario, with "
		                 "its alarm: 'policies: [{file: FILE, alarm: "
		                 "{file: ALARM}}]')");
	tt_doc_release(&doc);
free_name:
	free(default_name);
	return rc;
}

/* ---- scalable targets ---- */

/* A capacity limit: a whole number in [lo, hi], or an expression. */
static tt_code read_limit(const tt_node *map, const char *key, int64_t lo,
                          int64_t hi, tt_aws_int *out, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, key);
	memset(out, 0, sizeof *out);
	if (!n)
		return TT_OK;
	out->loc = n->loc;
	if (tt_node_is_expression(n)) {
		out->state = TT_AV_EXPR;
		tt_node_expression_text(n, out->expr, sizeof out->expr);
		return TT_OK;
	}
	out->state = TT_AV_SET;
	return tt_node_int(n, key, lo, hi, &out->value, d);
}

tt_code tt_aws_read_capacity(const tt_node *map, tt_aws_capacity *cap,
                             tt_diag *d)
{
	static const char *const susp_keys[] = {
	        "DynamicScalingInSuspended", "DynamicScalingOutSuspended",
	        "ScheduledScalingSuspended", NULL};
	const tt_node *susp, *n;
	tt_code rc;

	if ((rc = read_limit(map, "MinCapacity", 0, INT32_MAX, &cap->min, d)) ||
	    (rc = read_limit(map, "MaxCapacity", 0, INT32_MAX, &cap->max, d)))
		return rc;
	if (cap->min.state == TT_AV_SET && cap->max.state == TT_AV_SET &&
	    cap->min.value > cap->max.value)
		return tt_diag_set(d, TT_EINVAL, cap->min.loc,
		                   "'MinCapacity' must be <= 'MaxCapacity', "
		                   "got %lld > %lld",
		                   (long long)cap->min.value,
		                   (long long)cap->max.value);
	if (!(susp = tt_node_map_get(map, "SuspendedState")))
		return TT_OK;
	if ((rc = tt_node_expect_map(susp, "SuspendedState", d)) ||
	    (rc = tt_node_check_keys(susp, "SuspendedState", susp_keys, d)))
		return rc;
	if ((n = tt_node_map_get(susp, "DynamicScalingInSuspended"))) {
		if ((rc = tt_node_bool(n, "DynamicScalingInSuspended",
		                       &cap->in_suspended, d)))
			return rc;
		cap->has_in = true;
	}
	if ((n = tt_node_map_get(susp, "DynamicScalingOutSuspended"))) {
		if ((rc = tt_node_bool(n, "DynamicScalingOutSuspended",
		                       &cap->out_suspended, d)))
			return rc;
		cap->has_out = true;
	}
	if ((n = tt_node_map_get(susp, "ScheduledScalingSuspended"))) {
		if ((rc = tt_node_bool(n, "ScheduledScalingSuspended",
		                       &cap->scheduled_suspended, d)))
			return rc;
		cap->has_scheduled = true;
	}
	return TT_OK;
}

static tt_code read_target_map(tt_scenario *s, const tt_node *map,
                               const char *what, bool describe,
                               tt_aws_capacity *cap, tt_diag *d)
{
	static const char *const put_keys[] = {
	        "ServiceNamespace", "ResourceId",  "ScalableDimension",
	        "MinCapacity",      "MaxCapacity", "RoleARN",
	        "SuspendedState",   "Tags",        NULL};
	static const char *const desc_keys[] = {"ServiceNamespace",
	                                        "ResourceId",
	                                        "ScalableDimension",
	                                        "MinCapacity",
	                                        "MaxCapacity",
	                                        "PredictedCapacity",
	                                        "RoleARN",
	                                        "CreationTime",
	                                        "SuspendedState",
	                                        "ScalableTargetARN",
	                                        NULL};
	tt_aws_ids ids;
	tt_code rc;

	if ((rc = tt_node_expect_map(map, what, d)) ||
	    (rc = tt_node_check_keys(map, what, describe ? desc_keys : put_keys,
	                             d)) ||
	    (rc = read_ids(map, what, &ids, d)) ||
	    (rc = tt_aws_read_capacity(map, cap, d)))
		return rc;
	return tt_aws_claim(s, &ids, d);
}

/* describe-scalable-targets: the one entry for the scenario's target. */
static tt_code read_targets(tt_scenario *s, const tt_node *root,
                            tt_aws_capacity *cap, tt_diag *d)
{
	static const char *const keys[] = {"ScalableTargets", "NextToken",
	                                   NULL};
	const tt_node *seq, *pick = NULL;
	size_t matches = 0, pick_index = 0;
	char list[256] = "";
	size_t used = 0;
	tt_code rc;

	/* the whole output, its list alone, or one entry alone */
	if (root->kind == TT_NODE_SEQ)
		seq = root;
	else if (!has(root, "ScalableTargets"))
		return read_target_map(s, root, "ScalableTargets[0]", true, cap,
		                       d);
	else if ((rc = tt_node_check_keys(root, "describe-scalable-targets",
	                                  keys, d)) ||
	         (rc = tt_node_require(root, "describe-scalable-targets",
	                               "ScalableTargets", &seq, d)) ||
	         (rc = tt_node_expect_seq(seq, "ScalableTargets", d)))
		return rc;
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		const tt_node *e = seq->u.seq.items[i];
		char what[40];
		tt_aws_ids ids;
		snprintf(what, sizeof what, "ScalableTargets[%zu]", i);
		if ((rc = tt_node_expect_map(e, what, d)) ||
		    (rc = read_ids(e, what, &ids, d)))
			return rc;
		if (!is_target(s, &ids))
			continue;
		if (!matches++) {
			pick = e;
			pick_index = i;
		}
		if (used < sizeof list)
			used += (size_t)snprintf(
			        list + used, sizeof list - used, "%s%s %s",
			        used ? ", " : "", ids.resource_id,
			        ids.dimension);
	}
	if (matches == 0) {
		if (s->resource)
			return tt_diag_set(d, TT_EINVAL, root->loc,
			                   "no scalable target for '%s' in "
			                   "this file",
			                   s->resource);
		return tt_diag_set(d, TT_EINVAL, seq->loc,
		                   "'ScalableTargets' is empty");
	}
	if (matches > 1)
		return tt_diag_set(
		        d, TT_EINVAL, seq->loc,
		        "%zu scalable targets in this file (%s); say "
		        "which with 'resource' and "
		        "'scalable_dimension'",
		        matches, list);
	char what[40];
	snprintf(what, sizeof what, "ScalableTargets[%zu]", pick_index);
	return read_target_map(s, pick, what, true, cap, d);
}

tt_code tt_aws_read_register(tt_scenario *s, const tt_node *root,
                             const char *path, tt_aws_capacity *cap, tt_diag *d)
{
	memset(cap, 0, sizeof *cap);
	cap->origin = path;
	switch (tt_aws_detect(root)) {
	case TT_FORM_DESCRIBE_TARGETS:
		return read_targets(s, root, cap, d);
	case TT_FORM_REGISTER_TARGET:
		return read_target_map(s, root, "RegisterScalableTarget", false,
		                       cap, d);
	default:
		return tt_diag_set(
		        d, TT_EINVAL, root->loc,
		        "expected a RegisterScalableTarget request or "
		        "describe-scalable-targets output (with "
		        "'MinCapacity', 'MaxCapacity' or "
		        "'ScalableTargets')");
	}
}

tt_code tt_aws_load_register(tt_scenario *s, const char *path,
                             tt_aws_capacity *cap, tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc;

	if ((rc = tt_aws_load_doc(path, &doc, d)))
		return rc;
	rc = tt_aws_read_register(s, doc.root, path, cap, d);
	tt_doc_release(&doc);
	return rc;
}
