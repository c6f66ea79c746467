/*
 * controller.h - Application Auto Scaling's target-tracking decisions.
 *
 * Given the alarm states and latest visible datapoints of every policy on
 * one scalable target, decide what AAS would do at this evaluation: scale
 * out, scale in, or record NotScaled with AWS's reason code.  SPEC.md
 * sections 4-6 and 10 are the contract; the controller holds the cooldown
 * clocks and the "Updating" flag, nothing else.  It does not touch the
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

typedef struct tt_decision {
	tt_action action;
	tt_direction direction;
	tt_reason reason; /* for TT_ACTION_NOT_SCALED */
	size_t policy;    /* the policy whose result decided */
	int from;         /* desired capacity before */
	int to;           /* desired capacity asked for (NotScaled: computed) */
} tt_decision;

typedef struct tt_controller {
	const tt_scenario *s;
	int desired;
	tt_bounds bounds; /* in force; tt_scenario_bounds at init */

	/*
	 * out_end is where the initiating scale-out's cooldown ends:
	 * TT_TIME_MAX from its decision until its activity completes, 0
	 * before any scale-out.  Until then capacity counts from out_c0.  The
	 * cooldown itself runs only once no scale-out is in progress (SPEC
	 * 10, rule 3).  in_end is the same for scale-in; a scale-out ends it
	 * at once, and a scale-in completing after that starts none.  While
	 * any activity is in progress the endpoint is Updating.
	 */
	tt_time_us out_end_us;
	int out_c0;          /* the capacity before the initiating scale-out */
	int out_in_progress; /* scale-out activities not yet completed */
	tt_time_us in_end_us;
	int in_in_progress;
} tt_controller;

void tt_controller_init(tt_controller *c, const tt_scenario *s);

/*
 * Decide at time `now` from one view per policy (views[i] belongs to
 * s->policies[i]).  A scale decision updates c->desired and marks an
 * activity in progress; the caller carries it out and later calls
 * tt_controller_activity_done with the decision.
 */
tt_decision tt_controller_evaluate(tt_controller *c, tt_time_us now,
                                   const tt_policy_view *views);

/*
 * An activity started by `dec` completed at `now`: the endpoint is back in
 * service and, once no activity of that direction is left, its cooldown
 * (the deciding policy's) starts.
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
