"""The `saic-asn1` contentview as mitmproxy picks and renders it for a flow's bodies."""

from __future__ import annotations

import json

import pytest
from mitmproxy import contentviews, http, io
from mitmproxy.test import taddons

from extractor.mitm import exchange
from extractor.mitm.live import SaicAsn1
from extractor.mitm.view import LEGACY, LegacyMetadata, LegacyView, register
from tests.flows import flow, write_capture


def rendered(message, exchange) -> tuple[str, list[str], str | None]:
    """What mitmproxy shows for a body when the user has not chosen a view (Auto)."""
    description, lines, error = contentviews.get_message_content_view("auto", message, exchange)
    return description, ["".join(text for _, text in line) for line in lines], error


def corpus_exchange(corpus, version: str, request: str, response: str, endpoint: str):
    read = lambda name: (corpus / "payloads" / version / name).read_text().strip()
    return flow(endpoint, read(request), read(response))


def test_auto_picks_it_for_ota_bodies_and_shows_header_body_and_typed_application_data(corpus, live):
    exchange = corpus_exchange(corpus, "v2_1", "511_25857_request.hex", "511_25857_response.hex", "/TAP.Web/ota.mpv21")
    expected = json.loads((corpus / "payloads/v2_1/511_25857_response.decoded.json").read_text())
    description, lines, error = rendered(exchange.response, exchange)
    assert error is None
    assert description == f"saic-asn1 ota.mpv21 response: {expected['applicationDataType']} (catalog)"
    assert lines[1] == " ".join(["header:", *(f"{name}={value}" for name, value in expected["header"].items())])
    assert f"  vin: {expected['body']['vin']}" in lines
    (application,) = [line for line in lines if line.startswith("application data:")]
    assert application == f"application data: {expected['applicationDataType']} (catalog, high confidence)"
    shown = {line.strip().split(":", 1)[0] for line in lines[lines.index(application) + 1 :]}
    assert set(expected["applicationData"]) <= shown
    description, _, _ = rendered(exchange.request, exchange)
    assert description == "saic-asn1 ota.mpv21 request: OTARVMVehicleStatusReq (catalog)"


def test_other_endpoints_keep_mitmproxys_views(live):
    exchange = flow("/api.app/v1/user/timezone", '{"zone": "UTC"}', "{}")
    exchange.request.headers["content-type"] = "application/json"
    description, _, _ = rendered(exchange.request, exchange)
    assert description == "JSON"


def test_a_bad_body_says_why_and_shows_the_text(live):
    exchange = flow("/TAP.Web/ota.mpv30", "1008F21", "nonsense")
    description, lines, error = rendered(exchange.response, exchange)
    assert error is None
    assert description == "saic-asn1: response not decoded: payload is not hex: 'n' at character 1"
    assert lines == ["nonsense"]


def test_without_schemas_it_names_the_option(corpus):
    addon = SaicAsn1()
    with taddons.context(addon):
        exchange = corpus_exchange(
            corpus, "v3_0", "516_768_request.hex", "516_768_response_with_eventid.hex", "/TAP.Web/ota.mpv30"
        )
        description, _, _ = contentviews.get_message_content_view("saic-asn1", exchange.request, exchange)
        addon.done()
    assert description.startswith("saic-asn1: saic_schemas is not set")
    assert contentviews.get("saic-asn1") is None


@pytest.fixture
def decodes(monkeypatch):
    """Every payload decoded, in order, by the hook or the view (both reach the codec through `exchange`)."""
    texts = []
    real = exchange.decode_message

    def recorded(text, *rest, **named):
        texts.append(text)
        return real(text, *rest, **named)

    monkeypatch.setattr(exchange, "decode_message", recorded)
    return texts


def test_the_view_shows_what_the_hook_decoded_without_decoding_it_again(corpus, live, decodes):
    exchange_flow = corpus_exchange(
        corpus, "v2_1", "511_25857_request.hex", "511_25857_response.hex", "/TAP.Web/ota.mpv21"
    )
    live.addon.response(exchange_flow)
    assert len(decodes) == 2
    for _ in range(3):
        request, _, _ = rendered(exchange_flow.request, exchange_flow)
        response, _, _ = rendered(exchange_flow.response, exchange_flow)
    assert len(decodes) == 2
    assert request == "saic-asn1 ota.mpv21 request: OTARVMVehicleStatusReq (catalog)"
    assert response == "saic-asn1 ota.mpv21 response: OTARVMVehicleStatusResp25857 (catalog)"


def test_an_edited_body_is_decoded_again_once(corpus, live, decodes):
    exchange_flow = corpus_exchange(
        corpus, "v3_0", "516_768_request.hex", "516_768_response_with_eventid.hex", "/TAP.Web/ota.mpv30"
    )
    live.addon.response(exchange_flow)
    edited = (corpus / "payloads/v2_1/511_25857_response.hex").read_text().strip()
    exchange_flow.response.content = edited.encode()
    for _ in range(2):
        description, _, _ = rendered(exchange_flow.response, exchange_flow)
    assert decodes[2:] == [edited]
    assert description == "saic-asn1 ota.mpv30 response: OTARVMVehicleStatusResp25857 (catalog)"


def test_a_flow_no_hook_saw_is_decoded_by_the_first_view_only(corpus, live, decodes):
    exchange_flow = corpus_exchange(
        corpus, "v2_1", "511_25857_request.hex", "511_25857_response.hex", "/TAP.Web/ota.mpv21"
    )
    for _ in range(3):
        rendered(exchange_flow.response, exchange_flow)
    assert decodes == [(corpus / "payloads/v2_1/511_25857_response.hex").read_text().strip()]


def test_another_catalog_is_not_shown_a_decoding_made_with_the_one_before(corpus, live, tmp_path):
    own = tmp_path / "my-catalog.json"
    own.write_text(
        json.dumps(
            {
                "messages": [
                    {
                        "applicationID": "511",
                        "messageID": 2,
                        "applicationDataProtocolVersion": 25857,
                        "type": "OTARVMVehicleStatusResp25857",
                        "source": "my own capture",
                    }
                ]
            }
        )
    )
    exchange_flow = corpus_exchange(
        corpus, "v2_1", "511_25857_request.hex", "511_25857_response.hex", "/TAP.Web/ota.mpv21"
    )
    live.addon.response(exchange_flow)
    live.context.configure(live.addon, saic_catalog=str(own))
    _, lines, _ = rendered(exchange_flow.response, exchange_flow)
    assert f"  response; {own} entry 1: my own capture" in lines


def test_a_flow_with_its_decoding_kept_is_written_and_read_back_by_mitmproxy(corpus, live, tmp_path, decodes):
    """mitmproxy writes a flow's metadata into saved flows (`-w`): what is kept there must be plain data."""
    exchange_flow = corpus_exchange(
        corpus, "v2_1", "511_25857_request.hex", "511_25857_response.hex", "/TAP.Web/ota.mpv21"
    )
    live.addon.response(exchange_flow)
    capture = tmp_path / "capture.flow"
    write_capture(capture, [exchange_flow])
    with capture.open("rb") as stream:
        (read_back,) = list(io.FlowReader(stream).stream())
    assert isinstance(read_back, http.HTTPFlow)
    assert rendered(read_back.response, read_back) == rendered(exchange_flow.response, exchange_flow)
    assert len(decodes) == 2


def test_the_contentview_protocol_prettifies_to_the_title_then_the_tree(corpus, live):
    """mitmproxy 12 shows `prettify`'s text alone: the title (why, for a body that did not decode) comes first."""
    view = live.addon.view
    exchange_flow = corpus_exchange(
        corpus, "v2_1", "511_25857_request.hex", "511_25857_response.hex", "/TAP.Web/ota.mpv21"
    )
    metadata = LegacyMetadata(exchange_flow, exchange_flow.response)
    description, lines, _ = rendered(exchange_flow.response, exchange_flow)
    assert view.prettify(exchange_flow.response.content, metadata).splitlines() == [description, *lines]
    assert view.render_priority(exchange_flow.response.content, metadata) > 1
    bad = flow("/TAP.Web/ota.mpv30", "1008F21", "nonsense")
    assert view.prettify(b"nonsense", LegacyMetadata(bad, bad.response)) == (
        "saic-asn1: response not decoded: payload is not hex: 'n' at character 1\nnonsense"
    )
    other = flow("/api.app/v1/user/timezone", "{}", "{}")
    assert view.render_priority(b"{}", LegacyMetadata(other, other.request)) < 0
    assert (view.name, view.syntax_highlight) == ("saic-asn1", "none")


def test_mitmproxy_11_gets_the_view_through_its_view_class_once_per_load(live):
    assert LEGACY
    registered = contentviews.get("saic-asn1")
    assert isinstance(registered, LegacyView) and registered.view is live.addon.view
    register(live.addon.view)
    assert [view.name for view in contentviews.views].count("saic-asn1") == 1
