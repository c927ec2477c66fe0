"""The diff as text (coloured on a terminal), Markdown (for a pull-request body) or JSON (stable)."""

from __future__ import annotations

import json
from collections.abc import Callable

from ..wording import counted
from .changes import BREAKING, Change

JSON_FORMAT_VERSION = 1


def summary_line(changes: list[Change]) -> str:
    breaking = sum(change.verdict == BREAKING for change in changes)
    if not changes:
        return "no schema changes"
    counts = f"{counted(len(changes), 'change')}: {breaking} breaking, {len(changes) - breaking} compatible"
    return f"{counts}; {api_line(changes)}"


def api_line(changes: list[Change]) -> str:
    """Whether code using the generated Python client breaks; changes recorded before API verdicts existed carry none."""
    api_breaking = sum(change.api_verdict == BREAKING for change in changes)
    missing = sum(not change.api_verdict for change in changes)
    if changes and missing == len(changes):
        return "the API verdict for the generated Python client was not recorded"
    if not missing:
        if not api_breaking:
            return "code using the generated Python client keeps working"
        return _breaking_client_code(api_breaking)
    recorded = (
        _breaking_client_code(api_breaking)
        if api_breaking
        else ("no recorded change breaks code using the generated Python client")
    )
    return f"{recorded}; the API verdict of {missing} was not recorded"


def _breaking_client_code(count: int) -> str:
    return f"{count} {'breaks' if count == 1 else 'break'} code using the generated Python client"


def _api_text(change: Change) -> str:
    return change.api_verdict or "not recorded"


def _where(change: Change) -> str:
    return f"{change.type_name}.{change.path}" if change.path else change.type_name


def _values(change: Change) -> str:
    if change.old is not None and change.new is not None:
        return f"{change.old} → {change.new}"
    return change.new if change.new is not None else change.old or ""


def text_report(changes: list[Change], old_label: str, new_label: str, style: Callable[..., str]) -> str:
    """`style` is `click.style` (colour) or a plain pass-through."""
    lines = [f"schema diff {old_label} → {new_label}: {summary_line(changes)}"]
    current = None
    for change in changes:
        if (change.version, change.module) != current:
            current = (change.version, change.module)
            lines.append(style(f"{change.version}/{change.module}", bold=True))
        verdict = style(f"{change.verdict.upper():<10}", fg="red" if change.verdict == BREAKING else "green")
        api_colour = "red" if change.api_verdict == BREAKING else "green" if change.api_verdict else None
        api = style(f"API {_api_text(change).upper():<10}", fg=api_colour)
        lines.append(f"  {verdict} {api} {change.kind}: {_where(change)}  {_values(change)}")
        lines.append(f"             wire: {change.reason}")
        lines.append(f"             API: {change.api_reason or 'not recorded'}")
    return "\n".join(lines)


def markdown_report(changes: list[Change], old_label: str, new_label: str) -> str:
    lines = [f"## Schema diff `{old_label}` → `{new_label}`", "", f"**{summary_line(changes)}**"]
    current_version = None
    for change in changes:
        if change.version != current_version:
            current_version = change.version
            lines += [
                "",
                f"### {change.version}",
                "",
                "| wire | Python API | change | where | old → new | why (wire; API) |",
                "|---|---|---|---|---|---|",
            ]
        cells = [
            "**breaking**" if change.verdict == BREAKING else "compatible",
            "**breaking**" if change.api_verdict == BREAKING else _api_text(change),
            change.kind,
            f"`{change.module}` `{_where(change)}`",
            _markdown_cell(_values(change)),
            _markdown_cell(f"{change.reason}; {change.api_reason or 'API verdict not recorded'}"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def json_report(changes: list[Change], old_label: str, new_label: str) -> str:
    breaking = sum(change.verdict == BREAKING for change in changes)
    document = {
        "format": JSON_FORMAT_VERSION,
        "old": old_label,
        "new": new_label,
        "summary": {
            "changes": len(changes),
            "breaking": breaking,
            "compatible": len(changes) - breaking,
            "api_breaking": sum(change.api_verdict == BREAKING for change in changes),
        },
        "changes": [change.to_json() for change in changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
