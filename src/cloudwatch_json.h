/*
 * cloudwatch_json.h - the two JSON shapes the AWS CLI prints for one
 * CloudWatch metric, walked in one place for every reader of them.
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
 * An invocations trace (trace_cloudwatch.c) and a recorded instance count
 * (capacity_export.c) read the same files and differ only in which
 * statistic they take, how large a value may be, how a get-metric-data
 * result is chosen and what a period without a datapoint means.  A
 * tt_cw_rules says which; the walk, the checks of every value, the order,
 * the period and the tally of the gaps are written once, here.
 *
 * Private to the library.
 */
#ifndef TTSIM_CLOUDWATCH_JSON_H
#define TTSIM_CLOUDWATCH_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node.h"
#include "ttsim/diag.h"
#include "ttsim/simtime.h"

/* One datapoint: its time and its value. */
typedef struct tt_cw_point {
	int64_t unix_us; /* its Timestamp */
	double value;    /* never -0 */
	tt_loc loc;      /* of its timestamp */
	size_t order;    /* in the files, for a stable sort */
} tt_cw_point;

/*
 * The datapoints of one or more documents, in file order until
 * tt_cw_finish sorts them.  Zero-initialise; free with tt_cw_release.
 */
typedef struct tt_cw_series {
	tt_cw_point *pts;
	size_t count, cap;
	/* The statistic of the last document read: "Sum", "Average", ...,
	 * or "Values" for get-metric-data; static; NULL before one. */
	const char *statistic;
	tt_loc where;         /* its 'Datapoints' or 'Values' */
	tt_time_us period_us; /* set by tt_cw_finish */
} tt_cw_series;

/* What a reader accepts, and what it says when it does not. */
typedef struct tt_cw_rules {
	/*
	 * get-metric-statistics: the statistics read, in order of
	 * preference (NULL-terminated).  The first of them a document's
	 * first datapoint holds is read from each of its datapoints.
	 */
	const char *const *statistics;
	const char *wanted; /* the same in a message: "'Sum'" */
	/* Statistics a datapoint may hold instead (NULL-terminated),
	 * refused by name with `advice`. */
	const char *const *refused;
	const char *advice; /* "export the Sum statistic (--statistics Sum)" */
	/* The largest value, and the same as written in a message. */
	double value_max;
	const char *value_max_text;
	/*
	 * get-metric-data: the result with this Id or Label (not NULL), else
	 * the result_index-th (> 0, 1-based), else the only one; several and
	 * no choice are refused with `several` after their Ids.
	 */
	const char *result_name;
	int result_index;
	const char *several;
	/* tt_cw_finish: the period when > 0, else the smallest gap between
	 * datapoints; `one_advice` ends the refusal of a single datapoint. */
	tt_time_us period_us;
	const char *one_advice;
	/*
	 * A period without a datapoint: zero (an invocations trace: a
	 * warning says the gaps are replayed as zero traffic), or not known
	 * (an instance count: a note tallies the gaps).
	 */
	bool gaps_are_zero;
} tt_cw_rules;

/*
 * Walk one parsed export (its root) and append its datapoints to *s.
 * Errors, at the value concerned: a root that is not a map or has neither
 * 'Datapoints' nor 'MetricDataResults', a datapoint without the statistic
 * (or with a refused one), a result that cannot be chosen, a bad
 * timestamp, a value that is not a number, negative or above
 * r->value_max (TT_ERANGE).  A PartialData result adds a warning to
 * `notes` (may be NULL).  On failure *s holds what was read before.
 */
tt_code tt_cw_read(const tt_node *root, const tt_cw_rules *r, tt_cw_series *s,
                   tt_diag_list *notes, tt_diag *d);

/*
 * Sort the datapoints by time and check them: none at all is an error at
 * `empty_at`; two at the same time an error at the second, naming the
 * first; one alone, without r->period_us, an error (the period cannot be
 * told); two closer than a given period, an error at the second.  Sets
 * s->period_us and adds the tally of the gaps to `notes` (r->gaps_are_zero
 * says in which words).
 */
tt_code tt_cw_finish(tt_cw_series *s, const tt_cw_rules *r, tt_loc empty_at,
                     tt_diag_list *notes, tt_diag *d);

/* Free the datapoints.  Accepts a zeroed series. */
void tt_cw_release(tt_cw_series *s);

#endif
