"""Character strings of a known width (IA5String, VisibleString, PrintableString, NumericString, BMPString)
decoded and encoded a string at a time.

asn1tools' UPER codec reads and writes such a string one character per call (read the bits, look the code
up in the alphabet, make a byte array of it; or the reverse): that loop is most of a message's decode time
(its uid, token and VIN) and four fifths of its encode time. `code_strings_whole` gives each such type of a
compiled module a decoder that takes all of a string's bits with one slice and maps them in one pass, and
an encoder that maps all of its characters in one pass and appends them as one number: the same value for
the same bits, the same bits for the same value. Where that is not plainly so (a character outside the
alphabet or outside ASCII, an unbounded or zero-width string) it runs asn1tools' own loop from where the
string starts, so errors stay asn1tools' own too. A string longer than the bits left fails at once with
the error asn1tools' loop would reach after reading every character that fits: inference tries types
whose strings claim more bits than the data has, and the loop read them all first.
As with `list_bounds`, asn1tools has no hook: the compiled coders are wrapped, once per compiled module.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

from asn1tools.codecs import OutOfDataError, uper  # type: ignore[import-untyped]

from .list_bounds import type_nodes

# For a character below 128, asn1tools' code (the big-endian number of its bytes in the string type's
# encoding: ASCII, UTF-16-BE or UTF-32-BE) is the code point itself.
ASCII_LIMIT = 128


def code_strings_whole(compiled: Any) -> Any:
    """Every known-width string type of an asn1tools UPER specification decoded and encoded whole; returns it."""
    for compiled_type in compiled.types.values():
        for node in type_nodes(compiled_type.type, set()):
            if isinstance(node, uper.KnownMultiplierStringType) and node.bits_per_character > 0:
                width = node.bits_per_character
                node.saic_bits = {
                    chr(code_point): format(code, f"0{width}b")
                    for code_point, code in node.permitted_alphabet.encode_map.items()
                    if code_point < ASCII_LIMIT
                }
                node.decode = MethodType(_decode_whole, node)
                node.encode = MethodType(_encode_whole, node)
    return compiled


def _decode_whole(string: Any, decoder: Any) -> str:
    start = decoder.number_of_bits
    if string.number_of_bits is not None and not (string.has_extension_marker and decoder.read_bit()):
        length = string.minimum
        if string.minimum != string.maximum:
            length += decoder.read_non_negative_binary_integer(string.number_of_bits)
        width = string.bits_per_character
        remaining = decoder.number_of_bits
        # Past the bits left, asn1tools reads the characters that fit and fails on the next one.
        fitting = min(length, remaining // width)
        needed = width * fitting
        offset = decoder.total_number_of_bits - remaining
        bits = decoder.value[offset : offset + needed]
        alphabet = string.permitted_alphabet.decode_map
        codes = [int(bits[index : index + width], 2) for index in range(0, needed, width)]
        if all(code in alphabet for code in codes):
            if fitting < length:
                raise OutOfDataError(offset + needed)
            decoder.number_of_bits = remaining - needed
            size = (width + 7) // 8
            mask = (1 << 8 * size) - 1
            data = b"".join((alphabet[code] & mask).to_bytes(size, "big") for code in codes)
            return str(data.decode(string.ENCODING))
    # asn1tools' own loop, from where this string starts: its value or its error.
    decoder.number_of_bits = start
    return str(type(string).decode(string, decoder))


def _encode_whole(string: Any, data: str, encoder: Any) -> None:
    if string.number_of_bits is not None and isinstance(data, str):
        table = string.saic_bits
        if set(data).issubset(table):
            if string.has_extension_marker:
                encoder.append_bit(0)
            if string.minimum != string.maximum:
                encoder.append_non_negative_binary_integer(len(data) - string.minimum, string.number_of_bits)
            if data:
                encoder.append_non_negative_binary_integer(
                    int("".join(map(table.__getitem__, data)), 2), len(data) * string.bits_per_character
                )
            return
    # asn1tools' own loop: its bits or its error.
    type(string).encode(string, data, encoder)
