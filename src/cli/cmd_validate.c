/*
 * cmd_validate.c - `ttsim validate FILE...`: load every file as a run
 * would and report each problem found.
 *
 * The library tells what each file is (tt_validate_file): a scenario (read
 * with its policy files and its whole trace), a policy or scalable target
 * in any AWS form, or a CloudFormation template.  `-` is standard input,
 * read whole and named "<stdin>".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "node.h"
#include "ttsim/validate.h"

static const char validate_help[] =
        "usage: ttsim validate FILE...\n"
        "\n"
        "Check scenarios (.yaml, .yml: with their policies and trace), "
        "policies\n"
        "and scalable targets in any AWS form (.json), and CloudFormation\n"
        "templates.  Prints 'FILE: ok (what it is)' for each good file and\n"
        "'file:line:col: error: ...' for each bad one; exits 2 if any file "
        "is\n"
        "bad.  '-' reads standard input (JSON when it starts with '{' or "
        "'[',\n"
        "YAML otherwise).\n";

#define STDIN_NAME "<stdin>"

/* Standard input, read whole, validated from memory. */
static tt_code validate_stdin(const char **what, tt_diag_list *notes,
                              tt_diag *d)
{
	char *text;
	size_t len;
	tt_code rc = tt_read_fd(0, STDIN_NAME, &text, &len, d);
	if (rc)
		return rc;
	rc = tt_validate_text(text, len, STDIN_NAME, NULL, what, notes, d);
	free(text);
	return rc;
}

int tt_cmd_validate(int argc, char **argv)
{
	int nfiles = 0;
	int worst = TT_EXIT_OK;
	int stdin_uses = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(validate_help, stdout);
			return TT_EXIT_OK;
		}
		stdin_uses += strcmp(argv[i], "-") == 0;
	}
	/* A second read of standard input would find it empty. */
	if (stdin_uses > 1)
		return tt_cli_usage_error("validate",
		                          "'-' (standard input) given twice");
	for (int i = 1; i < argc; i++) {
		const char *path = argv[i];
		bool is_stdin = strcmp(path, "-") == 0;
		if (path[0] == '-' && !is_stdin)
			return tt_cli_usage_error("validate",
			                          "unknown option '%s'", path);
		nfiles++;
		tt_diag d;
		tt_diag_clear(&d);
		tt_diag_list notes = {0};
		const char *what = "file";
		tt_code rc =
		        is_stdin ? validate_stdin(&what, &notes, &d)
		                 : tt_validate_file(path, &what, &notes, &d);
		tt_cli_print_notes(&notes);
		tt_diag_list_release(&notes);
		if (rc) {
			int code = tt_cli_fail(&d);
			if (code > worst)
				worst = code;
		} else {
			tt_cli_printf(stdout, "%s: ok (%s)\n",
			              is_stdin ? STDIN_NAME : path, what);
		}
	}
	if (nfiles == 0)
		return tt_cli_usage_error("validate", "no file given");
	return worst;
}
