/*
 * trace_counts.h - a counts-per-period CSV trace as a stream of counts.
 *
 * Private to libttsim: workload.c opens one of these for a
 * TT_WORKLOAD_TRACE spec and forwards its calls.  The file is read one row
 * at a time, so a trace of any length costs one line buffer.
 */
#ifndef TTSIM_TRACE_COUNTS_H
#define TTSIM_TRACE_COUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"
#include "ttsim/workload.h"

/* The longest line a trace may have, not counting its line end. */
#define TT_TRACE_LINE_MAX 65536

typedef struct tt_trace_counts tt_trace_counts;

/*
 * Open the trace `spec->path` and read its first rows to learn its period
 * (spec->period_us, or the gap between the first two rows) and, for
 * calendar timestamps, its wall-clock origin.  Counts are then resampled to
 * periods of `period_us` (> 0).  `where` is the place the trace was named
 * (for "cannot open"); spec->name (or else the path) names the file in
 * every other message.  `spec` must outlive the stream.  Errors: TT_EIO,
 * TT_ENOMEM, TT_ESYNTAX and TT_EINVAL (with the file, line and column).
 */
tt_code tt_trace_counts_open(const tt_trace_spec *spec, tt_loc where,
                             tt_time_us period_us, tt_trace_counts **out,
                             tt_diag *d);

/*
 * The count of the next simulation period: the trace's counts spread
 * uniformly over their own periods, summed over the overlap, scaled, and
 * rounded with the remainder carried.  *ended is set (and *count is 0) for
 * the first period starting at or after the end of the last row, and every
 * later one.  A bad row met on the way fails this call and every later one
 * with the same diag.
 */
tt_code tt_trace_counts_next(tt_trace_counts *tc, uint64_t *count, bool *ended,
                             tt_diag *d);

/*
 * True for calendar timestamps, with the first row's Unix time (whole
 * seconds, rounded down) in *origin_unix_s.
 */
bool tt_trace_counts_wallclock(const tt_trace_counts *tc,
                               int64_t *origin_unix_s);

/* Close the file and free.  Accepts NULL. */
void tt_trace_counts_close(tt_trace_counts *tc);

#endif
