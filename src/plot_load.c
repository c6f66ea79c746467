/*
 * plot_load.c - a run's files read into the series a picture is drawn
 * from (plot_series.h).
 *
 * timeline.csv becomes a struct of arrays, allocated once at the file's
 * line count (the World Cup timeline has 125,000 rows, and doubling would
 * hold up to twice that), with the capacity bounds and the user alarms'
 * states when the run has them; events.csv a list of activities,
 * NotScaled decisions and scheduled actions' runs, each said to come
 * from a target-tracking policy, a step policy or a scheduled action;
 * summary.json the few things the picture names (the title,
 * the first policy's TargetValue and metric, the cooldowns, low_ratio,
 * the minimum capacity, an inference component's time at zero,
 * wake-ups and cold-start waits).  An inference component's timeline
 * has its copies and failed requests besides the instances.  Every number is bounded here, where its file
 * position is known, so the drawing cannot meet an infinity.  Absent
 * summary keys are left out of the picture rather than refused, so a
 * summary from an older ttsim still draws.
 */
#include "plot_series.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "node.h"
#include "ttsim/fmt.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"

/* ---- CSV ---- */

tt_code tt_plot_csv_open(tt_csv *c, const char *path, const char *what,
                         tt_diag *d)
{
	tt_loc loc = {path, 0, 0};
	struct stat st;
	memset(c, 0, sizeof *c);
	/* our own wording, not the trace reader's, and no directory */
	if (stat(path, &st) != 0)
		return tt_diag_set(d, TT_EIO, loc, "cannot open %s '%s': %s",
		                   what, path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return tt_diag_set(d, TT_EIO, loc, "cannot open %s '%s': %s",
		                   what, path, strerror(EISDIR));
	tt_code rc = tt_csv_open(c, path, path, loc, d);
	if (rc)
		return rc;
	bool got = false;
	rc = tt_csv_next(c, &got, d);
	if (!rc && !got)
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){c->name, 1, 1},
		                 "empty %s: expected a header row", what);
	if (rc)
		tt_csv_close(c);
	return rc;
}

size_t tt_plot_csv_col(const tt_csv *c, const char *name)
{
	for (size_t i = 0; i < c->n_fields; i++)
		if (tt_csv_is(c, i, name))
			return i;
	return SIZE_MAX;
}

/*
 * The header's names into buf, "'a', 'b'" (quoted) or "a, b"; false
 * when they do not fit.
 */
static bool header_list(const tt_csv *c, bool quoted, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < c->n_fields; i++) {
		size_t n;
		const char *s = tt_csv_text(c, i, &n);
		int w = snprintf(buf + used, size - used, "%s%s%.*s%s",
		                 i ? ", " : "", quoted ? "'" : "", (int)n, s,
		                 quoted ? "'" : "");
		if (w < 0 || (size_t)w >= size - used)
			return false;
		used += (size_t)w;
	}
	return true;
}

tt_code tt_plot_csv_missing(const tt_csv *c, const char *name, const char *what,
                            tt_diag *d)
{
	/*
	 * Every column, quoted when the message has room for the quotes,
	 * without them when not (a request-mode sweep has 50): never a
	 * list cut short, since the name the user meant may be the last.
	 */
	char have[TT_DIAG_MSG_MAX];
	size_t room = sizeof have - strlen(name) - strlen(what) - 48;
	if (!header_list(c, true, have, room) &&
	    !header_list(c, false, have, room))
		snprintf(have, sizeof have, "%zu columns, too many to list",
		         c->n_fields);
	return tt_diag_set(d, TT_EINVAL, (tt_loc){c->name, c->lineno, 1},
	                   "no column '%s' in the %s header (it has %s)", name,
	                   what, have);
}

tt_code tt_plot_csv_number(const tt_csv *c, size_t i, const char *col,
                           bool allow_empty, double *out, tt_diag *d)
{
	size_t n;
	const char *s = tt_csv_text(c, i, &n);
	char buf[64];
	char q[TT_CSV_QUOTE_SIZE];
	if (n == 0 && allow_empty) {
		*out = NAN;
		return TT_OK;
	}
	if (n > 0 && n < sizeof buf) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		char *end = NULL;
		double v = strtod(buf, &end);
		if (end == buf + n && isfinite(v) &&
		    (buf[0] == '-' || buf[0] == '+' || buf[0] == '.' ||
		     (buf[0] >= '0' && buf[0] <= '9'))) {
			if (fabs(v) > TT_PLOT_VALUE_MAX)
				return tt_diag_set(
				        d, TT_EINVAL, tt_csv_loc(c, i),
				        "'%s' is too large to draw, got '%s' "
				        "(at most " TT_PLOT_VALUE_MAX_TEXT ")",
				        col, tt_csv_quote(c, i, q));
			*out = v;
			return TT_OK;
		}
	}
	return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, i),
	                   "expected a number for '%s', got '%s'", col,
	                   tt_csv_quote(c, i, q));
}

size_t tt_plot_count_lines(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char buf[65536];
	size_t n = 1, got;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		for (const char *p = buf;
		     (p = memchr(p, '\n', (size_t)(buf + got - p))); p++)
			n++;
	fclose(f);
	return n;
}

/* ---- timeline.csv ---- */

enum {
	C_TIME,
	C_INV,
	C_DESIRED,
	C_IN_SERVICE,
	C_PENDING,
	C_METRIC,
	C_AH,
	C_AL,
	C_REQUIRED, /* the columns above are required */
	C_P50 = C_REQUIRED,
	C_P99,
	C_ERRORS,
	C_TIMESTAMP,
	C_MIN,
	C_MAX,
	C_COPIES_IN_SERVICE,
	C_COPIES_PENDING,
	C_NO_CAPACITY,
	C_COUNT
};

static const char *const tl_cols[C_COUNT] = {"time_s",
                                             "invocations",
                                             "desired",
                                             "in_service",
                                             "pending",
                                             "metric",
                                             "alarm_high",
                                             "alarm_low",
                                             "p50_ms",
                                             "p99_ms",
                                             "errors",
                                             "timestamp",
                                             "min",
                                             "max",
                                             "copies_in_service",
                                             "copies_pending",
                                             "no_capacity"};

/* A user alarm's column: this prefix, then its AlarmName. */
#define ALARM_PREFIX "alarm:"

/* The timeline's number columns, in the order of tl_cols. */
#define TL_ARRAYS(tl)                                                          \
	{                                                                      \
		&(tl)->t, &(tl)->inv, &(tl)->desired, &(tl)->in_service,       \
		        &(tl)->pending, &(tl)->metric, &(tl)->p50, &(tl)->p99, \
		        &(tl)->errors, &(tl)->min_cap, &(tl)->max_cap,         \
		        &(tl)->copies_in_service, &(tl)->copies_pending,       \
		        &(tl)->no_capacity                                     \
	}

/*
 * Whether array i of TL_ARRAYS is read: the optional columns only when
 * the timeline has them.
 */
static bool array_wanted(const tt_plot_timeline *tl, size_t i)
{
	switch (i) {
	case 6: /* p50, p99 */
	case 7:
		return tl->latency;
	case 8:
		return tl->has_errors;
	case 9: /* min, max */
	case 10:
		return tl->has_bounds;
	case 11: /* copies_in_service, copies_pending, no_capacity */
	case 12:
	case 13:
		return tl->has_copies;
	default:
		return true;
	}
}

static void timeline_release(tt_plot_timeline *tl)
{
	double **cols[] = TL_ARRAYS(tl);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		free(*cols[i]);
		*cols[i] = NULL;
	}
	free(tl->ah);
	free(tl->al);
	tl->ah = tl->al = NULL;
	for (size_t k = 0; k < TT_PLOT_MAX_ALARMS; k++) {
		free(tl->alarm_st[k]);
		tl->alarm_st[k] = NULL;
	}
	tl->n = tl->cap = 0;
}

static bool timeline_grow_to(tt_plot_timeline *tl, size_t cap)
{
	double **cols[] = TL_ARRAYS(tl);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		if (!array_wanted(tl, i))
			continue;
		double *p = realloc(*cols[i], cap * sizeof **cols[i]);
		if (!p)
			return false;
		*cols[i] = p;
	}
	unsigned char *a = realloc(tl->ah, cap);
	if (!a)
		return false;
	tl->ah = a;
	a = realloc(tl->al, cap);
	if (!a)
		return false;
	tl->al = a;
	for (size_t k = 0; k < tl->n_alarms; k++) {
		a = realloc(tl->alarm_st[k], cap);
		if (!a)
			return false;
		tl->alarm_st[k] = a;
	}
	tl->cap = cap;
	return true;
}

static unsigned char cell_state(const tt_csv *c, size_t i)
{
	if (tt_csv_is(c, i, "ALARM"))
		return TT_PLOT_ALARM;
	if (tt_csv_is(c, i, "OK"))
		return TT_PLOT_OK;
	return TT_PLOT_INSUFFICIENT;
}

/* The first row's timestamp, which puts the run on the calendar. */
static tt_code read_origin(const tt_csv *c, size_t col, tt_plot_timeline *tl,
                           tt_diag *d)
{
	size_t n;
	const char *s = tt_csv_text(c, col, &n);
	int64_t us;
	char q[TT_CSV_QUOTE_SIZE];
	if (!tt_calendar_parse(s, n, &us))
		return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, col),
		                   "invalid timestamp '%s' (expected ISO "
		                   "8601 UTC)",
		                   tt_csv_quote(c, col, q));
	tl->wallclock = true;
	tl->origin_unix_s = tt_unix_s_floor(us) - (int64_t)floor(tl->t[0]);
	return TT_OK;
}

/* The optional request-mode cells of row i (empty: NaN). */
static tt_code read_request_cells(const tt_csv *c, const size_t *col,
                                  tt_plot_timeline *tl, size_t i, tt_diag *d)
{
	tt_code rc = TT_OK;
	if (tl->latency && ((rc = tt_plot_csv_number(c, col[C_P50], "p50_ms",
	                                             true, &tl->p50[i], d)) ||
	                    (rc = tt_plot_csv_number(c, col[C_P99], "p99_ms",
	                                             true, &tl->p99[i], d))))
		return rc;
	if (tl->has_errors)
		rc = tt_plot_csv_number(c, col[C_ERRORS], "errors", true,
		                        &tl->errors[i], d);
	return rc;
}

/* An inference component's copies and failed requests in row i. */
static tt_code read_copy_cells(const tt_csv *c, const size_t *col,
                               tt_plot_timeline *tl, size_t i, tt_diag *d)
{
	tt_code rc;
	if (!tl->has_copies)
		return TT_OK;
	if ((rc = tt_plot_csv_number(c, col[C_COPIES_IN_SERVICE],
	                             "copies_in_service", false,
	                             &tl->copies_in_service[i], d)) ||
	    (rc = tt_plot_csv_number(c, col[C_COPIES_PENDING], "copies_pending",
	                             false, &tl->copies_pending[i], d)))
		return rc;
	return tt_plot_csv_number(c, col[C_NO_CAPACITY], "no_capacity", false,
	                          &tl->no_capacity[i], d);
}

/* The optional columns of scheduled actions and user alarms in row i. */
static tt_code read_bounds_and_alarms(const tt_csv *c, const size_t *col,
                                      const size_t *alarm_col,
                                      tt_plot_timeline *tl, size_t i,
                                      tt_diag *d)
{
	tt_code rc;
	if (tl->has_bounds &&
	    ((rc = tt_plot_csv_number(c, col[C_MIN], "min", false,
	                              &tl->min_cap[i], d)) ||
	     (rc = tt_plot_csv_number(c, col[C_MAX], "max", false,
	                              &tl->max_cap[i], d))))
		return rc;
	for (size_t k = 0; k < tl->n_alarms; k++)
		tl->alarm_st[k][i] = cell_state(c, alarm_col[k]);
	return TT_OK;
}

/* The current row into index tl->n. */
static tt_code read_row(const tt_csv *c, const size_t *col,
                        const size_t *alarm_col, tt_plot_timeline *tl,
                        tt_diag *d)
{
	size_t i = tl->n;
	double *dst[] = {tl->t,          tl->inv,     tl->desired,
	                 tl->in_service, tl->pending, tl->metric};
	tt_code rc;
	for (int k = C_TIME; k <= C_METRIC; k++)
		if ((rc = tt_plot_csv_number(c, col[k], tl_cols[k],
		                             k == C_METRIC, &dst[k][i], d)))
			return rc;
	tl->ah[i] = cell_state(c, col[C_AH]);
	tl->al[i] = cell_state(c, col[C_AL]);
	if ((rc = read_request_cells(c, col, tl, i, d)) ||
	    (rc = read_copy_cells(c, col, tl, i, d)) ||
	    (rc = read_bounds_and_alarms(c, col, alarm_col, tl, i, d)))
		return rc;
	if (i > 0 && !(tl->t[i] > tl->t[i - 1])) {
		char a[TT_FMT_BUF], b[TT_FMT_BUF];
		return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, col[C_TIME]),
		                   "'time_s' must increase, got %s after %s",
		                   tt_fmt_double(tl->t[i], a),
		                   tt_fmt_double(tl->t[i - 1], b));
	}
	if (i == 0 && col[C_TIMESTAMP] != SIZE_MAX &&
	    (rc = read_origin(c, col[C_TIMESTAMP], tl, d)))
		return rc;
	tl->n++;
	return TT_OK;
}

/*
 * The user alarms' columns, `alarm:<AlarmName>`, in the file's order (the
 * scenario's): the first TT_PLOT_MAX_ALARMS are read.
 */
static void alarm_columns(const tt_csv *c, size_t *alarm_col,
                          tt_plot_timeline *tl)
{
	size_t plen = strlen(ALARM_PREFIX);
	for (size_t i = 0; i < c->n_fields; i++) {
		size_t n;
		const char *s = tt_csv_text(c, i, &n);
		if (n <= plen || memcmp(s, ALARM_PREFIX, plen) != 0)
			continue;
		if (tl->n_alarms == TT_PLOT_MAX_ALARMS) {
			tl->n_alarms_more++;
			continue;
		}
		snprintf(tl->alarm_name[tl->n_alarms], sizeof tl->alarm_name[0],
		         "%.*s", (int)(n - plen), s + plen);
		alarm_col[tl->n_alarms++] = i;
	}
}

/* The header: every required column there, the arrays at their size. */
static tt_code timeline_columns(const tt_csv *c, const char *path, size_t *col,
                                size_t *alarm_col, tt_plot_timeline *tl,
                                tt_diag *d)
{
	for (int k = 0; k < C_COUNT; k++) {
		col[k] = tt_plot_csv_col(c, tl_cols[k]);
		if (k < C_REQUIRED && col[k] == SIZE_MAX)
			return tt_plot_csv_missing(c, tl_cols[k], "timeline",
			                           d);
	}
	tl->latency = col[C_P50] != SIZE_MAX && col[C_P99] != SIZE_MAX;
	tl->has_errors = col[C_ERRORS] != SIZE_MAX;
	tl->has_bounds = col[C_MIN] != SIZE_MAX && col[C_MAX] != SIZE_MAX;
	/* the three come together (an inference component's run) */
	tl->has_copies = col[C_COPIES_IN_SERVICE] != SIZE_MAX &&
	                 col[C_COPIES_PENDING] != SIZE_MAX &&
	                 col[C_NO_CAPACITY] != SIZE_MAX;
	alarm_columns(c, alarm_col, tl);
	size_t lines = tt_plot_count_lines(path);
	if (!timeline_grow_to(tl, lines > 1024 ? lines : 1024))
		return tt_diag_nomem(d, (tt_loc){path, 0, 0});
	return TT_OK;
}

static tt_code load_timeline(const char *path, tt_plot_timeline *tl, tt_diag *d)
{
	tt_csv c;
	size_t col[C_COUNT], alarm_col[TT_PLOT_MAX_ALARMS];
	tt_code rc = tt_plot_csv_open(&c, path, "timeline", d);
	if (rc)
		return rc;
	size_t width = c.n_fields;
	if ((rc = timeline_columns(&c, path, col, alarm_col, tl, d)))
		goto close;
	for (;;) {
		bool got = false;
		if ((rc = tt_csv_next(&c, &got, d)) || !got)
			break;
		if ((rc = tt_csv_expect_columns(&c, width, d)))
			break;
		/* a file that grew since it was counted */
		if (tl->n == tl->cap && !timeline_grow_to(tl, tl->cap * 2)) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			break;
		}
		if ((rc = read_row(&c, col, alarm_col, tl, d)))
			break;
	}
	if (!rc && tl->n == 0)
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){c.name, 1, 1},
		                 "timeline has no rows after its header");
	if (!rc)
		tl->period_s = tl->n > 1 ? tl->t[1] - tl->t[0] : 60;
close:
	tt_csv_close(&c);
	return rc;
}

/* ---- events.csv ---- */

static int policy_index(const tt_plot_info *in, const char *name, size_t n)
{
	for (size_t i = 0; i < in->n_policies; i++)
		if (strlen(in->policies[i].name) == n &&
		    memcmp(in->policies[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

static bool events_grow(tt_plot_events *ev, const char *path)
{
	if (ev->n < ev->cap)
		return true;
	size_t cap = ev->cap ? ev->cap * 2 : tt_plot_count_lines(path);
	if (cap < 256)
		cap = 256;
	tt_plot_event *v = realloc(ev->v, cap * sizeof *v);
	if (!v)
		return false;
	ev->v = v;
	ev->cap = cap;
	return true;
}

enum {
	E_TIME,
	E_DIRECTION,
	E_TO,
	E_REASON,
	E_REQUIRED, /* the columns above are required */
	E_POLICY = E_REQUIRED,
	E_FROM,
	E_ALARM,
	E_COUNT
};

const char *tt_plot_event_name(const tt_plot_events *ev, int i)
{
	return i >= 0 && (size_t)i < ev->n_names ? ev->names[i] : "";
}

/*
 * Cell i's text as an index in the events' name table, added when new;
 * -1 for an empty cell, or when the table is full (a name the tooltips
 * then leave out: a file with hundreds of distinct names is not a run's).
 */
static int intern(tt_plot_events *ev, const tt_csv *c, size_t i)
{
	size_t n;
	const char *s = tt_csv_text(c, i, &n);
	if (n == 0)
		return -1;
	if (n >= TT_PLOT_NAME_MAX)
		n = TT_PLOT_NAME_MAX - 1;
	for (size_t k = 0; k < ev->n_names; k++)
		if (strlen(ev->names[k]) == n &&
		    memcmp(ev->names[k], s, n) == 0)
			return (int)k;
	if (ev->n_names == TT_PLOT_MAX_EVENT_NAMES)
		return -1;
	if (ev->n_names == ev->cap_names) {
		size_t cap = ev->cap_names ? ev->cap_names * 2 : 16;
		char(*v)[TT_PLOT_NAME_MAX] =
		        realloc(ev->names, cap * sizeof *v);
		if (!v)
			return -1;
		ev->names = v;
		ev->cap_names = cap;
	}
	memcpy(ev->names[ev->n_names], s, n);
	ev->names[ev->n_names][n] = '\0';
	return (int)ev->n_names++;
}

static tt_code read_direction(const tt_csv *c, size_t i, int *dir, tt_diag *d)
{
	char q[TT_CSV_QUOTE_SIZE];
	size_t n;
	tt_csv_text(c, i, &n);
	if (tt_csv_is(c, i, "out"))
		*dir = 1;
	else if (tt_csv_is(c, i, "in"))
		*dir = -1;
	else if (n == 0) /* a step asking for nothing */
		*dir = 0;
	else
		return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, i),
		                   "expected 'out' or 'in' for 'direction', "
		                   "got '%s'",
		                   tt_csv_quote(c, i, q));
	return TT_OK;
}

/*
 * Which policy, and whose row: a step policy's names its alarm; a
 * scheduled action's names the action, which no summary policy is
 * called, and exists only beside the bounds' columns; Waiting and
 * MinCapacityAboveMaxCapacity only a scheduled action writes.
 */
static void event_source(const tt_csv *c, const size_t *col,
                         const tt_plot_info *in, bool has_bounds,
                         tt_plot_event *e)
{
	size_t n = 0;
	const char *s = col[E_POLICY] != SIZE_MAX
	                        ? tt_csv_text(c, col[E_POLICY], &n)
	                        : NULL;
	int k = n ? policy_index(in, s, n) : -1;
	e->policy = n == 0   ? TT_PLOT_POLICY_UNNAMED
	            : k >= 0 ? k
	                     : TT_PLOT_POLICY_OTHER;
	e->src = TT_PLOT_SRC_TT;
	if (col[E_ALARM] != SIZE_MAX && tt_csv_text(c, col[E_ALARM], &n) &&
	    n > 0)
		e->src = TT_PLOT_SRC_STEP;
	else if (tt_csv_is(c, col[E_REASON], "Waiting") ||
	         tt_csv_is(c, col[E_REASON], "MinCapacityAboveMaxCapacity") ||
	         (has_bounds && e->policy == TT_PLOT_POLICY_OTHER))
		e->src = TT_PLOT_SRC_SCHEDULED;
}

static tt_code read_event(const tt_csv *c, const size_t *col,
                          const tt_plot_info *in, bool has_bounds,
                          tt_plot_events *ev, tt_plot_event *e, tt_diag *d)
{
	tt_code rc;
	if ((rc = tt_plot_csv_number(c, col[E_TIME], "time_s", false, &e->t,
	                             d)) ||
	    (rc = tt_plot_csv_number(c, col[E_TO], "to", false, &e->to, d)) ||
	    (rc = read_direction(c, col[E_DIRECTION], &e->dir, d)))
		return rc;
	e->from = e->to;
	if (col[E_FROM] != SIZE_MAX &&
	    (rc = tt_plot_csv_number(c, col[E_FROM], "from", false, &e->from,
	                             d)))
		return rc;
	e->kind = tt_csv_is(c, col[E_REASON], "InProgress") ? TT_PLOT_EV_START
	          : tt_csv_is(c, col[E_REASON], "Successful")
	                  ? TT_PLOT_EV_DONE
	                  : TT_PLOT_EV_NOT_SCALED;
	e->reason = intern(ev, c, col[E_REASON]);
	e->alarm = col[E_ALARM] != SIZE_MAX ? intern(ev, c, col[E_ALARM]) : -1;
	e->name = col[E_POLICY] != SIZE_MAX ? intern(ev, c, col[E_POLICY]) : -1;
	event_source(c, col, in, has_bounds, e);
	return TT_OK;
}

static tt_code load_events(const char *path, const tt_plot_info *in,
                           bool has_bounds, tt_plot_events *ev, tt_diag *d)
{
	static const char *const names[E_COUNT] = {
	        "time_s", "direction", "to",   "reason",
	        "policy", "from",      "alarm"};
	tt_csv c;
	size_t col[E_COUNT];
	tt_code rc = tt_plot_csv_open(&c, path, "events", d);
	if (rc)
		return rc;
	for (size_t k = 0; k < E_COUNT; k++) {
		col[k] = tt_plot_csv_col(&c, names[k]);
		if (col[k] == SIZE_MAX && k < E_REQUIRED) {
			rc = tt_plot_csv_missing(&c, names[k], "events", d);
			goto close;
		}
	}
	size_t width = c.n_fields;
	for (;;) {
		bool got = false;
		if ((rc = tt_csv_next(&c, &got, d)) || !got)
			break;
		if ((rc = tt_csv_expect_columns(&c, width, d)))
			break;
		if (!events_grow(ev, path)) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			break;
		}
		if ((rc = read_event(&c, col, in, has_bounds, ev, &ev->v[ev->n],
		                     d)))
			break;
		ev->n++;
	}
close:
	tt_csv_close(&c);
	return rc;
}

/* ---- summary.json ---- */

static void copy_str(char *dst, size_t size, const tt_node *n)
{
	const char *s = NULL;
	if (n && !tt_node_string(n, "value", &s, NULL))
		snprintf(dst, size, "%s", s);
}

/*
 * The number at `key` of map m into *out, `dflt` when it is absent or
 * not a number (a summary from an older ttsim still draws); one too large
 * to draw is refused at its place.
 */
static tt_code node_num(const tt_node *m, const char *key, double dflt,
                        double *out, tt_diag *d)
{
	const tt_node *n =
	        m && m->kind == TT_NODE_MAP ? tt_node_map_get(m, key) : NULL;
	double v;
	*out = dflt;
	if (!n || tt_node_number(n, key, &v, NULL))
		return TT_OK;
	if (fabs(v) > TT_PLOT_VALUE_MAX)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'%s' is too large to draw, got %s (at most "
		                   "" TT_PLOT_VALUE_MAX_TEXT ")",
		                   key, n->u.scalar.text);
	*out = v;
	return TT_OK;
}

static tt_code read_policy(const tt_node *p, tt_plot_policy *pi, tt_diag *d)
{
	tt_code rc;
	copy_str(pi->name, sizeof pi->name, tt_node_map_get(p, "name"));
	copy_str(pi->metric, sizeof pi->metric, tt_node_map_get(p, "metric"));
	if ((rc = node_num(p, "target_value", NAN, &pi->target, d)) ||
	    (rc = node_num(p, "period_s", 0, &pi->period_s, d)) ||
	    (rc = node_num(p, "scale_out_cooldown_s", 0, &pi->out_cooldown_s,
	                   d)) ||
	    (rc = node_num(p, "scale_in_cooldown_s", 0, &pi->in_cooldown_s, d)))
		return rc;
	pi->has_target = isfinite(pi->target);
	return TT_OK;
}

/*
 * An HPA's run: its first metric stands where target tracking's first
 * policy would, named by the HPA, with its target (the timeline's metric
 * column is that metric, docs/outputs.md).
 */
static tt_code read_hpa(const tt_node *root, tt_plot_info *in, tt_diag *d)
{
	const tt_node *h = tt_node_map_get(root, "hpa");
	const tt_node *ms = h && h->kind == TT_NODE_MAP
	                            ? tt_node_map_get(h, "metrics")
	                            : NULL;
	if (!ms || ms->kind != TT_NODE_SEQ || ms->u.seq.count == 0 ||
	    ms->u.seq.items[0]->kind != TT_NODE_MAP)
		return TT_OK;
	const tt_node *m = ms->u.seq.items[0];
	in->hpa = true;
	tt_code rc = node_num(tt_node_map_get(root, "knobs"), "hpa_tolerance",
	                      0.1, &in->hpa_tolerance, d);
	if (rc)
		return rc;
	tt_plot_policy *pi = &in->policies[in->n_policies++];
	copy_str(pi->name, sizeof pi->name, tt_node_map_get(h, "name"));
	copy_str(pi->metric, sizeof pi->metric, tt_node_map_get(m, "name"));
	rc = node_num(m, "target", NAN, &pi->target, d);
	pi->has_target = isfinite(pi->target);
	return rc;
}

/*
 * The "inference_component" section, when there is one: what the
 * picture's line on scale to zero says; copies_per_instance is with the
 * other knobs.
 */
static tt_code read_ic(const tt_node *root, tt_plot_ic *ic, tt_diag *d)
{
	const tt_node *m = tt_node_map_get(root, "inference_component");
	const tt_node *inst = m && m->kind == TT_NODE_MAP
	                              ? tt_node_map_get(m, "instances")
	                              : NULL;
	tt_code rc;
	ic->have = m && m->kind == TT_NODE_MAP;
	if ((rc = node_num(inst, "min", NAN, &ic->min_instances, d)) ||
	    (rc = node_num(inst, "max", NAN, &ic->max_instances, d)) ||
	    (rc = node_num(m, "zero_copies_s", NAN, &ic->zero_copies_s, d)) ||
	    (rc = node_num(m, "wake_ups", NAN, &ic->wake_ups, d)) ||
	    (rc = node_num(m, "no_capacity_failures", NAN,
	                   &ic->no_capacity_failures, d)) ||
	    (rc = node_num(m, "cold_starts", NAN, &ic->cold_starts, d)) ||
	    (rc = node_num(m, "cold_start_wait_p50_s", NAN,
	                   &ic->cold_wait_p50_s, d)) ||
	    (rc = node_num(m, "cold_start_wait_p99_s", NAN,
	                   &ic->cold_wait_p99_s, d)))
		return rc;
	if ((rc = node_num(m, "cold_start_wait_max_s", NAN,
	                   &ic->cold_wait_max_s, d)))
		return rc;
	ic->copies_per_instance = NAN;
	if (ic->have)
		rc = node_num(tt_node_map_get(root, "knobs"),
		              "copies_per_instance", NAN,
		              &ic->copies_per_instance, d);
	return rc;
}

static tt_code read_summary(const tt_node *root, tt_plot_info *in, tt_diag *d)
{
	tt_code rc;
	in->have = true;
	copy_str(in->scenario, sizeof in->scenario,
	         tt_node_map_get(root, "scenario"));
	copy_str(in->resource, sizeof in->resource,
	         tt_node_map_get(root, "resource"));
	copy_str(in->mode, sizeof in->mode, tt_node_map_get(root, "mode"));
	const tt_node *seed = tt_node_map_get(root, "seed");
	if (seed && seed->kind == TT_NODE_SCALAR)
		snprintf(in->seed, sizeof in->seed, "%s", seed->u.scalar.text);
	if ((rc = node_num(tt_node_map_get(root, "knobs"), "low_ratio",
	                   TT_LOW_RATIO_DEFAULT, &in->low_ratio, d)) ||
	    (rc = node_num(tt_node_map_get(root, "capacity"), "min", NAN,
	                   &in->min_capacity, d)) ||
	    (rc = read_ic(root, &in->ic, d)))
		return rc;
	if ((rc = read_hpa(root, in, d)))
		return rc;
	const tt_node *pols = tt_node_map_get(root, "policies");
	for (size_t i = 0;
	     pols && pols->kind == TT_NODE_SEQ && i < pols->u.seq.count &&
	     in->n_policies < TT_PLOT_MAX_POLICIES;
	     i++) {
		const tt_node *p = pols->u.seq.items[i];
		if (p->kind != TT_NODE_MAP)
			continue;
		if ((rc = read_policy(p, &in->policies[in->n_policies++], d)))
			return rc;
	}
	return TT_OK;
}

static tt_code load_summary(const char *path, tt_plot_info *in, tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc = tt_doc_load_json(path, path, &doc, d);
	if (rc)
		return rc;
	rc = tt_node_expect_map(doc.root, "summary", d);
	if (!rc)
		rc = read_summary(doc.root, in, d);
	tt_doc_release(&doc);
	return rc;
}

/* ---- the run ---- */

tt_code tt_plot_run_load(const char *timeline_csv, const char *events_csv,
                         const char *summary_json, tt_plot_run_data *r,
                         tt_diag *d)
{
	tt_code rc;
	const char *slash = strrchr(timeline_csv, '/');
	snprintf(r->source, sizeof r->source, "%s",
	         slash ? slash + 1 : timeline_csv);
	r->info.low_ratio = TT_LOW_RATIO_DEFAULT;
	r->info.min_capacity = NAN;
	/* the summary first: events name their policies by its names */
	if (summary_json && (rc = load_summary(summary_json, &r->info, d)))
		return rc;
	if ((rc = load_timeline(timeline_csv, &r->tl, d)))
		return rc;
	r->have_events = events_csv != NULL;
	if (events_csv && (rc = load_events(events_csv, &r->info,
	                                    r->tl.has_bounds, &r->ev, d)))
		return rc;
	return TT_OK;
}

void tt_plot_run_data_release(tt_plot_run_data *r)
{
	if (!r)
		return;
	timeline_release(&r->tl);
	free(r->ev.v);
	r->ev.v = NULL;
	r->ev.n = r->ev.cap = 0;
	free(r->ev.names);
	r->ev.names = NULL;
	r->ev.n_names = r->ev.cap_names = 0;
}
