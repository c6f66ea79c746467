/*
 * step.h - a step scaling policy's configuration and its arithmetic.
 *
 * A StepScalingPolicyConfiguration (SPEC.md 12.1) arrives as a parsed
 * document node (node.h), from whichever form holds it (a PutScalingPolicy
 * request, describe-scaling-policies output, CloudFormation, Terraform,
 * inline in a scenario), and leaves as a tt_step_policy whose steps AWS's
 * rules have been checked on: no overlap, no gap, the null bounds where
 * they must be.  Finding the configuration inside each form is the form
 * readers' job (aws_forms.c, cfn.c, tf.c); this file knows one
 * configuration and nothing of files.
 *
 * The rest is pure arithmetic, SPEC.md 12.3 to 12.5, with no clock and no
 * state: which step a breach falls in, the new capacity a step asks for
 * (AWS's percent rounding, MinAdjustmentMagnitude, the clamp), the
 * direction, a scale-out during the cooldown computed from C0, and the
 * metric value a window of datapoints aggregates to.  The controller owns
 * the clocks and calls these.
 *
 *   diff = V - Threshold; the steps cover intervals of diff
 *
 *          (-inf, -20]  (-20, -10]  (-10, 0]  [0, 10)  [10, 20)  [20, +inf)
 *   -------------------------------------|-------------------------------->
 *        below: lower < diff <= upper    0     above: lower <= diff < upper
 *
 * Private to the library.
 */
#ifndef TTSIM_STEP_H
#define TTSIM_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "controller.h"
#include "node.h"
#include "ttsim/decision.h"
#include "ttsim/diag.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"

/* AdjustmentType, in the API's order. */
typedef enum tt_adjustment_type {
	TT_ADJ_CHANGE_IN_CAPACITY,
	TT_ADJ_PERCENT_CHANGE_IN_CAPACITY,
	TT_ADJ_EXACT_CAPACITY
} tt_adjustment_type;

/* MetricAggregationType. */
typedef enum tt_step_aggregation {
	TT_STEP_AGG_AVERAGE,
	TT_STEP_AGG_MINIMUM,
	TT_STEP_AGG_MAXIMUM
} tt_step_aggregation;

/* "ChangeInCapacity", ...; "Average", ...: the API spellings. */
const char *tt_adjustment_type_name(tt_adjustment_type t);
const char *tt_step_aggregation_name(tt_step_aggregation a);

/*
 * One StepAdjustment.  Bounds are relative to the alarm's threshold; an
 * absent bound is unbounded (has_lower false: -infinity, has_upper
 * false: +infinity).  Every value keeps where it was written.
 */
typedef struct tt_step_adjustment {
	bool has_lower, has_upper;
	double lower, upper;
	int64_t adjustment; /* ScalingAdjustment: an int32 in the API */
	tt_loc loc;         /* the step's map */
	tt_loc lower_loc, upper_loc, adjustment_loc; /* zeroed when absent */
} tt_step_adjustment;

/* AWS's default Cooldown when the configuration gives none. */
#define TT_STEP_COOLDOWN_DEFAULT_US (300 * TT_US_PER_S)

typedef struct tt_step_policy {
	char *name; /* never NULL once read */
	tt_loc loc; /* the StepScalingPolicyConfiguration map */
	tt_adjustment_type adjustment_type;
	tt_loc adjustment_type_loc;
	tt_step_adjustment *steps; /* in input order, n_steps >= 1 */
	size_t n_steps;
	tt_loc steps_loc; /* the StepAdjustments list */
	/* PercentChangeInCapacity only (0: none); read but unused otherwise */
	int64_t min_adjustment_magnitude;
	tt_loc min_adjustment_loc;
	tt_time_us cooldown_us; /* TT_STEP_COOLDOWN_DEFAULT_US when absent */
	tt_loc cooldown_loc;
	tt_step_aggregation aggregation; /* Average when absent */
} tt_step_policy;

/*
 * Read and check a StepScalingPolicyConfiguration map into *out, named
 * `policy_name` (copied; NULL: "policy").  Errors, each at its place:
 * TT_EINVAL for unknown keys (with a "did you mean"), wrong types, a
 * missing AdjustmentType or StepAdjustments, an unknown enum value and
 * every step rule of tt_step_policy_check; TT_ERANGE for a
 * ScalingAdjustment outside int32, a negative MinAdjustmentMagnitude or a
 * Cooldown outside [0, 86400] s.  A MinAdjustmentMagnitude with another
 * AdjustmentType than PercentChangeInCapacity is a warning in `notes`
 * (may be NULL).  On success *out is the caller's (tt_step_policy_release);
 * on failure it is left empty.
 */
tt_code tt_step_from_node(const tt_node *config, const char *policy_name,
                          tt_diag_list *notes, tt_step_policy *out, tt_diag *d);

/*
 * AWS's rules on the steps (SPEC.md 12.1), for a policy built by any
 * reader: at least one step; ExactCapacity adjustments >= 0; a step
 * leaving out both bounds only when it is the only one; lower < upper;
 * at most one step without a lower bound and at most one without an
 * upper; a negative lower bound needs a step without one, a positive
 * upper bound likewise; no overlap and no gap between the steps taken in
 * order.  TT_EINVAL at the offending step or bound.
 */
tt_code tt_step_policy_check(const tt_step_policy *p, tt_diag *d);

/* Release what a policy owns.  Accepts NULL and a zeroed policy. */
void tt_step_policy_release(tt_step_policy *p);

/* ---- the knobs these rules read (SPEC.md 16) ---- */

/*
 * The knobs the arithmetic reads, taken from the scenario's (tt_aws_knobs,
 * whose enums ttsim/scenario.h declares, as a scenario holds them).
 */
typedef struct tt_step_knobs {
	tt_step_tie_side tie_side;       /* operator */
	tt_step_window window;           /* alarm */
	bool min_adjustment_on_scale_in; /* true */
} tt_step_knobs;

/* Fill `k` with SPEC.md 16's defaults (tt_aws_knobs_default's). */
void tt_step_knobs_default(tt_step_knobs *k);

/* Fill `k` from a scenario's knobs. */
void tt_step_knobs_from_aws(tt_step_knobs *k, const tt_aws_knobs *aws);

/* "operator", "above", "below"; "alarm", "last"; "policy", "target": the
 * scenario spellings (NULL past the last, so a reader can list them). */
const char *tt_step_tie_side_name(tt_step_tie_side t);
const char *tt_step_window_name(tt_step_window w);
const char *tt_step_cooldown_scope_name(tt_step_cooldown_scope c);

/* ---- the arithmetic (SPEC.md 12.3 - 12.5) ---- */

/*
 * V: MetricAggregationType over the datapoints of a window (values[i]
 * with present[i] nonzero, oldest first; present NULL: all present), or
 * with TT_STEP_WINDOW_LAST the newest present one alone.  False when none
 * is present: no action, no record.
 */
bool tt_step_metric_value(tt_step_aggregation agg, tt_step_window window,
                          const double *values, const unsigned char *present,
                          size_t n, double *out);

/*
 * Whether `step` contains diff = V - Threshold: lower <= diff < upper
 * above the threshold, lower < diff <= upper below it; for diff == 0,
 * `above` says which of the two applies.
 */
bool tt_step_contains(const tt_step_adjustment *step, double diff, bool above);

/*
 * The step a breach of `diff` falls in, or NULL when none contains it
 * (no action, no record).  `alarm_above` is the alarm's side (true for
 * the GreaterThan... operators), read only for diff == 0 with
 * TT_STEP_TIE_OPERATOR.  Steps never overlap in a checked policy, so at
 * most one matches.
 */
const tt_step_adjustment *tt_step_choose(const tt_step_policy *p, double diff,
                                         tt_step_tie_side tie,
                                         bool alarm_above);

/*
 * PercentChangeInCapacity's change for capacity C and percent a, C x a /
 * 100 computed exactly in integers: 0 < |C x a| < 100 gives +-1, anything
 * else is truncated toward zero (12.7 -> 12, 0.67 -> 1, -0.58 -> -1,
 * -6.67 -> -6).  C x a must fit in an int64_t (a capacity and an int32
 * always do).
 */
int64_t tt_step_percent_delta(int64_t capacity, int64_t percent);

/*
 * MinAdjustmentMagnitude m applied to a change: 0 < delta < m gives m;
 * -m < delta < 0 gives -m when `on_scale_in`; else delta unchanged (and
 * always when m <= 0).
 */
int64_t tt_step_min_magnitude(int64_t delta, int64_t m, bool on_scale_in);

/*
 * The capacity a step with ScalingAdjustment `a` asks for from capacity
 * C, before the clamp: C + a; a; or C + the percent change after
 * MinAdjustmentMagnitude (applied for PercentChangeInCapacity only).
 */
int64_t tt_step_raw_capacity(const tt_step_policy *p, int64_t a, int capacity,
                             const tt_step_knobs *k);

/*
 * The direction a step asks for: the sign of a, or for ExactCapacity the
 * sign of a - C.  TT_DIR_NONE (a = 0, or ExactCapacity a = C) asks for
 * nothing: AlreadyAtDesiredCapacity.
 */
tt_direction tt_step_direction(const tt_step_policy *p, int64_t a,
                               int capacity);

/* What a step invocation computes. */
typedef struct tt_step_outcome {
	tt_direction direction;
	int64_t raw; /* N before the clamp */
	int to;      /* N clamped to the bounds in force */
} tt_step_outcome;

/*
 * A step invocation outside any cooldown: direction, N and N clamped
 * (tt_capacity_clamp, controller.h, the one clamp).  Capacity C is the
 * current desired capacity.
 */
tt_step_outcome tt_step_new_capacity(const tt_step_policy *p, int64_t a,
                                     int capacity, const tt_step_knobs *k,
                                     tt_bounds bounds);

/*
 * A scale-out step while the scale-out cooldown runs (SPEC.md 12.5): N
 * is computed from c0, the capacity before the initiating scale-out (an
 * ExactCapacity step ignores c0: N = a), and clamped into *to.  True when
 * N > capacity, the current desired capacity: apply it, which adds only
 * the difference.  False: nothing to apply (section 10 names the
 * reason).  For a step whose direction is out (tt_step_direction from
 * the current capacity).
 */
bool tt_step_cooldown_scale_out(const tt_step_policy *p, int64_t a, int c0,
                                int capacity, const tt_step_knobs *k,
                                tt_bounds bounds, int *to);

#endif
