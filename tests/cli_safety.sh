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
# shard; a journal of another grid is refused, a torn last line dropped,
# a line edited by hand refused by its checksum.  A full filesystem (a
# small tmpfs, mounted when the test runs as root) while `run` draws its
# pictures, while it writes its data, and while `sweep --svg` draws leaves
# every previous output byte-identical; a number too large to draw never
# comes out as inf.  Standard input that `plot -` copied to a file is
# removed on SIGINT and when the plot ends.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
full=$work/full
mounted=
# shellcheck disable=SC2317 # run by cli_lib.sh's trap
cli_at_exit() {
	if [ -n "$mounted" ]; then umount "$full"; fi
}
sc=$src/scenarios/seed-cooldown.yaml
slow=$src/scenarios/request-bench.yaml
# About 100 runs of ~0.03 s each (more under sanitizers): long enough to
# interrupt, short enough to run twice.
grid="--set policies[0].TargetValue=40:89:1 --set capacity.max=30,31"

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

# ---- Ctrl-C while `plot -` copies standard input ----
# plot reads its input twice, so `-` is first copied into a private
# directory under TMPDIR: a signal removes it like an output's temporary
mkdir "$work/spool" && mkfifo "$work/plot.fifo"
# held open read-write, so opening it does not block and ttsim waits for
# more input
exec 8<>"$work/plot.fifo"
# (start_bg's own '&' would read /dev/null: the redirection must be on
# the background command itself)
env --default-signal=INT TMPDIR="$work/spool" "$ttsim" plot - -o "$work/fifo.svg" \
	<"$work/plot.fifo" >/dev/null 2>&1 &
pid=$!
# shellcheck disable=SC2317 # run by wait_for
spooled() { [ -n "$(ls -A "$work/spool")" ]; }
if wait_for spooled; then
	kill -INT $pid
	wait $pid
	st=$?
	if [ $st -eq 130 ]; then pass; else fail "plot - SIGINT: exit $st, want 130 (killed by SIGINT)"; fi
	if spooled; then fail "plot - SIGINT: left $(ls -A "$work/spool")"; else pass; fi
else
	fail "plot - SIGINT: standard input was not copied under TMPDIR"
	kill $pid; wait $pid
fi
exec 8>&-
absent "plot - SIGINT: no picture" "$work/fifo.svg"
# and a plot that ends, well or not, leaves nothing behind either
TMPDIR=$work/spool expect_exit 0 "plot - (timeline)" "$ttsim" plot - -o "$work/fifo.svg" <"$work/plotme/timeline.csv"
TMPDIR=$work/spool expect_exit 2 "plot - (not a timeline)" "$ttsim" plot - -o "$work/fifo.svg" </dev/null
if spooled; then fail "plot -: left $(ls -A "$work/spool")"; else pass; fi

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

# ---- a journal line edited by hand ----
# --svg into a directory that takes no files: the results and the picture
# are one commit, so neither is written, and the journal keeps the runs.
expect_exit 0 "sweep reference" "$ttsim" sweep "$sc" --set capacity.max=5,6,7 -q -o "$work/j-ref.csv"
expect_exit 2 "sweep --svg cannot be written" "$ttsim" sweep "$sc" --set capacity.max=5,6,7 -q -o "$work/j.csv" --svg "$work/afile/x.svg"
err_has "sweep --svg cannot be written" "error: cannot create '$work/afile/x.svg': Not a directory"
err_has "sweep --svg cannot be written" "ttsim sweep: note: '$work/j.csv.partial' keeps 3 finished combinations: run again with --resume to reuse them"
absent "sweep --svg cannot be written" "$work/j.csv"
no_tmp "sweep --svg cannot be written" "$work"
if [ "$(journal_rows "$work/j.csv.partial")" -eq 3 ]; then pass; else
	fail "sweep --svg cannot be written: the journal does not hold the 3 runs"; fi
# line 3 of the journal, a figure made 10 times larger
sed '3s/,invocations,/,invocations,9/' "$work/j.csv.partial" >"$work/j.edited"
if cmp -s "$work/j.edited" "$work/j.csv.partial"; then fail "journal edit: sed changed nothing"; else pass; fi
cp "$work/j.edited" "$work/j.csv.partial"
expect_exit 2 "sweep --resume, an edited line" "$ttsim" sweep "$sc" --set capacity.max=5,6,7 -q --resume -o "$work/j.csv"
if [ "$(cat "$work/err")" = "$work/j.csv.partial:3:1: error: journal line does not match its checksum (changed after ttsim wrote it): delete the line to run its combination again" ]; then pass; else
	fail "sweep --resume, an edited line: wrong message"; sed 's/^/  | /' "$work/err"; fi
absent "sweep --resume, an edited line" "$work/j.csv"
# as the message says: without the line, its combination runs again
sed '3d' "$work/j.edited" >"$work/j.csv.partial"
expect_exit 0 "sweep --resume without the edited line" "$ttsim" sweep "$sc" --set capacity.max=5,6,7 --resume -o "$work/j.csv"
if grep -q "(2 from the journal)" "$work/out"; then pass; else
	fail "sweep --resume without the edited line: not 2 rows reused"; cat "$work/out"; fi
same "$work/j-ref.csv" "$work/j.csv" "sweep --resume without the edited line"
absent "sweep --resume without the edited line: journal removed" "$work/j.csv.partial"

# ---- no inf or nan in any output ----
printf 'time_s,invocations,desired,in_service,pending,metric,alarm_high,alarm_low,action\n-1e308,1,1,1,0,5,OK,OK,none\n1e308,1,1,1,0,5,OK,OK,none\n' >"$work/huge.csv"
expect_exit 2 "plot times of 1e308" "$ttsim" plot "$work/huge.csv" -o "$work/huge.svg"
err_has "plot times of 1e308" "$work/huge.csv:2:1: error: 'time_s' is too large to draw, got '-1e308' (at most 1e150)"
absent "plot times of 1e308" "$work/huge.svg"
printf '# ttsim sweep shard 1/1 grid=0123456789abcdef combinations=1 keys=1 pareto=\ncombination,capacity.max,cost\n1,5,inf\n' >"$work/inf-shard.csv"
expect_exit 2 "merge a shard holding inf" "$ttsim" merge "$work/inf-shard.csv" -o "$work/inf-merged.csv"
err_has "merge a shard holding inf" "$work/inf-shard.csv:3: error: invalid number 'inf' for 'cost'"
absent "merge a shard holding inf" "$work/inf-merged.csv"

# ---- a full filesystem ----
# A tmpfs of 4 MiB, filled to leave exactly the room wanted: room for a
# run's data but not its pictures, room for nothing.  Mounting needs root
# (CAP_SYS_ADMIN): without it these checks are skipped, and say so.
# pages FILE: the 4 KiB pages FILE takes on a tmpfs
pages() { echo $((($(wc -c <"$1") + 4095) / 4096)); }
# leave BYTES (whole pages) free on the tmpfs
fill() {
	rm -f "$full/filler"
	avail=$(df -B1 --output=avail "$full" | tail -1)
	head -c $((avail - $1)) /dev/zero >"$full/filler"
}
mkdir "$full"
if mount -t tmpfs -o size=4m ttsim-safety "$full" 2>"$work/mount.err"; then
	mounted=1
	# the run that will not fit, on a disk with room: its five files
	expect_exit 0 "full: the reference run" "$ttsim" run -q --seed 2 -o "$work/run-b"
	# drawn from temporary files, the pictures are those `plot` draws
	expect_exit 0 "full: plot the reference" "$ttsim" plot "$work/run-b/timeline.csv" -o "$work/replot.svg"
	same "$work/run-b/timeline.svg" "$work/replot.svg" "run's picture and plot's"
	expect_exit 0 "full: report the reference" "$ttsim" plot --html "$work/run-b" -o "$work/replot.html"
	same "$work/run-b/report.html" "$work/replot.html" "run's report and plot --html's"

	expect_exit 0 "full: a first run" "$ttsim" run -q -o "$full/run"
	cp -r "$full/run" "$work/full-before"
	data=0
	for f in timeline.csv events.csv summary.json; do
		data=$((data + $(pages "$work/run-b/$f")))
	done
	# room for the new data and one page: the pictures do not fit
	fill $(((data + 1) * 4096))
	expect_exit 2 "full while drawing" "$ttsim" run -q --seed 2 -o "$full/run"
	err_has "full while drawing" "error: cannot write '$full/run/timeline.svg': No space left on device"
	for f in timeline.csv events.csv summary.json timeline.svg report.html; do
		same "$work/full-before/$f" "$full/run/$f" "full while drawing: $f changed"
	done
	no_tmp "full while drawing" "$full"
	# room for nothing but a page: the data does not fit
	fill 4096
	expect_exit 2 "full while writing the data" "$ttsim" run -q --seed 2 -o "$full/run"
	err_has "full while writing the data" "No space left on device"
	for f in timeline.csv events.csv summary.json timeline.svg report.html; do
		same "$work/full-before/$f" "$full/run/$f" "full while writing the data: $f changed"
	done
	no_tmp "full while writing the data" "$full"
	# with room again, the run replaces all five
	rm -f "$full/filler"
	expect_exit 0 "full: room again" "$ttsim" run -q --seed 2 -o "$full/run"
	for f in timeline.csv events.csv summary.json timeline.svg report.html; do
		same "$work/run-b/$f" "$full/run/$f" "full: room again: $f"
	done

	# sweep --svg: the picture on the full disk, the results elsewhere
	expect_exit 0 "full: sweep reference" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o "$work/sv-ref.csv" --svg "$work/sv-ref.svg"
	echo "earlier results" >"$work/sv.csv"
	echo "an earlier picture" >"$full/sv.svg"
	cp "$work/sv.csv" "$work/sv.csv.before"
	cp "$full/sv.svg" "$work/sv.svg.before"
	fill 0
	expect_exit 2 "sweep --svg on a full disk" "$ttsim" sweep "$sc" --set capacity.max=5,6 -q -o "$work/sv.csv" --svg "$full/sv.svg"
	err_has "sweep --svg on a full disk" "error: cannot write '$full/sv.svg': No space left on device"
	err_has "sweep --svg on a full disk" "'$work/sv.csv.partial' keeps 2 finished combinations"
	same "$work/sv.csv.before" "$work/sv.csv" "sweep --svg on a full disk: the results changed"
	same "$work/sv.svg.before" "$full/sv.svg" "sweep --svg on a full disk: the picture changed"
	no_tmp "sweep --svg on a full disk" "$full"
	no_tmp "sweep --svg on a full disk" "$work"
	rm -f "$full/filler"
	expect_exit 0 "sweep --svg --resume with room" "$ttsim" sweep "$sc" --set capacity.max=5,6 --resume -o "$work/sv.csv" --svg "$full/sv.svg"
	if grep -q "(2 from the journal)" "$work/out"; then pass; else
		fail "sweep --svg --resume with room: the journal was not reused"; cat "$work/out"; fi
	same "$work/sv-ref.csv" "$work/sv.csv" "sweep --svg --resume: results"
	# the picture names its table: sv.csv there, sv-ref.csv here
	sed 's/sv-ref\.csv/sv.csv/' "$work/sv-ref.svg" >"$work/sv-ref.renamed.svg"
	same "$work/sv-ref.renamed.svg" "$full/sv.svg" "sweep --svg --resume: picture"
	absent "sweep --svg --resume with room: journal removed" "$work/sv.csv.partial"
else
	echo "cli_safety: SKIP the full-filesystem checks: cannot mount a tmpfs" \
		"(needs root with CAP_SYS_ADMIN): $(cat "$work/mount.err")"
fi

cli_done
