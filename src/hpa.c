/*
 * hpa.c - the Horizontal Pod Autoscaler's arithmetic, as Kubernetes'
 * replica_calculator.go and horizontal.go do it (SPEC.md 15.2).
 *
 * Ratios, ceilings and the comparisons with the tolerance are the same
 * IEEE double operations Kubernetes' Go performs, so a proposal rounds as
 * a real cluster's does.  One difference: Kubernetes sums integer
 * millicores and truncates the utilization percent; ttsim's usage is a
 * double, so the truncation forgives 1e-9 of floating-point noise (90 %
 * computed as 89.999999999 stays 90).
 */
#include "hpa.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

tt_hpa_tolerance tt_hpa_tolerance_of(const tt_hpa_config *c,
                                     const tt_hpa_knobs *k)
{
	tt_hpa_tolerance t = {k->tolerance, k->tolerance};
	if (!k->configurable_tolerance || !c->has_behavior)
		return t;
	if (c->up.has_tolerance)
		t.up = c->up.tolerance;
	if (c->down.has_tolerance)
		t.down = c->down.tolerance;
	return t;
}

static bool within(double r, tt_hpa_tolerance tol)
{
	return r >= 1.0 - tol.down && r <= 1.0 + tol.up;
}

/* The usage ratio of `n` pods summing `sum`: a utilization is the
 * truncated integer percent (GetResourceUtilizationRatio). */
static double usage_ratio(tt_hpa_target_type type, double target, double sum,
                          int n)
{
	double avg = sum / n;
	if (type == TT_HPA_UTILIZATION)
		avg = trunc(avg + 1e-9);
	return avg / target;
}

static tt_hpa_proposal proposal(int replicas, double ratio)
{
	return (tt_hpa_proposal){true, replicas, ratio};
}

/* ceil(x) as Go's int32(math.Ceil(x)), saturated. */
static int ceil_replicas(double x)
{
	double c = ceil(x);
	return c >= INT_MAX ? INT_MAX : c <= 0 ? 0 : (int)c;
}

tt_hpa_proposal tt_hpa_pods_replicas(tt_hpa_target_type type, double target,
                                     const tt_hpa_pods *p, int current,
                                     tt_hpa_tolerance tol)
{
	if (p->ready == 0)
		return (tt_hpa_proposal){false, 0, 0}; /* no pod with a value */
	double r = usage_ratio(type, target, p->sum, p->ready);
	bool up_with_unready = p->unready > 0 && r > 1.0;
	if (!up_with_unready && p->missing == 0)
		return proposal(within(r, tol) ? current
		                               : ceil_replicas(r * p->ready),
		                r);
	/* Rebalance: the missing pods at what damps the move, the unready
	 * ones at 0 when scaling up. */
	double sum = p->sum;
	int n = p->ready;
	if (p->missing > 0 && r != 1.0) {
		if (r < 1.0)
			sum += p->missing *
			       (type == TT_HPA_UTILIZATION ? fmax(100, target)
			                                   : target);
		n += p->missing;
	}
	if (up_with_unready)
		n += p->unready;
	double r2 = usage_ratio(type, target, sum, n);
	if (within(r2, tol) || (r < 1.0 && r2 > 1.0) || (r > 1.0 && r2 < 1.0))
		return proposal(current, r);
	int want = ceil_replicas(r2 * n);
	if ((r2 < 1.0 && want > current) || (r2 > 1.0 && want < current))
		return proposal(current, r);
	return proposal(want, r);
}

tt_hpa_proposal tt_hpa_value_replicas(tt_hpa_target_type type, double target,
                                      double value, int ready, int current,
                                      tt_hpa_tolerance tol)
{
	if (type == TT_HPA_AVERAGE_VALUE) {
		/* at 0 replicas the ratio is infinite (or NaN for 0) */
		double r = value / (target * current);
		return proposal(within(r, tol) ? current
		                               : ceil_replicas(value / target),
		                r);
	}
	double r = value / target;
	if (current == 0)
		return proposal(ceil_replicas(r), r);
	return proposal(within(r, tol) ? current : ceil_replicas(r * ready), r);
}

/* ---- the controller's memory ---- */

void tt_hpa_state_release(tt_hpa_state *st)
{
	if (!st)
		return;
	free(st->recs.v);
	free(st->up_events.v);
	free(st->down_events.v);
	memset(st, 0, sizeof *st);
}

static tt_code push(tt_hpa_records *r, tt_hpa_record rec)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		tt_hpa_record *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return TT_ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = rec;
	return TT_OK;
}

/* Record in the slot of the last record `old` (SIZE_MAX: append). */
static tt_code record_at(tt_hpa_records *r, size_t old, tt_hpa_record rec)
{
	if (old == SIZE_MAX)
		return push(r, rec);
	r->v[old] = rec;
	return TT_OK;
}

/*
 * The legacy path's stabilization (stabilizeRecommendation): the largest
 * of the proposal and the recommendations in [now - window, now]; the
 * proposal takes the slot of the last older one, or is appended.
 */
static tt_code stabilize_legacy(tt_hpa_state *st, tt_time_us now,
                                tt_time_us window, int proposal, int *out)
{
	int best = proposal;
	size_t old = SIZE_MAX;
	for (size_t i = 0; i < st->recs.n; i++) {
		const tt_hpa_record *r = &st->recs.v[i];
		if (r->t < now - window)
			old = i;
		else if (r->value > best)
			best = r->value;
	}
	*out = best;
	return record_at(&st->recs, old, (tt_hpa_record){now, proposal, false});
}

/*
 * behavior's stabilization (stabilizeRecommendationWithBehaviors): the
 * smallest recommendation in (now - up window, now] is the floor a
 * scale-up reaches, the largest in (now - down window, now] the ceiling
 * a scale-down keeps.
 */
static tt_code stabilize_behavior(tt_hpa_state *st, tt_time_us now,
                                  tt_time_us up_w, tt_time_us down_w,
                                  int current, int proposal, int *out)
{
	int up = proposal, down = proposal;
	size_t old = SIZE_MAX;
	for (size_t i = 0; i < st->recs.n; i++) {
		const tt_hpa_record *r = &st->recs.v[i];
		if (r->t > now - up_w && r->value < up)
			up = r->value;
		if (r->t > now - down_w && r->value > down)
			down = r->value;
		if (r->t < now - up_w && r->t < now - down_w)
			old = i;
	}
	int rec = current;
	if (rec < up)
		rec = up;
	if (rec > down)
		rec = down;
	*out = rec;
	return record_at(&st->recs, old, (tt_hpa_record){now, proposal, false});
}

/* The replicas added (or removed) in (now - period, now]. */
static int change_in(const tt_hpa_records *ev, tt_time_us now,
                     tt_time_us period)
{
	int sum = 0;
	for (size_t i = 0; i < ev->n; i++)
		if (ev->v[i].t > now - period)
			sum += ev->v[i].value;
	return sum;
}

/*
 * The furthest a direction's policies let the replicas go from
 * `current` (calculateScaleUpLimitWithScalingRules and its scale-down
 * twin): each policy from the count at its period's start, Max the
 * largest change, Min the smallest, Disabled none.
 */
static int rate_limit(const tt_hpa_rules *rules, bool up,
                      const tt_hpa_state *st, tt_time_us now, int current)
{
	if (rules->select == TT_HPA_SELECT_DISABLED)
		return current;
	/* Max change: the highest up, the lowest down */
	bool highest = (rules->select == TT_HPA_SELECT_MAX) == up;
	long long result = highest ? LLONG_MIN : LLONG_MAX;
	for (size_t i = 0; i < rules->n_policies; i++) {
		const tt_hpa_policy *p = &rules->policies[i];
		long long start = (long long)current -
		                  change_in(&st->up_events, now, p->period_us) +
		                  change_in(&st->down_events, now, p->period_us);
		long long v;
		if (up)
			v = p->percent ? (long long)ceil((double)start *
			                                 (1 + p->value / 100.0))
			               : start + p->value;
		else
			v = p->percent ? (long long)((double)start *
			                             (1 - p->value / 100.0))
			               : start - p->value;
		if (highest ? v > result : v < result)
			result = v;
	}
	return result > INT_MAX ? INT_MAX : result < INT_MIN ? INT_MIN
	                                                       : (int)result;
}

/* behavior's rate limits (convertDesiredReplicasWithBehaviorRate). */
static int limit_rate(const tt_hpa_config *c, const tt_hpa_state *st,
                      tt_time_us now, int current, int desired)
{
	if (desired > current) {
		int lim = rate_limit(&c->up, true, st, now, current);
		if (lim < current)
			lim = current;
		int most = c->max_replicas < lim ? c->max_replicas : lim;
		return desired > most ? most : desired;
	}
	if (desired < current) {
		int lim = rate_limit(&c->down, false, st, now, current);
		if (lim > current)
			lim = current;
		int least = c->min_replicas > lim ? c->min_replicas : lim;
		return desired < least ? least : desired;
	}
	return desired;
}

/* The legacy path's clamp (convertDesiredReplicasWithRules). */
static int limit_legacy(const tt_hpa_config *c, int current, int desired)
{
	long long up = 2LL * current > 4 ? 2LL * current : 4;
	int most = c->max_replicas < up ? c->max_replicas : (int)up;
	if (desired < c->min_replicas)
		return c->min_replicas;
	return desired > most ? most : desired;
}

/* A policy direction's longest period: how long its events matter. */
static tt_time_us longest_period(const tt_hpa_rules *r)
{
	tt_time_us p = 0;
	for (size_t i = 0; i < r->n_policies; i++)
		if (r->policies[i].period_us > p)
			p = r->policies[i].period_us;
	return p;
}

/*
 * storeScaleEvent: only with `behavior`; the new event takes the slot of
 * the first one older than its direction's longest period.
 */
static tt_code store_event(tt_hpa_state *st, const tt_hpa_config *c,
                           tt_time_us now, int from, int to)
{
	if (!c->has_behavior || from == to)
		return TT_OK;
	bool up = to > from;
	tt_hpa_records *ev = up ? &st->up_events : &st->down_events;
	tt_time_us period = longest_period(up ? &c->up : &c->down);
	for (size_t i = 0; i < ev->n; i++)
		if (ev->v[i].t < now - period)
			ev->v[i].outdated = true;
	tt_hpa_record rec = {now, up ? to - from : from - to, false};
	for (size_t i = 0; i < ev->n; i++) {
		if (ev->v[i].outdated) {
			ev->v[i] = rec;
			return TT_OK;
		}
	}
	return push(ev, rec);
}

/* The metrics' proposal (computeReplicasForMetrics): the largest valid
 * one; false when the sync must be skipped. */
static bool combine(const tt_hpa_config *c, const tt_hpa_proposal *props,
                    int current, int *out)
{
	size_t invalid = 0;
	int best = 0;
	for (size_t i = 0; i < c->n_metrics; i++) {
		if (!props[i].ok)
			invalid++;
		else if (props[i].replicas > best)
			best = props[i].replicas;
	}
	*out = best;
	return !(invalid >= c->n_metrics || (invalid > 0 && best < current));
}

tt_code tt_hpa_sync(tt_hpa_state *st, const tt_hpa_config *c,
                    const tt_hpa_knobs *k, tt_time_us now, int current,
                    const tt_hpa_proposal *props, tt_hpa_result *out)
{
	tt_code rc = TT_OK;
	memset(out, 0, sizeof *out);
	out->desired = current;
	/* the first sync remembers the replicas it found: no scale-down
	 * below them within the first window */
	if (!st->seen) {
		st->seen = true;
		if ((rc = push(&st->recs, (tt_hpa_record){now, current, false})))
			return rc;
	}
	if (current == 0 && c->min_replicas != 0) {
		out->outcome = TT_HPA_SCALING_DISABLED;
		return TT_OK;
	}
	if (current > c->max_replicas) {
		out->desired = c->max_replicas;
	} else if (current < c->min_replicas) {
		out->desired = c->min_replicas;
	} else {
		if (!combine(c, props, current, &out->proposal)) {
			out->outcome = TT_HPA_METRICS_FAILED;
			return TT_OK;
		}
		int rec;
		if (!c->has_behavior) {
			rc = stabilize_legacy(st, now,
			                      k->downscale_stabilization_us,
			                      out->proposal, &rec);
			out->desired = limit_legacy(c, current, rec);
		} else {
			tt_time_us up_w = c->up.has_window ? c->up.window_us : 0;
			tt_time_us down_w = c->down.has_window
			                            ? c->down.window_us
			                            : k->downscale_stabilization_us;
			rc = stabilize_behavior(st, now, up_w, down_w, current,
			                        out->proposal, &rec);
			out->desired = limit_rate(c, st, now, current, rec);
		}
		if (rc)
			return rc;
	}
	out->outcome = out->desired != current ? TT_HPA_SCALED : TT_HPA_UNCHANGED;
	return store_event(st, c, now, current, out->desired);
}
