"""`saic-asn1 generate python`: an extraction output → an importable, typed client package, written atomically."""

from __future__ import annotations

from pathlib import Path

from ..errors import HOW_TO_GET_SCHEMAS, InputError, OutputError
from ..schema.output import read_texts, write_folder
from .pymodel import load_package
from .render import render_package

MARKER = "with `saic-asn1 generate python`"


def generate_python(schemas: Path, out_dir: Path, package: str, force: bool = False) -> Path:
    """Write the package `out_dir/package/` from the extraction output `schemas`; return its folder."""
    files = package_files(_read_output(schemas), package, str(schemas))
    target = out_dir / package
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    write_folder(target, files, force=force or _is_generated(target))
    return target


def package_files(extraction: dict[str, str], package: str, label: str) -> dict[str, str]:
    """The files of the package (relative to its folder) for an extraction held in memory."""
    return render_package(load_package(extraction, package, label))


def _read_output(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        raise InputError(f"{folder}: not an extraction output folder; {HOW_TO_GET_SCHEMAS}")
    return read_texts(folder)


def _is_generated(folder: Path) -> bool:
    """A package this command wrote before (it may always be replaced)."""
    try:
        return MARKER in (folder / "__init__.py").read_text(encoding="utf-8")[:400]
    except (OSError, UnicodeDecodeError):
        return False
