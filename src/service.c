/*
 * service.c - service-time distributions and their sampler.
 *
 * A spec is plain data read from the scenario (scenario_values.c); a
 * sampler adds what a run needs to draw from it: its own random stream
 * (TT_RNG_SERVICE, so the service model never shifts arrivals or
 * provisioning delays), the lognormal's parameters, and for a linear spec
 * the index of its request attribute.  Every draw is rounded to a whole
 * microsecond and is never negative, so the same seed gives the same
 * service times on every build; and it is never longer than
 * TT_SERVICE_TIME_MAX_US, so the server can add it to any start time of
 * a run without overflowing (a tail draw past it is cut to it).
 */
#include "ttsim/service.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The standard normal's 0.99 quantile: p99 = median * exp(sigma * z99). */
#define Z99 2.3263478740408408
#define TWO_PI 6.283185307179586

void tt_service_spec_release(tt_service_spec *spec)
{
	if (!spec)
		return;
	free(spec->samples_us);
	free(spec->attribute);
	memset(spec, 0, sizeof *spec);
}

double tt_service_mean_us(const tt_service_spec *spec)
{
	switch (spec->kind) {
	case TT_SERVICE_CONSTANT:
		return (double)spec->value_us;
	case TT_SERVICE_EXPONENTIAL:
		return (double)spec->mean_us;
	case TT_SERVICE_LOGNORMAL: {
		/* E[exp(N(mu, sigma^2))] = median * exp(sigma^2 / 2). */
		double mu = log((double)spec->median_us);
		double sigma = (log((double)spec->p99_us) - mu) / Z99;
		return (double)spec->median_us * exp(sigma * sigma / 2);
	}
	case TT_SERVICE_EMPIRICAL: {
		double sum = 0;
		for (size_t i = 0; i < spec->n_samples; i++)
			sum += (double)spec->samples_us[i];
		return spec->n_samples ? sum / (double)spec->n_samples : 0;
	}
	case TT_SERVICE_LINEAR:
		break;
	}
	return (double)spec->base_us;
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

tt_code tt_service_init(tt_service *sv, const tt_service_spec *spec,
                        uint64_t seed, const char *const *attr_names,
                        size_t n_attrs, tt_diag *d)
{
	memset(sv, 0, sizeof *sv);
	sv->spec = spec;
	tt_rng_seed(&sv->rng, seed, TT_RNG_SERVICE);
	switch (spec->kind) {
	case TT_SERVICE_LOGNORMAL:
		sv->mu = log((double)spec->median_us);
		sv->sigma = (log((double)spec->p99_us) - sv->mu) / Z99;
		break;
	case TT_SERVICE_LINEAR: {
		const char *want = spec->attribute ? spec->attribute : "";
		for (size_t i = 0; i < n_attrs; i++)
			if (!strcmp(attr_names[i], want)) {
				sv->attr = i;
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
 * A double to whole microseconds in [0, TT_SERVICE_TIME_MAX_US]: NaN and
 * negatives are 0, and anything past the upper end (an exponential's or a
 * lognormal's far tail, base + per_unit x a huge attribute, an infinity)
 * is cut to it.  The comparison comes before the conversion, so llround
 * never sees a value out of its range.
 */
static tt_time_us round_us(double us)
{
	if (!(us > 0))
		return 0;
	if (us >= (double)TT_SERVICE_TIME_MAX_US)
		return TT_SERVICE_TIME_MAX_US;
	return (tt_time_us)llround(us);
}

/* A time already whole, cut to [0, TT_SERVICE_TIME_MAX_US]: a spec built
 * in code may hold anything. */
static tt_time_us clamp_us(tt_time_us us)
{
	if (us < 0)
		return 0;
	return us > TT_SERVICE_TIME_MAX_US ? TT_SERVICE_TIME_MAX_US : us;
}

/*
 * A standard normal by Box-Muller: each pair of uniforms gives two
 * independent normals, the second kept for the next call.  1 - U is in
 * (0, 1], so the logarithm is finite.
 */
static double normal(tt_service *sv)
{
	if (sv->have_spare) {
		sv->have_spare = false;
		return sv->spare;
	}
	double r = sqrt(-2.0 * log(1.0 - tt_rng_uniform(&sv->rng)));
	double theta = TWO_PI * tt_rng_uniform(&sv->rng);
	sv->spare = r * sin(theta);
	sv->have_spare = true;
	return r * cos(theta);
}

tt_time_us tt_service_sample(tt_service *sv, const double *attrs)
{
	const tt_service_spec *spec = sv->spec;
	switch (spec->kind) {
	case TT_SERVICE_CONSTANT:
		return clamp_us(spec->value_us);
	case TT_SERVICE_EXPONENTIAL:
		/* Inversion: -mean ln(1 - U), with 1 - U in (0, 1]. */
		return round_us(-(double)spec->mean_us *
		                log(1.0 - tt_rng_uniform(&sv->rng)));
	case TT_SERVICE_LOGNORMAL:
		return round_us(exp(sv->mu + sv->sigma * normal(sv)));
	case TT_SERVICE_EMPIRICAL: {
		if (!spec->n_samples)
			return 0;
		int64_t i =
		        tt_rng_range(&sv->rng, 0, (int64_t)spec->n_samples - 1);
		return clamp_us(spec->samples_us[i]);
	}
	case TT_SERVICE_LINEAR:
		break;
	}
	double units = attrs ? attrs[sv->attr] : 0;
	return round_us((double)spec->base_us + spec->per_unit_us * units);
}
