/*
 * scenario_ic.c - an inference component target (SPEC.md 13).
 *
 * `resource: inference-component/NAME` scales copies of a model, and the
 * copies run on instances that follow them; `inference_component:` says
 * how (SPEC.md 16's knobs, DESIGN.md's keys).  The block is optional on
 * such a target, where every default applies, and refused on any other,
 * so a knob never silently does nothing.
 *
 * A component at zero wakes only through a step policy on
 * NoCapacityInvocationFailures: with no copy serving, target tracking
 * has no datapoint to act on (SPEC.md 13.2).  `wake_from_zero` writes
 * that policy and its alarm as AWS's documentation or its sample
 * notebooks do (SPEC.md 13.3), as an ordinary step policy and user alarm
 * (step.h, alarm_def.h): nothing after the loader can tell them from ones
 * the user wrote.
 *
 * MinCapacity 0 is the other half: valid here, and valid on an endpoint
 * variant only for an asynchronous endpoint, which nothing in a scenario
 * shows (`aws.variant_min_zero`).
 */
#include "scenario_ic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "aws_forms.h"
#include "step.h"

#define COPY_LOAD_DEFAULT_US (150 * TT_US_PER_S)
#define INSTANCE_RELEASE_DEFAULT_US (10 * TT_US_PER_MIN)
#define RESOLUTION_STANDARD_US (60 * TT_US_PER_S)
#define RESOLUTION_HIGH_US (10 * TT_US_PER_S)

const char *const tt_sv_ic_packing_names[] = {"fill", "spread", NULL};
const char *const tt_sv_wake_preset_names[] = {"none", "doc", "notebook", NULL};
const char *const tt_sv_variant_min_zero_names[] = {"warn", "error", NULL};

static bool is_ic(const tt_scenario *s)
{
	return s->resource_type &&
	       !strcmp(s->resource_type->dimension, TT_SV_IC_DIMENSION);
}

/* endpoint/E/variant/V, provisioned instances or serverless concurrency */
static bool is_variant(const tt_scenario *s)
{
	static const char prefix[] = "sagemaker:variant:";
	return s->resource_type &&
	       !strncmp(s->resource_type->dimension, prefix, sizeof prefix - 1);
}

static bool is_no_capacity(const tt_metric_spec *m)
{
	return m->kind == TT_METRIC_CUSTOM && !m->math && m->metric_name &&
	       m->namespace_ && !strcmp(m->namespace_, "AWS/SageMaker") &&
	       !strcmp(m->metric_name, TT_SV_NO_CAPACITY_METRIC);
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

/* SPEC.md 16's defaults; instances.max waits for copies_per_instance. */
static void ic_defaults(tt_ic_config *ic)
{
	memset(ic, 0, sizeof *ic);
	ic->on = true;
	ic->copies_per_instance = 1;
	ic->packing = TT_IC_PACKING_FILL;
	ic->copy_load = tt_drawn_fixed(COPY_LOAD_DEFAULT_US);
	ic->instance_release_us = INSTANCE_RELEASE_DEFAULT_US;
	ic->no_capacity_resolution_us = RESOLUTION_STANDARD_US;
	ic->wake_from_zero = TT_WAKE_NONE;
}

/* The failures' resolution is undocumented [ours]: a standard or a
 * high-resolution metric's, nothing else. */
static tt_code read_resolution(const tt_node *n, tt_time_us *out, tt_diag *d)
{
	tt_time_us v;
	tt_code rc = tt_sv_duration(n, "no_capacity_resolution", &v, d);
	if (rc)
		return rc;
	if (v != RESOLUTION_STANDARD_US && v != RESOLUTION_HIGH_US)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'no_capacity_resolution' must be 60s or "
		                   "10s, got %s",
		                   tt_sv_text(n));
	*out = v;
	return TT_OK;
}

/* The block's scalar knobs; `instances` and the preset come after. */
static tt_code read_knobs(tt_scenario *s, const tt_node *b, const char *dir,
                          tt_diag *d)
{
	tt_ic_config *ic = &s->ic;
	const tt_node *n;
	int64_t v;
	int e;
	tt_code rc;

	if ((n = tt_node_map_get(b, "copies_per_instance"))) {
		if ((rc = tt_node_int(n, "copies_per_instance", 1,
		                      TT_SV_CAPACITY_MAX, &v, d)))
			return rc;
		ic->copies_per_instance = (int)v;
	}
	if ((n = tt_node_map_get(b, "ic_packing"))) {
		if ((rc = tt_sv_enum(n, "ic_packing", tt_sv_ic_packing_names,
		                     &e, d)))
			return rc;
		ic->packing = (tt_ic_packing)e;
	}
	/* one reader for every delay drawn per instance */
	if ((n = tt_node_map_get(b, "copy_load")) &&
	    (rc = tt_sv_drawn(s, n, dir, "inference_component.copy_load",
	                      TT_SV_PER_INSTANCE, &ic->copy_load, d)))
		return rc;
	/* 0 is allowed: an empty instance goes at once */
	if ((n = tt_node_map_get(b, "instance_release")) &&
	    (rc = tt_sv_duration(n, "instance_release",
	                         &ic->instance_release_us, d)))
		return rc;
	if ((n = tt_node_map_get(b, "no_capacity_resolution")) &&
	    (rc = read_resolution(n, &ic->no_capacity_resolution_us, d)))
		return rc;
	return TT_OK;
}

/*
 * `instances: {min, max}`, the variant's ManagedInstanceScaling
 * MinInstanceCount and MaxInstanceCount.  Max defaults to the instances
 * capacity.max copies need, so by default no copy is ever left pending.
 * *max_at is where max is written (zeroed when it is the default).
 */
static tt_code read_instances(tt_scenario *s, const tt_node *b, tt_loc *max_at,
                              tt_diag *d)
{
	static const char *const keys[] = {"min", "max", NULL};
	tt_ic_config *ic = &s->ic;
	const tt_node *m = b ? tt_node_map_get(b, "instances") : NULL;
	const tt_node *lo, *hi;
	int64_t v;
	tt_code rc;

	ic->min_instances = 0;
	ic->max_instances =
	        (int)ceil_div(s->max_capacity, ic->copies_per_instance);
	if (!m)
		return TT_OK;
	if ((rc = tt_node_expect_map(m, "instances", d)) ||
	    (rc = tt_node_check_keys_hint(m, "inference_component.instances",
	                                  keys, d)))
		return rc;
	if ((lo = tt_node_map_get(m, "min"))) {
		if ((rc = tt_node_int(lo, "min", 0, TT_SV_CAPACITY_MAX, &v, d)))
			return rc;
		ic->min_instances = (int)v;
	}
	if ((hi = tt_node_map_get(m, "max"))) {
		if ((rc = tt_node_int(hi, "max", 1, TT_SV_CAPACITY_MAX, &v, d)))
			return rc;
		ic->max_instances = (int)v;
		*max_at = hi->loc;
	}
	/* max is at least 1, so a min above it was written */
	if (ic->min_instances > ic->max_instances)
		return tt_diag_set(d, TT_EINVAL, lo->loc,
		                   "'min' must be <= 'max', got %d > %d%s",
		                   ic->min_instances, ic->max_instances,
		                   hi ? ""
		                      : " (the default 'max': the instances "
		                        "'capacity.max' copies need)");
	return TT_OK;
}

/*
 * The copies the run starts with need their instances ([ours]: an
 * error, rather than a run that starts with copies pending).  Copies
 * that capacity.max allows beyond what instances.max holds are valid in
 * AWS and stay pending: a warning.  Only a written max can cause either
 * (the default holds capacity.max copies), so both point at it.
 */
static tt_code check_fit(tt_scenario *s, tt_loc max_at, tt_diag *d)
{
	const tt_ic_config *ic = &s->ic;
	int64_t per = ic->copies_per_instance;
	int64_t need = ceil_div(s->initial_capacity, per);
	int64_t room = ic->max_instances * per;

	if (need > ic->max_instances)
		return tt_diag_set(d, TT_EINVAL, max_at,
		                   "'max' must be >= %lld (the instances the "
		                   "%d initial copies need at %d per "
		                   "instance), got %d",
		                   (long long)need, s->initial_capacity,
		                   ic->copies_per_instance, ic->max_instances);
	if (s->max_capacity > room)
		return tt_diag_list_add(
		        &s->notes, TT_SEV_WARNING, max_at,
		        "'instances.max' %d holds %lld copies at %d per "
		        "instance, fewer than 'capacity.max' %d: copies beyond "
		        "%lld stay pending",
		        ic->max_instances, (long long)room,
		        ic->copies_per_instance, s->max_capacity,
		        (long long)room);
	return TT_OK;
}

/* ---- the wake-up presets (SPEC.md 13.3) ---- */

/* What the presets' alarms differ in; the rest is one datapoint of 1. */
typedef struct wake_alarm {
	tt_statistic statistic;
	int period_s;
	tt_alarm_op op;
} wake_alarm;

static const wake_alarm wake_alarms[] = {
        /* [doc] Sum > 1: two failures in a minute */
        [TT_WAKE_DOC] = {TT_STAT_SUM, 60, TT_ALARM_OP_GT},
        /* [obs: AWS notebooks] Maximum >= 1: one failure */
        [TT_WAKE_NOTEBOOK] = {TT_STAT_MAXIMUM, 30, TT_ALARM_OP_GE},
};

/* The policy or alarm of the scenario called `name`: its kind and
 * place, or false. */
static bool name_taken(const tt_scenario *s, const char *name,
                       const char **what, tt_loc *at)
{
	for (size_t i = 0; i < s->n_policies; i++)
		if (!strcmp(s->policies[i].name, name)) {
			*what = "policy";
			*at = s->policies[i].loc;
			return true;
		}
	for (size_t i = 0; i < s->n_step_policies; i++)
		if (!strcmp(s->step_policies[i].name, name)) {
			*what = "policy";
			*at = s->step_policies[i].loc;
			return true;
		}
	for (size_t i = 0; i < s->n_alarms; i++)
		if (!strcmp(s->alarms[i].def->name, name)) {
			*what = "alarm";
			*at = s->alarms[i].def->name_loc;
			return true;
		}
	return false;
}

/* Both presets' policy: ChangeInCapacity +1 from the threshold up,
 * Maximum, Cooldown 60 [doc]. */
static tt_code preset_policy(tt_loc at, tt_step_policy *out, tt_diag *d)
{
	tt_code rc;

	memset(out, 0, sizeof *out);
	out->name = tt_sv_strdup(TT_SV_WAKE_NAME);
	out->steps = calloc(1, sizeof *out->steps);
	if (!out->name || !out->steps) {
		tt_step_policy_release(out);
		return tt_diag_nomem(d, at);
	}
	out->loc = out->adjustment_type_loc = out->steps_loc = at;
	out->cooldown_loc = at;
	out->adjustment_type = TT_ADJ_CHANGE_IN_CAPACITY;
	out->steps[0] = (tt_step_adjustment){.has_lower = true,
	                                     .lower = 0,
	                                     .adjustment = 1,
	                                     .loc = at,
	                                     .lower_loc = at,
	                                     .adjustment_loc = at};
	out->n_steps = 1;
	out->cooldown_us = 60 * TT_US_PER_S;
	out->aggregation = TT_STEP_AGG_MAXIMUM;
	/* as every reader's policy is; it cannot fail */
	if ((rc = tt_step_policy_check(out, d)))
		tt_step_policy_release(out);
	return rc;
}

/* The preset's alarm on the component's NoCapacityInvocationFailures. */
static tt_code preset_alarm(const tt_scenario *s, tt_wake_preset w, tt_loc at,
                            tt_alarm_def *out, tt_diag *d)
{
	const wake_alarm *wa = &wake_alarms[w];
	/* inference-component/NAME: the resource check made sure */
	const char *component = strchr(s->resource, '/') + 1;

	memset(out, 0, sizeof *out);
	out->name = tt_sv_strdup(TT_SV_WAKE_NAME);
	out->namespace_ = tt_sv_strdup("AWS/SageMaker");
	out->metric_name = tt_sv_strdup(TT_SV_NO_CAPACITY_METRIC);
	if ((out->dimensions = calloc(1, sizeof *out->dimensions))) {
		out->n_dimensions = 1; /* counted first: release frees it */
		out->dimensions[0].name =
		        tt_sv_strdup("InferenceComponentName");
		out->dimensions[0].value = tt_sv_strdup(component);
		out->dimensions[0].loc = at;
	}
	if (!out->name || !out->namespace_ || !out->metric_name ||
	    !out->dimensions || !out->dimensions[0].name ||
	    !out->dimensions[0].value) {
		tt_alarm_def_release(out);
		return tt_diag_nomem(d, at);
	}
	out->loc = out->name_loc = out->metric_loc = at;
	out->statistic_loc = out->period_loc = out->evaluation_loc = at;
	out->threshold_loc = out->op_loc = at;
	out->statistic = wa->statistic;
	out->period_us = wa->period_s * TT_US_PER_S;
	out->evaluation_periods = 1;
	out->datapoints_to_alarm = 1;
	out->threshold = 1;
	out->op = wa->op;
	out->missing = TT_MISSING_MISSING;
	out->actions_enabled = true;
	return TT_OK;
}

/*
 * Add preset `w`'s step policy and its alarm, every part located at the
 * `wake_from_zero` key.  The names are the preset's own: one the user
 * gave a policy or an alarm already is an error, as two alike would be.
 */
static tt_code add_wake_preset(tt_scenario *s, tt_wake_preset w, tt_loc at,
                               tt_diag *d)
{
	tt_step_policy p;
	tt_alarm_def def;
	size_t alarm, policy;
	const char *what;
	tt_loc had;
	tt_code rc;

	if (name_taken(s, TT_SV_WAKE_NAME, &what, &had))
		return tt_diag_set(d, TT_EINVAL, at,
		                   "the wake_from_zero preset adds a step "
		                   "scaling policy and an alarm named '%s', "
		                   "and the %s at %s:%d:%d has that name "
		                   "(rename it)",
		                   TT_SV_WAKE_NAME, what,
		                   had.file ? had.file : "?", had.line,
		                   had.col);
	if ((rc = preset_policy(at, &p, d)) ||
	    (rc = tt_aws_add_step_policy(s, &p, at, d)))
		return rc;
	policy = s->n_step_policies - 1;
	if ((rc = preset_alarm(s, w, at, &def, d)) ||
	    (rc = tt_aws_add_alarm(s, &def, &alarm, d)))
		return rc;
	return tt_aws_alarm_invokes(s, alarm, policy, d);
}

/* `wake_from_zero: none | doc | notebook`; left out, none (`none`
 * written lets a sweep or --set switch a preset off). */
static tt_code read_wake(tt_scenario *s, const tt_node *b, tt_diag *d)
{
	const tt_node_entry *e = tt_node_map_find(b, "wake_from_zero");
	int v;
	tt_code rc;

	if (!e)
		return TT_OK;
	if ((rc = tt_sv_enum(e->value, "wake_from_zero",
	                     tt_sv_wake_preset_names, &v, d)))
		return rc;
	s->ic.wake_from_zero = (tt_wake_preset)v;
	if (s->ic.wake_from_zero == TT_WAKE_NONE)
		return TT_OK;
	return add_wake_preset(s, s->ic.wake_from_zero, e->key_loc, d);
}

/* ---- the section ---- */

tt_code tt_sv_ic(tt_scenario *s, const tt_node *root, const char *dir,
                 tt_diag *d)
{
	static const char *const keys[] = {
	        "copies_per_instance",    "ic_packing", "copy_load",
	        "instance_release",       "instances",  "wake_from_zero",
	        "no_capacity_resolution", NULL};
	const tt_node_entry *e = tt_node_map_find(root, "inference_component");
	const tt_node *b = e ? e->value : NULL;
	tt_loc max_at = {0};
	tt_code rc;

	if (!is_ic(s))
		return e ? tt_diag_set(d, TT_EINVAL, e->key_loc,
		                       "'inference_component' needs 'resource: "
		                       "inference-component/NAME', got "
		                       "resource '%s'",
		                       s->resource)
		         : TT_OK;
	ic_defaults(&s->ic);
	if (b) {
		s->ic.loc = b->loc;
		if ((rc = tt_node_expect_map(b, "inference_component", d)) ||
		    (rc = tt_node_check_keys_hint(b, "inference_component",
		                                  keys, d)) ||
		    (rc = read_knobs(s, b, dir, d)))
			return rc;
	}
	if ((rc = read_instances(s, b, &max_at, d)) ||
	    (rc = check_fit(s, max_at, d)))
		return rc;
	return b ? read_wake(s, b, d) : TT_OK;
}

/* Whether a step policy wakes the component: an alarm on
 * NoCapacityInvocationFailures invokes one. */
static bool wakes(const tt_scenario *s)
{
	for (size_t i = 0; i < s->n_alarms; i++)
		if (is_no_capacity(&s->alarms[i].metric) &&
		    s->alarms[i].n_policies)
			return true;
	return false;
}

tt_code tt_sv_ic_check(tt_scenario *s, tt_diag *d)
{
	if (s->min_capacity != 0)
		return TT_OK;
	/* [doc] only an asynchronous endpoint scales a variant to zero */
	if (is_variant(s) &&
	    s->aws.variant_min_zero == TT_VARIANT_MIN_ZERO_ERROR)
		return tt_diag_set(d, TT_EINVAL, s->locs.min,
		                   "MinCapacity 0 on endpoint variant '%s' is "
		                   "valid only for an asynchronous endpoint "
		                   "(aws.variant_min_zero: error)",
		                   s->resource);
	if (is_variant(s))
		return tt_diag_list_add(
		        &s->notes, TT_SEV_WARNING, s->locs.min,
		        "MinCapacity 0 on endpoint variant '%s' is valid only "
		        "for an asynchronous endpoint, which the ResourceId "
		        "does not show ('aws.variant_min_zero: error' refuses "
		        "it)",
		        s->resource);
	/* [doc] target tracking has no datapoint at zero: step scaling
	 * is required to scale out from it */
	if (s->ic.on && !wakes(s))
		return tt_diag_list_add(
		        &s->notes, TT_SEV_WARNING, s->locs.min,
		        "inference component '%s' has MinCapacity 0 and no "
		        "step scaling policy on NoCapacityInvocationFailures: "
		        "it would never wake from zero (add "
		        "'inference_component.wake_from_zero: doc')",
		        s->resource);
	return TT_OK;
}

void tt_sv_ic_release(tt_scenario *s)
{
	if (s)
		tt_drawn_duration_release(&s->ic.copy_load);
}
