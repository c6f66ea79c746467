/*
 * cmd_metric_check.c - `ttsim metric-check SCENARIO`: is each policy's
 * metric a valid utilization metric for target tracking, and what will
 * the policy do with it?
 *
 * The library (metric_check.h) probes the metrics and judges them; this
 * file only prints: a table per policy (the metric at each probed capacity
 * and load level, with the alarm it would set off), the slopes, the
 * predicted and simulated steady states, and the verdict with its
 * reasons; or all of it as JSON with --json.  Exit code 0 when every
 * policy is valid, 1 when one is not, 2 for bad input, 3 internal.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ttsim/fmt.h"
#include "ttsim/metric_check.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"
#include "ttsim/workload.h"

static const char metric_check_help[] =
        "usage: ttsim metric-check SCENARIO.yaml [--load RATE]... [--json]\n"
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

/*
 * A metric for a person: four significant digits, whole from 1000 to
 * 1e15.  Past that the digits would be noise (a metric may reach 1e118)
 * and a column's buffer would cut them: four significant digits again,
 * with an exponent.
 */
static const char *num(double v, char *buf, size_t size)
{
	if (fabs(v) >= 1000 && fabs(v) < 1e15)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.4g", v);
	return buf;
}

static const char *metric_label(const tt_policy *p, char *buf, size_t size)
{
	if (p->metric.kind == TT_METRIC_CUSTOM)
		snprintf(buf, size, "%s (%s)", p->metric.metric_name,
		         tt_statistic_name(p->metric.statistic));
	else
		snprintf(buf, size, "%s",
		         tt_predefined_get(p->metric.predefined)->name);
	return buf;
}

/* "18", or "5 -> 20 -> 11 -> 7 (cycle)". */
static const char *steady_text(const tt_mc_level *l, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < l->cycle_len && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%d",
		                      i ? " -> " : "", l->cycle[i]);
	if (l->cycle_len > 1 && n < size)
		snprintf(buf + n, size - n, " (cycle)");
	return buf;
}

static const char *run_text(const tt_mc_level *l, char *buf, size_t size)
{
	const char *how = l->agrees              ? "agrees"
	                  : l->run_distance == 1 ? "within 1"
	                                         : "differs";
	if (!l->has_run)
		snprintf(buf, size, "-");
	else if (l->run_lo == l->run_hi)
		snprintf(buf, size, "%d (%s)", l->run_final, how);
	else
		snprintf(buf, size, "%d..%d (%s)", l->run_lo, l->run_hi, how);
	return buf;
}

static void print_policy(const tt_mc_result *r, const tt_mc_policy *mp)
{
	const tt_policy *p = mp->policy;
	char buf[512], a[64], b[80];
	/* names and reasons come from the scenario: escaped */
	printf("\n");
	tt_cli_printf(stdout, "policy '%s': %s, target %s, AlarmLow below %s\n",
	              p->name, metric_label(p, buf, sizeof buf),
	              num(p->target_value, a, sizeof a),
	              num(r->low_ratio * p->target_value, b, sizeof b));

	/* Header: one metric and alarm column pair per load level. */
	printf("\n  %-10s", "load/min");
	for (size_t l = 0; l < r->n_levels; l++)
		printf("  %13s", num(mp->levels[l].rate_per_min, a, sizeof a));
	printf("\n  %-10s", "capacity");
	for (size_t l = 0; l < r->n_levels; l++)
		printf("  %8s %4s", "metric", "alarm");
	printf("\n");
	for (size_t k = 0; k < r->n_capacities; k++) {
		printf("  %-10d", r->capacities[k]);
		for (size_t l = 0; l < r->n_levels; l++) {
			const tt_mc_point *pt = &mp->levels[l].points[k];
			if (!pt->has_metric) {
				printf("  %8s %4s", "-", "-");
				continue;
			}
			snprintf(b, sizeof b, "%s%s",
			         num(pt->metric, a, sizeof a),
			         pt->capped ? "*" : "");
			printf("  %8s %4s", b, tt_mc_alarm_name(pt->alarm));
		}
		printf("\n");
	}
	printf("  %-10s", "slope");
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_level *lv = &mp->levels[l];
		if (lv->has_slope)
			snprintf(a, sizeof a, "%+.2f", lv->slope);
		else
			snprintf(a, sizeof a, "-");
		printf("  %13s", a);
	}
	printf("\n");
	if (mp->has_cap)
		printf("  (* on the cap, %s: left out of the slope)\n",
		       num(mp->cap, a, sizeof a));

	printf("\n  %-10s  %-30s  %s\n", "load/min", "predicted steady state",
	       "simulated (last third of the run)");
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_level *lv = &mp->levels[l];
		char st[TT_MC_CYCLE_MAX * 12 + 16], rt[64];
		printf("  %-10s  %-30s  %s\n",
		       num(lv->rate_per_min, a, sizeof a),
		       steady_text(lv, st, sizeof st),
		       run_text(lv, rt, sizeof rt));
	}

	printf("\n  slope ");
	if (mp->has_slope)
		printf("%+.2f", mp->slope);
	else
		printf("unknown (fewer than two usable capacities)");
	printf(" (a utilization has -1; valid in [%.1f, %.1f])\n",
	       TT_MC_SLOPE_VALID_LO, TT_MC_SLOPE_VALID_HI);
	if (!mp->findings) {
		printf("  verdict: valid\n");
		return;
	}
	printf("  verdict: invalid\n");
	for (int f = 0; f < TT_MC_FINDING_COUNT; f++)
		if (mp->findings & (1u << f))
			tt_cli_printf(stdout, "    - %s: %s\n",
			              tt_mc_finding_title((tt_mc_finding)f),
			              mp->reason[f]);
}

static void print_human(const tt_scenario *s, const tt_mc_result *r)
{
	char a[64], dur[64];
	tt_cli_printf(stdout, "ttsim metric-check: '%s' in %s mode\n", s->name,
	              r->mode == TT_MODE_REQUEST ? "request" : "fluid");
	if (r->peak_per_min > 0)
		printf("  loads      25, 50 and 100 %% of the workload's peak "
		       "of %s/min\n",
		       num(r->peak_per_min, a, sizeof a));
	else
		printf("  loads      as given with --load\n");
	printf("  capacities %d to %d (%zu probed, each at a fixed capacity); "
	       "%" PRIu64 " probe runs\n",
	       r->capacities[0], r->capacities[r->n_capacities - 1],
	       r->n_capacities, r->probes);
	printf("  steady state from capacity %d; ", r->start_capacity);
	if (r->run_us > 0)
		printf("full runs of %s h\n",
		       num((double)r->run_us / 3.6e9, dur, sizeof dur));
	else
		printf("no full runs\n");
	for (size_t i = 0; i < r->n_policies; i++)
		print_policy(r, &r->policies[i]);
}

/* ---- JSON ---- */

static void json_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void json_number(double v)
{
	char buf[TT_FMT_BUF];
	if (!isfinite(v))
		fputs("null", stdout);
	else
		fputs(tt_fmt_double(v, buf), stdout);
}

static void json_level(const tt_mc_result *r, const tt_mc_level *lv)
{
	printf("{\"rate_per_min\": ");
	json_number(lv->rate_per_min);
	printf(", \"fraction_of_peak\": ");
	if (lv->fraction > 0)
		json_number(lv->fraction);
	else
		fputs("null", stdout);
	printf(", \"slope\": ");
	if (lv->has_slope)
		json_number(lv->slope);
	else
		fputs("null", stdout);
	printf(", \"steady_state\": [");
	for (size_t i = 0; i < lv->cycle_len; i++)
		printf("%s%d", i ? ", " : "", lv->cycle[i]);
	printf("], \"oscillates\": %s", lv->cycle_len > 1 ? "true" : "false");
	if (lv->has_run)
		printf(", \"run\": {\"final\": %d, \"low\": %d, \"high\": %d, "
		       "\"distance\": %d, \"agrees\": %s}",
		       lv->run_final, lv->run_lo, lv->run_hi, lv->run_distance,
		       lv->agrees ? "true" : "false");
	else
		printf(", \"run\": null");
	printf(",\n          \"points\": [");
	for (size_t k = 0; k < r->n_capacities; k++) {
		const tt_mc_point *pt = &lv->points[k];
		printf("%s{\"capacity\": %d, \"metric\": ", k ? ", " : "",
		       pt->capacity);
		if (pt->has_metric)
			json_number(pt->metric);
		else
			fputs("null", stdout);
		printf(", \"capped\": %s, \"alarm\": ",
		       pt->capped ? "true" : "false");
		if (pt->has_metric && pt->alarm != TT_MC_ALARM_NONE)
			json_string(tt_mc_alarm_name(pt->alarm));
		else
			fputs("null", stdout);
		putchar('}');
	}
	printf("]}");
}

static void json_policy(const tt_mc_result *r, const tt_mc_policy *mp)
{
	const tt_policy *p = mp->policy;
	char buf[512];
	printf("    {\"name\": ");
	json_string(p->name);
	printf(", \"metric\": ");
	json_string(metric_label(p, buf, sizeof buf));
	printf(", \"target\": ");
	json_number(p->target_value);
	printf(", \"low_threshold\": ");
	json_number(r->low_ratio * p->target_value);
	printf(",\n      \"valid\": %s, \"slope\": ",
	       mp->findings ? "false" : "true");
	if (mp->has_slope)
		json_number(mp->slope);
	else
		fputs("null", stdout);
	printf(", \"cap\": ");
	if (mp->has_cap)
		json_number(mp->cap);
	else
		fputs("null", stdout);
	printf(",\n      \"findings\": [");
	bool first = true;
	for (int f = 0; f < TT_MC_FINDING_COUNT; f++) {
		if (!(mp->findings & (1u << f)))
			continue;
		printf("%s\n        {\"finding\": ", first ? "" : ",");
		json_string(tt_mc_finding_name((tt_mc_finding)f));
		printf(", \"title\": ");
		json_string(tt_mc_finding_title((tt_mc_finding)f));
		printf(", \"reason\": ");
		json_string(mp->reason[f]);
		putchar('}');
		first = false;
	}
	printf("],\n      \"levels\": [");
	for (size_t l = 0; l < r->n_levels; l++) {
		printf("%s\n        ", l ? "," : "");
		json_level(r, &mp->levels[l]);
	}
	printf("]}");
}

static void print_json(const tt_scenario *s, const tt_mc_result *r)
{
	printf("{\"scenario\": ");
	json_string(s->name);
	printf(", \"mode\": \"%s\", \"valid\": %s,\n",
	       r->mode == TT_MODE_REQUEST ? "request" : "fluid",
	       r->valid ? "true" : "false");
	printf("  \"peak_per_min\": ");
	if (r->peak_per_min > 0)
		json_number(r->peak_per_min);
	else
		fputs("null", stdout);
	printf(", \"start_capacity\": %d, \"run_s\": %" PRId64
	       ", \"probes\": %" PRIu64 ",\n",
	       r->start_capacity, (int64_t)(r->run_us / TT_US_PER_S),
	       r->probes);
	printf("  \"thresholds\": {\"slope_valid\": [");
	json_number(TT_MC_SLOPE_VALID_LO);
	printf(", ");
	json_number(TT_MC_SLOPE_VALID_HI);
	printf("], \"slope_flat\": ");
	json_number(TT_MC_SLOPE_FLAT);
	printf(", \"cap_min_ratio\": ");
	json_number(TT_MC_CAP_MIN_RATIO);
	printf(", \"low_ratio\": ");
	json_number(r->low_ratio);
	printf("},\n  \"capacities\": [");
	for (size_t k = 0; k < r->n_capacities; k++)
		printf("%s%d", k ? ", " : "", r->capacities[k]);
	printf("],\n  \"policies\": [\n");
	for (size_t i = 0; i < r->n_policies; i++) {
		json_policy(r, &r->policies[i]);
		printf("%s\n", i + 1 < r->n_policies ? "," : "");
	}
	printf("  ]}\n");
}

int tt_cmd_metric_check(int argc, char **argv)
{
	const char *scenario = NULL;
	const char *seed_text = NULL;
	const char *mode = NULL;
	bool json = false;
	tt_mc_options o = {0};
	double rates[TT_MC_MAX_LEVELS];

	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		bool missing = false;
		const char *arg = argv[i];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			fputs(metric_check_help, stdout);
			return TT_EXIT_OK;
		}
		if (strcmp(arg, "--json") == 0) {
			json = true;
			continue;
		}
		if (strcmp(arg, "--no-run") == 0) {
			o.skip_runs = true;
			continue;
		}
		if (tt_cli_option(argc, argv, &i, "--load", NULL, &v,
		                  &missing)) {
			if (missing)
				return tt_cli_usage_error(
				        "metric-check",
				        "option '%s' needs a value", arg);
			if (o.n_rates == TT_MC_MAX_LEVELS)
				return tt_cli_usage_error(
				        "metric-check",
				        "at most %d --load levels",
				        TT_MC_MAX_LEVELS);
			bool too_large;
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
		} else if (tt_cli_option(argc, argv, &i, "--seed", NULL, &v,
		                         &missing)) {
			seed_text = v;
		} else if (tt_cli_option(argc, argv, &i, "--mode", NULL, &v,
		                         &missing)) {
			mode = v;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return tt_cli_usage_error("metric-check",
			                          "unknown option '%s'", arg);
		} else if (scenario) {
			return tt_cli_usage_error(
			        "metric-check",
			        "more than one scenario given ('%s', '%s')",
			        scenario, arg);
		} else {
			scenario = arg;
		}
		if (missing)
			return tt_cli_usage_error("metric-check",
			                          "option '%s' needs a value",
			                          arg);
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
	if (tt_scenario_load_file(scenario, &s, &d))
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
		if (json)
			print_json(&s, &r);
		else
			print_human(&s, &r);
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
