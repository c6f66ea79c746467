/*
 * metric_math.h - the metric-math form of a custom metric, as CloudWatch
 * evaluates it for target tracking.
 *
 * A CustomizedMetricSpecification may name its metric as a list of queries
 * (`Metrics`): each query has an Id and either fetches one metric
 * (`MetricStat`) or computes a series from the others (`Expression`), and
 * exactly one of them returns the datapoints the alarms see.  policy.c reads
 * the JSON into tt_math_query entries; this module checks the Ids, parses
 * each expression to a tree, orders the queries so every one comes after
 * those it uses (a cycle is an error), and evaluates one period's datapoint
 * from the values of the MetricStat queries.
 *
 * The grammar, loosest binding first:
 *
 *   expr    = and { ("OR" | "||") and }
 *   and     = cmp { ("AND" | "&&") cmp }
 *   cmp     = sum { ("<" | ">" | "<=" | ">=" | "==" | "!=") sum }
 *   sum     = product { ("+" | "-") product }
 *   product = unary { ("*" | "/") unary }
 *   unary   = ("-" | "+") unary | primary
 *   primary = number | id | "(" expr ")" | FUNCTION "(" args ")"
 *
 * with the functions FILL(x, v), SUM([x, ...]), AVG([...]), MIN([...]),
 * MAX([...]), ABS(x) and IF(cond, a [, b]).  Every operation on a missing
 * value is missing; FILL turns missing into v; SUM, AVG, MIN and MAX use the
 * present values of their list and are missing when none is present;
 * division by zero, and any result that is not finite, is missing.
 */
#ifndef TTSIM_METRIC_MATH_H
#define TTSIM_METRIC_MATH_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsim/diag.h"
#include "ttsim/policy.h"

/* At most this many queries in one `Metrics` list. */
#define TT_MATH_MAX_QUERIES 64

/* A parsed expression; private to metric_math.c. */
typedef struct tt_math_expr tt_math_expr;

/* One entry of `Metrics`. */
typedef struct tt_math_query {
	char *id;
	tt_loc id_loc; /* the Id value */
	tt_loc loc;    /* the query's map */
	char *label;   /* NULL when absent */
	bool return_data;
	tt_loc return_data_loc; /* the ReturnData value, else the query */
	/*
	 * A MetricStat query: `stat` holds the metric as a single-metric
	 * custom specification (kind TT_METRIC_CUSTOM, `loc` the MetricStat
	 * block, Stat as its statistic).
	 */
	bool has_stat;
	tt_metric_spec stat;
	/*
	 * An Expression query: the text as written, and where its first
	 * character is (positions inside it are added to the column).
	 */
	char *expression;
	tt_loc expr_loc;
	tt_math_expr *expr; /* set by tt_metric_math_compile */
} tt_math_query;

typedef struct tt_metric_math {
	tt_math_query *queries;
	size_t n_queries;
	tt_loc loc;    /* the `Metrics` key */
	size_t result; /* the query that returns data */
	size_t *order; /* query indexes, each after every query it uses */
} tt_metric_math;

/*
 * Check and prepare `mm`, whose queries policy.c has filled: every Id starts
 * with a lowercase letter and holds only letters, digits and underscores,
 * and is unique; exactly one query returns data; every expression parses,
 * names only known Ids and functions, and no query depends on itself.
 * Errors: TT_EINVAL at the offending Id or ReturnData, or inside the
 * expression (its position added to the column, and named in the message as
 * "(at character N)"); TT_EUNSUPPORTED for FILL with REPEAT or LINEAR;
 * TT_ERANGE for more than TT_MATH_MAX_QUERIES queries or an expression
 * nested too deeply; TT_ENOMEM.  On failure `mm` stays valid for
 * tt_metric_math_free.
 */
tt_code tt_metric_math_compile(tt_metric_math *mm, tt_diag *d);

/*
 * One period's datapoint.  `value` and `present` have n_queries slots: the
 * caller fills those of the MetricStat queries, and the evaluation fills
 * those of the expressions, in dependency order.  Returns true and sets
 * *out when the returning query has a datapoint; false when it is missing.
 * `mm` must have been compiled.
 */
bool tt_metric_math_eval(const tt_metric_math *mm, double *value, bool *present,
                         double *out);

/* Free `mm` and everything it owns.  Accepts NULL. */
void tt_metric_math_free(tt_metric_math *mm);

/*
 * The name a policy's metric goes by in summary.json and the pictures:
 * a predefined type's, a custom metric's MetricName, or for metric math
 * what the returning query says it is (its label, expression or metric).
 */
const char *tt_policy_metric_label(const tt_policy *p);

#endif
