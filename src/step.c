/*
 * step.c - step scaling policies: the configuration read and checked, and
 * the arithmetic of a step invocation.
 *
 * The reader is as strict as policy.c is for target tracking: unknown
 * keys, wrong types and values outside the API's enums are errors at
 * their place.  The step rules are AWS's (the StepAdjustment API
 * reference lists them) and are checked on the finished struct by
 * tt_step_policy_check, so a policy built by another reader (Terraform)
 * goes through the same rules.  The arithmetic is SPEC.md 12.3 - 12.5,
 * written once; docs/step-scaling.md says the same for users.
 */
#include "step.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "ttsim/fmt.h"
#include "ttsim/policy.h"

#define CONFIG_WHAT "StepScalingPolicyConfiguration"

/*
 * AWS documents no upper bound for Cooldown; one day, as policy.c allows
 * for target tracking's cooldowns, keeps the microseconds trivially in
 * range.
 */
#define COOLDOWN_MAX_S 86400

static const char *const adjustment_names[] = {
        [TT_ADJ_CHANGE_IN_CAPACITY] = "ChangeInCapacity",
        [TT_ADJ_PERCENT_CHANGE_IN_CAPACITY] = "PercentChangeInCapacity",
        [TT_ADJ_EXACT_CAPACITY] = "ExactCapacity",
        NULL,
};

static const char *const aggregation_names[] = {
        [TT_STEP_AGG_AVERAGE] = "Average",
        [TT_STEP_AGG_MINIMUM] = "Minimum",
        [TT_STEP_AGG_MAXIMUM] = "Maximum",
        NULL,
};

const char *tt_adjustment_type_name(tt_adjustment_type t)
{
	if ((unsigned)t > TT_ADJ_EXACT_CAPACITY)
		return NULL;
	return adjustment_names[t];
}

const char *tt_step_aggregation_name(tt_step_aggregation a)
{
	if ((unsigned)a > TT_STEP_AGG_MAXIMUM)
		return NULL;
	return aggregation_names[a];
}

/* ---- reading ---- */

/* A JSON or YAML null: a bound written as null is a bound left out. */
static bool is_null(const tt_node *n)
{
	return n->kind == TT_NODE_SCALAR && !n->tag &&
	       n->u.scalar.kind == TT_SCALAR_NULL;
}

static tt_code read_bound(const tt_node *step, const char *key, bool *has,
                          double *out, tt_loc *loc, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(step, key);
	*has = false;
	if (!n || is_null(n))
		return TT_OK;
	tt_code rc = tt_node_number(n, key, out, d);
	if (rc)
		return rc;
	*has = true;
	*loc = n->loc;
	return TT_OK;
}

static tt_code read_step(const tt_node *item, const char *what,
                         tt_step_adjustment *st, tt_diag *d)
{
	static const char *const keys[] = {"MetricIntervalLowerBound",
	                                   "MetricIntervalUpperBound",
	                                   "ScalingAdjustment", NULL};
	const tt_node *n;
	tt_code rc;

	st->loc = item->loc;
	if ((rc = tt_node_expect_map(item, what, d)) ||
	    (rc = tt_node_check_keys_hint(item, what, keys, d)) ||
	    (rc = read_bound(item, "MetricIntervalLowerBound", &st->has_lower,
	                     &st->lower, &st->lower_loc, d)) ||
	    (rc = read_bound(item, "MetricIntervalUpperBound", &st->has_upper,
	                     &st->upper, &st->upper_loc, d)) ||
	    (rc = tt_node_require(item, what, "ScalingAdjustment", &n, d)) ||
	    (rc = tt_node_int(n, "ScalingAdjustment", INT32_MIN, INT32_MAX,
	                      &st->adjustment, d)))
		return rc;
	st->adjustment_loc = n->loc;
	return TT_OK;
}

static tt_code read_steps(const tt_node *config, tt_step_policy *p, tt_diag *d)
{
	const tt_node *list;
	tt_code rc;

	if ((rc = tt_node_require(config, CONFIG_WHAT, "StepAdjustments", &list,
	                          d)) ||
	    (rc = tt_node_expect_seq(list, "StepAdjustments", d)))
		return rc;
	p->steps_loc = list->loc;
	if (list->u.seq.count == 0)
		return TT_OK; /* tt_step_policy_check says it */
	p->steps = calloc(list->u.seq.count, sizeof *p->steps);
	if (!p->steps)
		return tt_diag_nomem(d, list->loc);
	p->n_steps = list->u.seq.count;
	for (size_t i = 0; i < list->u.seq.count; i++) {
		char what[48];
		snprintf(what, sizeof what, "StepAdjustments[%zu]", i);
		if ((rc = read_step(list->u.seq.items[i], what, &p->steps[i],
		                    d)))
			return rc;
	}
	return TT_OK;
}

static tt_code read_cooldown(const tt_node *config, tt_step_policy *p,
                             tt_diag *d)
{
	const tt_node *n = tt_node_map_get(config, "Cooldown");
	int64_t s;

	p->cooldown_us = TT_STEP_COOLDOWN_DEFAULT_US;
	if (!n)
		return TT_OK;
	tt_code rc = tt_node_int(n, "Cooldown", 0, COOLDOWN_MAX_S, &s, d);
	if (rc)
		return rc;
	p->cooldown_us = (tt_time_us)s * TT_US_PER_S;
	p->cooldown_loc = n->loc;
	return TT_OK;
}

static tt_code read_min_magnitude(const tt_node *config, tt_step_policy *p,
                                  tt_diag_list *notes, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(config, "MinAdjustmentMagnitude");
	int64_t m;

	if (!n)
		return TT_OK;
	tt_code rc =
	        tt_node_int(n, "MinAdjustmentMagnitude", 0, INT32_MAX, &m, d);
	if (rc)
		return rc;
	p->min_adjustment_loc = n->loc;
	if (p->adjustment_type != TT_ADJ_PERCENT_CHANGE_IN_CAPACITY)
		/* [doc] AWS uses it with PercentChangeInCapacity only */
		return tt_diag_list_add(
		        notes, TT_SEV_WARNING, n->loc,
		        "'MinAdjustmentMagnitude' applies to AdjustmentType "
		        "PercentChangeInCapacity only; ignored with %s",
		        adjustment_names[p->adjustment_type]);
	p->min_adjustment_magnitude = m;
	return TT_OK;
}

tt_code tt_step_from_node(const tt_node *config, const char *policy_name,
                          tt_diag_list *notes, tt_step_policy *out, tt_diag *d)
{
	static const char *const keys[] = {
	        "AdjustmentType",         "StepAdjustments",
	        "MinAdjustmentMagnitude", "Cooldown",
	        "MetricAggregationType",  NULL};
	const char *name = policy_name ? policy_name : "policy";
	const tt_node *n;
	int v;
	tt_code rc;

	memset(out, 0, sizeof *out);
	out->cooldown_us = TT_STEP_COOLDOWN_DEFAULT_US;
	if ((rc = tt_node_expect_map(config, CONFIG_WHAT, d)))
		goto fail;
	out->loc = config->loc;
	if (!(out->name = malloc(strlen(name) + 1))) {
		rc = tt_diag_nomem(d, config->loc);
		goto fail;
	}
	memcpy(out->name, name, strlen(name) + 1);

	if ((rc = tt_node_check_keys_hint(config, CONFIG_WHAT, keys, d)) ||
	    (rc = tt_node_require(config, CONFIG_WHAT, "AdjustmentType", &n,
	                          d)) ||
	    (rc = tt_node_enum_hint(n, "AdjustmentType", adjustment_names, &v,
	                            d)))
		goto fail;
	out->adjustment_type = (tt_adjustment_type)v;
	out->adjustment_type_loc = n->loc;

	if ((n = tt_node_map_get(config, "MetricAggregationType"))) {
		if ((rc = tt_node_enum_hint(n, "MetricAggregationType",
		                            aggregation_names, &v, d)))
			goto fail;
		out->aggregation = (tt_step_aggregation)v;
	}
	if ((rc = read_cooldown(config, out, d)) ||
	    (rc = read_steps(config, out, d)) ||
	    (rc = tt_step_policy_check(out, d)) ||
	    (rc = read_min_magnitude(config, out, notes, d)))
		goto fail;
	return TT_OK;

fail:
	tt_step_policy_release(out);
	return rc;
}

void tt_step_policy_release(tt_step_policy *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->steps);
	memset(p, 0, sizeof *p);
}

/* ---- AWS's rules on the steps ---- */

/* "0 to 10", "-infinity to -20", "20 to infinity": a step's interval. */
static const char *interval_text(const tt_step_adjustment *st, char *buf,
                                 size_t size)
{
	char lo[TT_FMT_BUF], hi[TT_FMT_BUF];
	snprintf(buf, size, "%s to %s",
	         st->has_lower ? tt_fmt_double(st->lower, lo) : "-infinity",
	         st->has_upper ? tt_fmt_double(st->upper, hi) : "infinity");
	return buf;
}

/* Where a step's lower bound is, or the step when it has none. */
static tt_loc lower_or_step(const tt_step_adjustment *st)
{
	return st->has_lower ? st->lower_loc : st->loc;
}

/* Order of the steps by lower bound, unbounded first (insertion sort:
 * a policy has a handful of steps). */
static void sort_by_lower(const tt_step_adjustment *steps, size_t *order,
                          size_t n)
{
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) {
		size_t k = order[i], j = i;
		for (; j > 0; j--) {
			const tt_step_adjustment *a = &steps[order[j - 1]];
			const tt_step_adjustment *b = &steps[k];
			bool before = !b->has_lower ||
			              (a->has_lower && b->lower < a->lower);
			if (!before)
				break;
			order[j] = order[j - 1];
		}
		order[j] = k;
	}
}

/* Each step alone: its adjustment and its two bounds. */
static tt_code check_each(const tt_step_policy *p, tt_diag *d)
{
	char lo[TT_FMT_BUF], hi[TT_FMT_BUF];
	for (size_t i = 0; i < p->n_steps; i++) {
		const tt_step_adjustment *st = &p->steps[i];
		if (p->adjustment_type == TT_ADJ_EXACT_CAPACITY &&
		    st->adjustment < 0)
			return tt_diag_set(d, TT_EINVAL, st->adjustment_loc,
			                   "'ScalingAdjustment' must not be "
			                   "negative with AdjustmentType "
			                   "ExactCapacity, got %lld",
			                   (long long)st->adjustment);
		if (!st->has_lower && !st->has_upper && p->n_steps > 1)
			return tt_diag_set(d, TT_EINVAL, st->loc,
			                   "'StepAdjustments[%zu]' has neither "
			                   "'MetricIntervalLowerBound' nor "
			                   "'MetricIntervalUpperBound'; only a "
			                   "policy's single step may leave out "
			                   "both",
			                   i);
		if (st->has_lower && st->has_upper && st->lower >= st->upper)
			return tt_diag_set(
			        d, TT_EINVAL, st->lower_loc,
			        "'MetricIntervalLowerBound' must be "
			        "less than 'MetricIntervalUpperBound', "
			        "got %s >= %s",
			        tt_fmt_double(st->lower, lo),
			        tt_fmt_double(st->upper, hi));
	}
	return TT_OK;
}

/*
 * The unbounded ends: at most one step open below and one open above,
 * and a step reaching below the threshold (a negative lower bound) needs
 * one open below, as one reaching above it needs one open above.
 */
static tt_code check_ends(const tt_step_policy *p, tt_diag *d)
{
	size_t open_lo = p->n_steps, open_hi = p->n_steps;
	char num[TT_FMT_BUF];

	for (size_t i = 0; i < p->n_steps; i++) {
		const tt_step_adjustment *st = &p->steps[i];
		if (!st->has_lower) {
			if (open_lo < p->n_steps)
				return tt_diag_set(
				        d, TT_EINVAL, st->loc,
				        "'StepAdjustments[%zu]' and "
				        "'StepAdjustments[%zu]' both leave out "
				        "'MetricIntervalLowerBound'; at most "
				        "one step may",
				        open_lo, i);
			open_lo = i;
		}
		if (!st->has_upper) {
			if (open_hi < p->n_steps)
				return tt_diag_set(
				        d, TT_EINVAL, st->loc,
				        "'StepAdjustments[%zu]' and "
				        "'StepAdjustments[%zu]' both leave out "
				        "'MetricIntervalUpperBound'; at most "
				        "one step may",
				        open_hi, i);
			open_hi = i;
		}
	}
	for (size_t i = 0; i < p->n_steps; i++) {
		const tt_step_adjustment *st = &p->steps[i];
		if (open_lo == p->n_steps && st->has_lower && st->lower < 0)
			return tt_diag_set(
			        d, TT_EINVAL, st->lower_loc,
			        "'StepAdjustments[%zu]' has a negative "
			        "'MetricIntervalLowerBound' (%s), so one step "
			        "must leave 'MetricIntervalLowerBound' out",
			        i, tt_fmt_double(st->lower, num));
		if (open_hi == p->n_steps && st->has_upper && st->upper > 0)
			return tt_diag_set(
			        d, TT_EINVAL, st->upper_loc,
			        "'StepAdjustments[%zu]' has a positive "
			        "'MetricIntervalUpperBound' (%s), so one step "
			        "must leave 'MetricIntervalUpperBound' out",
			        i, tt_fmt_double(st->upper, num));
	}
	return TT_OK;
}

/* Taken in order of their lower bounds, each step starts where the
 * previous one ends. */
static tt_code check_contiguous(const tt_step_policy *p, tt_diag *d)
{
	size_t *order = malloc(p->n_steps * sizeof *order);
	char a_text[96], b_text[96], from[TT_FMT_BUF], to[TT_FMT_BUF];
	tt_code rc = TT_OK;

	if (!order)
		return tt_diag_nomem(d, p->steps_loc);
	sort_by_lower(p->steps, order, p->n_steps);
	for (size_t j = 1; j < p->n_steps && !rc; j++) {
		size_t ia = order[j - 1], ib = order[j];
		const tt_step_adjustment *a = &p->steps[ia], *b = &p->steps[ib];
		/* check_ends leaves b a lower bound: only the first is open */
		if (!a->has_upper || a->upper > b->lower)
			rc = tt_diag_set(
			        d, TT_EINVAL, lower_or_step(b),
			        "'StepAdjustments[%zu]' (%s) overlaps "
			        "'StepAdjustments[%zu]' (%s)",
			        ib, interval_text(b, b_text, sizeof b_text), ia,
			        interval_text(a, a_text, sizeof a_text));
		else if (a->upper < b->lower)
			rc = tt_diag_set(
			        d, TT_EINVAL, lower_or_step(b),
			        "gap between 'StepAdjustments[%zu]' (%s) and "
			        "'StepAdjustments[%zu]' (%s): no step covers "
			        "%s "
			        "to %s",
			        ia, interval_text(a, a_text, sizeof a_text), ib,
			        interval_text(b, b_text, sizeof b_text),
			        tt_fmt_double(a->upper, from),
			        tt_fmt_double(b->lower, to));
	}
	free(order);
	return rc;
}

tt_code tt_step_policy_check(const tt_step_policy *p, tt_diag *d)
{
	tt_code rc;
	if (p->n_steps == 0)
		return tt_diag_set(d, TT_EINVAL, p->steps_loc,
		                   "'StepAdjustments' needs at least one step "
		                   "adjustment");
	if ((rc = check_each(p, d)) || (rc = check_ends(p, d)))
		return rc;
	return check_contiguous(p, d);
}

/* ---- knobs ---- */

void tt_step_knobs_from_aws(tt_step_knobs *k, const tt_aws_knobs *aws)
{
	k->tie_side = aws->step_tie_side;
	k->window = aws->step_aggregation_window;
	k->min_adjustment_on_scale_in = aws->min_adjustment_on_scale_in;
}

void tt_step_knobs_default(tt_step_knobs *k)
{
	/* the defaults are written once, in tt_aws_knobs_default */
	tt_aws_knobs aws;
	tt_aws_knobs_default(&aws);
	tt_step_knobs_from_aws(k, &aws);
}

const char *tt_step_tie_side_name(tt_step_tie_side t)
{
	static const char *const names[] = {"operator", "above", "below"};
	return (unsigned)t < 3 ? names[t] : NULL;
}

const char *tt_step_window_name(tt_step_window w)
{
	static const char *const names[] = {"alarm", "last"};
	return (unsigned)w < 2 ? names[w] : NULL;
}

const char *tt_step_cooldown_scope_name(tt_step_cooldown_scope c)
{
	static const char *const names[] = {"policy", "target"};
	return (unsigned)c < 2 ? names[c] : NULL;
}

/* ---- the arithmetic ---- */

bool tt_step_metric_value(tt_step_aggregation agg, tt_step_window window,
                          const double *values, const unsigned char *present,
                          size_t n, double *out)
{
	size_t count = 0;
	double acc = 0;

	if (window == TT_STEP_WINDOW_LAST) {
		for (size_t i = n; i-- > 0;) {
			if (!present || present[i]) {
				*out = values[i];
				return true;
			}
		}
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (present && !present[i])
			continue; /* missing: no value to aggregate */
		double v = values[i];
		if (count == 0)
			acc = v;
		else if (agg == TT_STEP_AGG_AVERAGE)
			acc += v;
		else if (agg == TT_STEP_AGG_MINIMUM ? v < acc : v > acc)
			acc = v;
		count++;
	}
	if (count == 0)
		return false;
	*out = agg == TT_STEP_AGG_AVERAGE ? acc / (double)count : acc;
	return true;
}

bool tt_step_contains(const tt_step_adjustment *step, double diff, bool above)
{
	if (isnan(diff))
		return false;
	if (diff > 0 || (diff == 0 && above))
		/* [doc] above the threshold: lower <= diff < upper */
		return (!step->has_lower || step->lower <= diff) &&
		       (!step->has_upper || diff < step->upper);
	/* [doc] below it: lower < diff <= upper */
	return (!step->has_lower || step->lower < diff) &&
	       (!step->has_upper || diff <= step->upper);
}

const tt_step_adjustment *tt_step_choose(const tt_step_policy *p, double diff,
                                         tt_step_tie_side tie, bool alarm_above)
{
	bool above = tie == TT_STEP_TIE_ABOVE ||
	             (tie == TT_STEP_TIE_OPERATOR && alarm_above);
	for (size_t i = 0; i < p->n_steps; i++)
		if (tt_step_contains(&p->steps[i], diff, above))
			return &p->steps[i];
	return NULL;
}

int64_t tt_step_percent_delta(int64_t capacity, int64_t percent)
{
	int64_t product = capacity * percent;
	/* [doc] a change of less than one unit still changes by one */
	if (product > 0 && product < 100)
		return 1;
	if (product < 0 && product > -100)
		return -1;
	/* C's integer division truncates toward zero, as AWS rounds */
	return product / 100;
}

int64_t tt_step_min_magnitude(int64_t delta, int64_t m, bool on_scale_in)
{
	if (m <= 0)
		return delta;
	if (delta > 0 && delta < m)
		return m;
	/* [ours] the knob min_adjustment_on_scale_in: AWS's example is a
	 * scale-out; we apply the magnitude to scale-in alike by default */
	if (on_scale_in && delta < 0 && delta > -m)
		return -m;
	return delta;
}

int64_t tt_step_raw_capacity(const tt_step_policy *p, int64_t a, int capacity,
                             const tt_step_knobs *k)
{
	switch (p->adjustment_type) {
	case TT_ADJ_EXACT_CAPACITY:
		return a;
	case TT_ADJ_PERCENT_CHANGE_IN_CAPACITY: {
		int64_t delta = tt_step_percent_delta(capacity, a);
		delta = tt_step_min_magnitude(delta,
		                              p->min_adjustment_magnitude,
		                              k->min_adjustment_on_scale_in);
		return (int64_t)capacity + delta;
	}
	case TT_ADJ_CHANGE_IN_CAPACITY:
	default:
		return (int64_t)capacity + a;
	}
}

tt_direction tt_step_direction(const tt_step_policy *p, int64_t a, int capacity)
{
	/* [ours, rule] one Cooldown serves both directions, so the step's
	 * own sign says which clock it reads */
	int64_t sign =
	        p->adjustment_type == TT_ADJ_EXACT_CAPACITY ? a - capacity : a;
	return sign > 0 ? TT_DIR_OUT : sign < 0 ? TT_DIR_IN : TT_DIR_NONE;
}

tt_step_outcome tt_step_new_capacity(const tt_step_policy *p, int64_t a,
                                     int capacity, const tt_step_knobs *k,
                                     tt_bounds bounds)
{
	tt_step_outcome o;
	o.direction = tt_step_direction(p, a, capacity);
	o.raw = tt_step_raw_capacity(p, a, capacity, k);
	o.to = tt_capacity_clamp(bounds, o.raw);
	return o;
}

bool tt_step_cooldown_scale_out(const tt_step_policy *p, int64_t a, int c0,
                                int capacity, const tt_step_knobs *k,
                                tt_bounds bounds, int *to)
{
	/* [doc] counted from C0, only the difference is added; [ours, rule]
	 * an exact capacity has nothing to count from */
	int64_t raw = tt_step_raw_capacity(p, a, c0, k);
	*to = tt_capacity_clamp(bounds, raw);
	return *to > capacity;
}
