"""Peak memory of a command and every process it starts (a process pool included).

`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` (or `/usr/bin/time -v`) only gives the
largest *single* process; a check that runs a parent and two workers holds all three at once.
So the process tree is sampled from /proc while the command runs:

- RSS summed over the tree: what `top` would add up (shared pages counted in each process);
- PSS summed over the tree: shared pages split between their users (closest to real use);
- the largest single process, from the command's rusage (`os.wait4`), as `time -v` reports it.
"""

from __future__ import annotations

import os
import subprocess
import time
from typing import Any


def peak_memory(
    command: list[str], env: dict[str, str] | None, cwd: str | None = None, interval: float = 0.02
) -> dict[str, Any]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak_rss = peak_pss = 0
    seen: set[int] = set()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree = process_tree(process.pid)
        seen.update(tree)
        peak_rss = max(peak_rss, sum(_kilobytes(p, "status", "VmRSS:") for p in tree))
        peak_pss = max(peak_pss, sum(_kilobytes(p, "smaps_rollup", "Pss:") for p in tree))
        time.sleep(interval)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "tree_rss_mb": peak_rss / 1024,
        "tree_pss_mb": peak_pss / 1024,
        "max_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "processes": len(seen),
        "seconds": time.perf_counter() - start,
        "exit": process.returncode,
    }


def process_tree(root: int) -> list[int]:
    """`root` and its descendants, from /proc/PID/task/TID/children (kernel >= 3.5)."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                    queue += [int(child) for child in handle.read().split()]
        except OSError:  # the process just ended
            continue
    return found


def _kilobytes(pid: int, file: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{file}", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0
