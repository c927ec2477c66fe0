"""Identification without the catalog: leave-one-out on the corpus, and messages the corpus does not hold
(built from corpus envelopes with the ground-truth schemas, under an applicationID no catalog knows)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.wire.runtime.catalog import Catalog, built_in_catalog, message_key
from extractor.wire.runtime.codec import decode_message, encode_message, to_json_value
from extractor.wire.schemas import Schemas
from tests.conformance.check import leave_one_out

UNKNOWN_APPLICATION = "999"


@pytest.fixture(scope="module")
def schemas(extracted_schemas) -> Schemas:
    return Schemas(extracted_schemas)


def test_leave_one_out_identifies_every_corpus_payload(corpus, extracted_schemas):
    results = leave_one_out(corpus, extracted_schemas)
    with_data = [result for result in results if result.truth is not None]
    assert len(results) == 45 and len(with_data) == 19
    assert [result.payload for result in results if not result.correct] == []
    assert {result.rule for result in with_data} == {"only candidate", "unused bits"}
    # Unused bits only rank look-alikes: those messages say they are ambiguous, the others are inferred.
    assert {(result.rule, result.choice) for result in with_data} == {
        ("only candidate", "inferred"),
        ("unused bits", "ambiguous"),
    }


def test_leave_one_out_leaves_no_entry_for_the_message(corpus):
    for entry in built_in_catalog().entries:
        assert built_in_catalog().without(entry.key).lookup(entry.key) is None
    assert message_key("5d6", 2, 513) == message_key("5D6", 2, 513)


def craft(corpus, schemas: Schemas, envelope: str, type_name: str, value: dict) -> str:
    """The corpus message `envelope` carrying `value` as `type_name`, under an unknown applicationID."""
    document = decode_message((corpus / "payloads" / envelope).read_text().strip(), schemas).to_json()
    _, spec = schemas.find(document["header"]["protocolVersion"], "ApplicationData.asn1", type_name)
    document["body"]["applicationID"] = UNKNOWN_APPLICATION
    document["body"]["applicationDataLength"] = len(spec.encode(type_name, value))
    document["applicationDataType"], document["applicationData"] = type_name, to_json_value(value)
    return encode_message(document, schemas)


def identified(text: str, schemas: Schemas):
    return decode_message(text, schemas, catalog=Catalog()).identification


@settings(max_examples=25, deadline=None)
@given(
    request_type=st.binary(min_size=1, max_size=1),
    parameters=st.lists(st.tuples(st.integers(0, 65535), st.binary(min_size=1, max_size=8)), max_size=3),
)
def test_a_remote_control_request_is_never_a_component(corpus, schemas, request_type, parameters):
    value = {"rvcReqType": request_type}
    if parameters:
        value["rvcParams"] = [{"paramId": number, "paramValue": data} for number, data in parameters]
    result = identified(craft(corpus, schemas, "v2_1/511_25857_request.hex", "OTARVCReq", value), schemas)
    assert (result.type_name, result.choice, result.confidence) == ("OTARVCReq", "inferred", "high")
    assert result.value == value


@settings(max_examples=25, deadline=None)
@given(
    has_new_version=st.booleans(),
    version=st.none() | st.text("0123456789.", min_size=1, max_size=12),
    forced=st.none() | st.booleans(),
)
def test_an_upgrade_info_response_is_never_an_alarm_switch(corpus, schemas, has_new_version, version, forced):
    value = {"hasNewVersion": has_new_version}
    value.update({key: item for key, item in (("appVersion", version), ("forcedUpdate", forced)) if item is not None})
    result = identified(craft(corpus, schemas, "v1_1/501_513_response.hex", "APPUpgradeInfoResp", value), schemas)
    assert result.type_name == "APPUpgradeInfoResp" and result.value == value
    # Either root and direction leave it alone, or a look-alike fits too and the message says so.
    assert (result.choice, result.confidence) in (("inferred", "high"), ("ambiguous", "medium"))


def test_a_charging_response_is_told_from_requests_of_its_size_by_the_result_field(corpus, schemas):
    value = {"ptcHeatReqDspCmd": 1, "ptcHeatResp": 0, "rvcReqSts": b"\x02"}
    result = identified(
        craft(corpus, schemas, "v3_0/516_768_response_with_eventid.hex", "OTAChrgHeatResp", value), schemas
    )
    assert (result.type_name, result.rule, result.confidence, result.message_direction) == (
        "OTAChrgHeatResp",
        "direction",
        "high",
        "response",
    )
    assert {ranked.candidate.type_name for ranked in result.candidates[1:3]} == {"OTAChrgCtrlReq", "OTAChrgSetngReq"}


def test_two_charging_requests_of_one_shape_are_ambiguous(corpus, schemas):
    value = {"chrgCtrlReq": 1, "tboxV2XReq": 0, "tboxEleccLckCtrlReq": 2}
    result = identified(craft(corpus, schemas, "v3_0/516_768_request.hex", "OTAChrgCtrlReq", value), schemas)
    assert (result.choice, result.confidence) == ("ambiguous", "low")
    tied = {ranked.candidate.type_name for ranked in result.candidates[:2]}
    assert tied == {"OTAChrgCtrlReq", "OTAChrgSetngReq"} and "OTAChrgSetngReq" in result.reason
