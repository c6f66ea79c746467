/*
 * synthetic.c - synthetic shapes as interval sources.
 *
 * A shape is a tree (sum and product have parts); the source mirrors it
 * with one `node` per shape, which adds the state a random shape needs.
 * Each interval [k step, (k+1) step) carries the integral of the rate over
 * it.  Rates are per minute and times in microseconds, so integrals are in
 * rate-per-minute microseconds and end in a division by TT_US_PER_MIN.
 *
 * Every primitive shape has a closed-form integral.  A sum adds its parts'
 * integrals.  A product (the first part's rate times the other parts'
 * values) is integrated piece by piece: each piece runs between two
 * breakpoints of the parts (step times, ramp ends, the start and the top
 * of a spike, on/off switches), where every part is a polynomial or a
 * smooth function.  On a piece where every factor is constant the integral
 * is the first part's closed form times the factors: exact.  Otherwise the
 * piece is integrated by three-point Gauss-Legendre, which is exact for
 * polynomials up to degree 5 (a product of up to five ramps); smooth parts
 * (a diurnal cosine, a spike's decay) cut the piece into panels of at most
 * period / 16 or decay / 4, where the rule's error is below 1e-8 of the
 * integral, and MAX_PANELS at most per piece.  Gauss-Legendre points are
 * inside the piece, never on its ends, so a jump at a breakpoint is never
 * sampled from the wrong side.
 *
 * The on/off shape draws its stays as it goes, in time order, from its own
 * stream; the source only moves forward in time (rewind re-seeds), so the
 * switching times are drawn once each and the same seed always gives the
 * same workload.
 */
#include "synthetic.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "ttsim/rng.h"

/* Most Gauss-Legendre panels on one piece of a product. */
#define MAX_PANELS 4096
/* A product degree above any polynomial: the piece is smooth, not exact. */
#define DEG_SMOOTH 1000
/* Panels of a product of polynomials of degree > 5 (not exact). */
#define HIGH_DEGREE_PANELS 16

typedef struct node node;

struct node {
	const tt_shape_spec *spec;
	node *parts; /* spec->n_parts children, consecutive */
	/* onoff only */
	bool zero;       /* tt_shape_expected: a random shape counts as 0 */
	uint64_t seed;   /* scenario seed */
	uint64_t stream; /* TT_RNG_SHAPES + index in document order */
	tt_rng rng;
	bool on;
	tt_time_us stay_start_us; /* the current stay: [start, end) */
	tt_time_us stay_end_us;
};

typedef struct synthetic {
	tt_source base; /* first: a tt_source * is a synthetic * */
	node *nodes;    /* nodes[0] is the root */
	size_t n_nodes;
	tt_time_us step_us;
	int64_t k; /* index of the next interval */
} synthetic;

/* --- checks ---------------------------------------------------------- */

/* A rate in [0, TT_WORKLOAD_RATE_MAX]; NaN and infinities are neither. */
static bool bad_rate(double r)
{
	return !(r >= 0) || !(r <= TT_WORKLOAD_RATE_MAX);
}

static tt_code bad_rate_err(tt_loc loc, const char *key, double r, tt_diag *d)
{
	if (r >= 0)
		return tt_diag_set(
		        d, TT_ERANGE, loc,
		        "'%s' is too large, got %g (at most " TT_LIMIT_TEXT(
		                TT_WORKLOAD_RATE_MAX) "/min)",
		        key, r);
	return tt_diag_set(d, TT_EINVAL, loc, "'%s' must be >= 0, got %g", key,
	                   r);
}

/* Reject shapes whose integral would be meaningless.  The scenario loader
 * catches most of these first, at the offending key; this is the check
 * for specs built in code. */
static tt_code check_shape(const tt_shape_spec *sh, tt_diag *d)
{
	char a[24], b[24];
	switch (sh->shape) {
	case TT_SHAPE_CONSTANT:
		if (bad_rate(sh->rate_per_min))
			return bad_rate_err(sh->loc, "rate", sh->rate_per_min,
			                    d);
		return TT_OK;
	case TT_SHAPE_STEP:
		if (bad_rate(sh->rate_per_min))
			return bad_rate_err(sh->loc, "rate", sh->rate_per_min,
			                    d);
		for (size_t i = 0; i < sh->n_steps; i++) {
			if (bad_rate(sh->steps[i].rate_per_min))
				return bad_rate_err(sh->loc, "rate",
				                    sh->steps[i].rate_per_min,
				                    d);
			if (i && sh->steps[i].at_us <= sh->steps[i - 1].at_us)
				return tt_diag_set(
				        d, TT_EINVAL, sh->loc,
				        "step times must be strictly "
				        "increasing, got %ss after %ss",
				        tt_time_format_s(sh->steps[i].at_us, a),
				        tt_time_format_s(sh->steps[i - 1].at_us,
				                         b));
		}
		return TT_OK;
	case TT_SHAPE_RAMP:
		if (bad_rate(sh->from_per_min))
			return bad_rate_err(sh->loc, "from", sh->from_per_min,
			                    d);
		if (bad_rate(sh->to_per_min))
			return bad_rate_err(sh->loc, "to", sh->to_per_min, d);
		if (sh->end_us <= sh->start_us)
			return tt_diag_set(d, TT_EINVAL, sh->loc,
			                   "'end' must be after 'start', got "
			                   "%ss <= %ss",
			                   tt_time_format_s(sh->end_us, a),
			                   tt_time_format_s(sh->start_us, b));
		return TT_OK;
	case TT_SHAPE_DIURNAL:
		if (bad_rate(sh->base_per_min))
			return bad_rate_err(sh->loc, "base", sh->base_per_min,
			                    d);
		if (bad_rate(sh->peak_per_min))
			return bad_rate_err(sh->loc, "peak", sh->peak_per_min,
			                    d);
		/* the integral reduces 2 period in int64 */
		if (sh->period_us <= 0 || sh->period_us > INT64_MAX / 4)
			return tt_diag_set(d, TT_EINVAL, sh->loc,
			                   "'period' must be > 0, got %ss",
			                   tt_time_format_s(sh->period_us, a));
		return TT_OK;
	case TT_SHAPE_SPIKE:
		if (bad_rate(sh->base_per_min))
			return bad_rate_err(sh->loc, "base", sh->base_per_min,
			                    d);
		if (bad_rate(sh->peak_per_min))
			return bad_rate_err(sh->loc, "peak", sh->peak_per_min,
			                    d);
		if (sh->rise_us < 0)
			return tt_diag_set(d, TT_EINVAL, sh->loc,
			                   "'rise' must be >= 0, got %ss",
			                   tt_time_format_s(sh->rise_us, a));
		if (sh->decay_us <= 0)
			return tt_diag_set(d, TT_EINVAL, sh->loc,
			                   "'decay' must be > 0, got %ss",
			                   tt_time_format_s(sh->decay_us, a));
		if (sh->at_us > 0 && sh->rise_us > TT_TIME_MAX / 2 - sh->at_us)
			return tt_diag_set(d, TT_EINVAL, sh->loc,
			                   "'at' + 'rise' is too far in the "
			                   "future");
		return TT_OK;
	case TT_SHAPE_ONOFF:
		if (bad_rate(sh->on_per_min))
			return bad_rate_err(sh->loc, "on", sh->on_per_min, d);
		if (bad_rate(sh->off_per_min))
			return bad_rate_err(sh->loc, "off", sh->off_per_min, d);
		if (sh->mean_on_us <= 0)
			return tt_diag_set(d, TT_EINVAL, sh->loc,
			                   "'mean_on' must be > 0, got %ss",
			                   tt_time_format_s(sh->mean_on_us, a));
		if (sh->mean_off_us <= 0)
			return tt_diag_set(
			        d, TT_EINVAL, sh->loc,
			        "'mean_off' must be > 0, got %ss",
			        tt_time_format_s(sh->mean_off_us, a));
		return TT_OK;
	case TT_SHAPE_SUM:
	case TT_SHAPE_PRODUCT: {
		if (!sh->n_parts)
			return tt_diag_set(d, TT_EINVAL, sh->loc,
			                   "'parts' must hold at least one "
			                   "shape");
		for (size_t i = 0; i < sh->n_parts; i++) {
			tt_code rc = check_shape(&sh->parts[i], d);
			if (rc)
				return rc;
		}
		/* Each part is within the limit; together they may not be.
		 * The parts are checked first, so the innermost sum or
		 * product past it is the one named. */
		double peak = tt_shape_peak(sh);
		if (!(peak <= TT_WORKLOAD_RATE_MAX))
			return tt_diag_set(
			        d, TT_ERANGE, sh->loc,
			        "the %s of the parts can reach %g/min (at "
			        "most " TT_LIMIT_TEXT(
			                TT_WORKLOAD_RATE_MAX) "/min)",
			        sh->shape == TT_SHAPE_SUM ? "sum" : "product",
			        peak);
		return TT_OK;
	}
	}
	return tt_diag_set(d, TT_EINTERNAL, sh->loc, "unknown shape %d",
	                   (int)sh->shape);
}

/*
 * The highest rate the shape can reach: each primitive's highest rate, the
 * sum of a sum's parts' highest, the product of a product's.  A bound, not
 * always reached (two spikes at different times still add up here).
 */
double tt_shape_peak(const tt_shape_spec *sh)
{
	double peak = 0;
	switch (sh->shape) {
	case TT_SHAPE_CONSTANT:
		return sh->rate_per_min;
	case TT_SHAPE_STEP:
		peak = sh->rate_per_min;
		for (size_t i = 0; i < sh->n_steps; i++)
			peak = fmax(peak, sh->steps[i].rate_per_min);
		return peak;
	case TT_SHAPE_RAMP:
		return fmax(sh->from_per_min, sh->to_per_min);
	case TT_SHAPE_DIURNAL:
	case TT_SHAPE_SPIKE:
		return fmax(sh->base_per_min, sh->peak_per_min);
	case TT_SHAPE_ONOFF:
		return fmax(sh->on_per_min, sh->off_per_min);
	case TT_SHAPE_SUM:
		for (size_t i = 0; i < sh->n_parts; i++)
			peak += tt_shape_peak(&sh->parts[i]);
		return peak;
	case TT_SHAPE_PRODUCT:
		peak = 1;
		for (size_t i = 0; i < sh->n_parts; i++)
			peak *= tt_shape_peak(&sh->parts[i]);
		return peak;
	}
	return peak;
}

/* --- the tree -------------------------------------------------------- */

static size_t count_nodes(const tt_shape_spec *sh)
{
	size_t n = 1;
	for (size_t i = 0; i < sh->n_parts; i++)
		n += count_nodes(&sh->parts[i]);
	return n;
}

/*
 * Fill `n` for `sh`, taking its children from nodes[*next...].  Random
 * shapes are numbered in document order (pre-order, parts left to right)
 * by *n_random, which picks their stream.
 */
static void build(node *n, const tt_shape_spec *sh, node *nodes, size_t *next,
                  uint64_t seed, bool zero, uint64_t *n_random)
{
	n->spec = sh;
	n->zero = zero;
	n->seed = seed;
	if (sh->shape == TT_SHAPE_ONOFF)
		n->stream = TT_RNG_SHAPES + (*n_random)++;
	if (!sh->n_parts)
		return;
	n->parts = &nodes[*next];
	*next += sh->n_parts;
	for (size_t i = 0; i < sh->n_parts; i++)
		build(&n->parts[i], &sh->parts[i], nodes, next, seed, zero,
		      n_random);
}

/* One stay of mean `mean_us`: exponential, in whole microseconds (>= 1). */
static tt_time_us draw_stay(tt_rng *r, tt_time_us mean_us)
{
	double x = (double)mean_us * tt_rng_exponential(r);
	if (x >= 0x1p62)
		return INT64_C(1) << 62;
	tt_time_us stay = llround(x);
	return stay < 1 ? 1 : stay;
}

/* The on/off shape at time 0: off, for its first stay. */
static void onoff_reset(node *n)
{
	tt_rng_seed(&n->rng, n->seed, n->stream);
	n->on = false;
	n->stay_start_us = 0;
	n->stay_end_us = draw_stay(&n->rng, n->spec->mean_off_us);
}

static void onoff_flip(node *n)
{
	n->on = !n->on;
	n->stay_start_us = n->stay_end_us;
	tt_time_us stay = draw_stay(&n->rng, n->on ? n->spec->mean_on_us
	                                           : n->spec->mean_off_us);
	n->stay_end_us = n->stay_end_us > TT_TIME_MAX - stay
	                         ? TT_TIME_MAX
	                         : n->stay_end_us + stay;
}

/* Move the on/off state to the stay holding t.  Time only goes forward. */
static void onoff_advance(node *n, double t)
{
	while ((double)n->stay_end_us <= t && n->stay_end_us < TT_TIME_MAX)
		onoff_flip(n);
}

static double onoff_rate(const node *n)
{
	return n->on ? n->spec->on_per_min : n->spec->off_per_min;
}

static void reset(node *nodes, size_t n_nodes)
{
	for (size_t i = 0; i < n_nodes; i++)
		if (nodes[i].spec->shape == TT_SHAPE_ONOFF && !nodes[i].zero)
			onoff_reset(&nodes[i]);
}

/* --- closed forms ---------------------------------------------------- */

/* The length of [s, e) ∩ [lo, hi), as a double; 0 when they miss. */
static double overlap(tt_time_us s, tt_time_us e, tt_time_us lo, tt_time_us hi)
{
	tt_time_us a = s > lo ? s : lo;
	tt_time_us b = e < hi ? e : hi;
	return b > a ? (double)(b - a) : 0;
}

static double step_integral(const tt_shape_spec *sp, tt_time_us s, tt_time_us e)
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
 * A linear piece from rate r0 at t0 to r1 at t1 integrated over
 * [u, v) ⊆ [t0, t1): the length times the rate at the midpoint.
 */
static double linear_integral(double r0, double r1, tt_time_us t0,
                              tt_time_us t1, tt_time_us u, tt_time_us v)
{
	double mid = ((double)(u - t0) + (double)(v - t0)) / 2;
	double rate = r0 + (r1 - r0) * mid / (double)(t1 - t0);
	return rate * (double)(v - u);
}

/*
 * A ramp: flat at `from` before start, flat at `to` after end, linear in
 * between.
 */
static double ramp_integral(const tt_shape_spec *sp, tt_time_us s, tt_time_us e)
{
	double sum = sp->from_per_min * overlap(s, e, INT64_MIN, sp->start_us) +
	             sp->to_per_min * overlap(s, e, sp->end_us, INT64_MAX);
	tt_time_us u = s > sp->start_us ? s : sp->start_us;
	tt_time_us v = e < sp->end_us ? e : sp->end_us;
	if (v > u)
		sum += linear_integral(sp->from_per_min, sp->to_per_min,
		                       sp->start_us, sp->end_us, u, v);
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
static double diurnal_integral(const tt_shape_spec *sp, tt_time_us s,
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

/*
 * A spike: base before `at`, a linear rise to peak over [at, at + rise),
 * then base + (peak - base) exp(-(t - top) / decay) from top = at + rise.
 * The decay integrates to (peak - base) decay (exp(-(u - top)/decay) -
 * exp(-(v - top)/decay)), taken as exp(-(u - top)/decay) (-expm1(-(v -
 * u)/decay)) so short intervals far down the tail keep their digits.
 */
static double spike_integral(const tt_shape_spec *sp, tt_time_us s,
                             tt_time_us e)
{
	double amp = sp->peak_per_min - sp->base_per_min;
	tt_time_us top = sp->at_us + sp->rise_us;
	double sum = sp->base_per_min * (double)(e - s);
	tt_time_us u = s > sp->at_us ? s : sp->at_us;
	tt_time_us v = e < top ? e : top;
	if (v > u)
		sum += linear_integral(0, amp, sp->at_us, top, u, v);
	u = s > top ? s : top;
	if (e > u) {
		double dec = (double)sp->decay_us;
		sum += amp * dec * exp(-(double)(u - top) / dec) *
		       -expm1(-(double)(e - u) / dec);
	}
	return sum;
}

/* --- the shape tree: integrals, values, breakpoints ------------------ */

static double integral(node *n, tt_time_us s, tt_time_us e);

/* The rate (or factor) at time t, right-continuous at jumps. */
static double value(node *n, double t)
{
	const tt_shape_spec *sp = n->spec;
	switch (sp->shape) {
	case TT_SHAPE_CONSTANT:
		return sp->rate_per_min;
	case TT_SHAPE_STEP: {
		double rate = sp->rate_per_min;
		for (size_t i = 0; i < sp->n_steps && sp->steps[i].at_us <= t;
		     i++)
			rate = sp->steps[i].rate_per_min;
		return rate;
	}
	case TT_SHAPE_RAMP:
		if (t < (double)sp->start_us)
			return sp->from_per_min;
		if (t >= (double)sp->end_us)
			return sp->to_per_min;
		return sp->from_per_min +
		       (sp->to_per_min - sp->from_per_min) *
		               (t - (double)sp->start_us) /
		               (double)(sp->end_us - sp->start_us);
	case TT_SHAPE_DIURNAL: {
		const double pi = 3.14159265358979323846;
		/* the phase from a crest, reduced in integers first; t is
		 * inside an interval of int64 times, but may round to 2^63 */
		double whole = floor(t);
		int64_t whole_us = whole >= 0x1p63   ? INT64_MAX
		                   : whole < -0x1p63 ? INT64_MIN
		                                     : (int64_t)whole;
		double phase =
		        (double)mod_pos(
		                mod_pos(whole_us, sp->period_us) -
		                        mod_pos(sp->peak_at_us, sp->period_us),
		                sp->period_us) +
		        (t - whole);
		return (sp->base_per_min + sp->peak_per_min) / 2 +
		       (sp->peak_per_min - sp->base_per_min) / 2 *
		               cos(2 * pi * phase / (double)sp->period_us);
	}
	case TT_SHAPE_SPIKE: {
		double amp = sp->peak_per_min - sp->base_per_min;
		double at = (double)sp->at_us;
		double top = (double)(sp->at_us + sp->rise_us);
		if (t < at)
			return sp->base_per_min;
		if (t < top)
			return sp->base_per_min + amp * (t - at) / (top - at);
		return sp->base_per_min +
		       amp * exp(-(t - top) / (double)sp->decay_us);
	}
	case TT_SHAPE_ONOFF:
		if (n->zero)
			return 0;
		onoff_advance(n, t);
		return onoff_rate(n);
	case TT_SHAPE_SUM: {
		double sum = 0;
		for (size_t i = 0; i < sp->n_parts; i++)
			sum += value(&n->parts[i], t);
		return sum;
	}
	case TT_SHAPE_PRODUCT: {
		double prod = 1;
		for (size_t i = 0; i < sp->n_parts; i++)
			prod *= value(&n->parts[i], t);
		return prod;
	}
	}
	return 0;
}

static tt_time_us min_time(tt_time_us a, tt_time_us b)
{
	return a < b ? a : b;
}

/* The first breakpoint after t (TT_TIME_MAX: none): a time where the
 * shape jumps or changes its formula. */
static tt_time_us next_break(node *n, tt_time_us t)
{
	const tt_shape_spec *sp = n->spec;
	tt_time_us next = TT_TIME_MAX;
	switch (sp->shape) {
	case TT_SHAPE_CONSTANT:
	case TT_SHAPE_DIURNAL:
		break;
	case TT_SHAPE_STEP:
		for (size_t i = 0; i < sp->n_steps; i++)
			if (sp->steps[i].at_us > t)
				return sp->steps[i].at_us;
		break;
	case TT_SHAPE_RAMP:
		if (sp->start_us > t)
			return sp->start_us;
		if (sp->end_us > t)
			return sp->end_us;
		break;
	case TT_SHAPE_SPIKE:
		if (sp->at_us > t)
			return sp->at_us;
		if (sp->at_us + sp->rise_us > t)
			return sp->at_us + sp->rise_us;
		break;
	case TT_SHAPE_ONOFF:
		if (n->zero)
			break;
		onoff_advance(n, (double)t);
		return n->stay_end_us;
	case TT_SHAPE_SUM:
	case TT_SHAPE_PRODUCT:
		for (size_t i = 0; i < sp->n_parts; i++)
			next = min_time(next, next_break(&n->parts[i], t));
		break;
	}
	return next;
}

/*
 * On a piece starting at u (no breakpoint inside it): the degree of the
 * shape as a polynomial, or DEG_SMOOTH, and the longest Gauss-Legendre
 * panel that integrates its smooth parts to about 1e-8 (*panel_us, left
 * alone when there are none).
 */
static int degree(const node *n, tt_time_us u, double *panel_us)
{
	const tt_shape_spec *sp = n->spec;
	int deg = 0;
	switch (sp->shape) {
	case TT_SHAPE_CONSTANT:
	case TT_SHAPE_STEP:
	case TT_SHAPE_ONOFF:
		return 0;
	case TT_SHAPE_RAMP:
		return u >= sp->start_us && u < sp->end_us ? 1 : 0;
	case TT_SHAPE_DIURNAL:
		if (sp->peak_per_min == sp->base_per_min)
			return 0;
		*panel_us = fmin(*panel_us, (double)sp->period_us / 16);
		return DEG_SMOOTH;
	case TT_SHAPE_SPIKE:
		if (u < sp->at_us || sp->peak_per_min == sp->base_per_min)
			return 0;
		if (u < sp->at_us + sp->rise_us)
			return 1;
		*panel_us = fmin(*panel_us, (double)sp->decay_us / 4);
		return DEG_SMOOTH;
	case TT_SHAPE_SUM:
		for (size_t i = 0; i < sp->n_parts; i++) {
			int di = degree(&n->parts[i], u, panel_us);
			deg = di > deg ? di : deg;
		}
		return deg;
	case TT_SHAPE_PRODUCT:
		for (size_t i = 0; i < sp->n_parts; i++)
			deg += degree(&n->parts[i], u, panel_us);
		return deg < DEG_SMOOTH ? deg : DEG_SMOOTH;
	}
	return DEG_SMOOTH;
}

/* Three-point Gauss-Legendre over [a, b): exact up to degree 5. */
static double gauss3(node *n, double a, double b)
{
	const double x = 0.77459666924148337704; /* sqrt(3/5) */
	double mid = (a + b) / 2, half = (b - a) / 2;
	/* nodes in increasing order: an on/off part only moves forward */
	return half *
	       (5 * value(n, mid - half * x) + 8 * value(n, mid) +
	        5 * value(n, mid + half * x)) /
	       9;
}

/* A product over one piece [u, v) with no breakpoint inside. */
static double product_piece(node *n, tt_time_us u, tt_time_us v)
{
	const tt_shape_spec *sp = n->spec;
	double panel_us = INFINITY;
	int deg = 0;
	for (size_t i = 1; i < sp->n_parts; i++)
		deg += degree(&n->parts[i], u, &panel_us);
	if (deg == 0) {
		/* constant factors: the first part's closed form, exactly */
		double f = 1;
		for (size_t i = 1; i < sp->n_parts; i++)
			f *= value(&n->parts[i], (double)u);
		return f == 0 ? 0 : f * integral(&n->parts[0], u, v);
	}
	deg += degree(&n->parts[0], u, &panel_us);
	double len = (double)(v - u);
	double panels = 1;
	if (deg >= DEG_SMOOTH)
		panels = ceil(len / panel_us);
	else if (deg > 5)
		panels = HIGH_DEGREE_PANELS;
	if (panels > MAX_PANELS)
		panels = MAX_PANELS;
	if (panels < 1)
		panels = 1;
	int np = (int)panels;
	double sum = 0;
	for (int i = 0; i < np; i++)
		sum += gauss3(n, (double)u + len * i / np,
		              (double)u + len * (i + 1) / np);
	return sum;
}

/* The integral of the rate over [s, e), in rate-per-minute microseconds. */
static double integral(node *n, tt_time_us s, tt_time_us e)
{
	const tt_shape_spec *sp = n->spec;
	if (e <= s)
		return 0;
	switch (sp->shape) {
	case TT_SHAPE_CONSTANT:
		return sp->rate_per_min * (double)(e - s);
	case TT_SHAPE_STEP:
		return step_integral(sp, s, e);
	case TT_SHAPE_RAMP:
		return ramp_integral(sp, s, e);
	case TT_SHAPE_DIURNAL:
		return diurnal_integral(sp, s, e);
	case TT_SHAPE_SPIKE:
		return spike_integral(sp, s, e);
	case TT_SHAPE_ONOFF: {
		if (n->zero)
			return 0;
		onoff_advance(n, (double)s);
		assert(n->stay_start_us <= s);
		double sum = 0;
		tt_time_us at = s;
		while (n->stay_end_us < e) {
			sum += onoff_rate(n) * (double)(n->stay_end_us - at);
			at = n->stay_end_us;
			onoff_flip(n);
		}
		return sum + onoff_rate(n) * (double)(e - at);
	}
	case TT_SHAPE_SUM: {
		double sum = 0;
		for (size_t i = 0; i < sp->n_parts; i++)
			sum += integral(&n->parts[i], s, e);
		return sum;
	}
	case TT_SHAPE_PRODUCT: {
		double sum = 0;
		for (tt_time_us u = s; u < e;) {
			tt_time_us v = min_time(e, next_break(n, u));
			sum += product_piece(n, u, v);
			u = v;
		}
		return sum;
	}
	}
	return 0;
}

/* Expected invocations: the integral in minutes, never below zero (a
 * flat zero-base cosine can come out a hair under). */
static double expected(node *root, tt_time_us s, tt_time_us e)
{
	double x = integral(root, s, e) / (double)TT_US_PER_MIN;
	return x > 0 ? x : 0;
}

/* --- the source ------------------------------------------------------ */

static tt_code syn_next(tt_source *src, tt_interval *out, bool *end, tt_diag *d)
{
	synthetic *s = (synthetic *)src;
	(void)d;
	/* "for ever": until the next interval would pass the end of time */
	if (s->k > (TT_TIME_MAX - s->step_us) / s->step_us) {
		*end = true;
		return TT_OK;
	}
	tt_time_us a = s->k * s->step_us;
	*end = false;
	out->start_us = a;
	out->len_us = s->step_us;
	out->count = expected(&s->nodes[0], a, a + s->step_us);
	out->attrs = NULL;
	s->k++;
	return TT_OK;
}

static tt_code syn_rewind(tt_source *src, tt_diag *d)
{
	synthetic *s = (synthetic *)src;
	(void)d;
	s->k = 0;
	reset(s->nodes, s->n_nodes);
	return TT_OK;
}

static void syn_close(tt_source *src)
{
	synthetic *s = (synthetic *)src;
	free(s->nodes);
	free(s);
}

static const tt_source_ops syn_ops = {
        .next = syn_next, .rewind = syn_rewind, .close = syn_close};

/*
 * Check the shape, then build its node tree (one allocation) with every
 * on/off part at time 0.  The source borrows `shape`.
 */
tt_code tt_synthetic_open(const tt_shape_spec *shape, uint64_t seed,
                          tt_time_us step_us, tt_source **out, tt_diag *d)
{
	tt_code rc = check_shape(shape, d);
	if (rc)
		return rc;
	if (step_us <= 0)
		return tt_diag_set(d, TT_EINVAL, shape->loc,
		                   "the simulation period must be > 0");
	synthetic *s = calloc(1, sizeof *s);
	if (!s)
		return tt_diag_nomem(d, shape->loc);
	s->n_nodes = count_nodes(shape);
	s->nodes = calloc(s->n_nodes, sizeof *s->nodes);
	if (!s->nodes) {
		rc = tt_diag_nomem(d, shape->loc);
		goto free_source;
	}
	size_t next = 1;
	uint64_t n_random = 0;
	build(&s->nodes[0], shape, s->nodes, &next, seed, false, &n_random);
	assert(next == s->n_nodes);
	reset(s->nodes, s->n_nodes);
	s->base.ops = &syn_ops;
	s->step_us = step_us;
	*out = &s->base;
	return TT_OK;

free_source:
	free(s);
	return rc;
}

/*
 * A throw-away tree whose on/off parts are silent.  For tests: the shape
 * is not checked, and NAN stands for out of memory.
 */
double tt_shape_expected(const tt_shape_spec *shape, tt_time_us start_us,
                         tt_time_us end_us)
{
	if (end_us <= start_us)
		return 0;
	size_t n_nodes = count_nodes(shape);
	node *nodes = calloc(n_nodes, sizeof *nodes);
	if (!nodes)
		return NAN;
	size_t next = 1;
	uint64_t n_random = 0;
	build(&nodes[0], shape, nodes, &next, 0, true, &n_random);
	double x = expected(&nodes[0], start_us, end_us);
	free(nodes);
	return x;
}
