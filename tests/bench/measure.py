"""Wall time and peak memory of a command, its worker processes included.

Both are sampled every 50 ms over the process tree: peak memory as the sum of PSS (proportional set
size), so pages a forked worker shares with its parent count once; the largest RSS of any one process
(what `/usr/bin/time` reports) as the largest high-water mark (VmHWM) of each. Not the kernel's rusage:
a child's ru_maxrss starts at the RSS of the process that forked it, so a bench process that had just
built the APK (834 MB) gave every command that figure.
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
    process.wait()
    wall = time.perf_counter() - started
    process.stderr.close()
    sampler.stop()
    return Measurement(wall, sampler.peak_pss_kb / 1024, sampler.max_rss_kb / 1024, process.returncode, stderr)


class _PeakSampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_pss_kb = 0
        self.max_rss_kb = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            tree = _tree(self.root)
            self.peak_pss_kb = max(self.peak_pss_kb, sum(_status_kb(pid, "Pss:", "smaps_rollup") for pid in tree))
            self.max_rss_kb = max(self.max_rss_kb, *(_status_kb(pid, "VmHWM:", "status") for pid in tree))
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


def _status_kb(pid: int, field: str, file: str) -> int:
    """A `field:  1234 kB` line of /proc/<pid>/<file>, 0 once the process has ended."""
    for line in _text(Path(f"/proc/{pid}/{file}")).splitlines():
        if line.startswith(field):
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
