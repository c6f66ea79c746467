/*
 * pool.c - the first free slot of a table, growing it when full.
 */
#include "pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

tt_code tt_pool_grab(void **table, size_t *cap, size_t size, size_t *out)
{
	unsigned char *t = *table;
	for (size_t i = 0; i < *cap; i++) {
		if (t[i * size] == 0) {
			*out = i;
			return TT_OK;
		}
	}
	size_t n = *cap ? *cap * 2 : 8;
	if (n > SIZE_MAX / size)
		return TT_ENOMEM;
	unsigned char *g = realloc(t, n * size);
	if (!g)
		return TT_ENOMEM;
	memset(g + *cap * size, 0, (n - *cap) * size);
	*out = *cap;
	*table = g;
	*cap = n;
	return TT_OK;
}
