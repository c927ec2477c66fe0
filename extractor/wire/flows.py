"""Captured `ota.mp*` exchanges from a mitmproxy flow file (needs the `mitm` extra), and their HTTP bodies
as the codec reads them.

A body is inflated as its Content-Encoding says, incrementally and never past one byte more than the
longest payload text (`LONGEST_TEXT`, twice the largest frame): 255 KB of gzip can hold 256 MiB. mitmproxy's
own helpers (`Message.get_content`, `net.encoding.decode`) inflate a body whole, so this module does it
with zlib's `max_length`, zstandard's bounded reads and brotli fed a byte at a time (Brotli 1.1's
decompressor takes no output limit; a byte completes at most one 16 MiB meta-block).
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .runtime.frames import LONGEST_TEXT

ENDPOINT_MARKER = "/ota.mp"
# One byte more than any payload text: enough for the codec to refuse the body as too long.
BODY_LIMIT = LONGEST_TEXT + 1
GZIP_MAGIC = b"\x1f\x8b"
GZIP_WBITS = 16 + zlib.MAX_WBITS


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
                response = message_body(flow.response) if flow.response is not None else None
                exchanges.append(
                    Exchange(
                        url=flow.request.pretty_url,
                        request=body_text(message_body(flow.request)),
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
    """An HTTP body as the hex text the codec reads (bytes that are not ASCII become U+FFFD, so they fail as not hex).

    A body longer than any payload text gives its first `BODY_LIMIT` characters, which the codec refuses."""
    body = content or b""
    if len(body) > LONGEST_TEXT:
        return body[:BODY_LIMIT].decode("ascii", errors="replace")
    return body.decode("ascii", errors="replace").strip()


def message_body(message: Any) -> bytes | None:
    """A mitmproxy HTTP request's or response's body, inflated at most to `BODY_LIMIT` bytes."""
    return inflated(message.raw_content, message.headers.get("content-encoding", ""))


def inflated(raw: bytes | None, content_encoding: str) -> bytes | None:
    """`raw` inflated as `content_encoding` says, at most to `BODY_LIMIT` bytes; a body that does not inflate,
    or an encoding mitmproxy does not know, stays as it is (as mitmproxy's `get_content(strict=False)` has it)."""
    if raw is None:
        return None
    inflate = INFLATERS.get(content_encoding.strip().lower())
    try:
        body = inflate(raw) if inflate is not None and raw else None
    except zlib.error:
        body = None
    return (body if body is not None else raw)[:BODY_LIMIT]


def _zlib(raw: bytes, wbits: int) -> bytes | None:
    """One zlib stream, or gzip members one after the other (as `gzip` reads them); None when truncated."""
    body = bytearray()
    data = raw
    while len(body) < BODY_LIMIT:
        stream = zlib.decompressobj(wbits)
        body += stream.decompress(data, BODY_LIMIT - len(body))
        if not stream.eof:
            return bytes(body) if len(body) >= BODY_LIMIT else None
        data = stream.unused_data
        if wbits != GZIP_WBITS or not data.startswith(GZIP_MAGIC):
            break
    return bytes(body)


def _gzip(raw: bytes) -> bytes | None:
    return _zlib(raw, GZIP_WBITS)


def _deflate(raw: bytes) -> bytes | None:
    """zlib-wrapped deflate, or raw deflate from servers that leave the wrapper out (as mitmproxy reads both)."""
    try:
        return _zlib(raw, zlib.MAX_WBITS)
    except zlib.error:
        return _zlib(raw, -zlib.MAX_WBITS)


def _brotli(raw: bytes) -> bytes | None:
    # mitmproxy's dependencies, imported only for a body that needs them.
    import brotli

    decompressor = brotli.Decompressor()
    body = bytearray()
    try:
        for start in range(len(raw)):
            body += decompressor.process(raw[start : start + 1])
            if len(body) >= BODY_LIMIT:
                break
    except brotli.error:
        return None
    return bytes(body)


def _zstd(raw: bytes) -> bytes | None:
    import zstandard

    body = bytearray()
    try:
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw), read_across_frames=True) as reader:
            while len(body) < BODY_LIMIT and (chunk := reader.read(BODY_LIMIT - len(body))):
                body += chunk
    except zstandard.ZstdError:
        return None
    return bytes(body)


# mitmproxy's Content-Encoding names; identity, none and any other are read as they are.
INFLATERS = {"gzip": _gzip, "deflate": _deflate, "deflateraw": _deflate, "br": _brotli, "zstd": _zstd}
