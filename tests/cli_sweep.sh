#!/bin/sh
# cli_sweep.sh: being written (issue 6).
exit 77
