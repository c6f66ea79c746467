/*
 * expect.c - expectations against a run's figures.
 *
 * The comparison is the only judgement here; loading (scenario_expect.c)
 * has already refused unknown figures and contradictory bounds, and the
 * CLI decides how to show the results.
 */
#include "ttsim/expect.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ttsim/figures.h"

char *tt_expect_bound_text(const tt_expectation *e, char *buf, size_t size)
{
	char lo[TT_FMT_BUF], hi[TT_FMT_BUF];
	tt_fmt_double(e->lo, lo);
	tt_fmt_double(e->hi, hi);
	switch (e->kind) {
	case TT_BOUND_LE:
		snprintf(buf, size, "<= %s", hi);
		break;
	case TT_BOUND_GE:
		snprintf(buf, size, ">= %s", lo);
		break;
	case TT_BOUND_EQ:
		snprintf(buf, size, "== %s", lo);
		break;
	case TT_BOUND_BETWEEN:
		snprintf(buf, size, "in [%s, %s]", lo, hi);
		break;
	}
	return buf;
}

/* eq: equal within TT_EXPECT_EQ_REL of the larger magnitude, or of 1. */
static bool nearly_equal(double a, double b)
{
	double scale = fmax(fmax(fabs(a), fabs(b)), 1.0);
	return fabs(a - b) <= TT_EXPECT_EQ_REL * scale;
}

bool tt_expect_holds(const tt_expectation *e, double value)
{
	if (isnan(value))
		return false;
	switch (e->kind) {
	case TT_BOUND_LE:
		return value <= e->hi;
	case TT_BOUND_GE:
		return value >= e->lo;
	case TT_BOUND_EQ:
		return nearly_equal(value, e->lo);
	case TT_BOUND_BETWEEN:
		return value >= e->lo && value <= e->hi;
	}
	return false;
}

size_t tt_expect_check(const tt_scenario *s, const tt_summary *sum,
                       tt_expect_result *results)
{
	tt_figure figs[TT_FIGURES_MAX];
	size_t n_figs = tt_summary_figures(s, sum, figs);
	size_t failed = 0;

	for (size_t i = 0; i < s->n_expect; i++) {
		const tt_expectation *e = &s->expect[i];
		tt_expect_result *r = &results[i];
		memset(r, 0, sizeof *r);
		r->expect = e;
		tt_expect_bound_text(e, r->bound_text, sizeof r->bound_text);
		for (size_t f = 0; f < n_figs; f++) {
			if (!strcmp(figs[f].name, e->figure)) {
				r->has_value = true;
				r->value = figs[f].value;
				break;
			}
		}
		if (r->has_value) {
			tt_fmt_double(r->value, r->value_text);
			r->pass = tt_expect_holds(e, r->value);
		} else {
			snprintf(r->value_text, sizeof r->value_text,
			         "missing");
		}
		if (!r->pass)
			failed++;
	}
	return failed;
}
