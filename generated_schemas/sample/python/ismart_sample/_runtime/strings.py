"""Character strings of a known width (IA5String, VisibleString, PrintableString, NumericString, BMPString)
decoded a string at a time.

asn1tools' UPER decoder reads such a string one character per call (read the bits, look the code up in the
alphabet, make a byte array of it): that loop is most of a dispatcher body's decode time (its uid, token and
VIN). `read_strings_whole` gives each such type of a compiled module a decoder that takes all of a string's
bits with one slice and maps them in one pass: the same value for the same bits. Where that is not
plainly so (no room for the whole string, a code outside the alphabet, an unbounded or zero-width string)
it puts the decoder back where it was and runs asn1tools' own loop, so errors stay asn1tools' own too.
As with `list_bounds`, asn1tools has no hook: the compiled decoders are wrapped, once per compiled module.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

from asn1tools.codecs import uper  # type: ignore[import-untyped]

from .list_bounds import type_nodes


def read_strings_whole(compiled: Any) -> Any:
    """Every known-width string type of an asn1tools UPER specification decoded whole; returns it."""
    for compiled_type in compiled.types.values():
        for node in type_nodes(compiled_type.type, set()):
            if isinstance(node, uper.KnownMultiplierStringType) and node.bits_per_character > 0:
                node.decode = MethodType(_decode_whole, node)
    return compiled


def _decode_whole(string: Any, decoder: Any) -> str:
    start = decoder.number_of_bits
    if string.number_of_bits is not None and not (string.has_extension_marker and decoder.read_bit()):
        length = string.minimum
        if string.minimum != string.maximum:
            length += decoder.read_non_negative_binary_integer(string.number_of_bits)
        width = string.bits_per_character
        needed = width * length
        remaining = decoder.number_of_bits
        if needed <= remaining:
            offset = decoder.total_number_of_bits - remaining
            bits = decoder.value[offset : offset + needed]
            alphabet = string.permitted_alphabet.decode_map
            codes = [int(bits[index : index + width], 2) for index in range(0, needed, width)]
            if all(code in alphabet for code in codes):
                decoder.number_of_bits = remaining - needed
                size = (width + 7) // 8
                mask = (1 << 8 * size) - 1
                data = b"".join((alphabet[code] & mask).to_bytes(size, "big") for code in codes)
                return str(data.decode(string.ENCODING))
    # asn1tools' own loop, from where this string starts: its value or its error.
    decoder.number_of_bits = start
    return str(type(string).decode(string, decoder))
