/*
 * scheduled_action.c - one scheduled action from any of its AWS forms.
 *
 * The four forms share their item keys (AWS's own names) and differ only
 * in the keys around them: a PutScheduledAction request and a describe
 * entry name the target, describe adds the ARN and the creation time, a
 * CloudFormation item names none.  So one reader takes a map and the form
 * it is in, and the form only changes which keys are allowed and required.
 * Times come as ISO 8601 text or, from the v1 CLI, as epoch seconds.
 */
#include "scheduled_action.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/policy.h"
#include "ttsim/simtime.h"

/* ---- keys per form ---- */

#define K_ITEM                                                                 \
	"ScheduledActionName", "Schedule", "Timezone", "StartTime", "EndTime", \
	        "ScalableTargetAction"
#define K_IDS "ServiceNamespace", "ResourceId", "ScalableDimension"

static const char *const put_keys[] = {K_ITEM, K_IDS, NULL};
static const char *const describe_keys[] = {K_ITEM, K_IDS, "ScheduledActionARN",
                                            "CreationTime", NULL};
static const char *const cfn_keys[] = {K_ITEM, NULL};
static const char *const inline_keys[] = {K_ITEM, K_IDS, NULL};

static const char *const *form_keys(tt_sa_form form)
{
	switch (form) {
	case TT_SA_FORM_PUT:
		return put_keys;
	case TT_SA_FORM_DESCRIBE:
		return describe_keys;
	case TT_SA_FORM_CFN:
		return cfn_keys;
	default:
		return inline_keys;
	}
}

/*
 * Refuse a key the form does not have, suggesting the one meant
 * ("Schedul", "startTime") or listing the allowed ones.
 */
static tt_code check_keys(const tt_node *map, const char *what,
                          const char *const *allowed, tt_diag *d)
{
	tt_code rc = tt_node_expect_map(map, what, d);
	if (rc)
		return rc;
	size_t n = 0;
	while (allowed[n])
		n++;
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tt_node_entry *e = &map->u.map.entries[i];
		size_t k;
		for (k = 0; k < n; k++)
			if (strcmp(e->key, allowed[k]) == 0)
				break;
		if (k < n)
			continue;
		char hint[256];
		tt_policy_did_you_mean(hint, sizeof hint, e->key, allowed, n);
		if (hint[0]) {
			char key[64];
			tt_diag_escape(e->key, strnlen(e->key, 48), key,
			               sizeof key);
			return tt_diag_set(d, TT_EINVAL, e->key_loc,
			                   "unknown key '%s' in '%s'%s", key,
			                   what, hint);
		}
		/* No close name: the node module's message lists them. */
		return tt_node_check_keys(map, what, allowed, d);
	}
	return TT_OK;
}

/* ---- values ---- */

static tt_code copy_string(const char *s, tt_loc loc, char **out, tt_diag *d)
{
	size_t n = strlen(s);
	*out = malloc(n + 1);
	if (!*out)
		return tt_diag_nomem(d, loc);
	memcpy(*out, s, n + 1);
	return TT_OK;
}

/* A required non-empty string, copied. */
static tt_code read_string(const tt_node *map, const char *what,
                           const char *key, bool required, char **out,
                           tt_loc *loc, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, key);
	const char *v;
	tt_code rc;
	if (!n)
		return required ? tt_node_require(map, what, key, &n, d)
		                : TT_OK;
	if ((rc = tt_node_string(n, key, &v, d)))
		return rc;
	if (!v[0])
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'%s' must not be empty", key);
	*loc = n->loc;
	return copy_string(v, n->loc, out, d);
}

/* ScheduledActionName: AWS's length and characters. */
static tt_code check_name(const char *name, tt_loc loc, tt_diag *d)
{
	size_t n = strlen(name);
	if (n > TT_SCHEDULED_ACTION_NAME_MAX)
		return tt_diag_set(d, TT_EINVAL, loc,
		                   "'ScheduledActionName' must be at most %d "
		                   "characters, got %zu",
		                   TT_SCHEDULED_ACTION_NAME_MAX, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7f || c == ':' || c == '/' || c == '|' ||
		    (i == 0 && c == ' ')) {
			char buf[64];
			tt_diag_escape(name, n > 40 ? 40 : n, buf, sizeof buf);
			return tt_diag_set(
			        d, TT_EINVAL, loc,
			        "'ScheduledActionName' must not start "
			        "with a space or hold ':', '/', '|' or "
			        "control characters, got '%s'",
			        buf);
		}
	}
	return TT_OK;
}

/* The first Unix microsecond after the cron years. */
static int64_t time_limit_us(void)
{
	return tt_days_from_civil(TT_CRON_YEAR_MAX + 1, 1, 1) * 86400 *
	       TT_US_PER_S;
}

/*
 * StartTime / EndTime: "2021-01-30T12:00:00Z" (a zone offset allowed; no
 * zone means UTC, as AWS reads it) or epoch seconds as the v1 CLI prints
 * them (1611993600.0).
 */
static tt_code read_time(const tt_node *map, const char *key, bool *has,
                         int64_t *out, tt_loc *loc, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, key);
	char buf[64];
	*has = false;
	if (!n)
		return TT_OK;
	*loc = n->loc;
	if (tt_node_is_expression(n)) {
		const char *ignored;
		return tt_node_string(n, key, &ignored, d);
	}
	if (n->kind == TT_NODE_SCALAR && tt_node_is_number(n)) {
		if (!tt_seconds_parse(n->u.scalar.text, n->u.scalar.len, out)) {
			double v;
			tt_code rc = tt_node_number(n, key, &v, d);
			if (rc)
				return rc;
			if (!(v >= 0 && v < 1e11))
				goto range;
			*out = llround(v * 1e6);
		}
	} else {
		const char *text;
		tt_code rc = tt_node_string(n, key, &text, d);
		if (rc)
			return rc;
		if (!tt_iso8601_parse(text, strlen(text), out) &&
		    !tt_calendar_parse(text, strlen(text), out)) {
			tt_diag_escape(text, strnlen(text, 40), buf,
			               sizeof buf);
			return tt_diag_set(d, TT_EINVAL, n->loc,
			                   "'%s' must be a UTC date and time "
			                   "('2021-01-30T12:00:00Z') or epoch "
			                   "seconds, got '%s'",
			                   key, buf);
		}
	}
	if (*out < 0 || *out >= time_limit_us())
		goto range;
	*has = true;
	return TT_OK;
range:
	return tt_diag_set(d, TT_ERANGE, n->loc,
	                   "'%s' must be from 1970 to %d, got '%s'", key,
	                   TT_CRON_YEAR_MAX,
	                   n->kind == TT_NODE_SCALAR ? n->u.scalar.text : "?");
}

/* ScalableTargetAction: one or both bounds, min <= max. */
static tt_code read_bounds(const tt_node *map, const char *action_name,
                           tt_scheduled_action *a, tt_diag *d)
{
	static const char *const keys[] = {"MinCapacity", "MaxCapacity", NULL};
	const tt_node *sta = tt_node_map_get(map, "ScalableTargetAction");
	const tt_node *n;
	tt_code rc;

	if (!sta)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "scheduled action '%s' needs "
		                   "'ScalableTargetAction' with 'MinCapacity', "
		                   "'MaxCapacity' or both",
		                   action_name);
	if ((rc = check_keys(sta, "ScalableTargetAction", keys, d)))
		return rc;
	if ((n = tt_node_map_get(sta, "MinCapacity"))) {
		if ((rc = tt_node_int(n, "MinCapacity", 0, INT32_MAX,
		                      &a->min_capacity, d)))
			return rc;
		a->has_min = true;
		a->locs.min = n->loc;
	}
	if ((n = tt_node_map_get(sta, "MaxCapacity"))) {
		if ((rc = tt_node_int(n, "MaxCapacity", 0, INT32_MAX,
		                      &a->max_capacity, d)))
			return rc;
		a->has_max = true;
		a->locs.max = n->loc;
	}
	if (!a->has_min && !a->has_max)
		return tt_diag_set(
		        d, TT_EINVAL, sta->loc,
		        "'ScalableTargetAction' needs 'MinCapacity', "
		        "'MaxCapacity' or both");
	if (a->has_min && a->has_max && a->min_capacity > a->max_capacity)
		return tt_diag_set(
		        d, TT_EINVAL, a->locs.min,
		        "'MinCapacity' must be <= 'MaxCapacity', got "
		        "%lld > %lld",
		        (long long)a->min_capacity, (long long)a->max_capacity);
	return TT_OK;
}

/*
 * Where a string's text begins: one column after a quote.  JSON strings
 * and quoted YAML scalars start with one; plain YAML scalars do not.
 */
static tt_loc text_loc(const tt_node *n)
{
	tt_loc loc = n->loc;
	if (n->kind == TT_NODE_SCALAR && n->u.scalar.kind == TT_SCALAR_STRING &&
	    loc.col > 0)
		loc.col++;
	return loc;
}

tt_code tt_scheduled_action_read(const tt_node *map, tt_sa_form form,
                                 const char *what, const char *zoneinfo_dir,
                                 tt_scheduled_action *out, tt_diag *d)
{
	bool ids = form == TT_SA_FORM_PUT || form == TT_SA_FORM_DESCRIBE;
	tt_scheduled_action a;
	const tt_node *n;
	tt_code rc;

	memset(&a, 0, sizeof a);
	tt_tz_utc(&a.tz);
	memset(out, 0, sizeof *out);
	tt_tz_utc(&out->tz);
	if ((rc = check_keys(map, what, form_keys(form), d)))
		return rc;
	a.locs.action = map->loc;
	if ((rc = read_string(map, what, "ScheduledActionName", true, &a.name,
	                      &a.locs.name, d)) ||
	    (rc = check_name(a.name, a.locs.name, d)) ||
	    (rc = read_string(map, what, "ServiceNamespace", ids,
	                      &a.service_namespace, &a.locs.service_namespace,
	                      d)) ||
	    (rc = read_string(map, what, "ResourceId", ids, &a.resource_id,
	                      &a.locs.resource_id, d)) ||
	    (rc = read_string(map, what, "ScalableDimension", ids,
	                      &a.scalable_dimension, &a.locs.scalable_dimension,
	                      d)) ||
	    (rc = read_string(map, what, "Schedule", true, &a.schedule_text,
	                      &a.locs.schedule, d)))
		goto release;
	n = tt_node_map_get(map, "Schedule");
	a.locs.schedule = text_loc(n);
	if ((rc = tt_schedule_parse(a.schedule_text, strlen(a.schedule_text),
	                            a.locs.schedule, &a.schedule, d)))
		goto release;
	if ((rc = read_string(map, what, "Timezone", false, &a.timezone,
	                      &a.locs.timezone, d)))
		goto release;
	if (a.timezone && (rc = tt_tz_load(a.timezone, zoneinfo_dir,
	                                   a.locs.timezone, &a.tz, d)))
		goto release;
	if ((rc = read_time(map, "StartTime", &a.has_start, &a.start_unix_us,
	                    &a.locs.start, d)) ||
	    (rc = read_time(map, "EndTime", &a.has_end, &a.end_unix_us,
	                    &a.locs.end, d)))
		goto release;
	if (a.has_start && a.has_end && a.end_unix_us < a.start_unix_us) {
		const tt_node *s = tt_node_map_get(map, "StartTime");
		const tt_node *e = tt_node_map_get(map, "EndTime");
		rc = tt_diag_set(d, TT_EINVAL, a.locs.end,
		                 "'EndTime' must not be before 'StartTime', "
		                 "got '%s' < '%s'",
		                 e->u.scalar.text, s->u.scalar.text);
		goto release;
	}
	if ((rc = read_bounds(map, a.name, &a, d)))
		goto release;
	*out = a;
	return TT_OK;
release:
	tt_scheduled_action_release(&a);
	return rc;
}

/* ---- documents ---- */

static bool has(const tt_node *map, const char *key)
{
	return map && map->kind == TT_NODE_MAP &&
	       tt_node_map_find(map, key) != NULL;
}

/* A map's form, by its keys. */
static tt_sa_form detect(const tt_node *map)
{
	if (has(map, "ScheduledActionARN") || has(map, "CreationTime"))
		return TT_SA_FORM_DESCRIBE;
	if (has(map, "ServiceNamespace") || has(map, "ResourceId") ||
	    has(map, "ScalableDimension"))
		return TT_SA_FORM_PUT;
	return TT_SA_FORM_INLINE;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ScheduledActionName is unique per target (AWS: a second put updates
 * the first; in one file it is a mistake). */
static tt_code check_unique(const tt_scheduled_actions *l, size_t from,
                            const tt_scheduled_action *a, tt_diag *d)
{
	for (size_t i = from; i < l->count; i++) {
		const tt_scheduled_action *o = &l->items[i];
		if (strcmp(o->name, a->name) == 0 &&
		    same(o->resource_id, a->resource_id) &&
		    same(o->scalable_dimension, a->scalable_dimension))
			return tt_diag_set(d, TT_EINVAL, a->locs.name,
			                   "duplicate ScheduledActionName '%s' "
			                   "(first at line %d)",
			                   a->name, o->locs.name.line);
	}
	return TT_OK;
}

static tt_code append(tt_scheduled_actions *l, size_t from,
                      tt_scheduled_action *a, tt_diag *d)
{
	tt_code rc = check_unique(l, from, a, d);
	if (rc) {
		tt_scheduled_action_release(a);
		return rc;
	}
	tt_scheduled_action *grown =
	        realloc(l->items, (l->count + 1) * sizeof *grown);
	if (!grown) {
		tt_scheduled_action_release(a);
		return tt_diag_nomem(d, a->locs.action);
	}
	l->items = grown;
	l->items[l->count++] = *a;
	return TT_OK;
}

/* A list of actions: describe's entries (`describe`), or a bare list
 * whose entries each say their form by their keys. */
static tt_code read_list(const tt_node *seq, bool describe,
                         const char *zoneinfo_dir, tt_scheduled_actions *out,
                         size_t from, tt_diag *d)
{
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		const tt_node *e = seq->u.seq.items[i];
		tt_scheduled_action a;
		char what[48];
		tt_code rc;
		snprintf(what, sizeof what, "ScheduledActions[%zu]", i);
		if ((rc = tt_node_expect_map(e, what, d)) ||
		    (rc = tt_scheduled_action_read(
		             e, describe ? TT_SA_FORM_DESCRIBE : detect(e),
		             what, zoneinfo_dir, &a, d)) ||
		    (rc = append(out, from, &a, d)))
			return rc;
	}
	return TT_OK;
}

tt_code tt_scheduled_actions_read(const tt_node *root, const char *zoneinfo_dir,
                                  tt_scheduled_actions *out, tt_diag *d)
{
	static const char *const describe_top[] = {"ScheduledActions",
	                                           "NextToken", NULL};
	size_t from = out->count;
	tt_code rc;

	if (root->kind == TT_NODE_SEQ) {
		rc = read_list(root, false, zoneinfo_dir, out, from, d);
	} else if (has(root, "ScheduledActions")) {
		const tt_node *seq = tt_node_map_get(root, "ScheduledActions");
		if (!(rc = check_keys(root, "describe-scheduled-actions",
		                      describe_top, d)) &&
		    !(rc = tt_node_expect_seq(seq, "ScheduledActions", d)))
			rc = read_list(seq, true, zoneinfo_dir, out, from, d);
	} else {
		tt_sa_form form = detect(root);
		const char *what = form == TT_SA_FORM_PUT ? "PutScheduledAction"
		                   : form == TT_SA_FORM_DESCRIBE
		                           ? "ScheduledActions[0]"
		                           : "scheduled action";
		tt_scheduled_action a;
		if (!(rc = tt_node_expect_map(root, what, d)) &&
		    !(rc = tt_scheduled_action_read(root, form, what,
		                                    zoneinfo_dir, &a, d)))
			rc = append(out, from, &a, d);
	}
	if (rc) {
		/* Keep what *out had before this document. */
		while (out->count > from)
			tt_scheduled_action_release(&out->items[--out->count]);
	}
	return rc;
}

tt_code tt_scheduled_actions_load(const char *path, const char *zoneinfo_dir,
                                  tt_scheduled_actions *out, tt_diag *d)
{
	tt_doc doc = {0};
	tt_doc_kind kind;
	tt_code rc = tt_doc_load_any(path, path, &doc, &kind, d);
	if (rc)
		return rc;
	if (kind == TT_DOC_HCL)
		rc = tt_diag_set(
		        d, TT_EINVAL, (tt_loc){path, 1, 1},
		        "this file is Terraform, not a scheduled action "
		        "(use it in a scenario as 'terraform: {files: "
		        "[FILE]}')");
	else
		rc = tt_scheduled_actions_read(doc.root, zoneinfo_dir, out, d);
	tt_doc_release(&doc);
	return rc;
}

tt_code tt_scheduled_action_plan(const tt_scheduled_action *a, bool has_origin,
                                 int64_t origin_unix_us, tt_time_us horizon_us,
                                 const tt_schedule_knobs *knobs,
                                 tt_schedule_plan *out, tt_diag *d)
{
	*out = (tt_schedule_plan){
	        .schedule = &a->schedule,
	        .tz = &a->tz,
	        .has_start = a->has_start,
	        .has_end = a->has_end,
	        .start_unix_us = a->start_unix_us,
	        .end_unix_us = a->end_unix_us,
	        .has_origin = has_origin,
	        .origin_unix_us = origin_unix_us,
	        .horizon_us = horizon_us,
	        .knobs = knobs ? *knobs : tt_schedule_knobs_default(),
	};
	return tt_schedule_plan_check(out, a->locs.schedule, d);
}

void tt_scheduled_action_release(tt_scheduled_action *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->schedule_text);
	free(a->timezone);
	free(a->service_namespace);
	free(a->resource_id);
	free(a->scalable_dimension);
	tt_tz_release(&a->tz);
	memset(a, 0, sizeof *a);
	tt_tz_utc(&a->tz);
}

void tt_scheduled_actions_release(tt_scheduled_actions *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		tt_scheduled_action_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}
