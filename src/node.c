/*
 * node.c - reading typed values out of a parsed document tree.
 *
 * The parsers (json_doc.c, yaml_doc.c) only build the tree; every rule about
 * what a value may be lives here, so a JSON policy file and the same policy
 * inline in a YAML scenario are checked by the same code and fail with the
 * same words.  A message says what was expected, for which key, and what was
 * found: "expected a number for 'TargetValue', got a string".  When the type
 * was wrong it names the type; when the type was right but the value was not
 * (2.5 for an integer) it shows the value as written.
 *
 * Also here: reading a whole file into memory and freeing a tree, which both
 * parsers share.
 */
#include "node.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hcl.h"
#include "ttsim/policy.h"

/*
 * Values are quoted in messages; a runaway value (a whole paragraph in a
 * string) is cut to this many bytes so the message stays one readable line.
 */
#define SHOW_MAX 40
#define SHOW_BUF (SHOW_MAX + 8)

/*
 * s for a message, in buf: control characters escaped as a terminal is
 * shown them (tt_diag_escape: a newline in a block scalar reads "\n", a NUL
 * from "\0" "\x00"), so the message stays one line and a C string, and cut
 * with "..." after SHOW_MAX bytes (never inside an escape or a character).
 */
static const char *show(const char *s, size_t len, char *buf, size_t size)
{
	size_t room = size - 4 < SHOW_MAX ? size - 4 : SHOW_MAX;
	size_t need = tt_diag_escape(s, len, buf, room + 1);
	if (need > room)
		memcpy(buf + strlen(buf), "...", 4);
	return buf;
}

static bool text_is(const tt_node *n, const char *word)
{
	return n->u.scalar.len == strlen(word) &&
	       memcmp(n->u.scalar.text, word, n->u.scalar.len) == 0;
}

/*
 * Does s spell a finite decimal number as ttsim reads it: an optional sign,
 * digits with an optional fraction (or a fraction alone), an optional
 * exponent.  This is the YAML 1.2 core schema's float minus .inf and .nan,
 * and a superset of JSON's number grammar, so one rule serves both formats.
 * Hex, octal prefixes, underscores and spaces are refused.
 */
static bool is_decimal(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			i++;
			digits++;
		}
	}
	if (digits == 0)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t exp_digits = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			i++;
			exp_digits++;
		}
		if (exp_digits == 0)
			return false;
	}
	return i == len;
}

/* An optional sign and digits only: read exactly, not through a double. */
static bool is_integer_text(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i == len)
		return false;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A scalar that reads as a number, by syntax (JSON) or by spelling (YAML). */
static bool spells_number(const tt_node *n)
{
	if (!n || n->kind != TT_NODE_SCALAR)
		return false;
	if (n->u.scalar.kind == TT_SCALAR_NUMBER)
		return true;
	return n->u.scalar.kind == TT_SCALAR_PLAIN &&
	       is_decimal(n->u.scalar.text, n->u.scalar.len);
}

/*
 * What was found, for "expected X for 'what', got ...".  Typed scalars and
 * containers are named by their type ("a string", "a map"); a YAML plain
 * scalar has no type of its own, so it is shown as written ('yes').
 */
static const char *got(const tt_node *n, char *buf, size_t size)
{
	char text[SHOW_BUF];
	if (!n)
		return "nothing";
	switch (n->kind) {
	case TT_NODE_MAP:
		return "a map";
	case TT_NODE_SEQ:
		return "a sequence";
	case TT_NODE_SCALAR:
		break;
	}
	switch (n->u.scalar.kind) {
	case TT_SCALAR_STRING:
		return "a string";
	case TT_SCALAR_NUMBER:
		return "a number";
	case TT_SCALAR_BOOL:
		return "a boolean";
	case TT_SCALAR_NULL:
		/* `key:` with nothing after it is a null in YAML. */
		return n->u.scalar.len == 0 ? "an empty value" : "null";
	case TT_SCALAR_PLAIN:
		break;
	}
	snprintf(buf, size, "'%s'",
	         show(n->u.scalar.text, n->u.scalar.len, text, sizeof text));
	return buf;
}

bool tt_node_is_expression(const tt_node *n)
{
	return n && n->tag;
}

/* Append printf output at *used in buf, never past size. */
static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	if (*used >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *used, size - *used, fmt, ap);
	va_end(ap);
	if (w > 0)
		*used += (size_t)w;
}

/* One value in flow style, tags included; depth-limited like the tree. */
static void render(const tt_node *n, char *buf, size_t size, size_t *used,
                   bool with_tag)
{
	if (with_tag && n->tag) {
		if (n->tag[0] == '!') {
			append(buf, size, used, "%s ", n->tag);
		} else {
			/* A long-form intrinsic map: its one entry. */
			const tt_node_entry *e = &n->u.map.entries[0];
			append(buf, size, used, "%s: ", e->key);
			render(e->value, buf, size, used, true);
			return;
		}
	}
	switch (n->kind) {
	case TT_NODE_SCALAR: {
		char text[SHOW_BUF];
		show(n->u.scalar.text, n->u.scalar.len, text, sizeof text);
		append(buf, size, used, n->u.scalar.len == 0 ? "''" : "%s",
		       text);
		break;
	}
	case TT_NODE_SEQ:
		append(buf, size, used, "[");
		for (size_t i = 0; i < n->u.seq.count && *used < size; i++) {
			if (i)
				append(buf, size, used, ", ");
			render(n->u.seq.items[i], buf, size, used, true);
		}
		append(buf, size, used, "]");
		break;
	case TT_NODE_MAP:
		append(buf, size, used, "{");
		for (size_t i = 0; i < n->u.map.count && *used < size; i++) {
			append(buf, size, used, "%s%s: ", i ? ", " : "",
			       n->u.map.entries[i].key);
			render(n->u.map.entries[i].value, buf, size, used,
			       true);
		}
		append(buf, size, used, "}");
		break;
	}
}

const char *tt_node_expression_text(const tt_node *n, char *buf, size_t size)
{
	char full[256];
	size_t used = 0;
	full[0] = '\0';
	if (n)
		render(n, full, sizeof full, &used, true);
	/* One line, at most SHOW_MAX bytes, cut with "...". */
	char cut[SHOW_BUF];
	show(full, strlen(full), cut, sizeof cut);
	snprintf(buf, size, "%s", cut);
	return buf;
}

/* The error for an expression where a value is needed. */
static tt_code expression_error(const tt_node *n, const char *what, tt_diag *d)
{
	char text[SHOW_BUF];
	return tt_diag_set(d, TT_EINVAL, n->loc,
	                   "'%s' is a CloudFormation expression ('%s'); ttsim "
	                   "needs the value itself",
	                   what, tt_node_expression_text(n, text, sizeof text));
}

const char *tt_node_kind_name(const tt_node *n)
{
	if (!n)
		return "nothing";
	if (n->kind == TT_NODE_MAP)
		return "map";
	if (n->kind == TT_NODE_SEQ)
		return "sequence";
	switch (n->u.scalar.kind) {
	case TT_SCALAR_STRING:
		return "string";
	case TT_SCALAR_NUMBER:
		return "number";
	case TT_SCALAR_BOOL:
		return "boolean";
	case TT_SCALAR_NULL:
		return "null";
	case TT_SCALAR_PLAIN:
		break;
	}
	if (spells_number(n))
		return "number";
	if (text_is(n, "true") || text_is(n, "false"))
		return "boolean";
	return "string";
}

const tt_node_entry *tt_node_map_find(const tt_node *map, const char *key)
{
	if (!map || map->kind != TT_NODE_MAP || !key)
		return NULL;
	for (size_t i = 0; i < map->u.map.count; i++)
		if (strcmp(map->u.map.entries[i].key, key) == 0)
			return &map->u.map.entries[i];
	return NULL;
}

const tt_node *tt_node_map_get(const tt_node *map, const char *key)
{
	const tt_node_entry *e = tt_node_map_find(map, key);
	return e ? e->value : NULL;
}

static tt_code expect_kind(const tt_node *n, tt_node_kind kind,
                           const char *what, tt_diag *d)
{
	char buf[SHOW_BUF + 4];
	if (!n)
		return tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
		                   "no value for '%s'", what);
	if (n->tag)
		return expression_error(n, what, d);
	if (n->kind == kind)
		return TT_OK;
	return tt_diag_set(d, TT_EINVAL, n->loc, "expected %s for '%s', got %s",
	                   kind == TT_NODE_MAP ? "a map" : "a sequence", what,
	                   got(n, buf, sizeof buf));
}

tt_code tt_node_expect_map(const tt_node *n, const char *what, tt_diag *d)
{
	return expect_kind(n, TT_NODE_MAP, what, d);
}

tt_code tt_node_expect_seq(const tt_node *n, const char *what, tt_diag *d)
{
	return expect_kind(n, TT_NODE_SEQ, what, d);
}

tt_code tt_node_check_keys(const tt_node *map, const char *what,
                           const char *const *allowed, tt_diag *d)
{
	tt_code rc = tt_node_expect_map(map, what, d);
	if (rc)
		return rc;
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tt_node_entry *e = &map->u.map.entries[i];
		size_t k;
		for (k = 0; allowed[k]; k++)
			if (strcmp(e->key, allowed[k]) == 0)
				break;
		if (allowed[k])
			continue;

		/* The list is cut by the message size, never overflows. */
		char list[TT_DIAG_MSG_MAX] = "";
		size_t used = 0;
		for (k = 0; allowed[k] && used < sizeof list; k++) {
			int w = snprintf(list + used, sizeof list - used,
			                 "%s%s", k ? ", " : "", allowed[k]);
			if (w < 0)
				break;
			used += (size_t)w;
		}
		char key[SHOW_BUF];
		return tt_diag_set(
		        d, TT_EINVAL, e->key_loc,
		        "unknown key '%s' in '%s' (expected one of: %s)",
		        show(e->key, strlen(e->key), key, sizeof key), what,
		        list);
	}
	return TT_OK;
}

tt_code tt_node_require(const tt_node *map, const char *what, const char *key,
                        const tt_node **out, tt_diag *d)
{
	tt_code rc = tt_node_expect_map(map, what, d);
	if (rc)
		return rc;
	const tt_node *v = tt_node_map_get(map, key);
	if (!v)
		return tt_diag_set(d, TT_EINVAL, map->loc,
		                   "missing required key '%s' in '%s'", key,
		                   what);
	*out = v;
	return TT_OK;
}

tt_code tt_node_string(const tt_node *n, const char *what, const char **out,
                       tt_diag *d)
{
	char buf[SHOW_BUF + 4];
	if (!n)
		return tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
		                   "no value for '%s'", what);
	if (n->tag)
		return expression_error(n, what, d);
	/*
	 * A JSON number is not a string (the AWS CLI agrees); a YAML plain
	 * scalar is whatever its reader wants, so `Name: 70` is "70".  Null
	 * is refused in both: `Name:` with nothing after it is a mistake.
	 */
	if (n->kind != TT_NODE_SCALAR ||
	    (n->u.scalar.kind != TT_SCALAR_STRING &&
	     n->u.scalar.kind != TT_SCALAR_PLAIN))
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "expected a string for '%s', got %s", what,
		                   got(n, buf, sizeof buf));
	/* Callers get a C string; an embedded NUL would silently cut it. */
	if (strlen(n->u.scalar.text) != n->u.scalar.len)
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "'%s' must not contain a NUL character",
		                   what);
	*out = n->u.scalar.text;
	return TT_OK;
}

/*
 * Convert a scalar already known to spell a decimal number.  Only overflow
 * is an error: an underflow such as 1e-400 reads as the nearest double
 * (zero), which is what the user meant to within any precision that matters.
 * strtod is locale-dependent; the library never calls setlocale, so the
 * decimal point is '.' as in the C locale.
 */
static double to_double(const tt_node *n)
{
	return strtod(n->u.scalar.text, NULL);
}

tt_code tt_node_number(const tt_node *n, const char *what, double *out,
                       tt_diag *d)
{
	char buf[SHOW_BUF + 4];
	if (!n)
		return tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
		                   "no value for '%s'", what);
	if (n->tag)
		return expression_error(n, what, d);
	if (!spells_number(n))
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "expected a number for '%s', got %s", what,
		                   got(n, buf, sizeof buf));
	double v = to_double(n);
	if (!isfinite(v))
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "number out of range for '%s', got %s", what,
		                   show(n->u.scalar.text, n->u.scalar.len, buf,
		                        sizeof buf));
	/* -0 compares equal to 0 but would print as "-0" in outputs. */
	*out = v == 0 ? 0.0 : v;
	return TT_OK;
}

/* An integer outside [min, max]; `high`: beyond max (else below min). */
static tt_code int_range_error(const tt_node *n, const char *what, int64_t min,
                               int64_t max, bool high, tt_diag *d)
{
	char buf[SHOW_BUF];
	const char *text =
	        show(n->u.scalar.text, n->u.scalar.len, buf, sizeof buf);
	if (min != INT64_MIN && max != INT64_MAX)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must be between %lld and %lld, got %s",
		                   what, (long long)min, (long long)max, text);
	if (high)
		return tt_diag_set(d, TT_ERANGE, n->loc,
		                   "'%s' must be at most %lld, got %s", what,
		                   (long long)max, text);
	return tt_diag_set(d, TT_ERANGE, n->loc,
	                   "'%s' must be at least %lld, got %s", what,
	                   (long long)min, text);
}

tt_code tt_node_int(const tt_node *n, const char *what, int64_t min,
                    int64_t max, int64_t *out, tt_diag *d)
{
	char buf[SHOW_BUF + 4];
	if (!n)
		return tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
		                   "no value for '%s'", what);
	if (n->tag)
		return expression_error(n, what, d);
	if (!spells_number(n))
		return tt_diag_set(d, TT_EINVAL, n->loc,
		                   "expected an integer for '%s', got %s", what,
		                   got(n, buf, sizeof buf));
	const char *text = n->u.scalar.text;
	int64_t v;
	if (is_integer_text(text, n->u.scalar.len)) {
		/* Exact: 9007199254740993 must not round through a double. */
		errno = 0;
		long long ll = strtoll(text, NULL, 10);
		if (errno == ERANGE)
			return int_range_error(n, what, min, max, ll > 0, d);
		v = (int64_t)ll;
	} else {
		/* 2.0 and 1e3 are whole numbers as written; 2.5 is not. */
		double x = to_double(n);
		if (isfinite(x) && x != floor(x))
			return tt_diag_set(
			        d, TT_EINVAL, n->loc,
			        "expected an integer for '%s', got %s", what,
			        show(text, n->u.scalar.len, buf, sizeof buf));
		if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
			return int_range_error(n, what, min, max, x > 0, d);
		v = (int64_t)x;
	}
	if (v < min || v > max)
		return int_range_error(n, what, min, max, v > max, d);
	*out = v;
	return TT_OK;
}

tt_code tt_node_bool(const tt_node *n, const char *what, bool *out, tt_diag *d)
{
	char buf[SHOW_BUF + 4];
	if (!n)
		return tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
		                   "no value for '%s'", what);
	if (n->tag)
		return expression_error(n, what, d);
	/*
	 * YAML 1.1 also read yes/no/on/off as booleans, which turned the
	 * country code NO into false; ttsim takes only true and false, and
	 * the message says so when it sees one of the old spellings.
	 */
	if (n->kind == TT_NODE_SCALAR &&
	    (n->u.scalar.kind == TT_SCALAR_BOOL ||
	     n->u.scalar.kind == TT_SCALAR_PLAIN)) {
		if (text_is(n, "true")) {
			*out = true;
			return TT_OK;
		}
		if (text_is(n, "false")) {
			*out = false;
			return TT_OK;
		}
	}
	return tt_diag_set(d, TT_EINVAL, n->loc,
	                   "expected true or false for '%s', got %s", what,
	                   got(n, buf, sizeof buf));
}

bool tt_node_is_number(const tt_node *n)
{
	return n && !n->tag && spells_number(n) && isfinite(to_double(n));
}

/* "Ref", "Condition" or "Fn::Name": the keys of long-form intrinsics. */
static bool intrinsic_key(const char *k)
{
	return strcmp(k, "Ref") == 0 || strcmp(k, "Condition") == 0 ||
	       (strncmp(k, "Fn::", 4) == 0 && k[4] != '\0');
}

tt_code tt_node_cfn_prepare(tt_node *n, tt_diag *d)
{
	tt_code rc;
	if (!n)
		return TT_OK;
	switch (n->kind) {
	case TT_NODE_SCALAR:
		if (n->u.scalar.kind == TT_SCALAR_STRING)
			n->u.scalar.kind = TT_SCALAR_PLAIN;
		return TT_OK;
	case TT_NODE_SEQ:
		for (size_t i = 0; i < n->u.seq.count; i++)
			if ((rc = tt_node_cfn_prepare(n->u.seq.items[i], d)))
				return rc;
		return TT_OK;
	case TT_NODE_MAP:
		break;
	}
	if (!n->tag && n->u.map.count == 1 &&
	    intrinsic_key(n->u.map.entries[0].key)) {
		size_t len = strlen(n->u.map.entries[0].key);
		if (!(n->tag = malloc(len + 1)))
			return tt_diag_nomem(d, n->loc);
		memcpy(n->tag, n->u.map.entries[0].key, len + 1);
	}
	for (size_t i = 0; i < n->u.map.count; i++)
		if ((rc = tt_node_cfn_prepare(n->u.map.entries[i].value, d)))
			return rc;
	return TT_OK;
}

/* ---- files and trees ---- */

/*
 * Read an open descriptor to its end; `path` is what messages quote and
 * `loc` where they point.  The descriptor stays open.
 */
static tt_code read_fd(int fd, const char *path, tt_loc loc, char **buf,
                       size_t *len, tt_diag *d)
{
	tt_code rc;
	char *data = NULL;
	size_t used = 0, cap = 0;

	struct stat st;
	if (fstat(fd, &st) != 0)
		return tt_diag_set(d, TT_EIO, loc, "cannot read '%s': %s", path,
		                   strerror(errno));
	if (S_ISDIR(st.st_mode))
		return tt_diag_set(d, TT_EIO, loc, "'%s' is a directory", path);

	/*
	 * Read to end of file rather than trusting st_size, so pipes and
	 * /dev/stdin work; the size cap is checked as bytes arrive, and one
	 * byte past it is enough to know the file is too large.
	 */
	cap = 4096;
	if (S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (size_t)st.st_size <= TT_DOC_MAX_BYTES)
		cap = (size_t)st.st_size + 2;
	data = malloc(cap);
	if (!data)
		return tt_diag_nomem(d, loc);
	for (;;) {
		if (used + 1 >= cap) {
			size_t ncap = cap * 2;
			if (ncap > TT_DOC_MAX_BYTES + 2)
				ncap = TT_DOC_MAX_BYTES + 2;
			char *p = realloc(data, ncap);
			if (!p) {
				rc = tt_diag_nomem(d, loc);
				goto free_data;
			}
			data = p;
			cap = ncap;
		}
		ssize_t n = read(fd, data + used, cap - 1 - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = tt_diag_set(d, TT_EIO, loc, "cannot read '%s': %s",
			                 path, strerror(errno));
			goto free_data;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > TT_DOC_MAX_BYTES) {
			rc = tt_diag_set(d, TT_EIO, loc,
			                 "'%s' is too large (the limit is "
			                 "%zu MiB)",
			                 path, TT_DOC_MAX_BYTES >> 20);
			goto free_data;
		}
	}
	data[used] = '\0';
	*buf = data;
	*len = used;
	return TT_OK;

free_data:
	free(data);
	return rc;
}

tt_code tt_read_file(const char *path, const char *name, char **buf,
                     size_t *len, tt_diag *d)
{
	tt_loc loc = {name, 0, 0};
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return tt_diag_set(d, TT_EIO, loc, "cannot open '%s': %s", path,
		                   strerror(errno));
	tt_code rc = read_fd(fd, path, loc, buf, len, d);
	close(fd);
	return rc;
}

tt_code tt_read_fd(int fd, const char *name, char **buf, size_t *len,
                   tt_diag *d)
{
	return read_fd(fd, name, (tt_loc){name, 0, 0}, buf, len, d);
}

static void node_free(tt_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case TT_NODE_MAP:
		for (size_t i = 0; i < n->u.map.count; i++) {
			free(n->u.map.entries[i].key);
			node_free(n->u.map.entries[i].value);
		}
		free(n->u.map.entries);
		break;
	case TT_NODE_SEQ:
		for (size_t i = 0; i < n->u.seq.count; i++)
			node_free(n->u.seq.items[i]);
		free(n->u.seq.items);
		break;
	case TT_NODE_SCALAR:
		free(n->u.scalar.text);
		break;
	}
	free(n->tag);
	free(n);
}

void tt_node_free(tt_node *n)
{
	/* Recursion is bounded: trees are at most TT_NODE_MAX_DEPTH deep. */
	node_free(n);
}

tt_node *tt_node_new(tt_node_kind kind, tt_loc loc)
{
	tt_node *n = calloc(1, sizeof *n);
	if (n) {
		n->kind = kind;
		n->loc = loc;
	}
	return n;
}

tt_node *tt_node_new_scalar(tt_scalar_kind kind, tt_loc loc, const char *text,
                            size_t len)
{
	tt_node *n = tt_node_new(TT_NODE_SCALAR, loc);
	if (!n)
		return NULL;
	n->u.scalar.kind = kind;
	n->u.scalar.len = len;
	if (!(n->u.scalar.text = malloc(len + 1))) {
		free(n);
		return NULL;
	}
	memcpy(n->u.scalar.text, text, len);
	n->u.scalar.text[len] = '\0';
	return n;
}

bool tt_node_seq_push(tt_node *seq, tt_node *item)
{
	tt_node **items = realloc(seq->u.seq.items,
	                          (seq->u.seq.count + 1) * sizeof *items);
	if (!items)
		return false;
	items[seq->u.seq.count++] = item;
	seq->u.seq.items = items;
	return true;
}

tt_node_entry *tt_node_map_push(tt_node *map, const char *key, size_t len,
                                tt_loc key_loc, tt_node *value)
{
	tt_node_entry *e =
	        realloc(map->u.map.entries, (map->u.map.count + 1) * sizeof *e);
	if (!e)
		return NULL;
	map->u.map.entries = e;
	char *k = malloc(len + 1);
	if (!k)
		return NULL;
	memcpy(k, key, len);
	k[len] = '\0';
	e = &map->u.map.entries[map->u.map.count++];
	e->key = k;
	e->key_loc = key_loc;
	e->value = value;
	return e;
}

void tt_doc_release(tt_doc *doc)
{
	if (!doc)
		return;
	/* Recursion is bounded: the parsers refuse depth > TT_NODE_MAX_DEPTH.
	 */
	node_free(doc->root);
	doc->root = NULL;
}

enum doc_format { DOC_JSON, DOC_YAML, DOC_YAML_TAGS, DOC_ANY };

/*
 * Read and parse a file; DOC_ANY parses it as its content says
 * (tt_doc_sniff: JSON, YAML with tags kept, or HCL) and says which in
 * *kind (may be NULL).
 */
static tt_code load(const char *path, const char *name, enum doc_format fmt,
                    tt_doc *out, tt_doc_kind *kind, tt_diag *d)
{
	char *text = NULL;
	size_t len = 0;
	tt_code rc = tt_read_file(path, name, &text, &len, d);
	if (rc)
		return rc;
	if (fmt == DOC_ANY) {
		tt_doc_kind k = tt_doc_sniff(text, len, name);
		if (kind)
			*kind = k;
		fmt = k == TT_DOC_JSON ? DOC_JSON : DOC_YAML_TAGS;
		if (k == TT_DOC_HCL) {
			rc = tt_doc_parse_hcl(text, len, name, out, d);
			free(text);
			return rc;
		}
	}
	switch (fmt) {
	case DOC_JSON:
		rc = tt_doc_parse_json(text, len, name, out, d);
		break;
	case DOC_YAML:
		rc = tt_doc_parse_yaml(text, len, name, out, d);
		break;
	case DOC_YAML_TAGS:
	case DOC_ANY:
		rc = tt_doc_parse_yaml_tags(text, len, name, out, d);
		break;
	}
	/* The tree holds copies of every scalar, so the text can go. */
	free(text);
	return rc;
}

tt_code tt_doc_load_any(const char *path, const char *name, tt_doc *out,
                        tt_doc_kind *kind, tt_diag *d)
{
	return load(path, name, DOC_ANY, out, kind, d);
}

tt_code tt_doc_load_json(const char *path, const char *name, tt_doc *out,
                         tt_diag *d)
{
	return load(path, name, DOC_JSON, out, NULL, d);
}

tt_code tt_doc_load_yaml(const char *path, const char *name, tt_doc *out,
                         tt_diag *d)
{
	return load(path, name, DOC_YAML, out, NULL, d);
}

tt_code tt_doc_load_yaml_tags(const char *path, const char *name, tt_doc *out,
                              tt_diag *d)
{
	return load(path, name, DOC_YAML_TAGS, out, NULL, d);
}

tt_code tt_doc_check_encoding(const char *text, size_t len, const char *name,
                              size_t *bom_len, tt_diag *d)
{
	const unsigned char *u = (const unsigned char *)text;
	*bom_len = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	/* A UTF-16 byte-order mark: FF FE or FE FF.  Decoding it would make
	 * every byte column wrong, so it is refused rather than guessed. */
	if (len >= 2 && (u[0] == 0xFF || u[0] == 0xFE) &&
	    (u[1] == 0xFF || u[1] == 0xFE))
		return tt_diag_set(d, TT_EUNSUPPORTED, (tt_loc){name, 1, 1},
		                   "UTF-16 input is not supported (save the "
		                   "file as UTF-8)");
	return TT_OK;
}

/* ---- keys and names with a "did you mean" ---- */

tt_code tt_node_check_keys_hint(const tt_node *map, const char *what,
                                const char *const *allowed, tt_diag *d)
{
	tt_code rc = tt_node_expect_map(map, what, d);
	if (rc)
		return rc;
	size_t n_allowed = 0;
	while (allowed[n_allowed])
		n_allowed++;
	for (size_t i = 0; i < map->u.map.count; i++) {
		const tt_node_entry *e = &map->u.map.entries[i];
		size_t k;
		for (k = 0; k < n_allowed; k++)
			if (strcmp(e->key, allowed[k]) == 0)
				break;
		if (k < n_allowed)
			continue;
		char hint[256];
		tt_policy_did_you_mean(hint, sizeof hint, e->key, allowed,
		                       n_allowed);
		/* Nothing close: the full list, in node.c's words. */
		if (!hint[0])
			return tt_node_check_keys(map, what, allowed, d);
		char key[128];
		tt_diag_escape(e->key, strlen(e->key), key, sizeof key);
		return tt_diag_set(d, TT_EINVAL, e->key_loc,
		                   "unknown key '%s' in '%s'%s", key, what,
		                   hint);
	}
	return TT_OK;
}

tt_code tt_node_enum_hint(const tt_node *n, const char *what,
                          const char *const *names, int *out, tt_diag *d)
{
	const char *v;
	tt_code rc = tt_node_string(n, what, &v, d);
	if (rc)
		return rc;
	size_t count = 0;
	for (; names[count]; count++) {
		if (strcmp(v, names[count]) == 0) {
			*out = (int)count;
			return TT_OK;
		}
	}
	char hint[256];
	tt_policy_did_you_mean(hint, sizeof hint, v, names, count);
	if (!hint[0]) {
		size_t used = (size_t)snprintf(hint, sizeof hint,
		                               " (expected one of: ");
		for (size_t i = 0; i < count && used < sizeof hint; i++)
			used += (size_t)snprintf(hint + used,
			                         sizeof hint - used, "%s%s",
			                         i ? ", " : "", names[i]);
		if (used < sizeof hint)
			snprintf(hint + used, sizeof hint - used, ")");
	}
	char shown[128];
	tt_diag_escape(v, strlen(v), shown, sizeof shown);
	return tt_diag_set(d, TT_EINVAL, n->loc, "unknown %s '%s'%s", what,
	                   shown, hint);
}
