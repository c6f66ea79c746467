/*
 * server.c - request-mode instances: slots, queues, routing, completions.
 *
 * A request in a slot has a completion event on the engine whose argument
 * names the instance and the slot ((instance << 20) | slot), so finishing
 * it needs no search.  Queues are rings that grow by doubling up to
 * max_queue, so memory follows the requests in flight, not the trace.
 */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#define SLOT_BITS 20

tt_code tt_server_init(tt_server *sv, tt_engine *e, const tt_server_config *cfg,
                       uint64_t seed, tt_server_idle_fn on_idle, void *ctx,
                       tt_diag *d)
{
	memset(sv, 0, sizeof *sv);
	sv->cfg = *cfg;
	sv->engine = e;
	sv->on_idle = on_idle;
	sv->ctx = ctx;
	sv->d = d;
	sv->last_us = tt_engine_now(e);
	tt_rng_seed(&sv->rng, seed, TT_RNG_ROUTING);
	if (cfg->concurrency < 1 || cfg->concurrency >= (1 << SLOT_BITS))
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "'concurrency' must be between 1 and %d",
		                   (1 << SLOT_BITS) - 1);
	if (cfg->max_queue < 0 || cfg->max_queue > TT_SERVER_QUEUE_MAX)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "'max_queue' must be between 0 and %d",
		                   TT_SERVER_QUEUE_MAX);
	if (tt_histogram_init(&sv->latency_period) ||
	    tt_histogram_init(&sv->latency_total)) {
		tt_server_release(sv);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	return TT_OK;
}

void tt_server_release(tt_server *sv)
{
	if (!sv)
		return;
	for (uint32_t i = 0; i < sv->n_inst; i++) {
		free(sv->inst[i].slots);
		free(sv->inst[i].free_slots);
		free(sv->inst[i].queue);
	}
	free(sv->inst);
	free(sv->accepting);
	free(sv->held);
	tt_histogram_release(&sv->latency_period);
	tt_histogram_release(&sv->latency_total);
	memset(sv, 0, sizeof *sv);
}

/* Integrate busy slots up to now, before the count changes. */
static void account(tt_server *sv)
{
	tt_time_us now = tt_engine_now(sv->engine);
	double busy = (double)sv->busy_total * (double)(now - sv->last_us);
	sv->period.busy_slot_us += busy;
	sv->busy_slot_total_us += busy;
	sv->in_system_us += (double)sv->in_system * (double)(now - sv->last_us);
	sv->last_us = now;
}

void tt_server_totals(tt_server *sv, double *busy_slot_us,
                      double *in_system_us)
{
	account(sv);
	*busy_slot_us = sv->busy_slot_total_us;
	*in_system_us = sv->in_system_us;
}

static tt_code release_held(tt_server *sv, uint32_t i);

tt_code tt_server_up(tt_server *sv, uint32_t i)
{
	if (i >= sv->n_inst) {
		uint32_t n = i + 1 > 2 * sv->n_inst ? i + 1 : 2 * sv->n_inst;
		tt_server_instance *p = realloc(sv->inst, n * sizeof *p);
		if (!p)
			return tt_diag_nomem(sv->d, (tt_loc){0});
		memset(p + sv->n_inst, 0, (n - sv->n_inst) * sizeof *p);
		sv->inst = p;
		uint32_t *a = realloc(sv->accepting, n * sizeof *a);
		if (!a)
			return tt_diag_nomem(sv->d, (tt_loc){0});
		sv->accepting = a;
		sv->n_inst = n;
	}
	tt_server_instance *in = &sv->inst[i];
	int c = sv->cfg.concurrency;
	if (!in->slots) {
		in->slots = calloc((size_t)c, sizeof *in->slots);
		in->free_slots = calloc((size_t)c, sizeof *in->free_slots);
		if (!in->slots || !in->free_slots)
			return tt_diag_nomem(sv->d, (tt_loc){0});
	}
	in->n_free = c;
	for (int k = 0; k < c; k++)
		in->free_slots[k] = c - 1 - k;
	in->busy = 0;
	in->q_len = in->q_head = 0;
	in->peak = 0;
	in->notify_idle = false;
	in->accepting = true;
	in->pos = sv->n_accepting;
	sv->accepting[sv->n_accepting++] = i;
	return sv->held_n ? release_held(sv, i) : TT_OK;
}

bool tt_server_drain(tt_server *sv, uint32_t i)
{
	tt_server_instance *in = &sv->inst[i];
	if (in->accepting) {
		/* swap-remove from the accepting list */
		uint32_t last = sv->accepting[--sv->n_accepting];
		sv->accepting[in->pos] = last;
		sv->inst[last].pos = in->pos;
		in->accepting = false;
	}
	if (in->busy == 0 && in->q_len == 0)
		return true;
	in->notify_idle = true;
	return false;
}

static tt_code on_complete(tt_engine *e, void *ctx, uint64_t arg);

/* Put `r` in a free slot of instance i and schedule its completion. */
static inline tt_code start(tt_server *sv, uint32_t i, tt_server_request r)
{
	tt_server_instance *in = &sv->inst[i];
	int k = in->free_slots[--in->n_free];
	r.start_us = tt_engine_now(sv->engine);
	in->slots[k] = r;
	in->busy++;
	sv->busy_total++;
	uint64_t arg = ((uint64_t)i << SLOT_BITS) | (uint64_t)k;
	/*
	 * A service time is at most TT_DRAWN_MAX_US, but a trace's
	 * times reach the end of what a time holds: past it the request
	 * completes "never" (TT_TIME_MAX, which the engine does not run)
	 * rather than at a sum that overflows.
	 */
	tt_time_us done =
	        r.start_us > 0 && r.service_us > TT_TIME_MAX - r.start_us
	                ? TT_TIME_MAX
	                : r.start_us + r.service_us;
	tt_code rc = tt_engine_at(sv->engine, done, on_complete, sv, arg);
	return rc == TT_ENOMEM ? tt_diag_nomem(sv->d, (tt_loc){0}) : rc;
}

static uint32_t route(tt_server *sv)
{
	if (!sv->cfg.least_outstanding)
		return sv->accepting[tt_rng_range(&sv->rng, 0,
		                                  sv->n_accepting - 1)];
	/* the fewest outstanding; ties: the first in the list */
	uint32_t best = sv->accepting[0];
	uint32_t best_n = (uint32_t)sv->inst[best].busy + sv->inst[best].q_len;
	for (uint32_t j = 1; j < sv->n_accepting && best_n > 0; j++) {
		uint32_t i = sv->accepting[j];
		uint32_t n = (uint32_t)sv->inst[i].busy + sv->inst[i].q_len;
		if (n < best_n) {
			best = i;
			best_n = n;
		}
	}
	return best;
}

static tt_code enqueue(tt_server *sv, tt_server_instance *in,
                       tt_server_request r)
{
	if (in->q_len == in->q_cap) {
		uint32_t cap = in->q_cap ? 2 * in->q_cap : 16;
		if (cap > (uint32_t)sv->cfg.max_queue)
			cap = (uint32_t)sv->cfg.max_queue;
		tt_server_request *q = malloc(cap * sizeof *q);
		if (!q)
			return tt_diag_nomem(sv->d, (tt_loc){0});
		/* unroll the ring into the new buffer */
		for (uint32_t j = 0; j < in->q_len; j++)
			q[j] = in->queue[(in->q_head + j) % in->q_cap];
		free(in->queue);
		in->queue = q;
		in->q_cap = cap;
		in->q_head = 0;
	}
	/* q_head and q_len are below q_cap (at most 10^9), so the sum
	 * wraps with one subtraction instead of a division */
	uint32_t tail = in->q_head + in->q_len;
	if (tail >= in->q_cap)
		tail -= in->q_cap;
	in->queue[tail] = r;
	in->q_len++;
	return TT_OK;
}

/* Hold `r` until an instance comes up (hold_at_zero). */
static tt_code hold(tt_server *sv, tt_server_request r)
{
	if (sv->held_head + sv->held_n == sv->held_cap) {
		/* slide to the front, or grow (nothing to slide in an empty
		 * or never allocated ring) */
		if (sv->held_n > 0 && sv->held_head > 0)
			memmove(sv->held, sv->held + sv->held_head,
			        sv->held_n * sizeof *sv->held);
		sv->held_head = 0;
		if (sv->held_n == sv->held_cap) {
			size_t cap = sv->held_cap ? 2 * sv->held_cap : 64;
			tt_server_request *h = realloc(sv->held, cap * sizeof *h);
			if (!h)
				return tt_diag_nomem(sv->d, (tt_loc){0});
			sv->held = h;
			sv->held_cap = cap;
		}
	}
	account(sv);
	sv->in_system++;
	sv->held[sv->held_head + sv->held_n++] = r;
	return TT_OK;
}

/*
 * Instance i came up: the held requests go to it, oldest first, as long
 * as it has a free slot or room in its queue; the rest wait for the next.
 */
static tt_code release_held(tt_server *sv, uint32_t i)
{
	tt_server_instance *in = &sv->inst[i];
	tt_code rc = TT_OK;
	while (sv->held_n > 0 && !rc) {
		tt_server_request r = sv->held[sv->held_head];
		if (in->n_free > 0)
			rc = start(sv, i, r);
		else if (in->q_len < (uint32_t)sv->cfg.max_queue)
			rc = enqueue(sv, in, r);
		else
			break;
		sv->held_head++;
		sv->held_n--;
		int outstanding = in->busy + (int)in->q_len;
		if (outstanding > in->peak)
			in->peak = outstanding;
	}
	return rc;
}

tt_code tt_server_arrive(tt_server *sv, tt_time_us service_us)
{
	if (sv->n_accepting == 0) {
		if (sv->cfg.hold_at_zero)
			return hold(sv, (tt_server_request){
			                        tt_engine_now(sv->engine),
			                        service_us, 0});
		sv->period.errors++;
		sv->period.no_capacity++;
		return TT_OK;
	}
	uint32_t i = route(sv);
	tt_server_instance *in = &sv->inst[i];
	tt_server_request r = {tt_engine_now(sv->engine), service_us, 0};
	tt_code rc = TT_OK;
	if (in->n_free > 0) {
		account(sv);
		sv->in_system++;
		rc = start(sv, i, r);
	} else if (in->q_len < (uint32_t)sv->cfg.max_queue) {
		account(sv);
		sv->in_system++;
		rc = enqueue(sv, in, r);
	} else {
		sv->period.errors++; /* every slot busy, the queue full */
		return TT_OK;
	}
	int outstanding = in->busy + (int)in->q_len;
	if (outstanding > in->peak)
		in->peak = outstanding;
	return rc;
}

static tt_code on_complete(tt_engine *e, void *ctx, uint64_t arg)
{
	tt_server *sv = ctx;
	uint32_t i = (uint32_t)(arg >> SLOT_BITS);
	int k = (int)(arg & ((1u << SLOT_BITS) - 1));
	tt_server_instance *in = &sv->inst[i];
	tt_server_request *r = &in->slots[k];
	tt_time_us now = tt_engine_now(e);
	uint64_t latency = (uint64_t)(now - r->arrival_us);
	tt_histogram_add(&sv->latency_period, latency);
	sv->period.completed++;
	sv->period.service_us += (double)r->service_us;
	if (sv->cfg.slo_us > 0 && latency > (uint64_t)sv->cfg.slo_us)
		sv->over_slo++;

	account(sv);
	sv->in_system--;
	in->busy--;
	sv->busy_total--;
	in->free_slots[in->n_free++] = k;
	if (in->q_len > 0) {
		tt_server_request next = in->queue[in->q_head];
		if (++in->q_head == in->q_cap)
			in->q_head = 0;
		in->q_len--;
		return start(sv, i, next);
	}
	if (in->busy == 0 && in->notify_idle) {
		in->notify_idle = false;
		return sv->on_idle(sv->ctx, i);
	}
	return TT_OK;
}

void tt_server_take_period(tt_server *sv, tt_server_period *out)
{
	account(sv);
	int peak = 0;
	for (uint32_t i = 0; i < sv->n_inst; i++) {
		tt_server_instance *in = &sv->inst[i];
		if (in->peak > peak)
			peak = in->peak;
		/* the next period starts from what is outstanding now */
		in->peak = in->busy + (int)in->q_len;
	}
	sv->period.peak_outstanding = peak;
	sv->period.p50_us = tt_histogram_quantile(&sv->latency_period, 0.5);
	sv->period.p99_us = tt_histogram_quantile(&sv->latency_period, 0.99);
	*out = sv->period;
	sv->completed_total += sv->period.completed;
	sv->errors_total += sv->period.errors;
	tt_histogram_merge(&sv->latency_total, &sv->latency_period);
	tt_histogram_reset(&sv->latency_period);
	memset(&sv->period, 0, sizeof sv->period);
}
