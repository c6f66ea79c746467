/*
 * scenario_scheduled.h - a scenario's scheduled actions (SPEC.md 14):
 * the `scheduled:` list, `simulation.start`, the scheduled knobs under
 * `aws:`, and the one way every source (the list, a CloudFormation
 * target's ScheduledActions, Terraform's aws_appautoscaling_scheduled_action)
 * adds an action to the scenario.  Private to the library.
 */
#ifndef TTSIM_SCENARIO_SCHEDULED_H
#define TTSIM_SCENARIO_SCHEDULED_H

#include "node.h"
#include "scenario_values.h"
#include "scheduled_action.h"
#include "ttsim/scenario.h"

/* The most a scheduled action's MinCapacity or MaxCapacity may be: the
 * most instances a scenario can have (MAX_CAPACITY, scenario.c). */
#define TT_SV_SCHEDULED_CAPACITY_MAX TT_SV_RECORDED_CAPACITY_MAX

/*
 * The spellings of the scheduled knobs' values, indexed by their enums and
 * NULL-terminated: what the scenario reads and summary.json writes.
 */
extern const char *const tt_sv_cron_seconds_names[];
extern const char *const tt_sv_start_time_run_names[];
extern const char *const tt_sv_rate_without_start_names[];
extern const char *const tt_sv_dst_gap_names[];
extern const char *const tt_sv_dst_overlap_names[];
extern const char *const tt_sv_min_gt_max_names[];
extern const char *const tt_sv_while_updating_names[];

/* SPEC 16's defaults for the scheduled knobs, into `k` (the rest of `k`
 * untouched): tt_aws_knobs_default's part for scheduled actions. */
void tt_sv_scheduled_knobs_default(tt_aws_knobs *k);

/*
 * Read what of a scenario concerns scheduled actions, once `aws:`,
 * `simulation:` and the target are read: `simulation.start`, the
 * scheduled knobs of `aws:` (their keys are in load_aws's list), then
 * each item of `scheduled:` (`{file: F}`, resolved against `dir`, or an
 * inline action with AWS's keys).  A file's actions for other targets are
 * skipped, as describe output's policies are; a file with none for this
 * target, or an inline action naming another, is an error.  Finally every
 * action is checked against the run's wall clock where the scenario alone
 * decides it (a synthetic workload without `simulation.start` has none,
 * so an at() or cron() action is an error here rather than in the run).
 */
tt_code tt_sv_scheduled(tt_scenario *s, const tt_node *root, const char *dir,
                        tt_diag *d);

/*
 * Append *a to s->scheduled (moved: *a is emptied, and released on
 * failure).  Names are unique per target across the whole scenario:
 * "duplicate ScheduledActionName 'x' (first at FILE:LINE)".
 */
tt_code tt_sv_scheduled_add(tt_scenario *s, tt_scheduled_action *a, tt_diag *d);

/* Free the scenario's scheduled actions.  Accepts a zeroed scenario. */
void tt_sv_scheduled_release(tt_scenario *s);

#endif
