/*
 * scenario_hpa.h - a scenario's controller (SPEC.md 15, 16): the
 * `controller:` key, the `hpa:` or `keda:` block beside the manifest's
 * file, and where each metric of the manifest takes its values from.  Private to
 * the library.
 */
#ifndef TTSIM_SCENARIO_HPA_H
#define TTSIM_SCENARIO_HPA_H

#include <stdbool.h>
#include <stddef.h>

#include "hpa_config.h"
#include "node.h"
#include "ttsim/scenario.h"

/* The spellings of `controller:`, indexed by tt_controller_kind and
 * NULL-terminated: what the scenario reads and a summary writes. */
extern const char *const tt_sv_controller_names[];

/*
 * The HPA knobs' defaults (SPEC.md 16): sync every 15 s, tolerance 0.1,
 * configurable tolerance on, 300 s downscale stabilization and CPU
 * initialization period, a 15 s metric window, pods starting as the
 * scenario's instances do (has_pod_startup false).
 */
void tt_hpa_knobs_default(tt_hpa_knobs *k);

/*
 * Read `controller:` and its block, right after the scenario's name and
 * resource and before any other section.  s->hpa_knobs always gets its
 * defaults, and the block's values when given; s->keda_queue_at_zero
 * is true unless `keda.at_zero: fail`.
 *
 * With `controller: hpa` the manifest `hpa.file` (resolved against
 * `dir`, kept in s->files) is read into s->hpa (hpa_config.h;
 * `hpa.name` picks one of several), and the capacity comes from it: min
 * and max are its minReplicas and maxReplicas, `capacity.initial`
 * (default minReplicas) is the replicas the run starts with.
 *
 * With `controller: keda` the ScaledObject `keda.file` is read into
 * s->keda (KEDA's part) and s->hpa (the HPA KEDA creates: minReplicas
 * max(minReplicaCount, 1), one metric per trigger, in order); `keda:`
 * holds the HPA knobs too.  min and max are minReplicaCount and
 * maxReplicaCount, `capacity.initial` defaults to minReplicaCount.
 *
 * For both, the sections that belong to Application Auto Scaling
 * (policies, scheduled actions, a template's or Terraform's target, an
 * inference component, `capacity` other than `initial`) are errors at
 * their key, saying where the controller takes that from; the caller
 * skips loading capacity and policies.  A block the controller does not
 * read (`hpa:` or `keda:`) is TT_EINVAL at its key.  Every error at the
 * value at fault; notes and warnings from the manifest in s->notes.
 * The overrides `ov` of the manifest's fields are applied to the picked
 * object before it is read (tt_overrides_apply_manifest).
 */
tt_code tt_sv_controller(tt_scenario *s, const tt_node *root, const char *dir,
                         const tt_overrides *ov, tt_diag *d);

/*
 * Whether `key` (`len` bytes) is a key of the `hpa:` or `keda:` block
 * itself (file, name, at_zero, a knob) rather than a field of the
 * manifest's spec, which `--set hpa.KEY=...` changes in the manifest as
 * it is read (overrides_node.h).
 */
bool tt_sv_controller_block_key(const char *key, size_t len);

/*
 * Where the values of one manifest metric come from (SPEC.md 15.1,
 * docs/scenario.md's table):
 */
typedef enum tt_hpa_metric_source {
	TT_HPA_FROM_CPU,        /* Resource cpu: the pods' busy share of
	                             their request (SPEC.md 16.1) */
	TT_HPA_FROM_MODEL,      /* a model under `metrics:` of the name */
	TT_HPA_FROM_RPS,        /* requests_per_second: invocations per
	                             second */
	TT_HPA_FROM_CONCURRENT, /* concurrent_requests: requests in flight */
	TT_HPA_FROM_QUEUE       /* queue_length: requests waiting (request
	                             mode) */
} tt_hpa_metric_source;

/*
 * The source of metric `m` of s->hpa: Resource cpu is simulated,
 * Resource memory needs a model named `memory`; a Pods, Object or
 * External metric name is a model under `metrics:` when one has that
 * name, else a built-in name.  *model is the model (NULL otherwise).
 * False when the name resolves to nothing, which a loaded scenario never
 * holds (tt_sv_hpa_check refuses it).
 */
bool tt_sv_hpa_source(const tt_scenario *s, const tt_hpa_metric *m,
                      tt_hpa_metric_source *out, const tt_metric_model **model);

/* A built-in source's name ("requests_per_second"), "cpu" or "model". */
const char *tt_sv_hpa_source_name(tt_hpa_metric_source src);

/*
 * With `controller: hpa` or `keda`, once `metrics:`, `instance:`,
 * `simulation:` and `aws:` are read: every metric of s->hpa (for KEDA,
 * each trigger's) resolves to a source
 * (tt_sv_hpa_source; an unknown name is an error at the metric, with a
 * "did you mean"), `queue_length` needs request mode, and
 * `concurrent_requests` a service time; a per-HPA tolerance that
 * `hpa.configurable_tolerance: false` ignores is a warning.  Nothing for
 * the AWS controller.
 */
tt_code tt_sv_hpa_check(tt_scenario *s, tt_diag *d);

/* Release s->hpa, s->keda and the knobs' memory.  Accepts a zeroed
 * scenario. */
void tt_sv_hpa_release(tt_scenario *s);

#endif
