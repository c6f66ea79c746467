/*
 * test_engine.c - the event queue: order by (time, insertion), FIFO ties.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "testutil.h"
#include "engine.h"
#include "ttsim/rng.h"

typedef struct trace {
	uint64_t seen[20000];
	tt_time_us at[20000];
	int n;
} trace;

static tt_code record(tt_engine *e, void *ctx, uint64_t arg)
{
	trace *t = ctx;
	t->at[t->n] = tt_engine_now(e);
	t->seen[t->n++] = arg;
	return TT_OK;
}

START_TEST(ties_run_in_insertion_order)
{
	tt_engine e;
	trace t = {.n = 0};
	tt_engine_init(&e);
	/* Interleave two times; equal times must keep their order. */
	for (uint64_t i = 0; i < 10; i++)
		ck_assert_int_eq(
		        tt_engine_at(&e, i % 2 ? 50 : 100, record, &t, i),
		        TT_OK);
	ck_assert_int_eq(tt_engine_run(&e, TT_TIME_MAX), TT_OK);
	const uint64_t want[10] = {1, 3, 5, 7, 9, 0, 2, 4, 6, 8};
	ck_assert_int_eq(t.n, 10);
	for (int i = 0; i < 10; i++)
		ck_assert_uint_eq(t.seen[i], want[i]);
	tt_engine_release(&e);
}
END_TEST

static tt_code schedule_now(tt_engine *e, void *ctx, uint64_t arg)
{
	trace *t = ctx;
	t->seen[t->n++] = arg;
	if (arg == 1)
		return tt_engine_at(e, tt_engine_now(e), record, ctx, 99);
	return TT_OK;
}

START_TEST(event_scheduled_for_now_runs_after_queued_ones)
{
	tt_engine e;
	trace t = {.n = 0};
	tt_engine_init(&e);
	tt_engine_at(&e, 10, schedule_now, &t, 1);
	tt_engine_at(&e, 10, schedule_now, &t, 2);
	tt_engine_at(&e, 10, schedule_now, &t, 3);
	tt_engine_at(&e, 11, schedule_now, &t, 4);
	ck_assert_int_eq(tt_engine_run(&e, TT_TIME_MAX), TT_OK);
	const uint64_t want[5] = {1, 2, 3, 99, 4};
	ck_assert_int_eq(t.n, 5);
	for (int i = 0; i < 5; i++)
		ck_assert_uint_eq(t.seen[i], want[i]);
	tt_engine_release(&e);
}
END_TEST

START_TEST(random_load_comes_out_sorted)
{
	tt_engine e;
	static trace t;
	t.n = 0;
	tt_rng r;
	tt_rng_seed(&r, 7, 1);
	tt_engine_init(&e);
	for (uint64_t i = 0; i < 20000; i++)
		tt_engine_at(&e, tt_rng_range(&r, 0, 500), record, &t, i);
	ck_assert_int_eq(tt_engine_run(&e, TT_TIME_MAX), TT_OK);
	ck_assert_int_eq(t.n, 20000);
	for (int i = 1; i < t.n; i++) {
		ck_assert(t.at[i - 1] <= t.at[i]);
		if (t.at[i - 1] == t.at[i])
			ck_assert_uint_lt(t.seen[i - 1], t.seen[i]);
	}
	tt_engine_release(&e);
}
END_TEST

START_TEST(past_events_are_refused)
{
	tt_engine e;
	trace t = {.n = 0};
	tt_engine_init(&e);
	tt_engine_at(&e, 100, record, &t, 0);
	tt_engine_run(&e, TT_TIME_MAX);
	ck_assert_int_eq(tt_engine_now(&e), 100);
	ck_assert_int_eq(tt_engine_at(&e, 99, record, &t, 1), TT_EINVAL);
	ck_assert_int_eq(tt_engine_at(&e, 100, record, &t, 1), TT_OK);
	tt_engine_release(&e);
}
END_TEST

START_TEST(run_stops_at_until_inclusive)
{
	tt_engine e;
	trace t = {.n = 0};
	tt_engine_init(&e);
	tt_engine_at(&e, 5, record, &t, 0);
	tt_engine_at(&e, 10, record, &t, 1);
	tt_engine_at(&e, 11, record, &t, 2);
	tt_engine_run(&e, 10);
	ck_assert_int_eq(t.n, 2);
	tt_engine_run(&e, TT_TIME_MAX);
	ck_assert_int_eq(t.n, 3);
	tt_engine_release(&e);
}
END_TEST

static tt_code fail_on_two(tt_engine *e, void *ctx, uint64_t arg)
{
	(void)e;
	(void)ctx;
	return arg == 2 ? TT_EIO : TT_OK;
}

START_TEST(a_failing_event_stops_the_run)
{
	tt_engine e;
	tt_engine_init(&e);
	for (uint64_t i = 0; i < 5; i++)
		tt_engine_at(&e, (tt_time_us)i, fail_on_two, NULL, i);
	ck_assert_int_eq(tt_engine_run(&e, TT_TIME_MAX), TT_EIO);
	ck_assert_int_eq(tt_engine_now(&e), 2);
	ck_assert_uint_eq(e.count, 2);
	tt_engine_release(&e);
}
END_TEST

/* A stream of items at fixed times, recording into a trace. */
typedef struct fixed_stream {
	const tt_time_us *times;
	size_t n, next;
	trace *t;
} fixed_stream;

static tt_time_us fs_peek(void *ctx)
{
	fixed_stream *fs = ctx;
	return fs->next < fs->n ? fs->times[fs->next] : TT_TIME_MAX;
}

static tt_code fs_take(tt_engine *e, void *ctx)
{
	fixed_stream *fs = ctx;
	fs->t->at[fs->t->n] = tt_engine_now(e);
	fs->t->seen[fs->t->n++] = 1000 + fs->next++;
	return TT_OK;
}

START_TEST(stream_merges_with_heap_events_first_on_ties)
{
	static trace t;
	t.n = 0;
	const tt_time_us times[] = {5, 10, 10, 20, 40};
	fixed_stream fs = {times, 5, 0, &t};
	tt_stream st = {&fs, fs_peek, fs_take};
	tt_engine e;
	tt_engine_init(&e);
	tt_engine_set_stream(&e, &st);
	tt_engine_at(&e, 10, record, &t, 1);
	tt_engine_at(&e, 15, record, &t, 2);
	tt_engine_at(&e, 40, record, &t, 3);
	ck_assert_int_eq(tt_engine_run(&e, 30), TT_OK);
	/* 5(s) 10(h) 10(s) 10(s) 15(h) 20(s); 40 is past `until` */
	const uint64_t want[] = {1000, 1, 1001, 1002, 2, 1003};
	ck_assert_int_eq(t.n, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_uint_eq(t.seen[i], want[i]);
	ck_assert_int_eq(tt_engine_run(&e, TT_TIME_MAX), TT_OK);
	ck_assert_int_eq(t.n, 8);
	ck_assert_uint_eq(t.seen[6], 3); /* the heap's 40 before the stream's */
	ck_assert_uint_eq(t.seen[7], 1004);
	tt_engine_release(&e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("engine");
	const tu_case cases[] = {
	        {"ties", ties_run_in_insertion_order},
	        {"now", event_scheduled_for_now_runs_after_queued_ones},
	        {"random", random_load_comes_out_sorted},
	        {"past", past_events_are_refused},
	        {"until", run_stops_at_until_inclusive},
	        {"failure", a_failing_event_stops_the_run},
	        {"stream", stream_merges_with_heap_events_first_on_ties},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
