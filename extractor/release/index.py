"""The release index `generated_schemas/<package>/releases.json`: every known release of one app, in order.

It is the one machine-readable record of a package's history that `regenerate` writes and that
`history`, `diff`, the changelog and the reference site read. It holds no dates, so the same releases
give the same bytes whatever order they arrived in. The format is described in the README
(section "The release index").
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError, OutputError

INDEX_NAME = "releases.json"
INDEX_FORMAT = 1
GENERATOR = "saic-asn1"


@dataclass(frozen=True)
class ReleaseEntry:
    version_code: int
    version_name: str
    # sha256 of the input file: a release's identity (the same APK twice is one release).
    sha256: str
    # The input's file name, as it was when the release was added.
    file: str
    # sha256 of the ASN.1 modules without their comments: equal schemas, equal fingerprint.
    schemas_sha256: str
    # Protocol version → {"modules": n, "types": n}.
    versions: dict[str, dict[str, int]]
    # True: `folder` is this release's own extraction; False: the schemas equal those stored in `folder`
    # by the earliest release that has them, and are not stored again.
    stored: bool = False
    # The folder, under the package folder, that holds this release's schemas.
    folder: str = ""
    # sha256 of the release before this one; None for the first.
    previous: str | None = None
    # The schema diff against the previous release (`Change.to_json()` dicts); empty for the first.
    changes: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def order_key(self) -> tuple:
        """By versionCode, then versionName (numerically where it is numeric), then sha256."""
        return (self.version_code, version_name_key(self.version_name), self.version_name, self.sha256)

    def to_json(self) -> dict[str, Any]:
        breaking = sum(change.get("verdict") == "breaking" for change in self.changes)
        return {
            "versionCode": self.version_code,
            "versionName": self.version_name,
            "sha256": self.sha256,
            "file": self.file,
            "schemas_sha256": self.schemas_sha256,
            "stored": self.stored,
            "folder": self.folder,
            "previous": self.previous,
            "versions": self.versions,
            "summary": {"changes": len(self.changes), "breaking": breaking, "compatible": len(self.changes) - breaking},
            "changes": list(self.changes),
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> ReleaseEntry:
        return cls(
            version_code=int(document["versionCode"]),
            version_name=str(document["versionName"]),
            sha256=str(document["sha256"]),
            file=str(document["file"]),
            schemas_sha256=str(document["schemas_sha256"]),
            versions={name: dict(counts) for name, counts in document["versions"].items()},
            stored=bool(document["stored"]),
            folder=str(document["folder"]),
            previous=document["previous"],
            changes=tuple(document["changes"]),
        )


@dataclass(frozen=True)
class ReleaseIndex:
    package: str
    # Oldest first.
    releases: tuple[ReleaseEntry, ...]
    # The saic-asn1 version that computed the recorded changes.
    generator_version: str = __version__

    def find(self, sha256: str) -> ReleaseEntry | None:
        return next((release for release in self.releases if release.sha256 == sha256), None)

    def to_text(self) -> str:
        document = {
            "format": INDEX_FORMAT,
            "generator": GENERATOR,
            "generator_version": self.generator_version,
            "package": self.package,
            "releases": [release.to_json() for release in self.releases],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def version_name_key(version_name: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.\-_]", version_name))


def ordered(releases: list[ReleaseEntry]) -> list[ReleaseEntry]:
    return sorted(releases, key=ReleaseEntry.order_key)


def folder_names(releases: list[ReleaseEntry]) -> dict[str, str]:
    """sha256 → folder name: the versionName, or versionName-<sha256 prefix> when two releases share it."""
    counts: dict[str, int] = {}
    for release in releases:
        counts[release.version_name] = counts.get(release.version_name, 0) + 1
    return {
        release.sha256: release.version_name
        if counts[release.version_name] == 1
        else f"{release.version_name}-{release.sha256[:12]}"
        for release in releases
    }


def schemas_fingerprint(files: dict[str, str]) -> str:
    """sha256 over every module's path and non-comment lines: the header and class comments name the
    input, so two releases with the same schemas differ only there."""
    digest = hashlib.sha256()
    for relative, text in sorted(files.items()):
        if not relative.endswith(".asn1"):
            continue
        digest.update(relative.encode() + b"\0")
        for line in text.splitlines():
            if not line.lstrip().startswith("--"):
                digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def load_index(package_folder: Path) -> ReleaseIndex | None:
    """The package's index, or None when the package has none yet."""
    path = package_folder / INDEX_NAME
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != INDEX_FORMAT or document.get("generator") != GENERATOR:
            raise InputError(f"{path}: not a saic-asn1 release index of format {INDEX_FORMAT}")
        releases = tuple(ReleaseEntry.from_json(entry) for entry in document["releases"])
        return ReleaseIndex(str(document["package"]), releases, str(document["generator_version"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"{path}: not a readable release index ({type(error).__name__}: {error})") from None


def require_index(package_folder: Path) -> ReleaseIndex:
    if not package_folder.is_dir():
        raise InputError(f"{package_folder}: no such folder")
    index = load_index(package_folder)
    if index is None:
        raise InputError(f"{package_folder}: has no {INDEX_NAME} (make one with `saic-asn1 regenerate`)")
    return index


def release_folder(path: Path) -> Path | None:
    """`<package>/<versionName>` of a release whose schemas are stored in another release's folder
    (the same schemas as an earlier release): that folder. None when `path` is not such a release."""
    if path.exists():
        return None
    index = load_index(path.parent) if path.parent.is_dir() else None
    if index is None:
        return None
    names = folder_names(list(index.releases))
    for release in index.releases:
        if path.name in (release.version_name, names[release.sha256]):
            return path.parent / release.folder
    return None


def write_text_atomically(path: Path, text: str) -> None:
    staging = path.with_name(f".{path.name}.tmp")
    try:
        staging.write_text(text, encoding="utf-8", newline="\n")
        staging.replace(path)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
