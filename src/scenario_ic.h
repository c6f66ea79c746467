/*
 * scenario_ic.h - a scenario's inference component (SPEC.md 13): the
 * `inference_component:` block, the wake-up presets it may ask for, and
 * the checks on MinCapacity 0 (on an inference component and on an
 * endpoint variant).  Private to the library.
 */
#ifndef TTSIM_SCENARIO_IC_H
#define TTSIM_SCENARIO_IC_H

#include "node.h"
#include "scenario_values.h"
#include "ttsim/scenario.h"

/* The scalable dimension that makes a target an inference component. */
#define TT_SV_IC_DIMENSION "sagemaker:inference-component:DesiredCopyCount"

/* The metric a request fails on while no copy serves (SPEC.md 13.2). */
#define TT_SV_NO_CAPACITY_METRIC "NoCapacityInvocationFailures"

/* The name of the preset's step policy and of its alarm. */
#define TT_SV_WAKE_NAME "wake-from-zero"

/*
 * The spellings of the knobs' values, indexed by their enums and
 * NULL-terminated: what the scenario reads and a run summary writes.
 */
extern const char *const tt_sv_ic_packing_names[];
extern const char *const tt_sv_wake_preset_names[];
extern const char *const tt_sv_variant_min_zero_names[];

/*
 * Read `inference_component:` into s->ic once the target, the capacity,
 * the policies and their alarms are read, and before `simulation:`
 * (the preset's alarm is one whose metric sets the simulation period).
 * s->ic.on is set for an inference component target, with or without
 * the block, and every default filled in; for another target the block
 * is an error at its place and s->ic stays zeroed.  `copy_load` is read
 * as `instance.provisioning` is (its empirical file against `dir`).
 * Errors at the value at fault: unknown keys (with a "did you mean"),
 * types, ranges, `instances.min` above `instances.max`, initial copies
 * that need more than `instances.max` instances, a preset whose policy
 * or alarm name is taken.  A `capacity.max` beyond what `instances.max`
 * instances hold is a warning in s->notes.
 */
tt_code tt_sv_ic(tt_scenario *s, const tt_node *root, const char *dir,
                 tt_diag *d);

/*
 * MinCapacity 0, once `aws:` is read (SPEC.md 13.1, 13.2): on an
 * endpoint variant a warning in s->notes, or with `aws.variant_min_zero:
 * error` TT_EINVAL, at the capacity's `min`; on an inference component
 * without a step policy that an alarm on NoCapacityInvocationFailures
 * invokes, a warning that it would never wake from zero.
 */
tt_code tt_sv_ic_check(tt_scenario *s, tt_diag *d);

/* Release what s->ic owns.  Accepts a zeroed scenario. */
void tt_sv_ic_release(tt_scenario *s);

#endif
