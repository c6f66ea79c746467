/*
 * simtime.c - durations in, seconds out.
 *
 * Durations are parsed without floating point: "1.5h" is 1 hour plus five
 * tenths of an hour, each multiplied out in integer microseconds, so
 * "0.1s" is exactly 100000 us and not 99999 after a binary round trip.
 * Times are printed the same way, from the integer, so one time always
 * prints as the same bytes.
 */
#include "ttsim/simtime.h"

#include "calendar.h"
#include "ttsim/fmt.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	tt_time_us us;
} units[] = {
        {"us", 1},
        {"ms", 1000},
        {"s", TT_US_PER_S},
        {"m", TT_US_PER_MIN},
        {"min", TT_US_PER_MIN},
        {"h", 60 * TT_US_PER_MIN},
        {"d", 24 * 60 * TT_US_PER_MIN},
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Round 0.<digits> * unit_us to the nearest microsecond, halves up.  The
 * fraction is folded in from its last digit (Horner's rule) keeping the
 * floor of twice the value at each step; floor(floor(x) / 10) equals
 * floor(x / 10), so the truncation loses nothing and any number of digits
 * is exact.
 */
static tt_time_us fraction_us(const char *digits, size_t n, tt_time_us unit_us)
{
	int64_t twice = 0;
	for (size_t i = n; i-- > 0;)
		twice = ((int64_t)(digits[i] - '0') * 2 * unit_us + twice) / 10;
	return (twice + 1) / 2;
}

tt_code tt_duration_parse(const char *text, tt_loc loc, tt_time_us *out,
                          tt_diag *d)
{
	if (!text)
		text = "";
	const char *p = text;
	bool negative = false;
	if (*p == '-') {
		negative = true;
		p++;
	}

	const char *int_digits = p;
	while (is_digit(*p))
		p++;
	size_t int_len = (size_t)(p - int_digits);
	const char *frac_digits = p;
	size_t frac_len = 0;
	if (*p == '.') {
		frac_digits = ++p;
		while (is_digit(*p))
			p++;
		frac_len = (size_t)(p - frac_digits);
		if (frac_len == 0)
			int_len = 0; /* "5." is refused like "." */
	}

	tt_time_us unit_us = 0;
	if (*p == '\0') {
		unit_us = TT_US_PER_S;
	} else {
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (strcmp(p, units[i].name) == 0)
				unit_us = units[i].us;
	}
	if (int_len == 0 || unit_us == 0)
		return tt_diag_set(
		        d, TT_EINVAL, loc,
		        "invalid duration '%.60s' (expected a number "
		        "with an optional unit: 90, 90s, 5m, 2h, "
		        "1d)",
		        text);

	/* Whole units, with overflow caught before it happens. */
	tt_time_us whole = 0;
	bool too_large = false;
	for (size_t i = 0; i < int_len && !too_large; i++) {
		int digit = int_digits[i] - '0';
		if (whole > (INT64_MAX - digit) / 10)
			too_large = true;
		else
			whole = whole * 10 + digit;
	}
	tt_time_us frac = fraction_us(frac_digits, frac_len, unit_us);
	if (!too_large && whole > (INT64_MAX - frac) / unit_us)
		too_large = true;
	tt_time_us value = too_large ? 0 : whole * unit_us + frac;

	/* "-0s" is zero however it is spelled; "-5m" is a mistake. */
	if (negative && (too_large || value != 0))
		return tt_diag_set(d, TT_ERANGE, loc,
		                   "duration must not be negative, got '%.60s'",
		                   text);
	if (too_large)
		return tt_diag_set(d, TT_ERANGE, loc,
		                   "duration too large, got '%.60s' (the limit "
		                   "is about 292,000 years)",
		                   text);
	*out = value;
	return TT_OK;
}

char *tt_time_format_s(tt_time_us t, char *buf)
{
	/* Negate in unsigned arithmetic so INT64_MIN does not overflow. */
	uint64_t mag = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
	uint64_t s = mag / 1000000, us = mag % 1000000;
	char *p = buf;
	if (t < 0)
		*p++ = '-';
	p += tt_fmt_uint(s, p);
	if (us != 0) {
		/* six digits, then drop the trailing zeros */
		*p++ = '.';
		for (int i = 5; i >= 0; i--, us /= 10)
			p[i] = (char)('0' + us % 10);
		p += 6;
		while (p[-1] == '0')
			p--;
		*p = '\0';
	}
	return buf;
}

/* --- times of day and seconds in text (traces, slices) --------------- */

/* Seconds that fit in tt_time_us microseconds, with room to spare. */
#define CAL_SECONDS_MAX ((int64_t)9000000000000)

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
bool tt_seconds_parse(const char *s, size_t n, int64_t *out_us)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	int64_t sec = 0;
	size_t start = i;
	for (; i < n && is_digit(s[i]); i++) {
		sec = sec * 10 + (s[i] - '0');
		if (sec > CAL_SECONDS_MAX)
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
 * A trace's every row has a time, nearly always spelled
 * `YYYY-MM-DD HH:MM:SS` (or with `T`), so that spelling gets a path
 * without the general reader's per-field loops: its date and its clock
 * read apart, every byte checked, and false for any other spelling, which
 * the general reader then takes.
 *
 * The digits of "YY-MM-DD", from s + 2.
 */
static bool pairs_are_digits(const char *s)
{
	static const unsigned char pairs[8] = {0xff, 0xff, 0,    0xff,
	                                       0xff, 0,    0xff, 0xff};
	return tt_digits8(tt_load8(s), tt_load8(pairs));
}

#define D2(s, k) (((s)[k] - '0') * 10 + ((s)[(k) + 1] - '0'))

/* `YYYY-MM-DD` at s, a real date, as days since 1970-01-01. */
static bool fixed_date(const char *s, int64_t *days)
{
	if (s[4] != '-' || s[7] != '-' || !is_digit(s[0]) || !is_digit(s[1]) ||
	    !pairs_are_digits(s + 2))
		return false;
	int y = D2(s, 0) * 100 + D2(s, 2), m = D2(s, 5), d = D2(s, 8);
	if (m < 1 || m > 12 || d < 1 || d > tt_days_in_month(y, m))
		return false;
	*days = tt_days_from_civil(y, m, d);
	return true;
}

/* ` HH:MM:SS` (or `THH:MM:SS`) at s + 10, a real time, as seconds: the
 * hour here, the minute and second as a memo's hit reads them. */
static bool fixed_clock(const char *s, int64_t *secs)
{
	int64_t in_hour;
	if ((s[10] != ' ' && s[10] != 'T') || !is_digit(s[11]) ||
	    !is_digit(s[12]) || D2(s, 11) > 23 ||
	    !tt_calendar_minutes(s, &in_hour))
		return false;
	*secs = D2(s, 11) * 3600 + in_hour;
	return true;
}

#undef D2

/*
 * tt_calendar_parse, remembering in `memo` (when not NULL) the hour of a
 * time of the fixed form.  The memo holds only what this read has
 * checked, the date and the hour, so a later time with the same thirteen
 * bytes reads as this one would.
 */
static bool calendar_read(const char *s, size_t n, tt_calendar_memo *memo,
                          int64_t *out_us)
{
	int64_t day_count, clock_s;
	if (n == 19 && fixed_date(s, &day_count) && fixed_clock(s, &clock_s)) {
		if (memo) {
			memcpy(memo->hour, s, 13);
			memo->base_s =
			        day_count * 86400 + clock_s / 3600 * 3600;
			memo->valid = true;
		}
		*out_us = (day_count * 86400 + clock_s) * TT_US_PER_S;
		return true;
	}
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
	if (mo < 1 || mo > 12 || d < 1 || d > tt_days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 59)
		return false;
	int64_t days = tt_days_from_civil(y, mo, d);
	int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec;
	*out_us = secs * TT_US_PER_S + frac;
	return true;
}

/*
 * `YYYY-MM-DD HH:MM[:SS[.frac]][Z]`, with `T` for the space allowed: a UTC
 * time to Unix microseconds.  Every field is range-checked (no 13th month,
 * no 30 February, no 24:00).
 */
bool tt_calendar_parse(const char *s, size_t n, int64_t *out_us)
{
	return calendar_read(s, n, NULL, out_us);
}

/*
 * The time that tt_calendar_parse_memo (calendar.h) has not read from its
 * memo's hour, read whole by calendar_read, which remembers its hour.
 */
bool tt_calendar_parse_memo_read(const char *s, size_t n,
                                 tt_calendar_memo *memo, int64_t *out_us)
{
	return calendar_read(s, n, memo, out_us);
}

bool tt_iso8601_parse(const char *s, size_t n, int64_t *unix_us)
{
	if (tt_calendar_parse(s, n, unix_us))
		return true;
	if (n < 7 || (s[n - 6] != '+' && s[n - 6] != '-') || s[n - 3] != ':')
		return false;
	const char *o = s + n - 5;
	for (int i = 0; i < 5; i++)
		if (i != 2 && !is_digit(o[i]))
			return false;
	int h = (o[0] - '0') * 10 + (o[1] - '0');
	int m = (o[3] - '0') * 10 + (o[4] - '0');
	if (h > 23 || m > 59 || !tt_calendar_parse(s, n - 6, unix_us))
		return false;
	int64_t off = ((int64_t)h * 60 + m) * TT_US_PER_MIN;
	/* local = UTC + offset */
	*unix_us -= s[n - 6] == '+' ? off : -off;
	return true;
}
