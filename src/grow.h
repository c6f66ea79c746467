/*
 * grow.h - the sizes of arrays: room for one more item in a growing
 * array, and the size of a ring.
 *
 * Private to the library.  The arrays that grow an item at a time (a
 * trace read whole, a calibration's lists) grow by doubling through this
 * one rule; the rings indexed every period (a series' datapoints, the
 * over-target flags) are sized by the other.
 */
#ifndef TTSIM_GROW_H
#define TTSIM_GROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* The room tt_grow makes for `need` items in an array of `cap`: cap
 * doubled (from `first` when 0) until it holds them. */
static inline size_t tt_grow_cap(size_t cap, size_t need, size_t first)
{
	size_t n = cap ? cap * 2 : first;
	while (n < need)
		n *= 2;
	return n;
}

/*
 * Make *p, an array of *cap items of `size` bytes, hold at least `need`:
 * doubled from *cap (from `first` when empty) until it does.  False when
 * memory runs out, *p and *cap then unchanged.
 */
static inline bool tt_grow(void **p, size_t *cap, size_t need, size_t size,
                           size_t first)
{
	if (need <= *cap)
		return true;
	size_t n = tt_grow_cap(*cap, need, first);
	void *q = realloc(*p, n * size);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

/*
 * The smallest power of two >= n (1 for 0): a ring of that many slots
 * finds slot k as k & (size - 1), without a division.  0 when there is
 * none in size_t.
 */
static inline size_t tt_ring_size(size_t n)
{
	size_t ring = 1;
	while (ring < n) {
		if (ring > SIZE_MAX / 2)
			return 0;
		ring *= 2;
	}
	return ring;
}

#endif
