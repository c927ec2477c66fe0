"""The releases of one app, read from its release index `generated_schemas/<package>/releases.json`
(written by `regenerate`): oldest first, each with the schema changes recorded against the one before."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diff.changes import Change
from ..diff.report import summary_line
from ..release.changelog import change_from_json
from ..release.index import folder_names, require_index
from ..schema.output import safe_segment


@dataclass(frozen=True)
class ReleaseDoc:
    # The folder that holds this release's schemas (an earlier release's when they are the same).
    folder: Path
    # The file name of its page: the versionName, made unique like the release folders.
    page: str
    version_name: str
    version_code: str
    package: str
    sha256: str
    source_file: str
    # (protocol version, number of types)
    versions: tuple[tuple[str, int], ...]
    previous: str | None
    previous_page: str | None
    changes: tuple[Change, ...]

    @property
    def summary(self) -> str:
        return summary_line(list(self.changes)) if self.previous else "first release"


def load_releases(package_folder: Path) -> list[ReleaseDoc]:
    index = require_index(package_folder)
    pages = folder_names(list(index.releases))
    by_sha = {release.sha256: release for release in index.releases}
    releases = []
    for release in index.releases:
        page = safe_segment(pages[release.sha256], "release", package_folder)
        previous = by_sha.get(release.previous) if release.previous else None
        releases.append(
            ReleaseDoc(
                folder=package_folder / safe_segment(release.folder, "release folder", package_folder),
                page=page,
                version_name=release.version_name,
                version_code=str(release.version_code),
                package=index.package,
                sha256=release.sha256,
                source_file=release.file,
                versions=tuple((version, counts.get("types", 0)) for version, counts in release.versions.items()),
                previous=previous.version_name if previous else None,
                previous_page=pages[previous.sha256] if previous else None,
                changes=tuple(change_from_json(change) for change in release.changes),
            )
        )
    return releases
