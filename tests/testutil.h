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

/* Run one suite and return the process exit status (0 when all passed). */
int tu_run_suite(Suite *s);

#endif
