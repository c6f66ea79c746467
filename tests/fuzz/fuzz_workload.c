/*
 * fuzz_workload.c - one fuzz input as a whole trace workload: the knobs of
 * a scenario's `workload:` section read from the input's first bytes, then
 * the trace itself, read through the readers, the transforms, the noise
 * and the per-period resampling as a run would.
 *
 * An input is a block of twenty knob bytes, then the names the knobs
 * chose, then the files:
 *
 *   flags period trace-period seed time count select n
 *   kind a b   (four times: the transforms; the first n, 0..4, are on)
 *   name NUL   (for each of time, count, select that chose a name)
 *   file [FF file]...   (the trace: up to four files, split at '\f')
 *
 * A zero byte is a knob's default and a missing byte reads as zero, so
 * twenty zeros and a file replay that file as a plain trace.  The block
 * has a fixed size so that turning a transform on does not shift the file.
 * The values come from tables of what a scenario can say, extremes
 * included (a scale of 1e6, a shift of a hundred years, `repeat: forever`),
 * so whatever the fuzzer finds, a scenario can reach.  Names come from the
 * input so the fuzzer can learn them from the comparisons the readers
 * make.
 *
 * Besides the sanitizers, an invalid floating-point operation inside the
 * stream (llround or a conversion out of range, inf - inf) is a finding:
 * it is how a running total that overflows shows, silently, as zeros.
 * The flags are the thread's own, so with FLAG_AHEAD those of the reader
 * (on its thread) go unseen; the same input without the flag sees them.
 * With FLAG_CACHE the trace is replayed through a sweep's cache, which
 * reads it whole at the open (FLAG_AHEAD then has no effect: the cache
 * takes precedence, as in a sweep).
 */
#include "fuzz_workload.h"

#include <fenv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario_values.h"
#include "trace_cache.h"

#define MAX_FILES 4
#define MAX_TRANSFORMS 4
#define NAME_LEN_MAX 64
/* A trace far in the future, or played for ever, must not make one input
 * run for ever: a little more than a day of one-minute periods, so that an
 * Azure Functions trace reaches its second file. */
#define MAX_PERIODS 1500
#define MAX_ARRIVALS 10000

#define S TT_US_PER_S
#define DAY (86400 * S)
/* 2024-01-01T00:00:00Z, the day the seeds are recorded on. */
#define EPOCH_US (1704067200 * S)
#define PICK(table, b) ((table)[(b) % (sizeof(table) / sizeof *(table))])

enum flags {
	FLAG_POISSON = 1,  /* noise: poisson */
	FLAG_ARRIVALS = 2, /* read as request mode does, arrival by arrival */
	FLAG_UNIFORM = 4,  /* arrivals: uniform */
	FLAG_JSON = 8,     /* the files end in .json (format detection) */
	FLAG_AHEAD = 16,   /* read on a second thread, as a scenario's trace */
	FLAG_CACHE = 32    /* replayed through a sweep's trace cache */
};

/* The simulation period: the shortest metric period of a scenario. */
static const tt_time_us periods_us[] = {60 * S,  1 * S,    10 * S, 30 * S,
                                        300 * S, 3600 * S, DAY,    7 * S};
/* The trace's `period`; 0: from the data. */
static const tt_time_us trace_periods_us[] = {0,        1 * S, 60 * S, 300 * S,
                                              3600 * S, DAY,   10 * S, 1};
/* Shifts, slice bounds, repeat intervals: up to ten years and the longest
 * duration a scenario may write, a hundred. */
static const tt_time_us durations_us[] = {
        0,        1,   S,       30 * S,    60 * S,     90 * S,
        3600 * S, DAY, 7 * DAY, 366 * DAY, 3653 * DAY, TT_SV_DURATION_MAX_US};
static const double scales[] = {1,   0, 0.001, 0.05, 0.5,  0.999,
                                1.5, 2, 3,     60,   1000, 1e6};
static const double speedups[] = {1, 2, 0.5, 10, 60, 1440, 0.001, 1e6};
static const int64_t repeat_times[] = {1,   2,        3, 0 /* for ever */,
                                       100, INT32_MAX};
static const int column_indexes[] = {1, 2, 3, 4, 5, 10000};

typedef struct cursor {
	const uint8_t *p;
	size_t n;
} cursor;

static uint8_t take(cursor *c)
{
	if (!c->n)
		return 0;
	c->n--;
	return *c->p++;
}

/* A name up to a NUL (or NAME_LEN_MAX bytes) into buf[NAME_LEN_MAX + 1]. */
static char *take_name(cursor *c, char *buf)
{
	size_t i = 0;
	while (i < NAME_LEN_MAX && c->n) {
		uint8_t b = take(c);
		if (!b)
			break;
		buf[i++] = (char)b;
	}
	buf[i] = '\0';
	return buf;
}

/* A column knob: 0 the default, odd an index, even a name from the input. */
static void column(uint8_t b, cursor *c, char *buf, tt_column *col)
{
	if (!b)
		return;
	if (b & 1)
		col->index = PICK(column_indexes, b >> 1);
	else
		col->name = take_name(c, buf);
}

/* Transform `i` from its three bytes. */
static void transform(uint8_t kind, uint8_t a, uint8_t b, size_t i,
                      tt_transform *t)
{
	t->kind = (tt_transform_kind)(kind % 5);
	t->loc = (tt_loc){"fuzz", 1, (int)i + 1};
	switch (t->kind) {
	case TT_TRANSFORM_SCALE:
		t->factor = PICK(scales, a);
		break;
	case TT_TRANSFORM_SHIFT:
		t->shift_us = PICK(durations_us, a >> 1);
		if (a & 1)
			t->shift_us = -t->shift_us;
		break;
	case TT_TRANSFORM_SLICE:
		/* b == 0: no `to`, to the end */
		t->from_us = PICK(durations_us, a & 0x3f);
		t->to_us = b ? PICK(durations_us, b) : TT_TIME_MAX;
		if (a & 0x80) {
			/* calendar times within a year of the seeds' day;
			 * bit 6: no `from`, from the start */
			t->slice_unix = true;
			t->from_us = EPOCH_US + durations_us[(a & 0x3f) % 10];
			if (a & 0x40)
				t->from_us = INT64_MIN;
			if (b)
				t->to_us = EPOCH_US + durations_us[b % 10];
		}
		break;
	case TT_TRANSFORM_SPEEDUP:
		t->factor = PICK(speedups, a);
		break;
	case TT_TRANSFORM_REPEAT:
		t->times = PICK(repeat_times, a);
		t->every_us = PICK(durations_us, b); /* 0: a pass's length */
		break;
	}
}

static bool write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

/* An invalid operation in the library's last call: see the top. */
static void check_arithmetic(const char *what, int k)
{
	if (!fetestexcept(FE_INVALID))
		return;
	fprintf(stderr,
	        "fuzz_workload: invalid floating-point operation in "
	        "%s %d (a value out of range)\n",
	        what, k);
	abort();
}

static void read_periods(tt_workload *w)
{
	for (int k = 0; k < MAX_PERIODS; k++) {
		uint64_t count;
		bool ended;
		tt_diag d;
		feclearexcept(FE_INVALID);
		tt_code rc = tt_workload_next(w, &count, &ended, &d);
		check_arithmetic("period", k);
		if (rc || ended)
			return;
	}
}

static void read_arrivals(tt_workload *w)
{
	tt_time_us last_us = INT64_MIN;
	for (int k = 0; k < MAX_ARRIVALS; k++) {
		tt_time_us t_us;
		const double *attrs;
		bool end;
		tt_diag d;
		feclearexcept(FE_INVALID);
		tt_code rc =
		        tt_workload_next_arrival(w, &t_us, &attrs, &end, &d);
		check_arithmetic("arrival", k);
		if (rc || end)
			return;
		/* workload.h promises arrivals in time order */
		if (t_us < last_us) {
			fprintf(stderr,
			        "fuzz_workload: arrival %d at %lld us is "
			        "before "
			        "the last one at %lld us\n",
			        k, (long long)t_us, (long long)last_us);
			abort();
		}
		last_us = t_us;
	}
}

void fz_workload_run(const uint8_t *data, size_t size, tt_trace_format format)
{
	cursor in = {data, size};
	tt_workload_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.kind = TT_WORKLOAD_TRACE;
	spec.trace.format = format;

	uint8_t flags = take(&in);
	spec.poisson = flags & FLAG_POISSON;
	spec.read_ahead = flags & FLAG_AHEAD;
	spec.arrivals = flags & FLAG_UNIFORM ? TT_ARRIVALS_UNIFORM
	                                     : TT_ARRIVALS_POISSON;
	tt_time_us period_us = PICK(periods_us, take(&in));
	spec.trace.period_us = PICK(trace_periods_us, take(&in));
	uint64_t seed = take(&in);
	uint8_t time = take(&in), count = take(&in), select = take(&in);

	tt_transform transforms[MAX_TRANSFORMS];
	memset(transforms, 0, sizeof transforms);
	spec.transforms = transforms;
	spec.n_transforms = take(&in) % (MAX_TRANSFORMS + 1);
	for (size_t i = 0; i < MAX_TRANSFORMS; i++) {
		uint8_t kind = take(&in), a = take(&in), b = take(&in);
		transform(kind, a, b, i, &transforms[i]);
	}

	char names[3][NAME_LEN_MAX + 1];
	column(time, &in, names[0], &spec.trace.time);
	column(count, &in, names[1], &spec.trace.count);
	if (select % 3 == 1)
		spec.trace.function = take_name(&in, names[2]);
	else if (select % 3 == 2)
		spec.trace.app = take_name(&in, names[2]);

	/* The rest: the files. */
	char path_bufs[MAX_FILES][64];
	char *paths[MAX_FILES];
	size_t n_files = 0;
	bool written = true;
	const uint8_t *p = in.p, *end = in.p + in.n;
	for (;;) {
		const uint8_t *ff = NULL;
		if (n_files + 1 < MAX_FILES && p < end)
			ff = memchr(p, '\f', (size_t)(end - p));
		const uint8_t *stop = ff ? ff : end;
		char *path = path_bufs[n_files];
		snprintf(path, sizeof path_bufs[0],
		         "/tmp/ttsim-fuzz-%ld-%zu.%s", (long)getpid(), n_files,
		         flags & FLAG_JSON ? "json" : "csv");
		paths[n_files++] = path;
		written = write_file(path, p, (size_t)(stop - p));
		if (!written || !ff)
			break;
		p = ff + 1;
	}
	spec.trace.paths = paths;
	spec.trace.names = (const char **)paths;
	spec.trace.n_paths = n_files;

	tt_diag d;
	tt_diag_list notes = {0};
	tt_workload *w;
	tt_trace_cache *cache = NULL;
	if (flags & FLAG_CACHE) {
		if (!(cache = tt_trace_cache_new(TT_TRACE_CACHE_BYTES)))
			abort();
		spec.trace_cache = cache;
	}
	if (written &&
	    tt_workload_open(&spec, seed, period_us, &notes, &w, &d) == TT_OK) {
		/* as a run with a duration: no arrival past its end */
		tt_workload_set_horizon(w, MAX_PERIODS * period_us);
		if (flags & FLAG_ARRIVALS)
			read_arrivals(w);
		else
			read_periods(w);
		tt_workload_close(w);
	}
	tt_diag_list_release(&notes);
	tt_trace_cache_free(cache);
	for (size_t i = 0; i < n_files; i++)
		unlink(paths[i]);
}
