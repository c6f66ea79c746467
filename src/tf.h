/*
 * tf.h - a Terraform configuration's Application Auto Scaling resources.
 *
 * ttsim reads the .tf files a team already has (hcl.h parses them) and
 * evaluates just enough of Terraform to know one scalable target and its
 * policies: literals, `var.X` (the scenario's vars, then .tfvars files in
 * order, then the variable's default), `local.X`, references to the
 * scalable target's own attributes, templates, conditionals and
 * operators, and `count` guards of 0 or 1 (a count it cannot evaluate
 * matters only on a resource the run uses).  Anything else a value needs
 * (a function call, a data source, a module output, for_each) is an error
 * at its place naming the value the scenario must give.
 *
 * The JSON of `terraform show -json` (a plan's planned_values or a
 * state's values) is read instead of the files when given: its values
 * need no evaluation.
 *
 * The resources are translated into the AWS API's own shapes with every
 * node keeping its .tf position, so the same validators as for CLI JSON
 * and CloudFormation check them.  Private to the library.
 */
#ifndef TTSIM_TF_H
#define TTSIM_TF_H

#include <stddef.h>

#include "aws_forms.h"
#include "node.h"

typedef struct tt_tf_input {
	const char *const *files; /* .tf paths, kept by the scenario */
	size_t n_files;
	const char *const *var_files; /* .tfvars paths, later ones win */
	size_t n_var_files;
	const tt_node *vars; /* the scenario's `vars` map, or NULL */
	const char *plan;    /* `terraform show -json` output instead */
	const char *target;  /* "aws_appautoscaling_target.x", "x" or NULL */
	tt_loc target_loc;   /* where the scenario names it */
	tt_loc at;           /* the scenario's `terraform` map */
} tt_tf_input;

/*
 * Load the files and read the chosen aws_appautoscaling_target (the only
 * one when `target` is NULL): claim its names for the scenario, fill *cap
 * with its capacity, and append its target-tracking policies to
 * s->policies and its step-scaling ones to s->step_policies, with the
 * aws_cloudwatch_metric_alarm resources whose alarm_actions name them
 * (s->alarms).  Predictive policies are skipped with a warning, other
 * targets' policies and alarms naming none of these with a note.  Files without a target (a policy
 * module) give the policies of the scenario's own `resource` (s->resource,
 * required then) and leave *cap empty for the scenario's `capacity`.
 */
tt_code tt_tf_load(tt_scenario *s, const tt_tf_input *in, tt_aws_capacity *cap,
                   tt_diag *d);

#endif
