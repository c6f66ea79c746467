/*
 * hpa_config.c - a Kubernetes HorizontalPodAutoscaler manifest, read as
 * `kubectl apply` would take it, into a tt_hpa_config (SPEC.md 15).
 *
 * A manifest file holds one or several objects: YAML documents separated
 * by `---`, a JSON object, or a `kind: List` of them.  The loader keeps
 * the HorizontalPodAutoscalers, skips everything else (the Deployment and
 * the Service that usually sit beside one) and picks one by
 * metadata.name.  The reader then walks that object once, field by
 * field, checking each value where it is read, as the API server's
 * validation (pkg/apis/autoscaling/validation) would, in its words: an
 * error reads "spec.maxReplicas: Invalid value: 0: must be greater than
 * 0" at the value's line and column, so what a user already knows from
 * kubectl is what ttsim says.  Unknown keys are errors, as they are for
 * `kubectl apply` (strict field validation is its default), except under
 * metadata and status, which are free-form or the cluster's.
 *
 * Defaults are Kubernetes' (pkg/apis/autoscaling/v2/defaults.go):
 * minReplicas 1, and with `behavior` given the default rules for a
 * direction it leaves out, field by field.  The scale-down stabilization
 * window stays unset unless written: the controller's flag
 * (hpa.downscale_stabilization) applies then.
 *
 * Where ttsim departs from the API server it says so: an HPA without
 * metrics is an error here (upstream defaults to cpu at 80 %), and
 * minReplicas 0 (alpha, HPAScaleToZero) is accepted with a note.  What
 * ttsim reads differently from the manifest, or ignores although it
 * changes behaviour (a ContainerResource's container, a target's `type`
 * when the value fields say otherwise, autoscaling/v1's metric
 * annotations), is a warning.
 */
#include "hpa_config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k8s_manifest.h"
#include "scenario_values.h"
#include "ttsim/policy.h"

/* Longest field path a message shows:
 * "spec.behavior.scaleDown.policies[1234].periodSeconds" and the like. */

/* [code] pkg/apis/autoscaling/validation: the limits of HPAScalingRules. */
#define MAX_WINDOW_S 3600
#define MAX_PERIOD_S 1800

/* [code] pkg/apis/autoscaling/v2/defaults.go */
#define UP_PODS 4
#define UP_PERCENT 100
#define DOWN_PERCENT 100
#define DEFAULT_PERIOD_S 15

#define KIND_HPA "HorizontalPodAutoscaler"

/* apimachinery's message for a value that is not a quantity. */
#define QUANTITY_FORMAT                                                        \
	"quantities must match the regular expression "                        \
	"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

/* ---- quantities ---- */

/* A decimal SI suffix and its power of ten. */
static const struct {
	const char *suffix;
	int exp10;
} decimal_si[] = {{"n", -9}, {"u", -6}, {"m", -3}, {"", 0},   {"k", 3},
                  {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};

static const char *const binary_si[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

/* A decimal suffix's power of ten: the SI ones, or an exponent e/E. */
static bool decimal_exponent(const char *suffix, int *exp10)
{
	for (size_t i = 0; i < sizeof decimal_si / sizeof *decimal_si; i++) {
		if (!strcmp(suffix, decimal_si[i].suffix)) {
			*exp10 = decimal_si[i].exp10;
			return true;
		}
	}
	if (*suffix != 'e' && *suffix != 'E')
		return false;
	/* [+-]digits; a few of them: 1e400 is no finite double anyway */
	const char *e = suffix + 1;
	int sign = 1;
	if (*e == '+' || *e == '-')
		sign = *e++ == '-' ? -1 : 1;
	size_t n = strlen(e);
	if (n == 0 || n > 4 || strspn(e, "0123456789") != n)
		return false;
	*exp10 = sign * (int)strtol(e, NULL, 10); /* at most 4 digits */
	return true;
}

/*
 * apimachinery's parseQuantityString, as a number: a sign, digits with at
 * most one '.', then a suffix.  The decimal forms are converted by strtod
 * from "<number>e<exp>", so "500m" is the double nearest 0.5 rather than
 * 500 times an inexact 0.001; the binary ones are exact multiplications
 * by a power of two.
 */
bool tt_hpa_quantity(const char *text, double *out)
{
	const char *p = text;
	size_t digits = 0;
	char buf[96];
	double v;

	if (*p == '+' || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	size_t num_len = (size_t)(p - text);
	if (!digits || num_len + 16 > sizeof buf)
		return false;
	memcpy(buf, text, num_len);
	buf[num_len] = '\0';

	size_t binary = sizeof binary_si / sizeof *binary_si;
	for (size_t i = 0; i < sizeof binary_si / sizeof *binary_si; i++)
		if (!strcmp(p, binary_si[i]))
			binary = i;
	if (binary < sizeof binary_si / sizeof *binary_si) {
		v = ldexp(strtod(buf, NULL), 10 * ((int)binary + 1));
	} else {
		int exp10;
		if (!decimal_exponent(p, &exp10))
			return false;
		snprintf(buf + num_len, sizeof buf - num_len, "e%d", exp10);
		v = strtod(buf, NULL);
	}
	if (!isfinite(v))
		return false;
	*out = v == 0 ? 0.0 : v;
	return true;
}

/* ---- messages in Kubernetes' words ---- */

typedef struct reader {
	tt_diag_list *notes;
	tt_diag *d;
	bool v1; /* autoscaling/v1 */
} reader;

/* "Unsupported value": `names` in Kubernetes' order (sorted). */
static tt_code unsupported(tt_diag *d, tt_loc at, const char *path,
                           const char *given, const char *const *names)
{
	char list[256], buf[128];
	size_t used = 0;
	list[0] = '\0';
	for (size_t i = 0; names[i] && used < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used,
		                         "%s\"%s\"", i ? ", " : "", names[i]);
	return tt_diag_set(d, TT_EINVAL, at,
	                   "%s: Unsupported value: \"%s\": supported values: "
	                   "%s",
	                   path, tt_k8s_shown(given, buf, sizeof buf), list);
}

static tt_code forbidden(tt_diag *d, tt_loc at, const char *path,
                         const char *detail)
{
	return tt_diag_set(d, TT_EINVAL, at, "%s: Forbidden: %s", path, detail);
}

/* ---- values ---- */

/* A quantity field: a string, or a number as JSON writes it. */
static tt_code quantity_field(const tt_node *n, const char *path, double *out,
                              tt_diag *d)
{
	if (n->kind != TT_NODE_SCALAR || n->tag ||
	    n->u.scalar.kind == TT_SCALAR_BOOL ||
	    strlen(n->u.scalar.text) != n->u.scalar.len)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "expected a quantity for '%s' (\"500m\", "
		                   "\"2Gi\", 10), got %s",
		                   path,
		                   n->kind == TT_NODE_MAP   ? "a map"
		                   : n->kind == TT_NODE_SEQ ? "a sequence"
		                                            : "a boolean");
	if (!tt_hpa_quantity(n->u.scalar.text, out))
		return tt_k8s_invalid_text(d, TT_EINVAL, n->loc, path,
		                           n->u.scalar.text, QUANTITY_FORMAT);
	return TT_OK;
}

/* A positive quantity: a target's value or averageValue. */
static tt_code positive_quantity(const tt_node *n, const char *path,
                                 double *out, tt_diag *d)
{
	tt_code rc = quantity_field(n, path, out, d);
	if (rc)
		return rc;
	if (!(*out > 0))
		return tt_k8s_invalid_text(d, TT_ERANGE, n->loc, path,
		                           n->u.scalar.text,
		                           "must be positive");
	return TT_OK;
}

static char *dup_at(const char *s, tt_loc at, tt_diag *d)
{
	char *copy = tt_sv_strdup(s);
	if (!copy)
		tt_diag_nomem(d, at);
	return copy;
}

/* ---- metric targets ---- */

/* A MetricTarget as written; the source decides which value it uses. */
typedef struct target {
	const tt_node *map;
	const char *type;
	const tt_node *type_n;
	const tt_node *util_n, *avg_n, *value_n;
	int64_t util;
	double avg, value;
} target;

/* [code] validateMetricTarget: the type, and each value given. */
static tt_code read_target(const reader *r, const tt_node *src,
                           const char *src_path, target *t)
{
	static const char *const keys[] = {"type", "value", "averageValue",
	                                   "averageUtilization", NULL};
	char base[TT_K8S_PATH_LEN], path[TT_K8S_PATH_LEN];
	tt_code rc;

	memset(t, 0, sizeof *t);
	tt_k8s_child(base, src_path, "target");
	t->map = tt_k8s_get(src, "target");
	if (!t->map)
		return tt_k8s_required(r->d, src->loc,
		                       tt_k8s_child(path, base, "type"),
		                       "must specify a metric target type");
	if ((rc = tt_k8s_object(t->map, base, keys, r->d)))
		return rc;
	if (!(t->type_n = tt_k8s_get(t->map, "type")))
		return tt_k8s_required(r->d, t->map->loc,
		                       tt_k8s_child(path, base, "type"),
		                       "must specify a metric target type");
	if ((rc = tt_node_string(t->type_n, tt_k8s_child(path, base, "type"),
	                         &t->type, r->d)))
		return rc;
	if (strcmp(t->type, "Utilization") && strcmp(t->type, "Value") &&
	    strcmp(t->type, "AverageValue"))
		return tt_k8s_invalid_text(
		        r->d, TT_EINVAL, t->type_n->loc, path, t->type,
		        "must be either Utilization, Value, or "
		        "AverageValue");
	if ((t->value_n = tt_k8s_get(t->map, "value")) &&
	    (rc = positive_quantity(t->value_n,
	                            tt_k8s_child(path, base, "value"),
	                            &t->value, r->d)))
		return rc;
	if ((t->avg_n = tt_k8s_get(t->map, "averageValue")) &&
	    (rc = positive_quantity(t->avg_n,
	                            tt_k8s_child(path, base, "averageValue"),
	                            &t->avg, r->d)))
		return rc;
	if ((t->util_n = tt_k8s_get(t->map, "averageUtilization"))) {
		tt_k8s_child(path, base, "averageUtilization");
		if ((rc = tt_k8s_int32_field(t->util_n, path, &t->util, r->d)))
			return rc;
		if (t->util < 1)
			return tt_k8s_invalid_int(r->d, t->util_n->loc, path,
			                          t->util,
			                          "must be greater than 0");
	}
	return TT_OK;
}

/*
 * A target whose `type` names another field than the one the controller
 * reads: Kubernetes goes by the fields, and so does ttsim, saying so.
 */
static tt_code type_ignored(const reader *r, const target *t,
                            const char *src_path, const char *used)
{
	static const struct {
		const char *type, *field;
	} fields[] = {{"Utilization", "averageUtilization"},
	              {"AverageValue", "averageValue"},
	              {"Value", "value"}};
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(t->type, fields[i].type) &&
		    strcmp(used, fields[i].field))
			return tt_diag_list_add(
			        r->notes, TT_SEV_WARNING, t->type_n->loc,
			        "%s.target.type is %s, but the target given is "
			        "'%s': Kubernetes' controller reads '%s', and "
			        "so does ttsim",
			        src_path, t->type, used, used);
	return TT_OK;
}

/* ---- metric sources ---- */

/* `metric: {name, selector}` of Pods, Object and External. */
static tt_code metric_name(const reader *r, const tt_node *src,
                           const char *src_path, const char **name)
{
	static const char *const keys[] = {"name", "selector", NULL};
	char base[TT_K8S_PATH_LEN], path[TT_K8S_PATH_LEN];
	const tt_node *m = tt_k8s_get(src, "metric");
	tt_code rc;

	tt_k8s_child(base, src_path, "metric");
	if (!m)
		return tt_k8s_required(r->d, src->loc,
		                       tt_k8s_child(path, base, "name"),
		                       "must specify a metric name");
	if ((rc = tt_k8s_object(m, base, keys, r->d)))
		return rc;
	/* the selector picks a series; ttsim has one per name */
	return tt_k8s_required_string(m, "name", base,
	                              "must specify a metric name", name, r->d);
}

/* Resource, or ContainerResource (`container` set) read as Resource. */
static tt_code read_resource(const reader *r, const tt_node *src,
                             const char *path, bool container, tt_hpa_metric *m)
{
	static const char *const keys[] = {"name", "target", NULL};
	static const char *const ckeys[] = {"name", "container", "target",
	                                    NULL};
	char sub[TT_K8S_PATH_LEN], buf[64];
	const char *name, *cname;
	target t;
	tt_code rc;

	if ((rc = tt_k8s_object(src, path, container ? ckeys : keys, r->d)) ||
	    (rc = tt_k8s_required_string(src, "name", path,
	                                 "must specify a resource name", &name,
	                                 r->d)) ||
	    (container &&
	     (rc = tt_k8s_required_string(src, "container", path,
	                                  "must specify a container", &cname,
	                                  r->d))) ||
	    (rc = read_target(r, src, path, &t)))
		return rc;
	if (!t.util_n && !t.avg_n)
		return tt_k8s_required(
		        r->d, t.map->loc,
		        tt_k8s_child(sub, path, "target.averageUtilization"),
		        "must set either a target raw value or a "
		        "target utilization");
	if (t.util_n && t.avg_n)
		return tt_k8s_invalid_text(
		        r->d, TT_EINVAL, t.avg_n->loc,
		        tt_k8s_child(sub, path, "target.averageValue"),
		        t.avg_n->u.scalar.text,
		        "may not set both a target raw value and a "
		        "target utilization");
	if (strcmp(name, "cpu") && strcmp(name, "memory"))
		return tt_diag_set(r->d, TT_EUNSUPPORTED,
		                   tt_k8s_get(src, "name")->loc,
		                   "%s.name: resource '%s' is not simulated "
		                   "(ttsim reads cpu, and memory from a model "
		                   "under 'metrics:')",
		                   path, tt_k8s_shown(name, buf, sizeof buf));
	if (container &&
	    (rc = tt_diag_list_add(r->notes, TT_SEV_WARNING, src->loc,
	                           "%s: read as a Resource metric of the "
	                           "whole pod: a ttsim pod is one container, "
	                           "so 'container: %s' selects nothing",
	                           path, tt_k8s_shown(cname, buf, sizeof buf))))
		return rc;
	/* [code] replica_calculator: averageValue wins, else utilization */
	if ((rc = type_ignored(r, &t, path,
	                       t.avg_n ? "averageValue"
	                               : "averageUtilization")))
		return rc;
	m->type = TT_HPA_RESOURCE;
	m->target_type = t.avg_n ? TT_HPA_AVERAGE_VALUE : TT_HPA_UTILIZATION;
	m->target = t.avg_n ? t.avg : (double)t.util;
	return (m->name = dup_at(name, src->loc, r->d)) ? TT_OK : TT_ENOMEM;
}

static tt_code read_pods(const reader *r, const tt_node *src, const char *path,
                         tt_hpa_metric *m)
{
	static const char *const keys[] = {"metric", "target", NULL};
	char sub[TT_K8S_PATH_LEN];
	const char *name;
	target t;
	tt_code rc;

	if ((rc = tt_k8s_object(src, path, keys, r->d)) ||
	    (rc = metric_name(r, src, path, &name)) ||
	    (rc = read_target(r, src, path, &t)))
		return rc;
	if (!t.avg_n)
		return tt_k8s_required(
		        r->d, t.map->loc,
		        tt_k8s_child(sub, path, "target.averageValue"),
		        "must specify a positive target averageValue");
	if ((rc = type_ignored(r, &t, path, "averageValue")))
		return rc;
	m->type = TT_HPA_PODS;
	m->target_type = TT_HPA_AVERAGE_VALUE;
	m->target = t.avg;
	return (m->name = dup_at(name, src->loc, r->d)) ? TT_OK : TT_ENOMEM;
}

static tt_code read_object(const reader *r, const tt_node *src,
                           const char *path, tt_hpa_metric *m)
{
	static const char *const keys[] = {"describedObject", "metric",
	                                   "target", NULL};
	static const char *const ref_keys[] = {"apiVersion", "kind", "name",
	                                       NULL};
	char base[TT_K8S_PATH_LEN], sub[TT_K8S_PATH_LEN];
	const char *name, *v;
	const tt_node *obj;
	target t;
	tt_code rc;

	if ((rc = tt_k8s_object(src, path, keys, r->d)))
		return rc;
	tt_k8s_child(base, path, "describedObject");
	if (!(obj = tt_k8s_get(src, "describedObject")))
		return tt_k8s_required(
		        r->d, src->loc, tt_k8s_child(sub, base, "kind"),
		        "must specify the kind of the referenced "
		        "object");
	if ((rc = tt_k8s_object(obj, base, ref_keys, r->d)) ||
	    (rc = tt_k8s_required_string(
	             obj, "kind", base,
	             "must specify the kind of the referenced "
	             "object",
	             &v, r->d)) ||
	    (rc = tt_k8s_required_string(
	             obj, "name", base,
	             "must specify the name of the referenced "
	             "object",
	             &v, r->d)) ||
	    (rc = metric_name(r, src, path, &name)) ||
	    (rc = read_target(r, src, path, &t)))
		return rc;
	if (!t.value_n && !t.avg_n)
		return tt_k8s_required(
		        r->d, t.map->loc,
		        tt_k8s_child(sub, path, "target.averageValue"),
		        "must set either a target value or "
		        "averageValue");
	/* [code] horizontal.go reads an Object metric by its type; any
	 * other pairing fails to get the metric at every sync */
	bool avg = !strcmp(t.type, "AverageValue");
	if (!strcmp(t.type, "Utilization"))
		return tt_k8s_invalid_text(
		        r->d, TT_EINVAL, t.type_n->loc,
		        tt_k8s_child(sub, path, "target.type"), t.type,
		        "an Object metric's target is Value or "
		        "AverageValue");
	if (avg ? !t.avg_n : !t.value_n)
		return tt_k8s_required(
		        r->d, t.map->loc,
		        tt_k8s_child(sub, path,
		                     avg ? "target.averageValue"
		                         : "target.value"),
		        avg ? "type AverageValue reads 'averageValue' "
		              "(Kubernetes' controller would fail to "
		              "get this metric)"
		            : "type Value reads 'value' (Kubernetes' "
		              "controller would fail to get this "
		              "metric)");
	m->type = TT_HPA_OBJECT;
	m->target_type = avg ? TT_HPA_AVERAGE_VALUE : TT_HPA_VALUE;
	m->target = avg ? t.avg : t.value;
	return (m->name = dup_at(name, src->loc, r->d)) ? TT_OK : TT_ENOMEM;
}

static tt_code read_external(const reader *r, const tt_node *src,
                             const char *path, tt_hpa_metric *m)
{
	static const char *const keys[] = {"metric", "target", NULL};
	char sub[TT_K8S_PATH_LEN];
	const char *name;
	target t;
	tt_code rc;

	if ((rc = tt_k8s_object(src, path, keys, r->d)) ||
	    (rc = metric_name(r, src, path, &name)) ||
	    (rc = read_target(r, src, path, &t)))
		return rc;
	if (!t.value_n && !t.avg_n)
		return tt_k8s_required(
		        r->d, t.map->loc,
		        tt_k8s_child(sub, path, "target.averageValue"),
		        "must set either a target value for metric or "
		        "a per-pod target");
	if (t.value_n && t.avg_n)
		return tt_k8s_invalid_text(
		        r->d, TT_EINVAL, t.value_n->loc,
		        tt_k8s_child(sub, path, "target.value"),
		        t.value_n->u.scalar.text,
		        "may not set both a target value for metric "
		        "and a per-pod target");
	/* [code] horizontal.go: averageValue when given, else value */
	if ((rc = type_ignored(r, &t, path,
	                       t.avg_n ? "averageValue" : "value")))
		return rc;
	m->type = TT_HPA_EXTERNAL;
	m->target_type = t.avg_n ? TT_HPA_AVERAGE_VALUE : TT_HPA_VALUE;
	m->target = t.avg_n ? t.avg : t.value;
	return (m->name = dup_at(name, src->loc, r->d)) ? TT_OK : TT_ENOMEM;
}

/* The source types, sorted as Kubernetes lists them, and their fields. */
static const char *const source_types[] = {
        "ContainerResource", "External", "Object", "Pods", "Resource", NULL};
static const char *const source_fields[] = {
        "containerResource", "external", "object", "pods", "resource", NULL};

/* [code] validateMetricSpec, then the source of the type given. */
static tt_code read_metric(const reader *r, const tt_node *item,
                           const char *path, tt_hpa_metric *m)
{
	static const char *const keys[] = {
	        "type",     "resource",          "pods", "object",
	        "external", "containerResource", NULL};
	char sub[TT_K8S_PATH_LEN];
	const char *type;
	const tt_node *n;
	size_t k;
	tt_code rc;

	m->loc = item->loc;
	if ((rc = tt_k8s_object(item, path, keys, r->d)))
		return rc;
	if (!(n = tt_k8s_get(item, "type")))
		return tt_k8s_required(r->d, item->loc,
		                       tt_k8s_child(sub, path, "type"),
		                       "must specify a metric source type");
	if ((rc = tt_node_string(n, tt_k8s_child(sub, path, "type"), &type,
	                         r->d)))
		return rc;
	for (k = 0; source_types[k]; k++)
		if (!strcmp(type, source_types[k]))
			break;
	if (!source_types[k])
		return unsupported(r->d, n->loc, sub, type, source_types);
	const tt_node *src = tt_k8s_get(item, source_fields[k]);
	if (!src)
		return tt_k8s_required(
		        r->d, item->loc,
		        tt_k8s_child(sub, path, source_fields[k]),
		        "must populate information for the given metric "
		        "source");
	for (size_t i = 0; source_fields[i]; i++)
		if (i != k && tt_k8s_get(item, source_fields[i]))
			return forbidden(
			        r->d, tt_k8s_key_loc(item, source_fields[i]),
			        tt_k8s_child(sub, path, source_fields[i]),
			        "must populate the given metric source "
			        "only");
	tt_k8s_child(sub, path, source_fields[k]);
	switch (k) {
	case 0:
		return read_resource(r, src, sub, true, m);
	case 1:
		return read_external(r, src, sub, m);
	case 2:
		return read_object(r, src, sub, m);
	case 3:
		return read_pods(r, src, sub, m);
	default:
		return read_resource(r, src, sub, false, m);
	}
}

static tt_code read_metrics(const reader *r, const tt_node *spec,
                            tt_hpa_config *c)
{
	char path[TT_K8S_PATH_LEN];
	const tt_node *seq = tt_k8s_get(spec, "metrics");
	tt_code rc;

	if (!seq || (seq->kind == TT_NODE_SEQ && seq->u.seq.count == 0))
		return tt_k8s_required(
		        r->d, seq ? seq->loc : spec->loc, "spec.metrics",
		        "ttsim needs at least one metric (Kubernetes "
		        "would default to cpu at 80% utilization)");
	if ((rc = tt_node_expect_seq(seq, "spec.metrics", r->d)))
		return rc;
	size_t n = seq->u.seq.count;
	if (!(c->metrics = calloc(n, sizeof *c->metrics)))
		return tt_diag_nomem(r->d, seq->loc);
	bool object_or_external = false;
	for (size_t i = 0; i < n; i++) {
		c->n_metrics = i + 1; /* counted first: release frees it */
		if ((rc = read_metric(r, seq->u.seq.items[i],
		                      tt_k8s_indexed(path, "spec.metrics", i),
		                      &c->metrics[i])))
			return rc;
		object_or_external |= c->metrics[i].type == TT_HPA_OBJECT ||
		                      c->metrics[i].type == TT_HPA_EXTERNAL;
	}
	/* [code] validateMetrics: at zero pods only an Object or External
	 * metric can be read */
	if (c->min_replicas == 0 && !object_or_external)
		return forbidden(r->d, seq->loc, "spec.metrics",
		                 "must specify at least one Object or External "
		                 "metric to support scaling to zero replicas");
	return TT_OK;
}

/* ---- behavior ---- */

static const char *const select_names[] = {"Disabled", "Max", "Min", NULL};
static const tt_hpa_select select_values[] = {
        TT_HPA_SELECT_DISABLED, TT_HPA_SELECT_MAX, TT_HPA_SELECT_MIN};

static tt_code set_policies(tt_hpa_rules *rules, const tt_hpa_policy *p,
                            size_t n, tt_diag *d)
{
	if (!(rules->policies = calloc(n, sizeof *rules->policies)))
		return tt_diag_nomem(d, (tt_loc){0});
	memcpy(rules->policies, p, n * sizeof *p);
	rules->n_policies = n;
	return TT_OK;
}

/* [code] GenerateHPAScaleUpRules / GenerateHPAScaleDownRules */
static tt_code default_rules(tt_hpa_rules *rules, bool up, tt_diag *d)
{
	static const tt_hpa_policy up_policies[] = {
	        {false, UP_PODS, DEFAULT_PERIOD_S * TT_US_PER_S},
	        {true, UP_PERCENT, DEFAULT_PERIOD_S * TT_US_PER_S}};
	static const tt_hpa_policy down_policies[] = {
	        {true, DOWN_PERCENT, DEFAULT_PERIOD_S * TT_US_PER_S}};

	memset(rules, 0, sizeof *rules);
	rules->select = TT_HPA_SELECT_MAX;
	/* scale-up's window is 0; scale-down's the controller's flag */
	rules->has_window = up;
	return up ? set_policies(rules, up_policies, 2, d)
	          : set_policies(rules, down_policies, 1, d);
}

/* [code] validateScalingPolicy */
static tt_code read_policy(const reader *r, const tt_node *item,
                           const char *path, tt_hpa_policy *p)
{
	static const char *const keys[] = {"type", "value", "periodSeconds",
	                                   NULL};
	static const char *const types[] = {"Percent", "Pods", NULL};
	char sub[TT_K8S_PATH_LEN];
	const tt_node *n;
	const char *type;
	int64_t v;
	tt_code rc;

	if ((rc = tt_k8s_object(item, path, keys, r->d)))
		return rc;
	if (!(n = tt_k8s_get(item, "type")))
		return tt_k8s_required(r->d, item->loc,
		                       tt_k8s_child(sub, path, "type"), NULL);
	if ((rc = tt_node_string(n, tt_k8s_child(sub, path, "type"), &type,
	                         r->d)))
		return rc;
	if (strcmp(type, "Pods") && strcmp(type, "Percent"))
		return unsupported(r->d, n->loc, sub, type, types);
	p->percent = !strcmp(type, "Percent");

	if (!(n = tt_k8s_get(item, "value")))
		return tt_k8s_required(r->d, item->loc,
		                       tt_k8s_child(sub, path, "value"), NULL);
	if ((rc = tt_k8s_int32_field(n, tt_k8s_child(sub, path, "value"), &v,
	                             r->d)))
		return rc;
	if (v <= 0)
		return tt_k8s_invalid_int(r->d, n->loc, sub, v,
		                          "must be greater than zero");
	p->value = (int)v;

	if (!(n = tt_k8s_get(item, "periodSeconds")))
		return tt_k8s_required(r->d, item->loc,
		                       tt_k8s_child(sub, path, "periodSeconds"),
		                       NULL);
	if ((rc = tt_k8s_int32_field(
	             n, tt_k8s_child(sub, path, "periodSeconds"), &v, r->d)))
		return rc;
	if (v <= 0)
		return tt_k8s_invalid_int(r->d, n->loc, sub, v,
		                          "must be greater than zero");
	if (v > MAX_PERIOD_S)
		return tt_k8s_invalid_int(r->d, n->loc, sub, v,
		                          "must be less than or equal to 1800");
	p->period_us = v * TT_US_PER_S;
	return TT_OK;
}

/* [code] validateScalingRules, over the defaults of its direction: a
 * field given replaces the default's, policies as a whole. */
static tt_code read_rules(const reader *r, const tt_node *n, const char *path,
                          bool up, tt_hpa_rules *rules)
{
	static const char *const keys[] = {"stabilizationWindowSeconds",
	                                   "selectPolicy", "policies",
	                                   "tolerance", NULL};
	char sub[TT_K8S_PATH_LEN];
	const tt_node *v;
	int64_t i64;
	tt_code rc;

	if ((rc = default_rules(rules, up, r->d)) || !n)
		return rc;
	if ((rc = tt_k8s_object(n, path, keys, r->d)))
		return rc;
	if ((v = tt_k8s_get(n, "stabilizationWindowSeconds"))) {
		tt_k8s_child(sub, path, "stabilizationWindowSeconds");
		if ((rc = tt_k8s_int32_field(v, sub, &i64, r->d)))
			return rc;
		if (i64 < 0)
			return tt_k8s_invalid_int(
			        r->d, v->loc, sub, i64,
			        "must be greater than or equal to "
			        "zero");
		if (i64 > MAX_WINDOW_S)
			return tt_k8s_invalid_int(
			        r->d, v->loc, sub, i64,
			        "must be less than or equal to 3600");
		rules->has_window = true;
		rules->window_us = i64 * TT_US_PER_S;
	}
	if ((v = tt_k8s_get(n, "selectPolicy"))) {
		const char *s;
		size_t k;
		tt_k8s_child(sub, path, "selectPolicy");
		if ((rc = tt_node_string(v, sub, &s, r->d)))
			return rc;
		for (k = 0; select_names[k] && strcmp(s, select_names[k]); k++)
			;
		if (!select_names[k])
			return unsupported(r->d, v->loc, sub, s, select_names);
		rules->select = select_values[k];
	}
	if ((v = tt_k8s_get(n, "policies"))) {
		tt_k8s_child(sub, path, "policies");
		if ((rc = tt_node_expect_seq(v, sub, r->d)))
			return rc;
		size_t count = v->u.seq.count;
		if (count == 0)
			return tt_k8s_required(
			        r->d, v->loc, sub,
			        "must specify at least one Policy");
		tt_hpa_policy *p = calloc(count, sizeof *p);
		if (!p)
			return tt_diag_nomem(r->d, v->loc);
		free(rules->policies);
		rules->policies = p;
		rules->n_policies = count;
		for (size_t i = 0; i < count; i++) {
			char item[TT_K8S_PATH_LEN];
			if ((rc = read_policy(r, v->u.seq.items[i],
			                      tt_k8s_indexed(item, sub, i),
			                      &p[i])))
				return rc;
		}
	}
	if ((v = tt_k8s_get(n, "tolerance"))) {
		tt_k8s_child(sub, path, "tolerance");
		if ((rc = quantity_field(v, sub, &rules->tolerance, r->d)))
			return rc;
		if (rules->tolerance < 0)
			return tt_k8s_invalid_text(
			        r->d, TT_ERANGE, v->loc, sub, v->u.scalar.text,
			        "must be greater than or equal to "
			        "zero");
		rules->has_tolerance = true;
	}
	return TT_OK;
}

/* A behavior object `b` (NULL: none) whose field path is `path`: the
 * HPA's spec.behavior, or a KEDA ScaledObject's (keda_config.c). */
static tt_code read_behavior(const reader *r, const tt_node *b,
                             const char *path, tt_hpa_config *c)
{
	static const char *const keys[] = {"scaleUp", "scaleDown", NULL};
	char sub[TT_K8S_PATH_LEN];
	tt_code rc;

	/* absent or null: the legacy path (SPEC.md 15.2) */
	if (!b ||
	    (b->kind == TT_NODE_SCALAR && b->u.scalar.kind == TT_SCALAR_NULL))
		return TT_OK;
	if ((rc = tt_k8s_object(b, path, keys, r->d)))
		return rc;
	c->has_behavior = true;
	if ((rc = read_rules(r, tt_k8s_get(b, "scaleUp"),
	                     tt_k8s_child(sub, path, "scaleUp"), true, &c->up)))
		return rc;
	return read_rules(r, tt_k8s_get(b, "scaleDown"),
	                  tt_k8s_child(sub, path, "scaleDown"), false,
	                  &c->down);
}

tt_code tt_hpa_behavior_read(const tt_node *behavior, const char *path,
                             tt_diag_list *notes, tt_hpa_config *c, tt_diag *d)
{
	reader r = {notes, d, false};
	return read_behavior(&r, behavior, path, c);
}

/* ---- the object ---- */

/* metadata: the name, and autoscaling/v1's annotations that carry v2
 * fields, which ttsim does not read. */
static tt_code read_metadata(const reader *r, const tt_node *root,
                             tt_hpa_config *c)
{
	static const char *const carried[] = {
	        "autoscaling.alpha.kubernetes.io/metrics",
	        "autoscaling.alpha.kubernetes.io/behavior", NULL};
	const tt_node *md = tt_k8s_get(root, "metadata"), *ann;
	const char *name;
	tt_code rc;

	if (!md)
		return tt_k8s_required(r->d, root->loc, "metadata.name",
		                       "name or generateName is required");
	if ((rc = tt_node_expect_map(md, "metadata", r->d)) ||
	    (rc = tt_k8s_required_string(md, "name", "metadata",
	                                 "name or generateName is required",
	                                 &name, r->d)))
		return rc;
	if (!(c->name = dup_at(name, md->loc, r->d)))
		return TT_ENOMEM;
	if (!(ann = tt_k8s_get(md, "annotations")) || ann->kind != TT_NODE_MAP)
		return TT_OK;
	for (size_t i = 0; carried[i]; i++) {
		const tt_node_entry *e = tt_node_map_find(ann, carried[i]);
		if (e && (rc = tt_diag_list_add(
		                  r->notes, TT_SEV_WARNING, e->key_loc,
		                  "annotation '%s' is ignored: ttsim reads the "
		                  "fields of autoscaling/v2 (spec.metrics, "
		                  "spec.behavior)",
		                  carried[i])))
			return rc;
	}
	return TT_OK;
}

static tt_code read_target_ref(const reader *r, const tt_node *spec)
{
	static const char *const keys[] = {"apiVersion", "kind", "name", NULL};
	const tt_node *ref = tt_k8s_get(spec, "scaleTargetRef");
	const char *v;
	tt_code rc;

	/* which workload does not matter: ttsim simulates its pods */
	if (!ref)
		return tt_k8s_required(r->d, spec->loc, "spec.scaleTargetRef",
		                       NULL);
	if ((rc = tt_k8s_object(ref, "spec.scaleTargetRef", keys, r->d)) ||
	    (rc = tt_k8s_required_string(ref, "kind", "spec.scaleTargetRef",
	                                 NULL, &v, r->d)))
		return rc;
	return tt_k8s_required_string(ref, "name", "spec.scaleTargetRef", NULL,
	                              &v, r->d);
}

static tt_code read_replicas(const reader *r, const tt_node *spec,
                             tt_hpa_config *c)
{
	const tt_node *n;
	int64_t v;
	tt_code rc;

	c->min_replicas = 1;
	if ((n = tt_k8s_get(spec, "minReplicas"))) {
		if ((rc = tt_k8s_int32_field(n, "spec.minReplicas", &v, r->d)))
			return rc;
		if (v < 0 || (v == 0 && r->v1))
			return tt_k8s_invalid_int(
			        r->d, n->loc, "spec.minReplicas", v,
			        v < 0 ? "must be greater than or "
			                "equal to 0"
			              : "must be greater than or "
			                "equal to 1 (scaling to "
			                "zero needs an Object or "
			                "External metric, which "
			                "autoscaling/v1 cannot give)");
		c->min_replicas = (int)v;
		if (v == 0 &&
		    (rc = tt_diag_list_add(
		             r->notes, TT_SEV_NOTE, n->loc,
		             "minReplicas 0 needs the alpha feature gate "
		             "HPAScaleToZero (off by default in Kubernetes); "
		             "ttsim simulates it")))
			return rc;
	}
	if (!(n = tt_k8s_get(spec, "maxReplicas")))
		return tt_k8s_required(r->d, spec->loc, "spec.maxReplicas",
		                       NULL);
	if ((rc = tt_k8s_int32_field(n, "spec.maxReplicas", &v, r->d)))
		return rc;
	if (v < 1)
		return tt_k8s_invalid_int(r->d, n->loc, "spec.maxReplicas", v,
		                          "must be greater than 0");
	if (v < c->min_replicas)
		return tt_k8s_invalid_int(r->d, n->loc, "spec.maxReplicas", v,
		                          "must be greater than or equal to "
		                          "`minReplicas`");
	if (v > TT_SV_CAPACITY_MAX)
		return tt_k8s_invalid_int(
		        r->d, n->loc, "spec.maxReplicas", v,
		        "ttsim simulates at most 100000 replicas");
	c->max_replicas = (int)v;
	return TT_OK;
}

/* autoscaling/v1's one metric: cpu Utilization, and no behavior. */
static tt_code read_v1_metric(const reader *r, const tt_node *spec,
                              tt_hpa_config *c)
{
	static const char path[] = "spec.targetCPUUtilizationPercentage";
	const tt_node *n = tt_k8s_get(spec, "targetCPUUtilizationPercentage");
	int64_t v;
	tt_code rc;

	if (!n)
		return tt_k8s_required(r->d, spec->loc, path,
		                       "ttsim needs a target (Kubernetes would "
		                       "default to 80)");
	if ((rc = tt_k8s_int32_field(n, path, &v, r->d)))
		return rc;
	if (v < 1)
		return tt_k8s_invalid_int(r->d, n->loc, path, v,
		                          "must be greater than 0");
	if (!(c->metrics = calloc(1, sizeof *c->metrics)))
		return tt_diag_nomem(r->d, n->loc);
	c->n_metrics = 1;
	c->metrics[0] = (tt_hpa_metric){TT_HPA_RESOURCE, NULL,
	                                TT_HPA_UTILIZATION, (double)v, n->loc};
	return (c->metrics[0].name = dup_at("cpu", n->loc, r->d)) ? TT_OK
	                                                          : TT_ENOMEM;
}

/* apiVersion: v2; v2beta2 (the same fields) with a note; v1 with its
 * own spec; anything else refused, saying why. */
static tt_code read_api_version(reader *r, const tt_node *root)
{
	const tt_node *n = tt_k8s_get(root, "apiVersion");
	const char *v;
	tt_code rc;

	if (!n)
		return tt_k8s_required(r->d, root->loc, "apiVersion",
		                       "ttsim reads autoscaling/v2");
	if ((rc = tt_node_string(n, "apiVersion", &v, r->d)))
		return rc;
	if (!strcmp(v, "autoscaling/v2"))
		return TT_OK;
	if (!strcmp(v, "autoscaling/v2beta2"))
		return tt_diag_list_add(
		        r->notes, TT_SEV_NOTE, n->loc,
		        "autoscaling/v2beta2 (removed in Kubernetes 1.26) is "
		        "read as autoscaling/v2, which has the same fields");
	if (!strcmp(v, "autoscaling/v1")) {
		r->v1 = true;
		return tt_diag_list_add(
		        r->notes, TT_SEV_NOTE, n->loc,
		        "autoscaling/v1: targetCPUUtilizationPercentage is "
		        "read "
		        "as one cpu Utilization metric, without behavior");
	}
	if (!strcmp(v, "autoscaling/v2beta1"))
		return tt_k8s_invalid_text(
		        r->d, TT_EUNSUPPORTED, n->loc, "apiVersion", v,
		        "autoscaling/v2beta1 (removed in Kubernetes "
		        "1.25) is not read: write it as "
		        "autoscaling/v2");
	return tt_k8s_invalid_text(
	        r->d, TT_EUNSUPPORTED, n->loc, "apiVersion", v,
	        "ttsim reads autoscaling/v2 (also v2beta2 and "
	        "v1)");
}

static tt_code read_config(reader *r, const tt_node *root, tt_hpa_config *c)
{
	static const char *const keys[] = {"apiVersion", "kind",   "metadata",
	                                   "spec",       "status", NULL};
	static const char *const v2_keys[] = {"scaleTargetRef", "minReplicas",
	                                      "maxReplicas",    "metrics",
	                                      "behavior",       NULL};
	static const char *const v1_keys[] = {
	        "scaleTargetRef", "minReplicas", "maxReplicas",
	        "targetCPUUtilizationPercentage", NULL};
	const tt_node *n, *spec;
	const char *kind;
	tt_code rc;

	if ((rc = tt_k8s_object(root, KIND_HPA, keys, r->d)))
		return rc;
	c->loc = root->loc;
	if (!(n = tt_k8s_get(root, "kind")))
		return tt_k8s_required(r->d, root->loc, "kind", NULL);
	if ((rc = tt_node_string(n, "kind", &kind, r->d)))
		return rc;
	if (strcmp(kind, KIND_HPA))
		return tt_k8s_invalid_text(
		        r->d, TT_EINVAL, n->loc, "kind", kind,
		        "ttsim reads a HorizontalPodAutoscaler");
	if ((rc = read_api_version(r, root)) ||
	    (rc = read_metadata(r, root, c)))
		return rc;
	if (!(spec = tt_k8s_get(root, "spec")))
		return tt_k8s_required(r->d, root->loc, "spec", NULL);
	if ((rc = tt_k8s_object(spec, "spec", r->v1 ? v1_keys : v2_keys,
	                        r->d)) ||
	    (rc = read_target_ref(r, spec)) || (rc = read_replicas(r, spec, c)))
		return rc;
	if (r->v1)
		return read_v1_metric(r, spec, c);
	if ((rc = read_metrics(r, spec, c)))
		return rc;
	return read_behavior(r, tt_k8s_get(spec, "behavior"), "spec.behavior",
	                     c);
}

tt_code tt_hpa_config_read(const tt_node *root, tt_diag_list *notes,
                           tt_hpa_config *out, tt_diag *d)
{
	reader r = {notes, d, false};
	tt_hpa_config c;

	memset(&c, 0, sizeof c);
	memset(out, 0, sizeof *out);
	tt_code rc = read_config(&r, root, &c);
	if (rc) {
		tt_hpa_config_release(&c);
		return rc;
	}
	*out = c;
	return TT_OK;
}

static void rules_release(tt_hpa_rules *r)
{
	free(r->policies);
	r->policies = NULL;
	r->n_policies = 0;
}

void tt_hpa_config_release(tt_hpa_config *c)
{
	if (!c)
		return;
	free(c->name);
	for (size_t i = 0; i < c->n_metrics; i++)
		free(c->metrics[i].name);
	free(c->metrics);
	rules_release(&c->up);
	rules_release(&c->down);
	memset(c, 0, sizeof *c);
}

/* ---- picking the HPA out of a file ---- */

/* The HPA among a manifest's objects (k8s_manifest.h). */
static const tt_k8s_want want_hpa = {
        KIND_HPA, "ScaledObject",
        "; a KEDA ScaledObject is for 'controller: keda'", "hpa.name"};

tt_code tt_hpa_config_parse(const char *text, size_t len, const char *name,
                            const tt_k8s_which *which,
                            tt_diag_list *notes, tt_hpa_config *out, tt_diag *d)
{
	tt_k8s_manifest m;
	const tt_node *obj;
	memset(out, 0, sizeof *out);
	tt_code rc = tt_k8s_pick(text, len, name, &want_hpa, which, &m, &obj, d);
	if (!rc)
		rc = tt_hpa_config_read(obj, notes, out, d);
	tt_k8s_manifest_release(&m);
	return rc;
}

/* One HPA of a file checked, and a note saying how a scenario reads it. */
static tt_code check_one(const tt_node *obj, size_t count, void *arg,
                         tt_diag *d)
{
	tt_diag_list *notes = arg;
	tt_hpa_config h;
	tt_code rc = tt_hpa_config_read(obj, notes, &h, d);
	if (!rc)
		rc = tt_diag_list_add(
		        notes, TT_SEV_NOTE, h.loc,
		        "HorizontalPodAutoscaler '%s' (%d to %d replicas, %zu "
		        "metric%s) runs in a scenario with 'controller: hpa' "
		        "and 'hpa: {file: FILE%s%s}'",
		        h.name, h.min_replicas, h.max_replicas, h.n_metrics,
		        h.n_metrics == 1 ? "" : "s",
		        count > 1 ? ", name: " : "", count > 1 ? h.name : "");
	tt_hpa_config_release(&h);
	return rc;
}

tt_code tt_hpa_config_check(const char *text, size_t len, const char *name,
                            tt_diag_list *notes, size_t *n, tt_diag *d)
{
	return tt_k8s_each(text, len, name, &want_hpa, check_one, notes, n, d);
}

tt_code tt_hpa_config_load(const char *path, const tt_k8s_which *which,
                           tt_diag_list *notes, tt_hpa_config *out, tt_diag *d)
{
	char *text;
	size_t len;

	memset(out, 0, sizeof *out);
	tt_code rc = tt_read_file(path, path, &text, &len, d);
	if (rc)
		return rc;
	rc = tt_hpa_config_parse(text, len, path, which, notes, out, d);
	free(text);
	return rc;
}
