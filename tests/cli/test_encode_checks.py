"""encode checks every value against its schema: a value the schema does not allow is exit 8 naming the
type, the field path, the value and the constraint, never a wrong message on the wire."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from extractor.cli import main

REQUEST = "v2_1/511_25857_request.decoded.json"


def encode(document: dict, schemas) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["encode", "--schemas", str(schemas)], input=json.dumps(document))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def request_document(corpus) -> dict:
    return json.loads((corpus / "payloads" / REQUEST).read_text())


def test_the_unchanged_request_encodes(request_document, extracted_schemas):
    code, output, _ = encode(request_document, extracted_schemas)
    assert code == 0 and output.startswith("1")


@pytest.mark.parametrize(
    ("where", "field", "value", "expected"),
    [
        ("body", "messageID", 999, "MPDispatcherBody.messageID: Expected an integer between 0 and 255, but got 999."),
        ("body", "vin", "V" * 19, "MPDispatcherBody.vin: Expected between 17 and 17 characters, but got 19."),
        ("body", "messageID", "1", "MPDispatcherBody.messageID: expected INTEGER, got '1'"),
        # JSON true is Python's True, an int to asn1tools, which would send it as 1.
        ("body", "messageID", True, "MPDispatcherBody.messageID: expected INTEGER, got True"),
        ("applicationData", "vehStatusReqType", True, "OTARVMVehicleStatusReq.vehStatusReqType: expected INTEGER"),
        ("body", "messageId", 1, "MPDispatcherBody: no component 'messageId'"),
        (
            "applicationData",
            "vehStatusReqType",
            300,
            "OTARVMVehicleStatusReq.vehStatusReqType: Expected an integer between",
        ),
        ("header", "dispatcherBodyEncoding", 300, "header.dispatcherBodyEncoding: 300 does not fit the header's byte"),
    ],
)
def test_a_value_outside_the_schema_is_exit_8_naming_type_path_and_value(
    request_document, extracted_schemas, where, field, value, expected
):
    request_document[where][field] = value
    code, output, error = encode(request_document, extracted_schemas)
    assert code == 8 and output == ""
    assert error.startswith("saic-asn1: error: ") and expected in error and error.count("\n") == 1


def test_the_encoding_field_is_what_encode_writes_whatever_the_json_says(request_document, extracted_schemas):
    # The application data is encoded in UPER, so the body says perUnaligned even where the JSON said otherwise.
    request_document["body"]["applicationDataEncoding"] = "perAligned"
    code, output, _ = encode(request_document, extracted_schemas)
    decoded = CliRunner().invoke(main, ["decode", output.strip(), "--schemas", str(extracted_schemas)])
    assert code == 0 and json.loads(decoded.stdout)["body"]["applicationDataEncoding"] == "perUnaligned"


def test_a_missing_mandatory_component_is_named(request_document, extracted_schemas):
    del request_document["body"]["applicationID"]
    code, _, error = encode(request_document, extracted_schemas)
    assert code == 8 and "MPDispatcherBody.applicationID: missing" in error


def nested(levels: int) -> str:
    """`levels` arrays, one inside the other."""
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            '"protocolVersion": 33',
            '"protocolVersion": Infinity',
            "header.protocolVersion: expected an integer, got inf",
        ),
        ('"protocolVersion": 33', '"protocolVersion": NaN', "header.protocolVersion: expected an integer, got nan"),
        ('"protocolVersion": 33', '"protocolVersion": 33.0', "header.protocolVersion: expected an integer, got 33.0"),
        ('"protocolVersion": 33', '"protocolVersion": true', "header.protocolVersion: expected an integer, got True"),
        ('"header": {', '"header": 5, "h": {', "header: expected an object of header fields, got 5"),
        (
            '"applicationDataType": "OTARVMVehicleStatusReq"',
            '"applicationDataType": ["x"]',
            "applicationDataType: expected text or null, got ['x']",
        ),
        ('"reserved": "', '"reserved": 7, "r": "', "reserved: expected text or null, got 7"),
        ('"reserved": "', '"reserved": "zz", "r": "', "reserved: expected hex text, got 'zz'"),
        ('"body": {', '"body": {"deep": ' + nested(100_000) + ",", "message JSON nests deeper than 100 levels"),
        # 100 levels of containers are allowed, 101 are not: the document, body and 99 arrays; the path is cut at
        # 57 characters.
        (
            '"body": {',
            '"body": {"deep": ' + nested(99) + ",",
            "error: body.deep" + "[0]" * 16 + "...: message JSON nests deeper than 100 levels",
        ),
        ('"vin": "', '"vin": {"$octets": 5}, "v": "', "body.vin.$octets: expected hex text, got 5"),
    ],
)
def test_hostile_json_is_exit_8_naming_the_field(request_document, extracted_schemas, replace, by, expected):
    text = json.dumps(request_document)
    assert replace in text
    result = CliRunner().invoke(main, ["encode", "--schemas", str(extracted_schemas)], input=text.replace(replace, by))
    assert result.exit_code == 8 and result.stdout == ""
    assert (
        result.stderr.startswith("saic-asn1: error: ") and expected in result.stderr and result.stderr.count("\n") == 1
    )


def test_json_of_100_levels_is_not_refused_for_its_depth(request_document, extracted_schemas):
    request_document["body"]["deep"] = json.loads(nested(98))
    code, _, error = encode(request_document, extracted_schemas)
    assert code == 8 and "MPDispatcherBody: no component 'deep'" in error
