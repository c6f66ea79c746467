/*
 * capacity_export.c - a CloudWatch export of the instance count, read as
 * the recorded capacity over time.
 *
 * The file is the same JSON as an invocations trace's (cloudwatch_json.c
 * walks both); what differs is in the rules below.  An instance count is
 * read from whichever statistic the user exported: an Average over a
 * period in which the count changed is the time-weighted count (a
 * fraction), a Maximum or Minimum its bounds; a SampleCount says only how
 * often the group reported it.  And a period without a datapoint is not
 * zero instances but a count not known, so the datapoints are kept as
 * they are, gaps and all, each holding for one period.
 */
#include "capacity_export.h"

#include <stdlib.h>
#include <string.h>

#include "cloudwatch_json.h"
#include "node.h"
#include "ttsim/workload.h"

/* In order of preference: what the count was, then its bounds. */
static const char *const statistics[] = {"Average", "Maximum", "Minimum", "Sum",
                                         NULL};
static const char *const refused[] = {"SampleCount", NULL};

static const tt_cw_rules rules = {
        .statistics = statistics,
        .wanted = "'Average', 'Maximum', 'Minimum' or 'Sum'",
        .refused = refused,
        .advice = "export the instance count's Average or Maximum "
                  "(--statistics Average)",
        .value_max = TT_CAPACITY_EXPORT_MAX,
        .value_max_text = TT_LIMIT_TEXT(TT_CAPACITY_EXPORT_MAX),
        .several = "a capacity export holds one series, the instance "
                   "count (export it alone)",
        .one_advice = "export at least two periods",
        .gaps_are_zero = false,
};

/* The series as the calibration takes it: two arrays, owned. */
static tt_code to_export(const tt_cw_series *s, const char *name,
                         tt_capacity_export *out, tt_diag *d)
{
	int64_t *t = malloc(s->count * sizeof *t);
	double *v = malloc(s->count * sizeof *v);
	if (!t || !v) {
		free(t);
		free(v);
		return tt_diag_nomem(d, (tt_loc){name, 0, 0});
	}
	for (size_t i = 0; i < s->count; i++) {
		t[i] = s->pts[i].unix_us;
		v[i] = s->pts[i].value;
	}
	*out = (tt_capacity_export){
	        t, v, s->count, s->period_us, s->statistic, name};
	return TT_OK;
}

tt_code tt_capacity_export_parse(const char *text, size_t len, const char *name,
                                 tt_capacity_export *out, tt_diag_list *notes,
                                 tt_diag *d)
{
	tt_doc doc = {NULL, name};
	tt_cw_series s = {0};
	/* notes join the caller's only when the export is read */
	tt_diag_list mine = {0};
	tt_capacity_export c;
	tt_code rc = tt_doc_parse_json(text, len, name, &doc, d);
	if (rc)
		return rc;
	if ((rc = tt_cw_read(doc.root, &rules, &s, &mine, d)) ||
	    (rc = tt_cw_finish(&s, &rules, s.where, &mine, d)) ||
	    (rc = to_export(&s, name, &c, d)))
		goto release_series;
	if (notes && tt_diag_list_extend(notes, &mine)) {
		tt_capacity_export_release(&c);
		rc = tt_diag_nomem(d, (tt_loc){name, 0, 0});
		goto release_series;
	}
	*out = c;
release_series:
	tt_diag_list_release(&mine);
	tt_cw_release(&s);
	tt_doc_release(&doc);
	return rc;
}

tt_code tt_capacity_export_read(const char *path, const char *name,
                                tt_capacity_export *out, tt_diag_list *notes,
                                tt_diag *d)
{
	char *text;
	size_t len;
	tt_code rc = tt_read_file(path, name, &text, &len, d);
	if (rc)
		return rc;
	rc = tt_capacity_export_parse(text, len, name, out, notes, d);
	free(text);
	return rc;
}

void tt_capacity_export_release(tt_capacity_export *c)
{
	if (!c)
		return;
	free(c->unix_us);
	free(c->value);
	memset(c, 0, sizeof *c);
}
