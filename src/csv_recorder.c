/*
 * csv_recorder.c - timeline.csv and events.csv, written while the run goes.
 *
 * The recorder is the run's tt_recorder: the engine calls it at the start
 * (the header rows), once per simulation period (a timeline row) and once
 * per scaling event (an events row).  It keeps nothing of the run but the
 * scenario pointer, 64 KiB of rows waiting for each file and the names
 * events.csv quotes, so a run of any length writes in constant memory (unless it is kept for
 * its pictures, below).  CSV is RFC 4180 with
 * "\n" line ends, names quoted by tt_fmt_csv_field; numbers go through
 * tt_fmt_finite and times through tt_time_format_s, so every byte is a
 * function of the inputs and the seed, and a NaN or an infinity stops the
 * run with an internal error instead of reaching the file.
 *
 * This is also the one place that decides what each cell holds for a run
 * kept in memory for its pictures (tt_csv_recorder_keep): every cell is
 * handed over as the bytes written and, for a number, the value they
 * read back as, so the pictures `ttsim run` draws from memory are those
 * `ttsim plot` draws from the files.
 */
#include "ttsim/csv_recorder.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "hpa_config.h"
#include "plot_series.h"
#include "step.h"
#include "ttsim/decision.h"
#include "scheduled_action.h"
#include "ttsim/fmt.h"
#include "ttsim/sim.h"
#include "ttsim/simtime.h"

/* The longest row: fixed columns, the action, and per policy a number
 * and two alarm states; generous, as it is allocated once. */
#define ROW_FIXED_MAX (512 + 4 * TT_FMT_BUF)
#define ROW_POLICY_MAX (TT_FMT_BUF + 2 * 24)
/* A user alarm's column: a comma and a state's name. */
#define ROW_ALARM_MAX 24

/* A name events.csv writes, as the CSV field tt_fmt_csv_field makes it. */
typedef struct quoted_name {
	const char *raw; /* the scenario's, borrowed */
	char *csv;
	size_t len;
} quoted_name;

/*
 * Rows waiting for one file.  Each row is built in place at the end of
 * buf, and the batch is written at once when it passes BATCH bytes (the
 * rest on release): a long run writes 220,000 rows, and an fwrite each
 * cost about what building them did.  Without a file each row is built
 * at the start of buf and goes nowhere (a run kept but not written).
 */
typedef struct batch {
	FILE *f;
	char *buf;
	size_t len;     /* bytes waiting */
	size_t row_max; /* room for a row after them: buf has BATCH + row_max */
} batch;

#define BATCH (64 * 1024)

/*
 * The rows waiting, the names quoted so far (a run's events name a
 * handful), and the timestamp of the day the last row fell in.
 */
struct tt_csv_cache {
	batch rows;   /* timeline.csv's */
	batch events; /* events.csv's */
	quoted_name *v;
	size_t n, cap;
	int64_t day;           /* unix days; -1: none yet */
	char date[TT_FMT_BUF]; /* its midnight, "1998-04-30T00:00:00Z" */
};

/* Room for a row of row_max bytes after those waiting; false: no memory. */
static bool batch_room(batch *b, size_t row_max)
{
	if (b->buf && row_max <= b->row_max)
		return true;
	char *buf = realloc(b->buf, BATCH + row_max);
	if (!buf)
		return false;
	b->buf = buf;
	b->row_max = row_max;
	return true;
}

static void batch_flush(batch *b)
{
	if (b->f && b->len > 0)
		fwrite(b->buf, 1, b->len, b->f);
	b->len = 0;
}

/* The row that starts at b->buf + b->len ends at `end`. */
static void batch_add(batch *b, const char *end)
{
	if (!b->f)
		return; /* nowhere to go: the next row starts over */
	b->len = (size_t)(end - b->buf);
	if (b->len >= BATCH)
		batch_flush(b);
}

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

/*
 * The timeline's header: each column's name written (quoted as a CSV
 * field) and, for a run kept in memory, handed over as a cell.
 */
typedef struct header_out {
	FILE *f;
	tt_plot_cell *names; /* NULL: none kept */
	size_t n, cap;
	bool nomem;
} header_out;

static void header_col(header_out *h, const char *name)
{
	if (h->f) {
		if (h->n)
			fputc(',', h->f);
		tt_fmt_csv_field(h->f, name);
	}
	if (h->names && !h->nomem) {
		/* the names are kept until the header is handed over */
		size_t len = strlen(name);
		char *copy = h->n < h->cap ? malloc(len + 1) : NULL;
		if (copy) {
			memcpy(copy, name, len + 1);
			h->names[h->n] = (tt_plot_cell){copy, len, false, 0};
		}
		h->nomem = !copy;
	}
	h->n++;
}

/* The header's columns, in docs/outputs.md's order. */
static void header_cols(header_out *h, const tt_scenario *s, bool wallclock)
{
	static const char *const fixed[] = {"time_s", "invocations", "desired",
	                                    "in_service", "pending"};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		header_col(h, fixed[i]);
	/* Only for an inference component, whose desired capacity counts
	 * copies and in_service and pending instances. */
	if (s->ic.on) {
		header_col(h, "copies_in_service");
		header_col(h, "copies_pending");
		header_col(h, "no_capacity");
	}
	/* Only with scheduled actions: files of runs without keep their
	 * columns. */
	if (s->n_scheduled) {
		header_col(h, "min");
		header_col(h, "max");
	}
	header_col(h, "metric");
	header_col(h, "alarm_high");
	header_col(h, "alarm_low");
	header_col(h, "action");
	for (size_t i = 1; i < s->n_policies; i++) {
		static const char *const cols[] = {".metric", ".alarm_high",
		                                   ".alarm_low"};
		for (size_t c = 0; c < 3; c++) {
			char name[512];
			snprintf(name, sizeof name, "%s%s", s->policies[i].name,
			         cols[c]);
			header_col(h, name);
		}
	}
	/* Only with user alarms (step scaling): files of runs without keep
	 * their columns. */
	for (size_t i = 0; i < s->n_alarms; i++) {
		char name[512];
		snprintf(name, sizeof name, "alarm:%s", s->alarms[i].def->name);
		header_col(h, name);
	}
	if (s->mode == TT_MODE_REQUEST) {
		header_col(h, "p50_ms");
		header_col(h, "p99_ms");
		header_col(h, "errors");
	}
	if (wallclock)
		header_col(h, "timestamp");
	if (h->f)
		fputc('\n', h->f);
}

/* The header written, and handed over to r->keep. */
static tt_code write_header(tt_csv_recorder *r, const tt_scenario *s,
                            bool wallclock, tt_diag *d)
{
	header_out h = {.f = r->timeline};
	if (r->keep) {
		/* every policy and alarm has columns; 32 more at most */
		h.cap = 32 + 3 * s->n_policies + s->n_alarms;
		h.names = calloc(h.cap, sizeof *h.names);
		h.nomem = !h.names;
	}
	header_cols(&h, s, wallclock);
	tt_code rc = TT_OK;
	if (r->keep) {
		rc = h.nomem ? tt_diag_nomem(d, (tt_loc){0})
		             : tt_plot_keep_header(r->keep, h.names, h.n, d);
		for (size_t i = 0; h.names && i < h.n && i < h.cap; i++)
			free((char *)h.names[i].text);
		free(h.names);
	}
	return rc;
}

static tt_code csv_begin(void *ctx, const tt_scenario *s, bool wallclock,
                         int64_t origin_unix_s, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	r->s = s;
	r->wallclock = wallclock;
	r->origin_unix_s = origin_unix_s;
	tt_code rc;
	if ((r->timeline || r->keep) && (rc = write_header(r, s, wallclock, d)))
		return rc;
	/* the invoking alarm only where step policies can have one */
	size_t columns =
	        s->n_step_policies ? TT_PLOT_EC_COUNT : TT_PLOT_EC_COUNT - 1;
	if (r->events) {
		for (size_t i = 0; i < columns; i++) {
			fputs(i ? "," : "", r->events);
			fputs(tt_plot_event_columns[i], r->events);
		}
		fputc('\n', r->events);
		if (r->keep && (rc = tt_plot_keep_events(r->keep, columns, d)))
			return rc;
	}
	if (!r->cache && !(r->cache = calloc(1, sizeof *r->cache)))
		return tt_diag_nomem(d, (tt_loc){0});
	r->cache->day = -1;
	r->cache->rows.f = r->timeline;
	r->cache->events.f = r->events;
	if (!batch_room(&r->cache->rows,
	                ROW_FIXED_MAX + ROW_POLICY_MAX * s->n_policies +
	                        ROW_ALARM_MAX * s->n_alarms) ||
	    !batch_room(&r->cache->events, 256))
		return tt_diag_nomem(d, (tt_loc){0});
	return TT_OK;
}

/*
 * The row's timestamp, as tt_fmt_iso8601 writes it, at p; the end.  A
 * day has 1,440 rows of a minute: its date is formatted once, and each
 * row writes its time of day into a copy.
 */
static char *put_timestamp(struct tt_csv_cache *c, int64_t unix_s, char *p)
{
	int64_t day = unix_s / 86400, secs = unix_s % 86400;
	if (unix_s >= 0 && day != c->day) {
		tt_fmt_iso8601(day * 86400, c->date);
		c->day = strlen(c->date) == 20 ? day : -1; /* years 0-9999 */
	}
	if (unix_s < 0 || c->day != day) {
		tt_fmt_iso8601(unix_s, p);
		return p + strlen(p);
	}
	memcpy(p, c->date, 20);
	const int64_t hms[3] = {secs / 3600, secs / 60 % 60, secs % 60};
	for (int i = 0; i < 3; i++) {
		p[11 + 3 * i] = (char)('0' + hms[i] / 10);
		p[12 + 3 * i] = (char)('0' + hms[i] % 10);
	}
	return p + 20;
}

/*
 * Timeline rows are the bulk of the output (125,000 for the World Cup
 * trace), so each is built in place in its batch, which csv_begin gave
 * room for the longest possible row.  With a run
 * kept, each cell is noted as it is written: where its bytes are and,
 * for a number, its value, which is what those bytes read back as
 * (tt_fmt_finite writes the shortest text that does; -0 is written "0").
 */
typedef struct row_out {
	char *p;            /* the end of the row so far */
	tt_plot_cell *cell; /* the next cell; NULL: none kept */
	tt_code rc;         /* the first number refused */
	tt_diag *d;
} row_out;

static void note_cell(row_out *o, const char *text, bool number, double num)
{
	if (o->cell)
		*o->cell++ = (tt_plot_cell){text, (size_t)(o->p - text), number,
		                            num};
}

static void put_text(row_out *o, const char *s)
{
	char *text = o->p;
	size_t n = strlen(s);
	memcpy(o->p, s, n);
	o->p += n;
	note_cell(o, text, false, 0);
}

/* More text for the cell just written. */
static void put_more(row_out *o, const char *s)
{
	size_t n = strlen(s);
	memcpy(o->p, s, n);
	o->p += n;
	if (o->cell)
		o->cell[-1].len += n;
}

static void put_int(row_out *o, int64_t v)
{
	char *text = o->p;
	if (v < 0) {
		*o->p++ = '-';
		o->p += tt_fmt_uint((uint64_t)0 - (uint64_t)v, o->p);
	} else {
		o->p += tt_fmt_uint((uint64_t)v, o->p);
	}
	note_cell(o, text, true, (double)v);
}

/* A number cell, empty unless `has`; after a refused value (o->rc set)
 * the row is abandoned. */
static void put_number(row_out *o, bool has, double v, const char *col)
{
	char *text = o->p;
	double num = NAN;
	if (has && !o->rc) {
		o->rc = tt_fmt_finite(v, "timeline.csv", col, text, o->d);
		if (!o->rc) {
			o->p += strlen(text);
			num = v == 0 ? 0 : v;
		}
	}
	note_cell(o, text, true, num);
}

static void comma(row_out *o)
{
	*o->p++ = ',';
}

/*
 * What the first policy's columns show when a scenario has no
 * target-tracking policy (step policies only): the columns stay
 * (docs/outputs.md), empty and INSUFFICIENT_DATA.  An HPA's row has its
 * first metric in `metric` and no alarm: those cells are empty.
 */
static const tt_row_policy no_policy = {0};

static void put_policy_cols(row_out *o, const tt_row_policy *pol, bool alarms)
{
	comma(o);
	put_number(o, pol->has_metric, pol->metric, "metric");
	comma(o);
	put_text(o, alarms ? tt_alarm_state_name(pol->high) : "");
	comma(o);
	put_text(o, alarms ? tt_alarm_state_name(pol->low) : "");
}

/* The row's counts, up to its first policy's columns. */
static void put_counts(row_out *o, const tt_scenario *s, const tt_row *row)
{
	comma(o);
	put_int(o, (int64_t)row->invocations);
	comma(o);
	put_int(o, row->desired);
	comma(o);
	put_int(o, row->in_service);
	comma(o);
	put_int(o, row->pending);
	if (row->ic) {
		comma(o);
		put_int(o, row->copies_in_service);
		comma(o);
		put_int(o, row->copies_pending);
		comma(o);
		put_number(o, true, row->no_capacity, "no_capacity");
	}
	if (s->n_scheduled) {
		comma(o);
		put_int(o, row->min);
		comma(o);
		put_int(o, row->max);
	}
}

static tt_code csv_row(void *ctx, const tt_row *row, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	const tt_scenario *s = r->s;
	if (!r->timeline && !r->keep)
		return TT_OK;
	batch *b = &r->cache->rows;
	char *line = b->buf + b->len;
	row_out o = {line, r->keep ? r->keep->cells : NULL, TT_OK, d};
	/* the time: its text, and the value it reads back as (the
	 * microseconds are exact in a double) */
	tt_time_format_s(row->start_us, o.p);
	o.p += strlen(o.p);
	note_cell(&o, line, true, (double)row->start_us / 1e6);
	put_counts(&o, s, row);
	bool hpa = s->controller != TT_CONTROLLER_AWS;
	put_policy_cols(&o,
	                s->n_policies || hpa ? &row->policies[0] : &no_policy,
	                !hpa);
	comma(&o);
	put_text(&o, action_name(row->action));
	if (row->action == TT_ACTION_NOT_SCALED)
		put_more(&o, tt_reason_name(row->reason));
	for (size_t i = 1; i < s->n_policies; i++)
		put_policy_cols(&o, &row->policies[i], true);
	for (size_t i = 0; i < s->n_alarms; i++) {
		comma(&o);
		put_text(&o, tt_alarm_state_name(row->alarms[i]));
	}
	if (s->mode == TT_MODE_REQUEST) {
		comma(&o);
		put_number(&o, row->has_latency, row->p50_ms, "p50_ms");
		comma(&o);
		put_number(&o, row->has_latency, row->p99_ms, "p99_ms");
		comma(&o);
		put_int(&o, (int64_t)row->errors);
	}
	if (o.rc)
		return o.rc;
	if (r->wallclock) {
		int64_t unix_s = r->origin_unix_s + row->start_us / TT_US_PER_S;
		comma(&o);
		char *text = o.p;
		o.p = put_timestamp(r->cache, unix_s, o.p);
		note_cell(&o, text, false, 0);
	}
	*o.p++ = '\n';
	/* kept before the batch may be written and its bytes reused */
	tt_code rc = r->keep ? tt_plot_keep_row(r->keep, d) : TT_OK;
	batch_add(b, o.p);
	return rc;
}

/* The name's CSV field, quoted the first time it is met. */
static const quoted_name *quoted(struct tt_csv_cache *c, const char *raw)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].raw == raw)
			return &c->v[i];
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;
		quoted_name *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return NULL;
		c->v = v;
		c->cap = cap;
	}
	quoted_name *q = &c->v[c->n];
	q->raw = raw;
	q->csv = NULL;
	q->len = 0;
	FILE *f = open_memstream(&q->csv, &q->len);
	if (!f)
		return NULL;
	tt_fmt_csv_field(f, raw);
	if (fclose(f) != 0 || !q->csv) {
		free(q->csv);
		return NULL;
	}
	c->n++;
	return q;
}

/* Who an events row names: the action, the step policy, the HPA or
 * ScaledObject, or the target-tracking policy (docs/outputs.md). */
static const char *event_policy(const tt_scenario *s, const tt_event_row *ev)
{
	if (ev->scheduled)
		return s->scheduled[ev->action].name;
	if (ev->step)
		return s->step_policies[ev->policy].name;
	if (s->controller != TT_CONTROLLER_AWS)
		/* KEDA's own 0 <-> 1 rows name the ScaledObject */
		return ev->policy == TT_EVENT_KEDA ? s->keda->name
		                                   : s->hpa->name;
	return s->policies[ev->policy].name;
}

static const char *event_reason(const tt_event_row *ev)
{
	switch (ev->kind) {
	case TT_EVENT_DECISION:
		return "InProgress";
	case TT_EVENT_COMPLETED:
		return "Successful";
	case TT_EVENT_NOT_SCALED:
		return tt_reason_name(ev->reason);
	case TT_EVENT_SCHEDULED_WAITING:
		return "Waiting";
	case TT_EVENT_SCHEDULED_FAILED:
		return ev->failure == TT_SCHED_FAILURE_MIN_ABOVE_MAX
		               ? "MinCapacityAboveMaxCapacity"
		               : tt_reason_name(TT_REASON_UNSCALABLE);
	}
	return "";
}

/* An events row's cells, as the file and a run kept have them. */
static tt_plot_event_cells event_cells(const tt_scenario *s,
                                       const tt_event_row *ev)
{
	tt_plot_event_cells e = {ev->time_us,
	                         ev->from,
	                         ev->to,
	                         event_policy(s, ev),
	                         tt_direction_name(ev->direction),
	                         event_reason(ev),
	                         ""};
	if (s->n_step_policies && ev->step && ev->alarm != TT_EVENT_NO_ALARM)
		e.alarm = s->alarms[ev->alarm].def->name;
	return e;
}

static char *put_bytes(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static char *put_signed(char *p, int v)
{
	if (v < 0) {
		*p++ = '-';
		return p + tt_fmt_uint((uint64_t)0 - (uint64_t)(int64_t)v, p);
	}
	return p + tt_fmt_uint((uint64_t)v, p);
}

/* The row of `e`, built in place in its batch. */
static tt_code write_event(tt_csv_recorder *r, const tt_plot_event_cells *e,
                           tt_diag *d)
{
	const quoted_name *policy = quoted(r->cache, e->policy);
	const quoted_name *alarm =
	        r->s->n_step_policies ? quoted(r->cache, e->alarm) : NULL;
	if (!policy || (r->s->n_step_policies && !alarm))
		return tt_diag_nomem(d, (tt_loc){0});
	size_t dir = strlen(e->direction), reason = strlen(e->reason);
	size_t need =
	        96 + policy->len + dir + reason + (alarm ? alarm->len : 0);
	batch *b = &r->cache->events;
	if (!batch_room(b, need))
		return tt_diag_nomem(d, (tt_loc){0});
	char *p = b->buf + b->len;
	tt_time_format_s(e->time_us, p);
	p += strlen(p);
	*p++ = ',';
	p = put_bytes(p, policy->csv, policy->len);
	*p++ = ',';
	p = put_bytes(p, e->direction, dir);
	*p++ = ',';
	p = put_signed(p, e->from);
	*p++ = ',';
	p = put_signed(p, e->to);
	*p++ = ',';
	p = put_bytes(p, e->reason, reason);
	if (alarm) {
		*p++ = ',';
		p = put_bytes(p, alarm->csv, alarm->len);
	}
	*p++ = '\n';
	batch_add(b, p);
	return TT_OK;
}

static tt_code csv_event(void *ctx, const tt_event_row *ev, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	if (!r->events)
		return TT_OK;
	tt_plot_event_cells e = event_cells(r->s, ev);
	tt_code rc = write_event(r, &e, d);
	if (!rc && r->keep)
		rc = tt_plot_keep_event(r->keep, &e, d);
	return rc;
}

void tt_csv_recorder_release(tt_csv_recorder *r)
{
	if (!r)
		return;
	if (r->cache) {
		batch_flush(&r->cache->rows);
		batch_flush(&r->cache->events);
		free(r->cache->rows.buf);
		free(r->cache->events.buf);
		for (size_t i = 0; i < r->cache->n; i++)
			free(r->cache->v[i].csv);
		free(r->cache->v);
		free(r->cache);
		r->cache = NULL;
	}
}

void tt_csv_recorder_keep(tt_csv_recorder *r, tt_plot_run_data *keep)
{
	r->keep = keep;
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
