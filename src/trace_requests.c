/*
 * trace_requests.c - a per-request CSV trace, read as a stream of points.
 *
 * One row per request: a time (calendar, with fractions of a second down
 * to the 100 ns of .NET's seven digits, or seconds) and any other columns
 * as numeric attributes of the request (prompt and output tokens in the
 * Azure LLM inference traces):
 *
 *   TIMESTAMP,ContextTokens,GeneratedTokens
 *   2023-11-16 18:17:03.9799600,4808,10
 *
 * Each row becomes a point (len 0, count 1) at its time from the first
 * row, carrying its attributes in the order of the source's attr_names
 * (the header's names, or "col2", "col3"... without a header).  Rows may
 * share a time but must not go back.  The header is optional: a first
 * line whose time cell is not a time is one (and one is required to choose
 * the time column by name).  Several files are read one after another,
 * with the same columns.  Memory: one line and one row of attributes.
 */
#include "trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

typedef struct requests {
	tt_source base;
	const tt_trace_spec *spec;
	tt_loc where;

	tt_csv_files in;
	size_t n_cols;   /* of the first file; every file has as many */
	size_t time_col; /* of the open file, 0-based */

	char **names; /* attribute names, owned */
	size_t *attr_cols;
	double *attrs; /* the current row's attributes */
	size_t n_attrs;

	tt_time_kind kind;
	int64_t first_abs_us;
	bool have_prev;
	int64_t prev_abs_us;
	size_t prev_file;
	char prev_text[TT_CSV_QUOTE_SIZE];

	bool have_ahead; /* the first row, read at open */
	tt_time_us ahead_us;
	bool ended;
	tt_source_failure fail; /* a bad row stops the stream for good */
} requests;

/* Attribute names and columns, from the first file's first line. */
static tt_code setup_attrs(requests *rq, tt_diag *d)
{
	tt_csv *c = &rq->in.csv;
	size_t n = c->n_fields - 1;
	tt_loc loc = {c->name, 0, 0};
	if (rq->names)
		return TT_OK; /* a rewind: the names from the first pass stay */
	rq->n_attrs = n;
	if (n == 0)
		return TT_OK;
	rq->names = calloc(n, sizeof *rq->names);
	rq->attr_cols = calloc(n, sizeof *rq->attr_cols);
	rq->attrs = calloc(n, sizeof *rq->attrs);
	if (!rq->names || !rq->attr_cols || !rq->attrs)
		return tt_diag_nomem(d, loc);
	size_t k = 0;
	for (size_t i = 0; i < c->n_fields; i++) {
		if (i == rq->time_col)
			continue;
		size_t len = 16;
		const char *t = NULL;
		if (rq->in.header)
			t = tt_csv_text(c, i, &len);
		char *name = malloc(len + 1);
		if (!name)
			return tt_diag_nomem(d, loc);
		if (t) {
			memcpy(name, t, len);
			name[len] = '\0';
		} else {
			snprintf(name, len + 1, "col%zu", i + 1);
		}
		rq->names[k] = name;
		rq->attr_cols[k++] = i;
	}
	rq->base.attr_names = (const char *const *)rq->names;
	rq->base.n_attrs = n;
	return TT_OK;
}

/* The first line of a file: a header or not, and where the time is. */
static tt_code start_file(requests *rq, tt_diag *d)
{
	const tt_trace_spec *spec = rq->spec;
	tt_csv *c = &rq->in.csv;
	tt_code rc;
	rq->in.started = true;
	if (rq->in.file > 0 && (rc = tt_csv_expect_columns(c, rq->n_cols, d)))
		return rc;
	size_t probe = spec->time.index > 0 ? (size_t)spec->time.index - 1 : 0;
	rq->in.header = spec->time.name || probe >= c->n_fields ||
	                !tt_csv_is_time(c, probe);
	if ((rc = tt_csv_find_column(c, &spec->time, "time", 0, &rq->time_col,
	                             d)))
		return rc;
	if (rq->in.file == 0) {
		rq->n_cols = c->n_fields;
		return setup_attrs(rq, d);
	}
	return TT_OK;
}

/*
 * A row's time from the first row's, abs_us - first_us, or false when the
 * difference leaves int64 microseconds (times in seconds reach +-9e12 s,
 * so two of them can be further apart than a time holds).
 */
static bool since_first(int64_t abs_us, int64_t first_us, tt_time_us *out)
{
	if (first_us < 0 ? abs_us > INT64_MAX + first_us
	                 : abs_us < INT64_MIN + first_us)
		return false;
	*out = abs_us - first_us;
	return true;
}

/* The next request's time (from the first row) and attributes. */
static tt_code read_row(requests *rq, tt_time_us *t_us, bool *got, tt_diag *d)
{
	tt_csv *c = &rq->in.csv;
	tt_code rc;
	for (;;) {
		if ((rc = tt_csv_next(c, got, d)))
			return rc;
		if (!*got) {
			bool more;
			rc = tt_csv_files_next(&rq->in, rq->spec, rq->where,
			                       &more, d);
			if (rc || !more)
				return rc;
			continue;
		}
		if (!rq->in.started) {
			if ((rc = start_file(rq, d)))
				return rc;
			if (rq->in.header)
				continue;
		} else if ((rc = tt_csv_expect_columns(c, rq->n_cols, d))) {
			return rc;
		}
		int64_t abs_us;
		if ((rc = tt_csv_time(c, rq->time_col, &rq->kind, &abs_us, d)))
			return rc;
		char q[TT_CSV_QUOTE_SIZE];
		if (rq->have_prev && abs_us < rq->prev_abs_us) {
			char also[TT_DIAG_FILE_MAX + 40] = "";
			if (rq->prev_file != rq->in.file)
				snprintf(also, sizeof also,
				         " (the last row of '%s')",
				         tt_trace_file_name(rq->spec,
				                            rq->prev_file));
			return tt_diag_set(d, TT_EINVAL,
			                   tt_csv_loc(c, rq->time_col),
			                   "timestamps must not go back: row "
			                   "time '%s' is before '%s'%s",
			                   tt_csv_quote(c, rq->time_col, q),
			                   rq->prev_text, also);
		}
		for (size_t k = 0; k < rq->n_attrs; k++) {
			size_t col = rq->attr_cols[k], n;
			const char *t = tt_csv_text(c, col, &n);
			if (!tt_csv_decimal(t, n, &rq->attrs[k]))
				return tt_diag_set(
				        d, TT_ESYNTAX, tt_csv_loc(c, col),
				        "expected a number for '%s' (column "
				        "%zu), got '%s'",
				        rq->names[k], col + 1,
				        tt_csv_quote(c, col, q));
			if (!(fabs(rq->attrs[k]) <= TT_WORKLOAD_VALUE_MAX))
				return tt_diag_set(
				        d, TT_ERANGE, tt_csv_loc(c, col),
				        "'%s' is too %s, got '%s' (at "
				        "%s" TT_LIMIT_TEXT(
				                TT_WORKLOAD_VALUE_MAX) ")",
				        rq->names[k],
				        rq->attrs[k] > 0 ? "large" : "small",
				        tt_csv_quote(c, col, q),
				        rq->attrs[k] > 0 ? "most " : "least -");
		}
		if (!rq->have_prev)
			rq->first_abs_us = abs_us;
		if (!since_first(abs_us, rq->first_abs_us, t_us))
			return tt_diag_set(
			        d, TT_ERANGE, tt_csv_loc(c, rq->time_col),
			        "row time '%s' is too far from the first row's "
			        "(at most about 292,000 years)",
			        tt_csv_quote(c, rq->time_col, q));
		rq->have_prev = true;
		rq->prev_abs_us = abs_us;
		rq->prev_file = rq->in.file;
		tt_csv_quote(c, rq->time_col, rq->prev_text);
		rq->in.has_rows = true;
		return TT_OK;
	}
}

static tt_code requests_next(tt_source *src, tt_interval *out, bool *end,
                             tt_diag *d)
{
	requests *rq = (requests *)src;
	*end = false;
	if (tt_source_failed(&rq->fail, d))
		return rq->fail.code;
	if (rq->ended) {
		*end = true;
		return TT_OK;
	}
	tt_time_us t = rq->ahead_us;
	if (rq->have_ahead) {
		rq->have_ahead = false;
	} else {
		bool got;
		tt_code rc = read_row(rq, &t, &got, &rq->fail.diag);
		if (rc)
			return tt_source_fail(&rq->fail, rc, d);
		if (!got) {
			rq->ended = *end = true;
			return TT_OK;
		}
	}
	*out = (tt_interval){t, 0, 1, rq->n_attrs ? rq->attrs : NULL};
	return TT_OK;
}

static tt_code requests_rewind(tt_source *src, tt_diag *d)
{
	requests *rq = (requests *)src;
	tt_code rc;
	if (tt_source_failed(&rq->fail, d))
		return rq->fail.code;
	rc = tt_csv_files_rewind(&rq->in, rq->spec, rq->where, d);
	if (rc)
		return rc;
	rq->have_prev = rq->have_ahead = rq->ended = false;
	return TT_OK;
}

static void requests_close(tt_source *src)
{
	requests *rq = (requests *)src;
	tt_csv_close(&rq->in.csv);
	for (size_t i = 0; i < rq->n_attrs && rq->names; i++)
		free(rq->names[i]);
	free(rq->names);
	free(rq->attr_cols);
	free(rq->attrs);
	free(rq);
}

static const tt_source_ops requests_ops = {.next = requests_next,
                                           .rewind = requests_rewind,
                                           .close = requests_close};

tt_code tt_trace_requests_open(const tt_trace_spec *spec, tt_loc where,
                               tt_diag_list *notes, tt_source **out, tt_diag *d)
{
	(void)notes; /* nothing to warn about: every row is one request */
	tt_code rc;
	bool got;
	if (spec->n_paths == 0)
		return tt_diag_set(d, TT_EINVAL, where,
		                   "the trace names no file");
	requests *rq = calloc(1, sizeof *rq);
	if (!rq)
		return tt_diag_nomem(d, where);
	rq->base.ops = &requests_ops;
	rq->spec = spec;
	rq->where = where;
	rc = tt_csv_open_file(&rq->in.csv, spec, 0, where, d);
	if (rc)
		goto fail_free;
	/* The first row fixes the time kind and the origin. */
	if ((rc = read_row(rq, &rq->ahead_us, &got, d)))
		goto fail_free;
	rq->have_ahead = true;
	if (rq->kind == TT_TIME_CALENDAR) {
		rq->base.wallclock = true;
		rq->base.origin_unix_s = tt_unix_s_floor(rq->first_abs_us);
	}
	*out = &rq->base;
	return TT_OK;

fail_free:
	requests_close(&rq->base);
	return rc;
}
