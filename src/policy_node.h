/*
 * policy_node.h - build a tt_policy from a parsed document node.
 *
 * The one validator of a TargetTrackingScalingPolicyConfiguration
 * (policy.c), used by every form that holds one: the AWS file forms
 * (aws_forms.c), CloudFormation (cfn.c), Terraform (tf.c) and policies
 * written inline in a scenario (scenario.c).
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
