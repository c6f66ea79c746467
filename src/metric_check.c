/*
 * metric_check.c - probe a scenario's metrics at fixed capacities and
 * judge whether target tracking can work with them.
 *
 * Everything goes through the public API: each probe is a shallow copy of
 * the scenario with plain fields overridden (a constant synthetic load,
 * min = max = initial = the probed capacity, scaling suspended), run by
 * tt_sim_run with a recorder that averages each policy's datapoints over
 * the second half of the run.  The copies borrow every pointer of the
 * original and are never released: only the original owns memory.
 *
 * Probes are cached per load level and capacity, so the steady-state map
 * (which may visit capacities the table does not show) runs each one once.
 * The map's arithmetic (the formula, the clamp, the alarms' sides) is the
 * controller's (controller.h); writing a result out, as text or JSON, is
 * metric_check_report.c's.
 */
#include "ttsim/metric_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "ttsim/sim.h"
#include "ttsim/workload.h"

#define DEFAULT_PROBE_PERIODS 40
#define DEFAULT_RUN_US ((tt_time_us)6 * 3600 * TT_US_PER_S)
/* Request mode simulates every invocation: shorter full runs. */
#define DEFAULT_RUN_REQUEST_US ((tt_time_us)3 * 3600 * TT_US_PER_S)
/* Reading the workload for its peak stops after this many periods. */
#define PEAK_SCAN_MAX_PERIODS 50000000

static const char *const finding_names[TT_MC_FINDING_COUNT] = {
        [TT_MC_GROWS] = "grows",
        [TT_MC_FLAT] = "flat",
        [TT_MC_WEAK] = "weak",
        [TT_MC_STEEP] = "steep",
        [TT_MC_SATURATES] = "saturates",
        [TT_MC_NEVER_IN] = "never_scales_in",
        [TT_MC_NEVER_OUT] = "never_scales_out",
        [TT_MC_OSCILLATES] = "oscillates",
};

static const char *const finding_titles[TT_MC_FINDING_COUNT] = {
        [TT_MC_GROWS] = "grows with capacity",
        [TT_MC_FLAT] = "does not respond to capacity",
        [TT_MC_WEAK] = "responds weakly to capacity",
        [TT_MC_STEEP] = "falls faster than 1/capacity",
        [TT_MC_SATURATES] = "saturates",
        [TT_MC_NEVER_IN] = "will never scale in",
        [TT_MC_NEVER_OUT] = "will never scale out",
        [TT_MC_OSCILLATES] = "oscillation predicted",
};

const char *tt_mc_finding_name(tt_mc_finding f)
{
	return (unsigned)f < TT_MC_FINDING_COUNT ? finding_names[f] : "?";
}

const char *tt_mc_finding_title(tt_mc_finding f)
{
	return (unsigned)f < TT_MC_FINDING_COUNT ? finding_titles[f] : "?";
}

const char *tt_mc_alarm_name(tt_mc_alarm a)
{
	switch (a) {
	case TT_MC_ALARM_HIGH:
		return "high";
	case TT_MC_ALARM_LOW:
		return "low";
	default:
		return "-";
	}
}

/* One fixed-capacity run: every policy's mean metric. */
typedef struct probe {
	int capacity;
	bool *has;     /* n_policies */
	double *value; /* n_policies */
} probe;

typedef struct level_cache {
	probe *probes;
	size_t n;
	size_t cap;
} level_cache;

typedef struct checker {
	const tt_scenario *s;
	tt_mc_result *r;
	tt_diag *d;
	int probe_periods;
	const double *rates; /* per level */
	level_cache *cache;  /* one per level */
} checker;

/*
 * A shallow copy of `s` whose workload is a constant `rate_per_min`
 * without noise or transforms.  Only value fields change; the pointers
 * inside still belong to `s`, so the copy must not be released.
 */
static tt_scenario constant_copy(const tt_scenario *s, double rate_per_min)
{
	tt_scenario t = *s;
	tt_workload_spec *w = &t.workload;
	w->kind = TT_WORKLOAD_SYNTHETIC;
	memset(&w->shape, 0, sizeof w->shape);
	w->shape.shape = TT_SHAPE_CONSTANT;
	w->shape.loc = s->workload.loc;
	w->shape.rate_per_min = rate_per_min;
	memset(&w->trace, 0, sizeof w->trace);
	w->transforms = NULL;
	w->n_transforms = 0;
	w->poisson = false;
	return t;
}

/* The longest metric period among the policies. */
static tt_time_us longest_policy_period(const tt_scenario *s)
{
	tt_time_us p = s->period_us;
	for (size_t i = 0; i < s->n_policies; i++) {
		tt_time_us q = tt_policy_period_us(&s->policies[i]);
		if (q > p)
			p = q;
	}
	return p;
}

/* ---- probes ---- */

typedef struct probe_rec {
	tt_time_us from_us; /* average rows starting at or after this */
	size_t n;
	double *sum;
	uint64_t *count;
} probe_rec;

static tt_code probe_row(void *ctx, const tt_row *row, tt_diag *d)
{
	(void)d;
	probe_rec *pr = ctx;
	if (row->start_us < pr->from_us)
		return TT_OK;
	for (size_t i = 0; i < pr->n; i++) {
		if (row->policies[i].has_metric) {
			pr->sum[i] += row->policies[i].metric;
			pr->count[i]++;
		}
	}
	return TT_OK;
}

/* Run level `lv` at `capacity` and append the probe to its cache. */
static tt_code run_probe(checker *c, size_t lv, int capacity, probe **out)
{
	const tt_scenario *s = c->s;
	level_cache *lc = &c->cache[lv];
	size_t n = s->n_policies;
	if (lc->n == lc->cap) {
		size_t cap = lc->cap ? lc->cap * 2 : 32;
		probe *p = realloc(lc->probes, cap * sizeof *p);
		if (!p)
			return tt_diag_nomem(c->d, (tt_loc){0});
		lc->probes = p;
		lc->cap = cap;
	}
	probe *p = &lc->probes[lc->n];
	memset(p, 0, sizeof *p);
	p->capacity = capacity;
	p->has = calloc(n, sizeof *p->has);
	p->value = calloc(n, sizeof *p->value);
	double *sum = calloc(n, sizeof *sum);
	uint64_t *count = calloc(n, sizeof *count);
	if (!p->has || !p->value || !sum || !count) {
		free(p->has);
		free(p->value);
		free(sum);
		free(count);
		return tt_diag_nomem(c->d, (tt_loc){0});
	}
	lc->n++; /* owned by the cache from here, whatever happens */

	tt_scenario t = constant_copy(s, c->rates[lv]);
	/* The probed capacity is never 0: without an instance there is
	 * no datapoint to read. */
	t.min_capacity = t.max_capacity = t.initial_capacity = capacity;
	t.scale_in_suspended = true;
	t.scale_out_suspended = true;
	tt_time_us len = longest_policy_period(s);
	t.duration_us = len * c->probe_periods;

	probe_rec pr = {.from_us = t.duration_us / 2,
	                .n = n,
	                .sum = sum,
	                .count = count};
	tt_recorder rec = {.ctx = &pr, .row = probe_row};
	tt_summary sum_out;
	tt_code rc = tt_sim_run(&t, &rec, &sum_out, c->d);
	if (!rc) {
		tt_summary_release(&sum_out);
		for (size_t i = 0; i < n; i++) {
			p->has[i] = count[i] > 0;
			p->value[i] = count[i] ? sum[i] / (double)count[i] : 0;
		}
		c->r->probes++;
		*out = p;
	}
	free(sum);
	free(count);
	return rc;
}

/* The probe of level `lv` at `capacity`, run once. */
static tt_code get_probe(checker *c, size_t lv, int capacity, probe **out)
{
	level_cache *lc = &c->cache[lv];
	for (size_t i = 0; i < lc->n; i++) {
		if (lc->probes[i].capacity == capacity) {
			*out = &lc->probes[i];
			return TT_OK;
		}
	}
	return run_probe(c, lv, capacity, out);
}

/* ---- capacities and load levels ---- */

/* Every capacity from lo to hi, or TT_MC_LOG_CAPACITIES log-spaced. */
static tt_code choose_capacities(tt_mc_result *r, int lo, int hi, tt_diag *d)
{
	size_t want = (size_t)(hi - lo) + 1;
	if (want > TT_MC_ALL_CAPACITIES)
		want = TT_MC_LOG_CAPACITIES;
	r->capacities = malloc(want * sizeof *r->capacities);
	if (!r->capacities)
		return tt_diag_nomem(d, (tt_loc){0});
	size_t n = 0;
	for (size_t k = 0; k < want; k++) {
		int c;
		if (want == (size_t)(hi - lo) + 1) {
			c = lo + (int)k;
		} else {
			double x = log((double)lo) +
			           (log((double)hi) - log((double)lo)) *
			                   (double)k / (double)(want - 1);
			c = (int)lround(exp(x));
		}
		/* Rounding may repeat a small capacity: take the next. */
		if (n > 0 && c <= r->capacities[n - 1])
			c = r->capacities[n - 1] + 1;
		if (c > hi)
			break;
		r->capacities[n++] = c;
	}
	r->capacities[n - 1] = hi;
	r->n_capacities = n;
	return TT_OK;
}

/* The workload's largest per-minute rate over the scenario's run. */
static tt_code workload_peak(const tt_scenario *s, double *peak, tt_diag *d)
{
	tt_workload_spec spec = s->workload; /* shallow: borrowed */
	spec.poisson = false; /* the expectation, not one draw of it */
	tt_workload *w = NULL;
	tt_code rc =
	        tt_workload_open(&spec, s->seed, s->period_us, NULL, &w, d);
	if (rc)
		return rc;
	int64_t periods =
	        s->duration_us > 0
	                ? (s->duration_us + s->period_us - 1) / s->period_us
	                : PEAK_SCAN_MAX_PERIODS;
	if (periods > PEAK_SCAN_MAX_PERIODS)
		periods = PEAK_SCAN_MAX_PERIODS;
	uint64_t most = 0;
	for (int64_t k = 0; k < periods; k++) {
		uint64_t count = 0;
		bool ended = false;
		if ((rc = tt_workload_next(w, &count, &ended, d)))
			break;
		if (ended)
			break;
		if (count > most)
			most = count;
	}
	tt_workload_close(w);
	*peak = (double)most * 60e6 / (double)s->period_us;
	return rc;
}

/* ---- judging ---- */

static tt_mc_alarm alarm_for(double m, double target, double ratio)
{
	if (tt_controller_breaches_high(m, target))
		return TT_MC_ALARM_HIGH;
	if (tt_controller_breaches_low(m, target, ratio))
		return TT_MC_ALARM_LOW;
	return TT_MC_ALARM_NONE;
}

/* Least squares slope of ln m on ln c over the usable points of a level;
 * adds the centred sums to the pooled ones. */
static void level_slope(tt_mc_level *l, size_t n, double *sxy, double *sxx)
{
	double mx = 0, my = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const tt_mc_point *p = &l->points[i];
		if (!p->has_metric || p->capped || p->metric <= 0)
			continue;
		mx += log((double)p->capacity);
		my += log(p->metric);
		k++;
	}
	if (k < 2)
		return;
	mx /= (double)k;
	my /= (double)k;
	double xy = 0, xx = 0;
	for (size_t i = 0; i < n; i++) {
		const tt_mc_point *p = &l->points[i];
		if (!p->has_metric || p->capped || p->metric <= 0)
			continue;
		double x = log((double)p->capacity) - mx;
		xy += x * (log(p->metric) - my);
		xx += x * x;
	}
	if (xx <= 0)
		return;
	l->has_slope = true;
	l->slope = xy / xx;
	*sxy += xy;
	*sxx += xx;
}

/* Mark the points on a cap: at least two reach the largest value, and
 * not every point does (then the metric is simply flat). */
static void find_cap(tt_mc_policy *mp, size_t n_levels, size_t n)
{
	double top = -HUGE_VAL, bottom = HUGE_VAL;
	size_t total = 0;
	for (size_t l = 0; l < n_levels; l++) {
		for (size_t i = 0; i < n; i++) {
			const tt_mc_point *p = &mp->levels[l].points[i];
			if (!p->has_metric)
				continue;
			total++;
			if (p->metric > top)
				top = p->metric;
			if (p->metric < bottom)
				bottom = p->metric;
		}
	}
	if (total < 2 || top <= 0 || bottom >= top * (1 - TT_MC_CAP_TOLERANCE))
		return;
	size_t at_top = 0;
	for (size_t l = 0; l < n_levels; l++)
		for (size_t i = 0; i < n; i++) {
			const tt_mc_point *p = &mp->levels[l].points[i];
			if (p->has_metric &&
			    p->metric >= top * (1 - TT_MC_CAP_TOLERANCE))
				at_top++;
		}
	if (at_top < 2)
		return;
	mp->has_cap = true;
	mp->cap = top;
	for (size_t l = 0; l < n_levels; l++)
		for (size_t i = 0; i < n; i++) {
			tt_mc_point *p = &mp->levels[l].points[i];
			if (p->has_metric &&
			    p->metric >= top * (1 - TT_MC_CAP_TOLERANCE))
				p->capped = true;
		}
}

static void add_finding(tt_mc_policy *mp, tt_mc_finding f, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static void add_finding(tt_mc_policy *mp, tt_mc_finding f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(mp->reason[f], sizeof mp->reason[f], fmt, ap);
	va_end(ap);
	mp->findings |= 1u << f;
}

/*
 * The capacity target tracking moves to from `c` when the metric there
 * is `m`: AlarmHigh's side scales out, AlarmLow's scales in, each to
 * clamp(ceil(c x m / T)) and only in its own direction; in between,
 * nothing.  The sides, the formula and the clamp are the controller's.
 */
static int next_capacity(const tt_scenario *s, const tt_policy *p, int c,
                         double m)
{
	double t = p->target_value;
	int64_t n = c;
	if (tt_controller_breaches_high(m, t) && !s->scale_out_suspended) {
		n = tt_capacity_formula(c, m, t);
		if (n < c)
			n = c;
	} else if (tt_controller_breaches_low(m, t, s->aws.low_ratio) &&
	           !p->disable_scale_in && !s->scale_in_suspended) {
		n = tt_capacity_formula(c, m, t);
		if (n > c)
			n = c;
	}
	return tt_capacity_clamp(tt_scenario_bounds(s), n);
}

/* Iterate the map from the start capacity to a fixed point or a cycle. */
static tt_code predict(checker *c, size_t pi, size_t lv)
{
	const tt_scenario *s = c->s;
	const tt_policy *p = &s->policies[pi];
	tt_mc_level *l = &c->r->policies[pi].levels[lv];
	int path[TT_MC_CYCLE_MAX];
	size_t n = 0;
	int cap = c->r->start_capacity;
	for (;;) {
		for (size_t i = 0; i < n; i++) {
			if (path[i] != cap)
				continue;
			/* Back at a capacity already visited: the cycle is
			 * path[i..n). */
			l->cycle_len = n - i;
			memcpy(l->cycle, path + i, l->cycle_len * sizeof *path);
			return TT_OK;
		}
		if (n == TT_MC_CYCLE_MAX) {
			/* Still wandering: report the last capacity. */
			l->cycle[0] = cap;
			l->cycle_len = 1;
			return TT_OK;
		}
		path[n++] = cap;
		probe *pr;
		tt_code rc = get_probe(c, lv, cap < 1 ? 1 : cap, &pr);
		if (rc)
			return rc;
		int next = pr->has[pi] ? next_capacity(s, p, cap, pr->value[pi])
		                       : cap;
		if (next == cap) {
			l->cycle[0] = cap;
			l->cycle_len = 1;
			return TT_OK;
		}
		cap = next;
	}
}

/* ---- the full run ---- */

typedef struct run_rec {
	tt_time_us from_us;
	int lo;
	int hi;
} run_rec;

static tt_code run_row(void *ctx, const tt_row *row, tt_diag *d)
{
	(void)d;
	run_rec *rr = ctx;
	if (row->start_us < rr->from_us)
		return TT_OK;
	if (rr->lo < 0 || row->desired < rr->lo)
		rr->lo = row->desired;
	if (row->desired > rr->hi)
		rr->hi = row->desired;
	return TT_OK;
}

static tt_code full_run(checker *c, size_t pi, size_t lv)
{
	const tt_scenario *s = c->s;
	tt_mc_level *l = &c->r->policies[pi].levels[lv];
	tt_scenario t = constant_copy(s, l->rate_per_min);
	t.policies = &s->policies[pi]; /* this policy alone */
	t.n_policies = 1;
	t.duration_us = c->r->run_us;
	run_rec rr = {.from_us = t.duration_us - t.duration_us / 3,
	              .lo = -1,
	              .hi = -1};
	tt_recorder rec = {.ctx = &rr, .row = run_row};
	tt_summary sum;
	tt_code rc = tt_sim_run(&t, &rec, &sum, c->d);
	if (rc)
		return rc;
	l->has_run = true;
	l->run_final = sum.final_desired;
	l->run_lo = rr.lo < 0 ? sum.final_desired : rr.lo;
	l->run_hi = rr.hi < 0 ? sum.final_desired : rr.hi;
	tt_summary_release(&sum);
	/* How far the run strayed from what the prediction spans: 0 when
	 * it settled on the fixed point, or kept moving within the cycle. */
	int lo = l->cycle[0], hi = l->cycle[0];
	for (size_t i = 1; i < l->cycle_len; i++) {
		if (l->cycle[i] < lo)
			lo = l->cycle[i];
		if (l->cycle[i] > hi)
			hi = l->cycle[i];
	}
	int dist = 0;
	if (lo - l->run_lo > dist)
		dist = lo - l->run_lo;
	if (l->run_hi - hi > dist)
		dist = l->run_hi - hi;
	if (l->cycle_len > 1 && l->run_lo == l->run_hi && dist == 0)
		dist = 1; /* a cycle predicted, the run settled */
	l->run_distance = dist;
	l->agrees = dist == 0;
	return TT_OK;
}

/* ---- verdicts ---- */

static const char *statistic_hint(const tt_policy *p)
{
	if (p->metric.kind != TT_METRIC_CUSTOM)
		return "";
	if (p->metric.statistic == TT_STAT_SUM)
		return "; the Sum statistic adds up the instances (use "
		       "Average)";
	if (p->metric.statistic == TT_STAT_SAMPLE_COUNT)
		return "; the SampleCount statistic counts the instances "
		       "(use Average)";
	return "";
}

static void judge(checker *c, size_t pi)
{
	const tt_scenario *s = c->s;
	tt_mc_result *r = c->r;
	tt_mc_policy *mp = &r->policies[pi];
	const tt_policy *p = mp->policy;
	double t = p->target_value;
	double ratio = s->aws.low_ratio;
	size_t nl = r->n_levels, nc = r->n_capacities;

	if (mp->has_slope) {
		double k = mp->slope;
		if (k > TT_MC_SLOPE_FLAT)
			add_finding(
			        mp, TT_MC_GROWS,
			        "the metric rises as instances are added "
			        "(slope %+.2f, a utilization has -1)%s; "
			        "scaling out drives it further over target, "
			        "so once over target the policy runs to max "
			        "capacity",
			        k, statistic_hint(p));
		else if (k >= -TT_MC_SLOPE_FLAT)
			add_finding(
			        mp, TT_MC_FLAT,
			        "the metric hardly changes with capacity "
			        "(slope %+.2f, a utilization has -1), like a "
			        "latency below saturation: adding instances "
			        "cannot bring it to target",
			        k);
		else if (k > TT_MC_SLOPE_VALID_HI)
			add_finding(
			        mp, TT_MC_WEAK,
			        "the metric falls less than in proportion to "
			        "capacity (slope %+.2f, valid in [%.1f, "
			        "%.1f]): the capacity formula under-corrects "
			        "and takes several steps",
			        k, TT_MC_SLOPE_VALID_LO, TT_MC_SLOPE_VALID_HI);
		else if (k < TT_MC_SLOPE_VALID_LO)
			add_finding(mp, TT_MC_STEEP,
			            "the metric falls faster than 1/capacity "
			            "(slope %+.2f, valid in [%.1f, %.1f]): the "
			            "capacity formula overshoots",
			            k, TT_MC_SLOPE_VALID_LO,
			            TT_MC_SLOPE_VALID_HI);
	}

	if (mp->has_cap && mp->cap < TT_MC_CAP_MIN_RATIO * t) {
		int below = 0;
		const tt_mc_level *top = &mp->levels[nl - 1];
		for (size_t i = 0; i < nc; i++)
			if (top->points[i].capped)
				below = top->points[i].capacity;
		add_finding(mp, TT_MC_SATURATES,
		            "the metric is capped at %.6g, only %.2f x the "
		            "target %.6g (up to capacity %d at the highest "
		            "load): a capped reading cannot tell %.0f x "
		            "overload from %.2f x, so each scale-out adds at "
		            "most %.0f %% and a large overload takes many "
		            "cooldowns",
		            mp->cap, mp->cap / t, t, below, TT_MC_CAP_MIN_RATIO,
		            mp->cap / t, 100 * (mp->cap / t - 1));
	}

	/* Never scales out: at the highest load, min capacity is enough. */
	const tt_mc_point *lowcap = &mp->levels[nl - 1].points[0];
	if (lowcap->has_metric &&
	    !tt_controller_breaches_high(lowcap->metric, t))
		add_finding(mp, TT_MC_NEVER_OUT,
		            "at the highest load (%.6g/min) the metric at "
		            "capacity %d is %.6g, not above the target %.6g: "
		            "the policy will never scale out",
		            mp->levels[nl - 1].rate_per_min, lowcap->capacity,
		            lowcap->metric, t);

	/* Never scales in: at the lowest load, no capacity brings the
	 * metric under the AlarmLow threshold. */
	const tt_mc_level *low = &mp->levels[0];
	double least = HUGE_VAL;
	int at = 0;
	bool any = false;
	for (size_t i = 0; i < nc; i++) {
		const tt_mc_point *q = &low->points[i];
		if (q->has_metric && (!any || q->metric < least)) {
			least = q->metric;
			at = q->capacity;
			any = true;
		}
	}
	if (any && !tt_controller_breaches_low(least, t, ratio) &&
	    !p->disable_scale_in)
		add_finding(mp, TT_MC_NEVER_IN,
		            "at the lowest load (%.6g/min) the metric never "
		            "drops below %.6g x target = %.6g (its least is "
		            "%.6g, at capacity %d): once scaled out, the "
		            "policy will never scale in",
		            low->rate_per_min, ratio,
		            tt_scale_in_threshold(t, ratio), least, at);

	for (size_t l = 0; l < nl; l++) {
		const tt_mc_level *lv = &mp->levels[l];
		if (lv->cycle_len < 2)
			continue;
		char caps[TT_MC_CYCLE_MAX * 12] = "";
		size_t len = 0;
		for (size_t i = 0; i < lv->cycle_len && len < sizeof caps; i++)
			len += (size_t)snprintf(caps + len, sizeof caps - len,
			                        "%s%d", i ? " -> " : "",
			                        lv->cycle[i]);
		add_finding(mp, TT_MC_OSCILLATES,
		            "at %.6g/min the steady state flips between "
		            "capacities (%s -> %d): the metric at one "
		            "capacity asks for the other",
		            lv->rate_per_min, caps, lv->cycle[0]);
		break;
	}
}

/* ---- the whole check ---- */

void tt_mc_result_release(tt_mc_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_policies; i++) {
		tt_mc_policy *mp = &r->policies[i];
		if (!mp->levels)
			continue;
		for (size_t l = 0; l < r->n_levels; l++)
			free(mp->levels[l].points);
		free(mp->levels);
	}
	free(r->policies);
	free(r->capacities);
	memset(r, 0, sizeof *r);
}

static void cache_release(level_cache *cache, size_t n)
{
	if (!cache)
		return;
	for (size_t l = 0; l < n; l++) {
		for (size_t i = 0; i < cache[l].n; i++) {
			free(cache[l].probes[i].has);
			free(cache[l].probes[i].value);
		}
		free(cache[l].probes);
	}
	free(cache);
}

/* The levels' rates: given, or fractions of the workload's peak. */
static tt_code choose_levels(const tt_scenario *s, const tt_mc_options *o,
                             tt_mc_result *r, double *rates, double *fracs,
                             tt_diag *d)
{
	if (o && o->n_rates > 0) {
		if (o->n_rates > TT_MC_MAX_LEVELS)
			return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
			                   "at most %d load levels, got %zu",
			                   TT_MC_MAX_LEVELS, o->n_rates);
		for (size_t i = 0; i < o->n_rates; i++) {
			if (!(o->rates_per_min[i] > 0) ||
			    !isfinite(o->rates_per_min[i]))
				return tt_diag_set(
				        d, TT_EINVAL, (tt_loc){0},
				        "a load level must be > 0 per minute, "
				        "got %g",
				        o->rates_per_min[i]);
			/* A probe's load is a workload rate: the same
			 * limit. */
			if (o->rates_per_min[i] > TT_WORKLOAD_RATE_MAX)
				return tt_diag_set(
				        d, TT_ERANGE, (tt_loc){0},
				        "a load level is too large, got %g/min "
				        "(at most %s/min)",
				        o->rates_per_min[i],
				        TT_LIMIT_TEXT(TT_WORKLOAD_RATE_MAX));
			rates[i] = o->rates_per_min[i];
			fracs[i] = 0;
		}
		/* Increasing, so the first is the lowest load and the last
		 * the highest. */
		for (size_t i = 1; i < o->n_rates; i++)
			for (size_t j = i; j > 0 && rates[j] < rates[j - 1];
			     j--) {
				double x = rates[j];
				rates[j] = rates[j - 1];
				rates[j - 1] = x;
			}
		r->n_levels = o->n_rates;
		return TT_OK;
	}
	double peak = 0;
	tt_code rc = workload_peak(s, &peak, d);
	if (rc)
		return rc;
	if (!(peak > 0))
		return tt_diag_set(d, TT_EINVAL, s->workload.loc,
		                   "the workload has no traffic to derive "
		                   "load levels from: give them with --load");
	/* A trace's rows are bounded one by one, not as a rate: one of
	 * 1e15 in a minute is past what a probe's constant load can be. */
	if (peak > TT_WORKLOAD_RATE_MAX)
		return tt_diag_set(d, TT_ERANGE, s->workload.loc,
		                   "the workload's peak, %g/min, is past the "
		                   "largest load level (at most %s/min): give "
		                   "the levels with --load",
		                   peak, TT_LIMIT_TEXT(TT_WORKLOAD_RATE_MAX));
	static const double fractions[] = {0.25, 0.5, 1.0};
	size_t n = sizeof fractions / sizeof fractions[0];
	for (size_t i = 0; i < n; i++) {
		rates[i] = peak * fractions[i];
		fracs[i] = fractions[i];
	}
	r->n_levels = n;
	r->peak_per_min = peak;
	return TT_OK;
}

tt_code tt_metric_check(const tt_scenario *s, const tt_mc_options *o,
                        tt_mc_result *out, tt_diag *d)
{
	memset(out, 0, sizeof *out);
	tt_mc_result *r = out;
	checker c = {.s = s, .r = r, .d = d};
	c.probe_periods = o && o->probe_periods > 0 ? o->probe_periods
	                                            : DEFAULT_PROBE_PERIODS;
	r->mode = s->mode;
	r->low_ratio = s->aws.low_ratio;
	r->run_us = o && o->run_us > 0           ? o->run_us
	            : s->mode == TT_MODE_REQUEST ? DEFAULT_RUN_REQUEST_US
	                                         : DEFAULT_RUN_US;
	if (o && o->skip_runs)
		r->run_us = 0;
	/* A constant synthetic load carries no request attributes. */
	if (s->mode == TT_MODE_REQUEST && s->has_service &&
	    s->service.kind == TT_DRAWN_LINEAR)
		return tt_diag_set(d, TT_EUNSUPPORTED, s->locs.service_time,
		                   "metric-check holds the load constant, "
		                   "which gives requests no attributes: a "
		                   "service time linear in one needs a fixed "
		                   "distribution here, or --mode fluid");
	r->start_capacity = s->initial_capacity;

	double rates[TT_MC_MAX_LEVELS], fracs[TT_MC_MAX_LEVELS];
	c.rates = rates;
	tt_code rc = choose_levels(s, o, r, rates, fracs, d);
	if (rc)
		goto out_fail;
	int lo = s->min_capacity < 1 ? 1 : s->min_capacity;
	if ((rc = choose_capacities(r, lo, s->max_capacity, d)))
		goto out_fail;

	r->n_policies = s->n_policies;
	r->policies = calloc(s->n_policies, sizeof *r->policies);
	c.cache = calloc(r->n_levels, sizeof *c.cache);
	if (!r->policies || !c.cache) {
		rc = tt_diag_nomem(d, (tt_loc){0});
		goto out_fail;
	}
	for (size_t i = 0; i < s->n_policies; i++) {
		tt_mc_policy *mp = &r->policies[i];
		mp->policy = &s->policies[i];
		mp->levels = calloc(r->n_levels, sizeof *mp->levels);
		if (!mp->levels) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto out_fail;
		}
		for (size_t l = 0; l < r->n_levels; l++) {
			mp->levels[l].rate_per_min = rates[l];
			mp->levels[l].fraction = fracs[l];
			mp->levels[l].points = calloc(
			        r->n_capacities, sizeof *mp->levels[l].points);
			if (!mp->levels[l].points) {
				rc = tt_diag_nomem(d, (tt_loc){0});
				goto out_fail;
			}
		}
	}

	/* The table: one probe per level and capacity, all policies. */
	for (size_t l = 0; l < r->n_levels; l++) {
		for (size_t k = 0; k < r->n_capacities; k++) {
			probe *pr;
			if ((rc = get_probe(&c, l, r->capacities[k], &pr)))
				goto out_fail;
			for (size_t i = 0; i < s->n_policies; i++) {
				tt_mc_point *pt =
				        &r->policies[i].levels[l].points[k];
				pt->capacity = r->capacities[k];
				pt->has_metric = pr->has[i];
				pt->metric = pr->value[i];
				if (pt->has_metric)
					pt->alarm = alarm_for(
					        pt->metric,
					        s->policies[i].target_value,
					        s->aws.low_ratio);
			}
		}
	}

	r->valid = true;
	for (size_t i = 0; i < s->n_policies; i++) {
		tt_mc_policy *mp = &r->policies[i];
		find_cap(mp, r->n_levels, r->n_capacities);
		double sxy = 0, sxx = 0;
		for (size_t l = 0; l < r->n_levels; l++)
			level_slope(&mp->levels[l], r->n_capacities, &sxy,
			            &sxx);
		if (sxx > 0) {
			mp->has_slope = true;
			mp->slope = sxy / sxx;
		}
		for (size_t l = 0; l < r->n_levels; l++) {
			if ((rc = predict(&c, i, l)))
				goto out_fail;
			if (!(o && o->skip_runs) && (rc = full_run(&c, i, l)))
				goto out_fail;
		}
		judge(&c, i);
		if (mp->findings)
			r->valid = false;
	}
	cache_release(c.cache, r->n_levels);
	return TT_OK;

out_fail:
	cache_release(c.cache, r->n_levels);
	tt_mc_result_release(r);
	return rc;
}
