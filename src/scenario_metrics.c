/*
 * scenario_metrics.c - the `metrics:` section of a scenario: how each
 * custom metric responds to load and capacity.
 *
 *   metrics:
 *     CPUUtilization: {model: linear, idle: 3, per_rps: 2.1, max: 100}
 *     GPUUtilization: {model: curve, points: [[0, 5], [20, 70], [40, 100]]}
 *     MemoryUtilization: {model: recorded, file: memory.json, capacity: 4}
 *
 * Every model also takes `noise` (a standard deviation, drawn per instance)
 * and `min` / `max` bounds.  A recorded model reads a CloudWatch export
 * (get-metric-statistics or get-metric-data JSON) of the metric.  Every
 * number of a model, in the scenario or in its export, is within
 * +-TT_SV_METRIC_VALUE_MAX, CloudWatch's own range, checked where it is
 * read: a model can never make a datapoint infinite.
 */
#include "scenario_values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A number of a metric model: finite, >= lo (-HUGE_VAL: no bound of its
 * own), and within +-TT_SV_METRIC_VALUE_MAX, so that no figure built from
 * it can overflow (scenario_values.h says why).
 */
static tt_code model_number(const tt_node *n, const char *what, double lo,
                            double *out, tt_diag *d)
{
	tt_code rc = lo > -HUGE_VAL ? tt_sv_number_ge(n, what, lo, out, d)
	                            : tt_node_number(n, what, out, d);
	if (rc)
		return rc;
	if (*out > TT_SV_METRIC_VALUE_MAX)
		return tt_sv_too_large(d, n->loc, what, tt_sv_text(n),
		                       TT_LIMIT_TEXT(TT_SV_METRIC_VALUE_MAX));
	if (*out < -TT_SV_METRIC_VALUE_MAX)
		return tt_diag_set(
		        d, TT_ERANGE, n->loc,
		        "'%s' is too small, got %s (at least "
		        "-" TT_LIMIT_TEXT(TT_SV_METRIC_VALUE_MAX) ")",
		        what, tt_sv_text(n));
	return TT_OK;
}

/* [rps, value] or {rps: R, value: V} */
static tt_code load_point(const tt_node *n, tt_curve_point *p, tt_diag *d)
{
	tt_code rc;
	if (n->kind == TT_NODE_SEQ) {
		if (n->u.seq.count != 2)
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "a curve point is [rps, value], got %zu "
			        "numbers",
			        n->u.seq.count);
		if ((rc = model_number(n->u.seq.items[0], "rps", 0, &p->rps,
		                       d)) ||
		    (rc = model_number(n->u.seq.items[1], "value", -HUGE_VAL,
		                       &p->value, d)))
			return rc;
		return TT_OK;
	}
	static const char *const keys[] = {"rps", "value", NULL};
	const tt_node *r, *v;
	if ((rc = tt_node_expect_map(n, "points", d)) ||
	    (rc = tt_node_check_keys(n, "points", keys, d)) ||
	    (rc = tt_node_require(n, "points", "rps", &r, d)) ||
	    (rc = tt_node_require(n, "points", "value", &v, d)) ||
	    (rc = model_number(r, "rps", 0, &p->rps, d)) ||
	    (rc = model_number(v, "value", -HUGE_VAL, &p->value, d)))
		return rc;
	return TT_OK;
}

static tt_code load_curve(const tt_node *seq, tt_metric_model *m, tt_diag *d)
{
	tt_code rc = tt_node_expect_seq(seq, "points", d);
	if (rc)
		return rc;
	if (seq->u.seq.count < 2)
		return tt_diag_set(d, TT_EINVAL, seq->loc,
		                   "a curve needs at least 2 points, got %zu",
		                   seq->u.seq.count);
	m->points = calloc(seq->u.seq.count, sizeof *m->points);
	if (!m->points)
		return tt_diag_nomem(d, seq->loc);
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		const tt_node *item = seq->u.seq.items[i];
		if ((rc = load_point(item, &m->points[i], d)))
			return rc;
		if (i && m->points[i].rps <= m->points[i - 1].rps)
			return tt_diag_set(
			        d, TT_EINVAL, item->loc,
			        "curve points must be in strictly "
			        "increasing order of rps, got %g after "
			        "%g",
			        m->points[i].rps, m->points[i - 1].rps);
		m->n_points++;
	}
	return TT_OK;
}

/* One (time, value) of an export, kept in growing arrays. */
static tt_code add_sample(tt_metric_model *m, size_t *cap, int64_t t_us,
                          double v, tt_loc loc, tt_diag *d)
{
	if (m->n_rec == *cap) {
		size_t n = *cap ? 2 * *cap : 64;
		tt_time_us *t = realloc(m->rec_us, n * sizeof *t);
		if (!t)
			return tt_diag_nomem(d, loc);
		m->rec_us = t;
		double *vals = realloc(m->rec_values, n * sizeof *vals);
		if (!vals)
			return tt_diag_nomem(d, loc);
		m->rec_values = vals;
		*cap = n;
	}
	m->rec_us[m->n_rec] = t_us;
	m->rec_values[m->n_rec] = v;
	m->n_rec++;
	return TT_OK;
}

static tt_code read_time(const tt_node *n, int64_t *t_us, tt_diag *d)
{
	const char *text;
	tt_code rc = tt_node_string(n, "Timestamp", &text, d);
	if (rc)
		return rc;
	if (!tt_iso8601_parse(text, strlen(text), t_us))
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "invalid timestamp '%s' (expected ISO 8601, "
		                   "e.g. 2024-01-01T00:00:00Z)",
		                   text);
	return TT_OK;
}

/*
 * get-metric-statistics: {"Datapoints": [{"Timestamp", "Average" (or
 * Sum, Maximum, Minimum)}]}; get-metric-data: {"MetricDataResults":
 * [{"Timestamps": [...], "Values": [...]}]} (the first result).
 */
static tt_code read_export(const tt_node *root, tt_metric_model *m, tt_diag *d)
{
	static const char *const stats[] = {"Average", "Maximum", "Minimum",
	                                    "Sum", NULL};
	size_t cap = 0;
	tt_code rc;
	const tt_node *dps = tt_node_map_get(root, "Datapoints");
	const tt_node *res = tt_node_map_get(root, "MetricDataResults");
	if (root->kind != TT_NODE_MAP || (!dps && !res))
		return tt_diag_set(d, TT_EINVAL, root->loc,
		                   "expected a CloudWatch export with "
		                   "'Datapoints' (get-metric-statistics) or "
		                   "'MetricDataResults' (get-metric-data)");
	if (dps) {
		if ((rc = tt_node_expect_seq(dps, "Datapoints", d)))
			return rc;
		for (size_t i = 0; i < dps->u.seq.count; i++) {
			const tt_node *p = dps->u.seq.items[i], *ts, *v = NULL;
			if ((rc = tt_node_expect_map(p, "Datapoints", d)) ||
			    (rc = tt_node_require(p, "Datapoints", "Timestamp",
			                          &ts, d)))
				return rc;
			int k = 0;
			for (; stats[k] && !v; k++)
				v = tt_node_map_get(p, stats[k]);
			if (!v)
				return tt_diag_set(
				        d, TT_EINVAL, p->loc,
				        "a datapoint needs one of 'Average', "
				        "'Maximum', 'Minimum' or 'Sum'");
			int64_t t;
			double val;
			if ((rc = read_time(ts, &t, d)) ||
			    (rc = model_number(v, stats[k - 1], -HUGE_VAL, &val,
			                       d)) ||
			    (rc = add_sample(m, &cap, t, val, p->loc, d)))
				return rc;
		}
	} else {
		if ((rc = tt_node_expect_seq(res, "MetricDataResults", d)))
			return rc;
		if (res->u.seq.count == 0)
			return tt_diag_set(d, TT_EINVAL, res->loc,
			                   "'MetricDataResults' is empty");
		const tt_node *r = res->u.seq.items[0], *ts, *vs;
		if ((rc = tt_node_expect_map(r, "MetricDataResults", d)) ||
		    (rc = tt_node_require(r, "MetricDataResults", "Timestamps",
		                          &ts, d)) ||
		    (rc = tt_node_require(r, "MetricDataResults", "Values", &vs,
		                          d)) ||
		    (rc = tt_node_expect_seq(ts, "Timestamps", d)) ||
		    (rc = tt_node_expect_seq(vs, "Values", d)))
			return rc;
		if (ts->u.seq.count != vs->u.seq.count)
			return tt_diag_set(d, TT_EINVAL, vs->loc,
			                   "'Values' has %zu entries, "
			                   "'Timestamps' %zu",
			                   vs->u.seq.count, ts->u.seq.count);
		for (size_t i = 0; i < ts->u.seq.count; i++) {
			int64_t t;
			double val;
			if ((rc = read_time(ts->u.seq.items[i], &t, d)) ||
			    (rc = model_number(vs->u.seq.items[i], "value",
			                       -HUGE_VAL, &val, d)) ||
			    (rc = add_sample(m, &cap, t, val,
			                     vs->u.seq.items[i]->loc, d)))
				return rc;
		}
	}
	if (m->n_rec == 0)
		return tt_diag_set(d, TT_EINVAL, root->loc,
		                   "the export holds no datapoint");
	/* in time order (exports come in any order), from time 0 */
	for (size_t i = 1; i < m->n_rec; i++) {
		for (size_t j = i; j > 0 && m->rec_us[j] < m->rec_us[j - 1];
		     j--) {
			tt_time_us t = m->rec_us[j];
			m->rec_us[j] = m->rec_us[j - 1];
			m->rec_us[j - 1] = t;
			double v = m->rec_values[j];
			m->rec_values[j] = m->rec_values[j - 1];
			m->rec_values[j - 1] = v;
		}
	}
	tt_time_us first = m->rec_us[0];
	for (size_t i = 0; i < m->n_rec; i++)
		m->rec_us[i] -= first;
	return TT_OK;
}

static tt_code load_recorded(tt_scenario *s, const tt_node *map,
                             const char *path, const char *dir,
                             tt_metric_model *m, tt_diag *d)
{
	const tt_node *f, *c;
	const char *rel, *name;
	tt_code rc;
	if ((rc = tt_node_require(map, path, "file", &f, d)) ||
	    (rc = tt_sv_name(f, "file", &rel, d)) ||
	    (rc = tt_node_require(map, path, "capacity", &c, d)) ||
	    (rc = tt_node_number(c, "capacity", &m->recorded_capacity, d)))
		return rc;
	if (!(m->recorded_capacity > 0))
		return tt_diag_set(d, TT_ERANGE, c->loc,
		                   "'capacity' (instances when the metric was "
		                   "recorded) must be > 0, got %s",
		                   tt_sv_text(c));
	if (m->recorded_capacity > TT_SV_RECORDED_CAPACITY_MAX)
		return tt_sv_too_large(
		        d, c->loc, "capacity", tt_sv_text(c),
		        TT_LIMIT_TEXT(TT_SV_RECORDED_CAPACITY_MAX));
	char *file = tt_sv_resolve_path(dir, rel);
	if (!file)
		return tt_diag_nomem(d, f->loc);
	rc = tt_sv_keep_file(s, file, &name, d);
	free(file);
	if (rc)
		return rc;
	tt_doc doc = {NULL, name};
	if ((rc = tt_doc_load_json(name, name, &doc, d)))
		return rc;
	rc = read_export(doc.root, m, d);
	tt_doc_release(&doc);
	return rc;
}

static tt_code load_model(tt_scenario *s, const tt_node_entry *e,
                          const char *dir, tt_metric_model *m, tt_diag *d)
{
	static const char *const models[] = {"linear", "curve", "recorded",
	                                     NULL};
	static const char *const keys[][9] = {
	        {"model", "idle", "per_rps", "max", "min", "noise", NULL},
	        {"model", "points", "max", "min", "noise", NULL},
	        {"model", "file", "capacity", "max", "min", "noise", NULL},
	};
	const tt_node *map = e->value, *n;
	char path[TT_DIAG_MSG_MAX / 2];
	int kind;
	tt_code rc;

	snprintf(path, sizeof path, "metrics.%s", e->key);
	if ((rc = tt_node_expect_map(map, e->key, d)) ||
	    (rc = tt_node_require(map, path, "model", &n, d)) ||
	    (rc = tt_sv_enum(n, "model", models, &kind, d)) ||
	    (rc = tt_node_check_keys(map, path, keys[kind], d)))
		return rc;
	m->kind = (tt_metric_model_kind)kind;
	m->loc = e->key_loc;
	m->min = 0;
	m->max = m->kind == TT_MODEL_LINEAR ? 100 : HUGE_VAL;

	switch (m->kind) {
	case TT_MODEL_LINEAR:
		if ((n = tt_node_map_get(map, "idle")) &&
		    (rc = model_number(n, "idle", 0, &m->idle, d)))
			return rc;
		if ((rc = tt_node_require(map, path, "per_rps", &n, d)) ||
		    (rc = model_number(n, "per_rps", 0, &m->per_rps, d)))
			return rc;
		break;
	case TT_MODEL_CURVE:
		if ((rc = tt_node_require(map, path, "points", &n, d)) ||
		    (rc = load_curve(n, m, d)))
			return rc;
		break;
	case TT_MODEL_RECORDED:
		if ((rc = load_recorded(s, map, path, dir, m, d)))
			return rc;
		break;
	}
	if ((n = tt_node_map_get(map, "min")) &&
	    (rc = model_number(n, "min", -HUGE_VAL, &m->min, d)))
		return rc;
	if ((n = tt_node_map_get(map, "max"))) {
		if ((rc = model_number(n, "max", -HUGE_VAL, &m->max, d)))
			return rc;
		if (m->max < m->min)
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "'max' must be >= 'min', got %s < %g",
			        tt_sv_text(n), m->min);
	}
	if (m->kind == TT_MODEL_LINEAR && m->idle > m->max &&
	    (n = tt_node_map_get(map, "max")))
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'max' must be >= 'idle', got %s < %g",
		                   tt_sv_text(n), m->idle);
	if (m->kind == TT_MODEL_LINEAR && m->idle > m->max) {
		n = tt_node_map_get(map, "idle");
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'idle' must be <= 'max' (default 100), "
		                   "got %s",
		                   tt_sv_text(n));
	}
	if ((n = tt_node_map_get(map, "noise")) &&
	    (rc = model_number(n, "noise", 0, &m->noise_sd, d)))
		return rc;
	return TT_OK;
}

tt_code tt_sv_metrics(tt_scenario *s, const tt_node *root, const char *dir,
                      tt_diag *d)
{
	const tt_node *map = tt_node_map_get(root, "metrics");
	if (!map)
		return TT_OK;
	tt_code rc = tt_node_expect_map(map, "metrics", d);
	if (rc)
		return rc;
	if (map->u.map.count == 0)
		return TT_OK;
	s->models = calloc(map->u.map.count, sizeof *s->models);
	if (!s->models)
		return tt_diag_nomem(d, map->loc);
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tt_node_entry *e = &map->u.map.entries[i];
		tt_metric_model *m = &s->models[s->n_models++];
		if (!(m->metric_name = tt_sv_strdup(e->key)))
			return tt_diag_nomem(d, e->key_loc);
		if ((rc = load_model(s, e, dir, m, d)))
			return rc;
	}
	return TT_OK;
}
