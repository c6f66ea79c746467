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
        "usage: ttsim validate [--] FILE...\n"
        "\n"
        "Check scenarios (.yaml, .yml: with their policies and trace), "
        "policies\n"
        "and scalable targets in any AWS form (.json), and CloudFormation\n"
        "templates, and describe-scaling-activities output.  Prints\n"
        "'FILE: ok (what it is)' for each good file and\n"
        "'file:line:col: error: ...' for each bad one; exits 2 if any file "
        "is\n"
        "bad.  '-' reads standard input (JSON when it starts with '{' or "
        "'[',\n"
        "YAML otherwise).\n";

/* Standard input, read whole, validated from memory. */
static tt_code validate_stdin(const char **what, tt_diag_list *notes,
                              tt_diag *d)
{
	char *text;
	size_t len;
	tt_code rc = tt_read_fd(0, TT_CLI_STDIN_NAME, &text, &len, d);
	if (rc)
		return rc;
	rc = tt_validate_text(text, len, TT_CLI_STDIN_NAME, NULL, what, notes,
	                      d);
	free(text);
	return rc;
}

int tt_cmd_validate(int argc, char **argv)
{
	static const struct option longs[] = {{"help", no_argument, NULL, 'h'},
	                                      {0}};
	/* room for every argument as a file, pointing into argv */
	const char **files = calloc((size_t)argc, sizeof *files);
	size_t nfiles = 0;
	bool stdin_claimed = false;
	int worst = TT_EXIT_OK;
	if (!files) {
		return tt_cli_nomem("validate");
	}
	/* Every argument is read before any file, so a usage error comes
	 * first and alone. */
	tt_cli_args a;
	tt_cli_args_init(&a, "validate", argc, argv, "h", longs);
	for (int c; (c = tt_cli_args_next(&a)) != TT_CLI_DONE;) {
		if (c == 'h') {
			fputs(validate_help, stdout);
			goto release;
		}
		if (c != TT_CLI_OPERAND ||
		    tt_cli_claim_stdin("validate", a.arg, &stdin_claimed)) {
			worst = TT_EXIT_INPUT; /* reported */
			goto release;
		}
		files[nfiles++] = a.arg;
	}
	if (nfiles == 0) {
		worst = tt_cli_usage_error("validate", "no file given");
		goto release;
	}
	for (size_t i = 0; i < nfiles; i++) {
		const char *path = files[i];
		bool is_stdin = tt_cli_is_stdin(path);
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
			              is_stdin ? TT_CLI_STDIN_NAME : path,
			              what);
		}
	}

release:
	free(files);
	return worst;
}
