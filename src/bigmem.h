/*
 * bigmem.h - an arena in huge pages, for the arrays of a table that grow
 * together and are freed together.
 *
 * Private to the library.  A run kept in memory for its pictures holds a
 * dozen columns of a few hundred kilobytes each; touched a 4 kB page at a
 * time each page is a fault, and on a virtual machine a fault can cost
 * 10-15 us (docs/performance.md): 1,400 of them were a fifth of a
 * `ttsim run`.  An arena hands out the columns one after the other from
 * mappings aligned to 2 MB huge pages, which the kernel is asked to back
 * with them (madvise MADV_HUGEPAGE): one fault for 2 MB, and the columns
 * share their pages.  A column that grows alone gets a new place after
 * the others and its old one is left behind until the arena is released:
 * columns double, so what is left behind is at most what is in use.  A
 * table whose columns grow together moves them to a new arena reserved
 * for them (tt_arena_reserve) and gives the old one back.
 * Where huge pages are not offered the mappings are ordinary ones and
 * nothing else changes.
 */
#ifndef TTSIM_BIGMEM_H
#define TTSIM_BIGMEM_H

#include <stdbool.h>
#include <stddef.h>

struct tt_arena_region;

/*
 * Mappings smaller than this are in ordinary pages: a huge page given
 * whole to a table of a few hundred rows would be most of a short run's
 * memory.  Arrays that start at this size are in huge pages at once.
 */
#define TT_ARENA_SMALL ((size_t)256 << 10)

/* Zeroed, an empty arena. */
typedef struct tt_arena {
	struct tt_arena_region *top; /* the newest mapping, and its chain */
} tt_arena;

/*
 * An array of n bytes (n > 0) holding the first min(old_n, n) bytes of p,
 * p NULL or an array of old_n bytes from this arena; aligned for any
 * type.  p keeps its place when it is the newest array and there is room
 * after it; else it is left behind.  NULL when memory runs out, p then
 * unchanged.
 */
void *tt_arena_grow(tt_arena *a, void *p, size_t old_n, size_t n);

/*
 * Room in one mapping for `arrays` arrays of `bytes` bytes in all: the
 * next `arrays` calls of tt_arena_grow that ask no more than that in all
 * place their arrays there and do not fail.  A table that grows copies
 * its arrays into a new arena reserved for them and releases the old one
 * (so that what it leaves behind is given back, not kept until the end).
 * False when memory runs out.
 */
bool tt_arena_reserve(tt_arena *a, size_t arrays, size_t bytes);

/* Unmap everything; the arena is empty again. */
void tt_arena_release(tt_arena *a);

#endif
