"""The Python naming pass on hand-written client models: PEP 8 names, keywords, collisions, shapes."""

from __future__ import annotations

import pytest

from extractor.errors import InputError
from extractor.generate.client_model import (
    ClientModel,
    ClientType,
    ClientVersion,
    Definition,
    EnumDefault,
    Field,
    Kind,
    ListOf,
    NullDefault,
    Primitive,
    Reference,
    TypeId,
)
from extractor.generate.pymodel import PyField, attribute_name, load_package, python_package, python_type_text
from extractor.model import (
    AppMetadata,
    BitStringType,
    CharacterStringType,
    ChoiceType,
    EnumeratedType,
    EnumItem,
    IntegerType,
    NullType,
    ObjectIdentifierType,
    SequenceOfType,
    SequenceType,
    TypeReference,
)
from extractor.schema.output import INDEX_FILE
from tests.unit.release.releases import index_json, module

APP = AppMetadata("t.apk", "00", package="com.x", version_code=7)


def named(key: str, kind: Kind, file_name: str = "ApplicationData.asn1", collides: bool = False, **parts):
    name = key.rsplit(":", 1)[-1]
    return ClientType(
        TypeId(key), kind, name, Definition(file_name, f"j.{name}", (f"{name} ::= ..",), collides), **parts
    )


def module_of(*types: ClientType, body: TypeId | None = None, version: str = "v1_1"):
    package = python_package(ClientModel(APP, (ClientVersion(version, types, body, ()),)), "pkg", "out")
    [module] = package.modules
    return module


def classes_of(module):
    return {cls.name: cls for cls in module.classes}


@pytest.mark.parametrize(
    ("asn1", "python"),
    [
        ("applicationDataLength", "application_data_length"),
        ("vehicleVINCode", "vehicle_vin_code"),
        ("httpURLValue", "http_url_value"),
        ("vin", "vin"),
        ("fix2D", "fix2_d"),
        ("aBC", "a_bc"),
        ("match-Case", "match_case"),
        ("uid2Value", "uid2_value"),
    ],
)
def test_attribute_names_are_pep8_with_acronyms_kept_together(asn1, python):
    assert attribute_name(asn1) == python


def test_fields_escape_keywords_reserved_names_and_each_other():
    holder = named(
        "Holder",
        Kind.RECORD,
        fields=(
            Field("class", Primitive.INTEGER),
            Field("type", Primitive.INTEGER),
            Field("self", Primitive.INTEGER),
            Field("match", Primitive.INTEGER),
            Field("aB", Primitive.INTEGER),
            Field("a-b", Primitive.BOOLEAN, optional=True),
        ),
    )
    [cls] = module_of(holder).classes
    assert [(item.name, item.asn1_name) for item in cls.fields] == [
        ("class_", "class"),
        ("type_", "type"),
        ("self_", "self"),
        ("match_", "match"),
        ("a_b", "aB"),
        ("a_b_", "a-b"),
    ]
    assert cls.fields[-1] == PyField("a_b_", "a-b", "bool | None", "_rt.BOOLEAN", "None", True)


def test_enum_members_are_upper_case_and_unique():
    colour = named(
        "Colour", Kind.ENUMERATION, items=(EnumItem("none", 0), EnumItem("vehicleVINCode", 1), EnumItem("iDLE", 2))
    )
    twins = named("Twins", Kind.ENUMERATION, items=(EnumItem("aB", 0), EnumItem("a-b", 1)))
    classes = classes_of(module_of(colour, twins))
    assert classes["Colour"].members == (("NONE", "none"), ("VEHICLE_VIN_CODE", "vehicleVINCode"), ("I_DLE", "iDLE"))
    assert classes["Twins"].members == (("A_B", "aB"), ("A_B_", "a-b"))


def test_a_colliding_type_gets_its_module_as_suffix_and_reserved_class_names_an_underscore():
    login = named("LanguageType", Kind.ENUMERATION, items=(EnumItem("english", 0),))
    dispatcher = named(
        "MP_DispatcherBody.asn1:LanguageType",
        Kind.ENUMERATION,
        "MP_DispatcherBody.asn1",
        collides=True,
        items=(EnumItem("german", 0),),
    )
    body = named(
        "MPDispatcherBody",
        Kind.RECORD,
        "MP_DispatcherBody.asn1",
        fields=(Field("lang", Reference(dispatcher.id)), Field("applicationDataLength", Primitive.INTEGER, default=0)),
    )
    ambiguous = named("I", Kind.ALIAS, target=Primitive.INTEGER)
    module = module_of(login, dispatcher, body, ambiguous, body=body.id)
    classes = classes_of(module)
    assert set(classes) == {"LanguageType", "LanguageType_DispatcherBody", "MPDispatcherBody", "I_"}
    assert module.body_class == "MPDispatcherBody"
    lang, length = classes["MPDispatcherBody"].fields
    assert (lang.annotation, lang.shape) == (
        "LanguageType_DispatcherBody",
        "_rt.Ref(_SHAPES, 'MP_DispatcherBody.asn1:LanguageType')",
    )
    assert length.default == "0"
    assert dict(module.shapes) == {
        "I": "_rt.INTEGER",
        "LanguageType": "_rt.EnumShape(LanguageType)",
        "MP_DispatcherBody.asn1:LanguageType": "_rt.EnumShape(LanguageType_DispatcherBody)",
        "MPDispatcherBody": "_rt.SequenceShape(MPDispatcherBody)",
    }


def test_inline_types_are_named_after_their_holder_and_come_first():
    state = ClientType(
        TypeId("Car", ".state"), Kind.ENUMERATION, "Car.state", items=(EnumItem("on", 0), EnumItem("off", 1))
    )
    wheel = ClientType(TypeId("Car", ".wheels[]"), Kind.RECORD, "Car.wheels[]", fields=(Field("size", Primitive.REAL),))
    car = named(
        "Car",
        Kind.RECORD,
        fields=(
            Field("state", Reference(state.id), default=EnumDefault(state.id, "off")),
            Field("wheels", ListOf(Reference(wheel.id))),
            Field("horn", Primitive.NULL, default=NullDefault()),
            Field("name", Primitive.CHARACTER_STRING, default="a\"b'"),
            Field("bits", Primitive.BIT_STRING, optional=True),
        ),
    )
    row = ClientType(TypeId("Rows", "[]"), Kind.RECORD, "Rows[]", fields=(Field("q", Primitive.ANY),))
    rows = named("Rows", Kind.ALIAS, target=ListOf(Reference(row.id)))
    module = module_of(car, state, wheel, rows, row)
    assert [(cls.kind, cls.name, cls.asn1_name) for cls in module.classes] == [
        ("enum", "Car_state", "Car.state"),
        ("sequence", "Car_wheels", "Car.wheels[]"),
        ("sequence", "Car", "Car"),
        ("sequence", "Rows_", "Rows[]"),
        ("alias", "Rows", "Rows"),
    ]
    classes = classes_of(module)
    assert [(item.annotation, item.shape, item.default) for item in classes["Car"].fields] == [
        ("Car_state", "_rt.EnumShape(Car_state)", "Car_state.OFF"),
        ("list[Car_wheels]", "_rt.ListOf(_rt.SequenceShape(Car_wheels))", ""),
        ("_rt.Null", "_rt.NULL", "_rt.Null.NULL"),
        ("str", "_rt.STRING", "'a\"b\\''"),
        ("_rt.BitString | None", "_rt.BITS", "None"),
    ]
    assert classes["Rows"].target == "list[Rows_]"
    assert classes["Car_state"].doc == ("Inline type Car.state of v1_1.",)
    assert classes["Car"].doc == ("ASN.1 type Car (v1_1/ApplicationData.asn1), Java class j.Car:", "", "Car ::= ..")
    assert dict(module.shapes)["Rows"] == "_rt.ListOf(_rt.SequenceShape(Rows_))"


def test_the_package_keeps_the_apps_facts_as_source_lines_and_refuses_odd_version_names():
    package = python_package(ClientModel(APP, (ClientVersion("v1_1", (), None, (("A.asn1", "text"),)),)), "pkg", "o")
    assert package.source == ("file: t.apk", "package: com.x", "sha256: 00", "versionCode: 7")
    assert package.schema_files == {"v1_1/A.asn1": "text"}
    with pytest.raises(InputError, match=r"^o/v1\.1: version folders are named vN_N$"):
        python_package(ClientModel(APP, (ClientVersion("v1.1", (), None, ()),)), "pkg", "o")


def test_python_type_text_of_model_types_names_references_by_their_asn1_name():
    def name_of(reference: TypeReference) -> str:
        return {"j.Holder": "Holder-Two"}[reference.java_class]

    assert python_type_text(TypeReference("j.Holder"), name_of) == "Holder_Two"
    assert python_type_text(SequenceOfType(SequenceOfType(IntegerType())), name_of) == "list[list[int]]"
    assert python_type_text(CharacterStringType("NumericString"), name_of) == "str"
    assert python_type_text(ObjectIdentifierType(), name_of) == "str"
    assert python_type_text(BitStringType(), name_of) == "_rt.BitString"
    assert python_type_text(NullType(), name_of) == "_rt.Null"
    assert python_type_text(EnumeratedType((EnumItem("on", 0),)), name_of) == "an inline ENUMERATED"
    assert python_type_text(ChoiceType(()), name_of) == "an inline CHOICE"
    assert python_type_text(SequenceType((), is_set=True), name_of) == "an inline SET"
    assert python_type_text(ChoiceType(()), name_of) == "an inline CHOICE"


def test_required_fields_are_not_optional_and_inline_types_of_hyphenated_fields_are_valid_names():
    inline = ClientType(TypeId("Holder", ".gps-fix"), Kind.ENUMERATION, "Holder.gps-fix", items=(EnumItem("no", 0),))
    holder = named("Holder", Kind.RECORD, fields=(Field("gps-fix", Reference(inline.id)),))
    classes = classes_of(module_of(holder, inline))
    assert classes["Holder"].fields == (
        PyField("gps_fix", "gps-fix", "Holder_gps_fix", "_rt.EnumShape(Holder_gps_fix)", "", False),
    )


def test_a_type_whose_output_names_no_java_class_says_unknown():
    plain = ClientType(
        TypeId("T"), Kind.ALIAS, "T", Definition("ApplicationData.asn1", None, ("T ::= ..",)), target=Primitive.INTEGER
    )
    assert classes_of(module_of(plain))["T"].doc[0] == "ASN.1 type T (v1_1/ApplicationData.asn1), Java class unknown:"


def test_application_data_types_are_named_before_the_other_modules():
    # Both give the Python name `Language_DispatcherBody`: the ApplicationData type keeps it whatever the key order.
    own = named("Language-DispatcherBody", Kind.ALIAS, target=Primitive.INTEGER)
    other = named("A.asn1:Language", Kind.ALIAS, "MP_DispatcherBody.asn1", collides=True, target=Primitive.BOOLEAN)
    classes = classes_of(module_of(other, own))
    assert classes["Language_DispatcherBody"].asn1_name == "Language-DispatcherBody"
    assert classes["Language_DispatcherBody_"].asn1_name == "Language"


def test_load_package_checks_the_package_name_and_names_the_output_in_its_errors():
    body = "Status ::= SEQUENCE { speed INTEGER(0..255) }"
    files = {INDEX_FILE: index_json(body, "1.0"), "v2_1/ApplicationData.asn1": module(body, "1.0")}
    package = load_package(files, "my_client", "out")
    assert package.name == "my_client" and [cls.name for cls in package.modules[0].classes] == ["Status"]
    for bad in ("class", "2fast", "my-client", "clïent", ""):
        with pytest.raises(InputError, match=f"^--package {bad!r}: not a Python package name"):
            load_package(files, bad, "out")
    with pytest.raises(InputError, match=r"^out: not an extraction output \(no index.json\)"):
        load_package({"v2_1/ApplicationData.asn1": module(body, "1.0")}, "pkg", "out")
    with pytest.raises(InputError, match=r"^out: holds no <version>/\*\.asn1 schemas$"):
        load_package({INDEX_FILE: files[INDEX_FILE]}, "pkg", "out")
    dotted = {INDEX_FILE: files[INDEX_FILE].replace("v2_1", "v2.1"), "v2.1/ApplicationData.asn1": module(body, "1.0")}
    with pytest.raises(InputError, match=r"^out/v2\.1: version folders are named vN_N$"):
        load_package(dotted, "pkg", "out")


def test_a_version_imports_what_it_lacks_from_the_lower_minors_of_its_major_nearest_first():
    def version(name: str, *classes: str) -> ClientVersion:
        return ClientVersion(name, tuple(named(key, Kind.ALIAS, target=Primitive.INTEGER) for key in classes), None, ())

    versions = (
        version("v1_0", "A", "B"),
        version("v1_2", "B"),
        version("v2_0", "A"),
        version("v2_1", "B"),
        version("v2_2", "Vehicle-Status"),
    )
    modules = {module.version: module for module in python_package(ClientModel(APP, versions), "pkg", "o").modules}
    # v1_1 is missing: v1_2 still reaches v1_0; v2_2 takes B from v2_1 and A from v2_0, never from v1_x.
    assert modules["v1_2"].imports == (("v1_0", ("A",)),)
    assert modules["v2_2"].imports == (("v2_1", ("B",)), ("v2_0", ("A",)))
    assert modules["v1_0"].imports == () and [cls.name for cls in modules["v2_2"].classes] == ["Vehicle_Status"]
    assert modules["v2_2"].body_class == ""


def test_named_enumerations_are_listed_before_inline_ones():
    state = ClientType(TypeId("Car", ".state"), Kind.ENUMERATION, "Car.state", items=(EnumItem("on", 0),))
    car = named("Car", Kind.RECORD, fields=(Field("state", Reference(state.id)),))
    colour = named("Colour", Kind.ENUMERATION, items=(EnumItem("red", 0),))
    assert [cls.name for cls in module_of(car, state, colour).classes] == ["Colour", "Car_state", "Car"]


def test_the_source_lines_carry_the_version_name_and_leave_out_empty_facts():
    app = AppMetadata("t.apk", "", package="com.x", version_name="1.0", version_code=7)
    package = python_package(ClientModel(app, ()), "pkg", "o")
    assert package.source == ("file: t.apk", "package: com.x", "versionCode: 7", "versionName: 1.0")
