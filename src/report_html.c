/*
 * report_html.c - report.html: a run's picture, summary and scaling events
 * on one page that needs nothing else.
 *
 * The summary table is summary.json walked in document order, so every
 * figure a run reports appears without this file naming it: top-level
 * numbers first, then one section per object (capacity, cost, activities,
 * each policy, the knobs).  Long fractions are shown to six significant
 * digits; summary.json keeps them whole.  The events table lists the
 * activities (InProgress and Successful rows) up to a limit, because a
 * long run's NotScaled decisions run to tens of thousands and say more as
 * counts by reason.
 *
 * The SVG is embedded without its xmlns attribute (HTML supplies the
 * namespace), so the page holds no URL at all.
 */
#include "ttsim/report_html.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "node.h"
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
        "div.plot{overflow-x:auto}\n"
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

static size_t field(const tt_csv *c, const char *name)
{
	for (size_t i = 0; i < c->n_fields; i++)
		if (tt_csv_is(c, i, name))
			return i;
	return SIZE_MAX;
}

static void put_cell(FILE *f, const tt_csv *c, size_t i, const char *cls)
{
	fputs(cls ? "<td class=\"" : "<td", f);
	if (cls) {
		fputs(cls, f);
		fputc('"', f);
	}
	fputc('>', f);
	if (i != SIZE_MAX && i < c->n_fields) {
		size_t n;
		const char *s = tt_csv_text(c, i, &n);
		put_esc_n(f, s, n);
	}
	fputs("</td>", f);
}

/* The activities and the NotScaled counts of events.csv. */
static tt_code events_section(FILE *f, const char *path, tt_diag *d)
{
	tt_csv c;
	bool got = false;
	reason_count reasons[MAX_REASONS];
	size_t n_reasons = 0;
	long shown = 0, activities = 0, not_scaled = 0;
	tt_code rc = tt_csv_open(&c, path, path, (tt_loc){path, 0, 0}, d);
	if (rc)
		return rc;
	rc = tt_csv_next(&c, &got, d);
	if (rc || !got)
		goto close;
	size_t ct = field(&c, "time_s"), cp = field(&c, "policy"),
	       cd = field(&c, "direction"), cf = field(&c, "from"),
	       cto = field(&c, "to"), cr = field(&c, "reason");
	if (ct == SIZE_MAX || cd == SIZE_MAX || cr == SIZE_MAX) {
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){path, 1, 1},
		                 "the events header needs 'time_s', "
		                 "'direction' and 'reason'");
		goto close;
	}
	fputs("<table class=\"events\">\n<tr><th>time</th><th>time_s</th>"
	      "<th>policy</th><th>direction</th><th>from</th><th>to</th>"
	      "<th>reason</th></tr>\n",
	      f);
	for (;;) {
		rc = tt_csv_next(&c, &got, d);
		if (rc || !got)
			break;
		if (c.n_fields <= cr || c.n_fields <= cd || c.n_fields <= ct) {
			rc = tt_csv_expect_columns(&c, cr + 1, d);
			break;
		}
		bool out = tt_csv_is(&c, cd, "out");
		if (tt_csv_is(&c, cr, "InProgress") ||
		    tt_csv_is(&c, cr, "Successful")) {
			activities++;
			if (shown >= TT_REPORT_HTML_MAX_EVENTS)
				continue;
			shown++;
			size_t n;
			const char *s = tt_csv_text(&c, ct, &n);
			char tbuf[64], clock[64];
			snprintf(tbuf, sizeof tbuf, "%.*s", (int)n, s);
			clock_text(tbuf, clock, sizeof clock);
			fprintf(f, "<tr class=\"%s\"><td>", out ? "out" : "in");
			put_esc(f, clock);
			fputs("</td>", f);
			put_cell(f, &c, ct, "num");
			put_cell(f, &c, cp, NULL);
			put_cell(f, &c, cd, "dir");
			put_cell(f, &c, cf, "num");
			put_cell(f, &c, cto, "num");
			put_cell(f, &c, cr, NULL);
			fputs("</tr>\n", f);
			continue;
		}
		not_scaled++;
		size_t n;
		const char *s = tt_csv_text(&c, cr, &n);
		size_t k = 0;
		while (k < n_reasons && !(strlen(reasons[k].reason) == n &&
		                          memcmp(reasons[k].reason, s, n) == 0))
			k++;
		if (k == n_reasons && n_reasons < MAX_REASONS) {
			snprintf(reasons[k].reason, sizeof reasons[k].reason,
			         "%.*s", (int)n, s);
			reasons[k].out = reasons[k].in = 0;
			n_reasons++;
		}
		if (k < n_reasons) {
			if (out)
				reasons[k].out++;
			else
				reasons[k].in++;
		}
	}
	fputs("</table>\n", f);
	if (rc)
		goto close;
	if (activities == 0)
		fputs("<p class=\"note\">no scaling activity in this run</p>\n",
		      f);
	if (activities > shown)
		fprintf(f,
		        "<p class=\"note\">the first %ld of %ld activity rows "
		        "are listed</p>\n",
		        shown, activities);
	fprintf(f,
	        "<h2>Not scaled</h2>\n<p>%ld decisions that changed "
	        "nothing, by reason code:</p>\n",
	        not_scaled);
	fputs("<table class=\"not-scaled\">\n<tr><th>reason</th><th>out</th>"
	      "<th>in</th></tr>\n",
	      f);
	for (size_t k = 0; k < n_reasons; k++) {
		fputs("<tr><td>", f);
		put_esc(f, reasons[k].reason);
		fprintf(f,
		        "</td><td class=\"num\">%ld</td><td class=\"num\">"
		        "%ld</td></tr>\n",
		        reasons[k].out, reasons[k].in);
	}
	fputs("</table>\n", f);
close:
	tt_csv_close(&c);
	return rc;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
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
	return tt_report_html_files(tl, exists(ev) ? ev : NULL, sm, out, d);
}

tt_code tt_report_html_files(const char *timeline_csv, const char *events_csv,
                             const char *summary_json, FILE *out, tt_diag *d)
{
	const char *tl = timeline_csv, *ev = events_csv, *sm = summary_json;
	tt_doc doc = {0};
	tt_code rc = tt_doc_load_json(sm, sm, &doc, d);
	if (rc)
		return rc;
	rc = tt_node_expect_map(doc.root, "summary", d);
	if (rc)
		goto release;
	bool have_events = ev != NULL;
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
	fputs("</p>\n<h2>Timeline</h2>\n<div class=\"plot\">\n", out);
	tt_plot_opts o = {.inline_html = true};
	rc = tt_plot_run_opts(tl, have_events ? ev : NULL, sm, &o, out, d);
	if (rc)
		goto release;
	fputs("</div>\n<h2>Summary</h2>\n", out);
	summary_table(out, doc.root);
	fputs("<h2>Scaling activities</h2>\n", out);
	if (have_events) {
		rc = events_section(out, ev, d);
		if (rc)
			goto release;
	} else {
		fputs("<p class=\"note\">no events.csv in this run's "
		      "directory</p>\n",
		      out);
	}
	fputs("<footer>Written by ttsim from timeline.csv, events.csv and "
	      "summary.json.</footer>\n</body>\n</html>\n",
	      out);
release:
	tt_doc_release(&doc);
	return rc;
}
