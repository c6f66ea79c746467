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
 * the current line, its common shape's reading (tt_csv_next_plain) and
 * the first tries of tt_csv_time and tt_csv_decimal lives in csv.c.
 */
#ifndef TTSIM_CSV_H
#define TTSIM_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "calendar.h"
#include "digits.h"
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
	tt_calendar_memo memo; /* the last calendar time's hour */
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

/*
 * Bytes kept zeroed past the end of what the read buffer holds:
 * tt_csv_next_plain reads it 32 bytes at a time, the last load up to 31
 * bytes beyond.
 */
#define TT_CSV_BUF_PAD 32

/* The most fields of a line tt_csv_next_plain takes. */
#define TT_CSV_PLAIN_FIELDS_MAX 4

#ifdef __SSE2__
/*
 * The commas and LFs of the 32 bytes at p, one bit each, the first byte
 * lowest: two loads and compares, where memchr was a call for each field.
 */
static inline uint32_t tt_csv_seps32(const char *p)
{
	const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n');
	__m128i lo = _mm_loadu_si128((const __m128i *)p);
	__m128i hi = _mm_loadu_si128((const __m128i *)(p + 16));
	uint32_t a = (uint32_t)_mm_movemask_epi8(_mm_or_si128(
	        _mm_cmpeq_epi8(lo, comma), _mm_cmpeq_epi8(lo, lf)));
	uint32_t b = (uint32_t)_mm_movemask_epi8(_mm_or_si128(
	        _mm_cmpeq_epi8(hi, comma), _mm_cmpeq_epi8(hi, lf)));
	return a | b << 16;
}
#endif

/*
 * tt_csv_next, when the next line is of the shape nearly every row of a
 * trace has: its LF in the read buffer, no NUL, no double quote, no CR
 * but one before the LF, at most TT_CSV_PLAIN_FIELDS_MAX fields, none
 * empty and none with a blank (or any byte up to ' ') at either end.
 * Such a line reads the same in tt_csv_next's own way, so this only finds
 * its commas and its LF, all in one pass (memchr a field was a call each
 * time, on spans of a few bytes).
 * Any other line: false, with nothing changed, and tt_csv_next reads it
 * and says what is wrong with it; no rule of the grammar lives here.
 */
static inline bool tt_csv_next_plain(tt_csv *c)
{
#ifdef __SSE2__
	/* Each field's end (its separator, or the CR of a CRLF): kept apart
	 * until the line is known to be plain, so that a line that is not
	 * leaves the field table as it was. */
	const char *ends[TT_CSV_PLAIN_FIELDS_MAX];
	size_t n = 0;
	char *line = c->buf + c->buf_pos;
	const char *end = c->buf + c->buf_len;
	const char *s = line, *at = line, *hit;
	if (at >= end || c->cap_fields < TT_CSV_PLAIN_FIELDS_MAX)
		return false;
	/* TT_CSV_BUF_PAD zeroed bytes past the fill: 32 bytes loaded from
	 * before `end` are in the buffer and initialised. */
	uint32_t m = tt_csv_seps32(at);
	for (;;) {
		while (!m) {
			at += 32;
			if (at >= end)
				return false;
			m = tt_csv_seps32(at);
		}
		hit = at + __builtin_ctz(m);
		m &= m - 1;
		/* The field ends at the separator, or at the CR of a CRLF. */
		const char *e = hit;
		if (*hit == '\n' && hit > s && hit[-1] == '\r')
			e--;
		if (n == TT_CSV_PLAIN_FIELDS_MAX || e == s ||
		    (unsigned char)s[0] <= ' ' || (unsigned char)e[-1] <= ' ')
			return false;
		ends[n++] = e;
		if (*hit == '\n')
			break;
		s = hit + 1;
	}
	/* A separator found in the zeroed pad is neither: the line is cut.
	 * The fill's first NUL and quote are at or after this line (or
	 * before it, not looked for again yet: tt_csv_next does). */
	if (hit >= end || (c->nul && c->nul <= hit) ||
	    (c->quote && c->quote <= hit))
		return false;
	c->lineno++;
	c->buf_pos += (size_t)(hit - line) + 1;
	c->line = line;
	c->len = (size_t)(ends[n - 1] - line); /* without a CR */
	line[c->len] = '\0';
	c->has_quote = false;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		size_t e = (size_t)(ends[i] - line);
		c->fields[i] = (tt_csv_field){start, e};
		start = e + 1;
	}
	c->n_fields = n;
	return true;
#else
	(void)c;
	return false;
#endif
}

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
 * tt_csv_decimal of field i of the current line, a count nearly always:
 * up to eight digits are read at once, without a loop whose end is
 * mispredicted, where the line lies in the read buffer.  The word read is
 * the eight bytes that end with the field, bytes of the buffer before it
 * masked off: not the field's first eight, which would take in the NUL
 * just written over the line's end, and wait for that store.  The digits,
 * less '0' each, with zeros before them for leading zeros, are combined
 * in pairs, fours, then all eight.
 */
static inline bool tt_csv_decimal_cell(const tt_csv *c, size_t i, double *out)
{
	size_t n;
	const char *s = tt_csv_text(c, i, &n);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n >= 1 && n <= 8 && c->line != c->spill &&
	    (size_t)(s - c->buf) + n >= 8) {
		const uint64_t ones = 0x0101010101010101u;
		uint64_t m = ~(uint64_t)0 << 8 * (8 - n);
		/* the first digit the first byte of eight */
		uint64_t w = tt_load8(s + n - 8) & m;
		if (tt_digits8(w, m)) {
			w -= 0x30 * ones & m;
			w = w * 10 + (w >> 8);
			w = ((w & 0x000000ff000000ffu) * 0x000f424000000064u +
			     ((w >> 16) & 0x000000ff000000ffu) *
			             0x0000271000000001u) >>
			    32;
			*out = (double)(uint32_t)w;
			return true;
		}
	}
#endif
	return tt_csv_decimal(s, n, out);
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
	    tt_calendar_parse_memo(t, n, &c->memo, us))
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
