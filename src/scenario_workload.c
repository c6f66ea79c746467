/*
 * scenario_workload.c - the `workload:` section of a scenario.
 *
 * Exactly one of `synthetic` (a shape, possibly a sum or product of
 * shapes) or `trace` (recorded files in one of the formats of
 * docs/workloads.md), then optional `noise` and a list of `transform`s.
 * The result is the scenario's tt_workload_spec.  Trace paths are resolved
 * against the scenario's directory; the files themselves are opened only
 * when the run starts (or by `ttsim validate`).
 */
#include "scenario_values.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHAPE_DEPTH 8

static tt_code load_steps(const tt_node *seq, tt_shape_spec *sh, tt_diag *d)
{
	static const char *const keys[] = {"at", "rate", NULL};
	tt_code rc;

	if ((rc = tt_node_expect_seq(seq, "steps", d)))
		return rc;
	size_t count = seq->u.seq.count;
	if (!count)
		return tt_diag_set(d, TT_EINVAL, seq->loc,
		                   "'steps' must hold at least one step");
	sh->steps = calloc(count, sizeof *sh->steps);
	if (!sh->steps)
		return tt_diag_nomem(d, seq->loc);
	const tt_node *prev_at = NULL;
	for (size_t i = 0; i < count; i++) {
		const tt_node *item = seq->u.seq.items[i], *at, *rate;
		tt_step *st = &sh->steps[i];
		if ((rc = tt_node_expect_map(item, "steps", d)) ||
		    (rc = tt_node_check_keys(item, "steps", keys, d)) ||
		    (rc = tt_node_require(item, "steps", "at", &at, d)) ||
		    (rc = tt_node_require(item, "steps", "rate", &rate, d)) ||
		    (rc = tt_sv_duration(at, "at", &st->at_us, d)) ||
		    (rc = tt_sv_rate(rate, "rate", &st->rate_per_min, d)))
			return rc;
		if (i && st->at_us <= sh->steps[i - 1].at_us)
			return tt_diag_set(d, TT_EINVAL, at->loc,
			                   "step times must be strictly "
			                   "increasing, got %s after %s",
			                   tt_sv_text(at), tt_sv_text(prev_at));
		prev_at = at;
		sh->n_steps++;
	}
	return TT_OK;
}

/* Optional keys read into their fields when present. */
static tt_code opt_rate(const tt_node *map, const char *key, double *out,
                        tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, key);
	return n ? tt_sv_rate(n, key, out, d) : TT_OK;
}

static tt_code opt_duration(const tt_node *map, const char *key,
                            tt_time_us *out, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, key);
	return n ? tt_sv_duration(n, key, out, d) : TT_OK;
}

static tt_code req_rate(const tt_node *map, const char *path, const char *key,
                        double *out, tt_diag *d)
{
	const tt_node *n;
	tt_code rc = tt_node_require(map, path, key, &n, d);
	return rc ? rc : tt_sv_rate(n, key, out, d);
}

static tt_code req_duration(const tt_node *map, const char *path,
                            const char *key, bool positive, tt_time_us *out,
                            tt_diag *d)
{
	const tt_node *n;
	tt_code rc = tt_node_require(map, path, key, &n, d);
	if (rc)
		return rc;
	return positive ? tt_sv_positive_duration(n, key, out, d)
	                : tt_sv_duration(n, key, out, d);
}

static tt_code load_shape(const tt_node *map, const char *path, int depth,
                          bool top, tt_shape_spec *sh, bool *poisson,
                          tt_diag *d);

static tt_code load_parts(const tt_node *map, const char *path, int depth,
                          tt_shape_spec *sh, tt_diag *d)
{
	const tt_node *seq;
	tt_code rc;
	if ((rc = tt_node_require(map, path, "parts", &seq, d)) ||
	    (rc = tt_node_expect_seq(seq, "parts", d)))
		return rc;
	if (seq->u.seq.count == 0)
		return tt_diag_set(d, TT_EINVAL, seq->loc,
		                   "'parts' must hold at least one shape");
	sh->parts = calloc(seq->u.seq.count, sizeof *sh->parts);
	if (!sh->parts)
		return tt_diag_nomem(d, seq->loc);
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		rc = load_shape(seq->u.seq.items[i], "parts", depth + 1, false,
		                &sh->parts[sh->n_parts], NULL, d);
		if (rc)
			return rc;
		sh->n_parts++;
	}
	return TT_OK;
}

/*
 * One shape: `shape:` picks the kind and which other keys are allowed (a
 * key of another shape is an unknown key).  `noise` is allowed on the top
 * shape only, where it means the same as workload.noise.
 */
static tt_code load_shape(const tt_node *map, const char *path, int depth,
                          bool top, tt_shape_spec *sh, bool *poisson,
                          tt_diag *d)
{
	static const char *const shapes[] = {"constant", "step",    "ramp",
	                                     "diurnal",  "spike",   "onoff",
	                                     "sum",      "product", NULL};
	static const char *const keys[][9] = {
	        {"shape", "noise", "rate", NULL},
	        {"shape", "noise", "rate", "steps", NULL},
	        {"shape", "noise", "from", "to", "start", "end", NULL},
	        {"shape", "noise", "base", "peak", "period", "peak_at", NULL},
	        {"shape", "noise", "base", "peak", "at", "rise", "decay", NULL},
	        {"shape", "noise", "on", "off", "mean_on", "mean_off", NULL},
	        {"shape", "noise", "parts", NULL},
	        {"shape", "noise", "parts", NULL},
	};
	const tt_node *n;
	int v;
	tt_code rc;

	if (depth > MAX_SHAPE_DEPTH)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "shapes nested deeper than %d levels",
		                   MAX_SHAPE_DEPTH);
	if ((rc = tt_node_expect_map(map, path, d)) ||
	    (rc = tt_node_require(map, path, "shape", &n, d)) ||
	    (rc = tt_sv_enum(n, "shape", shapes, &v, d)))
		return rc;
	sh->shape = (tt_shape)v;
	sh->loc = map->loc;
	if ((rc = tt_node_check_keys(map, path, keys[v], d)))
		return rc;
	if ((n = tt_node_map_get(map, "noise"))) {
		static const char *const noises[] = {"none", "poisson", NULL};
		int noise;
		if (!top)
			return tt_diag_set(d, TT_EINVAL, n->loc,
			                   "'noise' applies to the whole "
			                   "workload: give it on the outermost "
			                   "shape or as 'workload.noise'");
		if ((rc = tt_sv_enum(n, "noise", noises, &noise, d)))
			return rc;
		*poisson = noise == 1;
	}

	switch (sh->shape) {
	case TT_SHAPE_CONSTANT:
		return req_rate(map, path, "rate", &sh->rate_per_min, d);
	case TT_SHAPE_STEP:
		if ((rc = opt_rate(map, "rate", &sh->rate_per_min, d)) ||
		    (rc = tt_node_require(map, path, "steps", &n, d)))
			return rc;
		return load_steps(n, sh, d);
	case TT_SHAPE_RAMP: {
		const tt_node *start = tt_node_map_get(map, "start");
		const tt_node *end;
		if ((rc = req_rate(map, path, "from", &sh->from_per_min, d)) ||
		    (rc = req_rate(map, path, "to", &sh->to_per_min, d)) ||
		    (rc = opt_duration(map, "start", &sh->start_us, d)) ||
		    (rc = tt_node_require(map, path, "end", &end, d)) ||
		    (rc = tt_sv_duration(end, "end", &sh->end_us, d)))
			return rc;
		if (sh->end_us <= sh->start_us)
			return tt_diag_set(d, TT_EINVAL, end->loc,
			                   "'end' must be after 'start', got "
			                   "%s <= %s",
			                   tt_sv_text(end),
			                   start ? tt_sv_text(start) : "0");
		return TT_OK;
	}
	case TT_SHAPE_DIURNAL:
		sh->period_us = 86400 * TT_US_PER_S;
		if ((rc = req_rate(map, path, "base", &sh->base_per_min, d)) ||
		    (rc = req_rate(map, path, "peak", &sh->peak_per_min, d)))
			return rc;
		if ((n = tt_node_map_get(map, "period")) &&
		    (rc = tt_sv_positive_duration(n, "period", &sh->period_us,
		                                  d)))
			return rc;
		sh->peak_at_us = sh->period_us / 2;
		return opt_duration(map, "peak_at", &sh->peak_at_us, d);
	case TT_SHAPE_SPIKE:
		if ((rc = req_rate(map, path, "base", &sh->base_per_min, d)) ||
		    (rc = req_rate(map, path, "peak", &sh->peak_per_min, d)) ||
		    (rc = req_duration(map, path, "at", false, &sh->at_us,
		                       d)) ||
		    (rc = opt_duration(map, "rise", &sh->rise_us, d)) ||
		    (rc = req_duration(map, path, "decay", true, &sh->decay_us,
		                       d)))
			return rc;
		return TT_OK;
	case TT_SHAPE_ONOFF:
		if ((rc = req_rate(map, path, "on", &sh->on_per_min, d)) ||
		    (rc = opt_rate(map, "off", &sh->off_per_min, d)) ||
		    (rc = req_duration(map, path, "mean_on", true,
		                       &sh->mean_on_us, d)) ||
		    (rc = req_duration(map, path, "mean_off", true,
		                       &sh->mean_off_us, d)))
			return rc;
		return TT_OK;
	case TT_SHAPE_SUM:
	case TT_SHAPE_PRODUCT:
		return load_parts(map, path, depth, sh, d);
	}
	return TT_OK;
}

/*
 * A `scale` or `speedup` factor: a finite number >= 0 (> 0 unless
 * `zero_ok`), at most TT_WORKLOAD_FACTOR_MAX.
 */
static tt_code load_factor(const tt_node *n, const char *what, bool zero_ok,
                           double *out, tt_diag *d)
{
	tt_code rc = tt_node_number(n, what, out, d);
	if (rc)
		return rc;
	if (zero_ok ? !(*out >= 0) : !(*out > 0))
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must be %s 0, got %s", what,
		                   zero_ok ? ">=" : ">", tt_sv_text(n));
	if (*out > TT_WORKLOAD_FACTOR_MAX)
		return tt_sv_too_large(d, n->loc, what, tt_sv_text(n),
		                       TT_LIMIT_TEXT(TT_WORKLOAD_FACTOR_MAX));
	return TT_OK;
}

/* A column: a name, or a 1-based index. */
static tt_code load_column(const tt_node *n, const char *what, tt_column *col,
                           tt_diag *d)
{
	if (tt_node_is_number(n)) {
		int64_t i;
		tt_code rc = tt_node_int(n, what, 1, 10000, &i, d);
		if (rc)
			return rc;
		col->index = (int)i;
		return TT_OK;
	}
	const char *name;
	tt_code rc = tt_sv_name(n, what, &name, d);
	if (rc)
		return rc;
	if (!(col->name = tt_sv_strdup(name)))
		return tt_diag_nomem(d, n->loc);
	return TT_OK;
}

static tt_code opt_string(const tt_node *map, const char *key, char **out,
                          tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, key);
	if (!n)
		return TT_OK;
	const char *v;
	tt_code rc = tt_sv_name(n, key, &v, d);
	if (rc)
		return rc;
	if (!(*out = tt_sv_strdup(v)))
		return tt_diag_nomem(d, n->loc);
	return TT_OK;
}

/* One trace file path, resolved and kept for locations. */
static tt_code add_path(tt_scenario *s, tt_trace_spec *tr, const tt_node *n,
                        const char *dir, tt_diag *d)
{
	const char *rel;
	tt_code rc = tt_sv_name(n, "file", &rel, d);
	if (rc)
		return rc;
	char *path = tt_sv_resolve_path(dir, rel);
	if (!path)
		return tt_diag_nomem(d, n->loc);
	const char *name;
	rc = tt_sv_keep_file(s, path, &name, d);
	if (rc) {
		free(path);
		return rc;
	}
	tr->paths[tr->n_paths] = path;
	tr->names[tr->n_paths] = name;
	tr->n_paths++;
	return TT_OK;
}

static tt_code load_trace(const tt_node *map, const char *dir, tt_scenario *s,
                          tt_diag *d)
{
	static const char *const keys[] = {
	        "file",  "files", "format",   "period", "time",
	        "count", "scale", "function", "app",    NULL};
	const char *const path = "workload.trace";
	tt_workload_spec *w = &s->workload;
	tt_trace_spec *tr = &w->trace;
	const tt_node *n, *files;
	int v;
	tt_code rc;

	if ((rc = tt_node_expect_map(map, "trace", d)) ||
	    (rc = tt_node_check_keys(map, path, keys, d)))
		return rc;
	n = tt_node_map_get(map, "file");
	files = tt_node_map_get(map, "files");
	if (!n == !files)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "'workload.trace' needs exactly one of "
		                   "'file' or 'files'");
	size_t count = 1;
	if (files) {
		if ((rc = tt_node_expect_seq(files, "files", d)))
			return rc;
		count = files->u.seq.count;
		if (!count)
			return tt_diag_set(
			        d, TT_EINVAL, files->loc,
			        "'files' must name at least one file");
	}
	tr->paths = calloc(count, sizeof *tr->paths);
	tr->names = calloc(count, sizeof *tr->names);
	if (!tr->paths || !tr->names)
		return tt_diag_nomem(d, map->loc);
	for (size_t i = 0; i < count; i++) {
		rc = add_path(s, tr, files ? files->u.seq.items[i] : n, dir, d);
		if (rc)
			return rc;
	}
	/* Errors about the trace as a whole ("cannot open") point here. */
	w->loc = files ? files->loc : n->loc;

	if ((n = tt_node_map_get(map, "format"))) {
		if ((rc = tt_sv_enum(n, "format", tt_trace_format_names(), &v,
		                     d)))
			return rc;
		tr->format = (tt_trace_format)v;
	}
	if ((n = tt_node_map_get(map, "period")) &&
	    (rc = tt_sv_positive_duration(n, "period", &tr->period_us, d)))
		return rc;
	if ((n = tt_node_map_get(map, "time")) &&
	    (rc = load_column(n, "time", &tr->time, d)))
		return rc;
	if ((n = tt_node_map_get(map, "count")) &&
	    (rc = load_column(n, "count", &tr->count, d)))
		return rc;
	if ((rc = opt_string(map, "function", &tr->function, d)) ||
	    (rc = opt_string(map, "app", &tr->app, d)))
		return rc;
	if (tr->function && tr->app)
		return tt_diag_set(d, TT_EINVAL,
		                   tt_node_map_get(map, "app")->loc,
		                   "give 'function' or 'app', not both");
	if ((n = tt_node_map_get(map, "scale"))) {
		/* trace.scale is the first transform, a shorthand kept from
		 * the first scenario format */
		tt_transform t = {.kind = TT_TRANSFORM_SCALE, .loc = n->loc};
		if ((rc = load_factor(n, "scale", false, &t.factor, d)))
			return rc;
		w->transforms = calloc(1, sizeof *w->transforms);
		if (!w->transforms)
			return tt_diag_nomem(d, n->loc);
		w->transforms[0] = t;
		w->n_transforms = 1;
	}
	return TT_OK;
}

/* A slice bound: a duration from time 0, or a calendar time. */
static tt_code load_bound(const tt_node *n, const char *what, tt_time_us *out,
                          bool *unix_time, tt_diag *d)
{
	if (n->kind == TT_NODE_SCALAR &&
	    tt_calendar_parse(n->u.scalar.text, n->u.scalar.len, out)) {
		*unix_time = true;
		return TT_OK;
	}
	*unix_time = false;
	if (n->kind == TT_NODE_SCALAR) {
		tt_diag tmp;
		if (!tt_duration_parse(n->u.scalar.text, n->loc, out, &tmp))
			return tt_sv_duration_bound(*out, n->loc, what,
			                            n->u.scalar.text, d);
	}
	return tt_diag_set(d, TT_EINVAL, n->loc,
	                   "'%s' must be a duration from the start (3d, 90m) "
	                   "or a time (1998-06-10 00:00), got '%s'",
	                   what, tt_sv_text(n));
}

static tt_code load_transform(const tt_node *item, tt_transform *t, tt_diag *d)
{
	static const char *const kinds[] = {"scale",   "shift",  "slice",
	                                    "speedup", "repeat", NULL};
	tt_code rc;
	if ((rc = tt_node_expect_map(item, "transform", d)))
		return rc;
	if (item->u.map.count != 1)
		return tt_diag_set(d, TT_EINVAL, item->loc,
		                   "each transform is one of 'scale', 'shift', "
		                   "'slice', 'speedup' or 'repeat' (one key "
		                   "per list item)");
	const tt_node_entry *e = &item->u.map.entries[0];
	const tt_node *v = e->value;
	int kind = -1;
	for (int i = 0; kinds[i]; i++)
		if (!strcmp(e->key, kinds[i]))
			kind = i;
	if (kind < 0)
		return tt_diag_set(d, TT_EINVAL, e->key_loc,
		                   "unknown transform '%s' (expected one of: "
		                   "scale, shift, slice, speedup, repeat)",
		                   e->key);
	t->kind = (tt_transform_kind)kind;
	t->loc = e->key_loc;
	switch (t->kind) {
	case TT_TRANSFORM_SCALE:
		return load_factor(v, "scale", true, &t->factor, d);
	case TT_TRANSFORM_SPEEDUP:
		return load_factor(v, "speedup", false, &t->factor, d);
	case TT_TRANSFORM_SHIFT: {
		/* a duration, negative allowed: "-2h" */
		if (v->kind == TT_NODE_SCALAR && v->u.scalar.text[0] == '-') {
			rc = tt_duration_parse(v->u.scalar.text + 1, v->loc,
			                       &t->shift_us, d);
			if (!rc)
				rc = tt_sv_duration_bound(t->shift_us, v->loc,
				                          "shift",
				                          v->u.scalar.text, d);
			t->shift_us = -t->shift_us;
			return rc;
		}
		return tt_sv_duration(v, "shift", &t->shift_us, d);
	}
	case TT_TRANSFORM_SLICE: {
		static const char *const keys[] = {"from", "to", NULL};
		const tt_node *from, *to;
		bool from_unix = false, to_unix = false;
		t->to_us = TT_TIME_MAX;
		if ((rc = tt_node_expect_map(v, "slice", d)) ||
		    (rc = tt_node_check_keys(v, "slice", keys, d)))
			return rc;
		from = tt_node_map_get(v, "from");
		to = tt_node_map_get(v, "to");
		if (!from && !to)
			return tt_diag_set(
			        d, TT_EINVAL, v->loc,
			        "'slice' needs 'from', 'to' or both");
		if (from &&
		    (rc = load_bound(from, "from", &t->from_us, &from_unix, d)))
			return rc;
		if (to && (rc = load_bound(to, "to", &t->to_us, &to_unix, d)))
			return rc;
		if (from && to && from_unix != to_unix)
			return tt_diag_set(d, TT_EINVAL, to->loc,
			                   "'from' and 'to' must both be times "
			                   "or both be durations");
		t->slice_unix = from_unix || to_unix;
		if (to && from && t->to_us <= t->from_us)
			return tt_diag_set(
			        d, TT_EINVAL, to->loc,
			        "'to' must be after 'from', got %s <= "
			        "%s",
			        tt_sv_text(to), tt_sv_text(from));
		if (t->slice_unix && !from) {
			/* "to" a time with no "from": from the start */
			t->from_us = INT64_MIN;
		}
		return TT_OK;
	}
	case TT_TRANSFORM_REPEAT: {
		/* `repeat: 3`, `repeat: forever`, or {times, every} */
		if (v->kind == TT_NODE_SCALAR && !tt_node_is_number(v)) {
			const char *w;
			if ((rc = tt_node_string(v, "repeat", &w, d)))
				return rc;
			if (strcmp(w, "forever") != 0)
				return tt_diag_set(
				        d, TT_EINVAL, v->loc,
				        "'repeat' must be a number of "
				        "times, 'forever' or {times, "
				        "every}, got '%s'",
				        w);
			t->times = 0;
			return TT_OK;
		}
		if (v->kind == TT_NODE_SCALAR)
			return tt_node_int(v, "repeat", 1, INT32_MAX, &t->times,
			                   d);
		static const char *const keys[] = {"times", "every", NULL};
		const tt_node *n;
		if ((rc = tt_node_expect_map(v, "repeat", d)) ||
		    (rc = tt_node_check_keys(v, "repeat", keys, d)))
			return rc;
		if ((n = tt_node_map_get(v, "times"))) {
			if (n->kind == TT_NODE_SCALAR &&
			    !tt_node_is_number(n) &&
			    !strcmp(n->u.scalar.text, "forever"))
				t->times = 0;
			else if ((rc = tt_node_int(n, "times", 1, INT32_MAX,
			                           &t->times, d)))
				return rc;
		}
		if ((n = tt_node_map_get(v, "every")) &&
		    (rc = tt_sv_positive_duration(n, "every", &t->every_us, d)))
			return rc;
		return TT_OK;
	}
	}
	return TT_OK;
}

static tt_code load_transforms(const tt_node *seq, tt_workload_spec *w,
                               tt_diag *d)
{
	tt_code rc = tt_node_expect_seq(seq, "transform", d);
	if (rc)
		return rc;
	size_t n = w->n_transforms + seq->u.seq.count;
	tt_transform *all = realloc(w->transforms, (n ? n : 1) * sizeof *all);
	if (!all)
		return tt_diag_nomem(d, seq->loc);
	w->transforms = all;
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		tt_transform *t = &w->transforms[w->n_transforms];
		memset(t, 0, sizeof *t);
		if ((rc = load_transform(seq->u.seq.items[i], t, d)))
			return rc;
		w->n_transforms++;
	}
	return TT_OK;
}

tt_code tt_sv_workload(tt_scenario *s, const tt_node *root, const char *dir,
                       tt_diag *d)
{
	static const char *const keys[] = {"synthetic", "trace",    "noise",
	                                   "transform", "arrivals", NULL};
	tt_workload_spec *w = &s->workload;
	const tt_node *map, *n;
	tt_code rc;

	if ((rc = tt_node_require(root, "scenario", "workload", &map, d)) ||
	    (rc = tt_node_expect_map(map, "workload", d)) ||
	    (rc = tt_node_check_keys(map, "workload", keys, d)))
		return rc;
	w->loc = map->loc;
	const tt_node_entry *syn = tt_node_map_find(map, "synthetic");
	const tt_node_entry *tr = tt_node_map_find(map, "trace");
	if (syn && tr)
		return tt_diag_set(d, TT_EINVAL,
		                   syn->key_loc.line > tr->key_loc.line
		                           ? syn->key_loc
		                           : tr->key_loc,
		                   "'workload' takes either 'synthetic' or "
		                   "'trace', not both");
	if (!syn && !tr)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "'workload' needs 'synthetic' or 'trace'");
	if (syn) {
		w->kind = TT_WORKLOAD_SYNTHETIC;
		w->loc = syn->value->loc;
		rc = load_shape(syn->value, "workload.synthetic", 0, true,
		                &w->shape, &w->poisson, d);
	} else {
		w->kind = TT_WORKLOAD_TRACE;
		w->loc = tr->value->loc;
		w->read_ahead = true;
		rc = load_trace(tr->value, dir, s, d);
	}
	if (rc)
		return rc;
	if ((n = tt_node_map_get(map, "noise"))) {
		static const char *const noises[] = {"none", "poisson", NULL};
		int v;
		if ((rc = tt_sv_enum(n, "noise", noises, &v, d)))
			return rc;
		w->poisson = v == 1;
	}
	if ((n = tt_node_map_get(map, "transform")) &&
	    (rc = load_transforms(n, w, d)))
		return rc;
	if ((n = tt_node_map_get(map, "arrivals"))) {
		static const char *const kinds[] = {"poisson", "uniform", NULL};
		int v;
		if ((rc = tt_sv_enum(n, "arrivals", kinds, &v, d)))
			return rc;
		w->arrivals = (tt_arrivals)v;
	}
	return TT_OK;
}
