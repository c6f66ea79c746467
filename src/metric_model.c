/*
 * metric_model.c - the value a custom metric's declared model gives one
 * instance (scenario `metrics:`): linear, a load-test curve, or a recorded
 * CloudWatch series rescaled by capacity.
 */
#include "ttsim/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void tt_metric_model_release(tt_metric_model *m)
{
	if (!m)
		return;
	free(m->metric_name);
	free(m->points);
	free(m->rec_us);
	free(m->rec_values);
	memset(m, 0, sizeof *m);
}

/* Piecewise-linear interpolation in a table sorted by rps. */
static double curve_value(const tt_curve_point *p, size_t n, double rps)
{
	if (rps <= p[0].rps)
		return p[0].value;
	if (rps >= p[n - 1].rps)
		return p[n - 1].value;
	size_t lo = 0, hi = n - 1; /* p[lo].rps <= rps < p[hi].rps */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (p[mid].rps <= rps)
			lo = mid;
		else
			hi = mid;
	}
	double f = (rps - p[lo].rps) / (p[hi].rps - p[lo].rps);
	return p[lo].value + f * (p[hi].value - p[lo].value);
}

/* The recorded value in force at t: the latest sample at or before t. */
static double recorded_value(const tt_metric_model *m, tt_time_us t)
{
	size_t lo = 0, hi = m->n_rec;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (m->rec_us[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return m->rec_values[lo];
}

double tt_metric_model_value(const tt_metric_model *m, double rps,
                             tt_time_us t_us, double in_service)
{
	double v = 0;
	switch (m->kind) {
	case TT_MODEL_LINEAR:
		v = m->idle + m->per_rps * rps;
		break;
	case TT_MODEL_CURVE:
		v = curve_value(m->points, m->n_points, rps);
		break;
	case TT_MODEL_RECORDED:
		/* the same total work spread over a different fleet */
		v = recorded_value(m, t_us) * m->recorded_capacity /
		    (in_service > 0 ? in_service : 1);
		break;
	}
	if (v > m->max)
		v = m->max;
	if (v < m->min)
		v = m->min;
	return v;
}
