/*
 * k8s_manifest.c - picking one Kubernetes object out of a manifest.
 */
#include "k8s_manifest.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/policy.h"

/* The objects a file holds: those of the kind wanted, the others listed. */
typedef struct found {
	tt_node **objs; /* in the manifest's documents, which are its own */
	const char **names; /* metadata.name, "" when it has none */
	size_t n;
	char others[256]; /* "Deployment 'web', Service 'web'" */
	size_t used;
	bool other_kind; /* the other controller's kind is among them */
} found;

/* An object's metadata.name, or "" when it has none readable. */
static const char *object_name(const tt_node *obj)
{
	const tt_node *md = tt_k8s_get(obj, "metadata");
	const tt_node *n =
	        md && md->kind == TT_NODE_MAP ? tt_k8s_get(md, "name") : NULL;
	if (!n || n->kind != TT_NODE_SCALAR ||
	    (n->u.scalar.kind != TT_SCALAR_STRING &&
	     n->u.scalar.kind != TT_SCALAR_PLAIN))
		return "";
	return n->u.scalar.text;
}

static tt_code keep(found *f, tt_node *obj, tt_diag *d)
{
	tt_node **o = realloc(f->objs, (f->n + 1) * sizeof *o);
	if (!o)
		return tt_diag_nomem(d, obj->loc);
	f->objs = o;
	const char **nm = realloc(f->names, (f->n + 1) * sizeof *nm);
	if (!nm)
		return tt_diag_nomem(d, obj->loc);
	f->names = nm;
	f->objs[f->n] = obj;
	f->names[f->n++] = object_name(obj);
	return TT_OK;
}

/* "Deployment 'web'" added to the list of the other objects. */
static void note_other(found *f, const char *kind, const tt_node *obj)
{
	char buf[64], nbuf[64];
	if (f->used >= sizeof f->others)
		return;
	const char *name = object_name(obj);
	int w = snprintf(f->others + f->used, sizeof f->others - f->used,
	                 "%s%s%s%s%s", f->used ? ", " : "",
	                 tt_k8s_shown(kind, buf, sizeof buf), *name ? " '" : "",
	                 tt_k8s_shown(name, nbuf, sizeof nbuf),
	                 *name ? "'" : "");
	f->used += w > 0 ? (size_t)w : 0;
}

static tt_code collect(tt_node *obj, bool in_list, const tt_k8s_want *w,
                       found *f, tt_diag *d)
{
	const tt_node *k;
	const char *kind;
	tt_code rc;

	if (obj->kind != TT_NODE_MAP)
		return tt_diag_set(d, TT_EINVAL, obj->loc,
		                   "expected a Kubernetes object (a map with "
		                   "'apiVersion' and 'kind'), got a %s",
		                   tt_node_kind_name(obj));
	if (!(k = tt_k8s_get(obj, "kind")))
		return tt_diag_set(d, TT_EINVAL, obj->loc,
		                   "kind: Required value: a Kubernetes object "
		                   "says what it is (kind: %s)",
		                   w->kind);
	if ((rc = tt_node_string(k, "kind", &kind, d)))
		return rc;
	size_t klen = strlen(kind);
	if (!in_list && klen >= 4 && !strcmp(kind + klen - 4, "List")) {
		/* `kubectl get ... -o yaml`: kind List, the objects in items */
		const tt_node *items = tt_k8s_get(obj, "items");
		if (!items)
			return TT_OK;
		if ((rc = tt_node_expect_seq(items, "items", d)))
			return rc;
		for (size_t i = 0; i < items->u.seq.count; i++)
			if ((rc = collect(items->u.seq.items[i], true, w, f,
			                  d)))
				return rc;
		return TT_OK;
	}
	if (!strcmp(kind, w->kind))
		return keep(f, obj, d);
	f->other_kind |= !strcmp(kind, w->other_kind);
	note_other(f, kind, obj);
	return TT_OK;
}

/* "'a', 'b', 'c'": the objects' names, cut to fit. */
static void list_names(const found *f, char *buf, size_t size)
{
	char one[64];
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f->n && used < size; i++)
		used += (size_t)snprintf(
		        buf + used, size - used, "%s'%s'", i ? ", " : "",
		        tt_k8s_shown(f->names[i], one, sizeof one));
}

static tt_code pick_one(const found *f, const tt_k8s_want *w, const char *file,
                        const char *pick, tt_loc pick_loc, size_t *index,
                        tt_diag *d)
{
	tt_loc top = {file, 1, 1};
	tt_loc at = pick_loc.file ? pick_loc : top;
	char names[512], hint[600], buf[128];

	if (f->n == 0)
		return tt_diag_set(d, TT_EINVAL, top,
		                   "no %s in this file (it holds %s)%s",
		                   w->kind, f->used ? f->others : "no object",
		                   f->other_kind ? w->other_hint : "");
	list_names(f, names, sizeof names);
	if (!pick) {
		if (f->n == 1) {
			*index = 0;
			return TT_OK;
		}
		return tt_diag_set(d, TT_EINVAL, at,
		                   "'%s' holds %zu %ss (%s); name the one to "
		                   "use with '%s'",
		                   file, f->n, w->kind, names, w->name_key);
	}
	size_t matches = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], pick))
			*index = i, matches++;
	if (matches == 1)
		return TT_OK;
	if (matches > 1)
		return tt_diag_set(d, TT_EINVAL, at,
		                   "'%s' holds %zu %ss named '%s' (in several "
		                   "namespaces?); keep one in the file",
		                   file, matches, w->kind,
		                   tt_k8s_shown(pick, buf, sizeof buf));
	tt_policy_did_you_mean(hint, sizeof hint, pick, f->names, f->n);
	if (!hint[0])
		snprintf(hint, sizeof hint, " (it holds %s)", names);
	return tt_diag_set(d, TT_EINVAL, at, "no %s '%s' in '%s'%s", w->kind,
	                   tt_k8s_shown(pick, buf, sizeof buf), file, hint);
}

static tt_code parse(const char *text, size_t len, const char *name,
                     tt_k8s_manifest *m, tt_diag *d)
{
	tt_code rc;
	switch (tt_doc_sniff(text, len, name)) {
	case TT_DOC_HCL:
		return tt_diag_set(d, TT_EINVAL, (tt_loc){name, 1, 1},
		                   "this file is Terraform, not a Kubernetes "
		                   "manifest");
	case TT_DOC_JSON:
		if ((rc = tt_doc_parse_json(text, len, name, &m->one, d)))
			return rc;
		m->docs.docs = &m->one;
		m->docs.count = 1;
		return TT_OK;
	case TT_DOC_YAML:
		break;
	}
	return tt_doc_parse_yaml_all(text, len, name, &m->docs, d);
}

/* Parse the text and collect its objects of kind w->kind into *f. */
static tt_code parse_and_collect(const char *text, size_t len,
                                 const char *name, const tt_k8s_want *w,
                                 tt_k8s_manifest *m, found *f, tt_diag *d)
{
	memset(m, 0, sizeof *m);
	tt_code rc = parse(text, len, name, m, d);
	for (size_t i = 0; !rc && i < m->docs.count; i++)
		rc = collect(m->docs.docs[i].root, false, w, f, d);
	return rc;
}

bool tt_k8s_is_object(const tt_node *root)
{
	return root && root->kind == TT_NODE_MAP &&
	       tt_node_map_find(root, "apiVersion") &&
	       tt_node_map_find(root, "kind");
}

bool tt_k8s_is_manifest(const char *text, size_t len, const char *name)
{
	tt_k8s_manifest m;
	tt_diag d;
	bool yes = false;
	memset(&m, 0, sizeof m);
	if (!parse(text, len, name, &m, &d))
		for (size_t i = 0; !yes && i < m.docs.count; i++)
			yes = tt_k8s_is_object(m.docs.docs[i].root);
	tt_k8s_manifest_release(&m);
	return yes;
}

tt_code tt_k8s_each(const char *text, size_t len, const char *name,
                    const tt_k8s_want *w,
                    tt_code (*fn)(const tt_node *obj, size_t count,
                                  void *arg, tt_diag *d),
                    void *arg, size_t *n, tt_diag *d)
{
	tt_k8s_manifest m;
	found f = {0};
	tt_code rc = parse_and_collect(text, len, name, w, &m, &f, d);
	for (size_t i = 0; !rc && i < f.n; i++)
		rc = fn(f.objs[i], f.n, arg, d);
	*n = f.n;
	free(f.objs);
	free(f.names);
	tt_k8s_manifest_release(&m);
	return rc;
}

tt_code tt_k8s_pick(const char *text, size_t len, const char *name,
                    const tt_k8s_want *w, const tt_k8s_which *which,
                    tt_k8s_manifest *m, const tt_node **out, tt_diag *d)
{
	static const tt_k8s_which only = {0};
	found f = {0};
	size_t index = 0;
	*out = NULL;
	if (!which)
		which = &only;
	tt_code rc = parse_and_collect(text, len, name, w, m, &f, d);
	if (!rc)
		rc = pick_one(&f, w, name, which->name, which->loc, &index, d);
	if (!rc && which->patch)
		rc = which->patch(f.objs[index], which->arg, d);
	if (!rc)
		*out = f.objs[index];
	free(f.objs);
	free(f.names);
	return rc;
}

void tt_k8s_manifest_release(tt_k8s_manifest *m)
{
	if (!m)
		return;
	if (m->docs.docs == &m->one)
		tt_doc_release(&m->one);
	else
		tt_doc_list_release(&m->docs);
	memset(m, 0, sizeof *m);
}

/* ---- fields, in Kubernetes' words ---- */

const char *tt_k8s_child(char *buf, const char *base, const char *key)
{
	if (snprintf(buf, TT_K8S_PATH_LEN, "%s.%s", base, key) >=
	    TT_K8S_PATH_LEN)
		buf[TT_K8S_PATH_LEN - 1] = '\0';
	return buf;
}

const char *tt_k8s_indexed(char *buf, const char *base, size_t i)
{
	if (snprintf(buf, TT_K8S_PATH_LEN, "%s[%zu]", base, i) >=
	    TT_K8S_PATH_LEN)
		buf[TT_K8S_PATH_LEN - 1] = '\0';
	return buf;
}

const char *tt_k8s_shown(const char *s, char *buf, size_t size)
{
	tt_diag_escape(s, strlen(s), buf, size);
	return buf;
}

tt_code tt_k8s_required(tt_diag *d, tt_loc at, const char *path,
                        const char *detail)
{
	if (!detail)
		return tt_diag_set(d, TT_EINVAL, at, "%s: Required value",
		                   path);
	return tt_diag_set(d, TT_EINVAL, at, "%s: Required value: %s", path,
	                   detail);
}

tt_code tt_k8s_invalid_int(tt_diag *d, tt_loc at, const char *path, int64_t v,
                           const char *detail)
{
	return tt_diag_set(d, TT_ERANGE, at, "%s: Invalid value: %lld: %s",
	                   path, (long long)v, detail);
}

tt_code tt_k8s_invalid_text(tt_diag *d, tt_code code, tt_loc at,
                            const char *path, const char *text,
                            const char *detail)
{
	char buf[128];
	return tt_diag_set(d, code, at, "%s: Invalid value: \"%s\": %s", path,
	                   tt_k8s_shown(text, buf, sizeof buf), detail);
}

const tt_node *tt_k8s_get(const tt_node *map, const char *key)
{
	const tt_node *n = tt_node_map_get(map, key);
	if (n && n->kind == TT_NODE_SCALAR &&
	    n->u.scalar.kind == TT_SCALAR_NULL)
		return NULL;
	return n;
}

tt_loc tt_k8s_key_loc(const tt_node *map, const char *key)
{
	const tt_node_entry *e = tt_node_map_find(map, key);
	return e ? e->key_loc : map->loc;
}

tt_code tt_k8s_object(const tt_node *n, const char *path,
                      const char *const *keys, tt_diag *d)
{
	tt_code rc = tt_node_expect_map(n, path, d);
	if (rc)
		return rc;
	return tt_node_check_keys_hint(n, path, keys, d);
}

tt_code tt_k8s_required_string(const tt_node *map, const char *key,
                               const char *base, const char *detail,
                               const char **out, tt_diag *d)
{
	char path[TT_K8S_PATH_LEN];
	const tt_node *n = tt_k8s_get(map, key);
	tt_code rc;

	tt_k8s_child(path, base, key);
	if (!n)
		return tt_k8s_required(d, map->loc, path, detail);
	if ((rc = tt_node_string(n, path, out, d)))
		return rc;
	if (!**out)
		return tt_k8s_required(d, n->loc, path, detail);
	return TT_OK;
}

tt_code tt_k8s_int32_field(const tt_node *n, const char *path, int64_t *out,
                           tt_diag *d)
{
	return tt_node_int(n, path, INT32_MIN, INT32_MAX, out, d);
}
