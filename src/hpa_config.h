/*
 * hpa_config.h - a Kubernetes HorizontalPodAutoscaler (autoscaling/v2) as
 * ttsim reads it (SPEC.md 15).
 *
 * What the manifest says, checked and with Kubernetes' defaults filled in
 * (pkg/apis/autoscaling/v2/defaults.go): the replica bounds, the metrics
 * with their targets, and `behavior` when it is given.  The controller
 * (hpa.h) reads only this struct.  Private to the library.
 */
#ifndef TTSIM_HPA_CONFIG_H
#define TTSIM_HPA_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "k8s_manifest.h"
#include "node.h"
#include "ttsim/diag.h"
#include "ttsim/simtime.h"

/* spec.metrics[].type */
typedef enum tt_hpa_metric_type {
	TT_HPA_RESOURCE, /* cpu or memory of the pods, against requests */
	TT_HPA_PODS,     /* a per-pod metric, averaged */
	TT_HPA_OBJECT,   /* one value of a Kubernetes object */
	TT_HPA_EXTERNAL  /* one value from outside the cluster */
} tt_hpa_metric_type;

/* spec.metrics[].<type>.target.type */
typedef enum tt_hpa_target_type {
	TT_HPA_UTILIZATION,   /* averageUtilization: percent of requests */
	TT_HPA_AVERAGE_VALUE, /* averageValue: per pod */
	TT_HPA_VALUE          /* value: the whole */
} tt_hpa_target_type;

typedef struct tt_hpa_metric {
	tt_hpa_metric_type type;
	char *name; /* resource name ("cpu"), or metric.name; owned */
	tt_hpa_target_type target_type;
	double target; /* percent, or the value in the metric's unit */
	tt_loc loc;    /* the metric's item */
} tt_hpa_metric;

/* behavior.<direction>.selectPolicy */
typedef enum tt_hpa_select {
	TT_HPA_SELECT_MAX, /* the policy allowing the largest change */
	TT_HPA_SELECT_MIN,
	TT_HPA_SELECT_DISABLED
} tt_hpa_select;

/* behavior.<direction>.policies[] */
typedef struct tt_hpa_policy {
	bool percent;         /* type Percent, else Pods */
	int value;            /* > 0 */
	tt_time_us period_us; /* periodSeconds, 1 to 1800 s */
} tt_hpa_policy;

/* behavior.scaleUp or behavior.scaleDown, defaults filled in. */
typedef struct tt_hpa_rules {
	/* stabilizationWindowSeconds; not given: scaleUp 0, scaleDown the
	 * controller's flag (hpa.downscale_stabilization, tt_hpa_knobs) */
	bool has_window;
	tt_time_us window_us;
	tt_hpa_select select;
	tt_hpa_policy *policies; /* owned */
	size_t n_policies;
	bool has_tolerance; /* tolerance given (configurable tolerance) */
	double tolerance;
} tt_hpa_rules;

typedef struct tt_hpa_config {
	char *name;       /* metadata.name; owned */
	tt_loc loc;       /* the manifest's document */
	int min_replicas; /* default 1; 0 allowed (alpha HPAScaleToZero) */
	int max_replicas;
	tt_hpa_metric *metrics; /* owned; at least one */
	size_t n_metrics;
	bool has_behavior; /* false: the legacy path (SPEC.md 15.2) */
	tt_hpa_rules up;
	tt_hpa_rules down;
} tt_hpa_config;

/*
 * A KEDA ScaledObject (SPEC.md 15.3): KEDA itself takes the target from 0
 * to 1 pod and back, the HPA it creates (s->hpa, minReplicas
 * max(minReplicaCount, 1), one metric per trigger, in order: External,
 * or Resource for a cpu or memory trigger) from 1 to N.
 */
typedef struct tt_keda_trigger {
	char *type;        /* the trigger's type ("prometheus"); owned */
	double activation; /* activationThreshold: active when value > it */
	tt_loc loc;        /* the trigger's item */
} tt_keda_trigger;

typedef struct tt_keda_config {
	char *name;             /* metadata.name; owned */
	int min_replicas;       /* minReplicaCount, default 0 */
	int max_replicas;       /* maxReplicaCount, default 100 */
	tt_time_us polling_us;  /* pollingInterval, default 30 s */
	tt_time_us cooldown_us; /* cooldownPeriod, default 300 s */
	/* One per trigger, in order; trigger i is the HPA's metric i. */
	tt_keda_trigger *triggers; /* owned */
	size_t n_triggers;
	tt_loc loc;
} tt_keda_config;

/* Free what a KEDA config owns.  Accepts a zeroed config. */
void tt_keda_config_release(tt_keda_config *c);

/* Free what a config owns.  Accepts a zeroed config. */
void tt_hpa_config_release(tt_hpa_config *c);

/*
 * ---- reading a manifest (hpa_config.c) ----
 *
 * Errors say the field's path and, where Kubernetes' validation has
 * words for the problem, its words: "spec.maxReplicas: Required value",
 * "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0:
 * must be greater than 0", at the value's line and column.  Warnings and
 * notes (a field ttsim reads differently or ignores although it changes
 * behaviour, an alpha feature) go to `notes`, which may be NULL.
 */

/*
 * Read one HorizontalPodAutoscaler, the root map of its document
 * (autoscaling/v2; v2beta2 with a note; v1's
 * targetCPUUtilizationPercentage as a cpu Utilization metric), into *out
 * with Kubernetes' defaults.  Unknown keys are errors (as `kubectl apply`
 * with its default strict validation), except under metadata and status.
 * On failure *out is zeroed.  The locations in *out point at the
 * document's name, which must outlive them.
 */
tt_code tt_hpa_config_read(const tt_node *root, tt_diag_list *notes,
                           tt_hpa_config *out, tt_diag *d);

/*
 * A manifest file's text, `len` bytes named `name` (kept alive by the
 * caller as long as *out): JSON, or YAML of one or several documents
 * separated by `---`; a `kind: List` holds objects in `items`.  Objects
 * of other kinds (a Deployment, a Service) are skipped; among the
 * HorizontalPodAutoscalers `which` picks one (NULL: the only one) and
 * patches it before it is read (k8s_manifest.h).  None, several without
 * a name, or no such name: TT_EINVAL at which->loc (the scenario's key; when its file
 * is NULL, the manifest's first line), naming the ones the file holds.
 */
tt_code tt_hpa_config_parse(const char *text, size_t len, const char *name,
                            const tt_k8s_which *which,
                            tt_diag_list *notes, tt_hpa_config *out,
                            tt_diag *d);

/* The same from a file; `path` names it in locations.  TT_EIO when it
 * cannot be read. */
tt_code tt_hpa_config_load(const char *path, const tt_k8s_which *which,
                           tt_diag_list *notes, tt_hpa_config *out, tt_diag *d);

/*
 * `ttsim validate` on a manifest: read every HorizontalPodAutoscaler the
 * text holds (*n of them, 0 included), each as a scenario would, with a
 * note in `notes` saying how a scenario runs it.  The first error stops.
 */
tt_code tt_hpa_config_check(const char *text, size_t len, const char *name,
                            tt_diag_list *notes, size_t *n, tt_diag *d);

/*
 * A Kubernetes quantity ("500m", "1", "2Gi", "1.5e3", "100k") as a
 * number: the decimal suffixes n u m k M G T P E, the binary Ki Mi Gi Ti
 * Pi Ei, or an exponent e/E; an optional sign.  False when `text` is not
 * one (apimachinery's grammar) or its value is not a finite double.
 */
bool tt_hpa_quantity(const char *text, double *out);

/*
 * An HPA `behavior` object at field path `path` ("spec.behavior", or a
 * ScaledObject's "spec.advanced.horizontalPodAutoscalerConfig.behavior")
 * into c->has_behavior, c->up and c->down, exactly as
 * tt_hpa_config_read reads spec.behavior: NULL or null leaves
 * has_behavior false (the legacy path); otherwise each direction gets
 * Kubernetes' defaults for the fields it leaves out.  Errors name fields
 * under `path`.  On failure c->up and c->down may hold policies: release
 * c with tt_hpa_config_release.
 */
tt_code tt_hpa_behavior_read(const tt_node *behavior, const char *path,
                             tt_diag_list *notes, tt_hpa_config *c, tt_diag *d);

/*
 * ---- reading a KEDA ScaledObject (keda_config.c) ----
 *
 * Errors name the field's path ("spec.triggers[0].metadata.threshold")
 * and use KEDA's words where KEDA has them ("MinReplicaCount=5 must be
 * less than MaxReplicaCount=3", "triggerName \"a\" is defined multiple
 * times in the ScaledObject, but it must be unique"), else Kubernetes'
 * ("Required value", "Invalid value"), at the value's line and column.
 * What ttsim reads but does not simulate (idleReplicaCount above
 * minReplicaCount's reach, fallback, initialCooldownPeriod, the paused
 * annotations, a cpu trigger's containerName) is a warning in `notes`
 * (may be NULL).
 */

/*
 * Read one ScaledObject (keda.sh/v1alpha1), the root map of its
 * document, into *keda (KEDA's own part: replica counts, intervals, one
 * trigger per spec.triggers[] item with its activation threshold) and
 * *hpa (the HorizontalPodAutoscaler KEDA creates for it: name
 * spec.advanced.horizontalPodAutoscalerConfig.name or
 * "keda-hpa-<metadata.name>", minReplicas max(minReplicaCount, 1),
 * maxReplicas maxReplicaCount, metric i from trigger i, and the
 * behavior of horizontalPodAutoscalerConfig when given).  Trigger i
 * becomes a Resource metric "cpu" or "memory" (types cpu, memory), an
 * External "queue_length" (aws-sqs-queue), or an External metric named
 * by the trigger's `name` or metadata.metricName (every other type;
 * required), which the scenario resolves later (tt_sv_hpa_source).
 * Unknown keys are errors except under metadata and status.  On
 * failure both are zeroed.  Locations point at the document's name,
 * which must outlive them.
 */
tt_code tt_keda_config_read(const tt_node *root, tt_diag_list *notes,
                            tt_keda_config *keda, tt_hpa_config *hpa,
                            tt_diag *d);

/*
 * A manifest file's text, as tt_hpa_config_parse reads one: JSON, or
 * YAML of one or several documents; a `kind: List` holds objects in
 * `items`; objects of other kinds are skipped.  The ScaledObject read is
 * the one `which` picks (NULL: the only one), patched as it says.
 * None, several without a name, or no such name: TT_EINVAL at
 * which->loc (when its file is NULL, the manifest's first line), naming
 * the ones the file holds.
 */
tt_code tt_keda_config_parse(const char *text, size_t len, const char *name,
                             const tt_k8s_which *which,
                             tt_diag_list *notes, tt_keda_config *keda,
                             tt_hpa_config *hpa, tt_diag *d);

/* tt_hpa_config_check for the ScaledObjects a manifest holds. */
tt_code tt_keda_config_check(const char *text, size_t len, const char *name,
                             tt_diag_list *notes, size_t *n, tt_diag *d);

/* The same from a file; `path` names it in locations.  TT_EIO when it
 * cannot be read. */
tt_code tt_keda_config_load(const char *path, const tt_k8s_which *which,
                            tt_diag_list *notes, tt_keda_config *keda,
                            tt_hpa_config *hpa, tt_diag *d);

#endif
