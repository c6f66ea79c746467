/*
 * test_bigmem.c - the arena of huge pages (bigmem.h).
 *
 * What a caller relies on: an array keeps its contents through every
 * growth, whether it moves or not; arrays growing side by side (a
 * table's columns) never overlap; the newest array grows in place while
 * its mapping has room; every array is aligned for any type; a refused
 * request leaves the array as it was; room reserved for a table takes
 * its columns in one mapping; and the mappings of TT_ARENA_SMALL or more
 * sit on huge-page boundaries, so that the kernel can back them with
 * huge pages, the smaller ones being ordinary pages.
 */
#include "bigmem.h"

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

#define MB ((size_t)1 << 20)

/* Fill n bytes with a pattern of `seed`; check it. */
static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed);
}

static bool filled(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 31 + seed))
			return false;
	return true;
}

START_TEST(columns_grow_side_by_side)
{
	/* four columns doubling together from 1 kB to 8 MB, as a kept
	 * run's do: each keeps its values, none overlaps another */
	tt_arena a = {0};
	unsigned char *col[4] = {0};
	size_t have = 0;
	for (size_t n = 1024; n <= 8 * MB; n *= 2) {
		for (unsigned k = 0; k < 4; k++) {
			unsigned char *q = tt_arena_grow(&a, col[k], have, n);
			ck_assert_ptr_nonnull(q);
			ck_assert_uint_eq((uintptr_t)q % _Alignof(max_align_t),
			                  0);
			ck_assert(filled(q, have, k));
			col[k] = q;
		}
		for (unsigned k = 0; k < 4; k++)
			fill(col[k], n, k);
		have = n;
	}
	for (unsigned k = 0; k < 4; k++)
		ck_assert(filled(col[k], have, k));
	tt_arena_release(&a);
	ck_assert_ptr_null(a.top);
}
END_TEST

START_TEST(newest_grows_in_place)
{
	/* 300 kB: a mapping of a huge page, with room after it */
	tt_arena a = {0};
	unsigned char *p = tt_arena_grow(&a, NULL, 0, 300000);
	ck_assert_ptr_nonnull(p);
	fill(p, 300000, 3);
	unsigned char *q = tt_arena_grow(&a, p, 300000, 1000000);
	ck_assert_ptr_eq(q, p);
	ck_assert(filled(q, 300000, 3));
	/* another array after it: p is no longer the newest and moves */
	unsigned char *other = tt_arena_grow(&a, NULL, 0, 64);
	ck_assert_ptr_nonnull(other);
	fill(other, 64, 8);
	fill(p, 1000000, 4);
	q = tt_arena_grow(&a, p, 1000000, 1100000);
	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_ne(q, p);
	ck_assert(filled(q, 1000000, 4));
	ck_assert(filled(other, 64, 8));
	tt_arena_release(&a);
}
END_TEST

START_TEST(mappings_sit_on_huge_pages)
{
	tt_arena a = {0};
	/* a small first array: a mapping of ordinary pages, no huge page
	 * given whole to a few hundred bytes */
	unsigned char *p = tt_arena_grow(&a, NULL, 0, 100);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(((uintptr_t)p - 64) % 4096, 0);
	/* one of TT_ARENA_SMALL or more, and one larger than a huge page,
	 * each a 2 MB-aligned mapping of its own */
	unsigned char *mid = tt_arena_grow(&a, NULL, 0, TT_ARENA_SMALL);
	ck_assert_ptr_nonnull(mid);
	ck_assert_uint_eq(((uintptr_t)mid - 64) % (2 * MB), 0);
	unsigned char *big = tt_arena_grow(&a, NULL, 0, 5 * MB);
	ck_assert_ptr_nonnull(big);
	ck_assert_uint_eq(((uintptr_t)big - 64) % (2 * MB), 0);
	fill(big, 5 * MB, 1);
	ck_assert(filled(big, 5 * MB, 1));
	fill(p, 100, 2);
	ck_assert(filled(p, 100, 2));
	tt_arena_release(&a);
}
END_TEST

START_TEST(reserved_room_takes_a_table)
{
	/* a table of three columns moved to a new arena reserved for
	 * them: they land one after the other in its one mapping, keep
	 * their values, and the old arena goes */
	tt_arena old = {0}, next = {0};
	size_t n[3] = {1000, 3000, 1001}, grown[3] = {5000, 15000, 5005};
	unsigned char *col[3];
	for (unsigned k = 0; k < 3; k++) {
		ck_assert_ptr_nonnull(
		        col[k] = tt_arena_grow(&old, NULL, 0, n[k]));
		fill(col[k], n[k], k);
	}
	ck_assert(tt_arena_reserve(&next, 3, 5000 + 15000 + 5005));
	struct tt_arena_region *one = next.top;
	for (unsigned k = 0; k < 3; k++) {
		unsigned char *q = tt_arena_grow(&next, col[k], n[k], grown[k]);
		ck_assert_ptr_nonnull(q);
		ck_assert(filled(q, n[k], k));
		col[k] = q;
	}
	ck_assert_ptr_eq(next.top, one);
	ck_assert_ptr_eq(col[1], col[0] + 5056); /* 5000 rounded up to 64 */
	ck_assert_ptr_eq(col[2], col[1] + 15040);
	tt_arena_release(&old);
	for (unsigned k = 0; k < 3; k++) {
		ck_assert(filled(col[k], n[k], k));
		fill(col[k], grown[k], k + 5);
	}
	for (unsigned k = 0; k < 3; k++)
		ck_assert(filled(col[k], grown[k], k + 5));
	/* room already there is room: no new mapping */
	ck_assert(tt_arena_reserve(&next, 1, 10));
	ck_assert_ptr_eq(next.top, one);
	/* too much to reserve is refused, the arena as it was */
	ck_assert(!tt_arena_reserve(&next, 1, SIZE_MAX / 2));
	ck_assert(!tt_arena_reserve(&next, SIZE_MAX / 64, 1));
	ck_assert_ptr_eq(next.top, one);
	tt_arena_release(&next);
}
END_TEST

START_TEST(refused_leaves_the_array)
{
	tt_arena a = {0};
	unsigned char *p = tt_arena_grow(&a, NULL, 0, 4096);
	ck_assert_ptr_nonnull(p);
	fill(p, 4096, 9);
	ck_assert_ptr_null(tt_arena_grow(&a, p, 4096, SIZE_MAX));
	ck_assert_ptr_null(tt_arena_grow(&a, p, 4096, SIZE_MAX / 2));
	ck_assert(filled(p, 4096, 9));
	/* and the arena goes on */
	unsigned char *q = tt_arena_grow(&a, p, 4096, 8192);
	ck_assert_ptr_nonnull(q);
	ck_assert(filled(q, 4096, 9));
	tt_arena_release(&a);
	tt_arena_release(&a); /* released twice: nothing left to unmap */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bigmem");
	const tu_case cases[] = {
	        {"columns_grow_side_by_side", columns_grow_side_by_side},
	        {"newest_grows_in_place", newest_grows_in_place},
	        {"mappings_sit_on_huge_pages", mappings_sit_on_huge_pages},
	        {"reserved_room_takes_a_table", reserved_room_takes_a_table},
	        {"refused_leaves_the_array", refused_leaves_the_array},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
