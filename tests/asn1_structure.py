"""Structural comparison of ASN.1 modules through asn1tools' parser, never through text.

References are compared by what they point at: a `rename` function maps a referenced type name to
a stable key (its own name, or the Java class it was placed at), so a type renamed to keep names
unique still compares equal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import asn1tools

from extractor.schema.names import type_reference

LITERAL_DEFAULT_TYPES = {
    "INTEGER",
    "BOOLEAN",
    "ENUMERATED",
    "UTF8String",
    "NumericString",
    "PrintableString",
    "TeletexString",
    "VideotexString",
    "IA5String",
    "GraphicString",
    "VisibleString",
    "GeneralString",
    "UniversalString",
    "BMPString",
}

# X.680 has no single value or size of these to constrain them with; the extractor leaves such constraints out.
UNCONSTRAINABLE_KINDS = {"SEQUENCE", "SET", "CHOICE", "ENUMERATED", "BOOLEAN", "NULL", "OBJECT IDENTIFIER", "ANY"}


def _same(name: str) -> str:
    return name


def canonical(type_: dict[str, Any], types: dict[str, Any], rename: Callable[[str], str] = _same) -> Any:
    """A comparable form of one parsed type: member order kept, formatting gone.

    A DEFAULT whose value is not an INTEGER, BOOLEAN, string or enumeration literal is compared as
    OPTIONAL, which is what the extractor emits for it (same UPER encoding). A constraint on a type
    that takes none (`RvsPosition(1)` on a SEQUENCE) is not compared: it is not part of the type.
    """
    kind = type_["type"]
    form: dict[str, Any] = {"type": ("reference", rename(kind)) if kind in types else kind}
    if _resolved_kind(type_, types) not in UNCONSTRAINABLE_KINDS:
        for key in ("restricted-to", "size"):
            if type_.get(key) is not None:
                form[key] = _bounds(type_[key])
    if kind in ("SEQUENCE", "SET", "CHOICE"):
        form["members"] = [_member(member, types, rename) for member in type_["members"] if member is not None]
    if kind in ("SEQUENCE OF", "SET OF"):
        form["element"] = canonical(type_["element"], types, rename)
    if kind == "ENUMERATED":
        # UPER numbers enumeration items by value, not by where they are written.
        form["values"] = sorted(
            (tuple(value) for value in type_["values"] if value is not None), key=lambda item: item[1]
        )
    return form


def _member(member: dict[str, Any], types: dict[str, Any], rename: Callable[[str], str]) -> Any:
    form = {"name": member["name"], "type": canonical(member, types, rename), "optional": bool(member.get("optional"))}
    if "default" in member:
        if _resolved_kind(member, types) in LITERAL_DEFAULT_TYPES:
            form["default"] = member["default"]
        else:
            form["optional"] = True
    return form


def _resolved_kind(type_: dict[str, Any], types: dict[str, Any]) -> str:
    seen = set()
    while type_["type"] in types and type_["type"] not in seen:
        seen.add(type_["type"])
        type_ = types[type_["type"]]
    return type_["type"]


def _bounds(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_bounds(item) for item in value)
    return value


def module_types(text: str) -> dict[str, Any]:
    (module,) = asn1tools.parse_string(text).values()
    return module["types"]


def module_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Differences between two parsed modules whose types share names (empty when structurally equal)."""
    problems = [f"missing type {name}" for name in sorted(set(expected) - set(actual))]
    problems += [f"unexpected type {name}" for name in sorted(set(actual) - set(expected))]
    for name in sorted(set(expected) & set(actual)):
        want, got = canonical(expected[name], expected), canonical(actual[name], actual)
        if want != got:
            problems.append(f"{name}: expected {want} got {got}")
    return problems


def spec_differences(sources, files: dict[str, str]) -> list[str]:
    """Differences between factory inputs (`ModuleSource`s) and extracted files, type by type.

    Each spec type is found in the extraction through `index.json` by the Java class it was placed
    at (in the same version); both sides are compared with references keyed by Java class. An
    extracted name must be the normalised annotation name unless another class of the module holds it.
    """
    index = json.loads(files["index.json"])["types"]
    problems = []
    for source in sources:
        spec_types = module_types(source.asn1_text)
        spec_classes = {name: source.placement_of(name).java_class for name in spec_types}
        for name, type_ in spec_types.items():
            java_class = spec_classes[name]
            entries = [e for e in index if e["java_class"] == java_class and e["version"] == source.version]
            if not entries:
                problems.append(f"{source.version} {name}: {java_class} not extracted")
                continue
            for entry in entries:
                actual_types = module_types(files[entry["file"]])
                classes = {e["name"]: e["java_class"] for e in index if e["file"] == entry["file"]}
                expected_name = type_reference(source.placement_of(name).annotation_name, java_class)
                if entry["name"] != expected_name and classes.get(expected_name) in (None, java_class):
                    problems.append(f"{entry['file']} {name}: extracted as {entry['name']}, not {expected_name}")
                want = canonical(type_, spec_types, spec_classes.__getitem__)
                got = canonical(actual_types[entry["name"]], actual_types, classes.__getitem__)
                if want != got:
                    problems.append(f"{entry['file']} {name}: expected {want} got {got}")
    return problems
