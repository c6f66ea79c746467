/*
 * calendar.h - dates and day counts.  Private to the library.
 */
#ifndef TTSIM_CALENDAR_H
#define TTSIM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "digits.h"
#include "ttsim/simtime.h"

/*
 * The proleptic Gregorian calendar, for any year in int64 days: days since
 * 1970-01-01 of a date, and the date of a day count; the weekday of a day
 * count (0 = Sunday).
 */
int64_t tt_days_from_civil(int64_t y, int m, int d);
void tt_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
int tt_weekday_from_days(int64_t days);
bool tt_is_leap_year(int64_t y);
int tt_days_in_month(int64_t y, int m);

/*
 * The last hour read by tt_calendar_parse_memo: a trace's rows come many
 * to an hour, and a row in the hour of the one before it needs only its
 * minutes and seconds read.  Zeroed, it holds none.
 */
typedef struct tt_calendar_memo {
	bool valid;
	char hour[13];  /* `YYYY-MM-DD HH` (or `T`) as written */
	int64_t base_s; /* Unix seconds at the start of that hour */
} tt_calendar_memo;

/*
 * tt_calendar_parse (simtime.c), with the same result for every input,
 * remembering in `memo` the hour of a `YYYY-MM-DD HH:MM:SS` time.  A time
 * in the memo's hour is read here (tt_calendar_minutes), inline in the
 * readers' loops; any other in simtime.c.
 */
bool tt_calendar_parse_memo_read(const char *s, size_t n,
                                 tt_calendar_memo *memo, int64_t *unix_us);

/*
 * `:MM:SS` at s + 13, a real minute and second, as seconds into the hour:
 * all of a time in the memo's hour that is left to read.  One word,
 * `HH:MM:SS` from s + 11, is checked at once (the hour is the memo's):
 * the colons exactly and the digits (tt_digits8); then the tens of the
 * minute and of the second, 5 at most.
 */
static inline bool tt_calendar_minutes(const char *s, int64_t *secs)
{
	static const unsigned char colons[8] = {0, 0, 0xff, 0, 0, 0xff, 0, 0};
	static const unsigned char want[8] = {0, 0, ':', 0, 0, ':', 0, 0};
	static const unsigned char digits[8] = {0,    0, 0,    0xff,
	                                        0xff, 0, 0xff, 0xff};
	uint64_t w = tt_load8(s + 11);
	if ((w & tt_load8(colons)) != tt_load8(want) ||
	    !tt_digits8(w, tt_load8(digits)) || s[14] > '5' || s[17] > '5')
		return false;
	*secs = ((s[14] - '0') * 10 + (s[15] - '0')) * 60 + (s[17] - '0') * 10 +
	        (s[18] - '0');
	return true;
}

static inline bool tt_calendar_parse_memo(const char *s, size_t n,
                                          tt_calendar_memo *memo,
                                          int64_t *unix_us)
{
	int64_t secs;
	if (n == 19 && memo->valid && memcmp(s, memo->hour, 13) == 0 &&
	    tt_calendar_minutes(s, &secs)) {
		*unix_us = (memo->base_s + secs) * TT_US_PER_S;
		return true;
	}
	return tt_calendar_parse_memo_read(s, n, memo, unix_us);
}

#endif
