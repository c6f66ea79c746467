/*
 * plot.c - SVG pictures of a run and of a sweep, drawn from their files.
 *
 * A run's picture is a stack of panels sharing one time axis: the load,
 * the capacity (step lines, as the counts hold between evaluations) with
 * the scaling activities and their cooldown windows, the first policy's
 * metric against its TargetValue and scale-in threshold with the alarm
 * periods shaded, and in request mode the latency percentiles and the
 * refused requests.  The inputs are the files a run wrote, not the run
 * itself, so any run can be drawn again later, and the picture shows
 * exactly what the files say.
 *
 * Determinism: coordinates are written in tenths of a pixel by one
 * integer formatter, labels by snprintf in the C locale, and nothing
 * depends on the clock, the locale or the order of a hash.  Size: a
 * series longer than twice the plot's width in pixels is drawn per pixel
 * column as its first, lowest, highest and last value (the M4 reduction),
 * which looks the same as drawing every point; bands and markers that
 * fall on the same pixel are merged.
 */
#include "ttsim/plot.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "node.h"
#include "ttsim/figures.h"
#include "ttsim/fmt.h"
#include "ttsim/simtime.h"

#define FONT "font-family=\"DejaVu Sans,Arial,Helvetica,sans-serif\""
/* a white outline under a label, so it reads over the lines it crosses */
#define HALO                                                                   \
	" stroke=\"#ffffff\" stroke-width=\"3\" stroke-opacity=\"0.85\" "      \
	"paint-order=\"stroke\""
#define MAX_POLICIES 16
#define NAME_MAX_LEN 160
/*
 * The largest magnitude of a number the pictures read: far beyond any
 * figure a run writes (a TargetValue is at most 1.174271e108), small
 * enough that the drawing's arithmetic (differences, a product of two)
 * stays finite, so no label can come out as inf or nan.
 */
#define VALUE_MAX 1e150
#define VALUE_MAX_TEXT "1e150"

/* ---- writing SVG text ---- */

/* A coordinate in tenths of a pixel: short, exact and the same everywhere. */
static void put_px(FILE *f, double v)
{
	if (!isfinite(v))
		v = 0;
	if (v > 1e7)
		v = 1e7;
	if (v < -1e7)
		v = -1e7;
	long long r = llround(v * 10.0);
	char buf[32];
	size_t n = 0;
	if (r < 0) {
		buf[n++] = '-';
		r = -r;
	}
	n += tt_fmt_uint((uint64_t)(r / 10), buf + n);
	if (r % 10) {
		buf[n++] = '.';
		buf[n++] = (char)('0' + r % 10);
	}
	fwrite(buf, 1, n, f);
}

/* Text content or an attribute value, escaped for XML. */
static void put_esc(FILE *f, const char *s)
{
	tt_fmt_xml(f, s, strlen(s));
}

/* <text x y attrs>s</text> */
static void put_text(FILE *f, double x, double y, const char *attrs,
                     const char *s)
{
	fputs("<text x=\"", f);
	put_px(f, x);
	fputs("\" y=\"", f);
	put_px(f, y);
	fputc('"', f);
	if (attrs && *attrs) {
		fputc(' ', f);
		fputs(attrs, f);
	}
	fputc('>', f);
	put_esc(f, s);
	fputs("</text>\n", f);
}

static void put_rect(FILE *f, double x, double y, double w, double h,
                     const char *attrs)
{
	fputs("<rect x=\"", f);
	put_px(f, x);
	fputs("\" y=\"", f);
	put_px(f, y);
	fputs("\" width=\"", f);
	put_px(f, w);
	fputs("\" height=\"", f);
	put_px(f, h);
	fputc('"', f);
	if (attrs && *attrs) {
		fputc(' ', f);
		fputs(attrs, f);
	}
	fputs("/>\n", f);
}

static void put_line(FILE *f, double xa, double ya, double xb, double yb,
                     const char *attrs)
{
	fputs("<path d=\"M", f);
	put_px(f, xa);
	fputc(' ', f);
	put_px(f, ya);
	fputc('L', f);
	put_px(f, xb);
	fputc(' ', f);
	put_px(f, yb);
	fputs("\" ", f);
	fputs(attrs, f);
	fputs("/>\n", f);
}

/* Rough width of a label in pixels (DejaVu Sans is about 0.6 em). */
static double text_width(const char *s, double font_px)
{
	return (double)strlen(s) * font_px * 0.6;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ---- axes ---- */

typedef struct axis {
	double lo, hi, step;
	double div;         /* labels are value / div ... */
	const char *suffix; /* ... followed by this ("k", "M") */
	int decimals;
} axis;

/* A round step near `raw`: 1, 2 or 5 times a power of ten. */
static double nice_step(double raw)
{
	double mag = 1;
	if (!(raw > 0) || !isfinite(raw))
		return 1;
	while (mag * 10 <= raw)
		mag *= 10;
	while (mag > raw)
		mag /= 10;
	double norm = raw / mag;
	double m = norm <= 1.0001   ? 1
	           : norm <= 2.0001 ? 2
	           : norm <= 5.0001 ? 5
	                            : 10;
	return m * mag;
}

/*
 * An axis covering [lo, hi] with about `ticks` round ticks; `integer`
 * keeps the step at 1 or more (instance counts).
 */
static axis nice_axis(double lo, double hi, int ticks, bool integer)
{
	axis a;
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (!(hi > lo))
		hi = lo + (integer ? 1 : fabs(lo) > 0 ? fabs(lo) * 0.1 : 1);
	a.step = nice_step((hi - lo) / ticks);
	if (integer && a.step < 1)
		a.step = 1;
	a.lo = floor(lo / a.step + 1e-9) * a.step;
	a.hi = ceil(hi / a.step - 1e-9) * a.step;
	if (!(a.hi > a.lo))
		a.hi = a.lo + a.step;
	double big = fmax(fabs(a.lo), fabs(a.hi));
	a.div = 1;
	a.suffix = "";
	if (big >= 1e6 && a.step >= 1e5) {
		a.div = 1e6;
		a.suffix = "M";
	} else if (big >= 1e4 && a.step >= 100) {
		a.div = 1e3;
		a.suffix = "k";
	}
	a.decimals = 0;
	for (double s = a.step / a.div; s < 0.999 && a.decimals < 9; s *= 10)
		a.decimals++;
	return a;
}

static void axis_label(const axis *a, double v, char *buf, size_t size)
{
	if (fabs(v) < a->step * 1e-6)
		v = 0;
	snprintf(buf, size, "%.*f%s", a->decimals, v / a->div,
	         v == 0 ? "" : a->suffix);
}

/* ---- a run's files in memory ---- */

enum { ST_OK = 0, ST_ALARM = 1, ST_INSUFFICIENT = 2 };

typedef struct timeline {
	size_t n, cap;
	double *t, *inv, *desired, *in_service, *pending, *metric;
	double *p50, *p99, *errors;
	unsigned char *ah, *al;
	bool latency;    /* p50_ms and p99_ms columns */
	bool has_errors; /* an errors column */
	bool wallclock;
	int64_t origin_unix_s; /* the wall-clock time of time_s = 0 */
	double period_s;
} timeline;

enum { EV_START = 0, EV_DONE = 1, EV_NOT_SCALED = 2 };

typedef struct event {
	double t, to;
	int kind;   /* EV_* */
	int dir;    /* +1 out, -1 in */
	int policy; /* index in run_info.policies, -1 unknown */
} event;

typedef struct events {
	event *v;
	size_t n, cap;
} events;

typedef struct policy_info {
	char name[NAME_MAX_LEN];
	char metric[NAME_MAX_LEN];
	double target;
	bool has_target;
	double out_cooldown_s, in_cooldown_s;
} policy_info;

typedef struct run_info {
	bool have;
	char scenario[NAME_MAX_LEN];
	char mode[32];
	char seed[32];
	double low_ratio;
	policy_info policies[MAX_POLICIES];
	size_t n_policies;
} run_info;

static void timeline_release(timeline *tl)
{
	double **cols[] = {&tl->t,          &tl->inv,     &tl->desired,
	                   &tl->in_service, &tl->pending, &tl->metric,
	                   &tl->p50,        &tl->p99,     &tl->errors};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		free(*cols[i]);
		*cols[i] = NULL;
	}
	free(tl->ah);
	free(tl->al);
	tl->ah = tl->al = NULL;
	tl->n = tl->cap = 0;
}

/*
 * The lines of a file (an upper bound on its rows), so the arrays can be
 * allocated once at their size: doubling would hold up to twice the rows
 * of a long run, and the World Cup timeline has 125,000.  0 on error.
 */
static size_t count_lines(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char buf[65536];
	size_t n = 1, got;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		for (const char *p = buf;
		     (p = memchr(p, '\n', (size_t)(buf + got - p))); p++)
			n++;
	fclose(f);
	return n;
}

static bool timeline_grow_to(timeline *tl, size_t cap);

static bool timeline_grow(timeline *tl)
{
	if (tl->n < tl->cap)
		return true;
	return timeline_grow_to(tl, tl->cap ? tl->cap * 2 : 1024);
}

static bool timeline_grow_to(timeline *tl, size_t cap)
{
	double **cols[] = {&tl->t,          &tl->inv,     &tl->desired,
	                   &tl->in_service, &tl->pending, &tl->metric,
	                   &tl->p50,        &tl->p99,     &tl->errors};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		/* the request-mode columns only when the timeline has them */
		if ((i == 6 || i == 7) && !tl->latency)
			continue;
		if (i == 8 && !tl->has_errors)
			continue;
		double *p = realloc(*cols[i], cap * sizeof **cols[i]);
		if (!p)
			return false;
		*cols[i] = p;
	}
	unsigned char *a = realloc(tl->ah, cap);
	if (!a)
		return false;
	tl->ah = a;
	a = realloc(tl->al, cap);
	if (!a)
		return false;
	tl->al = a;
	tl->cap = cap;
	return true;
}

/*
 * Open a CSV file with a message naming what it is ("cannot open timeline
 * 'x': No such file or directory"), not the trace wording of tt_csv_open.
 */
static tt_code csv_open(tt_csv *c, const char *path, const char *what,
                        tt_diag *d)
{
	tt_loc loc = {path, 0, 0};
	struct stat st;
	memset(c, 0, sizeof *c);
	if (stat(path, &st) != 0)
		return tt_diag_set(d, TT_EIO, loc, "cannot open %s '%s': %s",
		                   what, path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return tt_diag_set(d, TT_EIO, loc, "cannot open %s '%s': %s",
		                   what, path, strerror(EISDIR));
	return tt_csv_open(c, path, path, loc, d);
}

/* The header line: *got false for an empty file. */
static tt_code csv_header(tt_csv *c, const char *what, tt_diag *d)
{
	bool got = false;
	tt_code rc = tt_csv_next(c, &got, d);
	if (rc)
		return rc;
	if (!got)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){c->name, 1, 1},
		                   "empty %s: expected a header row", what);
	return TT_OK;
}

static size_t find_col(const tt_csv *c, const char *name)
{
	for (size_t i = 0; i < c->n_fields; i++)
		if (tt_csv_is(c, i, name))
			return i;
	return SIZE_MAX;
}

/* "no column 'x' in the header (it has 'a', 'b', ...)" at 1:1. */
static tt_code missing_col(const tt_csv *c, const char *name, const char *what,
                           tt_diag *d)
{
	char have[256];
	size_t used = 0;
	have[0] = '\0';
	for (size_t i = 0; i < c->n_fields && used + 8 < sizeof have; i++) {
		size_t n;
		const char *s = tt_csv_text(c, i, &n);
		if (used + n + 8 >= sizeof have) {
			snprintf(have + used, sizeof have - used, "%s...",
			         i ? ", " : "");
			break;
		}
		used += (size_t)snprintf(have + used, sizeof have - used,
		                         "%s'%.*s'", i ? ", " : "", (int)n, s);
	}
	return tt_diag_set(d, TT_EINVAL, (tt_loc){c->name, c->lineno, 1},
	                   "no column '%s' in the %s header (it has %s)", name,
	                   what, have);
}

/* Field i as a number; an empty field is NaN when allow_empty. */
static tt_code cell_number(const tt_csv *c, size_t i, const char *col,
                           bool allow_empty, double *out, tt_diag *d)
{
	size_t n;
	const char *s = tt_csv_text(c, i, &n);
	char buf[64];
	char q[TT_CSV_QUOTE_SIZE];
	if (n == 0 && allow_empty) {
		*out = NAN;
		return TT_OK;
	}
	if (n > 0 && n < sizeof buf) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		char *end = NULL;
		errno = 0;
		double v = strtod(buf, &end);
		if (end == buf + n && isfinite(v) &&
		    (buf[0] == '-' || buf[0] == '+' || buf[0] == '.' ||
		     (buf[0] >= '0' && buf[0] <= '9'))) {
			if (fabs(v) > VALUE_MAX)
				return tt_diag_set(
				        d, TT_EINVAL, tt_csv_loc(c, i),
				        "'%s' is too large to draw, got '%s' "
				        "(at most " VALUE_MAX_TEXT ")",
				        col, tt_csv_quote(c, i, q));
			*out = v;
			return TT_OK;
		}
	}
	return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, i),
	                   "expected a number for '%s', got '%s'", col,
	                   tt_csv_quote(c, i, q));
}

static unsigned char cell_state(const tt_csv *c, size_t i)
{
	if (tt_csv_is(c, i, "ALARM"))
		return ST_ALARM;
	if (tt_csv_is(c, i, "OK"))
		return ST_OK;
	return ST_INSUFFICIENT;
}

enum {
	C_TIME,
	C_INV,
	C_DESIRED,
	C_IN_SERVICE,
	C_PENDING,
	C_METRIC,
	C_AH,
	C_AL,
	C_REQUIRED, /* the columns above are required */
	C_P50 = C_REQUIRED,
	C_P99,
	C_ERRORS,
	C_TIMESTAMP,
	C_COUNT
};

static const char *const tl_cols[C_COUNT] = {
        "time_s",  "invocations", "desired",    "in_service",
        "pending", "metric",      "alarm_high", "alarm_low",
        "p50_ms",  "p99_ms",      "errors",     "timestamp"};

static tt_code load_timeline(const char *path, timeline *tl, tt_diag *d)
{
	tt_csv c;
	size_t col[C_COUNT];
	tt_code rc = csv_open(&c, path, "timeline", d);
	if (rc)
		return rc;
	rc = csv_header(&c, "timeline", d);
	if (rc)
		goto close;
	for (int k = 0; k < C_COUNT; k++) {
		col[k] = find_col(&c, tl_cols[k]);
		if (k < C_REQUIRED && col[k] == SIZE_MAX) {
			rc = missing_col(&c, tl_cols[k], "timeline", d);
			goto close;
		}
	}
	size_t width = c.n_fields;
	tl->latency = col[C_P50] != SIZE_MAX && col[C_P99] != SIZE_MAX;
	tl->has_errors = col[C_ERRORS] != SIZE_MAX;
	size_t lines = count_lines(path);
	if (lines > tl->cap && !timeline_grow_to(tl, lines)) {
		rc = tt_diag_set(d, TT_ENOMEM, (tt_loc){path, 0, 0},
		                 "out of memory");
		goto close;
	}
	for (;;) {
		bool got = false;
		rc = tt_csv_next(&c, &got, d);
		if (rc)
			goto close;
		if (!got)
			break;
		rc = tt_csv_expect_columns(&c, width, d);
		if (rc)
			goto close;
		if (!timeline_grow(tl)) {
			rc = tt_diag_set(d, TT_ENOMEM, (tt_loc){0},
			                 "out of memory");
			goto close;
		}
		size_t i = tl->n;
		double *dst[] = {tl->t,          tl->inv,     tl->desired,
		                 tl->in_service, tl->pending, tl->metric};
		for (int k = C_TIME; k <= C_METRIC; k++) {
			rc = cell_number(&c, col[k], tl_cols[k], k == C_METRIC,
			                 &dst[k][i], d);
			if (rc)
				goto close;
		}
		tl->ah[i] = cell_state(&c, col[C_AH]);
		tl->al[i] = cell_state(&c, col[C_AL]);
		if (tl->latency)
			tl->p50[i] = tl->p99[i] = NAN;
		if (tl->has_errors)
			tl->errors[i] = NAN;
		if (tl->latency) {
			rc = cell_number(&c, col[C_P50], "p50_ms", true,
			                 &tl->p50[i], d);
			if (!rc)
				rc = cell_number(&c, col[C_P99], "p99_ms", true,
				                 &tl->p99[i], d);
			if (rc)
				goto close;
		}
		if (tl->has_errors) {
			rc = cell_number(&c, col[C_ERRORS], "errors", true,
			                 &tl->errors[i], d);
			if (rc)
				goto close;
		}
		if (i > 0 && !(tl->t[i] > tl->t[i - 1])) {
			char a[TT_FMT_BUF], b[TT_FMT_BUF];
			rc = tt_diag_set(
			        d, TT_EINVAL, tt_csv_loc(&c, col[C_TIME]),
			        "'time_s' must increase, got %s after %s",
			        tt_fmt_double(tl->t[i], a),
			        tt_fmt_double(tl->t[i - 1], b));
			goto close;
		}
		if (i == 0 && col[C_TIMESTAMP] != SIZE_MAX) {
			size_t n;
			const char *s = tt_csv_text(&c, col[C_TIMESTAMP], &n);
			int64_t us;
			char q[TT_CSV_QUOTE_SIZE];
			if (!tt_calendar_parse(s, n, &us)) {
				rc = tt_diag_set(
				        d, TT_EINVAL,
				        tt_csv_loc(&c, col[C_TIMESTAMP]),
				        "invalid timestamp '%s' (expected ISO "
				        "8601 UTC)",
				        tt_csv_quote(&c, col[C_TIMESTAMP], q));
				goto close;
			}
			tl->wallclock = true;
			tl->origin_unix_s =
			        tt_unix_s_floor(us) - (int64_t)floor(tl->t[0]);
		}
		tl->n++;
	}
	if (tl->n == 0) {
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){c.name, 1, 1},
		                 "timeline has no rows after its header");
		goto close;
	}
	tl->period_s = tl->n > 1 ? tl->t[1] - tl->t[0] : 60;
close:
	tt_csv_close(&c);
	return rc;
}

static int policy_index(const run_info *in, const char *name, size_t n)
{
	for (size_t i = 0; i < in->n_policies; i++)
		if (strlen(in->policies[i].name) == n &&
		    memcmp(in->policies[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

static tt_code load_events(const char *path, const run_info *in, events *ev,
                           tt_diag *d)
{
	tt_csv c;
	tt_code rc = csv_open(&c, path, "events", d);
	if (rc)
		return rc;
	rc = csv_header(&c, "events", d);
	if (rc)
		goto close;
	static const char *const need[] = {"time_s", "direction", "to",
	                                   "reason"};
	size_t col[4];
	for (size_t k = 0; k < 4; k++) {
		col[k] = find_col(&c, need[k]);
		if (col[k] == SIZE_MAX) {
			rc = missing_col(&c, need[k], "events", d);
			goto close;
		}
	}
	size_t pcol = find_col(&c, "policy");
	size_t width = c.n_fields;
	for (;;) {
		bool got = false;
		rc = tt_csv_next(&c, &got, d);
		if (rc || !got)
			goto close;
		rc = tt_csv_expect_columns(&c, width, d);
		if (rc)
			goto close;
		if (ev->n == ev->cap) {
			size_t cap = ev->cap ? ev->cap * 2 : count_lines(path);
			if (cap < 256)
				cap = 256;
			event *v = realloc(ev->v, cap * sizeof *v);
			if (!v) {
				rc = tt_diag_set(d, TT_ENOMEM, (tt_loc){0},
				                 "out of memory");
				goto close;
			}
			ev->v = v;
			ev->cap = cap;
		}
		event *e = &ev->v[ev->n];
		rc = cell_number(&c, col[0], "time_s", false, &e->t, d);
		if (!rc)
			rc = cell_number(&c, col[2], "to", false, &e->to, d);
		if (rc)
			goto close;
		if (tt_csv_is(&c, col[1], "out")) {
			e->dir = 1;
		} else if (tt_csv_is(&c, col[1], "in")) {
			e->dir = -1;
		} else {
			char q[TT_CSV_QUOTE_SIZE];
			rc = tt_diag_set(d, TT_EINVAL, tt_csv_loc(&c, col[1]),
			                 "expected 'out' or 'in' for "
			                 "'direction', got '%s'",
			                 tt_csv_quote(&c, col[1], q));
			goto close;
		}
		e->kind = tt_csv_is(&c, col[3], "InProgress")   ? EV_START
		          : tt_csv_is(&c, col[3], "Successful") ? EV_DONE
		                                                : EV_NOT_SCALED;
		e->policy = -1;
		if (pcol != SIZE_MAX) {
			size_t n;
			const char *s = tt_csv_text(&c, pcol, &n);
			e->policy = policy_index(in, s, n);
		}
		ev->n++;
	}
close:
	tt_csv_close(&c);
	return rc;
}

static void copy_str(char *dst, size_t size, const tt_node *n)
{
	const char *s = NULL;
	if (n && !tt_node_string(n, "value", &s, NULL))
		snprintf(dst, size, "%s", s);
}

/*
 * The number at `key` of map m into *out, `dflt` when it is absent or
 * not a number (a summary from an older ttsim still draws); one too large
 * to draw is refused at its place.
 */
static tt_code node_num(const tt_node *m, const char *key, double dflt,
                        double *out, tt_diag *d)
{
	const tt_node *n =
	        m && m->kind == TT_NODE_MAP ? tt_node_map_get(m, key) : NULL;
	double v;
	*out = dflt;
	if (!n || tt_node_number(n, key, &v, NULL))
		return TT_OK;
	if (fabs(v) > VALUE_MAX)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'%s' is too large to draw, got %s (at most "
		                   "" VALUE_MAX_TEXT ")",
		                   key, n->u.scalar.text);
	*out = v;
	return TT_OK;
}

/*
 * The few things the picture takes from summary.json.  Absent keys are
 * left out of the picture rather than refused, so a summary from an
 * older ttsim still draws.
 */
static tt_code load_summary(const char *path, run_info *in, tt_diag *d)
{
	tt_doc doc = {0};
	tt_code rc = tt_doc_load_json(path, path, &doc, d);
	if (rc)
		return rc;
	const tt_node *root = doc.root;
	rc = tt_node_expect_map(root, "summary", d);
	if (rc)
		goto release;
	in->have = true;
	copy_str(in->scenario, sizeof in->scenario,
	         tt_node_map_get(root, "scenario"));
	copy_str(in->mode, sizeof in->mode, tt_node_map_get(root, "mode"));
	const tt_node *seed = tt_node_map_get(root, "seed");
	if (seed && seed->kind == TT_NODE_SCALAR)
		snprintf(in->seed, sizeof in->seed, "%s", seed->u.scalar.text);
	rc = node_num(tt_node_map_get(root, "knobs"), "low_ratio", 0.9,
	              &in->low_ratio, d);
	if (rc)
		goto release;
	const tt_node *pols = tt_node_map_get(root, "policies");
	if (pols && pols->kind == TT_NODE_SEQ) {
		for (size_t i = 0;
		     i < pols->u.seq.count && in->n_policies < MAX_POLICIES;
		     i++) {
			const tt_node *p = pols->u.seq.items[i];
			if (p->kind != TT_NODE_MAP)
				continue;
			policy_info *pi = &in->policies[in->n_policies++];
			copy_str(pi->name, sizeof pi->name,
			         tt_node_map_get(p, "name"));
			copy_str(pi->metric, sizeof pi->metric,
			         tt_node_map_get(p, "metric"));
			if ((rc = node_num(p, "target_value", NAN, &pi->target,
			                   d)) ||
			    (rc = node_num(p, "scale_out_cooldown_s", 0,
			                   &pi->out_cooldown_s, d)) ||
			    (rc = node_num(p, "scale_in_cooldown_s", 0,
			                   &pi->in_cooldown_s, d)))
				goto release;
			pi->has_target = isfinite(pi->target);
		}
	}
release:
	tt_doc_release(&doc);
	return rc;
}

/* ---- drawing ---- */

typedef struct panel {
	double x0, x1, y0, y1; /* the plot area in pixels */
	double t0, t1;         /* the time it spans, seconds from the start */
	axis y;
} panel;

static double px_x(const panel *p, double t)
{
	return p->x0 + (t - p->t0) / (p->t1 - p->t0) * (p->x1 - p->x0);
}

static double px_y(const panel *p, double v)
{
	double y =
	        p->y1 - (v - p->y.lo) / (p->y.hi - p->y.lo) * (p->y1 - p->y0);
	return fmin(fmax(y, p->y0), p->y1);
}

/* One pixel column's summary of a series: first, lowest, highest, last. */
typedef struct bucket {
	bool any;
	double first, last, lo, hi;
	bool lo_first; /* the lowest came before the highest */
} bucket;

typedef struct pen {
	FILE *f;
	bool down; /* a subpath is open: the next point continues it */
} pen;

static void pen_point(pen *pn, double x, double y)
{
	fputc(pn->down ? ' ' : 'M', pn->f);
	put_px(pn->f, x);
	fputc(' ', pn->f);
	put_px(pn->f, y);
	pn->down = true;
}

static void bucket_flush(pen *pn, const panel *p, bucket *b, double x)
{
	if (!b->any) {
		return;
	}
	double seq[4] = {b->first, b->lo_first ? b->lo : b->hi,
	                 b->lo_first ? b->hi : b->lo, b->last};
	double prev = NAN;
	for (int k = 0; k < 4; k++) {
		double y = px_y(p, seq[k]);
		if (y != prev)
			pen_point(pn, x, y);
		prev = y;
	}
	b->any = false;
}

/*
 * One series as a <path>.  Point i is at time t[i] + dt.  A step series
 * holds each value until the next point (capacity between evaluations);
 * a line series joins the points.  NaN values leave a gap.  When there are
 * more points than twice the pixel columns, each column is drawn as its
 * first, lowest, highest and last value.
 */
static void draw_series(FILE *f, const panel *p, const double *t,
                        const double *v, size_t n, double dt, bool step,
                        const char *attrs)
{
	pen pn = {f, false};
	double width = p->x1 - p->x0;
	fputs("<path d=\"", f);
	if ((double)n <= 2 * width) {
		double last_y = NAN;
		for (size_t i = 0; i < n; i++) {
			if (isnan(v[i])) {
				pn.down = false;
				continue;
			}
			double x = px_x(p, t[i] + dt), y = px_y(p, v[i]);
			if (!step || !pn.down) {
				pen_point(&pn, x, y);
			} else if (y != last_y) {
				fputc('H', f);
				put_px(f, x);
				fputc('V', f);
				put_px(f, y);
			}
			last_y = y;
		}
		if (step && pn.down) {
			fputc('H', f);
			put_px(f, p->x1);
		}
	} else {
		bucket b = {0};
		long cur = -1;
		for (size_t i = 0; i < n; i++) {
			long c = (long)floor(px_x(p, t[i] + dt) - p->x0);
			if (c != cur) {
				if (cur >= 0) {
					if (!b.any)
						pn.down = false;
					bucket_flush(&pn, p, &b,
					             p->x0 + (double)cur + 0.5);
				}
				cur = c;
			}
			if (isnan(v[i]))
				continue;
			if (!b.any) {
				b.any = true;
				b.first = b.lo = b.hi = v[i];
				b.lo_first = true;
			}
			if (v[i] < b.lo) {
				b.lo = v[i];
				b.lo_first = false;
			}
			if (v[i] > b.hi) {
				b.hi = v[i];
				b.lo_first = true;
			}
			b.last = v[i];
		}
		if (cur >= 0)
			bucket_flush(&pn, p, &b, p->x0 + (double)cur + 0.5);
	}
	fputs("\" fill=\"none\" ", f);
	fputs(attrs, f);
	fputs("/>\n", f);
}

/* Shaded time intervals, merged when they touch on the picture. */
typedef struct bands {
	FILE *f;
	const panel *p;
	bool have;
	double a, b; /* the pending band in pixels */
} bands;

static void bands_flush(bands *bd)
{
	if (!bd->have)
		return;
	double w = fmax(bd->b - bd->a, 0.6);
	put_rect(bd->f, bd->a, bd->p->y0, w, bd->p->y1 - bd->p->y0, NULL);
	bd->have = false;
}

static void bands_add(bands *bd, double ta, double tb)
{
	const panel *p = bd->p;
	double xa = fmax(px_x(p, ta), p->x0), xb = fmin(px_x(p, tb), p->x1);
	if (xb < xa)
		return;
	if (bd->have && xa <= bd->b + 1.0) {
		bd->b = fmax(bd->b, xb);
		return;
	}
	bands_flush(bd);
	bd->have = true;
	bd->a = xa;
	bd->b = xb;
}

/* Rows whose alarm state is ALARM, from their evaluation to the next. */
static void draw_alarm_bands(FILE *f, const panel *p, const timeline *tl,
                             const unsigned char *st, const char *fill)
{
	bands bd = {f, p, false, 0, 0};
	fprintf(f, "<g fill=\"%s\" fill-opacity=\"0.18\">\n", fill);
	for (size_t i = 0; i < tl->n; i++) {
		if (st[i] != ST_ALARM)
			continue;
		double a = tl->t[i] + tl->period_s;
		double b = i + 1 < tl->n ? tl->t[i + 1] + tl->period_s
		                         : a + tl->period_s;
		bands_add(&bd, a, b);
	}
	bands_flush(&bd);
	fputs("</g>\n", f);
}

static const policy_info *event_policy(const run_info *in, const event *e)
{
	if (!in->have || in->n_policies == 0)
		return NULL;
	return &in->policies[e->policy >= 0 ? (size_t)e->policy : 0];
}

static void draw_cooldowns(FILE *f, const panel *p, const events *ev,
                           const run_info *in, int dir, const char *fill)
{
	bands bd = {f, p, false, 0, 0};
	fprintf(f, "<g fill=\"%s\" fill-opacity=\"0.14\">\n", fill);
	for (size_t i = 0; i < ev->n; i++) {
		const event *e = &ev->v[i];
		const policy_info *pi = event_policy(in, e);
		if (e->kind != EV_DONE || e->dir != dir || !pi)
			continue;
		double cd = dir > 0 ? pi->out_cooldown_s : pi->in_cooldown_s;
		if (cd > 0)
			bands_add(&bd, e->t, e->t + cd);
	}
	bands_flush(&bd);
	fputs("</g>\n", f);
}

static void put_marker(FILE *f, bool circle, int dir, double x, double y,
                       bool *any, const char *attrs)
{
	if (!*any) {
		fprintf(f, circle ? "<g %s>\n" : "<path %s d=\"", attrs);
		*any = true;
	}
	if (circle) {
		fputs("<circle cx=\"", f);
		put_px(f, x);
		fputs("\" cy=\"", f);
		put_px(f, y);
		fputs("\" r=\"4\"/>\n", f);
		return;
	}
	fputc('M', f);
	put_px(f, x);
	fputc(' ', f);
	put_px(f, dir > 0 ? y - 5 : y + 5);
	fputs(dir > 0 ? "l4.5 8h-9z" : "l4.5 -8h-9z", f);
}

/*
 * Markers of one kind and direction as one path (or group of circles).
 * Events are binned by `bin_px` pixels of time; a bin shows one marker,
 * at its most extreme capacity (the highest for a scale-out, the lowest
 * for a scale-in), so a dense run keeps its peaks and stays small.
 */
static void draw_markers(FILE *f, const panel *p, const events *ev, int kind,
                         int dir, double bin_px, const char *attrs)
{
	bool circle = kind == EV_DONE;
	bool any = false;
	long bin = LONG_MIN;
	double bx = 0, bto = 0;
	for (size_t i = 0; i < ev->n; i++) {
		const event *e = &ev->v[i];
		if (e->kind != kind || e->dir != dir || e->t < p->t0 ||
		    e->t > p->t1)
			continue;
		double x = px_x(p, e->t);
		long b = (long)floor((x - p->x0) / bin_px);
		if (b == bin) {
			if (dir > 0 ? e->to > bto : e->to < bto)
				bto = e->to;
			continue;
		}
		if (bin != LONG_MIN)
			put_marker(f, circle, dir, bx, px_y(p, bto), &any,
			           attrs);
		bin = b;
		bx = x;
		bto = e->to;
	}
	if (bin != LONG_MIN)
		put_marker(f, circle, dir, bx, px_y(p, bto), &any, attrs);
	if (any)
		fputs(circle ? "</g>\n" : "\"/>\n", f);
}

/* NotScaled decisions: faint ticks along the bottom, one per pixel. */
static void draw_not_scaled(FILE *f, const panel *p, const events *ev)
{
	long lx = LONG_MIN;
	bool any = false;
	for (size_t i = 0; i < ev->n; i++) {
		const event *e = &ev->v[i];
		if (e->kind != EV_NOT_SCALED || e->t < p->t0 || e->t > p->t1)
			continue;
		double x = px_x(p, e->t);
		if (lround(x) == lx)
			continue;
		lx = lround(x);
		if (!any) {
			fputs("<path stroke=\"#888\" stroke-opacity=\"0.6\" "
			      "d=\"",
			      f);
			any = true;
		}
		fputc('M', f);
		put_px(f, x);
		fputc(' ', f);
		put_px(f, p->y1);
		fputs("v-7", f);
	}
	if (any)
		fputs("\"/>\n", f);
}

/* ---- the time axis ---- */

typedef struct taxis {
	double step_s;
	double unit_s; /* relative labels: seconds per unit */
	char title[96];
	bool wall;
	int64_t origin; /* wall-clock seconds of time 0 */
} taxis;

static taxis time_axis(const timeline *tl, double t0, double t1)
{
	static const double minute_steps[] = {60, 120, 300, 600, 900, 1800};
	static const double hour_steps[] = {900,   1800,  3600, 7200,
	                                    10800, 21600, 43200};
	static const double day_steps[] = {1, 2, 7, 14, 28, 56, 91, 182, 364};
	static const double wall_steps[] = {300,  600,   900,   1800, 3600,
	                                    7200, 10800, 21600, 43200};
	taxis ta = {0};
	double span = t1 - t0;
	ta.wall = tl->wallclock;
	ta.origin = tl->origin_unix_s;
	double steps[32];
	size_t n = 0;
	const int max_ticks = ta.wall ? 14 : 12;
	if (ta.wall) {
		for (size_t i = 0; i < sizeof wall_steps / sizeof *wall_steps;
		     i++)
			steps[n++] = wall_steps[i];
		for (size_t i = 0; i < sizeof day_steps / sizeof *day_steps;
		     i++)
			steps[n++] = day_steps[i] * 86400;
		char iso[TT_FMT_BUF];
		tt_fmt_iso8601(ta.origin + (int64_t)floor(t0), iso);
		snprintf(ta.title, sizeof ta.title,
		         "time (UTC), from %.10s %.5s", iso, iso + 11);
	} else if (span <= 2 * 3600) {
		ta.unit_s = 60;
		for (size_t i = 0;
		     i < sizeof minute_steps / sizeof *minute_steps; i++)
			steps[n++] = minute_steps[i];
		snprintf(ta.title, sizeof ta.title, "minutes from the start");
	} else if (span <= 3 * 86400) {
		ta.unit_s = 3600;
		for (size_t i = 0; i < sizeof hour_steps / sizeof *hour_steps;
		     i++)
			steps[n++] = hour_steps[i];
		snprintf(ta.title, sizeof ta.title, "hours from the start");
	} else {
		ta.unit_s = 86400;
		for (size_t i = 0; i < sizeof day_steps / sizeof *day_steps;
		     i++)
			steps[n++] = day_steps[i] * 86400;
		snprintf(ta.title, sizeof ta.title, "days from the start");
	}
	ta.step_s = steps[n - 1];
	for (size_t i = 0; i < n; i++) {
		if (span / steps[i] <= max_ticks) {
			ta.step_s = steps[i];
			break;
		}
	}
	/* longer than the list reaches: whole multiples of its last step */
	while (span / ta.step_s > max_ticks)
		ta.step_s *= 2;
	return ta;
}

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr",
                                          "May", "Jun", "Jul", "Aug",
                                          "Sep", "Oct", "Nov", "Dec"};

/* The ticks' times (seconds from the start) in [t0, t1]. */
static size_t time_ticks(const taxis *ta, double t0, double t1, double *out,
                         size_t max)
{
	size_t n = 0;
	double off = ta->wall ? (double)ta->origin : 0;
	double first = ceil((t0 + off) / ta->step_s - 1e-9) * ta->step_s - off;
	for (double t = first; t <= t1 + 1e-6 && n < max;
	     t = first + ta->step_s * (double)n)
		out[n++] = t;
	return n;
}

/* The labels of tick t: one line, or a time and a date under it. */
static void time_label(const taxis *ta, double t, bool first, char *l1,
                       char *l2, size_t size)
{
	l2[0] = '\0';
	if (!ta->wall) {
		char b[TT_FMT_BUF];
		double v = round(t / ta->unit_s * 1e6) / 1e6;
		snprintf(l1, size, "%s", tt_fmt_double(v, b));
		return;
	}
	char iso[TT_FMT_BUF];
	tt_fmt_iso8601(ta->origin + (int64_t)llround(t), iso);
	int month = (iso[5] - '0') * 10 + (iso[6] - '0');
	if (month < 1 || month > 12)
		month = 1;
	char date[16];
	snprintf(date, sizeof date, "%s %d", month_names[month - 1],
	         (iso[8] - '0') * 10 + (iso[9] - '0'));
	if (ta->step_s >= 86400) {
		snprintf(l1, size, "%s", date);
		return;
	}
	snprintf(l1, size, "%.5s", iso + 11);
	if (first || memcmp(iso + 11, "00:00", 5) == 0)
		snprintf(l2, size, "%s", date);
}

/* ---- legends and panels ---- */

enum { SW_LINE, SW_BAND, SW_UP, SW_DOWN, SW_CIRCLE, SW_TICK };

typedef struct swatch {
	int kind;
	const char *color;
	const char *dash; /* NULL: solid */
	const char *label;
} swatch;

static double legend_width(const swatch *s, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n; i++)
		w += 22 + text_width(s[i].label, 11) + 14;
	return w;
}

static void draw_legend(FILE *f, double x, double y, const swatch *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const swatch *w = &s[i];
		char attrs[160];
		switch (w->kind) {
		case SW_LINE:
			snprintf(attrs, sizeof attrs,
			         "stroke=\"%s\" stroke-width=\"2\"%s%s%s",
			         w->color,
			         w->dash ? " stroke-dasharray=\"" : "",
			         w->dash ? w->dash : "", w->dash ? "\"" : "");
			put_line(f, x, y - 4, x + 18, y - 4, attrs);
			break;
		case SW_BAND:
			snprintf(attrs, sizeof attrs,
			         "fill=\"%s\" fill-opacity=\"0.3\"", w->color);
			put_rect(f, x, y - 10, 18, 11, attrs);
			break;
		case SW_UP:
		case SW_DOWN:
			fprintf(f, "<path fill=\"%s\" d=\"M", w->color);
			put_px(f, x + 9);
			fputc(' ', f);
			put_px(f, w->kind == SW_UP ? y - 9 : y + 1);
			fputs(w->kind == SW_UP ? "l4.5 8h-9z" : "l4.5 -8h-9z",
			      f);
			fputs("\"/>\n", f);
			break;
		case SW_CIRCLE:
			fprintf(f,
			        "<circle fill=\"none\" stroke=\"%s\" "
			        "stroke-width=\"1.5\" cx=\"",
			        w->color);
			put_px(f, x + 9);
			fputs("\" cy=\"", f);
			put_px(f, y - 4);
			fputs("\" r=\"4\"/>\n", f);
			break;
		case SW_TICK:
			snprintf(attrs, sizeof attrs, "stroke=\"%s\"",
			         w->color);
			put_line(f, x + 9, y + 1, x + 9, y - 8, attrs);
			break;
		}
		put_text(f, x + 22, y, FONT " font-size=\"11\" fill=\"#333\"",
		         w->label);
		x += 22 + text_width(w->label, 11) + 14;
	}
}

/*
 * A panel's header (title, legend: beside the title when they fit, else
 * on a line of its own), given its top; returns the height it took.
 */
static double panel_header_height(double x0, double x1, const char *title,
                                  const swatch *s, size_t n)
{
	double need = text_width(title, 13) + 24 + legend_width(s, n);
	return need <= x1 - x0 ? 24 : 40;
}

static void draw_panel_header(FILE *f, const panel *p, double top,
                              const char *title, const swatch *s, size_t n)
{
	put_text(f, p->x0, top + 15,
	         FONT " font-size=\"13\" font-weight=\"bold\" fill=\"#222\"",
	         title);
	double hh = panel_header_height(p->x0, p->x1, title, s, n);
	if (hh == 24)
		draw_legend(f, p->x0 + text_width(title, 13) + 24, top + 15, s,
		            n);
	else
		draw_legend(f, p->x0, top + 33, s, n);
}

/* Grid, frame, y labels and x tick labels of a panel. */
static void draw_panel_axes(FILE *f, const panel *p, const taxis *ta,
                            const double *ticks, size_t n_ticks)
{
	char buf[64];
	for (double v = p->y.lo; v <= p->y.hi + p->y.step * 1e-6;
	     v += p->y.step) {
		double y = px_y(p, v);
		put_line(f, p->x0, y, p->x1, y,
		         "stroke=\"#e3e3e3\" stroke-width=\"1\"");
		axis_label(&p->y, v, buf, sizeof buf);
		put_text(f, p->x0 - 6, y + 4,
		         FONT " font-size=\"11\" fill=\"#555\" "
		              "text-anchor=\"end\"",
		         buf);
	}
	for (size_t i = 0; i < n_ticks; i++) {
		double x = px_x(p, ticks[i]);
		char l1[48], l2[48];
		put_line(f, x, p->y0, x, p->y1,
		         "stroke=\"#e3e3e3\" stroke-width=\"1\"");
		put_line(f, x, p->y1, x, p->y1 + 4, "stroke=\"#999\"");
		time_label(ta, ticks[i], i == 0, l1, l2, sizeof l1);
		put_text(f, x, p->y1 + 15,
		         FONT " font-size=\"11\" fill=\"#555\" "
		              "text-anchor=\"middle\"",
		         l1);
		if (l2[0])
			put_text(f, x, p->y1 + 28,
			         FONT " font-size=\"11\" fill=\"#555\" "
			              "text-anchor=\"middle\"",
			         l2);
	}
}

static void draw_panel_frame(FILE *f, const panel *p)
{
	put_rect(f, p->x0, p->y0, p->x1 - p->x0, p->y1 - p->y0,
	         "fill=\"none\" stroke=\"#999\"");
}

static double series_max(const double *v, size_t n)
{
	double m = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/*
 * The top of the metric axis.  A few spikes far above the target (a
 * flash crowd against one instance) would flatten everything the policy
 * does around its target, so the axis stops at three times the target or
 * a little above the 99.5th percentile, whichever is higher, and says so
 * (*clipped_at: the peak; NaN when nothing was cut).
 */
static double metric_top(const timeline *tl, double target, double *clipped_at)
{
	double peak = series_max(tl->metric, tl->n);
	double top = peak;
	*clipped_at = NAN;
	if (isfinite(target)) {
		top = fmax(top, target);
		double *v = malloc(tl->n * sizeof *v);
		size_t n = 0;
		for (size_t i = 0; v && i < tl->n; i++)
			if (!isnan(tl->metric[i]))
				v[n++] = tl->metric[i];
		if (v && n > 0) {
			qsort(v, n, sizeof *v, cmp_double);
			double p995 = v[(size_t)floor(0.995 * (double)(n - 1))];
			double cap = fmax(3 * target, p995 * 1.1);
			if (peak > cap * 1.05) {
				top = cap;
				*clipped_at = peak;
			}
		}
		free(v);
	}
	return top * 1.05;
}

/* What the run's picture is made of, to lay it out before drawing. */
enum { P_LOAD, P_CAPACITY, P_METRIC, P_LATENCY, P_ERRORS, P_COUNT };

typedef struct layout {
	double width, height;
	double x0, x1;
	double top[P_COUNT]; /* the header's top; < 0: no such panel */
	double body[P_COUNT];
	double header[P_COUNT];
	char title[P_COUNT][200];
	swatch sw[P_COUNT][12];
	size_t n_sw[P_COUNT];
	char notes[4][200];
	size_t n_notes;
	double label_rows; /* the height of the x tick labels */
} layout;

static void add_swatch(layout *L, int panel_id, int kind, const char *color,
                       const char *dash, const char *label)
{
	swatch *s = &L->sw[panel_id][L->n_sw[panel_id]++];
	s->kind = kind;
	s->color = color;
	s->dash = dash;
	s->label = label;
}

#define C_BLUE "#4e79a7"
#define C_RED "#e15759"
#define C_ORANGE "#f28e2b"
#define C_GREEN "#59a14f"
#define C_DARKRED "#b03a2e"
#define C_DARKGREEN "#2e7d32"
#define C_GREY "#888888"

/*
 * A number for a label of the picture, through tt_fmt_finite: the first
 * one refused sets *rc and the picture is discarded.  The inputs are
 * bounded (VALUE_MAX) so none should be; this makes sure.
 */
static const char *label_num(double v, const char *what, char buf[TT_FMT_BUF],
                             tt_code *rc, tt_diag *d)
{
	tt_code r = tt_fmt_finite(v, "the picture", what, buf, *rc ? NULL : d);
	if (r && !*rc)
		*rc = r;
	return buf;
}

static tt_code draw_run(FILE *f, const timeline *tl, const events *ev,
                        const run_info *in, bool have_events,
                        const char *timeline_path, const tt_plot_opts *o,
                        tt_diag *d)
{
	tt_code rc = TT_OK;
	layout L;
	memset(&L, 0, sizeof L);
	L.width = o->width_px;
	L.x0 = 72;
	L.x1 = L.width - 28;
	const policy_info *pol =
	        in->have && in->n_policies ? &in->policies[0] : NULL;
	bool targets = pol && pol->has_target;
	char target_label[64] = "", low_label[128] = "";
	if (targets) {
		char a[TT_FMT_BUF], b[TT_FMT_BUF];
		snprintf(target_label, sizeof target_label, "TargetValue %s",
		         label_num(pol->target, "TargetValue", a, &rc, d));
		snprintf(low_label, sizeof low_label,
		         "scale-in threshold %s (%s x target)",
		         label_num(pol->target * in->low_ratio,
		                   "scale-in threshold", a, &rc, d),
		         label_num(in->low_ratio, "low_ratio", b, &rc, d));
	}
	bool errors_panel = tl->has_errors && series_max(tl->errors, tl->n) > 0;

	/* notes: what could not be drawn, and how the data was reduced */
	if (!in->have)
		snprintf(L.notes[L.n_notes++], sizeof L.notes[0],
		         "no summary.json: no TargetValue or scale-in lines, "
		         "no cooldown windows");
	else if (!targets)
		snprintf(L.notes[L.n_notes++], sizeof L.notes[0],
		         "the summary names no TargetValue: no target lines");
	if (!have_events)
		snprintf(L.notes[L.n_notes++], sizeof L.notes[0],
		         "no events.csv: scaling activities and cooldowns not "
		         "drawn");
	/*
	 * More activities than one per 8 pixels: one marker per 6 pixels
	 * at the bin's extreme, and no completion circles, which would
	 * cover the capacity lines.
	 */
	size_t n_act = 0;
	for (size_t i = 0; have_events && i < ev->n; i++)
		n_act += ev->v[i].kind == EV_START;
	bool dense = (double)n_act > (L.x1 - L.x0) / 8;
	if (dense) {
		char a[TT_FMT_BUF];
		tt_fmt_uint(n_act, a);
		snprintf(L.notes[L.n_notes++], sizeof L.notes[0],
		         "%s scaling activities: one marker per 6 pixels at "
		         "its largest step, completions not marked",
		         a);
	}
	if ((double)tl->n > 2 * (L.x1 - L.x0)) {
		char a[TT_FMT_BUF];
		tt_fmt_uint(tl->n, a);
		snprintf(L.notes[L.n_notes++], sizeof L.notes[0],
		         "%s periods: each pixel column shows its first, "
		         "lowest, highest and last value",
		         a);
	}

	char per[TT_FMT_BUF];
	label_num(tl->period_s, "period", per, &rc, d);
	snprintf(L.title[P_LOAD], sizeof L.title[0],
	         "Load: invocations per %s s period", per);
	add_swatch(&L, P_LOAD, SW_LINE, C_BLUE, NULL, "invocations");

	snprintf(L.title[P_CAPACITY], sizeof L.title[0], "Capacity: instances");
	add_swatch(&L, P_CAPACITY, SW_LINE, C_BLUE, NULL, "in service");
	add_swatch(&L, P_CAPACITY, SW_LINE, C_RED, "5 3", "desired");
	add_swatch(&L, P_CAPACITY, SW_LINE, C_ORANGE, "2 2", "pending");
	if (have_events) {
		add_swatch(&L, P_CAPACITY, SW_UP, C_DARKRED, NULL, "scale-out");
		add_swatch(&L, P_CAPACITY, SW_DOWN, C_DARKGREEN, NULL,
		           "scale-in");
		if (!dense)
			add_swatch(&L, P_CAPACITY, SW_CIRCLE, "#555", NULL,
			           "completed");
		if (in->have) {
			add_swatch(&L, P_CAPACITY, SW_BAND, C_ORANGE, NULL,
			           "scale-out cooldown");
			add_swatch(&L, P_CAPACITY, SW_BAND, C_GREEN, NULL,
			           "scale-in cooldown");
		}
		add_swatch(&L, P_CAPACITY, SW_TICK, C_GREY, NULL, "not scaled");
	}

	if (pol && pol->metric[0])
		snprintf(L.title[P_METRIC], sizeof L.title[0], "Metric: %s",
		         pol->metric);
	else
		snprintf(L.title[P_METRIC], sizeof L.title[0],
		         "Metric: the first policy's datapoints");
	add_swatch(&L, P_METRIC, SW_LINE, C_BLUE, NULL, "metric");
	if (targets) {
		add_swatch(&L, P_METRIC, SW_LINE, C_DARKRED, NULL,
		           target_label);
		add_swatch(&L, P_METRIC, SW_LINE, C_DARKGREEN, "6 4",
		           "scale-in threshold");
	}
	add_swatch(&L, P_METRIC, SW_BAND, C_RED, NULL, "AlarmHigh in ALARM");
	add_swatch(&L, P_METRIC, SW_BAND, C_GREEN, NULL, "AlarmLow in ALARM");

	snprintf(L.title[P_LATENCY], sizeof L.title[0],
	         "Latency: per-period percentiles, ms");
	add_swatch(&L, P_LATENCY, SW_LINE, C_BLUE, NULL, "p50");
	add_swatch(&L, P_LATENCY, SW_LINE, C_RED, NULL, "p99");
	snprintf(L.title[P_ERRORS], sizeof L.title[0],
	         "Errors: requests refused per period");
	add_swatch(&L, P_ERRORS, SW_LINE, C_RED, NULL, "errors");

	static const double heights[P_COUNT] = {130, 210, 180, 150, 90};
	L.label_rows = tl->wallclock ? 34 : 22;
	double y = 62 + 15 * (double)L.n_notes;
	for (int k = 0; k < P_COUNT; k++) {
		L.top[k] = -1;
		if ((k == P_LATENCY && !tl->latency) ||
		    (k == P_ERRORS && !errors_panel))
			continue;
		L.top[k] = y;
		L.header[k] = panel_header_height(L.x0, L.x1, L.title[k],
		                                  L.sw[k], L.n_sw[k]);
		L.body[k] = heights[k];
		y += L.header[k] + L.body[k] + L.label_rows + 14;
	}
	L.height = y + 22;

	double t0 = tl->t[0];
	double t1 = tl->t[tl->n - 1] + tl->period_s;
	taxis ta = time_axis(tl, t0, t1);
	double ticks[64];
	size_t n_ticks = time_ticks(&ta, t0, t1, ticks, 64);

	fputs("<svg", f);
	if (!o->inline_html)
		fputs(" xmlns=\"http://www.w3.org/2000/svg\"", f);
	fputs(" width=\"", f);
	put_px(f, L.width);
	fputs("\" height=\"", f);
	put_px(f, L.height);
	fputs("\" viewBox=\"0 0 ", f);
	put_px(f, L.width);
	fputc(' ', f);
	put_px(f, L.height);
	fputs("\">\n", f);
	put_rect(f, 0, 0, L.width, L.height, "fill=\"#ffffff\"");

	char title[NAME_MAX_LEN + 32];
	if (in->have && in->scenario[0])
		snprintf(title, sizeof title, "%s", in->scenario);
	else
		snprintf(title, sizeof title, "ttsim run: %s",
		         base_name(timeline_path));
	put_text(f, L.x0, 28,
	         FONT " font-size=\"18\" font-weight=\"bold\" fill=\"#111\"",
	         title);
	char sub[400];
	{
		char span[TT_FMT_BUF], rows[TT_FMT_BUF];
		double s = t1 - t0;
		double v = s >= 3 * 86400 ? s / 86400 : s / 3600;
		label_num(round(v * 100) / 100, "time span", span, &rc, d);
		tt_fmt_uint(tl->n, rows);
		int used = snprintf(sub, sizeof sub,
		                    "%s%s%s periods of %s s (%s %s)",
		                    in->mode[0] ? in->mode : "",
		                    in->mode[0] ? " mode, " : "", rows, per,
		                    span, s >= 3 * 86400 ? "days" : "hours");
		if (in->seed[0] && used > 0 && (size_t)used < sizeof sub)
			used += snprintf(sub + used, sizeof sub - (size_t)used,
			                 ", seed %s", in->seed);
		if (pol && pol->name[0] && used > 0 &&
		    (size_t)used < sizeof sub)
			snprintf(sub + used, sizeof sub - (size_t)used,
			         "; first policy '%s'%s%s", pol->name,
			         targets ? ", " : "",
			         targets ? target_label : "");
	}
	put_text(f, L.x0, 47, FONT " font-size=\"12\" fill=\"#555\"", sub);
	for (size_t i = 0; i < L.n_notes; i++)
		put_text(f, L.x0, 62 + 15 * (double)i,
		         FONT " font-size=\"11\" font-style=\"italic\" "
		              "fill=\"#a33\"",
		         L.notes[i]);

	for (int k = 0; k < P_COUNT; k++) {
		if (L.top[k] < 0)
			continue;
		panel p = {.x0 = L.x0,
		           .x1 = L.x1,
		           .y0 = L.top[k] + L.header[k],
		           .y1 = L.top[k] + L.header[k] + L.body[k],
		           .t0 = t0,
		           .t1 = t1};
		double top = 0, clipped_at = NAN;
		switch (k) {
		case P_LOAD:
			top = series_max(tl->inv, tl->n);
			break;
		case P_CAPACITY:
			top = fmax(series_max(tl->desired, tl->n),
			           fmax(series_max(tl->in_service, tl->n),
			                series_max(tl->pending, tl->n)));
			for (size_t i = 0; have_events && i < ev->n; i++)
				if (ev->v[i].kind != EV_NOT_SCALED)
					top = fmax(top, ev->v[i].to);
			top *= 1.08;
			break;
		case P_METRIC:
			top = metric_top(tl, targets ? pol->target : NAN,
			                 &clipped_at);
			break;
		case P_LATENCY:
			top = fmax(series_max(tl->p99, tl->n),
			           series_max(tl->p50, tl->n));
			break;
		case P_ERRORS:
			top = series_max(tl->errors, tl->n);
			break;
		}
		p.y = nice_axis(0, top, k == P_CAPACITY ? 6 : 4,
		                k == P_CAPACITY || k == P_ERRORS ||
		                        k == P_LOAD);
		fprintf(f, "<g id=\"panel-%s\">\n",
		        (const char *[]){"load", "capacity", "metric",
		                         "latency", "errors"}[k]);
		if (k == P_CAPACITY && have_events && in->have) {
			draw_cooldowns(f, &p, ev, in, 1, C_ORANGE);
			draw_cooldowns(f, &p, ev, in, -1, C_GREEN);
		}
		if (k == P_METRIC) {
			draw_alarm_bands(f, &p, tl, tl->ah, C_RED);
			draw_alarm_bands(f, &p, tl, tl->al, C_GREEN);
		}
		draw_panel_axes(f, &p, &ta, ticks, n_ticks);
		if (!isnan(clipped_at)) {
			char a[TT_FMT_BUF], b[TT_FMT_BUF], line[160];
			snprintf(line, sizeof line,
			         "axis cut at %s: peaks up to %s drawn at the "
			         "top",
			         label_num(p.y.hi, "axis cut", a, &rc, d),
			         label_num(round(clipped_at * 100) / 100,
			                   "peak", b, &rc, d));
			put_text(f, p.x1 - 4, p.y0 + 13,
			         FONT HALO
			         " font-size=\"11\" font-style=\"italic\" "
			         "fill=\"#a33\" text-anchor=\"end\"",
			         line);
		}
		draw_panel_header(f, &p, L.top[k], L.title[k], L.sw[k],
		                  L.n_sw[k]);
		double mid = tl->period_s / 2, end = tl->period_s;
		switch (k) {
		case P_LOAD:
			draw_series(f, &p, tl->t, tl->inv, tl->n, mid, false,
			            "stroke=\"" C_BLUE
			            "\" stroke-width=\"1.2\" "
			            "class=\"series-invocations\"");
			break;
		case P_CAPACITY:
			draw_series(f, &p, tl->t, tl->pending, tl->n, end, true,
			            "stroke=\"" C_ORANGE
			            "\" stroke-width=\"1.5\" "
			            "stroke-dasharray=\"2 2\" "
			            "class=\"series-pending\"");
			draw_series(
			        f, &p, tl->t, tl->in_service, tl->n, end, true,
			        "stroke=\"" C_BLUE "\" stroke-width=\"2.2\" "
			        "class=\"series-in-service\"");
			draw_series(f, &p, tl->t, tl->desired, tl->n, end, true,
			            "stroke=\"" C_RED "\" stroke-width=\"1.5\" "
			            "stroke-dasharray=\"5 3\" "
			            "class=\"series-desired\"");
			if (have_events) {
				double bin = dense ? 6 : 1;
				draw_not_scaled(f, &p, ev);
				if (!dense) {
					draw_markers(f, &p, ev, EV_DONE, 1, bin,
					             "fill=\"none\" "
					             "stroke=\"" C_DARKRED
					             "\" stroke-width=\"1.5\" "
					             "class=\"completed-out\"");
					draw_markers(f, &p, ev, EV_DONE, -1,
					             bin,
					             "fill=\"none\" "
					             "stroke=\"" C_DARKGREEN
					             "\" stroke-width=\"1.5\" "
					             "class=\"completed-in\"");
				}
				draw_markers(f, &p, ev, EV_START, 1, bin,
				             "fill=\"" C_DARKRED "\" "
				             "class=\"scale-out\"");
				draw_markers(f, &p, ev, EV_START, -1, bin,
				             "fill=\"" C_DARKGREEN "\" "
				             "class=\"scale-in\"");
			}
			break;
		case P_METRIC:
			draw_series(f, &p, tl->t, tl->metric, tl->n, mid, false,
			            "stroke=\"" C_BLUE
			            "\" stroke-width=\"1.2\" "
			            "class=\"series-metric\"");
			if (targets) {
				double yt = px_y(&p, pol->target);
				double yl =
				        px_y(&p, pol->target * in->low_ratio);
				put_line(f, p.x0, yt, p.x1, yt,
				         "stroke=\"" C_DARKRED
				         "\" stroke-width=\"1.5\" "
				         "class=\"target-line\"");
				put_line(f, p.x0, yl, p.x1, yl,
				         "stroke=\"" C_DARKGREEN
				         "\" stroke-width=\"1.5\" "
				         "stroke-dasharray=\"6 4\" "
				         "class=\"scale-in-line\"");
				/*
				 * The TargetValue label above its line, the
				 * threshold's below its own, or beside the
				 * target's when the panel's floor is too near.
				 */
				double lx = p.x1 - 4, ly = yl + 13;
				if (ly > p.y1 - 3) {
					lx -= text_width(target_label, 11) + 16;
					ly = yt - 4;
				}
				put_text(f, p.x1 - 4, yt - 4,
				         FONT HALO " font-size=\"11\" "
				                   "fill=\"" C_DARKRED
				                   "\" text-anchor=\"end\"",
				         target_label);
				put_text(f, lx, ly,
				         FONT HALO " font-size=\"11\" "
				                   "fill=\"" C_DARKGREEN
				                   "\" text-anchor=\"end\"",
				         low_label);
			}
			break;
		case P_LATENCY:
			draw_series(f, &p, tl->t, tl->p50, tl->n, mid, false,
			            "stroke=\"" C_BLUE
			            "\" stroke-width=\"1.2\" "
			            "class=\"series-p50\"");
			draw_series(f, &p, tl->t, tl->p99, tl->n, mid, false,
			            "stroke=\"" C_RED "\" stroke-width=\"1.2\" "
			            "class=\"series-p99\"");
			break;
		case P_ERRORS:
			draw_series(f, &p, tl->t, tl->errors, tl->n, mid, false,
			            "stroke=\"" C_RED "\" stroke-width=\"1.2\" "
			            "class=\"series-errors\"");
			break;
		}
		draw_panel_frame(f, &p);
		fputs("</g>\n", f);
		/* the axis title goes under the last panel drawn */
		bool last = true;
		for (int j = k + 1; j < P_COUNT; j++)
			if (L.top[j] >= 0)
				last = false;
		if (last)
			put_text(f, (p.x0 + p.x1) / 2, p.y1 + L.label_rows + 14,
			         FONT " font-size=\"12\" fill=\"#333\" "
			              "text-anchor=\"middle\"",
			         ta.title);
	}
	fputs("</svg>\n", f);
	return rc;
}

static tt_plot_opts opts_or_default(const tt_plot_opts *opts)
{
	tt_plot_opts o = {0};
	if (opts)
		o = *opts;
	if (o.width_px == 0)
		o.width_px = 1200;
	if (o.width_px < 480)
		o.width_px = 480;
	if (o.width_px > 4000)
		o.width_px = 4000;
	return o;
}

tt_code tt_plot_run_opts(const char *timeline_csv, const char *events_csv,
                         const char *summary_json, const tt_plot_opts *opts,
                         FILE *out, tt_diag *d)
{
	timeline tl;
	events ev = {0};
	run_info *in = calloc(1, sizeof *in);
	tt_code rc = TT_OK;
	memset(&tl, 0, sizeof tl);
	if (!in)
		return tt_diag_set(d, TT_ENOMEM, (tt_loc){0}, "out of memory");
	if (summary_json) {
		rc = load_summary(summary_json, in, d);
		if (rc)
			goto release;
	}
	rc = load_timeline(timeline_csv, &tl, d);
	if (rc)
		goto release;
	if (events_csv) {
		rc = load_events(events_csv, in, &ev, d);
		if (rc)
			goto release;
	}
	tt_plot_opts o = opts_or_default(opts);
	rc = draw_run(out, &tl, &ev, in, events_csv != NULL, timeline_csv, &o,
	              d);
release:
	timeline_release(&tl);
	free(ev.v);
	free(in);
	return rc;
}

tt_code tt_plot_run(const char *timeline_csv, const char *events_csv,
                    const char *summary_json, FILE *out, tt_diag *d)
{
	return tt_plot_run_opts(timeline_csv, events_csv, summary_json, NULL,
	                        out, d);
}

/* ---- a sweep ---- */

typedef struct point {
	double x, y;
	char *label; /* the row's varied keys, "k=v, k=v" */
	bool front;
} point;

typedef struct points {
	point *v;
	size_t n, cap;
} points;

static void points_release(points *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].label);
	free(ps->v);
}

/* Order by x, then y: the front is then the points that lower the best y. */
static int point_cmp(const void *a, const void *b)
{
	const point *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return 0;
}

static tt_code load_sweep(const char *path, const char *xname,
                          const char *yname, points *ps, size_t *skipped,
                          char *keys, size_t keys_size, tt_diag *d)
{
	tt_csv c;
	tt_code rc = csv_open(&c, path, "sweep results", d);
	if (rc)
		return rc;
	rc = csv_header(&c, "sweep results", d);
	if (rc)
		goto close;
	size_t xc = find_col(&c, xname), yc = find_col(&c, yname);
	if (xc == SIZE_MAX || yc == SIZE_MAX) {
		rc = missing_col(&c, xc == SIZE_MAX ? xname : yname, "sweep",
		                 d);
		goto close;
	}
	size_t width = c.n_fields;
	/* the varied keys: every column that is not a figure */
	bool *is_key = calloc(width, sizeof *is_key);
	char **names = calloc(width, sizeof *names);
	if (!is_key || !names) {
		free(is_key);
		free(names);
		rc = tt_diag_set(d, TT_ENOMEM, (tt_loc){0}, "out of memory");
		goto close;
	}
	size_t kused = 0;
	keys[0] = '\0';
	for (size_t i = 0; i < width; i++) {
		size_t n;
		const char *s = tt_csv_text(&c, i, &n);
		names[i] = strndup(s, n);
		if (!names[i]) {
			rc = tt_diag_set(d, TT_ENOMEM, (tt_loc){0},
			                 "out of memory");
			goto free_names;
		}
		is_key[i] = !tt_figure_known(names[i]);
		if (is_key[i] && kused + n + 3 < keys_size)
			kused += (size_t)snprintf(keys + kused,
			                          keys_size - kused, "%s%s",
			                          kused ? ", " : "", names[i]);
	}
	for (;;) {
		bool got = false;
		rc = tt_csv_next(&c, &got, d);
		if (rc || !got)
			break;
		rc = tt_csv_expect_columns(&c, width, d);
		if (rc)
			break;
		double x, y;
		rc = cell_number(&c, xc, xname, true, &x, d);
		if (!rc)
			rc = cell_number(&c, yc, yname, true, &y, d);
		if (rc)
			break;
		if (isnan(x) || isnan(y)) {
			(*skipped)++;
			continue;
		}
		if (ps->n == ps->cap) {
			size_t cap = ps->cap ? ps->cap * 2 : 64;
			point *v = realloc(ps->v, cap * sizeof *v);
			if (!v) {
				rc = tt_diag_set(d, TT_ENOMEM, (tt_loc){0},
				                 "out of memory");
				break;
			}
			ps->v = v;
			ps->cap = cap;
		}
		char label[200];
		size_t used = 0;
		label[0] = '\0';
		for (size_t i = 0; i < width && used + 4 < sizeof label; i++) {
			if (!is_key[i])
				continue;
			size_t n;
			const char *s = tt_csv_text(&c, i, &n);
			int w = snprintf(label + used, sizeof label - used,
			                 "%s%s=%.*s", used ? ", " : "",
			                 names[i], (int)n, s);
			if (w < 0)
				break;
			used += (size_t)w;
			if (used >= sizeof label)
				used = sizeof label - 1;
		}
		point *pt = &ps->v[ps->n];
		pt->x = x;
		pt->y = y;
		pt->front = false;
		pt->label = strdup(label);
		if (!pt->label) {
			rc = tt_diag_set(d, TT_ENOMEM, (tt_loc){0},
			                 "out of memory");
			break;
		}
		ps->n++;
	}
	if (!rc && ps->n == 0)
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){c.name, 1, 1},
		                 "no row of the sweep has both '%s' and '%s'",
		                 xname, yname);
free_names:
	for (size_t i = 0; i < width; i++)
		free(names[i]);
	free(names);
	free(is_key);
close:
	tt_csv_close(&c);
	return rc;
}

#define FRONT_LABEL FONT HALO " font-size=\"10\" fill=\"#7a1f1f\""

static void draw_sweep(FILE *f, points *ps, size_t skipped, const char *path,
                       const char *keys, const char *xname, const char *yname)
{
	const double W = 960, H = 640;
	qsort(ps->v, ps->n, sizeof *ps->v, point_cmp);
	size_t n_front = 0;
	double best = INFINITY;
	for (size_t i = 0; i < ps->n; i++) {
		if (ps->v[i].y < best) {
			ps->v[i].front = true;
			best = ps->v[i].y;
			n_front++;
		}
	}
	double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
	for (size_t i = 0; i < ps->n; i++) {
		xlo = fmin(xlo, ps->v[i].x);
		xhi = fmax(xhi, ps->v[i].x);
		ylo = fmin(ylo, ps->v[i].y);
		yhi = fmax(yhi, ps->v[i].y);
	}
	double xpad = (xhi - xlo) * 0.05, ypad = (yhi - ylo) * 0.05;
	panel p = {.x0 = 80, .x1 = W - 40, .y0 = 96, .y1 = H - 70};
	axis ax = nice_axis(xlo - xpad, xhi + xpad, 8, false);
	p.y = nice_axis(ylo - ypad, yhi + ypad, 6, false);
	p.t0 = ax.lo;
	p.t1 = ax.hi;

	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" "
	      "height=\"640\" viewBox=\"0 0 960 640\">\n",
	      f);
	put_rect(f, 0, 0, W, H, "fill=\"#ffffff\"");
	char buf[400];
	snprintf(buf, sizeof buf, "%s against %s", yname, xname);
	put_text(f, p.x0, 28,
	         FONT " font-size=\"18\" font-weight=\"bold\" fill=\"#111\"",
	         buf);
	char a[TT_FMT_BUF], b[TT_FMT_BUF];
	tt_fmt_uint(ps->n, a);
	tt_fmt_uint(n_front, b);
	snprintf(buf, sizeof buf,
	         "%s runs from %s, %s on the Pareto front (lower is better on "
	         "both); varied: %s",
	         a, base_name(path), b, keys[0] ? keys : "nothing");
	put_text(f, p.x0, 47, FONT " font-size=\"12\" fill=\"#555\"", buf);
	if (skipped) {
		tt_fmt_uint(skipped, a);
		snprintf(buf, sizeof buf,
		         "%s rows without a value for both figures left out",
		         a);
		put_text(f, p.x0, 62,
		         FONT " font-size=\"11\" font-style=\"italic\" "
		              "fill=\"#a33\"",
		         buf);
	}
	swatch sw[2] = {{SW_CIRCLE, C_BLUE, NULL, "run"},
	                {SW_LINE, C_RED, NULL, "Pareto front"}};
	draw_legend(f, p.x1 - legend_width(sw, 2), 84, sw, 2);

	/* grid and labels */
	for (double v = p.y.lo; v <= p.y.hi + p.y.step * 1e-6; v += p.y.step) {
		double y = px_y(&p, v);
		put_line(f, p.x0, y, p.x1, y, "stroke=\"#e3e3e3\"");
		axis_label(&p.y, v, buf, sizeof buf);
		put_text(f, p.x0 - 6, y + 4,
		         FONT " font-size=\"11\" fill=\"#555\" "
		              "text-anchor=\"end\"",
		         buf);
	}
	for (double v = ax.lo; v <= ax.hi + ax.step * 1e-6; v += ax.step) {
		double x = px_x(&p, v);
		put_line(f, x, p.y0, x, p.y1, "stroke=\"#e3e3e3\"");
		axis_label(&ax, v, buf, sizeof buf);
		put_text(f, x, p.y1 + 16,
		         FONT " font-size=\"11\" fill=\"#555\" "
		              "text-anchor=\"middle\"",
		         buf);
	}
	put_text(f, (p.x0 + p.x1) / 2, p.y1 + 38,
	         FONT " font-size=\"12\" fill=\"#333\" text-anchor=\"middle\"",
	         xname);
	fputs("<text transform=\"rotate(-90 22 ", f);
	put_px(f, (p.y0 + p.y1) / 2);
	fputs(")\" x=\"22\" y=\"", f);
	put_px(f, (p.y0 + p.y1) / 2);
	fputs("\" " FONT " font-size=\"12\" fill=\"#333\" "
	      "text-anchor=\"middle\">",
	      f);
	put_esc(f, yname);
	fputs("</text>\n", f);

	/* the region the front dominates, then the front itself */
	fputs("<path class=\"dominated\" fill=\"" C_RED
	      "\" fill-opacity=\"0.06\" d=\"M",
	      f);
	bool started = false;
	for (size_t i = 0; i < ps->n; i++) {
		if (!ps->v[i].front)
			continue;
		double x = px_x(&p, ps->v[i].x), y = px_y(&p, ps->v[i].y);
		if (!started) {
			put_px(f, x);
			fputc(' ', f);
			put_px(f, p.y0);
			fputs("V", f);
			put_px(f, y);
			started = true;
		} else {
			fputc('H', f);
			put_px(f, x);
			fputc('V', f);
			put_px(f, y);
		}
	}
	fputc('H', f);
	put_px(f, p.x1);
	fputc('V', f);
	put_px(f, p.y0);
	fputs("Z\"/>\n", f);

	fputs("<path class=\"pareto-front\" fill=\"none\" stroke=\"" C_RED
	      "\" stroke-width=\"2\" d=\"",
	      f);
	started = false;
	for (size_t i = 0; i < ps->n; i++) {
		if (!ps->v[i].front)
			continue;
		double x = px_x(&p, ps->v[i].x), y = px_y(&p, ps->v[i].y);
		if (!started) {
			fputc('M', f);
			put_px(f, x);
			fputc(' ', f);
			put_px(f, y);
			started = true;
		} else {
			fputc('H', f);
			put_px(f, x);
			fputc('V', f);
			put_px(f, y);
		}
	}
	fputs("\"/>\n", f);

	fputs("<g class=\"runs\" fill=\"" C_BLUE "\" fill-opacity=\"0.55\">\n",
	      f);
	for (size_t i = 0; i < ps->n; i++) {
		if (ps->v[i].front)
			continue;
		fputs("<circle cx=\"", f);
		put_px(f, px_x(&p, ps->v[i].x));
		fputs("\" cy=\"", f);
		put_px(f, px_y(&p, ps->v[i].y));
		fputs("\" r=\"3.5\"><title>", f);
		put_esc(f, ps->v[i].label);
		fputs("</title></circle>\n", f);
	}
	fputs("</g>\n<g class=\"front\" fill=\"" C_RED
	      "\" stroke=\"#ffffff\">\n",
	      f);
	for (size_t i = 0; i < ps->n; i++) {
		if (!ps->v[i].front)
			continue;
		fputs("<circle cx=\"", f);
		put_px(f, px_x(&p, ps->v[i].x));
		fputs("\" cy=\"", f);
		put_px(f, px_y(&p, ps->v[i].y));
		fputs("\" r=\"5\"><title>", f);
		put_esc(f, ps->v[i].label);
		fputs("</title></circle>\n", f);
	}
	fputs("</g>\n", f);
	if (n_front <= 16) {
		for (size_t i = 0; i < ps->n; i++) {
			if (!ps->v[i].front || !ps->v[i].label[0])
				continue;
			double x = px_x(&p, ps->v[i].x);
			double y = px_y(&p, ps->v[i].y);
			bool right =
			        x + 8 + text_width(ps->v[i].label, 10) > p.x1;
			put_text(f, right ? x - 8 : x + 8, y - 7,
			         right ? FRONT_LABEL " text-anchor=\"end\""
			               : FRONT_LABEL,
			         ps->v[i].label);
		}
	}
	draw_panel_frame(f, &p);
	fputs("</svg>\n", f);
}

tt_code tt_plot_sweep(const char *sweep_csv, const char *x_figure,
                      const char *y_figure, FILE *out, tt_diag *d)
{
	return tt_plot_sweep_as(sweep_csv, sweep_csv, x_figure, y_figure, out,
	                        d);
}

tt_code tt_plot_sweep_as(const char *sweep_csv, const char *shown_as,
                         const char *x_figure, const char *y_figure, FILE *out,
                         tt_diag *d)
{
	points ps = {0};
	size_t skipped = 0;
	char keys[256];
	tt_code rc = load_sweep(sweep_csv, x_figure, y_figure, &ps, &skipped,
	                        keys, sizeof keys, d);
	if (!rc)
		draw_sweep(out, &ps, skipped, shown_as, keys, x_figure,
		           y_figure);
	points_release(&ps);
	return rc;
}
