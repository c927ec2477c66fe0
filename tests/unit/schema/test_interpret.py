import pytest

from extractor.errors import SchemaError
from extractor.model import (
    BooleanType,
    CharacterStringType,
    ChoiceType,
    Component,
    EnumeratedType,
    EnumItem,
    IntegerType,
    Literal,
    NullType,
    OctetStringType,
    SequenceOfType,
    SequenceType,
    SingleValue,
    TypeReference,
    ValueRange,
)
from extractor.read.classes import Annotation, EnumValue, FieldRecord, NonLiteral
from extractor.schema.interpret import interpret
from tests.records import (
    annotation,
    class_record,
    component,
    descriptor,
    entity,
    enum_records,
    member_of,
    sequence_components,
    signature,
)

SEQUENCE_A = annotation("ASN1Sequence", name="A")
INTEGER = annotation("ASN1Integer")
IA5 = annotation("ASN1String", stringType=22)


def only_type(records):
    result = interpret(records)
    return result.definitions[entity("A")].type, result.warnings


def test_components_are_ordered_by_tag_not_by_dex_order():
    fields = [
        component("a_", "zulu", "Ljava/lang/Long;", INTEGER, tag=0),
        component("b_", "alpha", "Ljava/lang/Boolean;", annotation("ASN1Boolean"), tag=1, optional=True),
    ]
    type_, warnings = only_type([class_record(entity("A"), SEQUENCE_A, fields)])
    assert [c.name for c in type_.components] == ["zulu", "alpha"]
    assert type_.components[1].optional and not type_.components[0].optional
    assert not [warning for warning in warnings if "order" in warning]


def test_without_tags_the_init_store_order_decides():
    fields = [
        component("a_", "first", "Ljava/lang/Long;", INTEGER),
        component("b_", "second", "Ljava/lang/Long;", INTEGER),
    ]
    type_, warnings = only_type([class_record(entity("A"), SEQUENCE_A, fields, init_order=["b_", "a_"])])
    assert [c.name for c in type_.components] == ["second", "first"]
    assert not [warning for warning in warnings if "order" in warning]


def test_clashing_tags_fall_back_to_init_order():
    fields = [
        component("a_", "first", "Ljava/lang/Long;", INTEGER, tag=0),
        component("b_", "second", "Ljava/lang/Long;", INTEGER, tag=0),
    ]
    type_, _ = only_type([class_record(entity("A"), SEQUENCE_A, fields, init_order=["b_", "a_"])])
    assert [c.name for c in type_.components] == ["second", "first"]


def test_without_tags_or_stores_dex_order_is_used_with_a_warning_naming_the_class():
    fields = [
        component("a_", "first", "Ljava/lang/Long;", INTEGER),
        component("b_", "second", "Ljava/lang/Long;", INTEGER),
    ]
    type_, warnings = only_type([class_record(entity("A"), SEQUENCE_A, fields)])
    assert [c.name for c in type_.components] == ["first", "second"]
    assert len(warnings) == 2 and entity("A") in warnings[1] and "DEX order" in warnings[1]


@pytest.mark.parametrize(
    ("annotations", "expected"),
    [
        (
            (INTEGER, annotation("ASN1ValueRangeConstraint", min=-90000000, max=90000000)),
            IntegerType(ValueRange(-90000000, 90000000)),
        ),
        ((INTEGER, annotation("ASN1SizeConstraint", max=7)), IntegerType(SingleValue(7))),
        (
            (IA5, annotation("ASN1ValueRangeConstraint", min=1, max=9)),
            CharacterStringType("IA5String", ValueRange(1, 9)),
        ),
        ((IA5, annotation("ASN1SizeConstraint", max=17)), CharacterStringType("IA5String", SingleValue(17))),
        ((annotation("ASN1String", stringType=18),), CharacterStringType("NumericString")),
        ((annotation("ASN1OctetString"), annotation("ASN1SizeConstraint", max=1)), OctetStringType(SingleValue(1))),
        ((annotation("ASN1Null"),), NullType()),
    ],
)
def test_constraint_meaning_depends_on_the_type(annotations, expected):
    fields = [component("f_", "f", "Ljava/lang/Object;", *annotations, tag=0)]
    type_, _ = only_type([class_record(entity("A"), SEQUENCE_A, fields)])
    assert type_.components[0].type == expected


def test_references_inline_types_and_sequence_of():
    inline = entity("A") + "$PosSequenceType"
    fields = [
        component("b_", "ref", descriptor(entity("B")), annotation("ASN1SizeConstraint", max=1), tag=0),
        component(
            "l_",
            "list",
            "Ljava/util/Collection;",
            annotation("ASN1SequenceOf"),
            annotation("ASN1ValueRangeConstraint", min=1, max=16),
            signature(descriptor(entity("B"))),
            tag=1,
        ),
        component("p_", "pos", descriptor(inline), tag=2),
        component(
            "s_",
            "names",
            "Ljava/util/Collection;",
            annotation("ASN1SequenceOf", isSetOf=True),
            IA5,
            signature("Ljava/lang/String;"),
            tag=3,
        ),
    ]
    records = [
        class_record(entity("A"), SEQUENCE_A, fields),
        class_record(
            entity("B"),
            annotation("ASN1BoxedType", name="B"),
            [FieldRecord("value", "Ljava/lang/Long;", 1, (INTEGER,))],
        ),
        class_record(
            inline,
            annotation("ASN1Sequence", name=""),
            [component("x_", "x", "Ljava/lang/Boolean;", annotation("ASN1Boolean"), tag=0)],
            extra=(member_of(entity("A")),),
        ),
    ]
    result = interpret(records)
    assert set(result.definitions) == {entity("A"), entity("B")}
    components = sequence_components(result.definitions[entity("A")].type)
    assert components[0].type == TypeReference(entity("B"), SingleValue(1))
    assert components[1].type == SequenceOfType(TypeReference(entity("B")), ValueRange(1, 16))
    assert components[2].type == SequenceType((Component("x", BooleanType()),))
    assert components[3].type == SequenceOfType(CharacterStringType("IA5String"), is_set_of=True)


def test_constraints_on_types_that_take_none_are_left_out_with_a_note():
    size_1, range_1_5 = annotation("ASN1SizeConstraint", max=1), annotation("ASN1ValueRangeConstraint", min=1, max=5)
    inline = entity("A") + "$Flags"
    fields = [
        component("p_", "position", descriptor(entity("Position")), size_1, tag=0),
        component("c_", "choice", descriptor(entity("Wrapped")), range_1_5, tag=1),
        component("f_", "flag", "Ljava/lang/Boolean;", annotation("ASN1Boolean"), size_1, tag=2),
        component("i_", "flags", descriptor(inline), size_1, tag=3),
        component("n_", "number", descriptor(entity("Number")), size_1, tag=4),
        component("b_", "boxed", descriptor(inline + "Box"), tag=5),
    ]
    records = [
        class_record(entity("A"), SEQUENCE_A, fields),
        class_record(entity("Position"), annotation("ASN1Sequence", name="Position")),
        class_record(
            entity("Pick"),
            annotation("ASN1Choice", name="Pick"),
            [component("x_", "x", "Ljava/lang/Long;", INTEGER, tag=0)],
        ),
        class_record(
            entity("Wrapped"),
            annotation("ASN1BoxedType", name="Wrapped"),
            [FieldRecord("value", descriptor(entity("Pick")), 1, (range_1_5,))],
        ),
        class_record(
            entity("Number"),
            annotation("ASN1BoxedType", name="Number"),
            [FieldRecord("value", "Ljava/lang/Long;", 1, (INTEGER,))],
        ),
        class_record(inline, annotation("ASN1Sequence", name=""), extra=(member_of(entity("A")),)),
        class_record(
            inline + "Box",
            annotation("ASN1BoxedType", name=""),
            [FieldRecord("value", descriptor(entity("Position")), 1, (size_1,))],
            extra=(member_of(entity("A")),),
        ),
    ]
    result = interpret(records)
    position, choice, flag, flags, number, boxed = sequence_components(result.definitions[entity("A")].type)
    assert position.type == TypeReference(entity("Position"))
    assert position.note == (
        "the app declares ASN1SizeConstraint(max=1) on a SEQUENCE: left out, it has no meaning there and does not change the encoding"
    )
    assert choice.type == TypeReference(entity("Wrapped")) and "ASN1ValueRangeConstraint(min=1, max=5) on a CHOICE" in (
        choice.note or ""
    )
    assert flag.type == BooleanType() and "on a BOOLEAN" in (flag.note or "")
    assert flags.type == SequenceType(()) and "on a SEQUENCE" in (flags.note or "")
    assert number == Component("number", TypeReference(entity("Number"), SingleValue(1)))
    assert boxed.type == TypeReference(entity("Position")) and "on a SEQUENCE" in (boxed.note or "")
    wrapped = result.definitions[entity("Wrapped")]
    assert wrapped.type == TypeReference(entity("Pick")) and "on a CHOICE" in (wrapped.note or "")


def test_enumerations_are_sorted_by_number_and_named_from_annotations():
    records = enum_records(entity("A"), {"beta": 5, "alpha": 0, "gamma": 2}, asn1_name="A")
    type_, _ = only_type(records)
    assert type_ == EnumeratedType((EnumItem("alpha", 0), EnumItem("gamma", 2), EnumItem("beta", 5)))


def test_an_enumeration_tag_that_is_not_a_number_is_a_schema_error():
    records = enum_records(entity("A"), {"alpha": 0, "beta": "1"})
    with pytest.raises(SchemaError, match=r"A\$EnumType\.BETA: ASN1EnumItem tag '1' is not a number"):
        interpret(records)


def test_untagged_enumerations_are_numbered_by_declaration_order():
    records = enum_records(entity("A"), {"zed": 0, "alpha": 1}, tagged=False)
    type_, _ = only_type(records)
    assert type_ == EnumeratedType((EnumItem("zed", 0), EnumItem("alpha", 1)))


def test_choice_alternatives_are_never_optional():
    fields = [
        component("a_", "a", "Ljava/lang/Long;", INTEGER, tag=0, optional=True),
        component("b_", "b", "[B", annotation("ASN1OctetString"), tag=1),
    ]
    type_, _ = only_type([class_record(entity("A"), annotation("ASN1Choice", name="A"), fields)])
    assert type_ == ChoiceType((Component("a", IntegerType()), Component("b", OctetStringType())))


def test_boxed_types_take_the_value_field():
    fields = [
        component("value", "A", "Ljava/lang/Integer;", INTEGER, annotation("ASN1ValueRangeConstraint", min=0, max=255))
    ]
    result = interpret([class_record(entity("A"), annotation("ASN1BoxedType", name="A"), fields)])
    definition = result.definitions[entity("A")]
    assert definition.type == IntegerType(ValueRange(0, 255)) and definition.kind == "BOXED"


def test_literal_defaults_are_recovered_and_others_become_optional_with_a_note():
    records = enum_records(entity("Colour"), {"red": 0, "blue": 1})
    fields = [
        component("a_", "count", "Ljava/lang/Long;", INTEGER, tag=0, has_default=True),
        component("b_", "flag", "Ljava/lang/Boolean;", annotation("ASN1Boolean"), tag=1, has_default=True),
        component("c_", "text", "Ljava/lang/String;", IA5, tag=2, has_default=True),
        component("d_", "colour", descriptor(entity("Colour")), tag=3, has_default=True),
        component("e_", "blob", "[B", annotation("ASN1OctetString"), tag=4, has_default=True),
    ]
    stores = [
        ("a_", -3),
        ("b_", True),
        ("c_", "abc"),
        ("d_", EnumValue(descriptor(entity("Colour") + "$EnumType"), "BLUE")),
        ("e_", NonLiteral("is computed by code")),
    ]
    records.append(class_record(entity("A"), SEQUENCE_A, fields, defaults=stores))
    type_, _ = only_type(records)
    defaults = [(c.default, c.optional) for c in type_.components]
    assert defaults[:4] == [
        (Literal(-3), False),
        (Literal(True), False),
        (Literal("abc"), False),
        (Literal("blue", is_enum_item=True), False),
    ]
    assert defaults[4] == (None, True)
    assert type_.components[4].note.startswith("DEFAULT value is computed by code; OPTIONAL")


def test_a_default_string_that_asn1tools_cannot_read_becomes_optional():
    fields = [component("c_", "text", "Ljava/lang/String;", IA5, tag=0, has_default=True)]
    type_, _ = only_type([class_record(entity("A"), SEQUENCE_A, fields, defaults=[("c_", 'say "hi"')])])
    assert type_.components[0].optional and type_.components[0].default is None


def test_a_default_of_the_wrong_kind_is_not_trusted():
    fields = [component("b_", "flag", "Ljava/lang/Boolean;", annotation("ASN1Boolean"), tag=0, has_default=True)]
    type_, _ = only_type([class_record(entity("A"), SEQUENCE_A, fields, defaults=[("b_", "yes")])])
    assert type_.components[0].optional and type_.components[0].default is None


def test_defaults_from_annotation_interfaces_override_the_builtin_ones():
    interface = class_record(
        "com.saicmotor.telematics.tsgp.otaadapter.asn.annotations.ASN1Element",
        annotation("ASN1PreparedElement"),
        extra=(
            Annotation(
                "Ldalvik/annotation/AnnotationDefault;",
                (("value", annotation("ASN1Element", isOptional=False)),),
                2,
            ),
        ),
    )
    field = component("a_", "a", "Ljava/lang/Long;", INTEGER, tag=0)
    field = field.__class__(
        field.name,
        field.descriptor,
        field.access_flags,
        (annotation("ASN1Element", name="a", hasTag=True, tag=0), INTEGER),
    )
    type_, warnings = only_type([interface, class_record(entity("A"), SEQUENCE_A, [field])])
    assert not type_.components[0].optional
    assert not any("interfaces" in warning for warning in warnings)


def test_missing_interfaces_warn_and_use_builtin_defaults():
    field = component("a_", "a", "Ljava/lang/Long;", INTEGER, tag=0)
    field = field.__class__(
        field.name,
        field.descriptor,
        field.access_flags,
        (annotation("ASN1Element", name="a", hasTag=True, tag=0), INTEGER),
    )
    type_, warnings = only_type([class_record(entity("A"), SEQUENCE_A, [field])])
    assert type_.components[0].optional
    assert any("interfaces" in warning for warning in warnings)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            [component("a_", "a", "Ljava/lang/Long;", annotation("ASN1Frobnicate"), tag=0)],
            r"A\.a_: unknown annotation ASN1Frobnicate",
        ),
        (
            [component("a_", "a", descriptor(entity("Missing")), tag=0)],
            r"A\.a_: type class .*Missing is not in the input",
        ),
        ([component("a_", "bad name", "Ljava/lang/Long;", INTEGER, tag=0)], r"A\.a_: name 'bad name'"),
        (
            [component("a_", "a", "Ljava/util/Collection;", annotation("ASN1SequenceOf"), tag=0)],
            r"A\.a_: SEQUENCE OF without",
        ),
        (
            [
                component(
                    "a_", "a", "Ljava/lang/Long;", INTEGER, annotation("ASN1ValueRangeConstraint", min=5, max=1), tag=0
                )
            ],
            r"min <= max",
        ),
        ([component("a_", "", "Ljava/lang/Long;", INTEGER, tag=0)], r"ASN1Element has no name"),
        (
            [
                component("a_", "x", "Ljava/lang/Long;", INTEGER, tag=0),
                component("b_", "x", "Ljava/lang/Long;", INTEGER, tag=1),
            ],
            r"'x' used twice",
        ),
    ],
)
def test_schema_errors_name_the_class_and_field(fields, message):
    with pytest.raises(SchemaError, match=message):
        interpret([class_record(entity("A"), SEQUENCE_A, fields)])


def test_type_names_that_cannot_be_made_valid_are_rejected():
    with pytest.raises(SchemaError, match="not a valid ASN.1 type reference"):
        interpret([class_record(entity("A"), annotation("ASN1Sequence", name="A\n-- evil"))])


def test_classes_outside_the_version_packages_are_ignored():
    record = class_record("com.example.Other", SEQUENCE_A)
    assert interpret([record]).definitions == {}
