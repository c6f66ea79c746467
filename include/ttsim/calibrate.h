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

/* The matching window when none is given: 15 minutes either way. */
#define TT_CALIBRATE_WINDOW_US ((tt_time_us)15 * 60 * TT_US_PER_S)

typedef struct tt_calibrate_options {
	tt_time_us window_us; /* > 0: how far apart two decisions may match */
} tt_calibrate_options;

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
} tt_cal_score;

/* A finished comparison.  Caller-owned; free with tt_calibration_release. */
typedef struct tt_calibration {
	tt_cal_row *rows; /* in order of decision time */
	size_t count;
	tt_cal_score score;
	int64_t origin_unix_s; /* simulated time 0 as wall-clock time */
	tt_time_us simulated_us;
	tt_diag_list notes; /* the run's warnings and notes (a trace gap) */
	void *priv_;        /* the history the rows' strings point into */
} tt_calibration;

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

/* The same with the activities given as text (len bytes). */
tt_code tt_calibrate_text(const tt_scenario *s, const char *text, size_t len,
                          const char *name, const tt_calibrate_options *o,
                          tt_calibration *out, tt_diag *d);

/*
 * calibrate.csv: a header, then one row per tt_cal_row, in order.  Times
 * in seconds of simulated time; offsets simulated minus recorded.  The
 * caller owns `f` and checks it for write errors.  TT_EINTERNAL only.
 */
tt_code tt_calibration_write_csv(const tt_calibration *c, FILE *f, tt_diag *d);

/* Free what the calibration owns.  Accepts a zeroed one. */
void tt_calibration_release(tt_calibration *c);

#endif
