"""An extraction output read back as one typed extraction: the `model` modules of every version, the
typed `index.json`, and the questions every consumer asks of them (which type a reference names, what a
constraint or a definition reads like). generate, diff, docs and release start from here."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HOW_TO_GET_SCHEMAS, InputError
from ..model import (
    AppMetadata,
    Constraint,
    DeclaredModule,
    Extraction,
    Module,
    ProtocolVersion,
    SingleValue,
    Type,
    TypeAssignment,
    TypeReference,
    ValueRange,
)
from .output import INDEX_FILE, SAFE_SEGMENT, read_texts, safe_segment
from .parse import parse_module

# What every type entry of index.json has.
TYPE_KEYS = ("version", "module", "file", "name", "java_class", "kind")
DEFINITION_START = re.compile(r"^([A-Za-z][A-Za-z0-9-]*) ::= ", re.MULTILINE)


@dataclass(frozen=True)
class IndexEntry:
    """Where one Java class's type landed: `file` is `<version>/<module file>`; a class merged into a
    structurally identical one of the same name has `merged_into`."""

    version: str
    module: str
    file: str
    name: str
    java_class: str
    kind: str
    merged_into: str | None = None

    @property
    def file_name(self) -> str:
        return self.file.split("/", 1)[1]


@dataclass(frozen=True)
class OutputIndex:
    """`index.json`, typed."""

    app: AppMetadata
    versions: tuple[str, ...]
    declared_modules: tuple[DeclaredModule, ...]
    warnings: tuple[str, ...]
    entries: tuple[IndexEntry, ...]
    generator: str | None = None
    generator_version: str | None = None

    def types(self, version: str | None = None) -> tuple[IndexEntry, ...]:
        """The entries that are types of their own (merged classes left out), of one version or all."""
        return tuple(
            entry
            for entry in self.entries
            if entry.merged_into is None and (version is None or entry.version == version)
        )

    def merged(self, file: str, name: str) -> tuple[IndexEntry, ...]:
        """The classes merged into the type `name` of `file`."""
        return tuple(
            entry
            for entry in self.entries
            if entry.merged_into is not None and (entry.file, entry.name) == (file, name)
        )

    def declared_in(self, version: str) -> tuple[DeclaredModule, ...]:
        return tuple(module for module in self.declared_modules if module.version == version)


@dataclass(frozen=True)
class StoredModule:
    """One `<version>/<file>.asn1` of an output: its model and its text."""

    version: str
    file_name: str
    module: Module
    text: str
    # Names whose Java class the index does not give (a folder without index.json).
    unknown_classes: frozenset[str] = frozenset()
    _by_name: dict[str, TypeAssignment] = field(default_factory=dict, compare=False, repr=False)
    _by_class: dict[str, TypeAssignment] = field(default_factory=dict, compare=False, repr=False)
    _blocks: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update((assignment.name, assignment) for assignment in self.module.assignments)
        self._by_class.update((assignment.java_class, assignment) for assignment in self.module.assignments)
        self._by_class.update((alias, self._by_class[keeper]) for alias, keeper in self.module.merged_classes)
        self._blocks.update(_definition_blocks(self.text))

    @property
    def path(self) -> str:
        return f"{self.version}/{self.file_name}"

    @property
    def assignments(self) -> tuple[TypeAssignment, ...]:
        return self.module.assignments

    def assignment(self, name: str) -> TypeAssignment | None:
        return self._by_name.get(name)

    def java_class(self, name: str) -> str | None:
        """The Java class of the type `name`, None when the output does not say."""
        assignment = self._by_name.get(name)
        return None if assignment is None or name in self.unknown_classes else assignment.java_class

    def target(self, reference: TypeReference) -> TypeAssignment:
        """The assignment a reference names."""
        return self._by_class[reference.java_class]

    def name_of(self, reference: TypeReference) -> str:
        return self.target(reference).name

    def resolve(self, type_: Type) -> Type:
        """`type_` with references followed to the type they stand for (a cycle ends at its first repeat)."""
        seen: set[str] = set()
        while isinstance(type_, TypeReference) and type_.java_class not in seen:
            seen.add(type_.java_class)
            type_ = self.target(type_).type
        return type_

    def definition_block(self, name: str) -> str | None:
        """`name ::= …` as the module writes it, with the comment lines above it (the Java class)."""
        return self._blocks.get(name)

    def definition_text(self, name: str) -> tuple[str, ...]:
        """The lines of `name ::= …` alone, without the comments above it."""
        block = self._blocks.get(name)
        if block is None:
            return ()
        lines = block.splitlines()
        return tuple(lines[next(index for index, line in enumerate(lines) if line.startswith(f"{name} ::=")) :])


@dataclass(frozen=True)
class StoredExtraction:
    """An extraction output: its label (folder or input name), index (None when the folder has none) and
    modules by version, in version and file order."""

    label: str
    index: OutputIndex | None
    modules: tuple[StoredModule, ...]

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(module.version for module in self.modules))

    def modules_of(self, version: str) -> tuple[StoredModule, ...]:
        return tuple(module for module in self.modules if module.version == version)

    def module(self, version: str, file_name: str) -> StoredModule | None:
        return next(
            (module for module in self.modules if (module.version, module.file_name) == (version, file_name)), None
        )

    def files(self) -> dict[str, str]:
        """Relative path → text of every module."""
        return {module.path: module.text for module in self.modules}

    def extraction(self) -> Extraction:
        """The `model` form (app and declared modules from the index; warnings as recorded)."""
        index = self.index
        return Extraction(
            app=index.app if index else AppMetadata(self.label, ""),
            versions=tuple(
                ProtocolVersion(version, tuple(module.module for module in self.modules_of(version)))
                for version in self.versions
            ),
            warnings=index.warnings if index else (),
            declared_modules=index.declared_modules if index else (),
        )


def constraint_text(constraint: Constraint) -> str:
    """`(0..255)` or `(5)`: the bounds of a constraint as ASN.1 writes them."""
    if isinstance(constraint, ValueRange):
        return f"({constraint.lower}..{constraint.upper})"
    assert isinstance(constraint, SingleValue)
    return f"({constraint.value})"


def read_output(folder: Path) -> StoredExtraction:
    """The output folder `extract` wrote: its `index.json` (when there is one) and every `<version>/*.asn1`.
    Anything else in the folder (a generated client under `python/`) is not read."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not an extraction output folder; {HOW_TO_GET_SCHEMAS}")
    files = read_texts(folder)
    return load_files(str(folder), files)


def load_files(label: str, files: dict[str, str]) -> StoredExtraction:
    """An extraction held in memory (relative path → text, `index.json` included when known)."""
    index = parse_index(files[INDEX_FILE], f"{label}/{INDEX_FILE}") if INDEX_FILE in files else None
    entries = index.entries if index else ()
    modules = []
    for relative, text in sorted(files.items()):
        if relative == INDEX_FILE:
            continue
        version, _, file_name = relative.partition("/")
        if not SAFE_SEGMENT.fullmatch(version) or not SAFE_SEGMENT.fullmatch(file_name) or "/" in file_name:
            raise InputError(f"{label}/{relative}: not a <version>/<module>.asn1 file")
        modules.append(_stored_module(label, version, file_name, text, [e for e in entries if e.file == relative]))
    if not modules:
        raise InputError(f"{label}: holds no <version>/*.asn1 schemas")
    # The order `extract` wrote the modules in (header, body, application data), which index.json keeps.
    order = {file: position for position, file in enumerate(dict.fromkeys(entry.file for entry in entries))}
    versions = {version: position for position, version in enumerate(index.versions if index else ())}
    modules.sort(
        key=lambda module: (
            versions.get(module.version, len(versions)),
            module.version,
            order.get(module.path, len(order)),
            module.file_name,
        )
    )
    if index is not None:
        present = {module.path for module in modules}
        missing = sorted({entry.file for entry in index.entries} - present)
        if missing:
            raise InputError(f"{label}/{INDEX_FILE}: lists {missing[0]}, which is missing")
    return StoredExtraction(label, index, tuple(modules))


def _stored_module(label: str, version: str, file_name: str, text: str, entries: list[IndexEntry]) -> StoredModule:
    kept = {entry.name: entry for entry in entries if entry.merged_into is None}

    def java_class_of(name: str) -> str:
        entry = kept.get(name)
        # Without an index a type is known by its place: unique in the output, and equal across outputs by name.
        return entry.java_class if entry else f"{version}/{file_name}#{name}"

    def kind_of(name: str) -> str | None:
        entry = kept.get(name)
        return entry.kind if entry else None

    parsed = parse_module(text, f"{label}/{version}/{file_name}", java_class_of, kind_of)
    merged = tuple(
        (entry.java_class, entry.merged_into)
        for entry in entries
        if entry.merged_into is not None
        and entry.merged_into in {kept_entry.java_class for kept_entry in kept.values()}
    )
    module = Module(parsed.name, parsed.file_name, parsed.assignments, merged)
    unknown = frozenset(assignment.name for assignment in parsed.assignments if assignment.name not in kept)
    return StoredModule(version, file_name, module, text, unknown)


def read_index(folder: Path) -> OutputIndex:
    """`folder/index.json`, checked as `extract` writes it; an InputError naming the file otherwise."""
    where = folder / INDEX_FILE
    try:
        text = where.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{where}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    return parse_index(text, str(where))


def parse_index(text: str, where: str) -> OutputIndex:
    """The text of an `index.json`, checked: the input, plain version names, and types in
    `<version>/<file>.asn1`; an InputError naming `where` otherwise."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise InputError(f"{where}: not JSON: {error}") from None
    if not isinstance(document, dict):
        raise InputError(f"{where}: not a JSON object")
    source, versions, types = document.get("input"), document.get("versions"), document.get("types")
    if not isinstance(source, dict) or not isinstance(versions, list) or not isinstance(types, list):
        raise InputError(f"{where}: lacks input, versions or types")
    for version in versions:
        safe_segment(str(version), "version", Path(where))
    return OutputIndex(
        app=_app(source, where),
        versions=tuple(str(version) for version in versions),
        declared_modules=_declared_modules(document.get("declared_modules"), where),
        warnings=tuple(str(warning) for warning in document.get("warnings") or ()),
        entries=tuple(_entry(entry, where) for entry in types),
        generator=_optional_text(document.get("generator")),
        generator_version=_optional_text(document.get("generator_version")),
    )


def _entry(entry: Any, where: str) -> IndexEntry:
    if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) for key in TYPE_KEYS):
        raise InputError(f"{where}: a type entry lacks one of {', '.join(TYPE_KEYS)}: {str(entry)[:80]}")
    version, _, file_name = entry["file"].partition("/")
    if version != entry["version"] or not SAFE_SEGMENT.fullmatch(file_name) or not file_name.endswith(".asn1"):
        raise InputError(f"{where}: {entry['name']} is in {entry['file']!r}, not in a <version>/<module>.asn1 file")
    merged_into = entry.get("merged_into")
    if merged_into is not None and not isinstance(merged_into, str):
        raise InputError(f"{where}: {entry['name']} has a merged_into that is not a Java class name")
    return IndexEntry(
        version=entry["version"],
        module=entry["module"],
        file=entry["file"],
        name=entry["name"],
        java_class=entry["java_class"],
        kind=entry["kind"],
        merged_into=merged_into,
    )


def _app(source: dict[str, Any], where: str) -> AppMetadata:
    version_code = source.get("versionCode")
    if version_code is not None and (type(version_code) is not int):
        raise InputError(f"{where}: input.versionCode {str(version_code)[:40]!r} is not a whole number")
    # Outputs written before test builds were recorded say nothing: not a test build.
    test_only = source.get("testOnly", False)
    if type(test_only) is not bool:
        raise InputError(f"{where}: input.testOnly {str(test_only)[:40]!r} is not true or false")
    return AppMetadata(
        source_name=str(source.get("file") or ""),
        sha256=str(source.get("sha256") or ""),
        package=_optional_text(source.get("package")),
        version_name=_optional_text(source.get("versionName")),
        version_code=version_code,
        test_only=test_only,
    )


def _declared_modules(document: Any, where: str) -> tuple[DeclaredModule, ...]:
    """Per version, the module classes the app declares; outputs written before they were recorded have none."""
    if document is None:
        return ()
    garbled = InputError(f"{where}: declared_modules is not as saic-asn1 writes it")
    if not isinstance(document, dict) or not all(isinstance(modules, list) for modules in document.values()):
        raise garbled
    declared = []
    for version, modules in sorted(document.items()):
        for module in modules:
            if not isinstance(module, dict) or not (
                isinstance(module.get("name"), str)
                and isinstance(module.get("java_class"), str)
                and isinstance(module.get("isImplicitTags"), bool)
            ):
                raise garbled
            declared.append(DeclaredModule(version, module["name"], module["java_class"], module["isImplicitTags"]))
    return tuple(declared)


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _definition_blocks(module_text: str) -> Iterator[tuple[str, str]]:
    """Name → its assignment as the module writes it (the comment naming the Java class above it included).

    The renderer separates assignments by a blank line and puts nothing else between them."""
    for block in module_text.split("\n\n"):
        match = DEFINITION_START.search(block)
        if match:
            yield match.group(1), block.strip("\n").removesuffix("\nEND").rstrip()
