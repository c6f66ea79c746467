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

void tu_add_cases(Suite *s, const tu_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
}

int tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
