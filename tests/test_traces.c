/*
 * test_traces.c - the trace readers: counts, requests, Azure Functions,
 * CloudWatch, and the detection of the format.
 *
 * Each reader is opened directly (trace.h) and the intervals it yields are
 * compared with tables worked out by hand; then the same traces go through
 * the whole workload pipeline (tt_workload_open) and the per-period counts
 * the engine would see are checked.  Every message, note and warning is
 * compared exactly.  Small traces are written from the tables to scratch
 * files in the build directory; the real ones (the World Cup 98 and Azure
 * LLM slices, the Azure Functions days, the CloudWatch exports) are in
 * tests/data.  The cache a sweep shares replays each reader's stream
 * exactly, reads a file once, and keeps no trace that fails.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "trace.h"
#include "trace_cache.h"
#include "ttsim/workload.h"

#define S TT_US_PER_S
#define MIN TT_US_PER_MIN
#define MAXF 4
#define MAXI 4096
#define END (-1.0)
#define NOCAL INT64_MIN

/* --- helpers -------------------------------------------------------- */

/* A trace spec over up to MAXF files, scratch or from the source tree. */
typedef struct tspec {
	tt_trace_spec spec;
	char *paths[MAXF];
	const char *names[MAXF];
	char buf[MAXF][4096];
	bool scratch[MAXF];
} tspec;

static const tt_loc where = {"scenario.yaml", 7, 3};

static void tspec_init(tspec *t, tt_trace_format f)
{
	memset(t, 0, sizeof *t);
	t->spec.format = f;
	t->spec.paths = t->paths;
	t->spec.names = t->names;
}

/* Add a file holding `len` bytes of `text`, shown as `name`. */
static void add_text_len(tspec *t, const char *name, const char *text,
                         size_t len)
{
	size_t i = t->spec.n_paths++;
	const char *dir = getenv("TTSIM_BUILD_DIR");
	snprintf(t->buf[i], sizeof t->buf[i], "%s/test_traces-%ld-%zu-%s",
	         dir ? dir : ".", (long)getpid(), i, name);
	FILE *f = fopen(t->buf[i], "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	t->paths[i] = t->buf[i];
	t->names[i] = name;
	t->scratch[i] = true;
}

static void add_text(tspec *t, const char *name, const char *text)
{
	add_text_len(t, name, text, strlen(text));
}

/* Add a file of the source tree, shown by its relative path. */
static void add_src(tspec *t, const char *rel)
{
	size_t i = t->spec.n_paths++;
	tu_src_path(t->buf[i], sizeof t->buf[i], rel);
	t->paths[i] = t->buf[i];
	t->names[i] = rel;
}

static void tspec_release(tspec *t)
{
	for (size_t i = 0; i < t->spec.n_paths; i++)
		if (t->scratch[i])
			unlink(t->paths[i]);
}

/* What a source yielded: intervals, the first attributes, the failure. */
typedef struct yield {
	tt_interval iv[MAXI];
	double attrs[MAXI][2];
	size_t n;
	tt_code rc;
	char msg[1024];
	tt_diag_list notes;
	bool wallclock;
	int64_t origin;
} yield;

static yield *yield_new(void)
{
	yield *y = calloc(1, sizeof *y);
	ck_assert_ptr_nonnull(y);
	return y;
}

static void yield_free(yield *y)
{
	tt_diag_list_release(&y->notes);
	free(y);
}

/* Read a source to its end (or failure), keeping what it yields. */
static void drain(tt_source *src, yield *y)
{
	tt_diag d;
	y->n = 0;
	for (;;) {
		tt_interval iv;
		bool end = false;
		y->rc = tt_source_next(src, &iv, &end, &d);
		if (y->rc) {
			tu_diag_str(&d, y->msg, sizeof y->msg);
			/* a failed source keeps failing the same way */
			tt_diag d2;
			ck_assert_int_eq(tt_source_next(src, &iv, &end, &d2),
			                 y->rc);
			ck_assert_str_eq(d2.msg, d.msg);
			return;
		}
		if (end)
			break;
		ck_assert_uint_lt(y->n, MAXI);
		for (size_t k = 0; k < src->n_attrs && k < 2; k++)
			y->attrs[y->n][k] = iv.attrs[k];
		y->iv[y->n++] = iv;
	}
	bool end = false;
	tt_interval iv;
	ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_OK);
	ck_assert(end); /* and it stays ended */
}

/*
 * Open `t` (through the cache `c` a sweep shares, or with tt_trace_open
 * when it is NULL) and drain it; y->rc/msg on failure.  A replay from the
 * cache must also start again like a reader (a repeat transform).
 */
static yield *read_through(tt_trace_cache *c, const tspec *t)
{
	yield *y = yield_new();
	tt_source *src = NULL;
	tt_diag d;
	y->rc = c ? tt_trace_cache_open(c, &t->spec, where, &y->notes, &src,
	                                &d)
	          : tt_trace_open(&t->spec, where, &y->notes, &src, &d);
	if (y->rc) {
		ck_assert_ptr_null(src);
		tu_diag_str(&d, y->msg, sizeof y->msg);
		return y;
	}
	y->wallclock = src->wallclock;
	y->origin = src->origin_unix_s;
	drain(src, y);
	if (c && y->rc == TT_OK && y->n) {
		tt_interval iv;
		bool end;
		ck_assert_int_eq(tt_source_rewind(src, &d), TT_OK);
		ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_OK);
		ck_assert(!end && iv.start_us == y->iv[0].start_us &&
		          iv.count == y->iv[0].count);
	}
	tt_source_close(src);
	return y;
}

/* Open `t` with tt_trace_open and drain it. */
static yield *read_trace(const tspec *t)
{
	return read_through(NULL, t);
}

/* Expected intervals: {start, len, count}, ended by count END. */
typedef struct want_iv {
	tt_time_us start_us;
	tt_time_us len_us;
	double count;
} want_iv;

static void expect_ivs(const yield *y, const want_iv *w)
{
	ck_assert_msg(y->rc == TT_OK, "failed: %s", y->msg);
	size_t m = 0;
	while (w[m].count != END)
		m++;
	for (size_t i = 0; i < y->n && i < m; i++) {
		ck_assert_msg(y->iv[i].start_us == w[i].start_us &&
		                      y->iv[i].len_us == w[i].len_us &&
		                      y->iv[i].count == w[i].count,
		              "interval %zu: got (%lld, %lld, %g), want (%lld, "
		              "%lld, %g)",
		              i, (long long)y->iv[i].start_us,
		              (long long)y->iv[i].len_us, y->iv[i].count,
		              (long long)w[i].start_us, (long long)w[i].len_us,
		              w[i].count);
	}
	ck_assert_uint_eq(y->n, m);
}

/* The notes as "note|warning: message" lines joined by '\n'. */
static const char *notes_str(const tt_diag_list *l, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < l->count && used < size; i++) {
		char one[1024];
		int n = snprintf(buf + used, size - used, "%s%s", i ? "\n" : "",
		                 tu_diag_str(&l->items[i], one, sizeof one));
		used += n > 0 ? (size_t)n : 0;
	}
	return buf;
}

/* Per-period counts through the whole pipeline, until the workload ends. */
static size_t run_pipeline(const tt_trace_spec *trace, tt_time_us period_us,
                           uint64_t *counts, size_t max, tt_diag_list *notes,
                           int64_t *origin)
{
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_TRACE;
	spec.loc = where;
	spec.trace = *trace;
	tt_workload *w = NULL;
	tt_diag d;
	char buf[1024];
	tt_code rc = tt_workload_open(&spec, 1, period_us, notes, &w, &d);
	ck_assert_msg(rc == TT_OK, "open: %s",
	              tu_diag_str(&d, buf, sizeof buf));
	if (origin && !tt_workload_wallclock(w, origin))
		*origin = -1;
	size_t n = 0;
	for (;;) {
		uint64_t c;
		bool ended;
		rc = tt_workload_next(w, &c, &ended, &d);
		ck_assert_msg(rc == TT_OK, "next: %s",
		              tu_diag_str(&d, buf, sizeof buf));
		if (ended)
			break;
		ck_assert_uint_lt(n, max);
		counts[n++] = c;
	}
	tt_workload_close(w);
	return n;
}

static void expect_counts(const uint64_t *got, size_t n, const int *want)
{
	size_t m = 0;
	while (want[m] >= 0)
		m++;
	for (size_t i = 0; i < n && i < m; i++)
		ck_assert_msg(got[i] == (uint64_t)want[i],
		              "period %zu: got %llu, want %d", i,
		              (unsigned long long)got[i], want[i]);
	ck_assert_uint_eq(n, m);
}

/* --- counts ----------------------------------------------------------- */

static const struct {
	const char *text;
	tt_time_us period;
	tt_column time, count;
	int64_t origin; /* NOCAL: no calendar time */
	want_iv want[8];
} counts_cases[] = {
        /* header or not, seconds or calendar: the same intervals */
        {"time,count\n0,10\n60,20\n120,30\n",
         0,
         {0},
         {0},
         NOCAL,
         {{0, MIN, 10}, {MIN, MIN, 20}, {2 * MIN, MIN, 30}, {0, 0, END}}},
        {"0,10\n60,20\n",
         0,
         {0},
         {0},
         NOCAL,
         {{0, MIN, 10}, {MIN, MIN, 20}, {0, 0, END}}},
        {"period,count\n2020-01-01 00:00,10\n2020-01-01 00:01,20\n",
         0,
         {0},
         {0},
         1577836800,
         {{0, MIN, 10}, {MIN, MIN, 20}, {0, 0, END}}},
        {"t,n\n2020-01-01T00:00:00Z,10\n2020-01-01T00:01:00.000Z,20\n"
         "2020-01-01T00:02:00.0000001,30\n",
         0,
         {0},
         {0},
         1577836800,
         {{0, MIN, 10}, {MIN, MIN, 20}, {2 * MIN, MIN, 30}, {0, 0, END}}},
        /* across a leap day; before 1970 the origin rounds down */
        {"2020-02-29 23:59,1\n2020-03-01 00:00,2\n",
         0,
         {0},
         {0},
         1583020740,
         {{0, MIN, 1}, {MIN, MIN, 2}, {0, 0, END}}},
        {"1969-12-31 23:59:59.5,1\n1970-01-01 00:00:59.5,1\n",
         0,
         {0},
         {0},
         -1, /* floor(-0.5) */
         {{0, MIN, 1}, {MIN, MIN, 1}, {0, 0, END}}},
        /* blanks, quotes, CRLF, blank lines, no final newline */
        {"\"time\",\"count\"\r\n0,1\r\n\r\n 60 , 2 \r\n\"120\",\"3\"",
         0,
         {0},
         {0},
         NOCAL,
         {{0, MIN, 1}, {MIN, MIN, 2}, {2 * MIN, MIN, 3}, {0, 0, END}}},
        /* a gap is zero traffic: no interval */
        {"0,5\n60,6\n240,7\n",
         0,
         {0},
         {0},
         NOCAL,
         {{0, MIN, 5}, {MIN, MIN, 6}, {4 * MIN, MIN, 7}, {0, 0, END}}},
        /* a given period; rows off the grid; one row */
        {"0,10\n60,20\n",
         30 * S,
         {0},
         {0},
         NOCAL,
         {{0, 30 * S, 10}, {MIN, 30 * S, 20}, {0, 0, END}}},
        {"0,60\n90,60\n",
         MIN,
         {0},
         {0},
         NOCAL,
         {{0, MIN, 60}, {90 * S, MIN, 60}, {0, 0, END}}},
        {"0,10\n", MIN, {0}, {0}, NOCAL, {{0, MIN, 10}, {0, 0, END}}},
        /* decimals, negative and fractional seconds */
        {"-0.5,1.5\n0.5,0.25\n",
         0,
         {0},
         {0},
         NOCAL,
         {{0, S, 1.5}, {S, S, 0.25}, {0, 0, END}}},
        /* columns chosen by name and by index, other columns ignored */
        {"host,minute,requests,errors\nh,0,5,1\nh,60,7,0\n",
         0,
         {"minute", 0},
         {"requests", 0},
         NOCAL,
         {{0, MIN, 5}, {MIN, MIN, 7}, {0, 0, END}}},
        {"h,0,5,1\nh,60,7,0\n",
         0,
         {NULL, 2},
         {NULL, 4},
         NOCAL,
         {{0, MIN, 1}, {MIN, MIN, 0}, {0, 0, END}}},
        {"requests,minute\n5,0\n7,60\n",
         0,
         {NULL, 2},
         {NULL, 1},
         NOCAL,
         {{0, MIN, 5}, {MIN, MIN, 7}, {0, 0, END}}},
};

START_TEST(counts_intervals)
{
	tspec t;
	tspec_init(&t, TT_TRACE_COUNTS);
	t.spec.period_us = counts_cases[_i].period;
	t.spec.time = counts_cases[_i].time;
	t.spec.count = counts_cases[_i].count;
	add_text(&t, "trace.csv", counts_cases[_i].text);
	yield *y = read_trace(&t);
	expect_ivs(y, counts_cases[_i].want);
	ck_assert_int_eq(y->wallclock, counts_cases[_i].origin != NOCAL);
	if (y->wallclock)
		ck_assert_int_eq(y->origin, counts_cases[_i].origin);
	yield_free(y);
	tspec_release(&t);
}
END_TEST

/* Gaps are counted and reported once, at the end, at the first gap. */
START_TEST(counts_missing_periods)
{
	char buf[2048];
	tspec t;
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text(&t, "trace.csv", "t,n\n0,5\n60,6\n240,7\n300,1\n420,1\n");
	yield *y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_OK);
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 "trace.csv:4:1: warning: 3 periods missing in 2 gaps "
	                 "between rows (the first before this row), replayed "
	                 "as zero traffic");
	yield_free(y);
	tspec_release(&t);

	tspec_init(&t, TT_TRACE_COUNTS);
	add_text(&t, "trace.csv", "0,5\n120,6\n");
	t.spec.period_us = MIN;
	y = read_trace(&t);
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 "trace.csv:2:1: warning: 1 period missing in 1 gap "
	                 "between rows (the first before this row), replayed "
	                 "as zero traffic");
	yield_free(y);
	tspec_release(&t);
}
END_TEST

/* The whole World Cup 98 trace: 10 minutes missing in 7 gaps. */
START_TEST(counts_wc98_whole)
{
	char buf[2048];
	tspec t;
	tspec_init(&t, TT_TRACE_COUNTS);
	add_src(&t, "scenarios/traces/worldcup98-per-minute.csv");
	yield *y = yield_new();
	tt_source *src;
	tt_diag d;
	ck_assert_int_eq(tt_trace_open(&t.spec, where, &y->notes, &src, &d),
	                 TT_OK);
	size_t n = 0;
	double total = 0;
	for (;;) {
		tt_interval iv;
		bool end;
		ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_OK);
		if (end)
			break;
		total += iv.count;
		n++;
	}
	ck_assert_uint_eq(n, 125300);
	ck_assert(total == 1352804107.0);
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 "scenarios/traces/worldcup98-per-minute.csv:10434:1: "
	                 "warning: 10 periods missing in 7 gaps between rows "
	                 "(the first before this row), replayed as zero "
	                 "traffic");
	tt_source_close(src);
	yield_free(y);
}
END_TEST

/* Several files are one trace, continuing in time. */
START_TEST(counts_files)
{
	tspec t;
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text(&t, "a.csv", "time,count\n0,1\n60,2\n");
	add_text(&t, "b.csv", "120,3\n240,4\n");
	add_text(&t, "c.csv", "time,count\n300,5\n");
	yield *y = read_trace(&t);
	static const want_iv want[] = {{0, MIN, 1},       {MIN, MIN, 2},
	                               {2 * MIN, MIN, 3}, {4 * MIN, MIN, 4},
	                               {5 * MIN, MIN, 5}, {0, 0, END}};
	expect_ivs(y, want);
	char buf[1024];
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 "b.csv:2:1: warning: 1 period missing in 1 gap "
	                 "between rows (the first before this row), replayed "
	                 "as zero traffic");
	yield_free(y);
	tspec_release(&t);

	/* going back across files */
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text(&t, "a.csv", "0,1\n60,2\n");
	add_text(&t, "b.csv", "0,3\n");
	y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_EINVAL);
	ck_assert_str_eq(y->msg, "b.csv:1:1: error: timestamps must increase: "
	                         "row time '0' is not after '60' (the last "
	                         "row of 'a.csv')");
	yield_free(y);
	tspec_release(&t);

	/* an empty file among them */
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text(&t, "a.csv", "0,1\n60,2\n");
	add_text(&t, "b.csv", "time,count\n");
	y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_EINVAL);
	ck_assert_str_eq(y->msg,
	                 "b.csv: error: trace has a header but no rows");
	yield_free(y);
	tspec_release(&t);
}
END_TEST

static const struct {
	const char *text;
	tt_time_us period;
	tt_column time, count;
	tt_code code;
	const char *msg;
} counts_errors[] = {
        {"time,count\n0,abc\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:3: error: expected a number for 'count', got 'abc'"},
        {"0,1\n60,\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:4: error: expected a number for 'count', got ''"},
        {"0,1\n60,1e3\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:4: error: expected a number for 'count', got '1e3'"},
        {"0,1e3\n",
         0,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv: error: trace has a header but no rows"},
        {"1998-13-01 00:00:00,5\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:1:1: error: invalid timestamp '1998-13-01 00:00:00' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"t,c\n2019-02-29 00:00,5\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:1: error: invalid timestamp '2019-02-29 00:00' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"2020-01-01T00:00:00+02:00,5\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:1:1: error: invalid timestamp "
         "'2020-01-01T00:00:00+02:00' (expected YYYY-MM-DD HH:MM[:SS], "
         "ISO 8601 or seconds)"},
        {"2020-01-01 00:00,1\n60,1\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:1: error: expected a calendar timestamp like the "
         "first row's, got '60'"},
        {"0,1\n2020-01-01 00:00,1\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:1: error: expected a time in seconds like the first "
         "row's, got '2020-01-01 00:00'"},
        {"0,1,2\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:1:5: error: expected 2 columns, got 3"},
        {"0,1\n60\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:3: error: expected 2 columns, got 1"},
        {"0,1\n60,1,,\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:2:6: error: expected 2 columns, got 4"},
        {"60,1\n0,2\n",
         0,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv:2:1: error: timestamps must increase: row time '0' is "
         "not after '60'"},
        {"0,1\n60,2\n60,3\n",
         0,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv:3:1: error: timestamps must increase: row time '60' is "
         "not after '60'"},
        {"0,1\n60,2\n90,3\n",
         0,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv:3:1: error: rows overlap: row time '90' is less than "
         "one period (60s) after '60'"},
        {"0,1\n1,2\n",
         1500000,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv:2:1: error: rows overlap: row time '1' is less than one "
         "period (1.5s) after '0'"},
        {"", 0, {0}, {0}, TT_EINVAL, "trace.csv: error: trace is empty"},
        {"\n \n", 0, {0}, {0}, TT_EINVAL, "trace.csv: error: trace is empty"},
        {"time,count\r\n",
         0,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv: error: trace has a header but no rows"},
        {"0,5\n",
         0,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv:1: error: cannot tell the period of a one-row trace: "
         "give the trace a 'period'"},
        {"t,c\n0,-1\n60,1\n",
         0,
         {0},
         {0},
         TT_EINVAL,
         "trace.csv:2:3: error: 'count' must be >= 0, got '-1'"},
        {"0,1\n60,2000000000000000\n",
         0,
         {0},
         {0},
         TT_ERANGE,
         "trace.csv:2:4: error: 'count' is too large, got "
         "'2000000000000000' (at most 1e15)"},
        /* 400 digits: more than a double holds, refused all the same */
        {"0,1\n60,"
         "1000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000000000000000000000000000000000000000000000000000"
         "0000000000000000\n",
         0,
         {0},
         {0},
         TT_ERANGE,
         "trace.csv:2:4: error: 'count' is too large, got "
         "'1000000000000000000000000000000000000000000000000000000000000..."
         "' (at most 1e15)"},
        /* seconds far apart: more than a time holds */
        {"-9000000000000,1\n9000000000000,1\n",
         0,
         {0},
         {0},
         TT_ERANGE,
         "trace.csv:2:1: error: row time '9000000000000' is too far from "
         "the first row's (at most about 292,000 years)"},
        {"0,1\n60,2\n120,x\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:3:5: error: expected a number for 'count', got 'x'"},
        {"0,1\x00\n",
         0,
         {0},
         {0},
         TT_ESYNTAX,
         "trace.csv:1:4: error: unexpected NUL byte"},
        /* columns */
        {"minute,requests\n0,5\n",
         0,
         {0},
         {"invocations", 0},
         TT_EINVAL,
         "trace.csv:1:1: error: no column 'invocations' for 'count' in the "
         "header (it has 'minute', 'requests')"},
        {"minute,requests\n0,5\n",
         0,
         {"time", 0},
         {0},
         TT_EINVAL,
         "trace.csv:1:1: error: no column 'time' for 'time' in the header "
         "(it has 'minute', 'requests')"},
        {"0,5\n60,6\n",
         0,
         {0},
         {NULL, 3},
         TT_EINVAL,
         "trace.csv:1:4: error: no column 3 for 'count': the row has 2 "
         "columns"},
        {"a,t,n\nx,0,5\nx,60\n",
         0,
         {NULL, 2},
         {NULL, 3},
         TT_ESYNTAX,
         "trace.csv:3:5: error: expected 3 columns, got 2"},
};

START_TEST(counts_error_messages)
{
	tspec t;
	tspec_init(&t, TT_TRACE_COUNTS);
	t.spec.period_us = counts_errors[_i].period;
	t.spec.time = counts_errors[_i].time;
	t.spec.count = counts_errors[_i].count;
	const char *text = counts_errors[_i].text;
	size_t len = strlen(text);
	if (strstr(counts_errors[_i].msg, "NUL"))
		len = 5; /* "0,1", a NUL byte, "\n" */
	add_text_len(&t, "trace.csv", text, len);
	yield *y = read_trace(&t);
	ck_assert_msg(y->rc == counts_errors[_i].code, "case %d: %s (%s)", _i,
	              tt_code_name(y->rc), y->msg);
	ck_assert_str_eq(y->msg, counts_errors[_i].msg);
	yield_free(y);
	tspec_release(&t);
}
END_TEST

/* Lines of up to 64 KiB are read; one byte more is refused at its place. */
START_TEST(counts_long_lines)
{
	size_t max = 65536;
	char *text = malloc(2 * max + 64);
	ck_assert_ptr_nonnull(text);
	tspec t;

	size_t len = (size_t)sprintf(text, "0,1\n60,");
	memset(text + len, ' ', max - 4);
	len += max - 4;
	len += (size_t)sprintf(text + len, "2\r\n120,4");
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text_len(&t, "trace.csv", text, len);
	yield *y = read_trace(&t);
	static const want_iv want[] = {
	        {0, MIN, 1}, {MIN, MIN, 2}, {2 * MIN, MIN, 4}, {0, 0, END}};
	expect_ivs(y, want);
	yield_free(y);
	tspec_release(&t);

	len = (size_t)sprintf(text, "0,1\n60,");
	memset(text + len, ' ', max - 3);
	len += max - 3;
	len += (size_t)sprintf(text + len, "2\n120,4\n");
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text_len(&t, "trace.csv", text, len);
	y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_ESYNTAX);
	ck_assert_str_eq(y->msg, "trace.csv:2:65537: error: line is longer "
	                         "than 65536 bytes");
	yield_free(y);
	tspec_release(&t);

	memset(text, '9', 2 * max);
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text_len(&t, "trace.csv", text, 2 * max);
	y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_ESYNTAX);
	ck_assert_str_eq(y->msg, "trace.csv:1:65537: error: line is longer "
	                         "than 65536 bytes");
	yield_free(y);
	tspec_release(&t);
	free(text);
}
END_TEST

/* The World Cup 98 slice, through the pipeline in 1 min and 10 s. */
START_TEST(counts_wc98_slice)
{
	tspec t;
	tspec_init(&t, TT_TRACE_AUTO);
	add_src(&t, "tests/data/wc98-slice.csv");
	uint64_t *counts = calloc(MAXI, sizeof *counts);
	tt_diag_list notes = {0};
	int64_t origin = 0;
	size_t n = run_pipeline(&t.spec, MIN, counts, MAXI, &notes, &origin);
	ck_assert_uint_eq(n, 200);
	ck_assert_int_eq(origin, 893971800);
	static const int first[] = {2, 11, 16, 7};
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (i < 4)
			ck_assert_uint_eq(counts[i], (uint64_t)first[i]);
		total += counts[i];
	}
	ck_assert_uint_eq(counts[199], 507);
	ck_assert_uint_eq(total, 131711);
	char buf[1024];
	ck_assert_str_eq(notes_str(&notes, buf, sizeof buf),
	                 "scenario.yaml:7:3: note: detected format 'counts' (2 "
	                 "columns, 'period' and 'count'); set 'format' to "
	                 "choose");
	tt_diag_list_release(&notes);

	/* in 10 s periods: each minute in six equal parts, carried */
	n = run_pipeline(&t.spec, 10 * S, counts, MAXI, NULL, NULL);
	ck_assert_uint_eq(n, 1200);
	total = 0;
	for (size_t i = 0; i < n; i++)
		total += counts[i];
	ck_assert_uint_eq(total, 131711);
	/* 2/6 -> 0 0 1 0 0 1 (E = 1/3, 2/3: round 0, 1, ...) */
	static const int tens[] = {0, 1, 0, 0, 1, 0, -1};
	expect_counts(counts, 6, tens);
	free(counts);
}
END_TEST

/* --- requests --------------------------------------------------------- */

START_TEST(requests_slice)
{
	tspec t;
	tspec_init(&t, TT_TRACE_REQUESTS);
	add_src(&t, "tests/data/traces/azure-llm-slice.csv");
	yield *y = read_trace(&t);
	ck_assert_msg(y->rc == TT_OK, "%s", y->msg);
	ck_assert_uint_eq(y->n, 299);
	ck_assert(y->wallclock);
	ck_assert_int_eq(y->origin, 1700158623); /* 2023-11-16 18:17:03 */
	/* 18:17:03.9799600, 04.0319600, 04.0781490, 04.1206440 */
	static const tt_time_us t0[] = {0, 52000, 98189, 140684};
	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(y->iv[i].start_us, t0[i]);
		ck_assert_int_eq(y->iv[i].len_us, 0);
		ck_assert(y->iv[i].count == 1);
	}
	ck_assert_int_eq(y->iv[298].start_us, 216641509);
	ck_assert(y->attrs[0][0] == 4808 && y->attrs[0][1] == 10);
	ck_assert(y->attrs[298][0] == 486 && y->attrs[298][1] == 16);
	double ctx = 0, gen = 0;
	for (size_t i = 0; i < y->n; i++) {
		ctx += y->attrs[i][0];
		gen += y->attrs[i][1];
	}
	ck_assert(ctx == 627353 && gen == 7038);
	yield_free(y);

	/* the attribute names, from the header */
	tt_source *src;
	tt_diag d;
	ck_assert_int_eq(tt_trace_requests_open(&t.spec, where, NULL, &src, &d),
	                 TT_OK);
	ck_assert_uint_eq(src->n_attrs, 2);
	ck_assert_str_eq(src->attr_names[0], "ContextTokens");
	ck_assert_str_eq(src->attr_names[1], "GeneratedTokens");
	tt_source_close(src);

	/* per minute through the pipeline: 63, 0, 0, 236 */
	uint64_t counts[16];
	tt_diag_list notes = {0};
	t.spec.format = TT_TRACE_AUTO;
	size_t n = run_pipeline(&t.spec, MIN, counts, 16, &notes, NULL);
	static const int want[] = {63, 0, 0, 236, -1};
	expect_counts(counts, n, want);
	char buf[1024];
	ck_assert_str_eq(notes_str(&notes, buf, sizeof buf),
	                 "scenario.yaml:7:3: note: detected format 'requests' "
	                 "(3 columns, 'TIMESTAMP' and 2 request attributes); "
	                 "set 'format' to choose");
	tt_diag_list_release(&notes);
}
END_TEST

/* The whole Azure LLM trace: its last line has no line end. */
START_TEST(requests_whole)
{
	tspec t;
	tspec_init(&t, TT_TRACE_REQUESTS);
	add_src(&t, "scenarios/traces/azure-llm-2023-code.csv");
	uint64_t counts[64];
	size_t n = run_pipeline(&t.spec, MIN, counts, 64, NULL, NULL);
	ck_assert_uint_eq(n, 58);
	static const int first[] = {63, 0, 0, 531, 187, 130, 15, 42, 38, 476};
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (i < 10)
			ck_assert_uint_eq(counts[i], (uint64_t)first[i]);
		total += counts[i];
	}
	ck_assert_uint_eq(total, 8819);
}
END_TEST

static const struct {
	const char *text;
	tt_column time;
	want_iv want[6];
	const char *names[3];
} requests_cases[] = {
        /* no header: attributes named by their columns */
        {"0.5,10,1\n0.5,20,2\n2,30,3\n",
         {0},
         {{0, 0, 1}, {0, 0, 1}, {1500000, 0, 1}, {0, 0, END}},
         {"col2", "col3", NULL}},
        /* the time in another column, chosen by name */
        {"tokens,when\n7,2020-01-01 00:00:00.25\n8,2020-01-01 00:00:01\n",
         {"when", 0},
         {{0, 0, 1}, {750000, 0, 1}, {0, 0, END}},
         {"tokens", NULL, NULL}},
        /* one column of times; CRLF; no final newline */
        {"t\r\n1\r\n1\r\n3",
         {0},
         {{0, 0, 1}, {0, 0, 1}, {2 * S, 0, 1}, {0, 0, END}},
         {NULL, NULL, NULL}},
};

START_TEST(requests_points)
{
	tspec t;
	tspec_init(&t, TT_TRACE_REQUESTS);
	t.spec.time = requests_cases[_i].time;
	add_text(&t, "req.csv", requests_cases[_i].text);
	yield *y = read_trace(&t);
	expect_ivs(y, requests_cases[_i].want);
	yield_free(y);
	tt_source *src;
	tt_diag d;
	ck_assert_int_eq(tt_trace_requests_open(&t.spec, where, NULL, &src, &d),
	                 TT_OK);
	size_t n = 0;
	while (n < 3 && requests_cases[_i].names[n])
		n++;
	ck_assert_uint_eq(src->n_attrs, n);
	for (size_t k = 0; k < n; k++)
		ck_assert_str_eq(src->attr_names[k],
		                 requests_cases[_i].names[k]);
	tt_source_close(src);
	tspec_release(&t);
}
END_TEST

static const struct {
	const char *text;
	tt_code code;
	const char *msg;
} requests_errors[] = {
        {"TIMESTAMP,ContextTokens,GeneratedTokens\n"
         "2023-11-16 18:17:03.9799600,4808,10\n"
         "2023-11-16 18:17:04.0319600,lots,8\n",
         TT_ESYNTAX,
         "req.csv:3:29: error: expected a number for 'ContextTokens' "
         "(column 2), got 'lots'"},
        {"1,5\n2,\n", TT_ESYNTAX,
         "req.csv:2:3: error: expected a number for 'col2' (column 2), got "
         "''"},
        {"2,5\n1,5\n", TT_EINVAL,
         "req.csv:2:1: error: timestamps must not go back: row time '1' is "
         "before '2'"},
        {"t,a\n1,5\n2,5,6\n", TT_ESYNTAX,
         "req.csv:3:5: error: expected 2 columns, got 3"},
        {"t,a\n", TT_EINVAL, "req.csv: error: trace has a header but no rows"},
        {"", TT_EINVAL, "req.csv: error: trace is empty"},
        {"t,a\nyesterday,5\n", TT_ESYNTAX,
         "req.csv:2:1: error: invalid timestamp 'yesterday' (expected "
         "YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {"2020-01-01 00:00:00.5,1\n3,1\n", TT_ESYNTAX,
         "req.csv:2:1: error: expected a calendar timestamp like the first "
         "row's, got '3'"},
        /* attributes are trace values: at most 1e15 either way */
        {"t,tokens\n0.5,10\n1.25,10000000000000000\n", TT_ERANGE,
         "req.csv:3:6: error: 'tokens' is too large, got "
         "'10000000000000000' (at most 1e15)"},
        {"t,tokens\n0.5,-2000000000000000\n", TT_ERANGE,
         "req.csv:2:5: error: 'tokens' is too small, got "
         "'-2000000000000000' (at least -1e15)"},
        {"-9000000000000\n9000000000000\n", TT_ERANGE,
         "req.csv:2:1: error: row time '9000000000000' is too far from the "
         "first row's (at most about 292,000 years)"},
};

START_TEST(requests_error_messages)
{
	tspec t;
	tspec_init(&t, TT_TRACE_REQUESTS);
	add_text(&t, "req.csv", requests_errors[_i].text);
	yield *y = read_trace(&t);
	ck_assert_msg(y->rc == requests_errors[_i].code, "case %d: %s (%s)", _i,
	              tt_code_name(y->rc), y->msg);
	ck_assert_str_eq(y->msg, requests_errors[_i].msg);
	yield_free(y);
	tspec_release(&t);
}
END_TEST

/* --- Azure Functions -------------------------------------------------- */

/*
 * tests/data/traces/azure-functions-d01.csv: appA/f1 has m % 3 in minute
 * m (0-based), appA/f2 has 1 in minutes 0-59, appB/f3 has 2 always.
 * d02.csv (CRLF, no final newline): appA/f2 has 5 in minutes 0-9, appB/f3
 * has 1 always; no f1.
 */
static double azure_day1(const char *sel, size_t m)
{
	double f1 = (double)(m % 3), f2 = m < 60 ? 1 : 0, f3 = 2;
	if (!sel)
		return f1 + f2 + f3;
	if (strcmp(sel, "f1") == 0)
		return f1;
	if (strcmp(sel, "appA") == 0)
		return f1 + f2;
	return f3; /* f3, appB */
}

static double azure_day2(const char *sel, size_t m)
{
	double f2 = m < 10 ? 5 : 0, f3 = 1;
	if (!sel)
		return f2 + f3;
	if (strcmp(sel, "f1") == 0)
		return 0;
	if (strcmp(sel, "appA") == 0)
		return f2;
	return f3;
}

static const struct {
	const char *function, *app;
	const char *notes;
} azure_cases[] = {
        {NULL, NULL, ""},
        {"f1", NULL,
         "tests/data/traces/azure-functions-d02.csv: warning: no row with "
         "HashFunction 'f1': this day is replayed as zero traffic"},
        {NULL, "appA", ""},
        {"f3", NULL, ""},
};

START_TEST(azure_days)
{
	tspec t;
	tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
	add_src(&t, "tests/data/traces/azure-functions-d01.csv");
	add_src(&t, "tests/data/traces/azure-functions-d02.csv");
	t.spec.function = (char *)azure_cases[_i].function;
	t.spec.app = (char *)azure_cases[_i].app;
	const char *sel = azure_cases[_i].function ? azure_cases[_i].function
	                                           : azure_cases[_i].app;
	yield *y = read_trace(&t);
	ck_assert_msg(y->rc == TT_OK, "%s", y->msg);
	ck_assert_uint_eq(y->n, 2 * 1440);
	ck_assert(!y->wallclock);
	for (size_t i = 0; i < y->n; i++) {
		double want = i < 1440 ? azure_day1(sel, i)
		                       : azure_day2(sel, i - 1440);
		ck_assert_int_eq(y->iv[i].start_us, (tt_time_us)i * MIN);
		ck_assert_int_eq(y->iv[i].len_us, MIN);
		ck_assert_msg(y->iv[i].count == want, "minute %zu: %g, want %g",
		              i, y->iv[i].count, want);
	}
	char buf[1024];
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 azure_cases[_i].notes);
	yield_free(y);

	/* through the pipeline in 5 min periods: sums of five minutes */
	uint64_t counts[600];
	size_t n = run_pipeline(&t.spec, 5 * MIN, counts, 600, NULL, NULL);
	ck_assert_uint_eq(n, 2 * 288);
	for (size_t k = 0; k < n; k++) {
		double want = 0;
		for (size_t m = 5 * k; m < 5 * k + 5; m++)
			want += m < 1440 ? azure_day1(sel, m)
			                 : azure_day2(sel, m - 1440);
		ck_assert_uint_eq(counts[k], (uint64_t)want);
	}
}
END_TEST

static const char *azure_header(char *buf)
{
	int n = sprintf(buf, "HashOwner,HashApp,HashFunction,Trigger");
	for (int m = 1; m <= 1440; m++)
		n += sprintf(buf + n, ",%d", m);
	return buf;
}

/* A row of 1440 counts, `bad` (if not NULL) in minute `at` (1-based). */
static char *azure_row(char *buf, const char *fn, const char *bad, int at)
{
	int n = sprintf(buf, "o,a,%s,http", fn);
	for (int m = 1; m <= 1440; m++)
		n += sprintf(buf + n, ",%s", m == at && bad ? bad : "1");
	return buf;
}

START_TEST(azure_errors)
{
	char *text = malloc(64 * 1024);
	char *hdr = malloc(16 * 1024), *row = malloc(16 * 1024);
	ck_assert(text && hdr && row);
	tspec t;
	yield *y;

	/* nothing matches in any file: an error, and no warnings */
	tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
	add_src(&t, "tests/data/traces/azure-functions-d01.csv");
	add_src(&t, "tests/data/traces/azure-functions-d02.csv");
	t.spec.app = "appC";
	y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_EINVAL);
	ck_assert_str_eq(y->msg,
	                 "scenario.yaml:7:3: error: no row with HashApp "
	                 "'appC' in any of the 2 files");
	ck_assert_uint_eq(y->notes.count, 0);
	yield_free(y);

	static const struct {
		int at;
		const char *bad;
		const char *msg;
	} cases[] = {
	        {17, "x",
	         "day.csv:2:45: error: expected a number for minute "
	         "17, got 'x'"},
	        {1, "-2",
	         "day.csv:2:13: error: minute 1 must be >= 0, got "
	         "'-2'"},
	        /* the minutes of 4.4e34, once replayed as 0 */
	        {3, "44000000000000000000000000000000000",
	         "day.csv:2:17: error: minute 3 is too large, got "
	         "'44000000000000000000000000000000000' (at most 1e15)"},
	};
	azure_header(hdr);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, 64 * 1024, "%s\n%s\n", hdr,
		         azure_row(row, "f1", cases[i].bad, cases[i].at));
		tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
		add_text(&t, "day.csv", text);
		y = read_trace(&t);
		ck_assert_str_eq(y->msg, cases[i].msg);
		yield_free(y);
		tspec_release(&t);
	}

	/* two rows within the limit whose minute adds up past it: the cell
	 * that takes the sum there is named */
	char *row2 = malloc(16 * 1024);
	ck_assert_ptr_nonnull(row2);
	azure_row(row, "f1", "600000000000000", 10);
	azure_row(row2, "f2", "400000000000001", 10);
	snprintf(text, 64 * 1024, "%s\n%s\n%s\n", hdr, row, row2);
	tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
	add_text(&t, "day.csv", text);
	y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_ERANGE);
	ck_assert_str_eq(y->msg, "day.csv:3:31: error: minute 10 is too large "
	                         "summed over the rows selected, "
	                         "1000000000000001 here (at most 1e15)");
	yield_free(y);
	tspec_release(&t);
	/* exactly 1e15: allowed */
	azure_row(row2, "f2", "400000000000000", 10);
	snprintf(text, 64 * 1024, "%s\n%s\n%s\n", hdr, row, row2);
	tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
	add_text(&t, "day.csv", text);
	y = read_trace(&t);
	ck_assert_int_eq(y->rc, TT_OK);
	yield_free(y);
	tspec_release(&t);
	free(row2);

	/* headers */
	static const struct {
		const char *text;
		const char *msg;
	} heads[] = {
	        {"HashOwner,HashApp,Function,Trigger,1\n",
	         "day.csv:1:19: error: expected the Azure Functions header "
	         "'HashOwner,HashApp,HashFunction,Trigger,1,...,1440', got "
	         "'Function' for column 3"},
	        {"HashOwner,HashApp,HashFunction,Trigger,1,2\n",
	         "day.csv:1:43: error: expected 1444 columns, got 6"},
	        {"", "day.csv: error: trace is empty"},
	};
	for (size_t i = 0; i < 3; i++) {
		tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
		add_text(&t, "day.csv", heads[i].text);
		y = read_trace(&t);
		ck_assert_str_eq(y->msg, heads[i].msg);
		yield_free(y);
		tspec_release(&t);
	}
	/* a header with a minute out of place; a header and no rows */
	strcpy(text, hdr);
	memcpy(strstr(text, ",7,8,") + 1, "8,7", 3);
	tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
	add_text(&t, "day.csv", text);
	y = read_trace(&t);
	ck_assert_str_eq(y->msg, "day.csv:1:52: error: expected minute column "
	                         "'7', got '8'");
	yield_free(y);
	tspec_release(&t);
	tspec_init(&t, TT_TRACE_AZURE_FUNCTIONS);
	add_text(&t, "day.csv", hdr);
	y = read_trace(&t);
	ck_assert_str_eq(y->msg, "day.csv: error: trace has a header but no "
	                         "rows");
	yield_free(y);
	tspec_release(&t);
	free(text);
	free(hdr);
	free(row);
}
END_TEST

/* --- CloudWatch ------------------------------------------------------- */

START_TEST(cloudwatch_statistics)
{
	tspec t;
	tspec_init(&t, TT_TRACE_CLOUDWATCH);
	add_src(&t, "tests/data/traces/cloudwatch-statistics.json");
	yield *y = read_trace(&t);
	/* 00:00 10, 00:01 20, 00:02 30 (+00:00), 00:05 5 (01:05+01:00) */
	static const want_iv want[] = {{0, MIN, 10},
	                               {MIN, MIN, 20},
	                               {2 * MIN, MIN, 30},
	                               {5 * MIN, MIN, 5},
	                               {0, 0, END}};
	expect_ivs(y, want);
	ck_assert(y->wallclock);
	ck_assert_int_eq(y->origin, 1704067200);
	char buf[1024];
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 "tests/data/traces/cloudwatch-statistics.json:20:26: "
	                 "warning: 2 periods missing in 1 gap between "
	                 "datapoints (the first before this datapoint), "
	                 "replayed as zero traffic");
	yield_free(y);

	uint64_t counts[16];
	tt_diag_list notes = {0};
	t.spec.format = TT_TRACE_AUTO;
	size_t n = run_pipeline(&t.spec, MIN, counts, 16, &notes, NULL);
	static const int per_min[] = {10, 20, 30, 0, 0, 5, -1};
	expect_counts(counts, n, per_min);
	ck_assert_str_eq(notes_str(&notes, buf, sizeof buf),
	                 "scenario.yaml:7:3: note: detected format "
	                 "'cloudwatch' (a JSON document with 'Datapoints'); "
	                 "set 'format' to choose\n"
	                 "tests/data/traces/cloudwatch-statistics.json:20:26: "
	                 "warning: 2 periods missing in 1 gap between "
	                 "datapoints (the first before this datapoint), "
	                 "replayed as zero traffic");
	tt_diag_list_release(&notes);
}
END_TEST

static const struct {
	const char *name;
	int index;
	want_iv want[4];
} cw_data_cases[] = {
        {"Invocations",
         0,
         {{0, 5 * MIN, 1},
          {5 * MIN, 5 * MIN, 2},
          {10 * MIN, 5 * MIN, 3},
          {0, 0, END}}},
        {"m1",
         0,
         {{0, 5 * MIN, 1},
          {5 * MIN, 5 * MIN, 2},
          {10 * MIN, 5 * MIN, 3},
          {0, 0, END}}},
        {"Errors",
         0,
         {{0, 5 * MIN, 0},
          {5 * MIN, 5 * MIN, 1},
          {10 * MIN, 5 * MIN, 0},
          {0, 0, END}}},
        {NULL,
         2,
         {{0, 5 * MIN, 0},
          {5 * MIN, 5 * MIN, 1},
          {10 * MIN, 5 * MIN, 0},
          {0, 0, END}}},
};

START_TEST(cloudwatch_data)
{
	tspec t;
	tspec_init(&t, TT_TRACE_AUTO);
	add_src(&t, "tests/data/traces/cloudwatch-data.json");
	t.spec.count.name = (char *)cw_data_cases[_i].name;
	t.spec.count.index = cw_data_cases[_i].index;
	yield *y = read_trace(&t);
	expect_ivs(y, cw_data_cases[_i].want);
	ck_assert_int_eq(y->origin, 1704067200);
	char buf[1024];
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 "scenario.yaml:7:3: note: detected format "
	                 "'cloudwatch' (a JSON document with "
	                 "'MetricDataResults'); set 'format' to choose");
	yield_free(y);
}
END_TEST

static const struct {
	const char *json;
	tt_time_us period;
	const char *count;
	const char *msg;
} cw_errors[] = {
        {"{\"Datapoints\": [{\"Timestamp\": \"2024-01-01T00:00:00Z\",\n"
         " \"Average\": 2.0}]}",
         0, NULL,
         "cw.json:1:17: error: the datapoint has 'Average' but no 'Sum': "
         "export the Sum statistic (--statistics Sum)"},
        {"{\"Datapoints\": [{\"Timestamp\": \"2024-01-01T00:00:00Z\", "
         "\"Sum\": 1},\n {\"Timestamp\": \"2024-01-01T00:00:00+00:00\", "
         "\"Sum\": 2}]}",
         0, NULL,
         "cw.json:2:16: error: another datapoint has the same timestamp "
         "(cw.json:1:31)"},
        {"{\"Datapoints\": [{\"Timestamp\": \"2024-01-01T00:00:00Z\", "
         "\"Sum\": 1}]}",
         0, NULL,
         "cw.json:1: error: cannot tell the period of a one-datapoint "
         "export: give the trace a 'period'"},
        {"{\"Datapoints\": [{\"Timestamp\": \"2024-01-01T00:00:00Z\", "
         "\"Sum\": 1}, {\"Timestamp\": \"2024-01-01T00:00:30Z\", "
         "\"Sum\": 1}]}",
         MIN, NULL,
         "cw.json:1:80: error: datapoints overlap: this one is less than "
         "one period (60s) after the one at cw.json:1:31"},
        {"{\"Datapoints\": [{\"Timestamp\": \"yesterday\", \"Sum\": 1}]}", 0,
         NULL,
         "cw.json:1:31: error: invalid timestamp 'yesterday' (expected ISO "
         "8601 like 2024-01-01T00:00:00Z)"},
        {"{\"Datapoints\": [{\"Timestamp\": \"2024-01-01T00:00:00Z\", "
         "\"Sum\": -1}]}",
         MIN, NULL, "cw.json:1:62: error: 'Sum' must be >= 0, got -1"},
        /* the Sum of 1e308: that period and every later one
         * were replayed as 0 */
        {"{\"Datapoints\": [{\"Timestamp\": \"2024-01-01T00:00:00Z\", "
         "\"Sum\": 1e308}]}",
         MIN, NULL,
         "cw.json:1:62: error: 'Sum' is too large, got 1e308 (at most 1e15)"},
        {"{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": "
         "[\"2024-01-01T00:00:00Z\"], \"Values\": [1000000000000001]}]}",
         MIN, NULL,
         "cw.json:1:87: error: 'Values' is too large, got 1000000000000001 "
         "(at most 1e15)"},
        {"{\"Datapoints\": []}", 0, NULL,
         "cw.json: error: the export has no datapoints"},
        {"{\"Metrics\": []}", 0, NULL,
         "cw.json:1:1: error: expected 'Datapoints' "
         "(get-metric-statistics) or 'MetricDataResults' "
         "(get-metric-data)"},
        {"{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [], "
         "\"Values\": []}, {\"Id\": \"b\", \"Timestamps\": [], \"Values\": "
         "[]}]}",
         0, NULL,
         "cw.json:1:23: error: the export has 2 results ('a', 'b'): "
         "choose one with 'count' (its Id or Label)"},
        {"{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": [], "
         "\"Values\": []}]}",
         0, "c",
         "cw.json:1:23: error: no result with Id or Label 'c' (the export "
         "has 'a')"},
        {"{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": "
         "[\"2024-01-01T00:00:00Z\"], \"Values\": []}]}",
         0, NULL,
         "cw.json:1:86: error: 'Values' has 0 items but 'Timestamps' has 1"},
        {"{\"Datapoints\": [", 0, NULL, NULL},
};

START_TEST(cloudwatch_error_messages)
{
	tspec t;
	tspec_init(&t, TT_TRACE_CLOUDWATCH);
	t.spec.period_us = cw_errors[_i].period;
	t.spec.count.name = (char *)cw_errors[_i].count;
	add_text(&t, "cw.json", cw_errors[_i].json);
	yield *y = read_trace(&t);
	ck_assert_int_ne(y->rc, TT_OK);
	if (cw_errors[_i].msg)
		ck_assert_str_eq(y->msg, cw_errors[_i].msg);
	else /* the JSON reader's own message, at its place */
		ck_assert_int_eq(y->rc, TT_ESYNTAX);
	yield_free(y);
	tspec_release(&t);
}
END_TEST

/* A PartialData result is replayed, with a warning. */
START_TEST(cloudwatch_partial)
{
	tspec t;
	tspec_init(&t, TT_TRACE_CLOUDWATCH);
	add_text(&t, "cw.json",
	         "{\"MetricDataResults\": [{\"Id\": \"a\", \"Timestamps\": "
	         "[\"2024-01-01T00:01:00Z\", \"2024-01-01T00:00:00Z\"], "
	         "\"Values\": [4, 3], \"StatusCode\": \"PartialData\"}]}");
	yield *y = read_trace(&t);
	static const want_iv want[] = {{0, MIN, 3}, {MIN, MIN, 4}, {0, 0, END}};
	expect_ivs(y, want);
	char buf[1024];
	ck_assert_str_eq(notes_str(&y->notes, buf, sizeof buf),
	                 "cw.json:1:132: warning: the result is 'PartialData': "
	                 "the export holds only part of the data (fetch the "
	                 "rest with NextToken)");
	yield_free(y);
	tspec_release(&t);
}
END_TEST

/* --- detection -------------------------------------------------------- */

static const struct {
	const char *name, *text;
	tt_trace_format format;
	const char *why;
} detect_cases[] = {
        {"t.csv", "period,count\n2020-01-01 00:00,1\n2020-01-01 00:01,2\n",
         TT_TRACE_COUNTS, "2 columns, 'period' and 'count'"},
        {"t.csv", "0,1\n60,2\n", TT_TRACE_COUNTS,
         "2 columns of times and counts, no header"},
        {"t.csv", "t,n\n0,1\n60,x\n", TT_TRACE_COUNTS,
         "2 columns, 't' and 'n'"},
        {"t.csv", "t,tokens\n0.25,1\n1.5,2\n", TT_TRACE_REQUESTS,
         "2 columns, times with fractions of a second: one row per "
         "request"},
        {"t.csv", "t,tokens\n1,1\n1,2\n", TT_TRACE_REQUESTS,
         "2 columns, times that repeat: one row per request"},
        {"t.csv", "1\n1\n2\n", TT_TRACE_REQUESTS,
         "1 column of times: one row per request"},
        {"t.csv", "0,1,2\n", TT_TRACE_REQUESTS,
         "3 columns, a time and 2 request attributes"},
        {"t.txt", "HashOwner,HashApp,HashFunction,Trigger,1,2\n",
         TT_TRACE_AZURE_FUNCTIONS,
         "a header starting 'HashOwner,HashApp,HashFunction,Trigger'"},
        {"export", " {\"Datapoints\": []}", TT_TRACE_CLOUDWATCH,
         "a JSON document with 'Datapoints'"},
};

START_TEST(detect_formats)
{
	tspec t;
	tspec_init(&t, TT_TRACE_AUTO);
	add_text(&t, detect_cases[_i].name, detect_cases[_i].text);
	tt_trace_format f;
	char why[256];
	tt_diag d;
	tt_code rc = tt_trace_detect(&t.spec, where, &f, why, sizeof why, &d);
	char buf[1024];
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_str_eq(tt_trace_format_name(f),
	                 tt_trace_format_name(detect_cases[_i].format));
	ck_assert_str_eq(why, detect_cases[_i].why);
	tspec_release(&t);
}
END_TEST

static const struct {
	const char *name, *text;
	size_t len;
	const char *msg;
} undetectable[] = {
        {"t.csv", "requests\nmany\nfew\n", 0,
         "scenario.yaml:7:3: error: cannot tell the format of 't.csv': set "
         "workload.trace.format to one of counts, requests, "
         "azure-functions, cloudwatch"},
        {"t.csv", "hello\n", 0,
         "scenario.yaml:7:3: error: cannot tell the format of 't.csv': set "
         "workload.trace.format to one of counts, requests, "
         "azure-functions, cloudwatch"},
        {"t.bin",
         "\x7f"
         "ELF\x02\x01\x01\x00\x00\x00",
         10,
         "scenario.yaml:7:3: error: cannot tell the format of 't.bin': set "
         "workload.trace.format to one of counts, requests, "
         "azure-functions, cloudwatch"},
        {"t.json", "{\"Metrics\": []}", 0,
         "scenario.yaml:7:3: error: cannot tell the format of 't.json': set "
         "workload.trace.format to one of counts, requests, "
         "azure-functions, cloudwatch"},
        {"t.csv", "time,host\n0,a\n", 0,
         "scenario.yaml:7:3: error: cannot tell the format of 't.csv': set "
         "workload.trace.format to one of counts, requests, "
         "azure-functions, cloudwatch"},
        {"t.csv", "", 0, "t.csv: error: trace is empty"},
};

START_TEST(detect_failures)
{
	tspec t;
	tspec_init(&t, TT_TRACE_AUTO);
	size_t len = undetectable[_i].len;
	add_text_len(&t, undetectable[_i].name, undetectable[_i].text,
	             len ? len : strlen(undetectable[_i].text));
	yield *y = read_trace(&t);
	ck_assert_int_ne(y->rc, TT_OK);
	ck_assert_str_eq(y->msg, undetectable[_i].msg);
	ck_assert_uint_eq(y->notes.count, 0);
	yield_free(y);
	tspec_release(&t);
}
END_TEST

/*
 * The names a scenario's `format` takes and the detection's note says,
 * one per format (trace_detect.c); a value outside the enum reads as
 * "auto", never as another format's name.
 */
START_TEST(format_names)
{
	static const struct {
		tt_trace_format f;
		const char *name;
	} names[] = {
	        {TT_TRACE_AUTO, "auto"},
	        {TT_TRACE_COUNTS, "counts"},
	        {TT_TRACE_REQUESTS, "requests"},
	        {TT_TRACE_AZURE_FUNCTIONS, "azure-functions"},
	        {TT_TRACE_CLOUDWATCH, "cloudwatch"},
	        {(tt_trace_format)99, "auto"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		ck_assert_str_eq(tt_trace_format_name(names[i].f),
		                 names[i].name);
}
END_TEST

/* Files that cannot be read: TT_EIO at the scenario's place. */
START_TEST(cannot_open)
{
	static const tt_trace_format formats[] = {
	        TT_TRACE_AUTO, TT_TRACE_COUNTS, TT_TRACE_REQUESTS,
	        TT_TRACE_AZURE_FUNCTIONS, TT_TRACE_CLOUDWATCH};
	for (size_t i = 0; i < 5; i++) {
		tspec t;
		tspec_init(&t, formats[i]);
		t.paths[0] = "/nonexistent/trace.csv";
		t.names[0] = "traces/trace.csv";
		t.spec.n_paths = 1;
		yield *y = read_trace(&t);
		ck_assert_int_eq(y->rc, TT_EIO);
		ck_assert_str_eq(y->msg,
		                 "scenario.yaml:7:3: error: cannot open "
		                 "trace 'traces/trace.csv': No such "
		                 "file or directory");
		yield_free(y);

		tspec_init(&t, formats[i]);
		add_src(&t, "tests/data");
		y = read_trace(&t);
		ck_assert_int_eq(y->rc, TT_EIO);
		ck_assert_str_eq(y->msg,
		                 "scenario.yaml:7:3: error: cannot open "
		                 "trace 'tests/data': Is a directory");
		yield_free(y);
	}
}
END_TEST

/* --- rewind ----------------------------------------------------------- */

/* Every reader starts again from time 0, and warns only once. */
START_TEST(rewind_all)
{
	tspec t;
	tspec_init(&t, TT_TRACE_AUTO);
	switch (_i) {
	case 0:
		add_text(&t, "a.csv", "0,1\n60,2\n");
		add_text(&t, "b.csv", "180,3\n");
		break;
	case 1:
		add_src(&t, "tests/data/traces/azure-llm-slice.csv");
		break;
	case 2:
		add_src(&t, "tests/data/traces/azure-functions-d01.csv");
		add_src(&t, "tests/data/traces/azure-functions-d02.csv");
		t.spec.function = "f1";
		break;
	default:
		add_src(&t, "tests/data/traces/cloudwatch-statistics.json");
		break;
	}
	tt_source *src;
	tt_diag d;
	yield *a = yield_new(), *b = yield_new();
	ck_assert_int_eq(tt_trace_open(&t.spec, where, &a->notes, &src, &d),
	                 TT_OK);
	/* part way, then back, then all of it twice */
	tt_interval iv;
	bool end;
	ck_assert_int_eq(tt_source_next(src, &iv, &end, &d), TT_OK);
	ck_assert_int_eq(tt_source_rewind(src, &d), TT_OK);
	drain(src, a);
	size_t notes = a->notes.count;
	ck_assert_int_eq(tt_source_rewind(src, &d), TT_OK);
	drain(src, b);
	ck_assert_uint_eq(a->notes.count, notes);
	ck_assert_uint_eq(a->n, b->n);
	ck_assert_uint_gt(a->n, 0);
	ck_assert_int_eq(a->iv[0].start_us, 0);
	for (size_t i = 0; i < a->n; i++)
		ck_assert(a->iv[i].start_us == b->iv[i].start_us &&
		          a->iv[i].count == b->iv[i].count &&
		          a->attrs[i][0] == b->attrs[i][0]);
	tt_source_close(src);
	yield_free(a);
	yield_free(b);
	tspec_release(&t);
}
END_TEST

/* --- a UTF-8 byte-order mark ------------------------------------------ */

#define BOM "\xEF\xBB\xBF"

/*
 * A byte-order mark at the start of a file (a spreadsheet's "CSV UTF-8"
 * writes one) is skipped by every reader: the file reads exactly as it
 * does without it, with the same notes, columns chosen by name included.
 */
static const struct {
	tt_trace_format format;
	const char *name, *time, *count; /* columns by name, or NULL */
	const char *text;
} bom_cases[] = {
        {TT_TRACE_COUNTS, "trace.csv", "time", "count",
         "time,count\n0,10\n60,20\n"},
        {TT_TRACE_COUNTS, "trace.csv", NULL, NULL, "0,10\n60,20\n"},
        {TT_TRACE_AUTO, "trace.csv", NULL, NULL, "0,10\r\n60,20\r\n"},
        {TT_TRACE_AUTO, "trace.csv", "period", NULL,
         "period,count\n2020-01-01 00:00,1\n2020-01-01 00:03,2\n"},
        {TT_TRACE_REQUESTS, "trace.csv", "t", NULL,
         "t,tokens\n0.25,1\n1.5,2\n"},
        {TT_TRACE_AUTO, "trace.csv", NULL, NULL, "0.25\n1.5\n"},
        {TT_TRACE_AUTO, "export.json", NULL, "Invocations",
         "{\"MetricDataResults\": [{\"Id\": \"m1\", \"Label\": "
         "\"Invocations\", \"Timestamps\": [\"2024-01-01T00:00:00Z\", "
         "\"2024-01-01T00:01:00Z\"], \"Values\": [10, 20]}]}"},
};

static yield *read_bom_case(int i, bool bom)
{
	char text[256];
	snprintf(text, sizeof text, "%s%s", bom ? BOM : "", bom_cases[i].text);
	tspec t;
	tspec_init(&t, bom_cases[i].format);
	t.spec.time.name = (char *)bom_cases[i].time;
	t.spec.count.name = (char *)bom_cases[i].count;
	add_text(&t, bom_cases[i].name, text);
	yield *y = read_trace(&t);
	tspec_release(&t);
	return y;
}

START_TEST(bom_skipped)
{
	yield *plain = read_bom_case(_i, false);
	yield *marked = read_bom_case(_i, true);
	ck_assert_msg(plain->rc == TT_OK, "without: %s", plain->msg);
	ck_assert_msg(marked->rc == TT_OK, "with a mark: %s", marked->msg);
	ck_assert_uint_gt(plain->n, 0);
	ck_assert_uint_eq(marked->n, plain->n);
	for (size_t k = 0; k < plain->n; k++)
		ck_assert(marked->iv[k].start_us == plain->iv[k].start_us &&
		          marked->iv[k].len_us == plain->iv[k].len_us &&
		          marked->iv[k].count == plain->iv[k].count &&
		          marked->attrs[k][0] == plain->attrs[k][0]);
	char a[1024], b[1024];
	ck_assert_str_eq(notes_str(&marked->notes, a, sizeof a),
	                 notes_str(&plain->notes, b, sizeof b));
	yield_free(plain);
	yield_free(marked);
}
END_TEST

/* An Azure Functions day saved by a spreadsheet: a mark and CRLF. */
START_TEST(bom_azure_spreadsheet)
{
	yield *y[2];
	for (int k = 0; k < 2; k++) {
		tspec t;
		tspec_init(&t, k ? TT_TRACE_AUTO : TT_TRACE_AZURE_FUNCTIONS);
		add_src(&t, k ? "tests/data/traces/azure-functions-bom.csv"
		              : "tests/data/traces/azure-functions-d02.csv");
		t.spec.function = "f2";
		y[k] = read_trace(&t);
		ck_assert_msg(y[k]->rc == TT_OK, "%s", y[k]->msg);
	}
	ck_assert_uint_eq(y[1]->n, 1440);
	for (size_t m = 0; m < 1440; m++)
		ck_assert(y[1]->iv[m].start_us == y[0]->iv[m].start_us &&
		          y[1]->iv[m].count == y[0]->iv[m].count);
	ck_assert(y[1]->iv[9].count == 5 && y[1]->iv[10].count == 0);
	char buf[1024];
	ck_assert_str_eq(notes_str(&y[1]->notes, buf, sizeof buf),
	                 "scenario.yaml:7:3: note: detected format "
	                 "'azure-functions' (a header starting "
	                 "'HashOwner,HashApp,HashFunction,Trigger'); set "
	                 "'format' to choose");
	yield_free(y[0]);
	yield_free(y[1]);
}
END_TEST

/* Columns count from after the mark; a file of only a mark is empty. */
static const struct {
	tt_trace_format format;
	const char *time; /* the time column by name, or NULL */
	const char *text;
	const char *msg;
} bom_errors[] = {
        {TT_TRACE_COUNTS, NULL, BOM "0,1,2\n",
         "trace.csv:1:5: error: expected 2 columns, got 3"},
        {TT_TRACE_COUNTS, NULL, BOM "1998-13-01 00:00,5\n",
         "trace.csv:1:1: error: invalid timestamp '1998-13-01 00:00' "
         "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)"},
        {TT_TRACE_COUNTS, "tim", BOM "time,count\n0,1\n",
         "trace.csv:1:1: error: no column 'tim' for 'time' in the header "
         "(it has 'time', 'count')"},
        {TT_TRACE_AUTO, NULL, BOM, "trace.csv: error: trace is empty"},
        {TT_TRACE_COUNTS, NULL, BOM "\n", "trace.csv: error: trace is empty"},
};

START_TEST(bom_errors_located)
{
	tspec t;
	tspec_init(&t, bom_errors[_i].format);
	t.spec.time.name = (char *)bom_errors[_i].time;
	add_text(&t, "trace.csv", bom_errors[_i].text);
	yield *y = read_trace(&t);
	tspec_release(&t);
	ck_assert_int_ne(y->rc, TT_OK);
	ck_assert_str_eq(y->msg, bom_errors[_i].msg);
	yield_free(y);
}
END_TEST

/* --- the cache a sweep shares (trace_cache.h) ------------------------- */

/* Two yields the same: intervals, attributes, calendar, notes, failure. */
static void same_yield(const yield *a, const yield *b)
{
	char na[4096], nb[4096];
	ck_assert_int_eq(a->rc, b->rc);
	ck_assert_str_eq(a->msg, b->msg);
	ck_assert_uint_eq(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		ck_assert(a->iv[i].start_us == b->iv[i].start_us &&
		          a->iv[i].len_us == b->iv[i].len_us &&
		          a->iv[i].count == b->iv[i].count);
		ck_assert(a->attrs[i][0] == b->attrs[i][0] &&
		          a->attrs[i][1] == b->attrs[i][1]);
	}
	ck_assert(a->wallclock == b->wallclock);
	ck_assert_int_eq(a->origin, b->origin);
	ck_assert_str_eq(notes_str(&a->notes, na, sizeof na),
	                 notes_str(&b->notes, nb, sizeof nb));
}

/*
 * A replay is the reader's own stream, in every format: the intervals,
 * a per-request trace's attributes, the calendar origin and the notes,
 * the second and third time as the first.
 */
START_TEST(cache_replays)
{
	tspec t;
	tspec_init(&t, TT_TRACE_AUTO);
	switch (_i) {
	case 0:
		add_src(&t, "tests/data/wc98-slice.csv");
		break;
	case 1:
		add_src(&t, "tests/data/traces/azure-llm-slice.csv");
		break;
	case 2:
		add_src(&t, "tests/data/traces/azure-functions-d01.csv");
		add_src(&t, "tests/data/traces/azure-functions-d02.csv");
		t.spec.function = "f1";
		break;
	default:
		add_src(&t, "tests/data/traces/cloudwatch-statistics.json");
		break;
	}
	tt_trace_cache *c = tt_trace_cache_new(TT_TRACE_CACHE_BYTES);
	ck_assert_ptr_nonnull(c);
	yield *direct = read_trace(&t);
	ck_assert_msg(direct->rc == TT_OK, "%s", direct->msg);
	ck_assert_uint_gt(direct->n, 0);
	for (int k = 0; k < 3; k++) {
		yield *y = read_through(c, &t);
		same_yield(direct, y);
		yield_free(y);
	}
	yield_free(direct);
	tt_trace_cache_free(c);
}
END_TEST

/*
 * The file is parsed once: once read, a change to it is not seen (a
 * sweep reads its trace as it was when it began).  The same file under
 * another spec (another count column) is another trace.
 */
START_TEST(cache_reads_once)
{
	tspec t;
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text(&t, "t.csv", "t,a,b\n0,1,10\n60,2,20\n");
	t.spec.count = (tt_column){"a", 0};
	tt_trace_cache *c = tt_trace_cache_new(TT_TRACE_CACHE_BYTES);
	ck_assert_ptr_nonnull(c);
	yield *first = read_through(c, &t);
	static const want_iv a[] = {{0, 60 * S, 1}, {60 * S, 60 * S, 2},
	                            {0, 0, END}};
	expect_ivs(first, a);

	FILE *f = fopen(t.paths[0], "wb");
	ck_assert_ptr_nonnull(f);
	fputs("t,a,b\n0,7,70\n60,8,80\n", f);
	ck_assert_int_eq(fclose(f), 0);
	yield *again = read_through(c, &t);
	expect_ivs(again, a);

	t.spec.count = (tt_column){"b", 0};
	yield *other = read_through(c, &t);
	static const want_iv b[] = {{0, 60 * S, 70}, {60 * S, 60 * S, 80},
	                            {0, 0, END}};
	expect_ivs(other, b);

	yield_free(first);
	yield_free(again);
	yield_free(other);
	tt_trace_cache_free(c);
	tspec_release(&t);
}
END_TEST

/*
 * A trace that fails part way is not kept: each open reads the file, so
 * its error comes at its row, after the rows before it, exactly as
 * without the cache, and a fixed file is read as fixed.  So is a trace
 * past the cache's room.
 */
START_TEST(cache_not_kept)
{
	tspec t;
	tspec_init(&t, TT_TRACE_COUNTS);
	add_text(&t, "t.csv", "t,n\n0,1\n60,2\n120,x\n");
	tt_trace_cache *c = tt_trace_cache_new(TT_TRACE_CACHE_BYTES);
	ck_assert_ptr_nonnull(c);
	yield *direct = read_trace(&t);
	ck_assert_int_ne(direct->rc, TT_OK);
	ck_assert_uint_eq(direct->n, 2);
	yield *y = read_through(c, &t);
	same_yield(direct, y);
	yield_free(y);

	FILE *f = fopen(t.paths[0], "wb");
	ck_assert_ptr_nonnull(f);
	fputs("t,n\n0,1\n60,2\n120,3\n", f);
	ck_assert_int_eq(fclose(f), 0);
	y = read_through(c, &t);
	static const want_iv fixed[] = {{0, 60 * S, 1},
	                                {60 * S, 60 * S, 2},
	                                {120 * S, 60 * S, 3},
	                                {0, 0, END}};
	expect_ivs(y, fixed);
	yield_free(y);
	yield_free(direct);
	tt_trace_cache_free(c);

	/* room for one interval: read from the file every time */
	c = tt_trace_cache_new(sizeof(tt_interval));
	ck_assert_ptr_nonnull(c);
	y = read_through(c, &t);
	expect_ivs(y, fixed);
	yield_free(y);
	f = fopen(t.paths[0], "wb");
	ck_assert_ptr_nonnull(f);
	fputs("t,n\n0,5\n60,6\n", f);
	ck_assert_int_eq(fclose(f), 0);
	y = read_through(c, &t);
	static const want_iv changed[] = {{0, 60 * S, 5}, {60 * S, 60 * S, 6},
	                                  {0, 0, END}};
	expect_ivs(y, changed);
	yield_free(y);
	tt_trace_cache_free(c);
	tspec_release(&t);
}
END_TEST

/* --- the suite -------------------------------------------------------- */

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void add_loop(Suite *s, const char *name, const TTest *test, int n)
{
	TCase *tc = tcase_create(name);
	tcase_add_loop_test(tc, test, 0, n);
	suite_add_tcase(s, tc);
}

static Suite *traces_suite(void)
{
	Suite *s = suite_create("traces");
	add_loop(s, "counts_intervals", counts_intervals, N(counts_cases));
	add_loop(s, "counts_missing_periods", counts_missing_periods, 1);
	add_loop(s, "counts_wc98_whole", counts_wc98_whole, 1);
	add_loop(s, "counts_files", counts_files, 1);
	add_loop(s, "counts_errors", counts_error_messages, N(counts_errors));
	add_loop(s, "counts_long_lines", counts_long_lines, 1);
	add_loop(s, "counts_wc98_slice", counts_wc98_slice, 1);
	add_loop(s, "requests_slice", requests_slice, 1);
	add_loop(s, "requests_whole", requests_whole, 1);
	add_loop(s, "requests_points", requests_points, N(requests_cases));
	add_loop(s, "requests_errors", requests_error_messages,
	         N(requests_errors));
	add_loop(s, "azure_days", azure_days, N(azure_cases));
	add_loop(s, "azure_errors", azure_errors, 1);
	add_loop(s, "cloudwatch_statistics", cloudwatch_statistics, 1);
	add_loop(s, "cloudwatch_data", cloudwatch_data, N(cw_data_cases));
	add_loop(s, "cloudwatch_errors", cloudwatch_error_messages,
	         N(cw_errors));
	add_loop(s, "cloudwatch_partial", cloudwatch_partial, 1);
	add_loop(s, "detect_formats", detect_formats, N(detect_cases));
	add_loop(s, "detect_failures", detect_failures, N(undetectable));
	add_loop(s, "format_names", format_names, 1);
	add_loop(s, "cannot_open", cannot_open, 1);
	add_loop(s, "rewind", rewind_all, 4);
	add_loop(s, "bom_skipped", bom_skipped, N(bom_cases));
	add_loop(s, "bom_azure_spreadsheet", bom_azure_spreadsheet, 1);
	add_loop(s, "bom_errors", bom_errors_located, N(bom_errors));
	add_loop(s, "cache_replays", cache_replays, 4);
	add_loop(s, "cache_reads_once", cache_reads_once, 1);
	add_loop(s, "cache_not_kept", cache_not_kept, 1);
	return s;
}

int main(void)
{
	return tu_run_suite(traces_suite());
}
