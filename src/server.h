/*
 * server.h - instances serving requests (request mode).
 *
 * Each in-service instance has `concurrency` worker slots and a FIFO queue
 * of at most `max_queue` waiting requests.  An arriving request is routed
 * to one accepting instance (random, or the one with the fewest
 * outstanding requests, as SageMaker's least-outstanding-requests routing
 * does); it starts at once if a slot is free, waits if the queue has room,
 * and fails otherwise (a 429/503).  With no instance accepting, it fails
 * at once: AWS's "no capacity" case.  A draining instance takes nothing
 * new, finishes what it holds, and reports when it is idle.
 *
 * The server measures what the metrics need: busy slot-time (for
 * CPUUtilization), the most requests outstanding on one instance (for
 * ConcurrentRequestsPerModel), service times (ModelLatency) and latencies
 * (arrival to completion, queueing included) in histograms.
 */
#ifndef TTSIM_SERVER_H
#define TTSIM_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "histogram.h"
#include "ttsim/rng.h"

/*
 * The most requests one instance may hold waiting (the scenario's
 * `max_queue` limit): with its slots, what one instance holds stays
 * inside an int, and its ring's capacity can double inside a uint32.
 */
#define TT_SERVER_QUEUE_MAX 1000000000

typedef struct tt_server_config {
	int concurrency;        /* worker slots per instance, 1 to 2^20 - 1 */
	int max_queue;          /* waiting requests per instance, 0 to
	                           TT_SERVER_QUEUE_MAX */
	bool least_outstanding; /* false: random routing */
	/* With no instance accepting, hold arrivals until one comes up
	 * (KEDA at zero, keda.at_zero: queue); false: they fail at once. */
	bool hold_at_zero;
	tt_time_us slo_us;      /* latencies above it are counted; 0: none */
} tt_server_config;

typedef struct tt_server_request {
	tt_time_us arrival_us;
	tt_time_us service_us; /* drawn at arrival */
	tt_time_us start_us;   /* when a slot took it */
} tt_server_request;

typedef struct tt_server_instance {
	bool accepting;           /* in service and not draining */
	bool notify_idle;         /* draining: report when idle */
	int busy;                 /* slots serving */
	int peak;                 /* most outstanding this period */
	uint32_t pos;             /* index in the accepting list */
	tt_server_request *slots; /* concurrency entries */
	int *free_slots;          /* stack of free slot indices */
	int n_free;
	tt_server_request *queue; /* ring */
	uint32_t q_head, q_len, q_cap;
} tt_server_instance;

/* Called when a draining instance has finished everything it held. */
typedef tt_code (*tt_server_idle_fn)(void *ctx, uint32_t instance);

/* What a period of serving added up to (tt_server_take_period). */
typedef struct tt_server_period {
	double busy_slot_us;  /* integral of busy slots dt */
	uint64_t completed;   /* requests finished */
	uint64_t errors;      /* requests refused */
	uint64_t no_capacity; /* ... of them with no instance accepting */
	double service_us;    /* sum of finished requests' service times */
	int peak_outstanding; /* most outstanding on one instance */
	double p50_us;        /* latency percentiles of the finished ones */
	double p99_us;
} tt_server_period;

typedef struct tt_server {
	tt_server_config cfg;
	tt_engine *engine;
	tt_rng rng; /* TT_RNG_ROUTING */
	tt_server_idle_fn on_idle;
	void *ctx;

	tt_server_instance *inst; /* by fleet slot */
	uint32_t n_inst;
	uint32_t *accepting; /* dense list of accepting instances */
	uint32_t n_accepting;

	tt_time_us last_us;
	int64_t busy_total;  /* busy slots on every instance, draining too */
	int64_t in_system;   /* requests in slots or queues */
	double in_system_us; /* its integral over the whole run */
	/* hold_at_zero: arrivals waiting for the first instance, FIFO */
	tt_server_request *held;
	size_t held_head, held_n, held_cap;
	tt_server_period period;
	tt_histogram latency_period; /* latencies finished this period */
	tt_histogram latency_total;
	double busy_slot_total_us; /* integral of busy slots dt, whole run */
	uint64_t completed_total;
	uint64_t errors_total;
	uint64_t over_slo;
	tt_diag *d; /* where a failing event reports */
} tt_server;

/*
 * Set up a server on engine `e` with no instance yet.  TT_EINVAL when the
 * concurrency or max_queue is out of its range, TT_ENOMEM.  Release with
 * tt_server_release (also after a failure).
 */
tt_code tt_server_init(tt_server *sv, tt_engine *e, const tt_server_config *cfg,
                       uint64_t seed, tt_server_idle_fn on_idle, void *ctx,
                       tt_diag *d);
void tt_server_release(tt_server *sv);

/* Instance `i` (a fleet slot) came into service: it accepts requests. */
tt_code tt_server_up(tt_server *sv, uint32_t i);

/*
 * Instance `i` starts draining: it takes nothing new.  Returns true when
 * it holds nothing (it can go now); otherwise on_idle is called for it
 * once it has finished.
 */
bool tt_server_drain(tt_server *sv, uint32_t i);

/*
 * A request arriving now with its service time (>= 0; tt_drawn_sample
 * on the scenario's service time gives one): routed, started, queued or refused.  A request whose
 * completion would fall past the last time a tt_time_us holds never
 * completes.  *instances_in_service is not touched; the caller counts
 * invocations per period itself.
 */
tt_code tt_server_arrive(tt_server *sv, tt_time_us service_us);

/*
 * The whole run's integrals up to now: busy slots dt and requests in the
 * system (in slots or queues) dt.
 */
void tt_server_totals(tt_server *sv, double *busy_slot_us,
                      double *in_system_us);

/* The period's figures (up to now), then start a new period. */
void tt_server_take_period(tt_server *sv, tt_server_period *out);

#endif
