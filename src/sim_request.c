/*
 * sim_request.c - the arrivals stream and the fleet hooks of request mode.
 *
 * An arrival is handled in three steps: count it for the period (with
 * 1 / in-service, the share InvocationsPerInstance gives it), draw its
 * service time, and hand it to the server.  Then the next arrival is read
 * ahead, so the engine can compare its time with the heap's.
 */
#include "sim_request.h"

#include <string.h>

static tt_time_us stream_peek(void *ctx)
{
	return ((tt_reqmode *)ctx)->next_us;
}

/* Read the next arrival ahead (TT_TIME_MAX when none is left). */
static tt_code read_ahead(tt_reqmode *rm)
{
	bool end = false;
	tt_time_us t;
	tt_code rc = tt_workload_next_arrival(rm->wl, &t, &rm->next_attrs, &end,
	                                      rm->d);
	if (rc)
		return rc;
	rm->next_us = end ? TT_TIME_MAX : t;
	return TT_OK;
}

static tt_code stream_take(tt_engine *e, void *ctx)
{
	tt_reqmode *rm = ctx;
	int n = rm->fleet->in_service;
	rm->invocations++;
	rm->arrived++;
	if (n > 0) {
		/* The fleet changes size a few times an hour: keep 1 / n
		 * rather than divide for each request (the same double). */
		if (n != rm->ipi_n) {
			rm->ipi_n = n;
			rm->ipi_share = 1.0 / n;
		}
		rm->ipi_sum += rm->ipi_share;
	}
	tt_time_us service = tt_drawn_sample(&rm->service, rm->next_attrs);
	tt_code rc = TT_OK;
	if (rm->cold) {
		tt_time_us now = tt_engine_now(e);
		if (rm->server.n_accepting == 0)
			tt_cold_start_failed(rm->cold, now,
			                     rm->fleet->wake_ups);
		else
			rc = tt_cold_start_served(rm->cold, now);
	}
	if (rc || (rc = tt_server_arrive(&rm->server, service)))
		return rc;
	return read_ahead(rm);
}

static tt_code hook_up(void *ctx, uint32_t instance)
{
	return tt_server_up(&((tt_reqmode *)ctx)->server, instance);
}

static bool hook_drain(void *ctx, uint32_t instance)
{
	return tt_server_drain(&((tt_reqmode *)ctx)->server, instance);
}

static tt_code server_idle(void *ctx, uint32_t instance)
{
	return tt_fleet_idle(((tt_reqmode *)ctx)->fleet, instance);
}

tt_code tt_reqmode_init(tt_reqmode *rm, tt_engine *e, const tt_scenario *s,
                        tt_workload *wl, tt_diag *d)
{
	memset(rm, 0, sizeof *rm);
	rm->wl = wl;
	rm->d = d;
	if (!s->has_service)
		return tt_diag_set(d, TT_EINVAL, s->loc,
		                   "request mode needs 'instance.service_time' "
		                   "(how long a request takes)");
	const char *const *names;
	size_t n_attrs = tt_workload_attrs(wl, &names);
	tt_code rc = tt_drawn_sampler_init(&rm->service, &s->service, s->seed,
	                                   TT_RNG_SERVICE, names, n_attrs, d);
	if (rc)
		return rc;
	tt_server_config cfg = {
	        .concurrency = s->concurrency,
	        .max_queue = s->max_queue,
	        .least_outstanding =
	                s->routing == TT_ROUTING_LEAST_OUTSTANDING_REQUESTS,
	        .slo_us = s->slo_latency_us,
	        .hold_at_zero = s->controller == TT_CONTROLLER_KEDA &&
	                        s->keda_queue_at_zero,
	};
	rc = tt_server_init(&rm->server, e, &cfg, s->seed, server_idle, rm, d);
	if (rc)
		return rc;
	rm->stream = (tt_stream){rm, stream_peek, stream_take};
	rm->hooks = (tt_fleet_hooks){rm, hook_up, hook_drain};
	return read_ahead(rm);
}

void tt_reqmode_release(tt_reqmode *rm)
{
	if (!rm)
		return;
	tt_server_release(&rm->server);
	memset(rm, 0, sizeof *rm);
}

void tt_reqmode_take_period(tt_reqmode *rm, tt_period_load *load,
                            tt_server_period *sp)
{
	tt_server_take_period(&rm->server, sp);
	load->invocations = rm->invocations;
	load->request = true;
	load->ipi_sum = rm->ipi_sum;
	load->busy_slot_us = sp->busy_slot_us;
	load->peak_outstanding = sp->peak_outstanding;
	load->service_us = sp->service_us;
	load->completed = sp->completed;
	load->no_capacity = (double)sp->no_capacity;
	rm->invocations = 0;
	rm->ipi_sum = 0;
}
