/*
 * scenario.c - read a scenario YAML file into a tt_scenario.
 *
 * The file is parsed into the private node tree (node.h), then walked once,
 * section by section, in the order a scenario is usually written: name,
 * resource, capacity, policies, instance, metrics, workload,
 * inference_component, simulation, aws, slo.  Every section refuses keys
 * it does not know, fills in its defaults and checks its values where
 * they are read, so an error points at the value that caused it.  Checks
 * that need several sections (a policy's metric needs a model or a service
 * time; the simulation period must divide every policy's and every
 * alarm's metric period; MinCapacity 0 needs the target and `aws:`) run
 * last.
 *
 * The scalable target (ResourceId, ScalableDimension) is the scenario's
 * `resource:` when given; otherwise the first file that names one (a
 * CloudFormation template, a RegisterScalableTarget file, a policy file in
 * one of AWS's request or describe shapes) sets it, and every later file
 * must agree.  Its type in the resource table chooses the default
 * cooldowns, so those are filled in once every policy is read.
 *
 * Policy files and trace files are resolved against the scenario file's
 * directory.  Every file name a location can point at is kept in s->files for
 * the life of the scenario, so a tt_loc taken from it never dangles.
 */
#include "ttsim/scenario.h"

#include "metrics.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "aws_forms.h"
#include "k8s_manifest.h"
#include "node.h"
#include "policy_node.h"
#include "scenario_hpa.h"
#include "scenario_ic.h"
#include "scenario_scheduled.h"
#include "scenario_values.h"
#include "step.h"
#include "overrides_node.h"
#include "tf.h"

#define MAX_POLICIES 50
#define MAX_CAPACITY TT_SV_CAPACITY_MAX
#define MAX_ALARM_PERIODS 1440
/*
 * Dollars per instance-hour.  The dearest instance AWS sells costs about
 * $100 an hour.  With MAX_CAPACITY instances for as long as int64
 * microseconds reach (292,000 years, longer than any trace can last) the
 * cost stays below 3e20: every cost figure is finite.
 */
#define MAX_PRICE_PER_HOUR 1e6

double tt_scale_in_threshold(double target, double low_ratio)
{
	return target * low_ratio;
}

void tt_aws_knobs_default(tt_aws_knobs *k)
{
	k->alarm_high = (tt_alarm_shape){3, 3};
	k->alarm_low = (tt_alarm_shape){15, 15};
	k->alarm_high_hr = (tt_alarm_shape){3, 3};
	k->alarm_low_hr = (tt_alarm_shape){90, 90};
	k->low_ratio = TT_LOW_RATIO_DEFAULT;
	k->metric_delay_us = 60 * TT_US_PER_S;
	k->metric_delay_hr_us = 10 * TT_US_PER_S;
	k->zero_traffic = TT_ZERO_TRAFFIC_ZERO;
	k->scale_out_cooldown = TT_OUT_COOLDOWN_RELATIVE;
	k->scale_in_during_scale_out_cooldown = true;
	k->block_while_updating = true;
	k->alarm_action_repeat_us = 60 * TT_US_PER_S;
	k->step_aggregation_window = TT_STEP_WINDOW_ALARM;
	k->step_tie_side = TT_STEP_TIE_OPERATOR;
	k->min_adjustment_on_scale_in = true;
	k->step_cooldown_scope = TT_STEP_COOLDOWN_POLICY;
	tt_sv_scheduled_knobs_default(k);
	k->variant_min_zero = TT_VARIANT_MIN_ZERO_WARN;
}

/* ---- sections ---- */

/*
 * A capacity limit: the scenario's value when it gives one (a note says
 * when it overrides a different value from a file), else the file's.  An
 * expression in the file needs the scenario's value.
 */
static tt_code capacity_limit(tt_scenario *s, const tt_node *cap,
                              const tt_aws_capacity *file, const char *key,
                              const tt_aws_int *fv, const char *file_key,
                              int64_t lo, int64_t hi, int *out, tt_loc *loc,
                              tt_diag *d)
{
	const tt_node *n = cap ? tt_node_map_get(cap, key) : NULL;
	int64_t v;
	tt_code rc;

	if (n) {
		if ((rc = tt_node_int(n, key, lo, hi, &v, d)))
			return rc;
		*out = (int)v;
		*loc = n->loc;
		if (fv->state == TT_AV_SET && fv->value != v)
			return tt_diag_list_add(
			        &s->notes, TT_SEV_NOTE, n->loc,
			        "'%s' %lld overrides %s %lld from '%s'", key,
			        (long long)v, file_key, (long long)fv->value,
			        file->origin);
		return TT_OK;
	}
	switch (fv->state) {
	case TT_AV_SET:
		if (fv->value < lo || fv->value > hi)
			return tt_diag_set(
			        d, TT_ERANGE, fv->loc,
			        "'%s' must be between %lld and %lld, "
			        "got %lld",
			        file_key, (long long)lo, (long long)hi,
			        (long long)fv->value);
		*out = (int)fv->value;
		*loc = fv->loc;
		return TT_OK;
	case TT_AV_EXPR:
		return tt_diag_set(
		        d, TT_EINVAL, fv->loc,
		        "'%s' is %s ('%s'); give the value in the scenario "
		        "('capacity.%s'%s)",
		        file_key,
		        file->section && strcmp(file->section, "terraform") == 0
		                ? "computed by Terraform"
		                : "a CloudFormation expression",
		        fv->expr, key, fv->hint);
	case TT_AV_ABSENT:
	default:
		break;
	}
	return tt_diag_set(d, TT_EINVAL, cap ? cap->loc : s->loc,
	                   "missing required key '%s' in 'capacity'", key);
}

/*
 * `cloudformation: {file, target, parameters}`: a template's target and
 * policies, its Parameters given values by the scenario.
 */
static tt_code load_cloudformation(tt_scenario *s, const tt_node *root,
                                   const char *dir, tt_aws_capacity *cap,
                                   tt_diag *d)
{
	static const char *const keys[] = {"file", "target", "parameters",
	                                   NULL};
	const tt_node *cfn = tt_node_map_get(root, "cloudformation");
	const tt_node *f, *t, *p;
	const char *kept;
	tt_cfn_input in = {0};
	tt_code rc;

	if (!cfn)
		return TT_OK;
	if ((rc = tt_node_expect_map(cfn, "cloudformation", d)) ||
	    (rc = tt_node_check_keys(cfn, "cloudformation", keys, d)) ||
	    (rc = tt_node_require(cfn, "cloudformation", "file", &f, d)) ||
	    (rc = tt_sv_open_file(s, f, dir, "CloudFormation template", &kept, d)))
		return rc;
	in.at = in.target_loc = cfn->loc;
	if ((t = tt_node_map_get(cfn, "target"))) {
		if ((rc = tt_sv_name(t, "target", &in.target, d)))
			return rc;
		in.target_loc = t->loc;
	}
	if ((p = tt_node_map_get(cfn, "parameters"))) {
		if ((rc = tt_node_expect_map(p, "parameters", d)))
			return rc;
		in.parameters = p;
	}
	return tt_cfn_load(s, kept, &in, cap, d);
}

/* A file name, or a list of them; each resolved, kept and opened. */
static tt_code file_list(tt_scenario *s, const tt_node *n, const char *dir,
                         const char *what, const char **out, size_t max,
                         size_t *count, tt_diag *d)
{
	tt_code rc;
	*count = 0;
	if (n->kind != TT_NODE_SEQ)
		return tt_sv_open_file(s, n, dir, what, &out[(*count)++], d);
	if (n->u.seq.count == 0)
		return tt_diag_set(d, TT_EINVAL, n->loc, "no %s given", what);
	if (n->u.seq.count > max)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "too many files, got %zu (at most %zu)",
		                   n->u.seq.count, max);
	for (size_t i = 0; i < n->u.seq.count; i++)
		if ((rc = tt_sv_open_file(s, n->u.seq.items[i], dir, what,
		                    &out[(*count)++], d)))
			return rc;
	return TT_OK;
}

#define TF_FILES_MAX 64

/*
 * `terraform: {files, var_files, vars, target}` or `{plan, target}`: the
 * scalable target and policies of a Terraform configuration (tf.h).
 */
static tt_code load_terraform(tt_scenario *s, const tt_node *root,
                              const char *dir, tt_aws_capacity *cap, tt_diag *d)
{
	static const char *const keys[] = {"files",  "var_files", "vars",
	                                   "target", "plan",      NULL};
	const tt_node *tf = tt_node_map_get(root, "terraform");
	const tt_node *n;
	const char *files[TF_FILES_MAX], *var_files[TF_FILES_MAX];
	tt_tf_input in = {.files = files, .var_files = var_files};
	tt_code rc;

	if (!tf)
		return TT_OK;
	if ((rc = tt_node_expect_map(tf, "terraform", d)) ||
	    (rc = tt_node_check_keys(tf, "terraform", keys, d)))
		return rc;
	if (tt_node_map_get(root, "cloudformation"))
		return tt_diag_set(d, TT_EINVAL, tf->loc,
		                   "'terraform' cannot be used with "
		                   "'cloudformation' (each gives the scalable "
		                   "target)");
	in.at = tf->loc;
	in.target_loc = tf->loc;
	const tt_node *plan = tt_node_map_get(tf, "plan");
	const tt_node *f = tt_node_map_get(tf, "files");
	if (plan && f)
		return tt_diag_set(
		        d, TT_EINVAL, plan->loc,
		        "'plan' cannot be used with 'files' (the plan "
		        "holds the evaluated configuration)");
	if (plan) {
		static const char *const with_files[] = {"var_files", "vars"};
		for (size_t i = 0; i < 2; i++)
			if ((n = tt_node_map_get(tf, with_files[i])))
				return tt_diag_set(
				        d, TT_EINVAL, n->loc,
				        "'%s' cannot be used with 'plan' (the "
				        "plan's values are evaluated already)",
				        with_files[i]);
		if ((rc = tt_sv_open_file(s, plan, dir, "Terraform plan", &in.plan,
		                    d)))
			return rc;
	} else if (!f) {
		return tt_diag_set(d, TT_EINVAL, tf->loc,
		                   "missing required key 'files' (or 'plan') "
		                   "in 'terraform'");
	} else if ((rc = file_list(s, f, dir, "Terraform file", files,
	                           TF_FILES_MAX, &in.n_files, d))) {
		return rc;
	}
	if ((n = tt_node_map_get(tf, "var_files")) &&
	    (rc = file_list(s, n, dir, "Terraform variables file", var_files,
	                    TF_FILES_MAX, &in.n_var_files, d)))
		return rc;
	if ((n = tt_node_map_get(tf, "vars"))) {
		if ((rc = tt_node_expect_map(n, "vars", d)))
			return rc;
		in.vars = n;
	}
	if ((n = tt_node_map_get(tf, "target"))) {
		if ((rc = tt_sv_name(n, "target", &in.target, d)))
			return rc;
		in.target_loc = n->loc;
	}
	return tt_tf_load(s, &in, cap, d);
}

static tt_code load_capacity(tt_scenario *s, const tt_node *root,
                             const char *dir, tt_aws_capacity *file, tt_diag *d)
{
	static const char *const keys[] = {"min",       "max",      "initial",
	                                   "suspended", "register", NULL};
	static const char *const susp_keys[] = {
	        "DynamicScalingInSuspended", "DynamicScalingOutSuspended",
	        "ScheduledScalingSuspended", NULL};
	const tt_node *cap = tt_node_map_get(root, "capacity"), *n;
	int64_t v;
	tt_code rc;

	if (!cap && !file->origin)
		return tt_node_require(root, "scenario", "capacity", &cap, d);
	if (cap) {
		if ((rc = tt_node_expect_map(cap, "capacity", d)) ||
		    (rc = tt_node_check_keys(cap, "capacity", keys, d)))
			return rc;
		s->locs.capacity = cap->loc;
	}
	if (cap && (n = tt_node_map_get(cap, "register"))) {
		const char *kept;
		if (file->origin)
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "'register' cannot be used with '%s' "
			        "(its file gives the scalable target)",
			        file->section);
		if ((rc = tt_sv_open_file(s, n, dir, "scalable target file", &kept,
		                    d)) ||
		    (rc = tt_aws_load_register(s, kept, file, d)))
			return rc;
	}
	if ((rc = capacity_limit(s, cap, file, "min", &file->min, "MinCapacity",
	                         0, INT32_MAX, &s->min_capacity, &s->locs.min,
	                         d)) ||
	    (rc = capacity_limit(s, cap, file, "max", &file->max, "MaxCapacity",
	                         1, MAX_CAPACITY, &s->max_capacity,
	                         &s->locs.max, d)))
		return rc;
	if (s->min_capacity > s->max_capacity)
		return tt_diag_set(d, TT_EINVAL, s->locs.min,
		                   "'min' must be <= 'max', got %d > %d",
		                   s->min_capacity, s->max_capacity);

	s->initial_capacity = s->min_capacity;
	if (cap && (n = tt_node_map_get(cap, "initial"))) {
		if ((rc = tt_node_int(n, "initial", 0, INT32_MAX, &v, d)))
			return rc;
		if (v < s->min_capacity || v > s->max_capacity)
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "'initial' must be between 'min' and 'max' "
			        "(%d..%d), got %lld",
			        s->min_capacity, s->max_capacity, (long long)v);
		s->initial_capacity = (int)v;
		s->locs.initial = n->loc;
	}

	/* The file's SuspendedState, then the scenario's, key by key. */
	s->scale_in_suspended = file->has_in && file->in_suspended;
	s->scale_out_suspended = file->has_out && file->out_suspended;
	s->scheduled_suspended =
	        file->has_scheduled && file->scheduled_suspended;
	const tt_node *susp = cap ? tt_node_map_get(cap, "suspended") : NULL;
	if (!susp)
		return TT_OK;
	if ((rc = tt_node_expect_map(susp, "suspended", d)) ||
	    (rc = tt_node_check_keys(susp, "capacity.suspended", susp_keys, d)))
		return rc;
	if ((n = tt_node_map_get(susp, "DynamicScalingInSuspended")) &&
	    (rc = tt_node_bool(n, "DynamicScalingInSuspended",
	                       &s->scale_in_suspended, d)))
		return rc;
	if ((n = tt_node_map_get(susp, "DynamicScalingOutSuspended")) &&
	    (rc = tt_node_bool(n, "DynamicScalingOutSuspended",
	                       &s->scale_out_suspended, d)))
		return rc;
	if ((n = tt_node_map_get(susp, "ScheduledScalingSuspended")) &&
	    (rc = tt_node_bool(n, "ScheduledScalingSuspended",
	                       &s->scheduled_suspended, d)))
		return rc;
	return TT_OK;
}

/*
 * One alarm of a policy entry's `alarm:`: `{file: F, name: N}` (a
 * PutMetricAlarm request or describe-alarms output, N picking one of
 * several) or the alarm itself, inline with AWS's keys.  It is added to
 * the scenario (the one AlarmName once) and invokes step policy `policy`.
 * `entry` and `nth` say where it is for `--set` (policies[entry].alarm,
 * or .alarm[nth] of a list).
 */
static tt_code load_alarm(tt_scenario *s, const tt_node *a, const char *dir,
                          size_t policy, size_t entry, size_t nth,
                          const tt_overrides *ov, tt_diag *d)
{
	static const char *const file_keys[] = {"file", "name", NULL};
	tt_alarm_def def;
	size_t index;
	tt_code rc;

	if ((rc = tt_node_expect_map(a, "alarm", d)))
		return rc;
	const tt_node *f = tt_node_map_get(a, "file");
	if (f) {
		const tt_node *nm = tt_node_map_get(a, "name");
		const char *kept, *pick = NULL;
		if ((rc = tt_node_check_keys(a, "alarm", file_keys, d)) ||
		    (nm && (rc = tt_sv_name(nm, "name", &pick, d))) ||
		    (rc = tt_sv_open_file(s, f, dir, "alarm file", &kept, d)))
			return rc;
		/* --set on an alarm file: its document as if the file said
		 * so */
		tt_doc doc = {0};
		if (!(rc = tt_alarm_def_load_doc(kept, &doc, d)) &&
		    !(rc = tt_overrides_apply_alarm_file(&doc, entry, nth, ov,
		                                         s, d)))
			rc = tt_alarm_def_read(doc.root, pick,
			                       nm ? nm->loc : f->loc, &s->notes,
			                       &def, d);
		tt_doc_release(&doc);
		if (rc)
			return rc;
	} else if ((rc = tt_alarm_def_from_node(a, TT_ALARM_FORM_REQUEST,
	                                        "alarm", NULL, &s->notes, &def,
	                                        d))) {
		return rc;
	}
	if ((rc = tt_aws_add_alarm(s, &def, &index, d)))
		return rc;
	return tt_aws_alarm_invokes(s, index, policy, d);
}

/* `alarm:` of an entry: one alarm, or a list of them (a step policy may
 * sit on several), for the one step policy the entry holds. */
static tt_code load_alarms(tt_scenario *s, const tt_node *item, const char *dir,
                           size_t step_before, size_t entry,
                           const tt_overrides *ov, tt_diag *d)
{
	const tt_node_entry *e = tt_node_map_find(item, "alarm");
	size_t added = s->n_step_policies - step_before;
	tt_code rc;

	if (!e)
		return TT_OK;
	if (added == 0)
		return tt_diag_set(d, TT_EINVAL, e->key_loc,
		                   "'alarm' is for a step scaling policy, and "
		                   "this entry holds none (target tracking "
		                   "creates its own alarms)");
	if (added > 1)
		return tt_diag_set(d, TT_EINVAL, e->key_loc,
		                   "'alarm' is for one step scaling policy, but "
		                   "this entry holds %zu (give each its own "
		                   "entry, or name them in the alarms' "
		                   "AlarmActions)",
		                   added);
	const tt_node *v = e->value;
	if (v->kind != TT_NODE_SEQ)
		return load_alarm(s, v, dir, step_before, entry,
		                  TT_OV_ALARM_ALONE, ov, d);
	if (v->u.seq.count == 0)
		return tt_diag_set(d, TT_EINVAL, v->loc, "'alarm' is empty");
	for (size_t i = 0; i < v->u.seq.count; i++)
		if ((rc = load_alarm(s, v->u.seq.items[i], dir, step_before,
		                     entry, i, ov, d)))
			return rc;
	return TT_OK;
}

/* An inline entry's PolicyType, which must fit the configuration given. */
static tt_code inline_type(const tt_node *item, const tt_node *tt_cfg,
                           const tt_node *step_cfg, tt_diag *d)
{
	static const char *const types[] = {"TargetTrackingScaling",
	                                    "StepScaling", NULL};
	const tt_node *n = tt_node_map_get(item, "PolicyType");
	int v;
	tt_code rc;

	if (!n)
		return TT_OK;
	if ((rc = tt_sv_enum(n, "PolicyType", types, &v, d)))
		return rc;
	if (v == 1 && !step_cfg)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "PolicyType StepScaling needs "
		                   "'StepScalingPolicyConfiguration'");
	if (v == 0 && !tt_cfg)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "PolicyType TargetTrackingScaling needs "
		                   "'TargetTrackingScalingPolicyConfiguration'");
	return TT_OK;
}

/* Load one entry of policies: append what it holds to s->policies and
 * s->step_policies, with the alarms `alarm:` gives. */
static tt_code load_policy(const tt_node *item, size_t index, const char *dir,
                           const tt_overrides *ov, tt_scenario *s, tt_diag *d)
{
	static const char *const keys[] = {
	        "file",
	        "name",
	        "PolicyType",
	        "TargetTrackingScalingPolicyConfiguration",
	        "StepScalingPolicyConfiguration",
	        "alarm",
	        NULL};
	const char *name = NULL;
	const tt_node *n;
	size_t step_before = s->n_step_policies;
	char fallback[32];
	tt_code rc;

	if ((rc = tt_node_expect_map(item, "policies", d)) ||
	    (rc = tt_node_check_keys(item, "policies", keys, d)))
		return rc;
	if ((n = tt_node_map_get(item, "name")) &&
	    (rc = tt_sv_name(n, "name", &name, d)))
		return rc;

	const tt_node *file = tt_node_map_get(item, "file");
	const tt_node *cfg = tt_node_map_get(
	        item, "TargetTrackingScalingPolicyConfiguration");
	const tt_node *step = tt_node_map_get(item,
	                                      "StepScalingPolicyConfiguration");
	if ((file != NULL) + (cfg != NULL) + (step != NULL) > 1)
		return tt_diag_set(
		        d, TT_EINVAL, item->loc,
		        "a policy takes one of 'file', "
		        "'TargetTrackingScalingPolicyConfiguration' and "
		        "'StepScalingPolicyConfiguration'");
	if (!file && !cfg && !step)
		return tt_diag_set(
		        d, TT_EINVAL, item->loc,
		        "a policy needs 'file' or "
		        "'TargetTrackingScalingPolicyConfiguration'");
	const tt_node *type = tt_node_map_get(item, "PolicyType");
	if (file && type)
		return tt_diag_set(d, TT_EINVAL, type->loc,
		                   "'PolicyType' is for a policy written here; "
		                   "a file says its own");
	if ((rc = inline_type(item, cfg, step, d)))
		return rc;
	snprintf(fallback, sizeof fallback, "policy%zu", index + 1);

	if (cfg) {
		tt_policy p;
		if ((rc = tt_node_expect_map(
		             cfg, "TargetTrackingScalingPolicyConfiguration",
		             d)) ||
		    (rc = tt_policy_from_node(cfg, name ? name : fallback, &p,
		                              d)) ||
		    (rc = tt_aws_add_policy(s, &p, item->loc, d)))
			return rc;
		return load_alarms(s, item, dir, step_before, index, ov, d);
	}
	if (step) {
		tt_step_policy p;
		if ((rc = tt_step_from_node(step, name ? name : fallback,
		                            &s->notes, &p, d)) ||
		    (rc = tt_aws_add_step_policy(s, &p, item->loc, d)))
			return rc;
		return load_alarms(s, item, dir, step_before, index, ov, d);
	}

	const char *kept;
	if ((rc = tt_sv_open_file(s, file, dir, "policy file", &kept, d)))
		return rc;
	char *stem = tt_sv_stem_of(kept);
	if (!stem)
		return tt_diag_nomem(d, file->loc);
	tt_doc doc = {0};
	/* --set on a file policy: its document as if the file said so */
	if (!(rc = tt_aws_load_doc(kept, &doc, d)) &&
	    !(rc = tt_overrides_apply_policy_file(&doc, index, ov, s, d)))
		rc = tt_aws_read_policies(s, doc.root, name,
		                          n ? n->loc : item->loc, stem, NULL,
		                          NULL, d);
	tt_doc_release(&doc);
	free(stem);
	if (rc)
		return rc;
	return load_alarms(s, item, dir, step_before, index, ov, d);
}

/* The name of policy i counting target tracking first, then step. */
static const char *any_name(const tt_scenario *s, size_t i)
{
	return i < s->n_policies ? s->policies[i].name
	                         : s->step_policies[i - s->n_policies].name;
}

/* Policy names label output columns and events: no two alike, of either
 * kind.  `from_tt` and `from_step` are where the new ones start. */
static tt_code check_names(const tt_scenario *s, size_t from_tt,
                           size_t from_step, const tt_node *item, tt_diag *d)
{
	size_t total = s->n_policies + s->n_step_policies;
	for (size_t i = 0; i < total; i++) {
		bool added = i < s->n_policies
		                     ? i >= from_tt
		                     : i - s->n_policies >= from_step;
		if (!added)
			continue;
		for (size_t j = 0; j < total; j++) {
			if (j == i || (j > i && j >= from_tt &&
			               (j < s->n_policies ||
			                j - s->n_policies >= from_step)) ||
			    strcmp(any_name(s, j), any_name(s, i)))
				continue;
			const tt_node *nm =
			        item ? tt_node_map_get(item, "name") : NULL;
			tt_loc at = i < s->n_policies
			                    ? s->policies[i].loc
			                    : s->step_policies[i - s->n_policies]
			                              .loc;
			return tt_diag_set(d, TT_EINVAL,
			                   nm     ? nm->loc
			                   : item ? item->loc
			                          : at,
			                   "duplicate policy name '%s' (give "
			                   "each policy its own 'name')",
			                   any_name(s, i));
		}
	}
	return TT_OK;
}

static tt_code load_policies(tt_scenario *s, const tt_node *root,
                             const char *dir, const tt_overrides *ov,
                             tt_diag *d)
{
	const tt_node *seq;
	tt_code rc;

	/* A template's policies come first; `policies:` may add more. */
	if ((rc = check_names(s, 0, 0, NULL, d)))
		return rc;
	if (s->n_policies + s->n_step_policies &&
	    !tt_node_map_get(root, "policies"))
		return tt_aws_join_alarms(s, d);
	if ((rc = tt_node_require(root, "scenario", "policies", &seq, d)) ||
	    (rc = tt_node_expect_seq(seq, "policies", d)))
		return rc;
	size_t count = seq->u.seq.count;
	if (count == 0)
		return tt_diag_set(d, TT_EINVAL, seq->loc,
		                   "'policies' must hold at least one policy");
	if (count > MAX_POLICIES)
		return tt_diag_set(d, TT_ERANGE,
		                   seq->u.seq.items[MAX_POLICIES]->loc,
		                   "at most %d policies per scalable target, "
		                   "got %zu",
		                   MAX_POLICIES, count);
	for (size_t i = 0; i < count; i++) {
		const tt_node *item = seq->u.seq.items[i];
		size_t before = s->n_policies, step_before = s->n_step_policies;
		if ((rc = load_policy(item, i, dir, ov, s, d)) ||
		    (rc = check_names(s, before, step_before, item, d)))
			return rc;
	}
	if (s->n_policies + s->n_step_policies > MAX_POLICIES)
		return tt_diag_set(d, TT_ERANGE, seq->loc,
		                   "at most %d policies per scalable target, "
		                   "got %zu",
		                   MAX_POLICIES,
		                   s->n_policies + s->n_step_policies);
	return tt_aws_join_alarms(s, d);
}

/*
 * The scalable target once every file is read: the default resource when
 * nothing named one, its type from the table, and the type's default
 * cooldown for every policy that sets none.
 */
static tt_code finish_target(tt_scenario *s, tt_diag *d)
{
	const tt_resource_type *t;
	tt_code rc;

	if (!s->resource &&
	    !(s->resource =
	              tt_sv_strdup("endpoint/my-endpoint/variant/my-variant")))
		return tt_diag_nomem(d, s->loc);
	if ((rc = tt_resource_check(
	             s->resource, s->locs.resource, s->scalable_dimension,
	             s->locs.scalable_dimension, NULL, (tt_loc){0}, &t, d)))
		return rc;
	s->resource_type = t;
	tt_time_us cooldown = tt_resource_default_cooldown_us(t);
	for (size_t i = 0; i < s->n_policies; i++) {
		tt_policy *p = &s->policies[i];
		if (p->scale_out_cooldown_us == TT_COOLDOWN_UNSET)
			p->scale_out_cooldown_us = cooldown;
		if (p->scale_in_cooldown_us == TT_COOLDOWN_UNSET)
			p->scale_in_cooldown_us = cooldown;
	}
	return TT_OK;
}

/* An integer setting of `instance:` in [min, max]. */
static tt_code instance_int(const tt_node *inst, const char *key, int64_t min,
                            int64_t max, int *out, tt_loc *loc, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(inst, key);
	int64_t v;
	tt_code rc;

	if (!n)
		return TT_OK;
	if ((rc = tt_node_int(n, key, min, max, &v, d)))
		return rc;
	*out = (int)v;
	*loc = n->loc;
	return TT_OK;
}

/*
 * `instance:`: provisioning and deprovisioning delays, price, the service
 * time (three drawn durations, drawn_duration.h: one parser), and the
 * request-mode settings: worker slots, queue bound, vCPUs and routing.
 */
static tt_code load_instance(tt_scenario *s, const tt_node *root,
                             const char *dir, tt_diag *d)
{
	static const char *const keys[] = {
	        "provisioning", "deprovisioning", "price_per_hour",
	        "service_time", "concurrency",    "max_queue",
	        "vcpus",        "routing",        NULL};
	static const char *const routings[] = {
	        "random", "least_outstanding_requests", NULL};
	const tt_node *inst = tt_node_map_get(root, "instance");
	const tt_node *n;
	tt_code rc;

	s->provisioning = tt_drawn_fixed(5 * TT_US_PER_MIN);
	s->deprovisioning = tt_drawn_fixed(60 * TT_US_PER_S);
	s->concurrency = 1;
	s->max_queue = 1000;
	s->vcpus = 1;
	s->routing = TT_ROUTING_RANDOM;
	if (!inst)
		return TT_OK;
	if ((rc = tt_node_expect_map(inst, "instance", d)) ||
	    (rc = tt_node_check_keys(inst, "instance", keys, d)))
		return rc;
	if ((n = tt_node_map_get(inst, "provisioning"))) {
		if ((rc = tt_sv_drawn(s, n, dir, "provisioning",
		                      TT_SV_PER_INSTANCE, &s->provisioning, d)))
			return rc;
		s->locs.provisioning = n->loc;
	}
	if ((n = tt_node_map_get(inst, "deprovisioning"))) {
		if ((rc = tt_sv_drawn(s, n, dir, "deprovisioning",
		                      TT_SV_PER_INSTANCE, &s->deprovisioning,
		                      d)))
			return rc;
		s->locs.deprovisioning = n->loc;
	}
	if ((n = tt_node_map_get(inst, "price_per_hour"))) {
		if ((rc = tt_sv_number_ge(n, "price_per_hour", 0,
		                          &s->price_per_hour, d)))
			return rc;
		if (s->price_per_hour > MAX_PRICE_PER_HOUR)
			return tt_sv_too_large(
			        d, n->loc, "price_per_hour", tt_sv_text(n),
			        TT_LIMIT_TEXT(MAX_PRICE_PER_HOUR));
		s->locs.price_per_hour = n->loc;
	}
	if ((n = tt_node_map_get(inst, "service_time"))) {
		if ((rc = tt_sv_drawn(s, n, dir, "service_time",
		                      TT_SV_PER_REQUEST, &s->service, d)))
			return rc;
		s->has_service = true;
		s->locs.service_time = n->loc;
	}
	if ((rc = instance_int(inst, "concurrency", 1, 10000, &s->concurrency,
	                       &s->locs.concurrency, d)) ||
	    (rc = instance_int(inst, "max_queue", 0, 1000000000, &s->max_queue,
	                       &s->locs.max_queue, d)) ||
	    (rc = instance_int(inst, "vcpus", 1, 1024, &s->vcpus,
	                       &s->locs.vcpus, d)))
		return rc;
	if ((n = tt_node_map_get(inst, "routing"))) {
		int routing;
		if ((rc = tt_sv_enum(n, "routing", routings, &routing, d)))
			return rc;
		s->routing = (tt_routing)routing;
		s->locs.routing = n->loc;
	}
	return TT_OK;
}

/* `slo: {latency: D}`: the latency requests are held to (request mode). */
static tt_code load_slo(tt_scenario *s, const tt_node *root, tt_diag *d)
{
	static const char *const keys[] = {"latency", NULL};
	const tt_node *slo = tt_node_map_get(root, "slo");
	const tt_node *n;
	tt_code rc;

	if (!slo)
		return TT_OK;
	if ((rc = tt_node_expect_map(slo, "slo", d)) ||
	    (rc = tt_node_check_keys(slo, "slo", keys, d)) ||
	    (rc = tt_node_require(slo, "slo", "latency", &n, d)) ||
	    (rc = tt_sv_positive_duration(n, "latency", &s->slo_latency_us, d)))
		return rc;
	s->locs.slo_latency = n->loc;
	return TT_OK;
}

/* What makes a workload endless, for messages. */
static const char *endless_what(const tt_workload_spec *w)
{
	return w->kind == TT_WORKLOAD_SYNTHETIC ? "synthetic workload"
	                                        : "workload repeated for ever";
}

/* Where an endless workload says so: its repeat, or the workload. */
static tt_loc endless_loc(const tt_workload_spec *w)
{
	for (size_t i = 0; i < w->n_transforms; i++)
		if (w->kind == TT_WORKLOAD_TRACE &&
		    w->transforms[i].kind == TT_TRANSFORM_REPEAT)
			return w->transforms[i].loc;
	return w->loc;
}

static tt_code load_simulation(tt_scenario *s, const tt_node *root, tt_diag *d)
{
	static const char *const keys[] = {"duration", "seed",  "mode",
	                                   "period",   "start", NULL};
	static const char *const modes[] = {"fluid", "request", NULL};
	const tt_node *sim = tt_node_map_get(root, "simulation");
	const tt_node *n;
	char buf[2][32];
	tt_code rc;

	s->seed = 1;
	s->mode = TT_MODE_FLUID;
	if (sim && ((rc = tt_node_expect_map(sim, "simulation", d)) ||
	            (rc = tt_node_check_keys(sim, "simulation", keys, d))))
		return rc;

	n = sim ? tt_node_map_get(sim, "duration") : NULL;
	if (n) {
		if ((rc = tt_sv_duration(n, "duration", &s->duration_us, d)))
			return rc;
		s->locs.duration = n->loc;
		/* A trace may run "until it ends" (0); a synthetic shape or
		 * a trace repeated for ever never ends. */
		if (tt_workload_spec_endless(&s->workload) &&
		    s->duration_us <= 0)
			return tt_diag_set(d, TT_ERANGE, n->loc,
			                   "'duration' must be > 0 for a "
			                   "%s, got %s",
			                   endless_what(&s->workload),
			                   tt_sv_text(n));
	} else if (tt_workload_spec_endless(&s->workload)) {
		return tt_diag_set(d, TT_EINVAL,
		                   sim ? sim->loc : endless_loc(&s->workload),
		                   "a %s needs 'simulation.duration' (how long "
		                   "to run)",
		                   endless_what(&s->workload));
	}

	if (sim && (n = tt_node_map_get(sim, "seed"))) {
		int64_t seed;
		if ((rc = tt_node_int(n, "seed", 0, INT64_MAX, &seed, d)))
			return rc;
		s->seed = (uint64_t)seed;
		s->locs.seed = n->loc;
	}
	if (sim && (n = tt_node_map_get(sim, "mode"))) {
		int mode;
		if ((rc = tt_sv_enum(n, "mode", modes, &mode, d)))
			return rc;
		/* request mode draws a service time for every request */
		if (mode == TT_MODE_REQUEST && !s->has_service)
			return tt_diag_set(d, TT_EINVAL, n->loc,
			                   "request mode needs "
			                   "'instance.service_time' (how long "
			                   "a request takes)");
		s->mode = (tt_mode)mode;
		s->locs.mode = n->loc;
	}

	/* The step defaults to the finest metric period among the policies
	 * and the step policies' alarms, and must divide each of them so
	 * every datapoint is made of whole steps. */
	s->period_us = 0;
	for (size_t i = 0; i < s->n_policies + s->n_alarms; i++) {
		tt_time_us pp =
		        i < s->n_policies
		                ? tt_policy_period_us(&s->policies[i])
		                : tt_metric_resolution_us(s,
		                          &s->alarms[i - s->n_policies].metric);
		if (!s->period_us || pp < s->period_us)
			s->period_us = pp;
	}
	/* step policies no alarm invokes (a warning): nothing is measured,
	 * and a minute is the standard metrics' period */
	if (!s->period_us)
		s->period_us = 60 * TT_US_PER_S;
	if (!sim || !(n = tt_node_map_get(sim, "period")))
		return TT_OK;
	if ((rc = tt_sv_positive_duration(n, "period", &s->period_us, d)))
		return rc;
	s->locs.period = n->loc;
	if (s->period_us % TT_US_PER_S)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'period' must be a whole number of "
		                   "seconds, got %s",
		                   tt_sv_text(n));
	for (size_t i = 0; i < s->n_policies; i++) {
		const tt_policy *p = &s->policies[i];
		tt_time_us pp = tt_policy_period_us(p);
		if (pp % s->period_us)
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "'period' must divide the metric period of "
			        "policy '%s' (%s), got %s",
			        p->name, tt_sv_secs(pp, buf[0]),
			        tt_sv_secs(s->period_us, buf[1]));
	}
	/* said here, where `ttsim validate` sees it, and not only when a run
	 * builds the alarm's buckets */
	for (size_t i = 0; i < s->n_alarms; i++) {
		const tt_user_alarm *a = &s->alarms[i];
		tt_time_us res = tt_metric_resolution_us(s, &a->metric);
		if (res % s->period_us)
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "'period' must divide the metric period of "
			        "alarm '%s' (%s), got %s",
			        a->def->name, tt_sv_secs(res, buf[0]),
			        tt_sv_secs(s->period_us, buf[1]));
	}
	return TT_OK;
}

static tt_code load_alarm_shape(const tt_node *map, const char *key,
                                tt_alarm_shape *shape, double *ratio,
                                tt_diag *d)
{
	static const char *const keys[] = {"datapoints", "periods", NULL};
	static const char *const keys_ratio[] = {"datapoints", "periods",
	                                         "ratio", NULL};
	const tt_node *m = tt_node_map_get(map, key), *n, *dp = NULL;
	char path[32];
	int64_t v;
	tt_code rc;

	if (!m)
		return TT_OK;
	snprintf(path, sizeof path, "aws.%s", key);
	if ((rc = tt_node_expect_map(m, key, d)) ||
	    (rc = tt_node_check_keys(m, path, ratio ? keys_ratio : keys, d)))
		return rc;
	if ((dp = tt_node_map_get(m, "datapoints"))) {
		if ((rc = tt_node_int(dp, "datapoints", 1, MAX_ALARM_PERIODS,
		                      &v, d)))
			return rc;
		shape->datapoints = (int)v;
	}
	if ((n = tt_node_map_get(m, "periods"))) {
		if ((rc = tt_node_int(n, "periods", 1, MAX_ALARM_PERIODS, &v,
		                      d)))
			return rc;
		shape->periods = (int)v;
	}
	if (shape->datapoints > shape->periods)
		return tt_diag_set(d, TT_EINVAL, dp ? dp->loc : n->loc,
		                   "'datapoints' must be <= 'periods', got "
		                   "%d > %d",
		                   shape->datapoints, shape->periods);
	if (ratio && (n = tt_node_map_get(m, "ratio"))) {
		if ((rc = tt_node_number(n, "ratio", ratio, d)))
			return rc;
		if (!(*ratio > 0 && *ratio <= 1))
			return tt_diag_set(d, TT_ERANGE, n->loc,
			                   "'ratio' must be in (0, 1], got %s",
			                   tt_sv_text(n));
	}
	return TT_OK;
}

/*
 * An enum knob whose spellings a name function gives (step.h's, so the
 * names are written once): *out is the index of the one written.
 */
static tt_code knob_enum(const tt_node *n, const char *key,
                         const char *(*name)(int), int *out, tt_diag *d)
{
	const char *names[8];
	size_t count = 0;
	while (count + 1 < sizeof names / sizeof *names && name((int)count))
		names[count] = name((int)count), count++;
	names[count] = NULL;
	return tt_sv_enum(n, key, names, out, d);
}

static const char *tie_name(int v)
{
	return tt_step_tie_side_name((tt_step_tie_side)v);
}

static const char *window_name(int v)
{
	return tt_step_window_name((tt_step_window)v);
}

static const char *scope_name(int v)
{
	return tt_step_cooldown_scope_name((tt_step_cooldown_scope)v);
}

/* The step-scaling knobs of `aws:` (SPEC.md 16). */
static tt_code load_step_knobs(const tt_node *map, tt_aws_knobs *k, tt_diag *d)
{
	const tt_node *n;
	int v;
	tt_code rc;

	/* 0 is allowed: the action repeats at every evaluation */
	if ((n = tt_node_map_get(map, "alarm_action_repeat")) &&
	    (rc = tt_sv_duration(n, "alarm_action_repeat",
	                         &k->alarm_action_repeat_us, d)))
		return rc;
	if ((n = tt_node_map_get(map, "step_aggregation_window"))) {
		if ((rc = knob_enum(n, "step_aggregation_window", window_name,
		                    &v, d)))
			return rc;
		k->step_aggregation_window = (tt_step_window)v;
	}
	if ((n = tt_node_map_get(map, "step_tie_side"))) {
		if ((rc = knob_enum(n, "step_tie_side", tie_name, &v, d)))
			return rc;
		k->step_tie_side = (tt_step_tie_side)v;
	}
	if ((n = tt_node_map_get(map, "min_adjustment_on_scale_in")) &&
	    (rc = tt_node_bool(n, "min_adjustment_on_scale_in",
	                       &k->min_adjustment_on_scale_in, d)))
		return rc;
	if ((n = tt_node_map_get(map, "step_cooldown_scope"))) {
		if ((rc = knob_enum(n, "step_cooldown_scope", scope_name, &v,
		                    d)))
			return rc;
		k->step_cooldown_scope = (tt_step_cooldown_scope)v;
	}
	return TT_OK;
}

static tt_code load_aws(tt_scenario *s, const tt_node *root, tt_diag *d)
{
	static const char *const keys[] = {"zero_traffic",
	                                   "metric_delay",
	                                   "metric_delay_hr",
	                                   "alarm_high",
	                                   "alarm_low",
	                                   "alarm_high_hr",
	                                   "alarm_low_hr",
	                                   "scale_out_cooldown",
	                                   "scale_in_during_scale_out_cooldown",
	                                   "block_while_updating",
	                                   "alarm_action_repeat",
	                                   "step_aggregation_window",
	                                   "step_tie_side",
	                                   "min_adjustment_on_scale_in",
	                                   "step_cooldown_scope",
	                                   "cron_seconds",
	                                   "start_time_run",
	                                   "rate_without_start",
	                                   "end_time_inclusive",
	                                   "dst_gap",
	                                   "dst_overlap",
	                                   "scheduled_delay",
	                                   "scheduled_starts_cooldown",
	                                   "scheduled_ends_scale_in_cooldown",
	                                   "scheduled_min_gt_max",
	                                   "scheduled_while_updating",
	                                   "variant_min_zero",
	                                   NULL};
	static const char *const zero[] = {"zero", "missing", NULL};
	static const char *const out_modes[] = {"relative", "block", NULL};
	const tt_node *map = tt_node_map_get(root, "aws");
	tt_aws_knobs *k = &s->aws;
	const tt_node *n;
	int v;
	tt_code rc;

	tt_aws_knobs_default(k);
	if (!map)
		return TT_OK;
	s->locs.aws = map->loc;
	if ((rc = tt_node_expect_map(map, "aws", d)) ||
	    (rc = tt_node_check_keys(map, "aws", keys, d)))
		return rc;
	if ((n = tt_node_map_get(map, "zero_traffic"))) {
		if ((rc = tt_sv_enum(n, "zero_traffic", zero, &v, d)))
			return rc;
		k->zero_traffic = (tt_zero_traffic)v;
	}
	if ((n = tt_node_map_get(map, "metric_delay")) &&
	    (rc = tt_sv_duration(n, "metric_delay", &k->metric_delay_us, d)))
		return rc;
	if ((n = tt_node_map_get(map, "metric_delay_hr")) &&
	    (rc = tt_sv_duration(n, "metric_delay_hr", &k->metric_delay_hr_us,
	                         d)))
		return rc;
	if ((rc = load_alarm_shape(map, "alarm_high", &k->alarm_high, NULL,
	                           d)) ||
	    (rc = load_alarm_shape(map, "alarm_low", &k->alarm_low,
	                           &k->low_ratio, d)) ||
	    (rc = load_alarm_shape(map, "alarm_high_hr", &k->alarm_high_hr,
	                           NULL, d)) ||
	    (rc = load_alarm_shape(map, "alarm_low_hr", &k->alarm_low_hr, NULL,
	                           d)))
		return rc;
	if ((n = tt_node_map_get(map, "scale_out_cooldown"))) {
		if ((rc = tt_sv_enum(n, "scale_out_cooldown", out_modes, &v,
		                     d)))
			return rc;
		k->scale_out_cooldown = (tt_out_cooldown_mode)v;
	}
	if ((n = tt_node_map_get(map, "scale_in_during_scale_out_cooldown")) &&
	    (rc = tt_node_bool(n, "scale_in_during_scale_out_cooldown",
	                       &k->scale_in_during_scale_out_cooldown, d)))
		return rc;
	if ((n = tt_node_map_get(map, "block_while_updating")) &&
	    (rc = tt_node_bool(n, "block_while_updating",
	                       &k->block_while_updating, d)))
		return rc;
	if ((rc = load_step_knobs(map, k, d)))
		return rc;
	if ((n = tt_node_map_get(map, "variant_min_zero"))) {
		if ((rc = tt_sv_enum(n, "variant_min_zero",
		                     tt_sv_variant_min_zero_names, &v, d)))
			return rc;
		k->variant_min_zero = (tt_variant_min_zero)v;
	}
	return TT_OK;
}

/*
 * A user alarm's metric is checked as a policy's custom metric is: the
 * same warning when no data has its dimensions, the same error (at its
 * MetricName) when ttsim cannot produce it.  The metric sources take a
 * policy of the scenario, so the check hands them one that borrows the
 * alarm's metric, in a view of the scenario whose only policy it is.
 */
static tt_code check_alarm_metrics(tt_scenario *s, tt_diag *d)
{
	for (size_t i = 0; i < s->n_alarms; i++) {
		const tt_user_alarm *a = &s->alarms[i];
		char why[512];
		tt_code rc;
		if (!tt_metric_dimensions_match(s, &a->metric, why, sizeof why) &&
		    (rc = tt_diag_list_add(
		             &s->notes, TT_SEV_WARNING, a->metric.loc,
		             "no data matches the dimensions of alarm '%s' "
		             "(%s): in AWS it would stay INSUFFICIENT_DATA "
		             "and never invoke its policies",
		             a->def->name, why)))
			return rc;
		tt_policy probe = {.name = a->def->name,
		                   .loc = a->def->loc,
		                   .metric = a->metric};
		tt_scenario view = *s;
		view.policies = &probe;
		view.n_policies = 1;
		tt_metric_source src;
		rc = tt_metric_source_init(&src, &view, &probe, d);
		tt_metric_source_release(&src);
		if (rc)
			return rc;
	}
	return TT_OK;
}

/*
 * Every policy's metric must be one the simulator has a model for; the
 * metrics module is the one place that knows which (so a run and
 * `ttsim validate` cannot disagree).
 */
static tt_code check_policy_metrics(tt_scenario *s, tt_diag *d)
{
	for (size_t i = 0; i < s->n_policies; i++) {
		const tt_metric_spec *m = &s->policies[i].metric;
		char why[512];
		if (m->kind == TT_METRIC_CUSTOM && !m->math &&
		    !tt_metric_dimensions_match(s, m, why, sizeof why))
			tt_diag_list_add(&s->notes, TT_SEV_WARNING, m->loc,
			                 "no data matches this metric's "
			                 "dimensions (%s): in AWS its alarms "
			                 "would stay INSUFFICIENT_DATA and the "
			                 "policy would never act",
			                 why);
		tt_metric_source src;
		tt_code rc = tt_metric_source_init(&src, s, &s->policies[i], d);
		tt_metric_source_release(&src);
		if (rc)
			return rc;
	}
	return check_alarm_metrics(s, d);
}

/* ---- loading ---- */

static tt_code build(tt_scenario *s, const tt_node *root, const char *dir,
                     const char *default_name, const tt_overrides *ov,
                     tt_diag *d)
{
	static const char *const keys[] = {"name",
	                                   "resource",
	                                   "scalable_dimension",
	                                   "cloudformation",
	                                   "terraform",
	                                   "capacity",
	                                   "policies",
	                                   "instance",
	                                   "metrics",
	                                   "workload",
	                                   "simulation",
	                                   "aws",
	                                   "slo",
	                                   "expect",
	                                   "scheduled",
	                                   "inference_component",
	                                   "controller",
	                                   "hpa",
	                                   "keda",
	                                   NULL};
	tt_aws_capacity cap = {0};
	const tt_node *n;
	const char *v;
	tt_code rc;

	if ((rc = tt_node_expect_map(root, "scenario", d)) ||
	    (rc = tt_node_check_keys(root, "scenario", keys, d)))
		return rc;
	s->loc = root->loc;

	v = default_name;
	if ((n = tt_node_map_get(root, "name"))) {
		if ((rc = tt_sv_name(n, "name", &v, d)))
			return rc;
		s->locs.name = n->loc;
	}
	if (!(s->name = tt_sv_strdup(v)))
		return tt_diag_nomem(d, root->loc);
	/* Given here, the target is checked here; else files name it. */
	if ((n = tt_node_map_get(root, "resource"))) {
		if ((rc = tt_sv_name(n, "resource", &v, d)))
			return rc;
		if (!(s->resource = tt_sv_strdup(v)))
			return tt_diag_nomem(d, n->loc);
		s->locs.resource = n->loc;
	}
	if ((n = tt_node_map_get(root, "scalable_dimension"))) {
		if ((rc = tt_sv_name(n, "scalable_dimension", &v, d)))
			return rc;
		if (!(s->scalable_dimension = tt_sv_strdup(v)))
			return tt_diag_nomem(d, n->loc);
		s->locs.scalable_dimension = n->loc;
	}
	if ((s->resource || s->scalable_dimension) &&
	    (rc = tt_resource_check(
	             s->resource, s->locs.resource, s->scalable_dimension,
	             s->locs.scalable_dimension, NULL, (tt_loc){0}, NULL, d)))
		return rc;

	/* an HPA's manifest gives the capacity and the metrics */
	if ((rc = tt_sv_controller(s, root, dir, ov, d)))
		return rc;
	bool aws = s->controller == TT_CONTROLLER_AWS;
	if ((rc = load_terraform(s, root, dir, &cap, d)) ||
	    (rc = load_cloudformation(s, root, dir, &cap, d)) ||
	    (aws && (rc = load_capacity(s, root, dir, &cap, d))) ||
	    (aws && (rc = load_policies(s, root, dir, ov, d))) ||
	    (rc = finish_target(s, d)) ||
	    (rc = load_instance(s, root, dir, d)) ||
	    (rc = tt_sv_metrics(s, root, dir, d)) ||
	    (rc = tt_sv_workload(s, root, dir, d)) ||
	    /* before simulation: a wake-up preset's alarm sets the period */
	    (rc = tt_sv_ic(s, root, dir, d)) ||
	    (rc = load_simulation(s, root, d)) || (rc = load_aws(s, root, d)) ||
	    (aws && (rc = tt_sv_ic_check(s, d))) ||
	    (rc = tt_sv_hpa_check(s, d)) || (rc = load_slo(s, root, d)) ||
	    (rc = tt_sv_scheduled(s, root, dir, d)))
		return rc;
	if ((rc = check_policy_metrics(s, d)))
		return rc;
	return tt_sv_expect(s, root, d);
}

/*
 * A Kubernetes manifest given where a scenario belongs (`ttsim run
 * hpa.yaml`): said so, with how a scenario runs it, rather than its
 * first key unknown or its second document unexpected.
 */
static tt_code manifest_not_scenario(const char *name, tt_diag *d)
{
	return tt_diag_set(d, TT_EINVAL, (tt_loc){name, 1, 1},
	                   "this is a Kubernetes manifest, not a scenario: a "
	                   "scenario runs it with 'controller: hpa' and "
	                   "'hpa: {file: FILE}' (a ScaledObject: 'controller: "
	                   "keda' and 'keda: {file: FILE}')");
}

/*
 * Parse and build.  `name` is what locations say, `default_name` the
 * scenario's name when the file gives none.
 */
static tt_code load(const char *text, size_t len, const char *name,
                    const char *default_name, const char *dir,
                    const tt_overrides *ov, tt_scenario *out, tt_diag *d)
{
	tt_scenario s = {0};
	tt_doc doc = {0};
	const char *kept;
	tt_code rc;

	if ((rc = tt_sv_keep_file(&s, name, &kept, d)))
		goto release_scenario;
	if ((rc = tt_doc_parse_yaml(text, len, kept, &doc, d))) {
		if (tt_k8s_is_manifest(text, len, kept))
			rc = manifest_not_scenario(kept, d);
		goto release_scenario;
	}
	if (tt_k8s_is_object(doc.root)) {
		rc = manifest_not_scenario(kept, d);
		tt_doc_release(&doc);
		goto release_scenario;
	}
	/* --set: the document as if the file said so */
	if (ov && ov->n && (rc = tt_overrides_apply(&doc, ov, &s, d))) {
		tt_doc_release(&doc);
		goto release_scenario;
	}
	rc = build(&s, doc.root, dir, default_name, ov, d);
	tt_doc_release(&doc);
	if (rc)
		goto release_scenario;
	*out = s;
	return TT_OK;

release_scenario:
	tt_scenario_release(&s);
	return rc;
}

tt_code tt_scenario_load_text(const char *text, size_t len, const char *name,
                              const char *dir, tt_scenario *out, tt_diag *d)
{
	memset(out, 0, sizeof *out);
	if (!name)
		name = "<text>";
	return load(text, len, name, name, dir, NULL, out, d);
}

tt_code tt_scenario_load_text_with(const char *text, size_t len,
                                   const char *name, const char *dir,
                                   const tt_overrides *ov, tt_scenario *out,
                                   tt_diag *d)
{
	memset(out, 0, sizeof *out);
	if (!name)
		name = "<text>";
	return load(text, len, name, name, dir, ov, out, d);
}

tt_code tt_scenario_load_file(const char *path, tt_scenario *out, tt_diag *d)
{
	return tt_scenario_load_file_with(path, NULL, out, d);
}

tt_code tt_scenario_load_file_with(const char *path, const tt_overrides *ov,
                                   tt_scenario *out, tt_diag *d)
{
	char *text = NULL, *dir = NULL, *stem = NULL;
	size_t len;
	bool failed;
	tt_code rc;

	memset(out, 0, sizeof *out);
	if ((rc = tt_read_file(path, path, &text, &len, d)))
		return rc;
	dir = tt_sv_dir_of(path, &failed);
	stem = tt_sv_stem_of(path);
	if (failed || !stem) {
		rc = tt_diag_nomem(d, (tt_loc){path, 0, 0});
		goto free_text;
	}
	rc = load(text, len, path, stem, dir, ov, out, d);

free_text:
	free(stem);
	free(dir);
	free(text);
	return rc;
}

void tt_scenario_set_seed(tt_scenario *s, uint64_t seed)
{
	s->seed = seed;
}

void tt_scenario_release(tt_scenario *s)
{
	if (!s)
		return;
	tt_diag_list_release(&s->notes);
	free(s->name);
	free(s->resource);
	free(s->scalable_dimension);
	for (size_t i = 0; i < s->n_policies; i++)
		tt_policy_release(&s->policies[i]);
	free(s->policies);
	for (size_t i = 0; i < s->n_step_policies; i++)
		tt_step_policy_release(&s->step_policies[i]);
	free(s->step_policies);
	for (size_t i = 0; i < s->n_alarms; i++)
		tt_user_alarm_release(&s->alarms[i]);
	free(s->alarms);
	for (size_t i = 0; i < s->n_models; i++)
		tt_metric_model_release(&s->models[i]);
	free(s->models);
	tt_drawn_duration_release(&s->provisioning);
	tt_drawn_duration_release(&s->deprovisioning);
	tt_drawn_duration_release(&s->service);
	tt_workload_spec_release(&s->workload);
	tt_sv_scheduled_release(s);
	tt_sv_ic_release(s);
	tt_sv_hpa_release(s);
	for (size_t i = 0; i < s->n_expect; i++)
		free(s->expect[i].figure);
	free(s->expect);
	for (size_t i = 0; i < s->n_files; i++)
		free(s->files[i]);
	free(s->files);
	memset(s, 0, sizeof *s);
}

const tt_metric_model *tt_scenario_model(const tt_scenario *s,
                                         const char *metric_name)
{
	for (size_t i = 0; i < s->n_models; i++)
		if (!strcmp(s->models[i].metric_name, metric_name))
			return &s->models[i];
	return NULL;
}

/* True when the policy's metric publishes 10 s datapoints. */
static bool high_resolution(const tt_policy *p)
{
	return p->metric.kind == TT_METRIC_PREDEFINED &&
	       tt_predefined_get(p->metric.predefined)->high_resolution;
}

tt_alarm_shape tt_scenario_alarm_high(const tt_scenario *s, const tt_policy *p)
{
	return high_resolution(p) ? s->aws.alarm_high_hr : s->aws.alarm_high;
}

tt_alarm_shape tt_scenario_alarm_low(const tt_scenario *s, const tt_policy *p)
{
	return high_resolution(p) ? s->aws.alarm_low_hr : s->aws.alarm_low;
}

tt_time_us tt_scenario_metric_delay(const tt_scenario *s, const tt_policy *p)
{
	return high_resolution(p) ? s->aws.metric_delay_hr_us
	                          : s->aws.metric_delay_us;
}
