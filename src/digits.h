/*
 * digits.h - ASCII digits eight bytes at a time.
 *
 * Private to the library.  The readers of trace rows check a time's and
 * a count's digits a machine word at a time (simtime.c, calendar.h,
 * csv.h): this is the one test they share.
 */
#ifndef TTSIM_DIGITS_H
#define TTSIM_DIGITS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The eight bytes at p as one word, in the machine's byte order. */
static inline uint64_t tt_load8(const void *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof w);
	return w;
}

/*
 * Whether the bytes of `w` that `m` selects (0xff) are all ASCII digits.
 * A digit, 0x30 to 0x39, has the high nibble 3 and keeps it when 6 is
 * added; the additions cannot carry into the next byte once every
 * selected byte is 0x3_ (at most 0x3f + 6).  The constants repeat one
 * byte, so the byte order does not matter.
 */
static inline bool tt_digits8(uint64_t w, uint64_t m)
{
	uint64_t high = 0xf0f0f0f0f0f0f0f0u & m;
	uint64_t threes = 0x3030303030303030u & m;
	uint64_t sixes = 0x0606060606060606u & m;
	return (w & high) == threes && (((w & m) + sixes) & high) == threes;
}

#endif
