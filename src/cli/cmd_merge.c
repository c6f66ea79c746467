/* cmd_merge.c: `ttsim merge`, being written (issue 6). */
#include "cli.h"

int tt_cmd_merge(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return tt_cli_usage_error("merge", "not available yet");
}
