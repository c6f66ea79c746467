/*
 * decision.c - the names a decision's vocabulary has in the outputs.
 */
#include "ttsim/decision.h"

const char *tt_alarm_state_name(tt_alarm_state st)
{
	switch (st) {
	case TT_ALARM_OK:
		return "OK";
	case TT_ALARM_ALARM:
		return "ALARM";
	case TT_ALARM_INSUFFICIENT_DATA:
		break;
	}
	return "INSUFFICIENT_DATA";
}

static const char *const reason_names[TT_REASON_COUNT] = {
        [TT_REASON_NONE] = "",
        [TT_REASON_ALREADY_AT_MAX_CAPACITY] = "AlreadyAtMaxCapacity",
        [TT_REASON_ALREADY_AT_MIN_CAPACITY] = "AlreadyAtMinCapacity",
        [TT_REASON_ALREADY_AT_DESIRED_CAPACITY] = "AlreadyAtDesiredCapacity",
        [TT_REASON_ANTICIPATED_FLAPPING] = "AutoScalingAnticipatedFlapping",
        [TT_REASON_UNSCALABLE] = "TargetServicePutResourceAsUnscalable",
        [TT_REASON_IN_COOLDOWN] = "InCooldown",
};

const char *tt_reason_name(tt_reason r)
{
	if ((unsigned)r >= TT_REASON_COUNT)
		return "";
	return reason_names[r];
}

const char *tt_direction_name(tt_direction d)
{
	switch (d) {
	case TT_DIR_OUT:
		return "out";
	case TT_DIR_IN:
		return "in";
	case TT_DIR_NONE:
		break;
	}
	return "";
}
