"""Parse step for reading an output folder back: a module's ASN.1 text → the typed model, once.

asn1tools' parser reads the text; its dicts are turned into `model` types here and nowhere else, so
every consumer of an output folder (generate, diff, docs, release) walks typed objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import asn1tools

from ..errors import InputError
from ..model import (
    AnyType,
    BitStringType,
    BooleanType,
    CharacterStringType,
    ChoiceType,
    Component,
    Constraint,
    EnumeratedType,
    EnumItem,
    IntegerType,
    Literal,
    Module,
    NullType,
    ObjectIdentifierType,
    OctetStringType,
    RealType,
    SequenceOfType,
    SequenceType,
    SingleValue,
    Type,
    TypeAssignment,
    TypeReference,
    ValueRange,
)

CHARACTER_STRINGS = frozenset(
    {
        "IA5String",
        "UTF8String",
        "PrintableString",
        "VisibleString",
        "NumericString",
        "BMPString",
        "UniversalString",
        "GeneralString",
        "GraphicString",
        "TeletexString",
        "T61String",
        "VideotexString",
        "ISO646String",
        "ObjectDescriptor",
    }
)
KEYWORD_TYPES: dict[str, Callable[[], Type]] = {
    "BOOLEAN": BooleanType,
    "REAL": RealType,
    "NULL": NullType,
    "OBJECT IDENTIFIER": ObjectIdentifierType,
    "ANY": AnyType,
}
# The ASN.1 keyword of a type assignment's kind, as `index.json` names it when there is no index.
KIND_OF_KEYWORD = {"SEQUENCE": "SEQUENCE", "SET": "SET", "CHOICE": "CHOICE", "ENUMERATED": "ENUMERATED", "NULL": "NULL"}


def parse_module(
    text: str, label: str, java_class_of: Callable[[str], str], kind_of: Callable[[str], str | None]
) -> Module:
    """The model of one module text; `java_class_of(name)` gives a type's Java class, `kind_of(name)` the
    kind `index.json` records (None: derived from the ASN.1 keyword). InputError naming `label` otherwise."""
    try:
        parsed = asn1tools.parse_string(text)
    except Exception as error:  # noqa: BLE001 (asn1tools' parser raises its own and plain Python errors alike)
        raise InputError(f"{label}: not readable ASN.1: {' '.join(str(error).split())}") from None
    if len(parsed) != 1:
        raise InputError(f"{label}: holds {len(parsed)} ASN.1 modules, not one")
    [(module_name, module)] = parsed.items()
    definitions: dict[str, dict[str, Any]] = module["types"]
    converter = _Converter(label, definitions, java_class_of)
    assignments = tuple(
        TypeAssignment(
            name=name,
            java_class=java_class_of(name),
            kind=kind_of(name) or KIND_OF_KEYWORD.get(definition["type"], "BOXED"),
            type=converter.type_of(definition, name),
        )
        for name, definition in definitions.items()
    )
    return Module(name=module_name, file_name=label.rsplit("/", 1)[-1], assignments=assignments)


class _Converter:
    def __init__(self, label: str, definitions: dict[str, dict[str, Any]], java_class_of: Callable[[str], str]) -> None:
        self.label = label
        self.definitions = definitions
        self.java_class_of = java_class_of

    def type_of(self, definition: dict[str, Any], where: str) -> Type:
        kind = definition["type"]
        if kind == "INTEGER":
            return IntegerType(self.constraint(definition.get("restricted-to"), where))
        if kind in KEYWORD_TYPES:
            return KEYWORD_TYPES[kind]()
        if kind == "OCTET STRING":
            return OctetStringType(self.constraint(definition.get("size"), where))
        if kind == "BIT STRING":
            return BitStringType(self.constraint(definition.get("size"), where))
        if kind in CHARACTER_STRINGS:
            return CharacterStringType(kind, self.constraint(definition.get("size"), where))
        if kind in ("SEQUENCE OF", "SET OF"):
            element = self.type_of(definition["element"], f"{where}[]")
            return SequenceOfType(element, self.constraint(definition.get("size"), where), is_set_of=kind == "SET OF")
        if kind == "ENUMERATED":
            items = [item for item in definition["values"] if isinstance(item, tuple)]
            return EnumeratedType(tuple(EnumItem(name, number) for name, number in items))
        if kind in ("SEQUENCE", "SET"):
            return SequenceType(self._components(definition, where), is_set=kind == "SET")
        if kind == "CHOICE":
            return ChoiceType(self._components(definition, where))
        if kind not in self.definitions:
            raise InputError(f"{self.label}: {where} uses {kind}, which the module does not define")
        constraint = self.constraint(definition.get("restricted-to") or definition.get("size"), where)
        return TypeReference(self.java_class_of(kind), constraint)

    def _components(self, definition: dict[str, Any], where: str) -> tuple[Component, ...]:
        components = []
        for member in definition["members"]:
            if not isinstance(member, dict):
                raise InputError(f"{self.label}: {where} has an extension marker, which the app's coder does not know")
            path = f"{where}.{member['name']}"
            default = None
            if "default" in member:
                default = Literal(member["default"], is_enum_item=self._is_enumerated(member))
            components.append(
                Component(
                    name=member["name"],
                    type=self.type_of(member, path),
                    optional=bool(member.get("optional")) and default is None,
                    default=default,
                )
            )
        return tuple(components)

    def _is_enumerated(self, definition: dict[str, Any]) -> bool:
        kind, seen = definition["type"], set()
        while kind in self.definitions and kind not in seen:
            seen.add(kind)
            kind = self.definitions[kind]["type"]
        return bool(kind == "ENUMERATED")

    def constraint(self, bounds: list[Any] | None, where: str) -> Constraint | None:
        """asn1tools' `[(lower, upper)]` or `[value]` as the model's constraint: one bound of integers, as
        `extract` writes them."""
        if not bounds:
            return None
        values = [value for bound in bounds for value in (bound if isinstance(bound, tuple) else (bound,))]
        if len(bounds) != 1 or not all(type(value) is int for value in values):
            raise InputError(f"{self.label}: {where} has a constraint other than one integer bound or range")
        [bound] = bounds
        return ValueRange(*bound) if isinstance(bound, tuple) else SingleValue(bound)
