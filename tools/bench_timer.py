#!/usr/bin/env python3
"""tools/bench_timer.py ROUNDS CMD... [-- CMD...]: wall time of commands.

Runs the commands in turn, ROUNDS times (so a minute when the machine is
slower weighs on each alike), and prints for each, in order, its median
and its fastest time in microseconds: "MEDIAN FASTEST".  Each run is
timed from just before the process is started (posix_spawn, which does
not copy this interpreter) to just after it is waited for; a shell's
$(date) before and after would count two more processes, some 8 ms on
the virtual machine of docs/performance.md.  Output and errors of the
commands are discarded; a command that fails stops the timer with its
status.
"""
import os
import sys
import time


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.exit("usage: bench_timer.py ROUNDS CMD... [-- CMD...]")
    rounds = int(argv[1])
    cmds, cur = [], []
    for a in argv[2:]:
        if a == "--":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    if any(not c for c in cmds):
        sys.exit("bench_timer.py: an empty command")
    null = os.open(os.devnull, os.O_WRONLY)
    acts = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
    times = [[] for _ in cmds]
    for _ in range(rounds):
        for k, c in enumerate(cmds):
            t0 = time.perf_counter_ns()
            pid = os.posix_spawnp(c[0], c, os.environ, file_actions=acts)
            _, status = os.waitpid(pid, 0)
            t1 = time.perf_counter_ns()
            code = os.waitstatus_to_exitcode(status)
            if code:
                sys.exit(f"bench_timer.py: {' '.join(c)}: exit {code}")
            times[k].append((t1 - t0) // 1000)
    for t in times:
        t.sort()
        print(t[(len(t) - 1) // 2], t[0])


if __name__ == "__main__":
    main(sys.argv)
