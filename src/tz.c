/*
 * tz.c - IANA time zones from TZif files, without the C library's zone code.
 *
 * localtime() and mktime() read the process's TZ and keep state in
 * globals; a run must give the same answer on every machine and thread,
 * so the file is parsed here (RFC 8536): the transition table (the 64-bit
 * one when the file has it) and the footer's POSIX TZ rule, which carries
 * the zone past the table's last transition.  The file is input: every
 * count is checked against the bytes present and against fixed bounds
 * before anything is read.
 *
 * Everything else is built on one query, the segment holding an instant:
 * a stretch of UTC with one offset, its neighbours' offset and bounds.
 */
#include "tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Floor division, for instants before 1970. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- the footer's POSIX TZ rule ---- */

typedef struct cursor {
	const char *s;
	size_t n, i;
} cursor;

static bool at_end(const cursor *c)
{
	return c->i >= c->n;
}

static char peek(const cursor *c)
{
	return at_end(c) ? '\0' : c->s[c->i];
}

static bool is_alpha(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* A number of at most `digits` digits, in [0, max]. */
static bool take_num(cursor *c, int digits, int max, int *out)
{
	int v = 0, k = 0;
	while (k < digits && is_digit(peek(c))) {
		v = v * 10 + (c->s[c->i++] - '0');
		k++;
	}
	if (k == 0 || v > max)
		return false;
	*out = v;
	return true;
}

/* A zone abbreviation: three or more letters, or <...> of [A-Za-z0-9+-]. */
static bool take_abbr(cursor *c)
{
	size_t start = c->i;
	if (peek(c) == '<') {
		c->i++;
		while (!at_end(c) && peek(c) != '>') {
			char ch = peek(c);
			if (!is_alpha(ch) && !is_digit(ch) && ch != '+' &&
			    ch != '-')
				return false;
			c->i++;
		}
		if (peek(c) != '>' || c->i - start < 4)
			return false;
		c->i++;
		return true;
	}
	while (is_alpha(peek(c)))
		c->i++;
	return c->i - start >= 3;
}

/*
 * [+-]hh[:mm[:ss]], hours up to `max_h` (24 for an offset, 167 for a rule
 * time, as RFC 8536 extends POSIX).
 */
static bool take_hms(cursor *c, int max_h, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;
	if (peek(c) == '+' || peek(c) == '-')
		sign = c->s[c->i++] == '-' ? -1 : 1;
	if (!take_num(c, 3, max_h, &h))
		return false;
	if (peek(c) == ':') {
		c->i++;
		if (!take_num(c, 2, 59, &m))
			return false;
		if (peek(c) == ':') {
			c->i++;
			if (!take_num(c, 2, 59, &s))
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

static bool take_date(cursor *c, tt_tz_rule_date *out)
{
	memset(out, 0, sizeof *out);
	out->time_s = 2 * 3600; /* POSIX's default: 02:00 local */
	if (peek(c) == 'J') {
		c->i++;
		out->kind = 'J';
		if (!take_num(c, 3, 365, &out->day) || out->day < 1)
			return false;
	} else if (peek(c) == 'M') {
		c->i++;
		out->kind = 'M';
		if (!take_num(c, 2, 12, &out->month) || out->month < 1 ||
		    peek(c) != '.')
			return false;
		c->i++;
		if (!take_num(c, 1, 5, &out->week) || out->week < 1 ||
		    peek(c) != '.')
			return false;
		c->i++;
		if (!take_num(c, 1, 6, &out->day))
			return false;
	} else {
		out->kind = 'D';
		if (!take_num(c, 3, 365, &out->day))
			return false;
	}
	if (peek(c) == '/') {
		c->i++;
		return take_hms(c, 167, &out->time_s);
	}
	return true;
}

bool tt_tz_rule_parse(const char *s, size_t n, tt_tz_rule *out)
{
	cursor c = {s, n, 0};
	int32_t west;
	memset(out, 0, sizeof *out);
	/* POSIX offsets count west of UTC: "EST5" is UTC-5. */
	if (!take_abbr(&c) || !take_hms(&c, 24, &west))
		return false;
	out->std_off_s = -west;
	out->dst_off_s = out->std_off_s;
	out->present = true;
	if (at_end(&c))
		return true;
	if (!take_abbr(&c))
		return false;
	out->has_dst = true;
	out->dst_off_s = out->std_off_s + 3600;
	if (peek(&c) != ',') {
		if (!take_hms(&c, 24, &west))
			return false;
		out->dst_off_s = -west;
	}
	/* A zone with DST but no rule leaves the dates to the system: the
	 * files zic writes always have one, so anything else is refused. */
	if (peek(&c) != ',')
		return false;
	c.i++;
	if (!take_date(&c, &out->start) || peek(&c) != ',')
		return false;
	c.i++;
	return take_date(&c, &out->end) && at_end(&c);
}

/* The day (since 1970) a rule date falls on in year y. */
static int64_t rule_day(const tt_tz_rule_date *r, int64_t y)
{
	int64_t jan1 = tt_days_from_civil(y, 1, 1);
	if (r->kind == 'J') /* Feb 29 is never counted */
		return jan1 + r->day - 1 +
		       (tt_is_leap_year(y) && r->day >= 60 ? 1 : 0);
	if (r->kind == 'D')
		return jan1 + r->day;
	int64_t first = tt_days_from_civil(y, r->month, 1);
	int64_t day = first + (r->day - tt_weekday_from_days(first) + 7) % 7 +
	              7 * (r->week - 1);
	while (day - first >= tt_days_in_month(y, r->month))
		day -= 7;
	return day;
}

/* One change of offset: at `at` (UTC) the offset becomes `off`. */
typedef struct change {
	int64_t at;
	int32_t off;
} change;

/*
 * The rule's changes in years y-2..y+2, in time order.  A DST start is a
 * local time on the standard clock, an end one on the DST clock.
 */
static size_t rule_changes(const tt_tz_rule *r, int64_t y, change out[10])
{
	size_t n = 0;
	for (int64_t k = y - 2; k <= y + 2; k++) {
		out[n].at = rule_day(&r->start, k) * 86400 + r->start.time_s -
		            r->std_off_s;
		out[n++].off = r->dst_off_s;
		out[n].at = rule_day(&r->end, k) * 86400 + r->end.time_s -
		            r->dst_off_s;
		out[n++].off = r->std_off_s;
	}
	/* Insertion sort: ten items, and southern zones end before they
	 * start within a year. */
	for (size_t i = 1; i < n; i++) {
		change v = out[i];
		size_t j = i;
		while (j > 0 && out[j - 1].at > v.at) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = v;
	}
	return n;
}

/* ---- segments ---- */

static int64_t clamp_time(int64_t t)
{
	return t < TT_TZ_FAR_PAST     ? TT_TZ_FAR_PAST
	       : t > TT_TZ_FAR_FUTURE ? TT_TZ_FAR_FUTURE
	                              : t;
}

/* The segment of `utc` under the footer rule, from the table's end on. */
static void rule_segment(const tt_tz *tz, int64_t utc, tt_tz_segment *out)
{
	const tt_tz_rule *r = &tz->rule;
	int64_t table_end =
	        tz->count ? tz->trans[tz->count - 1] : TT_TZ_FAR_PAST;
	int32_t before_table =
	        tz->count > 1 ? tz->off_after[tz->count - 2] : tz->initial_off;
	int64_t before_start =
	        tz->count > 1 ? tz->trans[tz->count - 2] : TT_TZ_FAR_PAST;

	if (!r->has_dst) {
		out->start = table_end;
		out->end = TT_TZ_FAR_FUTURE;
		out->off_s = r->std_off_s;
		out->prev_off_s = tz->count ? before_table : r->std_off_s;
		out->prev_start = tz->count ? before_start : TT_TZ_FAR_PAST;
		return;
	}

	change ch[10];
	int64_t y;
	int m, d;
	tt_civil_from_days(floor_div(utc + r->std_off_s, 86400), &y, &m, &d);
	size_t n = rule_changes(r, y, ch);
	size_t i = 0;
	/* y-2's changes are all well before utc, so i ends on one. */
	while (i + 1 < n && ch[i + 1].at <= utc)
		i++;
	out->start = ch[i].at;
	out->off_s = ch[i].off;
	out->prev_off_s = i > 0 ? ch[i - 1].off : ch[i].off;
	out->prev_start = i > 0 ? ch[i - 1].at : TT_TZ_FAR_PAST;
	out->end = i + 1 < n ? ch[i + 1].at : TT_TZ_FAR_FUTURE;
	if (out->start <= table_end) {
		/* The rule's change is the table's last one, or older: the
		 * segment begins where the table ends. */
		out->start = table_end;
		out->off_s =
		        tz->count ? tz->off_after[tz->count - 1] : out->off_s;
		out->prev_off_s = tz->count ? before_table : out->prev_off_s;
		out->prev_start = tz->count ? before_start : out->prev_start;
	}
}

void tt_tz_segment_at(const tt_tz *tz, int64_t utc, tt_tz_segment *out)
{
	utc = clamp_time(utc);
	size_t n = tz->count;
	if (n == 0 || utc >= tz->trans[n - 1]) {
		if (tz->rule.present) {
			rule_segment(tz, utc, out);
			return;
		}
		out->start = n ? tz->trans[n - 1] : TT_TZ_FAR_PAST;
		out->end = TT_TZ_FAR_FUTURE;
		out->off_s = n ? tz->off_after[n - 1] : tz->initial_off;
		out->prev_off_s = n > 1   ? tz->off_after[n - 2]
		                  : n > 0 ? tz->initial_off
		                          : out->off_s;
		out->prev_start = n > 1 ? tz->trans[n - 2] : TT_TZ_FAR_PAST;
		return;
	}
	if (utc < tz->trans[0]) {
		out->start = TT_TZ_FAR_PAST;
		out->end = tz->trans[0];
		out->off_s = tz->initial_off;
		out->prev_off_s = tz->initial_off;
		out->prev_start = TT_TZ_FAR_PAST;
		return;
	}
	/* trans[lo] <= utc < trans[hi] */
	size_t lo = 0, hi = n - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->trans[mid] <= utc)
			lo = mid;
		else
			hi = mid;
	}
	out->start = tz->trans[lo];
	out->end = tz->trans[hi];
	out->off_s = tz->off_after[lo];
	out->prev_off_s = lo > 0 ? tz->off_after[lo - 1] : tz->initial_off;
	out->prev_start = lo > 0 ? tz->trans[lo - 1] : TT_TZ_FAR_PAST;
}

int32_t tt_tz_offset_at(const tt_tz *tz, int64_t utc)
{
	tt_tz_segment seg;
	tt_tz_segment_at(tz, utc, &seg);
	return seg.off_s;
}

int64_t tt_tz_to_local(const tt_tz *tz, int64_t utc)
{
	return utc + tt_tz_offset_at(tz, utc);
}

/* Segments looked at around one wall-clock time; real zones need 2 or 3. */
#define FROM_LOCAL_SEGMENTS_MAX 64

tt_tz_local_kind tt_tz_from_local(const tt_tz *tz, int64_t local,
                                  int64_t utc[2])
{
	tt_tz_segment seg;
	size_t found = 0;
	bool gap = false;
	int64_t shifted = 0;

	/*
	 * Every UTC instant whose wall clock is `local` lies within the
	 * largest offset of it: look at each segment there and keep the
	 * instants that fall inside their own segment.
	 */
	local = clamp_time(local);
	tt_tz_segment_at(tz, local - TT_TZ_OFFSET_MAX_S, &seg);
	for (int k = 0; k < FROM_LOCAL_SEGMENTS_MAX; k++) {
		int64_t u = local - seg.off_s;
		if (u >= seg.start && u < seg.end) {
			utc[found ? 1 : 0] = u;
			found++;
		}
		/* The clock jumped forward over `local` at this start. */
		if (seg.start > TT_TZ_FAR_PAST && seg.off_s > seg.prev_off_s &&
		    local >= seg.start + seg.prev_off_s &&
		    local < seg.start + seg.off_s) {
			gap = true;
			shifted = local - seg.prev_off_s;
		}
		if (seg.end >= TT_TZ_FAR_FUTURE ||
		    seg.end > local + TT_TZ_OFFSET_MAX_S)
			break;
		tt_tz_segment_at(tz, seg.end, &seg);
	}
	if (found >= 2)
		return TT_TZ_LOCAL_OVERLAP;
	if (found == 1)
		return TT_TZ_LOCAL_NORMAL;
	utc[0] = gap ? shifted : local - tt_tz_offset_at(tz, local);
	return TT_TZ_LOCAL_GAP;
}

/* ---- loading ---- */

static void set_name(tt_tz *tz, const char *name)
{
	snprintf(tz->name, sizeof tz->name, "%s", name);
}

void tt_tz_utc(tt_tz *out)
{
	memset(out, 0, sizeof *out);
	set_name(out, "UTC");
}

void tt_tz_release(tt_tz *tz)
{
	if (!tz)
		return;
	free(tz->trans);
	free(tz->off_after);
	tt_tz_utc(tz);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int64_t be64(const unsigned char *p)
{
	uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
	return (int64_t)v;
}

/* A TZif header's six counts, in the file's order. */
typedef struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chars;
} tzif_counts;

#define HEADER_LEN 44

static tt_code bad_file(tt_diag *d, tt_loc loc, const char *name,
                        const char *why)
{
	return tt_diag_set(d, TT_EINVAL, loc, "time zone '%s': %s", name, why);
}

/* The header at data[at]; its body's length. */
static tt_code read_header(const unsigned char *data, size_t n, size_t at,
                           int time_size, const char *name, tt_loc loc,
                           tzif_counts *c, size_t *body_len, tt_diag *d)
{
	if (n - at < HEADER_LEN || memcmp(data + at, "TZif", 4) != 0)
		return bad_file(d, loc, name, "not a TZif time zone file");
	const unsigned char *p = data + at + 20;
	c->isut = be32(p);
	c->isstd = be32(p + 4);
	c->leap = be32(p + 8);
	c->time = be32(p + 12);
	c->type = be32(p + 16);
	c->chars = be32(p + 20);
	if (c->type == 0 || c->type > 256 || c->chars == 0 || c->chars > 4096 ||
	    (c->isut && c->isut != c->type) ||
	    (c->isstd && c->isstd != c->type) ||
	    c->time > TT_TZ_TRANSITIONS_MAX || c->leap > 1024)
		return bad_file(d, loc, name,
		                "TZif header counts out of range");
	*body_len = (size_t)c->time * (size_t)(time_size + 1) +
	            (size_t)c->type * 6 + c->chars +
	            (size_t)c->leap * (size_t)(time_size + 4) + c->isstd +
	            c->isut;
	if (n - at - HEADER_LEN < *body_len)
		return bad_file(d, loc, name, "TZif file is truncated");
	return TT_OK;
}

/* The table of one body into tz (times of `time_size` bytes). */
static tt_code read_body(const unsigned char *body, const tzif_counts *c,
                         int time_size, const char *name, tt_loc loc, tt_tz *tz,
                         tt_diag *d)
{
	const unsigned char *idx = body + (size_t)c->time * time_size;
	const unsigned char *types = idx + c->time;
	int32_t offs[256];

	if (c->leap)
		return bad_file(d, loc, name,
		                "leap-second zones are not supported (use the "
		                "zone without 'right/')");
	for (uint32_t i = 0; i < c->type; i++) {
		int32_t off = (int32_t)be32(types + 6 * i);
		if (off < -TT_TZ_OFFSET_MAX_S || off > TT_TZ_OFFSET_MAX_S)
			return bad_file(d, loc, name,
			                "UTC offset out of range");
		offs[i] = off;
	}
	tz->initial_off = offs[0];
	if (c->time == 0)
		return TT_OK;
	tz->trans = malloc(c->time * sizeof *tz->trans);
	tz->off_after = malloc(c->time * sizeof *tz->off_after);
	if (!tz->trans || !tz->off_after)
		return tt_diag_nomem(d, loc);
	int64_t last = 0;
	for (uint32_t i = 0; i < c->time; i++) {
		const unsigned char *p = body + (size_t)i * time_size;
		int64_t at = time_size == 8 ? be64(p) : (int32_t)be32(p);
		if (idx[i] >= c->type)
			return bad_file(d, loc, name,
			                "transition names a missing type");
		if (i > 0 && at <= last)
			return bad_file(d, loc, name,
			                "transitions out of order");
		last = at;
		/* zic once wrote a first transition at -2^59 ("the big
		 * bang"): one that old only sets the offset before the
		 * table; one past the far future is never reached. */
		if (at <= TT_TZ_FAR_PAST) {
			tz->initial_off = offs[idx[i]];
			continue;
		}
		if (at >= TT_TZ_FAR_FUTURE)
			break;
		tz->trans[tz->count] = at;
		tz->off_after[tz->count++] = offs[idx[i]];
	}
	return TT_OK;
}

tt_code tt_tz_parse(const unsigned char *data, size_t n, const char *name,
                    tt_loc loc, tt_tz *out, tt_diag *d)
{
	tzif_counts c;
	size_t body_len;
	int time_size = 4;
	size_t at = 0;
	tt_code rc;

	tt_tz_utc(out);
	set_name(out, name);
	if (n > TT_TZ_FILE_MAX)
		return bad_file(d, loc, name, "file too large for a zone");
	if ((rc = read_header(data, n, 0, 4, name, loc, &c, &body_len, d)))
		return rc;
	/* Version 2 and later repeat the table with 64-bit times after
	 * the first one: skip to it. */
	if (data[4] >= '2') {
		at = HEADER_LEN + body_len;
		time_size = 8;
		if ((rc = read_header(data, n, at, 8, name, loc, &c, &body_len,
		                      d)))
			return rc;
	}
	if ((rc = read_body(data + at + HEADER_LEN, &c, time_size, name, loc,
	                    out, d)))
		goto fail;
	if (time_size == 8) {
		size_t f = at + HEADER_LEN + body_len;
		if (f >= n || data[f] != '\n') {
			rc = bad_file(d, loc, name, "TZif footer is missing");
			goto fail;
		}
		const unsigned char *nl = memchr(data + f + 1, '\n', n - f - 1);
		if (!nl) {
			rc = bad_file(d, loc, name, "TZif footer is missing");
			goto fail;
		}
		size_t len = (size_t)(nl - (data + f + 1));
		if (len > 0 && !tt_tz_rule_parse((const char *)data + f + 1,
		                                 len, &out->rule)) {
			rc = tt_diag_set(d, TT_EINVAL, loc,
			                 "time zone '%s': footer rule '%.*s' "
			                 "not understood",
			                 name, (int)(len > 64 ? 64 : len),
			                 (const char *)data + f + 1);
			goto fail;
		}
	}
	return TT_OK;
fail:
	tt_tz_release(out);
	set_name(out, name);
	return rc;
}

/* An IANA-looking name that cannot climb out of the zone directory. */
static bool valid_name(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len >= TT_TZ_NAME_MAX)
		return false;
	bool comp_start = true;
	for (size_t i = 0; i < len; i++) {
		char ch = name[i];
		if (ch == '/') {
			if (comp_start)
				return false; /* leading '/' or "//" */
			comp_start = true;
			continue;
		}
		if (!is_alpha(ch) && !is_digit(ch) && ch != '_' && ch != '-' &&
		    ch != '+')
			return false;
		comp_start = false;
	}
	return !comp_start;
}

/* Read a regular file of at most TT_TZ_FILE_MAX bytes.  ENOENT-like
 * failures set *missing. */
static tt_code read_zone_file(const char *path, const char *name, tt_loc loc,
                              unsigned char **buf, size_t *len, bool *missing,
                              tt_diag *d)
{
	struct stat st;
	*missing = false;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*missing = true;
			return TT_EINVAL;
		}
		return tt_diag_set(d, TT_EIO, loc,
		                   "time zone '%s': cannot read '%s': %s", name,
		                   path, strerror(errno));
	}
	tt_code rc = TT_OK;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*missing = true; /* "America" is a directory, not a zone */
		rc = TT_EINVAL;
		goto close_fd;
	}
	*buf = malloc(TT_TZ_FILE_MAX + 1);
	if (!*buf) {
		rc = tt_diag_nomem(d, loc);
		goto close_fd;
	}
	*len = 0;
	for (;;) {
		ssize_t got = read(fd, *buf + *len, TT_TZ_FILE_MAX + 1 - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = tt_diag_set(d, TT_EIO, loc,
			                 "time zone '%s': cannot read '%s': %s",
			                 name, path, strerror(errno));
			break;
		}
		if (got == 0)
			break;
		*len += (size_t)got;
		if (*len > TT_TZ_FILE_MAX) {
			rc = bad_file(d, loc, name,
			              "file too large for a zone");
			break;
		}
	}
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
close_fd:
	close(fd);
	return rc;
}

tt_code tt_tz_load(const char *name, const char *dir, tt_loc loc, tt_tz *out,
                   tt_diag *d)
{
	char path[1024];
	unsigned char *buf = NULL;
	size_t len = 0;
	bool missing;

	tt_tz_utc(out);
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		set_name(out, name);
		return TT_OK;
	}
	if (!valid_name(name))
		goto unknown;
	if (!dir)
		dir = TT_TZ_DIR_DEFAULT;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path)
		goto unknown;
	tt_code rc = read_zone_file(path, name, loc, &buf, &len, &missing, d);
	if (missing)
		goto unknown;
	if (rc)
		return rc;
	rc = tt_tz_parse(buf, len, name, loc, out, d);
	free(buf);
	return rc;
unknown:
	return tt_diag_set(d, TT_EINVAL, loc, "unknown time zone '%.*s'", 64,
	                   name);
}
