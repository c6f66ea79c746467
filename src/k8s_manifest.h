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

#include <stdbool.h>
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
 * Which object of its kind a reader reads, and what is done to it first.
 * A NULL tt_k8s_which means the only one, unchanged.
 */
typedef struct tt_k8s_which {
	const char *name; /* its metadata.name; NULL: the only one */
	tt_loc loc;       /* where the name was written (file NULL: none) */
	/*
	 * NULL, or called with the picked object before it is read: the
	 * scenario's --set overrides of the manifest's fields, so their
	 * values go through the reader's checks as the file's own.
	 */
	tt_code (*patch)(tt_node *obj, void *arg, tt_diag *d);
	void *arg;
} tt_k8s_which;

/*
 * Parse `text` (`name` in messages) into *m and set *out to the object
 * of kind w->kind that `which` picks, patched as it says.  Errors: not a
 * manifest, no such object (saying what the file holds), several and no
 * name, no match (with a "did you mean"), at which->loc (or the
 * manifest's first line), and the patch's.  Release *m with
 * tt_k8s_manifest_release, also on failure.
 */
tt_code tt_k8s_pick(const char *text, size_t len, const char *name,
                    const tt_k8s_want *w, const tt_k8s_which *which,
                    tt_k8s_manifest *m, const tt_node **out, tt_diag *d);
void tt_k8s_manifest_release(tt_k8s_manifest *m);

/* Whether a document's root is a Kubernetes object: a map with
 * `apiVersion` and `kind`. */
bool tt_k8s_is_object(const tt_node *root);

/* Whether `text` parses as a manifest, one of its documents an object
 * (`ttsim validate` tells files apart; a scenario loader says what it
 * was given). */
bool tt_k8s_is_manifest(const char *text, size_t len, const char *name);

/*
 * Call fn on every object of kind w->kind in the manifest, in the file's
 * order, with how many there are, stopping at its first error; *n is
 * that count (0 is not an error here).  Errors: the text is not a
 * manifest.
 */
tt_code tt_k8s_each(const char *text, size_t len, const char *name,
                    const tt_k8s_want *w,
                    tt_code (*fn)(const tt_node *obj, size_t count,
                                  void *arg, tt_diag *d),
                    void *arg, size_t *n, tt_diag *d);

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
