"""The bench script runs end to end on a tiny APK, so it cannot rot; its timings are not checked here, the
README's count of the app-sized APK's classes is."""

import subprocess
import sys
from pathlib import Path

import pytest

from extractor.read.dex import TARGET_PREFIXES
from tests.bench.__main__ import FULL
from tests.bench.schemas import bench_modules
from tests.factory.annotation_interfaces import interface_classes
from tests.factory.asn1_input import read_module
from tests.factory.message_classes import message_class_groups

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
    # The wide-type case: one row per step, time and memory at each width, then how the time grew.
    assert "one wide type of 20, 200 components" in output
    table = output.split("one wide type of", 1)[1].splitlines()
    for step in ("extract", "docs", "generate python", "first import", "cached import"):
        assert sum(line.startswith(step) and line.count(" MB") == 2 and line.endswith("×") for line in table) == 1, step


def test_the_readme_counts_the_classes_the_bench_apk_holds():
    # The same classes the factory assembles into the app-sized APK, counted without assembling (smali takes minutes).
    options = FULL.options
    groups = message_class_groups([read_module(module) for module in bench_modules(FULL.types_per_version)], options)
    descriptors = [str(cls.descriptor) for group in groups for cls in group]
    descriptors += [str(cls.descriptor) for cls in interface_classes()] if options.annotation_interfaces else []
    targets = sum(
        descriptor.startswith(tuple(prefix.decode() for prefix in TARGET_PREFIXES)) for descriptor in descriptors
    )
    total = len(descriptors) + options.filler_classes
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (line,) = [line for line in readme.splitlines() if line.startswith("input: app-")]
    assert f" {total:,} classes, {targets:,} of them ASN.1 message classes and annotation interfaces" in line
    assert f"18 dex files, {total:,}\nclasses" in readme and f"{targets:,} classes with their" in readme.replace(
        "\n", " "
    )
