"""Each `ota.mp*` body's decoding kept in its flow's metadata (`flow.metadata`, mitmproxy's place for addon
data): the hook that decodes a body stores what the contentview shows of it, and the view shows that instead
of decoding the body again.

An entry is plain text (mitmproxy writes a flow's metadata into saved flows, and its console lists it in the
flow's details) keyed on the body's SHA-256 and on the schemas and catalog it was decoded with: an edited or
replayed body, other schemas or another catalog, or a flow read from a file are decoded again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ..wire.tree import message_tree
from .exchange import DecodedBody, type_label

METADATA_KEY = "saic-asn1"


@dataclass(frozen=True)
class ShownBody:
    """What the contentview shows of one body: its application-data type and tree, or why it did not decode."""

    label: str | None = None
    tree: str | None = None
    error: str | None = None

    @classmethod
    def of(cls, body: DecodedBody) -> ShownBody:
        if body.message is None:
            return cls(error=body.error)
        return cls(label=type_label(body.message), tree=message_tree(body.message))


def remember(metadata: dict[str, Any], direction: str, content: bytes | None, shown: ShownBody, decoder: str) -> None:
    """Keep `shown` for the body `content` of one side of the flow, decoded by `decoder` (`CurrentSchemas.decoder`)."""
    entries = metadata.get(METADATA_KEY)
    if not isinstance(entries, dict):
        entries = metadata[METADATA_KEY] = {}
    entries[direction] = {
        "sha256": _digest(content),
        "decoder": decoder,
        "label": shown.label,
        "tree": shown.tree,
        "error": shown.error,
    }


def recall(metadata: dict[str, Any], direction: str, content: bytes | None, decoder: str) -> ShownBody | None:
    """What was kept for this very body decoded by this very `decoder`, or None."""
    entries = metadata.get(METADATA_KEY)
    entry = entries.get(direction) if isinstance(entries, dict) else None
    if not isinstance(entry, dict) or entry.get("decoder") != decoder or entry.get("sha256") != _digest(content):
        return None
    return ShownBody(label=entry["label"], tree=entry["tree"], error=entry["error"])


def _digest(content: bytes | None) -> str:
    return hashlib.sha256(content or b"").hexdigest()
