/*
 * main.c - the ttsim command: the usage text and the dispatch to its
 * subcommands (cmd_*.c).  What the subcommands share is in cli.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifndef TTSIM_VERSION
#define TTSIM_VERSION "0.1.0"
#endif

static const char usage_text[] =
        "usage: ttsim <command> [options]\n"
        "\n"
        "Replay a workload through AWS Application Auto Scaling target\n"
        "tracking and write what happened.\n"
        "\n"
        "commands:\n"
        "  run [SCENARIO.yaml]   run a scenario (no argument: the built-in "
        "default)\n"
        "  validate FILE...      check scenarios, policies, scalable "
        "targets and\n"
        "                        CloudFormation templates\n"
        "  check SCENARIO.yaml... [--junit FILE]\n"
        "                        run each and verify its expect: block\n"
        "  metric-check SCENARIO.yaml\n"
        "                        is each policy's metric a valid "
        "utilization\n"
        "                        metric for target tracking?\n"
        "  sweep SCENARIO.yaml --set KEY=V1,V2,... -o FILE\n"
        "                        run every combination, one CSV of results\n"
        "  merge SHARD.csv... -o FILE\n"
        "                        join the shards of a sweep\n"
        "  plot TIMELINE.csv -o FILE.svg\n"
        "                        draw a run (also --sweep, --html)\n"
        "  compare A.yaml B.yaml... [-o DIR]\n"
        "                        one workload through several setups, "
        "side by side\n"
        "  calibrate SCENARIO.yaml --activities FILE [-o DIR]\n"
        "                        match recorded scaling activities to a "
        "simulation\n"
        "\n"
        "options:\n"
        "  -h, --help            show this help (also after a command)\n"
        "  --version             print the version\n"
        "\n"
        "Options take the usual forms (-o DIR, -oDIR, --output=DIR, -qo "
        "DIR)\n"
        "before or after the files; '--' ends them.  '-' as a file is "
        "standard\n"
        "input.\n"
        "\n"
        "exit codes: 0 success, 1 expectations failed, 2 bad usage or input,\n"
        "3 internal error\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return TT_EXIT_INPUT;
	}
	tt_cli_interrupt_install();
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return TT_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("ttsim %s\n", TTSIM_VERSION);
		return TT_EXIT_OK;
	}
	if (strcmp(cmd, "run") == 0)
		return tt_cmd_run(argc - 1, argv + 1);
	if (strcmp(cmd, "validate") == 0)
		return tt_cmd_validate(argc - 1, argv + 1);
	if (strcmp(cmd, "metric-check") == 0)
		return tt_cmd_metric_check(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return tt_cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "sweep") == 0)
		return tt_cmd_sweep(argc - 1, argv + 1);
	if (strcmp(cmd, "merge") == 0)
		return tt_cmd_merge(argc - 1, argv + 1);
	if (strcmp(cmd, "plot") == 0)
		return tt_cmd_plot(argc - 1, argv + 1);
	if (strcmp(cmd, "compare") == 0)
		return tt_cmd_compare(argc - 1, argv + 1);
	if (strcmp(cmd, "calibrate") == 0)
		return tt_cmd_calibrate(argc - 1, argv + 1);
	return tt_cli_usage_error(NULL, "unknown command '%s'", cmd);
}
