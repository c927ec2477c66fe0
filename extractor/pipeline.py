"""The whole job, one step after the other: input → dex → classes → model → text → validated files."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .dex import read_classes
from .errors import NoTargetPackagesError
from .inputs import DEFAULT_MAX_DEX_BYTES, load_input
from .interpret import TARGET_PACKAGE, interpret
from .model import Extraction
from .modules import build_versions, drop_dangling
from .output import INDEX_FILE, index_document, write_folder
from .render import render_module
from .validate import compile_module


@dataclass(frozen=True)
class ExtractionResult:
    extraction: Extraction
    # Relative path → text, index.json included.
    files: dict[str, str]


def extract(paths: list[Path], max_dex_bytes: int = DEFAULT_MAX_DEX_BYTES, keep_going: bool = False) -> ExtractionResult:
    """Extract, render and validate in memory; nothing is written.

    `keep_going` skips classes that cannot be interpreted, and the types that use them, with warnings.
    """
    loaded = load_input(paths, max_dex_bytes)
    classes = read_classes(loaded.dex_files)
    interpretation = interpret(list(classes.records), keep_going)
    definitions, dropped = drop_dangling(interpretation.definitions)
    if not definitions:
        raise NoTargetPackagesError(_no_target_message(loaded.metadata.source_name, classes.packages))
    extraction = Extraction(
        app=loaded.metadata,
        versions=build_versions(definitions),
        warnings=(*interpretation.warnings, *dropped),
    )
    files = {}
    for protocol_version in extraction.versions:
        for module in protocol_version.modules:
            relative = f"{protocol_version.version}/{module.file_name}"
            text = render_module(module, protocol_version.version, extraction.app)
            compile_module(text, relative)
            files[relative] = text
    files[INDEX_FILE] = index_document(extraction)
    return ExtractionResult(extraction, files)


def extract_to(
    paths: list[Path],
    out_dir: Path,
    force: bool = False,
    max_dex_bytes: int = DEFAULT_MAX_DEX_BYTES,
    keep_going: bool = False,
) -> ExtractionResult:
    result = extract(paths, max_dex_bytes, keep_going)
    write_folder(out_dir, result.files, force=force)
    return result


def _no_target_message(source: str, packages: frozenset[str]) -> str:
    wanted = TARGET_PACKAGE + "<version>"
    closest = difflib.get_close_matches(TARGET_PACKAGE.rstrip("."), sorted(packages), n=3, cutoff=0.5)
    hint = f"; closest packages: {', '.join(closest)}" if closest else ""
    return f"{source}: no annotated classes under {wanted}{hint}"
