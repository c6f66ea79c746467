/*
 * report.h - summary.json, the figures of a finished run.
 *
 * A run writes three files: timeline.csv and events.csv stream out while
 * it runs, through the recorder of csv_recorder.h (included here, so a
 * caller writing all three includes one header); summary.json is written
 * at the end by tt_report_write_summary.  The caller owns the file and
 * checks it for write errors (the CLI writes to a temporary name and
 * renames it only when everything succeeded).  A number that is not
 * finite is never written: the writer returns TT_EINTERNAL naming the
 * figure (fmt.h).
 */
#ifndef TTSIM_REPORT_H
#define TTSIM_REPORT_H

#include <stdio.h>

#include "ttsim/csv_recorder.h"
#include "ttsim/diag.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

/*
 * Write summary.json for a finished run.  TT_EINTERNAL when a figure is
 * not finite (tt_fmt_finite; `out` then holds a file to discard).
 */
tt_code tt_report_write_summary(FILE *out, const tt_scenario *s,
                                const tt_summary *sum, tt_diag *d);

#endif
