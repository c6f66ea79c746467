/*
 * plot_series.h - a run as the picture needs it, in memory: the seam
 * between reading a run (plot_load.c) and drawing it (plot_run.c).
 *
 * The timeline is a struct of columns, one per column of the file, and
 * the events are columns too, their attributes shared: a long run's
 * hundred thousand rows in as few pages as they fit.  A run is read
 * into them from its files (`ttsim plot`), or kept as it runs: the CSV
 * recorder hands over each row's cells as it writes them
 * (tt_plot_keep_*, `ttsim run`), and both go through the same readers
 * (tt_plot_cells).  Also the CSV readers plot_sweep.c shares with
 * plot_load.c.  Private to the library.
 */
#ifndef TTSIM_PLOT_SERIES_H
#define TTSIM_PLOT_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bigmem.h"
#include "csv.h"
#include "plot_svg.h"
#include "ttsim/diag.h"
#include "ttsim/fmt.h"
#include "ttsim/plot.h"

/*
 * The largest magnitude of a number the pictures read: far beyond any
 * figure a run writes (a TargetValue is at most 1.174271e108), small
 * enough that the drawing's arithmetic (differences, a product of two)
 * stays finite, so no label can come out as inf or nan.
 */
#define TT_PLOT_VALUE_MAX 1e150
#define TT_PLOT_VALUE_MAX_TEXT "1e150"

#define TT_PLOT_MAX_POLICIES 16
#define TT_PLOT_NAME_MAX 160
/* user alarms drawn as state strips; more are read past and counted */
#define TT_PLOT_MAX_ALARMS 16
/* distinct names (step policies, actions, alarms, reasons) in events.csv */
#define TT_PLOT_MAX_EVENT_NAMES 256

/* An alarm's state in a row. */
enum { TT_PLOT_OK = 0, TT_PLOT_ALARM = 1, TT_PLOT_INSUFFICIENT = 2 };

/*
 * One run's rows (timeline.csv), a column each (tt_plot_col: 32-bit
 * integers while every value is one), all of length n.  p50, p99 are no
 * column unless `latency`, errors none unless `has_errors`, min_cap and
 * max_cap none unless `has_bounds` (a scenario with scheduled actions);
 * NaN marks an empty cell (a metric without datapoints).  alarm_st[k] is
 * the state column `alarm:<alarm_name[k]>` of a user alarm (step
 * scaling); n_alarms_more counts those past TT_PLOT_MAX_ALARMS, which
 * are not read.
 *
 * An inference component's run (`has_copies`: the columns
 * copies_in_service, copies_pending and no_capacity, none otherwise)
 * counts two things: desired (and the events' from and to) counts
 * copies, in_service and pending count instances, which are billed.
 * no_capacity is the requests of the period that found no copy serving
 * (fractional in fluid mode).
 */
typedef struct tt_plot_timeline {
	size_t n, cap;
	tt_arena arena; /* where every column and state array lives */
	tt_plot_col t;  /* time_s: the start of each period */
	tt_plot_col inv, desired, in_service, pending, metric;
	tt_plot_col p50, p99, errors;
	unsigned char *ah, *al; /* TT_PLOT_OK, _ALARM, _INSUFFICIENT */
	tt_plot_col min_cap, max_cap;
	bool has_bounds;
	tt_plot_col copies_in_service, copies_pending, no_capacity;
	bool has_copies;
	char alarm_name[TT_PLOT_MAX_ALARMS][TT_PLOT_NAME_MAX];
	unsigned char *alarm_st[TT_PLOT_MAX_ALARMS];
	size_t n_alarms, n_alarms_more;
	bool latency;
	bool has_errors;
	bool wallclock;        /* origin_unix_s is known */
	int64_t origin_unix_s; /* the wall-clock time of time_s = 0 */
	double period_s;
} tt_plot_timeline;

/* Value i of a timeline column. */
#define TT_TL(tl, col, i) tt_plot_col_at(&(tl)->col, (i))

enum { TT_PLOT_EV_START = 0, TT_PLOT_EV_DONE = 1, TT_PLOT_EV_NOT_SCALED = 2 };

/*
 * Who wrote an event: a target-tracking policy, a step policy (its row
 * names an alarm) or a scheduled action (its row names neither a policy
 * of the summary nor an alarm, in a timeline with bounds; or its reason
 * is one only a scheduled action writes).
 */
enum { TT_PLOT_SRC_TT = 0, TT_PLOT_SRC_STEP = 1, TT_PLOT_SRC_SCHEDULED = 2 };

/* tt_plot_event.policy when it is not an index */
enum { TT_PLOT_POLICY_UNNAMED = -1, TT_PLOT_POLICY_OTHER = -2 };

/*
 * What an events row is, its numbers aside: shared by every row that is
 * the same (a run's hundred thousand rows, most of them NotScaled
 * decisions, are a handful of these).
 */
typedef struct tt_plot_event_attrs {
	int16_t policy; /* index in tt_plot_info.policies; TT_PLOT_POLICY_UNNAMED
	                   (no policy column, or an empty cell: an older file,
	                   the first policy's) or _OTHER (a name the summary's
	                   policies do not have) */
	/* indices in tt_plot_events.names, -1: none (or past the table) */
	int16_t name, alarm, reason;
	signed char kind; /* TT_PLOT_EV_* */
	signed char
	        dir; /* +1 out, -1 in, 0 neither (AlreadyAtDesiredCapacity) */
	signed char src; /* TT_PLOT_SRC_* */
} tt_plot_event_attrs;

_Static_assert(TT_PLOT_MAX_EVENT_NAMES <= INT16_MAX,
               "tt_plot_event_attrs' name indices");

/*
 * The rows of events.csv as columns: each row's numbers, and its
 * attributes as an index in `attrs`, where each combination is kept
 * once; and the names the rows carry beyond the summary's (step
 * policies, scheduled actions, alarms, reason codes), each kept once:
 * the pictures' tooltips say them.  Every page a long run's events
 * touch costs time.
 */
typedef struct tt_plot_events {
	tt_plot_col t, to, from;
	uint32_t *attr;
	size_t n, cap;
	tt_arena arena; /* where t, to, from and attr live */
	tt_plot_event_attrs *attrs;
	size_t n_attrs, cap_attrs;
	char (*names)[TT_PLOT_NAME_MAX];
	size_t n_names, cap_names;
} tt_plot_events;

/* One row of events.csv as the picture reads it (tt_plot_event_at). */
typedef struct tt_plot_event {
	double t, to, from;
	int policy, name, alarm, reason; /* as tt_plot_event_attrs' */
	int kind, dir, src;
} tt_plot_event;

/* Row i's attributes: test these before reading the row whole. */
static inline const tt_plot_event_attrs *
tt_plot_event_attrs_at(const tt_plot_events *ev, size_t i)
{
	return &ev->attrs[ev->attr[i]];
}

static inline tt_plot_event tt_plot_event_at(const tt_plot_events *ev, size_t i)
{
	const tt_plot_event_attrs *a = &ev->attrs[ev->attr[i]];
	tt_plot_event e = {tt_plot_col_at(&ev->t, i),
	                   tt_plot_col_at(&ev->to, i),
	                   tt_plot_col_at(&ev->from, i),
	                   a->policy,
	                   a->name,
	                   a->alarm,
	                   a->reason,
	                   a->kind,
	                   a->dir,
	                   a->src};
	return e;
}

/* Name i of the events' table, "" for -1. */
const char *tt_plot_event_name(const tt_plot_events *ev, int i);

typedef struct tt_plot_policy {
	char name[TT_PLOT_NAME_MAX];
	char metric[TT_PLOT_NAME_MAX];
	double target;
	bool has_target;
	double period_s; /* the datapoints' period; 0: not said */
	double out_cooldown_s, in_cooldown_s;
} tt_plot_policy;

/*
 * The summary's "inference_component" section (have: there was one);
 * an absent number is NaN.  Times in seconds.
 */
typedef struct tt_plot_ic {
	bool have;
	double copies_per_instance;
	double min_instances, max_instances;
	double zero_copies_s;
	double wake_ups;
	double no_capacity_failures;
	double cold_starts;
	double cold_wait_p50_s, cold_wait_p99_s, cold_wait_max_s;
} tt_plot_ic;

/* What the picture takes from summary.json (have: there was one). */
typedef struct tt_plot_info {
	bool have;
	char scenario[TT_PLOT_NAME_MAX];
	char resource[TT_PLOT_NAME_MAX];
	char mode[32];
	char seed[32];
	double low_ratio;
	double min_capacity; /* NaN: not said */
	tt_plot_policy policies[TT_PLOT_MAX_POLICIES];
	size_t n_policies;
	tt_plot_ic ic;
	/* An HPA's run: the first policy is its first metric, whose band is
	 * the tolerance, not target tracking's alarms. */
	bool hpa;
	double hpa_tolerance;
} tt_plot_info;

/* The timeline columns the picture reads (plot_load.c names them). */
#define TT_PLOT_COLUMNS 17

/*
 * Where the picture's columns are in a timeline's header: at[k] the
 * index of column k (SIZE_MAX: absent), alarm[k] that of the user alarm
 * alarm_name[k], width the header's number of columns.
 */
typedef struct tt_plot_columns {
	size_t at[TT_PLOT_COLUMNS];
	size_t alarm[TT_PLOT_MAX_ALARMS];
	size_t width;
} tt_plot_columns;

/*
 * One cell of a row handed over in memory rather than read from a file
 * (csv_recorder.c, a run kept for its pictures): its bytes as the file
 * has them, not NUL-terminated, and for a number column the value those
 * bytes read back as (`number`; NaN for an empty cell), so the picture
 * need not parse what was just formatted.
 */
typedef struct tt_plot_cell {
	const char *text;
	size_t len;
	bool number;
	double num;
} tt_plot_cell;

/* events.csv's columns, in the file's order; the last only with step
 * policies (csv_recorder.c writes them from this table). */
enum {
	TT_PLOT_EC_TIME,
	TT_PLOT_EC_POLICY,
	TT_PLOT_EC_DIRECTION,
	TT_PLOT_EC_FROM,
	TT_PLOT_EC_TO,
	TT_PLOT_EC_REASON,
	TT_PLOT_EC_ALARM,
	TT_PLOT_EC_COUNT
};
extern const char *const tt_plot_event_columns[TT_PLOT_EC_COUNT];

/*
 * One row of events.csv as cells: csv_recorder.c writes the file's row
 * from it and hands it over to a run kept in memory.  The texts are the
 * scenario's and static tables' own strings, the same pointer for the
 * same text throughout the run; `alarm` is "" for none.
 */
typedef struct tt_plot_event_cells {
	int64_t time_us;
	int from, to;
	const char *policy, *direction, *reason, *alarm;
} tt_plot_event_cells;

/*
 * The four texts of the events rows a run keeps, once for every row
 * that has them: a run writes a handful of combinations.  Entry i goes
 * with tt_plot_events.attrs[i], what those texts make of a row.  The
 * texts are copies, owned (`copy` holds all four), so the run's
 * scenario need not outlive its pictures; `key` is the recorder's four
 * pointers, which find the entry again while the run goes.
 */
typedef struct tt_plot_event_texts {
	const char *policy, *direction, *reason, *alarm;
	char *copy;
	const char *key[4];
} tt_plot_event_texts;

/*
 * Everything a run's picture is drawn from (plot.h's opaque
 * tt_plot_run_data): read from the run's files (tt_plot_run_load), or
 * kept while the run goes (tt_plot_keep_*, then tt_plot_run_data_finish).
 */
struct tt_plot_run_data {
	tt_plot_timeline tl;
	tt_plot_events ev;
	bool have_events;
	tt_plot_info info;
	char source[TT_PLOT_NAME_MAX]; /* the timeline's file name, for a
	                                  title when there is no summary */
	/* The metric axis's top (and the peak cut, NaN: none), from every
	 * datapoint: both pictures of a run use it (tt_plot_run_axes). */
	double metric_top, metric_clipped_at;
	/* Where the picture's columns are in the timeline. */
	tt_plot_columns cols;
	/*
	 * A run kept in memory: a timeline row's cells as the recorder
	 * hands them over; the texts of events.csv's rows, each
	 * combination once, in step with ev.attrs (a row's attr indexes
	 * both); and the header of events.csv (kept_columns columns),
	 * where ev_col has the columns the picture reads.  The attributes'
	 * policy and source wait for the summary, which names the policies.
	 */
	tt_plot_cell *cells;
	tt_plot_event_texts *texts;
	size_t n_texts, cap_texts;
	size_t kept_columns;
	tt_plot_cell kept_header[TT_PLOT_EC_COUNT];
	size_t ev_col[TT_PLOT_EC_COUNT];
};

/*
 * Read a run's files into `r` (zero it first; release it after, also
 * after an error).  `events_csv` and `summary_json` may be NULL.
 * Errors as tt_plot_run's (plot.h).
 */
tt_code tt_plot_run_load(const char *timeline_csv, const char *events_csv,
                         const char *summary_json, tt_plot_run_data *r,
                         tt_diag *d);

/* Free what `r` holds, not `r`.  Accepts a zeroed one. */
void tt_plot_run_data_release(tt_plot_run_data *r);

/* ---- a run kept in memory while it runs (csv_recorder.c) ---- */

/*
 * The timeline's header as the recorder writes it, a cell per column,
 * once before the first row: which columns the picture reads, by the
 * rule a file's header is read by.  A row is then handed over in
 * r->cells (n of them).  TT_ENOMEM.
 */
tt_code tt_plot_keep_header(tt_plot_run_data *r, const tt_plot_cell *names,
                            size_t n, tt_diag *d);

/* The row in r->cells into the series, as read from a file.  TT_EINVAL
 * for a cell the picture refuses, TT_ENOMEM. */
tt_code tt_plot_keep_row(tt_plot_run_data *r, tt_diag *d);

/* events.csv is written with `columns` columns (tt_plot_event_columns). */
tt_code tt_plot_keep_events(tt_plot_run_data *r, size_t columns, tt_diag *d);

/* One row of events.csv, read as from the file.  TT_ENOMEM. */
tt_code tt_plot_keep_event(tt_plot_run_data *r, const tt_plot_event_cells *e,
                           tt_diag *d);

/* ---- a row's cells, from a file or from memory ---- */

/*
 * The cells of one row: a file's current line (`csv`), cells in memory
 * (`v`, n of them), or an events row in memory (`texts` and the
 * numbers; n cells).  Numbers read from memory are not parsed; their
 * text is what the file has.
 */
typedef struct tt_plot_cells {
	const tt_csv *csv;
	const tt_plot_cell *v;
	size_t n;
	const tt_plot_event_texts *texts;
	int64_t time_us;
	int from, to;
	tt_loc loc;           /* in memory: where the row is in its file */
	char buf[TT_FMT_BUF]; /* in memory: a number's text */
} tt_plot_cells;

/* Cell i's text and length (not NUL-terminated). */
const char *tt_plot_cells_text(tt_plot_cells *c, size_t i, size_t *n);

/* True when cell i is exactly `s`. */
bool tt_plot_cells_is(tt_plot_cells *c, size_t i, const char *s);

/* The header cells of the events kept in memory, and the cells of
 * kept row i. */
tt_plot_cells tt_plot_kept_header(const tt_plot_run_data *r);
tt_plot_cells tt_plot_kept_cells(const tt_plot_run_data *r, size_t i);

/* ---- drawing ---- */

/*
 * What the pictures of a run read from all its rows, once the run is
 * read or finished (plot_run.c): the metric axis's top.
 */
void tt_plot_run_axes(tt_plot_run_data *r);

/* ---- the CSV readers the picture loaders share (plot_load.c) ---- */

/*
 * Open a CSV file with a message naming what it is ("cannot open timeline
 * 'x': No such file or directory"), and read its header: an empty file
 * is refused.
 */
tt_code tt_plot_csv_open(tt_csv *c, const char *path, const char *what,
                         tt_diag *d);

/* The header field called `name`: its index, or SIZE_MAX. */
size_t tt_plot_csv_col(const tt_csv *c, const char *name);

/*
 * "no column 'x' in the WHAT header (it has 'a', 'b', 'c')" at 1:1,
 * listing every column: the user needs the whole list to fix a name.
 */
tt_code tt_plot_csv_missing(const tt_csv *c, const char *name, const char *what,
                            tt_diag *d);

/*
 * Field i as a number no larger than TT_PLOT_VALUE_MAX, named `col` in
 * messages; an empty field is NaN when allow_empty.
 */
tt_code tt_plot_csv_number(const tt_csv *c, size_t i, const char *col,
                           bool allow_empty, double *out, tt_diag *d);

/* The lines of a file (an upper bound on its rows); 0 on error. */
size_t tt_plot_count_lines(const char *path);

#endif
