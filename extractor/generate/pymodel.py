"""An extraction output folder → the Python model of a client package: classes, fields, shapes, names.

Every name that reaches Python is checked against ASN.1's lexical rules and made a PEP 8 identifier
here; every other string (Java class names, ASN.1 text, DEFAULT strings) leaves as an escaped literal
or docstring line, so the renderer only places what this module produced.
"""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..schema.output import INDEX_FILE
from ..wire.runtime.schema_set import APPLICATION_DATA_FILE, BODY_FILE, BODY_TYPE, SchemaSet

TYPE_REFERENCE = re.compile(r"[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*")
IDENTIFIER = re.compile(r"[a-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*")
VERSION = re.compile(r"v[0-9]+_[0-9]+")
PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
TEXT_TYPES = frozenset(
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
        "ObjectDescriptor",
        "OBJECT IDENTIFIER",
    }
)
# ASN.1 kind → (Python annotation, runtime shape).
PRIMITIVES = {
    "INTEGER": ("int", "_rt.INTEGER"),
    "BOOLEAN": ("bool", "_rt.BOOLEAN"),
    "REAL": ("float", "_rt.REAL"),
    "NULL": ("_rt.Null", "_rt.NULL"),
    "OCTET STRING": ("bytes", "_rt.OCTETS"),
    "ANY": ("bytes", "_rt.OCTETS"),
    "BIT STRING": ("_rt.BitString", "_rt.BITS"),
    **{kind: ("str", "_rt.STRING") for kind in TEXT_TYPES},
}
DEFAULT_TYPES = {"INTEGER": int, "BOOLEAN": bool, "REAL": float, **{kind: str for kind in TEXT_TYPES}}
# Names a generated module uses itself, and the ones ruff calls ambiguous (E741/E742).
RESERVED = frozenset(
    {"int", "str", "bytes", "bool", "float", "list", "self", "alternative", "l", "I", "O", "match", "case", "type"}
)
STRUCTURED = {"SEQUENCE": "sequence", "SET": "sequence", "CHOICE": "choice"}
LISTS = {"SEQUENCE OF", "SET OF"}
LENGTH_FIELD = "applicationDataLength"
MODULE_FILES = ("MP_DispatcherHeader.asn1", BODY_FILE, "ApplicationData.asn1")


@dataclass(frozen=True)
class PyField:
    name: str
    asn1_name: str
    annotation: str
    shape: str
    # Python expression of the default, "None" for OPTIONAL, "" for a required field.
    default: str
    optional: bool


@dataclass(frozen=True)
class PyClass:
    # "enum", "sequence", "choice" or "alias".
    kind: str
    name: str
    asn1_name: str
    doc: tuple[str, ...]
    fields: tuple[PyField, ...] = ()
    # enum: (member, ASN.1 item name as a Python literal).
    members: tuple[tuple[str, str], ...] = ()
    # alias: the annotation it stands for.
    target: str = ""


@dataclass(frozen=True)
class PyModule:
    version: str
    classes: tuple[PyClass, ...]
    # (ASN.1 type name as a Python literal, shape expression) for every named type.
    shapes: tuple[tuple[str, str], ...]
    # The class of the dispatcher body, "" when the version has no MP_DispatcherBody module.
    body_class: str


@dataclass(frozen=True)
class PyPackage:
    name: str
    source: tuple[str, ...]
    modules: tuple[PyModule, ...]
    # "<version>/<file>" → ASN.1 text, shipped as package data.
    schema_files: dict[str, str] = field(default_factory=dict)


class _TextSchemas(SchemaSet):
    """The modules of an extraction held in memory (relative path → text), parsed by the wire runtime."""

    def __init__(self, label: str, files: dict[str, str]) -> None:
        self.files = files
        super().__init__(
            label, sorted({path.split("/")[0] for path in files if path.count("/") == 1 and path.endswith(".asn1")})
        )

    def text(self, version: str, file_name: str) -> str | None:
        return self.files.get(f"{version}/{file_name}")


def load_package(files: dict[str, str], package: str, label: str) -> PyPackage:
    """The package model of an extraction (`index.json` and `<version>/*.asn1` by relative path)."""
    if not PACKAGE.fullmatch(package) or keyword.iskeyword(package) or not package.isascii():
        raise InputError(f"--package {package!r}: not a Python package name (letters, digits, _; not a keyword)")
    if INDEX_FILE not in files:
        raise InputError(f"{label}: not an extraction output (no {INDEX_FILE}); give the OUT of `saic-asn1 extract`")
    try:
        index = json.loads(files[INDEX_FILE])
        java = {
            (entry["file"], entry["name"]): str(entry["java_class"])
            for entry in index["types"]
            if "merged_into" not in entry
        }
        source = index.get("input", {})
        source_items = sorted(source.items())
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InputError(f"{label}/{INDEX_FILE}: not an index written by saic-asn1 extract") from None
    schemas = _TextSchemas(label, files)
    modules = []
    shipped: dict[str, str] = {}
    for version in schemas.versions:
        if not VERSION.fullmatch(version):
            raise InputError(f"{label}/{version}: version folders are named vN_N")
        texts = {name: text for name in MODULE_FILES if (text := schemas.text(version, name)) is not None}
        shipped.update({f"{version}/{name}": text for name, text in texts.items()})
        modules.append(_module(schemas, version, texts, java))
    lines = tuple(escape_line(f"{key}: {value}") for key, value in source_items if isinstance(value, (str, int)))
    return PyPackage(package, lines, tuple(modules), shipped)


def python_package_name(android_package: str) -> str:
    """The client package name of a release: `com.saicmotor.ismart.sample` → `ismart_sample`."""
    segments = android_package.removeprefix("com.saicmotor.").split(".")
    name = "_".join(re.sub(r"[^A-Za-z0-9_]", "_", segment) for segment in segments).lower().strip("_")
    return name if PACKAGE.fullmatch(name) and not keyword.iskeyword(name) and not name[0].isdigit() else "saic_client"


def _module(schemas: SchemaSet, version: str, texts: dict[str, str], java: dict[tuple[str, str], str]) -> PyModule:
    types_by_file: dict[str, dict[str, Any]] = {}
    for file_name in texts:
        try:
            types_by_file[file_name] = schemas.type_definitions(version, file_name)
        except Exception as error:  # noqa: BLE001 (asn1tools' parser raises its own and plain Python errors alike)
            raise InputError(f"{version}/{file_name}: not readable ASN.1: {' '.join(str(error).split())}") from None
    builder = _Builder(version, types_by_file)
    # Enumerations first: DEFAULTs of other types name their members.
    for key in sorted(builder.owners, key=lambda item: (builder.owners[item][2]["type"] != "ENUMERATED", item)):
        file_name, name, spec = builder.owners[key]
        doc = (
            f"ASN.1 type {name} ({version}/{file_name}), Java class {java.get((f'{version}/{file_name}', name), 'unknown')}:",
            "",
            *_definition_text(texts[file_name], name),
        )
        builder.named(key, file_name, spec, tuple(escape_line(line) for line in doc))
    rank = {"enum": 0, "sequence": 1, "choice": 1, "alias": 2}
    classes = tuple(sorted(builder.classes, key=lambda item: rank[item.kind]))
    shapes = tuple((repr(key), builder.shapes[key]) for key in sorted(builder.shapes))
    body_key = builder.keys.get((BODY_FILE, BODY_TYPE))
    return PyModule(version, classes, shapes, builder.class_names[body_key] if body_key else "")


class _Builder:
    """Turns one version's named types into classes, inline types first (a class's fields refer to them).

    The modules of a version may define one name differently (v1_1's dispatcher and login LanguageType):
    the ApplicationData one keeps the name, another gets the module as suffix (`LanguageType_DispatcherBody`).
    """

    def __init__(self, version: str, types_by_file: dict[str, dict[str, Any]]) -> None:
        self.version = version
        self.types_by_file = types_by_file
        self.used: set[str] = set(RESERVED)
        # (file, ASN.1 name) → key in the shape table; key → (file, name, definition); key → class name.
        self.keys: dict[tuple[str, str], str] = {}
        self.owners: dict[str, tuple[str, str, dict[str, Any]]] = {}
        self.class_names: dict[str, str] = {}
        for file_name in sorted(types_by_file, key=lambda item: (item != APPLICATION_DATA_FILE, item)):
            for name, spec in sorted(types_by_file[file_name].items()):
                if not TYPE_REFERENCE.fullmatch(name):
                    raise InputError(f"{version}/{file_name}: type name {name!r} is not an ASN.1 type reference")
                owner = self.owners.get(name)
                if owner is not None and owner[2] == spec:
                    self.keys[(file_name, name)] = name
                    continue
                key = name if owner is None else f"{file_name}:{name}"
                suffix = "" if owner is None else "_" + file_name.removesuffix(".asn1").removeprefix("MP_")
                self.keys[(file_name, name)] = key
                self.owners[key] = (file_name, name, spec)
                self.class_names[key] = self._unique(name.replace("-", "_") + suffix)
        self.classes: list[PyClass] = []
        self.shapes: dict[str, str] = {}
        self.enum_members: dict[str, dict[str, str]] = {}

    def named(self, key: str, file_name: str, spec: dict[str, Any], doc: tuple[str, ...]) -> None:
        kind = spec["type"]
        class_name = self.class_names[key]
        asn1_name = self.owners[key][1]
        if kind in STRUCTURED or kind == "ENUMERATED":
            self._class(class_name, asn1_name, file_name, spec, doc)
            self.shapes[key] = self._class_shape(class_name, kind)
            return
        annotation, shape = self._annotation(spec, file_name, asn1_name, class_name)
        self.classes.append(PyClass("alias", class_name, asn1_name, doc, target=annotation))
        self.shapes[key] = shape

    def _class(
        self, class_name: str, asn1_name: str, file_name: str, spec: dict[str, Any], doc: tuple[str, ...]
    ) -> None:
        kind = spec["type"]
        if kind == "ENUMERATED":
            items = [item for item in spec["values"] if isinstance(item, tuple)]
            used: set[str] = set()
            members = {}
            for item_name, _ in items:
                self._check_identifier(item_name, asn1_name)
                members[item_name] = _unique_in(used, attribute_name(item_name).upper())
            self.enum_members[class_name] = members
            self.classes.append(
                PyClass(
                    "enum",
                    class_name,
                    asn1_name,
                    doc,
                    members=tuple((member, repr(item)) for item, member in members.items()),
                )
            )
            return
        used = set(RESERVED)
        fields = []
        for member in spec["members"]:
            if not isinstance(member, dict):
                continue
            self._check_identifier(member["name"], asn1_name)
            python_name = _unique_in(used, attribute_name(member["name"]))
            annotation, shape = self._annotation(
                member, file_name, f"{asn1_name}.{member['name']}", f"{class_name}_{member['name']}"
            )
            optional = bool(member.get("optional")) or kind == "CHOICE"
            default = "None" if optional else self._default(member, file_name, annotation)
            if (asn1_name, member["name"]) == (BODY_TYPE, LENGTH_FIELD) and not default:
                default = "0"  # encode computes it
            if default == "None":
                optional = True
            fields.append(
                PyField(
                    python_name,
                    member["name"],
                    f"{annotation} | None" if optional else annotation,
                    shape,
                    default,
                    optional,
                )
            )
        self.classes.append(PyClass(STRUCTURED[kind], class_name, asn1_name, doc, fields=tuple(fields)))

    def _annotation(self, spec: dict[str, Any], file_name: str, path: str, inline_name: str) -> tuple[str, str]:
        kind = spec["type"]
        if (file_name, kind) in self.keys:
            key = self.keys[(file_name, kind)]
            return self.class_names[key], f"_rt.Ref(_SHAPES, {key!r})"
        if kind in PRIMITIVES:
            return PRIMITIVES[kind]
        if kind in LISTS:
            annotation, shape = self._annotation(spec["element"], file_name, f"{path}[]", inline_name)
            return f"list[{annotation}]", f"_rt.ListOf({shape})"
        if kind in STRUCTURED or kind == "ENUMERATED":
            class_name = self._unique(inline_name.replace("-", "_"))
            doc = (escape_line(f"Inline type {path} of {self.version}."),)
            self._class(class_name, path, file_name, spec, doc)
            return class_name, self._class_shape(class_name, kind)
        raise InputError(f"{self.version}: {path} is of type {kind}, which has no Python form here")

    def _default(self, member: dict[str, Any], file_name: str, annotation: str) -> str:
        """The Python literal of a DEFAULT, "" without one; "None" (OPTIONAL-like) when not a literal."""
        if "default" not in member:
            return "_rt.Null.NULL" if self._base_kind(member, file_name) == "NULL" else ""
        value, kind = member["default"], self._base_kind(member, file_name)
        if kind == "ENUMERATED" and isinstance(value, str) and value in self.enum_members.get(annotation, {}):
            return f"{annotation}.{self.enum_members[annotation][value]}"
        expected = DEFAULT_TYPES.get(kind)
        if expected is not None and type(value) is expected:
            return repr(value)
        return "None"

    def _base_kind(self, spec: dict[str, Any], file_name: str) -> str:
        types, kind, seen = self.types_by_file[file_name], spec["type"], set()
        while kind in types and kind not in seen:
            seen.add(kind)
            kind = types[kind]["type"]
        return str(kind)

    def _class_shape(self, class_name: str, kind: str) -> str:
        runtime = {"ENUMERATED": "EnumShape", "CHOICE": "ChoiceShape"}.get(kind, "SequenceShape")
        return f"_rt.{runtime}({class_name})"

    def _check_identifier(self, name: object, where: str) -> None:
        if not isinstance(name, str) or not IDENTIFIER.fullmatch(name):
            raise InputError(f"{self.version}: {where}: {name!r} is not an ASN.1 identifier")

    def _unique(self, name: str) -> str:
        return _unique_in(self.used, name)


def python_type_text(spec: dict[str, Any], types: dict[str, Any]) -> str:
    """The Python type a component of this parsed type gets (inline types by kind), to compare releases."""
    kind = spec["type"]
    if kind in types:
        return str(kind).replace("-", "_")
    if kind in PRIMITIVES:
        return PRIMITIVES[kind][0]
    if kind in LISTS:
        return f"list[{python_type_text(spec['element'], types)}]"
    return f"an inline {kind}"


def _unique_in(used: set[str], name: str) -> str:
    while name in used or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    used.add(name)
    return name


def attribute_name(name: str) -> str:
    """PEP 8 attribute name of an ASN.1 identifier: `applicationDataLength` → `application_data_length`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name.replace("-", "_"))
    return re.sub(r"_+", "_", spaced).lower()


def _definition_text(text: str, name: str) -> list[str]:
    """The lines of `name ::= …` in a module, up to the blank line that ends it."""
    lines = text.splitlines()
    start = next((index for index, line in enumerate(lines) if line.startswith(f"{name} ::=")), None)
    if start is None:
        return []
    end = next((index for index in range(start, len(lines)) if not lines[index].strip()), len(lines))
    return lines[start:end]


def escape_line(text: str) -> str:
    """One docstring or comment line: printable ASCII stays, everything else becomes a Python escape."""
    out = []
    for character in text:
        if character in '\\"':
            out.append("\\" + character)
        elif " " <= character <= "~":
            out.append(character)
        elif ord(character) <= 0xFF:
            out.append(f"\\x{ord(character):02x}")
        elif ord(character) <= 0xFFFF:
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(f"\\U{ord(character):08x}")
    return "".join(out)
