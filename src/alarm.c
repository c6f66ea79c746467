/*
 * alarm.c - "M out of N" alarm evaluation with CloudWatch's four
 * comparison operators and its treatments of missing data.
 */
#include "alarm.h"

#include <assert.h>

void tt_alarm_init(tt_alarm *a, tt_alarm_op op, double threshold,
                   tt_alarm_shape shape, tt_missing_data missing)
{
	assert(shape.datapoints >= 1 && shape.datapoints <= shape.periods);
	a->op = op;
	a->threshold = threshold;
	a->shape = shape;
	a->missing = missing;
	a->state = TT_ALARM_INSUFFICIENT_DATA;
	a->counted = false;
	a->newest = 0;
	a->present = 0;
	a->breaching = 0;
}

void tt_alarm_init_def(tt_alarm *a, const tt_alarm_def *def)
{
	tt_alarm_shape shape = {def->datapoints_to_alarm,
	                        def->evaluation_periods};
	tt_alarm_init(a, def->op, def->threshold, shape, def->missing);
}

/* Add (sign 1) or take out (sign -1) period k's part of the counts. */
static void count_period(tt_alarm *a, const tt_series *s, int64_t k, int sign)
{
	double v;
	if (!tt_series_get(s, k, &v))
		return; /* missing: the treatment applies at the end */
	a->present += sign;
	if (tt_alarm_breaches(a, v))
		a->breaching += sign;
}

/*
 * Whether period k can still be read as it was counted: it is before the
 * run (always missing) or still in the series' ring.
 */
static bool still_held(const tt_series *s, int64_t k)
{
	return k < 0 || k > s->newest - (int64_t)s->cap;
}

tt_alarm_state tt_alarm_evaluate(tt_alarm *a, const tt_series *s,
                                 int64_t newest)
{
	int n = a->shape.periods;
	int64_t leaving = newest - n; /* left the window just now */
	if (a->counted && newest == a->newest + 1 && still_held(s, leaving)) {
		/* the window slid by one: O(1) */
		count_period(a, s, leaving, -1);
		count_period(a, s, newest, 1);
	} else {
		a->present = 0;
		a->breaching = 0;
		for (int i = 0; i < n; i++)
			count_period(a, s, newest - i, 1);
	}
	a->counted = true;
	a->newest = newest;

	/* [doc] breaching / notBreaching count a missing datapoint as such;
	 * missing and ignore as neither (SPEC.md 12.2). */
	int breaching = a->breaching;
	if (a->missing == TT_MISSING_BREACHING)
		breaching += n - a->present;
	if (breaching >= a->shape.datapoints)
		a->state = TT_ALARM_ALARM;
	else if (a->present == 0 && a->missing == TT_MISSING_MISSING)
		a->state = TT_ALARM_INSUFFICIENT_DATA;
	else if (a->present == 0 && a->missing == TT_MISSING_IGNORE)
		; /* [doc] ignore: the state is kept */
	else
		a->state = TT_ALARM_OK;
	return a->state;
}

size_t tt_alarm_window(const tt_alarm *a, const tt_series *s, double *values,
                       unsigned char *present)
{
	if (!a->counted)
		return 0;
	size_t n = (size_t)a->shape.periods;
	for (size_t i = 0; i < n; i++) {
		int64_t k = a->newest - (int64_t)(n - 1 - i);
		double v = 0;
		present[i] = tt_series_get(s, k, &v);
		values[i] = v;
	}
	return n;
}
