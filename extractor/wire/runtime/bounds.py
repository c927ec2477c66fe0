"""How many bits a UPER encoding of a type can take, worked out from asn1tools' parsed form of its module.

Inference uses it as an index: a type whose encodings are always longer, or always shorter, than the
application data cannot be its type, so it is never decoded. The bounds are safe rather than tight:
whatever this module does not know for sure (character strings, extensible constraints, constraints on
a reference, types it does not model) gets the widest bound, so no type that fits is ever left out.
"""

from __future__ import annotations

from typing import Any

# (fewest bits, most bits or None when unbounded)
Bounds = tuple[int, int | None]
UNKNOWN: Bounds = (0, None)
# X.691: a length determinant of a constrained size below 64K is a bit field; from 64K on it is not.
SIZE_LIMIT = 65536
UNIT_BITS = {"OCTET STRING": 8, "BIT STRING": 1}
LIST_TYPES = {"SEQUENCE OF", "SET OF"}
STRUCTURED_TYPES = {"SEQUENCE", "SET"}
# Character strings of a known width per character (X.691 27.5): at most that wide (a FROM constraint
# narrows them, down to 0 bits), so at least their length field and at most width × SIZE more.
CHARACTER_BITS = {"IA5String": 7, "VisibleString": 7, "PrintableString": 7, "NumericString": 4, "BMPString": 16}


class BitBounds:
    """Bounds of the types of one module (its `types` in asn1tools' parsed form), computed on first use."""

    def __init__(self, types: dict[str, Any]) -> None:
        self.types = types
        self._known: dict[str, Bounds] = {}

    def of(self, type_name: str) -> Bounds:
        if type_name not in self.types:
            return UNKNOWN
        if type_name not in self._known:
            # A type that refers back to itself while being worked out is unbounded.
            self._known[type_name] = UNKNOWN
            self._known[type_name] = self._bounds(self.types[type_name])
        return self._known[type_name]

    def _bounds(self, spec: Any) -> Bounds:
        if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
            return UNKNOWN
        kind = spec["type"]
        if kind in self.types:
            # A constraint on a reference narrows the type, and with it maybe its PER width.
            constrained = "restricted-to" in spec or "size" in spec
            return UNKNOWN if constrained else self.of(kind)
        if kind == "BOOLEAN":
            return (1, 1)
        if kind == "NULL":
            return (0, 0)
        if kind == "INTEGER":
            return _integer(spec.get("restricted-to"))
        if kind == "ENUMERATED":
            return _enumerated(spec.get("values") or [])
        if kind in UNIT_BITS:
            return _sized(spec.get("size"), (UNIT_BITS[kind], UNIT_BITS[kind]))
        if kind in LIST_TYPES:
            return _sized(spec.get("size"), self._bounds(spec.get("element")))
        if kind in CHARACTER_BITS:
            return _sized(spec.get("size"), (0, CHARACTER_BITS[kind]))
        if kind == "UTF8String":
            # Its SIZE is not PER-visible: a length octet, then the octets.
            return (8, None)
        if kind in STRUCTURED_TYPES:
            return self._sequence(spec.get("members") or [])
        if kind == "CHOICE":
            return self._choice(spec.get("members") or [])
        return UNKNOWN

    def _sequence(self, members: list[Any]) -> Bounds:
        root, extensible = _root(members)
        if root is None:
            return UNKNOWN
        fewest = most = int(extensible) + sum(1 for member in root if _optional(member))
        unbounded = extensible
        for member in root:
            low, high = self._bounds(member)
            if not _optional(member):
                fewest += low
            if high is None:
                unbounded = True
            else:
                most += high
        return (fewest, None if unbounded else most)

    def _choice(self, members: list[Any]) -> Bounds:
        root, extensible = _root(members)
        if not root:
            return UNKNOWN
        index = int(extensible) + (len(root) - 1).bit_length()
        alternatives = [self._bounds(member) for member in root]
        fewest = index + min(low for low, _ in alternatives)
        highs = [high for _, high in alternatives]
        if extensible or None in highs:
            return (fewest, None)
        return (fewest, index + max(high for high in highs if high is not None))


def _root(members: list[Any]) -> tuple[list[dict[str, Any]] | None, bool]:
    """The root components (before the first extension marker and after a second one) and whether the
    type is extensible; None when a member is not a plain component (COMPONENTS OF and the like)."""
    root: list[dict[str, Any]] = []
    markers = 0
    for member in members:
        if member is None or member == "...":
            markers += 1
        elif not isinstance(member, dict) or "name" not in member:
            return None, markers > 0
        elif markers != 1:
            root.append(member)
    return root, markers > 0


def _optional(member: dict[str, Any]) -> bool:
    return bool(member.get("optional")) or "default" in member


def _integer(constraint: Any) -> Bounds:
    if isinstance(constraint, list) and len(constraint) == 1:
        [limit] = constraint
        if isinstance(limit, int) and not isinstance(limit, bool):
            return (0, 0)
        if isinstance(limit, tuple) and all(isinstance(end, int) for end in limit):
            width = (limit[1] - limit[0]).bit_length()
            return (width, width)
    # Unconstrained, semi-constrained or extensible: a length octet and at least one content octet.
    return (16, None) if constraint is None else UNKNOWN


def _enumerated(values: list[Any]) -> Bounds:
    if None in values or "..." in values or not values:
        return (1, None)
    width = (len(values) - 1).bit_length()
    return (width, width)


def _sized(size: Any, unit: Bounds) -> Bounds:
    """Bounds of a string or list of `unit`s under a SIZE constraint."""
    low_unit, high_unit = unit
    if isinstance(size, list) and len(size) == 1:
        [limit] = size
        if isinstance(limit, int) and 0 <= limit < SIZE_LIMIT:
            return (limit * low_unit, None if high_unit is None else limit * high_unit)
        if isinstance(limit, tuple) and all(isinstance(end, int) for end in limit) and limit[1] < SIZE_LIMIT:
            length = (limit[1] - limit[0]).bit_length()
            most = None if high_unit is None else length + limit[1] * high_unit
            return (length + limit[0] * low_unit, most)
    # Unconstrained or extensible: at least a length octet.
    return (8, None) if size is None else UNKNOWN
