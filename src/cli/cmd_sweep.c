/* cmd_sweep.c: `ttsim sweep`, being written (issue 6). */
#include "cli.h"

int tt_cmd_sweep(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return tt_cli_usage_error("sweep", "not available yet");
}
