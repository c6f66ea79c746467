/*
 * scenario_hpa.c - which controller scales the scenario's target, and the
 * settings of the Kubernetes controllers (SPEC.md 15, 16).
 *
 *   controller: hpa                  # aws (default) | hpa | keda
 *   hpa:
 *     file: hpa.yaml                 # the manifest, as `kubectl apply` takes it
 *     name: web                      # which HPA, when the file holds several
 *     sync_period: 15s               # the controller's flags ...
 *     tolerance: 0.1
 *     downscale_stabilization: 300s
 *
 *   controller: keda
 *   keda:
 *     file: scaledobject.yaml        # a KEDA ScaledObject
 *     name: worker                   # which one, when the file holds several
 *     at_zero: queue                 # requests at 0 pods wait | fail
 *     tolerance: 0.1                 # the flags of the HPA KEDA creates
 *
 * With the HPA the manifest says what Application Auto Scaling's pieces
 * say otherwise: its minReplicas and maxReplicas are the capacity bounds
 * and its metrics the scaling policies; with KEDA the ScaledObject's
 * minReplicaCount, maxReplicaCount and triggers.  So the scenario must
 * not say them a second time: `policies:`, `capacity.min`/`max` and the
 * other AWS sections are errors at their key, each saying where the
 * controller takes the value from, rather than values silently unused.
 * For the same reason a block the chosen controller does not read
 * (`hpa:` under AWS or KEDA, `keda:` under AWS or the HPA) is an error,
 * as `inference_component:` is on another target.
 *
 * The metrics are resolved last, once `metrics:` and `simulation:` are
 * read: a name the manifest gives (an HPA metric's, a KEDA trigger's) is
 * a model declared under `metrics:`, else one of the built-in names
 * below.
 */
#include "scenario_hpa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overrides_node.h"
#include "scenario_values.h"
#include "ttsim/policy.h"

const char *const tt_sv_controller_names[] = {"aws", "hpa", "keda", NULL};

/* [code] kube-controller-manager's flags; SPEC.md 16 */
#define SYNC_PERIOD_US (15 * TT_US_PER_S)
#define TOLERANCE 0.1
#define DOWNSCALE_STABILIZATION_US (300 * TT_US_PER_S)
#define CPU_INITIALIZATION_US (300 * TT_US_PER_S)
/* [ours] SPEC.md 15.1 */
#define METRIC_WINDOW_US (15 * TT_US_PER_S)

/* The built-in metric names (docs/scenario.md), by source. */
static const struct {
	const char *name;
	tt_hpa_metric_source source;
} builtins[] = {
        {"requests_per_second", TT_HPA_FROM_RPS},
        {"concurrent_requests", TT_HPA_FROM_CONCURRENT},
        {"queue_length", TT_HPA_FROM_QUEUE},
};

#define N_BUILTINS (sizeof builtins / sizeof *builtins)

void tt_hpa_knobs_default(tt_hpa_knobs *k)
{
	memset(k, 0, sizeof *k);
	k->sync_period_us = SYNC_PERIOD_US;
	k->tolerance = TOLERANCE;
	k->configurable_tolerance = true;
	k->downscale_stabilization_us = DOWNSCALE_STABILIZATION_US;
	k->cpu_initialization_period_us = CPU_INITIALIZATION_US;
	k->metric_window_us = METRIC_WINDOW_US;
	k->has_pod_startup = false;
}

/*
 * What differs between the two controllers built on the HPA: the block
 * that holds the file and the knobs, and the words that say where the
 * manifest takes what the AWS sections would say.
 */
typedef struct ctl_words {
	const char *block;     /* "hpa", "keda": the key, and 'controller: X' */
	const char *bounds;    /* where the capacity bounds come from */
	const char *policies;  /* why `policies:` is refused */
	const char *template_; /* what the manifest gives instead */
} ctl_words;

static const ctl_words hpa_words = {
        "hpa",
        "the bounds are the manifest's spec.minReplicas and "
        "spec.maxReplicas",
        "the manifest's metrics scale the pods",
        "the manifest gives the HPA's",
};

static const ctl_words keda_words = {
        "keda",
        "the bounds are the ScaledObject's spec.minReplicaCount and "
        "spec.maxReplicaCount",
        "the ScaledObject's triggers scale the pods",
        "the ScaledObject gives KEDA's",
};

/* The HPA knobs, beside `file` and `name` in `hpa:` or `keda:`. */
static const char *const knob_keys[] = {"sync_period",
                                        "tolerance",
                                        "configurable_tolerance",
                                        "downscale_stabilization",
                                        "cpu_initialization_period",
                                        "metric_window",
                                        "pod_startup",
                                        NULL};

/* The knobs of `map` (the `hpa:` or `keda:` block). */
static tt_code load_knobs(tt_scenario *s, const tt_node *map, const char *dir,
                          const ctl_words *w, tt_diag *d)
{
	tt_hpa_knobs *k = &s->hpa_knobs;
	const tt_node *n;
	tt_code rc;

	if ((n = tt_node_map_get(map, "sync_period")) &&
	    (rc = tt_sv_positive_duration(n, "sync_period", &k->sync_period_us,
	                                  d)))
		return rc;
	if ((n = tt_node_map_get(map, "tolerance")) &&
	    (rc = tt_sv_number_ge(n, "tolerance", 0, &k->tolerance, d)))
		return rc;
	if ((n = tt_node_map_get(map, "configurable_tolerance")) &&
	    (rc = tt_node_bool(n, "configurable_tolerance",
	                       &k->configurable_tolerance, d)))
		return rc;
	/* 0 is allowed for both: no window, no initialization period */
	if ((n = tt_node_map_get(map, "downscale_stabilization")) &&
	    (rc = tt_sv_duration(n, "downscale_stabilization",
	                         &k->downscale_stabilization_us, d)))
		return rc;
	if ((n = tt_node_map_get(map, "cpu_initialization_period")) &&
	    (rc = tt_sv_duration(n, "cpu_initialization_period",
	                         &k->cpu_initialization_period_us, d)))
		return rc;
	if ((n = tt_node_map_get(map, "metric_window")) &&
	    (rc = tt_sv_positive_duration(n, "metric_window",
	                                  &k->metric_window_us, d)))
		return rc;
	if ((n = tt_node_map_get(map, "pod_startup"))) {
		/* one reader for every delay drawn per instance */
		if ((rc = tt_sv_drawn(s, n, dir,
		                      w == &keda_words ? "keda.pod_startup"
		                                       : "hpa.pod_startup",
		                      TT_SV_PER_INSTANCE, &k->pod_startup, d)))
			return rc;
		k->has_pod_startup = true;
	}
	return TT_OK;
}

/* The AWS sections a Kubernetes scenario must not have, and where the
 * HPA (or KEDA) takes what they would say. */
static const struct {
	const char *key;
	const char *why; /* NULL: the words' policies or template_ */
	bool template_;
} aws_only[] = {
        {"policies", NULL, false},
        {"cloudformation",
         "it gives an AWS scalable target and its "
         "policies; ",
         true},
        {"terraform", "it gives an AWS scalable target and its policies; ",
         true},
        {"scheduled", "scheduled actions are Application Auto Scaling's",
         false},
        {"inference_component",
         "inference components are scaled by "
         "Application Auto Scaling",
         false},
};

static tt_code refuse_aws_sections(const tt_scenario *s, const tt_node *root,
                                   const ctl_words *w, tt_diag *d)
{
	static const char ic_prefix[] = "inference-component/";
	for (size_t i = 0; i < sizeof aws_only / sizeof *aws_only; i++) {
		const tt_node_entry *e =
		        tt_node_map_find(root, aws_only[i].key);
		if (e)
			return tt_diag_set(
			        d, TT_EINVAL, e->key_loc,
			        "'%s' cannot be used with 'controller: "
			        "%s' (%s%s)",
			        aws_only[i].key, w->block,
			        aws_only[i].why ? aws_only[i].why : w->policies,
			        aws_only[i].template_ ? w->template_ : "");
	}
	if (s->resource &&
	    !strncmp(s->resource, ic_prefix, sizeof ic_prefix - 1))
		return tt_diag_set(d, TT_EINVAL, s->locs.resource,
		                   "'controller: %s' scales pods, not an "
		                   "inference component (got resource '%s')",
		                   w->block, s->resource);
	return TT_OK;
}

/*
 * `capacity:` with the HPA or KEDA: only `initial`, the replicas the run
 * starts with (the Deployment's), default the lower bound.  Outside the
 * bounds is valid, as in a cluster, and a note says what happens: for
 * the HPA the first sync clamps it, and 0 with minReplicas above 0
 * disables scaling (SPEC.md 15.2); for KEDA the first poll or sync
 * moves it inside, and 0 with minReplicaCount 0 is where KEDA starts
 * anyway (SPEC.md 15.3).
 */
static tt_code load_capacity(tt_scenario *s, const tt_node *root,
                             const ctl_words *w, tt_diag *d)
{
	static const char *const keys[] = {"min",       "max",      "initial",
	                                   "suspended", "register", NULL};
	const tt_node *cap = tt_node_map_get(root, "capacity"), *n;
	int64_t v;
	tt_code rc;

	s->initial_capacity = s->min_capacity;
	if (!cap)
		return TT_OK;
	if ((rc = tt_node_expect_map(cap, "capacity", d)) ||
	    (rc = tt_node_check_keys(cap, "capacity", keys, d)))
		return rc;
	s->locs.capacity = cap->loc;
	for (size_t i = 0; i < cap->u.map.count; i++) {
		const tt_node_entry *e = &cap->u.map.entries[i];
		if (!strcmp(e->key, "initial"))
			continue;
		return tt_diag_set(
		        d, TT_EINVAL, e->key_loc,
		        "'capacity.%s' cannot be used with 'controller: %s' "
		        "(%s)",
		        e->key, w->block,
		        !strcmp(e->key, "min") || !strcmp(e->key, "max")
		                ? w->bounds
		                : "it is for an AWS scalable target");
	}
	if (!(n = tt_node_map_get(cap, "initial")))
		return TT_OK;
	if ((rc = tt_node_int(n, "initial", 0, TT_SV_CAPACITY_MAX, &v, d)))
		return rc;
	s->initial_capacity = (int)v;
	s->locs.initial = n->loc;
	int lo = s->min_capacity, hi = s->max_capacity;
	if (w == &keda_words) {
		if (v >= lo && v <= hi)
			return TT_OK;
		return tt_diag_list_add(
		        &s->notes, TT_SEV_NOTE, n->loc,
		        "'initial' %lld is outside the ScaledObject's replicas "
		        "(%d..%d): KEDA's first poll or the HPA's first sync "
		        "sets %d",
		        (long long)v, lo, hi, v < lo ? lo : hi);
	}
	if (v == 0 && lo > 0)
		return tt_diag_list_add(
		        &s->notes, TT_SEV_NOTE, n->loc,
		        "'initial' 0 with minReplicas %d: the HPA does not "
		        "scale a workload at 0 replicas (ScalingDisabled), so "
		        "the run stays at 0",
		        lo);
	if (v < lo || v > hi)
		return tt_diag_list_add(
		        &s->notes, TT_SEV_NOTE, n->loc,
		        "'initial' %lld is outside the manifest's replicas "
		        "(%d..%d): the first sync sets %d",
		        (long long)v, lo, hi, v < lo ? lo : hi);
	return TT_OK;
}

bool tt_sv_controller_block_key(const char *key, size_t len)
{
	static const char *const own[] = {"file", "name", "at_zero"};
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		if (strlen(own[i]) == len && !memcmp(own[i], key, len))
			return true;
	for (size_t i = 0; knob_keys[i]; i++)
		if (strlen(knob_keys[i]) == len && !memcmp(knob_keys[i], key, len))
			return true;
	return false;
}

/* --set's overrides of the manifest's spec, on the picked object. */
typedef struct manifest_patch {
	const char *block;
	const tt_overrides *ov;
	tt_scenario *s;
} manifest_patch;

static tt_code patch_manifest(tt_node *obj, void *arg, tt_diag *d)
{
	const manifest_patch *p = arg;
	return tt_overrides_apply_manifest(obj, p->block, p->ov, p->s, d);
}

/* The block's keys: file, name, the knobs, and `extra` (NULL or one). */
static tt_code check_block_keys(const tt_node *map, const ctl_words *w,
                                const char *extra, tt_diag *d)
{
	const char *keys[16];
	size_t n = 0;
	keys[n++] = "file";
	keys[n++] = "name";
	if (extra)
		keys[n++] = extra;
	for (size_t i = 0; knob_keys[i]; i++)
		keys[n++] = knob_keys[i];
	keys[n] = NULL;
	return tt_node_check_keys_hint(map, w->block, keys, d);
}

/* `hpa:` with the HPA controller: the manifest, its pick, the knobs. */
static tt_code load_hpa(tt_scenario *s, const tt_node *root, const tt_node *ctl,
                        const char *dir, const tt_overrides *ov, tt_diag *d)
{
	const tt_node *map = tt_node_map_get(root, "hpa"), *f, *nm;
	const char *kept, *pick = NULL;
	tt_code rc;

	if (!map)
		return tt_diag_set(d, TT_EINVAL, ctl->loc,
		                   "'controller: hpa' needs 'hpa: {file: "
		                   "FILE}' (the HorizontalPodAutoscaler "
		                   "manifest)");
	if ((rc = tt_node_expect_map(map, "hpa", d)) ||
	    (rc = check_block_keys(map, &hpa_words, NULL, d)) ||
	    (rc = tt_node_require(map, "hpa", "file", &f, d)) ||
	    ((nm = tt_node_map_get(map, "name")) &&
	     (rc = tt_sv_name(nm, "name", &pick, d))) ||
	    (rc = load_knobs(s, map, dir, &hpa_words, d)) ||
	    (rc = tt_sv_open_file(s, f, dir, "HPA manifest", &kept, d)))
		return rc;
	if (!(s->hpa = calloc(1, sizeof *s->hpa)))
		return tt_diag_nomem(d, map->loc);
	manifest_patch p = {"hpa", ov, s};
	tt_k8s_which which = {pick, nm ? nm->loc : f->loc, patch_manifest, &p};
	if ((rc = tt_hpa_config_load(kept, &which, &s->notes, s->hpa, d)))
		return rc;
	s->min_capacity = s->hpa->min_replicas;
	s->max_capacity = s->hpa->max_replicas;
	s->locs.min = s->locs.max = s->hpa->loc;
	return TT_OK;
}

/*
 * `keda:` with KEDA: the ScaledObject, its pick, `at_zero`, and the
 * knobs of the HPA KEDA creates.  The knobs sit here rather than in an
 * `hpa:` block: the ScaledObject is the only manifest, and its block
 * holds all there is to say about it (SPEC.md 16: the knobs go beside
 * the manifest's file).
 */
static tt_code load_keda(tt_scenario *s, const tt_node *root,
                         const tt_node *ctl, const char *dir,
                         const tt_overrides *ov, tt_diag *d)
{
	static const char *const at_zero[] = {"queue", "fail", NULL};
	const tt_node *map = tt_node_map_get(root, "keda"), *f, *nm, *n;
	const char *kept, *pick = NULL;
	int v = 0;
	tt_code rc;

	if (!map)
		return tt_diag_set(d, TT_EINVAL, ctl->loc,
		                   "'controller: keda' needs 'keda: {file: "
		                   "FILE}' (the KEDA ScaledObject)");
	if ((rc = tt_node_expect_map(map, "keda", d)) ||
	    (rc = check_block_keys(map, &keda_words, "at_zero", d)) ||
	    (rc = tt_node_require(map, "keda", "file", &f, d)) ||
	    ((nm = tt_node_map_get(map, "name")) &&
	     (rc = tt_sv_name(nm, "name", &pick, d))) ||
	    ((n = tt_node_map_get(map, "at_zero")) &&
	     (rc = tt_sv_enum(n, "at_zero", at_zero, &v, d))) ||
	    (rc = load_knobs(s, map, dir, &keda_words, d)) ||
	    (rc = tt_sv_open_file(s, f, dir, "ScaledObject", &kept, d)))
		return rc;
	s->keda_queue_at_zero = v == 0;
	if (!(s->hpa = calloc(1, sizeof *s->hpa)) ||
	    !(s->keda = calloc(1, sizeof *s->keda)))
		return tt_diag_nomem(d, map->loc);
	manifest_patch p = {"keda", ov, s};
	tt_k8s_which which = {pick, nm ? nm->loc : f->loc, patch_manifest, &p};
	if ((rc = tt_keda_config_load(kept, &which, &s->notes, s->keda, s->hpa,
	                              d)))
		return rc;
	/* KEDA's own bounds: it takes the pods to 0 and back */
	s->min_capacity = s->keda->min_replicas;
	s->max_capacity = s->keda->max_replicas;
	s->locs.min = s->locs.max = s->keda->loc;
	return TT_OK;
}

/* A block the controller does not read: refused at its key. */
static tt_code refuse_block(const tt_node *root, const char *block,
                            tt_controller_kind ctl, tt_diag *d)
{
	const tt_node_entry *e = tt_node_map_find(root, block);
	if (!e)
		return TT_OK;
	if (ctl == TT_CONTROLLER_AWS)
		return tt_diag_set(d, TT_EINVAL, e->key_loc,
		                   "'%s' needs 'controller: %s' (the AWS "
		                   "controller does not read it)",
		                   block, block);
	if (ctl == TT_CONTROLLER_KEDA)
		return tt_diag_set(d, TT_EINVAL, e->key_loc,
		                   "'hpa' cannot be used with 'controller: "
		                   "keda' (the knobs of the HPA KEDA creates "
		                   "go under 'keda:', beside the "
		                   "ScaledObject)");
	return tt_diag_set(d, TT_EINVAL, e->key_loc,
	                   "'keda' needs 'controller: keda' (the HPA "
	                   "controller reads 'hpa:')");
}

tt_code tt_sv_controller(tt_scenario *s, const tt_node *root, const char *dir,
                         const tt_overrides *ov, tt_diag *d)
{
	const tt_node *ctl = tt_node_map_get(root, "controller");
	int v = TT_CONTROLLER_AWS;
	tt_code rc;

	tt_hpa_knobs_default(&s->hpa_knobs);
	s->controller = TT_CONTROLLER_AWS;
	s->keda_queue_at_zero = true;
	if (ctl &&
	    (rc = tt_sv_enum(ctl, "controller", tt_sv_controller_names, &v, d)))
		return rc;
	switch ((tt_controller_kind)v) {
	case TT_CONTROLLER_AWS:
		if ((rc = refuse_block(root, "hpa", TT_CONTROLLER_AWS, d)))
			return rc;
		return refuse_block(root, "keda", TT_CONTROLLER_AWS, d);
	case TT_CONTROLLER_KEDA:
		s->controller = TT_CONTROLLER_KEDA;
		if ((rc = refuse_block(root, "hpa", TT_CONTROLLER_KEDA, d)) ||
		    (rc = refuse_aws_sections(s, root, &keda_words, d)) ||
		    (rc = load_keda(s, root, ctl, dir, ov, d)))
			return rc;
		return load_capacity(s, root, &keda_words, d);
	case TT_CONTROLLER_HPA:
		break;
	}
	s->controller = TT_CONTROLLER_HPA;
	if ((rc = refuse_block(root, "keda", TT_CONTROLLER_HPA, d)) ||
	    (rc = refuse_aws_sections(s, root, &hpa_words, d)) ||
	    (rc = load_hpa(s, root, ctl, dir, ov, d)))
		return rc;
	return load_capacity(s, root, &hpa_words, d);
}

bool tt_sv_hpa_source(const tt_scenario *s, const tt_hpa_metric *m,
                      tt_hpa_metric_source *out, const tt_metric_model **model)
{
	*model = NULL;
	if (m->type == TT_HPA_RESOURCE && !strcmp(m->name, "cpu")) {
		*out = TT_HPA_FROM_CPU;
		return true;
	}
	if ((*model = tt_scenario_model(s, m->name))) {
		*out = TT_HPA_FROM_MODEL;
		return true;
	}
	if (m->type == TT_HPA_RESOURCE)
		return false;
	for (size_t i = 0; i < N_BUILTINS; i++) {
		if (!strcmp(m->name, builtins[i].name)) {
			*out = builtins[i].source;
			return true;
		}
	}
	return false;
}

const char *tt_sv_hpa_source_name(tt_hpa_metric_source src)
{
	switch (src) {
	case TT_HPA_FROM_CPU:
		return "cpu";
	case TT_HPA_FROM_MODEL:
		return "model";
	default:
		break;
	}
	for (size_t i = 0; i < N_BUILTINS; i++)
		if (builtins[i].source == src)
			return builtins[i].name;
	return "?";
}

/* A metric name that is neither a model nor built in. */
static tt_code unknown_metric(const tt_scenario *s, const tt_hpa_metric *m,
                              tt_diag *d)
{
	char hint[256], name[128];
	tt_diag_escape(m->name, strlen(m->name), name, sizeof name);
	if (m->type == TT_HPA_RESOURCE)
		return tt_diag_set(d, TT_EINVAL, m->loc,
		                   "no model for resource '%s': declare one "
		                   "under 'metrics:' named '%s' (each pod's "
		                   "use %s)",
		                   name, name,
		                   m->target_type == TT_HPA_UTILIZATION
		                           ? "in percent of its request, as "
		                             "averageUtilization counts it"
		                           : "in bytes, as averageValue counts "
		                             "it");
	const char **names = calloc(N_BUILTINS + s->n_models, sizeof *names);
	if (!names)
		return tt_diag_nomem(d, m->loc);
	for (size_t i = 0; i < N_BUILTINS; i++)
		names[i] = builtins[i].name;
	for (size_t i = 0; i < s->n_models; i++)
		names[N_BUILTINS + i] = s->models[i].metric_name;
	tt_policy_did_you_mean(hint, sizeof hint, m->name, names,
	                       N_BUILTINS + s->n_models);
	free(names);
	return tt_diag_set(d, TT_EINVAL, m->loc,
	                   "unknown metric '%s'%s: ttsim reads a model "
	                   "declared under 'metrics:' with that name, or "
	                   "requests_per_second, concurrent_requests or "
	                   "queue_length",
	                   name, hint);
}

tt_code tt_sv_hpa_check(tt_scenario *s, tt_diag *d)
{
	const tt_hpa_config *c = s->hpa;
	tt_code rc;

	bool keda = s->controller == TT_CONTROLLER_KEDA;

	if ((s->controller != TT_CONTROLLER_HPA && !keda) || !c)
		return TT_OK;
	for (size_t i = 0; i < c->n_metrics; i++) {
		const tt_hpa_metric *m = &c->metrics[i];
		const tt_metric_model *model;
		tt_hpa_metric_source src;
		if (!tt_sv_hpa_source(s, m, &src, &model))
			return unknown_metric(s, m, d);
		if (src == TT_HPA_FROM_QUEUE && s->mode != TT_MODE_REQUEST)
			return tt_diag_set(
			        d, TT_EINVAL, m->loc,
			        "'queue_length' needs request mode "
			        "('simulation.mode: request'): fluid "
			        "mode has no queue");
		if (src == TT_HPA_FROM_CONCURRENT && !s->has_service)
			return tt_diag_set(
			        d, TT_EINVAL, m->loc,
			        "'concurrent_requests' needs "
			        "'instance.service_time' (how long a "
			        "request is in flight)");
		/* request mode requires the service time anyway */
		if (src == TT_HPA_FROM_CPU && !s->has_service)
			return tt_diag_set(
			        d, TT_EINVAL, m->loc,
			        "cpu needs 'instance.service_time' (how long "
			        "a request keeps a pod's slot busy)");
	}
	/* [doc] the per-HPA tolerance exists only with the feature gate */
	if (s->hpa_knobs.configurable_tolerance ||
	    !(c->up.has_tolerance || c->down.has_tolerance))
		return TT_OK;
	const char *block = keda ? "keda" : "hpa";
	rc = tt_diag_list_add(&s->notes, TT_SEV_WARNING, c->loc,
	                      "%s.%s.tolerance is ignored: "
	                      "'%s.configurable_tolerance' is false (a "
	                      "cluster without the HPAConfigurableTolerance "
	                      "feature gate), so '%s.tolerance' %g applies",
	                      keda ? "spec.advanced.horizontalPodAutoscaler"
	                             "Config.behavior"
	                           : "spec.behavior",
	                      c->up.has_tolerance ? "scaleUp" : "scaleDown",
	                      block, block, s->hpa_knobs.tolerance);
	return rc;
}

void tt_sv_hpa_release(tt_scenario *s)
{
	if (!s)
		return;
	tt_hpa_config_release(s->hpa);
	free(s->hpa);
	s->hpa = NULL;
	tt_keda_config_release(s->keda);
	free(s->keda);
	s->keda = NULL;
	tt_drawn_duration_release(&s->hpa_knobs.pod_startup);
}
