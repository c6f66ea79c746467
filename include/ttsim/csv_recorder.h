/*
 * csv_recorder.h - a recorder that streams a run to timeline.csv and
 * events.csv as it goes.
 *
 * A tt_csv_recorder is a tt_recorder (sim.h): hand its `rec` to
 * tt_sim_run and it writes one timeline row per simulation period and
 * one events row per scaling decision, its completion or a NotScaled
 * record (docs/outputs.md has every column).  The caller owns the two
 * files and checks them for write errors (the CLI writes to temporary
 * names and renames them only when everything succeeded).  A number that
 * is not finite is never written: the row callback returns TT_EINTERNAL
 * naming its column (fmt.h), and the run stops.  summary.json, written
 * once the run is over, is report.h's.  The recorder can also keep the
 * run in memory for its pictures as it writes it (tt_csv_recorder_keep).
 */
#ifndef TTSIM_CSV_RECORDER_H
#define TTSIM_CSV_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/plot.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

typedef struct tt_csv_recorder {
	tt_recorder rec; /* hand &r.rec to tt_sim_run */
	FILE *timeline;  /* NULL: not written */
	FILE *events;    /* NULL: not written */
	const tt_scenario *s;
	bool wallclock;
	int64_t origin_unix_s;
	tt_plot_run_data *keep;     /* tt_csv_recorder_keep, or NULL */
	struct tt_csv_cache *cache; /* private: the rows waiting to be
	                               written, names quoted once, the
	                               date of the last row's day */
} tt_csv_recorder;

/*
 * Set up a recorder writing to the given files (either may be NULL; the
 * files stay the caller's).  Release it with tt_csv_recorder_release
 * after the run.
 */
void tt_csv_recorder_init(tt_csv_recorder *r, FILE *timeline, FILE *events);

/*
 * Also keep the run in `keep` (plot.h) as it is written: the timeline's
 * series row by row and the events, as tt_plot_run would read them back
 * from the two files.  Call before the run; `keep` stays the caller's.
 * A cell the picture refuses (a number beyond what it draws) stops the
 * run with TT_EINVAL, as tt_plot_run would refuse the file.
 */
void tt_csv_recorder_keep(tt_csv_recorder *r, tt_plot_run_data *keep);

/*
 * Write the rows still waiting (rows go to the files in batches of 64
 * KiB), then free the buffers.  Call it before flushing or closing the
 * files.  Accepts NULL and a recorder released before.
 */
void tt_csv_recorder_release(tt_csv_recorder *r);

#endif
