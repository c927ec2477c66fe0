"""The client model of small hand-written outputs: kinds, references, typed defaults and collisions."""

from __future__ import annotations

import json

import pytest

from extractor.errors import InputError
from extractor.generate.client_model import (
    ClientType,
    Definition,
    EnumDefault,
    Field,
    Kind,
    ListOf,
    NullDefault,
    Primitive,
    Reference,
    TypeId,
    client_model,
)
from extractor.model import EnumItem
from extractor.schema.stored import load_files

HEADER = "DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n\n"


def output(modules: dict[str, str], version: str = "v1_1") -> dict[str, str]:
    """An output folder in memory: `<version>/<file>` → module text, and an index naming every type."""
    files, types = {}, []
    for file_name, body in modules.items():
        module = file_name.removesuffix(".asn1").replace("_", "")
        files[f"{version}/{file_name}"] = f"{module} {HEADER}{body}\n\nEND\n"
        for line in body.splitlines():
            if " ::= " in line and not line.startswith(" "):
                name = line.split(" ::= ")[0]
                entry = {"version": version, "module": module, "file": f"{version}/{file_name}", "name": name}
                types.append({**entry, "java_class": f"j.{module}.{name}", "kind": "BOXED"})
    document = {"input": {"file": "t.apk", "sha256": "00"}, "versions": [version], "types": types}
    files["index.json"] = json.dumps(document)
    return files


def version_of(modules: dict[str, str]):
    [version] = client_model(load_files("out", output(modules))).versions
    return version


def test_kinds_fields_references_and_inline_types():
    version = version_of(
        {
            "ApplicationData.asn1": "Colour ::= ENUMERATED { red(0), darkBlue(5) }\n\n"
            "Paint ::= Colour\n\n"
            "Car ::= SEQUENCE { colour Colour, wheels SEQUENCE OF SEQUENCE { size INTEGER }, "
            "mode CHOICE { off NULL, on BOOLEAN }, extra OCTET STRING OPTIONAL }"
        }
    )
    car = version.type(TypeId("Car"))
    assert car.kind is Kind.RECORD and car.asn1_name == "Car"
    assert car.fields == (
        Field("colour", Reference(TypeId("Colour"))),
        Field("wheels", ListOf(Reference(TypeId("Car", ".wheels[]")))),
        Field("mode", Reference(TypeId("Car", ".mode"))),
        Field("extra", Primitive.OCTET_STRING, optional=True),
    )
    wheel = version.type(TypeId("Car", ".wheels[]"))
    assert (wheel.kind, wheel.asn1_name, wheel.definition) == (Kind.RECORD, "Car.wheels[]", None)
    assert wheel.fields == (Field("size", Primitive.INTEGER),)
    mode = version.type(TypeId("Car", ".mode"))
    # Every alternative of a CHOICE may be absent.
    assert mode.kind is Kind.CHOICE
    assert mode.fields == (Field("off", Primitive.NULL, optional=True), Field("on", Primitive.BOOLEAN, optional=True))
    colour = version.type(TypeId("Colour"))
    assert colour.kind is Kind.ENUMERATION and colour.items == (EnumItem("red", 0), EnumItem("darkBlue", 5))
    assert version.type(TypeId("Paint")) == ClientType(
        TypeId("Paint"),
        Kind.ALIAS,
        "Paint",
        Definition("ApplicationData.asn1", "j.ApplicationData.Paint", ("Paint ::= Colour",)),
        target=Reference(TypeId("Colour")),
    )
    # Named types by key, each followed by the inline types it holds.
    assert [t.id for t in version.types] == [
        TypeId("Car"),
        TypeId("Car", ".wheels[]"),
        TypeId("Car", ".mode"),
        TypeId("Colour"),
        TypeId("Paint"),
    ]
    assert version.body is None


def test_defaults_are_typed_values_and_a_default_no_value_spells_makes_the_field_optional():
    version = version_of(
        {
            "ApplicationData.asn1": "Colour ::= ENUMERATED { red(0), blue(1) }\n\n"
            "Paint ::= Colour\n\n"
            "Nothing ::= NULL\n\n"
            "T ::= SEQUENCE { count INTEGER DEFAULT -3, flag BOOLEAN DEFAULT FALSE, "
            'text IA5String DEFAULT "x", colour Colour DEFAULT blue, state ENUMERATED { on(0), off(1) } DEFAULT off, '
            "paint Paint DEFAULT red, ratio REAL DEFAULT 1.5, none Nothing, plain INTEGER }"
        }
    )
    fields = {item.name: item for item in version.type(TypeId("T")).fields}
    assert fields["count"].default == -3 and type(fields["count"].default) is int
    assert fields["flag"].default is False
    assert fields["text"].default == "x"
    assert fields["colour"].default == EnumDefault(TypeId("Colour"), "blue")
    assert fields["state"].default == EnumDefault(TypeId("T", ".state"), "off")
    # A required NULL (through an alias too) holds its one value.
    assert fields["none"].default == NullDefault() and not fields["none"].optional
    # An enumeration reached through an alias, and a REAL DEFAULT: no value of the field's type spells them.
    assert (fields["paint"].default, fields["paint"].optional) == (None, True)
    assert (fields["ratio"].default, fields["ratio"].optional) == (None, True)
    assert (fields["plain"].default, fields["plain"].optional) == (None, False)


LANGUAGE_LOGIN = "LanguageType ::= ENUMERATED { english(0), chinese(1) }"
LANGUAGE_DISPATCHER = "LanguageType ::= ENUMERATED { english(0), german(1) }"
COUNTER = "Counter ::= SEQUENCE { up INTEGER }"


def test_one_name_defined_differently_in_two_modules_is_told_apart_by_its_module():
    version = version_of(
        {
            "ApplicationData.asn1": f"{LANGUAGE_LOGIN}\n\n{COUNTER}\n\nHolder ::= SEQUENCE {{ lang LanguageType }}",
            "MP_DispatcherBody.asn1": f"{LANGUAGE_DISPATCHER}\n\n{COUNTER}\n\n"
            "Holder ::= SEQUENCE { lang LanguageType }\n\n"
            "MPDispatcherBody ::= SEQUENCE { applicationDataLength INTEGER, lang LanguageType, "
            "counter Counter, holder Holder }",
        }
    )
    keys = sorted(t.id.key for t in version.named)
    # Counter is the same in both: one type. Holder reads alike but its LanguageType is another one.
    assert keys == [
        "Counter",
        "Holder",
        "LanguageType",
        "MPDispatcherBody",
        "MP_DispatcherBody.asn1:Holder",
        "MP_DispatcherBody.asn1:LanguageType",
    ]
    login = version.type(TypeId("LanguageType")).definition
    dispatcher = version.type(TypeId("MP_DispatcherBody.asn1:LanguageType")).definition
    assert (login.file_name, login.collides) == ("ApplicationData.asn1", False)
    assert (dispatcher.file_name, dispatcher.collides, dispatcher.java_class) == (
        "MP_DispatcherBody.asn1",
        True,
        "j.MPDispatcherBody.LanguageType",
    )
    assert version.body == TypeId("MPDispatcherBody")
    body = {item.name: item for item in version.type(version.body).fields}
    assert body["lang"].type == Reference(TypeId("MP_DispatcherBody.asn1:LanguageType"))
    assert body["counter"].type == Reference(TypeId("Counter"))
    assert body["holder"].type == Reference(TypeId("MP_DispatcherBody.asn1:Holder"))
    # The length of the application data is computed on encode: 0 stands in.
    assert body["applicationDataLength"].default == 0
    assert version.module_texts[0][0] == "MP_DispatcherBody.asn1"


def test_versions_come_in_name_order_with_the_app_of_the_index():
    files = {**output({"ApplicationData.asn1": COUNTER}, "v2_1"), **output({"ApplicationData.asn1": COUNTER}, "v1_1")}
    files["index.json"] = json.dumps(
        {**json.loads(files["index.json"]), "versions": ["v2_1", "v1_1"], "input": {"file": "a.apk", "sha256": "ff"}}
    )
    model = client_model(load_files("out", files))
    assert [version.version for version in model.versions] == ["v1_1", "v2_1"]
    assert (model.app.source_name, model.app.sha256) == ("a.apk", "ff")


def test_a_name_asn1_would_not_write_is_an_input_error_naming_it():
    files = output({"ApplicationData.asn1": "T ::= SEQUENCE { a INTEGER }"})
    files["v1_1/ApplicationData.asn1"] = files["v1_1/ApplicationData.asn1"].replace("{ a ", "{ a- ")
    with pytest.raises(InputError, match=r"^v1_1: T: 'a-' is not an ASN.1 identifier$"):
        client_model(load_files("out", files))


def test_types_referring_to_one_shared_type_are_shared_too():
    version = version_of(
        {
            "ApplicationData.asn1": COUNTER,
            "MP_DispatcherBody.asn1": f"{COUNTER}\n\nPair ::= SEQUENCE {{ a Counter }}",
            "MP_DispatcherHeader.asn1": f"{COUNTER}\n\nPair ::= SEQUENCE {{ a Counter }}",
        }
    )
    assert sorted(t.id.key for t in version.named) == ["Counter", "Pair"]
    assert version.type(TypeId("Pair")).definition.file_name == "MP_DispatcherBody.asn1"
