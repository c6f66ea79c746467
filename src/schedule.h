/*
 * schedule.h - a scheduled action's Schedule: parsed, then enumerated.
 *
 * Application Auto Scaling accepts three forms (SPEC 14.1):
 *
 *   at(2021-03-12T18:00:00)      once, a wall-clock time in the Timezone
 *   rate(5 hours)                every N minutes/hours/days from StartTime
 *   cron(0 18 ? * MON-FRI *)     EventBridge cron, wall clock in Timezone
 *
 * tt_schedule_parse turns the string into a tt_schedule (errors point at
 * the offending field's column).  A tt_schedule_plan then places it on a
 * run: the zone, StartTime/EndTime, the run's wall-clock origin and
 * horizon, and the section 16 knobs; tt_schedule_next answers "the first
 * run at or after t", so a year of cron minutes never needs an array and
 * the engine can keep one pending event per action.
 *
 * Instants on the run are tt_time_us from the run's start (sim time);
 * StartTime, EndTime and the origin are Unix microseconds.
 */
#ifndef TTSIM_SCHEDULE_H
#define TTSIM_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"
#include "tz.h"

/* cron()'s year field and at()'s year: EventBridge's range. */
#define TT_CRON_YEAR_MIN 1970
#define TT_CRON_YEAR_MAX 2199

typedef enum tt_schedule_kind {
	TT_SCHEDULE_AT,
	TT_SCHEDULE_RATE,
	TT_SCHEDULE_CRON
} tt_schedule_kind;

/*
 * A parsed cron().  Plain fields are bit sets (bit v set: value v
 * matches); the day fields' specials are kept beside them.  Exactly one
 * of the day fields is `?` (its `any` flag), which the parser enforces.
 */
typedef struct tt_cron {
	uint64_t seconds;  /* bits 0..59; {0} for the 6-field form */
	uint64_t minutes;  /* bits 0..59 */
	uint32_t hours;    /* bits 0..23 */
	uint16_t months;   /* bits 1..12 */
	uint64_t years[4]; /* bit (y - 1970), 1970..2199 */
	bool has_seconds;  /* the 7-field form */

	bool dom_any;          /* day-of-month is '?' */
	uint32_t dom;          /* bits 1..31 (lists, ranges, steps, '*') */
	bool dom_last;         /* L: the month's last day */
	bool dom_last_weekday; /* LW: the month's last Monday-Friday */
	int dom_weekday;       /* nW: the weekday nearest day n (0: none) */

	bool dow_any; /* day-of-week is '?' */
	uint8_t dow;  /* bits 1..7, 1 = SUN (lists, ranges, '*', 'L') */
	int dow_last; /* nL: the month's last weekday n (0: none) */
	int dow_nth_day, dow_nth; /* d#n: the n-th weekday d (0: none) */
} tt_cron;

typedef struct tt_schedule {
	tt_schedule_kind kind;
	int64_t at_local_s; /* at(): the wall clock, seconds since 1970 */
	int64_t rate_s;     /* rate(): the period in seconds */
	tt_cron cron;
} tt_schedule;

/*
 * Parse the `n` bytes of a Schedule string.  `loc` is where its first
 * character is; errors (TT_EINVAL) point at the offending part's column
 * on that line: "cron field 'day-of-week' must be 1-7 or SUN-SAT, got
 * '8'".  Names and the L/W/# letters are read in any case.
 */
tt_code tt_schedule_parse(const char *text, size_t n, tt_loc loc,
                          tt_schedule *out, tt_diag *d);

/* ---- the knobs of SPEC 16 that shape when a schedule runs ----
 * tt_schedule_knobs and its enums are public (ttsim/scenario.h): the
 * scenario holds them under `aws:`. */

/* SPEC 16's defaults: ignore, rate, immediate, true, skip, once. */
tt_schedule_knobs tt_schedule_knobs_default(void);

/*
 * A schedule placed on a run.  Borrows `schedule` and `tz` (NULL: UTC).
 * StartTime/EndTime bound rate() and cron() only; at() ignores them.
 */
typedef struct tt_schedule_plan {
	const tt_schedule *schedule;
	const tt_tz *tz;
	bool has_start, has_end;
	int64_t start_unix_us, end_unix_us;
	bool has_origin;        /* the run has a wall clock */
	int64_t origin_unix_us; /* the wall clock at sim time 0 */
	tt_time_us horizon_us;  /* no run after it; TT_TIME_MAX: none */
	tt_schedule_knobs knobs;
} tt_schedule_plan;

/*
 * Can the plan be enumerated?  at() and cron() need the run's wall clock,
 * and so do StartTime and EndTime (they are UTC instants); EndTime must
 * not be before StartTime.  TT_EINVAL at `loc` (the Schedule's place)
 * otherwise.
 */
tt_code tt_schedule_plan_check(const tt_schedule_plan *p, tt_loc loc,
                               tt_diag *d);

/*
 * The first run at or after sim time `t` into *out, or false when there
 * is none up to the horizon.  Runs come in time order and never twice at
 * one instant, so `t = run + 1` walks them all.  The plan must have passed
 * tt_schedule_plan_check.  Pure: no state is kept between calls.
 */
bool tt_schedule_next(const tt_schedule_plan *p, tt_time_us t, tt_time_us *out);

#endif
