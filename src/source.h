/*
 * source.h - a workload as a stream of intervals.
 *
 * Every workload, recorded or synthetic, is read as a sequence of intervals:
 * `count` invocations spread evenly over [start_us, start_us + len_us), or,
 * when len_us is 0, arriving at the instant start_us (one request of a
 * per-request trace).  Readers (trace_*.c), shapes (synthetic.c) and
 * transforms (transform.c, which wrap another source) all produce this one
 * interface; workload.c turns any of them into per-period counts.
 *
 * Rules every source keeps:
 * - intervals come in non-decreasing order of start_us;
 * - counts are >= 0 and finite, lengths >= 0;
 * - time 0 is the start of the workload (a trace's first row);
 * - a source holds at most a few lines of its input in memory, however long
 *   the input is (the CloudWatch exports, which are single JSON documents,
 *   are the exception and are bounded by the file size limit).
 *
 * Private to the library.
 */
#ifndef TTSIM_SOURCE_H
#define TTSIM_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"

typedef struct tt_interval {
	tt_time_us start_us;
	tt_time_us len_us; /* 0: a point in time */
	double count;
	/*
	 * Per-request attributes (token counts...) of a point from a
	 * per-request trace, in the order of the source's attr_names; NULL
	 * otherwise.  Valid until the next call to next().
	 */
	const double *attrs;
} tt_interval;

typedef struct tt_source tt_source;

typedef struct tt_source_ops {
	/*
	 * The next interval into *out, or *end = true when there is none
	 * (and every later call says the same).  A bad input row fails the
	 * call with its file, line and column; later calls fail the same way.
	 */
	tt_code (*next)(tt_source *src, tt_interval *out, bool *end,
	                tt_diag *d);
	/* Start again from time 0, as if just opened (for `repeat`). */
	tt_code (*rewind)(tt_source *src, tt_diag *d);
	/* Free everything, including any wrapped source.  Never NULL src. */
	void (*close)(tt_source *src);
	/*
	 * A hint that nothing before `t_us` will be kept (a negative shift
	 * or a slice is dropping it), so a source that can skip ahead
	 * without reading (a repeat's whole passes) may.  NULL: none.
	 */
	tt_code (*seek)(tt_source *src, tt_time_us t_us, tt_diag *d);
} tt_source_ops;

struct tt_source {
	const tt_source_ops *ops;
	/* Calendar time of time 0, when the input has one. */
	bool wallclock;
	int64_t origin_unix_s;
	/* Names of the per-request attributes (points only), or none. */
	const char *const *attr_names;
	size_t n_attrs;
};

/*
 * A source's first failure, kept so that every later call fails the same
 * way, as the rules above ask.  Zero-initialised: no failure.  A failing
 * step writes its diag into `diag` and then calls tt_source_fail.
 */
typedef struct tt_source_failure {
	tt_code code;
	tt_diag diag;
} tt_source_failure;

/* Keep rc (whose message is in f->diag) and hand it to the caller's d. */
static inline tt_code tt_source_fail(tt_source_failure *f, tt_code rc,
                                     tt_diag *d)
{
	f->code = rc;
	if (d)
		*d = f->diag;
	return rc;
}

/* The kept failure again (TT_OK when there is none). */
static inline tt_code tt_source_failed(const tt_source_failure *f, tt_diag *d)
{
	if (f->code && d)
		*d = f->diag;
	return f->code;
}

static inline tt_code tt_source_next(tt_source *s, tt_interval *out, bool *end,
                                     tt_diag *d)
{
	return s->ops->next(s, out, end, d);
}

static inline tt_code tt_source_seek(tt_source *s, tt_time_us t_us,
                                     tt_diag *d)
{
	/* a hint at or before time 0 says nothing */
	return t_us > 0 && s->ops->seek ? s->ops->seek(s, t_us, d) : TT_OK;
}

static inline tt_code tt_source_rewind(tt_source *s, tt_diag *d)
{
	return s->ops->rewind(s, d);
}

static inline void tt_source_close(tt_source *s)
{
	if (s)
		s->ops->close(s);
}

#endif
