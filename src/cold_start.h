/*
 * cold_start.h - how long the first request waits after zero
 * (SPEC.md 13.2).
 *
 * An episode opens at the first request that finds nothing serving and
 * closes at the first request served after it; its wait is the time
 * between.  A client that retries until it succeeds waits that long.  If
 * capacity came and went again with no request served (a wake-up nobody
 * used), the next failure starts the episode afresh: the wait measured
 * is that of the requests that were finally served.
 * Request mode reports every arrival; fluid mode, which has no single
 * requests, reports per period (sim.c says how).
 */
#ifndef TTSIM_COLD_START_H
#define TTSIM_COLD_START_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"

typedef struct tt_cold_starts {
	bool open;
	tt_time_us since; /* the episode's first failure */
	int wake_ups;     /* the fleet's wake-ups when it opened */
	tt_time_us *waits;
	size_t n;
	size_t cap;
} tt_cold_starts;

void tt_cold_starts_release(tt_cold_starts *c);

/* A request found nothing serving at t; `wake_ups` counts the times
 * capacity came back from zero so far (the fleet's). */
static inline void tt_cold_start_failed(tt_cold_starts *c, tt_time_us t,
                                        int wake_ups)
{
	if (!c->open || c->wake_ups != wake_ups) {
		c->open = true;
		c->since = t;
		c->wake_ups = wake_ups;
	}
}

/* A request was served at t: an open episode ends.  TT_ENOMEM. */
tt_code tt_cold_start_served(tt_cold_starts *c, tt_time_us t);

/*
 * The q-quantile of the waits (nearest rank, q in (0, 1]), in
 * microseconds; sorts the waits.  0 when there is none.
 */
tt_time_us tt_cold_start_quantile(tt_cold_starts *c, double q);

#endif
