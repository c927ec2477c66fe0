"""`saic-asn1 regenerate`: add app releases to `generated_schemas/<package>/`, in any order.

Every input is hashed first: a file already in a package's release index, or given twice, is not
extracted again. The others are extracted (all of them before anything is written, so a bad input
leaves the tree as it was), placed in their package's history by `place`, and then the release
folders, `releases.json` and `CHANGELOG.md` are written.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..diff.report import summary_line
from ..errors import InputError, OutputError
from ..generate.pymodel import python_package_name
from ..generate.python import package_files
from ..schema.extract import ExtractionResult, extract
from ..schema.output import refuse_folder, safe_segment, write_folder
from .changelog import CHANGELOG_NAME, change_from_json, changelog_text, release_entry
from .index import (
    INDEX_NAME,
    ReleaseEntry,
    ReleaseIndex,
    load_index,
    schemas_fingerprint,
    write_text_atomically,
)
from .place import NewRelease, Placement, place

RELEASE_SUFFIXES = (".apk", ".xapk", ".apks", ".apkm")
PYTHON_FOLDER = "python"

Extractor = Callable[[Path], ExtractionResult]


@dataclass(frozen=True)
class RegenerateResult:
    changed: bool
    # One line per input and per release whose entry changed, then a closing line; for stderr.
    messages: tuple[str, ...]
    # Markdown: the changelog entries that are new or changed (empty when nothing changed).
    summary: str
    # The packages the inputs are releases of.
    packages: tuple[str, ...] = ()


def regenerate(
    inputs: list[Path],
    into: Path,
    extract_release: Extractor | None = None,
    allow_test_apks: bool = False,
    check_other_outputs: Callable[[tuple[str, ...]], None] | None = None,
) -> RegenerateResult:
    """Add the releases among `inputs` to `into`; a test build (`android:testOnly`) only with `allow_test_apks`.

    `check_other_outputs` gets the packages of the inputs before anything is written and raises OutputError
    for an output the caller writes afterwards (the site) that would be refused, so nothing is written."""
    run_extraction = extract_release or (lambda path: extract([path]))
    files = release_files(inputs)
    indexes = _known_indexes(into)
    known = {release.sha256: (package, release) for package, index in indexes.items() for release in index.releases}
    messages: list[str] = []
    hashes = {path: _sha256(path) for path in files}
    packages: set[str] = set()
    # Of several copies of one file, the one whose name sorts first is the release (its name is recorded).
    first_by_sha: dict[str, Path] = {}
    for path in sorted(hashes, key=lambda path: (path.name, str(path))):
        first_by_sha.setdefault(hashes[path], path)
    new_by_package: dict[str, list[NewRelease]] = {}
    for path in files:
        sha256 = hashes[path]
        if sha256 in known:
            package, entry = known[sha256]
            packages.add(package)
            messages.append(f"{path}: unchanged: already release {entry.version_name} of {package}")
        elif first_by_sha[sha256] != path:
            messages.append(f"{path}: unchanged: the same file as {first_by_sha[sha256]}")
        else:
            package, new_release = _new_release(path, run_extraction(path), allow_test_apks)
            packages.add(package)
            new_by_package.setdefault(package, []).append(new_release)
            known[sha256] = (package, new_release.entry)
    # Every package is placed, and its new folders' clients built, before anything is written.
    placements = {}
    for package, new_releases in sorted(new_by_package.items()):
        placement = place(into / package, indexes.get(package), package, new_releases)
        placements[package] = _with_clients(placement, first_by_sha)
    for package, placement in placements.items():
        _refuse(into / package, placement)
    if check_other_outputs is not None:
        check_other_outputs(tuple(sorted(packages)))
    summaries = []
    for package, new_releases in sorted(new_by_package.items()):
        package_folder = into / package
        old = indexes.get(package)
        placement = placements[package]
        _write(package_folder, placement.index, placement.writes, placement.renames, placement.removals)
        added = {release.entry.sha256: first_by_sha[release.entry.sha256] for release in new_releases}
        messages += _placement_messages(placement.index, old, added, package_folder)
        summaries.append(_summary(placement.index, old))
    for package in sorted(new_by_package):
        messages.append(f"history of {package} changed: {INDEX_NAME} and {CHANGELOG_NAME} rewritten")
    if not new_by_package:
        messages.append("nothing changed")
    return RegenerateResult(bool(new_by_package), tuple(messages), "\n".join(summaries), tuple(sorted(packages)))


def release_files(inputs: list[Path]) -> list[Path]:
    """Every APK or bundle named, and those directly in a folder named (sorted by name)."""
    files = []
    for path in inputs:
        if path.is_dir():
            found = sorted(
                item for item in path.iterdir() if item.is_file() and item.suffix.lower() in RELEASE_SUFFIXES
            )
            if not found:
                raise InputError(f"{path}: folder holds no {', '.join(RELEASE_SUFFIXES)} files")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    return digest.hexdigest()


def _known_indexes(into: Path) -> dict[str, ReleaseIndex]:
    indexes = {}
    for folder in sorted(into.iterdir()) if into.is_dir() else ():
        index = load_index(folder) if folder.is_dir() else None
        if index is not None:
            indexes[folder.name] = index
    return indexes


def _new_release(path: Path, result: ExtractionResult, allow_test_apks: bool) -> tuple[str, NewRelease]:
    app = result.extraction.app
    if app.test_only and not allow_test_apks:
        raise InputError(
            f"{path}: a test build (its manifest sets android:testOnly), not an app release;"
            " give --allow-test-apks to add it to the history anyway"
        )
    package = _folder_name(app.package, "package", path)
    version_name = _folder_name(app.version_name, "versionName", path)
    if not app.version_code or not str(app.version_code).isdigit():
        raise InputError(f"{path}: has no numeric versionCode in its manifest, so the release cannot be placed")
    versions = {
        protocol_version.version: {
            "modules": len(protocol_version.modules),
            "types": sum(len(module.assignments) for module in protocol_version.modules),
        }
        for protocol_version in result.extraction.versions
    }
    entry = ReleaseEntry(
        int(app.version_code), version_name, app.sha256, app.source_name, schemas_fingerprint(result.files), versions
    )
    return package, NewRelease(entry, result.files)


def _with_clients(placement: Placement, input_by_sha: dict[str, Path]) -> Placement:
    """The typed Python client beside the schemas of each folder placement writes: a release whose
    schemas an earlier release already stores gets no folder, so no client is built for it."""
    storing = {release.folder: release for release in placement.index.releases if release.stored}
    writes = {}
    for folder, files in placement.writes.items():
        label = str(input_by_sha[storing[folder].sha256])
        writes[folder] = {**files, **client_package(files, placement.index.package, label)}
    return replace(placement, writes=writes)


def client_package(files: dict[str, str], android_package: str, label: str) -> dict[str, str]:
    """The release's typed Python client, beside its modules as `python/<name>/`."""
    name = python_package_name(android_package)
    return {f"{PYTHON_FOLDER}/{name}/{relative}": text for relative, text in package_files(files, name, label).items()}


def _folder_name(value: str | None, what: str, path: Path) -> str:
    if not value:
        raise InputError(f"{path}: has no {what} in its manifest, so the release cannot be placed")
    return safe_segment(value, what, path, used_as="folder name")


def _refuse(package_folder: Path, placement: Placement) -> None:
    """The refusal `_write` would meet in a release folder it writes, before any package is written."""
    freed = {*placement.removals, *placement.renames}
    for name in placement.writes:
        if name not in freed:
            refuse_folder(package_folder / name)


def _write(package_folder: Path, index: ReleaseIndex, writes: dict, renames: dict, removals: tuple[str, ...]) -> None:
    """Removals, then renames, then new folders (a new folder may take a name another one gave up)."""
    try:
        for name in removals:
            shutil.rmtree(package_folder / name)
        for old_name, new_name in renames.items():
            (package_folder / old_name).rename(package_folder / new_name)
    except OSError as error:
        raise OutputError(f"{package_folder}: cannot move release folders: {error.strerror}") from None
    for name, files in sorted(writes.items()):
        write_folder(package_folder / name, files)
    write_text_atomically(package_folder / INDEX_NAME, index.to_text())
    write_text_atomically(package_folder / CHANGELOG_NAME, changelog_text(index))


def _placement_messages(
    index: ReleaseIndex, old: ReleaseIndex | None, added: dict[str, Path], package_folder: Path
) -> list[str]:
    messages = []
    for release in index.releases:
        before = old.find(release.sha256) if old else None
        where = (
            f"stored in {package_folder / release.folder}"
            if release.stored
            else f"same schemas as {release.folder}, not stored again"
        )
        what = (
            "first release"
            if release.previous is None
            else summary_line([change_from_json(change) for change in release.changes])
        )
        if release.sha256 in added:
            messages.append(
                f"{added[release.sha256]}: added {release.version_name} (versionCode {release.version_code}): {what}; {where}"
            )
        elif before is not None and before.to_json() != release.to_json():
            messages.append(f"{release.version_name}: entry recomputed for its new place: {what}; {where}")
    return messages


def _summary(index: ReleaseIndex, old: ReleaseIndex | None) -> str:
    """The changelog entries of releases that are new or whose entry changed, newest first."""
    entries = []
    for position in reversed(range(len(index.releases))):
        release = index.releases[position]
        before = old.find(release.sha256) if old else None
        if before is None or before.to_json() != release.to_json():
            entries.append(release_entry(index, position))
    return f"# Schema changes of `{index.package}`\n\n" + "\n".join(entries)
