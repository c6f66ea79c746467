/*
 * fuzz_trace.c - libFuzzer target: the trace readers.  The first byte picks
 * the format (auto, counts, requests, azure-functions, cloudwatch), the
 * rest is the file; every interval is read to the end, through the
 * per-period resampling too.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "source.h"
#include "trace.h"
#include "ttsim/workload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char path[64];
	snprintf(path, sizeof path, "/tmp/ttsim-fuzz-%ld.csv", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);

	char *paths[1] = {path};
	const char *names[1] = {path};
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_TRACE;
	spec.trace.format = (tt_trace_format)(data[0] % 5);
	spec.trace.paths = paths;
	spec.trace.names = names;
	spec.trace.n_paths = 1;
	tt_diag d;
	tt_diag_list notes = {0};
	tt_workload *w;
	if (tt_workload_open(&spec, 1, 60 * TT_US_PER_S, &notes, &w, &d) ==
	    TT_OK) {
		/* at most a day of periods: a trace far in the future must
		 * not make one input run for ever */
		for (int k = 0; k < 1440; k++) {
			uint64_t count;
			bool ended;
			if (tt_workload_next(w, &count, &ended, &d) || ended)
				break;
		}
		tt_workload_close(w);
	}
	tt_diag_list_release(&notes);
	unlink(path);
	return 0;
}
