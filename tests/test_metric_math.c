/*
 * test_metric_math.c - the metric-math form of CustomizedMetricSpecification:
 * queries read from the policy JSON, expressions parsed and evaluated per
 * datapoint with CloudWatch's missing-data rules, every rejected input with
 * its exact message and position, and a policy whose metric is math running
 * end to end through the engine.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "policy_node.h"
#include "runutil.h"
#include "testutil.h"
#include "metric_math.h"
#include "ttsim/policy.h"

#define MSG_MAX 1024

/*
 * Two MetricStat queries, m1 and m2, that return no data; the expression
 * query e1 follows on line 4, its text starting at column 29.
 */
#define STATS                                                                  \
	"{\"TargetValue\": 1, \"CustomizedMetricSpecification\": "             \
	"{\"Metrics\": [\n"                                                    \
	"{\"Id\": \"m1\", \"ReturnData\": false, \"MetricStat\": "             \
	"{\"Metric\": "                                                        \
	"{\"MetricName\": \"A\", \"Namespace\": \"N\"}, \"Stat\": "            \
	"\"Sum\"}},\n"                                                         \
	"{\"Id\": \"m2\", \"ReturnData\": false, \"MetricStat\": "             \
	"{\"Metric\": "                                                        \
	"{\"MetricName\": \"B\", \"Namespace\": \"N\"}, \"Stat\": "            \
	"\"Average\"}},\n"

/* Parse `text` as JSON (or YAML) named p.json (p.yaml) into a policy. */
static tt_code parse_policy(const char *text, bool yaml, tt_policy *p,
                            tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc;

	memset(p, 0, sizeof *p);
	if (yaml)
		rc = tt_doc_parse_yaml(text, strlen(text), "p.yaml", &doc, d);
	else
		rc = tt_doc_parse_json(text, strlen(text), "p.json", &doc, d);
	if (rc)
		return rc;
	rc = tt_policy_from_node(doc.root, "p", p, d);
	tt_doc_release(&doc);
	return rc;
}

/* A policy of m1, m2 and e1 = `expr` (plus `more` queries after it). */
static tt_code parse_expr_policy(const char *expr, const char *more,
                                 tt_policy *p, tt_diag *d)
{
	char text[8192];
	snprintf(text, sizeof text,
	         STATS "{\"Id\": \"e1\", \"Expression\": \"%s\"}%s]}}", expr,
	         more);
	return parse_policy(text, false, p, d);
}

/* ---- reading the queries ---- */

START_TEST(reads_every_field)
{
	static const char *text =
	        "{\"TargetValue\": 100, \"CustomizedMetricSpecification\": "
	        "{\"Metrics\": [\n"
	        "  {\"Id\": \"m1\", \"Label\": \"invocations\", "
	        "\"ReturnData\": "
	        "false,\n"
	        "   \"MetricStat\": {\"Metric\": {\"MetricName\": "
	        "\"Invocations\", \"Namespace\": \"AWS/SageMaker\",\n"
	        "     \"Dimensions\": [{\"Name\": \"EndpointName\", \"Value\": "
	        "\"ep\"}]}, \"Stat\": \"Sum\", \"Unit\": \"Count\"}},\n"
	        "  {\"Id\": \"e1\", \"Label\": \"per instance\", "
	        "\"Expression\": \"m1 / 4\"}]}}";
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	ck_assert_msg(parse_policy(text, false, &p, &d) == TT_OK, "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	ck_assert_int_eq(p.metric.kind, TT_METRIC_CUSTOM);
	ck_assert_ptr_null(p.metric.metric_name);
	const tt_metric_math *mm = p.metric.math;
	ck_assert_ptr_nonnull(mm);
	ck_assert_uint_eq(mm->n_queries, 2);
	ck_assert_uint_eq(mm->result, 1);
	ck_assert_int_eq(mm->loc.line, 1);
	ck_assert_int_eq(mm->loc.col, 56);

	const tt_math_query *m1 = &mm->queries[0];
	ck_assert_str_eq(m1->id, "m1");
	ck_assert_int_eq(m1->id_loc.line, 2);
	ck_assert_int_eq(m1->id_loc.col, 10);
	ck_assert_str_eq(m1->label, "invocations");
	ck_assert(!m1->return_data);
	ck_assert(m1->has_stat);
	ck_assert_ptr_null(m1->expression);
	ck_assert_int_eq(m1->stat.kind, TT_METRIC_CUSTOM);
	ck_assert_str_eq(m1->stat.metric_name, "Invocations");
	ck_assert_str_eq(m1->stat.namespace_, "AWS/SageMaker");
	ck_assert_uint_eq(m1->stat.n_dimensions, 1);
	ck_assert_str_eq(m1->stat.dimensions[0].name, "EndpointName");
	ck_assert_str_eq(m1->stat.dimensions[0].value, "ep");
	ck_assert_int_eq(m1->stat.statistic, TT_STAT_SUM);
	ck_assert_str_eq(m1->stat.unit, "Count");
	ck_assert_int_eq(m1->stat.loc.line, 3);
	ck_assert_int_eq(m1->stat.loc.col, 18);

	const tt_math_query *e1 = &mm->queries[1];
	ck_assert_str_eq(e1->id, "e1");
	ck_assert(e1->return_data); /* AWS's default */
	ck_assert(!e1->has_stat);
	ck_assert_str_eq(e1->expression, "m1 / 4");
	ck_assert_int_eq(e1->expr_loc.line, 5);
	ck_assert_int_eq(e1->expr_loc.col, 56);
	ck_assert_int_eq(tt_policy_period_us(&p), 60 * TT_US_PER_S);
	tt_policy_release(&p);
	tt_metric_spec_release(NULL);
	tt_metric_math_free(NULL);
}
END_TEST

START_TEST(order_puts_uses_first)
{
	/* e1 uses e2, written after it; e3 uses both */
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};
	tt_code rc = parse_expr_policy(
	        "e2 * 2",
	        ", {\"Id\": \"e2\", \"Expression\": \"m1 + m2\", "
	        "\"ReturnData\": "
	        "false}, {\"Id\": \"e3\", \"Expression\": \"e1 - e2\", "
	        "\"ReturnData\": false}",
	        &p, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, msg, sizeof msg));
	const tt_metric_math *mm = p.metric.math;
	size_t at[5];
	for (size_t k = 0; k < mm->n_queries; k++)
		at[mm->order[k]] = k;
	ck_assert_uint_lt(at[3], at[2]); /* e2 before e1 */
	ck_assert_uint_lt(at[0], at[3]); /* m1 before e2 */
	ck_assert_uint_lt(at[2], at[4]); /* e1 before e3 */

	double v[5] = {3, 4};
	bool present[5] = {true, true};
	double out;
	ck_assert(tt_metric_math_eval(mm, v, present, &out));
	ck_assert_double_eq(out, 14);
	ck_assert_double_eq(v[4], 7); /* e3 = 14 - 7 */
	tt_policy_release(&p);
}
END_TEST

START_TEST(stat_query_may_return_data)
{
	static const char *text =
	        "{\"TargetValue\": 1, \"CustomizedMetricSpecification\": "
	        "{\"Metrics\": [{\"Id\": \"m1\", \"MetricStat\": {\"Metric\": "
	        "{\"MetricName\": \"A\", \"Namespace\": \"N\"}, \"Stat\": "
	        "\"Maximum\"}}]}}";
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};
	ck_assert_msg(parse_policy(text, false, &p, &d) == TT_OK, "%s",
	              tu_diag_str(&d, msg, sizeof msg));
	double v[1] = {42}, out = 0;
	bool present[1] = {true};
	ck_assert(tt_metric_math_eval(p.metric.math, v, present, &out));
	ck_assert_double_eq(out, 42);
	present[0] = false;
	ck_assert(!tt_metric_math_eval(p.metric.math, v, present, &out));
	tt_policy_release(&p);
}
END_TEST

/* ---- evaluation ---- */

#define MISSING false, 0
#define HAS(x) true, (x)

static const struct {
	const char *expr;
	bool p1;
	double m1;
	bool p2;
	double m2;
	bool ok;
	double want;
} eval_cases[] = {
        /* arithmetic, precedence, associativity */
        {"m1 / m2", HAS(6), HAS(3), HAS(2)},
        {"m1 + m2 * 2", HAS(1), HAS(3), HAS(7)},
        {"(m1 + m2) * 2", HAS(1), HAS(3), HAS(8)},
        {"m1 - m2 - 1", HAS(10), HAS(3), HAS(6)},
        {"m1 / m2 / 4", HAS(10), HAS(5), HAS(0.5)},
        {"-m1 * 2", HAS(3), MISSING, HAS(-6)},
        {"- -m1", HAS(3), MISSING, HAS(3)},
        {"+m1", HAS(3), MISSING, HAS(3)},
        {"m1 / m2 * 100", HAS(1), HAS(4), HAS(25)},
        {"1e3 + .5 + 2.25E-2", MISSING, MISSING, HAS(1000.5225)},
        {"  m1\\t*\\n2 ", HAS(3), MISSING, HAS(6)},
        /* missing data */
        {"m1 + m2", HAS(1), MISSING, MISSING},
        {"m1 * 0", MISSING, HAS(1), MISSING},
        {"m1 / m2", HAS(1), HAS(0), MISSING},
        {"m1 / (m2 - m2)", HAS(1), HAS(5), MISSING},
        {"m1 * 1e308 * 10", HAS(1), MISSING, MISSING},
        /* past what CloudWatch stores (TT_METRIC_VALUE_MAX): missing */
        {"m1 * 1e200", HAS(1e10), MISSING, MISSING},
        {"-m1 * 1e200", HAS(1e10), MISSING, MISSING},
        {"m1 * 1e100", HAS(1e8), MISSING, HAS(1e108)},
        {"7", MISSING, MISSING, HAS(7)},
        /* FILL */
        {"FILL(m2, 0) + m1", HAS(5), MISSING, HAS(5)},
        {"FILL(m2, 0) + m1", HAS(5), HAS(1), HAS(6)},
        {"FILL(m1, m2)", MISSING, HAS(9), HAS(9)},
        {"FILL(m1, m2)", MISSING, MISSING, MISSING},
        {"FILL(m1 / m2, -1)", HAS(1), HAS(0), HAS(-1)},
        /* SUM, AVG, MIN, MAX over the present values */
        {"SUM([m1, m2, 1])", HAS(2), HAS(3), HAS(6)},
        {"SUM([m1, m2, 1])", HAS(2), MISSING, HAS(3)},
        {"SUM([m1, m2])", MISSING, MISSING, MISSING},
        {"AVG([m1, m2])", HAS(2), HAS(4), HAS(3)},
        {"AVG([m1, m2])", MISSING, HAS(4), HAS(4)},
        {"AVG([m1])", MISSING, HAS(4), MISSING},
        {"MIN([m1, m2, 10])", HAS(2), HAS(-4), HAS(-4)},
        {"MIN([m1, m2])", HAS(2), MISSING, HAS(2)},
        {"MAX([m1, m2, 1])", HAS(2), HAS(-4), HAS(2)},
        {"MAX([m1, m2])", MISSING, MISSING, MISSING},
        {"MAX([SUM([m1, m2]), 3])", HAS(1), HAS(1), HAS(3)},
        /* ABS, IF, comparisons, AND/OR */
        {"ABS(m1 - m2)", HAS(2), HAS(5), HAS(3)},
        {"ABS(m1)", MISSING, HAS(5), MISSING},
        {"IF(m1 > m2, m1, m2)", HAS(2), HAS(5), HAS(5)},
        {"IF(m1 > m2, m1, m2)", HAS(7), HAS(5), HAS(7)},
        {"IF(m1 > m2, m1, m2)", MISSING, HAS(5), MISSING},
        {"IF(m1 == 0, 1)", HAS(0), MISSING, HAS(1)},
        {"IF(m1 == 0, 1)", HAS(3), MISSING, MISSING},
        {"IF(m1, m1, m2)", HAS(0), HAS(8), HAS(8)},
        {"IF(m1 >= 5 AND m2 < 1, 1, 0)", HAS(5), HAS(0), HAS(1)},
        {"IF(m1 >= 5 && m2 < 1, 1, 0)", HAS(5), HAS(1), HAS(0)},
        {"m1 <= m2 OR m1 != 3", HAS(3), HAS(1), HAS(0)},
        {"m1 <= m2 || m1 != 3", HAS(4), HAS(1), HAS(1)},
        {"m1 < m2 == 1", HAS(1), HAS(2), HAS(1)},
        {"m1 + 1 > m2 * 2", HAS(4), HAS(2), HAS(1)},
        {"m1 > 0 OR m2 > 0", HAS(1), MISSING, MISSING},
        /* the InvocationsPerInstance shape */
        {"IF(m2 > 0, FILL(m1, 0) / m2, 0)", MISSING, HAS(4), HAS(0)},
        {"IF(m2 > 0, FILL(m1, 0) / m2, 0)", HAS(600), HAS(4), HAS(150)},
        {"IF(m2 > 0, FILL(m1, 0) / m2, 0)", HAS(600), HAS(0), HAS(0)},
};

START_TEST(eval)
{
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};
	tt_code rc = parse_expr_policy(eval_cases[_i].expr, "", &p, &d);
	ck_assert_msg(rc == TT_OK, "case %d: %s", _i,
	              tu_diag_str(&d, msg, sizeof msg));
	double v[3] = {eval_cases[_i].m1, eval_cases[_i].m2, -99};
	bool present[3] = {eval_cases[_i].p1, eval_cases[_i].p2, true};
	double out = -12345;
	bool ok = tt_metric_math_eval(p.metric.math, v, present, &out);
	ck_assert_msg(ok == eval_cases[_i].ok, "case %d (%s): present %d", _i,
	              eval_cases[_i].expr, ok);
	if (ok)
		ck_assert_msg(fabs(out - eval_cases[_i].want) < 1e-12,
		              "case %d (%s): got %.17g", _i,
		              eval_cases[_i].expr, out);
	else
		ck_assert(!present[2]);
	tt_policy_release(&p);
}
END_TEST

/* ---- errors inside an expression: e1's text starts at 4:29 ---- */

static const struct {
	const char *expr;
	tt_code code;
	const char *msg;
} expr_errors[] = {
        {"m1 / m3", TT_EINVAL,
         "p.json:4:34: error: unknown Id 'm3' in expression 'm1 / m3' (at "
         "character 6)"},
        {"M1 + 1", TT_EINVAL,
         "p.json:4:29: error: unknown Id 'M1' in expression 'M1 + 1' (at "
         "character 1)"},
        {"FILLL(m1, 0)", TT_EINVAL,
         "p.json:4:29: error: unknown function 'FILLL' in expression "
         "'FILLL(m1, 0)' (at character 1; the functions are ABS, AVG, FILL, "
         "IF, MAX, MIN, SUM)"},
        {"m2 + fill(m1, 0)", TT_EINVAL,
         "p.json:4:34: error: unknown function 'fill' in expression 'm2 + "
         "fill(m1, 0)' (at character 6; did you mean 'FILL'?)"},
        {"m1 +", TT_EINVAL,
         "p.json:4:33: error: expected a value in expression 'm1 +' (at "
         "character 5)"},
        {"", TT_EINVAL,
         "p.json:4:29: error: expected a value in expression '' (at "
         "character 1)"},
        {"(m1 + ) / m2", TT_EINVAL,
         "p.json:4:35: error: unexpected ')' (expected a value) in "
         "expression '(m1 + ) / m2' (at character 7)"},
        {"(m1 + m2", TT_EINVAL,
         "p.json:4:37: error: expected ')' in expression '(m1 + m2' (at "
         "character 9)"},
        {"m1 m2", TT_EINVAL,
         "p.json:4:32: error: unexpected 'm2' (expected an operator) in "
         "expression 'm1 m2' (at character 4)"},
        {"m1 = m2", TT_EINVAL,
         "p.json:4:32: error: unexpected '=' (expected an operator) in "
         "expression 'm1 = m2' (at character 4)"},
        {"m1 $ 2", TT_EINVAL,
         "p.json:4:32: error: unexpected '$' (expected an operator) in "
         "expression 'm1 $ 2' (at character 4)"},
        {"m1 ^ 2", TT_EINVAL,
         "p.json:4:32: error: unexpected '^' (expected an operator) in "
         "expression 'm1 ^ 2' (at character 4)"},
        {"FILL(m1)", TT_EINVAL,
         "p.json:4:29: error: 'FILL' takes 2 arguments, got 1 in expression "
         "'FILL(m1)' (at character 1)"},
        {"ABS()", TT_EINVAL,
         "p.json:4:29: error: 'ABS' takes 1 argument, got 0 in expression "
         "'ABS()' (at character 1)"},
        {"1 + IF(m1, m2, 1, 2)", TT_EINVAL,
         "p.json:4:33: error: 'IF' takes 2 or 3 arguments, got 4 in "
         "expression '1 + IF(m1, m2, 1, 2)' (at character 5)"},
        {"FILL(m1, 0", TT_EINVAL,
         "p.json:4:39: error: expected ',' or ')' in expression 'FILL(m1, 0' "
         "(at character 11)"},
        {"ABS", TT_EINVAL,
         "p.json:4:32: error: expected '(' after 'ABS' in expression 'ABS' "
         "(at character 4)"},
        {"SUM(m1)", TT_EUNSUPPORTED,
         "p.json:4:33: error: 'SUM' of one series (over time) is not "
         "simulated; give a list, as in SUM([m1, m2]) in expression "
         "'SUM(m1)' (at character 5)"},
        {"SUM([])", TT_EINVAL,
         "p.json:4:34: error: unexpected ']' (expected a value) in expression "
         "'SUM([])' (at character 6)"},
        {"AVG([m1, m2)", TT_EINVAL,
         "p.json:4:40: error: unexpected ')' (expected ',' or ']') in "
         "expression 'AVG([m1, m2)' (at character 12)"},
        {"MAX([m1]", TT_EINVAL,
         "p.json:4:37: error: expected ')' in expression 'MAX([m1]' (at "
         "character 9)"},
        {"[m1, m2]", TT_EINVAL,
         "p.json:4:29: error: a list '[...]' is only allowed as the argument "
         "of SUM, AVG, MIN or MAX in expression '[m1, m2]' (at character "
         "1)"},
        {"FILL(m1, REPEAT)", TT_EUNSUPPORTED,
         "p.json:4:38: error: FILL with 'REPEAT' is not simulated; fill with a "
         "value, as in FILL(m1, 0) in expression 'FILL(m1, REPEAT)' (at "
         "character 10)"},
        {"e1 + 1", TT_EINVAL,
         "p.json:4:29: error: cycle 'e1 -> e1' in expression 'e1 + 1' (at "
         "character 1)"},
        {"m1 / 3e", TT_EINVAL,
         "p.json:4:35: error: unexpected 'e' (expected an operator) in "
         "expression 'm1 / 3e' (at character 7)"},
};

START_TEST(expr_error)
{
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};
	tt_code rc = parse_expr_policy(expr_errors[_i].expr, "", &p, &d);
	ck_assert_msg(rc == expr_errors[_i].code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), tu_diag_str(&d, msg, sizeof msg));
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), expr_errors[_i].msg);
	tt_policy_release(&p);
}
END_TEST

START_TEST(cycle_through_two)
{
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};
	tt_code rc = parse_expr_policy(
	        "e2 / m2",
	        ",\n{\"Id\": \"e2\", \"Expression\": \"SUM([m1, e1])\", "
	        "\"ReturnData\": false}",
	        &p, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "p.json:5:38: error: cycle 'e1 -> e2 -> e1' in "
	                 "expression 'SUM([m1, e1])' (at character 10)");
	tt_policy_release(&p);
}
END_TEST

START_TEST(long_expressions)
{
	char expr[4200], msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	/* nesting is bounded */
	size_t n = 0;
	for (int i = 0; i < 70; i++)
		expr[n++] = '(';
	expr[n++] = '1';
	for (int i = 0; i < 70; i++)
		expr[n++] = ')';
	expr[n] = '\0';
	ck_assert_int_eq(parse_expr_policy(expr, "", &p, &d), TT_ERANGE);
	ck_assert_msg(strstr(tu_diag_str(&d, msg, sizeof msg),
	                     "p.json:4:93: "
	                     "error: nesting deeper than 64 in expression "
	                     "'(((((") != NULL,
	              "%s", msg);
	/* cut to 80 characters in the message */
	ck_assert_msg(strstr(msg, "1))))))...' (at character 65)") != NULL,
	              "%s", msg);
	tt_policy_release(&p);

	/* a long flat sum is fine up to the API's 2048 characters */
	n = 0;
	expr[n++] = 'm';
	expr[n++] = '1';
	while (n + 4 <= 2048) {
		memcpy(expr + n, " + 1", 4);
		n += 4;
	}
	expr[n] = '\0';
	ck_assert_int_eq(parse_expr_policy(expr, "", &p, &d), TT_OK);
	double v[3] = {1}, out;
	bool present[3] = {true};
	ck_assert(tt_metric_math_eval(p.metric.math, v, present, &out));
	ck_assert_double_eq(out, (double)((n - 2) / 4 + 1));
	tt_policy_release(&p);

	memcpy(expr + n, " + 1", 5);
	ck_assert_int_eq(parse_expr_policy(expr, "", &p, &d), TT_ERANGE);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "p.json:4:29: error: 'Expression' may be at most 2048 "
	                 "characters, got 2050");
	tt_policy_release(&p);
}
END_TEST

/* ---- errors in the queries ---- */

#define Q_M1                                                                   \
	"{\"Id\": \"m1\", \"ReturnData\": false, \"MetricStat\": "             \
	"{\"Metric\": "                                                        \
	"{\"MetricName\": \"A\", \"Namespace\": \"N\"}, \"Stat\": \"Sum\"}}"
#define MATH(queries)                                                          \
	"{\"TargetValue\": 1, \"CustomizedMetricSpecification\": "             \
	"{\"Metrics\": [\n" queries "]}}"

static const struct {
	const char *text;
	tt_code code;
	const char *msg;
} query_errors[] = {
        {MATH(Q_M1 ",\n{\"Id\": \"M2\", \"Expression\": \"m1\"}"), TT_EINVAL,
         "p.json:3:8: error: 'Id' must start with a lowercase letter, got "
         "'M2'"},
        {MATH(Q_M1 ",\n{\"Id\": \"2e\", \"Expression\": \"m1\"}"), TT_EINVAL,
         "p.json:3:8: error: 'Id' must start with a lowercase letter, got "
         "'2e'"},
        {MATH(Q_M1 ",\n{\"Id\": \"e-1\", \"Expression\": \"m1\"}"), TT_EINVAL,
         "p.json:3:8: error: 'Id' may hold only letters, digits and "
         "underscores, got 'e-1'"},
        {MATH(Q_M1 ",\n{\"Id\": \"\", \"Expression\": \"m1\"}"), TT_EINVAL,
         "p.json:3:8: error: 'Id' must not be empty"},
        {MATH(Q_M1 ",\n{\"Id\": \"m1\", \"Expression\": \"m1\"}"), TT_EINVAL,
         "p.json:3:8: error: duplicate Id 'm1' (first at line 2)"},
        {MATH(Q_M1 ",\n{\"Id\": \"e1\", \"Expression\": \"m1\"},\n"
                   "{\"Id\": \"e2\", \"Expression\": \"m1 * 2\"}"),
         TT_EINVAL,
         "p.json:4:1: error: queries 'e1' and 'e2' both return data; exactly "
         "one may: set 'ReturnData' to false on the others (it defaults to "
         "true)"},
        {MATH(Q_M1 ",\n{\"Id\": \"e1\", \"Expression\": \"m1\", "
                   "\"ReturnData\": false}"),
         TT_EINVAL,
         "p.json:1:54: error: no query in 'Metrics' returns data; exactly one "
         "must have 'ReturnData' true"},
        {MATH(Q_M1 ",\n{\"Id\": \"e1\", \"Label\": \"x\"}"), TT_EINVAL,
         "p.json:3:1: error: query 'e1' needs 'Expression' or 'MetricStat'"},
        {MATH(Q_M1 ",\n{\"Id\": \"e1\", \"Expression\": \"m1\", "
                   "\"ReturnData\": \"true\"}"),
         TT_EINVAL,
         "p.json:3:48: error: expected true or false for 'ReturnData', got "
         "a string"},
        {MATH(Q_M1 ",\n{\"Id\": \"e1\", \"Expression\": 5}"), TT_EINVAL,
         "p.json:3:28: error: expected a string for 'Expression', got a "
         "number"},
        {MATH(Q_M1 ",\n{\"Id\": \"e1\", \"Expression\": \"m1\", \"Period\": "
                   "60}"),
         TT_EINVAL,
         "p.json:3:34: error: unknown key 'Period' in 'Metrics[1]' (expected "
         "one of: Id, Expression, MetricStat, Label, ReturnData)"},
        {MATH("{\"Expression\": \"1\"}"), TT_EINVAL,
         "p.json:2:1: error: missing required key 'Id' in 'Metrics[0]'"},
        {MATH(""), TT_EINVAL,
         "p.json:1:54: error: 'Metrics' must hold at least one query"},
        {"{\"TargetValue\": 1, \"CustomizedMetricSpecification\": "
         "{\"Metrics\": {}}}",
         TT_EINVAL,
         "p.json:1:65: error: expected a sequence for 'Metrics', got a map"},
        {MATH("{\"Id\": \"m1\", \"MetricStat\": {\"Metric\": "
              "{\"MetricName\": \"A\", \"Namespace\": \"N\"}, \"Stat\": "
              "\"p99\"}}"),
         TT_EUNSUPPORTED,
         "p.json:2:86: error: Stat 'p99' is not simulated: ttsim's metric "
         "math takes Average, Minimum, Maximum, SampleCount or Sum"},
        {MATH("{\"Id\": \"m1\", \"MetricStat\": {\"Metric\": "
              "{\"MetricName\": \"A\", \"Namespace\": \"N\"}, \"Stat\": "
              "\"TM(10%:90%)\"}}"),
         TT_EUNSUPPORTED,
         "p.json:2:86: error: Stat 'TM(10%:90%)' is not simulated: ttsim's "
         "metric math takes Average, Minimum, Maximum, SampleCount or Sum"},
        {MATH("{\"Id\": \"m1\", \"MetricStat\": {\"Metric\": "
              "{\"MetricName\": \"A\", \"Namespace\": \"N\"}, \"Stat\": "
              "\"Avg\"}}"),
         TT_EINVAL,
         "p.json:2:86: error: unknown Stat 'Avg' (expected one of: Average, "
         "Minimum, Maximum, SampleCount, Sum)"},
        {MATH("{\"Id\": \"m1\", \"MetricStat\": {\"Metric\": "
              "{\"MetricName\": \"A\", \"Namespace\": \"N\"}, \"Statistic\": "
              "\"Sum\"}}"),
         TT_EINVAL,
         "p.json:2:78: error: unknown key 'Statistic' in 'MetricStat' "
         "(expected one of: Metric, Stat, Unit)"},
        {MATH("{\"Id\": \"m1\", \"MetricStat\": {\"Metric\": "
              "{\"Namespace\": \"N\"}, \"Stat\": \"Sum\"}}"),
         TT_EINVAL,
         "p.json:2:39: error: missing required key 'MetricName' in 'Metric'"},
        {MATH("{\"Id\": \"m1\", \"MetricStat\": {\"Stat\": \"Sum\"}}"),
         TT_EINVAL,
         "p.json:2:28: error: missing required key 'Metric' in 'MetricStat'"},
        {"{\"TargetValue\": 1, \"CustomizedMetricSpecification\": "
         "{\"Metrics\": [], \"Statistic\": \"Sum\"}}",
         TT_EINVAL,
         "p.json:1:69: error: 'Statistic' cannot be combined with 'Metrics': "
         "give either the single metric (MetricName, Namespace, Dimensions, "
         "Statistic) or metric math"},
};

START_TEST(query_error)
{
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};
	tt_code rc = parse_policy(query_errors[_i].text, false, &p, &d);
	ck_assert_msg(rc == query_errors[_i].code, "case %d: got %s: %s", _i,
	              tt_code_name(rc), tu_diag_str(&d, msg, sizeof msg));
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 query_errors[_i].msg);
	tt_policy_release(&p);
}
END_TEST

START_TEST(yaml_positions)
{
	/* a plain scalar starts at its first character, a quoted one after
	 * its quote */
	static const char *plain =
	        "TargetValue: 1\n"
	        "CustomizedMetricSpecification:\n"
	        "  Metrics:\n"
	        "    - {Id: m1, ReturnData: false, MetricStat: {Metric: "
	        "{MetricName: A, Namespace: N}, Stat: Sum}}\n"
	        "    - Id: e1\n"
	        "      Expression: m1 / zz\n";
	static const char *quoted =
	        "TargetValue: 1\n"
	        "CustomizedMetricSpecification:\n"
	        "  Metrics:\n"
	        "    - {Id: m1, ReturnData: false, MetricStat: {Metric: "
	        "{MetricName: A, Namespace: N}, Stat: Sum}}\n"
	        "    - Id: e1\n"
	        "      Expression: 'm1 / zz'\n";
	char msg[MSG_MAX];
	tt_policy p;
	tt_diag d = {0};

	ck_assert_int_eq(parse_policy(plain, true, &p, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "p.yaml:6:24: error: unknown Id 'zz' in expression "
	                 "'m1 / zz' (at character 6)");
	tt_policy_release(&p);
	ck_assert_int_eq(parse_policy(quoted, true, &p, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "p.yaml:6:25: error: unknown Id 'zz' in expression "
	                 "'m1 / zz' (at character 6)");
	tt_policy_release(&p);
}
END_TEST

/* ---- end to end ---- */

/*
 * Three policies on one fleet: m1 alone, m2 alone, and e1 = m1 / m2 over
 * the same two metrics.  Every period the math policy's datapoint must be
 * the first's over the second's, whatever the fleet did.
 */
static const char *e2e_yaml =
        "capacity: {initial: 2, min: 1, max: 20}\n"
        "policies:\n"
        "  - name: busy\n"
        "    TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: 1000\n"
        "      CustomizedMetricSpecification: {MetricName: Busy, "
        "Namespace: Custom, Statistic: Sum}\n"
        "  - name: slots\n"
        "    TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: 1000\n"
        "      CustomizedMetricSpecification: {MetricName: Slots, "
        "Namespace: Custom, Statistic: Sum}\n"
        "  - name: math\n"
        "    TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: 60\n"
        "      CustomizedMetricSpecification:\n"
        "        Metrics:\n"
        "          - Id: busy\n"
        "            MetricStat: {Metric: {MetricName: Busy, Namespace: "
        "Custom}, Stat: Sum}\n"
        "            ReturnData: false\n"
        "          - Id: slots\n"
        "            MetricStat: {Metric: {MetricName: Slots, Namespace: "
        "Custom}, Stat: Sum}\n"
        "            ReturnData: false\n"
        "          - Id: e1\n"
        "            Label: busy share of the slots, percent\n"
        "            Expression: 100 * busy / slots\n"
        "metrics:\n"
        "  Busy: {model: linear, idle: 1, per_rps: 2, max: 1000}\n"
        "  Slots: {model: linear, idle: 8, per_rps: 0, max: 1000}\n"
        "instance: {provisioning: 2m}\n"
        "workload: {synthetic: {shape: step, rate: 600, steps: [{at: 5m, "
        "rate: 6000}, {at: 40m, rate: 60}]}}\n"
        "simulation: {duration: 80m}\n";

START_TEST(runs_end_to_end)
{
	ru_run r;
	ru_run_yaml(&r, e2e_yaml);
	ck_assert_uint_eq(r.s.n_policies, 3);
	ck_assert_ptr_nonnull(r.s.policies[2].metric.math);
	size_t checked = 0;
	int lo = 1000, hi = 0;
	for (size_t i = 0; i < r.n_rows; i++) {
		const ru_row *row = &r.rows[i];
		if (row->row.desired < lo)
			lo = row->row.desired;
		if (row->row.desired > hi)
			hi = row->row.desired;
		ck_assert_int_eq(row->pol[2].has_metric,
		                 row->pol[0].has_metric &&
		                         row->pol[1].has_metric);
		if (!row->pol[2].has_metric)
			continue;
		double want = 100 * row->pol[0].metric / row->pol[1].metric;
		ck_assert_msg(fabs(row->pol[2].metric - want) < 1e-9,
		              "row %zu: %.17g, want %.17g", i,
		              row->pol[2].metric, want);
		checked++;
	}
	ck_assert_uint_ge(checked, 70);
	/* the math policy drove the fleet out and back in */
	ck_assert_int_gt(hi, 2);
	ck_assert_int_lt(lo, 2);
	/* 5 rps each on 2: busy 11 each, 22 in all, over 2 x 8 slots */
	ck_assert_double_eq_tol(ru_row_at(&r, 0)->pol[2].metric,
	                        100.0 * 22 / 16, 1e-9);
	ck_assert_uint_gt(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_OUT),
	                  0);
	ru_release(&r);
}
END_TEST

START_TEST(missing_model_points_at_the_query)
{
	static const char *yaml =
	        "capacity: {initial: 2, min: 1, max: 20}\n"
	        "policies:\n"
	        "  - TargetTrackingScalingPolicyConfiguration:\n"
	        "      TargetValue: 60\n"
	        "      CustomizedMetricSpecification:\n"
	        "        Metrics:\n"
	        "          - {Id: a, ReturnData: false, MetricStat: {Metric: "
	        "{MetricName: Busy, Namespace: C}, Stat: Sum}}\n"
	        "          - {Id: b, ReturnData: false, MetricStat: {Metric: "
	        "{MetricName: Nope, Namespace: C}, Stat: Sum}}\n"
	        "          - {Id: e, Expression: a / b}\n"
	        "metrics:\n"
	        "  Busy: {model: linear, per_rps: 1}\n"
	        "workload: {synthetic: {shape: constant, rate: 60}}\n"
	        "simulation: {duration: 5m}\n";
	char msg[MSG_MAX];
	ru_run r;
	ck_assert_int_eq(ru_try_yaml(&r, yaml), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&r.d, msg, sizeof msg),
	                 "case.yaml:8:52: error: no model for custom metric "
	                 "'Nope': declare one under 'metrics:'");
	ru_release(&r);
}
END_TEST

static Suite *metric_math_suite(void)
{
	Suite *s = suite_create("metric_math");
	TCase *tc;

	tc = tcase_create("queries");
	tcase_add_test(tc, reads_every_field);
	tcase_add_test(tc, order_puts_uses_first);
	tcase_add_test(tc, stat_query_may_return_data);
	suite_add_tcase(s, tc);

	tc = tcase_create("eval");
	tcase_add_loop_test(tc, eval, 0,
	                    (int)(sizeof eval_cases / sizeof eval_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("expression_errors");
	tcase_add_loop_test(tc, expr_error, 0,
	                    (int)(sizeof expr_errors / sizeof expr_errors[0]));
	tcase_add_test(tc, cycle_through_two);
	tcase_add_test(tc, long_expressions);
	tcase_add_test(tc, yaml_positions);
	suite_add_tcase(s, tc);

	tc = tcase_create("query_errors");
	tcase_add_loop_test(
	        tc, query_error, 0,
	        (int)(sizeof query_errors / sizeof query_errors[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("end_to_end");
	tcase_add_test(tc, runs_end_to_end);
	tcase_add_test(tc, missing_model_points_at_the_query);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(metric_math_suite());
}
