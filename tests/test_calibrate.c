/*
 * test_calibrate.c - recorded scaling activities matched to a simulation
 * of the same period.
 *
 * The scenario is tests/data/calibrate/endpoint.yaml: six hours of a
 * CloudWatch export from 2024-03-01T09:00:00Z, on which the simulation
 * decides (seconds from 09:00; in: 60 s to complete, out: 300 s)
 *
 *     960 in  2 -> 1      3840 out 1 -> 7     4200 out 7 -> 10
 *    5100 in 10 -> 7      5460 in  7 -> 6    11760 in  6 -> 1
 *
 * and is not scaled at every minute from 1020 to 3660
 * (AlreadyAtMinCapacity) and from 5160 to 5580 (InCooldown, in).  The
 * histories are written here by hand, activity by activity.
 */
#include "ttsim/calibrate.h"
#include "ttsim/scenario.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define S(x) ((tt_time_us)((x)*1e6))

static tt_scenario scenario;

static void load_scenario(void)
{
	char dir[512], path[600], buf[1200];
	tt_diag d;
	tu_src_path(dir, sizeof dir, "tests/data/calibrate");
	snprintf(path, sizeof path, "%s/endpoint.yaml", dir);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	static char text[8192];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	tt_code rc = tt_scenario_load_text(text, n, "endpoint.yaml", dir,
	                                   &scenario, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

static void setup(void)
{
	load_scenario();
}

static void teardown(void)
{
	tt_scenario_release(&scenario);
}

/*
 * One activity as the CLI prints it: `at` and `end` are seconds after
 * 09:00 (end < 0: none), written as ISO 8601 with an offset.
 */
/* "2024-03-01T09:16:02.250000+00:00" for 962.25 s after 09:00. */
static void iso(char *buf, size_t size, double at)
{
	int64_t ms = (int64_t)((9 * 3600 + at) * 1000 + 0.5);
	snprintf(buf, size, "2024-03-01T%02d:%02d:%02d.%03d000+00:00",
	         (int)(ms / 3600000), (int)(ms / 60000 % 60),
	         (int)(ms / 1000 % 60), (int)(ms % 1000));
}

static void activity(char *buf, size_t size, const char *id, int to, double at,
                     double end, const char *extra)
{
	char start[64], stop[112] = "";
	iso(start, sizeof start, at);
	if (end >= 0) {
		char e[64];
		iso(e, sizeof e, end);
		snprintf(stop, sizeof stop, "\"EndTime\": \"%s\", ", e);
	}
	/* the Cause names target tracking's low alarm: an activity that
	 * sets the count it already has is told a scale-in by it */
	snprintf(
	        buf, size,
	        "{\"ActivityId\": \"%s\", \"ServiceNamespace\": \"sagemaker\", "
	        "\"ResourceId\": \"endpoint/checkout/variant/AllTraffic\", "
	        "\"ScalableDimension\": "
	        "\"sagemaker:variant:DesiredInstanceCount\", "
	        "\"Description\": \"Setting desired instance count to %d.\", "
	        "\"Cause\": \"monitor alarm TargetTracking-x-AlarmLow in state "
	        "ALARM triggered policy checkout-invocations\", "
	        "\"StartTime\": \"%s\", %s"
	        "\"StatusCode\": \"%s\"%s}",
	        id, to, start, stop, extra ? "Failed" : "Successful",
	        extra ? extra : "");
}

/* Append src to the NUL-terminated text in buf of `size` bytes. */
static void append(char *buf, size_t size, const char *src)
{
	size_t n = strlen(buf), m = strlen(src);
	ck_assert_uint_lt(n + m, size);
	memcpy(buf + n, src, m + 1);
}

static tt_calibration cal;

static void calibrate(const char *text, tt_time_us window)
{
	char buf[1200];
	tt_diag d;
	tt_calibrate_options o = {window, NULL};
	tt_code rc = tt_calibrate_text(&scenario, text, strlen(text), "a.json",
	                               &o, &cal, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

/* The six activities, each decision +dec s and each completion +end s
 * from the simulated ones, as one page, newest first. */
static char *history(double dec, double end, bool pages)
{
	static const struct {
		int to;
		double at, done;
	} sim[] = {{1, 960, 1020},  {7, 3840, 4140}, {10, 4200, 4500},
	           {7, 5100, 5160}, {6, 5460, 5520}, {1, 11760, 11820}};
	size_t size = 16384;
	char *text = malloc(size), one[1024];
	ck_assert_ptr_nonnull(text);
	text[0] = '\0';
	append(text, size, pages ? "" : "{\"ScalingActivities\": [");
	for (int i = 5; i >= 0; i--) {
		char id[16];
		snprintf(id, sizeof id, "act-%d", i);
		activity(one, sizeof one, id, sim[i].to, sim[i].at + dec,
		         sim[i].done + end, NULL);
		if (pages)
			append(text, size, "{\"ScalingActivities\": [");
		append(text, size, one);
		if (pages)
			append(text, size,
			       i ? "], \"NextToken\": \"t\"}\n" : "]}\n");
		else
			append(text, size, i ? ",\n" : "]}\n");
	}
	return text;
}

START_TEST(offsets_put_in_come_out)
{
	char *text = history(12.5, -4, false);
	calibrate(text, 0);
	const tt_cal_score *sc = &cal.score;
	ck_assert_uint_eq(sc->matched, 6);
	ck_assert_uint_eq(sc->recorded_only, 0);
	ck_assert_uint_eq(sc->simulated_only, 0);
	ck_assert(sc->has_decision && sc->has_completion);
	ck_assert_int_eq(sc->decision_median_us, -S(12.5));
	ck_assert_int_eq(sc->decision_max_us, -S(12.5));
	ck_assert_int_eq(sc->completion_median_us, S(4));
	ck_assert_int_eq(cal.origin_unix_s, INT64_C(1709283600));
	ck_assert_uint_eq(cal.count, 6);
	/* oldest first, whatever order the file had */
	ck_assert_str_eq(cal.rows[0].activity_id, "act-0");
	ck_assert_int_eq(cal.rows[0].direction, TT_DIR_IN);
	ck_assert_int_eq(cal.rows[0].to, 1);
	ck_assert_int_eq(cal.rows[0].simulated.decision_us, S(960));
	ck_assert_int_eq(cal.rows[0].recorded.decision_us, S(972.5));
	ck_assert_int_eq(cal.rows[1].direction, TT_DIR_OUT);
	ck_assert_int_eq(cal.rows[1].simulated.completion_us, S(4140));
	tt_calibration_release(&cal);
	free(text);
}
END_TEST

START_TEST(pages_read_the_same)
{
	char *one = history(3, 3, false), *cat = history(3, 3, true);
	calibrate(one, 0);
	tt_calibration a = cal;
	calibrate(cat, 0);
	ck_assert_uint_eq(a.count, cal.count);
	for (size_t i = 0; i < a.count; i++) {
		ck_assert_str_eq(a.rows[i].activity_id,
		                 cal.rows[i].activity_id);
		ck_assert_int_eq(a.rows[i].simulated.decision_us,
		                 cal.rows[i].simulated.decision_us);
	}
	tt_calibration_release(&a);
	tt_calibration_release(&cal);
	free(one);
	free(cat);
}
END_TEST

START_TEST(unmatched_on_both_sides)
{
	char a[1024], b[1024], c[1024], text[4096];
	/* 960 in -> 1 recorded as it was; 3840's scale-out recorded to 8
	 * instead of 7 (another target: no match); nothing else */
	activity(a, sizeof a, "in-1", 1, 965, 1030, NULL);
	activity(b, sizeof b, "out-8", 8, 3850, 4160, NULL);
	/* and a scale-in the simulation never made, late in the day */
	activity(c, sizeof c, "in-late", 1, 19000, 19060, NULL);
	snprintf(text, sizeof text, "{\"ScalingActivities\": [%s, %s, %s]}", c,
	         b, a);
	calibrate(text, 0);
	const tt_cal_score *sc = &cal.score;
	ck_assert_uint_eq(sc->matched, 1);
	ck_assert_uint_eq(sc->recorded_only, 2);
	ck_assert_uint_eq(sc->simulated_only, 5);
	ck_assert_int_eq(sc->decision_median_us, -S(5));
	ck_assert_int_eq(sc->completion_median_us, -S(10));
	/* rows in decision time: 960/965, 3840 (sim), 3850 (rec), ... */
	ck_assert_int_eq(cal.rows[0].match, TT_CAL_MATCHED);
	ck_assert_int_eq(cal.rows[1].match, TT_CAL_SIMULATED_ONLY);
	ck_assert_int_eq(cal.rows[1].to, 7);
	ck_assert_ptr_null(cal.rows[1].activity_id);
	ck_assert_int_eq(cal.rows[2].match, TT_CAL_RECORDED_ONLY);
	ck_assert_str_eq(cal.rows[2].activity_id, "out-8");
	ck_assert_int_eq(cal.rows[2].direction, TT_DIR_OUT);
	ck_assert_int_eq(cal.rows[cal.count - 1].match, TT_CAL_RECORDED_ONLY);
	ck_assert_str_eq(cal.rows[cal.count - 1].activity_id, "in-late");
	tt_calibration_release(&cal);
}
END_TEST

START_TEST(each_decision_used_once)
{
	/* two recorded scale-ins to 1 around the one at 960: the nearer
	 * takes it, the other stays unmatched; a window of 30 s keeps
	 * 11760's away from both */
	char a[1024], b[1024], text[4096];
	activity(a, sizeof a, "far", 1, 940, -1, NULL);
	activity(b, sizeof b, "near", 1, 970, -1, NULL);
	snprintf(text, sizeof text, "{\"ScalingActivities\": [%s, %s]}", b, a);
	calibrate(text, S(30));
	ck_assert_uint_eq(cal.score.matched, 1);
	ck_assert_uint_eq(cal.score.recorded_only, 1);
	/* greedy in time order: "far" comes first and is 20 s away, within
	 * the window, so it takes the decision; "near" is left */
	ck_assert_str_eq(cal.rows[0].activity_id, "far");
	ck_assert_int_eq(cal.rows[0].match, TT_CAL_MATCHED);
	ck_assert_str_eq(cal.rows[1].activity_id, "near");
	ck_assert_int_eq(cal.rows[1].match, TT_CAL_RECORDED_ONLY);
	ck_assert(!cal.score.has_completion);
	tt_calibration_release(&cal);
}
END_TEST

START_TEST(not_scaled_reasons)
{
	char a[1024], b[1024], text[4096];
	activity(a, sizeof a, "min", 0, 1800.5, -1,
	         ", \"NotScaledReasons\": [{\"Code\": "
	         "\"AlreadyAtMinCapacity\", \"CurrentCapacity\": 1, "
	         "\"MinCapacity\": 1, \"MaxCapacity\": 10}]");
	activity(
	        b, sizeof b, "flap", 6, 5229, -1,
	        ", \"NotScaledReasons\": [{\"Code\": "
	        "\"AutoScalingAnticipatedFlapping\", \"CurrentCapacity\": 7}]");
	snprintf(text, sizeof text, "{\"ScalingActivities\": [%s, %s]}", b, a);
	calibrate(text, 0);
	const tt_cal_score *sc = &cal.score;
	ck_assert_uint_eq(sc->not_scaled_matched, 2);
	ck_assert_uint_eq(sc->not_scaled_agree, 1);
	ck_assert_uint_eq(sc->not_scaled_unmatched, 0);
	/* not-scaled rows do not count as scaling matches */
	ck_assert_uint_eq(sc->matched, 0);
	ck_assert_uint_eq(sc->simulated_only, 6);
	const tt_cal_row *r = &cal.rows[1];
	ck_assert(r->not_scaled);
	ck_assert_str_eq(r->activity_id, "min");
	ck_assert_int_eq(r->direction, TT_DIR_IN);
	ck_assert_int_eq(r->simulated.decision_us, S(1800));
	ck_assert_str_eq(r->recorded_reason, "AlreadyAtMinCapacity");
	ck_assert_int_eq(r->simulated_reason,
	                 TT_REASON_ALREADY_AT_MIN_CAPACITY);
	r = &cal.rows[5];
	ck_assert_str_eq(r->activity_id, "flap");
	ck_assert_int_eq(r->simulated.decision_us, S(5220));
	ck_assert_int_eq(r->simulated_reason, TT_REASON_IN_COOLDOWN);
	tt_calibration_release(&cal);
}
END_TEST

START_TEST(skipped_activities)
{
	char a[1024], b[1024], text[4096];
	/* before the trace starts, and a failure without reasons */
	activity(a, sizeof a, "early", 3, -120, -1, NULL);
	activity(b, sizeof b, "failed", 3, 600, -1, "");
	snprintf(text, sizeof text,
	         "{\"ScalingActivities\": [%s, %s, {\"ActivityId\": "
	         "\"bounds\", \"ServiceNamespace\": \"sagemaker\", "
	         "\"ResourceId\": \"endpoint/checkout/variant/AllTraffic\", "
	         "\"ScalableDimension\": "
	         "\"sagemaker:variant:DesiredInstanceCount\", \"Description\": "
	         "\"Setting min capacity to 1 and max capacity to 10\", "
	         "\"Cause\": \"scheduled action name x\", \"StartTime\": "
	         "1709283900, \"StatusCode\": \"Successful\"}]}",
	         b, a);
	calibrate(text, 0);
	ck_assert_uint_eq(cal.score.skipped, 3);
	ck_assert_uint_eq(cal.score.matched, 0);
	ck_assert_uint_eq(cal.score.simulated_only, 6);
	tt_calibration_release(&cal);
}
END_TEST

START_TEST(csv_rows)
{
	char a[1024], text[2048];
	activity(a, sizeof a, "x,1", 1, 962.25, 1019, NULL);
	snprintf(text, sizeof text, "{\"ScalingActivities\": [%s]}", a);
	calibrate(text, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	tt_diag d;
	ck_assert_int_eq(tt_calibration_write_csv(&cal, f, &d), TT_OK);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(
	        buf, "match,kind,direction,to,activity_id,recorded_decision_s,"
	             "simulated_decision_s,decision_offset_s,"
	             "recorded_completion_s,simulated_completion_s,"
	             "completion_offset_s,recorded_reason,simulated_reason\n"
	             "matched,scaling,in,1,\"x,1\",962.25,960,-2.25,1019,1020,"
	             "1,,\n"
	             "simulated_only,scaling,out,7,,,3840,,,4140,,,\n"));
	free(buf);
	tt_calibration_release(&cal);
}
END_TEST

START_TEST(refused)
{
	char a[1024], text[2048], buf[1200];
	tt_diag d;
	tt_calibration c;
	activity(a, sizeof a, "x", 1, 962, 1019, NULL);
	snprintf(text, sizeof text, "{\"ScalingActivities\": [%s]}", a);
	/* another scalable target */
	char *p = strstr(text, "checkout");
	memcpy(p, "checkin!", 8);
	ck_assert_int_eq(tt_calibrate_text(&scenario, text, strlen(text),
	                                   "a.json", NULL, &c, &d),
	                 TT_EINVAL);
	ck_assert_msg(strstr(d.msg, "'endpoint/checkin!/variant/AllTraffic' "
	                            "is not the scenario's resource") != NULL,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(d.file, "a.json");
	ck_assert_int_eq(d.line, 1);
	/* bad input: the reader's message */
	ck_assert_int_eq(
	        tt_calibrate_text(&scenario, "{", 1, "a.json", NULL, &c, &d),
	        TT_ESYNTAX);
}
END_TEST

START_TEST(synthetic_refused)
{
	tt_scenario_release(&scenario);
	char dir[512], buf[1200];
	tt_diag d;
	tu_src_path(dir, sizeof dir, "tests/data/calibrate");
	static const char yaml[] =
	        "resource: endpoint/checkout/variant/AllTraffic\n"
	        "capacity: {initial: 2, min: 1, max: 10}\n"
	        "policies: [{name: p, TargetTrackingScalingPolicyConfiguration:"
	        " {TargetValue: 300, PredefinedMetricSpecification: "
	        "{PredefinedMetricType: "
	        "SageMakerVariantInvocationsPerInstance}}}]\n"
	        "workload: {synthetic: {shape: constant, rate: 600}}\n"
	        "simulation: {duration: 1h}\n";
	ck_assert_msg(tt_scenario_load_text(yaml, strlen(yaml), "s.yaml", dir,
	                                    &scenario, &d) == TT_OK,
	              "%s", tu_diag_str(&d, buf, sizeof buf));
	tt_calibration c;
	const char *text = "{\"ScalingActivities\": []}";
	ck_assert_int_eq(tt_calibrate_text(&scenario, text, strlen(text),
	                                   "a.json", NULL, &c, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(d.file, "s.yaml");
	ck_assert_int_eq(d.line, 4);
	ck_assert_ptr_nonnull(strstr(d.msg, "not a synthetic one"));
}
END_TEST

START_TEST(shipped_example)
{
	/* docs/calibrate.md's example, read from its file */
	char path[512], buf[1200];
	tt_diag d;
	tu_src_path(path, sizeof path, "tests/data/calibrate/activities.json");
	tt_code rc = tt_calibrate(&scenario, path, "activities.json", NULL,
	                          &cal, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	const tt_cal_score *sc = &cal.score;
	ck_assert_uint_eq(sc->matched, 6);
	ck_assert_uint_eq(sc->recorded_only, 1);
	ck_assert_uint_eq(sc->simulated_only, 0);
	ck_assert_uint_eq(sc->not_scaled_matched, 2);
	ck_assert_uint_eq(sc->not_scaled_agree, 1);
	ck_assert_int_eq(sc->decision_median_us, -S(10.875));
	ck_assert_int_eq(sc->decision_max_us, -S(14));
	ck_assert_int_eq(sc->completion_median_us, -S(13.75));
	ck_assert_uint_eq(cal.count, 9);
	tt_calibration_release(&cal);
	/* an unreadable file: the system's reason, named as given */
	rc = tt_calibrate(&scenario, "/nonexistent/a.json", "a.json", NULL,
	                  &cal, &d);
	ck_assert_int_eq(rc, TT_EIO);
}
END_TEST

/* Minutes as doubles, compared to a millionth. */
#define ck_min_eq(x, want) ck_assert_double_eq_tol((x), (want), 1e-6)

/* The steps of a capacity, checked against (time s, value) pairs. */
static void steps_are(const tt_cal_steps *st, const double *want, size_t n)
{
	ck_assert_uint_eq(st->count, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(st->time_us[i], S(want[2 * i]));
		ck_assert_double_eq(st->value[i], want[2 * i + 1]);
	}
}

/*
 * One recorded scale-out, to 7 from 3850 to 4200 (the simulation: 3840
 * to 4140), and nothing else.  Recorded capacity: 2, then 7 from 4200.
 * Simulated: 2, 1 from 1020, 7 from 4140, 10 from 4500, 7 from 5160, 6
 * from 5520, 1 from 11820, until 21600.  By hand, in instance-minutes:
 *   below: [1020, 4140) 1 x 52 + [5520, 11820) 1 x 105
 *          + [11820, 21600) 6 x 163 = 1135
 *   above: [4140, 4200) 5 x 1 + [4500, 5160) 3 x 11 = 38
 * Decisions: one pair 10 s apart, five simulated decisions unmatched at
 * the 15-minute window each: 75 + 1/6 minutes.
 */
START_TEST(capacity_and_loss)
{
	char one[1024], text[2048] = "{\"ScalingActivities\": [";
	activity(one, sizeof one, "out-7", 7, 3850, 4200, NULL);
	append(text, sizeof text, one);
	append(text, sizeof text, "]}");
	calibrate(text, 0);
	static const double rec[] = {0, 2, 4200, 7};
	static const double sim[] = {0,  2,    1020, 1,    4140, 7,     4500,
	                             10, 5160, 7,    5520, 6,    11820, 1};
	ck_assert(!cal.capacity_from_export);
	steps_are(&cal.recorded_capacity, rec, 2);
	steps_are(&cal.simulated_capacity, sim, 7);
	const tt_cal_score *sc = &cal.score;
	ck_min_eq(sc->below_instance_min, 1135);
	ck_min_eq(sc->above_instance_min, 38);
	ck_min_eq(sc->decision_error_min, 75 + 10.0 / 60);
	ck_min_eq(sc->loss, 1135 + 38 + 75 + 10.0 / 60);
	/* the recorded provisioning: the one scale-out's 350 s */
	ck_assert_uint_eq(cal.provisioning.count, 1);
	ck_assert_int_eq(cal.provisioning.samples_us[0], S(350));
	/* the load: one value per minute of the six hours */
	ck_assert_uint_eq(cal.periods, 360);
	ck_assert_int_eq(cal.period_us, S(60));
	ck_assert_int_eq(tt_calibration_verdict(&cal), TT_CAL_MISMATCH);
	tt_calibration_release(&cal);
}
END_TEST

/*
 * A CloudWatch export of the count: 2 at 09:10, 2.5 at 09:11, 1 at 09:12,
 * nothing until 1 at 09:20, per minute.  Known only over those minutes:
 * 2.5 against 2 is 0.5 below, 1 against 2 one above; the rest agree.
 */
START_TEST(capacity_from_export)
{
	int64_t t0 = INT64_C(1709283600) * 1000000;
	int64_t at[] = {t0 + S(600), t0 + S(660), t0 + S(720), t0 + S(1200)};
	double v[] = {2, 2.5, 1, 1};
	tt_capacity_export x = {at, v, 4, S(60), "Average", "cap.json"};
	tt_calibrate_options o = {0, &x};
	char *text = history(0, 0, false);
	tt_diag d;
	char buf[1200];
	tt_code rc = tt_calibrate_text(&scenario, text, strlen(text), "a.json",
	                               &o, &cal, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	static const double rec[] = {0, -1,  600, 2,    660, 2.5,  720,
	                             1, 780, -1,  1200, 1,   1260, -1};
	ck_assert(cal.capacity_from_export);
	steps_are(&cal.recorded_capacity, rec, 7);
	ck_min_eq(cal.score.below_instance_min, 0.5);
	ck_min_eq(cal.score.above_instance_min, 1);
	/* every activity matched at 0 s: no decision error */
	ck_min_eq(cal.score.decision_error_min, 0);
	ck_min_eq(cal.score.loss, 1.5);
	ck_assert_int_eq(tt_calibration_verdict(&cal), TT_CAL_CONSISTENT);
	tt_calibration_release(&cal);
	free(text);
}
END_TEST

/* The verdict: every activity matched, each within one period. */
START_TEST(verdict_rule)
{
	tt_calibration c;
	memset(&c, 0, sizeof c);
	c.period_us = S(60);
	ck_assert_int_eq(tt_calibration_verdict(&c), TT_CAL_NO_VERDICT);
	c.has_activities = true;
	ck_assert_int_eq(tt_calibration_verdict(&c), TT_CAL_CONSISTENT);
	tt_cal_score *sc = &c.score;
	sc->matched = 40;
	sc->has_decision = true;
	sc->decision_max_us = -S(60);
	ck_assert_int_eq(tt_calibration_verdict(&c), TT_CAL_CONSISTENT);
	sc->decision_max_us = S(60) + 1;
	ck_assert_int_eq(tt_calibration_verdict(&c), TT_CAL_MISMATCH);
	sc->decision_max_us = 0;
	sc->simulated_only = 1;
	ck_assert_int_eq(tt_calibration_verdict(&c), TT_CAL_MISMATCH);
	sc->simulated_only = 0;
	sc->recorded_only = 1;
	ck_assert_int_eq(tt_calibration_verdict(&c), TT_CAL_MISMATCH);
}
END_TEST

/*
 * The export alone, no activities: the capacities compared as in
 * capacity_from_export, no rows, no decision figures, no verdict.
 */
START_TEST(capacity_alone)
{
	int64_t t0 = INT64_C(1709283600) * 1000000;
	int64_t at[] = {t0 + S(600), t0 + S(660), t0 + S(720), t0 + S(1200)};
	double v[] = {2, 2.5, 1, 1};
	tt_capacity_export x = {at, v, 4, S(60), "Average", "cap.json"};
	tt_calibrate_options o = {0, &x};
	tt_diag d;
	char buf[1200];
	tt_code rc = tt_calibrate_history(&scenario, NULL, &o, &cal, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert(!cal.has_activities);
	ck_assert_uint_eq(cal.count, 0);
	ck_assert(!cal.score.has_decision);
	ck_min_eq(cal.score.loss, 1.5);
	ck_assert_uint_eq(cal.provisioning.count, 0);
	ck_assert_int_eq(tt_calibration_verdict(&cal), TT_CAL_NO_VERDICT);
	tt_calibration_release(&cal);
	/* neither: refused */
	ck_assert_int_eq(tt_calibrate_history(&scenario, NULL, NULL, &cal, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(d.msg, "calibrate needs the recorded activities, the "
	                        "recorded capacity, or both");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("calibrate");
	TCase *t = tcase_create("matching");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, offsets_put_in_come_out);
	tcase_add_test(t, pages_read_the_same);
	tcase_add_test(t, unmatched_on_both_sides);
	tcase_add_test(t, each_decision_used_once);
	tcase_add_test(t, shipped_example);
	suite_add_tcase(s, t);
	t = tcase_create("not_scaled");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, not_scaled_reasons);
	tcase_add_test(t, skipped_activities);
	suite_add_tcase(s, t);
	t = tcase_create("outputs");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, csv_rows);
	tcase_add_test(t, refused);
	tcase_add_test(t, synthetic_refused);
	suite_add_tcase(s, t);
	t = tcase_create("capacity");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, capacity_and_loss);
	tcase_add_test(t, capacity_from_export);
	tcase_add_test(t, verdict_rule);
	tcase_add_test(t, capacity_alone);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run_suite(suite());
}
