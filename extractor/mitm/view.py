"""The `saic-asn1` contentview: mitmproxy shows `ota.mp*` request and response bodies decoded with it by itself."""

from __future__ import annotations

from collections.abc import Iterator

from mitmproxy import http
from mitmproxy.contentviews import base

from ..wire.flows import body_text, endpoint_name, is_ota_endpoint
from .exchange import (
    REQUEST,
    RESPONSE,
    CurrentSchemas,
    body_tree,
    decode_body,
    type_label,
)

VIEW_NAME = "saic-asn1"
# Above every view mitmproxy ships (JSON and the like give at most 1), so that Auto picks this one.
OTA_PRIORITY = 2.0


class SaicView(base.View):
    name = VIEW_NAME

    def __init__(self, current: CurrentSchemas) -> None:
        self.current = current

    def __call__(self, data: bytes, *, flow=None, http_message=None, **metadata) -> base.TViewResult:
        if self.current.schemas is None:
            return f"saic-asn1: {self.current.problem}", base.format_text(body_text(data))
        direction = RESPONSE if flow is not None and http_message is getattr(flow, "response", None) else REQUEST
        body = decode_body(direction, data, self.current.schemas, self.current.catalog)
        if body.message is None:
            return f"saic-asn1: {direction} not decoded: {body.error}", base.format_text(body.text)
        endpoint = endpoint_name(flow.request.path) if isinstance(flow, http.HTTPFlow) else "ota.mp*"
        return f"saic-asn1 {endpoint} {direction}: {type_label(body.message)}", _styled(body_tree(body))

    def render_priority(self, data: bytes, *, flow=None, **metadata) -> float:
        if data and isinstance(flow, http.HTTPFlow) and is_ota_endpoint(flow.request.path):
            return OTA_PRIORITY
        return 0


def _styled(tree: str) -> Iterator[base.TViewLine]:
    """Section names (`header:`, `dispatcher body:`, `application data:`) styled as headers, the rest as text."""
    for line in tree.splitlines():
        name, colon, rest = line.partition(":")
        if colon and not line.startswith(" "):
            yield [("header", name + colon), ("text", rest)]
        else:
            yield [("text", line)]
