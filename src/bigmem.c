/*
 * bigmem.c - large growing arrays in huge pages (bigmem.h).
 *
 * Every array starts with a header that says where its memory came
 * from: a mapping of map_len bytes (a whole number of huge pages, aligned
 * to one, header included), or malloc (map_len 0) with room for `room`
 * bytes after the header.  The header is 64 bytes, so the array keeps
 * malloc's alignment.
 *
 * MAP_ANONYMOUS and madvise are not POSIX 2008's: meson.build compiles
 * this file alone with glibc's default set of interfaces.
 */
#include "bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HEADER 64
#define HUGE_PAGE ((size_t)2 << 20)

typedef struct head {
	size_t map_len; /* 0: malloc's */
	size_t room;    /* malloc's: bytes after the header */
} head;

static head *head_of(void *p)
{
	return (head *)((char *)p - HEADER);
}

/* A mapping with room for n bytes after the header, aligned to a huge
 * page so that the kernel can back it with them. */
static void *map_new(size_t n)
{
	if (n > SIZE_MAX / 2 - HEADER - 2 * HUGE_PAGE)
		return NULL;
	size_t len = (n + HEADER + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
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
	head *h = (head *)base;
	h->map_len = len;
	h->room = len - HEADER;
	return base + HEADER;
}

void *tt_bigmem_realloc(void *p, size_t n)
{
	head *h = p ? head_of(p) : NULL;
	size_t have = h ? h->room : 0;
	if (h && h->map_len && n <= have)
		return p; /* a mapping grows and shrinks in place */
	if (n < TT_BIGMEM_MIN && (!h || !h->map_len)) {
		head *g = realloc(h, HEADER + n);
		if (!g)
			return NULL;
		g->map_len = 0;
		g->room = n;
		return (char *)g + HEADER;
	}
	/* here n > have: from malloc's to a mapping, or a larger mapping */
	void *q = map_new(n);
	if (!q)
		return NULL;
	if (h) {
		memcpy(q, p, have);
		tt_bigmem_free(p);
	}
	return q;
}

void tt_bigmem_free(void *p)
{
	if (!p)
		return;
	head *h = head_of(p);
	if (h->map_len)
		munmap(h, h->map_len);
	else
		free(h);
}
