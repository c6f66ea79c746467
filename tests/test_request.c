/*
 * test_request.c - request mode against queueing theory and against the
 * fluid engine.
 *
 * - M/M/c: Poisson arrivals, exponential service, one instance with c
 *   slots and room to queue: the mean wait and the utilisation must match
 *   Erlang C within a few percent over a long run.
 * - Little's law on the slots: busy slots on average = arrival rate x mean
 *   service time.
 * - With a constant fleet, fluid and request modes give the same
 *   InvocationsPerInstance, exactly.
 * - Refusals: a full queue and no capacity at all are errors; a draining
 *   instance finishes what it holds.
 * - Limits: a completion past the last time a time holds never comes (no
 *   overflow); the server refuses a concurrency or queue out of range; a
 *   linear service time at its limits runs.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runutil.h"
#include "testutil.h"
#include "server.h"
#include "ttsim/drawn_duration.h"

/* Erlang C: the probability an arrival waits, c servers, load a = l/mu. */
static double erlang_c(int c, double a)
{
	double term = 1, sum = 1; /* k = 0 */
	for (int k = 1; k < c; k++) {
		term *= a / k;
		sum += term;
	}
	double last = term * a / c / (1 - a / c); /* a^c / c! / (1 - rho) */
	return last / (sum + last);
}

/* A fleet that never changes: min = max, no scale-in either way. */
#define FIXED(n)                                                               \
	"capacity: {initial: " #n ", min: " #n ", max: " #n "}\n"              \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: 1000000\n"                                         \
	"      PredefinedMetricSpecification:\n"                               \
	"        PredefinedMetricType: "                                       \
	"SageMakerVariantInvocationsPerInstance\n"

START_TEST(mmc_matches_erlang_c)
{
	/* c = 4, mean service 200 ms (mu = 5/s), lambda = 16/s: rho 0.8 */
	ru_run r;
	ru_run_yaml(
	        &r,
	        FIXED(1) "  - name: cpu\n"
	                 "    TargetTrackingScalingPolicyConfiguration:\n"
	                 "      TargetValue: 1000\n"
	                 "      CustomizedMetricSpecification: {MetricName: "
	                 "CPUUtilization, Namespace: /aws/sagemaker/Endpoints, "
	                 "Dimensions: [{Name: EndpointName, Value: "
	                 "my-endpoint}, "
	                 "{Name: VariantName, Value: my-variant}], "
	                 "Statistic: Average}\n"
	                 "instance: {service_time: {dist: exponential, mean: "
	                 "200ms}, concurrency: 4, max_queue: 100000}\n"
	                 "workload: {synthetic: {shape: constant, rate: 16/s}, "
	                 "noise: poisson}\n"
	                 "simulation: {duration: 20h, mode: request, seed: "
	                 "7}\n");
	const int c = 4;
	const double lambda = 16, mu = 5;
	double wq = erlang_c(c, lambda / mu) / (c * mu - lambda); /* s */
	double mean_s = r.sum.latency_mean_ms / 1e3;
	double wait_s = mean_s - 1 / mu;
	ck_assert_msg(fabs(wait_s - wq) / wq < 0.05,
	              "mean wait %.4f s, Erlang C %.4f s", wait_s, wq);
	/* utilisation: the CPU metric, 100 % x busy share of the slots */
	double cpu = 0;
	size_t n = 0;
	for (size_t i = 0; i < r.n_rows; i++) {
		if (r.rows[i].pol[1].has_metric) {
			cpu += r.rows[i].pol[1].metric;
			n++;
		}
	}
	cpu /= (double)n;
	ck_assert_msg(fabs(cpu - 80) < 1.5, "utilisation %.2f %%", cpu);
	ck_assert_uint_eq(r.sum.errors, 0);
	ru_release(&r);
}
END_TEST

START_TEST(littles_law_on_the_slots)
{
	/* lognormal service, 3 instances of 2 slots, random routing */
	ru_run r;
	ru_run_yaml(
	        &r,
	        FIXED(3) "  - name: cpu\n"
	                 "    TargetTrackingScalingPolicyConfiguration:\n"
	                 "      TargetValue: 1000\n"
	                 "      CustomizedMetricSpecification: {MetricName: "
	                 "CPUUtilization, Namespace: /aws/sagemaker/Endpoints, "
	                 "Dimensions: [{Name: EndpointName, Value: "
	                 "my-endpoint}, "
	                 "{Name: VariantName, Value: my-variant}], "
	                 "Statistic: Average}\n"
	                 "instance: {service_time: {dist: lognormal, median: "
	                 "100ms, p99: 400ms}, concurrency: 2, max_queue: "
	                 "1000}\n"
	                 "workload: {synthetic: {shape: constant, rate: "
	                 "20/s}}\n"
	                 "simulation: {duration: 6h, mode: request, seed: "
	                 "3}\n");
	/* E[S] of the lognormal: exp(mu + sigma^2 / 2) */
	double mu = log(0.1), sigma = (log(0.4) - mu) / 2.3263478740408408;
	double es = exp(mu + sigma * sigma / 2);
	double busy_expected = 20 * es; /* L = lambda W on the slots */
	double cpu = 0;
	size_t n = 0;
	for (size_t i = 0; i < r.n_rows; i++) {
		if (r.rows[i].pol[1].has_metric) {
			cpu += r.rows[i].pol[1].metric;
			n++;
		}
	}
	double busy = cpu / (double)n / 100 * 3 * 2; /* slots in all */
	ck_assert_msg(fabs(busy - busy_expected) / busy_expected < 0.02,
	              "busy slots %.4f, lambda E[S] %.4f", busy, busy_expected);
	ru_release(&r);
}
END_TEST

/* Little's law for the whole fleet, queues included: the time-average
 * number of requests in the system equals the throughput times the mean
 * time in the system, measured on the run itself. */
START_TEST(littles_law_on_the_fleet)
{
	ru_run r;
	ru_run_yaml(&r, FIXED(2) "instance: {service_time: {dist: exponential, "
	                         "mean: 150ms}, concurrency: 2, max_queue: "
	                         "1000}\n"
	                         "workload: {synthetic: {shape: constant, "
	                         "rate: 24/s}, noise: poisson}\n"
	                         "simulation: {duration: 10h, mode: request, "
	                         "seed: 11}\n");
	double T = (double)r.sum.simulated_us / 1e6;
	double L = r.sum.in_system_mean;
	double lambda = (double)r.sum.completed / T;
	double W = r.sum.latency_mean_ms / 1e3;
	ck_assert_msg(fabs(L - lambda * W) / L < 0.01, "L %.4f, lambda W %.4f",
	              L, lambda * W);
	ru_release(&r);
}
END_TEST

START_TEST(fluid_and_request_agree_on_invocations_per_instance)
{
	static const char *yaml =
	        FIXED(3) "instance: {service_time: 50ms, concurrency: 8}\n"
	                 "workload: {synthetic: {shape: diurnal, base: 100, "
	                 "peak: 2000, period: 2h}, noise: poisson}\n"
	                 "simulation: {duration: 4h, mode: %s}\n";
	char buf[2048];
	ru_run fluid, request;
	snprintf(buf, sizeof buf, yaml, "fluid");
	ru_run_yaml(&fluid, buf);
	snprintf(buf, sizeof buf, yaml, "request");
	ru_run_yaml(&request, buf);
	ck_assert_uint_eq(fluid.n_rows, request.n_rows);
	for (size_t i = 0; i < fluid.n_rows; i++) {
		ck_assert_uint_eq(fluid.rows[i].row.invocations,
		                  request.rows[i].row.invocations);
		ck_assert(fluid.rows[i].pol[0].metric ==
		          request.rows[i].pol[0].metric);
	}
	ru_release(&fluid);
	ru_release(&request);
}
END_TEST

START_TEST(full_queues_and_no_capacity_refuse_requests)
{
	/* one slot, no queue, 1 s each, 2 per second: about half refused */
	ru_run r;
	ru_run_yaml(&r, FIXED(1) "instance: {service_time: 1s, concurrency: 1, "
	                         "max_queue: 0}\n"
	                         "workload: {synthetic: {shape: constant, "
	                         "rate: 2/s}, arrivals: uniform}\n"
	                         "simulation: {duration: 10m, mode: "
	                         "request}\n");
	/* uniform arrivals every 0.5 s: every other one finds the slot busy */
	ck_assert_uint_eq(r.sum.invocations, 1200);
	ck_assert_uint_eq(r.sum.errors, 600);
	ck_assert_uint_eq(r.rows[0].row.errors, 60);
	ck_assert_double_eq_tol(r.sum.latency_p50_ms, 1000, 1000 / 128.0);
	ru_release(&r);
}
END_TEST

START_TEST(a_draining_instance_finishes_what_it_holds)
{
	/* 4 instances at 2 requests a minute each: AlarmLow, scale in to
	 * 1; requests take 90 s, longer than the 60 s deprovisioning */
	ru_run r;
	ru_run_yaml(&r, "capacity: {initial: 4, min: 1, max: 4}\n"
	                "policies:\n"
	                "  - TargetTrackingScalingPolicyConfiguration:\n"
	                "      TargetValue: 100\n"
	                "      PredefinedMetricSpecification:\n"
	                "        PredefinedMetricType: "
	                "SageMakerVariantInvocationsPerInstance\n"
	                "instance: {service_time: 90s, concurrency: 10, "
	                "deprovisioning: 60s}\n"
	                "workload: {synthetic: {shape: constant, rate: 8}, "
	                "arrivals: uniform}\n"
	                "simulation: {duration: 40m, mode: request}\n");
	const tt_event_row *in = ru_event(&r, TT_EVENT_DECISION, 0);
	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(in->direction, TT_DIR_IN);
	const tt_event_row *done = ru_event(&r, TT_EVENT_COMPLETED, 0);
	ck_assert_ptr_nonnull(done);
	/* not gone after 60 s: the last request routed to it takes 90 s */
	ck_assert_int_gt(done->time_us - in->time_us, 60 * TT_US_PER_S);
	ck_assert_int_le(done->time_us - in->time_us, 90 * TT_US_PER_S);
	ck_assert_uint_eq(r.sum.errors, 0);
	ru_release(&r);
}
END_TEST

START_TEST(request_runs_are_deterministic)
{
	static const char *yaml =
	        FIXED(2) "instance: {service_time: {dist: exponential, mean: "
	                 "80ms}, concurrency: 2, routing: "
	                 "least_outstanding_requests}\n"
	                 "workload: {synthetic: {shape: constant, rate: "
	                 "30/s}, noise: poisson}\n"
	                 "simulation: {duration: 30m, mode: request}\n";
	ru_run a, b;
	ru_run_yaml(&a, yaml);
	ru_run_yaml(&b, yaml);
	ck_assert_uint_eq(a.n_rows, b.n_rows);
	for (size_t i = 0; i < a.n_rows; i++) {
		ck_assert(a.rows[i].row.p50_ms == b.rows[i].row.p50_ms);
		ck_assert(a.rows[i].row.p99_ms == b.rows[i].row.p99_ms);
	}
	ck_assert(a.sum.latency_mean_ms == b.sum.latency_mean_ms);
	ru_release(&a);
	ru_release(&b);
}
END_TEST

/* ---- service times at their limits ---- */

typedef struct late_request {
	tt_server *sv;
	tt_time_us service_us;
} late_request;

static tt_code arrive(tt_engine *e, void *ctx, uint64_t arg)
{
	(void)e;
	(void)arg;
	late_request *l = ctx;
	return tt_server_arrive(l->sv, l->service_us);
}

static tt_code never_idle(void *ctx, uint32_t instance)
{
	(void)ctx;
	(void)instance;
	ck_abort_msg("no instance drains here");
	return TT_EINTERNAL;
}

/*
 * A trace's times reach the end of what a time holds.  A request that
 * starts there with the longest service time completes "never" (at
 * TT_TIME_MAX, which the engine does not run) instead of at a start +
 * service that overflows; one that fits completes on time.
 */
START_TEST(a_completion_past_the_end_of_time_never_comes)
{
	const tt_time_us cut = TT_DRAWN_MAX_US;
	tt_engine e;
	tt_server sv;
	tt_diag d;
	tt_engine_init(&e);
	tt_server_config cfg = {.concurrency = 2, .max_queue = 0};
	ck_assert_int_eq(tt_server_init(&sv, &e, &cfg, 1, never_idle, NULL, &d),
	                 TT_OK);
	ck_assert_int_eq(tt_server_up(&sv, 0), TT_OK);
	late_request fits = {&sv, cut}, too_late = {&sv, cut};
	ck_assert_int_eq(
	        tt_engine_at(&e, TT_TIME_MAX - 2 * cut, arrive, &fits, 0),
	        TT_OK);
	ck_assert_int_eq(
	        tt_engine_at(&e, TT_TIME_MAX - 10, arrive, &too_late, 0),
	        TT_OK);
	ck_assert_int_eq(tt_engine_run(&e, TT_TIME_MAX), TT_OK);
	tt_server_period p;
	tt_server_take_period(&sv, &p);
	ck_assert_uint_eq(p.completed, 1);
	ck_assert_uint_eq(p.errors, 0);
	ck_assert_int_eq(sv.in_system, 1); /* still in its slot */
	ck_assert_int_eq(sv.busy_total, 1);
	tt_server_release(&sv);
	tt_engine_release(&e);
}
END_TEST

/* The server checks its own limits, for callers other than a scenario. */
START_TEST(server_limits)
{
	static const tt_server_config bad[] = {
	        {.concurrency = 0, .max_queue = 0},
	        {.concurrency = 1 << 20, .max_queue = 0},
	        {.concurrency = 1, .max_queue = -1},
	        {.concurrency = 1, .max_queue = TT_SERVER_QUEUE_MAX + 1},
	};
	tt_engine e;
	tt_engine_init(&e);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tt_server sv;
		tt_diag d;
		tt_diag_clear(&d);
		ck_assert_int_eq(tt_server_init(&sv, &e, &bad[i], 1, never_idle,
		                                NULL, &d),
		                 TT_EINVAL);
		tt_server_release(&sv);
	}
	tt_server sv;
	tt_diag d;
	tt_server_config widest = {.concurrency = (1 << 20) - 1,
	                           .max_queue = TT_SERVER_QUEUE_MAX};
	ck_assert_int_eq(
	        tt_server_init(&sv, &e, &widest, 1, never_idle, NULL, &d),
	        TT_OK);
	tt_server_release(&sv);
	tt_engine_release(&e);
}
END_TEST

/*
 * base + per_unit x tokens at their limits (36525 days, 1e15 tokens):
 * the draw is cut at 36525 days, and a run with two such requests at
 * once (the second starting 1 s in) runs; it used to fail with "event
 * scheduled in the past" when start + service overflowed.
 */
START_TEST(a_linear_service_time_at_its_limits_runs)
{
	char dir[] = "/tmp/ttsim-linear-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char trace[256], yaml[2048];
	snprintf(trace, sizeof trace, "%s/tokens.csv", dir);
	FILE *f = fopen(trace, "w");
	ck_assert_ptr_nonnull(f);
	fputs("time,tokens\n0,1000000000000000\n1,1000000000000000\n", f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(yaml, sizeof yaml,
	         FIXED(1) "instance: {service_time: {dist: linear, attribute: "
	                  "tokens, base: 36525d, per_unit: 36525d}, "
	                  "concurrency: 2}\n"
	                  "workload: {trace: {file: %s, format: requests}}\n"
	                  "simulation: {period: 1s, mode: request}\n",
	         trace);
	ru_run r;
	ru_run_yaml(&r, yaml);
	ck_assert_uint_eq(r.sum.invocations, 2);
	ck_assert_uint_eq(r.sum.errors, 0);
	ck_assert_uint_eq(r.sum.completed, 0); /* both served for a century */
	ru_release(&r);
	ck_assert_int_eq(remove(trace), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("request");
	const tu_case cases[] = {
	        {"mmc", mmc_matches_erlang_c},
	        {"little", littles_law_on_the_slots},
	        {"little-fleet", littles_law_on_the_fleet},
	        {"fluid-agrees",
	         fluid_and_request_agree_on_invocations_per_instance},
	        {"refusals", full_queues_and_no_capacity_refuse_requests},
	        {"draining", a_draining_instance_finishes_what_it_holds},
	        {"deterministic", request_runs_are_deterministic},
	        {"end-of-time", a_completion_past_the_end_of_time_never_comes},
	        {"server-limits", server_limits},
	        {"linear-limits", a_linear_service_time_at_its_limits_runs},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
