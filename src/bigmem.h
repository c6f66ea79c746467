/*
 * bigmem.h - memory for large arrays that grow, in huge pages where the
 * system offers them.
 *
 * Private to the library.  A run kept in memory for its pictures holds a
 * dozen columns of a few hundred kilobytes each; touched a 4 kB page at a
 * time, each page is a fault, and on a virtual machine a fault can cost
 * 10-15 us (docs/performance.md): 1,400 of them were a fifth of a
 * `ttsim run`.  Here an array of TT_BIGMEM_MIN bytes or more gets a
 * mapping of its own, a whole number of 2 MB huge pages long, which the
 * kernel is asked to back with huge pages (madvise MADV_HUGEPAGE): one
 * fault for 2 MB.  It grows in place while it fits.  Smaller arrays are
 * malloc's.  Where huge pages are not offered the mapping is an ordinary
 * one and nothing else changes.
 */
#ifndef TTSIM_BIGMEM_H
#define TTSIM_BIGMEM_H

#include <stddef.h>

/* The smallest array given a mapping of its own (bytes). */
#define TT_BIGMEM_MIN (256 * 1024)

/*
 * Like realloc(p, n), for arrays from this allocator only (p NULL or from
 * tt_bigmem_realloc): the contents up to the smaller size are kept; NULL
 * when memory runs out, p then unchanged.  n > 0.
 */
void *tt_bigmem_realloc(void *p, size_t n);

/* Like free(p), for arrays from tt_bigmem_realloc. */
void tt_bigmem_free(void *p);

#endif
