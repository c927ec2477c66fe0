"""How many bits an encoding of a type takes at the start of some bits, counted without decoding: inference's
sieve.

Inference must show, for every type the length allows, whether it decodes the application data exactly.
asn1tools only answers that by decoding: building every string, list and dict of a value, which on
garbage costs as much as a real message. asn1tools has no call that only measures, so this module counts
the bits its UPER decoder would read, from the same compiled types (the same widths, ranges and markers),
and stops at the first read that asn1tools' decoder, with this runtime's list bounds, fails on for certain:
past the end of the bits, an enumeration or choice index outside the root, a length determinant asn1tools
rejects, a count the bits left cannot hold, a string size extension it does not implement. What it does not
check (the characters of a string, UTF-8, extension additions, lists of zero-width elements, node kinds it
does not model) makes it unsure, and the type is decoded as before. So a type is set aside only when its
decode would fail or take another number of bits: inference's candidates are the same, at a fraction of
the cost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asn1tools.codecs import per, uper  # type: ignore[import-untyped]

# A reader: the bits as a "0"/"1" string and a position in them → the position after the encoding.
Reader = Callable[[str, int], int]
# A type's step: the bits it always takes (no read can fail inside it but past the end), or its reader.
Step = int | Reader
# X.691 10.9.3.8: a fragment's length determinant (0xC1..0xC4) counts these many 16K blocks.
FRAGMENT = 16384
FRAGMENT_BLOCKS = {0xC1: 1, 0xC2: 2, 0xC3: 3, 0xC4: 4}


class DoesNotFit(Exception):
    """asn1tools' decoder fails on these bits for certain."""


class Unsure(Exception):
    """The bits reach something this module does not count: only a decode can tell."""


def _unsure(bits: str, position: int) -> int:
    raise Unsure


def _number(bits: str, position: int, width: int) -> int:
    """The unsigned number in the `width` bits at `position`."""
    end = position + width
    if end > len(bits):
        raise DoesNotFit
    return int(bits[position:end], 2) if width else 0


def _length_determinant(bits: str, position: int) -> tuple[int, int]:
    """per `read_length_determinant`: (length, position after it)."""
    first = _number(bits, position, 8)
    if first < 0x80:
        return first, position + 8
    if first < 0xC0:
        return ((first & 0x7F) << 8) | _number(bits, position + 8, 8), position + 16
    if first not in FRAGMENT_BLOCKS:
        raise DoesNotFit
    return FRAGMENT * FRAGMENT_BLOCKS[first], position + 8


def _chunks(bits: str, position: int, unit: Callable[[str, int, int], int]) -> int:
    """per `read_length_determinant_chunks`: fragments until one shorter than 16K; `unit` reads a count."""
    while True:
        count, position = _length_determinant(bits, position)
        position = unit(bits, position, count)
        if count < FRAGMENT:
            return position


def _skip(bits: str, position: int, width: int) -> int:
    end = position + width
    if end > len(bits):
        raise DoesNotFit
    return end


class Sieve:
    """Readers for the types of one compiled asn1tools UPER specification, built on first use."""

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled
        self._steps: dict[int, Step] = {}
        self._by_name: dict[str, Step] = {}

    def bits_taken(self, type_name: str, bits: str) -> int | None:
        """The bits a `type_name` decode reads from the start of `bits`; None when unsure; raises DoesNotFit."""
        step = self._by_name.get(type_name)
        if step is None:
            step = self._by_name[type_name] = self._step(self.compiled.types[type_name].type)
        try:
            taken = step if isinstance(step, int) else step(bits, 0)
        except (Unsure, RecursionError):
            return None
        # Fixed-width runs are added up without reading: one that ends past the bits read past them.
        if taken > len(bits):
            raise DoesNotFit
        return taken

    def _step(self, node: Any) -> Step:
        key = id(node)
        if key not in self._steps:
            # A type that contains itself reads through this cell, filled once its step is built.
            cell: list[Reader] = []
            self._steps[key] = lambda bits, position: cell[0](bits, position)
            step = self._build(node)
            cell.append(_reader(step))
            self._steps[key] = step
        return self._steps[key]

    def _build(self, node: Any) -> Step:
        if isinstance(node, per.Recursive):
            return self._step(node._inner) if node._inner is not None else _unsure
        if isinstance(node, per.Boolean):
            return 1
        if isinstance(node, per.Null):
            return 0
        if isinstance(node, uper.Integer):
            return _integer(node)
        if isinstance(node, per.Enumerated):
            return _enumerated(node)
        if isinstance(node, per.MembersType):
            return self._members(node)
        if isinstance(node, uper.Choice):
            return self._choice(node)
        if isinstance(node, uper.ArrayType) and not getattr(node, "saic_zero_width", True):
            return self._array(node)
        if isinstance(node, (uper.OctetString, uper.BitString, uper.KnownMultiplierStringType)):
            return _sized(node)
        return _unsure

    def _members(self, node: Any) -> Step:
        # asn1tools' `optionals`: a presence bit for each OPTIONAL or DEFAULT member, in order.
        optional = [member.optional or member.default is not None for member in node.root_members]
        presence_bits = sum(optional)
        extensible = node.additions is not None
        # (presence flag, or 0 for a member always there; its width when fixed, else its reader), runs of
        # fixed-width members added up.
        members: list[tuple[int, int, Reader | None]] = []
        flag = 1 << presence_bits
        for is_optional, member in zip(optional, node.root_members, strict=True):
            step = self._step(member)
            flag >>= is_optional
            if isinstance(step, int) and not is_optional and members and not members[-1][0] and not members[-1][2]:
                members[-1] = (0, members[-1][1] + step, None)
            elif isinstance(step, int):
                members.append((flag if is_optional else 0, step, None))
            else:
                members.append((flag if is_optional else 0, 0, step))
        if not extensible and not presence_bits and not any(reader for _, _, reader in members):
            return sum(width for _, width, _ in members)

        def read(bits: str, position: int) -> int:
            if extensible:
                if _number(bits, position, 1):
                    raise Unsure
                position += 1
            present = 0
            if presence_bits:
                end = position + presence_bits
                if end > len(bits):
                    raise DoesNotFit
                present = int(bits[position:end], 2)
                position = end
            for flag, width, reader in members:
                if flag and not present & flag:
                    continue
                position = position + width if reader is None else reader(bits, position)
            return position

        return read

    def _choice(self, node: Any) -> Step:
        alternatives = {index: _reader(self._step(member)) for index, member in node.root_index_to_member.items()}
        width = node.root_number_of_bits if len(alternatives) > 1 else 0
        extensible = node.additions_index_to_member is not None

        def read(bits: str, position: int) -> int:
            if extensible:
                if _number(bits, position, 1):
                    raise Unsure
                position += 1
            alternative = alternatives.get(_number(bits, position, width))
            if alternative is None:
                raise DoesNotFit
            return alternative(bits, position + width)

        return read

    def _array(self, node: Any) -> Step:
        element = _reader(self._step(node.element_type))

        def elements(bits: str, position: int, count: int) -> int:
            # list_bounds: a count of elements that take bits is at most the bits left.
            if count > len(bits) - position:
                raise DoesNotFit
            for _ in range(count):
                position = element(bits, position)
            return position

        def read(bits: str, position: int) -> int:
            if node.has_extension_marker:
                position += 1
                if _number(bits, position - 1, 1):
                    count, position = _length_determinant(bits, position)
                    return elements(bits, position, count)
            if node.number_of_bits is None:
                return _chunks(bits, position, elements)
            count = node.minimum + _number(bits, position, node.number_of_bits)
            return elements(bits, position + node.number_of_bits, count)

        return read


def _reader(step: Step) -> Reader:
    if isinstance(step, int):
        return lambda bits, position: position + step
    return step


def _integer(node: Any) -> Step:
    if not node.has_extension_marker and node.number_of_bits is not None:
        return int(node.number_of_bits)

    def unconstrained(bits: str, position: int) -> int:
        octets, position = _length_determinant(bits, position)
        if octets == 0:
            # asn1tools sign-extends from bit 8 × length - 1: a shift by -1, a ValueError.
            raise DoesNotFit
        return _skip(bits, position, 8 * octets)

    def read(bits: str, position: int) -> int:
        if node.has_extension_marker:
            position += 1
            if _number(bits, position - 1, 1):
                return unconstrained(bits, position)
        if node.number_of_bits is None:
            return unconstrained(bits, position)
        return _skip(bits, position, node.number_of_bits)

    return read


def _enumerated(node: Any) -> Step:
    root = node.root_index_to_data
    width: int = node.root_number_of_bits
    if node.additions_index_to_data is None and len(root) == 1 << width:
        return int(width)

    def read(bits: str, position: int) -> int:
        if node.additions_index_to_data is not None:
            position += 1
            if _number(bits, position - 1, 1):
                raise Unsure
        if _number(bits, position, width) not in root:
            raise DoesNotFit
        return position + width

    return read


def _sized(node: Any) -> Step:
    """OCTET STRING, BIT STRING and known-width character strings: a size, then that many units."""
    if isinstance(node, uper.OctetString):
        unit = 8
    elif isinstance(node, uper.BitString):
        unit = 1
    else:
        unit = node.bits_per_character
    # asn1tools reads an extended OCTET STRING (a length determinant, then octets); the others it does not implement.
    extension_readable = isinstance(node, uper.OctetString)
    if not node.has_extension_marker and node.number_of_bits is not None and node.minimum == node.maximum:
        return int(unit * node.minimum)

    def units(bits: str, position: int, count: int) -> int:
        return _skip(bits, position, unit * count)

    width: int | None = node.number_of_bits
    minimum: int = node.minimum
    extensible = node.has_extension_marker

    def read(bits: str, position: int) -> int:
        if extensible:
            position += 1
            if _number(bits, position - 1, 1):
                if not extension_readable:
                    raise DoesNotFit
                count, position = _length_determinant(bits, position)
                return units(bits, position, count)
        if width is None:
            return _chunks(bits, position, units)
        end = position + width
        if end > len(bits):
            raise DoesNotFit
        # The fixed-width runs after it check the end once: a string past the bits is caught there.
        return end + unit * (minimum + (int(bits[position:end], 2) if width else 0))

    return read
