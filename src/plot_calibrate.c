/*
 * plot_calibrate.c - calibrate.svg: a recorded history of scaling
 * activities next to a simulation of the same period (calibrate.h).
 *
 * Two panels on one wall-clock time axis: the recorded load, and under
 * it the recorded capacity (a dark step line) with the simulated one
 * (blue, dashed, so that where the two agree both still show).  What the
 * eye should find is where the sides disagree, so the activities matched
 * on one side only are the loud marks: a triangle at the decision time
 * and the target count, pointing the way it scaled, red for a recorded
 * activity the simulation did not reproduce, orange for a simulated
 * decision the account did not make.  A matched pair is quiet: a small
 * grey circle at the recorded decision, joined by a grey line to the
 * simulated one when they are more than a pixel apart.  NotScaled rows
 * are faint ticks along the bottom, as in a run's picture.  Between the
 * lines, where both are known, the simulated capacity above the recorded
 * is shaded blue and below it red: the instance-minutes of the score.
 * Where the recorded capacity is not known (a gap in a CloudWatch
 * export) its line breaks and the time is shaded grey.
 *
 * The head says the score in one line: the counts on each side, the
 * median decision offset, the instance-minutes the simulation spent
 * above and below the recorded capacity, and the loss --fit minimises;
 * then the NotScaled rows and the run's warnings (a gap in the trace).
 *
 * Long histories stay small.  The load, with more periods than twice the
 * pixel columns, is drawn per column as its first, lowest, highest and
 * last value (the M4 reduction of plot_svg.c); so is a step function
 * with that many steps.  With more activities than one per 8 pixels the
 * markers of each kind are binned by 6 pixels, a bin's marker at its
 * most extreme target count.  With more steps in the two capacities
 * than twice the pixel columns the difference between them is not
 * shaded (a rectangle per step would not be small), and a note says so.
 * Coordinates go through tt_svg_px and numbers through tt_fmt, so the
 * same calibration gives the same bytes.
 */
#include "ttsim/calibrate.h"

#include <math.h>
#include <string.h>

#include "plot_svg.h"
#include "ttsim/fmt.h"

enum { P_LOAD, P_CAPACITY, P_COUNT };

static const char *const panel_ids[P_COUNT] = {"load", "capacity"};

/* UTF-8, written as bytes so the source stays ASCII. */
#define MIDDOT " \xc2\xb7 "
#define MINUS "\xe2\x88\x92"
#define UP_TRIANGLE "\xe2\x96\xb2"
#define DOWN_TRIANGLE "\xe2\x96\xbc"

#define C_RECORDED "#333333"
#define C_RECORDED_ONLY C_RED
#define C_SIMULATED_ONLY C_ORANGE
#define C_MATCHED "#8a8a8a"

/* Drawing one calibration: the data, the choices and the layout. */
typedef struct cal_ctx {
	FILE *f;
	const tt_calibration *c;
	tt_diag *d;
	tt_code rc; /* the first label that could not be written */
	double width, height, x0, x1;
	double t0, t1; /* seconds of simulated time */
	tt_taxis ta;
	double ticks[64];
	size_t n_ticks;
	char title[1024], sub[400], score[600], not_scaled_line[200];
	char notes[6][240];
	size_t n_notes;
	double head, label_rows;
	double top[P_COUNT], header[P_COUNT], body[P_COUNT];
	char ptitle[P_COUNT][160], unit[P_COUNT][80];
	tt_swatch sw[P_COUNT][12];
	size_t n_sw[P_COUNT];
	char rec_label[64];
	bool gap;        /* the recorded capacity has a stretch not known */
	bool diff[2];    /* the simulated capacity is below, above it */
	bool diff_dense; /* too many steps to shade the difference */
	bool not_scaled; /* some row is a NotScaled one */
	double bin_px;   /* > 0: markers binned by this many pixels */
} cal_ctx;

/* A number for a label (tt_plot_label_num): the first one refused
 * discards the picture (the calibration's figures are finite). */
static const char *label_num(cal_ctx *x, double v, const char *what,
                             char buf[TT_FMT_BUF])
{
	return tt_plot_label_num(&x->rc, x->d, "calibrate.svg", v, what, buf);
}

static double seconds(tt_time_us t)
{
	return (double)t / (double)TT_US_PER_S;
}

/* A value of a step function: negative is not known. */
static bool known(double v)
{
	return v >= 0 && isfinite(v);
}

/* ---- layout ---- */

static void add_swatch(cal_ctx *x, int k, int kind, const char *colour,
                       const char *dash, const char *label)
{
	x->sw[k][x->n_sw[k]++] = (tt_swatch){kind, colour, dash, label};
}

static void add_note(cal_ctx *x, const char *text)
{
	if (x->n_notes < sizeof x->notes / sizeof x->notes[0])
		snprintf(x->notes[x->n_notes++], sizeof x->notes[0], "%s",
		         text);
}

/* v to a tenth, with a true minus sign. */
static const char *signed_tenth(cal_ctx *x, double v, const char *what,
                                char buf[TT_FMT_BUF + 4])
{
	char a[TT_FMT_BUF];
	label_num(x, round(v * 10) / 10, what, a);
	if (a[0] == '-')
		snprintf(buf, TT_FMT_BUF + 4, MINUS "%s", a + 1);
	else
		snprintf(buf, TT_FMT_BUF + 4, "%s", a);
	return buf;
}

/* Append `part` to the score line, after a middle dot. */
static void score_append(cal_ctx *x, const char *part)
{
	size_t used = strlen(x->score);
	snprintf(x->score + used, sizeof x->score - used, "%s%s",
	         used ? MIDDOT : "", part);
}

/*
 * The score in one line: "6 matched · 1 recorded only · 0 simulated
 * only · median decision offset −10.9 s · simulated above 12 / below 30
 * instance-min · loss 56.3"; the NotScaled rows, when there are any, on
 * a line of their own.
 */
static void layout_score(cal_ctx *x)
{
	const tt_cal_score *s = &x->c->score;
	char a[TT_FMT_BUF], b[TT_FMT_BUF + 4], c[TT_FMT_BUF + 4], part[200];
	if (!x->c->has_activities) {
		score_append(x, "no activities given: decisions not compared");
		goto capacity;
	}
	tt_fmt_uint(s->matched, a);
	snprintf(part, sizeof part, "%s matched", a);
	score_append(x, part);
	tt_fmt_uint(s->recorded_only, a);
	snprintf(part, sizeof part, "%s recorded only", a);
	score_append(x, part);
	tt_fmt_uint(s->simulated_only, a);
	snprintf(part, sizeof part, "%s simulated only", a);
	score_append(x, part);
	if (s->has_decision)
		snprintf(part, sizeof part, "median decision offset %s s",
		         signed_tenth(x, seconds(s->decision_median_us),
		                      "decision_median", b));
	else
		snprintf(part, sizeof part,
		         "no decision offset (none matched)");
	score_append(x, part);
capacity:
	snprintf(
	        part, sizeof part, "simulated above %s / below %s %s-min",
	        signed_tenth(x, s->above_instance_min, "above_instance_min", b),
	        signed_tenth(x, s->below_instance_min, "below_instance_min", c),
	        x->c->copies ? "copy" : "instance");
	score_append(x, part);
	snprintf(part, sizeof part, "loss %s",
	         signed_tenth(x, s->loss, "loss", b));
	score_append(x, part);
	size_t ns = s->not_scaled_matched + s->not_scaled_unmatched;
	if (ns) {
		char m[TT_FMT_BUF], g[TT_FMT_BUF], u[TT_FMT_BUF];
		tt_fmt_uint(s->not_scaled_matched, m);
		tt_fmt_uint(s->not_scaled_agree, g);
		tt_fmt_uint(s->not_scaled_unmatched, u);
		snprintf(x->not_scaled_line, sizeof x->not_scaled_line,
		         "NotScaled activities: %s matched (%s with the same "
		         "reason), %s unmatched",
		         m, g, u);
	}
}

/* "minute" for 60 s, else "N s": what "per ..." the load counts. */
static void per_period(cal_ctx *x, char *buf, size_t size)
{
	char a[TT_FMT_BUF];
	if (x->c->period_us == 60 * TT_US_PER_S || x->c->period_us <= 0)
		snprintf(buf, size, "minute");
	else
		snprintf(buf, size, "%s s",
		         label_num(x, seconds(x->c->period_us), "period", a));
}

/*
 * The run's warnings (a gap in the trace, replayed as zero traffic),
 * which say why the load looks as it does: the first two, then how many
 * more.  Its notes ("detected format") are left to the command's output,
 * and so is every diag's file, which would tie the picture to a path.
 */
static void layout_warnings(cal_ctx *x)
{
	const tt_diag_list *l = &x->c->notes;
	char line[240], n[TT_FMT_BUF];
	size_t shown = 0, more = 0;
	for (size_t i = 0; i < l->count; i++) {
		if (l->items[i].severity != TT_SEV_WARNING)
			continue;
		if (shown == 2) {
			more++;
			continue;
		}
		snprintf(line, sizeof line, "warning: %.220s", l->items[i].msg);
		add_note(x, line);
		shown++;
	}
	if (more) {
		tt_fmt_uint(more, n);
		snprintf(
		        line, sizeof line,
		        "and %s more warning%s (the command's output has them)",
		        n, more == 1 ? "" : "s");
		add_note(x, line);
	}
}

/* The title, the subtitle (span, periods, where the recorded capacity
 * comes from), the score and the notes. */
static void layout_head(cal_ctx *x)
{
	const tt_calibration *c = x->c;
	char a[TT_FMT_BUF], b[TT_FMT_BUF], per[TT_FMT_BUF], iso[TT_FMT_BUF];
	char line[200];
	snprintf(x->title, sizeof x->title, "Calibration: %s",
	         c->name ? c->name : "recorded and simulated scaling");
	double span = x->t1 - x->t0;
	bool days = span >= 3 * 86400;
	tt_fmt_uint(c->periods, a);
	tt_fmt_iso8601(c->origin_unix_s, iso);
	snprintf(x->sub, sizeof x->sub,
	         "%s periods of %s s (%s %s) from %.10s %.5s UTC; recorded "
	         "capacity %s",
	         a, label_num(x, seconds(c->period_us), "period", per),
	         label_num(x, round(span / (days ? 86400 : 3600) * 100) / 100,
	                   "time span", b),
	         days ? "days" : "hours", iso, iso + 11,
	         c->capacity_from_export
	                 ? "from a CloudWatch export of the instance count"
	                 : "rebuilt from the scaling activities");
	layout_score(x);
	if ((double)c->periods > 2 * (x->x1 - x->x0)) {
		snprintf(line, sizeof line,
		         "%s periods: each pixel column shows its first, "
		         "lowest, highest and last value",
		         a);
		add_note(x, line);
	}
	if (x->bin_px > 0) {
		size_t n = 0;
		for (size_t i = 0; i < c->count; i++)
			n += !c->rows[i].not_scaled;
		tt_fmt_uint(n, a);
		snprintf(line, sizeof line,
		         "%s scaling activities: one mark of each kind per 6 "
		         "pixels, at its largest step",
		         a);
		add_note(x, line);
	}
	if (x->diff_dense)
		add_note(x, "more capacity steps than pixels: the difference "
		            "between the capacities is not shaded");
	layout_warnings(x);
	if (c->score.skipped) {
		tt_fmt_uint(c->score.skipped, a);
		snprintf(line, sizeof line,
		         "%s recorded activit%s not compared (outside the "
		         "trace, or no direction to tell): not drawn",
		         a, c->score.skipped == 1 ? "y" : "ies");
		add_note(x, line);
	}
}

/* Each panel's title, unit and legend. */
static void layout_panels(cal_ctx *x)
{
	char per[TT_FMT_BUF + 8];
	per_period(x, per, sizeof per);
	snprintf(x->ptitle[P_LOAD], sizeof x->ptitle[0], "Recorded load");
	snprintf(x->unit[P_LOAD], sizeof x->unit[0], "invocations per %s", per);
	add_swatch(x, P_LOAD, SW_LINE, C_GREY, NULL, "invocations");
	snprintf(x->ptitle[P_CAPACITY], sizeof x->ptitle[0], "%s",
	         x->c->has_activities
	                 ? "Capacity (" UP_TRIANGLE " scale-out, " DOWN_TRIANGLE
	                   " scale-in, at the decision and its target)"
	                 : "Capacity");
	snprintf(x->unit[P_CAPACITY], sizeof x->unit[0], "%s",
	         x->c->copies ? "copies" : "instances");
	snprintf(x->rec_label, sizeof x->rec_label, "recorded (%s)",
	         x->c->capacity_from_export ? "CloudWatch export"
	                                    : "activities");
	add_swatch(x, P_CAPACITY, SW_LINE, C_RECORDED, NULL, x->rec_label);
	add_swatch(x, P_CAPACITY, SW_LINE, C_BLUE, "6 3", "simulated");
	if (x->c->has_activities) {
		add_swatch(x, P_CAPACITY, SW_UPDOWN, C_RECORDED_ONLY, NULL,
		           "recorded only");
		add_swatch(x, P_CAPACITY, SW_UPDOWN, C_SIMULATED_ONLY, NULL,
		           "simulated only");
		add_swatch(x, P_CAPACITY, SW_CIRCLE, C_MATCHED, NULL,
		           "matched");
	}
	if (x->not_scaled)
		add_swatch(x, P_CAPACITY, SW_TICK, C_GREY, NULL, "not scaled");
	if (x->diff[1])
		add_swatch(x, P_CAPACITY, SW_BAND, C_BLUE, NULL,
		           "simulated above recorded");
	if (x->diff[0])
		add_swatch(x, P_CAPACITY, SW_BAND, C_RED, NULL,
		           "simulated below recorded");
	if (x->gap)
		add_swatch(x, P_CAPACITY, SW_BAND, C_GREY, NULL,
		           "recorded capacity not known");
}

/* Where everything goes: the head, then each panel top to bottom. */
static void layout(cal_ctx *x)
{
	static const double heights[P_COUNT] = {130, 230};
	layout_head(x);
	layout_panels(x);
	double w = x->x1 - x->x0;
	size_t sub_lines =
	        tt_svg_text_wrapped(NULL, 0, 0, w, 12, 15, NULL, x->sub);
	size_t score_lines =
	        tt_svg_text_wrapped(NULL, 0, 0, w, 12, 15, NULL, x->score) +
	        tt_svg_text_wrapped(NULL, 0, 0, w, 12, 15, NULL,
	                            x->not_scaled_line);
	x->head = 47 + 15 * (double)(sub_lines + score_lines - 1) +
	          15 * (double)x->n_notes + 15;
	x->label_rows = 34; /* wall-clock times: a date under the first */
	double y = x->head;
	for (int k = 0; k < P_COUNT; k++) {
		x->top[k] = y;
		x->header[k] = tt_panel_header_height(
		        x->ptitle[k], x->sw[k], x->n_sw[k], x->x1 - x->x0);
		x->body[k] = fmax(heights[k],
		                  tt_svg_text_width(x->unit[k], 11) + 16);
		y += x->header[k] + x->body[k] + x->label_rows + 14;
	}
	x->height = y + 22;
}

/* ---- the head and the panels' frames ---- */

static void draw_head(cal_ctx *x)
{
	double w = x->x1 - x->x0, y = 47;
	tt_svg_text(x->f, x->x0, 28,
	            SVG_FONT " font-size=\"18\" font-weight=\"bold\" "
	                     "fill=\"#111\"",
	            x->title);
	y += 15 * (double)tt_svg_text_wrapped(
	                  x->f, x->x0, y, w, 12, 15,
	                  SVG_FONT " font-size=\"12\" fill=\"#555\"", x->sub);
	y += 15 * (double)tt_svg_text_wrapped(
	                  x->f, x->x0, y, w, 12, 15,
	                  SVG_FONT " font-size=\"12\" font-weight=\"bold\" "
	                           "fill=\"#222\" class=\"score\"",
	                  x->score);
	y += 15 * (double)tt_svg_text_wrapped(x->f, x->x0, y, w, 12, 15,
	                                      SVG_FONT
	                                      " font-size=\"12\" fill=\"#333\"",
	                                      x->not_scaled_line);
	for (size_t i = 0; i < x->n_notes; i++)
		tt_svg_text(x->f, x->x0, y + 15 * (double)i,
		            SVG_FONT " font-size=\"11\" font-style=\"italic\" "
		                     "fill=\"#a33\"",
		            x->notes[i]);
}

static void draw_header(cal_ctx *x, int k)
{
	tt_panel_header_draw(x->f, x->x0, x->top[k], x->x1 - x->x0,
	                     x->header[k], x->ptitle[k], x->sw[k], x->n_sw[k]);
}

/* The text of a tooltip, escaped, as an element's <title>. */
static void put_title(FILE *f, const char *text)
{
	fputs("<title>", f);
	tt_svg_esc(f, text);
	fputs("</title>", f);
}

/* ---- the load ---- */

/*
 * A path's points, as a line or as an area down to the panel's floor: a
 * run of known values is one subpath, closed along the floor for an
 * area.
 */
typedef struct trace_pen {
	FILE *f;
	const tt_panel *p;
	bool area;
	bool down; /* a subpath is open */
	double last_x;
} trace_pen;

static void trace_point(trace_pen *tp, double x, double v)
{
	double y = tt_panel_y(tp->p, v);
	if (!tp->down) {
		fputc('M', tp->f);
		tt_svg_px(tp->f, x);
		fputc(' ', tp->f);
		if (tp->area) {
			tt_svg_px(tp->f, tp->p->y1);
			fputc('L', tp->f);
			tt_svg_px(tp->f, x);
			fputc(' ', tp->f);
		}
		tt_svg_px(tp->f, y);
		tp->down = true;
	} else {
		fputc('L', tp->f);
		tt_svg_px(tp->f, x);
		fputc(' ', tp->f);
		tt_svg_px(tp->f, y);
	}
	tp->last_x = x;
}

static void trace_break(trace_pen *tp)
{
	if (tp->down && tp->area) {
		fputc('L', tp->f);
		tt_svg_px(tp->f, tp->last_x);
		fputc(' ', tp->f);
		tt_svg_px(tp->f, tp->p->y1);
		fputc('Z', tp->f);
	}
	tp->down = false;
}

/*
 * The load, each period's value at its middle: every point, or with
 * more periods than twice the pixel columns each column's first, lowest,
 * highest and last.  A value that is not a number, or negative, is a
 * gap.
 */
static void load_path(cal_ctx *x, const tt_panel *p, bool area,
                      const char *attrs)
{
	const tt_calibration *c = x->c;
	double period_s = seconds(c->period_us);
	bool dense = (double)c->periods > 2 * (p->x1 - p->x0);
	trace_pen tp = {x->f, p, area, false, 0};
	tt_bucket b = {0};
	long col = 0;
	fprintf(x->f, "<path %s d=\"", attrs);
	for (size_t i = 0; i < c->periods; i++) {
		double t = ((double)i + 0.5) * period_s;
		double v = c->load[i];
		if (t > p->t1)
			break;
		double px = tt_panel_x(p, t);
		if (!dense) {
			if (known(v))
				trace_point(&tp, px, v);
			else
				trace_break(&tp);
			continue;
		}
		long k = (long)floor(px - p->x0);
		if (b.any && k != col) {
			double seq[4];
			size_t n = tt_bucket_seq(&b, seq);
			for (size_t j = 0; j < n; j++)
				trace_point(&tp, p->x0 + (double)col + 0.5,
				            seq[j]);
			b.any = false;
		}
		col = k;
		if (known(v))
			tt_bucket_add(&b, v);
		else if (!b.any)
			trace_break(&tp); /* a column of gaps only */
	}
	if (b.any) {
		double seq[4];
		size_t n = tt_bucket_seq(&b, seq);
		for (size_t j = 0; j < n; j++)
			trace_point(&tp, p->x0 + (double)col + 0.5, seq[j]);
	}
	trace_break(&tp);
	fputs("\"/>\n", x->f);
}

/* ---- the capacities ---- */

/*
 * A step function as a path of H and V moves: each value held from its
 * time to the next step's (the last to the end of the axis); a value not
 * known breaks the line.  With more steps than twice the pixel columns,
 * the steps that start in one column are drawn there as their first,
 * lowest, highest and last value.
 */
typedef struct stepper {
	FILE *f;
	const tt_panel *p;
	bool down; /* a subpath is open, its pen on row y */
	double y;
	tt_bucket b; /* the steps gathered in column col, starting at cx */
	long col;
	double cx;
} stepper;

static void stepper_flush(stepper *s)
{
	if (!s->b.any)
		return;
	double seq[4];
	size_t n = tt_bucket_seq(&s->b, seq);
	for (size_t j = 0; j < n; j++) {
		double y = tt_panel_y(s->p, seq[j]);
		if (!s->down) {
			fputc('M', s->f);
			tt_svg_px(s->f, s->cx);
			fputc(' ', s->f);
			tt_svg_px(s->f, y);
			s->down = true;
		} else {
			if (j == 0) {
				fputc('H', s->f);
				tt_svg_px(s->f, s->cx);
			}
			if (y != s->y) {
				fputc('V', s->f);
				tt_svg_px(s->f, y);
			}
		}
		s->y = y;
	}
	s->b.any = false;
}

/* The pen on to x, where the line ends. */
static void stepper_end(stepper *s, double x)
{
	stepper_flush(s);
	if (s->down) {
		fputc('H', s->f);
		tt_svg_px(s->f, x);
	}
	s->down = false;
}

static double clamp_x(const tt_panel *p, double t)
{
	return fmin(fmax(tt_panel_x(p, t), p->x0), p->x1);
}

static void draw_steps(cal_ctx *x, const tt_panel *p, const tt_cal_steps *st,
                       const char *attrs)
{
	bool dense = (double)st->count > 2 * (p->x1 - p->x0);
	stepper s = {.f = x->f, .p = p};
	fprintf(x->f, "<path %s d=\"", attrs);
	for (size_t i = 0; i < st->count; i++) {
		double t = seconds(st->time_us[i]);
		if (t >= p->t1)
			break;
		double px = clamp_x(p, t);
		if (!known(st->value[i])) {
			stepper_end(&s, px);
			continue;
		}
		long k = dense ? (long)floor(px - p->x0) : (long)i;
		if (!s.b.any || k != s.col) {
			stepper_flush(&s);
			s.col = k;
			s.cx = px;
		}
		tt_bucket_add(&s.b, st->value[i]);
	}
	stepper_end(&s, p->x1);
	fputs("\" fill=\"none\"/>\n", x->f);
}

/* The stretches where the recorded capacity is not known, shaded. */
static void draw_gaps(cal_ctx *x, const tt_panel *p)
{
	const tt_cal_steps *st = &x->c->recorded_capacity;
	tt_bands bd = {x->f, p, false, 0, 0};
	fputs("<g fill=\"" C_GREY "\" fill-opacity=\"0.16\" "
	      "class=\"recorded-unknown\">",
	      x->f);
	put_title(x->f, "recorded capacity not known");
	fputc('\n', x->f);
	for (size_t i = 0; i < st->count; i++)
		if (!known(st->value[i]))
			tt_bands_add(&bd, seconds(st->time_us[i]),
			             i + 1 < st->count
			                     ? seconds(st->time_us[i + 1])
			                     : p->t1);
	tt_bands_flush(&bd);
	fputs("</g>\n", x->f);
}

/*
 * The difference between the capacities, where both are known: the
 * stretches where the simulated one is above the recorded (`above`), or
 * below it, each a rectangle between the two values; neighbours with
 * the same values are one.  The instance-minutes of the score are these
 * areas.  With f NULL only says whether there is one.
 */
typedef struct diff_pen {
	FILE *f;
	const tt_panel *p;
	bool have;
	double xa, xb, lo, hi;
} diff_pen;

static void diff_flush(diff_pen *dp)
{
	if (!dp->have || !dp->f)
		return;
	double ya = tt_panel_y(dp->p, dp->hi), yb = tt_panel_y(dp->p, dp->lo);
	tt_svg_rect(dp->f, dp->xa, ya, fmax(dp->xb - dp->xa, 0.6), yb - ya,
	            NULL);
	dp->have = false;
}

static void diff_add(diff_pen *dp, double ta, double tb, double lo, double hi)
{
	double xa = clamp_x(dp->p, ta), xb = clamp_x(dp->p, tb);
	if (!(xb > xa))
		return;
	if (dp->have && dp->lo == lo && dp->hi == hi && xa <= dp->xb) {
		dp->xb = xb;
		return;
	}
	diff_flush(dp);
	*dp = (diff_pen){dp->f, dp->p, true, xa, xb, lo, hi};
}

static bool draw_difference(cal_ctx *x, const tt_panel *p, FILE *f, bool above)
{
	const tt_cal_steps *r = &x->c->recorded_capacity;
	const tt_cal_steps *s = &x->c->simulated_capacity;
	diff_pen dp = {f, p, false, 0, 0, 0, 0};
	bool any = false;
	double rv = -1, sv = -1, t = p->t0;
	size_t i = 0, j = 0;
	for (;;) {
		/* the next time either changes, or the end */
		double next = p->t1;
		if (i < r->count)
			next = fmin(next, seconds(r->time_us[i]));
		if (j < s->count)
			next = fmin(next, seconds(s->time_us[j]));
		if (known(rv) && known(sv) && (above ? sv > rv : sv < rv) &&
		    next > t) {
			any = true;
			diff_add(&dp, t, next, fmin(rv, sv), fmax(rv, sv));
		}
		if (next >= p->t1)
			break;
		t = next;
		while (i < r->count && seconds(r->time_us[i]) <= t)
			rv = r->value[i++];
		while (j < s->count && seconds(s->time_us[j]) <= t)
			sv = s->value[j++];
	}
	diff_flush(&dp);
	return any;
}

/* ---- the activities ---- */

/* The kinds of mark, each drawn in its own pass. */
typedef enum mark_kind {
	MK_RECORDED_OUT,
	MK_RECORDED_IN,
	MK_SIMULATED_OUT,
	MK_SIMULATED_IN,
	MK_MATCHED,
	MK_COUNT
} mark_kind;

static bool row_is(const tt_cal_row *r, mark_kind k)
{
	if (r->not_scaled || r->to < 0)
		return false;
	switch (k) {
	case MK_RECORDED_OUT:
	case MK_RECORDED_IN:
		return r->match == TT_CAL_RECORDED_ONLY &&
		       r->recorded.present &&
		       r->direction ==
		               (k == MK_RECORDED_OUT ? TT_DIR_OUT : TT_DIR_IN);
	case MK_SIMULATED_OUT:
	case MK_SIMULATED_IN:
		return r->match == TT_CAL_SIMULATED_ONLY &&
		       r->simulated.present &&
		       r->direction ==
		               (k == MK_SIMULATED_OUT ? TT_DIR_OUT : TT_DIR_IN);
	default:
		return r->match == TT_CAL_MATCHED && r->recorded.present &&
		       r->simulated.present;
	}
}

/* Where a row's mark goes: the recorded decision, else the simulated. */
static double row_time(const tt_cal_row *r)
{
	return seconds(r->recorded.present ? r->recorded.decision_us
	                                   : r->simulated.decision_us);
}

/* A time of the history as wall-clock text, to the second. */
static void wall_text(const cal_ctx *x, tt_time_us t, char buf[TT_FMT_BUF])
{
	tt_time_us s = t / TT_US_PER_S - (t % TT_US_PER_S < 0);
	tt_fmt_iso8601(x->c->origin_unix_s + s, buf);
}

/* A mark's tooltip: what it is, when, and how many more share its bin. */
static void mark_text(cal_ctx *x, const tt_cal_row *r, size_t more, char *buf,
                      size_t size)
{
	char to[TT_FMT_BUF], at[TT_FMT_BUF], sim[TT_FMT_BUF], n[TT_FMT_BUF];
	char off[TT_FMT_BUF + 4];
	const char *dir = r->direction == TT_DIR_OUT ? "out" : "in";
	tt_fmt_uint((uint64_t)r->to, to);
	int used;
	if (r->match == TT_CAL_MATCHED) {
		wall_text(x, r->recorded.decision_us, at);
		wall_text(x, r->simulated.decision_us, sim);
		used = snprintf(buf, size,
		                "matched: scale-%s to %s, recorded %s, "
		                "simulated %s (%s s)",
		                dir, to, at, sim,
		                signed_tenth(x,
		                             seconds(r->simulated.decision_us -
		                                     r->recorded.decision_us),
		                             "decision offset", off));
	} else if (r->match == TT_CAL_RECORDED_ONLY) {
		wall_text(x, r->recorded.decision_us, at);
		used = snprintf(buf, size,
		                "recorded only: scale-%s to %s at %s%s%s", dir,
		                to, at, r->activity_id ? ", activity " : "",
		                r->activity_id ? r->activity_id : "");
	} else {
		wall_text(x, r->simulated.decision_us, at);
		used = snprintf(buf, size,
		                "simulated only: scale-%s to %s at %s", dir, to,
		                at);
	}
	if (more && used > 0 && (size_t)used < size) {
		tt_fmt_uint(more, n);
		snprintf(buf + used, size - (size_t)used,
		         " (and %s more in this bin)", n);
	}
}

/*
 * One mark: a triangle for a one-sided activity, pointing the way it
 * scaled, with a white edge so it reads over the lines; for a matched
 * pair a small circle at the recorded decision and a line to the
 * simulated one.
 */
static void put_mark(cal_ctx *x, const tt_panel *p, mark_kind k,
                     const tt_cal_row *r, size_t more)
{
	static const char *const cls[MK_COUNT] = {
	        "recorded-only out", "recorded-only in", "simulated-only out",
	        "simulated-only in", "matched"};
	char text[400];
	mark_text(x, r, more, text, sizeof text);
	double px = tt_panel_x(p, row_time(r));
	double y = tt_panel_y(p, r->to);
	if (k == MK_MATCHED) {
		double xs = clamp_x(p, seconds(r->simulated.decision_us));
		fprintf(x->f,
		        "<g class=\"%s\" fill=\"#ffffff\" stroke=\"" C_MATCHED
		        "\" stroke-width=\"1.2\">",
		        cls[k]);
		put_title(x->f, text);
		if (fabs(xs - px) >= 1)
			tt_svg_line(x->f, px, y, xs, y, NULL);
		fputs("<circle cx=\"", x->f);
		tt_svg_px(x->f, px);
		fputs("\" cy=\"", x->f);
		tt_svg_px(x->f, y);
		fputs("\" r=\"3.5\"/></g>\n", x->f);
		return;
	}
	bool up = k == MK_RECORDED_OUT || k == MK_SIMULATED_OUT;
	bool rec = k == MK_RECORDED_OUT || k == MK_RECORDED_IN;
	fprintf(x->f,
	        "<path class=\"%s\" fill=\"%s\" stroke=\"#ffffff\" "
	        "stroke-width=\"0.8\" d=\"M",
	        cls[k], rec ? C_RECORDED_ONLY : C_SIMULATED_ONLY);
	tt_svg_px(x->f, px);
	fputc(' ', x->f);
	tt_svg_px(x->f, up ? y - 6 : y + 6);
	fputs(up ? "l5.5 10h-11z\">" : "l5.5 -10h-11z\">", x->f);
	put_title(x->f, text);
	fputs("</path>\n", x->f);
}

/*
 * The marks of one kind, in order of time.  Binned (x->bin_px > 0), a
 * bin shows one: its largest step (the highest target of a scale-out,
 * the lowest of a scale-in; a matched pair's highest).
 */
static void draw_marks(cal_ctx *x, const tt_panel *p, mark_kind k)
{
	const tt_calibration *c = x->c;
	bool lowest = k == MK_RECORDED_IN || k == MK_SIMULATED_IN;
	const tt_cal_row *best = NULL;
	size_t more = 0;
	long bin = 0;
	for (size_t i = 0; i < c->count; i++) {
		const tt_cal_row *r = &c->rows[i];
		double t = row_time(r);
		if (!row_is(r, k) || t < p->t0 || t > p->t1)
			continue;
		long b = x->bin_px > 0
		                 ? (long)floor((tt_panel_x(p, t) - p->x0) /
		                               x->bin_px)
		                 : (long)i;
		if (best && b == bin) {
			more++;
			if (lowest ? r->to < best->to : r->to > best->to)
				best = r;
			continue;
		}
		if (best)
			put_mark(x, p, k, best, more);
		best = r;
		bin = b;
		more = 0;
	}
	if (best)
		put_mark(x, p, k, best, more);
}

/* NotScaled rows: faint ticks along the bottom, one per pixel. */
static void draw_not_scaled(cal_ctx *x, const tt_panel *p)
{
	const tt_calibration *c = x->c;
	long last = 0;
	bool any = false;
	for (size_t i = 0; i < c->count; i++) {
		const tt_cal_row *r = &c->rows[i];
		double t = row_time(r);
		if (!r->not_scaled || t < p->t0 || t > p->t1)
			continue;
		double px = tt_panel_x(p, t);
		if (any && lround(px) == last)
			continue;
		last = lround(px);
		if (!any) {
			fputs("<path class=\"not-scaled\" stroke=\"" C_GREY
			      "\" stroke-opacity=\"0.7\" stroke-width=\"1.2\" "
			      "d=\"",
			      x->f);
			any = true;
		}
		fputc('M', x->f);
		tt_svg_px(x->f, px);
		fputc(' ', x->f);
		tt_svg_px(x->f, p->y1);
		fputs("v-8", x->f);
	}
	if (any)
		fputs("\"><title>not scaled (a NotScaled activity, with the "
		      "simulated decision it matched)</title></path>\n",
		      x->f);
}

/* The highest value the capacity panel shows. */
static double capacity_top(const cal_ctx *x)
{
	const tt_calibration *c = x->c;
	const tt_cal_steps *both[2] = {&c->recorded_capacity,
	                               &c->simulated_capacity};
	double top = 1;
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < both[s]->count; i++)
			if (known(both[s]->value[i]))
				top = fmax(top, both[s]->value[i]);
	for (size_t i = 0; i < c->count; i++)
		if (!c->rows[i].not_scaled && c->rows[i].to >= 0)
			top = fmax(top, c->rows[i].to);
	return top * 1.08;
}

static double load_top(const cal_ctx *x)
{
	double top = 0;
	for (size_t i = 0; i < x->c->periods; i++)
		if (known(x->c->load[i]))
			top = fmax(top, x->c->load[i]);
	return top;
}

/* Panel k: its shading, grid, unit, header, series and frame. */
static void draw_panel(cal_ctx *x, int k)
{
	tt_panel p = {.x0 = x->x0,
	              .x1 = x->x1,
	              .y0 = x->top[k] + x->header[k],
	              .y1 = x->top[k] + x->header[k] + x->body[k],
	              .t0 = x->t0,
	              .t1 = x->t1};
	p.y = k == P_LOAD ? tt_axis_nice(0, load_top(x), 4, true)
	                  : tt_axis_nice(0, capacity_top(x), 6, true);
	fprintf(x->f, "<g id=\"panel-%s\">\n", panel_ids[k]);
	if (k == P_CAPACITY && x->gap)
		draw_gaps(x, &p);
	for (int above = 1; k == P_CAPACITY && above >= 0; above--) {
		if (!x->diff[above])
			continue;
		fprintf(x->f,
		        "<g fill=\"%s\" fill-opacity=\"%s\" "
		        "class=\"simulated-%s\">\n",
		        above ? C_BLUE : C_RED, above ? "0.2" : "0.16",
		        above ? "above" : "below");
		draw_difference(x, &p, x->f, above);
		fputs("</g>\n", x->f);
	}
	tt_panel_y_grid(x->f, &p);
	tt_svg_text_up(x->f, 16, (p.y0 + p.y1) / 2,
	               SVG_FONT " font-size=\"11\" fill=\"#333\" "
	                        "class=\"y-unit\"",
	               x->unit[k]);
	tt_panel_time_grid(x->f, &p, &x->ta, x->ticks, x->n_ticks, true);
	draw_header(x, k);
	if (k == P_LOAD && x->c->periods > 0 && x->c->period_us > 0) {
		load_path(x, &p, true,
		          "fill=\"" C_GREY "\" fill-opacity=\"0.18\" "
		          "class=\"load-area\"");
		load_path(x, &p, false,
		          "fill=\"none\" stroke=\"#666666\" "
		          "stroke-width=\"1.1\" stroke-linejoin=\"round\" "
		          "class=\"series-load\"");
	}
	if (k == P_CAPACITY) {
		draw_not_scaled(x, &p);
		draw_steps(x, &p, &x->c->recorded_capacity,
		           "class=\"series-recorded\" stroke=\"" C_RECORDED
		           "\" stroke-width=\"2.2\"");
		draw_steps(x, &p, &x->c->simulated_capacity,
		           "class=\"series-simulated\" stroke=\"" C_BLUE
		           "\" stroke-width=\"2\" stroke-dasharray=\"6 3\"");
		/* the quiet marks first, the loud ones over them */
		for (int m = MK_COUNT - 1; m >= 0; m--)
			draw_marks(x, &p, (mark_kind)m);
	}
	tt_panel_frame(x->f, &p);
	fputs("</g>\n", x->f);
}

/* The time axis, what the data holds, and how dense the marks are. */
static void setup(cal_ctx *x)
{
	const tt_calibration *c = x->c;
	x->width = 1200;
	x->x0 = 72;
	x->x1 = x->width - 28;
	x->t0 = 0;
	x->t1 = seconds(c->simulated_us);
	if (!(x->t1 > 0) && c->period_us > 0)
		x->t1 = seconds(c->period_us) * (double)c->periods;
	if (!(x->t1 > 0))
		x->t1 = 60; /* nothing recorded: an empty axis */
	x->ta = tt_taxis_make(true, c->origin_unix_s, x->t0, x->t1);
	x->n_ticks = tt_taxis_ticks(&x->ta, x->t0, x->t1, x->ticks, 64);
	for (size_t i = 0; i < c->recorded_capacity.count; i++)
		if (!known(c->recorded_capacity.value[i]))
			x->gap = true;
	/* the differences, found on the panel's time span (their pixels
	 * are not needed to tell whether there are any) */
	tt_panel span = {.x0 = x->x0, .x1 = x->x1, .t0 = x->t0, .t1 = x->t1};
	x->diff_dense =
	        (double)(c->recorded_capacity.count +
	                 c->simulated_capacity.count) > 2 * (x->x1 - x->x0);
	for (int above = 0; above < 2 && !x->diff_dense; above++)
		x->diff[above] = draw_difference(x, &span, NULL, above);
	size_t n_act = 0;
	for (size_t i = 0; i < c->count; i++) {
		x->not_scaled |= c->rows[i].not_scaled;
		n_act += !c->rows[i].not_scaled;
	}
	x->bin_px = (double)n_act > (x->x1 - x->x0) / 8 ? 6 : 0;
}

tt_code tt_calibration_write_svg(const tt_calibration *c, FILE *f, tt_diag *d)
{
	cal_ctx x = {.f = f, .c = c, .d = d};
	setup(&x);
	layout(&x);
	tt_svg_open(f, x.width, x.height, false);
	draw_head(&x);
	for (int k = 0; k < P_COUNT; k++)
		draw_panel(&x, k);
	/* the time axis's title under the last panel */
	int last = P_COUNT - 1;
	tt_svg_text(f, (x.x0 + x.x1) / 2,
	            x.top[last] + x.header[last] + x.body[last] + x.label_rows +
	                    14,
	            SVG_FONT " font-size=\"12\" fill=\"#333\" "
	                     "text-anchor=\"middle\"",
	            x.ta.title);
	fputs("</svg>\n", f);
	return x.rc;
}
