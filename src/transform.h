/*
 * transform.h - transforms of a workload: scale, shift, slice, speed-up,
 * repeat, each a source wrapping another.
 *
 * Private to the library.  The wrapper owns `inner` from the call on, even
 * when it fails (it then closes it).
 */
#ifndef TTSIM_TRANSFORM_H
#define TTSIM_TRANSFORM_H

#include "source.h"
#include "ttsim/workload.h"

/*
 * Wrap `inner` in transform `t` (which must outlive the result).  Errors:
 * TT_EINVAL at t->loc for impossible parameters (a slice with to <= from,
 * a calendar slice of a source without calendar times, a factor <= 0),
 * TT_ERANGE for a factor past TT_WORKLOAD_FACTOR_MAX, TT_ENOMEM.  `notes`
 * (may be NULL) gets a note when a transform drops the calendar times
 * (speed-up).  `period_us` is the simulation period: a repeat is at least
 * one period apart (a pass that comes back sooner would make reading one
 * period rewind the source without end); 0 leaves that unchecked.
 */
tt_code tt_transform_wrap(tt_source *inner, const tt_transform *t,
                          tt_time_us period_us, tt_diag_list *notes,
                          tt_source **out, tt_diag *d);

#endif
