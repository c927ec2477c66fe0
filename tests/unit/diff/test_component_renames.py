"""A component renamed in place (same position, same wire form) is compatible on the wire (names are not
encoded in UPER); for the generated Python client it breaks only when the attribute name changes."""

from __future__ import annotations

import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_snapshots
from extractor.schema.stored import load_files


def snapshot(label: str, body: str):
    return load_files(label, {"v1_1/M.asn1": f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{body}\nEND\n"})


@pytest.mark.parametrize(
    ("new_name", "api"),
    [
        ("velocity", (BREAKING, "the Python attribute gps_speed becomes velocity")),
        # gpsSpeed and gps-speed are both the attribute gps_speed.
        ("gps-speed", (COMPATIBLE, "the Python attribute keeps its name gps_speed")),
    ],
)
def test_a_component_renamed_in_place(new_name, api):
    old = snapshot("old", "T ::= SEQUENCE { gpsSpeed INTEGER(0..255), on BOOLEAN }")
    new = snapshot("new", f"T ::= SEQUENCE {{ {new_name} INTEGER(0..255), on BOOLEAN }}")
    [change] = diff_snapshots(old, new)
    assert (change.path, change.kind, change.old, change.new, change.verdict) == (
        new_name,
        "component renamed",
        "gpsSpeed",
        new_name,
        COMPATIBLE,
    )
    assert (change.api_verdict, change.api_reason) == api
