/*
 * fuzz_policy.c - libFuzzer target: policy JSON in every AWS form (a bare
 * TargetTrackingScalingPolicyConfiguration with or without metric math, a
 * PutScalingPolicy request, describe-scaling-policies output) through the
 * JSON reader and the policy validators.
 */
#include <stdint.h>
#include <string.h>

#include "aws_forms.h"
#include "node.h"
#include "policy_node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tt_doc doc;
	tt_diag d;
	if (tt_doc_parse_json((const char *)data, size, "fuzz.json", &doc, &d))
		return 0;
	tt_policy p;
	if (tt_policy_from_node(doc.root, "fuzz", &p, &d) == TT_OK)
		tt_policy_release(&p);
	tt_policy first;
	memset(&first, 0, sizeof first);
	tt_aws_read_policies(NULL, doc.root, NULL, (tt_loc){0}, "fuzz",
	                     &first, NULL, &d);
	tt_policy_release(&first);
	tt_doc_release(&doc);
	return 0;
}
