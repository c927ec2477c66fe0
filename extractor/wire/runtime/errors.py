"""The one exception of the wire runtime (the CLI maps it to exit code 8)."""

from __future__ import annotations


class WireError(ValueError):
    """A message cannot be decoded or encoded: bad hex, framing, lengths, unknown type, value out of range."""
