/*
 * test_scheduler.c - scheduled actions in a run (SPEC.md 14.2, 14.3):
 * SC1-SC9, the knobs of what a run does, and a working week across a
 * daylight saving change, each a scenario run by tt_sim_run with the
 * assertions on its timeline rows and events.
 *
 * To see every run of an action whose bounds would not change after the
 * first, most cases pair it with a "reset" action that squeezes the
 * bounds to [1, 1] in between: each run of the action under test then
 * scales out from 1, an event at exactly its instant.  The policy is
 * there only because a scenario needs one: its target is far above the
 * load and it never scales in.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "runutil.h"
#include "scheduled_action.h"
#include "testutil.h"
#include "ttsim/simtime.h"

#define QUIET_POLICY                                                           \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: 100000\n"                                          \
	"      DisableScaleIn: true\n"                                         \
	"      PredefinedMetricSpecification:\n"                               \
	"        PredefinedMetricType: "                                       \
	"SageMakerVariantInvocationsPerInstance\n"                             \
	"workload: {synthetic: {shape: constant, rate: 60}}\n"

/* Unix seconds of an ISO instant. */
static int64_t unix_s(const char *iso)
{
	int64_t us;
	ck_assert_msg(tt_iso8601_parse(iso, strlen(iso), &us), "%s", iso);
	return us / TT_US_PER_S;
}

/* The run's time of a Unix instant, for a run starting at `start`. */
static long at_s(const char *start, const char *iso)
{
	return (long)(unix_s(iso) - unix_s(start));
}

/*
 * The times (run seconds) of action `action`'s events of `kind` and
 * `dir` (TT_DIR_NONE: any), at most `max`; returns how many.
 */
static size_t action_times(const ru_run *r, size_t action, tt_event_kind kind,
                           tt_direction dir, long *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_events; i++) {
		const tt_event_row *e = &r->events[i];
		if (!e->scheduled || e->action != action || e->kind != kind ||
		    (dir != TT_DIR_NONE && e->direction != dir))
			continue;
		if (n < max)
			out[n] = (long)(e->time_us / TT_US_PER_S);
		n++;
	}
	return n;
}

/* Action 0's scale-outs are exactly at `want` (ISO instants). */
static void assert_runs(const ru_run *r, const char *start,
                        const char *const *want, size_t n_want)
{
	long got[64];
	size_t n = action_times(r, 0, TT_EVENT_DECISION, TT_DIR_OUT, got, 64);
	ck_assert_uint_eq(n, n_want);
	for (size_t i = 0; i < n_want; i++)
		ck_assert_msg(got[i] == at_s(start, want[i]),
		              "run %zu at %ld s, want %s (%ld s)", i, got[i],
		              want[i], at_s(start, want[i]));
}

/* The row whose period ends at run second t: what it shows is the state
 * just after everything at t (SPEC 16.1). */
static const tt_row *row_ending(const ru_run *r, long t)
{
	return &ru_row_at(r, t - 60)->row;
}

/* SC1: C 5, [1,10]; Min 8 -> [8,10]; C -> 8, an activity like any. */
START_TEST(sc1_min_above_capacity_scales_out)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 5, min: 1, max: 10}\n" QUIET_POLICY
	                "simulation: {duration: 30m, start: "
	                "2021-01-30T12:00:00Z}\n"
	                "scheduled:\n"
	                "  - ScheduledActionName: floor\n"
	                "    Schedule: at(2021-01-30T12:10:00)\n"
	                "    ScalableTargetAction: {MinCapacity: 8}\n");
	const tt_row *before = row_ending(&r, 540);
	ck_assert_int_eq(before->min, 1);
	ck_assert_int_eq(before->desired, 5);
	const tt_row *row = row_ending(&r, 600);
	ck_assert_int_eq(row->min, 8);
	ck_assert_int_eq(row->max, 10);
	ck_assert_int_eq(row->desired, 8);
	ck_assert_int_eq(row->pending, 3);
	const tt_event_row *ev = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert(ev->scheduled);
	ck_assert_uint_eq(ev->action, 0);
	ck_assert_int_eq(ev->time_us, 600 * TT_US_PER_S);
	ck_assert_int_eq(ev->direction, TT_DIR_OUT);
	ck_assert_int_eq(ev->from, 5);
	ck_assert_int_eq(ev->to, 8);
	/* provisioning 5 min: in service, and completed, at 900 */
	const tt_event_row *done = ru_event(&r, TT_EVENT_COMPLETED, 0);
	ck_assert(done->scheduled);
	ck_assert_int_eq(done->time_us, 900 * TT_US_PER_S);
	ck_assert_int_eq(row_ending(&r, 900)->in_service, 8);
	ck_assert_int_eq(r.sum.scale_out_activities, 1);
	ck_assert_int_eq(r.sum.peak_desired, 8);
	ru_release(&r);
}
END_TEST

/* SC2: C 12, [1,20]; Max 10 -> [1,10]; C -> 10. */
START_TEST(sc2_max_below_capacity_scales_in)
{
	ru_run r;
	ru_run_yaml(&r,
	            "capacity: {initial: 12, min: 1, max: 20}\n" QUIET_POLICY
	            "simulation: {duration: 30m, start: "
	            "2021-01-30T12:00:00Z}\n"
	            "scheduled:\n"
	            "  - ScheduledActionName: ceiling\n"
	            "    Schedule: at(2021-01-30T12:10:00)\n"
	            "    ScalableTargetAction: {MaxCapacity: 10}\n");
	const tt_row *row = row_ending(&r, 600);
	ck_assert_int_eq(row->min, 1);
	ck_assert_int_eq(row->max, 10);
	ck_assert_int_eq(row->desired, 10);
	const tt_event_row *ev = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert(ev->scheduled);
	ck_assert_int_eq(ev->direction, TT_DIR_IN);
	ck_assert_int_eq(ev->from, 12);
	ck_assert_int_eq(ev->to, 10);
	ck_assert_int_eq(ru_event(&r, TT_EVENT_COMPLETED, 0)->time_us,
	                 660 * TT_US_PER_S);
	ck_assert_int_eq(r.sum.scale_in_activities, 1);
	ru_release(&r);
}
END_TEST

/* SC3: C 5; Min 2, Max 10: the bounds change, C stays, nothing recorded. */
START_TEST(sc3_capacity_inside_stays)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 5, min: 1, max: 20}\n" QUIET_POLICY
	                "simulation: {duration: 30m, start: "
	                "2021-01-30T12:00:00Z}\n"
	                "scheduled:\n"
	                "  - ScheduledActionName: band\n"
	                "    Schedule: at(2021-01-30T12:10:00)\n"
	                "    ScalableTargetAction: {MinCapacity: 2, "
	                "MaxCapacity: 10}\n");
	const tt_row *row = row_ending(&r, 600);
	ck_assert_int_eq(row->min, 2);
	ck_assert_int_eq(row->max, 10);
	ck_assert_int_eq(row->desired, 5);
	ck_assert_uint_eq(r.n_events, 0);
	/* after the last run the bounds keep their values */
	ck_assert_int_eq(r.rows[r.n_rows - 1].row.min, 2);
	ck_assert_int_eq(r.rows[r.n_rows - 1].row.max, 10);
	ru_release(&r);
}
END_TEST

/*
 * SC4: a scale-in cooldown running; Min 8 raises C at once, and the
 * cooldown keeps running: once Min is back at 1 the policy's scale-in is
 * still InCooldown (scheduled_ends_scale_in_cooldown: false), or scales
 * in (true).
 *
 *   120 scale-in 6 -> 1   180 done: cooldown to 780   300 Min 8: 1 -> 8
 *   360 Min 1; the policy asks to scale in: InCooldown (knob: scales in)
 */
static void sc4_run(ru_run *r, bool ends)
{
	char yaml[2048];
	snprintf(yaml, sizeof yaml,
	         "capacity: {initial: 6, min: 1, max: 10}\n"
	         "policies:\n"
	         "  - TargetTrackingScalingPolicyConfiguration:\n"
	         "      TargetValue: 100\n"
	         "      ScaleInCooldown: 600\n"
	         "      PredefinedMetricSpecification:\n"
	         "        PredefinedMetricType: "
	         "SageMakerVariantInvocationsPerInstance\n"
	         "workload: {synthetic: {shape: constant, rate: 6}}\n"
	         "instance: {provisioning: 0s}\n"
	         "aws: {alarm_low: {datapoints: 1, periods: 1},\n"
	         "      scheduled_ends_scale_in_cooldown: %s}\n"
	         "simulation: {duration: 10m, start: 2021-01-30T12:00:00Z}\n"
	         "scheduled:\n"
	         "  - ScheduledActionName: up\n"
	         "    Schedule: at(2021-01-30T12:05:00)\n"
	         "    ScalableTargetAction: {MinCapacity: 8}\n"
	         "  - ScheduledActionName: down\n"
	         "    Schedule: at(2021-01-30T12:06:00)\n"
	         "    ScalableTargetAction: {MinCapacity: 1}\n",
	         ends ? "true" : "false");
	ru_run_yaml(r, yaml);
	const tt_event_row *in = ru_event(r, TT_EVENT_DECISION, 0);
	ck_assert(!in->scheduled);
	ck_assert_int_eq(in->time_us, 120 * TT_US_PER_S);
	ck_assert_int_eq(in->to, 1);
	const tt_event_row *up = ru_event(r, TT_EVENT_DECISION, 1);
	ck_assert(up->scheduled);
	ck_assert_int_eq(up->time_us, 300 * TT_US_PER_S);
	ck_assert_int_eq(up->from, 1);
	ck_assert_int_eq(up->to, 8);
}

START_TEST(sc4_scale_in_cooldown_keeps_running)
{
	ru_run r;
	sc4_run(&r, false);
	const tt_event_row *ns = ru_event(&r, TT_EVENT_NOT_SCALED, 0);
	/* before 300: AlreadyAtMinCapacity at 1; the first after it */
	size_t k = 0;
	while (ns && ns->time_us < 360 * TT_US_PER_S)
		ns = ru_event(&r, TT_EVENT_NOT_SCALED, ++k);
	ck_assert_ptr_nonnull(ns);
	ck_assert_int_eq(ns->time_us, 360 * TT_US_PER_S);
	ck_assert_int_eq(ns->direction, TT_DIR_IN);
	ck_assert_int_eq(ns->reason, TT_REASON_IN_COOLDOWN);
	ck_assert_int_eq(row_ending(&r, 360)->desired, 8);
	ck_assert_ptr_null(ru_event(&r, TT_EVENT_DECISION, 2));
	ru_release(&r);
}
END_TEST

START_TEST(sc4_knob_ends_the_scale_in_cooldown)
{
	ru_run r;
	sc4_run(&r, true);
	const tt_event_row *in = ru_event(&r, TT_EVENT_DECISION, 2);
	ck_assert_ptr_nonnull(in);
	ck_assert(!in->scheduled);
	ck_assert_int_eq(in->time_us, 360 * TT_US_PER_S);
	ck_assert_int_eq(in->direction, TT_DIR_IN);
	ck_assert_int_eq(in->from, 8);
	ru_release(&r);
}
END_TEST

/* The reset action, squeezing the bounds to [1, 1] on its schedule. */
#define RESET(schedule, extra)                                                 \
	"  - ScheduledActionName: reset\n"                                     \
	"    Schedule: " schedule "\n" extra                                   \
	"    ScalableTargetAction: {MinCapacity: 1, MaxCapacity: 1}\n"

/*
 * SC5: rate(5 hours) from 2021-01-30T12:00Z to 2021-01-31T22:00Z: seven
 * runs, StartTime itself the first.
 */
START_TEST(sc5_rate_from_start_time)
{
	static const char *const want[] = {
	        "2021-01-30T12:00:00Z", "2021-01-30T17:00:00Z",
	        "2021-01-30T22:00:00Z", "2021-01-31T03:00:00Z",
	        "2021-01-31T08:00:00Z", "2021-01-31T13:00:00Z",
	        "2021-01-31T18:00:00Z"};
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 1, min: 1, max: 10}\n" QUIET_POLICY
	                "instance: {provisioning: 1m}\n"
	                "simulation: {duration: 40h, start: "
	                "2021-01-30T10:00:00Z}\n"
	                "scheduled:\n"
	                "  - ScheduledActionName: floor\n"
	                "    Schedule: rate(5 hours)\n"
	                "    StartTime: 2021-01-30T12:00:00Z\n"
	                "    EndTime: 2021-01-31T22:00:00Z\n"
	                "    ScalableTargetAction: {MinCapacity: 3, "
	                "MaxCapacity: 10}\n" RESET("cron(30 * * * ? *)", ""));
	assert_runs(&r, "2021-01-30T10:00:00Z", want, 7);
	ru_release(&r);
}
END_TEST

/*
 * SC6: cron(0 18 ? * MON-FRI *) in America/New_York: Friday 2021-03-12
 * at 23:00Z (EST), Monday 2021-03-15 at 22:00Z (EDT); not on the weekend.
 */
START_TEST(sc6_cron_follows_the_zone)
{
	static const char *const want[] = {"2021-03-12T23:00:00Z",
	                                   "2021-03-15T22:00:00Z"};
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 1, min: 1, max: 10}\n" QUIET_POLICY
	                "instance: {provisioning: 1m}\n"
	                "simulation: {duration: 4d, start: "
	                "2021-03-12T12:00:00Z}\n"
	                "scheduled:\n"
	                "  - ScheduledActionName: evening\n"
	                "    Schedule: cron(0 18 ? * MON-FRI *)\n"
	                "    Timezone: America/New_York\n"
	                "    ScalableTargetAction: {MinCapacity: 3, "
	                "MaxCapacity: 10}\n" RESET("cron(30 * * * ? *)", ""));
	assert_runs(&r, "2021-03-12T12:00:00Z", want, 2);
	ru_release(&r);
}
END_TEST

/*
 * SC7: runs due after EndTime do not happen, and nothing reverts the
 * bounds: the reset's [1, 1] stays to the end.  EndTime is inclusive
 * (end_time_inclusive: true): the run at 14:00 happens; with false, not.
 */
static void sc7_run(ru_run *r, const char *inclusive)
{
	char yaml[2048];
	snprintf(yaml, sizeof yaml,
	         "capacity: {initial: 1, min: 1, max: 10}\n" QUIET_POLICY
	         "instance: {provisioning: 1m}\n"
	         "aws: {end_time_inclusive: %s}\n"
	         "simulation: {duration: 6h, start: 2021-01-30T11:00:00Z}\n"
	         "scheduled:\n"
	         "  - ScheduledActionName: floor\n"
	         "    Schedule: rate(1 hour)\n"
	         "    StartTime: 2021-01-30T12:00:00Z\n"
	         "    EndTime: 2021-01-30T14:00:00Z\n"
	         "    ScalableTargetAction: {MinCapacity: 3, MaxCapacity: "
	         "10}\n" RESET("rate(1 hour)",
	                       "    StartTime: 2021-01-30T12:30:00Z\n"),
	         inclusive);
	ru_run_yaml(r, yaml);
	const tt_row *last = &r->rows[r->n_rows - 1].row;
	ck_assert_int_eq(last->min, 1);
	ck_assert_int_eq(last->max, 1);
	ck_assert_int_eq(last->desired, 1);
}

START_TEST(sc7_nothing_after_end_time)
{
	static const char *const want[] = {"2021-01-30T12:00:00Z",
	                                   "2021-01-30T13:00:00Z",
	                                   "2021-01-30T14:00:00Z"};
	ru_run r;
	sc7_run(&r, "true");
	assert_runs(&r, "2021-01-30T11:00:00Z", want, 3);
	ru_release(&r);
	sc7_run(&r, "false");
	assert_runs(&r, "2021-01-30T11:00:00Z", want, 2);
	ru_release(&r);
}
END_TEST

/* SC8: [1,10]; Min 12 alone.  fail: recorded, nothing changes;
 * raise_other: [12,12], C -> 12. */
static void sc8_run(ru_run *r, const char *knob)
{
	char yaml[2048];
	snprintf(yaml, sizeof yaml,
	         "capacity: {initial: 5, min: 1, max: 10}\n" QUIET_POLICY
	         "aws: {scheduled_min_gt_max: %s}\n"
	         "simulation: {duration: 20m, start: 2021-01-30T12:00:00Z}\n"
	         "scheduled:\n"
	         "  - ScheduledActionName: too-high\n"
	         "    Schedule: at(2021-01-30T12:10:00)\n"
	         "    ScalableTargetAction: {MinCapacity: 12}\n",
	         knob);
	ru_run_yaml(r, yaml);
}

START_TEST(sc8_min_above_max_fails)
{
	ru_run r;
	sc8_run(&r, "fail");
	const tt_event_row *ev = ru_event(&r, TT_EVENT_SCHEDULED_FAILED, 0);
	ck_assert_ptr_nonnull(ev);
	ck_assert(ev->scheduled);
	ck_assert_int_eq(ev->failure, TT_SCHED_FAILURE_MIN_ABOVE_MAX);
	ck_assert_int_eq(ev->time_us, 600 * TT_US_PER_S);
	ck_assert_int_eq(ev->from, 5);
	ck_assert_int_eq(ev->to, 5);
	const tt_row *row = row_ending(&r, 600);
	ck_assert_int_eq(row->min, 1);
	ck_assert_int_eq(row->max, 10);
	ck_assert_int_eq(row->desired, 5);
	ck_assert_ptr_null(ru_event(&r, TT_EVENT_DECISION, 0));
	ru_release(&r);
}
END_TEST

START_TEST(sc8_raise_other_moves_the_max)
{
	ru_run r;
	sc8_run(&r, "raise_other");
	const tt_row *row = row_ending(&r, 600);
	ck_assert_int_eq(row->min, 12);
	ck_assert_int_eq(row->max, 12);
	ck_assert_int_eq(row->desired, 12);
	const tt_event_row *ev = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert(ev->scheduled);
	ck_assert_int_eq(ev->to, 12);
	ck_assert_ptr_null(ru_event(&r, TT_EVENT_SCHEDULED_FAILED, 0));
	ru_release(&r);
}
END_TEST

/*
 * SC9: in America/New_York, cron(30 2 * * ? *) does not run on
 * 2021-03-14, when 02:30 does not happen (dst_gap: skip; shift runs it at
 * 03:30 EDT, 07:30Z); cron(30 1 * * ? *) runs once on 2021-11-07, at the
 * first 01:30 (05:30Z) (dst_overlap: once; twice adds 06:30Z).
 */
static void sc9_run(ru_run *r, const char *start, const char *schedule,
                    const char *knobs)
{
	char yaml[2048];
	snprintf(yaml, sizeof yaml,
	         "capacity: {initial: 1, min: 1, max: 10}\n" QUIET_POLICY
	         "instance: {provisioning: 1m}\n"
	         "aws: {%s}\n"
	         "simulation: {duration: 3d, start: %s}\n"
	         "scheduled:\n"
	         "  - ScheduledActionName: night\n"
	         "    Schedule: %s\n"
	         "    Timezone: America/New_York\n"
	         "    ScalableTargetAction: {MinCapacity: 3, MaxCapacity: "
	         "10}\n" RESET("cron(0 * * * ? *)", ""),
	         knobs, start, schedule);
	ru_run_yaml(r, yaml);
}

START_TEST(sc9_dst_gap_and_overlap)
{
	const char *march = "2021-03-13T00:00:00Z";
	const char *nov = "2021-11-06T00:00:00Z";
	static const char *const skip[] = {"2021-03-13T07:30:00Z",
	                                   "2021-03-15T06:30:00Z"};
	static const char *const shift[] = {"2021-03-13T07:30:00Z",
	                                    "2021-03-14T07:30:00Z",
	                                    "2021-03-15T06:30:00Z"};
	static const char *const once[] = {"2021-11-06T05:30:00Z",
	                                   "2021-11-07T05:30:00Z",
	                                   "2021-11-08T06:30:00Z"};
	static const char *const twice[] = {
	        "2021-11-06T05:30:00Z", "2021-11-07T05:30:00Z",
	        "2021-11-07T06:30:00Z", "2021-11-08T06:30:00Z"};
	ru_run r;
	sc9_run(&r, march, "cron(30 2 * * ? *)", "");
	assert_runs(&r, march, skip, 2);
	ru_release(&r);
	sc9_run(&r, march, "cron(30 2 * * ? *)", "dst_gap: shift");
	assert_runs(&r, march, shift, 3);
	ru_release(&r);
	sc9_run(&r, nov, "cron(30 1 * * ? *)", "");
	assert_runs(&r, nov, once, 3);
	ru_release(&r);
	sc9_run(&r, nov, "cron(30 1 * * ? *)", "dst_overlap: twice");
	assert_runs(&r, nov, twice, 4);
	ru_release(&r);
}
END_TEST

/*
 * Two working weeks across New York's change to daylight saving time
 * (Sunday 2021-03-14): cron(0 9 ? * MON-FRI *) scales up at 09:00 local
 * every weekday, 14:00Z in the first week and 13:00Z in the second, and
 * the 18:00 scale-down follows the same clock.
 */
START_TEST(weekdays_across_dst)
{
	const char *start = "2021-03-08T00:00:00Z";
	static const char *const want[] = {
	        "2021-03-08T14:00:00Z", "2021-03-09T14:00:00Z",
	        "2021-03-10T14:00:00Z", "2021-03-11T14:00:00Z",
	        "2021-03-12T14:00:00Z", "2021-03-15T13:00:00Z",
	        "2021-03-16T13:00:00Z", "2021-03-17T13:00:00Z",
	        "2021-03-18T13:00:00Z", "2021-03-19T13:00:00Z"};
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 1, min: 1, max: 10}\n" QUIET_POLICY
	                "simulation: {duration: 12d, start: "
	                "2021-03-08T00:00:00Z}\n"
	                "scheduled:\n"
	                "  - ScheduledActionName: open\n"
	                "    Schedule: cron(0 9 ? * MON-FRI *)\n"
	                "    Timezone: America/New_York\n"
	                "    ScalableTargetAction: {MinCapacity: 4, "
	                "MaxCapacity: 10}\n"
	                "  - ScheduledActionName: close\n"
	                "    Schedule: cron(0 18 ? * MON-FRI *)\n"
	                "    Timezone: America/New_York\n"
	                "    ScalableTargetAction: {MinCapacity: 1, "
	                "MaxCapacity: 1}\n");
	assert_runs(&r, start, want, 10);
	/* 09:00 to 18:00 local, nine hours on either side of the change */
	long in[16];
	ck_assert_uint_eq(
	        action_times(&r, 1, TT_EVENT_DECISION, TT_DIR_IN, in, 16), 10);
	ck_assert_int_eq(in[4], at_s(start, "2021-03-12T23:00:00Z"));
	ck_assert_int_eq(in[5], at_s(start, "2021-03-15T22:00:00Z"));
	/* the weekend keeps Friday evening's bounds */
	const tt_row *sat = row_ending(&r, at_s(start, "2021-03-13T12:00:00Z"));
	ck_assert_int_eq(sat->min, 1);
	ck_assert_int_eq(sat->max, 1);
	ru_release(&r);
}
END_TEST

/*
 * Several actions due at one instant run in input order, before the
 * evaluation: the row at that instant shows the last one's bounds.
 */
START_TEST(same_instant_in_input_order)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 10}\n" QUIET_POLICY
	                "simulation: {duration: 20m, start: "
	                "2021-01-30T12:00:00Z}\n"
	                "scheduled:\n"
	                "  - ScheduledActionName: first\n"
	                "    Schedule: at(2021-01-30T12:10:00)\n"
	                "    ScalableTargetAction: {MinCapacity: 6}\n"
	                "  - ScheduledActionName: second\n"
	                "    Schedule: rate(10 minutes)\n"
	                "    ScalableTargetAction: {MinCapacity: 4}\n");
	/* second runs at 0 (rate_without_start: immediate): 2 -> 4 */
	const tt_event_row *e0 = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert_uint_eq(e0->action, 1);
	ck_assert_int_eq(e0->time_us, 0);
	/* at 600: first (4 -> 6), then second (Min 4: inside, nothing) */
	const tt_event_row *e1 = ru_event(&r, TT_EVENT_DECISION, 1);
	ck_assert_uint_eq(e1->action, 0);
	ck_assert_int_eq(e1->time_us, 600 * TT_US_PER_S);
	ck_assert_int_eq(row_ending(&r, 600)->min, 4);
	ck_assert_int_eq(row_ending(&r, 600)->desired, 6);
	ru_release(&r);
}
END_TEST

/*
 * An activity in progress (block_while_updating): the bounds change at
 * once and the capacity change waits for the completion (retry), or is
 * dropped (fail).
 */
static void updating_run(ru_run *r, const char *knob)
{
	char yaml[2048];
	snprintf(yaml, sizeof yaml,
	         "capacity: {initial: 2, min: 1, max: 10}\n" QUIET_POLICY
	         "aws: {scheduled_while_updating: %s}\n"
	         "simulation: {duration: 30m, start: 2021-01-30T12:00:00Z}\n"
	         "scheduled:\n"
	         "  - ScheduledActionName: a\n"
	         "    Schedule: at(2021-01-30T12:01:00)\n"
	         "    ScalableTargetAction: {MinCapacity: 3}\n"
	         "  - ScheduledActionName: b\n"
	         "    Schedule: at(2021-01-30T12:03:00)\n"
	         "    ScalableTargetAction: {MinCapacity: 5}\n",
	         knob);
	ru_run_yaml(r, yaml);
	/* a: 2 -> 3 at 60, provisioning until 360 */
	const tt_event_row *a = ru_event(r, TT_EVENT_DECISION, 0);
	ck_assert_int_eq(a->time_us, 60 * TT_US_PER_S);
	ck_assert_int_eq(row_ending(r, 180)->min, 5);
	ck_assert_int_eq(row_ending(r, 180)->desired, 3);
}

START_TEST(while_updating_retry_waits)
{
	ru_run r;
	updating_run(&r, "retry");
	const tt_event_row *w = ru_event(&r, TT_EVENT_SCHEDULED_WAITING, 0);
	ck_assert_ptr_nonnull(w);
	ck_assert_uint_eq(w->action, 1);
	ck_assert_int_eq(w->time_us, 180 * TT_US_PER_S);
	const tt_event_row *b = ru_event(&r, TT_EVENT_DECISION, 1);
	ck_assert_uint_eq(b->action, 1);
	ck_assert_int_eq(b->time_us, 360 * TT_US_PER_S);
	ck_assert_int_eq(b->from, 3);
	ck_assert_int_eq(b->to, 5);
	ru_release(&r);
}
END_TEST

START_TEST(while_updating_fail_drops)
{
	ru_run r;
	updating_run(&r, "fail");
	const tt_event_row *f = ru_event(&r, TT_EVENT_SCHEDULED_FAILED, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->failure, TT_SCHED_FAILURE_UNSCALABLE);
	ck_assert_int_eq(f->to, 5);
	ck_assert_ptr_null(ru_event(&r, TT_EVENT_DECISION, 1));
	/* the bounds stay changed; C below min until something moves it */
	ck_assert_int_eq(r.rows[r.n_rows - 1].row.min, 5);
	ck_assert_int_eq(r.rows[r.n_rows - 1].row.desired, 3);
	ru_release(&r);
}
END_TEST

/* scheduled_delay: the effect comes that much after the run. */
START_TEST(scheduled_delay_later_effect)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 10}\n" QUIET_POLICY
	                "aws: {scheduled_delay: 30s}\n"
	                "simulation: {duration: 20m, start: "
	                "2021-01-30T12:00:00Z}\n"
	                "scheduled:\n"
	                "  - ScheduledActionName: up\n"
	                "    Schedule: at(2021-01-30T12:10:00)\n"
	                "    ScalableTargetAction: {MinCapacity: 4}\n");
	ck_assert_int_eq(ru_event(&r, TT_EVENT_DECISION, 0)->time_us,
	                 630 * TT_US_PER_S);
	ck_assert_int_eq(row_ending(&r, 600)->min, 1);
	ck_assert_int_eq(row_ending(&r, 660)->min, 4);
	ru_release(&r);
}
END_TEST

/* ScheduledScalingSuspended: no action runs, and a note says so. */
START_TEST(suspended_runs_nothing)
{
	ru_run r;
	ru_run_yaml(
	        &r,
	        "capacity: {initial: 2, min: 1, max: 10,\n"
	        "  suspended: {ScheduledScalingSuspended: true}}\n" QUIET_POLICY
	        "simulation: {duration: 20m, start: "
	        "2021-01-30T12:00:00Z}\n"
	        "scheduled:\n"
	        "  - ScheduledActionName: up\n"
	        "    Schedule: rate(1 minute)\n"
	        "    ScalableTargetAction: {MinCapacity: 4}\n");
	ck_assert_uint_eq(r.n_events, 0);
	ck_assert_int_eq(r.rows[r.n_rows - 1].row.min, 1);
	ck_assert_uint_eq(r.sum.notes.count, 1);
	ck_assert_ptr_nonnull(
	        strstr(r.sum.notes.items[0].msg, "ScheduledScalingSuspended"));
	ru_release(&r);
}
END_TEST

/* No scheduled action: the bounds are the scenario's in every row. */
START_TEST(without_actions_rows_show_the_scenario_bounds)
{
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 2, min: 1, max: 7}\n" QUIET_POLICY
	                "simulation: {duration: 5m}\n");
	for (size_t i = 0; i < r.n_rows; i++) {
		ck_assert_int_eq(r.rows[i].row.min, 1);
		ck_assert_int_eq(r.rows[i].row.max, 7);
	}
	ru_release(&r);
}
END_TEST

/* Errors a scenario reports, each with its place. */
typedef struct bad_case {
	const char *yaml;
	const char *msg;
} bad_case;

static const bad_case bad[] = {
        /* cron on a synthetic workload without simulation.start */
        {"capacity: {min: 1, max: 10}\n" QUIET_POLICY
         "simulation: {duration: 1h}\n"
         "scheduled:\n"
         "  - ScheduledActionName: up\n"
         "    Schedule: cron(0 9 * * ? *)\n"
         "    ScalableTargetAction: {MinCapacity: 4}\n",
         "case.yaml:12:15: error: a cron() schedule needs the run's wall "
         "clock (a trace with timestamps or 'simulation.start')"},
        {"capacity: {min: 1, max: 10}\n" QUIET_POLICY
         "simulation: {duration: 1h, start: monday}\n",
         "case.yaml:9:35: error: 'start' must be a UTC date and time "
         "('2021-03-08T00:00:00Z'), got 'monday'"},
        {"capacity: {min: 1, max: 10}\n" QUIET_POLICY
         "simulation: {duration: 1h}\n"
         "scheduled:\n"
         "  - ScheduledActionName: up\n"
         "    ResourceId: endpoint/other/variant/v\n"
         "    Schedule: rate(1 hour)\n"
         "    ScalableTargetAction: {MinCapacity: 4}\n",
         "case.yaml:12:17: error: ResourceId 'endpoint/other/variant/v' "
         "does not match the scenario's resource "
         "'endpoint/my-endpoint/variant/my-variant'"},
        {"capacity: {min: 1, max: 10}\n" QUIET_POLICY
         "simulation: {duration: 1h}\n"
         "scheduled:\n"
         "  - ScheduledActionName: up\n"
         "    Schedule: rate(1 hour)\n"
         "    ScalableTargetAction: {MinCapacity: 4}\n"
         "  - ScheduledActionName: up\n"
         "    Schedule: rate(2 hours)\n"
         "    ScalableTargetAction: {MinCapacity: 5}\n",
         "case.yaml:14:26: error: duplicate ScheduledActionName 'up' "
         "(first at case.yaml:11)"},
        {"capacity: {min: 1, max: 10}\n" QUIET_POLICY
         "simulation: {duration: 1h}\n"
         "aws: {dst_gap: jump}\n",
         "case.yaml:10:16: error: 'dst_gap' must be 'skip' or 'shift', "
         "got 'jump'"},
        {"capacity: {min: 1, max: 10}\n" QUIET_POLICY
         "simulation: {duration: 1h}\n"
         "scheduled:\n"
         "  - ScheduledActionName: up\n"
         "    Schedule: rate(1 hour)\n"
         "    ScalableTargetAction: {MinCapacity: 200000}\n",
         "case.yaml:13:41: error: 'MinCapacity' must be at most 100000, "
         "got 200000"},
};

START_TEST(scenario_errors)
{
	tt_scenario s;
	tt_diag d = {0};
	char buf[1024];
	const bad_case *c = &bad[_i];
	tt_code rc = tt_scenario_load_text(c->yaml, strlen(c->yaml),
	                                   "case.yaml", NULL, &s, &d);
	ck_assert_int_ne(rc, TT_OK);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), c->msg);
}
END_TEST

/* A cron action on a trace timed in seconds: the run says so. */
START_TEST(no_wallclock_on_a_trace_fails_the_run)
{
	char path[512];
	char yaml[2048];
	ru_run r;
	snprintf(yaml, sizeof yaml,
	         "capacity: {min: 1, max: 10}\n"
	         "policies:\n"
	         "  - TargetTrackingScalingPolicyConfiguration:\n"
	         "      TargetValue: 100000\n"
	         "      PredefinedMetricSpecification:\n"
	         "        PredefinedMetricType: "
	         "SageMakerVariantInvocationsPerInstance\n"
	         "workload: {trace: {file: %s}}\n"
	         "scheduled:\n"
	         "  - ScheduledActionName: up\n"
	         "    Schedule: cron(0 9 * * ? *)\n"
	         "    ScalableTargetAction: {MinCapacity: 4}\n",
	         tu_src_path(path, sizeof path,
	                     "tests/data/scheduled/seconds.csv"));
	ck_assert_int_eq(ru_try_yaml(&r, yaml), TT_EINVAL);
	ck_assert_ptr_nonnull(strstr(r.d.msg, "needs the run's wall clock"));
	ru_release(&r);
}
END_TEST

/*
 * `{file: F}` items: describe-scheduled-actions output listing two
 * targets' actions; only the scenario's are read, in order.
 */
START_TEST(file_items_keep_this_targets_actions)
{
	char path[512], yaml[2048];
	ru_run r;
	snprintf(yaml, sizeof yaml,
	         "resource: endpoint/shop/variant/web\n"
	         "capacity: {initial: 2, min: 1, max: 10}\n" QUIET_POLICY
	         "simulation: {duration: 30m, start: 2021-01-30T12:00:00Z}\n"
	         "scheduled:\n"
	         "  - file: %s\n",
	         tu_src_path(path, sizeof path,
	                     "tests/data/scheduled/describe.json"));
	ru_run_yaml(&r, yaml);
	ck_assert_uint_eq(r.s.n_scheduled, 2);
	ck_assert_str_eq(r.s.scheduled[0].name, "morning");
	ck_assert_str_eq(r.s.scheduled[1].name, "evening");
	ck_assert_int_eq(row_ending(&r, 600)->min, 4);
	ru_release(&r);
}
END_TEST

/*
 * Terraform's aws_appautoscaling_scheduled_action resources of the
 * target (another target's left out), and a CloudFormation target's
 * ScheduledActions, read and run.  09:00 in London is 09:00Z in March.
 */
static void from_template(ru_run *r, const char *section, const char *rel)
{
	char path[512], yaml[2048];
	bool tf = strcmp(section, "terraform") == 0;
	snprintf(yaml, sizeof yaml,
	         "%s: {%s: %s%s%s}\n"
	         "capacity: {initial: 2}\n"
	         "workload: {synthetic: {shape: constant, rate: 60}}\n"
	         "simulation: {duration: 1d, start: 2021-03-08T00:00:00Z}\n",
	         section, tf ? "files" : "file", tf ? "[" : "",
	         tu_src_path(path, sizeof path, rel), tf ? "]" : "");
	ru_run_yaml(r, yaml);
	const tt_event_row *up = ru_event(r, TT_EVENT_DECISION, 0);
	ck_assert(up->scheduled);
	ck_assert_str_eq(r->s.scheduled[up->action].name, "morning");
	ck_assert_int_eq(up->time_us, 9 * 3600 * TT_US_PER_S);
	ck_assert_int_eq(up->to, 4);
}

START_TEST(terraform_scheduled_actions)
{
	ru_run r;
	from_template(&r, "terraform", "tests/data/scheduled/tf/main.tf");
	ck_assert_uint_eq(r.s.n_scheduled, 1);
	ck_assert(r.s.scheduled[0].has_start);
	ck_assert_str_eq(r.s.scheduled[0].timezone, "Europe/London");
	ru_release(&r);
}
END_TEST

START_TEST(cloudformation_scheduled_actions)
{
	ru_run r;
	from_template(&r, "cloudformation", "tests/data/scheduled/cfn.yaml");
	ck_assert_uint_eq(r.s.n_scheduled, 2);
	/* night: [1, 2] at 22:00Z, 4 -> 2 */
	const tt_event_row *down = ru_event(&r, TT_EVENT_DECISION, 1);
	ck_assert_ptr_nonnull(down);
	ck_assert_uint_eq(down->action, 1);
	ck_assert_int_eq(down->time_us, 22 * 3600 * TT_US_PER_S);
	ck_assert_int_eq(down->to, 2);
	ru_release(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scheduler");
	const tu_case cases[] = {
	        {"SC1", sc1_min_above_capacity_scales_out},
	        {"SC2", sc2_max_below_capacity_scales_in},
	        {"SC3", sc3_capacity_inside_stays},
	        {"SC4", sc4_scale_in_cooldown_keeps_running},
	        {"SC4-knob", sc4_knob_ends_the_scale_in_cooldown},
	        {"SC5", sc5_rate_from_start_time},
	        {"SC6", sc6_cron_follows_the_zone},
	        {"SC7", sc7_nothing_after_end_time},
	        {"SC8", sc8_min_above_max_fails},
	        {"SC8-raise", sc8_raise_other_moves_the_max},
	        {"SC9", sc9_dst_gap_and_overlap},
	        {"weekdays-dst", weekdays_across_dst},
	        {"same-instant", same_instant_in_input_order},
	        {"updating-retry", while_updating_retry_waits},
	        {"updating-fail", while_updating_fail_drops},
	        {"delay", scheduled_delay_later_effect},
	        {"suspended", suspended_runs_nothing},
	        {"no-actions", without_actions_rows_show_the_scenario_bounds},
	        {"no-wallclock-trace", no_wallclock_on_a_trace_fails_the_run},
	        {"file-items", file_items_keep_this_targets_actions},
	        {"terraform", terraform_scheduled_actions},
	        {"cloudformation", cloudformation_scheduled_actions},
	};
	TU_ADD_CASES(s, cases);
	TCase *tc = tcase_create("errors");
	tcase_add_loop_test(tc, scenario_errors, 0,
	                    (int)(sizeof bad / sizeof bad[0]));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
