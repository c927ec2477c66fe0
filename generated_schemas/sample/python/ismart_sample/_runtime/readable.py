"""Text for a person to read: every character a terminal obeys or a reader cannot see shown escaped.

Decoded strings, names and versionNames from an app, and request paths come from whoever wrote them: raw,
ESC and C1 controls retitle or clear a terminal, CR and LF forge lines, and bidi controls and invisible
characters make `gnp.exe` read as `exe.png`. Escaped here: the control characters (Unicode category Cc:
C0, DEL, C1), format characters (Cf: bidi controls U+202A–U+202E and U+2066–U+2069, zero-width characters
U+200B–U+200F, U+FEFF, U+2060–U+2064, tag characters), line and paragraph separators (Zl, Zp), lone
surrogates (Cs), and the Default_Ignorable_Code_Point characters of other categories (Hangul fillers,
variation selectors, U+034F, U+115F, U+17B4, U+180B–U+180F; listed from Unicode's DerivedCoreProperties.txt,
which `unicodedata` does not expose). Lives in the wire runtime, which generated clients carry, so the
clients, the CLI and the mitmproxy addon share it. JSON output keeps exact values and does not use it.
"""

from __future__ import annotations

import unicodedata

ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Default_Ignorable_Code_Point characters outside the categories above (DerivedCoreProperties.txt, Unicode 15).
IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2065, 0x2065),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),
)
NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def readable(text: str) -> str:
    """`text` on one line with every hidden or controlling character escaped (`\\x1b`, `\\n`, `\\u202e`)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a walk over the characters
    return "".join(_shown(character) for character in text)


def readable_lines(text: str) -> str:
    """`readable` for each line of a multi-line text, keeping its line breaks (LF) as they are."""
    return "\n".join(readable(line) for line in text.split("\n"))


def _shown(character: str) -> str:
    code = ord(character)
    if unicodedata.category(character) not in ESCAPED_CATEGORIES and not _ignorable(code):
        return character
    if character in NAMED:
        return NAMED[character]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _ignorable(code: int) -> bool:
    return any(low <= code <= high for low, high in IGNORABLE_RANGES)
