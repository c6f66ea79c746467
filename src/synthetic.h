/*
 * synthetic.h - synthetic shapes as interval sources.
 *
 * Private to the library.  A shape's source emits one interval per `step_us`
 * ([0, step), [step, 2 step), ...) carrying the exact expected number of
 * invocations in it (the integral of the rate; closed forms for every
 * primitive shape, numerical integration only inside a product), for ever.
 */
#ifndef TTSIM_SYNTHETIC_H
#define TTSIM_SYNTHETIC_H

#include "source.h"
#include "ttsim/workload.h"

/*
 * Check a shape (recursively) and open its source.  Random shapes (onoff)
 * draw from streams seeded by `seed` (TT_RNG_SHAPES and up, one per random
 * shape in the tree, in document order).  The spec must outlive the
 * source.  Errors: TT_EINVAL at the shape's loc for a shape whose integral
 * would be meaningless (negative rates, an empty ramp), TT_ERANGE for a
 * rate, or a sum's or product's highest rate, past TT_WORKLOAD_RATE_MAX,
 * TT_ENOMEM.
 */
tt_code tt_synthetic_open(const tt_shape_spec *shape, uint64_t seed,
                          tt_time_us step_us, tt_source **out, tt_diag *d);

/*
 * The highest rate (per minute) `shape` can reach, taking every part at
 * its highest: a sum's parts added, a product's multiplied.  The shape
 * must be checked (parts present); inf when a product overflows.
 */
double tt_shape_peak(const tt_shape_spec *shape);

/*
 * The expected number of invocations of a deterministic shape in
 * [start, end): the integral of its rate.  For tests; onoff shapes (which
 * are random) return 0.
 */
double tt_shape_expected(const tt_shape_spec *shape, tt_time_us start_us,
                         tt_time_us end_us);

#endif
