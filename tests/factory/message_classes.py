"""Turns parsed ASN.1 modules into message classes shaped like the app's BinaryNotes-generated ones."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .annotation_interfaces import asn1_annotation
from .asn1_input import (
    STRING_TYPE_TAGS,
    AsnType,
    CollectionOf,
    Component,
    Constraint,
    Enumerated,
    ParsedModule,
    Primitive,
    Reference,
    SingleValue,
    Structure,
    ValueRange,
)
from .dex_model import (
    Annotation,
    ClassDef,
    FieldDef,
    IntValue,
    MethodDef,
    TypeValue,
    class_descriptor,
    generic_signature,
    member_descriptor,
    simple_name,
    source_file,
    system_annotation,
)
from .foreign_annotations import KEEP, NULLABLE, kotlin_metadata, serialized_name
from .smali_writer import const_int, const_wide, smali_string
from .spec import FactoryError, FactoryOptions, module_class_name, version_package

_INT32 = range(-(2**31), 2**31)
_INT64 = range(-(2**63), 2**63)
_MEMBER_ACCESS_FLAGS = 0x9  # public static
_ENUM_ACCESS_FLAGS = 0x4019  # public static final enum
_PREPARED_DATA = "Lorg/bn/coders/IASN1PreparedElementData;"
_COLLECTION = "Ljava/util/Collection;"
_TYPE_ANNOTATIONS = {
    "INTEGER": "ASN1Integer",
    "BOOLEAN": "ASN1Boolean",
    "REAL": "ASN1Real",
    "NULL": "ASN1Null",
    "OCTET STRING": "ASN1OctetString",
    "BIT STRING": "ASN1BitString",
    "OBJECT IDENTIFIER": "ASN1ObjectIdentifier",
    "ANY": "ASN1Any",
}
_JAVA_TYPES = {
    "BOOLEAN": "Ljava/lang/Boolean;",
    "REAL": "Ljava/lang/Double;",
    "NULL": "Lorg/bn/types/NullObject;",
    "OCTET STRING": "[B",
    "BIT STRING": "Lorg/bn/types/BitString;",
    "OBJECT IDENTIFIER": "Lorg/bn/types/ObjectIdentifier;",
    "ANY": "[B",
}
_MEMBER_SUFFIXES = {"SEQUENCE": "SequenceType", "SET": "SequenceType", "CHOICE": "ChoiceType"}


@dataclass(frozen=True)
class ResolvedReference:
    descriptor: str
    type: AsnType


def message_class_groups(modules: Sequence[ParsedModule], options: FactoryOptions) -> list[tuple[ClassDef, ...]]:
    """One group per placed class: the class first, then its member classes; sorted by descriptor."""
    resolver = _Resolver(modules)
    groups: dict[str, tuple[str, tuple[ClassDef, ...]]] = {}
    for module in modules:
        builder = _ClassBuilder(module, resolver, options)
        for type_name, asn_type in module.types.items():
            placement = module.source.placement_of(type_name)
            descriptor = class_descriptor(placement.java_class)
            origin = f"{module.source.version} {module.name}.{type_name}"
            classes = tuple(builder.type_classes(descriptor, placement.annotation_name, asn_type, origin))
            if descriptor in groups and groups[descriptor][1] != classes:
                raise FactoryError(
                    f"{placement.java_class} is placed twice with different definitions: "
                    f"{groups[descriptor][0]} and {origin}"
                )
            groups.setdefault(descriptor, (origin, classes))
        origin = f"{module.source.version} module {module.name}"
        if options.module_classes:
            _add_class(groups, _module_class(module, options), origin)
        if options.plain_classes:
            _add_class(groups, _plain_class(module), origin)
    return [groups[descriptor][1] for descriptor in sorted(groups)]


def _add_class(groups: dict[str, tuple[str, tuple[ClassDef, ...]]], cls: ClassDef, origin: str) -> None:
    """A class without member classes; the same class from two modules must be the same."""
    if cls.descriptor in groups and groups[cls.descriptor][1] != (cls,):
        raise FactoryError(
            f"{cls.descriptor} is written twice with different contents: {groups[cls.descriptor][0]} and {origin}"
        )
    groups.setdefault(cls.descriptor, (origin, (cls,)))


def _module_class(module: ParsedModule, options: FactoryOptions) -> ClassDef:
    """The class the BinaryNotes generator writes per module: only `@ASN1Module(name, isImplicitTags)`."""
    descriptor = class_descriptor(module_class_name(module.source.version, module.name))
    annotation = asn1_annotation(
        "ASN1Module",
        options.explicit_defaults,
        name=simple_name(descriptor),
        isImplicitTags=module.tagging == "IMPLICIT",
    )
    return ClassDef(
        access="public",
        descriptor=descriptor,
        source=source_file(descriptor),
        annotations=(annotation,),
        methods=(_constructor(descriptor, []),),
    )


def _plain_class(module: ParsedModule) -> ClassDef:
    """A helper class beside the messages, without ASN.1 annotations, as apps keep converters there."""
    descriptor = class_descriptor(
        f"{version_package(module.source.version)}.entity.util.{module.name.replace('-', '_')}Helper"
    )
    field = FieldDef("private", "label", "Ljava/lang/String;", (serialized_name("label"),))
    return ClassDef(
        access="public final",
        descriptor=descriptor,
        source=source_file(descriptor),
        annotations=(KEEP, kotlin_metadata(1, (field.name,))),
        fields=(field,),
        methods=(_constructor(descriptor, []), *_accessors(descriptor, field, "Label")),
    )


class _Resolver:
    def __init__(self, modules: Sequence[ParsedModule]) -> None:
        self._modules_by_name: dict[str, list[ParsedModule]] = {}
        for module in modules:
            self._modules_by_name.setdefault(module.name, []).append(module)

    def resolve(self, module: ParsedModule, name: str, where: str) -> ResolvedReference:
        if name in module.types:
            java_class = module.source.placement_of(name).java_class
            return ResolvedReference(class_descriptor(java_class), module.types[name])
        if name not in module.imports:
            raise FactoryError(
                f"{where}: type {name} is neither defined in {module.name} nor imported "
                f"(or it is a built-in type the factory does not support)"
            )
        candidates = [m for m in self._modules_by_name.get(module.imports[name], ()) if name in m.types]
        same_version = [m for m in candidates if m.source.version == module.source.version]
        chosen = same_version or candidates
        if len(chosen) != 1:
            raise FactoryError(
                f"{where}: imported type {name} from {module.imports[name]} is defined by "
                f"{len(chosen)} module sources, expected exactly one"
            )
        return self.resolve(chosen[0], name, where)


class _ClassBuilder:
    def __init__(self, module: ParsedModule, resolver: _Resolver, options: FactoryOptions) -> None:
        self._module = module
        self._resolver = resolver
        self._options = options

    def _annotation(self, interface: str, **values: str | bool | int) -> Annotation:
        return asn1_annotation(interface, self._options.explicit_defaults, **values)

    def _resolve(self, reference: Reference, where: str) -> ResolvedReference:
        return self._resolver.resolve(self._module, reference.name, where)

    def type_classes(
        self, descriptor: str, annotation_name: str, asn_type: AsnType, where: str, enclosing: str | None = None
    ) -> list[ClassDef]:
        """The class for asn_type, followed by all its (nested) member classes."""
        nested: list[ClassDef] = []
        match asn_type:
            case Structure(kind="CHOICE"):
                kind_annotation = self._annotation("ASN1Choice", name=annotation_name)
                fields, methods = self._structure_members(descriptor, asn_type, where, nested)
            case Structure():
                kind_annotation = self._annotation("ASN1Sequence", name=annotation_name, isSet=asn_type.kind == "SET")
                fields, methods = self._structure_members(descriptor, asn_type, where, nested)
            case Enumerated():
                kind_annotation = self._annotation("ASN1Enum", name=annotation_name)
                fields, methods = self._enum_wrapper_members(descriptor, asn_type, where, nested)
            case Primitive(kind="NULL"):
                kind_annotation = self._annotation("ASN1Null", name=annotation_name)
                fields, methods = [], [_constructor(descriptor, [])]
            case _:
                kind_annotation = self._annotation("ASN1BoxedType", name=annotation_name)
                element = self._annotation("ASN1Element", name=annotation_name, isOptional=False)
                value = self._field(descriptor, "value", "Value", element, asn_type, f"{where}.value", nested)
                fields = [value]
                stores = [value] if self._options.init_stores else []
                methods = [_constructor(descriptor, stores), *_accessors(descriptor, value, "Value")]
        annotations = [kind_annotation, self._annotation("ASN1PreparedElement")]
        if self._options.foreign_annotations:
            annotations += [KEEP, kotlin_metadata(len(fields), tuple(field.name for field in fields))]
        access = "public"
        if enclosing is not None:
            access = "public static"
            annotations += _inner_class_annotations(enclosing, descriptor, _MEMBER_ACCESS_FLAGS)
        direct_members = [cls.descriptor for cls in nested if _enclosing_of(cls.descriptor) == descriptor]
        if direct_members:
            annotations.append(
                system_annotation("MemberClasses", value=tuple(TypeValue(member) for member in direct_members))
            )
        prepared = FieldDef("private static final", "preparedData", _PREPARED_DATA)
        cls = ClassDef(
            access=access,
            descriptor=descriptor,
            source=source_file(descriptor),
            annotations=tuple(annotations),
            fields=(prepared, *fields),
            methods=(_prepared_data_initializer(descriptor), *methods, _prepared_data_getter(descriptor)),
        )
        return [cls, *nested]

    def _structure_members(
        self, owner: str, structure: Structure, where: str, nested: list[ClassDef]
    ) -> tuple[list[FieldDef], list[MethodDef]]:
        is_choice = structure.kind == "CHOICE"
        fields, methods = [], []
        for position, component in enumerate(structure.components):
            stem = _java_stem(component.name)
            element = self._annotation("ASN1Element", **self._element_values(component, position, is_choice))
            field = self._field(owner, f"m{stem}", stem, element, component.type, f"{where}.{component.name}", nested)
            fields.append(field)
            methods += _accessors(owner, field, stem)
            if is_choice:
                methods.append(_presence_test(owner, field, f"is{stem}Selected"))
            elif component.optional:
                methods.append(_presence_test(owner, field, f"is{stem}Present"))
        stores = fields if self._options.init_stores else []
        methods.insert(0, _constructor(owner, stores))
        if not is_choice:
            defaults = [
                self._default_code(owner, field, component, f"{where}.{component.name}")
                for field, component in zip(fields, structure.components)
                if component.default is not None
            ]
            code = [instruction for block in defaults for instruction in block]
            methods.append(MethodDef("public", "initWithDefaults", "()V", 3, (*code, "return-void")))
        return fields, methods

    def _element_values(self, component: Component, position: int, is_choice: bool) -> dict[str, str | bool | int]:
        has_default = component.default is not None
        values: dict[str, str | bool | int] = {
            "name": component.name,
            "isOptional": component.optional and not has_default and not is_choice,
            "hasDefaultValue": has_default,
        }
        if self._options.tags:
            values |= {"hasTag": True, "tag": position}
        return values

    def _enum_wrapper_members(
        self, owner: str, enumerated: Enumerated, where: str, nested: list[ClassDef]
    ) -> tuple[list[FieldDef], list[MethodDef]]:
        enum_descriptor = member_descriptor(owner, "EnumType")
        nested.append(self._enum_class(owner, enum_descriptor, enumerated, where))
        value = FieldDef("private", "value", enum_descriptor)
        integer_form = FieldDef("private", "integerForm", "Ljava/lang/Integer;")
        methods = [
            _constructor(owner, []),
            *_accessors(owner, value, "Value"),
            *_accessors(owner, integer_form, "IntegerForm"),
        ]
        return [value, integer_form], methods

    def _enum_class(self, wrapper: str, descriptor: str, enumerated: Enumerated, where: str) -> ClassDef:
        constants = _enum_constants(enumerated, where)
        array = f"[{descriptor}"
        fields = [
            FieldDef(
                "public static final enum",
                constant,
                descriptor,
                (self._annotation("ASN1EnumItem", name=item, hasTag=True, tag=number),),
            )
            for (item, number), constant in zip(enumerated.items, constants)
        ]
        fields.append(FieldDef("private static final synthetic", "$VALUES", array))
        initializer = []
        for ordinal, constant in enumerate(constants):
            initializer += [
                f"new-instance v0, {descriptor}",
                f"const-string v1, {smali_string(constant)}",
                const_int("v2", ordinal),
                f"invoke-direct {{v0, v1, v2}}, {descriptor}-><init>(Ljava/lang/String;I)V",
                f"sput-object v0, {descriptor}->{constant}:{descriptor}",
            ]
        initializer += [const_int("v0", len(constants)), f"new-array v0, v0, {array}"]
        for ordinal, constant in enumerate(constants):
            initializer += [
                f"sget-object v1, {descriptor}->{constant}:{descriptor}",
                const_int("v2", ordinal),
                "aput-object v1, v0, v2",
            ]
        initializer += [f"sput-object v0, {descriptor}->$VALUES:{array}", "return-void"]
        methods = [
            MethodDef("static constructor", "<clinit>", "()V", 3, tuple(initializer)),
            MethodDef(
                "private constructor",
                "<init>",
                "(Ljava/lang/String;I)V",
                0,
                (
                    "invoke-direct {p0, p1, p2}, Ljava/lang/Enum;-><init>(Ljava/lang/String;I)V",
                    "return-void",
                ),
                (system_annotation("Signature", value=("()V",)),),
            ),
            MethodDef(
                "public static",
                "valueOf",
                f"(Ljava/lang/String;){descriptor}",
                1,
                (
                    f"const-class v0, {descriptor}",
                    (
                        "invoke-static {v0, p0}, Ljava/lang/Enum;->valueOf(Ljava/lang/Class;Ljava/lang/String;)"
                        "Ljava/lang/Enum;"
                    ),
                    "move-result-object p0",
                    f"check-cast p0, {descriptor}",
                    "return-object p0",
                ),
            ),
            MethodDef(
                "public static",
                "values",
                f"(){array}",
                1,
                (
                    f"sget-object v0, {descriptor}->$VALUES:{array}",
                    f"invoke-virtual {{v0}}, {array}->clone()Ljava/lang/Object;",
                    "move-result-object v0",
                    f"check-cast v0, {array}",
                    "return-object v0",
                ),
            ),
        ]
        annotations = (
            *_inner_class_annotations(wrapper, descriptor, _ENUM_ACCESS_FLAGS),
            generic_signature("java/lang/Enum", descriptor),
        )
        return ClassDef(
            access="public static final enum",
            descriptor=descriptor,
            superclass="Ljava/lang/Enum;",
            source=source_file(descriptor),
            annotations=annotations,
            fields=tuple(fields),
            methods=tuple(methods),
        )

    def _field(
        self,
        owner: str,
        java_name: str,
        stem: str,
        element: Annotation,
        asn_type: AsnType,
        where: str,
        nested: list[ClassDef],
    ) -> FieldDef:
        """The field of one component (or of a boxed type's value), adding inline types to nested."""
        annotations = [element]
        match asn_type:
            case Primitive():
                descriptor = _primitive_descriptor(asn_type)
                annotations += [self._type_annotation(asn_type), *_constraint_annotations(asn_type.constraint, where)]
            case Reference():
                descriptor = self._resolve(asn_type, where).descriptor
                annotations += _constraint_annotations(asn_type.constraint, where)
            case CollectionOf(element=item):
                descriptor = _COLLECTION
                annotations += [
                    self._annotation("ASN1SequenceOf", isSetOf=asn_type.is_set),
                    *_constraint_annotations(asn_type.constraint, where),
                ]
                if isinstance(item, Primitive) and item.constraint is None:
                    item_descriptor = _primitive_descriptor(item)
                    annotations.append(self._type_annotation(item))
                elif isinstance(item, Reference) and item.constraint is None:
                    item_descriptor = self._resolve(item, where).descriptor
                else:
                    item_descriptor = self._member_class(owner, stem, item, f"{where}.<element>", nested)
                annotations.append(generic_signature("java/util/Collection", item_descriptor))
            case _:
                descriptor = self._member_class(owner, stem, asn_type, where, nested)
        if self._options.foreign_annotations:
            annotations.append(serialized_name(stem[0].lower() + stem[1:]))
            if dict(element.elements).get("isOptional", True) is True:  # absent: the interface's default, true
                annotations.append(NULLABLE)
        return FieldDef("private", java_name, descriptor, tuple(annotations))

    def _member_class(self, owner: str, stem: str, asn_type: AsnType, where: str, nested: list[ClassDef]) -> str:
        match asn_type:
            case Structure(kind=kind):
                suffix = _MEMBER_SUFFIXES[kind]
            case Enumerated():
                suffix = "EnumType"
            case _:
                suffix = "BoxedType"
        descriptor = member_descriptor(owner, stem + suffix)
        nested += self.type_classes(descriptor, "", asn_type, where, enclosing=owner)
        return descriptor

    def _type_annotation(self, primitive: Primitive) -> Annotation:
        if primitive.kind in STRING_TYPE_TAGS:
            tag = STRING_TYPE_TAGS[primitive.kind]
            return self._annotation("ASN1String", stringType=tag, isUCS=tag in (28, 30))
        return self._annotation(_TYPE_ANNOTATIONS[primitive.kind])

    def _default_code(self, owner: str, field: FieldDef, component: Component, where: str) -> list[str]:
        """initWithDefaults() code that stores the component's DEFAULT value into its field."""
        value, asn_type = component.default, component.type
        target = f"{owner}->{field.name}:{field.descriptor}"
        resolved_type = self._resolve(asn_type, where).type if isinstance(asn_type, Reference) else asn_type
        if isinstance(resolved_type, Enumerated):
            items = dict(zip((item for item, _ in resolved_type.items), _enum_constants(resolved_type, where)))
            if not isinstance(value, str) or value not in items:
                raise FactoryError(f"{where}: DEFAULT {value!r} is not an item of the enumeration")
            enum_descriptor = member_descriptor(field.descriptor, "EnumType")
            code = [
                f"new-instance v0, {field.descriptor}",
                f"invoke-direct {{v0}}, {field.descriptor}-><init>()V",
                f"sget-object v1, {enum_descriptor}->{items[value]}:{enum_descriptor}",
                f"invoke-virtual {{v0, v1}}, {field.descriptor}->setValue({enum_descriptor})V",
            ]
        elif isinstance(asn_type, Primitive) and asn_type.kind == "INTEGER":
            code = _boxed_integer_code(field.descriptor, _expect(value, int, where))
        elif isinstance(asn_type, Primitive) and asn_type.kind == "BOOLEAN":
            constant = "TRUE" if _expect(value, bool, where) else "FALSE"
            code = [f"sget-object v0, Ljava/lang/Boolean;->{constant}:Ljava/lang/Boolean;"]
        elif isinstance(asn_type, Primitive) and asn_type.kind in STRING_TYPE_TAGS:
            code = [f"const-string v0, {smali_string(_expect(value, str, where))}"]
        else:
            code = _opaque_value_code(field.descriptor)
        return [*code, f"iput-object v0, p0, {target}"]


def _expect(value: object, kind: type, where: str):
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise FactoryError(f"{where}: DEFAULT {value!r} is not a {kind.__name__} literal")
    return value


def _boxed_integer_code(descriptor: str, value: int) -> list[str]:
    if descriptor == "Ljava/lang/Integer;":
        return [
            const_int("v1", value),
            "invoke-static {v1}, Ljava/lang/Integer;->valueOf(I)Ljava/lang/Integer;",
            "move-result-object v0",
        ]
    return [
        const_wide("v1", value),
        "invoke-static {v1, v2}, Ljava/lang/Long;->valueOf(J)Ljava/lang/Long;",
        "move-result-object v0",
    ]


def _opaque_value_code(descriptor: str) -> list[str]:
    """Code that builds a value without a literal: the extractor cannot read such a DEFAULT and must fall back."""
    if descriptor.startswith("["):
        return [const_int("v1", 1), f"new-array v0, v1, {descriptor}"]
    concrete = "Ljava/util/ArrayList;" if descriptor == _COLLECTION else descriptor
    return [f"new-instance v0, {concrete}", f"invoke-direct {{v0}}, {concrete}-><init>()V"]


def _primitive_descriptor(primitive: Primitive) -> str:
    if primitive.kind in STRING_TYPE_TAGS:
        return "Ljava/lang/String;"
    if primitive.kind != "INTEGER":
        return _JAVA_TYPES[primitive.kind]
    match primitive.constraint:
        case ValueRange(lower, upper) if lower in _INT32 and upper in _INT32:
            return "Ljava/lang/Integer;"
        case SingleValue(value) if value in _INT32:
            return "Ljava/lang/Integer;"
    return "Ljava/lang/Long;"


def _constraint_annotations(constraint: Constraint | None, where: str) -> list[Annotation]:
    match constraint:
        case ValueRange(lower, upper):
            bounds = {"min": lower, "max": upper}
            name = "ASN1ValueRangeConstraint"
        case SingleValue(value):
            bounds = {"max": value}
            name = "ASN1SizeConstraint"
        case _:
            return []
    if any(bound not in _INT64 for bound in bounds.values()):
        raise FactoryError(f"{where}: constraint bounds {list(bounds.values())} do not fit a Java long")
    return [asn1_annotation(name, False, **bounds)]


def _java_stem(asn1_name: str) -> str:
    return (asn1_name[0].upper() + asn1_name[1:]).replace("-", "_")


def _enum_constants(enumerated: Enumerated, where: str) -> list[str]:
    """Java constant names: camelCase items become UPPER_SNAKE_CASE."""
    constants = [re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", item).replace("-", "_").upper() for item, _ in enumerated.items]
    if len(set(constants)) != len(constants):
        raise FactoryError(f"{where}: enumeration items collide as Java constants: {constants}")
    return constants


def _enclosing_of(descriptor: str) -> str:
    return descriptor[:-1].rsplit("$", 1)[0] + ";"


def _inner_class_annotations(enclosing: str, descriptor: str, access_flags: int) -> list[Annotation]:
    return [
        system_annotation("EnclosingClass", value=TypeValue(enclosing)),
        system_annotation("InnerClass", accessFlags=IntValue(access_flags), name=simple_name(descriptor)),
    ]


def _constructor(owner: str, stores: Sequence[FieldDef]) -> MethodDef:
    code = ["invoke-direct {p0}, Ljava/lang/Object;-><init>()V"]
    if stores:
        code.append(const_int("v0", 0))
        code += [f"iput-object v0, p0, {owner}->{field.name}:{field.descriptor}" for field in stores]
    code.append("return-void")
    return MethodDef("public constructor", "<init>", "()V", 1 if stores else 0, tuple(code))


def _accessors(owner: str, field: FieldDef, stem: str) -> list[MethodDef]:
    reference = f"{owner}->{field.name}:{field.descriptor}"
    return [
        MethodDef(
            "public", f"get{stem}", f"(){field.descriptor}", 1, (f"iget-object v0, p0, {reference}", "return-object v0")
        ),
        MethodDef(
            "public", f"set{stem}", f"({field.descriptor})V", 0, (f"iput-object p1, p0, {reference}", "return-void")
        ),
    ]


def _presence_test(owner: str, field: FieldDef, name: str) -> MethodDef:
    return MethodDef(
        "public",
        name,
        "()Z",
        1,
        (
            f"iget-object v0, p0, {owner}->{field.name}:{field.descriptor}",
            "if-eqz v0, :absent",
            const_int("v0", 1),
            "return v0",
            ":absent",
            const_int("v0", 0),
            "return v0",
        ),
    )


def _prepared_data_initializer(owner: str) -> MethodDef:
    return MethodDef(
        "static constructor",
        "<clinit>",
        "()V",
        2,
        (
            "invoke-static {}, Lorg/bn/CoderFactory;->getInstance()Lorg/bn/CoderFactory;",
            "move-result-object v0",
            f"const-class v1, {owner}",
            f"invoke-virtual {{v0, v1}}, Lorg/bn/CoderFactory;->newPreparedElementData(Ljava/lang/Class;){_PREPARED_DATA}",
            "move-result-object v0",
            f"sput-object v0, {owner}->preparedData:{_PREPARED_DATA}",
            "return-void",
        ),
    )


def _prepared_data_getter(owner: str) -> MethodDef:
    return MethodDef(
        "public",
        "getPreparedData",
        f"(){_PREPARED_DATA}",
        1,
        (
            f"sget-object v0, {owner}->preparedData:{_PREPARED_DATA}",
            "return-object v0",
        ),
    )
