/*
 * grow.h - room for one more item in a growing array.
 *
 * Private to the library.  The arrays that grow an item at a time (a
 * trace read whole, a calibration's lists) grow by doubling through this
 * one rule.
 */
#ifndef TTSIM_GROW_H
#define TTSIM_GROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

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
	size_t n = *cap ? *cap * 2 : first;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

#endif
