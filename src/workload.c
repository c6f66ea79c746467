/*
 * workload.c - per-period invocation counts from any workload.
 *
 * A workload is built as a chain of interval sources (source.h):
 *
 *   shape or trace reader -> transform -> ... -> transform
 *
 * and this file turns the chain's intervals into counts per simulation
 * period.  Each interval's count is spread evenly over its length (a point
 * falls in the period that contains it), so a period's expected count is
 * the sum of its overlaps.  Expected counts become whole invocations by
 * carried rounding (the running total is rounded, never the parts, so it
 * never drifts) or, with `noise: poisson`, by a Poisson draw around each
 * period's expectation from the workload's own RNG stream.
 *
 * This is also where every workload meets its one bound that no input can
 * check alone: the invocations of the whole run, TT_WORKLOAD_TOTAL_MAX.
 * Each period's expectation is checked against what is left of it before
 * it is rounded or drawn, so no count, sum or conversion can overflow,
 * whatever the trace's length or the transforms' factors (an infinite or
 * NaN expectation is refused the same way).
 *
 * Intervals arrive in order of start; the few that reach past the current
 * period wait in `pending`.  Nothing else is kept, so memory does not grow
 * with the length of the trace.
 */
#include "ttsim/workload.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "read_ahead.h"
#include "source.h"
#include "synthetic.h"
#include "trace.h"
#include "trace_cache.h"
#include "transform.h"
#include "workload_source.h"
#include "ttsim/rng.h"

struct tt_workload {
	tt_source *src; /* the end of the chain */
	tt_loc loc;     /* the spec's, for errors about the whole workload */
	tt_time_us period_us;
	int64_t next_period;

	tt_interval *pending; /* intervals reaching past the current period */
	size_t n_pending;
	size_t cap_pending;
	tt_interval ahead; /* read, but starting after the current period */
	bool have_ahead;
	bool src_ended;
	tt_time_us last_end_us; /* the latest end of any interval read */

	bool poisson;
	tt_rng rng;      /* TT_RNG_WORKLOAD, for Poisson noise */
	double expected; /* running total of expected counts (since the
	                     last rebase, see carried()) */
	int64_t emitted; /* whole invocations emitted (since then) */
	uint64_t total;  /* whole invocations emitted in all */

	/* tt_workload_next_arrival */
	tt_time_us horizon_us; /* no arrival at or after it */
	tt_arrivals arrivals;
	tt_rng arrival_rng; /* TT_RNG_ARRIVALS */
	int arrival_mode;   /* 0: not decided; 1: points; 2: expanding */
	bool arrivals_ended;
	uint64_t left;             /* expanding: arrivals left in the period */
	uint64_t in_period;        /* expanding: the period's count */
	tt_time_us t_us;           /* expanding: the last arrival (Poisson) */
	tt_time_us from_us, to_us; /* expanding: the period */
	double point_left; /* points: copies left of the current point */
	tt_interval point;
};

bool tt_workload_spec_endless(const tt_workload_spec *spec)
{
	if (spec->kind == TT_WORKLOAD_SYNTHETIC)
		return true;
	for (size_t i = 0; i < spec->n_transforms; i++)
		if (spec->transforms[i].kind == TT_TRANSFORM_REPEAT &&
		    spec->transforms[i].times == 0)
			return true;
	return false;
}

void tt_shape_spec_release(tt_shape_spec *shape)
{
	if (!shape)
		return;
	free(shape->steps);
	for (size_t i = 0; i < shape->n_parts; i++)
		tt_shape_spec_release(&shape->parts[i]);
	free(shape->parts);
	memset(shape, 0, sizeof *shape);
}

void tt_trace_spec_release(tt_trace_spec *trace)
{
	if (!trace)
		return;
	for (size_t i = 0; i < trace->n_paths; i++)
		free(trace->paths[i]);
	free(trace->paths);
	free(trace->names);
	free(trace->time.name);
	free(trace->count.name);
	free(trace->function);
	free(trace->app);
	memset(trace, 0, sizeof *trace);
}

void tt_workload_spec_release(tt_workload_spec *spec)
{
	if (!spec)
		return;
	tt_shape_spec_release(&spec->shape);
	tt_trace_spec_release(&spec->trace);
	free(spec->transforms);
	memset(spec, 0, sizeof *spec);
}

/*
 * A synthetic workload's highest rate after its transforms: each scale and
 * speed-up multiplies it.  The shape's own highest rate was checked when
 * it was opened; the error points at the transform that takes it past the
 * limit.  (A trace's rates are not known before it is read: the total
 * holds it.)
 */
static tt_code check_peak(const tt_workload_spec *spec, tt_diag *d)
{
	if (spec->kind != TT_WORKLOAD_SYNTHETIC)
		return TT_OK;
	double peak = tt_shape_peak(&spec->shape);
	for (size_t i = 0; i < spec->n_transforms; i++) {
		const tt_transform *t = &spec->transforms[i];
		if (t->kind != TT_TRANSFORM_SCALE &&
		    t->kind != TT_TRANSFORM_SPEEDUP)
			continue;
		peak *= t->factor;
		if (!(peak <= TT_WORKLOAD_RATE_MAX))
			return tt_diag_set(
			        d, TT_ERANGE, t->loc,
			        "'%s' takes the workload's highest rate to "
			        "%g/min (at most " TT_LIMIT_TEXT(
			                TT_WORKLOAD_RATE_MAX) "/min)",
			        t->kind == TT_TRANSFORM_SCALE ? "scale"
			                                      : "speedup",
			        peak);
	}
	return TT_OK;
}

/* Build the chain: the shape or reader, then each transform around it. */
static tt_code open_chain(const tt_workload_spec *spec, uint64_t seed,
                          tt_time_us period_us, tt_diag_list *notes,
                          tt_source **out, tt_diag *d)
{
	tt_source *src = NULL;
	tt_code rc;
	if (spec->kind == TT_WORKLOAD_SYNTHETIC)
		rc = tt_synthetic_open(&spec->shape, seed, period_us, &src, d);
	else if (spec->trace_cache)
		rc = tt_trace_cache_open(spec->trace_cache, &spec->trace,
		                         spec->loc, notes, &src, d);
	else if (spec->read_ahead)
		rc = tt_read_ahead_open(&spec->trace, spec->loc, notes, &src,
		                        d);
	else
		rc = tt_trace_open(&spec->trace, spec->loc, notes, &src, d);
	if (rc)
		return rc;
	for (size_t i = 0; i < spec->n_transforms; i++) {
		/* A repeat must come back at most once a period of the run:
		 * in its own time, a period times the speed-ups after it. */
		double f = (double)period_us;
		for (size_t j = i + 1; j < spec->n_transforms; j++)
			if (spec->transforms[j].kind == TT_TRANSFORM_SPEEDUP)
				f *= spec->transforms[j].factor;
		tt_time_us min_every = f < (double)TT_SPAN_MAX_US
		                               ? (tt_time_us)f
		                               : TT_SPAN_MAX_US;
		/* the wrapper owns src from here, even when it fails */
		rc = tt_transform_wrap(src, &spec->transforms[i], min_every,
		                       notes, &src, d);
		if (rc)
			return rc;
	}
	if ((rc = check_peak(spec, d))) {
		tt_source_close(src);
		return rc;
	}
	*out = src;
	return TT_OK;
}

tt_code tt_workload_from_source(tt_source *src, uint64_t seed,
                                tt_time_us period_us, bool poisson,
                                tt_workload **out, tt_diag *d)
{
	if (period_us <= 0) {
		tt_source_close(src);
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "the simulation period must be > 0");
	}
	tt_workload *w = calloc(1, sizeof *w);
	if (!w) {
		tt_source_close(src);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	w->src = src;
	w->period_us = period_us;
	w->poisson = poisson;
	w->horizon_us = TT_TIME_MAX;
	tt_rng_seed(&w->rng, seed, TT_RNG_WORKLOAD);
	tt_rng_seed(&w->arrival_rng, seed, TT_RNG_ARRIVALS);
	*out = w;
	return TT_OK;
}

tt_code tt_workload_open(const tt_workload_spec *spec, uint64_t seed,
                         tt_time_us period_us, tt_diag_list *notes,
                         tt_workload **out, tt_diag *d)
{
	if (period_us <= 0)
		return tt_diag_set(d, TT_EINVAL, spec->loc,
		                   "the simulation period must be > 0");
	tt_source *src;
	tt_code rc = open_chain(spec, seed, period_us, notes, &src, d);
	if (rc)
		return rc;
	rc = tt_workload_from_source(src, seed, period_us, spec->poisson, out,
	                             d);
	if (!rc) {
		tt_workload_set_arrivals(*out, spec->arrivals);
		(*out)->loc = spec->loc;
	}
	return rc;
}

/* The part of interval `iv` that falls in [a, b). */
static double share(const tt_interval *iv, tt_time_us a, tt_time_us b)
{
	if (iv->len_us <= 0)
		return iv->start_us >= a && iv->start_us < b ? iv->count : 0;
	tt_time_us s = iv->start_us > a ? iv->start_us : a;
	tt_time_us e = iv->start_us + iv->len_us;
	if (e > b)
		e = b;
	if (e <= s)
		return 0;
	if (s == iv->start_us && e == iv->start_us + iv->len_us)
		return iv->count; /* whole: exact, no division */
	return iv->count * ((double)(e - s) / (double)iv->len_us);
}

/*
 * The next interval of the chain, refused when it starts past
 * TT_SPAN_MAX_US: a workload reaches at most as far as a run may last,
 * so reading it period by period (or walking its empty periods for the
 * next arrival) always ends.
 */
static tt_code pull(tt_workload *w, tt_interval *iv, bool *end, tt_diag *d)
{
	tt_code rc = tt_source_next(w->src, iv, end, d);
	/* start + len, and every sum of times after it, stay far in range */
	if (rc || *end ||
	    (iv->len_us <= TT_SPAN_MAX_US &&
	     iv->start_us <= TT_SPAN_MAX_US - iv->len_us))
		return rc;
	double day_us = 86400.0 * (double)TT_US_PER_S;
	return tt_diag_set(
	        d, TT_ERANGE, w->loc,
	        "the workload reaches day %.0f from its start "
	        "(at most " TT_LIMIT_TEXT(TT_SPAN_MAX_DAYS) "d)",
	        floor(((double)iv->start_us + (double)iv->len_us) / day_us));
}

static tt_code push_pending(tt_workload *w, const tt_interval *iv, tt_diag *d)
{
	if (w->n_pending == w->cap_pending) {
		size_t cap = w->cap_pending ? w->cap_pending * 2 : 4;
		tt_interval *p = realloc(w->pending, cap * sizeof *p);
		if (!p)
			return tt_diag_nomem(d, (tt_loc){0});
		w->pending = p;
		w->cap_pending = cap;
	}
	w->pending[w->n_pending] = *iv;
	w->pending[w->n_pending].attrs = NULL; /* not kept past next() */
	w->n_pending++;
	return TT_OK;
}

/* The expected invocations in [a, b), pulling intervals as needed. */
static tt_code expected_in(tt_workload *w, tt_time_us a, tt_time_us b,
                           double *out, tt_diag *d)
{
	double sum = 0;
	/* Intervals left over from earlier periods. */
	size_t keep = 0;
	for (size_t i = 0; i < w->n_pending; i++) {
		tt_interval *iv = &w->pending[i];
		sum += share(iv, a, b);
		if (iv->start_us + iv->len_us > b)
			w->pending[keep++] = *iv;
	}
	w->n_pending = keep;
	/* New intervals that start before b. */
	for (;;) {
		if (!w->have_ahead) {
			if (w->src_ended)
				break;
			bool end = false;
			tt_code rc = pull(w, &w->ahead, &end, d);
			if (rc)
				return rc;
			if (end) {
				w->src_ended = true;
				break;
			}
			w->have_ahead = true;
			tt_time_us e = w->ahead.start_us + w->ahead.len_us;
			if (e > w->last_end_us)
				w->last_end_us = e;
		}
		if (w->ahead.start_us >= b)
			break;
		w->have_ahead = false;
		sum += share(&w->ahead, a, b);
		if (w->ahead.start_us + w->ahead.len_us > b) {
			tt_code rc = push_pending(w, &w->ahead, d);
			if (rc)
				return rc;
		}
	}
	*out = sum;
	return TT_OK;
}

/* The run's invocations would pass TT_WORKLOAD_TOTAL_MAX by `at_us`. */
static tt_code too_many(const tt_workload *w, tt_time_us at_us, tt_diag *d)
{
	char t[24];
	return tt_diag_set(
	        d, TT_ERANGE, w->loc,
	        "the workload comes to more than " TT_LIMIT_TEXT(
	                TT_WORKLOAD_TOTAL_MAX) " invocations by "
	                                       "%ss (at most " TT_LIMIT_TEXT(
	                                               TT_WORKLOAD_TOTAL_MAX) ")",
	        tt_time_format_s(at_us, t));
}

/*
 * Carried rounding: what has been emitted is always the running total of
 * expected counts rounded (half away from zero), and a period gets the
 * difference.  The running total is a double, so past 2^40 its rounding
 * would start to show (at 2^53 it holds only whole numbers); there what
 * has been emitted is taken out of it, exactly (the two are within half
 * an invocation of each other), and it carries on from that half.  A long
 * run of large counts so loses nothing, and the usual run never gets
 * there, so its counts are what they always were.  After a rebase the
 * total may be -0.5, which rounds to -1: nothing more to emit.
 */
static uint64_t carried(tt_workload *w, double expected)
{
	w->expected += expected;
	/* in [-0.5, 2^40 + TT_WORKLOAD_TOTAL_MAX]: inside the int64 range */
	int64_t whole = llround(w->expected);
	int64_t n = whole > w->emitted ? whole - w->emitted : 0;
	w->emitted += n;
	if (w->expected >= 0x1p40) {
		w->expected -= (double)w->emitted;
		w->emitted = 0;
	}
	return (uint64_t)n;
}

/* What is left of TT_WORKLOAD_TOTAL_MAX after `total`. */
static uint64_t total_left(uint64_t total)
{
	uint64_t max = (uint64_t)TT_WORKLOAD_TOTAL_MAX;
	return total < max ? max - total : 0;
}

tt_code tt_workload_next(tt_workload *w, uint64_t *count, bool *ended,
                         tt_diag *d)
{
	tt_time_us a = w->next_period * w->period_us;
	tt_time_us b = a + w->period_us;
	double expected;
	tt_code rc = expected_in(w, a, b, &expected, d);
	if (rc)
		return rc;
	/* Over once nothing is left at or after the start of this period. */
	*ended = w->src_ended && !w->have_ahead && w->n_pending == 0 &&
	         expected == 0 && a >= w->last_end_us;
	w->next_period++;
	if (*ended) {
		*count = 0;
		return TT_OK;
	}
	/* Refused before it is rounded or drawn (NaN fails too) */
	if (!(expected <= (double)total_left(w->total)))
		return too_many(w, b, d);
	uint64_t n = w->poisson ? tt_rng_poisson(&w->rng, expected)
	                        : carried(w, expected);
	/* rounded up past it, or a draw above its mean */
	if (n > total_left(w->total))
		return too_many(w, b, d);
	w->total += n;
	*count = n;
	return TT_OK;
}

void tt_workload_set_arrivals(tt_workload *w, tt_arrivals how)
{
	w->arrivals = how;
}

void tt_workload_set_horizon(tt_workload *w, tt_time_us end_us)
{
	w->horizon_us = end_us;
}

size_t tt_workload_attrs(const tt_workload *w, const char *const **names)
{
	*names = w->src->attr_names;
	return w->src->n_attrs;
}

/*
 * The next arrival of a period being expanded: with k arrivals left in
 * (t, to), the next is the smallest of k uniform draws there, which is
 * t + (to - t) (1 - U^(1/k)) - no sorting, no storage.  U^(1/k) is drawn
 * as e^(-E/k) with E a standard exponential (-ln U is one), so the
 * fraction is 1 - e^(-x), x = E/k: one ziggurat draw, then for the small
 * x of a busy period (below 2^-8) its Taylor series to x^4, whose
 * relative error (below x^4 / 120, 2e-12) is far below a microsecond of
 * any period, else -expm1(-x).  Plain IEEE arithmetic, evaluated in two
 * independent halves: the same bits on every machine.
 */
static double one_minus_exp_neg(double x)
{
	if (x >= 0x1p-8)
		return -expm1(-x);
	double x2 = x * x;
	return x * (1 - 0.5 * x) + x2 * x * (1.0 / 6 - x * (1.0 / 24));
}

/*
 * The next of the period's arrivals into *t_us, one fewer left.  Always
 * TT_OK: a tail call for tt_workload_next_arrival, whose common path
 * then needs no registers saved around it.
 */
static tt_code place(tt_workload *w, tt_time_us *t_us)
{
	/* Both conversions below are of fractions of one period: in range. */
	if (w->arrivals == TT_ARRIVALS_UNIFORM) {
		uint64_t i = w->in_period - w->left;
		double step =
		        (double)(w->to_us - w->from_us) / (double)w->in_period;
		*t_us = w->from_us + (tt_time_us)(step * ((double)i + 0.5));
		w->left--;
		return TT_OK;
	}
	double frac = one_minus_exp_neg(tt_rng_exponential(&w->arrival_rng) /
	                                (double)w->left);
	tt_time_us t =
	        w->t_us + (tt_time_us)((double)(w->to_us - w->t_us) * frac);
	if (t >= w->to_us)
		t = w->to_us - 1;
	if (t < w->t_us)
		t = w->t_us;
	w->t_us = t;
	*t_us = t;
	w->left--;
	return TT_OK;
}

tt_code tt_workload_next_arrival(tt_workload *w, tt_time_us *t_us,
                                 const double **attrs, bool *end, tt_diag *d)
{
	*end = false;
	*attrs = NULL;
	/*
	 * Nearly every call: a period being expanded with arrivals left
	 * (left is only ever set there), taken before the rest so that
	 * this path sets up no more than it needs.  The same steps as at
	 * the end below.
	 */
	if (w->left > 0)
		return place(w, t_us);
	if (w->arrival_mode == 0) {
		/* Decide once: a source of points is replayed as recorded. */
		bool src_end = false;
		tt_code rc = pull(w, &w->point, &src_end, d);
		if (rc)
			return rc;
		if (src_end) {
			w->arrivals_ended = true;
			w->arrival_mode = 1;
		} else if (w->point.len_us == 0) {
			w->arrival_mode = 1;
			w->point_left = w->point.count;
			if (!(w->point_left <= TT_WORKLOAD_TOTAL_MAX))
				return too_many(w, w->point.start_us, d);
		} else {
			/* hand the interval back to the period resampler */
			w->arrival_mode = 2;
			w->ahead = w->point;
			w->ahead.attrs = NULL;
			w->have_ahead = true;
			tt_time_us e = w->ahead.start_us + w->ahead.len_us;
			if (e > w->last_end_us)
				w->last_end_us = e;
		}
	}
	if (w->arrival_mode == 1) {
		while (!w->arrivals_ended && w->point_left < 0.5) {
			bool src_end = false;
			tt_code rc = pull(w, &w->point, &src_end, d);
			if (rc)
				return rc;
			if (src_end || w->point.start_us >= w->horizon_us)
				w->arrivals_ended = true;
			else /* carried, so a scaled trace keeps its total */
				w->point_left += w->point.count;
			if (!(w->point_left <= (double)total_left(w->total)))
				return too_many(w, w->point.start_us, d);
		}
		if (w->arrivals_ended) {
			*end = true;
			return TT_OK;
		}
		if (w->point.start_us >= w->horizon_us) {
			w->arrivals_ended = true;
			*end = true;
			return TT_OK;
		}
		w->point_left -= 1;
		w->total++;
		*t_us = w->point.start_us;
		*attrs = w->point.attrs;
		return TT_OK;
	}
	while (w->left == 0) {
		if (w->arrivals_ended) {
			*end = true;
			return TT_OK;
		}
		tt_time_us from = w->next_period * w->period_us;
		uint64_t count;
		bool ended;
		if (from >= w->horizon_us) { /* past the run: stop walking */
			w->arrivals_ended = true;
			continue;
		}
		tt_code rc = tt_workload_next(w, &count, &ended, d);
		if (rc)
			return rc;
		if (ended) {
			w->arrivals_ended = true;
			continue;
		}
		w->in_period = w->left = count;
		w->from_us = w->t_us = from;
		w->to_us = from + w->period_us;
	}
	return place(w, t_us);
}

bool tt_workload_wallclock(const tt_workload *w, int64_t *origin_unix_s)
{
	if (!w->src->wallclock)
		return false;
	*origin_unix_s = w->src->origin_unix_s;
	return true;
}

void tt_workload_close(tt_workload *w)
{
	if (!w)
		return;
	tt_source_close(w->src);
	free(w->pending);
	free(w);
}
