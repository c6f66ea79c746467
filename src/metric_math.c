/*
 * metric_math.c - metric-math queries: Ids, expressions, dependency order
 * and evaluation per datapoint.
 *
 * An expression is parsed once, by recursive descent, into a small tree kept
 * in one array per expression (each node knows its first child and its next
 * sibling), with every reference already resolved to the index of the query
 * it names.  The queries are then ordered depth first so each comes after
 * the queries it uses; meeting a query that is still being visited is a
 * cycle.  Evaluating a period walks the expressions in that order, so the
 * per-datapoint work is a few array reads per node and no allocation.
 *
 * A value is either present or missing, as a CloudWatch datapoint is.  The
 * rule is the simple one CloudWatch applies to arithmetic: anything computed
 * from a missing value is missing.  The exceptions are the functions made
 * for it: FILL replaces a missing value, and SUM, AVG, MIN and MAX take the
 * present values of their list.  A division by zero, or a result too large
 * to be finite, has no datapoint either.
 *
 * Every error inside an expression names the expression and the character
 * where the problem starts, and points its column there too (the column of
 * the expression's first character plus the offset, which is exact for a
 * string on one line without escapes).
 */
#include "metric_math.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/policy.h"

/* Deeper nesting than this is refused, so evaluation's recursion is bounded. */
#define DEPTH_MAX 64
/* The longest number literal read (digits, point, exponent). */
#define NUMBER_MAX 63
/* Expressions longer than this are cut with "..." in messages. */
#define SHOWN_MAX 80
/* The API's limit on an Expression, which also bounds evaluation's depth. */
#define EXPRESSION_MAX 2048

#define NONE SIZE_MAX

typedef enum op {
	OP_NUM,
	OP_REF,
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_LT,
	OP_GT,
	OP_LE,
	OP_GE,
	OP_EQ,
	OP_NE,
	OP_AND,
	OP_OR,
	OP_FILL,
	OP_SUM,
	OP_AVG,
	OP_MIN,
	OP_MAX,
	OP_ABS,
	OP_IF
} op;

typedef struct math_node {
	op op;
	size_t pos;  /* byte offset in the expression, for messages */
	double num;  /* OP_NUM */
	size_t ref;  /* OP_REF: the query's index */
	size_t kid;  /* first operand or argument, NONE for leaves */
	size_t next; /* the next sibling, NONE for the last */
} math_node;

struct tt_math_expr {
	math_node *nodes;
	size_t n;
	size_t cap;
	size_t root;
};

/* The functions, their arity and whether they take a bracketed list. */
typedef struct func_info {
	const char *name;
	op op;
	int min_args;
	int max_args;
	bool list;
} func_info;

static const func_info funcs[] = {
        {"ABS", OP_ABS, 1, 1, false},   {"AVG", OP_AVG, 1, 1, true},
        {"FILL", OP_FILL, 2, 2, false}, {"IF", OP_IF, 2, 3, false},
        {"MAX", OP_MAX, 1, 1, true},    {"MIN", OP_MIN, 1, 1, true},
        {"SUM", OP_SUM, 1, 1, true},
};
#define N_FUNCS (sizeof funcs / sizeof funcs[0])
#define FUNC_LIST "ABS, AVG, FILL, IF, MAX, MIN, SUM"

/* ---- tokens ---- */

typedef enum tok_kind {
	TOK_END,
	TOK_NUM,
	TOK_WORD,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_LBRACK,
	TOK_RBRACK,
	TOK_COMMA,
	TOK_PLUS,
	TOK_MINUS,
	TOK_STAR,
	TOK_SLASH,
	TOK_LT,
	TOK_GT,
	TOK_LE,
	TOK_GE,
	TOK_EQ,
	TOK_NE,
	TOK_AND,
	TOK_OR,
	TOK_BAD
} tok_kind;

typedef struct token {
	tok_kind kind;
	size_t start;
	size_t len;
	double num;
} token;

typedef struct parser {
	const tt_metric_math *mm;
	const tt_math_query *q; /* the query whose expression this is */
	const char *s;
	size_t at; /* where the lexer resumes */
	token tok; /* the current token */
	tt_math_expr *e;
	int depth;
	tt_diag *d;
} parser;

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_';
}

/*
 * The place of byte `offset` of the query's expression.  Past a line break
 * the columns no longer add up, so such a place is the expression's start.
 */
static tt_loc loc_at(const tt_math_query *q, size_t offset)
{
	tt_loc loc = q->expr_loc;
	if (loc.col > 0 && !memchr(q->expression, '\n', offset))
		loc.col += (int)offset;
	return loc;
}

/* The expression for a message, cut to SHOWN_MAX characters. */
static void shown_expression(const char *s, char *buf, size_t size)
{
	size_t len = strlen(s);
	if (len <= SHOWN_MAX)
		snprintf(buf, size, "%s", s);
	else
		snprintf(buf, size, "%.*s...", SHOWN_MAX - 3, s);
}

/*
 * Fail with "<what> in expression '<text>' (at character N[; hint])" at
 * the place of byte `offset`.  `hint` may be NULL.
 */
static tt_code expr_error(const tt_math_query *q, tt_code code, size_t offset,
                          const char *hint, tt_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 6, 7)))
#endif
        ;

static tt_code expr_error(const tt_math_query *q, tt_code code, size_t offset,
                          const char *hint, tt_diag *d, const char *fmt, ...)
{
	char what[256], shown[SHOWN_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	shown_expression(q->expression, shown, sizeof shown);
	return tt_diag_set(d, code, loc_at(q, offset),
	                   "%s in expression '%s' (at character %zu%s%s)", what,
	                   shown, offset + 1, hint ? "; " : "",
	                   hint ? hint : "");
}

/* Read the next token into p->tok.  Never fails: bad bytes are TOK_BAD. */
static void next_token(parser *p)
{
	const char *s = p->s;
	size_t i = p->at;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	token t = {TOK_BAD, i, 1, 0};
	char c = s[i];
	char c2 = c ? s[i + 1] : '\0';

	if (c == '\0') {
		t.kind = TOK_END;
		t.len = 0;
	} else if (is_digit(c) || (c == '.' && is_digit(c2))) {
		char buf[NUMBER_MAX + 1];
		size_t j = i;
		while (is_digit(s[j]))
			j++;
		if (s[j] == '.') {
			j++;
			while (is_digit(s[j]))
				j++;
		}
		if ((s[j] == 'e' || s[j] == 'E') &&
		    (is_digit(s[j + 1]) ||
		     ((s[j + 1] == '+' || s[j + 1] == '-') &&
		      is_digit(s[j + 2])))) {
			j += 2;
			while (is_digit(s[j]))
				j++;
		}
		t.len = j - i;
		if (t.len <= NUMBER_MAX) {
			/* strtod is locale-dependent; the library never
			 * calls setlocale, so "." is the decimal point. */
			memcpy(buf, s + i, t.len);
			buf[t.len] = '\0';
			t.kind = TOK_NUM;
			t.num = strtod(buf, NULL);
		}
	} else if (is_alpha(c) || c == '_') {
		size_t j = i;
		while (is_word_char(s[j]))
			j++;
		t.kind = TOK_WORD;
		t.len = j - i;
		if (t.len == 3 && !strncmp(s + i, "AND", 3))
			t.kind = TOK_AND;
		else if (t.len == 2 && !strncmp(s + i, "OR", 2))
			t.kind = TOK_OR;
	} else {
		t.len = 2;
		if (c == '<' && c2 == '=')
			t.kind = TOK_LE;
		else if (c == '>' && c2 == '=')
			t.kind = TOK_GE;
		else if (c == '=' && c2 == '=')
			t.kind = TOK_EQ;
		else if (c == '!' && c2 == '=')
			t.kind = TOK_NE;
		else if (c == '&' && c2 == '&')
			t.kind = TOK_AND;
		else if (c == '|' && c2 == '|')
			t.kind = TOK_OR;
		else {
			t.len = 1;
			switch (c) {
			case '(':
				t.kind = TOK_LPAREN;
				break;
			case ')':
				t.kind = TOK_RPAREN;
				break;
			case '[':
				t.kind = TOK_LBRACK;
				break;
			case ']':
				t.kind = TOK_RBRACK;
				break;
			case ',':
				t.kind = TOK_COMMA;
				break;
			case '+':
				t.kind = TOK_PLUS;
				break;
			case '-':
				t.kind = TOK_MINUS;
				break;
			case '*':
				t.kind = TOK_STAR;
				break;
			case '/':
				t.kind = TOK_SLASH;
				break;
			case '<':
				t.kind = TOK_LT;
				break;
			case '>':
				t.kind = TOK_GT;
				break;
			default:
				break;
			}
		}
	}
	p->tok = t;
	p->at = t.start + t.len;
}

/* "unexpected ')'" for the current token, "expected a value" at the end. */
static tt_code unexpected(parser *p, const char *expected)
{
	const token *t = &p->tok;
	unsigned char c = (unsigned char)p->s[t->start];

	if (t->kind == TOK_END)
		return expr_error(p->q, TT_EINVAL, t->start, NULL, p->d,
		                  "expected %s", expected);
	if (t->kind == TOK_BAD && (c < 0x20 || c >= 0x7f))
		return expr_error(p->q, TT_EINVAL, t->start, NULL, p->d,
		                  "unexpected byte 0x%02X", c);
	return expr_error(p->q, TT_EINVAL, t->start, NULL, p->d,
	                  "unexpected '%.*s' (expected %s)", (int)t->len,
	                  p->s + t->start, expected);
}

/* Append a node; its index in *out. */
static tt_code add_node(parser *p, op o, size_t pos, size_t *out)
{
	tt_math_expr *e = p->e;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		math_node *nodes = realloc(e->nodes, cap * sizeof *nodes);
		if (!nodes)
			return tt_diag_nomem(p->d, p->q->expr_loc);
		e->nodes = nodes;
		e->cap = cap;
	}
	e->nodes[e->n] = (math_node){o, pos, 0, 0, NONE, NONE};
	*out = e->n++;
	return TT_OK;
}

/* A node with operands a and b (b may be NONE). */
static tt_code add_op(parser *p, op o, size_t pos, size_t a, size_t b,
                      size_t *out)
{
	tt_code rc = add_node(p, o, pos, out);
	if (rc)
		return rc;
	p->e->nodes[*out].kid = a;
	p->e->nodes[a].next = b;
	return TT_OK;
}

static tt_code parse_expr(parser *p, size_t *out);

static const func_info *find_func(const char *s, size_t len)
{
	for (size_t i = 0; i < N_FUNCS; i++)
		if (strlen(funcs[i].name) == len &&
		    !strncmp(funcs[i].name, s, len))
			return &funcs[i];
	return NULL;
}

/* Case-insensitive match of a word against a function name. */
static const func_info *find_func_ci(const char *s, size_t len)
{
	for (size_t i = 0; i < N_FUNCS; i++) {
		const char *name = funcs[i].name;
		size_t j = 0;
		if (strlen(name) != len)
			continue;
		while (j < len &&
		       (s[j] == name[j] || s[j] - 'a' + 'A' == name[j]))
			j++;
		if (j == len)
			return &funcs[i];
	}
	return NULL;
}

/*
 * The arguments of a function call, the current token being the one after
 * '('.  A list function takes one bracketed list of at least one value.
 * The arguments are chained as the call's children; *count says how many.
 */
static tt_code parse_args(parser *p, const func_info *f, size_t fpos,
                          size_t call, int *count)
{
	size_t last = NONE, arg;
	bool list = false;
	tt_code rc;

	*count = 0;
	if (f->list) {
		if (p->tok.kind != TOK_LBRACK) {
			if (p->tok.kind == TOK_RPAREN || p->tok.kind == TOK_END)
				return unexpected(p, "a list such as [m1, m2]");
			return expr_error(
			        p->q, TT_EUNSUPPORTED, p->tok.start, NULL, p->d,
			        "'%s' of one series (over time) is not "
			        "simulated; give a list, as in %s([m1, m2])",
			        f->name, f->name);
		}
		list = true;
		next_token(p);
	} else if (p->tok.kind == TOK_RPAREN) {
		goto close;
	}
	for (;;) {
		if ((rc = parse_expr(p, &arg)))
			return rc;
		if (last == NONE)
			p->e->nodes[call].kid = arg;
		else
			p->e->nodes[last].next = arg;
		last = arg;
		++*count;
		if (p->tok.kind != TOK_COMMA)
			break;
		next_token(p);
	}
	if (list) {
		if (p->tok.kind != TOK_RBRACK)
			return unexpected(p, "',' or ']'");
		next_token(p);
		*count = 1;
	}
close:
	if (p->tok.kind != TOK_RPAREN)
		return unexpected(p, list ? "')'" : "',' or ')'");
	next_token(p);
	if (*count < f->min_args || *count > f->max_args) {
		char takes[32];
		if (f->min_args == f->max_args)
			snprintf(takes, sizeof takes, "%d argument%s",
			         f->min_args, f->min_args == 1 ? "" : "s");
		else
			snprintf(takes, sizeof takes, "%d or %d arguments",
			         f->min_args, f->max_args);
		return expr_error(p->q, TT_EINVAL, fpos, NULL, p->d,
		                  "'%s' takes %s, got %d", f->name, takes,
		                  *count);
	}
	return TT_OK;
}

/* A word: a function call, or a reference to another query's Id. */
static tt_code parse_word(parser *p, size_t *out)
{
	const char *w = p->s + p->tok.start;
	size_t len = p->tok.len, pos = p->tok.start;
	tt_code rc;

	next_token(p);
	if (p->tok.kind == TOK_LPAREN) {
		const func_info *f = find_func(w, len);
		int count;
		if (!f) {
			char hint[64];
			const func_info *ci = find_func_ci(w, len);
			if (ci)
				snprintf(hint, sizeof hint,
				         "did you mean '%s'?", ci->name);
			else
				snprintf(hint, sizeof hint,
				         "the functions are %s", FUNC_LIST);
			return expr_error(p->q, TT_EINVAL, pos, hint, p->d,
			                  "unknown function '%.*s'", (int)len,
			                  w);
		}
		if ((rc = add_node(p, f->op, pos, out)))
			return rc;
		next_token(p);
		return parse_args(p, f, pos, *out, &count);
	}
	if ((len == 6 && !strncmp(w, "REPEAT", 6)) ||
	    (len == 6 && !strncmp(w, "LINEAR", 6)))
		return expr_error(
		        p->q, TT_EUNSUPPORTED, pos, NULL, p->d,
		        "FILL with '%.*s' is not simulated; fill with "
		        "a value, as in FILL(m1, 0)",
		        (int)len, w);
	if (find_func(w, len))
		return expr_error(p->q, TT_EINVAL, pos + len, NULL, p->d,
		                  "expected '(' after '%.*s'", (int)len, w);
	for (size_t i = 0; i < p->mm->n_queries; i++) {
		const char *id = p->mm->queries[i].id;
		if (strlen(id) == len && !strncmp(id, w, len)) {
			if ((rc = add_node(p, OP_REF, pos, out)))
				return rc;
			p->e->nodes[*out].ref = i;
			return TT_OK;
		}
	}
	return expr_error(p->q, TT_EINVAL, pos, NULL, p->d, "unknown Id '%.*s'",
	                  (int)len, w);
}

static tt_code parse_primary(parser *p, size_t *out)
{
	size_t pos = p->tok.start;
	tt_code rc;

	switch (p->tok.kind) {
	case TOK_NUM:
		if ((rc = add_node(p, OP_NUM, pos, out)))
			return rc;
		p->e->nodes[*out].num = p->tok.num;
		next_token(p);
		return TT_OK;
	case TOK_WORD:
		return parse_word(p, out);
	case TOK_LPAREN:
		next_token(p);
		if ((rc = parse_expr(p, out)))
			return rc;
		if (p->tok.kind != TOK_RPAREN)
			return unexpected(p, "')'");
		next_token(p);
		return TT_OK;
	case TOK_LBRACK:
		return expr_error(p->q, TT_EINVAL, pos, NULL, p->d,
		                  "a list '[...]' is only allowed as the "
		                  "argument of SUM, AVG, MIN or MAX");
	default:
		return unexpected(p, "a value");
	}
}

static tt_code parse_unary(parser *p, size_t *out)
{
	tt_code rc;

	if (++p->depth > DEPTH_MAX)
		return expr_error(p->q, TT_ERANGE, p->tok.start, NULL, p->d,
		                  "nesting deeper than %d", DEPTH_MAX);
	if (p->tok.kind == TOK_MINUS || p->tok.kind == TOK_PLUS) {
		bool neg = p->tok.kind == TOK_MINUS;
		size_t pos = p->tok.start, a;
		next_token(p);
		if ((rc = parse_unary(p, &a)))
			return rc;
		if (neg)
			rc = add_op(p, OP_NEG, pos, a, NONE, out);
		else
			*out = a;
	} else {
		rc = parse_primary(p, out);
	}
	p->depth--;
	return rc;
}

/* One level of left-associative binary operators. */
typedef tt_code (*level_fn)(parser *p, size_t *out);

static tt_code parse_level(parser *p, level_fn operand, const tok_kind *toks,
                           const op *ops, size_t n, size_t *out)
{
	size_t a, b;
	tt_code rc;

	if ((rc = operand(p, &a)))
		return rc;
	for (;;) {
		size_t k = 0;
		while (k < n && p->tok.kind != toks[k])
			k++;
		if (k == n)
			break;
		size_t pos = p->tok.start;
		next_token(p);
		if ((rc = operand(p, &b)))
			return rc;
		if ((rc = add_op(p, ops[k], pos, a, b, &a)))
			return rc;
	}
	*out = a;
	return TT_OK;
}

static tt_code parse_product(parser *p, size_t *out)
{
	static const tok_kind toks[] = {TOK_STAR, TOK_SLASH};
	static const op ops[] = {OP_MUL, OP_DIV};
	return parse_level(p, parse_unary, toks, ops, 2, out);
}

static tt_code parse_sum(parser *p, size_t *out)
{
	static const tok_kind toks[] = {TOK_PLUS, TOK_MINUS};
	static const op ops[] = {OP_ADD, OP_SUB};
	return parse_level(p, parse_product, toks, ops, 2, out);
}

static tt_code parse_cmp(parser *p, size_t *out)
{
	static const tok_kind toks[] = {TOK_LT, TOK_GT, TOK_LE,
	                                TOK_GE, TOK_EQ, TOK_NE};
	static const op ops[] = {OP_LT, OP_GT, OP_LE, OP_GE, OP_EQ, OP_NE};
	return parse_level(p, parse_sum, toks, ops, 6, out);
}

static tt_code parse_and(parser *p, size_t *out)
{
	static const tok_kind toks[] = {TOK_AND};
	static const op ops[] = {OP_AND};
	return parse_level(p, parse_cmp, toks, ops, 1, out);
}

static tt_code parse_expr(parser *p, size_t *out)
{
	static const tok_kind toks[] = {TOK_OR};
	static const op ops[] = {OP_OR};
	return parse_level(p, parse_and, toks, ops, 1, out);
}

/* Parse query q's expression into a fresh tree at q->expr. */
static tt_code parse_query(const tt_metric_math *mm, tt_math_query *q,
                           tt_diag *d)
{
	parser p = {mm, q, q->expression, 0, {TOK_END, 0, 0, 0}, NULL, 0, d};
	tt_code rc;

	q->expr = calloc(1, sizeof *q->expr);
	if (!q->expr)
		return tt_diag_nomem(d, q->expr_loc);
	p.e = q->expr;
	next_token(&p);
	if ((rc = parse_expr(&p, &q->expr->root)))
		return rc;
	if (p.tok.kind != TOK_END)
		return unexpected(&p, "an operator");
	return TT_OK;
}

/* ---- Ids, ReturnData, order ---- */

static tt_code check_id(const tt_metric_math *mm, size_t i, tt_diag *d)
{
	const tt_math_query *q = &mm->queries[i];
	const char *id = q->id;

	if (!id[0])
		return tt_diag_set(d, TT_EINVAL, q->id_loc,
		                   "'Id' must not be empty");
	if (!(id[0] >= 'a' && id[0] <= 'z'))
		return tt_diag_set(d, TT_EINVAL, q->id_loc,
		                   "'Id' must start with a lowercase letter, "
		                   "got '%s'",
		                   id);
	for (const char *c = id; *c; c++)
		if (!is_word_char(*c))
			return tt_diag_set(d, TT_EINVAL, q->id_loc,
			                   "'Id' may hold only letters, digits "
			                   "and underscores, got '%s'",
			                   id);
	for (size_t j = 0; j < i; j++)
		if (!strcmp(mm->queries[j].id, id))
			return tt_diag_set(
			        d, TT_EINVAL, q->id_loc,
			        "duplicate Id '%s' (first at line %d)", id,
			        mm->queries[j].id_loc.line);
	return TT_OK;
}

static tt_code check_return_data(tt_metric_math *mm, tt_diag *d)
{
	size_t first = NONE;

	for (size_t i = 0; i < mm->n_queries; i++) {
		const tt_math_query *q = &mm->queries[i];
		if (!q->return_data)
			continue;
		if (first != NONE)
			return tt_diag_set(d, TT_EINVAL, q->return_data_loc,
			                   "queries '%s' and '%s' both return "
			                   "data; exactly "
			                   "one may: set 'ReturnData' to false "
			                   "on the others "
			                   "(it defaults to true)",
			                   mm->queries[first].id, q->id);
		first = i;
	}
	if (first == NONE)
		return tt_diag_set(
		        d, TT_EINVAL, mm->loc,
		        "no query in 'Metrics' returns data; exactly "
		        "one must have 'ReturnData' true");
	mm->result = first;
	return TT_OK;
}

enum { WHITE, GRAY, BLACK }; /* depth-first marks */

typedef struct orderer {
	tt_metric_math *mm;
	unsigned char color[TT_MATH_MAX_QUERIES];
	size_t stack[TT_MATH_MAX_QUERIES];
	size_t depth;
	size_t n_order;
	tt_diag *d;
} orderer;

/* Report the reference at node r of query i that closes a cycle. */
static tt_code cycle_error(orderer *o, size_t i, const math_node *r)
{
	char path[512];
	size_t used = 0, from = 0;

	while (o->stack[from] != r->ref)
		from++;
	path[0] = '\0';
	for (size_t k = from; k < o->depth && used < sizeof path; k++)
		used += (size_t)snprintf(path + used, sizeof path - used,
		                         "%s -> ",
		                         o->mm->queries[o->stack[k]].id);
	if (used < sizeof path)
		snprintf(path + used, sizeof path - used, "%s",
		         o->mm->queries[r->ref].id);
	return expr_error(&o->mm->queries[i], TT_EINVAL, r->pos, NULL, o->d,
	                  "cycle '%s'", path);
}

/* Depth first: every query a query uses is placed in the order before it. */
static tt_code visit(orderer *o, size_t i)
{
	const tt_math_query *q = &o->mm->queries[i];
	tt_code rc;

	o->color[i] = GRAY;
	o->stack[o->depth++] = i;
	if (q->expr) {
		for (size_t k = 0; k < q->expr->n; k++) {
			const math_node *r = &q->expr->nodes[k];
			if (r->op != OP_REF)
				continue;
			if (o->color[r->ref] == GRAY)
				return cycle_error(o, i, r);
			if (o->color[r->ref] == WHITE &&
			    (rc = visit(o, r->ref)))
				return rc;
		}
	}
	o->color[i] = BLACK;
	o->depth--;
	o->mm->order[o->n_order++] = i;
	return TT_OK;
}

tt_code tt_metric_math_compile(tt_metric_math *mm, tt_diag *d)
{
	tt_code rc;

	if (mm->n_queries == 0)
		return tt_diag_set(d, TT_EINVAL, mm->loc,
		                   "'Metrics' must hold at least one query");
	if (mm->n_queries > TT_MATH_MAX_QUERIES)
		return tt_diag_set(d, TT_ERANGE, mm->loc,
		                   "'Metrics' may hold at most %d queries, got "
		                   "%zu",
		                   TT_MATH_MAX_QUERIES, mm->n_queries);
	for (size_t i = 0; i < mm->n_queries; i++)
		if ((rc = check_id(mm, i, d)))
			return rc;
	if ((rc = check_return_data(mm, d)))
		return rc;
	for (size_t i = 0; i < mm->n_queries; i++) {
		tt_math_query *q = &mm->queries[i];
		if (q->has_stat)
			continue;
		if (strlen(q->expression) > EXPRESSION_MAX)
			return tt_diag_set(d, TT_ERANGE, q->expr_loc,
			                   "'Expression' may be at most %d "
			                   "characters, got %zu",
			                   EXPRESSION_MAX,
			                   strlen(q->expression));
		if ((rc = parse_query(mm, q, d)))
			return rc;
	}

	free(mm->order);
	mm->order = calloc(mm->n_queries, sizeof *mm->order);
	if (!mm->order)
		return tt_diag_nomem(d, mm->loc);
	orderer o = {.mm = mm, .d = d};
	for (size_t i = 0; i < mm->n_queries; i++)
		if (o.color[i] == WHITE && (rc = visit(&o, i)))
			return rc;
	return TT_OK;
}

/* ---- evaluation ---- */

/*
 * A result CloudWatch could hold, or missing: not a number, an infinity,
 * or past TT_METRIC_VALUE_MAX (`m1 * 1e200`) has no datapoint.
 */
static bool keep_finite(double v, double *out)
{
	if (!isfinite(v) || fabs(v) > TT_METRIC_VALUE_MAX)
		return false;
	*out = v;
	return true;
}

static bool eval(const tt_math_expr *e, size_t i, const double *value,
                 const bool *present, double *out)
{
	const math_node *n = &e->nodes[i];
	double a, b, c;

	switch (n->op) {
	case OP_NUM:
		*out = n->num;
		return true;
	case OP_REF:
		if (!present[n->ref])
			return false;
		*out = value[n->ref];
		return true;
	case OP_NEG:
		if (!eval(e, n->kid, value, present, &a))
			return false;
		*out = -a;
		return true;
	case OP_ABS:
		if (!eval(e, n->kid, value, present, &a))
			return false;
		*out = fabs(a);
		return true;
	case OP_FILL:
		if (eval(e, n->kid, value, present, out))
			return true;
		return eval(e, e->nodes[n->kid].next, value, present, out);
	case OP_IF: {
		size_t then = e->nodes[n->kid].next;
		size_t otherwise = e->nodes[then].next;
		if (!eval(e, n->kid, value, present, &c))
			return false;
		if (c != 0)
			return eval(e, then, value, present, out);
		if (otherwise == NONE)
			return false; /* IF(cond, a) has no datapoint when false */
		return eval(e, otherwise, value, present, out);
	}
	case OP_SUM:
	case OP_AVG:
	case OP_MIN:
	case OP_MAX: {
		double acc = 0;
		size_t count = 0;
		for (size_t k = n->kid; k != NONE; k = e->nodes[k].next) {
			if (!eval(e, k, value, present, &a))
				continue;
			if (count++ == 0)
				acc = a;
			else if (n->op == OP_MIN)
				acc = a < acc ? a : acc;
			else if (n->op == OP_MAX)
				acc = a > acc ? a : acc;
			else
				acc += a;
		}
		if (count == 0)
			return false;
		if (n->op == OP_AVG)
			acc /= (double)count;
		return keep_finite(acc, out);
	}
	default:
		break;
	}

	/* The binary operators: missing when either side is. */
	if (!eval(e, n->kid, value, present, &a) ||
	    !eval(e, e->nodes[n->kid].next, value, present, &b))
		return false;
	switch (n->op) {
	case OP_ADD:
		return keep_finite(a + b, out);
	case OP_SUB:
		return keep_finite(a - b, out);
	case OP_MUL:
		return keep_finite(a * b, out);
	case OP_DIV:
		if (b == 0)
			return false;
		return keep_finite(a / b, out);
	case OP_LT:
		*out = a < b;
		return true;
	case OP_GT:
		*out = a > b;
		return true;
	case OP_LE:
		*out = a <= b;
		return true;
	case OP_GE:
		*out = a >= b;
		return true;
	case OP_EQ:
		*out = a == b;
		return true;
	case OP_NE:
		*out = a != b;
		return true;
	case OP_AND:
		*out = a != 0 && b != 0;
		return true;
	case OP_OR:
		*out = a != 0 || b != 0;
		return true;
	default:
		return false;
	}
}

bool tt_metric_math_eval(const tt_metric_math *mm, double *value, bool *present,
                         double *out)
{
	for (size_t k = 0; k < mm->n_queries; k++) {
		size_t i = mm->order[k];
		const tt_math_query *q = &mm->queries[i];
		if (q->has_stat)
			continue;
		present[i] =
		        eval(q->expr, q->expr->root, value, present, &value[i]);
	}
	if (!present[mm->result])
		return false;
	*out = value[mm->result];
	return true;
}

static void expr_free(tt_math_expr *e)
{
	if (!e)
		return;
	free(e->nodes);
	free(e);
}

void tt_metric_math_free(tt_metric_math *mm)
{
	if (!mm)
		return;
	for (size_t i = 0; i < mm->n_queries; i++) {
		tt_math_query *q = &mm->queries[i];
		free(q->id);
		free(q->label);
		tt_metric_spec_release(&q->stat);
		free(q->expression);
		expr_free(q->expr);
	}
	free(mm->queries);
	free(mm->order);
	free(mm);
}

const char *tt_policy_metric_label(const tt_policy *p)
{
	if (p->metric.kind == TT_METRIC_PREDEFINED)
		return tt_predefined_get(p->metric.predefined)->name;
	if (p->metric.math) {
		const tt_math_query *q =
		        &p->metric.math->queries[p->metric.math->result];
		return q->label        ? q->label
		       : q->expression ? q->expression
		                       : q->stat.metric_name;
	}
	return p->metric.metric_name;
}
