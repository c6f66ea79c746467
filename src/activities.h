/*
 * activities.h - a recorded history of scaling activities, as
 * `aws application-autoscaling describe-scaling-activities` prints it.
 *
 * The reader takes the AWS CLI's JSON output as it is: one page object
 * {"ScalingActivities": [...], "NextToken": "..."}, a JSON array of such
 * pages (what `jq -s . page*.json` makes of pages fetched one by one), or
 * several page objects one after another (what `cat page*.json` makes).
 * Activities come back oldest first, whatever order the pages and the CLI
 * (newest first) gave them.  docs/calibrate.md is the user's description.
 *
 * Private to the library: `ttsim calibrate` reaches it through
 * ttsim/calibrate.h (next part), `ttsim validate` through validate.c.
 */
#ifndef TTSIM_ACTIVITIES_H
#define TTSIM_ACTIVITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "node.h"
#include "ttsim/diag.h"

/* ScalingActivity.StatusCode, in the API reference's order. */
typedef enum tt_activity_status {
	TT_ACTIVITY_PENDING,
	TT_ACTIVITY_IN_PROGRESS,
	TT_ACTIVITY_SUCCESSFUL,
	TT_ACTIVITY_OVERRIDDEN,
	TT_ACTIVITY_UNFULFILLED,
	TT_ACTIVITY_FAILED
} tt_activity_status;

/* "Pending", "InProgress", ... as the API spells them. */
const char *tt_activity_status_name(tt_activity_status status);

/* One NotScaledReasons entry; the capacities are -1 when absent. */
typedef struct tt_not_scaled {
	char *code; /* AWS's reason code, as written; owned */
	int64_t current_capacity, min_capacity, max_capacity;
	tt_loc loc; /* the entry's '{' */
} tt_not_scaled;

/*
 * One activity.  Strings are owned copies (NULL when the key is absent);
 * locations borrow the `name` given to the reader.
 */
typedef struct tt_activity {
	char *activity_id, *service_namespace, *resource_id, *dimension;
	char *description, *cause, *status_message, *details;
	tt_activity_status status;
	int64_t start_unix_us; /* StartTime */
	int64_t end_unix_us;   /* EndTime; meaningful when has_end */
	bool has_end;          /* absent while the activity is in progress */
	/*
	 * The capacity the activity sets (or, not scaled, would have set),
	 * read from the Description (tt_activity_target); -1 when the
	 * Description names none (a change of the min and max bounds).
	 */
	int64_t target;
	tt_not_scaled *not_scaled; /* NotScaledReasons, in file order */
	size_t not_scaled_count;
	tt_loc loc;           /* the activity's '{' */
	tt_loc resource_loc;  /* its ResourceId value */
	tt_loc dimension_loc; /* its ScalableDimension value */
} tt_activity;

/* A history: activities oldest first (StartTime, then file order). */
typedef struct tt_activity_list {
	tt_activity *items;
	size_t count;
	size_t pages;   /* page objects read */
	bool truncated; /* the last page read has a NextToken */
} tt_activity_list;

/*
 * True when `root` has the shape of describe-scaling-activities output: a
 * map with a "ScalingActivities" key, or a non-empty sequence whose first
 * item is one.  What `ttsim validate` tells activities files by.
 */
bool tt_activities_detect(const tt_node *root);

/*
 * Read activities from the text of a file (len bytes), named `name` in
 * locations (borrowed: keep it alive as long as the list).  Every value is
 * checked against the API reference: required keys (ActivityId,
 * ServiceNamespace, ResourceId, ScalableDimension, Description, Cause,
 * StartTime, StatusCode), known keys only, known status codes, times as
 * ISO 8601 with an offset or epoch seconds.  Errors: TT_ESYNTAX,
 * TT_EINVAL or TT_ERANGE at the exact line and column; *out is untouched
 * on failure.  Free with tt_activity_list_release.
 */
tt_code tt_activities_parse(const char *text, size_t len, const char *name,
                            tt_activity_list *out, tt_diag *d);

/* The same for a file (read whole: a pipe works); TT_EIO when unreadable. */
tt_code tt_activities_load(const char *path, tt_activity_list *out, tt_diag *d);

/*
 * Refuse a history that holds another scalable target's activities:
 * TT_EINVAL at the first foreign ResourceId in the file, naming both,
 * then (dimension not NULL) at the first foreign ScalableDimension.  A
 * history mixes targets only when the command was run without
 * --resource-id (or, for a DynamoDB table, --scalable-dimension); one
 * target at a time is what a calibration can compare.
 */
tt_code tt_activities_check_resource(const tt_activity_list *l,
                                     const char *resource_id,
                                     const char *dimension, tt_diag *d);

/*
 * The target count a Description names: the number N of its final
 * "to N" or "to N." ("Setting desired instance count to 4." for
 * SageMaker, "Setting desired count to 4." for ECS, "Setting write
 * capacity units to 10." for DynamoDB, "Setting target capacity to 3."
 * for a Spot Fleet).  -1 when it names none, or when it speaks of the
 * min or max capacity (a scheduled action's bounds); -2 when N is larger
 * than TT_ACTIVITY_MAX_CAPACITY.
 */
int64_t tt_activity_target(const char *description);

#define TT_ACTIVITY_MAX_CAPACITY 1000000000

/* Free every activity.  Accepts a zeroed list. */
void tt_activity_list_release(tt_activity_list *l);

#endif
