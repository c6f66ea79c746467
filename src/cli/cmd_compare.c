/*
 * cmd_compare.c - `ttsim compare A.yaml B.yaml ...`: one workload through
 * several setups, side by side.
 *
 * Every setup is loaded (with the same --set changes) and checked against
 * the first before anything runs or is created, so a setup with another
 * workload is refused at once, at its place.  The three outputs are one
 * commit, as `ttsim run`'s are (outfile.h): written to temporary names in
 * the output directory and renamed into place only when all three are
 * complete, compare.csv last.  A warning that every run repeats (a gap in
 * the trace they share) is printed once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli.h"
#include "ttsim/compare.h"
#include "ttsim/fmt.h"
#include "ttsim/outfile.h"
#include "ttsim/scenario.h"

static const char compare_help[] =
        "usage: ttsim compare SETUP.yaml SETUP.yaml... [-o DIR] "
        "[--set KEY=VALUE]... [-q]\n"
        "\n"
        "Run the same workload through each setup (a scenario: another\n"
        "policy, another cooldown, another controller) and write\n"
        "DIR/compare.csv (one row per setup, every summary figure),\n"
        "DIR/compare.svg (the load, each setup's capacity and metric) and\n"
        "DIR/compare.html (DIR defaults to ./compare-out).  The setups must\n"
        "replay the same workload with the same simulation settings; 2 to\n"
        "10 setups, '-' reads one from standard input.\n"
        "\n"
        "  -o, --output DIR   where the files go (created if missing)\n"
        "  --set KEY=VALUE    change every setup before it is checked, as\n"
        "                     'ttsim run --set' does; repeatable, in order\n"
        "  -q, --quiet        no table on standard output\n";

/* The outputs in the order they are renamed into place: the table last,
 * so a compare.csv from this run means the pictures are from it too. */
enum { OUT_SVG, OUT_HTML, OUT_CSV, N_OUT };
static const char *const out_names[N_OUT] = {"compare.svg", "compare.html",
                                             "compare.csv"};

/* What the command line asked for. */
typedef struct compare_args {
	const char *dir;
	bool quiet;
	const char **paths; /* argc of them at most */
	size_t n;
	tt_overrides ov;
} compare_args;

/* Each run's warnings and notes, a message every run repeats once. */
static void print_run_notes(const tt_compare *c)
{
	char a[TT_DIAG_MSG_MAX + TT_DIAG_FILE_MAX + 64];
	char b[TT_DIAG_MSG_MAX + TT_DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < c->n; i++) {
		const tt_diag_list *l = &c->runs[i].sum.notes;
		for (size_t k = 0; k < l->count; k++) {
			tt_diag_format(&l->items[k], a, sizeof a);
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++) {
				const tt_diag_list *m = &c->runs[j].sum.notes;
				for (size_t q = 0; q < m->count && !seen; q++)
					seen = !strcmp(
					        a, tt_diag_format(&m->items[q],
					                          b, sizeof b));
			}
			if (!seen)
				tt_cli_printf(stderr, "%s\n", a);
		}
	}
}

/* A short table for a person: the files hold every figure. */
static void print_table(const tt_compare *c, const char *dir)
{
	const tt_compare_run *r0 = &c->runs[0];
	char n[TT_FMT_BUF], p[TT_FMT_BUF];
	int w = 5;
	for (size_t i = 0; i < c->n; i++) {
		int len = (int)strlen(c->runs[i].name);
		w = len > w ? (len > 40 ? 40 : len) : w;
	}
	tt_fmt_uint(r0->tl.n, n);
	tt_cli_printf(stdout,
	              "ttsim compare: %zu setups, %s periods of %s s in %s "
	              "mode (seed %llu)\n",
	              c->n, n, tt_fmt_double(r0->tl.period_s, p),
	              r0->s->mode == TT_MODE_REQUEST ? "request" : "fluid",
	              (unsigned long long)r0->s->seed);
	printf("  %-*s  %-10s %10s %6s %8s %12s %9s %8s%s\n", w, "setup",
	       "controller", "cost", "peak", "mean", "over target", "scale-out",
	       "scale-in", r0->sum.request ? "   p99 ms" : "");
	for (size_t i = 0; i < c->n; i++) {
		const tt_compare_run *r = &c->runs[i];
		char over[32] = "-", p99[32] = "";
		if (tt_compare_has_target(r->s))
			snprintf(over, sizeof over, "%.0f min",
			         (double)r->sum.over_target_us / 60e6);
		if (r->sum.request)
			snprintf(p99, sizeof p99, " %8.1f",
			         r->sum.latency_p99_ms);
		tt_cli_printf(stdout, "  %-*.*s", w, w, r->name);
		printf("  %-10s %10.2f %6d %8.2f %12s %9d %8d%s\n",
		       tt_compare_controller_name(r->s), r->sum.cost,
		       r->sum.peak_in_service, r->sum.mean_in_service, over,
		       r->sum.scale_out_activities, r->sum.scale_in_activities,
		       p99);
	}
	tt_cli_printf(stdout,
	              "wrote %s/compare.csv, %s/compare.svg, "
	              "%s/compare.html\n",
	              dir, dir, dir);
}

/* The three files, drawn from the runs in memory. */
static tt_code write_outputs(const tt_compare *c, tt_outfile *out, tt_diag *d)
{
	tt_code rc = tt_compare_write_svg(out[OUT_SVG].f, c, NULL, d);
	if (!rc)
		rc = tt_compare_write_html(out[OUT_HTML].f, c, d);
	if (!rc)
		rc = tt_compare_write_csv(out[OUT_CSV].f, c, d);
	return rc;
}

/* Check, create DIR, run, write: all three files or none. */
static int compare_to_dir(const tt_compare_setup *setups, size_t n,
                          const compare_args *a)
{
	tt_diag d;
	tt_diag_clear(&d);
	tt_outfile out[N_OUT];
	memset(out, 0, sizeof out);
	tt_compare c = {0};
	int exit_code = TT_EXIT_OK;

	if (tt_compare_check(setups, n, &d) || tt_cli_make_dirs(a->dir, &d))
		return tt_cli_fail(&d);
	for (int i = 0; i < N_OUT; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", a->dir, out_names[i]);
		if (tt_cli_outfile_open(&out[i], path, &d)) {
			exit_code = tt_cli_fail(&d);
			goto release;
		}
	}
	if (tt_compare_run_all(setups, n, &c, &d)) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	print_run_notes(&c);
	if (write_outputs(&c, out, &d) ||
	    tt_cli_outfile_commit_group(out, N_OUT, &d)) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	if (!a->quiet)
		print_table(&c, a->dir);
release:
	for (int i = 0; i < N_OUT; i++)
		tt_cli_outfile_abort(&out[i]);
	tt_compare_release(&c);
	return exit_code;
}

/* Load every setup, then compare them. */
static int load_and_compare(const compare_args *a)
{
	tt_scenario *s = calloc(a->n, sizeof *s);
	tt_compare_setup *setups = calloc(a->n, sizeof *setups);
	int exit_code = TT_EXIT_INPUT;
	size_t loaded = 0;
	tt_diag d;
	tt_diag_clear(&d);
	if (!s || !setups) {
		exit_code = tt_cli_nomem("compare");
		goto release;
	}
	for (; loaded < a->n; loaded++) {
		if (tt_cli_load_scenario(a->paths[loaded], &a->ov, &s[loaded],
		                         &d)) {
			exit_code = tt_cli_fail(&d);
			goto release;
		}
		tt_cli_print_notes(&s[loaded].notes);
		setups[loaded].s = &s[loaded];
		setups[loaded].file = tt_cli_is_stdin(a->paths[loaded])
		                              ? TT_CLI_STDIN_NAME
		                              : a->paths[loaded];
	}
	exit_code = compare_to_dir(setups, a->n, a);
release:
	for (size_t i = 0; s && i < loaded; i++)
		tt_scenario_release(&s[i]);
	free(s);
	free(setups);
	return exit_code;
}

/* Read argv into *a: TT_EXIT_OK to go on, else the exit code (-1: help
 * printed, exit 0). */
static int parse_args(int argc, char **argv, compare_args *a)
{
	enum { OPT_SET = TT_CLI_LONG };
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"output", required_argument, NULL, 'o'},
	        {"set", required_argument, NULL, OPT_SET},
	        {0}};
	bool stdin_claimed = false;
	int rc;
	tt_cli_args g;
	tt_cli_args_init(&g, "compare", argc, argv, "ho:q", longs);
	for (int c; (c = tt_cli_args_next(&g)) != TT_CLI_DONE;) {
		switch (c) {
		case 'h':
			fputs(compare_help, stdout);
			return -1;
		case 'q':
			a->quiet = true;
			break;
		case 'o':
			a->dir = g.arg;
			break;
		case OPT_SET:
			if (tt_cli_split_set(g.arg, &a->ov.items[a->ov.n]) !=
			    TT_OK)
				return tt_cli_usage_error(
				        "compare",
				        "invalid --set '%s' (expected "
				        "KEY=VALUE)",
				        g.arg);
			a->ov.n++;
			break;
		case TT_CLI_OPERAND:
			if ((rc = tt_cli_claim_stdin("compare", g.arg,
			                             &stdin_claimed)))
				return rc;
			a->paths[a->n++] = g.arg;
			break;
		default: /* TT_CLI_BAD, reported */
			return TT_EXIT_INPUT;
		}
	}
	if (a->n < 2)
		return tt_cli_usage_error(
		        "compare",
		        "needs at least two setups to compare, got %zu", a->n);
	if (a->n > TT_COMPARE_MAX_SETUPS)
		return tt_cli_usage_error("compare",
		                          "takes at most %d setups, got %zu",
		                          TT_COMPARE_MAX_SETUPS, a->n);
	return TT_EXIT_OK;
}

int tt_cmd_compare(int argc, char **argv)
{
	compare_args a = {.dir = "compare-out"};
	/* every argument could be a --set or a setup: room for all */
	a.ov.items = calloc((size_t)argc, sizeof *a.ov.items);
	a.paths = calloc((size_t)argc, sizeof *a.paths);
	int exit_code;
	if (!a.ov.items || !a.paths) {
		exit_code = tt_cli_nomem("compare");
		goto release;
	}
	exit_code = parse_args(argc, argv, &a);
	if (exit_code == -1)
		exit_code = TT_EXIT_OK;
	else if (exit_code == TT_EXIT_OK)
		exit_code = load_and_compare(&a);
release:
	tt_cli_free_sets(&a.ov);
	free(a.paths);
	return exit_code;
}
