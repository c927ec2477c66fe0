"""The app's ASN.1 annotation interfaces: their attributes and defaults, their dex classes, and annotation instances."""

from dataclasses import dataclass

from .dex_model import (
    Annotation,
    AnnotationValue,
    ClassDef,
    EnumValue,
    IntValue,
    LongValue,
    MethodDef,
    class_descriptor,
    system_annotation,
)
from .spec import ANNOTATIONS_PACKAGE, CONSTRAINTS_PACKAGE

_RETURN_TYPES = {"string": "Ljava/lang/String;", "boolean": "Z", "int": "I", "long": "J"}


@dataclass(frozen=True)
class Attribute:
    name: str
    kind: str  # "string", "boolean", "int" or "long"
    default: str | bool | int | None = None  # None: no default, always written


@dataclass(frozen=True)
class AnnotationInterface:
    simple_name: str
    package: str
    targets: tuple[str, ...]  # java.lang.annotation.ElementType constants
    attributes: tuple[Attribute, ...] = ()

    @property
    def descriptor(self) -> str:
        return class_descriptor(f"{self.package}.{self.simple_name}")


def _named(default: str | None = "") -> Attribute:
    return Attribute("name", "string", default)


_TYPE, _FIELD = ("TYPE",), ("FIELD",)
INTERFACES: dict[str, AnnotationInterface] = {
    interface.simple_name: interface
    for interface in (
        AnnotationInterface(
            "ASN1Sequence", ANNOTATIONS_PACKAGE, _TYPE, (_named(None), Attribute("isSet", "boolean", False))
        ),
        AnnotationInterface("ASN1Choice", ANNOTATIONS_PACKAGE, _TYPE, (_named(),)),
        AnnotationInterface("ASN1Enum", ANNOTATIONS_PACKAGE, _TYPE, (_named(None),)),
        AnnotationInterface("ASN1BoxedType", ANNOTATIONS_PACKAGE, _TYPE, (_named(),)),
        AnnotationInterface("ASN1Null", ANNOTATIONS_PACKAGE, ("TYPE", "FIELD"), (_named(),)),
        AnnotationInterface("ASN1PreparedElement", ANNOTATIONS_PACKAGE, _TYPE),
        AnnotationInterface(
            "ASN1Module", ANNOTATIONS_PACKAGE, _TYPE, (_named(None), Attribute("isImplicitTags", "boolean", True))
        ),
        AnnotationInterface(
            "ASN1Element",
            ANNOTATIONS_PACKAGE,
            _FIELD,
            (
                _named(),
                Attribute("isOptional", "boolean", True),
                Attribute("hasTag", "boolean", False),
                Attribute("isImplicitTag", "boolean", True),
                Attribute("tagClass", "int", 0x80),
                Attribute("tag", "int", 0),
                Attribute("hasDefaultValue", "boolean", False),
            ),
        ),
        AnnotationInterface("ASN1Integer", ANNOTATIONS_PACKAGE, _FIELD, (_named(),)),
        AnnotationInterface("ASN1Boolean", ANNOTATIONS_PACKAGE, _FIELD, (_named(),)),
        AnnotationInterface("ASN1Real", ANNOTATIONS_PACKAGE, _FIELD, (_named(),)),
        AnnotationInterface("ASN1OctetString", ANNOTATIONS_PACKAGE, _FIELD, (_named(),)),
        AnnotationInterface("ASN1BitString", ANNOTATIONS_PACKAGE, _FIELD, (_named(),)),
        AnnotationInterface("ASN1ObjectIdentifier", ANNOTATIONS_PACKAGE, _FIELD, (_named(),)),
        AnnotationInterface("ASN1Any", ANNOTATIONS_PACKAGE, _FIELD, (_named(),)),
        AnnotationInterface(
            "ASN1String",
            ANNOTATIONS_PACKAGE,
            _FIELD,
            (_named(), Attribute("isUCS", "boolean", False), Attribute("stringType", "int", 29)),
        ),
        AnnotationInterface(
            "ASN1SequenceOf", ANNOTATIONS_PACKAGE, _FIELD, (_named(), Attribute("isSetOf", "boolean", False))
        ),
        AnnotationInterface(
            "ASN1EnumItem",
            ANNOTATIONS_PACKAGE,
            _FIELD,
            (_named(), Attribute("hasTag", "boolean", False), Attribute("tag", "int", 0)),
        ),
        AnnotationInterface(
            "ASN1ValueRangeConstraint",
            CONSTRAINTS_PACKAGE,
            _FIELD,
            (Attribute("min", "long"), Attribute("max", "long")),
        ),
        AnnotationInterface("ASN1SizeConstraint", CONSTRAINTS_PACKAGE, _FIELD, (Attribute("max", "long"),)),
    )
}


def _literal(attribute: Attribute, value: str | bool | int) -> AnnotationValue:
    """`value` as the dex stores an attribute of its kind; a value of another kind is the caller's mistake."""
    if attribute.kind in ("int", "long") and isinstance(value, int) and not isinstance(value, bool):
        return IntValue(value) if attribute.kind == "int" else LongValue(value)
    if attribute.kind == "boolean" and isinstance(value, bool):
        return value
    if attribute.kind == "string" and isinstance(value, str):
        return value
    raise ValueError(f"{attribute.name} is a {attribute.kind}, not {value!r}")


def asn1_annotation(simple_name: str, explicit_defaults: bool, **values: str | bool | int) -> Annotation:
    """A runtime annotation of one of the app's interfaces; attributes equal to their default are left out
    unless explicit_defaults."""
    interface = INTERFACES[simple_name]
    known = {attribute.name for attribute in interface.attributes}
    if set(values) - known:
        raise ValueError(f"{simple_name} has no attributes {sorted(set(values) - known)}")
    elements = []
    for attribute in interface.attributes:
        value = values.get(attribute.name, attribute.default)
        if value is None:
            raise ValueError(f"{simple_name}.{attribute.name} has no default and must be given")
        if explicit_defaults or attribute.default is None or value != attribute.default:
            elements.append((attribute.name, _literal(attribute, value)))
    return Annotation(interface.descriptor, "runtime", tuple(elements))


def interface_classes() -> list[ClassDef]:
    return [_interface_class(interface) for interface in INTERFACES.values()]


def _interface_class(interface: AnnotationInterface) -> ClassDef:
    defaults = tuple(
        (attribute.name, _literal(attribute, attribute.default))
        for attribute in interface.attributes
        if attribute.default is not None
    )
    annotations = [
        Annotation(
            "Ljava/lang/annotation/Retention;",
            "runtime",
            (("value", EnumValue("Ljava/lang/annotation/RetentionPolicy;", "RUNTIME")),),
        ),
        Annotation(
            "Ljava/lang/annotation/Target;",
            "runtime",
            (
                (
                    "value",
                    tuple(EnumValue("Ljava/lang/annotation/ElementType;", target) for target in interface.targets),
                ),
            ),
        ),
    ]
    if defaults:
        annotations.append(
            system_annotation("AnnotationDefault", value=Annotation(interface.descriptor, "runtime", defaults))
        )
    return ClassDef(
        access="public interface abstract annotation",
        descriptor=interface.descriptor,
        interfaces=("Ljava/lang/annotation/Annotation;",),
        source=f"{interface.simple_name}.java",
        annotations=tuple(annotations),
        methods=tuple(
            MethodDef("public abstract", attribute.name, f"(){_RETURN_TYPES[attribute.kind]}", code=None)
            for attribute in interface.attributes
        ),
    )
