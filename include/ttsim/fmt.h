/*
 * fmt.h - the one number and time formatter for every output.
 *
 * All outputs go through these so that the same run prints the same bytes
 * on every machine and build: C-locale digits, the shortest of %.15g,
 * %.16g and %.17g that reads back as the same double, no "-0".
 *
 * Output files hold finite numbers only: every writer formats through
 * tt_fmt_finite, which refuses a NaN or an infinity instead of writing
 * it.  tt_fmt_double, which prints them, is for messages.
 *
 * Text from an input (a scenario's or a policy's name) goes into a file
 * through the one escaper of the file's kind: tt_fmt_xml, tt_fmt_csv_field
 * or tt_fmt_json_string.
 */
#ifndef TTSIM_FMT_H
#define TTSIM_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/diag.h"

#define TT_FMT_BUF 40

/* Decimal digits of v into buf (at least 21 bytes); returns the length. */
size_t tt_fmt_uint(uint64_t v, char *buf);

/*
 * Format a double for a message; NaN and infinities print as "nan",
 * "inf" and "-inf".  Files use tt_fmt_finite.
 */
char *tt_fmt_double(double v, char buf[TT_FMT_BUF]);

/*
 * Format v for an output file as tt_fmt_double does, when it is finite.
 * Inputs are bounded so that every figure is finite (docs/guarantees.md),
 * so a NaN or an infinity reaching a writer is a bug in ttsim: it is
 * refused, never written.  TT_EINTERNAL then, buf set to "", and `d` says
 * "'NAME' in FILE is inf: outputs hold finite numbers only (internal
 * error)"; `file` names the output ("summary.json") and `name` the column
 * or figure, both borrowed for the call.
 */
tt_code tt_fmt_finite(double v, const char *file, const char *name,
                      char buf[TT_FMT_BUF], tt_diag *d);

/*
 * Write n bytes of s escaped for XML (SVG, HTML, JUnit), good in text
 * and in attribute values alike: & < > " ' as entities, tab, newline and
 * carriage return as character references (so attributes keep them),
 * other control bytes (which XML 1.0 cannot hold) left out.
 */
void tt_fmt_xml(FILE *f, const char *s, size_t n);

/*
 * Write s as one CSV field (RFC 4180): as it is, or, when it holds a
 * comma, a double quote, a carriage return or a line feed, between double
 * quotes with each quote doubled.  Every other byte (a tab, any control
 * character, UTF-8) is written as it is: inside quotes a CSV reader takes
 * any byte back, and outside them only those four mean anything.
 */
void tt_fmt_csv_field(FILE *f, const char *s);

/*
 * Write s as a JSON string, the quotes included: '"' and '\' behind a
 * backslash, a line feed as \n, every other byte below 0x20 as \u00XX
 * (JSON allows no raw control character in a string), and every byte
 * from 0x20 up as it is, so UTF-8 text passes through unchanged.  The
 * bytes are not checked for valid UTF-8: they are copied, not decoded.
 */
void tt_fmt_json_string(FILE *f, const char *s);

/* Unix seconds as ISO 8601 UTC, "1998-04-30T21:30:00Z". */
char *tt_fmt_iso8601(int64_t unix_s, char buf[TT_FMT_BUF]);

#endif
