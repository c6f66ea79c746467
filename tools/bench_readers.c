/*
 * bench_readers.c - rows per second for each trace reader.
 *
 *   bench_readers FORMAT FILE... 
 *
 * Opens FILE(s) as a trace of FORMAT (counts, requests, azure-functions,
 * cloudwatch), reads every interval the reader yields, five times, and
 * prints the median time and intervals (rows, for per-row formats) per
 * second.  Used by tools/bench.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trace.h"

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
	static const char *const formats[] = {"auto", "counts", "requests",
	                                      "azure-functions", "cloudwatch"};
	if (argc < 3) {
		fprintf(stderr, "usage: bench_readers FORMAT FILE...\n");
		return 2;
	}
	tt_trace_spec spec;
	memset(&spec, 0, sizeof spec);
	for (int f = 0; f < 5; f++)
		if (!strcmp(argv[1], formats[f]))
			spec.format = (tt_trace_format)f;
	spec.paths = argv + 2;
	spec.names = (const char **)(argv + 2);
	spec.n_paths = (size_t)(argc - 2);

	double t[5];
	unsigned long long rows = 0;
	char msg[1024];
	for (int r = 0; r < 5; r++) {
		tt_diag d;
		tt_source *src;
		double t0 = now_s();
		if (tt_trace_open(&spec, (tt_loc){argv[2], 0, 0}, NULL, &src,
		                  &d)) {
			fprintf(stderr, "%s\n",
			        tt_diag_format(&d, msg, sizeof msg));
			return 2;
		}
		rows = 0;
		for (;;) {
			tt_interval iv;
			bool end = false;
			if (tt_source_next(src, &iv, &end, &d)) {
				fprintf(stderr, "%s\n",
				        tt_diag_format(&d, msg, sizeof msg));
				return 2;
			}
			if (end)
				break;
			rows++;
		}
		tt_source_close(src);
		t[r] = now_s() - t0;
	}
	qsort(t, 5, sizeof *t, cmp_double);
	printf("%-16s %10llu intervals  %8.1f ms  %6.2f M/s  (%s%s)\n", argv[1],
	       rows, t[2] * 1e3, (double)rows / t[2] / 1e6, argv[2],
	       argc > 3 ? ", ..." : "");
	return 0;
}
