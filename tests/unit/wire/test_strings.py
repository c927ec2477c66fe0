"""Known-width character strings coded whole decode and encode exactly as asn1tools' own character-by-character
loop: the same value or the same error for any bits, the same bits or the same error for any value
(asn1tools compiled alone is the independent codec)."""

from __future__ import annotations

import asn1tools
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.wire.runtime.list_bounds import bound_lists
from extractor.wire.runtime.schema_set import decode_prefix
from extractor.wire.runtime.strings import code_strings_whole

MODULE = """
Strings DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Texts ::= SEQUENCE {
  name IA5String (SIZE(0..20)),
  code NumericString (SIZE(3)),
  label PrintableString (SIZE(1..8)) OPTIONAL,
  wide BMPString (SIZE(1..4)) OPTIONAL,
  hex VisibleString (FROM ("0".."9" | "A".."F")) (SIZE(2..6)) OPTIONAL,
  open IA5String (SIZE(1..5, ...)) OPTIONAL,
  free IA5String OPTIONAL
}
END
"""
PLAIN = bound_lists(asn1tools.compile_string(MODULE, "uper"))
WHOLE = code_strings_whole(bound_lists(asn1tools.compile_string(MODULE, "uper")))


def outcome(decode):
    try:
        return ("value", decode())
    except Exception as error:  # noqa: BLE001 (the error itself is what is compared)
        return ("error", type(error).__name__, str(error))


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=40))
def test_any_bits_decode_as_asn1tools_decodes_them(data):
    assert outcome(lambda: decode_prefix(WHOLE, "Texts", data)[0]) == outcome(lambda: PLAIN.decode("Texts", data))


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(st.characters(max_codepoint=127), max_size=20),
    code=st.text("0123456789 ", min_size=3, max_size=3),
    wide=st.none() | st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), min_size=1, max_size=4),
    hex_text=st.none() | st.text("0123456789ABCDEF", min_size=2, max_size=6),
)
def test_encoded_strings_decode_to_themselves(name, code, wide, hex_text):
    value = {"name": name, "code": code}
    value.update({key: item for key, item in (("wide", wide), ("hex", hex_text)) if item is not None})
    encoded = PLAIN.encode("Texts", value)
    assert decode_prefix(WHOLE, "Texts", encoded)[0] == value


TEXT = st.text(st.characters(max_codepoint=0x1FFFF, exclude_categories=["Cs"]), max_size=8) | st.text(
    st.characters(max_codepoint=127), max_size=30
)


@settings(max_examples=400, deadline=None)
@given(
    name=TEXT,
    code=TEXT,
    label=st.none() | TEXT,
    wide=st.none() | TEXT,
    hex_text=st.none() | TEXT,
    open_text=st.none() | TEXT,
    free=st.none() | TEXT,
)
def test_any_strings_encode_as_asn1tools_encodes_them(name, code, label, wide, hex_text, open_text, free):
    value = {"name": name, "code": code}
    optional = {"label": label, "wide": wide, "hex": hex_text, "open": open_text, "free": free}
    value.update({key: item for key, item in optional.items() if item is not None})
    assert outcome(lambda: WHOLE.encode("Texts", value)) == outcome(lambda: PLAIN.encode("Texts", value))


def test_a_string_longer_than_the_bits_left_fails_where_asn1tools_loop_fails():
    # 5 presence bits (none set), then name's length in 5 bits: 20 characters; 14 bits are left after those
    # 10, so asn1tools' loop reads 2 characters of 7 bits and fails reading the third, at bit 24.
    data = bytes([0b00000_101, 0b00_000000, 0x00])
    error = outcome(lambda: decode_prefix(WHOLE, "Texts", data)[0])
    assert error == ("error", "OutOfDataError", "Texts.name: out of data (At bit offset: 24)")
    assert error == outcome(lambda: PLAIN.decode("Texts", data))


def test_a_string_of_one_permitted_character_is_left_to_asn1tools():
    # IA5String (FROM ("A")): 0 bits a character, so only the 2-bit size is sent: 3 → 11, padded to C0.
    # asn1tools decodes it as "" (its own loop reads no character); the runtime gives the same, without failing.
    module = 'S DEFINITIONS AUTOMATIC TAGS ::= BEGIN One ::= IA5String (FROM ("A")) (SIZE(0..3)) END'
    whole = code_strings_whole(bound_lists(asn1tools.compile_string(module, "uper")))
    assert whole.encode("One", "AAA") == bytes([0xC0])
    assert decode_prefix(whole, "One", bytes([0xC0])) == ("", 2)


def test_a_two_character_alphabet_takes_1_bit_a_character():
    # IA5String (FROM ("0" | "1")) (SIZE(4)): "0110" is the indexes 0, 1, 1, 0 in 4 bits: 0110, padded to 60.
    module = 'S DEFINITIONS AUTOMATIC TAGS ::= BEGIN Bin ::= IA5String (FROM ("0" | "1")) (SIZE(4)) END'
    whole = code_strings_whole(bound_lists(asn1tools.compile_string(module, "uper")))
    assert whole.encode("Bin", "0110") == bytes([0x60])
    assert decode_prefix(whole, "Bin", bytes([0x60])) == ("0110", 4)
