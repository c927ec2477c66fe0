"""The HTTP body framing of `ota.mp*` messages: text prefix, fixed header, reserved bytes, payload.

v1 (`ota.mp`, protocolVersion 0x11/0x12): 4 hex digits giving the length of the whole string, a `1`,
then hex: protocolVersion, securityContext, dispatcherMessageLength, dispatcherBodyEncoding.
v2/v3 (`ota.mpv21`, `ota.mpv30`): a `1`, 4 hex digits giving the byte count after the prefix plus 3,
then hex: protocolVersion, dispatcherMessageLength, dispatcherBodyEncoding, 16 reserved bytes.

The largest frame follows from the length fields: v2/v3's counts the bytes after the prefix plus 3 in
4 hex digits, so at most 65,532 bytes (131,069 characters) follow; v1's counts the whole text in 4 hex
digits, at most 65,535 characters. Text longer than twice that is refused before it is read further.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import WireError

V1 = "v1"
V2 = "v2/v3"
V1_HEADER = ("protocolVersion", "securityContext", "dispatcherMessageLength", "dispatcherBodyEncoding")
V2_HEADER = ("protocolVersion", "dispatcherMessageLength", "dispatcherBodyEncoding")
RESERVED_BYTES = 16
HEX = re.compile(r"[0-9A-Fa-f]*")
LENGTH_FIELD_LIMIT = 0xFFFF
# v2/v3: the length field counts the bytes after the prefix plus 3.
LARGEST_FRAME_BYTES = LENGTH_FIELD_LIMIT - 3
# The 5-character prefix, then two hex digits a byte: 131,069.
LARGEST_FRAME_CHARACTERS = 5 + 2 * LARGEST_FRAME_BYTES
# The most a payload's text may take: the largest frame with room for the whitespace pasted hex carries.
LONGEST_TEXT = 2 * LARGEST_FRAME_CHARACTERS


@dataclass(frozen=True)
class Frame:
    framing: str
    outer_length: int
    header: dict[str, int]
    reserved: bytes | None
    # Dispatcher body followed by the application data.
    payload: bytes

    @property
    def header_size(self) -> int:
        return len(self.header)


def clean_hex(text: str) -> str:
    """Tolerate what users paste: whitespace, a `0x` prefix, lower case."""
    if len(text) > LONGEST_TEXT:
        raise WireError(
            f"payload is longer than any ota.mp* frame: more than {LONGEST_TEXT:,} characters"
            f" (a frame is at most {LARGEST_FRAME_CHARACTERS:,} hex digits)"
        )
    compact = "".join(text.split())
    if compact[:2].lower() == "0x":
        compact = compact[2:]
    if not compact:
        raise WireError("payload is empty")
    if not HEX.fullmatch(compact):
        position = next(index for index, character in enumerate(compact) if not HEX.fullmatch(character))
        raise WireError(f"payload is not hex: {compact[position]!r} at character {position + 1}")
    return compact.upper()


def parse_frame(text: str) -> Frame:
    hex_text = clean_hex(text)
    if len(hex_text) < 5:
        raise WireError(f"payload of {len(hex_text)} characters is shorter than the 5-character prefix")
    if int(hex_text[:4], 16) == len(hex_text) and hex_text[4] == "1":
        return _split(hex_text, V1, int(hex_text[:4], 16), V1_HEADER, 0)
    if hex_text[0] != "1":
        raise WireError(
            f"unknown framing: the first 4 digits ({hex_text[:4]}) are not the length {len(hex_text)} (v1)"
            " and the payload does not start with 1 (v2/v3)"
        )
    outer_length = int(hex_text[1:5], 16)
    body_bytes = (len(hex_text) - 5) // 2
    if outer_length != body_bytes + 3:
        raise WireError(f"length prefix says {outer_length - 3} bytes follow, the payload has {body_bytes}")
    return _split(hex_text, V2, outer_length, V2_HEADER, RESERVED_BYTES)


def _split(hex_text: str, framing: str, outer_length: int, fields: tuple[str, ...], reserved_size: int) -> Frame:
    if (len(hex_text) - 5) % 2:
        raise WireError(f"odd number of hex digits after the prefix ({len(hex_text) - 5})")
    data = bytes.fromhex(hex_text[5:])
    fixed = len(fields) + reserved_size
    if len(data) < fixed:
        raise WireError(f"{framing} payload of {len(data)} bytes is shorter than its {fixed}-byte header")
    header = dict(zip(fields, data[: len(fields)]))
    reserved = data[len(fields) : fixed] if reserved_size else None
    return Frame(framing, outer_length, header, reserved, data[fixed:])


def build_frame(framing: str, header: dict[str, int], reserved: bytes | None, payload: bytes) -> str:
    """The exact text a peer sends for these header values, reserved bytes and payload."""
    fields = V1_HEADER if framing == V1 else V2_HEADER
    missing = [name for name in fields if name not in header]
    if missing:
        raise WireError(f"header lacks {', '.join(missing)}")
    for name in fields:
        if not 0 <= header[name] <= 255:
            raise WireError(f"header.{name}: {header[name]} does not fit the header's byte (0..255)")
    head = bytes(header[name] for name in fields)
    if framing == V1:
        hex_body = (head + payload).hex().upper()
        if len(hex_body) + 5 > LENGTH_FIELD_LIMIT:
            raise WireError(f"v1 message of {len(hex_body) + 5} characters exceeds the 4-digit length prefix")
        return f"{len(hex_body) + 5:04X}1{hex_body}"
    if reserved is None or len(reserved) != RESERVED_BYTES:
        raise WireError(f"v2/v3 framing needs {RESERVED_BYTES} reserved bytes")
    data = head + reserved + payload
    return f"1{len(data) + 3:04X}{data.hex().upper()}"
