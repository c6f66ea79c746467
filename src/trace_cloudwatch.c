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
 * limits keep small (a get-metric-data page holds 100,800 of them).  The
 * walk of the JSON and the checks of the datapoints are cloudwatch_json.c's,
 * shared with the reader of a recorded instance count; what is particular
 * to a trace of invocations is the rules below.
 */
#include "trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cloudwatch_json.h"
#include "csv.h"
#include "node.h"

typedef struct cw {
	tt_source base;
	tt_cw_series series;
	size_t pos;
} cw;

static const char *const statistics[] = {"Sum", NULL};
static const char *const refused[] = {"SampleCount", "Average", "Minimum",
                                      "Maximum", NULL};

/*
 * An invocations trace: the Sum of each period, a count up to the
 * workload's limit; the result named by the spec's 'count'; the spec's
 * period or the smallest gap; whole periods without a datapoint are zero
 * traffic.
 */
static tt_cw_rules trace_rules(const tt_trace_spec *spec)
{
	return (tt_cw_rules){
	        .statistics = statistics,
	        .wanted = "'Sum'",
	        .refused = refused,
	        .advice = "export the Sum statistic (--statistics Sum)",
	        .value_max = TT_WORKLOAD_VALUE_MAX,
	        .value_max_text = TT_LIMIT_TEXT(TT_WORKLOAD_VALUE_MAX),
	        .result_name = spec->count.name,
	        .result_index = spec->count.index,
	        .several = "choose one with 'count' (its Id or Label)",
	        .period_us = spec->period_us,
	        .one_advice = "give the trace a 'period'",
	        .gaps_are_zero = true,
	};
}

static tt_code read_file(cw *c, const tt_trace_spec *spec,
                         const tt_cw_rules *rules, size_t i, tt_loc where,
                         tt_diag_list *notes, tt_diag *d)
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
	if (!rc)
		rc = tt_cw_read(doc.root, rules, &c->series, notes, d);
	tt_doc_release(&doc);
	return rc;
}

static tt_code cw_next(tt_source *src, tt_interval *out, bool *end, tt_diag *d)
{
	(void)d;
	cw *c = (cw *)src;
	const tt_cw_series *s = &c->series;
	*end = c->pos >= s->count;
	if (*end)
		return TT_OK;
	const tt_cw_point *p = &s->pts[c->pos++];
	*out = (tt_interval){p->unix_us - s->pts[0].unix_us, s->period_us,
	                     p->value, NULL};
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
	tt_cw_release(&c->series);
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
	tt_cw_rules rules = trace_rules(spec);
	for (size_t i = 0; i < spec->n_paths; i++)
		if ((rc = read_file(c, spec, &rules, i, where, notes, d)))
			goto fail_free;
	/* several files: the export as a whole is empty, not one file */
	if ((rc = tt_cw_finish(&c->series, &rules,
	                       (tt_loc){tt_trace_file_name(spec, 0), 0, 0},
	                       notes, d)))
		goto fail_free;
	c->base.wallclock = true;
	c->base.origin_unix_s = tt_unix_s_floor(c->series.pts[0].unix_us);
	*out = &c->base;
	return TT_OK;

fail_free:
	cw_close(&c->base);
	return rc;
}
