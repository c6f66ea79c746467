/*
 * junit.c - the JUnit XML writer (junit.h has the shape).
 *
 * Counts are written before the cases, so they are added up first; the
 * document is then streamed in one pass with no memory of its own.
 */
#include "ttsim/junit.h"

#include <string.h>

#include "ttsim/fmt.h"

void tt_junit_escape(FILE *f, const char *s, bool in_attr)
{
	(void)in_attr; /* one escaping serves text and attributes */
	if (s)
		tt_fmt_xml(f, s, strlen(s));
}

static void attr(FILE *f, const char *key, const char *value)
{
	fprintf(f, " %s=\"", key);
	tt_junit_escape(f, value ? value : "", true);
	fputc('"', f);
}

static size_t failures_of(const tt_junit_suite *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_cases; i++)
		if (s->cases[i].failure)
			n++;
	return n;
}

static void counts(FILE *f, size_t tests, size_t failures)
{
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" time=\"0\"",
	        tests, failures);
}

static void write_case(FILE *f, const tt_junit_case *c)
{
	fputs("    <testcase", f);
	attr(f, "name", c->name);
	attr(f, "classname", c->classname);
	fputs(" time=\"0\"", f);
	if (!c->failure) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n      <failure", f);
	attr(f, "message", c->failure);
	if (c->detail) {
		fputc('>', f);
		tt_junit_escape(f, c->detail, false);
		fputs("</failure>\n", f);
	} else {
		fputs("/>\n", f);
	}
	fputs("    </testcase>\n", f);
}

void tt_junit_write(FILE *f, const char *name, const tt_junit_suite *suites,
                    size_t n_suites)
{
	size_t tests = 0, failures = 0;
	for (size_t i = 0; i < n_suites; i++) {
		tests += suites[i].n_cases;
		failures += failures_of(&suites[i]);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
	attr(f, "name", name);
	counts(f, tests, failures);
	fputs(">\n", f);
	for (size_t i = 0; i < n_suites; i++) {
		const tt_junit_suite *s = &suites[i];
		fputs("  <testsuite", f);
		attr(f, "name", s->name);
		counts(f, s->n_cases, failures_of(s));
		if (!s->n_cases) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n", f);
		for (size_t j = 0; j < s->n_cases; j++)
			write_case(f, &s->cases[j]);
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
}
