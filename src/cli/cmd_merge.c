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
		fprintf(stderr, "ttsim merge: error: out of memory\n");
		return TT_EXIT_INTERNAL;
	}
	for (int i = 1; i < argc; i++) {
		const char *v = NULL, *arg = argv[i];
		bool missing = false;
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(merge_help, stdout);
			goto release;
		}
		if (tt_cli_option(argc, argv, &i, "--output", "-o", &v,
		                  &missing)) {
			if (missing) {
				code = tt_cli_usage_error(
				        "merge", "option '%s' needs a value",
				        arg);
				goto release;
			}
			output = v;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			code = tt_cli_usage_error("merge",
			                          "unknown option '%s'", arg);
			goto release;
		} else {
			paths[n++] = arg;
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
