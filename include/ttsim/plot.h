/*
 * plot.h - pictures of runs and sweeps as SVG, from their files.
 *
 * tt_plot_run draws one run from what `ttsim run` wrote: the load, the
 * capacity (desired, in service, pending) with the scaling activities and
 * the cooldown windows, the first policy's metric against its TargetValue
 * and the scale-in threshold with the alarm periods shaded, and in request
 * mode the latency percentiles; each y axis names its unit.  The files
 * are read into series in memory first and drawn from those; a run can
 * keep those series as it goes instead (tt_plot_run_data), as `ttsim run`
 * does.  tt_plot_sweep draws a sweep's result table as a scatter of two
 * figures with the Pareto front (docs/plots.md shows both).
 *
 * The pictures are plain SVG 1.1 text, no script, no external reference,
 * no font files.  Every number goes through one formatter, so the same
 * input files give byte-identical SVG on every machine.  Long runs are
 * downsampled to the pixel columns of the picture, keeping each column's
 * first, lowest, highest and last value so peaks survive: the World Cup
 * trace's 125,000 periods make a picture of a few hundred kilobytes.
 *
 * The library never prints: the SVG goes to a caller-owned FILE, which
 * the caller checks for write errors (the CLI writes through tt_outfile).
 */
#ifndef TTSIM_PLOT_H
#define TTSIM_PLOT_H

#include <stdbool.h>
#include <stdio.h>

#include "ttsim/diag.h"

/* Choices for tt_plot_run_opts; zero-initialised means the defaults. */
typedef struct tt_plot_opts {
	int width_px; /* 0: 1200; clamped to [480, 4000] */
	/*
	 * For an SVG embedded inline in an HTML page: no xmlns attribute
	 * (the HTML parser supplies the namespace, so the page holds no URL
	 * at all), no title (the page has it), and as wide as the page with
	 * the height following (width="100%", the viewBox's proportions)
	 * instead of a size in pixels.
	 */
	bool inline_html;
} tt_plot_opts;

/*
 * Draw the run whose files are given as SVG on `out`.
 *
 * `timeline_csv` is required: it must have the columns time_s,
 * invocations, desired, in_service, pending, metric, alarm_high and
 * alarm_low (docs/outputs.md); p50_ms and p99_ms add a latency panel,
 * errors an errors panel when any request was refused, and timestamp
 * puts dates on the time axis.  `events_csv` (NULL: none) adds the
 * scaling activities; `summary_json` (NULL: none) adds the title, the
 * TargetValue and scale-in lines and the cooldown windows.  What could
 * not be drawn for want of a file is said in a note on the picture.
 *
 * Errors: TT_EIO for a file that cannot be read, TT_ESYNTAX for malformed
 * CSV or JSON, TT_EINVAL for a missing column, a cell that is not a
 * number, times that do not increase, or a timeline without rows: each
 * as "file:line:col: message".  Nothing useful is on `out` after an
 * error (the CLI discards it).  TT_ENOMEM when memory runs out.
 */
tt_code tt_plot_run(const char *timeline_csv, const char *events_csv,
                    const char *summary_json, FILE *out, tt_diag *d);

/* tt_plot_run with choices (`opts` NULL: the defaults). */
tt_code tt_plot_run_opts(const char *timeline_csv, const char *events_csv,
                         const char *summary_json, const tt_plot_opts *opts,
                         FILE *out, tt_diag *d);

/*
 * A run as its pictures need it, in memory (opaque).  `ttsim run` keeps
 * one while it runs (tt_csv_recorder_keep, csv_recorder.h) and draws
 * timeline.svg and report.html from it, rather than reading back the
 * timeline.csv and events.csv it has just written: the bytes are those
 * tt_plot_run and tt_report_html draw from the files.
 *
 *   tt_plot_run_data *r = tt_plot_run_data_new();
 *   tt_csv_recorder_keep(&rec, r);
 *   tt_sim_run(...); tt_report_write_summary(...);   (flushed)
 *   tt_plot_run_data_finish(r, "summary.json", d);
 *   tt_plot_run_data_draw(r, NULL, svg, d);
 *   tt_report_html_data(r, "summary.json", html, d);
 *   tt_plot_run_data_free(r);
 *
 * tt_plot_run_data_new returns NULL when memory runs out; free accepts
 * NULL.
 */
typedef struct tt_plot_run_data tt_plot_run_data;

tt_plot_run_data *tt_plot_run_data_new(void);
void tt_plot_run_data_free(tt_plot_run_data *r);

/*
 * After the run: read its summary.json (NULL: none), which names the
 * policies its events belong to, and turn the events kept into the
 * picture's.  Errors: those of tt_plot_run for the summary, TT_EINVAL
 * for a run without a timeline row, TT_ENOMEM.
 */
tt_code tt_plot_run_data_finish(tt_plot_run_data *r, const char *summary_json,
                                tt_diag *d);

/* Draw a finished run as tt_plot_run_opts draws its files. */
tt_code tt_plot_run_data_draw(const tt_plot_run_data *r,
                              const tt_plot_opts *opts, FILE *out, tt_diag *d);

/*
 * Draw a sweep's result table as SVG on `out`: one point per row at
 * (x_figure, y_figure), both read from the columns of those names, and the
 * Pareto front of the points (those no other point beats on both, lower
 * being better on both axes) as a highlighted step line.  The front's
 * points are numbered on the chart and listed beside it with the values
 * of the row's varied keys (the columns that are neither figure names,
 * figures.h, nor `pareto`); keys with one value in every row are named
 * once in the subtitle.  Rows whose x or y cell is empty (a figure the
 * run did not have) are left out and counted in a note.
 *
 * Errors: TT_EIO (unreadable file), TT_ESYNTAX (malformed CSV), TT_EINVAL
 * "no column 'x' in the sweep header (it has 'a', 'b', ...)" at 1:1,
 * naming every column, a cell that is not a number at its line and
 * column, or a table without a point to draw.
 */
tt_code tt_plot_sweep(const char *sweep_csv, const char *x_figure,
                      const char *y_figure, FILE *out, tt_diag *d);

/*
 * tt_plot_sweep reading `sweep_csv` but naming the table `shown_as` in
 * the picture (its file name is in the subtitle): `ttsim sweep --svg`
 * draws from the results' temporary file before committing both, and
 * its picture must be the one `ttsim plot --sweep` draws from the file.
 */
tt_code tt_plot_sweep_as(const char *sweep_csv, const char *shown_as,
                         const char *x_figure, const char *y_figure, FILE *out,
                         tt_diag *d);

#endif
