/*
 * testutil.h - small helpers shared by the Check suites.
 */
#ifndef TTSIM_TESTUTIL_H
#define TTSIM_TESTUTIL_H

#include <check.h>
#include <stddef.h>

#include "ttsim/diag.h"

/* Path of a file in the source tree (TTSIM_SOURCE_DIR), in a static-free
 * caller buffer. */
const char *tu_src_path(char *buf, size_t size, const char *rel);

/* Format a diag as the CLI would print it. */
const char *tu_diag_str(const tt_diag *d, char *buf, size_t size);

/* A named test, for suites that are one TCase per behaviour. */
typedef struct tu_case {
	const char *name;
	const TTest *test;
} tu_case;

/* Add one TCase per entry of `cases` to `s`. */
void tu_add_cases(Suite *s, const tu_case *cases, size_t n);

#define TU_ADD_CASES(s, cases)                                                 \
	tu_add_cases((s), (cases), sizeof(cases) / sizeof((cases)[0]))

/* Run one suite and return the process exit status (0 when all passed). */
int tu_run_suite(Suite *s);

#endif
