/*
 * test_keda_config.c - a KEDA ScaledObject as ttsim reads it
 * (src/keda_config.c) and the scenario keys around it
 * (src/scenario_hpa.c): every field and its default, the HPA KEDA
 * creates, how each trigger type maps to what ttsim measures, picking
 * the ScaledObject out of a file of several documents, and the exact
 * message and place of each error, as the CLI prints them.
 *
 * Most manifests are inline text read under the name "so.yaml"; the
 * file and scenario cases read tests/data/keda/, where the manifests sit
 * beside the scenario that names one.
 */
#include "hpa_config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_hpa.h"
#include "testutil.h"
#include "ttsim/scenario.h"
#include "ttsim/validate.h"

#define S TT_US_PER_S
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Lines 1-5 of most manifests: the object up to its scale target. */
#define TOP                                                                    \
	"apiVersion: keda.sh/v1alpha1\n"                                       \
	"kind: ScaledObject\n"                                                 \
	"metadata: {name: web}\n"                                              \
	"spec:\n"                                                              \
	"  scaleTargetRef: {name: web}\n"

/* A prometheus trigger named for requests_per_second: 4 lines. */
#define PROM                                                                   \
	"  triggers:\n"                                                        \
	"    - type: prometheus\n"                                             \
	"      name: requests_per_second\n"                                    \
	"      metadata: {query: up, threshold: \"10\"}\n"

/* "  triggers:" and one trigger of `type` whose metadata is `meta`. */
#define ONE(type, extra, meta)                                                 \
	"  triggers:\n"                                                        \
	"    - type: " type "\n" extra "      metadata: " meta "\n"

static tt_code parse(const char *text, const char *pick, tt_diag_list *notes,
                     tt_keda_config *k, tt_hpa_config *h, tt_diag *d)
{
	tt_diag_clear(d);
	tt_k8s_which which = {pick, {0}, NULL, NULL};
	return tt_keda_config_parse(text, strlen(text), "so.yaml", &which,
	                            notes, k, h, d);
}

static void parse_ok(const char *text, const char *pick, tt_diag_list *notes,
                     tt_keda_config *k, tt_hpa_config *h)
{
	tt_diag d;
	char buf[1200];
	tt_code rc = parse(text, pick, notes, k, h, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

static void release(tt_keda_config *k, tt_hpa_config *h)
{
	tt_keda_config_release(k);
	tt_hpa_config_release(h);
}

/* The one error text must give, as the CLI prints it. */
static void parse_err(const char *text, const char *pick, const char *want)
{
	tt_keda_config k;
	tt_hpa_config h;
	tt_diag d;
	char buf[1200];
	tt_code rc = parse(text, pick, NULL, &k, &h, &d);
	ck_assert_msg(rc != TT_OK, "accepted, want: %s", want);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
	/* nothing is left owned on failure */
	ck_assert_ptr_null(k.name);
	ck_assert_ptr_null(k.triggers);
	ck_assert_ptr_null(h.name);
	ck_assert_ptr_null(h.metrics);
	ck_assert_ptr_null(h.up.policies);
}

static const char *note(const tt_diag_list *l, size_t n, char *buf, size_t size)
{
	ck_assert_msg(n < l->count, "only %zu notes", l->count);
	return tu_diag_str(&l->items[n], buf, size);
}

/* ---- fields and defaults ---- */

/* tests/data/keda/worker.yaml: a Deployment and its ScaledObject. */
START_TEST(reads_every_field)
{
	char path[1024], buf[1200];
	tt_keda_config k;
	tt_hpa_config h;
	tt_diag_list notes = {0};
	tt_diag d = {0};

	tu_src_path(path, sizeof path, "tests/data/keda/worker.yaml");
	tt_code rc = tt_keda_config_load(path, NULL, &notes, &k, &h, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_uint_eq(notes.count, 0);
	/* KEDA's part */
	ck_assert_str_eq(k.name, "orders-worker");
	ck_assert_int_eq(k.loc.line, 22); /* the second document */
	ck_assert_int_eq(k.min_replicas, 0);
	ck_assert_int_eq(k.max_replicas, 25);
	ck_assert_int_eq(k.polling_us, 15 * S);
	ck_assert_int_eq(k.cooldown_us, 120 * S);
	ck_assert_uint_eq(k.n_triggers, 1);
	ck_assert_str_eq(k.triggers[0].type, "aws-sqs-queue");
	ck_assert(k.triggers[0].activation == 2);
	ck_assert_int_eq(k.triggers[0].loc.line, 49);
	/* the HPA KEDA creates */
	ck_assert_str_eq(h.name, "orders-worker-hpa");
	ck_assert_int_eq(h.loc.line, 22);
	ck_assert_int_eq(h.min_replicas, 1); /* max(0, 1) */
	ck_assert_int_eq(h.max_replicas, 25);
	ck_assert_uint_eq(h.n_metrics, 1);
	ck_assert_int_eq(h.metrics[0].type, TT_HPA_EXTERNAL);
	ck_assert_str_eq(h.metrics[0].name, "queue_length");
	ck_assert_int_eq(h.metrics[0].target_type, TT_HPA_AVERAGE_VALUE);
	ck_assert(h.metrics[0].target == 8);
	ck_assert_int_eq(h.metrics[0].loc.line, 49);
	/* its behavior, read as an HPA's: scaleDown given, scaleUp default */
	ck_assert(h.has_behavior);
	ck_assert(h.down.has_window);
	ck_assert_int_eq(h.down.window_us, 60 * S);
	ck_assert_uint_eq(h.down.n_policies, 1);
	ck_assert(h.down.policies[0].percent);
	ck_assert_int_eq(h.down.policies[0].value, 50);
	ck_assert_int_eq(h.down.policies[0].period_us, 30 * S);
	ck_assert(h.up.has_window);
	ck_assert_int_eq(h.up.window_us, 0);
	ck_assert_uint_eq(h.up.n_policies, 2);
	ck_assert_int_eq(h.up.select, TT_HPA_SELECT_MAX);
	release(&k, &h);
	release(&k, &h); /* twice is harmless */
	tt_diag_list_release(&notes);
}
END_TEST

/* Every default: KEDA's documented ones, the HPA's name and bounds. */
START_TEST(defaults)
{
	tt_keda_config k;
	tt_hpa_config h;
	tt_diag_list notes = {0};
	parse_ok(TOP PROM, NULL, &notes, &k, &h);
	ck_assert_uint_eq(notes.count, 0);
	ck_assert_str_eq(k.name, "web");
	ck_assert_int_eq(k.min_replicas, 0);
	ck_assert_int_eq(k.max_replicas, 100);
	ck_assert_int_eq(k.polling_us, 30 * S);
	ck_assert_int_eq(k.cooldown_us, 300 * S);
	ck_assert_uint_eq(k.n_triggers, 1);
	ck_assert_str_eq(k.triggers[0].type, "prometheus");
	ck_assert(k.triggers[0].activation == 0);
	ck_assert_str_eq(h.name, "keda-hpa-web");
	ck_assert_int_eq(h.min_replicas, 1);
	ck_assert_int_eq(h.max_replicas, 100);
	ck_assert(!h.has_behavior);
	ck_assert_ptr_null(h.up.policies);
	ck_assert_int_eq(h.metrics[0].type, TT_HPA_EXTERNAL);
	ck_assert_str_eq(h.metrics[0].name, "requests_per_second");
	ck_assert_int_eq(h.metrics[0].target_type, TT_HPA_AVERAGE_VALUE);
	ck_assert(h.metrics[0].target == 10);
	release(&k, &h);

	/* nulls are absent, an empty HPA name is the default one */
	parse_ok(TOP "  pollingInterval: null\n  minReplicaCount:\n"
	             "  advanced: {horizontalPodAutoscalerConfig: {name: \"\", "
	             "behavior: null}}\n" PROM,
	         NULL, NULL, &k, &h);
	ck_assert_int_eq(k.polling_us, 30 * S);
	ck_assert_int_eq(k.min_replicas, 0);
	ck_assert_str_eq(h.name, "keda-hpa-web");
	ck_assert(!h.has_behavior);
	release(&k, &h);
}
END_TEST

/* The HPA's minReplicas is max(minReplicaCount, 1); cooldown may be 0. */
START_TEST(hpa_bounds)
{
	static const struct {
		const char *counts;
		int keda_min, keda_max, hpa_min;
	} cases[] = {
	        {"", 0, 100, 1},
	        {"  minReplicaCount: 0\n", 0, 100, 1},
	        {"  minReplicaCount: 1\n  maxReplicaCount: 1\n", 1, 1, 1},
	        {"  minReplicaCount: 3\n  maxReplicaCount: 9\n", 3, 9, 3},
	        {"  maxReplicaCount: 100000\n", 0, 100000, 1},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char text[512];
		tt_keda_config k;
		tt_hpa_config h;
		snprintf(text, sizeof text, TOP "%s  cooldownPeriod: 0\n" PROM,
		         cases[i].counts);
		parse_ok(text, NULL, NULL, &k, &h);
		ck_assert_int_eq(k.min_replicas, cases[i].keda_min);
		ck_assert_int_eq(k.max_replicas, cases[i].keda_max);
		ck_assert_int_eq(h.min_replicas, cases[i].hpa_min);
		ck_assert_int_eq(h.max_replicas, cases[i].keda_max);
		ck_assert_int_eq(k.cooldown_us, 0);
		release(&k, &h);
	}
}
END_TEST

/* ---- triggers ---- */

/* One trigger of each kind: the metric it becomes and its thresholds. */
START_TEST(trigger_mapping)
{
	static const struct {
		const char *trigger; /* the lines after "  triggers:\n" */
		tt_hpa_metric_type type;
		const char *name;
		tt_hpa_target_type target_type;
		double target, activation;
	} cases[] = {
	        /* cpu and memory: Resource, by metricType */
	        {"    - type: cpu\n      metricType: Utilization\n"
	         "      metadata: {value: \"60\", activationValue: \"5\"}\n",
	         TT_HPA_RESOURCE, "cpu", TT_HPA_UTILIZATION, 60, 5},
	        {"    - type: cpu\n      metricType: AverageValue\n"
	         "      metadata: {value: \"500m\"}\n",
	         TT_HPA_RESOURCE, "cpu", TT_HPA_AVERAGE_VALUE, 0.5, 0},
	        {"    - type: memory\n      metricType: AverageValue\n"
	         "      metadata: {value: \"512Mi\", activationValue: "
	         "\"1Mi\"}\n",
	         TT_HPA_RESOURCE, "memory", TT_HPA_AVERAGE_VALUE,
	         512.0 * 1024 * 1024, 1024.0 * 1024},
	        /* aws-sqs-queue: queue_length, queueLength default 5 */
	        {"    - type: aws-sqs-queue\n      metadata: {queueURL: q}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_AVERAGE_VALUE, 5, 0},
	        {"    - type: aws-sqs-queue\n      metricType: Value\n"
	         "      name: whatever\n"
	         "      metadata: {queueLength: \"30\", "
	         "activationQueueLength: \"3\"}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_VALUE, 30, 3},
	        /* prometheus: named by `name` or metadata.metricName */
	        {"    - type: prometheus\n      metricType: AverageValue\n"
	         "      metadata: {metricName: concurrent_requests, "
	         "threshold: \"2.5\", activationThreshold: \"0.5\"}\n",
	         TT_HPA_EXTERNAL, "concurrent_requests", TT_HPA_AVERAGE_VALUE,
	         2.5, 0.5},
	        /* the types with keys of their own, and their defaults */
	        {"    - type: kafka\n      name: queue_length\n"
	         "      metadata: {topic: t}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_AVERAGE_VALUE, 10, 0},
	        {"    - type: kafka\n      name: queue_length\n"
	         "      metadata: {lagThreshold: \"100\", "
	         "activationLagThreshold: \"7\"}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_AVERAGE_VALUE, 100, 7},
	        {"    - type: redis\n      name: queue_length\n"
	         "      metadata: {listLength: \"12\", activationListLength: "
	         "\"1\"}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_AVERAGE_VALUE, 12, 1},
	        {"    - type: azure-queue\n      name: queue_length\n"
	         "      metadata: {queueName: q}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_AVERAGE_VALUE, 5, 0},
	        {"    - type: azure-servicebus\n      name: queue_length\n"
	         "      metadata: {messageCount: \"9\", "
	         "activationMessageCount: \"4\"}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_AVERAGE_VALUE, 9, 4},
	        /* aws-cloudwatch: its metricName is CloudWatch's, not ttsim's */
	        {"    - type: aws-cloudwatch\n      name: requests_per_second\n"
	         "      metadata: {metricName: RequestCount, "
	         "targetMetricValue: \"300\", activationTargetMetricValue: "
	         "\"1\"}\n",
	         TT_HPA_EXTERNAL, "requests_per_second", TT_HPA_AVERAGE_VALUE,
	         300, 1},
	        /* any other type: threshold, targetValue or value */
	        {"    - type: metrics-api\n      name: my_model\n"
	         "      metadata: {targetValue: \"8\", activationTargetValue: "
	         "\"2\"}\n",
	         TT_HPA_EXTERNAL, "my_model", TT_HPA_AVERAGE_VALUE, 8, 2},
	        {"    - type: rabbitmq\n      name: queue_length\n"
	         "      metricType: Value\n"
	         "      metadata: {mode: QueueLength, value: \"20\", "
	         "activationValue: \"1\"}\n",
	         TT_HPA_EXTERNAL, "queue_length", TT_HPA_VALUE, 20, 1},
	        {"    - type: new-relic\n"
	         "      metadata: {metricName: requests_per_second, threshold: "
	         "\"1e2\", activationThreshold: \"-1\"}\n",
	         TT_HPA_EXTERNAL, "requests_per_second", TT_HPA_AVERAGE_VALUE,
	         100, -1},
	        /* the first generic key given wins */
	        {"    - type: external\n      name: x\n"
	         "      metadata: {value: \"3\", threshold: \"4\"}\n",
	         TT_HPA_EXTERNAL, "x", TT_HPA_AVERAGE_VALUE, 4, 0},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char text[1024];
		tt_keda_config k;
		tt_hpa_config h;
		snprintf(text, sizeof text,
		         TOP "  minReplicaCount: 1\n  triggers:\n%s",
		         cases[i].trigger);
		parse_ok(text, NULL, NULL, &k, &h);
		ck_assert_uint_eq(h.n_metrics, 1);
		ck_assert_uint_eq(k.n_triggers, 1);
		const tt_hpa_metric *m = &h.metrics[0];
		ck_assert_msg(m->type == cases[i].type, "case %zu", i);
		ck_assert_str_eq(m->name, cases[i].name);
		ck_assert_msg(m->target_type == cases[i].target_type,
		              "case %zu", i);
		ck_assert_msg(m->target == cases[i].target, "case %zu: %g", i,
		              m->target);
		ck_assert_msg(k.triggers[0].activation == cases[i].activation,
		              "case %zu: %g", i, k.triggers[0].activation);
		ck_assert_int_eq(m->loc.line, 8);
		ck_assert_int_eq(k.triggers[0].loc.line, 8);
		release(&k, &h);
	}
}
END_TEST

/* Several triggers: one metric each, in order, trigger i is metric i. */
START_TEST(metrics_in_order)
{
	tt_keda_config k;
	tt_hpa_config h;
	parse_ok(TOP "  triggers:\n"
	             "    - type: cpu\n"
	             "      metricType: Utilization\n"
	             "      metadata: {value: \"70\"}\n"
	             "    - type: aws-sqs-queue\n"
	             "      metadata: {queueLength: \"4\"}\n"
	             "    - type: prometheus\n"
	             "      name: requests_per_second\n"
	             "      metadata: {threshold: \"25\"}\n",
	         NULL, NULL, &k, &h);
	static const char *const names[] = {"cpu", "queue_length",
	                                    "requests_per_second"};
	static const char *const types[] = {"cpu", "aws-sqs-queue",
	                                    "prometheus"};
	static const int lines[] = {7, 10, 12};
	ck_assert_uint_eq(h.n_metrics, 3);
	ck_assert_uint_eq(k.n_triggers, 3);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(h.metrics[i].name, names[i]);
		ck_assert_str_eq(k.triggers[i].type, types[i]);
		ck_assert_int_eq(h.metrics[i].loc.line, lines[i]);
		ck_assert_int_eq(k.triggers[i].loc.line, lines[i]);
	}
	ck_assert_int_eq(h.metrics[0].type, TT_HPA_RESOURCE);
	ck_assert_int_eq(h.metrics[1].type, TT_HPA_EXTERNAL);
	ck_assert(h.metrics[2].target == 25);
	release(&k, &h);
}
END_TEST

/* The HPA's behavior is read as an HPA manifest's: defaults per
 * direction, fields over them, `{}` meaning the defaults. */
START_TEST(behavior)
{
	tt_keda_config k;
	tt_hpa_config h;
	parse_ok(TOP "  advanced:\n"
	             "    horizontalPodAutoscalerConfig:\n"
	             "      behavior: {}\n" PROM,
	         NULL, NULL, &k, &h);
	ck_assert(h.has_behavior);
	ck_assert_uint_eq(h.up.n_policies, 2);
	ck_assert(!h.up.policies[0].percent);
	ck_assert_int_eq(h.up.policies[0].value, 4);
	ck_assert(h.up.policies[1].percent);
	ck_assert_int_eq(h.up.policies[1].value, 100);
	ck_assert(!h.down.has_window); /* hpa.downscale_stabilization */
	ck_assert_uint_eq(h.down.n_policies, 1);
	release(&k, &h);

	parse_ok(TOP "  advanced:\n"
	             "    horizontalPodAutoscalerConfig:\n"
	             "      behavior:\n"
	             "        scaleUp:\n"
	             "          stabilizationWindowSeconds: 30\n"
	             "          selectPolicy: Min\n"
	             "          tolerance: 50m\n"
	             "          policies: [{type: Pods, value: 2, "
	             "periodSeconds: 60}]\n"
	             "        scaleDown: {selectPolicy: Disabled}\n" PROM,
	         NULL, NULL, &k, &h);
	ck_assert(h.has_behavior);
	ck_assert_int_eq(h.up.window_us, 30 * S);
	ck_assert_int_eq(h.up.select, TT_HPA_SELECT_MIN);
	ck_assert(h.up.has_tolerance);
	ck_assert(h.up.tolerance == 0.05);
	ck_assert_uint_eq(h.up.n_policies, 1);
	ck_assert_int_eq(h.up.policies[0].period_us, 60 * S);
	ck_assert_int_eq(h.down.select, TT_HPA_SELECT_DISABLED);
	ck_assert(!h.down.has_tolerance);
	release(&k, &h);
}
END_TEST

/* What ttsim reads but does not simulate: warnings and notes, in order,
 * and the object is still read. */
START_TEST(warnings_and_notes)
{
	static const char text[] =
	        "apiVersion: keda.sh/v1alpha1\n"
	        "kind: ScaledObject\n"
	        "metadata:\n"
	        "  name: web\n"
	        "  annotations:\n"
	        "    autoscaling.keda.sh/paused: \"false\"\n"
	        "    autoscaling.keda.sh/paused-replicas: \"0\"\n"
	        "    autoscaling.keda.sh/paused-scale-down: \"yes\"\n"
	        "spec:\n"
	        "  scaleTargetRef: {name: web}\n"
	        "  initialCooldownPeriod: 60\n"
	        "  minReplicaCount: 2\n"
	        "  idleReplicaCount: 0\n"
	        "  fallback: {failureThreshold: 3, replicas: 6, behavior: "
	        "static}\n"
	        "  triggers:\n"
	        "    - type: cpu\n"
	        "      metadata: {type: Utilization, value: \"50\", "
	        "containerName: app}\n"
	        "    - type: prometheus\n"
	        "      name: requests_per_second\n"
	        "      metadata: {metricName: rps_total, threshold: \"9\"}\n";
	static const char *const want[] = {
	        "so.yaml:7:5: warning: annotation "
	        "'autoscaling.keda.sh/paused-replicas' is ignored: ttsim "
	        "simulates the ScaledObject as if it were not paused",
	        "so.yaml:8:5: warning: annotation "
	        "'autoscaling.keda.sh/paused-scale-down' is ignored: ttsim "
	        "simulates the ScaledObject as if it were not paused",
	        "so.yaml:11:26: warning: spec.initialCooldownPeriod is not "
	        "simulated: the run starts as if the ScaledObject had been "
	        "created long before",
	        "so.yaml:13:21: warning: spec.idleReplicaCount is not "
	        "simulated: with no trigger active ttsim keeps "
	        "minReplicaCount (2) replicas, where KEDA would scale to 0",
	        "so.yaml:17:24: note: spec.triggers[0].metadata.type: "
	        "trigger.metadata.type is deprecated in favor of "
	        "trigger.metricType (and removed in KEDA 2.18)",
	        "so.yaml:17:65: warning: spec.triggers[0]: read as a "
	        "Resource metric of the whole pod: a ttsim pod is one "
	        "container, so 'containerName: app' selects nothing",
	        "so.yaml:20:30: warning: spec.triggers[1]: "
	        "metadata.metricName 'rps_total' is ignored: the trigger's "
	        "name 'requests_per_second' names the metric ttsim measures",
	        "so.yaml:14:13: warning: spec.fallback is not simulated: "
	        "ttsim's triggers never fail to report, so the fallback's 6 "
	        "replicas never apply",
	};
	tt_keda_config k;
	tt_hpa_config h;
	tt_diag_list notes = {0};
	char buf[1200];
	parse_ok(text, NULL, &notes, &k, &h);
	ck_assert_uint_eq(notes.count, COUNT(want));
	for (size_t i = 0; i < COUNT(want); i++)
		ck_assert_str_eq(note(&notes, i, buf, sizeof buf), want[i]);
	ck_assert_int_eq(h.metrics[0].target_type, TT_HPA_UTILIZATION);
	ck_assert(h.metrics[0].target == 50);
	release(&k, &h);
	tt_diag_list_release(&notes);

	/* idle 0 beside minReplicaCount 0 is scaling to zero as without
	 * it: nothing to say */
	parse_ok(TOP "  minReplicaCount: 0\n  idleReplicaCount: 0\n" PROM, NULL,
	         &notes, &k, &h);
	ck_assert_uint_eq(notes.count, 0);
	release(&k, &h);
}
END_TEST

/* ---- picking the ScaledObject out of a file ---- */

#define SO(name)                                                               \
	"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"                   \
	"metadata: {name: " name "}\n"                                         \
	"spec:\n  scaleTargetRef: {name: " name "}\n" PROM

START_TEST(picks_by_name)
{
	static const char text[] =
	        "# the workload and two scaled objects\n"
	        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n"
	        "---\n" SO("alpha") "---\n---\n" SO("beta");
	tt_keda_config k;
	tt_hpa_config h;
	parse_ok(text, "beta", NULL, &k, &h);
	ck_assert_str_eq(k.name, "beta");
	ck_assert_str_eq(h.name, "keda-hpa-beta");
	ck_assert_int_eq(k.loc.line, 17);
	release(&k, &h);
	parse_ok(text, "alpha", NULL, &k, &h);
	ck_assert_str_eq(k.name, "alpha");
	release(&k, &h);

	/* the only one needs no name; a List holds its objects in items */
	parse_ok("apiVersion: v1\nkind: List\nitems:\n"
	         "  - apiVersion: v1\n    kind: Service\n"
	         "    metadata: {name: s}\n"
	         "  - apiVersion: keda.sh/v1alpha1\n    kind: ScaledObject\n"
	         "    metadata: {name: listed}\n"
	         "    spec:\n      scaleTargetRef: {name: x}\n"
	         "      triggers: [{type: aws-sqs-queue, metadata: {}}]\n",
	         NULL, NULL, &k, &h);
	ck_assert_str_eq(k.name, "listed");
	release(&k, &h);

	/* JSON, as `kubectl get scaledobject -o json` writes it */
	parse_ok("{\"apiVersion\": \"keda.sh/v1alpha1\", \"kind\": "
	         "\"ScaledObject\", \"metadata\": {\"name\": \"j\"}, \"spec\": "
	         "{\"scaleTargetRef\": {\"name\": \"j\"}, \"maxReplicaCount\": "
	         "7, \"triggers\": [{\"type\": \"aws-sqs-queue\", "
	         "\"metadata\": {\"queueLength\": \"3\"}}]}, \"status\": "
	         "{\"hpaName\": \"keda-hpa-j\"}}",
	         NULL, NULL, &k, &h);
	ck_assert_str_eq(k.name, "j");
	ck_assert_int_eq(k.max_replicas, 7);
	ck_assert(h.metrics[0].target == 3);
	release(&k, &h);

	/* tests/data/keda/two.yaml by name */
	char path[1024], buf[1200];
	tt_diag d;
	tu_src_path(path, sizeof path, "tests/data/keda/two.yaml");
	tt_k8s_which which = {"transcoder", {0}, NULL, NULL};
	tt_code rc = tt_keda_config_load(path, &which, NULL, &k, &h, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_int_eq(k.min_replicas, 1);
	ck_assert_int_eq(k.max_replicas, 6);
	ck_assert_int_eq(h.metrics[0].target_type, TT_HPA_VALUE);
	ck_assert(h.metrics[0].target == 20);
	release(&k, &h);
}
END_TEST

START_TEST(pick_errors)
{
	static const char two[] = SO("alpha") "---\n" SO("beta");
	parse_err(two, NULL,
	          "so.yaml:1:1: error: 'so.yaml' holds 2 ScaledObjects "
	          "('alpha', 'beta'); name the one to use with 'keda.name'");
	parse_err(two, "betta",
	          "so.yaml:1:1: error: no ScaledObject 'betta' in 'so.yaml' "
	          "(did you mean 'beta'?)");
	parse_err(two, "web",
	          "so.yaml:1:1: error: no ScaledObject 'web' in 'so.yaml' (it "
	          "holds 'alpha', 'beta')");
	parse_err(SO("alpha") "---\n" SO("alpha"), "alpha",
	          "so.yaml:1:1: error: 'so.yaml' holds 2 ScaledObjects named "
	          "'alpha' (in several namespaces?); keep one in the file");
	parse_err("apiVersion: apps/v1\nkind: Deployment\n"
	          "metadata: {name: web}\n",
	          NULL,
	          "so.yaml:1:1: error: no ScaledObject in this file (it "
	          "holds Deployment 'web')");
	parse_err("apiVersion: autoscaling/v2\nkind: "
	          "HorizontalPodAutoscaler\nmetadata: {name: web}\n",
	          NULL,
	          "so.yaml:1:1: error: no ScaledObject in this file (it "
	          "holds HorizontalPodAutoscaler 'web'); a "
	          "HorizontalPodAutoscaler is for 'controller: hpa'");
	parse_err("- a\n- b\n", NULL,
	          "so.yaml:1:1: error: expected a Kubernetes object (a map "
	          "with 'apiVersion' and 'kind'), got a sequence");
	parse_err("apiVersion: v1\nmetadata: {name: x}\n", NULL,
	          "so.yaml:1:1: error: kind: Required value: a Kubernetes "
	          "object says what it is (kind: ScaledObject)");
}
END_TEST

/* The pick's place is the scenario's key when the caller gives one. */
START_TEST(pick_located_at_caller)
{
	static const char two[] = SO("alpha") "---\n" SO("beta");
	tt_keda_config k;
	tt_hpa_config h;
	tt_diag d;
	char buf[700];
	tt_k8s_which which = {"gamma", {"s.yaml", 3, 9}, NULL, NULL};
	ck_assert_int_eq(tt_keda_config_parse(two, strlen(two), "so.yaml",
	                                      &which, NULL, &k, &h, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "s.yaml:3:9: error: no ScaledObject 'gamma' in "
	                 "'so.yaml' (it holds 'alpha', 'beta')");
}
END_TEST

/* tt_keda_config_read on a document that is not a ScaledObject. */
START_TEST(read_refuses_other_kinds)
{
	static const char text[] = "apiVersion: keda.sh/v1alpha1\nkind: "
	                           "ScaledJob\nmetadata: {name: web}\n";
	tt_doc doc = {0};
	tt_keda_config k;
	tt_hpa_config h;
	tt_diag d;
	char buf[700];
	ck_assert_int_eq(
	        tt_doc_parse_yaml(text, strlen(text), "d.yaml", &doc, &d),
	        TT_OK);
	ck_assert_int_eq(tt_keda_config_read(doc.root, NULL, &k, &h, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "d.yaml:2:7: error: kind: Invalid value: "
	                 "\"ScaledJob\": ttsim reads a ScaledObject");
	ck_assert_ptr_null(k.name);
	ck_assert_ptr_null(h.name);
	tt_doc_release(&doc);
}
END_TEST

START_TEST(load_missing_file)
{
	tt_keda_config k;
	tt_hpa_config h;
	tt_diag d;
	char buf[700];
	ck_assert_int_eq(tt_keda_config_load("no/such/so.yaml", NULL,
	                                     NULL, &k, &h, &d),
	                 TT_EIO);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "no/such/so.yaml: error: cannot open "
	                 "'no/such/so.yaml': No such file or directory");
}
END_TEST

/* ---- errors in the object, in KEDA's words ---- */

typedef struct err_case {
	const char *text;
	const char *want;
} err_case;

static const err_case errors[] = {
        /* the object */
        {"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"
         "metadata: {name: web}\n",
         "so.yaml:1:1: error: spec: Required value"},
        {"kind: ScaledObject\nmetadata: {name: web}\n",
         "so.yaml:1:1: error: apiVersion: Required value: ttsim reads "
         "keda.sh/v1alpha1"},
        {"apiVersion: keda.k8s.io/v1alpha1\nkind: ScaledObject\n",
         "so.yaml:1:13: error: apiVersion: Invalid value: "
         "\"keda.k8s.io/v1alpha1\": KEDA 1's ScaledObject is not read: "
         "write it as keda.sh/v1alpha1 (KEDA 2)"},
        {"apiVersion: keda.sh/v1\nkind: ScaledObject\n",
         "so.yaml:1:13: error: apiVersion: Invalid value: "
         "\"keda.sh/v1\": ttsim reads keda.sh/v1alpha1"},
        {"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"
         "metadata: {namespace: shop}\n",
         "so.yaml:3:11: error: metadata.name: Required value: name or "
         "generateName is required"},
        {"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"
         "metadata: {name: web}\nspecs: {}\n",
         "so.yaml:4:1: error: unknown key 'specs' in 'ScaledObject' "
         "(did you mean 'spec'?)"},
        /* spec */
        {TOP "  minReplicas: 1\n" PROM,
         "so.yaml:6:3: error: unknown key 'minReplicas' in 'spec' (did "
         "you mean 'minReplicaCount'?)"},
        {"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"
         "metadata: {name: web}\nspec:\n  maxReplicaCount: 3\n",
         "so.yaml:5:3: error: spec.scaleTargetRef: Required value"},
        {"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"
         "metadata: {name: web}\nspec:\n"
         "  scaleTargetRef: {kind: Deployment}\n",
         "so.yaml:5:19: error: spec.scaleTargetRef.name: Required value"},
        {"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"
         "metadata: {name: web}\nspec:\n"
         "  scaleTargetRef: {name: web, deploymentName: web}\n",
         "so.yaml:5:31: error: unknown key 'deploymentName' in "
         "'spec.scaleTargetRef' (expected one of: name, apiVersion, "
         "kind, envSourceContainerName)"},
        {TOP "  pollingInterval: 0\n" PROM,
         "so.yaml:6:20: error: spec.pollingInterval: Invalid value: 0: "
         "must be greater than 0"},
        {TOP "  pollingInterval: 1.5\n" PROM,
         "so.yaml:6:20: error: expected an integer for "
         "'spec.pollingInterval', got 1.5"},
        {TOP "  cooldownPeriod: -1\n" PROM,
         "so.yaml:6:19: error: spec.cooldownPeriod: Invalid value: -1: "
         "must be greater than or equal to 0"},
        {TOP "  initialCooldownPeriod: -5\n" PROM,
         "so.yaml:6:26: error: spec.initialCooldownPeriod: Invalid "
         "value: -5: must be greater than or equal to 0"},
        {TOP "  minReplicaCount: -1\n" PROM,
         "so.yaml:6:20: error: spec.minReplicaCount: Invalid value: -1: "
         "must be greater than or equal to 0"},
        {TOP "  maxReplicaCount: 0\n" PROM,
         "so.yaml:6:20: error: spec.maxReplicaCount: Invalid value: 0: "
         "must be greater than 0"},
        {TOP "  maxReplicaCount: 100001\n" PROM,
         "so.yaml:6:20: error: spec.maxReplicaCount: Invalid value: "
         "100001: ttsim simulates at most 100000 replicas"},
        {TOP "  minReplicaCount: 5\n  maxReplicaCount: 3\n" PROM,
         "so.yaml:6:20: error: spec.minReplicaCount: MinReplicaCount=5 "
         "must be less than MaxReplicaCount=3"},
        {TOP "  idleReplicaCount: 0\n" PROM,
         "so.yaml:6:21: error: spec.idleReplicaCount: "
         "IdleReplicaCount=0 must be less than MinReplicaCount=0"},
        {TOP "  minReplicaCount: 2\n  idleReplicaCount: 2\n" PROM,
         "so.yaml:7:21: error: spec.idleReplicaCount: "
         "IdleReplicaCount=2 must be less than MinReplicaCount=2"},
        {TOP "  minReplicaCount: 2\n  idleReplicaCount: -1\n" PROM,
         "so.yaml:7:21: error: spec.idleReplicaCount: Invalid value: "
         "-1: must be greater than or equal to 0"},
        /* advanced */
        {TOP "  advanced: {horizontalPodAutoscalerConfig: {behaviour: "
             "{}}}\n" PROM,
         "so.yaml:6:46: error: unknown key 'behaviour' in "
         "'spec.advanced.horizontalPodAutoscalerConfig' (did you mean "
         "'behavior'?)"},
        {TOP "  advanced:\n    horizontalPodAutoscalerConfig:\n"
             "      behavior:\n        scaleUp: "
             "{stabilizationWindowSeconds: 3601}\n" PROM,
         "so.yaml:9:47: error: "
         "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp."
         "stabilizationWindowSeconds: Invalid value: 3601: must be less "
         "than or equal to 3600"},
        {TOP "  advanced:\n    horizontalPodAutoscalerConfig:\n"
             "      behavior:\n        scaleDown: {policies: [{type: "
             "Pod, value: 1, periodSeconds: 15}]}\n" PROM,
         "so.yaml:9:39: error: "
         "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown."
         "policies[0].type: Unsupported value: \"Pod\": supported values: "
         "\"Percent\", \"Pods\""},
        {TOP "  advanced:\n    scalingModifiers: {formula: \"a + b\", "
             "target: \"2\"}\n" PROM,
         "so.yaml:7:23: error: spec.advanced.scalingModifiers: ttsim "
         "does not simulate scaling modifiers (a formula over the "
         "triggers' metrics); without them each trigger is its own "
         "metric"},
        {TOP "  advanced: {restoreToOriginalReplicaCount: maybe}\n" PROM,
         "so.yaml:6:45: error: expected true or false for "
         "'spec.advanced.restoreToOriginalReplicaCount', got 'maybe'"},
        /* triggers */
        {TOP "  maxReplicaCount: 3\n",
         "so.yaml:5:3: error: spec.triggers: Required value: a "
         "ScaledObject needs at least one trigger"},
        {TOP "  triggers: []\n",
         "so.yaml:6:13: error: spec.triggers: Required value: a "
         "ScaledObject needs at least one trigger"},
        {TOP "  triggers:\n    - metadata: {threshold: \"1\"}\n",
         "so.yaml:7:7: error: spec.triggers[0].type: Required value"},
        {TOP "  triggers:\n    - type: prometheus\n"
             "      metadta: {threshold: \"1\"}\n",
         "so.yaml:8:7: error: unknown key 'metadta' in "
         "'spec.triggers[0]' (did you mean 'metadata'?)"},
        {TOP "  triggers:\n    - type: prometheus\n"
             "      name: requests_per_second\n",
         "so.yaml:7:7: error: spec.triggers[0].metadata: Required value"},
        {TOP ONE("prometheus", "      name: requests_per_second\n",
                 "{threshold: 10}"),
         "so.yaml:9:29: error: spec.triggers[0].metadata.threshold: "
         "Invalid value: \"integer\": spec.triggers[0].metadata.threshold "
         "in body must be of type string: \"integer\" (KEDA's metadata "
         "is a map of strings: quote the value)"},
        {TOP ONE("prometheus", "      name: requests_per_second\n",
                 "{threshold: \"1\", ignoreNullValues: false}"),
         "so.yaml:9:52: error: "
         "spec.triggers[0].metadata.ignoreNullValues: Invalid value: "
         "\"boolean\": spec.triggers[0].metadata.ignoreNullValues in body "
         "must be of type string: \"boolean\" (KEDA's metadata is a map "
         "of strings: quote the value)"},
        {TOP ONE("prometheus", "      name: requests_per_second\n",
                 "{threshold: 2.5}"),
         "so.yaml:9:29: error: spec.triggers[0].metadata.threshold: "
         "Invalid value: \"number\": spec.triggers[0].metadata.threshold "
         "in body must be of type string: \"number\" (KEDA's metadata is "
         "a map of strings: quote the value)"},
        {TOP ONE("cron", "", "{timezone: UTC, desiredReplicas: \"3\"}"),
         "so.yaml:7:13: error: spec.triggers[0].type: a 'cron' trigger "
         "is not simulated (its schedule, not a measured value, sets the "
         "replicas)"},
        {TOP ONE("prometheus", "", "{query: up, threshold: \"5\"}"),
         "so.yaml:7:7: error: spec.triggers[0]: ttsim cannot measure a "
         "'prometheus' trigger's source: give the trigger a 'name' that "
         "is the metric ttsim measures in its place "
         "(requests_per_second, concurrent_requests, queue_length or a "
         "model under 'metrics:')"},
        {TOP ONE("aws-cloudwatch", "",
                 "{metricName: CPUUtilization, targetMetricValue: "
                 "\"5\"}"),
         "so.yaml:7:7: error: spec.triggers[0]: ttsim cannot measure a "
         "'aws-cloudwatch' trigger's source: give the trigger a 'name' "
         "that is the metric ttsim measures in its place "
         "(requests_per_second, concurrent_requests, queue_length or a "
         "model under 'metrics:')"},
        {TOP ONE("prometheus", "      name: requests_per_second\n",
                 "{query: up}"),
         "so.yaml:9:17: error: spec.triggers[0].metadata.threshold: "
         "Required value"},
        {TOP ONE("metrics-api", "      name: requests_per_second\n",
                 "{url: \"http://x\"}"),
         "so.yaml:9:17: error: spec.triggers[0].metadata: Required "
         "value: ttsim reads the target of a 'metrics-api' trigger from "
         "metadata.threshold, metadata.targetValue or metadata.value"},
        {TOP ONE("prometheus", "      name: requests_per_second\n",
                 "{threshold: \"0\"}"),
         "so.yaml:9:29: error: spec.triggers[0].metadata.threshold: "
         "Invalid value: \"0\": must be positive"},
        {TOP ONE("prometheus", "      name: requests_per_second\n",
                 "{threshold: \"ten\"}"),
         "so.yaml:9:29: error: spec.triggers[0].metadata.threshold: "
         "Invalid value: \"ten\": quantities must match the regular "
         "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
        {TOP ONE("aws-sqs-queue", "", "{activationQueueLength: \"x1\"}"),
         "so.yaml:8:41: error: "
         "spec.triggers[0].metadata.activationQueueLength: Invalid "
         "value: \"x1\": quantities must match the regular expression "
         "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
        {TOP ONE("aws-sqs-queue", "      metricType: Utilization\n", "{}"),
         "so.yaml:8:19: error: spec.triggers[0].metricType: "
         "'Utilization' metric type is unsupported for external "
         "metrics, allowed values are 'Value' or 'AverageValue'"},
        {TOP ONE("aws-sqs-queue", "      metricType: Average\n", "{}"),
         "so.yaml:8:19: error: spec.triggers[0].metricType: Unsupported "
         "value: \"Average\": supported values: \"AverageValue\", "
         "\"Utilization\", \"Value\""},
        {TOP "  triggers:\n"
             "    - {type: prometheus, name: queue_length, metadata: "
             "{threshold: \"1\"}}\n"
             "    - {type: kafka, name: queue_length, metadata: {}}\n",
         "so.yaml:8:27: error: spec.triggers[1].name: triggerName "
         "\"queue_length\" is defined multiple times in the ScaledObject, "
         "but it must be unique"},
        /* cpu and memory */
        {TOP "  minReplicaCount: 1\n" ONE("cpu", "", "{value: \"50\"}"),
         "so.yaml:8:7: error: spec.triggers[0]: no type given in "
         "neither trigger.metadata.type or trigger.metricType"},
        {TOP
         "  minReplicaCount: 1\n" ONE("cpu", "      metricType: Utilization\n",
                                      "{type: Utilization, value: \"50\"}"),
         "so.yaml:10:24: error: spec.triggers[0]: only one of "
         "trigger.metadata.type or trigger.metricType should be "
         "defined"},
        {TOP "  minReplicaCount: 1\n" ONE("cpu", "      metricType: Value\n",
                                          "{value: \"50\"}"),
         "so.yaml:9:19: error: spec.triggers[0].metricType: unsupported "
         "metric type, allowed values are 'Utilization' or "
         "'AverageValue'"},
        {TOP "  minReplicaCount: 1\n" ONE("memory", "",
                                          "{type: Percent, value: \"50\"}"),
         "so.yaml:9:24: error: spec.triggers[0]: unsupported metric "
         "type 'Percent', allowed values are 'Utilization' or "
         "'AverageValue'"},
        {TOP "  minReplicaCount: 1\n" ONE(
                 "cpu", "      metricType: Utilization\n", "{}"),
         "so.yaml:10:17: error: spec.triggers[0].metadata.value: "
         "Required value: no value given"},
        {TOP "  minReplicaCount: 1\n" ONE(
                 "cpu", "      metricType: Utilization\n", "{value: \"60.5\"}"),
         "so.yaml:10:25: error: spec.triggers[0].metadata.value: Invalid "
         "value: \"60.5\": a Utilization value is a whole percent "
         "(\"60\")"},
        {TOP "  minReplicaCount: 1\n" ONE(
                 "cpu", "      metricType: Utilization\n", "{value: \"0\"}"),
         "so.yaml:10:25: error: spec.triggers[0].metadata.value: Invalid "
         "value: \"0\": must be greater than 0"},
        {TOP "  minReplicaCount: 1\n" ONE(
                 "cpu", "      metricType: Utilization\n",
                 "{value: \"50\", activationValue: \"-1\"}"),
         "so.yaml:10:48: error: "
         "spec.triggers[0].metadata.activationValue: Invalid value: "
         "\"-1\": must be greater than or equal to 0"},
        {TOP "  minReplicaCount: 1\n" ONE("memory",
                                          "      metricType: AverageValue\n",
                                          "{value: \"2GB\"}"),
         "so.yaml:10:25: error: spec.triggers[0].metadata.value: Invalid "
         "value: \"2GB\": quantities must match the regular expression "
         "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
        {TOP "  minReplicaCount: 1\n" ONE("cpu",
                                          "      metricType: Utilization\n"
                                          "      useCachedMetrics: true\n",
                                          "{value: \"50\"}"),
         "so.yaml:10:25: error: spec.triggers[0]: property "
         "\"useCachedMetrics\" is not supported for \"cpu\" scaler"},
        /* [code] verifyCPUMemoryScalers */
        {TOP ONE("cpu", "      metricType: Utilization\n", "{value: \"50\"}"),
         "so.yaml:6:3: error: spec.triggers: scaledobject has only "
         "cpu/memory triggers AND minReplica is 0 (scale to zero doesn't "
         "work in this case)"},
        {TOP "  minReplicaCount: 0\n"
             "  triggers:\n"
             "    - {type: cpu, metricType: Utilization, metadata: "
             "{value: \"50\"}}\n"
             "    - {type: memory, metricType: Utilization, metadata: "
             "{value: \"50\"}}\n",
         "so.yaml:6:20: error: spec.minReplicaCount: scaledobject has "
         "only cpu/memory triggers AND minReplica is 0 (scale to zero "
         "doesn't work in this case)"},
        /* fallback */
        {TOP "  fallback: {failureThreshold: 3}\n" PROM,
         "so.yaml:6:13: error: spec.fallback.replicas: Required value"},
        {TOP "  fallback: {failureThreshold: -1, replicas: 2}\n" PROM,
         "so.yaml:6:13: error: spec.fallback: FailureThreshold=-1 & "
         "Replicas=2 must both be greater than or equal to 0"},
        {TOP "  fallback: {failureThreshold: 3, replicas: 2, behavior: "
             "keep}\n" PROM,
         "so.yaml:6:58: error: spec.fallback.behavior: Unsupported "
         "value: \"keep\": supported values: \"static\", "
         "\"currentReplicas\", \"currentReplicasIfHigher\", "
         "\"currentReplicasIfLower\""},
        {TOP "  minReplicaCount: 1\n"
             "  fallback: {failureThreshold: 3, replicas: 2}\n"
             "  triggers:\n"
             "    - {type: cpu, metricType: Utilization, metadata: "
             "{value: \"50\"}}\n"
             "    - {type: aws-sqs-queue, metricType: Value, metadata: "
             "{}}\n",
         "so.yaml:7:13: error: spec.fallback: at least one trigger "
         "(that is not cpu or memory) has to have the `AverageValue` "
         "type for the fallback to be enabled"},
};

START_TEST(error_messages)
{
	parse_err(errors[_i].text, NULL, errors[_i].want);
}
END_TEST

/* ---- the scenario's keys ---- */

static tt_code load_scenario(const char *yaml, const tt_overrides *ov,
                             tt_scenario *s, tt_diag *d)
{
	char dir[1024];
	tu_src_path(dir, sizeof dir, "tests/data/keda");
	tt_diag_clear(d);
	return tt_scenario_load_text_with(yaml, strlen(yaml), "s.yaml", dir, ov,
	                                  s, d);
}

static void scenario_ok(const char *yaml, const tt_overrides *ov,
                        tt_scenario *s)
{
	tt_diag d;
	char buf[1200];
	tt_code rc = load_scenario(yaml, ov, s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* The error `yaml` gives: exactly `want`, or with `part` only a part of
 * it (a message naming a manifest by its absolute path). */
static void scenario_err_in(const char *yaml, const char *want, bool part)
{
	tt_scenario s;
	tt_diag d;
	char buf[1200];
	ck_assert_int_ne(load_scenario(yaml, NULL, &s, &d), TT_OK);
	const char *got = tu_diag_str(&d, buf, sizeof buf);
	if (part)
		ck_assert_msg(strstr(got, want), "got: %s", got);
	else
		ck_assert_str_eq(got, want);
}

static void scenario_err(const char *yaml, const char *want)
{
	scenario_err_in(yaml, want, false);
}

#define WL                                                                     \
	"workload: {synthetic: {shape: constant, rate: 600}}\n"                \
	"instance: {service_time: 100ms}\n"
#define SIM "simulation: {duration: 1h}\n"
#define REQ "simulation: {duration: 1h, mode: request}\n"

/* tests/data/keda/worker.yaml through the scenario: KEDA's bounds, the
 * HPA it creates, the knobs under `keda:`. */
START_TEST(scenario_keda_controller)
{
	tt_scenario s;
	scenario_ok("controller: keda\n"
	            "keda:\n"
	            "  file: worker.yaml\n"
	            "  name: orders-worker\n"
	            "  at_zero: fail\n"
	            "  sync_period: 30s\n"
	            "  tolerance: 0.05\n"
	            "  configurable_tolerance: false\n"
	            "  downscale_stabilization: 2m\n"
	            "  cpu_initialization_period: 0\n"
	            "  metric_window: 1m\n"
	            "  pod_startup: {dist: uniform, min: 20s, max: 40s}\n"
	            "capacity: {initial: 3}\n" WL REQ,
	            NULL, &s);
	ck_assert_int_eq(s.controller, TT_CONTROLLER_KEDA);
	ck_assert_ptr_nonnull(s.keda);
	ck_assert_ptr_nonnull(s.hpa);
	ck_assert_str_eq(s.keda->name, "orders-worker");
	ck_assert_str_eq(s.hpa->name, "orders-worker-hpa");
	ck_assert(!s.keda_queue_at_zero);
	ck_assert_int_eq(s.min_capacity, 0);
	ck_assert_int_eq(s.max_capacity, 25);
	ck_assert_int_eq(s.initial_capacity, 3);
	ck_assert_int_eq(s.hpa->min_replicas, 1);
	ck_assert_uint_eq(s.n_policies, 0);
	const tt_hpa_knobs *k = &s.hpa_knobs;
	ck_assert_int_eq(k->sync_period_us, 30 * S);
	ck_assert(k->tolerance == 0.05);
	ck_assert(!k->configurable_tolerance);
	ck_assert_int_eq(k->downscale_stabilization_us, 120 * S);
	ck_assert_int_eq(k->cpu_initialization_period_us, 0);
	ck_assert_int_eq(k->metric_window_us, 60 * S);
	ck_assert(k->has_pod_startup);
	ck_assert_int_eq(k->pod_startup.kind, TT_DRAWN_UNIFORM);
	ck_assert_ptr_nonnull(
	        strstr(s.keda->loc.file, "tests/data/keda/worker.yaml"));
	ck_assert_uint_eq(s.notes.count, 0);
	/* queue_length in request mode */
	tt_hpa_metric_source src;
	const tt_metric_model *model;
	ck_assert(tt_sv_hpa_source(&s, &s.hpa->metrics[0], &src, &model));
	ck_assert_int_eq(src, TT_HPA_FROM_QUEUE);
	tt_scenario_release(&s);

	/* the defaults: at_zero queue, initial minReplicaCount, the knobs
	 * as for the HPA */
	scenario_ok("controller: keda\nkeda: {file: worker.yaml}\n" WL REQ,
	            NULL, &s);
	ck_assert(s.keda_queue_at_zero);
	ck_assert_int_eq(s.initial_capacity, 0);
	ck_assert_int_eq(s.hpa_knobs.sync_period_us, 15 * S);
	ck_assert(s.hpa_knobs.tolerance == 0.1);
	ck_assert(s.hpa_knobs.configurable_tolerance);
	ck_assert(!s.hpa_knobs.has_pod_startup);
	tt_scenario_release(&s);

	/* the other controllers leave keda NULL, at_zero its default */
	scenario_ok("controller: hpa\nhpa: {file: ../hpa/web.yaml}\n" WL SIM,
	            NULL, &s);
	ck_assert_ptr_null(s.keda);
	ck_assert(s.keda_queue_at_zero);
	tt_scenario_release(&s);
}
END_TEST

/* capacity.initial outside KEDA's replicas: valid, with a note. */
START_TEST(scenario_initial_outside)
{
	static const struct {
		const char *initial;
		const char *note; /* NULL: none */
	} cases[] = {
	        {"0", "s.yaml:3:21: note: 'initial' 0 is outside the "
	              "ScaledObject's replicas (2..30): KEDA's first poll or "
	              "the HPA's first sync sets 2"},
	        {"2", NULL},
	        {"31", "s.yaml:3:21: note: 'initial' 31 is outside the "
	               "ScaledObject's replicas (2..30): KEDA's first poll or "
	               "the HPA's first sync sets 30"},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char yaml[512], buf[1200];
		tt_scenario s;
		snprintf(yaml, sizeof yaml,
		         "controller: keda\nkeda: {file: web.yaml}\n"
		         "capacity: {initial: %s}\n" WL SIM,
		         cases[i].initial);
		scenario_ok(yaml, NULL, &s);
		ck_assert_int_eq(s.initial_capacity,
		                 strtol(cases[i].initial, NULL, 10));
		ck_assert_uint_eq(s.notes.count, cases[i].note ? 1 : 0);
		if (cases[i].note)
			ck_assert_str_eq(note(&s.notes, 0, buf, sizeof buf),
			                 cases[i].note);
		tt_scenario_release(&s);
	}
}
END_TEST

/* A scenario file: `keda.file` resolved against its directory. */
START_TEST(scenario_file_paths)
{
	char path[1024], buf[1200];
	tt_scenario s;
	tt_diag d;
	tu_src_path(path, sizeof path, "tests/data/keda/scenario.yaml");
	tt_code rc = tt_scenario_load_file(path, &s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_int_eq(s.controller, TT_CONTROLLER_KEDA);
	ck_assert_str_eq(s.keda->name, "orders-worker");
	ck_assert(s.keda_queue_at_zero);
	ck_assert(s.hpa_knobs.tolerance == 0.05);
	ck_assert_ptr_nonnull(strstr(s.keda->loc.file, "keda/worker.yaml"));
	tt_scenario_release(&s);
}
END_TEST

/* `--set keda.KEY=VALUE`, like any scenario key. */
START_TEST(scenario_overrides)
{
	tt_override items[] = {{"keda.tolerance", "0.2", NULL},
	                       {"keda.at_zero", "fail", NULL},
	                       {"keda.name", "transcoder", NULL},
	                       {"capacity.initial", "4", NULL}};
	tt_overrides ov = {items, COUNT(items)};
	tt_scenario s;
	scenario_ok("controller: keda\nkeda: {file: two.yaml}\n" WL REQ, &ov,
	            &s);
	ck_assert(s.hpa_knobs.tolerance == 0.2);
	ck_assert(!s.keda_queue_at_zero);
	ck_assert_str_eq(s.keda->name, "transcoder");
	ck_assert_int_eq(s.initial_capacity, 4);
	tt_scenario_release(&s);
}
END_TEST

/* Where each trigger's values come from, and the tolerance warning. */
START_TEST(scenario_metric_sources)
{
	tt_scenario s;
	char buf[1200];
	scenario_ok("controller: keda\n"
	            "keda: {file: web.yaml, configurable_tolerance: false}\n" WL
	                    SIM,
	            NULL, &s);
	static const tt_hpa_metric_source want[] = {TT_HPA_FROM_RPS,
	                                            TT_HPA_FROM_CPU};
	ck_assert_uint_eq(s.hpa->n_metrics, COUNT(want));
	for (size_t i = 0; i < COUNT(want); i++) {
		tt_hpa_metric_source src;
		const tt_metric_model *model;
		ck_assert(
		        tt_sv_hpa_source(&s, &s.hpa->metrics[i], &src, &model));
		ck_assert_int_eq(src, want[i]);
	}
	ck_assert(s.keda->triggers[0].activation == 0.5);
	ck_assert_uint_eq(s.notes.count, 0); /* no tolerance in behavior */
	tt_scenario_release(&s);

	/* a model named as a trigger is read */
	scenario_ok(
	        "controller: keda\nkeda: {file: memory.yaml}\n"
	        "metrics:\n"
	        "  memory: {model: linear, idle: 30, per_rps: 0.5}\n" WL REQ,
	        NULL, &s);
	tt_hpa_metric_source src;
	const tt_metric_model *model;
	ck_assert(tt_sv_hpa_source(&s, &s.hpa->metrics[0], &src, &model));
	ck_assert_int_eq(src, TT_HPA_FROM_MODEL);
	ck_assert_ptr_nonnull(model);
	tt_scenario_release(&s);

	/* the per-HPA tolerance ignored: the warning names KEDA's path
	 * and keys */
	scenario_ok("controller: keda\n"
	            "keda: {file: tolerance.yaml, configurable_tolerance: "
	            "false}\n" WL SIM,
	            NULL, &s);
	ck_assert_uint_eq(s.notes.count, 1);
	ck_assert_ptr_nonnull(strstr(
	        note(&s.notes, 0, buf, sizeof buf),
	        "tests/data/keda/tolerance.yaml:3:1: warning: "
	        "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp."
	        "tolerance is ignored: 'keda.configurable_tolerance' is false "
	        "(a cluster without the HPAConfigurableTolerance feature "
	        "gate), so 'keda.tolerance' 0.1 applies"));
	tt_scenario_release(&s);
}
END_TEST

/* `ttsim validate` shows what the reader says, as for an HPA: the
 * warnings of tests/data/keda/notes.yaml, in its order. */
START_TEST(validate_shows_notes)
{
	static const char text[] =
	        "controller: keda\nkeda: {file: notes.yaml}\n" WL SIM;
	static const char *const want[] = {
	        "notes.yaml:8:5: warning: annotation "
	        "'autoscaling.keda.sh/paused' is ignored",
	        "notes.yaml:11:26: warning: spec.initialCooldownPeriod is not "
	        "simulated",
	        "notes.yaml:12:21: warning: spec.idleReplicaCount is not "
	        "simulated",
	        "notes.yaml:21:15: note: spec.triggers[0].metadata.type: "
	        "trigger.metadata.type is deprecated",
	        "notes.yaml:23:24: warning: spec.triggers[0]: read as a "
	        "Resource metric of the whole pod",
	        "notes.yaml:16:5: warning: spec.fallback is not simulated",
	};
	char dir[1024], buf[1200];
	const char *what = NULL;
	tt_diag_list notes = {0};
	tt_diag d;
	tu_src_path(dir, sizeof dir, "tests/data/keda");
	tt_code rc = tt_validate_text(text, strlen(text), "s.yaml", dir, &what,
	                              &notes, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(what, "scenario");
	ck_assert_uint_eq(notes.count, COUNT(want));
	for (size_t i = 0; i < COUNT(want); i++) {
		const char *got = note(&notes, i, buf, sizeof buf);
		ck_assert_msg(strstr(got, want[i]), "got: %s", got);
	}
	tt_diag_list_release(&notes);
}
END_TEST

/* The scenario-level errors (tests/bad/keda-*.yaml has them as files). */
START_TEST(scenario_errors)
{
	scenario_err("controller: keda\n" WL SIM,
	             "s.yaml:1:13: error: 'controller: keda' needs 'keda: "
	             "{file: FILE}' (the KEDA ScaledObject)");
	scenario_err("controller: keda\nkeda: {name: web}\n" WL SIM,
	             "s.yaml:2:7: error: missing required key 'file' in "
	             "'keda'");
	scenario_err("controller: keda\nkeda: web.yaml\n" WL SIM,
	             "s.yaml:2:7: error: expected a map for 'keda', got "
	             "'web.yaml'");
	scenario_err("controller: keda\nkeda: {file: web.yaml, at_zeros: "
	             "fail}\n" WL SIM,
	             "s.yaml:2:24: error: unknown key 'at_zeros' in 'keda' "
	             "(did you mean 'at_zero'?)");
	scenario_err("controller: keda\nkeda: {file: web.yaml, at_zero: "
	             "drop}\n" WL SIM,
	             "s.yaml:2:33: error: 'at_zero' must be 'queue' or "
	             "'fail', got 'drop'");
	scenario_err("controller: keda\nkeda: {file: web.yaml}\n"
	             "hpa: {tolerance: 0.05}\n" WL SIM,
	             "s.yaml:3:1: error: 'hpa' cannot be used with "
	             "'controller: keda' (the knobs of the HPA KEDA creates go "
	             "under 'keda:', beside the ScaledObject)");
	scenario_err("keda: {file: web.yaml}\n" WL SIM,
	             "s.yaml:1:1: error: 'keda' needs 'controller: keda' (the "
	             "AWS controller does not read it)");
	scenario_err("controller: hpa\nhpa: {file: ../hpa/web.yaml}\n"
	             "keda: {file: web.yaml}\n" WL SIM,
	             "s.yaml:3:1: error: 'keda' needs 'controller: keda' (the "
	             "HPA controller reads 'hpa:')");
	scenario_err("controller: keda\nkeda: {file: web.yaml}\n"
	             "policies: []\n" WL SIM,
	             "s.yaml:3:1: error: 'policies' cannot be used with "
	             "'controller: keda' (the ScaledObject's triggers scale "
	             "the pods)");
	scenario_err("controller: keda\nkeda: {file: web.yaml}\n"
	             "terraform: {files: [a.tf]}\n" WL SIM,
	             "s.yaml:3:1: error: 'terraform' cannot be used with "
	             "'controller: keda' (it gives an AWS scalable target and "
	             "its policies; the ScaledObject gives KEDA's)");
	scenario_err("controller: keda\nkeda: {file: web.yaml}\n"
	             "capacity: {min: 1}\n" WL SIM,
	             "s.yaml:3:12: error: 'capacity.min' cannot be used with "
	             "'controller: keda' (the bounds are the ScaledObject's "
	             "spec.minReplicaCount and spec.maxReplicaCount)");
	scenario_err("resource: inference-component/llm\ncontroller: keda\n"
	             "keda: {file: web.yaml}\n" WL SIM,
	             "s.yaml:1:11: error: 'controller: keda' scales pods, not "
	             "an inference component (got resource "
	             "'inference-component/llm')");
	scenario_err_in("controller: keda\nkeda: {file: two.yaml, name: "
	                "transcodr}\n" WL SIM,
	                "tests/data/keda/two.yaml' (did you mean "
	                "'transcoder'?)",
	                true);
	scenario_err_in("controller: keda\nkeda: {file: nope.yaml}\n" WL SIM,
	                "s.yaml:2:14: error: cannot open ScaledObject '", true);
	scenario_err("controller: keda\n"
	             "keda: {file: web.yaml, pod_startup: {dist: linear, "
	             "attribute: tokens, base: 1s, per_unit: 1ms}}\n" WL SIM,
	             "s.yaml:2:44: error: 'keda.pod_startup' cannot be of "
	             "kind linear: it is drawn per instance, and only a "
	             "request has attributes");
	/* the manifest's errors, at their place in it */
	scenario_err_in(
	        "controller: keda\nkeda: {file: bad-min-max.yaml}\n" WL SIM,
	        "tests/data/keda/bad-min-max.yaml:8:20: error: "
	        "spec.minReplicaCount: MinReplicaCount=5 must be less "
	        "than MaxReplicaCount=3",
	        true);
	/* the triggers' metrics, resolved against the scenario */
	scenario_err_in("controller: keda\nkeda: {file: worker.yaml}\n" WL SIM,
	                "tests/data/keda/worker.yaml:49:7: error: "
	                "'queue_length' needs request mode ('simulation.mode: "
	                "request'): fluid mode has no queue",
	                true);
	scenario_err_in(
	        "controller: keda\nkeda: {file: bad-metric-name.yaml}\n" WL SIM,
	        "tests/data/keda/bad-metric-name.yaml:9:7: error: "
	        "unknown metric 'request_per_second' (did you mean "
	        "'requests_per_second'?): ttsim reads a model declared "
	        "under 'metrics:' with that name, or "
	        "requests_per_second, concurrent_requests or "
	        "queue_length",
	        true);
	scenario_err_in("controller: keda\nkeda: {file: memory.yaml}\n" WL REQ,
	                "tests/data/keda/memory.yaml:10:7: error: no model for "
	                "resource 'memory': declare one under 'metrics:' named "
	                "'memory'",
	                true);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("keda_config");
	const tu_case cases[] = {
	        {"reads_every_field", reads_every_field},
	        {"defaults", defaults},
	        {"hpa_bounds", hpa_bounds},
	        {"trigger_mapping", trigger_mapping},
	        {"metrics_in_order", metrics_in_order},
	        {"behavior", behavior},
	        {"warnings_and_notes", warnings_and_notes},
	        {"picks_by_name", picks_by_name},
	        {"pick_errors", pick_errors},
	        {"pick_located_at_caller", pick_located_at_caller},
	        {"read_refuses_other_kinds", read_refuses_other_kinds},
	        {"load_missing_file", load_missing_file},
	        {"scenario_keda_controller", scenario_keda_controller},
	        {"scenario_initial_outside", scenario_initial_outside},
	        {"scenario_file_paths", scenario_file_paths},
	        {"scenario_overrides", scenario_overrides},
	        {"scenario_metric_sources", scenario_metric_sources},
	        {"scenario_errors", scenario_errors},
	        {"validate_shows_notes", validate_shows_notes},
	};
	TU_ADD_CASES(s, cases);
	TCase *tc = tcase_create("error_messages");
	tcase_add_loop_test(tc, error_messages, 0, (int)COUNT(errors));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
