# cli_lib.sh - the prologue every tests/cli_*.sh sources, so each script
# starts, counts and ends the same way:
#
#   . "$(dirname "$0")/cli_lib.sh"    # first thing, with the script's $1
#
# It sets
#   ttsim   the command under test ($1, made absolute: scripts cd around)
#   src     the source tree (TTSIM_SOURCE_DIR under meson, else ..)
#   work    a fresh temporary directory, removed when the script exits;
#           a script with more to undo redefines cli_at_exit, which runs
#           first
# and gives pass, fail, expect_exit, same and cli_done, whose last line,
# "NAME: N passed, F failed", is what tools/test adds up.

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 path/to/ttsim" >&2
	exit 2
fi
# shellcheck disable=SC2034 # used by the scripts that source this
ttsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# shellcheck disable=SC2034
src=${TTSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
# cli_test.sh counts as "cli", cli_check.sh as "cli_check", ...
cli_name=$(basename "$0" .sh)
[ "$cli_name" = cli_test ] && cli_name=cli
work=$(mktemp -d "${TMPDIR:-/tmp}/ttsim-$cli_name.XXXXXX") || exit 2

cli_at_exit() { :; }
trap 'cli_at_exit; rm -rf "$work"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_exit CODE DESCRIPTION CMD...: run CMD with its stdout in
# $work/out and its stderr in $work/err, and compare its exit code
expect_exit() {
	want=$1 what=$2
	shift 2
	"$@" >"$work/out" 2>"$work/err"
	got=$?
	if [ "$got" -eq "$want" ]; then pass; else
		fail "$what: exit $got, want $want"; sed 's/^/  | /' "$work/err"; fi
}

# same FILE1 FILE2 DESCRIPTION: the two files hold the same bytes
same() {
	if cmp -s "$1" "$2"; then pass; else fail "$3: $1 and $2 differ"; fi
}

# well_formed FILE: python's XML parser accepts it
well_formed() {
	if python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1" 2>"$work/xmlerr"; then
		pass
	else
		fail "$1 is not well-formed XML"; sed 's/^/  | /' "$work/xmlerr"
	fi
}

# contains FILE TEXT
contains() {
	if grep -qF -- "$2" "$1"; then pass; else fail "$1 lacks '$2'"; fi
}

# cli_done: the total line, and the exit code meson reads
cli_done() {
	echo "$cli_name: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
