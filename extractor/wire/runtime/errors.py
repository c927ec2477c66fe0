"""The one exception of the wire runtime (the CLI maps it to exit code 8)."""

from __future__ import annotations

from .readable import readable


class WireError(ValueError):
    """A message cannot be decoded or encoded: bad hex, framing, lengths, unknown type, value out of range."""


def one_line(error: Exception) -> str:
    """An exception's message on one line, for a one-line error (its type when it has no message); a decoded value
    it quotes is shown escaped (`readable`)."""
    return readable(" ".join(str(error).split())) or type(error).__name__


def shown(value: object) -> str:
    """A value as an error message shows it: its repr, cut at 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
