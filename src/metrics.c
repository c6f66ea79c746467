/*
 * metrics.c - datapoint series and the fluid engine's metric models.
 *
 * The fluid engine knows, for each period, how many invocations arrived and
 * how the in-service count moved (piecewise constant).  Arrivals are taken
 * as spread evenly over the period, so any per-instance quantity averaged
 * over the period is an exact integral over those pieces.
 *
 * A predefined metric is computed by the law that defines it, which the
 * table in policy.c gives for every type (tt_predefined_info); this file
 * turns each law into a datapoint, and says what a law needs and the
 * scenario lacks.
 */
#include "metrics.h"
#include "grow.h"
#include "scenario_ic.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tt_code tt_series_init(tt_series *s, size_t cap)
{
	memset(s, 0, sizeof *s);
	size_t ring = tt_ring_size(cap);
	if (!ring || ring > SIZE_MAX / sizeof *s->value)
		return TT_ENOMEM;
	s->value = calloc(ring, sizeof *s->value);
	s->present = calloc(ring, sizeof *s->present);
	if (!s->value || !s->present) {
		tt_series_release(s);
		return TT_ENOMEM;
	}
	s->cap = cap;
	s->mask = ring - 1;
	s->newest = -1;
	return TT_OK;
}

void tt_series_release(tt_series *s)
{
	if (!s)
		return;
	free(s->value);
	free(s->present);
	memset(s, 0, sizeof *s);
}

void tt_series_put(tt_series *s, int64_t k, bool present, double value)
{
	/* Clear the slots of any skipped periods so they read as missing. */
	for (int64_t j = s->newest + 1; j < k && j > k - (int64_t)s->cap; j++)
		s->present[(size_t)j & s->mask] = 0;
	size_t slot = (size_t)k & s->mask;
	s->present[slot] = present;
	s->value[slot] = value;
	if (k > s->newest)
		s->newest = k;
}

void tt_period_load_add(tt_period_load *a, const tt_period_load *b)
{
	if (a->len_us == 0)
		a->start_us = b->start_us;
	a->len_us += b->len_us;
	a->invocations += b->invocations;
	a->active_us += b->active_us;
	a->inv_active_us += b->inv_active_us;
	a->served_us += b->served_us;
	a->request = a->request || b->request;
	a->ipi_sum += b->ipi_sum;
	a->busy_slot_us += b->busy_slot_us;
	if (b->peak_outstanding > a->peak_outstanding)
		a->peak_outstanding = b->peak_outstanding;
	a->service_us += b->service_us;
	a->completed += b->completed;
	a->no_capacity += b->no_capacity;
	if (b->active_hi > 0) {
		if (a->active_hi == 0 || b->active_lo < a->active_lo)
			a->active_lo = b->active_lo;
		if (b->active_hi > a->active_hi)
			a->active_hi = b->active_hi;
	}
}

/*
 * The time average of rate / active over the served time, in invocations
 * per microsecond per instance.  When one count held all period, divide by
 * it directly: a constant fleet then gets exactly invocations / count, as
 * a request-level simulation would.
 */
static double per_instance_rate_us(const tt_period_load *load)
{
	if (load->served_us == load->len_us &&
	    load->active_lo == load->active_hi)
		return (double)load->invocations / (double)load->len_us /
		       load->active_lo;
	return (double)load->invocations / (double)load->len_us *
	       (load->inv_active_us / (double)load->served_us);
}

/*
 * The period's invocations per in-service instance (InvocationsPerInstance
 * and every count per unit).  A constant fleet: exactly invocations / n in
 * both modes; request mode otherwise sums what each arrival added.
 */
static double per_unit_count(const tt_period_load *load)
{
	if (load->served_us == load->len_us &&
	    load->active_lo == load->active_hi)
		return (double)load->invocations / load->active_lo;
	return load->request
	               ? load->ipi_sum
	               : per_instance_rate_us(load) * (double)load->served_us;
}

/*
 * A custom metric (a single-metric specification, or one MetricStat query
 * of metric math): the scenario's declared model for its MetricName, else
 * in request mode what the simulation measures.  `stream` seeds the model's
 * noise.
 */
static bool sagemaker_namespace(const char *ns)
{
	return !strcmp(ns, "AWS/SageMaker") ||
	       !strcmp(ns, "/aws/sagemaker/Endpoints") ||
	       !strcmp(ns, "/aws/sagemaker/InferenceComponents");
}

static const char *dimension(const tt_metric_spec *m, const char *name)
{
	for (size_t i = 0; i < m->n_dimensions; i++)
		if (!strcmp(m->dimensions[i].name, name))
			return m->dimensions[i].value;
	return NULL;
}

bool tt_metric_dimensions_match(const tt_scenario *s, const tt_metric_spec *m,
                                char *why, size_t why_size)
{
	if (!sagemaker_namespace(m->namespace_) || !s->resource)
		return true;
	char e[256], v[256];
	if (sscanf(s->resource, "endpoint/%255[^/]/variant/%255s", e, v) == 2) {
		const char *de = dimension(m, "EndpointName");
		const char *dv = dimension(m, "VariantName");
		if (m->n_dimensions == 2 && de && dv && !strcmp(de, e) &&
		    !strcmp(dv, v))
			return true;
		snprintf(why, why_size,
		         "SageMaker publishes it for '%s' with the dimensions "
		         "EndpointName=%s, VariantName=%s",
		         s->resource, e, v);
		return false;
	}
	if (sscanf(s->resource, "inference-component/%255s", e) == 1) {
		const char *di = dimension(m, "InferenceComponentName");
		if (m->n_dimensions == 1 && di && !strcmp(di, e))
			return true;
		snprintf(why, why_size,
		         "SageMaker publishes it for '%s' with the dimension "
		         "InferenceComponentName=%s",
		         s->resource, e);
		return false;
	}
	return true; /* not a SageMaker resource: nothing to compare */
}

/*
 * What SageMaker publishes and the simulation can compute, matched by
 * namespace and name: false when it is not one of them.
 */
static bool measured_source(tt_metric_source *src, const tt_scenario *s,
                            const tt_metric_spec *m)
{
	bool sm = !strcmp(m->namespace_, "AWS/SageMaker");
	bool ep = !strcmp(m->namespace_, "/aws/sagemaker/Endpoints");
	bool request = s->mode == TT_MODE_REQUEST;
	const char *name = m->metric_name;
	src->statistic = m->statistic;
	bool ic = s->ic.on;
	if (sm && ic && !strcmp(name, TT_SV_NO_CAPACITY_METRIC)) {
		src->kind = TT_SOURCE_NO_CAPACITY;
		return true;
	}
	if (sm && (ic ? !strcmp(name, "InvocationsPerCopy")
	              : !strcmp(name, "InvocationsPerInstance"))) {
		src->kind = TT_SOURCE_INVOCATIONS_PER_INSTANCE;
		return true;
	}
	if (sm && !strcmp(name, "Invocations")) {
		src->kind = TT_SOURCE_INVOCATIONS;
		return true;
	}
	if (sm &&
	    !strcmp(name, ic ? "ConcurrentRequestsPerCopy"
	                     : "ConcurrentRequestsPerModel") &&
	    (request ||
	     (s->has_service && s->service.kind != TT_DRAWN_LINEAR))) {
		src->kind = TT_SOURCE_CONCURRENT_REQUESTS;
		src->service_s = tt_drawn_mean_us(&s->service) / 1e6;
		/* request mode records the peak, whatever the statistic */
		src->statistic = TT_STAT_MAXIMUM;
		return true;
	}
	if (request && sm && !strcmp(name, "ModelLatency")) {
		src->kind = TT_SOURCE_MODEL_LATENCY;
		return true;
	}
	if (request && ep &&
	    (!strcmp(name, "CPUUtilization") ||
	     !strcmp(name, "GPUUtilization"))) {
		/* CPU: 100 % per vCPU; GPU: one GPU's 0-100 % */
		src->kind = TT_SOURCE_CPU;
		src->concurrency = s->concurrency;
		src->vcpus = !strcmp(name, "CPUUtilization") ? s->vcpus : 1;
		return true;
	}
	return false;
}

/* What request mode measures in SageMaker's namespaces (measured_source). */
static const char *const measured_names[] = {
        "CPUUtilization", "GPUUtilization",
        "ModelLatency",   "ConcurrentRequestsPerModel",
        "Invocations",    "InvocationsPerInstance",
        "InvocationsPerCopy", "ConcurrentRequestsPerCopy",
        TT_SV_NO_CAPACITY_METRIC,
};

/* Whether a name is one ttsim knows: measured, or a predefined type's. */
static bool known_metric_name(const char *name)
{
	for (size_t i = 0; i < sizeof measured_names / sizeof *measured_names;
	     i++)
		if (!strcmp(measured_names[i], name))
			return true;
	for (int t = 0; t < TT_PM_COUNT; t++)
		if (!strcmp(tt_predefined_get((tt_predefined)t)->metric_name,
		            name))
			return true;
	return false;
}

/*
 * The "did you mean" of a custom metric without a model, among the
 * scenario's models and, unless the name is itself one of them (spelled
 * right, only without a model), the names ttsim knows: what request mode
 * measures and the CloudWatch metrics of the predefined types.  Each name
 * once.  Empty when nothing is close, or when memory runs out (a hint is
 * not worth an error).
 */
static void custom_hint(char *buf, size_t size, const tt_scenario *s,
                        const char *given)
{
	size_t n_measured = sizeof measured_names / sizeof *measured_names;
	size_t cap = s->n_models, n = 0;
	if (!known_metric_name(given))
		cap += n_measured + TT_PM_COUNT;
	const char **names = malloc((cap ? cap : 1) * sizeof *names);
	buf[0] = '\0';
	if (!names)
		return;
	for (size_t i = 0; i < cap; i++) {
		const char *c =
		        i < s->n_models ? s->models[i].metric_name
		        : i < s->n_models + n_measured
		                ? measured_names[i - s->n_models]
		                : tt_predefined_get(
		                          (tt_predefined)(i - s->n_models -
		                                          n_measured))
		                          ->metric_name;
		bool seen = !strcmp(c, given);
		for (size_t j = 0; j < n && !seen; j++)
			seen = !strcmp(names[j], c);
		if (!seen)
			names[n++] = c;
	}
	tt_policy_did_you_mean(buf, size, given, names, n);
	free(names);
}

static tt_code custom_source_init(tt_metric_source *src, const tt_scenario *s,
                                  const tt_metric_spec *m, uint64_t stream,
                                  tt_diag *d)
{
	char why[512];
	if (!tt_metric_dimensions_match(s, m, why, sizeof why)) {
		/* no such data: the alarms stay INSUFFICIENT_DATA, as in AWS
		 * (the scenario's notes carry the warning) */
		src->kind = TT_SOURCE_NO_DATA;
		return TT_OK;
	}
	const tt_metric_model *model = tt_scenario_model(s, m->metric_name);
	if (!model && measured_source(src, s, m))
		return TT_OK;
	if (!model &&
	    !strcmp(m->metric_name, "ApproximateBacklogSizePerInstance"))
		return tt_diag_set(d, TT_EUNSUPPORTED, m->loc,
		                   "ApproximateBacklogSizePerInstance needs "
		                   "an asynchronous endpoint, which ttsim does "
		                   "not simulate: declare a model under "
		                   "'metrics:'");
	if (!model) {
		char hint[512];
		custom_hint(hint, sizeof hint, s, m->metric_name);
		return tt_diag_set(
		        d, TT_EINVAL, m->loc,
		        "no model for custom metric '%s'%s: declare one under "
		        "'metrics:'%s",
		        m->metric_name, hint,
		        !sagemaker_namespace(m->namespace_) ? ""
		        : s->mode == TT_MODE_REQUEST
		                ? " (request mode measures CPUUtilization and "
		                  "GPUUtilization in /aws/sagemaker/Endpoints, "
		                  "ModelLatency, ConcurrentRequestsPerModel, "
		                  "Invocations and InvocationsPerInstance in "
		                  "AWS/SageMaker)"
		                : " (fluid mode computes Invocations and "
		                  "InvocationsPerInstance in AWS/SageMaker; "
		                  "request mode measures more)");
	}
	src->kind = TT_SOURCE_LINEAR;
	src->model = model;
	src->statistic = m->statistic;
	tt_rng_seed(&src->noise, s->seed, stream);
	return TT_OK;
}

/*
 * Metric math: one child per MetricStat query, each with its own noise
 * stream after the single-metric policies' (policy i's query q draws from
 * TT_RNG_METRIC_NOISE + MATH_STREAMS_PER_QUERY x (q + 1) + i), so adding a
 * query never shifts another policy's noise.
 */
#define MATH_STREAMS_PER_QUERY 50

static tt_code math_source_init(tt_metric_source *src, const tt_scenario *s,
                                const tt_metric_math *mm, uint64_t policy,
                                tt_diag *d)
{
	src->kind = TT_SOURCE_MATH;
	src->math = mm;
	src->children = calloc(mm->n_queries, sizeof *src->children);
	if (!src->children)
		return tt_diag_nomem(d, mm->loc);
	for (size_t q = 0; q < mm->n_queries; q++) {
		if (!mm->queries[q].has_stat)
			continue;
		tt_metric_source *child = &src->children[q];
		child->zero_traffic = src->zero_traffic;
		uint64_t stream = TT_RNG_METRIC_NOISE +
		                  MATH_STREAMS_PER_QUERY * (uint64_t)(q + 1) +
		                  policy;
		tt_code rc = custom_source_init(child, s, &mm->queries[q].stat,
		                                stream, d);
		if (rc)
			return rc;
	}
	return TT_OK;
}

void tt_metric_source_release(tt_metric_source *src)
{
	if (!src)
		return;
	if (src->children && src->math)
		for (size_t q = 0; q < src->math->n_queries; q++)
			tt_metric_source_release(&src->children[q]);
	free(src->children);
	src->children = NULL;
	src->math = NULL;
}

/*
 * A law that needs the mean service time: measured in request mode, by
 * Little's law from 'instance.service_time' in fluid mode.
 */
static tt_code mean_service_time(tt_metric_source *src, const tt_scenario *s,
                                 const tt_metric_spec *m,
                                 const tt_predefined_info *info, tt_diag *d)
{
	if (s->mode == TT_MODE_REQUEST)
		return TT_OK; /* measured */
	if (!s->has_service)
		return tt_diag_set(
		        d, TT_EINVAL, m->loc,
		        "'%s' needs 'instance.service_time' (the mean "
		        "service time) in fluid mode",
		        info->name);
	/* Little's law needs the mean, which for a linear service time
	 * depends on the requests themselves. */
	if (s->service.kind == TT_DRAWN_LINEAR)
		return tt_diag_set(d, TT_EINVAL, s->locs.service_time,
		                   "'instance.service_time' of kind linear "
		                   "needs request mode");
	src->service_s = tt_drawn_mean_us(&s->service) / 1e6;
	return TT_OK;
}

/*
 * A predefined type: a model declared under its CloudWatch metric's name
 * when there is one (except for capacity units, whose CloudWatch metric is
 * only the numerator), else its law (policy.h, tt_metric_law).
 */
static tt_code predefined_source_init(tt_metric_source *src,
                                      const tt_scenario *s,
                                      const tt_metric_spec *m, uint64_t stream,
                                      tt_diag *d)
{
	const tt_predefined_info *info = tt_predefined_get(m->predefined);
	const tt_metric_model *model =
	        info->law == TT_LAW_CAPACITY_UNITS
	                ? NULL
	                : tt_scenario_model(s, info->metric_name);
	src->statistic = info->statistic;
	src->scale = info->unit == TT_UNIT_PERCENT ? 100 : 1;
	src->concurrency = s->concurrency;
	if (model) {
		src->kind = TT_SOURCE_LINEAR;
		src->model = model;
		tt_rng_seed(&src->noise, s->seed, stream);
		return TT_OK;
	}
	switch (info->law) {
	case TT_LAW_COUNT_PER_UNIT:
		src->kind = TT_SOURCE_INVOCATIONS_PER_INSTANCE;
		return TT_OK;
	case TT_LAW_CAPACITY_UNITS:
		src->kind = TT_SOURCE_CAPACITY_UNITS;
		return TT_OK;
	case TT_LAW_IN_FLIGHT:
		src->kind = TT_SOURCE_CONCURRENT_REQUESTS;
		return mean_service_time(src, s, m, info, d);
	case TT_LAW_UTILIZATION:
		src->kind = TT_SOURCE_UTILIZATION;
		return mean_service_time(src, s, m, info, d);
	case TT_LAW_DECLARED:
		break;
	}
	return tt_diag_set(
	        d, TT_EINVAL, m->loc,
	        "'%s' needs a model of '%s', which ttsim does not derive from "
	        "the traffic: declare one under 'metrics:', e.g. 'metrics: "
	        "{%s}'%s (docs/scenario.md, \"metrics\")",
	        info->name, info->metric_name, info->model_example,
	        info->unit == TT_UNIT_BYTES
	                ? " for 2000 bytes per request (per_rps = bytes per "
	                  "request x 60; 'max' defaults to 100)"
	                : "");
}

tt_code tt_metric_source_init(tt_metric_source *src, const tt_scenario *s,
                              const tt_policy *p, tt_diag *d)
{
	memset(src, 0, sizeof *src);
	src->zero_traffic = s->aws.zero_traffic;
	const tt_metric_spec *m = &p->metric;
	uint64_t policy = (uint64_t)(p - s->policies);
	if (m->kind == TT_METRIC_CUSTOM && m->math)
		return math_source_init(src, s, m->math, policy, d);
	if (m->kind == TT_METRIC_CUSTOM)
		return custom_source_init(src, s, m,
		                          TT_RNG_METRIC_NOISE + policy, d);
	return predefined_source_init(src, s, m, TT_RNG_METRIC_NOISE + policy,
	                              d);
}

/*
 * User alarms' noise streams start here, past every policy's (at most 50
 * policies on a target, and their metric-math children's streams), so
 * adding an alarm never shifts a policy's noise.
 */
#define ALARM_STREAM_BASE 100000

tt_code tt_metric_source_init_alarm(tt_metric_source *src, const tt_scenario *s,
                                    size_t alarm, tt_diag *d)
{
	memset(src, 0, sizeof *src);
	src->zero_traffic = s->aws.zero_traffic;
	const tt_metric_spec *m = &s->alarms[alarm].metric;
	uint64_t id = ALARM_STREAM_BASE + (uint64_t)alarm;
	if (m->kind == TT_METRIC_CUSTOM && m->math)
		return math_source_init(src, s, m->math, id, d);
	if (m->kind == TT_METRIC_CUSTOM)
		return custom_source_init(src, s, m, TT_RNG_METRIC_NOISE + id,
		                          d);
	return predefined_source_init(src, s, m, TT_RNG_METRIC_NOISE + id, d);
}

/* A policy watching metric `m`: the rules for policies' metrics apply. */
static tt_policy policy_on(const tt_metric_spec *m)
{
	tt_policy p;
	memset(&p, 0, sizeof p);
	p.metric = *m; /* shallow: read only */
	return p;
}

tt_time_us tt_metric_resolution_us(const tt_scenario *s,
                                   const tt_metric_spec *m)
{
	/* SPEC.md 13.2: undocumented, a knob */
	if (s->ic.on && !strcmp(m->namespace_, "AWS/SageMaker") &&
	    !strcmp(m->metric_name, TT_SV_NO_CAPACITY_METRIC))
		return s->ic.no_capacity_resolution_us;
	tt_policy p = policy_on(m);
	return tt_policy_period_us(&p);
}

tt_time_us tt_metric_delay_us(const tt_scenario *s, const tt_metric_spec *m)
{
	tt_policy p = policy_on(m);
	return tt_scenario_metric_delay(s, &p);
}

tt_time_us tt_alarm_lag_us(tt_time_us period_us, tt_time_us resolution_us,
                           tt_time_us delay_us)
{
	/* [ours, rule] a bucket is read once its last datapoint (stamped
	 * up to a resolution before its end, or at its start when the
	 * Period is shorter) is visible; whole Periods keep the buckets
	 * aligned to the run's start */
	tt_time_us need =
	        delay_us +
	        (resolution_us > period_us ? resolution_us - period_us : 0);
	return (need + period_us - 1) / period_us * period_us;
}

tt_code tt_buckets_init(tt_buckets *b, tt_time_us period_us,
                        tt_time_us resolution_us, tt_statistic statistic,
                        size_t cap)
{
	memset(b, 0, sizeof *b);
	b->period_us = period_us;
	b->resolution_us = resolution_us;
	b->statistic = statistic;
	b->open = -1;
	return tt_series_init(&b->series, cap);
}

void tt_buckets_release(tt_buckets *b)
{
	if (!b)
		return;
	tt_series_release(&b->series);
}

void tt_buckets_add(tt_buckets *b, tt_time_us stamp_us, bool present,
                    double value)
{
	int64_t j = stamp_us / b->period_us;
	if (j != b->open) {
		b->open = j;
		b->count = 0;
	}
	if (present) {
		if (b->count == 0) {
			b->sum = b->lo = b->hi = value;
		} else {
			b->sum += value;
			b->lo = value < b->lo ? value : b->lo;
			b->hi = value > b->hi ? value : b->hi;
		}
		b->count++;
	}
	/* The bucket is complete when the next datapoint falls after it. */
	if (stamp_us + b->resolution_us < (j + 1) * b->period_us)
		return;
	double v = 0;
	switch (b->statistic) {
	case TT_STAT_MINIMUM:
		v = b->lo;
		break;
	case TT_STAT_MAXIMUM:
		v = b->hi;
		break;
	case TT_STAT_AVERAGE:
		v = b->count ? b->sum / (double)b->count : 0;
		break;
	case TT_STAT_SUM:
	case TT_STAT_SAMPLE_COUNT:
	default:
		v = b->sum;
		break;
	}
	tt_series_put(&b->series, j, b->count > 0, v);
}

/*
 * A declared model's datapoint: every in-service instance reports the
 * model's value for its load (the same for all, the fluid engine spreads
 * load evenly), plus its own noise when the model has some; the policy's
 * statistic combines them.
 */
static double model_value(tt_metric_source *src, const tt_period_load *load,
                          double rps)
{
	const tt_metric_model *m = src->model;
	/* time-averaged instances in service: how many report */
	double instances = load->active_us / (double)load->served_us;
	double base = tt_metric_model_value(m, rps, load->start_us, instances);
	if (src->statistic == TT_STAT_SAMPLE_COUNT)
		return load->active_us /
		       60e6; /* a sample per instance-minute */
	if (m->noise_sd <= 0)
		return src->statistic == TT_STAT_SUM ? base * instances : base;
	long n = lround(instances);
	if (n < 1)
		n = 1;
	double sum = 0, lo = HUGE_VAL, hi = -HUGE_VAL;
	for (long i = 0; i < n; i++) {
		double v = base + m->noise_sd * tt_rng_normal(&src->noise);
		v = v < m->min ? m->min : v > m->max ? m->max : v;
		sum += v;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	switch (src->statistic) {
	case TT_STAT_MINIMUM:
		return lo;
	case TT_STAT_MAXIMUM:
		return hi;
	case TT_STAT_SUM:
		return sum;
	default:
		return sum / (double)n;
	}
}

bool tt_metric_datapoint(tt_metric_source *src, const tt_period_load *load,
                         double *value)
{
	if (src->kind == TT_SOURCE_NO_CAPACITY) {
		*value = load->no_capacity;
		return load->no_capacity > 0 ||
		       src->zero_traffic == TT_ZERO_TRAFFIC_ZERO;
	}
	if (load->served_us <= 0 || load->len_us <= 0)
		return false; /* no instance in service: no datapoint at all */
	/* the metrics counted from the traffic follow zero_traffic */
	bool counted = src->kind == TT_SOURCE_INVOCATIONS_PER_INSTANCE ||
	               src->kind == TT_SOURCE_CONCURRENT_REQUESTS ||
	               src->kind == TT_SOURCE_CAPACITY_UNITS ||
	               src->kind == TT_SOURCE_INVOCATIONS;
	if (counted && load->invocations == 0 &&
	    src->zero_traffic == TT_ZERO_TRAFFIC_MISSING)
		return false;
	/* Each kind computes what it reads: the per-instance rate costs two
	 * divisions a constant fleet's InvocationsPerInstance has no use for. */
	switch (src->kind) {
	case TT_SOURCE_INVOCATIONS_PER_INSTANCE:
		*value = per_unit_count(load);
		return true;
	case TT_SOURCE_CONCURRENT_REQUESTS:
		if (load->request) {
			/* SageMaker's Maximum: the busiest instance; an
			 * Average (DatabaseConnections): requests in service
			 * per instance, time-averaged */
			*value = src->statistic == TT_STAT_MAXIMUM
			                 ? load->peak_outstanding
			         : load->active_us > 0
			                 ? load->busy_slot_us / load->active_us
			                 : 0;
			return true;
		}
		/*
		 * Little's law per instance, averaged over the served time:
		 * in flight = (arrival rate / active) * mean service time.
		 * The fluid engine has no peaks inside a period, so the
		 * Maximum statistic SageMaker uses equals this average.
		 */
		*value = per_instance_rate_us(load) * 1e6 * src->service_s;
		return true;
	case TT_SOURCE_UTILIZATION: {
		/*
		 * The busy share of the slots: measured in request mode; in
		 * fluid mode the utilization law, lambda E[S] / (n c) with
		 * lambda / n the per-instance rate, which past 1 means a
		 * queue, not more than all of the slots busy.
		 */
		double share;
		if (load->request) {
			double slots =
			        (double)src->concurrency * load->active_us;
			share = slots > 0 ? load->busy_slot_us / slots : 0;
		} else {
			share = per_instance_rate_us(load) * 1e6 *
			        src->service_s / src->concurrency;
		}
		*value = (share < 1 ? share : 1) * src->scale;
		return true;
	}
	case TT_SOURCE_CAPACITY_UNITS: {
		/* units consumed per second (one per request) per
		 * provisioned unit; beyond them requests are throttled */
		double share =
		        per_unit_count(load) / ((double)load->len_us / 1e6);
		*value = (share < 1 ? share : 1) * src->scale;
		return true;
	}
	case TT_SOURCE_LINEAR:
		*value = model_value(src, load,
		                     per_instance_rate_us(load) * 1e6);
		return true;
	case TT_SOURCE_CPU: {
		/* the busy share of the slots in service, 100 % per vCPU */
		double slots = (double)src->concurrency * load->active_us;
		double v = slots > 0 ? load->busy_slot_us / slots * 100.0 *
		                               src->vcpus
		                     : 0;
		if (src->statistic == TT_STAT_SUM)
			v *= load->active_us / (double)load->served_us;
		*value = v;
		return true;
	}
	case TT_SOURCE_INVOCATIONS:
		*value = (double)load->invocations;
		return true;
	case TT_SOURCE_NO_DATA:
	case TT_SOURCE_NO_CAPACITY: /* above */
		return false;
	case TT_SOURCE_MODEL_LATENCY:
		if (load->completed == 0)
			return false;
		*value = load->service_us / (double)load->completed;
		return true;
	case TT_SOURCE_MATH: {
		/* Each MetricStat query's datapoint, then the expressions. */
		const tt_metric_math *mm = src->math;
		double v[TT_MATH_MAX_QUERIES];
		bool present[TT_MATH_MAX_QUERIES];
		for (size_t q = 0; q < mm->n_queries; q++)
			present[q] = mm->queries[q].has_stat &&
			             tt_metric_datapoint(&src->children[q],
			                                 load, &v[q]);
		return tt_metric_math_eval(mm, v, present, value);
	}
	}
	return false;
}
