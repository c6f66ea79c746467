/*
 * fleet.h - the scaled resource: instances pending, in service, draining.
 *
 * The fleet carries out capacity changes on the engine's clock.  A launched
 * instance is pending for its provisioning delay, then in service.  On
 * scale-in, pending instances are cancelled first (newest first), then
 * in-service instances drain for the deprovisioning delay, still counting
 * as in service, and go.  Each change belongs to an activity that completes
 * when its last instance has arrived or gone; the fleet then calls back.
 *
 * The fleet also integrates its own counts over time, exactly (they are
 * piecewise constant), for per-period metrics and for billing.
 *
 * For an inference component (SPEC.md 13) the units are copies: a copy's
 * "provisioning" is the wait for its instance, if one must be launched,
 * plus its load time, and the instances under the copies are hosts.h's,
 * which also bill.  A copy that fits on no instance stays pending outside
 * any activity; scale-in cancels such copies first.
 */
#ifndef TTSIM_FLEET_H
#define TTSIM_FLEET_H

#include <stdint.h>

#include "engine.h"
#include "hosts.h"
#include "metrics.h"
#include "ttsim/drawn_duration.h"
#include "ttsim/scenario.h"

/* Called when an activity ends, with the tag given to tt_fleet_scale. */
typedef tt_code (*tt_activity_fn)(void *ctx, uint64_t tag);

/*
 * Request mode's view of instances (NULL in fluid mode).  `up` is called
 * when an instance comes into service (and for the initial ones),
 * `drain` when it starts draining: it returns true when the instance
 * holds no request, otherwise the fleet keeps it until tt_fleet_idle.
 */
typedef struct tt_fleet_hooks {
	void *ctx;
	tt_code (*up)(void *ctx, uint32_t instance);
	bool (*drain)(void *ctx, uint32_t instance);
} tt_fleet_hooks;

/* A unit's states, in order. */
enum {
	TT_FLEET_FREE, /* the slot holds no unit */
	TT_FLEET_PENDING,
	TT_FLEET_IN_SERVICE,
	TT_FLEET_DRAINING
};

/* A unit's record (a pool.h record: its state first, 0 when free). */
typedef struct tt_fleet_instance {
	uint8_t state;     /* free, pending, in service, draining */
	bool delay_over;   /* draining: the deprovisioning delay has passed */
	bool idle;         /* draining: it holds no request any more */
	uint32_t activity; /* the activity waiting for this one */
	uint64_t launch;   /* launch order, to cancel the newest first */
	uint32_t host;     /* inference component: its instance (hosts.h) */
	tt_time_us launched_us; /* the initial ones: long before time 0 */
	tt_time_us up_us;       /* when it came into service */
} tt_fleet_instance;

typedef struct tt_fleet {
	tt_engine *engine;
	const tt_scenario *s;
	/* The scenario's delays, each on its own stream (TT_RNG_PROVISIONING,
	 * TT_RNG_DEPROVISIONING), one draw per instance launched or drained. */
	tt_drawn_sampler provisioning;
	tt_drawn_sampler deprovisioning;
	tt_activity_fn on_done;
	void *ctx;
	const tt_fleet_hooks *hooks;

	tt_fleet_instance *inst;
	uint32_t n_inst; /* past the highest slot ever used */
	size_t cap_inst;
	uint64_t launches;

	uint32_t *waiting; /* per activity slot: instances still to settle */
	uint64_t *tags;    /* per activity slot: the caller's tag */
	uint32_t cap_act;

	int pending;
	int in_service; /* includes draining */
	int draining;
	int peak_in_service;

	/* Integrals since the last tt_fleet_take_period. */
	tt_time_us last_us;
	double active_us;
	double inv_active_us;
	tt_time_us served_us;
	int active_lo;
	int active_hi;
	/* Whole-run integrals. */
	double billed_us;     /* (in service + pending) dt */
	double in_service_us; /* in service dt */
	tt_time_us empty_us;  /* time with nothing in service */
	int wake_ups;         /* times in service went from 0 to 1 */
	tt_time_us woke_us;    /* the last time it did */
	tt_time_us emptied_us; /* the last time it went to 0 */

	/* Kubernetes pods (an HPA): scale-in takes the newest first, as a
	 * ReplicaSet does, not the oldest. */
	bool drain_newest;
	/* An inference component's instances (ic false: the units are
	 * instances themselves). */
	bool ic;
	tt_hosts hosts;
} tt_fleet;

/*
 * Start with `initial` instances in service at time 0.  The fleet borrows
 * the engine and the scenario.  The scenario's delays are never linear
 * (the loader refuses it: an instance has no request attributes).
 */
tt_code tt_fleet_init(tt_fleet *f, tt_engine *e, const tt_scenario *s,
                      int initial, tt_activity_fn on_done, void *ctx,
                      const tt_fleet_hooks *hooks);
void tt_fleet_release(tt_fleet *f);

/*
 * Move the desired capacity from `from` to `to` (launch or remove
 * instances) as one activity; its completion callback carries `tag`.  An
 * activity with nothing to wait for (only pending instances cancelled)
 * completes before this returns.
 */
tt_code tt_fleet_scale(tt_fleet *f, int from, int to, uint64_t tag);

/*
 * A draining instance has finished its last request (request mode): it
 * goes as soon as its deprovisioning delay is over too.
 */
tt_code tt_fleet_idle(tt_fleet *f, uint32_t instance);

/* Bring the integrals up to now. */
void tt_fleet_advance(tt_fleet *f, tt_time_us now);

/* Instances in service and pending: the units themselves, or for an
 * inference component the hosts under the copies. */
int tt_fleet_instances_in_service(const tt_fleet *f);
int tt_fleet_instances_pending(const tt_fleet *f);

/* When units launched before time 0 (the initial ones) launched. */
#define TT_FLEET_LONG_AGO (-((tt_time_us)1 << 60))

/* Instance-microseconds billed (in service and pending) and in service
 * so far (after tt_fleet_advance), and the most instances in service. */
double tt_fleet_billed_us(const tt_fleet *f);
double tt_fleet_instances_us(const tt_fleet *f);
int tt_fleet_peak_instances(const tt_fleet *f);

/* The period's integrals (after tt_fleet_advance), then reset them. */
void tt_fleet_take_period(tt_fleet *f, tt_period_load *load);

#endif
