"""What the reference site says about an extraction output: every type of every version, with its
definition, fields, UPER sizes, Java class, users, other versions (through the diff) and catalog entries.

Pages are keyed by version; a type is at `<version>/#<Name>`. Where one version has two different
types of one name (in different modules), each is at `#<Module>.<Name>` and `#<Name>` lists both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from ..diff.changes import Change, diff_versions
from ..diff.snapshot import ModuleSchema, Snapshot, snapshot_from_files
from ..diff.uper import UperSizes
from ..errors import InputError
from ..schema.output import INDEX_FILE, is_our_output, read_index, read_texts
from ..wire.runtime.catalog import Catalog, CatalogEntry
from ..wire.runtime.schema_set import referenced_types
from .examples import Example

STRUCTURED = {"SEQUENCE", "SET", "CHOICE", "ENUMERATED", "SEQUENCE OF", "SET OF"}
# Changes that say a type exists on one side only: for a type present in both, not a difference.
EXISTENCE_KINDS = {"type added", "type removed"}


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


def read_extraction(folder: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """index.json and the module texts (`<version>/<file>.asn1` → text) of an extraction output."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder (give an extraction output of `saic-asn1 extract`)")
    if not is_our_output(folder):
        raise InputError(f"{folder}: not an extraction output (no saic-asn1 {INDEX_FILE})")
    index = read_index(folder)
    files = read_texts(folder)
    for entry in index["types"]:
        if entry["file"] not in files:
            raise InputError(f"{folder / INDEX_FILE}: lists {entry['file']}, which is missing")
    return index, files


def build_content(folder: Path, catalog: Catalog) -> SchemaContent:
    """Everything the pages say about the output in `folder`; catalog entries are those of `catalog`."""
    index, files = read_extraction(folder)
    snapshot = snapshot_from_files(folder.name or str(folder), files)
    versions = tuple(
        _VersionBuilder(version, snapshot, files, index["types"]).build()
        for version in index["versions"]
        if version in snapshot.versions
    )
    versions = _with_other_versions(versions, snapshot)
    by_name: dict[str, list[tuple[str, str]]] = {}
    for version_doc in versions:
        for type_doc in version_doc.types:
            if type_doc.anchor == type_doc.name:
                by_name.setdefault(type_doc.name, []).append((version_doc.version, type_doc.anchor))
    versions = tuple(_with_catalog(version_doc, catalog.entries) for version_doc in versions)
    return SchemaContent(
        app=index["input"],
        generator_version=index.get("generator_version", ""),
        warnings=tuple(index.get("warnings", [])),
        versions=versions,
        catalog=tuple((entry, tuple(by_name.get(entry.type_name, ()))) for entry in catalog.entries),
    )


class _VersionBuilder:
    def __init__(self, version: str, snapshot: Snapshot, files: dict[str, str], index_types: list[dict]) -> None:
        self.version = version
        self.modules = snapshot.versions[version]
        self.files = files
        self.entries = [entry for entry in index_types if entry["version"] == version]
        # (file, name) → the index entries of that type: the class that keeps the name, and those merged into it.
        self.entries_of: dict[tuple[str, str], list[dict]] = {}
        for entry in self.entries:
            self.entries_of.setdefault((entry["file"], entry["name"]), []).append(entry)
        self.module_names = {entry["file"].split("/", 1)[1]: entry["module"] for entry in self.entries}
        files_of_name: dict[str, set[str]] = {}
        for file_name, module in self.modules.items():
            for name in module.types:
                files_of_name.setdefault(name, set()).add(file_name)
        classes = {
            (file_name, name): module.java_classes.get(name)
            for file_name, module in self.modules.items()
            for name in module.types
        }
        # A name is shared when the version gives it to different classes in different modules.
        self.shared = {
            name
            for name, found in files_of_name.items()
            if len({classes[(file_name, name)] for file_name in found}) > 1
        }

    def anchor(self, file_name: str, name: str) -> str:
        return f"{self.module_names.get(file_name, file_name)}.{name}" if name in self.shared else name

    def build(self) -> VersionDoc:
        types: list[TypeDoc] = []
        seen: dict[str, str] = {}
        used_by = self._used_by()
        for file_name in self._file_order():
            module = self.modules[file_name]
            sizes = UperSizes(module.types)
            definitions = _definitions(self.files[f"{self.version}/{file_name}"])
            for name in sorted(module.types):
                anchor = self.anchor(file_name, name)
                if anchor in seen:
                    continue
                seen[anchor] = file_name
                types.append(self._type_doc(file_name, module, name, anchor, sizes, definitions, used_by))
        shared = tuple(
            (name, tuple((doc.module, doc.anchor) for doc in types if doc.name == name)) for name in sorted(self.shared)
        )
        modules = tuple(
            (file_name, self.module_names.get(file_name, file_name), len(self.modules[file_name].types))
            for file_name in self._file_order()
        )
        return VersionDoc(self.version, endpoint(self.version), modules, tuple(types), shared)

    def _file_order(self) -> list[str]:
        """Modules in index.json order (header, body, application data), then any other."""
        ordered = list(dict.fromkeys(entry["file"].split("/", 1)[1] for entry in self.entries))
        return [name for name in ordered if name in self.modules] + sorted(set(self.modules) - set(ordered))

    def _type_doc(
        self,
        file_name: str,
        module: ModuleSchema,
        name: str,
        anchor: str,
        sizes: UperSizes,
        definitions: dict[str, str],
        used_by: dict[tuple[str, str], set[str]],
    ) -> TypeDoc:
        type_ = module.types[name]
        primary = module.java_classes.get(name, "")
        entries = self.entries_of.get((f"{self.version}/{file_name}", name), [])
        merged = sorted(entry["java_class"] for entry in entries if "merged_into" in entry)
        entry = entries[0] if entries else {}
        if name not in definitions:
            raise InputError(f"{self.version}/{file_name}: no definition of {name} in the module text")
        users = tuple(sorted((user, self.anchor(file_name, user)) for user in used_by.get((file_name, name), ())))
        return TypeDoc(
            version=self.version,
            name=name,
            anchor=anchor,
            module=self.module_names.get(file_name, file_name),
            file_name=file_name,
            kind=entry.get("kind", type_["type"]),
            java_classes=tuple(item for item in (primary, *merged) if item),
            definition=definitions[name],
            size=sizes.of_name(name).text(),
            rows=tuple(_Rows(module.types, sizes, lambda target: self.anchor(file_name, target)).of_type(type_)),
            used_by=users,
        )

    def _used_by(self) -> dict[tuple[str, str], set[str]]:
        found: dict[tuple[str, str], set[str]] = {}
        for file_name, module in self.modules.items():
            for name, type_ in module.types.items():
                for target in referenced_types(type_) & module.types.keys():
                    if target != name:
                        found.setdefault((file_name, target), set()).add(name)
        return found


DEFINITION_START = re.compile(r"^([A-Za-z][A-Za-z0-9-]*) ::= ", re.MULTILINE)


def _definitions(module_text: str) -> dict[str, str]:
    """Name → its assignment as the module writes it (with the comment naming the Java class above it).

    The renderer separates assignments by a blank line and puts nothing else between them."""
    definitions = {}
    for block in module_text.split("\n\n"):
        match = DEFINITION_START.search(block)
        if match:
            definitions[match.group(1)] = block.strip("\n").removesuffix("\nEND").rstrip()
    return definitions


class _Rows:
    """The field table of a type: its components, alternatives, items or element, nested inline types indented."""

    def __init__(self, types: dict[str, Any], sizes: UperSizes, anchor_of) -> None:
        self.types = types
        self.sizes = sizes
        self.anchor_of = anchor_of

    def of_type(self, type_: dict) -> list[FieldRow]:
        return self._children(type_, 0) if type_["type"] in STRUCTURED else []

    def _children(self, type_: dict, depth: int) -> list[FieldRow]:
        kind = type_["type"]
        rows: list[FieldRow] = []
        if kind in ("SEQUENCE", "SET", "CHOICE"):
            for position, member in enumerate(member for member in type_["members"] if member):
                presence = f"alternative {position}" if kind == "CHOICE" else _presence(member)
                rows.append(self._row(member["name"], member, presence, depth))
                rows += self._nested(member, depth + 1)
        elif kind == "ENUMERATED":
            ordered = sorted((value for value in type_["values"] if value), key=lambda item: item[1])
            for position, (item, number) in enumerate(ordered):
                rows.append(FieldRow(depth, item, "item", None, f"= {number}", "", f"index {position}"))
        elif kind in ("SEQUENCE OF", "SET OF"):
            rows.append(self._row("[]", type_["element"], "", depth))
            rows += self._nested(type_["element"], depth + 1)
        return rows

    def _nested(self, type_: dict, depth: int) -> list[FieldRow]:
        return self._children(type_, depth) if type_["type"] in STRUCTURED else []

    def _row(self, name: str, type_: dict, presence: str, depth: int) -> FieldRow:
        kind = type_["type"]
        target = kind if kind in self.types else None
        if kind in ("SEQUENCE OF", "SET OF") and type_["element"]["type"] in self.types:
            target = type_["element"]["type"]
            text = f"{kind.split()[0]} OF {target}"
        elif kind in ("SEQUENCE OF", "SET OF"):
            text = f"{kind.split()[0]} OF {type_['element']['type']}"
        else:
            text = kind
        link = self.anchor_of(target) if target else None
        return FieldRow(depth, name, text, link, constraint_text(type_), presence, self.sizes.of(type_).text())


def constraint_text(type_: dict) -> str:
    parts = []
    if type_.get("restricted-to"):
        parts.append("(" + _bounds_text(type_["restricted-to"]) + ")")
    if type_.get("size"):
        parts.append("SIZE(" + _bounds_text(type_["size"]) + ")")
    return " ".join(parts)


def _bounds_text(bounds: list) -> str:
    return " | ".join(f"{item[0]}..{item[1]}" if isinstance(item, tuple) else str(item) for item in bounds)


def _presence(member: dict) -> str:
    if "default" in member:
        value = member["default"]
        text = ("TRUE" if value else "FALSE") if isinstance(value, bool) else str(value)
        return f"DEFAULT {text}"
    return "OPTIONAL" if member.get("optional") else ""


def _with_other_versions(versions: tuple[VersionDoc, ...], snapshot: Snapshot) -> tuple[VersionDoc, ...]:
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
            pair_snapshot = Snapshot(
                snapshot.label,
                {
                    older: {"m": snapshot.versions[older][old_file]},
                    newer: {"m": snapshot.versions[newer][new_file]},
                },
            )
            for change in diff_versions(pair_snapshot, older, newer):
                if change.kind not in EXISTENCE_KINDS:
                    key = (older, old_file, newer, new_file, change.type_name)
                    changes.setdefault(key, []).append(_relabelled(change, old_file, new_file))
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


def _relabelled(change: Change, old_file: str, new_file: str) -> Change:
    module = old_file if old_file == new_file else f"{old_file} → {new_file}"
    return replace(change, module=module)


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
