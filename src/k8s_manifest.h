/*
 * k8s_manifest.h - one Kubernetes object out of a manifest file as it is
 * applied: YAML with one or several documents, JSON, or a `kind: List`
 * (`kubectl get ... -o yaml`), the object picked by its kind and, when
 * the file holds several of that kind, by metadata.name.  The HPA and
 * KEDA readers (hpa_config.c, keda_config.c) share it.  Private to the
 * library.
 */
#ifndef TTSIM_K8S_MANIFEST_H
#define TTSIM_K8S_MANIFEST_H

#include <stddef.h>

#include "node.h"

/* Which object, and what the messages say about the others. */
typedef struct tt_k8s_want {
	const char *kind;       /* "HorizontalPodAutoscaler" */
	const char *other_kind; /* the other controller's ("ScaledObject") */
	const char *other_hint; /* "; a KEDA ScaledObject is for ..." */
	const char *name_key;   /* the scenario key that picks ("hpa.name") */
} tt_k8s_want;

/* The parsed documents the picked object lives in. */
typedef struct tt_k8s_manifest {
	tt_doc_list docs;
	tt_doc one; /* a JSON file's single document */
} tt_k8s_manifest;

/*
 * Parse `text` (`name` in messages) into *m and set *out to the object
 * of kind w->kind, picked by `pick` (NULL: the only one; pick_loc where
 * it was written).  Errors: not a manifest, no such object (saying what
 * the file holds), several and no pick, no match (with a "did you
 * mean").  Release *m with tt_k8s_manifest_release, also on failure.
 */
tt_code tt_k8s_pick(const char *text, size_t len, const char *name,
                    const tt_k8s_want *w, const char *pick, tt_loc pick_loc,
                    tt_k8s_manifest *m, const tt_node **out, tt_diag *d);

void tt_k8s_manifest_release(tt_k8s_manifest *m);

#endif
