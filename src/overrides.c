/*
 * overrides.c - `--set KEY=VALUE`: what-ifs applied to the parsed document.
 *
 * An override changes the document tree before the loader reads it, so a
 * value given on the command line goes through exactly the checks a value
 * in the file does, and an error in it points at it.  KEY is a dotted path
 * with [N] indexes into the scenario document:
 *
 *   capacity.max=30                      replace a value
 *   aws.zero_traffic=missing             add a key (and the maps above it)
 *   instance.provisioning={dist: uniform, min: 4m, max: 7m}
 *   policies[0].TargetValue=500          a key of the policy's
 *                                        TargetTrackingScalingPolicyConfiguration,
 *                                        inline or in its file
 *   policies[0].StepScalingPolicyConfiguration.Cooldown=60
 *                                        the same for a step policy
 *   policies[0].alarm.Threshold=70       a key of its alarm, inline or in
 *                                        its file
 *   workload.scale=2                     all traffic times 2: a last
 *                                        `scale` transform
 *   hpa.behavior.scaleDown.stabilizationWindowSeconds=60
 *                                        a field of the HPA manifest's
 *                                        spec (keda.KEY: the ScaledObject's)
 *
 * VALUE is YAML, parsed on its own.  The nodes an override adds say they
 * come from a file named "--set 'KEY=VALUE'", line 1, with columns counted
 * in the KEY=VALUE text, so an error reads
 *
 *   --set 'capacity.max=abc':1:14: error: expected an integer for 'max', got 'abc'
 *
 * Those names are kept in the scenario's file list, like any file's.
 *
 * A policy given as `file:` is read only when the loader reaches it, so its
 * overrides are skipped here and applied to the file's document by
 * tt_overrides_apply_policy_file as it is loaded; an alarm given as
 * `{file: F}` likewise, by tt_overrides_apply_alarm_file, and a field of
 * the manifest's spec by tt_overrides_apply_manifest, on the object picked
 * out of the manifest.
 */
#include "overrides_node.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "aws_forms.h"
#include "scenario_hpa.h"
#include "scenario_values.h"

#define CONFIG_KEY "TargetTrackingScalingPolicyConfiguration"
#define STEP_KEY "StepScalingPolicyConfiguration"
#define MAX_SEGS 32

/* One step of a path: a key, or an [N] index. */
typedef struct seg {
	bool is_index;
	const char *name; /* into the override's key; not NUL-terminated */
	size_t len;
	size_t index;
	int col;    /* 1-based, in the KEY=VALUE text */
	size_t end; /* offset in KEY just past this step */
} seg;

/* One override being applied. */
typedef struct ov_ctx {
	const tt_override *o;
	const char *label; /* "--set 'KEY=VALUE'", kept by the scenario */
	seg segs[MAX_SEGS];
	size_t n;
	tt_diag *d;
} ov_ctx;

static tt_code fail(const ov_ctx *c, int col, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static tt_code fail(const ov_ctx *c, int col, const char *fmt, ...)
{
	char msg[TT_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return tt_diag_set(c->d, TT_EINVAL, (tt_loc){c->label, 1, col}, "%s",
	                   msg);
}

static bool seg_is(const seg *s, const char *name)
{
	return !s->is_index && s->len == strlen(name) &&
	       memcmp(s->name, name, s->len) == 0;
}

/*
 * Split KEY into steps: names separated by '.', each followed by any
 * number of [N].  A name is any run of characters other than . [ ] =.
 */
static tt_code parse_path(ov_ctx *c)
{
	const char *k = c->o->key;
	size_t i = 0, len = strlen(k);

	c->n = 0;
	if (len == 0)
		return fail(c, 1, "missing key before '='");
	for (;;) {
		size_t start = i;
		while (i < len && !strchr(".[]=", k[i]))
			i++;
		if (i == start)
			return fail(c, (int)start + 1,
			            "expected a key name in '%s'", k);
		if (c->n == MAX_SEGS)
			return fail(c, (int)start + 1,
			            "path is deeper than %d steps", MAX_SEGS);
		c->segs[c->n++] = (seg){false, k + start,      i - start,
		                        0,     (int)start + 1, i};
		while (i < len && k[i] == '[') {
			size_t open = i++, v = 0, digits = 0;
			while (i < len && k[i] >= '0' && k[i] <= '9' &&
			       digits < 9) {
				v = v * 10 + (size_t)(k[i] - '0');
				i++;
				digits++;
			}
			if (digits == 0 || i >= len || k[i] != ']')
				return fail(
				        c, (int)open + 1,
				        "expected an index like [0] in '%s'",
				        k);
			i++;
			if (c->n == MAX_SEGS)
				return fail(c, (int)open + 1,
				            "path is deeper than %d steps",
				            MAX_SEGS);
			c->segs[c->n++] =
			        (seg){true, NULL, 0, v, (int)open + 1, i};
		}
		if (i == len)
			return TT_OK;
		if (k[i] != '.')
			return fail(
			        c, (int)i + 1,
			        "unexpected '%c' in '%s' (a key is a dotted "
			        "path like 'capacity.max' or "
			        "'policies[0].TargetValue')",
			        k[i], k);
		i++;
	}
}

/* The path up to (not including) step k, for messages. */
static const char *prefix(const ov_ctx *c, size_t k, char *buf, size_t size)
{
	if (k == 0) {
		snprintf(buf, size, "the scenario");
		return buf;
	}
	snprintf(buf, size, "'%.*s'", (int)c->segs[k - 1].end, c->o->key);
	return buf;
}

static const char *kind_text(const tt_node *n)
{
	switch (n->kind) {
	case TT_NODE_MAP:
		return "a map";
	case TT_NODE_SEQ:
		return "a sequence";
	case TT_NODE_SCALAR:
	default:
		return "a scalar";
	}
}

/* Columns of the value's first line move past "KEY=". */
static void shift_cols(tt_node *n, int by)
{
	if (n->loc.line == 1)
		n->loc.col += by;
	if (n->kind == TT_NODE_MAP) {
		for (size_t i = 0; i < n->u.map.count; i++) {
			tt_node_entry *e = &n->u.map.entries[i];
			if (e->key_loc.line == 1)
				e->key_loc.col += by;
			shift_cols(e->value, by);
		}
	} else if (n->kind == TT_NODE_SEQ) {
		for (size_t i = 0; i < n->u.seq.count; i++)
			shift_cols(n->u.seq.items[i], by);
	}
}

/* VALUE as a tree of its own, located in the override's text. */
static tt_code parse_value(const ov_ctx *c, tt_node **out)
{
	const char *v = c->o->value;
	int by = (int)strlen(c->o->key) + 1;
	tt_doc doc = {0};
	tt_code rc;

	if (!v[0])
		return fail(c, by + 1,
		            "missing value after '=' (write '' for an empty "
		            "string)");
	rc = tt_doc_parse_yaml(v, strlen(v), c->label, &doc, c->d);
	if (rc) {
		if (c->d && c->d->line == 1)
			c->d->col += by;
		return rc;
	}
	shift_cols(doc.root, by);
	*out = doc.root;
	return TT_OK;
}

static tt_node_entry *map_find(tt_node *map, const char *key, size_t len)
{
	for (size_t i = 0; i < map->u.map.count; i++) {
		tt_node_entry *e = &map->u.map.entries[i];
		if (strlen(e->key) == len && memcmp(e->key, key, len) == 0)
			return e;
	}
	return NULL;
}

/* The value under key, created as an empty map of `kind` when absent. */
static tt_code get_or_create(const ov_ctx *c, tt_node *map, const seg *s,
                             tt_node_kind kind, tt_node **out)
{
	tt_node_entry *e = map_find(map, s->name, s->len);
	if (e) {
		*out = e->value;
		return TT_OK;
	}
	tt_loc at = {c->label, 1, s->col};
	tt_node *n = tt_node_new(kind, at);
	if (!n)
		return tt_diag_nomem(c->d, (tt_loc){c->label, 0, 0});
	if (!tt_node_map_push(map, s->name, s->len, at, n)) {
		tt_node_free(n);
		return tt_diag_nomem(c->d, (tt_loc){c->label, 0, 0});
	}
	*out = n;
	return TT_OK;
}

/*
 * Walk steps from..n-1 from `cur` and put a freshly parsed value at the
 * end: replace what is there, or add the last key (and missing maps on
 * the way).  Indexes must exist.
 */
static tt_code walk_and_set(const ov_ctx *c, tt_node *cur, size_t from)
{
	char where[TT_DIAG_MSG_MAX / 2];
	tt_code rc;

	for (size_t k = from; k < c->n; k++) {
		const seg *s = &c->segs[k];
		bool last = k + 1 == c->n;
		tt_node *value = NULL;

		if (s->is_index) {
			if (cur->kind != TT_NODE_SEQ)
				return fail(
				        c, s->col,
				        "%s is %s, not a sequence: it has no "
				        "item [%zu]",
				        prefix(c, k, where, sizeof where),
				        kind_text(cur), s->index);
			if (s->index >= cur->u.seq.count)
				return fail(c, s->col,
				            "index %zu is out of range: %s has "
				            "%zu item%s",
				            s->index,
				            prefix(c, k, where, sizeof where),
				            cur->u.seq.count,
				            cur->u.seq.count == 1 ? "" : "s");
			if (!last) {
				cur = cur->u.seq.items[s->index];
				continue;
			}
			if ((rc = parse_value(c, &value)))
				return rc;
			tt_node_free(cur->u.seq.items[s->index]);
			cur->u.seq.items[s->index] = value;
			return TT_OK;
		}

		if (cur->kind != TT_NODE_MAP)
			return fail(c, s->col,
			            "%s is %s, not a map: it has no key '%.*s'",
			            prefix(c, k, where, sizeof where),
			            kind_text(cur), (int)s->len, s->name);
		tt_node_entry *e = map_find(cur, s->name, s->len);
		if (last) {
			if ((rc = parse_value(c, &value)))
				return rc;
			if (e) {
				tt_node_free(e->value);
				e->value = value;
				return TT_OK;
			}
			if (!tt_node_map_push(cur, s->name, s->len,
			                      (tt_loc){c->label, 1, s->col},
			                      value)) {
				tt_node_free(value);
				return tt_diag_nomem(c->d,
				                     (tt_loc){c->label, 0, 0});
			}
			return TT_OK;
		}
		if (!e && c->segs[k + 1].is_index)
			return fail(c, c->segs[k + 1].col,
			            "index %zu is out of range: there is no "
			            "'%.*s'",
			            c->segs[k + 1].index, (int)s->end,
			            c->o->key);
		if ((rc = get_or_create(c, cur, s, TT_NODE_MAP, &cur)))
			return rc;
	}
	return TT_OK;
}

/* `workload.scale=F`: append `{scale: F}` to workload.transform. */
static tt_code apply_scale(const ov_ctx *c, tt_node *root)
{
	char where[64];
	tt_node *w, *seq, *item, *value;
	tt_code rc;

	if (root->kind != TT_NODE_MAP)
		return fail(c, 1, "the scenario is %s, not a map",
		            kind_text(root));
	if ((rc = get_or_create(c, root, &c->segs[0], TT_NODE_MAP, &w)))
		return rc;
	if (w->kind != TT_NODE_MAP)
		return fail(c, c->segs[1].col,
		            "%s is %s, not a map: it has no key 'scale'",
		            prefix(c, 1, where, sizeof where), kind_text(w));
	seg transform = {false, "transform", 9, 0, c->segs[1].col, 0};
	if ((rc = get_or_create(c, w, &transform, TT_NODE_SEQ, &seq)))
		return rc;
	if (seq->kind != TT_NODE_SEQ)
		return fail(c, c->segs[1].col,
		            "'workload.transform' is %s, not a sequence: "
		            "cannot add a scale transform to it",
		            kind_text(seq));
	if ((rc = parse_value(c, &value)))
		return rc;
	if (!(item = tt_node_new(TT_NODE_MAP, value->loc))) {
		tt_node_free(value);
		return tt_diag_nomem(c->d, (tt_loc){c->label, 0, 0});
	}
	if (!tt_node_map_push(item, "scale", 5,
	                      (tt_loc){c->label, 1, c->segs[1].col}, value)) {
		tt_node_free(value);
		tt_node_free(item);
		return tt_diag_nomem(c->d, (tt_loc){c->label, 0, 0});
	}
	tt_node **items = realloc(seq->u.seq.items,
	                          (seq->u.seq.count + 1) * sizeof *items);
	if (!items) {
		tt_node_free(item);
		return tt_diag_nomem(c->d, (tt_loc){c->label, 0, 0});
	}
	seq->u.seq.items = items;
	items[seq->u.seq.count++] = item;
	return TT_OK;
}

/* `policies[N].KEY...`, KEY a name: an override of one policy entry. */
static bool is_policy_path(const ov_ctx *c)
{
	return c->n >= 3 && seg_is(&c->segs[0], "policies") &&
	       c->segs[1].is_index && !c->segs[2].is_index;
}

/*
 * Whether the path is `policies[N].KEY...` with KEY a key of the policy's
 * configuration rather than of the policies entry (`file`, `name`,
 * `PolicyType`, `alarm`).
 */
static bool is_policy_config(const ov_ctx *c)
{
	return is_policy_path(c) && !seg_is(&c->segs[2], "file") &&
	       !seg_is(&c->segs[2], "name") &&
	       !seg_is(&c->segs[2], "PolicyType") &&
	       !seg_is(&c->segs[2], "alarm");
}

/* `policies[N].alarm...`: the step policy's alarm, or one of its list. */
static bool is_policy_alarm(const ov_ctx *c)
{
	return is_policy_path(c) && seg_is(&c->segs[2], "alarm");
}

/*
 * When KEY names a configuration (`policies[N].StepScalingPolicyConfiguration
 * .Cooldown`), which one; false when KEY is a key of a configuration written
 * alone (`policies[N].TargetValue`).
 */
static bool named_config(const ov_ctx *c, tt_aws_config_kind *kind)
{
	static const tt_aws_config_kind kinds[] = {TT_AWS_TARGET_TRACKING,
	                                           TT_AWS_STEP};
	for (size_t i = 0; i < 2; i++) {
		if (seg_is(&c->segs[2], tt_aws_config_key(kinds[i]))) {
			*kind = kinds[i];
			return true;
		}
	}
	return false;
}

/* The `policies` entry an override names, or an error like the walk's. */
static tt_code policy_item(const ov_ctx *c, tt_node *root, tt_node **out)
{
	char where[64];
	if (root->kind != TT_NODE_MAP)
		return fail(c, 1, "the scenario is %s, not a map",
		            kind_text(root));
	tt_node_entry *e = map_find(root, "policies", 8);
	if (!e)
		return fail(c, c->segs[1].col,
		            "index %zu is out of range: there is no 'policies'",
		            c->segs[1].index);
	tt_node *seq = e->value;
	if (seq->kind != TT_NODE_SEQ)
		return fail(c, c->segs[1].col,
		            "%s is %s, not a sequence: it has no item [%zu]",
		            prefix(c, 1, where, sizeof where), kind_text(seq),
		            c->segs[1].index);
	if (c->segs[1].index >= seq->u.seq.count)
		return fail(c, c->segs[1].col,
		            "index %zu is out of range: 'policies' has %zu "
		            "item%s",
		            c->segs[1].index, seq->u.seq.count,
		            seq->u.seq.count == 1 ? "" : "s");
	*out = seq->u.seq.items[c->segs[1].index];
	return TT_OK;
}

static bool is_file_policy(const tt_node *item)
{
	return item->kind == TT_NODE_MAP && tt_node_map_find(item, "file");
}

/*
 * The configuration a key written alone changes in an inline entry: its
 * step one when that is all it holds, else the target-tracking one
 * (created when absent, for the loader to check).
 */
static const char *entry_config_key(tt_node *item)
{
	bool step = map_find(item, STEP_KEY, strlen(STEP_KEY)) &&
	            !map_find(item, CONFIG_KEY, strlen(CONFIG_KEY));
	return tt_aws_config_key(step ? TT_AWS_STEP : TT_AWS_TARGET_TRACKING);
}

/*
 * Where the alarm of a `policies[N].alarm...` path ends: the step after
 * `alarm`, or after `alarm[I]`; *index is I, or TT_OV_ALARM_ALONE for a
 * path without one.
 */
static size_t alarm_key_step(const ov_ctx *c, size_t *index)
{
	if (c->n > 3 && c->segs[3].is_index) {
		*index = c->segs[3].index;
		return 4;
	}
	*index = TT_OV_ALARM_ALONE;
	return 3;
}

/* Whether step k of the path is a key of the alarm itself, not of the
 * `{file: F, name: N}` map that names it in a scenario. */
static bool alarm_own_key(const ov_ctx *c, size_t k)
{
	return k < c->n && !c->segs[k].is_index &&
	       !seg_is(&c->segs[k], "file") && !seg_is(&c->segs[k], "name");
}

/*
 * Whether the path is `policies[N].alarm.KEY` (or `alarm[I].KEY`) with
 * that alarm a `{file: F}` and KEY a key of the alarm, not the entry's
 * `file` or `name`.  Any other shape (a list without [I], an index into
 * one alarm, an index out of range) is left to the walk, which says what
 * is wrong.
 */
static bool alarm_in_file(const ov_ctx *c, tt_node *item)
{
	tt_node_entry *e =
	        item->kind == TT_NODE_MAP ? map_find(item, "alarm", 5) : NULL;
	size_t index, k = alarm_key_step(c, &index);
	tt_node *a = e ? e->value : NULL;
	if (a && a->kind == TT_NODE_SEQ && index != TT_OV_ALARM_ALONE &&
	    index < a->u.seq.count)
		a = a->u.seq.items[index];
	else if (index != TT_OV_ALARM_ALONE)
		return false;
	return a && a->kind == TT_NODE_MAP && map_find(a, "file", 4) &&
	       alarm_own_key(c, k);
}

/*
 * `hpa.KEY...` (block "hpa") or `keda.KEY...` with KEY a field of the
 * manifest's spec: any key the block itself does not have.
 */
static bool is_manifest_path(const ov_ctx *c, const char *block)
{
	return c->n >= 2 && seg_is(&c->segs[0], block) &&
	       !c->segs[1].is_index &&
	       !tt_sv_controller_block_key(c->segs[1].name, c->segs[1].len);
}

/* Set up the context of override i: its label (kept) and its path. */
static tt_code begin(ov_ctx *c, const tt_override *o, tt_scenario *s,
                     tt_diag *d)
{
	size_t kl = strlen(o->key), vl = strlen(o->value);
	size_t size = kl + vl + 8 + (o->option ? strlen(o->option) : 5);
	char *label = malloc(size);
	tt_code rc;

	c->o = o;
	c->d = d;
	c->n = 0;
	if (!label)
		return tt_diag_nomem(d, (tt_loc){0});
	snprintf(label, size, "%s '%s=%s'", o->option ? o->option : "--set",
	         o->key, o->value);
	rc = tt_sv_keep_file(s, label, &c->label, d);
	free(label);
	if (rc)
		return rc;
	return parse_path(c);
}

tt_code tt_overrides_apply(tt_doc *doc, const tt_overrides *ov, tt_scenario *s,
                           tt_diag *d)
{
	tt_code rc;

	if (!ov)
		return TT_OK;
	for (size_t i = 0; i < ov->n; i++) {
		ov_ctx c;
		if ((rc = begin(&c, &ov->items[i], s, d)))
			return rc;
		if (c.n == 2 && seg_is(&c.segs[0], "workload") &&
		    seg_is(&c.segs[1], "scale")) {
			rc = apply_scale(&c, doc->root);
		} else if (is_policy_config(&c)) {
			tt_node *item = NULL, *cfg = NULL;
			if ((rc = policy_item(&c, doc->root, &item)))
				return rc;
			if (is_file_policy(item))
				continue; /* when its file is read */
			tt_aws_config_kind kind;
			if (named_config(&c, &kind)) {
				rc = walk_and_set(&c, item, 2);
			} else if (item->kind != TT_NODE_MAP) {
				char where[64];
				rc = fail(&c, c.segs[2].col,
				          "%s is %s, not a map",
				          prefix(&c, 2, where, sizeof where),
				          kind_text(item));
			} else {
				const char *key = entry_config_key(item);
				seg cs = {false, key,           strlen(key),
				          0,     c.segs[2].col, 0};
				rc = get_or_create(&c, item, &cs, TT_NODE_MAP,
				                   &cfg);
				if (!rc)
					rc = walk_and_set(&c, cfg, 2);
			}
		} else if ((is_manifest_path(&c, "hpa") ||
		            is_manifest_path(&c, "keda")) &&
		           doc->root->kind == TT_NODE_MAP) {
			/* the block, for the loader to check that the
			 * controller reads it; the field when the manifest
			 * is read */
			tt_node *block;
			rc = get_or_create(&c, doc->root, &c.segs[0],
			                   TT_NODE_MAP, &block);
		} else if (is_policy_alarm(&c)) {
			tt_node *item = NULL;
			if ((rc = policy_item(&c, doc->root, &item)))
				return rc;
			if (alarm_in_file(&c, item))
				continue; /* when its file is read */
			/* an alarm written inline is the entry's own key,
			 * whether the policy is inline or a file */
			rc = walk_and_set(&c, item, 2);
		} else {
			rc = walk_and_set(&c, doc->root, 0);
		}
		if (rc)
			return rc;
	}
	return TT_OK;
}

/* The walk of one override into each configuration of a policy file,
 * or each alarm of an alarm file. */
typedef struct config_walk {
	const ov_ctx *c;
	size_t from;
} config_walk;

static tt_code walk_config(tt_node *config, void *arg)
{
	const config_walk *w = arg;
	return walk_and_set(w->c, config, w->from);
}

tt_code tt_overrides_apply_policy_file(tt_doc *doc, size_t index,
                                       const tt_overrides *ov, tt_scenario *s,
                                       tt_diag *d)
{
	tt_code rc;

	if (!ov)
		return TT_OK;
	for (size_t i = 0; i < ov->n; i++) {
		ov_ctx c;
		if ((rc = begin(&c, &ov->items[i], s, d)))
			return rc;
		if (!is_policy_config(&c) || c.segs[1].index != index)
			continue;
		tt_aws_config_kind kind = TT_AWS_TARGET_TRACKING;
		bool named = named_config(&c, &kind);
		size_t from = named ? 3 : 2;
		if (from == c.n)
			return fail(&c, c.segs[2].col,
			            "a policy file's configuration cannot be "
			            "replaced whole: set its keys one by one, "
			            "or set 'policies[%zu].file'",
			            index);
		/* which forms hold a configuration, and where: aws_forms
		 * knows, as it does for the loader that reads the file next */
		config_walk w = {&c, from};
		size_t n;
		if ((rc = tt_aws_each_config(doc->root, kind, walk_config, &w,
		                             &n)))
			return rc;
		/* a key alone goes to the target-tracking configurations, or
		 * to the step ones of a file that holds no other */
		if (!named && n == 0 &&
		    (rc = tt_aws_each_config(doc->root, TT_AWS_STEP,
		                             walk_config, &w, &n)))
			return rc;
		if (n == 0 && named)
			return fail(&c, c.segs[2].col,
			            "'%s' holds no %s to change", doc->name,
			            tt_aws_config_key(kind));
		if (n == 0)
			return fail(&c, c.segs[2].col,
			            "'%s' holds no %s or %s to change",
			            doc->name, CONFIG_KEY, STEP_KEY);
	}
	return TT_OK;
}

tt_code tt_overrides_apply_alarm_file(tt_doc *doc, size_t policy, size_t alarm,
                                      const tt_overrides *ov, tt_scenario *s,
                                      tt_diag *d)
{
	tt_code rc;

	if (!ov)
		return TT_OK;
	for (size_t i = 0; i < ov->n; i++) {
		ov_ctx c;
		size_t index;
		if ((rc = begin(&c, &ov->items[i], s, d)))
			return rc;
		if (!is_policy_alarm(&c) || c.segs[1].index != policy)
			continue;
		/* the alarm's own keys; `alarm=...`, `alarm.file=...` and
		 * `alarm.name=...` changed the scenario's entry already */
		size_t from = alarm_key_step(&c, &index);
		if (index != alarm || !alarm_own_key(&c, from))
			continue;
		/* which shapes hold an alarm, and where: alarm_def knows, as
		 * it does for the reader that reads the file next */
		config_walk w = {&c, from};
		size_t n;
		if ((rc = tt_alarm_def_each(doc->root, walk_config, &w, &n)))
			return rc;
		if (n == 0)
			return fail(&c, c.segs[from].col,
			            "'%s' holds no alarm to change", doc->name);
	}
	return TT_OK;
}

/*
 * `keda.triggers[N].metadata.KEY`: KEDA's metadata is a map of strings
 * (a plain 20 in the file is refused as an integer), but a value on the
 * command line has no quotes to keep, and a sweep's range gives numbers:
 * a plain scalar set there is read as the string it spells.
 */
static void metadata_as_string(const ov_ctx *c, tt_node *spec)
{
	if (c->n != 5 || !seg_is(&c->segs[1], "triggers") ||
	    !c->segs[2].is_index || !seg_is(&c->segs[3], "metadata") ||
	    c->segs[4].is_index)
		return;
	/* walk_and_set put it there: every step exists */
	tt_node *t = map_find(spec, "triggers", 8)->value;
	t = t->u.seq.items[c->segs[2].index];
	t = map_find(t, "metadata", 8)->value;
	t = map_find(t, c->segs[4].name, c->segs[4].len)->value;
	if (t->kind == TT_NODE_SCALAR && !t->tag &&
	    t->u.scalar.kind == TT_SCALAR_PLAIN)
		t->u.scalar.kind = TT_SCALAR_STRING;
}

tt_code tt_overrides_apply_manifest(tt_node *obj, const char *block,
                                    const tt_overrides *ov, tt_scenario *s,
                                    tt_diag *d)
{
	tt_code rc;

	if (!ov)
		return TT_OK;
	for (size_t i = 0; i < ov->n; i++) {
		ov_ctx c;
		tt_node *spec;
		if ((rc = begin(&c, &ov->items[i], s, d)))
			return rc;
		if (!is_manifest_path(&c, block))
			continue;
		seg at = {false, "spec", 4, 0, c.segs[0].col, c.segs[0].end};
		if ((rc = get_or_create(&c, obj, &at, TT_NODE_MAP, &spec)) ||
		    (rc = walk_and_set(&c, spec, 1)))
			return rc;
		if (!strcmp(block, "keda"))
			metadata_as_string(&c, spec);
	}
	return TT_OK;
}
