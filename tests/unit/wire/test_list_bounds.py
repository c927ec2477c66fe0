"""SEQUENCE OF / SET OF decoding is bounded by the bits: a count no larger than the bits left, and at most
524,256 zero-width elements (8 bits × 65,532 bytes, the largest frame) in one decoding."""

import asn1tools
import pytest

from extractor.wire.runtime.list_bounds import ZERO_WIDTH_LIMIT, bound_lists

MODULE = """M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Empty ::= SEQUENCE {}
Pair ::= SEQUENCE { a NULL, b INTEGER(3) }
Optional ::= SEQUENCE { a NULL OPTIONAL }
Zero1 ::= SEQUENCE (SIZE(0..65535)) OF NULL
Zero2 ::= SEQUENCE (SIZE(0..65535)) OF Empty
Zero3 ::= SEQUENCE (SIZE(0..65535)) OF INTEGER(5)
Zero4 ::= SEQUENCE (SIZE(0..65535)) OF ENUMERATED { only }
Zero5 ::= SEQUENCE (SIZE(0..65535)) OF Pair
Zero6 ::= SEQUENCE (SIZE(0..65535)) OF CHOICE { a NULL }
Zero7 ::= SET (SIZE(0..65535)) OF SEQUENCE (SIZE(3)) OF NULL
Zero8 ::= SEQUENCE (SIZE(0..65535)) OF OCTET STRING (SIZE(0))
Zero9 ::= SEQUENCE (SIZE(0..65535)) OF SEQUENCE (SIZE(0)) OF BOOLEAN
Zero10 ::= SEQUENCE (SIZE(0..65535)) OF IA5String (SIZE(0))
Zero11 ::= SEQUENCE (SIZE(0..65535)) OF IA5String (FROM("a")) (SIZE(2))
Bits1 ::= SEQUENCE (SIZE(0..65535)) OF BOOLEAN
Bits2 ::= SEQUENCE (SIZE(0..65535)) OF INTEGER(0..1)
Bits3 ::= SEQUENCE (SIZE(0..65535)) OF ENUMERATED { a, b }
Bits4 ::= SEQUENCE (SIZE(0..65535)) OF Optional
Bits5 ::= SEQUENCE (SIZE(0..65535)) OF CHOICE { a NULL, b NULL }
Bits6 ::= SEQUENCE (SIZE(0..65535)) OF SEQUENCE OF NULL
Bits7 ::= SET (SIZE(0..65535)) OF OCTET STRING (SIZE(1))
Bits8 ::= SEQUENCE (SIZE(0..65535)) OF INTEGER
Bits9 ::= SEQUENCE (SIZE(0..65535)) OF INTEGER(5, ...)
Bits10 ::= SEQUENCE (SIZE(0..65535)) OF SEQUENCE { a BOOLEAN }
Bits11 ::= SEQUENCE (SIZE(0..65535)) OF CHOICE { a BOOLEAN }
Bits12 ::= SEQUENCE (SIZE(0..65535)) OF SEQUENCE (SIZE(1)) OF BOOLEAN
Bits13 ::= SEQUENCE (SIZE(0..65535)) OF IA5String (SIZE(1))
Bits14 ::= SEQUENCE (SIZE(0..65535)) OF IA5String (FROM("ab")) (SIZE(1))
Bits15 ::= SEQUENCE (SIZE(0..65535)) OF OCTET STRING (SIZE(0, ...))
Tree ::= SEQUENCE { v BOOLEAN, kids SEQUENCE (SIZE(0..65535)) OF Tree }
Growing ::= SEQUENCE (SIZE(0..2, ...)) OF BOOLEAN
Exact ::= SEQUENCE (SIZE(0..32)) OF SEQUENCE { f BOOLEAN, z SEQUENCE (SIZE(16383)) OF NULL }
Unbounded ::= SEQUENCE (SIZE(0..9223372036854775807)) OF NULL
Squared ::= SEQUENCE (SIZE(0..1000)) OF SEQUENCE (SIZE(1000)) OF NULL
Real ::= SEQUENCE (SIZE(1..256)) OF SEQUENCE { id INTEGER(0..255), flag BOOLEAN }
END"""
# A 16-bit count of 65,535 and nothing after it.
COUNT_65535 = bytes.fromhex("FFFF")


@pytest.fixture(scope="module")
def spec():
    return bound_lists(asn1tools.compile_string(MODULE, "uper"))


ZERO_WIDTH = [f"Zero{number}" for number in range(1, 12)]
# 0 or 1 bit a character ("a" alone takes none, "ab" one); a SIZE(0, ...) string takes its extension bit.
TAKING_BITS = [f"Bits{number}" for number in range(1, 16)]


@pytest.mark.parametrize("name", ZERO_WIDTH)
def test_zero_width_elements_decode_up_to_the_cap(spec, name):
    # Elements that take no bits: 65,535 of them need no bits after the count.
    assert len(spec.decode(name, COUNT_65535)) == 65535


@pytest.mark.parametrize("name", TAKING_BITS)
def test_a_count_larger_than_the_bits_left_is_refused_before_any_element(spec, name):
    with pytest.raises(asn1tools.DecodeError) as raised:
        spec.decode(name, COUNT_65535)
    assert str(raised.value) == f"{name}: 65,535 elements but only 0 bits left"


def test_a_count_the_bits_can_hold_still_decodes(spec):
    # Count 3 in 16 bits, then three BOOLEANs 1, 0, 1.
    assert spec.decode("Bits1", bytes.fromhex("0003A0")) == [True, False, True]


def test_the_issue_bomb_stops_at_the_cap(spec):
    # An unbounded count comes in fragments: 0xC4 is 4 × 16K = 65,536 elements; 8 of them are 524,288.
    assert ZERO_WIDTH_LIMIT == 524_256
    with pytest.raises(asn1tools.DecodeError) as raised:
        spec.decode("Unbounded", bytes.fromhex("C4" * 8 + "00"))
    assert str(raised.value) == (
        "Unbounded: 65,536 more elements that take no bits: a message may hold at most 524,256 of them"
    )
    assert len(spec.decode("Unbounded", bytes.fromhex("C4" * 7 + "00"))) == 7 * 65536


def test_nested_zero_width_lists_share_one_budget(spec):
    # 600 × 1,000 = 600,000 zero-width elements in all, though each list is under the cap; 500 × 1,000 fit.
    count = asn1tools.compile_string("M DEFINITIONS ::= BEGIN C ::= INTEGER(0..1000) END", "uper")
    with pytest.raises(asn1tools.DecodeError, match="at most 524,256"):
        spec.decode("Squared", count.encode("C", 600) + b"\x00")
    assert sum(map(len, spec.decode("Squared", count.encode("C", 500) + b"\x00"))) == 500_000


def test_lists_of_the_protocol_decode_as_before(spec):
    value = [{"id": 7, "flag": True}, {"id": 255, "flag": False}]
    assert spec.decode("Real", spec.encode("Real", value)) == value


def test_a_list_within_a_type_that_contains_itself_is_bounded_at_every_depth(spec):
    # v 0, count 65,535 in 16 bits, and 7 bits of padding.
    with pytest.raises(asn1tools.DecodeError) as raised:
        spec.decode("Tree", bytes.fromhex("7FFF80"))
    assert str(raised.value) == "Tree.kids: 65,535 elements but only 7 bits left"
    # v 0, one kid: v 0, count 65,535: 34 bits, 6 of padding.
    bits = "0" + format(1, "016b") + "0" + format(65535, "016b") + "000000"
    with pytest.raises(asn1tools.DecodeError, match=r"65,535 elements but only 6 bits left$"):
        spec.decode("Tree", int(bits, 2).to_bytes(5, "big"))


def test_a_list_past_its_extension_marker_decodes(spec):
    # X.691 20.4: the extension bit 1, an 8-bit length determinant 3, then True, False, True: 1 00000011 101.
    assert spec.decode("Growing", bytes.fromhex("81D0")) == [True, False, True]
    # The same bit with a count the bits cannot hold: 1 01111111 (127), 7 bits left.
    with pytest.raises(asn1tools.DecodeError) as raised:
        spec.decode("Growing", bytes.fromhex("BF80"))
    assert str(raised.value) == "Growing: 127 elements but only 7 bits left"


def test_exactly_the_cap_of_zero_width_elements_decodes(spec):
    # 32 elements (count 32 in 6 bits: 100000), each a BOOLEAN and 16,383 NULLs: 32 × 16,383 = 524,256.
    decoded = spec.decode("Exact", bytes.fromhex("8000000000"))
    assert sum(len(element["z"]) for element in decoded) == ZERO_WIDTH_LIMIT
