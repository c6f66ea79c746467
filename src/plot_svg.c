/*
 * plot_svg.c - the SVG the pictures are made of: text, rectangles and
 * lines, a panel's value-to-pixel mapping and grid, series as paths,
 * shaded bands and legends.
 *
 * Determinism: coordinates are written in tenths of a pixel by one
 * integer formatter, so the same numbers give the same bytes on every
 * machine.  Size: a series longer than twice the panel's width in pixels
 * is drawn per pixel column as its first, lowest, highest and last value
 * (the M4 reduction), which looks the same as drawing every point; bands
 * that fall on the same pixel are merged.
 */
#include "plot_svg.h"

#include <math.h>
#include <string.h>

#include "ttsim/fmt.h"

/* ---- text ---- */

/* v as tt_svg_px writes it, into buf (32 bytes); its length. */
static size_t px_text(double v, char *buf)
{
	if (!isfinite(v))
		v = 0;
	v = fmin(fmax(v, -1e7), 1e7);
	long long r = llround(v * 10.0);
	size_t n = 0;
	if (r < 0) {
		buf[n++] = '-';
		r = -r;
	}
	n += tt_fmt_uint((uint64_t)(r / 10), buf + n);
	if (r % 10) {
		buf[n++] = '.';
		buf[n++] = (char)('0' + r % 10);
	}
	return n;
}

void tt_svg_px(FILE *f, double v)
{
	char buf[32];
	fwrite(buf, 1, px_text(v, buf), f);
}

void tt_svg_esc(FILE *f, const char *s)
{
	tt_fmt_xml(f, s, strlen(s));
}

/* The attributes after an element's name and coordinates, if any. */
static void put_attrs(FILE *f, const char *attrs)
{
	if (attrs && *attrs) {
		fputc(' ', f);
		fputs(attrs, f);
	}
}

void tt_svg_text(FILE *f, double x, double y, const char *attrs, const char *s)
{
	fputs("<text x=\"", f);
	tt_svg_px(f, x);
	fputs("\" y=\"", f);
	tt_svg_px(f, y);
	fputc('"', f);
	put_attrs(f, attrs);
	fputc('>', f);
	tt_svg_esc(f, s);
	fputs("</text>\n", f);
}

void tt_svg_text_up(FILE *f, double x, double y, const char *attrs,
                    const char *s)
{
	fputs("<text transform=\"rotate(-90 ", f);
	tt_svg_px(f, x);
	fputc(' ', f);
	tt_svg_px(f, y);
	fputs(")\" x=\"", f);
	tt_svg_px(f, x);
	fputs("\" y=\"", f);
	tt_svg_px(f, y);
	fputs("\" text-anchor=\"middle\"", f);
	put_attrs(f, attrs);
	fputc('>', f);
	tt_svg_esc(f, s);
	fputs("</text>\n", f);
}

void tt_svg_rect(FILE *f, double x, double y, double w, double h,
                 const char *attrs)
{
	fputs("<rect x=\"", f);
	tt_svg_px(f, x);
	fputs("\" y=\"", f);
	tt_svg_px(f, y);
	fputs("\" width=\"", f);
	tt_svg_px(f, w);
	fputs("\" height=\"", f);
	tt_svg_px(f, h);
	fputc('"', f);
	put_attrs(f, attrs);
	fputs("/>\n", f);
}

void tt_svg_open(FILE *f, double w, double h, bool inline_html)
{
	fputs("<svg", f);
	if (inline_html) {
		fputs(" width=\"100%\" style=\"height:auto\"", f);
	} else {
		fputs(" xmlns=\"http://www.w3.org/2000/svg\" width=\"", f);
		tt_svg_px(f, w);
		fputs("\" height=\"", f);
		tt_svg_px(f, h);
		fputc('"', f);
	}
	fputs(" viewBox=\"0 0 ", f);
	tt_svg_px(f, w);
	fputc(' ', f);
	tt_svg_px(f, h);
	fputs("\">\n", f);
	tt_svg_rect(f, 0, 0, w, h, "fill=\"#ffffff\"");
}

void tt_svg_line(FILE *f, double xa, double ya, double xb, double yb,
                 const char *attrs)
{
	fputs("<path d=\"M", f);
	tt_svg_px(f, xa);
	fputc(' ', f);
	tt_svg_px(f, ya);
	fputc('L', f);
	tt_svg_px(f, xb);
	fputc(' ', f);
	tt_svg_px(f, yb);
	fputc('"', f);
	put_attrs(f, attrs);
	fputs("/>\n", f);
}

double tt_svg_text_width(const char *s, double font_px)
{
	return (double)strlen(s) * font_px * 0.6;
}

/*
 * Where to break a word longer than a line of `per_line` characters:
 * after the last '.', '/', ',', '_' or '-' that keeps the line short
 * enough (a dotted key, a path), else at the line's end, never inside a
 * UTF-8 sequence.
 */
static size_t word_cut(const char *s, size_t per_line)
{
	for (size_t cut = per_line; cut > 0; cut--)
		if (strchr("./,_-", s[cut - 1]))
			return cut;
	size_t cut = per_line;
	while (cut > 1 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return cut;
}

size_t tt_svg_text_wrapped(FILE *f, double x, double y, double max_px,
                           double font_px, double line_px, const char *attrs,
                           const char *s)
{
	/* characters per line, from the same 0.6 em estimate as text_width */
	size_t per_line = (size_t)fmax(max_px / (font_px * 0.6), 8);
	size_t lines = 0, len = strlen(s);
	char buf[1024];
	while (len > 0) {
		size_t cut = len;
		if (cut > per_line) {
			/* the last space that keeps the line short enough */
			cut = per_line;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0) /* one word longer than a line */
				cut = word_cut(s, per_line);
		}
		if (cut >= sizeof buf)
			cut = sizeof buf - 1;
		if (f) {
			memcpy(buf, s, cut);
			buf[cut] = '\0';
			tt_svg_text(f, x, y + line_px * (double)lines, attrs,
			            buf);
		}
		lines++;
		s += cut;
		len -= cut;
		while (len > 0 && *s == ' ') {
			s++;
			len--;
		}
	}
	return lines;
}

/* ---- panels ---- */

double tt_panel_x(const tt_panel *p, double t)
{
	return p->x0 + (t - p->t0) / (p->t1 - p->t0) * (p->x1 - p->x0);
}

double tt_panel_y(const tt_panel *p, double v)
{
	double y =
	        p->y1 - (v - p->y.lo) / (p->y.hi - p->y.lo) * (p->y1 - p->y0);
	return fmin(fmax(y, p->y0), p->y1);
}

void tt_panel_y_grid(FILE *f, const tt_panel *p)
{
	char buf[64];
	for (double v = p->y.lo; v <= p->y.hi + p->y.step * 1e-6;
	     v += p->y.step) {
		double y = tt_panel_y(p, v);
		tt_svg_line(f, p->x0, y, p->x1, y,
		            "stroke=\"#e3e3e3\" stroke-width=\"1\"");
		tt_axis_label(&p->y, v, buf, sizeof buf);
		tt_svg_text(f, p->x0 - 6, y + 4,
		            SVG_FONT " font-size=\"11\" fill=\"#555\" "
		                     "text-anchor=\"end\"",
		            buf);
	}
}

void tt_panel_frame(FILE *f, const tt_panel *p)
{
	tt_svg_rect(f, p->x0, p->y0, p->x1 - p->x0, p->y1 - p->y0,
	            "fill=\"none\" stroke=\"#999\"");
}

void tt_panel_time_grid(FILE *f, const tt_panel *p, const tt_taxis *ta,
                        const double *ticks, size_t n, bool labels)
{
	for (size_t i = 0; i < n; i++) {
		double x = tt_panel_x(p, ticks[i]);
		char l1[48], l2[48];
		tt_svg_line(f, x, p->y0, x, p->y1,
		            "stroke=\"#e3e3e3\" stroke-width=\"1\"");
		if (!labels)
			continue;
		tt_svg_line(f, x, p->y1, x, p->y1 + 4, "stroke=\"#999\"");
		tt_taxis_label(ta, ticks[i], i == 0, l1, l2, sizeof l1);
		tt_svg_text(f, x, p->y1 + 15,
		            SVG_FONT " font-size=\"11\" fill=\"#555\" "
		                     "text-anchor=\"middle\"",
		            l1);
		if (l2[0])
			tt_svg_text(f, x, p->y1 + 28,
			            SVG_FONT " font-size=\"11\" fill=\"#555\" "
			                     "text-anchor=\"middle\"",
			            l2);
	}
}

/* ---- series ---- */

/*
 * A path's points are written into buf and out a block at a time: a
 * long run's picture has tens of thousands of them.
 */
typedef struct pen {
	FILE *f;
	bool down; /* a subpath is open: the next point continues it */
	size_t n;
	char buf[4096];
} pen;

static void pen_flush(pen *pn)
{
	fwrite(pn->buf, 1, pn->n, pn->f);
	pn->n = 0;
}

/* A command letter (or the separator) and a coordinate. */
static void pen_put(pen *pn, char c, double v)
{
	if (pn->n + 40 > sizeof pn->buf)
		pen_flush(pn);
	pn->buf[pn->n++] = c;
	pn->n += px_text(v, pn->buf + pn->n);
}

static void pen_point(pen *pn, double x, double y)
{
	pen_put(pn, pn->down ? ' ' : 'M', x);
	pen_put(pn, ' ', y);
	pn->down = true;
}

void tt_bucket_add(tt_bucket *b, double v)
{
	if (!b->any) {
		b->any = true;
		b->first = b->lo = b->hi = v;
		b->lo_first = true;
	}
	if (v < b->lo) {
		b->lo = v;
		b->lo_first = false;
	}
	if (v > b->hi) {
		b->hi = v;
		b->lo_first = true;
	}
	b->last = v;
}

size_t tt_bucket_seq(const tt_bucket *b, double seq[4])
{
	if (!b->any)
		return 0;
	double all[4] = {b->first, b->lo_first ? b->lo : b->hi,
	                 b->lo_first ? b->hi : b->lo, b->last};
	size_t n = 0;
	for (int k = 0; k < 4; k++)
		if (n == 0 || all[k] != seq[n - 1])
			seq[n++] = all[k];
	return n;
}

static void bucket_flush(pen *pn, const tt_panel *p, tt_bucket *b, double x)
{
	double seq[4];
	size_t n = tt_bucket_seq(b, seq);
	if (!n) {
		pn->down = false; /* an empty column is a gap */
		return;
	}
	double prev = NAN;
	for (size_t k = 0; k < n; k++) {
		double y = tt_panel_y(p, seq[k]);
		if (y != prev)
			pen_point(pn, x, y);
		prev = y;
	}
	b->any = false;
}

/* Every point, for a series no longer than twice the panel's width. */
static void series_points(pen *pn, const tt_panel *p, const tt_plot_col *t,
                          const tt_plot_col *v, size_t n, double dt, bool step)
{
	double last_y = NAN;
	for (size_t i = 0; i < n; i++) {
		double vi = tt_plot_col_at(v, i);
		if (isnan(vi)) {
			pn->down = false;
			continue;
		}
		double x = tt_panel_x(p, tt_plot_col_at(t, i) + dt),
		       y = tt_panel_y(p, vi);
		if (!step || !pn->down) {
			pen_point(pn, x, y);
		} else if (y != last_y) {
			pen_put(pn, 'H', x);
			pen_put(pn, 'V', y);
		}
		last_y = y;
	}
	if (step && pn->down) {
		pen_put(pn, 'H', p->x1);
	}
}

/* The pixel column of a point at time t. */
static long column_of(const tt_panel *p, double t)
{
	return (long)floor(tt_panel_x(p, t) - p->x0);
}

/*
 * The first point after i whose column is past c (n: none).  The times
 * increase and every step of column_of rounds monotonically, so columns
 * never decrease along the points: a galloping search finds where one
 * ends, with the very arithmetic that maps each point, in a few dozen
 * evaluations rather than one per point (a column of the World Cup run
 * holds a hundred).
 */
static size_t column_end(const tt_panel *p, const tt_plot_col *t, size_t n,
                         double dt, size_t i, long c)
{
	size_t lo = i, step = 1; /* lo is in column c */
	size_t hi = i + step;
	while (hi < n && column_of(p, tt_plot_col_at(t, hi) + dt) <= c) {
		lo = hi;
		step *= 2;
		hi = lo + step;
	}
	if (hi > n)
		hi = n;
	/* lo in c, hi past it (or n) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (column_of(p, tt_plot_col_at(t, mid) + dt) <= c)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* The values v[i..end) into the column's bucket. */
static void bucket_range(tt_bucket *b, const tt_plot_col *v, size_t i,
                         size_t end)
{
	if (v->d) {
		for (; i < end; i++)
			if (!isnan(v->d[i]))
				tt_bucket_add(b, v->d[i]);
	} else {
		for (; i < end; i++)
			tt_bucket_add(b, v->i[i]);
	}
}

/*
 * Per pixel column, its first, lowest, highest and last value.  Points
 * left of the panel (none, when the times start at its left edge) join
 * the first column's.
 */
static void series_columns(pen *pn, const tt_panel *p, const tt_plot_col *t,
                           const tt_plot_col *v, size_t n, double dt)
{
	tt_bucket b = {0};
	for (size_t i = 0; i < n;) {
		long c = column_of(p, tt_plot_col_at(t, i) + dt);
		size_t end = column_end(p, t, n, dt, i, c);
		bucket_range(&b, v, i, end);
		i = end;
		if (c >= 0)
			bucket_flush(pn, p, &b, p->x0 + (double)c + 0.5);
	}
}

/* The same, point by point, for times that do not increase. */
static void series_columns_unsorted(pen *pn, const tt_panel *p,
                                    const tt_plot_col *t, const tt_plot_col *v,
                                    size_t n, double dt)
{
	tt_bucket b = {0};
	long cur = -1;
	for (size_t i = 0; i < n; i++) {
		long c = column_of(p, tt_plot_col_at(t, i) + dt);
		if (c != cur) {
			if (cur >= 0)
				bucket_flush(pn, p, &b,
				             p->x0 + (double)cur + 0.5);
			cur = c;
		}
		double vi = tt_plot_col_at(v, i);
		if (!isnan(vi))
			tt_bucket_add(&b, vi);
	}
	if (cur >= 0)
		bucket_flush(pn, p, &b, p->x0 + (double)cur + 0.5);
}

static bool increasing(const tt_plot_col *t, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (!(tt_plot_col_at(t, i) > tt_plot_col_at(t, i - 1)))
			return false;
	return true;
}

void tt_svg_series(FILE *f, const tt_panel *p, const tt_plot_col *t,
                   const tt_plot_col *v, size_t n, double dt, bool step,
                   const char *attrs)
{
	pen pn;
	pn.f = f;
	pn.down = false;
	pn.n = 0;
	fputs("<path d=\"", f);
	if ((double)n <= 2 * (p->x1 - p->x0))
		series_points(&pn, p, t, v, n, dt, step);
	else if (t->increasing || increasing(t, n))
		series_columns(&pn, p, t, v, n, dt);
	else
		series_columns_unsorted(&pn, p, t, v, n, dt);
	pen_flush(&pn);
	fputs("\" fill=\"none\" ", f);
	fputs(attrs, f);
	fputs("/>\n", f);
}

/* ---- bands ---- */

void tt_bands_flush(tt_bands *bd)
{
	if (!bd->have)
		return;
	double w = fmax(bd->b - bd->a, 0.6);
	tt_svg_rect(bd->f, bd->a, bd->p->y0, w, bd->p->y1 - bd->p->y0, NULL);
	bd->have = false;
}

void tt_bands_add(tt_bands *bd, double ta, double tb)
{
	const tt_panel *p = bd->p;
	double xa = fmax(tt_panel_x(p, ta), p->x0);
	double xb = fmin(tt_panel_x(p, tb), p->x1);
	if (xb < xa)
		return;
	if (bd->have && xa <= bd->b + 1.0) {
		bd->b = fmax(bd->b, xb);
		return;
	}
	tt_bands_flush(bd);
	bd->have = true;
	bd->a = xa;
	bd->b = xb;
}

/* ---- legends ---- */

double tt_legend_width(const tt_swatch *s, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n; i++)
		w += 22 + tt_svg_text_width(s[i].label, 11) + 14;
	return w;
}

/* The little picture of one swatch, 18 pixels wide from x. */
static void swatch_draw(FILE *f, double x, double y, const tt_swatch *w)
{
	char attrs[200];
	switch (w->kind) {
	case SW_LINE:
		snprintf(attrs, sizeof attrs,
		         "stroke=\"%s\" stroke-width=\"2\"%s%s%s", w->color,
		         w->dash ? " stroke-dasharray=\"" : "",
		         w->dash ? w->dash : "", w->dash ? "\"" : "");
		tt_svg_line(f, x, y - 4, x + 18, y - 4, attrs);
		break;
	case SW_BAND:
		snprintf(attrs, sizeof attrs,
		         "fill=\"%s\" fill-opacity=\"0.3\"", w->color);
		tt_svg_rect(f, x, y - 10, 18, 11, attrs);
		break;
	case SW_UP:
	case SW_DOWN:
		fprintf(f, "<path fill=\"%s\" d=\"M", w->color);
		tt_svg_px(f, x + 9);
		fputc(' ', f);
		tt_svg_px(f, w->kind == SW_UP ? y - 9 : y + 1);
		fputs(w->kind == SW_UP ? "l4.5 8h-9z" : "l4.5 -8h-9z", f);
		fputs("\"/>\n", f);
		break;
	case SW_CIRCLE:
		fprintf(f,
		        "<circle fill=\"none\" stroke=\"%s\" "
		        "stroke-width=\"1.5\" cx=\"",
		        w->color);
		tt_svg_px(f, x + 9);
		fputs("\" cy=\"", f);
		tt_svg_px(f, y - 4);
		fputs("\" r=\"4\"/>\n", f);
		break;
	case SW_TICK:
		snprintf(attrs, sizeof attrs, "stroke=\"%s\"", w->color);
		tt_svg_line(f, x + 9, y + 1, x + 9, y - 8, attrs);
		break;
	case SW_DIAMOND:
		fprintf(f, "<path fill=\"%s\" d=\"", w->color);
		tt_svg_diamond_d(f, x + 9, y - 4, 5);
		fputs("\"/>\n", f);
		break;
	case SW_STRIP:
		snprintf(attrs, sizeof attrs, "fill=\"%s\"", w->color);
		tt_svg_rect(f, x, y - 8, 18, 8, attrs);
		break;
	case SW_WIDE:
		snprintf(attrs, sizeof attrs, "stroke=\"%s\" " SW_WIDE_ATTRS,
		         w->color);
		tt_svg_line(f, x, y - 4, x + 18, y - 4, attrs);
		break;
	case SW_UPDOWN:
		fprintf(f, "<path fill=\"%s\" d=\"M", w->color);
		tt_svg_px(f, x + 4.5);
		fputc(' ', f);
		tt_svg_px(f, y - 9);
		fputs("l4 8h-8zM", f);
		tt_svg_px(f, x + 13.5);
		fputc(' ', f);
		tt_svg_px(f, y + 1);
		fputs("l4 -8h-8z\"/>\n", f);
		break;
	}
}

void tt_svg_diamond_d(FILE *f, double x, double y, double r)
{
	fputc('M', f);
	tt_svg_px(f, x);
	fputc(' ', f);
	tt_svg_px(f, y - r);
	fputc('l', f);
	tt_svg_px(f, r);
	fputc(' ', f);
	tt_svg_px(f, r);
	fputc(' ', f);
	tt_svg_px(f, -r);
	fputc(' ', f);
	tt_svg_px(f, r);
	fputc(' ', f);
	tt_svg_px(f, -r);
	fputc(' ', f);
	tt_svg_px(f, -r);
	fputc('z', f);
}

size_t tt_legend_draw_wrapped(FILE *f, double x, double y, double max_px,
                              double line_px, const tt_swatch *s, size_t n)
{
	size_t lines = 1;
	double used = 0;
	for (size_t i = 0; i < n; i++) {
		/* the last swatch's 14 pixels of space need not fit */
		double w = tt_legend_width(&s[i], 1);
		if (used > 0 && used + w - 14 > max_px) {
			lines++;
			used = 0;
		}
		if (f)
			tt_legend_draw(f, x + used,
			               y + line_px * (double)(lines - 1), &s[i],
			               1);
		used += w;
	}
	return lines;
}

void tt_legend_draw(FILE *f, double x, double y, const tt_swatch *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		swatch_draw(f, x, y, &s[i]);
		tt_svg_text(f, x + 22, y,
		            SVG_FONT " font-size=\"11\" fill=\"#333\"",
		            s[i].label);
		x += 22 + tt_svg_text_width(s[i].label, 11) + 14;
	}
}

double tt_panel_header_height(const char *title, const tt_swatch *sw, size_t n,
                              double width)
{
	double need =
	        tt_svg_text_width(title, 13) + 24 + tt_legend_width(sw, n);
	if (need <= width)
		return 24;
	size_t lines = tt_legend_draw_wrapped(NULL, 0, 0, width, 16, sw, n);
	return 24 + 16 * (double)lines;
}

void tt_panel_header_draw(FILE *f, double x0, double top, double width,
                          double height, const char *title, const tt_swatch *sw,
                          size_t n)
{
	tt_svg_text(f, x0, top + 15,
	            SVG_FONT " font-size=\"13\" font-weight=\"bold\" "
	                     "fill=\"#222\"",
	            title);
	if (height == 24)
		tt_legend_draw(f, x0 + tt_svg_text_width(title, 13) + 24,
		               top + 15, sw, n);
	else if (height == 40) /* one line: as before wrapping */
		tt_legend_draw(f, x0, top + 33, sw, n);
	else
		tt_legend_draw_wrapped(f, x0, top + 33, width, 16, sw, n);
}
