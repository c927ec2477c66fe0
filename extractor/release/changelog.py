"""`generated_schemas/<package>/CHANGELOG.md`, rebuilt from the release index every time: newest first,
each entry the Markdown diff against the release before it."""

from __future__ import annotations

from typing import Any

from ..diff.changes import Change
from ..diff.report import markdown_report
from ..wording import counted
from .index import ReleaseEntry, ReleaseIndex

CHANGELOG_NAME = "CHANGELOG.md"


def changelog_text(index: ReleaseIndex) -> str:
    entries = [release_entry(index, position) for position in reversed(range(len(index.releases)))]
    return f"# Schema changelog of `{index.package}`\n\n" + "\n".join(entries)


def release_entry(index: ReleaseIndex, position: int) -> str:
    """One release's section: heading, where its schemas are, and what changed."""
    release = index.releases[position]
    previous = index.releases[position - 1] if position else None
    heading = f"## {release.version_name} (versionCode {release.version_code}, sha256 {release.sha256[:12]})"
    return f"{heading}\n\n{_body(index.package, release, previous)}"


def _body(package: str, release: ReleaseEntry, previous: ReleaseEntry | None) -> str:
    if previous is None:
        lines = ["First release in this history.", ""]
        for version, counts in sorted(release.versions.items()):
            lines.append(f"- {version}: {counted(counts['types'], 'type')} in {counted(counts['modules'], 'module')}")
        return "\n".join(lines) + "\n"
    if previous.schemas_sha256 == release.schemas_sha256:
        return f"No schema change: the same schemas as {previous.version_name} (stored in `{release.folder}/`).\n"
    where = "" if release.stored else f"The same schemas as an earlier release, stored in `{release.folder}/`.\n\n"
    changes = [change_from_json(change) for change in release.changes]
    report = markdown_report(changes, f"{package} {previous.version_name}", f"{package} {release.version_name}")
    demoted = "\n".join("#" + line if line.startswith("#") else line for line in report.splitlines())
    return f"{where}{demoted}\n"


def change_from_json(document: dict[str, Any]) -> Change:
    """A recorded change back as the diff's dataclass; fields a newer diff added are None when absent."""
    values: dict[str, Any] = {name: document.get(name) for name in Change.__dataclass_fields__}
    return Change(**values)
