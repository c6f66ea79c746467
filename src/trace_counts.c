/*
 * trace_counts.c - a counts-per-period CSV trace, read as a stream.
 *
 * The format is two columns, `time,count`, one row per trace period, with
 * an optional header row (recognised by a count field that is not a
 * number).  Times are calendar timestamps in UTC (`YYYY-MM-DD HH:MM[:SS]`
 * or ISO 8601 `YYYY-MM-DDTHH:MM:SS[.fff][Z]`) or plain seconds; whichever
 * the first row uses, every row must use.  The first row is simulated time
 * 0.  A row covers [t, t + trace period); periods without a row carry no
 * traffic.
 *
 * Counts are resampled to the simulation period by spreading each row
 * uniformly over its own period:
 *
 *   trace   |----- 60 -----|----- 60 -----|
 *   sim     |-10-|-10-|-10-|-10-|-10-|-10-|   each gets count/6
 *
 * The running expected total E(t) (the integral from 0 to t) is rebuilt
 * from the exact sum of whole rows plus the share of the row in progress,
 * and each period emits round(E(end)) - round(E(start)): no drift however
 * long the trace, and equal periods at scale 1 pass counts through
 * unchanged.
 *
 * Only one line is held at a time, in a buffer of TT_TRACE_LINE_MAX bytes;
 * longer lines are refused.  Calendar dates are converted with our own
 * days-from-civil, never the C library's time zone or locale machinery.
 */
#include "trace_counts.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Longest piece of input quoted back in a message. */
#define QUOTE_MAX 64

/* Seconds-format times are limited so that differences and ends of rows
 * stay far inside int64 microseconds. */
#define SECONDS_MAX INT64_C(1000000000000)

/* Counts beyond this are surely a mistake, and would lose whole units. */
#define COUNT_MAX 1e15

typedef enum time_kind { TIME_UNKNOWN, TIME_CALENDAR, TIME_SECONDS } time_kind;

/* One data row, as read. */
typedef struct row {
	int64_t abs_us;  /* calendar: Unix time; seconds: as written */
	tt_time_us t_us; /* from the first row */
	double count;    /* unscaled */
	int line;
	int time_col;
	char time_text[QUOTE_MAX + 4];
} row;

struct tt_trace_counts {
	FILE *f;
	const char *name; /* spec->trace.name or path; borrowed */
	double scale;
	tt_time_us sim_period_us;
	tt_time_us trace_period_us; /* 0 until known */

	char *line; /* TT_TRACE_LINE_MAX + 2 bytes */
	int lineno;
	bool eof;
	bool seen_first_line; /* the header decision is made */
	time_kind kind;
	int64_t first_abs_us;

	bool have_prev; /* the last accepted row, for order checks */
	row prev;

	bool have_cur; /* the first row not wholly counted yet */
	row cur;
	bool have_look; /* a row read ahead at open */
	row look;

	int64_t next_period; /* index of the next simulation period */
	double full_sum;     /* unscaled counts of the rows wholly counted */
	int64_t emitted;     /* round(E) at the end of the last period */

	tt_code failed; /* a bad row stops the stream for good */
	tt_diag fail_diag;
};

static tt_loc at(const tt_trace_counts *tc, int line, int col)
{
	return (tt_loc){tc->name, line, col};
}

/* Copy text[0..n) for quoting in a message, shortened with "..." when
 * long. */
static void quote_copy(char *dst, const char *text, size_t n)
{
	if (n > QUOTE_MAX) {
		memcpy(dst, text, QUOTE_MAX - 3);
		memcpy(dst + QUOTE_MAX - 3, "...", 4);
		return;
	}
	memcpy(dst, text, n);
	dst[n] = '\0';
}

/* "60s" or "0.5s": a period for a message. */
static void format_period(char *buf, size_t size, tt_time_us us)
{
	if (us % TT_US_PER_S == 0) {
		snprintf(buf, size, "%llds", (long long)(us / TT_US_PER_S));
		return;
	}
	int n = snprintf(buf, size, "%lld.%06lld",
	                 (long long)(us / TT_US_PER_S),
	                 (long long)(us % TT_US_PER_S));
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	snprintf(buf + n, size - (size_t)n, "s");
}

/* --- numbers -------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const double pow10_exact[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/*
 * A plain decimal, `[+-]digits[.digits]` or `[+-].digits`, into *out.  No
 * exponents, no "inf" or "nan", no locale: unlike strtod.  Up to 19
 * significant digits are kept; with at most 15 of them and 22 decimals the
 * result is the correctly rounded value (one exact division).
 */
static bool parse_decimal(const char *s, size_t n, double *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	uint64_t mant = 0;
	int sig = 0;     /* significant digits kept in mant */
	int scale10 = 0; /* value = mant * 10^scale10 */
	int digits = 0;
	for (; i < n && is_digit(s[i]); i++, digits++) {
		if (sig < 19) {
			mant = mant * 10 + (uint64_t)(s[i] - '0');
			if (mant)
				sig++;
		} else {
			scale10++;
		}
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && is_digit(s[i]); i++, digits++) {
			if (sig < 19) {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				if (mant)
					sig++;
				scale10--;
			}
		}
	}
	if (i != n || digits == 0)
		return false;
	double v = (double)mant;
	while (scale10 > 22) {
		v *= 1e22;
		scale10 -= 22;
	}
	while (scale10 < -22) {
		v /= 1e22;
		scale10 += 22;
	}
	v = scale10 >= 0 ? v * pow10_exact[scale10] : v / pow10_exact[-scale10];
	*out = neg ? -v : v;
	return true;
}

/*
 * Fractional seconds `digits` (without the point) to microseconds, rounded
 * half up on the seventh digit.  May return 1000000.
 */
static int64_t frac_to_us(const char *s, size_t n)
{
	int64_t us = 0;
	for (size_t i = 0; i < 6; i++)
		us = us * 10 + (i < n ? s[i] - '0' : 0);
	if (n > 6 && s[6] >= '5')
		us++;
	return us;
}

/* Seconds, `[+-]digits[.digits]`, exactly to microseconds. */
static bool parse_seconds(const char *s, size_t n, int64_t *out_us)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	int64_t sec = 0;
	size_t start = i;
	for (; i < n && is_digit(s[i]); i++) {
		sec = sec * 10 + (s[i] - '0');
		if (sec > SECONDS_MAX)
			return false;
	}
	size_t int_digits = i - start;
	int64_t frac = 0;
	size_t frac_digits = 0;
	if (i < n && s[i] == '.') {
		size_t fstart = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		frac_digits = i - fstart;
		frac = frac_to_us(s + fstart, frac_digits);
	}
	if (i != n || int_digits + frac_digits == 0)
		return false;
	int64_t us = sec * TT_US_PER_S + frac;
	*out_us = neg ? -us : us;
	return true;
}

/* --- calendar times ------------------------------------------------- */

/*
 * Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil): March-based years put the leap day
 * last, so the day of the year is a linear formula of the month.
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static const int month_days[12] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};

static int days_in_month(int64_t y, int m)
{
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : month_days[m - 1];
}

/* Exactly `width` digits at s[*i], advancing *i. */
static bool take_digits(const char *s, size_t n, size_t *i, int width, int *out)
{
	int v = 0;
	for (int k = 0; k < width; k++) {
		if (*i >= n || !is_digit(s[*i]))
			return false;
		v = v * 10 + (s[(*i)++] - '0');
	}
	*out = v;
	return true;
}

static bool take_char(const char *s, size_t n, size_t *i, char c)
{
	if (*i < n && s[*i] == c) {
		(*i)++;
		return true;
	}
	return false;
}

/*
 * `YYYY-MM-DD HH:MM[:SS[.frac]][Z]`, with `T` for the space allowed: a UTC
 * time to Unix microseconds.  Every field is range-checked (no 13th month,
 * no 30 February, no 24:00).
 */
static bool parse_calendar(const char *s, size_t n, int64_t *out_us)
{
	size_t i = 0;
	int y, mo, d, h, mi, sec = 0;
	int64_t frac = 0;
	if (!take_digits(s, n, &i, 4, &y) || !take_char(s, n, &i, '-') ||
	    !take_digits(s, n, &i, 2, &mo) || !take_char(s, n, &i, '-') ||
	    !take_digits(s, n, &i, 2, &d))
		return false;
	if (!take_char(s, n, &i, ' ') && !take_char(s, n, &i, 'T'))
		return false;
	if (!take_digits(s, n, &i, 2, &h) || !take_char(s, n, &i, ':') ||
	    !take_digits(s, n, &i, 2, &mi))
		return false;
	if (take_char(s, n, &i, ':')) {
		if (!take_digits(s, n, &i, 2, &sec))
			return false;
		if (take_char(s, n, &i, '.')) {
			size_t fstart = i;
			while (i < n && is_digit(s[i]))
				i++;
			if (i == fstart)
				return false;
			frac = frac_to_us(s + fstart, i - fstart);
		}
	}
	take_char(s, n, &i, 'Z');
	if (i != n)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || sec > 59)
		return false;
	int64_t days = days_from_civil(y, mo, d);
	int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec;
	*out_us = secs * TT_US_PER_S + frac;
	return true;
}

/* --- lines and rows ------------------------------------------------- */

/*
 * Read the next line into tc->line without its line end (LF or CRLF; the
 * last line may lack one).  *len receives its length; *got is false at the
 * end of the file.
 */
static tt_code read_line(tt_trace_counts *tc, size_t *len, bool *got,
                         tt_diag *d)
{
	size_t n = 0;
	int c;
	*got = false;
	if (tc->eof)
		return TT_OK;
	tc->lineno++;
	while ((c = getc(tc->f)) != EOF && c != '\n') {
		/* One spare byte for a CR that may turn out to end the line. */
		if (n == TT_TRACE_LINE_MAX + 1)
			return tt_diag_set(
			        d, TT_ESYNTAX,
			        at(tc, tc->lineno, TT_TRACE_LINE_MAX + 1),
			        "line is longer than %d bytes",
			        TT_TRACE_LINE_MAX);
		if (c == '\0')
			return tt_diag_set(d, TT_ESYNTAX,
			                   at(tc, tc->lineno, (int)n + 1),
			                   "unexpected NUL byte");
		tc->line[n++] = (char)c;
	}
	if (c == EOF) {
		if (ferror(tc->f))
			return tt_diag_set(d, TT_EIO, at(tc, 0, 0),
			                   "cannot read '%s': %s", tc->name,
			                   strerror(errno));
		tc->eof = true;
		if (n == 0) {
			tc->lineno--;
			return TT_OK;
		}
	}
	if (n > 0 && tc->line[n - 1] == '\r')
		n--;
	if (n > TT_TRACE_LINE_MAX)
		return tt_diag_set(d, TT_ESYNTAX,
		                   at(tc, tc->lineno, TT_TRACE_LINE_MAX + 1),
		                   "line is longer than %d bytes",
		                   TT_TRACE_LINE_MAX);
	tc->line[n] = '\0';
	*len = n;
	*got = true;
	return TT_OK;
}

/* A field of the current line: [start, end) after trimming. */
typedef struct field {
	size_t start;
	size_t end;
} field;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim blanks and one pair of surrounding double quotes. */
static field trim(const char *s, size_t start, size_t end)
{
	while (start < end && is_blank(s[start]))
		start++;
	while (end > start && is_blank(s[end - 1]))
		end--;
	if (end - start >= 2 && s[start] == '"' && s[end - 1] == '"') {
		start++;
		end--;
	}
	return (field){start, end};
}

/* The time of a row, checked against the format of the first row. */
static tt_code parse_time(tt_trace_counts *tc, const char *s, field f,
                          int64_t *abs_us, tt_diag *d)
{
	const char *text = s + f.start;
	size_t n = f.end - f.start;
	char q[QUOTE_MAX + 4];
	int64_t cal = 0, secs = 0;
	bool is_cal = parse_calendar(text, n, &cal);
	bool is_secs = !is_cal && parse_seconds(text, n, &secs);
	tt_loc loc = at(tc, tc->lineno, (int)f.start + 1);
	quote_copy(q, text, n);

	if (!is_cal && !is_secs)
		return tt_diag_set(
		        d, TT_ESYNTAX, loc,
		        "invalid timestamp '%s' (expected "
		        "YYYY-MM-DD HH:MM[:SS], ISO 8601 or seconds)",
		        q);
	time_kind kind = is_cal ? TIME_CALENDAR : TIME_SECONDS;
	if (tc->kind == TIME_UNKNOWN)
		tc->kind = kind;
	if (kind != tc->kind)
		return tt_diag_set(d, TT_ESYNTAX, loc,
		                   tc->kind == TIME_CALENDAR
		                           ? "expected a calendar timestamp "
		                             "like the first row's, got '%s'"
		                           : "expected a time in seconds like "
		                             "the first row's, got '%s'",
		                   q);
	*abs_us = is_cal ? cal : secs;
	return TT_OK;
}

/* The row order rule: each row at least one trace period after the last. */
static tt_code check_order(tt_trace_counts *tc, const row *r, tt_diag *d)
{
	if (!tc->have_prev)
		return TT_OK;
	tt_loc loc = at(tc, r->line, r->time_col);
	if (r->t_us <= tc->prev.t_us)
		return tt_diag_set(d, TT_EINVAL, loc,
		                   "timestamps must increase: row time '%s' is "
		                   "not after '%s'",
		                   r->time_text, tc->prev.time_text);
	if (tc->trace_period_us > 0 &&
	    r->t_us - tc->prev.t_us < tc->trace_period_us) {
		char p[32];
		format_period(p, sizeof p, tc->trace_period_us);
		return tt_diag_set(d, TT_EINVAL, loc,
		                   "rows overlap: row time '%s' is less than "
		                   "one period (%s) after '%s'",
		                   r->time_text, p, tc->prev.time_text);
	}
	return TT_OK;
}

/*
 * The next data row, or *got = false at the end of the file.  Skips blank
 * lines and, on the first line, a header.  The row is checked for order
 * against the previous one (with the period rule once the period is known)
 * and becomes the new previous row.
 */
static tt_code read_row(tt_trace_counts *tc, row *r, bool *got, tt_diag *d)
{
	tt_code rc;
	size_t len = 0;
	for (;;) {
		rc = read_line(tc, &len, got, d);
		if (rc || !*got)
			return rc;
		const char *s = tc->line;
		size_t i = 0;
		while (i < len && (is_blank(s[i])))
			i++;
		if (i == len)
			continue; /* blank line */

		/* Split at commas: two fields, and say where a third starts. */
		const char *c1 = memchr(s, ',', len);
		if (!c1)
			return tt_diag_set(d, TT_ESYNTAX,
			                   at(tc, tc->lineno, (int)len + 1),
			                   "expected 2 columns, got 1");
		size_t p1 = (size_t)(c1 - s);
		const char *c2 = memchr(c1 + 1, ',', len - p1 - 1);
		if (c2) {
			int cols = 1;
			for (size_t k = 0; k < len; k++)
				cols += s[k] == ',';
			return tt_diag_set(
			        d, TT_ESYNTAX,
			        at(tc, tc->lineno, (int)(c2 - s) + 2),
			        "expected 2 columns, got %d", cols);
		}
		field ft = trim(s, 0, p1);
		field fc = trim(s, p1 + 1, len);

		double count;
		bool numeric =
		        parse_decimal(s + fc.start, fc.end - fc.start, &count);
		if (!tc->seen_first_line) {
			tc->seen_first_line = true;
			if (!numeric)
				continue; /* a header row */
		}
		char q[QUOTE_MAX + 4];
		quote_copy(q, s + fc.start, fc.end - fc.start);
		tt_loc cloc = at(tc, tc->lineno, (int)fc.start + 1);
		if (!numeric)
			return tt_diag_set(d, TT_ESYNTAX, cloc,
			                   "expected a number for 'count', "
			                   "got '%s'",
			                   q);
		if (count < 0)
			return tt_diag_set(d, TT_EINVAL, cloc,
			                   "'count' must be >= 0, got '%s'", q);
		if (count > COUNT_MAX)
			return tt_diag_set(d, TT_EINVAL, cloc,
			                   "'count' must be <= 1e15, got '%s'",
			                   q);

		int64_t abs_us = 0;
		rc = parse_time(tc, s, ft, &abs_us, d);
		if (rc)
			return rc;
		if (!tc->have_prev)
			tc->first_abs_us = abs_us;
		r->abs_us = abs_us;
		r->t_us = abs_us - tc->first_abs_us;
		r->count = count == 0 ? 0 : count; /* no -0 */
		r->line = tc->lineno;
		r->time_col = (int)ft.start + 1;
		quote_copy(r->time_text, s + ft.start, ft.end - ft.start);
		rc = check_order(tc, r, d);
		if (rc)
			return rc;
		tc->prev = *r;
		tc->have_prev = true;
		*got = true;
		return TT_OK;
	}
}

/* --- the stream ----------------------------------------------------- */

void tt_trace_counts_close(tt_trace_counts *tc)
{
	if (!tc)
		return;
	if (tc->f)
		fclose(tc->f);
	free(tc->line);
	free(tc);
}

tt_code tt_trace_counts_open(const tt_trace_spec *spec, tt_loc where,
                             tt_time_us period_us, tt_trace_counts **out,
                             tt_diag *d)
{
	tt_code rc;
	bool got;
	const char *name = spec->name ? spec->name : spec->path;

	if (period_us <= 0)
		return tt_diag_set(d, TT_EINVAL, where,
		                   "the simulation period must be > 0");
	if (!(spec->scale >= 0) || isinf(spec->scale))
		return tt_diag_set(d, TT_EINVAL, where,
		                   "'scale' must be a number >= 0, got %g",
		                   spec->scale);
	if (spec->period_us < 0)
		return tt_diag_set(d, TT_EINVAL, where, "'period' must be > 0");

	tt_trace_counts *tc = calloc(1, sizeof *tc);
	if (!tc)
		return tt_diag_set(d, TT_ENOMEM, where, "out of memory");
	tc->name = name;
	tc->scale = spec->scale;
	tc->sim_period_us = period_us;
	tc->trace_period_us = spec->period_us;
	tc->line = malloc(TT_TRACE_LINE_MAX + 2);
	if (!tc->line) {
		rc = tt_diag_set(d, TT_ENOMEM, where, "out of memory");
		goto fail_close;
	}

	tc->f = fopen(spec->path, "rb");
	if (!tc->f) {
		rc = tt_diag_set(d, TT_EIO, where, "cannot open trace '%s': %s",
		                 spec->path, strerror(errno));
		goto fail_close;
	}
	/* fopen gives a stream for a directory; reading it would fail. */
	struct stat st;
	if (fstat(fileno(tc->f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = tt_diag_set(d, TT_EIO, where, "cannot open trace '%s': %s",
		                 spec->path, strerror(EISDIR));
		goto fail_close;
	}

	rc = read_row(tc, &tc->cur, &got, d);
	if (rc)
		goto fail_close;
	if (!got) {
		rc = tt_diag_set(d, TT_EINVAL, at(tc, 0, 0),
		                 tc->seen_first_line
		                         ? "trace has a header but no rows"
		                         : "trace is empty");
		goto fail_close;
	}
	tc->have_cur = true;

	if (tc->trace_period_us == 0) {
		rc = read_row(tc, &tc->look, &got, d);
		if (rc)
			goto fail_close;
		if (!got) {
			rc = tt_diag_set(d, TT_EINVAL, at(tc, tc->cur.line, 0),
			                 "cannot tell the period of a one-row "
			                 "trace: give the trace a 'period'");
			goto fail_close;
		}
		/* read_row has checked that it is after the first row. */
		tc->trace_period_us = tc->look.t_us;
		tc->have_look = true;
	}
	*out = tc;
	return TT_OK;

fail_close:
	tt_trace_counts_close(tc);
	return rc;
}

/* Move past the current row: to the row read ahead, or the next in the
 * file, or to the end. */
static tt_code advance(tt_trace_counts *tc, tt_diag *d)
{
	bool got;
	if (tc->have_look) {
		tc->cur = tc->look;
		tc->have_look = false;
		return TT_OK;
	}
	tt_code rc = read_row(tc, &tc->cur, &got, d);
	if (rc)
		return rc;
	tc->have_cur = got;
	return TT_OK;
}

tt_code tt_trace_counts_next(tt_trace_counts *tc, uint64_t *count, bool *ended,
                             tt_diag *d)
{
	*count = 0;
	*ended = false;
	if (tc->failed) {
		if (d)
			*d = tc->fail_diag;
		return tc->failed;
	}
	/* Invariant: cur is the first row not wholly counted, if any is left;
	 * every counted row ended at or before the start of this period. */
	if (!tc->have_cur) {
		*ended = true;
		return TT_OK;
	}

	tt_time_us q = tc->trace_period_us;
	tt_time_us end = (tc->next_period + 1) * tc->sim_period_us;
	while (tc->have_cur && tc->cur.t_us + q <= end) {
		tc->full_sum += tc->cur.count;
		tt_code rc = advance(tc, &tc->fail_diag);
		if (rc) {
			tc->failed = rc;
			if (d)
				*d = tc->fail_diag;
			return rc;
		}
	}
	double partial = 0;
	if (tc->have_cur && tc->cur.t_us < end)
		partial = tc->cur.count *
		          ((double)(end - tc->cur.t_us) / (double)q);
	double expected = tc->scale * (tc->full_sum + partial);
	if (!(expected < 9e18)) {
		tc->failed =
		        tt_diag_set(&tc->fail_diag, TT_EINVAL, at(tc, 0, 0),
		                    "the total of the scaled counts is "
		                    "too large");
		if (d)
			*d = tc->fail_diag;
		return tc->failed;
	}
	int64_t total = llround(expected);
	if (total > tc->emitted) {
		*count = (uint64_t)(total - tc->emitted);
		tc->emitted = total;
	}
	tc->next_period++;
	return TT_OK;
}

bool tt_trace_counts_wallclock(const tt_trace_counts *tc,
                               int64_t *origin_unix_s)
{
	if (tc->kind != TIME_CALENDAR)
		return false;
	int64_t s = tc->first_abs_us / TT_US_PER_S;
	if (tc->first_abs_us % TT_US_PER_S < 0)
		s--; /* round down before 1970 too */
	*origin_unix_s = s;
	return true;
}
