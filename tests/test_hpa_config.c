/*
 * test_hpa_config.c - a Kubernetes HorizontalPodAutoscaler manifest as
 * ttsim reads it (src/hpa_config.c), and the scenario keys around it
 * (src/scenario_hpa.c): every field and its default, quantities, picking
 * the HPA out of a file of several documents, and the exact message and
 * place of each error, as the CLI prints them.
 *
 * Most manifests are inline text read under the name "hpa.yaml"; the
 * scenario cases read tests/data/hpa/, where the manifests sit beside
 * the scenarios that name them.
 */
#include "hpa_config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_hpa.h"
#include "testutil.h"
#include "ttsim/scenario.h"

#define S TT_US_PER_S
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Lines 1-5 of most manifests: the object up to its scale target. */
#define TOP                                                                    \
	"apiVersion: autoscaling/v2\n"                                         \
	"kind: HorizontalPodAutoscaler\n"                                      \
	"metadata: {name: web}\n"                                              \
	"spec:\n"                                                              \
	"  scaleTargetRef: {kind: Deployment, name: web}\n"

/* Lines 6-7: the bounds and the metrics' key; items start on line 8. */
#define MAX3 "  maxReplicas: 3\n  metrics:\n"

/* Lines 8-9: one cpu metric at 70 %. */
#define CPU70                                                                  \
	"    - type: Resource\n"                                               \
	"      resource: {name: cpu, target: {type: Utilization, "             \
	"averageUtilization: 70}}\n"

static tt_code parse(const char *text, const char *pick, tt_diag_list *notes,
                     tt_hpa_config *c, tt_diag *d)
{
	tt_diag_clear(d);
	tt_k8s_which which = {pick, {0}, NULL, NULL};
	return tt_hpa_config_parse(text, strlen(text), "hpa.yaml", &which,
	                           notes, c, d);
}

/* Read text that must be valid; the notes are the caller's. */
static void parse_ok(const char *text, const char *pick, tt_diag_list *notes,
                     tt_hpa_config *c)
{
	tt_diag d;
	char buf[1200];
	tt_code rc = parse(text, pick, notes, c, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* The one error text must give, as the CLI prints it. */
static void parse_err(const char *text, const char *pick, const char *want)
{
	tt_hpa_config c;
	tt_diag d;
	char buf[1200];
	tt_code rc = parse(text, pick, NULL, &c, &d);
	ck_assert_msg(rc != TT_OK, "accepted, want: %s", want);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
	/* nothing is left owned on failure */
	ck_assert_ptr_null(c.name);
	ck_assert_ptr_null(c.metrics);
	ck_assert_ptr_null(c.up.policies);
}

/* The n-th note, formatted. */
static const char *note(const tt_diag_list *l, size_t n, char *buf, size_t size)
{
	ck_assert_msg(n < l->count, "only %zu notes", l->count);
	return tu_diag_str(&l->items[n], buf, size);
}

/* ---- fields and defaults ---- */

/* tests/data/hpa/web.yaml: a Deployment, a Service and the HPA. */
START_TEST(reads_every_field)
{
	char path[1024];
	tt_hpa_config c;
	tt_diag_list notes = {0};
	tt_diag d = {0};
	char buf[1200];

	tu_src_path(path, sizeof path, "tests/data/hpa/web.yaml");
	tt_code rc =
	        tt_hpa_config_load(path, NULL, &notes, &c, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_uint_eq(notes.count, 0);
	ck_assert_str_eq(c.name, "web");
	ck_assert_int_eq(c.loc.line, 32); /* the third document */
	ck_assert_int_eq(c.min_replicas, 2);
	ck_assert_int_eq(c.max_replicas, 12);
	ck_assert_uint_eq(c.n_metrics, 1);
	ck_assert_int_eq(c.metrics[0].type, TT_HPA_RESOURCE);
	ck_assert_str_eq(c.metrics[0].name, "cpu");
	ck_assert_int_eq(c.metrics[0].target_type, TT_HPA_UTILIZATION);
	ck_assert(c.metrics[0].target == 60);
	ck_assert_int_eq(c.metrics[0].loc.line, 45);
	ck_assert(c.has_behavior);
	/* scaleUp: its policies replace the defaults; window 0 */
	ck_assert(c.up.has_window);
	ck_assert_int_eq(c.up.window_us, 0);
	ck_assert_int_eq(c.up.select, TT_HPA_SELECT_MAX);
	ck_assert_uint_eq(c.up.n_policies, 2);
	ck_assert(c.up.policies[0].percent);
	ck_assert_int_eq(c.up.policies[0].value, 50);
	ck_assert_int_eq(c.up.policies[0].period_us, 30 * S);
	ck_assert(!c.up.policies[1].percent);
	ck_assert_int_eq(c.up.policies[1].value, 3);
	ck_assert(!c.up.has_tolerance);
	/* scaleDown: its window and policies, the default selectPolicy */
	ck_assert(c.down.has_window);
	ck_assert_int_eq(c.down.window_us, 120 * S);
	ck_assert_int_eq(c.down.select, TT_HPA_SELECT_MAX);
	ck_assert_uint_eq(c.down.n_policies, 1);
	ck_assert(!c.down.policies[0].percent);
	ck_assert_int_eq(c.down.policies[0].value, 2);
	ck_assert_int_eq(c.down.policies[0].period_us, 60 * S);
	tt_hpa_config_release(&c);
	tt_hpa_config_release(&c); /* twice is harmless */
	tt_diag_list_release(&notes);
}
END_TEST

/* No behavior: the legacy path, nothing filled in; minReplicas 1. */
START_TEST(defaults_without_behavior)
{
	static const char *const texts[] = {
	        TOP MAX3 CPU70,
	        TOP MAX3 CPU70 "  minReplicas: null\n  behavior: null\n",
	        TOP MAX3 CPU70 "  minReplicas:\n  behavior:\n"};
	for (size_t i = 0; i < COUNT(texts); i++) {
		tt_hpa_config c;
		parse_ok(texts[i], NULL, NULL, &c);
		ck_assert_int_eq(c.min_replicas, 1);
		ck_assert_int_eq(c.max_replicas, 3);
		ck_assert(!c.has_behavior);
		ck_assert_uint_eq(c.up.n_policies, 0);
		ck_assert_uint_eq(c.down.n_policies, 0);
		ck_assert(!c.up.has_window && !c.down.has_window);
		tt_hpa_config_release(&c);
	}
}
END_TEST

/* behavior: {} takes Kubernetes' defaults for both directions. */
START_TEST(defaults_of_behavior)
{
	tt_hpa_config c;
	parse_ok(TOP MAX3 CPU70 "  behavior: {}\n", NULL, NULL, &c);
	ck_assert(c.has_behavior);
	ck_assert(c.up.has_window);
	ck_assert_int_eq(c.up.window_us, 0);
	ck_assert_int_eq(c.up.select, TT_HPA_SELECT_MAX);
	ck_assert_uint_eq(c.up.n_policies, 2);
	ck_assert(!c.up.policies[0].percent);
	ck_assert_int_eq(c.up.policies[0].value, 4);
	ck_assert_int_eq(c.up.policies[0].period_us, 15 * S);
	ck_assert(c.up.policies[1].percent);
	ck_assert_int_eq(c.up.policies[1].value, 100);
	ck_assert_int_eq(c.up.policies[1].period_us, 15 * S);
	/* scale-down's window is the controller's flag: unset here */
	ck_assert(!c.down.has_window);
	ck_assert_int_eq(c.down.select, TT_HPA_SELECT_MAX);
	ck_assert_uint_eq(c.down.n_policies, 1);
	ck_assert(c.down.policies[0].percent);
	ck_assert_int_eq(c.down.policies[0].value, 100);
	ck_assert_int_eq(c.down.policies[0].period_us, 15 * S);
	ck_assert(!c.up.has_tolerance && !c.down.has_tolerance);
	tt_hpa_config_release(&c);
}
END_TEST

/* A field given replaces its default alone; the rest stay defaults. */
START_TEST(behavior_field_by_field)
{
	tt_hpa_config c;
	parse_ok(TOP MAX3 CPU70 "  behavior:\n"
	                        "    scaleUp: {stabilizationWindowSeconds: 60, "
	                        "tolerance: 50m}\n"
	                        "    scaleDown: {selectPolicy: Disabled, "
	                        "tolerance: \"0\", policies: null}\n",
	         NULL, NULL, &c);
	ck_assert(c.up.has_window);
	ck_assert_int_eq(c.up.window_us, 60 * S);
	ck_assert_uint_eq(c.up.n_policies, 2); /* the defaults */
	ck_assert(c.up.has_tolerance);
	ck_assert(c.up.tolerance == 0.05);
	ck_assert_int_eq(c.down.select, TT_HPA_SELECT_DISABLED);
	ck_assert(!c.down.has_window);
	ck_assert_uint_eq(c.down.n_policies, 1);
	ck_assert(c.down.has_tolerance);
	ck_assert(c.down.tolerance == 0);
	tt_hpa_config_release(&c);

	parse_ok(TOP MAX3 CPU70
	         "  behavior:\n"
	         "    scaleDown:\n"
	         "      selectPolicy: Min\n"
	         "      stabilizationWindowSeconds: 0\n"
	         "      policies:\n"
	         "        - {type: Percent, value: 10, periodSeconds: 1800}\n"
	         "        - {type: Pods, value: 1, periodSeconds: 1}\n",
	         NULL, NULL, &c);
	ck_assert_int_eq(c.down.select, TT_HPA_SELECT_MIN);
	ck_assert(c.down.has_window); /* 0 given is not the flag */
	ck_assert_int_eq(c.down.window_us, 0);
	ck_assert_uint_eq(c.down.n_policies, 2);
	ck_assert_int_eq(c.down.policies[0].period_us, 1800 * S);
	ck_assert_int_eq(c.down.policies[1].period_us, 1 * S);
	ck_assert_uint_eq(c.up.n_policies, 2);
	tt_hpa_config_release(&c);
}
END_TEST

/* Every metric source, each target, in one manifest. */
START_TEST(every_metric_source)
{
	static const char text[] = TOP
	        "  minReplicas: 0\n"
	        "  maxReplicas: 30\n"
	        "  metrics:\n"
	        "    - type: Resource\n"
	        "      resource:\n"
	        "        name: memory\n"
	        "        target: {type: AverageValue, averageValue: 512Mi}\n"
	        "    - type: Pods\n"
	        "      pods:\n"
	        "        metric:\n"
	        "          name: requests_per_second\n"
	        "          selector: {matchLabels: {verb: GET}}\n"
	        "        target: {type: AverageValue, averageValue: 500m}\n"
	        "    - type: Object\n"
	        "      object:\n"
	        "        describedObject: {apiVersion: networking.k8s.io/v1, "
	        "kind: Ingress, name: main}\n"
	        "        metric: {name: concurrent_requests}\n"
	        "        target: {type: Value, value: 2k}\n"
	        "    - type: Object\n"
	        "      object:\n"
	        "        describedObject: {kind: Service, name: web}\n"
	        "        metric: {name: concurrent_requests}\n"
	        "        target: {type: AverageValue, averageValue: \"20\"}\n"
	        "    - type: External\n"
	        "      external:\n"
	        "        metric: {name: queue_length, selector: "
	        "{matchLabels: {queue: jobs}}}\n"
	        "        target: {type: AverageValue, averageValue: 30}\n"
	        "    - type: External\n"
	        "      external:\n"
	        "        metric: {name: queue_length}\n"
	        "        target: {type: Value, value: 1.5e2}\n"
	        "    - type: ContainerResource\n"
	        "      containerResource:\n"
	        "        name: cpu\n"
	        "        container: app\n"
	        "        target: {type: Utilization, averageUtilization: 80}\n";
	static const struct {
		tt_hpa_metric_type type;
		const char *name;
		tt_hpa_target_type target_type;
		double target;
		int line;
	} want[] = {
	        {TT_HPA_RESOURCE, "memory", TT_HPA_AVERAGE_VALUE,
	         512.0 * 1024 * 1024, 9},
	        {TT_HPA_PODS, "requests_per_second", TT_HPA_AVERAGE_VALUE, 0.5,
	         13},
	        {TT_HPA_OBJECT, "concurrent_requests", TT_HPA_VALUE, 2000, 19},
	        {TT_HPA_OBJECT, "concurrent_requests", TT_HPA_AVERAGE_VALUE, 20,
	         24},
	        {TT_HPA_EXTERNAL, "queue_length", TT_HPA_AVERAGE_VALUE, 30, 29},
	        {TT_HPA_EXTERNAL, "queue_length", TT_HPA_VALUE, 150, 33},
	        {TT_HPA_RESOURCE, "cpu", TT_HPA_UTILIZATION, 80, 37},
	};
	tt_hpa_config c;
	tt_diag_list notes = {0};
	char buf[1200];

	parse_ok(text, NULL, &notes, &c);
	ck_assert_int_eq(c.min_replicas, 0);
	ck_assert_uint_eq(c.n_metrics, COUNT(want));
	for (size_t i = 0; i < COUNT(want); i++) {
		const tt_hpa_metric *m = &c.metrics[i];
		ck_assert_int_eq(m->type, want[i].type);
		ck_assert_str_eq(m->name, want[i].name);
		ck_assert_int_eq(m->target_type, want[i].target_type);
		ck_assert_msg(m->target == want[i].target, "metric %zu: %g", i,
		              m->target);
		ck_assert_int_eq(m->loc.line, want[i].line);
		ck_assert_int_eq(m->loc.col, 7);
	}
	ck_assert_uint_eq(notes.count, 2);
	ck_assert_str_eq(note(&notes, 0, buf, sizeof buf),
	                 "hpa.yaml:6:16: note: minReplicas 0 needs the alpha "
	                 "feature gate HPAScaleToZero (off by default in "
	                 "Kubernetes); ttsim simulates it");
	ck_assert_str_eq(note(&notes, 1, buf, sizeof buf),
	                 "hpa.yaml:39:9: warning: "
	                 "spec.metrics[6].containerResource: read as a "
	                 "Resource metric of the whole pod: a ttsim pod is one "
	                 "container, so 'container: app' selects nothing");
	tt_hpa_config_release(&c);
	tt_diag_list_release(&notes);
}
END_TEST

/* A target's type that the value fields contradict: the fields win. */
START_TEST(target_type_contradicted)
{
	tt_hpa_config c;
	tt_diag_list notes = {0};
	char buf[1200];

	parse_ok(TOP MAX3
	         "    - type: Resource\n"
	         "      resource: {name: cpu, target: {type: Utilization, "
	         "averageValue: 250m}}\n"
	         "    - type: External\n"
	         "      external: {metric: {name: queue_length}, target: "
	         "{type: AverageValue, value: 5}}\n",
	         NULL, &notes, &c);
	ck_assert_int_eq(c.metrics[0].target_type, TT_HPA_AVERAGE_VALUE);
	ck_assert(c.metrics[0].target == 0.25);
	ck_assert_int_eq(c.metrics[1].target_type, TT_HPA_VALUE);
	ck_assert(c.metrics[1].target == 5);
	ck_assert_uint_eq(notes.count, 2);
	ck_assert_str_eq(note(&notes, 0, buf, sizeof buf),
	                 "hpa.yaml:9:44: warning: "
	                 "spec.metrics[0].resource.target.type is Utilization, "
	                 "but the target given is 'averageValue': Kubernetes' "
	                 "controller reads 'averageValue', and so does ttsim");
	ck_assert_str_eq(
	        note(&notes, 1, buf, sizeof buf),
	        "hpa.yaml:11:63: warning: "
	        "spec.metrics[1].external.target.type is AverageValue, "
	        "but the target given is 'value': Kubernetes' "
	        "controller reads 'value', and so does ttsim");
	tt_hpa_config_release(&c);
	tt_diag_list_release(&notes);
}
END_TEST

/* The API versions ttsim reads besides v2. */
START_TEST(api_versions)
{
	tt_hpa_config c;
	tt_diag_list notes = {0};
	char buf[1200];

	parse_ok("apiVersion: autoscaling/v2beta2\n"
	         "kind: HorizontalPodAutoscaler\n"
	         "metadata: {name: web}\n"
	         "spec:\n"
	         "  scaleTargetRef: {kind: Deployment, name: web}\n" MAX3 CPU70,
	         NULL, &notes, &c);
	ck_assert_str_eq(
	        note(&notes, 0, buf, sizeof buf),
	        "hpa.yaml:1:13: note: autoscaling/v2beta2 (removed in "
	        "Kubernetes 1.26) is read as autoscaling/v2, which has "
	        "the same fields");
	tt_hpa_config_release(&c);
	tt_diag_list_release(&notes);

	parse_ok("apiVersion: autoscaling/v1\n"
	         "kind: HorizontalPodAutoscaler\n"
	         "metadata:\n"
	         "  name: web\n"
	         "  annotations:\n"
	         "    autoscaling.alpha.kubernetes.io/behavior: '{}'\n"
	         "spec:\n"
	         "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
	         "name: web}\n"
	         "  minReplicas: 2\n"
	         "  maxReplicas: 8\n"
	         "  targetCPUUtilizationPercentage: 75\n"
	         "status: {currentReplicas: 2, desiredReplicas: 2}\n",
	         NULL, &notes, &c);
	ck_assert_int_eq(c.min_replicas, 2);
	ck_assert_int_eq(c.max_replicas, 8);
	ck_assert(!c.has_behavior);
	ck_assert_uint_eq(c.n_metrics, 1);
	ck_assert_int_eq(c.metrics[0].type, TT_HPA_RESOURCE);
	ck_assert_str_eq(c.metrics[0].name, "cpu");
	ck_assert_int_eq(c.metrics[0].target_type, TT_HPA_UTILIZATION);
	ck_assert(c.metrics[0].target == 75);
	ck_assert_int_eq(c.metrics[0].loc.line, 11);
	ck_assert_uint_eq(notes.count, 2);
	ck_assert_str_eq(note(&notes, 0, buf, sizeof buf),
	                 "hpa.yaml:1:13: note: autoscaling/v1: "
	                 "targetCPUUtilizationPercentage is read as one cpu "
	                 "Utilization metric, without behavior");
	ck_assert_str_eq(
	        note(&notes, 1, buf, sizeof buf),
	        "hpa.yaml:6:5: warning: annotation "
	        "'autoscaling.alpha.kubernetes.io/behavior' is ignored: "
	        "ttsim reads the fields of autoscaling/v2 "
	        "(spec.metrics, spec.behavior)");
	tt_hpa_config_release(&c);
	tt_diag_list_release(&notes);
}
END_TEST

/* ---- quantities ---- */

START_TEST(quantities)
{
	static const struct {
		const char *text;
		double value;
	} good[] = {
	        {"0", 0},
	        {"1", 1},
	        {"500m", 0.5},
	        {"250m", 0.25},
	        {"1.5", 1.5},
	        {".5", 0.5},
	        {"1.", 1},
	        {"+2", 2},
	        {"-1", -1},
	        {"007", 7},
	        {"5n", 5e-9},
	        {"3u", 3e-6},
	        {"100k", 1e5},
	        {"2M", 2e6},
	        {"1G", 1e9},
	        {"4T", 4e12},
	        {"1P", 1e15},
	        {"1E", 1e18},
	        {"1Ki", 1024},
	        {"1.5Ki", 1536},
	        {"2Mi", 2097152},
	        {"2Gi", 2147483648.0},
	        {"1Ti", 1099511627776.0},
	        {"1Pi", 1125899906842624.0},
	        {"7Ei", 7 * 1152921504606846976.0},
	        {"1.5e3", 1500},
	        {"1E3", 1000},
	        {"1e-3", 0.001},
	        {"1e+3", 1000},
	        {"12e0", 12},
	        {"0.1", 0.1},
	};
	static const char *const bad[] = {
	        "",        "m",     "1K",   "1x",   "1e",    "1ee3", "1.2.3",
	        "1 m",     "--1",   "1mi",  "1Gib", "e3",    ".",    "+",
	        "1e99999", "1e400", "1e3m", "0x10", "1_000", "Ki",   "1 ",
	};
	for (size_t i = 0; i < COUNT(good); i++) {
		double v = -42;
		ck_assert_msg(tt_hpa_quantity(good[i].text, &v), "'%s'",
		              good[i].text);
		ck_assert_msg(v == good[i].value, "'%s' -> %.17g", good[i].text,
		              v);
	}
	for (size_t i = 0; i < COUNT(bad); i++) {
		double v = -42;
		ck_assert_msg(!tt_hpa_quantity(bad[i], &v), "'%s' read as %g",
		              bad[i], v);
		ck_assert(v == -42);
	}
}
END_TEST

/* ---- picking the HPA out of a file ---- */

/* Two HPAs between other objects and empty documents. */
static const char two_hpas[] =
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata: {name: web}\n"
        "---\n"
        "# nothing but a comment\n"
        "---\n"
        "apiVersion: autoscaling/v2\n"
        "kind: HorizontalPodAutoscaler\n"
        "metadata: {name: web}\n"
        "spec:\n"
        "  scaleTargetRef: {kind: Deployment, name: web}\n"
        "  maxReplicas: 5\n"
        "  metrics: [{type: Resource, resource: {name: cpu, target: "
        "{type: Utilization, averageUtilization: 50}}}]\n"
        "---\n"
        "apiVersion: autoscaling/v2\n"
        "kind: HorizontalPodAutoscaler\n"
        "metadata: {name: worker}\n"
        "spec:\n"
        "  scaleTargetRef: {kind: Deployment, name: worker}\n"
        "  maxReplicas: 9\n"
        "  metrics: [{type: External, external: {metric: {name: "
        "queue_length}, target: {type: AverageValue, averageValue: 10}}}]\n"
        "---\n";

START_TEST(picks_by_name)
{
	tt_hpa_config c;
	parse_ok(two_hpas, "worker", NULL, &c);
	ck_assert_str_eq(c.name, "worker");
	ck_assert_int_eq(c.max_replicas, 9);
	ck_assert_int_eq(c.loc.line, 16);
	tt_hpa_config_release(&c);
	parse_ok(two_hpas, "web", NULL, &c);
	ck_assert_int_eq(c.max_replicas, 5);
	tt_hpa_config_release(&c);
	/* one HPA: the name is optional, and checked when given */
	parse_ok(TOP MAX3 CPU70, NULL, NULL, &c);
	tt_hpa_config_release(&c);
	parse_ok(TOP MAX3 CPU70, "web", NULL, &c);
	tt_hpa_config_release(&c);
}
END_TEST

START_TEST(pick_errors)
{
	parse_err(two_hpas, NULL,
	          "hpa.yaml:1:1: error: 'hpa.yaml' holds 2 "
	          "HorizontalPodAutoscalers ('web', 'worker'); name the one to "
	          "use with 'hpa.name'");
	parse_err(
	        two_hpas, "workers",
	        "hpa.yaml:1:1: error: no HorizontalPodAutoscaler 'workers' in "
	        "'hpa.yaml' (did you mean 'worker'?)");
	parse_err(two_hpas, "api",
	          "hpa.yaml:1:1: error: no HorizontalPodAutoscaler 'api' in "
	          "'hpa.yaml' (it holds 'web', 'worker')");
	parse_err(TOP MAX3 CPU70, "api",
	          "hpa.yaml:1:1: error: no HorizontalPodAutoscaler 'api' in "
	          "'hpa.yaml' (it holds 'web')");
	parse_err(
	        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: "
	        "web}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: "
	        "web-svc}\n---\napiVersion: v1\nkind: ConfigMap\n",
	        NULL,
	        "hpa.yaml:1:1: error: no HorizontalPodAutoscaler in this file "
	        "(it holds Deployment 'web', Service 'web-svc', ConfigMap)");
	parse_err(
	        "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n"
	        "metadata: {name: web}\n",
	        NULL,
	        "hpa.yaml:1:1: error: no HorizontalPodAutoscaler in this file "
	        "(it holds ScaledObject 'web'); a KEDA ScaledObject is for "
	        "'controller: keda'");
	parse_err(TOP MAX3 CPU70 "---\n" TOP MAX3 CPU70, "web",
	          "hpa.yaml:1:1: error: 'hpa.yaml' holds 2 "
	          "HorizontalPodAutoscalers named 'web' (in several "
	          "namespaces?); keep one in the file");
	/* what is not an object */
	parse_err(
	        "- a\n- b\n", NULL,
	        "hpa.yaml:1:1: error: expected a Kubernetes object (a map with "
	        "'apiVersion' and 'kind'), got a sequence");
	parse_err(TOP MAX3 CPU70 "---\napiVersion: v1\nmetadata: {name: x}\n",
	          NULL,
	          "hpa.yaml:11:1: error: kind: Required value: a Kubernetes "
	          "object says what it is (kind: HorizontalPodAutoscaler)");
	/* the YAML itself, in a later document */
	parse_err(TOP MAX3 CPU70 "---\nkind: [\n", NULL,
	          "hpa.yaml:12:1: error: did not find expected node content "
	          "(while parsing a flow node at 12:1)");
	parse_err("", NULL, "hpa.yaml:1:1: error: empty document");
	parse_err("---\n# only comments\n---\n", NULL,
	          "hpa.yaml:1:1: error: empty document");
	/* Terraform, told by its content under another name */
	{
		static const char tf[] = "max_replicas = 3\n";
		tt_hpa_config c;
		tt_diag d;
		char buf[700];
		ck_assert_int_eq(tt_hpa_config_parse(tf, strlen(tf), "hpa.tf",
		                                     NULL, NULL,
		                                     &c, &d),
		                 TT_EINVAL);
		ck_assert_str_eq(
		        tu_diag_str(&d, buf, sizeof buf),
		        "hpa.tf:1:1: error: this file is Terraform, not "
		        "a Kubernetes manifest");
	}
	/* a document that is a string */
	parse_err(
	        "max_replicas = 3\n", NULL,
	        "hpa.yaml:1:1: error: expected a Kubernetes object (a map with "
	        "'apiVersion' and 'kind'), got a string");
}
END_TEST

/* A JSON manifest, and a List as `kubectl get hpa -o json` writes it. */
START_TEST(json_and_lists)
{
	static const char list[] =
	        "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
	        " {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", "
	        "\"metadata\": {\"name\": \"web\"}},\n"
	        " {\"apiVersion\": \"autoscaling/v2\", \"kind\": "
	        "\"HorizontalPodAutoscaler\",\n"
	        "  \"metadata\": {\"name\": \"web\"},\n"
	        "  \"spec\": {\"scaleTargetRef\": {\"kind\": \"Deployment\", "
	        "\"name\": \"web\"},\n"
	        "   \"minReplicas\": 3, \"maxReplicas\": 30,\n"
	        "   \"metrics\": [{\"type\": \"Pods\", \"pods\": {\"metric\": "
	        "{\"name\": \"requests_per_second\"},\n"
	        "     \"target\": {\"type\": \"AverageValue\", "
	        "\"averageValue\": 100}}}]}}]}\n";
	tt_hpa_config c;
	tt_diag d;
	char buf[1200];

	tt_diag_clear(&d);
	tt_code rc = tt_hpa_config_parse(list, strlen(list), "hpa.json", NULL,
	                                 NULL, &c, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_int_eq(c.min_replicas, 3);
	ck_assert_int_eq(c.max_replicas, 30);
	ck_assert_int_eq(c.metrics[0].type, TT_HPA_PODS);
	ck_assert(c.metrics[0].target == 100);
	ck_assert_int_eq(c.loc.line, 3);
	tt_hpa_config_release(&c);

	/* in JSON a string is not an integer, as for the API server */
	static const char quoted[] =
	        "{\"apiVersion\": \"autoscaling/v2\", \"kind\": "
	        "\"HorizontalPodAutoscaler\", \"metadata\": {\"name\": "
	        "\"w\"},\n"
	        " \"spec\": {\"scaleTargetRef\": {\"kind\": \"Deployment\", "
	        "\"name\": \"w\"}, \"maxReplicas\": \"4\"}}\n";
	rc = tt_hpa_config_parse(quoted, strlen(quoted), "hpa.json", NULL,
	                         NULL, &c, &d);
	ck_assert_int_ne(rc, TT_OK);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "hpa.json:2:81: error: expected an integer for "
	                 "'spec.maxReplicas', got a string");

	/* a YAML List of two */
	parse_ok("apiVersion: v1\nkind: List\nitems:\n"
	         "  - apiVersion: autoscaling/v2\n"
	         "    kind: HorizontalPodAutoscaler\n"
	         "    metadata: {name: a}\n"
	         "    spec: {scaleTargetRef: {kind: Deployment, name: a}, "
	         "maxReplicas: 2, metrics: [{type: Resource, resource: {name: "
	         "cpu, target: {type: Utilization, averageUtilization: 9}}}]}\n"
	         "  - apiVersion: apps/v1\n"
	         "    kind: Deployment\n"
	         "    metadata: {name: a}\n",
	         "a", NULL, &c);
	ck_assert_int_eq(c.max_replicas, 2);
	tt_hpa_config_release(&c);
}
END_TEST

/* The pick's place is the scenario's key when the caller gives one. */
START_TEST(pick_located_at_caller)
{
	tt_hpa_config c;
	tt_diag d;
	char buf[1200];
	tt_k8s_which which = {"x", {"s.yaml", 4, 9}, NULL, NULL};
	tt_code rc = tt_hpa_config_parse(two_hpas, strlen(two_hpas), "m.yaml",
	                                 &which, NULL, &c, &d);
	ck_assert_int_eq(rc, TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "s.yaml:4:9: error: no HorizontalPodAutoscaler 'x' in "
	                 "'m.yaml' (it holds 'web', 'worker')");
}
END_TEST

/* tt_doc_parse_yaml_all: each document with its place; the one-document
 * reader still refuses a second. */
START_TEST(yaml_documents)
{
	static const char text[] = "a: 1\n---\n---\nb: 2\n...\n---\n- 3\n";
	tt_doc_list l = {0};
	tt_doc one = {0};
	tt_diag d;
	char buf[700];

	tt_diag_clear(&d);
	ck_assert_int_eq(
	        tt_doc_parse_yaml_all(text, strlen(text), "m.yaml", &l, &d),
	        TT_OK);
	ck_assert_uint_eq(l.count, 3);
	ck_assert_int_eq(l.docs[0].root->loc.line, 1);
	ck_assert_int_eq(l.docs[1].root->loc.line, 4);
	ck_assert_int_eq(l.docs[2].root->kind, TT_NODE_SEQ);
	ck_assert_int_eq(l.docs[2].root->loc.line, 7);
	ck_assert_str_eq(l.docs[2].name, "m.yaml");
	tt_doc_list_release(&l);
	tt_doc_list_release(&l); /* zeroed: harmless */

	ck_assert_int_eq(
	        tt_doc_parse_yaml(text, strlen(text), "m.yaml", &one, &d),
	        TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "m.yaml:2:1: error: expected one YAML document, found "
	                 "a second one");
	/* aliases stay refused in every document */
	static const char alias[] = "a: 1\n---\nb: &x 2\nc: *x\n";
	ck_assert_int_eq(
	        tt_doc_parse_yaml_all(alias, strlen(alias), "m.yaml", &l, &d),
	        TT_EUNSUPPORTED);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "m.yaml:4:4: error: YAML aliases are not supported");
	ck_assert_uint_eq(l.count, 0);
}
END_TEST

/* ---- errors in the object, in Kubernetes' words ---- */

typedef struct err_case {
	const char *text;
	const char *want;
} err_case;

static const err_case errors[] = {
        /* the object */
        {"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\n",
         "hpa.yaml:1:1: error: spec: Required value"},
        {"kind: HorizontalPodAutoscaler\nmetadata: {name: web}\n",
         "hpa.yaml:1:1: error: apiVersion: Required value: ttsim "
         "reads autoscaling/v2"},
        {"apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\n",
         "hpa.yaml:1:13: error: apiVersion: Invalid value: "
         "\"autoscaling/v2beta1\": autoscaling/v2beta1 (removed in "
         "Kubernetes 1.25) is not read: write it as autoscaling/v2"},
        {"apiVersion: apps/v1\nkind: HorizontalPodAutoscaler\n",
         "hpa.yaml:1:13: error: apiVersion: Invalid value: "
         "\"apps/v1\": ttsim reads autoscaling/v2 (also v2beta2 and "
         "v1)"},
        {"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
         "metadata: {namespace: shop}\n",
         "hpa.yaml:3:11: error: metadata.name: Required value: name "
         "or generateName is required"},
        {"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
         "spec: {}\n",
         "hpa.yaml:1:1: error: metadata.name: Required value: name or "
         "generateName is required"},
        {"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\nspecs: {}\n",
         "hpa.yaml:4:1: error: unknown key 'specs' in "
         "'HorizontalPodAutoscaler' (did you mean 'spec'?)"},
        {"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\nspec:\n  maxReplicas: 3\n",
         "hpa.yaml:5:3: error: spec.scaleTargetRef: Required value"},
        {"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n",
         "hpa.yaml:5:19: error: spec.scaleTargetRef.kind: Required "
         "value"},
        {"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\nspec:\n"
         "  scaleTargetRef: {kind: Deployment, nam: web}\n",
         "hpa.yaml:5:38: error: unknown key 'nam' in "
         "'spec.scaleTargetRef' (did you mean 'name'?)"},
        /* replicas */
        {TOP "  metrics: []\n",
         "hpa.yaml:5:3: error: spec.maxReplicas: Required value"},
        {TOP "  maxReplicas: 0\n",
         "hpa.yaml:6:16: error: spec.maxReplicas: Invalid value: 0: "
         "must be greater than 0"},
        {TOP "  minReplicas: 5\n  maxReplicas: 3\n",
         "hpa.yaml:7:16: error: spec.maxReplicas: Invalid value: 3: "
         "must be greater than or equal to `minReplicas`"},
        {TOP "  minReplicas: -1\n  maxReplicas: 3\n",
         "hpa.yaml:6:16: error: spec.minReplicas: Invalid value: -1: "
         "must be greater than or equal to 0"},
        {TOP "  maxReplicas: 200000\n",
         "hpa.yaml:6:16: error: spec.maxReplicas: Invalid value: "
         "200000: ttsim simulates at most 100000 replicas"},
        {TOP "  maxReplicas: 2.5\n",
         "hpa.yaml:6:16: error: expected an integer for "
         "'spec.maxReplicas', got 2.5"},
        {TOP "  maxReplicas: \"4\"\n",
         "hpa.yaml:6:16: error: expected an integer for "
         "'spec.maxReplicas', got a string"},
        {TOP "  maxReplica: 3\n",
         "hpa.yaml:6:3: error: unknown key 'maxReplica' in 'spec' "
         "(did you mean 'maxReplicas'?)"},
        {TOP "  minReplicas: 0\n" MAX3 CPU70,
         "hpa.yaml:9:5: error: spec.metrics: Forbidden: must specify "
         "at least one Object or External metric to support scaling "
         "to zero replicas"},
        /* metrics */
        {TOP "  maxReplicas: 3\n",
         "hpa.yaml:5:3: error: spec.metrics: Required value: ttsim "
         "needs at least one metric (Kubernetes would default to cpu "
         "at 80% utilization)"},
        {TOP "  maxReplicas: 3\n  metrics: []\n",
         "hpa.yaml:7:12: error: spec.metrics: Required value: ttsim "
         "needs at least one metric (Kubernetes would default to cpu "
         "at 80% utilization)"},
        {TOP "  maxReplicas: 3\n  metrics: {type: Resource}\n",
         "hpa.yaml:7:12: error: expected a sequence for "
         "'spec.metrics', got a map"},
        {TOP MAX3 "    - resource: {name: cpu}\n",
         "hpa.yaml:8:7: error: spec.metrics[0].type: Required value: "
         "must specify a metric source type"},
        {TOP MAX3 "    - type: Prometheus\n",
         "hpa.yaml:8:13: error: spec.metrics[0].type: Unsupported "
         "value: \"Prometheus\": supported values: "
         "\"ContainerResource\", \"External\", \"Object\", \"Pods\", "
         "\"Resource\""},
        {TOP MAX3 "    - type: Pods\n",
         "hpa.yaml:8:7: error: spec.metrics[0].pods: Required value: "
         "must populate information for the given metric source"},
        {TOP MAX3 CPU70 "      pods: {}\n",
         "hpa.yaml:10:7: error: spec.metrics[0].pods: Forbidden: must "
         "populate the given metric source only"},
        {TOP MAX3 "    - type: Resource\n      resource: {target: {}}\n",
         "hpa.yaml:9:17: error: spec.metrics[0].resource.name: "
         "Required value: must specify a resource name"},
        {TOP MAX3 "    - type: Resource\n      resource: {name: cpu}\n",
         "hpa.yaml:9:17: error: spec.metrics[0].resource.target.type: "
         "Required value: must specify a metric target type"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: cpu, target: {averageUtilization: "
                  "70}}\n",
         "hpa.yaml:9:37: error: spec.metrics[0].resource.target.type: "
         "Required value: must specify a metric target type"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: cpu, target: {type: Percent, "
                  "averageUtilization: 70}}\n",
         "hpa.yaml:9:44: error: spec.metrics[0].resource.target.type: "
         "Invalid value: \"Percent\": must be either Utilization, "
         "Value, or AverageValue"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: cpu, target: {type: Utilization, "
                  "averageUtilization: 0}}\n",
         "hpa.yaml:9:77: error: "
         "spec.metrics[0].resource.target.averageUtilization: Invalid "
         "value: 0: must be greater than 0"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: cpu, target: {type: Utilization}}\n",
         "hpa.yaml:9:37: error: "
         "spec.metrics[0].resource.target.averageUtilization: "
         "Required value: must set either a target raw value or a "
         "target utilization"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: cpu, target: {type: Utilization, "
                  "averageUtilization: 50, averageValue: 1}}\n",
         "hpa.yaml:9:95: error: "
         "spec.metrics[0].resource.target.averageValue: Invalid "
         "value: \"1\": may not set both a target raw value and a "
         "target utilization"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: nvidia.com/gpu, target: {type: "
                  "Utilization, averageUtilization: 50}}\n",
         "hpa.yaml:9:24: error: spec.metrics[0].resource.name: "
         "resource 'nvidia.com/gpu' is not simulated (ttsim reads "
         "cpu, and memory from a model under 'metrics:')"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: memory, target: {type: "
                  "AverageValue, averageValue: 2GB}}\n",
         "hpa.yaml:9:75: error: "
         "spec.metrics[0].resource.target.averageValue: Invalid "
         "value: \"2GB\": quantities must match the regular "
         "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: memory, target: {type: "
                  "AverageValue, averageValue: [1]}}\n",
         "hpa.yaml:9:75: error: expected a quantity for "
         "'spec.metrics[0].resource.target.averageValue' (\"500m\", "
         "\"2Gi\", 10), got a sequence"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: memory, target: {type: "
                  "AverageValue, averageValue: \"-1Gi\"}}\n",
         "hpa.yaml:9:75: error: "
         "spec.metrics[0].resource.target.averageValue: Invalid "
         "value: \"-1Gi\": must be positive"},
        {TOP MAX3 "    - type: Resource\n"
                  "      resource: {name: cpu, target: {type: Utilization, "
                  "averageUtilisation: 50}}\n",
         "hpa.yaml:9:57: error: unknown key 'averageUtilisation' in "
         "'spec.metrics[0].resource.target' (did you mean "
         "'averageUtilization'?)"},
        {TOP MAX3 "    - type: ContainerResource\n"
                  "      containerResource: {name: cpu, target: {type: "
                  "Utilization, averageUtilization: 50}}\n",
         "hpa.yaml:9:26: error: "
         "spec.metrics[0].containerResource.container: Required "
         "value: must specify a container"},
        {TOP MAX3 "    - type: Pods\n"
                  "      pods: {target: {type: AverageValue, averageValue: "
                  "1}}\n",
         "hpa.yaml:9:13: error: spec.metrics[0].pods.metric.name: "
         "Required value: must specify a metric name"},
        {TOP MAX3 "    - type: Pods\n"
                  "      pods: {metric: {name: \"\"}, target: {type: "
                  "AverageValue, averageValue: 1}}\n",
         "hpa.yaml:9:29: error: spec.metrics[0].pods.metric.name: "
         "Required value: must specify a metric name"},
        {TOP MAX3 "    - type: Pods\n"
                  "      pods: {metric: {name: rps}, target: {type: Value, "
                  "value: 1}}\n",
         "hpa.yaml:9:43: error: "
         "spec.metrics[0].pods.target.averageValue: Required value: "
         "must specify a positive target averageValue"},
        {TOP MAX3 "    - type: Object\n"
                  "      object: {metric: {name: rps}, target: {type: Value, "
                  "value: 1}}\n",
         "hpa.yaml:9:15: error: "
         "spec.metrics[0].object.describedObject.kind: Required "
         "value: must specify the kind of the referenced object"},
        {TOP MAX3 "    - type: Object\n"
                  "      object: {describedObject: {kind: Ingress}, metric: "
                  "{name: rps}, target: {type: Value, value: 1}}\n",
         "hpa.yaml:9:33: error: "
         "spec.metrics[0].object.describedObject.name: Required "
         "value: must specify the name of the referenced object"},
        {TOP MAX3 "    - type: Object\n"
                  "      object: {describedObject: {kind: Ingress, name: i}, "
                  "metric: {name: rps}, target: {type: Value}}\n",
         "hpa.yaml:9:88: error: "
         "spec.metrics[0].object.target.averageValue: Required value: "
         "must set either a target value or averageValue"},
        {TOP MAX3 "    - type: Object\n"
                  "      object: {describedObject: {kind: Ingress, name: i}, "
                  "metric: {name: rps}, target: {type: Value, averageValue: "
                  "5}}\n",
         "hpa.yaml:9:88: error: spec.metrics[0].object.target.value: "
         "Required value: type Value reads 'value' (Kubernetes' "
         "controller would fail to get this metric)"},
        {TOP MAX3 "    - type: Object\n"
                  "      object: {describedObject: {kind: Ingress, name: i}, "
                  "metric: {name: rps}, target: {type: Utilization, value: "
                  "5}}\n",
         "hpa.yaml:9:95: error: spec.metrics[0].object.target.type: "
         "Invalid value: \"Utilization\": an Object metric's target "
         "is Value or AverageValue"},
        {TOP MAX3 "    - type: External\n"
                  "      external: {metric: {name: q}, target: {type: Value, "
                  "value: 10, averageValue: 1}}\n",
         "hpa.yaml:9:66: error: "
         "spec.metrics[0].external.target.value: Invalid value: "
         "\"10\": may not set both a target value for metric and a "
         "per-pod target"},
        {TOP MAX3 "    - type: External\n"
                  "      external: {metric: {name: q}, target: {type: "
                  "Value}}\n",
         "hpa.yaml:9:45: error: "
         "spec.metrics[0].external.target.averageValue: Required "
         "value: must set either a target value for metric or a "
         "per-pod target"},
        {TOP MAX3 "    - type: External\n"
                  "      external: {metric: {name: q}, target: {type: Value, "
                  "value: 0}}\n",
         "hpa.yaml:9:66: error: "
         "spec.metrics[0].external.target.value: Invalid value: "
         "\"0\": must be positive"},
        {TOP MAX3 "    - type: External\n"
                  "      external: {metric: {name: q, labels: {}}, target: "
                  "{type: Value, value: 1}}\n",
         "hpa.yaml:9:36: error: unknown key 'labels' in "
         "'spec.metrics[0].external.metric' (expected one of: name, "
         "selector)"},
        /* behavior */
        {TOP MAX3 CPU70 "  behavior: {scaleUP: {}}\n",
         "hpa.yaml:10:14: error: unknown key 'scaleUP' in "
         "'spec.behavior' (did you mean 'scaleUp'?)"},
        {TOP MAX3 CPU70
         "  behavior: {scaleUp: {stabilizationWindowSeconds: 3601}}\n",
         "hpa.yaml:10:52: error: "
         "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid "
         "value: 3601: must be less than or equal to 3600"},
        {TOP MAX3 CPU70
         "  behavior: {scaleDown: {stabilizationWindowSeconds: -1}}\n",
         "hpa.yaml:10:54: error: "
         "spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid "
         "value: -1: must be greater than or equal to zero"},
        {TOP MAX3 CPU70 "  behavior: {scaleDown: {selectPolicy: Maximum}}\n",
         "hpa.yaml:10:40: error: "
         "spec.behavior.scaleDown.selectPolicy: Unsupported value: "
         "\"Maximum\": supported values: \"Disabled\", \"Max\", "
         "\"Min\""},
        {TOP MAX3 CPU70 "  behavior: {scaleDown: {policies: []}}\n",
         "hpa.yaml:10:36: error: spec.behavior.scaleDown.policies: "
         "Required value: must specify at least one Policy"},
        {TOP MAX3 CPU70
         "  behavior:\n    scaleUp:\n      policies:\n"
         "        - {type: Percentage, value: 10, periodSeconds: 60}\n",
         "hpa.yaml:13:18: error: "
         "spec.behavior.scaleUp.policies[0].type: Unsupported value: "
         "\"Percentage\": supported values: \"Percent\", \"Pods\""},
        {TOP MAX3 CPU70 "  behavior:\n    scaleUp:\n      policies:\n"
                        "        - {type: Pods, value: 4, periodSeconds: 60}\n"
                        "        - {type: Pods, value: 0, periodSeconds: 60}\n",
         "hpa.yaml:14:31: error: "
         "spec.behavior.scaleUp.policies[1].value: Invalid value: 0: "
         "must be greater than zero"},
        {TOP MAX3 CPU70
         "  behavior:\n    scaleUp:\n      policies:\n"
         "        - {type: Pods, value: 4, periodSeconds: 1801}\n",
         "hpa.yaml:13:49: error: "
         "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid "
         "value: 1801: must be less than or equal to 1800"},
        {TOP MAX3 CPU70 "  behavior:\n    scaleUp:\n      policies:\n"
                        "        - {type: Pods, value: 4, periodSeconds: 0}\n",
         "hpa.yaml:13:49: error: "
         "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid "
         "value: 0: must be greater than zero"},
        {TOP MAX3 CPU70 "  behavior:\n    scaleUp:\n      policies:\n"
                        "        - {type: Pods, value: 4}\n",
         "hpa.yaml:13:11: error: "
         "spec.behavior.scaleUp.policies[0].periodSeconds: Required "
         "value"},
        {TOP MAX3 CPU70 "  behavior: {scaleDown: {tolerance: -0.1}}\n",
         "hpa.yaml:10:37: error: spec.behavior.scaleDown.tolerance: "
         "Invalid value: \"-0.1\": must be greater than or equal to "
         "zero"},
        {TOP MAX3 CPU70 "  behavior: {scaleDown: {tolerance: 5%}}\n",
         "hpa.yaml:10:37: error: spec.behavior.scaleDown.tolerance: "
         "Invalid value: \"5%\": quantities must match the regular "
         "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
        {TOP MAX3 CPU70 "  behavior: [scaleUp]\n",
         "hpa.yaml:10:13: error: expected a map for 'spec.behavior', "
         "got a sequence"},
        /* autoscaling/v1 */
        {"apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\nspec:\n"
         "  scaleTargetRef: {kind: Deployment, name: web}\n"
         "  maxReplicas: 3\n",
         "hpa.yaml:5:3: error: spec.targetCPUUtilizationPercentage: "
         "Required value: ttsim needs a target (Kubernetes would "
         "default to 80)"},
        {"apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\nspec:\n"
         "  scaleTargetRef: {kind: Deployment, name: web}\n"
         "  minReplicas: 0\n  maxReplicas: 3\n"
         "  targetCPUUtilizationPercentage: 50\n",
         "hpa.yaml:6:16: error: spec.minReplicas: Invalid value: 0: "
         "must be greater than or equal to 1 (scaling to zero needs "
         "an Object or External metric, which autoscaling/v1 cannot "
         "give)"},
        {"apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\nspec:\n"
         "  scaleTargetRef: {kind: Deployment, name: web}\n"
         "  maxReplicas: 3\n  metrics: []\n",
         "hpa.yaml:7:3: error: unknown key 'metrics' in 'spec' "
         "(expected one of: scaleTargetRef, minReplicas, maxReplicas, "
         "targetCPUUtilizationPercentage)"},
};

START_TEST(error_messages)
{
	parse_err(errors[_i].text, NULL, errors[_i].want);
}
END_TEST

/* tt_hpa_config_read on a document that is not an HPA. */
START_TEST(read_refuses_other_kinds)
{
	static const char text[] = "apiVersion: apps/v1\nkind: "
	                           "Deployment\nmetadata: {name: web}\n";
	tt_doc doc = {0};
	tt_hpa_config c;
	tt_diag d;
	char buf[700];
	ck_assert_int_eq(
	        tt_doc_parse_yaml(text, strlen(text), "d.yaml", &doc, &d),
	        TT_OK);
	ck_assert_int_eq(tt_hpa_config_read(doc.root, NULL, &c, &d), TT_EINVAL);
	ck_assert_str_eq(
	        tu_diag_str(&d, buf, sizeof buf),
	        "d.yaml:2:7: error: kind: Invalid value: \"Deployment\": "
	        "ttsim reads a HorizontalPodAutoscaler");
	tt_doc_release(&doc);
}
END_TEST

START_TEST(load_missing_file)
{
	tt_hpa_config c;
	tt_diag d;
	char buf[700];
	ck_assert_int_eq(tt_hpa_config_load("no/such/hpa.yaml", NULL,
	                                    NULL, &c, &d),
	                 TT_EIO);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "no/such/hpa.yaml: error: cannot open "
	                 "'no/such/hpa.yaml': No such file or directory");
}
END_TEST

/* ---- the scenario's keys ---- */

static tt_code load_scenario(const char *yaml, const tt_overrides *ov,
                             tt_scenario *s, tt_diag *d)
{
	char dir[1024];
	tu_src_path(dir, sizeof dir, "tests/data/hpa");
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

#define WL                                                                     \
	"workload: {synthetic: {shape: constant, rate: 600}}\n"                \
	"instance: {service_time: 100ms}\n"
#define SIM "simulation: {duration: 1h}\n"

/* The AWS controller: knobs at their defaults, no manifest. */
START_TEST(scenario_default_controller)
{
	tt_scenario s;
	scenario_ok("capacity: {min: 1, max: 4}\n"
	            "policies:\n"
	            "  - TargetTrackingScalingPolicyConfiguration: "
	            "{TargetValue: 70, PredefinedMetricSpecification: "
	            "{PredefinedMetricType: "
	            "SageMakerVariantInvocationsPerInstance}}\n" WL SIM,
	            NULL, &s);
	ck_assert_int_eq(s.controller, TT_CONTROLLER_AWS);
	ck_assert_ptr_null(s.hpa);
	const tt_hpa_knobs *k = &s.hpa_knobs;
	ck_assert_int_eq(k->sync_period_us, 15 * S);
	ck_assert(k->tolerance == 0.1);
	ck_assert(k->configurable_tolerance);
	ck_assert_int_eq(k->downscale_stabilization_us, 300 * S);
	ck_assert_int_eq(k->cpu_initialization_period_us, 300 * S);
	ck_assert_int_eq(k->metric_window_us, 15 * S);
	ck_assert(!k->has_pod_startup);
	tt_scenario_release(&s);
}
END_TEST

/* tests/data/hpa/web.yaml through the scenario: capacity from the
 * manifest, no policies, the knobs given. */
START_TEST(scenario_hpa_controller)
{
	tt_scenario s;
	scenario_ok("controller: hpa\n"
	            "hpa:\n"
	            "  file: web.yaml\n"
	            "  name: web\n"
	            "  sync_period: 30s\n"
	            "  tolerance: 0.05\n"
	            "  configurable_tolerance: false\n"
	            "  downscale_stabilization: 2m\n"
	            "  cpu_initialization_period: 0\n"
	            "  metric_window: 1m\n"
	            "  pod_startup: {dist: uniform, min: 20s, max: 40s}\n"
	            "capacity: {initial: 5}\n" WL SIM,
	            NULL, &s);
	ck_assert_int_eq(s.controller, TT_CONTROLLER_HPA);
	ck_assert_ptr_nonnull(s.hpa);
	ck_assert_str_eq(s.hpa->name, "web");
	ck_assert_int_eq(s.min_capacity, 2);
	ck_assert_int_eq(s.max_capacity, 12);
	ck_assert_int_eq(s.initial_capacity, 5);
	ck_assert_uint_eq(s.n_policies, 0);
	ck_assert_str_eq(s.resource, "endpoint/my-endpoint/variant/my-variant");
	const tt_hpa_knobs *k = &s.hpa_knobs;
	ck_assert_int_eq(k->sync_period_us, 30 * S);
	ck_assert(k->tolerance == 0.05);
	ck_assert(!k->configurable_tolerance);
	ck_assert_int_eq(k->downscale_stabilization_us, 120 * S);
	ck_assert_int_eq(k->cpu_initialization_period_us, 0);
	ck_assert_int_eq(k->metric_window_us, 60 * S);
	ck_assert(k->has_pod_startup);
	ck_assert_int_eq(k->pod_startup.kind, TT_DRAWN_UNIFORM);
	/* the manifest's locations name the manifest, kept by the scenario */
	ck_assert_ptr_nonnull(
	        strstr(s.hpa->loc.file, "tests/data/hpa/web.yaml"));
	ck_assert_uint_eq(s.notes.count, 0);
	tt_scenario_release(&s);

	/* initial defaults to minReplicas */
	scenario_ok("controller: hpa\nhpa: {file: web.yaml}\n" WL SIM, NULL,
	            &s);
	ck_assert_int_eq(s.initial_capacity, 2);
	tt_scenario_release(&s);
}
END_TEST

/* capacity.initial outside the manifest's replicas: valid, with a note. */
START_TEST(scenario_initial_outside)
{
	static const struct {
		const char *initial;
		const char *note;
	} cases[] = {
	        {"0", "s.yaml:3:21: note: 'initial' 0 with minReplicas 2: the "
	              "HPA does not scale a workload at 0 replicas "
	              "(ScalingDisabled), so the run stays at 0"},
	        {"1",
	         "s.yaml:3:21: note: 'initial' 1 is outside the manifest's "
	         "replicas (2..12): the first sync sets 2"},
	        {"40", "s.yaml:3:21: note: 'initial' 40 is outside the "
	               "manifest's replicas (2..12): the first sync sets 12"},
	};
	for (size_t i = 0; i < COUNT(cases); i++) {
		char yaml[512], buf[1200];
		tt_scenario s;
		snprintf(yaml, sizeof yaml,
		         "controller: hpa\nhpa: {file: web.yaml}\n"
		         "capacity: {initial: %s}\n" WL SIM,
		         cases[i].initial);
		scenario_ok(yaml, NULL, &s);
		ck_assert_int_eq(s.initial_capacity,
		                 strtol(cases[i].initial, NULL, 10));
		ck_assert_uint_eq(s.notes.count, 1);
		ck_assert_str_eq(note(&s.notes, 0, buf, sizeof buf),
		                 cases[i].note);
		tt_scenario_release(&s);
	}
}
END_TEST

/* A scenario file: `hpa.file` resolved against its directory. */
START_TEST(scenario_file_paths)
{
	char path[1024];
	tt_scenario s;
	tt_diag d;
	char buf[1200];
	tu_src_path(path, sizeof path, "tests/data/hpa/scenario.yaml");
	tt_code rc = tt_scenario_load_file(path, &s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_int_eq(s.controller, TT_CONTROLLER_HPA);
	ck_assert_str_eq(s.hpa->name, "web");
	ck_assert(s.hpa_knobs.tolerance == 0.05);
	ck_assert(!s.hpa_knobs.has_pod_startup); /* instance.provisioning */
	ck_assert_int_eq(s.provisioning.value_us, 40 * S);
	ck_assert_ptr_nonnull(strstr(s.hpa->loc.file, "hpa/web.yaml"));
	tt_scenario_release(&s);
}
END_TEST

/* `--set hpa.KEY=VALUE`, like any scenario key. */
START_TEST(scenario_overrides)
{
	tt_override items[] = {{"hpa.tolerance", "0.05", NULL},
	                       {"hpa.downscale_stabilization", "60s", NULL},
	                       {"capacity.initial", "4", NULL}};
	tt_overrides ov = {items, COUNT(items)};
	tt_scenario s;
	scenario_ok("controller: hpa\nhpa: {file: web.yaml}\n" WL SIM, &ov, &s);
	ck_assert(s.hpa_knobs.tolerance == 0.05);
	ck_assert_int_eq(s.hpa_knobs.downscale_stabilization_us, 60 * S);
	ck_assert_int_eq(s.initial_capacity, 4);
	tt_scenario_release(&s);

	tt_override bad[] = {{"hpa.tolerance", "-1", NULL}};
	tt_overrides ov_bad = {bad, 1};
	tt_diag d;
	char buf[700];
	ck_assert_int_ne(load_scenario("controller: hpa\nhpa: {file: "
	                               "web.yaml}\n" WL SIM,
	                               &ov_bad, &s, &d),
	                 TT_OK);
	ck_assert_str_eq(
	        tu_diag_str(&d, buf, sizeof buf),
	        "--set 'hpa.tolerance=-1':1:15: error: 'tolerance' must "
	        "be >= 0, got -1");
}
END_TEST

/* Where each metric's values come from, and the notes of a scenario. */
START_TEST(scenario_metric_sources)
{
	tt_scenario s;
	char buf[1200];
	scenario_ok("controller: hpa\n"
	            "hpa: {file: sources.yaml, configurable_tolerance: false}\n"
	            "metrics:\n"
	            "  memory: {model: linear, idle: 30, per_rps: 0.5}\n"
	            "  queue_length: {model: linear, idle: 0, per_rps: 1}\n"
	            "instance: {service_time: 200ms}\n"
	            "workload: {synthetic: {shape: constant, rate: 600}}\n" SIM,
	            NULL, &s);
	static const tt_hpa_metric_source want[] = {
	        TT_HPA_FROM_CPU, TT_HPA_FROM_MODEL, TT_HPA_FROM_RPS,
	        TT_HPA_FROM_CONCURRENT, TT_HPA_FROM_MODEL};
	ck_assert_uint_eq(s.hpa->n_metrics, COUNT(want));
	for (size_t i = 0; i < COUNT(want); i++) {
		tt_hpa_metric_source src;
		const tt_metric_model *model;
		ck_assert(
		        tt_sv_hpa_source(&s, &s.hpa->metrics[i], &src, &model));
		ck_assert_int_eq(src, want[i]);
		ck_assert((model != NULL) == (src == TT_HPA_FROM_MODEL));
	}
	ck_assert_str_eq(tt_sv_hpa_source_name(TT_HPA_FROM_QUEUE),
	                 "queue_length");
	ck_assert_str_eq(tt_sv_hpa_source_name(TT_HPA_FROM_RPS),
	                 "requests_per_second");
	/* the model named queue_length wins over the built-in name */
	ck_assert_uint_eq(s.notes.count, 1);
	const char *got = note(&s.notes, 0, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(got, "tests/data/hpa/sources.yaml:1:1: "
	                                  "warning: spec.behavior.scaleUp."
	                                  "tolerance is ignored: "
	                                  "'hpa.configurable_tolerance' is "
	                                  "false (a cluster without the "
	                                  "HPAConfigurableTolerance feature "
	                                  "gate), so 'hpa.tolerance' 0.1 "
	                                  "applies"));
	tt_scenario_release(&s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hpa_config");
	const tu_case cases[] = {
	        {"reads_every_field", reads_every_field},
	        {"defaults_without_behavior", defaults_without_behavior},
	        {"defaults_of_behavior", defaults_of_behavior},
	        {"behavior_field_by_field", behavior_field_by_field},
	        {"every_metric_source", every_metric_source},
	        {"target_type_contradicted", target_type_contradicted},
	        {"api_versions", api_versions},
	        {"quantities", quantities},
	        {"picks_by_name", picks_by_name},
	        {"pick_errors", pick_errors},
	        {"json_and_lists", json_and_lists},
	        {"pick_located_at_caller", pick_located_at_caller},
	        {"yaml_documents", yaml_documents},
	        {"read_refuses_other_kinds", read_refuses_other_kinds},
	        {"load_missing_file", load_missing_file},
	        {"scenario_default_controller", scenario_default_controller},
	        {"scenario_hpa_controller", scenario_hpa_controller},
	        {"scenario_initial_outside", scenario_initial_outside},
	        {"scenario_file_paths", scenario_file_paths},
	        {"scenario_overrides", scenario_overrides},
	        {"scenario_metric_sources", scenario_metric_sources},
	};
	TU_ADD_CASES(s, cases);
	TCase *tc = tcase_create("error_messages");
	tcase_add_loop_test(tc, error_messages, 0, (int)COUNT(errors));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
