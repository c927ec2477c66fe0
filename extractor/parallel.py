"""Run one function over many inputs in worker processes, one per core: the dex files to read, the modules to validate.

A Ctrl-C reaches the whole process group: the workers ignore it and the parent decides, terminating them
at once (it never waits on their queues), so an interrupted run ends within a second, without tracebacks.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

WORKER_CHECK_SECONDS = 1.0

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
    others = set(multiprocessing.active_children())
    # Forked with SIGINT blocked, so that a Ctrl-C between the fork and `_ignore_interrupts` stays unseen there.
    parent_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = context.Pool(workers, initializer=_ignore_interrupts)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, parent_mask)
    # multiprocessing.Pool, not ProcessPoolExecutor: Python 3.11's executor, its workers terminated, can hang
    # or print tracebacks from its thread; Pool.terminate does not. A worker that dies is replaced and its
    # item never comes back, so a new worker means one died.
    try:
        started = set(multiprocessing.active_children()) - others
        results = pool.imap(function, items)
        for _ in items:
            yield _next_result(results, lambda: set(multiprocessing.active_children()) - others != started)
    finally:
        pool.terminate()


def _next_result(results: multiprocessing.pool.IMapIterator[Result], worker_died: Callable[[], bool]) -> Result:
    while True:
        try:
            return results.next(timeout=WORKER_CHECK_SECONDS)
        except multiprocessing.TimeoutError:
            if worker_died():
                raise WorkerDiedError("a worker process ended without its result (killed, or out of memory?)") from None


def _ignore_interrupts() -> None:
    """Worker start: the parent handles Ctrl-C; a worker that raised KeyboardInterrupt would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class WorkerDiedError(RuntimeError):
    """A worker process was killed; a bug or the machine's limits, not bad input (exit 70)."""
