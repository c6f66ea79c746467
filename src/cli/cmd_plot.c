/*
 * cmd_plot.c - `ttsim plot`: pictures of a run, of a sweep, and a run's
 * one-page HTML report.
 *
 * Three forms, one output file each, written under a temporary name and
 * renamed into place only when the whole picture was drawn (outfile.h):
 *
 *   ttsim plot TIMELINE.csv -o FILE.svg [--events F] [--summary F]
 *   ttsim plot --sweep RESULTS.csv --x FIGURE --y FIGURE -o FILE.svg
 *   ttsim plot --html DIR -o report.html
 *
 * A run's events.csv and summary.json are taken from beside the timeline
 * when they are there and not named; --no-events and --no-summary leave
 * them out.  `-o -` writes to standard output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "ttsim/outfile.h"
#include "ttsim/plot.h"
#include "ttsim/report_html.h"

static const char plot_help[] =
        "usage: ttsim plot TIMELINE.csv -o FILE.svg [--events EVENTS.csv]\n"
        "                  [--summary SUMMARY.json] [--no-events] "
        "[--no-summary]\n"
        "                  [--width PX]\n"
        "       ttsim plot --sweep RESULTS.csv --x FIGURE --y FIGURE -o "
        "FILE.svg\n"
        "       ttsim plot --html DIR -o report.html\n"
        "\n"
        "Draw a run's timeline as SVG: load, capacity with the scaling\n"
        "activities and cooldowns, the first policy's metric against its\n"
        "TargetValue with the alarm periods, and latency in request mode.\n"
        "events.csv and summary.json beside the timeline are used when\n"
        "present.\n"
        "\n"
        "  -o FILE             the output file ('-': standard output)\n"
        "  --events FILE       the run's events.csv (default: beside the "
        "timeline)\n"
        "  --summary FILE      the run's summary.json (default: beside the "
        "timeline)\n"
        "  --no-events         draw no scaling activities\n"
        "  --no-summary        draw no target lines or cooldowns\n"
        "  --width PX          picture width in pixels (default 1200)\n"
        "  --sweep FILE        draw a sweep's results: --y against --x with "
        "the\n"
        "                      Pareto front (lower is better on both)\n"
        "  --x FIGURE, --y FIGURE\n"
        "                      the sweep columns to draw (e.g. cost, "
        "p99_latency_ms)\n"
        "  --html DIR          write a self-contained HTML report of the run "
        "in DIR\n"
        "                      (timeline.csv, events.csv, summary.json)\n"
        "\n"
        "exit codes: 0 written, 2 bad usage or input (nothing written), 3 "
        "internal\n"
        "error\n";

/* DIR/NAME beside `path` when that file exists, else NULL. */
static const char *beside(const char *path, const char *name, char *buf,
                          size_t size)
{
	const char *slash = strrchr(path, '/');
	int n = slash ? (int)(slash - path + 1) : 0;
	if (snprintf(buf, size, "%.*s%s", n, path, name) >= (int)size)
		return NULL;
	struct stat st;
	if (stat(buf, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	return buf;
}

typedef struct plot_args {
	const char *timeline, *events, *summary, *out;
	const char *sweep, *x, *y, *html;
	bool no_events, no_summary;
	int width;
} plot_args;

static int parse_args(int argc, char **argv, plot_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		bool missing = false;
		const char *arg = argv[i];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			fputs(plot_help, stdout);
			return -1;
		}
		if (strcmp(arg, "--no-events") == 0) {
			a->no_events = true;
			continue;
		}
		if (strcmp(arg, "--no-summary") == 0) {
			a->no_summary = true;
			continue;
		}
		static const char *const opts[] = {
		        "--output", "--events", "--summary", "--sweep",
		        "--x",      "--y",      "--html",    "--width"};
		const char **dst[] = {&a->out,   &a->events, &a->summary,
		                      &a->sweep, &a->x,      &a->y,
		                      &a->html,  &v};
		bool matched = false;
		for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
			if (!tt_cli_option(argc, argv, &i, opts[k],
			                   k == 0 ? "-o" : NULL, dst[k],
			                   &missing))
				continue;
			matched = true;
			if (missing)
				return tt_cli_usage_error(
				        "plot", "option '%s' needs a value",
				        arg);
			if (k == 7) {
				char *end = NULL;
				long w = strtol(v, &end, 10);
				if (!end || *end || w < 480 || w > 4000)
					return tt_cli_usage_error(
					        "plot",
					        "'--width' must be a whole "
					        "number of pixels from 480 to "
					        "4000, got '%s'",
					        v);
				a->width = (int)w;
			}
			break;
		}
		if (matched)
			continue;
		if (arg[0] == '-' && arg[1] != '\0')
			return tt_cli_usage_error("plot", "unknown option '%s'",
			                          arg);
		if (a->timeline)
			return tt_cli_usage_error(
			        "plot", "more than one timeline: '%s' and '%s'",
			        a->timeline, arg);
		a->timeline = arg;
	}
	return 0;
}

static int check_args(const plot_args *a)
{
	int forms =
	        (a->timeline != NULL) + (a->sweep != NULL) + (a->html != NULL);
	if (forms == 0)
		return tt_cli_usage_error("plot",
		                          "nothing to draw: give a "
		                          "timeline, --sweep or --html");
	if (forms > 1)
		return tt_cli_usage_error("plot",
		                          "give one of a timeline, --sweep and "
		                          "--html");
	if (!a->out)
		return tt_cli_usage_error("plot",
		                          "no output file: use -o FILE");
	if (a->sweep && (!a->x || !a->y))
		return tt_cli_usage_error("plot",
		                          "'--sweep' needs '--x' and '--y'");
	if (!a->sweep && (a->x || a->y))
		return tt_cli_usage_error("plot",
		                          "'--x' and '--y' go with '--sweep'");
	if (!a->timeline && (a->events || a->summary || a->no_events ||
	                     a->no_summary || a->width))
		return tt_cli_usage_error("plot",
		                          "'--events', '--summary', "
		                          "'--no-events', '--no-summary' and "
		                          "'--width' go with a timeline");
	return 0;
}

static tt_code draw(const plot_args *a, FILE *f, tt_diag *d)
{
	if (a->sweep)
		return tt_plot_sweep(a->sweep, a->x, a->y, f, d);
	if (a->html)
		return tt_report_html(a->html, f, d);
	char ebuf[4096], sbuf[4096];
	const char *events = a->events;
	const char *summary = a->summary;
	if (!events && !a->no_events)
		events = beside(a->timeline, "events.csv", ebuf, sizeof ebuf);
	if (!summary && !a->no_summary)
		summary =
		        beside(a->timeline, "summary.json", sbuf, sizeof sbuf);
	if (a->no_events)
		events = NULL;
	if (a->no_summary)
		summary = NULL;
	tt_plot_opts o = {.width_px = a->width};
	return tt_plot_run_opts(a->timeline, events, summary, &o, f, d);
}

int tt_cmd_plot(int argc, char **argv)
{
	plot_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc < 0)
		return TT_EXIT_OK;
	if (rc || (rc = check_args(&a)))
		return rc;
	tt_diag d;
	tt_diag_clear(&d);
	if (strcmp(a.out, "-") == 0) {
		if (draw(&a, stdout, &d))
			return tt_cli_fail(&d);
		if (fflush(stdout) != 0) {
			perror("ttsim plot: standard output");
			return TT_EXIT_INTERNAL;
		}
		return TT_EXIT_OK;
	}
	tt_outfile o;
	if (tt_cli_outfile_open(&o, a.out, &d))
		return tt_cli_fail(&d);
	if (draw(&a, o.f, &d)) {
		tt_cli_outfile_abort(&o);
		return tt_cli_fail(&d);
	}
	if (tt_cli_outfile_commit(&o, &d))
		return tt_cli_fail(&d);
	return TT_EXIT_OK;
}
