"""Warnings for lists of elements that take no bits in UPER (NULL, an empty SEQUENCE, a single-value INTEGER,
a one-item ENUMERATED, and what is made of them only) whose size may exceed what any decoder accepts.

Such a list carries nothing but its count: a few bytes can claim billions of elements. The wire runtime
stops at `ZERO_WIDTH_LIMIT` of them per message (wire/runtime/list_bounds, which this step may not import:
the figure is repeated here and a test keeps the two equal); the warning says which type and field the
app declares that way.
"""

from __future__ import annotations

from ..model import (
    ChoiceType,
    Constraint,
    EnumeratedType,
    IntegerType,
    NullType,
    ProtocolVersion,
    SequenceOfType,
    SequenceType,
    SingleValue,
    Type,
    TypeReference,
    ValueRange,
)
from ..model import keyword as asn1_keyword

# 8 bits × 65,532 bytes, the largest frame: as wire/runtime/list_bounds.ZERO_WIDTH_LIMIT.
ZERO_WIDTH_LIMIT = 524_256


def zero_width_warnings(versions: tuple[ProtocolVersion, ...]) -> list[str]:
    """One line per list of zero-width elements whose size may exceed the limit, naming version, type and field."""
    warnings = []
    for version in versions:
        types = {
            assignment.java_class: assignment.type for module in version.modules for assignment in module.assignments
        }
        names = {java_class: name for module in version.modules for java_class, name in module.names_by_class().items()}
        widths = _Widths(types)
        for module in version.modules:
            for assignment in module.assignments:
                for where, found in _lists(assignment.name, assignment.type):
                    if widths.zero(found.element) and _may_exceed(found.size):
                        warnings.append(f"{version.version} {where}: {_described(found, names)}")
    return warnings


def _lists(where: str, type_: Type) -> list[tuple[str, SequenceOfType]]:
    """The lists a type declares in place, each with where it is (`Type`, `Type.field`, `Type.field[]`)."""
    if isinstance(type_, SequenceOfType):
        return [(where, type_), *_lists(f"{where}[]", type_.element)]
    if isinstance(type_, SequenceType):
        return [found for c in type_.components for found in _lists(f"{where}.{c.name}", c.type)]
    if isinstance(type_, ChoiceType):
        return [found for c in type_.alternatives for found in _lists(f"{where}.{c.name}", c.type)]
    return []


def _may_exceed(size: Constraint | None) -> bool:
    if size is None:
        return True
    return (size.upper if isinstance(size, ValueRange) else size.value) > ZERO_WIDTH_LIMIT


def _described(found: SequenceOfType, names: dict[str, str]) -> str:
    keyword = "SET" if found.is_set_of else "SEQUENCE"
    size = found.size
    bound = (
        "no upper bound"
        if size is None
        else f"up to {size.upper if isinstance(size, ValueRange) else size.value:,} elements"
    )
    element = found.element
    shown = names.get(element.java_class, "?") if isinstance(element, TypeReference) else asn1_keyword(element)
    return (
        f"{keyword} OF {shown}, which takes no bits, with {bound}: a few bytes can claim that many;"
        f" decoders stop at {ZERO_WIDTH_LIMIT:,}"
    )


class _Widths:
    """Whether a type takes no bits in UPER, references resolved through the version's types."""

    def __init__(self, types: dict[str, Type]) -> None:
        self.types = types
        self._resolving: set[str] = set()

    def zero(self, type_: Type) -> bool:
        if isinstance(type_, NullType):
            return True
        if isinstance(type_, IntegerType):
            return _single(type_.constraint)
        if isinstance(type_, EnumeratedType):
            return len(type_.items) == 1
        if isinstance(type_, SequenceType):
            return all(not c.optional and c.default is None and self.zero(c.type) for c in type_.components)
        if isinstance(type_, ChoiceType):
            return len(type_.alternatives) == 1 and self.zero(type_.alternatives[0].type)
        if isinstance(type_, SequenceOfType):
            return _single(type_.size) and (_fixed(type_.size) == 0 or self.zero(type_.element))
        if isinstance(type_, TypeReference):
            return self._reference(type_)
        return False

    def _reference(self, reference: TypeReference) -> bool:
        target = self.types.get(reference.java_class)
        if target is None or reference.java_class in self._resolving:
            return False
        if reference.constraint is not None and isinstance(target, IntegerType):
            return _single(reference.constraint)
        self._resolving.add(reference.java_class)
        try:
            return self.zero(target)
        finally:
            self._resolving.discard(reference.java_class)


def _single(constraint: Constraint | None) -> bool:
    """A constraint that allows one value (or one size) only."""
    return isinstance(constraint, SingleValue) or (
        isinstance(constraint, ValueRange) and constraint.lower == constraint.upper
    )


def _fixed(constraint: Constraint | None) -> int | None:
    if isinstance(constraint, SingleValue):
        return constraint.value
    return constraint.lower if isinstance(constraint, ValueRange) else None
