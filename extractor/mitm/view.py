"""The `saic-asn1` contentview: mitmproxy shows `ota.mp*` request and response bodies decoded with it by itself.
It shows what the addon's hooks decoded and kept in the flow (`cache`), and decodes only a body they did not
decode as it is now (edited since, or passed before the addon had schemas or with other ones).

It is written to mitmproxy 12's `Contentview` protocol (`name`, `syntax_highlight`, `prettify`,
`render_priority`, registered with `contentviews.add`). mitmproxy 11, the last for Python 3.11, has only the
`View` class that 12 replaced: `register` hands it the view through `LegacyView`, the one place that knows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from mitmproxy import contentviews, http
from mitmproxy.contentviews import base
from mitmproxy.flow import Flow

from ..wire.flows import body_text, endpoint_name, is_ota_endpoint
from .cache import ShownBody, recall, remember
from .exchange import REQUEST, RESPONSE, CurrentSchemas, decode_body

VIEW_NAME = "saic-asn1"
# Above every view mitmproxy ships (JSON and the like give at most 1), so that Auto picks this one.
OTA_PRIORITY = 2.0
# The protocol's "not for this data".
NOT_OURS = -1.0


class Metadata(Protocol):
    """What the view reads of the body's context: mitmproxy 12's `contentviews.Metadata` has it."""

    @property
    def flow(self) -> Flow | None: ...

    @property
    def http_message(self) -> http.Message | None: ...


@dataclass(frozen=True)
class Shown:
    """A body as the view shows it: a title line (why, when it did not decode), then the tree or the body's text."""

    title: str
    text: str
    decoded: bool


class SaicContentview:
    """A `Contentview` by the protocol's shape, which is how mitmproxy 12 checks it."""

    name = VIEW_NAME
    syntax_highlight = "none"

    def __init__(self, current: CurrentSchemas) -> None:
        self.current = current

    def prettify(self, data: bytes, metadata: Metadata) -> str:
        shown = self.show(data, metadata)
        return f"{shown.title}\n{shown.text}"

    def render_priority(self, data: bytes, metadata: Metadata) -> float:
        flow = metadata.flow
        if data and isinstance(flow, http.HTTPFlow) and is_ota_endpoint(flow.request.path):
            return OTA_PRIORITY
        return NOT_OURS

    def show(self, data: bytes, metadata: Metadata) -> Shown:
        if self.current.schemas is None:
            return Shown(f"saic-asn1: {self.current.problem}", body_text(data), decoded=False)
        flow = metadata.flow
        direction = (
            RESPONSE if flow is not None and metadata.http_message is getattr(flow, "response", None) else REQUEST
        )
        exchange = flow if isinstance(flow, http.HTTPFlow) else None
        body = self._shown_body(direction, data, exchange)
        if body.tree is None:
            return Shown(f"saic-asn1: {direction} not decoded: {body.error}", body_text(data), decoded=False)
        endpoint = endpoint_name(exchange.request.path) if exchange is not None else "ota.mp*"
        return Shown(f"saic-asn1 {endpoint} {direction}: {body.label}", body.tree, decoded=True)

    def _shown_body(self, direction: str, data: bytes, exchange: http.HTTPFlow | None) -> ShownBody:
        """What the hook kept in the HTTP flow for this body, or the body decoded now and kept there."""
        decoder = self.current.decoder
        if exchange is not None and (kept := recall(exchange.metadata, direction, data, decoder)) is not None:
            return kept
        assert self.current.schemas is not None
        shown = ShownBody.of(decode_body(direction, data, self.current.schemas, self.current.catalog))
        if exchange is not None:
            remember(exchange.metadata, direction, data, shown, decoder)
        return shown


# mitmproxy 11 has no `Contentview`; mitmproxy 12 takes the view as it is.
LEGACY = not hasattr(contentviews, "Contentview")


def register(view: SaicContentview) -> None:
    """Make the view one of mitmproxy's; it replaces a view of its name left by an earlier load (e.g. a reload)."""
    if not LEGACY:
        # Typed against the installed mitmproxy: 11's `add` takes a `View`, 12's a `Contentview`.
        contentviews.add(view)  # type: ignore[arg-type]
        return
    if (previous := contentviews.get(view.name)) is not None:
        contentviews.remove(previous)
    contentviews.add(LegacyView(view))


def unregister(view: SaicContentview) -> None:
    """mitmproxy 12 has no way to remove a view: it stays until a view of its name replaces it."""
    if LEGACY and isinstance(registered := contentviews.get(view.name), LegacyView) and registered.view is view:
        contentviews.remove(registered)


@dataclass(frozen=True)
class LegacyMetadata:
    flow: Flow | None
    http_message: http.Message | None


class LegacyView(base.View):
    """The view as mitmproxy 11's `View`: the title is its description, and section names are styled as headers."""

    name = VIEW_NAME

    def __init__(self, view: SaicContentview) -> None:
        self.view = view

    def __call__(
        self, data: bytes, *, flow: Flow | None = None, http_message: http.Message | None = None, **metadata: Any
    ) -> base.TViewResult:
        shown = self.view.show(data, LegacyMetadata(flow, http_message))
        return shown.title, _styled(shown.text) if shown.decoded else base.format_text(shown.text)

    def render_priority(
        self, data: bytes, *, flow: Flow | None = None, http_message: http.Message | None = None, **metadata: Any
    ) -> float:
        return self.view.render_priority(data, LegacyMetadata(flow, http_message))


def _styled(tree: str) -> Iterator[base.TViewLine]:
    """Section names (`header:`, `dispatcher body:`, `application data:`) styled as headers, the rest as text."""
    for line in tree.splitlines():
        name, colon, rest = line.partition(":")
        if colon and not line.startswith(" "):
            yield [("header", name + colon), ("text", rest)]
        else:
            yield [("text", line)]
