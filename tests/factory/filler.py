"""Deterministic non-ASN.1 classes (libraries, app UI) so that the dex files look like a real app's."""

from .dex_model import (
    Annotation,
    ClassDef,
    FieldDef,
    MethodDef,
    generic_signature,
)
from .foreign_annotations import KEEP, kotlin_metadata, serialized_name
from .smali_writer import smali_string

_PACKAGES = (
    "androidx/core/content",
    "androidx/lifecycle",
    "androidx/recyclerview/widget",
    "com/google/gson/internal/bind",
    "com/google/android/material/card",
    "com/google/firebase/messaging",
    "okhttp3/internal/connection",
    "okio",
    "kotlinx/coroutines/flow",
    "retrofit2/adapter",
    "com/saicmotor/ismart/ui/vehicle",
    "com/saicmotor/ismart/data/remote",
)
_NOUNS = ("Vehicle", "Request", "Session", "Buffer", "Token", "Layout", "Channel", "Record", "Route", "Config", "Cache")
_ROLES = ("Adapter", "Factory", "Helper", "Manager", "Holder", "Listener", "Observer", "Repository", "Codec")
_FIELD_NAMES = ("id", "title", "count", "timestamp", "enabled", "items", "extras", "payload", "state", "label")
_FIELD_TYPES = (
    "Ljava/lang/String;",
    "I",
    "J",
    "Z",
    "Ljava/util/List;",
    "Landroid/os/Bundle;",
    "Ljava/lang/Integer;",
    "[B",
)
_LOREM = [
    "vehicle",
    "status",
    "charging",
    "window",
    "remote",
    "control",
    "alarm",
    "message",
    "login",
    "token",
    "refresh",
    "region",
    "battery",
    "climate",
    "door",
    "lock",
    "position",
    "speed",
    "heading",
    "satellites",
    "mileage",
]


def filler_classes(count: int) -> list[ClassDef]:
    return [_filler_class(index) for index in range(count)]


def _descriptor(index: int) -> str:
    noun = _NOUNS[index % len(_NOUNS)]
    role = _ROLES[(index // len(_NOUNS)) % len(_ROLES)]
    return f"L{_PACKAGES[index % len(_PACKAGES)]}/{noun}{role}{index};"


def _filler_class(index: int) -> ClassDef:
    descriptor = _descriptor(index)
    # Every class with index % 7 == 3 extends the one seven before it, so those are never final.
    in_inheritance_chain = index % 7 == 3
    superclass = _descriptor(index - 7) if in_inheritance_chain and index >= 7 else "Ljava/lang/Object;"
    fields = [_instance_field(index, position) for position in range(2 + index % 4)]
    constants = {"TAG": descriptor[1:-1].rsplit("/", 1)[-1]}
    if index % 10 == 0:
        constants["SCHEMA"] = _large_text(index)
    static_fields = [FieldDef("private static final", name, "Ljava/lang/String;") for name in constants]
    methods = [
        _static_initializer(descriptor, constants),
        MethodDef(
            "public constructor", "<init>", "()V", 0, (f"invoke-direct {{p0}}, {superclass}-><init>()V", "return-void")
        ),
    ]
    for field in fields:
        methods += _accessors(descriptor, field)
    methods.append(_to_string(descriptor, fields[0]))
    return ClassDef(
        access="public final" if index % 2 and not in_inheritance_chain else "public",
        descriptor=descriptor,
        superclass=superclass,
        interfaces=("Ljava/io/Serializable;",) if index % 6 == 0 else (),
        source=f"{descriptor[1:-1].rsplit('/', 1)[-1]}.kt" if index % 3 == 0 else None,
        annotations=tuple(_class_annotations(index, fields)),
        fields=(*static_fields, *fields),
        methods=tuple(methods),
    )


def _instance_field(index: int, position: int) -> FieldDef:
    name = f"{_FIELD_NAMES[(index + position) % len(_FIELD_NAMES)]}{position}"
    descriptor = _FIELD_TYPES[(index * 3 + position) % len(_FIELD_TYPES)]
    annotations = []
    if index % 2 == 0:
        annotations.append(serialized_name(name.lower() + "_json"))
    if descriptor == "Ljava/util/List;":
        annotations.append(generic_signature("java/util/List", "Ljava/lang/String;"))
    return FieldDef("private", name, descriptor, tuple(annotations))


def _class_annotations(index: int, fields: list[FieldDef]) -> list[Annotation]:
    annotations = []
    if index % 3 == 0:
        annotations.append(kotlin_metadata(index, tuple(field.name for field in fields)))
    if index % 4 == 1:
        annotations.append(KEEP)
    if index % 5 == 2:
        annotations.append(Annotation("Ljavax/inject/Singleton;", "runtime"))
    return annotations


def _large_text(index: int) -> str:
    words = [_LOREM[(index * 7 + position * 5) % len(_LOREM)] for position in range(300)]
    return "{" + ", ".join(f'"{word}{position}": {position * index}' for position, word in enumerate(words)) + "}"


def _static_initializer(owner: str, constants: dict[str, str]) -> MethodDef:
    code = []
    for name, text in constants.items():
        code += [f"const-string v0, {smali_string(text)}", f"sput-object v0, {owner}->{name}:Ljava/lang/String;"]
    return MethodDef("static constructor", "<clinit>", "()V", 1, (*code, "return-void"))


def _accessors(owner: str, field: FieldDef) -> list[MethodDef]:
    reference = f"{owner}->{field.name}:{field.descriptor}"
    stem = field.name[0].upper() + field.name[1:]
    suffix = {"J": "-wide", "I": "", "Z": "-boolean"}.get(field.descriptor, "-object")
    value_return = {"J": "return-wide", "I": "return", "Z": "return"}.get(field.descriptor, "return-object")
    return [
        MethodDef(
            "public final",
            f"get{stem}",
            f"(){field.descriptor}",
            2,
            (f"iget{suffix} v0, p0, {reference}", f"{value_return} v0"),
        ),
        MethodDef(
            "public final",
            f"set{stem}",
            f"({field.descriptor})V",
            0,
            (f"iput{suffix} p1, p0, {reference}", "return-void"),
        ),
    ]


def _to_string(owner: str, field: FieldDef) -> MethodDef:
    name = owner[1:-1].rsplit("/", 1)[-1]
    return MethodDef(
        "public",
        "toString",
        "()Ljava/lang/String;",
        2,
        (
            "new-instance v0, Ljava/lang/StringBuilder;",
            f"const-string v1, {smali_string(f'{name}({field.name}=')}",
            "invoke-direct {v0, v1}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V",
            'const-string v1, ")"',
            "invoke-virtual {v0, v1}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;",
            "invoke-virtual {v0}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;",
            "move-result-object v0",
            "return-object v0",
        ),
    )
