import asn1tools
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.model import (
    AppMetadata,
    BitStringType,
    CharacterStringType,
    ChoiceType,
    Component,
    DeclaredModule,
    EnumeratedType,
    EnumItem,
    IntegerType,
    Literal,
    Module,
    NullType,
    ObjectIdentifierType,
    OctetStringType,
    RealType,
    SequenceOfType,
    SequenceType,
    SingleValue,
    TypeAssignment,
    TypeReference,
    ValueRange,
)
from extractor.schema.render import comment, render_module

APP = AppMetadata("app.apk", "ab" * 32, "com.example", "1.2.3", 42)


def render(*assignments, merged=()):
    module = Module("TestModule", "Test.asn1", tuple(assignments), merged)
    return render_module(module, "v1_1", APP)


def parsed(text):
    return asn1tools.parse_string(text)["TestModule"]["types"]


def test_every_type_renders_to_what_asn1tools_parses_back():
    inner = SequenceType((Component("x", IntegerType(ValueRange(-5, 5))),))
    outer = SequenceType(
        (
            Component("a", IntegerType(SingleValue(7))),
            Component("b", CharacterStringType("IA5String", SingleValue(17)), optional=True),
            Component("c", OctetStringType(ValueRange(0, 500))),
            Component("d", BitStringType(SingleValue(8))),
            Component("e", SequenceOfType(TypeReference("p.B"), ValueRange(1, 16))),
            Component("f", SequenceOfType(inner, is_set_of=True)),
            Component("g", ChoiceType((Component("n", NullType()), Component("r", RealType())))),
            Component("h", EnumeratedType((EnumItem("off", 0), EnumItem("on", 3))), default=Literal("on", True)),
            Component("i", ObjectIdentifierType()),
            Component("j", TypeReference("p.B", SingleValue(1))),
            Component("k", TypeReference("p.Text", ValueRange(1, 3))),
            Component("l", IntegerType(), default=Literal(-4)),
            Component("m", CharacterStringType("UTF8String"), default=Literal("say hi")),
        )
    )
    text = render(
        TypeAssignment("A", "p.A", "SEQUENCE", outer),
        TypeAssignment("B", "p.B", "SET", SequenceType((), is_set=True)),
        TypeAssignment("Text", "p.Text", "BOXED", CharacterStringType("IA5String")),
    )
    asn1tools.compile_string(text, "uper")
    members = {member["name"]: member for member in parsed(text)["A"]["members"]}
    assert members["a"]["restricted-to"] == [7]
    assert members["b"]["size"] == [17] and members["b"]["optional"]
    assert members["e"]["type"] == "SEQUENCE OF"
    assert members["e"]["size"] in ([(1, 16)], [[1, 16]])
    assert members["f"]["type"] == "SET OF" and members["f"]["element"]["type"] == "SEQUENCE"
    assert members["h"]["default"] == "on"
    assert members["j"]["restricted-to"] == [1]
    assert members["k"]["size"] in ([(1, 3)], [[1, 3]])
    assert members["l"]["default"] == -4
    assert members["m"]["default"] == "say hi"


def test_header_names_tool_input_and_java_classes():
    text = render(TypeAssignment("A", "com.x.A", "SEQUENCE", SequenceType(())))
    assert "sha256 " + "ab" * 32 in text
    assert "package com.example, versionName 1.2.3, versionCode 42" in text
    assert "-- SEQUENCE from Java class com.x.A" in text


def test_notes_render_as_comments():
    note = "DEFAULT value computed; OPTIONAL has the same UPER encoding"
    text = render(
        TypeAssignment("A", "p.A", "SEQUENCE", SequenceType((Component("a", OctetStringType(), True, None, note),)))
    )
    assert f"-- {note}" in text
    assert parsed(text)["A"]["members"][0]["optional"]


def test_a_boxed_type_note_renders_above_its_assignment():
    note = "the app declares ASN1SizeConstraint(max=1) on a SEQUENCE: left out"
    text = render(
        TypeAssignment("A", "p.A", "BOXED", TypeReference("p.B"), note),
        TypeAssignment("B", "p.B", "SEQUENCE", SequenceType(())),
    )
    assert f"-- BOXED from Java class p.A\n-- {note}\nA ::= B\n" in text


def test_merged_classes_resolve_to_their_keeper():
    text = render(
        TypeAssignment("A", "p.A", "SEQUENCE", SequenceType((Component("t", TypeReference("q.T")),))),
        TypeAssignment("T", "p.T", "SEQUENCE", SequenceType(())),
        merged=(("q.T", "p.T"),),
    )
    assert parsed(text)["A"]["members"][0]["type"] == "T"


@pytest.mark.parametrize("hostile", ["a\nEND", "x -- y", "x--y", "--", "tab\there", "caf\u00e9", "\\u002d"])
def test_comment_text_cannot_escape_its_line(hostile):
    safe = comment(hostile)
    assert "\n" not in safe and "--" not in safe
    assert all(" " <= character <= "~" for character in safe)


@pytest.mark.slow  # compiles a module per example
@given(st.text(max_size=60))
def test_metadata_from_the_apk_never_breaks_the_module(text):
    app = AppMetadata(text, "00", text, text, text)
    module = Module("TestModule", "Test.asn1", (TypeAssignment("A", "p." + "x", "SEQUENCE", SequenceType(())),))
    rendered = render_module(module, "v1_1", app)
    assert list(parsed(rendered)) == ["A"]


def test_the_header_names_the_declared_modules_and_the_tagging_is_automatic():
    module = Module("TestModule", "Test.asn1", (TypeAssignment("A", "p.A", "SEQUENCE", SequenceType(())),))
    declared = (
        DeclaredModule("v1_1", "ApplicationDataModule", "p.ApplicationDataModule", True),
        DeclaredModule("v1_1", "Evil--Module", "p.Evil\n", False),
    )
    text = render_module(module, "v1_1", APP, declared)
    assert "-- The app declares module ApplicationDataModule (IMPLICIT TAGS) in p.ApplicationDataModule\n" in text
    assert "-- The app declares module Evil-\\u002dModule (AUTOMATIC or EXPLICIT TAGS) in p.Evil\\u000a\n" in text
    assert asn1tools.parse_string(text)["TestModule"]["tags"] == "AUTOMATIC"
