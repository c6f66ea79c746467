/*
 * trace_cloudwatch.c - CloudWatch metric exports as traces.
 *
 * Two shapes of JSON, as the AWS CLI prints them:
 *
 *   aws cloudwatch get-metric-statistics --statistics Sum ...
 *     {"Label": "Invocations",
 *      "Datapoints": [{"Timestamp": "2024-01-01T00:00:00Z", "Sum": 123.0,
 *                      "Unit": "None"}, ...]}          (in any order)
 *
 *   aws cloudwatch get-metric-data ...
 *     {"MetricDataResults": [{"Id": "m1", "Label": "Invocations",
 *       "Timestamps": [...], "Values": [...],          (newest first)
 *       "StatusCode": "Complete"}], "Messages": []}
 *
 * Each datapoint is one period's count: the interval [t, t + period), the
 * period being the spec's or the smallest gap between datapoints.  They
 * are sorted by time; two at the same time are an error, and whole
 * periods without a datapoint are zero traffic, tallied in one warning.
 * get-metric-data exports with several results need the one to replay
 * named by 'count' (its Id or Label).  Several files are merged.
 *
 * Unlike the CSV readers this one does not stream: an export is a single
 * JSON document, parsed whole (so at most TT_DOC_MAX_BYTES per file), and
 * its datapoints are kept as (time, count) pairs, which CloudWatch's own
 * limits keep small (a get-metric-data page holds 100,800 of them).
 */
#include "trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "node.h"

typedef struct point {
	int64_t abs_us; /* Unix time */
	double count;
	tt_loc loc;   /* of its timestamp */
	size_t order; /* in the files, for a stable sort */
} point;

typedef struct cw {
	tt_source base;
	point *pts;
	size_t n, cap;
	size_t pos;
	tt_time_us period_us;
} cw;

static tt_code add_point(cw *c, const tt_node *ts, const tt_node *val,
                         const char *what, tt_diag *d)
{
	const char *text;
	double v;
	int64_t us;
	tt_code rc;
	if ((rc = tt_node_string(ts, "Timestamp", &text, d)))
		return rc;
	if (!tt_iso8601_parse(text, ts->u.scalar.len, &us))
		return tt_diag_set(d, TT_EINVAL, ts->loc,
		                   "invalid timestamp '%.64s' (expected ISO "
		                   "8601 like 2024-01-01T00:00:00Z)",
		                   text);
	if ((rc = tt_node_number(val, what, &v, d)))
		return rc;
	if (v < 0)
		return tt_diag_set(d, TT_EINVAL, val->loc,
		                   "'%s' must be >= 0, got %s", what,
		                   val->u.scalar.text);
	if (v > TT_WORKLOAD_VALUE_MAX)
		return tt_diag_set(
		        d, TT_ERANGE, val->loc,
		        "'%s' is too large, got %s (at most " TT_LIMIT_TEXT(
		                TT_WORKLOAD_VALUE_MAX) ")",
		        what, val->u.scalar.text);
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		point *p = realloc(c->pts, cap * sizeof *p);
		if (!p)
			return tt_diag_nomem(d, ts->loc);
		c->pts = p;
		c->cap = cap;
	}
	c->pts[c->n] = (point){us, v == 0 ? 0 : v, ts->loc, c->n};
	c->n++;
	return TT_OK;
}

/* get-metric-statistics: every datapoint's Timestamp and Sum. */
static tt_code read_statistics(cw *c, const tt_node *dps, tt_diag *d)
{
	static const char *const others[] = {"SampleCount", "Average",
	                                     "Minimum", "Maximum", NULL};
	tt_code rc;
	if ((rc = tt_node_expect_seq(dps, "Datapoints", d)))
		return rc;
	for (size_t i = 0; i < dps->u.seq.count; i++) {
		const tt_node *dp = dps->u.seq.items[i], *ts, *sum;
		if ((rc = tt_node_expect_map(dp, "Datapoints item", d)) ||
		    (rc = tt_node_require(dp, "datapoint", "Timestamp", &ts,
		                          d)))
			return rc;
		sum = tt_node_map_get(dp, "Sum");
		for (size_t k = 0; !sum && others[k]; k++)
			if (tt_node_map_get(dp, others[k]))
				return tt_diag_set(
				        d, TT_EINVAL, dp->loc,
				        "the datapoint has '%s' but no 'Sum': "
				        "export the Sum statistic "
				        "(--statistics Sum)",
				        others[k]);
		if (!sum &&
		    (rc = tt_node_require(dp, "datapoint", "Sum", &sum, d)))
			return rc;
		if ((rc = add_point(c, ts, sum, "Sum", d)))
			return rc;
	}
	return TT_OK;
}

/* The results' Ids, quoted, for a message. */
static void list_ids(const tt_node *results, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < results->u.seq.count; i++) {
		const tt_node *id =
		        tt_node_map_get(results->u.seq.items[i], "Id");
		const char *s = id && id->kind == TT_NODE_SCALAR
		                        ? id->u.scalar.text
		                        : "?";
		int n = snprintf(buf + used, size - used, "%s'%.40s'",
		                 i ? ", " : "", s);
		if (n < 0 || (size_t)n >= size - used)
			return;
		used += (size_t)n;
	}
}

static bool scalar_is(const tt_node *n, const char *s)
{
	return n && n->kind == TT_NODE_SCALAR &&
	       strcmp(n->u.scalar.text, s) == 0;
}

/* get-metric-data: the chosen result's Timestamps and Values. */
static tt_code read_data(cw *c, const tt_trace_spec *spec,
                         const tt_node *results, tt_diag_list *notes,
                         tt_diag *d)
{
	tt_code rc;
	char ids[256];
	if ((rc = tt_node_expect_seq(results, "MetricDataResults", d)))
		return rc;
	size_t n = results->u.seq.count;
	for (size_t i = 0; i < n; i++)
		if ((rc = tt_node_expect_map(results->u.seq.items[i],
		                             "MetricDataResults item", d)))
			return rc;
	list_ids(results, ids, sizeof ids);
	const tt_node *r = NULL;
	if (n == 0)
		return tt_diag_set(d, TT_EINVAL, results->loc,
		                   "'MetricDataResults' is empty");
	if (spec->count.name) {
		for (size_t i = 0; i < n && !r; i++) {
			const tt_node *it = results->u.seq.items[i];
			if (scalar_is(tt_node_map_get(it, "Id"),
			              spec->count.name) ||
			    scalar_is(tt_node_map_get(it, "Label"),
			              spec->count.name))
				r = it;
		}
		if (!r)
			return tt_diag_set(
			        d, TT_EINVAL, results->loc,
			        "no result with Id or Label '%s' (the "
			        "export has %s)",
			        spec->count.name, ids);
	} else if (spec->count.index > 0) {
		if ((size_t)spec->count.index > n)
			return tt_diag_set(d, TT_EINVAL, results->loc,
			                   "no result %d: the export has %zu",
			                   spec->count.index, n);
		r = results->u.seq.items[spec->count.index - 1];
	} else if (n == 1) {
		r = results->u.seq.items[0];
	} else {
		return tt_diag_set(
		        d, TT_EINVAL, results->loc,
		        "the export has %zu results (%s): choose one "
		        "with 'count' (its Id or Label)",
		        n, ids);
	}

	const tt_node *ts, *vs, *status;
	if ((rc = tt_node_require(r, "result", "Timestamps", &ts, d)) ||
	    (rc = tt_node_require(r, "result", "Values", &vs, d)) ||
	    (rc = tt_node_expect_seq(ts, "Timestamps", d)) ||
	    (rc = tt_node_expect_seq(vs, "Values", d)))
		return rc;
	if (ts->u.seq.count != vs->u.seq.count)
		return tt_diag_set(d, TT_EINVAL, vs->loc,
		                   "'Values' has %zu items but 'Timestamps' "
		                   "has %zu",
		                   vs->u.seq.count, ts->u.seq.count);
	status = tt_node_map_get(r, "StatusCode");
	if (scalar_is(status, "PartialData"))
		tt_diag_list_add(notes, TT_SEV_WARNING, status->loc,
		                 "the result is 'PartialData': the export "
		                 "holds only part of the data (fetch the rest "
		                 "with NextToken)");
	for (size_t i = 0; i < ts->u.seq.count; i++)
		if ((rc = add_point(c, ts->u.seq.items[i], vs->u.seq.items[i],
		                    "Values", d)))
			return rc;
	return TT_OK;
}

static tt_code read_file(cw *c, const tt_trace_spec *spec, size_t i,
                         tt_loc where, tt_diag_list *notes, tt_diag *d)
{
	const char *name = tt_trace_file_name(spec, i);
	/* The reason a file cannot be opened belongs to the scenario. */
	struct stat st;
	if (stat(spec->paths[i], &st) != 0)
		return tt_diag_set(d, TT_EIO, where,
		                   "cannot open trace '%s': %s", name,
		                   strerror(errno));
	if (S_ISDIR(st.st_mode))
		return tt_diag_set(d, TT_EIO, where,
		                   "cannot open trace '%s': %s", name,
		                   strerror(EISDIR));
	tt_doc doc = {0};
	tt_code rc = tt_doc_load_json(spec->paths[i], name, &doc, d);
	if (rc)
		goto release_doc;
	const tt_node *root = doc.root, *n;
	if ((rc = tt_node_expect_map(root, "CloudWatch export", d)))
		goto release_doc;
	if ((n = tt_node_map_get(root, "Datapoints")))
		rc = read_statistics(c, n, d);
	else if ((n = tt_node_map_get(root, "MetricDataResults")))
		rc = read_data(c, spec, n, notes, d);
	else
		rc = tt_diag_set(
		        d, TT_EINVAL, root->loc,
		        "expected 'Datapoints' (get-metric-statistics) "
		        "or 'MetricDataResults' (get-metric-data)");
release_doc:
	tt_doc_release(&doc);
	return rc;
}

static int by_time(const void *a, const void *b)
{
	const point *p = a, *q = b;
	if (p->abs_us != q->abs_us)
		return p->abs_us < q->abs_us ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

/* Sorted points: no two at one time; the period; the gaps. */
static tt_code check_points(cw *c, const tt_trace_spec *spec,
                            tt_diag_list *notes, tt_diag *d)
{
	qsort(c->pts, c->n, sizeof *c->pts, by_time);
	tt_time_us min_gap = 0;
	for (size_t i = 1; i < c->n; i++) {
		const point *p = &c->pts[i - 1], *q = &c->pts[i];
		tt_time_us gap = q->abs_us - p->abs_us;
		if (gap == 0)
			return tt_diag_set(d, TT_EINVAL, q->loc,
			                   "another datapoint has the same "
			                   "timestamp (%s:%d:%d)",
			                   p->loc.file, p->loc.line,
			                   p->loc.col);
		if (min_gap == 0 || gap < min_gap)
			min_gap = gap;
	}
	c->period_us = spec->period_us ? spec->period_us : min_gap;
	if (c->period_us == 0)
		return tt_diag_set(
		        d, TT_EINVAL,
		        (tt_loc){c->pts[0].loc.file, c->pts[0].loc.line, 0},
		        "cannot tell the period of a one-datapoint "
		        "export: give the trace a 'period'");
	tt_gaps gaps = {0};
	for (size_t i = 1; i < c->n; i++) {
		const point *p = &c->pts[i - 1], *q = &c->pts[i];
		if (q->abs_us - p->abs_us < c->period_us) {
			char per[32];
			return tt_diag_set(
			        d, TT_EINVAL, q->loc,
			        "datapoints overlap: this one is less than one "
			        "period (%s) after the one at %s:%d:%d",
			        tt_period_format(c->period_us, per, sizeof per),
			        p->loc.file, p->loc.line, p->loc.col);
		}
		tt_gaps_add(&gaps, p->abs_us, q->abs_us, c->period_us, q->loc);
	}
	return tt_gaps_warn(&gaps, "datapoint", notes);
}

static tt_code cw_next(tt_source *src, tt_interval *out, bool *end, tt_diag *d)
{
	(void)d;
	cw *c = (cw *)src;
	*end = c->pos >= c->n;
	if (*end)
		return TT_OK;
	const point *p = &c->pts[c->pos++];
	*out = (tt_interval){p->abs_us - c->pts[0].abs_us, c->period_us,
	                     p->count, NULL};
	return TT_OK;
}

static tt_code cw_rewind(tt_source *src, tt_diag *d)
{
	(void)d;
	((cw *)src)->pos = 0;
	return TT_OK;
}

static void cw_close(tt_source *src)
{
	cw *c = (cw *)src;
	free(c->pts);
	free(c);
}

static const tt_source_ops cw_ops = {
        .next = cw_next, .rewind = cw_rewind, .close = cw_close};

tt_code tt_trace_cloudwatch_open(const tt_trace_spec *spec, tt_loc where,
                                 tt_diag_list *notes, tt_source **out,
                                 tt_diag *d)
{
	tt_code rc;
	if (spec->n_paths == 0)
		return tt_diag_set(d, TT_EINVAL, where,
		                   "the trace names no file");
	cw *c = calloc(1, sizeof *c);
	if (!c)
		return tt_diag_nomem(d, where);
	c->base.ops = &cw_ops;
	for (size_t i = 0; i < spec->n_paths; i++)
		if ((rc = read_file(c, spec, i, where, notes, d)))
			goto fail_free;
	if (c->n == 0) {
		rc = tt_diag_set(d, TT_EINVAL,
		                 (tt_loc){tt_trace_file_name(spec, 0), 0, 0},
		                 "the export has no datapoints");
		goto fail_free;
	}
	if ((rc = check_points(c, spec, notes, d)))
		goto fail_free;
	c->base.wallclock = true;
	c->base.origin_unix_s = tt_unix_s_floor(c->pts[0].abs_us);
	*out = &c->base;
	return TT_OK;

fail_free:
	cw_close(&c->base);
	return rc;
}
