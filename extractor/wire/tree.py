"""A readable tree of a decoded message, for `saic-asn1 decode --format tree`."""

from __future__ import annotations

from typing import Any

from .runtime.codec import DecodedMessage
from .runtime.readable import readable

INDENT = "  "


def message_tree(message: DecodedMessage) -> str:
    header = " ".join(f"{name}={value}" for name, value in message.header.items())
    lines = [
        f"framing: {message.framing} (length field {message.outer_length})",
        f"header: {header}",
    ]
    if message.reserved is not None:
        lines.append(f"reserved: {message.reserved.hex().upper()}")
    lines.append(f"schemas: {message.schema_version}")
    lines.append(f"dispatcher body: MPDispatcherBody ({message.body_size} bytes)")
    lines.extend(_value_lines(message.body, 1))
    identification = message.identification
    if identification.type_name is None:
        lines.append(f"application data: none ({identification.message_direction})")
    else:
        confidence = f", {identification.confidence} confidence" if identification.confidence else ""
        lines.append(f"application data: {identification.type_name} ({identification.choice}{confidence})")
        lines.append(f"{INDENT}{identification.message_direction}; {readable(identification.reason)}")
        others = [ranked.candidate.type_name for ranked in identification.candidates[1:]]
        if others:
            lines.append(f"{INDENT}other candidates: {', '.join(others)}")
        lines.extend(_value_lines(identification.value, 1))
    return "\n".join(lines)


def _value_lines(value: Any, depth: int) -> list[str]:
    indent = INDENT * depth
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{indent}{key}:")
                lines.extend(_value_lines(item, depth + 1))
            else:
                lines.append(f"{indent}{key}: {_scalar(item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for position, item in enumerate(value):
            lines.append(f"{indent}[{position}]")
            lines.extend(_value_lines(item, depth + 1))
        return lines
    return [f"{indent}{_scalar(value)}"]


def _scalar(value: Any) -> str:
    """Bytes as hex, with the text beside them when they are printable UTF-8 (titles, error messages)."""
    if isinstance(value, bytes):
        text = _printable_text(value)
        return f"{value.hex().upper()}" + (f" ({text!r})" if text else "")
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bytes):
        return f"{value[0].hex().upper()} ({value[1]} bits)"
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return f"{value[0]}: {_scalar(value[1])}"
    if value == {} or value == []:
        return "{}" if isinstance(value, dict) else "[]"
    # Decoded strings are the sender's: shown escaped, so they cannot drive the terminal or forge lines.
    return readable(str(value))


def _printable_text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text and text.isprintable() else None
