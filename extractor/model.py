"""The typed ASN.1 model that every step after the dex reader shares.

Types refer to named types by Java class (`TypeReference.java_class`); a module's
`TypeAssignment`s give those classes their ASN.1 names, so renaming never rewrites types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias


@dataclass(frozen=True)
class ValueRange:
    """`(lower..upper)` on INTEGER, or `SIZE(lower..upper)` on sized types."""

    lower: int
    upper: int


@dataclass(frozen=True)
class SingleValue:
    """`(value)` on INTEGER or on a reference to a non-sized type, `SIZE(value)` on sized types."""

    value: int


Constraint: TypeAlias = ValueRange | SingleValue


@dataclass(frozen=True)
class IntegerType:
    constraint: Constraint | None = None


@dataclass(frozen=True)
class BooleanType:
    pass


@dataclass(frozen=True)
class RealType:
    pass


@dataclass(frozen=True)
class NullType:
    pass


@dataclass(frozen=True)
class ObjectIdentifierType:
    pass


@dataclass(frozen=True)
class AnyType:
    pass


@dataclass(frozen=True)
class OctetStringType:
    size: Constraint | None = None


@dataclass(frozen=True)
class BitStringType:
    size: Constraint | None = None


@dataclass(frozen=True)
class CharacterStringType:
    """A restricted character string; `kind` is the ASN.1 keyword, e.g. `IA5String`."""

    kind: str
    size: Constraint | None = None


@dataclass(frozen=True)
class TypeReference:
    """A use of a named type; `constraint` is the one written on the use, e.g. `RvsPosition(1)`."""

    java_class: str
    constraint: Constraint | None = None


@dataclass(frozen=True)
class SequenceOfType:
    element: Type
    size: Constraint | None = None
    is_set_of: bool = False


@dataclass(frozen=True)
class EnumItem:
    name: str
    number: int


@dataclass(frozen=True)
class EnumeratedType:
    items: tuple[EnumItem, ...]


@dataclass(frozen=True)
class Literal:
    """A DEFAULT value recovered from `initWithDefaults()`; `value` is int, bool, str or an enum item name."""

    value: int | bool | str
    is_enum_item: bool = False


@dataclass(frozen=True)
class Component:
    name: str
    type: Type
    optional: bool = False
    default: Literal | None = None
    # Why a DEFAULT became OPTIONAL, or a constraint the app declares was left out.
    note: str | None = None


@dataclass(frozen=True)
class SequenceType:
    components: tuple[Component, ...]
    is_set: bool = False


@dataclass(frozen=True)
class ChoiceType:
    alternatives: tuple[Component, ...]


Type: TypeAlias = (
    IntegerType
    | BooleanType
    | RealType
    | NullType
    | ObjectIdentifierType
    | AnyType
    | OctetStringType
    | BitStringType
    | CharacterStringType
    | TypeReference
    | SequenceOfType
    | EnumeratedType
    | SequenceType
    | ChoiceType
)

SIZED_TYPES = (OctetStringType, BitStringType, CharacterStringType, SequenceOfType)
# The ASN.1 keyword of each type whose class alone names it.
KEYWORDS: dict[type, str] = {
    IntegerType: "INTEGER",
    BooleanType: "BOOLEAN",
    RealType: "REAL",
    NullType: "NULL",
    ObjectIdentifierType: "OBJECT IDENTIFIER",
    AnyType: "ANY",
    OctetStringType: "OCTET STRING",
    BitStringType: "BIT STRING",
    EnumeratedType: "ENUMERATED",
    ChoiceType: "CHOICE",
}


def keyword(type_: Type) -> str:
    """What ASN.1 calls a type that is not a reference: `IA5String`, `SET OF`, `CHOICE`, …"""
    if isinstance(type_, CharacterStringType):
        return type_.kind
    if isinstance(type_, SequenceOfType):
        return "SET OF" if type_.is_set_of else "SEQUENCE OF"
    if isinstance(type_, SequenceType):
        return "SET" if type_.is_set else "SEQUENCE"
    return KEYWORDS[type(type_)]


@dataclass(frozen=True)
class TypeDefinition:
    """A named type as found in the app, before it is given its final ASN.1 name."""

    java_class: str
    annotation_name: str
    kind: str
    type: Type
    version: str
    # Why a constraint the app declares on a boxed type was left out.
    note: str | None = None


@dataclass(frozen=True)
class TypeAssignment:
    """`name ::= type` in a module; `java_class` is where the app defines it."""

    name: str
    java_class: str
    kind: str
    type: Type
    note: str | None = None


@dataclass(frozen=True)
class Module:
    name: str
    file_name: str
    assignments: tuple[TypeAssignment, ...]
    # (merged class, class it merged into): structurally identical classes of one name.
    merged_classes: tuple[tuple[str, str], ...] = ()

    def names_by_class(self) -> dict[str, str]:
        names = {assignment.java_class: assignment.name for assignment in self.assignments}
        names.update((alias, names[keeper]) for alias, keeper in self.merged_classes)
        return names


@dataclass(frozen=True)
class AppMetadata:
    source_name: str
    sha256: str
    package: str | None = None
    version_name: str | None = None
    version_code: int | None = None
    # The manifest marks a build for testing (`android:testOnly`); `regenerate` refuses it unless asked.
    test_only: bool = False


@dataclass(frozen=True)
class ProtocolVersion:
    """Every module of one `mp.<version>` package."""

    version: str
    modules: tuple[Module, ...]


@dataclass(frozen=True)
class DeclaredModule:
    """A module class the app declares (`ASN1Module`): not a type, but it names an ASN.1 module and its tagging."""

    version: str
    name: str
    java_class: str
    implicit_tags: bool


@dataclass(frozen=True)
class Extraction:
    app: AppMetadata
    versions: tuple[ProtocolVersion, ...]
    warnings: tuple[str, ...] = field(default=())
    declared_modules: tuple[DeclaredModule, ...] = field(default=())

    def declared_in(self, version: str) -> tuple[DeclaredModule, ...]:
        return tuple(module for module in self.declared_modules if module.version == version)
