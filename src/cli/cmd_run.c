/*
 * cmd_run.c - `ttsim run`: play a scenario and write its files.
 *
 * The five outputs are one commit: the three data files are written to
 * temporary names in the output directory, the pictures are drawn, and
 * only when all five are complete are they renamed into place (outfile.h,
 * a commit group).  A failed run, a full disk while drawing included,
 * leaves the previous five untouched and nothing partial.
 *
 * The pictures are drawn from the run kept in memory as the recorder
 * wrote it (plot.h, tt_plot_run_data), not from the timeline it has just
 * written: reading back 10 MB of CSV was most of a long run's time.  They
 * are the bytes `ttsim plot` draws from the files (tests/cli_plot.sh).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"
#include "ttsim/outfile.h"
#include "ttsim/plot.h"
#include "ttsim/report_html.h"
#include "ttsim/report.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

static const char run_help[] =
        "usage: ttsim run [SCENARIO.yaml | -] [-o DIR] [--set KEY=VALUE]... "
        "[--seed N]\n"
        "                 [--mode fluid|request] [-q]\n"
        "\n"
        "Run a scenario and write DIR/timeline.csv, DIR/events.csv,\n"
        "DIR/summary.json, and their pictures DIR/timeline.svg and\n"
        "DIR/report.html (DIR defaults to ./ttsim-out).  Without SCENARIO,\n"
        "run the built-in default scenario; '-' reads the scenario from\n"
        "standard input.  '-o -' writes the timeline to standard output and\n"
        "nothing else.\n"
        "\n"
        "  -o, --output DIR   where the files go (created if missing)\n"
        "  --set KEY=VALUE    change the scenario before it is checked\n"
        "                     (capacity.max=30, policies[0].TargetValue=500,\n"
        "                     instance.provisioning=9m, workload.scale=2;\n"
        "                     VALUE is YAML); repeatable, applied in order\n"
        "  --seed N           override simulation.seed\n"
        "  --mode MODE        override simulation.mode (fluid or request)\n"
        "  -q, --quiet        no summary on standard output\n";

/*
 * The outputs, in the order they are renamed into place: summary.json
 * last, so a summary from this run means every other file is from it too
 * (docs/guarantees.md).
 */
enum { OUT_TIMELINE, OUT_EVENTS, OUT_SVG, OUT_HTML, OUT_SUMMARY, N_OUT };

/*
 * The two data files' stdio buffers: a long run writes 15 MB of CSV,
 * and 64 KiB at a time is sixteen times fewer writes than stdio's 4 KiB
 * (a larger buffer costs more pages than it saves writes).
 */
#define DATA_BUF (64 * 1024)
static const char *const out_names[N_OUT] = {"timeline.csv", "events.csv",
                                             "timeline.svg", "report.html",
                                             "summary.json"};

/* "1d 2h 3m 4s", leaving out zero parts ("7h", "90s" stays "1m 30s"). */
static const char *human_duration(tt_time_us t, char *buf, size_t size)
{
	long long s = (long long)(t / TT_US_PER_S);
	const long long parts[4] = {s / 86400, s / 3600 % 24, s / 60 % 60,
	                            s % 60};
	const char units[4] = {'d', 'h', 'm', 's'};
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < 4; i++) {
		if (parts[i] == 0)
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%lld%c",
		                      n ? " " : "", parts[i], units[i]);
		if (n >= size)
			break;
	}
	if (n == 0)
		snprintf(buf, size, "0s");
	return buf;
}

/* A short account of the run for a person; the files hold the detail. */
static void print_summary(const tt_scenario *s, const tt_summary *sum,
                          const char *dir)
{
	char dur[64];
	uint64_t not_scaled = 0;
	for (int r = 0; r < TT_REASON_COUNT; r++)
		not_scaled += sum->not_scaled[r];
	tt_cli_printf(
	        stdout,
	        "ttsim: '%s': %s simulated in %s mode (seed %" PRIu64 ")\n",
	        s->name, human_duration(sum->simulated_us, dur, sizeof dur),
	        s->mode == TT_MODE_REQUEST ? "request" : "fluid", s->seed);
	printf("  invocations      %" PRIu64 "\n", sum->invocations);
	printf("  capacity         peak %d, mean %.2f, final %d (min %d, max "
	       "%d)\n",
	       sum->peak_desired, sum->mean_desired, sum->final_desired,
	       s->min_capacity, s->max_capacity);
	printf("  activities       %d scale-out, %d scale-in, %" PRIu64
	       " not scaled\n",
	       sum->scale_out_activities, sum->scale_in_activities, not_scaled);
	printf("  over target      %.0f min\n",
	       (double)sum->over_target_us / 60e6);
	if (sum->request) {
		printf("  latency          p50 %.1f ms, p99 %.1f ms, max %.1f "
		       "ms\n",
		       sum->latency_p50_ms, sum->latency_p99_ms,
		       sum->latency_max_ms);
		printf("  errors           %" PRIu64 " (%.3f %%)", sum->errors,
		       sum->invocations ? 100.0 * (double)sum->errors /
		                                  (double)sum->invocations
		                        : 0.0);
		if (s->slo_latency_us > 0)
			printf(", %" PRIu64 " over the SLO", sum->over_slo);
		printf("\n");
	}
	printf("  instance-hours   %.2f, cost %.2f at %.4g per hour\n",
	       sum->instance_hours, sum->cost, s->price_per_hour);
	tt_cli_printf(stdout,
	              "wrote %s/timeline.csv, %s/events.csv, %s/summary.json, "
	              "%s/timeline.svg, %s/report.html\n",
	              dir, dir, dir, dir, dir);
}

/*
 * The data files of the run, then its pictures, drawn once each from the
 * run kept in `pics`; every output open (out[]), nothing committed.
 */
static tt_code write_outputs(const tt_scenario *s, tt_outfile *out,
                             tt_plot_run_data *pics, tt_summary *sum,
                             tt_diag *d)
{
	tt_csv_recorder rec;
	tt_csv_recorder_init(&rec, out[OUT_TIMELINE].f, out[OUT_EVENTS].f);
	tt_csv_recorder_keep(&rec, pics);
	tt_code rc = tt_sim_run(s, &rec.rec, sum, d);
	tt_csv_recorder_release(&rec);
	if (rc)
		return rc;
	tt_cli_print_notes(&sum->notes);
	if ((rc = tt_report_write_summary(out[OUT_SUMMARY].f, s, sum, d)))
		return rc;
	/* the pictures read the summary back: flush it first; flushing
	 * the data also finds a full disk before any drawing */
	const int data[] = {OUT_TIMELINE, OUT_EVENTS, OUT_SUMMARY};
	for (size_t i = 0; i < sizeof data / sizeof data[0]; i++)
		if ((rc = tt_outfile_flush(&out[data[i]], d)))
			return rc;
	const char *sm = tt_outfile_name(&out[OUT_SUMMARY]);
	if ((rc = tt_plot_run_data_finish(pics, sm, d)) ||
	    (rc = tt_plot_run_data_draw(pics, NULL, out[OUT_SVG].f, d)))
		return rc;
	return tt_report_html_data(pics, sm, out[OUT_HTML].f, d);
}

/* Run with outputs in `dir`: all five files or none. */
static int run_to_dir(const tt_scenario *s, const char *dir, bool quiet)
{
	tt_diag d;
	tt_diag_clear(&d);
	tt_outfile out[N_OUT];
	memset(out, 0, sizeof out);
	tt_summary sum;
	memset(&sum, 0, sizeof sum);
	int exit_code = TT_EXIT_OK;
	tt_plot_run_data *pics = NULL;
	char *bufs = NULL;

	if (tt_cli_make_dirs(dir, &d))
		return tt_cli_fail(&d);
	if (!(pics = tt_plot_run_data_new()) ||
	    !(bufs = malloc(2 * DATA_BUF))) {
		tt_plot_run_data_free(pics);
		return tt_cli_nomem("run");
	}
	for (int i = 0; i < N_OUT; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, out_names[i]);
		if (tt_cli_outfile_open(&out[i], path, &d)) {
			exit_code = tt_cli_fail(&d);
			goto release;
		}
		/* before anything is written; the files are closed (committed
		 * or aborted) before the buffers are freed */
		if (i == OUT_TIMELINE || i == OUT_EVENTS)
			setvbuf(out[i].f, bufs + (i == OUT_EVENTS) * DATA_BUF,
			        _IOFBF, DATA_BUF);
	}
	if (write_outputs(s, out, pics, &sum, &d) ||
	    tt_cli_outfile_commit_group(out, N_OUT, &d)) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	if (!quiet)
		print_summary(s, &sum, dir);

release:
	for (int i = 0; i < N_OUT; i++)
		tt_cli_outfile_abort(&out[i]);
	free(bufs);
	tt_plot_run_data_free(pics);
	tt_summary_release(&sum);
	return exit_code;
}

/* `-o -`: the timeline on standard output, nothing else. */
static int run_to_stdout(const tt_scenario *s)
{
	tt_diag d;
	tt_diag_clear(&d);
	tt_summary sum;
	tt_csv_recorder rec;
	tt_csv_recorder_init(&rec, stdout, NULL);
	tt_code rc = tt_sim_run(s, &rec.rec, &sum, &d);
	tt_csv_recorder_release(&rec);
	if (rc)
		return tt_cli_fail(&d);
	tt_cli_print_notes(&sum.notes);
	tt_summary_release(&sum);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr,
		        "ttsim run: error: cannot write standard "
		        "output: %s\n",
		        strerror(errno));
		return TT_EXIT_INPUT;
	}
	return TT_EXIT_OK;
}

int tt_cmd_run(int argc, char **argv)
{
	const char *scenario = NULL;
	const char *dir = "ttsim-out";
	const char *seed_text = NULL;
	const char *mode = NULL;
	bool quiet = false, stdin_claimed = false;
	tt_overrides ov = {0};
	int exit_code;

	/* every argument could be a --set: room for all, pointing into argv */
	ov.items = calloc((size_t)argc, sizeof *ov.items);
	if (!ov.items) {
		return tt_cli_nomem("run");
	}
	enum { OPT_SEED = TT_CLI_LONG, OPT_MODE, OPT_SET };
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"output", required_argument, NULL, 'o'},
	        {"seed", required_argument, NULL, OPT_SEED},
	        {"mode", required_argument, NULL, OPT_MODE},
	        {"set", required_argument, NULL, OPT_SET},
	        {0}};
	tt_cli_args a;
	tt_cli_args_init(&a, "run", argc, argv, "ho:q", longs);
	for (int c; (c = tt_cli_args_next(&a)) != TT_CLI_DONE;) {
		switch (c) {
		case 'h':
			fputs(run_help, stdout);
			exit_code = TT_EXIT_OK;
			goto free_overrides;
		case 'q':
			quiet = true;
			break;
		case 'o':
			dir = a.arg;
			break;
		case OPT_SEED:
			seed_text = a.arg;
			break;
		case OPT_MODE:
			mode = a.arg;
			break;
		case OPT_SET:
			if (tt_cli_split_set(a.arg, &ov.items[ov.n++]) !=
			    TT_OK) {
				exit_code = tt_cli_usage_error(
				        "run",
				        "invalid --set '%s' (expected "
				        "KEY=VALUE)",
				        a.arg);
				goto free_overrides;
			}
			break;
		case TT_CLI_OPERAND:
			if ((exit_code = tt_cli_claim_stdin("run", a.arg,
			                                    &stdin_claimed)))
				goto free_overrides;
			if (scenario) {
				exit_code = tt_cli_usage_error(
				        "run",
				        "more than one scenario given ('%s', "
				        "'%s')",
				        scenario, a.arg);
				goto free_overrides;
			}
			scenario = a.arg;
			break;
		default: /* TT_CLI_BAD, reported */
			exit_code = TT_EXIT_INPUT;
			goto free_overrides;
		}
	}

	uint64_t seed = 0;
	if (seed_text) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(seed_text, &end, 10);
		if (errno || end == seed_text || *end || seed_text[0] == '-' ||
		    n > INT64_MAX) {
			exit_code = tt_cli_usage_error(
			        "run",
			        "invalid --seed '%s' (expected an integer from "
			        "0 to 9223372036854775807)",
			        seed_text);
			goto free_overrides;
		}
		seed = n;
	}
	if (mode && strcmp(mode, "fluid") != 0 &&
	    strcmp(mode, "request") != 0) {
		exit_code = tt_cli_usage_error(
		        "run",
		        "invalid --mode '%s' (expected fluid or request)",
		        mode);
		goto free_overrides;
	}

	tt_scenario s;
	tt_diag d;
	tt_diag_clear(&d);
	if (tt_cli_load_scenario(scenario, &ov, &s, &d)) {
		exit_code = tt_cli_fail(&d);
		goto free_overrides;
	}
	tt_cli_print_notes(&s.notes);
	if (seed_text)
		tt_scenario_set_seed(&s, seed);
	if (mode)
		s.mode = strcmp(mode, "request") == 0 ? TT_MODE_REQUEST
		                                      : TT_MODE_FLUID;

	exit_code = strcmp(dir, "-") == 0 ? run_to_stdout(&s)
	                                  : run_to_dir(&s, dir, quiet);
	tt_scenario_release(&s);

free_overrides:
	tt_cli_free_sets(&ov);
	return exit_code;
}
