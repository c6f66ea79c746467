/*
 * resource.c - the table of Application Auto Scaling resource types and a
 * matcher for their ResourceIds.
 *
 * Each ResourceId shape is written as a pattern: literal text, `<name>` for
 * one non-empty segment (no '/' or ':', which separate segments in every
 * shape AWS uses) and `<...>` at the end for anything non-empty (a custom
 * resource's URL).  The same pattern is the "expected" text of messages.
 *
 * Default cooldowns (TargetTrackingScalingPolicyConfiguration, AWS API
 * reference): 300 s for ECS services, Spot Fleet requests, EMR clusters,
 * AppStream fleets, Aurora and Neptune clusters, SageMaker variants and
 * inference components, WorkSpaces pools and custom resources; 0 for
 * DynamoDB tables and indexes, Comprehend endpoints, Lambda provisioned
 * concurrency, Keyspaces tables and MSK broker storage; 600 s for
 * ElastiCache.
 */
#include "ttsim/resource.h"

#include <stdbool.h>
#include <string.h>

static const tt_resource_type types[] = {
        {"SageMaker endpoint variant", "sagemaker",
         "sagemaker:variant:DesiredInstanceCount",
         "endpoint/<endpoint>/variant/<variant>", 300},
        {"SageMaker serverless endpoint variant", "sagemaker",
         "sagemaker:variant:DesiredProvisionedConcurrency",
         "endpoint/<endpoint>/variant/<variant>", 300},
        {"SageMaker inference component", "sagemaker",
         "sagemaker:inference-component:DesiredCopyCount",
         "inference-component/<name>", 300},
        {"ECS service", "ecs", "ecs:service:DesiredCount",
         "service/<cluster>/<service>", 300},
        {"Spot Fleet request", "ec2", "ec2:spot-fleet-request:TargetCapacity",
         "spot-fleet-request/<id>", 300},
        {"EMR instance group", "elasticmapreduce",
         "elasticmapreduce:instancegroup:InstanceCount",
         "instancegroup/<cluster>/<group>", 300},
        {"AppStream fleet", "appstream", "appstream:fleet:DesiredCapacity",
         "fleet/<fleet>", 300},
        {"DynamoDB table (reads)", "dynamodb",
         "dynamodb:table:ReadCapacityUnits", "table/<table>", 0},
        {"DynamoDB table (writes)", "dynamodb",
         "dynamodb:table:WriteCapacityUnits", "table/<table>", 0},
        {"DynamoDB global secondary index (reads)", "dynamodb",
         "dynamodb:index:ReadCapacityUnits", "table/<table>/index/<index>", 0},
        {"DynamoDB global secondary index (writes)", "dynamodb",
         "dynamodb:index:WriteCapacityUnits", "table/<table>/index/<index>", 0},
        {"Aurora DB cluster", "rds", "rds:cluster:ReadReplicaCount",
         "cluster:<cluster>", 300},
        {"Neptune cluster", "neptune", "neptune:cluster:ReadReplicaCount",
         "cluster:<cluster>", 300},
        {"Comprehend document classifier endpoint", "comprehend",
         "comprehend:document-classifier-endpoint:DesiredInferenceUnits",
         "arn:<partition>:comprehend:<region>:<account>:document-"
         "classifier-endpoint/<name>",
         0},
        {"Comprehend entity recognizer endpoint", "comprehend",
         "comprehend:entity-recognizer-endpoint:DesiredInferenceUnits",
         "arn:<partition>:comprehend:<region>:<account>:entity-recognizer-"
         "endpoint/<name>",
         0},
        {"Lambda provisioned concurrency", "lambda",
         "lambda:function:ProvisionedConcurrency",
         "function:<function>:<alias>", 0},
        {"Keyspaces table (reads)", "cassandra",
         "cassandra:table:ReadCapacityUnits",
         "keyspace/<keyspace>/table/<table>", 0},
        {"Keyspaces table (writes)", "cassandra",
         "cassandra:table:WriteCapacityUnits",
         "keyspace/<keyspace>/table/<table>", 0},
        {"MSK broker storage", "kafka", "kafka:broker-storage:VolumeSize",
         "arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>", 0},
        {"ElastiCache replication group (shards)", "elasticache",
         "elasticache:replication-group:NodeGroups",
         "replication-group/<group>", 600},
        {"ElastiCache replication group (replicas)", "elasticache",
         "elasticache:replication-group:Replicas", "replication-group/<group>",
         600},
        {"ElastiCache cache cluster", "elasticache",
         "elasticache:cache-cluster:Nodes", "cache-cluster/<cluster>", 600},
        {"WorkSpaces pool", "workspaces",
         "workspaces:workspacespool:DesiredUserSessions",
         "workspacespool/<pool>", 300},
        {"custom resource", "custom-resource",
         "custom-resource:ResourceType:Property", "https://<...>", 300},
};

#define N_TYPES (sizeof types / sizeof types[0])

const tt_resource_type *tt_resource_types(size_t *count)
{
	*count = N_TYPES;
	return types;
}

/* Does `s` fit `pattern` (see the file header)? */
static bool fits(const char *s, const char *pattern)
{
	while (*pattern) {
		if (strcmp(pattern, "<...>") == 0)
			return *s != '\0';
		if (*pattern == '<') {
			size_t n = strcspn(s, "/:");
			if (n == 0)
				return false;
			s += n;
			pattern = strchr(pattern, '>') + 1;
			continue;
		}
		if (*s != *pattern)
			return false;
		s++;
		pattern++;
	}
	return *s == '\0';
}

static const tt_resource_type *by_dimension(const char *dimension)
{
	for (size_t i = 0; i < N_TYPES; i++)
		if (strcmp(types[i].dimension, dimension) == 0)
			return &types[i];
	return NULL;
}

const tt_resource_type *tt_resource_find(const char *resource_id,
                                         const char *dimension)
{
	if (!resource_id)
		return NULL;
	if (dimension) {
		const tt_resource_type *t = by_dimension(dimension);
		return t && fits(resource_id, t->pattern) ? t : NULL;
	}
	for (size_t i = 0; i < N_TYPES; i++)
		if (fits(resource_id, types[i].pattern))
			return &types[i];
	return NULL;
}

tt_code tt_resource_check(const char *resource_id, tt_loc id_loc,
                          const char *dimension, tt_loc dim_loc,
                          const char *service_namespace, tt_loc ns_loc,
                          const tt_resource_type **out, tt_diag *d)
{
	const tt_resource_type *t = NULL;

	if (dimension) {
		t = by_dimension(dimension);
		if (!t)
			return tt_diag_set(
			        d, TT_EINVAL, dim_loc,
			        "unknown ScalableDimension '%s' (the "
			        "accepted ones are listed in "
			        "docs/policies.md)",
			        dimension);
		if (resource_id && !fits(resource_id, t->pattern))
			return tt_diag_set(d, TT_EINVAL, id_loc,
			                   "ResourceId '%s' does not fit "
			                   "ScalableDimension '%s' (expected "
			                   "'%s')",
			                   resource_id, dimension, t->pattern);
	} else if (resource_id) {
		t = tt_resource_find(resource_id, NULL);
		if (!t)
			return tt_diag_set(
			        d, TT_EINVAL, id_loc,
			        "unknown ResourceId '%s' (expected a form such "
			        "as "
			        "'endpoint/<endpoint>/variant/<variant>' or "
			        "'service/<cluster>/<service>'; the accepted "
			        "ones "
			        "are listed in docs/policies.md)",
			        resource_id);
	}
	if (t && service_namespace &&
	    strcmp(service_namespace, t->service_namespace) != 0)
		return tt_diag_set(d, TT_EINVAL, ns_loc,
		                   "ServiceNamespace '%s' does not match "
		                   "ScalableDimension '%s' (expected '%s')",
		                   service_namespace, t->dimension,
		                   t->service_namespace);
	if (out)
		*out = t;
	return TT_OK;
}

tt_time_us tt_resource_default_cooldown_us(const tt_resource_type *t)
{
	return (tt_time_us)(t ? t->default_cooldown_s : 300) * TT_US_PER_S;
}
