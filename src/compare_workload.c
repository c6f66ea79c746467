/*
 * compare_workload.c - do two setups replay the same workload?
 *
 * `ttsim compare` puts setups side by side; that means something only
 * when the traffic is the same, so the loaded workloads and simulation
 * settings are compared field by field, in a fixed order, and the first
 * difference is said with the key a user would change
 * (`workload.synthetic.peak is 2400/min here, 1800/min there`) at the
 * place it is written in the second setup (the field when the loader kept
 * its place, else the workload).  "Here" is the setup being checked,
 * "there" the first one.
 *
 * Values are compared exactly as loaded: `peak: 30/s` and `peak: 1800`
 * are the same rate, `format: auto` and `format: counts` are not the
 * same format (what auto would find is only known once the file is
 * read).  A trace is the same file however its path is spelt (the same
 * device and inode).
 */
#include "ttsim/compare.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ttsim/fmt.h"
#include "ttsim/simtime.h"
#include "ttsim/workload.h"

/* a value ("2d", "1800/min"), and a transform ("slice from ... to ...") */
#define VAL_MAX 64
#define TEXT_MAX 200

/* Where the differences go: the out-parameter and b's workload's place. */
typedef struct differ {
	tt_workload_diff *out; /* may be NULL */
	tt_loc fallback;
} differ;

/* Record a difference at `loc` (or the fallback); returns false. */
static bool differs(differ *df, tt_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static bool differs(differ *df, tt_loc loc, const char *fmt, ...)
{
	if (!df->out)
		return false;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(df->out->what, sizeof df->out->what, fmt, ap);
	va_end(ap);
	df->out->loc = loc.line > 0 ? loc : df->fallback;
	return false;
}

/* ---- values as text ---- */

/* A duration the way a scenario writes it: "2d", "90m", "1.5s". */
static const char *dur_text(tt_time_us us, char buf[VAL_MAX])
{
	static const struct {
		tt_time_us us;
		char unit;
	} units[] = {{86400 * TT_US_PER_S, 'd'},
	             {3600 * TT_US_PER_S, 'h'},
	             {60 * TT_US_PER_S, 'm'}};
	const char *sign = us < 0 ? "-" : "";
	tt_time_us a = us < 0 ? -us : us;
	for (size_t i = 0; a > 0 && i < sizeof units / sizeof units[0]; i++)
		if (a % units[i].us == 0) {
			snprintf(buf, VAL_MAX, "%s%lld%c", sign,
			         (long long)(a / units[i].us), units[i].unit);
			return buf;
		}
	char s[32];
	snprintf(buf, VAL_MAX, "%s%ss", sign, tt_time_format_s(a, s));
	return buf;
}

static const char *rate_text(double per_min, char buf[VAL_MAX])
{
	char n[TT_FMT_BUF];
	snprintf(buf, VAL_MAX, "%s/min", tt_fmt_double(per_min, n));
	return buf;
}

/* A calendar bound of a slice, as UTC. */
static const char *unix_text(tt_time_us us, char buf[VAL_MAX])
{
	char iso[TT_FMT_BUF];
	int64_t s = us / TT_US_PER_S - (us % TT_US_PER_S < 0);
	snprintf(buf, VAL_MAX, "%s", tt_fmt_iso8601(s, iso));
	return buf;
}

static const char *const shape_names[] = {"constant", "step",   "ramp",
                                          "diurnal",  "spike",  "onoff",
                                          "sum",      "product"};

/* ---- synthetic shapes ---- */

/* A shape's scalar values: which, and where in the struct. */
typedef struct shape_field {
	const char *key;
	bool duration; /* tt_time_us; else a rate (double per minute) */
	size_t off;
} shape_field;

/* clang-format off */
#define RATE(key, m) {key, false, offsetof(tt_shape_spec, m)}
#define DUR(key, m) {key, true, offsetof(tt_shape_spec, m)}

/* Each shape's fields in the order docs/workloads.md lists them. */
static const shape_field shape_fields[][6] = {
        [TT_SHAPE_CONSTANT] = {RATE("rate", rate_per_min)},
        [TT_SHAPE_STEP] = {RATE("rate", rate_per_min)},
        [TT_SHAPE_RAMP] = {RATE("from", from_per_min), RATE("to", to_per_min),
                           DUR("start", start_us), DUR("end", end_us)},
        [TT_SHAPE_DIURNAL] = {RATE("base", base_per_min),
                              RATE("peak", peak_per_min),
                              DUR("period", period_us),
                              DUR("peak_at", peak_at_us)},
        [TT_SHAPE_SPIKE] = {RATE("base", base_per_min),
                            RATE("peak", peak_per_min), DUR("at", at_us),
                            DUR("rise", rise_us), DUR("decay", decay_us)},
        [TT_SHAPE_ONOFF] = {RATE("on", on_per_min), RATE("off", off_per_min),
                            DUR("mean_on", mean_on_us),
                            DUR("mean_off", mean_off_us)},
};
/* clang-format on */

/* The scalar fields of two shapes of the same kind. */
static bool same_shape_fields(const tt_shape_spec *a, const tt_shape_spec *b,
                              const char *path, differ *df)
{
	const shape_field *fs = shape_fields[a->shape];
	char va[VAL_MAX], vb[VAL_MAX];
	for (size_t i = 0; i < 6 && fs[i].key; i++) {
		const char *pa = (const char *)a + fs[i].off;
		const char *pb = (const char *)b + fs[i].off;
		if (fs[i].duration) {
			tt_time_us x, y;
			memcpy(&x, pa, sizeof x);
			memcpy(&y, pb, sizeof y);
			if (x != y)
				return differs(df, b->loc,
				               "%s.%s is %s here, %s there",
				               path, fs[i].key, dur_text(y, vb),
				               dur_text(x, va));
		} else {
			double x, y;
			memcpy(&x, pa, sizeof x);
			memcpy(&y, pb, sizeof y);
			if (x != y)
				return differs(df, b->loc,
				               "%s.%s is %s here, %s there",
				               path, fs[i].key,
				               rate_text(y, vb),
				               rate_text(x, va));
		}
	}
	return true;
}

/* A step shape's steps, one by one. */
static bool same_steps(const tt_shape_spec *a, const tt_shape_spec *b,
                       const char *path, differ *df)
{
	char va[VAL_MAX], vb[VAL_MAX];
	if (a->n_steps != b->n_steps)
		return differs(df, b->loc, "%s has %zu steps here, %zu there",
		               path, b->n_steps, a->n_steps);
	for (size_t i = 0; i < a->n_steps; i++) {
		const tt_step *x = &a->steps[i], *y = &b->steps[i];
		if (x->at_us != y->at_us)
			return differs(df, b->loc,
			               "%s.steps[%zu].at is %s here, %s there",
			               path, i, dur_text(y->at_us, vb),
			               dur_text(x->at_us, va));
		if (x->rate_per_min != y->rate_per_min)
			return differs(
			        df, b->loc,
			        "%s.steps[%zu].rate is %s here, %s there", path,
			        i, rate_text(y->rate_per_min, vb),
			        rate_text(x->rate_per_min, va));
	}
	return true;
}

/* Two shapes, their parts included; `path` names b in messages. */
static bool same_shape(const tt_shape_spec *a, const tt_shape_spec *b,
                       const char *path, differ *df)
{
	if (a->shape != b->shape)
		return differs(df, b->loc, "%s.shape is %s here, %s there",
		               path, shape_names[b->shape],
		               shape_names[a->shape]);
	if (a->shape != TT_SHAPE_SUM && a->shape != TT_SHAPE_PRODUCT)
		return same_shape_fields(a, b, path, df) &&
		       (a->shape != TT_SHAPE_STEP ||
		        same_steps(a, b, path, df));
	if (a->n_parts != b->n_parts)
		return differs(df, b->loc, "%s has %zu parts here, %zu there",
		               path, b->n_parts, a->n_parts);
	for (size_t i = 0; i < a->n_parts; i++) {
		char sub[TEXT_MAX];
		snprintf(sub, sizeof sub, "%s.parts[%zu]", path, i);
		if (!same_shape(&a->parts[i], &b->parts[i], sub, df))
			return false;
	}
	return true;
}

/* ---- traces ---- */

/* The same file: the same path, or the same device and inode. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (!strcmp(a, b))
		return true;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static const char *column_text(const tt_column *c, char buf[VAL_MAX])
{
	if (c->name)
		snprintf(buf, VAL_MAX, "column '%s'", c->name);
	else if (c->index > 0)
		snprintf(buf, VAL_MAX, "column %d", c->index);
	else
		snprintf(buf, VAL_MAX, "the default");
	return buf;
}

static bool same_column(const tt_column *a, const tt_column *b)
{
	if (!a->name != !b->name)
		return false;
	return a->name ? !strcmp(a->name, b->name) : a->index == b->index;
}

static bool same_opt_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Files in order, then the reader's options. */
static bool same_trace(const tt_trace_spec *a, const tt_trace_spec *b,
                       differ *df)
{
	char va[VAL_MAX], vb[VAL_MAX];
	const char *key = "workload.trace";
	if (a->n_paths != b->n_paths)
		return differs(df, df->fallback,
		               "%s names %zu files here, %zu there", key,
		               b->n_paths, a->n_paths);
	for (size_t i = 0; i < a->n_paths; i++)
		if (!same_file(a->paths[i], b->paths[i]))
			return differs(df, df->fallback,
			               "%s file is '%s' here, '%s' there", key,
			               b->paths[i], a->paths[i]);
	if (a->format != b->format)
		return differs(df, df->fallback,
		               "%s.format is %s here, %s there", key,
		               tt_trace_format_name(b->format),
		               tt_trace_format_name(a->format));
	if (a->period_us != b->period_us)
		return differs(df, df->fallback,
		               "%s.period is %s here, %s there", key,
		               b->period_us ? dur_text(b->period_us, vb)
		                            : "the data's",
		               a->period_us ? dur_text(a->period_us, va)
		                            : "the data's");
	if (!same_column(&a->time, &b->time))
		return differs(df, df->fallback, "%s.time is %s here, %s there",
		               key, column_text(&b->time, vb),
		               column_text(&a->time, va));
	if (!same_column(&a->count, &b->count))
		return differs(
		        df, df->fallback, "%s.count is %s here, %s there", key,
		        column_text(&b->count, vb), column_text(&a->count, va));
	if (!same_opt_string(a->function, b->function))
		return differs(df, df->fallback,
		               "%s.function is '%s' here, '%s' there", key,
		               b->function ? b->function : "",
		               a->function ? a->function : "");
	if (!same_opt_string(a->app, b->app))
		return differs(df, df->fallback,
		               "%s.app is '%s' here, '%s' there", key,
		               b->app ? b->app : "", a->app ? a->app : "");
	return true;
}

/* ---- transforms ---- */

/* A slice's bounds as written: durations or calendar times. */
static void slice_text(const tt_transform *t, char buf[TEXT_MAX])
{
	char from[VAL_MAX], to[VAL_MAX];
	bool has_from = t->slice_unix ? t->from_us != INT64_MIN : true;
	bool has_to = t->to_us != TT_TIME_MAX;
	if (t->slice_unix) {
		unix_text(t->from_us, from);
		unix_text(t->to_us, to);
	} else {
		dur_text(t->from_us, from);
		dur_text(t->to_us, to);
	}
	snprintf(buf, TEXT_MAX, "slice%s%s%s%s", has_from ? " from " : "",
	         has_from ? from : "", has_to ? " to " : "", has_to ? to : "");
}

/* One transform as a person would say it: "scale 0.02", "shift -2h". */
static const char *transform_text(const tt_transform *t, char buf[TEXT_MAX])
{
	char a[TT_FMT_BUF], v[VAL_MAX];
	switch (t->kind) {
	case TT_TRANSFORM_SCALE:
	case TT_TRANSFORM_SPEEDUP:
		snprintf(buf, TEXT_MAX, "%s %s",
		         t->kind == TT_TRANSFORM_SCALE ? "scale" : "speedup",
		         tt_fmt_double(t->factor, a));
		break;
	case TT_TRANSFORM_SHIFT:
		snprintf(buf, TEXT_MAX, "shift %s", dur_text(t->shift_us, v));
		break;
	case TT_TRANSFORM_SLICE:
		slice_text(t, buf);
		break;
	case TT_TRANSFORM_REPEAT:
		if (t->times == 0)
			snprintf(buf, TEXT_MAX, "repeat forever");
		else
			snprintf(buf, TEXT_MAX, "repeat %lld times",
			         (long long)t->times);
		if (t->every_us > 0) {
			size_t n = strlen(buf);
			snprintf(buf + n, TEXT_MAX - n, " every %s",
			         dur_text(t->every_us, v));
		}
		break;
	}
	return buf;
}

/* Every field of the transform's kind, exactly. */
static bool same_transform(const tt_transform *x, const tt_transform *y)
{
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case TT_TRANSFORM_SCALE:
	case TT_TRANSFORM_SPEEDUP:
		return x->factor == y->factor;
	case TT_TRANSFORM_SHIFT:
		return x->shift_us == y->shift_us;
	case TT_TRANSFORM_SLICE:
		return x->slice_unix == y->slice_unix &&
		       x->from_us == y->from_us && x->to_us == y->to_us;
	case TT_TRANSFORM_REPEAT:
		return x->times == y->times && x->every_us == y->every_us;
	}
	return false;
}

/* The transforms in the order they apply, counted from 1. */
static bool same_transforms(const tt_workload_spec *a,
                            const tt_workload_spec *b, differ *df)
{
	char va[TEXT_MAX], vb[TEXT_MAX];
	size_t n = a->n_transforms > b->n_transforms ? a->n_transforms
	                                             : b->n_transforms;
	for (size_t i = 0; i < n; i++) {
		const tt_transform *x =
		        i < a->n_transforms ? &a->transforms[i] : NULL;
		const tt_transform *y =
		        i < b->n_transforms ? &b->transforms[i] : NULL;
		if (x && y && same_transform(x, y))
			continue;
		return differs(df, y ? y->loc : df->fallback,
		               "transform %zu is %s%s%s here, %s%s%s there",
		               i + 1, y ? "'" : "",
		               y ? transform_text(y, vb) : "none", y ? "'" : "",
		               x ? "'" : "", x ? transform_text(x, va) : "none",
		               x ? "'" : "");
	}
	return true;
}

/* ---- the whole ---- */

static bool same_workload_spec(const tt_scenario *sa, const tt_scenario *sb,
                               differ *df)
{
	const tt_workload_spec *a = &sa->workload, *b = &sb->workload;
	static const char *const kinds[] = {"a synthetic shape", "a trace"};
	if (a->kind != b->kind)
		return differs(df, b->loc, "the workload is %s here, %s there",
		               kinds[b->kind], kinds[a->kind]);
	if (a->kind == TT_WORKLOAD_TRACE
	            ? !same_trace(&a->trace, &b->trace, df)
	            : !same_shape(&a->shape, &b->shape, "workload.synthetic",
	                          df))
		return false;
	if (a->poisson != b->poisson)
		return differs(df, b->loc,
		               "workload.noise is %s here, %s there",
		               b->poisson ? "poisson" : "none",
		               a->poisson ? "poisson" : "none");
	if (!same_transforms(a, b, df))
		return false;
	/* where in its period a request arrives: request mode only */
	if (sa->mode == TT_MODE_REQUEST && sb->mode == TT_MODE_REQUEST &&
	    a->arrivals != b->arrivals)
		return differs(df, b->loc,
		               "workload.arrivals is %s here, %s there",
		               b->arrivals == TT_ARRIVALS_UNIFORM ? "uniform"
		                                                  : "poisson",
		               a->arrivals == TT_ARRIVALS_UNIFORM ? "uniform"
		                                                  : "poisson");
	return true;
}

static const char *duration_or_end(tt_time_us us, char buf[VAL_MAX])
{
	if (us <= 0) {
		snprintf(buf, VAL_MAX, "until the trace ends");
		return buf;
	}
	return dur_text(us, buf);
}

static const char *start_text(const tt_scenario *s, char buf[VAL_MAX])
{
	if (!s->has_start) {
		snprintf(buf, VAL_MAX, "not set");
		return buf;
	}
	return unix_text(s->start_unix_us, buf);
}

static bool same_simulation(const tt_scenario *a, const tt_scenario *b,
                            differ *df)
{
	char va[VAL_MAX], vb[VAL_MAX];
	if (a->duration_us != b->duration_us)
		return differs(df, b->locs.duration,
		               "simulation.duration is %s here, %s there",
		               duration_or_end(b->duration_us, vb),
		               duration_or_end(a->duration_us, va));
	if (a->period_us != b->period_us)
		return differs(df, b->locs.period,
		               "simulation.period is %s here, %s there (the "
		               "shortest metric period unless set)",
		               dur_text(b->period_us, vb),
		               dur_text(a->period_us, va));
	if (a->seed != b->seed)
		return differs(df, b->locs.seed,
		               "simulation.seed is %llu here, %llu there",
		               (unsigned long long)b->seed,
		               (unsigned long long)a->seed);
	if (a->mode != b->mode)
		return differs(df, b->locs.mode,
		               "simulation.mode is %s here, %s there",
		               b->mode == TT_MODE_REQUEST ? "request" : "fluid",
		               a->mode == TT_MODE_REQUEST ? "request"
		                                          : "fluid");
	if (a->has_start != b->has_start ||
	    (a->has_start && a->start_unix_us != b->start_unix_us))
		return differs(df, b->locs.start,
		               "simulation.start is %s here, %s there",
		               start_text(b, vb), start_text(a, va));
	return true;
}

bool tt_compare_same_workload(const tt_scenario *a, const tt_scenario *b,
                              tt_workload_diff *diff)
{
	differ df = {diff, b->workload.loc};
	if (diff)
		memset(diff, 0, sizeof *diff);
	return same_workload_spec(a, b, &df) && same_simulation(a, b, &df);
}
