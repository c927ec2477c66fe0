"""A request's dispatcher body from the few values a client has, the rest filled as the app fills it.

What the app puts in a request it sends, from its captured requests (shared/corpus/payloads) and from
saic-ismart-client 1.7.2's `MessageCoderV1/V2.initialize_message`, which copies it: the event creation
time (now, in seconds), testFlag 2, the applicationDataProtocolVersion of the protocolVersion, on v1 a
message counter (uplink 1, downlink 0), on v2/v3 an eventID (0 until the server gives one to poll with).
The length and encoding fields are left to `encode`, which computes them.
"""

from __future__ import annotations

import time
from typing import Any

from .errors import WireError

# protocolVersion → the applicationDataProtocolVersion its requests carry: saic-ismart-client's saic_api.py
# sends 513 with 0x11 and 0x12, 25857 with 0x21 and 768 with 0x30, as the captured requests do.
APPLICATION_DATA_PROTOCOL_VERSIONS = {0x11: 513, 0x12: 513, 0x21: 25857, 0x30: 768}
TEST_FLAG = 2
V1_MESSAGE_COUNTER = {"uplinkCounter": 1, "downlinkCounter": 0}
FIRST_EVENT_ID = 0


def protocol_version_of(version: str) -> int:
    """The header protocolVersion of a schema folder: `v3_0` is 0x30."""
    major, minor = version[1:].split("_")
    return int(major) << 4 | int(minor)


def request_body(
    *,
    protocol_version: int,
    application_id: str,
    message_id: int,
    uid: str | None,
    token: str | None,
    vin: str | None,
    iccid: str | None,
    application_data_protocol_version: int | None,
    event_creation_time: int | None,
    event_id: int | None,
    members: set[str],
) -> dict[str, Any]:
    """The dispatcher body (asn1tools values) of a request; `members` are the components the version's
    MPDispatcherBody has: a value it has no component for is left out."""
    if application_data_protocol_version is None:
        if protocol_version not in APPLICATION_DATA_PROTOCOL_VERSIONS:
            known = ", ".join(f"0x{version:02X}" for version in APPLICATION_DATA_PROTOCOL_VERSIONS)
            raise WireError(
                f"protocolVersion 0x{protocol_version:02X}: give application_data_protocol_version"
                f" (known for {known} only)"
            )
        application_data_protocol_version = APPLICATION_DATA_PROTOCOL_VERSIONS[protocol_version]
    v1 = protocol_version >> 4 == 1
    values: dict[str, Any] = {
        "uid": uid,
        "token": token,
        "applicationID": application_id,
        "vin": vin,
        "messageID": message_id,
        "eventCreationTime": int(time.time()) if event_creation_time is None else event_creation_time,
        "eventID": FIRST_EVENT_ID if event_id is None and not v1 else event_id,
        "messageCounter": V1_MESSAGE_COUNTER if v1 else None,
        "iccID": iccid,
        "applicationDataLength": 0,
        "applicationDataProtocolVersion": application_data_protocol_version,
        "testFlag": TEST_FLAG,
    }
    return {name: value for name, value in values.items() if value is not None and name in members}
