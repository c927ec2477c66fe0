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
Bits1 ::= SEQUENCE (SIZE(0..65535)) OF BOOLEAN
Bits2 ::= SEQUENCE (SIZE(0..65535)) OF INTEGER(0..1)
Bits3 ::= SEQUENCE (SIZE(0..65535)) OF ENUMERATED { a, b }
Bits4 ::= SEQUENCE (SIZE(0..65535)) OF Optional
Bits5 ::= SEQUENCE (SIZE(0..65535)) OF CHOICE { a NULL, b NULL }
Bits6 ::= SEQUENCE (SIZE(0..65535)) OF SEQUENCE OF NULL
Bits7 ::= SET (SIZE(0..65535)) OF OCTET STRING (SIZE(1))
Unbounded ::= SEQUENCE (SIZE(0..9223372036854775807)) OF NULL
Squared ::= SEQUENCE (SIZE(0..1000)) OF SEQUENCE (SIZE(1000)) OF NULL
Real ::= SEQUENCE (SIZE(1..256)) OF SEQUENCE { id INTEGER(0..255), flag BOOLEAN }
END"""
# A 16-bit count of 65,535 and nothing after it.
COUNT_65535 = bytes.fromhex("FFFF")


@pytest.fixture(scope="module")
def spec():
    return bound_lists(asn1tools.compile_string(MODULE, "uper"))


@pytest.mark.parametrize("name", ["Zero1", "Zero2", "Zero3", "Zero4", "Zero5", "Zero6", "Zero7"])
def test_zero_width_elements_decode_up_to_the_cap(spec, name):
    # Elements that take no bits: 65,535 of them need no bits after the count.
    assert len(spec.decode(name, COUNT_65535)) == 65535


@pytest.mark.parametrize("name", ["Bits1", "Bits2", "Bits3", "Bits4", "Bits5", "Bits6", "Bits7"])
def test_a_count_larger_than_the_bits_left_is_refused_before_any_element(spec, name):
    with pytest.raises(asn1tools.DecodeError, match="65,535 elements but only 0 bits left"):
        spec.decode(name, COUNT_65535)


def test_a_count_the_bits_can_hold_still_decodes(spec):
    # Count 3 in 16 bits, then three BOOLEANs 1, 0, 1.
    assert spec.decode("Bits1", bytes.fromhex("0003A0")) == [True, False, True]


def test_the_issue_bomb_stops_at_the_cap(spec):
    # An unbounded count comes in fragments: 0xC4 is 4 × 16K = 65,536 elements; 8 of them are 524,288.
    assert ZERO_WIDTH_LIMIT == 524_256
    with pytest.raises(asn1tools.DecodeError, match="a message may hold at most 524,256"):
        spec.decode("Unbounded", bytes.fromhex("C4" * 8 + "00"))
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
