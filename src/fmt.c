/*
 * fmt.c - deterministic number and date formatting.
 *
 * printf's %g family is locale-dependent only in the decimal point, and the
 * library never calls setlocale, so the C locale holds.  Dates are computed
 * from day counts (Howard Hinnant's civil-from-days algorithm), never from
 * gmtime, which depends on the time zone database.
 *
 * tt_fmt_finite is the one place that keeps NaN and infinities out of
 * every output file: each writer formats its numbers through it and stops
 * at the first refusal, so the file is discarded instead of committed.
 *
 * The escapers of the three kinds of file ttsim writes (XML, CSV, JSON)
 * sit here too, so a name from a scenario is quoted the same way in every
 * file of one kind.
 */
#include "ttsim/fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t tt_fmt_uint(uint64_t v, char *buf)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

char *tt_fmt_double(double v, char buf[TT_FMT_BUF])
{
	if (isnan(v)) {
		snprintf(buf, TT_FMT_BUF, "nan");
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, TT_FMT_BUF, v < 0 ? "-inf" : "inf");
		return buf;
	}
	/*
	 * Whole numbers below 1e15 are what %.15g prints as plain digits;
	 * writing them directly is the same text, several times faster.  This
	 * also turns -0 into "0".
	 */
	if (fabs(v) < 1e15 && v == (double)(int64_t)v) {
		int64_t i = (int64_t)v;
		if (i < 0) {
			buf[0] = '-';
			tt_fmt_uint((uint64_t)-i, buf + 1);
		} else {
			tt_fmt_uint((uint64_t)i, buf);
		}
		return buf;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, TT_FMT_BUF, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

tt_code tt_fmt_finite(double v, const char *file, const char *name,
                      char buf[TT_FMT_BUF], tt_diag *d)
{
	if (isfinite(v)) {
		tt_fmt_double(v, buf);
		return TT_OK;
	}
	buf[0] = '\0';
	return tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
	                   "'%s' in %s is %s: outputs hold finite numbers only "
	                   "(internal error)",
	                   name, file,
	                   isnan(v) ? "nan"
	                   : v < 0  ? "-inf"
	                            : "inf");
}

char *tt_fmt_iso8601(int64_t unix_s, char buf[TT_FMT_BUF])
{
	int64_t days = unix_s / 86400;
	int64_t secs = unix_s % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	/* civil_from_days: era of 400 years, day of era, year of era. */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	if (y < 0 || y > 9999) {
		snprintf(buf, TT_FMT_BUF, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
		         (long long)y, (int)m, (int)d, (int)(secs / 3600),
		         (int)(secs / 60 % 60), (int)(secs % 60));
		return buf;
	}
	/* The common case by hand: one row of a trace's timeline each. */
	static const char pattern[] = "0000-00-00T00:00:00Z";
	const int64_t fields[6] = {y,        m, d, secs / 3600, secs / 60 % 60,
	                           secs % 60};
	const int ends[6] = {3, 6, 9, 12, 15, 18}; /* last digit of each */
	memcpy(buf, pattern, sizeof pattern);
	for (int f = 0; f < 6; f++) {
		int64_t v = fields[f];
		for (int i = ends[f]; v > 0; i--, v /= 10)
			buf[i] = (char)('0' + v % 10);
	}
	return buf;
}

void tt_fmt_xml(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\t':
		case '\n':
		case '\r':
			fprintf(f, "&#%d;", ch);
			break;
		default:
			if (ch >= 0x20 && ch != 0x7f)
				fputc(ch, f);
		}
	}
}

void tt_fmt_csv_field(FILE *f, const char *s)
{
	/* Quoted only when needed, so plain names stay plain (and the
	 * golden files read as they always have). */
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void tt_fmt_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}
