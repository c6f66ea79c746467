/*
 * hosts.c - instances under an inference component's copies: pending ->
 * up -> released when empty.
 *
 * Instances live in a slot array; their events carry (slot, token) so an
 * event for an instance released since, whose slot may hold another, is
 * recognised: a ready event by its launch, a release event by its epoch
 * (a copy arriving on the instance bumps the epoch, cancelling it).
 */
#include "hosts.h"
#include "pool.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum { HOST_FREE, HOST_PENDING, HOST_UP };

static int instance_count(const tt_hosts *h)
{
	return h->pending + h->up;
}

static tt_code grab_slot(tt_hosts *h, uint32_t *out)
{
	size_t slot;
	if (tt_pool_grab((void **)&h->h, &h->cap, sizeof *h->h, &slot) ||
	    slot >= UINT32_MAX)
		return TT_ENOMEM;
	*out = (uint32_t)slot;
	if (*out >= h->n)
		h->n = *out + 1;
	return TT_OK;
}

/* A new slot in `state`, with fresh tokens. */
static tt_code new_host(tt_hosts *h, uint8_t state, uint32_t *out)
{
	tt_code rc = grab_slot(h, out);
	if (rc)
		return rc;
	tt_host *x = &h->h[*out];
	uint32_t epoch = x->epoch + 1; /* a reused slot's old events */
	memset(x, 0, sizeof *x);
	x->state = state;
	x->launch = ++h->launches;
	x->epoch = epoch;
	if (state == HOST_PENDING) {
		h->pending++;
	} else {
		h->up++;
		if (h->up > h->peak_up)
			h->peak_up = h->up;
	}
	return TT_OK;
}

static int ceil_div(int a, int b)
{
	return a / b + (a % b != 0);
}

tt_code tt_hosts_init(tt_hosts *h, tt_engine *e, const tt_scenario *s,
                      tt_drawn_sampler *provisioning, int copies)
{
	memset(h, 0, sizeof *h);
	h->engine = e;
	h->ic = &s->ic;
	h->provisioning = provisioning;
	assert(s->ic.copy_load.kind != TT_DRAWN_LINEAR);
	tt_drawn_sampler_init(&h->copy_load, &s->ic.copy_load, s->seed,
	                      TT_RNG_COPY_LOAD, NULL, 0, NULL);
	h->last_us = tt_engine_now(e);
	int n = ceil_div(copies, s->ic.copies_per_instance);
	if (n < s->ic.min_instances)
		n = s->ic.min_instances;
	for (int i = 0; i < n; i++) {
		uint32_t slot;
		if (new_host(h, HOST_UP, &slot)) {
			tt_hosts_release(h);
			return TT_ENOMEM;
		}
	}
	return TT_OK;
}

void tt_hosts_release(tt_hosts *h)
{
	if (!h)
		return;
	free(h->h);
	memset(h, 0, sizeof *h);
}

void tt_hosts_advance(tt_hosts *h, tt_time_us now)
{
	tt_time_us dt = now - h->last_us;
	if (dt <= 0)
		return;
	h->billed_us += (double)instance_count(h) * (double)dt;
	h->up_us += (double)h->up * (double)dt;
	h->last_us = now;
}

/*
 * The instance with room in `state` the packing prefers: the fullest
 * (fill) or the emptiest (spread), the first slot on a tie.
 */
static uint32_t best_with_room(const tt_hosts *h, uint8_t state)
{
	uint32_t best = TT_HOST_NONE;
	bool spread = h->ic->packing == TT_IC_PACKING_SPREAD;
	for (uint32_t i = 0; i < h->n; i++) {
		const tt_host *x = &h->h[i];
		if (x->state != state || x->copies >= h->ic->copies_per_instance)
			continue;
		if (best == TT_HOST_NONE ||
		    (spread ? x->copies < h->h[best].copies
		            : x->copies > h->h[best].copies))
			best = i;
	}
	return best;
}

uint32_t tt_hosts_place_initial(tt_hosts *h)
{
	uint32_t i = best_with_room(h, HOST_UP);
	assert(i != TT_HOST_NONE); /* tt_hosts_init made room */
	h->h[i].copies++;
	h->h[i].held++;
	return i;
}

static tt_code on_host_ready(tt_engine *e, void *ctx, uint64_t arg)
{
	tt_hosts *h = ctx;
	uint32_t i = (uint32_t)arg;
	tt_host *x = &h->h[i];
	if (x->state != HOST_PENDING || x->launch != (uint32_t)(arg >> 32))
		return TT_OK; /* released while pending */
	tt_hosts_advance(h, tt_engine_now(e));
	x->state = HOST_UP;
	h->pending--;
	h->up++;
	if (h->up > h->peak_up)
		h->peak_up = h->up;
	return TT_OK;
}

/* Launch an instance now; *out gets its slot. */
static tt_code launch(tt_hosts *h, uint32_t *out)
{
	tt_time_us now = tt_engine_now(h->engine);
	tt_time_us delay = tt_drawn_sample(h->provisioning, NULL);
	tt_hosts_advance(h, now);
	tt_code rc = new_host(h, delay == 0 ? HOST_UP : HOST_PENDING, out);
	if (rc || delay == 0) /* SPEC 11: up at the decision's instant */
		return rc;
	tt_host *x = &h->h[*out];
	x->ready_us = now + delay;
	return tt_engine_at(h->engine, x->ready_us, on_host_ready, h,
	                    (uint64_t)*out | (uint64_t)x->launch << 32);
}

tt_code tt_hosts_place(tt_hosts *h, uint32_t *host, tt_time_us *ready_us)
{
	tt_time_us now = tt_engine_now(h->engine);
	uint32_t i = best_with_room(h, HOST_UP);
	if (i == TT_HOST_NONE)
		i = best_with_room(h, HOST_PENDING);
	if (i == TT_HOST_NONE && instance_count(h) < h->ic->max_instances) {
		tt_code rc = launch(h, &i);
		if (rc)
			return rc;
	}
	*host = i;
	if (i == TT_HOST_NONE)
		return TT_OK;
	tt_host *x = &h->h[i];
	x->copies++;
	x->held++;
	x->epoch++; /* a release waiting for this instance is off */
	tt_time_us from = x->state == HOST_UP ? now : x->ready_us;
	*ready_us = from + tt_drawn_sample(&h->copy_load, NULL);
	return TT_OK;
}

int tt_hosts_drain_rank(const tt_hosts *h, uint32_t host)
{
	int held = h->h[host].held;
	return h->ic->packing == TT_IC_PACKING_SPREAD ? -held : held;
}

void tt_hosts_drain_start(tt_hosts *h, uint32_t host)
{
	assert(h->h[host].held > 0);
	h->h[host].held--;
}

/* Release instance i now if it is still empty and above the minimum. */
static void release_now(tt_hosts *h, uint32_t i)
{
	tt_host *x = &h->h[i];
	if (x->copies > 0 || instance_count(h) <= h->ic->min_instances)
		return; /* kept: a minimum instance waits for copies */
	tt_hosts_advance(h, tt_engine_now(h->engine));
	if (x->state == HOST_PENDING)
		h->pending--;
	else
		h->up--;
	x->state = HOST_FREE;
	x->epoch++;
}

static tt_code on_release(tt_engine *e, void *ctx, uint64_t arg)
{
	tt_hosts *h = ctx;
	uint32_t i = (uint32_t)arg;
	(void)e;
	if (h->h[i].state == HOST_FREE || h->h[i].epoch != (uint32_t)(arg >> 32))
		return TT_OK; /* a copy came first */
	release_now(h, i);
	return TT_OK;
}

tt_code tt_hosts_unplace(tt_hosts *h, uint32_t host, bool draining)
{
	tt_host *x = &h->h[host];
	assert(x->copies > 0);
	x->copies--;
	if (!draining)
		x->held--;
	if (x->copies > 0)
		return TT_OK;
	x->epoch++;
	if (h->ic->instance_release_us == 0) {
		release_now(h, host);
		return TT_OK;
	}
	return tt_engine_at(h->engine,
	                    tt_engine_now(h->engine) + h->ic->instance_release_us,
	                    on_release, h, (uint64_t)host | (uint64_t)x->epoch << 32);
}
