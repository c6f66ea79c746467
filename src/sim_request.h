/*
 * sim_request.h - what request mode adds to a run (sim.c).
 *
 * The arrivals of the workload are an engine stream; each is routed to the
 * fleet's instances by the server (server.h) with a service time drawn
 * from the scenario's model (drawn_duration.h).  At each period end the
 * run asks for the period's figures: invocations, the per-instance sum
 * each request adds (1 / in service when it arrived), busy slot-time, the
 * most outstanding, service times and latencies.  Private to the library.
 */
#ifndef TTSIM_SIM_REQUEST_H
#define TTSIM_SIM_REQUEST_H

#include "cold_start.h"
#include "engine.h"
#include "fleet.h"
#include "metrics.h"
#include "ttsim/scenario.h"
#include "server.h"
#include "ttsim/drawn_duration.h"
#include "ttsim/workload.h"

typedef struct tt_reqmode {
	tt_server server;
	tt_drawn_sampler service; /* on TT_RNG_SERVICE */
	tt_workload *wl; /* borrowed */
	tt_fleet *fleet; /* borrowed; set before the run */
	tt_cold_starts *cold; /* borrowed; NULL: not an inference component */
	tt_stream stream;
	tt_fleet_hooks hooks;
	tt_diag *d;

	tt_time_us next_us; /* the next arrival; TT_TIME_MAX: none left */
	const double *next_attrs;

	uint64_t arrived; /* arrivals in the whole run so far */

	/* the period being built */
	uint64_t invocations;
	double ipi_sum;   /* sum over arrivals of 1 / in service */
	int ipi_n;        /* in service at the last arrival; 0: none yet */
	double ipi_share; /* 1.0 / ipi_n */
} tt_reqmode;

/*
 * Set up request mode over an open workload; reads the first arrival.
 * Errors: a service model that needs attributes the workload lacks, bad
 * concurrency, a trace error.
 */
tt_code tt_reqmode_init(tt_reqmode *rm, tt_engine *e, const tt_scenario *s,
                        tt_workload *wl, tt_diag *d);
void tt_reqmode_release(tt_reqmode *rm);

/* The period's figures into `load` (its request fields and invocations)
 * and the server's period into *sp; then a new period starts. */
void tt_reqmode_take_period(tt_reqmode *rm, tt_period_load *load,
                            tt_server_period *sp);

/* True once every arrival has been handled. */
static inline bool tt_reqmode_arrivals_over(const tt_reqmode *rm)
{
	return rm->next_us == TT_TIME_MAX;
}

#endif
