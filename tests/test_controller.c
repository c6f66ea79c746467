/*
 * test_controller.c - the decision rules alone, one evaluation at a time.
 *
 * The worked cases drive these rules through the engine; here each rule is
 * pinned directly with hand-made alarm views, so a failure names the rule.
 * SPEC.md section 10's cases N1-N9 live here too: they are stated in the
 * controller's own terms (an activity in progress, a cooldown running).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"
#include "controller.h"
#include "node.h"
#include "step.h"

#define S(x) ((tt_time_us)(x)*TT_US_PER_S)

typedef struct fixture {
	tt_scenario s;
	tt_policy p[3];
	tt_policy_view v[3];
	tt_controller c;
} fixture;

/* C 10 in [1, 20], n policies on target 100 with 300 s cooldowns. */
static void setup(fixture *f, size_t n)
{
	memset(f, 0, sizeof *f);
	tt_aws_knobs_default(&f->s.aws);
	f->s.initial_capacity = 10;
	f->s.min_capacity = 1;
	f->s.max_capacity = 20;
	for (size_t i = 0; i < n; i++) {
		f->p[i].target_value = 100;
		f->p[i].scale_in_cooldown_us = S(300);
		f->p[i].scale_out_cooldown_us = S(300);
		f->v[i].high = TT_ALARM_OK;
		f->v[i].low = TT_ALARM_OK;
	}
	f->s.policies = f->p;
	f->s.n_policies = n;
	tt_controller_init(&f->c, &f->s);
}

static void view(fixture *f, size_t i, tt_alarm_state high, tt_alarm_state low,
                 double value)
{
	f->v[i].evaluated = true;
	f->v[i].high = high;
	f->v[i].low = low;
	f->v[i].has_value = true;
	f->v[i].value = value;
}

static tt_decision eval(fixture *f, long t)
{
	return tt_controller_evaluate(&f->c, S(t), f->v);
}

static void complete(fixture *f, long t, const tt_decision *d)
{
	tt_controller_activity_done(&f->c, S(t), d);
}

START_TEST(formula_rounds_up_and_keeps_exact_quotients)
{
	ck_assert_int_eq(tt_capacity_formula(2, 140, 70), 4);
	ck_assert_int_eq(tt_capacity_formula(3, 70.0 / 3 * 3, 70), 3);
	ck_assert_int_eq(tt_capacity_formula(10, 115, 100), 12); /* 11.5 */
	ck_assert_int_eq(tt_capacity_formula(5, 85, 100), 5);    /* 4.25 */
	ck_assert_int_eq(tt_capacity_formula(5, 80, 100), 4);
	ck_assert_int_eq(tt_capacity_formula(4, 0, 100), 0);
	ck_assert_int_eq(tt_capacity_formula(1, 1e300, 1), 1000000000);
	ck_assert_int_eq(tt_capacity_formula(1, NAN, 1), 0);
	ck_assert_int_eq(tt_capacity_formula(1, INFINITY, 1), 1000000000);
}
END_TEST

/*
 * The epsilon's edge: a quotient within 1e-9 above a whole number is that
 * number (binary noise), one further above needs another instance.
 */
START_TEST(ceil_epsilon_edge)
{
	ck_assert_int_eq(tt_capacity_ceil(4), 4);
	ck_assert_int_eq(tt_capacity_ceil(4 + 1e-10), 4);
	ck_assert_int_eq(tt_capacity_ceil(4 + 0.9e-9), 4);
	ck_assert_int_eq(tt_capacity_ceil(4 + 2e-9), 5);
	ck_assert_int_eq(tt_capacity_ceil(4 + 1e-6), 5);
	ck_assert_int_eq(tt_capacity_ceil(4 - 1e-10), 4);
	/* Below one instance-load: one instance, unless it is noise. */
	ck_assert_int_eq(tt_capacity_ceil(0.5e-9), 0);
	ck_assert_int_eq(tt_capacity_ceil(2e-9), 1);
	ck_assert_int_eq(tt_capacity_ceil(0), 0);
	ck_assert_int_eq(tt_capacity_ceil(-3), 0);
	ck_assert_int_eq(tt_capacity_ceil(NAN), 0);
	ck_assert_int_eq(tt_capacity_ceil(TT_CAPACITY_FORMULA_MAX + 0.5),
	                 TT_CAPACITY_FORMULA_MAX);
	ck_assert_int_eq(tt_capacity_ceil(INFINITY), TT_CAPACITY_FORMULA_MAX);
	/* The formula is the same rounding of C x M / T. */
	ck_assert_int_eq(tt_capacity_formula(3, 100 + 1e-6, 100), 4);
	ck_assert_int_eq(tt_capacity_formula(3, 100 + 1e-12, 100), 3);
}
END_TEST

START_TEST(clamp_to_min_and_max)
{
	tt_scenario s;
	memset(&s, 0, sizeof s);
	s.min_capacity = 3;
	s.max_capacity = 7;
	static const struct {
		int64_t n;
		int want;
	} cases[] = {
	        {INT64_MIN, 3}, {-1, 3}, {0, 3},
	        {2, 3},         {3, 3},  {5, 5},
	        {7, 7},         {8, 7},  {TT_CAPACITY_FORMULA_MAX, 7},
	        {INT64_MAX, 7},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(
		        tt_capacity_clamp(tt_scenario_bounds(&s), cases[i].n) ==
		                cases[i].want,
		        "clamp(%lld) is %d, want %d", (long long)cases[i].n,
		        tt_capacity_clamp(tt_scenario_bounds(&s), cases[i].n),
		        cases[i].want);
	s.min_capacity = s.max_capacity = 4;
	ck_assert_int_eq(tt_capacity_clamp(tt_scenario_bounds(&s), 0), 4);
	ck_assert_int_eq(tt_capacity_clamp(tt_scenario_bounds(&s), 9), 4);
}
END_TEST

/*
 * Which side of which threshold: above the target breaches AlarmHigh,
 * below low_ratio x target breaches AlarmLow, a value on either threshold
 * breaches neither.
 */
START_TEST(threshold_sides)
{
	static const struct {
		double metric, target, ratio;
		bool high, low;
	} cases[] = {
	        {100.001, 100, 0.9, true, false},
	        {100, 100, 0.9, false, false},
	        {95, 100, 0.9, false, false},
	        {90, 100, 0.9, false, false},
	        {89.999, 100, 0.9, false, true},
	        {0, 100, 0.9, false, true},
	        {-1, 100, 0.9, false, true},
	        {50, 100, 0.5, false, false},
	        {49, 100, 0.5, false, true},
	        /* ratio 1: the band between the alarms is the target */
	        {100, 100, 1, false, false},
	        {99.999, 100, 1, false, true},
	        /* a missing metric breaches nothing */
	        {NAN, 100, 0.9, false, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double m = cases[i].metric, t = cases[i].target;
		double r = cases[i].ratio;
		ck_assert_msg(tt_controller_breaches_high(m, t) ==
		                      cases[i].high,
		              "case %zu: high", i);
		ck_assert_msg(tt_controller_breaches_low(m, t, r) ==
		                      cases[i].low,
		              "case %zu: low", i);
	}

	/* The engine's alarms are built by the same rule. */
	tt_alarm hi, lo;
	tt_alarm_shape three = {3, 3}, fifteen = {15, 15};
	tt_controller_alarms_init(&hi, &lo, 70, 0.8, three, fifteen);
	ck_assert_int_eq(hi.op, TT_ALARM_OP_GT);
	ck_assert(hi.threshold == 70);
	ck_assert_int_eq(hi.shape.periods, 3);
	ck_assert_int_eq(lo.op, TT_ALARM_OP_LT);
	ck_assert(lo.threshold == tt_scale_in_threshold(70, 0.8));
	ck_assert_int_eq(lo.shape.periods, 15);
	ck_assert(!tt_alarm_breaches(&hi, 70) && tt_alarm_breaches(&hi, 70.5));
	ck_assert(!tt_alarm_breaches(&lo, 56) && tt_alarm_breaches(&lo, 55.9));
}
END_TEST

START_TEST(ok_alarms_do_nothing)
{
	fixture f;
	setup(&f, 1);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_OK, 95);
	tt_decision d = eval(&f, 60);
	ck_assert_int_eq(d.action, TT_ACTION_NONE);
	ck_assert_int_eq(f.c.desired, 10);
}
END_TEST

START_TEST(scale_out_clamps_to_max)
{
	fixture f;
	setup(&f, 1);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 1000);
	tt_decision d = eval(&f, 60);
	ck_assert_int_eq(d.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(d.to, 20);
	complete(&f, 120, &d);
	d = eval(&f, 600);
	ck_assert_int_eq(d.action, TT_ACTION_NOT_SCALED);
	ck_assert_int_eq(d.reason, TT_REASON_ALREADY_AT_MAX_CAPACITY);
}
END_TEST

START_TEST(updating_blocks_and_then_allows)
{
	fixture f;
	setup(&f, 1);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 150);
	tt_decision d = eval(&f, 60); /* 10 -> 15 */
	ck_assert_int_eq(d.to, 15);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 300); /* from C0: 30 > 15 */
	tt_decision d2 = eval(&f, 120);
	ck_assert_int_eq(d2.action, TT_ACTION_NOT_SCALED);
	ck_assert_int_eq(d2.reason, TT_REASON_UNSCALABLE);
	ck_assert_int_eq(f.c.desired, 15);
	complete(&f, 150, &d);
	d2 = eval(&f, 180); /* in the cooldown, larger: acts from C0 = 10 */
	ck_assert_int_eq(d2.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(d2.from, 15);
	ck_assert_int_eq(d2.to, 20); /* 30 clamped */
	/* it became the initiating scale-out: C0 is now 15 */
	ck_assert_int_eq(f.c.tt.out_c0, 15);
}
END_TEST

START_TEST(scale_out_cooldown_counts_from_the_initiating_capacity)
{
	fixture f;
	setup(&f, 1);
	f.s.max_capacity = 100;
	f.c.bounds = tt_scenario_bounds(&f.s);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 150);
	tt_decision d = eval(&f, 60); /* 10 -> 15, C0 = 10 */
	complete(&f, 360, &d);        /* cooldown until 660 */
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 140);
	tt_decision in = eval(&f, 400); /* ceil(10 * 1.4) = 14 <= 15 */
	ck_assert_int_eq(in.action, TT_ACTION_NOT_SCALED);
	ck_assert_int_eq(in.reason, TT_REASON_IN_COOLDOWN);
	ck_assert_int_eq(in.to, 14);
	ck_assert_int_eq(f.c.desired, 15);
	tt_decision after = eval(&f, 660); /* over: ceil(15 * 1.4) = 21 */
	ck_assert_int_eq(after.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(after.to, 21);
}
END_TEST

START_TEST(block_mode_refuses_any_scale_out_in_cooldown)
{
	fixture f;
	setup(&f, 1);
	f.s.aws.scale_out_cooldown = TT_OUT_COOLDOWN_BLOCK;
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 120);
	tt_decision d = eval(&f, 60);
	complete(&f, 120, &d);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 1000);
	tt_decision in = eval(&f, 300);
	ck_assert_int_eq(in.reason, TT_REASON_IN_COOLDOWN);
	ck_assert_int_eq(eval(&f, 420).action, TT_ACTION_SCALE_OUT);
}
END_TEST

START_TEST(scale_in_cooldown_and_its_end_by_scale_out)
{
	fixture f;
	setup(&f, 1);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 50);
	tt_decision d = eval(&f, 60); /* 10 -> 5 */
	ck_assert_int_eq(d.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(d.to, 5);
	/* still removing: the cooldown has not even started, but the
	 * endpoint is Updating */
	ck_assert_int_eq(eval(&f, 120).reason, TT_REASON_UNSCALABLE);
	complete(&f, 130, &d); /* cooldown until 430 */
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 40);
	ck_assert_int_eq(eval(&f, 420).reason, TT_REASON_IN_COOLDOWN);
	/* a scale-out ends it at once */
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 200);
	tt_decision out = eval(&f, 421);
	ck_assert_int_eq(out.action, TT_ACTION_SCALE_OUT);
	complete(&f, 422, &out);
	/* long before 130 + 300 would have allowed it */
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 10);
	ck_assert_int_eq(eval(&f, 423).action, TT_ACTION_SCALE_IN);
}
END_TEST

START_TEST(scale_in_completing_after_a_scale_out_starts_no_cooldown)
{
	fixture f;
	setup(&f, 1);
	f.s.aws.block_while_updating = false;
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 50);
	tt_decision in = eval(&f, 60);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 300);
	tt_decision out = eval(&f, 120); /* ends the scale-in cooldown */
	ck_assert_int_eq(out.action, TT_ACTION_SCALE_OUT);
	complete(&f, 130, &in);
	ck_assert_int_le(f.c.tt.in_end_us, S(130));
	/* and the scale-out completing later starts only its own */
	complete(&f, 140, &out);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 10);
	f.s.aws.scale_in_during_scale_out_cooldown = true;
	ck_assert_int_eq(eval(&f, 150).action, TT_ACTION_SCALE_IN);
}
END_TEST

START_TEST(scale_in_during_scale_out_cooldown_knob)
{
	fixture f;
	setup(&f, 1);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 150);
	tt_decision d = eval(&f, 60);
	complete(&f, 120, &d);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 20);
	ck_assert_int_eq(eval(&f, 180).action, TT_ACTION_SCALE_IN);

	setup(&f, 1);
	f.s.aws.scale_in_during_scale_out_cooldown = false;
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 150);
	d = eval(&f, 60);
	complete(&f, 120, &d);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 20);
	ck_assert_int_eq(eval(&f, 180).reason, TT_REASON_IN_COOLDOWN);
	ck_assert_int_eq(eval(&f, 420).action, TT_ACTION_SCALE_IN);
}
END_TEST

START_TEST(flapping_and_min_capacity)
{
	fixture f;
	setup(&f, 1);
	f.s.initial_capacity = 5;
	tt_controller_init(&f.c, &f.s);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 85);
	ck_assert_int_eq(eval(&f, 60).reason, TT_REASON_ANTICIPATED_FLAPPING);
	f.s.min_capacity = 5;
	f.c.bounds = tt_scenario_bounds(&f.s);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 10);
	ck_assert_int_eq(eval(&f, 120).reason,
	                 TT_REASON_ALREADY_AT_MIN_CAPACITY);
}
END_TEST

START_TEST(any_out_all_in_largest_wins)
{
	fixture f;
	setup(&f, 3);
	/* out: policies 0 and 2 ask 13 and 30; 1 is OK */
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 130);
	view(&f, 1, TT_ALARM_OK, TT_ALARM_OK, 95);
	view(&f, 2, TT_ALARM_ALARM, TT_ALARM_OK, 300);
	f.s.max_capacity = 50;
	f.c.bounds = tt_scenario_bounds(&f.s);
	tt_decision d = eval(&f, 60);
	ck_assert_int_eq(d.to, 30);
	ck_assert_uint_eq(d.policy, 2);

	/* in: all three low, proposals 2, 5, 3: the largest, 5, wins */
	setup(&f, 3);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 20);
	view(&f, 1, TT_ALARM_OK, TT_ALARM_ALARM, 50);
	view(&f, 2, TT_ALARM_OK, TT_ALARM_ALARM, 30);
	d = eval(&f, 60);
	ck_assert_int_eq(d.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(d.to, 5);
	ck_assert_uint_eq(d.policy, 1);

	/* one voter not low: no scale-in */
	setup(&f, 3);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 20);
	view(&f, 1, TT_ALARM_OK, TT_ALARM_OK, 95);
	view(&f, 2, TT_ALARM_OK, TT_ALARM_ALARM, 30);
	ck_assert_int_eq(eval(&f, 60).action, TT_ACTION_NONE);

	/* ... unless it has DisableScaleIn */
	f.p[1].disable_scale_in = true;
	ck_assert_int_eq(eval(&f, 120).action, TT_ACTION_SCALE_IN);
}
END_TEST

START_TEST(scale_out_wins_over_scale_in)
{
	fixture f;
	setup(&f, 2);
	f.p[0].disable_scale_in = true;
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 200);
	view(&f, 1, TT_ALARM_OK, TT_ALARM_ALARM, 10);
	ck_assert_int_eq(eval(&f, 60).action, TT_ACTION_SCALE_OUT);
}
END_TEST

START_TEST(only_an_evaluated_alarm_invokes_the_policy)
{
	fixture f;
	setup(&f, 1);
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 200);
	f.v[0].evaluated = false; /* e.g. its 60 s period has not ended */
	ck_assert_int_eq(eval(&f, 10).action, TT_ACTION_NONE);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 10);
	f.v[0].evaluated = false;
	ck_assert_int_eq(eval(&f, 20).action, TT_ACTION_NONE);
}
END_TEST

START_TEST(suspended_directions)
{
	fixture f;
	setup(&f, 1);
	f.s.scale_out_suspended = true;
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 200);
	ck_assert_int_eq(eval(&f, 60).action, TT_ACTION_NONE);
	f.s.scale_in_suspended = true;
	view(&f, 0, TT_ALARM_OK, TT_ALARM_ALARM, 10);
	ck_assert_int_eq(eval(&f, 120).action, TT_ACTION_NONE);
}
END_TEST

START_TEST(reason_names_are_aws_codes)
{
	ck_assert_str_eq(tt_reason_name(TT_REASON_ANTICIPATED_FLAPPING),
	                 "AutoScalingAnticipatedFlapping");
	ck_assert_str_eq(tt_reason_name(TT_REASON_UNSCALABLE),
	                 "TargetServicePutResourceAsUnscalable");
	ck_assert_str_eq(tt_reason_name(TT_REASON_ALREADY_AT_MAX_CAPACITY),
	                 "AlreadyAtMaxCapacity");
	ck_assert_str_eq(tt_reason_name(TT_REASON_ALREADY_AT_MIN_CAPACITY),
	                 "AlreadyAtMinCapacity");
	ck_assert_str_eq(tt_reason_name(TT_REASON_IN_COOLDOWN), "InCooldown");
}
END_TEST

/*
 * SPEC.md section 10, N1-N9: which reason one evaluation records when it
 * asks for a change that does not happen.  T 70 unless given.
 */
static void target(fixture *f, double t, int initial, int min, int max)
{
	f->p[0].target_value = t;
	f->s.initial_capacity = initial;
	f->s.min_capacity = min;
	f->s.max_capacity = max;
	tt_controller_init(&f->c, &f->s);
}

static void high(fixture *f, double m)
{
	view(f, 0, TT_ALARM_ALARM, TT_ALARM_OK, m);
}

static void low(fixture *f, double m)
{
	view(f, 0, TT_ALARM_OK, TT_ALARM_ALARM, m);
}

/* N1: C 10 = Max, AlarmHigh, an activity in progress, block on. */
START_TEST(n1_max_before_updating)
{
	fixture f;
	setup(&f, 1);
	target(&f, 70, 8, 1, 10);
	high(&f, 100);
	tt_decision d = eval(&f, 60); /* ceil(8 * 100 / 70) = 12 -> 10 */
	ck_assert_int_eq(d.to, 10);
	ck_assert_int_eq(eval(&f, 120).reason,
	                 TT_REASON_ALREADY_AT_MAX_CAPACITY);
}
END_TEST

/* N2: C 1 = Min, AlarmLow, the scale-in cooldown running. */
START_TEST(n2_min_before_cooldown)
{
	fixture f;
	setup(&f, 1);
	target(&f, 70, 2, 1, 10);
	low(&f, 20);
	tt_decision d = eval(&f, 60);
	ck_assert_int_eq(d.to, 1);
	complete(&f, 120, &d); /* scale-in cooldown until 420 */
	ck_assert_int_eq(eval(&f, 180).reason,
	                 TT_REASON_ALREADY_AT_MIN_CAPACITY);
}
END_TEST

/* N3: C 4, Max 10, 2 -> 4 still provisioning, block on, AlarmHigh. */
START_TEST(n3_updating)
{
	fixture f;
	setup(&f, 1);
	target(&f, 70, 2, 1, 10);
	high(&f, 140);
	ck_assert_int_eq(eval(&f, 60).to, 4);
	ck_assert_int_eq(eval(&f, 120).reason, TT_REASON_UNSCALABLE);
}
END_TEST

/*
 * N4 and N5: 2 -> 4 completed at t = 300; at t + 60 AlarmHigh with M 100:
 * from C0, ceil(2 * 100 / 70) = 3 <= 4 is InCooldown; with a 0 s
 * cooldown none runs and ceil(4 * 100 / 70) = 6 acts.
 */
START_TEST(n4_n5_in_cooldown_unless_zero)
{
	for (int zero = 0; zero < 2; zero++) {
		fixture f;
		setup(&f, 1);
		target(&f, 70, 2, 1, 10);
		if (zero)
			f.p[0].scale_out_cooldown_us = 0;
		high(&f, 140);
		tt_decision d = eval(&f, 240);
		complete(&f, 300, &d);
		high(&f, 100);
		tt_decision n = eval(&f, 360);
		if (!zero) {
			ck_assert_int_eq(n.action, TT_ACTION_NOT_SCALED);
			ck_assert_int_eq(n.reason, TT_REASON_IN_COOLDOWN);
			ck_assert_int_eq(n.to, 3);
		} else {
			ck_assert_int_eq(n.action, TT_ACTION_SCALE_OUT);
			ck_assert_int_eq(n.from, 4);
			ck_assert_int_eq(n.to, 6);
		}
	}
}
END_TEST

/*
 * N6: as N4 but at t - 60, 2 -> 4 still provisioning, block off: no
 * cooldown runs yet, so a not-larger N from C0 is
 * AlreadyAtDesiredCapacity; M 160 gives ceil(2 * 160 / 70) = 5 > 4 and
 * acts, and C0 becomes 4.
 */
START_TEST(n6_c0_from_the_decision)
{
	fixture f;
	setup(&f, 1);
	target(&f, 70, 2, 1, 10);
	f.s.aws.block_while_updating = false;
	high(&f, 140);
	eval(&f, 180);
	high(&f, 100);
	tt_decision n = eval(&f, 240);
	ck_assert_int_eq(n.reason, TT_REASON_ALREADY_AT_DESIRED_CAPACITY);
	ck_assert_int_eq(n.to, 3);
	high(&f, 160);
	n = eval(&f, 240);
	ck_assert_int_eq(n.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(n.from, 4);
	ck_assert_int_eq(n.to, 5);
	ck_assert_int_eq(f.c.tt.out_c0, 4);
}
END_TEST

/*
 * N7: C 5, T 100, AlarmLow: M 80 with the scale-in cooldown running is
 * InCooldown; once it is over, M 85 is AutoScalingAnticipatedFlapping
 * and M 80 scales in to 4.
 */
START_TEST(n7_cooldown_then_flapping_then_in)
{
	fixture f;
	setup(&f, 1);
	target(&f, 100, 6, 1, 10);
	low(&f, 80);
	tt_decision d = eval(&f, 60); /* ceil(4.8) = 5 */
	ck_assert_int_eq(d.to, 5);
	complete(&f, 120, &d); /* cooldown until 420 */
	tt_decision n = eval(&f, 180);
	ck_assert_int_eq(n.reason, TT_REASON_IN_COOLDOWN);
	ck_assert_int_eq(n.to, 4);
	low(&f, 85);
	ck_assert_int_eq(eval(&f, 420).reason, TT_REASON_ANTICIPATED_FLAPPING);
	low(&f, 80);
	n = eval(&f, 480);
	ck_assert_int_eq(n.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(n.to, 4);
}
END_TEST

/*
 * N8: T 100, scale-in 10 -> 8 still deprovisioning, block off, AlarmLow
 * with M 45: from the desired 8, ceil(3.6) = 4, not ceil(10 * 0.45) = 5.
 */
START_TEST(n8_scale_in_counts_from_desired)
{
	fixture f;
	setup(&f, 1);
	target(&f, 100, 10, 1, 20);
	f.s.aws.block_while_updating = false;
	low(&f, 75);
	ck_assert_int_eq(eval(&f, 60).to, 8);
	low(&f, 45);
	tt_decision n = eval(&f, 120);
	ck_assert_int_eq(n.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(n.from, 8);
	ck_assert_int_eq(n.to, 4);
}
END_TEST

/* N9: AlarmHigh, DynamicScalingOutSuspended: no record at all. */
START_TEST(n9_suspended_records_nothing)
{
	fixture f;
	setup(&f, 1);
	target(&f, 70, 2, 1, 10);
	f.s.scale_out_suspended = true;
	high(&f, 140);
	tt_decision n = eval(&f, 60);
	ck_assert_int_eq(n.action, TT_ACTION_NONE);
	ck_assert_int_eq(n.reason, TT_REASON_NONE);
	ck_assert_int_eq(f.c.desired, 2);
}
END_TEST

/* Rule 3's knob: scale-in refused only while the scale-out cooldown
 * runs, not while the scale-out is still in progress. */
START_TEST(scale_in_during_scale_out_in_progress_is_not_cooldown)
{
	fixture f;
	setup(&f, 1);
	f.s.aws.block_while_updating = false;
	f.s.aws.scale_in_during_scale_out_cooldown = false;
	high(&f, 150);
	tt_decision d = eval(&f, 60); /* 10 -> 15 */
	low(&f, 20);
	tt_decision n = eval(&f, 120);
	ck_assert_int_eq(n.action, TT_ACTION_SCALE_IN);
	complete(&f, 130, &d);
	ck_assert_int_eq(eval(&f, 180).reason, TT_REASON_IN_COOLDOWN);
}
END_TEST

/* Ties name the first policy in input order. */
START_TEST(ties_name_the_first_policy)
{
	fixture f;
	setup(&f, 3);
	view(&f, 0, TT_ALARM_OK, TT_ALARM_OK, 90);
	view(&f, 1, TT_ALARM_ALARM, TT_ALARM_OK, 150);
	view(&f, 2, TT_ALARM_ALARM, TT_ALARM_OK, 150);
	tt_decision d = eval(&f, 60);
	ck_assert_uint_eq(d.policy, 1);
	ck_assert_int_eq(d.to, 15);
}
END_TEST

/* ---- step policies (SPEC.md 12.4 - 12.6) ---- */

/* Give the fixture step policies read from StepScalingPolicyConfiguration
 * texts, with their clocks. */
static tt_step_policy step_pols[4];

static void with_steps(fixture *f, const char *const *yaml, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tt_doc doc = {0};
		tt_diag d = {0};
		char buf[1024];
		ck_assert_int_eq(tt_doc_parse_yaml(yaml[i], strlen(yaml[i]),
		                                   "p.yaml", &doc, &d),
		                 TT_OK);
		tt_code rc = tt_step_from_node(doc.root, "p", NULL,
		                               &step_pols[i], &d);
		tt_doc_release(&doc);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
	}
	f->s.step_policies = step_pols;
	f->s.n_step_policies = n;
	ck_assert_int_eq(tt_controller_steps_init(&f->c), TT_OK);
}

static void without_steps(fixture *f)
{
	for (size_t i = 0; i < f->s.n_step_policies; i++)
		tt_step_policy_release(&step_pols[i]);
	tt_controller_release(&f->c);
}

/* Invoke step policy `p` with V against a threshold; no TT evaluation. */
static tt_decision invoke(fixture *f, long t, size_t p, double v,
                          double threshold, bool above)
{
	tt_step_invocation inv = {p, 0, v, threshold, above};
	return tt_controller_decide(&f->c, S(t), NULL, &inv, 1);
}

static void expect(tt_decision d, tt_action a, int from, int to)
{
	ck_assert_msg(d.action == a && d.from == from && d.to == to,
	              "action %d %d -> %d, want %d %d -> %d", d.action, d.from,
	              d.to, a, from, to);
}

/* S1: percent steps on both sides of threshold 50, each after the
 * previous cooldown: 60 -> 11; 70 -> 14; 40 -> 13; 30 -> 10. */
START_TEST(s1_percent_steps_both_ways)
{
	fixture f;
	setup(&f, 0);
	f.s.max_capacity = 50;
	f.c.bounds = tt_scenario_bounds(&f.s);
	static const char *const pol[] = {
	        "{AdjustmentType: PercentChangeInCapacity, StepAdjustments: ["
	        "{MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10,"
	        " ScalingAdjustment: 0},"
	        "{MetricIntervalLowerBound: 10, MetricIntervalUpperBound: 20,"
	        " ScalingAdjustment: 10},"
	        "{MetricIntervalLowerBound: 20, ScalingAdjustment: 30},"
	        "{MetricIntervalLowerBound: -10, MetricIntervalUpperBound: 0,"
	        " ScalingAdjustment: 0},"
	        "{MetricIntervalLowerBound: -20, MetricIntervalUpperBound: -10,"
	        " ScalingAdjustment: -10},"
	        "{MetricIntervalUpperBound: -20, ScalingAdjustment: -30}]}"};
	with_steps(&f, pol, 1);
	static const struct {
		double v;
		bool above;
		tt_action a;
		int from, to;
	} seq[] = {{60, true, TT_ACTION_SCALE_OUT, 10, 11},
	           {70, true, TT_ACTION_SCALE_OUT, 11, 14},
	           {40, false, TT_ACTION_SCALE_IN, 14, 13},
	           {30, false, TT_ACTION_SCALE_IN, 13, 10}};
	for (int i = 0; i < 4; i++) {
		long t = 1000 * i;
		tt_decision d = invoke(&f, t, 0, seq[i].v, 50, seq[i].above);
		expect(d, seq[i].a, seq[i].from, seq[i].to);
		ck_assert(d.step);
		complete(&f, t, &d);
	}
	/* a 0 step asks for nothing: a label, no change */
	tt_decision d = invoke(&f, 5000, 0, 55, 50, true);
	expect(d, TT_ACTION_NOT_SCALED, 10, 10);
	ck_assert_int_eq(d.reason, TT_REASON_ALREADY_AT_DESIRED_CAPACITY);
	ck_assert_int_eq(d.direction, TT_DIR_NONE);
	without_steps(&f);
}
END_TEST

/* S5: threshold 70, Cooldown 60: 80 -> +1, 90 -> +2, 95 -> +3; S11: on
 * the threshold a GreaterThanOrEqualTo alarm's side is above: +1. */
START_TEST(s5_s11_step_choice)
{
	fixture f;
	setup(&f, 0);
	static const char *const pol[] = {
	        "{AdjustmentType: ChangeInCapacity, Cooldown: 60, "
	        "StepAdjustments: ["
	        "{MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 15,"
	        " ScalingAdjustment: 1},"
	        "{MetricIntervalLowerBound: 15, MetricIntervalUpperBound: 25,"
	        " ScalingAdjustment: 2},"
	        "{MetricIntervalLowerBound: 25, ScalingAdjustment: 3}]}"};
	with_steps(&f, pol, 1);
	expect(invoke(&f, 0, 0, 80, 70, true), TT_ACTION_SCALE_OUT, 10, 11);
	f.c.in_progress = 0; /* as if completed long ago */
	f.c.step_cd[0] = (tt_cooldown){0, 11, 0, 0, 0};
	expect(invoke(&f, 100, 0, 90, 70, true), TT_ACTION_SCALE_OUT, 11, 13);
	f.c.in_progress = 0;
	f.c.step_cd[0] = (tt_cooldown){0, 13, 0, 0, 0};
	expect(invoke(&f, 200, 0, 95, 70, true), TT_ACTION_SCALE_OUT, 13, 16);
	f.c.in_progress = 0;
	f.c.step_cd[0] = (tt_cooldown){0, 16, 0, 0, 0};
	/* S11: diff 0 on the alarm's side */
	expect(invoke(&f, 300, 0, 70, 70, true), TT_ACTION_SCALE_OUT, 16, 17);
	without_steps(&f);
}
END_TEST

/* S6 in the controller's terms: a scale-out of one step policy ends the
 * scale-in cooldown of another and target tracking's; S12's Updating. */
START_TEST(s6_any_scale_out_ends_every_scale_in_cooldown)
{
	fixture f;
	setup(&f, 1);
	static const char *const pol[] = {
	        "{AdjustmentType: ChangeInCapacity, Cooldown: 600, "
	        "StepAdjustments: [{MetricIntervalUpperBound: 0, "
	        "ScalingAdjustment: -1}]}",
	        "{AdjustmentType: ChangeInCapacity, StepAdjustments: ["
	        "{MetricIntervalLowerBound: 0, ScalingAdjustment: 2}]}"};
	with_steps(&f, pol, 2);
	tt_decision in = invoke(&f, 0, 0, 10, 50, false);
	expect(in, TT_ACTION_SCALE_IN, 10, 9);
	/* Updating: the other policy is refused while it runs */
	tt_decision d = invoke(&f, 30, 1, 60, 50, true);
	expect(d, TT_ACTION_NOT_SCALED, 9, 11);
	ck_assert_int_eq(d.reason, TT_REASON_UNSCALABLE);
	complete(&f, 60, &in);
	ck_assert_int_eq(f.c.step_cd[0].in_end_us, S(660));
	d = invoke(&f, 120, 0, 10, 50, false);
	ck_assert_int_eq(d.reason, TT_REASON_IN_COOLDOWN);
	/* target tracking's own scale-in cooldown, running too */
	f.c.tt.in_end_us = S(900);
	d = invoke(&f, 180, 1, 60, 50, true);
	expect(d, TT_ACTION_SCALE_OUT, 9, 11);
	ck_assert_int_eq(f.c.step_cd[0].in_end_us, S(180));
	ck_assert_int_eq(f.c.tt.in_end_us, S(180));
	complete(&f, 180, &d);
	/* the scale-in policy may act at once */
	expect(invoke(&f, 200, 0, 10, 50, false), TT_ACTION_SCALE_IN, 11, 10);
	without_steps(&f);
}
END_TEST

/* S7 and S10 at one instant: proposals compete, largest N both ways;
 * the target-tracking vote does not block a step scale-in. */
START_TEST(s7_s10_proposals_compete)
{
	fixture f;
	setup(&f, 1);
	static const char *const pol[] = {
	        "{AdjustmentType: ChangeInCapacity, StepAdjustments: ["
	        "{MetricIntervalLowerBound: 0, ScalingAdjustment: 3},"
	        "{MetricIntervalUpperBound: 0, ScalingAdjustment: -2}]}"};
	f.s.max_capacity = 50;
	f.c.bounds = tt_scenario_bounds(&f.s);
	with_steps(&f, pol, 1);
	/* S7: TT asks 30 (M 300, T 100), the step 13 */
	view(&f, 0, TT_ALARM_ALARM, TT_ALARM_OK, 300);
	tt_step_invocation inv = {0, 2, 60, 50, true};
	tt_decision d = tt_controller_decide(&f.c, S(0), f.v, &inv, 1);
	expect(d, TT_ACTION_SCALE_OUT, 10, 30);
	ck_assert(!d.step);
	/* and the other way round, the step's larger: 31 over 30 */
	fixture g;
	setup(&g, 1);
	g.s.max_capacity = 50;
	g.c.bounds = tt_scenario_bounds(&g.s);
	g.s.step_policies = step_pols;
	g.s.n_step_policies = 1;
	ck_assert_int_eq(tt_controller_steps_init(&g.c), TT_OK);
	view(&g, 0, TT_ALARM_ALARM, TT_ALARM_OK, 110); /* 11 */
	d = tt_controller_decide(&g.c, S(0), g.v, &inv, 1);
	expect(d, TT_ACTION_SCALE_OUT, 10, 13);
	ck_assert(d.step);
	ck_assert_uint_eq(d.alarm, 2);
	tt_controller_release(&g.c);
	/* S10: AlarmLow OK on TT, the step -2 */
	fixture h;
	setup(&h, 1);
	h.s.step_policies = step_pols;
	h.s.n_step_policies = 1;
	ck_assert_int_eq(tt_controller_steps_init(&h.c), TT_OK);
	view(&h, 0, TT_ALARM_OK, TT_ALARM_OK, 95);
	inv.value = 40;
	inv.alarm_above = false;
	d = tt_controller_decide(&h.c, S(0), h.v, &inv, 1);
	expect(d, TT_ACTION_SCALE_IN, 10, 8);
	tt_controller_release(&h.c);
	/* suspended scale-in stops the step too: nothing recorded */
	f.s.scale_in_suspended = true;
	complete(&f, 10,
	         &(tt_decision){.action = TT_ACTION_SCALE_OUT,
	                        .direction = TT_DIR_OUT});
	expect(invoke(&f, 1000, 0, 40, 50, false), TT_ACTION_NONE, 30, 30);
	without_steps(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("controller");
	const tu_case cases[] = {
	        {"formula", formula_rounds_up_and_keeps_exact_quotients},
	        {"epsilon", ceil_epsilon_edge},
	        {"clamp", clamp_to_min_and_max},
	        {"sides", threshold_sides},
	        {"ok", ok_alarms_do_nothing},
	        {"max", scale_out_clamps_to_max},
	        {"updating", updating_blocks_and_then_allows},
	        {"out-cooldown",
	         scale_out_cooldown_counts_from_the_initiating_capacity},
	        {"out-block", block_mode_refuses_any_scale_out_in_cooldown},
	        {"in-cooldown", scale_in_cooldown_and_its_end_by_scale_out},
	        {"in-generation",
	         scale_in_completing_after_a_scale_out_starts_no_cooldown},
	        {"in-during-out", scale_in_during_scale_out_cooldown_knob},
	        {"flapping", flapping_and_min_capacity},
	        {"policies", any_out_all_in_largest_wins},
	        {"out-first", scale_out_wins_over_scale_in},
	        {"evaluated", only_an_evaluated_alarm_invokes_the_policy},
	        {"suspended", suspended_directions},
	        {"reasons", reason_names_are_aws_codes},
	        {"N1", n1_max_before_updating},
	        {"N2", n2_min_before_cooldown},
	        {"N3", n3_updating},
	        {"N4-N5", n4_n5_in_cooldown_unless_zero},
	        {"N6", n6_c0_from_the_decision},
	        {"N7", n7_cooldown_then_flapping_then_in},
	        {"N8", n8_scale_in_counts_from_desired},
	        {"N9", n9_suspended_records_nothing},
	        {"in-during-out-progress",
	         scale_in_during_scale_out_in_progress_is_not_cooldown},
	        {"ties", ties_name_the_first_policy},
	        {"S1", s1_percent_steps_both_ways},
	        {"S5-S11", s5_s11_step_choice},
	        {"S6", s6_any_scale_out_ends_every_scale_in_cooldown},
	        {"S7-S10", s7_s10_proposals_compete},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
