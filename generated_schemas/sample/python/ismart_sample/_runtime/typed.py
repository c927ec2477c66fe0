"""Typed values ↔ asn1tools values, driven by the shape tables a generated package declares per class.

A generated class only declares its fields and, for each, the ASN.1 name and shape; the conversion
(and its type checks, which name the field path) exists once, here.
"""

from __future__ import annotations

import enum
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from .errors import WireError, shown


class Null(enum.Enum):
    """The one value of ASN.1 NULL."""

    NULL = None


@dataclass(frozen=True)
class BitString:
    """ASN.1 BIT STRING: `length` bits, the first of them in the high bit of `data[0]`."""

    data: bytes
    length: int


@dataclass(frozen=True)
class Field:
    """One component: its Python attribute, its ASN.1 name (the wire name) and its shape."""

    python: str
    asn1: str
    shape: Shape
    optional: bool = False


class Sequence:
    """Base of the classes of SEQUENCE and SET types."""

    ASN1_TYPE: ClassVar[str] = ""
    FIELDS: ClassVar[tuple[Field, ...]] = ()


class Choice:
    """Base of the classes of CHOICE types: one attribute per alternative, exactly one of them set."""

    ASN1_TYPE: ClassVar[str] = ""
    FIELDS: ClassVar[tuple[Field, ...]] = ()

    @property
    def alternative(self) -> str:
        """The ASN.1 name of the alternative that is set."""
        chosen = [item.asn1 for item in self.FIELDS if getattr(self, item.python) is not None]
        return chosen[0] if len(chosen) == 1 else ""


@reprlib.recursive_repr()
def fields_repr(value: Sequence | Choice) -> str:
    """What the `__repr__` dataclasses makes returns (`Name(a=1, b='x')`, `...` where a value holds itself), for
    the wide classes that do not let dataclasses make theirs."""
    shown = ", ".join(f"{item.python}={getattr(value, item.python)!r}" for item in value.FIELDS)
    return f"{value.__class__.__qualname__}({shown})"


# One value as asn1tools gives it → its typed value.
Converter = Callable[[Any], Any]


def qualified_name(cls: type) -> str:
    """A generated class as errors name it: with its version module (`v3_0.MPDispatcherBody`)."""
    return f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__qualname__}"


def _described(value: object) -> str:
    """A value an error shows: an instance of a generated class with the class's version module."""
    cls = type(value)
    generated = issubclass(cls, Sequence | Choice | enum.Enum) and cls.__module__ != __name__
    return f"{qualified_name(cls)} {shown(value)}" if generated else shown(value)


class Shape:
    """How values of one ASN.1 type map to asn1tools' values and back."""

    def to_asn1(self, value: object, path: str) -> Any:
        raise NotImplementedError

    def from_asn1(self, value: Any) -> Any:
        raise NotImplementedError

    def converter(self) -> Converter | None:
        """What `from_asn1` does, or None where the value stays as asn1tools gives it: containers ask
        once per field, not once per value."""
        return self.from_asn1


class Plain(Shape):
    """A type whose Python and asn1tools values are the same object: INTEGER, BOOLEAN, REAL, strings."""

    def __init__(self, kind: str, types: tuple[type, ...]) -> None:
        self.kind = kind
        self.types = types

    def to_asn1(self, value: object, path: str) -> Any:
        # bool is an int subclass, but True is no INTEGER.
        if not isinstance(value, self.types) or (isinstance(value, bool) and bool not in self.types):
            raise WireError(f"{path}: expected {self.kind}, got {shown(value)}")
        return value

    def from_asn1(self, value: Any) -> Any:
        return value

    def converter(self) -> Converter | None:
        return None


class NullShape(Shape):
    def to_asn1(self, value: object, path: str) -> Any:
        if value is not Null.NULL:
            raise WireError(f"{path}: expected NULL (Null.NULL), got {shown(value)}")
        return None

    def from_asn1(self, value: Any) -> Any:
        return Null.NULL


class BitsShape(Shape):
    def to_asn1(self, value: object, path: str) -> Any:
        if not isinstance(value, BitString):
            raise WireError(f"{path}: expected BIT STRING (BitString), got {shown(value)}")
        return (value.data, value.length)

    def from_asn1(self, value: Any) -> Any:
        return BitString(value[0], value[1])


class ListOf(Shape):
    def __init__(self, element: Shape) -> None:
        self.element = element

    def to_asn1(self, value: object, path: str) -> Any:
        if not isinstance(value, list):
            raise WireError(f"{path}: expected a list (SEQUENCE OF), got {shown(value)}")
        return [self.element.to_asn1(item, f"{path}[{index}]") for index, item in enumerate(value)]

    def from_asn1(self, value: Any) -> Any:
        convert = self.element.converter()
        return list(value) if convert is None else [convert(item) for item in value]


class Ref(Shape):
    """A named type of the module, looked up when used (so types may refer to each other in any order)."""

    def __init__(self, table: dict[str, Shape], name: str) -> None:
        self.table = table
        self.name = name

    def to_asn1(self, value: object, path: str) -> Any:
        return self.table[self.name].to_asn1(value, path)

    def from_asn1(self, value: Any) -> Any:
        return self.table[self.name].from_asn1(value)

    def converter(self) -> Converter | None:
        return self.table[self.name].converter()


class EnumShape(Shape):
    """ENUMERATED: members whose values are the ASN.1 item names (asn1tools' values)."""

    def __init__(self, cls: type[enum.Enum]) -> None:
        self.cls = cls

    def to_asn1(self, value: object, path: str) -> Any:
        if not isinstance(value, self.cls):
            raise WireError(f"{path}: expected {qualified_name(self.cls)}, got {_described(value)}")
        return value.value

    def from_asn1(self, value: Any) -> Any:
        return self.cls(value)


class SequenceShape(Shape):
    def __init__(self, cls: type[Sequence]) -> None:
        self.cls = cls
        # (ASN.1 name, attribute, converter) per field, made on first use: the module's table is full by then.
        self._plan: tuple[tuple[str, str, Converter | None], ...] | None = None

    def to_asn1(self, value: object, path: str) -> Any:
        if not isinstance(value, self.cls):
            raise WireError(f"{path}: expected {qualified_name(self.cls)}, got {_described(value)}")
        result = {}
        for item in self.cls.FIELDS:
            component = getattr(value, item.python)
            if component is None and item.optional:
                continue
            result[item.asn1] = item.shape.to_asn1(component, f"{path}.{item.asn1}")
        return result

    def from_asn1(self, value: Any) -> Any:
        plan = self._plan
        if plan is None:
            plan = self._plan = tuple((item.asn1, item.python, item.shape.converter()) for item in self.cls.FIELDS)
        arguments = {}
        for asn1, python, convert in plan:
            if asn1 in value:
                arguments[python] = value[asn1] if convert is None else convert(value[asn1])
        return self.cls(**arguments)


class ChoiceShape(Shape):
    def __init__(self, cls: type[Choice]) -> None:
        self.cls = cls
        # ASN.1 name → (attribute, converter), made on first use.
        self._plan: dict[str, tuple[str, Converter | None]] | None = None

    def to_asn1(self, value: object, path: str) -> Any:
        if not isinstance(value, self.cls):
            raise WireError(f"{path}: expected {qualified_name(self.cls)}, got {_described(value)}")
        chosen = [item for item in self.cls.FIELDS if getattr(value, item.python) is not None]
        if len(chosen) != 1:
            names = ", ".join(item.python for item in self.cls.FIELDS)
            raise WireError(f"{path}: set exactly one alternative of {self.cls.__name__} ({names}), not {len(chosen)}")
        [item] = chosen
        return (item.asn1, item.shape.to_asn1(getattr(value, item.python), f"{path}.{item.asn1}"))

    def from_asn1(self, value: Any) -> Any:
        plan = self._plan
        if plan is None:
            plan = self._plan = {item.asn1: (item.python, item.shape.converter()) for item in self.cls.FIELDS}
        name, inner = value
        python, convert = plan[name]
        return self.cls(**{python: inner if convert is None else convert(inner)})


INTEGER = Plain("INTEGER", (int,))
BOOLEAN = Plain("BOOLEAN", (bool,))
REAL = Plain("REAL", (float, int))
STRING = Plain("a character string", (str,))
OCTETS = Plain("OCTET STRING (bytes)", (bytes,))
NULL = NullShape()
BITS = BitsShape()
