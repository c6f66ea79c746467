/*
 * cfn.c - a CloudFormation template's Application Auto Scaling resources.
 *
 * A template is read as written, YAML or JSON.  Its intrinsic functions
 * (`!Ref Target`, `!Sub ...`, `{"Fn::Join": ...}`) are not evaluated: they
 * stay opaque expressions on their nodes (node.h), and reading one where a
 * value is needed is an error that says so, or, for the values a scenario
 * can give itself (capacity limits, the ResourceId), an error that says
 * where to give it.  CloudFormation reads "10" as 10, so quoted numbers and
 * booleans are accepted here as they are not in API JSON.
 *
 * One AWS::ApplicationAutoScaling::ScalableTarget is simulated: the one the
 * scenario names, or the template's only one.  Its ScalingPolicy resources
 * are those whose ScalingTargetId is a Ref to it, or that name the same
 * ResourceId, ScalableDimension and ServiceNamespace (compared as written,
 * expressions included).  Step-scaling policies are skipped with a
 * warning; policies of other targets are ignored with a note.
 */
#include "aws_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_node.h"
#include "scenario_values.h"

#define TARGET_TYPE "AWS::ApplicationAutoScaling::ScalableTarget"
#define POLICY_TYPE "AWS::ApplicationAutoScaling::ScalingPolicy"
#define NAMES_MAX 256

static bool is_json(const char *path)
{
	size_t n = strlen(path);
	return n >= 5 && strcmp(path + n - 5, ".json") == 0;
}

/* The Type of a resource entry, or NULL when it has none readable. */
static const char *resource_type(const tt_node *res)
{
	const tt_node *t = tt_node_map_get(res, "Type");
	if (!t || t->kind != TT_NODE_SCALAR || t->tag)
		return NULL;
	return t->u.scalar.text;
}

/* Check a resource entry's own keys and return its Properties map. */
static tt_code properties(const tt_node_entry *e, const tt_node **out,
                          tt_diag *d)
{
	static const char *const keys[] = {"Type",
	                                   "Properties",
	                                   "DependsOn",
	                                   "Condition",
	                                   "Metadata",
	                                   "DeletionPolicy",
	                                   "UpdateReplacePolicy",
	                                   NULL};
	tt_code rc;

	if ((rc = tt_node_check_keys(e->value, e->key, keys, d)) ||
	    (rc = tt_node_require(e->value, e->key, "Properties", out, d)))
		return rc;
	return tt_node_expect_map(*out, "Properties", d);
}

/* A value as written, literal or expression, for comparing two of them. */
static const char *written(const tt_node *n, char *buf, size_t size)
{
	if (!n)
		return "";
	if (n->tag || n->kind != TT_NODE_SCALAR)
		return tt_node_expression_text(n, buf, size);
	return n->u.scalar.text;
}

/* Does the policy `props` belong to the target `tname` with `tprops`? */
static bool attached(const tt_node *props, const char *tname,
                     const tt_node *tprops)
{
	static const char *const ids[] = {"ResourceId", "ScalableDimension",
	                                  "ServiceNamespace"};
	const tt_node *ref = tt_node_map_get(props, "ScalingTargetId");
	char a[64], b[64];

	if (ref) {
		/* !Ref Target, or {"Ref": "Target"} */
		if (ref->tag && strcmp(ref->tag, "!Ref") == 0 &&
		    ref->kind == TT_NODE_SCALAR)
			return strcmp(ref->u.scalar.text, tname) == 0;
		if (ref->tag && strcmp(ref->tag, "Ref") == 0) {
			const tt_node *v = ref->u.map.entries[0].value;
			return v->kind == TT_NODE_SCALAR &&
			       strcmp(v->u.scalar.text, tname) == 0;
		}
		return false;
	}
	for (size_t i = 0; i < 3; i++) {
		const tt_node *p = tt_node_map_get(props, ids[i]);
		const tt_node *t = tt_node_map_get(tprops, ids[i]);
		if (!p || !t ||
		    strcmp(written(p, a, sizeof a), written(t, b, sizeof b)))
			return false;
	}
	return true;
}

/*
 * The target's names, claimed for the scenario.  A ResourceId written as
 * an expression is fine when the scenario gives its own `resource`.
 */
static tt_code claim_target(tt_scenario *s, const tt_node *props, tt_diag *d)
{
	static const char *const keys[] = {"ResourceId", "ScalableDimension",
	                                   "ServiceNamespace"};
	const tt_node *n[3];
	const char *v[3] = {NULL, NULL, NULL};
	tt_code rc;

	for (size_t i = 0; i < 3; i++) {
		if ((rc = tt_node_require(props, TARGET_TYPE, keys[i], &n[i],
		                          d)))
			return rc;
		if (tt_node_is_expression(n[i])) {
			char text[64];
			if (i == 0 && !s->resource)
				return tt_diag_set(
				        d, TT_EINVAL, n[i]->loc,
				        "'ResourceId' is a CloudFormation "
				        "expression ('%s'); give the value in "
				        "the scenario ('resource')",
				        tt_node_expression_text(n[i], text,
				                                sizeof text));
			continue;
		}
		if ((rc = tt_node_string(n[i], keys[i], &v[i], d)))
			return rc;
	}
	tt_aws_ids ids = {v[0], v[1], v[2], n[0]->loc, n[1]->loc, n[2]->loc};
	return tt_aws_claim(s, &ids, d);
}

/* One ScalingPolicy resource of the target. */
static tt_code load_policy(tt_scenario *s, const tt_node_entry *e,
                           const tt_node *props, size_t *used, tt_diag *d)
{
	static const char *const keys[] = {
	        "PolicyName",
	        "PolicyType",
	        "ResourceId",
	        "ScalableDimension",
	        "ScalingTargetId",
	        "ServiceNamespace",
	        "StepScalingPolicyConfiguration",
	        "TargetTrackingScalingPolicyConfiguration",
	        "PredictiveScalingPolicyConfiguration",
	        NULL};
	const tt_node *n, *cfg;
	const char *type, *name = e->key;
	tt_policy p;
	tt_code rc;

	if ((rc = tt_node_check_keys(props, e->key, keys, d)) ||
	    (rc = tt_node_require(props, e->key, "PolicyType", &n, d)) ||
	    (rc = tt_node_string(n, "PolicyType", &type, d)))
		return rc;
	if (strcmp(type, "StepScaling") == 0 ||
	    strcmp(type, "PredictiveScaling") == 0)
		return tt_diag_list_add(
		        &s->notes, TT_SEV_WARNING, e->value->loc,
		        "skipped %s policy '%s' (ttsim simulates target "
		        "tracking)",
		        type[0] == 'S' ? "step scaling" : "predictive scaling",
		        e->key);
	if (strcmp(type, "TargetTrackingScaling") != 0)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "unknown PolicyType '%s' (expected one of: "
		                   "TargetTrackingScaling, StepScaling, "
		                   "PredictiveScaling)",
		                   type);
	/* A literal PolicyName names the policy; else the logical ID. */
	n = tt_node_map_get(props, "PolicyName");
	if (n && !tt_node_is_expression(n) &&
	    (rc = tt_sv_name(n, "PolicyName", &name, d)))
		return rc;
	if ((rc = tt_node_require(props, e->key,
	                          "TargetTrackingScalingPolicyConfiguration",
	                          &cfg, d)) ||
	    (rc = tt_policy_from_node(cfg, name, &p, d)))
		return rc;
	(*used)++;
	return tt_aws_add_policy(s, &p, e->value->loc, d);
}

/* "A, B, C": the logical IDs of the template's scalable targets. */
static void target_names(const tt_node *resources, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < resources->u.map.count && used < size; i++) {
		const tt_node_entry *e = &resources->u.map.entries[i];
		const char *t = resource_type(e->value);
		if (!t || strcmp(t, TARGET_TYPE))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		                         used ? ", " : "", e->key);
	}
}

/* Find the simulated target's entry. */
static tt_code pick_target(const tt_node *resources, const char *target,
                           tt_loc target_loc, tt_loc at,
                           const tt_node_entry **out, tt_diag *d)
{
	char names[NAMES_MAX];
	size_t count = 0;

	target_names(resources, names, sizeof names);
	if (target) {
		const tt_node_entry *e = tt_node_map_find(resources, target);
		const char *t = e ? resource_type(e->value) : NULL;
		if (!e)
			return tt_diag_set(d, TT_EINVAL, target_loc,
			                   "no resource '%s' in the template "
			                   "(its scalable targets: %s)",
			                   target, names[0] ? names : "none");
		if (!t || strcmp(t, TARGET_TYPE))
			return tt_diag_set(
			        d, TT_EINVAL, target_loc,
			        "resource '%s' is %s, not an " TARGET_TYPE,
			        target, t ? t : "of no known type");
		*out = e;
		return TT_OK;
	}
	for (size_t i = 0; i < resources->u.map.count; i++) {
		const tt_node_entry *e = &resources->u.map.entries[i];
		const char *t = resource_type(e->value);
		if (t && strcmp(t, TARGET_TYPE) == 0 && !count++)
			*out = e;
	}
	if (count == 0)
		return tt_diag_set(d, TT_EINVAL, resources->loc,
		                   "no " TARGET_TYPE " in the template");
	if (count > 1)
		return tt_diag_set(d, TT_EINVAL, at,
		                   "the template declares %zu scalable targets "
		                   "(%s); choose one with 'target'",
		                   count, names);
	return TT_OK;
}

static tt_code load_template(tt_scenario *s, const tt_node *root,
                             const char *target, tt_loc target_loc, tt_loc at,
                             tt_aws_capacity *cap, tt_diag *d)
{
	static const char *const target_keys[] = {
	        "MaxCapacity",      "MinCapacity",       "ResourceId",
	        "RoleARN",          "ScalableDimension", "ScheduledActions",
	        "ServiceNamespace", "SuspendedState",    NULL};
	const tt_node *resources, *tprops;
	const tt_node_entry *te = NULL;
	size_t used = 0, other = 0;
	tt_code rc;

	if ((rc = tt_node_expect_map(root, "template", d)) ||
	    (rc = tt_node_require(root, "template", "Resources", &resources,
	                          d)) ||
	    (rc = tt_node_expect_map(resources, "Resources", d)))
		return rc;
	for (size_t i = 0; i < resources->u.map.count; i++) {
		const tt_node_entry *e = &resources->u.map.entries[i];
		if ((rc = tt_node_expect_map(e->value, e->key, d)))
			return rc;
	}
	if ((rc = pick_target(resources, target, target_loc, at, &te, d)) ||
	    (rc = properties(te, &tprops, d)) ||
	    (rc = tt_node_check_keys(tprops, te->key, target_keys, d)) ||
	    (rc = claim_target(s, tprops, d)) ||
	    (rc = tt_aws_read_capacity(tprops, cap, d)))
		return rc;
	if (tt_node_map_get(tprops, "ScheduledActions") &&
	    (rc = tt_diag_list_add(
	             &s->notes, TT_SEV_NOTE,
	             tt_node_map_find(tprops, "ScheduledActions")->key_loc,
	             "scheduled actions are not simulated")))
		return rc;

	for (size_t i = 0; i < resources->u.map.count; i++) {
		const tt_node_entry *e = &resources->u.map.entries[i];
		const char *t = resource_type(e->value);
		const tt_node *props;
		if (!t || strcmp(t, POLICY_TYPE))
			continue;
		if ((rc = properties(e, &props, d)))
			return rc;
		if (!attached(props, te->key, tprops)) {
			other++;
			continue;
		}
		if ((rc = load_policy(s, e, props, &used, d)))
			return rc;
	}
	if (used == 0)
		return tt_diag_set(d, TT_EINVAL, te->value->loc,
		                   "no target-tracking scaling policy for "
		                   "scalable target '%s' in the template",
		                   te->key);
	if (other)
		return tt_diag_list_add(&s->notes, TT_SEV_NOTE, resources->loc,
		                        "ignored %zu scaling %s of other "
		                        "scalable targets",
		                        other,
		                        other == 1 ? "policy" : "policies");
	return TT_OK;
}

tt_code tt_cfn_load(tt_scenario *s, const char *path, const char *target,
                    tt_loc target_loc, tt_loc at, tt_aws_capacity *cap,
                    tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc;

	rc = is_json(path) ? tt_doc_load_json(path, path, &doc, d)
	                   : tt_doc_load_yaml_tags(path, path, &doc, d);
	if (rc)
		return rc;
	rc = tt_cfn_read(s, doc.root, path, target, target_loc, at, cap, d);
	tt_doc_release(&doc);
	return rc;
}

tt_code tt_cfn_read(tt_scenario *s, tt_node *root, const char *path,
                    const char *target, tt_loc target_loc, tt_loc at,
                    tt_aws_capacity *cap, tt_diag *d)
{
	tt_code rc;
	memset(cap, 0, sizeof *cap);
	cap->origin = path;
	cap->section = "cloudformation";
	if ((rc = tt_node_cfn_prepare(root, d)))
		return rc;
	return load_template(s, root, target, target_loc, at, cap, d);
}
