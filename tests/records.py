"""Builders of `ClassRecord`s for interpreter and module tests, shaped like the dex reader's output, and a reader of
the SEQUENCE types they interpret to."""

from __future__ import annotations

from collections.abc import Mapping

from extractor.model import Component, SequenceType, Type
from extractor.read.classes import (
    ACC_ENUM,
    ACC_STATIC,
    Annotation,
    AnnotationValue,
    ClassRecord,
    FieldRecord,
    TypeValue,
)

ANNOTATIONS = "Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations/"
CONSTRAINTS = ANNOTATIONS + "constraints/"
ENTITY = "com.saicmotor.telematics.tsgp.otaadapter.mp.{version}.entity.{area}.{name}"


def annotation(simple_name: str, **elements) -> Annotation:
    package = CONSTRAINTS if simple_name.endswith("Constraint") else ANNOTATIONS
    return Annotation(package + simple_name + ";", tuple(sorted(elements.items())))


def descriptor(java_class: str) -> str:
    return "L" + java_class.replace(".", "/") + ";"


def entity(name: str, version: str = "v1_1", area: str = "misc") -> str:
    return ENTITY.format(version=version, area=area, name=name)


def component(
    java_name: str,
    asn1_name: str,
    field_descriptor: str,
    *annotations: Annotation,
    tag: int | None = None,
    optional: bool = False,
    has_default: bool = False,
) -> FieldRecord:
    element = {"name": asn1_name, "isOptional": optional}
    if tag is not None:
        element.update(hasTag=True, tag=tag)
    if has_default:
        element["hasDefaultValue"] = True
    return FieldRecord(java_name, field_descriptor, 1, (annotation("ASN1Element", **element), *annotations))


def signature(element_descriptor: str) -> Annotation:
    return Annotation(
        "Ldalvik/annotation/Signature;", (("value", ("Ljava/util/Collection<", element_descriptor, ">;")),), 2
    )


def sequence_components(type_: Type) -> tuple[Component, ...]:
    assert isinstance(type_, SequenceType), type_
    return type_.components


def member_of(outer_java_class: str) -> Annotation:
    return Annotation("Ldalvik/annotation/EnclosingClass;", (("value", TypeValue(descriptor(outer_java_class))),), 2)


def class_record(
    java_class: str,
    kind: Annotation,
    fields=(),
    init_order=(),
    defaults=(),
    extra=(),
    access_flags: int = 1,
    static_order=(),
) -> ClassRecord:
    return ClassRecord(
        descriptor=descriptor(java_class),
        superclass="Ljava/lang/Object;",
        access_flags=access_flags,
        annotations=(kind, *extra),
        fields=tuple(sorted(fields, key=lambda field: field.name)),
        init_store_order=tuple(init_order),
        static_init_order=tuple(static_order),
        default_stores=tuple(defaults),
        source="test.dex",
    )


def enum_records(
    java_class: str, items: Mapping[str, AnnotationValue], asn1_name: str | None = None, tagged: bool = True
) -> list[ClassRecord]:
    """The wrapper class and its `$EnumType` member, as BinaryNotes generates them; `items` maps names to tags."""
    constants_class = java_class + "$EnumType"
    constants = [
        FieldRecord(
            name.upper(),
            descriptor(constants_class),
            ACC_STATIC | ACC_ENUM | 1,
            (annotation("ASN1EnumItem", name=name, **({"hasTag": True, "tag": number} if tagged else {})),),
        )
        for name, number in items.items()
    ]
    wrapper = class_record(
        java_class,
        annotation("ASN1Enum", name=asn1_name or java_class.rsplit(".", 1)[-1]),
        fields=[
            FieldRecord("value", descriptor(constants_class), 1, ()),
            FieldRecord("integerForm", "Ljava/lang/Integer;", 1, ()),
        ],
    )
    enum_class = ClassRecord(
        descriptor=descriptor(constants_class),
        superclass="Ljava/lang/Enum;",
        access_flags=ACC_ENUM | 1,
        annotations=(member_of(java_class),),
        fields=tuple(sorted(constants, key=lambda field: field.name)),
        init_store_order=(),
        static_init_order=tuple(name.upper() for name in items),
        default_stores=(),
        source="test.dex",
    )
    return [wrapper, enum_class]
