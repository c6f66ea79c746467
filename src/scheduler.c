/*
 * scheduler.c - scheduled actions in a run: when each runs, and what a
 * run does to the bounds and the capacity (SPEC.md 14.2, 14.3).
 *
 * When: tt_schedule_next answers "the first run at or after t" for one
 * action, so the scheduler keeps only each action's next run and one
 * engine event, at the earliest of them.  Several actions due at one
 * instant run from that one event, in input order; the order of engine
 * events at equal times (insertion) would not give that.
 *
 * What: the controller's bounds change first, then the capacity moves
 * into them as an activity of its own.  The activity makes the target
 * Updating (the controller's in_progress count, which its refusals read)
 * but belongs to no policy: it starts no cooldown and ends no scale-in
 * cooldown unless the knobs say so, and never sets a scale-out's C0.
 *
 *   09:00 action: Min 8        C 5 -> 8 activity          completes
 *   |  bounds [8,10] at once   |------ Updating ----------|
 *   |  (the row at 09:00 shows them; policies after it)   | no cooldown
 */
#include "scheduler.h"

#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "scheduled_action.h"

bool tt_scheduler_wallclock(const tt_scenario *s, const tt_workload *wl,
                            int64_t *origin_unix_s)
{
	if (s->has_start) {
		/* whole seconds: the loader checked */
		*origin_unix_s = s->start_unix_us / TT_US_PER_S;
		return true;
	}
	return wl && tt_workload_wallclock(wl, origin_unix_s);
}

/* Record one of the scheduler's events. */
static tt_code emit(tt_scheduler *sc, tt_event_kind kind, size_t action,
                    tt_direction dir, int from, int to, tt_sched_failure why)
{
	const tt_recorder *rec = sc->w.rec;
	if (!rec || !rec->event)
		return TT_OK;
	tt_event_row ev = {.time_us = tt_engine_now(sc->w.engine),
	                   .kind = kind,
	                   .direction = dir,
	                   .from = from,
	                   .to = to,
	                   .alarm = TT_EVENT_NO_ALARM,
	                   .scheduled = true,
	                   .action = action,
	                   .failure = why};
	return rec->event(rec->ctx, &ev, sc->w.d);
}

/* Queue the scheduler's one event at the earliest next run, if any. */
static tt_code queue_next(tt_scheduler *sc)
{
	tt_time_us t = TT_TIME_MAX;
	for (size_t i = 0; i < sc->w.s->n_scheduled; i++)
		if (sc->next_us[i] < t)
			t = sc->next_us[i];
	if (t == TT_TIME_MAX)
		return TT_OK;
	tt_code rc =
	        tt_engine_at(sc->w.engine, t, sc->w.on_due, sc->w.due_ctx, 0);
	return rc == TT_ENOMEM ? tt_diag_nomem(sc->w.d, (tt_loc){0}) : rc;
}

/* Action i's next run at or after `from` (a schedule instant), as the
 * instant it takes effect. */
static void plan_next(tt_scheduler *sc, size_t i, tt_time_us from)
{
	tt_time_us run;
	sc->next_us[i] = TT_TIME_MAX;
	if (tt_schedule_next(&sc->plans[i], from, &run))
		sc->next_us[i] = run + sc->w.s->aws.scheduled_delay_us;
}

tt_code tt_scheduler_init(tt_scheduler *sc, const tt_scheduler_wiring *w,
                          bool has_origin, int64_t origin_unix_s,
                          tt_time_us horizon_us)
{
	const tt_scenario *s = w->s;
	size_t n = s->n_scheduled;
	memset(sc, 0, sizeof *sc);
	sc->w = *w;
	if (n == 0)
		return TT_OK;
	sc->plans = calloc(n, sizeof *sc->plans);
	sc->next_us = calloc(n, sizeof *sc->next_us);
	if (!sc->plans || !sc->next_us)
		return tt_diag_nomem(w->d, (tt_loc){0});
	for (size_t i = 0; i < n; i++) {
		tt_code rc = tt_scheduled_action_plan(
		        &s->scheduled[i], has_origin,
		        origin_unix_s * TT_US_PER_S, horizon_us,
		        &s->aws.schedule, &sc->plans[i], w->d);
		if (rc)
			return rc;
		sc->next_us[i] = TT_TIME_MAX;
	}
	if (s->scheduled_suspended)
		/* [doc] due actions do not run, and the flag never changes
		 * within a run: none runs at all. */
		return tt_diag_list_add(&w->sum->notes, TT_SEV_NOTE,
		                        s->scheduled[0].locs.action,
		                        "ScheduledScalingSuspended: the "
		                        "scenario's %zu scheduled action%s "
		                        "do%s not run",
		                        n, n == 1 ? "" : "s",
		                        n == 1 ? "es" : "");
	/* Runs before the run's start are not replayed. */
	for (size_t i = 0; i < n; i++)
		plan_next(sc, i, 0);
	return queue_next(sc);
}

/*
 * scheduled_ends_scale_in_cooldown: a scheduled scale-out ends a running
 * scale-in cooldown as a policy's does [doc for policies], on every clock.
 */
static void end_scale_in_cooldowns(tt_controller *c, tt_time_us now)
{
	if (now < c->tt.in_end_us)
		c->tt.in_end_us = now;
	for (size_t i = 0; c->step_cd && i < c->s->n_step_policies; i++)
		if (now < c->step_cd[i].in_end_us)
			c->step_cd[i].in_end_us = now;
}

/*
 * scheduled_starts_cooldown: the completion starts target tracking's
 * cooldown of its direction, the first policy's length, as a policy's
 * activity would; a running one is only ever lengthened.
 */
static void start_cooldown(tt_controller *c, const tt_sched_activity *a,
                           tt_time_us now)
{
	const tt_scenario *s = c->s;
	if (s->n_policies == 0)
		return;
	tt_cooldown *cd = &c->tt;
	if (a->direction == TT_DIR_OUT && cd->out_in_progress == 0) {
		tt_time_us end = now + s->policies[0].scale_out_cooldown_us;
		if (end > cd->out_end_us) {
			cd->out_end_us = end;
			cd->out_c0 = a->from;
		}
	} else if (a->direction == TT_DIR_IN && cd->in_in_progress == 0) {
		tt_time_us end = now + s->policies[0].scale_in_cooldown_us;
		if (end > cd->in_end_us)
			cd->in_end_us = end;
	}
}

/*
 * Move the capacity into the bounds in force for action i: nothing when
 * it is inside; else an activity now, or, with another in progress and
 * block_while_updating, a wait (retry) or nothing (fail).
 */
static tt_code move_into_bounds(tt_scheduler *sc, size_t i)
{
	tt_controller *c = sc->w.ctl;
	tt_summary *sum = sc->w.sum;
	tt_time_us now = tt_engine_now(sc->w.engine);
	int from = c->desired;
	int to = tt_capacity_clamp(c->bounds, from);
	tt_direction dir = to > from ? TT_DIR_OUT : TT_DIR_IN;
	tt_code rc;

	if (to == from)
		return TT_OK;
	if (c->in_progress > 0 && sc->w.s->aws.block_while_updating) {
		if (sc->w.s->aws.scheduled_while_updating ==
		    TT_SCHED_WHILE_UPDATING_FAIL)
			return emit(sc, TT_EVENT_SCHEDULED_FAILED, i, dir, from,
			            to, TT_SCHED_FAILURE_UNSCALABLE);
		/* The latest action's name goes with the change; the change
		 * itself is worked out from the bounds when it happens. */
		sc->waiting = true;
		sc->waiting_action = i;
		return emit(sc, TT_EVENT_SCHEDULED_WAITING, i, dir, from, to,
		            TT_SCHED_FAILURE_NONE);
	}
	size_t id = 0;
	if (tt_pool_grab((void **)&sc->acts, &sc->cap_acts, sizeof *sc->acts,
	                 &id))
		return tt_diag_nomem(sc->w.d, (tt_loc){0});
	sc->acts[id] = (tt_sched_activity){true, i, dir, from, to};
	c->in_progress++;
	c->desired = to;
	if (dir == TT_DIR_OUT) {
		sum->scale_out_activities++;
		if (sc->w.s->aws.scheduled_ends_scale_in_cooldown)
			end_scale_in_cooldowns(c, now);
	} else {
		sum->scale_in_activities++;
	}
	if (to > sum->peak_desired)
		sum->peak_desired = to;
	if ((rc = emit(sc, TT_EVENT_DECISION, i, dir, from, to,
	               TT_SCHED_FAILURE_NONE)))
		return rc;
	/* May complete before it returns (only pending instances
	 * cancelled): tt_scheduler_activity_done has its record. */
	rc = tt_fleet_scale(sc->w.fleet, from, to, TT_SCHEDULER_TAG | id);
	return rc == TT_ENOMEM ? tt_diag_nomem(sc->w.d, (tt_loc){0}) : rc;
}

/* One run of action i, now. */
static tt_code run_action(tt_scheduler *sc, size_t i)
{
	const tt_scheduled_action *a = &sc->w.s->scheduled[i];
	tt_controller *c = sc->w.ctl;
	tt_bounds b = c->bounds;

	if (a->has_min)
		b.min = (int)a->min_capacity;
	if (a->has_max)
		b.max = (int)a->max_capacity;
	/* Only one bound given can cross the other: the reader refuses
	 * min > max within one action. */
	if (b.min > b.max) {
		if (sc->w.s->aws.scheduled_min_gt_max ==
		    TT_SCHED_MIN_GT_MAX_FAIL)
			return emit(sc, TT_EVENT_SCHEDULED_FAILED, i,
			            a->has_min ? TT_DIR_OUT : TT_DIR_IN,
			            c->desired, c->desired,
			            TT_SCHED_FAILURE_MIN_ABOVE_MAX);
		if (a->has_min)
			b.max = b.min;
		else
			b.min = b.max;
	}
	c->bounds = b;
	return move_into_bounds(sc, i);
}

tt_code tt_scheduler_due(tt_scheduler *sc)
{
	const tt_scenario *s = sc->w.s;
	tt_time_us now = tt_engine_now(sc->w.engine);
	for (size_t i = 0; i < s->n_scheduled; i++) {
		if (sc->next_us[i] != now)
			continue;
		tt_code rc = run_action(sc, i);
		if (rc)
			return rc;
		plan_next(sc, i, now - s->aws.scheduled_delay_us + 1);
	}
	return queue_next(sc);
}

tt_code tt_scheduler_retry(tt_scheduler *sc)
{
	if (!sc->waiting || sc->w.ctl->in_progress > 0)
		return TT_OK;
	sc->waiting = false;
	return move_into_bounds(sc, sc->waiting_action);
}

tt_code tt_scheduler_activity_done(tt_scheduler *sc, uint64_t tag)
{
	tt_sched_activity *a = &sc->acts[tag & ~TT_SCHEDULER_TAG];
	tt_controller *c = sc->w.ctl;
	tt_time_us now = tt_engine_now(sc->w.engine);
	a->in_use = false;
	c->in_progress--;
	if (sc->w.s->aws.scheduled_starts_cooldown)
		start_cooldown(c, a, now);
	tt_code rc = emit(sc, TT_EVENT_COMPLETED, a->action, a->direction,
	                  a->from, a->to, TT_SCHED_FAILURE_NONE);
	return rc ? rc : tt_scheduler_retry(sc);
}

void tt_scheduler_release(tt_scheduler *sc)
{
	if (!sc)
		return;
	free(sc->plans);
	free(sc->next_us);
	free(sc->acts);
	memset(sc, 0, sizeof *sc);
}
