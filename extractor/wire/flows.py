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
                if not isinstance(flow, http.HTTPFlow) or ENDPOINT_MARKER not in flow.request.path:
                    continue
                response = flow.response.get_content() if flow.response is not None else None
                exchanges.append(
                    Exchange(
                        url=flow.request.pretty_url,
                        request=_text(flow.request.get_content()),
                        response=_text(response) if response else None,
                    )
                )
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    except FlowReadException as error:
        raise InputError(f"{path}: not a mitmproxy flow file: {error}") from None
    return exchanges


def _text(content: bytes | None) -> str:
    return (content or b"").decode("ascii", errors="replace").strip()
