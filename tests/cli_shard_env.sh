#!/bin/sh
# cli_shard_env.sh - the examples of docs/distributed.md and tools/slurm/,
# run with the environment each batch system gives its tasks, on this
# machine and without any batch system.
#
#   tests/cli_shard_env.sh path/to/ttsim
#
# - The Kubernetes Indexed Job, the AWS Batch job definitions and the
#   hand-written Slurm array script are read from docs/distributed.md as
#   they are; their command lines run once per index with the variables
#   that system sets (JOB_COMPLETION_INDEX; AWS_BATCH_JOB_ARRAY_INDEX;
#   SLURM_ARRAY_TASK_ID with _MIN, _MAX, _COUNT and _STEP), then their merge
#   command; the merged file is byte-identical to the unsharded sweep of
#   the same command line.  An index whose shard is written runs nothing
#   when the Job is applied again; an index past the count is refused.
# - tools/slurm/submit, with stand-ins for sbatch, squeue and scancel that
#   record what they are given: the exact sbatch command lines, what it
#   writes in DIR, --resume (only the missing shards, as a compressed
#   index list; refused while the array is queued; a merge that can never
#   start cancelled), --dry-run, and its usage errors.  The batch scripts
#   it submits, run as Slurm runs them, give a merged file byte-identical
#   to `ttsim sweep`; run outside an array, or with a shard missing, they
#   say so.
#
# tests/cli_slurm.sh runs the same scripts on a real Slurm cluster.
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
doc=$src/docs/distributed.md
mkdir -p "$work/bin" && ln -s "$ttsim" "$work/bin/ttsim" || exit 2

# err_has DESCRIPTION TEXT: stderr contains TEXT
err_has() {
	if grep -qF -- "$2" "$work/err"; then pass; else
		fail "$1: stderr lacks '$2'"; sed 's/^/  | /' "$work/err"; fi
}

# block MARKER: the fenced block right after <!-- MARKER --> in the doc
block() {
	sed -n "/^<!-- $1 -->\$/,/^\`\`\`\$/p" "$doc" | sed '1,2d;$d'
}

# json_command FILE: the shell command of a job definition's
# containerProperties.command, ["/bin/sh", "-c", COMMAND]
json_command() {
	python3 -c '
import json, sys
cmd = json.load(open(sys.argv[1]))["containerProperties"]["command"]
assert cmd[:2] == ["/bin/sh", "-c"], cmd
print(cmd[2])' "$1"
}

# yaml_command FILE: the shell command of a manifest's one-line
# `command: ["/bin/sh", "-c", COMMAND]` (a YAML flow sequence of
# double-quoted strings, which is JSON)
yaml_command() {
	python3 -c '
import json, re, sys
lines = [l for l in open(sys.argv[1]) if re.match(r"\s*command: \[", l)]
assert len(lines) == 1, lines
cmd = json.loads(lines[0].split("command:", 1)[1])
assert cmd[:2] == ["/bin/sh", "-c"], cmd
print(cmd[2])' "$1"
}

# unsharded COMMAND OUT: the `ttsim sweep` of COMMAND without its shard,
# writing to OUT: the sweep the shards must merge into
unsharded() {
	printf '%s\n' "$1" | sed -e 's/^.*\(ttsim sweep \)/\1/' -e 's/ --shard [^ ]*//' \
		-e 's/ --resume//' -e "s| -o .*\$| -o $2|"
}

# example NAME N VAR COMMAND MERGE: in $work/NAME (holding the scenarios),
# run COMMAND once per index 0..N-1 with VAR set to it, then MERGE, and
# compare with the unsharded sweep
example() {
	name=$1 n=$2 var=$3 cmd=$4 merge=$5
	dir=$work/$name
	mkdir -p "$dir" && ln -s "$src/scenarios" "$dir/scenarios"
	case $cmd in
	*"--shard auto/$n "*) pass ;;
	*) fail "$name: the command does not say --shard auto/$n: $cmd" ;;
	esac
	i=0
	while [ $i -lt "$n" ]; do
		(cd "$dir" && env "$var=$i" PATH="$work/bin:$PATH" /bin/sh -c "$cmd") >"$work/out" 2>"$work/err"
		st=$?
		if [ $st -eq 0 ]; then pass; else
			fail "$name: index $i: exit $st"; sed 's/^/  | /' "$work/err"; fi
		i=$((i + 1))
	done
	(cd "$dir" && PATH="$work/bin:$PATH" /bin/sh -c "$merge") >"$work/out" 2>"$work/err" ||
		fail "$name: the merge failed: $(cat "$work/err")"
	ref=$(unsharded "$cmd" "$work/$name.ref.csv")
	case $ref in
	*--shard* | *--resume*) fail "$name: no unsharded sweep made of: $cmd" ;;
	*) (cd "$dir" && PATH="$work/bin:$PATH" eval "$ref") >/dev/null 2>&1 ;;
	esac
	same "$dir/results.csv" "$work/$name.ref.csv" "$name: merged and unsharded"
	# applied again, an index whose shard is written runs nothing (a ttsim
	# that fails would show it)
	(cd "$dir" && env "$var=1" PATH="$work/failing:$PATH" /bin/sh -c "$cmd") >"$work/out" 2>"$work/err"
	st=$?
	if [ $st -eq 0 ]; then pass; else fail "$name: index 1 again, its shard written: exit $st"; fi
	# an index past the count (a Job with more completions than --shard
	# auto/N says) is refused, nothing written
	(cd "$dir" && env "$var=$n" PATH="$work/bin:$PATH" /bin/sh -c "$cmd") >"$work/out" 2>"$work/err"
	st=$?
	if [ $st -eq 2 ]; then pass; else fail "$name: index $n of $n: exit $st, want 2"; fi
	err_has "$name: index $n of $n" "$var=$n is not in 0..$((n - 1))"
	if [ -e "$dir/shards/shard-$n.csv" ] || [ -e "$dir/shards/shard-$n.csv.partial" ]; then
		fail "$name: index $n of $n wrote a shard or a journal"; else pass; fi
}

# a ttsim that fails, whatever it is asked
mkdir -p "$work/failing" && printf '#!/bin/sh\nexit 99\n' >"$work/failing/ttsim" && chmod +x "$work/failing/ttsim"

# ---- Kubernetes Indexed Job ----
block kubernetes-sweep >"$work/k8s-sweep.yaml"
block kubernetes-merge >"$work/k8s-merge.yaml"
n=$(sed -n 's/^  completions: \([0-9]*\).*/\1/p' "$work/k8s-sweep.yaml")
if grep -q '^  completionMode: Indexed$' "$work/k8s-sweep.yaml" && [ -n "$n" ] &&
	grep -q '^          workingDir: /sweep$' "$work/k8s-sweep.yaml"; then pass; else
	fail "docs: the Kubernetes Job is not Indexed, has no completions or no workingDir /sweep"; fi
example kubernetes "${n:-0}" JOB_COMPLETION_INDEX "$(yaml_command "$work/k8s-sweep.yaml")" \
	"$(yaml_command "$work/k8s-merge.yaml")"

# ---- AWS Batch array job ----
# The job definitions are JSON as register-job-definition reads it; the
# EFS volume mounted at /sweep is the test's directory.
block aws-batch-shard >"$work/aws-shard.json"
block aws-batch-merge >"$work/aws-merge.json"
n=$(block aws-batch-submit | sed -n 's/.*--array-properties size=\([0-9]*\).*/\1/p')
if [ -n "$n" ]; then pass; else fail "docs: no --array-properties size=N in the AWS Batch submission"; fi
# shellcheck disable=SC2016 # the text of the docs
if block aws-batch-submit | grep -q -- '--depends-on "jobId=$array"'; then pass; else
	fail "docs: the AWS Batch merge does not depend on the array"; fi
shard_cmd=$(json_command "$work/aws-shard.json" | sed "s|/sweep|$work/aws|g")
merge_cmd=$(json_command "$work/aws-merge.json" | sed "s|/sweep|$work/aws|g")
example aws "${n:-0}" AWS_BATCH_JOB_ARRAY_INDEX "$shard_cmd" "$merge_cmd"

# ---- Slurm, the hand-written array script ----
# Slurm numbers the tasks of --array=1-N from 1 and tells each the array's
# bounds; the script's shard is its own.
dir=$work/slurm
mkdir -p "$dir" && ln -s "$src/scenarios" "$dir/scenarios"
block slurm-array-example >"$dir/sweep.sbatch"
block slurm-array-submit >"$dir/submit.sh"
n=$(sed -n 's/^#SBATCH --array=1-\([0-9]*\)$/\1/p' "$dir/sweep.sbatch")
merge_cmd=$(sed -n "s/^ *--wrap '\\(.*\\)'\$/\\1/p" "$dir/submit.sh")
if [ -n "$n" ] && [ -n "$merge_cmd" ]; then pass; else
	fail "docs: no #SBATCH --array=1-N or no --wrap 'MERGE' in the Slurm example"; fi
mkdir -p "$dir/logs" "$dir/shards"
i=1
while [ $i -le "${n:-0}" ]; do
	(cd "$dir" && PATH="$work/bin:$PATH" SLURM_ARRAY_JOB_ID=41 SLURM_ARRAY_TASK_ID=$i \
		SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=$n SLURM_ARRAY_TASK_COUNT=$n \
		SLURM_ARRAY_TASK_STEP=1 sh sweep.sbatch) >"$work/out" 2>"$work/err"
	st=$?
	if [ $st -eq 0 ]; then pass; else fail "slurm script: task $i: exit $st"; sed 's/^/  | /' "$work/err"; fi
	i=$((i + 1))
done
(cd "$dir" && PATH="$work/bin:$PATH" /bin/sh -c "$merge_cmd") 2>"$work/err" ||
	fail "slurm script: the merge failed: $(cat "$work/err")"
# the script's ttsim command, its continuation lines joined
cmd=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dir/sweep.sbatch" | grep '^exec ttsim sweep')
ref=$(unsharded "$cmd" "$work/slurm.ref.csv")
(cd "$dir" && PATH="$work/bin:$PATH" eval "$ref") >/dev/null 2>&1
same "$dir/results.csv" "$work/slurm.ref.csv" "slurm script: merged and unsharded"
# task 5 of a 4-task array cannot be
(cd "$dir" && PATH="$work/bin:$PATH" SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=1 \
	SLURM_ARRAY_TASK_COUNT=4 expect_exit 2 "slurm script: task 5 of 4" sh sweep.sbatch)

# ---- tools/slurm/submit, with stand-ins for Slurm's commands ----
# sbatch writes its arguments one a line to $stub/sbatch.N and answers
# as --parsable does (job id 100+N, then the cluster); squeue prints
# $stub/queue; scancel writes its arguments to $stub/scancel.
stub=$work/stub
mkdir -p "$stub/bin"
cat >"$stub/bin/sbatch" <<'EOF'
#!/bin/sh
n=$(($(cat "$STUB/count" 2>/dev/null || echo 0) + 1))
echo $n >"$STUB/count"
printf '%s\n' "$@" >"$STUB/sbatch.$n"
echo "$((100 + n));ttsimtest"
EOF
cat >"$stub/bin/squeue" <<'EOF'
#!/bin/sh
if [ -f "$STUB/queue" ]; then cat "$STUB/queue"; fi
EOF
cat >"$stub/bin/scancel" <<'EOF'
#!/bin/sh
echo "$@" >>"$STUB/scancel"
EOF
chmod +x "$stub/bin/"*
# with_stubs CMD...: CMD with the stand-ins first on PATH
with_stubs() { STUB=$stub PATH="$stub/bin:$PATH" "$@"; }
submit=$src/tools/slurm/submit
sc=$src/tests/data/sweep/inline.yaml
d=$work/sweep1

with_stubs expect_exit 0 "submit" "$submit" -n 3 -d "$d" --ttsim "$ttsim" "$sc" \
	--set 'policies[0].TargetValue=50:80:10' --set 'instance.provisioning=2m,{dist: uniform, min: 1m, max: 3m}' \
	--pareto cost,minutes_over_target -c 2 --max-running 2 --sbatch=--partition=short --sbatch "--comment=it's"
printf '%s\n' "--array=1-3%2" "--chdir=$d" "--output=$d/logs/shard-%a.log" "--cpus-per-task=2" \
	"--partition=short" "--comment=it's" "$src/tools/slurm/shard.sbatch" "$ttsim" "$sc" 3 "$d" \
	--set 'policies[0].TargetValue=50:80:10' --set 'instance.provisioning=2m,{dist: uniform, min: 1m, max: 3m}' \
	--pareto cost,minutes_over_target >"$work/want.1"
printf '%s\n' "--parsable" >"$work/want.parsable"
cat "$work/want.parsable" "$work/want.1" >"$work/want.array"
same "$stub/sbatch.1" "$work/want.array" "submit: the array's sbatch arguments"
printf '%s\n' --parsable "--dependency=afterok:101" "--kill-on-invalid-dep=yes" "--chdir=$d" \
	"--output=$d/logs/merge.log" "--partition=short" "--comment=it's" \
	"$src/tools/slurm/merge.sbatch" "$ttsim" 3 "$d" >"$work/want.merge"
same "$stub/sbatch.2" "$work/want.merge" "submit: the merge's sbatch arguments"
echo "101 102 1-3" >"$work/want.jobs"
same "$d/jobs" "$work/want.jobs" "submit: DIR/jobs"
contains "$work/out" "tools/slurm/submit: array job 101: shard(s) 1-3 of 3 (logs: $d/logs/shard-I.log)"
contains "$work/out" "tools/slurm/submit: merge job 102: $d/results.csv once every shard is written (log: $d/logs/merge.log)"
if [ -d "$d/logs" ]; then pass; else fail "submit: no $d/logs for the logs"; fi

# The jobs as Slurm runs them: the batch script with the arguments sbatch
# was given, in DIR, with the task's variables.
script_args=$(sed -n '/shard\.sbatch$/,$p' "$stub/sbatch.1" | sed 1d)
# args_of: the arguments of shard.sbatch as positional parameters
old_ifs=$IFS
IFS='
'
# shellcheck disable=SC2086 # one argument a line
set -- $script_args
IFS=$old_ifs
for i in 1 2 3; do
	SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=2 expect_exit 0 "shard.sbatch task $i" \
		sh "$src/tools/slurm/shard.sbatch" "$@"
	contains "$work/out" "shard.sbatch: shard $i/3, attempt 1"
	contains "$work/out" "on 2 threads"
done
expect_exit 0 "merge.sbatch" sh "$src/tools/slurm/merge.sbatch" "$ttsim" 3 "$d"
contains "$work/out" "merge.sbatch: wrote $d/results.csv"
expect_exit 0 "the same sweep here" "$ttsim" sweep "$sc" \
	--set 'policies[0].TargetValue=50:80:10' --set 'instance.provisioning=2m,{dist: uniform, min: 1m, max: 3m}' \
	--pareto cost,minutes_over_target -q -o "$work/sweep1.ref.csv"
same "$d/results.csv" "$work/sweep1.ref.csv" "tools/slurm: merged and unsharded"
# a shard written already is left as it is
SLURM_ARRAY_TASK_ID=2 expect_exit 0 "shard.sbatch, shard written" sh "$src/tools/slurm/shard.sbatch" "$ttsim" "$sc" 3 "$d"
contains "$work/out" "shard.sbatch: $d/shards/shard-2.csv is already written: nothing to do"

# --resume: nothing to do; then with shards 1 and 3 missing (3 with a
# journal): an array of 1,3 and a merge after it, the first options kept
with_stubs expect_exit 0 "submit --resume, merged" "$submit" --resume "$d"
contains "$work/out" "results.csv' is already written: nothing to do"
rm "$d/results.csv" "$d/shards/shard-1.csv" "$d/shards/shard-3.csv"
printf '# ttsim sweep journal 3/3 grid=0 combinations=8 keys=2\n1,x\n' >"$d/shards/shard-3.csv.partial"
with_stubs expect_exit 0 "submit --resume" "$submit" --resume "$d" --sbatch=--time=10
contains "$work/out" "shard 3/3: its journal keeps 1 finished combination(s)"
contains "$work/out" "array job 103: shard(s) 1,3 of 3"
sed -e 's/^--array=1-3%2$/--array=1,3%2/' -e 's/^--comment=it.s$/&\n--time=10/' "$work/want.1" |
	cat "$work/want.parsable" - >"$work/want.array"
same "$stub/sbatch.3" "$work/want.array" "submit --resume: the array's sbatch arguments"
if grep -qx -- "--dependency=afterok:103" "$stub/sbatch.4" && grep -qx -- "--time=10" "$stub/sbatch.4"; then
	pass; else fail "submit --resume: the merge"; sed 's/^/  | /' "$stub/sbatch.4"; fi
printf '101 102 1-3\n103 104 1,3\n' >"$work/want.jobs"
same "$d/jobs" "$work/want.jobs" "submit --resume: DIR/jobs"
# refused while a task of the sweep is queued
echo "103 103_3 RUNNING None" >"$stub/queue"
with_stubs expect_exit 1 "submit --resume, array queued" "$submit" --resume "$d"
err_has "submit --resume, array queued" "error: array job 103 (103_3 is RUNNING) of this sweep is not finished"
# a merge that can never start is cancelled and replaced
echo "104 104 PENDING DependencyNeverSatisfied" >"$stub/queue"
rm -f "$d/shards/shard-3.csv.partial"
with_stubs expect_exit 0 "submit --resume, merge never satisfied" "$submit" --resume "$d"
contains "$work/out" "merge job 104 could never start (a task it waited for failed): cancelled"
echo 104 >"$work/want.scancel"
same "$stub/scancel" "$work/want.scancel" "submit --resume: scancel of the stuck merge"
contains "$work/out" "array job 105: shard(s) 1,3 of 3"
echo "104 104 RUNNING None" >"$stub/queue"
with_stubs expect_exit 1 "submit --resume, merge running" "$submit" --resume "$d"
err_has "submit --resume, merge running" "error: merge job 104 of this sweep is RUNNING: wait for it"
rm -f "$stub/queue"
# every shard written: only the merge
for i in 1 3; do
	SLURM_ARRAY_TASK_ID=$i sh "$src/tools/slurm/shard.sbatch" "$@" >/dev/null 2>&1
done
with_stubs expect_exit 0 "submit --resume, shards written" "$submit" --resume "$d"
contains "$work/out" "every shard is written; merge job 107: $d/results.csv"
if grep -q -- '--dependency' "$stub/sbatch.7"; then fail "submit --resume: a merge with nothing to wait for depends"; else pass; fi

# ---- submit: --dry-run, refusals, usage ----
with_stubs expect_exit 0 "submit --dry-run" "$submit" --dry-run -n4 -d "$work/dry" --ttsim "$ttsim" "$sc" --set capacity.max=5,6
cat >"$work/want.dry" <<EOF
sbatch --array=1-4 --chdir=$work/dry --output=$work/dry/logs/shard-%a.log $src/tools/slurm/shard.sbatch $ttsim $sc 4 $work/dry --set capacity.max=5,6
sbatch --dependency=afterok:ARRAY_JOB_ID --kill-on-invalid-dep=yes --chdir=$work/dry --output=$work/dry/logs/merge.log $src/tools/slurm/merge.sbatch $ttsim 4 $work/dry
EOF
same "$work/out" "$work/want.dry" "submit --dry-run: the commands"
if [ -e "$work/dry" ]; then fail "submit --dry-run wrote $work/dry"; else pass; fi
if [ -e "$stub/sbatch.8" ]; then fail "submit --dry-run ran sbatch"; else pass; fi
with_stubs expect_exit 2 "submit into a sweep's directory" "$submit" -n 2 -d "$d" --ttsim "$ttsim" "$sc"
err_has "submit into a sweep's directory" "already holds a sweep: 'tools/slurm/submit --resume $d' finishes it"
printf 'name: x\ncapacity: {min: 5, max: 3}\n' >"$work/bad.yaml"
with_stubs expect_exit 2 "submit a bad scenario" "$submit" -n 2 -d "$work/badsweep" --ttsim "$ttsim" "$work/bad.yaml"
err_has "submit a bad scenario" "error: the scenario does not validate: nothing submitted"
if [ -e "$work/badsweep" ]; then fail "submit a bad scenario: wrote $work/badsweep"; else pass; fi
with_stubs expect_exit 2 "submit --resume, no sweep" "$submit" --resume "$work"
err_has "submit --resume, no sweep" "error: '$work' holds no sweep submitted by tools/slurm/submit"
# usage errors: a message, the pointer to --help, exit 2
usage_is() {
	what=$1
	shift
	with_stubs expect_exit 2 "$what" "$submit" "$@"
	if [ "$(sed -n 2p "$work/err")" = "(see 'tools/slurm/submit --help')" ]; then pass; else
		fail "$what: no pointer to --help"; sed 's/^/  | /' "$work/err"; fi
}
usage_is "submit without -n" -d "$work/u" "$sc"
err_has "submit without -n" "error: give the number of array tasks: -n TASKS"
usage_is "submit -n 0" -n 0 -d "$work/u" "$sc"
err_has "submit -n 0" "error: TASKS must be a whole number >= 1, got '0'"
usage_is "submit without -d" -n 2 "$sc"
usage_is "submit without a scenario" -n 2 -d "$work/u"
usage_is "submit two scenarios" -n 2 -d "$work/u" "$sc" "$sc"
usage_is "submit unknown option" -n 2 -d "$work/u" --jobs 3 "$sc"
err_has "submit unknown option" "error: unknown option '--jobs'"
usage_is "submit --resume with -n" --resume "$d" -n 3
usage_is "submit --sbatch without a value" -n 2 -d "$work/u" "$sc" --sbatch
err_has "submit --sbatch without a value" "error: option '--sbatch' needs a value"
# a PATH with what the script needs, and no sbatch
mkdir -p "$work/nosbatch"
for c in dirname sed awk cat mkdir; do ln -s "$(command -v $c)" "$work/nosbatch/$c"; done
PATH=$work/nosbatch expect_exit 2 "submit without sbatch" /bin/sh "$submit" -n 2 -d "$work/u" "$sc"
err_has "submit without sbatch" "error: sbatch is not on PATH"
expect_exit 0 "submit --help" "$submit" --help
contains "$work/out" "usage: tools/slurm/submit -n TASKS -d DIR"

# ---- the batch scripts: outside an array, a shard missing ----
expect_exit 2 "shard.sbatch outside an array" env -u SLURM_ARRAY_TASK_ID sh "$src/tools/slurm/shard.sbatch" "$ttsim" "$sc" 3 "$work/x"
err_has "shard.sbatch outside an array" "error: not a task of a job array (SLURM_ARRAY_TASK_ID is ''): submit with sbatch --array=1-3"
SLURM_ARRAY_TASK_ID=4 expect_exit 2 "shard.sbatch task 4 of 3" sh "$src/tools/slurm/shard.sbatch" "$ttsim" "$sc" 3 "$work/x"
err_has "shard.sbatch task 4 of 3" "error: array task 4 is not a shard of 1-3"
expect_exit 2 "shard.sbatch without arguments" sh "$src/tools/slurm/shard.sbatch"
rm "$d/shards/shard-2.csv"
expect_exit 1 "merge.sbatch, a shard missing" sh "$src/tools/slurm/merge.sbatch" "$ttsim" 3 "$d"
err_has "merge.sbatch, a shard missing" "error: no shard file for shard(s) 2 of 3 in '$d/shards': run 'tools/slurm/submit --resume $d' to run them again"

# the scripts are POSIX sh
for f in submit shard.sbatch merge.sbatch; do
	expect_exit 0 "sh -n tools/slurm/$f" sh -n "$src/tools/slurm/$f"
done

cli_done
