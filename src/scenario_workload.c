/*
 * scenario_workload.c - the `workload:` section of a scenario.
 *
 * Exactly one of `synthetic` (a shape) or `trace` (a recorded file); the
 * result is the scenario's tt_workload_spec.  Trace paths are resolved
 * against the scenario's directory; the trace itself is opened only when
 * the run starts.
 */
#include "scenario_values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static tt_code load_steps(const tt_node *seq, tt_synthetic_spec *syn,
                          tt_diag *d)
{
	static const char *const keys[] = {"at", "rate", NULL};
	tt_code rc;

	if ((rc = tt_node_expect_seq(seq, "steps", d)))
		return rc;
	size_t count = seq->u.seq.count;
	if (!count)
		return tt_diag_set(d, TT_EINVAL, seq->loc,
		                   "'steps' must hold at least one step");
	syn->steps = calloc(count, sizeof *syn->steps);
	if (!syn->steps)
		return tt_sv_no_memory(d, seq->loc);
	const tt_node *prev_at = NULL;
	for (size_t i = 0; i < count; i++) {
		const tt_node *item = seq->u.seq.items[i], *at, *rate;
		tt_step *st = &syn->steps[i];
		if ((rc = tt_node_expect_map(item, "steps", d)) ||
		    (rc = tt_node_check_keys(item, "steps", keys, d)) ||
		    (rc = tt_node_require(item, "steps", "at", &at, d)) ||
		    (rc = tt_node_require(item, "steps", "rate", &rate, d)) ||
		    (rc = tt_sv_duration(at, "at", &st->at_us, d)) ||
		    (rc = tt_sv_rate(rate, "rate", &st->rate_per_min, d)))
			return rc;
		if (i && st->at_us <= syn->steps[i - 1].at_us)
			return tt_diag_set(d, TT_EINVAL, at->loc,
			                   "step times must be strictly "
			                   "increasing, got %s after %s",
			                   tt_sv_text(at), tt_sv_text(prev_at));
		prev_at = at;
		syn->n_steps++;
	}
	return TT_OK;
}

static tt_code load_synthetic(const tt_node *map, tt_synthetic_spec *syn,
                              tt_diag *d)
{
	static const char *const shapes[] = {"constant", "step", "ramp",
	                                     "diurnal", NULL};
	static const char *const noises[] = {"none", "poisson", NULL};
	/* Each shape's own keys after the common ones: a key that belongs
	 * to another shape is unknown here. */
	static const char *const keys[][9] = {
	        {"shape", "noise", "rate", NULL},
	        {"shape", "noise", "rate", "steps", NULL},
	        {"shape", "noise", "from", "to", "start", "end", NULL},
	        {"shape", "noise", "base", "peak", "period", "peak_at", NULL},
	};
	const char *const path = "workload.synthetic";
	const tt_node *n;
	int v;
	tt_code rc;

	if ((rc = tt_node_expect_map(map, "synthetic", d)) ||
	    (rc = tt_node_require(map, path, "shape", &n, d)) ||
	    (rc = tt_sv_enum(n, "shape", shapes, &v, d)))
		return rc;
	syn->shape = (tt_shape)v;
	if ((rc = tt_node_check_keys(map, path, keys[v], d)))
		return rc;
	if ((n = tt_node_map_get(map, "noise"))) {
		if ((rc = tt_sv_enum(n, "noise", noises, &v, d)))
			return rc;
		syn->poisson = v == 1;
	}

	switch (syn->shape) {
	case TT_SHAPE_CONSTANT:
		if ((rc = tt_node_require(map, path, "rate", &n, d)) ||
		    (rc = tt_sv_rate(n, "rate", &syn->rate_per_min, d)))
			return rc;
		break;
	case TT_SHAPE_STEP:
		if ((n = tt_node_map_get(map, "rate")) &&
		    (rc = tt_sv_rate(n, "rate", &syn->rate_per_min, d)))
			return rc;
		if ((rc = tt_node_require(map, path, "steps", &n, d)) ||
		    (rc = load_steps(n, syn, d)))
			return rc;
		break;
	case TT_SHAPE_RAMP: {
		const tt_node *start, *end;
		if ((rc = tt_node_require(map, path, "from", &n, d)) ||
		    (rc = tt_sv_rate(n, "from", &syn->from_per_min, d)) ||
		    (rc = tt_node_require(map, path, "to", &n, d)) ||
		    (rc = tt_sv_rate(n, "to", &syn->to_per_min, d)))
			return rc;
		if ((start = tt_node_map_get(map, "start")) &&
		    (rc = tt_sv_duration(start, "start", &syn->start_us, d)))
			return rc;
		if ((rc = tt_node_require(map, path, "end", &end, d)) ||
		    (rc = tt_sv_duration(end, "end", &syn->end_us, d)))
			return rc;
		if (syn->end_us <= syn->start_us)
			return tt_diag_set(d, TT_EINVAL, end->loc,
			                   "'end' must be after 'start', got "
			                   "%s <= %s",
			                   tt_sv_text(end),
			                   start ? tt_sv_text(start) : "0");
		break;
	}
	case TT_SHAPE_DIURNAL:
		if ((rc = tt_node_require(map, path, "base", &n, d)) ||
		    (rc = tt_sv_rate(n, "base", &syn->base_per_min, d)) ||
		    (rc = tt_node_require(map, path, "peak", &n, d)) ||
		    (rc = tt_sv_rate(n, "peak", &syn->peak_per_min, d)))
			return rc;
		syn->period_us = 24 * 60 * TT_US_PER_MIN;
		if ((n = tt_node_map_get(map, "period")) &&
		    (rc = tt_sv_positive_duration(n, "period", &syn->period_us,
		                                  d)))
			return rc;
		syn->peak_at_us = syn->period_us / 2;
		if ((n = tt_node_map_get(map, "peak_at")) &&
		    (rc = tt_sv_duration(n, "peak_at", &syn->peak_at_us, d)))
			return rc;
		break;
	}
	return TT_OK;
}

static tt_code load_trace(const tt_node *map, const char *dir, tt_scenario *s,
                          tt_trace_spec *tr, tt_diag *d)
{
	static const char *const keys[] = {"file", "format", "scale", "period",
	                                   NULL};
	static const char *const formats[] = {"counts", NULL};
	const char *const path = "workload.trace";
	const char *rel;
	const tt_node *n;
	int format;
	tt_code rc;

	if ((rc = tt_node_expect_map(map, "trace", d)) ||
	    (rc = tt_node_check_keys(map, path, keys, d)) ||
	    (rc = tt_node_require(map, path, "file", &n, d)) ||
	    (rc = tt_sv_name(n, "file", &rel, d)))
		return rc;
	if (!(tr->path = tt_sv_resolve_path(dir, rel)))
		return tt_sv_no_memory(d, n->loc);
	/* The workload reports trace errors under this name. */
	if ((rc = tt_sv_keep_file(s, tr->path, &tr->name, d)))
		return rc;
	if ((n = tt_node_map_get(map, "format")) &&
	    (rc = tt_sv_enum(n, "format", formats, &format, d)))
		return rc;
	tr->scale = 1;
	if ((n = tt_node_map_get(map, "scale"))) {
		if ((rc = tt_node_number(n, "scale", &tr->scale, d)))
			return rc;
		if (!(tr->scale > 0))
			return tt_diag_set(d, TT_ERANGE, n->loc,
			                   "'scale' must be > 0, got %s",
			                   tt_sv_text(n));
	}
	if ((n = tt_node_map_get(map, "period")) &&
	    (rc = tt_sv_positive_duration(n, "period", &tr->period_us, d)))
		return rc;
	return TT_OK;
}

tt_code tt_sv_workload(tt_scenario *s, const tt_node *root, const char *dir,
                       tt_diag *d)
{
	static const char *const keys[] = {"synthetic", "trace", NULL};
	const tt_node *map;
	tt_code rc;

	if ((rc = tt_node_require(root, "scenario", "workload", &map, d)) ||
	    (rc = tt_node_expect_map(map, "workload", d)) ||
	    (rc = tt_node_check_keys(map, "workload", keys, d)))
		return rc;
	const tt_node_entry *syn = tt_node_map_find(map, "synthetic");
	const tt_node_entry *tr = tt_node_map_find(map, "trace");
	if (syn && tr) {
		const tt_node_entry *second = syn < tr ? tr : syn;
		return tt_diag_set(d, TT_EINVAL, second->key_loc,
		                   "'workload' takes either 'synthetic' or "
		                   "'trace', not both");
	}
	if (!syn && !tr)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "'workload' needs 'synthetic' or 'trace'");
	if (syn) {
		s->workload.kind = TT_WORKLOAD_SYNTHETIC;
		s->workload.loc = syn->value->loc;
		return load_synthetic(syn->value, &s->workload.synthetic, d);
	}
	s->workload.kind = TT_WORKLOAD_TRACE;
	s->workload.loc = tr->value->loc;
	return load_trace(tr->value, dir, s, &s->workload.trace, d);
}
