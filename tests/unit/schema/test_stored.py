"""An output folder read back is the model `extract` built: the parse step inverts the render step."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.errors import InputError
from extractor.model import (
    AppMetadata,
    BitStringType,
    BooleanType,
    CharacterStringType,
    ChoiceType,
    Component,
    EnumeratedType,
    EnumItem,
    IntegerType,
    Literal,
    Module,
    NullType,
    OctetStringType,
    SequenceOfType,
    SequenceType,
    SingleValue,
    TypeAssignment,
    TypeReference,
    ValueRange,
)
from extractor.schema.output import INDEX_FILE
from extractor.schema.render import render_module
from extractor.schema.stored import constraint_text, load_files, read_index, read_output

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "generated_schemas" / "sample"
APP = AppMetadata("t.apk", "0" * 64)


def stripped(value):
    """The model without `note`s: they are comments in the module text, which the parser does not read."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: stripped(getattr(value, field.name)) for field in dataclasses.fields(value)}
        if "note" in fields:
            fields["note"] = None
        return type(value)(**fields)
    if isinstance(value, tuple):
        return tuple(stripped(item) for item in value)
    return value


def index_of(module: Module, file: str = "v1_1/M.asn1") -> str:
    types = [
        {
            "version": "v1_1",
            "module": module.name,
            "file": file,
            "name": a.name,
            "java_class": a.java_class,
            "kind": a.kind,
        }
        for a in module.assignments
    ]
    document = {"generator": "saic-asn1", "input": {"file": "t.apk"}, "versions": ["v1_1"], "types": types}
    return json.dumps(document)


def read_back(module: Module) -> Module:
    files = {INDEX_FILE: index_of(module), "v1_1/M.asn1": render_module(module, "v1_1", APP)}
    [stored] = load_files("out", files).modules
    return stored.module


# Every kind the renderer writes, with each constraint form, DEFAULT literals of each kind and nesting.
bound = st.integers(-(2**40), 2**40)
constraint = st.one_of(
    st.none(),
    st.builds(SingleValue, bound),
    st.tuples(bound, bound).map(lambda pair: ValueRange(min(pair), max(pair))),
)
size = st.one_of(
    st.none(),
    st.builds(SingleValue, st.integers(0, 70000)),
    st.tuples(st.integers(0, 70000), st.integers(0, 70000)).map(lambda pair: ValueRange(min(pair), max(pair))),
)
identifier = st.from_regex(r"[a-z][a-zA-Z0-9]{0,8}", fullmatch=True)
enumerated = st.lists(identifier, min_size=1, max_size=5, unique=True).map(
    lambda names: EnumeratedType(tuple(EnumItem(name, number * 3) for number, name in enumerate(names)))
)
primitive = st.one_of(
    st.builds(IntegerType, constraint),
    st.just(BooleanType()),
    st.just(NullType()),
    st.builds(OctetStringType, size),
    st.builds(BitStringType, size),
    st.builds(CharacterStringType, st.sampled_from(["IA5String", "UTF8String", "NumericString", "BMPString"]), size),
    enumerated,
)


def components(element):
    return st.lists(st.tuples(identifier, element, st.booleans()), max_size=4, unique_by=lambda item: item[0]).map(
        lambda items: tuple(Component(name, type_, optional=optional) for name, type_, optional in items)
    )


types = st.recursive(
    primitive,
    lambda inner: st.one_of(
        st.builds(SequenceOfType, inner, size, st.booleans()),
        st.builds(SequenceType, components(inner), st.booleans()),
        components(inner)
        .filter(bool)
        .map(lambda alternatives: ChoiceType(tuple(dataclasses.replace(c, optional=False) for c in alternatives))),
    ),
    max_leaves=8,
)


@given(types)
def test_every_type_the_renderer_writes_reads_back_as_itself(type_):
    module = Module("M", "M.asn1", (TypeAssignment("Subject", "a.Subject", "BOXED", type_),))
    assert read_back(module) == module


def test_references_defaults_and_reference_constraints_read_back():
    colour = TypeAssignment(
        "Colour", "a.Colour", "ENUMERATED", EnumeratedType((EnumItem("red", 0), EnumItem("blue", 4)))
    )
    percent = TypeAssignment("Percent", "a.Percent", "BOXED", IntegerType(ValueRange(0, 100)))
    name = TypeAssignment("Name", "a.Name", "BOXED", CharacterStringType("IA5String", ValueRange(1, 40)))
    holder = TypeAssignment(
        "Holder",
        "a.Holder",
        "SEQUENCE",
        SequenceType(
            (
                Component("colour", TypeReference("a.Colour"), default=Literal("blue", is_enum_item=True)),
                Component("level", TypeReference("a.Percent", SingleValue(50))),
                Component("label", TypeReference("a.Name", ValueRange(2, 3)), optional=True),
                Component("text", CharacterStringType("UTF8String"), default=Literal("blue")),
                Component("flag", BooleanType(), default=Literal(False)),
                Component("count", IntegerType(), default=Literal(-7)),
            )
        ),
    )
    module = Module("M", "M.asn1", (colour, percent, name, holder))
    assert read_back(module) == module


def test_the_sample_output_is_the_model_extract_built():
    from extractor.schema.extract import extract

    result = extract([ROOT / "samples" / "ismart-sample.apk"])
    stored = load_files("sample", result.files)
    assert stored.extraction() == stripped(result.extraction)


def test_read_output_reads_a_folder_and_answers_about_its_types():
    stored = read_output(SAMPLE)
    assert stored.versions == ("v1_1", "v1_2", "v2_1", "v3_0")
    module = stored.module("v2_1", "ApplicationData.asn1")
    assert module is not None
    alias = module.assignment("LastKnownPosition")
    assert alias is not None
    # LastKnownPosition ::= RvsPosition, a SEQUENCE of four components in the sample's source.
    assert isinstance(alias.type, TypeReference) and module.name_of(alias.type) == "RvsPosition"
    resolved = module.resolve(alias.type)
    assert isinstance(resolved, SequenceType)
    assert [c.name for c in resolved.components] == ["latitude", "longitude", "altitude", "fix"]
    assert (
        module.java_class("RvsPosition")
        == "com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.entity.vehicle.RvsPosition"
    )
    assert module.definition_text("RvcParam") == (
        "RvcParam ::= SEQUENCE",
        "{",
        "  paramId INTEGER(0..65535),",
        "  paramValue OCTET STRING(SIZE(1..255))",
        "}",
    )
    assert (module.definition_block("RvcParam") or "").startswith("-- SEQUENCE from Java class ")


def test_a_reference_cycle_resolves_to_its_first_repeat():
    module = Module(
        "M",
        "M.asn1",
        (
            TypeAssignment("A", "a.A", "BOXED", TypeReference("a.B")),
            TypeAssignment("B", "a.B", "BOXED", TypeReference("a.A")),
        ),
    )
    [stored] = load_files("out", {"v1_1/M.asn1": render_module(module, "v1_1", APP)}).modules
    assert stored.resolve(TypeReference("v1_1/M.asn1#A")) == TypeReference("v1_1/M.asn1#A")


def test_without_an_index_types_are_known_by_place_and_their_java_class_is_unknown():
    text = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\nT ::= SEQUENCE { a U }\nU ::= BOOLEAN\nEND\n"
    [stored] = load_files("out", {"v1_1/M.asn1": text}).modules
    assert stored.java_class("T") is None
    by_name = {assignment.name: assignment for assignment in stored.assignments}
    assert by_name["T"].kind == "SEQUENCE" and by_name["U"].kind == "BOXED"
    assert by_name["T"].type == SequenceType((Component("a", TypeReference("v1_1/M.asn1#U")),))


def test_index_json_reads_typed_with_merged_classes():
    index = read_index(SAMPLE)
    assert index.app.version_code == 100 and index.app.package == "com.saicmotor.ismart.sample"
    assert index.versions == ("v1_1", "v1_2", "v2_1", "v3_0")
    every = len(json.loads((SAMPLE / INDEX_FILE).read_text())["types"])
    assert len(index.entries) == every and len(index.types()) <= every


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("M DEFINITIONS ::= BEGIN T ::= SEQUENCE { a Missing } END", "v1_1/M.asn1: T.a uses Missing"),
        ("M DEFINITIONS ::= BEGIN T ::= INTEGER (0..MAX) END", "T has a constraint other than"),
        ("M DEFINITIONS ::= BEGIN T ::= INTEGER (1 | 3) END", "T has a constraint other than"),
        ("M DEFINITIONS ::= BEGIN T ::= SEQUENCE { a BOOLEAN, ... } END", "T has an extension marker"),
        ("not asn.1", "v1_1/M.asn1: not readable ASN.1"),
    ],
)
def test_a_module_the_model_cannot_hold_is_an_input_error_naming_it(text, message):
    with pytest.raises(InputError, match="^out/v1_1/M.asn1: ") as raised:
        load_files("out", {"v1_1/M.asn1": text})
    assert message in str(raised.value)


def test_an_index_listing_a_missing_module_is_refused():
    module = Module("M", "M.asn1", (TypeAssignment("T", "a.T", "BOXED", BooleanType()),))
    files = {INDEX_FILE: index_of(module, file="v1_1/Other.asn1"), "v1_1/M.asn1": render_module(module, "v1_1", APP)}
    with pytest.raises(InputError, match="lists v1_1/Other.asn1, which is missing"):
        load_files("out", files)


def test_constraint_text():
    assert constraint_text(ValueRange(-1, 65536)) == "(-1..65536)"
    assert constraint_text(SingleValue(9)) == "(9)"
