/*
 * test_diag.c - the error table, the formatted diag, and the escaping of
 * text for a terminal (tt_diag_escape), which every line the command
 * prints goes through.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "ttsim/diag.h"

/* Input bytes (len 0: strlen) and the escaped text. */
static const struct {
	const char *in;
	size_t len;
	const char *out;
} escapes[] = {
        {"plain text, 'quoted' \\ kept", 0, "plain text, 'quoted' \\ kept"},
        /* C0 controls and DEL */
        {"a\nb\rc\td", 0, "a\\nb\\rc\\td"},
        {"\x1b]0;pwned\a", 0, "\\x1b]0;pwned\\x07"},
        {"\x1b[2J\x7f\x01\x1f", 0, "\\x1b[2J\\x7f\\x01\\x1f"},
        {"nul\0here", 8, "nul\\x00here"},
        /* C1 controls as UTF-8 encodes them; the next character is kept */
        {"\xc2\x9b[31m", 0, "\\u009b[31m"},
        {"\xc2\x80\xc2\x9f\xc2\xa0", 0, "\\u0080\\u009f\xc2\xa0"},
        /* other UTF-8 is kept: é, €, an emoji */
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
         "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
        /* bytes that are not UTF-8: stray, overlong, surrogate, cut short */
        {"\xff\xfe\x9b", 0, "\\xff\\xfe\\x9b"},
        {"\xc0\xaf", 0, "\\xc0\\xaf"},
        {"\xed\xa0\x80", 0, "\\xed\\xa0\\x80"},
        {"\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80"},
        {"ab\xe2\x82", 0, "ab\\xe2\\x82"},
        {"", 0, ""},
};

START_TEST(escape_controls)
{
	const char *in = escapes[_i].in;
	size_t len = escapes[_i].len ? escapes[_i].len : strlen(in);
	char buf[128];
	size_t n = tt_diag_escape(in, len, buf, sizeof buf);
	ck_assert_str_eq(buf, escapes[_i].out);
	ck_assert_uint_eq(n, strlen(escapes[_i].out));
	/* size 0 measures and writes nothing */
	ck_assert_uint_eq(tt_diag_escape(in, len, NULL, 0), n);
}
END_TEST

/* A small buffer holds the longest prefix that does not cut a piece. */
START_TEST(escape_cut_whole)
{
	char buf[8];
	memset(buf, 'x', sizeof buf);
	/* "ab" + "\x1b" (4) fits in 7; the "\r" after it does not */
	ck_assert_uint_eq(tt_diag_escape("ab\x1b\rz", 5, buf, 8), 9);
	ck_assert_str_eq(buf, "ab\\x1b");
	/* and nothing after a piece that did not fit, even a short one */
	ck_assert_uint_eq(tt_diag_escape("abcd\x1bz", 6, buf, 8), 9);
	ck_assert_str_eq(buf, "abcd");
	/* a character is not cut either */
	ck_assert_uint_eq(tt_diag_escape("abcdef\xc3\xa9", 8, buf, 8), 8);
	ck_assert_str_eq(buf, "abcdef");
	ck_assert_uint_eq(tt_diag_escape("abc", 3, buf, 1), 3);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* An empty document is placed at 1:1, like every other error. */
START_TEST(format_places)
{
	tt_diag d;
	char buf[256];
	tt_diag_set(&d, TT_ESYNTAX, (tt_loc){"s.yaml", 1, 1}, "empty document");
	ck_assert_str_eq(tt_diag_format(&d, buf, sizeof buf),
	                 "s.yaml:1:1: error: empty document");
	tt_diag_set(&d, TT_EIO, (tt_loc){"s.yaml", 0, 0}, "cannot open");
	ck_assert_str_eq(tt_diag_format(&d, buf, sizeof buf),
	                 "s.yaml: error: cannot open");
	/* the diag keeps the text as it was; escaping is for the terminal */
	tt_diag_set(&d, TT_EINVAL, (tt_loc){"a\rb", 2, 3}, "x\x1b");
	ck_assert_str_eq(tt_diag_format(&d, buf, sizeof buf),
	                 "a\rb:2:3: error: x\x1b");
}
END_TEST

/* Every code has a name and a message of its own, from the one map. */
START_TEST(code_table)
{
	for (int c = 0; c < TT_CODE_COUNT; c++) {
		ck_assert_msg(strncmp(tt_code_name((tt_code)c), "TT_", 3) == 0,
		              "code %d: name '%s'", c,
		              tt_code_name((tt_code)c));
		ck_assert(tt_code_message((tt_code)c)[0] != '\0');
		for (int o = 0; o < c; o++) {
			ck_assert_str_ne(tt_code_name((tt_code)c),
			                 tt_code_name((tt_code)o));
			ck_assert_str_ne(tt_code_message((tt_code)c),
			                 tt_code_message((tt_code)o));
		}
	}
	ck_assert_int_eq(TT_OK, 0);
	ck_assert_str_eq(tt_code_name(TT_EINVAL), "TT_EINVAL");
	ck_assert_str_eq(tt_code_message(TT_ERANGE), "value out of range");
	ck_assert_str_eq(tt_code_name(TT_CODE_COUNT), "TT_EUNKNOWN");
	ck_assert_str_eq(tt_code_message((tt_code)-1), "unknown error");
}
END_TEST

START_TEST(nomem_one_way)
{
	tt_diag d;
	char buf[128];
	ck_assert_int_eq(tt_diag_nomem(&d, (tt_loc){"t.csv", 4, 2}), TT_ENOMEM);
	ck_assert_int_eq(d.code, TT_ENOMEM);
	ck_assert_str_eq(tt_diag_format(&d, buf, sizeof buf),
	                 "t.csv:4:2: error: out of memory");
	ck_assert_int_eq(tt_diag_nomem(&d, (tt_loc){0}), TT_ENOMEM);
	ck_assert_str_eq(tt_diag_format(&d, buf, sizeof buf),
	                 "error: out of memory");
	/* a NULL diag records nothing and still says what failed */
	ck_assert_int_eq(tt_diag_nomem(NULL, (tt_loc){0}), TT_ENOMEM);
}
END_TEST

/* A message past TT_DIAG_MSG_MAX is cut, never overflowed; an empty one
 * falls back to the code's message. */
START_TEST(message_bounds)
{
	tt_diag d;
	char buf[TT_DIAG_MSG_MAX * 2];
	char big[TT_DIAG_MSG_MAX * 2];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	tt_diag_set(&d, TT_EINVAL, (tt_loc){0}, "%s", big);
	ck_assert_uint_eq(strlen(d.msg), TT_DIAG_MSG_MAX - 1);
	tt_diag_set(&d, TT_EIO, (tt_loc){0}, "%s", "");
	ck_assert_str_eq(tt_diag_format(&d, buf, sizeof buf),
	                 "error: input/output error");
	/* the formatted line is cut to the buffer, NUL-terminated */
	tt_diag_set(&d, TT_EINVAL, (tt_loc){"f", 1, 1}, "abcdef");
	ck_assert_str_eq(tt_diag_format(&d, buf, 8), "f:1:1: ");
}
END_TEST

/* Warnings and notes keep their order and severity; extend appends. */
START_TEST(list_order)
{
	tt_diag_list a = {0}, b = {0};
	char buf[128];
	ck_assert_int_eq(tt_diag_list_add(&a, TT_SEV_WARNING,
	                                  (tt_loc){"s.yaml", 3, 0}, "w%d", 1),
	                 TT_OK);
	ck_assert_int_eq(tt_diag_list_add(&b, TT_SEV_NOTE, (tt_loc){0},
	                                  "detected format: %s", "counts"),
	                 TT_OK);
	ck_assert_int_eq(tt_diag_list_add(NULL, TT_SEV_NOTE, (tt_loc){0}, "x"),
	                 TT_OK);
	ck_assert_int_eq(tt_diag_list_extend(&a, &b), TT_OK);
	ck_assert_uint_eq(a.count, 2);
	ck_assert_str_eq(tt_diag_format(&a.items[0], buf, sizeof buf),
	                 "s.yaml:3: warning: w1");
	ck_assert_str_eq(tt_diag_format(&a.items[1], buf, sizeof buf),
	                 "note: detected format: counts");
	tt_diag_list_release(&a);
	tt_diag_list_release(&b);
	ck_assert_uint_eq(a.count, 0);
}
END_TEST

static tt_code print_to(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tt_code rc = tt_diag_vfprintf(f, fmt, ap);
	va_end(ap);
	return rc;
}

/* Text for a terminal: the format's final newline kept, every other
 * control character escaped, wherever it came from. */
START_TEST(vfprintf_escapes)
{
	char buf[128] = {0};
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(print_to(f, "name '%s'\n", "a\x1b[2Jb\nc"), TT_OK);
	ck_assert_int_eq(print_to(f, "%s", "no newline\n"), TT_OK);
	rewind(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_str_eq(buf, "name 'a\\x1b[2Jb\\nc'\nno newline\\n");
}
END_TEST

static Suite *diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("escape_controls");
	tcase_add_loop_test(tc, escape_controls, 0,
	                    (int)(sizeof escapes / sizeof escapes[0]));
	suite_add_tcase(s, tc);
	const tu_case cases[] = {
	        {"escape_cut_whole", escape_cut_whole},
	        {"format_places", format_places},
	        {"code_table", code_table},
	        {"nomem_one_way", nomem_one_way},
	        {"message_bounds", message_bounds},
	        {"list_order", list_order},
	        {"vfprintf_escapes", vfprintf_escapes},
	};
	TU_ADD_CASES(s, cases);
	return s;
}

int main(void)
{
	return tu_run_suite(diag_suite());
}
