"""Captured `ota.mp*` exchanges from a mitmproxy flow file (needs the `mitm` extra)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

ENDPOINT_MARKER = "/ota.mp"


@dataclass(frozen=True)
class Exchange:
    """One request to an `ota.mp*` endpoint and its response (None when the capture has none)."""

    url: str
    request: str
    response: str | None


def read_exchanges(path: Path) -> list[Exchange]:
    try:
        from mitmproxy import http, io
        from mitmproxy.exceptions import FlowReadException
    except ImportError:
        raise InputError("reading flow files needs mitmproxy: pip install 'saic-asn1-extractor[mitm]'") from None
    exchanges = []
    try:
        with path.open("rb") as stream:
            for flow in io.FlowReader(stream).stream():
                if not isinstance(flow, http.HTTPFlow) or not is_ota_endpoint(flow.request.path):
                    continue
                response = flow.response.get_content() if flow.response is not None else None
                exchanges.append(
                    Exchange(
                        url=flow.request.pretty_url,
                        request=body_text(flow.request.get_content()),
                        response=body_text(response) if response else None,
                    )
                )
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    except FlowReadException as error:
        raise InputError(f"{path}: not a mitmproxy flow file: {error}") from None
    return exchanges


def is_ota_endpoint(path: str) -> bool:
    """Whether an HTTP request path (with or without a query) is one of the `ota.mp*` endpoints."""
    return ENDPOINT_MARKER in path.split("?", 1)[0]


def endpoint_name(path: str) -> str:
    """`ota.mpv21` for `/TAP.Web/ota.mpv21?x=1`."""
    return path.split("?", 1)[0].rsplit("/", 1)[-1]


def body_text(content: bytes | None) -> str:
    """An HTTP body as the hex text the codec reads (bytes that are not ASCII become U+FFFD, so they fail as not hex)."""
    return (content or b"").decode("ascii", errors="replace").strip()
