/*
 * cold_start.c - the waits of the first requests after zero.
 */
#include "cold_start.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void tt_cold_starts_release(tt_cold_starts *c)
{
	if (!c)
		return;
	free(c->waits);
	memset(c, 0, sizeof *c);
}

tt_code tt_cold_start_served(tt_cold_starts *c, tt_time_us t)
{
	if (!c->open)
		return TT_OK;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		tt_time_us *w = realloc(c->waits, cap * sizeof *w);
		if (!w)
			return TT_ENOMEM;
		c->waits = w;
		c->cap = cap;
	}
	c->waits[c->n++] = t - c->since;
	c->open = false;
	return TT_OK;
}

static int by_time(const void *a, const void *b)
{
	tt_time_us x = *(const tt_time_us *)a, y = *(const tt_time_us *)b;
	return (x > y) - (x < y);
}

tt_time_us tt_cold_start_quantile(tt_cold_starts *c, double q)
{
	if (c->n == 0)
		return 0;
	qsort(c->waits, c->n, sizeof *c->waits, by_time);
	size_t rank = (size_t)ceil(q * (double)c->n);
	if (rank < 1)
		rank = 1;
	return c->waits[rank - 1];
}
