"""The CLI's schemas: an extraction output folder; a module that does not compile is the extraction's
ValidationError, as in `extract`."""

from __future__ import annotations

from pathlib import Path

from ..errors import PayloadError, ValidationError
from .runtime.codec import SchemaSet


class Schemas(SchemaSet):
    """An extraction output folder, compiled module by module on first use."""

    invalid_module_error = ValidationError

    def __init__(self, folder: Path) -> None:
        try:
            if folder.is_file():
                raise PayloadError(f"{folder}: is a file; --schemas takes the output folder of `saic-asn1 extract`")
            if not folder.is_dir():
                raise PayloadError(f"{folder}: schema folder not found (give an extraction output)")
            versions = sorted(path.name for path in folder.iterdir() if path.is_dir() and any(path.glob("*.asn1")))
        except OSError as error:
            # e.g. a name longer than the file system allows.
            raise PayloadError(f"{folder}: cannot be read: {error.strerror or error}") from None
        if not versions:
            raise PayloadError(f"{folder}: holds no <version>/*.asn1 schemas")
        super().__init__(str(folder), versions)
        self.folder = folder

    def text(self, version: str, file_name: str) -> str | None:
        path = self.folder / version / file_name
        return path.read_text(encoding="utf-8") if path.is_file() else None
