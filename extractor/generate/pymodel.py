"""The Python naming pass of `generate python`: the client model → the Python model of a package.

Every Python name is derived here from the language-neutral `client_model` (PEP 8 class, attribute
and member names, keywords and module-level names escaped, unique in their namespace), with the
annotations and runtime shape expressions that go with them. The templates place these and escape
every string from the APK themselves (`render`'s filters: docstring lines, literals).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..errors import InputError
from ..model import (
    ChoiceType,
    EnumeratedType,
    SequenceOfType,
    SequenceType,
    Type,
    TypeReference,
)
from ..schema.output import INDEX_FILE
from ..schema.stored import load_files
from ..wire.runtime.schema_set import APPLICATION_DATA_FILE
from .client_model import (
    ClientModel,
    ClientType,
    ClientVersion,
    Default,
    EnumDefault,
    Field,
    Kind,
    ListOf,
    NullDefault,
    Primitive,
    TypeId,
    TypeUse,
    client_model,
    primitive_of,
)

VERSION = re.compile(r"v[0-9]+_[0-9]+")
PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Primitive → (Python annotation, runtime shape).
PRIMITIVE_TYPES = {
    Primitive.INTEGER: ("int", "_rt.INTEGER"),
    Primitive.BOOLEAN: ("bool", "_rt.BOOLEAN"),
    Primitive.REAL: ("float", "_rt.REAL"),
    Primitive.NULL: ("_rt.Null", "_rt.NULL"),
    Primitive.OCTET_STRING: ("bytes", "_rt.OCTETS"),
    Primitive.ANY: ("bytes", "_rt.OCTETS"),
    Primitive.BIT_STRING: ("_rt.BitString", "_rt.BITS"),
    Primitive.CHARACTER_STRING: ("str", "_rt.STRING"),
    Primitive.OBJECT_IDENTIFIER: ("str", "_rt.STRING"),
}
# Names a generated module uses itself, and the ones ruff calls ambiguous (E741/E742).
RESERVED = frozenset(
    {"int", "str", "bytes", "bool", "float", "list", "self", "alternative", "l", "I", "O", "match", "case", "type"}
)
CLASS_KINDS = {Kind.ENUMERATION: "enum", Kind.RECORD: "sequence", Kind.CHOICE: "choice", Kind.ALIAS: "alias"}
SHAPE_CLASSES = {Kind.ENUMERATION: "EnumShape", Kind.RECORD: "SequenceShape", Kind.CHOICE: "ChoiceShape"}
# Enumerations first, then the classes that use them, aliases (which name classes) last.
CLASS_RANK = {"enum": 0, "sequence": 1, "choice": 1, "alias": 2}
# From this many fields on, a class writes its own `__init__` and `__repr__`: the ones dataclasses exec take time
# quadratic in the fields to make (CPython matches the N keywords of the call that returns `__init__` one by one
# against N parameters, and compiles `__repr__`'s f-string of N parts in quadratic time); below, both cost the same.
WIDE_CLASS_FIELDS = 256


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
    # enum: (member, ASN.1 item name).
    members: tuple[tuple[str, str], ...] = ()
    # alias: the annotation it stands for.
    target: str = ""

    @property
    def wide(self) -> bool:
        return len(self.fields) >= WIDE_CLASS_FIELDS


@dataclass(frozen=True)
class PyModule:
    version: str
    classes: tuple[PyClass, ...]
    # (key in the type table, shape expression) for every named type.
    shapes: tuple[tuple[str, str], ...]
    # The class of the dispatcher body, "" when the version has no MP_DispatcherBody module.
    body_class: str
    # (lower version of the same major, its class names this module names too): the types a message of
    # this protocolVersion takes from there, as the runtime finds them (the same class objects).
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class PyPackage:
    name: str
    source: tuple[str, ...]
    modules: tuple[PyModule, ...]
    # "<version>/<file>" → ASN.1 text, shipped as package data.
    schema_files: dict[str, str] = field(default_factory=dict)


def load_package(files: dict[str, str], package: str, label: str) -> PyPackage:
    """The package model of an extraction (`index.json` and `<version>/*.asn1` by relative path)."""
    if not PACKAGE.fullmatch(package) or keyword.iskeyword(package) or not package.isascii():
        raise InputError(f"--package {package!r}: not a Python package name (letters, digits, _; not a keyword)")
    if INDEX_FILE not in files:
        raise InputError(f"{label}: not an extraction output (no {INDEX_FILE}); give the OUT of `saic-asn1 extract`")
    return python_package(client_model(load_files(label, files)), package, label)


def python_package(client: ClientModel, package: str, label: str) -> PyPackage:
    """The Python names, annotations and shapes of a client model, one module per version."""
    for version in client.versions:
        if not VERSION.fullmatch(version.version):
            raise InputError(f"{label}/{version.version}: version folders are named vN_N")
    app = client.app
    source = {
        "file": app.source_name,
        "sha256": app.sha256,
        "package": app.package,
        "versionName": app.version_name,
        "versionCode": app.version_code,
    }
    return PyPackage(
        package,
        tuple(f"{key}: {value}" for key, value in sorted(source.items()) if value not in (None, "")),
        with_imports(tuple(_Namer(version).module() for version in client.versions)),
        {f"{version.version}/{name}": text for version in client.versions for name, text in version.module_texts},
    )


def with_imports(modules: tuple[PyModule, ...]) -> tuple[PyModule, ...]:
    """Each module with the classes of the lower minors of its major it does not declare: protocolVersion
    0x12 uses v1_2's types and, where v1_2 lacks one, v1_1's (`SchemaSet.candidate_versions`)."""
    by_version = {module.version: module for module in modules}
    result = []
    for module in modules:
        major, minor = (int(part) for part in module.version[1:].split("_"))
        named = {cls.name for cls in module.classes}
        imports = []
        for lower in (f"v{major}_{number}" for number in range(minor - 1, -1, -1)):
            if lower not in by_version:
                continue
            names = tuple(sorted(cls.name for cls in by_version[lower].classes if cls.name not in named))
            named.update(names)
            if names:
                imports.append((lower, names))
        result.append(replace(module, imports=tuple(imports)))
    return tuple(result)


class _Namer:
    """Names one version's types: named types first (in module order, the colliding ones with their
    module as suffix: `LanguageType_DispatcherBody`), then inline types as they are met, each after its
    holder's name (`Holder_state`), and lists the classes inline types first (a class's fields use them)."""

    def __init__(self, version: ClientVersion) -> None:
        self.version = version
        self.used: set[str] = set(RESERVED)
        self.names: dict[TypeId, str] = {}
        self.classes: list[PyClass] = []
        self.shapes: dict[str, str] = {}
        named = version.named
        for client_type in sorted(named, key=_module_order):
            definition = client_type.definition
            assert definition is not None
            suffix = "_" + definition.file_name.removesuffix(".asn1").removeprefix("MP_") if definition.collides else ""
            self.names[client_type.id] = _unique_in(self.used, client_type.asn1_name.replace("-", "_") + suffix)

    def module(self) -> PyModule:
        # Enumerations first: this order decides which inline type keeps its name when two would share one.
        for client_type in sorted(self.version.named, key=lambda item: (item.kind != Kind.ENUMERATION, item.id.key)):
            self.shapes[client_type.id.key] = self._declare(client_type)
        body = self.version.body
        return PyModule(
            self.version.version,
            tuple(sorted(self.classes, key=lambda item: CLASS_RANK[item.kind])),
            tuple(sorted(self.shapes.items())),
            self.names[body] if body else "",
        )

    def _declare(self, client_type: ClientType) -> str:
        """Adds the class of `client_type` after the inline types it uses; returns its shape."""
        name = self.names[client_type.id]
        doc = self._doc(client_type)
        kind = CLASS_KINDS[client_type.kind]
        if client_type.kind == Kind.ALIAS:
            assert client_type.target is not None
            annotation, shape = self._use(client_type.target, name)
            self.classes.append(PyClass(kind, name, client_type.asn1_name, doc, target=annotation))
            return shape
        if client_type.kind == Kind.ENUMERATION:
            members = tuple((member, item) for item, member in self._members(client_type.id).items())
            self.classes.append(PyClass(kind, name, client_type.asn1_name, doc, members=members))
        else:
            used = set(RESERVED)
            fields = tuple(self._field(item, name, used) for item in client_type.fields)
            self.classes.append(PyClass(kind, name, client_type.asn1_name, doc, fields=fields))
        return f"_rt.{SHAPE_CLASSES[client_type.kind]}({name})"

    def _field(self, item: Field, class_name: str, used: set[str]) -> PyField:
        annotation, shape = self._use(item.type, f"{class_name}_{item.name}")
        name = _unique_in(used, attribute_name(item.name))
        if item.optional:
            return PyField(name, item.name, f"{annotation} | None", shape, "None", True)
        return PyField(name, item.name, annotation, shape, self._default(item.default), False)

    def _use(self, use: TypeUse, inline_name: str) -> tuple[str, str]:
        """(annotation, shape) of a use; an inline type gets its class here, named `inline_name`."""
        if isinstance(use, Primitive):
            return PRIMITIVE_TYPES[use]
        if isinstance(use, ListOf):
            annotation, shape = self._use(use.element, inline_name)
            return f"list[{annotation}]", f"_rt.ListOf({shape})"
        if use.target.is_named:
            return self.names[use.target], f"_rt.Ref(_SHAPES, {use.target.key!r})"
        self.names[use.target] = _unique_in(self.used, inline_name.replace("-", "_"))
        return self.names[use.target], self._declare(self.version.type(use.target))

    def _default(self, default: Default | None) -> str:
        if default is None:
            return ""
        if isinstance(default, NullDefault):
            return "_rt.Null.NULL"
        if isinstance(default, EnumDefault):
            return f"{self.names[default.enumeration]}.{self._members(default.enumeration)[default.item]}"
        return repr(default)

    def _members(self, enumeration: TypeId) -> dict[str, str]:
        """ASN.1 item → member name: `vehicleVINCode` → `VEHICLE_VIN_CODE`."""
        used: set[str] = set()
        return {
            item.name: _unique_in(used, attribute_name(item.name).upper())
            for item in self.version.type(enumeration).items
        }

    def _doc(self, client_type: ClientType) -> tuple[str, ...]:
        definition = client_type.definition
        if definition is None:
            return (f"Inline type {client_type.asn1_name} of {self.version.version}.",)
        where = f"{self.version.version}/{definition.file_name}"
        return (
            f"ASN.1 type {client_type.asn1_name} ({where}), Java class {definition.java_class or 'unknown'}:",
            "",
            *definition.lines,
        )


def _module_order(client_type: ClientType) -> tuple[bool, str, str]:
    assert client_type.definition is not None
    file_name = client_type.definition.file_name
    return file_name != APPLICATION_DATA_FILE, file_name, client_type.asn1_name


def python_package_name(android_package: str) -> str:
    """The client package name of a release: `com.saicmotor.ismart.sample` → `ismart_sample`."""
    segments = android_package.removeprefix("com.saicmotor.").split(".")
    name = "_".join(re.sub(r"[^A-Za-z0-9_]", "_", segment) for segment in segments).lower().strip("_")
    return name if PACKAGE.fullmatch(name) and not keyword.iskeyword(name) and not name[0].isdigit() else "saic_client"


def python_type_text(type_: Type, name_of: Callable[[TypeReference], str]) -> str:
    """The Python type a component of type `type_` gets (a named type by its ASN.1 name, an inline one by
    its kind), to compare releases; `name_of` gives the name a reference uses (`StoredModule.name_of`)."""
    if isinstance(type_, TypeReference):
        return name_of(type_).replace("-", "_")
    if isinstance(type_, SequenceOfType):
        return f"list[{python_type_text(type_.element, name_of)}]"
    if isinstance(type_, SequenceType):
        return f"an inline {'SET' if type_.is_set else 'SEQUENCE'}"
    if isinstance(type_, ChoiceType):
        return "an inline CHOICE"
    if isinstance(type_, EnumeratedType):
        return "an inline ENUMERATED"
    primitive = primitive_of(type_)
    assert primitive is not None
    return PRIMITIVE_TYPES[primitive][0]


def _unique_in(used: set[str], name: str) -> str:
    while name in used or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    used.add(name)
    return name


def attribute_name(name: str) -> str:
    """PEP 8 attribute name of an ASN.1 identifier: `applicationDataLength` → `application_data_length`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name.replace("-", "_"))
    return re.sub(r"_+", "_", spaced).lower()
