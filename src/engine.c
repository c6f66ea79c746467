/*
 * engine.c - the event queue and the run loop.
 *
 * A 4-ary min-heap keyed on (time, seq).  The sequence number is a counter
 * bumped on every insertion, so two events at the same time leave the heap
 * in the order they went in: the heap itself is not stable, the key is.
 * Keys are unique, so the order events run in does not depend on how the
 * heap is laid out, only on the keys.
 *
 * Four children a node rather than two: request mode holds hundreds of
 * events (a completion per request in service) and pushes and pops one
 * each per request.  A comparison here is two instructions without a
 * branch, while each level moves a 40-byte event, so half the levels for
 * three comparisons a level instead of one is the cheaper trade.
 */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

void tt_engine_init(tt_engine *e)
{
	memset(e, 0, sizeof *e);
}

void tt_engine_release(tt_engine *e)
{
	if (!e)
		return;
	free(e->heap);
	memset(e, 0, sizeof *e);
}

/*
 * An event's key, time above sequence, as one 128-bit number: one
 * comparison (a compare and a subtract-with-borrow) orders two events
 * without a branch, where picking the smaller of two children is a coin
 * toss the branch predictor loses half the time.  Times are never below
 * now, which starts at 0, so as unsigned numbers they keep their order.
 */
__extension__ typedef unsigned __int128 event_key;

static inline event_key key_of(const tt_event *ev)
{
	return (event_key)(uint64_t)ev->time_us << 64 | ev->seq;
}

static inline int event_before(const tt_event *a, const tt_event *b)
{
	return key_of(a) < key_of(b);
}

/* Children of node i: ARITY * i + 1 .. ARITY * i + ARITY. */
#define ARITY 4

/*
 * Double the heap's room, then add the event.  A few times a run, and out
 * of line as a tail call: with a call to come back from, every push would
 * save and restore registers for it.
 */
__attribute__((noinline, cold)) static tt_code
grow_and_add(tt_engine *e, tt_time_us time_us, tt_event_fn fn, void *ctx,
             uint64_t arg)
{
	size_t cap = e->cap ? e->cap * 2 : 64;
	tt_event *heap = realloc(e->heap, cap * sizeof *heap);
	if (!heap)
		return TT_ENOMEM;
	e->heap = heap;
	e->cap = cap;
	return tt_engine_at(e, time_us, fn, ctx, arg);
}

tt_code tt_engine_at(tt_engine *e, tt_time_us time_us, tt_event_fn fn,
                     void *ctx, uint64_t arg)
{
	if (time_us < e->now_us)
		return TT_EINVAL;
	if (e->count == e->cap)
		return grow_and_add(e, time_us, fn, ctx, arg);
	tt_event ev = {time_us, e->next_seq++, fn, ctx, arg};
	/* Sift up: move parents down until ev's place is found. */
	size_t i = e->count++;
	while (i > 0) {
		size_t parent = (i - 1) / ARITY;
		if (!event_before(&ev, &e->heap[parent]))
			break;
		e->heap[i] = e->heap[parent];
		i = parent;
	}
	e->heap[i] = ev;
	return TT_OK;
}

/*
 * Remove the earliest event into *out.  The heap must not be empty.
 *
 * Bottom-up (Floyd): the hole left at the root walks down to a leaf along
 * the smallest child, and the last event fills it from there, moving up
 * past larger parents.  The last event came from the bottom and nearly
 * always belongs near it, so this saves the comparisons with it that
 * sifting it down from the root would make at every level.
 */
static void pop_min(tt_engine *e, tt_event *out)
{
	tt_event *h = e->heap;
	*out = h[0];
	size_t n = --e->count; /* h[n], the last event, is to be placed */
	if (n == 0)
		return;
	size_t i = 0, c = 1;
	for (; c + ARITY - 1 < n; c = ARITY * i + 1) {
		/* the smallest of four, as a tournament of independent
		 * comparisons (no branch) */
		size_t a = c + (size_t)event_before(&h[c + 1], &h[c]);
		size_t b = c + 2 + (size_t)event_before(&h[c + 3], &h[c + 2]);
		/* b if it is before a, by mask: a branch here would be
		 * the coin toss again */
		size_t m = a ^
		           ((a ^ b) & (0 - (size_t)event_before(&h[b], &h[a])));
		h[i] = h[m];
		i = m;
	}
	if (c < n) { /* the last node, with fewer than four children */
		size_t m = c;
		for (size_t k = c + 1; k < n; k++)
			if (event_before(&h[k], &h[m]))
				m = k;
		h[i] = h[m];
		i = m;
	}
	tt_event last = h[n];
	while (i > 0) {
		size_t parent = (i - 1) / ARITY;
		if (!event_before(&last, &h[parent]))
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = last;
}

void tt_engine_set_stream(tt_engine *e, const tt_stream *stream)
{
	e->stream = stream;
}

tt_code tt_engine_run(tt_engine *e, tt_time_us until_us)
{
	e->stopped = 0;
	while (!e->stopped) {
		tt_time_us heap_t =
		        e->count > 0 ? e->heap[0].time_us : TT_TIME_MAX;
		tt_time_us stream_t = e->stream
		                              ? e->stream->peek(e->stream->ctx)
		                              : TT_TIME_MAX;
		tt_code rc;
		if (heap_t <= stream_t) {
			/* heap first at equal times (see tt_stream) */
			if (heap_t == TT_TIME_MAX || heap_t > until_us)
				break;
			tt_event ev;
			pop_min(e, &ev);
			e->now_us = ev.time_us;
			rc = ev.fn(e, ev.ctx, ev.arg);
		} else {
			if (stream_t > until_us)
				break;
			e->now_us = stream_t;
			rc = e->stream->take(e, e->stream->ctx);
		}
		if (rc)
			return rc;
	}
	return TT_OK;
}

void tt_engine_stop(tt_engine *e)
{
	e->stopped = 1;
}
