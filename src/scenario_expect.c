/*
 * scenario_expect.c - the `expect:` section: bounds on summary figures.
 *
 *   expect:
 *     max_instances: {le: 12}
 *     cost: {ge: 1, le: 100}
 *     scale_out_activities: {between: [1, 20]}
 *
 * Each key names a figure (figures.h, docs/outputs.md); each bound under it
 * becomes one tt_expectation, so `ttsim check` reports it on its own line
 * at its own place.  Read after every other section, because whether a
 * figure exists depends on the mode: a request-mode figure in a fluid
 * scenario could never be checked and is refused here, not at the end of a
 * long run.  Bounds that cannot all hold ({ge: 10, le: 5}) are refused too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_values.h"
#include "ttsim/expect.h"
#include "ttsim/figures.h"

static const char *const bound_keys[] = {"le", "ge", "eq", "between", NULL};

/* "unknown figure 'x' in 'expect' (expected one of: a, b, ...)" */
static tt_code unknown_figure(const tt_node_entry *e, tt_diag *d)
{
	char list[TT_DIAG_MSG_MAX];
	size_t n = 0;
	const char *const *names = tt_figure_names();
	list[0] = '\0';
	for (size_t i = 0; names[i] && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
		                      i ? ", " : "", names[i]);
	return tt_diag_set(d, TT_EINVAL, e->key_loc,
	                   "unknown figure '%s' in 'expect' (expected one of: "
	                   "%s)",
	                   e->key, list);
}

/* One bound into *x: le, ge, eq a number; between a [lo, hi] pair. */
static tt_code read_bound(const tt_node_entry *b, tt_expectation *x, tt_diag *d)
{
	const tt_node *v = b->value;
	char lo[TT_FMT_BUF], hi[TT_FMT_BUF];
	tt_code rc;

	x->loc = b->key_loc;
	if (!strcmp(b->key, "between")) {
		x->kind = TT_BOUND_BETWEEN;
		if ((rc = tt_node_expect_seq(v, "between", d)))
			return rc;
		if (v->u.seq.count != 2)
			return tt_diag_set(
			        d, TT_EINVAL, v->loc,
			        "'between' must be [lo, hi], got %zu "
			        "value%s",
			        v->u.seq.count, v->u.seq.count == 1 ? "" : "s");
		if ((rc = tt_node_number(v->u.seq.items[0], "between", &x->lo,
		                         d)) ||
		    (rc = tt_node_number(v->u.seq.items[1], "between", &x->hi,
		                         d)))
			return rc;
		if (x->lo > x->hi)
			return tt_diag_set(d, TT_EINVAL, v->loc,
			                   "'between' must be [lo, hi] with lo "
			                   "<= hi, got %s > %s",
			                   tt_fmt_double(x->lo, lo),
			                   tt_fmt_double(x->hi, hi));
		return TT_OK;
	}
	double n;
	if ((rc = tt_node_number(v, b->key, &n, d)))
		return rc;
	if (!strcmp(b->key, "le")) {
		x->kind = TT_BOUND_LE;
		x->lo = -HUGE_VAL;
		x->hi = n;
	} else if (!strcmp(b->key, "ge")) {
		x->kind = TT_BOUND_GE;
		x->lo = n;
		x->hi = HUGE_VAL;
	} else {
		x->kind = TT_BOUND_EQ;
		x->lo = n;
		x->hi = n;
	}
	return TT_OK;
}

/*
 * The bounds of one figure, x[0..n), must leave some value: the largest
 * lower bound must not exceed the smallest upper one.
 */
static tt_code check_consistent(const tt_node_entry *fig,
                                const tt_expectation *x, size_t n, tt_diag *d)
{
	size_t lo = 0, hi = 0;
	for (size_t i = 1; i < n; i++) {
		if (x[i].lo > x[lo].lo)
			lo = i;
		if (x[i].hi < x[hi].hi)
			hi = i;
	}
	if (x[lo].lo <= x[hi].hi)
		return TT_OK;
	char a[TT_EXPECT_BOUND_BUF], b[TT_EXPECT_BOUND_BUF];
	return tt_diag_set(d, TT_EINVAL, fig->value->loc,
	                   "the bounds on '%s' cannot all hold: %s and %s",
	                   fig->key, tt_expect_bound_text(&x[lo], a, sizeof a),
	                   tt_expect_bound_text(&x[hi], b, sizeof b));
}

tt_code tt_sv_expect(tt_scenario *s, const tt_node *root, tt_diag *d)
{
	const tt_node_entry *section = tt_node_map_find(root, "expect");
	tt_code rc;

	if (!section)
		return TT_OK;
	const tt_node *map = section->value;
	if ((rc = tt_node_expect_map(map, "expect", d)))
		return rc;
	s->has_expect = true;
	s->locs.expect = map->loc;
	if (map->u.map.count == 0)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "'expect' must name at least one figure");

	/* Check the shape and count the bounds, then read them. */
	size_t total = 0;
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tt_node_entry *fig = &map->u.map.entries[i];
		char what[TT_DIAG_MSG_MAX / 4];
		if (!tt_figure_known(fig->key))
			return unknown_figure(fig, d);
		if (s->mode == TT_MODE_FLUID &&
		    tt_figure_request_only(fig->key))
			return tt_diag_set(d, TT_EINVAL, fig->key_loc,
			                   "'%s' is measured in request mode "
			                   "only; this scenario runs in fluid "
			                   "mode",
			                   fig->key);
		if (!s->ic.on && tt_figure_ic_only(fig->key))
			return tt_diag_set(d, TT_EINVAL, fig->key_loc,
			                   "'%s' is measured for inference "
			                   "components only "
			                   "(resource: inference-component/NAME)",
			                   fig->key);
		snprintf(what, sizeof what, "expect.%s", fig->key);
		if ((rc = tt_node_expect_map(fig->value, what, d)) ||
		    (rc = tt_node_check_keys(fig->value, what, bound_keys, d)))
			return rc;
		if (fig->value->u.map.count == 0)
			return tt_diag_set(d, TT_EINVAL, fig->value->loc,
			                   "'%s' needs a bound: le, ge, eq or "
			                   "between",
			                   what);
		total += fig->value->u.map.count;
	}
	s->expect = calloc(total, sizeof *s->expect);
	if (!s->expect)
		return tt_diag_nomem(d, map->loc);

	for (size_t i = 0; i < map->u.map.count; i++) {
		const tt_node_entry *fig = &map->u.map.entries[i];
		const tt_node *bounds = fig->value;
		tt_expectation *first = &s->expect[s->n_expect];
		for (size_t j = 0; j < bounds->u.map.count; j++) {
			tt_expectation *x = &s->expect[s->n_expect];
			if (!(x->figure = tt_sv_strdup(fig->key)))
				return tt_diag_nomem(d, fig->key_loc);
			s->n_expect++;
			x->figure_loc = fig->key_loc;
			if ((rc = read_bound(&bounds->u.map.entries[j], x, d)))
				return rc;
		}
		if ((rc = check_consistent(fig, first, bounds->u.map.count, d)))
			return rc;
	}
	return TT_OK;
}
