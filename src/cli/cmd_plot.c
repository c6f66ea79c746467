/* cmd_plot.c: `ttsim plot`, being written (issue 6). */
#include "cli.h"

int tt_cmd_plot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return tt_cli_usage_error("plot", "not available yet");
}
