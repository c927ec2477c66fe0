"""Two identification rules in conflict: the order of the rules, not each rule alone, decides the type.

README, "How the application-data type is identified": root ranks before direction, since a type used as a
component is a part of a message whatever its name says, while a name is only the app developers' habit.
"""

from __future__ import annotations

import pytest

from extractor.wire.runtime.catalog import Catalog
from extractor.wire.runtime.identify import identify
from tests.unit.wire.folders import application_data_schemas

PROTOCOL_VERSION = 0x11
# Only PingReq and PongResp decode 7 bytes (56 bits); PongListResp needs 1 + 2 × 56 bits at least.
MODULE = """
ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
PingReq ::= SEQUENCE { token INTEGER(0..72057594037927935) }
PongResp ::= SEQUENCE { token INTEGER(0..72057594037927935) }
PongListResp ::= SEQUENCE { pongs SEQUENCE SIZE(2..3) OF PongResp }
END
"""
SEVEN_BYTES = bytes([0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD])


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    return application_data_schemas(tmp_path_factory.mktemp("schemas"), MODULE)


def test_a_root_named_for_the_other_direction_beats_a_component_named_for_this_one(schemas):
    # A response (it carries `result`): direction alone would pick PongResp, root alone PingReq.
    body = {"applicationID": "999", "messageID": 2, "applicationDataProtocolVersion": 513, "result": 0}
    result = identify(body, SEVEN_BYTES, PROTOCOL_VERSION, schemas, Catalog())
    assert (result.type_name, result.rule) == ("PingReq", "root")
    assert result.value == {"token": 0x0123456789ABCD}
    ranked = [(item.candidate.type_name, item.candidate.used_by) for item in result.candidates]
    assert ranked == [("PingReq", ()), ("PongResp", ("PongListResp",))]
    # The chosen type is a root but named a request: the output says it is a weak pick.
    assert result.confidence == "low"


def test_in_a_request_both_rules_agree(schemas):
    body = {"applicationID": "999", "messageID": 1, "applicationDataProtocolVersion": 513}
    result = identify(body, SEVEN_BYTES, PROTOCOL_VERSION, schemas, Catalog())
    assert (result.type_name, result.rule, result.confidence) == ("PingReq", "root", "high")
