#!/bin/sh
# cli_safety.sh - nothing lost, nothing half-written.
#
#   tests/cli_safety.sh path/to/ttsim
#
# Write errors (a file where a directory is expected, a directory of
# /proc or /sys, /dev/full) give a clear error, exit 2 and leave no
# file; /dev/null stays a device.  SIGINT and SIGTERM during `ttsim run`
# and `ttsim sweep` leave no temporary file and the previous outputs as
# they were; the interrupted sweep's journal lets `--resume` finish it
# into the very bytes of an uninterrupted sweep, with 1 or 3 jobs and per
# shard; a journal of another grid is refused, a torn last line dropped.
set -u

ttsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=${TTSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/ttsim-safety.XXXXXX")
trap 'rm -rf "$work"' EXIT
sc=$src/scenarios/seed-cooldown.yaml
slow=$src/scenarios/request-bench.yaml
# About 100 runs of ~0.03 s each (more under sanitizers): long enough to
# interrupt, short enough to run twice.
grid="--set policies[0].TargetValue=40:89:1 --set capacity.max=30,31"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_exit CODE DESCRIPTION CMD...
expect_exit() {
	want=$1 what=$2
	shift 2
	"$@" >"$work/out" 2>"$work/err"
	got=$?
	if [ "$got" -eq "$want" ]; then pass; else
		fail "$what: exit $got, want $want"; sed 's/^/  | /' "$work/err"; fi
}

# err_has DESCRIPTION TEXT: stderr contains TEXT
err_has() {
	if grep -qF -- "$2" "$work/err"; then pass; else
		fail "$1: stderr lacks '$2'"; sed 's/^/  | /' "$work/err"; fi
}

# absent DESCRIPTION PATH...: none of the paths exists
absent() {
	what=$1
	shift
	for p in "$@"; do
		if [ -e "$p" ]; then fail "$what: $p exists"; return; fi
	done
	pass
}

# no_tmp DESCRIPTION DIR: no temporary file of an output in DIR
no_tmp() {
	left=$(find "$2" -name '*.tmp-*' | head -1)
	if [ -z "$left" ]; then pass; else fail "$1: left $left"; fi
}

# same FILE1 FILE2 DESCRIPTION
same() {
	if cmp -s "$1" "$2"; then pass; else fail "$3: $1 and $2 differ"; fi
}

# wait_for CMD...: poll (up to 60 s) until CMD succeeds
wait_for() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		if [ $i -gt 1200 ]; then return 1; fi
		sleep 0.05
	done
	return 0
}

# journal_rows FILE: the rows in a journal (its lines after the first)
journal_rows() {
	if [ -f "$1" ]; then echo $(($(wc -l <"$1") - 1)); else echo 0; fi
}

# has_rows FILE N: the journal has at least N rows
has_rows() { [ "$(journal_rows "$1")" -ge "$2" ]; }

# has_tmp DIR: a temporary file of an output is in DIR
has_tmp() { [ -n "$(find "$1" -name '*.tmp-*' | head -1)" ]; }

# start_bg CMD...: run CMD in the background with SIGINT's default action
start_bg() { env --default-signal=INT "$@" & }

# ---- write errors ----
: >"$work/afile"
expect_exit 2 "run -o FILE" "$ttsim" run "$sc" -q -o "$work/afile"
err_has "run -o FILE" "error: '$work/afile' is not a directory"
expect_exit 2 "run -o FILE/DIR" "$ttsim" run "$sc" -q -o "$work/afile/out"
err_has "run -o FILE/DIR" "error: cannot create directory '$work/afile/out': Not a directory"
if [ -d /sys/kernel ]; then
	# sysfs takes no new files, even from root: a read-only directory.
	expect_exit 2 "run -o read-only dir" "$ttsim" run "$sc" -q -o /sys/kernel
	err_has "run -o read-only dir" "error: cannot create '/sys/kernel/timeline.csv': "
	absent "run -o read-only dir" /sys/kernel/timeline.csv /sys/kernel/events.csv
fi
expect_exit 2 "run -o /proc/..." "$ttsim" run "$sc" -q -o /proc/ttsim-out
err_has "run -o /proc/..." "error: cannot create directory '/proc/ttsim-out': "
expect_exit 2 "run -o - to a full disk" sh -c '"$1" run "$2" -q -o - >/dev/full' sh "$ttsim" "$sc"
err_has "run -o - to a full disk" "ttsim run: error: cannot write standard output: No space left on device"

expect_exit 2 "sweep -o /dev/full/x.csv" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o /dev/full/x.csv
err_has "sweep -o /dev/full/x.csv" "error: cannot create '/dev/full/x.csv.partial': Not a directory"
expect_exit 2 "sweep -o /dev/full" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o /dev/full
err_has "sweep -o /dev/full" "error: cannot write results: No space left on device"
if [ -c /dev/full ]; then pass; else fail "sweep -o /dev/full: /dev/full is no longer a device"; fi
expect_exit 0 "sweep -o /dev/null" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o /dev/null
if [ -c /dev/null ]; then pass; else fail "sweep -o /dev/null: /dev/null is no longer a device"; fi
absent "sweep -o /dev/null" /dev/null.partial
no_tmp "sweep -o /dev/null" /dev
expect_exit 2 "sweep -o FILE/x.csv" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o "$work/afile/x.csv"
err_has "sweep -o FILE/x.csv" "Not a directory"
expect_exit 2 "sweep --resume -o -" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o - --resume
err_has "sweep --resume -o -" "ttsim sweep: error: --resume needs a results file: its journal is FILE.partial beside it"

expect_exit 0 "a shard to merge" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q --shard 1/1 -o "$work/shard.csv"
expect_exit 2 "merge -o /dev/full" "$ttsim" merge "$work/shard.csv" -o /dev/full
err_has "merge -o /dev/full" "No space left on device"
expect_exit 2 "merge -o FILE/x.csv" "$ttsim" merge "$work/shard.csv" -o "$work/afile/x.csv"
err_has "merge -o FILE/x.csv" "error: cannot create '$work/afile/x.csv': Not a directory"
expect_exit 2 "check --junit /dev/full" "$ttsim" check "$src/scenarios/ci/seed-cooldown.yaml" -q --junit /dev/full
err_has "check --junit /dev/full" "error: cannot write '/dev/full': No space left on device"
expect_exit 2 "check --junit FILE/x.xml" "$ttsim" check "$src/scenarios/ci/seed-cooldown.yaml" -q --junit "$work/afile/x.xml"
err_has "check --junit FILE/x.xml" "error: cannot create '$work/afile/x.xml': Not a directory"
expect_exit 0 "a run to plot" "$ttsim" run "$sc" -q -o "$work/plotme"
expect_exit 2 "plot -o /dev/full" "$ttsim" plot "$work/plotme/timeline.csv" -o /dev/full
err_has "plot -o /dev/full" "error: cannot write '/dev/full': No space left on device"
expect_exit 2 "plot -o FILE/x.svg" "$ttsim" plot "$work/plotme/timeline.csv" -o "$work/afile/x.svg"
err_has "plot -o FILE/x.svg" "error: cannot create '$work/afile/x.svg': Not a directory"
no_tmp "write errors" "$work"

# ---- Ctrl-C during a run ----
# A background job of a script starts with SIGINT ignored (so Ctrl-C
# stops only the foreground), and ttsim keeps an ignored SIGINT ignored:
# start_bg restores the default action first, as an interactive shell does.
expect_exit 0 "a first run" "$ttsim" run "$slow" -q -o "$work/run"
cp -r "$work/run" "$work/run.before"
start_bg "$ttsim" run "$slow" -q --seed 2 -o "$work/run" >/dev/null 2>&1
pid=$!
if wait_for has_tmp "$work/run"; then
	kill -INT $pid
	wait $pid
	st=$?
	if [ $st -eq 130 ]; then pass; else fail "run SIGINT: exit $st, want 130 (killed by SIGINT)"; fi
else
	fail "run SIGINT: no temporary file appeared"
	kill $pid; wait $pid
fi
no_tmp "run SIGINT" "$work/run"
for f in timeline.csv events.csv summary.json timeline.svg report.html; do
	same "$work/run.before/$f" "$work/run/$f" "run SIGINT: $f changed"
done

# ---- Ctrl-C during a sweep, then --resume ----
expect_exit 0 "sweep uninterrupted" "$ttsim" sweep "$sc" $grid --jobs 1 -q -o "$work/ref.csv"
absent "sweep uninterrupted: journal removed" "$work/ref.csv.partial"
echo "an earlier result" >"$work/sweep.csv"
cp "$work/sweep.csv" "$work/sweep.before"

# interrupt SIGNAL STATUS JOBS: start the sweep to $work/sweep.csv, stop
# it with SIGNAL once its journal has two rows, expect exit STATUS.
interrupt() {
	start_bg "$ttsim" sweep "$sc" $grid --jobs "$3" -q -o "$work/sweep.csv" >/dev/null 2>"$work/err"
	pid=$!
	i=0
	while [ "$(journal_rows "$work/sweep.csv.partial")" -lt 2 ] && kill -0 $pid 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 1200 ]; then break; fi
		sleep 0.05
	done
	kill -"$1" $pid
	wait $pid
	st=$?
	if [ $st -eq "$2" ]; then pass; else fail "sweep SIG$1: exit $st, want $2"; fi
	no_tmp "sweep SIG$1" "$work"
	same "$work/sweep.before" "$work/sweep.csv" "sweep SIG$1: the previous results changed"
	rows=$(journal_rows "$work/sweep.csv.partial")
	if [ "$rows" -ge 2 ] && [ "$rows" -lt 100 ]; then pass; else
		fail "sweep SIG$1: journal has $rows rows, want 2 to 99"; fi
}

interrupt INT 130 1
head -1 "$work/sweep.csv.partial" >"$work/journal.head"
expect_exit 0 "sweep --resume" "$ttsim" sweep "$sc" $grid --jobs 1 --resume -o "$work/sweep.csv"
same "$work/ref.csv" "$work/sweep.csv" "sweep --resume after SIGINT"
absent "sweep --resume: journal removed" "$work/sweep.csv.partial"
if grep -q "from the journal" "$work/out"; then pass; else
	fail "sweep --resume: the summary does not count the journal's rows"; cat "$work/out"; fi

# SIGTERM (a batch system's), three jobs, a torn last line, resumed twice
cp "$work/sweep.before" "$work/sweep.csv"
interrupt TERM 143 3
printf '99,40,3' >>"$work/sweep.csv.partial"
start_bg "$ttsim" sweep "$sc" $grid --jobs 3 -q --resume -o "$work/sweep.csv" >/dev/null 2>&1
pid=$!
rows=$(journal_rows "$work/sweep.csv.partial")
wait_for has_rows "$work/sweep.csv.partial" $((rows + 2))
kill -TERM $pid
wait $pid
same "$work/sweep.before" "$work/sweep.csv" "sweep resumed then SIGTERM: the previous results changed"
no_tmp "sweep resumed then SIGTERM" "$work"
expect_exit 0 "sweep --resume --jobs 3" "$ttsim" sweep "$sc" $grid --jobs 3 -q --resume -o "$work/sweep.csv"
same "$work/ref.csv" "$work/sweep.csv" "sweep --resume after SIGTERM with 3 jobs"

# a journal of another grid is refused; without --resume it is replaced
cp "$work/journal.head" "$work/other.csv.partial"
expect_exit 2 "sweep --resume, another grid" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q --resume -o "$work/other.csv"
err_has "sweep --resume, another grid" "$work/other.csv.partial:1: error: journal of a different sweep (grid "
err_has "sweep --resume, another grid" "): run without --resume to start again"
absent "sweep --resume, another grid" "$work/other.csv"
expect_exit 0 "sweep over another grid's journal" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o "$work/other.csv"
absent "sweep over another grid's journal" "$work/other.csv.partial"
echo "not a journal" >"$work/other.csv.partial"
expect_exit 2 "sweep --resume, not a journal" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q --resume -o "$work/other.csv"
err_has "sweep --resume, not a journal" "$work/other.csv.partial:1: error: not a ttsim sweep journal"
rm -f "$work/other.csv.partial"
expect_exit 0 "sweep --resume, no journal" "$ttsim" sweep "$sc" --set capacity.max=5,6 --resume -o "$work/other2.csv"
err_has "sweep --resume, no journal" "ttsim sweep: note: no journal '$work/other2.csv.partial': running every combination"
same "$work/other.csv" "$work/other2.csv" "sweep --resume, no journal"

# a shard keeps its own journal and resumes into the same shard file
expect_exit 0 "shard uninterrupted" "$ttsim" sweep "$sc" $grid --jobs 1 -q --shard 2/3 -o "$work/ref-2.csv"
start_bg "$ttsim" sweep "$sc" $grid --jobs 1 -q --shard 2/3 -o "$work/shard-2.csv" >/dev/null 2>&1
pid=$!
wait_for has_rows "$work/shard-2.csv.partial" 1
kill -INT $pid
wait $pid
if head -1 "$work/shard-2.csv.partial" | grep -q '^# ttsim sweep journal 2/3 grid='; then pass; else
	fail "shard journal: wrong first line"; head -1 "$work/shard-2.csv.partial"; fi
expect_exit 2 "shard --resume, another shard" "$ttsim" sweep "$sc" $grid --jobs 1 -q --shard 1/3 --resume -o "$work/shard-2.csv"
err_has "shard --resume, another shard" "shard 2/3; this one is grid"
expect_exit 0 "shard --resume" "$ttsim" sweep "$sc" $grid --jobs 2 -q --shard 2/3 --resume -o "$work/shard-2.csv"
same "$work/ref-2.csv" "$work/shard-2.csv" "shard --resume"

echo "cli_safety: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
