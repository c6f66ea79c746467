/*
 * alarm.h - a CloudWatch metric alarm's evaluation: "M out of N" over a
 * series of datapoints (SPEC.md 3 and 12.2).
 *
 * One alarm code serves both kinds of alarm a run has: the AlarmHigh /
 * AlarmLow pair Application Auto Scaling creates for each target-tracking
 * policy (GreaterThanThreshold / LessThanThreshold, N of N, missing data
 * `missing`), and the alarms a user wrote for step scaling (any of the
 * four ComparisonOperators, DatapointsToAlarm M of N, any
 * TreatMissingData).  The pair is the special case, not a second code.
 *
 * An alarm looks at the `periods` newest periods up to the one it is
 * evaluated at.  TreatMissingData says what a missing datapoint is:
 * `breaching` and `notBreaching` count it as such, `missing` and `ignore`
 * as neither.  ALARM when at least `datapoints` of the window breach;
 * else, when every datapoint is missing, INSUFFICIENT_DATA (`missing`) or
 * the state unchanged (`ignore`); else OK.  Periods before the start of
 * the run count as missing.
 *
 * The window slides: an evaluation one period after the last one counts
 * the period that enters and the one that leaves, not the whole window,
 * so a 90-period AlarmLow costs the same as a 3-period AlarmHigh.
 */
#ifndef TTSIM_ALARM_H
#define TTSIM_ALARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alarm_def.h"
#include "metrics.h"
#include "ttsim/decision.h"
#include "ttsim/scenario.h"

typedef struct tt_alarm {
	tt_alarm_op op;
	double threshold;
	tt_alarm_shape shape;    /* DatapointsToAlarm of EvaluationPeriods */
	tt_missing_data missing; /* TreatMissingData */
	tt_alarm_state state; /* starts INSUFFICIENT_DATA, as in CloudWatch */
	/*
	 * The window last counted: its newest period and, in it, the
	 * present and the breaching datapoints (counted == false: none yet).
	 */
	bool counted;
	int64_t newest;
	int present;
	int breaching;
} tt_alarm;

/*
 * An alarm comparing with `op` against `threshold`, `shape.datapoints` of
 * `shape.periods`, missing data treated as `missing` (TT_MISSING_MISSING
 * for target tracking's alarms).  1 <= datapoints <= periods.
 */
void tt_alarm_init(tt_alarm *a, tt_alarm_op op, double threshold,
                   tt_alarm_shape shape, tt_missing_data missing);

/* An alarm as its user defined it (a step policy's, SPEC.md 12.2). */
void tt_alarm_init_def(tt_alarm *a, const tt_alarm_def *def);

/*
 * Whether one datapoint `v` breaches the alarm's threshold under its
 * ComparisonOperator: >, >=, < or <= (so on the threshold only the
 * OrEqualTo operators breach).  The one breach rule: every alarm, and
 * every "which side of the threshold" question, asks it.
 */
static inline bool tt_alarm_breaches(const tt_alarm *a, double v)
{
	/* inline: each evaluation asks it twice, a datapoint once more */
	switch (a->op) {
	case TT_ALARM_OP_GE:
		return v >= a->threshold;
	case TT_ALARM_OP_GT:
		return v > a->threshold;
	case TT_ALARM_OP_LT:
		return v < a->threshold;
	case TT_ALARM_OP_LE:
		return v <= a->threshold;
	}
	return false;
}

/*
 * Evaluate over the window ending at period `newest` (the latest datapoint
 * visible now) and return the new state, which is also kept in a->state.
 * The series' periods up to `newest` must not change once an evaluation
 * has read them (datapoints are written in increasing order, before they
 * become visible).  An evaluation at newest = the last one + 1 reads two
 * periods; any other recounts the window.
 */
tt_alarm_state tt_alarm_evaluate(tt_alarm *a, const tt_series *s,
                                 int64_t newest);

/*
 * The window of the last evaluation, oldest first: values[i] and
 * present[i] for its `periods` periods (both arrays at least that long).
 * Returns the number written (0 before any evaluation).  For a step
 * policy's V (SPEC.md 12.3).
 */
size_t tt_alarm_window(const tt_alarm *a, const tt_series *s, double *values,
                       unsigned char *present);

#endif
