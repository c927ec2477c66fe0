"""decode / encode / validate on real captured traffic, with schemas extracted from a corpus-shaped APK."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.wire.runtime.catalog import Catalog
from extractor.wire.runtime.codec import decode_message, encode_message
from extractor.wire.schemas import Schemas

COMPARED_KEYS = ("header", "reserved", "body", "applicationDataType", "applicationData")


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def manifest(corpus) -> list[dict]:
    return json.loads((corpus / "payloads" / "manifest.json").read_text())["payloads"]


def payload(corpus: Path, name: str) -> str:
    return (corpus / "payloads" / name).read_text().strip()


@pytest.mark.slow  # one CLI run per corpus payload
def test_every_corpus_payload_decodes_to_its_decoded_json_and_encodes_back(corpus, manifest, extracted_schemas):
    for entry in manifest:
        text = payload(corpus, entry["file"])
        decoded = invoke("decode", str(corpus / "payloads" / entry["file"]), "--schemas", str(extracted_schemas))
        assert decoded.exit_code == 0, decoded.output
        document = json.loads(decoded.output)
        expected = json.loads((corpus / "payloads" / entry["decoded"]).read_text())
        assert {key: document[key] for key in COMPARED_KEYS} == {key: expected[key] for key in COMPARED_KEYS}, entry[
            "file"
        ]
        encoded = invoke("encode", "--schemas", str(extracted_schemas), stdin=decoded.output)
        assert encoded.exit_code == 0 and encoded.output.strip() == text, entry["file"]


def test_decode_says_how_the_type_was_chosen(corpus, extracted_schemas):
    document = json.loads(
        invoke("decode", payload(corpus, "v2_1/511_25857_response.hex"), "--schemas", str(extracted_schemas)).output
    )
    assert document["applicationDataType"] == "OTARVMVehicleStatusResp25857"
    assert (document["applicationDataTypeChoice"], document["applicationDataTypeConfidence"]) == ("catalog", "high")
    assert document["applicationDataTypeReason"].startswith(
        "built-in catalog entry 8: ReverseEngineeringDE/SAIC-API-Documentation"
    )
    assert document["schemaVersion"] == "v2_1" and document["messageDirection"] == "response"


def test_a_catalog_file_of_my_own_is_merged_over_the_built_in_one(corpus, extracted_schemas, tmp_path):
    mine = tmp_path / "mine.json"
    entry = {
        "applicationID": "535",
        "messageID": 1,
        "applicationDataProtocolVersion": 513,
        "type": "GetUnreadMessageCountResp",
        "source": "my capture",
    }
    mine.write_text(json.dumps({"messages": [entry]}))
    text = payload(corpus, "v1_1/535_513_request.hex")
    # GetUnreadMessageCountResp does not fit the one byte: the user's entry is used, and its error names it.
    failed = CliRunner().invoke(main, ["decode", text, "--schemas", str(extracted_schemas), "--catalog", str(mine)])
    assert failed.exit_code == 8 and f"GetUnreadMessageCountResp ({mine} entry 1)" in failed.output
    entry["type"] = "SetNotificationCountReq"
    mine.write_text(json.dumps({"messages": [entry]}))
    document = json.loads(invoke("decode", text, "--schemas", str(extracted_schemas), "--catalog", str(mine)).output)
    assert document["applicationDataTypeReason"] == f"{mine} entry 1: my capture"


def test_no_catalog_identifies_by_inference_and_excludes_a_catalog_file(corpus, extracted_schemas, tmp_path):
    text = payload(corpus, "v1_1/535_513_request.hex")
    document = json.loads(invoke("decode", text, "--schemas", str(extracted_schemas), "--no-catalog").output)
    assert (document["applicationDataType"], document["applicationDataTypeChoice"]) == (
        "SetNotificationCountReq",
        "ambiguous",
    )
    assert (document["applicationDataTypeRule"], document["applicationDataTypeConfidence"]) == ("unused bits", "medium")
    assert [candidate["type"] for candidate in document["applicationDataCandidates"][:2]] == [
        "SetNotificationCountReq",
        "AbortSendMessageReq",
    ]
    tree = invoke("decode", text, "--schemas", str(extracted_schemas), "--no-catalog", "--format", "tree").output
    assert "application data: SetNotificationCountReq (ambiguous, medium confidence)" in tree
    both = CliRunner().invoke(
        main,
        ["decode", text, "--schemas", str(extracted_schemas), "--no-catalog", "--catalog", str(tmp_path / "x.json")],
    )
    assert both.exit_code == 2 and "--catalog and --no-catalog exclude each other" in both.output


def test_a_bad_catalog_file_is_one_line_with_exit_3(corpus, extracted_schemas, tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"messages": [{"applicationID": "535", "messageID": 1}]}))
    for command in (
        ["decode", payload(corpus, "v1_1/535_513_request.hex")],
        ["validate", str(corpus / "payloads" / "v2_1")],
    ):
        result = CliRunner().invoke(main, [*command, "--schemas", str(extracted_schemas), "--catalog", str(mine)])
        assert result.exit_code == 3 and result.output.count("\n") == 1
        assert f"{mine}: entry 1: applicationDataProtocolVersion must be an integer 0..65535 (missing)" in result.output


def test_pasted_hex_with_whitespace_0x_and_lower_case_from_stdin(corpus, extracted_schemas):
    text = payload(corpus, "v3_0/516_768_response_with_eventid.hex")
    messy = "0x" + "\n".join(text[i : i + 60].lower() for i in range(0, len(text), 60)) + "\n"
    result = invoke("decode", "--schemas", str(extracted_schemas), stdin=messy)
    assert result.exit_code == 0 and json.loads(result.output)["applicationDataType"] == "OTAChrgMangDataResp"


def test_tree_format(corpus, extracted_schemas):
    result = invoke(
        "decode",
        payload(corpus, "v1_1/501_513_response_lock_out.hex"),
        "--schemas",
        str(extracted_schemas),
        "--format",
        "tree",
    )
    assert result.exit_code == 0
    assert "dispatcher body: MPDispatcherBody (264 bytes)" in result.output
    assert "('Sorry, the account has been locked" in result.output


def test_type_override_and_inference_of_an_unknown_message(corpus, extracted_schemas):
    schemas = Schemas(extracted_schemas)
    original = decode_message(payload(corpus, "v1_1/535_513_request.hex"), schemas, catalog=Catalog())
    document = original.to_json()
    document["body"]["applicationID"] = "999"
    unknown = encode_message(document, schemas)
    inferred = decode_message(unknown, schemas)
    # The empty AbortSendMessageReq fits the byte too: unused bits rank SetNotificationCountReq first.
    assert (inferred.identification.choice, inferred.application_data_type) == ("ambiguous", "SetNotificationCountReq")
    assert inferred.application_data == {"notificationCount": 0}
    given = decode_message(unknown, schemas, "AbortSendMessageReq")
    assert given.identification.choice == "--type" and given.application_data == {}


def test_validate_passes_on_the_corpus_manifest(corpus, extracted_schemas):
    result = invoke("validate", str(corpus / "payloads" / "manifest.json"), "--schemas", str(extracted_schemas))
    assert result.exit_code == 0 and result.output.strip().endswith("45 passed, 0 failed")
    assert re.search(r"v1_1/535_513_request.hex +v1_1 +SetNotificationCountReq +catalog +ok", result.output)
    folder = str(corpus / "payloads" / "v2_1")
    report = json.loads(invoke("validate", folder, "--schemas", str(extracted_schemas), "--format", "json").output)
    assert report == json.loads(invoke("validate", folder, "--schemas", str(extracted_schemas), "--json").output)
    assert report["passed"] == 7 and report["failed"] == 0
    assert {row["type_name"] for row in report["payloads"]} >= {"OTARVMVehicleStatusResp25857", None}
    assert {row["choice"] for row in report["payloads"]} == {"catalog", "none"}


def with_padding_bit_set(text: str, schemas: Schemas) -> str:
    """The message with one UPER padding bit of its dispatcher body set: it decodes, but re-encodes differently."""
    message = decode_message(text, schemas)
    offset = 5 + 2 * (message.header_size + len(message.reserved or b"") + message.body_size) - 2
    for bit in range(8):
        changed = text[:offset] + f"{int(text[offset : offset + 2], 16) | (1 << bit):02X}" + text[offset + 2 :]
        if changed != text and decode_message(changed, schemas).body == message.body:
            return changed
    raise AssertionError("the body has no padding bits")


def test_validate_reports_failures_and_exits_1(corpus, extracted_schemas, tmp_path):
    good = payload(corpus, "v1_1/535_513_request.hex")
    (tmp_path / "good.hex").write_text(good)
    (tmp_path / "bad.hex").write_text(with_padding_bit_set(good, Schemas(extracted_schemas)))
    result = invoke("validate", str(tmp_path), "--schemas", str(extracted_schemas))
    assert result.exit_code == 1 and "1 passed, 1 failed" in result.output
    assert re.search(r"bad\.hex .* re-encoding differs from byte \d+ after the prefix", result.output)


def _corrupt(text: str, position: int, value: str) -> str:
    return text[:position] + value + text[position + len(value) :]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda text: text + "A", "odd number of hex digits|length prefix"),
        (lambda text: text[:10] + "ZZ" + text[12:], "not hex"),
        (lambda text: text[:40], "length prefix says|does not decode|applicationDataLength"),
        (lambda text: _corrupt(text, 5, "44"), "needs schemas v4_4"),
        (lambda text: _corrupt(text, 1, "0FFF"), "length prefix says"),
        (lambda text: text[:-2].replace(text[1:5], f"{int(text[1:5], 16) - 1:04X}", 1), "applicationDataLength is"),
    ],
    ids=[
        "odd-length",
        "non-hex",
        "truncated-body",
        "unknown-protocol-version",
        "length-prefix-mismatch",
        "data-shorter",
    ],
)
def test_bad_payloads_are_one_line_errors_with_exit_8(corpus, extracted_schemas, make, message):
    text = make(payload(corpus, "v2_1/511_25857_request.hex"))
    result = CliRunner().invoke(main, ["decode", text, "--schemas", str(extracted_schemas)])
    assert result.exit_code == 8, result.output
    assert result.output.startswith("saic-asn1: error: ") and result.output.count("\n") == 1
    assert re.search(message, result.output)


def test_a_type_not_in_the_schemas(corpus, extracted_schemas):
    result = CliRunner().invoke(
        main,
        [
            "decode",
            payload(corpus, "v2_1/511_25857_request.hex"),
            "--schemas",
            str(extracted_schemas),
            "--type",
            "NoSuchType",
        ],
    )
    assert result.exit_code == 8
    assert (
        f"type NoSuchType is not in ApplicationData.asn1 of {extracted_schemas} (v2_1) for protocolVersion 33: these schemas lack it"
        in result.output
    )


@pytest.mark.parametrize(
    "command",
    [
        ["decode", "1000"],
        ["encode", "{}"],
        ["validate", "1000"],
        ["docs", "--out", "site"],
        ["generate", "python", "--out", "out", "--package", "client"],
    ],
)
def test_a_missing_schema_folder_is_missing_input_and_says_how_to_get_schemas(tmp_path, command):
    missing = tmp_path / "build" / "corpus-schemas"
    result = CliRunner().invoke(main, [*command, "--schemas", str(missing)])
    assert result.exit_code == 3, result.output
    assert f"saic-asn1: error: {missing}: " in result.output and len(result.output.splitlines()) == 1
    assert "saic-asn1 extract APP --out OUT" in result.output and "`make conformance`" in result.output


def test_a_schema_folder_without_schemas_says_how_to_get_them(tmp_path):
    result = CliRunner().invoke(main, ["decode", "1000", "--schemas", str(tmp_path)])
    assert result.exit_code == 3 and f"{tmp_path}: holds no <version>/*.asn1 schemas" in result.output
    assert "`make conformance`" in result.output


@pytest.mark.parametrize("given", ["argument", "stdin", "file"])
def test_encode_given_hex_says_it_is_hex_and_to_decode_it_first(corpus, tmp_path, given):
    hex_text = payload(corpus, "v2_1/511_25857_request.hex")
    schemas = str(Path(__file__).resolve().parents[2] / "generated_schemas" / "sample")
    hex_file = tmp_path / "captured.hex"
    hex_file.write_text(hex_text + "\n")
    arguments = {"argument": [hex_text], "stdin": [], "file": [str(hex_file)]}[given]
    result = CliRunner().invoke(main, ["encode", *arguments, "--schemas", schemas], input=hex_text + "\n")
    assert result.exit_code == 8 and len(result.output.splitlines()) == 1, result.output
    assert result.output.startswith("saic-asn1: error: message looks like hex, not JSON")
    assert "saic-asn1 decode HEX --schemas DIR" in result.output and "Extra data" not in result.output


LENGTH_AND_ENCODING = ("applicationDataLength", "applicationDataEncoding")


def test_encode_computes_every_length_field_and_the_reserved_bytes_a_hand_written_json_leaves_out(
    corpus, extracted_schemas
):
    """The issue's case (S6 item 1): a longer password changes the application data's size; the lengths in the
    JSON are stale or missing, and encode computes them: the message decodes back with the new password."""
    login = json.loads(
        invoke("decode", payload(corpus, "v1_1/501_513_request.hex"), "--schemas", str(extracted_schemas)).output
    )
    login["applicationData"]["password"] = "a-much-longer-password-12345"
    stale = invoke("encode", "--schemas", str(extracted_schemas), stdin=json.dumps(login))
    assert stale.exit_code == 0, stale.output
    again = json.loads(invoke("decode", stale.output.strip(), "--schemas", str(extracted_schemas)).output)
    assert again["applicationData"]["password"] == "a-much-longer-password-12345"
    # decode checks applicationDataLength against the bytes that follow: 20 characters more of 7 bits each.
    assert again["body"]["applicationDataLength"] > login["body"]["applicationDataLength"]
    del login["body"]["uid"]
    for name in LENGTH_AND_ENCODING:
        del login["body"][name]
    del login["header"]["dispatcherMessageLength"]
    bare = invoke("encode", "--schemas", str(extracted_schemas), stdin=json.dumps(login))
    assert bare.exit_code == 0, bare.output
    assert (
        "uid"
        not in json.loads(invoke("decode", bare.output.strip(), "--schemas", str(extracted_schemas)).output)["body"]
    )
    status = json.loads(
        invoke("decode", payload(corpus, "v3_0/516_768_request.hex"), "--schemas", str(extracted_schemas)).output
    )
    for name in LENGTH_AND_ENCODING:
        del status["body"][name]
    del status["reserved"], status["header"]["dispatcherMessageLength"]
    rebuilt = invoke("encode", "--schemas", str(extracted_schemas), stdin=json.dumps(status))
    assert rebuilt.output.strip() == payload(corpus, "v3_0/516_768_request.hex")
