/*
 * hcl_doc.c - a recursive-descent reader of HCL native syntax (hcl.h).
 *
 * One pass over the text with the position carried along, so every node
 * knows its line and column without a second scan.  Newlines matter in
 * HCL: they end an attribute and separate object items, but inside
 * parentheses, brackets and template interpolations they are only
 * space.  Every parsing function therefore takes `nl`, whether a newline
 * may be skipped where it stands.
 */
#include "hcl.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scan {
	const char *s;
	size_t len;
	size_t pos;
	int line;
	size_t line_start;
	const char *name;
	tt_diag *d;
	int depth;
} scan;

static tt_loc here(const scan *sc)
{
	return (tt_loc){sc->name, sc->line,
	                (int)(sc->pos - sc->line_start + 1)};
}

static int peek_at(const scan *sc, size_t ahead)
{
	size_t p = sc->pos + ahead;
	return p < sc->len ? (unsigned char)sc->s[p] : -1;
}

static int peek(const scan *sc)
{
	return peek_at(sc, 0);
}

static void advance(scan *sc)
{
	if (sc->pos >= sc->len)
		return;
	if (sc->s[sc->pos] == '\n') {
		sc->line++;
		sc->line_start = sc->pos + 1;
	}
	sc->pos++;
}

static bool starts(const scan *sc, const char *word)
{
	size_t n = strlen(word);
	return sc->len - sc->pos >= n && memcmp(sc->s + sc->pos, word, n) == 0;
}

static tt_code fail(scan *sc, tt_code code, tt_loc loc, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static tt_code fail(scan *sc, tt_code code, tt_loc loc, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return tt_diag_set(sc->d, code, loc, "%s", msg);
}

/* What stands at the position, for "expected X, got Y". */
static const char *got(const scan *sc, char *buf, size_t size)
{
	int c = peek(sc);
	if (c < 0)
		return "end of file";
	if (c == '\n')
		return "end of line";
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, size, "byte 0x%02x", (unsigned)c);
	else
		snprintf(buf, size, "'%c'", c);
	return buf;
}

static tt_code expected(scan *sc, const char *what)
{
	char buf[16];
	return fail(sc, TT_ESYNTAX, here(sc), "expected %s, got %s", what,
	            got(sc, buf, sizeof buf));
}

/*
 * Skip blanks and comments; newlines too when `nl`.  A block comment
 * that spans lines counts as space either way.
 */
static tt_code skip(scan *sc, bool nl)
{
	for (;;) {
		int c = peek(sc);
		if (c == ' ' || c == '\t' || c == '\r' || (nl && c == '\n')) {
			advance(sc);
		} else if (c == '#' || (c == '/' && peek_at(sc, 1) == '/')) {
			while (peek(sc) >= 0 && peek(sc) != '\n')
				advance(sc);
		} else if (c == '/' && peek_at(sc, 1) == '*') {
			tt_loc at = here(sc);
			advance(sc);
			advance(sc);
			while (!starts(sc, "*/")) {
				if (peek(sc) < 0)
					return fail(sc, TT_ESYNTAX, at,
					            "unterminated comment");
				advance(sc);
			}
			advance(sc);
			advance(sc);
		} else {
			return TT_OK;
		}
	}
}

/* ---- building nodes ---- */

/* A node of the tree (node.h), tagged when it is an expression. */
static tt_node *new_node(tt_node_kind kind, tt_loc loc, const char *tag)
{
	tt_node *n = tt_node_new(kind, loc);
	if (n && tag && !(n->tag = strdup(tag))) {
		free(n);
		return NULL;
	}
	return n;
}

static tt_node *new_scalar(tt_scalar_kind kind, tt_loc loc, const char *tag,
                           const char *text, size_t len)
{
	tt_node *n = tt_node_new_scalar(kind, loc, text, len);
	if (n && tag && !(n->tag = strdup(tag))) {
		tt_node_free(n);
		return NULL;
	}
	return n;
}

static tt_node_entry *map_find(tt_node *map, const char *key, size_t len)
{
	for (size_t i = 0; i < map->u.map.count; i++) {
		const char *k = map->u.map.entries[i].key;
		if (strlen(k) == len && memcmp(k, key, len) == 0)
			return &map->u.map.entries[i];
	}
	return NULL;
}

/* A growing byte buffer for string values and reference texts. */
typedef struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
} strbuf;

static bool text_add(strbuf *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		while (cap < t->len + n + 1)
			cap *= 2;
		char *b = realloc(t->buf, cap);
		if (!b)
			return false;
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
	return true;
}

/* ---- expressions ---- */

static bool ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static bool ident_char(int c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static size_t ident_len(const scan *sc)
{
	size_t n = 0;
	if (!ident_start(peek(sc)))
		return 0;
	while (ident_char(peek_at(sc, n)))
		n++;
	return n;
}

static tt_code parse_expr(scan *sc, bool nl, tt_node **out);

/* Enter one level of nesting; refused past TT_NODE_MAX_DEPTH. */
static tt_code enter(scan *sc)
{
	if (++sc->depth > TT_NODE_MAX_DEPTH)
		return fail(sc, TT_ESYNTAX, here(sc),
		            "nested deeper than %d levels", TT_NODE_MAX_DEPTH);
	return TT_OK;
}

/*
 * Skip a bracketed region whose opening bracket is at the position, to
 * just past its closing one, stepping over quoted strings: what an opaque
 * expression (a `for` expression, a template directive) spans.
 */
static tt_code skip_balanced(scan *sc)
{
	tt_loc at = here(sc);
	int open = peek(sc);
	int depth = 0;
	do {
		int c = peek(sc);
		if (c < 0)
			return fail(sc, TT_ESYNTAX, at, "unclosed '%c'", open);
		if (c == '"') {
			advance(sc);
			while (peek(sc) >= 0 && peek(sc) != '"' &&
			       peek(sc) != '\n') {
				if (peek(sc) == '\\')
					advance(sc);
				advance(sc);
			}
		} else if (c == '(' || c == '[' || c == '{') {
			depth++;
		} else if (c == ')' || c == ']' || c == '}') {
			depth--;
		}
		advance(sc);
	} while (depth > 0);
	return TT_OK;
}

static tt_code opaque_from(scan *sc, size_t start, tt_loc loc, tt_node **out)
{
	*out = new_scalar(TT_SCALAR_STRING, loc, "hcl:opaque", sc->s + start,
	                  sc->pos - start);
	return *out ? TT_OK : tt_diag_nomem(sc->d, (tt_loc){0});
}

static tt_code parse_escape(scan *sc, strbuf *t)
{
	tt_loc at = here(sc);
	advance(sc); /* the backslash */
	int c = peek(sc);
	const char *plain = NULL;
	switch (c) {
	case 'n':
		plain = "\n";
		break;
	case 'r':
		plain = "\r";
		break;
	case 't':
		plain = "\t";
		break;
	case '"':
		plain = "\"";
		break;
	case '\\':
		plain = "\\";
		break;
	case 'u':
	case 'U': {
		int digits = c == 'u' ? 4 : 8;
		unsigned long cp = 0;
		advance(sc);
		for (int i = 0; i < digits; i++) {
			int h = peek(sc);
			int v = h >= '0' && h <= '9'   ? h - '0'
			        : h >= 'a' && h <= 'f' ? h - 'a' + 10
			        : h >= 'A' && h <= 'F' ? h - 'A' + 10
			                               : -1;
			if (v < 0)
				return fail(sc, TT_ESYNTAX, at,
				            "invalid escape: \\%c needs %d hex "
				            "digits",
				            c, digits);
			cp = cp * 16 + (unsigned long)v;
			advance(sc);
		}
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
			return fail(
			        sc, TT_ESYNTAX, at,
			        "invalid escape: U+%04lX is not a character",
			        cp);
		char u[4];
		size_t n;
		if (cp < 0x80) {
			u[0] = (char)cp;
			n = 1;
		} else if (cp < 0x800) {
			u[0] = (char)(0xC0 | (cp >> 6));
			u[1] = (char)(0x80 | (cp & 0x3F));
			n = 2;
		} else if (cp < 0x10000) {
			u[0] = (char)(0xE0 | (cp >> 12));
			u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			n = 3;
		} else {
			u[0] = (char)(0xF0 | (cp >> 18));
			u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
			u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
			u[3] = (char)(0x80 | (cp & 0x3F));
			n = 4;
		}
		return text_add(t, u, n) ? TT_OK
		                         : tt_diag_nomem(sc->d, (tt_loc){0});
	}
	default:
		return fail(sc, TT_ESYNTAX, at, "invalid escape '\\%c'",
		            c < 0x20 || c >= 0x7f ? '?' : c);
	}
	advance(sc);
	return text_add(t, plain, 1) ? TT_OK
	                             : tt_diag_nomem(sc->d, (tt_loc){0});
}

/*
 * A template: a quoted string (`quoted`) or a heredoc's lines up to `end`.
 * Literal text only: a string node; with interpolations: an
 * "hcl:template" sequence of strings and expressions.  `indent` bytes of
 * leading blanks are removed from each line (`<<-` heredocs).
 */
static tt_code parse_template(scan *sc, bool quoted, size_t end, size_t indent,
                              tt_loc loc, tt_node **out)
{
	tt_node *seq = new_node(TT_NODE_SEQ, loc, "hcl:template");
	strbuf t = {0};
	tt_loc part_loc = here(sc);
	size_t template_start = sc->pos;
	bool opaque = false;
	size_t stripped = 0; /* leading blanks removed on this line */
	tt_code rc = TT_OK;
	if (!seq)
		return tt_diag_nomem(sc->d, (tt_loc){0});
	for (;;) {
		int c = peek(sc);
		if (quoted && c == '"')
			break;
		if (!quoted && sc->pos >= end)
			break;
		if (c < 0 || (quoted && c == '\n')) {
			rc = fail(sc, TT_ESYNTAX, loc, "unterminated string");
			goto out_fail;
		}
		if (!quoted && stripped < indent && (c == ' ' || c == '\t') &&
		    (sc->pos == sc->line_start + stripped)) {
			stripped++;
			advance(sc);
			continue;
		}
		if (c == '\n')
			stripped = 0;
		if (quoted && c == '\\') {
			if ((rc = parse_escape(sc, &t)))
				goto out_fail;
			continue;
		}
		if ((c == '$' || c == '%') && peek_at(sc, 1) == c &&
		    peek_at(sc, 2) == '{') {
			/* $${ and %%{ stand for the literal $ { and % { */
			advance(sc);
			advance(sc);
			if (!text_add(&t, c == '$' ? "${" : "%{", 2))
				goto out_oom;
			advance(sc);
			continue;
		}
		if (c == '%' && peek_at(sc, 1) == '{') {
			/* a template directive: not evaluated */
			advance(sc);
			if ((rc = skip_balanced(sc)))
				goto out_fail;
			opaque = true;
			continue;
		}
		if (c == '$' && peek_at(sc, 1) == '{') {
			if (t.len) {
				tt_node *lit =
				        new_scalar(TT_SCALAR_STRING, part_loc,
				                   NULL, t.buf, t.len);
				if (!lit || !tt_node_seq_push(seq, lit)) {
					tt_node_free(lit);
					goto out_oom;
				}
				t.len = 0;
			}
			advance(sc);
			advance(sc);
			if (peek(sc) == '~')
				advance(sc);
			tt_node *e = NULL;
			if ((rc = skip(sc, true)) ||
			    (rc = parse_expr(sc, true, &e)))
				goto out_fail;
			if (!tt_node_seq_push(seq, e)) {
				tt_node_free(e);
				goto out_oom;
			}
			if ((rc = skip(sc, true)))
				goto out_fail;
			if (peek(sc) == '~')
				advance(sc);
			if (peek(sc) != '}') {
				rc = expected(sc,
				              "'}' closing the interpolation");
				goto out_fail;
			}
			advance(sc);
			part_loc = here(sc);
			continue;
		}
		if (!text_add(&t, sc->s + sc->pos, 1))
			goto out_oom;
		advance(sc);
	}
	if (opaque) {
		tt_node_free(seq);
		free(t.buf);
		*out = new_scalar(TT_SCALAR_STRING, loc, "hcl:opaque",
		                  sc->s + template_start,
		                  sc->pos - template_start);
		return *out ? TT_OK : tt_diag_nomem(sc->d, (tt_loc){0});
	}
	if (seq->u.seq.count == 0) {
		/* literal text: a plain string at the template's place */
		tt_node_free(seq);
		*out = new_scalar(TT_SCALAR_STRING, loc, NULL,
		                  t.buf ? t.buf : "", t.len);
		free(t.buf);
		return *out ? TT_OK : tt_diag_nomem(sc->d, (tt_loc){0});
	}
	if (t.len) {
		tt_node *lit = new_scalar(TT_SCALAR_STRING, part_loc, NULL,
		                          t.buf, t.len);
		if (!lit || !tt_node_seq_push(seq, lit)) {
			tt_node_free(lit);
			goto out_oom;
		}
	}
	free(t.buf);
	*out = seq;
	return TT_OK;

out_oom:
	rc = tt_diag_nomem(sc->d, (tt_loc){0});
out_fail:
	free(t.buf);
	tt_node_free(seq);
	return rc;
}

static tt_code parse_quoted(scan *sc, tt_node **out)
{
	tt_loc loc = here(sc);
	advance(sc); /* the opening quote */
	tt_code rc = parse_template(sc, true, 0, 0, loc, out);
	if (rc)
		return rc;
	advance(sc); /* the closing quote */
	return TT_OK;
}

/*
 * <<ID or <<-ID, a newline, lines, and a line holding ID alone (blanks
 * around it allowed).  The text keeps its final newline, as Terraform's.
 */
static tt_code parse_heredoc(scan *sc, tt_node **out)
{
	tt_loc loc = here(sc);
	advance(sc);
	advance(sc);
	bool strip = peek(sc) == '-';
	if (strip)
		advance(sc);
	size_t n = ident_len(sc);
	if (n == 0)
		return expected(sc, "a heredoc delimiter after '<<'");
	const char *id = sc->s + sc->pos;
	for (size_t i = 0; i < n; i++)
		advance(sc);
	while (peek(sc) == ' ' || peek(sc) == '\t' || peek(sc) == '\r')
		advance(sc);
	if (peek(sc) != '\n')
		return expected(sc, "a newline after the heredoc delimiter");
	advance(sc);

	/* Find the closing line, and the common indentation on the way. */
	size_t body = sc->pos;
	size_t indent = SIZE_MAX;
	size_t p = body;
	for (;;) {
		if (p >= sc->len)
			return fail(sc, TT_ESYNTAX, loc,
			            "heredoc not closed: no line with '%.*s'",
			            (int)n, id);
		size_t e = p;
		while (e < sc->len && sc->s[e] != '\n')
			e++;
		size_t a = p, b = e;
		while (a < b && (sc->s[a] == ' ' || sc->s[a] == '\t'))
			a++;
		while (b > a && (sc->s[b - 1] == ' ' || sc->s[b - 1] == '\t' ||
		                 sc->s[b - 1] == '\r'))
			b--;
		if (b - a == n && memcmp(sc->s + a, id, n) == 0)
			break;
		if (b > a && a - p < indent)
			indent = a - p;
		p = e + 1;
	}
	size_t closing = p;
	tt_code rc = parse_template(sc, false, closing, strip ? indent : 0, loc,
	                            out);
	if (rc)
		return rc;
	while (peek(sc) >= 0 && peek(sc) != '\n')
		advance(sc); /* the delimiter line; its newline ends the item */
	return TT_OK;
}

static tt_code parse_number(scan *sc, tt_node **out)
{
	tt_loc loc = here(sc);
	size_t start = sc->pos;
	while (peek(sc) >= '0' && peek(sc) <= '9')
		advance(sc);
	if (peek(sc) == '.' && peek_at(sc, 1) >= '0' && peek_at(sc, 1) <= '9') {
		advance(sc);
		while (peek(sc) >= '0' && peek(sc) <= '9')
			advance(sc);
	}
	if (peek(sc) == 'e' || peek(sc) == 'E') {
		size_t k = 1;
		if (peek_at(sc, 1) == '+' || peek_at(sc, 1) == '-')
			k = 2;
		if (peek_at(sc, k) >= '0' && peek_at(sc, k) <= '9') {
			for (size_t i = 0; i < k; i++)
				advance(sc);
			while (peek(sc) >= '0' && peek(sc) <= '9')
				advance(sc);
		}
	}
	*out = new_scalar(TT_SCALAR_NUMBER, loc, NULL, sc->s + start,
	                  sc->pos - start);
	return *out ? TT_OK : tt_diag_nomem(sc->d, (tt_loc){0});
}

/* `[` or `{` followed by the keyword `for`: a for expression. */
static bool at_for(const scan *sc)
{
	scan look = *sc;
	advance(&look);
	if (skip(&look, true))
		return false;
	return starts(&look, "for") && !ident_char(peek_at(&look, 3));
}

/*
 * Expressions separated by commas into `seq`, up to the closing `close`
 * (consumed), newlines being space: a tuple's items or a call's
 * arguments (where `...` after the last expands a list).
 */
static tt_code parse_items(scan *sc, int close, tt_node *seq)
{
	tt_code rc;
	for (;;) {
		if ((rc = skip(sc, true)))
			return rc;
		if (peek(sc) == close)
			break;
		tt_node *item = NULL;
		if ((rc = parse_expr(sc, true, &item)))
			return rc;
		if (!tt_node_seq_push(seq, item)) {
			tt_node_free(item);
			return tt_diag_nomem(sc->d, (tt_loc){0});
		}
		if ((rc = skip(sc, true)))
			return rc;
		if (close == ')' && starts(sc, "...")) {
			sc->pos += 3;
			if ((rc = skip(sc, true)))
				return rc;
		}
		if (peek(sc) == ',') {
			advance(sc);
			continue;
		}
		if (peek(sc) != close)
			return expected(sc, close == ']' ? "',' or ']'"
			                                 : "',' or ')'");
	}
	advance(sc);
	return TT_OK;
}

static tt_code parse_tuple(scan *sc, tt_node **out)
{
	tt_node *seq = new_node(TT_NODE_SEQ, here(sc), NULL);
	if (!seq)
		return tt_diag_nomem(sc->d, (tt_loc){0});
	advance(sc);
	tt_code rc = parse_items(sc, ']', seq);
	if (rc) {
		tt_node_free(seq);
		return rc;
	}
	*out = seq;
	return TT_OK;
}

/* An object key: a name or a quoted literal string. */
static tt_code parse_key(scan *sc, const char *what, char **key, size_t *len,
                         tt_loc *loc)
{
	*loc = here(sc);
	size_t n = ident_len(sc);
	if (n) {
		*key = malloc(n + 1);
		if (!*key)
			return tt_diag_nomem(sc->d, (tt_loc){0});
		memcpy(*key, sc->s + sc->pos, n);
		(*key)[n] = '\0';
		*len = n;
		for (size_t i = 0; i < n; i++)
			advance(sc);
		return TT_OK;
	}
	if (peek(sc) == '"') {
		tt_node *s = NULL;
		tt_code rc = parse_quoted(sc, &s);
		if (rc)
			return rc;
		if (s->tag) {
			tt_node_free(s);
			return fail(sc, TT_EUNSUPPORTED, *loc,
			            "%s with an interpolation is not supported",
			            what);
		}
		*key = s->u.scalar.text;
		*len = s->u.scalar.len;
		s->u.scalar.text = NULL;
		tt_node_free(s);
		return TT_OK;
	}
	return expected(sc, what);
}

/* Does the quoted string at the position interpolate ("${...}", "%{")? */
static bool quoted_interpolates(const scan *sc)
{
	for (size_t p = sc->pos + 1;
	     p < sc->len && sc->s[p] != '"' && sc->s[p] != '\n'; p++) {
		char c = sc->s[p], next = p + 1 < sc->len ? sc->s[p + 1] : 0;
		if (c == '\\' || ((c == '$' || c == '%') && next == c))
			p++; /* an escape, or $${ and %%{ written literally */
		else if ((c == '$' || c == '%') && next == '{')
			return true;
	}
	return false;
}

/*
 * An object.  One whose keys are computed, `(var.k) = v` or
 * `"kubernetes.io/${var.name}" = v` (common in tags), has no keys ttsim
 * could name, so the whole object is kept as an opaque expression, which
 * is an error only where a value needs it.
 */
static tt_code parse_object(scan *sc, tt_node **out)
{
	tt_loc loc = here(sc);
	const scan start = *sc;
	tt_node *map = new_node(TT_NODE_MAP, loc, NULL);
	tt_code rc;
	if (!map)
		return tt_diag_nomem(sc->d, (tt_loc){0});
	advance(sc);
	for (;;) {
		if ((rc = skip(sc, true)))
			goto out_fail;
		if (peek(sc) == '}')
			break;
		if (peek(sc) == '(' ||
		    (peek(sc) == '"' && quoted_interpolates(sc))) {
			tt_node_free(map);
			*sc = start;
			if ((rc = skip_balanced(sc)))
				return rc;
			return opaque_from(sc, start.pos, loc, out);
		}
		char *key = NULL;
		size_t klen = 0;
		tt_loc kloc;
		if ((rc = parse_key(sc, "an object key", &key, &klen, &kloc)))
			goto out_fail;
		if (map_find(map, key, klen)) {
			rc = fail(sc, TT_EINVAL, kloc, "duplicate key '%s'",
			          key);
			free(key);
			goto out_fail;
		}
		if ((rc = skip(sc, false))) {
			free(key);
			goto out_fail;
		}
		if (peek(sc) != '=' && peek(sc) != ':') {
			free(key);
			rc = expected(sc, "'=' or ':' after the key");
			goto out_fail;
		}
		advance(sc);
		tt_node *v = NULL;
		if ((rc = skip(sc, false)) ||
		    (rc = parse_expr(sc, false, &v))) {
			free(key);
			goto out_fail;
		}
		tt_node_entry *e = tt_node_map_push(map, key, klen, kloc, v);
		free(key);
		if (!e) {
			tt_node_free(v);
			rc = tt_diag_nomem(sc->d, (tt_loc){0});
			goto out_fail;
		}
		if ((rc = skip(sc, false)))
			goto out_fail;
		if (peek(sc) == ',' || peek(sc) == '\n') {
			advance(sc);
			continue;
		}
		if (peek(sc) != '}') {
			rc = expected(sc, "',', a newline or '}'");
			goto out_fail;
		}
	}
	advance(sc);
	*out = map;
	return TT_OK;
out_fail:
	tt_node_free(map);
	return rc;
}

static tt_code parse_call(scan *sc, size_t n, tt_loc loc, tt_node **out)
{
	tt_node *seq = new_node(TT_NODE_SEQ, loc, "hcl:call");
	tt_node *name =
	        new_scalar(TT_SCALAR_STRING, loc, NULL, sc->s + sc->pos, n);
	if (!seq || !name || !tt_node_seq_push(seq, name)) {
		tt_node_free(name);
		tt_node_free(seq);
		return tt_diag_nomem(sc->d, (tt_loc){0});
	}
	for (size_t i = 0; i <= n; i++)
		advance(sc); /* the name and '(' */
	tt_code rc = parse_items(sc, ')', seq);
	if (rc) {
		tt_node_free(seq);
		return rc;
	}
	*out = seq;
	return TT_OK;
}

/*
 * The attribute and index steps after a primary expression.  A name's
 * steps with literal keys make a reference ("hcl:ref"); anything else
 * (a splat, an index by an expression, steps after a call or a
 * parenthesis) makes the whole an opaque expression.
 */
static tt_code parse_steps(scan *sc, size_t start, tt_loc loc, bool is_ref,
                           tt_node **inout)
{
	bool opaque = !is_ref;
	strbuf t = {0};
	bool any = false;
	tt_code rc = TT_OK;
	if (is_ref &&
	    !text_add(&t, (*inout)->u.scalar.text, (*inout)->u.scalar.len))
		return tt_diag_nomem(sc->d, (tt_loc){0});
	for (;;) {
		int c = peek(sc);
		if (c == '.' && peek_at(sc, 1) == '*') {
			advance(sc);
			advance(sc);
			opaque = any = true;
		} else if (c == '.') {
			advance(sc);
			size_t n = ident_len(sc);
			if (n == 0 && peek(sc) >= '0' && peek(sc) <= '9')
				while (peek_at(sc, n) >= '0' &&
				       peek_at(sc, n) <= '9')
					n++;
			if (n == 0) {
				rc = expected(sc,
				              "an attribute name after '.'");
				goto out;
			}
			if (!text_add(&t, ".", 1) ||
			    !text_add(&t, sc->s + sc->pos, n)) {
				rc = tt_diag_nomem(sc->d, (tt_loc){0});
				goto out;
			}
			for (size_t i = 0; i < n; i++)
				advance(sc);
			any = true;
		} else if (c == '[') {
			size_t at = sc->pos;
			advance(sc);
			tt_node *key = NULL;
			if ((rc = skip(sc, true)))
				goto out;
			if (peek(sc) == '*') {
				advance(sc);
				opaque = true;
			} else {
				if ((rc = parse_expr(sc, true, &key)))
					goto out;
				if (key->tag || key->kind != TT_NODE_SCALAR ||
				    (key->u.scalar.kind != TT_SCALAR_NUMBER &&
				     key->u.scalar.kind != TT_SCALAR_STRING))
					opaque = true;
				tt_node_free(key);
			}
			if ((rc = skip(sc, true)))
				goto out;
			if (peek(sc) != ']') {
				rc = expected(sc, "']'");
				goto out;
			}
			advance(sc);
			if (!text_add(&t, sc->s + at, sc->pos - at)) {
				rc = tt_diag_nomem(sc->d, (tt_loc){0});
				goto out;
			}
			any = true;
		} else {
			break;
		}
	}
	if (opaque && (any || !is_ref)) {
		if (!any)
			goto out; /* a primary with no steps stays itself */
		tt_node_free(*inout);
		rc = opaque_from(sc, start, loc, inout);
	} else if (any) {
		tt_node *ref = new_scalar(TT_SCALAR_STRING, loc, "hcl:ref",
		                          t.buf, t.len);
		if (!ref) {
			rc = tt_diag_nomem(sc->d, (tt_loc){0});
			goto out;
		}
		tt_node_free(*inout);
		*inout = ref;
	}
out:
	free(t.buf);
	return rc;
}

static tt_code parse_primary(scan *sc, bool nl, tt_node **out)
{
	tt_loc loc = here(sc);
	size_t start = sc->pos;
	int c = peek(sc);
	tt_code rc;
	bool is_ref = false;
	(void)nl;
	if (c >= '0' && c <= '9') {
		return parse_number(sc, out);
	} else if (c == '"') {
		rc = parse_quoted(sc, out);
	} else if (c == '<' && peek_at(sc, 1) == '<') {
		return parse_heredoc(sc, out);
	} else if ((c == '[' || c == '{') && at_for(sc)) {
		if ((rc = skip_balanced(sc)))
			return rc;
		return opaque_from(sc, start, loc, out);
	} else if (c == '[') {
		rc = parse_tuple(sc, out);
	} else if (c == '{') {
		rc = parse_object(sc, out);
	} else if (c == '(') {
		advance(sc);
		if ((rc = skip(sc, true)) || (rc = parse_expr(sc, true, out)))
			return rc;
		if ((rc = skip(sc, true))) {
			tt_node_free(*out);
			return rc;
		}
		if (peek(sc) != ')') {
			tt_node_free(*out);
			return expected(sc, "')'");
		}
		advance(sc);
		rc = TT_OK;
	} else if (ident_start(c)) {
		size_t n = ident_len(sc);
		const char *w = sc->s + sc->pos;
		if (peek_at(sc, n) == '(')
			rc = parse_call(sc, n, loc, out);
		else if ((n == 4 && !memcmp(w, "true", 4)) ||
		         (n == 5 && !memcmp(w, "false", 5)))
			rc = (*out = new_scalar(TT_SCALAR_BOOL, loc, NULL, w,
			                        n))
			             ? TT_OK
			             : tt_diag_nomem(sc->d, (tt_loc){0});
		else if (n == 4 && !memcmp(w, "null", 4))
			rc = (*out = new_scalar(TT_SCALAR_NULL, loc, NULL, w,
			                        n))
			             ? TT_OK
			             : tt_diag_nomem(sc->d, (tt_loc){0});
		else {
			is_ref = true;
			rc = (*out = new_scalar(TT_SCALAR_STRING, loc,
			                        "hcl:ref", w, n))
			             ? TT_OK
			             : tt_diag_nomem(sc->d, (tt_loc){0});
		}
		if (!rc && !(*out)->tag)
			sc->pos += n; /* true, false, null: no newline inside */
		else if (!rc && is_ref)
			sc->pos += n;
	} else {
		return expected(sc, "a value");
	}
	if (rc)
		return rc;
	rc = parse_steps(sc, start, loc, is_ref, out);
	if (rc) {
		tt_node_free(*out);
		*out = NULL;
	}
	return rc;
}

static tt_code parse_unary(scan *sc, bool nl, tt_node **out)
{
	tt_loc loc = here(sc);
	int c = peek(sc);
	if (c != '!' && c != '-')
		return parse_primary(sc, nl, out);
	advance(sc);
	tt_node *x = NULL;
	tt_code rc;
	if ((rc = enter(sc)) || (rc = skip(sc, nl)) ||
	    (rc = parse_unary(sc, nl, &x)))
		return rc;
	sc->depth--;
	tt_node *n =
	        new_node(TT_NODE_SEQ, loc, c == '!' ? "hcl:not" : "hcl:neg");
	if (!n || !tt_node_seq_push(n, x)) {
		tt_node_free(n);
		tt_node_free(x);
		return tt_diag_nomem(sc->d, (tt_loc){0});
	}
	*out = n;
	return TT_OK;
}

/* Binary operators, loosest first; each level binds tighter. */
static const char *const levels[][4] = {
        {"||"},     {"&&"},          {"==", "!="}, {"<=", ">=", "<", ">"},
        {"+", "-"}, {"*", "/", "%"},
};
#define N_LEVELS (sizeof levels / sizeof levels[0])

static const char *op_at(const scan *sc, size_t level)
{
	for (size_t i = 0; i < 4 && levels[level][i]; i++) {
		const char *op = levels[level][i];
		if (!starts(sc, op))
			continue;
		/* `<<` starts a heredoc, `=>` and `==` are not `=` */
		if (op[0] == '<' && !op[1] && peek_at(sc, 1) == '<')
			continue;
		return op;
	}
	return NULL;
}

static tt_code parse_binary(scan *sc, bool nl, size_t level, tt_node **out)
{
	if (level == N_LEVELS)
		return parse_unary(sc, nl, out);
	tt_node *left = NULL;
	tt_code rc = parse_binary(sc, nl, level + 1, &left);
	if (rc)
		return rc;
	for (;;) {
		if ((rc = skip(sc, nl)))
			goto out_fail;
		const char *op = op_at(sc, level);
		if (!op)
			break;
		tt_loc loc = here(sc);
		sc->pos += strlen(op);
		tt_node *right = NULL;
		if ((rc = enter(sc)) || (rc = skip(sc, nl)) ||
		    (rc = parse_binary(sc, nl, level + 1, &right)))
			goto out_fail;
		sc->depth--;
		char tag[16];
		snprintf(tag, sizeof tag, "hcl:op:%s", op);
		tt_node *n = new_node(TT_NODE_SEQ, loc, tag);
		if (!n || !tt_node_seq_push(n, left)) {
			tt_node_free(n);
			tt_node_free(right);
			rc = tt_diag_nomem(sc->d, (tt_loc){0});
			goto out_fail;
		}
		left = NULL;
		if (!tt_node_seq_push(n, right)) {
			tt_node_free(n);
			tt_node_free(right);
			return tt_diag_nomem(sc->d, (tt_loc){0});
		}
		left = n;
	}
	*out = left;
	return TT_OK;
out_fail:
	tt_node_free(left);
	return rc;
}

static tt_code parse_expr(scan *sc, bool nl, tt_node **out)
{
	tt_loc loc = here(sc);
	tt_node *c = NULL, *a = NULL, *b = NULL;
	tt_code rc;
	if ((rc = enter(sc)) || (rc = parse_binary(sc, nl, 0, &c)))
		return rc;
	if ((rc = skip(sc, nl)))
		goto out_fail;
	if (peek(sc) != '?') {
		sc->depth--;
		*out = c;
		return TT_OK;
	}
	advance(sc);
	if ((rc = skip(sc, nl)) || (rc = parse_expr(sc, nl, &a)) ||
	    (rc = skip(sc, nl)))
		goto out_fail;
	if (peek(sc) != ':') {
		rc = expected(sc, "':' in the conditional");
		goto out_fail;
	}
	advance(sc);
	if ((rc = skip(sc, nl)) || (rc = parse_expr(sc, nl, &b)))
		goto out_fail;
	tt_node *n = new_node(TT_NODE_SEQ, loc, "hcl:cond");
	if (!n || !tt_node_seq_push(n, c)) {
		tt_node_free(n);
		rc = tt_diag_nomem(sc->d, (tt_loc){0});
		goto out_fail;
	}
	c = NULL;
	if (!tt_node_seq_push(n, a)) {
		tt_node_free(n);
		rc = tt_diag_nomem(sc->d, (tt_loc){0});
		goto out_fail;
	}
	a = NULL;
	if (!tt_node_seq_push(n, b)) {
		tt_node_free(n);
		rc = tt_diag_nomem(sc->d, (tt_loc){0});
		goto out_fail;
	}
	sc->depth--;
	*out = n;
	return TT_OK;
out_fail:
	tt_node_free(c);
	tt_node_free(a);
	tt_node_free(b);
	return rc;
}

/* ---- bodies ---- */

/* After an attribute or a block: a newline, the end, or the closing '}'. */
static tt_code end_of_item(scan *sc, bool nested)
{
	tt_code rc = skip(sc, false);
	if (rc)
		return rc;
	int c = peek(sc);
	if (c == '\n') {
		advance(sc);
		return TT_OK;
	}
	if (c < 0 || (nested && c == '}'))
		return TT_OK;
	return expected(sc, "a newline");
}

static tt_code parse_body(scan *sc, tt_node *map, bool nested);

/*
 * A block: its labels, then its body.  Unlabelled, its body joins the
 * sequence under its type; labelled, it goes into the map under its type
 * label by label.
 */
static tt_code parse_block(scan *sc, tt_node *map, const char *type,
                           size_t tlen, tt_loc tloc)
{
	tt_node_entry *slot = map_find(map, type, tlen);
	tt_node *labels[8];
	tt_loc label_locs[8];
	size_t n_labels = 0;
	tt_code rc = TT_OK;

	for (;;) {
		if ((rc = skip(sc, false)))
			goto out;
		if (peek(sc) == '{')
			break;
		if (n_labels == 8) {
			rc = fail(sc, TT_ESYNTAX, here(sc),
			          "more than 8 block labels");
			goto out;
		}
		char *key = NULL;
		size_t klen = 0;
		if ((rc = parse_key(sc, "a block label or '{'", &key, &klen,
		                    &label_locs[n_labels])))
			goto out;
		labels[n_labels] =
		        new_scalar(TT_SCALAR_STRING, label_locs[n_labels], NULL,
		                   key, klen);
		free(key);
		if (!labels[n_labels]) {
			rc = tt_diag_nomem(sc->d, (tt_loc){0});
			goto out;
		}
		n_labels++;
	}
	/*
	 * The entry may hold an attribute or blocks of the other shape.  A
	 * block's container sits at its key's own place (made below); an
	 * attribute's value starts after the '='.
	 */
	if (slot) {
		const tt_node *v = slot->value;
		bool attribute = v->loc.line != slot->key_loc.line ||
		                 v->loc.col != slot->key_loc.col;
		bool labelled = v->kind == TT_NODE_MAP;
		if (attribute || labelled != (n_labels > 0)) {
			rc = fail(sc, TT_EINVAL, tloc,
			          "'%s' is already defined at line %d as %s",
			          slot->key, slot->key_loc.line,
			          attribute  ? "an attribute"
			          : labelled ? "a block with labels"
			                     : "a block without labels");
			goto out;
		}
	}
	if (!slot) {
		tt_node *v = new_node(n_labels ? TT_NODE_MAP : TT_NODE_SEQ,
		                      tloc, NULL);
		if (!v ||
		    !(slot = tt_node_map_push(map, type, tlen, tloc, v))) {
			tt_node_free(v);
			rc = tt_diag_nomem(sc->d, (tt_loc){0});
			goto out;
		}
	}
	/* Walk down the labels, creating maps; the last holds the body. */
	tt_node *parent = slot->value;
	for (size_t i = 0; i < n_labels; i++) {
		const char *k = labels[i]->u.scalar.text;
		size_t klen = labels[i]->u.scalar.len;
		tt_node_entry *e = map_find(parent, k, klen);
		bool last = i + 1 == n_labels;
		if (e && (last || e->value->kind != TT_NODE_MAP)) {
			rc = fail(sc, TT_EINVAL, label_locs[0],
			          "duplicate block '%.*s' (the first is at "
			          "line %d)",
			          (int)tlen, type, e->key_loc.line);
			goto out;
		}
		if (!e) {
			tt_node *v = new_node(TT_NODE_MAP, label_locs[i], NULL);
			if (!v || !(e = tt_node_map_push(parent, k, klen,
			                                 label_locs[i], v))) {
				tt_node_free(v);
				rc = tt_diag_nomem(sc->d, (tt_loc){0});
				goto out;
			}
		}
		parent = e->value;
	}
	tt_node *body = parent;
	if (!n_labels) {
		body = new_node(TT_NODE_MAP, here(sc), NULL);
		if (!body || !tt_node_seq_push(parent, body)) {
			tt_node_free(body);
			rc = tt_diag_nomem(sc->d, (tt_loc){0});
			goto out;
		}
	} else {
		body->loc = here(sc);
	}
	advance(sc); /* '{' */
	if ((rc = enter(sc)) || (rc = parse_body(sc, body, true)))
		goto out;
	sc->depth--;
	if (peek(sc) != '}') {
		rc = expected(sc, "'}' closing the block");
		goto out;
	}
	advance(sc);
out:
	for (size_t i = 0; i < n_labels; i++)
		tt_node_free(labels[i]);
	return rc;
}

static tt_code parse_body(scan *sc, tt_node *map, bool nested)
{
	for (;;) {
		tt_code rc = skip(sc, true);
		if (rc)
			return rc;
		int c = peek(sc);
		if (c < 0 || (nested && c == '}'))
			return TT_OK;
		tt_loc loc = here(sc);
		size_t n = ident_len(sc);
		if (n == 0)
			return expected(sc, "an attribute or a block");
		const char *name = sc->s + sc->pos;
		sc->pos += n;
		if ((rc = skip(sc, false)))
			return rc;
		if (peek(sc) == '=' && peek_at(sc, 1) != '=') {
			advance(sc);
			tt_node_entry *prev = map_find(map, name, n);
			if (prev)
				return fail(
				        sc, TT_EINVAL, loc,
				        "'%.*s' is already defined at line %d",
				        (int)n, name, prev->key_loc.line);
			tt_node *v = NULL;
			if ((rc = skip(sc, false)) ||
			    (rc = parse_expr(sc, false, &v)))
				return rc;
			if (!tt_node_map_push(map, name, n, loc, v)) {
				tt_node_free(v);
				return tt_diag_nomem(sc->d, (tt_loc){0});
			}
		} else if ((rc = parse_block(sc, map, name, n, loc))) {
			return rc;
		}
		if ((rc = end_of_item(sc, nested)))
			return rc;
	}
}

tt_code tt_doc_parse_hcl(const char *text, size_t len, const char *name,
                         tt_doc *out, tt_diag *d)
{
	size_t bom = 0;
	tt_code rc = tt_doc_check_encoding(text, len, name, &bom, d);
	if (rc)
		return rc;
	scan sc = {text, len, bom, 1, bom, name, d, 0};
	out->name = name;
	out->root = NULL;
	if (memchr(text, '\0', len))
		return tt_diag_set(
		        d, TT_ESYNTAX, (tt_loc){name, 1, 1},
		        "the file holds a NUL byte: not a text file");
	tt_node *root = new_node(TT_NODE_MAP, here(&sc), NULL);
	if (!root)
		return tt_diag_nomem(sc.d, (tt_loc){0});
	rc = parse_body(&sc, root, false);
	if (rc) {
		tt_node_free(root);
		return rc;
	}
	out->root = root;
	return TT_OK;
}

bool tt_hcl_is(const tt_node *n, const char *tag)
{
	return n && n->tag && strcmp(n->tag, tag) == 0;
}
