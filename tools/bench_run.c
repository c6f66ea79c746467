/*
 * bench_run.c - time a scenario's run (fluid or request mode), outputs
 * discarded.
 *
 *   bench_run SCENARIO.yaml [REPEATS]
 *
 * Loads the scenario once, runs it REPEATS times (default 10) with a
 * recorder that formats every row and event into memory but writes
 * nothing, and prints the median and fastest wall time and the periods
 * per second.  Used by tools/bench; the library stays clock-free, the
 * clock is read here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "ttsim/report.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_run SCENARIO.yaml [REPEATS]\n");
		return 2;
	}
	int repeats = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 10;
	if (repeats < 1 || repeats > 1000)
		repeats = 10;
	tt_scenario s;
	tt_diag d;
	char msg[1024];
	if (tt_scenario_load_file(argv[1], &s, &d)) {
		fprintf(stderr, "%s\n", tt_diag_format(&d, msg, sizeof msg));
		return 2;
	}
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
		if (tt_sim_run(&s, &rec.rec, &sum, &d)) {
			fprintf(stderr, "%s\n",
			        tt_diag_format(&d, msg, sizeof msg));
			return 2;
		}
		t[i] = now_s() - t0;
		tt_csv_recorder_release(&rec);
		periods = sum.periods;
		/* request mode: an arrival and a completion per request */
		events = sum.request ? sum.invocations + sum.completed : 0;
		tt_summary_release(&sum);
	}
	qsort(t, (size_t)repeats, sizeof *t, cmp_double);
	double median = t[repeats / 2];
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%s: %llu periods, median %.1f ms, fastest %.1f ms, "
	       "%.2f M periods/s (%d runs), peak memory %.1f MB\n",
	       argv[1], (unsigned long long)periods, median * 1e3, t[0] * 1e3,
	       (double)periods / median / 1e6, repeats,
	       (double)ru.ru_maxrss / 1024.0);
	if (events > 0)
		printf("  request mode: %llu events (arrivals and completions), "
		       "%.2f M events/s\n",
		       (unsigned long long)events,
		       (double)events / median / 1e6);
	fclose(sink);
	free(t);
	tt_scenario_release(&s);
	return 0;
}
