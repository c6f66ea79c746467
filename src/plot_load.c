/*
 * plot_load.c - a run read into the series a picture is drawn from
 * (plot_series.h): from its files, or kept in memory while it runs.
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
 * has its copies and failed requests besides the instances.  Every
 * number is bounded here, where its file position is known, so the
 * drawing cannot meet an infinity.  Absent summary keys are left out of
 * the picture rather than refused, so a summary from an older ttsim
 * still draws.
 *
 * `ttsim run` does not read back the files it has just written: its CSV
 * recorder hands each header and row over as cells (tt_plot_keep_*), the
 * bytes it writes and, for numbers, the values they read back as, and
 * they go through the readers a file's lines go through (tt_plot_cells),
 * so the series are those `ttsim plot` reads from the files by one rule.
 * The events wait in memory for the summary, which names their policies.
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

/* ---- a row's cells, from a file or from memory ---- */

const char *const tt_plot_event_columns[TT_PLOT_EC_COUNT] = {
        "time_s", "policy", "direction", "from", "to", "reason", "alarm"};

static size_t cells_count(const tt_plot_cells *c)
{
	return c->csv ? c->csv->n_fields : c->n;
}

/* v as events.csv has it (what "%d" prints), in buf. */
static const char *int_text(int v, char *buf)
{
	char *p = buf;
	if (v < 0)
		*p++ = '-';
	tt_fmt_uint(v < 0 ? (uint64_t)0 - (uint64_t)(int64_t)v : (uint64_t)v,
	            p);
	return buf;
}

/* An events row in memory: cell i's text, numbers formatted in c->buf
 * as the recorder writes them. */
static const char *event_text(tt_plot_cells *c, size_t i)
{
	switch (i) {
	case TT_PLOT_EC_TIME:
		return tt_time_format_s(c->time_us, c->buf);
	case TT_PLOT_EC_POLICY:
		return c->texts->policy;
	case TT_PLOT_EC_DIRECTION:
		return c->texts->direction;
	case TT_PLOT_EC_FROM:
		return int_text(c->from, c->buf);
	case TT_PLOT_EC_TO:
		return int_text(c->to, c->buf);
	case TT_PLOT_EC_REASON:
		return c->texts->reason;
	default:
		return c->texts->alarm;
	}
}

const char *tt_plot_cells_text(tt_plot_cells *c, size_t i, size_t *n)
{
	if (c->csv)
		return tt_csv_text(c->csv, i, n);
	if (c->v) {
		*n = c->v[i].len;
		return c->v[i].text;
	}
	const char *s = event_text(c, i);
	*n = strlen(s);
	return s;
}

/* Whether cell i is the `len` bytes of s. */
static bool cells_is(tt_plot_cells *c, size_t i, const char *s, size_t len)
{
	if (c->v) /* a timeline row in memory: every row, many cells */
		return c->v[i].len == len && memcmp(c->v[i].text, s, len) == 0;
	size_t n;
	const char *t = tt_plot_cells_text(c, i, &n);
	return n == len && memcmp(t, s, n) == 0;
}

/* cells_is with a string literal, its length known when compiling. */
#define CELLS_IS(c, i, lit) cells_is(c, i, "" lit, sizeof lit - 1)

bool tt_plot_cells_is(tt_plot_cells *c, size_t i, const char *s)
{
	return cells_is(c, i, s, strlen(s));
}

/* Where cell i is in its file; a row in memory knows its line, and its
 * cells their offsets in it. */
static tt_loc cells_loc(const tt_plot_cells *c, size_t i)
{
	if (c->csv)
		return tt_csv_loc(c->csv, i);
	tt_loc loc = c->loc;
	if (c->v)
		loc.col = (int)(c->v[i].text - c->v[0].text) + 1;
	return loc;
}

/* Cell i copied for a message, cut with "..." as tt_csv_quote does. */
static char *cells_quote(tt_plot_cells *c, size_t i,
                         char out[TT_CSV_QUOTE_SIZE])
{
	if (c->csv)
		return tt_csv_quote(c->csv, i, out);
	size_t n;
	const char *t = tt_plot_cells_text(c, i, &n);
	return tt_csv_quote_text(t, n, out);
}

/*
 * The value of a number cell in memory, without reading its text back:
 * false when there is none (a file, a text cell), or NaN for an empty
 * cell.
 */
static inline bool memory_number(const tt_plot_cells *c, size_t i, double *v)
{
	if (c->v) {
		*v = c->v[i].num;
		return c->v[i].number;
	}
	if (!c->texts)
		return false;
	switch (i) {
	case TT_PLOT_EC_TIME:
		*v = (double)c->time_us / 1e6;
		return true;
	case TT_PLOT_EC_FROM:
		*v = c->from;
		return true;
	case TT_PLOT_EC_TO:
		*v = c->to;
		return true;
	default:
		return false;
	}
}

/*
 * Cell i as a number no larger than TT_PLOT_VALUE_MAX, named `col` in
 * messages; an empty cell is NaN when allow_empty.  A number kept in
 * memory is the value its text reads back as (csv_recorder.c), so only
 * what would be refused is read from its text, for the message.
 */
static tt_code cells_number_text(tt_plot_cells *c, size_t i, const char *col,
                                 bool allow_empty, double *out, tt_diag *d);

static inline tt_code cells_number(tt_plot_cells *c, size_t i, const char *col,
                                   bool allow_empty, double *out, tt_diag *d)
{
	double v;
	if (memory_number(c, i, &v) &&
	    (isnan(v) ? allow_empty : fabs(v) <= TT_PLOT_VALUE_MAX)) {
		*out = v;
		return TT_OK;
	}
	return cells_number_text(c, i, col, allow_empty, out, d);
}

/* cells_number from the cell's text: a file's, or a refused number's. */
static tt_code cells_number_text(tt_plot_cells *c, size_t i, const char *col,
                                 bool allow_empty, double *out, tt_diag *d)
{
	double v;
	size_t n;
	const char *s = tt_plot_cells_text(c, i, &n);
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
		v = strtod(buf, &end);
		if (end == buf + n && isfinite(v) &&
		    (buf[0] == '-' || buf[0] == '+' || buf[0] == '.' ||
		     (buf[0] >= '0' && buf[0] <= '9'))) {
			if (fabs(v) > TT_PLOT_VALUE_MAX)
				return tt_diag_set(
				        d, TT_EINVAL, cells_loc(c, i),
				        "'%s' is too large to draw, got '%s' "
				        "(at most " TT_PLOT_VALUE_MAX_TEXT ")",
				        col, cells_quote(c, i, q));
			*out = v;
			return TT_OK;
		}
	}
	return tt_diag_set(d, TT_EINVAL, cells_loc(c, i),
	                   "expected a number for '%s', got '%s'", col,
	                   cells_quote(c, i, q));
}

/* The header cell called `name`: its index, or SIZE_MAX. */
static size_t cells_col(tt_plot_cells *c, const char *name)
{
	for (size_t i = 0; i < cells_count(c); i++)
		if (tt_plot_cells_is(c, i, name))
			return i;
	return SIZE_MAX;
}

/*
 * The header's names into buf, "'a', 'b'" (quoted) or "a, b"; false
 * when they do not fit.
 */
static bool header_list(tt_plot_cells *c, bool quoted, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < cells_count(c); i++) {
		size_t n;
		const char *s = tt_plot_cells_text(c, i, &n);
		int w = snprintf(buf + used, size - used, "%s%s%.*s%s",
		                 i ? ", " : "", quoted ? "'" : "", (int)n, s,
		                 quoted ? "'" : "");
		if (w < 0 || (size_t)w >= size - used)
			return false;
		used += (size_t)w;
	}
	return true;
}

/*
 * "no column 'x' in the WHAT header (it has 'a', 'b', 'c')" at 1:1,
 * listing every column.
 */
static tt_code cells_missing(tt_plot_cells *c, const char *name,
                             const char *what, tt_diag *d)
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
		         cells_count(c));
	tt_loc loc = c->csv ? (tt_loc){c->csv->name, c->csv->lineno, 1}
	                    : (tt_loc){c->loc.file, 1, 1};
	return tt_diag_set(d, TT_EINVAL, loc,
	                   "no column '%s' in the %s header (it has %s)", name,
	                   what, have);
}

/* ---- CSV files ---- */

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
	tt_plot_cells cells = {.csv = c};
	return cells_col(&cells, name);
}

tt_code tt_plot_csv_missing(const tt_csv *c, const char *name, const char *what,
                            tt_diag *d)
{
	tt_plot_cells cells = {.csv = c};
	return cells_missing(&cells, name, what, d);
}

tt_code tt_plot_csv_number(const tt_csv *c, size_t i, const char *col,
                           bool allow_empty, double *out, tt_diag *d)
{
	tt_plot_cells cells = {.csv = c};
	return cells_number(&cells, i, col, allow_empty, out, d);
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

_Static_assert(C_COUNT == TT_PLOT_COLUMNS, "tt_plot_columns.at's size");

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

/* ---- columns ---- */

/*
 * A column's values live in its table's arena (bigmem.h), with the other
 * columns of the table: the arena frees them all at once.  The columns
 * of a table grow together (table_move): into a new arena reserved for
 * them, the old one given back.
 */

/* Up to this many arrays in a table: the timeline's fourteen columns,
 * its two alarm state arrays and its user alarms' */
#define TABLE_ARRAYS_MAX (14 + 2 + TT_PLOT_MAX_ALARMS)

/*
 * The rows a table full at cap grows to: twice as many, and at least
 * GROWN_ROWS, so that a run longer than its first room goes straight to
 * huge pages (bigmem.h), not through sizes that each cost their faults.
 */
#define GROWN_ROWS 32768

static size_t grown_cap(size_t cap)
{
	return cap < GROWN_ROWS / 2 ? GROWN_ROWS : 2 * cap;
}

/* A table's arrays, each with the bytes a row takes in it, growing. */
typedef struct table_grow {
	size_t n;
	void *old[TABLE_ARRAYS_MAX];
	size_t width[TABLE_ARRAYS_MAX];
	void *fresh[TABLE_ARRAYS_MAX]; /* where each is, once moved */
} table_grow;

static void table_add(table_grow *g, void *old, size_t width)
{
	g->old[g->n] = old;
	g->width[g->n++] = width;
}

static void table_add_col(table_grow *g, const tt_plot_col *c)
{
	if (c->d)
		table_add(g, c->d, sizeof *c->d);
	else
		table_add(g, c->i, sizeof *c->i);
}

/* The column's values at the place table_move gave them. */
static void col_moved(tt_plot_col *c, void *fresh)
{
	if (c->d)
		c->d = fresh;
	else
		c->i = fresh;
}

/*
 * The arrays added to g, of old_cap rows each, copied into a new arena
 * with room for cap rows (g->fresh), *arena given back and replaced by
 * it.  False when memory runs out, *arena and the arrays unchanged.
 */
static bool table_move(table_grow *g, tt_arena *arena, size_t old_cap,
                       size_t cap)
{
	size_t bytes = 0;
	for (size_t k = 0; k < g->n; k++) {
		if (cap > (SIZE_MAX / 4 - bytes) / g->width[k])
			return false;
		bytes += cap * g->width[k];
	}
	tt_arena next = {0};
	if (!tt_arena_reserve(&next, g->n, bytes))
		return false;
	for (size_t k = 0; k < g->n; k++)
		if (!(g->fresh[k] = tt_arena_grow(&next, g->old[k],
		                                  old_cap * g->width[k],
		                                  cap * g->width[k]))) {
			tt_arena_release(&next);
			return false;
		}
	tt_arena_release(arena);
	*arena = next;
	return true;
}

/* The column as doubles, its first k values converted. */
static bool col_to_doubles(tt_plot_col *c, tt_arena *a, size_t k, size_t cap)
{
	double *d = tt_arena_grow(a, NULL, 0, cap * sizeof *d);
	if (!d)
		return false;
	for (size_t j = 0; j < k; j++)
		d[j] = c->i[j];
	c->i = NULL;
	c->d = d;
	return true;
}

/*
 * v as value k of a column with room for cap.  The first value that is
 * not a 32-bit integer (a fraction, NaN, -0) turns the column into
 * doubles; every value reads back as it was set.
 */
static inline bool col_set(tt_plot_col *c, tt_arena *a, size_t k, double v,
                           size_t cap)
{
	if (!c->d) {
		if (v >= INT32_MIN && v <= INT32_MAX && v == (int32_t)v &&
		    !(v == 0 && signbit(v))) {
			c->i[k] = (int32_t)v;
			return true;
		}
		if (!col_to_doubles(c, a, k, cap))
			return false;
	}
	c->d[k] = v;
	return true;
}

/* ---- the timeline's series ---- */

/* The timeline's number columns, in the order of tl_cols. */
#define TL_COLS(tl)                                                            \
	{                                                                      \
		&(tl)->t, &(tl)->inv, &(tl)->desired, &(tl)->in_service,       \
		        &(tl)->pending, &(tl)->metric, &(tl)->p50, &(tl)->p99, \
		        &(tl)->errors, &(tl)->min_cap, &(tl)->max_cap,         \
		        &(tl)->copies_in_service, &(tl)->copies_pending,       \
		        &(tl)->no_capacity                                     \
	}

/*
 * Whether column i of TL_COLS is read: the optional columns only when
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
	tt_arena_release(&tl->arena);
	tt_plot_col *cols[] = TL_COLS(tl);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		cols[i]->i = NULL, cols[i]->d = NULL;
	tl->ah = tl->al = NULL;
	for (size_t k = 0; k < TT_PLOT_MAX_ALARMS; k++)
		tl->alarm_st[k] = NULL;
	tl->n = tl->cap = 0;
}

static bool timeline_grow_to(tt_plot_timeline *tl, size_t cap)
{
	tt_plot_col *cols[] = TL_COLS(tl);
	size_t n_cols = sizeof cols / sizeof cols[0];
	_Static_assert(sizeof cols / sizeof cols[0] + 2 + TT_PLOT_MAX_ALARMS <=
	                       TABLE_ARRAYS_MAX,
	               "a table_grow holds the timeline");
	unsigned char **states[2 + TT_PLOT_MAX_ALARMS] = {&tl->ah, &tl->al};
	size_t n_states = 2;
	for (size_t k = 0; k < tl->n_alarms; k++)
		states[n_states++] = &tl->alarm_st[k];
	table_grow g = {0};
	for (size_t i = 0; i < n_cols; i++)
		if (array_wanted(tl, i))
			table_add_col(&g, cols[i]);
	for (size_t k = 0; k < n_states; k++)
		table_add(&g, *states[k], 1);
	if (!table_move(&g, &tl->arena, tl->cap, cap))
		return false;
	size_t at = 0;
	for (size_t i = 0; i < n_cols; i++)
		if (array_wanted(tl, i))
			col_moved(cols[i], g.fresh[at++]);
	for (size_t k = 0; k < n_states; k++)
		*states[k] = g.fresh[at++];
	tl->cap = cap;
	return true;
}

static unsigned char cell_state(tt_plot_cells *c, size_t i)
{
	if (CELLS_IS(c, i, "ALARM"))
		return TT_PLOT_ALARM;
	if (CELLS_IS(c, i, "OK"))
		return TT_PLOT_OK;
	return TT_PLOT_INSUFFICIENT;
}

/* The first row's timestamp, which puts the run on the calendar. */
static tt_code read_origin(tt_plot_cells *c, size_t col, tt_plot_timeline *tl,
                           tt_diag *d)
{
	size_t n;
	const char *s = tt_plot_cells_text(c, col, &n);
	int64_t us;
	char q[TT_CSV_QUOTE_SIZE];
	if (!tt_calendar_parse(s, n, &us))
		return tt_diag_set(d, TT_EINVAL, cells_loc(c, col),
		                   "invalid timestamp '%s' (expected ISO "
		                   "8601 UTC)",
		                   cells_quote(c, col, q));
	tl->wallclock = true;
	tl->origin_unix_s =
	        tt_unix_s_floor(us) - (int64_t)floor(TT_TL(tl, t, 0));
	return TT_OK;
}

/* Number cell `cell` (named `name`) into row i of column `col`. */
static tt_code read_into(tt_plot_cells *c, size_t cell, const char *name,
                         bool allow_empty, tt_plot_timeline *tl,
                         tt_plot_col *col, size_t i, tt_diag *d)
{
	double v;
	tt_code rc = cells_number(c, cell, name, allow_empty, &v, d);
	if (!rc && !col_set(col, &tl->arena, i, v, tl->cap))
		rc = tt_diag_nomem(d, (tt_loc){0});
	return rc;
}

/* The optional request-mode cells of row i (empty: NaN). */
static tt_code read_request_cells(tt_plot_cells *c, const size_t *col,
                                  tt_plot_timeline *tl, size_t i, tt_diag *d)
{
	tt_code rc = TT_OK;
	if (tl->latency && ((rc = read_into(c, col[C_P50], "p50_ms", true, tl,
	                                    &tl->p50, i, d)) ||
	                    (rc = read_into(c, col[C_P99], "p99_ms", true, tl,
	                                    &tl->p99, i, d))))
		return rc;
	if (tl->has_errors)
		rc = read_into(c, col[C_ERRORS], "errors", true, tl,
		               &tl->errors, i, d);
	return rc;
}

/* An inference component's copies and failed requests in row i. */
static tt_code read_copy_cells(tt_plot_cells *c, const size_t *col,
                               tt_plot_timeline *tl, size_t i, tt_diag *d)
{
	tt_code rc;
	if (!tl->has_copies)
		return TT_OK;
	if ((rc = read_into(c, col[C_COPIES_IN_SERVICE], "copies_in_service",
	                    false, tl, &tl->copies_in_service, i, d)) ||
	    (rc = read_into(c, col[C_COPIES_PENDING], "copies_pending", false,
	                    tl, &tl->copies_pending, i, d)))
		return rc;
	return read_into(c, col[C_NO_CAPACITY], "no_capacity", false, tl,
	                 &tl->no_capacity, i, d);
}

/* The optional columns of scheduled actions and user alarms in row i. */
static tt_code read_bounds_and_alarms(tt_plot_cells *c,
                                      const tt_plot_columns *cols,
                                      tt_plot_timeline *tl, size_t i,
                                      tt_diag *d)
{
	tt_code rc;
	if (tl->has_bounds && ((rc = read_into(c, cols->at[C_MIN], "min", false,
	                                       tl, &tl->min_cap, i, d)) ||
	                       (rc = read_into(c, cols->at[C_MAX], "max", false,
	                                       tl, &tl->max_cap, i, d))))
		return rc;
	for (size_t k = 0; k < tl->n_alarms; k++)
		tl->alarm_st[k][i] = cell_state(c, cols->alarm[k]);
	return TT_OK;
}

/* The row's cells into index tl->n, room for it made. */
static tt_code read_row(tt_plot_cells *c, const tt_plot_columns *cols,
                        tt_plot_timeline *tl, tt_diag *d)
{
	size_t i = tl->n;
	const size_t *col = cols->at;
	/* a file that grew since it was counted, or a run in memory */
	if (tl->n == tl->cap && !timeline_grow_to(tl, grown_cap(tl->cap)))
		return tt_diag_nomem(d, (tt_loc){0});
	tt_plot_col *dst[] = {&tl->t,          &tl->inv,     &tl->desired,
	                      &tl->in_service, &tl->pending, &tl->metric};
	tt_code rc;
	for (int k = C_TIME; k <= C_METRIC; k++)
		if ((rc = read_into(c, col[k], tl_cols[k], k == C_METRIC, tl,
		                    dst[k], i, d)))
			return rc;
	tl->ah[i] = cell_state(c, col[C_AH]);
	tl->al[i] = cell_state(c, col[C_AL]);
	if ((rc = read_request_cells(c, col, tl, i, d)) ||
	    (rc = read_copy_cells(c, col, tl, i, d)) ||
	    (rc = read_bounds_and_alarms(c, cols, tl, i, d)))
		return rc;
	double t = TT_TL(tl, t, i);
	if (i > 0 && !(t > TT_TL(tl, t, i - 1))) {
		char a[TT_FMT_BUF], b[TT_FMT_BUF];
		return tt_diag_set(d, TT_EINVAL, cells_loc(c, col[C_TIME]),
		                   "'time_s' must increase, got %s after %s",
		                   tt_fmt_double(t, a),
		                   tt_fmt_double(TT_TL(tl, t, i - 1), b));
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
static void alarm_columns(tt_plot_cells *c, tt_plot_columns *cols,
                          tt_plot_timeline *tl)
{
	size_t plen = strlen(ALARM_PREFIX);
	for (size_t i = 0; i < cells_count(c); i++) {
		size_t n;
		const char *s = tt_plot_cells_text(c, i, &n);
		if (n <= plen || memcmp(s, ALARM_PREFIX, plen) != 0)
			continue;
		if (tl->n_alarms == TT_PLOT_MAX_ALARMS) {
			tl->n_alarms_more++;
			continue;
		}
		snprintf(tl->alarm_name[tl->n_alarms], sizeof tl->alarm_name[0],
		         "%.*s", (int)(n - plen), s + plen);
		cols->alarm[tl->n_alarms++] = i;
	}
}

/*
 * The header: every required column there, the arrays allocated for
 * `rows` rows.
 */
static tt_code timeline_columns(tt_plot_cells *c, size_t rows,
                                tt_plot_columns *cols, tt_plot_timeline *tl,
                                tt_diag *d)
{
	size_t *col = cols->at;
	for (int k = 0; k < C_COUNT; k++) {
		col[k] = cells_col(c, tl_cols[k]);
		if (k < C_REQUIRED && col[k] == SIZE_MAX)
			return cells_missing(c, tl_cols[k], "timeline", d);
	}
	cols->width = cells_count(c);
	tl->latency = col[C_P50] != SIZE_MAX && col[C_P99] != SIZE_MAX;
	tl->has_errors = col[C_ERRORS] != SIZE_MAX;
	tl->has_bounds = col[C_MIN] != SIZE_MAX && col[C_MAX] != SIZE_MAX;
	/* the three come together (an inference component's run) */
	tl->has_copies = col[C_COPIES_IN_SERVICE] != SIZE_MAX &&
	                 col[C_COPIES_PENDING] != SIZE_MAX &&
	                 col[C_NO_CAPACITY] != SIZE_MAX;
	alarm_columns(c, cols, tl);
	if (!timeline_grow_to(tl, rows > 1024 ? rows : 1024))
		return tt_diag_nomem(d, c->csv ? (tt_loc){c->csv->name, 0, 0}
		                               : c->loc);
	return TT_OK;
}

/* After the last row: one at least, and the period they are apart. */
static tt_code timeline_end(tt_plot_timeline *tl, const char *name, tt_diag *d)
{
	if (tl->n == 0)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){name, 1, 1},
		                   "timeline has no rows after its header");
	tl->period_s = tl->n > 1 ? TT_TL(tl, t, 1) - TT_TL(tl, t, 0) : 60;
	tl->t.increasing = true; /* read_row saw to it */
	return TT_OK;
}

static tt_code load_timeline(const char *path, tt_plot_columns *cols,
                             tt_plot_timeline *tl, tt_diag *d)
{
	tt_csv c;
	tt_code rc = tt_plot_csv_open(&c, path, "timeline", d);
	if (rc)
		return rc;
	tt_plot_cells cells = {.csv = &c};
	if ((rc = timeline_columns(&cells, tt_plot_count_lines(path), cols, tl,
	                           d)))
		goto close;
	for (;;) {
		bool got = false;
		if ((rc = tt_csv_next(&c, &got, d)) || !got)
			break;
		if ((rc = tt_csv_expect_columns(&c, cols->width, d)))
			break;
		if ((rc = read_row(&cells, cols, tl, d)))
			break;
	}
	if (!rc)
		rc = timeline_end(tl, c.name, d);
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

/* Room for one more row; the first time, for `rows` of them. */
static bool events_grow(tt_plot_events *ev, size_t rows)
{
	if (ev->n < ev->cap)
		return true;
	size_t cap = ev->cap ? grown_cap(ev->cap) : rows;
	if (cap < 256)
		cap = 256;
	table_grow g = {0};
	table_add(&g, ev->attr, sizeof *ev->attr);
	table_add_col(&g, &ev->t);
	table_add_col(&g, &ev->to);
	table_add_col(&g, &ev->from);
	if (!table_move(&g, &ev->arena, ev->cap, cap))
		return false;
	ev->attr = g.fresh[0];
	col_moved(&ev->t, g.fresh[1]);
	col_moved(&ev->to, g.fresh[2]);
	col_moved(&ev->from, g.fresh[3]);
	ev->cap = cap;
	return true;
}

static tt_plot_event_attrs attrs_of(const tt_plot_event *e)
{
	tt_plot_event_attrs a = {(int16_t)e->policy,   (int16_t)e->name,
	                         (int16_t)e->alarm,    (int16_t)e->reason,
	                         (signed char)e->kind, (signed char)e->dir,
	                         (signed char)e->src};
	return a;
}

static bool same_attrs(const tt_plot_event_attrs *a,
                       const tt_plot_event_attrs *b)
{
	return a->policy == b->policy && a->name == b->name &&
	       a->alarm == b->alarm && a->reason == b->reason &&
	       a->kind == b->kind && a->dir == b->dir && a->src == b->src;
}

/* `a` as the next entry of the attributes' table; SIZE_MAX: no memory. */
static size_t attrs_add(tt_plot_events *ev, const tt_plot_event_attrs *a)
{
	if (ev->n_attrs == UINT32_MAX)
		return SIZE_MAX;
	if (ev->n_attrs == ev->cap_attrs) {
		size_t cap = ev->cap_attrs ? 2 * ev->cap_attrs : 16;
		tt_plot_event_attrs *v = realloc(ev->attrs, cap * sizeof *v);
		if (!v)
			return SIZE_MAX;
		ev->attrs = v;
		ev->cap_attrs = cap;
	}
	ev->attrs[ev->n_attrs] = *a;
	return ev->n_attrs++;
}

/* `a`'s index in the attributes' table, added when new. */
static size_t attrs_index(tt_plot_events *ev, const tt_plot_event_attrs *a)
{
	/* most rows are the same as the one before */
	if (ev->n > 0 && same_attrs(&ev->attrs[ev->attr[ev->n - 1]], a))
		return ev->attr[ev->n - 1];
	for (size_t k = 0; k < ev->n_attrs; k++)
		if (same_attrs(&ev->attrs[k], a))
			return k;
	return attrs_add(ev, a);
}

/* e's numbers and attributes (entry k) as the next row, room made. */
static bool events_push(tt_plot_events *ev, const tt_plot_event *e, size_t k)
{
	size_t i = ev->n;
	if (!col_set(&ev->t, &ev->arena, i, e->t, ev->cap) ||
	    !col_set(&ev->to, &ev->arena, i, e->to, ev->cap) ||
	    !col_set(&ev->from, &ev->arena, i, e->from, ev->cap))
		return false;
	ev->attr[i] = (uint32_t)k;
	ev->n++;
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

_Static_assert((int)E_COUNT == (int)TT_PLOT_EC_COUNT,
               "tt_plot_run_data.ev_col's size");

const char *tt_plot_event_name(const tt_plot_events *ev, int i)
{
	return i >= 0 && (size_t)i < ev->n_names ? ev->names[i] : "";
}

/*
 * Cell i's text as an index in the events' name table, added when new;
 * -1 for an empty cell, or when the table is full (a name the tooltips
 * then leave out: a file with hundreds of distinct names is not a run's).
 */
static int intern(tt_plot_events *ev, tt_plot_cells *c, size_t i)
{
	size_t n;
	const char *s = tt_plot_cells_text(c, i, &n);
	if (n == 0)
		return -1;
	if (n >= TT_PLOT_NAME_MAX)
		n = TT_PLOT_NAME_MAX - 1;
	for (size_t k = 0; k < ev->n_names; k++)
		if (strncmp(ev->names[k], s, n) == 0 && ev->names[k][n] == '\0')
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

static tt_code read_direction(tt_plot_cells *c, size_t i, int *dir, tt_diag *d)
{
	char q[TT_CSV_QUOTE_SIZE];
	size_t n;
	tt_plot_cells_text(c, i, &n);
	if (CELLS_IS(c, i, "out"))
		*dir = 1;
	else if (CELLS_IS(c, i, "in"))
		*dir = -1;
	else if (n == 0) /* a step asking for nothing */
		*dir = 0;
	else
		return tt_diag_set(d, TT_EINVAL, cells_loc(c, i),
		                   "expected 'out' or 'in' for 'direction', "
		                   "got '%s'",
		                   cells_quote(c, i, q));
	return TT_OK;
}

/*
 * Which policy, and whose row: a step policy's names its alarm; a
 * scheduled action's names the action, which no summary policy is
 * called, and exists only beside the bounds' columns; Waiting and
 * MinCapacityAboveMaxCapacity only a scheduled action writes.
 */
static void event_source(tt_plot_cells *c, const size_t *col,
                         const tt_plot_info *in, bool has_bounds,
                         tt_plot_event *e)
{
	size_t n = 0;
	const char *s = col[E_POLICY] != SIZE_MAX
	                        ? tt_plot_cells_text(c, col[E_POLICY], &n)
	                        : NULL;
	int k = n ? policy_index(in, s, n) : -1;
	e->policy = n == 0   ? TT_PLOT_POLICY_UNNAMED
	            : k >= 0 ? k
	                     : TT_PLOT_POLICY_OTHER;
	e->src = TT_PLOT_SRC_TT;
	if (col[E_ALARM] != SIZE_MAX &&
	    tt_plot_cells_text(c, col[E_ALARM], &n) && n > 0)
		e->src = TT_PLOT_SRC_STEP;
	else if (CELLS_IS(c, col[E_REASON], "Waiting") ||
	         CELLS_IS(c, col[E_REASON], "MinCapacityAboveMaxCapacity") ||
	         (has_bounds && e->policy == TT_PLOT_POLICY_OTHER))
		e->src = TT_PLOT_SRC_SCHEDULED;
}

/* An event's numbers: its time, and the capacity it goes from and to. */
static tt_code event_numbers(tt_plot_cells *c, const size_t *col,
                             tt_plot_event *e, tt_diag *d)
{
	tt_code rc;
	if ((rc = cells_number(c, col[E_TIME], "time_s", false, &e->t, d)) ||
	    (rc = cells_number(c, col[E_TO], "to", false, &e->to, d)))
		return rc;
	e->from = e->to;
	if (col[E_FROM] != SIZE_MAX)
		rc = cells_number(c, col[E_FROM], "from", false, &e->from, d);
	return rc;
}

/* What an event's texts make of it, but its policy and source. */
static void event_texts(tt_plot_cells *c, const size_t *col, tt_plot_events *ev,
                        tt_plot_event *e)
{
	e->kind = CELLS_IS(c, col[E_REASON], "InProgress") ? TT_PLOT_EV_START
	          : CELLS_IS(c, col[E_REASON], "Successful")
	                  ? TT_PLOT_EV_DONE
	                  : TT_PLOT_EV_NOT_SCALED;
	e->reason = intern(ev, c, col[E_REASON]);
	e->alarm = col[E_ALARM] != SIZE_MAX ? intern(ev, c, col[E_ALARM]) : -1;
	e->name = col[E_POLICY] != SIZE_MAX ? intern(ev, c, col[E_POLICY]) : -1;
}

static tt_code read_direction_of(tt_plot_cells *c, const size_t *col,
                                 tt_plot_event *e, tt_diag *d)
{
	return read_direction(c, col[E_DIRECTION], &e->dir, d);
}

/* A file's row: its numbers and direction, checked in the columns'
 * order, then what its texts make of it. */
static tt_code read_event(tt_plot_cells *c, const size_t *col,
                          const tt_plot_info *in, bool has_bounds,
                          tt_plot_events *ev, tt_plot_event *e, tt_diag *d)
{
	tt_code rc;
	if ((rc = cells_number(c, col[E_TIME], "time_s", false, &e->t, d)) ||
	    (rc = cells_number(c, col[E_TO], "to", false, &e->to, d)) ||
	    (rc = read_direction_of(c, col, e, d)))
		return rc;
	e->from = e->to;
	if (col[E_FROM] != SIZE_MAX &&
	    (rc = cells_number(c, col[E_FROM], "from", false, &e->from, d)))
		return rc;
	event_texts(c, col, ev, e);
	event_source(c, col, in, has_bounds, e);
	return TT_OK;
}

/* The header's columns; the time, direction, to and reason needed. */
static tt_code event_columns(tt_plot_cells *c, size_t *col, tt_diag *d)
{
	static const char *const names[E_COUNT] = {
	        "time_s", "direction", "to",   "reason",
	        "policy", "from",      "alarm"};
	for (size_t k = 0; k < E_COUNT; k++) {
		col[k] = cells_col(c, names[k]);
		if (col[k] == SIZE_MAX && k < E_REQUIRED)
			return cells_missing(c, names[k], "events", d);
	}
	return TT_OK;
}

/* The row in `c` as the next event. */
static tt_code add_event(tt_plot_cells *c, const size_t *col,
                         const tt_plot_info *in, bool has_bounds, size_t rows,
                         tt_plot_events *ev, tt_diag *d)
{
	if (!events_grow(ev, rows))
		return tt_diag_nomem(d, (tt_loc){0});
	tt_plot_event e = {0};
	tt_code rc = read_event(c, col, in, has_bounds, ev, &e, d);
	if (rc)
		return rc;
	tt_plot_event_attrs a = attrs_of(&e);
	size_t k = attrs_index(ev, &a);
	if (k == SIZE_MAX || !events_push(ev, &e, k))
		return tt_diag_nomem(d, (tt_loc){0});
	return TT_OK;
}

static tt_code load_events(const char *path, const tt_plot_info *in,
                           bool has_bounds, tt_plot_events *ev, tt_diag *d)
{
	tt_csv c;
	size_t col[E_COUNT];
	tt_code rc = tt_plot_csv_open(&c, path, "events", d);
	if (rc)
		return rc;
	tt_plot_cells cells = {.csv = &c};
	if ((rc = event_columns(&cells, col, d)))
		goto close;
	size_t width = c.n_fields, rows = 0;
	for (;;) {
		bool got = false;
		if ((rc = tt_csv_next(&c, &got, d)) || !got)
			break;
		if ((rc = tt_csv_expect_columns(&c, width, d)))
			break;
		if (rows == 0)
			rows = tt_plot_count_lines(path);
		if ((rc = add_event(&cells, col, in, has_bounds, rows, ev, d)))
			break;
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

/* Defaults for what a summary may leave out, then the summary. */
static tt_code load_info(const char *summary_json, tt_plot_info *in, tt_diag *d)
{
	in->low_ratio = TT_LOW_RATIO_DEFAULT;
	in->min_capacity = NAN;
	return summary_json ? load_summary(summary_json, in, d) : TT_OK;
}

tt_code tt_plot_run_load(const char *timeline_csv, const char *events_csv,
                         const char *summary_json, tt_plot_run_data *r,
                         tt_diag *d)
{
	tt_code rc;
	const char *slash = strrchr(timeline_csv, '/');
	snprintf(r->source, sizeof r->source, "%s",
	         slash ? slash + 1 : timeline_csv);
	/* the summary first: events name their policies by its names */
	if ((rc = load_info(summary_json, &r->info, d)))
		return rc;
	if ((rc = load_timeline(timeline_csv, &r->cols, &r->tl, d)))
		return rc;
	r->have_events = events_csv != NULL;
	if (events_csv && (rc = load_events(events_csv, &r->info,
	                                    r->tl.has_bounds, &r->ev, d)))
		return rc;
	tt_plot_run_axes(r);
	return TT_OK;
}

void tt_plot_run_data_release(tt_plot_run_data *r)
{
	if (!r)
		return;
	timeline_release(&r->tl);
	tt_arena_release(&r->ev.arena);
	r->ev.t.i = r->ev.to.i = r->ev.from.i = NULL;
	r->ev.t.d = r->ev.to.d = r->ev.from.d = NULL;
	r->ev.attr = NULL;
	r->ev.n = r->ev.cap = 0;
	free(r->ev.attrs);
	r->ev.attrs = NULL;
	r->ev.n_attrs = r->ev.cap_attrs = 0;
	free(r->ev.names);
	r->ev.names = NULL;
	r->ev.n_names = r->ev.cap_names = 0;
	free(r->cells);
	r->cells = NULL;
	for (size_t k = 0; k < r->n_texts; k++)
		free(r->texts[k].copy);
	free(r->texts);
	r->texts = NULL;
	r->n_texts = r->cap_texts = 0;
}

/* ---- a run kept in memory ---- */

/* What the messages of a run in memory call its files. */
#define KEPT_TIMELINE "timeline.csv"
#define KEPT_EVENTS "events.csv"

/*
 * The rows a run in memory has room for at first (timeline_columns), and
 * its events: a day's run of one-minute periods fits, in ordinary pages
 * (bigmem.h); a longer one grows into huge pages (grown_cap).
 */
#define KEPT_ROWS 2048

tt_plot_run_data *tt_plot_run_data_new(void)
{
	tt_plot_run_data *r = calloc(1, sizeof *r);
	if (r)
		snprintf(r->source, sizeof r->source, "%s", KEPT_TIMELINE);
	return r;
}

void tt_plot_run_data_free(tt_plot_run_data *r)
{
	tt_plot_run_data_release(r);
	free(r);
}

tt_code tt_plot_keep_header(tt_plot_run_data *r, const tt_plot_cell *names,
                            size_t n, tt_diag *d)
{
	tt_plot_cells c = {.v = names, .n = n, .loc = {KEPT_TIMELINE, 1, 0}};
	/*
	 * How many rows is not known yet: room for 32768 (a column of
	 * 128 KiB, which the allocator maps on its own, so that doubling
	 * it moves pages rather than copying them; untouched pages cost
	 * nothing).
	 */
	tt_code rc = timeline_columns(&c, KEPT_ROWS, &r->cols, &r->tl, d);
	if (rc)
		return rc;
	free(r->cells);
	r->cells = calloc(n ? n : 1, sizeof *r->cells);
	return r->cells ? TT_OK : tt_diag_nomem(d, (tt_loc){0});
}

tt_code tt_plot_keep_row(tt_plot_run_data *r, tt_diag *d)
{
	tt_plot_cells c = {.v = r->cells,
	                   .n = r->cols.width,
	                   .loc = {KEPT_TIMELINE, (int)r->tl.n + 2, 0}};
	return read_row(&c, &r->cols, &r->tl, d);
}

tt_code tt_plot_keep_events(tt_plot_run_data *r, size_t columns, tt_diag *d)
{
	r->have_events = true;
	r->kept_columns = columns;
	for (size_t i = 0; i < columns; i++) {
		const char *name = tt_plot_event_columns[i];
		r->kept_header[i] =
		        (tt_plot_cell){name, strlen(name), false, 0};
	}
	tt_plot_cells h = tt_plot_kept_header(r);
	return event_columns(&h, r->ev_col, d);
}

static bool same_texts(const tt_plot_event_texts *t,
                       const tt_plot_event_cells *e)
{
	return t->key[0] == e->policy && t->key[1] == e->direction &&
	       t->key[2] == e->reason && t->key[3] == e->alarm;
}

/* Entry t for e's texts: the pointers as its key, the texts copied. */
static bool texts_copy(tt_plot_event_texts *t, const tt_plot_event_cells *e)
{
	const char *from[4] = {e->policy, e->direction, e->reason, e->alarm};
	size_t len[4], total = 0;
	for (int i = 0; i < 4; i++)
		total += (len[i] = strlen(from[i])) + 1;
	char *p = malloc(total);
	if (!p)
		return false;
	t->copy = p;
	const char **to[4] = {&t->policy, &t->direction, &t->reason, &t->alarm};
	for (int i = 0; i < 4; i++) {
		memcpy(p, from[i], len[i] + 1);
		*to[i] = p;
		t->key[i] = from[i];
		p += len[i] + 1;
	}
	return true;
}

/*
 * The index of e's texts in r->texts, added when new (`added` set);
 * SIZE_MAX when memory runs out.  They are compared as pointers: the
 * recorder hands over the scenario's and the static tables' own
 * strings.
 */
static size_t texts_index(tt_plot_run_data *r, const tt_plot_event_cells *e,
                          bool *added)
{
	*added = false;
	/* most rows repeat the one before */
	if (r->ev.n > 0) {
		size_t last = r->ev.attr[r->ev.n - 1];
		if (same_texts(&r->texts[last], e))
			return last;
	}
	for (size_t i = 0; i < r->n_texts; i++)
		if (same_texts(&r->texts[i], e))
			return i;
	if (r->n_texts == r->cap_texts) {
		size_t cap = r->cap_texts ? 2 * r->cap_texts : 16;
		tt_plot_event_texts *v = realloc(r->texts, cap * sizeof *v);
		if (!v)
			return SIZE_MAX;
		r->texts = v;
		r->cap_texts = cap;
	}
	if (!texts_copy(&r->texts[r->n_texts], e))
		return SIZE_MAX;
	*added = true;
	return r->n_texts++;
}

/* An events row in memory as cells: its texts and numbers. */
static tt_plot_cells kept_cells(const tt_plot_run_data *r, size_t texts,
                                int64_t time_us, int from, int to, size_t i)
{
	return (tt_plot_cells){.texts = &r->texts[texts],
	                       .time_us = time_us,
	                       .from = from,
	                       .to = to,
	                       .n = r->kept_columns,
	                       .loc = {KEPT_EVENTS, (int)i + 2, 0}};
}

/*
 * A row into r->ev as read from a file.  What its texts make of it is
 * the same for every row with those texts: it is read from the first of
 * them, into the attributes' entry that goes with the texts' (the same
 * index), and the other rows point at it and read only their numbers.
 */
tt_code tt_plot_keep_event(tt_plot_run_data *r, const tt_plot_event_cells *e,
                           tt_diag *d)
{
	bool added;
	size_t k = texts_index(r, e, &added);
	if (k == SIZE_MAX || !events_grow(&r->ev, KEPT_ROWS))
		return tt_diag_nomem(d, (tt_loc){0});
	tt_plot_cells c = kept_cells(r, k, e->time_us, e->from, e->to, r->ev.n);
	tt_plot_event v = {0};
	tt_code rc;
	if (added) {
		if ((rc = read_direction_of(&c, r->ev_col, &v, d)))
			return rc;
		event_texts(&c, r->ev_col, &r->ev, &v);
		tt_plot_event_attrs a = attrs_of(&v);
		if (attrs_add(&r->ev, &a) != k)
			return tt_diag_nomem(d, (tt_loc){0});
	}
	if ((rc = event_numbers(&c, r->ev_col, &v, d)))
		return rc;
	return events_push(&r->ev, &v, k) ? TT_OK
	                                  : tt_diag_nomem(d, (tt_loc){0});
}

tt_plot_cells tt_plot_kept_header(const tt_plot_run_data *r)
{
	return (tt_plot_cells){.v = r->kept_header,
	                       .n = r->kept_columns,
	                       .loc = {KEPT_EVENTS, 1, 0}};
}

/*
 * The microseconds of a kept row's time: t was time_us / 1e6, rounded
 * once (memory_number), and no two microseconds of a run's span (at
 * most TT_SPAN_MAX_US, where doubles are less than a microsecond apart)
 * round to the same double, so the one that rounds to t is time_us.
 */
static int64_t kept_time_us(double t)
{
	int64_t us = llround(t * 1e6);
	while ((double)us / 1e6 > t)
		us--;
	while ((double)us / 1e6 < t)
		us++;
	return us;
}

tt_plot_cells tt_plot_kept_cells(const tt_plot_run_data *r, size_t i)
{
	const tt_plot_events *ev = &r->ev;
	return kept_cells(r, ev->attr[i],
	                  kept_time_us(tt_plot_col_at(&ev->t, i)),
	                  (int)tt_plot_col_at(&ev->from, i),
	                  (int)tt_plot_col_at(&ev->to, i), i);
}

tt_code tt_plot_run_data_finish(tt_plot_run_data *r, const char *summary_json,
                                tt_diag *d)
{
	tt_code rc;
	if ((rc = load_info(summary_json, &r->info, d)) ||
	    (rc = timeline_end(&r->tl, KEPT_TIMELINE, d)))
		return rc;
	/* each combination's policy and source, which every row with it
	 * points at */
	for (size_t k = 0; k < r->n_texts; k++) {
		tt_plot_cells c = kept_cells(r, k, 0, 0, 0, 0);
		tt_plot_event e = {0};
		event_source(&c, r->ev_col, &r->info, r->tl.has_bounds, &e);
		r->ev.attrs[k].policy = (int16_t)e.policy;
		r->ev.attrs[k].src = (signed char)e.src;
	}
	tt_plot_run_axes(r);
	return TT_OK;
}
