/*
 * test_csv.c - the shared CSV reader (csv.c) on its own: how a file
 * becomes lines and fields (quoting, a byte-order mark, CRLF, blank
 * lines, the line limit), where each field is (the positions every trace
 * error points at), the column chosen by name or index, the decimal and
 * time cells, and the tally of missing periods.
 *
 * The trace readers are built on this and tested through it in
 * test_traces.c; here each rule is pinned once, on files written for it.
 * Every message is compared whole, place included.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "testutil.h"

#define NAME "t.csv"

/* --- helpers -------------------------------------------------------- */

/* A scratch file in the build directory; `n` tells several apart. */
static const char *scratch(char *path, size_t size, int n, const char *text,
                           size_t len)
{
	const char *dir = getenv("TTSIM_BUILD_DIR");
	snprintf(path, size, "%s/test_csv-%ld-%d.csv", dir ? dir : ".",
	         (long)getpid(), n);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static const tt_loc where = {"scenario.yaml", 7, 3};

/* Open `len` bytes of `text` as "t.csv"; the scratch file goes at once
 * (the open stream keeps it readable). */
static void open_len(tt_csv *c, const char *text, size_t len)
{
	char path[512];
	tt_diag d;
	scratch(path, sizeof path, 0, text, len);
	tt_code rc = tt_csv_open(c, path, NAME, where, &d);
	unlink(path);
	ck_assert_int_eq(rc, TT_OK);
}

static void open_text(tt_csv *c, const char *text)
{
	open_len(c, text, strlen(text));
}

/* The next line, which must exist. */
static void next_ok(tt_csv *c)
{
	bool got;
	tt_diag d;
	char buf[512];
	tt_code rc = tt_csv_next(c, &got, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert(got);
}

/* The end of the file, reached cleanly. */
static void next_end(tt_csv *c)
{
	bool got = true;
	tt_diag d;
	ck_assert_int_eq(tt_csv_next(c, &got, &d), TT_OK);
	ck_assert(!got);
}

/* The current line's fields joined with '|', for one comparison. */
static const char *joined(const tt_csv *c, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < c->n_fields; i++) {
		size_t n;
		const char *t = tt_csv_text(c, i, &n);
		used += (size_t)snprintf(buf + used, size - used, "%s%.*s",
		                         i ? "|" : "", (int)n, t);
		ck_assert_uint_lt(used, size);
	}
	return buf;
}

/* --- lines and fields ------------------------------------------------- */

/* One line each: the fields it splits into, '|' between them. */
static const struct {
	const char *line, *fields;
	size_t n;
} split_cases[] = {
        {"a,b,c", "a|b|c", 3},
        /* blanks around a field are not part of it */
        {"  a ,\tb\t, c  ", "a|b|c", 3},
        /* a comma inside double quotes does not split; one pair of
         * surrounding quotes goes */
        {"\"a,b\",c", "a,b|c", 2},
        {"  \"2024-01-01 00:00\" , 5", "2024-01-01 00:00|5", 2},
        {"\"\",x", "|x", 2},
        /* empty fields are fields: the column count stays right */
        {"a,,b", "a||b", 3},
        {"a,", "a|", 2},
        {",", "|", 2},
        /* in a quoted field a doubled quote is one quote (RFC 4180):
         * ttsim's own files quote names so (timeline.csv, events.csv),
         * and `ttsim plot` must read back the name that was written */
        {"\"say \"\"hi\"\"\",z", "say \"hi\"|z", 2},
        {"\"\"\"\",\"a\"\"\"", "\"|a\"", 2},
        /* outside quotes a quote is kept as it is */
        {"x\"\"y,z", "x\"\"y|z", 2},
        /* a quote that never closes holds the rest of the line */
        {"\"open,x", "\"open,x", 1},
        /* a lone quote in the middle still toggles */
        {"a\"b,c\"d,e", "a\"b,c\"d|e", 2},
};

START_TEST(fields_split)
{
	tt_csv c;
	char buf[256];
	char text[128];
	snprintf(text, sizeof text, "%s\n", split_cases[_i].line);
	open_text(&c, text);
	next_ok(&c);
	ck_assert_uint_eq(c.n_fields, split_cases[_i].n);
	ck_assert_str_eq(joined(&c, buf, sizeof buf), split_cases[_i].fields);
	next_end(&c);
	tt_csv_close(&c);
}
END_TEST

/* LF, CRLF and a last line without either read alike. */
START_TEST(line_ends)
{
	static const char *const texts[] = {
	        "t,n\n0,1\n60,2\n",
	        "t,n\r\n0,1\r\n60,2\r\n",
	        "t,n\r\n0,1\n60,2",
	        "t,n\n0,1\n60,2\r",
	};
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		tt_csv c;
		char buf[64];
		open_text(&c, texts[k]);
		next_ok(&c);
		ck_assert_str_eq(joined(&c, buf, sizeof buf), "t|n");
		next_ok(&c);
		ck_assert_str_eq(joined(&c, buf, sizeof buf), "0|1");
		next_ok(&c);
		/* no CR left in the last field, whatever ended the line */
		ck_assert_str_eq(joined(&c, buf, sizeof buf), "60|2");
		ck_assert_int_eq(c.lineno, 3);
		ck_assert_uint_eq(c.len, 4);
		next_end(&c);
		tt_csv_close(&c);
	}
}
END_TEST

/*
 * Blank lines (nothing, or only blanks) are skipped but counted, so the
 * line numbers in messages are the file's.
 */
START_TEST(blank_lines)
{
	tt_csv c;
	char buf[64];
	open_text(&c, "\n   \n\t\r\na,b\n\n \t \nc\n\n");
	next_ok(&c);
	ck_assert_str_eq(joined(&c, buf, sizeof buf), "a|b");
	ck_assert_int_eq(c.lineno, 4);
	next_ok(&c);
	ck_assert_str_eq(joined(&c, buf, sizeof buf), "c");
	ck_assert_int_eq(c.lineno, 7);
	next_end(&c);
	/* the end stays the end */
	next_end(&c);
	tt_csv_close(&c);

	static const char *const empty[] = {"", "\n", "\n\n  \n", "\r\n"};
	for (size_t k = 0; k < sizeof empty / sizeof empty[0]; k++) {
		open_text(&c, empty[k]);
		next_end(&c);
		tt_csv_close(&c);
	}
}
END_TEST

/*
 * A UTF-8 byte-order mark (a spreadsheet's "CSV UTF-8") is not part of
 * the first cell, and columns are counted after it; only the file's
 * first bytes can be one, and a rewind skips it again.
 */
START_TEST(byte_order_mark)
{
	tt_csv c;
	tt_diag d;
	char buf[64];
	open_text(&c, "\xEF\xBB\xBFtime,count\r\n0,\xEF\xBB\xBF"
	              "1\n");
	next_ok(&c);
	ck_assert(tt_csv_is(&c, 0, "time"));
	ck_assert_int_eq(tt_csv_loc(&c, 0).col, 1);
	ck_assert_int_eq(tt_csv_loc(&c, 1).col, 6);
	next_ok(&c);
	/* not at the start of the file: a byte like any other */
	ck_assert_str_eq(joined(&c, buf, sizeof buf), "0|\xEF\xBB\xBF"
	                                              "1");
	ck_assert_int_eq(tt_csv_rewind(&c, &d), TT_OK);
	next_ok(&c);
	ck_assert_str_eq(joined(&c, buf, sizeof buf), "time|count");
	ck_assert_int_eq(c.lineno, 1);
	tt_csv_close(&c);

	/* a file that is only the mark is empty */
	open_text(&c, "\xEF\xBB\xBF");
	next_end(&c);
	tt_csv_close(&c);
}
END_TEST

/* --- positions ---------------------------------------------------------- */

/* Every field knows its 1-based column; one past the last is the end. */
START_TEST(field_positions)
{
	tt_csv c;
	open_text(&c, "\n  x , \"y,z\",,w\n");
	next_ok(&c);
	ck_assert_uint_eq(c.n_fields, 4);
	static const int cols[] = {3, 8, 13, 14, 15};
	for (size_t i = 0; i <= c.n_fields; i++) {
		tt_loc l = tt_csv_loc(&c, i);
		ck_assert_str_eq(l.file, NAME);
		ck_assert_int_eq(l.line, 2);
		ck_assert_int_eq(l.col, cols[i]);
	}
	tt_csv_close(&c);
}
END_TEST

/* The reader's own errors, each at its place. */
static const struct {
	const char *text;
	size_t len;
	size_t want; /* 0: read to the error; else expect_columns(want) */
	const char *msg;
} error_cases[] = {
        {"a,b\n1,\0x\n", 9, 0, "t.csv:2:3: error: unexpected NUL byte"},
        {"a,b,c\n", 0, 2, "t.csv:1:5: error: expected 2 columns, got 3"},
        {"a,b\n", 0, 3, "t.csv:1:4: error: expected 3 columns, got 2"},
        {" a , b \n", 0, 1, "t.csv:1:6: error: expected 1 column, got 2"},
};

START_TEST(reader_errors)
{
	tt_csv c;
	tt_diag d;
	char buf[256];
	bool got;
	size_t len = error_cases[_i].len;
	open_len(&c, error_cases[_i].text,
	         len ? len : strlen(error_cases[_i].text));
	if (error_cases[_i].want == 0) {
		next_ok(&c);
		ck_assert_int_eq(tt_csv_next(&c, &got, &d), TT_ESYNTAX);
	} else {
		next_ok(&c);
		ck_assert_int_eq(
		        tt_csv_expect_columns(&c, error_cases[_i].want, &d),
		        TT_ESYNTAX);
	}
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), error_cases[_i].msg);
	tt_csv_close(&c);
}
END_TEST

/*
 * TT_CSV_LINE_MAX bytes are a line, ended by LF, CRLF or the end of the
 * file; one byte more is an error at the column past the limit.
 */
static const struct {
	size_t len;      /* bytes of 'x' */
	const char *end; /* then this */
	const char *msg; /* NULL: read */
} limit_cases[] = {
        {TT_CSV_LINE_MAX, "\ny\n", NULL},
        {TT_CSV_LINE_MAX, "\r\ny\n", NULL},
        {TT_CSV_LINE_MAX, "", NULL},
        {TT_CSV_LINE_MAX + 1, "\n",
         "t.csv:1:65537: error: line is longer than 65536 bytes"},
        {TT_CSV_LINE_MAX + 1, "\r\n",
         "t.csv:1:65537: error: line is longer than 65536 bytes"},
        {TT_CSV_LINE_MAX + 1, "",
         "t.csv:1:65537: error: line is longer than 65536 bytes"},
        {3 * TT_CSV_LINE_MAX, "\n",
         "t.csv:1:65537: error: line is longer than 65536 bytes"},
};

START_TEST(line_limit)
{
	size_t len = limit_cases[_i].len, end = strlen(limit_cases[_i].end);
	char *text = malloc(len + end);
	ck_assert_ptr_nonnull(text);
	memset(text, 'x', len);
	memcpy(text + len, limit_cases[_i].end, end);
	tt_csv c;
	tt_diag d;
	char buf[256];
	bool got;
	open_len(&c, text, len + end);
	free(text);
	tt_code rc = tt_csv_next(&c, &got, &d);
	if (!limit_cases[_i].msg) {
		ck_assert_int_eq(rc, TT_OK);
		ck_assert(got);
		ck_assert_uint_eq(c.len, TT_CSV_LINE_MAX);
		ck_assert_uint_eq(c.n_fields, 1);
		/* the next line starts where the long one ended */
		if (end) {
			next_ok(&c);
			ck_assert(tt_csv_is(&c, 0, "y"));
			ck_assert_int_eq(c.lineno, 2);
		}
		next_end(&c);
	} else {
		ck_assert_int_eq(rc, TT_ESYNTAX);
		ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
		                 limit_cases[_i].msg);
	}
	tt_csv_close(&c);
}
END_TEST

/* A long field quoted back in a message is cut to TT_CSV_QUOTE_MAX. */
START_TEST(quote_cut)
{
	tt_csv c;
	char q[TT_CSV_QUOTE_SIZE];
	char text[256];
	memset(text, 'a', 100);
	strcpy(text + 100, ",short\n");
	open_text(&c, text);
	next_ok(&c);
	tt_csv_quote(&c, 0, q);
	ck_assert_uint_eq(strlen(q), TT_CSV_QUOTE_MAX);
	ck_assert_str_eq(q + TT_CSV_QUOTE_MAX - 3, "...");
	ck_assert_int_eq(q[TT_CSV_QUOTE_MAX - 4], 'a');
	ck_assert_str_eq(tt_csv_quote(&c, 1, q), "short");
	tt_csv_close(&c);
}
END_TEST

/* --- columns -------------------------------------------------------- */

static const struct {
	const char *header;
	const char *name; /* NULL: by index */
	int index;
	size_t dflt;
	size_t found; /* when msg is NULL */
	const char *msg;
} column_cases[] = {
        {"time,count,host", "count", 0, 0, 1, NULL},
        /* names are compared after trimming and unquoting */
        {"time , \"count\" ,host", "count", 0, 0, 1, NULL},
        {"time,count,host", "host", 0, 0, 2, NULL},
        /* the first of two equal names */
        {"n,n", "n", 0, 1, 0, NULL},
        {"a,b,c", NULL, 3, 0, 2, NULL},
        {"a,b,c", NULL, 1, 2, 0, NULL},
        /* neither name nor index: the default */
        {"a,b,c", NULL, 0, 1, 1, NULL},
        /* names are case-sensitive, like the header's cells */
        {"time,Count", "count", 0, 0, 0,
         "t.csv:1:1: error: no column 'count' for 'count' in the header "
         "(it has 'time', 'Count')"},
        {"time , \"n\"", "rate", 0, 0, 0,
         "t.csv:1:1: error: no column 'rate' for 'count' in the header "
         "(it has 'time', 'n')"},
        {"a,b,c", NULL, 4, 0, 0,
         "t.csv:1:6: error: no column 4 for 'count': the row has 3 "
         "columns"},
        {"a", NULL, 0, 1, 0,
         "t.csv:1:2: error: no column 2 for 'count': the row has 1 "
         "column"},
};

START_TEST(find_column)
{
	tt_csv c;
	tt_diag d;
	char buf[512], text[128];
	tt_column col = {(char *)column_cases[_i].name, column_cases[_i].index};
	size_t found = 99;
	snprintf(text, sizeof text, "%s\n", column_cases[_i].header);
	open_text(&c, text);
	next_ok(&c);
	tt_code rc = tt_csv_find_column(&c, &col, "count",
	                                column_cases[_i].dflt, &found, &d);
	if (!column_cases[_i].msg) {
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
		ck_assert_uint_eq(found, column_cases[_i].found);
	} else {
		ck_assert_int_eq(rc, TT_EINVAL);
		ck_assert_uint_eq(found, 99);
		ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
		                 column_cases[_i].msg);
	}
	tt_csv_close(&c);
}
END_TEST

/* A header too wide for one message: every cell that fits is named and
 * the rest are counted, never cut with "...". */
START_TEST(find_column_wide_header)
{
	tt_csv c;
	tt_diag d;
	char text[4096];
	size_t used = 0, found;
	for (int i = 0; i < 300; i++)
		used += (size_t)snprintf(text + used, sizeof text - used,
		                         "%scol%03d", i ? "," : "", i);
	snprintf(text + used, sizeof text - used, "\n");
	open_text(&c, text);
	next_ok(&c);
	tt_column col = {"rate", 0};
	ck_assert_int_eq(tt_csv_find_column(&c, &col, "count", 0, &found, &d),
	                 TT_EINVAL);
	ck_assert_ptr_null(strstr(d.msg, "..."));
	ck_assert_ptr_nonnull(strstr(d.msg, "(it has 'col000', 'col001', "));
	/* the named cells and the count add up to the whole header */
	const char *more = strstr(d.msg, " and ");
	ck_assert_ptr_nonnull(more);
	size_t named = 0;
	for (const char *p = d.msg; (p = strstr(p, "'col")); p++)
		named++;
	ck_assert_uint_eq(named + strtoul(more + 5, NULL, 10), 300);
	ck_assert_ptr_nonnull(strstr(d.msg, " more)"));
	ck_assert_uint_lt(strlen(d.msg), TT_DIAG_MSG_MAX - 1);
	tt_csv_close(&c);
}
END_TEST

/* --- cells ---------------------------------------------------------- */

static const struct {
	const char *text;
	bool ok;
	double value;
} decimal_cases[] = {
        {"0", true, 0},
        {"42", true, 42},
        {"-3", true, -3},
        {"+3", true, 3},
        {"1.5", true, 1.5},
        {"-.5", true, -0.5},
        {".25", true, 0.25},
        {"7.", true, 7},
        {"0.1", true, 0.1},
        {"123456.789", true, 123456.789},
        {"0.000001", true, 1e-6},
        /* 15 significant digits: correctly rounded */
        {"1234567890.12345", true, 1234567890.12345},
        {"-0.000000000012345", true, -0.000000000012345},
        {"", false, 0},
        {".", false, 0},
        {"-", false, 0},
        {"1e3", false, 0},
        {"inf", false, 0},
        {"nan", false, 0},
        {"1,5", false, 0},
        {" 1", false, 0},
        {"1 ", false, 0},
        {"0x10", false, 0},
        {"--1", false, 0},
        {"1.2.3", false, 0},
};

START_TEST(decimal_cells)
{
	const char *t = decimal_cases[_i].text;
	double v = -999;
	bool ok = tt_csv_decimal(t, strlen(t), &v);
	ck_assert_msg(ok == decimal_cases[_i].ok, "'%s'", t);
	if (ok)
		ck_assert_msg(v == decimal_cases[_i].value,
		              "'%s' read as %.17g", t, v);
	/* only the given bytes count: a digit after them is not read */
	char longer[64];
	snprintf(longer, sizeof longer, "%s9", t);
	if (ok) {
		double w = -999;
		ck_assert(tt_csv_decimal(longer, strlen(t), &w));
		ck_assert(w == v);
	}
}
END_TEST

/*
 * A time cell is calendar or seconds, and the first one read decides for
 * the rest; each refusal is at the cell.
 */
START_TEST(time_cells)
{
	tt_csv c;
	tt_diag d;
	char buf[512];
	tt_time_kind kind = TT_TIME_UNKNOWN;
	int64_t us;
	open_text(&c, "2024-01-02 03:04:05,x\n"
	              "2024-01-02T03:05:00Z,x\n"
	              "x, 300\n"
	              "x,yesterday\n");
	next_ok(&c);
	ck_assert(tt_csv_is_time(&c, 0));
	ck_assert(!tt_csv_is_time(&c, 1));
	ck_assert_int_eq(tt_csv_time(&c, 0, &kind, &us, &d), TT_OK);
	ck_assert_int_eq(kind, TT_TIME_CALENDAR);
	ck_assert_int_eq(us, (int64_t)1704164645 * TT_US_PER_S);
	next_ok(&c);
	ck_assert_int_eq(tt_csv_time(&c, 0, &kind, &us, &d), TT_OK);
	ck_assert_int_eq(us, (int64_t)1704164700 * TT_US_PER_S);
	next_ok(&c);
	ck_assert(tt_csv_is_time(&c, 1));
	ck_assert_int_eq(tt_csv_time(&c, 1, &kind, &us, &d), TT_ESYNTAX);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t.csv:3:4: error: expected a calendar timestamp "
	                 "like the first row's, got '300'");
	/* the other way round */
	kind = TT_TIME_UNKNOWN;
	ck_assert_int_eq(tt_csv_time(&c, 1, &kind, &us, &d), TT_OK);
	ck_assert_int_eq(kind, TT_TIME_SECONDS);
	ck_assert_int_eq(us, 300 * TT_US_PER_S);
	next_ok(&c);
	ck_assert_int_eq(tt_csv_time(&c, 1, &kind, &us, &d), TT_ESYNTAX);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t.csv:4:3: error: invalid timestamp 'yesterday' "
	                 "(expected YYYY-MM-DD HH:MM[:SS], ISO 8601 or "
	                 "seconds)");
	tt_csv_close(&c);

	open_text(&c, "10\n2024-01-01 00:00\n");
	kind = TT_TIME_UNKNOWN;
	next_ok(&c);
	ck_assert_int_eq(tt_csv_time(&c, 0, &kind, &us, &d), TT_OK);
	next_ok(&c);
	ck_assert_int_eq(tt_csv_time(&c, 0, &kind, &us, &d), TT_ESYNTAX);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t.csv:2:1: error: expected a time in seconds like "
	                 "the first row's, got '2024-01-01 00:00'");
	tt_csv_close(&c);
}
END_TEST

/* --- files ---------------------------------------------------------- */

/* A file that cannot be read is an error at the scenario's place, and
 * the reader is left closable. */
START_TEST(cannot_open)
{
	tt_csv c;
	tt_diag d;
	char buf[512];
	ck_assert_int_eq(
	        tt_csv_open(&c, "/nonexistent/nope.csv", "nope.csv", where, &d),
	        TT_EIO);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "scenario.yaml:7:3: error: cannot open trace "
	                 "'nope.csv': No such file or directory");
	ck_assert_ptr_null(c.f);
	tt_csv_close(&c);
	const char *dir = getenv("TTSIM_BUILD_DIR");
	ck_assert_int_eq(tt_csv_open(&c, dir ? dir : ".", "dir", where, &d),
	                 TT_EIO);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "scenario.yaml:7:3: error: cannot open trace 'dir': "
	                 "Is a directory");
	tt_csv_close(&c);
	tt_csv_close(NULL);
}
END_TEST

/*
 * Several files are one trace: tt_csv_files_next moves on when a file
 * had rows, and says what is wrong with one that had none.
 */
START_TEST(files_in_order)
{
	char p[3][512];
	char *paths[3];
	const char *names[3] = {"one.csv", "two.csv", "three.csv"};
	const char *texts[3] = {"t,n\n0,1\n", "60,2\n", "t,n\n"};
	for (int i = 0; i < 3; i++)
		paths[i] = (char *)scratch(p[i], sizeof p[i], i + 1, texts[i],
		                           strlen(texts[i]));
	tt_trace_spec spec = {0};
	spec.paths = paths;
	spec.names = names;
	spec.n_paths = 3;

	tt_csv_files fs = {0};
	tt_diag d;
	char buf[512];
	bool more;
	ck_assert_int_eq(tt_csv_open_file(&fs.csv, &spec, 0, where, &d), TT_OK);
	ck_assert_str_eq(fs.csv.name, "one.csv");
	next_ok(&fs.csv);
	fs.started = fs.header = true;
	next_ok(&fs.csv);
	fs.has_rows = true;
	next_end(&fs.csv);
	ck_assert_int_eq(tt_csv_files_next(&fs, &spec, where, &more, &d),
	                 TT_OK);
	ck_assert(more);
	ck_assert_uint_eq(fs.file, 1);
	ck_assert(!fs.started && !fs.header && !fs.has_rows);
	ck_assert_str_eq(fs.csv.name, "two.csv");
	next_ok(&fs.csv);
	fs.started = fs.has_rows = true;
	ck_assert_int_eq(tt_csv_files_next(&fs, &spec, where, &more, &d),
	                 TT_OK);
	ck_assert(more);
	/* the third has a header and no rows */
	next_ok(&fs.csv);
	fs.started = fs.header = true;
	next_end(&fs.csv);
	ck_assert_int_eq(tt_csv_files_next(&fs, &spec, where, &more, &d),
	                 TT_EINVAL);
	ck_assert(!more);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "three.csv: error: trace has a header but no rows");
	/* back to the first file's first line */
	ck_assert_int_eq(tt_csv_files_rewind(&fs, &spec, where, &d), TT_OK);
	ck_assert_uint_eq(fs.file, 0);
	next_ok(&fs.csv);
	ck_assert(tt_csv_is(&fs.csv, 0, "t"));
	/* an empty file says so; past the last file there is no more */
	fs.started = false;
	fs.has_rows = false;
	ck_assert_int_eq(tt_csv_files_next(&fs, &spec, where, &more, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "one.csv: error: trace is empty");
	spec.n_paths = 1;
	fs.has_rows = true;
	ck_assert_int_eq(tt_csv_files_next(&fs, &spec, where, &more, &d),
	                 TT_OK);
	ck_assert(!more);
	tt_csv_close(&fs.csv);
	for (int i = 0; i < 3; i++)
		unlink(p[i]);

	/* a file without a name in the spec is shown by its path */
	spec.names = NULL;
	ck_assert_str_eq(tt_trace_file_name(&spec, 0), paths[0]);
}
END_TEST

/* --- missing periods and the words for them ------------------------- */

START_TEST(gaps_tallied)
{
	tt_gaps g = {0};
	tt_diag_list notes = {0};
	tt_time_us p = 60 * TT_US_PER_S;
	tt_loc at = {NAME, 5, 1};
	/* one period on: no gap, whatever the offset within it */
	tt_gaps_add(&g, 0, p, p, (tt_loc){NAME, 2, 1});
	tt_gaps_add(&g, p, 2 * p + p / 2, p, (tt_loc){NAME, 3, 1});
	ck_assert_int_eq(tt_gaps_warn(&g, "row", &notes), TT_OK);
	ck_assert_uint_eq(notes.count, 0);
	/* three periods on: two missing, the first gap's row kept */
	tt_gaps_add(&g, 2 * p, 5 * p, p, at);
	tt_gaps_add(&g, 5 * p, 7 * p, p, (tt_loc){NAME, 9, 1});
	ck_assert_int_eq(g.n_gaps, 2);
	ck_assert_int_eq(g.n_missing, 3);
	ck_assert_int_eq(tt_gaps_warn(&g, "datapoint", &notes), TT_OK);
	ck_assert_uint_eq(notes.count, 1);
	char buf[512];
	ck_assert_str_eq(tu_diag_str(&notes.items[0], buf, sizeof buf),
	                 "t.csv:5:1: warning: 3 periods missing in 2 gaps "
	                 "between datapoints (the first before this "
	                 "datapoint), replayed as zero traffic");
	tt_diag_list_release(&notes);

	tt_gaps one = {0};
	tt_gaps_add(&one, 0, 2 * p, p, at);
	ck_assert_int_eq(tt_gaps_warn(&one, "row", &notes), TT_OK);
	ck_assert_str_eq(tu_diag_str(&notes.items[0], buf, sizeof buf),
	                 "t.csv:5:1: warning: 1 period missing in 1 gap "
	                 "between rows (the first before this row), replayed "
	                 "as zero traffic");
	tt_diag_list_release(&notes);
}
END_TEST

START_TEST(periods_and_seconds)
{
	char buf[32];
	ck_assert_str_eq(tt_period_format(60 * TT_US_PER_S, buf, sizeof buf),
	                 "60s");
	ck_assert_str_eq(tt_period_format(1500000, buf, sizeof buf), "1.5s");
	ck_assert_str_eq(tt_period_format(250000, buf, sizeof buf), "0.25s");
	ck_assert_str_eq(tt_period_format(1, buf, sizeof buf), "0.000001s");
	/* before 1970 the floor goes down, not toward zero */
	ck_assert_int_eq(tt_unix_s_floor(1999999), 1);
	ck_assert_int_eq(tt_unix_s_floor(0), 0);
	ck_assert_int_eq(tt_unix_s_floor(-1), -1);
	ck_assert_int_eq(tt_unix_s_floor(-1000000), -1);
	ck_assert_int_eq(tt_unix_s_floor(-1000001), -2);
}
END_TEST

/* --- the suite -------------------------------------------------------- */

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void add_loop(Suite *s, const char *name, const TTest *test, int n)
{
	TCase *tc = tcase_create(name);
	tcase_add_loop_test(tc, test, 0, n);
	suite_add_tcase(s, tc);
}

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	add_loop(s, "fields_split", fields_split, N(split_cases));
	add_loop(s, "line_ends", line_ends, 1);
	add_loop(s, "blank_lines", blank_lines, 1);
	add_loop(s, "byte_order_mark", byte_order_mark, 1);
	add_loop(s, "field_positions", field_positions, 1);
	add_loop(s, "reader_errors", reader_errors, N(error_cases));
	add_loop(s, "line_limit", line_limit, N(limit_cases));
	add_loop(s, "quote_cut", quote_cut, 1);
	add_loop(s, "find_column", find_column, N(column_cases));
	add_loop(s, "find_column_wide_header", find_column_wide_header, 1);
	add_loop(s, "decimal_cells", decimal_cells, N(decimal_cases));
	add_loop(s, "time_cells", time_cells, 1);
	add_loop(s, "cannot_open", cannot_open, 1);
	add_loop(s, "files_in_order", files_in_order, 1);
	add_loop(s, "gaps_tallied", gaps_tallied, 1);
	add_loop(s, "periods_and_seconds", periods_and_seconds, 1);
	return s;
}

int main(void)
{
	return tu_run_suite(csv_suite());
}
