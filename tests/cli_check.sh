#!/bin/sh
# cli_check.sh: being written (issue 6).
exit 77
