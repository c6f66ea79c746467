/*
 * test_worked_cases.c - SPEC.md section 9, G1 to G12, and section 12's
 * step scaling cases through the real engine: each case is a scenario,
 * run by tt_sim_run, and the assertions read its timeline and events.
 *
 * Time arithmetic used throughout: periods are 60 s and datapoints are
 * published 60 s after their period ends, so the datapoint of period k
 * (row time_s = 60k) is first seen by the evaluation at 60(k+2), which is
 * the end of row k+1.  A 3-of-3 AlarmHigh over periods 0..2 therefore
 * fires at the end of row 3 (time_s 180), a 15-of-15 AlarmLow over 0..14
 * at the end of row 15 (time_s 900).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "runutil.h"
#include "testutil.h"
#include "alarm_def.h"
#include "controller.h"
#include "node.h"
#include "step.h"

#define IPI(target)                                                            \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: " #target "\n"                                     \
	"      PredefinedMetricSpecification:\n"                               \
	"        PredefinedMetricType: "                                       \
	"SageMakerVariantInvocationsPerInstance\n"

static void assert_no_action_before(const ru_run *r, long time_s)
{
	for (size_t i = 0; i < r->n_rows; i++) {
		const tt_row *row = &r->rows[i].row;
		if (row->start_us >= time_s * TT_US_PER_S)
			break;
		ck_assert_msg(row->action == TT_ACTION_NONE,
		              "unexpected action in row %zu", i);
	}
}

/* G1: T 70, C 2, 140 per instance for 3 periods -> 4 after the third. */
START_TEST(g1_alarm_high_after_third_visible_datapoint)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 10}\n"
	                "policies:\n" IPI(70) "workload: {synthetic: {shape: "
	                                      "constant, rate: 280}}\n"
	                                      "simulation: {duration: 6m}\n");
	ck_assert_int_eq(ru_row_at(&r, 0)->pol[0].high,
	                 TT_ALARM_INSUFFICIENT_DATA);
	for (long t = 0; t <= 120; t += 60) {
		const ru_row *row = ru_row_at(&r, t);
		ck_assert(row->pol[0].has_metric);
		ck_assert_double_eq(row->pol[0].metric, 140);
		ck_assert_int_eq(row->row.desired, 2);
		ck_assert_int_ne(row->pol[0].high, TT_ALARM_ALARM);
	}
	const ru_row *fire = ru_row_at(&r, 180);
	ck_assert_int_eq(fire->pol[0].high, TT_ALARM_ALARM);
	ck_assert_int_eq(fire->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(fire->row.desired, 4);
	ck_assert_int_eq(fire->row.in_service, 2);
	ck_assert_int_eq(fire->row.pending, 2);
	assert_no_action_before(&r, 180);
	const tt_event_row *ev = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(ev->time_us, 240 * TT_US_PER_S);
	ck_assert_int_eq(ev->from, 2);
	ck_assert_int_eq(ev->to, 4);
	ru_release(&r);
}
END_TEST

/* G2: two policies act at once on C 10, asking 13 and 30: 30 wins. */
START_TEST(g2_largest_capacity_wins)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 10, min: 1, max: 50}\n"
	                "policies:\n" IPI(231)
	                        IPI(100) "workload: {synthetic: {shape: "
	                                 "constant, rate: 3000}}\n"
	                                 "simulation: {duration: 5m}\n");
	ck_assert_int_eq(tt_capacity_formula(10, 300, 231), 13);
	ck_assert_int_eq(tt_capacity_formula(10, 300, 100), 30);
	const ru_row *fire = ru_row_at(&r, 180);
	ck_assert_int_eq(fire->pol[0].high, TT_ALARM_ALARM);
	ck_assert_int_eq(fire->pol[1].high, TT_ALARM_ALARM);
	ck_assert_int_eq(fire->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(fire->row.desired, 30);
	const tt_event_row *ev = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert_uint_eq(ev->policy, 1);
	ck_assert_int_eq(ev->to, 30);
	ck_assert_uint_eq(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	ru_release(&r);
}
END_TEST

/* G3: C 5, T 100, M 85 for 15 periods: AlarmLow, ceil(4.25) = 5, NotScaled. */
START_TEST(g3_anticipated_flapping)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 5, min: 1, max: 10}\n"
	                "policies:\n" IPI(100) "workload: {synthetic: {shape: "
	                                       "constant, rate: 425}}\n"
	                                       "simulation: {duration: 17m}\n");
	ck_assert_double_eq(ru_row_at(&r, 0)->pol[0].metric, 85);
	ck_assert_int_eq(ru_row_at(&r, 840)->pol[0].low, TT_ALARM_OK);
	const ru_row *fire = ru_row_at(&r, 900);
	ck_assert_int_eq(fire->pol[0].low, TT_ALARM_ALARM);
	ck_assert_int_eq(fire->row.action, TT_ACTION_NOT_SCALED);
	ck_assert_int_eq(fire->row.reason, TT_REASON_ANTICIPATED_FLAPPING);
	ck_assert_int_eq(fire->row.desired, 5);
	assert_no_action_before(&r, 900);
	ck_assert_uint_eq(r.sum.not_scaled[TT_REASON_ANTICIPATED_FLAPPING], 2);
	ck_assert_int_eq(r.sum.scale_in_activities, 0);
	ru_release(&r);
}
END_TEST

/* G4: C 5, T 100, M 80 for 15 periods: scale in by 1; the scale-in
 * cooldown starts when the removal completes. */
START_TEST(g4_scale_in_by_one)
{
	ru_run r;
	ru_run_yaml(&r,
	            "capacity: {initial: 5, min: 1, max: 10}\n"
	            "policies:\n" IPI(100) "instance: {deprovisioning: 60s}\n"
	                                   "workload: {synthetic: {shape: "
	                                   "constant, rate: 400}}\n"
	                                   "simulation: {duration: 20m}\n");
	const ru_row *fire = ru_row_at(&r, 900);
	ck_assert_int_eq(fire->row.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(fire->row.desired, 4);
	/* the instance being removed still counts as in service */
	ck_assert_int_eq(fire->row.in_service, 5);
	ck_assert_int_eq(ru_row_at(&r, 960)->row.in_service, 4);
	const tt_event_row *start = ru_event(&r, TT_EVENT_DECISION, 0);
	const tt_event_row *done = ru_event(&r, TT_EVENT_COMPLETED, 0);
	ck_assert_int_eq(start->time_us, 960 * TT_US_PER_S);
	ck_assert_int_eq(start->direction, TT_DIR_IN);
	ck_assert_int_eq(done->time_us, 1020 * TT_US_PER_S);
	ck_assert_int_eq(r.sum.scale_in_activities, 1);
	ru_release(&r);
}
END_TEST

/*
 * G4, the cooldown clock: a removal that takes 5 minutes, a 2-minute
 * ScaleInCooldown and an AlarmLow of 1 of 1.  The second scale-in waits
 * for completion + 120 s, not decision + 120 s.
 */
START_TEST(g4_scale_in_cooldown_starts_at_completion)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 8, min: 1, max: 10}\n"
	                "policies:\n"
	                "  - TargetTrackingScalingPolicyConfiguration:\n"
	                "      TargetValue: 100\n"
	                "      ScaleInCooldown: 120\n"
	                "      PredefinedMetricSpecification:\n"
	                "        PredefinedMetricType: "
	                "SageMakerVariantInvocationsPerInstance\n"
	                "instance: {deprovisioning: 5m}\n"
	                "workload: {synthetic: {shape: step, rate: 800, steps: "
	                "[{at: 1m, rate: 320}, {at: 10m, rate: 160}]}}\n"
	                "simulation: {duration: 40m}\n"
	                "aws: {alarm_low: {datapoints: 1, periods: 1}}\n");
	/* period 0 is at target (800/8 = 100); period 1 (320/8 = 40 < 90)
	 * is seen at 180 s: 8 -> ceil(3.2) = 4 */
	const tt_event_row *first = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert_int_eq(first->time_us, 180 * TT_US_PER_S);
	ck_assert_int_eq(first->to, 4);
	const tt_event_row *done = ru_event(&r, TT_EVENT_COMPLETED, 0);
	ck_assert_int_eq(done->time_us, 480 * TT_US_PER_S);
	/* while removing and cooling down: InCooldown */
	ck_assert_int_eq(ru_row_at(&r, 480)->row.reason, TT_REASON_IN_COOLDOWN);
	/* 160/4 = 40 from period 10, seen at 720 s > 480 + 120 s */
	const tt_event_row *second = ru_event(&r, TT_EVENT_DECISION, 1);
	ck_assert_ptr_nonnull(second);
	ck_assert_int_eq(second->time_us, 720 * TT_US_PER_S);
	ck_assert_int_eq(second->from, 4);
	ck_assert_int_eq(second->to, 2);
	ru_release(&r);
}
END_TEST

/* G5: C 4, Min 1, traffic stops, zero_traffic zero: 15 zeros -> 1. */
START_TEST(g5_zero_traffic_scales_to_min)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 4, min: 1, max: 10}\n"
	                "policies:\n" IPI(70) "workload: {synthetic: {shape: "
	                                      "step, rate: 264, steps: "
	                                      "[{at: 10m, rate: 0}]}}\n"
	                                      "simulation: {duration: 40m}\n"
	                                      "aws: {zero_traffic: zero}\n");
	ck_assert_double_eq(ru_row_at(&r, 540)->pol[0].metric, 66);
	ck_assert(ru_row_at(&r, 600)->pol[0].has_metric);
	ck_assert_double_eq(ru_row_at(&r, 600)->pol[0].metric, 0);
	/* zeros in periods 10..24 are all visible at the end of row 25 */
	ck_assert_int_eq(ru_row_at(&r, 1440)->pol[0].low, TT_ALARM_OK);
	const ru_row *fire = ru_row_at(&r, 1500);
	ck_assert_int_eq(fire->pol[0].low, TT_ALARM_ALARM);
	ck_assert_int_eq(fire->row.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(fire->row.desired, 1);
	assert_no_action_before(&r, 1500);
	ck_assert_int_eq(r.sum.final_desired, 1);
	/* at min now: AlreadyAtMinCapacity once the cooldown is over */
	ck_assert_uint_gt(r.sum.not_scaled[TT_REASON_ALREADY_AT_MIN_CAPACITY],
	                  0);
	ru_release(&r);
}
END_TEST

/* G6: the same with zero_traffic missing: INSUFFICIENT_DATA, C stays 4. */
START_TEST(g6_missing_data_never_scales_in)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 4, min: 1, max: 10}\n"
	                "policies:\n" IPI(70) "workload: {synthetic: {shape: "
	                                      "step, rate: 264, steps: "
	                                      "[{at: 10m, rate: 0}]}}\n"
	                                      "simulation: {duration: 6h}\n"
	                                      "aws: {zero_traffic: missing}\n");
	ck_assert(!ru_row_at(&r, 600)->pol[0].has_metric);
	for (size_t i = 0; i < r.n_rows; i++) {
		ck_assert_int_eq(r.rows[i].row.desired, 4);
		ck_assert_int_eq(r.rows[i].row.action, TT_ACTION_NONE);
	}
	const ru_row *last = &r.rows[r.n_rows - 1];
	ck_assert_int_eq(last->pol[0].low, TT_ALARM_INSUFFICIENT_DATA);
	ck_assert_int_eq(last->pol[0].high, TT_ALARM_INSUFFICIENT_DATA);
	ck_assert_uint_eq(r.sum.policies[0].missing, 350);
	ck_assert_uint_eq(r.n_events, 0);
	ru_release(&r);
}
END_TEST

/* G7: T 5, C 1, Max 4, 130 per minute: one activity 1 -> 4. */
START_TEST(g7_one_activity_clamped_to_max)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 1, min: 1, max: 4}\n"
	                "policies:\n" IPI(5) "workload: {synthetic: {shape: "
	                                     "constant, rate: 130}}\n"
	                                     "simulation: {duration: 1h}\n");
	ck_assert_int_eq(tt_capacity_formula(1, 130, 5), 26);
	ck_assert_int_eq(r.sum.scale_out_activities, 1);
	const tt_event_row *ev = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert_int_eq(ev->from, 1);
	ck_assert_int_eq(ev->to, 4);
	ck_assert_int_eq(r.sum.final_desired, 4);
	ck_assert_int_eq(r.rows[r.n_rows - 1].row.reason,
	                 TT_REASON_ALREADY_AT_MAX_CAPACITY);
	ru_release(&r);
}
END_TEST

/*
 * G8: scale-out 4 -> 6 at 240 s completes at 540 s (5 min provisioning);
 * its 300 s cooldown runs to 840 s.  Traffic rises to keep M at 140 with
 * 6 in service.  Until 540 s the endpoint is Updating; in the cooldown
 * ceil(4 * 1.4) = 6 is not larger: no action (SPEC 10 names the reason
 * for each).  At 840 s, ceil(6 * 1.4) = 9 acts.
 */
START_TEST(g8_scale_out_cooldown_is_relative)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 4, min: 1, max: 20}\n"
	                "policies:\n" IPI(100) "instance: {provisioning: 5m}\n"
	                                       "workload: {synthetic: {shape: "
	                                       "step, rate: 560, steps: "
	                                       "[{at: 9m, rate: 840}]}}\n"
	                                       "simulation: {duration: 16m}\n");
	ck_assert_int_eq(ru_row_at(&r, 180)->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(ru_row_at(&r, 180)->row.desired, 6);
	const tt_event_row *done = ru_event(&r, TT_EVENT_COMPLETED, 0);
	ck_assert_int_eq(done->time_us, 540 * TT_US_PER_S);
	for (long t = 240; t <= 720; t += 60) {
		const ru_row *row = ru_row_at(&r, t);
		ck_assert_double_eq(row->pol[0].metric, 140);
		ck_assert_int_eq(row->pol[0].high, TT_ALARM_ALARM);
		ck_assert_int_eq(row->row.action, TT_ACTION_NOT_SCALED);
		ck_assert_int_eq(row->row.reason,
		                 t < 480 ? TT_REASON_UNSCALABLE
		                         : TT_REASON_IN_COOLDOWN);
		ck_assert_int_eq(row->row.desired, 6);
	}
	const ru_row *after = ru_row_at(&r, 780);
	ck_assert_int_eq(after->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(after->row.desired, 9);
	ru_release(&r);
}
END_TEST

/* G8 with the simple reading (knob block): nothing until 840 s either,
 * and with the cooldown knob off the relative rule makes no difference
 * to the outcome here; what changes is the reason for waiting. */
START_TEST(g8_block_mode_blocks_every_scale_out)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 4, min: 1, max: 20}\n"
	                "policies:\n" IPI(
	                        100) "instance: {provisioning: 5m}\n"
	                             "workload: {synthetic: {shape: step, "
	                             "rate: 560, steps: "
	                             "[{at: 4m, rate: 2000}]}}\n"
	                             "simulation: {duration: 16m}\n"
	                             "aws: {scale_out_cooldown: block}\n");
	/* relative mode would act at 420 s (ceil(4 * 500/100) = 20 > 6) */
	for (long t = 240; t <= 720; t += 60)
		ck_assert_int_eq(ru_row_at(&r, t)->row.desired, 6);
	ck_assert_int_eq(ru_row_at(&r, 420)->row.reason, TT_REASON_UNSCALABLE);
	ck_assert_int_eq(ru_row_at(&r, 480)->row.reason, TT_REASON_IN_COOLDOWN);
	ck_assert_int_eq(ru_row_at(&r, 780)->row.action, TT_ACTION_SCALE_OUT);
	ru_release(&r);
}
END_TEST

/* The same traffic in relative mode: the larger scale-out is taken in the
 * cooldown, once the Updating endpoint is back in service. */
START_TEST(g8_larger_scale_out_in_cooldown_acts)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 4, min: 1, max: 20}\n"
	                "policies:\n" IPI(100) "instance: {provisioning: 5m}\n"
	                                       "workload: {synthetic: {shape: "
	                                       "step, rate: 560, steps: "
	                                       "[{at: 4m, rate: 2000}]}}\n"
	                                       "simulation: {duration: 16m}\n");
	/* 420 s: ceil(4 * 500/100) = 20 > 6 but the endpoint is Updating */
	ck_assert_int_eq(ru_row_at(&r, 360)->row.reason, TT_REASON_UNSCALABLE);
	/* 540 s: complete, in the cooldown; N from C0 = 4 -> 4*2000/6/100 */
	const ru_row *row = ru_row_at(&r, 480);
	ck_assert_int_eq(row->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(row->row.desired,
	                 (int)tt_capacity_formula(4, row->pol[0].metric, 100));
	ru_release(&r);
}
END_TEST

/*
 * G9: scale-in 4 -> 2 completes at 1020 s, starting a 1 h scale-in
 * cooldown; traffic jumps at 18 min, AlarmHigh fires at 1320 s and scales
 * out at once; the scale-in cooldown is over, so a later scale-in may
 * happen before 1020 s + 1 h.
 */
START_TEST(g9_scale_out_ends_scale_in_cooldown)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 4, min: 1, max: 20}\n"
	                "policies:\n"
	                "  - TargetTrackingScalingPolicyConfiguration:\n"
	                "      TargetValue: 100\n"
	                "      ScaleInCooldown: 3600\n"
	                "      ScaleOutCooldown: 600\n"
	                "      PredefinedMetricSpecification:\n"
	                "        PredefinedMetricType: "
	                "SageMakerVariantInvocationsPerInstance\n"
	                "instance: {provisioning: 5m, deprovisioning: 60s}\n"
	                "workload: {synthetic: {shape: step, rate: 200, steps: "
	                "[{at: 18m, rate: 1000}, {at: 30m, rate: 100}]}}\n"
	                "simulation: {duration: 90m}\n");
	const tt_event_row *in1 = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert_int_eq(in1->direction, TT_DIR_IN);
	ck_assert_int_eq(in1->time_us, 960 * TT_US_PER_S);
	ck_assert_int_eq(in1->to, 2);
	const tt_event_row *out = ru_event(&r, TT_EVENT_DECISION, 1);
	ck_assert_int_eq(out->direction, TT_DIR_OUT);
	ck_assert_int_eq(out->time_us, 1320 * TT_US_PER_S);
	ck_assert_int_eq(out->to, 10);
	const tt_event_row *in2 = ru_event(&r, TT_EVENT_DECISION, 2);
	ck_assert_ptr_nonnull(in2);
	ck_assert_int_eq(in2->direction, TT_DIR_IN);
	ck_assert_int_eq(in2->time_us, 2760 * TT_US_PER_S);
	ck_assert_int_lt(in2->time_us, (1020 + 3600) * TT_US_PER_S);
	ru_release(&r);
}
END_TEST

/* G10: one policy's AlarmLow in ALARM, the other's OK: no scale-in. */
START_TEST(g10_every_policy_must_agree_to_scale_in)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 5, min: 1, max: 10}\n"
	                "policies:\n" IPI(100)
	                        IPI(65) "workload: {synthetic: {shape: "
	                                "constant, rate: 300}}\n"
	                                "simulation: {duration: 1h}\n");
	const ru_row *last = &r.rows[r.n_rows - 1];
	ck_assert_double_eq(last->pol[0].metric, 60);
	ck_assert_int_eq(last->pol[0].low, TT_ALARM_ALARM);
	ck_assert_int_eq(last->pol[0].high, TT_ALARM_OK);
	ck_assert_int_eq(last->pol[1].low, TT_ALARM_OK);
	ck_assert_int_eq(last->pol[1].high, TT_ALARM_OK);
	for (size_t i = 0; i < r.n_rows; i++) {
		ck_assert_int_eq(r.rows[i].row.action, TT_ACTION_NONE);
		ck_assert_int_eq(r.rows[i].row.desired, 5);
	}
	ru_release(&r);
}
END_TEST

/* G11: DisableScaleIn takes a policy out of the vote: 6 -> 3. */
START_TEST(g11_disable_scale_in_has_no_vote)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 6, min: 1, max: 10}\n"
	                "policies:\n"
	                "  - TargetTrackingScalingPolicyConfiguration:\n"
	                "      TargetValue: 60\n"
	                "      DisableScaleIn: true\n"
	                "      PredefinedMetricSpecification:\n"
	                "        PredefinedMetricType: "
	                "SageMakerVariantInvocationsPerInstance\n" IPI(
	                        100) "workload: {synthetic: {shape: constant, "
	                             "rate: 300}}\n"
	                             "simulation: {duration: 20m}\n");
	const ru_row *fire = ru_row_at(&r, 900);
	ck_assert_int_eq(fire->pol[0].low, TT_ALARM_ALARM);
	ck_assert_int_eq(fire->row.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(fire->row.desired, 3);
	ck_assert_uint_eq(ru_event(&r, TT_EVENT_DECISION, 0)->policy, 1);
	ru_release(&r);
}
END_TEST

START_TEST(g11_only_disabled_policies_never_scale_in)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 6, min: 1, max: 10}\n"
	                "policies:\n"
	                "  - TargetTrackingScalingPolicyConfiguration:\n"
	                "      TargetValue: 100\n"
	                "      DisableScaleIn: true\n"
	                "      PredefinedMetricSpecification:\n"
	                "        PredefinedMetricType: "
	                "SageMakerVariantInvocationsPerInstance\n"
	                "workload: {synthetic: {shape: constant, rate: 60}}\n"
	                "simulation: {duration: 1h}\n");
	ck_assert_int_eq(r.sum.final_desired, 6);
	ck_assert_uint_eq(r.n_events, 0);
	ru_release(&r);
}
END_TEST

/*
 * G12: MAX_RPS 20 per instance, SAFETY_FACTOR 0.5 -> TargetValue 600; a
 * fleet run with it settles where each instance takes 10 RPS, half its
 * maximum.
 */
START_TEST(g12_target_from_load_test)
{
	ck_assert_double_eq(tt_target_from_load_test(20, 0.5), 600);
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 50, min: 1, max: 200}\n"
	                "policies:\n" IPI(600) "workload: {synthetic: {shape: "
	                                       "constant, rate: 60000}}\n"
	                                       "simulation: {duration: 2h}\n");
	ck_assert_int_eq(r.sum.final_desired, 100);
	const ru_row *last = &r.rows[r.n_rows - 1];
	ck_assert_double_eq(last->pol[0].metric / 60.0, 0.5 * 20);
	ru_release(&r);
}
END_TEST

/* SPEC.md 3: an instance due at an evaluation's instant counts in it. */
START_TEST(events_at_the_evaluation_instant_come_first)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 10}\n"
	                "policies:\n" IPI(70) "instance: {provisioning: 60s}\n"
	                                      "workload: {synthetic: {shape: "
	                                      "constant, rate: 280}}\n"
	                                      "simulation: {duration: 6m}\n");
	/* scale-out at 240 s, ready at exactly 300 s: the row ending at
	 * 300 s already shows it in service */
	const ru_row *row = ru_row_at(&r, 240);
	ck_assert_int_eq(row->row.in_service, 4);
	ck_assert_int_eq(row->row.pending, 0);
	ck_assert_int_eq(ru_event(&r, TT_EVENT_COMPLETED, 0)->time_us,
	                 300 * TT_US_PER_S);
	ru_release(&r);
}
END_TEST

/* SPEC.md 2: capacity changing inside a period is time-weighted, each
 * invocation adding 1 / (in service when it arrived). */
START_TEST(invocations_per_instance_is_time_weighted)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 10}\n"
	                "policies:\n" IPI(70) "instance: {provisioning: 90s}\n"
	                                      "workload: {synthetic: {shape: "
	                                      "constant, rate: 280}}\n"
	                                      "simulation: {duration: 7m}\n");
	/* [300, 360): 2 in service for 30 s, 4 for 30 s:
	 * 280/60 * (30/2 + 30/4) = 105 */
	ck_assert_double_eq_tol(ru_row_at(&r, 300)->pol[0].metric, 105, 1e-9);
	ck_assert_double_eq(ru_row_at(&r, 360)->pol[0].metric, 70);
	ru_release(&r);
}
END_TEST

/*
 * SPEC.md 7: Updating blocks scaling.  2 -> 20 at 240 s (M 700, T 70);
 * traffic doubles at 4 min, so at 360 s N = ceil(2 * 1400/70) = 40 > 20
 * (relative to C0 = 2): refused with TargetServicePutResourceAsUnscalable
 * while the 10-minute provisioning runs, or taken at once with
 * block_while_updating false.
 */
START_TEST(updating_blocks_scaling_unless_knob_off)
{
	static const char *yaml =
	        "capacity: {initial: 2, min: 1, max: 40}\n"
	        "policies:\n" IPI(70) "instance: {provisioning: 10m}\n"
	                              "workload: {synthetic: {shape: step, "
	                              "rate: 1400, steps: "
	                              "[{at: 4m, rate: 2800}]}}\n"
	                              "simulation: {duration: 10m}\n"
	                              "aws: {block_while_updating: %s}\n";
	char buf[1024];
	ru_run r;
	snprintf(buf, sizeof buf, yaml, "true");
	ru_run_yaml(&r, buf);
	ck_assert_int_eq(ru_row_at(&r, 180)->row.desired, 20);
	for (long t = 300; t <= 540; t += 60) {
		const ru_row *row = ru_row_at(&r, t);
		ck_assert_int_eq(row->row.reason, TT_REASON_UNSCALABLE);
		ck_assert_int_eq(row->row.desired, 20);
	}
	ck_assert_int_eq(r.sum.scale_out_activities, 1);
	ru_release(&r);

	snprintf(buf, sizeof buf, yaml, "false");
	ru_run_yaml(&r, buf);
	ck_assert_int_eq(ru_row_at(&r, 300)->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(ru_row_at(&r, 300)->row.desired, 40);
	ck_assert_int_eq(r.sum.scale_out_activities, 2);
	ru_release(&r);
}
END_TEST

/*
 * High resolution: 10 s periods, 3 of 3, 10 s publication delay.
 * ConcurrentRequestsPerModel in fluid mode is Little's law: 25/s over 2
 * instances at 0.5 s each is 6.25 in flight per instance, over target 5;
 * datapoints 0..2 are visible at 40 s, so the row at 30 s scales out to
 * ceil(2 * 6.25 / 5) = 3.  The 60 s policy beside it only evaluates on
 * whole minutes and shows its datapoint on the row that completes it.
 */
START_TEST(high_resolution_policy_next_to_a_standard_one)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 20}\n"
	                "policies:\n"
	                "  - TargetTrackingScalingPolicyConfiguration:\n"
	                "      TargetValue: 5\n"
	                "      PredefinedMetricSpecification:\n"
	                "        PredefinedMetricType: "
	                "SageMakerVariantConcurrentRequestsPerModelHighResoluti"
	                "on\n" IPI(100000) "instance: {service_time: 500ms, "
	                                   "provisioning: 2m}\n"
	                                   "workload: {synthetic: {shape: "
	                                   "constant, rate: 25/s}}\n"
	                                   "simulation: {duration: 3m}\n");
	ck_assert_int_eq(r.s.period_us, 10 * TT_US_PER_S);
	ck_assert_double_eq(ru_row_at(&r, 0)->pol[0].metric, 6.25);
	ck_assert_int_eq(ru_row_at(&r, 20)->pol[0].high, TT_ALARM_OK);
	const ru_row *fire = ru_row_at(&r, 30);
	ck_assert_int_eq(fire->pol[0].high, TT_ALARM_ALARM);
	ck_assert_int_eq(fire->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(fire->row.desired, 3);
	/* the 60 s policy: 1500 invocations / 2 on the row ending at 60 s */
	ck_assert(!ru_row_at(&r, 40)->pol[1].has_metric);
	ck_assert(ru_row_at(&r, 50)->pol[1].has_metric);
	ck_assert_double_eq(ru_row_at(&r, 50)->pol[1].metric, 750);
	ck_assert_int_eq(ru_row_at(&r, 50)->pol[1].high,
	                 TT_ALARM_INSUFFICIENT_DATA);
	ck_assert_int_eq(ru_row_at(&r, 110)->pol[1].high, TT_ALARM_OK);
	ck_assert_uint_eq(r.sum.policies[0].datapoints, 18);
	ck_assert_uint_eq(r.sum.policies[1].datapoints, 3);
	ru_release(&r);
}
END_TEST

/* SuspendedState stops a direction for every policy. */
START_TEST(suspended_scale_out_does_nothing)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 10, suspended: "
	                "{DynamicScalingOutSuspended: true}}\n"
	                "policies:\n" IPI(70) "workload: {synthetic: {shape: "
	                                      "constant, rate: 2800}}\n"
	                                      "simulation: {duration: 30m}\n");
	ck_assert_int_eq(r.sum.final_desired, 2);
	ck_assert_uint_eq(r.n_events, 0);
	ck_assert_int_eq(r.rows[r.n_rows - 1].pol[0].high, TT_ALARM_ALARM);
	ru_release(&r);
}
END_TEST

/*
 * The seed scenarios (issue's "done when"): capacity rises under load and
 * falls back after it, and the cooldowns show: no scale-in starts within
 * ScaleInCooldown of the previous scale-in's completion unless a
 * scale-out came between, and some decisions were held back InCooldown.
 */
static const char *const seed_scenarios[] = {
        "scenarios/seed-predefined.yaml",
        "scenarios/seed-custom-cpu.yaml",
        "scenarios/seed-cooldown.yaml",
};

START_TEST(seed_scenario_rises_falls_and_cools_down)
{
	char path[1024], msg[1024];
	ru_run r;
	memset(&r, 0, sizeof r);
	tu_src_path(path, sizeof path, seed_scenarios[_i]);
	ck_assert_msg(tt_scenario_load_file(path, &r.s, &r.d) == TT_OK, "%s",
	              tu_diag_str(&r.d, msg, sizeof msg));
	tt_recorder rec = ru_recorder(&r);
	ck_assert(tt_sim_run(&r.s, &rec, &r.sum, &r.d) == TT_OK);

	ck_assert_int_gt(r.sum.peak_desired, r.s.initial_capacity);
	ck_assert_int_lt(r.sum.final_desired, r.sum.peak_desired);
	ck_assert_int_gt(r.sum.scale_out_activities, 0);
	ck_assert_int_gt(r.sum.scale_in_activities, 0);
	ck_assert_uint_gt(r.sum.not_scaled[TT_REASON_IN_COOLDOWN], 0);

	tt_time_us in_cooldown = r.s.policies[0].scale_in_cooldown_us;
	tt_time_us last_in_done = -1;
	for (size_t i = 0; i < r.n_events; i++) {
		const tt_event_row *ev = &r.events[i];
		if (ev->direction == TT_DIR_OUT &&
		    ev->kind == TT_EVENT_DECISION)
			last_in_done = -1; /* a scale-out ends the cooldown */
		if (ev->direction != TT_DIR_IN)
			continue;
		if (ev->kind == TT_EVENT_COMPLETED)
			last_in_done = ev->time_us;
		if (ev->kind == TT_EVENT_DECISION && last_in_done >= 0)
			ck_assert_int_ge(ev->time_us,
			                 last_in_done + in_cooldown);
	}
	ru_release(&r);
}
END_TEST

/*
 * SPEC.md 11, R1: T 70, C 2, Max 10, 280 invocations a minute, 0 s
 * provisioning.  The evaluation at 240 s scales out 2 -> 4 and the
 * instances are in service at that instant: row 180 shows 4 in service
 * and none pending, the activity completes at 240 s (its cooldown runs
 * [240, 540)), and row 240's metric already counts 4: 280 / 4 = 70.
 * With 300 s provisioning, row 180 shows 2 in service and 2 pending.
 */
START_TEST(r1_zero_provisioning_shows_on_the_decision_row)
{
	static const char *yaml =
	        "capacity: {initial: 2, min: 1, max: 10}\n"
	        "policies:\n" IPI(70) "instance: "
	                              "{provisioning: %s}\n"
	                              "workload: {synthetic: {shape: "
	                              "constant, rate: 280}}\n"
	                              "simulation: {duration: 12m}\n";
	char buf[1024];
	ru_run r;
	snprintf(buf, sizeof buf, yaml, "0s");
	ru_run_yaml(&r, buf);
	const ru_row *row = ru_row_at(&r, 180);
	ck_assert_int_eq(row->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(row->row.desired, 4);
	ck_assert_int_eq(row->row.in_service, 4);
	ck_assert_int_eq(row->row.pending, 0);
	ck_assert_double_eq(ru_row_at(&r, 240)->pol[0].metric, 70);
	const tt_event_row *start = ru_event(&r, TT_EVENT_DECISION, 0);
	const tt_event_row *done = ru_event(&r, TT_EVENT_COMPLETED, 0);
	ck_assert_int_eq(start->time_us, 240 * TT_US_PER_S);
	ck_assert_int_eq(done->time_us, 240 * TT_US_PER_S);
	ck_assert_uint_eq(r.sum.scale_out_activities, 1);
	ru_release(&r);

	snprintf(buf, sizeof buf, yaml, "300s");
	ru_run_yaml(&r, buf);
	row = ru_row_at(&r, 180);
	ck_assert_int_eq(row->row.desired, 4);
	ck_assert_int_eq(row->row.in_service, 2);
	ck_assert_int_eq(row->row.pending, 2);
	ru_release(&r);
}
END_TEST

/*
 * R1's cooldown, seen through a second rise: with 0 s provisioning the
 * scale-out cooldown runs [240, 540).  Traffic doubles at 4 min, so
 * from 480 s AlarmHigh is in ALARM with M 140 on 4 instances: from
 * C0 = 2, ceil(2 * 2) = 4 is not larger and is InCooldown until 540 s,
 * when ceil(4 * 2) = 8 acts.
 */
START_TEST(r1_zero_provisioning_cooldown_starts_at_the_decision)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 10}\n"
	                "policies:\n" IPI(70) "instance: {provisioning: 0s}\n"
	                                      "workload: {synthetic: {shape: "
	                                      "step, rate: 280, steps: "
	                                      "[{at: 4m, rate: 560}]}}\n"
	                                      "simulation: {duration: 12m}\n");
	ck_assert_int_eq(ru_row_at(&r, 420)->row.reason, TT_REASON_IN_COOLDOWN);
	const ru_row *row = ru_row_at(&r, 480);
	ck_assert_int_eq(row->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(row->row.desired, 8);
	ck_assert_int_eq(row->row.in_service, 8);
	ru_release(&r);
}
END_TEST

/* The same at scale-in: 0 s deprovisioning removes at the decision. */
START_TEST(r1_zero_deprovisioning_shows_on_the_decision_row)
{
	ru_run r;
	ru_run_yaml(&r,
	            "capacity: {initial: 5, min: 1, max: 10}\n"
	            "policies:\n" IPI(100) "instance: {deprovisioning: 0s}\n"
	                                   "workload: {synthetic: {shape: "
	                                   "constant, rate: 400}}\n"
	                                   "simulation: {duration: 20m}\n");
	const ru_row *fire = ru_row_at(&r, 900);
	ck_assert_int_eq(fire->row.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(fire->row.desired, 4);
	ck_assert_int_eq(fire->row.in_service, 4);
	ck_assert_double_eq(ru_row_at(&r, 960)->pol[0].metric, 100);
	ck_assert_int_eq(ru_event(&r, TT_EVENT_COMPLETED, 0)->time_us,
	                 960 * TT_US_PER_S);
	ru_release(&r);
}
END_TEST

/*
 * ---- Step scaling, SPEC.md 12: S1 to S12 ----
 *
 * Each case loads a plain target-tracking scenario from YAML, then adds
 * step policies and the alarms that invoke them, read from the AWS
 * shapes (a StepScalingPolicyConfiguration, a PutMetricAlarm request)
 * by the same readers the scenario loader uses, and runs the engine.  The
 * alarms watch AWS/SageMaker Invocations (Sum per minute), which the
 * fluid engine measures, so the traffic sets each bucket exactly.
 *
 * Timing: a 60 s alarm on a 60 s metric has a lag of 60 s, so its
 * evaluation at t reads the bucket of row t - 120 (the period
 * [t - 120, t - 60)): traffic in row 60k is first judged at 60(k + 2).
 */
#define SC_MAX 4
#define SC_ROWS 64

/* A target-tracking policy that never acts: far above any load, no
 * scale-in vote. */
#define TT_IDLE                                                                \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: 100000\n"                                          \
	"      DisableScaleIn: true\n"                                         \
	"      PredefinedMetricSpecification:\n"                               \
	"        PredefinedMetricType: "                                       \
	"SageMakerVariantInvocationsPerInstance\n"

/* A PutMetricAlarm on the scenario's endpoint's Invocations, Sum. */
#define INVOCATIONS_ALARM(name, op, threshold, n, m)                           \
	"{AlarmName: " name ", Namespace: AWS/SageMaker, "                     \
	"MetricName: Invocations, Statistic: Sum, Period: 60, "                \
	"Dimensions: [{Name: EndpointName, Value: my-endpoint}, "              \
	"{Name: VariantName, Value: my-variant}], "                            \
	"EvaluationPeriods: " #n ", DatapointsToAlarm: " #m ", "               \
	"Threshold: " #threshold ", ComparisonOperator: " op "}"

typedef struct step_case {
	ru_run r;
	tt_step_policy pol[SC_MAX];
	size_t n_pol;
	tt_alarm_def def[SC_MAX];
	tt_dimension dims[SC_MAX][4];
	tt_user_alarm ua[SC_MAX];
	size_t links[SC_MAX][SC_MAX];
	size_t n_alarms;
	/* the user alarms' states, per timeline row */
	tt_alarm_state states[SC_ROWS][SC_MAX];
} step_case;

static void sc_load(step_case *c, const char *yaml)
{
	memset(c, 0, sizeof *c);
	char buf[1024];
	tt_code rc = tt_scenario_load_text(yaml, strlen(yaml), "case.yaml",
	                                   NULL, &c->r.s, &c->r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&c->r.d, buf, sizeof buf));
}

static tt_node *sc_parse(tt_doc *doc, const char *yaml)
{
	tt_diag d = {0};
	char buf[1024];
	tt_code rc =
	        tt_doc_parse_yaml(yaml, strlen(yaml), "step.yaml", doc, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	return doc->root;
}

/* Add a step policy from its StepScalingPolicyConfiguration. */
static size_t sc_policy(step_case *c, const char *name, const char *yaml)
{
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[1024];
	ck_assert_uint_lt(c->n_pol, SC_MAX);
	tt_code rc = tt_step_from_node(sc_parse(&doc, yaml), name, NULL,
	                               &c->pol[c->n_pol], &d);
	tt_doc_release(&doc);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	return c->n_pol++;
}

/* Add an alarm from its PutMetricAlarm request, invoking `policy`. */
static void sc_alarm(step_case *c, const char *yaml, size_t policy)
{
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[1024];
	size_t i = c->n_alarms++;
	ck_assert_uint_lt(i, SC_MAX);
	tt_alarm_def *def = &c->def[i];
	tt_code rc = tt_alarm_def_read(sc_parse(&doc, yaml), NULL, (tt_loc){0},
	                               NULL, def, &d);
	tt_doc_release(&doc);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	/* the metric, read as a policy's custom metric (borrowed) */
	tt_metric_spec *m = &c->ua[i].metric;
	m->kind = TT_METRIC_CUSTOM;
	m->loc = def->metric_loc;
	m->metric_name = def->metric_name;
	m->namespace_ = def->namespace_;
	m->statistic = def->statistic;
	ck_assert_uint_le(def->n_dimensions, 4);
	for (size_t k = 0; k < def->n_dimensions; k++)
		c->dims[i][k] = (tt_dimension){def->dimensions[k].name,
		                               def->dimensions[k].value};
	m->dimensions = c->dims[i];
	m->n_dimensions = def->n_dimensions;
	c->ua[i].def = def;
	c->links[i][0] = policy;
	c->ua[i].policies = c->links[i];
	c->ua[i].n_policies = 1;
}

static tt_code sc_keep_row(void *ctx, const tt_row *row, tt_diag *d)
{
	step_case *c = ctx;
	size_t n = c->r.n_rows;
	if (n < SC_ROWS)
		for (size_t i = 0; i < c->n_alarms; i++)
			c->states[n][i] = row->alarms[i];
	tt_recorder base = ru_recorder(&c->r);
	return base.row(&c->r, row, d);
}

static tt_code sc_keep_event(void *ctx, const tt_event_row *ev, tt_diag *d)
{
	step_case *c = ctx;
	tt_recorder base = ru_recorder(&c->r);
	return base.event(&c->r, ev, d);
}

static void sc_run(step_case *c)
{
	char buf[1024];
	c->r.s.step_policies = c->pol;
	c->r.s.n_step_policies = c->n_pol;
	c->r.s.alarms = c->ua;
	c->r.s.n_alarms = c->n_alarms;
	tt_recorder rec = {c, NULL, sc_keep_row, sc_keep_event};
	tt_code rc = tt_sim_run(&c->r.s, &rec, &c->r.sum, &c->r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&c->r.d, buf, sizeof buf));
}

static void sc_release(step_case *c)
{
	/* the step parts are the case's, not the scenario's */
	c->r.s.step_policies = NULL;
	c->r.s.n_step_policies = 0;
	c->r.s.alarms = NULL;
	c->r.s.n_alarms = 0;
	for (size_t i = 0; i < c->n_pol; i++)
		tt_step_policy_release(&c->pol[i]);
	for (size_t i = 0; i < c->n_alarms; i++)
		tt_alarm_def_release(&c->def[i]);
	ru_release(&c->r);
}

/* The user alarm's state on the row starting at `time_s`. */
static tt_alarm_state sc_state(const step_case *c, long time_s, size_t alarm)
{
	long i = time_s / 60;
	ck_assert(i >= 0 && i < SC_ROWS && (size_t)i < c->r.n_rows);
	ck_assert_int_eq(c->r.rows[i].row.start_us, time_s * TT_US_PER_S);
	return c->states[i][alarm];
}

/* The events at `time_s`, of any kind but completions, in order. */
static size_t sc_events_at(const step_case *c, long time_s,
                           const tt_event_row **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->r.n_events && n < max; i++) {
		const tt_event_row *ev = &c->r.events[i];
		if (ev->time_us == time_s * TT_US_PER_S &&
		    ev->kind != TT_EVENT_COMPLETED)
			out[n++] = ev;
	}
	return n;
}

/* Exactly one record at `time_s`: its kind, reason and capacities. */
static const tt_event_row *sc_one(const step_case *c, long time_s,
                                  tt_event_kind kind, tt_reason reason,
                                  int from, int to)
{
	const tt_event_row *ev[4];
	size_t n = sc_events_at(c, time_s, ev, 4);
	ck_assert_msg(n == 1, "%zu records at %ld s", n, time_s);
	ck_assert_msg(ev[0]->kind == kind, "kind %d at %ld s", ev[0]->kind,
	              time_s);
	ck_assert_msg(ev[0]->reason == reason, "%s at %ld s",
	              tt_reason_name(ev[0]->reason), time_s);
	ck_assert_msg(ev[0]->from == from && ev[0]->to == to,
	              "%d -> %d at %ld s, want %d -> %d", ev[0]->from,
	              ev[0]->to, time_s, from, to);
	return ev[0];
}

/* S8: Sum > 1 over 60 s, 1 of 1: one failure in the minute is OK, no
 * invocation; two: ALARM, +1. */
START_TEST(s8_sum_above_one_invokes_on_two)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 1, min: 1, max: 10}\n"
	            "policies:\n" TT_IDLE
	            "workload: {synthetic: {shape: step, rate: 1, steps: "
	            "[{at: 3m, rate: 2}]}}\n"
	            "simulation: {duration: 7m}\n");
	size_t p = sc_policy(&c, "wake",
	                     "{AdjustmentType: ChangeInCapacity, Cooldown: "
	                     "60, StepAdjustments: [{MetricIntervalLowerBound: "
	                     "0, ScalingAdjustment: 1}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("failures", "GreaterThanThreshold", 1, 1, 1),
	         p);
	sc_run(&c);
	/* SPEC 16.1: it starts in INSUFFICIENT_DATA */
	ck_assert_int_eq(sc_state(&c, 0, 0), TT_ALARM_INSUFFICIENT_DATA);
	for (long t = 60; t <= 180; t += 60) {
		ck_assert_int_eq(sc_state(&c, t, 0), TT_ALARM_OK);
		ck_assert_int_eq(ru_row_at(&c.r, t)->row.action,
		                 TT_ACTION_NONE);
	}
	/* row 180's two invocations are judged at 300, the end of row 240 */
	ck_assert_int_eq(sc_state(&c, 240, 0), TT_ALARM_ALARM);
	const tt_event_row *ev =
	        sc_one(&c, 300, TT_EVENT_DECISION, TT_REASON_NONE, 1, 2);
	ck_assert(ev->step);
	ck_assert_uint_eq(ev->policy, p);
	ck_assert_uint_eq(ev->alarm, 0);
	ck_assert_int_eq(ev->direction, TT_DIR_OUT);
	ck_assert_int_eq(ru_row_at(&c.r, 240)->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(ru_row_at(&c.r, 240)->row.desired, 2);
	ck_assert_int_eq(ru_event(&c.r, TT_EVENT_DECISION, 0)->time_us,
	                 300 * TT_US_PER_S);
	sc_release(&c);
}
END_TEST

/* S2: C 10, +2 -> 12 completes; in its cooldown the +3 step fires: 13,
 * C0 10 + 3, adding only 1. */
START_TEST(s2_larger_step_in_cooldown_adds_the_difference)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE "instance: {provisioning: 60s}\n"
	            "workload: {synthetic: {shape: step, rate: 1050, steps: "
	            "[{at: 3m, rate: 1200}]}}\n"
	            "simulation: {duration: 8m}\n");
	size_t p = sc_policy(&c, "out",
	                     "{AdjustmentType: ChangeInCapacity, Cooldown: 300,"
	                     " StepAdjustments: ["
	                     "{MetricIntervalLowerBound: 0, "
	                     "MetricIntervalUpperBound: 100, "
	                     "ScalingAdjustment: 2},"
	                     "{MetricIntervalLowerBound: 100, "
	                     "ScalingAdjustment: 3}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanThreshold", 1000, 1, 1),
	         p);
	sc_run(&c);
	sc_one(&c, 120, TT_EVENT_DECISION, TT_REASON_NONE, 10, 12);
	/* completed at 180, first: the cooldown runs; +2 from C0 is 12 */
	sc_one(&c, 180, TT_EVENT_NOT_SCALED, TT_REASON_IN_COOLDOWN, 12, 12);
	sc_one(&c, 240, TT_EVENT_NOT_SCALED, TT_REASON_IN_COOLDOWN, 12, 12);
	/* row 180's 1200 is judged at 300: the +3 step, from C0 10 */
	const tt_event_row *ev =
	        sc_one(&c, 300, TT_EVENT_DECISION, TT_REASON_NONE, 12, 13);
	ck_assert(ev->step);
	ck_assert_int_eq(ru_row_at(&c.r, 240)->row.desired, 13);
	sc_release(&c);
}
END_TEST

/* S6: a scale-in cooldown runs; a step scale-out fires: it scales out at
 * once and the scale-in cooldown ends, so a scale-in may follow. */
START_TEST(s6_step_scale_out_ends_scale_in_cooldown)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE
	            "instance: {provisioning: 0s, deprovisioning: 60s}\n"
	            "workload: {synthetic: {shape: step, rate: 400, steps: "
	            "[{at: 10m, rate: 2000}, {at: 11m, rate: 400}]}}\n"
	            "simulation: {duration: 14m}\n");
	size_t in =
	        sc_policy(&c, "in",
	                  "{AdjustmentType: ChangeInCapacity, Cooldown: "
	                  "900, StepAdjustments: [{MetricIntervalUpperBound:"
	                  " 0, ScalingAdjustment: -1}]}");
	size_t out =
	        sc_policy(&c, "out",
	                  "{AdjustmentType: ChangeInCapacity, Cooldown: "
	                  "300, StepAdjustments: [{MetricIntervalLowerBound:"
	                  " 0, ScalingAdjustment: 2}]}");
	sc_alarm(&c, INVOCATIONS_ALARM("low", "LessThanThreshold", 500, 1, 1),
	         in);
	sc_alarm(&c,
	         INVOCATIONS_ALARM("high", "GreaterThanThreshold", 1500, 1, 1),
	         out);
	sc_run(&c);
	const tt_event_row *ev =
	        sc_one(&c, 120, TT_EVENT_DECISION, TT_REASON_NONE, 10, 9);
	ck_assert_uint_eq(ev->policy, in);
	ck_assert_int_eq(ev->direction, TT_DIR_IN);
	/* the removal completes at 180; its cooldown runs to 1080 and the
	 * alarm, still in ALARM, is refused every minute */
	for (long t = 180; t <= 660; t += 60)
		sc_one(&c, t, TT_EVENT_NOT_SCALED, TT_REASON_IN_COOLDOWN, 9, 8);
	/* row 600's 2000: the high alarm fires at 720, at once */
	ck_assert_int_eq(sc_state(&c, 660, 1), TT_ALARM_ALARM);
	ck_assert_int_eq(sc_state(&c, 660, 0), TT_ALARM_OK);
	ev = sc_one(&c, 720, TT_EVENT_DECISION, TT_REASON_NONE, 9, 11);
	ck_assert_uint_eq(ev->policy, out);
	ck_assert_uint_eq(ev->alarm, 1);
	/* the low alarm enters ALARM again at 780: the scale-in cooldown
	 * that would have run to 1080 has ended */
	ev = sc_one(&c, 780, TT_EVENT_DECISION, TT_REASON_NONE, 11, 10);
	ck_assert_uint_eq(ev->policy, in);
	ck_assert_int_eq(ru_row_at(&c.r, 720)->row.desired, 10);
	sc_release(&c);
}
END_TEST

/* S7: C 10; at one instant target tracking proposes 30 and a step 13:
 * 30, one record, naming the target-tracking policy. */
START_TEST(s7_largest_proposal_wins_across_policy_types)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" IPI(100) "workload: {synthetic: {shape: "
	                                   "constant, rate: 3000}}\n"
	                                   "simulation: {duration: 5m}\n");
	size_t p = sc_policy(&c, "step",
	                     "{AdjustmentType: ChangeInCapacity, "
	                     "StepAdjustments: [{MetricIntervalLowerBound: 0, "
	                     "ScalingAdjustment: 3}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanThreshold", 2000, 3, 3),
	         p);
	sc_run(&c);
	/* both alarms see their third datapoint at 240 */
	ck_assert_int_eq(sc_state(&c, 120, 0), TT_ALARM_OK);
	ck_assert_int_eq(sc_state(&c, 180, 0), TT_ALARM_ALARM);
	ck_assert_int_eq(ru_row_at(&c.r, 180)->pol[0].high, TT_ALARM_ALARM);
	const tt_event_row *ev =
	        sc_one(&c, 240, TT_EVENT_DECISION, TT_REASON_NONE, 10, 30);
	ck_assert(!ev->step);
	ck_assert_uint_eq(ev->policy, 0);
	ck_assert_uint_eq(ev->alarm, TT_EVENT_NO_ALARM);
	ck_assert_int_eq(ru_row_at(&c.r, 180)->row.desired, 30);
	sc_release(&c);
}
END_TEST

/* S10: C 10; a step -2 fires while target tracking's AlarmLow is OK: 8,
 * not blocked by the target-tracking vote. */
START_TEST(s10_step_scale_in_not_blocked_by_target_tracking)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" IPI(100) "workload: {synthetic: {shape: "
	                                   "constant, rate: 950}}\n"
	                                   "simulation: {duration: 3m}\n");
	size_t p = sc_policy(&c, "in",
	                     "{AdjustmentType: ChangeInCapacity, "
	                     "StepAdjustments: [{MetricIntervalUpperBound: 0, "
	                     "ScalingAdjustment: -2}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("quiet", "LessThanThreshold", 1000, 1, 1),
	         p);
	sc_run(&c);
	/* 95 per instance: between 90 and 100, neither TT alarm */
	ck_assert_int_ne(ru_row_at(&c.r, 60)->pol[0].low, TT_ALARM_ALARM);
	ck_assert_int_ne(ru_row_at(&c.r, 60)->pol[0].high, TT_ALARM_ALARM);
	const tt_event_row *ev =
	        sc_one(&c, 120, TT_EVENT_DECISION, TT_REASON_NONE, 10, 8);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->direction, TT_DIR_IN);
	ck_assert_int_eq(ru_row_at(&c.r, 60)->row.action, TT_ACTION_SCALE_IN);
	sc_release(&c);
}
END_TEST

/* S12: +1, Cooldown 60, provisioning 300 s, block on; the alarm in ALARM
 * from t = 120: t +1; t+60 .. t+240 Unscalable; t+300 the completion
 * first, then InCooldown; t+360 +1. */
START_TEST(s12_repeat_while_updating_then_cooldown)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE "instance: {provisioning: 300s}\n"
	            "workload: {synthetic: {shape: constant, rate: 1000}}\n"
	            "simulation: {duration: 9m}\n");
	size_t p = sc_policy(&c, "out",
	                     "{AdjustmentType: ChangeInCapacity, Cooldown: 60,"
	                     " StepAdjustments: [{MetricIntervalLowerBound: 0,"
	                     " ScalingAdjustment: 1}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanThreshold", 100, 1, 1),
	         p);
	sc_run(&c);
	sc_one(&c, 120, TT_EVENT_DECISION, TT_REASON_NONE, 10, 11);
	for (long t = 180; t <= 360; t += 60)
		sc_one(&c, t, TT_EVENT_NOT_SCALED, TT_REASON_UNSCALABLE, 11,
		       11);
	const tt_event_row *done = ru_event(&c.r, TT_EVENT_COMPLETED, 0);
	ck_assert_int_eq(done->time_us, 420 * TT_US_PER_S);
	ck_assert(done->step);
	sc_one(&c, 420, TT_EVENT_NOT_SCALED, TT_REASON_IN_COOLDOWN, 11, 11);
	sc_one(&c, 480, TT_EVENT_DECISION, TT_REASON_NONE, 11, 12);
	/* the rows show each instant's record */
	ck_assert_int_eq(ru_row_at(&c.r, 120)->row.reason,
	                 TT_REASON_UNSCALABLE);
	ck_assert_int_eq(ru_row_at(&c.r, 360)->row.reason,
	                 TT_REASON_IN_COOLDOWN);
	sc_release(&c);
}
END_TEST

/*
 * ---- S1, S3, S4, S5, S9, S11: the arithmetic, through the engine ----
 *
 * test_step.c computes these with the pure functions; here the same
 * numbers must come out of a run.  Each case holds the endpoint's
 * Invocations at a level no alarm breaches and raises or lowers it for
 * one row (S5: two), so the alarm is in ALARM for exactly one
 * evaluation and invokes its policy once; the next evaluation, which
 * comes before any repeat at the same instant, finds it OK again.  With a
 * 1-of-1 alarm the row at 60k is judged at 60(k + 2):
 *
 *   row      k         k+1        k+2
 *        |--bump--|--baseline--|
 *                              ^ 60(k+2): ALARM, one invocation
 *                                         ^ 60(k+3): OK, no repeat
 *
 * and the row starting at 60(k + 1) shows that ALARM state and decision.
 */

/*
 * S1: threshold 50, PercentChangeInCapacity; out [0,10) 0, [10,20) +10,
 * [20,inf) +30; in (-10,0] 0, (-20,-10] -10, (-inf,-20] -30; C 10, each
 * invocation after the previous cooldown: V 60 -> 11; 70 -> 14 (3.3 ->
 * 3); 40 -> 13 (-1.4 -> -1); 30 -> 10 (-3.9 -> -3).
 *
 * SPEC's table is AWS's example of two policies, s1-out and s1-in (the
 * same tests/data/step files test_step.c reads): one alarm breaches on
 * one side of the threshold only, so the out steps sit on a high alarm
 * (GreaterThanThreshold 50) and the in steps on a low one
 * (LessThanThreshold 50).  At 50 neither breaches.
 *
 * Timing: provisioning and deprovisioning 60 s, Cooldown 120 s, so an
 * activity decided at t completes at t + 60 and cools down to t + 180;
 * the bumps are 5 rows apart, judged 300 s apart:
 *
 *   row 120: 60 -> 240: out 10 -> 11, done 300, cooldown to 420
 *   row 420: 70 -> 540: out 11 -> 14, done 600, cooldown to 720
 *   row 720: 40 -> 840: in  14 -> 13, done 900, cooldown to 1020
 *   row 1020: 30 -> 1140: in 13 -> 10, done 1200
 */
START_TEST(s1_percent_steps_both_ways)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE
	            "instance: {provisioning: 60s, deprovisioning: 60s}\n"
	            "workload: {synthetic: {shape: step, rate: 50, steps: ["
	            "{at: 2m, rate: 60}, {at: 3m, rate: 50}, "
	            "{at: 7m, rate: 70}, {at: 8m, rate: 50}, "
	            "{at: 12m, rate: 40}, {at: 13m, rate: 50}, "
	            "{at: 17m, rate: 30}, {at: 18m, rate: 50}]}}\n"
	            "simulation: {duration: 21m}\n");
	size_t out = sc_policy(
	        &c, "s1-out",
	        "{AdjustmentType: PercentChangeInCapacity, Cooldown: 120, "
	        "StepAdjustments: ["
	        "{MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, "
	        "ScalingAdjustment: 0},"
	        "{MetricIntervalLowerBound: 10, MetricIntervalUpperBound: 20, "
	        "ScalingAdjustment: 10},"
	        "{MetricIntervalLowerBound: 20, ScalingAdjustment: 30}]}");
	size_t in = sc_policy(
	        &c, "s1-in",
	        "{AdjustmentType: PercentChangeInCapacity, Cooldown: 120, "
	        "StepAdjustments: ["
	        "{MetricIntervalLowerBound: -10, MetricIntervalUpperBound: 0, "
	        "ScalingAdjustment: 0},"
	        "{MetricIntervalLowerBound: -20, "
	        "MetricIntervalUpperBound: -10, ScalingAdjustment: -10},"
	        "{MetricIntervalUpperBound: -20, ScalingAdjustment: -30}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("high", "GreaterThanThreshold", 50, 1, 1),
	         out);
	sc_alarm(&c, INVOCATIONS_ALARM("low", "LessThanThreshold", 50, 1, 1),
	         in);
	sc_run(&c);
	static const struct {
		long time_s;  /* the evaluation that invokes */
		size_t alarm; /* 0 high, 1 low */
		int from, to;
	} rows[] = {
	        {240, 0, 10, 11},  /* V 60: diff 10, +10 % of 10 = 1 */
	        {540, 0, 11, 14},  /* V 70: diff 20, +30 % of 11 = 3.3 */
	        {840, 1, 14, 13},  /* V 40: diff -10, -10 % of 14 = -1.4 */
	        {1140, 1, 13, 10}, /* V 30: diff -20, -30 % of 13 = -3.9 */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		long t = rows[i].time_s;
		const tt_event_row *ev =
		        sc_one(&c, t, TT_EVENT_DECISION, TT_REASON_NONE,
		               rows[i].from, rows[i].to);
		ck_assert(ev->step);
		ck_assert_uint_eq(ev->alarm, rows[i].alarm);
		ck_assert_uint_eq(ev->policy, rows[i].alarm == 0 ? out : in);
		ck_assert_int_eq(ev->direction,
		                 rows[i].alarm == 0 ? TT_DIR_OUT : TT_DIR_IN);
		/* the row ending at t shows the alarm and the decision */
		ck_assert_int_eq(sc_state(&c, t - 60, rows[i].alarm),
		                 TT_ALARM_ALARM);
		ck_assert_int_eq(sc_state(&c, t - 60, 1 - rows[i].alarm),
		                 TT_ALARM_OK);
		ck_assert_int_eq(sc_state(&c, t, rows[i].alarm), TT_ALARM_OK);
		ck_assert_int_eq(ru_row_at(&c.r, t - 60)->row.desired,
		                 rows[i].to);
		/* each activity completes 60 s later; its 120 s cooldown is
		 * over before the next invocation, 300 s after this one */
		const tt_event_row *done =
		        ru_event(&c.r, TT_EVENT_COMPLETED, i);
		ck_assert_ptr_nonnull(done);
		ck_assert_int_eq(done->time_us, (t + 60) * TT_US_PER_S);
	}
	/* four invocations, four activities, nothing refused */
	ck_assert_uint_eq(ru_count_events(&c.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  4);
	ck_assert_uint_eq(
	        ru_count_events(&c.r, TT_EVENT_NOT_SCALED, TT_DIR_NONE), 0);
	ck_assert_int_eq(c.r.sum.final_desired, 10);
	sc_release(&c);
}
END_TEST

/*
 * S3: +25 %, MinAdjustmentMagnitude 2, C 4 -> 6: 4 x 25 / 100 = 1
 * exactly, below m, so the step adds 2 (without m it would be 5).
 * Invocations 1000, 1100 in row 120 (GreaterThanThreshold 1000, 1 of 1):
 * judged at 240.
 */
START_TEST(s3_min_adjustment_magnitude_on_scale_out)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 4, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE
	            "workload: {synthetic: {shape: step, rate: 1000, steps: "
	            "[{at: 2m, rate: 1100}, {at: 3m, rate: 1000}]}}\n"
	            "simulation: {duration: 6m}\n");
	size_t p = sc_policy(&c, "out",
	                     "{AdjustmentType: PercentChangeInCapacity, "
	                     "MinAdjustmentMagnitude: 2, StepAdjustments: "
	                     "[{MetricIntervalLowerBound: 0, "
	                     "ScalingAdjustment: 25}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanThreshold", 1000, 1, 1),
	         p);
	sc_run(&c);
	ck_assert_int_eq(sc_state(&c, 120, 0), TT_ALARM_OK);
	ck_assert_int_eq(sc_state(&c, 180, 0), TT_ALARM_ALARM);
	const tt_event_row *ev =
	        sc_one(&c, 240, TT_EVENT_DECISION, TT_REASON_NONE, 4, 6);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->direction, TT_DIR_OUT);
	ck_assert_int_eq(ru_row_at(&c.r, 180)->row.desired, 6);
	ck_assert_uint_eq(ru_count_events(&c.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	ck_assert_uint_eq(
	        ru_count_events(&c.r, TT_EVENT_NOT_SCALED, TT_DIR_NONE), 0);
	sc_release(&c);
}
END_TEST

/*
 * S4: ExactCapacity 5, C 3 -> 5 (a scale-out: 5 > 3; as a change it
 * would be 8).  Same timing as S3: row 120's 1100 is judged at 240.
 */
START_TEST(s4_exact_capacity)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 3, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE
	            "workload: {synthetic: {shape: step, rate: 1000, steps: "
	            "[{at: 2m, rate: 1100}, {at: 3m, rate: 1000}]}}\n"
	            "simulation: {duration: 6m}\n");
	size_t p = sc_policy(&c, "exact",
	                     "{AdjustmentType: ExactCapacity, StepAdjustments: "
	                     "[{MetricIntervalLowerBound: 0, "
	                     "ScalingAdjustment: 5}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanThreshold", 1000, 1, 1),
	         p);
	sc_run(&c);
	ck_assert_int_eq(sc_state(&c, 180, 0), TT_ALARM_ALARM);
	const tt_event_row *ev =
	        sc_one(&c, 240, TT_EVENT_DECISION, TT_REASON_NONE, 3, 5);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->direction, TT_DIR_OUT);
	ck_assert_int_eq(ru_row_at(&c.r, 180)->row.desired, 5);
	ck_assert_uint_eq(ru_count_events(&c.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	ck_assert_uint_eq(
	        ru_count_events(&c.r, TT_EVENT_NOT_SCALED, TT_DIR_NONE), 0);
	sc_release(&c);
}
END_TEST

/*
 * S5: threshold 70, MetricAggregationType Average, Cooldown 60; [0,15)
 * +1, [15,25) +2, [25,inf) +3: V 80 -> +1; 90 -> +2; 95 -> +3 (diff 25
 * is on the lower bound of the last step, which holds it).
 *
 * So that Average matters, the alarm is 2 of 2 and each V is the mean of
 * two rows, both above 70: 75 and 85 (80), 85 and 95 (90), 90 and 100
 * (95).  The newest bucket or Maximum would give +2, +3, +3; Minimum +1,
 * +2, +2.  A 2-bucket window judged at t reads rows t - 180 and t - 120,
 * so the pair in rows 60k, 60(k+1) is judged at 60(k+3); the window
 * before it and the one after it hold a 70, which does not breach, so
 * each pair invokes once.  Provisioning 60 s: each activity completes
 * 60 s after its decision and its 60 s cooldown is over long before the
 * next pair, 300 s later.
 *
 *   rows 120, 180: 75, 85  -> 300: 10 -> 11
 *   rows 420, 480: 85, 95  -> 600: 11 -> 13
 *   rows 720, 780: 90, 100 -> 900: 13 -> 16
 */
START_TEST(s5_average_chooses_the_step)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE "instance: {provisioning: 60s}\n"
	            "workload: {synthetic: {shape: step, rate: 70, steps: ["
	            "{at: 2m, rate: 75}, {at: 3m, rate: 85}, "
	            "{at: 4m, rate: 70}, "
	            "{at: 7m, rate: 85}, {at: 8m, rate: 95}, "
	            "{at: 9m, rate: 70}, "
	            "{at: 12m, rate: 90}, {at: 13m, rate: 100}, "
	            "{at: 14m, rate: 70}]}}\n"
	            "simulation: {duration: 17m}\n");
	size_t p =
	        sc_policy(&c, "out",
	                  "{AdjustmentType: ChangeInCapacity, Cooldown: 60, "
	                  "MetricAggregationType: Average, StepAdjustments: ["
	                  "{MetricIntervalLowerBound: 0, "
	                  "MetricIntervalUpperBound: 15, "
	                  "ScalingAdjustment: 1},"
	                  "{MetricIntervalLowerBound: 15, "
	                  "MetricIntervalUpperBound: 25, "
	                  "ScalingAdjustment: 2},"
	                  "{MetricIntervalLowerBound: 25, "
	                  "ScalingAdjustment: 3}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanThreshold", 70, 2, 2),
	         p);
	sc_run(&c);
	static const struct {
		long time_s;
		int from, to;
	} rows[] = {
	        {300, 10, 11}, /* (75 + 85) / 2 = 80: diff 10, +1 */
	        {600, 11, 13}, /* (85 + 95) / 2 = 90: diff 20, +2 */
	        {900, 13, 16}, /* (90 + 100) / 2 = 95: diff 25, +3 */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		long t = rows[i].time_s;
		/* one breaching bucket of two: OK; both: ALARM; then OK */
		ck_assert_int_eq(sc_state(&c, t - 120, 0), TT_ALARM_OK);
		ck_assert_int_eq(sc_state(&c, t - 60, 0), TT_ALARM_ALARM);
		ck_assert_int_eq(sc_state(&c, t, 0), TT_ALARM_OK);
		const tt_event_row *ev =
		        sc_one(&c, t, TT_EVENT_DECISION, TT_REASON_NONE,
		               rows[i].from, rows[i].to);
		ck_assert(ev->step);
		ck_assert_uint_eq(ev->policy, p);
		ck_assert_int_eq(ru_row_at(&c.r, t - 60)->row.desired,
		                 rows[i].to);
	}
	ck_assert_uint_eq(ru_count_events(&c.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  3);
	ck_assert_uint_eq(
	        ru_count_events(&c.r, TT_EVENT_NOT_SCALED, TT_DIR_NONE), 0);
	sc_release(&c);
}
END_TEST

/*
 * S9: -10 %, C 13, MinAdjustmentMagnitude 2: 13 x -10 / 100 = -1.3,
 * truncated to -1, raised in magnitude to -2: 11; with
 * `min_adjustment_on_scale_in: false`, -1: 12.  Invocations 1000, 900
 * in row 120 (LessThanThreshold 1000, 1 of 1): judged at 240.
 */
#define S9_SCENARIO                                                            \
	"capacity: {initial: 13, min: 1, max: 50}\n"                           \
	"policies:\n" TT_IDLE                                                  \
	"workload: {synthetic: {shape: step, rate: 1000, steps: "              \
	"[{at: 2m, rate: 900}, {at: 3m, rate: 1000}]}}\n"                      \
	"simulation: {duration: 6m}\n"

static void s9_case(const char *yaml, int to)
{
	step_case c;
	sc_load(&c, yaml);
	size_t p = sc_policy(&c, "in",
	                     "{AdjustmentType: PercentChangeInCapacity, "
	                     "MinAdjustmentMagnitude: 2, StepAdjustments: "
	                     "[{MetricIntervalUpperBound: 0, "
	                     "ScalingAdjustment: -10}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("quiet", "LessThanThreshold", 1000, 1, 1),
	         p);
	sc_run(&c);
	ck_assert_int_eq(sc_state(&c, 180, 0), TT_ALARM_ALARM);
	const tt_event_row *ev =
	        sc_one(&c, 240, TT_EVENT_DECISION, TT_REASON_NONE, 13, to);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->direction, TT_DIR_IN);
	ck_assert_int_eq(ru_row_at(&c.r, 180)->row.action, TT_ACTION_SCALE_IN);
	ck_assert_int_eq(ru_row_at(&c.r, 180)->row.desired, to);
	ck_assert_uint_eq(ru_count_events(&c.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	ck_assert_uint_eq(
	        ru_count_events(&c.r, TT_EVENT_NOT_SCALED, TT_DIR_NONE), 0);
	sc_release(&c);
}

START_TEST(s9_min_adjustment_on_scale_in)
{
	s9_case(S9_SCENARIO, 11);
}
END_TEST

START_TEST(s9_min_adjustment_on_scale_in_knob_off)
{
	s9_case(S9_SCENARIO "aws: {min_adjustment_on_scale_in: false}\n", 12);
}
END_TEST

/*
 * S11: GreaterThanOrEqualToThreshold 50; V 50; [0,10) +1, [10,inf) +2:
 * diff 0 takes the operator's side, above, so [0,10): +1.  Invocations
 * 40, 50 in row 120 (50 >= 50 breaches), judged at 240: 10 -> 11.  Tie
 * side below would find no step and record nothing.
 */
START_TEST(s11_diff_zero_takes_the_operators_side)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE
	            "workload: {synthetic: {shape: step, rate: 40, steps: "
	            "[{at: 2m, rate: 50}, {at: 3m, rate: 40}]}}\n"
	            "simulation: {duration: 6m}\n");
	size_t p = sc_policy(&c, "out",
	                     "{AdjustmentType: ChangeInCapacity, "
	                     "StepAdjustments: ["
	                     "{MetricIntervalLowerBound: 0, "
	                     "MetricIntervalUpperBound: 10, "
	                     "ScalingAdjustment: 1},"
	                     "{MetricIntervalLowerBound: 10, "
	                     "ScalingAdjustment: 2}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanOrEqualToThreshold", 50,
	                           1, 1),
	         p);
	sc_run(&c);
	ck_assert_int_eq(sc_state(&c, 120, 0), TT_ALARM_OK);
	ck_assert_int_eq(sc_state(&c, 180, 0), TT_ALARM_ALARM);
	const tt_event_row *ev =
	        sc_one(&c, 240, TT_EVENT_DECISION, TT_REASON_NONE, 10, 11);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->direction, TT_DIR_OUT);
	ck_assert_uint_eq(ru_count_events(&c.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	ck_assert_uint_eq(
	        ru_count_events(&c.r, TT_EVENT_NOT_SCALED, TT_DIR_NONE), 0);
	sc_release(&c);
}
END_TEST

/* alarm_action_repeat (here 90 s) paces the invocations while the alarm
 * stays in ALARM, as engine events between the rows: a row shows the
 * decision taken inside its period. */
START_TEST(action_repeat_between_rows)
{
	step_case c;
	sc_load(&c, "capacity: {initial: 10, min: 1, max: 50}\n"
	            "policies:\n" TT_IDLE "instance: {provisioning: 0s}\n"
	            "aws: {alarm_action_repeat: 90s}\n"
	            "workload: {synthetic: {shape: constant, rate: 1000}}\n"
	            "simulation: {duration: 6m}\n");
	size_t p = sc_policy(&c, "out",
	                     "{AdjustmentType: ChangeInCapacity, Cooldown: 0,"
	                     " StepAdjustments: [{MetricIntervalLowerBound: 0,"
	                     " ScalingAdjustment: 1}]}");
	sc_alarm(&c,
	         INVOCATIONS_ALARM("busy", "GreaterThanThreshold", 100, 1, 1),
	         p);
	sc_run(&c);
	sc_one(&c, 120, TT_EVENT_DECISION, TT_REASON_NONE, 10, 11);
	sc_one(&c, 210, TT_EVENT_DECISION, TT_REASON_NONE, 11, 12);
	sc_one(&c, 300, TT_EVENT_DECISION, TT_REASON_NONE, 12, 13);
	ck_assert_uint_eq(ru_count_events(&c.r, TT_EVENT_DECISION, TT_DIR_OUT),
	                  3);
	const ru_row *row = ru_row_at(&c.r, 180); /* [180, 240) holds 210 */
	ck_assert_int_eq(row->row.action, TT_ACTION_SCALE_OUT);
	ck_assert_int_eq(row->row.desired, 12);
	ck_assert_int_eq(ru_row_at(&c.r, 120)->row.action, TT_ACTION_NONE);
	sc_release(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("worked_cases");
	const tu_case cases[] = {
	        {"G1", g1_alarm_high_after_third_visible_datapoint},
	        {"G2", g2_largest_capacity_wins},
	        {"G3", g3_anticipated_flapping},
	        {"G4", g4_scale_in_by_one},
	        {"G4-cooldown", g4_scale_in_cooldown_starts_at_completion},
	        {"G5", g5_zero_traffic_scales_to_min},
	        {"G6", g6_missing_data_never_scales_in},
	        {"G7", g7_one_activity_clamped_to_max},
	        {"G8", g8_scale_out_cooldown_is_relative},
	        {"G8-block", g8_block_mode_blocks_every_scale_out},
	        {"G8-larger", g8_larger_scale_out_in_cooldown_acts},
	        {"G9", g9_scale_out_ends_scale_in_cooldown},
	        {"G10", g10_every_policy_must_agree_to_scale_in},
	        {"G11", g11_disable_scale_in_has_no_vote},
	        {"G11-only", g11_only_disabled_policies_never_scale_in},
	        {"G12", g12_target_from_load_test},
	        {"instant", events_at_the_evaluation_instant_come_first},
	        {"time-weighted", invocations_per_instance_is_time_weighted},
	        {"updating", updating_blocks_scaling_unless_knob_off},
	        {"suspended", suspended_scale_out_does_nothing},
	        {"high-resolution",
	         high_resolution_policy_next_to_a_standard_one},
	        {"R1", r1_zero_provisioning_shows_on_the_decision_row},
	        {"R1-cooldown",
	         r1_zero_provisioning_cooldown_starts_at_the_decision},
	        {"R1-scale-in",
	         r1_zero_deprovisioning_shows_on_the_decision_row},
	        {"S1", s1_percent_steps_both_ways},
	        {"S2", s2_larger_step_in_cooldown_adds_the_difference},
	        {"S3", s3_min_adjustment_magnitude_on_scale_out},
	        {"S4", s4_exact_capacity},
	        {"S5", s5_average_chooses_the_step},
	        {"S6", s6_step_scale_out_ends_scale_in_cooldown},
	        {"S7", s7_largest_proposal_wins_across_policy_types},
	        {"S8", s8_sum_above_one_invokes_on_two},
	        {"S9", s9_min_adjustment_on_scale_in},
	        {"S9-knob", s9_min_adjustment_on_scale_in_knob_off},
	        {"S10", s10_step_scale_in_not_blocked_by_target_tracking},
	        {"S11", s11_diff_zero_takes_the_operators_side},
	        {"S12", s12_repeat_while_updating_then_cooldown},
	        {"action-repeat", action_repeat_between_rows},
	};
	TU_ADD_CASES(s, cases);
	TCase *tc = tcase_create("seed-scenarios");
	tcase_add_loop_test(
	        tc, seed_scenario_rises_falls_and_cools_down, 0,
	        (int)(sizeof seed_scenarios / sizeof seed_scenarios[0]));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
