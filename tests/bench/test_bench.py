"""The bench script runs end to end on a tiny APK, so it cannot rot; its numbers are not checked here."""

import subprocess
import sys

import pytest

# Slow (left out of `make test-fast`): runs the benchmark end to end.
pytestmark = pytest.mark.slow


def test_bench_prints_the_table_and_where_the_time_goes():
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--small"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout
    for row in (
        "floor: inflate every dex entry",
        "saic-asn1 extract, cold compile cache",
        "saic-asn1 extract, warm compile cache",
        "naive: androguard AnalyzeAPK + walk",
    ):
        assert sum(line.startswith(row) and line.count("×") == 2 for line in output.splitlines()) == 1, row
    assert "targets: at most 5 s and 500 MB" in output
    assert output.count("where the time goes") == 2 and "validate_modules" in output
    assert "project functions by cumulative time" in output and "functions by own time" in output
    for row in ("floor: asn1tools, body + application data", "saic-asn1 generated client (typed)"):
        assert sum(line.strip().startswith(row) and line.count("×") == 2 for line in output.splitlines()) == 1, row
    assert "identification on the captured schemas" in output and "identification on the stress schemas" in output
