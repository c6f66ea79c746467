/*
 * fuzz_activities.c - libFuzzer target: describe-scaling-activities output
 * in its three page forms (one object, objects one after another, an
 * array of pages) through the activities reader, whose own splitter finds
 * where each concatenated page ends before the JSON reader sees it.
 */
#include <stdint.h>

#include "activities.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tt_activity_list l;
	tt_diag d;
	if (tt_activities_parse((const char *)data, size, "fuzz.json", &l,
	                        &d) == TT_OK) {
		tt_activities_check_resource(
		        &l, "endpoint/e/variant/v",
		        "sagemaker:variant:DesiredInstanceCount", &d);
		tt_activity_list_release(&l);
	}
	return 0;
}
