/*
 * plot_svg.h - what the picture drawers share: SVG text, axes, panels,
 * series, bands and legends (plot_svg.c, plot_axes.c).
 *
 * Private to the library: plot_run.c and plot_sweep.c draw with these.
 * Every coordinate goes through tt_svg_px (tenths of a pixel, one integer
 * formatter), every label through snprintf in the C locale, so the same
 * series give the same bytes everywhere.
 */
#ifndef TTSIM_PLOT_SVG_H
#define TTSIM_PLOT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/diag.h"
#include "ttsim/fmt.h"

#define SVG_FONT "font-family=\"DejaVu Sans,Arial,Helvetica,sans-serif\""
/* a white outline under a label, so it reads over the lines it crosses */
#define SVG_HALO                                                               \
	" stroke=\"#ffffff\" stroke-width=\"3\" stroke-opacity=\"0.85\" "      \
	"paint-order=\"stroke\""

#define C_BLUE "#4e79a7"
#define C_RED "#e15759"
#define C_ORANGE "#f28e2b"
#define C_GREEN "#59a14f"
#define C_DARKRED "#b03a2e"
#define C_DARKGREEN "#2e7d32"
#define C_GREY "#888888"
#define C_PURPLE "#7b4f9d"
#define C_PALEGREEN "#b9dbb2"
#define C_PALEGREY "#d4d4d4"
/* an inference component's instances, apart from its copies */
#define C_BROWN "#9c755f"

/* ---- a column of numbers ---- */

/*
 * A column of numbers to draw: 32-bit integers while every value is one
 * (a run's counts, its times in whole seconds), else doubles.  A long
 * run's timeline takes half the memory, and each page of it costs time
 * (plot_load.c fills them).  `i` or `d` holds the values; both NULL: no
 * such column.
 */
typedef struct tt_plot_col {
	int32_t *i;
	double *d;
	bool increasing; /* known to: a timeline's times, checked as read */
} tt_plot_col;

static inline double tt_plot_col_at(const tt_plot_col *c, size_t k)
{
	return c->d ? c->d[k] : (double)c->i[k];
}

/* An array of doubles as a column, for the call it is written in. */
#define TT_PLOT_DOUBLES(v) (&(tt_plot_col){NULL, (v), false})

/* ---- text (plot_svg.c) ---- */

/* A coordinate in tenths of a pixel: short, exact and the same everywhere. */
void tt_svg_px(FILE *f, double v);

/* Text content or an attribute value, escaped for XML. */
void tt_svg_esc(FILE *f, const char *s);

/* <text x y attrs>s</text> */
void tt_svg_text(FILE *f, double x, double y, const char *attrs, const char *s);

/* The same, turned to read bottom to top, centred on (x, y): a y axis title. */
void tt_svg_text_up(FILE *f, double x, double y, const char *attrs,
                    const char *s);

void tt_svg_rect(FILE *f, double x, double y, double w, double h,
                 const char *attrs);

/*
 * The <svg> element of a w x h picture on a white ground: sized in
 * pixels with its namespace, or with `inline_html` as wide as the page
 * it sits in (the HTML parser supplies the namespace), the height
 * following the viewBox.
 */
void tt_svg_open(FILE *f, double w, double h, bool inline_html);

void tt_svg_line(FILE *f, double xa, double ya, double xb, double yb,
                 const char *attrs);

/* Rough width of a label in pixels (DejaVu Sans is about 0.6 em). */
double tt_svg_text_width(const char *s, double font_px);

/*
 * `s` broken at spaces into lines no wider than `max_px` (a word longer
 * than that gets a line of its own), the first line's baseline at y and
 * each next one `line_px` lower; with f NULL only counted.  Returns the
 * number of lines.
 */
size_t tt_svg_text_wrapped(FILE *f, double x, double y, double max_px,
                           double font_px, double line_px, const char *attrs,
                           const char *s);

/* ---- axes (plot_axes.c) ---- */

typedef struct tt_axis {
	double lo, hi, step;
	double div;         /* labels are value / div ... */
	const char *suffix; /* ... followed by this ("k", "M") */
	int decimals;
} tt_axis;

/*
 * An axis covering [lo, hi] with about `ticks` round ticks; `integer`
 * keeps the step at 1 or more (instance counts).
 */
tt_axis tt_axis_nice(double lo, double hi, int ticks, bool integer);

/* The label of tick value v ("1.5k"). */
void tt_axis_label(const tt_axis *a, double v, char *buf, size_t size);

/* A time axis: its step, its labels' unit and its title. */
typedef struct tt_taxis {
	double step_s;
	double unit_s; /* relative labels: seconds per unit */
	char title[96];
	bool wall;
	int64_t origin; /* wall-clock seconds of time 0 */
} tt_taxis;

/* The time axis of [t0, t1] (seconds from the start); `wall`: dates. */
tt_taxis tt_taxis_make(bool wall, int64_t origin_unix_s, double t0, double t1);

/* The ticks' times (seconds from the start) in [t0, t1], at most max. */
size_t tt_taxis_ticks(const tt_taxis *ta, double t0, double t1, double *out,
                      size_t max);

/* The labels of tick t: one line, or a time and a date under it. */
void tt_taxis_label(const tt_taxis *ta, double t, bool first, char *l1,
                    char *l2, size_t size);

/*
 * The top of a value axis over v[0..n) (NaN skipped) that keeps a few
 * far spikes from flattening everything around `ref` (a TargetValue;
 * NaN: none): the highest of the values and ref, cut to the higher of
 * `factor` x ref and 1.1 x the 99.5th percentile when the peak passes
 * that by more than 5 %.  *clipped_at is then the peak, else NaN.  No
 * headroom added.  (plot_compare.c; plot_run.c's metric axis follows the
 * same rule with a factor of 3.)
 */
double tt_axis_clip_top(const tt_plot_col *v, size_t n, double ref,
                        double factor, double *clipped_at);

/* The largest of v[0..n) and 0 (NaN never wins). */
double tt_series_max(const tt_plot_col *v, size_t n);

/* Whether v[0..n) holds a number that is not NaN. */
bool tt_series_any(const tt_plot_col *v, size_t n);

/*
 * A number for a picture's label through tt_fmt_finite, in `where`
 * ("the picture", "compare.svg"): the first one refused sets *rc and is
 * reported to d; later ones are not reported again.  Returns buf.
 */
const char *tt_plot_label_num(tt_code *rc, tt_diag *d, const char *where,
                              double v, const char *what, char buf[TT_FMT_BUF]);

/*
 * The unit of a metric's axis, by the metric's name as summary.json
 * writes it: a predefined metric's from its table (policy.h), counts
 * "per instance" (or "per copy") "per `per`" ("minute"); a custom metric
 * named "...Utilization" in %; else "metric value" (a custom metric's
 * unit is not known).
 */
void tt_plot_metric_unit(const char *name, const char *per, char *buf,
                         size_t size);

/* ---- panels and what is drawn in them (plot_svg.c) ---- */

typedef struct tt_panel {
	double x0, x1, y0, y1; /* the plot area in pixels */
	double t0, t1;         /* the x range it spans (seconds, or a figure) */
	tt_axis y;
} tt_panel;

double tt_panel_x(const tt_panel *p, double t);

/* The pixel row of value v, kept inside the panel. */
double tt_panel_y(const tt_panel *p, double v);

/* The horizontal grid and the y tick labels. */
void tt_panel_y_grid(FILE *f, const tt_panel *p);

void tt_panel_frame(FILE *f, const tt_panel *p);

/*
 * The vertical grid of a time axis over panel p at the n tick times,
 * and with `labels` their ticks and labels under the panel (a second
 * line for a date).
 */
void tt_panel_time_grid(FILE *f, const tt_panel *p, const tt_taxis *ta,
                        const double *ticks, size_t n, bool labels);

/*
 * One series as a <path>.  Point i is at x t[i] + dt.  A step series
 * holds each value until the next point (capacity between evaluations);
 * a line series joins the points.  NaN values leave a gap.  When there are
 * more points than twice the pixel columns, each column is drawn as its
 * first, lowest, highest and last value (the M4 reduction).
 */
void tt_svg_series(FILE *f, const tt_panel *p, const tt_plot_col *t,
                   const tt_plot_col *v, size_t n, double dt, bool step,
                   const char *attrs);

/* One pixel column's summary of a series, the M4 reduction's: its first,
 * lowest, highest and last value.  Zero-initialise. */
typedef struct tt_bucket {
	bool any;
	double first, last, lo, hi;
	bool lo_first; /* the lowest came before the highest */
} tt_bucket;

void tt_bucket_add(tt_bucket *b, double v);

/* The bucket's values in the order they came, repeats left out, into
 * seq; how many (1 to 4; 0 for an empty bucket). */
size_t tt_bucket_seq(const tt_bucket *b, double seq[4]);

/* Shaded x intervals of a panel, merged when they touch on the picture. */
typedef struct tt_bands {
	FILE *f;
	const tt_panel *p;
	bool have;
	double a, b; /* the pending band in pixels */
} tt_bands;

void tt_bands_add(tt_bands *bd, double ta, double tb);
void tt_bands_flush(tt_bands *bd);

/* ---- legends (plot_svg.c) ---- */

/*
 * SW_DIAMOND: a scheduled action's mark; SW_STRIP: an opaque state fill;
 * SW_WIDE: a wide pale line, drawn under thinner ones (SW_WIDE_ATTRS);
 * SW_UPDOWN: an up and a down triangle side by side, for marks of
 * either direction in one colour
 */
enum {
	SW_LINE,
	SW_BAND,
	SW_UP,
	SW_DOWN,
	SW_CIRCLE,
	SW_TICK,
	SW_DIAMOND,
	SW_STRIP,
	SW_WIDE,
	SW_UPDOWN
};

/* The stroke of an SW_WIDE line, in the picture as in its legend. */
#define SW_WIDE_ATTRS "stroke-width=\"5\" stroke-opacity=\"0.55\""

typedef struct tt_swatch {
	int kind; /* SW_* */
	const char *color;
	const char *dash; /* NULL: solid */
	const char *label;
} tt_swatch;

double tt_legend_width(const tt_swatch *s, size_t n);

/* The swatches left to right from x, their labels' baseline at y. */
void tt_legend_draw(FILE *f, double x, double y, const tt_swatch *s, size_t n);

/*
 * The same, broken into lines no wider than max_px (a swatch wider than
 * that gets a line of its own), each line_px below the last; with f NULL
 * only counted.  Returns the number of lines.
 */
size_t tt_legend_draw_wrapped(FILE *f, double x, double y, double max_px,
                              double line_px, const tt_swatch *s, size_t n);

/*
 * A panel's header: its title (13 px, bold) with the legend beside it
 * when both fit in `width`, else the legend on lines of its own under
 * it.  The height it takes (24 for one line), and the drawing at `top`
 * given that height.
 */
double tt_panel_header_height(const char *title, const tt_swatch *sw, size_t n,
                              double width);
void tt_panel_header_draw(FILE *f, double x0, double top, double width,
                          double height, const char *title, const tt_swatch *sw,
                          size_t n);

/*
 * A diamond centred at (x, y), `r` pixels from its centre to a corner,
 * as the start of a <path d=...>'s data (the caller writes the element).
 */
void tt_svg_diamond_d(FILE *f, double x, double y, double r);

#endif
