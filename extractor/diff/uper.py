"""UPER size of a `model` type of a stored module, from its PER-visible constraints.

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

from dataclasses import dataclass, replace

from ..model import (
    SIZED_TYPES,
    AnyType,
    BitStringType,
    BooleanType,
    CharacterStringType,
    ChoiceType,
    Component,
    Constraint,
    EnumeratedType,
    IntegerType,
    NullType,
    ObjectIdentifierType,
    OctetStringType,
    RealType,
    SequenceOfType,
    SequenceType,
    SingleValue,
    Type,
    TypeReference,
    ValueRange,
)
from ..schema.stored import StoredModule

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
LENGTH_PREFIXED_MIN_OCTETS: dict[type, int] = {RealType: 0, ObjectIdentifierType: 1, AnyType: 1}


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

    def __init__(self, module: StoredModule) -> None:
        self.module = module
        self._named: dict[str, Size] = {}

    def of_name(self, name: str) -> Size:
        assignment = self.module.assignment(name)
        assert assignment is not None, name
        return self.of(assignment.type)

    def of(self, type_: Type, visiting: frozenset[str] = frozenset()) -> Size:
        if isinstance(type_, TypeReference):
            return self._reference(type_, visiting)
        if isinstance(type_, IntegerType):
            return _integer(effective_range(type_.constraint))
        if isinstance(type_, BooleanType):
            return Size(1, 1)
        if isinstance(type_, NullType):
            return Size(0, 0)
        if isinstance(type_, EnumeratedType):
            return _index(len(type_.items))
        if isinstance(type_, OctetStringType):
            return _sized(effective_range(type_.size), 8, "octets")
        if isinstance(type_, BitStringType):
            return _sized(effective_range(type_.size), 1, "bits")
        if isinstance(type_, CharacterStringType) and type_.kind in CHARACTER_BITS:
            return _sized(effective_range(type_.size), CHARACTER_BITS[type_.kind], "characters")
        if isinstance(type_, CharacterStringType):
            return Size(
                DETERMINANT_BITS, None, f"length determinant + octets (SIZE is not PER-visible for {type_.kind})"
            )
        if isinstance(type_, SequenceType):
            return self._sequence(type_.components, visiting)
        if isinstance(type_, ChoiceType):
            return self._choice(type_.alternatives, visiting)
        if isinstance(type_, SequenceOfType):
            return self._sequence_of(type_, visiting)
        minimum = LENGTH_PREFIXED_MIN_OCTETS[type(type_)]
        return Size(DETERMINANT_BITS + 8 * minimum, None, "length determinant + octets")

    def _reference(self, reference: TypeReference, visiting: frozenset[str]) -> Size:
        name = self.module.name_of(reference)
        if name in visiting:
            return Size(0, None, f"recursive through {name}")
        target = self.module.target(reference).type
        if reference.constraint is None:
            if name not in self._named or visiting:
                size = self.of(target, visiting | {name})
                if visiting:
                    return size
                self._named[name] = size
            return self._named[name]
        # A constraint written on the reference narrows the referenced type's own (serial application).
        return self.of(_narrowed(target, reference.constraint), visiting | {name})

    def _sequence(self, components: tuple[Component, ...], visiting: frozenset[str]) -> Size:
        presence = sum(1 for component in components if has_presence_bit(component))
        minimum = presence
        maximum: int | None = presence
        for component in components:
            size = self.of(component.type, visiting)
            if not has_presence_bit(component):
                minimum += size.minimum
            maximum = None if maximum is None or size.maximum is None else maximum + size.maximum
        note = f"{presence} presence bit" + ("" if presence == 1 else "s") if presence else None
        return Size(minimum, maximum, note)

    def _choice(self, alternatives: tuple[Component, ...], visiting: frozenset[str]) -> Size:
        index = _index(len(alternatives)).minimum
        sizes = [self.of(alternative.type, visiting) for alternative in alternatives]
        maxima = [size.maximum for size in sizes if size.maximum is not None]
        maximum = index + max(maxima, default=0) if len(maxima) == len(sizes) else None
        return Size(index + min((size.minimum for size in sizes), default=0), maximum, f"{index}-bit alternative index")

    def _sequence_of(self, type_: SequenceOfType, visiting: frozenset[str]) -> Size:
        element = self.of(type_.element, visiting)
        field_bits, note, lower, upper = _length(effective_range(type_.size), "elements")
        maximum = None if upper is None or element.maximum is None else field_bits + upper * element.maximum
        return Size(field_bits + lower * element.minimum, maximum, note)


def has_presence_bit(component: Component) -> bool:
    return component.optional or component.default is not None


def effective_range(constraint: Constraint | None) -> tuple[int, int] | None:
    """(lower, upper) of a constraint, `(7)` as (7, 7); None if unconstrained."""
    if constraint is None:
        return None
    if isinstance(constraint, SingleValue):
        return constraint.value, constraint.value
    return constraint.lower, constraint.upper


def _narrowed(target: Type, constraint: Constraint) -> Type:
    """`target` with its own constraint intersected with `constraint`; types without one stay as they are."""
    if isinstance(target, TypeReference):
        own = target.constraint
        return replace(target, constraint=_intersect(own, constraint))
    if isinstance(target, IntegerType):
        return replace(target, constraint=_intersect(target.constraint, constraint))
    if isinstance(target, SIZED_TYPES):
        return replace(target, size=_intersect(target.size, constraint))
    return target


def _intersect(own: Constraint | None, narrower: Constraint) -> Constraint:
    mine, theirs = effective_range(own), effective_range(narrower)
    if mine is None or theirs is None:
        return narrower
    return ValueRange(max(mine[0], theirs[0]), min(mine[1], theirs[1]))


def _integer(limits: tuple[int, int] | None) -> Size:
    if limits is None:
        return Size(DETERMINANT_BITS + 8, None, "length determinant + octets")
    bits = (limits[1] - limits[0]).bit_length()
    return Size(bits, bits)


def _index(count: int) -> Size:
    bits = (count - 1).bit_length() if count > 1 else 0
    return Size(bits, bits)


def _length(limits: tuple[int, int] | None, unit: str) -> tuple[int, str | None, int, int | None]:
    """(bits of the length field, what it is, fewest and most units); a fixed size below 64K has no field."""
    lower = limits[0] if limits else 0
    upper = limits[1] if limits else None
    if upper is None or upper >= LENGTH_LIMIT:
        return DETERMINANT_BITS, f"length determinant (8 bits below 128 {unit}, 16 below 16K)", lower, None
    if lower == upper:
        return 0, None, lower, upper
    bits = (upper - lower).bit_length()
    return bits, f"{bits}-bit length field ({lower}..{upper} {unit})", lower, upper


def _sized(limits: tuple[int, int] | None, unit_bits: int, unit: str) -> Size:
    field_bits, note, lower, upper = _length(limits, unit)
    maximum = None if upper is None else field_bits + upper * unit_bits
    return Size(field_bits + lower * unit_bits, maximum, note)
