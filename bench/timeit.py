#!/usr/bin/env python3
"""Runs one command and appends "wall_s user_s sys_s maxrss_kb" to a file, like GNU time -f "%e %U %S %M" -a -o OUT
but with microsecond resolution (GNU time rounds wall time to 10 ms, too coarse for a 30 ms jdupes run).
Standard output and error of the command are discarded.

    bench/timeit.py OUT cmd [args...]
"""
import os, subprocess, sys, time

out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
with open(out, "a") as f:
    f.write(f"{wall:.4f} {usage.ru_utime:.4f} {usage.ru_stime:.4f} {usage.ru_maxrss}\n")
sys.exit(os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0 else 1)
