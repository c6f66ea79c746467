/*
 * overrides_node.h - apply `--set` overrides to a parsed scenario document
 * and to the policy files it names (overrides.c).  Private to the library.
 *
 * An override is KEY=VALUE: KEY a dotted path with [N] indexes
 * (`capacity.max`, `policies[0].TargetValue`), VALUE YAML text.  The
 * value replaces (or adds) one node of the document, so the normal loader
 * type-checks it and its errors point into the override: the nodes it
 * adds are located in a file named "--set 'KEY=VALUE'", line 1, with
 * columns counted in the KEY=VALUE text.  docs/cli.md has the rules.
 */
#ifndef TTSIM_OVERRIDES_NODE_H
#define TTSIM_OVERRIDES_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "node.h"
#include "ttsim/scenario.h"

/*
 * Change the scenario document `doc` as every override says, in order.
 * Overrides of a policy's configuration (`policies[N].TargetValue`) whose
 * policy is a `file:` are left for tt_overrides_apply_policy_file.  The
 * names locations point at are kept in s->files.  `policies[N].alarm...`
 * changes the alarm written inline under the entry; the keys of one
 * given as `{file: F}` are left for tt_overrides_apply_alarm_file, and
 * `hpa.KEY...` or `keda.KEY...` with KEY a field of the manifest's spec
 * (not one of the block's own keys, tt_sv_controller_block_key) for
 * tt_overrides_apply_manifest: the block is added if absent, so that a
 * controller that does not read it refuses it at the override.  Errors
 * (TT_EINVAL): a malformed path, an index out of range, a path that walks
 * into a scalar, a value that does not parse; messages name the override
 * at the place in its text.  TT_ENOMEM.
 */
tt_code tt_overrides_apply(tt_doc *doc, const tt_overrides *ov, tt_scenario *s,
                           tt_diag *d);

/*
 * Apply the configuration overrides of `policies[index]` to the document
 * of its policy file: to every configuration of the kind the override
 * names (TargetTrackingScalingPolicyConfiguration or
 * StepScalingPolicyConfiguration) the file holds, wherever its form keeps
 * one (tt_aws_each_config: the root of a bare configuration, the key of a
 * PutScalingPolicy request, each entry of describe-scaling-policies
 * output, whole or cut down by --query).  A key written alone goes to the
 * target-tracking configurations, or to the step ones of a file without
 * any.  A file with no such configuration is an error when an override
 * needs one: "'FILE' holds no StepScalingPolicyConfiguration to change".
 */
tt_code tt_overrides_apply_policy_file(tt_doc *doc, size_t index,
                                       const tt_overrides *ov, tt_scenario *s,
                                       tt_diag *d);

/* `alarm` of tt_overrides_apply_alarm_file for an entry whose `alarm:` is
 * one map, not a list. */
#define TT_OV_ALARM_ALONE SIZE_MAX

/*
 * Apply the alarm overrides of `policies[policy]` to the document of an
 * alarm file its `alarm:` names (tt_alarm_def_load_doc), before
 * tt_alarm_def_read reads it: `policies[N].alarm.KEY` when `alarm:` is
 * one `{file: F}` (`alarm` TT_OV_ALARM_ALONE), `policies[N].alarm[I].KEY`
 * for item I of a list (`alarm` I).  KEY is a key of the alarm (not the
 * entry's `file` or `name`), set in every alarm map the file holds
 * (tt_alarm_def_each: a PutMetricAlarm request, each describe-alarms
 * entry), so the reader type-checks it as the file's own value, and a key
 * the alarm does not have is refused at the override's text.  A file
 * that holds no alarm map is an error when an override needs one:
 * "'FILE' holds no alarm to change".  TT_EINVAL, TT_ENOMEM.
 */
tt_code tt_overrides_apply_alarm_file(tt_doc *doc, size_t policy, size_t alarm,
                                      const tt_overrides *ov, tt_scenario *s,
                                      tt_diag *d);

/*
 * Apply the overrides `BLOCK.KEY...` (block "hpa" or "keda") with KEY a
 * field of the manifest's spec to `obj`, the object picked out of the
 * manifest (an HPA or a ScaledObject), before its reader reads it:
 * `hpa.behavior.scaleDown.stabilizationWindowSeconds=60` sets
 * spec.behavior.scaleDown.stabilizationWindowSeconds, adding the maps on
 * the way; `keda.triggers[0].metadata.value=5` needs the trigger to
 * exist, and a plain value there is the string KEDA's metadata holds
 * (`=20` as if quoted, so a sweep's range works).  The reader then checks
 * the value as the manifest's own, in Kubernetes' words, at the
 * override's text.  TT_EINVAL, TT_ENOMEM.
 */
tt_code tt_overrides_apply_manifest(tt_node *obj, const char *block,
                                    const tt_overrides *ov, tt_scenario *s,
                                    tt_diag *d);

#endif
