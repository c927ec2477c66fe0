"""The CLI's schemas: an extraction output folder; a module that does not compile is the extraction's
ValidationError, as in `extract`."""

from __future__ import annotations

from pathlib import Path

from ..errors import HOW_TO_GET_SCHEMAS, InputError, ValidationError
from .runtime.codec import SchemaSet


class Schemas(SchemaSet):
    """An extraction output folder, compiled module by module on first use."""

    invalid_module_error = ValidationError

    def __init__(self, folder: Path) -> None:
        try:
            if folder.is_file():
                raise InputError(f"{folder}: is a file; --schemas takes a folder: {HOW_TO_GET_SCHEMAS}")
            if not folder.is_dir():
                raise InputError(f"{folder}: schema folder not found; {HOW_TO_GET_SCHEMAS}")
            versions = sorted(path.name for path in folder.iterdir() if path.is_dir() and any(path.glob("*.asn1")))
        except OSError as error:
            # e.g. a name longer than the file system allows.
            raise InputError(f"{folder}: cannot be read: {error.strerror or error}") from None
        if not versions:
            raise InputError(f"{folder}: holds no <version>/*.asn1 schemas; {HOW_TO_GET_SCHEMAS}")
        super().__init__(str(folder), versions)
        self.folder = folder

    def text(self, version: str, file_name: str) -> str | None:
        path = self.folder / version / file_name
        return path.read_text(encoding="utf-8") if path.is_file() else None
