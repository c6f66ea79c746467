/*
 * alarm.c - "M out of N" alarm evaluation.
 */
#include "alarm.h"

#include <assert.h>

void tt_alarm_init(tt_alarm *a, tt_alarm_cmp cmp, double threshold,
                   tt_alarm_shape shape)
{
	assert(shape.datapoints >= 1 && shape.datapoints <= shape.periods);
	a->cmp = cmp;
	a->threshold = threshold;
	a->shape = shape;
	a->state = TT_ALARM_INSUFFICIENT_DATA;
}

bool tt_alarm_breaches(const tt_alarm *a, double v)
{
	return a->cmp == TT_CMP_GREATER ? v > a->threshold : v < a->threshold;
}

tt_alarm_state tt_alarm_evaluate(tt_alarm *a, const tt_series *s,
                                 int64_t newest)
{
	int present = 0;
	int breaching = 0;
	for (int i = 0; i < a->shape.periods; i++) {
		double v;
		if (!tt_series_get(s, newest - i, &v))
			continue; /* missing: neither breaching nor not */
		present++;
		if (tt_alarm_breaches(a, v))
			breaching++;
	}
	if (present == 0)
		a->state = TT_ALARM_INSUFFICIENT_DATA;
	else if (breaching >= a->shape.datapoints)
		a->state = TT_ALARM_ALARM;
	else
		a->state = TT_ALARM_OK;
	return a->state;
}
