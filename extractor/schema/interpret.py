"""Interpretation step: annotated classes → `TypeDefinition`s, with BinaryNotes semantics.

Rules (see ../shared/docs/app-model.md): a class is a type when it carries a type annotation
(`CLASS_KINDS`); an `ASN1Module` class declares a module, not a type; annotations of other libraries
are ignored; an unknown annotation of the ASN.1 annotation packages is an error on a type or a
component and a warning on any other class. The field annotation decides a component's type, else the
field's class does; member classes are inline types; `ASN1ValueRangeConstraint` is a value range on
INTEGER and a size range elsewhere, `ASN1SizeConstraint` a single value or a fixed size; a constraint
on a type it cannot constrain (SEQUENCE, SET, CHOICE, ENUMERATED, BOOLEAN, NULL, OBJECT IDENTIFIER,
ANY) is left out with a note, as BinaryNotes' coder ignores it; components are ordered by tag, else by
the `<init>` stores, else DEX order with a warning.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..errors import SchemaError
from ..model import (
    SIZED_TYPES,
    AnyType,
    BitStringType,
    BooleanType,
    CharacterStringType,
    ChoiceType,
    Component,
    Constraint,
    DeclaredModule,
    EnumeratedType,
    EnumItem,
    IntegerType,
    Literal,
    NullType,
    ObjectIdentifierType,
    OctetStringType,
    RealType,
    SequenceOfType,
    SequenceType,
    SingleValue,
    Type,
    TypeDefinition,
    TypeReference,
    ValueRange,
)
from ..read.classes import (
    ACC_ENUM,
    Annotation,
    ClassRecord,
    EnumValue,
    FieldRecord,
    NonLiteral,
    StoredValue,
    descriptor_of,
    java_name,
)
from .names import identifier, type_reference

TARGET_PACKAGE = "com.saicmotor.telematics.tsgp.otaadapter.mp."
ANNOTATION_PACKAGES = (
    "Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations/",
    "Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations/constraints/",
)
VERSION_SEGMENT = re.compile(r"[A-Za-z0-9_]{1,64}")
ANNOTATION_DEFAULT = "Ldalvik/annotation/AnnotationDefault;"
ENCLOSING_ANNOTATIONS = ("Ldalvik/annotation/EnclosingClass;", "Ldalvik/annotation/InnerClass;")
SIGNATURE = "Ldalvik/annotation/Signature;"
COLLECTION_SIGNATURE = re.compile(r"Ljava/util/(?:Collection|List|Set|ArrayList|LinkedList)<(\[?L[^<>;]+;|\[B)>;")

# Attribute defaults of the annotation interfaces, used when the app does not ship them.
BUILTIN_DEFAULTS: dict[str, dict[str, object]] = {
    "ASN1Sequence": {"isSet": False},
    "ASN1Choice": {"name": ""},
    "ASN1Enum": {},
    "ASN1BoxedType": {"name": ""},
    "ASN1Null": {"name": ""},
    "ASN1PreparedElement": {},
    "ASN1Module": {"isImplicitTags": True},
    "ASN1Element": {
        "name": "",
        "isOptional": True,
        "hasTag": False,
        "isImplicitTag": True,
        "tagClass": 0x80,
        "tag": 0,
        "hasDefaultValue": False,
    },
    "ASN1Integer": {"name": ""},
    "ASN1Boolean": {"name": ""},
    "ASN1Real": {"name": ""},
    "ASN1OctetString": {"name": ""},
    "ASN1BitString": {"name": ""},
    "ASN1ObjectIdentifier": {"name": ""},
    "ASN1Any": {"name": ""},
    "ASN1String": {"name": "", "isUCS": False, "stringType": 29},
    "ASN1SequenceOf": {"name": "", "isSetOf": False},
    "ASN1ValueRangeConstraint": {},
    "ASN1SizeConstraint": {},
    "ASN1EnumItem": {"name": "", "hasTag": False, "tag": 0},
}
CLASS_KINDS = ("ASN1Sequence", "ASN1Choice", "ASN1Enum", "ASN1BoxedType", "ASN1Null")
MODULE_ANNOTATION = "ASN1Module"
# BinaryNotes writes the module name as a Java identifier; anything else is not listed.
MODULE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,127}")
CONSTRAINTS = ("ASN1ValueRangeConstraint", "ASN1SizeConstraint")
STRING_TYPES = {
    12: "UTF8String",
    18: "NumericString",
    19: "PrintableString",
    20: "TeletexString",
    21: "VideotexString",
    22: "IA5String",
    25: "GraphicString",
    26: "VisibleString",
    27: "GeneralString",
    28: "UniversalString",
    30: "BMPString",
}
UNSPECIFIED_STRING_TYPE = 29
SIMPLE_TYPES: dict[str, Type] = {
    "ASN1Boolean": BooleanType(),
    "ASN1Real": RealType(),
    "ASN1Null": NullType(),
    "ASN1ObjectIdentifier": ObjectIdentifierType(),
    "ASN1Any": AnyType(),
}
# Types no single value or size constraint applies to (X.680 has no such value of them to name).
UNCONSTRAINABLE: dict[type, str] = {
    ChoiceType: "CHOICE",
    EnumeratedType: "ENUMERATED",
    BooleanType: "BOOLEAN",
    NullType: "NULL",
    ObjectIdentifierType: "OBJECT IDENTIFIER",
    AnyType: "ANY",
}
# asn1tools cannot parse a doubled quote, so a default string with `"` is left to the OPTIONAL fallback.
PRINTABLE_DEFAULT = re.compile(r"[ !#-~]*")


@dataclass(frozen=True)
class Interpretation:
    definitions: dict[str, TypeDefinition]
    warnings: tuple[str, ...]
    declared_modules: tuple[DeclaredModule, ...] = ()


@dataclass(frozen=True)
class VersionCensus:
    """What one version package holds, class by class, without interpreting any type."""

    classes: int = 0
    types: int = 0
    # Classes that are neither types, nor member classes of types, nor module classes.
    plain_classes: int = 0
    modules: tuple[DeclaredModule, ...] = ()


def interpret(records: list[ClassRecord], keep_going: bool = False) -> Interpretation:
    """Every named ASN.1 type of every version package, keyed by Java class.

    With `keep_going`, a class that cannot be interpreted is skipped with a warning instead of
    stopping the extraction (types that use it are dropped later, see `modules.drop_dangling`).
    """
    interpreter = _Interpreter(records)
    definitions = {}
    modules = []
    for record in sorted(interpreter.classes.values(), key=lambda item: item.descriptor):
        if not interpreter.is_top_level_target(record):
            continue
        module = interpreter.declared_module(record)
        if module is not None:
            modules.append(module)
        try:
            if interpreter.is_named_type(record):
                definition = interpreter.definition(record)
                definitions[definition.java_class] = definition
            else:
                interpreter.warn_unknown_class_annotations(record)
        except SchemaError as error:
            if not keep_going:
                raise
            interpreter.warnings.append(f"skipped {record.java_name}: {error.message}")
    return Interpretation(_without_meaningless_constraints(definitions), tuple(interpreter.warnings), tuple(modules))


def version_of(java_class: str) -> str | None:
    """`com.saicmotor...mp.v1_1.entity.X` → `v1_1`; None outside the version packages."""
    if not java_class.startswith(TARGET_PACKAGE):
        return None
    return java_class[len(TARGET_PACKAGE) :].split(".", 1)[0]


class _Interpreter:
    def __init__(self, records: list[ClassRecord]) -> None:
        self.classes = {record.descriptor: record for record in records}
        self.warnings: list[str] = []
        self.defaults = self._annotation_defaults(records)
        self.types: dict[str, Type] = {}
        self.in_progress: set[str] = set()
        # The dex reader hands out one object per distinct annotation (set), so results are kept by
        # object identity, next to the object itself so that the identity stays valid.
        self.own_by_set: dict[int, tuple[tuple[Annotation, ...], tuple[dict[str, Annotation], tuple[str, ...]]]] = {}
        self.attributes_by_annotation: dict[int, tuple[Annotation, dict[str, object]]] = {}
        self.kinds: dict[str, Annotation | None] = {}
        # Notes on constraints left out of primitive and inline types: by field (`Class.field`) and,
        # for boxed classes, by class descriptor.
        self.dropped_by_field: dict[str, str] = {}
        self.dropped_by_class: dict[str, str] = {}

    def _annotation_defaults(self, records: list[ClassRecord]) -> dict[str, dict[str, object]]:
        defaults = {name: dict(values) for name, values in BUILTIN_DEFAULTS.items()}
        interfaces = [record for record in records if record.descriptor.startswith(ANNOTATION_PACKAGES)]
        for interface in interfaces:
            simple = java_name(interface.descriptor).rsplit(".", 1)[-1]
            for annotation in interface.annotations:
                declared = annotation.get("value") if annotation.descriptor == ANNOTATION_DEFAULT else None
                if simple in defaults and isinstance(declared, Annotation):
                    defaults[simple].update(declared.elements)
        if not interfaces and any(version_of(java_name(descriptor)) for descriptor in self.classes):
            self.warnings.append("annotation interfaces are not in the input: using the BinaryNotes attribute defaults")
        return defaults

    def is_top_level_target(self, record: ClassRecord) -> bool:
        """A class of a version package that is not a member class (member classes are inline types)."""
        return version_of(record.java_name) is not None and not _is_member(record)

    def is_named_type(self, record: ClassRecord) -> bool:
        return self.is_top_level_target(record) and self._class_kind(record) is not None

    def declared_module(self, record: ClassRecord) -> DeclaredModule | None:
        """The module an `ASN1Module` class declares; a nameless or odd one is a warning, not listed."""
        annotation = self._split_own(record.annotations)[0].get(MODULE_ANNOTATION)
        if annotation is None:
            return None
        attributes = self._attributes(annotation)
        name = attributes.get("name")
        if not isinstance(name, str) or not MODULE_NAME.fullmatch(name):
            self.warnings.append(f"{record.java_name}: ASN1Module without a valid name; module not listed")
            return None
        return DeclaredModule(
            version=version_of(record.java_name) or "",
            name=name,
            java_class=record.java_name,
            implicit_tags=attributes.get("isImplicitTags") is True,
        )

    def warn_unknown_class_annotations(self, record: ClassRecord) -> None:
        """An unknown ASN.1 annotation on a class that is no type cannot make a type wrong: warn, skip it."""
        for name in self._split_own(record.annotations)[1]:
            self.warnings.append(
                f"{record.java_name}: unknown annotation {name} on a class that is not an ASN.1 type; class skipped"
            )

    def definition(self, record: ClassRecord) -> TypeDefinition:
        version = version_of(record.java_name) or ""
        if not VERSION_SEGMENT.fullmatch(version):
            raise SchemaError(f"{record.java_name}: version package {version!r} is not a plain name")
        kind_annotation = self._required_kind(record)
        attributes = self._attributes(kind_annotation)
        annotation_name = attributes.get("name")
        if not isinstance(annotation_name, str) or not annotation_name:
            raise SchemaError(f"{record.java_name}: {kind_annotation.simple_name} has no name")
        type_reference(annotation_name, record.java_name)
        return TypeDefinition(
            java_class=record.java_name,
            annotation_name=annotation_name,
            kind=self._kind_label(kind_annotation, attributes),
            type=self.class_type(record),
            version=version,
            note=self.dropped_by_class.get(record.descriptor),
        )

    def _kind_label(self, annotation: Annotation, attributes: dict[str, object]) -> str:
        if annotation.simple_name == "ASN1Sequence":
            return "SET" if attributes.get("isSet") else "SEQUENCE"
        return {"ASN1Choice": "CHOICE", "ASN1Enum": "ENUMERATED", "ASN1BoxedType": "BOXED", "ASN1Null": "NULL"}[
            annotation.simple_name
        ]

    # --- annotations -------------------------------------------------------------------------

    def _own_annotations(self, annotations: tuple[Annotation, ...], where: str) -> dict[str, Annotation]:
        """The annotations of the ASN.1 annotation packages by simple name; an unknown one is an error.

        The result is shared between callers: read it, never change it.
        """
        own, unknown = self._split_own(annotations)
        if unknown:
            raise SchemaError(f"{where}: unknown annotation {unknown[0]}")
        return own

    def _split_own(self, annotations: tuple[Annotation, ...]) -> tuple[dict[str, Annotation], tuple[str, ...]]:
        """(known annotations of the ASN.1 annotation packages by simple name, simple names of unknown ones).

        Annotations of other libraries are left out. The result is shared between callers: read only.
        """
        known = self.own_by_set.get(id(annotations))
        if known is not None:
            return known[1]
        own = {}
        unknown = []
        for annotation in annotations:
            if not annotation.descriptor.startswith(ANNOTATION_PACKAGES):
                continue
            if annotation.simple_name in BUILTIN_DEFAULTS:
                own[annotation.simple_name] = annotation
            else:
                unknown.append(annotation.simple_name)
        split = (own, tuple(unknown))
        self.own_by_set[id(annotations)] = (annotations, split)
        return split

    def _attributes(self, annotation: Annotation) -> dict[str, object]:
        """The annotation's attributes over the interface's defaults; shared between callers, read only."""
        known = self.attributes_by_annotation.get(id(annotation))
        if known is not None:
            return known[1]
        values = dict(self.defaults[annotation.simple_name])
        values.update(annotation.elements)
        self.attributes_by_annotation[id(annotation)] = (annotation, values)
        return values

    def _class_kind(self, record: ClassRecord) -> Annotation | None:
        if record.descriptor in self.kinds:
            return self.kinds[record.descriptor]
        own, unknown = self._split_own(record.annotations)
        kinds = [own[name] for name in CLASS_KINDS if name in own]
        if len(kinds) > 1:
            names = ", ".join(kind.simple_name for kind in kinds)
            raise SchemaError(f"{record.java_name}: more than one type annotation ({names})")
        if kinds and unknown:
            raise SchemaError(f"{record.java_name}: unknown annotation {unknown[0]}")
        kind = self.kinds[record.descriptor] = kinds[0] if kinds else None
        return kind

    def _required_kind(self, record: ClassRecord) -> Annotation:
        kind = self._class_kind(record)
        if kind is None:
            raise SchemaError(f"{record.java_name}: used as an ASN.1 type but has no ASN.1 type annotation")
        return kind

    # --- types of classes --------------------------------------------------------------------

    def class_type(self, record: ClassRecord) -> Type:
        if record.descriptor in self.types:
            return self.types[record.descriptor]
        if record.descriptor in self.in_progress:
            raise SchemaError(f"{record.java_name}: inline type contains itself")
        self.in_progress.add(record.descriptor)
        try:
            result = self._build_class_type(record)
        finally:
            self.in_progress.discard(record.descriptor)
        self.types[record.descriptor] = result
        return result

    def _build_class_type(self, record: ClassRecord) -> Type:
        kind = self._required_kind(record)
        attributes = self._attributes(kind)
        if kind.simple_name == "ASN1Sequence":
            is_set = bool(attributes.get("isSet"))
            return SequenceType(self._components(record, choice=False, is_set=is_set), is_set=is_set)
        if kind.simple_name == "ASN1Choice":
            return ChoiceType(self._components(record, choice=True))
        if kind.simple_name == "ASN1Enum":
            return EnumeratedType(self._enum_items(record))
        if kind.simple_name == "ASN1BoxedType":
            boxed = self._boxed_field(record)
            boxed_type = self._field_type(record, boxed)
            note = self.dropped_by_field.get(f"{record.java_name}.{boxed.name}")
            if note is not None:
                self.dropped_by_class[record.descriptor] = note
            return boxed_type
        return NullType()

    def _boxed_field(self, record: ClassRecord) -> FieldRecord:
        fields = [field for field in record.instance_fields if field.name == "value"]
        if not fields:
            fields = [field for field in record.instance_fields if self._own_annotations(field.annotations, "")]
        if len(fields) != 1:
            raise SchemaError(f"{record.java_name}: boxed type needs exactly one field named value")
        return fields[0]

    def _components(self, record: ClassRecord, choice: bool, is_set: bool = False) -> tuple[Component, ...]:
        elements = {}
        for field in record.instance_fields:
            own = self._own_annotations(field.annotations, f"{record.java_name}.{field.name}")
            if "ASN1Element" in own:
                elements[field.name] = self._attributes(own["ASN1Element"])
        fields = [field for field in record.instance_fields if field.name in elements]
        default_stores = dict(record.default_stores)
        components = []
        for field in self._ordered(record, fields, elements, is_set):
            where = f"{record.java_name}.{field.name}"
            attributes = elements[field.name]
            name = attributes.get("name")
            if not isinstance(name, str) or not name:
                raise SchemaError(f"{where}: ASN1Element has no name")
            component_type = self._field_type(record, field)
            optional = bool(attributes.get("isOptional")) and not choice
            note = self.dropped_by_field.get(where)
            component = Component(identifier(name, where), component_type, optional=optional, note=note)
            if attributes.get("hasDefaultValue") and not choice:
                component = self._with_default(default_stores, field, component)
            components.append(component)
        counts = Counter(component.name for component in components)
        duplicates = sorted(name for name, count in counts.items() if count > 1)
        if duplicates:
            raise SchemaError(f"{record.java_name}: component name {duplicates[0]!r} used twice")
        return tuple(components)

    def _ordered(
        self, record: ClassRecord, fields: list[FieldRecord], elements: dict[str, dict[str, object]], is_set: bool
    ) -> list[FieldRecord]:
        """Components in wire order: the app's PER coder encodes a SET by ASN1Element tag (BinaryNotes'
        `CoderUtils.getSetOrder`) and a SEQUENCE or CHOICE in declaration order, which the tags give."""
        tags = [elements[field.name].get("tag") if elements[field.name].get("hasTag") else None for field in fields]
        numbers = [tag for tag in tags if isinstance(tag, int)]
        if len(numbers) == len(fields) and len(set(numbers)) == len(numbers):
            return [field for _, field in sorted(zip(numbers, fields, strict=True), key=lambda pair: pair[0])]
        if is_set and len(fields) > 1:
            self.warnings.append(
                f"{record.java_name}: SET components without distinct tags; the app's coder orders untagged ones by"
                " reflection (BinaryNotes getSetOrder), which bytecode does not fix; declaration order used"
            )
        stored_at = {name: position for position, name in enumerate(record.init_store_order)}
        if all(field.name in stored_at for field in fields):
            return sorted(fields, key=lambda field: stored_at[field.name])
        if len(fields) > 1:
            self.warnings.append(
                f"{record.java_name}: component order unknown (no distinct tags, no <init> stores); DEX order used"
            )
        return fields

    def _enum_items(self, record: ClassRecord) -> tuple[EnumItem, ...]:
        constants_class = self._enum_constants_class(record)
        constants = []
        for field in constants_class.fields:
            where = f"{constants_class.java_name}.{field.name}"
            own = self._own_annotations(field.annotations, where)
            if "ASN1EnumItem" in own:
                constants.append((field, self._attributes(own["ASN1EnumItem"])))
        if not constants:
            raise SchemaError(f"{record.java_name}: enumeration has no ASN1EnumItem constants")
        numbers: list[int] = []
        if all(attributes.get("hasTag") for _, attributes in constants):
            for field, attributes in constants:
                tag = attributes.get("tag")
                if not isinstance(tag, int):
                    raise SchemaError(
                        f"{constants_class.java_name}.{field.name}: ASN1EnumItem tag {tag!r} is not a number"
                    )
                numbers.append(tag)
        elif all(field.name in constants_class.static_init_order for field, _ in constants):
            declared = [name for name in constants_class.static_init_order if name in {f.name for f, _ in constants}]
            numbers = [declared.index(field.name) for field, _ in constants]
        else:
            self.warnings.append(f"{record.java_name}: enumeration numbers unknown; DEX order used")
            numbers = list(range(len(constants)))
        items = []
        for (field, attributes), number in zip(constants, numbers):
            where = f"{constants_class.java_name}.{field.name}"
            name = attributes.get("name") or ""
            if not name:
                raise SchemaError(f"{where}: ASN1EnumItem has no name")
            items.append(EnumItem(identifier(str(name), where), number))
        items.sort(key=lambda item: item.number)
        for first, second in itertools.pairwise(items):
            if first.number == second.number or first.name == second.name:
                raise SchemaError(f"{record.java_name}: enumeration items {first.name} and {second.name} clash")
        return tuple(items)

    def _enum_constants_class(self, record: ClassRecord) -> ClassRecord:
        candidates = [field.descriptor for field in record.instance_fields if field.name == "value"]
        candidates.append(record.descriptor[:-1] + "$EnumType;")
        for descriptor in candidates:
            target = self.classes.get(descriptor)
            if target is not None and target.access_flags & ACC_ENUM:
                return target
        raise SchemaError(f"{record.java_name}: enumeration class {java_name(candidates[-1])} is not in the input")

    # --- types of fields ---------------------------------------------------------------------

    def _field_type(self, record: ClassRecord, field: FieldRecord) -> Type:
        where = f"{record.java_name}.{field.name}"
        own = self._own_annotations(field.annotations, where)
        constraint = self._constraint(own, where)
        if "ASN1SequenceOf" in own:
            attributes = self._attributes(own["ASN1SequenceOf"])
            element = self._element_type(record, field, own, where)
            return SequenceOfType(element, size=constraint, is_set_of=bool(attributes.get("isSetOf")))
        primitive = self._primitive_type(own, where)
        if primitive is not None:
            return self._constrained(primitive, constraint, where)
        return self._class_reference(record, field.descriptor, constraint, where)

    def _primitive_type(self, own: dict[str, Annotation], where: str) -> Type | None:
        found: list[Type] = []
        for name, annotation in own.items():
            if name in SIMPLE_TYPES:
                found.append(SIMPLE_TYPES[name])
            elif name == "ASN1Integer":
                found.append(IntegerType())
            elif name == "ASN1OctetString":
                found.append(OctetStringType())
            elif name == "ASN1BitString":
                found.append(BitStringType())
            elif name == "ASN1String":
                found.append(CharacterStringType(self._string_kind(annotation, where)))
        if len(found) > 1:
            raise SchemaError(f"{where}: more than one type annotation")
        return found[0] if found else None

    def _string_kind(self, annotation: Annotation, where: str) -> str:
        string_type = self._attributes(annotation).get("stringType")
        if string_type == UNSPECIFIED_STRING_TYPE:
            self.warnings.append(f"{where}: string type unspecified (29); rendered as UTF8String")
            return "UTF8String"
        if string_type not in STRING_TYPES:
            raise SchemaError(f"{where}: unknown ASN1String stringType {string_type!r}")
        return STRING_TYPES[string_type]

    def _constraint(self, own: dict[str, Annotation], where: str) -> Constraint | None:
        found: list[Constraint] = []
        if "ASN1ValueRangeConstraint" in own:
            attributes = self._attributes(own["ASN1ValueRangeConstraint"])
            lower, upper = attributes.get("min"), attributes.get("max")
            if type(lower) is not int or type(upper) is not int or lower > upper:
                raise SchemaError(f"{where}: ASN1ValueRangeConstraint needs min <= max, got {lower!r}..{upper!r}")
            found.append(ValueRange(lower, upper))
        if "ASN1SizeConstraint" in own:
            value = self._attributes(own["ASN1SizeConstraint"]).get("max")
            if type(value) is not int:
                raise SchemaError(f"{where}: ASN1SizeConstraint needs an integer max, got {value!r}")
            found.append(SingleValue(value))
        if len(found) > 1:
            raise SchemaError(f"{where}: both a value range and a size constraint")
        return found[0] if found else None

    def _constrained(self, base: Type, constraint: Constraint | None, where: str) -> Type:
        if constraint is None:
            return base
        if isinstance(base, IntegerType):
            return replace(base, constraint=constraint)
        if isinstance(base, SIZED_TYPES):
            if _smallest(constraint) < 0:
                raise SchemaError(f"{where}: negative size constraint")
            return replace(base, size=constraint)
        if isinstance(base, TypeReference):
            return replace(base, constraint=constraint)
        kind = unconstrainable_kind(base)
        if kind is None:
            raise SchemaError(f"{where}: a constraint on a type that takes none")
        self.dropped_by_field[where] = dropped_note(constraint, kind)
        return base

    def _element_type(self, record: ClassRecord, field: FieldRecord, own: dict[str, Annotation], where: str) -> Type:
        element_descriptor = self._collection_element(field, where)
        target = self.classes.get(element_descriptor)
        if target is not None and self._class_kind(target) is not None:
            return self._class_reference(record, element_descriptor, None, where)
        primitive = self._primitive_type(
            {name: value for name, value in own.items() if name != "ASN1SequenceOf"}, where
        )
        if primitive is None:
            raise SchemaError(
                f"{where}: element class {java_name(element_descriptor)} is not in the input and no element annotation"
            )
        return primitive

    def _collection_element(self, field: FieldRecord, where: str) -> str:
        for annotation in field.annotations:
            if annotation.descriptor == SIGNATURE:
                fragments = annotation.get("value")
                if isinstance(fragments, tuple) and all(isinstance(item, str) for item in fragments):
                    match = COLLECTION_SIGNATURE.fullmatch("".join(fragments))
                    if match:
                        return match.group(1)
        raise SchemaError(f"{where}: SEQUENCE OF without a Collection<T> signature")

    def _class_reference(self, record: ClassRecord, descriptor: str, constraint: Constraint | None, where: str) -> Type:
        target = self.classes.get(descriptor)
        if target is None:
            raise SchemaError(f"{where}: type class {java_name(descriptor)} is not in the input")
        if self._class_kind(target) is None:
            raise SchemaError(f"{where}: field class {target.java_name} has no ASN.1 type annotation")
        if _is_member(target):
            inline = self._constrained(self.class_type(target), constraint, where)
            boxed_note = self.dropped_by_class.get(target.descriptor)
            if boxed_note is not None:
                self.dropped_by_field[where] = _joined(boxed_note, self.dropped_by_field.get(where)) or boxed_note
            return inline
        if version_of(target.java_name) is None:
            raise SchemaError(f"{where}: type class {target.java_name} is outside the version packages")
        return TypeReference(target.java_name, constraint)

    # --- DEFAULT -----------------------------------------------------------------------------

    def _with_default(
        self, default_stores: dict[str, StoredValue], field: FieldRecord, component: Component
    ) -> Component:
        stored = default_stores.get(field.name, NonLiteral("is not set by initWithDefaults()"))
        literal = self._literal(component.type, stored)
        if literal is not None:
            return replace(component, optional=False, default=literal)
        reason = stored.reason if isinstance(stored, NonLiteral) else "is not a literal of the component's type"
        note = f"DEFAULT value {reason}; OPTIONAL has the same UPER encoding (one presence bit)"
        return replace(component, optional=True, note=_joined(component.note, note))

    def _literal(self, component_type: Type, stored: StoredValue) -> Literal | None:
        if isinstance(component_type, TypeReference) and component_type.constraint is None:
            target = self.classes.get(descriptor_of(component_type.java_class))
            return self._literal(self.class_type(target), stored) if target else None
        if isinstance(component_type, IntegerType) and type(stored) is int:
            return Literal(stored)
        if isinstance(component_type, BooleanType) and type(stored) is bool:
            return Literal(stored)
        if isinstance(component_type, CharacterStringType) and isinstance(stored, str):
            return Literal(stored) if PRINTABLE_DEFAULT.fullmatch(stored) else None
        if isinstance(component_type, EnumeratedType) and isinstance(stored, EnumValue):
            return self._enum_literal(component_type, stored)
        return None

    def _enum_literal(self, enumerated: EnumeratedType, stored: EnumValue) -> Literal | None:
        constants = self.classes.get(stored.class_descriptor)
        if constants is None:
            return None
        for field in constants.fields:
            if field.name != stored.name:
                continue
            where = f"{constants.java_name}.{field.name}"
            own = self._own_annotations(field.annotations, where)
            name = self._attributes(own["ASN1EnumItem"]).get("name") if "ASN1EnumItem" in own else None
            if (
                isinstance(name, str)
                and name
                and any(item.name == identifier(name, where) for item in enumerated.items)
            ):
                return Literal(identifier(name, where), is_enum_item=True)
        return None


def _is_member(record: ClassRecord) -> bool:
    return any(annotation.descriptor in ENCLOSING_ANNOTATIONS for annotation in record.annotations)


def _smallest(constraint: Constraint) -> int:
    return constraint.lower if isinstance(constraint, ValueRange) else constraint.value


def unconstrainable_kind(type_: Type) -> str | None:
    """The ASN.1 keyword of a type that no value or size constraint applies to; None for the others."""
    if isinstance(type_, SequenceType):
        return "SET" if type_.is_set else "SEQUENCE"
    return UNCONSTRAINABLE.get(type(type_))


def dropped_note(constraint: Constraint, kind: str) -> str:
    """The one-line comment on a constraint left out: what the app declares, and why it is left out."""
    if isinstance(constraint, ValueRange):
        declared = f"ASN1ValueRangeConstraint(min={constraint.lower}, max={constraint.upper})"
    else:
        declared = f"ASN1SizeConstraint(max={constraint.value})"
    return (
        f"the app declares {declared} on a {kind}: left out, it has no meaning there and does not change the encoding"
    )


def _joined(first: str | None, second: str | None) -> str | None:
    return "; ".join(note for note in (first, second) if note) or None


def _without_meaningless_constraints(definitions: dict[str, TypeDefinition]) -> dict[str, TypeDefinition]:
    """The definitions with constraints on references to unconstrainable types left out, each with a note.

    Decided once every named type is known, so that recursive references need no special case.
    """

    def target_kind(reference: TypeReference) -> str | None:
        seen = set()
        target: Type = reference
        while isinstance(target, TypeReference) and target.java_class in definitions and target.java_class not in seen:
            seen.add(target.java_class)
            target = definitions[target.java_class].type
        return unconstrainable_kind(target)

    def cleaned(type_: Type) -> tuple[Type, str | None]:
        if isinstance(type_, TypeReference) and type_.constraint is not None:
            kind = target_kind(type_)
            if kind is not None:
                return replace(type_, constraint=None), dropped_note(type_.constraint, kind)
        if isinstance(type_, SequenceType):
            return replace(type_, components=tuple(map(cleaned_component, type_.components))), None
        if isinstance(type_, ChoiceType):
            return replace(type_, alternatives=tuple(map(cleaned_component, type_.alternatives))), None
        if isinstance(type_, SequenceOfType):
            return replace(type_, element=cleaned(type_.element)[0]), None
        return type_, None

    def cleaned_component(component: Component) -> Component:
        type_, note = cleaned(component.type)
        return replace(component, type=type_, note=_joined(note, component.note))

    result = {}
    for java_class, definition in definitions.items():
        type_, note = cleaned(definition.type)
        result[java_class] = replace(definition, type=type_, note=_joined(note, definition.note))
    return result


def census(records: list[ClassRecord]) -> dict[str, VersionCensus]:
    """Per version package: classes, named types, plain classes and declared modules, without interpreting types."""
    interpreter = _Interpreter(records)
    tallies: dict[str, dict] = {}
    for record in sorted(records, key=lambda item: item.descriptor):
        version = version_of(record.java_name)
        if version is None:
            continue
        tally = tallies.setdefault(version, {"classes": 0, "types": 0, "plain_classes": 0, "modules": []})
        tally["classes"] += 1
        if _is_member(record):
            continue
        own = interpreter._split_own(record.annotations)[0]
        is_type = any(name in own for name in CLASS_KINDS)
        tally["types"] += is_type
        tally["plain_classes"] += not is_type and MODULE_ANNOTATION not in own
        module = interpreter.declared_module(record)
        if module is not None:
            tally["modules"].append(module)
    return {
        version: VersionCensus(tally["classes"], tally["types"], tally["plain_classes"], tuple(tally["modules"]))
        for version, tally in sorted(tallies.items())
    }
