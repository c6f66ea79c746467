/*
 * cmd_calibrate.c - `ttsim calibrate SCENARIO.yaml --activities FILE`:
 * the scaling activities an account recorded next to a simulation of the
 * same period.
 *
 * The scenario is loaded as `ttsim run` loads it, the output directory
 * and the outputs' temporary files are made before the run (a directory
 * that cannot be written fails at once), and the files are renamed into
 * place together, only when all are complete (outfile.h).  With --fit the
 * grid of knobs is calibrated first (calibrate_fit.c) and the outputs are
 * those of its best setting.  The score goes to standard output, one line
 * per measure, so a script can grep for the one it needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity_export.h"
#include "cli.h"
#include "node.h"
#include "ttsim/calibrate.h"
#include "ttsim/outfile.h"
#include "ttsim/scenario.h"
#include "ttsim/sweep.h"

static const char calibrate_help[] =
        "usage: ttsim calibrate SCENARIO.yaml [--activities FILE] "
        "[--capacity FILE]\n"
        "                       [-o DIR] [--window DURATION] "
        "[--set KEY=VALUE]...\n"
        "                       [--fit KEY=RANGE]... [--jobs N] "
        "[--write-fit FILE] [-q]\n"
        "\n"
        "Simulate the recorded period (the scenario's workload: a trace\n"
        "with wall-clock times, such as a CloudWatch export) and match each\n"
        "scaling activity in FILE (aws application-autoscaling\n"
        "describe-scaling-activities output) to a simulated one: the same\n"
        "direction and target count, nearest in decision time.  Prints one\n"
        "score line per measure and writes DIR/calibrate.csv (one row per\n"
        "matched pair and per unmatched activity) and DIR/calibrate.svg\n"
        "(DIR defaults to ./calibrate-out).  See docs/calibrate.md.\n"
        "\n"
        "  --activities FILE  the recorded activities ('-': standard input)\n"
        "  --capacity FILE    the recorded instance count (a CloudWatch\n"
        "                     export; '-': standard input), compared with\n"
        "                     the simulated one; either of the two files\n"
        "                     is enough, both are better\n"
        "  -o, --output DIR   where the outputs go (created if missing)\n"
        "  --window DURATION  how far apart two decisions may be to match\n"
        "                     (default 15m)\n"
        "  --set KEY=VALUE    change the scenario, as 'ttsim run --set' "
        "does\n"
        "  --fit KEY=RANGE    calibrate every value (as 'ttsim sweep --set'\n"
        "                     gives them) and keep the one that reproduces\n"
        "                     the history best; writes DIR/fit.csv\n"
        "  --jobs N           threads for --fit (default: every online "
        "core)\n"
        "  --write-fit FILE   the best values as a scenario fragment\n"
        "  -q, --quiet        no score on standard output\n";

typedef struct calibrate_args {
	const char *dir;
	const char *scenario;
	const char *activities;
	const char *capacity;
	const char *window;
	const char *jobs;
	const char *write_fit;
	bool quiet;
	tt_overrides ov;
	tt_sweep_grid fit; /* the --set values, then the --fit axes */
	size_t n_fit;      /* the --fit axes, the grid's last ones */
} calibrate_args;

/* The outputs, opened in this order and committed together; fit.csv
 * and the fragment only with --fit and --write-fit. */
typedef struct outputs {
	tt_outfile f[4];
	size_t n;
	FILE *csv, *svg, *fit, *fragment;
} outputs;

/* Seconds for the score lines: exact, no trailing zeros. */
static const char *secs(tt_time_us us, char *buf)
{
	return tt_time_format_s(us, buf);
}

/*
 * The recorded provisioning delays as a drawn duration a scenario takes:
 * the samples themselves (empirical) up to 50 of them, else a lognormal
 * of their median and p99 (nearest rank).  An inference component's
 * scale-out waits for a copy to load and, when it needs one, for an
 * instance: no one knob of the scenario, so the delays are only
 * summarised.
 */
static void print_provisioning(const tt_cal_provisioning *p, bool copies)
{
	char a[32], b[32], c[32];
	const tt_time_us *v = p->samples_us;
	size_t n = p->count;
	if (!n) {
		printf("recorded provisioning: -\n");
		return;
	}
	printf("recorded provisioning: %zu scale-out%s, min %s s, median %s s, "
	       "max %s s\n",
	       n, n == 1 ? "" : "s", secs(v[0], a), secs(v[n / 2], b),
	       secs(v[n - 1], c));
	if (copies)
		return;
	size_t p99 = (n * 99 + 99) / 100 - 1;
	if (n > 50 && v[p99] > v[n / 2]) {
		printf("  as a scenario: --set 'instance.provisioning={dist: "
		       "lognormal, median: %ss, p99: %ss}'\n",
		       secs(v[n / 2], a), secs(v[p99], b));
		return;
	}
	printf("  as a scenario: --set 'instance.provisioning=");
	if (v[0] == v[n - 1]) {
		printf("%ss'\n", secs(v[0], a));
		return;
	}
	printf("{dist: empirical, samples: [");
	for (size_t i = 0; i < n; i++)
		printf("%s%ss", i ? ", " : "", secs(v[i], a));
	printf("]}'\n");
}

static void print_score(const tt_calibration *c)
{
	const tt_cal_score *sc = &c->score;
	char a[32];
	if (!c->has_activities) {
		printf("activities: none given, decisions not compared\n");
		goto capacity;
	}
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
capacity:
	printf("capacity (%s): simulated above %.2f, below %.2f %s-minutes\n",
	       c->capacity_from_export ? "export" : "activities",
	       sc->above_instance_min, sc->below_instance_min,
	       c->copies ? "copy" : "instance");
	if (c->has_activities)
		printf("decision error: %.2f minutes\n",
		       sc->decision_error_min);
	printf("loss: %.2f\n", sc->loss);
	if (c->has_activities)
		print_provisioning(&c->provisioning, c->copies);
}

/* "KEY=V, KEY=V" of a fit row's --fit values. */
static void print_setting(const calibrate_args *a, const tt_sweep_row *row)
{
	size_t first = a->fit.n_axes - a->n_fit;
	for (size_t k = first; k < a->fit.n_axes; k++)
		tt_cli_printf(stdout, "%s%s=%s", k > first ? ", " : "",
		              a->fit.axes[k].key, row->values[k]);
}

static void print_fit(const calibrate_args *a, const tt_cal_fit *f,
                      const tt_calibration *best)
{
	const tt_sweep_table *t = &f->table;
	const tt_sweep_row *b = &t->rows[f->ranked[0]];
	printf("fit: %zu setting%s; best: ", t->n_rows,
	       t->n_rows == 1 ? "" : "s");
	print_setting(a, b);
	printf(" (loss %.2f)\n", b->figures[0]);
	for (size_t i = 1; i < t->n_rows && i < 4; i++) {
		const tt_sweep_row *r = &t->rows[f->ranked[i]];
		printf("fit: next: ");
		print_setting(a, r);
		printf(" (loss %.2f)\n", r->figures[0]);
	}
	const tt_cal_score *sc = &best->score;
	switch (tt_calibration_verdict(best)) {
	case TT_CAL_CONSISTENT:
		printf("fit: consistent: at the best setting the history "
		       "follows the scenario's rules\n");
		return;
	case TT_CAL_NO_VERDICT:
		printf("fit: no verdict: without --activities there is no "
		       "decision to match\n");
		return;
	case TT_CAL_MISMATCH:
		break;
	}
	char m[32];
	printf("fit: mismatch: at the best setting %zu of %zu recorded and "
	       "%zu simulated activities stay unmatched, largest decision "
	       "offset %s%s: the knobs fitted do not explain the history "
	       "(docs/calibrate.md)\n",
	       sc->recorded_only, sc->matched + sc->recorded_only,
	       sc->simulated_only,
	       sc->has_decision ? secs(sc->decision_max_us, m) : "-",
	       sc->has_decision ? " s" : "");
}

/*
 * The --fit axes' best values as YAML: the dotted keys as nested maps,
 * sorted so that keys sharing a parent sit under one, each value as
 * given.  Keys were checked to be plain dotted names (check_fragment).
 */
typedef struct fit_key {
	const char *key;
	size_t axis;
} fit_key;

static int by_key(const void *pa, const void *pb)
{
	return strcmp(((const fit_key *)pa)->key, ((const fit_key *)pb)->key);
}

static tt_code write_fragment(FILE *f, const calibrate_args *a,
                              const tt_sweep_row *row, tt_diag *d)
{
	size_t first = a->fit.n_axes - a->n_fit;
	fit_key *keys = malloc(a->n_fit * sizeof *keys);
	if (!keys)
		return tt_diag_nomem(d, (tt_loc){0});
	for (size_t i = 0; i < a->n_fit; i++)
		keys[i] = (fit_key){a->fit.axes[first + i].key, first + i};
	qsort(keys, a->n_fit, sizeof *keys, by_key);
	fprintf(f,
	        "# ttsim calibrate --fit: the setting that reproduced %s "
	        "best (loss %.2f)\n",
	        a->activities ? a->activities : a->capacity, row->figures[0]);
	const char *prev = "";
	for (size_t i = 0; i < a->n_fit; i++) {
		const char *key = keys[i].key;
		/* the whole segments this key shares with the previous one */
		size_t common = 0, depth = 0;
		for (size_t k = 0; key[k] && key[k] == prev[k]; k++)
			if (key[k] == '.') {
				common = k + 1;
				depth++;
			}
		const char *seg = key + common;
		for (;;) {
			const char *dot = strchr(seg, '.');
			size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
			fprintf(f, "%*s%.*s:", (int)(2 * depth), "", (int)len,
			        seg);
			if (!dot)
				break;
			fputc('\n', f);
			seg = dot + 1;
			depth++;
		}
		fprintf(f, " %s\n", row->values[keys[i].axis]);
		prev = key;
	}
	free(keys);
	return TT_OK;
}

/* A --fit key a fragment can hold: dotted names, no list indexes. */
static int check_fragment(const calibrate_args *a)
{
	for (size_t k = a->fit.n_axes - a->n_fit; k < a->fit.n_axes; k++)
		if (strpbrk(a->fit.axes[k].key, "[]"))
			return tt_cli_usage_error(
			        "calibrate",
			        "--write-fit cannot write '%s' as a scenario "
			        "fragment (a list index); fit it without "
			        "--write-fit and set the value by hand",
			        a->fit.axes[k].key);
	return TT_EXIT_OK;
}

static tt_code open_output(outputs *o, const char *dir, const char *name,
                           FILE **f, tt_diag *d)
{
	char path[4096];
	if (dir)
		snprintf(path, sizeof path, "%s/%s", dir, name);
	else
		snprintf(path, sizeof path, "%s", name);
	tt_code rc = tt_cli_outfile_open(&o->f[o->n], path, d);
	if (!rc)
		*f = o->f[o->n++].f;
	return rc;
}

static tt_code open_outputs(const calibrate_args *a, outputs *o, tt_diag *d)
{
	tt_code rc = tt_cli_make_dirs(a->dir, d);
	if (!rc)
		rc = open_output(o, a->dir, "calibrate.csv", &o->csv, d);
	if (!rc)
		rc = open_output(o, a->dir, "calibrate.svg", &o->svg, d);
	if (!rc && a->n_fit)
		rc = open_output(o, a->dir, "fit.csv", &o->fit, d);
	if (!rc && a->write_fit)
		rc = open_output(o, NULL, a->write_fit, &o->fragment, d);
	return rc;
}

/* The --capacity export: a file, or '-' standard input. */
static tt_code read_capacity(const char *path, tt_capacity_export *cap,
                             tt_diag_list *notes, tt_diag *d)
{
	if (!tt_cli_is_stdin(path))
		return tt_capacity_export_read(path, path, cap, notes, d);
	char *text = NULL;
	size_t len = 0;
	tt_code rc = tt_read_fd(0, TT_CLI_STDIN_NAME, &text, &len, d);
	if (!rc)
		rc = tt_capacity_export_parse(text, len, TT_CLI_STDIN_NAME, cap,
		                              notes, d);
	free(text);
	return rc;
}

/* The scenario of the best setting: the --set values and the best --fit
 * values, as the fit loaded it. */
static tt_code load_best(const calibrate_args *a, const tt_sweep_row *row,
                         tt_scenario *s, tt_diag *d)
{
	tt_override *items = calloc(a->fit.n_axes + 1, sizeof *items);
	if (!items)
		return tt_diag_nomem(d, (tt_loc){0});
	tt_sweep_grid_combination(&a->fit, row->index, items);
	tt_overrides ov = {items, a->fit.n_axes};
	tt_code rc = tt_cli_load_scenario(a->scenario, &ov, s, d);
	free(items);
	return rc;
}

static int calibrate_all(calibrate_args *a, const tt_time_us window_us)
{
	tt_diag d;
	tt_diag_clear(&d);
	outputs out;
	memset(&out, 0, sizeof out);
	tt_calibration c;
	memset(&c, 0, sizeof c);
	tt_cal_fit fit;
	memset(&fit, 0, sizeof fit);
	tt_capacity_export cap;
	memset(&cap, 0, sizeof cap);
	tt_diag_list notes = {0};
	tt_cal_history *h = NULL;
	tt_scenario s;
	bool loaded = false;
	tt_calibrate_options o = {window_us, NULL};
	unsigned jobs = 1;
	int exit_code = TT_EXIT_OK;
	char *text = NULL;
	size_t len = 0;
	bool from_stdin = a->activities && tt_cli_is_stdin(a->activities);
	const char *name = from_stdin ? TT_CLI_STDIN_NAME : a->activities;

	if (a->n_fit && (exit_code = tt_cli_jobs("calibrate", a->jobs, &jobs)))
		goto release;
	if (open_outputs(a, &out, &d) ||
	    (a->activities &&
	     ((from_stdin
	               ? tt_read_fd(0, name, &text, &len, &d)
	               : tt_read_file(a->activities, name, &text, &len, &d)) ||
	      tt_cal_history_parse(text, len, name, &h, &d))) ||
	    (a->capacity && read_capacity(a->capacity, &cap, &notes, &d))) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	if (a->capacity)
		o.capacity = &cap;
	tt_cli_print_notes(&notes);
	const tt_sweep_row *best = NULL;
	if (a->n_fit) {
		if (tt_calibrate_fit(a->scenario, &a->fit, h, &o, jobs, &fit,
		                     &d) ||
		    tt_sweep_write_csv(out.fit, &fit.table, NULL, 0, &d)) {
			exit_code = tt_cli_fail(&d);
			goto release;
		}
		best = &fit.table.rows[fit.ranked[0]];
	}
	if ((best ? load_best(a, best, &s, &d)
	          : tt_cli_load_scenario(a->scenario, &a->ov, &s, &d))) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	loaded = true;
	tt_cli_print_notes(&s.notes);
	if (tt_calibrate_history(&s, h, &o, &c, &d) ||
	    tt_calibration_write_csv(&c, out.csv, &d) ||
	    tt_calibration_write_svg(&c, out.svg, &d) ||
	    (a->write_fit && write_fragment(out.fragment, a, best, &d)) ||
	    tt_cli_outfile_commit_group(out.f, out.n, &d)) {
		exit_code = tt_cli_fail(&d);
		goto release;
	}
	tt_cli_print_notes(&c.notes);
	if (!a->quiet) {
		if (best)
			print_fit(a, &fit, &c);
		print_score(&c);
		tt_cli_printf(stdout, "wrote %s/calibrate.csv\n", a->dir);
		tt_cli_printf(stdout, "wrote %s/calibrate.svg\n", a->dir);
		if (best)
			tt_cli_printf(stdout, "wrote %s/fit.csv\n", a->dir);
		if (a->write_fit)
			tt_cli_printf(stdout, "wrote %s\n", a->write_fit);
	}
release:
	for (size_t i = 0; i < out.n; i++)
		tt_cli_outfile_abort(&out.f[i]);
	tt_calibration_release(&c);
	tt_cal_fit_release(&fit);
	if (loaded)
		tt_scenario_release(&s);
	tt_cal_history_free(h);
	tt_capacity_export_release(&cap);
	tt_diag_list_release(&notes);
	free(text);
	return exit_code;
}

static int parse_args(int argc, char **argv, calibrate_args *a)
{
	enum {
		OPT_SET = TT_CLI_LONG,
		OPT_ACTIVITIES,
		OPT_CAPACITY,
		OPT_WINDOW,
		OPT_FIT,
		OPT_WRITE_FIT
	};
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"output", required_argument, NULL, 'o'},
	        {"jobs", required_argument, NULL, 'j'},
	        {"set", required_argument, NULL, OPT_SET},
	        {"activities", required_argument, NULL, OPT_ACTIVITIES},
	        {"capacity", required_argument, NULL, OPT_CAPACITY},
	        {"window", required_argument, NULL, OPT_WINDOW},
	        {"fit", required_argument, NULL, OPT_FIT},
	        {"write-fit", required_argument, NULL, OPT_WRITE_FIT},
	        {0}};
	bool stdin_claimed = false;
	tt_sweep_grid fit_axes = {.option = "--fit"};
	tt_diag d;
	int rc;
	tt_cli_args g;
	tt_cli_args_init(&g, "calibrate", argc, argv, "ho:qj:", longs);
	for (int c; (c = tt_cli_args_next(&g)) != TT_CLI_DONE;) {
		switch (c) {
		case 'h':
			fputs(calibrate_help, stdout);
			rc = -1;
			goto done;
		case 'q':
			a->quiet = true;
			break;
		case 'o':
			a->dir = g.arg;
			break;
		case 'j':
			a->jobs = g.arg;
			break;
		case OPT_WINDOW:
			a->window = g.arg;
			break;
		case OPT_CAPACITY:
			if ((rc = tt_cli_claim_stdin("calibrate", g.arg,
			                             &stdin_claimed)))
				goto done;
			a->capacity = g.arg;
			break;
		case OPT_WRITE_FIT:
			a->write_fit = g.arg;
			break;
		case OPT_ACTIVITIES:
			if ((rc = tt_cli_claim_stdin("calibrate", g.arg,
			                             &stdin_claimed)))
				goto done;
			a->activities = g.arg;
			break;
		case OPT_FIT:
			tt_diag_clear(&d);
			if (tt_sweep_grid_add(&fit_axes, g.arg, &d)) {
				rc = tt_cli_fail(&d);
				goto done;
			}
			break;
		case OPT_SET:
			if (tt_cli_split_set(g.arg, &a->ov.items[a->ov.n]) !=
			    TT_OK) {
				rc = tt_cli_usage_error(
				        "calibrate",
				        "invalid --set '%s' (expected "
				        "KEY=VALUE)",
				        g.arg);
				goto done;
			}
			a->ov.n++;
			break;
		case TT_CLI_OPERAND:
			if (a->scenario) {
				rc = tt_cli_usage_error(
				        "calibrate",
				        "takes one scenario, got '%s' too",
				        g.arg);
				goto done;
			}
			if ((rc = tt_cli_claim_stdin("calibrate", g.arg,
			                             &stdin_claimed)))
				goto done;
			a->scenario = g.arg;
			break;
		default: /* TT_CLI_BAD, reported */
			rc = TT_EXIT_INPUT;
			goto done;
		}
	}
	rc = TT_EXIT_OK;
	if (!a->scenario)
		rc = tt_cli_usage_error("calibrate", "needs a scenario");
	else if (!a->activities && !a->capacity)
		rc = tt_cli_usage_error(
		        "calibrate",
		        "needs --activities FILE (aws application-autoscaling "
		        "describe-scaling-activities output), --capacity FILE "
		        "(a CloudWatch export of the instance count), or both");
	else if (fit_axes.n_axes && tt_cli_is_stdin(a->scenario))
		rc = tt_cli_usage_error("calibrate",
		                        "--fit needs the scenario as a file "
		                        "(every setting reads it afresh)");
	else if (a->write_fit && !fit_axes.n_axes)
		rc = tt_cli_usage_error("calibrate",
		                        "--write-fit writes what --fit found: "
		                        "give --fit KEY=RANGE");
	else if (a->jobs && !fit_axes.n_axes)
		rc = tt_cli_usage_error("calibrate",
		                        "--jobs is for --fit's settings: give "
		                        "--fit KEY=RANGE");
	if (rc || !fit_axes.n_axes)
		goto done;
	/* the fit's grid: each --set as an axis of one value, then --fit's */
	for (size_t i = 0; i < a->ov.n && !rc; i++) {
		size_t n = strlen(a->ov.items[i].key) +
		           strlen(a->ov.items[i].value) + 2;
		char *spec = malloc(n);
		if (!spec) {
			rc = tt_cli_nomem("calibrate");
			break;
		}
		snprintf(spec, n, "%s=%s", a->ov.items[i].key,
		         a->ov.items[i].value);
		tt_diag_clear(&d);
		if (tt_sweep_grid_add(&a->fit, spec, &d))
			rc = tt_cli_fail(&d);
		else if (a->fit.axes[a->fit.n_axes - 1].n != 1)
			rc = tt_cli_usage_error(
			        "calibrate",
			        "--set '%s' gives %zu values; with --fit each "
			        "--set takes one (quote a value with commas, "
			        "or fit the key with --fit)",
			        spec, a->fit.axes[a->fit.n_axes - 1].n);
		free(spec);
	}
	for (size_t i = 0; i < fit_axes.n_axes && !rc; i++) {
		tt_sweep_axis *x = &fit_axes.axes[i];
		/* move the axis: the grid takes the key and values */
		tt_sweep_axis *p =
		        realloc(a->fit.axes, (a->fit.n_axes + 1) * sizeof *p);
		if (!p) {
			rc = tt_cli_nomem("calibrate");
			break;
		}
		a->fit.axes = p;
		a->fit.axes[a->fit.n_axes++] = *x;
		memset(x, 0, sizeof *x);
		a->n_fit++;
	}
	if (!rc && a->write_fit)
		rc = check_fragment(a);
done:
	tt_sweep_grid_release(&fit_axes);
	return rc;
}

int tt_cmd_calibrate(int argc, char **argv)
{
	calibrate_args a = {.dir = "calibrate-out"};
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
	exit_code = calibrate_all(&a, window_us);
release:
	tt_sweep_grid_release(&a.fit);
	tt_cli_free_sets(&a.ov);
	return exit_code;
}
