"""Reads ModuleSource texts through asn1tools' parser into a small typed model of the supported ASN.1 subset."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import asn1tools

from .spec import FactoryError, ModuleSource

# Universal tag of each character string type, as ASN1String.stringType stores it.
STRING_TYPE_TAGS: Mapping[str, int] = {
    "UTF8String": 12,
    "NumericString": 18,
    "PrintableString": 19,
    "TeletexString": 20,
    "T61String": 20,
    "VideotexString": 21,
    "IA5String": 22,
    "GraphicString": 25,
    "VisibleString": 26,
    "ISO646String": 26,
    "GeneralString": 27,
    "UniversalString": 28,
    "BMPString": 30,
}
NON_STRING_PRIMITIVES = frozenset(
    {"INTEGER", "BOOLEAN", "REAL", "NULL", "OCTET STRING", "BIT STRING", "OBJECT IDENTIFIER", "ANY"}
)
_SIZED_PRIMITIVES = frozenset({"OCTET STRING", "BIT STRING", *STRING_TYPE_TAGS})
# Keys of a type dict that no annotation represents and that do not change the UPER encoding.
_IGNORED_KEYS = frozenset({"named-numbers", "named-bits"})


@dataclass(frozen=True)
class ValueRange:
    lower: int
    upper: int


@dataclass(frozen=True)
class SingleValue:
    value: int


Constraint = ValueRange | SingleValue


@dataclass(frozen=True)
class Primitive:
    kind: str  # an entry of NON_STRING_PRIMITIVES or STRING_TYPE_TAGS
    constraint: Constraint | None = None


@dataclass(frozen=True)
class Reference:
    name: str
    constraint: Constraint | None = None


@dataclass(frozen=True)
class Component:
    name: str
    type: "AsnType"
    optional: bool = False
    default: Any = None  # the parse dict's DEFAULT value; None when the component has no DEFAULT


@dataclass(frozen=True)
class Structure:
    kind: str  # "SEQUENCE", "SET" or "CHOICE"
    components: tuple[Component, ...]


@dataclass(frozen=True)
class Enumerated:
    items: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class CollectionOf:
    is_set: bool
    element: "AsnType"
    constraint: Constraint | None = None


AsnType = Primitive | Reference | Structure | Enumerated | CollectionOf


@dataclass(frozen=True)
class ParsedModule:
    source: ModuleSource
    name: str
    types: Mapping[str, AsnType]  # in text order
    imports: Mapping[str, str]  # imported type name -> module name
    tagging: str = "EXPLICIT"  # the module's tag default: "AUTOMATIC", "IMPLICIT" or "EXPLICIT"


def read_module(source: ModuleSource) -> ParsedModule:
    try:
        parsed = asn1tools.parse_string(source.asn1_text)
    except asn1tools.ParseError as error:
        raise FactoryError(f"{source.version}: ASN.1 does not parse: {error}") from error
    if len(parsed) != 1:
        raise FactoryError(f"{source.version}: a ModuleSource holds exactly one module, got {sorted(parsed)}")
    [(module_name, module)] = parsed.items()
    types = {name: _read_type(spec, f"{module_name}.{name}") for name, spec in module["types"].items()}
    unknown = sorted(set(source.placements) - set(types))
    if unknown:
        raise FactoryError(f"{module_name}: placements name types the module does not define: {unknown}")
    imports = {type_name: from_module for from_module, names in module["imports"].items() for type_name in names}
    return ParsedModule(source, module_name, types, imports, module.get("tags") or "EXPLICIT")


def _read_type(spec: Mapping[str, Any], where: str) -> AsnType:
    unsupported = (
        set(spec)
        - {"type", "name", "optional", "default", "restricted-to", "size", "element", "members", "values"}
        - _IGNORED_KEYS
    )
    if unsupported:
        raise FactoryError(f"{where}: unsupported ASN.1 construct {sorted(unsupported)}")
    kind = spec["type"]
    if kind in ("SEQUENCE", "SET", "CHOICE"):
        return Structure(kind, tuple(_read_component(member, where) for member in spec["members"] if member))
    if kind == "ENUMERATED":
        return Enumerated(tuple((name, number) for name, number in (item for item in spec["values"] if item)))
    if kind in ("SEQUENCE OF", "SET OF"):
        element = _read_type(spec["element"], f"{where}.<element>")
        return CollectionOf(kind == "SET OF", element, _read_constraint(spec, "size", where))
    if kind == "INTEGER":
        return Primitive(kind, _read_constraint(spec, "restricted-to", where))
    if kind in _SIZED_PRIMITIVES:
        return Primitive(kind, _read_constraint(spec, "size", where))
    if kind in NON_STRING_PRIMITIVES:
        return Primitive(kind, _read_constraint(spec, None, where))
    both = {"size", "restricted-to"} <= set(spec)
    if both:
        raise FactoryError(f"{where}: a reference with both a SIZE and a value constraint is not supported")
    return Reference(kind, _read_constraint(spec, "size" if "size" in spec else "restricted-to", where))


def _read_component(member: Mapping[str, Any], where: str) -> Component:
    name = member["name"]
    return Component(
        name=name,
        type=_read_type(member, f"{where}.{name}"),
        optional=bool(member.get("optional")),
        default=member.get("default"),
    )


def _read_constraint(spec: Mapping[str, Any], allowed_key: str | None, where: str) -> Constraint | None:
    for key in ("size", "restricted-to"):
        if key in spec and key != allowed_key:
            raise FactoryError(f"{where}: {spec['type']} with a {key!r} constraint is not supported")
    # None entries are extension markers, which the app never represents.
    allowed = spec.get(allowed_key) if allowed_key is not None else None
    items = [item for item in allowed or () if item is not None]
    if not items:
        return None
    if len(items) > 1:
        raise FactoryError(f"{where}: a union of constraints {items} is not supported")
    [item] = items
    if _is_integer(item):
        return SingleValue(item)
    if isinstance(item, (list, tuple)) and len(item) == 2 and all(_is_integer(bound) for bound in item):
        return ValueRange(item[0], item[1])
    raise FactoryError(f"{where}: constraint {item!r} is not supported (only integer literals, no MIN/MAX)")


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
