/*
 * hosts.h - the instances an inference component's copies run on
 * (SPEC.md 13.1).
 *
 * For an inference component the fleet's units are copies (fleet.h); this
 * module holds the instances under them.  Instances follow copies: a new
 * copy goes to a serving instance with room (the fullest first, or with
 * `ic_packing: spread` the emptiest), else to a pending one with room,
 * else a new instance is launched, up to MaxInstanceCount.  The copy
 * serves copy_load after its instance does.  A copy that fits nowhere is
 * left unplaced (TT_HOST_NONE).  An instance left with no copy is
 * released instance_release later unless a copy arrives first, never
 * below MinInstanceCount.
 *
 * The hosts integrate their own counts over time, for billing: an
 * inference component costs its instances, as a variant does.
 */
#ifndef TTSIM_HOSTS_H
#define TTSIM_HOSTS_H

#include <stdint.h>

#include "engine.h"
#include "ttsim/drawn_duration.h"
#include "ttsim/scenario.h"

#define TT_HOST_NONE UINT32_MAX

/* An instance's record (a pool.h record: its state first, 0 when free). */
typedef struct tt_host {
	uint8_t state;       /* free, pending, up */
	int copies;          /* placed on it: loading, serving or draining */
	int held;            /* ... not draining */
	tt_time_us ready_us; /* pending: when it comes into service */
	uint32_t launch;     /* its ready event's token */
	uint32_t epoch;      /* its release event's token */
} tt_host;

typedef struct tt_hosts {
	tt_engine *engine;
	const tt_ic_config *ic;
	tt_drawn_sampler *provisioning; /* the fleet's: one per instance */
	tt_drawn_sampler copy_load;     /* TT_RNG_COPY_LOAD, one per copy */

	tt_host *h;
	uint32_t n; /* past the highest slot ever used */
	size_t cap;
	uint32_t launches;

	int pending;
	int up;
	int peak_up;

	tt_time_us last_us;
	double billed_us; /* (up + pending) dt */
	double up_us;     /* up dt */
} tt_hosts;

/*
 * Start with the instances `copies` copies need in service (and at least
 * MinInstanceCount), all up at time 0; the copies themselves are placed
 * by tt_hosts_place_initial.  TT_ENOMEM.
 */
tt_code tt_hosts_init(tt_hosts *h, tt_engine *e, const tt_scenario *s,
                      tt_drawn_sampler *provisioning, int copies);
void tt_hosts_release(tt_hosts *h);

/* An initial copy, serving at time 0: the host it sits on. */
uint32_t tt_hosts_place_initial(tt_hosts *h);

/*
 * Place a new copy now: *host gets its instance (TT_HOST_NONE: it fits
 * nowhere) and *ready_us when it serves.  TT_ENOMEM.
 */
tt_code tt_hosts_place(tt_hosts *h, uint32_t *host, tt_time_us *ready_us);

/*
 * Which copy leaves first on scale-in: the lower rank goes first (the
 * instance holding fewest copies with `fill`, the most with `spread`).
 */
int tt_hosts_drain_rank(const tt_hosts *h, uint32_t host);

/* A copy on `host` starts draining: the instance no longer counts it as
 * held, for tt_hosts_drain_rank. */
void tt_hosts_drain_start(tt_hosts *h, uint32_t host);

/*
 * A copy has left `host` (cancelled while loading, or gone after
 * draining; `draining` says which count it was in).  An instance left
 * empty is released instance_release later.  TT_ENOMEM.
 */
tt_code tt_hosts_unplace(tt_hosts *h, uint32_t host, bool draining);

/* Bring the integrals up to now. */
void tt_hosts_advance(tt_hosts *h, tt_time_us now);

#endif
