/*
 * test_hpa.c - the Horizontal Pod Autoscaler's arithmetic (SPEC.md 15.2):
 * the worked cases H1-H7 through the replica calculator and the sync, and
 * the rules around them (tolerance, configurable tolerance, missing and
 * unready pods, several metrics, the legacy window, behavior's windows,
 * rate limits and scale events) on hand-computed sequences.
 */
#include <check.h>
#include <string.h>

#include "hpa.h"
#include "testutil.h"

#define S TT_US_PER_S

static const tt_hpa_tolerance TOL = {0.1, 0.1};

static tt_hpa_knobs knobs(void)
{
	tt_hpa_knobs k;
	memset(&k, 0, sizeof k);
	k.sync_period_us = 15 * S;
	k.tolerance = 0.1;
	k.configurable_tolerance = true;
	k.downscale_stabilization_us = 300 * S;
	k.cpu_initialization_period_us = 300 * S;
	k.metric_window_us = 15 * S;
	return k;
}

/* behavior's defaults (SPEC.md 15.2): up Pods 4 / 15 s and Percent 100 /
 * 15 s, window 0; down Percent 100 / 15 s, the flag's window. */
static tt_hpa_policy up_defaults[] = {{false, 4, 15 * S}, {true, 100, 15 * S}};
static tt_hpa_policy down_defaults[] = {{true, 100, 15 * S}};

static tt_hpa_metric one_metric[] = {
        {TT_HPA_EXTERNAL, "queue", TT_HPA_AVERAGE_VALUE, 1, {0}}};

static tt_hpa_config config(int min, int max, bool behavior)
{
	tt_hpa_config c;
	memset(&c, 0, sizeof c);
	c.min_replicas = min;
	c.max_replicas = max;
	c.metrics = one_metric;
	c.n_metrics = 1;
	c.has_behavior = behavior;
	c.up = (tt_hpa_rules){true, 0, TT_HPA_SELECT_MAX, up_defaults, 2,
	                      false, 0};
	c.down = (tt_hpa_rules){false, 0, TT_HPA_SELECT_MAX, down_defaults, 1,
	                        false, 0};
	return c;
}

static int pods(tt_hpa_target_type type, double target, int ready, double sum,
                int unready, int missing, int current)
{
	tt_hpa_pods p = {ready, sum, unready, missing};
	tt_hpa_proposal pr = tt_hpa_pods_replicas(type, target, &p, current, TOL);
	ck_assert(pr.ok);
	return pr.replicas;
}

/* H1: 50 ready pods at 90 % CPU against 75 %: r 1.2, 60. */
START_TEST(h1)
{
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 75, 50, 50 * 90.0, 0, 0, 50),
	                 60);
}
END_TEST

/* H2: 10 pods at 81 % against 75 %: r 1.08, within 0.1: 10. */
START_TEST(h2)
{
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 75, 10, 810, 0, 0, 10), 10);
	/* just outside: 83 % is r 1.1067 */
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 75, 10, 830, 0, 0, 10), 12);
	/* the utilization is the truncated percent: 82.9 % is 82, r 1.093 */
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 75, 10, 829, 0, 0, 10), 10);
}
END_TEST

/* One sync with one proposal. */
static tt_hpa_result sync1(tt_hpa_state *st, const tt_hpa_config *c,
                           long t_s, int current, int proposal)
{
	tt_hpa_knobs k = knobs();
	tt_hpa_proposal p = {true, proposal, 0};
	tt_hpa_result r;
	ck_assert_int_eq(tt_hpa_sync(st, c, &k, t_s * S, current, &p, &r),
	                 TT_OK);
	return r;
}

/*
 * H3: legacy; 10 pods; recommendations 7, 9, 6 in the last 300 s; now a
 * proposal of 5: the largest of them, 9.  (The sync takes the current
 * replicas as given, so they stay 10 here whatever it decided.)
 */
START_TEST(h3)
{
	tt_hpa_config c = config(1, 100, false);
	tt_hpa_state st = {0};
	/* the first sync remembers its 10, which has left by 400 */
	ck_assert_int_eq(sync1(&st, &c, 0, 10, 10).desired, 10);
	ck_assert_int_eq(sync1(&st, &c, 400, 10, 7).desired, 7);
	ck_assert_int_eq(sync1(&st, &c, 415, 10, 9).desired, 9);
	ck_assert_int_eq(sync1(&st, &c, 430, 10, 6).desired, 9);
	tt_hpa_result r = sync1(&st, &c, 445, 10, 5);
	ck_assert_int_eq(r.desired, 9);
	ck_assert_int_eq(r.proposal, 5);
	/* [now - 300, now] at 716 holds 6 (430) and 5 (445) only */
	ck_assert_int_eq(sync1(&st, &c, 716, 10, 5).desired, 6);
	tt_hpa_state_release(&st);
}
END_TEST

/*
 * H4: 3 pods, max 100, an External AverageValue metric asking 40 at every
 * sync.  With behavior's defaults: 7 (max(3 + 4, ceil(3 x 2))), 14, 28,
 * 40, each earlier event having left the 15 s period; legacy: 6, 12, 24,
 * 40 (at most double, at least 4).
 */
START_TEST(h4)
{
	int want[2][4] = {{7, 14, 28, 40}, {6, 12, 24, 40}};
	for (int legacy = 0; legacy < 2; legacy++) {
		tt_hpa_config c = config(1, 100, !legacy);
		tt_hpa_state st = {0};
		int current = 3;
		for (int i = 0; i < 4; i++) {
			tt_hpa_proposal p = tt_hpa_value_replicas(
			        TT_HPA_AVERAGE_VALUE, 1, 40, current, current,
			        TOL);
			ck_assert(p.ok);
			ck_assert_int_eq(p.replicas, 40);
			tt_hpa_result r = sync1(&st, &c, 15 * i, current, 40);
			ck_assert_int_eq(r.desired, want[legacy][i]);
			current = r.desired;
		}
		tt_hpa_state_release(&st);
	}
}
END_TEST

/*
 * H5: metric A proposes 8, B fails, current 10: skipped (10).  A at 12:
 * 12, a scale-up on the valid metric.
 */
START_TEST(h5)
{
	tt_hpa_metric two[] = {
	        {TT_HPA_EXTERNAL, "a", TT_HPA_AVERAGE_VALUE, 1, {0}},
	        {TT_HPA_EXTERNAL, "b", TT_HPA_AVERAGE_VALUE, 1, {0}}};
	tt_hpa_config c = config(1, 100, false);
	c.metrics = two;
	c.n_metrics = 2;
	tt_hpa_knobs k = knobs();
	tt_hpa_state st = {0};
	tt_hpa_proposal p[2] = {{true, 8, 0}, {false, 0, 0}};
	tt_hpa_result r;
	ck_assert_int_eq(tt_hpa_sync(&st, &c, &k, 0, 10, p, &r), TT_OK);
	ck_assert_int_eq(r.outcome, TT_HPA_METRICS_FAILED);
	ck_assert_int_eq(r.desired, 10);
	p[0].replicas = 12;
	ck_assert_int_eq(tt_hpa_sync(&st, &c, &k, 15 * S, 10, p, &r), TT_OK);
	ck_assert_int_eq(r.outcome, TT_HPA_SCALED);
	ck_assert_int_eq(r.desired, 12);
	/* both failed: skipped */
	p[0].ok = false;
	ck_assert_int_eq(tt_hpa_sync(&st, &c, &k, 30 * S, 12, p, &r), TT_OK);
	ck_assert_int_eq(r.outcome, TT_HPA_METRICS_FAILED);
	tt_hpa_state_release(&st);
}
END_TEST

/*
 * H6: 4 pods, CPU target 50 %; three at 20 %, one missing: r 0.4; the
 * missing one at 100 % gives r' 0.8 and ceil(3.2) = 4: no scale-down.
 * All four at 20 %: 2.
 */
START_TEST(h6)
{
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 50, 3, 60, 0, 1, 4), 4);
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 50, 4, 80, 0, 0, 4), 2);
	/* a missing pod above the target counts at 0: 3 at 90 % of 50,
	 * r 1.8; with the missing one 67 % (truncated), r' 1.34:
	 * ceil(5.36) = 6 */
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 50, 3, 270, 0, 1, 4), 6);
	/* a target above 100 %: missing pods count at the target, 150 %:
	 * 52 % (truncated) of 150, r' 0.347, ceil(1.39) = 2 */
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 150, 3, 60, 0, 1, 4), 2);
	/* a plain metric: missing pods at the target: 3 at 2 and one at
	 * 10 against 10, r' 0.4, ceil(1.6) = 2 */
	ck_assert_int_eq(pods(TT_HPA_AVERAGE_VALUE, 10, 3, 6, 0, 1, 4), 2);
}
END_TEST

/*
 * H7: 2 ready pods at 100 % CPU, target 50 %: 4.  Next sync, the 2 new
 * pods Pending (unready) count at 0: r' 1.0, it stays 4.
 */
START_TEST(h7)
{
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 50, 2, 200, 0, 0, 2), 4);
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 50, 2, 200, 2, 0, 4), 4);
	/* unready pods do not hold a scale-down back */
	ck_assert_int_eq(pods(TT_HPA_UTILIZATION, 50, 2, 40, 2, 0, 4), 1);
	/* no ready pod with a value: the metric fails */
	tt_hpa_pods p = {0, 0, 2, 0};
	ck_assert(!tt_hpa_pods_replicas(TT_HPA_UTILIZATION, 50, &p, 2, TOL).ok);
}
END_TEST

/* Tolerance: the flag both ways; behavior's own values only while
 * configurable tolerance is on. */
START_TEST(tolerances)
{
	tt_hpa_config c = config(1, 10, true);
	c.up.has_tolerance = true;
	c.up.tolerance = 0.05;
	tt_hpa_knobs k = knobs();
	tt_hpa_tolerance t = tt_hpa_tolerance_of(&c, &k);
	ck_assert(t.up == 0.05 && t.down == 0.1);
	k.configurable_tolerance = false;
	t = tt_hpa_tolerance_of(&c, &k);
	ck_assert(t.up == 0.1 && t.down == 0.1);
	/* r 1.08 with an up tolerance of 0.05: ceil(10.8) = 11 */
	tt_hpa_pods p = {10, 810, 0, 0};
	tt_hpa_tolerance tight = {0.05, 0.1};
	ck_assert_int_eq(
	        tt_hpa_pods_replicas(TT_HPA_UTILIZATION, 75, &p, 10, tight)
	                .replicas,
	        11);
}
END_TEST

/* Object and External Value targets: ceil(r x ready) outside the band;
 * at 0 replicas ceil(r). AverageValue at 0 replicas: ceil(value /
 * target), no tolerance. */
START_TEST(value_targets)
{
	ck_assert_int_eq(
	        tt_hpa_value_replicas(TT_HPA_VALUE, 100, 150, 4, 4, TOL).replicas,
	        6);
	ck_assert_int_eq(
	        tt_hpa_value_replicas(TT_HPA_VALUE, 100, 105, 4, 4, TOL).replicas,
	        4);
	ck_assert_int_eq(
	        tt_hpa_value_replicas(TT_HPA_VALUE, 100, 150, 0, 0, TOL).replicas,
	        2);
	ck_assert_int_eq(tt_hpa_value_replicas(TT_HPA_AVERAGE_VALUE, 10, 5, 0, 0,
	                                       TOL)
	                         .replicas,
	                 1);
	ck_assert_int_eq(tt_hpa_value_replicas(TT_HPA_AVERAGE_VALUE, 10, 0, 0, 0,
	                                       TOL)
	                         .replicas,
	                 0);
	/* 41 for 4 pods at 10 each: r 1.025, within */
	ck_assert_int_eq(tt_hpa_value_replicas(TT_HPA_AVERAGE_VALUE, 10, 41, 4,
	                                       4, TOL)
	                         .replicas,
	                 4);
}
END_TEST

/*
 * behavior's scale-down: the default window is the flag's 300 s, so a
 * lower proposal waits until every higher recommendation of the last 300
 * s has left (the first sync's current among them); then Percent 100
 * lets it fall at once.  A Pods 1 / 60 s policy takes one pod a minute.
 */
START_TEST(behavior_scale_down)
{
	tt_hpa_config c = config(1, 100, true);
	tt_hpa_state st = {0};
	ck_assert_int_eq(sync1(&st, &c, 0, 10, 2).desired, 10);
	ck_assert_int_eq(sync1(&st, &c, 299, 10, 2).desired, 10);
	ck_assert_int_eq(sync1(&st, &c, 300, 10, 2).desired, 2);
	tt_hpa_state_release(&st);

	tt_hpa_policy one_a_minute[] = {{false, 1, 60 * S}};
	c.down = (tt_hpa_rules){true, 0, TT_HPA_SELECT_MAX, one_a_minute, 1,
	                        false, 0};
	st = (tt_hpa_state){0};
	int current = 5, want[] = {4, 4, 4, 4, 3, 3};
	for (int i = 0; i < 6; i++) {
		tt_hpa_result r = sync1(&st, &c, 15 * i, current, 1);
		ck_assert_int_eq(r.desired, want[i]);
		current = r.desired;
	}
	tt_hpa_state_release(&st);
}
END_TEST

/* selectPolicy Min picks the smallest change; Disabled none; a scale-up
 * window holds the lowest recent recommendation. */
START_TEST(behavior_select_and_window)
{
	tt_hpa_config c = config(1, 100, true);
	c.up.select = TT_HPA_SELECT_MIN;
	tt_hpa_state st = {0};
	ck_assert_int_eq(sync1(&st, &c, 0, 3, 40).desired, 6);
	tt_hpa_state_release(&st);

	c.up.select = TT_HPA_SELECT_DISABLED;
	st = (tt_hpa_state){0};
	ck_assert_int_eq(sync1(&st, &c, 0, 3, 40).desired, 3);
	tt_hpa_state_release(&st);

	c.up.select = TT_HPA_SELECT_MAX;
	c.up.window_us = 60 * S;
	st = (tt_hpa_state){0};
	/* the first sync's 3 holds the scale-up back for 60 s */
	ck_assert_int_eq(sync1(&st, &c, 0, 3, 40).desired, 3);
	ck_assert_int_eq(sync1(&st, &c, 45, 3, 40).desired, 3);
	ck_assert_int_eq(sync1(&st, &c, 60, 3, 40).desired, 7);
	tt_hpa_state_release(&st);
}
END_TEST

/* Out of bounds: above max goes to max, below min to min, no metric
 * read; 0 spec replicas with minReplicas > 0: ScalingDisabled. */
START_TEST(bounds_and_disabled)
{
	tt_hpa_config c = config(2, 5, false);
	tt_hpa_state st = {0};
	tt_hpa_result r = sync1(&st, &c, 0, 8, 1);
	ck_assert_int_eq(r.desired, 5);
	ck_assert_int_eq(r.outcome, TT_HPA_SCALED);
	ck_assert_int_eq(sync1(&st, &c, 15, 1, 9).desired, 2);
	r = sync1(&st, &c, 30, 0, 9);
	ck_assert_int_eq(r.outcome, TT_HPA_SCALING_DISABLED);
	ck_assert_int_eq(r.desired, 0);
	tt_hpa_state_release(&st);
}
END_TEST

static Suite *hpa_suite(void)
{
	Suite *s = suite_create("hpa");
	const tu_case cases[] = {
	        {"h1", h1},
	        {"h2", h2},
	        {"h3", h3},
	        {"h4", h4},
	        {"h5", h5},
	        {"h6", h6},
	        {"h7", h7},
	        {"tolerances", tolerances},
	        {"value_targets", value_targets},
	        {"behavior_scale_down", behavior_scale_down},
	        {"behavior_select_and_window", behavior_select_and_window},
	        {"bounds_and_disabled", bounds_and_disabled},
	};
	TU_ADD_CASES(s, cases);
	return s;
}

int main(void)
{
	return tu_run_suite(hpa_suite());
}
