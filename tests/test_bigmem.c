/*
 * test_bigmem.c - large growing arrays (bigmem.h).
 *
 * What a caller relies on: the contents survive every growth, from
 * malloc's memory into a mapping and from a mapping into a larger one; a
 * mapping grows and shrinks in place while it has room; a failed request
 * leaves the array as it was; and a large array sits a header past a
 * huge-page boundary, so that the kernel can back it with huge pages.
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

START_TEST(grows_keeping_contents)
{
	/* doubling from 1 kB to 16 MB, as a kept column grows */
	unsigned char *p = NULL;
	size_t have = 0;
	for (size_t n = 1024; n <= 16 * MB; n *= 2) {
		unsigned char *q = tt_bigmem_realloc(p, n);
		ck_assert_ptr_nonnull(q);
		ck_assert(filled(q, have, 7));
		fill(q, n, 7);
		p = q;
		have = n;
	}
	tt_bigmem_free(p);
}
END_TEST

START_TEST(small_is_aligned_for_doubles)
{
	double *d = tt_bigmem_realloc(NULL, 3 * sizeof *d);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq((uintptr_t)d % _Alignof(max_align_t), 0);
	tt_bigmem_free(d);
}
END_TEST

START_TEST(large_sits_on_a_huge_page)
{
	unsigned char *p = tt_bigmem_realloc(NULL, TT_BIGMEM_MIN);
	ck_assert_ptr_nonnull(p);
	/* the data follows a 64-byte header at a 2 MB boundary */
	ck_assert_uint_eq(((uintptr_t)p - 64) % (2 * MB), 0);
	tt_bigmem_free(p);
}
END_TEST

START_TEST(mapping_grows_and_shrinks_in_place)
{
	unsigned char *p = tt_bigmem_realloc(NULL, TT_BIGMEM_MIN);
	ck_assert_ptr_nonnull(p);
	fill(p, TT_BIGMEM_MIN, 3);
	/* the mapping is a whole 2 MB: room up to its end */
	unsigned char *q = tt_bigmem_realloc(p, 2 * MB - 64);
	ck_assert_ptr_eq(q, p);
	ck_assert(filled(q, TT_BIGMEM_MIN, 3));
	q = tt_bigmem_realloc(p, 100);
	ck_assert_ptr_eq(q, p);
	ck_assert(filled(q, 100, 3));
	/* one byte more moves it, contents and all */
	fill(p, 2 * MB - 64, 5);
	q = tt_bigmem_realloc(p, 2 * MB - 63);
	ck_assert_ptr_nonnull(q);
	ck_assert(filled(q, 2 * MB - 64, 5));
	tt_bigmem_free(q);
}
END_TEST

START_TEST(refused_leaves_the_array)
{
	unsigned char *p = tt_bigmem_realloc(NULL, 4096);
	ck_assert_ptr_nonnull(p);
	fill(p, 4096, 9);
	ck_assert_ptr_null(tt_bigmem_realloc(p, SIZE_MAX));
	ck_assert_ptr_null(tt_bigmem_realloc(p, SIZE_MAX / 2));
	ck_assert(filled(p, 4096, 9));
	tt_bigmem_free(p);
	tt_bigmem_free(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bigmem");
	const tu_case cases[] = {
	        {"grows_keeping_contents", grows_keeping_contents},
	        {"small_is_aligned_for_doubles", small_is_aligned_for_doubles},
	        {"large_sits_on_a_huge_page", large_sits_on_a_huge_page},
	        {"mapping_grows_and_shrinks_in_place",
	         mapping_grows_and_shrinks_in_place},
	        {"refused_leaves_the_array", refused_leaves_the_array},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
