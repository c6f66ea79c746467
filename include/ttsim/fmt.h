/*
 * fmt.h - the one number and time formatter for every output.
 *
 * All outputs go through these so that the same run prints the same bytes
 * on every machine and build: C-locale digits, the shortest of %.15g,
 * %.16g and %.17g that reads back as the same double, no "-0".
 */
#ifndef TTSIM_FMT_H
#define TTSIM_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TT_FMT_BUF 40

/* Decimal digits of v into buf (at least 21 bytes); returns the length. */
size_t tt_fmt_uint(uint64_t v, char *buf);

/* Format a finite double; NaN and infinities print as "nan" / "inf". */
char *tt_fmt_double(double v, char buf[TT_FMT_BUF]);

/*
 * Write n bytes of s escaped for XML (SVG, HTML, JUnit), good in text
 * and in attribute values alike: & < > " ' as entities, tab, newline and
 * carriage return as character references (so attributes keep them),
 * other control bytes (which XML 1.0 cannot hold) left out.
 */
void tt_fmt_xml(FILE *f, const char *s, size_t n);

/* Unix seconds as ISO 8601 UTC, "1998-04-30T21:30:00Z". */
char *tt_fmt_iso8601(int64_t unix_s, char buf[TT_FMT_BUF]);

#endif
