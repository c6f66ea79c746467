/*
 * calendar.h - dates and day counts.  Private to the library.
 */
#ifndef TTSIM_CALENDAR_H
#define TTSIM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
 * remembering in `memo` the hour of a `YYYY-MM-DD HH:MM:SS` time.
 */
bool tt_calendar_parse_memo(const char *s, size_t n, tt_calendar_memo *memo,
                            int64_t *unix_us);

#endif
