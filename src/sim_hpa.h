/*
 * sim_hpa.h - what a Kubernetes HPA controller adds to a run (sim.c;
 * SPEC.md 15).
 *
 * The HPA's sync loop is its own chain of engine events, every
 * hpa.sync_period from t 0, beside the run's period clock; a sync due at
 * a period's end runs before that period's row is written (SPEC.md 16.1).
 * With KEDA the chain also holds its polls, every pollingInterval from t
 * 0, each before a sync due at the same instant (SPEC.md 15.3).
 * At each sync the pods' metrics are measured over hpa.metric_window
 * ending then, each metric proposes (hpa.h's replica calculator), the
 * sync decides, and the run applies the decision as an activity of the
 * fleet, whose units are the pods.  Private to the library.
 */
#ifndef TTSIM_SIM_HPA_H
#define TTSIM_SIM_HPA_H

#include "engine.h"
#include "fleet.h"
#include "hpa.h"
#include "scenario_hpa.h"
#include "server.h"
#include "ttsim/scenario.h"

/* What the run lends the HPA. */
typedef struct tt_hpa_wiring {
	const tt_scenario *s;
	tt_engine *engine;
	tt_fleet *fleet;
	tt_server *server; /* request mode; NULL in fluid mode */
	tt_diag *d;
	void *ctx;
	/* Invocations arrived in [0, now). */
	double (*arrivals)(void *ctx);
	/* Fluid mode: the arrivals per second of the period now running,
	 * the load before time 0 at the first sync; NULL in request mode,
	 * where nothing is measured before time 0. */
	double (*rate_now)(void *ctx);
	/* The spec replicas, and the run's application of a new count. */
	int (*replicas)(void *ctx);
	tt_code (*scale)(void *ctx, int from, int to, bool keda);
} tt_hpa_wiring;

typedef struct tt_hpa_run {
	tt_hpa_wiring w;
	const tt_hpa_config *c;
	tt_hpa_tolerance tol;
	tt_hpa_state st;
	tt_hpa_metric_source *src;      /* one per metric */
	const tt_metric_model **models; /* one per metric (TT_HPA_FROM_MODEL) */
	tt_hpa_proposal *props; /* one per metric */
	/* the window's start: the counters then */
	tt_time_us window_us;
	double arrivals_at;
	double busy_at;
	double in_system_at;
	tt_time_us opened_at;
	tt_time_us next_sync_us;
	tt_time_us next_poll_us;   /* KEDA */
	tt_time_us last_active_us; /* KEDA: the last poll a trigger was active */
	/* the first metric's value at the last sync (per pod, or the whole
	 * for Object and External), for the timeline's metric column */
	bool has_value;
	double value;
	/* the sync periods whose first metric was above its target, as
	 * target tracking's minutes over target */
	tt_time_us over_target_us;
} tt_hpa_run;

/*
 * Resolve the manifest's metrics as the loader did (tt_sv_hpa_source;
 * the loader has refused what the simulation cannot measure) and queue
 * the first sync at t 0.
 */
tt_code tt_hpa_run_init(tt_hpa_run *h, const tt_hpa_wiring *w);
void tt_hpa_run_release(tt_hpa_run *h);

#endif
