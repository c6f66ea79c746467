/*
 * plot_run.c - a run's picture, drawn from its series in memory
 * (plot_series.h), and tt_plot_run, which reads the files first.
 *
 * A stack of panels sharing one time axis: the load, the capacity (step
 * lines, as the counts hold between evaluations) with the scaling
 * activities and their cooldown windows, and with scheduled actions the
 * bounds in force and the actions' runs; with step policies a state strip
 * per user alarm; the first policy's metric against its TargetValue and
 * scale-in threshold with the alarm periods shaded, and in request mode
 * the latency percentiles and the refused requests.  Every panel's y
 * axis says its unit.  The picture is laid out first (titles, legends,
 * notes, heights), then drawn top to bottom.
 *
 * An inference component counts two things: its desired capacity is a
 * number of copies of the model, and the copies run on instances, which
 * are what is billed.  Its capacity panel draws the copies (desired, in
 * service, pending) and the instances in service on one axis, with a
 * lane under the zero line marking the periods in which requests failed
 * because no copy served: scale to zero is the point, so zero is a line
 * of its own above the panel's floor, never hidden in the frame.  The
 * summary's time at zero, wake-ups and cold-start waits are a line of
 * the head.
 *
 * AlarmLow in ALARM is shaded green only while the fleet is above its
 * minimum capacity: at the minimum the alarm asks for a scale-in that
 * cannot happen (the NotScaled ticks say so), and a green picture of an
 * idle fleet at its floor would read as "scaling in, all well".
 *
 * A cooldown window is a target-tracking policy's: it starts at the
 * completion of that policy's activity.  A scheduled action starts none,
 * and a step policy's Cooldown is not in summary.json, so neither draws
 * one (a scheduled action's Successful row once started a band with the
 * first policy's cooldown).
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_series.h"
#include "plot_svg.h"
#include "ttsim/fmt.h"
#include "ttsim/plot.h"
#include "ttsim/policy.h"
#include "ttsim/scenario.h"

enum { P_LOAD, P_CAPACITY, P_ALARMS, P_METRIC, P_LATENCY, P_ERRORS, P_COUNT };

static const char *const panel_ids[P_COUNT] = {"load",   "capacity", "alarms",
                                               "metric", "latency",  "errors"};

/* An inference component's lane of failed requests, under the zero. */
#define LANE_PX 12

/* A user alarm's strip: its name above, the states below. */
#define STRIP_ROW_PX 26
#define STRIP_NAME_PX 11 /* the name's baseline below the row's top */
#define STRIP_TOP_PX 14
#define STRIP_H_PX 9

/* What the picture is made of, laid out before drawing. */
typedef struct layout {
	double width, height;
	double x0, x1;
	double top[P_COUNT]; /* the header's top; < 0: no such panel */
	double body[P_COUNT];
	double header[P_COUNT];
	char title[P_COUNT][200];
	char unit[P_COUNT][80]; /* the y axis title */
	tt_swatch sw[P_COUNT][16];
	size_t n_sw[P_COUNT];
	char sub[400]; /* the subtitle */
	/* an inference component's summary and cold starts, or "" */
	char ic_line[400], cold_line[256];
	size_t ic_lines; /* the lines they wrap to */
	char notes[5][200];
	size_t n_notes;
	double head;       /* the height of the title, subtitle and notes */
	double label_rows; /* the height of the x tick labels */
} layout;

/* Drawing one run: its data, the choices and the layout. */
typedef struct run_ctx {
	FILE *f;
	const tt_plot_run_data *r;
	const tt_plot_timeline *tl;
	const tt_plot_policy *pol; /* the first policy, NULL: none known */
	const tt_plot_opts *o;
	bool targets; /* pol has a TargetValue: the target lines */
	double threshold;
	char target_label[64], low_label[128];
	char per[TT_FMT_BUF]; /* the period in seconds, as text */
	bool dense;           /* too many activities to mark each */
	bool errors_panel;
	bool metric_panel; /* a target-tracking policy's metric to show */
	bool max_off_axis; /* the max bound is above the capacity axis */
	char max_label[80];
	double t0, t1;
	tt_taxis ta;
	double ticks[64];
	size_t n_ticks;
	layout L;
	tt_code rc; /* the first label that could not be written */
	tt_diag *d;
} run_ctx;

/*
 * A number for a label of the picture (tt_plot_label_num): the first one
 * refused discards the picture.  The inputs are bounded
 * (TT_PLOT_VALUE_MAX) so none should be; this makes sure.
 */
static const char *label_num(run_ctx *c, double v, const char *what,
                             char buf[TT_FMT_BUF])
{
	return tt_plot_label_num(&c->rc, c->d, "the picture", v, what, buf);
}

/* ---- units ---- */

/* "minute" for 60 s, else "10 s": what "per ..." a count is. */
static void per_period(const run_ctx *c, double period_s, char *buf,
                       size_t size)
{
	if (period_s == 60 || !(period_s > 0))
		snprintf(buf, size, "minute");
	else
		snprintf(buf, size, "%s s",
		         period_s == c->tl->period_s ? c->per : "period");
}

/* The metric's unit for its axis (tt_plot_metric_unit), counts per its
 * period. */
static void metric_unit(const run_ctx *c, char *buf, size_t size)
{
	char per[TT_FMT_BUF + 8];
	per_period(c, c->pol ? c->pol->period_s : 0, per, sizeof per);
	tt_plot_metric_unit(c->pol ? c->pol->metric : "", per, buf, size);
}

/* ---- layout ---- */

static void add_swatch(layout *L, int panel_id, int kind, const char *color,
                       const char *dash, const char *label)
{
	tt_swatch *s = &L->sw[panel_id][L->n_sw[panel_id]++];
	s->kind = kind;
	s->color = color;
	s->dash = dash;
	s->label = label;
}

static void add_note(layout *L, const char *text)
{
	snprintf(L->notes[L->n_notes++], sizeof L->notes[0], "%s", text);
}

/* What could not be drawn, and how the data was reduced. */
static void layout_notes(run_ctx *c)
{
	layout *L = &c->L;
	const tt_plot_run_data *r = c->r;
	char a[TT_FMT_BUF], line[200];
	if (!r->info.have)
		add_note(L, "no summary.json: no TargetValue or scale-in "
		            "lines, no cooldown windows");
	else if (!c->targets && c->metric_panel)
		add_note(L, "the summary names no TargetValue: no target "
		            "lines");
	if (!r->have_events)
		add_note(L, "no events.csv: scaling activities and cooldowns "
		            "not drawn");
	/*
	 * More activities than one per 8 pixels: one marker per 6 pixels
	 * at the bin's extreme, and no completion circles, which would
	 * cover the capacity lines.
	 */
	size_t n_act = 0;
	for (size_t i = 0; r->have_events && i < r->ev.n; i++)
		n_act += tt_plot_event_attrs_at(&r->ev, i)->kind ==
		         TT_PLOT_EV_START;
	c->dense = (double)n_act > (L->x1 - L->x0) / 8;
	if (c->dense) {
		tt_fmt_uint(n_act, a);
		snprintf(line, sizeof line,
		         "%s scaling activities: one marker per 6 pixels at "
		         "its largest step, completions not marked",
		         a);
		add_note(L, line);
	}
	if (c->tl->n_alarms_more > 0) {
		tt_fmt_uint(c->tl->n_alarms_more, a);
		snprintf(line, sizeof line,
		         "%s more user alarms than the first %d: not drawn", a,
		         TT_PLOT_MAX_ALARMS);
		add_note(L, line);
	}
	if ((double)c->tl->n > 2 * (L->x1 - L->x0)) {
		tt_fmt_uint(c->tl->n, a);
		snprintf(line, sizeof line,
		         "%s periods: each pixel column shows its first, "
		         "lowest, highest and last value",
		         a);
		add_note(L, line);
	}
}

/* Whether events.csv has a row from `src` (of `kind`, or any when < 0). */
static bool any_event(const run_ctx *c, int src, int kind)
{
	for (size_t i = 0; c->r->have_events && i < c->r->ev.n; i++) {
		const tt_plot_event_attrs *a =
		        tt_plot_event_attrs_at(&c->r->ev, i);
		if (a->src == src && (kind < 0 || a->kind == kind))
			return true;
	}
	return false;
}

/*
 * The capacity panel's title, unit and series: instances, or for an
 * inference component its copies (desired, in service, pending), the
 * instances they run on, and the lane of failed requests.
 */
static void layout_capacity_series(run_ctx *c)
{
	layout *L = &c->L;
	if (!c->tl->has_copies) {
		snprintf(L->title[P_CAPACITY], sizeof L->title[0], "Capacity");
		snprintf(L->unit[P_CAPACITY], sizeof L->unit[0], "instances");
		add_swatch(L, P_CAPACITY, SW_LINE, C_BLUE, NULL, "in service");
		add_swatch(L, P_CAPACITY, SW_LINE, C_RED, "5 3", "desired");
		add_swatch(L, P_CAPACITY, SW_LINE, C_ORANGE, "2 2", "pending");
		return;
	}
	snprintf(L->title[P_CAPACITY], sizeof L->title[0],
	         "Capacity: copies and instances");
	snprintf(L->unit[P_CAPACITY], sizeof L->unit[0], "copies, instances");
	add_swatch(L, P_CAPACITY, SW_LINE, C_BLUE, NULL, "copies in service");
	add_swatch(L, P_CAPACITY, SW_LINE, C_RED, "5 3", "desired copies");
	add_swatch(L, P_CAPACITY, SW_LINE, C_ORANGE, "2 2", "copies pending");
	add_swatch(L, P_CAPACITY, SW_WIDE, C_BROWN, NULL,
	           "instances in service (billed)");
	add_swatch(L, P_CAPACITY, SW_STRIP, C_RED, NULL,
	           "requests failed (no copy)");
}

static void layout_capacity(run_ctx *c)
{
	layout *L = &c->L;
	const tt_plot_info *in = &c->r->info;
	layout_capacity_series(c);
	if (c->tl->has_bounds) {
		add_swatch(L, P_CAPACITY, SW_LINE, C_PURPLE, NULL,
		           "min capacity");
		add_swatch(L, P_CAPACITY, SW_LINE, C_PURPLE, "7 3",
		           c->max_label);
	}
	if (!c->r->have_events)
		return;
	add_swatch(L, P_CAPACITY, SW_UP, C_DARKRED, NULL, "scale-out");
	add_swatch(L, P_CAPACITY, SW_DOWN, C_DARKGREEN, NULL, "scale-in");
	if (!c->dense)
		add_swatch(L, P_CAPACITY, SW_CIRCLE, "#555", NULL, "completed");
	/* a step-only run has no target-tracking cooldown to draw, an HPA
	 * none at all */
	if (in->have && !in->hpa && (in->n_policies > 0 || !c->tl->n_alarms)) {
		add_swatch(L, P_CAPACITY, SW_BAND, C_ORANGE, NULL,
		           "scale-out cooldown");
		add_swatch(L, P_CAPACITY, SW_BAND, C_GREEN, NULL,
		           "scale-in cooldown");
	}
	if (any_event(c, TT_PLOT_SRC_SCHEDULED, -1))
		add_swatch(L, P_CAPACITY, SW_DIAMOND, C_PURPLE, NULL,
		           "scheduled action");
	add_swatch(L, P_CAPACITY, SW_TICK, C_GREY, NULL, "not scaled");
}

static void layout_alarms(run_ctx *c)
{
	layout *L = &c->L;
	snprintf(L->title[P_ALARMS], sizeof L->title[0],
	         "Alarms of the step policies");
	add_swatch(L, P_ALARMS, SW_STRIP, C_RED, NULL, "ALARM");
	add_swatch(L, P_ALARMS, SW_STRIP, C_PALEGREEN, NULL, "OK");
	add_swatch(L, P_ALARMS, SW_STRIP, C_PALEGREY, NULL,
	           "INSUFFICIENT_DATA");
}

static void layout_metric(run_ctx *c)
{
	layout *L = &c->L;
	if (c->pol && c->pol->metric[0])
		snprintf(L->title[P_METRIC], sizeof L->title[0], "Metric: %s",
		         c->pol->metric);
	else
		snprintf(L->title[P_METRIC], sizeof L->title[0],
		         "Metric: the first policy's datapoints");
	metric_unit(c, L->unit[P_METRIC], sizeof L->unit[0]);
	add_swatch(L, P_METRIC, SW_LINE, C_BLUE, NULL, "metric");
	bool hpa = c->r->info.hpa;
	if (c->targets) {
		add_swatch(L, P_METRIC, SW_LINE, C_DARKRED, NULL,
		           c->target_label);
		add_swatch(L, P_METRIC, SW_LINE, C_DARKGREEN, "6 4",
		           hpa ? "tolerance's lower edge"
		               : "scale-in threshold");
	}
	if (hpa) /* an HPA has no alarms */
		return;
	add_swatch(L, P_METRIC, SW_BAND, C_RED, NULL, "AlarmHigh in ALARM");
	add_swatch(L, P_METRIC, SW_BAND, C_GREEN, NULL,
	           isnan(c->r->info.min_capacity)
	                   ? "AlarmLow in ALARM"
	                   : "AlarmLow in ALARM above min capacity");
}

/* Each panel's title, y axis unit and legend. */
static void layout_panels(run_ctx *c)
{
	layout *L = &c->L;
	char per[TT_FMT_BUF + 8];
	per_period(c, c->tl->period_s, per, sizeof per);
	snprintf(L->title[P_LOAD], sizeof L->title[0], "Load");
	snprintf(L->unit[P_LOAD], sizeof L->unit[0], "invocations per %s", per);
	add_swatch(L, P_LOAD, SW_LINE, C_BLUE, NULL, "invocations");
	layout_capacity(c);
	layout_alarms(c);
	layout_metric(c);
	snprintf(L->title[P_LATENCY], sizeof L->title[0],
	         "Latency: percentiles of the requests in each period");
	snprintf(L->unit[P_LATENCY], sizeof L->unit[0], "ms");
	add_swatch(L, P_LATENCY, SW_LINE, C_BLUE, NULL, "p50");
	add_swatch(L, P_LATENCY, SW_LINE, C_RED, NULL, "p99");
	snprintf(L->title[P_ERRORS], sizeof L->title[0],
	         "Errors: requests refused");
	snprintf(L->unit[P_ERRORS], sizeof L->unit[0], "requests per %s", per);
	add_swatch(L, P_ERRORS, SW_LINE, C_RED, NULL, "errors");
}

/* The subtitle: mode, periods, span, seed and the first policy. */
static void layout_subtitle(run_ctx *c)
{
	char span[TT_FMT_BUF], rows[TT_FMT_BUF];
	const tt_plot_info *in = &c->r->info;
	double s = c->t1 - c->t0;
	double v = s >= 3 * 86400 ? s / 86400 : s / 3600;
	label_num(c, round(v * 100) / 100, "time span", span);
	tt_fmt_uint(c->tl->n, rows);
	char *sub = c->L.sub;
	size_t size = sizeof c->L.sub;
	int used = snprintf(sub, size, "%s%s%s periods of %s s (%s %s)",
	                    in->mode, in->mode[0] ? " mode, " : "", rows,
	                    c->per, span, s >= 3 * 86400 ? "days" : "hours");
	if (in->seed[0] && used > 0 && (size_t)used < size)
		used += snprintf(sub + used, size - (size_t)used, ", seed %s",
		                 in->seed);
	if (c->pol && c->pol->name[0] && used > 0 && (size_t)used < size)
		snprintf(sub + used, size - (size_t)used, "; %s '%s'%s%s",
		         in->hpa ? "HPA" : "first policy", c->pol->name,
		         c->targets ? ", " : "",
		         c->targets ? c->target_label : "");
}

/*
 * A duration for the head, to a tenth: seconds under two minutes,
 * minutes under two hours, else hours.
 */
static void duration_text(run_ctx *c, double s, const char *what, char *buf,
                          size_t size)
{
	char a[TT_FMT_BUF];
	double v = s >= 7200 ? s / 3600 : s >= 120 ? s / 60 : s;
	snprintf(buf, size, "%s %s", label_num(c, round(v * 10) / 10, what, a),
	         s >= 7200  ? "h"
	         : s >= 120 ? "min"
	                    : "s");
}

/* Append a part to the inference component's line, after a comma. */
static void ic_append(layout *L, const char *part)
{
	size_t used = strlen(L->ic_line);
	snprintf(L->ic_line + used, sizeof L->ic_line - used, "%s%s",
	         L->ic_line[used - 1] == ':' ? " " : ", ", part);
}

/*
 * How long the first request after zero waited for a copy, on a line of
 * its own: p50 and p99 (the max is in the summary); "" when the summary
 * does not say.
 */
static void layout_cold_line(run_ctx *c, const tt_plot_ic *ic)
{
	char *buf = c->L.cold_line;
	size_t size = sizeof c->L.cold_line;
	char n[TT_FMT_BUF], p50[48], p99[48];
	if (!isfinite(ic->cold_starts))
		return;
	if (!(ic->cold_starts > 0)) {
		/* a wait is counted when it ends: a copy served again */
		snprintf(buf, size, "Cold starts: none%s",
		         ic->no_capacity_failures > 0
		                 ? " ended (no copy served after the failed "
		                   "requests)"
		                 : "");
		return;
	}
	label_num(c, ic->cold_starts, "cold_starts", n);
	if (!isfinite(ic->cold_wait_p50_s) || !isfinite(ic->cold_wait_p99_s)) {
		snprintf(buf, size, "Cold starts: %s", n);
		return;
	}
	duration_text(c, ic->cold_wait_p50_s, "cold_start_wait_p50_s", p50,
	              sizeof p50);
	duration_text(c, ic->cold_wait_p99_s, "cold_start_wait_p99_s", p99,
	              sizeof p99);
	snprintf(buf, size,
	         "Cold starts: %s, waiting for a copy p50 %s, p99 %s", n, p50,
	         p99);
}

/*
 * The inference component's lines of the head, each wrapped, the first
 * baseline at y; with f NULL only counted.  Returns the number of lines.
 */
static size_t ic_head_lines(const layout *L, FILE *f, double y)
{
	const char *text[2] = {L->ic_line, L->cold_line};
	size_t n = 0;
	for (int k = 0; k < 2; k++)
		n += tt_svg_text_wrapped(f, L->x0, y + 15 * (double)n,
		                         L->x1 - L->x0, 12, 15,
		                         SVG_FONT " font-size=\"12\" "
		                                  "fill=\"#333\" "
		                                  "class=\"ic-summary\"",
		                         text[k]);
	return n;
}

/*
 * The head's line on an inference component, from the summary: how it
 * packs its copies, how long it sat at zero copies, how often it woke,
 * the requests that failed for want of a copy; then how long the first
 * request after zero waited.  A figure the summary lacks is left out
 * (an older summary, or one written by hand).
 */
static void layout_ic_line(run_ctx *c)
{
	const tt_plot_info *in = &c->r->info;
	const tt_plot_ic *ic = &in->ic;
	layout *L = &c->L;
	char a[TT_FMT_BUF], part[256];
	if (!ic->have)
		return;
	const char *name = strchr(in->resource, '/');
	snprintf(L->ic_line, sizeof L->ic_line,
	         "Inference component%s%s:", name ? " " : "",
	         name ? name + 1 : "");
	if (isfinite(ic->copies_per_instance)) {
		snprintf(part, sizeof part, "%s cop%s per instance",
		         label_num(c, ic->copies_per_instance,
		                   "copies_per_instance", a),
		         ic->copies_per_instance == 1 ? "y" : "ies");
		ic_append(L, part);
	}
	if (isfinite(ic->zero_copies_s)) {
		duration_text(c, ic->zero_copies_s, "zero_copies_s", a,
		              sizeof a);
		snprintf(part, sizeof part, "%s at zero copies", a);
		ic_append(L, part);
	}
	if (isfinite(ic->wake_ups)) {
		snprintf(part, sizeof part, "%s wake-up%s",
		         label_num(c, ic->wake_ups, "wake_ups", a),
		         ic->wake_ups == 1 ? "" : "s");
		ic_append(L, part);
	}
	if (isfinite(ic->no_capacity_failures)) {
		snprintf(part, sizeof part, "%s request%s failed (no copy)",
		         label_num(c, ic->no_capacity_failures,
		                   "no_capacity_failures", a),
		         ic->no_capacity_failures == 1 ? "" : "s");
		ic_append(L, part);
	}
	/* a section without a figure of these: no line of a name alone */
	if (L->ic_line[strlen(L->ic_line) - 1] == ':')
		L->ic_line[0] = '\0';
	layout_cold_line(c, ic);
}

/* Where everything goes: the head, then each panel top to bottom. */
static void layout_run(run_ctx *c)
{
	static const double heights[P_COUNT] = {140, 210, 0, 180, 150, 100};
	layout *L = &c->L;
	layout_notes(c);
	layout_panels(c);
	layout_subtitle(c);
	layout_ic_line(c);
	double first = c->o->inline_html ? 16 : 47; /* the subtitle's line */
	size_t sub_lines = tt_svg_text_wrapped(NULL, 0, 0, L->x1 - L->x0, 12,
	                                       15, NULL, L->sub);
	L->ic_lines = ic_head_lines(L, NULL, 0);
	L->head = first + 15 * (double)(sub_lines - 1) +
	          15 * (double)(L->ic_lines + L->n_notes) + 15;
	L->label_rows = c->tl->wallclock ? 34 : 22;
	double y = L->head;
	for (int k = 0; k < P_COUNT; k++) {
		L->top[k] = -1;
		if ((k == P_LATENCY && !c->tl->latency) ||
		    (k == P_ERRORS && !c->errors_panel) ||
		    (k == P_ALARMS && !c->tl->n_alarms) ||
		    (k == P_METRIC && !c->metric_panel))
			continue;
		L->top[k] = y;
		L->header[k] = tt_panel_header_height(
		        L->title[k], L->sw[k], L->n_sw[k], L->x1 - L->x0);
		/* tall enough for its unit written up the y axis */
		L->body[k] =
		        k == P_ALARMS
		                ? STRIP_ROW_PX * (double)c->tl->n_alarms
		                : fmax(heights[k],
		                       tt_svg_text_width(L->unit[k], 11) + 16);
		y += L->header[k] + L->body[k] + L->label_rows + 14;
	}
	L->height = y + 22;
}

/* ---- the head ---- */

/* The title (not in a page, which has its own), subtitle and notes. */
static void draw_head(run_ctx *c)
{
	const layout *L = &c->L;
	const tt_plot_info *in = &c->r->info;
	double y = 47;
	if (!c->o->inline_html) {
		char title[TT_PLOT_NAME_MAX + 32];
		if (in->have && in->scenario[0])
			snprintf(title, sizeof title, "%s", in->scenario);
		else
			snprintf(title, sizeof title, "ttsim run: %s",
			         c->r->source);
		tt_svg_text(c->f, L->x0, 28,
		            SVG_FONT " font-size=\"18\" font-weight=\"bold\" "
		                     "fill=\"#111\"",
		            title);
	} else {
		y = 16;
	}
	size_t lines = tt_svg_text_wrapped(
	        c->f, L->x0, y, L->x1 - L->x0, 12, 15,
	        SVG_FONT " font-size=\"12\" fill=\"#555\"", L->sub);
	y += 15 * (double)lines;
	y += 15 * (double)ic_head_lines(L, c->f, y);
	for (size_t i = 0; i < L->n_notes; i++)
		tt_svg_text(c->f, L->x0, y + 15 * (double)i,
		            SVG_FONT " font-size=\"11\" font-style=\"italic\" "
		                     "fill=\"#a33\"",
		            L->notes[i]);
}

/* ---- a panel's frame ---- */

static void draw_panel_header(run_ctx *c, int k)
{
	const layout *L = &c->L;
	tt_panel_header_draw(c->f, L->x0, L->top[k], L->x1 - L->x0,
	                     L->header[k], L->title[k], L->sw[k], L->n_sw[k]);
}

/*
 * The y grid of the values' area `v`, the unit and the time grid with
 * its tick labels over the whole panel `p` (v less a lane, or p).
 */
static void draw_panel_axes(run_ctx *c, const tt_panel *v, const tt_panel *p,
                            int k)
{
	tt_panel_y_grid(c->f, v);
	tt_svg_text_up(c->f, 16, (p->y0 + p->y1) / 2,
	               SVG_FONT " font-size=\"11\" fill=\"#333\" "
	                        "class=\"y-unit\"",
	               c->L.unit[k]);
	tt_panel_time_grid(c->f, p, &c->ta, c->ticks, c->n_ticks, true);
}

/*
 * The top of the metric axis.  A few spikes far above the target (a
 * flash crowd against one instance) would flatten everything the policy
 * does around its target, so the axis stops at three times the target or
 * a little above the 99.5th percentile, whichever is higher, and says so
 * (*clipped_at: the peak; NaN when nothing was cut).
 */
static double metric_top(const tt_plot_timeline *tl, double target,
                         double *clipped_at)
{
	return tt_axis_clip_top(&tl->metric, tl->n, target, 3, clipped_at) *
	       1.05;
}

/* The first policy's, whose metric the picture shows; NULL: none known. */
static const tt_plot_policy *first_policy(const tt_plot_run_data *r)
{
	return r->info.have && r->info.n_policies ? &r->info.policies[0] : NULL;
}

/* The first policy's TargetValue, NaN when there is none to draw. */
static double first_target(const tt_plot_run_data *r)
{
	const tt_plot_policy *pol = first_policy(r);
	return pol && pol->has_target ? pol->target : NAN;
}

void tt_plot_run_axes(tt_plot_run_data *r)
{
	r->metric_top =
	        metric_top(&r->tl, first_target(r), &r->metric_clipped_at);
}

/*
 * The highest capacity the run reached or asked for, and the highest
 * min bound (the fleet is kept at or above it).
 */
static double capacity_data_top(const run_ctx *c)
{
	const tt_plot_timeline *tl = c->tl;
	double top = fmax(tt_series_max(&tl->desired, tl->n),
	                  fmax(tt_series_max(&tl->in_service, tl->n),
	                       tt_series_max(&tl->pending, tl->n)));
	if (tl->has_copies)
		top = fmax(top,
		           fmax(tt_series_max(&tl->copies_in_service, tl->n),
		                tt_series_max(&tl->copies_pending, tl->n)));
	for (size_t i = 0; c->r->have_events && i < c->r->ev.n; i++) {
		if (tt_plot_event_attrs_at(&c->r->ev, i)->kind !=
		    TT_PLOT_EV_NOT_SCALED)
			top = fmax(top, tt_plot_col_at(&c->r->ev.to, i));
	}
	if (tl->has_bounds)
		top = fmax(top, tt_series_max(&tl->min_cap, tl->n));
	return top;
}

/*
 * The max bound is on the capacity axis unless it would squeeze what
 * the fleet did into the bottom of the panel (a max of 40 over a run that
 * never passed 8): then it is drawn where it comes down into view, and
 * its legend says how high it is.
 */
static void bounds_setup(run_ctx *c)
{
	const tt_plot_timeline *tl = c->tl;
	if (!tl->has_bounds)
		return;
	double top = capacity_data_top(c);
	double mx = tt_series_max(&tl->max_cap, tl->n);
	char a[TT_FMT_BUF];
	c->max_off_axis = mx > 1.5 * fmax(top, 1);
	if (c->max_off_axis)
		snprintf(c->max_label, sizeof c->max_label,
		         "max capacity (above the axis, up to %s)",
		         label_num(c, mx, "max capacity", a));
	else
		snprintf(c->max_label, sizeof c->max_label, "max capacity");
}

/* The highest value panel k shows. */
static double panel_top(const run_ctx *c, int k, double *clipped_at)
{
	const tt_plot_timeline *tl = c->tl;
	double top = 0;
	*clipped_at = NAN;
	switch (k) {
	case P_LOAD:
		return tt_series_max(&tl->inv, tl->n);
	case P_CAPACITY:
		top = capacity_data_top(c);
		if (tl->has_bounds && !c->max_off_axis)
			top = fmax(top, tt_series_max(&tl->max_cap, tl->n));
		return top * 1.08;
	case P_ALARMS:
		return 1;
	case P_METRIC: /* the run's (tt_plot_run_axes) */
		*clipped_at = c->r->metric_clipped_at;
		return c->r->metric_top;
	case P_LATENCY:
		return fmax(tt_series_max(&tl->p99, tl->n),
		            tt_series_max(&tl->p50, tl->n));
	default:
		return tt_series_max(&tl->errors, tl->n);
	}
}

static void draw_clip_note(run_ctx *c, const tt_panel *p, double clipped_at)
{
	char a[TT_FMT_BUF], b[TT_FMT_BUF], line[160];
	snprintf(line, sizeof line,
	         "axis cut at %s: peaks up to %s drawn at the top",
	         label_num(c, p->y.hi, "axis cut", a),
	         label_num(c, round(clipped_at * 100) / 100, "peak", b));
	tt_svg_text(c->f, p->x1 - 4, p->y0 + 13,
	            SVG_FONT SVG_HALO " font-size=\"11\" font-style=\"italic\" "
	                              "fill=\"#a33\" text-anchor=\"end\" "
	                              "class=\"axis-cut\"",
	            line);
}

/* ---- what the panels show ---- */

/* Rows whose alarm state is ALARM, from their evaluation to the next. */
static void draw_alarm_bands(run_ctx *c, const tt_panel *p,
                             const unsigned char *st, bool above_min,
                             const char *fill)
{
	const tt_plot_timeline *tl = c->tl;
	double min = c->r->info.min_capacity;
	tt_bands bd = {c->f, p, false, 0, 0};
	fprintf(c->f, "<g fill=\"%s\" fill-opacity=\"0.18\">\n", fill);
	for (size_t i = 0; i < tl->n; i++) {
		if (st[i] != TT_PLOT_ALARM)
			continue;
		/* the capacity the alarm was evaluated against: the row
		 * before's, as this row's is the one after its decision */
		double cap = TT_TL(tl, desired, i > 0 ? i - 1 : 0);
		if (above_min && cap <= min)
			continue;
		double a = TT_TL(tl, t, i) + tl->period_s;
		double b = i + 1 < tl->n ? TT_TL(tl, t, i + 1) + tl->period_s
		                         : a + tl->period_s;
		tt_bands_add(&bd, a, b);
	}
	tt_bands_flush(&bd);
	fputs("</g>\n", c->f);
}

/*
 * The target-tracking policy whose cooldown an event's completion
 * starts, NULL for none: a step policy's or a scheduled action's row,
 * or one naming a policy the summary does not have.  A row naming no
 * policy (an older events.csv) is the first policy's.
 */
static const tt_plot_policy *event_policy(const tt_plot_info *in,
                                          const tt_plot_event *e)
{
	if (!in->have || in->n_policies == 0 || e->src != TT_PLOT_SRC_TT ||
	    e->policy == TT_PLOT_POLICY_OTHER)
		return NULL;
	return &in->policies[e->policy >= 0 ? (size_t)e->policy : 0];
}

/* From each completed activity to the end of its cooldown. */
static void draw_cooldowns(run_ctx *c, const tt_panel *p, int dir,
                           const char *fill)
{
	const tt_plot_events *ev = &c->r->ev;
	tt_bands bd = {c->f, p, false, 0, 0};
	fprintf(c->f, "<g fill=\"%s\" fill-opacity=\"0.14\">\n", fill);
	for (size_t i = 0; i < ev->n; i++) {
		const tt_plot_event_attrs *a = tt_plot_event_attrs_at(ev, i);
		if (a->kind != TT_PLOT_EV_DONE || a->dir != dir)
			continue;
		tt_plot_event row = tt_plot_event_at(ev, i);
		const tt_plot_event *e = &row;
		const tt_plot_policy *pi = event_policy(&c->r->info, e);
		if (!pi)
			continue;
		double cd = dir > 0 ? pi->out_cooldown_s : pi->in_cooldown_s;
		if (cd > 0)
			tt_bands_add(&bd, e->t, e->t + cd);
	}
	tt_bands_flush(&bd);
	fputs("</g>\n", c->f);
}

static void put_marker(FILE *f, bool circle, int dir, double x, double y,
                       bool *any, const char *attrs)
{
	if (!*any) {
		fprintf(f, circle ? "<g %s>\n" : "<path %s d=\"", attrs);
		*any = true;
	}
	if (circle) {
		fputs("<circle cx=\"", f);
		tt_svg_px(f, x);
		fputs("\" cy=\"", f);
		tt_svg_px(f, y);
		fputs("\" r=\"4\"/>\n", f);
		return;
	}
	fputc('M', f);
	tt_svg_px(f, x);
	fputc(' ', f);
	tt_svg_px(f, dir > 0 ? y - 5 : y + 5);
	fputs(dir > 0 ? "l4.5 8h-9z" : "l4.5 -8h-9z", f);
}

/*
 * Markers of one kind and direction as one path (or group of circles).
 * Events are binned by `bin_px` pixels of time; a bin shows one marker,
 * at its most extreme capacity (the highest for a scale-out, the lowest
 * for a scale-in), so a dense run keeps its peaks and stays small.
 */
static void draw_markers(run_ctx *c, const tt_panel *p, int kind, int dir,
                         double bin_px, const char *attrs)
{
	const tt_plot_events *ev = &c->r->ev;
	bool circle = kind == TT_PLOT_EV_DONE, any = false;
	long bin = 0;
	bool have_bin = false;
	double bx = 0, bto = 0;
	for (size_t i = 0; i < ev->n; i++) {
		const tt_plot_event_attrs *a = tt_plot_event_attrs_at(ev, i);
		if (a->kind != kind || a->dir != dir)
			continue;
		tt_plot_event row = tt_plot_event_at(ev, i);
		const tt_plot_event *e = &row;
		/* a start from a step policy or a scheduled action has its
		 * own titled mark; every completion is a circle */
		if (e->kind != kind || e->dir != dir || e->t < p->t0 ||
		    e->t > p->t1 || (!circle && e->src != TT_PLOT_SRC_TT))
			continue;
		double x = tt_panel_x(p, e->t);
		long b = (long)floor((x - p->x0) / bin_px);
		if (have_bin && b == bin) {
			if (dir > 0 ? e->to > bto : e->to < bto)
				bto = e->to;
			continue;
		}
		if (have_bin)
			put_marker(c->f, circle, dir, bx, tt_panel_y(p, bto),
			           &any, attrs);
		have_bin = true;
		bin = b;
		bx = x;
		bto = e->to;
	}
	if (have_bin)
		put_marker(c->f, circle, dir, bx, tt_panel_y(p, bto), &any,
		           attrs);
	if (any)
		fputs(circle ? "</g>\n" : "\"/>\n", c->f);
}

/* NotScaled decisions: faint ticks along the bottom, one per pixel. */
static void draw_not_scaled(run_ctx *c, const tt_panel *p)
{
	const tt_plot_events *ev = &c->r->ev;
	long lx = 0;
	bool any = false;
	for (size_t i = 0; i < ev->n; i++) {
		const tt_plot_event_attrs *a = tt_plot_event_attrs_at(ev, i);
		/* a scheduled action's other rows are its diamonds */
		if (a->kind != TT_PLOT_EV_NOT_SCALED ||
		    a->src == TT_PLOT_SRC_SCHEDULED)
			continue;
		double t = tt_plot_col_at(&ev->t, i);
		if (t < p->t0 || t > p->t1)
			continue;
		double x = tt_panel_x(p, t);
		long rx = lround(x);
		if (any && rx == lx)
			continue;
		lx = rx;
		if (!any)
			fputs("<path stroke=\"#888\" stroke-opacity=\"0.6\" "
			      "d=\"",
			      c->f);
		any = true;
		fputc('M', c->f);
		tt_svg_px(c->f, x);
		fputc(' ', c->f);
		tt_svg_px(c->f, p->y1);
		fputs("v-7", c->f);
	}
	if (any)
		fputs("\"/>\n", c->f);
}

/* The text of a tooltip, escaped, as an element's <title>. */
static void put_title(FILE *f, const char *text)
{
	fputs("<title>", f);
	tt_svg_esc(f, text);
	fputs("</title>", f);
}

/*
 * A step policy's scaling activities: the triangles of target tracking's,
 * each its own element so its tooltip can name the policy and the alarm
 * that invoked it.  Binned as draw_markers does: one per bin, the most
 * extreme, named.
 */
static void draw_step_markers(run_ctx *c, const tt_panel *p, int dir,
                              double bin_px)
{
	const tt_plot_events *ev = &c->r->ev;
	tt_plot_event row, best_row;
	const tt_plot_event *best = NULL;
	long bin = 0;
	for (size_t i = 0; i <= ev->n; i++) {
		const tt_plot_event *e = NULL;
		if (i < ev->n) {
			const tt_plot_event_attrs *a =
			        tt_plot_event_attrs_at(ev, i);
			if (a->kind != TT_PLOT_EV_START ||
			    a->src != TT_PLOT_SRC_STEP || a->dir != dir)
				continue;
			row = tt_plot_event_at(ev, i);
			e = &row;
		}
		if (e && (e->kind != TT_PLOT_EV_START ||
		          e->src != TT_PLOT_SRC_STEP || e->dir != dir ||
		          e->t < p->t0 || e->t > p->t1))
			continue;
		long b = e ? (long)floor((tt_panel_x(p, e->t) - p->x0) / bin_px)
		           : 0;
		if (e && best && b == bin) {
			if (dir > 0 ? e->to > best->to : e->to < best->to)
				best_row = *e;
			continue;
		}
		if (best) {
			char a[TT_FMT_BUF], z[TT_FMT_BUF], text[400];
			double x = tt_panel_x(p, best->t);
			double y = tt_panel_y(p, best->to);
			snprintf(text, sizeof text,
			         "step policy %s, alarm %s: %s to %s",
			         tt_plot_event_name(ev, best->name),
			         tt_plot_event_name(ev, best->alarm),
			         label_num(c, best->from, "from", a),
			         label_num(c, best->to, "to", z));
			fprintf(c->f, "<path class=\"%s\" fill=\"%s\" d=\"M",
			        dir > 0 ? "step-out" : "step-in",
			        dir > 0 ? C_DARKRED : C_DARKGREEN);
			tt_svg_px(c->f, x);
			fputc(' ', c->f);
			tt_svg_px(c->f, dir > 0 ? y - 5 : y + 5);
			fputs(dir > 0 ? "l4.5 8h-9z\">" : "l4.5 -8h-9z\">",
			      c->f);
			put_title(c->f, text);
			fputs("</path>\n", c->f);
		}
		if (e) {
			best_row = *e;
			best = &best_row;
		} else {
			best = NULL;
		}
		bin = b;
	}
}

/* What a scheduled action's row says, for its tooltip. */
static void scheduled_text(run_ctx *c, const tt_plot_event *e, char *buf,
                           size_t size)
{
	const tt_plot_events *ev = &c->r->ev;
	const char *reason = tt_plot_event_name(ev, e->reason);
	char a[TT_FMT_BUF], z[TT_FMT_BUF];
	const char *what =
	        e->kind == TT_PLOT_EV_START ? "moves the capacity"
	        : !strcmp(reason, "Waiting")
	                ? "changed the bounds; the capacity change waits "
	                  "for the activity in progress"
	        : !strcmp(reason, "TargetServicePutResourceAsUnscalable")
	                ? "changed the bounds; the capacity change was "
	                  "dropped (an activity was in progress)"
	        : !strcmp(reason, "MinCapacityAboveMaxCapacity")
	                ? "failed: its MinCapacity is above the max in "
	                  "force, or its MaxCapacity below the min"
	                : "ran";
	snprintf(buf, size, "scheduled action %s: %s (%s), %s to %s",
	         tt_plot_event_name(ev, e->name), what, reason,
	         label_num(c, e->from, "from", a),
	         label_num(c, e->to, "to", z));
}

/*
 * A scheduled action's runs that wrote a row: a diamond at the capacity
 * it asked for, filled when it started an activity, hollow when it
 * waited, was dropped or failed; its completion is an ordinary circle.
 * A run that only moved the bounds wrote no row: the bound lines show
 * it.  At most one diamond of each kind per pixel column.
 */
static void draw_scheduled(run_ctx *c, const tt_panel *p)
{
	const tt_plot_events *ev = &c->r->ev;
	long last[2] = {LONG_MIN, LONG_MIN};
	for (size_t i = 0; i < ev->n; i++) {
		if (tt_plot_event_attrs_at(ev, i)->src != TT_PLOT_SRC_SCHEDULED)
			continue;
		tt_plot_event row = tt_plot_event_at(ev, i);
		const tt_plot_event *e = &row;
		if (e->src != TT_PLOT_SRC_SCHEDULED ||
		    e->kind == TT_PLOT_EV_DONE || e->t < p->t0 || e->t > p->t1)
			continue;
		bool filled = e->kind == TT_PLOT_EV_START;
		double x = tt_panel_x(p, e->t);
		if (lround(x) == last[filled])
			continue;
		last[filled] = lround(x);
		char text[400];
		scheduled_text(c, e, text, sizeof text);
		fprintf(c->f,
		        "<path class=\"scheduled\" fill=\"%s\" "
		        "stroke=\"" C_PURPLE "\" stroke-width=\"1.4\" d=\"",
		        filled ? C_PURPLE : "#ffffff");
		tt_svg_diamond_d(c->f, x, tt_panel_y(p, e->to), 5);
		fputs("\">", c->f);
		put_title(c->f, text);
		fputs("</path>\n", c->f);
	}
}

static void draw_activities(run_ctx *c, const tt_panel *p)
{
	double bin = c->dense ? 6 : 1;
	draw_not_scaled(c, p);
	if (!c->dense) {
		draw_markers(c, p, TT_PLOT_EV_DONE, 1, bin,
		             "fill=\"none\" stroke=\"" C_DARKRED
		             "\" stroke-width=\"1.5\" class=\"completed-out\"");
		draw_markers(c, p, TT_PLOT_EV_DONE, -1, bin,
		             "fill=\"none\" stroke=\"" C_DARKGREEN
		             "\" stroke-width=\"1.5\" class=\"completed-in\"");
	}
	draw_markers(c, p, TT_PLOT_EV_START, 1, bin,
	             "fill=\"" C_DARKRED "\" class=\"scale-out\"");
	draw_markers(c, p, TT_PLOT_EV_START, -1, bin,
	             "fill=\"" C_DARKGREEN "\" class=\"scale-in\"");
	draw_step_markers(c, p, 1, bin);
	draw_step_markers(c, p, -1, bin);
	draw_scheduled(c, p);
}

/*
 * The bounds in force, as steps like the capacity's (a row's bounds hold
 * from the end of its period); the max, when it is above the axis, only
 * where it comes into view.
 */
static void draw_bounds(run_ctx *c, const tt_panel *p)
{
	const tt_plot_timeline *tl = c->tl;
	double end = tl->period_s;
	tt_svg_series(c->f, p, &tl->t, &tl->min_cap, tl->n, end, true,
	              "stroke=\"" C_PURPLE "\" stroke-width=\"1.4\" "
	              "class=\"bound-min\"");
	double *mx = malloc(tl->n * sizeof *mx);
	if (!mx)
		return; /* the picture, less one line, rather than nothing */
	for (size_t i = 0; i < tl->n; i++)
		mx[i] = TT_TL(tl, max_cap, i) > p->y.hi ? NAN
		                                        : TT_TL(tl, max_cap, i);
	tt_svg_series(c->f, p, &tl->t, TT_PLOT_DOUBLES(mx), tl->n, end, true,
	              "stroke=\"" C_PURPLE "\" stroke-width=\"1.4\" "
	              "stroke-dasharray=\"7 3\" class=\"bound-max\"");
	free(mx);
}

/*
 * An inference component's copies and instances.  The instances go
 * first, wide and pale, so that the copies drawn over them stay whole
 * where the two are equal (a copy per instance) and both show.
 */
static void draw_copies(run_ctx *c, const tt_panel *p)
{
	const tt_plot_timeline *tl = c->tl;
	double end = tl->period_s;
	tt_svg_series(c->f, p, &tl->t, &tl->in_service, tl->n, end, true,
	              "stroke=\"" C_BROWN "\" " SW_WIDE_ATTRS
	              " class=\"series-instances\"");
	tt_svg_series(c->f, p, &tl->t, &tl->copies_pending, tl->n, end, true,
	              "stroke=\"" C_ORANGE "\" stroke-width=\"1.5\" "
	              "stroke-dasharray=\"2 2\" "
	              "class=\"series-copies-pending\"");
	tt_svg_series(c->f, p, &tl->t, &tl->copies_in_service, tl->n, end, true,
	              "stroke=\"" C_BLUE "\" stroke-width=\"2.2\" "
	              "class=\"series-copies-in-service\"");
}

static void draw_capacity(run_ctx *c, const tt_panel *p)
{
	const tt_plot_timeline *tl = c->tl;
	double end = tl->period_s;
	if (tl->has_bounds)
		draw_bounds(c, p);
	if (tl->has_copies) {
		draw_copies(c, p);
	} else {
		tt_svg_series(c->f, p, &tl->t, &tl->pending, tl->n, end, true,
		              "stroke=\"" C_ORANGE "\" stroke-width=\"1.5\" "
		              "stroke-dasharray=\"2 2\" "
		              "class=\"series-pending\"");
		tt_svg_series(c->f, p, &tl->t, &tl->in_service, tl->n, end,
		              true,
		              "stroke=\"" C_BLUE "\" stroke-width=\"2.2\" "
		              "class=\"series-in-service\"");
	}
	tt_svg_series(c->f, p, &tl->t, &tl->desired, tl->n, end, true,
	              "stroke=\"" C_RED "\" stroke-width=\"1.5\" "
	              "stroke-dasharray=\"5 3\" class=\"series-desired\"");
	if (c->r->have_events)
		draw_activities(c, p);
}

/* A label's box: its baseline less the font's ascent, plus descent. */
static bool label_clear(const tt_panel *p, double base, const double *lines,
                        size_t n_lines, const double *taken, size_t n_taken)
{
	double top = base - 10, bottom = base + 3;
	if (top < p->y0 || bottom > p->y1)
		return false;
	for (size_t i = 0; i < n_lines; i++)
		if (lines[i] >= top - 1 && lines[i] <= bottom + 1)
			return false;
	for (size_t i = 0; i < n_taken; i++)
		if (!(bottom < taken[i] - 10 || top > taken[i] + 3))
			return false;
	return true;
}

/* The first baseline of `cand` whose box is clear, else the first. */
static double label_place(const tt_panel *p, const double *cand, size_t n,
                          const double *lines, const double *taken,
                          size_t n_taken)
{
	for (size_t i = 0; i < n; i++)
		if (label_clear(p, cand[i], lines, 2, taken, n_taken))
			return cand[i];
	return cand[0];
}

/*
 * The TargetValue and scale-in threshold lines and their labels.  The
 * rule for the labels: each at the right end, never across either line
 * (nor the axis-cut note): the target's above its line, else below; the
 * threshold's below its line, else above it, else stacked above the
 * target's label (the legend's dashed swatch then ties it to its line).
 */
static void draw_targets(run_ctx *c, const tt_panel *p, bool clipped)
{
	double yt = tt_panel_y(p, c->pol->target);
	double yl = tt_panel_y(p, c->threshold);
	tt_svg_line(c->f, p->x0, yt, p->x1, yt,
	            "stroke=\"" C_DARKRED "\" stroke-width=\"1.5\" "
	            "class=\"target-line\"");
	tt_svg_line(c->f, p->x0, yl, p->x1, yl,
	            "stroke=\"" C_DARKGREEN "\" stroke-width=\"1.5\" "
	            "stroke-dasharray=\"6 4\" class=\"scale-in-line\"");
	double lines[2] = {yt, yl};
	double taken[3] = {
	        0}; /* GCC -O3 cannot tell they are set before read */
	size_t n_taken = 0;
	if (clipped)
		taken[n_taken++] = p->y0 + 13;
	double tc[] = {yt - 5, yt + 14};
	double ty = label_place(p, tc, 2, lines, taken, n_taken);
	taken[n_taken++] = ty;
	double lc[] = {yl + 14, yl - 5, ty - 15, ty + 15, ty - 30};
	double ly = label_place(p, lc, 5, lines, taken, n_taken);
	tt_svg_text(c->f, p->x1 - 4, ty,
	            SVG_FONT SVG_HALO " font-size=\"11\" fill=\"" C_DARKRED
	                              "\" text-anchor=\"end\" "
	                              "class=\"target-label\"",
	            c->target_label);
	tt_svg_text(c->f, p->x1 - 4, ly,
	            SVG_FONT SVG_HALO " font-size=\"11\" fill=\"" C_DARKGREEN
	                              "\" text-anchor=\"end\" "
	                              "class=\"scale-in-label\"",
	            c->low_label);
}

/* The series of panel k, over its grid. */
static void draw_panel_series(run_ctx *c, const tt_panel *p, int k,
                              bool clipped)
{
	const tt_plot_timeline *tl = c->tl;
	double mid = tl->period_s / 2;
	switch (k) {
	case P_LOAD:
		tt_svg_series(c->f, p, &tl->t, &tl->inv, tl->n, mid, false,
		              "stroke=\"" C_BLUE "\" stroke-width=\"1.2\" "
		              "class=\"series-invocations\"");
		break;
	case P_CAPACITY:
		draw_capacity(c, p);
		break;
	case P_METRIC:
		tt_svg_series(c->f, p, &tl->t, &tl->metric, tl->n, mid, false,
		              "stroke=\"" C_BLUE "\" stroke-width=\"1.2\" "
		              "class=\"series-metric\"");
		if (c->targets)
			draw_targets(c, p, clipped);
		break;
	case P_LATENCY:
		tt_svg_series(c->f, p, &tl->t, &tl->p50, tl->n, mid, false,
		              "stroke=\"" C_BLUE "\" stroke-width=\"1.2\" "
		              "class=\"series-p50\"");
		tt_svg_series(c->f, p, &tl->t, &tl->p99, tl->n, mid, false,
		              "stroke=\"" C_RED "\" stroke-width=\"1.2\" "
		              "class=\"series-p99\"");
		break;
	case P_ERRORS:
		tt_svg_series(c->f, p, &tl->t, &tl->errors, tl->n, mid, false,
		              "stroke=\"" C_RED "\" stroke-width=\"1.2\" "
		              "class=\"series-errors\"");
		break;
	}
}

/*
 * One user alarm's states along the time axis, in the strip `s`: a
 * row's state holds from the end of its period (the evaluation) to the
 * end of the next, and every alarm starts INSUFFICIENT_DATA.
 */
static void draw_alarm_strip(run_ctx *c, const tt_panel *s, size_t k)
{
	static const char *const fill[3] = {C_PALEGREEN, C_RED, C_PALEGREY};
	static const char *const word[3] = {"OK", "ALARM", "INSUFFICIENT_DATA"};
	const tt_plot_timeline *tl = c->tl;
	const unsigned char *st = tl->alarm_st[k];
	char text[TT_PLOT_NAME_MAX + 40];
	for (int state = 0; state < 3; state++) {
		tt_bands bd = {c->f, s, false, 0, 0};
		fprintf(c->f, "<g fill=\"%s\" class=\"alarm-%s\">", fill[state],
		        word[state]);
		snprintf(text, sizeof text, "%s: %s", tl->alarm_name[k],
		         word[state]);
		put_title(c->f, text);
		fputc('\n', c->f);
		if (state == TT_PLOT_INSUFFICIENT)
			tt_bands_add(&bd, c->t0, c->t0 + tl->period_s);
		for (size_t i = 0; i < tl->n; i++)
			if (st[i] == state)
				tt_bands_add(
				        &bd, TT_TL(tl, t, i) + tl->period_s,
				        i + 1 < tl->n ? TT_TL(tl, t, i + 1) +
				                                tl->period_s
				                      : c->t1);
		tt_bands_flush(&bd);
		fputs("</g>\n", c->f);
	}
	tt_svg_rect(c->f, s->x0, s->y0, s->x1 - s->x0, s->y1 - s->y0,
	            "fill=\"none\" stroke=\"#999\" stroke-width=\"0.6\"");
}

/* The alarms' panel: each user alarm's name over its state strip. */
static void draw_alarms_panel(run_ctx *c, const tt_panel *p)
{
	tt_panel_time_grid(c->f, p, &c->ta, c->ticks, c->n_ticks, true);
	draw_panel_header(c, P_ALARMS);
	for (size_t k = 0; k < c->tl->n_alarms; k++) {
		double top = p->y0 + STRIP_ROW_PX * (double)k;
		tt_panel s = *p;
		s.y0 = top + STRIP_TOP_PX;
		s.y1 = s.y0 + STRIP_H_PX;
		tt_svg_text(c->f, p->x0 + 2, top + STRIP_NAME_PX,
		            SVG_FONT SVG_HALO " font-size=\"11\" fill=\"#333\" "
		                              "class=\"alarm-name\"",
		            c->tl->alarm_name[k]);
		draw_alarm_strip(c, &s, k);
	}
}

/*
 * The periods in which requests failed because no copy served, as red
 * bars in the lane between the values' area `v` and the bottom of the
 * panel `p`: a bar spans its period (the failures are counted over it),
 * neighbours merge, and the tooltip says how many failed in all.
 */
static void draw_no_capacity(run_ctx *c, const tt_panel *v, const tt_panel *p)
{
	const tt_plot_timeline *tl = c->tl;
	tt_panel lane = *p;
	lane.y0 = v->y1 + 3;
	lane.y1 = p->y1 - 1;
	double total = 0;
	size_t periods = 0;
	for (size_t i = 0; i < tl->n; i++)
		if (TT_TL(tl, no_capacity, i) > 0) {
			total += TT_TL(tl, no_capacity, i);
			periods++;
		}
	if (periods == 0)
		return;
	char a[TT_FMT_BUF], b[TT_FMT_BUF], text[160];
	tt_fmt_uint(periods, b);
	snprintf(text, sizeof text,
	         "requests failed (no copy serving): %s in %s period%s",
	         label_num(c, round(total * 100) / 100, "no_capacity", a), b,
	         periods == 1 ? "" : "s");
	fputs("<g fill=\"" C_RED "\" class=\"no-capacity\">", c->f);
	put_title(c->f, text);
	fputc('\n', c->f);
	tt_bands bd = {c->f, &lane, false, 0, 0};
	for (size_t i = 0; i < tl->n; i++)
		if (TT_TL(tl, no_capacity, i) > 0)
			tt_bands_add(&bd, TT_TL(tl, t, i),
			             TT_TL(tl, t, i) + tl->period_s);
	tt_bands_flush(&bd);
	fputs("</g>\n", c->f);
}

/* Panel k's background: the cooldown windows, or the alarms' periods. */
static void draw_panel_shading(run_ctx *c, const tt_panel *v, int k)
{
	if (k == P_CAPACITY && c->r->have_events && c->r->info.have) {
		draw_cooldowns(c, v, 1, C_ORANGE);
		draw_cooldowns(c, v, -1, C_GREEN);
	}
	if (k == P_METRIC) {
		draw_alarm_bands(c, v, c->tl->ah, false, C_RED);
		draw_alarm_bands(c, v, c->tl->al, true, C_GREEN);
	}
}

/*
 * Panel k: its shading, grid, header, series and frame.  An inference
 * component's capacity keeps a lane at the bottom for its failed
 * requests: the values' area `v` ends above it, so zero is a line of
 * its own, clear of the frame.
 */
static void draw_panel(run_ctx *c, int k)
{
	const layout *L = &c->L;
	tt_panel p = {.x0 = L->x0,
	              .x1 = L->x1,
	              .y0 = L->top[k] + L->header[k],
	              .y1 = L->top[k] + L->header[k] + L->body[k],
	              .t0 = c->t0,
	              .t1 = c->t1};
	double clipped_at;
	double top = panel_top(c, k, &clipped_at);
	p.y = tt_axis_nice(0, top, k == P_CAPACITY ? 6 : 4,
	                   k == P_CAPACITY || k == P_ERRORS || k == P_LOAD);
	bool lane = k == P_CAPACITY && c->tl->has_copies;
	tt_panel v = p;
	v.y1 -= lane ? LANE_PX : 0;
	fprintf(c->f, "<g id=\"panel-%s\">\n", panel_ids[k]);
	if (k == P_ALARMS) {
		draw_alarms_panel(c, &p);
		fputs("</g>\n", c->f);
		return;
	}
	draw_panel_shading(c, &v, k);
	draw_panel_axes(c, &v, &p, k);
	if (!isnan(clipped_at))
		draw_clip_note(c, &v, clipped_at);
	draw_panel_header(c, k);
	draw_panel_series(c, &v, k, !isnan(clipped_at));
	if (lane)
		draw_no_capacity(c, &v, &p);
	tt_panel_frame(c->f, &p);
	fputs("</g>\n", c->f);
}

/* The labels of the first policy's lines, and the threshold's value. */
static void target_labels(run_ctx *c)
{
	if (!c->targets)
		return;
	char a[TT_FMT_BUF], b[TT_FMT_BUF];
	const tt_plot_info *in = &c->r->info;
	if (in->hpa) {
		/* below (1 - tolerance) x target an HPA scales in */
		c->threshold = c->pol->target * (1 - in->hpa_tolerance);
		snprintf(c->target_label, sizeof c->target_label, "target %s",
		         label_num(c, c->pol->target, "target", a));
		snprintf(c->low_label, sizeof c->low_label,
		         "tolerance %s (1 - %s of the target)",
		         label_num(c, c->threshold, "tolerance", a),
		         label_num(c, in->hpa_tolerance, "hpa_tolerance", b));
		return;
	}
	c->threshold = tt_scale_in_threshold(c->pol->target, in->low_ratio);
	snprintf(c->target_label, sizeof c->target_label, "TargetValue %s",
	         label_num(c, c->pol->target, "TargetValue", a));
	snprintf(c->low_label, sizeof c->low_label,
	         "scale-in threshold %s (%s x target)",
	         label_num(c, c->threshold, "scale-in threshold", a),
	         label_num(c, in->low_ratio, "low_ratio", b));
}

/*
 * Draw `r` as SVG on `out`, `o` already defaulted.  Fails only when a
 * label's number cannot be written (TT_EINVAL).
 */
static tt_code draw_run(const tt_plot_run_data *r, const tt_plot_opts *o,
                        FILE *out, tt_diag *d)
{
	run_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return tt_diag_nomem(d, (tt_loc){0});
	const tt_plot_timeline *tl = &r->tl;
	c->f = out;
	c->r = r;
	c->tl = tl;
	c->o = o;
	c->d = d;
	c->pol = first_policy(r);
	c->targets = c->pol && c->pol->has_target;
	c->errors_panel =
	        tl->has_errors && tt_series_max(&tl->errors, tl->n) > 0;
	c->L.width = o->width_px;
	c->L.x0 = 72;
	c->L.x1 = c->L.width - 28;
	c->t0 = TT_TL(tl, t, 0);
	c->t1 = TT_TL(tl, t, tl->n - 1) + tl->period_s;
	label_num(c, tl->period_s, "period", c->per);
	target_labels(c);
	bounds_setup(c);
	c->metric_panel = !r->info.have || r->info.n_policies > 0 ||
	                  tt_series_any(&tl->metric, tl->n);
	c->ta = tt_taxis_make(tl->wallclock, tl->origin_unix_s, c->t0, c->t1);
	c->n_ticks = tt_taxis_ticks(&c->ta, c->t0, c->t1, c->ticks, 64);
	layout_run(c);
	tt_svg_open(c->f, c->L.width, c->L.height, c->o->inline_html);
	draw_head(c);
	int last = 0;
	for (int k = 0; k < P_COUNT; k++)
		if (c->L.top[k] >= 0) {
			draw_panel(c, k);
			last = k;
		}
	/* the time axis's title under the last panel */
	tt_svg_text(out, (c->L.x0 + c->L.x1) / 2,
	            c->L.top[last] + c->L.header[last] + c->L.body[last] +
	                    c->L.label_rows + 14,
	            SVG_FONT " font-size=\"12\" fill=\"#333\" "
	                     "text-anchor=\"middle\"",
	            c->ta.title);
	fputs("</svg>\n", out);
	tt_code rc = c->rc;
	free(c);
	return rc;
}

static tt_plot_opts opts_or_default(const tt_plot_opts *opts)
{
	tt_plot_opts o = {0};
	if (opts)
		o = *opts;
	if (o.width_px == 0)
		o.width_px = 1200;
	o.width_px = o.width_px < 480 ? 480 : o.width_px;
	o.width_px = o.width_px > 4000 ? 4000 : o.width_px;
	return o;
}

tt_code tt_plot_run_data_draw(const tt_plot_run_data *r,
                              const tt_plot_opts *opts, FILE *out, tt_diag *d)
{
	tt_plot_opts o = opts_or_default(opts);
	return draw_run(r, &o, out, d);
}

tt_code tt_plot_run_opts(const char *timeline_csv, const char *events_csv,
                         const char *summary_json, const tt_plot_opts *opts,
                         FILE *out, tt_diag *d)
{
	tt_plot_run_data *r = calloc(1, sizeof *r);
	if (!r)
		return tt_diag_nomem(d, (tt_loc){0});
	tt_code rc =
	        tt_plot_run_load(timeline_csv, events_csv, summary_json, r, d);
	if (!rc)
		rc = tt_plot_run_data_draw(r, opts, out, d);
	tt_plot_run_data_free(r);
	return rc;
}

tt_code tt_plot_run(const char *timeline_csv, const char *events_csv,
                    const char *summary_json, FILE *out, tt_diag *d)
{
	return tt_plot_run_opts(timeline_csv, events_csv, summary_json, NULL,
	                        out, d);
}
