/*
 * transform.c - scale, shift, slice, speed-up and repeat, each an interval
 * source wrapping another.
 *
 * A transform reads its inner source one interval at a time and hands on
 * the interval changed: its count scaled, its times moved, cut or
 * compressed, or the whole stream played again.  Nothing is buffered, so
 * a chain of transforms over a trace still holds a few lines of it.  Every
 * transform keeps the sources' contract: starts never go backwards (each
 * maps times by a non-decreasing function, and repeat refuses copies that
 * would overlap).
 *
 * Cutting an interval (a shift below 0, a slice's ends) keeps the part of
 * its count proportional to the part of its length kept, as workload.c
 * spreads it evenly; a point (len 0) is kept or dropped whole.  Calendar
 * times follow the new time 0: origin_unix_s moves by the same amount,
 * rounded to the nearest second.
 */
#include "transform.h"

#include <math.h>
#include <stdlib.h>

typedef struct xform {
	tt_source base; /* first: a tt_source * is an xform * */
	tt_source *inner;
	const tt_transform *t;
	tt_time_us min_every_us; /* a repeat's shortest period, 0: any */

	/* slice, in the inner source's time */
	tt_time_us from_us, to_us;
	bool done; /* past `to`: nothing more is read */

	/* repeat */
	int64_t pass;           /* 0: the first pass; k: the k-th copy */
	tt_time_us offset_us;   /* added to the inner times in this pass */
	tt_time_us pass_len_us; /* the latest end seen in the first pass */
	tt_time_us end_us;      /* the latest end handed on, in our time */
	bool seen_this_pass;
	bool ended;
	tt_time_us seek_us;     /* nothing before it is kept (a seek hint) */
	bool sought;            /* shift, slice: the hint was given */
	tt_source_failure fail; /* a failed call fails again the same way */
} xform;

/* a + b, held inside the int64 range. */
static int64_t sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

/* floor(a / b) for b > 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return a % b < 0 ? q - 1 : q;
}

/* The calendar origin after time 0 moves by `by_us` (later if > 0). */
static int64_t origin_moved(int64_t origin_s, tt_time_us by_us)
{
	return origin_s +
	       floor_div(sat_add(by_us, TT_US_PER_S / 2), TT_US_PER_S);
}

/* The part of `iv` (len > 0) in [s, e) ⊆ it, into *iv. */
static void clip(tt_interval *iv, tt_time_us s, tt_time_us e)
{
	tt_time_us end = iv->start_us + iv->len_us;
	if (s == iv->start_us && e == end)
		return; /* whole: exact */
	iv->count *= (double)(e - s) / (double)iv->len_us;
	iv->start_us = s;
	iv->len_us = e - s;
}

/* --- scale ----------------------------------------------------------- */

static tt_code scale_next(tt_source *src, tt_interval *out, bool *end,
                          tt_diag *d)
{
	xform *x = (xform *)src;
	tt_code rc = tt_source_next(x->inner, out, end, d);
	if (!rc && !*end)
		out->count *= x->t->factor;
	return rc;
}

/* --- shift ----------------------------------------------------------- */

/* Later by shift_us; what falls before 0 is cut off. */
static tt_code shift_next(tt_source *src, tt_interval *out, bool *end,
                          tt_diag *d)
{
	xform *x = (xform *)src;
	if (!x->sought && x->t->shift_us < 0) {
		/* what starts before -shift is dropped: let the inner skip */
		tt_code rc = tt_source_seek(x->inner, -x->t->shift_us, d);
		if (rc)
			return rc;
		x->sought = true;
	}
	for (;;) {
		tt_code rc = tt_source_next(x->inner, out, end, d);
		if (rc || *end)
			return rc;
		out->start_us = sat_add(out->start_us, x->t->shift_us);
		tt_time_us e = sat_add(out->start_us, out->len_us);
		if (out->start_us >= 0)
			return TT_OK;
		if (out->len_us > 0 && e > 0) {
			/* clip() measures from the shifted start */
			clip(out, 0, e);
			return TT_OK;
		}
		/* wholly before 0: dropped */
	}
}

/* --- slice ----------------------------------------------------------- */

/* Keep [from, to) of the inner source, moved so `from` is time 0. */
static tt_code slice_next(tt_source *src, tt_interval *out, bool *end,
                          tt_diag *d)
{
	xform *x = (xform *)src;
	if (!x->sought && x->from_us > 0) {
		tt_code rc = tt_source_seek(x->inner, x->from_us, d);
		if (rc)
			return rc;
		x->sought = true;
	}
	while (!x->done) {
		tt_code rc = tt_source_next(x->inner, out, end, d);
		if (rc)
			return rc;
		if (*end || out->start_us >= x->to_us) {
			/* starts only grow: nothing later is kept */
			x->done = true;
			break;
		}
		tt_time_us s = out->start_us;
		tt_time_us e = sat_add(s, out->len_us);
		if (out->len_us == 0) {
			if (s < x->from_us)
				continue;
		} else {
			if (e <= x->from_us)
				continue;
			clip(out, s > x->from_us ? s : x->from_us,
			     e < x->to_us ? e : x->to_us);
		}
		out->start_us -= x->from_us;
		*end = false;
		return TT_OK;
	}
	*end = true;
	return TT_OK;
}

/* --- speedup --------------------------------------------------------- */

/* t / factor to the nearest microsecond: non-decreasing in t. */
static tt_time_us compress(tt_time_us t, double factor)
{
	double v = nearbyint((double)t / factor);
	if (v >= 0x1p63)
		return TT_TIME_MAX;
	if (v <= -0x1p63)
		return INT64_MIN;
	return (tt_time_us)v;
}

/*
 * Times divided by the factor.  The end is divided rather than the length,
 * so intervals that touched still touch; counts are unchanged, so rates
 * grow by the factor.
 */
static tt_code speedup_next(tt_source *src, tt_interval *out, bool *end,
                            tt_diag *d)
{
	xform *x = (xform *)src;
	tt_code rc = tt_source_next(x->inner, out, end, d);
	if (rc || *end)
		return rc;
	tt_time_us e = sat_add(out->start_us, out->len_us);
	out->start_us = compress(out->start_us, x->t->factor);
	if (out->len_us > 0)
		out->len_us = compress(e, x->t->factor) - out->start_us;
	return TT_OK;
}

/* --- repeat ---------------------------------------------------------- */

/* How far apart passes start: `every`, or the first pass's length. */
static tt_time_us pass_every(const xform *x)
{
	return x->t->every_us ? x->t->every_us : x->pass_len_us;
}

/*
 * Copies must not overlap: overlapping ones would multiply the load and
 * send starts backwards, which every reader after us relies on.  Checked
 * at the first interval of each later pass, against the latest end handed
 * on, rather than from the first pass's extent: a seek hint may have
 * dropped the first pass's start (an inner repeat skipping its passes), so
 * only a whole later pass shows where one starts.  `first_us` is that
 * start, in the inner source's time; pass_len_us is the latest end of any
 * pass (skipping drops whole passes before the last, never the last end).
 */
static tt_code overlap(xform *x, tt_time_us first_us, tt_diag *d)
{
	char a[24], b[24];
	tt_diag_set(&x->fail.diag, TT_EINVAL, x->t->loc,
	            "'every' must be at least the length of one pass (from "
	            "its first start to its last end), %ss, got %ss",
	            tt_time_format_s(x->pass_len_us - first_us, a),
	            tt_time_format_s(pass_every(x), b));
	return tt_source_fail(&x->fail, TT_EINVAL, d);
}

/*
 * The inner source, then again from its start every_us later (or the
 * length of the first pass later), `times` more times or for ever.
 */
static tt_code repeat_next(tt_source *src, tt_interval *out, bool *end,
                           tt_diag *d)
{
	xform *x = (xform *)src;
	if (tt_source_failed(&x->fail, d))
		return x->fail.code;
	while (!x->ended) {
		tt_code rc = tt_source_next(x->inner, out, end, d);
		if (rc)
			return rc;
		if (!*end) {
			if (x->pass == 0) {
				tt_time_us e =
				        sat_add(out->start_us, out->len_us);
				if (e > x->pass_len_us)
					x->pass_len_us = e;
			} else if (!x->seen_this_pass &&
			           sat_add(out->start_us, x->offset_us) <
			                   x->end_us) {
				return overlap(x, out->start_us, d);
			}
			x->seen_this_pass = true;
			out->start_us = sat_add(out->start_us, x->offset_us);
			tt_time_us e = sat_add(out->start_us, out->len_us);
			if (e > x->end_us)
				x->end_us = e;
			return TT_OK;
		}
		/* a pass is over: another one? */
		if (!x->seen_this_pass ||
		    (x->t->times && x->pass >= x->t->times)) {
			x->ended = true;
			break;
		}
		tt_time_us every = pass_every(x);
		char a[24], b[24];
		if (x->pass == 0 && every <= 0) {
			tt_diag_set(&x->fail.diag, TT_EINVAL, x->t->loc,
			            "cannot repeat a workload of length 0: "
			            "give 'every'");
			return tt_source_fail(&x->fail, TT_EINVAL, d);
		}
		/* (a given `every` was checked when the repeat was set up) */
		if (x->pass == 0 && every < x->min_every_us) {
			tt_diag_set(
			        &x->fail.diag, TT_EINVAL, x->t->loc,
			        "a pass lasts less than one simulation period "
			        "(%ss, times the speed-ups after it): %ss; "
			        "give "
			        "'every'",
			        tt_time_format_s(x->min_every_us, a),
			        tt_time_format_s(every, b));
			return tt_source_fail(&x->fail, TT_EINVAL, d);
		}
		if (x->offset_us > TT_TIME_MAX - every) {
			x->ended = true; /* the end of time */
			break;
		}
		/* Whole passes that end before the seek hint are skipped
		 * without reading them: the pass at offset o covers up to
		 * o + pass_len. */
		tt_time_us next = x->offset_us + every;
		if (x->seek_us - x->pass_len_us >= next) {
			int64_t skip =
			        (x->seek_us - x->pass_len_us - next) / every +
			        1;
			if (x->t->times && skip > x->t->times - x->pass - 1)
				skip = x->t->times - x->pass - 1;
			x->offset_us += skip * every;
			x->pass += skip;
		}
		if ((rc = tt_source_rewind(x->inner, d)))
			return rc;
		x->offset_us += every;
		x->pass++;
		x->seen_this_pass = false;
	}
	*end = true;
	return TT_OK;
}

/* --- the wrapper ----------------------------------------------------- */

static tt_code xform_rewind(tt_source *src, tt_diag *d)
{
	xform *x = (xform *)src;
	x->done = false;
	x->pass = 0;
	x->offset_us = 0;
	x->seek_us = 0;
	x->sought = false;
	x->pass_len_us = x->end_us = 0;
	x->seen_this_pass = x->ended = false;
	x->fail.code = TT_OK;
	return tt_source_rewind(x->inner, d);
}

static void xform_close(tt_source *src)
{
	xform *x = (xform *)src;
	tt_source_close(x->inner);
	free(x);
}

/*
 * Seek hints, in each transform's own time: passed on to the inner source
 * in its time, or, for a repeat, kept for skipping whole passes.
 */
static tt_code scale_seek(tt_source *src, tt_time_us t, tt_diag *d)
{
	return tt_source_seek(((xform *)src)->inner, t, d);
}

static tt_code shift_seek(tt_source *src, tt_time_us t, tt_diag *d)
{
	xform *x = (xform *)src;
	return tt_source_seek(x->inner, sat_add(t, -x->t->shift_us), d);
}

static tt_code slice_seek(tt_source *src, tt_time_us t, tt_diag *d)
{
	xform *x = (xform *)src;
	return tt_source_seek(x->inner, sat_add(t, x->from_us), d);
}

static tt_code speedup_seek(tt_source *src, tt_time_us t, tt_diag *d)
{
	xform *x = (xform *)src;
	double v = (double)t * x->t->factor;
	/* a little early is safe: a hint, not a cut */
	tt_time_us inner = v >= 0x1p62 ? (tt_time_us)0x1p62 : (tt_time_us)v;
	return tt_source_seek(x->inner, inner > 0 ? inner - 1 : 0, d);
}

static tt_code repeat_seek(tt_source *src, tt_time_us t, tt_diag *d)
{
	xform *x = (xform *)src;
	if (t > x->seek_us)
		x->seek_us = t;
	/* the pass being read may skip too (a repeat inside a repeat) */
	return t > x->offset_us ? tt_source_seek(x->inner, t - x->offset_us, d)
	                        : TT_OK;
}

static const tt_source_ops scale_ops = {scale_next, xform_rewind, xform_close,
                                        scale_seek};
static const tt_source_ops shift_ops = {shift_next, xform_rewind, xform_close,
                                        shift_seek};
static const tt_source_ops slice_ops = {slice_next, xform_rewind, xform_close,
                                        slice_seek};
static const tt_source_ops speedup_ops = {speedup_next, xform_rewind,
                                          xform_close, speedup_seek};
static const tt_source_ops repeat_ops = {repeat_next, xform_rewind, xform_close,
                                         repeat_seek};

/* A scale or speed-up factor past TT_WORKLOAD_FACTOR_MAX. */
static tt_code factor_too_large(const tt_transform *t, const char *what,
                                tt_diag *d)
{
	return tt_diag_set(d, TT_ERANGE, t->loc,
	                   "'%s' is too large, got %g (at most " TT_LIMIT_TEXT(
	                           TT_WORKLOAD_FACTOR_MAX) ")",
	                   what, t->factor);
}

/* Check `t` against `inner` and set up what the kind needs in `x`. */
static tt_code setup(xform *x, const tt_source *inner, const tt_transform *t,
                     tt_diag_list *notes, tt_diag *d)
{
	char a[24], b[24];
	switch (t->kind) {
	case TT_TRANSFORM_SCALE:
		if (!(t->factor >= 0))
			return tt_diag_set(d, TT_EINVAL, t->loc,
			                   "'scale' must be >= 0, got %g",
			                   t->factor);
		if (!(t->factor <= TT_WORKLOAD_FACTOR_MAX))
			return factor_too_large(t, "scale", d);
		x->base.ops = &scale_ops;
		return TT_OK;
	case TT_TRANSFORM_SHIFT:
		x->base.ops = &shift_ops;
		/* the new time 0 was the inner's -shift */
		if (inner->wallclock)
			x->base.origin_unix_s = origin_moved(
			        inner->origin_unix_s, -t->shift_us);
		return TT_OK;
	case TT_TRANSFORM_SLICE:
		x->from_us = t->from_us;
		x->to_us = t->to_us;
		if (t->slice_unix) {
			if (!inner->wallclock)
				return tt_diag_set(d, TT_EINVAL, t->loc,
				                   "a calendar slice needs a "
				                   "trace with calendar times");
			/* Unix microseconds to the inner's time; no
			 * `from`: from the start */
			tt_time_us origin_us =
			        inner->origin_unix_s * TT_US_PER_S;
			x->from_us = t->from_us == INT64_MIN
			                     ? 0
			                     : sat_add(t->from_us, -origin_us);
			if (t->to_us != TT_TIME_MAX)
				x->to_us = sat_add(t->to_us, -origin_us);
		}
		if (x->to_us <= x->from_us)
			return tt_diag_set(d, TT_EINVAL, t->loc,
			                   "'to' must be after 'from', got "
			                   "%ss <= %ss",
			                   tt_time_format_s(x->to_us, a),
			                   tt_time_format_s(x->from_us, b));
		x->base.ops = &slice_ops;
		if (inner->wallclock)
			x->base.origin_unix_s =
			        origin_moved(inner->origin_unix_s, x->from_us);
		return TT_OK;
	case TT_TRANSFORM_SPEEDUP:
		if (!(t->factor > 0))
			return tt_diag_set(d, TT_EINVAL, t->loc,
			                   "'speedup' must be > 0, got %g",
			                   t->factor);
		if (!(t->factor <= TT_WORKLOAD_FACTOR_MAX))
			return factor_too_large(t, "speedup", d);
		x->base.ops = &speedup_ops;
		if (inner->wallclock) {
			/* compressed time has no calendar */
			x->base.wallclock = false;
			x->base.origin_unix_s = 0;
			if (tt_diag_list_add(notes, TT_SEV_NOTE, t->loc,
			                     "calendar timestamps are left out "
			                     "after 'speedup'"))
				return tt_diag_nomem(d, t->loc);
		}
		return TT_OK;
	case TT_TRANSFORM_REPEAT:
		if (t->times < 0)
			return tt_diag_set(d, TT_EINVAL, t->loc,
			                   "'times' must be >= 0, got %lld",
			                   (long long)t->times);
		if (t->every_us < 0)
			return tt_diag_set(d, TT_EINVAL, t->loc,
			                   "'every' must be > 0, got %ss",
			                   tt_time_format_s(t->every_us, a));
		if (t->every_us && t->every_us < x->min_every_us) {
			return tt_diag_set(d, TT_EINVAL, t->loc,
			                   "'every' must be at least one "
			                   "simulation period (%ss, times the "
			                   "speed-ups after it), got %ss",
			                   tt_time_format_s(x->min_every_us, a),
			                   tt_time_format_s(t->every_us, b));
		}
		x->base.ops = &repeat_ops;
		return TT_OK;
	}
	return tt_diag_set(d, TT_EINTERNAL, t->loc, "unknown transform %d",
	                   (int)t->kind);
}

/*
 * One wrapper struct for every kind, with the kind's ops; it starts with
 * the inner source's calendar origin and attribute names, which setup()
 * then moves or drops.  `inner` is closed on failure.
 */
tt_code tt_transform_wrap(tt_source *inner, const tt_transform *t,
                          tt_time_us min_every_us, tt_diag_list *notes,
                          tt_source **out, tt_diag *d)
{
	tt_code rc;
	xform *x = calloc(1, sizeof *x);
	if (!x) {
		rc = tt_diag_nomem(d, t->loc);
		goto close_inner;
	}
	x->inner = inner;
	x->t = t;
	x->min_every_us = min_every_us;
	x->base.wallclock = inner->wallclock;
	x->base.origin_unix_s = inner->origin_unix_s;
	x->base.attr_names = inner->attr_names;
	x->base.n_attrs = inner->n_attrs;
	if ((rc = setup(x, inner, t, notes, d)))
		goto free_wrapper;
	*out = &x->base;
	return TT_OK;

free_wrapper:
	free(x);
close_inner:
	tt_source_close(inner);
	return rc;
}
