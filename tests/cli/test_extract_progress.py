"""The progress bar of `extract`: on stderr when it is a terminal and the run is long, never with --quiet or a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.schemas import bench_modules
from tests.factory import FactoryOptions, build_apk


@pytest.fixture(scope="module")
def apk() -> Path:
    # Compiling these modules with an empty compile cache takes seconds: long enough for the bar to show.
    return build_apk(bench_modules(40)[:2], FactoryOptions(dex_count=2))


def extract(apk: Path, out: Path, cache: Path, *options: str, terminal: bool) -> tuple[int, str]:
    """Exit code and everything written to stderr, which is a pseudo-terminal or a pipe."""
    command = [sys.executable, "-m", "extractor", "extract", str(apk), "--out", str(out), *options]
    env = {**os.environ, "SAIC_ASN1_CACHE": str(cache)}
    if not terminal:
        result = subprocess.run(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False
        )
        return result.returncode, result.stderr
    controller, terminal_end = pty.openpty()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=terminal_end)
    os.close(terminal_end)
    written = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal is gone: the process has ended
            break
        if not chunk:
            break
        written += chunk
    os.close(controller)
    return process.wait(), written.decode()


@pytest.mark.slow  # extracts an app-sized APK
def test_a_long_run_on_a_terminal_shows_the_bar_then_erases_it(apk, tmp_path):
    code, stderr = extract(apk, tmp_path / "out", tmp_path / "cache", terminal=True)
    assert code == 0
    assert "saic-asn1 [" in stderr and "compiling modules with asn1tools" in stderr
    assert stderr.endswith("\r") and stderr.rsplit("\r", 2)[-2].strip() == ""


@pytest.mark.slow  # extracts an app-sized APK
def test_quiet_or_a_pipe_shows_nothing(apk, tmp_path):
    assert extract(apk, tmp_path / "a", tmp_path / "cache-a", "--quiet", terminal=True) == (0, "")
    assert extract(apk, tmp_path / "b", tmp_path / "cache-b", terminal=False) == (0, "")
