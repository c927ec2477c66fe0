"""How a count reads in what a user sees: "1 type", "2 types", never "1 types"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None, width: int = 0) -> str:
    """`number` and its noun, singular for exactly 1; `plural` where adding "s" is wrong; the number right-aligned
    in `width` characters for a table."""
    return f"{number:>{width}} {noun if number == 1 else plural or noun + 's'}"
