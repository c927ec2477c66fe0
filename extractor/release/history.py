"""`saic-asn1 history`: in which releases a type or component appeared, changed and disappeared.

Read from the release index: each release's changes against its predecessor. What the first release
holds is not a change, so presence there (and, for a component, in a release that added its type) is
read from the stored schemas of that release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import ChoiceType, SequenceOfType, SequenceType, Type
from ..schema.stored import OutputIndex, StoredModule, load_files, read_index
from .index import ReleaseEntry, ReleaseIndex

APPEARED = "appeared"
CHANGED = "changed"
DISAPPEARED = "disappeared"
PATH_PARTS = re.compile(r"\[\]|[^.\[\]]+")


@dataclass(frozen=True)
class Event:
    release: ReleaseEntry
    # Protocol version and module file the event is in.
    version: str
    module: str
    what: str
    # The recorded change (a `diff` JSON change), or None for presence in the first release.
    change: dict[str, Any] | None


@dataclass(frozen=True)
class Subject:
    type_name: str
    # Component path inside the type ("" for the type itself), as `diff` writes it: `a.b`, `list[]`.
    path: str = ""

    def __str__(self) -> str:
        return f"{self.type_name}.{self.path}" if self.path else self.type_name


def subject_history(index: ReleaseIndex, package_folder: Path, subject: Subject) -> list[Event]:
    """Every event of the type or component, oldest release first."""
    events = []
    schemas = _StoredSchemas(package_folder)
    for position, release in enumerate(index.releases):
        if position == 0:
            for version, module in schemas.modules_with(release.folder, subject.type_name):
                if not subject.path or schemas.has_path(release.folder, version, module, subject):
                    events.append(Event(release, version, module, APPEARED, None))
            continue
        previous = index.releases[position - 1]
        for change in release.changes:
            what = _event(change, subject, release, previous, schemas)
            if what is not None:
                events.append(Event(release, change["version"], change["module"], what, change))
    return events


def since(events: list[Event]) -> dict[str, Event]:
    """Protocol version → the appearance its newest state goes back to (versions where it is gone: none)."""
    current: dict[str, Event] = {}
    for event in events:
        if event.what == APPEARED:
            current.setdefault(event.version, event)
        elif event.what == DISAPPEARED:
            current.pop(event.version, None)
    return dict(sorted(current.items()))


def _event(
    change: dict[str, Any], subject: Subject, release: ReleaseEntry, previous: ReleaseEntry, schemas: _StoredSchemas
) -> str | None:
    kind, type_name, path = change["kind"], change["type_name"], change["path"]
    renamed_away = kind == "type renamed" and change["old"] == subject.type_name
    if type_name != subject.type_name and not renamed_away:
        return None
    if not subject.path:
        if renamed_away or kind == "type removed":
            return DISAPPEARED
        return APPEARED if kind in ("type added", "type renamed") and not path else CHANGED
    if kind in ("type added", "type removed", "type renamed") and not path:
        # A type renamed to the subject's name brings its components under that name, as an added type does.
        arriving = kind in ("type added", "type renamed") and not renamed_away
        holder = release if arriving else previous
        old_name = change["old"] if renamed_away else subject.type_name
        present = schemas.has_path(holder.folder, change["version"], change["module"], Subject(old_name, subject.path))
        return None if not present else APPEARED if arriving else DISAPPEARED
    if kind == "component renamed" and _sibling(path, change["old"]) == subject.path:
        return DISAPPEARED
    if path == subject.path:
        return {"component added": APPEARED, "component removed": DISAPPEARED, "component renamed": APPEARED}.get(
            kind, CHANGED
        )
    inside = path.startswith((subject.path + ".", subject.path + "[]"))
    return CHANGED if inside else None


def _sibling(path: str, name: str) -> str:
    """The path of a component named `name` beside the one at `path`."""
    parent, dot, _ = path.rpartition(".")
    return f"{parent}.{name}" if dot else name


class _StoredSchemas:
    """Stored release folders, read only as far as a question needs: a folder's index, or one module at a
    time (a release holds every protocol version's modules, and a question is about one of them)."""

    def __init__(self, package_folder: Path) -> None:
        self.package_folder = package_folder
        self.indexes: dict[str, OutputIndex] = {}
        self.modules: dict[tuple[str, str, str], StoredModule] = {}

    def modules_with(self, folder: str, type_name: str) -> list[tuple[str, str]]:
        """(version, module file) of every module of the folder that defines the type."""
        if folder not in self.indexes:
            self.indexes[folder] = read_index(self.package_folder / folder)
        return sorted(
            {(entry.version, entry.file_name) for entry in self.indexes[folder].types() if entry.name == type_name}
        )

    def has_path(self, folder: str, version: str, module: str, subject: Subject) -> bool:
        stored = self._module(folder, version, module)
        assignment = stored.assignment(subject.type_name)
        type_: Type | None = assignment.type if assignment else None
        for part in PATH_PARTS.findall(subject.path):
            if type_ is None:
                return False
            type_ = _inside(stored.resolve(type_), part)
        return type_ is not None

    def _module(self, folder: str, version: str, module: str) -> StoredModule:
        key = (folder, version, module)
        if key not in self.modules:
            relative = f"{version}/{module}"
            path = self.package_folder / folder / relative
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise InputError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
            [self.modules[key]] = load_files(str(self.package_folder / folder), {relative: text}).modules
        return self.modules[key]


def _inside(type_: Type, part: str) -> Type | None:
    """The element (`[]`) or the component named `part` of a resolved type; None when it has none."""
    if part == "[]":
        return type_.element if isinstance(type_, SequenceOfType) else None
    components = (
        type_.components
        if isinstance(type_, SequenceType)
        else type_.alternatives
        if isinstance(type_, ChoiceType)
        else ()
    )
    return next((component.type for component in components if component.name == part), None)
