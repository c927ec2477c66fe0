"""Every macro a template imports is used in it."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
IMPORT = re.compile(r"{%-?\s*from\s+\"[^\"]+\"\s+import\s+([^%]+?)\s*-?%}")


def test_imported_macros_are_used():
    unused = []
    for template in sorted(TEMPLATES.glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        for match in IMPORT.finditer(text):
            rest = text[: match.start()] + text[match.end() :]
            for name in (part.split(" as ")[-1].strip() for part in match.group(1).split(",")):
                if not re.search(rf"\b{re.escape(name)}\b", rest):
                    unused.append(f"{template.name} imports {name}")
    assert unused == []
