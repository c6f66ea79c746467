/*
 * csv.h - the CSV line reader and the pieces the trace readers share.
 *
 * Every CSV trace format (counts, requests, Azure Functions, and the
 * detection that tells them apart) reads its files the same way: one line
 * at a time, at most TT_CSV_LINE_MAX bytes of it, a UTF-8 byte-order mark
 * at the start skipped (it is not a column), LF or CRLF line ends, the
 * last line with or without one, blank lines skipped, fields split at
 * commas outside double quotes, trimmed of blanks and of one pair of
 * surrounding quotes.  Each field keeps its column so a message can point
 * at it.  Memory is one line and its field table, however long the file.
 *
 * Also here: a column chosen by name in a header or by index
 * (tt_csv_find_column), the timestamp cell (calendar or seconds, the same
 * kind in every row), the plain decimal number cell, a trace file's name
 * and a period for messages, and the tally of missing periods that counts
 * and CloudWatch traces warn about.
 *
 * Private to the library; every definition but the inline accessors of
 * the current line and the first tries of tt_csv_time and tt_csv_decimal
 * lives in csv.c.
 */
#ifndef TTSIM_CSV_H
#define TTSIM_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "calendar.h"
#include "ttsim/diag.h"
#include "ttsim/simtime.h"
#include "ttsim/workload.h"

/* The longest line a trace may have, not counting its line end. */
#define TT_CSV_LINE_MAX 65536

/* Room for a piece of input quoted back in a message ("..." when cut). */
#define TT_CSV_QUOTE_MAX 64
#define TT_CSV_QUOTE_SIZE (TT_CSV_QUOTE_MAX + 4)

/* A field of the current line: bytes [start, end) of tt_csv.line. */
typedef struct tt_csv_field {
	size_t start;
	size_t end;
} tt_csv_field;

typedef struct tt_csv {
	FILE *f;
	const char *name; /* shown in locations; borrowed */
	char *buf;        /* read buffer */
	size_t buf_pos;
	size_t buf_len;
	bool eof;
	/* The first NUL and double quote of the fill at or after a line
	 * read before, or NULL for none: looked for once a fill, not once
	 * a line (find_in_fill). */
	const char *nul, *quote;
	char *line;  /* the current line, NUL-terminated: in buf or spill */
	char *spill; /* a line that two fills of buf share, copied whole */
	size_t len;
	bool has_quote; /* the current line holds a double quote */
	int lineno;
	tt_csv_field *fields;
	size_t n_fields;
	size_t cap_fields;
	tt_calendar_memo day; /* the last calendar time's date */
} tt_csv;

/*
 * Open `path` for reading; `name` (borrowed, must outlive the reader) is
 * what locations say.  A file that cannot be opened, or a directory:
 * TT_EIO "cannot open trace 'NAME': REASON" at `where`.  The reader is
 * zeroed on failure, so tt_csv_close is always safe.
 */
tt_code tt_csv_open(tt_csv *c, const char *path, const char *name, tt_loc where,
                    tt_diag *d);

/* Back to the first line. */
tt_code tt_csv_rewind(tt_csv *c, tt_diag *d);

/* Close the file and free the buffers.  Accepts NULL or a zeroed reader. */
void tt_csv_close(tt_csv *c);

/* Open the spec's i-th file, named as tt_trace_file_name says. */
tt_code tt_csv_open_file(tt_csv *c, const tt_trace_spec *spec, size_t i,
                         tt_loc where, tt_diag *d);

/*
 * A trace spec's files read in order: the open file and where its reader
 * stands.  The reader sets `started` at a file's first line, `header` when
 * that line is a header, and `has_rows` at its first data row.
 */
typedef struct tt_csv_files {
	tt_csv csv;
	size_t file; /* the open file, an index into spec->paths */
	bool started, header, has_rows;
} tt_csv_files;

/*
 * At the end of the open file: an empty file or one with a header only is
 * an error; otherwise the next file is opened (*more = true), or there is
 * none (*more = false).
 */
tt_code tt_csv_files_next(tt_csv_files *fs, const tt_trace_spec *spec,
                          tt_loc where, bool *more, tt_diag *d);

/* Back to the first line of the first file. */
tt_code tt_csv_files_rewind(tt_csv_files *fs, const tt_trace_spec *spec,
                            tt_loc where, tt_diag *d);

/*
 * The next non-blank line, split into fields (at least one), or *got =
 * false at the end of the file.  Errors: TT_ESYNTAX for a line longer
 * than TT_CSV_LINE_MAX or a NUL byte, TT_EIO for a read error.
 */
tt_code tt_csv_next(tt_csv *c, bool *got, tt_diag *d);

/* Field i of the current line: its text (not NUL-terminated) and length. */
static inline const char *tt_csv_text(const tt_csv *c, size_t i, size_t *n)
{
	*n = c->fields[i].end - c->fields[i].start;
	return c->line + c->fields[i].start;
}

/* True when field i is exactly `s`. */
bool tt_csv_is(const tt_csv *c, size_t i, const char *s);

/* The place of field i of the current line (i == n_fields: its end). */
static inline tt_loc tt_csv_loc(const tt_csv *c, size_t i)
{
	size_t col = i < c->n_fields ? c->fields[i].start : c->len;
	return (tt_loc){c->name, c->lineno, (int)col + 1};
}

/* Field i copied for a message, cut with "..." when long. */
char *tt_csv_quote(const tt_csv *c, size_t i, char out[TT_CSV_QUOTE_SIZE]);

/* The same for `n` bytes of text that are not a reader's cell (a cell of
 * a run kept in memory). */
char *tt_csv_quote_text(const char *t, size_t n, char out[TT_CSV_QUOTE_SIZE]);

/*
 * Check that the current line has `want` fields: TT_ESYNTAX "expected N
 * columns, got M" ("1 column") at the first extra field, or at the end
 * of the line.
 */
tt_code tt_csv_expect_columns(const tt_csv *c, size_t want, tt_diag *d);

/*
 * A plain decimal `[+-]digits[.digits]` or `[+-].digits`: no exponent, no
 * inf or nan, no locale (unlike strtod), correctly rounded for up to 15
 * significant digits.
 */
bool tt_csv_decimal_read(const char *s, size_t n, double *out);

/*
 * tt_csv_decimal_read, with digits only, at most 19 of them (a count,
 * nearly always), read here without the call: the general reader would
 * keep them all in its mantissa and scale by 10^0, so the value is the
 * integer converted.
 */
static inline bool tt_csv_decimal(const char *s, size_t n, double *out)
{
	if (n >= 1 && n <= 19) {
		uint64_t m = 0;
		size_t k = 0;
		for (; k < n; k++) {
			unsigned digit = (unsigned char)s[k] - (unsigned)'0';
			if (digit > 9)
				break;
			m = m * 10 + digit;
		}
		if (k == n) {
			*out = (double)m;
			return true;
		}
	}
	return tt_csv_decimal_read(s, n, out);
}

/*
 * The 0-based column `col` chooses for `what` (by name in the header line
 * that is current, by 1-based index, or else `dflt`).  Errors (TT_EINVAL):
 * "no column 'X' for 'what' in the header (it has 'a', 'b')" at the
 * header, "no column N for 'what': the row has M columns" at its end.
 */
tt_code tt_csv_find_column(const tt_csv *c, const tt_column *col,
                           const char *what, size_t dflt, size_t *out,
                           tt_diag *d);

/* ---- timestamps ---- */

typedef enum tt_time_kind {
	TT_TIME_UNKNOWN,
	TT_TIME_CALENDAR, /* tt_calendar_parse: Unix microseconds */
	TT_TIME_SECONDS   /* tt_seconds_parse: as written */
} tt_time_kind;

/*
 * Field i as a time into *us.  The first time read fixes *kind; every
 * later one must be of the same kind.  Errors (TT_ESYNTAX at the field):
 * "invalid timestamp 'X' (expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or
 * seconds)", "expected a calendar timestamp like the first row's, got
 * 'X'", "expected a time in seconds like the first row's, got 'X'".
 */
tt_code tt_csv_time_read(tt_csv *c, size_t i, tt_time_kind *kind, int64_t *us,
                         tt_diag *d);

/*
 * tt_csv_time_read, with a calendar time in a trace of calendar times
 * (nearly every row of one) read here, without the call; anything else is
 * read again from the start there (a read that fails leaves the memo as
 * it found it, so the second read is the first's).
 */
static inline tt_code tt_csv_time(tt_csv *c, size_t i, tt_time_kind *kind,
                                  int64_t *us, tt_diag *d)
{
	size_t n;
	const char *t = tt_csv_text(c, i, &n);
	if (*kind == TT_TIME_CALENDAR &&
	    tt_calendar_parse_memo(t, n, &c->day, us))
		return TT_OK;
	return tt_csv_time_read(c, i, kind, us, d);
}

/* True when field i reads as a calendar time or seconds. */
bool tt_csv_is_time(const tt_csv *c, size_t i);

/* Floor of Unix microseconds to whole seconds (also before 1970). */
int64_t tt_unix_s_floor(int64_t unix_us);

/* "60s", "1.5s": a period for a message; buf of at least 32 bytes. */
char *tt_period_format(tt_time_us us, char *buf, size_t size);

/* The name locations use for the spec's i-th file. */
const char *tt_trace_file_name(const tt_trace_spec *spec, size_t i);

/* ---- missing periods ---- */

/*
 * Gaps between rows of a per-period trace.  A row `k` whole periods after
 * the one before (k >= 2) leaves k - 1 periods missing, replayed as zero
 * traffic; the first gap's place goes with the warning.
 */
typedef struct tt_gaps {
	int64_t n_gaps;
	int64_t n_missing;
	tt_loc first; /* the row after the first gap */
} tt_gaps;

/* Record the step from a row at prev_us to one at t_us (at `loc`). */
void tt_gaps_add(tt_gaps *g, tt_time_us prev_us, tt_time_us t_us,
                 tt_time_us period_us, tt_loc loc);

/*
 * When there were gaps, add the warning "N periods missing in G gaps
 * between rows (the first before this row), replayed as zero traffic" at
 * the first gap's row; `item` names the rows ("row", "datapoint").
 */
tt_code tt_gaps_warn(const tt_gaps *g, const char *item, tt_diag_list *notes);

#endif
