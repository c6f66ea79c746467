/*
 * test_scheduled_action.c - scheduled actions from their AWS forms.
 *
 * PutScheduledAction requests, describe-scheduled-actions output (whole,
 * as its list, as one entry; ISO times and epoch numbers), inline YAML and
 * CloudFormation items read into the same struct; each rule of SPEC 14.1
 * an exact located message.
 */
#include "scheduled_action.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "ttsim/simtime.h"

static int64_t U(const char *s)
{
	int64_t us;
	ck_assert_msg(tt_calendar_parse(s, strlen(s), &us), "bad time %s", s);
	return us;
}

/* Parse `text` (JSON when it starts with '{' or '[', else YAML) and read
 * it; the diag on failure. */
static tt_code read_text(const char *text, tt_scheduled_actions *out,
                         tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc = (text[0] == '{' || text[0] == '[')
	                     ? tt_doc_parse_json(text, strlen(text), "a.json",
	                                         &doc, d)
	                     : tt_doc_parse_yaml(text, strlen(text), "a.yaml",
	                                         &doc, d);
	ck_assert_int_eq(rc, TT_OK);
	memset(out, 0, sizeof *out);
	rc = tt_scheduled_actions_read(doc.root, NULL, out, d);
	tt_doc_release(&doc);
	return rc;
}

static void read_ok(const char *text, tt_scheduled_actions *out)
{
	tt_diag d = {0};
	char buf[1200];
	ck_assert_msg(read_text(text, out, &d) == TT_OK, "%s",
	              tu_diag_str(&d, buf, sizeof buf));
}

START_TEST(put_request)
{
	tt_scheduled_actions l;
	read_ok("{\n"
	        "  \"ServiceNamespace\": \"ecs\",\n"
	        "  \"ScheduledActionName\": \"scale-up-weekdays\",\n"
	        "  \"ResourceId\": \"service/default/web\",\n"
	        "  \"ScalableDimension\": \"ecs:service:DesiredCount\",\n"
	        "  \"Schedule\": \"cron(0 18 ? * MON-FRI *)\",\n"
	        "  \"Timezone\": \"America/New_York\",\n"
	        "  \"StartTime\": \"2021-03-01T00:00:00Z\",\n"
	        "  \"EndTime\": \"2021-06-01T00:00:00+00:00\",\n"
	        "  \"ScalableTargetAction\": {\"MinCapacity\": 3, "
	        "\"MaxCapacity\": 10}\n"
	        "}\n",
	        &l);
	ck_assert_int_eq(l.count, 1);
	const tt_scheduled_action *a = &l.items[0];
	ck_assert_str_eq(a->name, "scale-up-weekdays");
	ck_assert_str_eq(a->schedule_text, "cron(0 18 ? * MON-FRI *)");
	ck_assert_int_eq(a->schedule.kind, TT_SCHEDULE_CRON);
	ck_assert_str_eq(a->timezone, "America/New_York");
	ck_assert_str_eq(a->tz.name, "America/New_York");
	ck_assert_str_eq(a->service_namespace, "ecs");
	ck_assert_str_eq(a->resource_id, "service/default/web");
	ck_assert_str_eq(a->scalable_dimension, "ecs:service:DesiredCount");
	ck_assert(a->has_start && a->has_end);
	ck_assert_int_eq(a->start_unix_us, U("2021-03-01T00:00:00"));
	ck_assert_int_eq(a->end_unix_us, U("2021-06-01T00:00:00"));
	ck_assert(a->has_min && a->has_max);
	ck_assert_int_eq(a->min_capacity, 3);
	ck_assert_int_eq(a->max_capacity, 10);
	/* the Schedule's text starts after its quote */
	ck_assert_int_eq(a->locs.schedule.line, 6);
	ck_assert_int_eq(a->locs.schedule.col, 16);

	/* placed on a run: SC6 */
	tt_schedule_plan p;
	tt_time_us run;
	ck_assert_int_eq(tt_scheduled_action_plan(a, true,
	                                          U("2021-03-12T12:00:00"),
	                                          TT_TIME_MAX, NULL, &p, NULL),
	                 TT_OK);
	ck_assert(tt_schedule_next(&p, 0, &run));
	ck_assert_int_eq(U("2021-03-12T12:00:00") + run,
	                 U("2021-03-12T23:00:00"));
	ck_assert(tt_schedule_next(&p, run + 1, &run));
	ck_assert_int_eq(U("2021-03-12T12:00:00") + run,
	                 U("2021-03-15T22:00:00"));
	tt_scheduled_actions_release(&l);
	tt_scheduled_actions_release(&l);
}
END_TEST

/* describe output as the v1 CLI prints it: epoch seconds. */
static const char describe_v1[] =
        "{\"ScheduledActions\": [\n"
        " {\"ScheduledActionName\": \"up\", \"ScheduledActionARN\": "
        "\"arn:aws:autoscaling:us-east-1:1:scheduledAction:x\",\n"
        "  \"ServiceNamespace\": \"ecs\", \"ResourceId\": "
        "\"service/default/web\",\n"
        "  \"ScalableDimension\": \"ecs:service:DesiredCount\",\n"
        "  \"Schedule\": \"rate(5 hours)\", \"StartTime\": 1612008000.0,\n"
        "  \"EndTime\": 1612130400, \"CreationTime\": 1611900000.123,\n"
        "  \"ScalableTargetAction\": {\"MinCapacity\": 3, \"MaxCapacity\": "
        "10}},\n"
        " {\"ScheduledActionName\": \"down\", \"ServiceNamespace\": \"ecs\",\n"
        "  \"ResourceId\": \"service/default/web\", \"ScalableDimension\": "
        "\"ecs:service:DesiredCount\",\n"
        "  \"Schedule\": \"at(2021-02-01T00:00:00)\", \"CreationTime\": "
        "\"2021-01-29T06:40:00.123000+00:00\",\n"
        "  \"ScalableTargetAction\": {\"MaxCapacity\": 2}}\n"
        "], \"NextToken\": null}\n";

START_TEST(describe_output)
{
	tt_scheduled_actions l;
	read_ok(describe_v1, &l);
	ck_assert_int_eq(l.count, 2);
	ck_assert_str_eq(l.items[0].name, "up");
	ck_assert_int_eq(l.items[0].start_unix_us, U("2021-01-30T12:00:00"));
	ck_assert_int_eq(l.items[0].end_unix_us, U("2021-01-31T22:00:00"));
	ck_assert_int_eq(l.items[0].schedule.rate_s, 5 * 3600);
	ck_assert_str_eq(l.items[1].name, "down");
	ck_assert(!l.items[1].has_min && l.items[1].has_max);
	ck_assert_int_eq(l.items[1].max_capacity, 2);
	ck_assert(l.items[1].timezone == NULL);
	ck_assert_str_eq(l.items[1].tz.name, "UTC");

	/* SC5 through the reader */
	tt_schedule_plan p;
	tt_time_us t = 0, run;
	int n = 0;
	ck_assert_int_eq(tt_scheduled_action_plan(&l.items[0], true,
	                                          U("2021-01-30T00:00:00"),
	                                          TT_TIME_MAX, NULL, &p, NULL),
	                 TT_OK);
	while (tt_schedule_next(&p, t, &run)) {
		n++;
		t = run + 1;
	}
	ck_assert_int_eq(n, 7);
	tt_scheduled_actions_release(&l);
}
END_TEST

START_TEST(describe_list_and_entry)
{
	tt_scheduled_actions l;
	read_ok("[{\"ScheduledActionName\": \"a\", \"ServiceNamespace\": "
	        "\"ecs\","
	        " \"ResourceId\": \"service/c/s\", \"ScalableDimension\": "
	        "\"ecs:service:DesiredCount\", \"Schedule\": \"rate(1 day)\","
	        " \"ScalableTargetAction\": {\"MinCapacity\": 1}}]",
	        &l);
	ck_assert_int_eq(l.count, 1);
	tt_scheduled_actions_release(&l);
	read_ok("{\"ScheduledActionName\": \"a\", \"ScheduledActionARN\": "
	        "\"arn\", \"ServiceNamespace\": \"ecs\", \"ResourceId\": "
	        "\"service/c/s\", \"ScalableDimension\": "
	        "\"ecs:service:DesiredCount\", \"Schedule\": \"rate(1 day)\","
	        " \"ScalableTargetAction\": {\"MinCapacity\": 1}}",
	        &l);
	ck_assert_int_eq(l.count, 1);
	tt_scheduled_actions_release(&l);
}
END_TEST

/* Inline YAML, as a scenario would hold it: plain scalars everywhere. */
START_TEST(inline_yaml)
{
	tt_scheduled_actions l;
	read_ok("ScheduledActionName: nightly\n"
	        "Schedule: cron(0 1 * * ? *)\n"
	        "Timezone: Europe/London\n"
	        "StartTime: 2021-03-01T00:00:00Z\n"
	        "ScalableTargetAction: {MinCapacity: 0, MaxCapacity: 0}\n",
	        &l);
	ck_assert_int_eq(l.count, 1);
	const tt_scheduled_action *a = &l.items[0];
	ck_assert(a->resource_id == NULL);
	ck_assert_int_eq(a->start_unix_us, U("2021-03-01T00:00:00"));
	ck_assert(a->has_min && a->min_capacity == 0 && a->max_capacity == 0);
	ck_assert_int_eq(a->locs.schedule.col, 11);
	tt_scheduled_actions_release(&l);
}
END_TEST

/* CloudFormation's ScheduledActions item, read one at a time. */
START_TEST(cfn_item)
{
	tt_doc doc = {0};
	tt_scheduled_action a;
	tt_diag d = {0};
	char buf[1200];
	const char *yaml = "ScheduledActionName: up\n"
	                   "Schedule: 'at(2021-03-12T18:00:00)'\n"
	                   "Timezone: America/New_York\n"
	                   "ScalableTargetAction: {MinCapacity: 4}\n";
	ck_assert_int_eq(
	        tt_doc_parse_yaml(yaml, strlen(yaml), "t.yaml", &doc, NULL),
	        TT_OK);
	ck_assert_int_eq(tt_scheduled_action_read(doc.root, TT_SA_FORM_CFN,
	                                          "ScheduledActions[0]", NULL,
	                                          &a, &d),
	                 TT_OK);
	ck_assert_int_eq(a.schedule.kind, TT_SCHEDULE_AT);
	/* quoted: the text starts one column after the quote */
	ck_assert_int_eq(a.locs.schedule.col, 12);
	tt_scheduled_action_release(&a);
	tt_doc_release(&doc);

	yaml = "ScheduledActionName: up\n"
	       "ResourceId: service/c/s\n"
	       "Schedule: rate(1 day)\n"
	       "ScalableTargetAction: {MinCapacity: 4}\n";
	ck_assert_int_eq(
	        tt_doc_parse_yaml(yaml, strlen(yaml), "t.yaml", &doc, NULL),
	        TT_OK);
	ck_assert_int_eq(tt_scheduled_action_read(doc.root, TT_SA_FORM_CFN,
	                                          "ScheduledActions[0]", NULL,
	                                          &a, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t.yaml:2:1: error: unknown key 'ResourceId' in "
	                 "'ScheduledActions[0]' (expected one of: "
	                 "ScheduledActionName, Schedule, Timezone, StartTime, "
	                 "EndTime, ScalableTargetAction)");
	tt_doc_release(&doc);
}
END_TEST

#define ITEM(extra) "ScheduledActionName: a\nSchedule: rate(1 day)\n" extra

static const struct {
	const char *text, *msg;
} bad[] = {
        {ITEM(""), "a.yaml:1:1: error: scheduled action 'a' needs "
                   "'ScalableTargetAction' with 'MinCapacity', 'MaxCapacity' "
                   "or both"},
        {ITEM("ScalableTargetAction: {}\n"),
         "a.yaml:3:23: error: 'ScalableTargetAction' needs 'MinCapacity', "
         "'MaxCapacity' or both"},
        {ITEM("ScalableTargetAction: {MinCapacity: 5, MaxCapacity: 3}\n"),
         "a.yaml:3:37: error: 'MinCapacity' must be <= 'MaxCapacity', got 5 "
         "> 3"},
        {ITEM("ScalableTargetAction: {MinCapacity: -1}\n"),
         "a.yaml:3:37: error: 'MinCapacity' must be between 0 and "
         "2147483647, got -1"},
        {ITEM("ScalableTargetAction: {MinCapacty: 1}\n"),
         "a.yaml:3:24: error: unknown key 'MinCapacty' in "
         "'ScalableTargetAction' (did you mean 'MinCapacity'?)"},
        {ITEM("Schedul: x\nScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:3:1: error: unknown key 'Schedul' in 'scheduled action' "
         "(did you mean 'Schedule'?)"},
        {ITEM("starttime: x\nScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:3:1: error: unknown key 'starttime' in 'scheduled action' "
         "(did you mean 'StartTime'?)"},
        {ITEM("Colour: x\nScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:3:1: error: unknown key 'Colour' in 'scheduled action' "
         "(expected one of: ScheduledActionName, Schedule, Timezone, "
         "StartTime, EndTime, ScalableTargetAction, ServiceNamespace, "
         "ResourceId, ScalableDimension)"},
        {"Schedule: rate(1 day)\nScalableTargetAction: {MinCapacity: 1}\n",
         "a.yaml:1:1: error: missing required key 'ScheduledActionName' in "
         "'scheduled action'"},
        {"ScheduledActionName: a\nScalableTargetAction: {MinCapacity: 1}\n",
         "a.yaml:1:1: error: missing required key 'Schedule' in 'scheduled "
         "action'"},
        {"ScheduledActionName: a\nSchedule: cron(0 9 ? * 8 *)\n",
         "a.yaml:2:24: error: cron field 'day-of-week' must be 1-7 or "
         "SUN-SAT, got '8'"},
        {"ScheduledActionName: a\nSchedule: \"rate(1 days)\"\n",
         "a.yaml:2:19: error: rate() of 1 takes the singular unit 'day', "
         "got 'days'"},
        {ITEM("Timezone: America/New_Yrok\n"
              "ScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:3:11: error: unknown time zone 'America/New_Yrok'"},
        {ITEM("StartTime: 2021-03-02T00:00:00Z\n"
              "EndTime: 2021-03-01T00:00:00Z\n"
              "ScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:4:10: error: 'EndTime' must not be before 'StartTime', got "
         "'2021-03-01T00:00:00Z' < '2021-03-02T00:00:00Z'"},
        {ITEM("StartTime: next tuesday\n"
              "ScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:3:12: error: 'StartTime' must be a UTC date and time "
         "('2021-01-30T12:00:00Z') or epoch seconds, got 'next tuesday'"},
        {ITEM("StartTime: 2021-02-30T00:00:00Z\n"
              "ScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:3:12: error: 'StartTime' must be a UTC date and time "
         "('2021-01-30T12:00:00Z') or epoch seconds, got "
         "'2021-02-30T00:00:00Z'"},
        {ITEM("EndTime: 99999999999\n"
              "ScalableTargetAction: {MinCapacity: 1}\n"),
         "a.yaml:3:10: error: 'EndTime' must be from 1970 to 2199, got "
         "'99999999999'"},
        {"ScheduledActionName: a/b\nSchedule: rate(1 day)\n",
         "a.yaml:1:22: error: 'ScheduledActionName' must not start with a "
         "space or hold ':', '/', '|' or control characters, got 'a/b'"},
        {"ScheduledActionName: ''\nSchedule: rate(1 day)\n",
         "a.yaml:1:22: error: 'ScheduledActionName' must not be empty"},
        {"{\"ServiceNamespace\": \"ecs\", \"ScheduledActionName\": \"a\", "
         "\"Schedule\": \"rate(1 day)\"}",
         "a.json:1:1: error: missing required key 'ResourceId' in "
         "'PutScheduledAction'"},
        {"{\"ScheduledActions\": [{\"ScheduledActionName\": \"a\", "
         "\"ServiceNamespace\": \"ecs\", \"ResourceId\": \"r\", "
         "\"ScalableDimension\": \"d\", \"Schedule\": \"rate(1 day)\", "
         "\"ScalableTargetAction\": {\"MinCapacity\": 1}},\n"
         "{\"ScheduledActionName\": \"a\", "
         "\"ServiceNamespace\": \"ecs\", \"ResourceId\": \"r\", "
         "\"ScalableDimension\": \"d\", \"Schedule\": \"rate(2 days)\", "
         "\"ScalableTargetAction\": {\"MinCapacity\": 1}}]}",
         "a.json:2:25: error: duplicate ScheduledActionName 'a' (first at "
         "line 1)"},
        {"{\"ScheduledActions\": {}}",
         "a.json:1:22: error: expected a sequence for 'ScheduledActions', "
         "got a map"},
        {"{\"ScheduledActions\": [], \"Next\": 1}",
         "a.json:1:26: error: unknown key 'Next' in "
         "'describe-scheduled-actions' (expected one of: ScheduledActions, "
         "NextToken)"},
};

START_TEST(read_bad)
{
	tt_scheduled_actions l;
	tt_diag d = {0};
	char buf[1200];
	tt_code rc = read_text(bad[_i].text, &l, &d);
	ck_assert_msg(rc != TT_OK, "read: %s", bad[_i].text);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), bad[_i].msg);
	ck_assert_int_eq(l.count, 0);
	tt_scheduled_actions_release(&l);
}
END_TEST

/* A file, loaded whole; a second document appends. */
START_TEST(load_file)
{
	char path[] = "/tmp/ttsim-sa-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, describe_v1, strlen(describe_v1)),
	                 (ssize_t)strlen(describe_v1));
	close(fd);
	tt_scheduled_actions l = {0};
	tt_diag d = {0};
	char buf[1200];
	ck_assert_msg(tt_scheduled_actions_load(path, NULL, &l, &d) == TT_OK,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_int_eq(l.count, 2);
	ck_assert_str_eq(l.items[0].locs.name.file, path);
	/* the same names again: duplicates of the first document */
	ck_assert_int_eq(tt_scheduled_actions_load(path, NULL, &l, &d), TT_OK);
	ck_assert_int_eq(l.count, 4);
	tt_scheduled_actions_release(&l);
	unlink(path);
	ck_assert_int_eq(tt_scheduled_actions_load(path, NULL, &l, &d), TT_EIO);
}
END_TEST

/* An at() action needs a wall clock: the plan says so at the Schedule. */
START_TEST(plan_needs_clock)
{
	tt_scheduled_actions l;
	tt_schedule_plan p;
	tt_diag d = {0};
	char buf[1200];
	read_ok("ScheduledActionName: a\n"
	        "Schedule: at(2021-03-12T18:00:00)\n"
	        "ScalableTargetAction: {MinCapacity: 1}\n",
	        &l);
	ck_assert_int_eq(tt_scheduled_action_plan(&l.items[0], false, 0,
	                                          TT_TIME_MAX, NULL, &p, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "a.yaml:2:11: error: an at() schedule needs the run's "
	                 "wall clock (a trace with timestamps or "
	                 "'simulation.start')");
	tt_scheduled_actions_release(&l);
}
END_TEST

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *scheduled_action_suite(void)
{
	Suite *s = suite_create("scheduled_action");
	TCase *tc;

	tc = tcase_create("forms");
	tcase_add_test(tc, put_request);
	tcase_add_test(tc, describe_output);
	tcase_add_test(tc, describe_list_and_entry);
	tcase_add_test(tc, inline_yaml);
	tcase_add_test(tc, cfn_item);
	tcase_add_test(tc, load_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_loop_test(tc, read_bad, 0, COUNT(bad));
	tcase_add_test(tc, plan_needs_clock);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(scheduled_action_suite());
}
