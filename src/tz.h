/*
 * tz.h - an IANA time zone, read from the system's TZif files.
 *
 * A scheduled action's `at()` and `cron()` name wall-clock times in a zone
 * ("America/New_York"); the run needs UTC instants.  This module reads the
 * zone's compiled file (/usr/share/zoneinfo/NAME, RFC 8536's TZif, any
 * version) itself, with no setenv/tzset/localtime: results must not depend
 * on the machine's own TZ, and the library keeps no global state.  The
 * 64-bit body is used when present; instants after the last transition of
 * the table follow the footer's POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"),
 * which is all a "slim" file has for recent years.
 *
 * Times here are whole seconds: Unix seconds for instants ("utc") and the
 * same count read as a wall clock ("local": the seconds since 1970-01-01
 * 00:00 of the zone's calendar), since every offset a zone uses is whole
 * seconds.
 *
 * A zone is a sequence of segments, each a UTC interval with one offset.
 * The schedule walks them in order (schedule.c), which is what makes a DST
 * gap (local times that never happen) and an overlap (local times that
 * happen twice) exact and cheap.
 */
#ifndef TTSIM_TZ_H
#define TTSIM_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "ttsim/diag.h"

/* Where zones are read from when the caller names no directory. */
#define TT_TZ_DIR_DEFAULT "/usr/share/zoneinfo"

/* Bounds on a zone file, which is input: real files are under 4 KiB. */
#define TT_TZ_FILE_MAX ((size_t)256 * 1024)
#define TT_TZ_TRANSITIONS_MAX 4096
#define TT_TZ_NAME_MAX 128

/* No zone has an offset beyond +-26 hours (RFC 8536 allows ~25 h). */
#define TT_TZ_OFFSET_MAX_S (26 * 3600)

/*
 * Instants far outside any schedule (about +-34,000 years): segment
 * bounds that are open say so with these, so arithmetic near them cannot
 * overflow.
 */
#define TT_TZ_FAR_PAST (-((int64_t)1 << 40))
#define TT_TZ_FAR_FUTURE ((int64_t)1 << 40)

/* A POSIX TZ rule's date: Jn, n or Mm.w.d, and its local time of day. */
typedef struct tt_tz_rule_date {
	char kind;       /* 'J' (1..365, no Feb 29), 'D' (0..365), 'M' */
	int day;         /* J and D: the day; M: day of week 0 (Sun)..6 */
	int month, week; /* M only; week 5 means the last */
	int32_t time_s;  /* local time of the change, -167h..167h */
} tt_tz_rule_date;

/* The footer's rule: a fixed offset, or standard and DST with two dates. */
typedef struct tt_tz_rule {
	bool present;
	bool has_dst;
	int32_t std_off_s, dst_off_s; /* east of UTC, as utoff */
	tt_tz_rule_date start, end;   /* DST starts, ends */
} tt_tz_rule;

/*
 * A loaded zone.  Caller-owned: fill with tt_tz_load, tt_tz_parse or
 * tt_tz_utc, release with tt_tz_release.  `trans` and `off_after` are
 * parallel: at trans[i] the offset becomes off_after[i]; before trans[0]
 * it is `initial_off`.
 */
typedef struct tt_tz {
	char name[TT_TZ_NAME_MAX];
	int64_t *trans;
	int32_t *off_after;
	size_t count;
	int32_t initial_off;
	tt_tz_rule rule; /* after the last transition, when present */
} tt_tz;

/* One stretch of UTC time with one offset. */
typedef struct tt_tz_segment {
	int64_t start, end; /* [start, end), UTC seconds; open ends FAR_* */
	int32_t off_s;      /* local = utc + off_s inside */
	int32_t prev_off_s; /* the offset just before start (= off_s when open) */
	int64_t prev_start; /* where the segment before began */
} tt_tz_segment;

/* What a wall-clock time is in a zone. */
typedef enum tt_tz_local_kind {
	TT_TZ_LOCAL_NORMAL, /* happens once: utc[0] */
	TT_TZ_LOCAL_GAP,    /* skipped by a change: utc[0] is it shifted by
	                      * the gap (read with the offset before it) */
	TT_TZ_LOCAL_OVERLAP /* happens twice: utc[0] < utc[1] */
} tt_tz_local_kind;

/* The zone "UTC": no file, offset 0 forever.  Cannot fail. */
void tt_tz_utc(tt_tz *out);

/*
 * Load the zone `name` from `dir` (NULL: TT_TZ_DIR_DEFAULT).  "UTC" and
 * "Etc/UTC" need no file.  The name must look like an IANA name (letters,
 * digits, '_', '-', '+', components joined by '/', none starting with '.')
 * so it can never leave `dir`.  Errors, all at `loc` and naming the zone:
 * TT_EINVAL "unknown time zone 'X'" (no such file, or a malformed name),
 * TT_EIO (unreadable), TT_EINVAL (not a valid TZif file, leap-second
 * zones), TT_ENOMEM.
 */
tt_code tt_tz_load(const char *name, const char *dir, tt_loc loc, tt_tz *out,
                   tt_diag *d);

/*
 * Read a zone from the `n` bytes of a TZif file; `name` is copied (cut to
 * fit) and used in messages.  Errors as tt_tz_load.
 */
tt_code tt_tz_parse(const unsigned char *data, size_t n, const char *name,
                    tt_loc loc, tt_tz *out, tt_diag *d);

/*
 * Parse a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30") into
 * *out.  False when it is not one (or names DST without a rule).
 */
bool tt_tz_rule_parse(const char *s, size_t n, tt_tz_rule *out);

/* Free what the zone owns and make it UTC.  Accepts NULL. */
void tt_tz_release(tt_tz *tz);

/* The segment holding `utc` (clamped to the far bounds). */
void tt_tz_segment_at(const tt_tz *tz, int64_t utc, tt_tz_segment *out);

/* The offset in force at `utc`, and the wall clock there. */
int32_t tt_tz_offset_at(const tt_tz *tz, int64_t utc);
int64_t tt_tz_to_local(const tt_tz *tz, int64_t utc);

/*
 * The UTC instant(s) of the wall-clock time `local`: once, twice (an
 * overlap: the first and the second occurrence), or never (a gap: utc[0]
 * is then the time read with the offset before the change, i.e. shifted
 * later by the gap, which is what `dst_gap: shift` runs).
 */
tt_tz_local_kind tt_tz_from_local(const tt_tz *tz, int64_t local,
                                  int64_t utc[2]);

#endif
