"""The addon in mitmproxy's test context: options, one line per exchange, bad bodies, schemas compiled once."""

from __future__ import annotations

import json
import logging
import re
import shutil

import asn1tools
import pytest
from mitmproxy.exceptions import OptionsError
from mitmproxy.test import taddons

from extractor.mitm import ADDON_SCRIPT
from extractor.mitm.live import SaicAsn1
from extractor.wire.runtime.codec import encode_message
from extractor.wire.runtime.schema_set import SchemaSet
from extractor.wire.schemas import Schemas
from tests.flows import flow


def corpus_text(corpus, name: str) -> str:
    return (corpus / "payloads" / name).read_text().strip()


def entry(corpus, name: str) -> dict:
    manifest = json.loads((corpus / "payloads" / "manifest.json").read_text())
    return next(item for item in manifest["payloads"] if item["file"] == name)


def records(caplog, level: int) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == level and record.name == "saic-asn1"]


def vehicle_status_flow(corpus):
    return flow(
        "/TAP.Web/ota.mpv21",
        corpus_text(corpus, "v2_1/511_25857_request.hex"),
        corpus_text(corpus, "v2_1/511_25857_response.hex"),
    )


def test_options_are_mitmproxy_options_with_help_and_choices(live):
    options = live.context.options
    for name in ("saic_schemas", "saic_dump", "saic_save", "saic_catalog"):
        assert options._options[name].help.startswith("saic-asn1: ")
    assert options._options["saic_dump"].choices == ("off", "line", "tree", "json")
    assert options.saic_dump == "line"


def test_a_dump_mode_that_is_not_a_choice_is_refused_and_the_one_in_use_stays(corpus, live, caplog):
    with pytest.raises(OptionsError, match=r"^saic_dump is 'loud', not one of off, line, tree, json$"):
        live.context.configure(live.addon, saic_dump="loud")
    assert live.context.options.saic_dump == "line"
    live.addon.response(vehicle_status_flow(corpus))
    assert len(records(caplog, logging.INFO)) == 1


def test_one_line_per_exchange_names_endpoint_ids_and_types_of_both_sides(corpus, live, caplog):
    live.addon.response(vehicle_status_flow(corpus))
    request, response = entry(corpus, "v2_1/511_25857_request.hex"), entry(corpus, "v2_1/511_25857_response.hex")
    assert records(caplog, logging.INFO) == [
        (
            f"ota.mpv21 request: applicationID {request['applicationID']} messageID {request['messageID']}"
            f" {request['applicationDataType']} (catalog)"
            f" | response: applicationID {response['applicationID']} messageID {response['messageID']}"
            f" {response['applicationDataType']} (catalog)"
        )
    ]


def test_a_request_that_got_no_response_is_decoded_when_the_flow_fails(corpus, live, caplog):
    failed = flow("/TAP.Web/ota.mpv30", corpus_text(corpus, "v3_0/516_768_request.hex"), None, failed=True)
    live.addon.error(failed)
    assert records(caplog, logging.INFO) == [
        "ota.mpv30 request: applicationID 516 messageID 5 no application data | response: none"
    ]


def test_other_endpoints_are_left_alone(live, caplog):
    live.addon.response(flow("/api.app/v1/user/timezone", "{}", "{}"))
    assert caplog.records == []


def truncated(text: str) -> str:
    return text[:-4]


def unknown_protocol_version(text: str) -> str:
    return text[:5] + "99" + text[7:]


@pytest.mark.parametrize(
    ("corrupt", "reason"),
    [
        (lambda text: "G" + text[1:], "payload is not hex: 'G' at character 1"),
        (truncated, "length prefix says"),
        (unknown_protocol_version, "protocolVersion 153 (0x99) needs schemas v9_9"),
    ],
    ids=["not hex", "truncated", "unknown protocolVersion"],
)
def test_a_bad_body_is_one_warning_naming_the_flow_and_the_others_carry_on(corpus, live, caplog, corrupt, reason):
    good = corpus_text(corpus, "v2_1/511_25857_request.hex")
    bad = flow("/TAP.Web/ota.mpv21", good, corrupt(corpus_text(corpus, "v2_1/511_25857_response.hex")))
    live.addon.response(bad)
    live.addon.response(vehicle_status_flow(corpus))
    (warning,) = records(caplog, logging.WARNING)
    assert warning.startswith(f"saic-asn1: POST {bad.request.pretty_url} (flow {bad.id}): response not decoded: ")
    assert reason in warning and "\n" not in warning
    lines = records(caplog, logging.INFO)
    assert lines[0].endswith("| response: not decoded") and "OTARVMVehicleStatusResp25857" in lines[1]


def test_tree_and_json_dumps(corpus, live, caplog):
    exchange = vehicle_status_flow(corpus)
    live.context.configure(live.addon, saic_dump="tree")
    live.addon.response(exchange)
    (tree,) = records(caplog, logging.INFO)
    assert tree.startswith(f"== POST {exchange.request.pretty_url} (flow {exchange.id})\n-- request\nframing: v2/v3")
    assert (
        "\napplication data: OTARVMVehicleStatusResp25857 (catalog, high confidence)\n  response; built-in catalog entry "
        in tree
    )
    caplog.clear()
    live.context.configure(live.addon, saic_dump="json")
    live.addon.response(exchange)
    (line,) = records(caplog, logging.INFO)
    document = json.loads(line)
    expected = json.loads((corpus / "payloads/v2_1/511_25857_response.decoded.json").read_text())
    assert document["response"]["applicationData"] == expected["applicationData"]
    assert (document["flow"], document["endpoint"]) == (exchange.id, "ota.mpv21")
    caplog.clear()
    live.context.configure(live.addon, saic_dump="off")
    live.addon.response(exchange)
    assert caplog.records == []


def test_missing_schemas_are_an_error_in_the_log_and_flows_pass(corpus, caplog):
    caplog.set_level(logging.INFO)
    with taddons.context() as context:
        (addon,) = context.script(str(ADDON_SCRIPT)).addons
        addon.response(vehicle_status_flow(corpus))
        addon.done()
    assert records(caplog, logging.ERROR) == [
        "saic-asn1: saic_schemas is not set: give it an extraction output folder (saic-asn1 extract APK --out OUT);"
        + " ota.mp* messages are not decoded"
    ]
    assert records(caplog, logging.INFO) == []


@pytest.mark.parametrize(
    "make",
    [lambda folder: folder.mkdir(), lambda folder: folder.write_text("x"), lambda folder: None],
    ids=["empty folder", "a file", "nothing"],
)
def test_a_folder_that_is_not_an_extraction_is_refused_naming_it(shared_live, tmp_path, make):
    folder = tmp_path / "OUT"
    make(folder)
    addon = SaicAsn1()
    with taddons.context(addon) as context:
        with pytest.raises(OptionsError, match=f"^saic_schemas: {folder}: "):
            context.configure(addon, saic_schemas=str(folder))
        assert addon.current.schemas is None and context.options.saic_schemas == ""
        addon.done()


def test_a_path_longer_than_the_file_system_allows_is_refused_in_one_line(live, tmp_path):
    # Linux allows 255 bytes a name: 300 is "File name too long" (ENAMETOOLONG), not an uncaught OSError.
    long_path = str(tmp_path / ("x" * 300))
    in_use = live.addon.current.schemas.folder
    for option in ("saic_schemas", "saic_save", "saic_catalog"):
        with pytest.raises(OptionsError) as refused:
            live.context.configure(live.addon, **{option: long_path})
        assert str(refused.value).startswith(f"{option}: ") and "File name too long" in str(refused.value)
        assert "\n" not in str(refused.value)
    # mitmproxy puts the previous values back (configuring the addon with them again).
    assert live.addon.current.schemas.folder == in_use and live.addon.capture is None


def test_schemas_compile_once_per_option_change_not_per_flow(corpus, extracted_schemas, tmp_path, monkeypatch):
    only_v3 = tmp_path / "v3-only"
    shutil.copytree(extracted_schemas / "v3_0", only_v3 / "v3_0")
    compiled, parsed = [], []
    real_compile, real_parse = SchemaSet.compile, asn1tools.parse_string

    def compile_(self, tree, label):
        compiled.append(label)
        return real_compile(self, tree, label)

    monkeypatch.setattr(SchemaSet, "compile", compile_)
    # Identification and the value checks read the parsed form too: the text is still parsed once per module.

    def parse_string(text, *rest):
        parsed.append(text[:40])
        return real_parse(text, *rest)

    monkeypatch.setattr(asn1tools, "parse_string", parse_string)
    request, response = (
        corpus_text(corpus, "v3_0/516_768_request.hex"),
        corpus_text(corpus, "v3_0/516_768_response_with_eventid.hex"),
    )
    addon = SaicAsn1()
    with taddons.context(addon) as context:
        context.configure(addon, saic_schemas=str(only_v3), saic_dump="off")
        assert compiled == ["v3_0/MP_DispatcherBody.asn1", "v3_0/ApplicationData.asn1"]
        for _ in range(3):
            addon.response(flow("/TAP.Web/ota.mpv30", request, response))
        assert len(compiled) == 2 and len(parsed) == 2
        context.configure(addon, saic_schemas=str(only_v3) + "/")
        addon.done()
    assert len(compiled) == 4


def test_a_catalog_of_your_own_identifies_and_a_bad_one_is_refused(corpus, live, caplog, tmp_path):
    own = tmp_path / "my-catalog.json"
    own.write_text(
        json.dumps(
            {
                "messages": [
                    {
                        "applicationID": "511",
                        "messageID": 1,
                        "applicationDataProtocolVersion": 25857,
                        "type": "OTARVMVehicleStatusReq",
                        "source": "my own capture",
                    }
                ]
            }
        )
    )
    live.context.configure(live.addon, saic_catalog=str(own), saic_dump="tree")
    live.addon.response(vehicle_status_flow(corpus))
    (tree,) = records(caplog, logging.INFO)
    assert f"\n  request; {own} entry 1: my own capture\n" in tree
    caplog.clear()
    with pytest.raises(OptionsError, match=f"^saic_catalog: {own}x: cannot read catalog"):
        live.context.configure(live.addon, saic_catalog=str(own) + "x")
    bad = tmp_path / "bad-catalog.json"
    bad.write_text('{"messages": [{"applicationID": "511"}]}')
    with pytest.raises(OptionsError, match=f"^saic_catalog: {bad}: entry 1: "):
        live.context.configure(live.addon, saic_catalog=str(bad))
    # The catalog in use stays, as mitmproxy keeps the option's value.
    live.addon.response(vehicle_status_flow(corpus))
    assert f"\n  request; {own} entry 1: my own capture\n" in records(caplog, logging.INFO)[0]


def hostile_request(corpus, extracted_schemas) -> str:
    """The captured status request with an applicationID that clears the screen and a uid that retitles it."""
    document = json.loads((corpus / "payloads/v2_1/511_25857_request.decoded.json").read_text())
    document["body"]["applicationID"] = "\x1b[J"
    document["body"]["uid"] = "\x1b]0;owned\x07\r".ljust(50, "X")  # SIZE(50)
    return encode_message(document, Schemas(extracted_schemas))


RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def test_hostile_paths_and_strings_reach_the_log_escaped(corpus, extracted_schemas, live, caplog):
    path = "/TAP.Web/ota.mpv21\u202e\x1b]0;x\x07"
    exchange = flow(path, hostile_request(corpus, extracted_schemas), "zz")
    live.addon.response(exchange)
    (line,) = records(caplog, logging.INFO)
    assert line.startswith("ota.mpv21\\u202e\\x1b]0;x\\x07 request: applicationID \\x1b[J messageID 1 "), line
    (warning,) = records(caplog, logging.WARNING)
    assert "/TAP.Web/ota.mpv21\\u202e\\x1b]0;x\\x07 (flow " in warning and not RAW.search(warning)
    caplog.clear()
    live.context.configure(live.addon, saic_dump="tree")
    live.addon.response(exchange)
    (tree,) = records(caplog, logging.INFO)
    assert "\n  applicationID: \\x1b[J\n" in tree and "\n  uid: \\x1b]0;owned\\x07\\r" + "X" * 39 + "\n" in tree
    assert not RAW.search(tree)
    caplog.clear()
    live.context.configure(live.addon, saic_dump="json")
    live.addon.response(exchange)
    (dumped,) = records(caplog, logging.INFO)
    assert json.loads(dumped)["request"]["body"]["uid"] == "\x1b]0;owned\x07\r".ljust(50, "X") and not RAW.search(
        dumped
    )
