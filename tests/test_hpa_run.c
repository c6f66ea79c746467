/*
 * test_hpa_run.c - the HPA controller driving the engine (SPEC.md 15):
 * worked cases through tt_sim_run, with the HPA built in code over a
 * scenario loaded from YAML (its target-tracking policy set aside), so
 * the sync loop, the pods' readiness and the measured metrics are what
 * is tested.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "hpa.h"
#include "runutil.h"
#include "testutil.h"

#define S TT_US_PER_S

#define BASE                                                                   \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: 100000\n"                                          \
	"      PredefinedMetricSpecification:\n"                               \
	"        PredefinedMetricType: "                                       \
	"SageMakerVariantInvocationsPerInstance\n"

static tt_hpa_policy up_defaults[] = {{false, 4, 15 * S}, {true, 100, 15 * S}};
static tt_hpa_policy down_defaults[] = {{true, 100, 15 * S}};

typedef struct hpa_case {
	ru_run r;
	tt_hpa_config c;
	tt_hpa_metric m[2]; /* the second when c.n_metrics is 2 */
	tt_policy *policies; /* the loaded ones, set aside */
	size_t n_policies;
} hpa_case;

/* Load `yaml` and put an HPA with one metric in the controller's seat. */
static void hc_load(hpa_case *h, const char *yaml, tt_hpa_metric m,
                    bool behavior)
{
	char buf[1024];
	memset(h, 0, sizeof *h);
	tt_code rc = tt_scenario_load_text(yaml, strlen(yaml), "case.yaml",
	                                   NULL, &h->r.s, &h->r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&h->r.d, buf, sizeof buf));
	h->m[0] = m;
	h->c.name = "web";
	h->c.min_replicas = 1;
	h->c.max_replicas = 100;
	h->c.metrics = h->m;
	h->c.n_metrics = 1;
	h->c.has_behavior = behavior;
	h->c.up = (tt_hpa_rules){true, 0, TT_HPA_SELECT_MAX, up_defaults, 2,
	                         false, 0};
	h->c.down = (tt_hpa_rules){false, 0, TT_HPA_SELECT_MAX, down_defaults,
	                           1, false, 0};
	tt_scenario *s = &h->r.s;
	s->controller = TT_CONTROLLER_HPA;
	s->hpa = &h->c;
	s->hpa_knobs = (tt_hpa_knobs){.sync_period_us = 15 * S,
	                              .tolerance = 0.1,
	                              .configurable_tolerance = true,
	                              .downscale_stabilization_us = 300 * S,
	                              .cpu_initialization_period_us = 300 * S,
	                              .metric_window_us = 15 * S};
	s->min_capacity = 1;
	s->max_capacity = 100;
	h->policies = s->policies;
	h->n_policies = s->n_policies;
	s->policies = NULL;
	s->n_policies = 0;
}

static void hc_run(hpa_case *h)
{
	char buf[1024];
	tt_recorder rec = ru_recorder(&h->r);
	tt_code rc = tt_sim_run(&h->r.s, &rec, &h->r.sum, &h->r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&h->r.d, buf, sizeof buf));
}

static void hc_release(hpa_case *h)
{
	h->r.s.hpa = NULL; /* the case's */
	h->r.s.policies = h->policies;
	h->r.s.n_policies = h->n_policies;
	ru_release(&h->r);
}

/* The n-th decision: its time and counts. */
static void decision(const hpa_case *h, size_t n, long t_s, int from, int to)
{
	const tt_event_row *ev = ru_event(&h->r, TT_EVENT_DECISION, n);
	ck_assert_msg(ev != NULL, "no decision %zu", n);
	ck_assert_msg(ev->time_us == t_s * S && ev->from == from &&
	                      ev->to == to,
	              "decision %zu: %d -> %d at %lld us, want %d -> %d at "
	              "%ld s",
	              n, ev->from, ev->to, (long long)ev->time_us, from, to,
	              t_s);
}

/*
 * H4: 3 pods, max 100, an External requests_per_second AverageValue of 1
 * with 40 a second (ceil(40 / 1) = 40 at every sync, from time 0 in fluid
 * mode).  With behavior's defaults: 7, 14, 28, 40 at 0, 15, 30, 45 s;
 * legacy: 6, 12, 24, 40.
 */
START_TEST(h4_engine)
{
	const int want[2][5] = {{3, 7, 14, 28, 40}, {3, 6, 12, 24, 40}};
	for (int legacy = 0; legacy < 2; legacy++) {
		hpa_case h;
		hc_load(&h,
		        "capacity: {initial: 3, min: 1, max: 100}\n" BASE
		        "workload: {synthetic: {shape: constant, rate: 40/s}}\n"
		        "instance: {provisioning: 30s}\n"
		        "simulation: {duration: 2m}\n",
		        (tt_hpa_metric){TT_HPA_EXTERNAL, "requests_per_second",
		                        TT_HPA_AVERAGE_VALUE, 1, {0}},
		        !legacy);
		hc_run(&h);
		for (int i = 0; i < 4; i++)
			decision(&h, (size_t)i, 15 * i, want[legacy][i],
			         want[legacy][i + 1]);
		ck_assert_uint_eq(
		        ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE), 4);
		ck_assert_int_eq(h.r.sum.final_desired, 40);
		hc_release(&h);
	}
}
END_TEST

/*
 * H7: 2 ready pods at 100 % CPU (2 requests a second of 1 s on one slot
 * each), target 50 %: 4 at time 0.  At 15 s the 2 new pods are Pending:
 * counted at 0 in a scale-up, r' = 1.0, it stays 4.  When they are Ready
 * (60 s) and past their first window the load spreads: 50 %, still 4.
 */
START_TEST(h7_engine)
{
	hpa_case h;
	hc_load(&h,
	        "capacity: {initial: 2, min: 1, max: 100}\n" BASE
	        "workload: {synthetic: {shape: constant, rate: 2/s}}\n"
	        "instance: {provisioning: 60s, service_time: 1s}\n"
	        "simulation: {duration: 5m}\n",
	        (tt_hpa_metric){TT_HPA_RESOURCE, "cpu", TT_HPA_UTILIZATION, 50,
	                        {0}},
	        true);
	hc_run(&h);
	decision(&h, 0, 0, 2, 4);
	ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	ck_assert_int_eq(ru_event(&h.r, TT_EVENT_COMPLETED, 0)->time_us,
	                 60 * S);
	ck_assert_int_eq(h.r.sum.final_desired, 4);
	/* over target: the syncs at 0 to 45 s saw 100 % against 50 % */
	ck_assert_int_eq(h.r.sum.over_target_us, 60 * S);
	/* pods are instances in the timeline: the row ending at 60 s shows
	 * the two that came up then */
	ck_assert_int_eq(ru_row_at(&h.r, 0)->row.in_service, 4);
	ck_assert_int_eq(ru_row_at(&h.r, 0)->row.desired, 4);
	hc_release(&h);
}
END_TEST

/*
 * Scale-down through the engine: 10 pods, 20 % CPU against 50 %.  The
 * first sync remembers 10, so behavior's default 300 s window holds the
 * count until 300 s; then Percent 100 / 15 s lets it drop to the
 * proposal, ceil(0.4 x 10) = 4, at once.  Pods go newest first.
 */
START_TEST(scale_down_after_the_window)
{
	hpa_case h;
	hc_load(&h,
	        "capacity: {initial: 10, min: 1, max: 100}\n" BASE
	        "workload: {synthetic: {shape: constant, rate: 2/s}}\n"
	        "instance: {provisioning: 60s, service_time: 1s}\n"
	        "simulation: {duration: 10m}\n",
	        (tt_hpa_metric){TT_HPA_RESOURCE, "cpu", TT_HPA_UTILIZATION, 50,
	                        {0}},
	        true);
	hc_run(&h);
	decision(&h, 0, 300, 10, 4);
	ck_assert_int_eq(h.r.sum.final_desired, 4);
	hc_release(&h);
}
END_TEST

/* H1: 50 ready pods at 90 % CPU (45 requests a second of 1 s on one slot
 * each) against 75 %: r 1.2, 60 at the first sync. */
START_TEST(h1_engine)
{
	hpa_case h;
	hc_load(&h,
	        "capacity: {initial: 50, min: 1, max: 100}\n" BASE
	        "workload: {synthetic: {shape: constant, rate: 45/s}}\n"
	        "instance: {provisioning: 60s, service_time: 1s}\n"
	        "simulation: {duration: 2m}\n",
	        (tt_hpa_metric){TT_HPA_RESOURCE, "cpu", TT_HPA_UTILIZATION, 75,
	                        {0}},
	        false);
	hc_run(&h);
	decision(&h, 0, 0, 50, 60);
	ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	hc_release(&h);
}
END_TEST

/* H2: 10 pods at 81 % against 75 %: r 1.08, within the tolerance: no
 * decision at all. */
START_TEST(h2_engine)
{
	hpa_case h;
	hc_load(&h,
	        "capacity: {initial: 10, min: 1, max: 100}\n" BASE
	        "workload: {synthetic: {shape: constant, rate: 8.1/s}}\n"
	        "instance: {provisioning: 60s, service_time: 1s}\n"
	        "simulation: {duration: 10m}\n",
	        (tt_hpa_metric){TT_HPA_RESOURCE, "cpu", TT_HPA_UTILIZATION, 75,
	                        {0}},
	        false);
	hc_run(&h);
	ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  0);
	hc_release(&h);
}
END_TEST

/*
 * H3 through the engine (legacy): an External requests_per_second of 1 a
 * pod over 15 s periods.  2 a second until 300 s (the first sync's 10
 * holds the count), then 7, 9, 6 and 5 in turn: 10 -> 7 at 315 (7 the
 * largest of the last 300 s), 7 -> 9 at 330, then 6 and 5 stay at 9, the
 * largest recommendation of the window.
 */
START_TEST(h3_engine)
{
	hpa_case h;
	hc_load(&h,
	        "capacity: {initial: 10, min: 1, max: 100}\n" BASE
	        "workload: {synthetic: {shape: step, rate: 2/s, steps: ["
	        "{at: 300s, rate: 7/s}, {at: 315s, rate: 9/s}, "
	        "{at: 330s, rate: 6/s}, {at: 345s, rate: 5/s}]}}\n"
	        "instance: {provisioning: 1s}\n"
	        "simulation: {duration: 6m, period: 15s}\n",
	        (tt_hpa_metric){TT_HPA_EXTERNAL, "requests_per_second",
	                        TT_HPA_AVERAGE_VALUE, 1, {0}},
	        false);
	hc_run(&h);
	decision(&h, 0, 315, 10, 7);
	decision(&h, 1, 330, 7, 9);
	ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  2);
	ck_assert_int_eq(h.r.sum.final_desired, 9);
	hc_release(&h);
}
END_TEST

/* ---- KEDA (SPEC.md 15.3) ---- */

/*
 * An HPA case turned into KEDA's: a ScaledObject with one trigger on
 * requests_per_second (AverageValue `threshold`, `activation`), KEDA's
 * HPA at max(minReplicaCount, 1) pods at least.
 */
static void keda_setup(hpa_case *h, tt_keda_config *k, tt_keda_trigger *tr,
                       int min, double threshold, double activation)
{
	*tr = (tt_keda_trigger){"prometheus", activation, {0}};
	*k = (tt_keda_config){"web-so", min, 100, 30 * S, 300 * S, tr, 1, {0}};
	h->m[0].target = threshold;
	h->c.min_replicas = min > 1 ? min : 1;
	h->r.s.controller = TT_CONTROLLER_KEDA;
	h->r.s.keda = k;
	h->r.s.min_capacity = min;
}

static const tt_hpa_metric rps_metric = {
        TT_HPA_EXTERNAL, "requests_per_second", TT_HPA_AVERAGE_VALUE, 10, {0}};

/*
 * K1: minReplicaCount 0, threshold 10, activation 0; one request a second
 * from 5 s.  The poll at 0 sees nothing; the poll at 30 s sees 1 > 0:
 * active, 0 -> 1 (KEDA's row); the HPA's sync right after wants
 * ceil(1 / 10) = 1: nothing more.
 */
START_TEST(k1)
{
	hpa_case h;
	tt_keda_config k;
	tt_keda_trigger tr;
	hc_load(&h,
	        "capacity: {initial: 0, min: 0, max: 100}\n" BASE
	        "workload: {synthetic: {shape: step, rate: 0, steps: "
	        "[{at: 5s, rate: 1/s}]}}\n"
	        "instance: {provisioning: 10s}\n"
	        "simulation: {duration: 2m, period: 5s}\n",
	        rps_metric, false);
	keda_setup(&h, &k, &tr, 0, 10, 0);
	hc_run(&h);
	decision(&h, 0, 30, 0, 1);
	ck_assert_int_eq(ru_event(&h.r, TT_EVENT_DECISION, 0)->policy,
	                 TT_EVENT_KEDA);
	ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	h.r.s.keda = NULL;
	hc_release(&h);
}
END_TEST

/* K2: threshold 10, activation 50, 40 a second, 0 replicas: stays 0,
 * though the HPA would want 4 (at 0 it does nothing). */
START_TEST(k2)
{
	hpa_case h;
	tt_keda_config k;
	tt_keda_trigger tr;
	hc_load(&h,
	        "capacity: {initial: 0, min: 0, max: 100}\n" BASE
	        "workload: {synthetic: {shape: constant, rate: 40/s}}\n"
	        "instance: {provisioning: 10s}\n"
	        "simulation: {duration: 10m}\n",
	        rps_metric, false);
	keda_setup(&h, &k, &tr, 0, 10, 50);
	hc_run(&h);
	ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  0);
	ck_assert_int_eq(h.r.sum.final_desired, 0);
	h.r.s.keda = NULL;
	hc_release(&h);
}
END_TEST

/*
 * K3: active until the poll at 600 s (the load stops then), cooldownPeriod
 * 300 s: 900 is not strictly after 600 + 300, so 0 replicas at the poll
 * at 930 s.  The HPA keeps its minimum of 1 until then.
 */
START_TEST(k3)
{
	hpa_case h;
	tt_keda_config k;
	tt_keda_trigger tr;
	hc_load(&h,
	        "capacity: {initial: 1, min: 0, max: 100}\n" BASE
	        "workload: {synthetic: {shape: step, rate: 5/s, steps: "
	        "[{at: 600s, rate: 0}]}}\n"
	        "instance: {provisioning: 10s}\n"
	        "simulation: {duration: 20m, period: 15s}\n",
	        rps_metric, false);
	keda_setup(&h, &k, &tr, 0, 10, 0);
	hc_run(&h);
	decision(&h, 0, 930, 1, 0);
	ck_assert_int_eq(ru_event(&h.r, TT_EVENT_DECISION, 0)->policy,
	                 TT_EVENT_KEDA);
	ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION, TT_DIR_NONE),
	                  1);
	h.r.s.keda = NULL;
	hc_release(&h);
}
END_TEST

/*
 * H5 through the engine, where a metric fails in a cluster: a KEDA
 * worker scaled on requests_per_second (A: AverageValue 1 a pod) and on
 * cpu (B: 50 %), waking from 0 with 12 a second, 4 a second from 45 s;
 * pods start in 60 s; behavior's defaults but a 0 s scale-down window,
 * so nothing but a failed metric holds the count.  The poll at 0 wakes
 * one pod; each sync until 45 s has no Ready pod, B fails and the
 * scale-up A asks for proceeds, at behavior's pace: 1 -> 5 -> 10 -> 12.
 * At 60 s A proposes 4, but B fails (the one pod Ready since 60 s is in
 * its CPU initialization, its window begun before it was Ready;
 * Kubernetes: "did not receive metrics for targeted pods"): skipped, 12.
 * At 75 s that pod reads 8 % (B: 1), the largest is A's 4: 12 -> 4.
 * Without B the scale-down comes at 60 s.
 */
START_TEST(h5_engine)
{
	static const long times[] = {0, 0, 15, 30, 75};
	static const int counts[] = {0, 1, 5, 10, 12, 4};
	for (int with_b = 1; with_b >= 0; with_b--) {
		hpa_case h;
		tt_keda_config k;
		tt_keda_trigger tr[2];
		hc_load(&h,
		        "capacity: {initial: 0, min: 0, max: 100}\n" BASE
		        "workload: {synthetic: {shape: step, rate: 12/s, "
		        "steps: [{at: 45s, rate: 4/s}]}}\n"
		        "instance: {provisioning: 60s, service_time: 100ms}\n"
		        "simulation: {duration: 2m, period: 15s}\n",
		        (tt_hpa_metric){TT_HPA_EXTERNAL, "requests_per_second",
		                        TT_HPA_AVERAGE_VALUE, 1, {0}},
		        true);
		keda_setup(&h, &k, tr, 0, 1, 0);
		h.c.down.has_window = true;
		h.c.down.window_us = 0;
		if (with_b) {
			h.m[1] = (tt_hpa_metric){TT_HPA_RESOURCE, "cpu",
			                         TT_HPA_UTILIZATION, 50, {0}};
			h.c.n_metrics = 2;
			tr[1] = (tt_keda_trigger){"cpu", 0, {0}};
			k.n_triggers = 2;
		}
		hc_run(&h);
		for (size_t i = 0; i < 5; i++)
			decision(&h, i, i == 4 && !with_b ? 60 : times[i],
			         counts[i], counts[i + 1]);
		ck_assert_uint_eq(ru_count_events(&h.r, TT_EVENT_DECISION,
		                                  TT_DIR_NONE),
		                  5);
		h.r.s.keda = NULL;
		hc_release(&h);
	}
}
END_TEST

/*
 * K1 request by request, with keda.at_zero: queue: the trace's one
 * request (at its start, time 0) waits for a pod; the poll at 0 comes
 * before it, the poll at 30 s sees queue_length 1 > 0 and wakes the
 * target, the pod is Ready at 40 s and serves it then: one request, no
 * failure, 40 s waited plus its 1 s of service.
 */
START_TEST(k1_request_queue_at_zero)
{
	hpa_case h;
	tt_keda_config k;
	tt_keda_trigger tr;
	char path[1024], yaml[2048];
	snprintf(yaml, sizeof yaml,
	         "capacity: {initial: 0, min: 0, max: 100}\n" BASE
	         "workload: {trace: {file: %s, format: requests}}\n"
	         "instance: {provisioning: 10s, service_time: 1s}\n"
	         "simulation: {duration: 2m, mode: request}\n",
	         tu_src_path(path, sizeof path, "tests/data/ic/one-at-five.csv"));
	hc_load(&h, yaml,
	        (tt_hpa_metric){TT_HPA_EXTERNAL, "queue_length",
	                        TT_HPA_AVERAGE_VALUE, 10, {0}},
	        false);
	keda_setup(&h, &k, &tr, 0, 10, 0);
	h.r.s.keda_queue_at_zero = true;
	hc_run(&h);
	decision(&h, 0, 30, 0, 1);
	ck_assert_uint_eq(h.r.sum.completed, 1);
	ck_assert_uint_eq(h.r.sum.errors, 0);
	/* the mean is exact (the histogram's percentiles are binned) */
	ck_assert_msg(h.r.sum.latency_mean_ms == 41000, "latency %g ms",
	              h.r.sum.latency_mean_ms);
	h.r.s.keda = NULL;
	hc_release(&h);
}
END_TEST

/*
 * scenarios/keda-worker.yaml as shipped: KEDA wakes the worker at the
 * poll at 630 s and at 4230 s (each burst's first job at 600 s past the
 * hour arrives just after a poll), and takes it back to zero 5 quiet
 * minutes after each queue empties; no job fails at zero.
 */
START_TEST(keda_worker_shipped)
{
	ru_run r;
	char path[1024], buf[1024];
	memset(&r, 0, sizeof r);
	tt_code rc = tt_scenario_load_file(
	        tu_src_path(path, sizeof path, "scenarios/keda-worker.yaml"),
	        &r.s, &r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r.d, buf, sizeof buf));
	ck_assert_int_eq(r.s.controller, TT_CONTROLLER_KEDA);
	tt_recorder rec = ru_recorder(&r);
	rc = tt_sim_run(&r.s, &rec, &r.sum, &r.d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r.d, buf, sizeof buf));
	const long wake[] = {630, 1770, 4230, 5400};
	size_t seen = 0;
	for (size_t i = 0; i < r.n_events; i++) {
		const tt_event_row *ev = &r.events[i];
		if (ev->kind != TT_EVENT_DECISION || ev->policy != TT_EVENT_KEDA)
			continue;
		ck_assert_uint_lt(seen, 4);
		ck_assert_int_eq(ev->time_us, wake[seen] * S);
		ck_assert_int_eq(ev->to, seen % 2 == 0 ? 1 : 0);
		seen++;
	}
	ck_assert_uint_eq(seen, 4);
	ck_assert_uint_eq(r.sum.errors, 0);
	ck_assert_int_eq(r.sum.final_desired, 0);
	ru_release(&r);
}
END_TEST

static Suite *hpa_run_suite(void)
{
	Suite *s = suite_create("hpa_run");
	const tu_case cases[] = {
	        {"h1_engine", h1_engine},
	        {"h2_engine", h2_engine},
	        {"h3_engine", h3_engine},
	        {"h4_engine", h4_engine},
	        {"h7_engine", h7_engine},
	        {"scale_down_after_the_window", scale_down_after_the_window},
	        {"h5_engine", h5_engine},
	        {"k1", k1},
	        {"k2", k2},
	        {"k3", k3},
	        {"k1_request_queue_at_zero", k1_request_queue_at_zero},
	        {"keda_worker_shipped", keda_worker_shipped},
	};
	TU_ADD_CASES(s, cases);
	return s;
}

int main(void)
{
	return tu_run_suite(hpa_run_suite());
}
