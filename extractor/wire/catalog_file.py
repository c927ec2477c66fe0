"""`--catalog FILE`: a user's message catalog read from disk and merged over the built-in one."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .runtime.catalog import Catalog, built_in_catalog, parse_catalog
from .runtime.errors import WireError


def read_catalog(path: Path) -> Catalog:
    """A bad file is an input error (exit 3) naming the file and the entry, not a message error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read catalog: {getattr(error, 'strerror', None) or error}") from None
    try:
        return parse_catalog(text, str(path), str(path))
    except WireError as error:
        raise InputError(str(error)) from None


def catalog_with(path: Path | None) -> Catalog:
    """The built-in catalog, with the entries of the user's file `path` merged over it."""
    return built_in_catalog() if path is None else built_in_catalog().merged(read_catalog(path))
