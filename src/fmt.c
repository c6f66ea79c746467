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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 10^k for k in [0, 19], exactly: every power a uint64_t holds. */
static const uint64_t pow10_u64[20] = {1ULL,
                                       10ULL,
                                       100ULL,
                                       1000ULL,
                                       10000ULL,
                                       100000ULL,
                                       1000000ULL,
                                       10000000ULL,
                                       100000000ULL,
                                       1000000000ULL,
                                       10000000000ULL,
                                       100000000000ULL,
                                       1000000000000ULL,
                                       10000000000000ULL,
                                       100000000000000ULL,
                                       1000000000000000ULL,
                                       10000000000000000ULL,
                                       100000000000000000ULL,
                                       1000000000000000000ULL,
                                       10000000000000000000ULL};

size_t tt_fmt_uint(uint64_t v, char *buf)
{
	/* the length first, then the digits from the right: every row of
	 * a timeline has half a dozen counts */
	size_t n = 1;
	while (n < 20 && v >= pow10_u64[n])
		n++;
	buf[n] = '\0';
	char *p = buf + n;
	/* two digits a division */
	static const char pairs[] = "00010203040506070809"
	                            "10111213141516171819"
	                            "20212223242526272829"
	                            "30313233343536373839"
	                            "40414243444546474849"
	                            "50515253545556575859"
	                            "60616263646566676869"
	                            "70717273747576777879"
	                            "80818283848586878889"
	                            "90919293949596979899";
	while (v >= 100) {
		const char *two = pairs + 2 * (v % 100);
		v /= 100;
		*--p = two[1];
		*--p = two[0];
	}
	if (v >= 10) {
		*--p = pairs[2 * v + 1];
		*--p = pairs[2 * v];
	} else {
		*--p = (char)('0' + v);
	}
	return n;
}

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 u128;

/* 10^k for k in [0, 20], exactly. */
static u128 pow10_u128(int k)
{
	return k < 20 ? (u128)pow10_u64[k] : (u128)pow10_u64[19] * 10;
}

/* Whether m / 2^s >= 10^x, exactly (x in [-4, 15], s in [3, 66]). */
static bool ge_pow10(uint64_t m, int s, int x)
{
	if (x >= 0)
		return (u128)m >= pow10_u128(x) << s;
	return (u128)m * pow10_u128(-x) >= (u128)1 << s;
}

/*
 * Whether the decimal q / 10^k reads back (strtod, round to nearest,
 * ties to even) as the double m / 2^s, m a normalised 53-bit
 * significand: it must lie within half the gap to either neighbour.
 * Everything is scaled by 10^k * 2^s to stay in integers.
 */
static bool reads_back(uint64_t m, int s, u128 q, int k)
{
	u128 num = (u128)m * pow10_u128(k); /* m / 2^s * 10^k * 2^s */
	u128 qs = q << s;
	u128 diff = qs > num ? qs - num : num - qs;
	u128 gap = pow10_u128(k); /* the gap to a neighbour, scaled */
	/* half a gap, or a quarter below a power of two, where the
	 * double below is half as far */
	u128 lhs = qs < num && m == (uint64_t)1 << 52 ? diff * 4 : diff * 2;
	return lhs < gap || (lhs == gap && (m & 1) == 0);
}

/*
 * The common case of tt_fmt_double without printf and strtod: a number
 * that is not whole, 1e-4 <= |v| < 1e15, which %.15g to %.17g print
 * without an exponent.  Rounding to `prec` significant digits and the
 * check that the digits read back are exact integer arithmetic on the
 * double's significand (128 bits hold m * 10^20), and round half to
 * even as glibc's printf does, so the text is the same, byte for byte,
 * as the loop below prints (tests/test_report.c compares the two on a
 * million numbers).  false: not such a number, use the loop.
 */
static bool shortest_fixed(double v, char buf[TT_FMT_BUF])
{
	double a = fabs(v);
	if (!(a >= 1e-4 && a < 1e15))
		return false;
	int e;
	uint64_t m = (uint64_t)ldexp(frexp(a, &e), 53); /* a = m / 2^s */
	int s = 53 - e;
	/* 10^x <= a < 10^(x+1): log10(2^(e-1)) as the estimate (a is in
	 * [2^(e-1), 2^e)), made exact */
	int x = (int)floor((e - 1) * 0.30102999566398120);
	while (x > -4 && !ge_pow10(m, s, x))
		x--;
	while (x < 14 && ge_pow10(m, s, x + 1))
		x++;
	for (int prec = 15; prec <= 17; prec++) {
		int k = prec - 1 - x; /* a * 10^k has prec digits */
		u128 num = (u128)m * pow10_u128(k);
		u128 q = num >> s;
		u128 rem = num - (q << s), half = (u128)1 << (s - 1);
		if (rem > half || (rem == half && (q & 1)))
			q++;
		if (prec < 17 && !reads_back(m, s, q, k))
			continue;
		/* the digits (at most 10^17: 64 bits hold them), and the
		 * exponent %g decides the style by */
		uint64_t q64 = (uint64_t)q;
		int ex = x;
		if (q == pow10_u128(prec)) {
			q64 /= 10;
			ex++;
		}
		if (ex >= prec)
			return false; /* %g would write an exponent */
		char digits[24];
		for (int i = prec - 1; i >= 0; i--, q64 /= 10)
			digits[i] = (char)('0' + (int)(q64 % 10));
		int last = prec - 1; /* %g drops trailing zeros */
		while (last > ex && digits[last] == '0')
			last--;
		char *p = buf;
		if (v < 0)
			*p++ = '-';
		if (ex >= 0) {
			memcpy(p, digits, (size_t)ex + 1);
			p += ex + 1;
		} else {
			*p++ = '0';
		}
		if (last > ex) {
			*p++ = '.';
			for (int i = ex + 1; i < 0; i++)
				*p++ = '0';
			int from = ex >= 0 ? ex + 1 : 0;
			memcpy(p, digits + from, (size_t)(last - from + 1));
			p += last - from + 1;
		}
		*p = '\0';
		return true;
	}
	return false;
}
#else
static bool shortest_fixed(double v, char buf[TT_FMT_BUF])
{
	(void)v;
	(void)buf;
	return false;
}
#endif

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
	if (shortest_fixed(v, buf))
		return buf;
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

/* Whether ch goes into XML as it is. */
static bool xml_plain(unsigned char ch)
{
	return ch >= 0x20 && ch != 0x7f && ch != '&' && ch != '<' &&
	       ch != '>' && ch != '"' && ch != '\'';
}

void tt_fmt_xml(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* a run of plain bytes in one write: most text is one */
		size_t run = i;
		while (run < n && xml_plain((unsigned char)s[run]))
			run++;
		if (run > i) {
			fwrite(s + i, 1, run - i, f);
			i = run;
			if (i == n)
				break;
		}
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
