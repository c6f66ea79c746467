/*
 * drawn_duration.c - a drawn duration's vocabulary, mean and sampler.
 *
 * One table of `dist:` names serves the scenario loader, its messages and
 * the report, so the words cannot drift apart.  A sampler adds what a run
 * needs to draw from a spec: its own random stream (one per purpose:
 * provisioning, deprovisioning, service), the lognormal's parameters, and
 * for a linear spec the index of its request attribute.  Every draw is
 * rounded to a whole microsecond and is never negative, so the same seed
 * gives the same durations on every build; and it is never longer than
 * TT_DRAWN_MAX_US, so it can be added to any time of a run without
 * overflowing (a tail draw past it is cut to it).
 *
 * The random numbers a draw consumes are part of every result: a uniform
 * draw is one tt_rng_range (none when min == max), exactly what the
 * provisioning delay drew before service times and delays shared this
 * code, so old seeds give old results.
 */
#include "ttsim/drawn_duration.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The standard normal's 0.99 quantile: p99 = median * exp(sigma * z99). */
#define Z99 2.3263478740408408

/* The canonical names, by tt_drawn_kind. */
static const char *const kind_names[TT_DRAWN_KIND_COUNT] = {
        "fixed", "uniform", "exponential", "lognormal", "empirical", "linear",
};

/*
 * Old spellings still read: `constant` was the service time's word for
 * what the delays called `fixed`.  docs/scenario.md names it as an alias.
 */
static const struct {
	const char *name;
	tt_drawn_kind kind;
} aliases[] = {
        {"constant", TT_DRAWN_FIXED},
};

const char *tt_drawn_kind_name(tt_drawn_kind kind)
{
	if ((unsigned)kind >= TT_DRAWN_KIND_COUNT)
		return NULL;
	return kind_names[kind];
}

bool tt_drawn_kind_parse(const char *name, tt_drawn_kind *out)
{
	for (int i = 0; i < TT_DRAWN_KIND_COUNT; i++)
		if (!strcmp(name, kind_names[i])) {
			*out = (tt_drawn_kind)i;
			return true;
		}
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (!strcmp(name, aliases[i].name)) {
			*out = aliases[i].kind;
			return true;
		}
	return false;
}

void tt_drawn_duration_release(tt_drawn_duration *dd)
{
	if (!dd)
		return;
	free(dd->samples_us);
	free(dd->attribute);
	memset(dd, 0, sizeof *dd);
}

double tt_drawn_mean_us(const tt_drawn_duration *dd)
{
	switch (dd->kind) {
	case TT_DRAWN_FIXED:
		return (double)dd->value_us;
	case TT_DRAWN_UNIFORM:
		/* Both below 2^53: the sum is exact. */
		return ((double)dd->min_us + (double)dd->max_us) / 2;
	case TT_DRAWN_EXPONENTIAL:
		return (double)dd->mean_us;
	case TT_DRAWN_LOGNORMAL: {
		/* E[exp(N(mu, sigma^2))] = median * exp(sigma^2 / 2). */
		double mu = log((double)dd->median_us);
		double sigma = (log((double)dd->p99_us) - mu) / Z99;
		return (double)dd->median_us * exp(sigma * sigma / 2);
	}
	case TT_DRAWN_EMPIRICAL: {
		double sum = 0;
		for (size_t i = 0; i < dd->n_samples; i++)
			sum += (double)dd->samples_us[i];
		return dd->n_samples ? sum / (double)dd->n_samples : 0;
	}
	case TT_DRAWN_LINEAR:
		break;
	}
	return (double)dd->base_us;
}

/*
 * "a, b, c" into buf, cut (never overflowing) when the names are many:
 * the message only has to help the reader spot a typo.
 */
static const char *name_list(const char *const *names, size_t n, char *buf,
                             size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
		                 names[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

tt_code tt_drawn_sampler_init(tt_drawn_sampler *sm,
                              const tt_drawn_duration *spec, uint64_t seed,
                              uint64_t stream, const char *const *attr_names,
                              size_t n_attrs, tt_diag *d)
{
	memset(sm, 0, sizeof *sm);
	sm->spec = spec;
	tt_rng_seed(&sm->rng, seed, stream);
	switch (spec->kind) {
	case TT_DRAWN_LOGNORMAL:
		sm->mu = log((double)spec->median_us);
		sm->sigma = (log((double)spec->p99_us) - sm->mu) / Z99;
		break;
	case TT_DRAWN_LINEAR: {
		const char *want = spec->attribute ? spec->attribute : "";
		for (size_t i = 0; i < n_attrs; i++)
			if (!strcmp(attr_names[i], want)) {
				sm->attr = i;
				return TT_OK;
			}
		if (!n_attrs)
			return tt_diag_set(
			        d, TT_EINVAL, spec->loc,
			        "no attribute '%s': the workload has "
			        "no request attributes",
			        want);
		char list[TT_DIAG_MSG_MAX / 2];
		return tt_diag_set(
		        d, TT_EINVAL, spec->loc,
		        "the trace has no attribute '%s' (it has: "
		        "%s)",
		        want,
		        name_list(attr_names, n_attrs, list, sizeof list));
	}
	default:
		break;
	}
	return TT_OK;
}

/*
 * A double to whole microseconds in [0, TT_DRAWN_MAX_US]: NaN and
 * negatives are 0, and anything past the upper end (an exponential's or a
 * lognormal's far tail, base + per_unit x a huge attribute, an infinity)
 * is cut to it.  The comparison comes before the conversion, so llround
 * never sees a value out of its range.
 */
static tt_time_us round_us(double us)
{
	if (!(us > 0))
		return 0;
	if (us >= (double)TT_DRAWN_MAX_US)
		return TT_DRAWN_MAX_US;
	return (tt_time_us)llround(us);
}

/* A time already whole, cut to [0, TT_DRAWN_MAX_US]: a spec built in code
 * may hold anything. */
static tt_time_us clamp_us(tt_time_us us)
{
	if (us < 0)
		return 0;
	return us > TT_DRAWN_MAX_US ? TT_DRAWN_MAX_US : us;
}

tt_time_us tt_drawn_sample(tt_drawn_sampler *sm, const double *attrs)
{
	const tt_drawn_duration *spec = sm->spec;
	switch (spec->kind) {
	case TT_DRAWN_FIXED:
		return clamp_us(spec->value_us);
	case TT_DRAWN_UNIFORM:
		/* No draw when the range is one value: the stream stays
		 * where it was, as it always has for provisioning. */
		if (spec->max_us > spec->min_us)
			return clamp_us(tt_rng_range(&sm->rng, spec->min_us,
			                             spec->max_us));
		return clamp_us(spec->min_us);
	case TT_DRAWN_EXPONENTIAL:
		return round_us((double)spec->mean_us *
		                tt_rng_exponential(&sm->rng));
	case TT_DRAWN_LOGNORMAL:
		return round_us(
		        exp(sm->mu + sm->sigma * tt_rng_normal(&sm->rng)));
	case TT_DRAWN_EMPIRICAL: {
		if (!spec->n_samples)
			return 0;
		int64_t i =
		        tt_rng_range(&sm->rng, 0, (int64_t)spec->n_samples - 1);
		return clamp_us(spec->samples_us[i]);
	}
	case TT_DRAWN_LINEAR:
		break;
	}
	double units = attrs ? attrs[sm->attr] : 0;
	return round_us((double)spec->base_us + spec->per_unit_us * units);
}
