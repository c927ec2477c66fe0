"""Module step: type definitions → self-contained modules per protocol version, with final names.

Per version: `MP_DispatcherHeader.asn1` holds the closure of the version's `MP_DispatcherHeader`
class, `MP_DispatcherBody.asn1` that of `MP_DispatcherBody`, and `ApplicationData.asn1` every
other type of the version package with its closure (types of other versions included).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..model import (
    ChoiceType,
    Component,
    Module,
    ProtocolVersion,
    SequenceOfType,
    SequenceType,
    Type,
    TypeAssignment,
    TypeDefinition,
    TypeReference,
)
from .names import distinct_names, type_reference

HEADER = ("MPDispatcherHeader", "MPDispatcherHeaderModule", "MP_DispatcherHeader.asn1")
BODY = ("MPDispatcherBody", "MPDispatcherBodyModule", "MP_DispatcherBody.asn1")
APPLICATION_DATA = ("ApplicationDataModule", "ApplicationData.asn1")


def build_versions(definitions: dict[str, TypeDefinition]) -> tuple[ProtocolVersion, ...]:
    versions = sorted({definition.version for definition in definitions.values()})
    return tuple(_build_version(version, definitions) for version in versions)


def _build_version(version: str, definitions: dict[str, TypeDefinition]) -> ProtocolVersion:
    own = sorted(
        (definition for definition in definitions.values() if definition.version == version),
        key=lambda definition: definition.java_class,
    )
    modules = []
    dispatcher_classes: set[str] = set()
    for root_name, module_name, file_name in (HEADER, BODY):
        roots = [item.java_class for item in own if type_reference(item.annotation_name, item.java_class) == root_name]
        if roots:
            closure = _closure(roots, definitions)
            dispatcher_classes.update(closure)
            modules.append(_module(module_name, file_name, roots, closure, definitions))
    application_roots = [item.java_class for item in own if item.java_class not in dispatcher_classes]
    if application_roots:
        closure = _closure(application_roots, definitions)
        modules.append(_module(*APPLICATION_DATA, [], closure, definitions))
    return ProtocolVersion(version, tuple(modules))


def drop_dangling(definitions: dict[str, TypeDefinition]) -> tuple[dict[str, TypeDefinition], list[str]]:
    """Without the types that use a class with no definition (one skipped by --keep-going), transitively."""
    kept = dict(definitions)
    warnings = []
    changed = True
    while changed:
        changed = False
        for java_class, definition in sorted(kept.items()):
            missing = next((used for used in references(definition.type) if used not in kept), None)
            if missing is not None:
                del kept[java_class]
                warnings.append(f"skipped {java_class}: it uses {missing}, which was skipped")
                changed = True
    return kept, warnings


def _closure(roots: list[str], definitions: dict[str, TypeDefinition]) -> list[str]:
    """The roots and every class they reference, directly or not, in first-seen order."""
    seen: list[str] = []
    pending = list(roots)
    while pending:
        java_class = pending.pop(0)
        if java_class in seen:
            continue
        seen.append(java_class)
        pending.extend(references(definitions[java_class].type))
    return seen


def references(type_: Type) -> Iterator[str]:
    """The Java classes a type refers to by name, in order of appearance."""
    if isinstance(type_, TypeReference):
        yield type_.java_class
    elif isinstance(type_, SequenceOfType):
        yield from references(type_.element)
    elif isinstance(type_, SequenceType):
        for component in type_.components:
            yield from references(component.type)
    elif isinstance(type_, ChoiceType):
        for component in type_.alternatives:
            yield from references(component.type)


def _module(
    module_name: str, file_name: str, roots: list[str], closure: list[str], definitions: dict[str, TypeDefinition]
) -> Module:
    aliases = _merge_identical(closure, definitions)
    kept = [java_class for java_class in closure if java_class not in aliases]
    names = _unique_names(kept, definitions, aliases)
    assignments = [
        TypeAssignment(
            name=names[java_class],
            java_class=java_class,
            kind=definitions[java_class].kind,
            type=substitute(definitions[java_class].type, aliases),
            note=definitions[java_class].note,
        )
        for java_class in kept
    ]
    assignments.sort(key=lambda assignment: (assignment.java_class not in roots, assignment.name))
    merged = tuple(sorted(aliases.items()))
    return Module(module_name, file_name, tuple(assignments), merged)


def _merge_identical(closure: list[str], definitions: dict[str, TypeDefinition]) -> dict[str, str]:
    """Alias → kept class for structurally identical classes of one name, repeated until stable.

    Repeating lets two `Message` classes merge once the `ContentId` classes they use have merged.
    """
    aliases: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        groups: dict[tuple[str, str, Type], list[str]] = {}
        for java_class in closure:
            if java_class in aliases:
                continue
            definition = definitions[java_class]
            base = type_reference(definition.annotation_name, java_class)
            key = (base, definition.kind, substitute(definition.type, aliases))
            groups.setdefault(key, []).append(java_class)
        for members in groups.values():
            if len(members) > 1:
                keeper = min(members, key=_keeper_order)
                for member in members:
                    if member != keeper:
                        aliases[member] = keeper
                        changed = True
    return aliases


def _keeper_order(java_class: str) -> tuple[int, str]:
    return (java_class.count("."), java_class)


def _unique_names(kept: list[str], definitions: dict[str, TypeDefinition], aliases: dict[str, str]) -> dict[str, str]:
    """Final names; of classes sharing a name, the one the module's types use most keeps it.

    Ties go to the class in the shallowest package, then to the smaller Java name.
    """
    uses = {java_class: 0 for java_class in kept}
    for java_class in kept:
        for used in references(substitute(definitions[java_class].type, aliases)):
            if used != java_class:
                uses[used] += 1
    by_base: dict[str, list[str]] = {}
    for java_class in kept:
        by_base.setdefault(type_reference(definitions[java_class].annotation_name, java_class), []).append(java_class)
    names: dict[str, str] = {}
    taken = set(by_base)
    for base in sorted(by_base):
        ranked = sorted(by_base[base], key=lambda java_class: (-uses[java_class], *_keeper_order(java_class)))
        names.update(distinct_names(base, ranked, taken))
    return names


def substitute(type_: Type, aliases: dict[str, str]) -> Type:
    """The type with every reference to an alias redirected to the class it merged into."""
    if not aliases:
        return type_
    if isinstance(type_, TypeReference):
        return replace(type_, java_class=aliases.get(type_.java_class, type_.java_class))
    if isinstance(type_, SequenceOfType):
        return replace(type_, element=substitute(type_.element, aliases))
    if isinstance(type_, SequenceType):
        return replace(type_, components=_substitute_components(type_.components, aliases))
    if isinstance(type_, ChoiceType):
        return replace(type_, alternatives=_substitute_components(type_.alternatives, aliases))
    return type_


def _substitute_components(components: tuple[Component, ...], aliases: dict[str, str]) -> tuple[Component, ...]:
    return tuple(replace(component, type=substitute(component.type, aliases)) for component in components)
