/*
 * engine.c - the event queue and the run loop.
 *
 * A binary min-heap keyed on (time, seq).  The sequence number is a counter
 * bumped on every insertion, so two events at the same time leave the heap
 * in the order they went in: the heap itself is not stable, the key is.
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

static inline int event_before(const tt_event *a, const tt_event *b)
{
	if (a->time_us != b->time_us)
		return a->time_us < b->time_us;
	return a->seq < b->seq;
}

tt_code tt_engine_at(tt_engine *e, tt_time_us time_us, tt_event_fn fn,
                     void *ctx, uint64_t arg)
{
	if (time_us < e->now_us)
		return TT_EINVAL;
	if (e->count == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 64;
		tt_event *heap = realloc(e->heap, cap * sizeof *heap);
		if (!heap)
			return TT_ENOMEM;
		e->heap = heap;
		e->cap = cap;
	}
	tt_event ev = {time_us, e->next_seq++, fn, ctx, arg};
	/* Sift up: move parents down until ev's place is found. */
	size_t i = e->count++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!event_before(&ev, &e->heap[parent]))
			break;
		e->heap[i] = e->heap[parent];
		i = parent;
	}
	e->heap[i] = ev;
	return TT_OK;
}

/* Remove the earliest event into *out.  The heap must not be empty. */
static void pop_min(tt_engine *e, tt_event *out)
{
	*out = e->heap[0];
	tt_event last = e->heap[--e->count];
	size_t n = e->count;
	size_t i = 0;
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= n)
			break;
		if (child + 1 < n &&
		    event_before(&e->heap[child + 1], &e->heap[child]))
			child++;
		if (!event_before(&e->heap[child], &last))
			break;
		e->heap[i] = e->heap[child];
		i = child;
	}
	if (n > 0)
		e->heap[i] = last;
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
