/*
 * resource.h - the scalable targets Application Auto Scaling knows.
 *
 * A scalable target is named by three strings: its ResourceId
 * ("endpoint/my-endpoint/variant/AllTraffic"), its ScalableDimension
 * ("sagemaker:variant:DesiredInstanceCount") and its ServiceNamespace
 * ("sagemaker").  This module holds the table of every resource type the
 * API accepts, with the shape of its ResourceId and the cooldown a
 * target-tracking policy gets when it sets none, and checks that the three
 * strings agree.  ttsim simulates the SageMaker types; the others load and
 * validate so a scenario written for them fails only where a metric has no
 * model (metrics.c).
 */
#ifndef TTSIM_RESOURCE_H
#define TTSIM_RESOURCE_H

#include <stddef.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"

/* One row of the table: a (namespace, dimension) pair. */
typedef struct tt_resource_type {
	const char *label;             /* "SageMaker endpoint variant" */
	const char *service_namespace; /* "sagemaker" */
	const char *dimension; /* "sagemaker:variant:DesiredInstanceCount" */
	const char *pattern;   /* ResourceId shape: "endpoint/<endpoint>/..." */
	int default_cooldown_s; /* ScaleOut/ScaleInCooldown when unset */
} tt_resource_type;

/* The whole table, in a fixed order; *count is set to its length. */
const tt_resource_type *tt_resource_types(size_t *count);

/*
 * The type of a ResourceId: the row for `dimension` when it is given (NULL:
 * unknown dimension, or an id that does not fit it), else the first row
 * whose pattern the id fits (rows sharing a ResourceId shape, such as a
 * DynamoDB table's read and write capacity, share their default cooldown).
 * NULL when nothing fits.
 */
const tt_resource_type *tt_resource_find(const char *resource_id,
                                         const char *dimension);

/*
 * Check that a ResourceId, and the ScalableDimension and ServiceNamespace
 * beside it when given (NULL: absent), name one resource type; *out (may
 * be NULL) gets it.  Each error is TT_EINVAL at the loc of the string at
 * fault: "unknown ScalableDimension 'x' (...)", "ResourceId 'x' does not
 * fit ScalableDimension 'd' (expected 'pattern')", "unknown ResourceId 'x'
 * (...)", "ServiceNamespace 'x' does not match ScalableDimension 'd'
 * (expected 'ns')".
 */
tt_code tt_resource_check(const char *resource_id, tt_loc id_loc,
                          const char *dimension, tt_loc dim_loc,
                          const char *service_namespace, tt_loc ns_loc,
                          const tt_resource_type **out, tt_diag *d);

/* The default cooldown of a resource type in microseconds. */
tt_time_us tt_resource_default_cooldown_us(const tt_resource_type *t);

#endif
