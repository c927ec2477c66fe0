"""A one-line progress bar on stderr for long runs: `saic-asn1 [#####-----] 3/7 reading dex files: 5,120 classes`.

It draws nothing for runs shorter than `DELAY` seconds, and nothing at all when disabled (stderr not a
terminal, or `--quiet`); the line is erased when the run ends, so errors and results print clean.
Not click's `progressbar`: it draws from the first step, leaves its last line behind, prints its label
when stderr is not a terminal, and has one fixed length, where a run has phases of different lengths.
"""

from __future__ import annotations

import sys
import time
from typing import Self, TextIO

DELAY = 0.5
REDRAW_INTERVAL = 0.1
BAR_WIDTH = 24


class ProgressBar:
    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.drawn_width = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exception: object) -> None:
        if self.drawn_width:
            self.stream.write("\r" + " " * self.drawn_width + "\r")
            self.stream.flush()

    def __call__(self, what: str, done: int, total: int) -> None:
        """Show that `done` of `total` steps of `what` are done (throttled: at most ten redraws a second)."""
        now = time.monotonic()
        if not self.enabled or now - self.started < DELAY or (done < total and now - self.drawn_at < REDRAW_INTERVAL):
            return
        filled = BAR_WIDTH * done // max(total, 1)
        line = f"saic-asn1 [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total} {what}"
        self.stream.write("\r" + line.ljust(self.drawn_width))
        self.stream.flush()
        self.drawn_at, self.drawn_width = now, max(self.drawn_width, len(line))
