/* cmd_check.c: `ttsim check`, being written (issue 6). */
#include "cli.h"

int tt_cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return tt_cli_usage_error("check", "not available yet");
}
