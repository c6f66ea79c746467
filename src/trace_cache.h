/*
 * trace_cache.h - a recorded trace read once and replayed from memory.
 *
 * A sweep runs the same trace through every combination; parsing it each
 * time was most of a combination's cost.  A cache, shared by a sweep's
 * workers, holds each trace it is asked for as the list of intervals its
 * reader produced, read whole the first time and replayed after, so the
 * file is parsed once per sweep whatever the number of combinations and
 * jobs.  A trace is told by everything its reader is given (format,
 * files, columns, period, selection), so a combination that overrides any
 * of them reads its own.
 *
 * A replay gives the reader's intervals, calendar origin and attribute
 * names exactly, so a run's results are the same bytes with or without
 * the cache.  A trace that cannot be read to its end without an error, or
 * whose intervals would pass the cache's size, is not kept: every open of
 * it reads the file as without the cache, so its errors come where and
 * when they would (a bad row past a run's duration stays unread).
 * Private to the library.
 */
#ifndef TTSIM_TRACE_CACHE_H
#define TTSIM_TRACE_CACHE_H

#include <stddef.h>

#include "source.h"
#include "ttsim/workload.h"

/* Room for the intervals of all traces kept: far beyond the World Cup
 * trace's 125,000 minutes (4 MB), far below a machine's memory. */
#define TT_TRACE_CACHE_BYTES ((size_t)256 << 20)

typedef struct tt_trace_cache tt_trace_cache;

/* An empty cache of at most max_bytes; NULL when memory runs out. */
tt_trace_cache *tt_trace_cache_new(size_t max_bytes);
void tt_trace_cache_free(tt_trace_cache *c);

/*
 * tt_trace_open through the cache: a replay of the trace when it is kept
 * (read whole now when first asked for, while other callers asking for
 * it wait), otherwise the file itself.  The notes the reader gave when
 * the trace was read whole are added to `notes` on every replay.  Safe
 * from several threads at once.
 */
tt_code tt_trace_cache_open(tt_trace_cache *c, const tt_trace_spec *spec,
                            tt_loc where, tt_diag_list *notes,
                            tt_source **out, tt_diag *d);

#endif
