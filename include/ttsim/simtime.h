/*
 * simtime.h - simulated time.
 *
 * Simulated time is an integer count of microseconds from the start of the
 * run.  Integers keep event order exact (no two float sums that "should" be
 * equal and are not) and make outputs byte-identical across builds.
 */
#ifndef TTSIM_SIMTIME_H
#define TTSIM_SIMTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"

typedef int64_t tt_time_us;

#define TT_US_PER_S ((tt_time_us)1000000)
#define TT_US_PER_MIN (60 * TT_US_PER_S)
#define TT_TIME_MAX INT64_MAX

/*
 * The longest span anything in a run may have: a duration a scenario
 * writes (a run, a delay, a time of a shape, a service time), a service
 * time a draw gives, and how far a workload's times reach.  36525 days,
 * a hundred years: far past any useful setting, and it keeps every sum of
 * times far inside int64 microseconds, every figure built from them
 * finite, and the periods of a run at most 5.3e7 minutes.
 */
#define TT_SPAN_MAX_DAYS 36525
#define TT_SPAN_MAX_US ((tt_time_us)TT_SPAN_MAX_DAYS * 86400 * TT_US_PER_S)

/*
 * Parse a duration: a non-negative number with an optional unit, `90`
 * (seconds), `90s`, `250ms`, `5m`, `2h`, `1d`, `1.5h`.  The result is
 * rounded to the nearest microsecond.  Returns TT_EINVAL for anything else
 * (the message says what was expected; `loc` is where the text came from)
 * and TT_ERANGE for negative values or values beyond about 290,000 years.
 */
tt_code tt_duration_parse(const char *text, tt_loc loc, tt_time_us *out,
                          tt_diag *d);

/*
 * Format a time as seconds with up to six decimals and no trailing zeros
 * ("300", "61.25"); buf must hold at least 24 bytes.  Returns buf.
 */
char *tt_time_format_s(tt_time_us t, char *buf);

/*
 * A calendar time `YYYY-MM-DD HH:MM[:SS[.frac]][Z]` (`T` allowed for the
 * space; UTC) of n bytes, to Unix microseconds.  False for anything else,
 * including impossible dates (a 13th month, 30 February, 24:00).  Fractions
 * beyond microseconds are rounded half up.
 */
bool tt_calendar_parse(const char *s, size_t n, int64_t *unix_us);

/* tt_calendar_parse, or the same with a +HH:MM / -HH:MM offset instead
 * of Z (CloudWatch's "2024-01-01T00:00:00+00:00"). */
bool tt_iso8601_parse(const char *s, size_t n, int64_t *unix_us);

/* Seconds, `[+-]digits[.digits]`, exactly to microseconds. */
bool tt_seconds_parse(const char *s, size_t n, int64_t *us);

#endif
