"""A request's dispatcher body as the app fills it (saic-ismart-client 1.7.2's `initialize_message` and the
captured requests of the corpus): testFlag 2, v1's message counter uplink 1 / downlink 0, v2/v3's eventID 0,
the applicationDataProtocolVersion of the protocolVersion (513, 25857, 768), the creation time now."""

from __future__ import annotations

import pytest

from extractor.wire.runtime import request
from extractor.wire.runtime.errors import WireError
from extractor.wire.runtime.request import protocol_version_of, request_body

EVERY_MEMBER = {
    "uid",
    "token",
    "applicationID",
    "vin",
    "messageID",
    "eventCreationTime",
    "eventID",
    "messageCounter",
    "iccID",
    "applicationDataLength",
    "applicationDataProtocolVersion",
    "testFlag",
}
GIVEN = {"uid": "U" * 50, "token": "T" * 40, "vin": "V" * 17, "iccid": "8" * 20}


def body(protocol_version: int, members=frozenset(EVERY_MEMBER), **overrides):
    arguments = {
        "protocol_version": protocol_version,
        "application_id": "511",
        "message_id": 1,
        **GIVEN,
        "application_data_protocol_version": None,
        "event_creation_time": 1_700_000_000,
        "event_id": None,
        "members": set(members),
        **overrides,
    }
    return request_body(**arguments)


def test_a_v1_request_carries_the_message_counter_and_no_event_id():
    assert body(0x11) == {
        "uid": "U" * 50,
        "token": "T" * 40,
        "applicationID": "511",
        "vin": "V" * 17,
        "messageID": 1,
        "eventCreationTime": 1_700_000_000,
        "messageCounter": {"uplinkCounter": 1, "downlinkCounter": 0},
        "iccID": "8" * 20,
        "applicationDataLength": 0,
        "applicationDataProtocolVersion": 513,
        "testFlag": 2,
    }
    assert body(0x12)["applicationDataProtocolVersion"] == 513


def test_a_v2_or_v3_request_carries_event_id_0_and_no_message_counter():
    v2 = body(0x21)
    assert (v2["eventID"], v2["applicationDataProtocolVersion"], "messageCounter" in v2) == (0, 25857, False)
    v3 = body(0x30, event_id=42)
    assert (v3["eventID"], v3["applicationDataProtocolVersion"]) == (42, 768)


def test_only_the_components_the_version_has_are_filled():
    assert body(0x21, members={"applicationID", "messageID", "uid", "result"}) == {
        "applicationID": "511",
        "messageID": 1,
        "uid": "U" * 50,
    }
    assert "uid" not in body(0x21, uid=None)


def test_the_creation_time_is_now_in_whole_seconds(monkeypatch):
    monkeypatch.setattr(request.time, "time", lambda: 1_234_567.9)
    assert body(0x21, event_creation_time=None)["eventCreationTime"] == 1_234_567


def test_an_unknown_protocol_version_needs_its_application_data_protocol_version():
    with pytest.raises(WireError) as raised:
        body(0x13)
    assert str(raised.value) == (
        "protocolVersion 0x13: give application_data_protocol_version (known for 0x11, 0x12, 0x21, 0x30 only)"
    )
    assert body(0x13, application_data_protocol_version=7)["applicationDataProtocolVersion"] == 7


def test_a_folder_name_is_its_protocol_version():
    assert (protocol_version_of("v1_1"), protocol_version_of("v2_1"), protocol_version_of("v3_0")) == (17, 33, 48)
