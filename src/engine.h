/*
 * engine.h - the discrete-event engine.
 *
 * A binary min-heap of events ordered by (time, insertion sequence): events
 * due at the same microsecond run in the order they were scheduled (FIFO),
 * which the simulation relies on and tests pin.  An event scheduled while
 * the engine is running at time T for time T runs in the same pass, after
 * every event already queued for T.
 *
 * The engine knows nothing of autoscaling: an event is a callback, a context
 * pointer and a 64-bit argument.  A callback that fails returns a non-zero
 * tt_code; the run stops there and returns it.
 */
#ifndef TTSIM_ENGINE_H
#define TTSIM_ENGINE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"

typedef struct tt_engine tt_engine;

/* Called at the event's time; `now` equals tt_engine_now(). */
typedef tt_code (*tt_event_fn)(tt_engine *e, void *ctx, uint64_t arg);

typedef struct tt_event {
	tt_time_us time_us;
	uint64_t seq;
	tt_event_fn fn;
	void *ctx;
	uint64_t arg;
} tt_event;

/*
 * An ordered stream of events kept outside the heap (request mode's
 * arrivals: millions of them, already in time order, so pushing each
 * through the heap would be wasted work).  The engine merges it with the
 * heap: at equal times heap events run first, so an evaluation or a
 * completion due at t comes before an arrival at t.
 */
typedef struct tt_stream {
	void *ctx;
	/* The time of the next item; TT_TIME_MAX when there is none. */
	tt_time_us (*peek)(void *ctx);
	/* Handle the next item; tt_engine_now() is its time. */
	tt_code (*take)(tt_engine *e, void *ctx);
} tt_stream;

struct tt_engine {
	tt_event *heap;
	size_t count;
	size_t cap;
	uint64_t next_seq;
	tt_time_us now_us;
	int stopped;
	const tt_stream *stream; /* NULL: none */
};

/* Initialise an empty engine at time 0.  Release with tt_engine_release. */
void tt_engine_init(tt_engine *e);
void tt_engine_release(tt_engine *e);

/*
 * Queue fn(ctx, arg) at `time_us`, which must not be before now (TT_EINVAL
 * otherwise: an event in the past is a bug in the caller).  TT_ENOMEM when
 * the queue cannot grow.
 */
tt_code tt_engine_at(tt_engine *e, tt_time_us time_us, tt_event_fn fn,
                     void *ctx, uint64_t arg);

/*
 * Run events in order until the queue is empty, an event fails, the next
 * event is later than `until_us`, or tt_engine_stop is called.  Events at
 * exactly until_us do run.  Returns TT_OK or the failing event's code.
 */
tt_code tt_engine_run(tt_engine *e, tt_time_us until_us);

/* Merge `stream` (borrowed; NULL: none) into the run from now on. */
void tt_engine_set_stream(tt_engine *e, const tt_stream *stream);

/* Make tt_engine_run return after the current event. */
void tt_engine_stop(tt_engine *e);

static inline tt_time_us tt_engine_now(const tt_engine *e)
{
	return e->now_us;
}

/* Whether an event queued before now is still to run at now. */
static inline bool tt_engine_due_now(const tt_engine *e)
{
	return e->count > 0 && e->heap[0].time_us == e->now_us;
}

#endif
