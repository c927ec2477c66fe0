"""`saic-asn1 history` output: a type's or component's events, or the timeline of all releases, as text,
Markdown or JSON. The API verdict column appears once the recorded changes carry `api_verdict`."""

from __future__ import annotations

import json
from typing import Any

from ..wording import counted
from .history import Event, Subject, since
from .index import ReleaseIndex

HISTORY_FORMAT = 1


def events_report(index: ReleaseIndex, subject: Subject, events: list[Event], output_format: str) -> str:
    current = since(events)
    if output_format == "json":
        document = {
            "format": HISTORY_FORMAT,
            "package": index.package,
            "type": subject.type_name,
            "path": subject.path,
            "since": {version: _release_json(event) for version, event in current.items()},
            "events": [_event_json(event) for event in events],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    with_api = any(event.change and "api_verdict" in event.change for event in events)
    header = [
        "release",
        "versionCode",
        "version",
        "event",
        "change",
        "wire",
        *(["api"] if with_api else []),
        "old → new",
    ]
    rows = [header] + [_event_row(event, subject, with_api) for event in events]
    where = ", ".join(f"{event.release.version_name} ({version})" for version, event in current.items())
    headline = f"{subject} in {index.package}: " + (
        f"since {where}" if where else "in no protocol version of the newest release"
    )
    return _render(headline, rows, output_format)


def timeline_report(index: ReleaseIndex, output_format: str) -> str:
    if output_format == "json":
        releases = [
            {key: value for key, value in release.to_json().items() if key != "changes"} for release in index.releases
        ]
        return (
            json.dumps(
                {"format": HISTORY_FORMAT, "package": index.package, "releases": releases}, indent=2, ensure_ascii=False
            )
            + "\n"
        )
    with_api = any("api_verdict" in change for release in index.releases for change in release.changes)
    header = [
        "release",
        "versionCode",
        "sha256",
        "schemas",
        "changes",
        "breaking",
        "compatible",
        *(["api breaking"] if with_api else []),
    ]
    rows = [header]
    for position, release in enumerate(index.releases):
        schemas = "stored" if release.stored else f"same as {release.folder}"
        breaking = sum(change["verdict"] == "breaking" for change in release.changes)
        counts = (
            [str(len(release.changes)), str(breaking), str(len(release.changes) - breaking)]
            if position
            else ["first release", "", ""]
        )
        api = [str(sum(change.get("api_verdict") == "breaking" for change in release.changes))] if with_api else []
        rows.append([release.version_name, str(release.version_code), release.sha256[:12], schemas, *counts, *api])
    return _render(f"{index.package}: {counted(len(index.releases), 'release')}", rows, output_format)


def _event_row(event: Event, subject: Subject, with_api: bool) -> list[str]:
    release = [event.release.version_name, str(event.release.version_code), event.version, event.what]
    change = event.change
    if change is None:
        return [*release, "in the first release", "", *([""] if with_api else []), ""]
    kind = (
        change["kind"]
        if change["path"] == subject.path
        else f"{change['kind']} ({change['path'] or change['type_name']})"
    )
    values = " → ".join(value for value in (change["old"], change["new"]) if value is not None)
    return [*release, kind, change["verdict"], *([change.get("api_verdict") or ""] if with_api else []), values]


def _release_json(event: Event) -> dict[str, Any]:
    return {
        "versionName": event.release.version_name,
        "versionCode": event.release.version_code,
        "sha256": event.release.sha256,
    }


def _event_json(event: Event) -> dict[str, Any]:
    return {
        **_release_json(event),
        "version": event.version,
        "module": event.module,
        "event": event.what,
        "change": event.change,
    }


def _render(headline: str, rows: list[list[str]], output_format: str) -> str:
    if output_format == "markdown":
        cells = [[cell.replace("|", "\\|") for cell in row] for row in rows]
        lines = [f"## {headline}", "", "| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(cells[0])]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        return "\n".join(lines) + "\n"
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [headline] + ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"
