/*
 * fleet.c - instances through their lives: pending -> in service ->
 * draining -> gone.
 *
 * Instances live in a slot array; engine events carry (slot, launch
 * number) so an event for a pending instance that was cancelled, whose slot
 * may since hold another instance, is recognised and ignored.
 */
#include "fleet.h"
#include "pool.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>


/* A free slot index (pool.h), n_inst past the highest slot in use. */
static tt_code grab_slot(tt_fleet *f, uint32_t *out)
{
	size_t slot;
	if (tt_pool_grab((void **)&f->inst, &f->cap_inst, sizeof *f->inst,
	                 &slot) ||
	    slot >= UINT32_MAX)
		return TT_ENOMEM;
	*out = (uint32_t)slot;
	if (*out >= f->n_inst)
		f->n_inst = *out + 1;
	return TT_OK;
}

tt_code tt_fleet_init(tt_fleet *f, tt_engine *e, const tt_scenario *s,
                      int initial, tt_activity_fn on_done, void *ctx,
                      const tt_fleet_hooks *hooks)
{
	memset(f, 0, sizeof *f);
	f->engine = e;
	f->s = s;
	f->on_done = on_done;
	f->ctx = ctx;
	f->hooks = hooks;
	/* A delay is never linear, so neither sampler needs attributes and
	 * neither can fail. */
	assert(s->provisioning.kind != TT_DRAWN_LINEAR &&
	       s->deprovisioning.kind != TT_DRAWN_LINEAR &&
	       s->hpa_knobs.pod_startup.kind != TT_DRAWN_LINEAR);
	/* an HPA's pods start in hpa.pod_startup when it is given */
	const tt_drawn_duration *start =
	        s->controller != TT_CONTROLLER_AWS && s->hpa_knobs.has_pod_startup
	                ? &s->hpa_knobs.pod_startup
	                : &s->provisioning;
	tt_drawn_sampler_init(&f->provisioning, start, s->seed,
	                      TT_RNG_PROVISIONING, NULL, 0, NULL);
	tt_drawn_sampler_init(&f->deprovisioning, &s->deprovisioning, s->seed,
	                      TT_RNG_DEPROVISIONING, NULL, 0, NULL);
	f->in_service = initial;
	f->peak_in_service = initial;
	f->last_us = tt_engine_now(e);
	f->ic = s->ic.on;
	f->drain_newest = s->controller != TT_CONTROLLER_AWS;
	if (f->ic && tt_hosts_init(&f->hosts, e, s, &f->provisioning, initial))
		return TT_ENOMEM;
	/* Initial instances need slots so scale-in can drain them. */
	for (int i = 0; i < initial; i++) {
		uint32_t slot;
		if (grab_slot(f, &slot)) {
			tt_fleet_release(f);
			return TT_ENOMEM;
		}
		f->inst[slot].state = TT_FLEET_IN_SERVICE;
		f->inst[slot].activity = 0;
		f->inst[slot].launch = f->launches++;
		f->inst[slot].launched_us = TT_FLEET_LONG_AGO;
		f->inst[slot].up_us = TT_FLEET_LONG_AGO;
		f->inst[slot].host =
		        f->ic ? tt_hosts_place_initial(&f->hosts) : TT_HOST_NONE;
		if (hooks) {
			tt_code rc = hooks->up(hooks->ctx, slot);
			if (rc) {
				tt_fleet_release(f);
				return rc;
			}
		}
	}
	return TT_OK;
}

void tt_fleet_release(tt_fleet *f)
{
	if (!f)
		return;
	free(f->inst);
	free(f->waiting);
	free(f->tags);
	tt_hosts_release(&f->hosts);
	memset(f, 0, sizeof *f);
}

void tt_fleet_advance(tt_fleet *f, tt_time_us now)
{
	tt_time_us dt = now - f->last_us;
	if (dt <= 0)
		return;
	if (f->ic)
		tt_hosts_advance(&f->hosts, now);
	if (f->in_service == 0)
		f->empty_us += dt;
	f->active_us += (double)f->in_service * (double)dt;
	if (f->in_service > 0) {
		f->inv_active_us += (double)dt / f->in_service;
		f->served_us += dt;
		if (f->active_hi == 0 || f->in_service < f->active_lo)
			f->active_lo = f->in_service;
		if (f->in_service > f->active_hi)
			f->active_hi = f->in_service;
	}
	f->billed_us += (double)(f->in_service + f->pending) * (double)dt;
	f->in_service_us += (double)f->in_service * (double)dt;
	f->last_us = now;
}

int tt_fleet_instances_in_service(const tt_fleet *f)
{
	return f->ic ? f->hosts.up : f->in_service;
}

int tt_fleet_instances_pending(const tt_fleet *f)
{
	return f->ic ? f->hosts.pending : f->pending;
}

double tt_fleet_billed_us(const tt_fleet *f)
{
	return f->ic ? f->hosts.billed_us : f->billed_us;
}

double tt_fleet_instances_us(const tt_fleet *f)
{
	return f->ic ? f->hosts.up_us : f->in_service_us;
}

int tt_fleet_peak_instances(const tt_fleet *f)
{
	return f->ic ? f->hosts.peak_up : f->peak_in_service;
}

void tt_fleet_take_period(tt_fleet *f, tt_period_load *load)
{
	load->active_us = f->active_us;
	load->inv_active_us = f->inv_active_us;
	load->served_us = f->served_us;
	load->active_lo = f->active_lo;
	load->active_hi = f->active_hi;
	f->active_lo = 0;
	f->active_hi = 0;
	f->active_us = 0;
	f->inv_active_us = 0;
	f->served_us = 0;
}

static tt_code grab_activity(tt_fleet *f, uint32_t *out)
{
	/* Slot 0 is never used, so an activity id is never 0. */
	for (uint32_t i = 1; i < f->cap_act; i++) {
		if (f->waiting[i] == 0) {
			*out = i;
			return TT_OK;
		}
	}
	uint32_t old = f->cap_act;
	uint32_t cap = old ? old * 2 : 8;
	uint32_t *n = realloc(f->waiting, cap * sizeof *n);
	if (!n)
		return TT_ENOMEM;
	memset(n + old, 0, (cap - old) * sizeof *n);
	f->waiting = n;
	uint64_t *t = realloc(f->tags, cap * sizeof *t);
	if (!t)
		return TT_ENOMEM;
	f->tags = t;
	f->cap_act = cap;
	*out = old ? old : 1;
	return TT_OK;
}

/* One instance of activity `a` has settled; complete it when none wait. */
static tt_code settle(tt_fleet *f, uint32_t a)
{
	assert(a > 0 && a < f->cap_act && f->waiting[a] > 0);
	if (--f->waiting[a] > 0)
		return TT_OK;
	return f->on_done(f->ctx, f->tags[a]);
}

static inline uint64_t event_arg(const tt_fleet *f, uint32_t slot)
{
	return (uint64_t)slot | (f->inst[slot].launch << 32);
}

static tt_fleet_instance *event_instance(tt_fleet *f, uint64_t arg)
{
	uint32_t slot = (uint32_t)arg;
	if (slot >= f->n_inst)
		return NULL;
	tt_fleet_instance *in = &f->inst[slot];
	if ((in->launch & 0xffffffffu) != (arg >> 32))
		return NULL; /* the slot was reused: the event is stale */
	return in;
}

/* Pending instance `slot` comes into service now. */
static tt_code bring_up(tt_fleet *f, uint32_t slot)
{
	tt_fleet_instance *in = &f->inst[slot];
	tt_fleet_advance(f, tt_engine_now(f->engine));
	in->state = TT_FLEET_IN_SERVICE;
	in->up_us = tt_engine_now(f->engine);
	f->pending--;
	if (f->in_service++ == 0) {
		f->wake_ups++;
		f->woke_us = tt_engine_now(f->engine);
	}
	if (f->in_service > f->peak_in_service)
		f->peak_in_service = f->in_service;
	if (f->hooks) {
		tt_code rc = f->hooks->up(f->hooks->ctx, slot);
		if (rc)
			return rc;
	}
	return settle(f, in->activity);
}

static tt_code on_ready(tt_engine *e, void *ctx, uint64_t arg)
{
	tt_fleet *f = ctx;
	tt_fleet_instance *in = event_instance(f, arg);
	(void)e;
	if (!in || in->state != TT_FLEET_PENDING)
		return TT_OK; /* cancelled by a scale-in while pending */
	return bring_up(f, (uint32_t)arg);
}

/* A draining instance goes: its delay is over and it holds nothing. */
static tt_code remove_instance(tt_fleet *f, tt_fleet_instance *in)
{
	tt_fleet_advance(f, tt_engine_now(f->engine));
	in->state = TT_FLEET_FREE;
	f->draining--;
	if (--f->in_service == 0)
		f->emptied_us = tt_engine_now(f->engine);
	if (f->ic) {
		tt_code rc = tt_hosts_unplace(&f->hosts, in->host, true);
		if (rc)
			return rc;
	}
	return settle(f, in->activity);
}

static tt_code on_removed(tt_engine *e, void *ctx, uint64_t arg)
{
	tt_fleet *f = ctx;
	tt_fleet_instance *in = event_instance(f, arg);
	(void)e;
	assert(in && in->state == TT_FLEET_DRAINING);
	in->delay_over = true;
	if (!in->idle)
		return TT_OK; /* request mode: it still serves; see idle */
	return remove_instance(f, in);
}

tt_code tt_fleet_idle(tt_fleet *f, uint32_t instance)
{
	tt_fleet_instance *in = &f->inst[instance];
	assert(in->state == TT_FLEET_DRAINING);
	in->idle = true;
	if (!in->delay_over)
		return TT_OK;
	return remove_instance(f, in);
}

static tt_code launch(tt_fleet *f, uint32_t activity)
{
	uint32_t slot;
	tt_code rc = grab_slot(f, &slot);
	if (rc)
		return rc;
	tt_fleet_instance *in = &f->inst[slot];
	in->state = TT_FLEET_PENDING;
	in->activity = activity;
	in->launch = f->launches++;
	in->launched_us = tt_engine_now(f->engine);
	in->host = TT_HOST_NONE;
	f->pending++;
	tt_time_us delay;
	if (f->ic) {
		tt_time_us ready = 0;
		rc = tt_hosts_place(&f->hosts, &in->host, &ready);
		if (rc)
			return rc;
		in->activity = 0; /* fits nowhere: waits outside any activity */
		if (in->host == TT_HOST_NONE)
			return TT_OK;
		in->activity = activity;
		delay = ready - tt_engine_now(f->engine);
	} else {
		delay = tt_drawn_sample(&f->provisioning, NULL);
	}
	f->waiting[activity]++;
	/* SPEC 11: a 0 s delay completes at the instant of the decision, so
	 * the timeline row of that evaluation already shows it. */
	if (delay == 0)
		return bring_up(f, slot);
	return tt_engine_at(f->engine, tt_engine_now(f->engine) + delay,
	                    on_ready, f, event_arg(f, slot));
}

/*
 * Whether pending unit a is cancelled before b: the newest first, and for
 * an inference component a copy that fits nowhere before any other.
 */
static bool cancel_before(const tt_fleet_instance *a,
                          const tt_fleet_instance *b)
{
	bool ua = a->activity == 0, ub = b->activity == 0;
	if (ua != ub)
		return ua;
	return a->launch > b->launch;
}

/* Cancel a pending unit; its activity loses one to wait for. */
static tt_code cancel_pending(tt_fleet *f)
{
	uint32_t best = UINT32_MAX;
	for (uint32_t i = 0; i < f->n_inst; i++) {
		if (f->inst[i].state != TT_FLEET_PENDING)
			continue;
		if (best == UINT32_MAX ||
		    cancel_before(&f->inst[i], &f->inst[best]))
			best = i;
	}
	assert(best != UINT32_MAX);
	tt_fleet_instance *in = &f->inst[best];
	in->state = TT_FLEET_FREE;
	f->pending--;
	if (in->activity == 0)
		return TT_OK; /* a copy that fit nowhere */
	if (f->ic) {
		tt_code rc = tt_hosts_unplace(&f->hosts, in->host, false);
		if (rc)
			return rc;
	}
	return settle(f, in->activity);
}

/*
 * Whether in-service unit a drains before b: the oldest first (pods: the
 * newest); for an inference component, first the copies of the instance
 * the packing empties first (tt_hosts_drain_rank).
 */
static bool drain_before(const tt_fleet *f, const tt_fleet_instance *a,
                         const tt_fleet_instance *b)
{
	if (f->drain_newest)
		return a->launch > b->launch;
	if (f->ic) {
		int ra = tt_hosts_drain_rank(&f->hosts, a->host);
		int rb = tt_hosts_drain_rank(&f->hosts, b->host);
		if (ra != rb)
			return ra < rb;
	}
	return a->launch < b->launch;
}

/* Start draining one unit in service. */
static tt_code drain_one(tt_fleet *f, uint32_t activity)
{
	uint32_t best = UINT32_MAX;
	for (uint32_t i = 0; i < f->n_inst; i++) {
		if (f->inst[i].state != TT_FLEET_IN_SERVICE)
			continue;
		if (best == UINT32_MAX ||
		    drain_before(f, &f->inst[i], &f->inst[best]))
			best = i;
	}
	assert(best != UINT32_MAX);
	tt_fleet_instance *in = &f->inst[best];
	in->state = TT_FLEET_DRAINING;
	in->activity = activity;
	in->delay_over = false;
	if (f->ic)
		tt_hosts_drain_start(&f->hosts, in->host);
	/* fluid mode: nothing to finish; request mode: ask the server */
	in->idle = !f->hooks || f->hooks->drain(f->hooks->ctx, best);
	f->draining++;
	f->waiting[activity]++;
	tt_time_us delay = tt_drawn_sample(&f->deprovisioning, NULL);
	if (delay == 0) { /* SPEC 11, as in launch */
		in->delay_over = true;
		return in->idle ? remove_instance(f, in) : TT_OK;
	}
	return tt_engine_at(f->engine, tt_engine_now(f->engine) + delay,
	                    on_removed, f, event_arg(f, best));
}

tt_code tt_fleet_scale(tt_fleet *f, int from, int to, uint64_t tag)
{
	tt_fleet_advance(f, tt_engine_now(f->engine));
	uint32_t a;
	tt_code rc = grab_activity(f, &a);
	if (rc)
		return rc;
	f->tags[a] = tag;
	/*
	 * Hold the activity open while it is being set up, so cancelling a
	 * pending instance of an older activity cannot complete this one.
	 */
	f->waiting[a] = 1;
	for (int n = from; n < to && !rc; n++)
		rc = launch(f, a);
	for (int n = from; n > to && !rc; n--) {
		if (f->pending > 0)
			rc = cancel_pending(f);
		else
			rc = drain_one(f, a);
	}
	if (rc)
		return rc;
	return settle(f, a);
}
