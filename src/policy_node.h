/*
 * policy_node.h - build a tt_policy from a parsed document node.
 *
 * Shared by policy.c (policy files) and scenario.c (policies written inline
 * in a scenario), so both forms are validated by the same code.
 */
#ifndef TTSIM_POLICY_NODE_H
#define TTSIM_POLICY_NODE_H

#include "node.h"
#include "ttsim/policy.h"

/*
 * `config` is the TargetTrackingScalingPolicyConfiguration map.  The policy
 * is named `policy_name` (copied).  Errors as tt_policy_load_file.
 */
tt_code tt_policy_from_node(const tt_node *config, const char *policy_name,
                            tt_policy *out, tt_diag *d);

#endif
