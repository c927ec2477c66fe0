"""What decides whether two types encode alike in UPER (X.691): a component renamed in place keeps its wire form
only if its type does, and a retyped one is compatible only then. IA5String, VisibleString and PrintableString
are all 7 bits a character (X.691 30.5.3, their alphabets' upper bound 127 < 128) with a constrained length below
64K as a field; OCTET STRING and BIT STRING count octets and bits; a UTF8String's SIZE is not PER-visible."""

from __future__ import annotations

import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_snapshots
from tests.unit.diff.outputs import output

TYPES = (
    "C ::= INTEGER(0..7)\nP ::= SEQUENCE { c C, d BOOLEAN }\nQ ::= CHOICE { c C, n NULL }\n"
    "Node ::= SEQUENCE { v C, next Node OPTIONAL }\nTree ::= CHOICE { leaf C, pair SEQUENCE { l Tree, r Tree } }\n"
    "Chain ::= SEQUENCE { v C, more SEQUENCE SIZE(0..2) OF Chain }\n"
)


def changes(old: str, new: str) -> list[tuple]:
    found = diff_snapshots(output("old", {"v1_1/M.asn1": TYPES + old}), output("new", {"v1_1/M.asn1": TYPES + new}))
    return [(change.path, change.kind, change.verdict, change.reason) for change in found if change.type_name == "T"]


@pytest.mark.parametrize(
    "component",
    [
        "P",
        "Q",
        "Node",
        "Tree",
        "Chain",
        "SEQUENCE SIZE(1..4) OF P",
        "CHOICE { a C, b SEQUENCE { c C } }",
        "VisibleString(SIZE(1..8))",
    ],
)
def test_a_component_renamed_in_place_keeps_its_wire_form(component):
    old, new = f"T ::= SEQUENCE {{ a {component} }}", f"T ::= SEQUENCE {{ b {component} }}"
    assert changes(old, new) == [("b", "component renamed", COMPATIBLE, "names are not on the wire")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # 1..4 elements: a 2-bit length field; 1..8: 3 bits.
        ("SEQUENCE SIZE(1..4) OF BOOLEAN", "SEQUENCE SIZE(1..8) OF BOOLEAN"),
        ("CHOICE { a C, n NULL }", "CHOICE { a INTEGER(0..15), n NULL }"),
    ],
)
def test_a_component_whose_wire_form_changes_is_not_a_rename(old, new):
    found = changes(f"T ::= SEQUENCE {{ a {old} }}", f"T ::= SEQUENCE {{ b {new} }}")
    assert [change[:2] for change in found] == [("a", "component removed"), ("b", "component added")]


@pytest.mark.parametrize(
    ("old", "new", "verdict", "reason"),
    [
        ("IA5String(SIZE(1..8))", "VisibleString(SIZE(1..8))", COMPATIBLE, "both encode the same way in UPER"),
        # 1..8 characters: a 3-bit length field; 1..16: 4 bits.
        (
            "IA5String(SIZE(1..8))",
            "PrintableString(SIZE(1..16))",
            BREAKING,
            "both are 7-bit string, but their contents encode differently",
        ),
        (
            "IA5String(SIZE(1..8))",
            "UTF8String(SIZE(1..8))",
            BREAKING,
            "a 7-bit string and a UTF8String encode differently",
        ),
        (
            "OCTET STRING(SIZE(4))",
            "BIT STRING(SIZE(4))",
            BREAKING,
            "an OCTET STRING and a BIT STRING encode differently",
        ),
    ],
)
def test_a_retyped_string_is_compatible_only_when_it_encodes_alike(old, new, verdict, reason):
    assert changes(f"T ::= SEQUENCE {{ a {old} }}", f"T ::= SEQUENCE {{ a {new} }}") == [
        ("a", "component type changed", verdict, reason)
    ]
