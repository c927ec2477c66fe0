"""UPER size of a parsed ASN.1 type (asn1tools' parser form), from its PER-visible constraints.

X.691, unaligned variant, no extension markers: a constrained INTEGER is `value - lower` in
(upper - lower).bit_length() bits (0 for one value); BOOLEAN 1 bit, NULL nothing; ENUMERATED and CHOICE
send the index in (n - 1).bit_length() bits; a SIZE range with upper bound below 64K gets a length field
of (upper - lower).bit_length() bits, a fixed size none, anything else the general length determinant
(8 bits below 128, 16 below 16K); known-multiplier strings send 7 bits per character (IA5, Visible,
Printable), 4 (Numeric), 16 (BMP) or 32 (Universal); other strings' SIZE is not PER-visible, so they
are counted in octets behind a length determinant; a SEQUENCE starts with one presence bit per
OPTIONAL or DEFAULT component.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LENGTH_LIMIT = 65536
DETERMINANT_BITS = 8
CHARACTER_BITS = {
    "IA5String": 7,
    "VisibleString": 7,
    "ISO646String": 7,
    "PrintableString": 7,
    "NumericString": 4,
    "BMPString": 16,
    "UniversalString": 32,
}
OCTET_COUNTED = {
    "UTF8String",
    "TeletexString",
    "T61String",
    "VideotexString",
    "GraphicString",
    "GeneralString",
    "ObjectDescriptor",
}
# Open-ended encodings: a length determinant and at least this many octets.
LENGTH_PREFIXED_MIN_OCTETS = {"REAL": 0, "OBJECT IDENTIFIER": 1, "ANY": 1, "INTEGER": 1}


@dataclass(frozen=True)
class Size:
    """Bits on the wire: `minimum`..`maximum` (None: no upper bound), and the length field it gets, if any."""

    minimum: int
    maximum: int | None
    length: str | None = None

    def text(self) -> str:
        if self.minimum == self.maximum:
            bits = f"{self.minimum} bit" + ("" if self.minimum == 1 else "s")
        elif self.maximum is None:
            bits = f"≥ {self.minimum} bits"
        else:
            bits = f"{self.minimum}–{self.maximum} bits"
        return f"{bits}; {self.length}" if self.length else bits


class UperSizes:
    """Sizes of the types of one module; references resolve within it, recursion has no upper bound."""

    def __init__(self, types: dict[str, Any]) -> None:
        self.types = types
        self._named: dict[str, Size] = {}

    def of_name(self, name: str) -> Size:
        return self.of(self.types[name])

    def of(self, type_: dict, visiting: frozenset[str] = frozenset()) -> Size:
        kind = type_["type"]
        if kind in self.types:
            return self._reference(type_, visiting)
        if kind == "INTEGER":
            return _integer(effective_range(type_.get("restricted-to")))
        if kind == "BOOLEAN":
            return Size(1, 1)
        if kind == "NULL":
            return Size(0, 0)
        if kind == "ENUMERATED":
            return _index(sum(1 for value in type_["values"] if value))
        if kind == "OCTET STRING":
            return _sized(effective_range(type_.get("size")), 8, "octets")
        if kind == "BIT STRING":
            return _sized(effective_range(type_.get("size")), 1, "bits")
        if kind in CHARACTER_BITS:
            return _sized(effective_range(type_.get("size")), CHARACTER_BITS[kind], "characters")
        if kind in OCTET_COUNTED:
            return Size(DETERMINANT_BITS, None, f"length determinant + octets (SIZE is not PER-visible for {kind})")
        if kind in ("SEQUENCE", "SET"):
            return self._sequence([member for member in type_["members"] if member], visiting)
        if kind == "CHOICE":
            return self._choice([member for member in type_["members"] if member], visiting)
        if kind in ("SEQUENCE OF", "SET OF"):
            return self._sequence_of(type_, visiting)
        minimum = LENGTH_PREFIXED_MIN_OCTETS.get(kind, 0)
        return Size(DETERMINANT_BITS + 8 * minimum, None, "length determinant + octets")

    def _reference(self, type_: dict, visiting: frozenset[str]) -> Size:
        name = type_["type"]
        if name in visiting:
            return Size(0, None, f"recursive through {name}")
        target = self.types[name]
        constrained = {key: type_[key] for key in ("restricted-to", "size") if type_.get(key)}
        if not constrained:
            if name not in self._named or visiting:
                size = self.of(target, visiting | {name})
                if visiting:
                    return size
                self._named[name] = size
            return self._named[name]
        # A constraint written on the reference narrows the referenced type's own (serial application).
        narrowed = dict(target)
        for key, bounds in constrained.items():
            narrowed[key] = _intersect(target.get(key), bounds)
        return self.of(narrowed, visiting | {name})

    def _sequence(self, members: list[dict], visiting: frozenset[str]) -> Size:
        presence = sum(1 for member in members if has_presence_bit(member))
        minimum = presence
        maximum: int | None = presence
        for member in members:
            size = self.of(member, visiting)
            if not has_presence_bit(member):
                minimum += size.minimum
            maximum = None if maximum is None or size.maximum is None else maximum + size.maximum
        note = f"{presence} presence bit" + ("" if presence == 1 else "s") if presence else None
        return Size(minimum, maximum, note)

    def _choice(self, members: list[dict], visiting: frozenset[str]) -> Size:
        index = _index(len(members)).minimum
        sizes = [self.of(member, visiting) for member in members]
        maxima = [size.maximum for size in sizes if size.maximum is not None]
        maximum = index + max(maxima, default=0) if len(maxima) == len(sizes) else None
        return Size(index + min((size.minimum for size in sizes), default=0), maximum, f"{index}-bit alternative index")

    def _sequence_of(self, type_: dict, visiting: frozenset[str]) -> Size:
        element = self.of(type_["element"], visiting)
        field_bits, note, lower, upper = _length(effective_range(type_.get("size")), "elements")
        maximum = None if upper is None or element.maximum is None else field_bits + upper * element.maximum
        return Size(field_bits + lower * element.minimum, maximum, note)


def has_presence_bit(member: dict) -> bool:
    return bool(member.get("optional")) or "default" in member


def effective_range(bounds: Any) -> tuple[int, int | None] | None:
    """(lower, upper) of a parsed constraint like `[(0, 255)]`, `[7]` or `[(0, 'MAX')]`; None if unconstrained.

    A union of ranges is encoded over its smallest lower and largest upper bound; an open bound is None."""
    if not bounds:
        return None
    lowers, uppers = [], []
    for item in bounds:
        lower, upper = item if isinstance(item, tuple) else (item, item)
        lowers.append(lower)
        uppers.append(upper)
    if not all(isinstance(value, int) for value in lowers):
        return None
    upper_bound = max(uppers) if all(isinstance(value, int) for value in uppers) else None
    return min(lowers), upper_bound


def _intersect(own: Any, narrower: Any) -> list:
    mine, theirs = effective_range(own), effective_range(narrower)
    if mine is None or theirs is None:
        return list(narrower if theirs is not None else own or [])
    uppers = [value for value in (mine[1], theirs[1]) if value is not None]
    return [(max(mine[0], theirs[0]), min(uppers) if uppers else "MAX")]


def _integer(limits: tuple[int, int | None] | None) -> Size:
    if limits is None or limits[1] is None:
        return Size(DETERMINANT_BITS + 8, None, "length determinant + octets")
    bits = (limits[1] - limits[0]).bit_length()
    return Size(bits, bits)


def _index(count: int) -> Size:
    bits = (count - 1).bit_length() if count > 1 else 0
    return Size(bits, bits)


def _length(limits: tuple[int, int | None] | None, unit: str) -> tuple[int, str | None, int, int | None]:
    """(bits of the length field, what it is, fewest and most units); a fixed size below 64K has no field."""
    lower = limits[0] if limits else 0
    upper = limits[1] if limits else None
    if upper is None or upper >= LENGTH_LIMIT:
        return DETERMINANT_BITS, f"length determinant (8 bits below 128 {unit}, 16 below 16K)", lower, None
    if lower == upper:
        return 0, None, lower, upper
    bits = (upper - lower).bit_length()
    return bits, f"{bits}-bit length field ({lower}..{upper} {unit})", lower, upper


def _sized(limits: tuple[int, int | None] | None, unit_bits: int, unit: str) -> Size:
    field_bits, note, lower, upper = _length(limits, unit)
    maximum = None if upper is None else field_bits + upper * unit_bits
    return Size(field_bits + lower * unit_bits, maximum, note)
