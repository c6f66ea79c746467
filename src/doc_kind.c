/*
 * doc_kind.c - what kind of text a file holds, told by its content.
 *
 * Users keep their files under whatever names their tools chose
 * (`stack.template`, a policy called `config`, `/dev/fd/63`), so the
 * name is only a hint where it cannot mislead: .yaml and .yml say YAML,
 * because flow-style YAML opens with '{' like JSON.  Everything else is
 * told from the first thing in the text.
 */
#include "node.h"

#include <stdbool.h>
#include <string.h>


static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Does the line at p look like HCL: an identifier, then `=` (not `==`),
 * `{`, a quoted label or a second identifier before a `{`?  YAML's
 * `key: value` and `- item` never do.
 */
static bool hcl_line(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && name_char(*q))
		q++;
	if (q == p || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	                *p == '_'))
		return false;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q == end)
		return false;
	if (*q == '=')
		return q + 1 == end || q[1] != '=';
	if (*q == '{' || *q == '"')
		return true;
	/* `variable name {`: a bare label */
	const char *r = q;
	while (r < end && name_char(*r))
		r++;
	if (r == q)
		return false;
	while (r < end && (*r == ' ' || *r == '\t'))
		r++;
	return r < end && *r == '{';
}

tt_doc_kind tt_doc_sniff(const char *text, size_t len, const char *name)
{
	const char *p = text, *end = text + len;
	if (name && (ends_with(name, ".yaml") || ends_with(name, ".yml")))
		return TT_DOC_YAML;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	/* the first line that is neither blank nor a comment */
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		const char *q = p;
		while (q < line_end && strchr(" \t\r", *q) && *q)
			q++;
		if (q == line_end || *q == '#' ||
		    (line_end - q >= 2 && q[0] == '/' && q[1] == '/')) {
			p = eol ? eol + 1 : end;
			continue;
		}
		if (*q == '{' || *q == '[')
			return TT_DOC_JSON;
		return hcl_line(q, line_end) ? TT_DOC_HCL : TT_DOC_YAML;
	}
	return TT_DOC_YAML;
}

const char *tt_doc_kind_name(tt_doc_kind kind)
{
	switch (kind) {
	case TT_DOC_JSON:
		return "JSON";
	case TT_DOC_HCL:
		return "Terraform";
	case TT_DOC_YAML:
		break;
	}
	return "YAML";
}
