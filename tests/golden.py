"""Messages of the golden checks (committed sample output, README output shapes): a golden file only
detects that output changed; what the change means is for a behaviour test to state."""

from __future__ import annotations

from collections.abc import Mapping

ADVICE = (
    "A golden file only shows that the output changed, not whether the change is right. If it is a bug, "
    "add the behaviour test that catches it (tests/unit/<subpackage>/ or tests/cli/, expectation worked out "
    "by hand) and fix the code. If it is intended, first state the new behaviour in such a test, then update "
    "the committed files."
)


def first_difference(old: str, new: str) -> str:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (was, now) in enumerate(zip(old_lines, new_lines), start=1):
        if was != now:
            return f"line {number}: {was.strip()!r} → {now.strip()!r}"
    return f"{len(old_lines)} → {len(new_lines)} lines"


def difference(what: str, committed: Mapping[str, str | bytes], produced: Mapping[str, str | bytes]) -> str:
    """What differs between the committed files and what the tool produces now, then ADVICE."""
    lines = [f"{what} differs from what the tool produces now:"]
    lines += [f"  only committed: {path}" for path in sorted(committed.keys() - produced.keys())]
    lines += [f"  only produced now: {path}" for path in sorted(produced.keys() - committed.keys())]
    for path in sorted(committed.keys() & produced.keys()):
        old, new = committed[path], produced[path]
        if old != new:
            old_text = old.decode("utf-8", "replace") if isinstance(old, bytes) else old
            new_text = new.decode("utf-8", "replace") if isinstance(new, bytes) else new
            lines.append(f"  changed: {path}, {first_difference(old_text, new_text)}")
    return "\n".join([*lines, ADVICE])
