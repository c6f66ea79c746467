/*
 * sim.c - one fluid-mode run: the period clock and the wiring.
 *
 * The period clock is two events per period end t:
 *
 *   TICK(t)  scheduled at t - P; does nothing but queue EVAL(t)
 *   EVAL(t)  closes period [t - P, t), publishes datapoints, evaluates the
 *            alarms, asks the controller, applies the decision, records
 *
 * Why the detour: SPEC.md says anything due at t (an instance coming into
 * service, a removal completing and so a cooldown starting) takes effect
 * before the evaluation at t.  Such events may have been queued after
 * TICK(t) was (a 30 s deprovisioning scheduled during EVAL(t - P) lands on
 * t), but they are all queued before TICK(t) runs; EVAL(t), queued by
 * TICK(t) at time t, therefore runs after every one of them, by the
 * engine's FIFO order for equal times.  No priorities needed.  When
 * nothing else is due at t, TICK(t) runs EVAL(t) itself: the same order,
 * one event fewer.
 *
 * User alarms (step scaling, SPEC.md 12.2) put more instants on the same
 * clock: each alarm is evaluated at the end of each of its own periods and
 * invokes its step policies on entering ALARM, then every
 * alarm_action_repeat while it stays there.  The clock is one chain of
 * TICK/EVAL pairs over the union of those instants (schedule_next), so an
 * alarm costs an event per evaluation or invocation, never a scan, and a
 * run without user alarms has exactly the events it always had.  At an
 * instant EVAL does, in order: the period's datapoints and target
 * tracking's alarms (when a simulation period ends there), the user
 * alarms' evaluations, their invocations (an evaluation due at the same
 * instant comes first), and one decision of the controller over all of
 * them (SPEC.md 12.6).
 */
#include "ttsim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "alarm_def.h"
#include "cold_start.h"
#include "controller.h"
#include "engine.h"
#include "fleet.h"
#include "grow.h"
#include "metrics.h"
#include "pool.h"
#include "step.h"
#include "scheduler.h"
#include "ttsim/workload.h"

#include "sim_hpa.h"
#include "sim_request.h"

typedef struct policy_state {
	const tt_policy *p;
	tt_metric_source src;
	tt_series series;
	tt_alarm high;
	tt_alarm low;
	tt_time_us period_us;
	int64_t delay_periods; /* the metric delay in its periods, rounded up */
	int64_t ratio;      /* policy period / simulation period */
	tt_period_load acc; /* the policy period being built (ratio > 1) */
} policy_state;

/*
 * A user alarm (SPEC.md 12.2): its metric's datapoints, built like a
 * policy's from the simulation periods, go into buckets of the alarm's
 * Period, and the alarm reads those.
 */
typedef struct alarm_state {
	const tt_user_alarm *ua;
	tt_metric_source src;
	tt_buckets buckets;
	tt_alarm alarm;
	tt_time_us period_us; /* the alarm's Period */
	tt_time_us lag_us;    /* tt_alarm_lag_us */
	int64_t ratio;        /* metric resolution / simulation period */
	tt_period_load acc;   /* the metric's period being built */
	tt_time_us next_eval_us;
	tt_time_us next_invoke_us; /* TT_TIME_MAX: not in ALARM */
} alarm_state;

/* A scaling activity in progress: what started it, for its completion
 * (a pool.h record: in_use first). */
typedef struct activity {
	bool in_use;
	tt_decision dec;
} activity;

typedef struct sim {
	const tt_scenario *s;
	const tt_recorder *rec;
	tt_diag *d;
	tt_summary *sum;

	tt_engine engine;
	tt_fleet fleet;
	tt_controller ctl;
	tt_workload *wl;
	bool request;  /* request mode */
	tt_reqmode rm; /* request mode's arrivals, server, service times */
	tt_cold_starts cold; /* an inference component's waits after zero */
	tt_hpa_run hpa;      /* controller: hpa */
	tt_row_policy hpa_row; /* its first metric, as a row shows it */

	policy_state *ps;
	tt_policy_view *views;
	tt_row_policy *rowp;

	alarm_state *as; /* one per user alarm, s->n_alarms */
	tt_alarm_state *row_alarms;
	tt_step_invocation *inv; /* this instant's invocations */
	size_t cap_inv;
	double *win_v; /* an alarm's window, for a step's V */
	unsigned char *win_p;
	tt_time_us repeat_us; /* alarm_action_repeat */
	tt_decision row_dec;  /* what the row shows: see row_decision */

	activity *acts; /* activities in progress, by tag */
	size_t cap_acts;
	tt_scheduler sched; /* scheduled actions: their tags and events */

	int64_t n_periods;   /* -1: until the workload ends */
	int64_t done;        /* periods completed */
	uint64_t next_count; /* invocations of period `done`, read ahead */
	bool ended;          /* no period after `done` */

	/* over-target flags of the last max_ratio simulation periods, by
	 * period & over_mask (a ring of a power of two >= max_ratio) */
	unsigned char *over;
	int64_t max_ratio;
	int64_t over_mask;

	tt_time_us desired_since;
	double desired_us;

	/* elasticity: the first policy's demand for the step being closed */
	tt_elasticity el;
	bool el_has_demand;
	int64_t el_demand;
	tt_time_us el_dt_us;
} sim;

void tt_summary_release(tt_summary *sum)
{
	if (!sum)
		return;
	free(sum->policies);
	tt_diag_list_release(&sum->notes);
	memset(sum, 0, sizeof *sum);
}

static tt_code emit_event(sim *m, tt_event_kind kind, const tt_decision *dec)
{
	if (!m->rec || !m->rec->event)
		return TT_OK;
	tt_event_row ev = {.time_us = tt_engine_now(&m->engine),
	                   .kind = kind,
	                   .policy = dec->policy,
	                   .direction = dec->direction,
	                   .from = dec->from,
	                   .to = dec->to,
	                   .reason = dec->reason,
	                   .step = dec->step,
	                   .alarm = dec->step ? dec->alarm : TT_EVENT_NO_ALARM};
	return m->rec->event(m->rec->ctx, &ev, m->d);
}

static void account_desired(sim *m, tt_time_us now);

static tt_code on_activity_done(void *ctx, uint64_t tag)
{
	sim *m = ctx;
	/* A scheduled change may follow any completion (scheduler.c). */
	if (m->s->n_scheduled)
		account_desired(m, tt_engine_now(&m->engine));
	if (tt_scheduler_owns(tag))
		return tt_scheduler_activity_done(&m->sched, tag);
	activity *a = &m->acts[tag];
	a->in_use = false;
	/* an HPA keeps no cooldowns and is never Updating */
	if (m->s->controller == TT_CONTROLLER_AWS)
		tt_controller_activity_done(&m->ctl,
		                            tt_engine_now(&m->engine), &a->dec);
	tt_code rc = emit_event(m, TT_EVENT_COMPLETED, &a->dec);
	return rc ? rc : tt_scheduler_retry(&m->sched);
}

/* Scheduled actions due now: before EVAL(now), which is queued later. */
static tt_code on_scheduled(tt_engine *e, void *ctx, uint64_t arg)
{
	sim *m = ctx;
	(void)arg;
	account_desired(m, tt_engine_now(e));
	return tt_scheduler_due(&m->sched);
}

/* Integrate the desired capacity up to now, before it changes. */
static void account_desired(sim *m, tt_time_us now)
{
	m->desired_us +=
	        (double)m->ctl.desired * (double)(now - m->desired_since);
	m->desired_since = now;
}

static tt_code apply(sim *m, const tt_decision *dec)
{
	tt_summary *sum = m->sum;
	if (dec->action == TT_ACTION_NOT_SCALED) {
		sum->not_scaled[dec->reason]++;
		return emit_event(m, TT_EVENT_NOT_SCALED, dec);
	}
	if (dec->action != TT_ACTION_SCALE_OUT &&
	    dec->action != TT_ACTION_SCALE_IN)
		return TT_OK;
	if (dec->action == TT_ACTION_SCALE_OUT)
		sum->scale_out_activities++;
	else
		sum->scale_in_activities++;
	if (dec->to > sum->peak_desired)
		sum->peak_desired = dec->to;
	tt_code rc = emit_event(m, TT_EVENT_DECISION, dec);
	if (rc)
		return rc;
	size_t id = 0;
	if (tt_pool_grab((void **)&m->acts, &m->cap_acts, sizeof *m->acts,
	                 &id))
		return tt_diag_nomem(m->d, (tt_loc){0});
	m->acts[id].in_use = true;
	m->acts[id].dec = *dec;
	rc = tt_fleet_scale(&m->fleet, dec->from, dec->to, id);
	if (rc == TT_ENOMEM)
		return tt_diag_nomem(m->d, (tt_loc){0});
	return rc;
}

static tt_code on_tick(tt_engine *e, void *ctx, uint64_t arg);

/*
 * Read the next period's invocations ahead of time, so the run can stop
 * exactly at the end of the last period: when the duration is reached, or,
 * with no duration, when the trace has nothing more.
 */
static tt_code fetch_next(sim *m)
{
	if (m->n_periods >= 0 && m->done >= m->n_periods) {
		m->ended = true;
		return TT_OK;
	}
	if (m->request) {
		/* every arrival before now is handled: none left, the end */
		if (m->n_periods < 0 && tt_reqmode_arrivals_over(&m->rm))
			m->ended = true;
		return TT_OK;
	}
	bool ended = false;
	tt_code rc = tt_workload_next(m->wl, &m->next_count, &ended, m->d);
	if (rc)
		return rc;
	if (ended && m->n_periods < 0)
		m->ended = true;
	return TT_OK;
}

/*
 * The first policy's demand d_t for the elasticity metrics
 * (docs/outputs.md): for InvocationsPerInstance, every simulation period,
 * the period's invocations scaled to the metric period over the target;
 * for any other metric, when its datapoint is published, the mean number
 * in service behind the datapoint times the datapoint over the target.
 * Either is a count of instance-loads, rounded up to instances as the
 * capacity formula rounds (tt_capacity_ceil, with its epsilon and bounds).
 * `pl` is the load behind the datapoint (policy_step's).
 */
static void elastic_demand(sim *m, const policy_state *ps,
                           const tt_period_load *pl, bool published,
                           bool present, double v, uint64_t count)
{
	m->el_has_demand = false;
	if (ps->src.kind == TT_SOURCE_INVOCATIONS_PER_INSTANCE) {
		m->el_has_demand = true;
		m->el_demand =
		        tt_capacity_ceil((double)count * (double)ps->ratio /
		                         ps->p->target_value);
		m->el_dt_us = m->s->period_us;
		return;
	}
	if (!published || !present || pl->served_us <= 0)
		return;
	double in_service = pl->active_us / (double)pl->served_us;
	m->el_has_demand = true;
	m->el_demand = tt_capacity_ceil(in_service * v / ps->p->target_value);
	m->el_dt_us = ps->period_us;
}

/*
 * The newest period of policy `ps` whose datapoint is visible at the end
 * of its period j: those ending by (j + 1) P - delay, so period
 * floor(j + 1 - delay / P) - 1 = j - ceil(delay / P), or none (-1).
 * Without a division: this runs every period.
 */
static int64_t newest_visible(const policy_state *ps, int64_t j)
{
	int64_t newest = j - ps->delay_periods;
	return newest < 0 ? -1 : newest;
}

/*
 * Policy i's part of the evaluation closing simulation period k: add the
 * period's load to the policy's metric period, publish the datapoint when
 * that period is complete, and evaluate the alarms when their period ends
 * with it.  Returns whether the alarms were evaluated.
 */
static bool policy_step(sim *m, size_t i, int64_t k,
                        const tt_period_load *load)
{
	policy_state *ps = &m->ps[i];
	tt_row_policy *row = &m->rowp[i];
	tt_policy_view *view = &m->views[i];

	/*
	 * The load of the policy's metric period: when it is one simulation
	 * period long, that period's own, as adding it to the cleared
	 * ps->acc would copy it (its figures are counts, flags and sums that
	 * start at +0, so never -0.0, and active_lo is 0 whenever active_hi
	 * is); else the periods so far, summed in ps->acc.
	 */
	const tt_period_load *pl = load;
	if (ps->ratio > 1) {
		tt_period_load_add(&ps->acc, load);
		pl = &ps->acc;
	}
	/* Whether the policy's period j ends with this one (divisions only
	 * for a policy period longer than the simulation's). */
	bool closes = ps->ratio == 1 || (k + 1) % ps->ratio == 0;
	int64_t j = ps->ratio == 1 ? k : (k + 1) / ps->ratio - 1;
	row->has_metric = false;
	if (i == 0 && !closes)
		elastic_demand(m, ps, pl, false, false, 0, load->invocations);
	if (closes) {
		double v = 0;
		bool present = tt_metric_datapoint(&ps->src, pl, &v);
		if (i == 0)
			elastic_demand(m, ps, pl, true, present, v,
			               load->invocations);
		tt_series_put(&ps->series, j, present, v);
		row->has_metric = present;
		row->metric = v;
		tt_policy_summary *psum = &m->sum->policies[i];
		if (!present) {
			psum->missing++;
		} else {
			psum->datapoints++;
			/* "Over target" is AlarmHigh's side of it: ask the
			 * policy's own AlarmHigh (threshold TargetValue)
			 * rather than build a one-datapoint pair per
			 * datapoint as tt_controller_breaches_high does. */
			if (tt_alarm_breaches(&ps->high, v)) {
				psum->over_target_us += ps->period_us;
				/* every simulation period it covers */
				for (int64_t q = 0; q < ps->ratio; q++)
					m->over[(k - q) & m->over_mask] = 1;
			}
		}
		if (ps->ratio > 1)
			memset(&ps->acc, 0, sizeof ps->acc);
	}

	/* The alarms are evaluated at the ends of the policy's periods,
	 * which are the ends of simulation periods where it closes one
	 * (its period is a whole number of them). */
	view->evaluated = false;
	if (closes) {
		int64_t newest = newest_visible(ps, j);
		tt_alarm_evaluate(&ps->high, &ps->series, newest);
		tt_alarm_evaluate(&ps->low, &ps->series, newest);
		view->evaluated = true;
		view->high = ps->high.state;
		view->low = ps->low.state;
		view->has_value =
		        tt_series_get(&ps->series, newest, &view->value);
	}
	row->high = ps->high.state;
	row->low = ps->low.state;
	return view->evaluated;
}

/*
 * The next instant anything is due on the clock: the end of the current
 * simulation period, or a user alarm's next evaluation or invocation.
 */
static tt_code schedule_next(sim *m)
{
	tt_time_us next = (m->done + 1) * m->s->period_us;
	for (size_t i = 0; i < m->s->n_alarms; i++) {
		const alarm_state *a = &m->as[i];
		if (a->next_eval_us < next)
			next = a->next_eval_us;
		if (a->next_invoke_us < next)
			next = a->next_invoke_us;
	}
	return tt_engine_at(&m->engine, next, on_tick, m, 0);
}

/*
 * Simulation period k ended: each user alarm adds the period's load to
 * its metric's period, and when that is complete its datapoint, stamped
 * at the period's start, goes into the alarm's buckets.
 */
static void alarms_take_period(sim *m, int64_t k, const tt_period_load *load)
{
	for (size_t i = 0; i < m->s->n_alarms; i++) {
		alarm_state *a = &m->as[i];
		tt_period_load_add(&a->acc, load);
		if ((k + 1) % a->ratio != 0)
			continue;
		double v = 0;
		bool present = tt_metric_datapoint(&a->src, &a->acc, &v);
		tt_time_us stamp = (k + 1 - a->ratio) * m->s->period_us;
		tt_buckets_add(&a->buckets, stamp, present, v);
		memset(&a->acc, 0, sizeof a->acc);
	}
}

/*
 * Alarm i invokes its step policies now: each gets V over the window the
 * alarm last evaluated, aggregated by its MetricAggregationType (SPEC.md
 * 12.3); with no datapoint present, no action and no record.
 */
static void invoke(sim *m, size_t i, size_t *n_inv)
{
	const tt_scenario *s = m->s;
	alarm_state *a = &m->as[i];
	const tt_alarm_def *def = a->ua->def;
	tt_step_knobs k;
	tt_step_knobs_from_aws(&k, &s->aws);
	size_t n = tt_alarm_window(&a->alarm, &a->buckets.series, m->win_v,
	                           m->win_p);
	for (size_t j = 0; j < a->ua->n_policies; j++) {
		size_t p = a->ua->policies[j];
		double v;
		if (!tt_step_metric_value(s->step_policies[p].aggregation,
		                          k.window, m->win_v, m->win_p, n, &v))
			continue;
		m->inv[(*n_inv)++] = (tt_step_invocation){
		        p, i, v, def->threshold, tt_alarm_op_above(def->op)};
	}
}

/*
 * The user alarms' part of the instant `now`: first every evaluation due
 * now, then every invocation due now, into m->inv.  An alarm invokes on
 * entering ALARM, then every alarm_action_repeat counted from that
 * instant (0: at each evaluation) while it stays in ALARM (SPEC.md 12.2).
 */
static void user_alarms_at(sim *m, tt_time_us now, size_t *n_inv)
{
	*n_inv = 0;
	for (size_t i = 0; i < m->s->n_alarms; i++) {
		alarm_state *a = &m->as[i];
		if (now != a->next_eval_us)
			continue;
		bool was_alarm = a->alarm.state == TT_ALARM_ALARM;
		/* the newest bucket ends lag before now */
		int64_t newest = (now - a->lag_us) / a->period_us - 1;
		tt_alarm_evaluate(&a->alarm, &a->buckets.series, newest);
		a->next_eval_us += a->period_us;
		if (a->alarm.state != TT_ALARM_ALARM)
			a->next_invoke_us = TT_TIME_MAX;
		else if (!was_alarm)
			a->next_invoke_us = now;
		m->row_alarms[i] = a->alarm.state;
	}
	for (size_t i = 0; i < m->s->n_alarms; i++) {
		alarm_state *a = &m->as[i];
		if (now != a->next_invoke_us)
			continue;
		invoke(m, i, n_inv);
		a->next_invoke_us =
		        m->repeat_us > 0 ? now + m->repeat_us : a->next_eval_us;
	}
}

/* The row's policy columns: target tracking's, or an HPA's first metric
 * as measured at its last sync. */
static const tt_row_policy *row_policies(sim *m)
{
	if (m->s->controller == TT_CONTROLLER_AWS)
		return m->rowp;
	m->hpa_row.has_metric = m->hpa.has_value;
	m->hpa_row.metric = m->hpa.value;
	return &m->hpa_row;
}

/*
 * What a timeline row shows as its action: the decision recorded in its
 * period, a scaling one over a NotScaled, the later of two alike.  Without
 * user alarms decisions happen only at the row's end, so it is that one.
 */
static void row_decision(sim *m, const tt_decision *dec)
{
	if (dec->action == TT_ACTION_NONE)
		return;
	bool scaled = dec->action != TT_ACTION_NOT_SCALED;
	bool had = m->row_dec.action == TT_ACTION_SCALE_OUT ||
	           m->row_dec.action == TT_ACTION_SCALE_IN;
	if (scaled || !had)
		m->row_dec = *dec;
}

/*
 * An inference component's period (SPEC.md 13.2): the requests that found
 * no copy serving, and in fluid mode the cold-start episodes.  Fluid mode
 * spreads arrivals evenly, so the unserved share of the period's time
 * fails; an episode opens at the first failing instant of the first
 * period with failures (its start, or when the last copy left) and closes
 * at the first period with load that ends with a copy serving, at the
 * instant the copy began to serve, or the period's start if later.
 * Request mode counts and times single requests (sim_request.c).
 */
static tt_code ic_period(sim *m, tt_period_load *load)
{
	const tt_fleet *f = &m->fleet;
	if (!m->request) {
		tt_time_us start = load->start_us;
		load->no_capacity = (double)load->invocations *
		                    (double)(load->len_us - load->served_us) /
		                    (double)load->len_us;
		/* a copy that began to serve inside the period came after
		 * the period's failures */
		bool woke = f->wake_ups > 0 && f->woke_us > start;
		if (load->no_capacity > 0)
			tt_cold_start_failed(
			        &m->cold,
			        f->emptied_us > start ? f->emptied_us : start,
			        f->wake_ups - woke);
		if (m->cold.open && f->in_service > 0 && load->invocations) {
			tt_time_us t = woke ? f->woke_us : start;
			if (t < m->cold.since)
				t = m->cold.since;
			if (tt_cold_start_served(&m->cold, t))
				return tt_diag_nomem(m->d, (tt_loc){0});
		}
	}
	m->sum->no_capacity += load->no_capacity;
	return TT_OK;
}

static tt_code on_eval(tt_engine *e, void *ctx, uint64_t arg)
{
	sim *m = ctx;
	const tt_scenario *s = m->s;
	tt_time_us now = tt_engine_now(e);
	int64_t k = m->done; /* the period [now - P, now), if it ends now */
	bool period_end = now == (k + 1) * s->period_us;
	(void)arg;

	tt_code rc;
	uint64_t count = 0;
	double no_capacity = 0;
	tt_server_period sp = {0};
	bool any_evaluated = false;

	if (period_end) {
		tt_fleet_advance(&m->fleet, now);
		/* copied from a zero constant, not zero-filled: a compiler
		 * may clear 88 bytes with `rep stos`, slow to start */
		static const tt_period_load none;
		tt_period_load load = none;
		load.start_us = now - s->period_us;
		load.len_us = s->period_us;
		load.invocations = m->next_count;
		tt_fleet_take_period(&m->fleet, &load);
		if (m->request)
			tt_reqmode_take_period(&m->rm, &load, &sp);
		count = load.invocations;
		m->sum->invocations += count;
		if (s->ic.on && (rc = ic_period(m, &load)))
			return rc;
		no_capacity = load.no_capacity;

		m->over[k & m->over_mask] = 0;
		for (size_t i = 0; i < s->n_policies; i++)
			any_evaluated |= policy_step(m, i, k, &load);
		/* A simulation period leaves the ring once every policy
		 * covering it has published its datapoint. */
		int64_t leaving = k + 1 - m->max_ratio;
		if (leaving >= 0 && m->over[leaving & m->over_mask])
			m->sum->over_target_us += s->period_us;
		alarms_take_period(m, k, &load);
	}
	size_t n_inv = 0;
	user_alarms_at(m, now, &n_inv);

	tt_decision dec = {.action = TT_ACTION_NONE,
	                   .from = m->ctl.desired,
	                   .to = m->ctl.desired};
	if (any_evaluated || n_inv > 0) {
		account_desired(m, now);
		/* target tracking's views only at its evaluations */
		dec = tt_controller_decide(&m->ctl, now,
		                           period_end ? m->views : NULL, m->inv,
		                           n_inv);
		rc = apply(m, &dec);
		if (rc)
			return rc;
		row_decision(m, &dec);
	}
	if (!period_end)
		return schedule_next(m);

	/* s_t: in service as the timeline row says, after the evaluation */
	if (m->el_has_demand)
		tt_elasticity_add(&m->el, m->el_demand, m->fleet.in_service,
		                  m->el_dt_us);

	if (m->rec && m->rec->row) {
		tt_row row = {.start_us = now - s->period_us,
		              .invocations = count,
		              .desired = m->ctl.desired,
		              .in_service =
		                      tt_fleet_instances_in_service(&m->fleet),
		              .pending = tt_fleet_instances_pending(&m->fleet),
		              .ic = s->ic.on,
		              .copies_in_service = m->fleet.in_service,
		              .copies_pending = m->fleet.pending,
		              .no_capacity = no_capacity,
		              .action = m->row_dec.action,
		              .reason = m->row_dec.reason,
		              .policies = row_policies(m),
		              .has_latency = sp.completed > 0,
		              .p50_ms = sp.p50_us / 1e3,
		              .p99_ms = sp.p99_us / 1e3,
		              .errors = sp.errors,
		              .min = m->ctl.bounds.min,
		              .max = m->ctl.bounds.max,
		              .alarms = m->row_alarms};
		rc = m->rec->row(m->rec->ctx, &row, m->d);
		if (rc)
			return rc;
	}
	m->row_dec = (tt_decision){.action = TT_ACTION_NONE};

	m->done++;
	rc = fetch_next(m);
	if (rc)
		return rc;
	if (m->ended) {
		/* Nothing after the last period runs: pending launches and
		 * removals beyond the end are not part of the run. */
		tt_engine_stop(e);
		return TT_OK;
	}
	return schedule_next(m);
}

static tt_code on_tick(tt_engine *e, void *ctx, uint64_t arg)
{
	/* See the file comment: EVAL(t) must follow everything due at t;
	 * with nothing else due at t (most periods) it runs right away, as
	 * it would have next. */
	if (!tt_engine_due_now(e))
		return on_eval(e, ctx, arg);
	return tt_engine_at(e, tt_engine_now(e), on_eval, ctx, arg);
}

static void sim_release(sim *m)
{
	if (m->ps) {
		for (size_t i = 0; i < m->s->n_policies; i++) {
			tt_series_release(&m->ps[i].series);
			tt_metric_source_release(&m->ps[i].src);
		}
	}
	free(m->ps);
	free(m->views);
	free(m->rowp);
	free(m->acts);
	tt_scheduler_release(&m->sched);
	free(m->over);
	if (m->as) {
		for (size_t i = 0; i < m->s->n_alarms; i++) {
			tt_buckets_release(&m->as[i].buckets);
			tt_metric_source_release(&m->as[i].src);
		}
	}
	free(m->as);
	free(m->row_alarms);
	free(m->inv);
	free(m->win_v);
	free(m->win_p);
	tt_controller_release(&m->ctl);
	tt_reqmode_release(&m->rm);
	tt_cold_starts_release(&m->cold);
	tt_hpa_run_release(&m->hpa);
	tt_workload_close(m->wl);
	tt_fleet_release(&m->fleet);
	tt_engine_release(&m->engine);
}

/* Request mode's figures for the whole run. */
static void request_summary(sim *m, tt_summary *sum)
{
	tt_server *sv = &m->rm.server;
	const tt_histogram *h = &sv->latency_total;
	sum->completed = sv->completed_total;
	sum->errors = sv->errors_total;
	sum->over_slo = sv->over_slo;
	if (h->total > 0)
		sum->latency_mean_ms = h->sum / (double)h->total / 1e3;
	sum->latency_p50_ms = tt_histogram_quantile(h, 0.5) / 1e3;
	sum->latency_p90_ms = tt_histogram_quantile(h, 0.9) / 1e3;
	sum->latency_p99_ms = tt_histogram_quantile(h, 0.99) / 1e3;
	sum->latency_p999_ms = tt_histogram_quantile(h, 0.999) / 1e3;
	sum->latency_max_ms = tt_histogram_quantile(h, 1.0) / 1e3;
	tt_time_us now = tt_engine_now(&m->engine);
	sv->in_system_us += (double)sv->in_system * (double)(now - sv->last_us);
	sv->last_us = now;
	if (now > 0)
		sum->in_system_mean = sv->in_system_us / (double)now;
}

/* An inference component's figures for the whole run (SPEC.md 13.2). */
static void ic_summary(sim *m, tt_summary *sum, tt_time_us end)
{
	const tt_fleet *f = &m->fleet;
	sum->ic = true;
	sum->peak_copies = f->peak_in_service;
	if (end > 0)
		sum->mean_copies = f->in_service_us / (double)end;
	sum->zero_copies_us = f->empty_us;
	sum->wake_ups = f->wake_ups;
	sum->cold_starts = m->cold.n;
	sum->cold_start_p50_us = tt_cold_start_quantile(&m->cold, 0.5);
	sum->cold_start_p99_us = tt_cold_start_quantile(&m->cold, 0.99);
	sum->cold_start_max_us = tt_cold_start_quantile(&m->cold, 1.0);
}

static tt_code setup_policies(sim *m)
{
	const tt_scenario *s = m->s;
	size_t n = s->n_policies;
	m->ps = calloc(n, sizeof *m->ps);
	m->views = calloc(n, sizeof *m->views);
	m->rowp = calloc(n, sizeof *m->rowp);
	m->sum->policies = calloc(n, sizeof *m->sum->policies);
	if (!m->ps || !m->views || !m->rowp || !m->sum->policies)
		return tt_diag_nomem(m->d, (tt_loc){0});
	m->sum->n_policies = n;
	m->max_ratio = 1;
	for (size_t i = 0; i < n; i++) {
		const tt_policy *p = &s->policies[i];
		policy_state *ps = &m->ps[i];
		ps->p = p;
		tt_code rc = tt_metric_source_init(&ps->src, s, p, m->d);
		if (rc)
			return rc;
		ps->period_us = tt_policy_period_us(p);
		tt_time_us delay_us = tt_scenario_metric_delay(s, p);
		if (ps->period_us % s->period_us != 0)
			return tt_diag_set(m->d, TT_EINVAL, p->loc,
			                   "the simulation period does not "
			                   "divide policy '%s''s metric period",
			                   p->name);
		ps->ratio = ps->period_us / s->period_us;
		/* a duration: >= 0 */
		ps->delay_periods = delay_us / ps->period_us +
		                    (delay_us % ps->period_us > 0);
		if (ps->ratio > m->max_ratio)
			m->max_ratio = ps->ratio;
		tt_alarm_shape hi = tt_scenario_alarm_high(s, p);
		tt_alarm_shape lo = tt_scenario_alarm_low(s, p);
		tt_controller_alarms_init(&ps->high, &ps->low, p->target_value,
		                          s->aws.low_ratio, hi, lo);
		/* The ring holds the longest window plus the datapoints not
		 * yet visible. */
		int64_t window =
		        hi.periods > lo.periods ? hi.periods : lo.periods;
		size_t cap = (size_t)(window + delay_us / ps->period_us + 2);
		if (tt_series_init(&ps->series, cap))
			return tt_diag_nomem(m->d, (tt_loc){0});
		m->views[i].high = TT_ALARM_INSUFFICIENT_DATA;
		m->views[i].low = TT_ALARM_INSUFFICIENT_DATA;
	}
	size_t ring = tt_ring_size((size_t)m->max_ratio);
	m->over_mask = (int64_t)ring - 1;
	m->over = ring ? calloc(ring, 1) : NULL;
	if (!m->over)
		return tt_diag_nomem(m->d, (tt_loc){0});
	return TT_OK;
}

/*
 * The user alarms (SPEC.md 12.2): each one's metric source, resolved as
 * a policy's; its lag; its buckets, kept for its window plus the buckets
 * written before they are visible; and its clock, first evaluated at the
 * end of its first Period.
 */
static tt_code setup_alarms(sim *m)
{
	const tt_scenario *s = m->s;
	size_t n = s->n_alarms;
	m->repeat_us = tt_controller_action_repeat_us(s);
	if (n == 0)
		return TT_OK;
	if (tt_controller_steps_init(&m->ctl))
		return tt_diag_nomem(m->d, (tt_loc){0});
	m->as = calloc(n, sizeof *m->as);
	m->row_alarms = calloc(n, sizeof *m->row_alarms);
	if (!m->as || !m->row_alarms)
		return tt_diag_nomem(m->d, (tt_loc){0});
	size_t window = 1;
	for (size_t i = 0; i < n; i++) {
		const tt_user_alarm *ua = &s->alarms[i];
		const tt_alarm_def *def = ua->def;
		alarm_state *a = &m->as[i];
		a->ua = ua;
		a->next_invoke_us = TT_TIME_MAX;
		tt_code rc = tt_metric_source_init_alarm(&a->src, s, i, m->d);
		if (rc)
			return rc;
		tt_time_us res = tt_metric_resolution_us(s, &ua->metric);
		if (res % s->period_us != 0)
			return tt_diag_set(m->d, TT_EINVAL, def->loc,
			                   "the simulation period does not "
			                   "divide the resolution of alarm "
			                   "'%s''s metric",
			                   def->name);
		a->ratio = res / s->period_us;
		a->period_us = def->period_us;
		a->lag_us = tt_alarm_lag_us(a->period_us, res,
		                            tt_metric_delay_us(s, &ua->metric));
		a->next_eval_us = a->period_us;
		tt_alarm_init_def(&a->alarm, def);
		size_t periods = (size_t)def->evaluation_periods;
		size_t cap = periods + (size_t)(a->lag_us / a->period_us) +
		             (size_t)(res / a->period_us) + 2;
		if (tt_buckets_init(&a->buckets, a->period_us, res,
		                    def->statistic, cap))
			return tt_diag_nomem(m->d, (tt_loc){0});
		m->row_alarms[i] = a->alarm.state;
		m->cap_inv += ua->n_policies;
		if (periods > window)
			window = periods;
	}
	m->inv = calloc(m->cap_inv ? m->cap_inv : 1, sizeof *m->inv);
	m->win_v = calloc(window, sizeof *m->win_v);
	m->win_p = calloc(window, sizeof *m->win_p);
	if (!m->inv || !m->win_v || !m->win_p)
		return tt_diag_nomem(m->d, (tt_loc){0});
	return TT_OK;
}

/* ---- controller: hpa (sim_hpa.h) ---- */

/* Invocations arrived in [0, now): counted in request mode; in fluid mode
 * the closed periods' and the current one's share, spread evenly. */
static double hpa_arrivals(void *ctx)
{
	sim *m = ctx;
	if (m->request)
		return (double)m->rm.arrived;
	tt_time_us start = m->done * m->s->period_us;
	double into = (double)(tt_engine_now(&m->engine) - start) /
	              (double)m->s->period_us;
	return (double)m->sum->invocations + (double)m->next_count * into;
}

static double hpa_rate_now(void *ctx)
{
	sim *m = ctx;
	return (double)m->next_count / ((double)m->s->period_us / 1e6);
}

static int hpa_replicas(void *ctx)
{
	return ((sim *)ctx)->ctl.desired;
}

/* The HPA's (or KEDA's) new replica count, applied as any decision is. */
static tt_code hpa_scale(void *ctx, int from, int to, bool keda)
{
	sim *m = ctx;
	tt_decision dec = {
	        .action = to > from ? TT_ACTION_SCALE_OUT : TT_ACTION_SCALE_IN,
	        .direction = to > from ? TT_DIR_OUT : TT_DIR_IN,
	        .policy = keda ? TT_EVENT_KEDA : 0,
	        .from = from,
	        .to = to};
	account_desired(m, tt_engine_now(&m->engine));
	m->ctl.desired = to;
	row_decision(m, &dec);
	return apply(m, &dec);
}

static tt_code hpa_start(sim *m)
{
	tt_hpa_wiring w = {m->s,
	                   &m->engine,
	                   &m->fleet,
	                   m->request ? &m->rm.server : NULL,
	                   m->d,
	                   m,
	                   hpa_arrivals,
	                   m->request ? NULL : hpa_rate_now,
	                   hpa_replicas,
	                   hpa_scale};
	return tt_hpa_run_init(&m->hpa, &w);
}

tt_code tt_sim_run(const tt_scenario *s, const tt_recorder *rec,
                   tt_summary *sum, tt_diag *d)
{
	sim m;
	memset(&m, 0, sizeof m);
	memset(sum, 0, sizeof *sum);
	m.s = s;
	m.rec = rec;
	m.d = d;
	m.sum = sum;
	tt_engine_init(&m.engine);
	tt_controller_init(&m.ctl, s);

	tt_code rc = setup_policies(&m);
	if (!rc)
		rc = setup_alarms(&m);
	if (rc)
		goto out_release;
	m.request = s->mode == TT_MODE_REQUEST;
	sum->request = m.request;
	rc = tt_workload_open(&s->workload, s->seed, s->period_us, &sum->notes,
	                      &m.wl, d);
	if (rc)
		goto out_release;
	m.n_periods = s->duration_us > 0 ? (s->duration_us + s->period_us - 1) /
	                                           s->period_us
	                                 : -1;
	/* request mode reads arrivals ahead: never past the run's end */
	if (m.n_periods >= 0)
		tt_workload_set_horizon(m.wl, m.n_periods * s->period_us);
	if (m.request && (rc = tt_reqmode_init(&m.rm, &m.engine, s, m.wl, d)))
		goto out_release;
	rc = tt_fleet_init(&m.fleet, &m.engine, s, s->initial_capacity,
	                   on_activity_done, &m,
	                   m.request ? &m.rm.hooks : NULL);
	if (rc) {
		if (!d->msg[0])
			tt_diag_set(d, rc, (tt_loc){0}, "%s",
			            tt_code_message(rc));
		goto out_release;
	}
	if (m.request) {
		m.rm.fleet = &m.fleet;
		m.rm.cold = s->ic.on ? &m.cold : NULL;
		tt_engine_set_stream(&m.engine, &m.rm.stream);
	}
	sum->peak_desired = s->initial_capacity;

	int64_t origin = 0;
	bool wall = tt_scheduler_wallclock(s, m.wl, &origin);
	tt_scheduler_wiring sw = {s,   &m.engine, &m.ctl,       &m.fleet, rec,
	                          sum, d,         on_scheduled, &m};
	rc = tt_scheduler_init(&m.sched, &sw, wall, origin,
	                       m.n_periods >= 0 ? m.n_periods * s->period_us
	                                        : TT_TIME_MAX);
	if (rc)
		goto out_release;
	if (rec && rec->begin) {
		rc = rec->begin(rec->ctx, s, wall, origin, d);
		if (rc)
			goto out_release;
	}
	rc = fetch_next(&m);
	if (!rc && s->controller != TT_CONTROLLER_AWS)
		rc = hpa_start(&m);
	if (rc)
		goto out_release;
	if (!m.ended) {
		rc = schedule_next(&m);
		if (!rc)
			rc = tt_engine_run(&m.engine, TT_TIME_MAX);
		if (rc == TT_ENOMEM)
			tt_diag_nomem(d, (tt_loc){0});
		else if (rc == TT_EINVAL && !d->msg[0])
			tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
			            "event scheduled in the past");
		if (rc)
			goto out_release;
	}

	/* Flush the periods still in the over-target ring. */
	for (int64_t q = m.done - m.max_ratio + 1; q < m.done; q++) {
		if (q >= 0 && m.over[q & m.over_mask])
			sum->over_target_us += s->period_us;
	}
	tt_time_us end = m.done * s->period_us;
	tt_fleet_advance(&m.fleet, end);
	account_desired(&m, end);
	sum->simulated_us = end;
	sum->periods = (uint64_t)m.done;
	sum->instance_hours = tt_fleet_billed_us(&m.fleet) / 3.6e9;
	sum->cost = sum->instance_hours * s->price_per_hour;
	sum->final_desired = m.ctl.desired;
	sum->peak_in_service = tt_fleet_peak_instances(&m.fleet);
	if (m.request)
		request_summary(&m, sum);
	tt_elasticity_figures_of(&m.el, &sum->elasticity);
	if (end > 0) {
		sum->mean_desired = m.desired_us / (double)end;
		sum->mean_in_service =
		        tt_fleet_instances_us(&m.fleet) / (double)end;
	}
	if (s->ic.on)
		ic_summary(&m, sum, end);
	if (s->controller != TT_CONTROLLER_AWS)
		sum->over_target_us = m.hpa.over_target_us;
	sim_release(&m);
	return TT_OK;

out_release:
	sim_release(&m);
	tt_summary_release(sum);
	return rc;
}
