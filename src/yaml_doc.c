/*
 * yaml_doc.c - YAML text to a tt_node tree, through libyaml's event API.
 *
 * libyaml's parser hands out events in document order (mapping start,
 * scalar, scalar, ..., mapping end), each with the mark where it starts.
 * A stack of open containers turns them into the tree: every new node is
 * attached to its parent as soon as it starts, so at any moment the whole
 * partial tree hangs from the root and one tt_doc_release frees it, however
 * far parsing got.
 *
 * Scalars are not resolved to numbers or booleans here.  A plain scalar
 * stays TT_SCALAR_PLAIN and the reader in node.c decides, so `70` is a
 * number where a number is wanted and a string where a name is; quoted and
 * block scalars are strings, and `~`, `null` or nothing at all is null.
 * Aliases are refused: a scenario is short enough to write out, and an alias
 * would make one node reachable from two places in the tree.  Tags are
 * refused too, except by tt_doc_parse_yaml_tags, which reads CloudFormation
 * templates and keeps a short-form intrinsic function (`!Ref Target`) as
 * the tag of its node.
 *
 * A file may hold several documents separated by `---`, as the manifests
 * `kubectl apply -f` reads do: tt_doc_parse_yaml_all keeps each document's
 * root as its end arrives, and skips empty ones; every other reader takes
 * exactly one document and says so at the second.
 *
 * Positions: libyaml's marks are 0-based and count characters; ttsim's
 * columns are 1-based and count bytes, as the JSON reader's do, so a mark is
 * converted by walking its line.  A UTF-8 byte-order mark is skipped by
 * libyaml and does not count as a column.
 */
#include "node.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* One open map or sequence. */
typedef struct yframe {
	tt_node *node;
	size_t cap; /* allocated entries or items */
	char *key;  /* a map's pending key, owned until its value */
	tt_loc key_loc;
} yframe;

typedef struct ybuild {
	const char *s;
	size_t len;
	size_t body;         /* offset after the byte-order mark, if any */
	size_t *line_starts; /* offset of each line libyaml counts */
	size_t lines;
	const char *name;
	tt_diag *d;
	tt_node *root;
	yframe stack[TT_NODE_MAX_DEPTH];
	int depth;
	bool keep_tags; /* a CloudFormation template: keep `!Name` tags */
} ybuild;

/*
 * Bytes of the line break at off, as libyaml counts them: CR LF, CR, LF,
 * and the Unicode NEL, LS and PS that YAML 1.1 also treats as breaks.
 */
static size_t break_len(const char *s, size_t len, size_t off)
{
	const unsigned char *u = (const unsigned char *)s + off;
	size_t left = len - off;
	if (u[0] == '\r')
		return left >= 2 && u[1] == '\n' ? 2 : 1;
	if (u[0] == '\n')
		return 1;
	if (left >= 2 && u[0] == 0xC2 && u[1] == 0x85)
		return 2;
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0xA8 || u[2] == 0xA9))
		return 3;
	return 0;
}

static tt_code index_lines(ybuild *b)
{
	size_t cap = 64;
	b->line_starts = malloc(cap * sizeof *b->line_starts);
	if (!b->line_starts)
		return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
	b->line_starts[0] = b->body;
	b->lines = 1;
	for (size_t i = b->body; i < b->len;) {
		size_t n = break_len(b->s, b->len, i);
		if (!n) {
			i++;
			continue;
		}
		i += n;
		if (b->lines == cap) {
			size_t *p = realloc(b->line_starts,
			                    cap * 2 * sizeof *b->line_starts);
			if (!p)
				return tt_diag_nomem(b->d,
				                     (tt_loc){b->name, 0, 0});
			b->line_starts = p;
			cap *= 2;
		}
		b->line_starts[b->lines++] = i;
	}
	return TT_OK;
}

/* A byte offset (libyaml's reader errors give one) to a tt_loc. */
static tt_loc offset_loc(const ybuild *b, size_t off)
{
	size_t lo = 0, hi = b->lines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t col = off >= b->line_starts[lo] ? off - b->line_starts[lo] : 0;
	return (tt_loc){b->name, (int)lo + 1, (int)col + 1};
}

/* A libyaml mark (0-based line, 0-based character column) to a tt_loc. */
static tt_loc mark_loc(const ybuild *b, yaml_mark_t m)
{
	/* At the end of input libyaml may count a line the text does not end
	 * with; the end is best shown just past the last byte. */
	if (m.line >= b->lines)
		return offset_loc(b, b->len);
	size_t start = b->line_starts[m.line], off = start;
	for (size_t c = 0; c < m.column && off < b->len; c++) {
		/* Step over one UTF-8 character: its lead and continuations. */
		off++;
		while (off < b->len &&
		       ((unsigned char)b->s[off] & 0xC0) == 0x80)
			off++;
	}
	return (tt_loc){b->name, (int)m.line + 1, (int)(off - start) + 1};
}

static tt_code parser_error(ybuild *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "malformed YAML";
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
	case YAML_READER_ERROR:
		return tt_diag_set(b->d, TT_ESYNTAX,
		                   offset_loc(b, p->problem_offset), "%s",
		                   problem);
	default:
		break;
	}
	tt_loc at = mark_loc(b, p->problem_mark);
	size_t off = b->line_starts[at.line - 1] + (size_t)at.col - 1;
	if (off < b->len && b->s[off] == '\t')
		return tt_diag_set(b->d, TT_ESYNTAX, at,
		                   "%s (YAML does not allow tabs for "
		                   "indentation)",
		                   problem);
	if (!p->context)
		return tt_diag_set(b->d, TT_ESYNTAX, at, "%s", problem);
	tt_loc ctx = mark_loc(b, p->context_mark);
	return tt_diag_set(b->d, TT_ESYNTAX, at, "%s (%s at %d:%d)", problem,
	                   p->context, ctx.line, ctx.col);
}

/*
 * Which tags are allowed: none, the non-specific "!", and the standard
 * ones.  `!!str 70` is a string; `!!int 70` stays plain for its reader to
 * type; anything else names a type ttsim does not know, except in a
 * CloudFormation template, where a local tag (`!Ref`, `!Sub`, any `!Name`)
 * is an intrinsic function: it is copied to *kept and the node becomes an
 * opaque expression.
 */
static tt_code check_tag(ybuild *b, const yaml_char_t *tag, const char *want,
                         tt_loc at, char **kept)
{
	const char *t = (const char *)tag;
	*kept = NULL;
	if (!t || strcmp(t, "!") == 0)
		return TT_OK;
	if (b->keep_tags && strncmp(t, "tag:yaml.org,2002:", 18) != 0) {
		size_t n = strlen(t);
		if (!(*kept = malloc(n + 1)))
			return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
		memcpy(*kept, t, n + 1);
		return TT_OK;
	}
	if (strcmp(t, want) == 0)
		return TT_OK;
	if (strcmp(want, "scalar") == 0 &&
	    (strcmp(t, YAML_STR_TAG) == 0 || strcmp(t, YAML_INT_TAG) == 0 ||
	     strcmp(t, YAML_FLOAT_TAG) == 0 || strcmp(t, YAML_BOOL_TAG) == 0 ||
	     strcmp(t, YAML_NULL_TAG) == 0))
		return TT_OK;
	return tt_diag_set(b->d, TT_EUNSUPPORTED, at,
	                   "YAML tag '%s' is not supported here", t);
}

/* The YAML 1.2 core schema's spellings of null, plus an empty value. */
static const char *const null_words[] = {"", "~", "null", "Null", "NULL"};

static bool is_null_spelling(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof null_words / sizeof null_words[0]; i++)
		if (strlen(null_words[i]) == len &&
		    memcmp(null_words[i], s, len) == 0)
			return true;
	return false;
}

/*
 * Hang a new node on the innermost open container (or make it the root).
 * In a map, a node in key position becomes the pending key instead, which
 * must be a scalar; *consumed tells the caller the node was used as a key
 * and freed.
 */
static tt_code attach(ybuild *b, tt_node *n, bool *consumed)
{
	*consumed = false;
	if (b->depth == 0) {
		b->root = n;
		return TT_OK;
	}
	yframe *f = &b->stack[b->depth - 1];
	tt_node *parent = f->node;

	if (parent->kind == TT_NODE_SEQ) {
		if (parent->u.seq.count == f->cap) {
			size_t ncap = f->cap ? f->cap * 2 : 8;
			tt_node **p =
			        realloc(parent->u.seq.items, ncap * sizeof *p);
			if (!p)
				return tt_diag_nomem(b->d,
				                     (tt_loc){b->name, 0, 0});
			parent->u.seq.items = p;
			f->cap = ncap;
		}
		parent->u.seq.items[parent->u.seq.count++] = n;
		return TT_OK;
	}

	if (!f->key) {
		if (n->kind != TT_NODE_SCALAR)
			return tt_diag_set(b->d, TT_EUNSUPPORTED, n->loc,
			                   "YAML map keys must be scalars, "
			                   "got a %s",
			                   n->kind == TT_NODE_MAP ? "map"
			                                          : "sequence");
		if (strlen(n->u.scalar.text) != n->u.scalar.len)
			return tt_diag_set(b->d, TT_EINVAL, n->loc,
			                   "key must not contain a NUL "
			                   "character");
		/* A linear look-back: maps in a scenario are small. */
		for (size_t i = 0; i < parent->u.map.count; i++) {
			if (strcmp(parent->u.map.entries[i].key,
			           n->u.scalar.text) == 0) {
				char key[48];
				snprintf(key, sizeof key, "%s",
				         n->u.scalar.text);
				return tt_diag_set(b->d, TT_EINVAL, n->loc,
				                   "duplicate key '%s'", key);
			}
		}
		f->key = n->u.scalar.text;
		f->key_loc = n->loc;
		free(n->tag);
		free(n);
		*consumed = true;
		return TT_OK;
	}

	if (parent->u.map.count == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 8;
		tt_node_entry *p =
		        realloc(parent->u.map.entries, ncap * sizeof *p);
		if (!p)
			return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
		parent->u.map.entries = p;
		f->cap = ncap;
	}
	parent->u.map.entries[parent->u.map.count++] =
	        (tt_node_entry){f->key, f->key_loc, n};
	f->key = NULL;
	return TT_OK;
}

/* Attach n, freeing it if attaching fails (it then belongs to nobody). */
static tt_code attach_or_free(ybuild *b, tt_node *n, bool *consumed)
{
	tt_code rc = attach(b, n, consumed);
	if (rc) {
		if (n->kind == TT_NODE_SCALAR)
			free(n->u.scalar.text);
		free(n->tag);
		free(n);
	}
	return rc;
}

static tt_code on_scalar(ybuild *b, const yaml_event_t *ev)
{
	tt_loc at = mark_loc(b, ev->start_mark);
	char *kept;
	tt_code rc = check_tag(b, ev->data.scalar.tag, "scalar", at, &kept);
	if (rc)
		return rc;
	tt_node *n = calloc(1, sizeof *n);
	if (!n) {
		free(kept);
		return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
	}
	size_t len = ev->data.scalar.length;
	n->kind = TT_NODE_SCALAR;
	n->loc = at;
	n->tag = kept;
	n->u.scalar.len = len;
	n->u.scalar.text = malloc(len + 1);
	if (!n->u.scalar.text) {
		free(n->tag);
		free(n);
		return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
	}
	memcpy(n->u.scalar.text, ev->data.scalar.value, len);
	n->u.scalar.text[len] = '\0';

	const char *tag = (const char *)ev->data.scalar.tag;
	if (tag && (strcmp(tag, YAML_STR_TAG) == 0 || strcmp(tag, "!") == 0))
		n->u.scalar.kind = TT_SCALAR_STRING;
	else if (tag && strcmp(tag, YAML_NULL_TAG) == 0)
		n->u.scalar.kind = TT_SCALAR_NULL;
	else if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		n->u.scalar.kind = TT_SCALAR_STRING;
	else if (is_null_spelling(n->u.scalar.text, len))
		n->u.scalar.kind = TT_SCALAR_NULL;
	else
		n->u.scalar.kind = TT_SCALAR_PLAIN;

	bool consumed;
	return attach_or_free(b, n, &consumed);
}

static tt_code on_container_start(ybuild *b, const yaml_event_t *ev, bool map)
{
	tt_loc at = mark_loc(b, ev->start_mark);
	char *kept;
	tt_code rc = check_tag(b,
	                       map ? ev->data.mapping_start.tag
	                           : ev->data.sequence_start.tag,
	                       map ? YAML_MAP_TAG : YAML_SEQ_TAG, at, &kept);
	if (rc)
		return rc;
	if (b->depth >= TT_NODE_MAX_DEPTH) {
		free(kept);
		return tt_diag_set(b->d, TT_EINVAL, at,
		                   "nested deeper than %d levels",
		                   TT_NODE_MAX_DEPTH);
	}
	tt_node *n = calloc(1, sizeof *n);
	if (!n) {
		free(kept);
		return tt_diag_nomem(b->d, (tt_loc){b->name, 0, 0});
	}
	n->kind = map ? TT_NODE_MAP : TT_NODE_SEQ;
	n->loc = at;
	n->tag = kept;
	bool consumed;
	rc = attach_or_free(b, n, &consumed);
	if (rc)
		return rc;
	b->stack[b->depth++] = (yframe){n, 0, NULL, {0}};
	return TT_OK;
}

/* Free the pending keys of open frames; the nodes belong to the tree. */
static void drop_frames(ybuild *b)
{
	for (int i = 0; i < b->depth; i++)
		free(b->stack[i].key);
	b->depth = 0;
}

/* An empty document: nothing, blanks, comments, or a bare "---". */
static bool empty_root(const tt_node *root)
{
	return !root || (root->kind == TT_NODE_SCALAR &&
	                 root->u.scalar.kind == TT_SCALAR_NULL &&
	                 root->u.scalar.len == 0);
}

/* Move a finished document's root to the end of `all`. */
static tt_code keep_document(ybuild *b, tt_doc_list *all)
{
	if (empty_root(b->root)) {
		/* skipped, as kubectl skips an empty document */
		tt_doc empty = {b->root, b->name};
		tt_doc_release(&empty);
		b->root = NULL;
		return TT_OK;
	}
	tt_doc *docs = realloc(all->docs, (all->count + 1) * sizeof *docs);
	if (!docs)
		return tt_diag_nomem(b->d, b->root->loc);
	all->docs = docs;
	all->docs[all->count++] = (tt_doc){b->root, b->name};
	b->root = NULL;
	return TT_OK;
}

/*
 * Parse one document into *out, or with `all` set every document of the
 * stream into *all (and `out` is unused).
 */
static tt_code parse(const char *text, size_t len, const char *name,
                     bool keep_tags, tt_doc *out, tt_doc_list *all, tt_diag *d)
{
	ybuild b = {0};
	yaml_parser_t parser;
	yaml_event_t ev;
	tt_code rc = TT_OK;
	int documents = 0;
	bool done = false;

	b.s = text;
	b.len = len;
	b.name = name;
	b.d = d;
	b.keep_tags = keep_tags;
	/* libyaml would decode UTF-16, and then no byte column is right. */
	rc = tt_doc_check_encoding(text, len, name, &b.body, d);
	if (rc)
		return rc;
	rc = index_lines(&b);
	if (rc)
		goto free_lines;
	if (!yaml_parser_initialize(&parser)) {
		rc = tt_diag_nomem(b.d, (tt_loc){b.name, 0, 0});
		goto free_lines;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);

	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(&b, &parser);
			goto release_tree;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1 && !all)
				rc = tt_diag_set(
				        d, TT_EINVAL,
				        mark_loc(&b, ev.start_mark),
				        "expected one YAML document, found a "
				        "second one");
			break;
		case YAML_ALIAS_EVENT:
			rc = tt_diag_set(d, TT_EUNSUPPORTED,
			                 mark_loc(&b, ev.start_mark),
			                 "YAML aliases are not supported");
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(&b, &ev);
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			rc = on_container_start(
			        &b, &ev, ev.type == YAML_MAPPING_START_EVENT);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			b.depth--;
			break;
		case YAML_DOCUMENT_END_EVENT:
			if (all)
				rc = keep_document(&b, all);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (rc)
			goto release_tree;
	}

	/*
	 * No document at all (an empty or comment-only file), or one that is
	 * only "---": said at 1:1, where the document should have started,
	 * so every error has a line and a column.
	 */
	if (all ? all->count == 0 : empty_root(b.root)) {
		rc = tt_diag_set(d, TT_ESYNTAX, (tt_loc){name, 1, 1},
		                 "empty document");
		goto release_tree;
	}
	if (!all) {
		*out = (tt_doc){b.root, name};
		b.root = NULL;
	}

release_tree:
	drop_frames(&b);
	{
		tt_doc partial = {b.root, name};
		tt_doc_release(&partial);
	}
	yaml_parser_delete(&parser);
free_lines:
	free(b.line_starts);
	return rc;
}

tt_code tt_doc_parse_yaml(const char *text, size_t len, const char *name,
                          tt_doc *out, tt_diag *d)
{
	return parse(text, len, name, false, out, NULL, d);
}

tt_code tt_doc_parse_yaml_tags(const char *text, size_t len, const char *name,
                               tt_doc *out, tt_diag *d)
{
	return parse(text, len, name, true, out, NULL, d);
}

tt_code tt_doc_parse_yaml_all(const char *text, size_t len, const char *name,
                              tt_doc_list *out, tt_diag *d)
{
	tt_doc_list all = {0};
	tt_code rc = parse(text, len, name, false, NULL, &all, d);
	if (rc) {
		tt_doc_list_release(&all);
		return rc;
	}
	*out = all;
	return TT_OK;
}

void tt_doc_list_release(tt_doc_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		tt_doc_release(&l->docs[i]);
	free(l->docs);
	l->docs = NULL;
	l->count = 0;
}
