/*
 * test_activities.c - describe-scaling-activities output read into a
 * history: the three ways users keep it (one page, a JSON array of pages,
 * pages one after another), times in both spellings, the target count in
 * each namespace's Description, the order (oldest first), NotScaledReasons,
 * and the scalable target check.  Bad files, each with its exact message,
 * are in tests/bad/activities-*.json (run by cli_test.sh).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "activities.h"
#include "testutil.h"

/* 2024-03-01T00:00:00Z in Unix seconds. */
#define MAR1 INT64_C(1709251200)
#define AT(h, m, s, us)                                                        \
	((MAR1 + (h)*3600 + (m)*60 + (s)) * INT64_C(1000000) + (us))

/* The loaded file's name: locations borrow it, so it outlives the list. */
static char path[512];

static void load_ok(const char *rel, tt_activity_list *l)
{
	char buf[1200];
	tt_diag d;
	tu_src_path(path, sizeof path, rel);
	tt_code rc = tt_activities_load(path, l, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

static tt_code parse(const char *text, tt_activity_list *l, tt_diag *d)
{
	return tt_activities_parse(text, strlen(text), "t.json", l, d);
}

/* ---- the three forms read the same history, oldest first ---- */

static void check_sagemaker(const tt_activity_list *l)
{
	ck_assert_uint_eq(l->count, 3);
	const tt_activity *a = l->items;
	/* the CLI printed them newest first */
	ck_assert_int_eq(a[0].start_unix_us, AT(10, 15, 2, 123000));
	ck_assert(a[0].has_end);
	ck_assert_int_eq(a[0].end_unix_us, AT(10, 21, 40, 870000));
	ck_assert_int_eq(a[0].target, 4);
	ck_assert_int_eq(a[0].status, TT_ACTIVITY_SUCCESSFUL);
	ck_assert_uint_eq(a[0].not_scaled_count, 0);

	ck_assert_int_eq(a[1].start_unix_us, AT(11, 20, 2, 250000));
	ck_assert(!a[1].has_end);
	ck_assert_int_eq(a[1].target, 3);
	ck_assert_int_eq(a[1].status, TT_ACTIVITY_FAILED);
	ck_assert_uint_eq(a[1].not_scaled_count, 1);
	ck_assert_str_eq(a[1].not_scaled[0].code,
	                 "AutoScalingAnticipatedFlapping");
	ck_assert_int_eq(a[1].not_scaled[0].current_capacity, 4);
	ck_assert_int_eq(a[1].not_scaled[0].min_capacity, 1);
	ck_assert_int_eq(a[1].not_scaled[0].max_capacity, 8);

	ck_assert_int_eq(a[2].start_unix_us, AT(11, 40, 3, 512000));
	ck_assert_int_eq(a[2].target, 2);
	ck_assert_str_eq(a[2].resource_id,
	                 "endpoint/checkout/variant/AllTraffic");
	ck_assert_str_eq(a[2].dimension,
	                 "sagemaker:variant:DesiredInstanceCount");
	ck_assert_str_eq(a[2].activity_id,
	                 "5a1c7e3b-0d42-4b7e-9f3a-7c2d1e0b9a11");
}

START_TEST(one_page)
{
	tt_activity_list l;
	load_ok("tests/data/activities/sagemaker.json", &l);
	check_sagemaker(&l);
	ck_assert_uint_eq(l.pages, 1);
	ck_assert(!l.truncated);
	/* the position of each activity is its '{' in the file */
	ck_assert_int_eq(l.items[2].loc.line, 3);
	ck_assert_int_eq(l.items[2].loc.col, 9);
	tt_activity_list_release(&l);
}
END_TEST

START_TEST(pages_in_an_array)
{
	tt_activity_list l;
	load_ok("tests/data/activities/pages-array.json", &l);
	check_sagemaker(&l);
	ck_assert_uint_eq(l.pages, 3);
	tt_activity_list_release(&l);
}
END_TEST

START_TEST(pages_one_after_another)
{
	tt_activity_list l;
	load_ok("tests/data/activities/pages-cat.json", &l);
	check_sagemaker(&l);
	ck_assert_uint_eq(l.pages, 3);
	/* positions are the file's, not the page's */
	ck_assert_int_gt(l.items[0].loc.line, 30);
	tt_activity_list_release(&l);
}
END_TEST

START_TEST(epoch_seconds)
{
	tt_activity_list l;
	load_ok("tests/data/activities/ecs-epoch.json", &l);
	ck_assert_uint_eq(l.count, 1);
	ck_assert_int_eq(l.items[0].start_unix_us, AT(10, 15, 2, 500000));
	ck_assert_int_eq(l.items[0].end_unix_us, AT(10, 15, 40, 250000));
	ck_assert_int_eq(l.items[0].target, 1);
	ck_assert_str_eq(l.items[0].service_namespace, "ecs");
	tt_activity_list_release(&l);
}
END_TEST

/* ---- pages, order, truncation ---- */

#define ACT(id, start, desc)                                                   \
	"{\"ActivityId\": \"" id "\", \"ServiceNamespace\": \"ecs\", "         \
	"\"ResourceId\": \"service/default/web\", "                            \
	"\"ScalableDimension\": \"ecs:service:DesiredCount\", "                \
	"\"Description\": \"" desc "\", \"Cause\": \"c\", "                    \
	"\"StartTime\": " start ", \"StatusCode\": \"Successful\"}"

START_TEST(truncated_and_ties)
{
	/* the same second: the CLI's newest first means file order
	 * reversed; a NextToken on the last page says more exist */
	const char *text = "{\"ScalingActivities\": [" ACT(
	        "b", "\"2024-03-01T10:00:00Z\"",
	        "Setting desired count to 3.") ", " ACT("a",
	                                                "\"2024-03-01T11:00:00+"
	                                                "01:00\"",
	                                                "Setting desired count "
	                                                "to 2.") "], "
	                                                         "\"NextToken\""
	                                                         ": \"abc\"}";
	tt_activity_list l;
	tt_diag d;
	ck_assert_int_eq(parse(text, &l, &d), TT_OK);
	ck_assert_uint_eq(l.count, 2);
	ck_assert_str_eq(l.items[0].activity_id, "a");
	ck_assert_str_eq(l.items[1].activity_id, "b");
	ck_assert_int_eq(l.items[0].start_unix_us, l.items[1].start_unix_us);
	ck_assert(l.truncated);
	tt_activity_list_release(&l);
}
END_TEST

START_TEST(empty_history)
{
	tt_activity_list l;
	tt_diag d;
	ck_assert_int_eq(parse("{\"ScalingActivities\": []}", &l, &d), TT_OK);
	ck_assert_uint_eq(l.count, 0);
	ck_assert_uint_eq(l.pages, 1);
	tt_activity_list_release(&l);
}
END_TEST

START_TEST(concatenated_error_position)
{
	/* the second page's bad time is reported where it is */
	const char *text = "{\"ScalingActivities\": [" ACT(
	        "a", "\"2024-03-01T10:00:00Z\"",
	        "Setting desired count to 3.") "]}\n"
	                                       "\n{\"ScalingActivities\": "
	                                       "[" ACT("b", "\"soon\"",
	                                               "x") "]}";
	tt_activity_list l;
	tt_diag d;
	ck_assert_int_eq(parse(text, &l, &d), TT_EINVAL);
	ck_assert_int_eq(d.line, 3);
	const char *col = strstr(text, "\"soon\"");
	const char *line3 = strrchr(text, '\n') + 1;
	ck_assert_int_eq(d.col, (int)(col - line3) + 1);
	ck_assert_ptr_nonnull(strstr(d.msg, "'soon'"));
}
END_TEST

START_TEST(not_activities)
{
	tt_activity_list l;
	tt_diag d;
	ck_assert_int_eq(parse("{\"ScalingPolicies\": []}", &l, &d), TT_EINVAL);
	ck_assert_ptr_nonnull(strstr(d.msg, "ScalingPolicies"));
	ck_assert_int_eq(parse("[]", &l, &d), TT_EINVAL);
	ck_assert_int_eq(parse("", &l, &d), TT_ESYNTAX);
	ck_assert_int_eq(parse("{\"ScalingActivities\": []} x", &l, &d),
	                 TT_ESYNTAX);
}
END_TEST

/* ---- the target count in each namespace's words ---- */

static const struct {
	const char *description;
	int64_t target;
} targets[] = {
        {"Setting desired instance count to 4.", 4}, /* SageMaker */
        {"Setting desired count to 12.", 12},        /* ECS */
        {"Setting write capacity units to 10.", 10}, /* DynamoDB */
        {"Setting target capacity to 3.", 3},        /* Spot Fleet */
        {"Setting desired count to 0", 0},           /* no final period */
        {"Setting min capacity to 1 and max capacity to 10", -1},
        {"Attempting to scale", -1},
        {"Setting desired count to .", -1},
        {"Setting desired count to 4.5.", -1},
        {"to 4", -1},
        {"Setting desired count to 1000000000.", 1000000000},
        {"Setting desired count to 1000000001.", -2},
        {"Setting desired count to 99999999999999999999999.", -2},
        {NULL, -1},
};

START_TEST(target_from_description)
{
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
		ck_assert_msg(tt_activity_target(targets[i].description) ==
		                      targets[i].target,
		              "'%s'", targets[i].description);
}
END_TEST

/* ---- one scalable target ---- */

START_TEST(resource_check)
{
	tt_activity_list l;
	tt_diag d;
	load_ok("tests/data/activities/sagemaker.json", &l);
	ck_assert_int_eq(tt_activities_check_resource(
	                         &l, "endpoint/checkout/variant/AllTraffic",
	                         "sagemaker:variant:DesiredInstanceCount", &d),
	                 TT_OK);
	ck_assert_int_eq(
	        tt_activities_check_resource(
	                &l, "endpoint/search/variant/AllTraffic", NULL, &d),
	        TT_EINVAL);
	ck_assert_str_eq(d.msg, "ResourceId "
	                        "'endpoint/checkout/variant/AllTraffic' is not "
	                        "the scenario's resource "
	                        "'endpoint/search/variant/AllTraffic' (fetch "
	                        "the history with --resource-id "
	                        "endpoint/search/variant/AllTraffic)");
	/* the first ResourceId in the file */
	ck_assert_int_eq(d.line, 6);
	ck_assert_int_eq(d.col, 27);
	/* the same target, another dimension */
	ck_assert_int_eq(
	        tt_activities_check_resource(
	                &l, "endpoint/checkout/variant/AllTraffic",
	                "sagemaker:variant:DesiredProvisionedConcurrency", &d),
	        TT_EINVAL);
	ck_assert_str_eq(d.msg,
	                 "ScalableDimension "
	                 "'sagemaker:variant:DesiredInstanceCount' is not the "
	                 "scenario's "
	                 "'sagemaker:variant:DesiredProvisionedConcurrency' "
	                 "(fetch the history with --scalable-dimension "
	                 "sagemaker:variant:DesiredProvisionedConcurrency)");
	ck_assert_int_eq(d.line, 7);
	tt_activity_list_release(&l);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("activities");
	TCase *t = tcase_create("forms");
	tcase_add_test(t, one_page);
	tcase_add_test(t, pages_in_an_array);
	tcase_add_test(t, pages_one_after_another);
	tcase_add_test(t, epoch_seconds);
	suite_add_tcase(s, t);
	t = tcase_create("pages");
	tcase_add_test(t, truncated_and_ties);
	tcase_add_test(t, empty_history);
	tcase_add_test(t, concatenated_error_position);
	tcase_add_test(t, not_activities);
	suite_add_tcase(s, t);
	t = tcase_create("description");
	tcase_add_test(t, target_from_description);
	suite_add_tcase(s, t);
	t = tcase_create("resource");
	tcase_add_test(t, resource_check);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run_suite(suite());
}
