/*
 * report.h - the run's files: timeline.csv, events.csv, summary.json.
 *
 * A tt_csv_recorder is a tt_recorder that streams the timeline and the
 * events to two FILE handles as the run goes (docs/outputs.md has every
 * column); tt_report_write_summary writes summary.json at the end.  The
 * caller owns the files and checks them for write errors (the CLI writes
 * to temporary names and renames them only when everything succeeded).
 * A number that is not finite is never written: the row callback or the
 * summary writer returns TT_EINTERNAL naming its column (fmt.h), and the
 * run stops.
 */
#ifndef TTSIM_REPORT_H
#define TTSIM_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/scenario.h"
#include "ttsim/sim.h"

typedef struct tt_csv_recorder {
	tt_recorder rec; /* hand &r.rec to tt_sim_run */
	FILE *timeline;  /* NULL: not written */
	FILE *events;    /* NULL: not written */
	const tt_scenario *s;
	bool wallclock;
	int64_t origin_unix_s;
	char *line; /* one timeline row is built here, then written at once */
	size_t line_cap;
} tt_csv_recorder;

/*
 * Set up a recorder writing to the given files (either may be NULL).
 * Release it with tt_csv_recorder_release after the run.
 */
void tt_csv_recorder_init(tt_csv_recorder *r, FILE *timeline, FILE *events);
void tt_csv_recorder_release(tt_csv_recorder *r);

/*
 * Write summary.json for a finished run.  TT_EINTERNAL when a figure is
 * not finite (tt_fmt_finite; `out` then holds a file to discard).
 */
tt_code tt_report_write_summary(FILE *out, const tt_scenario *s,
                                const tt_summary *sum, tt_diag *d);

#endif
