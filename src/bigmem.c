/*
 * bigmem.c - an arena in huge pages (bigmem.h).
 *
 * The arena is a chain of mappings, each twice the one before (so a long
 * run needs a handful): a header, then the arrays one after the other,
 * each at a multiple of 64 bytes.  A mapping of TT_ARENA_SMALL or more
 * is a whole number of 2 MB huge pages aligned to one; a smaller one is
 * ordinary pages, so that a short run's tables do not cost a huge page
 * each.  Unused room is only address space: a page is given memory when
 * first touched.
 *
 * MAP_ANONYMOUS and madvise are not POSIX 2008's: meson.build compiles
 * this file alone with glibc's default set of interfaces.
 */
#include "bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)
#define PAGE ((size_t)4096) /* mmap rounds to the real one */
#define ALIGN 64            /* the header's size, and every array's alignment */

struct tt_arena_region {
	struct tt_arena_region *prev;
	size_t len;  /* bytes mapped, header included */
	size_t used; /* bytes handed out, header included */
	char *last;  /* the newest array, NULL before any */
};

_Static_assert(sizeof(struct tt_arena_region) <= ALIGN,
               "the header fits before the first array");

/* A mapping of len bytes (a multiple of HUGE_PAGE) aligned to a huge
 * page, so that the kernel can back it with them; NULL: none. */
static void *map_aligned(size_t len)
{
	/* a huge page more, to cut an aligned range out of it */
	size_t over = len + HUGE_PAGE;
	char *raw = mmap(NULL, over, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return NULL;
	char *base = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) &
	                      ~(uintptr_t)(HUGE_PAGE - 1));
	size_t before = (size_t)(base - raw);
	if (before > 0)
		munmap(raw, before);
	if (over - before > len)
		munmap(base + len, over - before - len);
#ifdef MADV_HUGEPAGE
	/* a hint: refused (no huge pages here) it is an ordinary mapping */
	madvise(base, len, MADV_HUGEPAGE);
#endif
	return base;
}

/* An ordinary mapping of len bytes (whole pages); NULL: none. */
static void *map_pages(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/*
 * A new newest region with room for `need` bytes after its header: twice
 * the one before, or more when that is not enough.  Below TT_ARENA_SMALL
 * it is whole pages, from there on whole huge pages.
 */
static struct tt_arena_region *region_new(tt_arena *a, size_t need)
{
	if (need > SIZE_MAX / 4 - ALIGN - HUGE_PAGE)
		return NULL;
	size_t len = a->top ? 2 * a->top->len : 0;
	if (len < ALIGN + need)
		len = ALIGN + need;
	bool small = len < TT_ARENA_SMALL;
	size_t unit = small ? PAGE : HUGE_PAGE;
	len = (len + unit - 1) / unit * unit;
	struct tt_arena_region *r = small ? map_pages(len) : map_aligned(len);
	if (!r)
		return NULL;
	r->prev = a->top;
	r->len = len;
	r->used = ALIGN;
	r->last = NULL;
	a->top = r;
	return r;
}

void *tt_arena_grow(tt_arena *a, void *p, size_t old_n, size_t n)
{
	if (n > SIZE_MAX / 4)
		return NULL;
	size_t need = (n + ALIGN - 1) / ALIGN * ALIGN;
	struct tt_arena_region *r = a->top;
	if (p && r && p == r->last &&
	    need <= r->len - (size_t)((char *)p - (char *)r)) {
		/* the newest array, with room after it: in place */
		r->used = (size_t)((char *)p - (char *)r) + need;
		return p;
	}
	if ((!r || need > r->len - r->used) && !(r = region_new(a, need)))
		return NULL;
	char *q = (char *)r + r->used;
	r->used += need;
	r->last = q;
	if (p)
		memcpy(q, p, old_n < n ? old_n : n);
	return q;
}

bool tt_arena_reserve(tt_arena *a, size_t arrays, size_t bytes)
{
	/* each array is rounded up to ALIGN: at most ALIGN more apiece */
	if (arrays > SIZE_MAX / 4 / ALIGN ||
	    bytes > SIZE_MAX / 4 - arrays * ALIGN)
		return false;
	size_t need = bytes + arrays * ALIGN;
	struct tt_arena_region *r = a->top;
	return (r && need <= r->len - r->used) || region_new(a, need);
}

void tt_arena_release(tt_arena *a)
{
	while (a->top) {
		struct tt_arena_region *r = a->top;
		a->top = r->prev;
		munmap(r, r->len);
	}
}
