"""What the diff says of a CHOICE's alternatives. Worked out from UPER (X.691 23): the index of an
alternative in a CHOICE of n has ceil(log2 n) bits and follows the alternatives' order, so an alternative
appended at the end keeps every other index only while n stays within the same power of two."""

from __future__ import annotations

import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_snapshots
from extractor.schema.stored import load_files


def snapshot(label: str, body: str):
    return load_files(label, {"v1_1/M.asn1": f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{body}\nEND\n"})


def changes(old: str, new: str) -> list[tuple]:
    found = diff_snapshots(snapshot("old", old), snapshot("new", new))
    return [(change.type_name, change.path, change.kind, change.old, change.new, change.verdict) for change in found]


ABC = "T ::= CHOICE { a INTEGER(0..7), b BOOLEAN, c NULL }"


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        # 3 → 4 alternatives: the index stays 2 bits, a, b and c keep 0, 1 and 2.
        (
            "T ::= CHOICE { a INTEGER(0..7), b BOOLEAN, c NULL, d NULL }",
            [("T", "d", "choice alternative added", None, "d", COMPATIBLE)],
        ),
        # 3 → 2 alternatives: the index shrinks from 2 bits to 1.
        (
            "T ::= CHOICE { a INTEGER(0..7), b BOOLEAN }",
            [("T", "c", "choice alternative removed", "c", None, BREAKING)],
        ),
        # The first one removed: b and c move to indexes 0 and 1.
        ("T ::= CHOICE { b BOOLEAN, c NULL }", [("T", "a", "choice alternative removed", "a", None, BREAKING)]),
        (
            "T ::= CHOICE { a INTEGER(0..7), c NULL, b BOOLEAN }",
            [("T", "", "choice alternatives reordered", "a, b, c", "a, c, b", BREAKING)],
        ),
        # A common alternative's own type is compared under its name: 0..7 → 0..15 is 3 → 4 bits.
        (
            "T ::= CHOICE { a INTEGER(0..15), b BOOLEAN, c NULL }",
            [("T", "a", "constraint changed", "(0..7)", "(0..15)", BREAKING)],
        ),
        (ABC, []),
    ],
)
def test_choice_alternatives(new, expected):
    assert changes(ABC, new) == expected


def test_an_alternative_of_a_choice_inside_a_sequence_is_named_by_its_path():
    old = "S ::= SEQUENCE { x CHOICE { a NULL, b NULL } }"
    new = "S ::= SEQUENCE { x CHOICE { a NULL, b NULL, c NULL } }"
    assert changes(old, new) == [("S", "x.c", "choice alternative added", None, "c", BREAKING)]
