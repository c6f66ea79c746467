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
 * (speed-up).  `min_every_us` is the shortest a repeat may come back:
 * one simulation period in the repeat's own time (times the speed-ups
 * after it), so reading one period never rewinds the source more than
 * twice; 0 leaves it unchecked.
 */
tt_code tt_transform_wrap(tt_source *inner, const tt_transform *t,
                          tt_time_us min_every_us, tt_diag_list *notes,
                          tt_source **out, tt_diag *d);

#endif
