/*
 * keda_config.c - a KEDA ScaledObject (keda.sh/v1alpha1), read as
 * `kubectl apply` would take it, into KEDA's own settings and the
 * HorizontalPodAutoscaler KEDA creates for it (SPEC.md 15.3).
 *
 * KEDA splits the work: it polls its triggers every pollingInterval and
 * takes the target from 0 to 1 pod and back (activation, cooldownPeriod),
 * while an HPA it writes, with one External metric per trigger (cpu and
 * memory triggers: Resource metrics), scales from 1 to N.  So one
 * ScaledObject becomes two structs: a tt_keda_config for KEDA's part and
 * a tt_hpa_config for the HPA, which the HPA controller (hpa.c) runs as
 * it runs any manifest's.
 *
 * A trigger names an event source ttsim does not have (a Prometheus
 * query, an SQS queue), so each is mapped to something ttsim measures:
 *
 *   cpu, memory       Resource cpu / memory (memory needs a model)
 *   aws-sqs-queue     queue_length: the requests waiting
 *   anything else     the metric the trigger's `name` names (or its
 *                     metadata.metricName): requests_per_second,
 *                     concurrent_requests, queue_length or a model
 *
 * and its target and activation threshold are read from the metadata
 * keys KEDA's scaler of that type reads (the table below; unknown types:
 * threshold, targetValue or value).  The names are resolved once the
 * scenario's `metrics:` are read (scenario_hpa.c), as an HPA's are.
 *
 * As for the HPA (hpa_config.c), every field is checked where it is read
 * and errors name its path, in KEDA's words where KEDA has words for the
 * problem ("MinReplicaCount=5 must be less than MaxReplicaCount=3"), in
 * Kubernetes' otherwise; unknown keys are errors (a CRD's schema prunes
 * nothing under strict field validation) except under metadata and
 * status.  The HPA's behavior, under
 * spec.advanced.horizontalPodAutoscalerConfig, is read by hpa_config.c's
 * reader, so it means exactly what it means in an HPA manifest.
 */
#include "hpa_config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k8s_manifest.h"
#include "scenario_values.h"
#include "ttsim/policy.h"

/* Longest field path a message shows, as in hpa_config.c. */

#define KIND_SO "ScaledObject"
#define API_VERSION "keda.sh/v1alpha1"

/* [doc] KEDA "ScaledObject specification": the defaults. */
#define DEFAULT_MIN 0
#define DEFAULT_MAX 100
#define DEFAULT_POLLING_S 30
#define DEFAULT_COOLDOWN_S 300

/* apimachinery's message for a value that is not a quantity. */
#define QUANTITY_FORMAT                                                        \
	"quantities must match the regular expression "                        \
	"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

/* The names ttsim measures, for messages saying what to write. */
#define TTSIM_NAMES                                                            \
	"requests_per_second, concurrent_requests, queue_length or a "         \
	"model under 'metrics:'"

/* ---- trigger types ---- */

/* What a trigger of one type measures in ttsim, and where its scaler
 * reads its target and activation threshold. */
typedef enum source {
	SRC_CPU,    /* Resource cpu */
	SRC_MEMORY, /* Resource memory */
	SRC_QUEUE,  /* External queue_length */
	SRC_NAMED   /* External, named by the trigger */
} source;

typedef struct trigger_type {
	const char *type;
	source src;
	const char *target_key;     /* NULL: the generic keys */
	bool has_default;           /* the target may be left out */
	double target_default;      /* [doc] the scaler's default */
	const char *activation_key; /* default 0 */
} trigger_type;

/*
 * [doc] KEDA's scaler pages (2.17).  cpu and memory are listed for their
 * keys; their type comes from metricType (or the deprecated
 * metadata.type).
 */
static const trigger_type known_types[] = {
        {"cpu", SRC_CPU, "value", false, 0, "activationValue"},
        {"memory", SRC_MEMORY, "value", false, 0, "activationValue"},
        {"aws-sqs-queue", SRC_QUEUE, "queueLength", true, 5,
         "activationQueueLength"},
        {"prometheus", SRC_NAMED, "threshold", false, 0, "activationThreshold"},
        {"kafka", SRC_NAMED, "lagThreshold", true, 10,
         "activationLagThreshold"},
        {"redis", SRC_NAMED, "listLength", true, 5, "activationListLength"},
        {"azure-queue", SRC_NAMED, "queueLength", true, 5,
         "activationQueueLength"},
        {"azure-servicebus", SRC_NAMED, "messageCount", true, 5,
         "activationMessageCount"},
        {"aws-cloudwatch", SRC_NAMED, "targetMetricValue", false, 0,
         "activationTargetMetricValue"},
};

/* Any other type: the first of these keys that is given. */
static const char *const generic_targets[] = {"threshold", "targetValue",
                                              "value", NULL};
static const char *const generic_activations[] = {"activationThreshold",
                                                  "activationTargetValue",
                                                  "activationValue", NULL};

/* [code] ValidateTriggers: for these types metadata.metricName names the
 * source's own metric (a CloudWatch metric), not KEDA's. */
static const char *const own_metric_name[] = {
        "aws-cloudwatch", "huawei-cloudeye", "azure-monitor", NULL};

/* Types whose value is not a measurement ttsim can stand in for. */
static const struct {
	const char *type, *why;
} unsimulated_types[] = {
        {"cron", "its schedule, not a measured value, sets the replicas"},
};

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* ---- messages, as hpa_config.c words them ---- */

typedef struct reader {
	tt_diag_list *notes;
	tt_diag *d;
} reader;

/* ---- values ---- */

static char *dup_at(const char *s, tt_loc at, tt_diag *d)
{
	char *copy = tt_sv_strdup(s);
	if (!copy)
		tt_diag_nomem(d, at);
	return copy;
}

/* The JSON type a YAML plain scalar resolves to (sigs.k8s.io/yaml reads
 * YAML 1.1: yes, no, on and off are booleans too), or NULL: a string. */
static const char *plain_type(const tt_node *n)
{
	static const char *const bools[] = {
	        "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes",
	        "YES",  "no",   "No",   "NO",    "on",    "On",    "ON",  "off",
	        "Off",  "OFF",  "y",    "Y",     "n",     "N",     NULL};
	static const char *const nulls[] = {"",     "~",    "null",
	                                    "Null", "NULL", NULL};
	const char *t = n->u.scalar.text;
	if (in_list(t, nulls))
		return "null";
	if (in_list(t, bools))
		return "boolean";
	if (tt_node_is_number(n))
		return strpbrk(t, ".eE") ? "number" : "integer";
	return NULL;
}

/*
 * A value of a trigger's metadata, which the CRD types as a string (Go's
 * map[string]string): a plain `threshold: 10` is an integer to the API
 * server, refused in its words, with what to write.
 */
static tt_code meta_string(const tt_node *n, const char *path, const char **out,
                           tt_diag *d)
{
	const char *type = NULL;
	if (n->kind == TT_NODE_MAP)
		type = "object";
	else if (n->kind == TT_NODE_SEQ)
		type = "array";
	else if (n->tag)
		return tt_node_string(n, path, out, d); /* its own message */
	else if (n->u.scalar.kind == TT_SCALAR_NUMBER)
		type = strpbrk(n->u.scalar.text, ".eE") ? "number" : "integer";
	else if (n->u.scalar.kind == TT_SCALAR_BOOL)
		type = "boolean";
	else if (n->u.scalar.kind == TT_SCALAR_NULL)
		type = "null";
	else if (n->u.scalar.kind == TT_SCALAR_PLAIN)
		type = plain_type(n);
	if (type)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "%s: Invalid value: \"%s\": %s in body must "
		                   "be of type string: \"%s\" (KEDA's metadata "
		                   "is a map of strings: quote the value)",
		                   path, type, path, type);
	*out = n->u.scalar.text;
	return TT_OK;
}

/* ---- the trigger's values ---- */

/* A metadata value read as a Kubernetes quantity ("10", "0.5", "500m"). */
static tt_code meta_quantity(const tt_node *n, const char *path, double *out,
                             tt_diag *d)
{
	const char *text;
	tt_code rc = meta_string(n, path, &text, d);
	if (rc)
		return rc;
	if (!tt_hpa_quantity(text, out))
		return tt_k8s_invalid_text(d, TT_EINVAL, n->loc, path, text,
		                           QUANTITY_FORMAT);
	return TT_OK;
}

/* A target: positive, as the HPA's validation requires of it. */
static tt_code meta_target(const tt_node *n, const char *path, double *out,
                           tt_diag *d)
{
	tt_code rc = meta_quantity(n, path, out, d);
	if (rc)
		return rc;
	if (!(*out > 0))
		return tt_k8s_invalid_text(d, TT_ERANGE, n->loc, path,
		                           n->u.scalar.text,
		                           "must be positive");
	return TT_OK;
}

/* A Utilization target or activation: an integer percent, as KEDA's
 * cpu/memory scaler parses it (strconv.ParseInt). */
static tt_code meta_percent(const tt_node *n, const char *path, int64_t lo,
                            double *out, tt_diag *d)
{
	const char *text;
	char *end;
	tt_code rc = meta_string(n, path, &text, d);
	if (rc)
		return rc;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (end == text || *end || errno || v < INT32_MIN || v > INT32_MAX ||
	    strchr(text, ' '))
		return tt_k8s_invalid_text(
		        d, TT_EINVAL, n->loc, path, text,
		        "a Utilization value is a whole percent "
		        "(\"60\")");
	if (v < lo)
		return tt_k8s_invalid_text(
		        d, TT_ERANGE, n->loc, path, text,
		        lo > 0 ? "must be greater than 0"
		               : "must be greater than or equal to "
		                 "0");
	*out = (double)v;
	return TT_OK;
}

/* One trigger as it is read, before it becomes a metric. */
typedef struct trig {
	const tt_node *item, *meta;
	const char *path; /* "spec.triggers[0]" */
	const char *type;
	const trigger_type *known; /* NULL: the generic rule */
	const char *name;          /* `name`, or NULL */
	const tt_node *name_n;
	const char *metric_type; /* metricType, or NULL */
	const tt_node *metric_type_n;
} trig;

/* The metadata entry `key`, or NULL. */
static const tt_node *meta_get(const trig *t, const char *key)
{
	return tt_node_map_get(t->meta, key);
}

/*
 * cpu or memory: a Resource metric, Utilization (an integer percent of
 * the pods' requests) or AverageValue (a quantity per pod), from
 * metricType or the deprecated metadata.type, never both [code:
 * cpu_memory_scaler.go, in its words].
 */
static tt_code read_resource(const reader *r, const trig *t, tt_hpa_metric *m,
                             tt_keda_trigger *kt)
{
	char path[TT_K8S_PATH_LEN], buf[64];
	const tt_node *typ = meta_get(t, "type"), *v, *cn;
	const char *type = t->metric_type, *s;
	tt_loc type_loc =
	        t->metric_type_n ? t->metric_type_n->loc : t->item->loc;
	tt_code rc;

	if (typ) {
		tt_k8s_child(path, t->path, "metadata.type");
		if ((rc = meta_string(typ, path, &s, r->d)))
			return rc;
		if (*s && type)
			return tt_diag_set(
			        r->d, TT_EINVAL, typ->loc,
			        "%s: only one of trigger.metadata.type "
			        "or trigger.metricType should be "
			        "defined",
			        t->path);
		if (*s) {
			if ((rc = tt_diag_list_add(
			             r->notes, TT_SEV_NOTE, typ->loc,
			             "%s: trigger.metadata.type is deprecated "
			             "in favor of trigger.metricType (and "
			             "removed in KEDA 2.18)",
			             path)))
				return rc;
			type = s;
			type_loc = typ->loc;
		}
	}
	if (!type)
		return tt_diag_set(r->d, TT_EINVAL, t->item->loc,
		                   "%s: no type given in neither "
		                   "trigger.metadata.type or "
		                   "trigger.metricType",
		                   t->path);
	bool util = !strcmp(type, "Utilization");
	if (!util && strcmp(type, "AverageValue"))
		return tt_diag_set(r->d, TT_EINVAL, type_loc,
		                   "%s: unsupported metric type '%s', allowed "
		                   "values are 'Utilization' or 'AverageValue'",
		                   t->path,
		                   tt_k8s_shown(type, buf, sizeof buf));
	tt_k8s_child(path, t->path, "metadata.value");
	if (!(v = meta_get(t, "value")))
		return tt_k8s_required(r->d, t->meta->loc, path,
		                       "no value given");
	if ((rc = util ? meta_percent(v, path, 1, &m->target, r->d)
	               : meta_target(v, path, &m->target, r->d)))
		return rc;
	if ((v = meta_get(t, "activationValue"))) {
		tt_k8s_child(path, t->path, "metadata.activationValue");
		if ((rc = util ? meta_percent(v, path, 0, &kt->activation, r->d)
		               : meta_quantity(v, path, &kt->activation, r->d)))
			return rc;
	}
	if ((cn = meta_get(t, "containerName"))) {
		tt_k8s_child(path, t->path, "metadata.containerName");
		if ((rc = meta_string(cn, path, &s, r->d)))
			return rc;
		if (*s && (rc = tt_diag_list_add(
		                   r->notes, TT_SEV_WARNING, cn->loc,
		                   "%s: read as a Resource metric of the whole "
		                   "pod: a ttsim pod is one container, so "
		                   "'containerName: %s' selects nothing",
		                   t->path, tt_k8s_shown(s, buf, sizeof buf))))
			return rc;
	}
	m->type = TT_HPA_RESOURCE;
	m->target_type = util ? TT_HPA_UTILIZATION : TT_HPA_AVERAGE_VALUE;
	const char *name = t->known->src == SRC_CPU ? "cpu" : "memory";
	return (m->name = dup_at(name, t->item->loc, r->d)) ? TT_OK : TT_ENOMEM;
}

/* The metric a trigger of the generic rule names: its `name`, else
 * metadata.metricName (unless that names the source's own metric). */
static tt_code metric_name_of(const reader *r, const trig *t, const char **out)
{
	char path[TT_K8S_PATH_LEN], buf[64], nbuf[64];
	const tt_node *mn = meta_get(t, "metricName");
	const char *s = NULL;
	tt_code rc;

	if (mn && !in_list(t->type, own_metric_name)) {
		tt_k8s_child(path, t->path, "metadata.metricName");
		if ((rc = meta_string(mn, path, &s, r->d)))
			return rc;
		if (!*s)
			s = NULL;
	}
	if (t->name) {
		if (s && strcmp(s, t->name) &&
		    (rc = tt_diag_list_add(
		             r->notes, TT_SEV_WARNING, mn->loc,
		             "%s: metadata.metricName '%s' is ignored: the "
		             "trigger's name '%s' names the metric ttsim "
		             "measures",
		             t->path, tt_k8s_shown(s, buf, sizeof buf),
		             tt_k8s_shown(t->name, nbuf, sizeof nbuf))))
			return rc;
		*out = t->name;
		return TT_OK;
	}
	if (s) {
		*out = s;
		return TT_OK;
	}
	return tt_diag_set(r->d, TT_EINVAL, t->item->loc,
	                   "%s: ttsim cannot measure a '%s' trigger's "
	                   "source: give the trigger a 'name' that is the "
	                   "metric ttsim measures in its place (" TTSIM_NAMES
	                   ")",
	                   t->path, tt_k8s_shown(t->type, buf, sizeof buf));
}

/*
 * Every type but cpu and memory: an External metric, the trigger's
 * threshold per pod (metricType AverageValue, the default) or for the
 * whole (Value) [code: GetMetricTargetType].
 */
static tt_code read_external(const reader *r, const trig *t, tt_hpa_metric *m,
                             tt_keda_trigger *kt)
{
	char path[TT_K8S_PATH_LEN];
	const tt_node *v = NULL;
	const char *name = NULL;
	tt_code rc;

	if (t->metric_type && !strcmp(t->metric_type, "Utilization"))
		return tt_diag_set(
		        r->d, TT_EINVAL, t->metric_type_n->loc,
		        "%s.metricType: 'Utilization' metric type "
		        "is unsupported for external metrics, allowed "
		        "values are 'Value' or 'AverageValue'",
		        t->path);
	if (t->known && t->known->src == SRC_QUEUE)
		name = "queue_length";
	else if ((rc = metric_name_of(r, t, &name)))
		return rc;

	/* the target: the type's key, or the first generic key given */
	const char *key = t->known ? t->known->target_key : NULL;
	if (key) {
		v = meta_get(t, key);
	} else {
		for (size_t i = 0; generic_targets[i] && !v; i++)
			if ((v = meta_get(t, generic_targets[i])))
				key = generic_targets[i];
	}
	if (v) {
		char sub[TT_K8S_PATH_LEN];
		tt_k8s_child(sub, t->path, "metadata");
		if ((rc = meta_target(v, tt_k8s_child(path, sub, key),
		                      &m->target, r->d)))
			return rc;
	} else if (t->known && t->known->has_default) {
		m->target = t->known->target_default;
	} else {
		char sub[TT_K8S_PATH_LEN], buf[64];
		tt_k8s_child(sub, t->path, "metadata");
		if (t->known)
			return tt_k8s_required(
			        r->d, t->meta->loc,
			        tt_k8s_child(path, sub, t->known->target_key),
			        NULL);
		return tt_diag_set(r->d, TT_EINVAL, t->meta->loc,
		                   "%s: Required value: ttsim reads the target "
		                   "of a '%s' trigger from metadata.threshold, "
		                   "metadata.targetValue or metadata.value",
		                   sub, tt_k8s_shown(t->type, buf, sizeof buf));
	}

	/* the activation threshold: default 0 [doc] */
	v = NULL;
	key = t->known ? t->known->activation_key : NULL;
	if (key) {
		v = meta_get(t, key);
	} else {
		for (size_t i = 0; generic_activations[i] && !v; i++)
			if ((v = meta_get(t, generic_activations[i])))
				key = generic_activations[i];
	}
	if (v) {
		char sub[TT_K8S_PATH_LEN];
		tt_k8s_child(sub, t->path, "metadata");
		if ((rc = meta_quantity(v, tt_k8s_child(path, sub, key),
		                        &kt->activation, r->d)))
			return rc;
	}
	bool value = t->metric_type && !strcmp(t->metric_type, "Value");
	m->type = TT_HPA_EXTERNAL;
	m->target_type = value ? TT_HPA_VALUE : TT_HPA_AVERAGE_VALUE;
	return (m->name = dup_at(name, t->item->loc, r->d)) ? TT_OK : TT_ENOMEM;
}

/* spec.triggers[i]: the trigger, its metric, and KEDA's half of it. */
static tt_code read_trigger(const reader *r, const tt_node *item,
                            const char *path, tt_hpa_metric *m,
                            tt_keda_trigger *kt)
{
	static const char *const keys[] = {"type",
	                                   "name",
	                                   "useCachedMetrics",
	                                   "metadata",
	                                   "authenticationRef",
	                                   "metricType",
	                                   NULL};
	static const char *const ref_keys[] = {"name", "kind", NULL};
	static const char *const metric_types[] = {"AverageValue", "Value",
	                                           "Utilization", NULL};
	char sub[TT_K8S_PATH_LEN], buf[64];
	const tt_node *n;
	trig t;
	tt_code rc;

	memset(&t, 0, sizeof t);
	t.item = item;
	t.path = path;
	m->loc = kt->loc = item->loc;
	if ((rc = tt_k8s_object(item, path, keys, r->d)) ||
	    (rc = tt_k8s_required_string(item, "type", path, NULL, &t.type,
	                                 r->d)))
		return rc;
	if (!(kt->type = dup_at(t.type, item->loc, r->d)))
		return TT_ENOMEM;
	for (size_t i = 0;
	     i < sizeof unsimulated_types / sizeof *unsimulated_types; i++)
		if (!strcmp(t.type, unsimulated_types[i].type))
			return tt_diag_set(
			        r->d, TT_EUNSUPPORTED,
			        tt_k8s_get(item, "type")->loc,
			        "%s.type: a '%s' trigger is not simulated "
			        "(%s)",
			        path, unsimulated_types[i].type,
			        unsimulated_types[i].why);
	for (size_t i = 0; i < sizeof known_types / sizeof *known_types; i++)
		if (!strcmp(t.type, known_types[i].type))
			t.known = &known_types[i];
	if ((t.name_n = tt_k8s_get(item, "name"))) {
		if ((rc = tt_node_string(t.name_n,
		                         tt_k8s_child(sub, path, "name"),
		                         &t.name, r->d)))
			return rc;
		if (!*t.name)
			t.name = NULL;
	}
	if ((t.metric_type_n = tt_k8s_get(item, "metricType"))) {
		tt_k8s_child(sub, path, "metricType");
		if ((rc = tt_node_string(t.metric_type_n, sub, &t.metric_type,
		                         r->d)))
			return rc;
		if (!*t.metric_type) {
			t.metric_type = NULL;
		} else if (!in_list(t.metric_type, metric_types)) {
			return tt_diag_set(
			        r->d, TT_EINVAL, t.metric_type_n->loc,
			        "%s: Unsupported value: \"%s\": supported "
			        "values: \"AverageValue\", \"Utilization\", "
			        "\"Value\"",
			        sub,
			        tt_k8s_shown(t.metric_type, buf, sizeof buf));
		}
	}
	if ((n = tt_k8s_get(item, "useCachedMetrics"))) {
		bool cached;
		if ((rc = tt_node_bool(
		             n, tt_k8s_child(sub, path, "useCachedMetrics"),
		             &cached, r->d)))
			return rc;
		/* [code] ValidateTriggers */
		if (cached &&
		    (!strcmp(t.type, "cpu") || !strcmp(t.type, "memory")))
			return tt_diag_set(r->d, TT_EINVAL, n->loc,
			                   "%s: property \"useCachedMetrics\" "
			                   "is not supported for \"%s\" scaler",
			                   path, t.type);
	}
	/* which credentials does not matter: nothing is read from outside */
	if ((n = tt_k8s_get(item, "authenticationRef")) &&
	    (rc = tt_k8s_object(n, tt_k8s_child(sub, path, "authenticationRef"),
	                        ref_keys, r->d)))
		return rc;
	tt_k8s_child(sub, path, "metadata");
	if (!(t.meta = tt_k8s_get(item, "metadata")))
		return tt_k8s_required(r->d, item->loc, sub, NULL);
	if ((rc = tt_node_expect_map(t.meta, sub, r->d)))
		return rc;
	/* every value is a string, whether ttsim reads it or not */
	for (size_t i = 0; i < t.meta->u.map.count; i++) {
		char key_path[TT_K8S_PATH_LEN];
		const char *s;
		if ((rc = meta_string(
		             t.meta->u.map.entries[i].value,
		             tt_k8s_child(key_path, sub,
		                          t.meta->u.map.entries[i].key),
		             &s, r->d)))
			return rc;
	}
	if (t.known && t.known->src <= SRC_MEMORY) {
		if (t.metric_type && !strcmp(t.metric_type, "Value"))
			return tt_diag_set(r->d, TT_EINVAL,
			                   t.metric_type_n->loc,
			                   "%s.metricType: unsupported metric "
			                   "type, allowed values are "
			                   "'Utilization' or 'AverageValue'",
			                   path);
		return read_resource(r, &t, m, kt);
	}
	return read_external(r, &t, m, kt);
}

static tt_code read_triggers(const reader *r, const tt_node *spec,
                             tt_keda_config *k, tt_hpa_config *h)
{
	char path[TT_K8S_PATH_LEN], buf[64];
	const tt_node *seq = tt_k8s_get(spec, "triggers");
	tt_code rc;

	if (!seq || (seq->kind == TT_NODE_SEQ && seq->u.seq.count == 0))
		return tt_k8s_required(
		        r->d, seq ? seq->loc : spec->loc, "spec.triggers",
		        "a ScaledObject needs at least one trigger");
	if ((rc = tt_node_expect_seq(seq, "spec.triggers", r->d)))
		return rc;
	size_t n = seq->u.seq.count;
	if (!(h->metrics = calloc(n, sizeof *h->metrics)) ||
	    !(k->triggers = calloc(n, sizeof *k->triggers)))
		return tt_diag_nomem(r->d, seq->loc);
	for (size_t i = 0; i < n; i++) {
		/* counted first: release frees what is read */
		h->n_metrics = k->n_triggers = i + 1;
		if ((rc = read_trigger(r, seq->u.seq.items[i],
		                       tt_k8s_indexed(path, "spec.triggers", i),
		                       &h->metrics[i], &k->triggers[i])))
			return rc;
	}
	/* [code] ValidateTriggers: a trigger's name is unique */
	for (size_t i = 1; i < n; i++) {
		const tt_node *a = tt_k8s_get(seq->u.seq.items[i], "name");
		const char *an = a ? tt_sv_text(a) : "";
		if (!a || !*an)
			continue;
		for (size_t j = 0; j < i; j++) {
			const tt_node *b =
			        tt_k8s_get(seq->u.seq.items[j], "name");
			if (b && !strcmp(tt_sv_text(b), an))
				return tt_diag_set(
				        r->d, TT_EINVAL, a->loc,
				        "spec.triggers[%zu].name: triggerName "
				        "\"%s\" is defined multiple times in "
				        "the ScaledObject, but it must be "
				        "unique",
				        i, tt_k8s_shown(an, buf, sizeof buf));
		}
	}
	return TT_OK;
}

/* ---- replica counts and intervals ---- */

/* An optional int32 field of spec, at least `lo`. */
static tt_code spec_int(const reader *r, const tt_node *spec, const char *key,
                        int64_t lo, int64_t dflt, int64_t *out)
{
	char path[TT_K8S_PATH_LEN];
	const tt_node *n = tt_k8s_get(spec, key);
	tt_code rc;

	*out = dflt;
	if (!n)
		return TT_OK;
	tt_k8s_child(path, "spec", key);
	if ((rc = tt_k8s_int32_field(n, path, out, r->d)))
		return rc;
	if (*out < lo)
		return tt_k8s_invalid_int(
		        r->d, n->loc, path, *out,
		        lo > 0 ? "must be greater than 0"
		               : "must be greater than or equal to "
		                 "0");
	return TT_OK;
}

static tt_code read_counts(const reader *r, const tt_node *spec,
                           tt_keda_config *k)
{
	const tt_node *min_n = tt_k8s_get(spec, "minReplicaCount");
	const tt_node *idle_n = tt_k8s_get(spec, "idleReplicaCount");
	int64_t v, min, max;
	tt_code rc;

	if ((rc = spec_int(r, spec, "pollingInterval", 1, DEFAULT_POLLING_S,
	                   &v)))
		return rc;
	k->polling_us = v * TT_US_PER_S;
	if ((rc = spec_int(r, spec, "cooldownPeriod", 0, DEFAULT_COOLDOWN_S,
	                   &v)))
		return rc;
	k->cooldown_us = v * TT_US_PER_S;
	if ((rc = spec_int(r, spec, "initialCooldownPeriod", 0, 0, &v)))
		return rc;
	if (v > 0 && (rc = tt_diag_list_add(
	                      r->notes, TT_SEV_WARNING,
	                      tt_k8s_get(spec, "initialCooldownPeriod")->loc,
	                      "spec.initialCooldownPeriod is not simulated: "
	                      "the run starts as if the ScaledObject had "
	                      "been created long before")))
		return rc;
	if ((rc = spec_int(r, spec, "minReplicaCount", 0, DEFAULT_MIN, &min)) ||
	    (rc = spec_int(r, spec, "maxReplicaCount", 1, DEFAULT_MAX, &max)))
		return rc;
	if (max > TT_SV_CAPACITY_MAX)
		return tt_k8s_invalid_int(
		        r->d, tt_k8s_get(spec, "maxReplicaCount")->loc,
		        "spec.maxReplicaCount", max,
		        "ttsim simulates at most 100000 replicas");
	/* [code] CheckReplicaCountBoundsAreValid, in its words */
	if (min > max)
		return tt_diag_set(r->d, TT_ERANGE, min_n->loc,
		                   "spec.minReplicaCount: MinReplicaCount=%lld "
		                   "must be less than MaxReplicaCount=%lld",
		                   (long long)min, (long long)max);
	k->min_replicas = (int)min;
	k->max_replicas = (int)max;
	if (!idle_n)
		return TT_OK;
	if ((rc = tt_k8s_int32_field(idle_n, "spec.idleReplicaCount", &v,
	                             r->d)))
		return rc;
	/* KEDA compares with the HPA's minimum when minReplicaCount is
	 * given, else with 0 */
	int64_t hpa_min = !min_n ? 0 : min > 0 ? min : 1;
	if (v >= hpa_min)
		return tt_diag_set(
		        r->d, TT_ERANGE, idle_n->loc,
		        "spec.idleReplicaCount: IdleReplicaCount=%lld "
		        "must be less than MinReplicaCount=%lld",
		        (long long)v, (long long)hpa_min);
	if (v < 0)
		return tt_k8s_invalid_int(r->d, idle_n->loc,
		                          "spec.idleReplicaCount", v,
		                          "must be greater than or equal to 0");
	/* idle 0 with minReplicaCount 0 is scaling to zero as without it */
	if (min == 0)
		return TT_OK;
	return tt_diag_list_add(r->notes, TT_SEV_WARNING, idle_n->loc,
	                        "spec.idleReplicaCount is not simulated: "
	                        "with no trigger active ttsim keeps "
	                        "minReplicaCount (%lld) replicas, where KEDA "
	                        "would scale to %lld",
	                        (long long)min, (long long)v);
}

/* ---- the rest of spec ---- */

static tt_code read_target_ref(const reader *r, const tt_node *spec)
{
	static const char *const keys[] = {"name", "apiVersion", "kind",
	                                   "envSourceContainerName", NULL};
	const tt_node *ref = tt_k8s_get(spec, "scaleTargetRef");
	const char *v;
	tt_code rc;

	/* which workload does not matter: ttsim simulates its pods */
	if (!ref)
		return tt_k8s_required(r->d, spec->loc, "spec.scaleTargetRef",
		                       NULL);
	if ((rc = tt_k8s_object(ref, "spec.scaleTargetRef", keys, r->d)))
		return rc;
	return tt_k8s_required_string(ref, "name", "spec.scaleTargetRef", NULL,
	                              &v, r->d);
}

/* spec.advanced: the HPA's name and behavior; scaling modifiers are
 * refused (they replace the triggers' metrics by a formula). */
static tt_code read_advanced(const reader *r, const tt_node *spec,
                             const char *so_name, tt_hpa_config *h)
{
	static const char *const keys[] = {"horizontalPodAutoscalerConfig",
	                                   "restoreToOriginalReplicaCount",
	                                   "scalingModifiers", NULL};
	static const char *const hpa_keys[] = {"behavior", "name", NULL};
	static const char hpa_path[] =
	        "spec.advanced.horizontalPodAutoscalerConfig";
	const tt_node *adv = tt_k8s_get(spec, "advanced"), *hc = NULL, *n;
	const char *name = NULL;
	char path[TT_K8S_PATH_LEN];
	bool b;
	tt_code rc;

	if (adv) {
		if ((rc = tt_k8s_object(adv, "spec.advanced", keys, r->d)))
			return rc;
		if ((n = tt_k8s_get(adv, "restoreToOriginalReplicaCount")) &&
		    (rc = tt_node_bool(n,
		                       "spec.advanced."
		                       "restoreToOriginalReplicaCount",
		                       &b, r->d)))
			return rc;
		if ((n = tt_k8s_get(adv, "scalingModifiers")) &&
		    ((rc = tt_node_expect_map(
		              n, "spec.advanced.scalingModifiers", r->d)) ||
		     n->u.map.count > 0))
			return rc ? rc
			          : tt_diag_set(
			                    r->d, TT_EUNSUPPORTED, n->loc,
			                    "spec.advanced.scalingModifiers: "
			                    "ttsim does not simulate scaling "
			                    "modifiers (a formula over the "
			                    "triggers' metrics); without them "
			                    "each trigger is its own metric");
		if ((hc = tt_k8s_get(adv, "horizontalPodAutoscalerConfig")) &&
		    (rc = tt_k8s_object(hc, hpa_path, hpa_keys, r->d)))
			return rc;
		if (hc && (n = tt_k8s_get(hc, "name"))) {
			if ((rc = tt_node_string(
			             n, tt_k8s_child(path, hpa_path, "name"),
			             &name, r->d)))
				return rc;
			if (!*name)
				name = NULL;
		}
	}
	/* [code] getHpaName */
	if (name) {
		h->name = dup_at(name, spec->loc, r->d);
	} else {
		size_t len = strlen("keda-hpa-") + strlen(so_name) + 1;
		if ((h->name = malloc(len)))
			snprintf(h->name, len, "keda-hpa-%s", so_name);
		else
			tt_diag_nomem(r->d, spec->loc);
	}
	if (!h->name)
		return TT_ENOMEM;
	/* the HPA's behavior, read as an HPA manifest's */
	return tt_hpa_behavior_read(hc ? tt_k8s_get(hc, "behavior") : NULL,
	                            tt_k8s_child(path, hpa_path, "behavior"),
	                            r->notes, h, r->d);
}

/* [code] CheckFallbackValid, in its words; then a warning, since ttsim's
 * triggers never fail to report. */
static tt_code read_fallback(const reader *r, const tt_node *spec,
                             const tt_node *triggers)
{
	static const char *const keys[] = {"failureThreshold", "replicas",
	                                   "behavior", NULL};
	static const char *const behaviors[] = {
	        "currentReplicas", "currentReplicasIfHigher",
	        "currentReplicasIfLower", "static", NULL};
	const tt_node *fb = tt_k8s_get(spec, "fallback"), *n;
	int64_t threshold, replicas;
	char buf[64];
	tt_code rc;

	if (!fb)
		return TT_OK;
	if ((rc = tt_k8s_object(fb, "spec.fallback", keys, r->d)))
		return rc;
	if (!(n = tt_k8s_get(fb, "failureThreshold")))
		return tt_k8s_required(r->d, fb->loc,
		                       "spec.fallback.failureThreshold", NULL);
	if ((rc = tt_k8s_int32_field(n, "spec.fallback.failureThreshold",
	                             &threshold, r->d)))
		return rc;
	if (!(n = tt_k8s_get(fb, "replicas")))
		return tt_k8s_required(r->d, fb->loc, "spec.fallback.replicas",
		                       NULL);
	if ((rc = tt_k8s_int32_field(n, "spec.fallback.replicas", &replicas,
	                             r->d)))
		return rc;
	if ((n = tt_k8s_get(fb, "behavior"))) {
		const char *s;
		if ((rc = tt_node_string(n, "spec.fallback.behavior", &s,
		                         r->d)))
			return rc;
		if (!in_list(s, behaviors))
			return tt_diag_set(
			        r->d, TT_EINVAL, n->loc,
			        "spec.fallback.behavior: Unsupported value: "
			        "\"%s\": supported values: \"static\", "
			        "\"currentReplicas\", "
			        "\"currentReplicasIfHigher\", "
			        "\"currentReplicasIfLower\"",
			        tt_k8s_shown(s, buf, sizeof buf));
	}
	if (threshold < 0 || replicas < 0)
		return tt_diag_set(r->d, TT_ERANGE, fb->loc,
		                   "spec.fallback: FailureThreshold=%lld & "
		                   "Replicas=%lld must both be greater than or "
		                   "equal to 0",
		                   (long long)threshold, (long long)replicas);
	bool average = false;
	for (size_t i = 0; i < triggers->u.seq.count; i++) {
		const tt_node *t = triggers->u.seq.items[i];
		const char *type = tt_sv_text(tt_k8s_get(t, "type"));
		const tt_node *mt = tt_k8s_get(t, "metricType");
		if (!strcmp(type, "cpu") || !strcmp(type, "memory"))
			continue;
		if (!mt || !strcmp(tt_sv_text(mt), "AverageValue") ||
		    !*tt_sv_text(mt))
			average = true;
	}
	if (!average)
		return tt_diag_set(r->d, TT_EINVAL, fb->loc,
		                   "spec.fallback: at least one trigger (that "
		                   "is not cpu or memory) has to have the "
		                   "`AverageValue` type for the fallback to be "
		                   "enabled");
	return tt_diag_list_add(r->notes, TT_SEV_WARNING, fb->loc,
	                        "spec.fallback is not simulated: ttsim's "
	                        "triggers never fail to report, so the "
	                        "fallback's %lld replicas never apply",
	                        (long long)replicas);
}

/* [code] verifyCPUMemoryScalers: KEDA cannot take cpu or memory from 0
 * replicas (no pod reports them), so a ScaledObject with only those
 * triggers may not have minReplicaCount 0. */
static tt_code check_scale_to_zero(const reader *r, const tt_node *spec,
                                   const tt_keda_config *k)
{
	const tt_node *min_n = tt_k8s_get(spec, "minReplicaCount");
	if (k->min_replicas > 0)
		return TT_OK;
	for (size_t i = 0; i < k->n_triggers; i++)
		if (strcmp(k->triggers[i].type, "cpu") &&
		    strcmp(k->triggers[i].type, "memory"))
			return TT_OK;
	return tt_diag_set(r->d, TT_EINVAL,
	                   min_n ? min_n->loc
	                         : tt_k8s_key_loc(spec, "triggers"),
	                   "%s: scaledobject has only cpu/memory triggers "
	                   "AND minReplica is 0 (scale to zero doesn't work "
	                   "in this case)",
	                   min_n ? "spec.minReplicaCount" : "spec.triggers");
}

/* ---- the object ---- */

/* The pause annotations: ttsim simulates the object running. */
static tt_code read_metadata(const reader *r, const tt_node *root,
                             const char **name)
{
	static const char *const pausing[] = {
	        "autoscaling.keda.sh/paused",
	        "autoscaling.keda.sh/paused-replicas",
	        "autoscaling.keda.sh/paused-scale-down", NULL};
	static const char *const falses[] = {"0",     "f",     "F", "false",
	                                     "FALSE", "False", NULL};
	const tt_node *md = tt_k8s_get(root, "metadata"), *ann;
	tt_code rc;

	if (!md)
		return tt_k8s_required(r->d, root->loc, "metadata.name",
		                       "name or generateName is required");
	if ((rc = tt_node_expect_map(md, "metadata", r->d)) ||
	    (rc = tt_k8s_required_string(md, "name", "metadata",
	                                 "name or generateName is required",
	                                 name, r->d)))
		return rc;
	if (!(ann = tt_k8s_get(md, "annotations")) || ann->kind != TT_NODE_MAP)
		return TT_OK;
	for (size_t i = 0; pausing[i]; i++) {
		const tt_node_entry *e = tt_node_map_find(ann, pausing[i]);
		/* [code] getBoolAnnotation: what does not parse pauses */
		if (!e || (i != 1 && e->value->kind == TT_NODE_SCALAR &&
		           in_list(e->value->u.scalar.text, falses)))
			continue;
		if ((rc = tt_diag_list_add(
		             r->notes, TT_SEV_WARNING, e->key_loc,
		             "annotation '%s' is ignored: ttsim simulates the "
		             "ScaledObject as if it were not paused",
		             pausing[i])))
			return rc;
	}
	return TT_OK;
}

static tt_code read_api_version(const reader *r, const tt_node *root)
{
	const tt_node *n = tt_k8s_get(root, "apiVersion");
	const char *v;
	tt_code rc;

	if (!n)
		return tt_k8s_required(r->d, root->loc, "apiVersion",
		                       "ttsim reads " API_VERSION);
	if ((rc = tt_node_string(n, "apiVersion", &v, r->d)))
		return rc;
	if (!strcmp(v, API_VERSION))
		return TT_OK;
	if (!strcmp(v, "keda.k8s.io/v1alpha1"))
		return tt_k8s_invalid_text(
		        r->d, TT_EUNSUPPORTED, n->loc, "apiVersion", v,
		        "KEDA 1's ScaledObject is not read: write "
		        "it as " API_VERSION " (KEDA 2)");
	return tt_k8s_invalid_text(r->d, TT_EUNSUPPORTED, n->loc, "apiVersion",
	                           v, "ttsim reads " API_VERSION);
}

static tt_code read_object(const reader *r, const tt_node *root,
                           tt_keda_config *k, tt_hpa_config *h)
{
	static const char *const keys[] = {"apiVersion", "kind",   "metadata",
	                                   "spec",       "status", NULL};
	static const char *const spec_keys[] = {"scaleTargetRef",
	                                        "pollingInterval",
	                                        "initialCooldownPeriod",
	                                        "cooldownPeriod",
	                                        "idleReplicaCount",
	                                        "minReplicaCount",
	                                        "maxReplicaCount",
	                                        "advanced",
	                                        "triggers",
	                                        "fallback",
	                                        NULL};
	const tt_node *n, *spec;
	const char *kind, *name = NULL;
	tt_code rc;

	if ((rc = tt_k8s_object(root, KIND_SO, keys, r->d)))
		return rc;
	k->loc = h->loc = root->loc;
	if (!(n = tt_k8s_get(root, "kind")))
		return tt_k8s_required(r->d, root->loc, "kind", NULL);
	if ((rc = tt_node_string(n, "kind", &kind, r->d)))
		return rc;
	if (strcmp(kind, KIND_SO))
		return tt_k8s_invalid_text(r->d, TT_EINVAL, n->loc, "kind",
		                           kind, "ttsim reads a ScaledObject");
	if ((rc = read_api_version(r, root)) ||
	    (rc = read_metadata(r, root, &name)))
		return rc;
	if (!(k->name = dup_at(name, root->loc, r->d)))
		return TT_ENOMEM;
	if (!(spec = tt_k8s_get(root, "spec")))
		return tt_k8s_required(r->d, root->loc, "spec", NULL);
	/* an HPA's names for the bounds, too far from KEDA's for a hint */
	for (size_t i = 0; i < 2; i++) {
		static const char *const hpa_names[] = {"minReplicas",
		                                        "maxReplicas"};
		const tt_node_entry *e =
		        spec->kind == TT_NODE_MAP
		                ? tt_node_map_find(spec, hpa_names[i])
		                : NULL;
		if (e)
			return tt_diag_set(
			        r->d, TT_EINVAL, e->key_loc,
			        "unknown key '%s' in 'spec' (did you "
			        "mean '%sReplicaCount'?)",
			        hpa_names[i], i ? "max" : "min");
	}
	if ((rc = tt_k8s_object(spec, "spec", spec_keys, r->d)) ||
	    (rc = read_target_ref(r, spec)) || (rc = read_counts(r, spec, k)))
		return rc;
	/* [doc] KEDA owns 0 <-> 1; its HPA 1 <-> N */
	h->min_replicas = k->min_replicas > 0 ? k->min_replicas : 1;
	h->max_replicas = k->max_replicas;
	if ((rc = read_advanced(r, spec, name, h)) ||
	    (rc = read_triggers(r, spec, k, h)) ||
	    (rc = check_scale_to_zero(r, spec, k)))
		return rc;
	return read_fallback(r, spec, tt_k8s_get(spec, "triggers"));
}

tt_code tt_keda_config_read(const tt_node *root, tt_diag_list *notes,
                            tt_keda_config *keda, tt_hpa_config *hpa,
                            tt_diag *d)
{
	reader r = {notes, d};
	tt_keda_config k;
	tt_hpa_config h;

	memset(&k, 0, sizeof k);
	memset(&h, 0, sizeof h);
	memset(keda, 0, sizeof *keda);
	memset(hpa, 0, sizeof *hpa);
	tt_code rc = read_object(&r, root, &k, &h);
	if (rc) {
		tt_keda_config_release(&k);
		tt_hpa_config_release(&h);
		return rc;
	}
	*keda = k;
	*hpa = h;
	return TT_OK;
}

void tt_keda_config_release(tt_keda_config *c)
{
	if (!c)
		return;
	free(c->name);
	for (size_t i = 0; i < c->n_triggers; i++)
		free(c->triggers[i].type);
	free(c->triggers);
	memset(c, 0, sizeof *c);
}

/* ---- picking the ScaledObject out of a file ---- */

/* The ScaledObject among a manifest's objects (k8s_manifest.h). */
static const tt_k8s_want want_so = {
        KIND_SO, "HorizontalPodAutoscaler",
        "; a HorizontalPodAutoscaler is for 'controller: hpa'", "keda.name"};

tt_code tt_keda_config_parse(const char *text, size_t len, const char *name,
                             const tt_k8s_which *which,
                             tt_diag_list *notes, tt_keda_config *keda,
                             tt_hpa_config *hpa, tt_diag *d)
{
	tt_k8s_manifest m;
	const tt_node *obj;
	memset(keda, 0, sizeof *keda);
	memset(hpa, 0, sizeof *hpa);
	tt_code rc = tt_k8s_pick(text, len, name, &want_so, which, &m, &obj, d);
	if (!rc)
		rc = tt_keda_config_read(obj, notes, keda, hpa, d);
	tt_k8s_manifest_release(&m);
	return rc;
}

/* One ScaledObject of a file checked, and a note saying how a scenario
 * reads it. */
static tt_code check_one(const tt_node *obj, size_t count, void *arg,
                         tt_diag *d)
{
	tt_diag_list *notes = arg;
	tt_keda_config k;
	tt_hpa_config h;
	tt_code rc = tt_keda_config_read(obj, notes, &k, &h, d);
	if (!rc)
		rc = tt_diag_list_add(
		        notes, TT_SEV_NOTE, k.loc,
		        "ScaledObject '%s' (%d to %d replicas, %zu trigger%s) "
		        "runs in a scenario with 'controller: keda' and "
		        "'keda: {file: FILE%s%s}'",
		        k.name, k.min_replicas, k.max_replicas, k.n_triggers,
		        k.n_triggers == 1 ? "" : "s",
		        count > 1 ? ", name: " : "", count > 1 ? k.name : "");
	tt_keda_config_release(&k);
	tt_hpa_config_release(&h);
	return rc;
}

tt_code tt_keda_config_check(const char *text, size_t len, const char *name,
                             tt_diag_list *notes, size_t *n, tt_diag *d)
{
	return tt_k8s_each(text, len, name, &want_so, check_one, notes, n, d);
}

tt_code tt_keda_config_load(const char *path, const tt_k8s_which *which,
                            tt_diag_list *notes, tt_keda_config *keda,
                            tt_hpa_config *hpa, tt_diag *d)
{
	char *text;
	size_t len;

	memset(keda, 0, sizeof *keda);
	memset(hpa, 0, sizeof *hpa);
	tt_code rc = tt_read_file(path, path, &text, &len, d);
	if (rc)
		return rc;
	rc = tt_keda_config_parse(text, len, path, which, notes, keda,
	                          hpa, d);
	free(text);
	return rc;
}
