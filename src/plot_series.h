/*
 * plot_series.h - a run as the picture needs it, in memory: the seam
 * between reading a run's files (plot_load.c) and drawing it
 * (plot_run.c).
 *
 * The timeline is a struct of arrays, one array per column, so a run
 * that is still in memory can be drawn by filling these arrays directly
 * instead of writing timeline.csv and reading it back.  Also the CSV
 * readers plot_sweep.c shares with plot_load.c.  Private to the library.
 */
#ifndef TTSIM_PLOT_SERIES_H
#define TTSIM_PLOT_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "ttsim/diag.h"
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
 * One run's rows (timeline.csv), a column per array, all of length n.
 * p50, p99 are NULL unless `latency`, errors NULL unless `has_errors`,
 * min_cap and max_cap NULL unless `has_bounds` (a scenario with
 * scheduled actions); NaN marks an empty cell (a metric without
 * datapoints).  alarm_st[k] is the state column `alarm:<alarm_name[k]>`
 * of a user alarm (step scaling); n_alarms_more counts those past
 * TT_PLOT_MAX_ALARMS, which are not read.
 *
 * An inference component's run (`has_copies`: the columns
 * copies_in_service, copies_pending and no_capacity, NULL otherwise)
 * counts two things: desired (and the events' from and to) counts
 * copies, in_service and pending count instances, which are billed.
 * no_capacity is the requests of the period that found no copy serving
 * (fractional in fluid mode).
 */
typedef struct tt_plot_timeline {
	size_t n, cap;
	double *t; /* time_s: the start of each period */
	double *inv, *desired, *in_service, *pending, *metric;
	double *p50, *p99, *errors;
	unsigned char *ah, *al; /* TT_PLOT_OK, _ALARM, _INSUFFICIENT */
	double *min_cap, *max_cap;
	bool has_bounds;
	double *copies_in_service, *copies_pending, *no_capacity;
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

/* One row of events.csv. */
typedef struct tt_plot_event {
	double t, to, from;
	int kind;   /* TT_PLOT_EV_* */
	int dir;    /* +1 out, -1 in, 0 neither (AlreadyAtDesiredCapacity) */
	int src;    /* TT_PLOT_SRC_* */
	int policy; /* index in tt_plot_info.policies; TT_PLOT_POLICY_UNNAMED
	               (no policy column, or an empty cell: an older file,
	               the first policy's) or _OTHER (a name the summary's
	               policies do not have) */
	/* indices in tt_plot_events.names, -1: none (or past the table) */
	int name, alarm, reason;
} tt_plot_event;

/*
 * The rows of events.csv, and the names they carry beyond the summary's
 * (step policies, scheduled actions, alarms, reason codes), each kept
 * once: the pictures' tooltips say them.
 */
typedef struct tt_plot_events {
	tt_plot_event *v;
	size_t n, cap;
	char (*names)[TT_PLOT_NAME_MAX];
	size_t n_names, cap_names;
} tt_plot_events;

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

/* Everything a run's picture is drawn from. */
typedef struct tt_plot_run_data {
	tt_plot_timeline tl;
	tt_plot_events ev;
	bool have_events;
	tt_plot_info info;
	char source[TT_PLOT_NAME_MAX]; /* the timeline's file name, for a
	                                  title when there is no summary */
} tt_plot_run_data;

/*
 * Read a run's files into `r` (zero it first; release it after, also
 * after an error).  `events_csv` and `summary_json` may be NULL.
 * Errors as tt_plot_run's (plot.h).
 */
tt_code tt_plot_run_load(const char *timeline_csv, const char *events_csv,
                         const char *summary_json, tt_plot_run_data *r,
                         tt_diag *d);

void tt_plot_run_data_release(tt_plot_run_data *r);

/*
 * Draw `r` as SVG on `out` (plot_run.c); `o` already defaulted.  Fails
 * only when a label's number cannot be written (TT_EINVAL).
 */
tt_code tt_plot_run_draw(const tt_plot_run_data *r, const tt_plot_opts *o,
                         FILE *out, tt_diag *d);

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
