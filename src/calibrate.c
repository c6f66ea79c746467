/*
 * calibrate.c - match a recorded history of scaling activities to a
 * simulation of the same period.
 *
 * The simulation runs with a recorder that keeps its decisions, their
 * completions and its not-scaled decisions (a few numbers each: the run
 * keeps no history of its own).  Both sides are then put on one clock,
 * simulated time, whose 0 is the trace's first period: a recorded
 * StartTime T is T - origin.
 *
 * The rule, in docs/calibrate.md's words:
 *
 *   recorded  --A(out,4)-------B(in,3)--------C(out,5)-->
 *   simulated ----a(out,4)--b(in,3)----x(out,4)---------->
 *                 |<-dt->|
 *
 * Recorded scaling activities are taken oldest first; each takes the
 * unused simulated decision of the same direction and target count
 * nearest to it in decision time, if one lies within the window (ties:
 * the earlier).  A and a match, B and b; C (recorded only) and x
 * (simulated only) do not, although both scale out.  Greedy in time
 * order, each decision used once: simple to explain, and for decisions
 * minutes apart the same as an optimal assignment.
 */
#include "ttsim/calibrate.h"

#include <stdlib.h>
#include <string.h>

#include "activities.h"
#include "grow.h"
#include "ttsim/fmt.h"
#include "ttsim/simtime.h"
#include "ttsim/sim.h"

/* ---- the simulated side ---- */

typedef struct sim_act {
	tt_time_us decision_us;
	tt_direction direction;
	int from, to;
	bool has_completion;
	tt_time_us completion_us;
	tt_reason reason; /* not-scaled decisions */
	bool used;
} sim_act;

typedef struct sim_list {
	sim_act *items;
	size_t count, cap;
} sim_list;

/* A growing tt_cal_steps. */
typedef struct steps_build {
	tt_cal_steps st;
	size_t cap;
} steps_build;

typedef struct collector {
	const tt_scenario *s;
	sim_list decisions, not_scaled;
	bool wallclock;
	int64_t origin_unix_s;
	bool begun;
	double *load; /* invocations per timeline row */
	size_t periods, load_cap;
	bool copies; /* the rows count an inference component's copies */
	steps_build capacity; /* in service: each completion's target */
} collector;

/* Append a step at t (>= the last one's time); a step at the same time
 * as the last replaces it, and one of the same value is not added. */
static tt_code steps_add(steps_build *b, tt_time_us t, double v, tt_diag *d)
{
	tt_cal_steps *st = &b->st;
	if (st->count && st->time_us[st->count - 1] == t) {
		st->count--;
		if (st->count && st->value[st->count - 1] == v)
			return TT_OK;
	} else if (st->count && st->value[st->count - 1] == v) {
		return TT_OK;
	}
	if (st->count == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 64;
		tt_time_us *tp = realloc(st->time_us, nc * sizeof *tp);
		if (tp)
			st->time_us = tp;
		double *vp = tp ? realloc(st->value, nc * sizeof *vp) : NULL;
		if (!vp)
			return tt_diag_nomem(d, (tt_loc){0});
		st->value = vp;
		b->cap = nc;
	}
	st->time_us[st->count] = t;
	st->value[st->count++] = v;
	return TT_OK;
}

static void steps_release(tt_cal_steps *st)
{
	free(st->time_us);
	free(st->value);
	memset(st, 0, sizeof *st);
}

static tt_code list_push(sim_list *l, const sim_act *a, tt_diag *d)
{
	if (!tt_grow((void **)&l->items, &l->cap, l->count + 1,
	             sizeof *l->items, 64))
		return tt_diag_nomem(d, (tt_loc){0});
	l->items[l->count++] = *a;
	return TT_OK;
}

static tt_code on_begin(void *ctx, const tt_scenario *s, bool wallclock,
                        int64_t origin_unix_s, tt_diag *d)
{
	collector *c = ctx;
	c->begun = true;
	c->wallclock = wallclock;
	c->origin_unix_s = origin_unix_s;
	if (!wallclock)
		return tt_diag_set(d, TT_EINVAL, s->workload.loc,
		                   "calibrate needs the recorded workload as a "
		                   "trace with wall-clock times (a CloudWatch "
		                   "export), to put the recorded activities on "
		                   "its clock; this trace has none");
	return steps_add(&c->capacity, 0, s->initial_capacity, d);
}

static tt_code on_row(void *ctx, const tt_row *row, tt_diag *d)
{
	collector *c = ctx;
	if (!tt_grow((void **)&c->load, &c->load_cap, c->periods + 1,
	             sizeof *c->load, 256))
		return tt_diag_nomem(d, (tt_loc){0});
	c->load[c->periods++] = (double)row->invocations;
	c->copies = row->ic;
	return TT_OK;
}

static tt_code on_event(void *ctx, const tt_event_row *ev, tt_diag *d)
{
	collector *c = ctx;
	sim_act a = {ev->time_us, ev->direction, ev->from, ev->to, false,
	             0,           ev->reason,    false};
	switch (ev->kind) {
	case TT_EVENT_DECISION:
		return list_push(&c->decisions, &a, d);
	case TT_EVENT_NOT_SCALED:
		return list_push(&c->not_scaled, &a, d);
	case TT_EVENT_COMPLETED: {
		tt_code rc = steps_add(&c->capacity, ev->time_us, ev->to, d);
		if (rc)
			return rc;
		/* the oldest decision of this change still in progress */
		for (size_t i = 0; i < c->decisions.count; i++) {
			sim_act *x = &c->decisions.items[i];
			if (!x->has_completion && x->from == ev->from &&
			    x->to == ev->to && x->direction == ev->direction) {
				x->has_completion = true;
				x->completion_us = ev->time_us;
				break;
			}
		}
		return TT_OK;
	}
	default:
		return TT_OK;
	}
}

/* ---- the recorded side ---- */

/* Direction of a NotScaled activity: its target against the capacity it
 * gives, else what its reason implies. */
static tt_direction not_scaled_direction(const tt_activity *a)
{
	const tt_not_scaled *r = &a->not_scaled[0];
	if (a->target >= 0 && r->current_capacity >= 0 &&
	    a->target != r->current_capacity)
		return a->target > r->current_capacity ? TT_DIR_OUT : TT_DIR_IN;
	if (strcmp(r->code, "AlreadyAtMaxCapacity") == 0)
		return TT_DIR_OUT;
	if (strcmp(r->code, "AlreadyAtMinCapacity") == 0)
		return TT_DIR_IN;
	return TT_DIR_NONE;
}

/*
 * Direction of a scaling activity: its target against the capacity before
 * it (the previous one's target, or the scenario's initial capacity); an
 * activity that sets the capacity it already has is told by the alarm
 * named in its Cause (target tracking's AlarmHigh or AlarmLow).
 */
static tt_direction scaling_direction(const tt_activity *a, int64_t before)
{
	if (a->target != before)
		return a->target > before ? TT_DIR_OUT : TT_DIR_IN;
	if (a->cause && strstr(a->cause, "AlarmHigh"))
		return TT_DIR_OUT;
	if (a->cause && strstr(a->cause, "AlarmLow"))
		return TT_DIR_IN;
	return TT_DIR_NONE;
}

static bool is_scaling_status(tt_activity_status st)
{
	return st != TT_ACTIVITY_FAILED && st != TT_ACTIVITY_UNFULFILLED;
}

static tt_time_us abs_us(tt_time_us x)
{
	return x < 0 ? -x : x;
}

/*
 * The nearest unused item of `l` to time t within the window that
 * satisfies the filter (to < 0: any target); NULL when none.  The run
 * emits events in time order, so the window is found by bisection and
 * a six-week history of per-minute not-scaled decisions stays cheap.
 */
static sim_act *nearest(sim_list *l, tt_time_us t, tt_time_us window,
                        tt_direction dir, int to)
{
	size_t lo = 0, hi = l->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->items[mid].decision_us < t - window)
			lo = mid + 1;
		else
			hi = mid;
	}
	sim_act *best = NULL;
	for (size_t i = lo; i < l->count; i++) {
		sim_act *x = &l->items[i];
		if (x->decision_us > t + window)
			break;
		if (x->used || x->direction != dir || (to >= 0 && x->to != to))
			continue;
		/* ties: the earlier, which comes first in the list */
		if (!best ||
		    abs_us(x->decision_us - t) < abs_us(best->decision_us - t))
			best = x;
	}
	return best;
}

/* ---- rows and score ---- */

typedef struct builder {
	tt_cal_row *rows;
	size_t count, cap;
} builder;

static tt_code add_row(builder *b, const tt_cal_row *r, tt_diag *d)
{
	if (!tt_grow((void **)&b->rows, &b->cap, b->count + 1, sizeof *b->rows,
	             32))
		return tt_diag_nomem(d, (tt_loc){0});
	b->rows[b->count++] = *r;
	return TT_OK;
}

static tt_time_us row_time(const tt_cal_row *r)
{
	return r->recorded.present ? r->recorded.decision_us
	                           : r->simulated.decision_us;
}

/*
 * Merge the recorded rows (already in recorded time order) and the
 * simulated-only ones (in simulated time order) into *out by decision
 * time, a recorded row first at the same instant: a total order, so the
 * CSV is the same bytes on every platform.
 */
static tt_code merge_rows(const builder *rec, const builder *sim,
                          tt_cal_row **out, tt_diag *d)
{
	size_t n = rec->count + sim->count, i = 0, j = 0, k = 0;
	tt_cal_row *rows = malloc((n ? n : 1) * sizeof *rows);
	if (!rows)
		return tt_diag_nomem(d, (tt_loc){0});
	while (i < rec->count || j < sim->count) {
		bool take_rec =
		        j == sim->count ||
		        (i < rec->count &&
		         row_time(&rec->rows[i]) <= row_time(&sim->rows[j]));
		rows[k++] = take_rec ? rec->rows[i++] : sim->rows[j++];
	}
	*out = rows;
	return TT_OK;
}

static int by_value(const void *pa, const void *pb)
{
	tt_time_us a = *(const tt_time_us *)pa, b = *(const tt_time_us *)pb;
	return (a > b) - (a < b);
}

/* The median of n values (sorted in place): the middle one, or the
 * mean of the middle two, rounded toward zero. */
static tt_time_us median(tt_time_us *v, size_t n)
{
	qsort(v, n, sizeof *v, by_value);
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

static tt_code score(tt_calibration *c, tt_time_us window, tt_diag *d)
{
	tt_cal_score *sc = &c->score;
	tt_time_us *dec = malloc((c->count + 1) * sizeof *dec);
	tt_time_us *comp = malloc((c->count + 1) * sizeof *comp);
	size_t nd = 0, ncomp = 0;
	if (!dec || !comp) {
		free(dec);
		free(comp);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	for (size_t i = 0; i < c->count; i++) {
		const tt_cal_row *r = &c->rows[i];
		if (r->not_scaled || r->match != TT_CAL_MATCHED)
			continue;
		tt_time_us off =
		        r->simulated.decision_us - r->recorded.decision_us;
		dec[nd++] = off;
		if (!sc->has_decision ||
		    abs_us(off) > abs_us(sc->decision_max_us))
			sc->decision_max_us = off;
		sc->has_decision = true;
		if (r->recorded.has_completion && r->simulated.has_completion)
			comp[ncomp++] = r->simulated.completion_us -
			                r->recorded.completion_us;
	}
	double error_us = (double)(sc->recorded_only + sc->simulated_only) *
	                  (double)window;
	for (size_t i = 0; i < nd; i++)
		error_us += (double)abs_us(dec[i]);
	sc->decision_error_min = error_us / (double)TT_US_PER_MIN;
	if (nd)
		sc->decision_median_us = median(dec, nd);
	if (c->provisioning.count)
		qsort(c->provisioning.samples_us, c->provisioning.count,
		      sizeof *c->provisioning.samples_us, by_value);
	if (ncomp) {
		sc->has_completion = true;
		sc->completion_median_us = median(comp, ncomp);
	}
	free(dec);
	free(comp);
	return TT_OK;
}

/* Add a recorded provisioning delay to *p (unsorted until score()). */
static tt_code provisioning_add(tt_cal_provisioning *p, size_t *cap,
                                tt_time_us delay, tt_diag *d)
{
	if (!tt_grow((void **)&p->samples_us, cap, p->count + 1,
	             sizeof *p->samples_us, 16))
		return tt_diag_nomem(d, (tt_loc){0});
	p->samples_us[p->count++] = delay;
	return TT_OK;
}

static tt_code compare(const tt_scenario *s, const tt_activity_list *h,
                       collector *col, tt_time_us simulated_us,
                       tt_time_us window, tt_calibration *c, tt_diag *d)
{
	builder b = {0}, only = {0}; /* recorded rows; simulated-only */
	size_t prov_cap = 0;         /* of c->provisioning.samples_us */
	tt_cal_score *sc = &c->score;
	int64_t origin_us = col->origin_unix_s * TT_US_PER_S;
	int64_t before = s->initial_capacity;
	tt_code rc = TT_OK;

	for (size_t i = 0; i < h->count && !rc; i++) {
		const tt_activity *a = &h->items[i];
		tt_cal_row r;
		memset(&r, 0, sizeof r);
		r.activity_id = a->activity_id;
		r.recorded.present = true;
		r.recorded.decision_us = a->start_unix_us - origin_us;
		r.recorded.has_completion = a->has_end;
		r.recorded.completion_us = a->end_unix_us - origin_us;
		bool scaling = !a->not_scaled_count && a->target >= 0 &&
		               is_scaling_status(a->status);
		tt_direction dir = a->not_scaled_count ? not_scaled_direction(a)
		                   : scaling ? scaling_direction(a, before)
		                             : TT_DIR_NONE;
		if (scaling)
			before = a->target;
		if (scaling && dir == TT_DIR_OUT && a->has_end && !rc)
			rc = provisioning_add(&c->provisioning, &prov_cap,
			                      a->end_unix_us - a->start_unix_us,
			                      d);
		bool inside = r.recorded.decision_us >= 0 &&
		              r.recorded.decision_us < simulated_us;
		if (dir == TT_DIR_NONE || !inside) {
			sc->skipped++;
			continue;
		}
		r.direction = dir;
		sim_act *m;
		if (a->not_scaled_count) {
			r.not_scaled = true;
			r.to = -1;
			r.recorded_reason = a->not_scaled[0].code;
			m = nearest(&col->not_scaled, r.recorded.decision_us,
			            window, dir, -1);
		} else {
			r.to = (int)a->target;
			m = nearest(&col->decisions, r.recorded.decision_us,
			            window, dir, r.to);
		}
		r.match = m ? TT_CAL_MATCHED : TT_CAL_RECORDED_ONLY;
		if (m) {
			m->used = true;
			r.simulated = (tt_cal_side){true, m->decision_us,
			                            m->has_completion,
			                            m->completion_us};
			r.simulated_reason = m->reason;
		}
		if (r.not_scaled) {
			sc->not_scaled_matched += m != NULL;
			sc->not_scaled_unmatched += m == NULL;
			sc->not_scaled_agree +=
			        m && strcmp(tt_reason_name(m->reason),
			                    r.recorded_reason) == 0;
		} else {
			sc->matched += m != NULL;
			sc->recorded_only += m == NULL;
		}
		rc = add_row(&b, &r, d);
	}
	/* every simulated decision nothing recorded matched */
	for (size_t i = 0; i < col->decisions.count && !rc; i++) {
		const sim_act *m = &col->decisions.items[i];
		if (m->used)
			continue;
		tt_cal_row r;
		memset(&r, 0, sizeof r);
		r.match = TT_CAL_SIMULATED_ONLY;
		r.direction = m->direction;
		r.to = m->to;
		r.simulated =
		        (tt_cal_side){true, m->decision_us, m->has_completion,
		                      m->completion_us};
		sc->simulated_only++;
		rc = add_row(&only, &r, d);
	}
	if (!rc)
		rc = merge_rows(&b, &only, &c->rows, d);
	if (!rc)
		c->count = b.count + only.count;
	free(b.rows);
	free(only.rows);
	return rc ? rc : score(c, window, d);
}

/* ---- the two capacities ---- */

typedef struct completion {
	tt_time_us t;
	int64_t target;
	size_t order;
} completion;

static int by_completion(const void *pa, const void *pb)
{
	const completion *a = pa, *b = pb;
	if (a->t != b->t)
		return (a->t > b->t) - (a->t < b->t);
	return (a->order > b->order) - (a->order < b->order);
}

/*
 * The recorded capacity from the activities: the scenario's initial
 * capacity at 0, then each scaling activity's target from its EndTime
 * (when it was fulfilled), in order of EndTime.  An activity still in
 * progress has set nothing yet.
 */
static tt_code recorded_from_activities(const tt_scenario *s,
                                        const tt_activity_list *h,
                                        int64_t origin_us, tt_time_us end,
                                        steps_build *out, tt_diag *d)
{
	completion *c = malloc((h->count + 1) * sizeof *c);
	size_t n = 0;
	if (!c)
		return tt_diag_nomem(d, (tt_loc){0});
	for (size_t i = 0; i < h->count; i++) {
		const tt_activity *a = &h->items[i];
		if (a->not_scaled_count || a->target < 0 || !a->has_end ||
		    !is_scaling_status(a->status))
			continue;
		tt_time_us t = a->end_unix_us - origin_us;
		if (t >= 0 && t < end)
			c[n++] = (completion){t, a->target, i};
	}
	qsort(c, n, sizeof *c, by_completion);
	tt_code rc = steps_add(out, 0, s->initial_capacity, d);
	for (size_t i = 0; i < n && !rc; i++)
		rc = steps_add(out, c[i].t, (double)c[i].target, d);
	free(c);
	return rc;
}

/*
 * The recorded capacity from a CloudWatch export: each datapoint's value
 * over its period; unknown (-1) before the first, in a gap and after the
 * last.
 */
static tt_code recorded_from_export(const tt_capacity_export *x,
                                    int64_t origin_us, tt_time_us end,
                                    steps_build *out, tt_diag *d)
{
	tt_code rc = steps_add(out, 0, -1, d);
	for (size_t i = 0; i < x->count && !rc; i++) {
		tt_time_us t = x->unix_us[i] - origin_us;
		tt_time_us until = t + x->period_us;
		if (until <= 0)
			continue;
		if (t >= end)
			break;
		rc = steps_add(out, t > 0 ? t : 0, x->value[i], d);
		if (!rc && until < end &&
		    (i + 1 == x->count ||
		     x->unix_us[i + 1] - origin_us > until))
			rc = steps_add(out, until, -1, d);
	}
	return rc;
}

/*
 * Simulated above and below recorded, in instance-minutes, over [0, end)
 * where the recorded capacity is known: both are steps, so the integral
 * is exact between their change points.
 */
static void capacity_error(const tt_cal_steps *rec, const tt_cal_steps *sim,
                           tt_time_us end, double *above, double *below)
{
	size_t i = 0, j = 0;
	tt_time_us t = 0;
	double a = 0, b = 0;
	while (t < end && i < rec->count && j < sim->count) {
		tt_time_us ni = i + 1 < rec->count ? rec->time_us[i + 1] : end;
		tt_time_us nj = j + 1 < sim->count ? sim->time_us[j + 1] : end;
		tt_time_us next = ni < nj ? ni : nj;
		if (next > end)
			next = end;
		double r = rec->value[i], v = sim->value[j];
		double dt_min = (double)(next - t) / (double)TT_US_PER_MIN;
		if (r >= 0 && v > r)
			a += (v - r) * dt_min;
		else if (r >= 0 && v < r)
			b += (r - v) * dt_min;
		t = next;
		if (ni == next)
			i++;
		if (nj == next)
			j++;
	}
	*above = a;
	*below = b;
}

/* ---- running ---- */

struct tt_cal_history {
	tt_activity_list list;
};

tt_code tt_cal_history_parse(const char *text, size_t len, const char *name,
                             tt_cal_history **out, tt_diag *d)
{
	tt_cal_history *h = calloc(1, sizeof *h);
	if (!h)
		return tt_diag_nomem(d, (tt_loc){name, 0, 0});
	tt_code rc = tt_activities_parse(text, len, name, &h->list, d);
	if (rc) {
		free(h);
		return rc;
	}
	*out = h;
	return TT_OK;
}

void tt_cal_history_free(tt_cal_history *h)
{
	if (!h)
		return;
	tt_activity_list_release(&h->list);
	free(h);
}

tt_code tt_calibrate_history(const tt_scenario *s, const tt_cal_history *hist,
                             const tt_calibrate_options *o, tt_calibration *out,
                             tt_diag *d)
{
	const tt_activity_list *h = hist ? &hist->list : NULL;
	tt_calibration c;
	collector col;
	tt_summary sum;
	steps_build rec = {0};
	memset(&c, 0, sizeof c);
	memset(&col, 0, sizeof col);
	memset(&sum, 0, sizeof sum);
	tt_time_us window =
	        o && o->window_us > 0 ? o->window_us : TT_CALIBRATE_WINDOW_US;
	const tt_capacity_export *cap = o ? o->capacity : NULL;
	tt_code rc = TT_OK;
	if (!h && !cap)
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                 "calibrate needs the recorded activities, "
		                 "the recorded capacity, or both");
	else if (s->workload.kind != TT_WORKLOAD_TRACE)
		rc = tt_diag_set(d, TT_EINVAL, s->workload.loc,
		                 "calibrate needs the recorded workload as a "
		                 "trace with wall-clock times (a CloudWatch "
		                 "export), not a synthetic one");
	else if (h && s->resource)
		/* the dimension only when the scenario names it: a DynamoDB
		 * table's ResourceId alone does not say read or write */
		rc = tt_activities_check_resource(h, s->resource,
		                                  s->scalable_dimension, d);
	if (!rc) {
		col.s = s;
		tt_recorder r = {&col, on_begin, on_row, on_event};
		rc = tt_sim_run(s, &r, &sum, d);
	}
	if (!rc) {
		c.origin_unix_s = col.origin_unix_s;
		c.simulated_us = sum.simulated_us;
		c.period_us = s->period_us;
		rc = tt_diag_list_extend(&c.notes, &sum.notes);
	}
	/* without a history there is nothing to match the decisions to */
	c.has_activities = h != NULL;
	if (!rc && h)
		rc = compare(s, h, &col, sum.simulated_us, window, &c, d);
	int64_t origin_us = col.origin_unix_s * TT_US_PER_S;
	if (!rc)
		rc = cap ? recorded_from_export(cap, origin_us, c.simulated_us,
		                                &rec, d)
		         : recorded_from_activities(s, h, origin_us,
		                                    c.simulated_us, &rec, d);
	tt_summary_release(&sum);
	free(col.decisions.items);
	free(col.not_scaled.items);
	c.load = col.load;
	c.periods = col.periods;
	c.recorded_capacity = rec.st;
	c.capacity_from_export = cap != NULL;
	c.simulated_capacity = col.capacity.st;
	c.copies = col.copies;
	if (!rc && s->name && !(c.name = strdup(s->name)))
		rc = tt_diag_nomem(d, (tt_loc){0});
	if (rc) {
		tt_calibration_release(&c);
		return rc;
	}
	tt_cal_score *sc = &c.score;
	capacity_error(&c.recorded_capacity, &c.simulated_capacity,
	               c.simulated_us, &sc->above_instance_min,
	               &sc->below_instance_min);
	sc->loss = sc->decision_error_min + sc->above_instance_min +
	           sc->below_instance_min;
	*out = c;
	return TT_OK;
}

tt_code tt_calibrate_text(const tt_scenario *s, const char *text, size_t len,
                          const char *name, const tt_calibrate_options *o,
                          tt_calibration *out, tt_diag *d)
{
	tt_cal_history *h;
	tt_code rc = tt_cal_history_parse(text, len, name, &h, d);
	if (rc)
		return rc;
	if ((rc = tt_calibrate_history(s, h, o, out, d))) {
		tt_cal_history_free(h);
		return rc;
	}
	out->priv_ = h;
	return TT_OK;
}

tt_code tt_calibrate(const tt_scenario *s, const char *path, const char *name,
                     const tt_calibrate_options *o, tt_calibration *out,
                     tt_diag *d)
{
	char *text;
	size_t len;
	tt_code rc = tt_read_file(path, name, &text, &len, d);
	if (rc)
		return rc;
	rc = tt_calibrate_text(s, text, len, name, o, out, d);
	free(text);
	return rc;
}

const char *tt_cal_match_name(tt_cal_match m)
{
	switch (m) {
	case TT_CAL_MATCHED:
		return "matched";
	case TT_CAL_RECORDED_ONLY:
		return "recorded_only";
	case TT_CAL_SIMULATED_ONLY:
		return "simulated_only";
	}
	return "?";
}

/* A time in seconds (exact: up to six decimals), or an empty field. */
static void put_seconds(FILE *f, bool present, tt_time_us us)
{
	char buf[32];
	fputc(',', f);
	if (present)
		fputs(tt_time_format_s(us, buf), f);
}

tt_code tt_calibration_write_csv(const tt_calibration *c, FILE *f, tt_diag *d)
{
	(void)d; /* every figure is an exact integer of microseconds */
	fputs("match,kind,direction,to,activity_id,recorded_decision_s,"
	      "simulated_decision_s,decision_offset_s,recorded_completion_s,"
	      "simulated_completion_s,completion_offset_s,recorded_reason,"
	      "simulated_reason\n",
	      f);
	for (size_t i = 0; i < c->count; i++) {
		const tt_cal_row *r = &c->rows[i];
		const tt_cal_side *rs = &r->recorded, *ss = &r->simulated;
		bool both = rs->present && ss->present;
		bool both_end =
		        both && rs->has_completion && ss->has_completion;
		fprintf(f, "%s,%s,%s,", tt_cal_match_name(r->match),
		        r->not_scaled ? "not_scaled" : "scaling",
		        tt_direction_name(r->direction));
		if (r->to >= 0)
			fprintf(f, "%d", r->to);
		fputc(',', f);
		if (r->activity_id)
			tt_fmt_csv_field(f, r->activity_id);
		put_seconds(f, rs->present, rs->decision_us);
		put_seconds(f, ss->present, ss->decision_us);
		put_seconds(f, both, ss->decision_us - rs->decision_us);
		put_seconds(f, rs->present && rs->has_completion,
		            rs->completion_us);
		put_seconds(f, ss->present && ss->has_completion,
		            ss->completion_us);
		put_seconds(f, both_end, ss->completion_us - rs->completion_us);
		fputc(',', f);
		if (r->recorded_reason)
			tt_fmt_csv_field(f, r->recorded_reason);
		fputc(',', f);
		if (r->not_scaled && ss->present)
			fputs(tt_reason_name(r->simulated_reason), f);
		fputc('\n', f);
	}
	return TT_OK;
}

void tt_calibration_release(tt_calibration *c)
{
	if (!c)
		return;
	tt_cal_history_free(c->priv_);
	free(c->rows);
	free(c->load);
	free(c->name);
	steps_release(&c->recorded_capacity);
	steps_release(&c->simulated_capacity);
	free(c->provisioning.samples_us);
	tt_diag_list_release(&c->notes);
	memset(c, 0, sizeof *c);
}
