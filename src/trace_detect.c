/*
 * trace_detect.c - telling a trace's format from its first lines.
 *
 * When a scenario leaves `format` out, the first file decides:
 *
 *   a .json name, or text starting with '{'   cloudwatch, when the first
 *                                             64 KiB name "Datapoints" or
 *                                             "MetricDataResults"
 *   a header HashOwner,HashApp,HashFunction,  azure-functions
 *   Trigger,...
 *   two columns, a time and a number          counts, unless the times
 *                                             have fractions of a second
 *                                             or repeat: then requests
 *   one column of times, or three and more    requests
 *
 * Only the first DETECT_LINES lines are looked at, so detection costs
 * nothing on a long trace; the reader then checks every row.  What was
 * detected, and why, becomes a note, so a surprise is visible and the
 * scenario can say `format` instead.
 */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"

#define DETECT_LINES 32
#define JSON_PROBE 65536

/*
 * The names a scenario's `format` uses, in the enum's order (the one
 * list: the scenario's reader, the detection's note and its error all
 * read it).
 */
static const char *const format_names[] = {
        [TT_TRACE_AUTO] = "auto",
        [TT_TRACE_COUNTS] = "counts",
        [TT_TRACE_REQUESTS] = "requests",
        [TT_TRACE_AZURE_FUNCTIONS] = "azure-functions",
        [TT_TRACE_CLOUDWATCH] = "cloudwatch",
        NULL,
};

const char *const *tt_trace_format_names(void)
{
	return format_names;
}

const char *tt_trace_format_name(tt_trace_format f)
{
	if ((size_t)f >= sizeof format_names / sizeof format_names[0] - 1)
		return format_names[TT_TRACE_AUTO];
	return format_names[f];
}

static tt_code cannot_tell(const tt_trace_spec *spec, tt_loc where, tt_diag *d)
{
	char list[128];
	size_t used = 0;
	list[0] = '\0';
	/* every name but "auto", which is what failed */
	for (size_t i = TT_TRACE_AUTO + 1; format_names[i]; i++)
		used += (size_t)snprintf(
		        list + used, sizeof list - used, "%s%s",
		        i > TT_TRACE_AUTO + 1 ? ", " : "", format_names[i]);
	return tt_diag_set(d, TT_EINVAL, where,
	                   "cannot tell the format of '%s': set "
	                   "workload.trace.format to one of %s",
	                   tt_trace_file_name(spec, 0), list);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* `needle` in buf[0..n), which may hold NUL bytes. */
static bool contains(const char *buf, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (const char *p = buf; (size_t)(p - buf) + m <= n; p++) {
		p = memchr(p, needle[0], n - (size_t)(p - buf) - m + 1);
		if (!p)
			return false;
		if (memcmp(p, needle, m) == 0)
			return true;
	}
	return false;
}

/*
 * A CloudWatch export: the start of the file names its array.  *json says
 * whether the file looks like JSON at all.
 */
static tt_code probe_json(const tt_trace_spec *spec, tt_loc where, bool *json,
                          tt_trace_format *out, char *why, size_t why_size,
                          tt_diag *d)
{
	char buf[JSON_PROBE];
	const char *name = tt_trace_file_name(spec, 0);
	FILE *f = fopen(spec->paths[0], "rb");
	if (!f)
		return tt_diag_set(d, TT_EIO, where,
		                   "cannot open trace '%s': %s", name,
		                   strerror(errno));
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	size_t i = 0;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", buf[i]))
		i++;
	*json = ends_with(spec->paths[0], ".json") || (i < n && buf[i] == '{');
	*out = TT_TRACE_AUTO;
	static const char *const keys[] = {"Datapoints", "MetricDataResults"};
	for (size_t k = 0; *json && k < 2; k++) {
		char quoted[32];
		snprintf(quoted, sizeof quoted, "\"%s\"", keys[k]);
		if (contains(buf, n, quoted)) {
			*out = TT_TRACE_CLOUDWATCH;
			snprintf(why, why_size, "a JSON document with '%s'",
			         keys[k]);
			return TT_OK;
		}
	}
	return TT_OK;
}

/* What the sampled data rows say about a two-column file. */
typedef struct sample {
	size_t rows;
	bool numbers;   /* every second cell a number */
	bool fractions; /* a time with a fraction of a second */
	bool repeats;   /* two rows at one time */
} sample;

static tt_code detect_csv(const tt_trace_spec *spec, tt_loc where,
                          tt_trace_format *out, char *why, size_t why_size,
                          tt_diag *d)
{
	tt_csv c;
	tt_diag ignored;
	bool got;
	tt_code rc = tt_csv_open_file(&c, spec, 0, where, d);
	if (rc)
		return rc;
	rc = TT_OK;
	/* A line the reader refuses (binary, NUL bytes): no CSV. */
	if (tt_csv_next(&c, &got, &ignored)) {
		rc = cannot_tell(spec, where, d);
		goto close_csv;
	}
	if (!got) {
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){c.name, 0, 0},
		                 "trace is empty");
		goto close_csv;
	}
	if (c.n_fields >= 4 && tt_csv_is(&c, 0, "HashOwner") &&
	    tt_csv_is(&c, 1, "HashApp") && tt_csv_is(&c, 2, "HashFunction") &&
	    tt_csv_is(&c, 3, "Trigger")) {
		*out = TT_TRACE_AZURE_FUNCTIONS;
		snprintf(why, why_size,
		         "a header starting "
		         "'HashOwner,HashApp,HashFunction,Trigger'");
		goto close_csv;
	}

	/*
	 * Two columns: a header when the second cell is not a number, as the
	 * counts reader decides.  Otherwise: when the time cell is not a
	 * time.  The first data row must then read as the format's; later
	 * rows only inform the guess, so a bad cell deep in the sample is
	 * left for the reader to report at its place.
	 */
	size_t cols = c.n_fields;
	size_t tcol = spec->time.index > 0 ? (size_t)spec->time.index - 1 : 0;
	if (spec->time.name &&
	    tt_csv_find_column(&c, &spec->time, "time", 0, &tcol, &ignored)) {
		rc = cannot_tell(spec, where, d);
		goto close_csv;
	}
	if (tcol >= cols || (cols == 2 && tcol > 1)) {
		rc = cannot_tell(spec, where, d);
		goto close_csv;
	}
	size_t ccol = cols == 2 ? 1 - tcol : 0;
	double v;
	size_t n;
	const char *s;
	bool header;
	if (cols == 2) {
		s = tt_csv_text(&c, ccol, &n);
		header = !tt_csv_decimal(s, n, &v);
	} else {
		header = spec->time.name || !tt_csv_is_time(&c, tcol);
	}
	char head[2][TT_CSV_QUOTE_SIZE] = {"", ""};
	if (header) {
		tt_csv_quote(&c, tcol, head[0]);
		if (cols == 2)
			tt_csv_quote(&c, ccol, head[1]);
	}

	sample sm = {0, true, false, false};
	bool bad_first = false;
	tt_time_kind kind = TT_TIME_UNKNOWN;
	int64_t prev = 0;
	bool first = !header;
	for (int k = 0; k < DETECT_LINES; k++) {
		if (!first && (tt_csv_next(&c, &got, &ignored) || !got))
			break;
		first = false;
		int64_t t;
		bool time_ok = c.n_fields == cols &&
		               !tt_csv_time(&c, tcol, &kind, &t, &ignored);
		bool number_ok = true;
		if (cols == 2 && c.n_fields == cols) {
			s = tt_csv_text(&c, ccol, &n);
			number_ok = tt_csv_decimal(s, n, &v);
		}
		if (sm.rows == 0) {
			/* counts: the reader reports a bad time itself */
			sm.numbers = number_ok;
			if (cols != 2 && !time_ok) {
				bad_first = true;
				break;
			}
		}
		if (time_ok) {
			sm.fractions = sm.fractions || t % TT_US_PER_S != 0;
			sm.repeats = sm.repeats || (sm.rows > 0 && t == prev);
			prev = t;
		}
		sm.rows++;
		if (cols != 2 && sm.rows == 1)
			break;
	}
	/* One line of text, or a first row that is no request. */
	if (bad_first || (cols == 1 && sm.rows == 0)) {
		rc = cannot_tell(spec, where, d);
		goto close_csv;
	}

	*out = TT_TRACE_REQUESTS;
	if (cols == 2 && !sm.numbers) {
		rc = cannot_tell(spec, where, d);
	} else if (cols == 2 && (sm.fractions || sm.repeats)) {
		snprintf(why, why_size, "2 columns, %s: one row per request",
		         sm.repeats ? "times that repeat"
		                    : "times with fractions of a second");
	} else if (cols == 2) {
		*out = TT_TRACE_COUNTS;
		if (header)
			snprintf(why, why_size, "2 columns, '%s' and '%s'",
			         head[0], head[1]);
		else
			snprintf(why, why_size,
			         "2 columns of times and counts, no header");
	} else if (cols == 1) {
		snprintf(why, why_size,
		         "1 column of times: one row per request");
	} else if (header) {
		snprintf(why, why_size,
		         "%zu columns, '%s' and %zu request "
		         "attributes",
		         cols, head[0], cols - 1);
	} else {
		snprintf(why, why_size,
		         "%zu columns, a time and %zu request "
		         "attributes",
		         cols, cols - 1);
	}
close_csv:
	tt_csv_close(&c);
	return rc;
}

tt_code tt_trace_detect(const tt_trace_spec *spec, tt_loc where,
                        tt_trace_format *out, char *why, size_t why_size,
                        tt_diag *d)
{
	bool json;
	if (spec->n_paths == 0)
		return tt_diag_set(d, TT_EINVAL, where,
		                   "the trace names no file");
	why[0] = '\0';
	tt_code rc = probe_json(spec, where, &json, out, why, why_size, d);
	if (rc || *out != TT_TRACE_AUTO)
		return rc;
	if (json)
		return cannot_tell(spec, where, d);
	return detect_csv(spec, where, out, why, why_size, d);
}

tt_code tt_trace_open(const tt_trace_spec *spec, tt_loc where,
                      tt_diag_list *notes, tt_source **out, tt_diag *d)
{
	tt_trace_format f = spec->format;
	if (f == TT_TRACE_AUTO) {
		char why[256];
		tt_code rc =
		        tt_trace_detect(spec, where, &f, why, sizeof why, d);
		if (rc)
			return rc;
		tt_diag_list_add(notes, TT_SEV_NOTE, where,
		                 "detected format '%s' (%s); set 'format' to "
		                 "choose",
		                 tt_trace_format_name(f), why);
	}
	switch (f) {
	case TT_TRACE_COUNTS:
		return tt_trace_counts_open(spec, where, notes, out, d);
	case TT_TRACE_REQUESTS:
		return tt_trace_requests_open(spec, where, notes, out, d);
	case TT_TRACE_AZURE_FUNCTIONS:
		return tt_trace_azure_functions_open(spec, where, notes, out,
		                                     d);
	case TT_TRACE_CLOUDWATCH:
		return tt_trace_cloudwatch_open(spec, where, notes, out, d);
	case TT_TRACE_AUTO:
		break;
	}
	return tt_diag_set(d, TT_EINTERNAL, where, "no reader for the format");
}
