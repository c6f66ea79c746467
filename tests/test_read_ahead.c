/*
 * test_read_ahead.c - a trace read on a second thread gives the run what
 * reading it on the run's thread gives, call for call (read_ahead.h).
 *
 * Each case runs one script of calls (next, rewind, close) on a trace
 * opened both ways and writes down everything each call shows: the
 * interval with its attributes, the end, the failure and its message, and
 * the notes the call added.  The two transcripts must be the same text.
 * Most traces are longer than the reader's ring (8,192 intervals), so the
 * thread fills it, waits, and is stopped while waiting or reading.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "read_ahead.h"
#include "testutil.h"
#include "trace.h"

static const tt_loc where = {"scenario.yaml", 7, 3};

/* --- transcripts ----------------------------------------------------- */

typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		ck_assert_int_ge(n, 0);
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		t->cap = t->cap ? t->cap * 2 : 4096;
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
}

/* The notes added since `*seen`, one line each. */
static void put_notes(text *t, const tt_diag_list *notes, size_t *seen)
{
	char buf[1024];
	for (; *seen < notes->count; (*seen)++)
		put(t, "  note: %s\n",
		    tu_diag_str(&notes->items[*seen], buf, sizeof buf));
}

typedef tt_code (*opener)(const tt_trace_spec *spec, tt_loc where,
                          tt_diag_list *notes, tt_source **out, tt_diag *d);

/*
 * Run `script` on the trace: 'n' a call to next, a number before it
 * repeats it ("5000n"; "*n" to the end or failure, and once more),
 * 'r' a rewind, 'w' a wait of 50 ms (time for the reader thread to read
 * as far ahead as it may); the source is closed after the last.
 */
static char *transcript(opener open, const tt_trace_spec *spec,
                        const char *script)
{
	text t = {0};
	tt_diag_list notes = {0};
	size_t seen = 0;
	tt_source *src = NULL;
	tt_diag d;
	char buf[1024];
	tt_code rc = open(spec, where, &notes, &src, &d);
	put(&t, "open: %s\n", rc ? tu_diag_str(&d, buf, sizeof buf) : "ok");
	put_notes(&t, &notes, &seen);
	if (rc) {
		tt_diag_list_release(&notes);
		return t.s;
	}
	put(&t, "calendar %d %lld, %zu attributes\n", src->wallclock,
	    (long long)src->origin_unix_s, src->n_attrs);
	for (const char *p = script; *p;) {
		long times = 1;
		bool to_end = false;
		if (*p == '*') {
			to_end = true;
			p++;
		} else if (*p >= '0' && *p <= '9') {
			times = strtol(p, (char **)&p, 10);
		}
		char op = *p++;
		if (op == 'w') {
			nanosleep(&(struct timespec){0, 50000000}, NULL);
			continue;
		}
		if (op == 'r') {
			rc = tt_source_rewind(src, &d);
			put(&t, "rewind: %s\n",
			    rc ? tu_diag_str(&d, buf, sizeof buf) : "ok");
			put_notes(&t, &notes, &seen);
			continue;
		}
		ck_assert_int_eq(op, 'n');
		int after = 2; /* calls past the end, with to_end */
		for (long k = 0; to_end || k < times; k++) {
			tt_interval iv;
			bool end = false;
			rc = tt_source_next(src, &iv, &end, &d);
			if (rc)
				put(&t, "error: %s\n",
				    tu_diag_str(&d, buf, sizeof buf));
			else if (end)
				put(&t, "end\n");
			else {
				put(&t, "%lld %lld %.17g",
				    (long long)iv.start_us,
				    (long long)iv.len_us, iv.count);
				for (size_t a = 0; iv.attrs && a < src->n_attrs;
				     a++)
					put(&t, " %.17g", iv.attrs[a]);
				put(&t, "\n");
			}
			put_notes(&t, &notes, &seen);
			if (to_end && (rc || end) && --after == 0)
				break;
		}
	}
	tt_source_close(src);
	put(&t, "closed\n");
	put_notes(&t, &notes, &seen);
	tt_diag_list_release(&notes);
	return t.s;
}

/* The script both ways: the same text; it is returned for more checks. */
static char *same_both_ways(const tt_trace_spec *spec, const char *script)
{
	char *direct = transcript(tt_trace_open, spec, script);
	char *ahead = transcript(tt_read_ahead_open, spec, script);
	if (strcmp(direct, ahead) != 0) {
		/* the first line that differs, not two long texts */
		size_t i = 0, line = 0;
		while (direct[i] && direct[i] == ahead[i])
			if (direct[i++] == '\n')
				line = i;
		ck_abort_msg("read ahead differs at line starting %.80s\n"
		             "on its thread: %.80s",
		             direct + line, ahead + line);
	}
	free(ahead);
	return direct;
}

static size_t lines_with(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* --- traces ---------------------------------------------------------- */

typedef struct trace {
	tt_trace_spec spec;
	char *paths[2];
	const char *names[2];
	char buf[2][4096];
	bool scratch[2];
} trace;

static void trace_init(trace *t, tt_trace_format f)
{
	memset(t, 0, sizeof *t);
	t->spec.format = f;
	t->spec.paths = t->paths;
	t->spec.names = t->names;
}

static void add_src(trace *t, const char *rel)
{
	size_t i = t->spec.n_paths++;
	tu_src_path(t->buf[i], sizeof t->buf[i], rel);
	t->paths[i] = t->buf[i];
	t->names[i] = rel;
}

/*
 * A counts trace of `rows` one-minute rows: row `gap` left out (a missing
 * minute, noted when the trace ends), row `bad` with a count that is not
 * a number (0: none).
 */
static void add_counts(trace *t, int rows, int gap, int bad)
{
	size_t i = t->spec.n_paths++;
	const char *dir = getenv("TTSIM_BUILD_DIR");
	snprintf(t->buf[i], sizeof t->buf[i], "%s/test_read_ahead-%ld.csv",
	         dir ? dir : ".", (long)getpid());
	FILE *f = fopen(t->buf[i], "w");
	ck_assert_ptr_nonnull(f);
	fputs("time,count\n", f);
	for (int r = 1; r <= rows; r++) {
		if (r == gap)
			continue;
		if (r == bad)
			fprintf(f, "%d,lots\n", r * 60);
		else
			fprintf(f, "%d,%d\n", r * 60, (r * 37) % 1000);
	}
	ck_assert_int_eq(fclose(f), 0);
	t->paths[i] = t->buf[i];
	t->names[i] = "counts.csv";
	t->scratch[i] = true;
}

static void trace_release(trace *t)
{
	for (size_t i = 0; i < t->spec.n_paths; i++)
		if (t->scratch[i])
			unlink(t->paths[i]);
}

/* --- cases ----------------------------------------------------------- */

/* Twenty thousand rows, the ring filled again and again; a missing
 * minute noted at the end, once, at the call that gives the end. */
START_TEST(whole_trace)
{
	trace t;
	trace_init(&t, TT_TRACE_AUTO);
	add_counts(&t, 20000, 17000, 0);
	char *s = same_both_ways(&t.spec, "*n");
	ck_assert_uint_eq(lines_with(s, " 60000000 "), 19999);
	ck_assert_uint_eq(lines_with(s, "end\n  note: "), 1);
	ck_assert_uint_eq(lines_with(s, "detected format 'counts'"), 1);
	free(s);
	trace_release(&t);
}
END_TEST

/* A bad row fails the call that reaches it, and every call after. */
START_TEST(failure_in_place)
{
	trace t;
	trace_init(&t, TT_TRACE_COUNTS);
	add_counts(&t, 9000, 0, 6001);
	char *s = same_both_ways(&t.spec, "*n");
	ck_assert_uint_eq(lines_with(s, " 60000000 "), 6000);
	ck_assert_uint_eq(lines_with(s, "error: counts.csv:6002:"), 2);
	free(s);
	trace_release(&t);
}
END_TEST

/*
 * A run that stops early never hears of what lies past it, though the
 * reader thread has read it: no failure of a bad row, no note of a
 * missing minute (given at the end).
 */
START_TEST(close_early)
{
	static const char *const scripts[] = {"", "w", "1nw", "10n", "2500nw"};
	for (int bad = 0; bad <= 2900; bad += 2900) {
		trace t;
		trace_init(&t, TT_TRACE_COUNTS);
		add_counts(&t, 3000, 2000, bad);
		for (size_t k = 0; k < sizeof scripts / sizeof *scripts; k++) {
			char *s = same_both_ways(&t.spec, scripts[k]);
			ck_assert_uint_eq(lines_with(s, "error"), 0);
			ck_assert_uint_eq(lines_with(s, "note: "), 0);
			free(s);
		}
		/* and both are there to be heard */
		char *s = same_both_ways(&t.spec, "*n");
		ck_assert_uint_eq(lines_with(s, bad ? "\nerror: " : "note: "),
		                  bad ? 2 : 1);
		free(s);
		trace_release(&t);
	}
}
END_TEST

/*
 * Rewinds (a repeat): at the end, and short of it with a bad row that the
 * reader thread has met (it reads up to eight thousand rows ahead) but the
 * run has not, which a rewind must not report.
 */
START_TEST(rewind_anywhere)
{
	trace t;
	trace_init(&t, TT_TRACE_COUNTS);
	add_counts(&t, 4000, 100, 3000);
	char *s = same_both_ways(&t.spec, "10nwr10nwr*n");
	ck_assert_uint_eq(lines_with(s, "rewind: ok"), 2);
	ck_assert_uint_eq(lines_with(s, "error: counts.csv:3000:"), 2);
	free(s);
	trace_release(&t);

	trace_init(&t, TT_TRACE_COUNTS);
	add_counts(&t, 5000, 0, 0);
	s = same_both_ways(&t.spec, "*nr*nr2n");
	ck_assert_uint_eq(lines_with(s, "end\n"), 4);
	free(s);
	trace_release(&t);
}
END_TEST

/* A per-request trace's attributes, copied out of the reader's buffer. */
START_TEST(attributes)
{
	trace t;
	trace_init(&t, TT_TRACE_REQUESTS);
	add_src(&t, "tests/data/traces/azure-llm-slice.csv");
	char *s = same_both_ways(&t.spec, "*n");
	ck_assert(strstr(s, ", 2 attributes\n"));
	ck_assert(strstr(s, " 0 1 4808 10\n"));
	free(s);
	trace_release(&t);
}
END_TEST

/* A note in the middle of the trace (a day without the selected
 * function) comes at the call that loads that day. */
START_TEST(note_mid_trace)
{
	trace t;
	trace_init(&t, TT_TRACE_AZURE_FUNCTIONS);
	add_src(&t, "tests/data/traces/azure-functions-d01.csv");
	add_src(&t, "tests/data/traces/azure-functions-d02.csv");
	t.spec.function = "f1";
	char *s = same_both_ways(&t.spec, "*n");
	const char *note = strstr(s, "note: ");
	ck_assert_ptr_nonnull(note);
	ck_assert(strstr(note, "no row with"));
	/* not at the start, not at the end */
	ck_assert_uint_gt((size_t)(note - s), 1000);
	ck_assert(strstr(note, "\nend\n"));
	free(s);
	trace_release(&t);
}
END_TEST

/* A trace that cannot be opened: the same error, no thread. */
START_TEST(open_fails)
{
	trace t;
	trace_init(&t, TT_TRACE_COUNTS);
	add_src(&t, "tests/data/no-such-trace.csv");
	char *s = same_both_ways(&t.spec, "*n");
	ck_assert(strstr(s, "open: "));
	ck_assert(!strstr(s, "open: ok"));
	free(s);
	trace_release(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("read_ahead");
	const tu_case cases[] = {
	        {"whole_trace", whole_trace},
	        {"failure_in_place", failure_in_place},
	        {"close_early", close_early},
	        {"rewind_anywhere", rewind_anywhere},
	        {"attributes", attributes},
	        {"note_mid_trace", note_mid_trace},
	        {"open_fails", open_fails},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
