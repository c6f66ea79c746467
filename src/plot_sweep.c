/*
 * plot_sweep.c - a sweep's result table as a trade-off chart: one point
 * per run at two of its figures, and the Pareto front.
 *
 * The table's columns are the varied keys, then figures (figures.h), then
 * `pareto` when the sweep had --pareto; that last one is the sweep's own
 * verdict, not a key.  A key with one value in every row is said once in
 * the subtitle, not on each point.  The front's points are numbered on
 * the chart and listed beside it with their keys and figures: a label
 * per point crowds and overlaps as soon as a few runs land close
 * together, and a list cannot.  Each number is placed at the first spot
 * around its point, nearest first, that covers no other number and no
 * point, with a thin leader when it had to move away.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_series.h"
#include "plot_svg.h"
#include "ttsim/figures.h"
#include "ttsim/fmt.h"
#include "ttsim/plot.h"

/* The column `ttsim sweep --pareto` adds (docs/cli.md): not a key. */
#define PARETO_COLUMN "pareto"

typedef struct point {
	double x, y;
	char **cells; /* the keys' values, n_keys of them */
	char *label;  /* the varied keys, "k=v, k=v" (its tooltip) */
	char *values; /* their values only, "v, v" (its line in the list) */
	bool front;
	int number; /* on the front: 1, 2, ... by x; else 0 */
} point;

typedef struct sweep {
	point *v;
	size_t n, cap;
	size_t skipped; /* rows without both figures */
	char **keys;    /* the key columns' names */
	size_t n_keys;
	bool *varied; /* per key: more than one value among the points */
	size_t n_front;
} sweep;

static void sweep_release(sweep *s)
{
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; s->v[i].cells && k < s->n_keys; k++)
			free(s->v[i].cells[k]);
		free(s->v[i].cells);
		free(s->v[i].label);
		free(s->v[i].values);
	}
	free(s->v);
	for (size_t k = 0; k < s->n_keys; k++)
		free(s->keys[k]);
	free(s->keys);
	free(s->varied);
}

/* ---- reading the table ---- */

/* The key columns: neither a figure nor the pareto verdict. */
static tt_code find_keys(const tt_csv *c, sweep *s, size_t *key_col, tt_diag *d)
{
	for (size_t i = 0; i < c->n_fields; i++) {
		size_t n;
		const char *t = tt_csv_text(c, i, &n);
		char *name = strndup(t, n);
		if (!name)
			return tt_diag_nomem(d, (tt_loc){0});
		if (tt_figure_known(name) || !strcmp(name, PARETO_COLUMN)) {
			free(name);
			continue;
		}
		key_col[s->n_keys] = i;
		s->keys[s->n_keys++] = name;
	}
	return TT_OK;
}

/* The current row's point at s->v[s->n] (room made by the caller). */
static tt_code read_point(const tt_csv *c, sweep *s, const size_t *key_col,
                          double x, double y, tt_diag *d)
{
	point *pt = &s->v[s->n];
	memset(pt, 0, sizeof *pt);
	pt->x = x;
	pt->y = y;
	s->n++; /* counted now, so a failure below is released */
	pt->cells = calloc(s->n_keys + 1, sizeof *pt->cells);
	if (!pt->cells)
		return tt_diag_nomem(d, (tt_loc){0});
	for (size_t k = 0; k < s->n_keys; k++) {
		size_t n;
		const char *t = tt_csv_text(c, key_col[k], &n);
		if (!(pt->cells[k] = strndup(t, n)))
			return tt_diag_nomem(d, (tt_loc){0});
	}
	return TT_OK;
}

/* One row: its point, or counted as skipped when a figure is empty. */
static tt_code read_row(const tt_csv *c, sweep *s, const size_t *key_col,
                        const size_t *xy, const char *const *names, tt_diag *d)
{
	double x, y;
	tt_code rc;
	if ((rc = tt_plot_csv_number(c, xy[0], names[0], true, &x, d)) ||
	    (rc = tt_plot_csv_number(c, xy[1], names[1], true, &y, d)))
		return rc;
	if (isnan(x) || isnan(y)) {
		s->skipped++;
		return TT_OK;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		point *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return tt_diag_nomem(d, (tt_loc){0});
		s->v = v;
		s->cap = cap;
	}
	return read_point(c, s, key_col, x, y, d);
}

static tt_code read_rows(tt_csv *c, sweep *s, const size_t *xy,
                         const char *const *names, tt_diag *d)
{
	size_t width = c->n_fields;
	size_t *key_col = calloc(width + 1, sizeof *key_col);
	s->keys = calloc(width + 1, sizeof *s->keys);
	tt_code rc = TT_OK;
	if (!key_col || !s->keys)
		rc = tt_diag_nomem(d, (tt_loc){0});
	if (!rc)
		rc = find_keys(c, s, key_col, d);
	while (!rc) {
		bool got = false;
		if ((rc = tt_csv_next(c, &got, d)) || !got)
			break;
		if (!(rc = tt_csv_expect_columns(c, width, d)))
			rc = read_row(c, s, key_col, xy, names, d);
	}
	free(key_col);
	return rc;
}

static tt_code load_sweep(const char *path, const char *xname,
                          const char *yname, sweep *s, tt_diag *d)
{
	tt_csv c;
	tt_code rc = tt_plot_csv_open(&c, path, "sweep results", d);
	if (rc)
		return rc;
	size_t xy[2] = {tt_plot_csv_col(&c, xname), tt_plot_csv_col(&c, yname)};
	const char *const names[2] = {xname, yname};
	if (xy[0] == SIZE_MAX || xy[1] == SIZE_MAX)
		rc = tt_plot_csv_missing(&c, xy[0] == SIZE_MAX ? xname : yname,
		                         "sweep", d);
	else
		rc = read_rows(&c, s, xy, names, d);
	if (!rc && s->n == 0)
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){c.name, 1, 1},
		                 "no row of the sweep has both '%s' and '%s'",
		                 xname, yname);
	tt_csv_close(&c);
	return rc;
}

/* ---- what the points say ---- */

/* Order by x, then y: the front is then the points that lower the best y. */
static int point_cmp(const void *a, const void *b)
{
	const point *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return 0;
}

/* The varied keys of pt, "k=v, k=v" (names) or "v, v"; NULL: no memory. */
static char *join_keys(const sweep *s, const point *pt, bool names)
{
	char buf[512];
	size_t used = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < s->n_keys && used < sizeof buf; k++)
		if (s->varied[k])
			used += (size_t)snprintf(
			        buf + used, sizeof buf - used, "%s%s%s%s",
			        used ? ", " : "", names ? s->keys[k] : "",
			        names ? "=" : "", pt->cells[k]);
	return strdup(buf);
}

/* Which keys vary, each point's label of them, and the front. */
static tt_code analyse(sweep *s, tt_diag *d)
{
	s->varied = calloc(s->n_keys + 1, sizeof *s->varied);
	if (!s->varied)
		return tt_diag_nomem(d, (tt_loc){0});
	for (size_t k = 0; k < s->n_keys; k++)
		for (size_t i = 1; i < s->n && !s->varied[k]; i++)
			s->varied[k] =
			        strcmp(s->v[i].cells[k], s->v[0].cells[k]) != 0;
	qsort(s->v, s->n, sizeof *s->v, point_cmp);
	double best = INFINITY;
	for (size_t i = 0; i < s->n; i++) {
		point *pt = &s->v[i];
		if (pt->y < best) {
			pt->front = true;
			pt->number = (int)++s->n_front;
			best = pt->y;
		}
		if (!(pt->label = join_keys(s, pt, true)) ||
		    !(pt->values = join_keys(s, pt, false)))
			return tt_diag_nomem(d, (tt_loc){0});
	}
	return TT_OK;
}

/* ---- drawing ---- */

#define SW_W 1200.0
#define LIST_X 820.0 /* the front's list, right of the chart */
#define ROW_PX 14.0

typedef struct box {
	double x0, y0, x1, y1;
} box;

static bool box_overlap(box a, box b)
{
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* The subtitle: counts, the varied keys, the keys with one value. */
static void subtitle(const sweep *s, const char *path, char *buf, size_t size)
{
	char a[TT_FMT_BUF], b[TT_FMT_BUF];
	const char *slash = strrchr(path, '/');
	tt_fmt_uint(s->n, a);
	tt_fmt_uint(s->n_front, b);
	int used = snprintf(buf, size,
	                    "%s runs from %s, %s on the Pareto front (lower "
	                    "is better on both). Varied:",
	                    a, slash ? slash + 1 : path, b);
	bool any = false;
	for (size_t k = 0; k < s->n_keys && used > 0 && (size_t)used < size;
	     k++)
		if (s->varied[k]) {
			used += snprintf(buf + used, size - (size_t)used,
			                 "%s %s", any ? "," : "", s->keys[k]);
			any = true;
		}
	if (!any && used > 0 && (size_t)used < size)
		used += snprintf(buf + used, size - (size_t)used, " nothing");
	any = false;
	for (size_t k = 0; k < s->n_keys && used > 0 && (size_t)used < size;
	     k++)
		if (!s->varied[k]) {
			used += snprintf(
			        buf + used, size - (size_t)used, "%s %s=%s",
			        any ? "," : ". Same in every run:", s->keys[k],
			        s->v[0].cells[k]);
			any = true;
		}
}

/* The grid, tick labels and axis titles. */
static void draw_axes(FILE *f, const tt_panel *p, const tt_axis *ax,
                      const char *xname, const char *yname)
{
	char buf[64];
	tt_panel_y_grid(f, p);
	for (double v = ax->lo; v <= ax->hi + ax->step * 1e-6; v += ax->step) {
		double x = tt_panel_x(p, v);
		tt_svg_line(f, x, p->y0, x, p->y1, "stroke=\"#e3e3e3\"");
		tt_axis_label(ax, v, buf, sizeof buf);
		tt_svg_text(f, x, p->y1 + 16,
		            SVG_FONT " font-size=\"11\" fill=\"#555\" "
		                     "text-anchor=\"middle\"",
		            buf);
	}
	tt_svg_text(f, (p->x0 + p->x1) / 2, p->y1 + 38,
	            SVG_FONT " font-size=\"12\" fill=\"#333\" "
	                     "text-anchor=\"middle\"",
	            xname);
	tt_svg_text_up(f, 22, (p->y0 + p->y1) / 2,
	               SVG_FONT " font-size=\"12\" fill=\"#333\"", yname);
}

/* The front as a step line, or (area) the region it dominates. */
static void draw_front(FILE *f, const sweep *s, const tt_panel *p, bool area)
{
	fputs(area ? "<path class=\"dominated\" fill=\"" C_RED
	             "\" fill-opacity=\"0.06\" d=\"M"
	           : "<path class=\"pareto-front\" fill=\"none\" "
	             "stroke=\"" C_RED "\" stroke-width=\"2\" d=\"",
	      f);
	bool started = false;
	for (size_t i = 0; i < s->n; i++) {
		if (!s->v[i].front)
			continue;
		double x = tt_panel_x(p, s->v[i].x),
		       y = tt_panel_y(p, s->v[i].y);
		fputs(started ? "H" : area ? "" : "M", f);
		tt_svg_px(f, x);
		fputs(started ? "V" : " ", f);
		if (!started && area) {
			tt_svg_px(f, p->y0);
			fputc('V', f);
		}
		tt_svg_px(f, y);
		started = true;
	}
	if (area) {
		fputc('H', f);
		tt_svg_px(f, p->x1);
		fputc('V', f);
		tt_svg_px(f, p->y0);
		fputc('Z', f);
	}
	fputs("\"/>\n", f);
}

static void draw_points(FILE *f, const sweep *s, const tt_panel *p, bool front)
{
	fputs(front ? "<g class=\"front\" fill=\"" C_RED
	              "\" stroke=\"#ffffff\">\n"
	            : "<g class=\"runs\" fill=\"" C_BLUE
	              "\" fill-opacity=\"0.55\">\n",
	      f);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].front != front)
			continue;
		fputs("<circle cx=\"", f);
		tt_svg_px(f, tt_panel_x(p, s->v[i].x));
		fputs("\" cy=\"", f);
		tt_svg_px(f, tt_panel_y(p, s->v[i].y));
		fputs(front ? "\" r=\"5\"><title>" : "\" r=\"3.5\"><title>", f);
		tt_svg_esc(f, s->v[i].label);
		fputs("</title></circle>\n", f);
	}
	fputs("</g>\n", f);
}

/* Is box b free: inside the chart, off every point and placed number? */
static bool number_fits(const sweep *s, const tt_panel *p, box b,
                        const box *placed, size_t n_placed)
{
	if (b.x0 < p->x0 + 1 || b.x1 > p->x1 - 1 || b.y0 < p->y0 + 1 ||
	    b.y1 > p->y1 - 1)
		return false;
	for (size_t i = 0; i < n_placed; i++)
		if (box_overlap(b, placed[i]))
			return false;
	for (size_t i = 0; i < s->n; i++) {
		double x = tt_panel_x(p, s->v[i].x),
		       y = tt_panel_y(p, s->v[i].y);
		box dot = {x - 5, y - 5, x + 5, y + 5};
		if (box_overlap(b, dot))
			return false;
	}
	return true;
}

/*
 * The number of front point `pt` beside it: the first free spot of
 * rings 10, 20, ... 60 pixels out, eight directions each, starting up
 * and right; a leader line when it is not next to its point.  A number
 * that finds no room is left off the chart (the list still has it).
 */
static void draw_number(FILE *f, const sweep *s, const tt_panel *p,
                        const point *pt, box *placed, size_t *n_placed)
{
	static const double dirs[8][2] = {{1, -1},  {1, 0},  {1, 1},  {0, -1},
	                                  {-1, -1}, {-1, 0}, {-1, 1}, {0, 1}};
	char num[16];
	snprintf(num, sizeof num, "%d", pt->number);
	double w = tt_svg_text_width(num, 10) + 2, h = 11;
	double px = tt_panel_x(p, pt->x), py = tt_panel_y(p, pt->y);
	for (int ring = 1; ring <= 6; ring++) {
		for (int k = 0; k < 8; k++) {
			double r = 10.0 * ring;
			double cx = px + dirs[k][0] * (r + w / 2 - 4);
			double cy = py + dirs[k][1] * r;
			box b = {cx - w / 2, cy - h / 2, cx + w / 2,
			         cy + h / 2};
			if (!number_fits(s, p, b, placed, *n_placed))
				continue;
			placed[(*n_placed)++] = b;
			if (ring > 1)
				tt_svg_line(f, px, py, cx, cy,
				            "stroke=\"#7a1f1f\" stroke-width="
				            "\"0.6\"");
			tt_svg_text(
			        f, cx, b.y1 - 2,
			        SVG_FONT SVG_HALO
			        " font-size=\"10\" "
			        "font-weight=\"bold\" fill=\"#7a1f1f\" "
			        "text-anchor=\"middle\" class=\"front-number\"",
			        num);
			return;
		}
	}
}

/* The list's column names: the varied keys, then the two figures. */
static void list_header(const sweep *s, const char *xname, const char *yname,
                        char *buf, size_t size)
{
	int used = snprintf(buf, size, "#:");
	bool any = false;
	for (size_t k = 0; k < s->n_keys && used > 0 && (size_t)used < size;
	     k++)
		if (s->varied[k]) {
			used += snprintf(buf + used, size - (size_t)used,
			                 "%s %s", any ? "," : "", s->keys[k]);
			any = true;
		}
	if (used > 0 && (size_t)used < size)
		snprintf(buf + used, size - (size_t)used, "%s %s, %s",
		         any ? ":" : "", xname, yname);
}

#define LIST_W (SW_W - 20 - LIST_X - 24)
#define LIST_FONT SVG_FONT " font-size=\"11\" fill=\"#222\""

/*
 * The front's points listed right of the chart from y, one line each
 * (wrapped when long): the number, the varied keys' values, the two
 * figures; returns where the list ends.  With f NULL only measured.
 */
static double draw_list(FILE *f, const sweep *s, const char *xname,
                        const char *yname, double y)
{
	char line[1200], num[16];
	if (f)
		tt_svg_text(f, LIST_X, y,
		            SVG_FONT " font-size=\"12\" font-weight=\"bold\" "
		                     "fill=\"#222\"",
		            "The Pareto front");
	list_header(s, xname, yname, line, sizeof line);
	y += ROW_PX * ((double)tt_svg_text_wrapped(
	                       f, LIST_X, y + ROW_PX + 2, LIST_W + 24, 10,
	                       ROW_PX - 1,
	                       SVG_FONT " font-size=\"10\" fill=\"#666\"",
	                       line) +
	               1) +
	     6;
	for (size_t i = 0; i < s->n; i++) {
		const point *pt = &s->v[i];
		if (!pt->front)
			continue;
		snprintf(line, sizeof line, "%s%s%.6g, %.6g", pt->values,
		         pt->values[0] ? ": " : "", pt->x, pt->y);
		snprintf(num, sizeof num, "%d", pt->number);
		if (f)
			tt_svg_text(f, LIST_X + 18, y,
			            SVG_FONT " font-size=\"11\" "
			                     "font-weight=\"bold\" "
			                     "fill=\"#7a1f1f\" "
			                     "text-anchor=\"end\"",
			            num);
		y += ROW_PX * (double)tt_svg_text_wrapped(f, LIST_X + 24, y,
		                                          LIST_W, 11, ROW_PX,
		                                          LIST_FONT, line);
	}
	return y;
}

/* The chart's area from the points' range, and its x axis. */
static tt_panel chart_panel(const sweep *s, double top, double bottom,
                            tt_axis *ax)
{
	double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
	for (size_t i = 0; i < s->n; i++) {
		xlo = fmin(xlo, s->v[i].x);
		xhi = fmax(xhi, s->v[i].x);
		ylo = fmin(ylo, s->v[i].y);
		yhi = fmax(yhi, s->v[i].y);
	}
	double xpad = (xhi - xlo) * 0.05, ypad = (yhi - ylo) * 0.05;
	tt_panel p = {.x0 = 80, .x1 = LIST_X - 40, .y0 = top, .y1 = bottom};
	*ax = tt_axis_nice(xlo - xpad, xhi + xpad, 8, false);
	p.y = tt_axis_nice(ylo - ypad, yhi + ypad, 6, false);
	p.t0 = ax->lo;
	p.t1 = ax->hi;
	return p;
}

static tt_code draw_sweep(FILE *f, const sweep *s, const char *path,
                          const char *xname, const char *yname, tt_diag *d)
{
	char sub[2048];
	subtitle(s, path, sub, sizeof sub);
	double sub_lines = (double)tt_svg_text_wrapped(NULL, 0, 0, SW_W - 100,
	                                               12, 15, NULL, sub);
	double top = 60 + 15 * sub_lines + (s->skipped ? 15 : 0);
	double H = fmax(top + 470 + 70,
	                draw_list(NULL, s, xname, yname, top + 4) + 20);
	tt_axis ax;
	tt_panel p = chart_panel(s, top, top + 470, &ax);
	tt_svg_open(f, SW_W, H, false);
	char buf[400];
	snprintf(buf, sizeof buf, "%s against %s", yname, xname);
	tt_svg_text(f, p.x0, 28,
	            SVG_FONT " font-size=\"18\" font-weight=\"bold\" "
	                     "fill=\"#111\"",
	            buf);
	tt_svg_text_wrapped(f, p.x0, 47, SW_W - 100, 12, 15,
	                    SVG_FONT " font-size=\"12\" fill=\"#555\"", sub);
	if (s->skipped) {
		char a[TT_FMT_BUF];
		tt_fmt_uint(s->skipped, a);
		snprintf(buf, sizeof buf,
		         "%s rows without a value for both figures left out",
		         a);
		tt_svg_text(f, p.x0, 47 + 15 * sub_lines,
		            SVG_FONT " font-size=\"11\" font-style=\"italic\" "
		                     "fill=\"#a33\"",
		            buf);
	}
	tt_swatch sw[2] = {{SW_CIRCLE, C_BLUE, NULL, "run"},
	                   {SW_LINE, C_RED, NULL, "Pareto front"}};
	tt_legend_draw(f, p.x1 - tt_legend_width(sw, 2), p.y0 - 10, sw, 2);
	draw_axes(f, &p, &ax, xname, yname);
	draw_front(f, s, &p, true);
	draw_front(f, s, &p, false);
	draw_points(f, s, &p, false);
	draw_points(f, s, &p, true);
	box *placed = calloc(s->n_front + 1, sizeof *placed);
	size_t n_placed = 0;
	if (!placed)
		return tt_diag_nomem(d, (tt_loc){0});
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].front)
			draw_number(f, s, &p, &s->v[i], placed, &n_placed);
	free(placed);
	tt_panel_frame(f, &p);
	draw_list(f, s, xname, yname, p.y0 + 4);
	fputs("</svg>\n", f);
	return TT_OK;
}

tt_code tt_plot_sweep(const char *sweep_csv, const char *x_figure,
                      const char *y_figure, FILE *out, tt_diag *d)
{
	return tt_plot_sweep_as(sweep_csv, sweep_csv, x_figure, y_figure, out,
	                        d);
}

tt_code tt_plot_sweep_as(const char *sweep_csv, const char *shown_as,
                         const char *x_figure, const char *y_figure, FILE *out,
                         tt_diag *d)
{
	sweep s = {0};
	tt_code rc = load_sweep(sweep_csv, x_figure, y_figure, &s, d);
	if (!rc)
		rc = analyse(&s, d);
	if (!rc)
		rc = draw_sweep(out, &s, shown_as, x_figure, y_figure, d);
	sweep_release(&s);
	return rc;
}
