/*
 * testutil.c - small helpers shared by the Check suites.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

const char *tu_src_path(char *buf, size_t size, const char *rel)
{
	const char *root = getenv("TTSIM_SOURCE_DIR");
	snprintf(buf, size, "%s/%s", root ? root : ".", rel);
	return buf;
}

const char *tu_diag_str(const tt_diag *d, char *buf, size_t size)
{
	return tt_diag_format(d, buf, size);
}

int tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
