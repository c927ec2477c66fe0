"""`decode --flows`: a mitmproxy capture written by mitmproxy's own writer, requests paired with responses."""

from __future__ import annotations

import json

from click.testing import CliRunner

from extractor.cli import main
from extractor.wire.flows import read_exchanges
from tests.flows import flow, write_capture


def test_flow_file_exchanges_decode_in_pairs(corpus, extracted_schemas, tmp_path):
    request = (corpus / "payloads/v2_1/511_25857_request.hex").read_text().strip()
    response = (corpus / "payloads/v2_1/511_25857_response.hex").read_text().strip()
    login = (corpus / "payloads/v1_1/501_513_request.hex").read_text().strip()
    capture = tmp_path / "capture.flow"
    write_capture(
        capture,
        [
            flow("/TAP.Web/ota.mpv21", request, response),
            flow("/api.app/v1/user/timezone", "{}", "{}"),
            flow("/TAP.Web/ota.mp", login, None),
        ],
    )
    exchanges = read_exchanges(capture)
    assert [exchange.url.rsplit("/", 1)[-1] for exchange in exchanges] == ["ota.mpv21", "ota.mp"]
    result = CliRunner().invoke(main, ["decode", "--flows", str(capture), "--schemas", str(extracted_schemas)])
    assert result.exit_code == 0, result.output
    decoded = json.loads(result.output)
    assert decoded[0]["request"]["applicationDataType"] == "OTARVMVehicleStatusReq"
    assert decoded[0]["response"]["applicationDataType"] == "OTARVMVehicleStatusResp25857"
    assert decoded[1]["request"]["applicationDataType"] == "MPUserLoggingInReq" and decoded[1]["response"] is None
    assert [decoded[0][side]["applicationDataTypeChoice"] for side in ("request", "response")] == ["catalog", "catalog"]
    assert [decoded[0][side]["messageDirection"] for side in ("request", "response")] == ["request", "response"]
    tree = CliRunner().invoke(
        main, ["decode", "--flows", str(capture), "--schemas", str(extracted_schemas), "--format", "tree"]
    )
    assert tree.exit_code == 0 and tree.output.count("== http://tap-eu.soimt.com") == 2


def test_flows_use_my_catalog_file(corpus, extracted_schemas, tmp_path):
    request = (corpus / "payloads/v2_1/511_25857_request.hex").read_text().strip()
    capture, mine = tmp_path / "capture.flow", tmp_path / "mine.json"
    write_capture(capture, [flow("/TAP.Web/ota.mpv21", request, None)])
    entry = {
        "applicationID": "511",
        "messageID": 1,
        "applicationDataProtocolVersion": 25857,
        "type": "OTARVMVehicleStatusReq",
        "source": "my capture",
    }
    mine.write_text(json.dumps({"messages": [entry]}))
    result = CliRunner().invoke(
        main, ["decode", "--flows", str(capture), "--schemas", str(extracted_schemas), "--catalog", str(mine)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["request"]["applicationDataTypeReason"] == f"{mine} entry 1: my capture"


def test_an_undecodable_body_is_reported_in_place(extracted_schemas, tmp_path):
    capture = tmp_path / "capture.flow"
    write_capture(capture, [flow("/TAP.Web/ota.mpv30", "not hex at all", "")])
    result = CliRunner().invoke(main, ["decode", "--flows", str(capture), "--schemas", str(extracted_schemas)])
    assert result.exit_code == 0
    assert "not hex" in json.loads(result.output)[0]["request"]["error"]


def test_not_a_flow_file(extracted_schemas, tmp_path):
    bogus = tmp_path / "capture.flow"
    bogus.write_bytes(b"\x00garbage")
    result = CliRunner().invoke(main, ["decode", "--flows", str(bogus), "--schemas", str(extracted_schemas)])
    assert result.exit_code == 3 and "not a mitmproxy flow file" in result.output
