/*
 * sim_hpa.c - the HPA's sync loop in a run: measure, propose, decide.
 *
 * What the pods report over the window [t - W, t) before a sync at t
 * (SPEC.md 15.1, 16.1):
 *
 *   serving pods  in service and not being removed (removed pods leave
 *                 routing at once and the HPA ignores them)
 *   unready pods  Pending ones, and for cpu the Ready ones still in the
 *                 CPU initialization period whose window began before
 *                 they became Ready
 *   cpu           each pod's busy share of its slots (a pod's CPU
 *                 request is the pod fully busy): measured busy
 *                 slot-time in request mode, the utilization law in fluid
 *                 mode, the load spread evenly over the serving pods;
 *                 at most 100 % of the request
 *   rps, in flight, queue
 *                 per pod (Pods, AverageValue) or the whole (Object,
 *                 External Value): arrivals over the window, Little's
 *                 law or the measured requests in the system, the
 *                 requests waiting now
 *
 * The counters at the window's start are read by an engine event at t - W
 * (at the previous sync when W is the sync period).  At the first sync,
 * at time 0, fluid mode takes the first period's load as the load the run
 * starts in; request mode has measured nothing, and the metrics fail.
 */
#include "sim_hpa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static tt_code on_tick(tt_engine *e, void *ctx, uint64_t arg);

/* The counters now: the window opens. */
static void open_window(tt_hpa_run *h)
{
	h->arrivals_at = h->w.arrivals(h->w.ctx);
	h->busy_at = 0;
	h->in_system_at = 0;
	if (h->w.server)
		tt_server_totals(h->w.server, &h->busy_at, &h->in_system_at);
	h->opened_at = tt_engine_now(h->w.engine);
}

static tt_code on_window(tt_engine *e, void *ctx, uint64_t arg)
{
	(void)e;
	(void)arg;
	open_window(ctx);
	return TT_OK;
}

tt_code tt_hpa_run_init(tt_hpa_run *h, const tt_hpa_wiring *w)
{
	memset(h, 0, sizeof *h);
	h->w = *w;
	h->c = w->s->hpa;
	const tt_hpa_knobs *k = &w->s->hpa_knobs;
	h->tol = tt_hpa_tolerance_of(h->c, k);
	h->window_us = k->metric_window_us;
	if (h->window_us > k->sync_period_us)
		h->window_us = k->sync_period_us;
	size_t n = h->c->n_metrics;
	h->src = calloc(n, sizeof *h->src);
	h->models = calloc(n, sizeof *h->models);
	h->props = calloc(n, sizeof *h->props);
	if (!h->src || !h->models || !h->props)
		return tt_diag_nomem(w->d, (tt_loc){0});
	for (size_t i = 0; i < n; i++)
		if (!tt_sv_hpa_source(w->s, &h->c->metrics[i], &h->src[i],
		                      &h->models[i]))
			return tt_diag_set(w->d, TT_EINTERNAL, h->c->metrics[i].loc,
			                   "metric '%s' was not resolved",
			                   h->c->metrics[i].name);
	return tt_engine_at(w->engine, 0, on_tick, h, 0);
}

void tt_hpa_run_release(tt_hpa_run *h)
{
	if (!h)
		return;
	tt_hpa_state_release(&h->st);
	free(h->src);
	free(h->models);
	free(h->props);
	memset(h, 0, sizeof *h);
}

/* What the window measured, for every metric alike. */
typedef struct window {
	double secs;
	int serving;   /* in service, not being removed */
	int pending;
	int cpu_init;  /* serving, but unready for cpu */
	double rps;    /* arrivals per second */
	double in_flight; /* requests in the system, time-averaged */
	double busy;   /* busy share of all the serving slots, 0..1 */
	double queue;  /* requests waiting now */
} window;

/* Serving pods in the CPU initialization period whose window began
 * before they became Ready (SPEC.md 15.2, step 1). */
static int cpu_initializing(const tt_hpa_run *h, tt_time_us now)
{
	const tt_fleet *f = h->w.fleet;
	tt_time_us init = h->w.s->hpa_knobs.cpu_initialization_period_us;
	int n = 0;
	for (uint32_t i = 0; i < f->n_inst; i++) {
		const tt_fleet_instance *p = &f->inst[i];
		if (p->state == TT_FLEET_IN_SERVICE &&
		    now < p->launched_us + init &&
		    now - h->window_us < p->up_us)
			n++;
	}
	return n;
}

static void measure(tt_hpa_run *h, tt_time_us now, window *w)
{
	const tt_scenario *s = h->w.s;
	const tt_fleet *f = h->w.fleet;
	memset(w, 0, sizeof *w);
	w->secs = (double)(now - h->opened_at) / 1e6;
	w->serving = f->in_service - f->draining;
	w->pending = f->pending;
	w->cpu_init = cpu_initializing(h, now);
	double arrivals = h->w.arrivals(h->w.ctx) - h->arrivals_at;
	w->rps = w->secs > 0 ? arrivals / w->secs : 0;
	if (now == 0 && h->w.rate_now) /* the load the run starts in */
		w->rps = h->w.rate_now(h->w.ctx);
	double service_s = s->has_service ? tt_drawn_mean_us(&s->service) / 1e6
	                                  : 0;
	double slots = (double)s->concurrency * w->serving;
	if (h->w.server) {
		double busy, in_system;
		tt_server_totals(h->w.server, &busy, &in_system);
		double span = (double)(now - h->opened_at);
		w->in_flight = span > 0 ? (in_system - h->in_system_at) / span : 0;
		w->busy = span > 0 && slots > 0
		                  ? (busy - h->busy_at) / span / slots
		                  : 0;
		w->queue = (double)(h->w.server->in_system -
		                    h->w.server->busy_total);
	} else {
		w->in_flight = w->rps * service_s;
		w->busy = slots > 0 ? w->in_flight / slots : 0;
	}
	if (w->busy > 1)
		w->busy = 1;
}

/* The whole of a counter's source: all the pods together. */
static double whole(tt_hpa_metric_source src, const window *w)
{
	return src == TT_HPA_FROM_RPS          ? w->rps
	       : src == TT_HPA_FROM_CONCURRENT ? w->in_flight
	                                       : w->queue;
}

static tt_hpa_proposal propose(tt_hpa_run *h, size_t i, const window *w,
                               int current, tt_time_us now, double *shown)
{
	const tt_hpa_metric *m = &h->c->metrics[i];
	tt_hpa_metric_source src = h->src[i];
	if (src == TT_HPA_FROM_MODEL) {
		/* each pod reports the model's value at its share of the load */
		const tt_metric_model *mm = h->models[i];
		double per = w->serving > 0 ? w->rps / w->serving : 0;
		double v = tt_metric_model_value(mm, per, now, w->serving);
		*shown = v;
		if (m->type == TT_HPA_PODS || m->type == TT_HPA_RESOURCE) {
			tt_hpa_pods p = {w->serving, v * w->serving, w->pending,
			                 0};
			return tt_hpa_pods_replicas(m->target_type, m->target,
			                            &p, current, h->tol);
		}
		*shown = v * w->serving;
		return tt_hpa_value_replicas(m->target_type, m->target,
		                             v * w->serving, w->serving,
		                             current, h->tol);
	}
	if (src == TT_HPA_FROM_CPU) {
		int ready = w->serving - w->cpu_init;
		double pct = m->target_type == TT_HPA_UTILIZATION
		                     ? 100.0 * w->busy
		                     : w->busy * h->w.s->vcpus;
		tt_hpa_pods p = {ready, pct * ready, w->pending + w->cpu_init,
		                 0};
		*shown = pct;
		return tt_hpa_pods_replicas(m->target_type, m->target, &p,
		                            current, h->tol);
	}
	double all = whole(src, w);
	*shown = m->type == TT_HPA_PODS && w->serving > 0 ? all / w->serving
	                                                  : all;
	if (m->type == TT_HPA_PODS) {
		tt_hpa_pods p = {w->serving, all, w->pending, 0};
		return tt_hpa_pods_replicas(m->target_type, m->target, &p,
		                            current, h->tol);
	}
	return tt_hpa_value_replicas(m->target_type, m->target, all,
	                             w->serving, current, h->tol);
}

/* The HPA's sync at now. */
static tt_code hpa_sync(tt_hpa_run *h, tt_time_us now, const window *w)
{
	const tt_hpa_knobs *k = &h->w.s->hpa_knobs;
	int current = h->w.replicas(h->w.ctx);
	bool measured = now > 0 || h->w.rate_now;
	for (size_t i = 0; i < h->c->n_metrics; i++) {
		double shown = 0;
		/* request mode has measured nothing at time 0 */
		h->props[i] = measured ? propose(h, i, w, current, now, &shown)
		                       : (tt_hpa_proposal){false, 0, 0};
		if (i == 0) {
			h->has_value = measured;
			h->value = shown;
		}
	}
	if (h->props[0].ok && h->props[0].ratio > 1.0)
		h->over_target_us += k->sync_period_us;
	tt_hpa_result r;
	tt_code rc = tt_hpa_sync(&h->st, h->c, k, now, current, h->props, &r);
	if (rc)
		return rc == TT_ENOMEM ? tt_diag_nomem(h->w.d, (tt_loc){0}) : rc;
	if (r.desired != current)
		return h->w.scale(h->w.ctx, current, r.desired, false);
	return TT_OK;
}

/*
 * A KEDA trigger's value now: its metric in all (what a scaler reports),
 * or for cpu and memory the pods' own, which no pod means none.
 */
static double trigger_value(const tt_hpa_run *h, size_t i, const window *w,
                            tt_time_us now)
{
	const tt_hpa_metric *m = &h->c->metrics[i];
	switch (h->src[i]) {
	case TT_HPA_FROM_CPU:
		return 100.0 * w->busy;
	case TT_HPA_FROM_MODEL: {
		double per = w->serving > 0 ? w->rps / w->serving : 0;
		double v = tt_metric_model_value(h->models[i], per, now,
		                                 w->serving);
		return m->type == TT_HPA_RESOURCE ? v : v * w->serving;
	}
	default:
		return whole(h->src[i], w);
	}
}

/*
 * KEDA's poll at now (SPEC.md 15.3): a trigger above its activation
 * threshold (strictly) makes the target active, and takes it from 0 to
 * max(minReplicaCount, 1); with none active, a target at minReplicaCount
 * 0 goes to 0 once the last active poll is more than cooldownPeriod ago.
 * Runs before an HPA sync due at the same instant.
 */
static tt_code keda_poll(tt_hpa_run *h, tt_time_us now, const window *w)
{
	const tt_keda_config *kc = h->w.s->keda;
	bool active = kc->min_replicas >= 1; /* [doc] always active */
	for (size_t i = 0; i < kc->n_triggers && !active; i++)
		active = trigger_value(h, i, w, now) > kc->triggers[i].activation;
	int current = h->w.replicas(h->w.ctx);
	if (active) {
		h->last_active_us = now;
		int to = kc->min_replicas > 1 ? kc->min_replicas : 1;
		return current == 0 ? h->w.scale(h->w.ctx, 0, to, true) : TT_OK;
	}
	if (current > 0 && kc->min_replicas == 0 &&
	    h->last_active_us + kc->cooldown_us < now)
		return h->w.scale(h->w.ctx, current, 0, true);
	return TT_OK;
}

/*
 * The controller's clock: one chain over the syncs and (KEDA) the polls;
 * at an instant with both, the poll first.
 */
static tt_code on_tick(tt_engine *e, void *ctx, uint64_t arg)
{
	tt_hpa_run *h = ctx;
	tt_time_us now = tt_engine_now(e);
	const tt_hpa_knobs *k = &h->w.s->hpa_knobs;
	const tt_keda_config *kc = h->w.s->keda;
	tt_code rc = TT_OK;
	(void)arg;
	window w;
	measure(h, now, &w);
	if (kc && now == h->next_poll_us) {
		h->next_poll_us += kc->polling_us;
		if ((rc = keda_poll(h, now, &w)))
			return rc;
	}
	if (now == h->next_sync_us) {
		if ((rc = hpa_sync(h, now, &w)))
			return rc;
		/* the next sync, and the counters at its window's start */
		h->next_sync_us += k->sync_period_us;
		if (h->window_us == k->sync_period_us)
			open_window(h);
		else if ((rc = tt_engine_at(e, h->next_sync_us - h->window_us,
		                            on_window, h, 0)))
			return rc;
	}
	tt_time_us next = h->next_sync_us;
	if (kc && h->next_poll_us < next)
		next = h->next_poll_us;
	return tt_engine_at(e, next, on_tick, h, 0);
}
