"""Decoding bounds for SEQUENCE OF and SET OF: a count no larger than the bits left can hold, and a cap on
elements that take no bits at all.

asn1tools' UPER decoder reads a list's count and then decodes that many elements: 63 bits of count for
`SIZE(0..9223372036854775807)`, or 8 bits for each 65,536-element fragment of an unbounded list, may claim
billions of elements. Elements that take at least one bit stop at the end of the data, but only after a
list as long as the bits, built first; elements that take none (NULL, an empty SEQUENCE, a single-value
INTEGER, a one-item ENUMERATED, and what is made of them only) never stop.

`bound_lists` walks a compiled module's types once and gives each list type a decoder that checks the
count before it decodes an element: at most one element per bit left when elements take bits, and at most
`ZERO_WIDTH_LIMIT` zero-width elements in one whole decoding (a budget kept on asn1tools' decoder object,
so nested lists cannot multiply it). asn1tools has no hook for either: its list decoding (uper
`ArrayType.decode`, per `ArrayType.decode_unbound`) is mirrored here with the checks added. Wrapping the
compiled decoders is the least invasive way: nothing else of asn1tools changes, encoding stays its own, and
the walk costs once per compiled module, not per message.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

from asn1tools.codecs import DecodeError, per, uper  # type: ignore[import-untyped]

from .frames import LARGEST_FRAME_BYTES

# No list of elements that take bits can be longer than the bits of the largest frame (524,256); a list of
# zero-width elements carries nothing but its count, and the protocol's schemas bound every list to 256.
ZERO_WIDTH_LIMIT = 8 * LARGEST_FRAME_BYTES
BUDGET = "saic_zero_width_left"
# X.691 10.9.3.8: a fragment's length determinant counts these many 16K blocks (0xC1..0xC4).
FRAGMENT = 16384


def bound_lists(compiled: Any) -> Any:
    """Every SEQUENCE OF / SET OF of an asn1tools UPER specification decoded with the bounds; returns it."""
    widths = Widths()
    for compiled_type in compiled.types.values():
        for array in _arrays(compiled_type.type, set()):
            array.decode = MethodType(_decode_bounded, array)
            array.saic_zero_width = not widths.takes_bits(array.element_type)
    return compiled


def _arrays(node: Any, seen: set[int]) -> list[Any]:
    """The list types in a compiled type and in every type it contains, each once."""
    return [item for item in type_nodes(node, seen) if isinstance(item, per.ArrayType)]


def type_nodes(node: Any, seen: set[int]) -> list[Any]:
    """A compiled type and every type it contains, each once."""
    if id(node) in seen:
        return []
    seen.add(id(node))
    found = [node]
    for child in _children(node):
        found += type_nodes(child, seen)
    return found


def _children(node: Any) -> list[Any]:
    if isinstance(node, per.ArrayType):
        return [node.element_type]
    if isinstance(node, per.MembersType):
        return [*node.root_members, *(node.additions or ())]
    if isinstance(node, per.Choice):
        return [*node.root_index_to_member.values(), *(node.additions_index_to_member or {}).values()]
    if isinstance(node, per.Recursive):
        return [node._inner] if node._inner is not None else []
    return []


class Widths:
    """Whether every encoding of a compiled type takes at least one bit. "No" where unsure: a list of such
    elements only gets the zero-width cap, which a real list (at most 256 elements) never reaches."""

    def __init__(self) -> None:
        self._known: dict[int, bool] = {}

    def takes_bits(self, node: Any) -> bool:
        key = id(node)
        if key not in self._known:
            # A type that contains itself is taken as zero-width while it is worked out.
            self._known[key] = False
            self._known[key] = self._takes_bits(node)
        return self._known[key]

    def _takes_bits(self, node: Any) -> bool:
        if isinstance(node, per.Recursive):
            return node._inner is not None and self.takes_bits(node._inner)
        if isinstance(node, (per.Boolean, per.Real, per.ObjectIdentifier, per.StringType, per.Any)):
            return True
        if isinstance(node, uper.Integer):
            return bool(node.has_extension_marker) or node.number_of_bits is None or node.number_of_bits > 0
        if isinstance(node, per.Enumerated):
            return node.additions_index_to_data is not None or node.root_number_of_bits > 0
        if isinstance(node, per.MembersType):
            return (
                node.additions is not None
                or bool(node.optionals)
                or any(self.takes_bits(member) for member in node.root_members)
            )
        if isinstance(node, per.Choice):
            members = list(node.root_index_to_member.values())
            return (
                node.additions_index_to_member is not None
                or node.root_number_of_bits > 0
                or all(self.takes_bits(member) for member in members)
            )
        if isinstance(node, per.ArrayType):
            return _sized_takes_bits(node) or (node.minimum > 0 and self.takes_bits(node.element_type))
        if isinstance(node, (per.BitString, per.OctetString)):
            return _sized_takes_bits(node) or node.minimum > 0
        if isinstance(node, per.KnownMultiplierStringType):
            return _sized_takes_bits(node) or (node.minimum > 0 and node.bits_per_character > 0)
        return False


def _sized_takes_bits(node: Any) -> bool:
    """A size with an extension marker, a length determinant or a count field takes bits by itself."""
    return bool(node.has_extension_marker) or node.number_of_bits is None or node.minimum != node.maximum


def _decode_bounded(array: Any, decoder: Any) -> list[Any]:
    """uper `ArrayType.decode` with each count checked before any element is decoded."""
    if array.has_extension_marker and decoder.read_bit():
        return _elements(array, decoder, decoder.read_length_determinant())
    if array.number_of_bits is None:
        return _decode_fragments(array, decoder)
    count = array.minimum
    if array.minimum != array.maximum:
        count += decoder.read_non_negative_binary_integer(array.number_of_bits)
    return _elements(array, decoder, count)


def _decode_fragments(array: Any, decoder: Any) -> list[Any]:
    """per `ArrayType.decode_unbound`: fragments of 16K to 64K elements until a shorter one."""
    decoded: list[Any] = []
    while True:
        count = decoder.read_length_determinant()
        decoded += _elements(array, decoder, count)
        if count < FRAGMENT:
            return decoded


def _elements(array: Any, decoder: Any, count: int) -> list[Any]:
    if array.saic_zero_width:
        left = getattr(decoder, BUDGET, ZERO_WIDTH_LIMIT)
        if count > left:
            raise DecodeError(
                f"{count:,} more elements that take no bits: a message may hold at most {ZERO_WIDTH_LIMIT:,} of them",
                location=array,
            )
        setattr(decoder, BUDGET, left - count)
    elif count > decoder.number_of_bits:
        raise DecodeError(f"{count:,} elements but only {decoder.number_of_bits:,} bits left", location=array)
    return [array.element_type.decode(decoder) for _ in range(count)]
