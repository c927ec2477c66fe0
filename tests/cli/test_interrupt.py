"""Ctrl-C at any moment of a real extract: exit 130 at once, one line, no traceback, no half-written output.

The signal goes to the whole process group, as a terminal sends it, so the worker processes get it too.
The moments fall from the start of the first workers (reading dex files, then compiling modules) to the
end, more of them early, where workers start, finish and wait on their queues. A Ctrl-C while the
modules import is test_startup's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conformance.fixture import FIXTURE_OPTIONS
from tests.factory import build_apk

MOMENTS = 15
# A hang detector, not a timing test: a run that ends on a Ctrl-C ends within about a second.
HANG_SECONDS = 10
POLL_SECONDS = 0.005


def start_extract(apk: Path, work: Path) -> subprocess.Popen:
    # An empty compile cache of its own: every run compiles its modules on the worker pool.
    environment = dict(os.environ, SAIC_ASN1_CACHE=str(work / "cache"))
    return subprocess.Popen(
        [sys.executable, "-m", "extractor", "extract", str(apk), "--out", str(work / "output" / "schemas")],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def has_workers(process: subprocess.Popen) -> bool:
    try:
        return bool(Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split())
    except OSError:
        return False


def wait_for_workers(process: subprocess.Popen) -> None:
    while process.poll() is None and not has_workers(process):
        time.sleep(POLL_SECONDS)


def files_of(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): path.read_text() for path in sorted(folder.rglob("*")) if path.is_file()}


def interrupt(process: subprocess.Popen, work: Path, what: str, expected_files: dict[str, str]) -> bool:
    """Send Ctrl-C to the run's process group and check how it ended; True if the signal ended it."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{what}: still running {HANG_SECONDS} s after a Ctrl-C")
    # A late moment may find the run already done: then it ended as usual.
    assert (process.returncode, stderr) in {(130, "saic-asn1: interrupted\n"), (0, "")}, (
        f"{what}: exit {process.returncode}, {stderr!r}"
    )
    output = work / "output"
    # Nothing half-written: no output at all, or the whole of it, and no staging folder beside it.
    if output.exists():
        assert sorted(os.listdir(output)) in ([], ["schemas"]), what
    if (output / "schemas").exists():
        assert files_of(output / "schemas") == expected_files, what
    return process.returncode == 130


@pytest.mark.slow
@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(), reason="needs Linux /proc")
def test_ctrl_c_at_any_moment_of_an_extract_ends_it_at_once_with_one_line(conformance_fixture, tmp_path):
    apk = build_apk(list(conformance_fixture.sources), FIXTURE_OPTIONS)
    complete = start_extract(apk, tmp_path / "complete")
    wait_for_workers(complete)
    workers_started = time.monotonic()
    assert complete.communicate(timeout=300)[1] == "" and complete.returncode == 0
    workers_for = time.monotonic() - workers_started
    expected_files = files_of(tmp_path / "complete" / "output" / "schemas")
    interrupted = 0
    for moment in range(MOMENTS):
        work = tmp_path / f"with-{moment}"
        process = start_extract(apk, work)
        wait_for_workers(process)
        delay = workers_for * (moment / MOMENTS) ** 2
        time.sleep(delay)
        interrupted += interrupt(process, work, f"Ctrl-C {delay:.2f} s after the first worker started", expected_files)
    assert interrupted > MOMENTS // 2


def test_ctrl_c_while_a_dataclass_is_created_is_an_interrupt_not_an_internal_error(tmp_path):
    # Python 3.11 wraps an exception raised in __set_name__ (a dataclass field being set up while the
    # command imports its modules) in a RuntimeError; a Ctrl-C there is still a Ctrl-C.
    script = (
        "import sys, types, extractor\n"
        "class Interrupting:\n"
        "    def __set_name__(self, owner, name):\n"
        "        raise KeyboardInterrupt\n"
        "class Importing(types.ModuleType):\n"
        "    def __getattr__(self, name):\n"
        "        class Extraction:\n"
        "            warnings = Interrupting()\n"
        "sys.modules['extractor.schema.extract'] = Importing('extractor.schema.extract')\n"
        f"sys.argv = ['saic-asn1', 'extract', 'app.apk', '--out', {str(tmp_path / 'out')!r}]\n"
        "extractor.run()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (130, "saic-asn1: interrupted\n")
    assert not (tmp_path / "out").exists()


def test_ctrl_c_once_the_command_is_done_leaves_its_outcome_alone():
    # What runs after the command (atexit callbacks, freeing the modules) stands for Python's shutdown,
    # where a Ctrl-C printed an ignored traceback or ended the run by the signal, without a line.
    script = (
        "import atexit, sys, time, extractor\n"
        "atexit.register(time.sleep, 3)\n"
        "sys.argv = ['saic-asn1', '--version']\n"
        "extractor.run()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("saic-asn1, version ")
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (0, "")
