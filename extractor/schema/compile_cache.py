"""The module texts that asn1tools has compiled before, remembered across runs.

Whether a text compiles depends only on the text and the asn1tools version, and compiling an app-sized
release takes asn1tools a minute of CPU; a marker file per (version, text) hash lets a re-extraction
skip it. `SAIC_ASN1_CACHE` names the folder (default `$XDG_CACHE_HOME/saic-asn1` or
`~/.cache/saic-asn1`); set it empty to switch the cache off. Failures are never remembered.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib.metadata import version
from pathlib import Path

CACHE_ENVIRONMENT_VARIABLE = "SAIC_ASN1_CACHE"
CODEC = "uper"


def has_compiled(text: str) -> bool:
    folder = _folder()
    return folder is not None and (folder / _key(text)).is_file()


def remember_compiled(text: str) -> None:
    """Note that `text` compiled; a cache that cannot be written only costs time, so that is ignored."""
    folder = _folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _key(text)).touch()
    except OSError:
        pass


def _folder() -> Path | None:
    configured = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    if configured is not None:
        return Path(configured) / "compiled" if configured else None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no home folder to put it in
        return None
    return Path(base) / "saic-asn1" / "compiled"


def _key(text: str) -> str:
    return hashlib.sha256(f"asn1tools {_asn1tools_version()} {CODEC}\n{text}".encode()).hexdigest()


@cache
def _asn1tools_version() -> str:
    # The installed distribution's metadata: importing asn1tools just for its version takes 0.4 s.
    return version("asn1tools")
