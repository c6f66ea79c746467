/*
 * hpa.h - the Horizontal Pod Autoscaler's controller (SPEC.md 15.2).
 *
 * Two layers, as in Kubernetes' pkg/controller/podautoscaler:
 *
 *   the replica calculator   one metric's proposal from what the pods
 *                            report: the ratio to the target, tolerance,
 *                            missing and unready pods
 *   the sync                 the metrics combined, then stabilized (the
 *                            legacy window, or `behavior`'s windows and
 *                            rate limits with their scale events)
 *
 * Both are plain arithmetic on what the engine measured; the sync keeps
 * the controller's memory (recommendations and scale events) in a
 * tt_hpa_state.  Private to the library.
 */
#ifndef TTSIM_HPA_H
#define TTSIM_HPA_H

#include <stdbool.h>
#include <stddef.h>

#include "hpa_config.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"

/* The tolerance band: a ratio r is within it when down <= 1 - r ... */
typedef struct tt_hpa_tolerance {
	double up;   /* r <= 1 + up */
	double down; /* r >= 1 - down */
} tt_hpa_tolerance;

/* The band in force: the flag, or behavior's per-direction values while
 * configurable tolerance is on (SPEC.md 15.2). */
tt_hpa_tolerance tt_hpa_tolerance_of(const tt_hpa_config *c,
                                     const tt_hpa_knobs *k);

/*
 * What the pods reported for one per-pod metric (Resource, Pods) at a
 * sync: the ready pods that have a value and their sum (for a
 * Utilization target, each pod's percent of its request), the unready
 * ones (Pending, or in the CPU initialization period) and the ready ones
 * without a value.
 */
typedef struct tt_hpa_pods {
	int ready;
	double sum;
	int unready;
	int missing;
} tt_hpa_pods;

/*
 * One metric's proposal.  `ok` false: the metric failed (no pod with a
 * value), which the sync counts as such.
 */
typedef struct tt_hpa_proposal {
	bool ok;
	int replicas;
	double ratio; /* the usage ratio to the target (first look, before
	                 missing and unready pods) */
} tt_hpa_proposal;

/*
 * A per-pod metric's proposal at `current` spec replicas (SPEC.md 15.2,
 * steps 1-3): Utilization targets use the truncated integer percent,
 * missing pods count at max(100, target) (Utilization) or the target
 * (AverageValue) below the target and at 0 above it, unready pods at 0
 * when scaling up.
 */
tt_hpa_proposal tt_hpa_pods_replicas(tt_hpa_target_type type, double target,
                                     const tt_hpa_pods *p, int current,
                                     tt_hpa_tolerance tol);

/*
 * An Object or External metric's proposal from its one value: with an
 * AverageValue target, ceil(value / target) unless value / (target x
 * current) is within tolerance (at 0 current replicas, no tolerance);
 * with a Value target, ceil(value / target x ready) unless value /
 * target is within it.
 */
tt_hpa_proposal tt_hpa_value_replicas(tt_hpa_target_type type, double target,
                                      double value, int ready, int current,
                                      tt_hpa_tolerance tol);

/* A recommendation or a scale event, with when it was made. */
typedef struct tt_hpa_record {
	tt_time_us t;
	int value;
	bool outdated; /* scale events: replaceable */
} tt_hpa_record;

typedef struct tt_hpa_records {
	tt_hpa_record *v;
	size_t n;
	size_t cap;
} tt_hpa_records;

/* The controller's memory of one HPA. */
typedef struct tt_hpa_state {
	bool seen; /* the first sync has run */
	tt_hpa_records recs;
	tt_hpa_records up_events;
	tt_hpa_records down_events;
} tt_hpa_state;

void tt_hpa_state_release(tt_hpa_state *st);

/* Why a sync left the replicas as they were. */
typedef enum tt_hpa_outcome {
	TT_HPA_SCALED,          /* desired differs from current */
	TT_HPA_UNCHANGED,       /* computed, and equal to current */
	TT_HPA_SCALING_DISABLED, /* spec replicas 0 with minReplicas > 0 */
	TT_HPA_METRICS_FAILED   /* skipped: metrics failed (H5) */
} tt_hpa_outcome;

typedef struct tt_hpa_result {
	tt_hpa_outcome outcome;
	int desired;
	int proposal; /* the metrics' largest valid proposal (0: none) */
} tt_hpa_result;

/*
 * One sync at `now` with `current` spec replicas and the metrics'
 * proposals (one per config metric, in order): SPEC.md 15.2's sync,
 * recording what Kubernetes records.  TT_ENOMEM.
 */
tt_code tt_hpa_sync(tt_hpa_state *st, const tt_hpa_config *c,
                    const tt_hpa_knobs *k, tt_time_us now, int current,
                    const tt_hpa_proposal *props, tt_hpa_result *out);

#endif
