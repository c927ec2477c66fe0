"""The SIZE of UTF8String and the other octet-counted strings is not PER-visible: changing it is compatible."""

from __future__ import annotations

import asn1tools
import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_snapshots
from extractor.schema.stored import load_files


def module(body: str) -> str:
    return f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{body}\nEND\n"


def snapshot(label: str, body: str):
    return load_files(label, {"v1_1/M.asn1": module(body)})


def uper(body: str, type_name: str, value) -> bytes:
    return asn1tools.compile_string(module(body), "uper").encode(type_name, value)


CASES = [
    # (old body, new body, type, a value both accept)
    ("T ::= UTF8String (SIZE(1..20))", "T ::= UTF8String (SIZE(1..40))", "T", "ab"),
    ("T ::= UTF8String (SIZE(1..20))", "T ::= UTF8String", "T", "ab"),
    ("T ::= GeneralString (SIZE(2))", "T ::= GeneralString (SIZE(1..300))", "T", "ab"),
    (
        "T ::= SEQUENCE { name UTF8String (SIZE(1..20)) }",
        "T ::= SEQUENCE { name UTF8String (SIZE(1..40)) }",
        "T",
        {"name": "ab"},
    ),
    (
        "S ::= UTF8String (SIZE(1..20))\nT ::= SEQUENCE { name S }",
        "S ::= UTF8String (SIZE(1..40))\nT ::= SEQUENCE { name S }",
        "T",
        {"name": "ab"},
    ),
]


@pytest.mark.parametrize(("old", "new", "type_name", "value"), CASES)
def test_a_size_change_on_an_octet_counted_string_is_compatible(old, new, type_name, value):
    # Independent expectation: asn1tools sends the same bytes under both constraints.
    assert uper(old, type_name, value) == uper(new, type_name, value)
    changes = diff_snapshots(snapshot("old", old), snapshot("new", new))
    assert changes, "the constraint change is still reported"
    assert {change.verdict for change in changes} == {COMPATIBLE}
    assert all("not PER-visible" in change.reason for change in changes if change.kind == "constraint changed")


def test_an_octet_counted_string_component_renamed_in_place_is_found_as_a_rename():
    old = "T ::= SEQUENCE { name UTF8String (SIZE(1..20)) }"
    new = "T ::= SEQUENCE { label UTF8String (SIZE(1..40)) }"
    assert uper(old, "T", {"name": "ab"}) == uper(new, "T", {"label": "ab"})
    changes = diff_snapshots(snapshot("old", old), snapshot("new", new))
    assert [(change.kind, change.verdict) for change in changes] == [("component renamed", COMPATIBLE)]


def test_a_size_change_on_a_known_multiplier_string_stays_breaking():
    old, new = "T ::= IA5String (SIZE(1..20))", "T ::= IA5String (SIZE(1..40))"
    assert uper(old, "T", "ab") != uper(new, "T", "ab")
    changes = diff_snapshots(snapshot("old", old), snapshot("new", new))
    assert [change.verdict for change in changes] == [BREAKING]
