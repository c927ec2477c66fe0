"""What the reference site says about an extraction output: every type of every version, with its
definition, fields, UPER sizes, Java class, users, other versions (through the diff) and catalog entries.

Pages are keyed by version; a type is at `<version>/#<Name>`. Where one version has two different
types of one name (in different modules), each is at `#<Module>.<Name>` and `#<Name>` lists both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from ..diff.changes import Change, diff_modules
from ..diff.snapshot import keyword, written_constraint
from ..diff.uper import UperSizes
from ..errors import HOW_TO_GET_SCHEMAS, InputError
from ..model import (
    ChoiceType,
    Component,
    EnumeratedType,
    SequenceOfType,
    SequenceType,
    Type,
    TypeAssignment,
    TypeReference,
)
from ..schema.output import INDEX_FILE, app_document, is_our_output
from ..schema.stored import IndexEntry, OutputIndex, StoredExtraction, StoredModule, read_output
from ..wire.runtime.catalog import Catalog, CatalogEntry
from .examples import Example

# Changes that say a type exists on one side only: for a type present in both, not a difference.
EXISTENCE_KINDS = {"type added", "type removed"}


# The row of a SEQUENCE OF's element and the type text of an enumeration item's row.
ELEMENT_ROW = "[]"
ITEM_TYPE = "item"


@dataclass(frozen=True)
class FieldRow:
    depth: int
    name: str
    type_text: str
    # The anchor of the named type this field uses, on the same page.
    link: str | None
    constraint: str
    presence: str
    size: str

    @property
    def is_component(self) -> bool:
        """A SEQUENCE or SET component or a CHOICE alternative: a field a user looks for by name."""
        return self.name != ELEMENT_ROW and self.type_text != ITEM_TYPE


@dataclass(frozen=True)
class OtherVersion:
    version: str
    anchor: str
    # "v2_1 → v3_0": the direction the changes are read in.
    direction: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class TypeDoc:
    version: str
    name: str
    anchor: str
    module: str
    file_name: str
    kind: str
    java_classes: tuple[str, ...]
    definition: str
    size: str
    rows: tuple[FieldRow, ...]
    used_by: tuple[tuple[str, str], ...]
    other_versions: tuple[OtherVersion, ...] = ()
    catalog: tuple[CatalogEntry, ...] = ()
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class VersionDoc:
    version: str
    endpoint: str
    # (file name, module name, number of types)
    modules: tuple[tuple[str, str, int], ...]
    types: tuple[TypeDoc, ...]
    # (name, ((module, anchor), …)) for names that are two types in this version.
    shared_names: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def example_count(self) -> int:
        return sum(len(doc.examples) for doc in self.types)


@dataclass(frozen=True)
class SchemaContent:
    app: dict[str, Any]
    generator_version: str
    warnings: tuple[str, ...]
    versions: tuple[VersionDoc, ...]
    # (catalog entry, ((version, anchor), …) where a type of that name is)
    catalog: tuple[tuple[CatalogEntry, tuple[tuple[str, str], ...]], ...] = field(default=())

    @property
    def type_count(self) -> int:
        return sum(len(version_doc.types) for version_doc in self.versions)

    @property
    def example_count(self) -> int:
        return sum(version_doc.example_count for version_doc in self.versions)


def endpoint(version: str) -> str:
    """The HTTP endpoint of a protocol version: v2_1 is `ota.mpv21`."""
    return "ota.mp" + version.replace("_", "")


def read_extraction(folder: Path) -> StoredExtraction:
    """The extraction output in `folder`, which `saic-asn1 extract` wrote (its index.json says so)."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder; {HOW_TO_GET_SCHEMAS}")
    if not is_our_output(folder):
        raise InputError(f"{folder}: not an extraction output (no saic-asn1 {INDEX_FILE}); {HOW_TO_GET_SCHEMAS}")
    return read_output(folder)


def build_content(folder: Path, catalog: Catalog) -> SchemaContent:
    """Everything the pages say about the output in `folder`; catalog entries are those of `catalog`."""
    extraction = read_extraction(folder)
    index = extraction.index
    assert index is not None, "read_extraction reads folders with an index.json only"
    versions = tuple(
        _VersionBuilder(version, extraction, index).build()
        for version in index.versions
        if version in extraction.versions
    )
    versions = _with_other_versions(versions, extraction)
    by_name: dict[str, list[tuple[str, str]]] = {}
    for version_doc in versions:
        for type_doc in version_doc.types:
            if type_doc.anchor == type_doc.name:
                by_name.setdefault(type_doc.name, []).append((version_doc.version, type_doc.anchor))
    versions = tuple(_with_catalog(version_doc, catalog.entries) for version_doc in versions)
    return SchemaContent(
        app=app_document(index.app),
        generator_version=index.generator_version or "",
        warnings=index.warnings,
        versions=versions,
        catalog=tuple((entry, tuple(by_name.get(entry.type_name, ()))) for entry in catalog.entries),
    )


class _VersionBuilder:
    def __init__(self, version: str, extraction: StoredExtraction, index: OutputIndex) -> None:
        self.version = version
        self.index = index
        # In index.json order (header, body, application data), then any other.
        self.modules = {module.file_name: module for module in extraction.modules_of(version)}
        self.module_names = {entry.file_name: entry.module for entry in index.entries if entry.version == version}
        files_of_name: dict[str, set[str]] = {}
        for file_name, module in self.modules.items():
            for assignment in module.assignments:
                files_of_name.setdefault(assignment.name, set()).add(file_name)
        # A name is shared when the version gives it to different classes in different modules.
        self.shared = {
            name
            for name, found in files_of_name.items()
            if len({self.modules[file_name].java_class(name) for file_name in found}) > 1
        }

    def anchor(self, file_name: str, name: str) -> str:
        return f"{self.module_names.get(file_name, file_name)}.{name}" if name in self.shared else name

    def build(self) -> VersionDoc:
        types: list[TypeDoc] = []
        seen: dict[str, str] = {}
        used_by = self._used_by()
        for file_name, module in self.modules.items():
            sizes = UperSizes(module)
            for name in sorted(assignment.name for assignment in module.assignments):
                anchor = self.anchor(file_name, name)
                if anchor in seen:
                    continue
                seen[anchor] = file_name
                types.append(self._type_doc(module, name, anchor, sizes, used_by))
        shared = tuple(
            (name, tuple((doc.module, doc.anchor) for doc in types if doc.name == name)) for name in sorted(self.shared)
        )
        modules = tuple(
            (file_name, self.module_names.get(file_name, file_name), len(module.assignments))
            for file_name, module in self.modules.items()
        )
        return VersionDoc(self.version, endpoint(self.version), modules, tuple(types), shared)

    def _type_doc(
        self,
        module: StoredModule,
        name: str,
        anchor: str,
        sizes: UperSizes,
        used_by: dict[tuple[str, str], set[str]],
    ) -> TypeDoc:
        file_name = module.file_name
        assignment = module.assignment(name)
        assert assignment is not None, name
        primary = module.java_class(name)
        merged = self.index.merged(module.path, name)
        definition = module.definition_block(name)
        if definition is None:
            raise InputError(f"{module.path}: no definition of {name} in the module text")
        users = tuple(sorted((user, self.anchor(file_name, user)) for user in used_by.get((file_name, name), ())))
        return TypeDoc(
            version=self.version,
            name=name,
            anchor=anchor,
            module=self.module_names.get(file_name, file_name),
            file_name=file_name,
            kind=_kind(assignment, primary, merged, module),
            java_classes=tuple(item for item in (primary, *sorted(entry.java_class for entry in merged)) if item),
            definition=definition,
            size=sizes.of_name(name).text(),
            rows=tuple(_Rows(module, sizes, lambda target: self.anchor(file_name, target)).of_type(assignment.type)),
            used_by=users,
        )

    def _used_by(self) -> dict[tuple[str, str], set[str]]:
        found: dict[tuple[str, str], set[str]] = {}
        for file_name, module in self.modules.items():
            for assignment in module.assignments:
                for target in _referenced_names(assignment.type, module):
                    if target != assignment.name:
                        found.setdefault((file_name, target), set()).add(assignment.name)
        return found


def _kind(assignment: TypeAssignment, primary: str | None, merged: tuple[IndexEntry, ...], module: StoredModule) -> str:
    """The kind index.json records for the type; the ASN.1 word of its definition when it records none."""
    if primary is not None:
        return assignment.kind
    return merged[0].kind if merged else keyword(assignment.type, module)


def _referenced_names(type_: Type, module: StoredModule) -> set[str]:
    """The named types a type uses: its own reference, its components', alternatives' and elements'."""
    if isinstance(type_, TypeReference):
        return {module.name_of(type_)}
    if isinstance(type_, SequenceType):
        return set().union(*(_referenced_names(component.type, module) for component in type_.components))
    if isinstance(type_, ChoiceType):
        return set().union(*(_referenced_names(alternative.type, module) for alternative in type_.alternatives))
    if isinstance(type_, SequenceOfType):
        return _referenced_names(type_.element, module)
    return set()


class _Rows:
    """The field table of a type: its components, alternatives, items or element, nested inline types indented."""

    def __init__(self, module: StoredModule, sizes: UperSizes, anchor_of: Callable[[str], str]) -> None:
        self.module = module
        self.sizes = sizes
        self.anchor_of = anchor_of

    def of_type(self, type_: Type) -> list[FieldRow]:
        return self._children(type_, 0)

    def _children(self, type_: Type, depth: int) -> list[FieldRow]:
        rows: list[FieldRow] = []
        if isinstance(type_, (SequenceType, ChoiceType)):
            is_choice = isinstance(type_, ChoiceType)
            members = type_.alternatives if isinstance(type_, ChoiceType) else type_.components
            for position, member in enumerate(members):
                presence = f"alternative {position}" if is_choice else _presence(member)
                rows.append(self._row(member.name, member.type, presence, depth))
                rows += self._children(member.type, depth + 1)
        elif isinstance(type_, EnumeratedType):
            ordered = sorted(type_.items, key=lambda item: item.number)
            for position, item in enumerate(ordered):
                rows.append(FieldRow(depth, item.name, ITEM_TYPE, None, f"= {item.number}", "", f"index {position}"))
        elif isinstance(type_, SequenceOfType):
            rows.append(self._row(ELEMENT_ROW, type_.element, "", depth))
            rows += self._children(type_.element, depth + 1)
        return rows

    def _row(self, name: str, type_: Type, presence: str, depth: int) -> FieldRow:
        target = self.module.name_of(type_) if isinstance(type_, TypeReference) else None
        text = keyword(type_, self.module)
        if isinstance(type_, SequenceOfType):
            element = type_.element
            if isinstance(element, TypeReference):
                target = self.module.name_of(element)
            text = f"{text.split()[0]} OF {keyword(element, self.module)}"
        link = self.anchor_of(target) if target else None
        written = written_constraint(type_, self.module)
        constraint = written.text() if written else ""
        return FieldRow(depth, name, text, link, constraint, presence, self.sizes.of(type_).text())


def _presence(component: Component) -> str:
    if component.default is not None:
        value = component.default.value
        text = ("TRUE" if value else "FALSE") if isinstance(value, bool) else str(value)
        return f"DEFAULT {text}"
    return "OPTIONAL" if component.optional else ""


def _with_other_versions(versions: tuple[VersionDoc, ...], extraction: StoredExtraction) -> tuple[VersionDoc, ...]:
    """For each type, the other versions with a type of that name and the diff from the older to the newer."""
    by_name: dict[str, dict[str, list[TypeDoc]]] = {}
    for version_doc in versions:
        for doc in version_doc.types:
            by_name.setdefault(version_doc.version, {}).setdefault(doc.name, []).append(doc)
    changes: dict[tuple[str, str, str, str, str], list[Change]] = {}
    names = [version_doc.version for version_doc in versions]
    for older, newer in combinations(names, 2):
        older_names, newer_names = by_name.get(older, {}), by_name.get(newer, {})
        pairs = {
            (doc.file_name, other.file_name)
            for name in older_names.keys() & newer_names.keys()
            for doc in older_names[name]
            for other in newer_names[name]
        }
        for old_file, new_file in sorted(pairs):
            module = old_file if old_file == new_file else f"{old_file} → {new_file}"
            old_module, new_module = extraction.module(older, old_file), extraction.module(newer, new_file)
            for change in diff_modules(f"{older}→{newer}", module, old_module, new_module):
                if change.kind not in EXISTENCE_KINDS:
                    key = (older, old_file, newer, new_file, change.type_name)
                    changes.setdefault(key, []).append(change)
    result = []
    for version_doc in versions:
        updated = []
        for doc in version_doc.types:
            others = []
            for other_version in names:
                for other in by_name.get(other_version, {}).get(doc.name, []) if other_version != doc.version else ():
                    first, second = sorted(
                        ((doc.version, doc.file_name), (other_version, other.file_name)),
                        key=lambda item: names.index(item[0]),
                    )
                    found = changes.get((*first, *second, doc.name), [])
                    others.append(OtherVersion(other_version, other.anchor, f"{first[0]} → {second[0]}", tuple(found)))
            updated.append(replace(doc, other_versions=tuple(others)))
        result.append(replace(version_doc, types=tuple(updated)))
    return tuple(result)


def _with_catalog(version_doc: VersionDoc, catalog: tuple[CatalogEntry, ...]) -> VersionDoc:
    types = tuple(
        replace(doc, catalog=tuple(entry for entry in catalog if entry.type_name == doc.name))
        for doc in version_doc.types
    )
    return replace(version_doc, types=types)


def with_examples(content: SchemaContent, examples: dict[tuple[str, str, str], list[Example]]) -> SchemaContent:
    """Attach decoded examples, keyed by (version, module file, type name), to their types."""
    versions = tuple(
        replace(
            version_doc,
            types=tuple(
                replace(doc, examples=tuple(examples.get((doc.version, doc.file_name, doc.name), ())))
                for doc in version_doc.types
            ),
        )
        for version_doc in content.versions
    )
    return replace(content, versions=versions)
