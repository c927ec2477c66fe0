"""Run one function over many inputs in worker processes, one per core: the dex files to read, the modules to validate.

A Ctrl-C reaches the whole process group: the workers ignore it and the parent decides, terminating them
at once (it never waits on their queues), so an interrupted run ends within a second, without tracebacks.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
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
    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_interrupts)
    try:
        # The workers start on the first submit: with SIGINT blocked, so that one between their start and
        # `_ignore_interrupts` stays unseen there (the parent's arrives once it is unblocked).
        parent_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            # Not pool.map: on an exception it cancels the futures, which the pool, finding its workers
            # terminated, then fails to mark broken (InvalidStateError, a traceback from its thread).
            futures = [pool.submit(function, item) for item in items]
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, parent_mask)
        for future in futures:
            yield future.result()
    except BaseException:
        # Ctrl-C, a failed item or a consumer that stopped early: end the workers now, not after their items.
        for worker in set(multiprocessing.active_children()) - others:
            worker.terminate()
        raise
    finally:
        # Its thread, finding the workers gone, fails what is left and closes its pipes before Python exits
        # (3.11's exit handler writes to them unlocked: a traceback if they close meanwhile).
        pool.shutdown()


def _ignore_interrupts() -> None:
    """Worker start: the parent handles Ctrl-C; a worker that raised KeyboardInterrupt would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
