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
 * them out.  `-o -` writes to standard output.  Any one input may be `-`,
 * standard input: it is copied to a file first (a timeline is read twice)
 * and named "<stdin>" in messages and in the picture.
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
        "usage: ttsim plot TIMELINE.csv|- -o FILE.svg [--events "
        "EVENTS.csv]\n"
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
        "present.  Any one input may be '-', standard input.\n"
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

/* `--width PX` into a->width, or a usage error. */
static int parse_width(const char *v, plot_args *a)
{
	char *end = NULL;
	long w = strtol(v, &end, 10);
	if (!end || end == v || *end || w < 480 || w > 4000)
		return tt_cli_usage_error("plot",
		                          "'--width' must be a whole number of "
		                          "pixels from 480 to 4000, got '%s'",
		                          v);
	a->width = (int)w;
	return 0;
}

static int parse_args(int argc, char **argv, plot_args *a)
{
	enum {
		OPT_EVENTS = TT_CLI_LONG,
		OPT_SUMMARY,
		OPT_SWEEP,
		OPT_X,
		OPT_Y,
		OPT_HTML,
		OPT_WIDTH,
		OPT_NO_EVENTS,
		OPT_NO_SUMMARY
	};
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"output", required_argument, NULL, 'o'},
	        {"events", required_argument, NULL, OPT_EVENTS},
	        {"summary", required_argument, NULL, OPT_SUMMARY},
	        {"sweep", required_argument, NULL, OPT_SWEEP},
	        {"x", required_argument, NULL, OPT_X},
	        {"y", required_argument, NULL, OPT_Y},
	        {"html", required_argument, NULL, OPT_HTML},
	        {"width", required_argument, NULL, OPT_WIDTH},
	        {"no-events", no_argument, NULL, OPT_NO_EVENTS},
	        {"no-summary", no_argument, NULL, OPT_NO_SUMMARY},
	        {0}};
	bool stdin_claimed = false;
	tt_cli_args args;
	tt_cli_args_init(&args, "plot", argc, argv, "ho:", longs);
	for (int c; (c = tt_cli_args_next(&args)) != TT_CLI_DONE;) {
		const char *v = args.arg;
		/* any input may be `-`, one of them */
		if ((c == TT_CLI_OPERAND || c == OPT_EVENTS ||
		     c == OPT_SUMMARY || c == OPT_SWEEP) &&
		    tt_cli_claim_stdin("plot", v, &stdin_claimed))
			return TT_EXIT_INPUT;
		switch (c) {
		case 'h':
			fputs(plot_help, stdout);
			return -1;
		case 'o':
			a->out = v;
			break;
		case OPT_EVENTS:
			a->events = v;
			break;
		case OPT_SUMMARY:
			a->summary = v;
			break;
		case OPT_SWEEP:
			a->sweep = v;
			break;
		case OPT_X:
			a->x = v;
			break;
		case OPT_Y:
			a->y = v;
			break;
		case OPT_HTML:
			a->html = v;
			break;
		case OPT_WIDTH:
			if (parse_width(v, a))
				return TT_EXIT_INPUT;
			break;
		case OPT_NO_EVENTS:
			a->no_events = true;
			break;
		case OPT_NO_SUMMARY:
			a->no_summary = true;
			break;
		case TT_CLI_OPERAND:
			if (a->timeline)
				return tt_cli_usage_error(
				        "plot",
				        "more than one timeline: '%s' and '%s'",
				        a->timeline, v);
			a->timeline = v;
			break;
		default: /* TT_CLI_BAD, reported */
			return TT_EXIT_INPUT;
		}
	}
	return 0;
}

/*
 * The input given as `-`, copied into sp's file and read from there (the
 * timeline is read twice); false with *code set when that fails.  No `-`:
 * true, sp left zeroed.
 */
static bool spool_input(plot_args *a, tt_cli_spool *sp, int *code)
{
	const char **inputs[] = {&a->timeline, &a->events, &a->summary,
	                         &a->sweep};
	memset(sp, 0, sizeof *sp);
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		if (!tt_cli_is_stdin(*inputs[i]))
			continue;
		tt_diag d;
		tt_diag_clear(&d);
		if (tt_cli_spool_stdin(sp, &d)) {
			*code = tt_cli_fail(&d);
			return false;
		}
		*inputs[i] = sp->path;
	}
	return true;
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

/* Draw into a.out; the diag of a failure names `-` as "<stdin>". */
static int plot_to_output(const plot_args *a, const tt_cli_spool *sp)
{
	tt_diag d;
	tt_diag_clear(&d);
	if (strcmp(a->out, "-") == 0) {
		if (draw(a, stdout, &d))
			goto fail;
		if (fflush(stdout) != 0) {
			perror("ttsim plot: standard output");
			return TT_EXIT_INTERNAL;
		}
		return TT_EXIT_OK;
	}
	tt_outfile o;
	if (tt_cli_outfile_open(&o, a->out, &d))
		goto fail;
	if (draw(a, o.f, &d)) {
		tt_cli_outfile_abort(&o);
		goto fail;
	}
	if (tt_cli_outfile_commit(&o, &d))
		goto fail;
	return TT_EXIT_OK;

fail:
	tt_cli_spool_name(sp, &d);
	return tt_cli_fail(&d);
}

int tt_cmd_plot(int argc, char **argv)
{
	plot_args a = {0};
	int rc = parse_args(argc, argv, &a);
	if (rc < 0)
		return TT_EXIT_OK;
	if (rc || (rc = check_args(&a)))
		return rc;
	tt_cli_spool sp;
	if (spool_input(&a, &sp, &rc))
		rc = plot_to_output(&a, &sp);
	tt_cli_spool_remove(&sp);
	return rc;
}
