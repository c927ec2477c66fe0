"""mitm: live decoding inside mitmproxy: the addon script (`addon.py`), its contentview, and saving captures
in the corpus's form. Only `live` and `view` import mitmproxy (the `mitm` extra)."""

from pathlib import Path

ADDON_SCRIPT = Path(__file__).with_name("addon.py")
