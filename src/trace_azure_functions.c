/*
 * trace_azure_functions.c - the Azure Functions 2019 invocation traces.
 *
 * The Azure Public Dataset's function traces (Shahrad et al., "Serverless
 * in the Wild", USENIX ATC 2020) come one file per day, one row per
 * function, with that day's 1440 per-minute invocation counts:
 *
 *   HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440
 *   7b2c...,e3a1...,a9f0...,http,0,3,1,...,0
 *
 * The trace is one function (spec->function, a HashFunction), the sum of
 * an application's functions (spec->app, a HashApp) or, with neither, the
 * sum of every row.  Several files are consecutive days.  A day is read
 * whole when its first minute is wanted, into 1440 sums: that is all the
 * memory a trace costs, however many functions a day has.  Each minute is
 * then a one-minute interval; there is no calendar time in these files.
 *
 * A selection that matches nothing in a file makes that day zero traffic,
 * with a warning; one that matches nothing in any file is an error, found
 * when the trace is opened (by reading days until one matches).
 */
#include "trace.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

#define MINUTES 1440
#define COLUMNS (4 + MINUTES)
#define NO_DAY SIZE_MAX

static const char *const fixed_columns[4] = {"HashOwner", "HashApp",
                                             "HashFunction", "Trigger"};

typedef struct azfn {
	tt_source base;
	const tt_trace_spec *spec;
	tt_loc where;
	tt_diag_list *notes;
	size_t select_col; /* 1: HashApp, 2: HashFunction, 0: every row */
	const char *select;

	double sums[MINUTES]; /* the per-minute sums of day `loaded` */
	size_t loaded;
	size_t day; /* the day being emitted, and its next minute */
	int minute;
	bool *warned; /* per file: "matches nothing" said already */

	tt_source_failure fail; /* a bad row stops the stream for good */
} azfn;

/* The header: the four names, then the minutes 1 to 1440. */
static tt_code check_header(const tt_csv *c, tt_diag *d)
{
	char q[TT_CSV_QUOTE_SIZE];
	for (size_t i = 0; i < 4; i++)
		if (i >= c->n_fields || !tt_csv_is(c, i, fixed_columns[i]))
			return tt_diag_set(
			        d, TT_EINVAL, tt_csv_loc(c, i),
			        "expected the Azure Functions header "
			        "'HashOwner,HashApp,HashFunction,Trigger,1,...,"
			        "1440', got '%s' for column %zu",
			        i < c->n_fields ? tt_csv_quote(c, i, q) : "",
			        i + 1);
	tt_code rc = tt_csv_expect_columns(c, COLUMNS, d);
	if (rc)
		return rc;
	for (size_t m = 1; m <= MINUTES; m++) {
		char want[8];
		snprintf(want, sizeof want, "%zu", m);
		if (!tt_csv_is(c, 3 + m, want))
			return tt_diag_set(
			        d, TT_EINVAL, tt_csv_loc(c, 3 + m),
			        "expected minute column '%s', got '%s'", want,
			        tt_csv_quote(c, 3 + m, q));
	}
	return TT_OK;
}

/* Add the current row's 1440 counts to the sums. */
static tt_code add_row(azfn *az, const tt_csv *c, tt_diag *d)
{
	char q[TT_CSV_QUOTE_SIZE];
	for (size_t m = 0; m < MINUTES; m++) {
		size_t n;
		const char *t = tt_csv_text(c, 4 + m, &n);
		double v;
		if (!tt_csv_decimal(t, n, &v))
			return tt_diag_set(d, TT_ESYNTAX, tt_csv_loc(c, 4 + m),
			                   "expected a number for minute %zu, "
			                   "got '%s'",
			                   m + 1, tt_csv_quote(c, 4 + m, q));
		if (v < 0)
			return tt_diag_set(d, TT_EINVAL, tt_csv_loc(c, 4 + m),
			                   "minute %zu must be >= 0, got '%s'",
			                   m + 1, tt_csv_quote(c, 4 + m, q));
		if (v > TT_WORKLOAD_VALUE_MAX) /* inf too */
			return tt_diag_set(d, TT_ERANGE, tt_csv_loc(c, 4 + m),
			                   "minute %zu is too large, got '%s' "
			                   "(at most " TT_LIMIT_TEXT(
			                           TT_WORKLOAD_VALUE_MAX) ")",
			                   m + 1, tt_csv_quote(c, 4 + m, q));
		/* the minute of every row selected so far, held to the
		 * same limit: it is the trace's value */
		if (v > TT_WORKLOAD_VALUE_MAX - az->sums[m])
			return tt_diag_set(
			        d, TT_ERANGE, tt_csv_loc(c, 4 + m),
			        "minute %zu is too large summed over the rows "
			        "selected, %.17g here (at most " TT_LIMIT_TEXT(
			                TT_WORKLOAD_VALUE_MAX) ")",
			        m + 1, az->sums[m] + v);
		az->sums[m] += v;
	}
	return TT_OK;
}

static const char *select_key(const azfn *az)
{
	return az->select_col == 1 ? "HashApp" : "HashFunction";
}

/*
 * Read day `day` (file `day`) into the sums; *matched says whether any
 * row was selected.  With `warn`, a file with no match gets its warning
 * (once: days are read again after a rewind).
 */
static tt_code read_day(azfn *az, size_t day, bool warn, bool *matched,
                        tt_diag *d)
{
	tt_csv c;
	bool got, header = false, rows = false;
	const char *name = tt_trace_file_name(az->spec, day);
	tt_code rc = tt_csv_open_file(&c, az->spec, day, az->where, d);
	if (rc)
		return rc;
	*matched = false;
	memset(az->sums, 0, sizeof az->sums);
	az->loaded = NO_DAY;
	for (;;) {
		if ((rc = tt_csv_next(&c, &got, d)) || !got)
			break;
		if (!header) {
			if ((rc = check_header(&c, d)))
				break;
			header = true;
			continue;
		}
		if ((rc = tt_csv_expect_columns(&c, COLUMNS, d)))
			break;
		rows = true;
		if (az->select_col &&
		    !tt_csv_is(&c, az->select_col, az->select))
			continue;
		*matched = true;
		if ((rc = add_row(az, &c, d)))
			break;
	}
	tt_csv_close(&c);
	if (rc)
		return rc;
	if (!rows)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){name, 0, 0},
		                   header ? "trace has a header but no rows"
		                          : "trace is empty");
	if (warn && !*matched && !az->warned[day]) {
		az->warned[day] = true;
		tt_diag_list_add(az->notes, TT_SEV_WARNING,
		                 (tt_loc){name, 0, 0},
		                 "no row with %s '%s': this day is replayed as "
		                 "zero traffic",
		                 select_key(az), az->select);
	}
	az->loaded = day;
	return TT_OK;
}

static tt_code azfn_next(tt_source *src, tt_interval *out, bool *end,
                         tt_diag *d)
{
	azfn *az = (azfn *)src;
	*end = false;
	if (tt_source_failed(&az->fail, d))
		return az->fail.code;
	if (az->minute == MINUTES) {
		az->day++;
		az->minute = 0;
	}
	if (az->day >= az->spec->n_paths) {
		*end = true;
		return TT_OK;
	}
	if (az->loaded != az->day) {
		bool matched;
		tt_code rc =
		        read_day(az, az->day, true, &matched, &az->fail.diag);
		if (rc)
			return tt_source_fail(&az->fail, rc, d);
	}
	int64_t k = (int64_t)az->day * MINUTES + az->minute;
	*out = (tt_interval){k * TT_US_PER_MIN, TT_US_PER_MIN,
	                     az->sums[az->minute], NULL};
	az->minute++;
	return TT_OK;
}

static tt_code azfn_rewind(tt_source *src, tt_diag *d)
{
	azfn *az = (azfn *)src;
	if (tt_source_failed(&az->fail, d))
		return az->fail.code;
	az->day = 0;
	az->minute = 0;
	return TT_OK;
}

static void azfn_close(tt_source *src)
{
	azfn *az = (azfn *)src;
	free(az->warned);
	free(az);
}

static const tt_source_ops azfn_ops = {
        .next = azfn_next, .rewind = azfn_rewind, .close = azfn_close};

tt_code tt_trace_azure_functions_open(const tt_trace_spec *spec, tt_loc where,
                                      tt_diag_list *notes, tt_source **out,
                                      tt_diag *d)
{
	tt_code rc;
	if (spec->n_paths == 0)
		return tt_diag_set(d, TT_EINVAL, where,
		                   "the trace names no file");
	azfn *az = calloc(1, sizeof *az);
	if (!az)
		return tt_diag_nomem(d, where);
	az->base.ops = &azfn_ops;
	az->spec = spec;
	az->where = where;
	az->notes = notes;
	az->loaded = NO_DAY;
	if (spec->function) {
		az->select_col = 2;
		az->select = spec->function;
	} else if (spec->app) {
		az->select_col = 1;
		az->select = spec->app;
	}
	az->warned = calloc(spec->n_paths, sizeof *az->warned);
	if (!az->warned) {
		rc = tt_diag_nomem(d, where);
		goto fail_free;
	}
	/*
	 * Days until one matches: a selection must match somewhere.  The
	 * days passed over are read again as they are replayed, and warned
	 * about then, so a selection that matches nothing gets only the
	 * error.
	 */
	bool matched = false;
	for (size_t day = 0; day < spec->n_paths && !matched; day++)
		if ((rc = read_day(az, day, false, &matched, d)))
			goto fail_free;
	if (!matched) {
		if (spec->n_paths == 1)
			rc = tt_diag_set(d, TT_EINVAL, where,
			                 "no row with %s '%s' in '%s'",
			                 select_key(az), az->select,
			                 tt_trace_file_name(spec, 0));
		else
			rc = tt_diag_set(
			        d, TT_EINVAL, where,
			        "no row with %s '%s' in any of the %zu "
			        "files",
			        select_key(az), az->select, spec->n_paths);
		goto fail_free;
	}
	*out = &az->base;
	return TT_OK;

fail_free:
	azfn_close(&az->base);
	return rc;
}
