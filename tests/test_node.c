/*
 * test_node.c - JSON and YAML into one tree, with positions, and the typed
 * readers over it.
 *
 * Positions are checked on multi-line inputs for values and for keys; every
 * error is checked as the CLI would print it, "name:line:col: error: msg",
 * so a changed column or a reworded message fails here first.
 */
#include "node.h"

#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef enum fmt { JSON, YAML } fmt;

static tt_code parse(fmt f, const char *text, tt_doc *doc, tt_diag *d)
{
	return f == JSON ? tt_doc_parse_json(text, strlen(text), "t", doc, d)
	                 : tt_doc_parse_yaml(text, strlen(text), "t", doc, d);
}

/* Parse text that must be valid, failing the test with the diag if not. */
static tt_doc parse_ok(fmt f, const char *text)
{
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[700];
	tt_code rc = parse(f, text, &doc, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	ck_assert_ptr_nonnull(doc.root);
	ck_assert_str_eq(doc.name, "t");
	return doc;
}

/*
 * The node at a dotted path ("nested.ok", "sizes.2") and, when the last
 * step is a key, its entry.  NULL when the path does not exist.
 */
static const tt_node *at(const tt_node *n, const char *path,
                         const tt_node_entry **entry)
{
	char seg[64];
	*entry = NULL;
	while (n && *path) {
		size_t len = strcspn(path, ".");
		ck_assert_uint_lt(len, sizeof seg);
		memcpy(seg, path, len);
		seg[len] = '\0';
		path += len + (path[len] == '.');
		if (n->kind == TT_NODE_SEQ) {
			size_t i = (size_t)strtoul(seg, NULL, 10);
			n = i < n->u.seq.count ? n->u.seq.items[i] : NULL;
			*entry = NULL;
		} else {
			*entry = tt_node_map_find(n, seg);
			n = *entry ? (*entry)->value : NULL;
		}
	}
	return n;
}

/* ---- positions ---- */

typedef struct pos_case {
	const char *path;
	const char *kind; /* tt_node_kind_name */
	int line, col;
	int key_line, key_col; /* 0 when the node is not a map value */
} pos_case;

static const char json_text[] =
        "{\n"
        "  \"name\": \"web\",\n"
        "  \"sizes\": [1, 2.5,\n"
        "            -3],\n"
        "\t\"nested\": {\"ok\": true, \"none\": null},\n"
        "  \"empty\": {}, \"list\": []\n"
        "}\n";

static const pos_case json_pos[] = {
        {"", "map", 1, 1, 0, 0},
        {"name", "string", 2, 11, 2, 3},
        {"sizes", "sequence", 3, 12, 3, 3},
        {"sizes.0", "number", 3, 13, 0, 0},
        {"sizes.1", "number", 3, 16, 0, 0},
        {"sizes.2", "number", 4, 13, 0, 0},
        /* A tab is one column. */
        {"nested", "map", 5, 12, 5, 2},
        {"nested.ok", "boolean", 5, 19, 5, 13},
        {"nested.none", "null", 5, 33, 5, 25},
        {"empty", "map", 6, 12, 6, 3},
        {"list", "sequence", 6, 24, 6, 16},
};

/* Columns count bytes: "été" is five bytes wide. */
static const char yaml_text[] = "name: web\n"
                                "sizes: [1, 2.5,\n"
                                "  -3]\n"
                                "nested:\n"
                                "  ok: true\n"
                                "  none: ~\n"
                                "  quoted: \"70\"\n"
                                "  block: |\n"
                                "    line one\n"
                                "  empty:\n"
                                "list:\n"
                                "  - a\n"
                                "  - {k: v}\n"
                                "\xc3\xa9t\xc3\xa9: \xc3\xa9\n";

static const pos_case yaml_pos[] = {
        {"", "map", 1, 1, 0, 0},
        {"name", "string", 1, 7, 1, 1},
        {"sizes", "sequence", 2, 8, 2, 1},
        {"sizes.0", "number", 2, 9, 0, 0},
        {"sizes.1", "number", 2, 12, 0, 0},
        {"sizes.2", "number", 3, 3, 0, 0},
        /* A block mapping starts at its first key. */
        {"nested", "map", 5, 3, 4, 1},
        {"nested.ok", "boolean", 5, 7, 5, 3},
        {"nested.none", "null", 6, 9, 6, 3},
        {"nested.quoted", "string", 7, 11, 7, 3},
        {"nested.block", "string", 8, 10, 8, 3},
        {"nested.empty", "null", 10, 9, 10, 3},
        {"list", "sequence", 12, 3, 11, 1},
        {"list.0", "string", 12, 5, 0, 0},
        {"list.1", "map", 13, 5, 0, 0},
        {"list.1.k", "string", 13, 9, 13, 6},
        {"\xc3\xa9t\xc3\xa9", "string", 14, 8, 14, 1},
};

static void check_pos(fmt f, const char *text, const pos_case *c)
{
	tt_doc doc = parse_ok(f, text);
	const tt_node_entry *e;
	const tt_node *n = at(doc.root, c->path, &e);
	ck_assert_msg(n != NULL, "no node at '%s'", c->path);
	ck_assert_str_eq(tt_node_kind_name(n), c->kind);
	ck_assert_str_eq(n->loc.file, "t");
	ck_assert_msg(n->loc.line == c->line && n->loc.col == c->col,
	              "'%s' at %d:%d, want %d:%d", c->path, n->loc.line,
	              n->loc.col, c->line, c->col);
	if (c->key_line) {
		ck_assert_ptr_nonnull(e);
		ck_assert_str_eq(e->key_loc.file, "t");
		ck_assert_msg(e->key_loc.line == c->key_line &&
		                      e->key_loc.col == c->key_col,
		              "key of '%s' at %d:%d, want %d:%d", c->path,
		              e->key_loc.line, e->key_loc.col, c->key_line,
		              c->key_col);
	}
	tt_doc_release(&doc);
	ck_assert_ptr_null(doc.root);
}

START_TEST(json_positions)
{
	check_pos(JSON, json_text, &json_pos[_i]);
}
END_TEST

START_TEST(yaml_positions)
{
	check_pos(YAML, yaml_text, &yaml_pos[_i]);
}
END_TEST

/* Map entries stay in document order. */
START_TEST(entry_order)
{
	static const char *const want[] = {"name", "sizes", "nested", "empty",
	                                   "list"};
	tt_doc doc = parse_ok(JSON, json_text);
	ck_assert_uint_eq(doc.root->u.map.count, 5);
	for (size_t i = 0; i < 5; i++)
		ck_assert_str_eq(doc.root->u.map.entries[i].key, want[i]);
	tt_doc_release(&doc);
}
END_TEST

/* ---- scalars as parsed ---- */

typedef struct scalar_case {
	fmt f;
	const char *text;
	tt_scalar_kind kind;
	const char *value; /* the scalar's text, compared over `len` bytes */
	size_t len;
} scalar_case;

static const scalar_case scalars[] = {
        {JSON, "\"web\"", TT_SCALAR_STRING, "web", 3},
        {JSON, "70.0", TT_SCALAR_NUMBER, "70.0", 4},
        {JSON, "-0", TT_SCALAR_NUMBER, "-0", 2},
        {JSON, "1e400", TT_SCALAR_NUMBER, "1e400", 5},
        {JSON, "true", TT_SCALAR_BOOL, "true", 4},
        {JSON, "false", TT_SCALAR_BOOL, "false", 5},
        {JSON, "null", TT_SCALAR_NULL, "null", 4},
        {JSON, "\"a\\\"\\\\\\/\\b\\f\\n\\r\\tz\"", TT_SCALAR_STRING,
         "a\"\\/\b\f\n\r\tz", 10},
        {JSON, "\"\\u00e9\\u20ac\"", TT_SCALAR_STRING, "\xc3\xa9\xe2\x82\xac",
         5},
        {JSON, "\"\\ud83d\\ude00\"", TT_SCALAR_STRING, "\xf0\x9f\x98\x80", 4},
        /* The length survives an escaped NUL. */
        {JSON, "\"x\\u0000y\"", TT_SCALAR_STRING, "x\0y", 3},
        {YAML, "70", TT_SCALAR_PLAIN, "70", 2},
        {YAML, "web", TT_SCALAR_PLAIN, "web", 3},
        {YAML, "yes", TT_SCALAR_PLAIN, "yes", 3},
        {YAML, "\"70\"", TT_SCALAR_STRING, "70", 2},
        {YAML, "'it''s'", TT_SCALAR_STRING, "it's", 4},
        {YAML, "\"x\\0y\"", TT_SCALAR_STRING, "x\0y", 3},
        {YAML, "|\n  a\n  b\n", TT_SCALAR_STRING, "a\nb\n", 4},
        {YAML, ">\n  a\n  b\n", TT_SCALAR_STRING, "a b\n", 4},
        {YAML, "~", TT_SCALAR_NULL, "~", 1},
        {YAML, "null", TT_SCALAR_NULL, "null", 4},
        {YAML, "NULL", TT_SCALAR_NULL, "NULL", 4},
        {YAML, "!!str 70", TT_SCALAR_STRING, "70", 2},
        {YAML, "!!int 70", TT_SCALAR_PLAIN, "70", 2},
        {YAML, "!!null ~", TT_SCALAR_NULL, "~", 1},
        {YAML, "\"null\"", TT_SCALAR_STRING, "null", 4},
};

START_TEST(scalar_kinds)
{
	const scalar_case *c = &scalars[_i];
	tt_doc doc = parse_ok(c->f, c->text);
	const tt_node *n = doc.root;
	ck_assert_int_eq(n->kind, TT_NODE_SCALAR);
	ck_assert_int_eq(n->u.scalar.kind, c->kind);
	ck_assert_uint_eq(n->u.scalar.len, c->len);
	ck_assert_int_eq(memcmp(n->u.scalar.text, c->value, c->len), 0);
	ck_assert_int_eq(n->u.scalar.text[c->len], '\0');
	ck_assert_int_eq(n->loc.line, 1);
	ck_assert_int_eq(n->loc.col, 1);
	tt_doc_release(&doc);
}
END_TEST

/* An empty YAML value is null with empty text. */
START_TEST(yaml_empty_value)
{
	tt_doc doc = parse_ok(YAML, "a:\nb: 1\n");
	const tt_node *a = tt_node_map_get(doc.root, "a");
	ck_assert_int_eq(a->u.scalar.kind, TT_SCALAR_NULL);
	ck_assert_uint_eq(a->u.scalar.len, 0);
	ck_assert_str_eq(a->u.scalar.text, "");
	tt_doc_release(&doc);
}
END_TEST

/* ---- parse errors: the exact message at the exact place ---- */

typedef struct err_case {
	fmt f;
	const char *text;
	tt_code code;
	const char *msg; /* as tt_diag_format prints it */
} err_case;

static void check_err(const err_case *c)
{
	tt_doc doc = {(tt_node *)&doc, "unset"};
	tt_diag d = {0};
	char buf[700];
	tt_code rc = parse(c->f, c->text, &doc, &d);
	ck_assert_int_eq(rc, c->code);
	ck_assert_int_eq(d.code, c->code);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), c->msg);
	/* *out is untouched on failure. */
	ck_assert_ptr_eq(doc.root, (tt_node *)&doc);
	ck_assert_str_eq(doc.name, "unset");
}

static const err_case json_syntax[] = {
        {JSON, "{\n  \"a\": 1\n", TT_ESYNTAX,
         "t:3:1: error: unexpected end of JSON input"},
        {JSON, "{\"a\": 1", TT_ESYNTAX,
         "t:1:8: error: unexpected end of JSON input"},
        {JSON, "{\n  \"a\": 1,\n}", TT_ESYNTAX,
         "t:3:1: error: malformed JSON near '}' (JSON does not allow trailing "
         "commas)"},
        {JSON, "[1, 2,\n]", TT_ESYNTAX,
         "t:2:1: error: malformed JSON near ']' (JSON does not allow trailing "
         "commas)"},
        {JSON, "{\n  \"TargetValue\" 70.0\n}", TT_ESYNTAX,
         "t:2:17: error: malformed JSON near '70.0' (expected ':' after the "
         "key)"},
        {JSON, "[1 2]", TT_ESYNTAX,
         "t:1:4: error: malformed JSON near '2' (expected ',' or ']')"},
        {JSON, "{\"a\": 1 \"b\": 2}", TT_ESYNTAX,
         "t:1:9: error: malformed JSON near '\"' (expected ',' or '}')"},
        {JSON, "{\"a\": }", TT_ESYNTAX,
         "t:1:7: error: malformed JSON near '}'"},
        {JSON, "{1: 2}", TT_ESYNTAX, "t:1:2: error: malformed JSON near '1'"},
        {JSON, "{'a': 1}", TT_ESYNTAX,
         "t:1:2: error: malformed JSON near ''' (JSON strings use double "
         "quotes)"},
        {JSON, "{\"a\": 1 // why\n}", TT_ESYNTAX,
         "t:1:9: error: malformed JSON near '/' (JSON does not allow "
         "comments)"},
        {JSON, "{\"a\": tru}", TT_ESYNTAX,
         "t:1:7: error: malformed JSON near 'tru'"},
        {JSON, "[nullx]", TT_ESYNTAX,
         "t:1:2: error: malformed JSON near 'nullx'"},
        {JSON, "{\"a\": True}", TT_ESYNTAX,
         "t:1:7: error: malformed JSON near 'True'"},
        {JSON, "{} {}", TT_ESYNTAX,
         "t:1:4: error: malformed JSON near '{' (text after the end of the "
         "document)"},
        {JSON, "{\"a\": \"x", TT_ESYNTAX, "t:1:7: error: unterminated string"},
        {JSON, "{\"a\": \"x\n\"}", TT_ESYNTAX,
         "t:1:7: error: unterminated string"},
        {JSON, "[\"a\tb\"]", TT_ESYNTAX,
         "t:1:4: error: unescaped control character in string"},
        {JSON, "[\"a\\qb\"]", TT_ESYNTAX,
         "t:1:4: error: invalid escape '\\q' in string"},
        {JSON, "[\"\\u12g4\"]", TT_ESYNTAX,
         "t:1:3: error: invalid \\u escape in string (expected four hex "
         "digits)"},
        {JSON, "[\"\\ud800x\"]", TT_ESYNTAX,
         "t:1:3: error: unpaired surrogate \\uD800 in string"},
        {JSON, "[\"\\udc00\"]", TT_ESYNTAX,
         "t:1:3: error: unpaired surrogate \\uDC00 in string"},
        {JSON, "[1, \x01]", TT_ESYNTAX,
         "t:1:5: error: malformed JSON near byte 0x01"},
        /* UTF-8 before the error counts in bytes. */
        {JSON, "{\"\xc3\xa9\": [1, }", TT_ESYNTAX,
         "t:1:12: error: malformed JSON near '}'"},
        {JSON, "\xff\xfe{\0}\0", TT_EUNSUPPORTED,
         "t:1:1: error: UTF-16 input is not supported (save the file as "
         "UTF-8)"},
};

static const err_case json_numbers[] = {
        {JSON, "[0x10]", TT_ESYNTAX, "t:1:2: error: malformed number '0x10'"},
        {JSON, "[01]", TT_ESYNTAX, "t:1:2: error: malformed number '01'"},
        {JSON, "[1.]", TT_ESYNTAX, "t:1:2: error: malformed number '1.'"},
        {JSON, "[.5]", TT_ESYNTAX, "t:1:2: error: malformed JSON near '.5'"},
        {JSON, "[+1]", TT_ESYNTAX, "t:1:2: error: malformed JSON near '+1'"},
        {JSON, "[1e]", TT_ESYNTAX, "t:1:2: error: malformed number '1e'"},
        {JSON, "[-]", TT_ESYNTAX, "t:1:2: error: malformed number '-'"},
        {JSON, "[1.2.3]", TT_ESYNTAX, "t:1:2: error: malformed number '1.2.3'"},
        {JSON, "[NaN]", TT_ESYNTAX, "t:1:2: error: malformed JSON near 'NaN'"},
        {JSON, "[Infinity]", TT_ESYNTAX,
         "t:1:2: error: malformed JSON near 'Infinity'"},
        {JSON,
         "[1234567890123456789012345678901234567890123456789012345678901234]",
         TT_ESYNTAX, "t:1:2: error: number too long (more than 63 characters)"},
};

static const err_case yaml_syntax[] = {
        {YAML, "a:\n b: 1\n  c: 2\n", TT_ESYNTAX,
         "t:3:4: error: mapping values are not allowed in this context"},
        {YAML, "x: \xc3\xa9: 1\n", TT_ESYNTAX,
         "t:1:6: error: mapping values are not allowed in this context"},
        {YAML, "a: 1\nb\n", TT_ESYNTAX,
         "t:3:1: error: could not find expected ':' (while scanning a simple "
         "key at 2:1)"},
        {YAML, "a: [1, 2\n", TT_ESYNTAX,
         "t:2:1: error: did not find expected ',' or ']' (while parsing a "
         "flow sequence at 1:4)"},
        {YAML, "[1, 2", TT_ESYNTAX,
         "t:1:6: error: did not find expected ',' or ']' (while parsing a flow "
         "sequence at 1:1)"},
        {YAML, "a: \"x\n", TT_ESYNTAX,
         "t:2:1: error: found unexpected end of stream (while scanning a "
         "quoted scalar at 1:4)"},
        {YAML, "- a\nb: 1\n", TT_ESYNTAX,
         "t:2:1: error: did not find expected '-' indicator (while parsing a "
         "block collection at 1:1)"},
        {YAML, "a:\n\tb: 1\n", TT_ESYNTAX,
         "t:2:1: error: found character that cannot start any token (YAML "
         "does not allow tabs for indentation)"},
        {YAML, "a: \x01\n", TT_ESYNTAX,
         "t:1:4: error: control characters are not allowed"},
        {YAML, "a: 1\nb: \xff\n", TT_ESYNTAX,
         "t:2:4: error: invalid leading UTF-8 octet"},
        {YAML, "a: !foo 1\n", TT_EUNSUPPORTED,
         "t:1:4: error: YAML tag '!foo' is not supported here"},
        {YAML, "a: !!seq {b: 1}\n", TT_EUNSUPPORTED,
         "t:1:4: error: YAML tag 'tag:yaml.org,2002:seq' is not supported "
         "here"},
        {YAML, "? [1]\n: 2\n", TT_EUNSUPPORTED,
         "t:1:3: error: YAML map keys must be scalars, got a sequence"},
        {YAML, "{a: 1}: 2\n", TT_EUNSUPPORTED,
         "t:1:1: error: YAML map keys must be scalars, got a map"},
        {YAML, "\"a\\0b\": 1\n", TT_EINVAL,
         "t:1:1: error: key must not contain a NUL character"},
};

static const err_case duplicates[] = {
        {JSON,
         "{\n  \"TargetValue\": 70.0,\n  \"X\": {\"a\": 1},\n  "
         "\"TargetValue\": 80.0\n}",
         TT_EINVAL, "t:4:3: error: duplicate key 'TargetValue'"},
        {JSON, "[{\"a\": 1}, {\"b\": 1, \"b\": {\"c\": 1, \"c\": 2}}]",
         TT_EINVAL, "t:1:21: error: duplicate key 'b'"},
        /* Escapes are compared unescaped. */
        {JSON, "{\"a\": 1, \"\\u0061\": 2}", TT_EINVAL,
         "t:1:10: error: duplicate key 'a'"},
        {JSON, "{\"a\\u0000b\": 1}", TT_EINVAL,
         "t:1:2: error: key must not contain a NUL character"},
        {YAML, "a: 1\nb: 2\na: 3\n", TT_EINVAL,
         "t:3:1: error: duplicate key 'a'"},
        {YAML, "x:\n  k: 1\n  'k': 2\n", TT_EINVAL,
         "t:3:3: error: duplicate key 'k'"},
        {YAML, "{a: 1, b: 2, b: 3}", TT_EINVAL,
         "t:1:14: error: duplicate key 'b'"},
};

static const err_case aliases[] = {
        {YAML, "a: &x 1\nb: *x\n", TT_EUNSUPPORTED,
         "t:2:4: error: YAML aliases are not supported"},
        {YAML, "base: &b {k: 1}\nother:\n  - *b\n", TT_EUNSUPPORTED,
         "t:3:5: error: YAML aliases are not supported"},
        {YAML, "a: &x 1\n*x : 2\n", TT_EUNSUPPORTED,
         "t:2:1: error: YAML aliases are not supported"},
};

static const err_case documents[] = {
        {JSON, "", TT_ESYNTAX, "t:1:1: error: empty document"},
        {JSON, " \n\t\r\n", TT_ESYNTAX, "t:1:1: error: empty document"},
        {JSON, "\xef\xbb\xbf", TT_ESYNTAX, "t:1:1: error: empty document"},
        {YAML, "", TT_ESYNTAX, "t:1:1: error: empty document"},
        {YAML, "# only a comment\n", TT_ESYNTAX,
         "t:1:1: error: empty document"},
        {YAML, "---\n", TT_ESYNTAX, "t:1:1: error: empty document"},
        {YAML, "\xef\xbb\xbf\n\n  # indented\r\n# two\n", TT_ESYNTAX,
         "t:1:1: error: empty document"},
        {YAML, "# c\n---\n...\n", TT_ESYNTAX, "t:1:1: error: empty document"},
        {JSON, "\xef\xbb\xbf\n\n  \n", TT_ESYNTAX,
         "t:1:1: error: empty document"},
        {YAML, "a: 1\n---\nb: 2\n", TT_EINVAL,
         "t:2:1: error: expected one YAML document, found a second one"},
        {YAML, "--- 1\n--- 2\n", TT_EINVAL,
         "t:2:1: error: expected one YAML document, found a second one"},
};

START_TEST(json_syntax_errors)
{
	check_err(&json_syntax[_i]);
}
END_TEST

START_TEST(json_number_syntax)
{
	check_err(&json_numbers[_i]);
}
END_TEST

START_TEST(yaml_syntax_errors)
{
	check_err(&yaml_syntax[_i]);
}
END_TEST

START_TEST(duplicate_keys)
{
	check_err(&duplicates[_i]);
}
END_TEST

START_TEST(yaml_aliases)
{
	check_err(&aliases[_i]);
}
END_TEST

START_TEST(document_count)
{
	check_err(&documents[_i]);
}
END_TEST

/* An anchor alone is harmless and ignored. */
START_TEST(yaml_anchor_alone)
{
	tt_doc doc = parse_ok(YAML, "a: &x 1\n");
	const tt_node *a = tt_node_map_get(doc.root, "a");
	ck_assert_str_eq(a->u.scalar.text, "1");
	ck_assert_int_eq(a->loc.col, 4);
	tt_doc_release(&doc);
}
END_TEST

/* A YAML document may say "---" and "..." explicitly. */
START_TEST(yaml_explicit_document)
{
	tt_doc doc = parse_ok(YAML, "%YAML 1.1\n---\na: 1\n...\n");
	const tt_node *a = tt_node_map_get(doc.root, "a");
	ck_assert_int_eq(a->loc.line, 3);
	ck_assert_int_eq(a->loc.col, 4);
	tt_doc_release(&doc);
}
END_TEST

/* ---- depth ---- */

/* n openings, the innermost value, n closings: "[[[]]]", {"k":{"k":0}}. */
static char *nested(int n, const char *open, const char *mid, const char *close)
{
	size_t ol = strlen(open), ml = strlen(mid), cl = strlen(close);
	char *s = malloc((size_t)n * (ol + cl) + ml + 1);
	ck_assert_ptr_nonnull(s);
	char *p = s;
	for (int i = 0; i < n; i++, p += ol)
		memcpy(p, open, ol);
	memcpy(p, mid, ml);
	p += ml;
	for (int i = 0; i < n; i++, p += cl)
		memcpy(p, close, cl);
	*p = '\0';
	return s;
}

static const struct depth_case {
	fmt f;
	const char *open, *mid, *close;
	int col_step; /* columns per level */
} depth_cases[] = {
        {JSON, "[", "", "]", 1},
        {JSON, "{\"k\":", "0", "}", 5},
        {YAML, "[", "", "]", 1},
        {YAML, "{k: ", "0", "}", 4},
};

START_TEST(depth_limit)
{
	const struct depth_case *c = &depth_cases[_i];
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[700], want[100];

	char *ok = nested(TT_NODE_MAX_DEPTH, c->open, c->mid, c->close);
	doc = parse_ok(c->f, ok);
	tt_doc_release(&doc);
	free(ok);

	char *deep = nested(TT_NODE_MAX_DEPTH + 1, c->open, c->mid, c->close);
	ck_assert_int_eq(parse(c->f, deep, &doc, &d), TT_EINVAL);
	snprintf(want, sizeof want,
	         "t:1:%d: error: nested deeper than 64 levels",
	         TT_NODE_MAX_DEPTH * c->col_step + 1);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
	free(deep);

	/* Far deeper than any parser's own limit: still our message. */
	char *deeper = nested(5000, c->open, c->mid, c->close);
	ck_assert_int_eq(parse(c->f, deeper, &doc, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
	free(deeper);
}
END_TEST

/* Block style counts levels the same way. */
START_TEST(depth_limit_yaml_block)
{
	char text[64 * 80];
	char *p = text;
	for (int i = 0; i <= TT_NODE_MAX_DEPTH; i++)
		p += sprintf(p, "%*sk:\n", i, "");
	p += sprintf(p, "%*sv\n", TT_NODE_MAX_DEPTH + 1, "");
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[700];
	/* 65 nested maps: the 65th starts on line 65 at column 65. */
	ck_assert_int_eq(parse(YAML, text, &doc, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:65:65: error: nested deeper than 64 levels");
}
END_TEST

/* ---- byte-order mark ---- */

static const struct bom_case {
	fmt f;
	const char *text;
	int line, col, key_col;
} bom_cases[] = {
        {JSON, "\xef\xbb\xbf{\"a\": 1}", 1, 7, 2},
        {JSON, "\xef\xbb\xbf\n {\"a\": 1}", 2, 8, 3},
        {YAML,
         "\xef\xbb\xbf"
         "a: 1\n",
         1, 4, 1},
        {YAML,
         "\xef\xbb\xbf"
         "b: 0\na: 1\n",
         2, 4, 1},
};

START_TEST(bom_skipped)
{
	const struct bom_case *c = &bom_cases[_i];
	tt_doc doc = parse_ok(c->f, c->text);
	const tt_node_entry *e = tt_node_map_find(doc.root, "a");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->value->loc.line, c->line);
	ck_assert_int_eq(e->value->loc.col, c->col);
	ck_assert_int_eq(e->key_loc.line, c->line);
	ck_assert_int_eq(e->key_loc.col, c->key_col);
	tt_doc_release(&doc);
}
END_TEST

/* ---- typed readers ---- */

/*
 * Each reader case parses `text` (a one-key map {v: ...}), reads key v and
 * expects either a value or an exact message.
 */
typedef struct num_case {
	fmt f;
	const char *text;
	tt_code code;
	double value;
	const char *msg;
} num_case;

static const num_case numbers[] = {
        {JSON, "{\"v\": 70.5}", TT_OK, 70.5, NULL},
        {JSON, "{\"v\": -3}", TT_OK, -3, NULL},
        {JSON, "{\"v\": 1E3}", TT_OK, 1000, NULL},
        {JSON, "{\"v\": 1e-400}", TT_OK, 0, NULL},
        {YAML, "v: 70", TT_OK, 70, NULL},
        {YAML, "v: +5", TT_OK, 5, NULL},
        {YAML, "v: .5", TT_OK, 0.5, NULL},
        {YAML, "v: 1.", TT_OK, 1, NULL},
        {YAML, "v: 007", TT_OK, 7, NULL},
        {YAML, "v: 2.5e-1", TT_OK, 0.25, NULL},
        {YAML, "v: !!float 3", TT_OK, 3, NULL},
        {JSON, "{\"v\": -0}", TT_OK, 0, NULL},
        {YAML, "v: -0.0", TT_OK, 0, NULL},
        {JSON, "{\"v\": 1e400}", TT_ERANGE, 0,
         "t:1:7: error: number out of range for 'v', got 1e400"},
        {JSON, "{\"v\": -1e400}", TT_ERANGE, 0,
         "t:1:7: error: number out of range for 'v', got -1e400"},
        {YAML, "v: 1e400", TT_ERANGE, 0,
         "t:1:4: error: number out of range for 'v', got 1e400"},
        {JSON, "{\"v\": \"70\"}", TT_EINVAL, 0,
         "t:1:7: error: expected a number for 'v', got a string"},
        {JSON, "{\"v\": true}", TT_EINVAL, 0,
         "t:1:7: error: expected a number for 'v', got a boolean"},
        {JSON, "{\"v\": null}", TT_EINVAL, 0,
         "t:1:7: error: expected a number for 'v', got null"},
        {JSON, "{\"v\": [1]}", TT_EINVAL, 0,
         "t:1:7: error: expected a number for 'v', got a sequence"},
        {JSON, "{\"v\": {}}", TT_EINVAL, 0,
         "t:1:7: error: expected a number for 'v', got a map"},
        {YAML, "v: \"70\"", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got a string"},
        {YAML, "v: 0x10", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got '0x10'"},
        {YAML, "v: 0o17", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got '0o17'"},
        {YAML, "v: .inf", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got '.inf'"},
        {YAML, "v: nan", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got 'nan'"},
        {YAML, "v: 1_000", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got '1_000'"},
        {YAML, "v: 70%", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got '70%'"},
        {YAML, "v: 1e", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got '1e'"},
        {YAML, "v: +", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got '+'"},
        {YAML, "v: ~", TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got null"},
        {YAML, "v:", TT_EINVAL, 0,
         "t:1:3: error: expected a number for 'v', got an empty value"},
        /* Long values are cut so the message stays readable. */
        {YAML, "v: aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeee",
         TT_EINVAL, 0,
         "t:1:4: error: expected a number for 'v', got "
         "'aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd...'"},
};

START_TEST(read_number)
{
	const num_case *c = &numbers[_i];
	tt_doc doc = parse_ok(c->f, c->text);
	const tt_node *v = tt_node_map_get(doc.root, "v");
	double x = 42;
	tt_diag d = {0};
	char buf[700];
	tt_code rc = tt_node_number(v, "v", &x, &d);
	ck_assert_int_eq(rc, c->code);
	ck_assert_int_eq(tt_node_is_number(v), c->code == TT_OK);
	if (c->code == TT_OK) {
		ck_assert_double_eq(x, c->value);
		ck_assert(!signbit(x) || c->value < 0); /* no "-0" */
	} else {
		ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), c->msg);
		ck_assert_double_eq(x, 42);
	}
	tt_doc_release(&doc);
}
END_TEST

typedef struct int_case {
	fmt f;
	const char *text;
	int64_t min, max;
	tt_code code;
	int64_t value;
	const char *msg;
} int_case;

static const int_case ints[] = {
        {JSON, "{\"v\": 5}", 0, 1000, TT_OK, 5, NULL},
        {JSON, "{\"v\": 0}", 0, 1000, TT_OK, 0, NULL},
        {JSON, "{\"v\": 1000}", 0, 1000, TT_OK, 1000, NULL},
        {JSON, "{\"v\": -0}", 0, 1000, TT_OK, 0, NULL},
        {JSON, "{\"v\": 2.0}", 0, 1000, TT_OK, 2, NULL},
        {JSON, "{\"v\": 1e3}", 0, 1000, TT_OK, 1000, NULL},
        {YAML, "v: 42", 0, 1000, TT_OK, 42, NULL},
        {YAML, "v: +7", 0, 1000, TT_OK, 7, NULL},
        /* Exact beyond a double's 53 bits. */
        {JSON, "{\"v\": 9007199254740993}", 0, INT64_MAX, TT_OK,
         9007199254740993LL, NULL},
        {YAML, "v: 9223372036854775807", 0, INT64_MAX, TT_OK, INT64_MAX, NULL},
        {YAML, "v: -9223372036854775808", INT64_MIN, 0, TT_OK, INT64_MIN, NULL},
        {JSON, "{\"v\": 2.5}", 0, 1000, TT_EINVAL, 0,
         "t:1:7: error: expected an integer for 'v', got 2.5"},
        {YAML, "v: 1e-1", 0, 1000, TT_EINVAL, 0,
         "t:1:4: error: expected an integer for 'v', got 1e-1"},
        {JSON, "{\"v\": 5000}", 0, 1000, TT_ERANGE, 0,
         "t:1:7: error: 'v' must be between 0 and 1000, got 5000"},
        {JSON, "{\"v\": -1}", 0, 1000, TT_ERANGE, 0,
         "t:1:7: error: 'v' must be between 0 and 1000, got -1"},
        {JSON, "{\"v\": 5e3}", 0, 1000, TT_ERANGE, 0,
         "t:1:7: error: 'v' must be between 0 and 1000, got 5e3"},
        {JSON, "{\"v\": 1e400}", 0, 1000, TT_ERANGE, 0,
         "t:1:7: error: 'v' must be between 0 and 1000, got 1e400"},
        {YAML, "v: 9223372036854775808", 0, 1000, TT_ERANGE, 0,
         "t:1:4: error: 'v' must be between 0 and 1000, got "
         "9223372036854775808"},
        {YAML, "v: 0", 1, INT64_MAX, TT_ERANGE, 0,
         "t:1:4: error: 'v' must be at least 1, got 0"},
        {YAML, "v: 9e18", 1, INT64_MAX, TT_OK, 9000000000000000000LL, NULL},
        {YAML, "v: 1e19", 1, INT64_MAX, TT_ERANGE, 0,
         "t:1:4: error: 'v' must be at most 9223372036854775807, got 1e19"},
        {YAML, "v: 3", INT64_MIN, 2, TT_ERANGE, 0,
         "t:1:4: error: 'v' must be at most 2, got 3"},
        {JSON, "{\"v\": \"5\"}", 0, 1000, TT_EINVAL, 0,
         "t:1:7: error: expected an integer for 'v', got a string"},
        {YAML, "v: five", 0, 1000, TT_EINVAL, 0,
         "t:1:4: error: expected an integer for 'v', got 'five'"},
        {YAML, "v: [5]", 0, 1000, TT_EINVAL, 0,
         "t:1:4: error: expected an integer for 'v', got a sequence"},
};

START_TEST(read_int)
{
	const int_case *c = &ints[_i];
	tt_doc doc = parse_ok(c->f, c->text);
	const tt_node *v = tt_node_map_get(doc.root, "v");
	int64_t x = 42;
	tt_diag d = {0};
	char buf[700];
	tt_code rc = tt_node_int(v, "v", c->min, c->max, &x, &d);
	ck_assert_msg(rc == c->code, "'%s': %s", c->text,
	              tu_diag_str(&d, buf, sizeof buf));
	if (c->code == TT_OK) {
		ck_assert_int_eq(x, c->value);
	} else {
		ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), c->msg);
		ck_assert_int_eq(x, 42);
	}
	tt_doc_release(&doc);
}
END_TEST

typedef struct bool_case {
	fmt f;
	const char *text;
	tt_code code;
	bool value;
	const char *msg;
} bool_case;

static const bool_case bools[] = {
        {JSON, "{\"v\": true}", TT_OK, true, NULL},
        {JSON, "{\"v\": false}", TT_OK, false, NULL},
        {YAML, "v: true", TT_OK, true, NULL},
        {YAML, "v: false", TT_OK, false, NULL},
        {YAML, "v: !!bool true", TT_OK, true, NULL},
        {YAML, "v: yes", TT_EINVAL, false,
         "t:1:4: error: expected true or false for 'v', got 'yes'"},
        {YAML, "v: no", TT_EINVAL, false,
         "t:1:4: error: expected true or false for 'v', got 'no'"},
        {YAML, "v: on", TT_EINVAL, false,
         "t:1:4: error: expected true or false for 'v', got 'on'"},
        {YAML, "v: True", TT_EINVAL, false,
         "t:1:4: error: expected true or false for 'v', got 'True'"},
        {YAML, "v: 1", TT_EINVAL, false,
         "t:1:4: error: expected true or false for 'v', got '1'"},
        {YAML, "v: \"true\"", TT_EINVAL, false,
         "t:1:4: error: expected true or false for 'v', got a string"},
        {JSON, "{\"v\": \"true\"}", TT_EINVAL, false,
         "t:1:7: error: expected true or false for 'v', got a string"},
        {JSON, "{\"v\": 1}", TT_EINVAL, false,
         "t:1:7: error: expected true or false for 'v', got a number"},
        {JSON, "{\"v\": null}", TT_EINVAL, false,
         "t:1:7: error: expected true or false for 'v', got null"},
};

START_TEST(read_bool)
{
	const bool_case *c = &bools[_i];
	tt_doc doc = parse_ok(c->f, c->text);
	const tt_node *v = tt_node_map_get(doc.root, "v");
	bool x = !c->value;
	tt_diag d = {0};
	char buf[700];
	tt_code rc = tt_node_bool(v, "v", &x, &d);
	ck_assert_int_eq(rc, c->code);
	if (c->code == TT_OK)
		ck_assert_int_eq(x, c->value);
	else
		ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), c->msg);
	tt_doc_release(&doc);
}
END_TEST

typedef struct str_case {
	fmt f;
	const char *text;
	tt_code code;
	const char *value;
	const char *msg;
} str_case;

static const str_case strings[] = {
        {JSON, "{\"v\": \"web\"}", TT_OK, "web", NULL},
        {JSON, "{\"v\": \"\"}", TT_OK, "", NULL},
        {YAML, "v: web", TT_OK, "web", NULL},
        {YAML, "v: 70", TT_OK, "70", NULL},
        {YAML, "v: true", TT_OK, "true", NULL},
        {YAML, "v: '70'", TT_OK, "70", NULL},
        {YAML, "v: ''", TT_OK, "", NULL},
        {JSON, "{\"v\": 70}", TT_EINVAL, NULL,
         "t:1:7: error: expected a string for 'v', got a number"},
        {JSON, "{\"v\": false}", TT_EINVAL, NULL,
         "t:1:7: error: expected a string for 'v', got a boolean"},
        {JSON, "{\"v\": null}", TT_EINVAL, NULL,
         "t:1:7: error: expected a string for 'v', got null"},
        {YAML, "v:", TT_EINVAL, NULL,
         "t:1:3: error: expected a string for 'v', got an empty value"},
        {YAML, "v: {a: 1}", TT_EINVAL, NULL,
         "t:1:4: error: expected a string for 'v', got a map"},
        {JSON, "{\"v\": \"a\\u0000b\"}", TT_EINVAL, NULL,
         "t:1:7: error: 'v' must not contain a NUL character"},
};

START_TEST(read_string)
{
	const str_case *c = &strings[_i];
	tt_doc doc = parse_ok(c->f, c->text);
	const tt_node *v = tt_node_map_get(doc.root, "v");
	const char *x = "unset";
	tt_diag d = {0};
	char buf[700];
	tt_code rc = tt_node_string(v, "v", &x, &d);
	ck_assert_int_eq(rc, c->code);
	if (c->code == TT_OK) {
		ck_assert_str_eq(x, c->value);
		ck_assert_ptr_eq(x,
		                 v->u.scalar.text); /* points into the node */
	} else {
		ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), c->msg);
		ck_assert_str_eq(x, "unset");
	}
	tt_doc_release(&doc);
}
END_TEST

/* ---- maps: shape, keys, required keys ---- */

START_TEST(expect_map_and_seq)
{
	tt_doc doc = parse_ok(YAML, "m: {a: 1}\ns: [1]\nx: hello\n");
	const tt_node *m = tt_node_map_get(doc.root, "m");
	const tt_node *s = tt_node_map_get(doc.root, "s");
	const tt_node *x = tt_node_map_get(doc.root, "x");
	tt_diag d = {0};
	char buf[700];

	ck_assert_int_eq(tt_node_expect_map(m, "m", &d), TT_OK);
	ck_assert_int_eq(tt_node_expect_seq(s, "s", &d), TT_OK);
	ck_assert_int_eq(tt_node_expect_map(s, "s", &d), TT_EINVAL);
	ck_assert_str_eq(
	        tu_diag_str(&d, buf, sizeof buf),
	        "t:2:4: error: expected a map for 's', got a sequence");
	ck_assert_int_eq(tt_node_expect_seq(m, "m", &d), TT_EINVAL);
	ck_assert_str_eq(
	        tu_diag_str(&d, buf, sizeof buf),
	        "t:1:4: error: expected a sequence for 'm', got a map");
	ck_assert_int_eq(tt_node_expect_map(x, "x", &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:3:4: error: expected a map for 'x', got 'hello'");
	tt_doc_release(&doc);
}
END_TEST

START_TEST(map_lookup)
{
	tt_doc doc = parse_ok(JSON, "{\"Key\": 1, \"key\": 2}");
	const tt_node_entry *e = tt_node_map_find(doc.root, "key");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->value->u.scalar.text, "2");
	ck_assert_int_eq(e->key_loc.col, 12);
	/* Exact and case-sensitive. */
	ck_assert_ptr_null(tt_node_map_find(doc.root, "KEY"));
	ck_assert_ptr_null(tt_node_map_get(doc.root, "Ke"));
	ck_assert_ptr_null(tt_node_map_get(e->value, "key")); /* not a map */
	ck_assert_ptr_null(tt_node_map_get(NULL, "key"));
	tt_doc_release(&doc);
}
END_TEST

START_TEST(check_keys)
{
	static const char *const allowed[] = {"TargetValue", "DisableScaleIn",
	                                      "ScaleInCooldown", NULL};
	tt_diag d = {0};
	char buf[700];

	tt_doc doc = parse_ok(JSON, "{\n  \"TargetValue\": 1,\n"
	                            "  \"DisableScaleIn\": false\n}");
	ck_assert_int_eq(tt_node_check_keys(doc.root, "cfg", allowed, &d),
	                 TT_OK);
	tt_doc_release(&doc);

	doc = parse_ok(JSON, "{\n  \"TargetValue\": 1,\n  \"Foo\": 2\n}");
	ck_assert_int_eq(tt_node_check_keys(doc.root, "cfg", allowed, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:3:3: error: unknown key 'Foo' in 'cfg' (expected "
	                 "one of: TargetValue, DisableScaleIn, "
	                 "ScaleInCooldown)");
	tt_doc_release(&doc);

	doc = parse_ok(YAML, "cfg:\n  targetvalue: 1\n");
	ck_assert_int_eq(tt_node_check_keys(tt_node_map_get(doc.root, "cfg"),
	                                    "cfg", allowed, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:2:3: error: unknown key 'targetvalue' in 'cfg' "
	                 "(expected one of: TargetValue, DisableScaleIn, "
	                 "ScaleInCooldown)");
	ck_assert_int_eq(tt_node_check_keys(doc.root, "top", allowed, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:1:1: error: unknown key 'cfg' in 'top' (expected "
	                 "one of: TargetValue, DisableScaleIn, "
	                 "ScaleInCooldown)");
	/* Not a map at all. */
	ck_assert_int_eq(tt_node_check_keys(tt_node_map_get(doc.root, "cfg")
	                                            ->u.map.entries[0]
	                                            .value,
	                                    "targetvalue", allowed, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:2:16: error: expected a map for 'targetvalue', got "
	                 "'1'");
	tt_doc_release(&doc);
}
END_TEST

START_TEST(require_key)
{
	tt_diag d = {0};
	char buf[700];
	const tt_node *v = NULL;
	tt_doc doc = parse_ok(JSON, "{\n  \"cfg\": {\n    \"A\": 1\n  }\n}");
	const tt_node *cfg = tt_node_map_get(doc.root, "cfg");

	ck_assert_int_eq(tt_node_require(cfg, "cfg", "A", &v, &d), TT_OK);
	ck_assert_ptr_eq(v, tt_node_map_get(cfg, "A"));

	v = NULL;
	ck_assert_int_eq(tt_node_require(cfg,
	                                 "TargetTrackingScalingPolicyConfigur"
	                                 "ation",
	                                 "TargetValue", &v, &d),
	                 TT_EINVAL);
	ck_assert_ptr_null(v);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:2:10: error: missing required key 'TargetValue' in "
	                 "'TargetTrackingScalingPolicyConfiguration'");

	ck_assert_int_eq(
	        tt_node_require(tt_node_map_get(cfg, "A"), "A", "B", &v, &d),
	        TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "t:3:10: error: expected a map for 'A', got a number");
	tt_doc_release(&doc);
}
END_TEST

static const struct {
	fmt f;
	const char *text;
	const char *name;
} kind_names[] = {
        {JSON, "{}", "map"},        {JSON, "[]", "sequence"},
        {JSON, "\"1\"", "string"},  {JSON, "1", "number"},
        {JSON, "true", "boolean"},  {JSON, "null", "null"},
        {YAML, "a: 1", "map"},      {YAML, "- 1", "sequence"},
        {YAML, "'1'", "string"},    {YAML, "1.5", "number"},
        {YAML, "false", "boolean"}, {YAML, "~", "null"},
        {YAML, "hello", "string"},  {YAML, "yes", "string"},
};

START_TEST(kind_name)
{
	tt_doc doc = parse_ok(kind_names[_i].f, kind_names[_i].text);
	ck_assert_str_eq(tt_node_kind_name(doc.root), kind_names[_i].name);
	tt_doc_release(&doc);
}
END_TEST

/* ---- files ---- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	ck_assert_int_eq(fclose(f), 0);
}

/* A scratch directory per test, removed by the caller. */
static void scratch_dir(char *dir, size_t size)
{
	snprintf(dir, size, "/tmp/ttsim-node-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

START_TEST(load_files)
{
	char dir[64], json[128], yaml[128];
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[700];
	scratch_dir(dir, sizeof dir);
	snprintf(json, sizeof json, "%s/p.json", dir);
	snprintf(yaml, sizeof yaml, "%s/s.yaml", dir);
	write_file(json, "{\n  \"TargetValue\": 70.0\n}\n");
	write_file(yaml, "capacity:\n  min: 1\n");

	ck_assert_int_eq(tt_doc_load_json(json, "p.json", &doc, &d), TT_OK);
	ck_assert_str_eq(doc.name, "p.json");
	const tt_node *v = tt_node_map_get(doc.root, "TargetValue");
	ck_assert_str_eq(v->loc.file, "p.json");
	ck_assert_int_eq(v->loc.line, 2);
	ck_assert_int_eq(v->loc.col, 18);
	tt_doc_release(&doc);

	ck_assert_int_eq(tt_doc_load_yaml(yaml, "s.yaml", &doc, &d), TT_OK);
	v = tt_node_map_get(tt_node_map_get(doc.root, "capacity"), "min");
	ck_assert_str_eq(v->u.scalar.text, "1");
	ck_assert_int_eq(v->loc.line, 2);
	ck_assert_int_eq(v->loc.col, 8);
	tt_doc_release(&doc);

	/* A parse error names the file as `name`. */
	ck_assert_int_eq(tt_doc_load_json(yaml, "shown.json", &doc, &d),
	                 TT_ESYNTAX);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "shown.json:1:1: error: malformed JSON near "
	                 "'capacity'");

	unlink(json);
	unlink(yaml);
	rmdir(dir);
}
END_TEST

START_TEST(read_file_errors)
{
	char dir[64], path[128], want[400];
	char *text = (char *)"unset";
	size_t len = 42;
	tt_diag d = {0};
	char buf[700];
	tt_doc doc = {0};
	scratch_dir(dir, sizeof dir);

	snprintf(path, sizeof path, "%s/missing.json", dir);
	ck_assert_int_eq(tt_read_file(path, "missing.json", &text, &len, &d),
	                 TT_EIO);
	snprintf(want, sizeof want,
	         "missing.json: error: cannot open '%s': No such file or "
	         "directory",
	         path);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
	ck_assert_int_eq(d.line, 0);
	ck_assert_str_eq(text, "unset");
	ck_assert_uint_eq(len, 42);
	ck_assert_int_eq(tt_doc_load_yaml(path, "m.yaml", &doc, &d), TT_EIO);

	ck_assert_int_eq(tt_read_file(dir, "d", &text, &len, &d), TT_EIO);
	snprintf(want, sizeof want, "d: error: '%s' is a directory", dir);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);

	/* One byte over the limit; sparse, so it costs no disk. */
	snprintf(path, sizeof path, "%s/big.yaml", dir);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)TT_DOC_MAX_BYTES + 1), 0);
	close(fd);
	ck_assert_int_eq(tt_read_file(path, "big.yaml", &text, &len, &d),
	                 TT_EIO);
	snprintf(want, sizeof want,
	         "big.yaml: error: '%s' is too large (the limit is 64 MiB)",
	         path);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);

	/* Exactly at the limit is fine. */
	ck_assert_int_eq(truncate(path, (off_t)TT_DOC_MAX_BYTES), 0);
	ck_assert_int_eq(tt_read_file(path, "big.yaml", &text, &len, &d),
	                 TT_OK);
	ck_assert_uint_eq(len, TT_DOC_MAX_BYTES);
	ck_assert_int_eq(text[len], '\0');
	free(text);
	unlink(path);

	/* An empty file reads as an empty, NUL-terminated buffer. */
	snprintf(path, sizeof path, "%s/empty.json", dir);
	write_file(path, "");
	ck_assert_int_eq(tt_read_file(path, "e", &text, &len, &d), TT_OK);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(text, "");
	free(text);
	ck_assert_int_eq(tt_doc_load_json(path, "e", &doc, &d), TT_ESYNTAX);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "e:1:1: error: empty document");
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(release_accepts_empty)
{
	tt_doc doc = {NULL, "x"};
	tt_doc_release(&doc);
	tt_doc_release(NULL);
	ck_assert_ptr_null(doc.root);
}
END_TEST

/* Text need not be NUL-terminated: only `len` bytes are read. */
START_TEST(length_bounded)
{
	tt_doc doc = {0};
	tt_diag d = {0};
	ck_assert_int_eq(tt_doc_parse_json("[1, 2]garbage", 6, "t", &doc, &d),
	                 TT_OK);
	ck_assert_uint_eq(doc.root->u.seq.count, 2);
	tt_doc_release(&doc);
	ck_assert_int_eq(tt_doc_parse_yaml("a: 1\n:::", 5, "t", &doc, &d),
	                 TT_OK);
	ck_assert_uint_eq(doc.root->u.map.count, 1);
	tt_doc_release(&doc);
}
END_TEST

/* What a file holds, told by its content (doc_kind.c). */
static const struct sniff_case {
	const char *text, *name;
	tt_doc_kind kind;
} sniffs[] = {
        {"{\"TargetValue\": 70}", "config", TT_DOC_JSON},
        {"\xEF\xBB\xBF\n  [1, 2]", "-", TT_DOC_JSON},
        {"# a policy\n// and more\n{}", "p", TT_DOC_JSON},
        {"{name: flow}", "s.yaml", TT_DOC_YAML},
        {"{name: flow}", "s.yml", TT_DOC_YAML},
        {"name: x\ncapacity: {min: 1}\n", "s", TT_DOC_YAML},
        {"Resources:\n  T:\n    Type: AWS::X\n", "stack.template",
         TT_DOC_YAML},
        {"- a\n- b\n", "list", TT_DOC_YAML},
        {"# comment\nresource \"aws_x\" \"y\" {\n}\n", "main.tf",
         TT_DOC_HCL},
        {"variable target { default = 70 }\n", "v", TT_DOC_HCL},
        {"locals {\n  a = 1\n}\n", "l", TT_DOC_HCL},
        {"endpoint = \"e\"\nmax      = 4\n", "prod.tfvars", TT_DOC_HCL},
        {"a == b\n", "x", TT_DOC_YAML},
        {"", "empty", TT_DOC_YAML},
        {"key: \"value = 1\"\n", "y", TT_DOC_YAML},
};

START_TEST(sniff_kind)
{
	const struct sniff_case *c = &sniffs[_i];
	ck_assert_int_eq(tt_doc_sniff(c->text, strlen(c->text), c->name),
	                 c->kind);
}
END_TEST

static Suite *node_suite(void)
{
	Suite *s = suite_create("node");
	TCase *tc;
#define LOOP(name, table)                                                      \
	do {                                                                   \
		tc = tcase_create(#name);                                      \
		tcase_add_loop_test(tc, name, 0, COUNT(table));                \
		suite_add_tcase(s, tc);                                        \
	} while (0)
#define ONE(name)                                                              \
	do {                                                                   \
		tc = tcase_create(#name);                                      \
		tcase_add_test(tc, name);                                      \
		suite_add_tcase(s, tc);                                        \
	} while (0)

	LOOP(json_positions, json_pos);
	LOOP(yaml_positions, yaml_pos);
	ONE(entry_order);
	LOOP(scalar_kinds, scalars);
	ONE(yaml_empty_value);
	LOOP(json_syntax_errors, json_syntax);
	LOOP(json_number_syntax, json_numbers);
	LOOP(yaml_syntax_errors, yaml_syntax);
	LOOP(duplicate_keys, duplicates);
	LOOP(yaml_aliases, aliases);
	ONE(yaml_anchor_alone);
	LOOP(document_count, documents);
	ONE(yaml_explicit_document);
	LOOP(depth_limit, depth_cases);
	ONE(depth_limit_yaml_block);
	LOOP(bom_skipped, bom_cases);
	LOOP(read_number, numbers);
	LOOP(read_int, ints);
	LOOP(read_bool, bools);
	LOOP(read_string, strings);
	ONE(expect_map_and_seq);
	ONE(map_lookup);
	ONE(check_keys);
	ONE(require_key);
	LOOP(kind_name, kind_names);
	ONE(load_files);
	ONE(read_file_errors);
	ONE(release_accepts_empty);
	ONE(length_bounded);
	LOOP(sniff_kind, sniffs);
#undef LOOP
#undef ONE
	return s;
}

int main(void)
{
	return tu_run_suite(node_suite());
}
