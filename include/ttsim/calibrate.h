/*
 * calibrate.h - a recorded history of scaling activities next to a
 * simulation of the same period.
 *
 * `ttsim calibrate SCENARIO.yaml --activities FILE` replays the recorded
 * workload (the scenario's trace, with wall-clock times) and matches each
 * activity Application Auto Scaling logged (describe-scaling-activities
 * output, read by activities.c) to one the simulation decided: the same
 * direction and target count, nearest in decision time within a window.
 * What matched, and by how much its times differ, says how far the model
 * reproduces the account; what did not match, on either side, says where
 * it does not.  docs/calibrate.md has the rules and the outputs.
 *
 * The library never prints: the caller writes calibrate.csv through an
 * outfile and prints the score lines.
 */
#ifndef TTSIM_CALIBRATE_H
#define TTSIM_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/decision.h"
#include "ttsim/diag.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"
#include "ttsim/sweep.h"

/* The matching window when none is given: 15 minutes either way. */
#define TT_CALIBRATE_WINDOW_US ((tt_time_us)15 * 60 * TT_US_PER_S)

/*
 * A recorded capacity over time, read from a CloudWatch export of the
 * instance count (capacity_export.c): one value per datapoint, holding
 * for its period.  Built by the caller, borrowed by the calibration.
 */
typedef struct tt_capacity_export {
	int64_t *unix_us; /* each datapoint's Timestamp, ascending */
	double *value;    /* its statistic: the instance count */
	size_t count;
	tt_time_us period_us;  /* each value holds this long */
	const char *statistic; /* the statistic read ("Average", ...); static */
	const char *name;      /* the file, for messages; borrowed */
} tt_capacity_export;

typedef struct tt_calibrate_options {
	tt_time_us window_us; /* > 0: how far apart two decisions may match */
	/* The recorded instance count, when the user has it; NULL: the
	 * recorded capacity is built from the activities alone. */
	const tt_capacity_export *capacity;
} tt_calibrate_options;

/*
 * A capacity over time as steps: value[i] holds from time_us[i] until
 * time_us[i + 1] (the last until the end of the simulated period), in
 * simulated time.  A negative value is not known there (a gap in an
 * export, or before its first datapoint).
 */
typedef struct tt_cal_steps {
	tt_time_us *time_us;
	double *value;
	size_t count;
} tt_cal_steps;

/* What one row of the comparison is. */
typedef enum tt_cal_match {
	TT_CAL_MATCHED,       /* a recorded activity and a simulated one */
	TT_CAL_RECORDED_ONLY, /* recorded, nothing simulated matched it */
	TT_CAL_SIMULATED_ONLY /* simulated, nothing recorded matched it */
} tt_cal_match;

/* "matched", "recorded_only", "simulated_only" (calibrate.csv). */
const char *tt_cal_match_name(tt_cal_match m);

/* One side of a row; times in simulated time (0: the trace's start). */
typedef struct tt_cal_side {
	bool present;
	tt_time_us decision_us; /* StartTime; the simulated decision */
	bool has_completion;
	tt_time_us completion_us; /* EndTime; the simulated completion */
} tt_cal_side;

/*
 * One row: a scaling activity (not_scaled false), or a NotScaled one
 * (a recorded activity with NotScaledReasons and the simulated
 * not-scaled decision nearest it).  Strings are owned by the calibration.
 */
typedef struct tt_cal_row {
	tt_cal_match match;
	bool not_scaled;
	tt_direction direction;
	int to;                  /* the target count; -1 for a NotScaled row */
	const char *activity_id; /* recorded; NULL when simulated only */
	tt_cal_side recorded, simulated;
	const char *recorded_reason; /* NotScaledReasons[0].Code, or NULL */
	tt_reason simulated_reason;  /* for a simulated not-scaled decision */
} tt_cal_row;

/* The score: one figure per measure (docs/calibrate.md). */
typedef struct tt_cal_score {
	size_t matched;              /* scaling activities matched */
	size_t recorded_only;        /* recorded scaling activities unmatched */
	size_t simulated_only;       /* simulated decisions unmatched */
	size_t not_scaled_matched;   /* NotScaled rows with both sides */
	size_t not_scaled_agree;     /* ... giving the same reason code */
	size_t not_scaled_unmatched; /* recorded NotScaled, none simulated */
	size_t skipped;    /* recorded activities not compared (see the docs) */
	bool has_decision; /* some pair matched */
	tt_time_us decision_median_us; /* simulated minus recorded */
	tt_time_us decision_max_us;    /* the largest in size, with its sign */
	bool has_completion;           /* some pair has both completions */
	tt_time_us completion_median_us;
	/* The capacities against each other, in instance-minutes, over the
	 * time both are known: simulated above recorded, and below. */
	double above_instance_min;
	double below_instance_min;
	/* Decision-time error, in minutes: each matched pair's offset in
	 * size, and the window for each activity matched on neither side. */
	double decision_error_min;
	/* The loss --fit minimises: decision_error_min + above + below
	 * (docs/calibrate.md). */
	double loss;
} tt_cal_score;

/* Provisioning delays read off the history: the recorded scale-outs'
 * EndTime minus StartTime (docs/calibrate.md). */
typedef struct tt_cal_provisioning {
	tt_time_us *samples_us; /* ascending */
	size_t count;           /* the scale-outs with an EndTime */
} tt_cal_provisioning;

/* A finished comparison.  Caller-owned; free with tt_calibration_release. */
typedef struct tt_calibration {
	/* Whether activities were compared: without them (a capacity
	 * export alone) there are no rows and no decision figures. */
	bool has_activities;
	tt_cal_row *rows; /* in order of decision time */
	size_t count;
	tt_cal_score score;
	int64_t origin_unix_s; /* simulated time 0 as wall-clock time */
	tt_time_us simulated_us;
	tt_diag_list notes; /* the run's warnings and notes (a trace gap) */
	/* For the picture: the recorded load, one value per period (the
	 * invocations of each timeline row), and the two capacities. */
	double *load;
	size_t periods;
	tt_time_us period_us;
	tt_cal_steps recorded_capacity; /* the export's, else the activities' */
	bool capacity_from_export;
	tt_cal_steps simulated_capacity; /* in service: instances, or copies */
	bool copies; /* the capacity counts an inference component's copies */
	char *name;  /* the scenario's name, for the picture; owned */
	tt_cal_provisioning provisioning;
	void *priv_; /* the history the rows' strings point into */
} tt_calibration;

/*
 * A parsed history of scaling activities (describe-scaling-activities
 * output, activities.c).  Only read once parsed, so one history serves
 * several calibrations at once (--fit's threads).
 */
typedef struct tt_cal_history tt_cal_history;

/* Parse `len` bytes of activities named `name` in messages (borrowed for
 * the life of the history).  The reader's errors, file:line:col. */
tt_code tt_cal_history_parse(const char *text, size_t len, const char *name,
                             tt_cal_history **out, tt_diag *d);
void tt_cal_history_free(tt_cal_history *h);

/*
 * Check that every activity of `h` is the scenario's scalable target's,
 * run the scenario and compare.  The calibration's strings point into
 * `h`: keep it until the calibration is released.  `h` may be NULL when
 * o->capacity is given: the capacities alone are compared.  Errors: TT_EINVAL when
 * the scenario's workload is not a trace with wall-clock times (at the
 * workload) or the history names another ResourceId (at it), the run's
 * own.  On failure *out is untouched.
 */
tt_code tt_calibrate_history(const tt_scenario *s, const tt_cal_history *h,
                             const tt_calibrate_options *o, tt_calibration *out,
                             tt_diag *d);

/*
 * Read the activities file at `path` (named `name` in messages:
 * borrowed for the life of the calibration), check that every activity
 * is the scenario's scalable target's, run the scenario and compare.
 * Errors: the reader's (file:line:col), TT_EINVAL when the scenario's
 * workload is not a trace with wall-clock times (at the workload) or the
 * history names another ResourceId (at it), the run's own.  On failure
 * *out is untouched.
 */
tt_code tt_calibrate(const tt_scenario *s, const char *path, const char *name,
                     const tt_calibrate_options *o, tt_calibration *out,
                     tt_diag *d);

/* The same with the activities given as text (len bytes); the
 * calibration owns the history it parses. */
tt_code tt_calibrate_text(const tt_scenario *s, const char *text, size_t len,
                          const char *name, const tt_calibrate_options *o,
                          tt_calibration *out, tt_diag *d);

/*
 * calibrate.csv: a header, then one row per tt_cal_row, in order.  Times
 * in seconds of simulated time; offsets simulated minus recorded.  The
 * caller owns `f` and checks it for write errors.  TT_EINTERNAL only.
 */
tt_code tt_calibration_write_csv(const tt_calibration *c, FILE *f, tt_diag *d);

/*
 * calibrate.svg: the recorded load, and over it the recorded and the
 * simulated capacity, with the activities matched on one side only
 * marked (plot_calibrate.c).  The caller owns `f`.  TT_EINTERNAL only.
 */
tt_code tt_calibration_write_svg(const tt_calibration *c, FILE *f, tt_diag *d);

/*
 * --fit: every setting of a grid of knobs (`--fit KNOB=RANGE`, read as
 * sweep axes) calibrated against one history.  Each row of `table` holds
 * its values and figures: loss, decision_error_min,
 * capacity_above_instance_min, capacity_below_instance_min, matched,
 * unmatched_recorded, unmatched_simulated, and when they exist
 * median_decision_offset_s and median_completion_offset_s.
 */
typedef struct tt_cal_fit {
	tt_sweep_table table; /* in grid order */
	size_t *ranked; /* rows by loss, lowest first; ties in grid order */
} tt_cal_fit;

/*
 * Calibrate every combination of `g` on the scenario file at `path`
 * (each loaded with its values, as tt_sweep_run does) against `h`, on
 * `jobs` threads.  Errors: the first failing combination's, as a sweep
 * reports it.  Release *out with tt_cal_fit_release.
 */
tt_code tt_calibrate_fit(const char *path, const tt_sweep_grid *g,
                         const tt_cal_history *h, const tt_calibrate_options *o,
                         unsigned jobs, tt_cal_fit *out, tt_diag *d);
void tt_cal_fit_release(tt_cal_fit *f);

/* Whether a calibration says the history follows the scenario's rules. */
typedef enum tt_cal_verdict {
	/* every scaling activity matched, on both sides, and every matched
	 * decision within one period of its twin */
	TT_CAL_CONSISTENT,
	TT_CAL_MISMATCH,  /* anything else */
	TT_CAL_NO_VERDICT /* no activities given: nothing to match */
} tt_cal_verdict;

/*
 * What --fit reports of its best setting: a history made by other rules
 * stays a mismatch, however the knobs are set (docs/calibrate.md).
 */
tt_cal_verdict tt_calibration_verdict(const tt_calibration *c);

/* Free what the calibration owns.  Accepts a zeroed one. */
void tt_calibration_release(tt_calibration *c);

#endif
