"""Annotated classes: what the dex reader hands to the interpreter, free of androguard objects.

Descriptors keep the DEX form (`Lcom/x/Y;`, `[B`); `java_name` turns them into dotted names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TypeAlias

ACC_STATIC = 0x0008
ACC_ENUM = 0x4000
ACC_INTERFACE = 0x0200
ACC_ANNOTATION = 0x2000


@dataclass(frozen=True)
class TypeValue:
    """A `type` encoded value, e.g. the element class in an `EnclosingClass` annotation."""

    descriptor: str


@dataclass(frozen=True)
class EnumValue:
    """An `enum` encoded value or a static enum constant read by code: `class_descriptor->name`."""

    class_descriptor: str
    name: str


@dataclass(frozen=True)
class Annotation:
    descriptor: str
    elements: tuple[tuple[str, AnnotationValue], ...]
    visibility: int = 1

    def get(self, name: str, default: AnnotationValue = None) -> AnnotationValue:
        for element_name, value in self.elements:
            if element_name == name:
                return value
        return default

    def has(self, name: str) -> bool:
        return any(element_name == name for element_name, _ in self.elements)

    # Cached: the interpreter asks for it on every annotation of every field, of thousands of classes.
    @cached_property
    def simple_name(self) -> str:
        return java_name(self.descriptor).rsplit(".", 1)[-1]


AnnotationValue: TypeAlias = None | bool | int | float | str | TypeValue | EnumValue | Annotation | tuple


@dataclass(frozen=True)
class NonLiteral:
    """A value stored by `initWithDefaults()` that is not a plain constant."""

    reason: str


StoredValue: TypeAlias = int | bool | str | EnumValue | NonLiteral


@dataclass(frozen=True)
class FieldRecord:
    name: str
    descriptor: str
    access_flags: int
    annotations: tuple[Annotation, ...]

    @property
    def is_static(self) -> bool:
        return bool(self.access_flags & ACC_STATIC)


@dataclass(frozen=True)
class ClassRecord:
    descriptor: str
    superclass: str | None
    access_flags: int
    annotations: tuple[Annotation, ...]
    # Fields in DEX order (sorted by name: the Java declaration order is lost).
    fields: tuple[FieldRecord, ...]
    # Own fields written by `<init>`, in the order of the first store to each.
    init_store_order: tuple[str, ...]
    # Own static fields written by `<clinit>`, in order: the declaration order of enum constants.
    static_init_order: tuple[str, ...]
    # Own fields written by `initWithDefaults()`, with the value each receives.
    default_stores: tuple[tuple[str, StoredValue], ...]
    source: str

    @cached_property
    def java_name(self) -> str:
        return java_name(self.descriptor)

    @cached_property
    def instance_fields(self) -> tuple[FieldRecord, ...]:
        return tuple(record for record in self.fields if not record.is_static)


@dataclass(frozen=True)
class DexClasses:
    """The target classes of all dex files, and every package seen (to name near misses)."""

    records: tuple[ClassRecord, ...]
    packages: frozenset[str]


def java_name(descriptor: str) -> str:
    """`Lcom/x/Outer$Inner;` → `com.x.Outer$Inner`; array and primitive descriptors stay as they are."""
    if descriptor.startswith("L") and descriptor.endswith(";"):
        return descriptor[1:-1].replace("/", ".")
    return descriptor


def descriptor_of(java_class: str) -> str:
    return "L" + java_class.replace(".", "/") + ";"
