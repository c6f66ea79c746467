/*
 * workload.h - where invocations come from.
 *
 * A workload is a synthetic shape or a recorded trace, optionally passed
 * through transforms (scale, shift, slice, speed-up, repeat), read as one
 * stream: the simulation asks for the number of invocations in each
 * consecutive period [k*P, (k+1)*P) and the workload answers without ever
 * holding more than a few lines of a trace in memory, however long it is.
 *
 * Rates in synthetic shapes are invocations per minute (the unit of the
 * CloudWatch Invocations metric and of per-minute traces).  Counts are whole
 * numbers: fractional expectations (a rate that does not divide the period,
 * a scale factor of 0.05) are turned into integers by carried rounding, so
 * the running total never drifts more than half an invocation from the
 * exact one.  With `noise: poisson` each period's count is instead drawn
 * from a Poisson distribution with the expected count as mean (stream
 * TT_RNG_WORKLOAD).
 *
 * docs/workloads.md describes every shape, format and transform.
 */
#ifndef TTSIM_WORKLOAD_H
#define TTSIM_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "ttsim/simtime.h"

/* ---- limits ----
 *
 * Every number that enters a workload has an upper bound, refused with its
 * place when passed (docs/workloads.md, "Limits").  They are far above any
 * real service, and chosen so that no later sum or conversion can
 * overflow: a synthetic workload at its highest rate for the longest run a
 * scenario allows (36525 days) comes to 5.3e18 invocations, under the
 * total; a trace, whose length nothing bounds, is held to the total as it
 * is read.  Written as plain literals: messages quote them as written.
 */

/* A rate of a shape (per minute), and the highest rate a synthetic
 * workload can reach after its scale and speed-up transforms. */
#define TT_WORKLOAD_RATE_MAX 1e11
/* One value of a trace: a row's count, a CloudWatch datapoint, an Azure
 * Functions minute (one row's, and the sum of the rows selected), and the
 * size of a request attribute. */
#define TT_WORKLOAD_VALUE_MAX 1e15
/* The factor of a `scale` or a `speedup` transform. */
#define TT_WORKLOAD_FACTOR_MAX 1e6
/* Whole invocations in a whole run, and so in any one period: below
 * INT64_MAX, so every count and sum of counts fits an int64. */
#define TT_WORKLOAD_TOTAL_MAX 9e18

/* A limit as written, for messages: TT_LIMIT_TEXT(TT_WORKLOAD_RATE_MAX) is
 * "1e11". */
#define TT_LIMIT_TEXT(x) TT_LIMIT_TEXT_(x)
#define TT_LIMIT_TEXT_(x) #x

/* ---- synthetic shapes ---- */

typedef enum tt_shape {
	TT_SHAPE_CONSTANT, /* rate */
	TT_SHAPE_STEP,    /* rate until the first step, then each step's rate */
	TT_SHAPE_RAMP,    /* from until start, linear to `to` at end, then to */
	TT_SHAPE_DIURNAL, /* raised cosine between base and peak, crest at
	                      peak_at (+ whole periods) */
	TT_SHAPE_SPIKE,   /* flash crowd: base, then at `at` a linear rise to
	                      peak over `rise`, then exponential decay back to
	                      base with time constant `decay` */
	TT_SHAPE_ONOFF,   /* bursty: a two-state Markov-modulated rate, `on`
	                      and `off` with exponentially distributed stays of
	                      mean mean_on / mean_off, starting off */
	TT_SHAPE_SUM,     /* the sum of the parts' rates */
	TT_SHAPE_PRODUCT  /* the first part's rate times the other parts'
	                      values read as plain factors (1 = unchanged) */
} tt_shape;

typedef struct tt_step {
	tt_time_us at_us;
	double rate_per_min;
} tt_step;

typedef struct tt_shape_spec tt_shape_spec;

struct tt_shape_spec {
	tt_shape shape;
	tt_loc loc;
	double rate_per_min; /* constant; step: the rate before the first step */
	tt_step *steps;      /* step: strictly increasing at_us */
	size_t n_steps;
	double from_per_min; /* ramp */
	double to_per_min;
	tt_time_us start_us;
	tt_time_us end_us;    /* > start_us */
	double base_per_min;  /* diurnal, spike: the level outside the peak */
	double peak_per_min;  /* diurnal: the crest; spike: the top */
	tt_time_us period_us; /* diurnal: > 0, default 1d */
	tt_time_us
	        peak_at_us;  /* diurnal: a time of a crest, default period/2 */
	tt_time_us at_us;    /* spike: when the rise starts */
	tt_time_us rise_us;  /* spike: >= 0 */
	tt_time_us decay_us; /* spike: > 0, the time constant */
	double on_per_min;   /* onoff */
	double off_per_min;
	tt_time_us mean_on_us; /* onoff: > 0 */
	tt_time_us mean_off_us;
	tt_shape_spec *parts; /* sum, product: at least one */
	size_t n_parts;
};

/* ---- recorded traces ---- */

typedef enum tt_trace_format {
	TT_TRACE_AUTO,            /* detect, and say what was detected */
	TT_TRACE_COUNTS,          /* time,count rows */
	TT_TRACE_REQUESTS,        /* one row per request */
	TT_TRACE_AZURE_FUNCTIONS, /* Azure Functions 2019 per-minute days */
	TT_TRACE_CLOUDWATCH       /* get-metric-statistics / get-metric-data */
} tt_trace_format;

/*
 * "auto", "counts", "requests", "azure-functions", "cloudwatch"
 * (trace_detect.c, beside the detection that names what it found).
 */
const char *tt_trace_format_name(tt_trace_format f);

/* Every format's name in the enum's order, NULL-terminated. */
const char *const *tt_trace_format_names(void);

/* A column chosen by name, or by 1-based index; neither: the default. */
typedef struct tt_column {
	char *name; /* NULL: by index */
	int index;  /* 1-based; 0: not chosen */
} tt_column;

typedef struct tt_trace_spec {
	tt_trace_format format;
	char **paths;       /* one or more files, read one after another */
	const char **names; /* each shown in locations; borrowed */
	size_t n_paths;
	tt_time_us period_us; /* counts, cloudwatch: 0 = from the data */
	tt_column time;       /* counts, requests: the time column */
	tt_column count;      /* counts: the count column; cloudwatch: the
	                         get-metric-data result (Id or Label) */
	char *function;       /* azure-functions: HashFunction to select */
	char *app;            /* azure-functions: HashApp to select */
} tt_trace_spec;

/* ---- transforms ---- */

typedef enum tt_transform_kind {
	TT_TRANSFORM_SCALE, /* counts x factor */
	TT_TRANSFORM_SHIFT, /* everything later by shift_us (earlier if < 0) */
	TT_TRANSFORM_SLICE, /* keep [from, to), which becomes the new time 0 */
	TT_TRANSFORM_SPEEDUP, /* time compressed by factor: rates x factor */
	TT_TRANSFORM_REPEAT   /* play again `times` times (0: for ever), each
	                         copy every_us after the last (0: the length
	                         of the first pass) */
} tt_transform_kind;

typedef struct tt_transform {
	tt_transform_kind kind;
	tt_loc loc;
	double factor;       /* scale, speedup: > 0 (scale may be 0) */
	tt_time_us shift_us; /* shift */
	tt_time_us from_us;  /* slice: from this time ... */
	tt_time_us to_us;    /* ... to this one; TT_TIME_MAX: to the end */
	bool slice_unix;     /* slice: from/to are Unix microseconds of a
	                         trace with calendar times */
	int64_t times;       /* repeat: copies after the first, 0: for ever */
	tt_time_us every_us; /* repeat */
} tt_transform;

/* ---- the workload ---- */

/* Request mode: how a period's count becomes arrival times in it. */
typedef enum tt_arrivals {
	TT_ARRIVALS_POISSON, /* a Poisson process given the count: the times
	                        are sorted uniform draws (the default) */
	TT_ARRIVALS_UNIFORM  /* evenly spaced */
} tt_arrivals;

typedef enum tt_workload_kind {
	TT_WORKLOAD_SYNTHETIC,
	TT_WORKLOAD_TRACE
} tt_workload_kind;

typedef struct tt_workload_spec {
	tt_workload_kind kind;
	tt_loc loc;
	tt_shape_spec shape;      /* synthetic */
	tt_trace_spec trace;      /* trace */
	tt_transform *transforms; /* applied in order */
	size_t n_transforms;
	bool poisson;         /* noise: poisson */
	tt_arrivals arrivals; /* request mode: placement within a period */
	/* Borrowed, NULL: the trace is read from its files.  A sweep sets
	 * the cache its runs share, so each trace is parsed once. */
	struct tt_trace_cache *trace_cache;
	/* Read the trace's files on a second thread, ahead of the run (the
	 * same intervals, notes and errors, at the same calls).  A scenario
	 * loaded from a file sets it; without a cache only. */
	bool read_ahead;
} tt_workload_spec;

/* True when the workload never ends: a synthetic shape, or a trace with a
 * `repeat: forever` transform.  Such a run needs a duration. */
bool tt_workload_spec_endless(const tt_workload_spec *spec);

/* Release what a spec owns.  Accepts a zeroed spec. */
void tt_workload_spec_release(tt_workload_spec *spec);
void tt_shape_spec_release(tt_shape_spec *shape);
void tt_trace_spec_release(tt_trace_spec *trace);

typedef struct tt_workload tt_workload;

/*
 * Open a stream of per-period counts for periods of `period_us`, starting at
 * time 0.  A trace is opened and its first rows read (to find its format,
 * period and wall-clock origin); errors: TT_EIO, TT_ESYNTAX, TT_EINVAL at
 * the offending line and column; TT_ERANGE for a value past a limit above,
 * and for a synthetic workload whose highest rate, after its scale and
 * speed-up transforms, passes TT_WORKLOAD_RATE_MAX (at the shape, or the
 * transform that takes it there).  Warnings and notes (the format detected,
 * missing periods) go to `notes` (may be NULL), during open and as the
 * stream is read.  The spec and the notes list must outlive the workload.
 * Free with tt_workload_close.
 */
tt_code tt_workload_open(const tt_workload_spec *spec, uint64_t seed,
                         tt_time_us period_us, tt_diag_list *notes,
                         tt_workload **out, tt_diag *d);

/*
 * The invocations arriving in the next period.  *ended becomes true once the
 * workload has nothing at or after the start of this period (a trace ran
 * out; synthetic shapes never end); *count is then 0.  A malformed trace row
 * met on the way: TT_ESYNTAX / TT_EINVAL with its place.  A workload whose
 * invocations so far would pass TT_WORKLOAD_TOTAL_MAX: TT_ERANGE at the
 * spec's loc, naming the period.
 */
tt_code tt_workload_next(tt_workload *w, uint64_t *count, bool *ended,
                         tt_diag *d);

/*
 * Request mode: the next arrival, in time order, into *t_us (and *attrs:
 * the request's attributes, NULL when the workload has none; valid until
 * the next call).  A per-request trace gives its recorded times; any other
 * workload gives exactly the counts tt_workload_next would, period by
 * period, placed within each period as the spec's `arrivals` says (stream
 * TT_RNG_ARRIVALS).  *end when the workload is over (never, for synthetic
 * shapes) or has reached its horizon.  A workload is read either by
 * periods or by arrivals, not both.  A workload reaching past
 * TT_SPAN_MAX_US is refused (TT_ERANGE) where it does, either way.
 */
tt_code tt_workload_next_arrival(tt_workload *w, tt_time_us *t_us,
                                 const double **attrs, bool *end, tt_diag *d);

/*
 * Request mode: no arrival at or after `end_us` (the end of the run), so
 * reading ahead never walks the empty periods past it.
 */
void tt_workload_set_horizon(tt_workload *w, tt_time_us end_us);

/* The names of the requests' attributes (per-request traces), or 0. */
size_t tt_workload_attrs(const tt_workload *w, const char *const **names);

/*
 * For a trace with calendar timestamps: true, and the Unix time (UTC
 * seconds) of simulated time 0.  False for synthetic shapes, traces timed
 * in seconds, and after a speed-up.
 */
bool tt_workload_wallclock(const tt_workload *w, int64_t *origin_unix_s);

/* Close files and free.  Accepts NULL. */
void tt_workload_close(tt_workload *w);

#endif
