"""The whole job, one step after the other: input → dex → classes → model → text → validated files."""

from __future__ import annotations

import difflib
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import NoTargetPackagesError
from ..model import Extraction
from ..read.dex import read_classes
from ..read.inputs import DEFAULT_MAX_DEX_BYTES, load_input
from .interpret import TARGET_PACKAGE, interpret
from .modules import build_versions, drop_dangling
from .output import INDEX_FILE, index_document, write_folder
from .render import render_module
from .validate import validate_modules
from .zero_width import zero_width_warnings

# progress(what, done, total), e.g. ("reading dex files: 9,592 classes", 3, 7); the CLI draws it.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ExtractionResult:
    extraction: Extraction
    # Relative path → text, index.json included.
    files: dict[str, str]


def extract(
    paths: list[Path],
    max_dex_bytes: int = DEFAULT_MAX_DEX_BYTES,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> ExtractionResult:
    """Extract, render and validate in memory; nothing is written.

    `keep_going` skips classes that cannot be interpreted, and the types that use them, with warnings.
    """
    report = progress or _no_progress
    with _collector_paused() as resume_collector:
        loaded = load_input(paths, max_dex_bytes)
        classes = read_classes(
            loaded.dex_files, lambda done, total, read: report(f"reading dex files: {read:,} classes", done, total)
        )
        interpretation = interpret(list(classes.records), keep_going)
        definitions, dropped = drop_dangling(interpretation.definitions)
        if not definitions:
            raise NoTargetPackagesError(_no_target_message(loaded.metadata.source_name, classes.packages))
        versions = build_versions(definitions)
        extraction = Extraction(
            app=loaded.metadata,
            versions=versions,
            warnings=(*interpretation.warnings, *dropped, *zero_width_warnings(versions)),
            declared_modules=interpretation.declared_modules,
        )
        files = {
            f"{version.version}/{module.file_name}": render_module(
                module, version.version, extraction.app, extraction.declared_in(version.version)
            )
            for version in extraction.versions
            for module in version.modules
        }
        resume_collector()
        validate_modules(files, lambda done, total: report("compiling modules with asn1tools", done, total))
    files[INDEX_FILE] = index_document(extraction)
    return ExtractionResult(extraction, files)


def extract_to(
    paths: list[Path],
    out_dir: Path,
    force: bool = False,
    max_dex_bytes: int = DEFAULT_MAX_DEX_BYTES,
    keep_going: bool = False,
    progress: Progress | None = None,
) -> ExtractionResult:
    result = extract(paths, max_dex_bytes, keep_going, progress)
    write_folder(out_dir, result.files, force=force)
    return result


def _no_progress(what: str, done: int, total: int) -> None:
    """Progress goes nowhere unless the caller asks for it."""


@contextmanager
def _collector_paused() -> Iterator[Callable[[], None]]:
    """Reading and interpreting build millions of objects without reference cycles; the cyclic garbage
    collector would rescan them over and over (a third of the time on an app-sized input).

    Yields `resume`, to call once they are built: it freezes them (out of the collector's sight until
    the block ends), so the collector, back on, does not start with a scan of all of them, and forked
    workers share their pages.
    """
    was_enabled = gc.isenabled()
    gc.disable()

    def resume() -> None:
        gc.freeze()
        if was_enabled:
            gc.enable()

    try:
        yield resume
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _no_target_message(source: str, packages: frozenset[str]) -> str:
    wanted = TARGET_PACKAGE + "<version>"
    closest = difflib.get_close_matches(TARGET_PACKAGE.rstrip("."), sorted(packages), n=3, cutoff=0.5)
    hint = f"; closest packages: {', '.join(closest)}" if closest else ""
    return f"{source}: no annotated classes under {wanted}{hint}"
