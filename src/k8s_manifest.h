/*
 * k8s_manifest.h - one Kubernetes object out of a manifest file as it is
 * applied: YAML with one or several documents, JSON, or a `kind: List`
 * (`kubectl get ... -o yaml`), the object picked by its kind and, when
 * the file holds several of that kind, by metadata.name; and the
 * helpers that read its fields and word their errors as Kubernetes does
 * ("spec.maxReplicas: Required value").  The HPA and KEDA readers
 * (hpa_config.c, keda_config.c) share them.  Private to the library.
 */
#ifndef TTSIM_K8S_MANIFEST_H
#define TTSIM_K8S_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

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

/* ---- fields, in Kubernetes' words ---- */

/* A field path's room ("spec.metrics[0].resource.target..."). */
#define TT_K8S_PATH_LEN 160

/* "base.key" and "base[i]" into buf (TT_K8S_PATH_LEN bytes); a path too
 * long is cut, which only shortens a message. */
const char *tt_k8s_child(char *buf, const char *base, const char *key);
const char *tt_k8s_indexed(char *buf, const char *base, size_t i);

/* Text from the input, escaped for a terminal and cut to fit. */
const char *tt_k8s_shown(const char *s, char *buf, size_t size);

/* "PATH: Required value[: DETAIL]" (TT_EINVAL), "PATH: Invalid value: V:
 * DETAIL" (TT_ERANGE), "PATH: Invalid value: \"TEXT\": DETAIL". */
tt_code tt_k8s_required(tt_diag *d, tt_loc at, const char *path,
                        const char *detail);
tt_code tt_k8s_invalid_int(tt_diag *d, tt_loc at, const char *path, int64_t v,
                           const char *detail);
tt_code tt_k8s_invalid_text(tt_diag *d, tt_code code, tt_loc at,
                            const char *path, const char *text,
                            const char *detail);

/* A key's value; null (`key:`, `key: null`) is absent, as in Go. */
const tt_node *tt_k8s_get(const tt_node *map, const char *key);

/* Where a key of `map` is written, or the map when it is absent. */
tt_loc tt_k8s_key_loc(const tt_node *map, const char *key);

/* A map with only the `keys` its schema defines. */
tt_code tt_k8s_object(const tt_node *n, const char *path,
                      const char *const *keys, tt_diag *d);

/* A string field under `base` that must be given and not empty. */
tt_code tt_k8s_required_string(const tt_node *map, const char *key,
                               const char *base, const char *detail,
                               const char **out, tt_diag *d);

/* An int32 field. */
tt_code tt_k8s_int32_field(const tt_node *n, const char *path, int64_t *out,
                           tt_diag *d);

#endif
