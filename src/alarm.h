/*
 * alarm.h - the AlarmHigh / AlarmLow pair Application Auto Scaling creates.
 *
 * An alarm looks at the last `periods` visible datapoints and goes to ALARM
 * when at least `datapoints` of them breach.  Missing datapoints never
 * breach (CloudWatch's default `missing` treatment); a window with no
 * datapoint at all is INSUFFICIENT_DATA.  Periods before the start of the
 * run count as missing.
 */
#ifndef TTSIM_ALARM_H
#define TTSIM_ALARM_H

#include <stdbool.h>
#include <stdint.h>

#include "metrics.h"
#include "ttsim/decision.h"
#include "ttsim/scenario.h"

typedef enum tt_alarm_cmp {
	TT_CMP_GREATER, /* breach when value > threshold */
	TT_CMP_LESS     /* breach when value < threshold */
} tt_alarm_cmp;

typedef struct tt_alarm {
	tt_alarm_cmp cmp;
	double threshold;
	tt_alarm_shape shape;
	tt_alarm_state state; /* starts INSUFFICIENT_DATA, as in CloudWatch */
} tt_alarm;

void tt_alarm_init(tt_alarm *a, tt_alarm_cmp cmp, double threshold,
                   tt_alarm_shape shape);

/*
 * Whether one datapoint `v` breaches the alarm's threshold: v > threshold
 * for TT_CMP_GREATER, v < threshold for TT_CMP_LESS (CloudWatch's
 * GreaterThanThreshold and LessThanThreshold; a value on the threshold
 * never breaches).
 */
bool tt_alarm_breaches(const tt_alarm *a, double v);

/*
 * Evaluate over the window ending at period `newest` (the latest datapoint
 * visible now) and return the new state, which is also kept in a->state.
 */
tt_alarm_state tt_alarm_evaluate(tt_alarm *a, const tt_series *s,
                                 int64_t newest);

#endif
