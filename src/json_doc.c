/*
 * json_doc.c - JSON text to a tt_node tree with a line and column on
 * every value and every key.
 *
 * cJSON parses, but it does not say where anything was.  So a small scanner
 * of our own walks the same text first, strictly by RFC 8259, and records
 * each value's byte span (and its key's, inside an object) in document
 * order.  Document order is exactly the pre-order of cJSON's tree, so the
 * two are zipped: the n-th cJSON item is the n-th recorded span, and the
 * kinds must agree or it is a bug.
 *
 * Running the scanner first also gives better syntax errors than cJSON's
 * bare error offset: it knows it was inside a string when the input ended,
 * or that a '}' followed a ',' (a trailing comma).  If cJSON still refuses
 * text the scanner passed, cJSON's error offset is reported.
 *
 * Strings are unescaped from the recorded span rather than taken from cJSON,
 * because cJSON's C strings stop at an escaped "\u0000" and tt_node keeps the
 * length.  Numbers keep their text as written ("70.0", "1e400"), so the
 * readers in node.c can tell 2 from 2.0 and quote the user's spelling.
 *
 * Positions: lines are 1-based and split at '\n'; columns are 1-based byte
 * counts, a tab counts as 1.  A UTF-8 byte-order mark is skipped and does not
 * count as a column.
 */
#include "node.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * cJSON reads a number through a 64-byte buffer and fails on longer
 * spellings; refuse them first with a clear message.
 */
#define NUMBER_MAX_LEN 63

/* One JSON value as the scanner saw it. */
typedef struct jspan {
	size_t start;     /* offset of its first byte */
	size_t end;       /* one past its last byte (scalars) */
	size_t key_start; /* offset of its key's opening quote, or NO_KEY */
	size_t key_end;   /* one past the key's closing quote */
	char type;        /* '{' '[' '"' '0' (number) 't' 'f' 'n' */
} jspan;

#define NO_KEY ((size_t)-1)

typedef struct jscan {
	const char *s;
	size_t len;
	size_t pos;
	jspan *spans;
	size_t count;
	size_t cap;
	const char *name;
	tt_diag *d;
} jscan;

/* Byte offset to 1-based line:col, counting from the start of the text. */
static tt_loc loc_at(const char *s, size_t len, const char *name, size_t off)
{
	tt_loc loc = {name, 1, 1};
	size_t line_start = 0;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			loc.line++;
			line_start = i + 1;
		}
	}
	loc.col = (int)(off - line_start + 1);
	return loc;
}

/*
 * The same, for a run of increasing offsets: the spans are in document
 * order, so positions for the whole tree cost one pass over the text.
 */
typedef struct jlocator {
	const char *s;
	const char *name;
	size_t off;
	size_t line_start;
	int line;
} jlocator;

static tt_loc locate(jlocator *lc, size_t off)
{
	for (; lc->off < off; lc->off++) {
		if (lc->s[lc->off] == '\n') {
			lc->line++;
			lc->line_start = lc->off + 1;
		}
	}
	return (tt_loc){lc->name, lc->line, (int)(off - lc->line_start + 1)};
}

static tt_code scan_fail(jscan *sc, tt_code code, size_t off, const char *fmt,
                         ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 4, 5)))
#endif
        ;

static tt_code scan_fail(jscan *sc, tt_code code, size_t off, const char *fmt,
                         ...)
{
	char msg[TT_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return tt_diag_set(sc->d, code, loc_at(sc->s, sc->len, sc->name, off),
	                   "%s", msg);
}

/*
 * The token at off, for "near '...'": a word or number is shown whole (up
 * to 20 bytes), punctuation as its one character, anything unprintable as
 * its byte value.
 */
static const char *near_token(const jscan *sc, size_t off, char *buf,
                              size_t size)
{
	const char *s = sc->s;
	unsigned char c = (unsigned char)s[off];
	size_t n = 0;
	while (off + n < sc->len && n < 20) {
		unsigned char w = (unsigned char)s[off + n];
		if (!((w >= 'a' && w <= 'z') || (w >= 'A' && w <= 'Z') ||
		      (w >= '0' && w <= '9') || w == '_' || w == '-' ||
		      w == '+' || w == '.'))
			break;
		n++;
	}
	if (n > 0)
		snprintf(buf, size, "'%.*s'", (int)n, s + off);
	else if (c >= 0x21 && c < 0x7f)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "byte 0x%02x", c);
	return buf;
}

/*
 * "malformed JSON near X", with a hint for three mistakes people make
 * when writing JSON by hand, or else with what was expected there.
 */
static tt_code fail_near(jscan *sc, size_t off, const char *expected,
                         bool after_comma)
{
	char tok[40];
	if (off >= sc->len)
		return scan_fail(sc, TT_ESYNTAX, sc->len,
		                 "unexpected end of JSON input");
	near_token(sc, off, tok, sizeof tok);
	char c = sc->s[off], next = off + 1 < sc->len ? sc->s[off + 1] : ' ';
	if (c == '\'')
		return scan_fail(sc, TT_ESYNTAX, off,
		                 "malformed JSON near %s (JSON strings use "
		                 "double quotes)",
		                 tok);
	if (c == '/' && (next == '/' || next == '*'))
		return scan_fail(sc, TT_ESYNTAX, off,
		                 "malformed JSON near %s (JSON does not allow "
		                 "comments)",
		                 tok);
	if ((c == '}' || c == ']') && after_comma)
		return scan_fail(sc, TT_ESYNTAX, off,
		                 "malformed JSON near %s (JSON does not allow "
		                 "trailing commas)",
		                 tok);
	if (expected)
		return scan_fail(sc, TT_ESYNTAX, off,
		                 "malformed JSON near %s (expected %s)", tok,
		                 expected);
	return scan_fail(sc, TT_ESYNTAX, off, "malformed JSON near %s", tok);
}

static tt_code fail_at_token(jscan *sc, size_t off)
{
	return fail_near(sc, off, NULL, false);
}

/* JSON whitespace is exactly these four; other control bytes are errors. */
static void skip_ws(jscan *sc)
{
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->pos++;
	}
}

static tt_code add_span(jscan *sc, size_t key_start, size_t key_end,
                        size_t start, char type, size_t *index)
{
	if (sc->count == sc->cap) {
		size_t ncap = sc->cap ? sc->cap * 2 : 64;
		jspan *p = realloc(sc->spans, ncap * sizeof *p);
		if (!p)
			return tt_diag_nomem(sc->d, (tt_loc){sc->name, 0, 0});
		sc->spans = p;
		sc->cap = ncap;
	}
	sc->spans[sc->count] = (jspan){start, start, key_start, key_end, type};
	*index = sc->count++;
	return TT_OK;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at off, or -1. */
static long hex4(const jscan *sc, size_t off)
{
	long v = 0;
	if (off + 4 > sc->len)
		return -1;
	for (size_t i = 0; i < 4; i++) {
		int h = hex_value(sc->s[off + i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * A string starting at the '"' under pos; leaves pos after the closing
 * quote.  Surrogates must pair up, as cJSON requires.
 */
static tt_code scan_string(jscan *sc)
{
	size_t open = sc->pos++;
	while (sc->pos < sc->len) {
		unsigned char c = (unsigned char)sc->s[sc->pos];
		if (c == '"') {
			sc->pos++;
			return TT_OK;
		}
		/* A string cannot span lines: point at where it began. */
		if (c == '\n')
			return scan_fail(sc, TT_ESYNTAX, open,
			                 "unterminated string");
		if (c < 0x20)
			return scan_fail(
			        sc, TT_ESYNTAX, sc->pos,
			        "unescaped control character in string");
		if (c != '\\') {
			sc->pos++;
			continue;
		}
		size_t esc = sc->pos;
		if (esc + 1 >= sc->len)
			break;
		char e = sc->s[esc + 1];
		if (strchr("\"\\/bfnrt", e) && e != '\0') {
			sc->pos += 2;
			continue;
		}
		if (e != 'u') {
			char shown[16];
			if ((unsigned char)e >= 0x21 && (unsigned char)e < 0x7f)
				snprintf(shown, sizeof shown, "'\\%c'", e);
			else
				snprintf(shown, sizeof shown, "after '\\'");
			return scan_fail(sc, TT_ESYNTAX, esc,
			                 "invalid escape %s in string", shown);
		}
		long u = hex4(sc, esc + 2);
		if (u < 0)
			return scan_fail(sc, TT_ESYNTAX, esc,
			                 "invalid \\u escape in string "
			                 "(expected four hex digits)");
		sc->pos = esc + 6;
		if (u >= 0xDC00 && u <= 0xDFFF)
			return scan_fail(
			        sc, TT_ESYNTAX, esc,
			        "unpaired surrogate \\u%04lX in string", u);
		if (u >= 0xD800 && u <= 0xDBFF) {
			long lo = -1;
			if (sc->pos + 1 < sc->len && sc->s[sc->pos] == '\\' &&
			    sc->s[sc->pos + 1] == 'u')
				lo = hex4(sc, sc->pos + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return scan_fail(sc, TT_ESYNTAX, esc,
				                 "unpaired surrogate \\u%04lX "
				                 "in string",
				                 u);
			sc->pos += 6;
		}
	}
	return scan_fail(sc, TT_ESYNTAX, open, "unterminated string");
}

/* RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static tt_code scan_number(jscan *sc)
{
	const char *s = sc->s;
	size_t start = sc->pos, i = sc->pos, n = sc->len;
	bool ok = true;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0') {
		i++;
	} else if (i < n && s[i] >= '1' && s[i] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	} else {
		ok = false;
	}
	if (ok && i < n && s[i] == '.') {
		i++;
		if (!(i < n && s[i] >= '0' && s[i] <= '9'))
			ok = false;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (ok && i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!(i < n && s[i] >= '0' && s[i] <= '9'))
			ok = false;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	/* "01", "1.", "0x10": the grammar stopped inside a word. */
	size_t end = i;
	while (end < n &&
	       (strchr("0123456789+-.eExX", s[end]) && s[end] != '\0'))
		end++;
	if (!ok || end != i) {
		char tok[40];
		return scan_fail(sc, TT_ESYNTAX, start, "malformed number %s",
		                 near_token(sc, start, tok, sizeof tok));
	}
	if (i - start > NUMBER_MAX_LEN)
		return scan_fail(sc, TT_ESYNTAX, start,
		                 "number too long (more than %d characters)",
		                 NUMBER_MAX_LEN);
	sc->pos = i;
	return TT_OK;
}

static tt_code scan_value(jscan *sc, size_t key_start, size_t key_end,
                          int depth);

/* The members or items of an object or array, after its opening bracket. */
static tt_code scan_container(jscan *sc, bool object, int depth)
{
	char close = object ? '}' : ']';
	tt_code rc;
	skip_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == close) {
		sc->pos++;
		return TT_OK;
	}
	for (bool first = true;; first = false) {
		size_t ks = NO_KEY, ke = NO_KEY;
		skip_ws(sc);
		if (object) {
			if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
				return fail_near(sc, sc->pos, NULL, !first);
			ks = sc->pos;
			rc = scan_string(sc);
			if (rc)
				return rc;
			ke = sc->pos;
			skip_ws(sc);
			if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
				return fail_near(sc, sc->pos,
				                 "':' after the key", false);
			sc->pos++;
			skip_ws(sc);
		} else if (!first && sc->pos < sc->len &&
		           sc->s[sc->pos] == ']') {
			return fail_near(sc, sc->pos, NULL, true);
		}
		rc = scan_value(sc, ks, ke, depth);
		if (rc)
			return rc;
		skip_ws(sc);
		if (sc->pos >= sc->len)
			return fail_at_token(sc, sc->pos);
		char c = sc->s[sc->pos];
		if (c == close) {
			sc->pos++;
			return TT_OK;
		}
		if (c != ',')
			return fail_near(sc, sc->pos,
			                 object ? "',' or '}'" : "',' or ']'",
			                 false);
		sc->pos++;
	}
}

/*
 * One value at pos (whitespace already skipped), recorded before its
 * children so the records come out in pre-order.  `depth` counts the
 * containers around it.
 */
static tt_code scan_value(jscan *sc, size_t key_start, size_t key_end,
                          int depth)
{
	size_t start = sc->pos, idx = 0;
	tt_code rc;
	if (start >= sc->len)
		return fail_at_token(sc, start);
	char c = sc->s[start];
	char type;
	if (c == '{' || c == '[')
		type = c;
	else if (c == '"')
		type = '"';
	else if (c == '-' || (c >= '0' && c <= '9'))
		type = '0';
	else if (c == 't' || c == 'f' || c == 'n')
		type = c;
	else
		return fail_at_token(sc, start);

	if (type == 't' || type == 'f' || type == 'n') {
		const char *word = type == 't'   ? "true"
		                   : type == 'f' ? "false"
		                                 : "null";
		size_t wl = strlen(word);
		/* "nullx" is one bad word, not null followed by junk. */
		if (sc->len - start < wl ||
		    memcmp(sc->s + start, word, wl) != 0 ||
		    (start + wl < sc->len &&
		     strchr("abcdefghijklmnopqrstuvwxyz"
		            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
		            sc->s[start + wl]) &&
		     sc->s[start + wl] != '\0'))
			return fail_at_token(sc, start);
	}
	if ((type == '{' || type == '[') && depth >= TT_NODE_MAX_DEPTH)
		return scan_fail(sc, TT_EINVAL, start,
		                 "nested deeper than %d levels",
		                 TT_NODE_MAX_DEPTH);

	rc = add_span(sc, key_start, key_end, start, type, &idx);
	if (rc)
		return rc;
	switch (type) {
	case '{':
	case '[':
		sc->pos++;
		rc = scan_container(sc, type == '{', depth + 1);
		break;
	case '"':
		rc = scan_string(sc);
		break;
	case '0':
		rc = scan_number(sc);
		break;
	default:
		sc->pos += type == 'f' ? 5 : 4;
		break;
	}
	if (rc)
		return rc;
	sc->spans[idx].end = sc->pos;
	return TT_OK;
}

static size_t utf8_put(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Unescape a string the scanner has already checked, from its opening
 * quote at `start` to one past its closing quote at `end`.  The result is
 * never longer than the escaped text.
 */
static char *unescape(const char *s, size_t start, size_t end, size_t *len)
{
	char *out = malloc(end - start);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = start + 1; i < end - 1; i++) {
		if (s[i] != '\\') {
			out[o++] = s[i];
			continue;
		}
		char e = s[++i];
		switch (e) {
		case 'b':
			out[o++] = '\b';
			break;
		case 'f':
			out[o++] = '\f';
			break;
		case 'n':
			out[o++] = '\n';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case 'u': {
			unsigned long cp = 0;
			for (int k = 1; k <= 4; k++)
				cp = cp * 16 +
				     (unsigned long)hex_value(s[i + k]);
			i += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				unsigned long lo = 0;
				for (int k = 3; k <= 6; k++)
					lo = lo * 16 +
					     (unsigned long)hex_value(s[i + k]);
				i += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (lo - 0xDC00);
			}
			o += utf8_put(out + o, cp);
			break;
		}
		default: /* '"', '\\', '/' */
			out[o++] = e;
			break;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

/* Building the tree from cJSON's items and the scanner's spans, in step. */
typedef struct jbuild {
	const char *s;
	const jscan *sc;
	size_t next; /* the span of the next cJSON item in pre-order */
	jlocator lc;
	const char *name;
	tt_diag *d;
} jbuild;

static char span_type(const cJSON *item)
{
	if (cJSON_IsObject(item))
		return '{';
	if (cJSON_IsArray(item))
		return '[';
	if (cJSON_IsString(item))
		return '"';
	if (cJSON_IsNumber(item))
		return '0';
	if (cJSON_IsTrue(item))
		return 't';
	if (cJSON_IsFalse(item))
		return 'f';
	return 'n';
}

/*
 * Build the node for `item` into *out, and (inside an object) its entry's
 * key.  On failure *out holds whatever was built, for the caller to free
 * with the rest of the tree.
 */
static tt_code build(jbuild *b, const cJSON *item, tt_node **out,
                     tt_node_entry *entry, const tt_node *map)
{
	if (b->next >= b->sc->count ||
	    span_type(item) != b->sc->spans[b->next].type)
		return tt_diag_set(b->d, TT_EINTERNAL, (tt_loc){b->name, 0, 0},
		                   "JSON scanner out of step with cJSON");
	const jspan *sp = &b->sc->spans[b->next++];

	if (entry) {
		size_t klen;
		entry->key_loc = locate(&b->lc, sp->key_start);
		entry->key = unescape(b->s, sp->key_start, sp->key_end, &klen);
		if (!entry->key)
			return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
		if (strlen(entry->key) != klen)
			return tt_diag_set(b->d, TT_EINVAL, entry->key_loc,
			                   "key must not contain a NUL "
			                   "character");
		/*
		 * Checked before the value is built, so the first duplicate
		 * in document order is the one reported.  A linear look-back:
		 * policy objects have a dozen keys, and a second
		 * "TargetValue" must be an error, not a silent overwrite.
		 */
		for (size_t k = 0; k + 1 < map->u.map.count; k++) {
			if (strcmp(map->u.map.entries[k].key, entry->key) ==
			    0) {
				char key[48];
				snprintf(key, sizeof key, "%s", entry->key);
				return tt_diag_set(b->d, TT_EINVAL,
				                   entry->key_loc,
				                   "duplicate key '%s'", key);
			}
		}
	}

	tt_node *n = calloc(1, sizeof *n);
	if (!n)
		return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
	*out = n;
	n->loc = locate(&b->lc, sp->start);

	if (sp->type == '{' || sp->type == '[') {
		int count = cJSON_GetArraySize(item);
		size_t cnt = count > 0 ? (size_t)count : 0;
		if (sp->type == '{') {
			n->kind = TT_NODE_MAP;
			if (cnt && !(n->u.map.entries = calloc(
			                     cnt, sizeof(tt_node_entry))))
				return tt_diag_nomem(b->d,
				                     (tt_loc){b->name, 0, 0});
		} else {
			n->kind = TT_NODE_SEQ;
			if (cnt &&
			    !(n->u.seq.items = calloc(cnt, sizeof(tt_node *))))
				return tt_diag_nomem(b->d,
				                     (tt_loc){b->name, 0, 0});
		}
		for (const cJSON *c = item->child; c; c = c->next) {
			tt_code rc;
			if (sp->type == '[') {
				rc = build(b, c,
				           &n->u.seq.items[n->u.seq.count++],
				           NULL, NULL);
				if (rc)
					return rc;
				continue;
			}
			tt_node_entry *e = &n->u.map.entries[n->u.map.count++];
			rc = build(b, c, &e->value, e, n);
			if (rc)
				return rc;
		}
		return TT_OK;
	}

	n->kind = TT_NODE_SCALAR;
	switch (sp->type) {
	case '"':
		n->u.scalar.kind = TT_SCALAR_STRING;
		n->u.scalar.text =
		        unescape(b->s, sp->start, sp->end, &n->u.scalar.len);
		break;
	default: {
		n->u.scalar.kind = sp->type == '0'   ? TT_SCALAR_NUMBER
		                   : sp->type == 'n' ? TT_SCALAR_NULL
		                                     : TT_SCALAR_BOOL;
		size_t len = sp->end - sp->start;
		n->u.scalar.text = malloc(len + 1);
		if (n->u.scalar.text) {
			memcpy(n->u.scalar.text, b->s + sp->start, len);
			n->u.scalar.text[len] = '\0';
			n->u.scalar.len = len;
		}
		break;
	}
	}
	return n->u.scalar.text ? TT_OK
	                        : tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
}

tt_code tt_doc_parse_json(const char *text, size_t len, const char *name,
                          tt_doc *out, tt_diag *d)
{
	tt_code rc;
	tt_doc doc = {NULL, name};
	cJSON *root = NULL;

	/* A byte-order mark is invisible to the user, so not a column. */
	size_t bom;
	rc = tt_doc_check_encoding(text, len, name, &bom, d);
	if (rc)
		return rc;
	text += bom;
	len -= bom;

	jscan sc = {text, len, 0, NULL, 0, 0, name, d};
	skip_ws(&sc);
	/* At 1:1, where the document should have started, as for YAML. */
	if (sc.pos == len)
		return tt_diag_set(d, TT_ESYNTAX, (tt_loc){name, 1, 1},
		                   "empty document");
	rc = scan_value(&sc, NO_KEY, NO_KEY, 0);
	if (rc)
		goto free_spans;
	skip_ws(&sc);
	if (sc.pos < len) {
		char tok[40];
		rc = scan_fail(&sc, TT_ESYNTAX, sc.pos,
		               "malformed JSON near %s (text after the end "
		               "of the document)",
		               near_token(&sc, sc.pos, tok, sizeof tok));
		goto free_spans;
	}

	const char *end = NULL;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		size_t off = end && end >= text ? (size_t)(end - text) : 0;
		if (off >= len)
			rc = scan_fail(&sc, TT_ESYNTAX, len,
			               "unexpected end of JSON input");
		else
			rc = fail_at_token(&sc, off);
		goto free_spans;
	}

	jbuild b = {text, &sc, 0, {text, name, 0, 0, 1}, name, d};
	rc = build(&b, root, &doc.root, NULL, NULL);
	if (rc)
		goto release_doc;
	*out = doc;
	goto delete_cjson;

release_doc:
	tt_doc_release(&doc);
delete_cjson:
	cJSON_Delete(root);
free_spans:
	free(sc.spans);
	return rc;
}
