"""Place new releases in a package's history: order, which release stores which schemas, and what
changed against each release's real predecessor.

The result depends only on the set of releases, never on the order they arrived in: releases are
ordered by versionCode (then versionName, then sha256); releases with the same schemas (same
fingerprint) form a group whose earliest member stores them and whose other members point there; each
release's changes are the diff against the release before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import __version__
from ..diff.changes import Change, diff_snapshots
from ..errors import InputError
from ..schema.output import read_texts
from ..schema.stored import StoredExtraction, load_files
from .index import INDEX_NAME, ReleaseEntry, ReleaseIndex, folder_names, ordered

CHANGE_FIELDS = set(Change.__dataclass_fields__)


@dataclass(frozen=True)
class NewRelease:
    entry: ReleaseEntry
    # The extraction: relative path → text, index.json included.
    files: dict[str, str]


@dataclass(frozen=True)
class Placement:
    index: ReleaseIndex
    # Folder name → files of a release that now stores its schemas and was not stored before.
    writes: dict[str, dict[str, str]]
    # Old folder name → new folder name, for stored releases whose folder name changed.
    renames: dict[str, str]
    # Folders of releases that no longer store their schemas (an earlier release has the same ones).
    removals: tuple[str, ...]


def place(package_folder: Path, old: ReleaseIndex | None, package: str, new_releases: list[NewRelease]) -> Placement:
    old_entries = list(old.releases) if old else []
    releases = ordered(old_entries + [release.entry for release in new_releases])
    names = folder_names(releases)
    keepers: dict[str, ReleaseEntry] = {}
    for release in releases:
        keepers.setdefault(release.schemas_sha256, release)
    files_by_sha = {release.entry.sha256: release.files for release in new_releases}
    old_by_sha = {release.sha256: release for release in old_entries}
    snapshots = _Snapshots(package_folder, files_by_sha, old_by_sha)
    reusable = old is not None and old.generator_version == __version__

    placed: list[ReleaseEntry] = []
    for position, release in enumerate(releases):
        keeper = keepers[release.schemas_sha256]
        previous = releases[position - 1] if position else None
        recorded = old_by_sha.get(release.sha256)
        if previous is None or previous.schemas_sha256 == release.schemas_sha256:
            changes: tuple[dict, ...] = ()
        elif reusable and recorded is not None and recorded.previous == previous.sha256 and _complete(recorded):
            changes = recorded.changes
        else:
            old_schemas = snapshots.of(keepers[previous.schemas_sha256], previous.version_name)
            new_schemas = snapshots.of(keeper, release.version_name)
            changes = tuple(change.to_json() for change in diff_snapshots(old_schemas, new_schemas))
        placed.append(
            replace(
                release,
                stored=keeper is release,
                folder=names[keeper.sha256],
                previous=previous.sha256 if previous else None,
                changes=changes,
            )
        )

    writes, renames, removals = {}, {}, []
    for release in placed:
        before = old_by_sha.get(release.sha256)
        was_stored = before is not None and before.stored
        if release.stored and not was_stored:
            if release.sha256 not in files_by_sha:
                raise InputError(
                    f"{package_folder}: {release.version_name} is not stored although it is the first with its schemas; its {INDEX_NAME} was edited"
                )
            writes[release.folder] = files_by_sha[release.sha256]
        elif release.stored and before is not None and before.folder != release.folder:
            renames[before.folder] = release.folder
        elif was_stored and not release.stored and before is not None:
            removals.append(before.folder)
    return Placement(ReleaseIndex(package, tuple(placed)), writes, renames, tuple(removals))


def _complete(release: ReleaseEntry) -> bool:
    """Whether the recorded changes have every field the diff gives now (a newer diff may add some)."""
    return all(CHANGE_FIELDS <= change.keys() for change in release.changes)


class _Snapshots:
    """The schemas of a group's keeper: from its extraction when it is new, else from its stored folder."""

    def __init__(
        self, package_folder: Path, files_by_sha: dict[str, dict[str, str]], old_by_sha: dict[str, ReleaseEntry]
    ) -> None:
        self.package_folder = package_folder
        self.files_by_sha = files_by_sha
        self.old_by_sha = old_by_sha
        self.cache: dict[str, StoredExtraction] = {}

    def of(self, keeper: ReleaseEntry, label: str) -> StoredExtraction:
        if keeper.sha256 not in self.cache:
            files = self.files_by_sha.get(keeper.sha256)
            if files is None:
                files = read_texts(self.package_folder / self.old_by_sha[keeper.sha256].folder)
            self.cache[keeper.sha256] = load_files(label, files)
        return self.cache[keeper.sha256]
