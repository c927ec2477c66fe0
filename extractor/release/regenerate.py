"""`saic-asn1 regenerate`: keep `generated_schemas/<package>/<versionName>/` up to date with app releases.

A new APK is extracted, compared with the newest release already there (by versionCode, then
versionName), and written with a CHANGELOG entry only when its schemas differ. Same input (sha256)
or same schemas: nothing is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..diff.changes import diff_snapshots
from ..diff.report import markdown_report, summary_line
from ..diff.snapshot import snapshot_from_files
from ..errors import InputError, OutputError
from ..schema.extract import ExtractionResult, extract
from ..schema.output import INDEX_FILE, is_our_output, write_folder

SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
CHANGELOG = "CHANGELOG.md"
CHANGELOG_TITLE = "# Schema changelog\n"


@dataclass(frozen=True)
class Release:
    folder: Path
    version_name: str
    version_code: int
    sha256: str


@dataclass(frozen=True)
class RegenerateResult:
    changed: bool
    # Why nothing was written, or where the new release went.
    message: str
    # The Markdown summary: the diff against the previous release (empty when unchanged).
    summary: str
    # generated_schemas/<package>: where this app's releases are.
    package_folder: Path | None = None


def regenerate(apk: Path, into: Path) -> RegenerateResult:
    result = extract([apk])
    app = result.extraction.app
    package = _folder_name(app.package, "package", apk)
    version_name = _folder_name(app.version_name, "versionName", apk)
    package_folder = into / package
    releases = _releases(package_folder)
    same_input = next((release for release in releases if release.sha256 == app.sha256), None)
    if same_input is not None:
        return RegenerateResult(False, f"unchanged: {apk.name} is already {same_input.folder}", "", package_folder)
    previous = _newest([release for release in releases if release.version_name != version_name])
    target = package_folder / version_name
    if previous is None:
        summary = _first_summary(result, package, version_name)
    else:
        previous_files = _read_release(previous.folder)
        changes = diff_snapshots(snapshot_from_files(previous.version_name, previous_files), snapshot_from_files(version_name, result.files))
        if not changes:
            return RegenerateResult(False, f"unchanged: {version_name} has the same schemas as {previous.version_name}", "", package_folder)
        summary = markdown_report(changes, f"{package} {previous.version_name}", f"{package} {version_name}")
    write_folder(target, result.files)
    _prepend_changelog(package_folder / CHANGELOG, version_name, app.version_code, app.sha256, summary)
    reason = "first release" if previous is None else summary_line(changes)
    return RegenerateResult(True, f"changed: wrote {target} ({reason})", summary, package_folder)


def _folder_name(value: str | None, what: str, apk: Path) -> str:
    if not value:
        raise InputError(f"{apk}: has no {what} in its manifest, so the release cannot be placed")
    if not SAFE_SEGMENT.fullmatch(value):
        raise InputError(f"{apk}: {what} {value!r} is not usable as a folder name")
    return value


def _releases(package_folder: Path) -> list[Release]:
    releases = []
    for folder in sorted(package_folder.iterdir()) if package_folder.is_dir() else ():
        if not folder.is_dir() or not is_our_output(folder):
            continue
        document = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
        code = document["input"].get("versionCode") or "0"
        releases.append(
            Release(folder, folder.name, int(code) if str(code).isdigit() else 0, document["input"]["sha256"])
        )
    return releases


def _newest(releases: list[Release]) -> Release | None:
    return max(releases, key=lambda release: (release.version_code, _version_key(release.version_name)), default=None)


def _version_key(version_name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.\-_]", version_name))


def _read_release(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _first_summary(result: ExtractionResult, package: str, version_name: str) -> str:
    lines = [f"## Schemas of `{package}` {version_name}", "", "First extraction of this app.", ""]
    for protocol_version in result.extraction.versions:
        types = sum(len(module.assignments) for module in protocol_version.modules)
        lines.append(f"- {protocol_version.version}: {types} types in {len(protocol_version.modules)} modules")
    return "\n".join(lines) + "\n"


def _prepend_changelog(path: Path, version_name: str, version_code: str | None, sha256: str, summary: str) -> None:
    """Newest entry first; the entry is the Markdown summary under a heading naming the release."""
    body = path.read_text(encoding="utf-8").removeprefix(CHANGELOG_TITLE).lstrip("\n") if path.is_file() else ""
    heading = f"## {version_name} (versionCode {version_code or 'unknown'}, sha256 {sha256[:12]})"
    demoted = "\n".join("#" + line if line.startswith("#") else line for line in summary.splitlines())
    entry = f"{heading}\n\n{demoted}\n"
    staging = path.with_name(f".{path.name}.tmp")
    try:
        staging.write_text(CHANGELOG_TITLE + "\n" + entry + ("\n" + body if body else ""), encoding="utf-8")
        staging.replace(path)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
