/*
 * node.h - a parsed document as a plain tree with source positions.
 *
 * JSON (read with cJSON) and YAML (read with libyaml) both land in this one
 * tree, so the validators in policy.c and scenario.c are written once and an
 * AWS policy block reads the same whether it came from a .json file or sits
 * inline in a scenario.  Every node knows its 1-based line and column; every
 * map entry also knows where its key was, so "unknown key" points at the key.
 *
 * Scalars keep their text as written.  JSON scalars are typed by the syntax
 * (string, number, true/false, null); YAML plain scalars are TT_SCALAR_PLAIN
 * and get their type from the accessor that reads them (a plain `70` is a
 * number, a plain `true` a bool), while quoted YAML scalars are strings.  So
 * `"TargetValue": "70"` in JSON is an error, as it is for the AWS CLI.
 *
 * Private to the library: YAML and JSON types never leave json_doc.c and
 * yaml_doc.c.
 */
#ifndef TTSIM_NODE_H
#define TTSIM_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"

typedef enum tt_node_kind {
	TT_NODE_MAP,
	TT_NODE_SEQ,
	TT_NODE_SCALAR
} tt_node_kind;

typedef enum tt_scalar_kind {
	TT_SCALAR_STRING, /* JSON string, quoted YAML scalar */
	TT_SCALAR_NUMBER, /* JSON number */
	TT_SCALAR_BOOL,   /* JSON true/false */
	TT_SCALAR_NULL,   /* JSON null */
	TT_SCALAR_PLAIN   /* YAML plain scalar: typed by its reader */
} tt_scalar_kind;

typedef struct tt_node tt_node;

typedef struct tt_node_entry {
	char *key; /* NUL-terminated; keys are always strings */
	tt_loc key_loc;
	tt_node *value;
} tt_node_entry;

struct tt_node {
	tt_node_kind kind;
	tt_loc loc; /* where the value starts */
	/*
	 * A CloudFormation expression: the YAML short-form tag kept by
	 * tt_doc_parse_yaml_tags ("!Ref", "!Sub"), or the intrinsic function
	 * of a map marked by tt_node_cfn_prepare ("Ref", "Fn::Join").  NULL
	 * for a plain value.  Owned by the node.
	 */
	char *tag;
	union {
		struct {
			tt_node_entry
			        *entries; /* in document order, keys unique */
			size_t count;
		} map;
		struct {
			tt_node **items;
			size_t count;
		} seq;
		struct {
			tt_scalar_kind kind;
			char *text; /* as written, unescaped; NUL-terminated */
			size_t len; /* bytes in text (it may hold NUL bytes) */
		} scalar;
	} u;
};

/*
 * A whole document: its root and the name used in its locations.  `name` is
 * borrowed, not copied: the caller keeps it alive at least as long as any
 * tt_loc taken from the document (scenario.c keeps every file name it opened
 * for the life of the scenario).
 */
typedef struct tt_doc {
	tt_node *root;
	const char *name;
} tt_doc;

/*
 * Parse JSON text (len bytes, need not be NUL-terminated) into *out.
 * Syntax errors: TT_ESYNTAX at the offending line and column.  Duplicate
 * keys in an object are an error (TT_EINVAL at the second key), as is a
 * document nested deeper than TT_NODE_MAX_DEPTH.
 */
tt_code tt_doc_parse_json(const char *text, size_t len, const char *name,
                          tt_doc *out, tt_diag *d);

/*
 * Parse YAML text into *out: exactly one document, block or flow style.
 * Anchors and aliases are refused (TT_EUNSUPPORTED at the alias); tags other
 * than the standard ones are refused too (tt_doc_parse_yaml_tags keeps
 * them).  Duplicate keys: TT_EINVAL.  An
 * empty document (nothing, blanks, comments or a bare "---"): TT_ESYNTAX
 * "empty document" at 1:1; tt_doc_parse_json says the same of nothing but
 * blanks.
 */
tt_code tt_doc_parse_yaml(const char *text, size_t len, const char *name,
                          tt_doc *out, tt_diag *d);

/* The documents of one YAML stream, in order.  Owns them. */
typedef struct tt_doc_list {
	tt_doc *docs;
	size_t count;
} tt_doc_list;

/*
 * Parse a YAML stream of one or more documents separated by `---` (a
 * Kubernetes manifest as `kubectl apply -f` reads it) into *out, in
 * order.  Empty documents (a leading or trailing `---`, one of comments
 * only) are skipped, as kubectl skips them; a stream with none left is
 * TT_ESYNTAX "empty document" at 1:1.  Otherwise as tt_doc_parse_yaml:
 * tags and aliases are refused.  On failure *out is untouched.  Free with
 * tt_doc_list_release.
 */
tt_code tt_doc_parse_yaml_all(const char *text, size_t len, const char *name,
                              tt_doc_list *out, tt_diag *d);

/* Free every document of the list.  Accepts a zeroed list. */
void tt_doc_list_release(tt_doc_list *l);

/*
 * The same as tt_doc_parse_yaml, for CloudFormation templates: a tag that is not a standard YAML
 * tag (`!Ref Name`, `!Sub '...'`, `!GetAtt A.B`, `!Join [...]`, any `!Name`)
 * is kept on its node (tt_node.tag) instead of refused, so the value reads
 * as an opaque expression.
 */
tt_code tt_doc_parse_yaml_tags(const char *text, size_t len, const char *name,
                               tt_doc *out, tt_diag *d);

/*
 * Read a whole file (at most TT_DOC_MAX_BYTES) and parse it as JSON or
 * YAML.  `path` is opened as given; `name` is what locations say (usually
 * the same string).  Unreadable files: TT_EIO with the system's reason.
 */
tt_code tt_doc_load_json(const char *path, const char *name, tt_doc *out,
                         tt_diag *d);
tt_code tt_doc_load_yaml(const char *path, const char *name, tt_doc *out,
                         tt_diag *d);
/* YAML with tags kept (tt_doc_parse_yaml_tags). */
tt_code tt_doc_load_yaml_tags(const char *path, const char *name, tt_doc *out,
                              tt_diag *d);

/*
 * Check the encoding before parsing: UTF-16 is refused (TT_EUNSUPPORTED at
 * 1:1, "save the file as UTF-8"); a UTF-8 byte-order mark is allowed and
 * *bom_len says how many bytes it takes (0 or 3), so columns can start
 * after it.
 */
tt_code tt_doc_check_encoding(const char *text, size_t len, const char *name,
                              size_t *bom_len, tt_diag *d);

/*
 * Read a file into a malloc'd buffer (NUL-terminated; *len excludes it),
 * whole and once, so a pipe or a FIFO reads as a file does.  At most
 * TT_DOC_MAX_BYTES.  Errors: TT_EIO (cannot open or read, a directory,
 * too large), TT_ENOMEM.
 */
tt_code tt_read_file(const char *path, const char *name, char **buf,
                     size_t *len, tt_diag *d);

/* The same from an open descriptor (standard input: 0), left open. */
tt_code tt_read_fd(int fd, const char *name, char **buf, size_t *len,
                   tt_diag *d);

/* Free the tree.  Accepts a doc whose root is NULL. */
void tt_doc_release(tt_doc *doc);

/*
 * The kind of text a document holds, told by its content (doc_kind.c):
 * JSON when its first character (after a byte-order mark, blank lines and
 * `#` or `//` comment lines) opens an object or an array; Terraform's HCL
 * when its first line is `name = ...`, `name {` or `name "label" ... {`;
 * YAML otherwise.  A name ending in .yaml or .yml is YAML whatever it
 * starts with (flow style opens with '{').
 */
typedef enum tt_doc_kind { TT_DOC_JSON, TT_DOC_YAML, TT_DOC_HCL } tt_doc_kind;

tt_doc_kind tt_doc_sniff(const char *text, size_t len, const char *name);

/* "JSON", "YAML", "Terraform" for messages. */
const char *tt_doc_kind_name(tt_doc_kind kind);

/*
 * Read a whole file and parse it as its content says: JSON, YAML with
 * CloudFormation tags kept, or HCL.  *kind (may be NULL) says which.
 */
tt_code tt_doc_load_any(const char *path, const char *name, tt_doc *out,
                        tt_doc_kind *kind, tt_diag *d);

#define TT_NODE_MAX_DEPTH 64
#define TT_DOC_MAX_BYTES ((size_t)64 << 20)

/*
 * ---- building trees ----
 *
 * For the readers that make nodes of their own (HCL, Terraform's
 * evaluation, --set, a plan's resources).  Each returns NULL (or false)
 * when memory runs out and then owns nothing it was given.
 */

/* A zeroed node of `kind` at `loc`. */
tt_node *tt_node_new(tt_node_kind kind, tt_loc loc);

/* A scalar holding a copy of `len` bytes of `text`. */
tt_node *tt_node_new_scalar(tt_scalar_kind kind, tt_loc loc, const char *text,
                            size_t len);

/* Append `item` to a sequence, which owns it on success. */
bool tt_node_seq_push(tt_node *seq, tt_node *item);

/* Append key (`len` bytes, copied): value to a map, which owns value on
 * success.  Keys are not checked for duplicates. */
tt_node_entry *tt_node_map_push(tt_node *map, const char *key, size_t len,
                                tt_loc key_loc, tt_node *value);

/* Free a node and everything under it.  Accepts NULL. */
void tt_node_free(tt_node *n);

/* ---- reading values, each with a precise error ---- */

/* "map", "sequence", "string", "number", "boolean", "null" for messages. */
const char *tt_node_kind_name(const tt_node *n);

/* Entry for key (exact, case-sensitive) or NULL. */
const tt_node_entry *tt_node_map_find(const tt_node *map, const char *key);
const tt_node *tt_node_map_get(const tt_node *map, const char *key);

/*
 * Type checks: TT_EINVAL "expected a map for 'what', got a sequence" at the
 * node.  `what` names the value in messages (usually its key).
 */
tt_code tt_node_expect_map(const tt_node *n, const char *what, tt_diag *d);
tt_code tt_node_expect_seq(const tt_node *n, const char *what, tt_diag *d);

/*
 * Refuse keys outside `allowed` (a NULL-terminated list): TT_EINVAL at the
 * key, "unknown key 'X' in 'what' (expected one of: a, b, c)".
 */
tt_code tt_node_check_keys(const tt_node *map, const char *what,
                           const char *const *allowed, tt_diag *d);

/*
 * tt_node_check_keys with a hint: an unknown key close to an allowed one
 * reads "unknown key 'Cooldwn' in 'what' (did you mean 'Cooldown'?)";
 * otherwise the message lists the allowed keys, as tt_node_check_keys
 * says.  TT_EINVAL at the key.
 */
tt_code tt_node_check_keys_hint(const tt_node *map, const char *what,
                                const char *const *allowed, tt_diag *d);

/*
 * A string that must be one of `names` (NULL-terminated): *out is its
 * index.  Else TT_EINVAL "unknown WHAT 'x' (did you mean 'Y'?)", or
 * "(expected one of: A, B, C)" when none is close.
 */
tt_code tt_node_enum_hint(const tt_node *n, const char *what,
                          const char *const *names, int *out, tt_diag *d);

/* A required key that is absent: TT_EINVAL at the map. */
tt_code tt_node_require(const tt_node *map, const char *what, const char *key,
                        const tt_node **out, tt_diag *d);

/*
 * Scalars.  A string accessor accepts JSON strings and any YAML scalar
 * (plain or quoted) but not a JSON number; the result points into the node.
 * Numbers accept JSON numbers and YAML plain scalars that spell a finite
 * decimal number; integers additionally refuse fractions and values outside
 * [min, max].  Booleans accept JSON true/false and YAML plain true/false.
 */
tt_code tt_node_string(const tt_node *n, const char *what, const char **out,
                       tt_diag *d);
tt_code tt_node_number(const tt_node *n, const char *what, double *out,
                       tt_diag *d);
tt_code tt_node_int(const tt_node *n, const char *what, int64_t min,
                    int64_t max, int64_t *out, tt_diag *d);
tt_code tt_node_bool(const tt_node *n, const char *what, bool *out, tt_diag *d);

/* True when the node is a scalar that would read as a number. */
bool tt_node_is_number(const tt_node *n);

/*
 * ---- CloudFormation expressions ----
 *
 * Every accessor above refuses a node that carries a tag (an expression)
 * with TT_EINVAL "'what' is a CloudFormation expression ('!Ref X'); ttsim
 * needs the value itself", so an expression is never read as a value.
 */

/* True when n is a CloudFormation expression (n->tag is set). */
bool tt_node_is_expression(const tt_node *n);

/*
 * The expression as a short one-line text for messages: "!Ref MaxParam",
 * "Fn::Join: ['', [a, b]]", cut with "..." to fit buf.  Returns buf.
 */
const char *tt_node_expression_text(const tt_node *n, char *buf, size_t size);

/*
 * Prepare a parsed CloudFormation template: mark every map that is an
 * intrinsic function in its long form (one key, "Ref", "Condition" or
 * "Fn::Name") as an expression, and make every quoted string a plain
 * scalar typed by its reader, because CloudFormation reads "10" as 10 and
 * "true" as true.  TT_ENOMEM only.
 */
tt_code tt_node_cfn_prepare(tt_node *root, tt_diag *d);

#endif
