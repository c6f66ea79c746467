/*
 * test_hcl.c - HCL native syntax into the node tree (src/hcl.h).
 *
 * Each tree is rendered to one compact line so a case reads as input and
 * expected shape side by side: maps {k:v}, sequences [a,b], tagged
 * sequences tag(a,b), strings "s", tagged scalars tag<text>.  Errors are
 * checked as the CLI prints them.
 */
#include "hcl.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void put(char *buf, size_t size, size_t *used, const char *s, size_t n)
{
	if (*used + n + 1 > size)
		n = size - *used - 1;
	memcpy(buf + *used, s, n);
	*used += n;
	buf[*used] = '\0';
}

static void puts_(char *buf, size_t size, size_t *used, const char *s)
{
	put(buf, size, used, s, strlen(s));
}

static void render(const tt_node *n, char *buf, size_t size, size_t *used)
{
	const char *tag = n->tag ? n->tag + 4 : NULL; /* past "hcl:" */
	switch (n->kind) {
	case TT_NODE_MAP:
		puts_(buf, size, used, "{");
		for (size_t i = 0; i < n->u.map.count; i++) {
			if (i)
				puts_(buf, size, used, ",");
			puts_(buf, size, used, n->u.map.entries[i].key);
			puts_(buf, size, used, ":");
			render(n->u.map.entries[i].value, buf, size, used);
		}
		puts_(buf, size, used, "}");
		break;
	case TT_NODE_SEQ:
		if (tag)
			puts_(buf, size, used, tag);
		puts_(buf, size, used, tag ? "(" : "[");
		for (size_t i = 0; i < n->u.seq.count; i++) {
			if (i)
				puts_(buf, size, used, ",");
			render(n->u.seq.items[i], buf, size, used);
		}
		puts_(buf, size, used, tag ? ")" : "]");
		break;
	case TT_NODE_SCALAR:
		if (tag) {
			puts_(buf, size, used, tag);
			puts_(buf, size, used, "<");
		} else if (n->u.scalar.kind == TT_SCALAR_STRING) {
			puts_(buf, size, used, "\"");
		}
		put(buf, size, used, n->u.scalar.text, n->u.scalar.len);
		if (tag)
			puts_(buf, size, used, ">");
		else if (n->u.scalar.kind == TT_SCALAR_STRING)
			puts_(buf, size, used, "\"");
		break;
	}
}

/* Parse `text`, which must be valid, and compare its rendering. */
static void check_tree(const char *text, const char *want)
{
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[2048];
	tt_code rc = tt_doc_parse_hcl(text, strlen(text), "t", &doc, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	size_t used = 0;
	buf[0] = '\0';
	render(doc.root, buf, sizeof buf, &used);
	ck_assert_str_eq(buf, want);
	tt_doc_release(&doc);
}

static void check_error(const char *text, const char *want)
{
	tt_doc doc = {0};
	tt_diag d = {0};
	char buf[700];
	tt_code rc = tt_doc_parse_hcl(text, strlen(text), "t", &doc, &d);
	ck_assert_int_ne(rc, TT_OK);
	ck_assert_ptr_null(doc.root);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf), want);
}

START_TEST(literals)
{
	check_tree("a = 1\nb = 2.5e1\nc = true\nd = null\ne = \"x\"\n",
	           "{a:1,b:2.5e1,c:true,d:null,e:\"x\"}");
	check_tree("l = [1, \"two\",\n  3,\n]\nm = { k = 1, \"q r\" = 2 }\n",
	           "{l:[1,\"two\",3],m:{k:1,q r:2}}");
	check_tree("m = {\n  a = 1\n  b = [\n    2\n  ]\n}\n",
	           "{m:{a:1,b:[2]}}");
	check_tree("", "{}");
	check_tree("\n\n# nothing\n", "{}");
}
END_TEST

START_TEST(comments_three_ways)
{
	check_tree("# one\na = 1 # after\n// two\nb = 2 // after\n"
	           "/* three\n   lines */ c = 3\nd = /* in */ 4\n",
	           "{a:1,b:2,c:3,d:4}");
}
END_TEST

START_TEST(blocks_labelled_and_repeated)
{
	check_tree("resource \"aws_appautoscaling_target\" \"t\" {\n"
	           "  max_capacity = 4\n}\n"
	           "resource \"aws_appautoscaling_policy\" \"p\" {\n"
	           "  name = \"p\"\n"
	           "  target_tracking_scaling_policy_configuration {\n"
	           "    target_value = 70\n"
	           "    customized_metric_specification {\n"
	           "      dimensions {\n        name = \"A\"\n      }\n"
	           "      dimensions {\n        name = \"B\"\n      }\n"
	           "    }\n  }\n}\n"
	           "resource \"aws_appautoscaling_target\" \"u\" {}\n"
	           "locals { x = 1 }\n",
	           "{resource:{aws_appautoscaling_target:{t:{max_capacity:4},"
	           "u:{}},aws_appautoscaling_policy:{p:{name:\"p\","
	           "target_tracking_scaling_policy_configuration:[{target_"
	           "value:70,customized_metric_specification:[{dimensions:[{"
	           "name:\"A\"},{name:\"B\"}]}]}]}}},locals:[{x:1}]}");
	/* labels may be bare names, as in older files */
	check_tree("variable target { default = 70 }\n",
	           "{variable:{target:{default:70}}}");
}
END_TEST

START_TEST(templates_and_escapes)
{
	check_tree("a = \"${var.name}-out\"\n",
	           "{a:template(ref<var.name>,\"-out\")}");
	check_tree("a = \"${var.x}\"\n", "{a:template(ref<var.x>)}");
	check_tree("a = \"endpoint/${ var.e }/variant/${var.v}\"\n",
	           "{a:template(\"endpoint/\",ref<var.e>,\"/variant/\",ref<var."
	           "v>)}");
	check_tree("a = \"q\\\"\\n\\u00e9\\\\\"\n", "{a:\"q\"\n\xc3\xa9\\\"}");
	check_tree("a = \"$${literal} %%{x}\"\n", "{a:\"${literal} %{x}\"}");
	check_tree("a = \"%{ if var.x }y%{ endif }\"\n",
	           "{a:opaque<%{ if var.x }y%{ endif }>}");
}
END_TEST

START_TEST(heredocs)
{
	check_tree("a = <<EOF\nline 1\n  line 2\nEOF\nb = 1\n",
	           "{a:\"line 1\n  line 2\n\",b:1}");
	check_tree("a = <<-EOT\n    {\n      \"k\": 1\n    }\n    EOT\n",
	           "{a:\"{\n  \"k\": 1\n}\n\"}");
	check_tree("a = <<EOF\nid ${var.x}\nEOF\n",
	           "{a:template(\"id \",ref<var.x>,\"\n\")}");
}
END_TEST

START_TEST(expressions)
{
	check_tree("count = var.enabled ? 1 : 0\n",
	           "{count:cond(ref<var.enabled>,1,0)}");
	check_tree("a = 1 + 2 * 3 - 4\n", "{a:op:-(op:+(1,op:*(2,3)),4)}");
	check_tree("a = !var.x && var.y == \"z\" || var.n >= 2\n",
	           "{a:op:||(op:&&(not(ref<var.x>),op:==(ref<var.y>,\"z\")),op:"
	           ">=(ref<var.n>,2))}");
	check_tree("a = -var.x\n", "{a:neg(ref<var.x>)}");
	check_tree("a = (var.x ? \"a\" : \"b\")\n",
	           "{a:cond(ref<var.x>,\"a\",\"b\")}");
	check_tree("a = max(1, var.x)\nb = lower(\"X\")\n",
	           "{a:call(\"max\",1,ref<var.x>),b:call(\"lower\",\"X\")}");
	check_tree("a = aws_appautoscaling_target.t.resource_id\n",
	           "{a:ref<aws_appautoscaling_target.t.resource_id>}");
	check_tree("a = aws_x.y[0].id\nb = local.m[\"k\"]\n",
	           "{a:ref<aws_x.y[0].id>,b:ref<local.m[\"k\"]>}");
	check_tree("a = aws_x.y[count.index].id\n",
	           "{a:opaque<aws_x.y[count.index].id>}");
	check_tree("a = aws_x.y.*.id\nb = aws_x.y[*].id\n",
	           "{a:opaque<aws_x.y.*.id>,b:opaque<aws_x.y[*].id>}");
	check_tree("tags = { for k, v in var.tags : k => v if v != \"\" }\n",
	           "{tags:opaque<{ for k, v in var.tags : k => v if v != \"\" "
	           "}>}");
	check_tree("l = [for s in var.l : upper(s)]\n",
	           "{l:opaque<[for s in var.l : upper(s)]>}");
	check_tree("a = merge(var.t, {\n  x = 1\n})\n",
	           "{a:call(\"merge\",ref<var.t>,{x:1})}");
	check_tree("a = [\n  var.a,\n  var.b\n]\n",
	           "{a:[ref<var.a>,ref<var.b>]}");
}
END_TEST

START_TEST(positions)
{
	const char *text = "resource \"t\" \"n\" {\n"
	                   "  block {\n"
	                   "    x   = \"v\"\n"
	                   "  }\n"
	                   "  y = var.q\n"
	                   "}\n";
	tt_doc doc = {0};
	tt_diag d = {0};
	ck_assert_int_eq(tt_doc_parse_hcl(text, strlen(text), "t", &doc, &d),
	                 TT_OK);
	const tt_node *n = tt_node_map_get(doc.root, "resource");
	n = tt_node_map_get(tt_node_map_get(n, "t"), "n");
	ck_assert_int_eq(n->loc.line, 1);
	ck_assert_int_eq(n->loc.col, 18);
	const tt_node *block = tt_node_map_get(n, "block")->u.seq.items[0];
	const tt_node_entry *x = tt_node_map_find(block, "x");
	ck_assert_int_eq(x->key_loc.line, 3);
	ck_assert_int_eq(x->key_loc.col, 5);
	ck_assert_int_eq(x->value->loc.line, 3);
	ck_assert_int_eq(x->value->loc.col, 11);
	const tt_node *y = tt_node_map_get(n, "y");
	ck_assert(tt_hcl_is(y, "hcl:ref"));
	ck_assert_int_eq(y->loc.line, 5);
	ck_assert_int_eq(y->loc.col, 7);
	tt_doc_release(&doc);
}
END_TEST

START_TEST(errors)
{
	check_error("a = \"open\n", "t:1:5: error: unterminated string");
	check_error("a = 1\na = 2\n",
	            "t:2:1: error: 'a' is already defined at line 1");
	check_error("a = 1 b = 2\n",
	            "t:1:7: error: expected a newline, got 'b'");
	check_error(
	        "resource \"x\" \"y\" {\n}\nresource \"x\" \"y\" {}\n",
	        "t:3:10: error: duplicate block 'resource' (the first is at "
	        "line 1)");
	check_error("b {\n  x = 1\n", "t:3:1: error: expected '}' closing the "
	                              "block, got end of file");
	check_error("a = 1\na {}\n", "t:2:1: error: 'a' is already defined at "
	                             "line 1 as an attribute");
	check_error("a \"l\" {}\na {}\n",
	            "t:2:1: error: 'a' is already defined "
	            "at line 1 as a block with labels");
	check_error("a = \"\\q\"\n", "t:1:6: error: invalid escape '\\q'");
	check_error("a = \n",
	            "t:1:5: error: expected a value, got end of line");
	check_error("a = [1 2]\n",
	            "t:1:8: error: expected ',' or ']', got '2'");
	check_error("a = <<EOF\nno end\n",
	            "t:1:5: error: heredoc not closed: no line with 'EOF'");
	check_error("/* open", "t:1:1: error: unterminated comment");
	check_error("= 1\n",
	            "t:1:1: error: expected an attribute or a block, got '='");
	check_error("a = x ? 1\n",
	            "t:1:10: error: expected ':' in the conditional, got end "
	            "of line");
	check_error("a = { k = 1, k = 2 }\n",
	            "t:1:14: error: duplicate key 'k'");
}
END_TEST

START_TEST(deep_nesting_is_refused)
{
	char text[600];
	size_t n = 0;
	n += (size_t)snprintf(text, sizeof text, "a = ");
	for (int i = 0; i < 200; i++)
		text[n++] = '[';
	text[n] = '\0';
	tt_doc doc = {0};
	tt_diag d = {0};
	ck_assert_int_eq(tt_doc_parse_hcl(text, n, "t", &doc, &d), TT_ESYNTAX);
	ck_assert_ptr_nonnull(strstr(d.msg, "nested deeper than 64"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hcl");
	const tu_case cases[] = {
	        {"literals", literals},
	        {"comments", comments_three_ways},
	        {"blocks", blocks_labelled_and_repeated},
	        {"templates", templates_and_escapes},
	        {"heredocs", heredocs},
	        {"expressions", expressions},
	        {"positions", positions},
	        {"errors", errors},
	        {"depth", deep_nesting_is_refused},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
