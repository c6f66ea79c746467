/*
 * cmd_calibrate.c - `ttsim calibrate SCENARIO.yaml --activities FILE`:
 * the scaling activities an account recorded next to a simulation of the
 * same period.
 *
 * The scenario is loaded as `ttsim run` loads it, the output directory
 * and calibrate.csv's temporary file are made before the run (a directory
 * that cannot be written fails at once), and the file is renamed into
 * place only when complete (outfile.h).  The score goes to standard
 * output, one line per measure, so a script can grep for the one it
 * needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "node.h"
#include "ttsim/calibrate.h"
#include "ttsim/outfile.h"
#include "ttsim/scenario.h"

static const char calibrate_help[] =
        "usage: ttsim calibrate SCENARIO.yaml --activities FILE [-o DIR]\n"
        "                       [--window DURATION] [--set KEY=VALUE]... "
        "[-q]\n"
        "\n"
        "Simulate the recorded period (the scenario's workload: a trace\n"
        "with wall-clock times, such as a CloudWatch export) and match each\n"
        "scaling activity in FILE (aws application-autoscaling\n"
        "describe-scaling-activities output) to a simulated one: the same\n"
        "direction and target count, nearest in decision time.  Prints one\n"
        "score line per measure and writes DIR/calibrate.csv (DIR defaults\n"
        "to ./calibrate-out): one row per matched pair and per unmatched\n"
        "activity.  See docs/calibrate.md.\n"
        "\n"
        "  --activities FILE  the recorded activities ('-': standard input)\n"
        "  -o, --output DIR   where calibrate.csv goes (created if missing)\n"
        "  --window DURATION  how far apart two decisions may be to match\n"
        "                     (default 15m)\n"
        "  --set KEY=VALUE    change the scenario, as 'ttsim run --set' "
        "does\n"
        "  -q, --quiet        no score on standard output\n";

typedef struct calibrate_args {
	const char *dir;
	const char *scenario;
	const char *activities;
	const char *window;
	bool quiet;
	tt_overrides ov;
} calibrate_args;

/* Seconds for the score lines: exact, no trailing zeros. */
static const char *secs(tt_time_us us, char *buf)
{
	return tt_time_format_s(us, buf);
}

static void print_score(const tt_calibration *c, const char *dir)
{
	const tt_cal_score *sc = &c->score;
	char a[32];
	printf("matched: %zu\n", sc->matched);
	printf("unmatched recorded: %zu\n", sc->recorded_only);
	printf("unmatched simulated: %zu\n", sc->simulated_only);
	if (sc->has_decision) {
		printf("median decision offset: %s s\n",
		       secs(sc->decision_median_us, a));
		printf("max decision offset: %s s\n",
		       secs(sc->decision_max_us, a));
	} else {
		printf("median decision offset: -\n");
		printf("max decision offset: -\n");
	}
	if (sc->has_completion)
		printf("median completion offset: %s s\n",
		       secs(sc->completion_median_us, a));
	else
		printf("median completion offset: -\n");
	printf("not scaled: %zu matched (%zu same reason), %zu unmatched\n",
	       sc->not_scaled_matched, sc->not_scaled_agree,
	       sc->not_scaled_unmatched);
	printf("skipped recorded: %zu\n", sc->skipped);
	tt_cli_printf(stdout, "wrote %s/calibrate.csv\n", dir);
}

static int calibrate_to_dir(const tt_scenario *s, const calibrate_args *a,
                            tt_time_us window_us)
{
	tt_diag d;
	tt_diag_clear(&d);
	tt_outfile out;
	memset(&out, 0, sizeof out);
	tt_calibration c;
	memset(&c, 0, sizeof c);
	tt_calibrate_options o = {window_us};
	int exit_code = TT_EXIT_OK;
	char *text = NULL;
	size_t len = 0;
	bool from_stdin = tt_cli_is_stdin(a->activities);
	const char *name = from_stdin ? TT_CLI_STDIN_NAME : a->activities;
	char path[4096];

	if (tt_cli_make_dirs(a->dir, &d))
		return tt_cli_fail(&d);
	snprintf(path, sizeof path, "%s/calibrate.csv", a->dir);
	if (tt_cli_outfile_open(&out, path, &d)) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	if ((from_stdin ? tt_read_fd(0, name, &text, &len, &d)
	                : tt_read_file(a->activities, name, &text, &len, &d)) ||
	    tt_calibrate_text(s, text, len, name, &o, &c, &d) ||
	    tt_calibration_write_csv(&c, out.f, &d) ||
	    tt_cli_outfile_commit_group(&out, 1, &d)) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	tt_cli_print_notes(&c.notes);
	if (!a->quiet)
		print_score(&c, a->dir);
release:
	tt_cli_outfile_abort(&out);
	tt_calibration_release(&c);
	free(text);
	return exit_code;
}

static int parse_args(int argc, char **argv, calibrate_args *a)
{
	enum { OPT_SET = TT_CLI_LONG, OPT_ACTIVITIES, OPT_WINDOW };
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"output", required_argument, NULL, 'o'},
	        {"set", required_argument, NULL, OPT_SET},
	        {"activities", required_argument, NULL, OPT_ACTIVITIES},
	        {"window", required_argument, NULL, OPT_WINDOW},
	        {0}};
	bool stdin_claimed = false;
	int rc;
	tt_cli_args g;
	tt_cli_args_init(&g, "calibrate", argc, argv, "ho:q", longs);
	for (int c; (c = tt_cli_args_next(&g)) != TT_CLI_DONE;) {
		switch (c) {
		case 'h':
			fputs(calibrate_help, stdout);
			return -1;
		case 'q':
			a->quiet = true;
			break;
		case 'o':
			a->dir = g.arg;
			break;
		case OPT_WINDOW:
			a->window = g.arg;
			break;
		case OPT_ACTIVITIES:
			if ((rc = tt_cli_claim_stdin("calibrate", g.arg,
			                             &stdin_claimed)))
				return rc;
			a->activities = g.arg;
			break;
		case OPT_SET:
			if (tt_cli_split_set(g.arg, &a->ov.items[a->ov.n]) !=
			    TT_OK)
				return tt_cli_usage_error(
				        "calibrate",
				        "invalid --set '%s' (expected "
				        "KEY=VALUE)",
				        g.arg);
			a->ov.n++;
			break;
		case TT_CLI_OPERAND:
			if (a->scenario)
				return tt_cli_usage_error(
				        "calibrate",
				        "takes one scenario, got '%s' too",
				        g.arg);
			if ((rc = tt_cli_claim_stdin("calibrate", g.arg,
			                             &stdin_claimed)))
				return rc;
			a->scenario = g.arg;
			break;
		default: /* TT_CLI_BAD, reported */
			return TT_EXIT_INPUT;
		}
	}
	if (!a->scenario)
		return tt_cli_usage_error("calibrate", "needs a scenario");
	if (!a->activities)
		return tt_cli_usage_error(
		        "calibrate", "needs --activities FILE (aws "
		                     "application-autoscaling "
		                     "describe-scaling-activities output)");
	return TT_EXIT_OK;
}

int tt_cmd_calibrate(int argc, char **argv)
{
	calibrate_args a = {.dir = "calibrate-out"};
	tt_scenario s;
	bool loaded = false;
	tt_time_us window_us = TT_CALIBRATE_WINDOW_US;
	tt_diag d;
	tt_diag_clear(&d);
	a.ov.items = calloc((size_t)argc, sizeof *a.ov.items);
	int exit_code;
	if (!a.ov.items) {
		exit_code = tt_cli_nomem("calibrate");
		goto release;
	}
	exit_code = parse_args(argc, argv, &a);
	if (exit_code == -1) {
		exit_code = TT_EXIT_OK;
		goto release;
	}
	if (exit_code != TT_EXIT_OK)
		goto release;
	if (a.window) {
		if (tt_duration_parse(a.window, (tt_loc){0}, &window_us, &d) ||
		    window_us <= 0) {
			exit_code = tt_cli_usage_error(
			        "calibrate",
			        "invalid --window '%s' (expected a duration "
			        "above 0, such as 10m)",
			        a.window);
			goto release;
		}
	}
	if (tt_cli_load_scenario(a.scenario, &a.ov, &s, &d)) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	loaded = true;
	tt_cli_print_notes(&s.notes);
	exit_code = calibrate_to_dir(&s, &a, window_us);
release:
	if (loaded)
		tt_scenario_release(&s);
	tt_cli_free_sets(&a.ov);
	return exit_code;
}
