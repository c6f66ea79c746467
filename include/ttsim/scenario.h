/*
 * scenario.h - a simulation scenario as plain C.
 *
 * A scenario is read from YAML (docs/scenario.md is the reference), its
 * policy files are loaded, every value is checked, and the result is this
 * plain struct: no YAML or JSON type survives the loader.  All defaults are
 * filled in here, so the rest of the library never guesses.
 */
#ifndef TTSIM_SCENARIO_H
#define TTSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/drawn_duration.h"
#include "ttsim/policy.h"
#include "ttsim/resource.h"
#include "ttsim/simtime.h"
#include "ttsim/workload.h"

/*
 * How a custom metric responds to load, declared in the scenario under
 * `metrics:` (docs/scenario.md).  Each in-service instance reports a value
 * from its load, `rps` = requests per second per in-service instance:
 *
 *   linear    idle + per_rps * rps, capped at max
 *   curve     a load-test table rps -> value, interpolated piecewise
 *             linearly, flat beyond its ends
 *   recorded  a CloudWatch export of the metric replayed in time, rescaled
 *             by capacity: value * recorded_capacity / in service
 *
 * plus, optionally, normal noise of standard deviation noise_sd drawn per
 * instance (so Minimum, Maximum and Average differ).  The policy's
 * statistic then combines the instances.
 */
typedef enum tt_metric_model_kind {
	TT_MODEL_LINEAR,
	TT_MODEL_CURVE,
	TT_MODEL_RECORDED
} tt_metric_model_kind;

typedef struct tt_curve_point {
	double rps;
	double value;
} tt_curve_point;

typedef struct tt_metric_model {
	char *metric_name; /* the key under metrics: */
	tt_loc loc;
	tt_metric_model_kind kind;
	double idle;    /* linear */
	double per_rps; /* linear */
	double max;     /* linear, and a cap for every kind (default 100 for
	                   linear, none otherwise: HUGE_VAL) */
	tt_curve_point *points; /* curve: strictly increasing rps */
	size_t n_points;
	tt_time_us *rec_us;        /* recorded: times from the first, sorted */
	double *rec_values;        /* recorded: the values at those times */
	size_t n_rec;
	double recorded_capacity;  /* recorded: instances when recorded */
	double noise_sd;           /* >= 0; 0: no noise */
	double min;                /* every kind: values never go below it */
} tt_metric_model;

/* Release what a model owns. */
void tt_metric_model_release(tt_metric_model *m);

/*
 * The value one instance reports at time t_us with `rps` requests per
 * second on it and `in_service` instances (for a recorded model's
 * rescaling), before noise, within [min, max].
 */
double tt_metric_model_value(const tt_metric_model *m, double rps,
                             tt_time_us t_us, double in_service);

typedef enum tt_zero_traffic {
	TT_ZERO_TRAFFIC_ZERO,   /* emit a 0 datapoint (SageMaker since 2021) */
	TT_ZERO_TRAFFIC_MISSING /* emit nothing: alarms go INSUFFICIENT_DATA */
} tt_zero_traffic;

typedef enum tt_out_cooldown_mode {
	TT_OUT_COOLDOWN_RELATIVE, /* SPEC.md 5: N from the initiating capacity */
	TT_OUT_COOLDOWN_BLOCK     /* no scale-out at all during the cooldown */
} tt_out_cooldown_mode;

/* "M of N": alarm when `datapoints` of the last `periods` breach. */
typedef struct tt_alarm_shape {
	int datapoints;
	int periods;
} tt_alarm_shape;

/*
 * Scheduled actions' knobs (SPEC.md 16): when a schedule runs
 * (schedule.c enumerates with them) and what a run does (scheduler.c).
 */
typedef enum tt_cron_seconds {
	TT_CRON_SECONDS_IGNORE, /* the 7-field form runs at its minute */
	TT_CRON_SECONDS_HONOR   /* ... at each of its seconds */
} tt_cron_seconds;

typedef enum tt_start_time_run {
	TT_START_TIME_RUN_RATE, /* only rate() runs at StartTime itself */
	TT_START_TIME_RUN_ALL   /* cron() too */
} tt_start_time_run;

typedef enum tt_rate_without_start {
	TT_RATE_WITHOUT_START_IMMEDIATE, /* first run at the run's start */
	TT_RATE_WITHOUT_START_AFTER_ONE  /* one rate later */
} tt_rate_without_start;

typedef enum tt_dst_gap {
	TT_DST_GAP_SKIP, /* a wall time the clock jumps over does not run */
	TT_DST_GAP_SHIFT /* it runs one gap later (02:30 -> 03:30) */
} tt_dst_gap;

typedef enum tt_dst_overlap {
	TT_DST_OVERLAP_ONCE, /* a repeated wall time runs at its first */
	TT_DST_OVERLAP_TWICE /* at both */
} tt_dst_overlap;

/* The knobs that shape when a schedule runs. */
typedef struct tt_schedule_knobs {
	tt_cron_seconds cron_seconds;
	tt_start_time_run start_time_run;
	tt_rate_without_start rate_without_start;
	bool end_time_inclusive;
	tt_dst_gap dst_gap;
	tt_dst_overlap dst_overlap;
} tt_schedule_knobs;

typedef enum tt_sched_min_gt_max {
	TT_SCHED_MIN_GT_MAX_FAIL,       /* the run fails: nothing changes */
	TT_SCHED_MIN_GT_MAX_RAISE_OTHER /* the other bound moves to meet it */
} tt_sched_min_gt_max;

typedef enum tt_sched_while_updating {
	TT_SCHED_WHILE_UPDATING_RETRY, /* the capacity change waits */
	TT_SCHED_WHILE_UPDATING_FAIL   /* ... is dropped */
} tt_sched_while_updating;

/* Step scaling (SPEC.md 12.3): which side a difference of exactly 0
 * between the metric and the alarm's threshold falls on. */
typedef enum tt_step_tie_side {
	TT_STEP_TIE_OPERATOR, /* the alarm's: above for GreaterThan... */
	TT_STEP_TIE_ABOVE,
	TT_STEP_TIE_BELOW
} tt_step_tie_side;

/* Step scaling (SPEC.md 12.3): which datapoints make the value V. */
typedef enum tt_step_window {
	TT_STEP_WINDOW_ALARM, /* the present ones of the alarm's window */
	TT_STEP_WINDOW_LAST   /* the newest present one */
} tt_step_window;

/* Step scaling (SPEC.md 12.5): whose cooldown a step policy reads. */
typedef enum tt_step_cooldown_scope {
	TT_STEP_COOLDOWN_POLICY, /* each step policy its own two clocks */
	TT_STEP_COOLDOWN_TARGET  /* one state for every policy of the target */
} tt_step_cooldown_scope;

/* Inference components (SPEC.md 13.1): where a new copy goes. */
typedef enum tt_ic_packing {
	TT_IC_PACKING_FILL,  /* the fullest serving instance with room */
	TT_IC_PACKING_SPREAD /* the emptiest */
} tt_ic_packing;

/* The wake-up step policy a scenario may ask for (SPEC.md 13.3). */
typedef enum tt_wake_preset {
	TT_WAKE_NONE,
	TT_WAKE_DOC,     /* Sum > 1 over 60 s: two failures in a minute */
	TT_WAKE_NOTEBOOK /* Maximum >= 1 over 30 s: one failure */
} tt_wake_preset;

/* MinCapacity 0 on an endpoint variant (SPEC.md 13.1). */
typedef enum tt_variant_min_zero {
	TT_VARIANT_MIN_ZERO_WARN, /* valid for asynchronous endpoints only */
	TT_VARIANT_MIN_ZERO_ERROR
} tt_variant_min_zero;

/*
 * An inference component target (`resource: inference-component/NAME`,
 * the `inference_component:` block; SPEC.md 13, 16): the capacity counts
 * copies, and copies run on instances that follow them.
 */
typedef struct tt_ic_config {
	bool on; /* the resource is an inference component */
	int copies_per_instance;         /* 1 */
	tt_ic_packing packing;           /* fill */
	tt_drawn_duration copy_load;     /* fixed 150 s; never linear */
	tt_time_us instance_release_us;  /* 10 min */
	tt_time_us no_capacity_resolution_us; /* 60 s, or 10 s */
	int min_instances; /* ManagedInstanceScaling.MinInstanceCount, 0 */
	int max_instances; /* default: enough for max copies */
	tt_wake_preset wake_from_zero; /* none */
	tt_loc loc;                    /* the inference_component: map */
} tt_ic_config;

/* Which controller scales the target (SPEC.md 15). */
typedef enum tt_controller_kind {
	TT_CONTROLLER_AWS, /* Application Auto Scaling (the default) */
	TT_CONTROLLER_HPA, /* a Kubernetes HorizontalPodAutoscaler */
	TT_CONTROLLER_KEDA /* a KEDA ScaledObject and its HPA */
} tt_controller_kind;

/* The HPA controller's flags and ttsim's choices (SPEC.md 15, 16), under
 * `hpa:` beside the manifest's file. */
typedef struct tt_hpa_knobs {
	tt_time_us sync_period_us;               /* 15 s */
	double tolerance;                        /* 0.1, up and down */
	bool configurable_tolerance;             /* true */
	tt_time_us downscale_stabilization_us;   /* 300 s */
	tt_time_us cpu_initialization_period_us; /* 300 s */
	tt_time_us metric_window_us;             /* 15 s */
	/* A pod's start: the scenario's provisioning delay unless given. */
	bool has_pod_startup;
	tt_drawn_duration pod_startup;
} tt_hpa_knobs;

/* The fidelity knobs of SPEC.md section 8, defaults filled in. */
typedef struct tt_aws_knobs {
	tt_alarm_shape alarm_high;    /* 3 of 3 */
	tt_alarm_shape alarm_low;     /* 15 of 15 */
	tt_alarm_shape alarm_high_hr; /* 3 of 3, high-resolution metrics */
	tt_alarm_shape alarm_low_hr;  /* 90 of 90, high-resolution metrics */
	double low_ratio; /* TT_LOW_RATIO_DEFAULT */
	tt_time_us metric_delay_us;    /* 60 s */
	tt_time_us metric_delay_hr_us; /* 10 s */
	tt_zero_traffic zero_traffic;
	tt_out_cooldown_mode scale_out_cooldown;
	bool scale_in_during_scale_out_cooldown; /* true */
	bool block_while_updating;               /* true */
	/* step scaling (SPEC.md 12, 16) */
	tt_time_us alarm_action_repeat_us; /* 60 s; 0: every evaluation */
	tt_step_window step_aggregation_window;     /* alarm */
	tt_step_tie_side step_tie_side;             /* operator */
	bool min_adjustment_on_scale_in;            /* true */
	tt_step_cooldown_scope step_cooldown_scope; /* policy */
	/* scheduled actions (SPEC.md 14, 16), read by scenario_scheduled.c
	 * (their keys are in load_aws's list); `schedule` defaults to
	 * ignore, rate, immediate, true, skip, once */
	tt_schedule_knobs schedule;
	tt_time_us scheduled_delay_us;                    /* 0 */
	bool scheduled_starts_cooldown;                   /* false */
	bool scheduled_ends_scale_in_cooldown;            /* false */
	tt_sched_min_gt_max scheduled_min_gt_max;         /* fail */
	tt_sched_while_updating scheduled_while_updating; /* retry */
	tt_variant_min_zero variant_min_zero;             /* warn */
} tt_aws_knobs;

/* AlarmLow's threshold is low_ratio × TargetValue (SPEC.md 3). */
#define TT_LOW_RATIO_DEFAULT 0.9

/* The scale-in alarm's threshold for a policy with TargetValue `target`:
 * the one place that rule is written. */
double tt_scale_in_threshold(double target, double low_ratio);

/* Fill `k` with the defaults above. */
void tt_aws_knobs_default(tt_aws_knobs *k);

typedef enum tt_mode { TT_MODE_FLUID, TT_MODE_REQUEST } tt_mode;

/* Request mode: which instance a new request goes to. */
typedef enum tt_routing {
	TT_ROUTING_RANDOM,                    /* uniformly among in service */
	TT_ROUTING_LEAST_OUTSTANDING_REQUESTS /* fewest in flight + queued */
} tt_routing;

/*
 * Where each scalar setting was written, so later checks (a sweep override,
 * an expectation) can point at it.  A setting left to its default has a
 * zeroed location (file NULL, line 0).
 */
typedef struct tt_scenario_locs {
	tt_loc name;
	tt_loc resource; /* resource:, or the file value it came from */
	tt_loc scalable_dimension;
	tt_loc capacity; /* the capacity: map */
	tt_loc initial;
	tt_loc min;
	tt_loc max;
	tt_loc provisioning;
	tt_loc deprovisioning;
	tt_loc price_per_hour;
	tt_loc service_time;
	tt_loc concurrency;
	tt_loc max_queue;
	tt_loc vcpus;
	tt_loc routing;
	tt_loc slo_latency;
	tt_loc duration;
	tt_loc period;
	tt_loc seed;
	tt_loc mode;
	tt_loc aws;    /* the aws: map */
	tt_loc start;  /* simulation.start */
	tt_loc expect; /* the expect: map */
} tt_scenario_locs;

/*
 * One bound on a summary figure from the scenario's `expect:` block
 * (docs/scenario.md): `max_instances: {le: 12}` is one expectation,
 * `cost: {ge: 1, le: 100}` two.  include/ttsim/expect.h checks them.
 */
typedef enum tt_bound_kind {
	TT_BOUND_LE,     /* value <= hi */
	TT_BOUND_GE,     /* value >= lo */
	TT_BOUND_EQ,     /* value == lo (== hi), within TT_EXPECT_EQ_REL */
	TT_BOUND_BETWEEN /* lo <= value <= hi */
} tt_bound_kind;

typedef struct tt_expectation {
	char *figure; /* owned; a name tt_figure_known accepts */
	tt_bound_kind kind;
	double lo;         /* ge, eq, between */
	double hi;         /* le, eq, between */
	tt_loc loc;        /* the bound's key (`le`) in the scenario */
	tt_loc figure_loc; /* the figure's key */
} tt_expectation;

/*
 * Step scaling (SPEC.md 12) and scheduled actions (SPEC.md 14).  Their
 * configurations are internal types (src/step.h, src/alarm_def.h,
 * src/scheduled_action.h); a scenario owns them through these pointers.
 */
struct tt_step_policy;
struct tt_alarm_def;
struct tt_scheduled_action;

/*
 * A CloudWatch alarm the user wrote, with the step policies it invokes
 * (its AlarmActions matched to them).  `metric` is what it watches, read
 * as a policy's custom metric (Namespace, MetricName, Dimensions,
 * Statistic), so every metric source a target-tracking policy can use is
 * one an alarm can use.
 */
typedef struct tt_user_alarm {
	struct tt_alarm_def *def; /* owned */
	tt_metric_spec metric;    /* owned */
	size_t *policies;         /* indices into step_policies, owned */
	size_t n_policies;
} tt_user_alarm;

typedef struct tt_scenario {
	tt_loc loc; /* the document's root map */
	tt_scenario_locs locs;

	char *name;
	char *resource; /* ResourceId, e.g. endpoint/my-endpoint/variant/my-variant */
	char *scalable_dimension; /* NULL when neither the scenario nor a file
	                             names one */
	const tt_resource_type *resource_type; /* never NULL once loaded */

	int initial_capacity;
	int min_capacity;
	int max_capacity;
	bool scale_in_suspended;  /* SuspendedState.DynamicScalingInSuspended */
	bool scale_out_suspended; /* SuspendedState.DynamicScalingOutSuspended */

	tt_policy *policies; /* cooldowns resolved: never TT_COOLDOWN_UNSET */
	size_t n_policies;

	/* Step scaling policies, in document order, and the alarms that
	 * invoke them (an alarm may invoke several, a policy sit on several). */
	struct tt_step_policy *step_policies; /* owned, n_step_policies */
	size_t n_step_policies;
	tt_user_alarm *alarms; /* owned, n_alarms */
	size_t n_alarms;

	/* Scheduled actions on the target, in document order. */
	struct tt_scheduled_action *scheduled; /* owned, n_scheduled */
	size_t n_scheduled;
	bool scheduled_suspended; /* SuspendedState.ScheduledScalingSuspended */
	/* An inference component's copies and instances (ic.on false for
	 * every other resource). */
	tt_ic_config ic;
	/* The controller (SPEC.md 15): AWS's by default; with hpa, the
	 * manifest (src/hpa_config.h) and the knobs. */
	tt_controller_kind controller;
	struct tt_hpa_config *hpa; /* owned; NULL with the AWS controller */
	tt_hpa_knobs hpa_knobs;
	/* With keda: the ScaledObject (src/hpa_config.h); s->hpa is the HPA
	 * it creates. */
	struct tt_keda_config *keda; /* owned; NULL unless keda */
	bool keda_queue_at_zero;     /* keda.at_zero: queue (true) | fail */
	/* simulation.start: the wall clock at time 0 (an ISO UTC instant,
	 * whole seconds); it wins over a trace's own timestamps. */
	bool has_start;
	int64_t start_unix_us;

	/* Drawn per instance (drawn_duration.h; never linear). */
	tt_drawn_duration provisioning;   /* default fixed 5 min */
	tt_drawn_duration deprovisioning; /* default fixed 60 s */
	double price_per_hour;            /* default 0 */
	/* instance.service_time, drawn per request: has_service false (and
	 * service zeroed) when not given. */
	tt_drawn_duration service;
	bool has_service;
	int concurrency; /* request mode: worker slots per instance, 1 */
	int max_queue;   /* request mode: requests waiting per instance, 1000 */
	int vcpus;       /* request mode: for CPUUtilization, 1 */
	tt_routing routing; /* request mode: random */

	tt_metric_model *models;
	size_t n_models;

	tt_workload_spec workload;

	tt_time_us duration_us; /* 0: until the trace ends */
	tt_time_us period_us; /* simulation step: the shortest metric period */
	uint64_t seed;
	tt_mode mode;

	tt_aws_knobs aws;

	/* slo.latency: requests slower than it are counted; 0: no SLO. */
	tt_time_us slo_latency_us;

	/* expect: the bounds `ttsim check` verifies, in document order;
	 * has_expect false when the scenario has no `expect:` block. */
	tt_expectation *expect;
	size_t n_expect;
	bool has_expect;

	/* Warnings and notes from loading (a skipped step-scaling policy). */
	tt_diag_list notes;

	/* Every file name a tt_loc inside this scenario points at. */
	char **files;
	size_t n_files;
} tt_scenario;

/*
 * Load and validate a scenario file.  Relative paths inside it (policy files,
 * traces) are resolved against the scenario file's directory.  On failure
 * *out is left zeroed and `d` says what and where.  Free with
 * tt_scenario_release.
 */
tt_code tt_scenario_load_file(const char *path, tt_scenario *out, tt_diag *d);

/*
 * What-ifs: `--set KEY=VALUE` changes to a scenario, applied to the parsed
 * document before it is checked, so they are type-checked like the file
 * (docs/cli.md: dotted paths, `policies[0].TargetValue=500`).
 */
typedef struct tt_override {
	char *key;          /* dotted path */
	char *value;        /* YAML text */
	const char *option; /* what messages call it; NULL: "--set" */
} tt_override;

typedef struct tt_overrides {
	tt_override *items;
	size_t n;
} tt_overrides;

/* tt_scenario_load_file with overrides (NULL: none). */
tt_code tt_scenario_load_file_with(const char *path, const tt_overrides *ov,
                                   tt_scenario *out, tt_diag *d);

/*
 * The same from text in memory: `name` is what locations say and the
 * scenario's default name (NULL: "<text>"), and `dir` is the directory
 * relative paths are resolved against (NULL: the current one).
 */
tt_code tt_scenario_load_text(const char *text, size_t len, const char *name,
                              const char *dir, tt_scenario *out, tt_diag *d);

/* tt_scenario_load_text with overrides (NULL: none). */
tt_code tt_scenario_load_text_with(const char *text, size_t len,
                                   const char *name, const char *dir,
                                   const tt_overrides *ov, tt_scenario *out,
                                   tt_diag *d);

/* Override the seed (the CLI's --seed). */
void tt_scenario_set_seed(tt_scenario *s, uint64_t seed);

/* Release everything the scenario owns.  Accepts a zeroed scenario. */
void tt_scenario_release(tt_scenario *s);

/* The model declared for a custom metric name, or NULL. */
const tt_metric_model *tt_scenario_model(const tt_scenario *s,
                                         const char *metric_name);

/* The AlarmHigh / AlarmLow shape and publication delay for a policy. */
tt_alarm_shape tt_scenario_alarm_high(const tt_scenario *s, const tt_policy *p);
tt_alarm_shape tt_scenario_alarm_low(const tt_scenario *s, const tt_policy *p);
tt_time_us tt_scenario_metric_delay(const tt_scenario *s, const tt_policy *p);

#endif
