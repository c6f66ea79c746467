/*
 * workload.c - per-period invocation counts from a shape or a trace.
 *
 * Synthetic shapes have closed-form integrals, so the expected number of
 * invocations from time 0 to the end of period k, E(k), is computed afresh
 * each period (never accumulated, so it never drifts), and period k gets
 * round(E(k)) - round(E(k-1)) whole invocations.  With Poisson noise a
 * period's count is instead a Poisson draw around its own expectation, from
 * the workload's RNG stream.  Traces are read and resampled by
 * trace_counts.c; this file only dispatches to it.
 *
 * Rates are per minute and times in microseconds, so every integral ends in
 * a division by TT_US_PER_MIN.
 */
#include "ttsim/workload.h"

#include <math.h>
#include <stdlib.h>

#include "trace_counts.h"
#include "ttsim/rng.h"

struct tt_workload {
	tt_workload_kind kind;
	tt_time_us period_us;
	int64_t next_period; /* index of the next period */

	const tt_synthetic_spec *syn;
	tt_rng rng;      /* TT_RNG_WORKLOAD, for Poisson noise */
	int64_t emitted; /* round(E) at the end of the last period */

	tt_trace_counts *trace;
};

void tt_workload_spec_release(tt_workload_spec *spec)
{
	if (!spec)
		return;
	free(spec->synthetic.steps);
	spec->synthetic.steps = NULL;
	spec->synthetic.n_steps = 0;
	free(spec->trace.path);
	spec->trace.path = NULL;
}

/* --- integrals of the shapes ---------------------------------------- */

/* The length of [s, e) ∩ [lo, hi), as a double; 0 when they miss. */
static double overlap(tt_time_us s, tt_time_us e, tt_time_us lo, tt_time_us hi)
{
	tt_time_us a = s > lo ? s : lo;
	tt_time_us b = e < hi ? e : hi;
	return b > a ? (double)(b - a) : 0;
}

/* The integral of a step shape, in rate-per-minute microseconds. */
static double step_integral(const tt_synthetic_spec *sp, tt_time_us s,
                            tt_time_us e)
{
	tt_time_us lo = INT64_MIN;
	double rate = sp->rate_per_min;
	double sum = 0;
	for (size_t i = 0; i < sp->n_steps; i++) {
		sum += rate * overlap(s, e, lo, sp->steps[i].at_us);
		lo = sp->steps[i].at_us;
		rate = sp->steps[i].rate_per_min;
	}
	return sum + rate * overlap(s, e, lo, INT64_MAX);
}

/*
 * A ramp: flat at `from` before start, flat at `to` after end, linear in
 * between; over the sloped part the integral is the length times the rate
 * at the midpoint.
 */
static double ramp_integral(const tt_synthetic_spec *sp, tt_time_us s,
                            tt_time_us e)
{
	double sum = sp->from_per_min * overlap(s, e, INT64_MIN, sp->start_us) +
	             sp->to_per_min * overlap(s, e, sp->end_us, INT64_MAX);
	tt_time_us u = s > sp->start_us ? s : sp->start_us;
	tt_time_us v = e < sp->end_us ? e : sp->end_us;
	if (v > u) {
		double mid = ((double)(u - sp->start_us) +
		              (double)(v - sp->start_us)) /
		             2;
		double span = (double)(sp->end_us - sp->start_us);
		double rate = sp->from_per_min +
		              (sp->to_per_min - sp->from_per_min) * mid / span;
		sum += rate * (double)(v - u);
	}
	return sum;
}

/* x mod m in [0, m), for m > 0. */
static int64_t mod_pos(int64_t x, int64_t m)
{
	int64_t r = x % m;
	return r < 0 ? r + m : r;
}

/*
 * The raised cosine, rate(t) = mean - amp/2 cos(theta(t)) with
 * theta(t) = 2 pi (t - peak_at + T/2) / T, mean = (base + peak)/2 and
 * amp = peak - base.  Its integral is
 *
 *   mean (e - s) - amp/2 T/(2 pi) (sin theta(e) - sin theta(s))
 *
 * and the difference of sines is taken as 2 cos((A+B)/2) sin((A-B)/2), with
 * both angles reduced modulo a whole turn in integer microseconds first:
 * no precision is lost however far t is from 0, and short periods do not
 * subtract two nearly equal sines.
 */
static double diurnal_integral(const tt_synthetic_spec *sp, tt_time_us s,
                               tt_time_us e)
{
	const double pi = 3.14159265358979323846;
	int64_t T = sp->period_us;
	int64_t T2 = 2 * T;
	double mean = (sp->base_per_min + sp->peak_per_min) / 2;
	double amp = sp->peak_per_min - sp->base_per_min;
	/* (A+B)/2 = pi (s + e - 2 peak_at + T) / T; (A-B)/2 = pi (e - s) / T */
	int64_t mid =
	        mod_pos(mod_pos(s, T2) + mod_pos(e, T2) -
	                        mod_pos(2 * mod_pos(sp->peak_at_us, T), T2) + T,
	                T2);
	int64_t half = mod_pos(e - s, T2);
	double sin_diff = 2 * cos(pi * (double)mid / (double)T) *
	                  sin(pi * (double)half / (double)T);
	return mean * (double)(e - s) -
	       amp / 2 * ((double)T / (2 * pi)) * sin_diff;
}

double tt_synthetic_expected(const tt_synthetic_spec *s, tt_time_us start_us,
                             tt_time_us end_us)
{
	if (end_us <= start_us)
		return 0;
	double integral = 0;
	switch (s->shape) {
	case TT_SHAPE_CONSTANT:
		integral = s->rate_per_min * (double)(end_us - start_us);
		break;
	case TT_SHAPE_STEP:
		integral = step_integral(s, start_us, end_us);
		break;
	case TT_SHAPE_RAMP:
		integral = ramp_integral(s, start_us, end_us);
		break;
	case TT_SHAPE_DIURNAL:
		integral = diurnal_integral(s, start_us, end_us);
		break;
	}
	double expected = integral / (double)TT_US_PER_MIN;
	/* A flat zero-base cosine can come out a hair below zero. */
	return expected > 0 ? expected : 0;
}

/* --- the stream ----------------------------------------------------- */

static bool bad_rate(double r)
{
	return !(r >= 0) || isinf(r);
}

/* Reject shapes whose integral would be meaningless (negative rates,
 * empty ramps, unordered steps); the scenario loader should have caught
 * these already, with better places. */
static tt_code check_synthetic(const tt_synthetic_spec *sp, tt_loc loc,
                               tt_diag *d)
{
	switch (sp->shape) {
	case TT_SHAPE_CONSTANT:
		if (bad_rate(sp->rate_per_min))
			return tt_diag_set(d, TT_EINVAL, loc,
			                   "'rate' must be >= 0, got %g",
			                   sp->rate_per_min);
		return TT_OK;
	case TT_SHAPE_STEP:
		if (bad_rate(sp->rate_per_min))
			return tt_diag_set(d, TT_EINVAL, loc,
			                   "'rate' must be >= 0, got %g",
			                   sp->rate_per_min);
		for (size_t i = 0; i < sp->n_steps; i++) {
			if (bad_rate(sp->steps[i].rate_per_min))
				return tt_diag_set(
				        d, TT_EINVAL, loc,
				        "'rate' must be >= 0, got %g",
				        sp->steps[i].rate_per_min);
			if (i > 0 &&
			    sp->steps[i].at_us <= sp->steps[i - 1].at_us)
				return tt_diag_set(d, TT_EINVAL, loc,
				                   "steps must be in "
				                   "increasing order of 'at'");
		}
		return TT_OK;
	case TT_SHAPE_RAMP:
		if (bad_rate(sp->from_per_min) || bad_rate(sp->to_per_min))
			return tt_diag_set(d, TT_EINVAL, loc,
			                   "'from' and 'to' must be >= 0");
		if (sp->end_us <= sp->start_us)
			return tt_diag_set(d, TT_EINVAL, loc,
			                   "'end' must be after 'start'");
		return TT_OK;
	case TT_SHAPE_DIURNAL:
		if (bad_rate(sp->base_per_min) || bad_rate(sp->peak_per_min))
			return tt_diag_set(d, TT_EINVAL, loc,
			                   "'base' and 'peak' must be >= 0");
		if (sp->period_us <= 0 || sp->period_us > INT64_MAX / 4)
			return tt_diag_set(d, TT_EINVAL, loc,
			                   "'period' must be > 0");
		return TT_OK;
	}
	return tt_diag_set(d, TT_EINTERNAL, loc, "unknown workload shape %d",
	                   (int)sp->shape);
}

tt_code tt_workload_open(const tt_workload_spec *spec, uint64_t seed,
                         tt_time_us period_us, tt_workload **out, tt_diag *d)
{
	tt_code rc;
	if (period_us <= 0)
		return tt_diag_set(d, TT_EINVAL, spec->loc,
		                   "the simulation period must be > 0");
	if (spec->kind == TT_WORKLOAD_SYNTHETIC) {
		rc = check_synthetic(&spec->synthetic, spec->loc, d);
		if (rc)
			return rc;
	} else if (spec->kind != TT_WORKLOAD_TRACE) {
		return tt_diag_set(d, TT_EINTERNAL, spec->loc,
		                   "unknown workload kind %d", (int)spec->kind);
	}

	tt_workload *w = calloc(1, sizeof *w);
	if (!w)
		return tt_diag_set(d, TT_ENOMEM, spec->loc, "out of memory");
	w->kind = spec->kind;
	w->period_us = period_us;
	w->syn = &spec->synthetic;
	tt_rng_seed(&w->rng, seed, TT_RNG_WORKLOAD);
	if (spec->kind == TT_WORKLOAD_TRACE) {
		rc = tt_trace_counts_open(&spec->trace, spec->loc, period_us,
		                          &w->trace, d);
		if (rc)
			goto fail_free;
	}
	*out = w;
	return TT_OK;

fail_free:
	free(w);
	return rc;
}

tt_code tt_workload_next(tt_workload *w, uint64_t *count, bool *ended,
                         tt_diag *d)
{
	if (w->kind == TT_WORKLOAD_TRACE)
		return tt_trace_counts_next(w->trace, count, ended, d);

	tt_time_us start = w->next_period * w->period_us;
	tt_time_us end = start + w->period_us;
	w->next_period++;
	*ended = false;
	if (w->syn->poisson) {
		*count = tt_rng_poisson(
		        &w->rng, tt_synthetic_expected(w->syn, start, end));
		return TT_OK;
	}
	/* Carried rounding: E from 0 each time, so errors never pile up. */
	int64_t total = llround(tt_synthetic_expected(w->syn, 0, end));
	*count = total > w->emitted ? (uint64_t)(total - w->emitted) : 0;
	if (total > w->emitted)
		w->emitted = total;
	return TT_OK;
}

bool tt_workload_wallclock(const tt_workload *w, int64_t *origin_unix_s)
{
	if (w->kind != TT_WORKLOAD_TRACE)
		return false;
	return tt_trace_counts_wallclock(w->trace, origin_unix_s);
}

void tt_workload_close(tt_workload *w)
{
	if (!w)
		return;
	tt_trace_counts_close(w->trace);
	free(w);
}
