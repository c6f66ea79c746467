/*
 * pool.h - a table of records that come and go, each slot reused.
 *
 * Activities in progress, instances, copies: records live in a growable
 * array and a slot is taken by the next record once its own has gone.  A
 * record's first byte says whether its slot is in use: 0 is free (a
 * `bool in_use`, or a state whose free value is 0, first in the struct).
 * Slots the table grows by are zeroed, so free.
 */
#ifndef TTSIM_POOL_H
#define TTSIM_POOL_H

#include <stddef.h>

#include "ttsim/diag.h"

/*
 * The first free slot of *table (cap records of `size` bytes) into *out,
 * doubling the table (from 8) when every slot is in use.  The slot is not
 * marked: the caller fills its record.  TT_ENOMEM, the table unchanged.
 */
tt_code tt_pool_grab(void **table, size_t *cap, size_t size, size_t *out);

#endif
