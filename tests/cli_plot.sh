#!/bin/sh
# cli_plot.sh: being written (issue 6).
exit 77
