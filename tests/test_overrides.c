/*
 * test_overrides.c - `--set KEY=VALUE` (overrides.c): the paths it
 * walks into a scenario, `policies[N].KEY` into an inline policy and into
 * every AWS form a policy file can take, `policies[N].alarm.KEY` into an
 * alarm inline or in a file, `hpa.KEY` and `keda.KEY` into the manifest
 * the scenario names, lists and sweep ranges, and the exact
 * message of every bad path.
 *
 * Overrides go through the public loader (tt_scenario_load_text_with),
 * as the command uses them, so each test says what the loaded scenario
 * holds afterwards.  The policy files are written for each test into a
 * scratch folder in the build directory.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alarm_def.h"
#include "hpa_config.h"
#include "node.h"
#include "overrides_node.h"
#include "step.h"
#include "testutil.h"
#include "ttsim/scenario.h"
#include "ttsim/sweep.h"

#define S(x) ((tt_time_us)(x)*TT_US_PER_S)

#define CAP "capacity: {initial: 2, min: 1, max: 10}\n"
#define WL "workload: {synthetic: {shape: constant, rate: 600}}\n"
#define SIM "simulation: {duration: 1h}\n"
#define IPI "{PredefinedMetricType: SageMakerVariantInvocationsPerInstance}"
#define INLINE                                                                 \
	"policies:\n"                                                          \
	"  - name: ipi\n"                                                      \
	"    TargetTrackingScalingPolicyConfiguration:\n"                      \
	"      TargetValue: 70\n"                                              \
	"      PredefinedMetricSpecification: " IPI "\n"

/* --- the policy files, one per form ------------------------------------ */

#define JCONFIG                                                                \
	"{\"TargetValue\": 70, \"ScaleInCooldown\": 600,"                      \
	" \"PredefinedMetricSpecification\": {\"PredefinedMetricType\":"       \
	" \"SageMakerVariantInvocationsPerInstance\"}}"
#define IDS                                                                    \
	"\"ServiceNamespace\": \"sagemaker\","                                 \
	" \"ResourceId\": \"endpoint/checkout/variant/AllTraffic\","           \
	" \"ScalableDimension\": \"sagemaker:variant:DesiredInstanceCount\""
#define ENTRY(name, type, key, config)                                         \
	"{\"PolicyARN\": \"arn:aws:autoscaling:::scalingPolicy:" name "\","    \
	" \"PolicyName\": \"" name "\", " IDS ", \"PolicyType\": \"" type      \
	"\", \"" key "\": " config ", \"Alarms\": []}"
#define TT_ENTRY(name)                                                         \
	ENTRY(name, "TargetTrackingScaling",                                   \
	      "TargetTrackingScalingPolicyConfiguration", JCONFIG)
#define STEP_CONFIG                                                            \
	"{\"AdjustmentType\": \"ChangeInCapacity\", \"StepAdjustments\":"      \
	" [{\"MetricIntervalLowerBound\": 0, \"ScalingAdjustment\": 1}]}"
#define STEP_ENTRY(name)                                                       \
	ENTRY(name, "StepScaling", "StepScalingPolicyConfiguration",           \
	      STEP_CONFIG)

static const struct {
	const char *name, *text;
} files[] = {
        /* the file:// form of the CLI */
        {"config.json", JCONFIG},
        {"config.yaml", "TargetValue: 70\nScaleInCooldown: 600\n"
                        "PredefinedMetricSpecification: " IPI "\n"},
        /* --cli-input-json of put-scaling-policy */
        {"put.json",
         "{\"PolicyName\": \"put\", " IDS ","
         " \"PolicyType\": \"TargetTrackingScaling\","
         " \"TargetTrackingScalingPolicyConfiguration\": " JCONFIG "}"},
        /* describe-scaling-policies: whole, its list, one entry */
        {"describe.json",
         "{\"ScalingPolicies\": [" TT_ENTRY("first") ", " ENTRY(
                 "step", "StepScaling", "StepScalingPolicyConfiguration",
                 STEP_CONFIG) ", " TT_ENTRY("second") "]}"},
        {"describe-list.json", "[" TT_ENTRY("listed") "]"},
        {"describe-entry.json", TT_ENTRY("alone")},
        /* files that hold no configuration to change */
        {"register.json", "{" IDS ", \"MinCapacity\": 1, \"MaxCapacity\": 4}"},
        {"step.json", "{\"PolicyName\": \"step\", " IDS ","
                      " \"PolicyType\": \"StepScaling\","
                      " \"StepScalingPolicyConfiguration\": " STEP_CONFIG "}"},
        /* step scaling in the other forms */
        {"step-config.json", STEP_CONFIG},
        {"step-list.json", "[" STEP_ENTRY("listed-step") "]"},
        {"step-entry.json", STEP_ENTRY("alone-step")},
        /* a PutMetricAlarm request, for a step policy's alarm */
        {"alarm.json",
         "{\"AlarmName\": \"high\", \"Namespace\": \"AWS/SageMaker\","
         " \"MetricName\": \"Invocations\", \"Statistic\": \"Sum\","
         " \"Period\": 60, \"EvaluationPeriods\": 1, \"Threshold\": 100,"
         " \"ComparisonOperator\": \"GreaterThanThreshold\"}"},
        /* describe-alarms output with two alarms, picked by name */
        {"alarms.json",
         "{\"MetricAlarms\": [{\"AlarmName\": \"low\", \"AlarmArn\": \"a\","
         " \"StateValue\": \"OK\", \"Namespace\": \"AWS/SageMaker\","
         " \"MetricName\": \"Invocations\", \"Statistic\": \"Sum\","
         " \"Period\": 60, \"EvaluationPeriods\": 1, \"Threshold\": 10,"
         " \"ComparisonOperator\": \"LessThanThreshold\"},"
         " {\"AlarmName\": \"high\", \"AlarmArn\": \"b\","
         " \"StateValue\": \"OK\", \"Namespace\": \"AWS/SageMaker\","
         " \"MetricName\": \"Invocations\", \"Statistic\": \"Sum\","
         " \"Period\": 60, \"EvaluationPeriods\": 1, \"Threshold\": 100,"
         " \"ComparisonOperator\": \"GreaterThanThreshold\"}]}"},
        /* an ECS service one task more per cooldown while its CPU alarm
         * holds: 78/s at 4 % per request per second is 312 % over its
         * tasks, 78 % on 4, 62.4 % on 5, 52 % on 6 */
        {"ecs-step.json",
         "{\"PolicyName\": \"orders-out\", \"ServiceNamespace\": \"ecs\","
         " \"ResourceId\": \"service/shop/orders\","
         " \"ScalableDimension\": \"ecs:service:DesiredCount\","
         " \"PolicyType\": \"StepScaling\","
         " \"StepScalingPolicyConfiguration\": {\"AdjustmentType\":"
         " \"ChangeInCapacity\", \"Cooldown\": 300, \"StepAdjustments\":"
         " [{\"MetricIntervalLowerBound\": 0, \"ScalingAdjustment\": 1}]}}"},
        {"ecs-cpu-high.json",
         "{\"AlarmName\": \"orders-cpu-high\", \"Namespace\": \"AWS/ECS\","
         " \"MetricName\": \"CPUUtilization\", \"Dimensions\":"
         " [{\"Name\": \"ClusterName\", \"Value\": \"shop\"},"
         " {\"Name\": \"ServiceName\", \"Value\": \"orders\"}],"
         " \"Statistic\": \"Average\", \"Period\": 60,"
         " \"EvaluationPeriods\": 1, \"Threshold\": 90,"
         " \"ComparisonOperator\": \"GreaterThanThreshold\"}"},
        {"ecs-step.yaml",
         "name: orders on one CPU alarm\n"
         "capacity: {initial: 4, min: 1, max: 10}\n"
         "policies:\n"
         "  - file: ecs-step.json\n"
         "    alarm: {file: ecs-cpu-high.json}\n"
         "metrics:\n"
         "  CPUUtilization: {model: linear, per_rps: 4}\n"
         "instance: {provisioning: 60s}\n"
         "workload: {synthetic: {shape: constant, rate: 78/s}}\n"
         "simulation: {duration: 2h}\n"},
        /* a Deployment and its HPA, as kept beside it */
        {"web.yaml",
         "apiVersion: apps/v1\n"
         "kind: Deployment\n"
         "metadata: {name: web}\n"
         "---\n"
         "apiVersion: autoscaling/v2\n"
         "kind: HorizontalPodAutoscaler\n"
         "metadata: {name: web}\n"
         "spec:\n"
         "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
         "name: web}\n"
         "  minReplicas: 2\n"
         "  maxReplicas: 20\n"
         "  metrics:\n"
         "    - type: Resource\n"
         "      resource: {name: cpu, target: {type: Utilization, "
         "averageUtilization: 60}}\n"},
        {"worker.yaml",
         "apiVersion: keda.sh/v1alpha1\n"
         "kind: ScaledObject\n"
         "metadata: {name: worker}\n"
         "spec:\n"
         "  scaleTargetRef: {name: worker}\n"
         "  maxReplicaCount: 8\n"
         "  triggers:\n"
         "    - type: aws-sqs-queue\n"
         "      metadata: {queueURL: q, queueLength: '5'}\n"},
};

#define N_FILES (sizeof files / sizeof files[0])

/* The scratch folder, made by the fixture for each test. */
static char dir[512];

static void files_setup(void)
{
	const char *build = getenv("TTSIM_BUILD_DIR");
	snprintf(dir, sizeof dir, "%s/test_overrides-%ld", build ? build : ".",
	         (long)getpid());
	/* a test that failed may have left it (CK_FORK=no) */
	ck_assert_msg(mkdir(dir, 0700) == 0 || errno == EEXIST,
	              "cannot make %s", dir);
	for (size_t i = 0; i < N_FILES; i++) {
		char path[700];
		snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
		FILE *f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		fputs(files[i].text, f);
		ck_assert_int_eq(fclose(f), 0);
	}
}

static void files_teardown(void)
{
	for (size_t i = 0; i < N_FILES; i++) {
		char path[700];
		snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
		unlink(path);
	}
	rmdir(dir);
}

/* --- loading with overrides --------------------------------------------- */

/* Split "KEY=VALUE" texts (NULL-terminated) into overrides. */
typedef struct sets {
	tt_override items[40];
	char keys[40][256];
	tt_overrides ov;
} sets;

static const tt_overrides *sets_of(sets *st, const char *const *texts)
{
	size_t n = 0;
	for (; texts[n]; n++) {
		ck_assert_uint_lt(n, 40);
		const char *eq = strchr(texts[n], '=');
		ck_assert_ptr_nonnull(eq);
		snprintf(st->keys[n], sizeof st->keys[n], "%.*s",
		         (int)(eq - texts[n]), texts[n]);
		st->items[n].key = st->keys[n];
		st->items[n].value = (char *)(eq + 1);
		st->items[n].option = NULL;
	}
	st->ov = (tt_overrides){st->items, n};
	return &st->ov;
}

static tt_code load_ov(const char *yaml, const tt_overrides *ov, tt_scenario *s,
                       tt_diag *d)
{
	tt_diag_clear(d);
	return tt_scenario_load_text_with(yaml, strlen(yaml), "s.yaml", dir, ov,
	                                  s, d);
}

/* Load `yaml` with the overrides `texts`, which must succeed. */
static void load_ok(const char *yaml, const char *const *texts, tt_scenario *s)
{
	sets st;
	tt_diag d;
	char buf[800];
	tt_code rc = load_ov(yaml, sets_of(&st, texts), s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* Load `yaml` with the one override `text`, which must fail: the message. */
static const char *load_error(const char *yaml, const char *text, char *buf,
                              size_t size)
{
	const char *texts[] = {text, NULL};
	sets st;
	tt_scenario s;
	tt_diag d;
	ck_assert_int_ne(load_ov(yaml, sets_of(&st, texts), &s, &d), TT_OK);
	return tu_diag_str(&d, buf, size);
}

/* A scenario whose one policy is the file `name`. */
static const char *file_scenario(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, CAP "policies: [{file: %s}]\n" WL SIM, name);
	return buf;
}

/* --- scenario keys -------------------------------------------------------- */

/* Replace a value, add a key and the maps above it, apply in order. */
START_TEST(scenario_keys)
{
	tt_scenario s;
	static const char *const none[] = {NULL};
	load_ok(CAP INLINE WL SIM, none, &s);
	ck_assert_int_eq(s.max_capacity, 10);
	ck_assert_int_eq(s.aws.alarm_low.periods, 15);
	tt_scenario_release(&s);

	static const char *const sets1[] = {
	        "capacity.max=30", "aws.alarm_low.periods=20",
	        "name=what-if",    "simulation.duration=2h",
	        "capacity.max=40", NULL};
	load_ok(CAP INLINE WL SIM, sets1, &s);
	/* the later of two overrides of one key wins */
	ck_assert_int_eq(s.max_capacity, 40);
	ck_assert_int_eq(s.min_capacity, 1);
	ck_assert_int_eq(s.aws.alarm_low.periods, 20);
	ck_assert_str_eq(s.name, "what-if");
	ck_assert_int_eq(s.duration_us, S(7200));
	tt_scenario_release(&s);

	/* VALUE is YAML: quoted, it is a string even when it reads as a
	 * number */
	static const char *const quoted[] = {"name='70'", NULL};
	load_ok(CAP INLINE WL SIM, quoted, &s);
	ck_assert_str_eq(s.name, "70");
	tt_scenario_release(&s);
}
END_TEST

/*
 * An override's nodes are located in its own text, and that name is
 * kept with the scenario's files, so an error found after loading (or a
 * note) can still point at it.
 */
START_TEST(scenario_keeps_the_label)
{
	tt_scenario s;
	static const char *const sets1[] = {"capacity.max=30", NULL};
	load_ok(CAP INLINE WL SIM, sets1, &s);
	bool found = false;
	for (size_t i = 0; i < s.n_files; i++)
		found |= strcmp(s.files[i], "--set 'capacity.max=30'") == 0;
	ck_assert(found);
	tt_scenario_release(&s);

	/* a key the schema lacks is refused by the loader, at the override */
	char buf[800];
	static const char want[] = "--set 'simulation.durations=2h':1:12: "
	                           "error: unknown key 'durations' in "
	                           "'simulation'";
	const char *msg = load_error(
	        CAP INLINE WL SIM, "simulation.durations=2h", buf, sizeof buf);
	ck_assert_msg(strncmp(msg, want, strlen(want)) == 0, "%s", msg);
}
END_TEST

/* --- policies ------------------------------------------------------------- */

/*
 * policies[N].KEY is a key of policy N's configuration, written short or
 * in full; `name` and `file` are the entry's own.
 */
START_TEST(inline_policy)
{
	tt_scenario s;
	static const char *const sets1[] = {
	        "policies[0].TargetValue=500",
	        "policies[0].ScaleInCooldown=120",
	        "policies[0].TargetTrackingScalingPolicyConfiguration."
	        "ScaleOutCooldown=30",
	        "policies[0].name=renamed", NULL};
	load_ok(CAP INLINE WL SIM, sets1, &s);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_double_eq(s.policies[0].target_value, 500);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, S(120));
	ck_assert_int_eq(s.policies[0].scale_out_cooldown_us, S(30));
	ck_assert_str_eq(s.policies[0].name, "renamed");
	tt_scenario_release(&s);
}
END_TEST

/* Every form of a policy file: what its configurations hold after
 * `policies[0].TargetValue=55` and `policies[0].ScaleInCooldown=60`. */
static const struct {
	const char *file;
	size_t n_policies;
	const char *names[2];
} form_cases[] = {
        {"config.json", 1, {"config"}},
        {"config.yaml", 1, {"config"}},
        {"put.json", 1, {"put"}},
        /* every target-tracking entry changes; the step one is skipped */
        {"describe.json", 2, {"first", "second"}},
        {"describe-list.json", 1, {"listed"}},
        {"describe-entry.json", 1, {"alone"}},
};

START_TEST(file_forms)
{
	char yaml[512];
	tt_scenario s;
	static const char *const sets1[] = {"policies[0].TargetValue=55",
	                                    "policies[0].ScaleInCooldown=60",
	                                    NULL};
	load_ok(file_scenario(yaml, sizeof yaml, form_cases[_i].file), sets1,
	        &s);
	ck_assert_uint_eq(s.n_policies, form_cases[_i].n_policies);
	for (size_t i = 0; i < s.n_policies; i++) {
		ck_assert_str_eq(s.policies[i].name, form_cases[_i].names[i]);
		ck_assert_double_eq(s.policies[i].target_value, 55);
		ck_assert_int_eq(s.policies[i].scale_in_cooldown_us, S(60));
		/* the value is located in the override, not in the file */
		ck_assert_str_eq(s.policies[i].target_loc.file,
		                 "--set 'policies[0].TargetValue=55'");
		ck_assert_int_eq(s.policies[i].target_loc.col, 25);
	}
	tt_scenario_release(&s);

	/* the file itself is untouched */
	static const char *const none[] = {NULL};
	load_ok(yaml, none, &s);
	for (size_t i = 0; i < s.n_policies; i++) {
		ck_assert_double_eq(s.policies[i].target_value, 70);
		ck_assert_int_eq(s.policies[i].scale_in_cooldown_us, S(600));
	}
	tt_scenario_release(&s);
}
END_TEST

/* The long form reaches into a file too, and N picks the entry. */
START_TEST(file_index_and_long_form)
{
	tt_scenario s;
	static const char *const sets1[] = {
	        "policies[1].TargetTrackingScalingPolicyConfiguration."
	        "TargetValue=44",
	        "policies[1].DisableScaleIn=true", NULL};
	load_ok(CAP
	        "policies: [{file: config.json}, {file: put.json}]\n" WL SIM,
	        sets1, &s);
	ck_assert_uint_eq(s.n_policies, 2);
	ck_assert_double_eq(s.policies[0].target_value, 70);
	ck_assert(!s.policies[0].disable_scale_in);
	ck_assert_double_eq(s.policies[1].target_value, 44);
	ck_assert(s.policies[1].disable_scale_in);
	tt_scenario_release(&s);

	/* `file` is the entry's own: another file, which the policy's keys
	 * then change */
	static const char *const swap[] = {"policies[0].file=put.json",
	                                   "policies[0].TargetValue=42", NULL};
	load_ok(CAP "policies: [{file: config.json}]\n" WL SIM, swap, &s);
	ck_assert_uint_eq(s.n_policies, 1);
	ck_assert_str_eq(s.policies[0].name, "put");
	ck_assert_double_eq(s.policies[0].target_value, 42);
	tt_scenario_release(&s);
}
END_TEST

/* --- lists and ranges ----------------------------------------------------- */

#define STEPS                                                                  \
	"workload: {synthetic: {shape: step, rate: 100, steps: [{at: 1h, "     \
	"rate: 600}, {at: 2h, rate: 300}]}}\n"

/* A list is a value like any other; [N] walks into one or replaces an
 * item. */
START_TEST(lists)
{
	tt_scenario s;
	static const char *const item_key[] = {
	        "workload.synthetic.steps[0].rate=1200", NULL};
	load_ok(CAP INLINE STEPS SIM, item_key, &s);
	ck_assert_uint_eq(s.workload.shape.n_steps, 2);
	ck_assert_double_eq(s.workload.shape.steps[0].rate_per_min, 1200);
	ck_assert_double_eq(s.workload.shape.steps[1].rate_per_min, 300);
	tt_scenario_release(&s);

	static const char *const item[] = {
	        "workload.synthetic.steps[1]={at: 90m, rate: 50}", NULL};
	load_ok(CAP INLINE STEPS SIM, item, &s);
	ck_assert_uint_eq(s.workload.shape.n_steps, 2);
	ck_assert_int_eq(s.workload.shape.steps[1].at_us, S(5400));
	ck_assert_double_eq(s.workload.shape.steps[1].rate_per_min, 50);
	tt_scenario_release(&s);

	static const char *const whole[] = {
	        "workload.synthetic.steps=[{at: 30m, rate: 900}]", NULL};
	load_ok(CAP INLINE STEPS SIM, whole, &s);
	ck_assert_uint_eq(s.workload.shape.n_steps, 1);
	ck_assert_int_eq(s.workload.shape.steps[0].at_us, S(1800));
	ck_assert_double_eq(s.workload.shape.steps[0].rate_per_min, 900);
	tt_scenario_release(&s);

	/* workload.scale appends to the transforms, creating the list */
	static const char *const scale[] = {"workload.scale=2",
	                                    "workload.scale=0.5", NULL};
	load_ok(CAP INLINE STEPS SIM, scale, &s);
	ck_assert_uint_eq(s.workload.n_transforms, 2);
	ck_assert_int_eq(s.workload.transforms[0].kind, TT_TRANSFORM_SCALE);
	ck_assert_double_eq(s.workload.transforms[0].factor, 2);
	ck_assert_double_eq(s.workload.transforms[1].factor, 0.5);
	tt_scenario_release(&s);
}
END_TEST

/*
 * A sweep's ranges and lists become one set of overrides per
 * combination, the first axis varying slowest; each loads like `--set`,
 * a policy file's configuration included.
 */
START_TEST(sweep_ranges)
{
	tt_sweep_grid g = {0};
	tt_diag d;
	char yaml[512], buf[800];
	ck_assert_int_eq(
	        tt_sweep_grid_add(&g, "policies[0].TargetValue=50:70:10", &d),
	        TT_OK);
	ck_assert_int_eq(tt_sweep_grid_add(&g, "capacity.max=5,12", &d), TT_OK);
	ck_assert_uint_eq(tt_sweep_grid_count(&g), 6);
	file_scenario(yaml, sizeof yaml, "put.json");
	for (size_t k = 0; k < 6; k++) {
		tt_override items[2];
		tt_sweep_grid_combination(&g, k, items);
		tt_overrides ov = {items, 2};
		tt_scenario s;
		tt_code rc = load_ov(yaml, &ov, &s, &d);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
		ck_assert_double_eq(s.policies[0].target_value,
		                    50 + 10 * (double)(k / 2));
		ck_assert_int_eq(s.max_capacity, k % 2 ? 12 : 5);
		tt_scenario_release(&s);
	}
	tt_sweep_grid_release(&g);
}
END_TEST

/* --- bad paths ------------------------------------------------------------ */

/* The 33 steps of a path one step too deep. */
#define DEEP "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a"

static const struct {
	const char *yaml; /* NULL: the inline scenario */
	const char *set, *msg;
} path_errors[] = {
        /* the path itself */
        {NULL, "=5", "--set '=5':1:1: error: missing key before '='"},
        {NULL, "a.=1", "--set 'a.=1':1:3: error: expected a key name in 'a.'"},
        {NULL, ".a=1", "--set '.a=1':1:1: error: expected a key name in '.a'"},
        {NULL, "a]=1",
         "--set 'a]=1':1:2: error: unexpected ']' in 'a]' (a key is a "
         "dotted path like 'capacity.max' or 'policies[0].TargetValue')"},
        {NULL, "a[0]b=1",
         "--set 'a[0]b=1':1:5: error: unexpected 'b' in 'a[0]b' (a key is "
         "a dotted path like 'capacity.max' or 'policies[0].TargetValue')"},
        {NULL, "a[]=1",
         "--set 'a[]=1':1:2: error: expected an index like [0] in 'a[]'"},
        {NULL, "a[-1]=1",
         "--set 'a[-1]=1':1:2: error: expected an index like [0] in "
         "'a[-1]'"},
        {NULL, "a[1234567890]=1",
         "--set 'a[1234567890]=1':1:2: error: expected an index like [0] "
         "in 'a[1234567890]'"},
        {NULL, DEEP "=1",
         "--set '" DEEP "=1':1:65: error: path is deeper than 32 steps"},
        /* walking the document */
        {NULL, "capacity.max.x=5",
         "--set 'capacity.max.x=5':1:14: error: 'capacity.max' is a "
         "scalar, not a map: it has no key 'x'"},
        {NULL, "policies[0].TargetValue.x=1",
         "--set 'policies[0].TargetValue.x=1':1:25: error: "
         "'policies[0].TargetValue' is a scalar, not a map: it has no key "
         "'x'"},
        {NULL, "policies[0].name[0]=x",
         "--set 'policies[0].name[0]=x':1:17: error: 'policies[0].name' is "
         "a scalar, not a sequence: it has no item [0]"},
        {NULL, "policies[3].TargetValue=5",
         "--set 'policies[3].TargetValue=5':1:9: error: index 3 is out of "
         "range: 'policies' has 1 item"},
        {CAP INLINE STEPS SIM, "workload.synthetic.steps[2].rate=1",
         "--set 'workload.synthetic.steps[2].rate=1':1:25: error: index 2 "
         "is out of range: 'workload.synthetic.steps' has 2 items"},
        {CAP WL SIM, "policies[0].TargetValue=5",
         "--set 'policies[0].TargetValue=5':1:9: error: index 0 is out of "
         "range: there is no 'policies'"},
        {CAP "policies: {a: 1}\n" WL SIM, "policies[0].TargetValue=5",
         "--set 'policies[0].TargetValue=5':1:9: error: 'policies' is a "
         "map, not a sequence: it has no item [0]"},
        {CAP "policies: [5]\n" WL SIM, "policies[0].TargetValue=5",
         "--set 'policies[0].TargetValue=5':1:13: error: 'policies[0]' is "
         "a scalar, not a map"},
        {CAP INLINE "workload: {transform: {scale: 2}, synthetic: {shape: "
                    "constant, rate: 1}}\n" SIM,
         "workload.scale=2",
         "--set 'workload.scale=2':1:10: error: 'workload.transform' is a "
         "map, not a sequence: cannot add a scale transform to it"},
        {"- 1\n", "capacity.max=5",
         "--set 'capacity.max=5':1:1: error: the scenario is a sequence, "
         "not a map: it has no key 'capacity'"},
        /* the value */
        {NULL, "capacity.max=",
         "--set 'capacity.max=':1:14: error: missing value after '=' "
         "(write '' for an empty string)"},
        {NULL, "capacity.max=abc",
         "--set 'capacity.max=abc':1:14: error: expected an integer for "
         "'max', got 'abc'"},
        /* into a policy file, the same words as inline */
        {CAP "policies: [{file: config.json}]\n" WL SIM,
         "policies[0].TargetValue.x=1",
         "--set 'policies[0].TargetValue.x=1':1:25: error: "
         "'policies[0].TargetValue' is a scalar, not a map: it has no key "
         "'x'"},
        {CAP "policies: [{file: config.json}]\n" WL SIM,
         "policies[0].TargetValue=high",
         "--set 'policies[0].TargetValue=high':1:25: error: expected a "
         "number for 'TargetValue', got 'high'"},
        {CAP "policies: [{file: put.json}]\n" WL SIM,
         "policies[0].TargetTrackingScalingPolicyConfiguration={}",
         "--set 'policies[0].TargetTrackingScalingPolicyConfiguration={}':1:"
         "13: error: a policy file's configuration cannot be replaced "
         "whole: set its keys one by one, or set 'policies[0].file'"},
        /* a step policy's keys and its alarm's */
        {CAP "policies: [{file: step.json}]\n" WL SIM,
         "policies[0].StepScalingPolicyConfiguration.Cooldown=soon",
         "--set 'policies[0].StepScalingPolicyConfiguration.Cooldown=soon':"
         "1:53: error: expected an integer for 'Cooldown', got 'soon'"},
        /* into an alarm file: type-checked like the file's own value,
         * a key it does not have refused at the override */
        {CAP "policies:\n  - file: step.json\n    alarm: {file: "
             "alarm.json}\n" WL SIM,
         "policies[0].alarm.Threshold=high",
         "--set 'policies[0].alarm.Threshold=high':1:29: error: expected a "
         "number for 'Threshold', got 'high'"},
        {CAP "policies:\n  - file: step.json\n    alarm: {file: "
             "alarm.json}\n" WL SIM,
         "policies[0].alarm.Treshold=70",
         "--set 'policies[0].alarm.Treshold=70':1:19: error: unknown key "
         "'Treshold' in 'PutMetricAlarm' (did you mean 'Threshold'?)"},
        {CAP "policies:\n  - file: step.json\n    alarm: [{file: "
             "alarm.json}]\n" WL SIM,
         "policies[0].alarm[0].Treshold=70",
         "--set 'policies[0].alarm[0].Treshold=70':1:22: error: unknown key "
         "'Treshold' in 'PutMetricAlarm' (did you mean 'Threshold'?)"},
        {CAP "policies:\n  - file: step.json\n    alarm: {file: alarms.json, "
             "name: high}\n" WL SIM,
         "policies[0].alarm.Treshold=70",
         "--set 'policies[0].alarm.Treshold=70':1:19: error: unknown key "
         "'Treshold' in 'MetricAlarms[1]' (did you mean 'Threshold'?)"},
        /* a list of alarm files: the walk's words, as inline */
        {CAP "policies:\n  - file: step.json\n    alarm: [{file: "
             "alarm.json}]\n" WL SIM,
         "policies[0].alarm.Threshold=70",
         "--set 'policies[0].alarm.Threshold=70':1:19: error: "
         "'policies[0].alarm' is a sequence, not a map: it has no key "
         "'Threshold'"},
        {CAP "policies:\n  - file: step.json\n    alarm: {file: "
             "alarm.json}\n" WL SIM,
         "policies[0].alarm[0].Threshold=70",
         "--set 'policies[0].alarm[0].Threshold=70':1:18: error: "
         "'policies[0].alarm' is a map, not a sequence: it has no item [0]"},
};

START_TEST(bad_paths)
{
	char buf[900];
	const char *yaml =
	        path_errors[_i].yaml ? path_errors[_i].yaml : CAP INLINE WL SIM;
	ck_assert_str_eq(load_error(yaml, path_errors[_i].set, buf, sizeof buf),
	                 path_errors[_i].msg);
}
END_TEST

/*
 * A policy file with no configuration of the kind an override names (a
 * scalable target; a step scaling request given a target-tracking key)
 * is refused by the override, which names the file, before the loader
 * would say what the file is.
 */
static const struct {
	const char *file, *set, *holds;
} without_cases[] = {
        {"register.json", "policies[0].TargetValue=5",
         "TargetTrackingScalingPolicyConfiguration or "
         "StepScalingPolicyConfiguration"},
        {"step.json",
         "policies[0].TargetTrackingScalingPolicyConfiguration.TargetValue=5",
         "TargetTrackingScalingPolicyConfiguration"},
        {"put.json", "policies[0].StepScalingPolicyConfiguration.Cooldown=5",
         "StepScalingPolicyConfiguration"},
};

START_TEST(file_without_config)
{
	char yaml[512], buf[900], want[900];
	snprintf(want, sizeof want,
	         "--set '%s':1:13: error: '%s/%s' holds no %s to change",
	         without_cases[_i].set, dir, without_cases[_i].file,
	         without_cases[_i].holds);
	ck_assert_str_eq(load_error(file_scenario(yaml, sizeof yaml,
	                                          without_cases[_i].file),
	                            without_cases[_i].set, buf, sizeof buf),
	                 want);
}
END_TEST

/* --- step scaling policies and their alarms ------------------------------ */

/* Every form of a step policy file: its configuration's keys, named in
 * full, and a key alone in a file that holds no target tracking. */
static const struct {
	const char *file;
	const char *name; /* of the one step policy read */
} step_cases[] = {
        {"step-config.json", "step-config"}, {"step.json", "step"},
        {"describe.json", "step"},           {"step-list.json", "listed-step"},
        {"step-entry.json", "alone-step"},
};

START_TEST(step_file_forms)
{
	char yaml[512];
	tt_scenario s;
	static const char *const sets1[] = {
	        "policies[0].StepScalingPolicyConfiguration.Cooldown=60",
	        "policies[0].StepScalingPolicyConfiguration.StepAdjustments[0]."
	        "ScalingAdjustment=2",
	        NULL};
	load_ok(file_scenario(yaml, sizeof yaml, step_cases[_i].file), sets1,
	        &s);
	ck_assert_uint_eq(s.n_step_policies, 1);
	const tt_step_policy *p = &s.step_policies[0];
	ck_assert_str_eq(p->name, step_cases[_i].name);
	ck_assert_int_eq(p->cooldown_us, S(60));
	ck_assert_int_eq(p->steps[0].adjustment, 2);
	ck_assert_str_eq(p->cooldown_loc.file,
	                 "--set 'policies[0].StepScalingPolicyConfiguration."
	                 "Cooldown=60'");
	/* describe.json's target-tracking entries are left as they are */
	for (size_t i = 0; i < s.n_policies; i++)
		ck_assert_double_eq(s.policies[i].target_value, 70);
	tt_scenario_release(&s);

	/* a key alone: the step configuration of a file without target
	 * tracking (describe.json has some: they would take it) */
	if (strcmp(step_cases[_i].file, "describe.json") != 0) {
		static const char *const sets2[] = {"policies[0].Cooldown=45",
		                                    NULL};
		load_ok(yaml, sets2, &s);
		ck_assert_int_eq(s.step_policies[0].cooldown_us, S(45));
		tt_scenario_release(&s);
	}
}
END_TEST

#define STEP_INLINE                                                            \
	"policies:\n"                                                          \
	"  - name: out\n"                                                      \
	"    StepScalingPolicyConfiguration:\n"                                \
	"      AdjustmentType: ChangeInCapacity\n"                             \
	"      StepAdjustments: [{MetricIntervalLowerBound: 0, "               \
	"ScalingAdjustment: 1}]\n"
#define ALARM_INLINE                                                           \
	"{AlarmName: high, Namespace: AWS/SageMaker, MetricName: "             \
	"Invocations, Statistic: Sum, Period: 60, EvaluationPeriods: 1, "      \
	"Threshold: 100, ComparisonOperator: GreaterThanThreshold}"

/*
 * An inline step policy: its configuration's keys in full or alone, and
 * its alarm's keys through `alarm`, one alarm or an item of a list, with
 * the policy written inline or as a file.
 */
START_TEST(step_inline_and_alarm)
{
	tt_scenario s;
	static const char *const sets1[] = {
	        "policies[0].StepScalingPolicyConfiguration.Cooldown=60",
	        "policies[0].StepAdjustments[0].ScalingAdjustment=3",
	        "policies[0].alarm.Threshold=70",
	        "policies[0].alarm.EvaluationPeriods=2", NULL};
	load_ok(CAP STEP_INLINE "    alarm: " ALARM_INLINE "\n" WL SIM, sets1,
	        &s);
	ck_assert_int_eq(s.step_policies[0].cooldown_us, S(60));
	ck_assert_int_eq(s.step_policies[0].steps[0].adjustment, 3);
	ck_assert_uint_eq(s.n_alarms, 1);
	ck_assert_double_eq(s.alarms[0].def->threshold, 70);
	ck_assert_int_eq(s.alarms[0].def->evaluation_periods, 2);
	ck_assert_str_eq(s.alarms[0].def->threshold_loc.file,
	                 "--set 'policies[0].alarm.Threshold=70'");
	tt_scenario_release(&s);

	/* a list of alarms: [I] picks one; beside a policy file */
	static const char *const sets2[] = {"policies[0].alarm[0].Threshold=5",
	                                    NULL};
	load_ok(CAP "policies:\n  - file: step.json\n    alarm: "
	            "[" ALARM_INLINE "]\n" WL SIM,
	        sets2, &s);
	ck_assert_double_eq(s.alarms[0].def->threshold, 5);
	tt_scenario_release(&s);

	/* the alarm is the entry's key: a file may take the place of one
	 * written inline */
	static const char *const sets3[] = {
	        "policies[0].alarm={file: alarm.json}", NULL};
	load_ok(CAP STEP_INLINE "    alarm: " ALARM_INLINE "\n" WL SIM, sets3,
	        &s);
	ck_assert_double_eq(s.alarms[0].def->threshold, 100);
	ck_assert_str_eq(s.alarms[0].def->name, "high");
	tt_scenario_release(&s);
}
END_TEST

/* --- an alarm in a file ---------------------------------------------------- */

/*
 * `policies[N].alarm.KEY` into an alarm file, in each of its shapes: the
 * value is the override's, located in its text, and the file on disk is
 * untouched; `alarm[I].KEY` into item I of a list.
 */
START_TEST(alarm_file)
{
	tt_scenario s;
	static const char *const sets1[] = {
	        "policies[0].alarm.Threshold=70",
	        "policies[0].alarm.EvaluationPeriods=2", NULL};
	static const char *const none[] = {NULL};
	const char *yaml = CAP "policies:\n  - file: step.json\n    alarm: "
	                       "{file: alarm.json}\n" WL SIM;
	load_ok(yaml, sets1, &s);
	ck_assert_uint_eq(s.n_alarms, 1);
	ck_assert_double_eq(s.alarms[0].def->threshold, 70);
	ck_assert_int_eq(s.alarms[0].def->evaluation_periods, 2);
	ck_assert_str_eq(s.alarms[0].def->threshold_loc.file,
	                 "--set 'policies[0].alarm.Threshold=70'");
	ck_assert_int_eq(s.alarms[0].def->threshold_loc.col, 29);
	ck_assert_uint_eq(s.alarms[0].n_policies, 1);
	tt_scenario_release(&s);
	load_ok(yaml, none, &s);
	ck_assert_double_eq(s.alarms[0].def->threshold, 100);
	ck_assert_int_eq(s.alarms[0].def->evaluation_periods, 1);
	tt_scenario_release(&s);

	/* describe-alarms output, the alarm picked by name */
	static const char *const sets2[] = {"policies[0].alarm.Threshold=150",
	                                    NULL};
	load_ok(CAP "policies:\n  - file: step.json\n    alarm: {file: "
	            "alarms.json, name: high}\n" WL SIM,
	        sets2, &s);
	ck_assert_str_eq(s.alarms[0].def->name, "high");
	ck_assert_double_eq(s.alarms[0].def->threshold, 150);
	tt_scenario_release(&s);

	/* a list: [1] is the second alarm, the first is left alone */
	static const char *const sets3[] = {"policies[0].alarm[1].Threshold=5",
	                                    NULL};
	load_ok(CAP "policies:\n  - file: step.json\n    alarm:\n"
	            "      - {file: alarms.json, name: high}\n"
	            "      - {file: alarms.json, name: low}\n" WL SIM,
	        sets3, &s);
	ck_assert_uint_eq(s.n_alarms, 2);
	ck_assert_str_eq(s.alarms[0].def->name, "high");
	ck_assert_double_eq(s.alarms[0].def->threshold, 100);
	ck_assert_str_eq(s.alarms[1].def->name, "low");
	ck_assert_double_eq(s.alarms[1].def->threshold, 5);
	tt_scenario_release(&s);

	/* the entry's own keys change the entry, then the file is read
	 * with the rest */
	static const char *const sets4[] = {
	        "policies[0].alarm={file: alarms.json}",
	        "policies[0].alarm.name=low", "policies[0].alarm.Threshold=3",
	        NULL};
	load_ok(yaml, sets4, &s);
	ck_assert_str_eq(s.alarms[0].def->name, "low");
	ck_assert_double_eq(s.alarms[0].def->threshold, 3);
	tt_scenario_release(&s);
}
END_TEST

/*
 * One alarm file named by two entries is one alarm: changed for both it
 * is one changed alarm; changed for one only, it is refused at the
 * override (an AlarmName names one alarm).
 */
START_TEST(alarm_file_shared)
{
	const char *yaml = CAP "policies:\n"
	                       "  - file: step.json\n"
	                       "    alarm: {file: alarm.json}\n"
	                       "  - file: step-config.json\n"
	                       "    alarm: {file: alarm.json}\n" WL SIM;
	tt_scenario s;
	static const char *const both[] = {"policies[0].alarm.Threshold=70",
	                                   "policies[1].alarm.Threshold=70",
	                                   NULL};
	load_ok(yaml, both, &s);
	ck_assert_uint_eq(s.n_alarms, 1);
	ck_assert_double_eq(s.alarms[0].def->threshold, 70);
	ck_assert_uint_eq(s.alarms[0].n_policies, 2);
	tt_scenario_release(&s);

	for (int k = 0; k < 2; k++) {
		char set[64], want[900], buf[900];
		snprintf(set, sizeof set, "policies[%d].alarm.Threshold=70", k);
		snprintf(want, sizeof want,
		         "--set '%s':1:29: error: alarm 'high' of "
		         "'%s/alarm.json' is given to two policies with "
		         "different values (--set changed it for one); an "
		         "AlarmName names one alarm: change it for every entry "
		         "that names the file",
		         set, dir);
		ck_assert_str_eq(load_error(yaml, set, buf, sizeof buf), want);
	}
}
END_TEST

/*
 * The user's use: `ttsim sweep ecs-step.yaml --set
 * policies[0].alarm.Threshold=60,70,80` runs three combinations, and the
 * threshold changes what the service does: it stops growing at 6 tasks
 * (52 %), 5 (62.4 %) and 4 (78 %, where it starts).
 */
START_TEST(alarm_file_sweep)
{
	tt_sweep_grid g = {0};
	tt_sweep_options o = {0};
	tt_sweep_table t = {0};
	tt_diag d;
	char path[700], buf[800];
	ck_assert_int_eq(
	        tt_sweep_grid_add(&g, "policies[0].alarm.Threshold=60,70,80",
	                          &d),
	        TT_OK);
	snprintf(path, sizeof path, "%s/ecs-step.yaml", dir);
	o.jobs = 2;
	tt_code rc = tt_sweep_run(path, &g, &o, &t, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_uint_eq(t.n_rows, 3);
	double peak[3] = {0}, hours[3] = {0};
	for (size_t r = 0; r < 3; r++) {
		const tt_sweep_row *row = &t.rows[r];
		ck_assert_str_eq(row->values[0], r == 0   ? "60"
		                                 : r == 1 ? "70"
		                                          : "80");
		for (size_t f = 0; f < row->n_figures; f++) {
			if (!strcmp(row->names[f], "max_instances"))
				peak[r] = row->figures[f];
			if (!strcmp(row->names[f], "instance_hours"))
				hours[r] = row->figures[f];
		}
	}
	ck_assert_double_eq(peak[0], 6);
	ck_assert_double_eq(peak[1], 5);
	ck_assert_double_eq(peak[2], 4);
	ck_assert_double_gt(hours[0], hours[1]);
	ck_assert_double_gt(hours[1], hours[2]);
	tt_sweep_table_release(&t);
	tt_sweep_grid_release(&g);
}
END_TEST

/* --- an alarm file's document ------------------------------------------- */

#define ALARM_KEYS(name, v)                                                    \
	"\"AlarmName\": \"" name "\", \"Namespace\": \"AWS/SageMaker\", "      \
	"\"MetricName\": \"Invocations\", \"Statistic\": \"Sum\", "            \
	"\"Period\": 60, \"EvaluationPeriods\": 1, \"Threshold\": " v ", "     \
	"\"ComparisonOperator\": \"GreaterThanThreshold\""
#define ALARM_REQUEST(name, v) "{" ALARM_KEYS(name, v) "}"
#define ALARM_ENTRY(name, v)                                                   \
	"{\"AlarmArn\": \"arn:aws:cloudwatch:::alarm:" name "\", "             \
	"\"StateValue\": \"OK\", " ALARM_KEYS(name, v) "}"

/* Every shape of alarm file, and the alarm the entry picks in it. */
static const struct {
	const char *text;
	const char *pick; /* `name:` beside `file:`, or NULL */
} alarm_docs[] = {
        /* put-metric-alarm --cli-input-json */
        {ALARM_REQUEST("high", "100"), NULL},
        /* describe-alarms: whole, its list alone, one entry alone */
        {"{\"MetricAlarms\": [" ALARM_ENTRY("low", "10") ", " ALARM_ENTRY(
                 "high", "100") "]}",
         "high"},
        {"[" ALARM_ENTRY("high", "100") "]", NULL},
        {ALARM_ENTRY("high", "100"), NULL},
};

/* Apply `texts` to alarm_docs[k] as the `alarm` of policies[0], read it. */
static tt_code read_changed(size_t k, size_t alarm, const char *const *texts,
                            tt_scenario *scratch, tt_alarm_def *a, tt_diag *d)
{
	sets st;
	tt_doc doc = {0};
	const char *text = alarm_docs[k].text;
	tt_code rc;
	tt_diag_clear(d);
	memset(a, 0, sizeof *a);
	if ((rc = tt_doc_parse_json(text, strlen(text), "a.json", &doc, d)))
		return rc;
	rc = tt_overrides_apply_alarm_file(&doc, 0, alarm, sets_of(&st, texts),
	                                   scratch, d);
	if (!rc)
		rc = tt_alarm_def_read(doc.root, alarm_docs[k].pick,
		                       (tt_loc){0}, NULL, a, d);
	tt_doc_release(&doc);
	return rc;
}

/*
 * `policies[0].alarm.KEY` changes the alarm in every shape its file
 * takes, before the reader reads it, and is located in its own text;
 * other entries' overrides, other alarms of a list and the entry's own
 * `file` and `name` are not the file's.
 */
START_TEST(alarm_file_doc)
{
	static const char *const texts[] = {
	        "policies[0].alarm.Threshold=70",
	        "policies[0].alarm.EvaluationPeriods=2",
	        "policies[0].alarm.TreatMissingData=breaching",
	        "policies[1].alarm.Threshold=5",
	        "policies[0].alarm[0].Threshold=6",
	        "policies[0].alarm.file=other.json",
	        "policies[0].alarm.name=other",
	        "policies[0].TargetValue=7",
	        NULL};
	tt_scenario scratch = {0};
	tt_alarm_def a;
	tt_diag d;
	char buf[800];
	tt_code rc = read_changed((size_t)_i, TT_OV_ALARM_ALONE, texts,
	                          &scratch, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(a.name, "high");
	ck_assert_double_eq(a.threshold, 70);
	ck_assert_int_eq(a.evaluation_periods, 2);
	ck_assert_int_eq(a.missing, TT_MISSING_BREACHING);
	ck_assert_str_eq(a.threshold_loc.file,
	                 "--set 'policies[0].alarm.Threshold=70'");
	ck_assert_int_eq(a.threshold_loc.line, 1);
	ck_assert_int_eq(a.threshold_loc.col, 29);
	/* the rest is the file's */
	ck_assert_str_eq(a.period_loc.file, "a.json");
	tt_alarm_def_release(&a);

	/* item 1 of a list: `alarm[1]`, not `alarm` nor `alarm[0]` */
	static const char *const listed[] = {"policies[0].alarm[1].Threshold=9",
	                                     "policies[0].alarm.Threshold=1",
	                                     "policies[0].alarm[0].Threshold=2",
	                                     NULL};
	rc = read_changed((size_t)_i, 1, listed, &scratch, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_double_eq(a.threshold, 9);
	tt_alarm_def_release(&a);
	rc = read_changed((size_t)_i, 0, listed, &scratch, &a, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_double_eq(a.threshold, 2);
	tt_alarm_def_release(&a);
	tt_scenario_release(&scratch);
}
END_TEST

/* A value of the wrong type, a key the alarm does not have, a walk into
 * a value: refused at the override's text, in the reader's words. */
static const struct {
	const char *set, *msg;
} alarm_doc_errors[] = {
        {"policies[0].alarm.Threshold=high",
         "--set 'policies[0].alarm.Threshold=high':1:29: error: expected a "
         "number for 'Threshold', got 'high'"},
        {"policies[0].alarm.Period=45",
         "--set 'policies[0].alarm.Period=45':1:26: error: 'Period' must be "
         "10, 20, 30 or a multiple of 60 seconds, got 45"},
        {"policies[0].alarm.Treshold=70",
         "--set 'policies[0].alarm.Treshold=70':1:19: error: unknown key "
         "'Treshold' in 'PutMetricAlarm' (did you mean 'Threshold'?)"},
        {"policies[0].alarm.Threshold.x=1",
         "--set 'policies[0].alarm.Threshold.x=1':1:29: error: "
         "'policies[0].alarm.Threshold' is a scalar, not a map: it has no "
         "key 'x'"},
        {"policies[0].alarm.Dimensions[0].Value=x",
         "--set 'policies[0].alarm.Dimensions[0].Value=x':1:29: error: index "
         "0 is out of range: there is no 'policies[0].alarm.Dimensions'"},
};

START_TEST(alarm_file_doc_errors)
{
	const char *texts[] = {alarm_doc_errors[_i].set, NULL};
	tt_scenario scratch = {0};
	tt_alarm_def a;
	tt_diag d;
	char buf[800];
	ck_assert_int_eq(
	        read_changed(0, TT_OV_ALARM_ALONE, texts, &scratch, &a, &d),
	        TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 alarm_doc_errors[_i].msg);
	tt_scenario_release(&scratch);
}
END_TEST

/* A file that holds no alarm map: the override says so, naming it. */
START_TEST(alarm_file_doc_empty)
{
	static const char *const texts[] = {"policies[0].alarm.Threshold=1",
	                                    NULL};
	sets st;
	tt_scenario scratch = {0};
	tt_doc doc = {0};
	tt_diag d;
	char buf[800];
	static const char empty[] = "{\"MetricAlarms\": []}";
	ck_assert_int_eq(
	        tt_doc_parse_json(empty, strlen(empty), "a.json", &doc, &d),
	        TT_OK);
	ck_assert_int_eq(tt_overrides_apply_alarm_file(
	                         &doc, 0, TT_OV_ALARM_ALONE,
	                         sets_of(&st, texts), &scratch, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "--set 'policies[0].alarm.Threshold=1':1:19: error: "
	                 "'a.json' holds no alarm to change");
	/* no overrides: nothing to do */
	ck_assert_int_eq(
	        tt_overrides_apply_alarm_file(&doc, 0, 0, NULL, &scratch, &d),
	        TT_OK);
	tt_doc_release(&doc);
	tt_scenario_release(&scratch);
}
END_TEST

/* --- inference components ---------------------------------------------- */

#define IC_SCENARIO                                                            \
	"resource: inference-component/llm\n"                                  \
	"capacity: {min: 0, max: 4}\n"                                         \
	"policies:\n"                                                          \
	"  - TargetTrackingScalingPolicyConfiguration: {TargetValue: 1, "      \
	"PredefinedMetricSpecification: {PredefinedMetricType: "               \
	"SageMakerInferenceComponentInvocationsPerCopy}}\n" WL SIM

/*
 * `inference_component.KEY` adds the block when the file has none, and
 * a preset asked for on the command line is located there; on another
 * target the block is refused at the override.
 */
START_TEST(ic_keys)
{
	tt_scenario s;
	static const char *const sets1[] = {
	        "inference_component.copy_load=90s",
	        "inference_component.wake_from_zero=notebook", NULL};
	load_ok(IC_SCENARIO, sets1, &s);
	ck_assert_int_eq(s.ic.copy_load.kind, TT_DRAWN_FIXED);
	ck_assert_int_eq(s.ic.copy_load.value_us, S(90));
	ck_assert_int_eq(s.ic.wake_from_zero, TT_WAKE_NOTEBOOK);
	ck_assert_uint_eq(s.n_step_policies, 1);
	ck_assert_str_eq(s.step_policies[0].loc.file,
	                 "--set 'inference_component.wake_from_zero=notebook'");
	ck_assert_int_eq(s.step_policies[0].loc.col, 21);
	ck_assert_uint_eq(s.n_alarms, 1);
	ck_assert_int_eq(s.alarms[0].def->period_us, S(30));
	tt_scenario_release(&s);

	/* over the file's own value */
	static const char *const sets2[] = {
	        "inference_component.copy_load={dist: uniform, min: 1m, max: "
	        "2m}",
	        NULL};
	load_ok(IC_SCENARIO "inference_component: {copy_load: 90s}\n", sets2,
	        &s);
	ck_assert_int_eq(s.ic.copy_load.kind, TT_DRAWN_UNIFORM);
	ck_assert_int_eq(s.ic.copy_load.max_us, S(120));
	tt_scenario_release(&s);

	char buf[800];
	ck_assert_str_eq(load_error(CAP INLINE WL SIM,
	                            "inference_component.wake_from_zero=doc",
	                            buf, sizeof buf),
	                 "--set 'inference_component.wake_from_zero=doc':1:1: "
	                 "error: 'inference_component' needs 'resource: "
	                 "inference-component/NAME', got resource "
	                 "'endpoint/my-endpoint/variant/my-variant'");
}
END_TEST

/* --- the manifest's fields (hpa.KEY, keda.KEY) ----------------------------- */

#define HPA_SCENARIO                                                           \
	"controller: hpa\n"                                                    \
	"hpa: {file: web.yaml}\n"                                             \
	"instance: {service_time: 100ms, concurrency: 4}\n" WL SIM
#define KEDA_SCENARIO                                                          \
	"controller: keda\n"                                                   \
	"keda: {file: worker.yaml}\n"                                         \
	"instance: {service_time: 100ms, concurrency: 4}\n" WL               \
	"simulation: {duration: 1h, mode: request}\n"

/*
 * `hpa.KEY` with KEY a field of the manifest's spec changes the picked
 * HPA as it is read, adding the maps on the way (a sweep over the
 * scale-down window is an ordinary sweep); the block's own keys stay the
 * scenario's.  `keda.KEY` likewise for the ScaledObject.
 */
START_TEST(manifest_keys)
{
	tt_scenario s;
	static const char *const sets1[] = {
	        "hpa.behavior.scaleDown.stabilizationWindowSeconds=60",
	        "hpa.maxReplicas=12", "hpa.tolerance=0.05",
	        "hpa.metrics[0].resource.target.averageUtilization=45", NULL};
	load_ok(HPA_SCENARIO, sets1, &s);
	ck_assert(s.hpa->has_behavior);
	ck_assert(s.hpa->down.has_window);
	ck_assert_int_eq(s.hpa->down.window_us, S(60));
	ck_assert_int_eq(s.hpa->up.window_us, 0);
	ck_assert_int_eq(s.hpa->min_replicas, 2);
	ck_assert_int_eq(s.hpa->max_replicas, 12);
	ck_assert_int_eq(s.max_capacity, 12);
	ck_assert(s.hpa->metrics[0].target == 45);
	ck_assert(s.hpa_knobs.tolerance == 0.05);
	tt_scenario_release(&s);

	/* the file names the manifest; --set changes that one */
	static const char *const sets2[] = {"keda.cooldownPeriod=30",
	                                    "keda.triggers[0].metadata."
	                                    "queueLength=20",
	                                    "keda.at_zero=fail", NULL};
	load_ok(KEDA_SCENARIO, sets2, &s);
	ck_assert_int_eq(s.keda->cooldown_us, S(30));
	ck_assert(s.hpa->metrics[0].target == 20);
	ck_assert(!s.keda_queue_at_zero);
	tt_scenario_release(&s);
}
END_TEST

static const struct {
	const char *yaml, *set, *error;
} manifest_errors[] = {
        /* the value is checked as the manifest's own, at the override */
        {HPA_SCENARIO, "hpa.behavior.scaleDown.stabilizationWindowSeconds=4000",
         "--set 'hpa.behavior.scaleDown.stabilizationWindowSeconds=4000':1:"
         "51: error: spec.behavior.scaleDown.stabilizationWindowSeconds: "
         "Invalid value: 4000: must be less than or equal to 3600"},
        {HPA_SCENARIO, "hpa.behaviour.scaleDown=null",
         "--set 'hpa.behaviour.scaleDown=null':1:5: error: unknown key "
         "'behaviour' in 'spec' (did you mean 'behavior'?)"},
        {HPA_SCENARIO, "hpa.metrics[1].type=Pods",
         "--set 'hpa.metrics[1].type=Pods':1:12: error: index 1 is out of "
         "range: 'hpa.metrics' has 1 item"},
        /* the block's own keys stay the block's */
        {HPA_SCENARIO, "hpa.at_zero=queue",
         "--set 'hpa.at_zero=queue':1:5: error: unknown key 'at_zero' in "
         "'hpa' (expected one of: file, name, sync_period, tolerance, "
         "configurable_tolerance, downscale_stabilization, "
         "cpu_initialization_period, metric_window, pod_startup)"},
        {KEDA_SCENARIO, "keda.triggers[0].metadata.queueLength=abc",
         "--set 'keda.triggers[0].metadata.queueLength=abc':1:39: error: "
         "spec.triggers[0].metadata.queueLength: Invalid value: \"abc\": "
         "quantities must match the regular expression "
         "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"},
        /* a controller that reads no such manifest refuses it */
        {CAP INLINE WL SIM, "hpa.behavior.scaleDown.selectPolicy=Min",
         "--set 'hpa.behavior.scaleDown.selectPolicy=Min':1:1: error: 'hpa' "
         "needs 'controller: hpa' (the AWS controller does not read it)"},
        {KEDA_SCENARIO, "hpa.behavior.scaleDown.selectPolicy=Min",
         "--set 'hpa.behavior.scaleDown.selectPolicy=Min':1:1: error: 'hpa' "
         "cannot be used with 'controller: keda' (the knobs of the HPA KEDA "
         "creates go under 'keda:', beside the ScaledObject)"},
};

START_TEST(manifest_key_errors)
{
	char buf[800];
	ck_assert_str_eq(load_error(manifest_errors[_i].yaml,
	                            manifest_errors[_i].set, buf, sizeof buf),
	                 manifest_errors[_i].error);
}
END_TEST

/* --- the suite ------------------------------------------------------------ */

static TCase *with_files(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_add_checked_fixture(tc, files_setup, files_teardown);
	return tc;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void add_loop(Suite *s, const char *name, const TTest *test, int n)
{
	TCase *tc = with_files(name);
	tcase_add_loop_test(tc, test, 0, n);
	suite_add_tcase(s, tc);
}

static Suite *overrides_suite(void)
{
	Suite *s = suite_create("overrides");
	add_loop(s, "scenario_keys", scenario_keys, 1);
	add_loop(s, "scenario_keeps_the_label", scenario_keeps_the_label, 1);
	add_loop(s, "inline_policy", inline_policy, 1);
	add_loop(s, "file_forms", file_forms, N(form_cases));
	add_loop(s, "file_index_and_long_form", file_index_and_long_form, 1);
	add_loop(s, "lists", lists, 1);
	add_loop(s, "sweep_ranges", sweep_ranges, 1);
	add_loop(s, "bad_paths", bad_paths, N(path_errors));
	add_loop(s, "file_without_config", file_without_config,
	         N(without_cases));
	add_loop(s, "step_file_forms", step_file_forms, N(step_cases));
	add_loop(s, "step_inline_and_alarm", step_inline_and_alarm, 1);
	add_loop(s, "ic_keys", ic_keys, 1);
	add_loop(s, "manifest_keys", manifest_keys, 1);
	add_loop(s, "manifest_key_errors", manifest_key_errors,
	         N(manifest_errors));
	add_loop(s, "alarm_file", alarm_file, 1);
	add_loop(s, "alarm_file_shared", alarm_file_shared, 1);
	add_loop(s, "alarm_file_sweep", alarm_file_sweep, 1);
	add_loop(s, "alarm_file_doc", alarm_file_doc, N(alarm_docs));
	add_loop(s, "alarm_file_doc_errors", alarm_file_doc_errors,
	         N(alarm_doc_errors));
	add_loop(s, "alarm_file_doc_empty", alarm_file_doc_empty, 1);
	return s;
}

int main(void)
{
	return tu_run_suite(overrides_suite());
}
