"""An extraction → the language-neutral model of a client: per version, the types a client declares.

Named types become records, choices, enumerations or aliases; a SEQUENCE, SET, CHOICE or ENUMERATED
written inside another type becomes an inline type of its own. Types refer to each other by `TypeId`,
and defaults are typed values, so a target language derives every name and every piece of source text
in its own naming pass (`pymodel` for Python) and nothing here is written for one language.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..errors import InputError
from ..model import (
    AnyType,
    AppMetadata,
    BitStringType,
    BooleanType,
    CharacterStringType,
    ChoiceType,
    Component,
    EnumeratedType,
    EnumItem,
    IntegerType,
    NullType,
    ObjectIdentifierType,
    OctetStringType,
    RealType,
    SequenceOfType,
    SequenceType,
    Type,
    TypeReference,
)
from ..schema.stored import StoredExtraction, StoredModule
from ..wire.runtime.schema_set import APPLICATION_DATA_FILE, BODY_FILE, BODY_TYPE

TYPE_REFERENCE = re.compile(r"[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*")
IDENTIFIER = re.compile(r"[a-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*")
# The modules a client is made of, in the order a message carries them.
MODULE_FILES = ("MP_DispatcherHeader.asn1", BODY_FILE, APPLICATION_DATA_FILE)
# The dispatcher body's length of the application data: encode computes it, so it needs no value.
LENGTH_FIELD = "applicationDataLength"


class Kind(enum.Enum):
    RECORD = "record"
    CHOICE = "choice"
    ENUMERATION = "enumeration"
    ALIAS = "alias"


class Primitive(enum.Enum):
    INTEGER = "INTEGER"
    BOOLEAN = "BOOLEAN"
    REAL = "REAL"
    NULL = "NULL"
    OCTET_STRING = "OCTET STRING"
    ANY = "ANY"
    BIT_STRING = "BIT STRING"
    CHARACTER_STRING = "character string"
    OBJECT_IDENTIFIER = "OBJECT IDENTIFIER"


@dataclass(frozen=True, order=True)
class TypeId:
    """A client type of one version: `key` is a named type's entry in the version's type table (its
    ASN.1 name, or `<module file>:<name>` for a second, different definition of one name); an inline
    type adds its `path` inside that named type (`.state`, `.list[]`, `.choice.z`)."""

    key: str
    path: str = ""

    @property
    def is_named(self) -> bool:
        return not self.path


@dataclass(frozen=True)
class Reference:
    """A use of another client type, named or inline."""

    target: TypeId


@dataclass(frozen=True)
class ListOf:
    element: TypeUse


TypeUse = Primitive | Reference | ListOf


@dataclass(frozen=True)
class EnumDefault:
    """A DEFAULT naming an item of the field's enumeration."""

    enumeration: TypeId
    item: str


@dataclass(frozen=True)
class NullDefault:
    """The one value of NULL, which a required NULL field always holds."""


Default = int | bool | str | EnumDefault | NullDefault


@dataclass(frozen=True)
class Field:
    """A component or alternative: `optional` when a value may be absent (OPTIONAL, every CHOICE
    alternative, and a DEFAULT no value of the field's type can spell)."""

    name: str
    type: TypeUse
    optional: bool = False
    default: Default | None = None


@dataclass(frozen=True)
class Definition:
    """Where a named type comes from: its module, Java class (None when the output does not say), the
    lines of `name ::= …`, and whether another module of the version defines the name differently
    first (ApplicationData first, then the other modules by file name), so that this one is told apart
    by its module."""

    file_name: str
    java_class: str | None
    lines: tuple[str, ...]
    collides: bool = False


@dataclass(frozen=True)
class ClientType:
    """A named type (`definition` set, `asn1_name` its name) or an inline one (`asn1_name` its path,
    `Holder.list[]`). A record, a choice (`fields`), an enumeration (`items`) or an alias (`target`)."""

    id: TypeId
    kind: Kind
    asn1_name: str
    definition: Definition | None = None
    fields: tuple[Field, ...] = ()
    items: tuple[EnumItem, ...] = ()
    target: TypeUse | None = None
    is_set: bool = False


@dataclass(frozen=True)
class ClientVersion:
    """One protocol version: named types by key, then inline types, each after the type that holds it;
    `body` is the dispatcher body type; `module_texts` the ASN.1 texts a client ships."""

    version: str
    types: tuple[ClientType, ...]
    body: TypeId | None
    module_texts: tuple[tuple[str, str], ...]

    def type(self, type_id: TypeId) -> ClientType:
        return next(client_type for client_type in self.types if client_type.id == type_id)

    @property
    def named(self) -> tuple[ClientType, ...]:
        return tuple(client_type for client_type in self.types if client_type.id.is_named)


@dataclass(frozen=True)
class ClientModel:
    app: AppMetadata
    versions: tuple[ClientVersion, ...]


def client_model(extraction: StoredExtraction) -> ClientModel:
    """The client of an extraction: its versions in name order, each from its header, body and
    application-data modules."""
    versions = []
    for version in sorted(extraction.versions):
        modules = [module for name in MODULE_FILES if (module := extraction.module(version, name)) is not None]
        versions.append(_Version(version, modules).build())
    app = extraction.index.app if extraction.index else AppMetadata(extraction.label, "")
    return ClientModel(app, tuple(versions))


class _Version:
    def __init__(self, version: str, modules: list[StoredModule]) -> None:
        self.version = version
        self.modules = {module.file_name: module for module in modules}
        # (module file, ASN.1 name) → the key of the type it is in the version's type table.
        self.keys: dict[tuple[str, str], str] = {}
        self.owners: dict[str, tuple[StoredModule, str]] = {}
        self.types: list[ClientType] = []

    def build(self) -> ClientVersion:
        ordered = sorted(
            self.modules.values(), key=lambda module: (module.file_name != APPLICATION_DATA_FILE, module.file_name)
        )
        for module in ordered:
            for assignment in module.assignments:
                if not TYPE_REFERENCE.fullmatch(assignment.name):
                    raise InputError(f"{module.path}: type name {assignment.name!r} is not an ASN.1 type reference")
        shared = _shared_definitions(ordered)
        for module in ordered:
            for name in sorted(assignment.name for assignment in module.assignments):
                owner = self.owners.get(name)
                if owner is not None and (owner[0].file_name, module.file_name, name) in shared:
                    self.keys[(module.file_name, name)] = name
                    continue
                key = name if owner is None else f"{module.file_name}:{name}"
                self.keys[(module.file_name, name)] = key
                self.owners[key] = (module, name)
        for key in sorted(self.owners):
            self._named(key)
        body_key = self.keys.get((BODY_FILE, BODY_TYPE))
        texts = tuple((name, self.modules[name].text) for name in MODULE_FILES if name in self.modules)
        return ClientVersion(self.version, tuple(self.types), TypeId(body_key) if body_key else None, texts)

    def _named(self, key: str) -> None:
        module, name = self.owners[key]
        definition = Definition(
            module.file_name, module.java_class(name), module.definition_text(name), collides=key != name
        )
        self._declare(TypeId(key), name, _type_of(module, name), module, definition)

    def _declare(
        self, type_id: TypeId, asn1_name: str, type_: Type, module: StoredModule, definition: Definition | None
    ) -> None:
        """Adds the type `type_` declares as `type_id`, after the inline types inside it."""
        position = len(self.types)
        if isinstance(type_, EnumeratedType):
            for item in type_.items:
                self._check_identifier(item.name, asn1_name)
            declared = ClientType(type_id, Kind.ENUMERATION, asn1_name, definition, items=type_.items)
        elif isinstance(type_, (SequenceType, ChoiceType)):
            is_choice = isinstance(type_, ChoiceType)
            components = type_.alternatives if isinstance(type_, ChoiceType) else type_.components
            fields = tuple(self._field(component, type_id, asn1_name, module, is_choice) for component in components)
            kind = Kind.CHOICE if is_choice else Kind.RECORD
            is_set = isinstance(type_, SequenceType) and type_.is_set
            declared = ClientType(type_id, kind, asn1_name, definition, fields=fields, is_set=is_set)
        else:
            target = self._use(type_, type_id, "", asn1_name, module)
            declared = ClientType(type_id, Kind.ALIAS, asn1_name, definition, target=target)
        self.types.insert(position, declared)

    def _field(
        self, component: Component, owner: TypeId, asn1_name: str, module: StoredModule, is_choice: bool
    ) -> Field:
        self._check_identifier(component.name, asn1_name)
        use = self._use(component.type, owner, f".{component.name}", f"{asn1_name}.{component.name}", module)
        if component.optional or is_choice:
            return Field(component.name, use, optional=True)
        default = self._default(component, use, module)
        if component.default is None and default is None and (asn1_name, component.name) == (BODY_TYPE, LENGTH_FIELD):
            default = 0
        return Field(component.name, use, optional=component.default is not None and default is None, default=default)

    def _use(self, type_: Type, owner: TypeId, path: str, asn1_path: str, module: StoredModule) -> TypeUse:
        """What a field or alias of type `type_` refers to; an inline type is declared at `owner` + `path`."""
        if isinstance(type_, TypeReference):
            return Reference(TypeId(self.keys[(module.file_name, module.name_of(type_))]))
        primitive = primitive_of(type_)
        if primitive is not None:
            return primitive
        if isinstance(type_, SequenceOfType):
            return ListOf(self._use(type_.element, owner, f"{path}[]", f"{asn1_path}[]", module))
        inline = TypeId(owner.key, owner.path + path)
        self._declare(inline, asn1_path, type_, module, None)
        return Reference(inline)

    def _default(self, component: Component, use: TypeUse, module: StoredModule) -> Default | None:
        """The DEFAULT as a value of the field's type; a NULL field's one value; None when there is neither."""
        resolved = module.resolve(component.type)
        literal = component.default
        if literal is None:
            return NullDefault() if isinstance(resolved, NullType) else None
        value = literal.value
        if isinstance(resolved, EnumeratedType):
            # Only an enumeration the field names itself spells the item (an alias of one is a plain name).
            if isinstance(use, Reference) and value in {item.name for item in self._items(use.target)}:
                return EnumDefault(use.target, str(value))
            return None
        expected = {IntegerType: int, BooleanType: bool, CharacterStringType: str, ObjectIdentifierType: str}
        return value if type(value) is expected.get(type(resolved)) else None

    def _items(self, type_id: TypeId) -> tuple[EnumItem, ...]:
        """The items of the enumeration `type_id` names, none when it names another kind of type."""
        if type_id.is_named:
            named = _type_of(*self.owners[type_id.key])
            return named.items if isinstance(named, EnumeratedType) else ()
        return next(declared.items for declared in self.types if declared.id == type_id)

    def _check_identifier(self, name: str, where: str) -> None:
        if not IDENTIFIER.fullmatch(name):
            raise InputError(f"{self.version}: {where}: {name!r} is not an ASN.1 identifier")


def primitive_of(type_: Type) -> Primitive | None:
    """The primitive kind of a model type, None for references, lists and constructed types."""
    primitives: dict[type, Primitive] = {
        IntegerType: Primitive.INTEGER,
        BooleanType: Primitive.BOOLEAN,
        RealType: Primitive.REAL,
        NullType: Primitive.NULL,
        OctetStringType: Primitive.OCTET_STRING,
        AnyType: Primitive.ANY,
        BitStringType: Primitive.BIT_STRING,
        CharacterStringType: Primitive.CHARACTER_STRING,
        ObjectIdentifierType: Primitive.OBJECT_IDENTIFIER,
    }
    return primitives.get(type(type_))


def _shared_definitions(modules: list[StoredModule]) -> set[tuple[str, str, str]]:
    """(first module, other module, name) for every name a later module defines as the first one does:
    the same definition, whose references name the same types (a type referring to two different
    LanguageTypes is two types). The largest such set: types that refer to each other may share."""
    first: dict[str, StoredModule] = {}
    for module in modules:
        for assignment in module.assignments:
            first.setdefault(assignment.name, module)
    shared = {
        (first[name].file_name, module.file_name, name)
        for module in modules
        for name in (assignment.name for assignment in module.assignments)
        if first[name] is not module and _spelled(first[name], name) == _spelled(module, name)
    }

    def key(module: StoredModule, name: str) -> str:
        owner = first[name].file_name
        return name if module.file_name == owner or (owner, module.file_name, name) in shared else module.path

    changed = True
    while changed:
        changed = False
        for owner_file, file_name, name in sorted(shared):
            [owner, module] = [next(m for m in modules if m.file_name == f) for f in (owner_file, file_name)]
            if any(key(owner, used) != key(module, used) for used in _referenced(owner, _type_of(owner, name))):
                shared.discard((owner_file, file_name, name))
                changed = True
    return shared


def _type_of(module: StoredModule, name: str) -> Type:
    assignment = module.assignment(name)
    assert assignment is not None
    return assignment.type


def _spelled(module: StoredModule, name: str) -> Type:
    """The definition of `name` with every reference spelled by the name it uses, comparable across modules."""
    return _by_name(module, _type_of(module, name))


def _by_name(module: StoredModule, type_: Type) -> Type:
    if isinstance(type_, TypeReference):
        return replace(type_, java_class=module.name_of(type_))
    if isinstance(type_, SequenceOfType):
        return replace(type_, element=_by_name(module, type_.element))
    if isinstance(type_, SequenceType):
        return replace(type_, components=tuple(_component_by_name(module, c) for c in type_.components))
    if isinstance(type_, ChoiceType):
        return replace(type_, alternatives=tuple(_component_by_name(module, c) for c in type_.alternatives))
    return type_


def _component_by_name(module: StoredModule, component: Component) -> Component:
    return replace(component, type=_by_name(module, component.type), note=None)


def _referenced(module: StoredModule, type_: Type) -> Iterator[str]:
    """The names of the types `type_` refers to."""
    if isinstance(type_, TypeReference):
        yield module.name_of(type_)
    elif isinstance(type_, SequenceOfType):
        yield from _referenced(module, type_.element)
    elif isinstance(type_, (SequenceType, ChoiceType)):
        components = type_.components if isinstance(type_, SequenceType) else type_.alternatives
        for component in components:
            yield from _referenced(module, component.type)
