"""Check a value's shape against its ASN.1 type before asn1tools encodes it.

asn1tools checks value constraints when asked, but lets a wrong enumeration name (a bare KeyError), a
string given for an INTEGER and a misspelt SEQUENCE component (silently dropped) through; this walks
asn1tools' parsed form of the module and names the field path of the first such problem.
"""

from __future__ import annotations

from typing import Any

from .errors import shown

INTEGER_TYPES = {"INTEGER"}
TEXT_TYPES = {
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
    "ObjectDescriptor",
    "GeneralizedTime",
    "UTCTime",
    "OBJECT IDENTIFIER",
}
STRUCTURED_TYPES = {"SEQUENCE", "SET"}
LIST_TYPES = {"SEQUENCE OF", "SET OF"}


def value_problem(types: dict[str, Any], type_name: str, value: Any) -> str | None:
    """`Type.path: what is wrong` for the first value that does not fit its type's shape, else None."""
    return _problem(types, types[type_name], value, type_name)


def _problem(types: dict[str, Any], spec: dict[str, Any], value: Any, path: str) -> str | None:
    kind = spec["type"]
    if kind in types:
        return _problem(types, types[kind], value, path)
    if kind in STRUCTURED_TYPES:
        return _members_problem(types, spec["members"], value, path)
    if kind == "CHOICE":
        return _choice_problem(types, spec["members"], value, path)
    if kind in LIST_TYPES:
        if not isinstance(value, list):
            return f"{path}: expected a list for {kind}, got {shown(value)}"
        for index, item in enumerate(value):
            problem = _problem(types, spec["element"], item, f"{path}[{index}]")
            if problem:
                return problem
        return None
    if kind == "ENUMERATED":
        names = [item[0] for item in spec["values"] if item is not None and item != "..."]
        if value not in names:
            return f"{path}: {shown(value)} is not one of the enumeration's items ({', '.join(names)})"
        return None
    return _primitive_problem(kind, value, path)


def _members_problem(types: dict[str, Any], members: list[Any], value: Any, path: str) -> str | None:
    if not isinstance(value, dict):
        return f"{path}: expected an object of components, got {shown(value)}"
    known = {member["name"]: member for member in members if member is not None and member != "..."}
    unknown = sorted(set(value) - set(known))
    if unknown:
        return f"{path}: no component {unknown[0]!r} (components: {', '.join(known)})"
    for name, member in known.items():
        if name not in value:
            if not member.get("optional") and "default" not in member:
                return f"{path}.{name}: missing (not OPTIONAL and no DEFAULT)"
            continue
        problem = _problem(types, member, value[name], f"{path}.{name}")
        if problem:
            return problem
    return None


def _choice_problem(types: dict[str, Any], members: list[Any], value: Any, path: str) -> str | None:
    known = {member["name"]: member for member in members if member is not None and member != "..."}
    if not (isinstance(value, tuple) and len(value) == 2 and value[0] in known):
        return f"{path}: expected one alternative of {', '.join(known)}, got {shown(value)}"
    return _problem(types, known[value[0]], value[1], f"{path}.{value[0]}")


def _primitive_problem(kind: str, value: Any, path: str) -> str | None:
    if kind in INTEGER_TYPES:
        fits = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "BOOLEAN":
        fits = isinstance(value, bool)
    elif kind == "REAL":
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif kind == "OCTET STRING":
        fits = isinstance(value, bytes)
    elif kind == "BIT STRING":
        fits = (
            isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bytes) and isinstance(value[1], int)
        )
    elif kind == "NULL":
        fits = value is None
    elif kind in TEXT_TYPES:
        fits = isinstance(value, str)
    else:
        return None
    return None if fits else f"{path}: expected {kind}, got {shown(value)}"
