"""Run one function over many inputs in worker processes, one per core: the dex files to read, the modules to validate.

A Ctrl-C reaches the whole process group: the workers ignore it and the parent decides, terminating them
at once (it never waits on their queues), so an interrupted run ends within a second, without tracebacks.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_on_cores(function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
    """`function(item)` for every item, yielded in input order; in this process when there is one core or item.

    `function` must be a module-level function, items and results picklable. The exception of the first
    failing item in input order is raised, and the workers are terminated with the items not yet done.
    """
    workers = min(available_cores(), len(items))
    if workers < 2:
        yield from map(function, items)
        return
    # fork starts a worker in milliseconds with everything already imported; elsewhere the default start.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    # Forked with SIGINT blocked, so that a Ctrl-C between the fork and `_ignore_interrupts` stays unseen there.
    parent_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = context.Pool(workers, initializer=_ignore_interrupts)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, parent_mask)
    try:
        yield from pool.imap(function, items)
    finally:
        pool.terminate()


def _ignore_interrupts() -> None:
    """Worker start: the parent handles Ctrl-C; a worker that raised KeyboardInterrupt would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
