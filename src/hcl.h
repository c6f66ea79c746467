/*
 * hcl.h - Terraform's HCL native syntax into the position-carrying tree of
 * node.h.
 *
 * Terraform files are the third text form ttsim reads its inputs in, after
 * JSON and YAML, and land in the same tree so every later error is
 * file:line:col.  The mapping follows Terraform's own JSON form of the
 * same configuration:
 *
 *   body                      a map
 *   name = expr               an entry `name` holding the expression
 *   type "l1" "l2" { body }   type -> map l1 -> map l2 -> the body's map;
 *                             blocks of one type share the entry, and the
 *                             same labels twice are an error
 *   type { body }             type -> a sequence of the bodies' maps, in
 *                             order (nested blocks such as `dimensions`
 *                             repeat)
 *
 * Literal expressions become plain nodes: a quoted string or heredoc
 * without interpolation a string, numbers, true/false, null, tuples a
 * sequence and objects a map.  Everything else is kept as an expression
 * node for the Terraform reader to evaluate, marked by its tag:
 *
 *   "hcl:ref"       a traversal such as var.x or aws_x.y.resource_id
 *                   (scalar; text "var.x", "a.b[0]", "a.b[\"k\"]")
 *   "hcl:template"  a string with ${...}: a sequence of string parts and
 *                   expressions
 *   "hcl:cond"      c ? a : b, a sequence [c, a, b]
 *   "hcl:op:OP"     a binary operator (==, !=, <, <=, >, >=, &&, ||, +, -,
 *                   *, /, %), a sequence [left, right]
 *   "hcl:not", "hcl:neg"  unary ! and -, a sequence [x]
 *   "hcl:call"      a function call, a sequence [name, args...]
 *   "hcl:opaque"    what ttsim does not evaluate (for expressions, splats,
 *                   template directives, an index by an expression):
 *                   a scalar holding the source text
 *
 * The parser refuses only what is not HCL; whether a value can be
 * evaluated is decided where it is needed, so a module that uses `for` in
 * its tags still loads.
 */
#ifndef TTSIM_HCL_H
#define TTSIM_HCL_H

#include <stddef.h>

#include "node.h"

/*
 * Parse HCL text (len bytes) into *out; `name` is borrowed for locations
 * as in tt_doc_parse_json.  Syntax errors: TT_ESYNTAX at the place;
 * duplicates: TT_EINVAL at the second one.
 */
tt_code tt_doc_parse_hcl(const char *text, size_t len, const char *name,
                         tt_doc *out, tt_diag *d);

/* True when n is an HCL expression node with tag `tag` ("hcl:ref"). */
bool tt_hcl_is(const tt_node *n, const char *tag);

#endif
