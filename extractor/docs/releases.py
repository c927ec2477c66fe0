"""The releases of one app under `generated_schemas/<package>/` (as `regenerate` writes them), oldest
first, each with the schema diff from the release before it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..diff.changes import BREAKING, Change, diff_snapshots
from ..diff.report import summary_line
from ..diff.snapshot import load_snapshot
from ..errors import InputError
from ..schema.output import INDEX_FILE, is_our_output
from .content import safe_segment


@dataclass(frozen=True)
class ReleaseDoc:
    folder: Path
    version_name: str
    version_code: str
    package: str
    sha256: str
    source_file: str
    # (protocol version, number of types)
    versions: tuple[tuple[str, int], ...]
    previous: str | None
    changes: tuple[Change, ...]

    @property
    def summary(self) -> str:
        return summary_line(list(self.changes)) if self.previous else "first release"

    @property
    def breaking(self) -> int:
        return sum(change.verdict == BREAKING for change in self.changes)


def load_releases(folder: Path) -> list[ReleaseDoc]:
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder (give generated_schemas/<package>)")
    found = []
    for release_folder in sorted(folder.iterdir()):
        if release_folder.is_dir() and is_our_output(release_folder):
            document = json.loads((release_folder / INDEX_FILE).read_text(encoding="utf-8"))
            found.append((release_folder, document))
    if not found:
        raise InputError(f"{folder}: holds no releases (folders written by `saic-asn1 regenerate`)")
    found.sort(key=lambda item: (_code(item[1]), _version_key(item[0].name)))
    releases = []
    previous_folder = None
    for release_folder, document in found:
        safe_segment(release_folder.name, "release folder", folder)
        changes: tuple[Change, ...] = ()
        if previous_folder is not None:
            changes = tuple(diff_snapshots(load_snapshot(previous_folder), load_snapshot(release_folder)))
        counts: dict[str, int] = {}
        for entry in document.get("types", []):
            if "merged_into" not in entry:
                counts[entry["version"]] = counts.get(entry["version"], 0) + 1
        app = document.get("input", {})
        releases.append(ReleaseDoc(
            folder=release_folder,
            version_name=release_folder.name,
            version_code=str(app.get("versionCode") or "unknown"),
            package=str(app.get("package") or "unknown"),
            sha256=str(app.get("sha256") or ""),
            source_file=str(app.get("file") or ""),
            versions=tuple((version, counts.get(version, 0)) for version in document.get("versions", [])),
            previous=previous_folder.name if previous_folder is not None else None,
            changes=changes,
        ))
        previous_folder = release_folder
    return releases


def _code(document: dict) -> int:
    code = str(document.get("input", {}).get("versionCode") or "0")
    return int(code) if code.isdigit() else 0


def _version_key(version_name: str) -> tuple:
    """1.10.0 after 1.9.0: numeric parts compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-_]", version_name))
