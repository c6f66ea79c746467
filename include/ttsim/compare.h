/*
 * compare.h - one workload through several setups, side by side.
 *
 * `ttsim compare A.yaml B.yaml ...` asks "what would this traffic have
 * done with that policy instead, or that cooldown, or a Kubernetes HPA?".
 * Each setup is a scenario loaded as `ttsim run` loads it; the setups
 * must replay the same workload with the same simulation settings, or
 * the comparison would compare the traffic and not the setups, so they
 * are checked field by field before anything runs
 * (tt_compare_same_workload).  Then each runs with a recorder that keeps
 * the few columns the picture needs in memory (time, invocations,
 * desired, in service and the first policy's metric), and the results
 * are written as compare.csv (one row per setup, every summary figure),
 * compare.svg (plot_compare.c) and compare.html (compare_html.c).
 *
 * Which controller a setup uses does not matter here: a setup is a
 * scenario, run by tt_sim_run like any other.  The library never prints:
 * the caller owns the files and checks them for write errors.
 */
#ifndef TTSIM_COMPARE_H
#define TTSIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/diag.h"
#include "ttsim/figures.h"
#include "ttsim/plot.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

/* Setups one comparison takes at most (one colour each in the picture). */
#define TT_COMPARE_MAX_SETUPS 10

/* One setup: a loaded scenario and the file it came from, both borrowed. */
typedef struct tt_compare_setup {
	const tt_scenario *s;
	const char *file; /* as given: "a.yaml", "<stdin>" */
} tt_compare_setup;

/* The first difference between two setups' workloads. */
typedef struct tt_workload_diff {
	/* "synthetic peak is 2400/min here, 1800/min there": the second
	 * setup's value first ("here"), then the first's */
	char what[400];
	tt_loc loc; /* in the second setup: the field, else its workload */
} tt_workload_diff;

/*
 * Whether `b` replays the same workload as `a` with the same simulation
 * settings: the workload's kind; a trace's files (the same file, however
 * the path is spelt), format, period, columns and selection; a synthetic
 * shape and every one of its values (parts and steps included); the
 * noise; the transforms in order; in request mode the arrivals; then
 * simulation.duration, the simulation period, seed, mode and start.  On
 * the first difference, false and *diff says which (may be NULL).
 */
bool tt_compare_same_workload(const tt_scenario *a, const tt_scenario *b,
                              tt_workload_diff *diff);

/*
 * Every setup against the first: TT_EINVAL at the first that differs,
 * "not the same workload as 'A.yaml': WHAT" at diff.loc.  Also
 * TT_EINVAL for fewer than two setups or more than
 * TT_COMPARE_MAX_SETUPS, and for two setups the outputs could not tell
 * apart (the same file given twice, "'a.yaml' is given twice: ...", or
 * two names alike, at the second's file; names as tt_compare_run_all
 * gives them).
 */
tt_code tt_compare_check(const tt_compare_setup *setups, size_t n, tt_diag *d);

/*
 * A run's timeline as the picture needs it, one entry per row (period):
 * its start, the invocations, desired and in-service counts after its
 * evaluation, and the first target-tracking policy's datapoint (NaN when
 * missing or when the setup has no such policy).
 */
typedef struct tt_compare_timeline {
	size_t n, cap;
	double *t_s;
	double *invocations;
	double *desired;
	double *in_service;
	double *metric;
	double period_s;
	bool wallclock;        /* origin_unix_s is known */
	int64_t origin_unix_s; /* the wall-clock time of t_s = 0 */
} tt_compare_timeline;

/* One setup's run. */
typedef struct tt_compare_run {
	const tt_scenario *s; /* borrowed from the setup */
	const char *file;     /* borrowed from the setup */
	/* owned: the `setup` column: the scenario's name, or its file when
	 * another setup has the same name */
	char *name;
	tt_summary sum; /* owned */
	tt_figure figures[TT_FIGURES_MAX];
	size_t n_figures;
	tt_compare_timeline tl; /* owned */
} tt_compare_run;

/* A finished comparison.  Zero-initialise; release when done. */
typedef struct tt_compare {
	tt_compare_run *runs;
	size_t n;
} tt_compare;

/*
 * Check the setups (tt_compare_check), name them, and run each in turn.
 * Errors of a run (a bad trace row) come back as tt_sim_run's.  On failure *out is released;
 * on success release it with tt_compare_release.  Warnings and notes of
 * each run are in its summary (run.sum.notes).
 */
tt_code tt_compare_run_all(const tt_compare_setup *setups, size_t n,
                           tt_compare *out, tt_diag *d);

/* Free what a comparison owns.  Accepts a zeroed one. */
void tt_compare_release(tt_compare *c);

/*
 * compare.csv: a header `setup,file,controller` and every summary figure
 * some run has, in figures.h's order, then one row per setup in the
 * order given; a figure a run lacks is an empty cell.  RFC 4180 with
 * `\n` line ends, numbers by the one formatter (fmt.h).  TT_EINTERNAL
 * for a number that is not finite (nothing useful is on `f` then).
 */
tt_code tt_compare_write_csv(FILE *f, const tt_compare *c, tt_diag *d);

/* The controller's name as compare.csv writes it: "aws", "hpa", "keda". */
const char *tt_compare_controller_name(const tt_scenario *s);

/*
 * Whether a setup has a metric with a target, as the timeline's `metric`
 * column and minutes over target count it: a target-tracking policy, or
 * an HPA's first metric (false for step policies alone).
 */
bool tt_compare_has_target(const tt_scenario *s);

/*
 * compare.svg (plot_compare.c): the load once, every setup's capacity in
 * service in its own colour with its cost and minutes over target in the
 * legend, and each setup's first metric against its own TargetValue.
 * `o` may be NULL (1200 pixels wide; o->inline_html for a page).
 * TT_EINVAL when a label's number cannot be written.
 */
tt_code tt_compare_write_svg(FILE *f, const tt_compare *c,
                             const tt_plot_opts *o, tt_diag *d);

/*
 * compare.html (compare_html.c): one self-contained page, the main
 * figures as a table with a column per setup, the picture inline, then
 * every figure as compare.csv has them.  Errors as the picture's.
 */
tt_code tt_compare_write_html(FILE *f, const tt_compare *c, tt_diag *d);

/* The setup's colour in the picture and the page ("#4e79a7"). */
const char *tt_compare_colour(size_t i);

#endif
