"""decode_message and encode_message on the corpus: each captured payload decodes to its published
`.decoded.json` with the corpus's own schemas and encodes back to the same text; then what the encoder
computes when the JSON leaves it out, and the one-line error for each way the input can be wrong."""

from __future__ import annotations

import json

import pytest

from extractor.wire.runtime.catalog import Catalog
from extractor.wire.runtime.codec import (
    decode_message,
    encode_message,
    encode_with_lengths,
    from_json_value,
    json_document,
    json_text,
    to_json_value,
)
from extractor.wire.runtime.errors import WireError
from extractor.wire.runtime.frames import build_frame, parse_frame
from extractor.wire.schemas import Schemas

# v1 (0x11), 162 bytes of MPUserLoggingInReq; v2 (0x21) with no application data; v3 (0x30) with 71 bytes.
V1_REQUEST = "v1_1/501_513_request"
V2_RESPONSE = "v2_1/510_25857_response"
V3_RESPONSE = "v3_0/516_768_response_with_eventid"
# v1, 268 bytes of header and body: dispatcherMessageLength wraps to 268 - 256 = 12.
V1_WRAPPED = "v1_1/501_513_response_lock_out"


@pytest.fixture(scope="module")
def schemas(corpus):
    return Schemas(corpus / "schemas")


def payload(corpus, name: str) -> tuple[str, dict]:
    text = (corpus / "payloads" / f"{name}.hex").read_text(encoding="utf-8").strip()
    return text, json.loads((corpus / "payloads" / f"{name}.decoded.json").read_text(encoding="utf-8"))


def test_every_corpus_payload_decodes_to_its_published_json_and_encodes_back(corpus, schemas):
    manifest = json.loads((corpus / "payloads" / "manifest.json").read_text(encoding="utf-8"))
    wrong = []
    for entry in manifest["payloads"]:
        text, expected = payload(corpus, entry["file"].removesuffix(".hex"))
        decoded = decode_message(text, schemas).to_json()
        wrong += [f"{entry['file']}: {key}" for key in expected if decoded[key] != expected[key]]
        if encode_message(decoded, schemas) != text:
            wrong.append(f"{entry['file']}: encoded")
    assert wrong == []
    assert len(manifest["payloads"]) == 45


def test_a_decoded_message_names_its_parts(corpus, schemas):
    text, expected = payload(corpus, V1_REQUEST)
    decoded = decode_message(text, schemas)
    assert decoded.header_size == 4
    assert decoded.schema_version == "v1_1"
    assert decoded.application_data_type == "MPUserLoggingInReq"
    assert decoded.application_data == expected["applicationData"]
    assert json_text(decoded) == json.dumps(decoded.to_json(), indent=2)
    assert json_text(decoded).startswith('{\n  "framing": "v1",\n  "outerLengthField": 501,')


def test_a_wrapped_dispatcher_length_is_read_from_the_stream(corpus, schemas):
    text, _ = payload(corpus, V1_WRAPPED)
    decoded = decode_message(text, schemas)
    assert decoded.header["dispatcherMessageLength"] == 12
    assert decoded.header_size + decoded.body_size == 268


def test_a_type_given_is_decoded_as_that_type_by_whom_it_says(corpus, schemas):
    text, expected = payload(corpus, V1_REQUEST)
    decoded = decode_message(text, schemas, "MPUserLoggingInReq", Catalog(), given_by="expect")
    assert decoded.application_data == expected["applicationData"]
    assert (decoded.identification.choice, decoded.identification.reason) == ("expect", "given with expect")


@pytest.mark.parametrize("name", [V1_REQUEST, V2_RESPONSE, V3_RESPONSE])
def test_the_computed_fields_may_be_left_out(corpus, schemas, name):
    text, document = payload(corpus, name)
    del document["framing"], document["outerLengthField"], document["reserved"], document["dispatcherBodyBytes"]
    del document["header"]["dispatcherMessageLength"], document["header"]["dispatcherBodyEncoding"]
    del document["body"]["applicationDataLength"], document["body"]["applicationDataEncoding"]
    document["header"].pop("securityContext", None)
    if name == V1_REQUEST:
        document["framing"] = "v1"
    assert encode_message(document, schemas) == text


def test_the_computed_fields_are_computed_whatever_the_json_says(corpus, schemas):
    text, document = payload(corpus, V3_RESPONSE)
    document["header"]["dispatcherMessageLength"] = 200
    document["body"]["applicationDataLength"] = 3
    document["body"]["applicationDataEncoding"] = "der"
    assert encode_message(document, schemas) == text


def test_without_application_data_the_encoding_given_is_kept(corpus, schemas):
    text, document = payload(corpus, V2_RESPONSE)
    document["body"]["applicationDataEncoding"] = "ber"
    encoded = encode_message(document, schemas)
    assert decode_message(encoded, schemas).body["applicationDataEncoding"] == "ber"
    assert encoded != text


def test_reserved_bytes_given_are_sent_and_securitycontext_given_is_kept(corpus, schemas):
    _, v2 = payload(corpus, V2_RESPONSE)
    v2["reserved"] = "0102030405060708090A0B0C0D0E0F10"
    assert parse_frame(encode_message(v2, schemas)).reserved == bytes(range(1, 17))
    _, v1 = payload(corpus, V1_REQUEST)
    v1["header"]["securityContext"] = 2
    del v1["framing"]
    frame = parse_frame(encode_message(v1, schemas))
    assert (frame.framing, frame.header["securityContext"]) == ("v1", 2)


def test_a_message_with_a_byte_more_than_applicationdatalength_is_refused(corpus, schemas):
    text, _ = payload(corpus, V2_RESPONSE)
    frame = parse_frame(text)
    longer = build_frame(frame.framing, frame.header, frame.reserved, frame.payload + b"\x00")
    with pytest.raises(WireError, match=r"^applicationDataLength is 0 but 1 bytes follow the dispatcher body$"):
        decode_message(longer, schemas)


def test_a_dispatcher_length_that_does_not_fit_the_body_is_refused(corpus, schemas):
    text, _ = payload(corpus, V2_RESPONSE)
    frame = parse_frame(text)
    header = {**frame.header, "dispatcherMessageLength": 124}
    with pytest.raises(WireError) as raised:
        decode_message(build_frame(frame.framing, header, frame.reserved, frame.payload), schemas)
    assert str(raised.value) == (
        f"dispatcherMessageLength is 124 but header and body take 123 bytes with the MPDispatcherBody of"
        f" {corpus / 'schemas'}/v2_1: these schemas do not fit this message (extract them from the app release"
        " that sent it)"
    )


def test_a_body_that_does_not_decode_names_the_schemas(corpus, schemas):
    text, _ = payload(corpus, V2_RESPONSE)
    frame = parse_frame(text)
    cut = build_frame(frame.framing, frame.header, frame.reserved, frame.payload[:10])
    with pytest.raises(WireError) as raised:
        decode_message(cut, schemas)
    # 10 bytes hold 80 bits: the 50-character uid (7 bits each) runs out of them.
    assert str(raised.value).startswith(
        f"dispatcher body ({corpus / 'schemas'}/v2_1) does not decode as MPDispatcherBody: MPDispatcherBody.uid: out"
        " of data (At bit offset: 77); the schemas may not fit this message"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (7, "message JSON: expected text, got int"),
        ("{", "message is not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("[1]", "message JSON must be an object with header, body and applicationData"),
        ("[" * 100_000 + "]" * 100_000, "message JSON nests deeper than 100 levels"),
    ],
)
def test_text_that_is_no_message_json(text, message):
    with pytest.raises(WireError) as raised:
        json_document(text)
    assert str(raised.value) == message


def test_json_as_bytes_is_read():
    assert json_document(b'{"header": {}}') == {"header": {}}


def nested(levels: int) -> str:
    """A JSON object `levels` objects deep, counting itself: {"a": {"a": ... {} ...}}."""
    return '{"a": ' * (levels - 1) + "{}" + "}" * (levels - 1)


def test_100_levels_are_read_and_101_are_refused_naming_where():
    assert json_document(nested(100))
    with pytest.raises(WireError) as raised:
        json_document(nested(101))
    # The 101st object is at .a.a…a (100 keys): 199 characters, cut to 57 and "...".
    assert str(raised.value) == ".".join("a" * 100)[:57] + "...: message JSON nests deeper than 100 levels"


def test_a_short_deep_path_is_shown_whole():
    deep_list = "[" * 99 + "]" * 99
    assert json_document('{"b": ' + deep_list + "}")
    with pytest.raises(WireError) as raised:
        json_document('{"b": [' + deep_list + "]}")
    assert str(raised.value).startswith("b[0][0][0]")
    with pytest.raises(WireError) as raised:
        json_document('{"b": {"c": ' + nested(99) + "}}")
    assert str(raised.value) == "b.c." + ".".join("a" * 97)[:53] + "...: message JSON nests deeper than 100 levels"


def test_json_values_and_asn1tools_values_map_both_ways():
    value = {"o": b"\x01\xab", "b": (b"\xf0", 4), "c": ("on", [b"\x00", ("n", 1)]), "e": "off", "i": 5}
    shown = {
        "o": {"$octets": "01AB"},
        "b": {"$bits": "F0", "length": 4},
        "c": {"$choice": "on", "value": [{"$octets": "00"}, {"$choice": "n", "value": 1}]},
        "e": "off",
        "i": 5,
    }
    assert to_json_value(value) == shown
    assert from_json_value(shown, "x") == value
    assert to_json_value((1, 2)) == (1, 2)
    assert to_json_value(("a", 1, 2)) == ("a", 1, 2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"$octets": "0G"}, "applicationData.$octets: expected hex text, got '0G'"),
        ({"$octets": 12}, "applicationData.$octets: expected hex text, got 12"),
        ({"$bits": "F0", "length": -1}, "applicationData.length: expected a bit count, got -1"),
        ({"$bits": "F0", "length": True}, "applicationData.length: expected a bit count, got True"),
        ({"$bits": "F0", "length": "4"}, "applicationData.length: expected a bit count, got '4'"),
        ({"$bits": "XY", "length": 0}, "applicationData.$bits: expected hex text, got 'XY'"),
        ({"$choice": 1, "value": 2}, "applicationData.$choice: expected an alternative's name, got 1"),
        ({"$choice": "on", "value": {"$octets": "Z"}}, "applicationData.on.$octets: expected hex text, got 'Z'"),
        ({"k": [1, {"$octets": "Z"}]}, "applicationData.k[1].$octets: expected hex text, got 'Z'"),
    ],
)
def test_a_garbled_json_form_names_its_path(value, message):
    with pytest.raises(WireError) as raised:
        from_json_value(value, "applicationData")
    assert str(raised.value) == message


def test_a_zero_bit_string_and_an_object_with_more_keys_stay_as_they_are():
    assert from_json_value({"$bits": "", "length": 0}, "x") == (b"", 0)
    assert from_json_value({"$octets": "00", "other": 1}, "x") == {"$octets": "00", "other": 1}


def edited(corpus, name: str, change) -> dict:
    _, document = payload(corpus, name)
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda document: document.pop("header"), "message JSON lacks header"),
        (lambda document: document.pop("body"), "message JSON lacks body"),
        (lambda document: document.update(header=[17]), "header: expected an object of header fields, got [17]"),
        (
            lambda document: document["header"].update(securityContext=True),
            "header.securityContext: expected an integer, got True",
        ),
        (
            lambda document: document["header"].update(securityContext="0"),
            "header.securityContext: expected an integer, got '0'",
        ),
        (lambda document: document.update(framing=1), "framing: expected text or null, got 1"),
        (
            lambda document: document.update(applicationDataType=["a"]),
            "applicationDataType: expected text or null, got ['a']",
        ),
        (lambda document: document.update(reserved="0x"), "reserved: expected hex text, got '0x'"),
        (lambda document: document["header"].pop("protocolVersion"), "header lacks protocolVersion"),
        (
            lambda document: document["header"].update(securityContext=256),
            "header.securityContext: 256 does not fit the header's byte (0..255)",
        ),
        (
            lambda document: document["body"].update(messageID=256),
            "dispatcher body does not fit its schema: MPDispatcherBody.messageID: Expected an integer between 0 and 255, but got 256.",
        ),
        (
            lambda document: document["applicationData"].update(password=7),
            "application data does not fit its schema: MPUserLoggingInReq.password: expected IA5String, got 7",
        ),
    ],
)
def test_json_that_does_not_make_a_message_is_refused_in_one_line(corpus, schemas, change, message):
    with pytest.raises(WireError) as raised:
        encode_message(edited(corpus, V1_REQUEST, change), schemas)
    assert str(raised.value) == message


def test_a_value_asn1tools_refuses_is_an_error_naming_the_part(corpus, schemas):
    document = edited(corpus, V1_REQUEST, lambda document: document["applicationData"].update(password="x" * 300))
    with pytest.raises(WireError, match=r"^application data does not fit its schema: "):
        encode_message(document, schemas)


def test_without_a_type_no_application_data_is_sent(corpus, schemas):
    _, document = payload(corpus, V1_REQUEST)
    document["applicationDataType"] = ""
    decoded = decode_message(encode_message(document, schemas), schemas)
    assert decoded.body["applicationDataLength"] == 0
    assert decoded.application_data_type is None


# The decode JSON's keys in the README's order ("How the application-data type is identified").
DECODE_KEYS = [
    "framing",
    "outerLengthField",
    "header",
    "reserved",
    "dispatcherBodyBytes",
    "schemaVersion",
    "body",
    "messageDirection",
    "applicationDataType",
    "applicationDataTypeChoice",
    "applicationDataTypeConfidence",
    "applicationDataTypeRule",
    "applicationDataTypeReason",
    "applicationDataCandidates",
    "applicationData",
]


def test_without_the_catalog_the_json_says_how_the_type_was_inferred(corpus, schemas):
    # README: 535_513_request with --no-catalog is SetNotificationCountReq, ambiguous with AbortSendMessageReq.
    text, expected = payload(corpus, "v1_1/535_513_request")
    decoded = decode_message(text, schemas, catalog=Catalog()).to_json()
    assert list(decoded) == DECODE_KEYS
    assert decoded["schemaVersion"] == "v1_1"
    assert decoded["messageDirection"] == "request"
    assert decoded["applicationDataType"] == expected["applicationDataType"] == "SetNotificationCountReq"
    assert decoded["applicationDataTypeChoice"] == "ambiguous"
    assert (decoded["applicationDataTypeConfidence"], decoded["applicationDataTypeRule"]) == ("medium", "unused bits")
    assert decoded["applicationDataTypeReason"].startswith("AbortSendMessageReq fit as well; ")
    ranked = [candidate["type"] for candidate in decoded["applicationDataCandidates"]]
    assert ranked[:2] == ["SetNotificationCountReq", "AbortSendMessageReq"]
    with_catalog = decode_message(text, schemas).to_json()
    assert (with_catalog["applicationDataTypeChoice"], with_catalog["applicationDataTypeRule"]) == ("catalog", None)


def test_reserved_bytes_are_shown_as_upper_case_hex(corpus, schemas):
    text, _ = payload(corpus, V2_RESPONSE)
    frame = parse_frame(text)
    reserved = bytes.fromhex("ab" * 16)
    decoded = decode_message(build_frame(frame.framing, frame.header, reserved, frame.payload), schemas)
    assert decoded.to_json()["reserved"] == "AB" * 16


def test_a_body_without_applicationdatalength_carries_no_application_data(corpus, schemas):
    # applicationDataLength is OPTIONAL in v2_1's MPDispatcherBody: left out, no application data follows.
    text, document = payload(corpus, V2_RESPONSE)
    frame = parse_frame(text)
    body = {key: value for key, value in document["body"].items() if key != "applicationDataLength"}
    _, spec = schemas.find(0x21, "MP_DispatcherBody.asn1", "MPDispatcherBody")
    body_bytes = spec.encode("MPDispatcherBody", body)
    header = {**frame.header, "dispatcherMessageLength": 3 + len(body_bytes)}
    decoded = decode_message(build_frame(frame.framing, header, frame.reserved, body_bytes), schemas)
    assert "applicationDataLength" not in decoded.body
    assert decoded.application_data_type is None


def test_paths_in_errors_start_at_body_and_applicationdata(corpus, schemas):
    _, document = payload(corpus, "v1_1/501_513_response")
    document["body"]["errorMessage"] = {"$octets": "Z"}
    with pytest.raises(WireError, match=r"^body\.errorMessage\.\$octets: expected hex text, got 'Z'$"):
        encode_message(document, schemas)
    _, document = payload(corpus, "v1_1/501_513_response")
    document["applicationData"]["vinList"][0]["brandName"] = {"$octets": "Z"}
    with pytest.raises(WireError) as raised:
        encode_message(document, schemas)
    assert str(raised.value) == "applicationData.vinList[0].brandName.$octets: expected hex text, got 'Z'"


def test_application_data_is_not_read_when_no_type_is_named(corpus, schemas):
    text, document = payload(corpus, V2_RESPONSE)
    document["applicationData"] = {"$octets": "not hex"}
    assert encode_message(document, schemas) == text


def test_encode_with_lengths_gives_back_every_computed_field(corpus, schemas):
    _, document = payload(corpus, V3_RESPONSE)
    body = {key: value for key, value in document["body"].items() if not key.startswith("applicationDataLength")}
    data = from_json_value(document["applicationData"], "applicationData")
    encoded = encode_with_lengths("v2/v3", {"protocolVersion": 0x30}, None, body, "OTAChrgMangDataResp", data, schemas)
    assert encoded.header == document["header"]
    assert encoded.reserved == bytes(16)
    assert encoded.body == document["body"]
    assert encoded.application_data_type == "OTAChrgMangDataResp"
    assert encoded.text == payload(corpus, V3_RESPONSE)[0]


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("X" + "k" * 59, "X" + "k" * 59),
        ("X" + "k" * 60, "X" + "k" * 56 + "..."),
    ],
)
def test_the_path_of_a_deep_document_is_cut_after_60_characters(key, shown):
    # 99 objects under empty keys, then `key`: the 101st object's path is "." * 100 + key, shown as `key`.
    document = '{"": ' * 99 + '{"' + key + '": {}}' + "}" * 99
    with pytest.raises(WireError) as raised:
        json_document(document)
    assert str(raised.value) == f"{shown}: message JSON nests deeper than 100 levels"


INLINE_ENCODING_BODY = """
MPDispatcherBodyModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
MPDispatcherBody ::= SEQUENCE {
  applicationID IA5String(SIZE(3)),
  messageID INTEGER(0..255),
  applicationDataLength INTEGER(0..65535) OPTIONAL,
  applicationDataEncoding ENUMERATED { perUnaligned(0), der(1) } OPTIONAL
}
END
"""
PING = """
ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Ping ::= SEQUENCE { n INTEGER(0..255) }
END
"""


def test_an_encoding_component_declared_inline_is_set_to_uper(tmp_path):
    (tmp_path / "v1_1").mkdir()
    (tmp_path / "v1_1" / "MP_DispatcherBody.asn1").write_text(INLINE_ENCODING_BODY)
    (tmp_path / "v1_1" / "ApplicationData.asn1").write_text(PING)
    document = {
        "framing": "v1",
        "header": {"protocolVersion": 0x11},
        "body": {"applicationID": "ABC", "messageID": 1, "applicationDataEncoding": "der"},
        "applicationDataType": "Ping",
        "applicationData": {"n": 5},
    }
    # Body: 2 presence bits 11, "ABC" 7 bits each, messageID 00000001, length 1 in 16 bits, perUnaligned 0:
    # 48 bits = E0 C2 86 02 00 02; then Ping 05. v1: 27 characters (001B), `1`, header 11 00 0A 00.
    assert encode_message(document, Schemas(tmp_path)) == "001B1" + "11000A00" + "E0C286020002" + "05"
