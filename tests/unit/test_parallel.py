"""map_on_cores: results in input order, the first failure raised, workers that leave Ctrl-C to the parent,
and a worker that dies ends the map with an error instead of a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from extractor.parallel import available_cores, map_on_cores

pytestmark = pytest.mark.skipif(available_cores() < 2, reason="one core: map_on_cores runs in this process")


def square(number: int) -> int:
    return number * number


def interrupt_handler(_: int) -> object:
    return signal.getsignal(signal.SIGINT)


def fail_on_three(number: int) -> int:
    if number == 3:
        raise ValueError(f"item {number}")
    return number


def test_results_come_in_input_order():
    assert list(map_on_cores(square, range(20))) == [number * number for number in range(20)]


def test_workers_ignore_ctrl_c_and_the_parent_keeps_its_handler():
    assert set(map_on_cores(interrupt_handler, range(4))) == {signal.SIG_IGN}
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def map_apart(function: str, error: str) -> subprocess.CompletedProcess:
    """map_on_cores(function, range(10)) in a process of its own, printing the error it raises."""
    script = (
        f"from extractor.parallel import WorkerDiedError, map_on_cores\n"
        f"from tests.unit.test_parallel import {function}\n"
        f"try:\n    list(map_on_cores({function}, range(10)))\n"
        f"except {error} as error:\n    print(type(error).__name__, error)\n"
    )
    return subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)


def test_the_first_failure_is_raised_and_the_pool_ends_quietly():
    # Run apart: the pool's own thread, had it a traceback to print as it ends, would print it on stderr.
    result = map_apart("fail_on_three", "ValueError")
    assert (result.returncode, result.stdout, result.stderr) == (0, "ValueError item 3\n", "")


def test_a_worker_that_dies_ends_the_map_with_an_error_not_a_hang():
    result = map_apart("die_on_two", "WorkerDiedError")
    assert (result.returncode, result.stdout.split(" ")[0], result.stderr) == (0, "WorkerDiedError", "")


def die_on_two(number: int) -> int:
    if number == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return number
