/*
 * scheduler.h - scheduled actions applied in a run (SPEC.md 14.2, 14.3).
 *
 * The scheduler places each of the scenario's scheduled actions on the
 * run (tt_scheduled_action_plan) and keeps one engine event pending: the
 * earliest next run of any action.  When it fires at t it runs every
 * action due at t in input order, then queues the next.  It is queued
 * long before the period clock's EVAL(t) (sim.c queues that only at t),
 * so an action due at t runs before the evaluations at t, as SPEC 14.2
 * says.
 *
 * One run of an action, at t (+ scheduled_delay):
 *
 *   bounds := the action's MinCapacity and/or MaxCapacity
 *             (a min above the max: fail, or raise_other moves the other)
 *   C < min -> scale out to min;  C > max -> scale in to max
 *             (an activity: Updating while in progress; starts no
 *              cooldown, ends no scale-in cooldown, sets no C0;
 *              another activity in progress with block_while_updating:
 *              the change waits for it, or is dropped)
 *
 * The scheduler borrows the run's engine, controller, fleet, recorder and
 * summary; the controller's `bounds` is what it changes, so the one clamp
 * (tt_capacity_clamp) and the controller's AlreadyAtMin/MaxCapacity see
 * the new limits at once.  Its activities carry fleet tags with
 * TT_SCHEDULER_TAG set, so the run's completion callback can hand them
 * back.
 */
#ifndef TTSIM_SCHEDULER_H
#define TTSIM_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "controller.h"
#include "engine.h"
#include "fleet.h"
#include "schedule.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"
#include "ttsim/workload.h"

/* Set in the fleet tags of the scheduler's activities. */
#define TT_SCHEDULER_TAG ((uint64_t)1 << 63)

/* One capacity change a scheduled action started (a pool.h record:
 * in_use first). */
typedef struct tt_sched_activity {
	bool in_use;
	size_t action;
	tt_direction direction;
	int from, to;
} tt_sched_activity;

/* What the scheduler borrows from the run. */
typedef struct tt_scheduler_wiring {
	const tt_scenario *s;
	tt_engine *engine;
	tt_controller *ctl;
	tt_fleet *fleet;
	const tt_recorder *rec; /* may be NULL */
	tt_summary *sum;
	tt_diag *d;
	/* The engine handler for the scheduler's event: the run's, which
	 * brings its own accounts up to now and calls tt_scheduler_due. */
	tt_event_fn on_due;
	void *due_ctx;
} tt_scheduler_wiring;

typedef struct tt_scheduler {
	tt_scheduler_wiring w;
	tt_schedule_plan *plans; /* one per action */
	tt_time_us *next_us;     /* each action's next run; TT_TIME_MAX: none */
	tt_sched_activity *acts; /* by tag without TT_SCHEDULER_TAG */
	size_t cap_acts;
	/* scheduled_while_updating retry: the last action whose capacity
	 * change waits for the activities in progress to complete */
	bool waiting;
	size_t waiting_action;
} tt_scheduler;

/*
 * The run's wall clock: `simulation.start` when the scenario gives it,
 * else the trace's own timestamps (tt_workload_wallclock).  True and the
 * Unix second of sim time 0 in *origin_unix_s, or false: none.
 */
bool tt_scheduler_wallclock(const tt_scenario *s, const tt_workload *wl,
                            int64_t *origin_unix_s);

/*
 * Place every action on the run (wall clock `has_origin`/origin_unix_s,
 * no run after `horizon_us`, TT_TIME_MAX: none) and queue the first run.
 * A scenario without actions queues nothing; with ScheduledScalingSuspended
 * none runs and a note says so.  Errors: an at() or cron() action without
 * a wall clock (TT_EINVAL at its Schedule), TT_ENOMEM.  Release with
 * tt_scheduler_release, also after a failure.
 */
tt_code tt_scheduler_init(tt_scheduler *sc, const tt_scheduler_wiring *w,
                          bool has_origin, int64_t origin_unix_s,
                          tt_time_us horizon_us);

/* Run every action due now, in input order; queue the next run. */
tt_code tt_scheduler_due(tt_scheduler *sc);

/* Whether a fleet tag is one of the scheduler's activities. */
static inline bool tt_scheduler_owns(uint64_t tag)
{
	return (tag & TT_SCHEDULER_TAG) != 0;
}

/*
 * The scheduler's activity `tag` completed now: the target is no longer
 * Updating for it (no cooldown starts, unless scheduled_starts_cooldown);
 * its completion is recorded, and a waiting change is retried.
 */
tt_code tt_scheduler_activity_done(tt_scheduler *sc, uint64_t tag);

/*
 * Some policy's activity completed now: a change waiting for it
 * (scheduled_while_updating: retry) starts once nothing is in progress.
 */
tt_code tt_scheduler_retry(tt_scheduler *sc);

/* Free what the scheduler owns.  Accepts a zeroed scheduler. */
void tt_scheduler_release(tt_scheduler *sc);

#endif
