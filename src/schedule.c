/*
 * schedule.c - at(), rate() and cron() schedules: parsing and enumeration.
 *
 * Parsing follows EventBridge's cron reference as SPEC 14.1 lists it, and
 * keeps the column of every field so a bad one is pointed at.  Enumeration
 * is a pure function "the first run at or after t" (SPEC 14.2): a cron
 * schedule is searched field by field (year, month, day, hour, minute) on
 * the wall clock, never scanned minute by minute, and the wall clock is
 * walked one zone segment at a time (tz.h), which is what makes daylight
 * saving exact:
 *
 *   New York, 2021-03-14 (spring forward)     2021-11-07 (fall back)
 *   UTC    06:00  07:00  08:00                05:00  06:00  07:00
 *   local  01:00 |03:00  04:00                01:00  01:00  02:00
 *                 ^ 02:00-02:59 never          ^ EDT  ^ EST: 01:00-01:59
 *                   happens (a gap)                     happens twice
 *
 * A local time in a gap is simply not found in either segment (dst_gap:
 * skip); `shift` looks for it in the gap and runs it with the old offset.
 * A repeated local time is found in both segments; `once` starts the second
 * segment's search where the first one's wall clock ended.
 */
#include "schedule.h"

#include <stdio.h>
#include <string.h>

/* ---- messages ---- */

/* Tokens quoted in messages are cut to this many bytes. */
#define SHOW_MAX 60

/* The text for a message: escaped (tt_diag_escape), cut with "...". */
static const char *show(const char *s, size_t n, char *buf, size_t size)
{
	bool cut = n > SHOW_MAX;
	size_t len = tt_diag_escape(s, cut ? SHOW_MAX : n, buf, size);
	if (cut && len + 4 < size)
		memcpy(buf + len, "...", 4);
	return buf;
}

#define SHOW_BUF (SHOW_MAX * 4 + 8)

/* `loc` moved `off` bytes to the right (when its column is known). */
static tt_loc at_off(tt_loc loc, size_t off)
{
	if (loc.col > 0)
		loc.col += (int)off;
	return loc;
}

/* ---- small readers ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* All of s[0..n) digits, at most `max_digits` of them, as a number. */
static bool whole_number(const char *s, size_t n, size_t max_digits,
                         int64_t *out)
{
	int64_t v = 0;
	if (n == 0 || n > max_digits)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* ---- at() ---- */

static tt_code parse_at(const char *s, size_t n, tt_loc loc, size_t off,
                        tt_schedule *out, tt_diag *d)
{
	/* yyyy-mm-ddThh:mm:ss: digits where the template has 'd'. */
	static const char tmpl[] = "dddd-dd-ddTdd:dd:dd";
	char buf[SHOW_BUF];
	bool ok = n == sizeof tmpl - 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = tmpl[i] == 'd' ? is_digit(s[i]) : s[i] == tmpl[i];
	if (!ok)
		return tt_diag_set(d, TT_EINVAL, at_off(loc, off),
		                   "at() needs yyyy-mm-ddThh:mm:ss, got '%s'",
		                   show(s, n, buf, sizeof buf));
	int64_t y = 0, mo = 0, da = 0, h = 0, mi = 0, se = 0;
	whole_number(s, 4, 4, &y);
	whole_number(s + 5, 2, 2, &mo);
	whole_number(s + 8, 2, 2, &da);
	whole_number(s + 11, 2, 2, &h);
	whole_number(s + 14, 2, 2, &mi);
	whole_number(s + 17, 2, 2, &se);
	if (y < TT_CRON_YEAR_MIN || y > TT_CRON_YEAR_MAX)
		return tt_diag_set(d, TT_EINVAL, at_off(loc, off),
		                   "at() year must be %d-%d, got '%.4s'",
		                   TT_CRON_YEAR_MIN, TT_CRON_YEAR_MAX, s);
	if (mo < 1 || mo > 12 || da < 1 || da > tt_days_in_month(y, (int)mo) ||
	    h > 23 || mi > 59 || se > 59)
		return tt_diag_set(d, TT_EINVAL, at_off(loc, off),
		                   "at() time '%s' does not exist",
		                   show(s, n, buf, sizeof buf));
	out->kind = TT_SCHEDULE_AT;
	out->at_local_s = tt_days_from_civil(y, (int)mo, (int)da) * 86400 +
	                  h * 3600 + mi * 60 + se;
	return TT_OK;
}

/* ---- rate() ---- */

static tt_code parse_rate(const char *s, size_t n, tt_loc loc, size_t off,
                          tt_schedule *out, tt_diag *d)
{
	static const struct {
		const char *one, *many;
		int64_t seconds;
	} units[] = {{"minute", "minutes", 60},
	             {"hour", "hours", 3600},
	             {"day", "days", 86400}};
	char buf[SHOW_BUF], ubuf[SHOW_BUF];
	size_t i = 0, vlen, ustart;
	int64_t v;

	while (i < n && s[i] != ' ')
		i++;
	vlen = i;
	while (i < n && s[i] == ' ')
		i++;
	ustart = i;
	if (vlen == 0 || ustart == vlen || ustart == n)
		return tt_diag_set(d, TT_EINVAL, at_off(loc, off),
		                   "rate() needs a value and a unit, as in "
		                   "'rate(5 minutes)', got '%s'",
		                   show(s, n, buf, sizeof buf));
	if (!whole_number(s, vlen, 18, &v) || v == 0)
		return tt_diag_set(d, TT_EINVAL, at_off(loc, off),
		                   "rate() value must be a positive whole "
		                   "number, got '%s'",
		                   show(s, vlen, buf, sizeof buf));
	const char *u = s + ustart;
	size_t ulen = n - ustart;
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
		bool one = strlen(units[k].one) == ulen &&
		           memcmp(u, units[k].one, ulen) == 0;
		bool many = strlen(units[k].many) == ulen &&
		            memcmp(u, units[k].many, ulen) == 0;
		if (!one && !many)
			continue;
		/* EventBridge's rule: 1 takes the singular, more the
		 * plural ("rate(1 hours)" and "rate(5 hour)" are invalid). */
		if (v == 1 && many)
			return tt_diag_set(
			        d, TT_EINVAL, at_off(loc, off + ustart),
			        "rate() of 1 takes the singular "
			        "unit '%s', got '%s'",
			        units[k].one, show(u, ulen, ubuf, sizeof ubuf));
		if (v > 1 && one)
			return tt_diag_set(d, TT_EINVAL,
			                   at_off(loc, off + ustart),
			                   "rate() of more than 1 takes the "
			                   "plural unit '%s', got '%s'",
			                   units[k].many,
			                   show(u, ulen, ubuf, sizeof ubuf));
		if (v > (int64_t)TT_SPAN_MAX_DAYS * 86400 / units[k].seconds)
			return tt_diag_set(d, TT_ERANGE, at_off(loc, off),
			                   "rate() must be at most %d days, "
			                   "got '%s'",
			                   TT_SPAN_MAX_DAYS,
			                   show(s, n, buf, sizeof buf));
		out->kind = TT_SCHEDULE_RATE;
		out->rate_s = v * units[k].seconds;
		return TT_OK;
	}
	return tt_diag_set(d, TT_EINVAL, at_off(loc, off + ustart),
	                   "rate() unit must be minute, minutes, hour, hours, "
	                   "day or days, got '%s'",
	                   show(u, ulen, ubuf, sizeof ubuf));
}

/* ---- cron() ---- */

enum { F_SECONDS, F_MINUTES, F_HOURS, F_DOM, F_MONTH, F_DOW, F_YEAR, F_COUNT };

typedef struct field_spec {
	const char *name;
	int lo, hi;
	const char *range;        /* for messages: "1-12 or JAN-DEC" */
	const char *specials;     /* beyond digits and names */
	const char *const *names; /* names[0] is value lo, or NULL */
} field_spec;

static const char *const month_names[] = {"JAN", "FEB", "MAR", "APR",
                                          "MAY", "JUN", "JUL", "AUG",
                                          "SEP", "OCT", "NOV", "DEC"};
static const char *const day_names[] = {"SUN", "MON", "TUE", "WED",
                                        "THU", "FRI", "SAT"};

static const field_spec fields[F_COUNT] = {
        [F_SECONDS] = {"seconds", 0, 59, "0-59", ",-*/", NULL},
        [F_MINUTES] = {"minutes", 0, 59, "0-59", ",-*/", NULL},
        [F_HOURS] = {"hours", 0, 23, "0-23", ",-*/", NULL},
        [F_DOM] = {"day-of-month", 1, 31, "1-31", ",-*?/LW", NULL},
        [F_MONTH] = {"month", 1, 12, "1-12 or JAN-DEC", ",-*/", month_names},
        [F_DOW] = {"day-of-week", 1, 7, "1-7 or SUN-SAT", ",-*?L#", day_names},
        [F_YEAR] = {"year", TT_CRON_YEAR_MIN, TT_CRON_YEAR_MAX, "1970-2199",
                    ",-*/", NULL},
};

/* One field's text and where it is in the Schedule string. */
typedef struct field_text {
	const char *s;
	size_t n, off;
} field_text;

/* What one field reads into: a set of values (bit v - lo) and specials. */
typedef struct field_value {
	uint64_t bits[4];  /* up to 230 values (the years) */
	bool any;          /* '?' */
	bool last;         /* 'L' alone */
	bool last_weekday; /* 'LW' */
	int weekday;       /* 'nW' */
	int last_of;       /* 'nL' (day-of-week) */
	int nth_day, nth;  /* 'd#n' */
} field_value;

typedef struct cron_ctx {
	tt_loc loc;
	tt_diag *d;
} cron_ctx;

static void set_bit(uint64_t *bits, int i)
{
	bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static bool has_bit(const uint64_t *bits, int i)
{
	return (bits[i / 64] >> (i % 64)) & 1;
}

static tt_code field_error(const cron_ctx *cx, const field_spec *f,
                           const field_text *t, size_t at, size_t len)
{
	char buf[SHOW_BUF];
	return tt_diag_set(cx->d, TT_EINVAL, at_off(cx->loc, t->off + at),
	                   "cron field '%s' must be %s, got '%s'", f->name,
	                   f->range, show(t->s + at, len, buf, sizeof buf));
}

/*
 * A value of the field: a number in range, or a name (JAN, MON), read in
 * any case.  `at`/`len` is the value inside the field's text.
 */
static tt_code field_number(const cron_ctx *cx, const field_spec *f,
                            const field_text *t, size_t at, size_t len,
                            int *out)
{
	int64_t v;
	if (whole_number(t->s + at, len, 4, &v)) {
		if (v < f->lo || v > f->hi)
			return field_error(cx, f, t, at, len);
		*out = (int)v;
		return TT_OK;
	}
	if (f->names && len == 3) {
		for (int k = 0; k <= f->hi - f->lo; k++) {
			const char *nm = f->names[k];
			if (upper(t->s[at]) == nm[0] &&
			    upper(t->s[at + 1]) == nm[1] &&
			    upper(t->s[at + 2]) == nm[2]) {
				*out = f->lo + k;
				return TT_OK;
			}
		}
	}
	return field_error(cx, f, t, at, len);
}

/* Refuse a character the field does not take ('/' in day-of-week). */
static tt_code check_chars(const cron_ctx *cx, const field_spec *f,
                           const field_text *t)
{
	char buf[SHOW_BUF];
	for (size_t i = 0; i < t->n; i++) {
		char c = upper(t->s[i]);
		bool special = c == ',' || c == '-' || c == '*' || c == '?' ||
		               c == '/' || c == '#' ||
		               ((c == 'L' || c == 'W') && !f->names);
		if (!special || strchr(f->specials, c))
			continue;
		/* L and W inside a name (JUL, WED) are letters, not
		 * specials: the fields with names check them as values. */
		return tt_diag_set(
		        cx->d, TT_EINVAL, at_off(cx->loc, t->off + i),
		        "cron field '%s' does not accept '%c', got "
		        "'%s'",
		        f->name, t->s[i], show(t->s, t->n, buf, sizeof buf));
	}
	return TT_OK;
}

/* One list item: '*', v, a-b, each with an optional '/step'. */
static tt_code field_item(const cron_ctx *cx, const field_spec *f,
                          const field_text *t, size_t at, size_t len,
                          field_value *v)
{
	char buf[SHOW_BUF];
	int span = f->hi - f->lo + 1;
	int a = f->lo, b = f->hi, step = 1;
	size_t slash = len;
	tt_code rc;

	for (size_t i = 0; i < len; i++)
		if (t->s[at + i] == '/') {
			slash = i;
			break;
		}
	if (slash < len) {
		int64_t st;
		size_t sat = at + slash + 1, slen = len - slash - 1;
		if (!whole_number(t->s + sat, slen, 4, &st) || st < 1 ||
		    st > span)
			return tt_diag_set(
			        cx->d, TT_EINVAL, at_off(cx->loc, t->off + sat),
			        "cron field '%s' step must be 1-%d, "
			        "got '%s'",
			        f->name, span,
			        show(t->s + sat, slen, buf, sizeof buf));
		step = (int)st;
	}
	size_t blen = slash;
	if (blen == 1 && t->s[at] == '*') {
		/* '*' and '*' + '/step': the whole range */
	} else {
		size_t dash = blen;
		for (size_t i = 0; i < blen; i++)
			if (t->s[at + i] == '-') {
				dash = i;
				break;
			}
		if ((rc = field_number(cx, f, t, at, dash, &a)))
			return rc;
		if (dash < blen) {
			if ((rc = field_number(cx, f, t, at + dash + 1,
			                       blen - dash - 1, &b)))
				return rc;
		} else if (slash == len) {
			b = a; /* a single value */
		}              /* else 'a/step': from a to the end */
	}
	if (a > b && f->lo == TT_CRON_YEAR_MIN)
		return tt_diag_set(cx->d, TT_EINVAL,
		                   at_off(cx->loc, t->off + at),
		                   "cron field 'year' range must go upward, "
		                   "got '%s'",
		                   show(t->s + at, blen, buf, sizeof buf));
	/* A range that wraps (FRI-MON, 22-2) runs through the end of the
	 * cycle and on from its start, as EventBridge's Quartz does. */
	int count = (b >= a ? b - a : b - a + span) + 1;
	for (int k = 0; k < count; k += step)
		set_bit(v->bits, (a - f->lo + k) % span);
	return TT_OK;
}

/* The day fields' forms that stand alone: L, LW, nW, nL, d#n. */
static tt_code day_special(const cron_ctx *cx, const field_spec *f,
                           const field_text *t, int which, field_value *v,
                           bool *done)
{
	char buf[SHOW_BUF];
	const char *s = t->s;
	size_t n = t->n;
	size_t hashes = 0, hash_at = 0;
	tt_code rc;

	*done = true;
	if (n == 1 && upper(s[0]) == 'L') {
		if (which == F_DOM)
			v->last = true;
		else /* the last day of the week */
			set_bit(v->bits, 7 - f->lo);
		return TT_OK;
	}
	if (which == F_DOM) {
		bool w = n >= 2 && upper(s[n - 1]) == 'W';
		if (n == 2 && upper(s[0]) == 'L' && w) {
			v->last_weekday = true;
			return TT_OK;
		}
		if (w) {
			int day;
			if (memchr(s, ',', n) || memchr(s, '-', n) ||
			    memchr(s, '/', n) || memchr(s, '*', n))
				return tt_diag_set(
				        cx->d, TT_EINVAL,
				        at_off(cx->loc, t->off),
				        "cron field 'day-of-month' takes 'W' "
				        "after one day, as in '15W', got '%s'",
				        show(s, n, buf, sizeof buf));
			if ((rc = field_number(cx, f, t, 0, n - 1, &day)))
				return rc;
			v->weekday = day;
			return TT_OK;
		}
		if (memchr(s, 'L', n) || memchr(s, 'l', n))
			return tt_diag_set(
			        cx->d, TT_EINVAL, at_off(cx->loc, t->off),
			        "cron field 'day-of-month' takes 'L' "
			        "alone or as 'LW', got '%s'",
			        show(s, n, buf, sizeof buf));
		*done = false;
		return TT_OK;
	}
	for (size_t i = 0; i < n; i++)
		if (s[i] == '#') {
			hashes++;
			hash_at = i;
		}
	if (hashes > 1)
		return tt_diag_set(cx->d, TT_EINVAL, at_off(cx->loc, t->off),
		                   "cron field 'day-of-week' allows at most "
		                   "one '#', got '%s'",
		                   show(s, n, buf, sizeof buf));
	if (hashes == 1) {
		int64_t nth;
		if (memchr(s, ',', n) || memchr(s, '-', n) || memchr(s, '*', n))
			return tt_diag_set(
			        cx->d, TT_EINVAL, at_off(cx->loc, t->off),
			        "cron field 'day-of-week' takes '#' "
			        "as one day and a week, as in '2#1', "
			        "got '%s'",
			        show(s, n, buf, sizeof buf));
		if ((rc = field_number(cx, f, t, 0, hash_at, &v->nth_day)))
			return rc;
		if (!whole_number(s + hash_at + 1, n - hash_at - 1, 1, &nth) ||
		    nth < 1 || nth > 5)
			return tt_diag_set(
			        cx->d, TT_EINVAL,
			        at_off(cx->loc, t->off + hash_at + 1),
			        "cron field 'day-of-week' week after "
			        "'#' must be 1-5, got '%s'",
			        show(s + hash_at + 1, n - hash_at - 1, buf,
			             sizeof buf));
		v->nth = (int)nth;
		return TT_OK;
	}
	/* nL: the last such weekday of the month.  Names hold no trailing
	 * L (JUL is a month), so a final L is always the special. */
	if (n >= 2 && upper(s[n - 1]) == 'L') {
		if (memchr(s, ',', n) || memchr(s, '-', n) || memchr(s, '*', n))
			return tt_diag_set(
			        cx->d, TT_EINVAL, at_off(cx->loc, t->off),
			        "cron field 'day-of-week' takes 'L' "
			        "alone or after one day, as in '6L', "
			        "got '%s'",
			        show(s, n, buf, sizeof buf));
		return field_number(cx, f, t, 0, n - 1, &v->last_of);
	}
	*done = false;
	return TT_OK;
}

static tt_code parse_field(const cron_ctx *cx, int which, const field_text *t,
                           field_value *v)
{
	const field_spec *f = &fields[which];
	char buf[SHOW_BUF];
	tt_code rc;

	memset(v, 0, sizeof *v);
	if ((rc = check_chars(cx, f, t)))
		return rc;
	if (t->n == 1 && t->s[0] == '?') {
		v->any = true;
		return TT_OK;
	}
	if (which == F_DOM || which == F_DOW) {
		bool done;
		if ((rc = day_special(cx, f, t, which, v, &done)) || done)
			return rc;
	}
	size_t start = 0;
	for (size_t i = 0; i <= t->n; i++) {
		if (i < t->n && t->s[i] != ',')
			continue;
		if (i == start)
			return tt_diag_set(cx->d, TT_EINVAL,
			                   at_off(cx->loc, t->off + start),
			                   "cron field '%s' has an empty list "
			                   "item, got '%s'",
			                   f->name,
			                   show(t->s, t->n, buf, sizeof buf));
		if ((rc = field_item(cx, f, t, start, i - start, v)))
			return rc;
		start = i + 1;
	}
	return TT_OK;
}

static tt_code parse_cron(const char *s, size_t n, tt_loc loc, size_t off,
                          tt_schedule *out, tt_diag *d)
{
	field_text ft[F_COUNT];
	field_value fv[F_COUNT];
	size_t count = 0;
	cron_ctx cx = {loc, d};
	tt_cron *c = &out->cron;
	tt_code rc;

	/* Fields are separated by spaces; blanks around them are kept
	 * out of the fields.  All are counted, the first seven kept. */
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ') {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (count < F_COUNT)
			ft[count] = (field_text){s + i, j - i, off + i};
		count++;
		i = j;
	}
	if (count != 6 && count != 7)
		return tt_diag_set(d, TT_EINVAL, at_off(loc, off),
		                   "cron() needs 6 fields (or 7 with seconds "
		                   "first), got %zu",
		                   count);

	/* The 6-field form has no seconds: field k is fields[k + 1]. */
	int first = count == 7 ? F_SECONDS : F_MINUTES;
	for (int k = first; k < F_COUNT; k++)
		if ((rc = parse_field(&cx, k, &ft[k - first], &fv[k])))
			return rc;
	if (first == F_MINUTES) {
		memset(&fv[F_SECONDS], 0, sizeof fv[F_SECONDS]);
		set_bit(fv[F_SECONDS].bits, 0);
	}
	const field_text *dom = &ft[F_DOM - first], *dow = &ft[F_DOW - first];
	if (fv[F_DOM].any == fv[F_DOW].any) {
		char b1[SHOW_BUF], b2[SHOW_BUF];
		return tt_diag_set(
		        d, TT_EINVAL, at_off(loc, dom->off),
		        fv[F_DOM].any ? "cron() takes '?' in only one of "
		                        "'day-of-month' and 'day-of-week', "
		                        "got '%s' and '%s'"
		                      : "cron() needs '?' in one of "
		                        "'day-of-month' and 'day-of-week', "
		                        "got '%s' and '%s'",
		        show(dom->s, dom->n, b1, sizeof b1),
		        show(dow->s, dow->n, b2, sizeof b2));
	}

	memset(c, 0, sizeof *c);
	c->has_seconds = count == 7;
	c->seconds = fv[F_SECONDS].bits[0];
	c->minutes = fv[F_MINUTES].bits[0];
	c->hours = (uint32_t)fv[F_HOURS].bits[0];
	c->months = (uint16_t)(fv[F_MONTH].bits[0] << 1);
	memcpy(c->years, fv[F_YEAR].bits, sizeof c->years);
	c->dom_any = fv[F_DOM].any;
	c->dom = (uint32_t)(fv[F_DOM].bits[0] << 1);
	c->dom_last = fv[F_DOM].last;
	c->dom_last_weekday = fv[F_DOM].last_weekday;
	c->dom_weekday = fv[F_DOM].weekday;
	c->dow_any = fv[F_DOW].any;
	c->dow = (uint8_t)(fv[F_DOW].bits[0] << 1);
	c->dow_last = fv[F_DOW].last_of;
	c->dow_nth_day = fv[F_DOW].nth_day;
	c->dow_nth = fv[F_DOW].nth;
	out->kind = TT_SCHEDULE_CRON;
	return TT_OK;
}

tt_code tt_schedule_parse(const char *text, size_t n, tt_loc loc,
                          tt_schedule *out, tt_diag *d)
{
	static const struct {
		const char *open;
		tt_code (*parse)(const char *, size_t, tt_loc, size_t,
		                 tt_schedule *, tt_diag *);
	} kinds[] = {{"at(", parse_at},
	             {"rate(", parse_rate},
	             {"cron(", parse_cron}};
	char buf[SHOW_BUF];

	memset(out, 0, sizeof *out);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t len = strlen(kinds[k].open);
		if (n < len || memcmp(text, kinds[k].open, len) != 0)
			continue;
		if (text[n - 1] != ')' || n == len)
			return tt_diag_set(d, TT_EINVAL, at_off(loc, n),
			                   "schedule '%s' must end with ')'",
			                   show(text, n, buf, sizeof buf));
		const char *inner = text + len;
		size_t in = n - len - 1;
		const char *close = memchr(inner, ')', in);
		if (close)
			return tt_diag_set(d, TT_EINVAL,
			                   at_off(loc, (size_t)(close - text)),
			                   "schedule '%s' has text after ')'",
			                   show(text, n, buf, sizeof buf));
		return kinds[k].parse(inner, in, loc, len, out, d);
	}
	return tt_diag_set(d, TT_EINVAL, loc,
	                   "schedule must be at(...), rate(...) or cron(...), "
	                   "got '%s'",
	                   show(text, n, buf, sizeof buf));
}

/* ---- matching the wall clock ---- */

/* The smallest set bit >= from and <= max, or -1. */
static int next_bit(uint64_t set, int from, int max)
{
	for (int i = from; i <= max; i++)
		if ((set >> i) & 1)
			return i;
	return -1;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Does day d of month m, year y (days since 1970: `days`) match? */
static bool day_matches(const tt_cron *c, int64_t y, int m, int d, int64_t days)
{
	int dim = tt_days_in_month(y, m);
	if (c->dow_any) {
		if (c->dom_last)
			return d == dim;
		if (c->dom_last_weekday || c->dom_weekday) {
			/* The weekday nearest the day, never leaving the
			 * month: Saturday the 1st goes to Monday the 3rd. */
			int target = c->dom_last_weekday ? dim : c->dom_weekday;
			if (target > dim)
				return false;
			int wd = tt_weekday_from_days(days - d + target);
			if (wd == 6)
				target = target == 1 ? 3 : target - 1;
			else if (wd == 0)
				target =
				        target == dim ? target - 2 : target + 1;
			return d == target;
		}
		return (c->dom >> d) & 1;
	}
	int wd = tt_weekday_from_days(days) + 1; /* 1 = SUN */
	if (c->dow_last)
		return wd == c->dow_last && d + 7 > dim;
	if (c->dow_nth)
		return wd == c->dow_nth_day && (d - 1) / 7 + 1 == c->dow_nth;
	return (c->dow >> wd) & 1;
}

static bool year_in(const tt_cron *c, int64_t y)
{
	return y >= TT_CRON_YEAR_MIN && y <= TT_CRON_YEAR_MAX &&
	       has_bit(c->years, (int)(y - TT_CRON_YEAR_MIN));
}

/*
 * The first wall-clock second >= from and < limit that the cron matches,
 * field by field: a field that does not match moves the clock to the
 * start of its next possible value, so each pass of the loop skips at
 * least a unit of the field that failed.
 */
static bool cron_next_local(const tt_cron *c, bool honor_seconds, int64_t from,
                            int64_t limit, int64_t *out)
{
	uint64_t secs = honor_seconds && c->has_seconds ? c->seconds : 1;
	int64_t first = tt_days_from_civil(TT_CRON_YEAR_MIN, 1, 1) * 86400;
	int64_t m = from < first ? first : from;

	while (m < limit) {
		int64_t days = floor_div(m, 86400), y;
		int64_t sod = m - days * 86400;
		int mo, d;
		tt_civil_from_days(days, &y, &mo, &d);
		if (y > TT_CRON_YEAR_MAX)
			return false;
		if (!year_in(c, y)) {
			int64_t ny = y + 1;
			while (ny <= TT_CRON_YEAR_MAX && !year_in(c, ny))
				ny++;
			if (ny > TT_CRON_YEAR_MAX)
				return false;
			m = tt_days_from_civil(ny, 1, 1) * 86400;
			continue;
		}
		if (!((c->months >> mo) & 1)) {
			int nm = next_bit(c->months, mo + 1, 12);
			m = (nm > 0 ? tt_days_from_civil(y, nm, 1)
			            : tt_days_from_civil(y + 1, 1, 1)) *
			    86400;
			continue;
		}
		if (!day_matches(c, y, mo, d, days)) {
			m = (days + 1) * 86400;
			continue;
		}
		int h = (int)(sod / 3600), mi = (int)(sod % 3600 / 60),
		    s = (int)(sod % 60);
		if (!((c->hours >> h) & 1)) {
			int nh = next_bit(c->hours, h + 1, 23);
			m = nh > 0 ? days * 86400 + nh * 3600
			           : (days + 1) * 86400;
			continue;
		}
		if (!((c->minutes >> mi) & 1)) {
			int nmi = next_bit(c->minutes, mi + 1, 59);
			m = nmi > 0 ? days * 86400 + h * 3600 + nmi * 60
			            : days * 86400 + (h + 1) * 3600;
			continue;
		}
		if (!((secs >> s) & 1)) {
			int ns = next_bit(secs, s + 1, 59);
			m = ns > 0 ? m - s + ns : m - s + 60;
			continue;
		}
		*out = m;
		return true;
	}
	return false;
}

/* ---- enumeration ---- */

tt_schedule_knobs tt_schedule_knobs_default(void)
{
	return (tt_schedule_knobs){
	        .cron_seconds = TT_CRON_SECONDS_IGNORE,
	        .start_time_run = TT_START_TIME_RUN_RATE,
	        .rate_without_start = TT_RATE_WITHOUT_START_IMMEDIATE,
	        .end_time_inclusive = true,
	        .dst_gap = TT_DST_GAP_SKIP,
	        .dst_overlap = TT_DST_OVERLAP_ONCE,
	};
}

tt_code tt_schedule_plan_check(const tt_schedule_plan *p, tt_loc loc,
                               tt_diag *d)
{
	const tt_schedule *s = p->schedule;
	if (s->kind != TT_SCHEDULE_RATE && !p->has_origin)
		return tt_diag_set(
		        d, TT_EINVAL, loc,
		        "%s schedule needs the run's wall clock (a "
		        "trace with timestamps or 'simulation.start')",
		        s->kind == TT_SCHEDULE_AT ? "an at()" : "a cron()");
	if (s->kind == TT_SCHEDULE_AT)
		return TT_OK;
	if ((p->has_start || p->has_end) && !p->has_origin)
		return tt_diag_set(d, TT_EINVAL, loc,
		                   "StartTime and EndTime need the run's wall "
		                   "clock (a trace with timestamps or "
		                   "'simulation.start')");
	if (p->has_start && p->has_end && p->end_unix_us < p->start_unix_us)
		return tt_diag_set(d, TT_EINVAL, loc,
		                   "EndTime is before StartTime");
	return TT_OK;
}

/* The latest Unix microsecond a run may have, from the bounds. */
static int64_t last_allowed_us(const tt_schedule_plan *p, bool bounded)
{
	int64_t last = INT64_MAX;
	if (p->horizon_us != TT_TIME_MAX)
		last = (p->has_origin ? p->origin_unix_us : 0) + p->horizon_us;
	if (bounded && p->has_end) {
		int64_t end = p->knobs.end_time_inclusive ? p->end_unix_us
		                                          : p->end_unix_us - 1;
		if (end < last)
			last = end;
	}
	return last;
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return -floor_div(-a, b);
}

/* The first cron run at or after Unix second t_s, up to `stop_s`. */
static bool cron_next_utc(const tt_schedule_plan *p, int64_t t_s,
                          int64_t stop_s, int64_t *out)
{
	const tt_cron *c = &p->schedule->cron;
	bool honor = p->knobs.cron_seconds == TT_CRON_SECONDS_HONOR;
	tt_tz utc;
	const tt_tz *tz = p->tz;
	tt_tz_segment seg;

	if (!tz) {
		tt_tz_utc(&utc);
		tz = &utc;
	}
	/* Past the last wall-clock second a cron can name, in any zone. */
	int64_t cron_end =
	        tt_days_from_civil(TT_CRON_YEAR_MAX + 1, 1, 1) * 86400 +
	        TT_TZ_OFFSET_MAX_S;
	tt_tz_segment_at(tz, t_s, &seg);
	for (;;) {
		bool found = false, opened = seg.start > TT_TZ_FAR_PAST;
		int64_t best = 0, m;
		int64_t from = (t_s > seg.start ? t_s : seg.start) + seg.off_s;
		/* dst_overlap once: the wall clock up to where the segment
		 * before ended has had its runs already. */
		if (opened && p->knobs.dst_overlap == TT_DST_OVERLAP_ONCE &&
		    seg.off_s < seg.prev_off_s &&
		    seg.prev_start + seg.prev_off_s <= seg.start + seg.off_s &&
		    from < seg.start + seg.prev_off_s)
			from = seg.start + seg.prev_off_s;
		if (cron_next_local(c, honor, from, seg.end + seg.off_s, &m)) {
			best = m - seg.off_s;
			found = true;
		}
		/* dst_gap shift: the wall times the clock jumped over, read
		 * with the offset before the jump. */
		if (opened && p->knobs.dst_gap == TT_DST_GAP_SHIFT &&
		    seg.off_s > seg.prev_off_s) {
			int64_t gfrom = seg.start + seg.prev_off_s;
			if (t_s + seg.prev_off_s > gfrom)
				gfrom = t_s + seg.prev_off_s;
			if (cron_next_local(c, honor, gfrom,
			                    seg.start + seg.off_s, &m) &&
			    (!found || m - seg.prev_off_s < best)) {
				best = m - seg.prev_off_s;
				found = true;
			}
		}
		if (found) {
			*out = best;
			return best <= stop_s;
		}
		if (seg.end >= TT_TZ_FAR_FUTURE || seg.end > stop_s ||
		    seg.end > cron_end)
			return false;
		tt_tz_segment_at(tz, seg.end, &seg);
	}
}

bool tt_schedule_next(const tt_schedule_plan *p, tt_time_us t, tt_time_us *out)
{
	const tt_schedule *s = p->schedule;
	int64_t origin = p->has_origin ? p->origin_unix_us : 0;
	int64_t t_unix = origin + t;
	int64_t run;

	switch (s->kind) {
	case TT_SCHEDULE_AT: {
		tt_tz utc;
		const tt_tz *tz = p->tz;
		int64_t u[2];
		size_t n = 1;
		if (!tz) {
			tt_tz_utc(&utc);
			tz = &utc;
		}
		tt_tz_local_kind k = tt_tz_from_local(tz, s->at_local_s, u);
		if (k == TT_TZ_LOCAL_GAP && p->knobs.dst_gap == TT_DST_GAP_SKIP)
			return false;
		if (k == TT_TZ_LOCAL_OVERLAP &&
		    p->knobs.dst_overlap == TT_DST_OVERLAP_TWICE)
			n = 2;
		size_t i = 0;
		while (i < n && u[i] * TT_US_PER_S < t_unix)
			i++;
		if (i == n)
			return false;
		run = u[i] * TT_US_PER_S;
		if (run > last_allowed_us(p, false))
			return false;
		break;
	}
	case TT_SCHEDULE_RATE: {
		int64_t period = s->rate_s * TT_US_PER_S;
		int64_t base = p->has_start ? p->start_unix_us
		               : p->knobs.rate_without_start ==
		                               TT_RATE_WITHOUT_START_AFTER_ONE
		                       ? origin + period
		                       : origin;
		int64_t from = t_unix > base ? t_unix : base;
		run = base + ceil_div(from - base, period) * period;
		if (run > last_allowed_us(p, true))
			return false;
		break;
	}
	case TT_SCHEDULE_CRON: {
		int64_t last = last_allowed_us(p, true);
		int64_t from = t_unix;
		if (p->has_start && from <= p->start_unix_us) {
			/* start_time_run all: a run at StartTime itself,
			 * which is the first one whatever the cron says */
			if (p->knobs.start_time_run == TT_START_TIME_RUN_ALL) {
				run = p->start_unix_us;
				if (run > last)
					return false;
				break;
			}
			from = p->start_unix_us;
		}
		int64_t u;
		if (!cron_next_utc(p, ceil_div(from, TT_US_PER_S),
		                   floor_div(last, TT_US_PER_S), &u))
			return false;
		run = u * TT_US_PER_S;
		break;
	}
	default:
		return false;
	}
	*out = run - origin;
	return true;
}
