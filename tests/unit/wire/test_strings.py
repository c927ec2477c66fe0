"""Known-width character strings read whole decode exactly as asn1tools' own character-by-character loop:
the same value, or the same error, for any bits (asn1tools compiled alone is the independent decoder)."""

from __future__ import annotations

import asn1tools
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.wire.runtime.list_bounds import bound_lists
from extractor.wire.runtime.schema_set import decode_prefix
from extractor.wire.runtime.strings import read_strings_whole

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
WHOLE = read_strings_whole(bound_lists(asn1tools.compile_string(MODULE, "uper")))


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
