import asn1tools
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.errors import SchemaError
from extractor.schema.names import (
    TYPE_REFERENCE,
    distinct_names,
    identifier,
    type_reference,
)


@pytest.mark.parametrize(
    ("annotation_name", "expected"),
    [
        ("MP_DispatcherBody", "MPDispatcherBody"),
        ("OTA_RVMVehicleStatusResp25857", "OTARVMVehicleStatusResp25857"),
        ("mpUserLoggingInReq", "MPUserLoggingInReq"),
        ("mp_AlarmSettingType", "MPAlarmSettingType"),
        ("vinInfo", "VinInfo"),
        ("Timestamp", "Timestamp"),
    ],
)
def test_type_reference_normalises_like_the_community_schemas(annotation_name, expected):
    assert type_reference(annotation_name, "x.Y") == expected


@pytest.mark.parametrize(
    "bad", ["", "_", "A--B", "A-", "9Lives", "INTEGER", "Bad Name", "Line\nBreak", "A;B", "X" * 300]
)
def test_invalid_type_names_are_rejected_naming_the_class(bad):
    with pytest.raises(SchemaError, match=r"com\.x\.Holder"):
        type_reference(bad, "com.x.Holder")


@pytest.mark.parametrize(
    ("name", "expected"), [("gpsPosition", "gpsPosition"), ("Vin", "vin"), ("mcc_Network", "mccNetwork")]
)
def test_identifier(name, expected):
    assert identifier(name, "x") == expected


@pytest.mark.parametrize("bad", ["", "a b", "a--b", "1st", "-x", "x\n-- injected"])
def test_invalid_identifiers_are_rejected(bad):
    with pytest.raises(SchemaError, match="com.x.Y.f"):
        identifier(bad, "com.x.Y.f")


# Any text, and text shaped like Java and annotation names (where normalisation has work to do).
APK_NAMES = st.one_of(st.text(max_size=40), st.from_regex(r"(mp|MP)?[A-Za-z_][A-Za-z0-9_-]{0,20}", fullmatch=True))


def normalised_or_none(function, text: str) -> str | None:
    try:
        return function(text, "com.x.Y")
    except SchemaError as error:
        assert "com.x.Y" in error.message and "\n" not in error.message
        return None


@pytest.mark.slow  # compiles a module per example
@given(APK_NAMES, APK_NAMES)
def test_whatever_the_apk_says_returned_names_make_a_module_asn1tools_parses(type_text, component_text):
    name, component = normalised_or_none(type_reference, type_text), normalised_or_none(identifier, component_text)
    if name is None or component is None:
        return
    module = f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{name} ::= SEQUENCE {{ {component} INTEGER }}\nEND\n"
    types = asn1tools.parse_string(module)["M"]["types"]
    assert list(types) == [name] and [member["name"] for member in types[name]["members"]] == [component]


@given(APK_NAMES)
def test_normalisation_only_drops_underscores_and_changes_case_and_is_stable(text):
    for function in (type_reference, identifier):
        name = normalised_or_none(function, text)
        if name is not None:
            assert name.lower() == text.replace("_", "").lower()
            assert function(name, "x") == name


def test_distinct_names_keeps_the_first_class_and_suffixes_the_package():
    base = "com.saicmotor.telematics.tsgp.otaadapter.mp.v1_1.entity.message"
    taken = {"Message"}
    names = distinct_names("Message", [f"{base}.Message", f"{base}.v1_2.Message"], taken)
    assert names == {f"{base}.Message": "Message", f"{base}.v1_2.Message": "MessageV12"}
    assert {"Message", "MessageV12"} <= taken


def test_distinct_names_never_collides_with_taken_names():
    taken = {"Message", "MessageV12"}
    names = distinct_names("Message", ["a.b.Message", "a.b.v1_2.Message", "a.c.v1_2.Message"], taken)
    assert len(set(names.values())) == 3
    assert names["a.b.Message"] == "Message"
    assert all(TYPE_REFERENCE.fullmatch(name) for name in names.values())
    assert "MessageV12" not in names.values()


def test_names_of_256_characters_are_kept_and_longer_ones_refused():
    # The limit is MAX_NAME_LENGTH = 256 characters after the underscores are dropped.
    assert type_reference("T" + "x" * 255, "C") == "T" + "x" * 255
    assert identifier("f" + "x" * 255, "C") == "f" + "x" * 255
    assert identifier("f_" + "x" * 255, "C") == "f" + "x" * 255
    with pytest.raises(SchemaError, match="not a valid ASN.1 type reference"):
        type_reference("T" + "x" * 256, "C")
    with pytest.raises(SchemaError, match="not a valid ASN.1 identifier"):
        identifier("f" + "x" * 256, "C")


def test_distinct_names_number_from_2_after_the_suffix_and_fill_taken():
    # Worked out by hand: a.b.v1_2 lacks segment "v1_2" of the keeper's a.b → suffix "V12", taken →
    # "MessageV122"; a.c.v1_2 lacks "c" and "v1_2", the last → "V12" again → "MessageV123".
    taken = {"Message", "MessageV12"}
    names = distinct_names("Message", ["a.b.Message", "a.b.v1_2.Message", "a.c.v1_2.Message"], taken)
    assert names == {"a.b.Message": "Message", "a.b.v1_2.Message": "MessageV122", "a.c.v1_2.Message": "MessageV123"}
    assert taken == {"Message", "MessageV12", "MessageV122", "MessageV123"}


def test_distinct_names_in_the_keepers_package_take_its_last_segment():
    # `Message_` normalises to `Message` too; its package has no segment the keeper's lacks.
    names = distinct_names("Message", ["a.ota_adapter.Message", "a.ota_adapter.Message_"], set())
    assert names == {"a.ota_adapter.Message": "Message", "a.ota_adapter.Message_": "MessageOtaAdapter"}


def test_distinct_names_drop_a_suffix_that_is_no_type_reference_and_number_instead():
    # `$` may be in a Java package name, never in an ASN.1 type reference.
    names = distinct_names("Message", ["a.Message", "a.b$c.Message", "a.d$e.Message"], set())
    assert names == {"a.Message": "Message", "a.b$c.Message": "Message2", "a.d$e.Message": "Message3"}


def test_distinct_names_take_the_last_segment_the_keepers_package_lacks_not_the_last_segment():
    # a.b.c against the keeper's a.c: "b" is the segment the keeper lacks, though "c" ends the package.
    names = distinct_names("Message", ["a.c.Message", "a.b.c.Message", "a.Message_"], set())
    assert names == {"a.c.Message": "Message", "a.b.c.Message": "MessageB", "a.Message_": "MessageA"}
