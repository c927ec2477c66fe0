"""Wall time and peak memory of a command, its worker processes included.

Peak memory is sampled every 50 ms as the sum of PSS (proportional set size) over the
process tree, so pages a forked worker shares with its parent count once; the largest RSS of any one
process (what `/usr/bin/time` reports) comes from the kernel's rusage.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Reading smaps_rollup walks the process's page tables under its memory lock: sampling much more often
# than this slows the measured process down (the naive run's 5 GB most of all).
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Measurement:
    wall_seconds: float
    peak_pss_mb: float
    max_rss_mb: float
    exit_code: int
    stderr: str


def measure(command: list[str], env: dict[str, str] | None = None) -> Measurement:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = _PeakSampler(process.pid)
    sampler.start()
    assert process.stderr is not None
    stderr = process.stderr.read()
    # wait4, not Popen.wait: its rusage is this child's own (Linux: ru_maxrss in KiB, the largest of the
    # child and the workers it waited for), not the running total over every child the bench started.
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    sampler.stop()
    return Measurement(wall, sampler.peak_kb / 1024, usage.ru_maxrss / 1024, process.returncode, stderr)


class _PeakSampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.root)))
            time.sleep(SAMPLE_SECONDS)

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def _tree(root: int) -> list[int]:
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        for task in _read(Path(f"/proc/{pid}/task")):
            pending += [int(child) for child in _text(Path(f"/proc/{pid}/task/{task}/children")).split()]
    return pids


def _pss_kb(pid: int) -> int:
    for line in _text(Path(f"/proc/{pid}/smaps_rollup")).splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _read(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:  # the process has just ended
        return []


def _text(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:  # the process has just ended
        return ""
