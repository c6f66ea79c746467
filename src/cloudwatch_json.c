/*
 * cloudwatch_json.c - one walk of a CloudWatch export's JSON, for the
 * invocations trace (trace_cloudwatch.c) and the recorded instance count
 * (capacity_export.c).
 *
 * Every datapoint is kept as a (time, value) pair with the place of its
 * timestamp, which CloudWatch's own limits keep small (a get-metric-data
 * page holds 100,800 of them); tt_cw_finish sorts them and tells the
 * period.  What differs between the readers comes in a tt_cw_rules, so a
 * rule about the files themselves (a duplicate timestamp, a PartialData
 * result, a value that is not a count) is written once.
 */
#include "cloudwatch_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

void tt_cw_release(tt_cw_series *s)
{
	if (!s)
		return;
	free(s->pts);
	memset(s, 0, sizeof *s);
}

static tt_code add_point(tt_cw_series *s, const tt_cw_rules *r,
                         const tt_node *ts, const tt_node *val,
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
	/* refused here, never wrapped or saturated further on */
	if (v > r->value_max)
		return tt_diag_set(d, TT_ERANGE, val->loc,
		                   "'%s' is too large, got %s (at most %s)",
		                   what, val->u.scalar.text, r->value_max_text);
	if (s->count == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		tt_cw_point *p = realloc(s->pts, cap * sizeof *p);
		if (!p)
			return tt_diag_nomem(d, ts->loc);
		s->pts = p;
		s->cap = cap;
	}
	s->pts[s->count] = (tt_cw_point){us, v == 0 ? 0 : v, ts->loc, s->count};
	s->count++;
	return TT_OK;
}

/*
 * The value of datapoint `dp` for the statistic read.  *chosen is NULL
 * before the document's first datapoint, which chooses it: the first of
 * r->statistics it holds.  With a single statistic accepted every
 * datapoint is judged alone, so one holding only a refused statistic is
 * told to export the right one; with several, every later datapoint must
 * hold the one the first chose, since a series mixing Average and Maximum
 * would be neither.
 */
static tt_code statistic_value(const tt_cw_rules *r, const tt_node *dp,
                               const char **chosen, tt_loc *chosen_at,
                               const tt_node **val, tt_diag *d)
{
	if (*chosen && (*val = tt_node_map_get(dp, *chosen)))
		return TT_OK;
	if (*chosen && r->statistics[1])
		return tt_diag_set(d, TT_EINVAL, dp->loc,
		                   "the datapoint has no '%s', the statistic "
		                   "of the first datapoint (%s:%d:%d)",
		                   *chosen, chosen_at->file, chosen_at->line,
		                   chosen_at->col);
	for (size_t k = 0; r->statistics[k]; k++)
		if ((*val = tt_node_map_get(dp, r->statistics[k]))) {
			*chosen = r->statistics[k];
			*chosen_at = dp->loc;
			return TT_OK;
		}
	for (size_t k = 0; r->refused[k]; k++)
		if (tt_node_map_get(dp, r->refused[k]))
			return tt_diag_set(
			        d, TT_EINVAL, dp->loc,
			        "the datapoint has '%s' but no %s: %s",
			        r->refused[k], r->wanted, r->advice);
	/* a single statistic is a required key like any other */
	if (!r->statistics[1])
		return tt_node_require(dp, "datapoint", r->statistics[0], val,
		                       d);
	return tt_diag_set(d, TT_EINVAL, dp->loc, "the datapoint has no %s: %s",
	                   r->wanted, r->advice);
}

/* get-metric-statistics: every datapoint's Timestamp and statistic. */
static tt_code read_statistics(const tt_node *dps, const tt_cw_rules *r,
                               tt_cw_series *s, tt_diag *d)
{
	const char *chosen = NULL;
	tt_loc chosen_at = {0};
	tt_code rc;
	if ((rc = tt_node_expect_seq(dps, "Datapoints", d)))
		return rc;
	s->where = dps->loc;
	for (size_t i = 0; i < dps->u.seq.count; i++) {
		const tt_node *dp = dps->u.seq.items[i], *ts, *val;
		if ((rc = tt_node_expect_map(dp, "Datapoints item", d)) ||
		    (rc = tt_node_require(dp, "datapoint", "Timestamp", &ts,
		                          d)) ||
		    (rc = statistic_value(r, dp, &chosen, &chosen_at, &val,
		                          d)) ||
		    (rc = add_point(s, r, ts, val, chosen, d)))
			return rc;
	}
	s->statistic = chosen ? chosen : r->statistics[0];
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
static tt_code read_data(const tt_node *results, const tt_cw_rules *r,
                         tt_cw_series *s, tt_diag_list *notes, tt_diag *d)
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
	const tt_node *res = NULL;
	if (n == 0)
		return tt_diag_set(d, TT_EINVAL, results->loc,
		                   "'MetricDataResults' is empty");
	if (r->result_name) {
		for (size_t i = 0; i < n && !res; i++) {
			const tt_node *it = results->u.seq.items[i];
			if (scalar_is(tt_node_map_get(it, "Id"),
			              r->result_name) ||
			    scalar_is(tt_node_map_get(it, "Label"),
			              r->result_name))
				res = it;
		}
		if (!res)
			return tt_diag_set(
			        d, TT_EINVAL, results->loc,
			        "no result with Id or Label '%s' (the "
			        "export has %s)",
			        r->result_name, ids);
	} else if (r->result_index > 0) {
		if ((size_t)r->result_index > n)
			return tt_diag_set(d, TT_EINVAL, results->loc,
			                   "no result %d: the export has %zu",
			                   r->result_index, n);
		res = results->u.seq.items[r->result_index - 1];
	} else if (n == 1) {
		res = results->u.seq.items[0];
	} else {
		return tt_diag_set(d, TT_EINVAL, results->loc,
		                   "the export has %zu results (%s): %s", n,
		                   ids, r->several);
	}

	const tt_node *ts, *vs, *status;
	if ((rc = tt_node_require(res, "result", "Timestamps", &ts, d)) ||
	    (rc = tt_node_require(res, "result", "Values", &vs, d)) ||
	    (rc = tt_node_expect_seq(ts, "Timestamps", d)) ||
	    (rc = tt_node_expect_seq(vs, "Values", d)))
		return rc;
	if (ts->u.seq.count != vs->u.seq.count)
		return tt_diag_set(d, TT_EINVAL, vs->loc,
		                   "'Values' has %zu items but 'Timestamps' "
		                   "has %zu",
		                   vs->u.seq.count, ts->u.seq.count);
	s->where = vs->loc;
	status = tt_node_map_get(res, "StatusCode");
	if (scalar_is(status, "PartialData"))
		tt_diag_list_add(notes, TT_SEV_WARNING, status->loc,
		                 "the result is 'PartialData': the export "
		                 "holds only part of the data (fetch the rest "
		                 "with NextToken)");
	for (size_t i = 0; i < ts->u.seq.count; i++)
		if ((rc = add_point(s, r, ts->u.seq.items[i],
		                    vs->u.seq.items[i], "Values", d)))
			return rc;
	s->statistic = "Values";
	return TT_OK;
}

tt_code tt_cw_read(const tt_node *root, const tt_cw_rules *r, tt_cw_series *s,
                   tt_diag_list *notes, tt_diag *d)
{
	const tt_node *n;
	tt_code rc = tt_node_expect_map(root, "CloudWatch export", d);
	if (rc)
		return rc;
	if ((n = tt_node_map_get(root, "Datapoints")))
		return read_statistics(n, r, s, d);
	if ((n = tt_node_map_get(root, "MetricDataResults")))
		return read_data(n, r, s, notes, d);
	return tt_diag_set(d, TT_EINVAL, root->loc,
	                   "expected 'Datapoints' (get-metric-statistics) "
	                   "or 'MetricDataResults' (get-metric-data)");
}

static int by_time(const void *a, const void *b)
{
	const tt_cw_point *p = a, *q = b;
	if (p->unix_us != q->unix_us)
		return p->unix_us < q->unix_us ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

/*
 * Missing periods between datapoints, counted with the trace readers'
 * tt_gaps.  tt_gaps_warn words them as zero traffic, which is what an
 * invocations trace replays; an instance count is not known there (the
 * calibration leaves those periods out), so its note says that instead.
 */
static tt_code tally_gaps(const tt_cw_series *s, const tt_cw_rules *r,
                          tt_diag_list *notes)
{
	tt_gaps g = {0};
	for (size_t i = 1; i < s->count; i++)
		tt_gaps_add(&g, s->pts[i - 1].unix_us, s->pts[i].unix_us,
		            s->period_us, s->pts[i].loc);
	if (r->gaps_are_zero)
		return tt_gaps_warn(&g, "datapoint", notes);
	if (g.n_gaps == 0)
		return TT_OK;
	return tt_diag_list_add(
	        notes, TT_SEV_NOTE, g.first,
	        "%lld period%s missing in %lld gap%s between datapoints (the "
	        "first before this datapoint): the count is not known there",
	        (long long)g.n_missing, g.n_missing == 1 ? "" : "s",
	        (long long)g.n_gaps, g.n_gaps == 1 ? "" : "s");
}

tt_code tt_cw_finish(tt_cw_series *s, const tt_cw_rules *r, tt_loc empty_at,
                     tt_diag_list *notes, tt_diag *d)
{
	if (s->count == 0)
		return tt_diag_set(d, TT_EINVAL, empty_at,
		                   "the export has no datapoints");
	qsort(s->pts, s->count, sizeof *s->pts, by_time);
	tt_time_us min_gap = 0;
	for (size_t i = 1; i < s->count; i++) {
		const tt_cw_point *p = &s->pts[i - 1], *q = &s->pts[i];
		tt_time_us gap = q->unix_us - p->unix_us;
		if (gap == 0)
			return tt_diag_set(d, TT_EINVAL, q->loc,
			                   "another datapoint has the same "
			                   "timestamp (%s:%d:%d)",
			                   p->loc.file, p->loc.line,
			                   p->loc.col);
		if (min_gap == 0 || gap < min_gap)
			min_gap = gap;
	}
	s->period_us = r->period_us ? r->period_us : min_gap;
	if (s->period_us == 0)
		return tt_diag_set(
		        d, TT_EINVAL,
		        (tt_loc){s->pts[0].loc.file, s->pts[0].loc.line, 0},
		        "cannot tell the period of a one-datapoint export: %s",
		        r->one_advice);
	for (size_t i = 1; i < s->count; i++) {
		const tt_cw_point *p = &s->pts[i - 1], *q = &s->pts[i];
		if (q->unix_us - p->unix_us < s->period_us) {
			char per[32];
			return tt_diag_set(
			        d, TT_EINVAL, q->loc,
			        "datapoints overlap: this one is less than one "
			        "period (%s) after the one at %s:%d:%d",
			        tt_period_format(s->period_us, per, sizeof per),
			        p->loc.file, p->loc.line, p->loc.col);
		}
	}
	return tally_gaps(s, r, notes);
}
