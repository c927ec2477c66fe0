"""The `saic-asn1` contentview as mitmproxy picks and renders it for a flow's bodies."""

from __future__ import annotations

import json

from mitmproxy import contentviews
from mitmproxy.test import taddons

from extractor.mitm.live import SaicAsn1
from tests.flows import flow


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
