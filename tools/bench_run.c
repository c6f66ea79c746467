/*
 * bench_run.c - time a scenario's run (fluid or request mode).
 *
 *   bench_run SCENARIO.yaml [REPEATS]
 *   bench_run --outputs DIR SCENARIO.yaml [REPEATS]
 *
 * The first form loads the scenario once, runs it REPEATS times (default
 * 10) with a recorder that formats every row and event into memory but
 * writes nothing, and prints the median and fastest wall time and the
 * periods per second; then REPEATS times more with a recorder that takes
 * nothing: reading the trace and simulating, alone.
 *
 * The second does what `ttsim run` does for each of REPEATS runs, in
 * one process: the three data files written into DIR while the run is
 * kept in memory, summary.json, then timeline.svg and report.html drawn
 * from the run in memory; and prints the median and fastest of each
 * phase and of the whole, with the page faults of the last run (minor
 * faults: on a virtual machine each costs microseconds; a huge page is
 * one, bigmem.h).  Not
 * timed: the renaming into place, and the process's start.
 *
 * Used by tools/bench; the library stays clock-free, the clock is read
 * here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "ttsim/plot.h"
#include "ttsim/report.h"
#include "ttsim/report_html.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long minor_faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int fail(const tt_diag *d)
{
	char msg[1024];
	fprintf(stderr, "%s\n", tt_diag_format(d, msg, sizeof msg));
	return 2;
}

/* The library run alone, outputs formatted into nowhere. */
static int bench_run(const char *path, int repeats)
{
	tt_scenario s;
	tt_diag d;
	if (tt_scenario_load_file(path, &s, &d))
		return fail(&d);
	double *t = calloc((size_t)repeats, sizeof *t);
	FILE *sink = fopen("/dev/null", "w");
	if (!t || !sink)
		return 3;
	uint64_t periods = 0, events = 0;
	for (int i = 0; i < repeats; i++) {
		tt_csv_recorder rec;
		tt_csv_recorder_init(&rec, sink, sink);
		tt_summary sum;
		double t0 = now_s();
		if (tt_sim_run(&s, &rec.rec, &sum, &d))
			return fail(&d);
		t[i] = now_s() - t0;
		tt_csv_recorder_release(&rec);
		periods = sum.periods;
		/* request mode: an arrival and a completion per request */
		events = sum.request ? sum.invocations + sum.completed : 0;
		tt_summary_release(&sum);
	}
	qsort(t, (size_t)repeats, sizeof *t, cmp_double);
	double median = t[repeats / 2];
	double *bare = calloc((size_t)repeats, sizeof *bare);
	if (!bare)
		return 3;
	const tt_recorder none = {0};
	for (int i = 0; i < repeats; i++) {
		tt_summary sum;
		double t0 = now_s();
		if (tt_sim_run(&s, &none, &sum, &d))
			return fail(&d);
		bare[i] = now_s() - t0;
		tt_summary_release(&sum);
	}
	qsort(bare, (size_t)repeats, sizeof *bare, cmp_double);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%s: %llu periods, median %.1f ms, fastest %.1f ms, "
	       "%.2f M periods/s (%d runs), peak memory %.1f MB\n",
	       path, (unsigned long long)periods, median * 1e3, t[0] * 1e3,
	       (double)periods / median / 1e6, repeats,
	       (double)ru.ru_maxrss / 1024.0);
	if (events > 0)
		printf("  request mode: %llu events (arrivals and "
		       "completions), "
		       "%.2f M events/s\n",
		       (unsigned long long)events,
		       (double)events / median / 1e6);
	printf("  read the trace and simulate, no outputs: median %.1f ms, "
	       "fastest %.1f ms\n",
	       bare[repeats / 2] * 1e3, bare[0] * 1e3);
	fclose(sink);
	free(bare);
	free(t);
	tt_scenario_release(&s);
	return 0;
}

enum { PH_RUN, PH_SUMMARY, PH_FINISH, PH_SVG, PH_HTML, PH_COUNT };
static const char *const phase_names[PH_COUNT] = {
        "load, run, timeline.csv and events.csv, kept", "summary.json",
        "the kept run finished", "timeline.svg", "report.html"};

/* One `ttsim run`, its phases' times into t[] (seconds). */
static int outputs_once(const char *path, const char *dir, double *t,
                        long *faults)
{
	char name[5][4096];
	static const char *const files[5] = {"timeline.csv", "events.csv",
	                                     "summary.json", "timeline.svg",
	                                     "report.html"};
	FILE *f[5];
	for (int i = 0; i < 5; i++) {
		snprintf(name[i], sizeof name[i], "%s/%s", dir, files[i]);
		remove(name[i]); /* a new file, as ttsim run writes */
	}
	long f0 = minor_faults();
	double t0 = now_s();
	tt_scenario s;
	tt_diag d;
	if (tt_scenario_load_file(path, &s, &d))
		return fail(&d);
	for (int i = 0; i < 5; i++)
		if (!(f[i] = fopen(name[i], "w"))) {
			perror(name[i]);
			return 3;
		}
	tt_plot_run_data *k = tt_plot_run_data_new();
	if (!k)
		return 3;
	tt_csv_recorder rec;
	tt_csv_recorder_init(&rec, f[0], f[1]);
	tt_csv_recorder_keep(&rec, k);
	tt_summary sum;
	if (tt_sim_run(&s, &rec.rec, &sum, &d))
		return fail(&d);
	tt_csv_recorder_release(&rec);
	double t1 = now_s();
	if (tt_report_write_summary(f[2], &s, &sum, &d))
		return fail(&d);
	for (int i = 0; i < 3; i++)
		fflush(f[i]);
	double t2 = now_s();
	if (tt_plot_run_data_finish(k, name[2], &d))
		return fail(&d);
	double t3 = now_s();
	if (tt_plot_run_data_draw(k, NULL, f[3], &d))
		return fail(&d);
	double t4 = now_s();
	if (tt_report_html_data(k, name[2], f[4], &d))
		return fail(&d);
	for (int i = 0; i < 5; i++)
		fclose(f[i]);
	double t5 = now_s();
	*faults = minor_faults() - f0;
	tt_plot_run_data_free(k);
	tt_summary_release(&sum);
	tt_scenario_release(&s);
	const double ts[PH_COUNT + 1] = {t0, t1, t2, t3, t4, t5};
	for (int p = 0; p < PH_COUNT; p++)
		t[p] = ts[p + 1] - ts[p];
	t[PH_COUNT] = t5 - t0;
	return 0;
}

/* `ttsim run` in one process, REPEATS times, phase by phase. */
static int bench_outputs(const char *dir, const char *path, int repeats)
{
	double *t = calloc((size_t)repeats * (PH_COUNT + 1), sizeof *t);
	long faults = 0;
	if (!t)
		return 3;
	for (int i = 0; i < repeats; i++) {
		int rc = outputs_once(path, dir, &t[i * (PH_COUNT + 1)],
		                      &faults);
		if (rc)
			return rc;
	}
	printf("%s, every output (in one process, %d runs):\n", path, repeats);
	for (int p = 0; p <= PH_COUNT; p++) {
		double *v = malloc((size_t)repeats * sizeof *v);
		if (!v)
			return 3;
		for (int i = 0; i < repeats; i++)
			v[i] = t[i * (PH_COUNT + 1) + p];
		qsort(v, (size_t)repeats, sizeof *v, cmp_double);
		printf("  %-46s median %6.1f ms, fastest %6.1f ms\n",
		       p < PH_COUNT ? phase_names[p] : "all",
		       v[repeats / 2] * 1e3, v[0] * 1e3);
		free(v);
	}
	printf("  page faults of the last run (a huge page is one): %ld\n",
	       faults);
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	if (argc > 2 && strcmp(argv[1], "--outputs") == 0) {
		dir = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: bench_run [--outputs DIR] "
		                "SCENARIO.yaml [REPEATS]\n");
		return 2;
	}
	int repeats = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 10;
	if (repeats < 1 || repeats > 1000)
		repeats = 10;
	return dir ? bench_outputs(dir, argv[1], repeats)
	           : bench_run(argv[1], repeats);
}
