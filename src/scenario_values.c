/*
 * scenario_values.c - typed readers for scenario values.
 *
 * Durations, rates, delays, enums and names read the same way in every
 * section of a scenario, with the same messages.
 */
#include "scenario_values.h"

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

tt_code tt_sv_no_memory(tt_diag *d, tt_loc loc)
{
	return tt_diag_set(d, TT_ENOMEM, loc, "out of memory");
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
		return tt_sv_no_memory(d, (tt_loc){0});
	s->files = files;
	char *copy = tt_sv_strdup(name);
	if (!copy)
		return tt_sv_no_memory(d, (tt_loc){0});
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
	return tt_duration_parse(n->u.scalar.text, n->loc, out, d);
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
	*out = v;
	return TT_OK;

bad_rate:
	return tt_diag_set(d, TT_EINVAL, n->loc,
	                   "'%s' must be a number of invocations per minute "
	                   "or 'N/s', 'N/min', 'N/h', got '%s'",
	                   what, tt_sv_text(n));
}

/*
 * A delay drawn per instance: a duration (fixed), {dist: fixed, value: D}
 * or {dist: uniform, min: D, max: D}.
 */
tt_code tt_sv_delay(const tt_node *n, const char *what, tt_delay *out,
                    tt_diag *d)
{
	if (n->kind == TT_NODE_SCALAR) {
		tt_code rc = tt_sv_duration(n, what, &out->min_us, d);
		if (rc)
			return rc;
		out->kind = TT_DELAY_FIXED;
		out->max_us = out->min_us;
		return TT_OK;
	}
	char path[64];
	snprintf(path, sizeof path, "instance.%s", what);
	tt_code rc = tt_node_expect_map(n, what, d);
	if (rc)
		return rc;
	const tt_node *dist;
	rc = tt_node_require(n, path, "dist", &dist, d);
	if (rc)
		return rc;
	static const char *const dists[] = {"fixed", "uniform", NULL};
	int kind;
	rc = tt_sv_enum(dist, "dist", dists, &kind, d);
	if (rc)
		return rc;
	if (kind == 0) {
		static const char *const keys[] = {"dist", "value", NULL};
		const tt_node *v;
		if ((rc = tt_node_check_keys(n, path, keys, d)) ||
		    (rc = tt_node_require(n, path, "value", &v, d)) ||
		    (rc = tt_sv_duration(v, "value", &out->min_us, d)))
			return rc;
		out->kind = TT_DELAY_FIXED;
		out->max_us = out->min_us;
		return TT_OK;
	}
	static const char *const keys[] = {"dist", "min", "max", NULL};
	const tt_node *lo, *hi;
	if ((rc = tt_node_check_keys(n, path, keys, d)) ||
	    (rc = tt_node_require(n, path, "min", &lo, d)) ||
	    (rc = tt_node_require(n, path, "max", &hi, d)) ||
	    (rc = tt_sv_duration(lo, "min", &out->min_us, d)) ||
	    (rc = tt_sv_duration(hi, "max", &out->max_us, d)))
		return rc;
	if (out->min_us > out->max_us)
		return tt_diag_set(d, TT_EINVAL, lo->loc,
		                   "'min' must be <= 'max', got %s > %s",
		                   tt_sv_text(lo), tt_sv_text(hi));
	out->kind = TT_DELAY_UNIFORM;
	return TT_OK;
}
