"""The shape check before encoding: what it lets through, asn1tools encodes or rejects with a constraint
error naming the field; what it rejects, asn1tools would have mis-encoded or failed on without a path."""

from __future__ import annotations

import asn1tools
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.wire.runtime.values import value_problem

MODULE = """M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE {
  id INTEGER(0..255),
  name IA5String(SIZE(1..8)) OPTIONAL,
  mode Mode,
  flags SEQUENCE OF BOOLEAN,
  extra CHOICE { count INTEGER, raw OCTET STRING } OPTIONAL,
  level INTEGER DEFAULT 3
}
Mode ::= ENUMERATED { off(0), on(1) }
END"""
SPEC = asn1tools.compile_string(MODULE, "uper")
[PARSED] = asn1tools.parse_string(MODULE).values()
TYPES = PARSED["types"]

ANY_VALUE = st.one_of(st.integers(-300, 300), st.text(max_size=10), st.booleans(), st.binary(max_size=3), st.none())
STATUS = st.fixed_dictionaries(
    {"id": st.one_of(st.integers(-10, 300), ANY_VALUE), "mode": st.sampled_from(["off", "on", "auto", 1])},
    optional={
        "name": st.one_of(st.text(alphabet="abc", max_size=10), ANY_VALUE),
        "flags": st.lists(st.one_of(st.booleans(), ANY_VALUE), max_size=3),
        "extra": st.one_of(st.tuples(st.sampled_from(["count", "raw", "other"]), ANY_VALUE), ANY_VALUE),
        "level": ANY_VALUE,
        "levle": ANY_VALUE,
    },
)


@settings(max_examples=300, deadline=None)
@given(STATUS)
def test_what_passes_the_check_encodes_or_fails_on_a_named_constraint(value):
    if "flags" not in value:
        value["flags"] = []
    problem = value_problem(TYPES, "Status", value)
    if problem is None:
        try:
            SPEC.encode("Status", value, check_constraints=True)
        except asn1tools.ConstraintsError as error:
            assert str(error).startswith("Status.")
    else:
        assert problem.startswith("Status")


def test_each_kind_of_problem_names_its_path():
    good = {"id": 1, "mode": "on", "flags": [True]}
    cases = {
        "Status.mode: 'auto' is not one of the enumeration's items (off, on)": {**good, "mode": "auto"},
        "Status.id: expected INTEGER, got '1'": {**good, "id": "1"},
        "Status.flags[1]: expected BOOLEAN, got 0": {**good, "flags": [True, 0]},
        "Status: no component 'levle' (components: id, name, mode, flags, extra, level)": {**good, "levle": 2},
        "Status.mode: missing (not OPTIONAL and no DEFAULT)": {"id": 1, "flags": []},
        "Status.extra: expected one alternative of count, raw, got ('other', 1)": {**good, "extra": ("other", 1)},
        "Status.extra.raw: expected OCTET STRING, got 'x'": {**good, "extra": ("raw", "x")},
    }
    for expected, value in cases.items():
        assert value_problem(TYPES, "Status", value) == expected
    assert value_problem(TYPES, "Status", {**good, "level": 5, "extra": ("count", -1)}) is None


def test_a_boolean_is_not_an_integer():
    # Python's True is the int 1 and asn1tools encodes it as one: only the check keeps it off the wire.
    good = {"id": 1, "mode": "on", "flags": [True]}
    assert value_problem(TYPES, "Status", {**good, "id": True}) == "Status.id: expected INTEGER, got True"
    assert value_problem(TYPES, "Status", {**good, "level": False}) == "Status.level: expected INTEGER, got False"
    assert value_problem(TYPES, "Status", {**good, "extra": ("count", True)}) == (
        "Status.extra.count: expected INTEGER, got True"
    )
    assert value_problem(TYPES, "Status", {**good, "id": 0}) is None


# Each ASN.1 kind the check knows, a value of its shape and one of another (worked out from asn1tools' value forms).
TEXT_KINDS = [
    "IA5String",
    "UTF8String",
    "PrintableString",
    "VisibleString",
    "NumericString",
    "BMPString",
    "UniversalString",
    "GeneralString",
    "GraphicString",
    "TeletexString",
    "T61String",
    "VideotexString",
    "ObjectDescriptor",
    "GeneralizedTime",
    "UTCTime",
    "OBJECT IDENTIFIER",
]
SHAPES = [
    *((kind, "1", 1) for kind in TEXT_KINDS),
    ("INTEGER", 1, 1.0),
    ("REAL", 1.5, True),
    ("REAL", 2, "2"),
    ("BOOLEAN", False, 0),
    ("OCTET STRING", b"\x01", "01"),
    ("BIT STRING", (b"\x80", 1), b"\x80"),
    ("BIT STRING", (b"\x80", 1), (b"\x80", 1, 0)),
    ("BIT STRING", (b"\x80", 1), ("\x80", 1)),
    ("BIT STRING", (b"\x80", 1), (b"\x80", "1")),
    ("NULL", None, 0),
]


@pytest.mark.parametrize(("kind", "right", "wrong"), SHAPES)
def test_every_kind_takes_its_own_shape_only(kind, right, wrong):
    [parsed] = asn1tools.parse_string(f"K DEFINITIONS AUTOMATIC TAGS ::= BEGIN T ::= {kind} END").values()
    assert value_problem(parsed["types"], "T", right) is None
    assert value_problem(parsed["types"], "T", wrong) == f"T: expected {kind}, got {wrong!r}"


def test_extension_markers_are_no_items_or_components():
    module = """E DEFINITIONS AUTOMATIC TAGS ::= BEGIN
    Open ::= ENUMERATED { a, ..., b }
    Grown ::= SEQUENCE { a INTEGER, ..., b BOOLEAN OPTIONAL }
    Pick ::= CHOICE { a INTEGER, ..., b BOOLEAN }
    END"""
    [parsed] = asn1tools.parse_string(module).values()
    types = parsed["types"]
    assert value_problem(types, "Open", "...") == "Open: '...' is not one of the enumeration's items (a, b)"
    assert value_problem(types, "Grown", {"a": 1}) is None
    assert value_problem(types, "Grown", {"a": 1, "...": 2}) == "Grown: no component '...' (components: a, b)"
    assert value_problem(types, "Pick", ("b", True)) is None
    assert value_problem(types, "Pick", ("...", 1)) == "Pick: expected one alternative of a, b, got ('...', 1)"


def test_a_value_of_the_wrong_structure_is_shown():
    good = {"id": 1, "mode": "on", "flags": [True]}
    assert value_problem(TYPES, "Status", "x") == "Status: expected an object of components, got 'x'"
    assert value_problem(TYPES, "Status", {**good, "flags": "x"}) == (
        "Status.flags: expected a list for SEQUENCE OF, got 'x'"
    )
