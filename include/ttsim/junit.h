/*
 * junit.h - test results as JUnit XML, the format CI systems read.
 *
 * The shape is the common denominator of the JUnit schemas that Jenkins,
 * GitLab, GitHub Actions reporters and Ant read:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites name=".." tests="N" failures="N" errors="0" time="0">
 *     <testsuite name=".." tests="N" failures="N" errors="0" time="0">
 *       <testcase name=".." classname=".." time="0">
 *         <failure message="..">detail</failure>      (a failed case)
 *       </testcase>
 *     </testsuite>
 *   </testsuites>
 *
 * Times are always "0": a simulator's results must not depend on the
 * clock, so the same run writes the same bytes.  Text is escaped for XML
 * 1.0 (& < > " ' as entities; tab, newline and carriage return in
 * attributes as character references; other control characters, which XML
 * 1.0 cannot carry at all, as '?').  The caller opens and commits the file
 * (outfile.h); the writer only formats.
 */
#ifndef TTSIM_JUNIT_H
#define TTSIM_JUNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct tt_junit_case {
	const char *name;
	const char *classname;
	const char *failure; /* NULL: passed; else the failure's message */
	const char *detail;  /* the failure's text, NULL for none */
} tt_junit_case;

typedef struct tt_junit_suite {
	const char *name;
	const tt_junit_case *cases;
	size_t n_cases;
} tt_junit_suite;

/*
 * Write the document for `n_suites` suites to f, the root <testsuites>
 * named `name`.  Everything is borrowed; nothing is kept.  Write errors
 * show on the stream (ferror), which tt_outfile_commit checks.
 */
void tt_junit_write(FILE *f, const char *name, const tt_junit_suite *suites,
                    size_t n_suites);

/* Write `s` escaped for the inside of an XML attribute value (in_attr) or
 * for element text.  NULL writes nothing. */
void tt_junit_escape(FILE *f, const char *s, bool in_attr);

#endif
