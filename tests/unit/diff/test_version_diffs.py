"""`diff --versions`: two protocol versions of one output compared module file by module file, types matched
by name (a class of the app keeps its Java class across versions but may change its ASN.1 name). Expectations
from UPER (X.691 13: a constrained INTEGER is an offset in ceil(log2(range)) bits: 0..7 in 3, 0..15 in 4)."""

from __future__ import annotations

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_versions
from tests.unit.diff.outputs import output

# U and V are one Java class under two names: across versions, types are still matched by name.
EXTRACTION = output(
    "out",
    {
        "v1_1/M.asn1": "T ::= INTEGER(0..7)\nU ::= BOOLEAN",
        "v2_1/M.asn1": "T ::= INTEGER(0..15)\nV ::= BOOLEAN",
        "v2_1/N.asn1": "W ::= NULL",
    },
    {
        ("v1_1/M.asn1", "T"): "com.x.T",
        ("v1_1/M.asn1", "U"): "com.x.Flag",
        ("v2_1/M.asn1", "T"): "com.x.T",
        ("v2_1/M.asn1", "V"): "com.x.Flag",
        ("v2_1/N.asn1", "W"): "com.x.W",
    },
)


def test_two_versions_are_compared_type_by_type_under_the_same_name():
    found = [
        (change.version, change.module, change.type_name, change.kind, change.old, change.new, change.verdict)
        for change in diff_versions(EXTRACTION, "v1_1", "v2_1")
    ]
    assert found == [
        ("v1_1→v2_1", "M.asn1", "T", "constraint changed", "(0..7)", "(0..15)", BREAKING),
        ("v1_1→v2_1", "M.asn1", "U", "type removed", "BOOLEAN", None, COMPATIBLE),
        ("v1_1→v2_1", "M.asn1", "V", "type added", None, "BOOLEAN", COMPATIBLE),
        ("v1_1→v2_1", "N.asn1", "W", "type added", None, "NULL", COMPATIBLE),
    ]
    [widened] = [change for change in diff_versions(EXTRACTION, "v1_1", "v2_1") if change.type_name == "T"]
    assert widened.reason == "width 3 → 4 bits"


def test_the_same_version_against_itself_has_no_change():
    assert diff_versions(EXTRACTION, "v2_1", "v2_1") == []
