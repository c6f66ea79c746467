/*
 * report_html.c - report.html: a run's figures, picture and scaling
 * events on one page that needs nothing else.
 *
 * The page opens with the figures a person asks for first (cost, peak and
 * mean capacity, minutes over target, the scaling activities, and in
 * request mode p99 latency, errors and the SLO when the scenario set
 * one), then the picture, then the activities.  The whole summary.json
 * follows as a table walked in document order, so every figure a run
 * reports appears without this file naming it: top-level numbers first,
 * then one section per object.  Long fractions are shown to six
 * significant digits; summary.json keeps them whole.  The events table
 * lists the activities (InProgress and Successful rows) up to a limit,
 * because a long run's NotScaled decisions run to tens of thousands and
 * say more as counts by reason.
 *
 * The SVG is embedded without its xmlns attribute (HTML supplies the
 * namespace), so the page holds no URL at all, and without its own
 * title (the page's is the one).  It is as wide as the page and scales
 * with the window.
 *
 * The page is written from a run's files (`ttsim plot --html`) or from
 * the run `ttsim run` kept in memory (tt_report_html_data): the picture
 * and the events table then come from memory, cell for cell as the
 * files have them (plot_series.h), and the page is the same bytes.
 */
#include "ttsim/report_html.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "node.h"
#include "plot_series.h"
#include "ttsim/fmt.h"
#include "ttsim/plot.h"

#define PATH_MAX_LEN 4096
#define MAX_REASONS 32

static const char css[] =
        "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;"
        "color:#222;margin:24px auto;max-width:1240px;padding:0 12px}\n"
        "h1{font-size:22px;margin:0 0 4px}\n"
        "h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;"
        "padding-bottom:4px}\n"
        "p.sub{color:#555;margin:0 0 12px}\n"
        "div.plot svg{display:block;width:100%;height:auto}\n"
        "table.figures{font-size:14px;margin:4px 0 8px}\n"
        "table.figures td.num{font-weight:bold}\n"
        "table{border-collapse:collapse;font-size:13px}\n"
        "th,td{padding:3px 10px;border-bottom:1px solid #eee;"
        "text-align:left;vertical-align:top}\n"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
        "tr.section th{background:#f3f3f3;font-size:13px;padding-top:8px}\n"
        "table.events tr.out td.dir{color:#b03a2e}\n"
        "table.events tr.in td.dir{color:#2e7d32}\n"
        "p.note{color:#a33;font-style:italic}\n"
        "footer{color:#888;font-size:12px;margin-top:32px}\n";

static void put_esc_n(FILE *f, const char *s, size_t n)
{
	tt_fmt_xml(f, s, n);
}

static void put_esc(FILE *f, const char *s)
{
	put_esc_n(f, s, strlen(s));
}

static const char *summary_string(const tt_node *root, const char *key)
{
	const tt_node *n = tt_node_map_get(root, key);
	const char *s = NULL;
	if (n && !tt_node_string(n, key, &s, NULL))
		return s;
	return NULL;
}

/* A scalar's text for the table: fractions cut to six significant digits. */
static void scalar_text(const tt_node *n, char *buf, size_t size)
{
	const char *t = n->u.scalar.text;
	if (n->u.scalar.kind == TT_SCALAR_NUMBER && strpbrk(t, ".eE")) {
		double v = strtod(t, NULL);
		if (isfinite(v) && fabs(v) < 1e6) {
			snprintf(buf, size, "%.6g", v);
			return;
		}
	}
	snprintf(buf, size, "%s", t);
}

static bool all_scalars(const tt_node *seq)
{
	for (size_t i = 0; i < seq->u.seq.count; i++)
		if (seq->u.seq.items[i]->kind != TT_NODE_SCALAR)
			return false;
	return true;
}

/* Rows for `n` under the name `path` (relative to its section). */
static void summary_rows(FILE *f, const char *path, const tt_node *n)
{
	char buf[PATH_MAX_LEN];
	switch (n->kind) {
	case TT_NODE_MAP:
		for (size_t i = 0; i < n->u.map.count; i++) {
			const tt_node_entry *e = &n->u.map.entries[i];
			snprintf(buf, sizeof buf, "%s%s%s", path,
			         path[0] ? "." : "", e->key);
			summary_rows(f, buf, e->value);
		}
		break;
	case TT_NODE_SEQ:
		if (all_scalars(n)) {
			fputs("<tr><th>", f);
			put_esc(f, path);
			fputs("</th><td>", f);
			if (n->u.seq.count == 0)
				fputs("none", f);
			for (size_t i = 0; i < n->u.seq.count; i++) {
				if (i)
					fputs("<br>", f);
				put_esc(f, n->u.seq.items[i]->u.scalar.text);
			}
			fputs("</td></tr>\n", f);
			break;
		}
		for (size_t i = 0; i < n->u.seq.count; i++) {
			snprintf(buf, sizeof buf, "%s[%zu]", path, i);
			summary_rows(f, buf, n->u.seq.items[i]);
		}
		break;
	case TT_NODE_SCALAR:
		scalar_text(n, buf, sizeof buf);
		fputs("<tr><th>", f);
		put_esc(f, path);
		fputs(n->u.scalar.kind == TT_SCALAR_NUMBER
		              ? "</th><td class=\"num\">"
		              : "</th><td>",
		      f);
		put_esc(f, buf);
		fputs("</td></tr>\n", f);
		break;
	}
}

/* The summary: the top-level scalars, then one section per object. */
static void summary_table(FILE *f, const tt_node *root)
{
	fputs("<table class=\"summary\">\n", f);
	for (size_t i = 0; i < root->u.map.count; i++) {
		const tt_node_entry *e = &root->u.map.entries[i];
		if (e->value->kind == TT_NODE_SCALAR ||
		    (e->value->kind == TT_NODE_SEQ && all_scalars(e->value)))
			summary_rows(f, e->key, e->value);
	}
	for (size_t i = 0; i < root->u.map.count; i++) {
		const tt_node_entry *e = &root->u.map.entries[i];
		const tt_node *v = e->value;
		if (v->kind == TT_NODE_SCALAR ||
		    (v->kind == TT_NODE_SEQ && all_scalars(v)))
			continue;
		if (v->kind == TT_NODE_MAP) {
			fputs("<tr class=\"section\"><th colspan=\"2\">", f);
			put_esc(f, e->key);
			fputs("</th></tr>\n", f);
			summary_rows(f, "", v);
			continue;
		}
		for (size_t j = 0; j < v->u.seq.count; j++) {
			char name[256];
			snprintf(name, sizeof name, "%s[%zu]", e->key, j);
			fputs("<tr class=\"section\"><th colspan=\"2\">", f);
			put_esc(f, name);
			fputs("</th></tr>\n", f);
			summary_rows(f, "", v->u.seq.items[j]);
		}
	}
	fputs("</table>\n", f);
}

typedef struct reason_count {
	char reason[64];
	long out, in;
} reason_count;

/*
 * "1:04:00" from seconds since the start, given as text; text that is
 * not a time from 0 to 1e15 s (a hand-made file) is shown as it is.
 */
static void clock_text(const char *text, char *buf, size_t size)
{
	double t = strtod(text, NULL);
	if (!(t >= 0 && t < 1e15)) {
		snprintf(buf, size, "%s", text);
		return;
	}
	long long s = (long long)floor(t);
	snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60,
	         s % 60);
}

static void put_cell(FILE *f, tt_plot_cells *c, size_t i, const char *cls)
{
	fputs(cls ? "<td class=\"" : "<td", f);
	if (cls) {
		fputs(cls, f);
		fputc('"', f);
	}
	fputc('>', f);
	if (i != SIZE_MAX && i < (c->csv ? c->csv->n_fields : c->n)) {
		size_t n;
		const char *s = tt_plot_cells_text(c, i, &n);
		put_esc_n(f, s, n);
	}
	fputs("</td>", f);
}

/* The columns of events.csv the page shows. */
enum { EC_TIME, EC_POLICY, EC_DIRECTION, EC_FROM, EC_TO, EC_REASON, EC_COUNT };

/* One activity's row of the events table. */
static void activity_row(FILE *f, tt_plot_cells *c, const size_t *col)
{
	size_t n;
	const char *s = tt_plot_cells_text(c, col[EC_TIME], &n);
	char tbuf[64], clock[64];
	snprintf(tbuf, sizeof tbuf, "%.*s", (int)n, s);
	clock_text(tbuf, clock, sizeof clock);
	fprintf(f, "<tr class=\"%s\"><td>",
	        tt_plot_cells_is(c, col[EC_DIRECTION], "out") ? "out" : "in");
	put_esc(f, clock);
	fputs("</td>", f);
	put_cell(f, c, col[EC_TIME], "num");
	put_cell(f, c, col[EC_POLICY], NULL);
	put_cell(f, c, col[EC_DIRECTION], "dir");
	put_cell(f, c, col[EC_FROM], "num");
	put_cell(f, c, col[EC_TO], "num");
	put_cell(f, c, col[EC_REASON], NULL);
	fputs("</tr>\n", f);
}

/* NotScaled decisions counted by reason and direction. */
typedef struct reasons {
	reason_count v[MAX_REASONS];
	size_t n;
	long total;
} reasons;

/* The reason's row of the table, added when new; SIZE_MAX: no room. */
static size_t reason_slot(reasons *r, tt_plot_cells *c, const size_t *col)
{
	size_t n;
	const char *s = tt_plot_cells_text(c, col[EC_REASON], &n);
	size_t k = 0;
	while (k < r->n && !(strlen(r->v[k].reason) == n &&
	                     memcmp(r->v[k].reason, s, n) == 0))
		k++;
	if (k == r->n && r->n < MAX_REASONS) {
		snprintf(r->v[k].reason, sizeof r->v[k].reason, "%.*s", (int)n,
		         s);
		r->v[k].out = r->v[k].in = 0;
		r->n++;
	}
	return k < r->n ? k : SIZE_MAX;
}

static void reasons_table(FILE *f, const reasons *r)
{
	fprintf(f,
	        "<h2>Not scaled</h2>\n<p>%ld decisions that changed "
	        "nothing, by reason code:</p>\n",
	        r->total);
	fputs("<table class=\"not-scaled\">\n<tr><th>reason</th><th>out</th>"
	      "<th>in</th></tr>\n",
	      f);
	for (size_t k = 0; k < r->n; k++) {
		fputs("<tr><td>", f);
		put_esc(f, r->v[k].reason);
		fprintf(f,
		        "</td><td class=\"num\">%ld</td><td class=\"num\">"
		        "%ld</td></tr>\n",
		        r->v[k].out, r->v[k].in);
	}
	fputs("</table>\n", f);
}

/*
 * The events section as it is written, row by row, from events.csv or
 * from the events a run kept in memory (plot_series.h): the same cells
 * either way.
 */
typedef struct events_table {
	FILE *f;
	size_t col[EC_COUNT];
	size_t last; /* the last column a row must have */
	reasons r;
	long shown, activities;
} events_table;

/* The header's columns (the time, direction and reason are needed),
 * then the table's head. */
static tt_code events_begin(events_table *t, tt_plot_cells *header,
                            const char *path, tt_diag *d)
{
	static const char *const names[EC_COUNT] = {
	        "time_s", "policy", "direction", "from", "to", "reason"};
	size_t *col = t->col;
	size_t n = header->csv ? header->csv->n_fields : header->n;
	for (int k = 0; k < EC_COUNT; k++) {
		col[k] = SIZE_MAX;
		for (size_t i = 0; i < n && col[k] == SIZE_MAX; i++)
			if (tt_plot_cells_is(header, i, names[k]))
				col[k] = i;
	}
	if (col[EC_TIME] == SIZE_MAX || col[EC_DIRECTION] == SIZE_MAX ||
	    col[EC_REASON] == SIZE_MAX)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){path, 1, 1},
		                   "the events header needs 'time_s', "
		                   "'direction' and 'reason'");
	t->last = col[EC_REASON] > col[EC_DIRECTION] ? col[EC_REASON]
	                                             : col[EC_DIRECTION];
	t->last = t->last > col[EC_TIME] ? t->last : col[EC_TIME];
	fputs("<table class=\"events\">\n<tr><th>time</th><th>time_s</th>"
	      "<th>policy</th><th>direction</th><th>from</th><th>to</th>"
	      "<th>reason</th></tr>\n",
	      t->f);
	return TT_OK;
}

/*
 * What an events row is to the table, which its texts decide: an
 * activity (InProgress or Successful) listed, or a decision that
 * changed nothing, counted under its reason (slot; SIZE_MAX: past the
 * table's rows) as out or in.
 */
typedef struct row_kind {
	bool activity;
	size_t slot;
	bool out;
} row_kind;

static row_kind classify(events_table *t, tt_plot_cells *row)
{
	row_kind k = {false, SIZE_MAX, false};
	k.activity = tt_plot_cells_is(row, t->col[EC_REASON], "InProgress") ||
	             tt_plot_cells_is(row, t->col[EC_REASON], "Successful");
	if (!k.activity) {
		k.slot = reason_slot(&t->r, row, t->col);
		k.out = tt_plot_cells_is(row, t->col[EC_DIRECTION], "out");
	}
	return k;
}

/* The row listed (up to the limit), or counted. */
static void events_row(events_table *t, const row_kind *k, tt_plot_cells *row)
{
	if (!k->activity) {
		t->r.total++;
		if (k->slot != SIZE_MAX) {
			if (k->out)
				t->r.v[k->slot].out++;
			else
				t->r.v[k->slot].in++;
		}
		return;
	}
	if (t->activities++ < TT_REPORT_HTML_MAX_EVENTS) {
		activity_row(t->f, row, t->col);
		t->shown++;
	}
}

/* The notes under the table, and the NotScaled counts. */
static void events_end(events_table *t)
{
	FILE *f = t->f;
	if (t->activities == 0)
		fputs("<p class=\"note\">no scaling activity in this run</p>\n",
		      f);
	if (t->activities > t->shown)
		fprintf(f,
		        "<p class=\"note\">the first %ld of %ld activity rows "
		        "are listed</p>\n",
		        t->shown, t->activities);
	reasons_table(f, &t->r);
}

/* The activities and the NotScaled counts of events.csv. */
static tt_code events_section(FILE *f, const char *path, tt_diag *d)
{
	tt_csv c;
	bool got = false;
	events_table t = {.f = f};
	tt_plot_cells cells = {.csv = &c};
	tt_code rc = tt_csv_open(&c, path, path, (tt_loc){path, 0, 0}, d);
	if (rc)
		return rc;
	if ((rc = tt_csv_next(&c, &got, d)) || !got ||
	    (rc = events_begin(&t, &cells, path, d)))
		goto close;
	while (!(rc = tt_csv_next(&c, &got, d)) && got) {
		if (c.n_fields <= t.last) {
			rc = tt_csv_expect_columns(&c, t.last + 1, d);
			break;
		}
		row_kind k = classify(&t, &cells);
		events_row(&t, &k, &cells);
	}
	fputs("</table>\n", f);
	if (!rc)
		events_end(&t);
close:
	tt_csv_close(&c);
	return rc;
}

/*
 * The same from the events a run kept in memory.  What a row is to the
 * table depends on its texts alone, and a run's hundred thousand events
 * share a handful of them (tt_plot_run_data.texts): each is classified
 * once, at its first row, where a file's row would be.
 */
static tt_code kept_events_section(FILE *f, const tt_plot_run_data *r,
                                   tt_diag *d)
{
	events_table t = {.f = f};
	tt_plot_cells header = tt_plot_kept_header(r);
	tt_code rc = events_begin(&t, &header, header.loc.file, d);
	if (rc)
		return rc;
	row_kind *kinds = calloc(r->n_texts ? r->n_texts : 1, sizeof *kinds);
	bool *seen = calloc(r->n_texts ? r->n_texts : 1, sizeof *seen);
	if (!kinds || !seen) {
		free(kinds);
		free(seen);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	for (size_t i = 0; i < r->ev.n; i++) {
		size_t texts = r->ev.attr[i];
		tt_plot_cells row;
		if (!seen[texts]) {
			row = tt_plot_kept_cells(r, i);
			kinds[texts] = classify(&t, &row);
			seen[texts] = true;
		}
		/* a decision that changed nothing is counted: no cell read */
		if (kinds[texts].activity)
			row = tt_plot_kept_cells(r, i);
		events_row(&t, &kinds[texts], &row);
	}
	free(kinds);
	free(seen);
	fputs("</table>\n", f);
	events_end(&t);
	return TT_OK;
}

/* ---- the figures first ---- */

/* The number at root.section.key (section NULL: root.key), or NaN. */
static double figure(const tt_node *root, const char *section, const char *key)
{
	const tt_node *m = section ? tt_node_map_get(root, section) : root;
	const tt_node *n =
	        m && m->kind == TT_NODE_MAP ? tt_node_map_get(m, key) : NULL;
	double v;
	if (!n || tt_node_number(n, key, &v, NULL))
		return NAN;
	return v;
}

/*
 * v with `decimals` decimals (none when it is whole) into buf, "-" when
 * it is not a number.
 */
static const char *fixed(double v, int decimals, char buf[32])
{
	if (!isfinite(v) || fabs(v) > 1e15)
		snprintf(buf, 32, "-");
	else /* a whole number without ".0" */
		snprintf(buf, 32, "%.*f", v == floor(v) ? 0 : decimals, v);
	return buf;
}

/* One row of the figures table; a NaN value leaves the row out. */
static void figure_row(FILE *f, const char *name, double value, int decimals,
                       const char *detail)
{
	char buf[32];
	if (isnan(value))
		return;
	fputs("<tr><th>", f);
	put_esc(f, name);
	fputs("</th><td class=\"num\">", f);
	put_esc(f, fixed(value, decimals, buf));
	fputs("</td><td>", f);
	put_esc(f, detail ? detail : "");
	fputs("</td></tr>\n", f);
}

/* Request mode's rows: p99, errors, and the SLO when one was set. */
static void request_figures(FILE *f, const tt_node *root)
{
	char a[32], detail[160];
	snprintf(detail, sizeof detail, "p50 %s ms",
	         fixed(figure(root, "requests", "latency_p50_ms"), 0, a));
	figure_row(f, "p99 latency (ms)",
	           figure(root, "requests", "latency_p99_ms"), 0, detail);
	snprintf(detail, sizeof detail, "%s%% of the requests",
	         fixed(figure(root, "requests", "error_rate") * 100, 2, a));
	figure_row(f, "errors (requests refused)",
	           figure(root, "requests", "errors"), 0, detail);
	double slo = figure(root, "requests", "slo_latency_s");
	if (!(slo > 0)) /* 0: the scenario set no SLO */
		return;
	snprintf(detail, sizeof detail, "requests slower than %s s",
	         fixed(slo, slo == floor(slo) ? 0 : 3, a));
	figure_row(f, "over the SLO", figure(root, "requests", "over_slo"), 0,
	           detail);
}

/* An inference component's rows: its copies, zero and the waits. */
static void ic_figures(FILE *f, const tt_node *root)
{
	const char *ic = "inference_component";
	char a[32], b[32], detail[160];
	snprintf(detail, sizeof detail, "mean %s",
	         fixed(figure(root, ic, "mean_copies"), 2, a));
	figure_row(f, "peak copies in service", figure(root, ic, "peak_copies"),
	           0, detail);
	snprintf(detail, sizeof detail, "%s wake-ups; %s requests failed",
	         fixed(figure(root, ic, "wake_ups"), 0, a),
	         fixed(figure(root, ic, "no_capacity_failures"), 0, b));
	figure_row(f, "minutes at zero copies",
	           figure(root, ic, "zero_copies_s") / 60, 1, detail);
	snprintf(detail, sizeof detail,
	         "from a failure at zero to the first request served; "
	         "p50 %s s, %s measured",
	         fixed(figure(root, ic, "cold_start_wait_p50_s"), 1, a),
	         fixed(figure(root, ic, "cold_starts"), 0, b));
	figure_row(f, "cold-start wait p99 (s)",
	           figure(root, ic, "cold_start_wait_p99_s"), 1, detail);
}

/* The short table at the top of the page. */
static void key_figures(FILE *f, const tt_node *root)
{
	char a[32], b[32], c[32], detail[200];
	bool ic = tt_node_map_get(root, "inference_component") != NULL;
	fputs("<table class=\"figures\">\n", f);
	snprintf(detail, sizeof detail, "%s instance-hours at %s per hour",
	         fixed(figure(root, "cost", "instance_hours"), 2, a),
	         fixed(figure(root, "cost", "price_per_hour"), 4, b));
	figure_row(f, "cost", figure(root, "cost", "total"), 2, detail);
	/* an inference component's desired capacity counts copies */
	snprintf(detail, sizeof detail, "desired at most %s%s; min %s, max %s",
	         fixed(figure(root, "capacity", "peak_desired"), 0, a),
	         ic ? " copies" : "",
	         fixed(figure(root, "capacity", "min"), 0, b),
	         fixed(figure(root, "capacity", "max"), 0, c));
	figure_row(f, "peak capacity (instances in service)",
	           figure(root, "capacity", "peak_in_service"), 0, detail);
	figure_row(f, "mean capacity (instances in service)",
	           figure(root, "capacity", "mean_in_service"), 2, NULL);
	/* a run of step policies alone has no TargetValue to be over */
	const tt_node *pols = tt_node_map_get(root, "policies");
	if (!pols || pols->kind != TT_NODE_SEQ || pols->u.seq.count > 0)
		figure_row(f, "minutes over target",
		           figure(root, NULL, "minutes_over_target"), 1,
		           "minutes the first policy's metric was above its "
		           "TargetValue");
	double out = figure(root, "activities", "scale_out");
	double in = figure(root, "activities", "scale_in");
	snprintf(detail, sizeof detail, "%s out, %s in", fixed(out, 0, a),
	         fixed(in, 0, b));
	figure_row(f, "scaling activities", out + in, 0, detail);
	if (ic)
		ic_figures(f, root);
	if (tt_node_map_get(root, "requests"))
		request_figures(f, root);
	fputs("</table>\n", f);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * A run's files (timeline_csv, events_csv NULL: none, summary_json), or
 * the run kept in memory `r` with its summary_json: what the page is
 * written from.
 */
typedef struct page_src {
	const char *timeline_csv, *events_csv, *summary_json;
	const tt_plot_run_data *r;
} page_src;

static tt_code write_page(const page_src *src, FILE *out, tt_diag *d)
{
	const char *sm = src->summary_json;
	tt_doc doc = {0};
	tt_code rc = tt_doc_load_json(sm, sm, &doc, d);
	if (rc)
		return rc;
	rc = tt_node_expect_map(doc.root, "summary", d);
	if (rc)
		goto release;
	const char *name = summary_string(doc.root, "scenario");
	const char *resource = summary_string(doc.root, "resource");
	const char *mode = summary_string(doc.root, "mode");

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<title>ttsim: ",
	      out);
	put_esc(out, name ? name : "run");
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
	        css);
	put_esc(out, name ? name : "ttsim run");
	fputs("</h1>\n<p class=\"sub\">", out);
	if (resource) {
		put_esc(out, resource);
		fputs(", ", out);
	}
	/* not the directory: the same run must give the same page
	 * wherever it is written */
	if (mode) {
		put_esc(out, mode);
		fputs(" mode", out);
	}
	fputs("</p>\n", out);
	key_figures(out, doc.root);
	fputs("<h2>Timeline</h2>\n<div class=\"plot\">\n", out);
	tt_plot_opts o = {.inline_html = true};
	rc = src->r ? tt_plot_run_data_draw(src->r, &o, out, d)
	            : tt_plot_run_opts(src->timeline_csv, src->events_csv, sm,
	                               &o, out, d);
	if (rc)
		goto release;
	fputs("</div>\n<h2>Scaling activities</h2>\n", out);
	if (src->r ? src->r->have_events : src->events_csv != NULL) {
		rc = src->r ? kept_events_section(out, src->r, d)
		            : events_section(out, src->events_csv, d);
		if (rc)
			goto release;
	} else {
		fputs("<p class=\"note\">no events.csv in this run's "
		      "directory</p>\n",
		      out);
	}
	fputs("<h2>Summary</h2>\n", out);
	summary_table(out, doc.root);
	fputs("<footer>Written by ttsim from timeline.csv, events.csv and "
	      "summary.json.</footer>\n</body>\n</html>\n",
	      out);
release:
	tt_doc_release(&doc);
	return rc;
}

tt_code tt_report_html(const char *dir, FILE *out, tt_diag *d)
{
	char tl[PATH_MAX_LEN], ev[PATH_MAX_LEN], sm[PATH_MAX_LEN];
	size_t n = strlen(dir);
	const char *sep = n && dir[n - 1] == '/' ? "" : "/";
	if ((size_t)snprintf(tl, sizeof tl, "%s%stimeline.csv", dir, sep) >=
	            sizeof tl ||
	    (size_t)snprintf(ev, sizeof ev, "%s%sevents.csv", dir, sep) >=
	            sizeof ev ||
	    (size_t)snprintf(sm, sizeof sm, "%s%ssummary.json", dir, sep) >=
	            sizeof sm)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "directory name '%.64s...' is too long",
		                   dir);
	page_src src = {tl, exists(ev) ? ev : NULL, sm, NULL};
	return write_page(&src, out, d);
}

tt_code tt_report_html_data(const tt_plot_run_data *r, const char *summary_json,
                            FILE *out, tt_diag *d)
{
	page_src src = {NULL, NULL, summary_json, r};
	return write_page(&src, out, d);
}
