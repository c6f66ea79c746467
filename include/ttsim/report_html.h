/*
 * report_html.h - a run's one-page report, report.html.
 *
 * One self-contained HTML page drawn from the files of a finished run,
 * or from the run kept in memory while it wrote them (plot.h): the
 * scenario's name, the run's picture (plot.h) embedded inline as SVG, the
 * whole summary.json as a table, and the scaling activities of
 * events.csv as a table with the NotScaled decisions counted by reason.
 * The page has its CSS inline and refers to nothing outside itself (no
 * URL, no script, no image file), so it can be mailed, archived as a CI
 * artifact or opened offline, and it is byte-identical for the same run.
 */
#ifndef TTSIM_REPORT_HTML_H
#define TTSIM_REPORT_HTML_H

#include <stdio.h>

#include "ttsim/diag.h"
#include "ttsim/plot.h"

/* Activities listed in the events table at most; the rest are counted. */
#define TT_REPORT_HTML_MAX_EVENTS 2000

/*
 * Write the report of the run in `dir` (DIR/timeline.csv and
 * DIR/summary.json required, DIR/events.csv used when present) to `out`,
 * which the caller owns and checks for write errors.
 *
 * Errors: those of tt_plot_run for the timeline, TT_EIO for an unreadable
 * summary.json, TT_ESYNTAX for malformed JSON, TT_EINVAL for a summary
 * that is not a JSON object; each "file:line:col: message".  After an
 * error, what is on `out` is incomplete (the CLI discards it).
 */
tt_code tt_report_html(const char *dir, FILE *out, tt_diag *d);

/*
 * The same page from a run kept in memory while it ran and finished
 * (plot.h, tt_plot_run_data) and its summary.json: `ttsim run` writes its
 * report this way, before committing its five files, and the bytes are
 * those tt_report_html writes from the files.  Errors as for
 * tt_report_html, for the summary.
 */
tt_code tt_report_html_data(const tt_plot_run_data *r, const char *summary_json,
                            FILE *out, tt_diag *d);

#endif
