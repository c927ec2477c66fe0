"""The rule for what is a type (README, "What is a type"): type annotations make types, `ASN1Module`
classes declare modules, other libraries' annotations are ignored, plain classes are skipped and
counted, unknown ASN.1 annotations warn on other classes and fail on types and components."""

import pytest

from extractor.errors import SchemaError
from extractor.model import DeclaredModule
from extractor.read.classes import Annotation, ClassRecord
from extractor.schema.interpret import VersionCensus, census, interpret
from tests.records import ANNOTATIONS, annotation, class_record, component, entity, sequence_components

SEQUENCE_A = annotation("ASN1Sequence", name="A")
INTEGER = annotation("ASN1Integer")
KEEP = Annotation("Landroidx/annotation/Keep;", ())
KOTLIN = Annotation("Lkotlin/Metadata;", (("k", 1), ("mv", (1, 8, 0))))
GSON = Annotation("Lcom/google/gson/annotations/SerializedName;", (("value", "a"),))
NULLABLE = Annotation("Ljavax/annotation/Nullable;", ())
MODULE_CLASS = entity("ApplicationDataModule", area="x").rsplit(".x.", 1)[0] + ".ApplicationDataModule"


def module_record(java_class: str = MODULE_CLASS, **attributes) -> ClassRecord:
    return class_record(java_class, annotation("ASN1Module", **attributes))


def sequence_a(*extra_field_annotations: Annotation, extra=()) -> ClassRecord:
    field = component("a_", "a", "Ljava/lang/Integer;", INTEGER, *extra_field_annotations, tag=0)
    return class_record(entity("A"), SEQUENCE_A, [field], extra=extra)


def test_a_module_class_is_not_a_type_and_declares_its_module():
    result = interpret([module_record(name="ApplicationDataModule", isImplicitTags=False), sequence_a()])
    assert set(result.definitions) == {entity("A")}
    assert result.declared_modules == (DeclaredModule("v1_1", "ApplicationDataModule", MODULE_CLASS, False),)
    assert result.warnings == ("annotation interfaces are not in the input: using the BinaryNotes attribute defaults",)


def test_is_implicit_tags_defaults_to_the_interface_default_then_to_true():
    assert interpret([module_record(name="M"), sequence_a()]).declared_modules[0].implicit_tags is True
    interface = class_record(
        ANNOTATIONS[1:-1].replace("/", ".") + ".ASN1Module",
        Annotation(
            "Ldalvik/annotation/AnnotationDefault;",
            (("value", Annotation(ANNOTATIONS + "ASN1Module;", (("isImplicitTags", False),))),),
        ),
    )
    assert interpret([interface, module_record(name="M"), sequence_a()]).declared_modules[0].implicit_tags is False


@pytest.mark.parametrize("attributes", [{}, {"name": ""}, {"name": "Bad\nName"}])
def test_a_module_class_without_a_valid_name_is_a_warning_and_not_listed(attributes):
    result = interpret([module_record(**attributes), sequence_a()])
    assert result.declared_modules == ()
    assert f"{MODULE_CLASS}: ASN1Module without a valid name; module not listed" in result.warnings


def test_annotations_of_other_libraries_are_ignored_on_classes_and_fields():
    plain = interpret([sequence_a()])
    decorated = interpret([sequence_a(GSON, NULLABLE, extra=(KEEP, KOTLIN))])
    assert decorated.definitions == plain.definitions
    assert decorated.warnings == plain.warnings


def test_plain_classes_are_skipped_without_warning_and_counted():
    helper = class_record(entity("Helper"), KOTLIN)
    result = interpret([helper, sequence_a()])
    assert set(result.definitions) == {entity("A")}
    assert not any("Helper" in warning for warning in result.warnings)
    counts = census([helper, sequence_a(), module_record(name="M")])
    assert counts == {
        "v1_1": VersionCensus(
            classes=3, types=1, plain_classes=1, modules=(DeclaredModule("v1_1", "M", MODULE_CLASS, True),)
        )
    }


def test_an_unknown_asn1_annotation_on_a_class_that_is_no_type_is_a_warning_naming_it():
    odd = class_record(entity("Odd"), annotation("ASN1Frobnicate"))
    result = interpret([odd, sequence_a()])
    assert set(result.definitions) == {entity("A")}
    expected = f"{entity('Odd')}: unknown annotation ASN1Frobnicate on a class that is not an ASN.1 type; class skipped"
    assert expected in result.warnings


def test_an_unknown_asn1_annotation_on_a_type_is_an_error_and_keep_going_skips_it():
    record = sequence_a(extra=(annotation("ASN1Frobnicate"),))
    with pytest.raises(SchemaError, match=r"misc\.A: unknown annotation ASN1Frobnicate"):
        interpret([record])
    result = interpret([record], keep_going=True)
    assert result.definitions == {}
    assert any(warning.startswith(f"skipped {entity('A')}: ") for warning in result.warnings)


def test_an_unknown_asn1_annotation_on_a_component_is_an_error_and_keep_going_skips_the_type():
    record = sequence_a(annotation("ASN1Frobnicate"))
    with pytest.raises(SchemaError, match=r"A\.a_: unknown annotation ASN1Frobnicate"):
        interpret([record])
    assert interpret([record], keep_going=True).definitions == {}


def test_set_components_follow_their_tags_and_untagged_ones_are_warned():
    set_a = annotation("ASN1Sequence", name="A", isSet=True)
    first = component("z_", "z", "Ljava/lang/Integer;", INTEGER, tag=0)
    second = component("a_", "a", "Ljava/lang/Integer;", INTEGER, tag=1)
    tagged = interpret([class_record(entity("A"), set_a, [first, second])])
    assert [c.name for c in sequence_components(tagged.definitions[entity("A")].type)] == ["z", "a"]
    assert not any("SET" in warning for warning in tagged.warnings)
    untagged_fields = [
        component("z_", "z", "Ljava/lang/Integer;", INTEGER),
        component("a_", "a", "Ljava/lang/Integer;", INTEGER),
    ]
    untagged = interpret([class_record(entity("A"), set_a, untagged_fields, init_order=["z_", "a_"])])
    assert [c.name for c in sequence_components(untagged.definitions[entity("A")].type)] == ["z", "a"]
    assert any(
        warning.startswith(f"{entity('A')}: SET components without distinct tags") for warning in untagged.warnings
    )
