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
 *
 * Step scaling rides on the same probes: each user alarm's metric joins
 * the probe as one more policy watching it (so every metric a policy can
 * use, an alarm can), and its datapoints go through the alarm's own
 * buckets (metrics.h) for its Statistic over its Period.  Which side of
 * the threshold is alarm.c's one breach rule; the step and the new
 * capacity are step.c's; when several alarms are in ALARM at once, the
 * controller picks, as in a run.  The probes themselves run without the
 * alarms and step policies, so the fleet stays at the probed capacity.
 */
#include "ttsim/metric_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "controller.h"
#include "metrics.h"
#include "step.h"
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
        [TT_MC_ALARMS_OVERLAP] = "alarms_overlap",
        [TT_MC_FLIP_FLOP] = "step_flip_flop",
        [TT_MC_FIGHT] = "tt_step_fight",
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
        [TT_MC_ALARMS_OVERLAP] = "the alarms overlap",
        [TT_MC_FLIP_FLOP] = "step flip-flop predicted",
        [TT_MC_FIGHT] = "target tracking and step scaling fight",
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

/* One fixed-capacity run: every policy's mean metric, then every user
 * alarm's (index n_policies + alarm). */
typedef struct probe {
	int capacity;
	bool *has;     /* n_probe */
	double *value; /* n_probe */
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
	/* The probes' policies: the scenario's, then one per user alarm
	 * watching its metric (NULL without alarms: the scenario's). */
	tt_policy *probe_policies;
	size_t n_probe;
	tt_step_invocation *inv; /* room for every alarm's policies */
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

/*
 * The capacity a probe runs at: capacity 0 has no metric, so a fleet of
 * 0 is probed as 1, except for an inference component, whose failures at
 * zero are what wakes it (SPEC.md 13.2).
 */
static int probe_cap(const checker *c, int cap)
{
	return cap < 1 && !c->s->ic.on ? 1 : cap;
}

/* The longest metric period among the policies and the user alarms
 * (their metrics' and their own Periods). */
static tt_time_us longest_policy_period(const tt_scenario *s)
{
	tt_time_us p = s->period_us;
	for (size_t i = 0; i < s->n_policies; i++) {
		tt_time_us q = tt_policy_period_us(&s->policies[i]);
		if (q > p)
			p = q;
	}
	for (size_t i = 0; i < s->n_alarms; i++) {
		tt_time_us q = tt_metric_resolution_us(s, &s->alarms[i].metric);
		if (q > p)
			p = q;
		if (s->alarms[i].def->period_us > p)
			p = s->alarms[i].def->period_us;
	}
	return p;
}

/*
 * A policy watching user alarm `a`'s metric, for the probes: only its
 * datapoints are read.  Its target is never acted on (scaling is
 * suspended in a probe) but must be a valid one.
 */
static tt_policy alarm_probe_policy(const tt_user_alarm *a)
{
	tt_policy p;
	memset(&p, 0, sizeof p);
	p.name = a->def->name;
	p.loc = a->def->loc;
	p.metric = a->metric; /* shallow: borrowed */
	p.target_value = a->def->threshold > 0 ? a->def->threshold : 1;
	p.scale_out_cooldown_us = 0;
	p.scale_in_cooldown_us = 0;
	return p;
}

/* ---- probes ---- */

/* A user alarm's datapoints in a probe, into its buckets. */
typedef struct probe_alarm {
	tt_buckets buckets;
	tt_time_us resolution_us;
	int64_t seen; /* the newest bucket already averaged, -1: none */
} probe_alarm;

typedef struct probe_rec {
	tt_time_us from_us;   /* average rows starting at or after this */
	tt_time_us period_us; /* the simulation period */
	size_t n;             /* the scenario's policies */
	double *sum;          /* n + n_alarms */
	uint64_t *count;      /* n + n_alarms */
	probe_alarm *alarms;  /* n_alarms */
	size_t n_alarms;
} probe_rec;

/*
 * Alarm a's datapoint in this row, when its metric period ends here,
 * goes into its buckets stamped at the period's start, as the run's own
 * alarms take it (sim.c); each bucket completed in the later half counts
 * toward the mean.
 */
static void probe_alarm_row(probe_rec *pr, size_t a, const tt_row *row)
{
	probe_alarm *pa = &pr->alarms[a];
	const tt_row_policy *rp = &row->policies[pr->n + a];
	tt_time_us end = row->start_us + pr->period_us;
	if (end % pa->resolution_us != 0)
		return;
	tt_buckets_add(&pa->buckets, end - pa->resolution_us, rp->has_metric,
	               rp->metric);
	int64_t j = pa->buckets.series.newest;
	double v;
	if (j == pa->seen)
		return;
	pa->seen = j;
	if (j * pa->buckets.period_us >= pr->from_us &&
	    tt_series_get(&pa->buckets.series, j, &v)) {
		pr->sum[pr->n + a] += v;
		pr->count[pr->n + a]++;
	}
}

static tt_code probe_row(void *ctx, const tt_row *row, tt_diag *d)
{
	(void)d;
	probe_rec *pr = ctx;
	for (size_t a = 0; a < pr->n_alarms; a++)
		probe_alarm_row(pr, a, row);
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

static void probe_alarms_release(probe_alarm *pa, size_t n)
{
	if (!pa)
		return;
	for (size_t a = 0; a < n; a++)
		tt_buckets_release(&pa[a].buckets);
	free(pa);
}

/* Each alarm's buckets as the run builds them: its Period, its metric's
 * resolution, its Statistic.  One bucket is all a probe keeps. */
static tt_code probe_alarms_init(const tt_scenario *s, probe_alarm **out)
{
	*out = NULL;
	if (s->n_alarms == 0)
		return TT_OK;
	probe_alarm *pa = calloc(s->n_alarms, sizeof *pa);
	if (!pa)
		return TT_ENOMEM;
	for (size_t a = 0; a < s->n_alarms; a++) {
		const tt_user_alarm *ua = &s->alarms[a];
		pa[a].resolution_us = tt_metric_resolution_us(s, &ua->metric);
		pa[a].seen = -1;
		if (tt_buckets_init(&pa[a].buckets, ua->def->period_us,
		                    pa[a].resolution_us, ua->def->statistic,
		                    1)) {
			probe_alarms_release(pa, a + 1);
			return TT_ENOMEM;
		}
	}
	*out = pa;
	return TT_OK;
}

/* Run level `lv` at `capacity` and append the probe to its cache. */
static tt_code run_probe(checker *c, size_t lv, int capacity, probe **out)
{
	const tt_scenario *s = c->s;
	level_cache *lc = &c->cache[lv];
	size_t n = c->n_probe;
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
	probe_alarm *pa = NULL;
	if (!p->has || !p->value || !sum || !count ||
	    probe_alarms_init(s, &pa)) {
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
	/* The alarms are probed as policies watching their metrics; left
	 * in, they would invoke steps (and scheduled actions move the
	 * bounds) against the fixed capacity. */
	if (c->probe_policies) {
		t.policies = c->probe_policies;
		t.n_policies = c->n_probe;
	}
	t.alarms = NULL;
	t.n_alarms = 0;
	t.step_policies = NULL;
	t.n_step_policies = 0;
	t.scheduled_suspended = true;
	tt_time_us len = longest_policy_period(s);
	t.duration_us = len * c->probe_periods;

	probe_rec pr = {.from_us = t.duration_us / 2,
	                .period_us = s->period_us,
	                .n = s->n_policies,
	                .sum = sum,
	                .count = count,
	                .alarms = pa,
	                .n_alarms = s->n_alarms};
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
	probe_alarms_release(pa, s->n_alarms);
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

/*
 * One map from capacity to capacity at a load level: target tracking's
 * (next_capacity) or the step policies' (step_next).  *who names what
 * moved (the deciding alarm for the steps; unused for target tracking).
 */
typedef tt_code (*map_fn)(checker *c, size_t lv, size_t pi, int cap, int *next,
                          size_t *who);

/*
 * Iterate `map` from `start` to a fixed point or a cycle, into
 * cycle[0..*len) (1: a fixed point) with who[i] what left cycle[i] (who
 * may be NULL).  One rule of prediction for both maps.
 */
static tt_code follow(checker *c, size_t lv, size_t pi, map_fn map, int start,
                      int *cycle, size_t *who, size_t *len)
{
	int path[TT_MC_CYCLE_MAX];
	size_t moved[TT_MC_CYCLE_MAX];
	size_t n = 0;
	int cap = start;
	for (;;) {
		for (size_t i = 0; i < n; i++) {
			if (path[i] != cap)
				continue;
			/* Back at a capacity already visited: the cycle is
			 * path[i..n). */
			*len = n - i;
			memcpy(cycle, path + i, *len * sizeof *path);
			if (who)
				memcpy(who, moved + i, *len * sizeof *moved);
			return TT_OK;
		}
		if (n == TT_MC_CYCLE_MAX) {
			/* Still wandering: report the last capacity. */
			cycle[0] = cap;
			*len = 1;
			return TT_OK;
		}
		path[n] = cap;
		int next;
		tt_code rc = map(c, lv, pi, cap, &next, &moved[n]);
		if (rc)
			return rc;
		n++;
		if (next == cap) {
			cycle[0] = cap;
			*len = 1;
			return TT_OK;
		}
		cap = next;
	}
}

/* Target tracking's map for policy pi. */
static tt_code tt_next(checker *c, size_t lv, size_t pi, int cap, int *next,
                       size_t *who)
{
	probe *pr;
	tt_code rc = get_probe(c, lv, probe_cap(c, cap), &pr);
	if (rc)
		return rc;
	*who = pi;
	*next = pr->has[pi] ? next_capacity(c->s, &c->s->policies[pi], cap,
	                                    pr->value[pi])
	                    : cap;
	return TT_OK;
}

/* Iterate the map from the start capacity to a fixed point or a cycle. */
static tt_code predict(checker *c, size_t pi, size_t lv)
{
	tt_mc_level *l = &c->r->policies[pi].levels[lv];
	return follow(c, lv, pi, tt_next, c->r->start_capacity, l->cycle, NULL,
	              &l->cycle_len);
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
	t.alarms = NULL; /* alone: no step scaling either */
	t.n_alarms = 0;
	t.step_policies = NULL;
	t.n_step_policies = 0;
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

/* ---- step scaling ---- */

/*
 * Whether user alarm `ua` is in ALARM at a steady metric `v`: every
 * datapoint of its window is v, so it is exactly when v breaches (the
 * one breach rule, alarm.c).
 */
static bool alarm_breaches(const tt_user_alarm *ua, double v)
{
	tt_alarm a;
	tt_alarm_init_def(&a, ua->def);
	return tt_alarm_breaches(&a, v);
}

/*
 * What step policy `sp` does when alarm `ua` invokes it with V = `v` at
 * capacity `cap`: the step diff = V - threshold falls in and the new
 * capacity, both step.c's.  At a steady load every datapoint of the
 * window is the same, so V is that value whatever the
 * MetricAggregationType.
 */
static tt_mc_step_move step_move(const tt_scenario *s, const tt_user_alarm *ua,
                                 const tt_step_policy *sp, double v, int cap)
{
	tt_mc_step_move m;
	memset(&m, 0, sizeof m);
	m.to = cap;
	tt_step_knobs k;
	tt_step_knobs_from_aws(&k, &s->aws);
	const tt_step_adjustment *st =
	        tt_step_choose(sp, v - ua->def->threshold, k.tie_side,
	                       tt_alarm_op_above(ua->def->op));
	if (!st)
		return m;
	m.has_step = true;
	m.step = (size_t)(st - sp->steps);
	m.adjustment = st->adjustment;
	tt_step_outcome o = tt_step_new_capacity(sp, st->adjustment, cap, &k,
	                                         tt_scenario_bounds(s));
	m.direction = o.direction;
	if (o.direction != TT_DIR_NONE)
		m.to = o.to;
	return m;
}

/* The mean of alarm a's metric in a probe (index n_policies + a). */
static bool alarm_value(const checker *c, const probe *pr, size_t a, double *v)
{
	size_t i = c->s->n_policies + a;
	*v = pr->value[i];
	return pr->has[i];
}

/*
 * The step policies' map: at capacity `cap`, every alarm in ALARM (with
 * its actions enabled) invokes its policies, and the controller decides
 * among them as in a run, from a fresh start (no cooldown, nothing in
 * progress): the largest N wins.  *who is the deciding alarm
 * (TT_NO_ALARM when nothing moves).
 */
static tt_code step_next(checker *c, size_t lv, size_t pi, int cap, int *next,
                         size_t *who)
{
	(void)pi;
	const tt_scenario *s = c->s;
	probe *pr;
	tt_code rc = get_probe(c, lv, probe_cap(c, cap), &pr);
	if (rc)
		return rc;
	size_t n = 0;
	for (size_t a = 0; a < s->n_alarms; a++) {
		const tt_user_alarm *ua = &s->alarms[a];
		double v;
		if (!ua->def->actions_enabled || !alarm_value(c, pr, a, &v) ||
		    !alarm_breaches(ua, v))
			continue;
		for (size_t j = 0; j < ua->n_policies; j++)
			c->inv[n++] = (tt_step_invocation){
			        .policy = ua->policies[j],
			        .alarm = a,
			        .value = v,
			        .threshold = ua->def->threshold,
			        .alarm_above = tt_alarm_op_above(ua->def->op)};
	}
	*next = cap;
	*who = TT_NO_ALARM;
	if (n == 0)
		return TT_OK;
	tt_controller ctl;
	tt_controller_init(&ctl, s);
	if (tt_controller_steps_init(&ctl)) {
		tt_controller_release(&ctl);
		return tt_diag_nomem(c->d, (tt_loc){0});
	}
	ctl.desired = cap;
	tt_decision dec = tt_controller_decide(&ctl, 0, NULL, c->inv, n);
	tt_controller_release(&ctl);
	if (dec.action == TT_ACTION_SCALE_OUT ||
	    dec.action == TT_ACTION_SCALE_IN) {
		*next = dec.to;
		*who = dec.alarm;
	}
	return TT_OK;
}

/*
 * What alarm a's policies ask for at every probed capacity, by their
 * steps' signs (tt_step_direction): one direction, or none when both or
 * neither.
 */
static tt_direction alarm_direction(const tt_scenario *s, const tt_mc_result *r,
                                    const tt_user_alarm *ua)
{
	bool out = false, in = false;
	if (!ua->def->actions_enabled)
		return TT_DIR_NONE;
	for (size_t j = 0; j < ua->n_policies; j++) {
		const tt_step_policy *sp = &s->step_policies[ua->policies[j]];
		for (size_t i = 0; i < sp->n_steps; i++)
			for (size_t k = 0; k < r->n_capacities; k++) {
				tt_direction d = tt_step_direction(
				        sp, sp->steps[i].adjustment,
				        r->capacities[k]);
				out |= d == TT_DIR_OUT;
				in |= d == TT_DIR_IN;
			}
	}
	return out && !in ? TT_DIR_OUT : in && !out ? TT_DIR_IN : TT_DIR_NONE;
}

/* The table: each alarm at every level and probed capacity. */
static tt_code alarm_table(checker *c)
{
	const tt_scenario *s = c->s;
	tt_mc_result *r = c->r;
	for (size_t a = 0; a < r->n_alarms; a++) {
		const tt_user_alarm *ua = &s->alarms[a];
		tt_mc_user_alarm *ma = &r->alarms[a];
		ma->direction = alarm_direction(s, r, ua);
		for (size_t l = 0; l < r->n_levels; l++) {
			for (size_t k = 0; k < r->n_capacities; k++) {
				tt_mc_alarm_point *pt =
				        &ma->levels[l].points[k];
				probe *pr;
				tt_code rc =
				        get_probe(c, l, r->capacities[k], &pr);
				if (rc)
					return rc;
				pt->capacity = r->capacities[k];
				pt->has_metric =
				        alarm_value(c, pr, a, &pt->metric);
				pt->in_alarm = pt->has_metric &&
				               alarm_breaches(ua, pt->metric);
				if (!pt->in_alarm || ua->n_policies == 0)
					continue;
				pt->moves = calloc(ua->n_policies,
				                   sizeof *pt->moves);
				if (!pt->moves)
					return tt_diag_nomem(c->d, (tt_loc){0});
				for (size_t j = 0; j < ua->n_policies; j++)
					pt->moves[j] = step_move(
					        s, ua,
					        &s->step_policies
					                 [ua->policies[j]],
					        pt->metric, pt->capacity);
			}
		}
	}
	return TT_OK;
}

/*
 * The steps' map at level lv: from the start capacity (the steady state
 * shown), then from every probed capacity until one ends in a cycle.
 */
static tt_code step_predict(checker *c, size_t lv)
{
	tt_mc_step_level *sl = &c->r->step_levels[lv];
	int cycle[TT_MC_CYCLE_MAX];
	size_t who[TT_MC_CYCLE_MAX], len;
	tt_code rc = follow(c, lv, 0, step_next, c->r->start_capacity,
	                    sl->cycle, who, &sl->cycle_len);
	if (rc)
		return rc;
	if (sl->cycle_len > 1) {
		sl->flip_len = sl->cycle_len;
		memcpy(sl->flip, sl->cycle, sizeof sl->flip);
		memcpy(sl->flip_alarm, who, sl->cycle_len * sizeof *who);
		return TT_OK;
	}
	for (size_t k = 0; k < c->r->n_capacities; k++) {
		if ((rc = follow(c, lv, 0, step_next, c->r->capacities[k],
		                 cycle, who, &len)))
			return rc;
		if (len > 1) {
			sl->flip_len = len;
			memcpy(sl->flip, cycle, len * sizeof *cycle);
			memcpy(sl->flip_alarm, who, len * sizeof *who);
			return TT_OK;
		}
	}
	return TT_OK;
}

static const char *op_symbol(tt_alarm_op op)
{
	switch (op) {
	case TT_ALARM_OP_GE:
		return ">=";
	case TT_ALARM_OP_GT:
		return ">";
	case TT_ALARM_OP_LT:
		return "<";
	case TT_ALARM_OP_LE:
		return "<=";
	}
	return "?";
}

/* "'cpu-high' (CPUUtilization 75 > 70)", or without a value
 * "'cpu-high' (CPUUtilization > 70)". */
static const char *alarm_text(const tt_user_alarm *ua, bool has, double v,
                              char *buf, size_t size)
{
	const tt_alarm_def *def = ua->def;
	if (has)
		snprintf(buf, size, "'%s' (%s %.6g %s %.6g)", def->name,
		         def->metric_name, v, op_symbol(def->op),
		         def->threshold);
	else
		snprintf(buf, size, "'%s' (%s %s %.6g)", def->name,
		         def->metric_name, op_symbol(def->op), def->threshold);
	return buf;
}

/* Whether two alarms watch the same metric: namespace, name, dimensions
 * (in order) and statistic. */
static bool same_metric(const tt_metric_spec *a, const tt_metric_spec *b)
{
	if (!a->metric_name || !b->metric_name || !a->namespace_ ||
	    !b->namespace_ || strcmp(a->metric_name, b->metric_name) != 0 ||
	    strcmp(a->namespace_, b->namespace_) != 0 ||
	    a->statistic != b->statistic || a->n_dimensions != b->n_dimensions)
		return false;
	for (size_t i = 0; i < a->n_dimensions; i++)
		if (strcmp(a->dimensions[i].name, b->dimensions[i].name) != 0 ||
		    strcmp(a->dimensions[i].value, b->dimensions[i].value) != 0)
			return false;
	return true;
}

static void add_step_finding(tt_mc_result *r, tt_mc_finding f, const char *fmt,
                             ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static void add_step_finding(tt_mc_result *r, tt_mc_finding f, const char *fmt,
                             ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->step_reason[f], sizeof r->step_reason[f], fmt, ap);
	va_end(ap);
	r->step_findings |= 1u << f;
}

/* A scale-in alarm whose threshold is not below a scale-out alarm's on
 * the same metric: a value between them breaches both. */
static void judge_overlap(checker *c)
{
	const tt_scenario *s = c->s;
	tt_mc_result *r = c->r;
	char a_text[300], b_text[300];
	for (size_t i = 0; i < r->n_alarms; i++) {
		if (r->alarms[i].direction != TT_DIR_IN)
			continue;
		for (size_t j = 0; j < r->n_alarms; j++) {
			const tt_user_alarm *in = &s->alarms[i];
			const tt_user_alarm *out = &s->alarms[j];
			if (r->alarms[j].direction != TT_DIR_OUT ||
			    !same_metric(&in->metric, &out->metric) ||
			    in->def->threshold < out->def->threshold)
				continue;
			add_step_finding(
			        r, TT_MC_ALARMS_OVERLAP,
			        "both can be in ALARM at once: the scale-in "
			        "alarm %s has its threshold at or above the "
			        "scale-out alarm %s on the same metric; leave "
			        "a band between them",
			        alarm_text(in, false, 0, a_text, sizeof a_text),
			        alarm_text(out, false, 0, b_text,
			                   sizeof b_text));
			return;
		}
	}
}

/* The first level whose steps cycle: the capacities, and at each the
 * alarm that leaves it, with its value there. */
static tt_code judge_flip_flop(checker *c)
{
	const tt_scenario *s = c->s;
	tt_mc_result *r = c->r;
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_step_level *sl = &r->step_levels[l];
		if (sl->flip_len < 2)
			continue;
		char caps[TT_MC_CYCLE_MAX * 12] = "",
		                            why[TT_MC_REASON_MAX] = "";
		size_t n = 0, m = 0;
		for (size_t i = 0; i < sl->flip_len && n < sizeof caps; i++)
			n += (size_t)snprintf(caps + n, sizeof caps - n, "%s%d",
			                      i ? " -> " : "", sl->flip[i]);
		for (size_t i = 0; i < sl->flip_len && m < sizeof why; i++) {
			size_t a = sl->flip_alarm[i];
			if (a >= s->n_alarms)
				continue;
			probe *pr;
			tt_code rc = get_probe(
			        c, l, probe_cap(c, sl->flip[i]), &pr);
			if (rc)
				return rc;
			double v;
			bool has = alarm_value(c, pr, a, &v);
			char at[300];
			m += (size_t)snprintf(why + m, sizeof why - m,
			                      "%sat %d alarm %s asks for %d",
			                      i ? ", " : "", sl->flip[i],
			                      alarm_text(&s->alarms[a], has, v,
			                                 at, sizeof at),
			                      sl->flip[(i + 1) % sl->flip_len]);
		}
		add_step_finding(r, TT_MC_FLIP_FLOP,
		                 "at %.6g/min the step policies flip between "
		                 "capacities (%s -> %d): %s",
		                 r->step_levels[l].rate_per_min, caps,
		                 sl->flip[0], why);
		break;
	}
	return TT_OK;
}

static int sign_of(int d)
{
	return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/*
 * Target tracking and the steps pulling apart at level l: where target
 * tracking policy pi holds still, an alarm's step moves the capacity and
 * target tracking, there, moves it back; or where the steps hold still,
 * target tracking moves it and an alarm's step moves it back.
 */
static tt_code judge_fight_at(checker *c, size_t pi, size_t l, bool *found)
{
	const tt_scenario *s = c->s;
	tt_mc_result *r = c->r;
	const tt_policy *p = &s->policies[pi];
	const tt_mc_level *tl = &r->policies[pi].levels[l];
	const tt_mc_step_level *sl = &r->step_levels[l];
	char at[300];
	probe *pr;
	tt_code rc;
	size_t who, unused;
	int c1, c2;

	if (tl->cycle_len == 1) {
		int c0 = tl->cycle[0];
		if ((rc = step_next(c, l, 0, c0, &c1, &who)))
			return rc;
		if (c1 != c0) {
			if ((rc = tt_next(c, l, pi, c1, &c2, &unused)))
				return rc;
			if (sign_of(c2 - c1) == -sign_of(c1 - c0)) {
				double v = 0, m = 0;
				bool has;
				if ((rc = get_probe(c, l, probe_cap(c, c0),
				                    &pr)))
					return rc;
				has = alarm_value(c, pr, who, &v);
				if ((rc = get_probe(c, l, probe_cap(c, c1),
				                    &pr)))
					return rc;
				m = pr->value[pi];
				add_step_finding(
				        r, TT_MC_FIGHT,
				        "at %.6g/min target tracking policy "
				        "'%s' holds capacity %d, where alarm "
				        "%s "
				        "steps to %d; there its metric is %.6g "
				        "against the target %.6g and it scales "
				        "back to %d",
				        tl->rate_per_min, p->name, c0,
				        alarm_text(&s->alarms[who], has, v, at,
				                   sizeof at),
				        c1, m, p->target_value, c2);
				*found = true;
				return TT_OK;
			}
		}
	}
	if (sl->cycle_len == 1) {
		int c0 = sl->cycle[0];
		if ((rc = tt_next(c, l, pi, c0, &c1, &unused)))
			return rc;
		if (c1 != c0) {
			if ((rc = step_next(c, l, 0, c1, &c2, &who)))
				return rc;
			if (sign_of(c2 - c1) == -sign_of(c1 - c0)) {
				double v = 0, m = 0;
				bool has;
				if ((rc = get_probe(c, l, probe_cap(c, c0),
				                    &pr)))
					return rc;
				m = pr->value[pi];
				if ((rc = get_probe(c, l, probe_cap(c, c1),
				                    &pr)))
					return rc;
				has = alarm_value(c, pr, who, &v);
				add_step_finding(
				        r, TT_MC_FIGHT,
				        "at %.6g/min the step policies hold "
				        "capacity %d, where target tracking "
				        "policy '%s' (metric %.6g against the "
				        "target %.6g) moves to %d; there alarm "
				        "%s steps back to %d",
				        sl->rate_per_min, c0, p->name, m,
				        p->target_value, c1,
				        alarm_text(&s->alarms[who], has, v, at,
				                   sizeof at),
				        c2);
				*found = true;
			}
		}
	}
	return TT_OK;
}

static tt_code judge_steps(checker *c)
{
	tt_code rc;
	judge_overlap(c);
	if ((rc = judge_flip_flop(c)))
		return rc;
	bool found = false;
	for (size_t l = 0; l < c->r->n_levels && !found; l++)
		for (size_t pi = 0; pi < c->s->n_policies && !found; pi++)
			if ((rc = judge_fight_at(c, pi, l, &found)))
				return rc;
	return TT_OK;
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
	for (size_t a = 0; a < r->n_alarms; a++) {
		tt_mc_user_alarm *ma = &r->alarms[a];
		if (!ma->levels)
			continue;
		for (size_t l = 0; l < r->n_levels; l++) {
			tt_mc_alarm_point *pts = ma->levels[l].points;
			for (size_t k = 0; pts && k < r->n_capacities; k++)
				free(pts[k].moves);
			free(pts);
		}
		free(ma->levels);
	}
	free(r->alarms);
	free(r->step_levels);
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

/*
 * What step scaling adds to a check: the probes' policies (the
 * scenario's, then one per alarm), the invocations' room, and the
 * result's alarms and step levels.
 */
static tt_code steps_alloc(checker *c, const double *rates)
{
	const tt_scenario *s = c->s;
	tt_mc_result *r = c->r;
	size_t n_inv = 0;
	for (size_t a = 0; a < s->n_alarms; a++)
		n_inv += s->alarms[a].n_policies;
	c->n_probe = s->n_policies + s->n_alarms;
	c->probe_policies = calloc(c->n_probe, sizeof *c->probe_policies);
	c->inv = calloc(n_inv ? n_inv : 1, sizeof *c->inv);
	r->alarms = calloc(s->n_alarms, sizeof *r->alarms);
	r->step_levels = calloc(r->n_levels, sizeof *r->step_levels);
	if (!c->probe_policies || !c->inv || !r->alarms || !r->step_levels)
		return tt_diag_nomem(c->d, (tt_loc){0});
	r->n_alarms = s->n_alarms;
	for (size_t i = 0; i < s->n_policies; i++)
		c->probe_policies[i] = s->policies[i];
	for (size_t a = 0; a < s->n_alarms; a++)
		c->probe_policies[s->n_policies + a] =
		        alarm_probe_policy(&s->alarms[a]);
	for (size_t l = 0; l < r->n_levels; l++)
		r->step_levels[l].rate_per_min = rates[l];
	for (size_t a = 0; a < s->n_alarms; a++) {
		tt_mc_user_alarm *ma = &r->alarms[a];
		ma->alarm = a;
		ma->levels = calloc(r->n_levels, sizeof *ma->levels);
		if (!ma->levels)
			return tt_diag_nomem(c->d, (tt_loc){0});
		for (size_t l = 0; l < r->n_levels; l++) {
			ma->levels[l].rate_per_min = rates[l];
			ma->levels[l].points = calloc(
			        r->n_capacities, sizeof *ma->levels[l].points);
			if (!ma->levels[l].points)
				return tt_diag_nomem(c->d, (tt_loc){0});
		}
	}
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
	int lo = probe_cap(&c, s->min_capacity);
	if ((rc = choose_capacities(r, lo, s->max_capacity, d)))
		goto out_fail;

	r->n_policies = s->n_policies;
	r->policies = calloc(s->n_policies, sizeof *r->policies);
	c.cache = calloc(r->n_levels, sizeof *c.cache);
	if ((!r->policies && s->n_policies) || !c.cache) {
		rc = tt_diag_nomem(d, (tt_loc){0});
		goto out_fail;
	}
	c.n_probe = s->n_policies;
	if (s->n_alarms > 0 && (rc = steps_alloc(&c, rates)))
		goto out_fail;
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
	if (r->n_alarms > 0) {
		if ((rc = alarm_table(&c)))
			goto out_fail;
		for (size_t l = 0; l < r->n_levels; l++)
			if ((rc = step_predict(&c, l)))
				goto out_fail;
		if ((rc = judge_steps(&c)))
			goto out_fail;
		if (r->step_findings)
			r->valid = false;
	}
	cache_release(c.cache, r->n_levels);
	free(c.probe_policies);
	free(c.inv);
	return TT_OK;

out_fail:
	cache_release(c.cache, r->n_levels);
	free(c.probe_policies);
	free(c.inv);
	tt_mc_result_release(r);
	return rc;
}
