/*
 * test_ic.c - inference components and scale to zero: SPEC.md 13's worked
 * cases Z1-Z5 through the engine, in fluid mode and, where a single
 * request matters, in request mode, and the figures the summary reports
 * (time at zero, wake-ups, failed requests, cold-start waits).
 *
 * Times: a 60 s metric is visible 60 s after its period ends, so traffic
 * in row 60k is first judged at 60(k + 2); a row shows the state at its
 * end instant.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "alarm_def.h"
#include "runutil.h"
#include "testutil.h"
#include "ttsim/figures.h"

#define S TT_US_PER_S

#define IC_TARGET "resource: inference-component/my-llm\n"

/* The doc's target-tracking policy on copies (SPEC.md 13.3). */
#define TT_PER_COPY(target, extra)                                             \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: " #target "\n" extra                               \
	"      PredefinedMetricSpecification:\n"                               \
	"        PredefinedMetricType: "                                       \
	"SageMakerInferenceComponentInvocationsPerCopy\n"

/* The row starting at time_s, which must exist. */
static const tt_row *row(const ru_run *r, long time_s)
{
	const ru_row *x = ru_row_at(r, time_s);
	ck_assert_msg(x != NULL, "no row at %ld s", time_s);
	return &x->row;
}

/* The only decision event, or the n-th. */
static const tt_event_row *decision(const ru_run *r, size_t n)
{
	const tt_event_row *ev = ru_event(r, TT_EVENT_DECISION, n);
	ck_assert_msg(ev != NULL, "no decision %zu", n);
	return ev;
}

static double figure(const ru_run *r, const char *name)
{
	double v = 0;
	ck_assert_msg(tt_summary_figure(&r->s, &r->sum, name, &v), "%s", name);
	return v;
}

/* A request-mode workload from a trace under tests/data/ic. */
static const char *trace_yaml(char *buf, size_t size, const char *file)
{
	char path[1024], rel[128];
	snprintf(rel, sizeof rel, "tests/data/ic/%s", file);
	snprintf(buf, size,
	         "workload: {trace: {file: %s, format: requests}}\n"
	         "instance: {service_time: 1s, concurrency: 4}\n",
	         tu_src_path(path, sizeof path, rel));
	return buf;
}

/*
 * Z1: 1 copy on 1 instance, Min 0; TT InvocationsPerCopy T 1; one request
 * a minute until 60 s, then none.  15 zero datapoints [60, 960), the last
 * visible at 1020: AlarmLow ALARM, C 1 -> 0; the copy goes at 1080 and its
 * instance is released 10 min later, at 1680.
 */
START_TEST(z1_scale_in_to_zero)
{
	ru_run r;
	ru_run_yaml(&r, IC_TARGET "capacity: {initial: 1, min: 0, max: 4}\n"
	                TT_PER_COPY(1, "")
	                "workload: {synthetic: {shape: step, rate: 1, "
	                "steps: [{at: 60s, rate: 0}]}}\n"
	                "simulation: {duration: 30m}\n");
	ck_assert_uint_eq(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	const tt_event_row *ev = decision(&r, 0);
	ck_assert_int_eq(ev->time_us, 1020 * S);
	ck_assert_int_eq(ev->direction, TT_DIR_IN);
	ck_assert_int_eq(ev->from, 1);
	ck_assert_int_eq(ev->to, 0);
	ck_assert_int_eq(r.rows[15].pol[0].low, TT_ALARM_OK);
	ck_assert_int_eq(row(&r, 960)->desired, 0); /* ends at 1020 */
	ck_assert_int_eq(r.rows[16].pol[0].low, TT_ALARM_ALARM);
	ck_assert_int_eq(row(&r, 960)->copies_in_service, 1); /* draining */
	ck_assert_int_eq(row(&r, 1020)->copies_in_service, 0); /* 1080 */
	ck_assert_int_eq(row(&r, 1560)->in_service, 1);
	ck_assert_int_eq(row(&r, 1620)->in_service, 0); /* released 1680 */
	/* no copy: no datapoint; AlarmHigh's 3 are all missing (AlarmLow's
	 * 15 still hold the zeros of the draining copy) */
	ck_assert_int_eq(ru_row_at(&r, 1260)->pol[0].high,
	                 TT_ALARM_INSUFFICIENT_DATA);
	/* billed: the instance for 1680 s of the 1800 */
	ck_assert(r.sum.instance_hours == 1680.0 / 3600.0);
	ck_assert_int_eq(r.sum.zero_copies_us, (1800 - 1080) * S);
	ck_assert_int_eq(r.sum.wake_ups, 0);
	ck_assert(figure(&r, "no_capacity_failures") == 0);
	ru_release(&r);
}
END_TEST

/* Z2: Z1 with zero_traffic missing: AlarmLow INSUFFICIENT_DATA, one copy
 * and one instance for ever. */
START_TEST(z2_missing_never_reaches_zero)
{
	ru_run r;
	ru_run_yaml(&r, IC_TARGET "capacity: {initial: 1, min: 0, max: 4}\n"
	                TT_PER_COPY(1, "")
	                "workload: {synthetic: {shape: step, rate: 1, "
	                "steps: [{at: 60s, rate: 0}]}}\n"
	                "aws: {zero_traffic: missing}\n"
	                "simulation: {duration: 30m}\n");
	ck_assert_uint_eq(ru_count_events(&r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  0);
	/* the window of 15 holds no datapoint from the row ending 1020 */
	ck_assert_int_eq(r.rows[15].pol[0].low, TT_ALARM_OK);
	for (size_t i = 0; i < r.n_rows; i++) {
		if (i >= 16)
			ck_assert_int_eq(r.rows[i].pol[0].low,
			                 TT_ALARM_INSUFFICIENT_DATA);
		ck_assert_int_eq(r.rows[i].row.copies_in_service, 1);
		ck_assert_int_eq(r.rows[i].row.in_service, 1);
	}
	ck_assert(r.sum.instance_hours == 0.5);
	ru_release(&r);
}
END_TEST

/*
 * Z3: no copy, no instance, the `doc` wake-up; 5 requests in the first
 * 10 s, then none.  All 5 fail; the minute's datapoint (5) is visible at
 * 120: ALARM, C 0 -> 1; the instance provisions 120 -> 420, the copy
 * loads and serves at 570; the alarm is OK at 180 (a 0 datapoint).
 */
static void z3_check(const ru_run *r)
{
	const tt_event_row *ev = decision(r, 0);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->time_us, 120 * S);
	ck_assert_int_eq(ev->from, 0);
	ck_assert_int_eq(ev->to, 1);
	ck_assert_int_eq(ru_event(r, TT_EVENT_COMPLETED, 0)->time_us, 570 * S);
	ck_assert(row(r, 0)->no_capacity == 5);
	ck_assert_int_eq(ru_row_at(r, 60)->alarms[0], TT_ALARM_ALARM);
	ck_assert_int_eq(ru_row_at(r, 120)->alarms[0], TT_ALARM_OK);
	ck_assert_int_eq(row(r, 300)->in_service, 0);
	ck_assert_int_eq(row(r, 300)->pending, 1);
	ck_assert_int_eq(row(r, 360)->in_service, 1); /* up at 420 */
	ck_assert_int_eq(row(r, 480)->copies_in_service, 0);
	ck_assert_int_eq(row(r, 480)->copies_pending, 1);
	ck_assert_int_eq(row(r, 540)->copies_in_service, 1); /* 570 */
	ck_assert(r->sum.no_capacity == 5);
	ck_assert_int_eq(r->sum.wake_ups, 1);
	ck_assert_int_eq(r->sum.zero_copies_us, 570 * S);
	/* nobody came back after the wake-up: no wait was measured */
	ck_assert_uint_eq(r->sum.cold_starts, 0);
}

START_TEST(z3_doc_wakes_on_five_failures)
{
	ru_run r;
	ru_run_yaml(&r, IC_TARGET "capacity: {initial: 0, min: 0, max: 4}\n"
	                "inference_component: {wake_from_zero: doc}\n"
	                TT_PER_COPY(1, "      DisableScaleIn: true\n")
	                "workload: {synthetic: {shape: step, rate: 5, "
	                "steps: [{at: 60s, rate: 0}]}}\n"
	                "simulation: {duration: 15m}\n");
	z3_check(&r);
	ru_release(&r);

	char w[2048], yaml[4096];
	snprintf(yaml, sizeof yaml,
	         IC_TARGET "capacity: {initial: 0, min: 0, max: 4}\n"
	                   "inference_component: {wake_from_zero: doc}\n"
	         TT_PER_COPY(1, "      DisableScaleIn: true\n") "%s"
	                   "simulation: {mode: request, duration: 15m}\n",
	         trace_yaml(w, sizeof w, "five-at-zero.csv"));
	ru_run_yaml(&r, yaml);
	z3_check(&r);
	ck_assert_uint_eq(r.sum.errors, 5);
	ru_release(&r);
}
END_TEST

/*
 * Z4: Z3 with a single request at 5 s.  `doc`: a Sum of 1 is not > 1, it
 * never wakes.  `notebook`: the minute's datapoint goes in the 30 s
 * bucket [0, 30) (lag 90 s): ALARM at 120, the copy serves at 570.  (A
 * requests trace starts at its first row, so the request is at time 0
 * here: the same minute and the same bucket.)
 */
START_TEST(z4_one_failure_wakes_only_the_notebook)
{
	const char *presets[] = {"doc", "notebook"};
	for (int p = 0; p < 2; p++) {
		char w[2048], yaml[4096];
		snprintf(yaml, sizeof yaml,
		         IC_TARGET "capacity: {initial: 0, min: 0, max: 4}\n"
		                   "inference_component: {wake_from_zero: %s}\n"
		         TT_PER_COPY(1, "      DisableScaleIn: true\n") "%s"
		                   "simulation: {mode: request, duration: 15m}\n",
		         presets[p], trace_yaml(w, sizeof w, "one-at-five.csv"));
		ru_run r;
		ru_run_yaml(&r, yaml);
		ck_assert(r.sum.no_capacity == 1);
		if (p == 0) {
			ck_assert_uint_eq(ru_count_events(&r, TT_EVENT_DECISION,
			                                  TT_DIR_NONE),
			                  0);
			ck_assert_int_eq(r.sum.wake_ups, 0);
			ck_assert_int_eq(r.sum.zero_copies_us, 900 * S);
		} else {
			const tt_event_row *ev = decision(&r, 0);
			ck_assert_int_eq(ev->time_us, 120 * S);
			ck_assert_int_eq(ev->to, 1);
			ck_assert_int_eq(
			        ru_event(&r, TT_EVENT_COMPLETED, 0)->time_us,
			        570 * S);
			ck_assert_int_eq(r.sum.wake_ups, 1);
		}
		ru_release(&r);
	}
}
END_TEST

/*
 * Z5: no copy, Max 4, `doc`, TT InvocationsPerCopy T 20; 10 requests at
 * second 0 of every minute.  ALARM at 120: C 0 -> 1; 180 ... 540
 * Unscalable (the activity is in progress); the copy serves at 570 and the
 * step cooldown runs [570, 630); 600 InCooldown; at 660 the [540, 600)
 * failures still show: C 1 -> 2 (a second instance: 660 + 300 + 150 =
 * 1110); the alarm is OK at 720.
 */
static void z5_check(const ru_run *r, double failures_540)
{
	const tt_event_row *ev = decision(r, 0);
	ck_assert_int_eq(ev->time_us, 120 * S);
	ck_assert_int_eq(ev->to, 1);
	for (long t = 180; t <= 540; t += 60) {
		const tt_event_row *ns = NULL;
		for (size_t i = 0; i < r->n_events; i++)
			if (r->events[i].time_us == t * S &&
			    r->events[i].kind == TT_EVENT_NOT_SCALED &&
			    r->events[i].step)
				ns = &r->events[i];
		ck_assert_msg(ns != NULL, "no step record at %ld", t);
		ck_assert_int_eq(ns->reason,
		                 TT_REASON_UNSCALABLE);
	}
	ck_assert_int_eq(ru_event(r, TT_EVENT_COMPLETED, 0)->time_us, 570 * S);
	bool in_cooldown = false;
	for (size_t i = 0; i < r->n_events; i++)
		if (r->events[i].time_us == 600 * S &&
		    r->events[i].kind == TT_EVENT_NOT_SCALED &&
		    r->events[i].reason == TT_REASON_IN_COOLDOWN)
			in_cooldown = true;
	ck_assert(in_cooldown);
	ck_assert(row(r, 540)->no_capacity == failures_540);
	ev = decision(r, 1);
	ck_assert_int_eq(ev->time_us, 660 * S);
	ck_assert_int_eq(ev->from, 1);
	ck_assert_int_eq(ev->to, 2);
	ck_assert_int_eq(ru_event(r, TT_EVENT_COMPLETED, 1)->time_us,
	                 1110 * S);
	ck_assert_int_eq(ru_row_at(r, 660)->alarms[0], TT_ALARM_OK);
	ck_assert_int_eq(row(r, 1080)->in_service, 2);
	ck_assert_int_eq(row(r, 1080)->copies_in_service, 2);
}

START_TEST(z5_wake_then_scale_out_again)
{
	ru_run r;
	ru_run_yaml(&r, IC_TARGET "capacity: {initial: 0, min: 0, max: 4}\n"
	                "inference_component: {wake_from_zero: doc}\n"
	                TT_PER_COPY(20, "")
	                "workload: {synthetic: {shape: constant, rate: 10}}\n"
	                "simulation: {duration: 20m}\n");
	/* fluid: the copy serves half of [540, 600) */
	z5_check(&r, 5);
	ru_release(&r);

	char w[2048], yaml[4096];
	snprintf(yaml, sizeof yaml,
	         IC_TARGET "capacity: {initial: 0, min: 0, max: 4}\n"
	                   "inference_component: {wake_from_zero: doc}\n"
	         TT_PER_COPY(20, "") "%s"
	                   "simulation: {mode: request, duration: 20m}\n",
	         trace_yaml(w, sizeof w, "ten-each-minute.csv"));
	ru_run_yaml(&r, yaml);
	/* request mode: the 540 requests came before the copy served */
	z5_check(&r, 10);
	/* the first request served was at 600, 600 s after the first
	 * failure */
	ck_assert_uint_eq(r.sum.cold_starts, 1);
	ck_assert_int_eq(r.sum.cold_start_p50_us, 600 * S);
	ck_assert_int_eq(r.sum.cold_start_p99_us, 600 * S);
	ck_assert(figure(&r, "cold_start_wait_p99_s") == 600);
	ck_assert(r.sum.no_capacity == 100);
	ru_release(&r);
}
END_TEST

/* Fluid mode's cold start: from the first failing period's start to the
 * instant the copy served (Z5's 0 -> 570). */
START_TEST(fluid_cold_start)
{
	ru_run r;
	ru_run_yaml(&r, IC_TARGET "capacity: {initial: 0, min: 0, max: 4}\n"
	                "inference_component: {wake_from_zero: doc}\n"
	                TT_PER_COPY(20, "")
	                "workload: {synthetic: {shape: constant, rate: 10}}\n"
	                "simulation: {duration: 20m}\n");
	ck_assert_uint_eq(r.sum.cold_starts, 1);
	ck_assert_int_eq(r.sum.cold_start_p50_us, 570 * S);
	ck_assert(r.sum.no_capacity == 95); /* 9.5 minutes of 10 */
	ck_assert_int_eq(r.sum.zero_copies_us, 570 * S);
	ru_release(&r);
}
END_TEST

/* Billing counts instances, not copies: 4 copies on 2 instances. */
START_TEST(instances_bill)
{
	ru_run r;
	ru_run_yaml(&r, IC_TARGET "capacity: {initial: 4, min: 4, max: 4}\n"
	                "inference_component: {copies_per_instance: 2}\n"
	                TT_PER_COPY(1000, "")
	                "workload: {synthetic: {shape: constant, rate: 10}}\n"
	                "instance: {price_per_hour: 2}\n"
	                "simulation: {duration: 60m}\n");
	ck_assert(r.sum.instance_hours == 2);
	ck_assert(r.sum.cost == 4);
	ck_assert_int_eq(r.sum.peak_in_service, 2);
	ck_assert_int_eq(r.sum.peak_copies, 4);
	ck_assert(r.sum.mean_copies == 4);
	ck_assert_int_eq(row(&r, 0)->in_service, 2);
	ck_assert_int_eq(row(&r, 0)->copies_in_service, 4);
	/* InvocationsPerCopy: 10 a minute over 4 copies */
	ck_assert(r.rows[0].pol[0].metric == 2.5);
	ru_release(&r);
}
END_TEST

/* ---- the shipped scenarios ---- */

static void run_file(ru_run *r, const char *rel)
{
	char path[1024], buf[1024];
	memset(r, 0, sizeof *r);
	tt_code rc = tt_scenario_load_file(tu_src_path(path, sizeof path, rel),
	                                   &r->s, &r->d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r->d, buf, sizeof buf));
	tt_recorder rec = ru_recorder(r);
	rc = tt_sim_run(&r->s, &rec, &r->sum, &r->d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r->d, buf, sizeof buf));
}

/*
 * scenarios/ic-scale-to-zero.yaml: the 03:00 check (3 a minute for two
 * minutes) wakes the component (ALARM at 10920, serving at 11370) but
 * nobody comes back: no wait is measured, and target tracking takes it
 * back to zero at 12300 (15 zero minutes).  At 08:00 the morning's
 * requests fail until the copy serves 570 s later; the day ends at zero.
 */
START_TEST(shipped_doc_preset)
{
	ru_run r;
	run_file(&r, "scenarios/ic-scale-to-zero.yaml");
	const tt_event_row *ev = decision(&r, 0);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->time_us, 10920 * S);
	ck_assert_int_eq(ru_event(&r, TT_EVENT_COMPLETED, 0)->time_us,
	                 11370 * S);
	ev = decision(&r, 1);
	ck_assert(!ev->step);
	ck_assert_int_eq(ev->time_us, 12300 * S);
	ck_assert_int_eq(ev->to, 0);
	ev = decision(&r, 2);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->time_us, 28920 * S);
	ck_assert_int_eq(r.sum.wake_ups, 2);
	ck_assert_uint_eq(r.sum.cold_starts, 1);
	ck_assert_int_eq(r.sum.cold_start_p50_us, 570 * S);
	ck_assert_int_eq(r.sum.final_desired, 0);
	ck_assert(r.sum.no_capacity > 6);
	ru_release(&r);
}
END_TEST

/*
 * scenarios/ic-scale-to-zero-request.yaml: the notebook's alarm from its
 * own files; request by request the morning's first request waits a
 * little less than 570 s (it arrives after 08:00, the copy serves at
 * 29370), and every failure is a refused request.
 */
START_TEST(shipped_notebook_files_request)
{
	ru_run r;
	run_file(&r, "scenarios/ic-scale-to-zero-request.yaml");
	ck_assert_str_eq(r.s.alarms[0].def->name, "my-llm-no-capacity");
	const tt_event_row *ev = decision(&r, 0);
	ck_assert(ev->step);
	ck_assert_int_eq(ev->time_us, 10920 * S);
	ck_assert_uint_eq(r.sum.cold_starts, 1);
	ck_assert_int_gt(r.sum.cold_start_p50_us, 560 * S);
	ck_assert_int_lt(r.sum.cold_start_p50_us, 570 * S);
	ck_assert(r.sum.no_capacity == (double)r.sum.errors);
	ck_assert(figure(&r, "cold_start_wait_p99_s") ==
	          (double)r.sum.cold_start_p99_us / 1e6);
	ru_release(&r);
}
END_TEST

static Suite *ic_suite(void)
{
	Suite *s = suite_create("ic");
	const tu_case cases[] = {
	        {"z1_scale_in_to_zero", z1_scale_in_to_zero},
	        {"z2_missing_never_reaches_zero", z2_missing_never_reaches_zero},
	        {"z3_doc_wakes_on_five_failures", z3_doc_wakes_on_five_failures},
	        {"z4_one_failure_wakes_only_the_notebook",
	         z4_one_failure_wakes_only_the_notebook},
	        {"z5_wake_then_scale_out_again", z5_wake_then_scale_out_again},
	        {"fluid_cold_start", fluid_cold_start},
	        {"instances_bill", instances_bill},
	        {"shipped_doc_preset", shipped_doc_preset},
	        {"shipped_notebook_files_request",
	         shipped_notebook_files_request},
	};
	TU_ADD_CASES(s, cases);
	return s;
}

int main(void)
{
	return tu_run_suite(ic_suite());
}
