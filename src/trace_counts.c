/*
 * trace_counts.c - a counts-per-period CSV trace, read as a stream.
 *
 * The format is one row per trace period, `time,count`, with an optional
 * header row (recognised by a count cell that is not a number, or needed
 * when a column is chosen by name).  Times are calendar timestamps in UTC
 * (`YYYY-MM-DD HH:MM[:SS]` or ISO 8601 `YYYY-MM-DDTHH:MM:SS[.fff][Z]`) or
 * plain seconds; whichever the first row uses, every row must use.  The
 * first row is time 0, and each row becomes the interval [t, t + period)
 * holding its count, where the period is the spec's or the gap between
 * the first two rows:
 *
 *   rows    0,5   60,6   (none)   180,7
 *           |--5--|--6--|---0----|--7--|     one period missing, warned
 *
 * Rows must go forward by at least one period; a longer step leaves whole
 * periods without traffic, which are tallied and reported in one warning
 * when the end of the trace is reached.  Several files are one trace, read
 * one after another, and times keep increasing across them.
 *
 * Only one line is held at a time, in a buffer of TT_CSV_LINE_MAX bytes;
 * longer lines are refused.
 */
#include "trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"

/* One data row, as read. */
typedef struct row {
	int64_t abs_us;  /* calendar: Unix time; seconds: as written */
	tt_time_us t_us; /* from the first row */
	double count;
	size_t file;
	tt_loc loc; /* of the time cell */
} row;

typedef struct counts {
	tt_source base;
	const tt_trace_spec *spec;
	tt_loc where;
	tt_diag_list *notes;

	tt_csv_files in;
	size_t n_cols, time_col, count_col; /* of the open file, 0-based */

	tt_time_kind kind;
	int64_t first_abs_us;
	tt_time_us period_us; /* 0 until known */

	bool have_prev; /* the last row read, for order checks */
	row prev;
	char prev_text[TT_CSV_QUOTE_SIZE]; /* its time cell, for messages */
	row ahead[2]; /* read at open to learn the period */
	size_t n_ahead, ahead_pos;

	/* Gaps are tallied once, however often the trace is rewound. */
	int64_t seq, seq_max;
	tt_gaps gaps;
	bool warned;

	bool ended;
	tt_source_failure fail; /* a bad row stops the stream for good */
} counts;

/*
 * The first line of a file: is it a header, and which columns are the
 * time and the count.  Without a chosen column the file has exactly two;
 * with one, as many as its first line.
 */
static tt_code start_file(counts *cs, tt_diag *d)
{
	const tt_trace_spec *spec = cs->spec;
	tt_csv *c = &cs->in.csv;
	tt_code rc;
	bool chosen = spec->time.name || spec->time.index || spec->count.name ||
	              spec->count.index;
	bool by_name = spec->time.name || spec->count.name;
	cs->in.started = true;
	if (!chosen) {
		if ((rc = tt_csv_expect_columns(c, 2, d)))
			return rc;
	}
	cs->n_cols = c->n_fields;
	/* The count cell's index, to tell a header from a row. */
	size_t probe = 1;
	if (!spec->count.name && spec->count.index > 0)
		probe = (size_t)spec->count.index - 1;
	double v;
	size_t n;
	const char *t = probe < c->n_fields ? tt_csv_text(c, probe, &n) : "";
	if (probe >= c->n_fields)
		n = 0;
	cs->in.header = by_name || !tt_csv_decimal(t, n, &v);
	if ((rc = tt_csv_find_column(c, &spec->time, "time", 0, &cs->time_col,
	                             d)) ||
	    (rc = tt_csv_find_column(c, &spec->count, "count", 1,
	                             &cs->count_col, d)))
		return rc;
	return TT_OK;
}

/*
 * A row's time from the first row's, abs_us - first_us, or false when the
 * difference leaves int64 microseconds (times in seconds reach +-9e12 s,
 * so two of them can be further apart than a time holds).
 */
static bool since_first(int64_t abs_us, int64_t first_us, tt_time_us *out)
{
	if (first_us < 0 ? abs_us > INT64_MAX + first_us
	                 : abs_us < INT64_MIN + first_us)
		return false;
	*out = abs_us - first_us;
	return true;
}

/*
 * The row order rule: each row at least one trace period after the last.
 * The row (at t_us, in file `file`, its time cell at `loc`) is the
 * reader's current line.
 */
static tt_code check_order(counts *cs, tt_time_us t_us, size_t file, tt_loc loc,
                           tt_diag *d)
{
	bool overlap =
	        cs->period_us > 0 && t_us - cs->prev.t_us < cs->period_us;
	if (!cs->have_prev || (t_us > cs->prev.t_us && !overlap))
		return TT_OK; /* every row but a bad one: nothing to word */
	char also[TT_DIAG_FILE_MAX + 40];
	char q[TT_CSV_QUOTE_SIZE];
	const char *text = tt_csv_quote(&cs->in.csv, cs->time_col, q);
	also[0] = '\0';
	if (file != cs->prev.file)
		snprintf(also, sizeof also, " (the last row of '%s')",
		         tt_trace_file_name(cs->spec, cs->prev.file));
	if (t_us <= cs->prev.t_us)
		return tt_diag_set(d, TT_EINVAL, loc,
		                   "timestamps must increase: row time '%s' is "
		                   "not after '%s'%s",
		                   text, cs->prev_text, also);
	if (overlap) {
		char p[32];
		return tt_diag_set(d, TT_EINVAL, loc,
		                   "rows overlap: row time '%s' is less than "
		                   "one period (%s) after '%s'%s",
		                   text,
		                   tt_period_format(cs->period_us, p, sizeof p),
		                   cs->prev_text, also);
	}
	return TT_OK;
}

/*
 * The `n` bytes of a cell at t, quoted as tt_csv_quote_text does, into
 * `out` for a message that may come with a later row.  Every row keeps
 * its time this way, so a cell of 16 to 32 bytes (any calendar time) is
 * copied in two fixed moves that overlap rather than by a call.
 */
static void keep_text(const char *t, size_t n, char out[TT_CSV_QUOTE_SIZE])
{
	if (n < 16 || n > 32) {
		tt_csv_quote_text(t, n, out);
		return;
	}
	memcpy(out, t, 16);
	memcpy(out + n - 16, t + n - 16, 16);
	out[n] = '\0';
}

/*
 * The next data row, or *got = false at the end of the last file.  Skips
 * blank lines and headers, moves from file to file, checks the row's
 * cells and its order, and tallies gaps on the first pass.
 */
static tt_code read_row(counts *cs, row *r, bool *got, tt_diag *d)
{
	tt_csv *c = &cs->in.csv;
	tt_code rc;
	for (;;) {
		/* The common line without the call (tt_csv_next itself
		 * tries it first, so the same line reads the same). */
		*got = tt_csv_next_plain(c);
		if (!*got && (rc = tt_csv_next(c, got, d)))
			return rc;
		if (!*got) {
			bool more;
			rc = tt_csv_files_next(&cs->in, cs->spec, cs->where,
			                       &more, d);
			if (rc || !more)
				return rc;
			continue;
		}
		if (!cs->in.started) {
			if ((rc = start_file(cs, d)))
				return rc;
			if (cs->in.header)
				continue;
		} else if (c->n_fields != cs->n_cols) {
			return tt_csv_expect_columns(c, cs->n_cols, d);
		}

		char q[TT_CSV_QUOTE_SIZE];
		double count;
		bool number = tt_csv_decimal_cell(c, cs->count_col, &count);
		if (!number || count < 0 ||
		    count > TT_WORKLOAD_VALUE_MAX) { /* inf too */
			tt_loc cloc = tt_csv_loc(c, cs->count_col);
			tt_csv_quote(c, cs->count_col, q);
			if (!number)
				return tt_diag_set(d, TT_ESYNTAX, cloc,
				                   "expected a number for "
				                   "'count', got '%s'",
				                   q);
			if (count < 0)
				return tt_diag_set(d, TT_EINVAL, cloc,
				                   "'count' must be >= 0, got "
				                   "'%s'",
				                   q);
			return tt_diag_set(d, TT_ERANGE, cloc,
			                   "'count' is too large, got '%s' (at "
			                   "most " TT_LIMIT_TEXT(
			                           TT_WORKLOAD_VALUE_MAX) ")",
			                   q);
		}

		/* The row's parts are kept apart until it is stored, to *r
		 * and as the last row: a row built in memory field by field
		 * and copied is read back in wider moves, which stall. */
		int64_t abs_us;
		tt_time_us t_us;
		size_t tn; /* the time cell, kept below for messages */
		const char *tt = tt_csv_text(c, cs->time_col, &tn);
		if ((rc = tt_csv_time(c, cs->time_col, &cs->kind, &abs_us, d)))
			return rc;
		if (!cs->have_prev)
			cs->first_abs_us = abs_us;
		if (!since_first(abs_us, cs->first_abs_us, &t_us))
			return tt_diag_set(
			        d, TT_ERANGE, tt_csv_loc(c, cs->time_col),
			        "row time '%s' is too far from the first row's "
			        "(at most about 292,000 years)",
			        tt_csv_quote(c, cs->time_col, q));
		tt_loc loc = tt_csv_loc(c, cs->time_col);
		if ((rc = check_order(cs, t_us, cs->in.file, loc, d)))
			return rc;
		if (++cs->seq > cs->seq_max) {
			cs->seq_max = cs->seq;
			/* check_order has made the step at least a period;
			 * only a step of two or more leaves a gap, so most
			 * rows need no call. */
			if (cs->have_prev && cs->period_us > 0 &&
			    t_us - cs->prev.t_us - cs->period_us >=
			            cs->period_us)
				tt_gaps_add(&cs->gaps, cs->prev.t_us, t_us,
				            cs->period_us, loc);
		}
		/* No -0 count: -0 + 0 is 0, x + 0 is x. */
		*r = (row){abs_us, t_us, count + 0.0, cs->in.file, loc};
		cs->prev = (row){abs_us, t_us, count + 0.0, cs->in.file, loc};
		keep_text(tt, tn, cs->prev_text);
		cs->have_prev = true;
		cs->in.has_rows = true;
		*got = true;
		return TT_OK;
	}
}

static tt_code counts_next(tt_source *src, tt_interval *out, bool *end,
                           tt_diag *d)
{
	counts *cs = (counts *)src;
	*end = false;
	if (tt_source_failed(&cs->fail, d))
		return cs->fail.code;
	if (cs->ended) {
		*end = true;
		return TT_OK;
	}
	row r;
	if (cs->ahead_pos < cs->n_ahead) {
		r = cs->ahead[cs->ahead_pos++];
	} else {
		bool got;
		tt_code rc = read_row(cs, &r, &got, &cs->fail.diag);
		if (rc)
			return tt_source_fail(&cs->fail, rc, d);
		if (!got) {
			cs->ended = *end = true;
			if (!cs->warned) {
				cs->warned = true;
				tt_gaps_warn(&cs->gaps, "row", cs->notes);
			}
			return TT_OK;
		}
	}
	*out = (tt_interval){r.t_us, cs->period_us, r.count, NULL};
	return TT_OK;
}

static tt_code counts_rewind(tt_source *src, tt_diag *d)
{
	counts *cs = (counts *)src;
	tt_code rc;
	if (tt_source_failed(&cs->fail, d))
		return cs->fail.code;
	rc = tt_csv_files_rewind(&cs->in, cs->spec, cs->where, d);
	if (rc)
		return rc;
	cs->have_prev = false;
	cs->n_ahead = cs->ahead_pos = 0;
	cs->seq = 0;
	cs->ended = false;
	return TT_OK;
}

static void counts_close(tt_source *src)
{
	counts *cs = (counts *)src;
	tt_csv_close(&cs->in.csv);
	free(cs);
}

static const tt_source_ops counts_ops = {
        .next = counts_next, .rewind = counts_rewind, .close = counts_close};

tt_code tt_trace_counts_open(const tt_trace_spec *spec, tt_loc where,
                             tt_diag_list *notes, tt_source **out, tt_diag *d)
{
	tt_code rc;
	bool got;
	if (spec->n_paths == 0)
		return tt_diag_set(d, TT_EINVAL, where,
		                   "the trace names no file");
	counts *cs = calloc(1, sizeof *cs);
	if (!cs)
		return tt_diag_nomem(d, where);
	cs->base.ops = &counts_ops;
	cs->spec = spec;
	cs->where = where;
	cs->notes = notes;
	cs->period_us = spec->period_us;

	rc = tt_csv_open_file(&cs->in.csv, spec, 0, where, d);
	if (rc)
		goto fail_free;
	/* The first row; read_row reports an empty file. */
	if ((rc = read_row(cs, &cs->ahead[0], &got, d)))
		goto fail_free;
	cs->n_ahead = 1;
	if (cs->period_us == 0) {
		if ((rc = read_row(cs, &cs->ahead[1], &got, d)))
			goto fail_free;
		if (!got) {
			rc = tt_diag_set(d, TT_EINVAL,
			                 (tt_loc){cs->ahead[0].loc.file,
			                          cs->ahead[0].loc.line, 0},
			                 "cannot tell the period of a one-row "
			                 "trace: give the trace a 'period'");
			goto fail_free;
		}
		/* read_row has checked that it is after the first row. */
		cs->period_us = cs->ahead[1].t_us;
		cs->n_ahead = 2;
	}
	if (cs->kind == TT_TIME_CALENDAR) {
		cs->base.wallclock = true;
		cs->base.origin_unix_s = tt_unix_s_floor(cs->first_abs_us);
	}
	*out = &cs->base;
	return TT_OK;

fail_free:
	counts_close(&cs->base);
	return rc;
}
