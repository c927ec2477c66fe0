"""`python -m tests.bench [--small] [--wide-only]` (`make bench`): `saic-asn1 extract` on an app-sized APK, against a
floor and a naive androguard extractor; decoding, against plain asn1tools and the hand-written client (`decode`);
then where the extraction's time goes; then extract, docs, generate and the client import on one type of 1,000,
10,000 and 30,000 components, to show how the cost grows with the width.

The APK comes from the test-APK factory (cached by content): 5 version packages of generated ASN.1,
messages in a few dex files among many filler-only ones, filler classes with fields, methods and
annotations like a real app's. Every run is its own process; `--small` is a tiny input for the test.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import click

import extractor
from extractor.parallel import available_cores
from extractor.read.dex import TARGET_PREFIXES
from extractor.read.dex_scan import class_descriptors
from tests.bench.decode import decode_section
from tests.bench.measure import Measurement, measure
from tests.bench.schemas import VERSIONS, bench_modules
from tests.bench.steps import hottest_functions, step_timings
from tests.bench.wide import SMALL_WIDTHS, WIDTHS, wide_runs, wide_table
from tests.factory import FactoryOptions, build_apk


@dataclass(frozen=True)
class BenchSetup:
    types_per_version: int
    options: FactoryOptions


FULL = BenchSetup(
    types_per_version=500,
    options=FactoryOptions(
        dex_count=18,
        message_dex_count=6,
        filler_classes=60_000,
        package="com.saicmotor.ismart.bench",
        version_name="9.9.0-bench",
        version_code=990,
    ),
)
SMALL = BenchSetup(
    types_per_version=4,
    options=FactoryOptions(
        dex_count=3,
        message_dex_count=1,
        filler_classes=30,
        package="com.saicmotor.ismart.bench",
        version_name="0.0.1-bench",
        version_code=1,
    ),
)
TARGETS = {"wall_seconds": 5.0, "peak_mb": 500.0, "speed_up": 5.0}
HOTTEST = 12
REPEATS = 3


@click.command()
@click.option("--small", is_flag=True, help="A tiny APK (seconds, for the test), not the app-sized one.")
@click.option("--wide-only", is_flag=True, help="Only the wide-type case (one type of 1,000 to 30,000 components).")
def main(small: bool, wide_only: bool) -> None:
    if not wide_only:
        _app_sized(small)
    widths = SMALL_WIDTHS if small else WIDTHS
    click.echo(f"\none wide type of {', '.join(f'{width:,}' for width in widths)} components (APKs cached by content):")
    with tempfile.TemporaryDirectory(prefix="saic-bench-wide-") as scratch:
        click.echo(wide_table(wide_runs(widths, Path(scratch), _saic_asn1())))


def _app_sized(small: bool) -> None:
    setup = SMALL if small else FULL
    click.echo("building the bench APK (cached by content; the first build of the full one takes minutes)")
    apk = build_apk(bench_modules(setup.types_per_version), setup.options)
    with tempfile.TemporaryDirectory(prefix="saic-bench-") as scratch:
        work = Path(scratch)
        runs = _runs(apk, work)
        click.echo()
        click.echo(_input_summary(apk, work / "out"))
        click.echo(
            f"machine: {available_cores()} cores; a 10-million-step Python loop takes {_loop_seconds():.2f} s here"
            " (the speed of this machine at the moment; it varies)"
        )
        click.echo()
        click.echo(_table(runs))
        click.echo()
        click.echo(_verdict(runs))
        click.echo()
        click.echo("\n".join(decode_section(work / "out", work, small)))
        _print_steps(apk, work)


def _runs(apk: Path, work: Path) -> dict[str, Measurement]:
    # Bytecode as an installed package has it, also where PYTHONDONTWRITEBYTECODE keeps Python from writing it.
    compileall.compile_dir(Path(extractor.__file__).parent, quiet=1)
    extract = [*_saic_asn1(), "extract", str(apk), "--out", str(work / "out"), "--quiet"]
    cached = {**os.environ, "SAIC_ASN1_CACHE": str(work / "compile-cache")}
    reference = [sys.executable, "-m", "tests.bench.references"]
    # label: (command, environment, repetitions); the runs that take seconds are repeated, the median kept.
    commands = {
        "floor: inflate every dex entry": (reference + ["floor", str(apk)], None, REPEATS),
        "saic-asn1 extract, cold compile cache": (extract, cached, 1),
        "saic-asn1 extract, warm compile cache": (extract, cached, REPEATS),
        "naive: androguard AnalyzeAPK + walk": (reference + ["naive", str(apk)], None, 1),
    }
    runs = {}
    for label, (command, env, repetitions) in commands.items():
        click.echo(f"  running {label} ({repetitions}×) ...")
        measured = sorted((measure(command, env) for _ in range(repetitions)), key=lambda run: run.wall_seconds)
        for run in measured:
            if run.exit_code != 0:
                raise click.ClickException(f"{label} failed with exit code {run.exit_code}: {run.stderr.strip()}")
        runs[label] = measured[len(measured) // 2]
    return runs


def _saic_asn1() -> list[str]:
    installed = shutil.which("saic-asn1", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "extractor"]


def _input_summary(apk: Path, out: Path) -> str:
    with zipfile.ZipFile(apk) as archive:
        dex_files = [
            (info.filename, archive.read(info)) for info in archive.infolist() if info.filename.endswith(".dex")
        ]
    descriptors = [descriptor for name, data in dex_files for descriptor in class_descriptors(name, data)]
    targets = sum(descriptor.startswith(TARGET_PREFIXES) for descriptor in descriptors)
    holding = sum(any(d.startswith(TARGET_PREFIXES) for d in class_descriptors(name, data)) for name, data in dex_files)
    types = len(json.loads((out / "index.json").read_text())["types"])
    asn1_bytes = sum(path.stat().st_size for path in out.glob("*/*.asn1"))
    return (
        f"input: {apk.name}, {apk.stat().st_size / 1e6:.1f} MB, {len(dex_files)} dex files"
        f" ({sum(len(data) for _, data in dex_files) / 1e6:.0f} MB inflated, {holding} with message classes),"
        f" {len(descriptors):,} classes, {targets:,} of them ASN.1 message classes and annotation interfaces\n"
        f"output: {types:,} ASN.1 types in {len(VERSIONS)} versions, {asn1_bytes / 1e6:.2f} MB of ASN.1"
    )


def _loop_seconds() -> float:
    started = time.perf_counter()
    total = 0
    for step in range(10_000_000):
        total += step
    return time.perf_counter() - started


def _table(runs: dict[str, Measurement]) -> str:
    floor = runs["floor: inflate every dex entry"].wall_seconds
    naive = runs["naive: androguard AnalyzeAPK + walk"].wall_seconds
    width = max(map(len, runs))
    lines = [f"{'run':<{width}}  {'wall':>8}  {'÷ floor':>8}  {'naive ÷':>8}  {'peak PSS':>9}  {'max RSS':>8}"]
    for label, run in runs.items():
        lines.append(
            f"{label:<{width}}  {run.wall_seconds:>6.2f} s  {run.wall_seconds / floor:>7.1f}×  "
            f"{naive / run.wall_seconds:>7.1f}×  {run.peak_pss_mb:>6.0f} MB  {run.max_rss_mb:>5.0f} MB"
        )
    lines.append("(÷ floor: times the floor's wall time; naive ÷: how many times faster than the naive run;")
    lines.append(
        " peak PSS: sum over the process and its workers; max RSS: largest single process (its VmHWM); both sampled;"
    )
    lines.append(f" floor and warm runs: the median of {REPEATS})")
    return "\n".join(lines)


def _verdict(runs: dict[str, Measurement]) -> str:
    naive = runs["naive: androguard AnalyzeAPK + walk"].wall_seconds
    target = (
        f"targets: at most {TARGETS['wall_seconds']:.0f} s and {TARGETS['peak_mb']:.0f} MB, "
        f"at least {TARGETS['speed_up']:.0f}× faster than naive"
    )
    lines = [target]
    for label in ("saic-asn1 extract, cold compile cache", "saic-asn1 extract, warm compile cache"):
        run = runs[label]
        checks = [
            ("time", run.wall_seconds <= TARGETS["wall_seconds"]),
            ("memory", max(run.peak_pss_mb, run.max_rss_mb) <= TARGETS["peak_mb"]),
            ("speed-up", naive / run.wall_seconds >= TARGETS["speed_up"]),
        ]
        verdicts = ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in checks)
        lines.append(f"  {label.split(', ')[1]}: {verdicts}")
    return "\n".join(lines)


def _print_steps(apk: Path, work: Path) -> None:
    os.environ["SAIC_ASN1_CACHE"] = str(work / "in-process-cache")
    for label in ("cold", "warm"):
        click.echo(f"\nwhere the time goes, in-process extraction with a {label} compile cache:")
        for name, what, seconds in step_timings(apk):
            click.echo(f"  {name:<17} {seconds:>7.2f} s  {what}")
    by_cumulative, by_own = hottest_functions(apk, HOTTEST)
    for heading, rows in (("project functions by cumulative time", by_cumulative), ("functions by own time", by_own)):
        click.echo(f"\n{heading}, warm compile cache, under cProfile (which slows everything down):")
        for cumulative, own, function in rows:
            click.echo(f"  {cumulative:>7.2f} s cumulative {own:>6.2f} s own  {function}")


if __name__ == "__main__":
    main()
