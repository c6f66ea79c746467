#!/bin/sh
# cli_sweep.sh - `ttsim run --set`, `ttsim sweep` and `ttsim merge` as a
# user runs them.
#
#   tests/cli_sweep.sh path/to/ttsim
#
# --set reaches the run and a bad one exits 2 with its exact message and
# writes nothing; a step policy's cooldown, its alarm's threshold and a
# field of an HPA manifest sweep like any key; a sweep's CSV is the same bytes with 1 and 2 jobs;
# shards merged give the unsharded file byte for byte (also from the
# environment of a Slurm or Kubernetes array); merge refuses a shard of
# another sweep, a shard twice and a missing shard.  A failing combination
# writes nothing, not even a journal.  Bundled and attached options give
# the same bytes; `-` is refused where a file is needed.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
sc=$src/tests/data/sweep/inline.yaml

# err_is DESCRIPTION LINE: stderr is exactly LINE
err_is() {
	if [ "$(cat "$work/err")" = "$2" ]; then pass; else
		fail "$1: wrong message"; echo "  want: $2"; echo "  got:  $(cat "$work/err")"; fi
}

# ---- ttsim run --set ----
expect_exit 0 "run --set" "$ttsim" run "$sc" -q -o "$work/run" \
	--set 'policies[0].TargetValue=500' --set capacity.max=3
if grep -q '"target_value": 500' "$work/run/summary.json" &&
	grep -q '"max": 3' "$work/run/summary.json"; then pass; else
	fail "run --set: summary.json does not show the overrides"; fi
expect_exit 0 "run without --set" "$ttsim" run "$sc" -q -o "$work/plain"
if cmp -s "$work/run/timeline.csv" "$work/plain/timeline.csv"; then
	fail "run --set: the timeline did not change"; else pass; fi
expect_exit 2 "run --set bad value" "$ttsim" run "$sc" -q -o "$work/bad" \
	--set capacity.max=abc
err_is "run --set bad value" "--set 'capacity.max=abc':1:14: error: expected an integer for 'max', got 'abc'"
if [ -e "$work/bad" ]; then fail "run --set bad value: wrote $work/bad"; else pass; fi
expect_exit 2 "run --set out of range" "$ttsim" run "$sc" -q -o "$work/bad" \
	--set 'policies[2].TargetValue=5'
err_is "run --set out of range" "--set 'policies[2].TargetValue=5':1:9: error: index 2 is out of range: 'policies' has 1 item"
expect_exit 2 "run --set without =" "$ttsim" run "$sc" -q -o "$work/bad" --set capacity
expect_exit 0 "run --set on the built-in default" "$ttsim" run -q -o "$work/def" \
	--set workload.scale=0.5

# ---- sweep: jobs ----
grid="--set policies[0].TargetValue=50:80:10 --set capacity.max=5,10 --set instance.provisioning=2m,5m"
# shellcheck disable=SC2086 # $grid is words on purpose
expect_exit 0 "sweep --jobs 1" "$ttsim" sweep "$sc" $grid --pareto cost,minutes_over_target -q --jobs 1 -o "$work/j1.csv"
# shellcheck disable=SC2086
expect_exit 0 "sweep --jobs 2" "$ttsim" sweep "$sc" $grid --pareto cost,minutes_over_target -q --jobs 2 -o "$work/j2.csv"
same "$work/j1.csv" "$work/j2.csv" "sweep --jobs 1 and 2"
if [ "$(wc -l <"$work/j1.csv")" -eq 17 ]; then pass; else
	fail "sweep: want a header and 16 rows, got $(wc -l <"$work/j1.csv") lines"; fi
if head -1 "$work/j1.csv" | grep -q '^policies\[0\]\.TargetValue,capacity\.max,instance\.provisioning,simulated_s,.*,pareto$'; then
	pass; else fail "sweep: header is $(head -1 "$work/j1.csv")"; fi

# ---- sweep: a step policy's alarm and cooldown ----
# The step policy is a file, its alarm inline: both are keys of policies[0]
# like a target-tracking one's.  A threshold the traffic never crosses
# never scales out; a shorter cooldown scales out more often.
step_sc=$src/tests/data/sweep/step.yaml
expect_exit 0 "sweep a step policy" "$ttsim" sweep "$step_sc" -q -o "$work/step.csv" \
	--set 'policies[0].alarm.Threshold=300,2000' \
	--set 'policies[0].StepScalingPolicyConfiguration.Cooldown=60,600'
# THRESHOLD,COOLDOWN,scale_out_activities,max_instances of each row
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ print $1 "," $2 "," $col["scale_out_activities"] "," $col["max_instances"] }' \
	"$work/step.csv" >"$work/step.rows"
step_row() { grep "^$1,$2," "$work/step.rows" | cut -d, -f3-; }
if [ "$(wc -l <"$work/step.rows")" -eq 4 ] &&
	[ "$(step_row 2000 60)" = "0,1" ] && [ "$(step_row 2000 600)" = "0,1" ]; then
	pass; else fail "sweep a step policy: threshold 2000 scaled out"; cat "$work/step.rows"; fi
out60=$(step_row 300 60 | cut -d, -f1)
out600=$(step_row 300 600 | cut -d, -f1)
if [ "${out600:-0}" -gt 0 ] && [ "${out60:-0}" -gt "$out600" ]; then pass; else
	fail "sweep a step policy: cooldown 60 gave $out60 scale-outs, 600 gave $out600"; fi

# ---- shards and merge ----
for i in 1 2 3; do
	# shellcheck disable=SC2086
	expect_exit 0 "sweep --shard $i/3" "$ttsim" sweep "$sc" $grid --pareto cost,minutes_over_target -q --shard "$i/3" -o "$work/shard$i.csv"
done
expect_exit 0 "merge" "$ttsim" merge "$work/shard3.csv" "$work/shard1.csv" "$work/shard2.csv" -o "$work/merged.csv"
same "$work/merged.csv" "$work/j1.csv" "merge of 3 shards"
# shellcheck disable=SC2086
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0 \
	expect_exit 0 "sweep --shard auto (Slurm)" "$ttsim" sweep "$sc" $grid --pareto cost,minutes_over_target -q --shard auto -o "$work/slurm.csv"
same "$work/slurm.csv" "$work/shard2.csv" "--shard auto from Slurm"
# shellcheck disable=SC2086
JOB_COMPLETION_INDEX=2 expect_exit 0 "sweep --shard auto/3 (Kubernetes)" "$ttsim" sweep "$sc" $grid --pareto cost,minutes_over_target -q --shard auto/3 -o "$work/k8s.csv"
same "$work/k8s.csv" "$work/shard3.csv" "--shard auto/3 from JOB_COMPLETION_INDEX"
# shellcheck disable=SC2086
AWS_BATCH_JOB_ARRAY_INDEX=0 expect_exit 0 "sweep --shard auto/3 (AWS Batch)" "$ttsim" sweep "$sc" $grid --pareto cost,minutes_over_target -q --shard auto/3 -o "$work/batch.csv"
same "$work/batch.csv" "$work/shard1.csv" "--shard auto/3 from AWS_BATCH_JOB_ARRAY_INDEX"

# a foreign shard: same keys, other values
expect_exit 0 "sweep a foreign shard" "$ttsim" sweep "$sc" \
	--set 'policies[0].TargetValue=50:80:10' --set capacity.max=5,11 --set instance.provisioning=2m,5m \
	--pareto cost,minutes_over_target -q --shard 2/3 -o "$work/foreign.csv"
expect_exit 2 "merge refuses a foreign shard" "$ttsim" merge "$work/shard1.csv" "$work/foreign.csv" "$work/shard3.csv" -o "$work/m2.csv"
if grep -q "foreign.csv:1: error: shard of a different sweep" "$work/err"; then pass; else
	fail "merge foreign: message $(cat "$work/err")"; fi
expect_exit 2 "merge refuses a shard twice" "$ttsim" merge "$work/shard1.csv" "$work/shard2.csv" "$work/shard2.csv" "$work/shard3.csv" -o "$work/m2.csv"
err_is "merge twice" "$work/shard2.csv:1: error: shard 2/3 is given twice"
expect_exit 2 "merge refuses a missing shard" "$ttsim" merge "$work/shard1.csv" "$work/shard3.csv" -o "$work/m2.csv"
err_is "merge missing" "error: 5 of 16 combinations are missing (shard 2/3 was not given)"
if [ -e "$work/m2.csv" ]; then fail "refused merge wrote $work/m2.csv"; else pass; fi

# ---- bad sweeps ----
expect_exit 2 "sweep bad --set value" "$ttsim" sweep "$sc" --set capacity.max=5,abc -q -o "$work/bad.csv"
err_is "sweep bad value" "--set 'capacity.max=abc':1:14: error: expected an integer for 'max', got 'abc' (combination 2 of 2: capacity.max=abc)"
if [ -e "$work/bad.csv" ]; then fail "failed sweep wrote $work/bad.csv"; else pass; fi
# with combination 1 run first (one job), the journal held a row: a bad
# combination removes it all the same, so nothing at all is written
expect_exit 2 "sweep bad --set value, one job" "$ttsim" sweep "$sc" --set capacity.max=5,abc --jobs 1 -q -o "$work/bad.csv"
err_is "sweep bad value, one job" "--set 'capacity.max=abc':1:14: error: expected an integer for 'max', got 'abc' (combination 2 of 2: capacity.max=abc)"
for f in "$work/bad.csv" "$work/bad.csv.partial"; do
	if [ -e "$f" ]; then fail "failed sweep wrote $f"; else pass; fi
done
expect_exit 2 "sweep --svg to -o -" "$ttsim" sweep "$sc" --set capacity.max=5 -q -o - --svg "$work/x.svg"
if grep -qxF "ttsim sweep: error: --svg is drawn from the results file: give -o FILE, not -o -" "$work/err"; then pass; else
	fail "sweep --svg to -o -: wrong message"; cat "$work/err"; fi
expect_exit 2 "sweep bad range" "$ttsim" sweep "$sc" --set capacity.max=5:1:1 -o "$work/bad.csv"
err_is "sweep bad range" "--set 'capacity.max=5:1:1': error: invalid range '5:1:1': STOP must be >= START"
expect_exit 2 "sweep unknown --pareto figure" "$ttsim" sweep "$sc" --set capacity.max=5 --pareto cost,speed -o "$work/bad.csv"
expect_exit 2 "sweep bad --shard" "$ttsim" sweep "$sc" --set capacity.max=5 --shard 4/3 -o "$work/bad.csv"
expect_exit 2 "sweep without -o" "$ttsim" sweep "$sc" --set capacity.max=5
# the habits of a Unix command: -qjN bundled, -oFILE, --NAME=VALUE, the
# scenario after the options, --; the same bytes as the spelled-out sweep
# shellcheck disable=SC2086
expect_exit 0 "sweep -qj2 -oFILE --set=..." "$ttsim" sweep -qj2 "-o$work/habits.csv" \
	--set=policies[0].TargetValue=50:80:10 --set=capacity.max=5,10 \
	--set instance.provisioning=2m,5m --pareto=cost,minutes_over_target -- "$sc"
same "$work/habits.csv" "$work/j1.csv" "sweep with bundled and attached options"
expect_exit 0 "merge --output=FILE" "$ttsim" merge --output="$work/merged-eq.csv" \
	"$work/shard1.csv" "$work/shard2.csv" "$work/shard3.csv"
same "$work/merged-eq.csv" "$work/j1.csv" "merge --output=FILE"
expect_exit 0 "merge -oFILE" "$ttsim" merge "$work/shard1.csv" "-o$work/merged-o.csv" \
	"$work/shard2.csv" "$work/shard3.csv"
same "$work/merged-o.csv" "$work/j1.csv" "merge -oFILE"
# standard input cannot be a sweep's scenario or a shard: said so, exit 2
expect_exit 2 "sweep -" "$ttsim" sweep - --set capacity.max=5 -o "$work/bad.csv" <"$sc"
expect_exit 2 "merge -" "$ttsim" merge - -o "$work/bad.csv" <"$work/shard1.csv"
if grep -qF "ttsim merge: error: shards are files: '-' (standard input) cannot be one" "$work/err"; then
	pass; else fail "merge -: message"; cat "$work/err"; fi
if [ -e "$work/bad.csv" ]; then fail "sweep - or merge - wrote $work/bad.csv"; else pass; fi
expect_exit 2 "sweep --jobs without a value" "$ttsim" sweep "$sc" --set capacity.max=5 -o "$work/bad.csv" -j
err_is "sweep -j" "ttsim sweep: error: option '-j' needs a value
(see 'ttsim sweep --help')"

# ---- a field of a Kubernetes manifest sweeps like any key ----
# hpa.behavior... changes the HPA manifest the scenario names as it is
# read: the 60 s row is the run of the manifest that says 60 s itself
hpa=$src/scenarios/compare
expect_exit 0 "sweep hpa.behavior" "$ttsim" sweep "$hpa/hpa-default.yaml" -q \
	-o "$work/hpa.csv" --set hpa.behavior.scaleDown.stabilizationWindowSeconds=60:600:60
if [ "$(wc -l <"$work/hpa.csv")" -eq 11 ]; then pass; else
	fail "sweep hpa.behavior: want 10 rows"; cat "$work/hpa.csv"; fi
expect_exit 0 "sweep of the 60 s manifest" "$ttsim" sweep "$hpa/hpa-scale-down-60s.yaml" -q \
	-o "$work/hpa60.csv" --set hpa.tolerance=0.1
sed -n 2p "$work/hpa.csv" | cut -d, -f2- >"$work/hpa-row60"
sed -n 2p "$work/hpa60.csv" | cut -d, -f2- >"$work/hpa60-row"
same "$work/hpa-row60" "$work/hpa60-row" "sweep hpa.behavior: the 60 s row"
if [ "$(sed -n 2p "$work/hpa.csv" | cut -d, -f2-)" != "$(sed -n 3p "$work/hpa.csv" | cut -d, -f2-)" ]; then
	pass; else fail "sweep hpa.behavior: 60 s and 120 s give the same figures"; fi
expect_exit 2 "sweep hpa.behavior out of range" "$ttsim" sweep "$hpa/hpa-default.yaml" -q \
	-o "$work/bad.csv" --set hpa.behavior.scaleDown.stabilizationWindowSeconds=3000:4000:1000
err_is "sweep hpa.behavior out of range" "--set 'hpa.behavior.scaleDown.stabilizationWindowSeconds=4000':1:51: error: spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600 (combination 2 of 2: hpa.behavior.scaleDown.stabilizationWindowSeconds=4000)"
if [ -e "$work/bad.csv" ]; then fail "sweep hpa.behavior out of range: wrote $work/bad.csv"; else pass; fi

expect_exit 0 "sweep --help" "$ttsim" sweep --help
expect_exit 0 "merge --help" "$ttsim" merge --help

cli_done
