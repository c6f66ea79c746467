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
