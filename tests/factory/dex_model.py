"""Plain description of the classes to assemble: what smali_writer renders and assemble puts into dex files."""

from dataclasses import dataclass


@dataclass(frozen=True)
class IntValue:
    value: int


@dataclass(frozen=True)
class LongValue:
    value: int


@dataclass(frozen=True)
class TypeValue:
    descriptor: str


@dataclass(frozen=True)
class EnumValue:
    enum_descriptor: str
    constant: str


@dataclass(frozen=True)
class Annotation:
    descriptor: str
    visibility: str  # "runtime", "build" or "system"; ignored when the annotation is another annotation's value
    elements: tuple[tuple[str, "AnnotationValue"], ...] = ()


AnnotationValue = str | bool | IntValue | LongValue | TypeValue | EnumValue | Annotation | tuple


@dataclass(frozen=True)
class FieldDef:
    access: str  # smali access words, e.g. "private" or "public static final enum"
    name: str
    descriptor: str
    annotations: tuple[Annotation, ...] = ()


@dataclass(frozen=True)
class MethodDef:
    access: str
    name: str
    signature: str  # "(params)return", e.g. "(Ljava/lang/String;)V"
    locals: int = 0
    code: tuple[str, ...] | None = ()  # smali instructions; None for an abstract method
    annotations: tuple[Annotation, ...] = ()


@dataclass(frozen=True)
class ClassDef:
    access: str
    descriptor: str
    superclass: str = "Ljava/lang/Object;"
    interfaces: tuple[str, ...] = ()
    source: str | None = None
    annotations: tuple[Annotation, ...] = ()
    fields: tuple[FieldDef, ...] = ()
    methods: tuple[MethodDef, ...] = ()


def class_descriptor(java_class: str) -> str:
    return "L" + java_class.replace(".", "/") + ";"


def member_descriptor(outer_descriptor: str, simple_name: str) -> str:
    return f"{outer_descriptor[:-1]}${simple_name};"


def simple_name(descriptor: str) -> str:
    return descriptor[1:-1].rsplit("/", 1)[-1].rsplit("$", 1)[-1]


def source_file(descriptor: str) -> str:
    return descriptor[1:-1].rsplit("/", 1)[-1].split("$", 1)[0] + ".java"


def system_annotation(kind: str, **elements: "AnnotationValue") -> Annotation:
    return Annotation(f"Ldalvik/annotation/{kind};", "system", tuple(elements.items()))


def generic_signature(generic_class: str, argument_descriptor: str) -> Annotation:
    """The Signature annotation of `generic_class<argument>`, split into fragments the way d8 writes it."""
    return system_annotation("Signature", value=(f"L{generic_class}<", argument_descriptor, ">;"))
