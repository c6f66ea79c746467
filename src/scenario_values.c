/*
 * scenario_values.c - typed readers for scenario values.
 *
 * Durations, rates, drawn durations, enums and names read the same way
 * in every section of a scenario, with the same messages.
 */
#include "scenario_values.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *tt_sv_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/*
 * Keep `name` alive for the scenario's life and return the kept copy in
 * *out: locations point at it.
 */
tt_code tt_sv_keep_file(tt_scenario *s, const char *name, const char **out,
                        tt_diag *d)
{
	char **files = realloc(s->files, (s->n_files + 1) * sizeof *files);
	if (!files)
		return tt_diag_nomem(d, (tt_loc){0});
	s->files = files;
	char *copy = tt_sv_strdup(name);
	if (!copy)
		return tt_diag_nomem(d, (tt_loc){0});
	s->files[s->n_files++] = copy;
	*out = copy;
	return TT_OK;
}

/*
 * A relative `path` written in the scenario is relative to the scenario
 * file's directory `dir` (NULL or empty: the current directory, and the path
 * is used as written).  Returns a malloc'd string or NULL.
 */
char *tt_sv_resolve_path(const char *dir, const char *path)
{
	if (path[0] == '/' || !dir || !dir[0])
		return tt_sv_strdup(path);
	size_t dl = strlen(dir), pl = strlen(path);
	bool slash = dir[dl - 1] == '/';
	char *p = malloc(dl + !slash + pl + 1);
	if (!p)
		return NULL;
	memcpy(p, dir, dl);
	if (!slash)
		p[dl] = '/';
	memcpy(p + dl + !slash, path, pl + 1);
	return p;
}

/* The directory part of `path` (malloc'd), or NULL when it has none. */
char *tt_sv_dir_of(const char *path, bool *failed)
{
	*failed = false;
	const char *slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	char *dir = malloc(n + 1);
	if (!dir) {
		*failed = true;
		return NULL;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	return dir;
}

/* A file's base name without its extension (malloc'd), "scenario.yaml" ->
 * "scenario"; a leading dot is not an extension. */
char *tt_sv_stem_of(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, base, n);
	p[n] = '\0';
	return p;
}

/* The text of a scalar as written, for "got X" in messages. */
const char *tt_sv_text(const tt_node *n)
{
	return n->kind == TT_NODE_SCALAR ? n->u.scalar.text
	                                 : tt_node_kind_name(n);
}

/* "300s", "1.5s": a time for messages; buf holds 32 bytes. */
const char *tt_sv_secs(tt_time_us t, char *buf)
{
	char num[24];
	snprintf(buf, 32, "%ss", tt_time_format_s(t, num));
	return buf;
}

/* A non-empty string value. */
tt_code tt_sv_name(const tt_node *n, const char *what, const char **out,
                   tt_diag *d)
{
	tt_code rc = tt_node_string(n, what, out, d);
	if (rc)
		return rc;
	if (!(*out)[0])
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'%s' must not be empty", what);
	return TT_OK;
}

/* One of `names` (NULL-terminated); *out is its index. */
tt_code tt_sv_enum(const tt_node *n, const char *what, const char *const *names,
                   int *out, tt_diag *d)
{
	const char *v;
	tt_code rc = tt_node_string(n, what, &v, d);
	if (rc)
		return rc;
	char list[160];
	size_t used = 0;
	for (int i = 0; names[i]; i++) {
		if (!strcmp(v, names[i])) {
			*out = i;
			return TT_OK;
		}
		const char *sep = !i ? "" : names[i + 1] ? ", " : " or ";
		int w = snprintf(list + used, sizeof list - used, "%s'%s'", sep,
		                 names[i]);
		if (w > 0 && (size_t)w < sizeof list - used)
			used += (size_t)w;
	}
	return tt_diag_set(d, TT_EINVAL, n->loc, "'%s' must be %s, got '%s'",
	                   what, list, v);
}

tt_code tt_sv_too_large(tt_diag *d, tt_loc loc, const char *what,
                        const char *got, const char *max)
{
	return tt_diag_set(d, TT_ERANGE, loc,
	                   "'%s' is too large, got %s (at most %s)", what, got,
	                   max);
}

tt_code tt_sv_duration_bound(tt_time_us v, tt_loc loc, const char *what,
                             const char *got, tt_diag *d)
{
	if (v <= TT_SV_DURATION_MAX_US)
		return TT_OK;
	return tt_sv_too_large(d, loc, what, got,
	                       TT_LIMIT_TEXT(TT_SV_DURATION_MAX_DAYS) "d");
}

/* A finite number >= lo. */
tt_code tt_sv_number_ge(const tt_node *n, const char *what, double lo,
                        double *out, tt_diag *d)
{
	tt_code rc = tt_node_number(n, what, out, d);
	if (rc)
		return rc;
	if (*out < lo)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must be >= %g, got %s", what, lo,
		                   tt_sv_text(n));
	return TT_OK;
}

/* A duration scalar: `90` (seconds), `90s`, `5m`, `250ms`, `2h`, `1d`. */
tt_code tt_sv_duration(const tt_node *n, const char *what, tt_time_us *out,
                       tt_diag *d)
{
	if (n->kind != TT_NODE_SCALAR)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "expected a duration for '%s', got a %s",
		                   what, tt_node_kind_name(n));
	tt_code rc = tt_duration_parse(n->u.scalar.text, n->loc, out, d);
	if (rc)
		return rc;
	return tt_sv_duration_bound(*out, n->loc, what, n->u.scalar.text, d);
}

tt_code tt_sv_positive_duration(const tt_node *n, const char *what,
                                tt_time_us *out, tt_diag *d)
{
	tt_code rc = tt_sv_duration(n, what, out, d);
	if (rc)
		return rc;
	if (*out <= 0)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must be > 0, got %s", what,
		                   tt_sv_text(n));
	return TT_OK;
}

/*
 * The digits of a decimal number at the start of `t`: [+-]d[.d][e[+-]d].
 * Returns how many bytes it spans, 0 when `t` does not start with one.
 * strtod alone would also take "inf", "nan", hex and leading blanks.
 */
size_t tt_sv_number_span(const char *t)
{
	size_t i = 0, digits = 0;
	if (t[i] == '+' || t[i] == '-')
		i++;
	for (; t[i] >= '0' && t[i] <= '9'; i++)
		digits++;
	if (t[i] == '.')
		for (i++; t[i] >= '0' && t[i] <= '9'; i++)
			digits++;
	if (!digits)
		return 0;
	if (t[i] == 'e' || t[i] == 'E') {
		size_t j = i + 1;
		if (t[j] == '+' || t[j] == '-')
			j++;
		if (t[j] >= '0' && t[j] <= '9') {
			while (t[j] >= '0' && t[j] <= '9')
				j++;
			i = j;
		}
	}
	return i;
}

/*
 * A rate in invocations per minute: a plain number (per minute) or a string
 * "N/s", "N/min", "N/h", converted to per minute.
 */
tt_code tt_sv_rate(const tt_node *n, const char *what, double *out, tt_diag *d)
{
	double v;
	if (tt_node_is_number(n)) {
		tt_code rc = tt_node_number(n, what, &v, d);
		if (rc)
			return rc;
	} else {
		const char *t;
		tt_code rc = tt_node_string(n, what, &t, d);
		if (rc)
			return rc;
		size_t span = tt_sv_number_span(t);
		char num[64];
		if (!span || span >= sizeof num)
			goto bad_rate;
		memcpy(num, t, span);
		num[span] = '\0';
		v = strtod(num, NULL);
		if (!strcmp(t + span, "/s"))
			v *= 60;
		else if (!strcmp(t + span, "/min"))
			;
		else if (!strcmp(t + span, "/h"))
			v /= 60;
		else
			goto bad_rate;
		if (!isfinite(v))
			goto bad_rate;
	}
	if (v < 0)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must be >= 0, got %s", what,
		                   tt_sv_text(n));
	if (v > TT_WORKLOAD_RATE_MAX)
		return tt_sv_too_large(
		        d, n->loc, what, tt_sv_text(n),
		        TT_LIMIT_TEXT(TT_WORKLOAD_RATE_MAX) "/min");
	*out = v;
	return TT_OK;

bad_rate:
	return tt_diag_set(d, TT_EINVAL, n->loc,
	                   "'%s' must be a number of invocations per minute "
	                   "or 'N/s', 'N/min', 'N/h', got '%s'",
	                   what, tt_sv_text(n));
}

/* ---- drawn durations: the delays and the service time ---- */

/*
 * What one drawn duration of the scenario is: its path, for messages
 * ("instance.provisioning"), and whether it is drawn per request (a
 * service time: it may be linear in a request attribute, and its draws
 * must not all be 0, or the mean service time would be 0).
 */
typedef struct drawn_use {
	char path[64];
	bool per_request;
} drawn_use;

/* Append one sample, growing the array by doubling. */
static tt_code push_sample(tt_drawn_duration *out, size_t *cap, tt_time_us v,
                           tt_loc loc, tt_diag *d)
{
	if (out->n_samples == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		tt_time_us *p = realloc(out->samples_us, n * sizeof *p);
		if (!p)
			return tt_diag_nomem(d, loc);
		out->samples_us = p;
		*cap = n;
	}
	out->samples_us[out->n_samples++] = v;
	return TT_OK;
}

/* `samples: [D, ...]`: at least one duration. */
static tt_code drawn_samples(const tt_node *n, tt_drawn_duration *out,
                             tt_diag *d)
{
	tt_code rc = tt_node_expect_seq(n, "samples", d);
	if (rc)
		return rc;
	if (!n->u.seq.count)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'samples' must not be empty");
	out->samples_us = calloc(n->u.seq.count, sizeof *out->samples_us);
	if (!out->samples_us)
		return tt_diag_nomem(d, n->loc);
	for (size_t i = 0; i < n->u.seq.count; i++) {
		if ((rc = tt_sv_duration(n->u.seq.items[i], "samples",
		                         &out->samples_us[i], d)))
			return rc;
		out->n_samples++;
	}
	return TT_OK;
}

/*
 * The lines of a samples file, already read into `text` (NUL-terminated,
 * modified in place): one duration per line, `#` starts a comment, blank
 * lines are skipped.  Errors point at the duration's line and column.
 */
static tt_code parse_samples(char *text, size_t len, const char *name,
                             tt_drawn_duration *out, tt_diag *d)
{
	size_t cap = 0;
	int line = 0;
	char *end = text + len;

	for (char *p = text; p < end; p++) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		line++;
		char *nul = memchr(p, '\0', (size_t)(eol - p));
		if (nul)
			return tt_diag_set(
			        d, TT_ESYNTAX,
			        (tt_loc){name, line, (int)(nul - p) + 1},
			        "unexpected NUL byte");
		char *stop = memchr(p, '#', (size_t)(eol - p));
		if (!stop)
			stop = eol;
		char *b = p;
		while (b < stop && (*b == ' ' || *b == '\t'))
			b++;
		while (stop > b && (stop[-1] == ' ' || stop[-1] == '\t' ||
		                    stop[-1] == '\r'))
			stop--;
		if (b < stop) {
			tt_loc loc = {name, line, (int)(b - p) + 1};
			tt_time_us v;
			*stop = '\0';
			tt_code rc = tt_duration_parse(b, loc, &v, d);
			if (rc ||
			    (rc = tt_sv_duration_bound(v, loc, "samples", b,
			                               d)) ||
			    (rc = push_sample(out, &cap, v, loc, d)))
				return rc;
		}
		p = eol;
	}
	return TT_OK;
}

/* A file named by the scenario: resolved, kept, and known to open. */
tt_code tt_sv_open_file(tt_scenario *s, const tt_node *n, const char *dir,
                        const char *what, const char **kept, tt_diag *d)
{
	const char *rel;
	tt_code rc;

	if ((rc = tt_sv_name(n, "file", &rel, d)))
		return rc;
	char *path = tt_sv_resolve_path(dir, rel);
	if (!path)
		return tt_diag_nomem(d, n->loc);
	rc = tt_sv_keep_file(s, path, kept, d);
	free(path);
	if (rc)
		return rc;
	/* Say a missing file where the scenario names it, not in the void. */
	FILE *f = fopen(*kept, "rb");
	if (!f)
		return tt_diag_set(d, TT_EIO, n->loc, "cannot open %s '%s': %s",
		                   what, *kept, strerror(errno));
	fclose(f);
	return TT_OK;
}

/* `file: PATH`: a samples file, relative to the scenario's directory. */
static tt_code drawn_file(tt_scenario *s, const tt_node *n, const char *dir,
                          tt_drawn_duration *out, tt_diag *d)
{
	const char *kept;
	char *text = NULL;
	size_t len;
	tt_code rc;

	if ((rc = tt_sv_open_file(s, n, dir, "samples file", &kept, d)) ||
	    (rc = tt_read_file(kept, kept, &text, &len, d)))
		return rc;
	rc = parse_samples(text, len, kept, out, d);
	free(text);
	if (!rc && !out->n_samples)
		rc = tt_diag_set(d, TT_EINVAL, n->loc, "no durations in '%s'",
		                 kept);
	return rc;
}

/* `{dist: empirical, samples: [...]}` or `{dist: empirical, file: P}`. */
static tt_code drawn_empirical(tt_scenario *s, const tt_node *map,
                               const char *dir, const drawn_use *use,
                               tt_drawn_duration *out, tt_diag *d)
{
	const tt_node *samples = tt_node_map_get(map, "samples");
	const tt_node_entry *file = tt_node_map_find(map, "file");
	tt_code rc;

	if (samples && file)
		return tt_diag_set(d, TT_EINVAL, file->key_loc,
		                   "'%s' takes either 'samples' or 'file', "
		                   "not both",
		                   use->path);
	if (!samples && !file)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "'%s' of kind empirical needs 'samples' or "
		                   "'file'",
		                   use->path);
	rc = samples ? drawn_samples(samples, out, d)
	             : drawn_file(s, file->value, dir, out, d);
	if (rc || !use->per_request)
		return rc;
	/* All zero would make the mean service time zero. */
	for (size_t i = 0; i < out->n_samples; i++)
		if (out->samples_us[i] > 0)
			return TT_OK;
	return tt_diag_set(d, TT_EINVAL,
	                   samples ? samples->loc : file->value->loc,
	                   "the samples of '%s' must not all be 0", use->path);
}

/*
 * `{dist: uniform, min: D, max: D}` with min <= max, every whole
 * microsecond between them equally likely; a service time's max > 0.
 */
static tt_code drawn_uniform(const tt_node *map, const drawn_use *use,
                             tt_drawn_duration *out, tt_diag *d)
{
	const tt_node *lo, *hi;
	tt_code rc;

	if ((rc = tt_node_require(map, use->path, "min", &lo, d)) ||
	    (rc = tt_node_require(map, use->path, "max", &hi, d)) ||
	    (rc = tt_sv_duration(lo, "min", &out->min_us, d)) ||
	    (rc = use->per_request
	                  ? tt_sv_positive_duration(hi, "max", &out->max_us, d)
	                  : tt_sv_duration(hi, "max", &out->max_us, d)))
		return rc;
	if (out->min_us > out->max_us)
		return tt_diag_set(d, TT_EINVAL, lo->loc,
		                   "'min' must be <= 'max', got %s > %s",
		                   tt_sv_text(lo), tt_sv_text(hi));
	return TT_OK;
}

/* `{dist: lognormal, median: D, p99: D}` with 0 < median < p99. */
static tt_code drawn_lognormal(const tt_node *map, const drawn_use *use,
                               tt_drawn_duration *out, tt_diag *d)
{
	const tt_node *median, *p99;
	tt_code rc;

	if ((rc = tt_node_require(map, use->path, "median", &median, d)) ||
	    (rc = tt_node_require(map, use->path, "p99", &p99, d)) ||
	    (rc = tt_sv_positive_duration(median, "median", &out->median_us,
	                                  d)) ||
	    (rc = tt_sv_positive_duration(p99, "p99", &out->p99_us, d)))
		return rc;
	if (out->p99_us <= out->median_us)
		return tt_diag_set(d, TT_EINVAL, p99->loc,
		                   "'p99' must be > 'median', got %s <= %s",
		                   tt_sv_text(p99), tt_sv_text(median));
	/* Both are whole microseconds below 2^53: the quotient is exact
	 * enough to compare. */
	if ((double)out->p99_us / (double)out->median_us >
	    TT_DRAWN_LOGNORMAL_RATIO_MAX) {
		char max[TT_DIAG_MSG_MAX / 4];
		snprintf(max, sizeof max, "%s x 'median', %s",
		         TT_LIMIT_TEXT(TT_DRAWN_LOGNORMAL_RATIO_MAX),
		         tt_sv_text(median));
		return tt_sv_too_large(d, p99->loc, "p99", tt_sv_text(p99),
		                       max);
	}
	return TT_OK;
}

/* `{dist: linear, attribute: NAME, base: D, per_unit: D}`. */
static tt_code drawn_linear(const tt_node *map, const drawn_use *use,
                            tt_drawn_duration *out, tt_diag *d)
{
	const tt_node *attr, *per, *base;
	const char *name;
	tt_time_us per_us;
	tt_code rc;

	if ((rc = tt_node_require(map, use->path, "attribute", &attr, d)) ||
	    (rc = tt_node_require(map, use->path, "per_unit", &per, d)) ||
	    (rc = tt_sv_name(attr, "attribute", &name, d)))
		return rc;
	if ((base = tt_node_map_get(map, "base")) &&
	    (rc = tt_sv_duration(base, "base", &out->base_us, d)))
		return rc;
	if ((rc = tt_sv_duration(per, "per_unit", &per_us, d)))
		return rc;
	out->per_unit_us = (double)per_us;
	if (!(out->attribute = tt_sv_strdup(name)))
		return tt_diag_nomem(d, attr->loc);
	/* A missing attribute is found when the run opens the workload:
	 * point there at the name. */
	out->loc = attr->loc;
	return TT_OK;
}

/*
 * `dist:` by the one vocabulary (drawn_duration.h): a canonical name or
 * an alias.  A name it does not know is refused with the canonical names
 * this use takes; `linear` is refused for what is drawn per instance,
 * which has no request to read an attribute from.
 */
static tt_code drawn_kind(const tt_node *dist, const drawn_use *use,
                          tt_drawn_kind *out, tt_diag *d)
{
	const char *names[TT_DRAWN_KIND_COUNT + 1];
	int n = 0;
	const char *v;
	tt_code rc = tt_node_string(dist, "dist", &v, d);
	if (rc)
		return rc;
	for (int k = 0; k < TT_DRAWN_KIND_COUNT; k++)
		if (use->per_request || k != TT_DRAWN_LINEAR)
			names[n++] = tt_drawn_kind_name((tt_drawn_kind)k);
	names[n] = NULL;
	if (!tt_drawn_kind_parse(v, out)) {
		int unused;
		/* Not a name: tt_sv_enum says so, listing the names. */
		return tt_sv_enum(dist, "dist", names, &unused, d);
	}
	if (*out == TT_DRAWN_LINEAR && !use->per_request)
		return tt_diag_set(d, TT_EINVAL, dist->loc,
		                   "'%s' cannot be of kind linear: it is drawn "
		                   "per instance, and only a request has "
		                   "attributes",
		                   use->path);
	return TT_OK;
}

tt_code tt_sv_drawn(tt_scenario *s, const tt_node *n, const char *dir,
                    const char *what, tt_sv_drawn_per per,
                    tt_drawn_duration *out, tt_diag *d)
{
	/* The keys of each kind, by tt_drawn_kind. */
	static const char *const keys[TT_DRAWN_KIND_COUNT][5] = {
	        {"dist", "value", NULL},
	        {"dist", "min", "max", NULL},
	        {"dist", "mean", NULL},
	        {"dist", "median", "p99", NULL},
	        {"dist", "samples", "file", NULL},
	        {"dist", "attribute", "base", "per_unit", NULL},
	};
	drawn_use use = {.per_request = per == TT_SV_PER_REQUEST};
	const tt_node *dist, *v;
	tt_code rc;

	/* a key of `instance:`, or a whole path; messages about the value
	 * itself name its key */
	const char *dot = strrchr(what, '.');
	snprintf(use.path, sizeof use.path, "%s%s", dot ? "" : "instance.",
	         what);
	if (dot)
		what = dot + 1;
	memset(out, 0, sizeof *out);
	out->loc = n->loc;
	/* A duration alone is fixed; a service time of 0 would serve
	 * infinitely fast, a delay of 0 is SPEC 11's instant change. */
	if (n->kind == TT_NODE_SCALAR) {
		out->kind = TT_DRAWN_FIXED;
		return use.per_request
		               ? tt_sv_positive_duration(n, what,
		                                         &out->value_us, d)
		               : tt_sv_duration(n, what, &out->value_us, d);
	}
	if (n->kind != TT_NODE_MAP)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "expected a duration or a map for '%s', got "
		                   "a %s",
		                   what, tt_node_kind_name(n));
	if ((rc = tt_node_require(n, use.path, "dist", &dist, d)) ||
	    (rc = drawn_kind(dist, &use, &out->kind, d)) ||
	    (rc = tt_node_check_keys(n, use.path, keys[out->kind], d)))
		return rc;
	switch (out->kind) {
	case TT_DRAWN_FIXED:
		if ((rc = tt_node_require(n, use.path, "value", &v, d)))
			return rc;
		return use.per_request
		               ? tt_sv_positive_duration(v, "value",
		                                         &out->value_us, d)
		               : tt_sv_duration(v, "value", &out->value_us, d);
	case TT_DRAWN_UNIFORM:
		return drawn_uniform(n, &use, out, d);
	case TT_DRAWN_EXPONENTIAL:
		if ((rc = tt_node_require(n, use.path, "mean", &v, d)))
			return rc;
		return tt_sv_positive_duration(v, "mean", &out->mean_us, d);
	case TT_DRAWN_LOGNORMAL:
		return drawn_lognormal(n, &use, out, d);
	case TT_DRAWN_EMPIRICAL:
		return drawn_empirical(s, n, dir, &use, out, d);
	case TT_DRAWN_LINEAR:
		break;
	}
	return drawn_linear(n, &use, out, d);
}
