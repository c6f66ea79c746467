/*
 * controller.c - scaling decisions, cooldowns and reason codes.
 *
 * Target tracking proposes in two steps, as AAS does: first every policy
 * whose AlarmHigh is in ALARM proposes a capacity and the largest wins
 * (scale out if any policy asks); only when no policy asks to scale out
 * does scale-in get a vote, and then every policy that may scale in must
 * have its AlarmLow in ALARM, and the largest proposal wins again (the
 * most conservative removal).  Each step policy invoked at the same
 * instant proposes too, from its step and its own clocks (SPEC.md 12.4,
 * 12.5), and the proposals compete (12.6): the one place that happens is
 * tt_controller_decide.  Nothing changes until the winner is committed.
 * The [doc]/[obs]/[ours] tags refer to SPEC.md.
 *
 * The arithmetic those decisions share with the rest of the library (the
 * capacity formula and its epsilon, the clamp to [min, max], which side of
 * which alarm threshold a metric is on) is written here once: sim.c's
 * elasticity demand and metric_check.c's steady-state map call it rather
 * than restate it.
 */
#include "controller.h"

#include <assert.h>
#include <stdlib.h>

#include "step.h"

void tt_controller_init(tt_controller *c, const tt_scenario *s)
{
	c->s = s;
	c->desired = s->initial_capacity;
	c->bounds = tt_scenario_bounds(s);
	c->tt = (tt_cooldown){0, s->initial_capacity, 0, 0, 0};
	c->step_cd = NULL;
	c->in_progress = 0;
}

/*
 * The step knobs of SPEC.md 16 (the scenario's aws: map), read here and
 * nowhere else in the engine.
 */
static void step_knobs(const tt_scenario *s, tt_step_knobs *k)
{
	tt_step_knobs_from_aws(k, &s->aws);
}

static bool step_cooldown_per_policy(const tt_scenario *s)
{
	return s->aws.step_cooldown_scope == TT_STEP_COOLDOWN_POLICY;
}

tt_time_us tt_controller_action_repeat_us(const tt_scenario *s)
{
	return s->aws.alarm_action_repeat_us;
}

tt_code tt_controller_steps_init(tt_controller *c)
{
	const tt_scenario *s = c->s;
	if (s->n_step_policies == 0 || !step_cooldown_per_policy(s))
		return TT_OK; /* scope target: every policy on c->tt */
	c->step_cd = calloc(s->n_step_policies, sizeof *c->step_cd);
	if (!c->step_cd)
		return TT_ENOMEM;
	for (size_t i = 0; i < s->n_step_policies; i++)
		c->step_cd[i].out_c0 = s->initial_capacity;
	return TT_OK;
}

void tt_controller_release(tt_controller *c)
{
	if (!c)
		return;
	free(c->step_cd);
	c->step_cd = NULL;
}

int64_t tt_capacity_ceil(double instances)
{
	/*
	 * The epsilon keeps exact quotients exact: 2 * 140 / 70 is 4 in
	 * decimal but may come out a hair above 4 in binary, and ceil would
	 * then add an instance nobody asked for.
	 */
	double x = instances - TT_CAPACITY_EPSILON;
	/*
	 * The value is ceil(x) clamped to [0, TT_CAPACITY_FORMULA_MAX], NaN
	 * giving 0, computed without a call to libm's ceil (baseline x86-64
	 * has no rounding instruction, and this runs twice a period):
	 *
	 *   x <= 0 or NaN: ceil(x) <= 0 (a -0.0 included), so 0.
	 *   x > MAX: ceil(x) > MAX, MAX being whole, so MAX.
	 *   0 < x <= MAX < 2^53: the cast truncates toward zero, exactly,
	 *   to t = floor(x), and (double)t is exact; ceil(x) is t when x
	 *   is whole (t == x) and t + 1 when it is not (t < x).
	 */
	if (!(x > 0)) /* negative, or NaN from a metric that has none */
		return 0;
	if (x > TT_CAPACITY_FORMULA_MAX)
		return TT_CAPACITY_FORMULA_MAX;
	int64_t t = (int64_t)x;
	return (double)t < x ? t + 1 : t;
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
	tt_alarm_init(high, TT_ALARM_OP_GT, target, high_shape,
	              TT_MISSING_MISSING);
	tt_alarm_init(low, TT_ALARM_OP_LT,
	              tt_scale_in_threshold(target, low_ratio), low_shape,
	              TT_MISSING_MISSING);
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

/* The target is `Updating` while any activity is in progress. */
static bool updating(const tt_controller *c)
{
	return c->in_progress > 0;
}

/*
 * SPEC 10, rule 3: a cooldown runs from the completion of its activity to
 * completion + its length; none runs while an activity of its clock and
 * direction is still in progress, so a 0 s cooldown never runs.
 */
static bool out_cooling(const tt_cooldown *k, tt_time_us now)
{
	return k->out_in_progress == 0 && now < k->out_end_us;
}

static bool in_cooling(const tt_cooldown *k, tt_time_us now)
{
	return k->in_in_progress == 0 && now < k->in_end_us;
}

/*
 * The clocks a policy reads and starts: target tracking's pair for its
 * policies, the step policy's own pair (SPEC 12.5, 16.1), or target
 * tracking's with step_cooldown_scope: target.
 */
static tt_cooldown *clock_of(tt_controller *c, bool step, size_t policy)
{
	return step && c->step_cd ? &c->step_cd[policy] : &c->tt;
}

static tt_decision decision(tt_action action, tt_direction dir, tt_reason r,
                            size_t policy, int from, int to)
{
	tt_decision d = {action, dir, r, false, policy, TT_NO_ALARM, from, to};
	return d;
}

/*
 * Why an asked-for change in direction `dir` from `from` to `to` does not
 * happen, or TT_REASON_NONE when it does: the first rule of SPEC 10 that
 * holds.  `cooldown_blocks` is rule 3 for this direction.  Rule 4 for a
 * scale-in reads AutoScalingAnticipatedFlapping for target tracking (the
 * formula would remove nothing) and AlreadyAtDesiredCapacity for a step
 * (SPEC 12.5).
 */
static tt_reason refusal(const tt_controller *c, tt_direction dir, int from,
                         int to, bool cooldown_blocks, bool step)
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
		return out || step ? TT_REASON_ALREADY_AT_DESIRED_CAPACITY
		                   : TT_REASON_ANTICIPATED_FLAPPING;
	return TT_REASON_NONE;
}

/* The decision a proposal in direction `dir` makes, refused or not. */
static tt_action action_of(tt_direction dir, tt_reason r)
{
	if (r != TT_REASON_NONE)
		return TT_ACTION_NOT_SCALED;
	return dir == TT_DIR_OUT ? TT_ACTION_SCALE_OUT : TT_ACTION_SCALE_IN;
}

/* Scale out: any policy with AlarmHigh in ALARM; largest capacity wins. */
static bool tt_propose_out(tt_controller *c, tt_time_us now,
                           const tt_policy_view *views, tt_decision *out)
{
	const tt_scenario *s = c->s;
	const tt_cooldown *k = &c->tt;
	bool relative = s->aws.scale_out_cooldown == TT_OUT_COOLDOWN_RELATIVE;
	/* [ours] from the initiating decision until its cooldown ends,
	 * count from the capacity before it (SPEC 5 and 10). */
	int base = relative && now < k->out_end_us ? k->out_c0 : c->desired;
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
	bool cooling = out_cooling(k, now);
	tt_reason r = refusal(c, TT_DIR_OUT, from, to,
	                      cooling && (!relative || to <= from), false);
	*out = decision(action_of(TT_DIR_OUT, r), TT_DIR_OUT, r, best, from,
	                to);
	return true;
}

/* Scale in: every policy with a vote has AlarmLow in ALARM. */
static bool tt_propose_in(tt_controller *c, tt_time_us now,
                          const tt_policy_view *views, tt_decision *out)
{
	const tt_scenario *s = c->s;
	const tt_cooldown *k = &c->tt;
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
	bool cooling = in_cooling(k, now) ||
	               (out_cooling(k, now) &&
	                !s->aws.scale_in_during_scale_out_cooldown);
	tt_reason r = refusal(c, TT_DIR_IN, from, to, cooling, false);
	*out = decision(action_of(TT_DIR_IN, r), TT_DIR_IN, r, best, from, to);
	return true;
}

/*
 * One step invocation's proposal (SPEC 12.3 - 12.5), from the current
 * desired capacity and the policy's own clocks.  False when it proposes
 * nothing and records nothing: no step contains diff, or its direction
 * is suspended (SPEC 10, rule 0; 12.6).
 *
 *   Cooldown 60 s, provisioning 300 s, block_while_updating, alarm in
 *   ALARM from t, invoked every 60 s (S12):
 *
 *   t: +1      t+60 .. t+240            t+300          t+360
 *   |--------- Updating ---------------|-- cooldown --|
 *   scale_out  Unscalable              InCooldown     scale_out
 *              (completion comes first at t+300: from C0, N = C)
 */
static bool step_propose(tt_controller *c, tt_time_us now,
                         const tt_step_invocation *inv, tt_decision *out)
{
	const tt_scenario *s = c->s;
	const tt_step_policy *p = &s->step_policies[inv->policy];
	tt_step_knobs k;
	step_knobs(s, &k);
	const tt_step_adjustment *st = tt_step_choose(
	        p, inv->value - inv->threshold, k.tie_side, inv->alarm_above);
	if (!st)
		return false; /* [doc, by omission] no step: no action */
	int from = c->desired;
	tt_direction dir = tt_step_direction(p, st->adjustment, from);
	tt_decision d = {TT_ACTION_NOT_SCALED,
	                 dir,
	                 TT_REASON_ALREADY_AT_DESIRED_CAPACITY,
	                 true,
	                 inv->policy,
	                 inv->alarm,
	                 from,
	                 from};
	if (dir == TT_DIR_NONE) {
		/* a = 0, or ExactCapacity a = C: asks for nothing (label) */
		*out = d;
		return true;
	}
	if (dir == TT_DIR_OUT ? s->scale_out_suspended : s->scale_in_suspended)
		return false;

	const tt_cooldown *cd = clock_of(c, true, inv->policy);
	bool relative = s->aws.scale_out_cooldown == TT_OUT_COOLDOWN_RELATIVE;
	bool cooling;
	if (dir == TT_DIR_OUT) {
		/* [doc] in the cooldown (and, block off, from the decision)
		 * N counts from C0 and only the difference is added */
		if (relative && now < cd->out_end_us)
			tt_step_cooldown_scale_out(p, st->adjustment,
			                           cd->out_c0, from, &k,
			                           c->bounds, &d.to);
		else
			d.to = tt_step_new_capacity(p, st->adjustment, from, &k,
			                            c->bounds)
			               .to;
		cooling = out_cooling(cd, now) && (!relative || d.to <= from);
	} else {
		d.to = tt_step_new_capacity(p, st->adjustment, from, &k,
		                            c->bounds)
		               .to;
		cooling = in_cooling(cd, now) ||
		          (out_cooling(cd, now) &&
		           !s->aws.scale_in_during_scale_out_cooldown);
	}
	d.reason = refusal(c, dir, from, d.to, cooling, true);
	d.action = action_of(dir, d.reason);
	*out = d;
	return true;
}

/* A direction's precedence among refused proposals: out first (SPEC 10). */
static int direction_rank(tt_direction dir)
{
	return dir == TT_DIR_OUT ? 2 : dir == TT_DIR_IN ? 1 : 0;
}

/*
 * Whether proposal a wins over b, the earlier one (SPEC 12.6 and 10):
 * one that changes capacity over one that does not; among changes the
 * largest N, in both directions (a scale-out's N is above every
 * scale-in's); among refusals out before in, then the largest N.  Ties
 * keep the earlier: input order.
 */
static bool beats(const tt_decision *a, const tt_decision *b)
{
	bool ca = a->action != TT_ACTION_NOT_SCALED;
	bool cb = b->action != TT_ACTION_NOT_SCALED;
	if (ca != cb)
		return ca;
	if (!ca && a->direction != b->direction)
		return direction_rank(a->direction) >
		       direction_rank(b->direction);
	return a->to > b->to;
}

/* End a scale-in cooldown at `now`, running or still to start. */
static void end_scale_in_cooldown(tt_cooldown *k, tt_time_us now)
{
	if (now < k->in_end_us)
		k->in_end_us = now;
}

/* Carry out the winning proposal's part: clocks, Updating, capacity. */
static void commit(tt_controller *c, tt_time_us now, const tt_decision *d)
{
	tt_cooldown *k = clock_of(c, d->step, d->policy);
	if (d->action == TT_ACTION_SCALE_OUT) {
		/* A scale-out taken in the cooldown becomes the initiating
		 * one; its cooldown runs from its own completion. */
		k->out_c0 = d->from;
		k->out_end_us = TT_TIME_MAX;
		k->out_in_progress++;
		/* [doc] any scale-out on the target, step or target
		 * tracking, ends every scale-in cooldown at once, and a
		 * scale-in still in progress starts none when it completes. */
		end_scale_in_cooldown(&c->tt, now);
		if (c->step_cd)
			for (size_t i = 0; i < c->s->n_step_policies; i++)
				end_scale_in_cooldown(&c->step_cd[i], now);
	} else {
		k->in_end_us = TT_TIME_MAX;
		k->in_in_progress++;
	}
	c->in_progress++;
	c->desired = d->to;
}

tt_decision tt_controller_decide(tt_controller *c, tt_time_us now,
                                 const tt_policy_view *views,
                                 const tt_step_invocation *inv, size_t n_inv)
{
	tt_decision best = decision(TT_ACTION_NONE, TT_DIR_NONE, TT_REASON_NONE,
	                            0, c->desired, c->desired);
	tt_decision d;
	bool have = false;
	/* Target tracking: scale-out first, availability wins over cost,
	 * and one proposal per evaluation (SPEC 10). */
	if (views && (tt_propose_out(c, now, views, &d) ||
	              tt_propose_in(c, now, views, &d))) {
		best = d;
		have = true;
	}
	/* [doc] every policy acting now proposes from the same capacity;
	 * the largest N wins both ways (SPEC 12.6).  The target-tracking
	 * scale-in vote counted its own policies only, so a step scale-in
	 * is not blocked by them. */
	for (size_t i = 0; i < n_inv; i++) {
		if (step_propose(c, now, &inv[i], &d) &&
		    (!have || beats(&d, &best))) {
			best = d;
			have = true;
		}
	}
	if (best.action == TT_ACTION_SCALE_OUT ||
	    best.action == TT_ACTION_SCALE_IN)
		commit(c, now, &best);
	return best;
}

tt_decision tt_controller_evaluate(tt_controller *c, tt_time_us now,
                                   const tt_policy_view *views)
{
	return tt_controller_decide(c, now, views, NULL, 0);
}

void tt_controller_activity_done(tt_controller *c, tt_time_us now,
                                 const tt_decision *dec)
{
	tt_cooldown *k = clock_of(c, dec->step, dec->policy);
	tt_time_us out_us, in_us;
	if (dec->step) {
		/* [doc] one Cooldown serves both of a step policy's clocks */
		out_us = in_us = c->s->step_policies[dec->policy].cooldown_us;
	} else {
		const tt_policy *p = &c->s->policies[dec->policy];
		out_us = p->scale_out_cooldown_us;
		in_us = p->scale_in_cooldown_us;
	}
	assert(updating(c));
	c->in_progress--;
	/* [doc] the cooldown clock starts when the activity completes. */
	if (dec->action == TT_ACTION_SCALE_OUT) {
		if (--k->out_in_progress == 0)
			k->out_end_us = now + out_us;
	} else if (dec->action == TT_ACTION_SCALE_IN) {
		/* in_end below TT_TIME_MAX: a scale-out since ended it. */
		if (--k->in_in_progress == 0 && k->in_end_us == TT_TIME_MAX)
			k->in_end_us = now + in_us;
	}
}

double tt_target_from_load_test(double max_rps, double safety_factor)
{
	return max_rps * safety_factor * 60.0;
}
