/*
 * capacity_export.h - a recorded instance count over time, read from the
 * CloudWatch export a user makes of it:
 *
 *   aws cloudwatch get-metric-statistics --namespace AWS/AutoScaling \
 *       --metric-name GroupInServiceInstances --statistics Average \
 *       --period 60 ...
 *
 * (or ECS Container Insights' RunningTaskCount, or get-metric-data), as
 * the AWS CLI prints it.  `ttsim calibrate --capacity FILE` compares it
 * with the simulated capacity (ttsim/calibrate.h holds the result's type,
 * tt_capacity_export).
 *
 * Private to the library.
 */
#ifndef TTSIM_CAPACITY_EXPORT_H
#define TTSIM_CAPACITY_EXPORT_H

#include <stddef.h>

#include "activities.h"
#include "ttsim/calibrate.h"
#include "ttsim/diag.h"

/* The largest instance count read, as for an activity's target count. */
#define TT_CAPACITY_EXPORT_MAX TT_ACTIVITY_MAX_CAPACITY

/*
 * Read an export from the text of a file (len bytes, need not be
 * NUL-terminated), named `name` in locations and in out->name (borrowed:
 * keep it alive as long as *out).
 *
 * Both shapes trace_cloudwatch.c reads.  get-metric-statistics: each
 * datapoint's Average, Maximum, Minimum or Sum, the first of those the
 * first datapoint holds, which every datapoint must then hold (a
 * datapoint with SampleCount alone is refused: the count of samples is
 * not the count of instances); out->statistic names it.
 * get-metric-data: the one result's Values (statistic "Values"; several
 * results are refused, listing their Ids).
 *
 * Values: numbers from 0 to TT_CAPACITY_EXPORT_MAX (above: TT_ERANGE),
 * fractions allowed (an Average over a minute in which the count
 * changed).  Datapoints come back sorted by time, the period being the
 * smallest gap between two; two at one time, or a single datapoint, are
 * errors.  A period without a datapoint stays missing: the count is not
 * known there, and a note in `notes` (may be NULL) tallies such gaps.
 *
 * Errors: TT_ESYNTAX, TT_EINVAL, TT_ERANGE at file:line:col.  On failure
 * *out is untouched.  Free with tt_capacity_export_release.
 */
tt_code tt_capacity_export_parse(const char *text, size_t len, const char *name,
                                 tt_capacity_export *out, tt_diag_list *notes,
                                 tt_diag *d);

/* The same for the file at `path` (read whole: a pipe works); TT_EIO
 * when it cannot be read. */
tt_code tt_capacity_export_read(const char *path, const char *name,
                                tt_capacity_export *out, tt_diag_list *notes,
                                tt_diag *d);

/* Free what the export owns.  Accepts a zeroed one. */
void tt_capacity_export_release(tt_capacity_export *c);

#endif
