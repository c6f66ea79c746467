/*
 * test_report.c - the output writers: number and date formatting, CSV
 * quoting, summary.json, atomic output files.
 */
#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runutil.h"
#include "testutil.h"
#include "ttsim/ttsim.h"

static const struct {
	double v;
	const char *want;
} numbers[] = {
        {0, "0"},
        {-0.0, "0"},
        {140, "140"},
        {0.1, "0.1"},
        {1.0 / 3, "0.3333333333333333"},
        {46.666666666666664, "46.666666666666664"},
        {105, "105"},
        {-2.5, "-2.5"},
        {1e21, "1e+21"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {5e-324, "4.94065645841247e-324"},
};

START_TEST(shortest_round_trip_numbers)
{
	char buf[TT_FMT_BUF];
	ck_assert_str_eq(tt_fmt_double(numbers[_i].v, buf), numbers[_i].want);
	ck_assert(strtod(buf, NULL) == numbers[_i].v);
}
END_TEST

/* The formatter's rule, spelled with printf: the shortest of %.15g,
 * %.16g and %.17g that reads back; whole numbers below 1e15 as digits. */
static void printf_shortest(double v, char *buf, size_t size)
{
	if (fabs(v) < 1e15 && v == (double)(int64_t)v) {
		snprintf(buf, size, "%lld", (long long)v);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/*
 * tt_fmt_double does without printf for the numbers outputs are made of
 * (not whole, 1e-4 to 1e15: integer arithmetic on the significand); it
 * must print what printf does, on numbers of every kind: random bits,
 * quotients, counts per instance, and dyadic numbers whose digits end
 * in a tie (rounded half to even, as glibc does).
 */
START_TEST(formatter_agrees_with_printf)
{
	uint64_t x = 0x9e3779b97f4a7c15u;
	char want[64], got[TT_FMT_BUF];
	for (long i = 0; i < 400000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		double v;
		switch (i % 4) {
		case 0:
			memcpy(&v, &x, sizeof v);
			break;
		case 1:
			v = ldexp((double)(x >> 11), (int)(x % 90) - 75);
			break;
		case 2:
			v = (double)(x % 1000000) /
			    (double)(1 + (x >> 40) % 97);
			break;
		default: /* few bits: the digits end in a 5 */
			v = ldexp((double)(x >> (11 + x % 40)), -(int)(x % 64));
			break;
		}
		if (!isfinite(v))
			continue;
		printf_shortest(v, want, sizeof want);
		ck_assert_str_eq(tt_fmt_double(v, got), want);
	}
}
END_TEST

/* tt_fmt_uint prints what printf's %llu does: at every power of ten and
 * the number before it, and at the ends of the range. */
START_TEST(uint_formatter_agrees_with_printf)
{
	char want[32], got[32];
	uint64_t p = 1;
	for (int k = 0; k <= 20; k++) {
		const uint64_t vs[] = {p, p - 1, p + 1, p * 7 / 3, UINT64_MAX};
		for (size_t i = 0; i < sizeof vs / sizeof *vs; i++) {
			snprintf(want, sizeof want, "%llu",
			         (unsigned long long)vs[i]);
			ck_assert_uint_eq(tt_fmt_uint(vs[i], got), strlen(want));
			ck_assert_str_eq(got, want);
		}
		if (k < 19)
			p *= 10;
	}
}
END_TEST

/* What one escaper wrote for `in`, in a buffer the caller frees. */
static char *escaped(void (*put)(FILE *, const char *), const char *in)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	ck_assert_ptr_nonnull(f);
	put(f, in);
	ck_assert_int_eq(fclose(f), 0);
	return out;
}

/* RFC 4180: quoted only for a comma, a quote, CR or LF; quotes doubled;
 * every other byte, control or not ASCII, as it is. */
static const struct {
	const char *in, *want;
} csv_fields[] = {
        {"", ""},
        {"plain name", "plain name"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"tab\there", "tab\there"},
        {"bell\a and esc\x1b", "bell\a and esc\x1b"},
        {"back\\slash", "back\\slash"},
        {"caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac"},
        {"not utf-8 \xff\xfe", "not utf-8 \xff\xfe"},
        {"caf\xc3\xa9, \"x\"", "\"caf\xc3\xa9, \"\"x\"\"\""},
};

START_TEST(csv_field_escaper)
{
	char *got = escaped(tt_fmt_csv_field, csv_fields[_i].in);
	ck_assert_str_eq(got, csv_fields[_i].want);
	free(got);
}
END_TEST

/* JSON: quote and backslash behind a backslash, LF as \n, the other
 * control bytes as \u00XX, everything from 0x20 up (DEL, UTF-8, bytes
 * that are not UTF-8) as it is. */
static const struct {
	const char *in, *want;
} json_strings[] = {
        {"", "\"\""},
        {"plain", "\"plain\""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"back\\slash", "\"back\\\\slash\""},
        {"two\nlines", "\"two\\nlines\""},
        {"cr\r tab\t", "\"cr\\u000d tab\\u0009\""},
        {"\x01\x1b\x1f", "\"\\u0001\\u001b\\u001f\""},
        {"del\x7f", "\"del\x7f\""},
        {"/ slash", "\"/ slash\""},
        {"caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\""},
        {"not utf-8 \xff", "\"not utf-8 \xff\""},
};

START_TEST(json_string_escaper)
{
	char *got = escaped(tt_fmt_json_string, json_strings[_i].in);
	ck_assert_str_eq(got, json_strings[_i].want);
	free(got);
}
END_TEST

static const struct {
	int64_t unix_s;
	const char *want;
} dates[] = {
        {0, "1970-01-01T00:00:00Z"},
        {893971800, "1998-04-30T21:30:00Z"},
        {951782400, "2000-02-29T00:00:00Z"},
        {1700158623, "2023-11-16T18:17:03Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {4107542400, "2100-03-01T00:00:00Z"},
};

START_TEST(iso8601_dates)
{
	char buf[TT_FMT_BUF];
	ck_assert_str_eq(tt_fmt_iso8601(dates[_i].unix_s, buf), dates[_i].want);
}
END_TEST

/* The hand-written date code agrees with the C library's across centuries. */
START_TEST(iso8601_agrees_with_gmtime)
{
	char got[TT_FMT_BUF], want[64];
	for (long long t = -3153600000LL; t < 9461000000LL; t += 604793) {
		time_t tt = (time_t)t;
		struct tm tm;
		gmtime_r(&tt, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		ck_assert_str_eq(tt_fmt_iso8601(t, got), want);
	}
}
END_TEST

START_TEST(time_formatting)
{
	char buf[32];
	ck_assert_str_eq(tt_time_format_s(0, buf), "0");
	ck_assert_str_eq(tt_time_format_s(300 * TT_US_PER_S, buf), "300");
	ck_assert_str_eq(tt_time_format_s(61250000, buf), "61.25");
	ck_assert_str_eq(tt_time_format_s(613184949, buf), "613.184949");
}
END_TEST

/* A run into memory files, so the writers' bytes can be inspected. */
static void run_to_strings(const char *yaml, char **timeline, char **events,
                           char **summary)
{
	tt_scenario s;
	tt_diag d;
	char msg[1024];
	ck_assert_msg(!tt_scenario_load_text(yaml, strlen(yaml), "r.yaml", NULL,
	                                     &s, &d),
	              "%s", tu_diag_str(&d, msg, sizeof msg));
	size_t n1, n2, n3;
	FILE *t = open_memstream(timeline, &n1);
	FILE *e = open_memstream(events, &n2);
	FILE *j = open_memstream(summary, &n3);
	tt_csv_recorder rec;
	tt_csv_recorder_init(&rec, t, e);
	tt_summary sum;
	ck_assert(!tt_sim_run(&s, &rec.rec, &sum, &d));
	tt_csv_recorder_release(&rec);
	ck_assert(!tt_report_write_summary(j, &s, &sum, &d));
	fclose(t);
	fclose(e);
	fclose(j);
	tt_summary_release(&sum);
	tt_scenario_release(&s);
}

START_TEST(csv_quotes_policy_names_and_adds_columns)
{
	char *t, *e, *j;
	run_to_strings("capacity: {initial: 2, min: 1, max: 10}\n"
	               "policies:\n"
	               "  - name: plain\n"
	               "    TargetTrackingScalingPolicyConfiguration: "
	               "{TargetValue: 70, "
	               "PredefinedMetricSpecification: {PredefinedMetricType: "
	               "SageMakerVariantInvocationsPerInstance}}\n"
	               "  - name: 'odd, \"name\"'\n"
	               "    TargetTrackingScalingPolicyConfiguration: "
	               "{TargetValue: 700, "
	               "PredefinedMetricSpecification: {PredefinedMetricType: "
	               "SageMakerVariantInvocationsPerInstance}}\n"
	               "workload: {synthetic: {shape: constant, rate: 280}}\n"
	               "simulation: {duration: 5m}\n",
	               &t, &e, &j);
	const char *header =
	        "time_s,invocations,desired,in_service,pending,metric,alarm_"
	        "high,"
	        "alarm_low,action,\"odd, \"\"name\"\".metric\",\"odd, "
	        "\"\"name\"\".alarm_high\",\"odd, \"\"name\"\".alarm_low\"\n";
	ck_assert_int_eq(strncmp(t, header, strlen(header)), 0);
	ck_assert_ptr_nonnull(strstr(t,
	                             "\n0,280,2,2,0,140,INSUFFICIENT_DATA,"
	                             "INSUFFICIENT_DATA,none,140,"
	                             "INSUFFICIENT_DATA,INSUFFICIENT_DATA\n"));
	ck_assert_ptr_nonnull(strstr(t, "\n180,280,4,2,2,140,ALARM,OK,"
	                                "scale_out,140,OK,OK\n"));
	/* the run ends at 300 s: the launch still provisioning then never
	 * completes within it */
	ck_assert_str_eq(e, "time_s,policy,direction,from,to,reason\n"
	                    "240,plain,out,2,4,InProgress\n"
	                    "300,plain,out,4,4,"
	                    "TargetServicePutResourceAsUnscalable\n");
	ck_assert_ptr_nonnull(strstr(j, "\"name\": \"odd, \\\"name\\\"\""));
	free(t);
	free(e);
	free(j);
}
END_TEST

START_TEST(wallclock_traces_get_a_timestamp_column)
{
	char path[1024], yaml[2048];
	char *t, *e, *j;
	snprintf(yaml, sizeof yaml,
	         "capacity: {min: 1, max: 10}\n"
	         "policies:\n"
	         "  - TargetTrackingScalingPolicyConfiguration: {TargetValue: "
	         "70, PredefinedMetricSpecification: {PredefinedMetricType: "
	         "SageMakerVariantInvocationsPerInstance}}\n"
	         "workload: {trace: {file: %s}}\n",
	         tu_src_path(path, sizeof path, "tests/data/wc98-slice.csv"));
	run_to_strings(yaml, &t, &e, &j);
	ck_assert_ptr_nonnull(strstr(t, ",action,timestamp\n"));
	ck_assert_ptr_nonnull(strstr(t, "\n0,2,1,1,0,2,"));
	ck_assert_ptr_nonnull(strstr(t, ",1998-04-30T21:30:00Z\n"));
	ck_assert_ptr_nonnull(strstr(t, ",1998-04-30T21:31:00Z\n"));
	ck_assert_ptr_nonnull(strstr(j, "\"periods\": 200,"));
	free(t);
	free(e);
	free(j);
}
END_TEST

START_TEST(summary_records_figures_and_knobs)
{
	char *t, *e, *j;
	run_to_strings("capacity: {initial: 2, min: 1, max: 10}\n"
	               "policies:\n"
	               "  - TargetTrackingScalingPolicyConfiguration: "
	               "{TargetValue: 70, PredefinedMetricSpecification: "
	               "{PredefinedMetricType: "
	               "SageMakerVariantInvocationsPerInstance}}\n"
	               "instance: {provisioning: 60s, price_per_hour: 1.5}\n"
	               "workload: {synthetic: {shape: constant, rate: 280}}\n"
	               "simulation: {duration: 10m}\n"
	               "aws: {zero_traffic: missing}\n",
	               &t, &e, &j);
	/* 2 instances for 10 min, 2 more launched at 240 s: 2 * 10 + 2 * 6
	 * instance-minutes = 32 / 60 h */
	ck_assert_ptr_nonnull(
	        strstr(j, "\"instance_hours\": 0.5333333333333333,"));
	ck_assert_ptr_nonnull(strstr(j, "\"total\": 0.8\n"));
	ck_assert_ptr_nonnull(strstr(j, "\"scale_out\": 1,"));
	ck_assert_ptr_nonnull(strstr(j, "\"peak_desired\": 4,"));
	/* over target (140 > 70) for periods 0..4, then 70: not over */
	ck_assert_ptr_nonnull(strstr(j, "\"minutes_over_target\": 5"));
	ck_assert_ptr_nonnull(strstr(j, "\"zero_traffic\": \"missing\""));
	ck_assert_ptr_nonnull(strstr(
	        j, "\"provisioning\": {\"dist\": \"fixed\", \"value_s\": 60}"));
	ck_assert_ptr_nonnull(strstr(j,
	                             "\"alarm_low_hr\": {\"datapoints\": 90, "
	                             "\"periods\": 90}"));
	ck_assert(j[strlen(j) - 2] == '}');
	free(t);
	free(e);
	free(j);
}
END_TEST

/* ---- no inf or nan in any output ---- */

static const struct {
	double v;
	const char *shown;
} non_finite[] = {{NAN, "nan"}, {INFINITY, "inf"}, {-INFINITY, "-inf"}};

START_TEST(fmt_finite_refuses_nan_and_inf)
{
	char buf[TT_FMT_BUF], want[256], msg[1024];
	tt_diag d;
	ck_assert_int_eq(tt_fmt_finite(46.666666666666664, "summary.json",
	                               "total", buf, &d),
	                 TT_OK);
	ck_assert_str_eq(buf, "46.666666666666664");
	tt_diag_clear(&d);
	ck_assert_int_eq(tt_fmt_finite(non_finite[_i].v, "summary.json",
	                               "total", buf, &d),
	                 TT_EINTERNAL);
	ck_assert_str_eq(buf, "");
	snprintf(want, sizeof want,
	         "error: 'total' in summary.json is %s: outputs hold finite "
	         "numbers only (internal error)",
	         non_finite[_i].shown);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
}
END_TEST

static const char small_run[] =
        "capacity: {initial: 2, min: 1, max: 10}\n"
        "policies:\n"
        "  - TargetTrackingScalingPolicyConfiguration: "
        "{TargetValue: 70, PredefinedMetricSpecification: "
        "{PredefinedMetricType: SageMakerVariantInvocationsPerInstance}}\n"
        "instance: {provisioning: 60s, price_per_hour: 1.5}\n"
        "workload: {synthetic: {shape: constant, rate: 280}}\n"
        "simulation: {duration: 10m}\n";

/* A figure that is not finite makes summary.json an internal error. */
START_TEST(summary_refuses_non_finite_figures)
{
	tt_scenario s;
	tt_summary sum;
	tt_diag d;
	char msg[1024], want[256];
	ck_assert(!tt_scenario_load_text(small_run, strlen(small_run), "r.yaml",
	                                 NULL, &s, &d));
	tt_recorder none = {0};
	ck_assert(!tt_sim_run(&s, &none, &sum, &d));
	double *figures[] = {&sum.cost, &sum.mean_desired,
	                     &sum.elasticity.jitter_per_hour};
	const char *names[] = {"total", "mean_desired", "jitter"};
	for (size_t i = 0; i < 3; i++) {
		double keep = *figures[i];
		*figures[i] = non_finite[_i].v;
		char *text = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&text, &n);
		tt_diag_clear(&d);
		ck_assert_int_eq(tt_report_write_summary(f, &s, &sum, &d),
		                 TT_EINTERNAL);
		fclose(f);
		snprintf(want, sizeof want,
		         "error: '%s' in summary.json is %s: outputs hold "
		         "finite numbers only (internal error)",
		         names[i], non_finite[_i].shown);
		ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
		free(text);
		*figures[i] = keep;
	}
	/* two at once: the first is the one reported */
	sum.mean_desired = NAN;
	sum.cost = INFINITY;
	FILE *f = fopen("/dev/null", "w");
	ck_assert_int_eq(tt_report_write_summary(f, &s, &sum, &d),
	                 TT_EINTERNAL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(d.msg, "'mean_desired'"));
	tt_summary_release(&sum);
	tt_scenario_release(&s);
}
END_TEST

/* A timeline row with a metric or latency that is not finite stops the
 * run before the row is written. */
START_TEST(timeline_refuses_non_finite_cells)
{
	tt_scenario s;
	tt_diag d;
	char msg[1024], want[256];
	ck_assert(!tt_scenario_load_text(small_run, strlen(small_run), "r.yaml",
	                                 NULL, &s, &d));
	const char *cols[] = {"metric", "p50_ms", "p99_ms"};
	for (size_t c = 0; c < 3; c++) {
		char *text = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&text, &n);
		tt_csv_recorder rec;
		tt_csv_recorder_init(&rec, f, NULL);
		s.mode = c ? TT_MODE_REQUEST : TT_MODE_FLUID;
		ck_assert(!rec.rec.begin(rec.rec.ctx, &s, false, 0, &d));
		tt_row_policy pol = {.has_metric = true, .metric = 140};
		tt_row row = {.start_us = 60 * TT_US_PER_S,
		              .invocations = 280,
		              .desired = 2,
		              .in_service = 2,
		              .policies = &pol,
		              .has_latency = true,
		              .p50_ms = 5,
		              .p99_ms = 9};
		ck_assert(!rec.rec.row(rec.rec.ctx, &row, &d));
		double *bad[] = {&pol.metric, &row.p50_ms, &row.p99_ms};
		*bad[c] = non_finite[_i].v;
		tt_diag_clear(&d);
		ck_assert_int_eq(rec.rec.row(rec.rec.ctx, &row, &d),
		                 TT_EINTERNAL);
		snprintf(want, sizeof want,
		         "error: '%s' in timeline.csv is %s: outputs hold "
		         "finite numbers only (internal error)",
		         cols[c], non_finite[_i].shown);
		ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
		tt_csv_recorder_release(&rec);
		fclose(f);
		/* the header and the good row, nothing of the bad one */
		ck_assert_int_eq(strstr(text, "\n60,280,2,2,0,140,") != NULL,
		                 1);
		ck_assert_ptr_null(strstr(text, "inf"));
		ck_assert_ptr_null(strstr(text, "nan"));
		const char *second = strchr(strchr(text, '\n') + 1, '\n');
		ck_assert_str_eq(second, "\n");
		free(text);
	}
	tt_scenario_release(&s);
}
END_TEST

START_TEST(outfile_appears_only_on_commit)
{
	char dir[] = "/tmp/ttsim-outfile-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/a.csv", dir);
	tt_outfile o;
	tt_diag d;
	struct stat st;
	ck_assert_int_eq(tt_outfile_open(&o, path, &d), TT_OK);
	fputs("hello\n", o.f);
	ck_assert_int_ne(stat(path, &st), 0); /* not there yet */
	ck_assert_int_eq(tt_outfile_commit(&o, &d), TT_OK);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 6);
	/* an aborted rewrite leaves the old file and no temporary */
	ck_assert_int_eq(tt_outfile_open(&o, path, &d), TT_OK);
	fputs("half", o.f);
	tt_outfile_abort(&o);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 6);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
	ck_assert_int_eq(system(cmd), 0);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(outfile_reports_write_errors)
{
	tt_outfile o;
	tt_diag d;
	char msg[1024];
	ck_assert_int_eq(tt_outfile_open(&o, "/nonexistent-dir/x.csv", &d),
	                 TT_EIO);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "error: cannot create '/nonexistent-dir/x.csv': No "
	                 "such file or directory");
	/* a full disk: write through a stream on /dev/full */
	ck_assert_int_eq(tt_outfile_open(&o, "/tmp/ttsim-full.csv", &d), TT_OK);
	FILE *full = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(full);
	fclose(o.f);
	o.f = full;
	for (int i = 0; i < 10000; i++)
		fputs("0123456789", o.f);
	ck_assert_int_eq(tt_outfile_commit(&o, &d), TT_EIO);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg),
	                 "error: cannot write '/tmp/ttsim-full.csv': No space "
	                 "left on device");
	struct stat st;
	ck_assert_int_ne(stat("/tmp/ttsim-full.csv", &st), 0);
}
END_TEST

/* ---- commit groups ---- */

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void assert_file(const char *dir, const char *name, const char *want)
{
	char path[600], got[256] = "";
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s is missing", path);
	size_t n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	ck_assert_str_eq(got, want);
}

/* Files in dir, counted with `ls -A`. */
static int files_in(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "exit $(ls -A %s | wc -l)", dir);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *const group_names[3] = {"a.csv", "b.svg", "c.json"};

/* Open the three outfiles of a group in dir and write "new" into each. */
static void open_group(const char *dir, tt_outfile *o)
{
	tt_diag d;
	for (int i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, group_names[i]);
		ck_assert_int_eq(tt_outfile_open(&o[i], path, &d), TT_OK);
		fputs("new\n", o[i].f);
	}
}

/* All three files or none: a write error in any leaves every old one. */
START_TEST(outfile_group_commits_all_or_none)
{
	char dir[] = "/tmp/ttsim-group-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (int i = 0; i < 3; i++)
		put_file(dir, group_names[i], "old\n");
	tt_outfile o[3];
	tt_diag d;
	char msg[1024], want[1024];

	/* the second file's disk is full: nothing is replaced */
	open_group(dir, o);
	FILE *full = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(full);
	fclose(o[1].f);
	o[1].f = full;
	for (int i = 0; i < 1000; i++)
		fputs("0123456789", o[1].f);
	ck_assert_int_eq(tt_outfile_commit_group(o, 3, &d), TT_EIO);
	snprintf(want, sizeof want,
	         "error: cannot write '%s/b.svg': No space left on device",
	         dir);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
	for (int i = 0; i < 3; i++) {
		assert_file(dir, group_names[i], "old\n");
		ck_assert_ptr_null(o[i].f);
		ck_assert_ptr_null(o[i].tmp_path);
	}
	ck_assert_int_eq(files_in(dir), 3); /* no temporary file left */

	/* the data can be read back under its temporary name first */
	open_group(dir, o);
	ck_assert_int_eq(tt_outfile_flush(&o[0], &d), TT_OK);
	ck_assert_str_eq(tt_outfile_name(&o[0]), o[0].tmp_path);
	FILE *back = fopen(tt_outfile_name(&o[0]), "r");
	char line[16] = "";
	ck_assert_ptr_nonnull(back);
	ck_assert_ptr_nonnull(fgets(line, sizeof line, back));
	fclose(back);
	ck_assert_str_eq(line, "new\n");
	ck_assert_int_eq(tt_outfile_commit_group(o, 3, &d), TT_OK);
	for (int i = 0; i < 3; i++)
		assert_file(dir, group_names[i], "new\n");
	ck_assert_int_eq(files_in(dir), 3);

	for (int i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, group_names[i]);
		unlink(path);
	}
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/*
 * A rename that fails stops the group in order: the files before it are
 * replaced and named in the message, the rest keep their old contents.
 */
START_TEST(outfile_group_reports_a_failed_rename)
{
	char dir[] = "/tmp/ttsim-group-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put_file(dir, "a.csv", "old\n");
	put_file(dir, "c.json", "old\n");
	/* b.svg is a directory that is not empty: no file renames over it */
	char sub[512];
	snprintf(sub, sizeof sub, "%s/b.svg", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	put_file(sub, "x", "x");
	tt_outfile o[3];
	tt_diag d;
	char msg[1024];
	open_group(dir, o);
	char tmp_b[512];
	snprintf(tmp_b, sizeof tmp_b, "%s", o[1].tmp_path);
	ck_assert_int_eq(tt_outfile_commit_group(o, 3, &d), TT_EIO);
	char want[2048];
	snprintf(want, sizeof want,
	         "error: cannot rename '%s' to '%s/b.svg': Is a directory; "
	         "already replaced: '%s/a.csv'",
	         tmp_b, dir, dir);
	ck_assert_str_eq(tu_diag_str(&d, msg, sizeof msg), want);
	assert_file(dir, "a.csv", "new\n");
	assert_file(dir, "c.json", "old\n");
	ck_assert_int_eq(files_in(dir), 3); /* no temporary file left */
	for (int i = 0; i < 3; i++)
		ck_assert_ptr_null(o[i].path);

	char path[600];
	snprintf(path, sizeof path, "%s/x", sub);
	unlink(path);
	rmdir(sub);
	snprintf(path, sizeof path, "%s/a.csv", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/c.json", dir);
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("numbers");
	tcase_add_test(tc, formatter_agrees_with_printf);
	tcase_add_test(tc, uint_formatter_agrees_with_printf);
	tcase_add_loop_test(tc, shortest_round_trip_numbers, 0,
	                    (int)(sizeof numbers / sizeof numbers[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("escapers");
	tcase_add_loop_test(tc, csv_field_escaper, 0,
	                    (int)(sizeof csv_fields / sizeof csv_fields[0]));
	tcase_add_loop_test(
	        tc, json_string_escaper, 0,
	        (int)(sizeof json_strings / sizeof json_strings[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("dates");
	tcase_add_loop_test(tc, iso8601_dates, 0,
	                    (int)(sizeof dates / sizeof dates[0]));
	tcase_add_test(tc, iso8601_agrees_with_gmtime);
	tcase_add_test(tc, time_formatting);
	suite_add_tcase(s, tc);
	tc = tcase_create("csv");
	tcase_add_test(tc, csv_quotes_policy_names_and_adds_columns);
	tcase_add_test(tc, wallclock_traces_get_a_timestamp_column);
	suite_add_tcase(s, tc);
	tc = tcase_create("summary");
	tcase_add_test(tc, summary_records_figures_and_knobs);
	suite_add_tcase(s, tc);
	tc = tcase_create("finite");
	tcase_add_loop_test(tc, fmt_finite_refuses_nan_and_inf, 0, 3);
	tcase_add_loop_test(tc, summary_refuses_non_finite_figures, 0, 3);
	tcase_add_loop_test(tc, timeline_refuses_non_finite_cells, 0, 3);
	suite_add_tcase(s, tc);
	tc = tcase_create("outfile");
	tcase_add_test(tc, outfile_appears_only_on_commit);
	tcase_add_test(tc, outfile_reports_write_errors);
	tcase_add_test(tc, outfile_group_commits_all_or_none);
	tcase_add_test(tc, outfile_group_reports_a_failed_rename);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
