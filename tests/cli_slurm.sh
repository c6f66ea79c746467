#!/bin/sh
# cli_slurm.sh - tools/slurm/ on a real Slurm cluster of one node.
#
#   tests/cli_slurm.sh path/to/ttsim
#
# Starts MUNGE and Slurm (slurmctld, slurmd) from Debian's packages by hand,
# as root, in a private directory with a generated key, a generated
# slurm.conf and free ports, so it cannot meet another Slurm; stops them and
# every job they ran when it ends, however it ends.  Then, with a request-
# mode sweep of 12 combinations (about a second each) submitted by
# tools/slurm/submit -n 4 as a 4-task array and a merge job after it
# (afterok), each time checking that results.csv is byte-identical to
# `ttsim sweep --jobs 2` run here:
#
# - untouched; the wall times of both are printed;
# - a task requeued while it runs (scontrol requeue, what preemption
#   does), its journal holding finished rows: it runs again, reuses them,
#   and the merge job that was waiting merges;
# - a task cancelled (scancel) in the middle of its shard and requeued at
#   once, which finishes its shard from its journal, and another cancelled
#   and left: the array's afterok has failed, Slurm cancels the merge once
#   the array has ended, and tools/slurm/submit --resume (refused while the
#   array runs) submits only the missing shard, which reuses its journal,
#   and a new merge;
# - the hand-written array script of docs/distributed.md and its sbatch
#   commands, as they are: the shards are those of the same script run
#   with the variables Slurm sets (which cli_shard_env.sh merges into the
#   unsharded sweep).
#
# Skipped (exit 77, the reason on standard output) when not root, when
# Slurm or MUNGE is not installed (tools/setup --slurm installs them) or
# when the daemons do not start; TTSIM_REQUIRE_SLURM=1 (CI) makes those
# failures instead.
# shellcheck disable=SC2317 # functions run by wait_for and by the trap
set -u

# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
PATH=$PATH:/usr/sbin:/sbin
submit=$src/tools/slurm/submit
sc=$src/tests/data/slurm/request.yaml
grid="--set policies[0].TargetValue=2000:3500:500 --set instance.provisioning=1m,3m,5m"

# skip REASON: not a failure of ttsim: Slurm cannot run here
skip() {
	if [ "${TTSIM_REQUIRE_SLURM:-}" = 1 ]; then
		echo "FAIL: $cli_name: $1 (TTSIM_REQUIRE_SLURM=1)"
		exit 1
	fi
	echo "$cli_name: skipped: $1"
	exit 77
}

[ "$(id -u)" -eq 0 ] || skip "not root: the test runs its own Slurm daemons as root"
for c in munged slurmctld slurmd sbatch scontrol squeue scancel; do
	command -v "$c" >/dev/null 2>&1 ||
		skip "'$c' is not installed: tools/setup --slurm installs Slurm and MUNGE (slurm-wlm, munge)"
done

# ---- the cluster: private key, configuration, ports and state ----
cl=$work/cluster
conf=$cl/slurm.conf
mkdir -p "$cl/state" "$cl/spool" "$cl/munge" && chmod 700 "$cl/munge" || exit 2
dd if=/dev/urandom of="$cl/munge/munge.key" bs=1024 count=1 2>/dev/null && chmod 400 "$cl/munge/munge.key" || exit 2
# two ports nothing listens on
# shellcheck disable=SC2046 # two words
set -- $(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
ctld_port=$1 slurmd_port=$2
# The controller must be this host by name; the node is named here and
# given -N.  cred_expire is also how long a requeued job waits before it
# may start again (120 s by default): 5 s keeps the test short.
cat >"$conf" <<EOF
ClusterName=ttsimtest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$cl/munge/socket,cred_expire=5
StateSaveLocation=$cl/state
SlurmdSpoolDir=$cl/spool
SlurmctldPidFile=$cl/slurmctld.pid
SlurmdPidFile=$cl/slurmd.pid
SlurmctldLogFile=$cl/slurmctld.log
SlurmdLogFile=$cl/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
KillWait=5
SlurmdParameters=config_overrides
NodeName=ttsimnode NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=ttsim Nodes=ttsimnode Default=YES MaxTime=INFINITE State=UP
EOF

# sl CMD...: a Slurm command of this cluster.  SLURM_CONF is given to each
# command rather than exported, so that the processes of this cluster (the
# daemons, the jobs, whose environment is sbatch's) are exactly those with
# it in their environment: cli_at_exit stops them by that.
sl() { SLURM_CONF=$conf "$@"; }

# ours: the processes with this cluster's SLURM_CONF in their environment
ours() {
	for p in /proc/[0-9]*; do
		if { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$conf"; then
			echo "${p#/proc/}"
		fi
	done
}

munged_pid='' ctld_pid='' slurmd_pid=''
# Stopped by a signal (Ctrl-C, meson's timeout), the script exits, so
# that cli_lib.sh's exit trap stops the daemons and the jobs.
trap 'exit 130' INT
trap 'exit 143' TERM
cli_at_exit() {
	if [ "$failed" -gt 0 ] && [ -f "$cl/slurmctld.log" ]; then
		echo "$cli_name: the end of slurmctld.log:"
		tail -n 40 "$cl/slurmctld.log" | sed 's/^/  | /'
	fi
	if [ -n "$ctld_pid" ]; then
		sl scancel --me --quiet 2>/dev/null
		i=0
		while [ "$i" -lt 100 ] && [ -n "$(sl squeue -h -o %i 2>/dev/null)" ]; do
			sleep 0.2
			i=$((i + 1))
		done
	fi
	# the daemons, then whatever a job left
	for pid in $slurmd_pid $ctld_pid; do kill "$pid" 2>/dev/null; done
	for pid in $slurmd_pid $ctld_pid; do
		i=0
		while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do
			sleep 0.2
			i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null
	done
	for pid in $(ours); do kill -9 "$pid" 2>/dev/null; done
	if [ -n "$munged_pid" ]; then
		kill "$munged_pid" 2>/dev/null
		i=0
		while kill -0 "$munged_pid" 2>/dev/null && [ "$i" -lt 50 ]; do
			sleep 0.2
			i=$((i + 1))
		done
		kill -9 "$munged_pid" 2>/dev/null
	fi
}

# now: seconds since the epoch, to the millisecond
now() { date +%s.%N | cut -c1-14; }
# since T0: seconds from T0 to now, one decimal
since() { echo "$(now) $1" | awk '{ printf "%.1f", $1 - $2 }'; }

# wait_for SECONDS CMD...: poll every 0.1 s until CMD succeeds; 1 if it
# did not within SECONDS
wait_for() {
	limit=$(($1 * 10))
	shift
	i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -le "$limit" ] || return 1
		sleep 0.1
	done
}

munged --force -F --socket="$cl/munge/socket" --key-file="$cl/munge/munge.key" \
	--pid-file="$cl/munge/munged.pid" --seed-file="$cl/munge/seed" \
	</dev/null >"$cl/munged.log" 2>&1 &
munged_pid=$!
wait_for 10 test -S "$cl/munge/socket" || skip "munged did not start: $(tail -n 3 "$cl/munged.log")"
SLURM_CONF=$conf slurmctld -D -f "$conf" </dev/null >"$cl/slurmctld.out" 2>&1 &
ctld_pid=$!
SLURM_CONF=$conf slurmd -D -N ttsimnode -f "$conf" </dev/null >"$cl/slurmd.out" 2>&1 &
slurmd_pid=$!
node_idle() { [ "$(sl sinfo -h -n ttsimnode -o %T 2>/dev/null)" = idle ]; }
# idle_or_dead: the node is idle, or a daemon has exited (no use waiting)
idle_or_dead() {
	node_idle || ! kill -0 "$ctld_pid" 2>/dev/null || ! kill -0 "$slurmd_pid" 2>/dev/null
}
wait_for 60 idle_or_dead
if ! node_idle; then
	tail -n 5 "$cl/slurmctld.log" "$cl/slurmd.log" "$cl/slurmctld.out" "$cl/slurmd.out" 2>/dev/null
	skip "the Slurm daemons did not start (node ttsimnode not idle, or a daemon exited; their logs above)"
fi
pass

# ---- the jobs ----
# job_state JOB: its JobState (COMPLETED, CANCELLED, PENDING, ...)
job_state() {
	sl scontrol show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p' | head -1
}
# queued JOB: a task or job of JOB is pending or running
queued() { [ -n "$(sl squeue -h -r -j "$1" -o %i 2>/dev/null)" ]; }
# ended JOB: nothing of JOB is pending or running
ended() { ! queued "$1"; }
# rows FILE: the finished combinations in a journal (0 when there is none)
rows() {
	if [ -f "$1" ]; then echo $(($(wc -l <"$1") - 1)); else echo 0; fi
}
# has_rows FILE N: the journal FILE holds at least N finished combinations
has_rows() { [ "$(rows "$1")" -ge "$2" ]; }
# pending JOB_TASK: the task waits in the queue
pending() { [ "$(job_state "$1")" = PENDING ]; }
# jobs_of DIR: the array and merge job of DIR's last submission
jobs_of() { tail -n 1 "$1/jobs" | cut -d' ' -f1-2; }

# sweep_on DIR: submit the test sweep into DIR; sets $array and $merge
sweep_on() {
	# shellcheck disable=SC2086 # $grid is words on purpose
	sl expect_exit 0 "submit to $1" "$submit" -n 4 -d "$1" --ttsim "$ttsim" "$sc" $grid
	if [ -f "$1/jobs" ]; then
		# shellcheck disable=SC2046 # two words
		set -- $(jobs_of "$1")
		array=$1 merge=$2
	else
		fail "submit to $1: no jobs recorded"; sed 's/^/  | /' "$work/out" "$work/err"
		cli_done
	fi
}

# finished DIR WHAT: the sweep in DIR ended with its merge job completed
# and results.csv byte-identical to the local sweep
finished() {
	if wait_for 240 ended "$merge"; then pass; else
		fail "$2: merge job $merge still $(job_state "$merge") after 240 s"; fi
	st=$(job_state "$merge")
	if [ "$st" = COMPLETED ]; then pass; else
		fail "$2: merge job $merge is $st"
		tail -n 5 "$1"/logs/*.log | sed 's/^/  | /'
	fi
	same "$1/results.csv" "$work/local.csv" "$2: merged results and the local sweep"
	left=$(find "$1/shards" -name '*.partial' | head -1)
	if [ -z "$left" ]; then pass; else fail "$2: journal $left left behind"; fi
}

# mid_shard DIR I: wait until task I of $array has a journal of at least
# one finished row (and is still running: its shard is not written)
mid_shard() {
	journal=$1/shards/shard-$2.csv.partial
	if wait_for 120 has_rows "$journal" 1; then pass; else
		fail "task $2 of $array: no journal row within 120 s ($(job_state "${array}_$2"))"; fi
}

# settled JOB_TASK: the task is neither running nor ending (it has
# ended, or waits in the queue again), so its processes are gone
settled() {
	st=$(sl squeue -h -j "$1" -o %T 2>/dev/null)
	case $st in RUNNING | COMPLETING | CONFIGURING) return 1 ;; esac
}

# stopped DIR I: task I of $array has stopped with its shard unfinished;
# $kept is the rows its journal keeps
stopped() {
	wait_for 30 settled "${array}_$2" || fail "task $2 of $array still running after it was stopped"
	kept=$(rows "$1/shards/shard-$2.csv.partial")
	if [ ! -e "$1/shards/shard-$2.csv" ] && [ "$kept" -ge 1 ] && [ "$kept" -lt 3 ]; then pass; else
		fail "task $2 of $array was not stopped mid-shard: journal $kept rows, shards: $(ls "$1/shards")"; fi
}

# resumed LOG K: the shard of LOG ran twice (requeued: attempt 2 of the
# same job; resubmitted: a new job), the second time reusing the K rows of
# its journal
resumed() {
	if [ "$(grep -c '^shard.sbatch: shard ' "$1")" -eq 2 ]; then pass; else
		fail "$1: want two runs of the shard"; sed 's/^/  | /' "$1"; fi
	contains "$1" "combinations ($2 from the journal)"
}

# ---- the reference: the same sweep on this machine ----
t0=$(now)
# shellcheck disable=SC2086
expect_exit 0 "local sweep --jobs 2" "$ttsim" sweep "$sc" $grid --jobs 2 -q -o "$work/local.csv"
local_s=$(since "$t0")
if [ "$(wc -l <"$work/local.csv")" -eq 13 ]; then pass; else
	fail "local sweep: want a header and 12 rows, got $(wc -l <"$work/local.csv") lines"; fi

# ---- one sweep, untouched ----
t0=$(now)
sweep_on "$work/clean"
finished "$work/clean" "4-task array"
slurm_s=$(since "$t0")
echo "$cli_name: the test sweep (12 combinations): ttsim sweep --jobs 2 ${local_s} s; one node, 4-task array and merge ${slurm_s} s"
for i in 1 2 3 4; do
	contains "$work/clean/logs/shard-$i.log" "shard.sbatch: shard $i/4, attempt 1"
	contains "$work/clean/logs/shard-$i.log" "3 combinations (shard $i/4 of 12)"
done
contains "$work/clean/logs/merge.log" "merge.sbatch: wrote $work/clean/results.csv"

# ---- a running task requeued, as preemption does ----
# Slurm stops the task and queues it again; the merge job goes on waiting.
sweep_on "$work/preempt"
mid_shard "$work/preempt" 1
expect_exit 0 "scontrol requeue of a running task" sl scontrol requeue "${array}_1"
stopped "$work/preempt" 1
finished "$work/preempt" "requeued running task"
resumed "$work/preempt/logs/shard-1.log" "$kept"
contains "$work/preempt/logs/shard-1.log" "shard 1/4, attempt 2,"

# ---- tasks cancelled mid-shard: requeued, resubmitted ----
# Task 2 is cancelled and requeued at once: it finishes its shard from its
# journal.  Task 3 is cancelled and left.  Either cancellation fails the
# array's afterok for good (Slurm does not run a job whose dependency
# failed, even after a requeue): once the array has ended Slurm cancels
# the merge (--kill-on-invalid-dep=yes), and submit --resume submits shard
# 3 again, from its journal, and a new merge.
sweep_on "$work/cancel"
first_merge=$merge
# not while the array runs: its tasks would write the same files
sl expect_exit 1 "submit --resume while the array runs" "$submit" --resume "$work/cancel"
contains "$work/err" "error: array job $array ("
contains "$work/err" ") of this sweep is not finished"
mid_shard "$work/cancel" 2
sl scancel "${array}_2"
stopped "$work/cancel" 2
kept2=$kept
st=$(job_state "${array}_2")
if [ "$st" = CANCELLED ]; then pass; else fail "scancel: task 2 is $st"; fi
expect_exit 0 "scontrol requeue of a cancelled task" sl scontrol requeue "${array}_2"
mid_shard "$work/cancel" 3
sl scancel "${array}_3"
stopped "$work/cancel" 3
kept3=$kept
wait_for 240 ended "$array" || fail "array $array still running after 240 s"
wait_for 30 ended "$first_merge"
st=$(job_state "$first_merge")
if [ "$st" = CANCELLED ]; then pass; else fail "merge job after a cancelled task: $st, want CANCELLED"; fi
if [ ! -e "$work/cancel/results.csv" ]; then pass; else fail "a merge ran with a shard missing"; fi
if [ -e "$work/cancel/shards/shard-2.csv" ]; then pass; else fail "the requeued task 2 did not write its shard"; fi
resumed "$work/cancel/logs/shard-2.log" "$kept2"
sl expect_exit 0 "submit --resume" "$submit" --resume "$work/cancel"
contains "$work/out" "shard 3/4: its journal keeps $kept3 finished combination(s)"
contains "$work/out" "shard(s) 3 of 4"
# shellcheck disable=SC2046 # two words
set -- $(jobs_of "$work/cancel")
array=$1 merge=$2
finished "$work/cancel" "resubmitted shard"
resumed "$work/cancel/logs/shard-3.log" "$kept3"
for i in 1 4; do
	if [ "$(grep -c 'shard.sbatch: shard' "$work/cancel/logs/shard-$i.log")" -eq 1 ]; then pass; else
		fail "submit --resume ran shard $i again"; fi
done
sl expect_exit 0 "submit --resume, all done" "$submit" --resume "$work/cancel"
contains "$work/out" "results.csv' is already written: nothing to do"

# ---- the hand-written script of docs/distributed.md ----
# block MARKER: the fenced block after <!-- MARKER --> in docs/distributed.md
block() {
	sed -n "/^<!-- $1 -->\$/,/^\`\`\`\$/p" "$src/docs/distributed.md" | sed '1,2d;$d'
}
# in DIR: a directory like the docs': the scenarios, ttsim on PATH
mkdir -p "$work/bin" && ln -s "$ttsim" "$work/bin/ttsim"
for d in hand hand-env; do
	mkdir -p "$work/$d" && ln -s "$src/scenarios" "$work/$d/scenarios"
	block slurm-array-example >"$work/$d/sweep.sbatch"
done
block slurm-array-submit >"$work/hand/submit.sh"
if grep -q -- '--shard auto ' "$work/hand/sweep.sbatch" && grep -q afterok "$work/hand/submit.sh"; then pass; else
	fail "docs/distributed.md: no array script or submission after the slurm-array-* markers"; fi
tasks=$(sed -n 's/^#SBATCH --array=1-\([0-9]*\)$/\1/p' "$work/hand/sweep.sbatch")
(cd "$work/hand" && PATH=$work/bin:$PATH SLURM_CONF=$conf expect_exit 0 "the docs' sbatch commands" sh -e submit.sh)
queue_empty() { [ -z "$(sl squeue -h -o %i 2>/dev/null)" ]; }
wait_for 120 queue_empty || fail "the docs' jobs still queued after 120 s"
# The same script as each task, with the variables Slurm gave them: the
# same shards (cli_shard_env.sh shows those merge into the unsharded sweep).
i=1
while [ $i -le "${tasks:-0}" ]; do
	(cd "$work/hand-env" && mkdir -p shards && PATH=$work/bin:$PATH SLURM_ARRAY_TASK_ID=$i \
		SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=$tasks SLURM_ARRAY_TASK_COUNT=$tasks \
		SLURM_ARRAY_TASK_STEP=1 sh sweep.sbatch >/dev/null 2>&1)
	same "$work/hand/shards/shard-$i.csv" "$work/hand-env/shards/shard-$i.csv" \
		"the docs' script: shard $i under Slurm and with its variables"
	i=$((i + 1))
done
"$ttsim" merge "$work/hand-env"/shards/shard-*.csv -o "$work/hand-env/results.csv"
same "$work/hand/results.csv" "$work/hand-env/results.csv" "the docs' script: merged under Slurm"

cli_done
