"""Import androguard with its side effects on our streams undone.

androguard's `androconf` calls `colorama.init()` at import: that wraps stdout and stderr (stripping the
colour `diff --color` asks for when piped) and registers an exit hook that writes ESC[0m to a terminal
after every command. The dex reader and the manifest reader import androguard through this module.
"""

from __future__ import annotations

import atexit

import androguard.core.androconf  # noqa: F401  (imported for its side effects, undone below)
import colorama.initialise
from loguru import logger

colorama.initialise.deinit()
atexit.unregister(colorama.initialise.reset_all)
logger.disable("androguard")
