"""What the diff says of an ENUMERATED's items. Worked out from UPER (X.691 14): a root item is encoded
as its index among the items sorted by value, in ceil(log2 n) bits; so what counts is the order by value
and the count's power of two, not the numbers themselves."""

from __future__ import annotations

import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_snapshots
from extractor.schema.stored import load_files


def snapshot(label: str, body: str):
    return load_files(label, {"v1_1/M.asn1": f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{body}\nEND\n"})


def changes(old: str, new: str) -> list[tuple]:
    found = diff_snapshots(snapshot("old", old), snapshot("new", new))
    return [(change.path, change.kind, change.old, change.new, change.verdict) for change in found]


OLD = "E ::= ENUMERATED { off(0), on(1), auto(2) }"


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        # 3 → 4 items after the others by value: indexes 0..2 stay, 2 bits stay.
        (
            "E ::= ENUMERATED { off(0), on(1), auto(2), eco(5) }",
            [("eco", "enum item added", None, "eco(5)", COMPATIBLE)],
        ),
        # 3 → 2 items: 2 bits → 1.
        ("E ::= ENUMERATED { off(0), on(1) }", [("auto", "enum item removed", "auto(2)", None, BREAKING)]),
        # Renumbered, order by value kept (0, 1, 2 → 0, 1, 7): the index stays, the change is told.
        (
            "E ::= ENUMERATED { off(0), on(1), auto(7) }",
            [("auto", "enum item renumbered", "auto(2)", "auto(7)", COMPATIBLE)],
        ),
        # Renumbered so the order by value changes: on is now index 2, auto index 1.
        (
            "E ::= ENUMERATED { off(0), on(3), auto(2) }",
            [("on", "enum item renumbered", "on(1)", "on(3)", BREAKING)],
        ),
        # A new item by value before the others shifts every index.
        (
            "E ::= ENUMERATED { unknown(-1), off(0), on(1), auto(2) }",
            [("unknown", "enum item added", None, "unknown(-1)", BREAKING)],
        ),
        (OLD, []),
    ],
)
def test_enumeration_items(new, expected):
    assert changes(OLD, new) == expected
