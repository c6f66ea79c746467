/*
 * aws_forms.h - the shapes AWS users keep their scaling setup in, read
 * into policies, a scalable target and its capacity.
 *
 * Besides the bare TargetTrackingScalingPolicyConfiguration (policy.c),
 * ttsim reads a PutScalingPolicy request, the output of
 * describe-scaling-policies, a RegisterScalableTarget request, the output
 * of describe-scalable-targets (aws_forms.c) and a CloudFormation template
 * (cfn.c).  The loader tells the shapes apart by their keys.  Private to
 * the library.
 *
 * The floors: aws_forms knows the file forms and where the configuration
 * sits in each, and builds on policy.c, which knows one configuration
 * (policy_node.h) and nothing of files.  Whatever needs a form asks here:
 * a policy file's loader (tt_policy_load_file, declared in
 * ttsim/policy.h, defined in aws_forms.c), `--set` into a policy file
 * (tt_aws_each_config, either kind), `ttsim validate` (tt_aws_detect).
 */
#ifndef TTSIM_AWS_FORMS_H
#define TTSIM_AWS_FORMS_H

#include <stdbool.h>
#include <stdint.h>

#include "node.h"
#include "ttsim/policy.h"
#include "ttsim/scenario.h"

typedef enum tt_aws_form {
	TT_FORM_CONFIG,     /* TargetTrackingScalingPolicyConfiguration */
	TT_FORM_PUT_POLICY, /* PutScalingPolicy request */
	TT_FORM_DESCRIBE_POLICIES, /* {"ScalingPolicies": [...]} */
	TT_FORM_REGISTER_TARGET,   /* RegisterScalableTarget request */
	TT_FORM_DESCRIBE_TARGETS,  /* {"ScalableTargets": [...]} */
	TT_FORM_CLOUDFORMATION,    /* a template: Resources, ... */
	/* a CloudWatch alarm: PutMetricAlarm, describe-alarms (alarm_def.h) */
	TT_FORM_ALARM
} tt_aws_form;

/* Which shape a document's root is, by its keys (a non-map: CONFIG). */
tt_aws_form tt_aws_detect(const tt_node *root);

/* A CloudFormation resource's Type when it is plain text, else NULL. */
const char *tt_aws_resource_type(const tt_node *res);

/*
 * True when `root` is a map of CloudFormation resources without
 * `Resources` around it (a fragment as the docs print them).
 */
bool tt_aws_is_cfn_fragment(const tt_node *root);

/*
 * Load a JSON or YAML file (tags kept), told by its content
 * (tt_doc_sniff); a Terraform file is refused with where it belongs.
 */
tt_code tt_aws_load_doc(const char *path, tt_doc *out, tt_diag *d);

/* A scalable target's three names as a file gives them (NULL: absent). */
typedef struct tt_aws_ids {
	const char *resource_id, *dimension, *service_namespace;
	tt_loc resource_loc, dimension_loc, namespace_loc;
} tt_aws_ids;

/*
 * Make the scenario's scalable target agree with `ids`: the first file
 * that names a ResourceId (or ScalableDimension) sets it when the scenario
 * gave none, and every later one must name the same ("ResourceId 'x' does
 * not match the scenario's resource 'y'", TT_EINVAL at the file's value).
 * The three names are checked against the resource table first.
 */
tt_code tt_aws_claim(tt_scenario *s, const tt_aws_ids *ids, tt_diag *d);

/* Append *p to s->policies (moved: *p is zeroed); TT_ENOMEM releases it. */
tt_code tt_aws_add_policy(tt_scenario *s, tt_policy *p, tt_loc at, tt_diag *d);

/*
 * Read a policy document of any policy shape (CONFIG, PUT_POLICY,
 * DESCRIBE_POLICIES; a bare StepScalingPolicyConfiguration reads as
 * CONFIG).  With a scenario, every target-tracking policy for its
 * scalable target is appended to s->policies and every step-scaling one
 * to s->step_policies (step.c reads its configuration), the target is
 * claimed, predictive entries are skipped with a warning and other
 * targets' entries ignored with a note, both in s->notes, where the step
 * reader's warnings go too.  Without one (s NULL): tt_aws_check_policies
 * with no notes list (its warnings are dropped).  *n_step (may be NULL)
 * is how many step policies were read.  `name` (NULL: from the file)
 * names the policy: the file's one target-tracking policy, or its one
 * step policy when it holds no target tracking.  `fallback` names a bare
 * configuration that has no name of its own.
 */
tt_code tt_aws_read_policies(tt_scenario *s, const tt_node *root,
                             const char *name, tt_loc name_loc,
                             const char *fallback, tt_policy *first,
                             size_t *n_step, tt_diag *d);

/*
 * The same reader without a scenario (a policy file's loader, `ttsim
 * validate` on a file alone): every policy is checked and only *first
 * (may be NULL) is filled: the first target-tracking policy, left zeroed
 * when the file holds step policies alone.  The warnings and notes a
 * scenario would get (a MinAdjustmentMagnitude that does not apply, a
 * skipped predictive entry) are added to `notes` (may be NULL: dropped)
 * with the same words and places.
 */
tt_code tt_aws_check_policies(const tt_node *root, const char *name,
                              tt_loc name_loc, const char *fallback,
                              tt_policy *first, size_t *n_step,
                              tt_diag_list *notes, tt_diag *d);

struct tt_step_policy;
struct tt_alarm_def;

/* Append *p to s->step_policies (moved: *p is zeroed); TT_ENOMEM
 * releases it. */
tt_code tt_aws_add_step_policy(tt_scenario *s, struct tt_step_policy *p,
                               tt_loc at, tt_diag *d);

/* The index of the step policy named `name` in s->step_policies. */
bool tt_aws_step_index(const tt_scenario *s, const char *name, size_t *index);

/*
 * Add the alarm *def to s->alarms (moved: *def is released or kept) with
 * its metric (tt_alarm_def_metric) and no policies yet; *index is where
 * it is.  An AlarmName already there is the same alarm when read from the
 * same place (one file named by two policies: *index is the first), else
 * TT_EINVAL "alarm 'X' is defined twice".  The one place alarms enter a
 * scenario, from every form.
 */
tt_code tt_aws_add_alarm(tt_scenario *s, struct tt_alarm_def *def,
                         size_t *index, tt_diag *d);

/* Alarm `alarm` invokes step policy `policy` (indices; once however
 * often it is said). */
tt_code tt_aws_alarm_invokes(tt_scenario *s, size_t alarm, size_t policy,
                             tt_diag *d);

/*
 * Alarm `alarm` also invokes every step policy of the scenario its
 * AlarmActions name: by a scaling policy ARN's policyName
 * (tt_alarm_action_policy_name), or by the policy's name written alone.
 */
tt_code tt_aws_match_actions(tt_scenario *s, size_t alarm, tt_diag *d);

/*
 * Once every policy and alarm of a scenario is read: each alarm also
 * invokes the step policies its AlarmActions name (tt_aws_match_actions),
 * and a step policy no alarm invokes gets a warning in s->notes (it would
 * never act).
 */
tt_code tt_aws_join_alarms(tt_scenario *s, tt_diag *d);

/* Release what a scenario's alarm owns.  Accepts NULL. */
void tt_user_alarm_release(tt_user_alarm *a);

/* The two configurations a scaling policy document may hold. */
typedef enum tt_aws_config_kind {
	TT_AWS_TARGET_TRACKING, /* TargetTrackingScalingPolicyConfiguration */
	TT_AWS_STEP             /* StepScalingPolicyConfiguration */
} tt_aws_config_kind;

/* The key a configuration of `kind` sits under in every form. */
const char *tt_aws_config_key(tt_aws_config_kind kind);

/*
 * Call fn(config, arg) on every configuration of `kind` a policy document
 * holds, where the loader finds it: the root of a bare configuration (a
 * map; a step one when it has StepAdjustments, as the loader tells them
 * apart), the key of a PutScalingPolicy request, the key of each entry
 * of describe-scaling-policies output (whole, its list alone, or one
 * entry alone).  Nothing is checked: a missing configuration is skipped,
 * for the loader to refuse with its message; any other form holds none.
 * Stops at fn's first error and returns it.  *count (may be NULL) is how
 * many configurations fn was given.  For `--set` into a policy file
 * (overrides.c), which changes the tree before the loader reads it.
 */
typedef tt_code (*tt_aws_config_fn)(tt_node *config, void *arg);
tt_code tt_aws_each_config(tt_node *root, tt_aws_config_kind kind,
                           tt_aws_config_fn fn, void *arg, size_t *count);

/* A capacity limit from a file: absent, a number or an expression. */
typedef enum tt_aws_value_state {
	TT_AV_ABSENT,
	TT_AV_SET,
	TT_AV_EXPR
} tt_aws_value_state;

typedef struct tt_aws_int {
	tt_aws_value_state state;
	int64_t value;
	tt_loc loc;
	char expr[64]; /* the expression as written, when TT_AV_EXPR */
	/* when TT_AV_EXPR, what else gives the value, for the message:
	 * ", or parameter P in 'cloudformation.parameters'", or "" */
	char hint[128];
} tt_aws_int;

/* What a RegisterScalableTarget or a template's target says. */
typedef struct tt_aws_capacity {
	const char *origin;  /* the file, for messages; NULL: none */
	const char *section; /* the scenario key that gave it: "cloudformation",
	                        "terraform", "register" (NULL: register) */
	tt_aws_int min, max;
	/* SuspendedState: which keys the file gave, and their values */
	bool has_in, has_out, has_scheduled;
	bool in_suspended, out_suspended, scheduled_suspended;
} tt_aws_capacity;

/* Read MinCapacity / MaxCapacity / SuspendedState of a target map. */
tt_code tt_aws_read_capacity(const tt_node *map, tt_aws_capacity *cap,
                             tt_diag *d);

/*
 * Load `path` (kept by the scenario) as a RegisterScalableTarget request or
 * describe-scalable-targets output: claim its target and fill *cap.
 */
tt_code tt_aws_load_register(tt_scenario *s, const char *path,
                             tt_aws_capacity *cap, tt_diag *d);

/* The same for a document already parsed (`path` names it in *cap). */
tt_code tt_aws_read_register(tt_scenario *s, const tt_node *root,
                             const char *path, tt_aws_capacity *cap,
                             tt_diag *d);

/* How a scenario asks for a template's target (cfn.c). */
typedef struct tt_cfn_input {
	const char *target; /* the target's logical ID, NULL: the only one */
	tt_loc target_loc;  /* where the scenario names it */
	tt_loc at;          /* the scenario's cloudformation map */
	/* the scenario's parameter values, or NULL */
	const tt_node *parameters;
} tt_cfn_input;

/*
 * Load a CloudFormation template (cfn.c): its Parameters (the scenario's
 * values, else each Default) are put in for `!Ref P` and `${P}` in `!Sub`;
 * the chosen ScalableTarget gives *cap and the scalable target, its
 * target-tracking ScalingPolicy resources are appended to s->policies,
 * its step-scaling ones to s->step_policies with the
 * AWS::CloudWatch::Alarm resources whose AlarmActions name them.
 * A template without `Resources` whose entries are resources (the
 * fragments of AWS's docs) reads as one.
 */
tt_code tt_cfn_load(tt_scenario *s, const char *path, const tt_cfn_input *in,
                    tt_aws_capacity *cap, tt_diag *d);

/*
 * The same for a template already parsed (JSON, or YAML with its tags
 * kept); the tree is prepared in place (tt_node_cfn_prepare).
 */
tt_code tt_cfn_read(tt_scenario *s, tt_node *root, const char *path,
                    const tt_cfn_input *in, tt_aws_capacity *cap, tt_diag *d);

/*
 * `ttsim validate` on a template: every scalable target with its
 * policies, as a scenario would read each; what only a scenario can give
 * (a ResourceId built with !Sub, a parameter without a Default) is a
 * note, not an error, and a note lists what was found.
 */
tt_code tt_cfn_validate(tt_node *root, tt_diag_list *notes, tt_diag *d);

#endif
