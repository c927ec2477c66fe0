"""mitm: live decoding inside mitmproxy: the addon script (`addon.py`), its contentview, and saving captures
in the corpus's form. Of its modules only `live` and `view` import mitmproxy (the `mitm` extra; `wire/flows` reads flow files with it)."""

from pathlib import Path

ADDON_SCRIPT = Path(__file__).with_name("addon.py")
