/*
 * compare_html.c - compare.html: the setups side by side on one page.
 *
 * Like a run's report.html (report_html.c), one page that needs nothing
 * else: the CSS inline, the picture inline as SVG without its xmlns (so
 * the page holds no URL), no script.  It opens with the figures a person
 * asks for first, one column per setup in its picture's colour: cost,
 * capacity in service, minutes over target, scaling activities, and in
 * request mode the p99 latency and the refused requests; the lowest cost,
 * minutes over target and latency are marked.  Then the picture, then
 * every summary figure as compare.csv has it.  Text from the scenarios
 * goes through tt_fmt_xml, the one escaper of XML and HTML.
 */
#include "ttsim/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/fmt.h"
#include "ttsim/plot.h"

static const char css[] =
        "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;"
        "color:#222;margin:24px auto;max-width:1240px;padding:0 12px}\n"
        "h1{font-size:22px;margin:0 0 4px}\n"
        "h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;"
        "padding-bottom:4px}\n"
        "p.sub{color:#555;margin:0 0 12px}\n"
        "div.plot svg{display:block;width:100%;height:auto}\n"
        "table{border-collapse:collapse;font-size:13px}\n"
        "table.figures{font-size:14px;margin:4px 0 8px}\n"
        "th,td{padding:3px 10px;border-bottom:1px solid #eee;"
        "text-align:left;vertical-align:top}\n"
        "thead th{vertical-align:bottom;border-bottom:2px solid #ccc;"
        "text-align:right}\n"
        "table.figures td,table.all td{text-align:right}\n"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
        "td.best{font-weight:bold;color:#2e7d32}\n"
        "span.key{display:inline-block;width:12px;height:12px;"
        "margin-right:6px;border-radius:2px;vertical-align:-1px}\n"
        "p.note{color:#a33;font-style:italic}\n"
        "footer{color:#888;font-size:12px;margin-top:32px}\n";

static void put_esc(FILE *f, const char *s)
{
	tt_fmt_xml(f, s, strlen(s));
}

/* The header row: each setup's name after a key of its colour. */
static void setup_header(FILE *f, const tt_compare *c)
{
	fputs("<thead><tr><th></th>", f);
	for (size_t i = 0; i < c->n; i++) {
		fprintf(f,
		        "<th><span class=\"key\" style=\"background:%s\">"
		        "</span>",
		        tt_compare_colour(i));
		put_esc(f, c->runs[i].name);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n", f);
}

/* A row of text cells: each setup's file or controller. */
static void text_row(FILE *f, const tt_compare *c, const char *name,
                     bool controller)
{
	fputs("<tr><th>", f);
	put_esc(f, name);
	fputs("</th>", f);
	for (size_t i = 0; i < c->n; i++) {
		fputs("<td>", f);
		put_esc(f, controller ? tt_compare_controller_name(c->runs[i].s)
		                      : c->runs[i].file);
		fputs("</td>", f);
	}
	fputs("</tr>\n", f);
}

/* What one row of the figures table shows of a run. */
typedef enum key_figure {
	KF_COST,
	KF_HOURS,
	KF_PEAK,
	KF_MEAN,
	KF_OVER,
	KF_OUT,
	KF_IN,
	KF_P99,
	KF_ERRORS,
	KF_COUNT
} key_figure;

static const struct {
	const char *label;
	int decimals;
	bool lower_is_better; /* the lowest is marked */
} key_figures[KF_COUNT] = {
        [KF_COST] = {"cost", 2, true},
        [KF_HOURS] = {"instance-hours", 2, false},
        [KF_PEAK] = {"peak capacity (instances in service)", 0, false},
        [KF_MEAN] = {"mean capacity (instances in service)", 2, false},
        [KF_OVER] = {"minutes over target", 0, true},
        [KF_OUT] = {"scale-out activities", 0, false},
        [KF_IN] = {"scale-in activities", 0, false},
        [KF_P99] = {"p99 latency (ms)", 1, true},
        [KF_ERRORS] = {"errors (requests refused)", 0, true},
};

/* Figure k of a run; NaN when the run has none (no target to be over,
 * no latency in fluid mode). */
static double key_value(const tt_compare_run *r, key_figure k)
{
	const tt_summary *s = &r->sum;
	switch (k) {
	case KF_COST:
		return s->cost;
	case KF_HOURS:
		return s->instance_hours;
	case KF_PEAK:
		return s->peak_in_service;
	case KF_MEAN:
		return s->mean_in_service;
	case KF_OVER:
		return tt_compare_has_target(r->s)
		               ? (double)s->over_target_us / 60e6
		               : NAN;
	case KF_OUT:
		return s->scale_out_activities;
	case KF_IN:
		return s->scale_in_activities;
	case KF_P99:
		return s->request ? s->latency_p99_ms : NAN;
	case KF_ERRORS:
		return s->request ? (double)s->errors : NAN;
	case KF_COUNT:
		break;
	}
	return NAN;
}

/* One row of the figures table; left out when no run has the figure. */
static void key_row(FILE *f, const tt_compare *c, key_figure k)
{
	double best = INFINITY, v[TT_COMPARE_MAX_SETUPS];
	size_t have = 0, at_best = 0;
	for (size_t i = 0; i < c->n; i++) {
		v[i] = key_value(&c->runs[i], k);
		if (isnan(v[i]))
			continue;
		have++;
		best = fmin(best, v[i]);
	}
	for (size_t i = 0; i < c->n; i++)
		at_best += v[i] == best;
	if (!have)
		return;
	fputs("<tr><th>", f);
	put_esc(f, key_figures[k].label);
	fputs("</th>", f);
	for (size_t i = 0; i < c->n; i++) {
		/* marked only when it beats another setup */
		bool mark = key_figures[k].lower_is_better && v[i] == best &&
		            at_best < have;
		fprintf(f, "<td class=\"num%s\">", mark ? " best" : "");
		if (!isfinite(v[i]))
			fputs("-", f);
		else /* a whole number without ".0" */
			fprintf(f, "%.*f",
			        v[i] == floor(v[i]) ? 0
			                            : key_figures[k].decimals,
			        v[i]);
		fputs("</td>", f);
	}
	fputs("</tr>\n", f);
}

/* The run's figure by name: true and *v, or false when it has none. */
static bool run_figure(const tt_compare_run *r, const char *name, double *v)
{
	for (size_t i = 0; i < r->n_figures; i++)
		if (!strcmp(r->figures[i].name, name)) {
			*v = r->figures[i].value;
			return true;
		}
	return false;
}

/* Every figure some run has, in figures.h's order, a column per setup. */
static void all_figures(FILE *f, const tt_compare *c)
{
	const char *const *names = tt_figure_names();
	fputs("<table class=\"all\">\n", f);
	setup_header(f, c);
	for (size_t k = 0; names[k]; k++) {
		double v;
		size_t have = 0;
		for (size_t i = 0; i < c->n; i++)
			have += run_figure(&c->runs[i], names[k], &v);
		if (!have)
			continue;
		fputs("<tr><th>", f);
		put_esc(f, names[k]);
		fputs("</th>", f);
		for (size_t i = 0; i < c->n; i++) {
			fputs("<td class=\"num\">", f);
			if (!run_figure(&c->runs[i], names[k], &v) ||
			    !isfinite(v))
				fputs("-", f);
			else if (v == floor(v) && fabs(v) < 1e15)
				fprintf(f, "%.0f", v);
			else
				fprintf(f, "%.6g", v);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The page's title and subtitle. */
static void page_head(FILE *f, const tt_compare *c)
{
	const tt_scenario *s = c->runs[0].s;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<title>ttsim compare: ",
	      f);
	for (size_t i = 0; i < c->n; i++) {
		fputs(i ? " vs " : "", f);
		put_esc(f, c->runs[i].name);
	}
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	fputs("<h1>Compare: ", f);
	for (size_t i = 0; i < c->n; i++) {
		fputs(i ? " vs " : "", f);
		put_esc(f, c->runs[i].name);
	}
	fprintf(f,
	        "</h1>\n<p class=\"sub\">The same workload through %zu "
	        "setups, %s mode, seed %llu</p>\n",
	        c->n, s->mode == TT_MODE_REQUEST ? "request" : "fluid",
	        (unsigned long long)s->seed);
}

tt_code tt_compare_write_html(FILE *f, const tt_compare *c, tt_diag *d)
{
	page_head(f, c);
	fputs("<table class=\"figures\">\n", f);
	setup_header(f, c);
	text_row(f, c, "file", false);
	text_row(f, c, "controller", true);
	for (int k = 0; k < KF_COUNT; k++)
		key_row(f, c, (key_figure)k);
	fputs("</table>\n", f);
	fputs("<h2>Timeline</h2>\n<div class=\"plot\">\n", f);
	tt_plot_opts o = {.inline_html = true};
	tt_code rc = tt_compare_write_svg(f, c, &o, d);
	if (rc)
		return rc;
	fputs("</div>\n<h2>Every figure</h2>\n", f);
	all_figures(f, c);
	fputs("<footer>Written by ttsim compare; compare.csv holds the same "
	      "figures in full.</footer>\n</body>\n</html>\n",
	      f);
	return TT_OK;
}
