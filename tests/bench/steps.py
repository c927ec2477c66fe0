"""Where the time of an extraction goes: wall time per pipeline step, and the hottest functions.

Both run `extractor.schema.extract.extract` in this process. Steps are timed by wrapping the step functions
the pipeline calls (no profiler overhead); the function list comes from one run under cProfile.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path

from extractor.schema import extract as pipeline

PROJECT_ROOT = Path(pipeline.__file__).resolve().parents[2]

STEPS = (
    ("load_input", "read the APK, inflate the dex files"),
    ("read_classes", "check, scan and read the dex files"),
    ("interpret", "annotations → ASN.1 types"),
    ("drop_dangling", "drop types that use skipped classes"),
    ("build_versions", "modules and names per version"),
    ("render_module", "render the modules"),
    ("validate_modules", "compile with asn1tools / compile cache"),
    ("index_document", "index.json"),
)


def step_timings(apk: Path) -> list[tuple[str, str, float]]:
    """(step, what it does, seconds) for one extraction, then the rest of `extract` as "other"."""
    totals = {name: 0.0 for name, _ in STEPS}
    originals = {name: getattr(pipeline, name) for name, _ in STEPS}
    for name, original in originals.items():
        setattr(pipeline, name, _timed(original, name, totals))
    try:
        started = time.perf_counter()
        pipeline.extract([apk])
        total = time.perf_counter() - started
    finally:
        for name, original in originals.items():
            setattr(pipeline, name, original)
    rows = [(name, what, totals[name]) for name, what in STEPS]
    return [*rows, ("other", "garbage collector, glue", total - sum(totals.values())), ("total", "", total)]


def _timed(function: Callable, name: str, totals: dict[str, float]) -> Callable:
    def timed(*arguments, **keywords):
        started = time.perf_counter()
        try:
            return function(*arguments, **keywords)
        finally:
            totals[name] += time.perf_counter() - started

    return timed


def hottest_functions(apk: Path, count: int) -> tuple[list[tuple[float, float, str]], list[tuple[float, float, str]]]:
    """Under cProfile (which slows everything down): (cumulative s, own s, function) of the `count` project
    functions with the most cumulative time, and of the `count` functions of any package with the most own time."""
    profiler = cProfile.Profile()
    profiler.runcall(pipeline.extract, [apk])
    rows = []
    for (file_name, line, function), (_, _, own, cumulative, _) in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]  # undocumented, not in typeshed; get_stats_profile() keys by bare name
        # pstats names built-in functions with the file "~".
        rows.append((cumulative, own, function if file_name == "~" else f"{_short(file_name)}:{line}({function})"))
    project = [row for row in rows if row[2].startswith("extractor/") and not row[2].endswith("(extract)")]
    by_cumulative = sorted(project, reverse=True)[:count]
    by_own = sorted(rows, key=lambda row: row[1], reverse=True)[:count]
    return by_cumulative, by_own


def _short(file_name: str) -> str:
    """The project's files from its root, installed packages from site-packages."""
    path = Path(file_name)
    if "site-packages" in path.parts:
        return "/".join(path.parts[path.parts.index("site-packages") + 1 :])
    if path.is_relative_to(PROJECT_ROOT):
        return str(path.relative_to(PROJECT_ROOT))
    return "/".join(path.parts[-2:])
