/*
 * csv_recorder.c - timeline.csv and events.csv, written while the run goes.
 *
 * The recorder is the run's tt_recorder: the engine calls it at the start
 * (the header rows), once per simulation period (a timeline row) and once
 * per scaling event (an events row).  It keeps nothing of the run but the
 * scenario pointer and one row's buffer, so a run of any length writes in
 * constant memory.  CSV is RFC 4180 with "\n" line ends, names quoted by
 * tt_fmt_csv_field; numbers go through tt_fmt_finite and times through
 * tt_time_format_s, so every byte is a function of the inputs and the
 * seed, and a NaN or an infinity stops the run with an internal error
 * instead of reaching the file.
 */
#include "ttsim/csv_recorder.h"

#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "hpa_config.h"
#include "step.h"
#include "ttsim/decision.h"
#include "scheduled_action.h"
#include "ttsim/fmt.h"
#include "ttsim/sim.h"
#include "ttsim/simtime.h"

/* The longest row: fixed columns, the action, and per policy a number
 * and two alarm states; generous, as it is allocated once. */
#define ROW_FIXED_MAX (256 + 4 * TT_FMT_BUF)
#define ROW_POLICY_MAX (TT_FMT_BUF + 2 * 24)
/* A user alarm's column: a comma and a state's name. */
#define ROW_ALARM_MAX 24

static const char *action_name(tt_action a)
{
	switch (a) {
	case TT_ACTION_SCALE_OUT:
		return "scale_out";
	case TT_ACTION_SCALE_IN:
		return "scale_in";
	case TT_ACTION_NOT_SCALED:
		return "not_scaled:";
	case TT_ACTION_NONE:
		break;
	}
	return "none";
}

static tt_code csv_begin(void *ctx, const tt_scenario *s, bool wallclock,
                         int64_t origin_unix_s, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	r->s = s;
	r->wallclock = wallclock;
	r->origin_unix_s = origin_unix_s;
	if (r->timeline) {
		FILE *f = r->timeline;
		fputs("time_s,invocations,desired,in_service,pending", f);
		/* Only for an inference component, whose desired capacity
		 * counts copies and in_service and pending instances. */
		if (s->ic.on)
			fputs(",copies_in_service,copies_pending,no_capacity",
			      f);
		/* Only with scheduled actions: files of runs without keep
		 * their columns. */
		if (s->n_scheduled)
			fputs(",min,max", f);
		fputs(",metric,alarm_high,alarm_low,action", f);
		for (size_t i = 1; i < s->n_policies; i++) {
			static const char *const cols[] = {
			        ".metric", ".alarm_high", ".alarm_low"};
			for (size_t c = 0; c < 3; c++) {
				char name[512];
				snprintf(name, sizeof name, "%s%s",
				         s->policies[i].name, cols[c]);
				fputc(',', f);
				tt_fmt_csv_field(f, name);
			}
		}
		/* Only with user alarms (step scaling): files of runs
		 * without keep their columns. */
		for (size_t i = 0; i < s->n_alarms; i++) {
			char name[512];
			snprintf(name, sizeof name, "alarm:%s",
			         s->alarms[i].def->name);
			fputc(',', f);
			tt_fmt_csv_field(f, name);
		}
		if (s->mode == TT_MODE_REQUEST)
			fputs(",p50_ms,p99_ms,errors", f);
		if (wallclock)
			fputs(",timestamp", f);
		fputc('\n', f);
	}
	if (r->events)
		/* the invoking alarm only where step policies can have one */
		fputs(s->n_step_policies
		              ? "time_s,policy,direction,from,to,reason,alarm\n"
		              : "time_s,policy,direction,from,to,reason\n",
		      r->events);
	r->line_cap = ROW_FIXED_MAX + ROW_POLICY_MAX * s->n_policies +
	              ROW_ALARM_MAX * s->n_alarms;
	free(r->line);
	r->line = malloc(r->line_cap);
	if (!r->line)
		return tt_diag_nomem(d, (tt_loc){0});
	return TT_OK;
}

/*
 * Timeline rows are the bulk of the output (125,000 for the World Cup
 * trace), so each is built in r->line and written with one fwrite.  The
 * buffer is sized in csv_begin for the longest possible row.
 */
static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

static char *put_int(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return p + tt_fmt_uint((uint64_t)-v, p);
	}
	return p + tt_fmt_uint((uint64_t)v, p);
}

/* A number cell; after a refused value (*rc set) the row is abandoned. */
static char *put_number(char *p, double v, const char *col, tt_code *rc,
                        tt_diag *d)
{
	char num[TT_FMT_BUF];
	if (!*rc)
		*rc = tt_fmt_finite(v, "timeline.csv", col, num, d);
	return *rc ? p : put_str(p, num);
}

/*
 * What the first policy's columns show when a scenario has no
 * target-tracking policy (step policies only): the columns stay
 * (docs/outputs.md), empty and INSUFFICIENT_DATA.  An HPA's row has its
 * first metric in `metric` and no alarm: those cells are empty.
 */
static const tt_row_policy no_policy = {0};

static char *put_policy_cols(char *p, const tt_row_policy *pol, bool alarms,
                             tt_code *rc, tt_diag *d)
{
	*p++ = ',';
	if (pol->has_metric)
		p = put_number(p, pol->metric, "metric", rc, d);
	*p++ = ',';
	if (alarms)
		p = put_str(p, tt_alarm_state_name(pol->high));
	*p++ = ',';
	return alarms ? put_str(p, tt_alarm_state_name(pol->low)) : p;
}

static tt_code csv_row(void *ctx, const tt_row *row, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	tt_code rc = TT_OK;
	if (!r->timeline)
		return TT_OK;
	char *p = r->line;
	char t[32];
	p = put_str(p, tt_time_format_s(row->start_us, t));
	*p++ = ',';
	p = put_int(p, (int64_t)row->invocations);
	*p++ = ',';
	p = put_int(p, row->desired);
	*p++ = ',';
	p = put_int(p, row->in_service);
	*p++ = ',';
	p = put_int(p, row->pending);
	if (row->ic) {
		*p++ = ',';
		p = put_int(p, row->copies_in_service);
		*p++ = ',';
		p = put_int(p, row->copies_pending);
		*p++ = ',';
		p = put_number(p, row->no_capacity, "no_capacity", &rc, d);
	}
	if (r->s->n_scheduled) {
		*p++ = ',';
		p = put_int(p, row->min);
		*p++ = ',';
		p = put_int(p, row->max);
	}
	bool hpa = r->s->controller != TT_CONTROLLER_AWS;
	p = put_policy_cols(p,
	                    r->s->n_policies || hpa ? &row->policies[0]
	                                            : &no_policy,
	                    !hpa, &rc, d);
	*p++ = ',';
	p = put_str(p, action_name(row->action));
	if (row->action == TT_ACTION_NOT_SCALED)
		p = put_str(p, tt_reason_name(row->reason));
	for (size_t i = 1; i < r->s->n_policies; i++)
		p = put_policy_cols(p, &row->policies[i], true, &rc, d);
	for (size_t i = 0; i < r->s->n_alarms; i++) {
		*p++ = ',';
		p = put_str(p, tt_alarm_state_name(row->alarms[i]));
	}
	if (r->s->mode == TT_MODE_REQUEST) {
		*p++ = ',';
		if (row->has_latency)
			p = put_number(p, row->p50_ms, "p50_ms", &rc, d);
		*p++ = ',';
		if (row->has_latency)
			p = put_number(p, row->p99_ms, "p99_ms", &rc, d);
		*p++ = ',';
		p = put_int(p, (int64_t)row->errors);
	}
	if (rc)
		return rc;
	if (r->wallclock) {
		char ts[TT_FMT_BUF];
		int64_t unix_s = r->origin_unix_s + row->start_us / TT_US_PER_S;
		*p++ = ',';
		p = put_str(p, tt_fmt_iso8601(unix_s, ts));
	}
	*p++ = '\n';
	fwrite(r->line, 1, (size_t)(p - r->line), r->timeline);
	return TT_OK;
}

static tt_code csv_event(void *ctx, const tt_event_row *ev, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	FILE *f = r->events;
	(void)d;
	if (!f)
		return TT_OK;
	char t[32];
	fputs(tt_time_format_s(ev->time_us, t), f);
	fputc(',', f);
	/* A scheduled action's rows name the action where a policy's name
	 * their policy (docs/outputs.md). */
	if (ev->scheduled)
		tt_fmt_csv_field(f, r->s->scheduled[ev->action].name);
	else if (ev->step)
		tt_fmt_csv_field(f, r->s->step_policies[ev->policy].name);
	else if (r->s->controller != TT_CONTROLLER_AWS)
		/* KEDA's own 0 <-> 1 rows name the ScaledObject */
		tt_fmt_csv_field(f, ev->policy == TT_EVENT_KEDA
		                            ? r->s->keda->name
		                            : r->s->hpa->name);
	else
		tt_fmt_csv_field(f, r->s->policies[ev->policy].name);
	const char *reason = "";
	switch (ev->kind) {
	case TT_EVENT_DECISION:
		reason = "InProgress";
		break;
	case TT_EVENT_COMPLETED:
		reason = "Successful";
		break;
	case TT_EVENT_NOT_SCALED:
		reason = tt_reason_name(ev->reason);
		break;
	case TT_EVENT_SCHEDULED_WAITING:
		reason = "Waiting";
		break;
	case TT_EVENT_SCHEDULED_FAILED:
		reason = ev->failure == TT_SCHED_FAILURE_MIN_ABOVE_MAX
		                 ? "MinCapacityAboveMaxCapacity"
		                 : tt_reason_name(TT_REASON_UNSCALABLE);
		break;
	}
	fprintf(f, ",%s,%d,%d,%s", tt_direction_name(ev->direction), ev->from,
	        ev->to, reason);
	if (r->s->n_step_policies) {
		fputc(',', f);
		if (ev->step && ev->alarm != TT_EVENT_NO_ALARM)
			tt_fmt_csv_field(f, r->s->alarms[ev->alarm].def->name);
	}
	fputc('\n', f);
	return TT_OK;
}

void tt_csv_recorder_release(tt_csv_recorder *r)
{
	if (!r)
		return;
	free(r->line);
	r->line = NULL;
	r->line_cap = 0;
}

void tt_csv_recorder_init(tt_csv_recorder *r, FILE *timeline, FILE *events)
{
	memset(r, 0, sizeof *r);
	r->timeline = timeline;
	r->events = events;
	r->rec.ctx = r;
	r->rec.begin = csv_begin;
	r->rec.row = csv_row;
	r->rec.event = csv_event;
}
