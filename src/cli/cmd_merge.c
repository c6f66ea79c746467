/*
 * cmd_merge.c - `ttsim merge`: join the shard files of one sweep into the
 * results file a single `ttsim sweep` would have written, byte for byte.
 *
 * The checks (same grid, no shard or combination twice, none missing) are
 * the library's (tt_sweep_merge); the table is written by the same
 * function as an unsharded sweep's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ttsim/outfile.h"
#include "ttsim/sweep.h"

static const char merge_help[] =
        "usage: ttsim merge SHARD.csv... -o FILE\n"
        "\n"
        "Join the files written by 'ttsim sweep --shard I/N' (every shard "
        "of one\n"
        "sweep, in any order) into the results file the unsharded sweep "
        "writes.\n"
        "Refuses shards of a different sweep (another scenario text, other "
        "--set\n"
        "values or --pareto), a shard given twice and missing shards.\n"
        "\n"
        "  -o, --output FILE  the results ('-': standard output)\n";

int tt_cmd_merge(int argc, char **argv)
{
	const char *output = NULL;
	const char **paths = calloc((size_t)argc, sizeof *paths);
	size_t n = 0;
	tt_sweep_table table = {0};
	tt_sweep_shard_info info;
	char **pareto = NULL;
	size_t n_pareto = 0;
	tt_diag d;
	int code = TT_EXIT_OK;

	tt_diag_clear(&d);
	if (!paths) {
		return tt_cli_nomem("merge");
	}
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"output", required_argument, NULL, 'o'},
	        {0}};
	tt_cli_args a;
	tt_cli_args_init(&a, "merge", argc, argv, "ho:", longs);
	for (int c; (c = tt_cli_args_next(&a)) != TT_CLI_DONE;) {
		if (c == 'h') {
			fputs(merge_help, stdout);
			goto release;
		}
		if (c == 'o') {
			output = a.arg;
		} else if (c == TT_CLI_OPERAND && !tt_cli_is_stdin(a.arg)) {
			paths[n++] = a.arg;
		} else if (c == TT_CLI_OPERAND) {
			/* shards are read by name, each checked against the
			 * others: a pipe would be one of them without one */
			code = tt_cli_usage_error(
			        "merge", "shards are files: '-' (standard "
			                 "input) cannot be one");
			goto release;
		} else { /* TT_CLI_BAD, reported */
			code = TT_EXIT_INPUT;
			goto release;
		}
	}
	if (!n || !output) {
		code = tt_cli_usage_error("merge",
		                          "give the shard files and -o FILE");
		goto release;
	}
	if (tt_sweep_merge(paths, n, &table, &info, &d) ||
	    (info.pareto[0] &&
	     tt_sweep_parse_pareto(info.pareto, &pareto, &n_pareto, &d))) {
		code = tt_cli_fail(&d);
		goto release;
	}
	if (!strcmp(output, "-")) {
		if (tt_sweep_write_csv(stdout, &table, pareto, n_pareto, &d))
			code = tt_cli_fail(&d);
		goto release;
	}
	tt_outfile out = {0};
	if (tt_cli_outfile_open(&out, output, &d)) {
		code = tt_cli_fail(&d);
		goto release;
	}
	if (tt_sweep_write_csv(out.f, &table, pareto, n_pareto, &d)) {
		tt_cli_outfile_abort(&out);
		code = tt_cli_fail(&d);
		goto release;
	}
	if (tt_cli_outfile_commit(&out, &d))
		code = tt_cli_fail(&d);

release:
	tt_sweep_names_free(pareto, n_pareto);
	tt_sweep_table_release(&table);
	free(paths);
	return code;
}
