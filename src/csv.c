/*
 * csv.c - the CSV line and field reader every CSV trace format shares
 * (counts, requests, Azure Functions, and the detection that tells them
 * apart): bounded lines, CRLF, a last line without a newline, quoted
 * fields, columns found by name or index, numbers and times, and messages
 * with places.  The tally of missing periods is here too, shared with
 * the CloudWatch reader, which reads JSON.
 */
#include "csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CSV_BUF_SIZE 65536

tt_code tt_csv_open(tt_csv *c, const char *path, const char *name, tt_loc where,
                    tt_diag *d)
{
	tt_code rc;
	memset(c, 0, sizeof *c);
	c->name = name;
	c->f = fopen(path, "rb");
	if (!c->f)
		return tt_diag_set(d, TT_EIO, where,
		                   "cannot open trace '%s': %s", name,
		                   strerror(errno));
	/* fopen gives a stream for a directory; reading it would fail. */
	struct stat st;
	if (fstat(fileno(c->f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = tt_diag_set(d, TT_EIO, where, "cannot open trace '%s': %s",
		                 name, strerror(EISDIR));
		goto fail_close;
	}
	c->buf = malloc(CSV_BUF_SIZE + TT_CSV_BUF_PAD);
	c->line = c->spill = malloc(TT_CSV_LINE_MAX + 2);
	if (!c->buf || !c->spill) {
		rc = tt_diag_nomem(d, where);
		goto fail_close;
	}
	return TT_OK;

fail_close:
	tt_csv_close(c);
	return rc;
}

tt_code tt_csv_rewind(tt_csv *c, tt_diag *d)
{
	if (fseek(c->f, 0, SEEK_SET) != 0)
		return tt_diag_set(d, TT_EIO, (tt_loc){c->name, 0, 0},
		                   "cannot read trace '%s': %s", c->name,
		                   strerror(errno));
	c->buf_pos = c->buf_len = 0;
	c->eof = false;
	c->lineno = 0;
	c->len = 0;
	c->n_fields = 0;
	return TT_OK;
}

const char *tt_trace_file_name(const tt_trace_spec *spec, size_t i)
{
	return spec->names && spec->names[i] ? spec->names[i] : spec->paths[i];
}

tt_code tt_csv_open_file(tt_csv *c, const tt_trace_spec *spec, size_t i,
                         tt_loc where, tt_diag *d)
{
	return tt_csv_open(c, spec->paths[i], tt_trace_file_name(spec, i),
	                   where, d);
}

tt_code tt_csv_files_next(tt_csv_files *fs, const tt_trace_spec *spec,
                          tt_loc where, bool *more, tt_diag *d)
{
	*more = false;
	if (!fs->has_rows)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){fs->csv.name, 0, 0},
		                   fs->started
		                           ? "trace has a header but no rows"
		                           : "trace is empty");
	if (fs->file + 1 >= spec->n_paths)
		return TT_OK;
	tt_csv_close(&fs->csv);
	fs->file++;
	fs->started = fs->header = fs->has_rows = false;
	*more = true;
	return tt_csv_open_file(&fs->csv, spec, fs->file, where, d);
}

tt_code tt_csv_files_rewind(tt_csv_files *fs, const tt_trace_spec *spec,
                            tt_loc where, tt_diag *d)
{
	tt_code rc;
	if (fs->file == 0) {
		rc = tt_csv_rewind(&fs->csv, d);
	} else {
		tt_csv_close(&fs->csv);
		fs->file = 0;
		rc = tt_csv_open_file(&fs->csv, spec, 0, where, d);
	}
	fs->started = fs->header = fs->has_rows = false;
	return rc;
}

void tt_csv_close(tt_csv *c)
{
	if (!c)
		return;
	if (c->f)
		fclose(c->f);
	free(c->buf);
	free(c->spill);
	free(c->fields);
	memset(c, 0, sizeof *c);
}

static tt_code line_too_long(const tt_csv *c, tt_diag *d)
{
	return tt_diag_set(d, TT_ESYNTAX,
	                   (tt_loc){c->name, c->lineno, TT_CSV_LINE_MAX + 1},
	                   "line is longer than %d bytes", TT_CSV_LINE_MAX);
}

/*
 * The rest of a line that the end of the read buffer cuts, copied into
 * c->spill as the buffer is refilled: *n bytes, without the LF, which
 * *lf says was found (the last line may lack one).
 */
static tt_code spill_line(tt_csv *c, size_t *n, bool *lf, tt_diag *d)
{
	*n = 0;
	*lf = false;
	for (;;) {
		if (c->buf_pos == c->buf_len) {
			size_t r =
			        c->eof ? 0
			               : fread(c->buf, 1, CSV_BUF_SIZE, c->f);
			if (r == 0) {
				if (ferror(c->f))
					return tt_diag_set(
					        d, TT_EIO,
					        (tt_loc){c->name, 0, 0},
					        "cannot read trace '%s': %s",
					        c->name, strerror(errno));
				c->eof = true;
				return TT_OK;
			}
			/*
			 * A UTF-8 byte-order mark (a spreadsheet's "CSV
			 * UTF-8") is neither part of the first cell nor a
			 * column: skipped here, for every CSV reader at once.
			 * Only a file's first fill (buf_len still 0) can hold
			 * it, and fread fills whole unless the file is shorter.
			 */
			bool bom = c->buf_len == 0 && r >= 3 &&
			           memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0;
			c->buf_pos = bom ? 3 : 0;
			c->buf_len = r;
			memset(c->buf + r, 0, TT_CSV_BUF_PAD);
			c->nul = memchr(c->buf, '\0', r);
			c->quote = memchr(c->buf, '"', r);
			continue;
		}
		const char *p = c->buf + c->buf_pos;
		size_t avail = c->buf_len - c->buf_pos;
		const char *nl = memchr(p, '\n', avail);
		size_t take = nl ? (size_t)(nl - p) : avail;
		/* One spare byte for a CR that may turn out to end the line. */
		if (take > TT_CSV_LINE_MAX + 1 - *n)
			return line_too_long(c, d);
		memcpy(c->spill + *n, p, take);
		*n += take;
		c->buf_pos += take;
		if (nl) {
			c->buf_pos++;
			*lf = true;
			return TT_OK;
		}
	}
}

/*
 * A line wholly in the read buffer needs no spill_line: no longer than
 * the buffer, it is within the limit with the spare byte for a CR.
 */
_Static_assert(CSV_BUF_SIZE <= TT_CSV_LINE_MAX + 1,
               "a line in the read buffer is never too long");

/*
 * The first `ch` in the line [p, p + n) of the read buffer, or NULL.
 * *next is the first `ch` at or after an earlier line (or NULL: none in
 * the rest of the fill), looked for again only once a line has passed it.
 */
static const char *find_in_fill(const tt_csv *c, const char **next, char ch,
                                const char *p, size_t n)
{
	if (*next && *next < p)
		*next = memchr(p, ch, (size_t)(c->buf + c->buf_len - p));
	return *next && *next < p + n ? *next : NULL;
}

/*
 * The next line as c->line without its line end (LF or CRLF; the last
 * line may lack one), or *got = false at the end of the file.  A line
 * whose LF is in the read buffer is read where it lies (nearly every
 * line: the buffer holds thousands), and looked at for NULs and quotes
 * through the fill's first ones; the one the buffer's end cuts is copied
 * whole into c->spill and looked at itself.  Either way c->line may be
 * written to (a quoted field's doubled quotes are collapsed in place).
 */
static tt_code read_line(tt_csv *c, bool *got, tt_diag *d)
{
	size_t n;
	*got = false;
	if (c->eof && c->buf_pos == c->buf_len)
		return TT_OK;
	c->lineno++;
	char *p = c->buf + c->buf_pos;
	char *nl = memchr(p, '\n', c->buf_len - c->buf_pos);
	if (nl) {
		n = (size_t)(nl - p);
		c->buf_pos += n + 1;
		c->line = p;
	} else {
		bool lf;
		tt_code rc = spill_line(c, &n, &lf, d);
		if (rc)
			return rc;
		if (!lf && n == 0) {
			c->lineno--;
			return TT_OK;
		}
		c->line = c->spill;
	}
	if (n > 0 && c->line[n - 1] == '\r')
		n--;
	if (n > TT_CSV_LINE_MAX)
		return line_too_long(c, d);
	const char *nul;
	if (nl) {
		nul = find_in_fill(c, &c->nul, '\0', p, n);
		c->has_quote = find_in_fill(c, &c->quote, '"', p, n) != NULL;
	} else {
		nul = memchr(c->line, '\0', n);
		c->has_quote = memchr(c->line, '"', n) != NULL;
	}
	if (nul)
		return tt_diag_set(
		        d, TT_ESYNTAX,
		        (tt_loc){c->name, c->lineno, (int)(nul - c->line) + 1},
		        "unexpected NUL byte");
	c->line[n] = '\0';
	c->len = n;
	*got = true;
	return TT_OK;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* [start, end) trimmed of blanks: all a field of a line without quotes needs. */
static inline tt_csv_field trim_blanks(const char *s, size_t start, size_t end)
{
	/* Both blanks are at most ' ': one test of each end passes nearly
	 * every field. */
	if (start < end && (unsigned char)s[start] > ' ' &&
	    (unsigned char)s[end - 1] > ' ')
		return (tt_csv_field){start, end};
	while (start < end && (unsigned char)s[start] <= ' ' &&
	       is_blank(s[start]))
		start++;
	while (end > start && (unsigned char)s[end - 1] <= ' ' &&
	       is_blank(s[end - 1]))
		end--;
	return (tt_csv_field){start, end};
}

/*
 * [start, end) trimmed of blanks and of one pair of surrounding quotes;
 * inside a quoted field each doubled quote is one quote (RFC 4180), put
 * back in place in the line, so the field reads as the text a writer
 * quoted (tt_fmt_csv_field).
 */
static tt_csv_field trim(char *s, size_t start, size_t end)
{
	tt_csv_field f = trim_blanks(s, start, end);
	start = f.start;
	end = f.end;
	if (end - start >= 2 && s[start] == '"' && s[end - 1] == '"') {
		start++;
		end--;
		size_t w = start;
		for (size_t r = start; r < end; r++) {
			s[w++] = s[r];
			if (s[r] == '"' && r + 1 < end && s[r + 1] == '"')
				r++;
		}
		end = w;
	}
	return (tt_csv_field){start, end};
}

static tt_code grow_fields(tt_csv *c, tt_diag *d)
{
	size_t cap = c->cap_fields ? 2 * c->cap_fields : 16;
	tt_csv_field *p = realloc(c->fields, cap * sizeof *p);
	if (!p)
		return tt_diag_nomem(d, (tt_loc){c->name, 0, 0});
	c->fields = p;
	c->cap_fields = cap;
	return TT_OK;
}

static tt_code push_field(tt_csv *c, tt_csv_field f, tt_diag *d)
{
	tt_code rc;
	if (c->n_fields == c->cap_fields && (rc = grow_fields(c, d)))
		return rc;
	c->fields[c->n_fields++] = f;
	return TT_OK;
}

/* Field n of the current line, [start, end) trimmed of blanks. */
static inline tt_code put_field(tt_csv *c, size_t n, size_t start, size_t end,
                                tt_diag *d)
{
	tt_code rc;
	if (n == c->cap_fields) {
		c->n_fields = n;
		if ((rc = grow_fields(c, d)))
			return rc;
	}
	c->fields[n] = trim_blanks(c->line, start, end);
	return TT_OK;
}

/*
 * Split the current line, which has no double quote, at each comma (nearly
 * every row of every trace comes this way), or *blank = true for a line of
 * blanks only, leaving the fields of the line before as they were.
 */
static tt_code split_plain(tt_csv *c, bool *blank, tt_diag *d)
{
	const char *s = c->line;
	size_t len = c->len;
	size_t n = 0, start = 0;
	tt_code rc;
	const char *comma;
	while ((comma = memchr(s + start, ',', len - start))) {
		size_t end = (size_t)(comma - s);
		if ((rc = put_field(c, n++, start, end, d)))
			return rc;
		start = end + 1;
	}
	/* A comma is not a blank: only a line of one field can be blank. */
	*blank = n == 0 && trim_blanks(s, 0, len).start == len;
	if (*blank)
		return TT_OK;
	if ((rc = put_field(c, n++, start, len, d)))
		return rc;
	c->n_fields = n;
	return TT_OK;
}

tt_code tt_csv_next(tt_csv *c, bool *got, tt_diag *d)
{
	if (tt_csv_next_plain(c)) {
		*got = true;
		return TT_OK;
	}
	for (;;) {
		tt_code rc = read_line(c, got, d);
		if (rc || !*got)
			return rc;
		char *s = c->line;
		if (!c->has_quote) {
			bool blank;
			if ((rc = split_plain(c, &blank, d)) || !blank)
				return rc;
			continue;
		}
		size_t i = 0;
		while (i < c->len && is_blank(s[i]))
			i++;
		if (i == c->len)
			continue; /* a blank line */
		c->n_fields = 0;
		/* Commas inside double quotes do not split. */
		bool quoted = false;
		size_t start = 0;
		for (i = 0; i <= c->len; i++) {
			if (i < c->len && s[i] == '"') {
				quoted = !quoted;
			} else if (i == c->len || (s[i] == ',' && !quoted)) {
				rc = push_field(c, trim(s, start, i), d);
				if (rc)
					return rc;
				start = i + 1;
			}
		}
		return TT_OK;
	}
}

bool tt_csv_is(const tt_csv *c, size_t i, const char *s)
{
	size_t n;
	const char *t = tt_csv_text(c, i, &n);
	return strlen(s) == n && memcmp(t, s, n) == 0;
}

char *tt_csv_quote(const tt_csv *c, size_t i, char out[TT_CSV_QUOTE_SIZE])
{
	size_t n;
	const char *t = tt_csv_text(c, i, &n);
	return tt_csv_quote_text(t, n, out);
}

char *tt_csv_quote_text(const char *t, size_t n, char out[TT_CSV_QUOTE_SIZE])
{
	if (n > TT_CSV_QUOTE_MAX) {
		memcpy(out, t, TT_CSV_QUOTE_MAX - 3);
		memcpy(out + TT_CSV_QUOTE_MAX - 3, "...", 4);
		return out;
	}
	memcpy(out, t, n);
	out[n] = '\0';
	return out;
}

tt_code tt_csv_expect_columns(const tt_csv *c, size_t want, tt_diag *d)
{
	if (c->n_fields == want)
		return TT_OK;
	return tt_diag_set(
	        d, TT_ESYNTAX,
	        tt_csv_loc(c, c->n_fields > want ? want : c->n_fields),
	        "expected %zu column%s, got %zu", want, want == 1 ? "" : "s",
	        c->n_fields);
}

/* ---- columns ---- */

/*
 * The header's cells, quoted and comma-separated, for a message.  Every
 * cell the message has room for is listed; a header too wide for one
 * message (TT_DIAG_MSG_MAX) ends with how many cells were left out, never
 * a bare "...".
 */
static void header_list(const tt_csv *c, char *buf, size_t size)
{
	size_t used = 0;
	const size_t tail = sizeof " and 18446744073709551615 more";
	buf[0] = '\0';
	for (size_t i = 0; i < c->n_fields; i++) {
		char q[TT_CSV_QUOTE_SIZE];
		int n = snprintf(buf + used, size - tail - used, "%s'%s'",
		                 i ? ", " : "", tt_csv_quote(c, i, q));
		if (n < 0 || (size_t)n >= size - tail - used) {
			buf[used] = '\0';
			snprintf(buf + used, size - used, " and %zu more",
			         c->n_fields - i);
			return;
		}
		used += (size_t)n;
	}
}

tt_code tt_csv_find_column(const tt_csv *c, const tt_column *col,
                           const char *what, size_t dflt, size_t *out,
                           tt_diag *d)
{
	if (col->name) {
		for (size_t i = 0; i < c->n_fields; i++)
			if (tt_csv_is(c, i, col->name)) {
				*out = i;
				return TT_OK;
			}
		char list[TT_DIAG_MSG_MAX - 96];
		header_list(c, list, sizeof list);
		return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, 0),
		                   "no column '%s' for '%s' in the header (it "
		                   "has %s)",
		                   col->name, what, list);
	}
	size_t i = col->index > 0 ? (size_t)col->index - 1 : dflt;
	if (i >= c->n_fields)
		return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, c->n_fields),
		                   "no column %zu for '%s': the row has %zu "
		                   "column%s",
		                   i + 1, what, c->n_fields,
		                   c->n_fields == 1 ? "" : "s");
	*out = i;
	return TT_OK;
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static const double pow10_exact[] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/*
 * Up to 19 significant digits are kept; with at most 15 of them and 22
 * decimals the result is the correctly rounded value (one exact division).
 * Digits only, at most 19 of them, tt_csv_decimal has read without this.
 */
bool tt_csv_decimal_read(const char *s, size_t n, double *out)
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

bool tt_csv_is_time(const tt_csv *c, size_t i)
{
	size_t n;
	const char *t = tt_csv_text(c, i, &n);
	int64_t us;
	return tt_calendar_parse(t, n, &us) || tt_seconds_parse(t, n, &us);
}

tt_code tt_csv_time_read(tt_csv *c, size_t i, tt_time_kind *kind, int64_t *us,
                         tt_diag *d)
{
	size_t n;
	const char *t = tt_csv_text(c, i, &n);
	char q[TT_CSV_QUOTE_SIZE];
	tt_time_kind k = TT_TIME_CALENDAR;
	if (!tt_calendar_parse_memo(t, n, &c->memo, us)) {
		k = TT_TIME_SECONDS;
		if (!tt_seconds_parse(t, n, us))
			return tt_diag_set(d, TT_ESYNTAX, tt_csv_loc(c, i),
			                   "invalid timestamp '%s' (expected "
			                   "YYYY-MM-DD HH:MM[:SS], ISO 8601 or "
			                   "seconds)",
			                   tt_csv_quote(c, i, q));
	}
	if (*kind == TT_TIME_UNKNOWN)
		*kind = k;
	if (k != *kind)
		return tt_diag_set(d, TT_ESYNTAX, tt_csv_loc(c, i),
		                   *kind == TT_TIME_CALENDAR
		                           ? "expected a calendar timestamp "
		                             "like the first row's, got '%s'"
		                           : "expected a time in seconds like "
		                             "the first row's, got '%s'",
		                   tt_csv_quote(c, i, q));
	return TT_OK;
}

int64_t tt_unix_s_floor(int64_t unix_us)
{
	int64_t s = unix_us / TT_US_PER_S;
	if (unix_us % TT_US_PER_S < 0)
		s--;
	return s;
}

char *tt_period_format(tt_time_us us, char *buf, size_t size)
{
	if (us % TT_US_PER_S == 0) {
		snprintf(buf, size, "%llds", (long long)(us / TT_US_PER_S));
		return buf;
	}
	int n = snprintf(buf, size, "%lld.%06lld",
	                 (long long)(us / TT_US_PER_S),
	                 (long long)(us % TT_US_PER_S));
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	snprintf(buf + n, size - (size_t)n, "s");
	return buf;
}

void tt_gaps_add(tt_gaps *g, tt_time_us prev_us, tt_time_us t_us,
                 tt_time_us period_us, tt_loc loc)
{
	int64_t steps = (t_us - prev_us) / period_us;
	if (steps < 2)
		return;
	if (g->n_gaps == 0)
		g->first = loc;
	g->n_gaps++;
	g->n_missing += steps - 1;
}

tt_code tt_gaps_warn(const tt_gaps *g, const char *item, tt_diag_list *notes)
{
	if (g->n_gaps == 0)
		return TT_OK;
	return tt_diag_list_add(
	        notes, TT_SEV_WARNING, g->first,
	        "%lld period%s missing in %lld gap%s between %ss (the first "
	        "before this %s), replayed as zero traffic",
	        (long long)g->n_missing, g->n_missing == 1 ? "" : "s",
	        (long long)g->n_gaps, g->n_gaps == 1 ? "" : "s", item, item);
}
