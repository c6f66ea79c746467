/*
 * scheduled_action.h - scheduled actions read from the forms AWS users
 * keep them in.
 *
 * A scheduled action (SPEC 14.1) sets a scalable target's MinCapacity
 * and/or MaxCapacity on a schedule.  Users keep them as a PutScheduledAction
 * request (`aws application-autoscaling put-scheduled-action
 * --cli-input-json`), as the output of describe-scheduled-actions, as the
 * `ScheduledActions` list of a CloudFormation ScalableTarget, or written
 * inline in a scenario with AWS's keys.  All four land in the same plain
 * struct, validated by the same code, with the place of every value kept
 * for later messages.
 *
 * This module knows the shapes and the rules of one action; it knows
 * nothing of scenarios, runs or targets beyond copying the names a form
 * gives (the scenario claims them, as it does for policies).  When the
 * action runs is schedule.h's business: tt_scheduled_action_plan places
 * one on a run.
 */
#ifndef TTSIM_SCHEDULED_ACTION_H
#define TTSIM_SCHEDULED_ACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node.h"
#include "schedule.h"
#include "tz.h"

/* AWS's limit on ScheduledActionName. */
#define TT_SCHEDULED_ACTION_NAME_MAX 256

/* The shape one action map comes in: it decides the keys allowed. */
typedef enum tt_sa_form {
	TT_SA_FORM_PUT,      /* a PutScheduledAction request */
	TT_SA_FORM_DESCRIBE, /* an entry of describe-scheduled-actions */
	TT_SA_FORM_CFN,   /* an item of a ScalableTarget's ScheduledActions */
	TT_SA_FORM_INLINE /* a scenario's inline item: CFN's keys, and
	                      * the target's three names if wanted */
} tt_sa_form;

/* Where each value of an action was read (line 0 when absent). */
typedef struct tt_sa_locs {
	tt_loc action, name, schedule, timezone, start, end, min, max;
	tt_loc service_namespace, resource_id, scalable_dimension;
} tt_sa_locs;

/*
 * One scheduled action.  Owns its strings and its zone; release with
 * tt_scheduled_action_release.  Locations borrow the document's name.
 */
typedef struct tt_scheduled_action {
	char *name;          /* ScheduledActionName */
	char *schedule_text; /* Schedule, as written */
	tt_schedule schedule;
	char *timezone; /* Timezone as written; NULL: none given */
	tt_tz tz;       /* the zone loaded (UTC when none) */
	bool has_start, has_end;
	int64_t start_unix_us, end_unix_us; /* StartTime, EndTime (UTC) */
	bool has_min, has_max;
	int64_t min_capacity, max_capacity; /* ScalableTargetAction */
	/* The target the form names; NULL where it names none (CFN and
	 * usually inline). */
	char *service_namespace, *resource_id, *scalable_dimension;
	tt_sa_locs locs;
} tt_scheduled_action;

/* A document's actions, in document order.  Caller-owned. */
typedef struct tt_scheduled_actions {
	tt_scheduled_action *items;
	size_t count;
} tt_scheduled_actions;

/*
 * Read one action map of the given form into *out.  `what` names the map
 * in messages ("ScheduledActions[2]"); `zoneinfo_dir` is where zones are
 * read (NULL: TT_TZ_DIR_DEFAULT).  Checks, each a located TT_EINVAL (or
 * TT_ERANGE) error: keys allowed for the form (unknown ones with a "did
 * you mean"), required keys, the Schedule (schedule.h's messages), the
 * zone, StartTime/EndTime (ISO 8601 text or epoch seconds) and EndTime
 * not before StartTime, ScalableTargetAction with at least one bound and
 * not min > max.  This is what the CloudFormation reader calls for each
 * item of `ScheduledActions` (TT_SA_FORM_CFN).  On failure *out holds
 * nothing.
 */
tt_code tt_scheduled_action_read(const tt_node *map, tt_sa_form form,
                                 const char *what, const char *zoneinfo_dir,
                                 tt_scheduled_action *out, tt_diag *d);

/*
 * Read a whole document: a PutScheduledAction request, describe output
 * (`{"ScheduledActions": [...]}`, its list alone, or one entry alone), or
 * one inline map, told apart by their keys.  Names must be unique per
 * target within the document.  Appends to *out (zero it first); on
 * failure *out keeps what it had.
 */
tt_code tt_scheduled_actions_read(const tt_node *root, const char *zoneinfo_dir,
                                  tt_scheduled_actions *out, tt_diag *d);

/*
 * Load a JSON or YAML file (tt_doc_load_any) and read it as above.  `path`
 * names the file in locations and must outlive *out.
 */
tt_code tt_scheduled_actions_load(const char *path, const char *zoneinfo_dir,
                                  tt_scheduled_actions *out, tt_diag *d);

/*
 * Place an action on a run (tt_schedule_plan borrowing the action's
 * schedule and zone) with the run's wall-clock origin (has_origin false:
 * the run has none), horizon and knobs; then tt_schedule_plan_check with
 * the Schedule's location.
 */
tt_code tt_scheduled_action_plan(const tt_scheduled_action *a, bool has_origin,
                                 int64_t origin_unix_us, tt_time_us horizon_us,
                                 const tt_schedule_knobs *knobs,
                                 tt_schedule_plan *out, tt_diag *d);

/* Free what an action owns.  Accepts NULL. */
void tt_scheduled_action_release(tt_scheduled_action *a);

/* Free every action and the array; leaves *l empty.  Accepts NULL. */
void tt_scheduled_actions_release(tt_scheduled_actions *l);

#endif
