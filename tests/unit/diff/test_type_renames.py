"""Two releases' outputs: a type is followed by its Java class (index.json), so a class the new release names
differently is a rename (names are not on the wire in UPER), and a module or protocol version found on one
side only brings its types as added or removed. API verdicts from the generated client: a class per type."""

from __future__ import annotations

import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_snapshots
from tests.unit.diff.outputs import output

STATUS = "SEQUENCE { a BOOLEAN }"


def report(old, new) -> list[tuple]:
    return [
        (change.version, change.module, change.type_name, change.kind, change.old, change.new, change.verdict)
        + (change.reason, change.api_verdict, change.api_reason, change.path)
        for change in diff_snapshots(old, new)
    ]


@pytest.mark.parametrize(
    ("old_name", "new_name", "api_reason"),
    [
        ("Status", "VehicleStatus", "the Python class Status becomes VehicleStatus"),
        # The generated client spells a `-` in a type name as `_`.
        ("Gps-Pos", "Gps-Position", "the Python class Gps_Pos becomes Gps_Position"),
    ],
)
def test_a_class_named_differently_is_a_renamed_type(old_name, new_name, api_reason):
    old = output(
        "old",
        {"v1_1/M.asn1": f"{old_name} ::= {STATUS}\nKeep ::= NULL"},
        {("v1_1/M.asn1", old_name): "com.x.Status", ("v1_1/M.asn1", "Keep"): "com.x.Keep"},
    )
    new = output(
        "new",
        {"v1_1/M.asn1": f"{new_name} ::= {STATUS}\nKeep ::= NULL"},
        {("v1_1/M.asn1", new_name): "com.x.Status", ("v1_1/M.asn1", "Keep"): "com.x.Keep"},
    )
    assert report(old, new) == [
        ("v1_1", "M.asn1", new_name, "type renamed", old_name, new_name, COMPATIBLE)
        + ("names are not on the wire", BREAKING, api_reason, "")
    ]


def test_a_name_taken_by_another_class_is_not_matched_by_name_again():
    # The class of Status is now called Info; the old Info's class is gone.
    old = output(
        "old",
        {"v1_1/M.asn1": f"Status ::= {STATUS}\nInfo ::= NULL"},
        {
            ("v1_1/M.asn1", "Status"): "com.x.Status",
            ("v1_1/M.asn1", "Info"): "com.x.Info",
        },
    )
    new = output("new", {"v1_1/M.asn1": f"Info ::= {STATUS}"}, {("v1_1/M.asn1", "Info"): "com.x.Status"})
    assert [change[2:6] for change in report(old, new)] == [
        ("Info", "type removed", "NULL", None),
        ("Info", "type renamed", "Status", "Info"),
    ]


def test_a_module_or_a_version_on_one_side_only_brings_its_types():
    old = output("old", {"v1_1/M.asn1": "T ::= NULL", "v1_1/N.asn1": "U ::= BOOLEAN"})
    new = output("new", {"v1_1/M.asn1": "T ::= NULL", "v2_1/M.asn1": "T ::= NULL"})
    assert [change[:6] for change in report(old, new)] == [
        ("v1_1", "N.asn1", "U", "type removed", "BOOLEAN", None),
        ("v2_1", "M.asn1", "T", "type added", None, "NULL"),
    ]
