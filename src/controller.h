/*
 * controller.h - Application Auto Scaling's scaling decisions.
 *
 * Given the alarm states and latest visible datapoints of every
 * target-tracking policy on one scalable target, and the step policies
 * their alarms invoke at this instant, decide what AAS would do: scale
 * out, scale in, or record NotScaled with AWS's reason code.  SPEC.md
 * sections 4-6, 10 and 12.4-12.6 are the contract; the controller holds
 * the cooldown clocks (target tracking's pair, and a pair per step
 * policy) and the "Updating" count, nothing else.  It does not touch the
 * fleet: the caller applies the decision and reports back when the
 * activity completes.
 *
 *   scale-out cooldown (relative mode), ScaleOutCooldown = 300 s:
 *
 *   t0: scale out C0=4 -> 6     activity completes       cooldown ends
 *   |--------- Updating -------|------- 300 s --------|
 *   [ N = ceil(C0 * M / T); act only if N > C (=6)    ][ N = ceil(C * M / T)
 *   [ no cooldown runs: N <= C is   ][ N <= C is InCooldown ]
 *   [ AlreadyAtDesiredCapacity      ]
 */
#ifndef TTSIM_CONTROLLER_H
#define TTSIM_CONTROLLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alarm.h"
#include "ttsim/decision.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"

/*
 * The capacity limits in force: the scenario's MinCapacity and
 * MaxCapacity, until a scheduled action changes them (SPEC.md 14).
 */
typedef struct tt_bounds {
	int min;
	int max;
} tt_bounds;

/* What one policy shows the controller at an evaluation. */
typedef struct tt_policy_view {
	bool evaluated;      /* its alarms were evaluated just now */
	tt_alarm_state high; /* current AlarmHigh state */
	tt_alarm_state low;  /* current AlarmLow state */
	bool has_value;      /* latest visible datapoint exists */
	double value;
} tt_policy_view;

/* tt_decision.alarm and tt_step_invocation.alarm when no user alarm. */
#define TT_NO_ALARM SIZE_MAX

/*
 * One step policy invoked by one of its alarms at this instant (SPEC.md
 * 12.2, 12.3): V, the alarm's threshold and its side.  The controller
 * chooses the step from diff = V - threshold.
 */
typedef struct tt_step_invocation {
	size_t policy;    /* index into s->step_policies */
	size_t alarm;     /* index into s->alarms: the invoking alarm */
	double value;     /* V, MetricAggregationType over the window */
	double threshold; /* the alarm's */
	bool alarm_above; /* tt_alarm_op_above of the alarm's operator */
} tt_step_invocation;

typedef struct tt_decision {
	tt_action action;
	tt_direction direction;
	tt_reason reason; /* for TT_ACTION_NOT_SCALED */
	bool step;        /* policy indexes s->step_policies, not s->policies */
	size_t policy;    /* the policy whose result decided */
	size_t alarm;     /* the user alarm that invoked it, or TT_NO_ALARM */
	int from;         /* desired capacity before */
	int to;           /* desired capacity asked for (NotScaled: computed) */
} tt_decision;

/*
 * The two cooldown clocks of one policy (SPEC.md 5, 10 and 12.5).
 *
 * out_end is where the initiating scale-out's cooldown ends: TT_TIME_MAX
 * from its decision until its activity completes, 0 before any
 * scale-out.  Until then capacity counts from out_c0.  The cooldown
 * itself runs only once no scale-out of this clock is in progress (SPEC
 * 10, rule 3).  in_end is the same for scale-in; any scale-out on the
 * target ends it at once, and a scale-in completing after that starts
 * none.
 */
typedef struct tt_cooldown {
	tt_time_us out_end_us;
	int out_c0;          /* the capacity before the initiating scale-out */
	int out_in_progress; /* scale-out activities not yet completed */
	tt_time_us in_end_us;
	int in_in_progress;
} tt_cooldown;

/*
 * alarm_action_repeat as `s` runs with it: how long after an alarm's
 * last invocation it invokes its policies again while still in ALARM (0:
 * at every evaluation).  The other step knobs are read in controller.c
 * alone.
 */
tt_time_us tt_controller_action_repeat_us(const tt_scenario *s);

typedef struct tt_controller {
	const tt_scenario *s;
	int desired;
	tt_bounds bounds; /* in force; tt_scenario_bounds at init */
	tt_cooldown tt;   /* target tracking's clocks, shared by its policies */
	/*
	 * One pair of clocks per step policy (NULL without step policies, or
	 * with step_cooldown_scope: target, where every policy uses `tt`).
	 */
	tt_cooldown *step_cd;
	/* Activities of any policy not yet completed: while there are, the
	 * target is Updating. */
	int in_progress;
} tt_controller;

/*
 * Start at the scenario's initial capacity, no cooldown running, no
 * clocks for step policies yet (tt_controller_steps_init adds them).
 */
void tt_controller_init(tt_controller *c, const tt_scenario *s);

/*
 * Give each of the scenario's step policies its clocks.  TT_ENOMEM; the
 * controller then stays usable for target tracking alone.  Release with
 * tt_controller_release.
 */
tt_code tt_controller_steps_init(tt_controller *c);

/* Free what the controller owns.  Accepts NULL. */
void tt_controller_release(tt_controller *c);

/*
 * Decide at time `now` from one view per target-tracking policy (views[i]
 * belongs to s->policies[i]; NULL when no target-tracking alarm was
 * evaluated now) and the step invocations of this instant (SPEC.md
 * 12.6): every policy acting proposes from the same capacity, the
 * proposals that change capacity compete and the largest N wins both
 * ways; when none changes it, one NotScaled is recorded (scale-out first,
 * then the largest N, ties in input order: target tracking, then the
 * invocations in order).  A scale decision updates c->desired and marks
 * an activity in progress; the caller carries it out and later calls
 * tt_controller_activity_done with the decision.
 */
tt_decision tt_controller_decide(tt_controller *c, tt_time_us now,
                                 const tt_policy_view *views,
                                 const tt_step_invocation *inv, size_t n_inv);

/* tt_controller_decide with target tracking alone. */
tt_decision tt_controller_evaluate(tt_controller *c, tt_time_us now,
                                   const tt_policy_view *views);

/*
 * An activity started by `dec` completed at `now`: the target is back in
 * service and, once no activity of that clock and direction is left, its
 * cooldown (the deciding policy's) starts.
 */
void tt_controller_activity_done(tt_controller *c, tt_time_us now,
                                 const tt_decision *dec);

/*
 * Target tracking's arithmetic, each rule written once: the engine's
 * controller, its elasticity demand (sim.c) and metric-check's
 * steady-state map (metric_check.c) all go through these.
 */

/* Subtracted before rounding up: see tt_capacity_ceil. */
#define TT_CAPACITY_EPSILON 1e-9
/* The largest count the formula returns; far past any max capacity, and
 * exact in a double and an int64_t. */
#define TT_CAPACITY_FORMULA_MAX 1000000000

/*
 * The instances that carry `instances` instance-loads:
 * ceil(instances - TT_CAPACITY_EPSILON), so that a quotient that is whole
 * in decimal but a hair above in binary does not gain an instance; 0 for
 * a negative value or NaN, at most TT_CAPACITY_FORMULA_MAX.
 */
int64_t tt_capacity_ceil(double instances);

/*
 * The capacity formula of SPEC.md section 4, unclamped:
 * tt_capacity_ceil(capacity * metric / target).
 */
int64_t tt_capacity_formula(int capacity, double metric, double target);

/* The scenario's own limits. */
tt_bounds tt_scenario_bounds(const tt_scenario *s);

/* `n` clamped to [b.min, b.max]: the one clamp. */
int tt_capacity_clamp(tt_bounds b, int64_t n);

/*
 * Initialise the two alarms target tracking creates for a policy of
 * TargetValue `target` (SPEC.md 3): AlarmHigh breaches when the metric is
 * above the target, AlarmLow when it is below
 * tt_scale_in_threshold(target, low_ratio); on a threshold, neither.
 */
void tt_controller_alarms_init(tt_alarm *high, tt_alarm *low, double target,
                               double low_ratio, tt_alarm_shape high_shape,
                               tt_alarm_shape low_shape);

/*
 * Whether one datapoint `metric` breaches AlarmHigh (scale out) or
 * AlarmLow (scale in), as the alarms of tt_controller_alarms_init judge
 * it.  With low_ratio <= 1 at most one of the two holds.
 */
bool tt_controller_breaches_high(double metric, double target);
bool tt_controller_breaches_low(double metric, double target, double low_ratio);

/*
 * SageMaker's rule for choosing a target by load test (SPEC.md 7):
 * TargetValue = MAX_RPS * SAFETY_FACTOR * 60 invocations per instance per
 * minute.
 */
double tt_target_from_load_test(double max_rps, double safety_factor);

#endif
