/*
 * plot_compare.c - compare.svg: one workload, several setups, one picture.
 *
 * Panels on one time axis: the load once (every setup replayed the same,
 * compare_workload.c made sure), each setup's capacity in service as a
 * step line in its own colour, and each setup's first metric against its
 * own TargetValue.  The legend of the capacity says what a person asks
 * first: each setup's cost and minutes over target.
 *
 * Capacity lines that coincide (every setup at its minimum overnight)
 * would hide each other, so the first setup's line is the widest and each
 * next one narrower: where they agree, every colour still shows as a
 * stripe.  Metrics are noisy and would not survive being drawn over each
 * other, so the metric panel is a strip per setup, one above the other
 * on one time axis: its metric in its colour, its TargetValue dashed.
 * When every strip shows the same metric they share one scale (a lower
 * target reads as a lower line); with different metrics
 * (InvocationsPerInstance against CPUUtilization) each strip has its own
 * scale and names its unit.  A setup whose timeline has no datapoint (a
 * Kubernetes HPA, which has no target-tracking policy) gets no strip, and
 * a note says so.
 *
 * Series go through tt_svg_series, which reduces a long run to each
 * pixel column's first, lowest, highest and last value, as a run's
 * picture does (plot_svg.c); the axes, legends and grids are plot_svg.c's
 * and plot_axes.c's too.  Same runs, same bytes.
 */
#include "ttsim/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hpa_config.h"
#include "metric_math.h"
#include "plot_svg.h"
#include "ttsim/fmt.h"
#include "ttsim/policy.h"

enum { P_LOAD, P_CAPACITY, P_METRIC, P_COUNT };

static const char *const panel_ids[P_COUNT] = {"load", "capacity", "metric"};

#define MAX_SETUPS TT_COMPARE_MAX_SETUPS
#define LABEL_MAX 240
/* a metric strip: its label's row, then its values; a gap between */
#define STRIP_LABEL_PX 17
#define STRIP_GAP_PX 8

/* Tableau 10, the palette the other pictures take their colours from. */
static const char *const colours[MAX_SETUPS] = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

const char *tt_compare_colour(size_t i)
{
	return colours[i % MAX_SETUPS];
}

/* Drawing one comparison: the runs, the choices and the layout. */
typedef struct cmp_ctx {
	FILE *f;
	const tt_compare *c;
	const tt_plot_opts *o;
	tt_diag *d;
	tt_code rc; /* the first label that could not be written */
	double width, height, x0, x1;
	double t0, t1;
	tt_taxis ta;
	double ticks[64];
	size_t n_ticks;
	char title[300], sub[600];
	char notes[4][400];
	size_t n_notes;
	double head, label_rows;
	double top[P_COUNT], header[P_COUNT], body[P_COUNT];
	char ptitle[P_COUNT][200], unit[P_COUNT][120];
	char labels[P_COUNT][MAX_SETUPS + 1][LABEL_MAX];
	tt_swatch sw[P_COUNT][MAX_SETUPS + 1];
	size_t n_sw[P_COUNT];
	/* the metric panel: a strip per setup with a datapoint */
	bool shown[MAX_SETUPS];
	size_t n_shown;
	bool shared; /* every strip the same metric: one scale, one unit */
	double strip_px;
	char strip_label[MAX_SETUPS][LABEL_MAX];
} cmp_ctx;

/* A number for a label (tt_plot_label_num): the first one refused
 * discards the picture (the runs' figures are finite, so none should). */
static const char *label_num(cmp_ctx *c, double v, const char *what,
                             char buf[TT_FMT_BUF])
{
	return tt_plot_label_num(&c->rc, c->d, "compare.svg", v, what, buf);
}

/* ---- the metric ---- */

/*
 * What a setup's strip is measured against: its first target-tracking
 * policy's metric and TargetValue, or its HPA's first metric and target
 * (the timeline's metric column, docs/outputs.md).  has false: neither.
 */
typedef struct setup_target {
	bool has;
	const char *metric; /* as summary.json names it */
	double target;
	const char *word;   /* "TargetValue" or "target" */
	const tt_policy *p; /* NULL for an HPA */
} setup_target;

static setup_target target_of(const tt_compare_run *r)
{
	const tt_scenario *s = r->s;
	if (!tt_compare_has_target(s))
		return (setup_target){0};
	if (s->n_policies > 0) {
		const tt_policy *p = &s->policies[0];
		return (setup_target){true, tt_policy_metric_label(p),
		                      p->target_value, "TargetValue", p};
	}
	const tt_hpa_metric *m = &s->hpa->metrics[0];
	return (setup_target){true, m->name, m->target, "target", NULL};
}

/*
 * The metric's unit: a target-tracking metric's as the run's picture
 * says it (tt_plot_metric_unit); an HPA's cpu utilization in % of its
 * request, its other metrics per pod or in all.
 */
static void metric_unit(const tt_compare_run *r, char *buf, size_t size)
{
	setup_target st = target_of(r);
	if (!st.p) {
		const tt_hpa_metric *m = &r->s->hpa->metrics[0];
		snprintf(buf, size, "%s",
		         m->target_type == TT_HPA_UTILIZATION ? "% of request"
		         : m->type == TT_HPA_PODS || m->type == TT_HPA_RESOURCE
		                 ? "per pod"
		                 : "in all");
		return;
	}
	tt_plot_metric_unit(st.metric,
	                    tt_policy_period_us(st.p) == 60 * TT_US_PER_S
	                            ? "minute"
	                            : "period",
	                    buf, size);
}

/*
 * Which setups get a strip (a datapoint in their timeline), and whether
 * every strip shows the same metric, so one scale and one unit serve all.
 */
static void choose_strips(cmp_ctx *c)
{
	const char *first = NULL;
	c->shared = true;
	for (size_t i = 0; i < c->c->n; i++) {
		const tt_compare_run *r = &c->c->runs[i];
		setup_target st = target_of(r);
		c->shown[i] =
		        tt_series_any(TT_PLOT_DOUBLES(r->tl.metric), r->tl.n);
		if (!c->shown[i])
			continue;
		c->n_shown++;
		/* one scale only for one metric of one controller's kind */
		if (!st.has ||
		    (first && (strcmp(first, st.metric) != 0 ||
		               !st.p != !target_of(&c->c->runs[0]).p)))
			c->shared = false;
		else if (!first)
			first = st.metric;
	}
	c->strip_px = c->n_shown <= 3 ? 110 : 80;
}

/* ---- layout ---- */

static void add_swatch(cmp_ctx *c, int k, int kind, const char *colour,
                       const char *dash, const char *label)
{
	size_t i = c->n_sw[k]++;
	snprintf(c->labels[k][i], LABEL_MAX, "%s", label);
	c->sw[k][i] = (tt_swatch){kind, colour, dash, c->labels[k][i]};
}

static void add_note(cmp_ctx *c, const char *text)
{
	if (c->n_notes < sizeof c->notes / sizeof c->notes[0])
		snprintf(c->notes[c->n_notes++], sizeof c->notes[0], "%s",
		         text);
}

/* "NAME: cost 24.17, 44 min over target" for each setup. */
static void layout_capacity(cmp_ctx *c)
{
	char a[TT_FMT_BUF], b[TT_FMT_BUF], label[LABEL_MAX];
	snprintf(c->ptitle[P_CAPACITY], sizeof c->ptitle[0],
	         "Capacity: instances in service");
	snprintf(c->unit[P_CAPACITY], sizeof c->unit[0], "instances");
	for (size_t i = 0; i < c->c->n; i++) {
		const tt_compare_run *r = &c->c->runs[i];
		double over = round((double)r->sum.over_target_us / 60e6);
		/* money to the cent, always with two decimals */
		char cost[TT_FMT_BUF + 8];
		label_num(c, r->sum.cost, "cost", a);
		snprintf(cost, sizeof cost, "%.2f",
		         isfinite(r->sum.cost) ? r->sum.cost : 0.0);
		/* without a target nothing is over a target */
		if (target_of(r).has)
			snprintf(label, sizeof label,
			         "%s: cost %s, %s min over target", r->name,
			         cost,
			         label_num(c, over, "minutes over target", b));
		else
			snprintf(label, sizeof label, "%s (%s): cost %s",
			         r->name, tt_compare_controller_name(r->s),
			         cost);
		add_swatch(c, P_CAPACITY, SW_LINE, colours[i], NULL, label);
	}
}

/* The setups without a strip, named in a note. */
static void note_left_out(cmp_ctx *c)
{
	char line[400];
	size_t used = (size_t)snprintf(line, sizeof line,
	                               "no metric in the timeline, so no "
	                               "strip in the metric panel:");
	size_t out = 0;
	for (size_t i = 0; i < c->c->n && used < sizeof line; i++)
		if (!c->shown[i])
			used += (size_t)snprintf(
			        line + used, sizeof line - used, "%s '%s'",
			        out++ ? "," : "", c->c->runs[i].name);
	if (out)
		add_note(c, line);
}

/* A strip's label: the setup, its target, and its unit if not shared. */
static void strip_label(cmp_ctx *c, size_t i)
{
	const tt_compare_run *r = &c->c->runs[i];
	setup_target st = target_of(r);
	char a[TT_FMT_BUF], unit[120];
	char *buf = c->strip_label[i];
	if (!st.has) {
		snprintf(buf, LABEL_MAX, "%s (%s): no target", r->name,
		         tt_compare_controller_name(r->s));
		return;
	}
	label_num(c, st.target, st.word, a);
	if (c->shared) {
		snprintf(buf, LABEL_MAX, "%s: %s %s", r->name, st.word, a);
		return;
	}
	metric_unit(r, unit, sizeof unit);
	snprintf(buf, LABEL_MAX, "%s: %s (%s), %s %s", r->name, st.metric, unit,
	         st.word, a);
}

/* The metric panel's title, unit, legend and strip labels. */
static void layout_metric(cmp_ctx *c)
{
	size_t first = 0;
	while (!c->shown[first])
		first++;
	const tt_compare_run *fr = &c->c->runs[first];
	note_left_out(c);
	for (size_t i = 0; i < c->c->n; i++)
		if (c->shown[i])
			strip_label(c, i);
	add_swatch(c, P_METRIC, SW_LINE, "#666666", "6 4",
	           "the target, in the setup's colour");
	if (c->shared) {
		snprintf(c->ptitle[P_METRIC], sizeof c->ptitle[0], "Metric: %s",
		         target_of(fr).metric);
		metric_unit(fr, c->unit[P_METRIC], sizeof c->unit[0]);
	} else {
		snprintf(c->ptitle[P_METRIC], sizeof c->ptitle[0],
		         "Metric: each setup's first metric");
	}
	c->body[P_METRIC] =
	        (double)c->n_shown * (STRIP_LABEL_PX + c->strip_px) +
	        (double)(c->n_shown - 1) * STRIP_GAP_PX;
}

/* The title (the setups' names when they fit), subtitle and notes. */
static void layout_head(cmp_ctx *c)
{
	const tt_compare_run *r0 = &c->c->runs[0];
	const tt_scenario *s = r0->s;
	char a[TT_FMT_BUF], b[TT_FMT_BUF], per[TT_FMT_BUF], line[200];
	size_t used = (size_t)snprintf(c->title, sizeof c->title, "Compare: ");
	for (size_t i = 0; i < c->c->n && used < sizeof c->title; i++)
		used += (size_t)snprintf(c->title + used,
		                         sizeof c->title - used, "%s%s",
		                         i ? " vs " : "", c->c->runs[i].name);
	if (tt_svg_text_width(c->title, 18) > c->x1 - c->x0)
		snprintf(c->title, sizeof c->title,
		         "Compare: %zu setups on one workload", c->c->n);
	double span = c->t1 - c->t0;
	bool days = span >= 3 * 86400;
	tt_fmt_uint(r0->tl.n, a);
	snprintf(c->sub, sizeof c->sub,
	         "The same workload through %zu setups: %s mode, %s periods "
	         "of %s s (%s %s), seed %llu",
	         c->c->n, s->mode == TT_MODE_REQUEST ? "request" : "fluid", a,
	         label_num(c, r0->tl.period_s, "period", per),
	         label_num(c, round(span / (days ? 86400 : 3600) * 100) / 100,
	                   "time span", b),
	         days ? "days" : "hours", (unsigned long long)s->seed);
	if ((double)r0->tl.n > 2 * (c->x1 - c->x0)) {
		snprintf(line, sizeof line,
		         "%s periods: each pixel column shows its first, "
		         "lowest, highest and last value",
		         a);
		add_note(c, line);
	}
}

/* A panel's header: its title, then its legend wrapped under it. */
static double header_height(const cmp_ctx *c, int k)
{
	if (c->n_sw[k] == 0)
		return 24;
	size_t lines = tt_legend_draw_wrapped(NULL, 0, 0, c->x1 - c->x0, 16,
	                                      c->sw[k], c->n_sw[k]);
	return 24 + 16 * (double)lines;
}

/* Where everything goes: the head, then each panel top to bottom. */
static void layout(cmp_ctx *c)
{
	snprintf(c->ptitle[P_LOAD], sizeof c->ptitle[0],
	         "Load (the same for every setup)");
	snprintf(c->unit[P_LOAD], sizeof c->unit[0], "invocations per %s",
	         c->c->runs[0].tl.period_s == 60 ? "minute" : "period");
	c->body[P_LOAD] = 130;
	c->body[P_CAPACITY] = 250;
	layout_head(c);
	layout_capacity(c);
	if (c->n_shown)
		layout_metric(c);
	else
		add_note(c, "no setup's timeline has a metric: no metric "
		            "panel");
	double first = c->o->inline_html ? 16 : 47;
	size_t sub_lines = tt_svg_text_wrapped(NULL, 0, 0, c->x1 - c->x0, 12,
	                                       15, NULL, c->sub);
	c->head = first + 15 * (double)(sub_lines - 1) +
	          15 * (double)c->n_notes + 15;
	c->label_rows = c->c->runs[0].tl.wallclock ? 34 : 22;
	double y = c->head;
	for (int k = 0; k < P_COUNT; k++) {
		c->top[k] = -1;
		if (k == P_METRIC && !c->n_shown)
			continue;
		c->top[k] = y;
		c->header[k] = header_height(c, k);
		/* tall enough for its unit written up the y axis */
		c->body[k] = fmax(c->body[k],
		                  tt_svg_text_width(c->unit[k], 11) + 16);
		y += c->header[k] + c->body[k] + c->label_rows + 14;
	}
	c->height = y + 22;
}

/* ---- drawing ---- */

/* The title (not in a page, which has its own), subtitle and notes. */
static void draw_head(cmp_ctx *c)
{
	double y = 47;
	if (!c->o->inline_html)
		tt_svg_text(c->f, c->x0, 28,
		            SVG_FONT " font-size=\"18\" font-weight=\"bold\" "
		                     "fill=\"#111\"",
		            c->title);
	else
		y = 16;
	size_t lines = tt_svg_text_wrapped(
	        c->f, c->x0, y, c->x1 - c->x0, 12, 15,
	        SVG_FONT " font-size=\"12\" fill=\"#555\"", c->sub);
	y += 15 * (double)lines;
	for (size_t i = 0; i < c->n_notes; i++)
		tt_svg_text(c->f, c->x0, y + 15 * (double)i,
		            SVG_FONT " font-size=\"11\" font-style=\"italic\" "
		                     "fill=\"#a33\"",
		            c->notes[i]);
}

static void draw_header(cmp_ctx *c, int k)
{
	double top = c->top[k];
	tt_svg_text(c->f, c->x0, top + 15,
	            SVG_FONT " font-size=\"13\" font-weight=\"bold\" "
	                     "fill=\"#222\"",
	            c->ptitle[k]);
	tt_legend_draw_wrapped(c->f, c->x0, top + 33, c->x1 - c->x0, 16,
	                       c->sw[k], c->n_sw[k]);
}

/* The unit written up the left of the area p. */
static void draw_unit(cmp_ctx *c, const tt_panel *p, int k)
{
	tt_svg_text_up(c->f, 16, (p->y0 + p->y1) / 2,
	               SVG_FONT " font-size=\"11\" fill=\"#333\" "
	                        "class=\"y-unit\"",
	               c->unit[k]);
}

/* The load, from the first run: every run had the same. */
static void draw_load(cmp_ctx *c, const tt_panel *p)
{
	const tt_compare_timeline *tl = &c->c->runs[0].tl;
	tt_svg_series(c->f, p, TT_PLOT_DOUBLES(tl->t_s),
	              TT_PLOT_DOUBLES(tl->invocations), tl->n, tl->period_s / 2,
	              false,
	              "stroke=\"#555555\" stroke-width=\"1.1\" "
	              "class=\"series-load\"");
}

/*
 * Each setup's in-service count, held from the end of its period (the
 * evaluation) as a step line; the first widest, so lines that coincide
 * still show every colour.
 */
static void draw_capacity(cmp_ctx *c, const tt_panel *p)
{
	size_t n = c->c->n;
	for (size_t i = 0; i < n; i++) {
		const tt_compare_timeline *tl = &c->c->runs[i].tl;
		char attrs[200], w[TT_FMT_BUF];
		double width =
		        1.4 + 3.6 * (double)(n - 1 - i) / (double)(n - 1);
		snprintf(attrs, sizeof attrs,
		         "stroke=\"%s\" stroke-width=\"%s\" "
		         "stroke-linejoin=\"round\" "
		         "class=\"series-capacity setup-%zu\"",
		         colours[i], tt_fmt_double(round(width * 10) / 10, w),
		         i);
		tt_svg_series(c->f, p, TT_PLOT_DOUBLES(tl->t_s),
		              TT_PLOT_DOUBLES(tl->in_service), tl->n,
		              tl->period_s, true, attrs);
	}
}

/*
 * The top of strip i's axis (every shown strip's when shared): the
 * targets in view, rare spikes cut (tt_axis_clip_top).
 */
static double metric_top(cmp_ctx *c, size_t only, bool all)
{
	double ref = NAN, clipped;
	size_t total = 0, m = 0;
	for (size_t i = 0; i < c->c->n; i++) {
		setup_target st = target_of(&c->c->runs[i]);
		if (!c->shown[i] || (!all && i != only))
			continue;
		total += c->c->runs[i].tl.n;
		if (st.has)
			ref = isnan(ref) ? st.target : fmax(ref, st.target);
	}
	double *v = malloc((total ? total : 1) * sizeof *v);
	if (!v) /* no memory for the cut: the whole range */
		return fmax(tt_series_max(
		                    TT_PLOT_DOUBLES(c->c->runs[only].tl.metric),
		                    c->c->runs[only].tl.n),
		            isnan(ref) ? 0 : ref);
	for (size_t i = 0; i < c->c->n; i++)
		for (size_t k = 0; c->shown[i] && (all || i == only) &&
		                   k < c->c->runs[i].tl.n;
		     k++)
			v[m++] = c->c->runs[i].tl.metric[k];
	/* strips are short: the target at 2/3 of the height at most */
	double top =
	        tt_axis_clip_top(TT_PLOT_DOUBLES(v), m, ref, 1.5, &clipped);
	free(v);
	return top;
}

static void draw_clip_note(cmp_ctx *c, const tt_panel *p, double peak)
{
	char a[TT_FMT_BUF], b[TT_FMT_BUF], line[160];
	snprintf(line, sizeof line,
	         "axis cut at %s: peaks up to %s drawn at the top",
	         label_num(c, p->y.hi, "axis cut", a),
	         label_num(c, round(peak * 100) / 100, "peak", b));
	tt_svg_text(c->f, p->x1 - 4, p->y0 - 4,
	            SVG_FONT " font-size=\"11\" font-style=\"italic\" "
	                     "fill=\"#a33\" text-anchor=\"end\" "
	                     "class=\"axis-cut\"",
	            line);
}

/* Setup i's strip: its label, grid, metric and dashed TargetValue. */
static void draw_strip(cmp_ctx *c, const tt_panel *s, size_t i, bool last)
{
	const tt_compare_timeline *tl = &c->c->runs[i].tl;
	setup_target st = target_of(&c->c->runs[i]);
	char attrs[200];
	tt_panel_y_grid(c->f, s);
	tt_panel_time_grid(c->f, s, &c->ta, c->ticks, c->n_ticks, last);
	snprintf(attrs, sizeof attrs,
	         SVG_FONT " font-size=\"11\" font-weight=\"bold\" "
	                  "fill=\"%s\" class=\"strip-label\"",
	         colours[i]);
	tt_svg_text(c->f, s->x0, s->y0 - 5, attrs, c->strip_label[i]);
	snprintf(attrs, sizeof attrs,
	         "stroke=\"%s\" stroke-width=\"1.1\" "
	         "class=\"series-metric setup-%zu\"",
	         colours[i], i);
	tt_svg_series(c->f, s, TT_PLOT_DOUBLES(tl->t_s),
	              TT_PLOT_DOUBLES(tl->metric), tl->n, tl->period_s / 2,
	              false, attrs);
	if (st.has) {
		double y = tt_panel_y(s, st.target);
		snprintf(attrs, sizeof attrs,
		         "stroke=\"%s\" stroke-width=\"1.6\" "
		         "stroke-dasharray=\"6 4\" class=\"target-line\"",
		         colours[i]);
		tt_svg_line(c->f, s->x0, y, s->x1, y, attrs);
	}
	double peak = tt_series_max(TT_PLOT_DOUBLES(tl->metric), tl->n);
	if (peak > s->y.hi)
		draw_clip_note(c, s, peak);
	tt_panel_frame(c->f, s);
}

/* The metric panel: a strip per setup that has a metric. */
static void draw_metric_panel(cmp_ctx *c, const tt_panel *p)
{
	double shared_top = c->shared ? metric_top(c, 0, true) : 0;
	size_t drawn = 0;
	double y = p->y0;
	if (c->shared)
		draw_unit(c, p, P_METRIC);
	for (size_t i = 0; i < c->c->n; i++) {
		if (!c->shown[i])
			continue;
		tt_panel s = *p;
		s.y0 = y + STRIP_LABEL_PX;
		s.y1 = s.y0 + c->strip_px;
		double top = c->shared ? shared_top : metric_top(c, i, false);
		s.y = tt_axis_nice(0, top * 1.05, 3, false);
		draw_strip(c, &s, i, ++drawn == c->n_shown);
		y = s.y1 + STRIP_GAP_PX;
	}
}

/* Panel k: its axes, header, series and frame. */
static void draw_panel(cmp_ctx *c, int k)
{
	tt_panel p = {.x0 = c->x0,
	              .x1 = c->x1,
	              .y0 = c->top[k] + c->header[k],
	              .y1 = c->top[k] + c->header[k] + c->body[k],
	              .t0 = c->t0,
	              .t1 = c->t1};
	fprintf(c->f, "<g id=\"panel-%s\">\n", panel_ids[k]);
	draw_header(c, k);
	if (k == P_METRIC) {
		draw_metric_panel(c, &p);
		fputs("</g>\n", c->f);
		return;
	}
	double top = 0;
	for (size_t i = 0; i < (k == P_LOAD ? 1 : c->c->n); i++) {
		const tt_compare_timeline *tl = &c->c->runs[i].tl;
		double *v = k == P_LOAD ? tl->invocations : tl->in_service;
		double m = tt_series_max(TT_PLOT_DOUBLES(v), tl->n);
		top = fmax(top, k == P_LOAD ? m : m * 1.08);
	}
	p.y = tt_axis_nice(0, top, k == P_CAPACITY ? 6 : 4, true);
	tt_panel_y_grid(c->f, &p);
	draw_unit(c, &p, k);
	tt_panel_time_grid(c->f, &p, &c->ta, c->ticks, c->n_ticks, true);
	if (k == P_LOAD)
		draw_load(c, &p);
	else
		draw_capacity(c, &p);
	tt_panel_frame(c->f, &p);
	fputs("</g>\n", c->f);
}

/* The time the runs span: from the first period to the last's end. */
static void time_span(cmp_ctx *c)
{
	c->t0 = INFINITY;
	c->t1 = -INFINITY;
	for (size_t i = 0; i < c->c->n; i++) {
		const tt_compare_timeline *tl = &c->c->runs[i].tl;
		if (tl->n == 0)
			continue;
		c->t0 = fmin(c->t0, tl->t_s[0]);
		c->t1 = fmax(c->t1, tl->t_s[tl->n - 1] + tl->period_s);
	}
	if (!(c->t1 > c->t0)) { /* no row at all: an empty axis */
		c->t0 = 0;
		c->t1 = 60;
	}
	const tt_compare_timeline *tl = &c->c->runs[0].tl;
	c->ta = tt_taxis_make(tl->wallclock, tl->origin_unix_s, c->t0, c->t1);
	c->n_ticks = tt_taxis_ticks(&c->ta, c->t0, c->t1, c->ticks, 64);
}

static void draw(cmp_ctx *c)
{
	time_span(c);
	choose_strips(c);
	layout(c);
	tt_svg_open(c->f, c->width, c->height, c->o->inline_html);
	draw_head(c);
	int last = P_LOAD;
	for (int k = 0; k < P_COUNT; k++)
		if (c->top[k] >= 0) {
			draw_panel(c, k);
			last = k;
		}
	/* the time axis's title under the last panel */
	tt_svg_text(c->f, (c->x0 + c->x1) / 2,
	            c->top[last] + c->header[last] + c->body[last] +
	                    c->label_rows + 14,
	            SVG_FONT " font-size=\"12\" fill=\"#333\" "
	                     "text-anchor=\"middle\"",
	            c->ta.title);
	fputs("</svg>\n", c->f);
}

tt_code tt_compare_write_svg(FILE *f, const tt_compare *cmp,
                             const tt_plot_opts *o, tt_diag *d)
{
	tt_plot_opts opts = {0};
	if (o)
		opts = *o;
	if (opts.width_px == 0)
		opts.width_px = 1200;
	opts.width_px = opts.width_px < 480 ? 480 : opts.width_px;
	opts.width_px = opts.width_px > 4000 ? 4000 : opts.width_px;
	if (cmp->n < 2 || cmp->n > MAX_SETUPS)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "a comparison draws 2 to %d setups, got %zu",
		                   MAX_SETUPS, cmp->n);
	cmp_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return tt_diag_nomem(d, (tt_loc){0});
	c->f = f;
	c->c = cmp;
	c->o = &opts;
	c->d = d;
	c->width = opts.width_px;
	c->x0 = 72;
	c->x1 = c->width - 28;
	draw(c);
	tt_code rc = c->rc;
	free(c);
	return rc;
}
