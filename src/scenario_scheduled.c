/*
 * scenario_scheduled.c - a scenario's scheduled actions: where they come
 * from and what they need from the rest of the scenario.
 *
 * The actions themselves are read by scheduled_action.c, whatever their
 * form; this file knows the scenario around them.  `scheduled:` is a list
 * whose items are a file (a PutScheduledAction request or the output of
 * describe-scheduled-actions) or one action written inline with AWS's
 * keys.  A describe file commonly lists several targets' actions, so, as
 * for policies, those of other targets are skipped.  The run's wall clock
 * is `simulation.start` or a trace's timestamps; only the first is known
 * before the run, so an at() or cron() action on a synthetic workload
 * without `simulation.start` is refused here, where `ttsim validate`
 * sees it, and one on a trace without timestamps when the run starts.
 */
#include "scenario_scheduled.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule.h"
#include "scenario_values.h"
#include "ttsim/simtime.h"

void tt_sv_scheduled_knobs_default(tt_aws_knobs *k)
{
	/* Field by field: a struct copy may carry a temporary's padding,
	 * and knobs are compared whole (memcmp) by their tests. */
	tt_schedule_knobs sk = tt_schedule_knobs_default();
	k->schedule.cron_seconds = sk.cron_seconds;
	k->schedule.start_time_run = sk.start_time_run;
	k->schedule.rate_without_start = sk.rate_without_start;
	k->schedule.end_time_inclusive = sk.end_time_inclusive;
	k->schedule.dst_gap = sk.dst_gap;
	k->schedule.dst_overlap = sk.dst_overlap;
	k->scheduled_delay_us = 0;
	k->scheduled_starts_cooldown = false;
	k->scheduled_ends_scale_in_cooldown = false;
	k->scheduled_min_gt_max = TT_SCHED_MIN_GT_MAX_FAIL;
	k->scheduled_while_updating = TT_SCHED_WHILE_UPDATING_RETRY;
}

const char *const tt_sv_cron_seconds_names[] = {"ignore", "honor", NULL};
const char *const tt_sv_start_time_run_names[] = {"rate", "all", NULL};
const char *const tt_sv_rate_without_start_names[] = {"immediate", "after_one",
                                                      NULL};
const char *const tt_sv_dst_gap_names[] = {"skip", "shift", NULL};
const char *const tt_sv_dst_overlap_names[] = {"once", "twice", NULL};
const char *const tt_sv_min_gt_max_names[] = {"fail", "raise_other", NULL};
const char *const tt_sv_while_updating_names[] = {"retry", "fail", NULL};

/* An enum knob of `aws:`, when given. */
static tt_code knob_enum(const tt_node *aws, const char *key,
                         const char *const *names, int *out, tt_diag *d)
{
	const tt_node *n = tt_node_map_get(aws, key);
	return n ? tt_sv_enum(n, key, names, out, d) : TT_OK;
}

static tt_code knob_bool(const tt_node *aws, const char *key, bool *out,
                         tt_diag *d)
{
	const tt_node *n = tt_node_map_get(aws, key);
	return n ? tt_node_bool(n, key, out, d) : TT_OK;
}

/* The scheduled knobs of `aws:` (load_aws has set the defaults and
 * checked the map's keys). */
static tt_code read_knobs(tt_scenario *s, const tt_node *root, tt_diag *d)
{
	const tt_node *aws = tt_node_map_get(root, "aws"), *n;
	tt_aws_knobs *k = &s->aws;
	int v[7] = {(int)k->schedule.cron_seconds,
	            (int)k->schedule.start_time_run,
	            (int)k->schedule.rate_without_start,
	            (int)k->schedule.dst_gap,
	            (int)k->schedule.dst_overlap,
	            (int)k->scheduled_min_gt_max,
	            (int)k->scheduled_while_updating};
	tt_code rc;

	if (!aws)
		return TT_OK;
	if ((rc = knob_enum(aws, "cron_seconds", tt_sv_cron_seconds_names,
	                    &v[0], d)) ||
	    (rc = knob_enum(aws, "start_time_run", tt_sv_start_time_run_names,
	                    &v[1], d)) ||
	    (rc = knob_enum(aws, "rate_without_start",
	                    tt_sv_rate_without_start_names, &v[2], d)) ||
	    (rc = knob_bool(aws, "end_time_inclusive",
	                    &k->schedule.end_time_inclusive, d)) ||
	    (rc = knob_enum(aws, "dst_gap", tt_sv_dst_gap_names, &v[3], d)) ||
	    (rc = knob_enum(aws, "dst_overlap", tt_sv_dst_overlap_names, &v[4],
	                    d)) ||
	    (rc = knob_bool(aws, "scheduled_starts_cooldown",
	                    &k->scheduled_starts_cooldown, d)) ||
	    (rc = knob_bool(aws, "scheduled_ends_scale_in_cooldown",
	                    &k->scheduled_ends_scale_in_cooldown, d)) ||
	    (rc = knob_enum(aws, "scheduled_min_gt_max", tt_sv_min_gt_max_names,
	                    &v[5], d)) ||
	    (rc = knob_enum(aws, "scheduled_while_updating",
	                    tt_sv_while_updating_names, &v[6], d)))
		return rc;
	if ((n = tt_node_map_get(aws, "scheduled_delay")) &&
	    (rc = tt_sv_duration(n, "scheduled_delay", &k->scheduled_delay_us,
	                         d)))
		return rc;
	k->schedule.cron_seconds = (tt_cron_seconds)v[0];
	k->schedule.start_time_run = (tt_start_time_run)v[1];
	k->schedule.rate_without_start = (tt_rate_without_start)v[2];
	k->schedule.dst_gap = (tt_dst_gap)v[3];
	k->schedule.dst_overlap = (tt_dst_overlap)v[4];
	k->scheduled_min_gt_max = (tt_sched_min_gt_max)v[5];
	k->scheduled_while_updating = (tt_sched_while_updating)v[6];
	return TT_OK;
}

/* `simulation.start`: the wall clock at the run's time 0. */
static tt_code read_start(tt_scenario *s, const tt_node *root, tt_diag *d)
{
	const tt_node *sim = tt_node_map_get(root, "simulation");
	const tt_node *n = sim ? tt_node_map_get(sim, "start") : NULL;
	const char *text;
	char buf[64];
	int64_t us;
	tt_code rc;

	if (!n)
		return TT_OK;
	if ((rc = tt_node_string(n, "start", &text, d)))
		return rc;
	tt_diag_escape(text, strnlen(text, 40), buf, sizeof buf);
	if (!tt_iso8601_parse(text, strlen(text), &us))
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'start' must be a UTC date and time "
		                   "('2021-03-08T00:00:00Z'), got '%s'",
		                   buf);
	/* The timeline's timestamps are whole seconds from this origin,
	 * and a schedule's runs are whole seconds too. */
	if (us % TT_US_PER_S)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'start' must be a whole second, got '%s'",
		                   buf);
	if (us < 0 || us >= tt_days_from_civil(TT_CRON_YEAR_MAX + 1, 1, 1) *
	                              86400 * TT_US_PER_S)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'start' must be from 1970 to %d, got '%s'",
		                   TT_CRON_YEAR_MAX, buf);
	s->has_start = true;
	s->start_unix_us = us;
	s->locs.start = n->loc;
	return TT_OK;
}

static bool same_or_unnamed(const char *action, const char *scenario)
{
	return !action || !scenario || strcmp(action, scenario) == 0;
}

/* Whether an action is for the scenario's scalable target. */
static bool for_target(const tt_scenario *s, const tt_scheduled_action *a)
{
	return same_or_unnamed(a->resource_id, s->resource) &&
	       same_or_unnamed(a->scalable_dimension, s->scalable_dimension);
}

tt_code tt_sv_scheduled_add(tt_scenario *s, tt_scheduled_action *a, tt_diag *d)
{
	tt_code rc = TT_OK;
	/* A bound beyond any scenario's capacity would launch that many
	 * instances. */
	if ((a->has_min && a->min_capacity > TT_SV_SCHEDULED_CAPACITY_MAX) ||
	    (a->has_max && a->max_capacity > TT_SV_SCHEDULED_CAPACITY_MAX)) {
		bool min = a->has_min &&
		           a->min_capacity > TT_SV_SCHEDULED_CAPACITY_MAX;
		rc = tt_diag_set(
		        d, TT_ERANGE, min ? a->locs.min : a->locs.max,
		        "'%s' must be at most %d, got %lld",
		        min ? "MinCapacity" : "MaxCapacity",
		        TT_SV_SCHEDULED_CAPACITY_MAX,
		        (long long)(min ? a->min_capacity : a->max_capacity));
		goto release_action;
	}
	for (size_t i = 0; i < s->n_scheduled; i++) {
		const tt_scheduled_action *o = &s->scheduled[i];
		if (strcmp(o->name, a->name) == 0) {
			rc = tt_diag_set(d, TT_EINVAL, a->locs.name,
			                 "duplicate ScheduledActionName '%s' "
			                 "(first at %s:%d)",
			                 a->name,
			                 o->locs.name.file ? o->locs.name.file
			                                   : "?",
			                 o->locs.name.line);
			goto release_action;
		}
	}
	tt_scheduled_action *grown =
	        realloc(s->scheduled, (s->n_scheduled + 1) * sizeof *grown);
	if (!grown) {
		rc = tt_diag_nomem(d, a->locs.action);
		goto release_action;
	}
	s->scheduled = grown;
	s->scheduled[s->n_scheduled++] = *a;
	/* moved: the scenario owns the strings and the zone now */
	memset(a, 0, sizeof *a);
	tt_tz_utc(&a->tz);
	return TT_OK;
release_action:
	tt_scheduled_action_release(a);
	return rc;
}

/* `{file: F}`: a PutScheduledAction request or describe output. */
static tt_code load_file_item(tt_scenario *s, const tt_node *item,
                              const char *dir, tt_diag *d)
{
	static const char *const keys[] = {"file", NULL};
	const tt_node *n = tt_node_map_get(item, "file");
	tt_scheduled_actions list = {0};
	const char *kept;
	size_t other = 0, used = 0;
	tt_code rc;

	if ((rc = tt_node_check_keys(item, "scheduled", keys, d)) ||
	    (rc = tt_sv_open_file(s, n, dir, "scheduled action file", &kept,
	                          d)) ||
	    (rc = tt_scheduled_actions_load(kept, NULL, &list, d)))
		return rc;
	for (size_t i = 0; i < list.count && !rc; i++) {
		if (!for_target(s, &list.items[i])) {
			other++;
			continue;
		}
		used++;
		rc = tt_sv_scheduled_add(s, &list.items[i], d);
	}
	tt_scheduled_actions_release(&list);
	if (rc)
		return rc;
	if (used == 0)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "no scheduled action for '%s' in '%s' (%zu "
		                   "for other scalable targets)",
		                   s->resource, kept, other);
	return TT_OK;
}

/* An inline action: AWS's keys, the target's names optional. */
static tt_code load_inline_item(tt_scenario *s, const tt_node *item,
                                size_t index, tt_diag *d)
{
	tt_scheduled_action a;
	char what[48];
	snprintf(what, sizeof what, "scheduled[%zu]", index);
	tt_code rc = tt_scheduled_action_read(item, TT_SA_FORM_INLINE, what,
	                                      NULL, &a, d);
	if (rc)
		return rc;
	if (!for_target(s, &a)) {
		bool res = !same_or_unnamed(a.resource_id, s->resource);
		rc = tt_diag_set(
		        d, TT_EINVAL,
		        res ? a.locs.resource_id : a.locs.scalable_dimension,
		        "%s '%s' does not match the scenario's %s '%s'",
		        res ? "ResourceId" : "ScalableDimension",
		        res ? a.resource_id : a.scalable_dimension,
		        res ? "resource" : "scalable_dimension",
		        res ? s->resource : s->scalable_dimension);
		tt_scheduled_action_release(&a);
		return rc;
	}
	return tt_sv_scheduled_add(s, &a, d);
}

/*
 * What the scenario alone says of the wall clock: `simulation.start`, or
 * none for a synthetic workload.  A trace's is known when it is opened.
 */
static tt_code check_wallclock(const tt_scenario *s, tt_diag *d)
{
	if (s->has_start || s->workload.kind != TT_WORKLOAD_SYNTHETIC)
		return TT_OK;
	for (size_t i = 0; i < s->n_scheduled; i++) {
		tt_schedule_plan plan;
		tt_code rc = tt_scheduled_action_plan(
		        &s->scheduled[i], false, 0, TT_TIME_MAX,
		        &s->aws.schedule, &plan, d);
		if (rc)
			return rc;
	}
	return TT_OK;
}

tt_code tt_sv_scheduled(tt_scenario *s, const tt_node *root, const char *dir,
                        tt_diag *d)
{
	const tt_node *seq = tt_node_map_get(root, "scheduled");
	tt_code rc;

	if ((rc = read_knobs(s, root, d)) || (rc = read_start(s, root, d)))
		return rc;
	if (seq) {
		if ((rc = tt_node_expect_seq(seq, "scheduled", d)))
			return rc;
		for (size_t i = 0; i < seq->u.seq.count; i++) {
			const tt_node *item = seq->u.seq.items[i];
			if ((rc = tt_node_expect_map(item, "scheduled", d)))
				return rc;
			rc = tt_node_map_get(item, "file")
			             ? load_file_item(s, item, dir, d)
			             : load_inline_item(s, item, i, d);
			if (rc)
				return rc;
		}
	}
	return check_wallclock(s, d);
}

void tt_sv_scheduled_release(tt_scenario *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_scheduled; i++)
		tt_scheduled_action_release(&s->scheduled[i]);
	free(s->scheduled);
	s->scheduled = NULL;
	s->n_scheduled = 0;
}
