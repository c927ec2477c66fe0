"""HTTP bodies are inflated at most to one byte past the longest payload text: 2 × 131,069 + 1 = 262,139 bytes
(a v2/v3 frame is at most the 5-character prefix and 65,532 bytes in hex)."""

import gzip
import zlib

import brotli
import pytest
import zstandard

from extractor.mitm.exchange import decode_text
from extractor.wire.flows import body_text, inflated
from extractor.wire.runtime.catalog import Catalog
from extractor.wire.schemas import Schemas

LIMIT = 262_139
TEXT = b"1008B21070000" + b"00" * 20
BOMB = bytes(8 << 20)
COMPRESSORS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "deflateraw": lambda data: zlib.compress(data, wbits=-15),
    "br": brotli.compress,
    "zstd": lambda data: zstandard.ZstdCompressor().compress(data),
}


@pytest.mark.parametrize("encoding", COMPRESSORS)
def test_a_compressed_body_inflates_as_mitmproxy_would(encoding):
    assert inflated(COMPRESSORS[encoding](TEXT), encoding.upper()) == TEXT


@pytest.mark.parametrize("encoding", COMPRESSORS)
def test_a_compressed_bomb_stops_one_byte_past_the_longest_payload(encoding):
    assert inflated(COMPRESSORS[encoding](BOMB), encoding) == bytes(LIMIT)


def test_gzip_members_are_read_one_after_the_other():
    assert inflated(gzip.compress(b"AB") + gzip.compress(b"CD"), "gzip") == b"ABCD"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (gzip.compress(TEXT, mtime=0)[:-12], "gzip"),
        (b"not gzip", "gzip"),
        (b"not br", "br"),
        (TEXT, "identity"),
        (TEXT, "x"),
    ],
)
def test_a_body_that_does_not_inflate_stays_as_it_is(raw, encoding):
    assert inflated(raw, encoding) == raw


def test_a_plain_body_longer_than_any_payload_is_cut_one_byte_past_it():
    assert inflated(b"A" * 300_000, "") == b"A" * LIMIT


def test_a_body_too_long_for_a_payload_is_one_clean_error_even_when_what_follows_would_strip(tmp_path):
    # A frame, then whitespace past the limit: the whole body is too long, not the frame alone.
    text = body_text(TEXT + b" " * LIMIT)
    # Schemas without a dispatcher body: the length is checked before any schema is looked up.
    (tmp_path / "v1_1").mkdir()
    (tmp_path / "v1_1" / "ApplicationData.asn1").write_text("ApplicationData DEFINITIONS ::= BEGIN END\n")
    body = decode_text("request", text, schemas=Schemas(tmp_path), catalog=Catalog())
    assert (
        body.error
        == "payload is longer than any ota.mp* frame: more than 262,138 characters (a frame is at most 131,069 hex digits)"
    )
