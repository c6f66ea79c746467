/*
 * decision.h - the vocabulary of a scaling decision as the outputs record
 * it: an alarm's state, the action taken, its direction and AWS's reason
 * code when nothing was scaled.  The alarms (alarm.h) and the controller
 * (controller.h) that produce them are internal to the library.
 */
#ifndef TTSIM_DECISION_H
#define TTSIM_DECISION_H

typedef enum tt_alarm_state {
	TT_ALARM_INSUFFICIENT_DATA,
	TT_ALARM_OK,
	TT_ALARM_ALARM
} tt_alarm_state;

/* "OK", "ALARM", "INSUFFICIENT_DATA". */
const char *tt_alarm_state_name(tt_alarm_state st);

typedef enum tt_reason {
	TT_REASON_NONE,
	TT_REASON_ALREADY_AT_MAX_CAPACITY,
	TT_REASON_ALREADY_AT_MIN_CAPACITY,
	TT_REASON_ALREADY_AT_DESIRED_CAPACITY,
	TT_REASON_ANTICIPATED_FLAPPING,
	TT_REASON_UNSCALABLE, /* TargetServicePutResourceAsUnscalable */
	TT_REASON_IN_COOLDOWN,
	TT_REASON_COUNT
} tt_reason;

/* AWS's reason code, e.g. "AutoScalingAnticipatedFlapping". */
const char *tt_reason_name(tt_reason r);

typedef enum tt_action {
	TT_ACTION_NONE,
	TT_ACTION_SCALE_OUT,
	TT_ACTION_SCALE_IN,
	TT_ACTION_NOT_SCALED
} tt_action;

typedef enum tt_direction { TT_DIR_NONE, TT_DIR_OUT, TT_DIR_IN } tt_direction;

/* "out", "in" */
const char *tt_direction_name(tt_direction d);

#endif
