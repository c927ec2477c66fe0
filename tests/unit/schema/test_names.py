import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.errors import SchemaError
from extractor.schema.names import (
    IDENTIFIER,
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


@pytest.mark.parametrize("bad", ["", "_", "A--B", "A-", "9Lives", "INTEGER", "Bad Name", "Line\nBreak", "A;B", "X" * 300])
def test_invalid_type_names_are_rejected_naming_the_class(bad):
    with pytest.raises(SchemaError, match=r"com\.x\.Holder"):
        type_reference(bad, "com.x.Holder")


@pytest.mark.parametrize(("name", "expected"), [("gpsPosition", "gpsPosition"), ("Vin", "vin"), ("mcc_Network", "mccNetwork")])
def test_identifier(name, expected):
    assert identifier(name, "x") == expected


@pytest.mark.parametrize("bad", ["", "a b", "a--b", "1st", "-x", "x\n-- injected"])
def test_invalid_identifiers_are_rejected(bad):
    with pytest.raises(SchemaError, match="com.x.Y.f"):
        identifier(bad, "com.x.Y.f")


@given(st.text(max_size=40))
def test_whatever_the_apk_says_a_returned_name_is_valid(text):
    try:
        assert TYPE_REFERENCE.fullmatch(type_reference(text, "x"))
    except SchemaError:
        pass
    try:
        assert IDENTIFIER.fullmatch(identifier(text, "x"))
    except SchemaError:
        pass


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
