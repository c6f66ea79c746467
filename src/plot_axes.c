/*
 * plot_axes.c - where the ticks of a picture go and what they say.
 *
 * A value axis takes round steps (1, 2 or 5 times a power of ten) and
 * shortens big labels with k or M.  A time axis counts minutes, hours or
 * days from the start, or, when the timeline has wall-clock times, shows
 * UTC times with the date under the first tick and under each midnight;
 * its step is the smallest from a list of natural ones that keeps about a
 * dozen ticks.
 */
#include "plot_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/fmt.h"
#include "ttsim/policy.h"

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

tt_axis tt_axis_nice(double lo, double hi, int ticks, bool integer)
{
	tt_axis a;
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

void tt_axis_label(const tt_axis *a, double v, char *buf, size_t size)
{
	if (fabs(v) < a->step * 1e-6)
		v = 0;
	snprintf(buf, size, "%.*f%s", a->decimals, v / a->div,
	         v == 0 ? "" : a->suffix);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/* x's bits as an integer that orders as the numbers do (no NaN; -0 is
 * 0). */
static uint64_t order_key(double x)
{
	uint64_t b;
	if (x == 0)
		x = 0;
	memcpy(&b, &x, sizeof b);
	return b >> 63 ? ~b : b | (uint64_t)1 << 63;
}

static double from_order_key(uint64_t key)
{
	uint64_t b = key >> 63 ? key & ~((uint64_t)1 << 63) : ~key;
	double x;
	memcpy(&x, &b, sizeof x);
	return x;
}

/*
 * The k-th smallest (0-based) of the numbers of v[0..n), NaN left out
 * (k below their count): the value a sort would put at k, found without
 * sorting or copying them all (sorting the World Cup's 125,000
 * datapoints was the largest cost of its picture).  A radix selection
 * on order_key, 11 bits a pass from the top: each pass counts the
 * values that share the answer's bits so far by their next digit, and
 * the k-th falls in one; once that one holds few enough values they are
 * sorted.
 */
static double kth_smallest(const tt_plot_col *v, size_t n, size_t k)
{
	enum { BITS = 11, FEW = 1024 };
	uint64_t prefix = 0; /* the answer's bits so far */
	uint64_t above = 0;  /* which bits those are */
	size_t in = n;       /* the values that have them */
	for (int shift = 64; shift > 0 && in > FEW;) {
		shift = shift > BITS ? shift - BITS : 0;
		size_t count[1 << BITS] = {0};
		for (size_t i = 0; i < n; i++) {
			double x = tt_plot_col_at(v, i);
			if (isnan(x))
				continue;
			uint64_t key = order_key(x);
			if ((key & above) == prefix)
				count[(key >> shift) & ((1u << BITS) - 1)]++;
		}
		size_t digit = 0;
		while (k >= count[digit])
			k -= count[digit++];
		prefix |= (uint64_t)digit << shift;
		above |= (uint64_t)((1u << BITS) - 1) << shift;
		in = count[digit];
	}
	if (in > FEW) /* every bit is the answer's: all equal */
		return from_order_key(prefix);
	double few[FEW];
	size_t m = 0;
	for (size_t i = 0; i < n && m < FEW; i++) {
		double x = tt_plot_col_at(v, i);
		if (!isnan(x) && (order_key(x) & above) == prefix)
			few[m++] = x;
	}
	qsort(few, m, sizeof *few, cmp_double);
	return few[k];
}

double tt_axis_clip_top(const tt_plot_col *v, size_t n, double ref,
                        double factor, double *clipped_at)
{
	double peak = 0;
	size_t m = 0;
	*clipped_at = NAN;
	for (size_t i = 0; i < n; i++) {
		double x = tt_plot_col_at(v, i);
		if (!isnan(x)) {
			peak = fmax(peak, x);
			m++;
		}
	}
	if (!isfinite(ref))
		return peak;
	double top = fmax(peak, ref);
	if (m == 0)
		return top;
	double cap = fmax(
	        factor * ref,
	        kth_smallest(v, n, (size_t)floor(0.995 * (double)(m - 1))) *
	                1.1);
	if (peak > cap * 1.05) {
		*clipped_at = peak;
		return cap;
	}
	return top;
}

/* ---- time ---- */

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Append `n` steps of `unit_s` seconds to steps[*m]. */
static void add_steps(double *steps, size_t *m, const double *v, size_t n,
                      double unit_s)
{
	for (size_t i = 0; i < n; i++)
		steps[(*m)++] = v[i] * unit_s;
}

/* The natural steps for a span, smallest first, and the axis title. */
static size_t candidate_steps(tt_taxis *ta, double t0, double span,
                              double *steps)
{
	static const double minute_steps[] = {60, 120, 300, 600, 900, 1800};
	static const double hour_steps[] = {900,   1800,  3600, 7200,
	                                    10800, 21600, 43200};
	static const double day_steps[] = {1, 2, 7, 14, 28, 56, 91, 182, 364};
	static const double wall_steps[] = {300,  600,   900,   1800, 3600,
	                                    7200, 10800, 21600, 43200};
	size_t n = 0;
	if (ta->wall) {
		add_steps(steps, &n, wall_steps, COUNT(wall_steps), 1);
		add_steps(steps, &n, day_steps, COUNT(day_steps), 86400);
		char iso[TT_FMT_BUF];
		tt_fmt_iso8601(ta->origin + (int64_t)floor(t0), iso);
		snprintf(ta->title, sizeof ta->title,
		         "time (UTC), from %.10s %.5s", iso, iso + 11);
	} else if (span <= 2 * 3600) {
		ta->unit_s = 60;
		add_steps(steps, &n, minute_steps, COUNT(minute_steps), 1);
		snprintf(ta->title, sizeof ta->title, "minutes from the start");
	} else if (span <= 3 * 86400) {
		ta->unit_s = 3600;
		add_steps(steps, &n, hour_steps, COUNT(hour_steps), 1);
		snprintf(ta->title, sizeof ta->title, "hours from the start");
	} else {
		ta->unit_s = 86400;
		add_steps(steps, &n, day_steps, COUNT(day_steps), 86400);
		snprintf(ta->title, sizeof ta->title, "days from the start");
	}
	return n;
}

tt_taxis tt_taxis_make(bool wall, int64_t origin_unix_s, double t0, double t1)
{
	tt_taxis ta = {0};
	double span = t1 - t0;
	double steps[32];
	ta.wall = wall;
	ta.origin = origin_unix_s;
	size_t n = candidate_steps(&ta, t0, span, steps);
	const int max_ticks = ta.wall ? 14 : 12;
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

size_t tt_taxis_ticks(const tt_taxis *ta, double t0, double t1, double *out,
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

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr",
                                          "May", "Jun", "Jul", "Aug",
                                          "Sep", "Oct", "Nov", "Dec"};

void tt_taxis_label(const tt_taxis *ta, double t, bool first, char *l1,
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

double tt_series_max(const tt_plot_col *v, size_t n)
{
	double m = 0;
	if (v->d) {
		for (size_t i = 0; i < n; i++)
			if (v->d[i] > m)
				m = v->d[i];
	} else {
		for (size_t i = 0; i < n; i++)
			if (v->i[i] > m)
				m = v->i[i];
	}
	return m;
}

bool tt_series_any(const tt_plot_col *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isnan(tt_plot_col_at(v, i)))
			return true;
	return false;
}

const char *tt_plot_label_num(tt_code *rc, tt_diag *d, const char *where,
                              double v, const char *what, char buf[TT_FMT_BUF])
{
	tt_code r = tt_fmt_finite(v, where, what, buf, *rc ? NULL : d);
	if (r && !*rc)
		*rc = r;
	return buf;
}

void tt_plot_metric_unit(const char *name, const char *per, char *buf,
                         size_t size)
{
	tt_predefined t;
	if (!tt_predefined_from_name(name, &t)) {
		size_t n = strlen(name);
		bool util = n >= 11 && !strcmp(name + n - 11, "Utilization");
		snprintf(buf, size, "%s", util ? "%" : "metric value");
		return;
	}
	const tt_predefined_info *pi = tt_predefined_get(t);
	/* an inference component's metrics count per copy of the model */
	const char *who = strstr(name, "PerCopy") ? "copy" : "instance";
	if (pi->unit == TT_UNIT_PERCENT)
		snprintf(buf, size, "%%");
	else if (pi->unit == TT_UNIT_RATIO)
		snprintf(buf, size, "ratio (0 to 1)");
	else if (pi->unit == TT_UNIT_BYTES)
		snprintf(buf, size, "bytes");
	else if (pi->law == TT_LAW_IN_FLIGHT)
		snprintf(buf, size, "requests in flight per %s", who);
	else /* what is counted, as the metric's name says */
		snprintf(buf, size, "%s per %s per %s",
		         strstr(name, "Invocation") ? "invocations"
		         : strstr(name, "Request")  ? "requests"
		                                    : "count",
		         who, per);
}
