/*
 * cmd_check.c - `ttsim check SCENARIO...`: run each scenario and verify its
 * `expect:` block, for regression runs in CI.
 *
 * Every scenario is loaded before any runs, so a typo in the last file is
 * reported in a second, not after an hour of simulation.  Each expectation
 * prints one line, PASS or FAIL with the figure, its value, the bound and
 * where the bound is written; the exit code is 1 when any failed.  With
 * --junit the same results go to a JUnit XML file, written whole or not at
 * all (outfile.h), and only when every scenario could be run: bad input
 * exits 2 and writes nothing, as everywhere in ttsim.  No other file is
 * written: a check is a run without outputs.  A scenario without an
 * `expect:` block is not run: it gets a warning, and with --strict the
 * exit code 1, so a CI job pointed at the wrong file cannot pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ttsim/expect.h"
#include "ttsim/fmt.h"
#include "ttsim/junit.h"
#include "ttsim/outfile.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

static const char check_help[] =
        "usage: ttsim check SCENARIO.yaml... [--junit FILE] [--set "
        "KEY=VALUE]... [-q]\n"
        "                   [--strict]\n"
        "\n"
        "Run each scenario and check the bounds of its 'expect:' block on\n"
        "the run's summary figures.  Prints one line per bound:\n"
        "\n"
        "  PASS max_instances = 9, expected <= 12 (ci/seed.yaml:20:18)\n"
        "\n"
        "and exits 1 if any failed, 0 if all held, 2 on bad input.  A\n"
        "scenario without 'expect:' gets a warning ('-': standard input).\n"
        "\n"
        "  --junit FILE       also write the results as JUnit XML\n"
        "  --set KEY=VALUE    change every scenario as 'ttsim run' does\n"
        "  -q, --quiet        print only the failures and the total\n"
        "  --strict           exit 1 when a scenario has no 'expect:' "
        "block\n";

/* One scenario on the command line and what became of it. */
typedef struct checked {
	const char *path; /* as given: a file, or `-` */
	const char *name; /* as messages say it: the path, or "<stdin>" */
	tt_scenario s;
	bool ran;
	bool no_expect;            /* nothing to check: ran without running */
	tt_expect_result *results; /* s.n_expect */
	size_t failed;
	/* JUnit text, one per expectation: name, message, detail */
	char **text;
	tt_junit_case *cases;
} checked;

/* "max_instances = 9, expected <= 12" */
static void describe(const tt_expect_result *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s = %s, expected %s", r->expect->figure,
	         r->value_text, r->bound_text);
}

static void print_result(const tt_expect_result *r)
{
	char what[256];
	const tt_loc *l = &r->expect->loc;
	describe(r, what, sizeof what);
	tt_cli_printf(stdout, "%s %s (%s:%d:%d)\n", r->pass ? "PASS" : "FAIL",
	              what, l->file, l->line, l->col);
}

/* Load, run and check one scenario; returns an exit code (0: it ran). */
static int check_one(checked *c, bool quiet)
{
	tt_diag d;
	tt_diag_clear(&d);
	tt_cli_print_notes(&c->s.notes);
	if (!c->s.has_expect) {
		/* a warning, not a note: a CI job pointed at the wrong file
		 * would otherwise pass having checked nothing (--strict
		 * makes it fail) */
		tt_cli_printf(stderr,
		              "%s: warning: no 'expect:' block; nothing is "
		              "checked\n",
		              c->name);
		c->ran = true;
		c->no_expect = true;
		return TT_EXIT_OK;
	}
	tt_summary sum;
	if (tt_sim_run(&c->s, NULL, &sum, &d))
		return tt_cli_fail(&d);
	tt_cli_print_notes(&sum.notes);
	c->results = calloc(c->s.n_expect, sizeof *c->results);
	if (!c->results) {
		tt_summary_release(&sum);
		return tt_cli_nomem("check");
	}
	c->failed = tt_expect_check(&c->s, &sum, c->results);
	tt_summary_release(&sum);
	/* a figure the outputs cannot hold is a bug, not a failed bound */
	char where[TT_DIAG_FILE_MAX + 32];
	snprintf(where, sizeof where, "the check of '%s'", c->name);
	for (size_t i = 0; i < c->s.n_expect; i++) {
		const tt_expect_result *r = &c->results[i];
		char num[TT_FMT_BUF];
		if (r->has_value &&
		    tt_fmt_finite(r->value, where, r->expect->figure, num, &d))
			return tt_cli_fail(&d);
	}
	c->ran = true;
	for (size_t i = 0; i < c->s.n_expect; i++)
		if (!quiet || !c->results[i].pass)
			print_result(&c->results[i]);
	return TT_EXIT_OK;
}

static char *format_text(const char *fmt, const char *a, const char *b)
{
	size_t n = (size_t)snprintf(NULL, 0, fmt, a, b) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, fmt, a, b);
	return p;
}

/* The JUnit cases of one checked scenario; false when out of memory. */
static bool junit_cases(checked *c)
{
	size_t n = c->s.n_expect;
	if (n == 0)
		return true;
	c->cases = calloc(n, sizeof *c->cases);
	c->text = calloc(3 * n, sizeof *c->text);
	if (!c->cases || !c->text)
		return false;
	for (size_t i = 0; i < n; i++) {
		const tt_expect_result *r = &c->results[i];
		char what[256], where[TT_DIAG_FILE_MAX + 64];
		describe(r, what, sizeof what);
		snprintf(where, sizeof where, "%s:%d:%d", r->expect->loc.file,
		         r->expect->loc.line, r->expect->loc.col);
		char **t = &c->text[3 * i];
		t[0] = format_text("%s %s", r->expect->figure, r->bound_text);
		if (!t[0])
			return false;
		c->cases[i].name = t[0];
		c->cases[i].classname = c->s.name;
		if (r->pass)
			continue;
		t[1] = strdup(what);
		t[2] = format_text("%s: %s", where, what);
		if (!t[1] || !t[2])
			return false;
		c->cases[i].failure = t[1];
		c->cases[i].detail = t[2];
	}
	return true;
}

static int write_junit(tt_outfile *out, checked *cs, size_t n)
{
	tt_diag d;
	tt_diag_clear(&d);
	tt_junit_suite *suites = calloc(n, sizeof *suites);
	if (!suites)
		goto out_of_memory;
	for (size_t i = 0; i < n; i++) {
		if (!junit_cases(&cs[i]))
			goto out_of_memory;
		suites[i].name = cs[i].name;
		suites[i].cases = cs[i].cases;
		suites[i].n_cases = cs[i].s.n_expect;
	}
	tt_junit_write(out->f, "ttsim check", suites, n);
	free(suites);
	if (tt_cli_outfile_commit(out, &d))
		return tt_cli_fail(&d);
	return TT_EXIT_OK;

out_of_memory:
	free(suites);
	tt_cli_outfile_abort(out);
	return tt_cli_nomem("check");
}

static void release_checked(checked *cs, size_t n)
{
	if (!cs)
		return;
	for (size_t i = 0; i < n; i++) {
		if (cs[i].text)
			for (size_t j = 0; j < 3 * cs[i].s.n_expect; j++)
				free(cs[i].text[j]);
		free(cs[i].text);
		free(cs[i].cases);
		free(cs[i].results);
		tt_scenario_release(&cs[i].s);
	}
	free(cs);
}

static int worse(int a, int b)
{
	/* internal (3) over bad input (2) over failed expectations (1) */
	return a > b ? a : b;
}

int tt_cmd_check(int argc, char **argv)
{
	const char *junit = NULL;
	bool quiet = false, strict = false, stdin_claimed = false;
	tt_overrides ov = {0};
	checked *cs = NULL;
	size_t n = 0;
	tt_outfile out = {0};
	int exit_code = TT_EXIT_OK;

	/* every argument could be a scenario or a --set */
	ov.items = calloc((size_t)argc, sizeof *ov.items);
	cs = calloc((size_t)argc, sizeof *cs);
	if (!ov.items || !cs) {
		exit_code = tt_cli_nomem("check");
		goto out_release;
	}
	enum { OPT_JUNIT = TT_CLI_LONG, OPT_SET, OPT_STRICT };
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"junit", required_argument, NULL, OPT_JUNIT},
	        {"set", required_argument, NULL, OPT_SET},
	        {"strict", no_argument, NULL, OPT_STRICT},
	        {0}};
	tt_cli_args a;
	tt_cli_args_init(&a, "check", argc, argv, "hq", longs);
	for (int c; (c = tt_cli_args_next(&a)) != TT_CLI_DONE;) {
		tt_code rc;
		switch (c) {
		case 'h':
			fputs(check_help, stdout);
			goto out_release;
		case 'q':
			quiet = true;
			break;
		case OPT_STRICT:
			strict = true;
			break;
		case OPT_JUNIT:
			junit = a.arg;
			break;
		case OPT_SET:
			rc = tt_cli_split_set(a.arg, &ov.items[ov.n]);
			if (rc == TT_ENOMEM) {
				exit_code = tt_cli_nomem("check");
				goto out_release;
			}
			if (rc) {
				exit_code = tt_cli_usage_error(
				        "check",
				        "invalid --set '%s' (expected "
				        "KEY=VALUE)",
				        a.arg);
				goto out_release;
			}
			ov.n++;
			break;
		case TT_CLI_OPERAND:
			if ((exit_code = tt_cli_claim_stdin("check", a.arg,
			                                    &stdin_claimed)))
				goto out_release;
			cs[n].path = a.arg;
			cs[n++].name = tt_cli_is_stdin(a.arg)
			                       ? TT_CLI_STDIN_NAME
			                       : a.arg;
			break;
		default: /* TT_CLI_BAD, reported */
			exit_code = TT_EXIT_INPUT;
			goto out_release;
		}
	}
	if (n == 0) {
		exit_code = tt_cli_usage_error("check", "no scenario given");
		goto out_release;
	}
	if (junit) {
		tt_diag d;
		tt_diag_clear(&d);
		if (tt_cli_outfile_open(&out, junit, &d)) {
			exit_code = tt_cli_fail(&d);
			goto out_release;
		}
	}

	/* Load everything first: bad input is found before any run. */
	for (size_t i = 0; i < n; i++) {
		tt_diag d;
		tt_diag_clear(&d);
		if (tt_cli_load_scenario(cs[i].path, &ov, &cs[i].s, &d))
			exit_code = worse(exit_code, tt_cli_fail(&d));
	}
	if (exit_code != TT_EXIT_OK)
		goto out_release;

	size_t passed = 0, failed = 0, unchecked = 0;
	for (size_t i = 0; i < n; i++) {
		exit_code = worse(exit_code, check_one(&cs[i], quiet));
		if (!cs[i].ran)
			continue;
		unchecked += cs[i].no_expect;
		failed += cs[i].failed;
		passed += cs[i].s.n_expect - cs[i].failed;
	}
	if (exit_code != TT_EXIT_OK)
		goto out_release;
	printf("ttsim check: %zu passed, %zu failed in %zu scenario%s\n",
	       passed, failed, n, n == 1 ? "" : "s");
	if (junit && (exit_code = write_junit(&out, cs, n)))
		goto out_release;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ttsim check: error: cannot write standard "
		                "output\n");
		exit_code = TT_EXIT_INPUT;
		goto out_release;
	}
	exit_code =
	        failed || (strict && unchecked) ? TT_EXIT_EXPECT : TT_EXIT_OK;

out_release:
	tt_cli_outfile_abort(&out);
	release_checked(cs, n);
	tt_cli_free_sets(&ov);
	return exit_code;
}
