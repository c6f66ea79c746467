/*
 * cmd_metric_check.c - `ttsim metric-check SCENARIO`: is each policy's
 * metric a valid utilization metric for target tracking, and what will
 * the policy do with it?
 *
 * The library (metric_check.h) probes the metrics, judges them and
 * writes the result: a table per policy (the metric at each probed
 * capacity and load level, with the alarm it would set off), the slopes,
 * the predicted and simulated steady states, and the verdict with its
 * reasons; or all of it as JSON with --json.  This file reads the
 * options, loads the scenario and sends the result to standard output.
 * Exit code 0 when every policy is valid, 1 when one is not, 2 for bad
 * input, 3 internal.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ttsim/metric_check.h"
#include "ttsim/scenario.h"
#include "ttsim/workload.h"

static const char metric_check_help[] =
        "usage: ttsim metric-check SCENARIO.yaml|- [--load RATE]... "
        "[--json]\n"
        "                          [--mode fluid|request] [--seed N] "
        "[--no-run]\n"
        "\n"
        "Hold the scenario's load steady at several levels, run the fleet\n"
        "at fixed capacities from min to max, and tell whether each "
        "policy's\n"
        "metric behaves as a utilization (log-log slope against capacity\n"
        "near -1), where the policy will settle, and what goes wrong if "
        "not.\n"
        "\n"
        "  --load RATE        a load level, per minute ('600') or with a "
        "unit\n"
        "                     ('10/s', '36000/h'); repeatable (default: "
        "25, 50\n"
        "                     and 100 % of the workload's peak)\n"
        "  --json             the whole result as JSON on standard output\n"
        "  --mode MODE        override simulation.mode (fluid or request)\n"
        "  --seed N           override simulation.seed\n"
        "  --no-run           predict the steady state without the full "
        "runs\n"
        "\n"
        "exit codes: 0 every metric valid, 1 a metric is not, 2 bad usage "
        "or\n"
        "input, 3 internal error\n";

/*
 * "600", "600/min", "10/s", "36000/h" into invocations per minute.  False
 * for anything else; a rate past TT_WORKLOAD_RATE_MAX, the limit of a
 * workload's rate, is read but sets *too_large.
 */
static bool parse_rate(const char *text, double *out, bool *too_large)
{
	char *end;
	*too_large = false;
	errno = 0;
	double v = strtod(text, &end);
	/* "1e400" overflows to infinity, too large; "inf", "nan" and an
	 * underflow are not rates at all. */
	bool overflow = errno == ERANGE && isinf(v);
	if (end == text || !(v > 0) || (errno && !overflow) ||
	    (isinf(v) && !overflow))
		return false;
	double per = 1;
	if (*end == '\0' || strcmp(end, "/min") == 0)
		per = 1;
	else if (strcmp(end, "/s") == 0)
		per = 60;
	else if (strcmp(end, "/h") == 0)
		per = 1.0 / 60;
	else
		return false;
	*out = v * per;
	*too_large = !(*out <= TT_WORKLOAD_RATE_MAX);
	return true;
}

int tt_cmd_metric_check(int argc, char **argv)
{
	const char *scenario = NULL;
	const char *seed_text = NULL;
	const char *mode = NULL;
	bool json = false, stdin_claimed = false;
	tt_mc_options o = {0};
	double rates[TT_MC_MAX_LEVELS];

	enum {
		OPT_JSON = TT_CLI_LONG,
		OPT_NO_RUN,
		OPT_LOAD,
		OPT_SEED,
		OPT_MODE
	};
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"json", no_argument, NULL, OPT_JSON},
	        {"no-run", no_argument, NULL, OPT_NO_RUN},
	        {"load", required_argument, NULL, OPT_LOAD},
	        {"seed", required_argument, NULL, OPT_SEED},
	        {"mode", required_argument, NULL, OPT_MODE},
	        {0}};
	tt_cli_args a;
	tt_cli_args_init(&a, "metric-check", argc, argv, "h", longs);
	for (int c; (c = tt_cli_args_next(&a)) != TT_CLI_DONE;) {
		const char *v = a.arg;
		bool too_large;
		switch (c) {
		case 'h':
			fputs(metric_check_help, stdout);
			return TT_EXIT_OK;
		case OPT_JSON:
			json = true;
			break;
		case OPT_NO_RUN:
			o.skip_runs = true;
			break;
		case OPT_LOAD:
			if (o.n_rates == TT_MC_MAX_LEVELS)
				return tt_cli_usage_error(
				        "metric-check",
				        "at most %d --load levels",
				        TT_MC_MAX_LEVELS);
			if (!parse_rate(v, &rates[o.n_rates], &too_large))
				return tt_cli_usage_error(
				        "metric-check",
				        "invalid --load '%s' (expected a rate "
				        "> 0 per minute, or 'N/s', 'N/min', "
				        "'N/h')",
				        v);
			if (too_large)
				return tt_cli_usage_error(
				        "metric-check",
				        "'--load' is too large, got %s "
				        "(at most %s/min)",
				        v, TT_LIMIT_TEXT(TT_WORKLOAD_RATE_MAX));
			o.n_rates++;
			break;
		case OPT_SEED:
			seed_text = v;
			break;
		case OPT_MODE:
			mode = v;
			break;
		case TT_CLI_OPERAND:
			if (tt_cli_claim_stdin("metric-check", v,
			                       &stdin_claimed))
				return TT_EXIT_INPUT;
			if (scenario)
				return tt_cli_usage_error(
				        "metric-check",
				        "more than one scenario given ('%s', "
				        "'%s')",
				        scenario, v);
			scenario = v;
			break;
		default: /* TT_CLI_BAD, reported */
			return TT_EXIT_INPUT;
		}
	}
	if (!scenario)
		return tt_cli_usage_error("metric-check", "no scenario given");

	uint64_t seed = 0;
	if (seed_text) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(seed_text, &end, 10);
		if (errno || end == seed_text || *end || seed_text[0] == '-' ||
		    n > INT64_MAX)
			return tt_cli_usage_error(
			        "metric-check",
			        "invalid --seed '%s' (expected an integer from "
			        "0 to 9223372036854775807)",
			        seed_text);
		seed = n;
	}
	if (mode && strcmp(mode, "fluid") != 0 && strcmp(mode, "request") != 0)
		return tt_cli_usage_error(
		        "metric-check",
		        "invalid --mode '%s' (expected fluid or request)",
		        mode);
	o.rates_per_min = rates;

	tt_scenario s;
	tt_diag d;
	tt_diag_clear(&d);
	if (tt_cli_load_scenario(scenario, NULL, &s, &d))
		return tt_cli_fail(&d);
	tt_cli_print_notes(&s.notes);
	if (seed_text)
		tt_scenario_set_seed(&s, seed);
	if (mode)
		s.mode = strcmp(mode, "request") == 0 ? TT_MODE_REQUEST
		                                      : TT_MODE_FLUID;

	tt_mc_result r;
	int code;
	if (tt_metric_check(&s, &o, &r, &d)) {
		code = tt_cli_fail(&d);
	} else {
		tt_code rc = json ? tt_mc_write_json(stdout, &s, &r, &d)
		                  : tt_mc_write_text(stdout, &s, &r, &d);
		if (rc)
			code = tt_cli_fail(&d);
		else
			code = r.valid ? TT_EXIT_OK : TT_EXIT_EXPECT;
		tt_mc_result_release(&r);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr,
			        "ttsim metric-check: error: cannot write "
			        "standard output: %s\n",
			        strerror(errno));
			code = TT_EXIT_INPUT;
		}
	}
	tt_scenario_release(&s);
	return code;
}
