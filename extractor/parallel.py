"""Run one function over many inputs in worker processes, one per core: the modules to validate."""

from __future__ import annotations

import multiprocessing
import os
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
    failing item in input order is raised, and the items not yet started are dropped.
    """
    workers = min(available_cores(), len(items))
    if workers < 2:
        yield from map(function, items)
        return
    # fork starts a worker in milliseconds with everything already imported; elsewhere the default start.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        yield from pool.map(function, items)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
