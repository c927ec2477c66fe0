"""A client package `saic-asn1 generate python` writes, imported for a test and forgotten again after it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from extractor.cli import main


def generate_package(schemas: Path, out: Path, package: str) -> Path:
    """Write the package `out/package` from an extraction output; the folder it is in."""
    arguments = ["generate", "python", "--schemas", str(schemas), "--out", str(out), "--package", package]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    return out


@contextmanager
def imported_package(folder: Path, package: str) -> Iterator[ModuleType]:
    """The package in `folder`, imported; afterwards neither the folder nor the package's modules stay behind."""
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
            del sys.modules[name]
