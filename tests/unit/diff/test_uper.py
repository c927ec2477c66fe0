"""UPER sizes against values worked out by hand from X.691 (unaligned), and against asn1tools' encoder."""

from __future__ import annotations

import asn1tools
import pytest

from extractor.diff.uper import Size, UperSizes
from extractor.schema.stored import load_files

MODULE = """M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Heading ::= INTEGER(0..359)
Offset ::= INTEGER(-20..40)
Fixed ::= INTEGER(7)
Huge ::= INTEGER(-90000000..90000000)
Open ::= INTEGER
Flag ::= BOOLEAN
Nothing ::= NULL
Fix ::= ENUMERATED { none(0), fix2D(2), fix3D(3) }
One ::= ENUMERATED { only(5) }
Vin ::= IA5String(SIZE(17))
Pin ::= IA5String(SIZE(4..8))
Digits ::= NumericString(SIZE(19))
Name ::= UTF8String(SIZE(1..20))
Blob ::= OCTET STRING(SIZE(1..255))
Raw ::= OCTET STRING
Big ::= OCTET STRING(SIZE(0..70000))
Doors ::= BIT STRING(SIZE(8))
Climate ::= SEQUENCE {
  target INTEGER(-20..40) DEFAULT 22,
  minutes INTEGER(5..30),
  mode CHOICE { auto NULL, manual INTEGER(1..7) }
}
Params ::= SEQUENCE SIZE(1..10) OF Blob
Narrowed ::= SEQUENCE { heading Heading(0..179) }
Tree ::= SEQUENCE { value Flag, children SEQUENCE SIZE(0..2) OF Tree }
END"""

# (type, minimum bits, maximum bits, length field) — each derived by hand:
HAND = [
    ("Heading", 9, 9, None),  # 360 values: 256 < 360 <= 512
    ("Offset", 6, 6, None),  # 61 values: 32 < 61 <= 64
    ("Fixed", 0, 0, None),  # one value: nothing is sent
    ("Huge", 28, 28, None),  # 180,000,001 values: 2^27 < n <= 2^28
    ("Open", 16, None, "length determinant + octets"),  # 8-bit length + at least one octet
    ("Flag", 1, 1, None),
    ("Nothing", 0, 0, None),
    ("Fix", 2, 2, None),  # 3 items: index 0..2
    ("One", 0, 0, None),  # 1 item: index needs no bit
    ("Vin", 119, 119, None),  # fixed 17 characters x 7 bits, no length field
    ("Pin", 31, 59, "3-bit length field (4..8 characters)"),  # 3 + 4x7 .. 3 + 8x7
    ("Digits", 76, 76, None),  # 19 x 4 bits
    ("Blob", 16, 2048, "8-bit length field (1..255 octets)"),  # 8 + 8 .. 8 + 255x8
    ("Doors", 8, 8, None),
]


@pytest.fixture(scope="module")
def sizes() -> UperSizes:
    return UperSizes(load_files("x", {"v1_1/M.asn1": MODULE}).modules[0])


@pytest.mark.parametrize(("name", "minimum", "maximum", "length"), HAND)
def test_sizes_worked_out_by_hand(sizes, name, minimum, maximum, length):
    assert sizes.of_name(name) == Size(minimum, maximum, length)


def test_strings_whose_size_is_not_per_visible_and_lengths_past_64k_get_a_length_determinant(sizes):
    assert sizes.of_name("Name").minimum == 8 and sizes.of_name("Name").maximum is None
    assert "not PER-visible for UTF8String" in sizes.of_name("Name").length
    for name in ("Raw", "Big"):
        size = sizes.of_name(name)
        assert (size.minimum, size.maximum) == (8, None) and size.length.startswith("length determinant")


def test_structures_add_presence_bits_indexes_and_elements(sizes):
    # 1 presence bit (DEFAULT) + [target 6] + minutes 5 + mode (1-bit index + auto 0 | manual 3)
    assert sizes.of_name("Climate") == Size(1 + 5 + 1, 1 + 6 + 5 + 1 + 3, "1 presence bit")
    # 4-bit count (1..10) + 1..10 Blobs of 16..2048 bits
    assert sizes.of_name("Params") == Size(4 + 16, 4 + 10 * 2048, "4-bit length field (1..10 elements)")
    # Heading(0..179) narrows 0..359: 180 values, 8 bits
    assert sizes.of_name("Narrowed") == Size(8, 8, None)


def test_recursion_has_no_upper_bound(sizes):
    size = sizes.of_name("Tree")
    assert size.minimum == 1 + 2 and size.maximum is None


def test_text():
    assert Size(9, 9).text() == "9 bits" and Size(1, 1).text() == "1 bit"
    assert (
        Size(31, 59, "3-bit length field (4..8 characters)").text()
        == "31–59 bits; 3-bit length field (4..8 characters)"
    )
    assert Size(8, None, "length determinant + octets").text() == "≥ 8 bits; length determinant + octets"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Heading", 359),
        ("Huge", -90000000),
        ("Vin", "WVWZZZ1JZXW000001"),
        ("Digits", "8986" * 4 + "123"),
        ("Climate", {"target": 40, "minutes": 30, "mode": ("manual", 7)}),
        ("Pin", "12345678"),
        ("Blob", b"\x01" * 255),
        ("Fix", "fix3D"),
    ],
)
def test_asn1tools_encodes_the_largest_values_in_the_octets_the_maximum_needs(sizes, name, value):
    # asn1tools pads a top-level encoding to whole octets: the maximum in bits, rounded up.
    encoded = asn1tools.compile_string(MODULE, "uper").encode(name, value)
    assert len(encoded) == -(-sizes.of_name(name).maximum // 8)


LENGTHS = """M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Below64K ::= OCTET STRING(SIZE(0..65535))
At64K ::= OCTET STRING(SIZE(0..65536))
Past64K ::= OCTET STRING(SIZE(0..65537))
Ten ::= OCTET STRING(SIZE(0..10))
Narrow ::= SEQUENCE { value Ten(SIZE(2..3)) }
Alias ::= Ten(SIZE(1..8))
Twice ::= SEQUENCE { value Alias(SIZE(4..20)) }
Wide ::= SEQUENCE { value Ten(SIZE(5..40)) }
END"""


@pytest.fixture(scope="module")
def lengths() -> UperSizes:
    return UperSizes(load_files("x", {"v1_1/M.asn1": LENGTHS}).modules[0])


def test_a_size_bound_below_64k_is_a_length_field_and_from_64k_on_a_length_determinant(lengths):
    # X.691 11.9.4.1: ub < 64K → a constrained whole number of ceil(log2(65535 + 1)) = 16 bits.
    assert lengths.of_name("Below64K") == Size(16, 16 + 65535 * 8, "16-bit length field (0..65535 octets)")
    # ub = 64K or more → the general length determinant (8 bits below 128 octets), no upper bound.
    for name in ("At64K", "Past64K"):
        assert lengths.of_name(name) == Size(8, None, "length determinant (8 bits below 128 octets, 16 below 16K)")


def test_a_size_on_a_reference_narrows_the_referenced_types_own(lengths):
    # SIZE(0..10) ∩ SIZE(2..3) = 2..3: a 1-bit length field, then 2 or 3 octets.
    assert lengths.of_name("Narrow") == Size(1 + 16, 1 + 24, None)
    # SIZE(0..10) ∩ SIZE(1..8) ∩ SIZE(4..20) = 4..8: a 3-bit length field, then 4 to 8 octets.
    assert lengths.of_name("Twice") == Size(3 + 32, 3 + 64, None)
    # SIZE(0..10) ∩ SIZE(5..40) = 5..10: a 3-bit length field, then 5 to 10 octets.
    assert lengths.of_name("Wide") == Size(3 + 40, 3 + 80, None)


MORE = """M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Ratio ::= REAL
Oid ::= OBJECT IDENTIFIER
Mask ::= BIT STRING(SIZE(0..12))
Pair ::= SEQUENCE { a BOOLEAN OPTIONAL, b BOOLEAN DEFAULT TRUE, c BOOLEAN }
Pick ::= CHOICE { small INTEGER(0..7), byte INTEGER(0..255), pair Pair }
Loose ::= CHOICE { small INTEGER(0..7), raw OCTET STRING }
Expr ::= CHOICE { leaf INTEGER(0..7), sum SEQUENCE { left Expr, right Expr } }
Chain ::= SEQUENCE { next Chains(SIZE(1..2)) OPTIONAL }
Chains ::= SEQUENCE SIZE(0..3) OF Chain
Level ::= INTEGER(0..1000)
Wider ::= SEQUENCE { level Level(0..5000) }
Plain ::= INTEGER
Bounded ::= SEQUENCE { value Plain(0..7) }
END"""


@pytest.fixture
def more() -> UperSizes:
    return UperSizes(load_files("x", {"v1_1/M.asn1": MORE}).modules[0])


def test_open_ended_types_are_a_length_determinant_and_their_fewest_octets(more):
    # X.691: REAL and OBJECT IDENTIFIER are octets behind a length determinant; an OID has at least one octet.
    assert more.of_name("Ratio") == Size(8, None, "length determinant + octets")
    assert more.of_name("Oid") == Size(8 + 8, None, "length determinant + octets")
    # 13 lengths (0..12): a 4-bit length field, then 0..12 bits.
    assert more.of_name("Mask") == Size(4, 4 + 12, "4-bit length field (0..12 bits)")


def test_presence_bits_and_alternative_indexes(more):
    # a OPTIONAL and b DEFAULT each have a presence bit; c is always there.
    assert more.of_name("Pair") == Size(2 + 1, 2 + 3, "2 presence bits")
    # 3 alternatives: a 2-bit index, then 3 bits (small) .. 8 bits (byte).
    assert more.of_name("Pick") == Size(2 + 3, 2 + 8, "2-bit alternative index")
    # An alternative without an upper bound leaves the CHOICE without one.
    assert more.of_name("Loose") == Size(1 + 3, None, "1-bit alternative index")


def test_recursion_through_a_choice_and_through_a_constrained_reference(more):
    # A sum holds two more Exprs: no upper bound. (The minimum prices the recursive use at 0 bits, a lower
    # bound: 3 here, where the smallest Expr, a leaf, is 1 + 3 = 4 bits.)
    expr = more.of_name("Expr")
    assert (expr.maximum, expr.length) == (None, "1-bit alternative index") and expr.minimum <= 4
    # Chain: 1 presence bit; `next` is Chains narrowed to 1..2 elements, each a Chain again.
    assert more.of_name("Chain") == Size(1, None, "1 presence bit")
    [next_component] = more.module.assignment("Chain").type.components
    # Inside Chain, its `next` is a 1-bit count (1..2) and at least one Chain, which is where it recurses.
    assert more.of(next_component.type, frozenset({"Chain"})) == Size(1, None, "1-bit length field (1..2 elements)")
    assert more.of(next_component.type, frozenset({"Chains"})) == Size(0, None, "recursive through Chains")


def test_a_constraint_on_a_reference_narrows_but_never_widens(more):
    # Level(0..5000) is still 0..1000: 10 bits; an unconstrained INTEGER narrowed to 0..7 is 3 bits.
    assert more.of_name("Wider") == Size(10, 10, None)
    assert more.of_name("Bounded") == Size(3, 3, None)
