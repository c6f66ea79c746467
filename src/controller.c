/*
 * controller.c - target tracking's decisions, cooldowns and reason codes.
 *
 * One evaluation runs in two steps, as AAS does: first every policy whose
 * AlarmHigh is in ALARM proposes a capacity and the largest wins (scale out
 * if any policy asks); only when no policy asks to scale out does scale-in
 * get a vote, and then every policy that may scale in must have its
 * AlarmLow in ALARM, and the largest proposal wins again (the most
 * conservative removal).  The [doc]/[obs]/[ours] tags refer to SPEC.md.
 *
 * The arithmetic those decisions share with the rest of the library (the
 * capacity formula and its epsilon, the clamp to [min, max], which side of
 * which alarm threshold a metric is on) is written here once: sim.c's
 * elasticity demand and metric_check.c's steady-state map call it rather
 * than restate it.
 */
#include "controller.h"

#include <assert.h>
#include <math.h>

void tt_controller_init(tt_controller *c, const tt_scenario *s)
{
	c->s = s;
	c->desired = s->initial_capacity;
	c->bounds = tt_scenario_bounds(s);
	c->out_end_us = 0;
	c->out_c0 = s->initial_capacity;
	c->out_in_progress = 0;
	c->in_end_us = 0;
	c->in_in_progress = 0;
}

int64_t tt_capacity_ceil(double instances)
{
	/*
	 * The epsilon keeps exact quotients exact: 2 * 140 / 70 is 4 in
	 * decimal but may come out a hair above 4 in binary, and ceil would
	 * then add an instance nobody asked for.
	 */
	double n = ceil(instances - TT_CAPACITY_EPSILON);
	if (n > TT_CAPACITY_FORMULA_MAX)
		return TT_CAPACITY_FORMULA_MAX;
	if (!(n >= 0)) /* negative, or NaN from a metric that has none */
		return 0;
	return (int64_t)n;
}

int64_t tt_capacity_formula(int capacity, double metric, double target)
{
	return tt_capacity_ceil((double)capacity * metric / target);
}

tt_bounds tt_scenario_bounds(const tt_scenario *s)
{
	return (tt_bounds){s->min_capacity, s->max_capacity};
}

int tt_capacity_clamp(tt_bounds b, int64_t n)
{
	if (n < b.min)
		return b.min;
	if (n > b.max)
		return b.max;
	return (int)n;
}

void tt_controller_alarms_init(tt_alarm *high, tt_alarm *low, double target,
                               double low_ratio, tt_alarm_shape high_shape,
                               tt_alarm_shape low_shape)
{
	/* SPEC.md 3: AlarmHigh is "metric > TargetValue", AlarmLow is
	 * "metric < low_ratio x TargetValue"; on a threshold, neither. */
	tt_alarm_init(high, TT_CMP_GREATER, target, high_shape);
	tt_alarm_init(low, TT_CMP_LESS,
	              tt_scale_in_threshold(target, low_ratio), low_shape);
}

/* The two alarms of one datapoint, for a question about a single value. */
static void one_datapoint_alarms(tt_alarm *high, tt_alarm *low, double target,
                                 double low_ratio)
{
	tt_alarm_shape one = {1, 1};
	tt_controller_alarms_init(high, low, target, low_ratio, one, one);
}

bool tt_controller_breaches_high(double metric, double target)
{
	tt_alarm high, low;
	/* AlarmHigh does not depend on the ratio: any valid one will do. */
	one_datapoint_alarms(&high, &low, target, TT_LOW_RATIO_DEFAULT);
	return tt_alarm_breaches(&high, metric);
}

bool tt_controller_breaches_low(double metric, double target, double low_ratio)
{
	tt_alarm high, low;
	one_datapoint_alarms(&high, &low, target, low_ratio);
	return tt_alarm_breaches(&low, metric);
}

/* The endpoint is `Updating` while any activity is in progress. */
static bool updating(const tt_controller *c)
{
	return c->out_in_progress + c->in_in_progress > 0;
}

/*
 * SPEC 10, rule 3: a cooldown runs from the completion of its activity to
 * completion + its length; none runs while an activity of its direction
 * is still in progress, so a 0 s cooldown never runs.
 */
static bool out_cooling(const tt_controller *c, tt_time_us now)
{
	return c->out_in_progress == 0 && now < c->out_end_us;
}

static bool in_cooling(const tt_controller *c, tt_time_us now)
{
	return c->in_in_progress == 0 && now < c->in_end_us;
}

static tt_decision decision(tt_action action, tt_direction dir, tt_reason r,
                            size_t policy, int from, int to)
{
	tt_decision d = {action, dir, r, policy, from, to};
	return d;
}

/*
 * Why an asked-for change in direction `dir` from `from` to `to` does not
 * happen, or TT_REASON_NONE when it does: the first rule of SPEC 10 that
 * holds.  `cooldown_blocks` is rule 3 for this direction.
 */
static tt_reason refusal(const tt_controller *c, tt_direction dir, int from,
                         int to, bool cooldown_blocks)
{
	const tt_scenario *s = c->s;
	bool out = dir == TT_DIR_OUT;
	if (out ? from >= c->bounds.max : from <= c->bounds.min)
		return out ? TT_REASON_ALREADY_AT_MAX_CAPACITY
		           : TT_REASON_ALREADY_AT_MIN_CAPACITY;
	if (updating(c) && s->aws.block_while_updating)
		return TT_REASON_UNSCALABLE;
	if (cooldown_blocks)
		return TT_REASON_IN_COOLDOWN;
	if (out ? to <= from : to >= from)
		return out ? TT_REASON_ALREADY_AT_DESIRED_CAPACITY
		           : TT_REASON_ANTICIPATED_FLAPPING;
	return TT_REASON_NONE;
}

/* Scale out: any policy with AlarmHigh in ALARM; largest capacity wins. */
static bool decide_out(tt_controller *c, tt_time_us now,
                       const tt_policy_view *views, tt_decision *out)
{
	const tt_scenario *s = c->s;
	bool relative = s->aws.scale_out_cooldown == TT_OUT_COOLDOWN_RELATIVE;
	/* [ours] from the initiating decision until its cooldown ends,
	 * count from the capacity before it (SPEC 5 and 10). */
	int base = relative && now < c->out_end_us ? c->out_c0 : c->desired;
	bool any = false;
	size_t best = 0;
	int64_t best_raw = 0;
	for (size_t i = 0; i < s->n_policies; i++) {
		const tt_policy_view *v = &views[i];
		if (!v->evaluated || v->high != TT_ALARM_ALARM || !v->has_value)
			continue;
		int64_t raw = tt_capacity_formula(base, v->value,
		                                  s->policies[i].target_value);
		if (!any || raw > best_raw) {
			any = true;
			best = i;
			best_raw = raw;
		}
	}
	if (!any || s->scale_out_suspended)
		return false;

	int from = c->desired;
	int to = tt_capacity_clamp(c->bounds, best_raw);
	bool cooling = out_cooling(c, now);
	tt_reason r = refusal(c, TT_DIR_OUT, from, to,
	                      cooling && (!relative || to <= from));
	if (r != TT_REASON_NONE) {
		*out = decision(TT_ACTION_NOT_SCALED, TT_DIR_OUT, r, best, from,
		                to);
		return true;
	}
	/* A scale-out taken in the cooldown becomes the initiating one; its
	 * cooldown runs from its own completion. */
	c->out_c0 = from;
	c->out_end_us = TT_TIME_MAX;
	c->out_in_progress++;
	/* [doc] a scale-out ends the scale-in cooldown at once, and a
	 * scale-in still in progress starts none when it completes. */
	if (now < c->in_end_us)
		c->in_end_us = now;
	c->desired = to;
	*out = decision(TT_ACTION_SCALE_OUT, TT_DIR_OUT, TT_REASON_NONE, best,
	                from, to);
	return true;
}

/* Scale in: every policy with a vote has AlarmLow in ALARM. */
static bool decide_in(tt_controller *c, tt_time_us now,
                      const tt_policy_view *views, tt_decision *out)
{
	const tt_scenario *s = c->s;
	bool voters = false;
	bool invoked = false;
	size_t best = 0;
	int64_t best_raw = 0;
	for (size_t i = 0; i < s->n_policies; i++) {
		const tt_policy_view *v = &views[i];
		if (s->policies[i].disable_scale_in)
			continue;
		if (v->low != TT_ALARM_ALARM || !v->has_value)
			return false; /* one voter says no: no scale-in */
		if (v->evaluated)
			invoked = true;
		/* From the desired count, not the in-service one that still
		 * holds instances being removed (SPEC 10). */
		int64_t raw = tt_capacity_formula(c->desired, v->value,
		                                  s->policies[i].target_value);
		if (!voters || raw > best_raw) {
			best = i;
			best_raw = raw;
		}
		voters = true;
	}
	/* Only an alarm evaluated now invokes the policy. */
	if (!voters || !invoked || s->scale_in_suspended)
		return false;

	int from = c->desired;
	int to = tt_capacity_clamp(c->bounds, best_raw);
	bool cooling = in_cooling(c, now) ||
	               (out_cooling(c, now) &&
	                !s->aws.scale_in_during_scale_out_cooldown);
	tt_reason r = refusal(c, TT_DIR_IN, from, to, cooling);
	if (r != TT_REASON_NONE) {
		*out = decision(TT_ACTION_NOT_SCALED, TT_DIR_IN, r, best, from,
		                to);
		return true;
	}
	c->in_end_us = TT_TIME_MAX;
	c->in_in_progress++;
	c->desired = to;
	*out = decision(TT_ACTION_SCALE_IN, TT_DIR_IN, TT_REASON_NONE, best,
	                from, to);
	return true;
}

tt_decision tt_controller_evaluate(tt_controller *c, tt_time_us now,
                                   const tt_policy_view *views)
{
	tt_decision d = decision(TT_ACTION_NONE, TT_DIR_NONE, TT_REASON_NONE, 0,
	                         c->desired, c->desired);
	/* Scale-out first: availability wins over cost, and one record per
	 * evaluation (SPEC 10). */
	if (!decide_out(c, now, views, &d))
		decide_in(c, now, views, &d);
	return d;
}

void tt_controller_activity_done(tt_controller *c, tt_time_us now,
                                 const tt_decision *dec)
{
	const tt_policy *p = &c->s->policies[dec->policy];
	assert(updating(c));
	/* [doc] the cooldown clock starts when the activity completes. */
	if (dec->action == TT_ACTION_SCALE_OUT) {
		if (--c->out_in_progress == 0)
			c->out_end_us = now + p->scale_out_cooldown_us;
	} else if (dec->action == TT_ACTION_SCALE_IN) {
		/* in_end below TT_TIME_MAX: a scale-out since ended it. */
		if (--c->in_in_progress == 0 && c->in_end_us == TT_TIME_MAX)
			c->in_end_us = now + p->scale_in_cooldown_us;
	}
}

double tt_target_from_load_test(double max_rps, double safety_factor)
{
	return max_rps * safety_factor * 60.0;
}
