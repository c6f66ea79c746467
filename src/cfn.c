/*
 * cfn.c - a CloudFormation template's Application Auto Scaling resources.
 *
 * A template is read as written, YAML or JSON.  Its Parameters are put in
 * where they are referred to (`!Ref P`, `${P}` in a `!Sub` string), with
 * the scenario's values first and each Default after.  Other intrinsic
 * functions (`!GetAtt`, `!Join`, `Fn::ImportValue`, a `!Sub` naming a
 * resource) are not evaluated: they stay opaque expressions on their
 * nodes (node.h), and reading one where a value is needed is an error that
 * says so, or, for the values a scenario can give itself (capacity limits,
 * the ResourceId, a parameter), an error that says where to give it.
 * CloudFormation reads "10" as 10, so quoted numbers and booleans are
 * accepted here as they are not in API JSON.
 *
 * One AWS::ApplicationAutoScaling::ScalableTarget is simulated: the one the
 * scenario names, or the template's only one.  Its ScalingPolicy resources
 * are those whose ScalingTargetId is a Ref to it, or that name the same
 * ResourceId, ScalableDimension and ServiceNamespace (compared as written,
 * expressions included).  Step-scaling policies are read beside the
 * target-tracking ones, with the AWS::CloudWatch::Alarm resources whose
 * AlarmActions name them (`!Ref Policy`, `!GetAtt Policy.Arn`, their
 * long forms, or the policy's ARN); an alarm that names no policy of the
 * target is ignored with a note, as are predictive policies (a warning)
 * and policies of other targets.
 */
#include "aws_forms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "policy_node.h"
#include "scenario_scheduled.h"
#include "scenario_values.h"
#include "step.h"

#define TARGET_TYPE "AWS::ApplicationAutoScaling::ScalableTarget"
#define POLICY_TYPE "AWS::ApplicationAutoScaling::ScalingPolicy"
#define ALARM_TYPE "AWS::CloudWatch::Alarm"
#define NAMES_MAX 256

/* The Type of a resource entry, or NULL when it has none readable. */
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

/*
 * Are two values written the same, literal or expression, whole?  (Two
 * long !Sub strings that share their first 60 characters are different
 * ResourceIds.)
 */
static bool same_value(const tt_node *a, const tt_node *b, int depth)
{
	if (!a || !b || a->kind != b->kind || depth > TT_NODE_MAX_DEPTH)
		return false;
	if ((a->tag == NULL) != (b->tag == NULL) ||
	    (a->tag && strcmp(a->tag, b->tag) != 0))
		return false;
	switch (a->kind) {
	case TT_NODE_SCALAR:
		return a->u.scalar.len == b->u.scalar.len &&
		       memcmp(a->u.scalar.text, b->u.scalar.text,
		              a->u.scalar.len) == 0;
	case TT_NODE_SEQ:
		if (a->u.seq.count != b->u.seq.count)
			return false;
		for (size_t i = 0; i < a->u.seq.count; i++)
			if (!same_value(a->u.seq.items[i], b->u.seq.items[i],
			                depth + 1))
				return false;
		return true;
	case TT_NODE_MAP:
		if (a->u.map.count != b->u.map.count)
			return false;
		for (size_t i = 0; i < a->u.map.count; i++)
			if (strcmp(a->u.map.entries[i].key,
			           b->u.map.entries[i].key) != 0 ||
			    !same_value(a->u.map.entries[i].value,
			                b->u.map.entries[i].value, depth + 1))
				return false;
		return true;
	}
	return false;
}

/*
 * The plain text an intrinsic holds in its short form (`!Ref Name`) or
 * its long one (`{"Ref": "Name"}`), or NULL: `!Ref` / `Ref` names what it
 * refers to, `!Sub` / `Fn::Sub` its string form.
 */
static const char *intrinsic_text(const tt_node *n, const char *short_tag,
                                  const char *long_tag)
{
	if (!n || !n->tag)
		return NULL;
	if (strcmp(n->tag, short_tag) == 0 && n->kind == TT_NODE_SCALAR)
		return n->u.scalar.text;
	if (strcmp(n->tag, long_tag) == 0 && n->kind == TT_NODE_MAP) {
		const tt_node *v = n->u.map.entries[0].value;
		if (v->kind == TT_NODE_SCALAR && !v->tag)
			return v->u.scalar.text;
	}
	return NULL;
}

static const char *ref_name(const tt_node *n)
{
	return intrinsic_text(n, "!Ref", "Ref");
}

/* Does the policy `props` belong to the target `tname` with `tprops`? */
static bool attached(const tt_node *props, const char *tname,
                     const tt_node *tprops)
{
	static const char *const ids[] = {"ResourceId", "ScalableDimension",
	                                  "ServiceNamespace"};
	const tt_node *ref = tt_node_map_get(props, "ScalingTargetId");

	if (ref) {
		/* !Ref Target, or {"Ref": "Target"} */
		const char *name = ref_name(ref);
		return name && strcmp(name, tname) == 0;
	}
	for (size_t i = 0; i < 3; i++) {
		const tt_node *p = tt_node_map_get(props, ids[i]);
		const tt_node *t = tt_node_map_get(tprops, ids[i]);
		if (!same_value(p, t, 0))
			return false;
	}
	return true;
}

/* ---- parameters ---- */

typedef struct param {
	const char *name;
	const tt_node *value; /* NULL: no Default and no scenario value */
} param;

/* One template being read for a scenario (or for `ttsim validate`). */
typedef struct cfn {
	tt_scenario *s;
	const tt_cfn_input *in;
	tt_diag *d;
	param *params;
	size_t n_params;
	bool lenient; /* validate: what a scenario gives is a note */
	/* validate: the target's policies that wait for a parameter */
	char pending[NAMES_MAX];
	size_t n_pending;
	/* the target's step policies: logical ID (borrowed from the tree)
	 * and index in s->step_policies, for the alarms' AlarmActions */
	const char **step_ids;
	size_t *step_index;
	size_t n_steps;
} cfn;

static const param *find_param(const cfn *c, const char *name)
{
	for (size_t i = 0; i < c->n_params; i++)
		if (strcmp(c->params[i].name, name) == 0)
			return &c->params[i];
	return NULL;
}

/* Make `n` the plain scalar `text`, freeing what it held. */
static tt_code become_scalar(cfn *c, tt_node *n, const char *text, size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return tt_diag_nomem(c->d, n->loc);
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (n->kind == TT_NODE_MAP) {
		for (size_t i = 0; i < n->u.map.count; i++) {
			free(n->u.map.entries[i].key);
			tt_node_free(n->u.map.entries[i].value);
		}
		free(n->u.map.entries);
	} else if (n->kind == TT_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count; i++)
			tt_node_free(n->u.seq.items[i]);
		free(n->u.seq.items);
	} else {
		free(n->u.scalar.text);
	}
	free(n->tag);
	n->tag = NULL;
	n->kind = TT_NODE_SCALAR;
	/* typed by its reader, as CloudFormation reads "70" as 70 */
	n->u.scalar.kind = TT_SCALAR_PLAIN;
	n->u.scalar.text = copy;
	n->u.scalar.len = len;
	return TT_OK;
}

/*
 * `text` of a !Sub with every ${Name} that is a parameter with a value
 * put in (and ${!Literal} as ${Literal}); false when some ${...} names
 * something else (a resource, an attribute, AWS::Region), which stays
 * unevaluated.  The result is malloc'd.
 */
static bool expand_sub(const cfn *c, const char *text, char **out, size_t *len)
{
	size_t cap = strlen(text) + 1, used = 0;
	char *buf = malloc(cap);
	if (!buf)
		return false;
	for (const char *p = text; *p;) {
		const char *piece = p;
		size_t n = 1;
		if (p[0] == '$' && p[1] == '{') {
			const char *end = strchr(p, '}');
			if (!end)
				goto fail;
			if (p[2] == '!') { /* ${!Literal} is ${Literal} */
				piece = "${";
				n = 2;
				p += 3;
				goto add;
			}
			char name[128];
			size_t nl = (size_t)(end - p - 2);
			if (nl == 0 || nl >= sizeof name)
				goto fail;
			memcpy(name, p + 2, nl);
			name[nl] = '\0';
			const param *pm = find_param(c, name);
			if (!pm || !pm->value ||
			    pm->value->kind != TT_NODE_SCALAR || pm->value->tag)
				goto fail;
			piece = pm->value->u.scalar.text;
			n = pm->value->u.scalar.len;
			p = end + 1;
		} else {
			p++;
		}
	add:
		if (used + n + 1 > cap) {
			while (used + n + 1 > cap)
				cap *= 2;
			char *g = realloc(buf, cap);
			if (!g)
				goto fail;
			buf = g;
		}
		memcpy(buf + used, piece, n);
		used += n;
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return true;
fail:
	free(buf);
	return false;
}

/* Put parameter values in for !Ref and !Sub, everywhere under `n`. */
static tt_code substitute(cfn *c, tt_node *n, int depth)
{
	const char *ref = ref_name(n);
	const char *sub = intrinsic_text(n, "!Sub", "Fn::Sub");
	const param *pm = ref ? find_param(c, ref) : NULL;
	tt_code rc;
	if (depth > TT_NODE_MAX_DEPTH)
		return TT_OK;
	if (pm && pm->value && pm->value->kind == TT_NODE_SCALAR &&
	    !pm->value->tag)
		return become_scalar(c, n, pm->value->u.scalar.text,
		                     pm->value->u.scalar.len);
	if (sub) {
		char *text;
		size_t len;
		if (expand_sub(c, sub, &text, &len)) {
			rc = become_scalar(c, n, text, len);
			free(text);
			return rc;
		}
	}
	if (n->kind == TT_NODE_MAP) {
		for (size_t i = 0; i < n->u.map.count; i++)
			if ((rc = substitute(c, n->u.map.entries[i].value,
			                     depth + 1)))
				return rc;
	} else if (n->kind == TT_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count; i++)
			if ((rc = substitute(c, n->u.seq.items[i], depth + 1)))
				return rc;
	}
	return TT_OK;
}

/* The template's Parameters with the scenario's values and Defaults. */
static tt_code read_params(cfn *c, const tt_node *root)
{
	const tt_node *ps = tt_node_map_get(root, "Parameters");
	const tt_node *given = c->in ? c->in->parameters : NULL;
	tt_code rc;
	if (ps && (rc = tt_node_expect_map(ps, "Parameters", c->d)))
		return rc;
	size_t n = ps ? ps->u.map.count : 0;
	if (n && !(c->params = calloc(n, sizeof *c->params)))
		return tt_diag_nomem(c->d, root->loc);
	for (size_t i = 0; i < n; i++) {
		const tt_node_entry *e = &ps->u.map.entries[i];
		param *pm = &c->params[c->n_params++];
		pm->name = e->key;
		pm->value = e->value->kind == TT_NODE_MAP
		                    ? tt_node_map_get(e->value, "Default")
		                    : NULL;
		if (given && tt_node_map_get(given, e->key))
			pm->value = tt_node_map_get(given, e->key);
	}
	for (size_t i = 0; given && i < given->u.map.count; i++) {
		const tt_node_entry *e = &given->u.map.entries[i];
		if (!find_param(c, e->key))
			return tt_diag_set(c->d, TT_EINVAL, e->key_loc,
			                   "no parameter '%s' in the template",
			                   e->key);
		if (e->value->kind != TT_NODE_SCALAR)
			return tt_diag_set(c->d, TT_EINVAL, e->value->loc,
			                   "expected a single value for "
			                   "parameter '%s', got a %s",
			                   e->key, tt_node_kind_name(e->value));
	}
	return TT_OK;
}

/*
 * A parameter without a value where a policy needs one: the error names
 * the parameter and where to give it (a note under validate: *skip).
 */
static tt_code unresolved(cfn *c, const tt_node *n, const char *key, bool *skip)
{
	const char *ref = ref_name(n);
	const param *pm = ref ? find_param(c, ref) : NULL;
	tt_code rc;
	if (pm && !pm->value) {
		const char *fmt = "'%s' is !Ref %s, a template parameter "
		                  "without a Default; %s in the scenario "
		                  "('cloudformation.parameters.%s')";
		if (!c->lenient)
			return tt_diag_set(c->d, TT_EINVAL, n->loc, fmt, key,
			                   ref, "give it", ref);
		*skip = true;
		return tt_diag_list_add(&c->s->notes, TT_SEV_NOTE, n->loc, fmt,
		                        key, ref, "a run needs it", ref);
	}
	for (size_t i = 0; n->kind == TT_NODE_MAP && i < n->u.map.count; i++)
		if ((rc = unresolved(c, n->u.map.entries[i].value,
		                     n->u.map.entries[i].key, skip)) ||
		    *skip)
			return rc;
	for (size_t i = 0; n->kind == TT_NODE_SEQ && i < n->u.seq.count; i++)
		if ((rc = unresolved(c, n->u.seq.items[i], key, skip)) || *skip)
			return rc;
	return TT_OK;
}

/*
 * ", or parameter P in 'cloudformation.parameters'" when `n` is built of
 * template parameters alone (`!Ref P`, `!Sub 'endpoint/${P}/...'`) and
 * some have no value; "" otherwise (it names a resource, AWS::Region).
 */
static void param_hint(const cfn *c, const tt_node *n, char *buf, size_t size)
{
	char names[NAMES_MAX] = "";
	size_t used = 0, count = 0;
	buf[0] = '\0';
	if (!n)
		return;
	const char *ref = ref_name(n);
	const char *sub = intrinsic_text(n, "!Sub", "Fn::Sub");
	if (ref) {
		const param *pm = find_param(c, ref);
		if (!pm || pm->value)
			return;
		snprintf(names, sizeof names, "%s", ref);
		count = 1;
	}
	for (const char *p = sub ? strstr(sub, "${") : NULL; p;
	     p = strstr(p + 2, "${")) {
		const char *end = strchr(p, '}');
		if (!end)
			return;
		if (p[2] == '!')
			continue;
		char name[128];
		size_t nl = (size_t)(end - p - 2);
		if (nl == 0 || nl >= sizeof name)
			return;
		memcpy(name, p + 2, nl);
		name[nl] = '\0';
		const param *pm = find_param(c, name);
		if (!pm)
			return; /* a resource or a pseudo parameter */
		if (pm->value || strstr(names, name))
			continue;
		if (used < sizeof names)
			used += (size_t)snprintf(names + used,
			                         sizeof names - used, "%s%s",
			                         count ? ", " : "", name);
		count++;
	}
	if (count)
		snprintf(buf, size, ", or %s %s in 'cloudformation.parameters'",
		         count == 1 ? "parameter" : "parameters", names);
}

/*
 * A ResourceLabel written as an expression (the load balancer's and the
 * target group's full names, !GetAtt LB.LoadBalancerFullName) only says
 * where AWS measures ALBRequestCountPerTarget; the simulation measures
 * its own workload, so the label is left out, with a note.
 */
static tt_code drop_computed_label(cfn *c, const tt_node *cfg)
{
	tt_node *spec = (tt_node *)tt_node_map_get(
	        cfg, "PredefinedMetricSpecification");
	if (!spec || spec->kind != TT_NODE_MAP || spec->tag)
		return TT_OK;
	for (size_t i = 0; i < spec->u.map.count; i++) {
		tt_node_entry *e = &spec->u.map.entries[i];
		if (strcmp(e->key, "ResourceLabel") != 0 ||
		    !tt_node_is_expression(e->value))
			continue;
		char text[64];
		tt_loc at = e->value->loc;
		tt_node_expression_text(e->value, text, sizeof text);
		tt_doc gone = {e->value, NULL};
		tt_doc_release(&gone);
		free(e->key);
		memmove(e, e + 1, (spec->u.map.count - i - 1) * sizeof *e);
		spec->u.map.count--;
		return tt_diag_list_add(&c->s->notes, TT_SEV_NOTE, at,
		                        "'ResourceLabel' ('%s') is left out: "
		                        "only CloudFormation knows it, and the "
		                        "simulation does not need it",
		                        text);
	}
	return TT_OK;
}

/* ---- the target and its policies ---- */

/*
 * The target's names, claimed for the scenario.  A ResourceId written as
 * an expression is fine when the scenario gives its own `resource`
 * (under validate, a note says a scenario must).
 */
static tt_code claim_target(cfn *c, const tt_node *props)
{
	static const char *const keys[] = {"ResourceId", "ScalableDimension",
	                                   "ServiceNamespace"};
	const tt_node *n[3];
	const char *v[3] = {NULL, NULL, NULL};
	tt_code rc;

	for (size_t i = 0; i < 3; i++) {
		if ((rc = tt_node_require(props, TARGET_TYPE, keys[i], &n[i],
		                          c->d)))
			return rc;
		if (tt_node_is_expression(n[i])) {
			char text[64], hint[NAMES_MAX + 64];
			const char *fmt =
			        "'ResourceId' is a CloudFormation "
			        "expression ('%s'); %s in the scenario "
			        "('resource'%s)";
			if (i != 0 || c->s->resource)
				continue;
			tt_node_expression_text(n[i], text, sizeof text);
			param_hint(c, n[i], hint, sizeof hint);
			if (c->lenient) {
				if ((rc = tt_diag_list_add(
				             &c->s->notes, TT_SEV_NOTE,
				             n[i]->loc, fmt, text,
				             "a run needs the value", hint)))
					return rc;
				continue;
			}
			return tt_diag_set(c->d, TT_EINVAL, n[i]->loc, fmt,
			                   text, "give the value", hint);
		}
		if ((rc = tt_node_string(n[i], keys[i], &v[i], c->d)))
			return rc;
	}
	tt_aws_ids ids = {v[0], v[1], v[2], n[0]->loc, n[1]->loc, n[2]->loc};
	return tt_aws_claim(c->s, &ids, c->d);
}

/* Remember step policy `id` at s->step_policies[index]. */
static tt_code note_step(cfn *c, const char *id, size_t index, tt_loc at)
{
	const char **ids =
	        realloc(c->step_ids, (c->n_steps + 1) * sizeof *ids);
	if (!ids)
		return tt_diag_nomem(c->d, at);
	c->step_ids = ids;
	size_t *idx =
	        realloc(c->step_index, (c->n_steps + 1) * sizeof *idx);
	if (!idx)
		return tt_diag_nomem(c->d, at);
	c->step_index = idx;
	c->step_ids[c->n_steps] = id;
	c->step_index[c->n_steps++] = index;
	return TT_OK;
}

/*
 * A configuration that waits for a parameter without a value: the
 * error, or under validate a note and the policy's name in c->pending
 * (*skip).
 */
static tt_code pending(cfn *c, const tt_node *cfg, const char *key,
                       const char *name, bool *skip)
{
	tt_code rc = unresolved(c, cfg, key, skip);
	if (rc || !*skip)
		return rc;
	size_t len = strlen(c->pending);
	if (len + strlen(name) + 4 < NAMES_MAX)
		snprintf(c->pending + len, NAMES_MAX - len, "%s'%s'",
		         len ? ", " : "", name);
	c->n_pending++;
	return TT_OK;
}

/*
 * One ScalingPolicy resource of the target: appended when it is target
 * tracking or step scaling (its logical ID remembered for the alarms),
 * its name added to `skipped` when it is predictive.
 */
static tt_code load_policy(cfn *c, const tt_node_entry *e, const tt_node *props,
                           size_t *used, char *skipped, size_t *n_skipped)
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
	bool skip = false;
	tt_code rc;

	if ((rc = tt_node_check_keys(props, e->key, keys, c->d)) ||
	    (rc = tt_node_require(props, e->key, "PolicyType", &n, c->d)) ||
	    (rc = tt_node_string(n, "PolicyType", &type, c->d)))
		return rc;
	if (strcmp(type, "PredictiveScaling") == 0) {
		size_t len = strlen(skipped);
		if (len + strlen(e->key) + 4 < NAMES_MAX)
			snprintf(skipped + len, NAMES_MAX - len, "%s'%s'",
			         len ? ", " : "", e->key);
		(*n_skipped)++;
		return TT_OK;
	}
	/* A literal PolicyName names the policy; else the logical ID. */
	const tt_node *pn = tt_node_map_get(props, "PolicyName");
	if (pn && !tt_node_is_expression(pn) &&
	    (rc = tt_sv_name(pn, "PolicyName", &name, c->d)))
		return rc;
	if (strcmp(type, "StepScaling") == 0) {
		tt_step_policy sp;
		const char *key = "StepScalingPolicyConfiguration";
		if ((rc = tt_node_require(props, e->key, key, &cfg, c->d)) ||
		    (rc = pending(c, cfg, key, name, &skip)) || skip ||
		    (rc = tt_step_from_node(cfg, name, &c->s->notes, &sp,
		                            c->d)) ||
		    (rc = tt_aws_add_step_policy(c->s, &sp, e->value->loc,
		                                 c->d)))
			return rc;
		(*used)++;
		return note_step(c, e->key, c->s->n_step_policies - 1,
		                 e->value->loc);
	}
	if (strcmp(type, "TargetTrackingScaling") != 0)
		return tt_diag_set(c->d, TT_EINVAL, n->loc,
		                   "unknown PolicyType '%s' (expected one of: "
		                   "TargetTrackingScaling, StepScaling, "
		                   "PredictiveScaling)",
		                   type);
	if ((rc = tt_node_require(props, e->key,
	                          "TargetTrackingScalingPolicyConfiguration",
	                          &cfg, c->d)) ||
	    (rc = pending(c, cfg, "TargetTrackingScalingPolicyConfiguration",
	                  name, &skip)) ||
	    skip)
		return rc;
	if ((rc = drop_computed_label(c, cfg)) ||
	    (rc = tt_policy_from_node(cfg, name, &p, c->d)))
		return rc;
	(*used)++;
	return tt_aws_add_policy(c->s, &p, e->value->loc, c->d);
}

/*
 * The logical ID an AlarmActions entry names: `!Ref X`, {"Ref": "X"},
 * `!GetAtt X.Arn`, `!GetAtt [X, Arn]`, {"Fn::GetAtt": [X, Arn]}; NULL
 * for anything else (an ARN is matched by name, tt_aws_join_alarms).
 * `buf` holds the ID of the dotted form.
 */
static const char *action_target(const tt_node *n, char *buf, size_t size)
{
	const char *ref = ref_name(n);
	if (ref)
		return ref;
	if (!n->tag || (strcmp(n->tag, "!GetAtt") && strcmp(n->tag, "Fn::GetAtt")))
		return NULL;
	const tt_node *v = n;
	if (n->kind == TT_NODE_MAP)
		v = n->u.map.entries[0].value;
	if (v->kind == TT_NODE_SCALAR) {
		const char *dot = strchr(v->u.scalar.text, '.');
		size_t len = dot ? (size_t)(dot - v->u.scalar.text) : 0;
		if (!dot || strcmp(dot, ".Arn") || len >= size)
			return NULL;
		memcpy(buf, v->u.scalar.text, len);
		buf[len] = '\0';
		return buf;
	}
	if (v->kind == TT_NODE_SEQ && v->u.seq.count == 2) {
		const tt_node *id = v->u.seq.items[0], *attr = v->u.seq.items[1];
		if (id->kind == TT_NODE_SCALAR && !id->tag &&
		    attr->kind == TT_NODE_SCALAR && !attr->tag &&
		    !strcmp(attr->u.scalar.text, "Arn"))
			return id->u.scalar.text;
	}
	return NULL;
}

/* The index in s->step_policies of the target's step policy `id`. */
static bool step_of(const cfn *c, const char *id, size_t *index)
{
	for (size_t i = 0; i < c->n_steps; i++) {
		if (!strcmp(c->step_ids[i], id)) {
			*index = c->step_index[i];
			return true;
		}
	}
	return false;
}

/*
 * The template's AWS::CloudWatch::Alarm resources that invoke a step
 * policy of the target: each read (alarm_def.c, its logical ID naming it
 * when AlarmName is absent or computed) and joined to the policies its
 * AlarmActions name.  One naming none of them is not this target's
 * business: a note says it is ignored.
 */
static tt_code load_alarms(cfn *c, const tt_node *resources,
                           const tt_node_entry *te)
{
	for (size_t i = 0; i < resources->u.map.count; i++) {
		const tt_node_entry *e = &resources->u.map.entries[i];
		const char *t = tt_aws_resource_type(e->value);
		const tt_node *props, *acts;
		size_t hits[8], n_hits = 0, p;
		bool by_arn = false;
		tt_code rc;

		if (!t || strcmp(t, ALARM_TYPE))
			continue;
		if ((rc = properties(e, &props, c->d)))
			return rc;
		acts = tt_node_map_get(props, "AlarmActions");
		for (size_t k = 0; acts && acts->kind == TT_NODE_SEQ &&
		                   k < acts->u.seq.count;
		     k++) {
			const tt_node *a = acts->u.seq.items[k];
			char buf[128];
			const char *id = action_target(a, buf, sizeof buf);
			tt_alarm_action act = {
			        .text = a->kind == TT_NODE_SCALAR && !a->tag
			                        ? a->u.scalar.text
			                        : NULL};
			if (id && step_of(c, id, &p) &&
			    n_hits < sizeof hits / sizeof *hits)
				hits[n_hits++] = p;
			else if (act.text && tt_alarm_action_policy_name(&act))
				by_arn = true;
		}
		if (!n_hits && !by_arn) {
			if ((rc = tt_diag_list_add(
			             &c->s->notes, TT_SEV_NOTE, e->key_loc,
			             "alarm '%s' invokes no scaling policy of "
			             "'%s': ignored",
			             e->key, te->key)))
				return rc;
			continue;
		}
		tt_alarm_def def;
		size_t index;
		if ((rc = tt_alarm_def_from_node(props,
		                                 TT_ALARM_FORM_CLOUDFORMATION,
		                                 e->key, e->key, &c->s->notes,
		                                 &def, c->d)) ||
		    (rc = tt_aws_add_alarm(c->s, &def, &index, c->d)))
			return rc;
		for (size_t k = 0; k < n_hits; k++)
			if ((rc = tt_aws_alarm_invokes(c->s, index, hits[k],
			                               c->d)))
				return rc;
	}
	return TT_OK;
}

/* "A, B, C": the logical IDs of the template's scalable targets. */
static void target_names(const tt_node *resources, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < resources->u.map.count && used < size; i++) {
		const tt_node_entry *e = &resources->u.map.entries[i];
		const char *t = tt_aws_resource_type(e->value);
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
		const char *t = e ? tt_aws_resource_type(e->value) : NULL;
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
		const char *t = tt_aws_resource_type(e->value);
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

/* The Resources map, or the root itself for a fragment of the docs. */
static tt_code resources_of(const tt_node *root, const tt_node **out,
                            tt_diag *d)
{
	tt_code rc;
	if (tt_aws_is_cfn_fragment(root)) {
		*out = root;
		return TT_OK;
	}
	if ((rc = tt_node_expect_map(root, "template", d)) ||
	    (rc = tt_node_require(root, "template", "Resources", out, d)) ||
	    (rc = tt_node_expect_map(*out, "Resources", d)))
		return rc;
	for (size_t i = 0; i < (*out)->u.map.count; i++) {
		const tt_node_entry *e = &(*out)->u.map.entries[i];
		if ((rc = tt_node_expect_map(e->value, e->key, d)))
			return rc;
	}
	return TT_OK;
}

/*
 * Under validate: a capacity limit written as an expression is what a
 * scenario must give (a run says so as an error, scenario.c).
 */
static tt_code capacity_notes(cfn *c, const tt_aws_capacity *cap)
{
	static const char *const keys[2] = {"MinCapacity", "MaxCapacity"};
	static const char *const scenario_keys[2] = {"capacity.min",
	                                             "capacity.max"};
	const tt_aws_int *limits[2] = {&cap->min, &cap->max};
	for (size_t i = 0; i < 2; i++) {
		tt_code rc;
		if (limits[i]->state != TT_AV_EXPR)
			continue;
		if ((rc = tt_diag_list_add(
		             &c->s->notes, TT_SEV_NOTE, limits[i]->loc,
		             "'%s' is a CloudFormation expression ('%s'); a "
		             "run needs the value in the scenario ('%s'%s)",
		             keys[i], limits[i]->expr, scenario_keys[i],
		             limits[i]->hint)))
			return rc;
	}
	return TT_OK;
}

/*
 * The target's `ScheduledActions` (SPEC.md 14.1): each item read as
 * scheduled_action.c reads CloudFormation's form, for this target.
 */
static tt_code load_scheduled(cfn *c, const tt_node *tprops)
{
	const tt_node *seq = tt_node_map_get(tprops, "ScheduledActions");
	tt_code rc;
	if (!seq)
		return TT_OK;
	if ((rc = tt_node_expect_seq(seq, "ScheduledActions", c->d)))
		return rc;
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		const tt_node *item = seq->u.seq.items[i];
		tt_scheduled_action a;
		char what[48];
		snprintf(what, sizeof what, "ScheduledActions[%zu]", i);
		if ((rc = tt_node_expect_map(item, what, c->d)) ||
		    (rc = tt_scheduled_action_read(item, TT_SA_FORM_CFN, what,
		                                   NULL, &a, c->d)) ||
		    (rc = tt_sv_scheduled_add(c->s, &a, c->d)))
			return rc;
	}
	return TT_OK;
}

/* Target `te` and its policies. */
static tt_code load_target(cfn *c, const tt_node *resources,
                           const tt_node_entry *te, tt_aws_capacity *cap)
{
	static const char *const target_keys[] = {
	        "MaxCapacity",      "MinCapacity",       "ResourceId",
	        "RoleARN",          "ScalableDimension", "ScheduledActions",
	        "ServiceNamespace", "SuspendedState",    NULL};
	const tt_node *tprops;
	size_t used = 0, other = 0, n_skipped = 0;
	char skipped[NAMES_MAX] = "";
	tt_code rc;

	if ((rc = properties(te, &tprops, c->d)) ||
	    (rc = tt_node_check_keys(tprops, te->key, target_keys, c->d)) ||
	    (rc = claim_target(c, tprops)) ||
	    (rc = tt_aws_read_capacity(tprops, cap, c->d)))
		return rc;
	param_hint(c, tt_node_map_get(tprops, "MinCapacity"), cap->min.hint,
	           sizeof cap->min.hint);
	param_hint(c, tt_node_map_get(tprops, "MaxCapacity"), cap->max.hint,
	           sizeof cap->max.hint);
	if (c->lenient && (rc = capacity_notes(c, cap)))
		return rc;
	if ((rc = load_scheduled(c, tprops)))
		return rc;

	for (size_t i = 0; i < resources->u.map.count; i++) {
		const tt_node_entry *e = &resources->u.map.entries[i];
		const char *t = tt_aws_resource_type(e->value);
		const tt_node *props;
		if (!t || strcmp(t, POLICY_TYPE))
			continue;
		if ((rc = properties(e, &props, c->d)))
			return rc;
		if (!attached(props, te->key, tprops)) {
			other++;
			continue;
		}
		if ((rc = load_policy(c, e, props, &used, skipped, &n_skipped)))
			return rc;
	}
	if ((rc = load_alarms(c, resources, te)))
		return rc;
	if (n_skipped &&
	    (rc = tt_diag_list_add(&c->s->notes, TT_SEV_WARNING, te->value->loc,
	                           "skipped %zu predictive scaling %s of '%s' "
	                           "(ttsim simulates target tracking and step "
	                           "scaling): %s",
	                           n_skipped,
	                           n_skipped == 1 ? "policy" : "policies",
	                           te->key, skipped)))
		return rc;
	if (used == 0 && !c->lenient)
		return tt_diag_set(c->d, TT_EINVAL, te->value->loc,
		                   "no target-tracking or step scaling policy "
		                   "for scalable target '%s' in the template",
		                   te->key);
	if (other && !c->lenient)
		return tt_diag_list_add(
		        &c->s->notes, TT_SEV_NOTE, resources->loc,
		        "ignored %zu scaling %s of other "
		        "scalable targets",
		        other, other == 1 ? "policy" : "policies");
	return TT_OK;
}

/* Prepare the tree and put the parameters in. */
static tt_code prepare(cfn *c, tt_node *root)
{
	tt_code rc = tt_node_cfn_prepare(root, c->d);
	if (!rc && root->kind == TT_NODE_MAP)
		rc = read_params(c, root);
	if (!rc && root->kind == TT_NODE_MAP) {
		tt_node *res = (tt_node *)tt_node_map_get(root, "Resources");
		rc = substitute(c, res ? res : root, 0);
	}
	return rc;
}

tt_code tt_cfn_load(tt_scenario *s, const char *path, const tt_cfn_input *in,
                    tt_aws_capacity *cap, tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc;

	if ((rc = tt_aws_load_doc(path, &doc, d)))
		return rc;
	rc = tt_cfn_read(s, doc.root, path, in, cap, d);
	tt_doc_release(&doc);
	return rc;
}

tt_code tt_cfn_read(tt_scenario *s, tt_node *root, const char *path,
                    const tt_cfn_input *in, tt_aws_capacity *cap, tt_diag *d)
{
	cfn c = {.s = s, .in = in, .d = d};
	const tt_node *resources;
	const tt_node_entry *te = NULL;
	tt_code rc;
	memset(cap, 0, sizeof *cap);
	cap->origin = path;
	cap->section = "cloudformation";
	if (!(rc = prepare(&c, root)) &&
	    !(rc = resources_of(root, &resources, d)) &&
	    !(rc = pick_target(resources, in->target, in->target_loc, in->at,
	                       &te, d)))
		rc = load_target(&c, resources, te, cap);
	free(c.params);
	free(c.step_ids);
	free(c.step_index);
	return rc;
}

/* Under validate: the target's step policies and the alarms on each. */
static tt_code step_note(tt_scenario *s, const tt_node_entry *te)
{
	char names[NAMES_MAX] = "";
	size_t used = 0;
	for (size_t p = 0; p < s->n_step_policies && used < sizeof names;
	     p++) {
		size_t on = 0;
		for (size_t a = 0; a < s->n_alarms; a++)
			for (size_t k = 0; k < s->alarms[a].n_policies; k++)
				on += s->alarms[a].policies[k] == p;
		used += (size_t)snprintf(names + used, sizeof names - used,
		                         "%s'%s' (%zu %s)", p ? ", " : "",
		                         s->step_policies[p].name, on,
		                         on == 1 ? "alarm" : "alarms");
	}
	return tt_diag_list_add(&s->notes, TT_SEV_NOTE, te->key_loc,
	                        "scalable target '%s' with %zu step scaling "
	                        "%s: %s",
	                        te->key, s->n_step_policies,
	                        s->n_step_policies == 1 ? "policy"
	                                                : "policies",
	                        names);
}

tt_code tt_cfn_validate(tt_node *root, tt_diag_list *notes, tt_diag *d)
{
	cfn c = {.d = d, .lenient = true};
	const tt_node *resources;
	size_t targets = 0;
	tt_code rc;

	if ((rc = prepare(&c, root)) ||
	    (rc = resources_of(root, &resources, d)))
		goto out;
	for (size_t i = 0; i < resources->u.map.count; i++) {
		const tt_node_entry *te = &resources->u.map.entries[i];
		const char *t = tt_aws_resource_type(te->value);
		tt_scenario s;
		tt_aws_capacity cap;
		if (!t || strcmp(t, TARGET_TYPE))
			continue;
		targets++;
		memset(&s, 0, sizeof s);
		memset(&cap, 0, sizeof cap);
		c.s = &s;
		c.pending[0] = '\0';
		c.n_pending = 0;
		c.n_steps = 0;
		rc = load_target(&c, resources, te, &cap);
		if (!rc)
			rc = tt_aws_join_alarms(&s, d);
		if (!rc && s.n_step_policies)
			rc = step_note(&s, te);
		/* a target of step policies alone needs no word on TT */
		if (!rc && (s.n_policies || c.n_pending || !s.n_step_policies)) {
			char names[NAMES_MAX] = "";
			size_t used = 0, n = s.n_policies + c.n_pending;
			for (size_t j = 0;
			     j < s.n_policies && used < sizeof names; j++)
				used += (size_t)snprintf(
				        names + used, sizeof names - used,
				        "%s'%s'", j ? ", " : "",
				        s.policies[j].name);
			if (c.n_pending && used < sizeof names)
				snprintf(names + used, sizeof names - used,
				         "%s%s (%s parameters)",
				         used ? ", " : "", c.pending,
				         c.n_pending == 1 ? "it needs"
				                          : "they need");
			rc = tt_diag_list_add(
			        &s.notes, TT_SEV_NOTE, te->key_loc,
			        "scalable target '%s' with %zu target-tracking "
			        "%s%s%s",
			        te->key, n, n == 1 ? "policy" : "policies",
			        n ? ": " : "", names);
		}
		if (!rc)
			rc = tt_diag_list_extend(notes, &s.notes);
		tt_scenario_release(&s);
		if (rc)
			goto out;
	}
	if (targets == 0)
		rc = tt_diag_set(d, TT_EINVAL, resources->loc,
		                 "no " TARGET_TYPE " in the template");
out:
	free(c.params);
	free(c.step_ids);
	free(c.step_index);
	return rc;
}
