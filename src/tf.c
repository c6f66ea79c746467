/*
 * tf.c - Terraform's Application Auto Scaling resources, evaluated as far
 * as ttsim needs and translated into the AWS API's shapes (tf.h).
 *
 * Evaluation is lazy: only the attributes a simulation reads are
 * evaluated, so a module whose tags use a `for` expression or whose IAM
 * role comes from a data source still loads.  A value is a node: a
 * literal from a file is used where it stands; what evaluation computes
 * (a template's text, an operator's result) is a new node kept in
 * `made` and freed with the loader.  The translated AWS tree is built of
 * fresh copies, so it owns all of itself.
 */
#include "tf.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "hcl.h"
#include "policy_node.h"
#include "scenario_scheduled.h"
#include "scenario_values.h"
#include "step.h"
#include "ttsim/fmt.h"

#define TARGET_TYPE "aws_appautoscaling_target"
#define POLICY_TYPE "aws_appautoscaling_policy"
#define SCHEDULED_TYPE "aws_appautoscaling_scheduled_action"
#define ALARM_TYPE "aws_cloudwatch_metric_alarm"
#define LOCALS_MAX 32

typedef struct tf {
	tt_scenario *s;
	const tt_tf_input *in;
	tt_diag *d;
	tt_doc *docs; /* the .tf files, then the .tfvars files */
	size_t n_docs;
	size_t n_tf;
	tt_node **made;
	size_t n_made;
	size_t cap_made;
	const char *stack[LOCALS_MAX]; /* locals being evaluated */
	size_t n_stack;
	const char *var; /* the variable being evaluated, for hints */
	int refs;        /* references being followed, one inside another */
	bool plan;       /* read from `terraform show -json` */
	/* the step policies read: resource label and index in
	 * s->step_policies, for the alarms' alarm_actions */
	const char **step_labels;
	size_t *step_index;
	size_t n_steps;
} tf;

/* ---- values ---- */

/* A node evaluation computed: the loader frees it at the end. */
static tt_code keep(tf *t, tt_node *n, const tt_node **out)
{
	if (!n)
		return tt_diag_nomem(t->d, (tt_loc){0});
	if (t->n_made == t->cap_made) {
		size_t cap = t->cap_made ? t->cap_made * 2 : 16;
		tt_node **m = realloc(t->made, cap * sizeof *m);
		if (!m) {
			tt_node_free(n);
			return tt_diag_nomem(t->d, (tt_loc){0});
		}
		t->made = m;
		t->cap_made = cap;
	}
	t->made[t->n_made++] = n;
	*out = n;
	return TT_OK;
}

static bool plain_scalar(const tt_node *n)
{
	return n->kind == TT_NODE_SCALAR && !n->tag;
}

static bool is_null(const tt_node *n)
{
	return plain_scalar(n) && n->u.scalar.kind == TT_SCALAR_NULL;
}

/* A number, as Terraform converts: a number, or a string spelling one. */
static bool as_number(const tt_node *n, double *out)
{
	if (!plain_scalar(n) || n->u.scalar.kind == TT_SCALAR_BOOL ||
	    n->u.scalar.kind == TT_SCALAR_NULL || n->u.scalar.len == 0)
		return false;
	char *end;
	double v = strtod(n->u.scalar.text, &end);
	if (*end || !isfinite(v) || strchr(n->u.scalar.text, 'x') ||
	    strchr(n->u.scalar.text, 'X') ||
	    isspace((unsigned char)n->u.scalar.text[0]))
		return false;
	*out = v;
	return true;
}

static bool as_bool(const tt_node *n, bool *out)
{
	if (!plain_scalar(n) || n->u.scalar.kind == TT_SCALAR_NULL ||
	    n->u.scalar.kind == TT_SCALAR_NUMBER)
		return false;
	if (strcmp(n->u.scalar.text, "true") == 0)
		*out = true;
	else if (strcmp(n->u.scalar.text, "false") == 0)
		*out = false;
	else
		return false;
	return true;
}

static const char *kind_name(const tt_node *n)
{
	if (is_null(n))
		return "null";
	return tt_node_kind_name(n);
}

/* ---- messages ---- */

/*
 * What the scenario can give instead of a value ttsim cannot evaluate:
 * the variable being evaluated, or the scenario key of the attribute.
 */
static void hint(const tf *t, const char *what, char *buf, size_t size)
{
	static const char *const keys[][2] = {
	        {"resource_id", "resource"},
	        {"scalable_dimension", "scalable_dimension"},
	        {"min_capacity", "capacity.min"},
	        {"max_capacity", "capacity.max"},
	};
	if (t->var) {
		snprintf(buf, size,
		         "give variable '%s' in the scenario "
		         "('terraform.vars.%s')",
		         t->var, t->var);
		return;
	}
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(what, keys[i][0]) == 0) {
			snprintf(buf, size,
			         "give the value in the scenario ('%s')",
			         keys[i][1]);
			return;
		}
	}
	snprintf(buf, size,
	         "write the value in the file or take it from a "
	         "variable ('terraform.vars')");
}

static tt_code cannot(tf *t, const tt_node *n, const char *what,
                      const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* "'what' needs <reason>, which ttsim does not evaluate; <hint>" */
static tt_code cannot(tf *t, const tt_node *n, const char *what,
                      const char *fmt, ...)
{
	char reason[160], h[120];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	hint(t, what, h, sizeof h);
	return tt_diag_set(t->d, TT_EUNSUPPORTED, n->loc,
	                   "'%s' needs %s, which ttsim does not evaluate; %s",
	                   what, reason, h);
}

/* ---- looking things up ---- */

/* The entry `key` of the first file root that has `block` -> key. */
static const tt_node *find_labelled(const tf *t, const char *block,
                                    const char *key)
{
	for (size_t i = 0; i < t->n_tf; i++) {
		const tt_node *m = tt_node_map_get(t->docs[i].root, block);
		if (m && m->kind == TT_NODE_MAP) {
			const tt_node *v = tt_node_map_get(m, key);
			if (v)
				return v;
		}
	}
	return NULL;
}

static const tt_node *find_resource(const tf *t, const char *type,
                                    const char *name)
{
	/* Resources of one type may be spread over several files. */
	for (size_t i = 0; i < t->n_tf; i++) {
		const tt_node *r = tt_node_map_get(t->docs[i].root, "resource");
		const tt_node *ty = r ? tt_node_map_get(r, type) : NULL;
		const tt_node *b = ty ? tt_node_map_get(ty, name) : NULL;
		if (b)
			return b;
	}
	return NULL;
}

static const tt_node_entry *find_local(const tf *t, const char *name)
{
	for (size_t i = 0; i < t->n_tf; i++) {
		const tt_node *l = tt_node_map_get(t->docs[i].root, "locals");
		if (!l || l->kind != TT_NODE_SEQ)
			continue;
		for (size_t j = 0; j < l->u.seq.count; j++) {
			const tt_node_entry *e =
			        tt_node_map_find(l->u.seq.items[j], name);
			if (e)
				return e;
		}
	}
	return NULL;
}

/* ---- references ---- */

typedef struct step {
	char name[96]; /* attribute or string key */
	bool index;    /* [N] */
	long at;
} step;

/* Split "a.b[0][\"k\"].c" into steps; false when it does not fit. */
static bool split_ref(const char *text, step *steps, size_t max, size_t *n)
{
	const char *p = text;
	*n = 0;
	while (*p) {
		if (*n == max)
			return false;
		step *s = &steps[(*n)++];
		memset(s, 0, sizeof *s);
		if (*p == '.')
			p++;
		if (*p == '[') {
			p++;
			if (*p == '"') {
				const char *q = strchr(p + 1, '"');
				if (!q || (size_t)(q - p - 1) >= sizeof s->name)
					return false;
				memcpy(s->name, p + 1, (size_t)(q - p - 1));
				p = q + 1;
			} else {
				char *end;
				s->index = true;
				s->at = strtol(p, &end, 10);
				p = end;
			}
			if (*p != ']')
				return false;
			p++;
			continue;
		}
		size_t len = strcspn(p, ".[");
		if (len == 0 || len >= sizeof s->name)
			return false;
		memcpy(s->name, p, len);
		p += len;
	}
	return true;
}

static tt_code eval(tf *t, const tt_node *n, const char *what,
                    const tt_node **out);

/* Follow steps into an evaluated value: map keys and list indexes. */
static tt_code walk(tf *t, const tt_node *ref, const char *what,
                    const step *steps, size_t n, const tt_node **v)
{
	for (size_t i = 0; i < n; i++) {
		const tt_node *next = NULL;
		char *end;
		long at = steps[i].at;
		/* a.0 is the old spelling of a[0] */
		bool index = steps[i].index ||
		             ((at = strtol(steps[i].name, &end, 10)) >= 0 &&
		              steps[i].name[0] && !*end);
		if ((*v)->kind == TT_NODE_MAP && !steps[i].index)
			next = tt_node_map_get(*v, steps[i].name);
		else if ((*v)->kind == TT_NODE_SEQ && index && at >= 0 &&
		         (size_t)at < (*v)->u.seq.count)
			next = (*v)->u.seq.items[at];
		if (!next) {
			char elem[120];
			if (steps[i].index)
				snprintf(elem, sizeof elem, "[%ld]", at);
			else
				snprintf(elem, sizeof elem, "%s",
				         steps[i].name);
			return tt_diag_set(t->d, TT_EINVAL, ref->loc,
			                   "'%s' has no element '%s' (in '%s')",
			                   ref->u.scalar.text, elem, what);
		}
		tt_code rc = eval(t, next, what, v);
		if (rc)
			return rc;
	}
	return TT_OK;
}

/* The value of variable `name`: scenario, .tfvars (last wins), default. */
static tt_code variable(tf *t, const tt_node *ref, const char *name,
                        const char *what, const tt_node **out)
{
	const tt_node *decl = find_labelled(t, "variable", name);
	const tt_node *v = NULL;
	if (!decl)
		return tt_diag_set(t->d, TT_EINVAL, ref->loc,
		                   "no variable '%s' is declared", name);
	if (t->in->vars)
		v = tt_node_map_get(t->in->vars, name);
	for (size_t i = t->n_docs; !v && i > t->n_tf; i--)
		v = tt_node_map_get(t->docs[i - 1].root, name);
	if (!v && decl->kind == TT_NODE_MAP)
		v = tt_node_map_get(decl, "default");
	/* `default = null` is a value (null); no default is none */
	if (!v)
		return tt_diag_set(
		        t->d, TT_EINVAL, ref->loc,
		        "variable '%s' has no value: give it in the "
		        "scenario ('terraform.vars.%s') or a .tfvars "
		        "file (for '%s')",
		        name, name, what);
	const char *outer = t->var;
	t->var = name;
	tt_code rc = eval(t, v, what, out);
	t->var = outer;
	return rc;
}

/*
 * The default of attribute `attr` in variable `name`'s type when it says
 * `type = object({ attr = optional(T, DEFAULT) })`, or NULL.
 */
static const tt_node *optional_default(const tf *t, const char *name,
                                       const char *attr)
{
	const tt_node *decl = find_labelled(t, "variable", name);
	const tt_node *type = decl ? tt_node_map_get(decl, "type") : NULL;
	if (!tt_hcl_is(type, "hcl:call") || type->u.seq.count != 2 ||
	    strcmp(type->u.seq.items[0]->u.scalar.text, "object") != 0)
		return NULL;
	const tt_node *a = tt_node_map_get(type->u.seq.items[1], attr);
	if (!tt_hcl_is(a, "hcl:call") || a->u.seq.count != 3 ||
	    strcmp(a->u.seq.items[0]->u.scalar.text, "optional") != 0)
		return NULL;
	return a->u.seq.items[2];
}

static tt_code local(tf *t, const tt_node *ref, const char *name,
                     const char *what, const tt_node **out)
{
	const tt_node_entry *e = find_local(t, name);
	if (!e)
		return tt_diag_set(t->d, TT_EINVAL, ref->loc,
		                   "no local value '%s' is defined", name);
	for (size_t i = 0; i < t->n_stack; i++)
		if (strcmp(t->stack[i], name) == 0)
			return tt_diag_set(t->d, TT_EINVAL, e->key_loc,
			                   "local value '%s' refers to itself",
			                   name);
	if (t->n_stack == LOCALS_MAX)
		return tt_diag_set(t->d, TT_EINVAL, e->key_loc,
		                   "local values nested deeper than %d",
		                   LOCALS_MAX);
	t->stack[t->n_stack++] = name;
	tt_code rc = eval(t, e->value, what, out);
	t->n_stack--;
	return rc;
}

/* How many instances a resource has: 1, or its `count` guard (0 or 1). */
static tt_code instances(tf *t, const char *type, const char *name,
                         const tt_node *body, int *out)
{
	const tt_node_entry *e = tt_node_map_find(body, "for_each");
	char what[160];
	*out = 1;
	if (e)
		return tt_diag_set(t->d, TT_EUNSUPPORTED, e->key_loc,
		                   "'for_each' on %s.%s: ttsim reads one "
		                   "instance of each resource (a 'count' of 0 "
		                   "or 1 works)",
		                   type, name);
	if (!(e = tt_node_map_find(body, "count")))
		return TT_OK;
	snprintf(what, sizeof what, "%s.%s count", type, name);
	const tt_node *v;
	double c;
	tt_code rc = eval(t, e->value, what, &v);
	if (rc)
		return rc;
	if (!as_number(v, &c) || (c != 0 && c != 1))
		return tt_diag_set(
		        t->d, TT_EUNSUPPORTED, e->value->loc,
		        "'count' of %s.%s must come to 0 or 1 (ttsim "
		        "simulates one scalable target), got %s",
		        type, name,
		        plain_scalar(v) ? v->u.scalar.text : kind_name(v));
	*out = (int)c;
	return TT_OK;
}

/* An attribute of a resource this loader knows. */
static tt_code resource_attr(tf *t, const tt_node *ref, const step *steps,
                             size_t n, const char *what, const tt_node **out)
{
	const char *type = steps[0].name, *name = steps[1].name;
	const tt_node *body = find_resource(t, type, name);
	size_t i = 2;
	int count;
	if (!body)
		return tt_diag_set(t->d, TT_EINVAL, ref->loc,
		                   "no resource %s.%s is declared", type, name);
	tt_code rc = instances(t, type, name, body, &count);
	if (rc)
		return rc;
	if (i < n && steps[i].index) {
		if (steps[i].at != 0 || count != 1)
			return tt_diag_set(t->d, TT_EINVAL, ref->loc,
			                   "'%s' names instance %ld of %s.%s, "
			                   "which has %d",
			                   ref->u.scalar.text, steps[i].at,
			                   type, name, count);
		i++;
	}
	if (count == 0)
		return tt_diag_set(t->d, TT_EINVAL, ref->loc,
		                   "'%s' refers to %s.%s, whose count is 0",
		                   ref->u.scalar.text, type, name);
	if (i == n)
		return cannot(t, ref, what, "the whole resource %s.%s", type,
		              name);
	const char *attr = steps[i].name;
	if (strcmp(type, TARGET_TYPE) == 0 && strcmp(attr, "id") == 0)
		attr = "resource_id"; /* the target's id is its ResourceId */
	const tt_node *v = tt_node_map_get(body, attr);
	if (!v || steps[i].index)
		return cannot(t, ref, what, "'%s', which only Terraform knows",
		              ref->u.scalar.text);
	if ((rc = eval(t, v, what, out)))
		return rc;
	return walk(t, ref, what, steps + i + 1, n - i - 1, out);
}

static tt_code eval_ref_at(tf *t, const tt_node *ref, const char *what,
                           const tt_node **out);

/*
 * A reference, followed at most REFS_MAX deep: an attribute that refers
 * to itself, directly or round a loop (`resource_id =
 * aws_appautoscaling_target.t.resource_id` in that target), ends there.
 */
#define REFS_MAX 64

static tt_code eval_ref(tf *t, const tt_node *ref, const char *what,
                        const tt_node **out)
{
	if (t->refs >= REFS_MAX)
		return tt_diag_set(
		        t->d, TT_EINVAL, ref->loc,
		        "'%s' refers to itself (or through more than "
		        "%d references)",
		        ref->u.scalar.text, REFS_MAX);
	t->refs++;
	tt_code rc = eval_ref_at(t, ref, what, out);
	t->refs--;
	return rc;
}

static tt_code eval_ref_at(tf *t, const tt_node *ref, const char *what,
                           const tt_node **out)
{
	step steps[16];
	size_t n;
	const char *text = ref->u.scalar.text;
	tt_code rc;
	if (!split_ref(text, steps, 16, &n) || n == 0)
		return cannot(t, ref, what, "'%s'", text);
	const char *root = steps[0].name;
	if (strcmp(root, "var") == 0 && n >= 2) {
		if ((rc = variable(t, ref, steps[1].name, what, out)))
			return rc;
		if (n > 2 && (*out)->kind == TT_NODE_MAP && !steps[2].index &&
		    !tt_node_map_get(*out, steps[2].name)) {
			/* an attribute the value leaves out: its default in
			 * the variable's type, optional(number, 1) */
			const tt_node *dflt = optional_default(t, steps[1].name,
			                                       steps[2].name);
			if (dflt) {
				if ((rc = eval(t, dflt, what, out)))
					return rc;
				return walk(t, ref, what, steps + 3, n - 3,
				            out);
			}
		}
		return walk(t, ref, what, steps + 2, n - 2, out);
	}
	if (strcmp(root, "local") == 0 && n >= 2) {
		if ((rc = local(t, ref, steps[1].name, what, out)))
			return rc;
		return walk(t, ref, what, steps + 2, n - 2, out);
	}
	if ((strcmp(root, TARGET_TYPE) == 0 ||
	     strcmp(root, POLICY_TYPE) == 0) &&
	    n >= 2)
		return resource_attr(t, ref, steps, n, what, out);
	if (strcmp(root, "data") == 0)
		return cannot(t, ref, what, "the data source '%s'", text);
	if (strcmp(root, "module") == 0)
		return cannot(t, ref, what, "the module output '%s'", text);
	if (strcmp(root, "count") == 0 || strcmp(root, "each") == 0)
		return cannot(t, ref, what, "'%s' (for_each and count indexes)",
		              text);
	if (n >= 2 && strchr(root, '_'))
		return cannot(t, ref, what,
		              "'%s', an attribute only Terraform knows", text);
	return cannot(t, ref, what, "'%s'", text);
}

/* ---- expressions ---- */

/* A scalar's text for a template; false for what has none. */
static bool text_of(const tt_node *v, const char **s, size_t *len)
{
	if (!plain_scalar(v) || v->u.scalar.kind == TT_SCALAR_NULL)
		return false;
	*s = v->u.scalar.text;
	*len = v->u.scalar.len;
	return true;
}

static tt_code eval_template(tf *t, const tt_node *n, const char *what,
                             const tt_node **out)
{
	/* "${x}" alone is x itself, whatever its type. */
	if (n->u.seq.count == 1 && n->u.seq.items[0]->tag)
		return eval(t, n->u.seq.items[0], what, out);
	char *buf = NULL;
	size_t len = 0;
	for (size_t i = 0; i < n->u.seq.count; i++) {
		const tt_node *v;
		const char *s = NULL;
		size_t sl = 0;
		tt_code rc = eval(t, n->u.seq.items[i], what, &v);
		if (!rc && !text_of(v, &s, &sl))
			rc = tt_diag_set(
			        t->d, TT_EINVAL, n->u.seq.items[i]->loc,
			        "cannot put %s into a string (in '%s')",
			        kind_name(v), what);
		if (rc) {
			free(buf);
			return rc;
		}
		char *b = realloc(buf, len + sl + 1);
		if (!b) {
			free(buf);
			return tt_diag_nomem(t->d, (tt_loc){0});
		}
		buf = b;
		memcpy(buf + len, s, sl);
		len += sl;
	}
	tt_node *r = tt_node_new_scalar(TT_SCALAR_STRING, n->loc,
	                                buf ? buf : "", len);
	free(buf);
	return keep(t, r, out);
}

static tt_code make_number(tf *t, tt_loc loc, double v, const tt_node **out)
{
	char buf[TT_FMT_BUF];
	tt_fmt_double(v, buf);
	return keep(t,
	            tt_node_new_scalar(TT_SCALAR_NUMBER, loc, buf, strlen(buf)),
	            out);
}

static tt_code make_bool(tf *t, tt_loc loc, bool v, const tt_node **out)
{
	const char *s = v ? "true" : "false";
	return keep(t, tt_node_new_scalar(TT_SCALAR_BOOL, loc, s, strlen(s)),
	            out);
}

static tt_code need_bool(tf *t, const tt_node *at, const tt_node *v,
                         const char *what, bool *out)
{
	if (as_bool(v, out))
		return TT_OK;
	return tt_diag_set(t->d, TT_EINVAL, at->loc,
	                   "expected a boolean here, got %s (in '%s')",
	                   kind_name(v), what);
}

static tt_code need_number(tf *t, const tt_node *at, const tt_node *v,
                           const char *what, double *out)
{
	if (as_number(v, out))
		return TT_OK;
	return tt_diag_set(t->d, TT_EINVAL, at->loc,
	                   "expected a number here, got %s (in '%s')",
	                   plain_scalar(v) && !is_null(v) ? v->u.scalar.text
	                                                  : kind_name(v),
	                   what);
}

/*
 * Do two scalars have the same type for `==`?  Terraform compares "1"
 * and 1 as different; a value from the scenario's YAML (a plain scalar)
 * has no type of its own and takes the other side's, as a -var on
 * Terraform's command line does.
 */
static bool same_type(const tt_node *a, const tt_node *b)
{
	return a->u.scalar.kind == b->u.scalar.kind ||
	       a->u.scalar.kind == TT_SCALAR_PLAIN ||
	       b->u.scalar.kind == TT_SCALAR_PLAIN;
}

static tt_code eval_op(tf *t, const tt_node *n, const char *what,
                       const tt_node **out)
{
	const char *op = n->tag + strlen("hcl:op:");
	const tt_node *a, *b;
	tt_code rc;
	bool x, y;
	double p, q;

	if ((rc = eval(t, n->u.seq.items[0], what, &a)))
		return rc;
	/* && and || decide on the left when they can, so a guard such as
	 * `var.on && var.x > 0` needs var.x only when var.on. */
	if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
		if ((rc = need_bool(t, n->u.seq.items[0], a, what, &x)))
			return rc;
		if (x == (op[0] == '|'))
			return make_bool(t, n->loc, x, out);
		if ((rc = eval(t, n->u.seq.items[1], what, &b)) ||
		    (rc = need_bool(t, n->u.seq.items[1], b, what, &y)))
			return rc;
		return make_bool(t, n->loc, y, out);
	}
	if ((rc = eval(t, n->u.seq.items[1], what, &b)))
		return rc;
	if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
		bool eq;
		if (is_null(a) || is_null(b)) /* the guard `var.x != null` */
			eq = is_null(a) && is_null(b);
		else if (as_number(a, &p) && as_number(b, &q) &&
		         same_type(a, b))
			eq = p == q;
		else if (plain_scalar(a) && plain_scalar(b))
			eq = same_type(a, b) &&
			     strcmp(a->u.scalar.text, b->u.scalar.text) == 0;
		else
			return cannot(t, n, what, "a comparison of %s and %s",
			              kind_name(a), kind_name(b));
		return make_bool(t, n->loc, op[0] == '=' ? eq : !eq, out);
	}
	if ((rc = need_number(t, n->u.seq.items[0], a, what, &p)) ||
	    (rc = need_number(t, n->u.seq.items[1], b, what, &q)))
		return rc;
	switch (op[0]) {
	case '<':
		return make_bool(t, n->loc, op[1] ? p <= q : p < q, out);
	case '>':
		return make_bool(t, n->loc, op[1] ? p >= q : p > q, out);
	case '+':
		return make_number(t, n->loc, p + q, out);
	case '-':
		return make_number(t, n->loc, p - q, out);
	case '*':
		return make_number(t, n->loc, p * q, out);
	default:
		break;
	}
	if (q == 0)
		return tt_diag_set(t->d, TT_EINVAL, n->loc,
		                   "division by zero (in '%s')", what);
	return make_number(t, n->loc, op[0] == '/' ? p / q : fmod(p, q), out);
}

static tt_code eval(tf *t, const tt_node *n, const char *what,
                    const tt_node **out)
{
	tt_code rc;
	const tt_node *v;
	bool b;
	double x;

	if (!n->tag) {
		*out = n; /* a literal, or a container walked into later */
		return TT_OK;
	}
	if (tt_hcl_is(n, "hcl:ref"))
		return eval_ref(t, n, what, out);
	if (tt_hcl_is(n, "hcl:template"))
		return eval_template(t, n, what, out);
	if (tt_hcl_is(n, "hcl:cond")) {
		if ((rc = eval(t, n->u.seq.items[0], what, &v)) ||
		    (rc = need_bool(t, n->u.seq.items[0], v, what, &b)))
			return rc;
		return eval(t, n->u.seq.items[b ? 1 : 2], what, out);
	}
	if (tt_hcl_is(n, "hcl:not")) {
		if ((rc = eval(t, n->u.seq.items[0], what, &v)) ||
		    (rc = need_bool(t, n->u.seq.items[0], v, what, &b)))
			return rc;
		return make_bool(t, n->loc, !b, out);
	}
	if (tt_hcl_is(n, "hcl:neg")) {
		if ((rc = eval(t, n->u.seq.items[0], what, &v)) ||
		    (rc = need_number(t, n->u.seq.items[0], v, what, &x)))
			return rc;
		return make_number(t, n->loc, -x, out);
	}
	if (strncmp(n->tag, "hcl:op:", 7) == 0)
		return eval_op(t, n, what, out);
	if (tt_hcl_is(n, "hcl:call"))
		return cannot(t, n, what, "a call of the function '%s'",
		              n->u.seq.items[0]->u.scalar.text);
	if (tt_hcl_is(n, "hcl:opaque")) {
		char text[64];
		snprintf(text, sizeof text, "%.*s%s", 40, n->u.scalar.text,
		         n->u.scalar.len > 40 ? "..." : "");
		return cannot(t, n, what, "'%s'", text);
	}
	/* A CloudFormation tag cannot reach here: files are HCL. */
	return cannot(t, n, what, "an expression");
}

/* ---- translation into the AWS shapes ---- */

typedef enum fkind {
	F_STRING,
	F_NUMBER,
	F_BOOL,
	F_BLOCK,  /* one nested block: a map */
	F_BLOCKS, /* repeated nested blocks: a sequence of maps */
	F_IGNORE, /* read by nobody: meta-arguments, tags, IAM */
	/* a map attribute {Name = Value} into [{Name, Value}] (an alarm's
	 * dimensions) */
	F_DIMENSION_MAP,
	/* present: an empty list under the AWS key, so its reader refuses
	 * what it cannot simulate (an alarm's metric_query) */
	F_IGNORE_SET
} fkind;

typedef struct field {
	const char *tf, *aws;
	fkind kind;
	const struct field *sub;
} field;

static const field dimension_fields[] = {
        {"name", "Name", F_STRING, NULL},
        {"value", "Value", F_STRING, NULL},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field metric_fields[] = {
        {"metric_name", "MetricName", F_STRING, NULL},
        {"namespace", "Namespace", F_STRING, NULL},
        {"dimensions", "Dimensions", F_BLOCKS, dimension_fields},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field metric_stat_fields[] = {
        {"metric", "Metric", F_BLOCK, metric_fields},
        {"stat", "Stat", F_STRING, NULL},
        {"unit", "Unit", F_STRING, NULL},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field query_fields[] = {
        {"id", "Id", F_STRING, NULL},
        {"expression", "Expression", F_STRING, NULL},
        {"label", "Label", F_STRING, NULL},
        {"return_data", "ReturnData", F_BOOL, NULL},
        {"metric_stat", "MetricStat", F_BLOCK, metric_stat_fields},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field customized_fields[] = {
        {"metric_name", "MetricName", F_STRING, NULL},
        {"namespace", "Namespace", F_STRING, NULL},
        {"statistic", "Statistic", F_STRING, NULL},
        {"unit", "Unit", F_STRING, NULL},
        {"dimensions", "Dimensions", F_BLOCKS, dimension_fields},
        {"metrics", "Metrics", F_BLOCKS, query_fields},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field predefined_fields[] = {
        {"predefined_metric_type", "PredefinedMetricType", F_STRING, NULL},
        {"resource_label", "ResourceLabel", F_STRING, NULL},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field config_fields[] = {
        {"target_value", "TargetValue", F_NUMBER, NULL},
        {"disable_scale_in", "DisableScaleIn", F_BOOL, NULL},
        {"scale_in_cooldown", "ScaleInCooldown", F_NUMBER, NULL},
        {"scale_out_cooldown", "ScaleOutCooldown", F_NUMBER, NULL},
        {"predefined_metric_specification", "PredefinedMetricSpecification",
         F_BLOCK, predefined_fields},
        {"customized_metric_specification", "CustomizedMetricSpecification",
         F_BLOCK, customized_fields},
        {NULL, NULL, F_IGNORE, NULL},
};

/* Meta-arguments every resource may carry; none changes a simulation. */
#define META_FIELDS                                                            \
	{"count", NULL, F_IGNORE, NULL}, {"for_each", NULL, F_IGNORE, NULL},   \
	        {"depends_on", NULL, F_IGNORE, NULL},                          \
	        {"provider", NULL, F_IGNORE, NULL},                            \
	        {"lifecycle", NULL, F_IGNORE, NULL},                           \
	        {"provisioner", NULL, F_IGNORE, NULL},                         \
	        {"connection", NULL, F_IGNORE, NULL},                          \
	        {"arn", NULL, F_IGNORE, NULL}, {"id", NULL, F_IGNORE, NULL},   \
	{                                                                      \
		"region", NULL, F_IGNORE, NULL                                 \
	}

static const field suspended_fields[] = {
        {"dynamic_scaling_in_suspended", "DynamicScalingInSuspended", F_BOOL,
         NULL},
        {"dynamic_scaling_out_suspended", "DynamicScalingOutSuspended", F_BOOL,
         NULL},
        {"scheduled_scaling_suspended", "ScheduledScalingSuspended", F_BOOL,
         NULL},
        {NULL, NULL, F_IGNORE, NULL},
};
/* The capacity and state of a target; its names are read on their own. */
static const field target_fields[] = {
        {"min_capacity", NULL, F_IGNORE, NULL}, /* read by capacity() */
        {"max_capacity", NULL, F_IGNORE, NULL},
        {"suspended_state", "SuspendedState", F_BLOCK, suspended_fields},
        {"resource_id", NULL, F_IGNORE, NULL},
        {"scalable_dimension", NULL, F_IGNORE, NULL},
        {"service_namespace", NULL, F_IGNORE, NULL},
        {"role_arn", NULL, F_IGNORE, NULL},
        {"tags", NULL, F_IGNORE, NULL},
        {"tags_all", NULL, F_IGNORE, NULL},
        META_FIELDS,
        {NULL, NULL, F_IGNORE, NULL},
};
static const field step_adjustment_fields[] = {
        /* the provider takes the bounds as strings ("0"): numbers here */
        {"metric_interval_lower_bound", "MetricIntervalLowerBound", F_NUMBER,
         NULL},
        {"metric_interval_upper_bound", "MetricIntervalUpperBound", F_NUMBER,
         NULL},
        {"scaling_adjustment", "ScalingAdjustment", F_NUMBER, NULL},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field step_config_fields[] = {
        {"adjustment_type", "AdjustmentType", F_STRING, NULL},
        {"cooldown", "Cooldown", F_NUMBER, NULL},
        {"metric_aggregation_type", "MetricAggregationType", F_STRING, NULL},
        {"min_adjustment_magnitude", "MinAdjustmentMagnitude", F_NUMBER,
         NULL},
        {"step_adjustment", "StepAdjustments", F_BLOCKS,
         step_adjustment_fields},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field policy_fields[] = {
        {"target_tracking_scaling_policy_configuration",
         "TargetTrackingScalingPolicyConfiguration", F_BLOCK, config_fields},
        {"step_scaling_policy_configuration",
         "StepScalingPolicyConfiguration", F_BLOCK, step_config_fields},
        {"name", NULL, F_IGNORE, NULL},
        {"policy_type", NULL, F_IGNORE, NULL},
        {"resource_id", NULL, F_IGNORE, NULL},
        {"scalable_dimension", NULL, F_IGNORE, NULL},
        {"service_namespace", NULL, F_IGNORE, NULL},
        {"predictive_scaling_policy_configuration", NULL, F_IGNORE, NULL},
        {"alarm_arns", NULL, F_IGNORE, NULL},
        META_FIELDS,
        {NULL, NULL, F_IGNORE, NULL},
};

/* aws_appautoscaling_scheduled_action, into PutScheduledAction's keys
 * (its target is told by belongs(), as a policy's). */
static const field target_action_fields[] = {
        {"min_capacity", "MinCapacity", F_NUMBER, NULL},
        {"max_capacity", "MaxCapacity", F_NUMBER, NULL},
        {NULL, NULL, F_IGNORE, NULL},
};
static const field scheduled_fields[] = {
        {"name", "ScheduledActionName", F_STRING, NULL},
        {"schedule", "Schedule", F_STRING, NULL},
        {"timezone", "Timezone", F_STRING, NULL},
        {"start_time", "StartTime", F_STRING, NULL},
        {"end_time", "EndTime", F_STRING, NULL},
        {"scalable_target_action", "ScalableTargetAction", F_BLOCK,
         target_action_fields},
        {"resource_id", NULL, F_IGNORE, NULL},
        {"scalable_dimension", NULL, F_IGNORE, NULL},
        {"service_namespace", NULL, F_IGNORE, NULL},
        META_FIELDS,
        {NULL, NULL, F_IGNORE, NULL},
};

/* aws_cloudwatch_metric_alarm, into PutMetricAlarm's keys; its
 * alarm_actions are matched to policies by reference (load_alarms). */
static const field alarm_fields[] = {
        {"alarm_name", "AlarmName", F_STRING, NULL},
        {"comparison_operator", "ComparisonOperator", F_STRING, NULL},
        {"evaluation_periods", "EvaluationPeriods", F_NUMBER, NULL},
        {"datapoints_to_alarm", "DatapointsToAlarm", F_NUMBER, NULL},
        {"metric_name", "MetricName", F_STRING, NULL},
        {"namespace", "Namespace", F_STRING, NULL},
        {"period", "Period", F_NUMBER, NULL},
        {"statistic", "Statistic", F_STRING, NULL},
        {"extended_statistic", "ExtendedStatistic", F_STRING, NULL},
        {"threshold", "Threshold", F_NUMBER, NULL},
        {"treat_missing_data", "TreatMissingData", F_STRING, NULL},
        {"actions_enabled", "ActionsEnabled", F_BOOL, NULL},
        {"dimensions", "Dimensions", F_DIMENSION_MAP, NULL},
        {"metric_query", "Metrics", F_IGNORE_SET, NULL},
        {"threshold_metric_id", "ThresholdMetricId", F_STRING, NULL},
        {"alarm_actions", NULL, F_IGNORE, NULL},
        {"ok_actions", NULL, F_IGNORE, NULL},
        {"insufficient_data_actions", NULL, F_IGNORE, NULL},
        {"alarm_description", NULL, F_IGNORE, NULL},
        {"unit", NULL, F_IGNORE, NULL},
        {"evaluate_low_sample_count_percentiles", NULL, F_IGNORE, NULL},
        {"tags", NULL, F_IGNORE, NULL},
        {"tags_all", NULL, F_IGNORE, NULL},
        META_FIELDS,
        {NULL, NULL, F_IGNORE, NULL},
};

static tt_code unknown_field(tf *t, const tt_node_entry *e, const char *what,
                             const field *fields)
{
	char list[400];
	size_t used = 0;
	list[0] = '\0';
	for (const field *f = fields; f->tf && used < sizeof list; f++)
		used += (size_t)snprintf(list + used, sizeof list - used,
		                         "%s%s", used ? ", " : "", f->tf);
	return tt_diag_set(t->d, TT_EINVAL, e->key_loc,
	                   "unknown argument '%s' in '%s' (expected one of: "
	                   "%s)",
	                   e->key, what, list);
}

/* A fresh copy of evaluated scalar `v` as the field's type wants it. */
static tt_code coerce(tf *t, const tt_node *v, const tt_node *src,
                      const field *f, tt_node **out)
{
	double x;
	bool b;
	const char *s;
	size_t len;
	tt_scalar_kind kind = TT_SCALAR_STRING;
	switch (f->kind) {
	case F_NUMBER:
		if (!as_number(v, &x))
			return tt_diag_set(t->d, TT_EINVAL, src->loc,
			                   "expected a number for '%s', got %s",
			                   f->tf,
			                   plain_scalar(v) ? v->u.scalar.text
			                                   : kind_name(v));
		kind = TT_SCALAR_NUMBER;
		break;
	case F_BOOL:
		if (!as_bool(v, &b))
			return tt_diag_set(
			        t->d, TT_EINVAL, src->loc,
			        "expected a boolean for '%s', got %s", f->tf,
			        plain_scalar(v) ? v->u.scalar.text
			                        : kind_name(v));
		kind = TT_SCALAR_BOOL;
		break;
	default:
		if (!text_of(v, &s, &len) || v->u.scalar.kind == TT_SCALAR_BOOL)
			return tt_diag_set(t->d, TT_EINVAL, src->loc,
			                   "expected a string for '%s', got %s",
			                   f->tf, kind_name(v));
		break;
	}
	*out = tt_node_new_scalar(kind, src->loc, v->u.scalar.text,
	                          v->u.scalar.len);
	return *out ? TT_OK : tt_diag_nomem(t->d, (tt_loc){0});
}

static tt_code convert(tf *t, const tt_node *body, const field *fields,
                       const char *what, tt_node **out);
static void describe(const tt_node *n, char *buf, size_t size);

/* key: value appended to a map built here (the map owns value then). */
static bool push_entry(tt_node *map, const char *key, tt_loc key_loc,
                       tt_node *value)
{
	return tt_node_map_push(map, key, strlen(key), key_loc, value) != NULL;
}

/*
 * `dimensions = {ClusterName = "shop", ServiceName = "api"}` into the
 * API's [{Name: ClusterName, Value: shop}, ...], each value evaluated.
 */
static tt_code dimension_list(tf *t, const tt_node_entry *e, tt_node **out)
{
	static const field value_field = {"dimensions", NULL, F_STRING, NULL};
	const tt_node *m;
	tt_code rc = eval(t, e->value, "dimensions", &m);
	if (rc)
		return rc;
	if (m->kind != TT_NODE_MAP || m->tag)
		return tt_diag_set(t->d, TT_EINVAL, e->value->loc,
		                   "expected a map for 'dimensions', got %s",
		                   kind_name(m));
	tt_node *seq = tt_node_new(TT_NODE_SEQ, e->value->loc);
	if (!seq)
		return tt_diag_nomem(t->d, (tt_loc){0});
	for (size_t i = 0; i < m->u.map.count; i++) {
		const tt_node_entry *d = &m->u.map.entries[i];
		const tt_node *val;
		tt_node *item = tt_node_new(TT_NODE_MAP, d->key_loc), *name,
		        *value = NULL;
		tt_node **items;
		if (!item)
			goto nomem;
		name = tt_node_new_scalar(TT_SCALAR_STRING, d->key_loc, d->key,
		                          strlen(d->key));
		if (!name || !push_entry(item, "Name", d->key_loc, name)) {
			tt_node_free(name);
			tt_node_free(item);
			goto nomem;
		}
		if ((rc = eval(t, d->value, d->key, &val)) ||
		    (rc = coerce(t, val, d->value, &value_field, &value))) {
			tt_node_free(item);
			tt_node_free(seq);
			return rc;
		}
		if (!push_entry(item, "Value", d->key_loc, value)) {
			tt_node_free(value);
			tt_node_free(item);
			goto nomem;
		}
		items = realloc(seq->u.seq.items,
		                (seq->u.seq.count + 1) * sizeof *items);
		if (!items) {
			tt_node_free(item);
			goto nomem;
		}
		seq->u.seq.items = items;
		items[seq->u.seq.count++] = item;
	}
	*out = seq;
	return TT_OK;
nomem:
	tt_node_free(seq);
	return tt_diag_nomem(t->d, (tt_loc){0});
}

/* One field of a body into its AWS entry (nothing when it is unset). */
static tt_code convert_field(tf *t, const tt_node_entry *e, const field *f,
                             tt_node **out)
{
	const tt_node *v = e->value;
	tt_code rc;
	*out = NULL;
	if (f->kind == F_IGNORE_SET) {
		*out = tt_node_new(TT_NODE_SEQ, v->loc);
		return *out ? TT_OK : tt_diag_nomem(t->d, (tt_loc){0});
	}
	if (f->kind == F_DIMENSION_MAP)
		return dimension_list(t, e, out);
	if (f->kind == F_BLOCK || f->kind == F_BLOCKS) {
		/* HCL blocks and plan JSON both give a sequence of maps; an
		 * attribute-style map is one block. */
		if (v->kind == TT_NODE_MAP && !v->tag)
			return convert(t, v, f->sub, f->tf, out);
		if (is_null(v))
			return TT_OK;
		if (v->kind != TT_NODE_SEQ || v->tag)
			return tt_diag_set(t->d, TT_EINVAL, v->loc,
			                   "expected a '%s' block", f->tf);
		if (v->u.seq.count == 0)
			return TT_OK;
		if (f->kind == F_BLOCK) {
			if (v->u.seq.count > 1)
				return tt_diag_set(
				        t->d, TT_EINVAL, v->u.seq.items[1]->loc,
				        "at most one '%s' block", f->tf);
			return convert(t, v->u.seq.items[0], f->sub, f->tf,
			               out);
		}
		tt_node *seq = tt_node_new(TT_NODE_SEQ, v->loc);
		if (!seq)
			return tt_diag_nomem(t->d, (tt_loc){0});
		for (size_t i = 0; i < v->u.seq.count; i++) {
			tt_node *item = NULL;
			if ((rc = convert(t, v->u.seq.items[i], f->sub, f->tf,
			                  &item))) {
				tt_node_free(seq);
				return rc;
			}
			tt_node **items =
			        realloc(seq->u.seq.items,
			                (seq->u.seq.count + 1) * sizeof *items);
			if (!items) {
				tt_node_free(item);
				tt_node_free(seq);
				return tt_diag_nomem(t->d, (tt_loc){0});
			}
			seq->u.seq.items = items;
			items[seq->u.seq.count++] = item;
		}
		*out = seq;
		return TT_OK;
	}
	const tt_node *val;
	rc = eval(t, v, f->tf, &val);
	if (rc && rc != TT_ENOMEM && strcmp(f->tf, "resource_label") == 0) {
		/* The load balancer and target group only name where
		 * ALBRequestCountPerTarget is measured; the simulation
		 * measures its own workload, so a label built from other
		 * resources (aws_lb.x.arn_suffix) is not needed. */
		char text[64];
		tt_diag_clear(t->d);
		describe(v, text, sizeof text);
		return tt_diag_list_add(&t->s->notes, TT_SEV_NOTE, v->loc,
		                        "'resource_label' (%s) is left out: "
		                        "only Terraform knows it, and the "
		                        "simulation does not need it",
		                        text);
	}
	if (rc)
		return rc;
	if (is_null(val))
		return TT_OK; /* unset, as Terraform reads null */
	/* A plan shows an unset optional string as "". */
	if (t->plan && f->kind == F_STRING && plain_scalar(val) &&
	    val->u.scalar.len == 0)
		return TT_OK;
	return coerce(t, val, v, f, out);
}

static tt_code convert(tf *t, const tt_node *body, const field *fields,
                       const char *what, tt_node **out)
{
	tt_code rc;
	if (body->kind != TT_NODE_MAP || body->tag)
		return tt_diag_set(t->d, TT_EINVAL, body->loc,
		                   "expected a block for '%s', got %s", what,
		                   kind_name(body));
	tt_node *map = tt_node_new(TT_NODE_MAP, body->loc);
	if (!map)
		return tt_diag_nomem(t->d, (tt_loc){0});
	for (size_t i = 0; i < body->u.map.count; i++) {
		const tt_node_entry *e = &body->u.map.entries[i];
		const field *f = fields;
		while (f->tf && strcmp(f->tf, e->key) != 0)
			f++;
		if (strcmp(e->key, "dynamic") == 0)
			rc = tt_diag_set(
			        t->d, TT_EUNSUPPORTED, e->key_loc,
			        "'dynamic' blocks are not evaluated (in "
			        "'%s'); write the blocks out",
			        what);
		else if (!f->tf)
			rc = unknown_field(t, e, what, fields);
		else
			rc = TT_OK;
		if (rc) {
			tt_node_free(map);
			return rc;
		}
		if (f->kind == F_IGNORE)
			continue;
		tt_node *v = NULL;
		if ((rc = convert_field(t, e, f, &v))) {
			tt_node_free(map);
			return rc;
		}
		if (v && !push_entry(map, f->aws, e->key_loc, v)) {
			tt_node_free(v);
			tt_node_free(map);
			return tt_diag_nomem(t->d, (tt_loc){0});
		}
	}
	*out = map;
	return TT_OK;
}

/* ---- the target and its policies ---- */

typedef struct resource {
	const char *name;
	const tt_node *body;
	tt_loc loc;
	/* its `count` cannot be evaluated (a function such as length(), a
	 * count above 1): fine for a resource the run does not use, an
	 * error (count_error) for one it does */
	bool count_unknown;
} resource;

/* The error of a resource whose count could not be told, said again. */
static tt_code count_error(tf *t, const char *type, const resource *r)
{
	int count;
	tt_code rc = instances(t, type, r->name, r->body, &count);
	return rc ? rc
	          : tt_diag_set(t->d, TT_EINVAL, r->loc,
	                        "cannot tell the count of %s.%s", type,
	                        r->name);
}

/*
 * Every resource of `type` that may have an instance, in file order: a
 * count of 0 leaves one out; a count ttsim cannot evaluate keeps it,
 * marked, so only a resource the run uses needs its count known (a
 * module's index targets, `count = length(var.indexes)`, stay harmless
 * while the table's own target is simulated).
 */
static tt_code collect(tf *t, const char *type, resource **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < t->n_tf; i++) {
		const tt_node *r = tt_node_map_get(t->docs[i].root, "resource");
		const tt_node *ty = r ? tt_node_map_get(r, type) : NULL;
		for (size_t j = 0; ty && j < ty->u.map.count; j++) {
			const tt_node_entry *e = &ty->u.map.entries[j];
			int count;
			bool unknown = false;
			tt_code rc =
			        instances(t, type, e->key, e->value, &count);
			if (rc == TT_EUNSUPPORTED || rc == TT_EINVAL) {
				tt_diag_clear(t->d);
				unknown = true;
			} else if (rc) {
				free(*out);
				*out = NULL;
				return rc;
			} else if (count == 0) {
				continue;
			}
			resource *grown =
			        realloc(*out, (*n + 1) * sizeof *grown);
			if (!grown) {
				free(*out);
				*out = NULL;
				return tt_diag_nomem(t->d, (tt_loc){0});
			}
			*out = grown;
			(*out)[(*n)++] = (resource){e->key, e->value,
			                            e->key_loc, unknown};
		}
	}
	return TT_OK;
}

static tt_code pick_target(tf *t, const resource *targets, size_t n,
                           const resource **out)
{
	const char *want = t->in->target;
	char names[256];
	size_t used = 0;
	names[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof names; i++)
		used += (size_t)snprintf(names + used, sizeof names - used,
		                         "%s" TARGET_TYPE ".%s", i ? ", " : "",
		                         targets[i].name);
	if (want) {
		size_t pre = strlen(TARGET_TYPE ".");
		if (strncmp(want, TARGET_TYPE ".", pre) == 0)
			want += pre;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(targets[i].name, want) == 0) {
				*out = &targets[i];
				return targets[i].count_unknown
				               ? count_error(t, TARGET_TYPE,
				                             &targets[i])
				               : TT_OK;
			}
		}
		return tt_diag_set(t->d, TT_EINVAL, t->in->target_loc,
		                   "no " TARGET_TYPE " '%s' in the Terraform "
		                   "files (they declare: %s)",
		                   want, n ? names : "none");
	}
	if (n == 0)
		return tt_diag_set(t->d, TT_EINVAL, t->in->at,
		                   "no " TARGET_TYPE " in the Terraform files");
	if (n > 1)
		return tt_diag_set(t->d, TT_EINVAL, t->in->at,
		                   "the Terraform files declare %zu scalable "
		                   "targets (%s); choose one with 'target'",
		                   n, names);
	*out = &targets[0];
	return targets[0].count_unknown
	               ? count_error(t, TARGET_TYPE, &targets[0])
	               : TT_OK;
}

/*
 * A string attribute of a resource, or NULL with `*missing` when ttsim
 * cannot evaluate it (the error is then in t->d).
 */
static tt_code string_attr(tf *t, const tt_node *body, const char *key,
                           const char **out, tt_loc *loc)
{
	const tt_node_entry *e = tt_node_map_find(body, key);
	const tt_node *v;
	*out = NULL;
	*loc = body->loc;
	if (!e)
		return tt_diag_set(t->d, TT_EINVAL, body->loc,
		                   "missing required argument '%s'", key);
	*loc = e->value->loc;
	tt_code rc = eval(t, e->value, key, &v);
	if (rc)
		return rc;
	/* a string, or the scenario's YAML scalar (`vars: {id: x}`) */
	if (!plain_scalar(v) || (v->u.scalar.kind != TT_SCALAR_STRING &&
	                         v->u.scalar.kind != TT_SCALAR_PLAIN))
		return tt_diag_set(t->d, TT_EINVAL, e->value->loc,
		                   "expected a string for '%s', got %s", key,
		                   kind_name(v));
	*out = v->u.scalar.text;
	return TT_OK;
}

/* The target's names, claimed; what the scenario gives may stand in. */
static tt_code claim(tf *t, const resource *target, const char *ids[3])
{
	static const char *const keys[3] = {"resource_id", "scalable_dimension",
	                                    "service_namespace"};
	tt_loc locs[3];
	for (size_t i = 0; i < 3; i++) {
		tt_code rc = string_attr(t, target->body, keys[i], &ids[i],
		                         &locs[i]);
		bool given = i == 0   ? t->s->resource != NULL
		             : i == 1 ? t->s->scalable_dimension != NULL
		                      : true;
		if (rc && (rc == TT_ENOMEM || !given ||
		           !tt_node_map_find(target->body, keys[i])))
			return rc;
		if (rc)
			tt_diag_clear(t->d);
	}
	tt_aws_ids aws = {ids[0], ids[1], ids[2], locs[0], locs[1], locs[2]};
	return tt_aws_claim(t->s, &aws, t->d);
}

/* A template as written, near enough: "${aws_lb.x.arn_suffix}/${...}". */
static void describe_template(const tt_node *n, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n->u.seq.count && used < size; i++) {
		const tt_node *part = n->u.seq.items[i];
		const char *fmt = "%s";
		const char *text = "${...}";
		if (part->kind == TT_NODE_SCALAR && !part->tag)
			text = part->u.scalar.text;
		else if (tt_hcl_is(part, "hcl:ref")) {
			fmt = "${%s}";
			text = part->u.scalar.text;
		}
		used += (size_t)snprintf(buf + used, size - used, fmt, text);
	}
	if (used >= size && size > 4)
		memcpy(buf + size - 4, "...", 4);
}

/* A short description of an expression for "is computed (...)". */
static void describe(const tt_node *n, char *buf, size_t size)
{
	if (n->kind == TT_NODE_SCALAR)
		snprintf(buf, size, "%.40s%s", n->u.scalar.text,
		         n->u.scalar.len > 40 ? "..." : "");
	else if (tt_hcl_is(n, "hcl:call"))
		snprintf(buf, size, "%.40s(...)",
		         n->u.seq.items[0]->u.scalar.text);
	else if (tt_hcl_is(n, "hcl:cond"))
		snprintf(buf, size, "a conditional");
	else if (tt_hcl_is(n, "hcl:template"))
		describe_template(n, buf, size);
	else
		snprintf(buf, size, "an expression");
}

/*
 * Capacity and suspended state.  A limit ttsim cannot evaluate (a data
 * source, a variable without a value) is left for the scenario to give
 * (capacity.min/max), as an expression in a template is.
 */
static tt_code capacity(tf *t, const resource *target, tt_aws_capacity *cap)
{
	static const field limits[2] = {
	        {"min_capacity", "MinCapacity", F_NUMBER, NULL},
	        {"max_capacity", "MaxCapacity", F_NUMBER, NULL},
	};
	tt_aws_int *out[2] = {&cap->min, &cap->max};
	const tt_node_entry *computed[2] = {NULL, NULL};
	tt_node *map = NULL;
	tt_code rc =
	        convert(t, target->body, target_fields, target->name, &map);

	for (size_t i = 0; !rc && i < 2; i++) {
		const tt_node_entry *e =
		        tt_node_map_find(target->body, limits[i].tf);
		const tt_node *v;
		tt_node *c = NULL;
		if (!e)
			continue;
		rc = eval(t, e->value, limits[i].tf, &v);
		if (rc && rc != TT_ENOMEM) {
			tt_diag_clear(t->d);
			computed[i] = e;
			rc = TT_OK;
			continue;
		}
		if (!rc && !(rc = coerce(t, v, e->value, &limits[i], &c)) &&
		    !push_entry(map, limits[i].aws, e->key_loc, c)) {
			tt_node_free(c);
			rc = tt_diag_nomem(t->d, (tt_loc){0});
		}
	}
	if (!rc)
		rc = tt_aws_read_capacity(map, cap, t->d);
	tt_node_free(map);
	if (rc)
		return rc;
	cap->origin = target->loc.file;
	cap->section = "terraform";
	for (size_t i = 0; i < 2; i++) {
		if (!computed[i])
			continue;
		out[i]->state = TT_AV_EXPR;
		out[i]->loc = computed[i]->value->loc;
		describe(computed[i]->value, out[i]->expr, sizeof out[i]->expr);
	}
	return TT_OK;
}

/* The scalable target an expression names, if it names one. */
typedef struct target_ref {
	const char *name; /* into the expression's text; NULL: none */
	size_t len;
	bool several; /* it names more than one */
} target_ref;

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Note one reference to target `name` (len bytes). */
static void saw_target(target_ref *ref, const char *name, size_t len)
{
	if (len == 0)
		return;
	if (!ref->name) {
		ref->name = name;
		ref->len = len;
	} else if (ref->len != len || strncmp(ref->name, name, len) != 0) {
		ref->several = true;
	}
}

/*
 * Every `aws_appautoscaling_target.NAME` anywhere in an expression: in a
 * reference, in the source text of a splat (opaque to the evaluator),
 * in the arguments of a call, the parts of a template, the branches of
 * a conditional.  Literal strings are not looked into.
 */
static void target_refs(const tt_node *n, target_ref *ref, int depth)
{
	static const char prefix[] = TARGET_TYPE ".";
	const size_t pre = sizeof prefix - 1;
	if (!n || depth > TT_NODE_MAX_DEPTH)
		return;
	if (n->kind == TT_NODE_SCALAR) {
		if (!tt_hcl_is(n, "hcl:ref") && !tt_hcl_is(n, "hcl:opaque"))
			return;
		const char *text = n->u.scalar.text;
		for (const char *p = strstr(text, prefix); p;
		     p = strstr(p + 1, prefix)) {
			if (p > text && (ident_char(p[-1]) || p[-1] == '.'))
				continue;
			const char *name = p + pre;
			size_t len = 0;
			while (ident_char(name[len]))
				len++;
			saw_target(ref, name, len);
		}
		return;
	}
	if (n->kind == TT_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count; i++)
			target_refs(n->u.seq.items[i], ref, depth + 1);
		return;
	}
	for (size_t i = 0; i < n->u.map.count; i++)
		target_refs(n->u.map.entries[i].value, ref, depth + 1);
}

/* Does policy `body` scale `target` (whose names are `ids`)? */
static tt_code belongs(tf *t, const tt_node *body, const resource *target,
                       const char *const ids[3], size_t n_targets, bool *out)
{
	const tt_node *r = tt_node_map_get(body, "resource_id");
	*out = false;
	/* a plan leaves out what is known only after apply */
	if (t->plan && (!r || is_null(r))) {
		*out = n_targets == 1;
		return TT_OK;
	}
	if (!r)
		return tt_diag_set(t->d, TT_EINVAL, body->loc,
		                   "missing required argument 'resource_id'");
	/* aws_appautoscaling_target.x.resource_id, bare, in "${...}", or
	 * in the legacy splat forms join("", aws_appautoscaling_target.x.*
	 * .resource_id) and element(aws_appautoscaling_target.x.*
	 * .resource_id, count.index) */
	target_ref named = {NULL, 0, false};
	target_refs(r, &named, 0);
	if (named.name && !named.several) {
		*out = strlen(target->name) == named.len &&
		       strncmp(named.name, target->name, named.len) == 0;
		return TT_OK;
	}
	const char *id;
	tt_loc loc;
	tt_code rc = string_attr(t, body, "resource_id", &id, &loc);
	if (rc == TT_EUNSUPPORTED && n_targets == 1) {
		/* written like the target's, unevaluable alike: the one */
		tt_diag_clear(t->d);
		*out = true;
		return TT_OK;
	}
	if (rc)
		return rc;
	const char *mine = ids[0] ? ids[0] : t->s->resource;
	*out = mine && strcmp(id, mine) == 0;
	return TT_OK;
}

#define SKIPPED_MAX 256

/*
 * A step-scaling policy, its configuration converted to the API's keys
 * and read by step.c; its label is remembered for the alarms.
 */
static tt_code load_step(tf *t, const resource *p, const tt_node *map,
                         const char *name)
{
	const tt_node *cfg = tt_node_map_get(map,
	                                     "StepScalingPolicyConfiguration");
	tt_step_policy sp;
	tt_code rc;
	if (!cfg)
		return tt_diag_set(t->d, TT_EINVAL, p->body->loc,
		                   "policy " POLICY_TYPE ".%s has no "
		                   "step_scaling_policy_configuration",
		                   p->name);
	if ((rc = tt_step_from_node(cfg, name, &t->s->notes, &sp, t->d)) ||
	    (rc = tt_aws_add_step_policy(t->s, &sp, p->loc, t->d)))
		return rc;
	const char **labels =
	        realloc(t->step_labels, (t->n_steps + 1) * sizeof *labels);
	if (!labels)
		return tt_diag_nomem(t->d, p->loc);
	t->step_labels = labels;
	size_t *index =
	        realloc(t->step_index, (t->n_steps + 1) * sizeof *index);
	if (!index)
		return tt_diag_nomem(t->d, p->loc);
	t->step_index = index;
	t->step_labels[t->n_steps] = p->name;
	t->step_index[t->n_steps++] = t->s->n_step_policies - 1;
	return TT_OK;
}

/*
 * The step policies an alarm's alarm_actions name by reference
 * (aws_appautoscaling_policy.NAME.arn, bare or in "${...}"), into hits.
 */
static size_t action_policies(const tf *t, const tt_node *n, size_t *hits,
                              size_t max, int depth)
{
	static const char prefix[] = POLICY_TYPE ".";
	size_t found = 0;
	if (!n || depth > TT_NODE_MAX_DEPTH)
		return 0;
	if (n->kind == TT_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count && found < max; i++)
			found += action_policies(t, n->u.seq.items[i],
			                         hits + found, max - found,
			                         depth + 1);
		return found;
	}
	if (n->kind != TT_NODE_SCALAR ||
	    (!tt_hcl_is(n, "hcl:ref") && !tt_hcl_is(n, "hcl:opaque") &&
	     !tt_hcl_is(n, "hcl:template")))
		return 0;
	for (const char *p = strstr(n->u.scalar.text, prefix); p && found < max;
	     p = strstr(p + 1, prefix)) {
		const char *label = p + sizeof prefix - 1;
		size_t len = 0;
		while (ident_char(label[len]))
			len++;
		for (size_t i = 0; i < t->n_steps; i++)
			if (strlen(t->step_labels[i]) == len &&
			    !strncmp(t->step_labels[i], label, len))
				hits[found++] = t->step_index[i];
	}
	return found;
}

/*
 * The aws_cloudwatch_metric_alarm resources whose alarm_actions name a
 * step policy read here: each converted to PutMetricAlarm's keys, read by
 * alarm_def.c (the label names one without alarm_name) and joined to the
 * policies.  An alarm naming none of them is ignored with a note.
 */
static tt_code load_alarms(tf *t)
{
	resource *alarms = NULL;
	size_t n = 0;
	tt_code rc = collect(t, ALARM_TYPE, &alarms, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		const resource *r = &alarms[i];
		size_t hits[8], n_hits, index;
		tt_node *map = NULL;
		tt_alarm_def def;
		char what[160];
		n_hits = action_policies(
		        t, tt_node_map_get(r->body, "alarm_actions"), hits,
		        sizeof hits / sizeof *hits, 0);
		snprintf(what, sizeof what, ALARM_TYPE ".%s", r->name);
		if (n_hits == 0) {
			rc = tt_diag_list_add(&t->s->notes, TT_SEV_NOTE, r->loc,
			                      "%s invokes no scaling policy of "
			                      "the target: ignored",
			                      what);
			continue;
		}
		if (r->count_unknown) {
			rc = count_error(t, ALARM_TYPE, r);
			break;
		}
		if ((rc = convert(t, r->body, alarm_fields, what, &map)))
			break;
		rc = tt_alarm_def_from_node(map, TT_ALARM_FORM_CLOUDFORMATION,
		                            what, r->name, &t->s->notes, &def,
		                            t->d);
		tt_node_free(map);
		if (!rc)
			rc = tt_aws_add_alarm(t->s, &def, &index, t->d);
		for (size_t k = 0; !rc && k < n_hits; k++)
			rc = tt_aws_alarm_invokes(t->s, index, hits[k], t->d);
	}
	free(alarms);
	return rc;
}

/*
 * One policy of the target: appended when it is target tracking or step
 * scaling, named in `skipped` when it is predictive.
 */
static tt_code load_policy(tf *t, const resource *p, size_t *used,
                           char *skipped, size_t *n_skipped)
{
	const tt_node_entry *e = tt_node_map_find(p->body, "policy_type");
	const char *type = "StepScaling"; /* the provider's default */
	const char *name = p->name;
	tt_loc loc = p->loc;
	tt_node *map = NULL;
	tt_code rc;

	if (e) {
		if ((rc = string_attr(t, p->body, "policy_type", &type, &loc)))
			return rc;
	}
	if (strcmp(type, "PredictiveScaling") == 0) {
		size_t len = strlen(skipped);
		snprintf(skipped + len, SKIPPED_MAX - len,
		         "%s" POLICY_TYPE ".%s", len ? ", " : "", p->name);
		(*n_skipped)++;
		return TT_OK;
	}
	if (strcmp(type, "TargetTrackingScaling") != 0 &&
	    strcmp(type, "StepScaling") != 0)
		return tt_diag_set(t->d, TT_EINVAL, loc,
		                   "unknown policy_type '%s' (expected one of: "
		                   "TargetTrackingScaling, StepScaling, "
		                   "PredictiveScaling)",
		                   type);
	if (tt_node_map_find(p->body, "name")) {
		const char *n;
		if (string_attr(t, p->body, "name", &n, &loc) == TT_OK)
			name = n;
		else
			tt_diag_clear(t->d); /* a computed name: the label */
	}
	if ((rc = convert(t, p->body, policy_fields, p->name, &map)))
		return rc;
	if (strcmp(type, "StepScaling") == 0) {
		rc = load_step(t, p, map, name);
		tt_node_free(map);
		if (!rc)
			(*used)++;
		return rc;
	}
	const tt_node *cfg = tt_node_map_get(
	        map, "TargetTrackingScalingPolicyConfiguration");
	if (!cfg) {
		tt_node_free(map);
		return tt_diag_set(
		        t->d, TT_EINVAL, p->body->loc,
		        "policy " POLICY_TYPE ".%s has no "
		        "target_tracking_scaling_policy_configuration",
		        p->name);
	}
	tt_policy pol;
	rc = tt_policy_from_node(cfg, name, &pol, t->d);
	tt_node_free(map);
	if (rc)
		return rc;
	(*used)++;
	return tt_aws_add_policy(t->s, &pol, p->loc, t->d);
}

/*
 * A policy module: aws_appautoscaling_policy resources and no target,
 * which a module elsewhere registers (resource_id = var.x).  The
 * scenario names the scalable target (`resource`, with `capacity`), and
 * the policies whose resource_id comes to it are simulated; a policy
 * tied to a target of these files that has no instance is left out, as
 * its target is.
 */
static tt_code read_alone(tf *t)
{
	static const char *const keys[3] = {"resource_id", "scalable_dimension",
	                                    "service_namespace"};
	resource *policies = NULL;
	size_t n = 0, untied = 0, used = 0, other = 0, n_skipped = 0;
	char skipped[SKIPPED_MAX] = "";
	tt_code rc = collect(t, POLICY_TYPE, &policies, &n);

	for (size_t i = 0; !rc && i < n; i++) {
		target_ref named = {NULL, 0, false};
		target_refs(tt_node_map_get(policies[i].body, "resource_id"),
		            &named, 0);
		if (!named.name)
			untied++;
	}
	if (!rc && untied == 0)
		rc = tt_diag_set(t->d, TT_EINVAL, t->in->at,
		                 "no " TARGET_TYPE " in the Terraform files");
	else if (!rc && !t->s->resource)
		rc = tt_diag_set(t->d, TT_EINVAL, t->in->at,
		                 "no " TARGET_TYPE " in the Terraform files, "
		                 "only scaling policies: give the scalable "
		                 "target they scale in the scenario "
		                 "('resource', with 'capacity')");
	for (size_t i = 0; !rc && i < n; i++) {
		const resource *p = &policies[i];
		target_ref named = {NULL, 0, false};
		const char *ids[3] = {NULL, NULL, NULL};
		tt_loc locs[3];
		target_refs(tt_node_map_get(p->body, "resource_id"), &named, 0);
		if (named.name) {
			other++;
			continue;
		}
		for (size_t k = 0; !rc && k < 3; k++) {
			rc = string_attr(t, p->body, keys[k], &ids[k],
			                 &locs[k]);
			if (rc && k > 0 && rc != TT_ENOMEM) {
				tt_diag_clear(t->d); /* the scenario's own */
				ids[k] = NULL;
				rc = TT_OK;
			}
		}
		if (rc)
			break;
		if (strcmp(ids[0], t->s->resource) != 0) {
			other++;
			continue;
		}
		if (p->count_unknown) {
			rc = count_error(t, POLICY_TYPE, p);
			break;
		}
		tt_aws_ids aws = {ids[0],  ids[1],  ids[2],
		                  locs[0], locs[1], locs[2]};
		if ((rc = tt_aws_claim(t->s, &aws, t->d)) ||
		    (rc = load_policy(t, p, &used, skipped, &n_skipped)))
			break;
	}
	if (!rc)
		rc = load_alarms(t);
	if (!rc && n_skipped)
		rc = tt_diag_list_add(&t->s->notes, TT_SEV_WARNING, t->in->at,
		                      "skipped %zu predictive scaling %s (ttsim "
		                      "simulates target tracking and step "
		                      "scaling): %s",
		                      n_skipped,
		                      n_skipped == 1 ? "policy" : "policies",
		                      skipped);
	if (!rc && used == 0)
		rc = tt_diag_set(
		        t->d, TT_EINVAL, t->in->at,
		        "no target-tracking or step scaling policy for '%s' "
		        "in the Terraform files (%zu for other scalable "
		        "targets)",
		        t->s->resource, other);
	else if (!rc && other)
		rc = tt_diag_list_add(
		        &t->s->notes, TT_SEV_NOTE, t->in->at,
		        "ignored %zu scaling %s of other scalable "
		        "targets",
		        other, other == 1 ? "policy" : "policies");
	free(policies);
	return rc;
}

/*
 * The target's aws_appautoscaling_scheduled_action resources (SPEC.md
 * 14.1), each converted to AWS's keys and read as CloudFormation's form
 * is (the target's names are the target's).
 */
static tt_code load_scheduled(tf *t, const resource *target,
                              const char *const ids[3], size_t n_targets)
{
	resource *acts = NULL;
	size_t n = 0;
	tt_code rc = collect(t, SCHEDULED_TYPE, &acts, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		const resource *r = &acts[i];
		tt_node *map = NULL;
		tt_scheduled_action a;
		char what[160];
		bool mine;
		if ((rc = belongs(t, r->body, target, ids, n_targets, &mine)) ||
		    !mine)
			continue;
		if (r->count_unknown) {
			rc = count_error(t, SCHEDULED_TYPE, r);
			break;
		}
		snprintf(what, sizeof what, SCHEDULED_TYPE ".%s", r->name);
		if ((rc = convert(t, r->body, scheduled_fields, what, &map)))
			break;
		rc = tt_scheduled_action_read(map, TT_SA_FORM_CFN, what, NULL,
		                              &a, t->d);
		tt_node_free(map);
		if (!rc)
			rc = tt_sv_scheduled_add(t->s, &a, t->d);
	}
	free(acts);
	return rc;
}

static tt_code read_all(tf *t, tt_aws_capacity *cap)
{
	resource *targets = NULL, *policies = NULL;
	size_t n_targets = 0, n_policies = 0, used = 0, other = 0,
	       n_skipped = 0;
	char skipped[SKIPPED_MAX] = "";
	const resource *target = NULL;
	const char *ids[3] = {NULL, NULL, NULL};
	tt_code rc;

	if ((rc = collect(t, TARGET_TYPE, &targets, &n_targets)))
		goto out;
	if (n_targets == 0 && !t->in->target) {
		rc = read_alone(t);
		goto out;
	}
	if ((rc = pick_target(t, targets, n_targets, &target)) ||
	    (rc = claim(t, target, ids)) || (rc = capacity(t, target, cap)) ||
	    (rc = collect(t, POLICY_TYPE, &policies, &n_policies)))
		goto out;
	for (size_t i = 0; i < n_policies; i++) {
		bool mine;
		if ((rc = belongs(t, policies[i].body, target, ids, n_targets,
		                  &mine)))
			goto out;
		if (!mine) {
			other++;
			continue;
		}
		if (policies[i].count_unknown) {
			rc = count_error(t, POLICY_TYPE, &policies[i]);
			goto out;
		}
		if ((rc = load_policy(t, &policies[i], &used, skipped,
		                      &n_skipped)))
			goto out;
	}
	if ((rc = load_alarms(t)))
		goto out;
	if ((rc = load_scheduled(t, target, ids, n_targets)))
		goto out;
	if (n_skipped &&
	    (rc = tt_diag_list_add(&t->s->notes, TT_SEV_WARNING, target->loc,
	                           "skipped %zu predictive scaling %s of "
	                           TARGET_TYPE ".%s (ttsim simulates target "
	                           "tracking and step scaling): %s",
	                           n_skipped,
	                           n_skipped == 1 ? "policy" : "policies",
	                           target->name, skipped)))
		goto out;
	if (used == 0) {
		rc = tt_diag_set(
		        t->d, TT_EINVAL, target->loc,
		        "no target-tracking or step scaling policy for "
		        TARGET_TYPE ".%s in the Terraform files",
		        target->name);
		goto out;
	}
	if (other)
		rc = tt_diag_list_add(
		        &t->s->notes, TT_SEV_NOTE, target->loc,
		        "ignored %zu scaling %s of other scalable "
		        "targets",
		        other, other == 1 ? "policy" : "policies");
out:
	free(targets);
	free(policies);
	return rc;
}

/* ---- terraform show -json ---- */

/* Move entry `key` out of `map` (its value is returned, the entry goes). */
static tt_node *take(tt_node *map, const char *key)
{
	for (size_t i = 0;
	     map && map->kind == TT_NODE_MAP && i < map->u.map.count; i++) {
		tt_node_entry *e = &map->u.map.entries[i];
		if (strcmp(e->key, key) != 0)
			continue;
		tt_node *v = e->value;
		free(e->key);
		memmove(e, e + 1, (map->u.map.count - i - 1) * sizeof *e);
		map->u.map.count--;
		return v;
	}
	return NULL;
}

/* The map `root` -> key, made when missing. */
static tt_node *child_map(tf *t, tt_node *root, const char *key, tt_loc loc)
{
	tt_node *m = (tt_node *)tt_node_map_get(root, key);
	if (m)
		return m;
	if (!(m = tt_node_new(TT_NODE_MAP, loc)))
		return NULL;
	if (!push_entry(root, key, loc, m)) {
		tt_node_free(m);
		return NULL;
	}
	(void)t;
	return m;
}

/*
 * A policy whose resource_id is unknown until apply names its target in
 * the plan's configuration section: expressions.resource_id.references.
 */
static const char *config_target(const tt_node *config, const char *address)
{
	const tt_node *mod = tt_node_map_get(config, "root_module");
	const tt_node *res = mod ? tt_node_map_get(mod, "resources") : NULL;
	for (size_t i = 0;
	     res && res->kind == TT_NODE_SEQ && i < res->u.seq.count; i++) {
		const tt_node *r = res->u.seq.items[i];
		const tt_node *a = tt_node_map_get(r, "address");
		if (!a || !plain_scalar(a) || strcmp(a->u.scalar.text, address))
			continue;
		const tt_node *e = tt_node_map_get(r, "expressions");
		e = e ? tt_node_map_get(e, "resource_id") : NULL;
		e = e ? tt_node_map_get(e, "references") : NULL;
		for (size_t j = 0;
		     e && e->kind == TT_NODE_SEQ && j < e->u.seq.count; j++) {
			const tt_node *ref = e->u.seq.items[j];
			if (plain_scalar(ref) &&
			    strncmp(ref->u.scalar.text, TARGET_TYPE ".",
			            strlen(TARGET_TYPE ".")) == 0)
				return ref->u.scalar.text;
		}
	}
	return NULL;
}

/*
 * One module's resources into `out` (resource -> type -> name -> values),
 * child modules too; a module's resources are named by their address
 * without the type ("module.m.name").
 */
static tt_code plan_module(tf *t, tt_node *mod, const tt_node *config,
                           tt_node *out, int depth)
{
	tt_node *res = (tt_node *)tt_node_map_get(mod, "resources");
	const tt_node *kids = tt_node_map_get(mod, "child_modules");
	if (depth > 16)
		return tt_diag_set(t->d, TT_EINVAL, mod->loc,
		                   "modules nested deeper than 16");
	for (size_t i = 0;
	     res && res->kind == TT_NODE_SEQ && i < res->u.seq.count; i++) {
		tt_node *r = res->u.seq.items[i];
		const tt_node *type = tt_node_map_get(r, "type");
		const tt_node *addr = tt_node_map_get(r, "address");
		const tt_node *mode = tt_node_map_get(r, "mode");
		if (!type || !addr || !plain_scalar(type) ||
		    !plain_scalar(addr) ||
		    (mode && plain_scalar(mode) &&
		     strcmp(mode->u.scalar.text, "managed")) ||
		    (strcmp(type->u.scalar.text, TARGET_TYPE) &&
		     strcmp(type->u.scalar.text, POLICY_TYPE)))
			continue;
		/* "module.m.aws_x.y[0]" -> "module.m.y"; later instances of
		 * a counted resource are skipped below */
		const tt_node *rname = tt_node_map_get(r, "name");
		char name[256], conf[256];
		const char *a = addr->u.scalar.text;
		const char *at = strstr(a, type->u.scalar.text);
		size_t pre = at ? (size_t)(at - a) : 0;
		if (!rname || !plain_scalar(rname))
			continue;
		snprintf(name, sizeof name, "%.*s%s", (int)pre, a,
		         rname->u.scalar.text);
		snprintf(conf, sizeof conf, "%s.%s", type->u.scalar.text,
		         rname->u.scalar.text);
		tt_node *values = take(r, "values");
		if (!values)
			continue;
		if (values->kind != TT_NODE_MAP) {
			tt_node_free(values);
			return tt_diag_set(t->d, TT_EINVAL, r->loc,
			                   "'values' of '%s' is not a map", a);
		}
		const tt_node *rid = tt_node_map_get(values, "resource_id");
		const char *ref = NULL;
		/* the configuration's references, for the root module */
		if (strcmp(type->u.scalar.text, POLICY_TYPE) == 0 && pre == 0 &&
		    (!rid || is_null(rid)) &&
		    (ref = config_target(config, conf))) {
			tt_node *old = take(values, "resource_id");
			tt_node_free(old);
			tt_node *n = tt_node_new_scalar(TT_SCALAR_STRING,
			                                values->loc, ref,
			                                strlen(ref));
			if (n && !(n->tag = strdup("hcl:ref"))) {
				tt_node_free(n);
				n = NULL;
			}
			if (!n || !push_entry(values, "resource_id",
			                      values->loc, n)) {
				tt_node_free(n);
				tt_node_free(values);
				return tt_diag_nomem(t->d, (tt_loc){0});
			}
		}
		tt_node *by_type =
		        child_map(t, out, type->u.scalar.text, r->loc);
		if (!by_type) {
			tt_node_free(values);
			return tt_diag_nomem(t->d, (tt_loc){0});
		}
		if (tt_node_map_get(by_type, name)) {
			tt_node_free(values);
			continue; /* a later instance of a counted resource */
		}
		if (!push_entry(by_type, name, r->loc, values)) {
			tt_node_free(values);
			return tt_diag_nomem(t->d, (tt_loc){0});
		}
	}
	for (size_t i = 0;
	     kids && kids->kind == TT_NODE_SEQ && i < kids->u.seq.count; i++) {
		tt_code rc = plan_module(t, kids->u.seq.items[i], config, out,
		                         depth + 1);
		if (rc)
			return rc;
	}
	return TT_OK;
}

/*
 * `terraform show -json` of a plan (planned_values) or of a state
 * (values), rebuilt as the tree a .tf file gives: resource -> type ->
 * name -> the resource's values, which need no evaluation.
 */
static tt_code load_plan(tf *t, const char *path)
{
	tt_doc json = {0};
	tt_code rc = tt_doc_load_json(path, path, &json, t->d);
	if (rc)
		return rc;
	tt_node *root = json.root;
	tt_node *values = (tt_node *)tt_node_map_get(root, "planned_values");
	if (!values)
		values = (tt_node *)tt_node_map_get(root, "values");
	tt_node *mod =
	        values ? (tt_node *)tt_node_map_get(values, "root_module")
	               : NULL;
	if (root->kind != TT_NODE_MAP || !mod || mod->kind != TT_NODE_MAP) {
		tt_doc_release(&json);
		return tt_diag_set(t->d, TT_EINVAL, (tt_loc){path, 1, 1},
		                   "not the output of 'terraform show -json': "
		                   "no planned_values.root_module or "
		                   "values.root_module");
	}
	tt_node *doc = tt_node_new(TT_NODE_MAP, root->loc);
	tt_node *res = doc ? child_map(t, doc, "resource", root->loc) : NULL;
	if (!res) {
		tt_node_free(doc);
		tt_doc_release(&json);
		return tt_diag_nomem(t->d, (tt_loc){0});
	}
	rc = plan_module(t, mod, tt_node_map_get(root, "configuration"), res,
	                 0);
	tt_doc_release(&json);
	if (rc) {
		tt_node_free(doc);
		return rc;
	}
	t->docs[0] = (tt_doc){doc, path};
	t->n_docs = t->n_tf = 1;
	t->plan = true;
	return TT_OK;
}

/* Every name in the scenario's vars must be a declared variable. */
static tt_code check_vars(tf *t)
{
	const tt_node *vars = t->in->vars;
	if (!vars)
		return TT_OK;
	for (size_t i = 0; i < vars->u.map.count; i++) {
		const tt_node_entry *e = &vars->u.map.entries[i];
		if (!find_labelled(t, "variable", e->key))
			return tt_diag_set(
			        t->d, TT_EINVAL, e->key_loc,
			        "no variable '%s' is declared in the "
			        "Terraform files",
			        e->key);
	}
	return TT_OK;
}

tt_code tt_tf_load(tt_scenario *s, const tt_tf_input *in, tt_aws_capacity *cap,
                   tt_diag *d)
{
	tf t = {.s = s, .in = in, .d = d};
	size_t n = in->n_files + in->n_var_files;
	tt_code rc = TT_OK;

	memset(cap, 0, sizeof *cap);

	t.docs = calloc(n ? n : 1, sizeof *t.docs);
	if (!t.docs)
		return tt_diag_nomem(t.d, (tt_loc){0});
	if (in->plan)
		rc = load_plan(&t, in->plan);
	for (size_t i = 0; i < n && !in->plan && !rc; i++) {
		const char *path = i < in->n_files
		                           ? in->files[i]
		                           : in->var_files[i - in->n_files];
		char *text = NULL;
		size_t len = 0;
		if (!(rc = tt_read_file(path, path, &text, &len, d)))
			rc = tt_doc_parse_hcl(text, len, path, &t.docs[i], d);
		free(text);
		if (!rc)
			t.n_docs++;
	}
	if (!in->plan)
		t.n_tf = in->n_files;
	if (!rc && !(rc = check_vars(&t)))
		rc = read_all(&t, cap);
	for (size_t i = 0; i < t.n_docs; i++)
		tt_doc_release(&t.docs[i]);
	free(t.docs);
	for (size_t i = 0; i < t.n_made; i++)
		tt_node_free(t.made[i]);
	free(t.made);
	free(t.step_labels);
	free(t.step_index);
	return rc;
}
