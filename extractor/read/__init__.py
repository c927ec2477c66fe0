"""read: input files (APK, bundle, dex) → dex files → annotated class records; the only user of androguard."""

from .. import lazy_exports

__all__ = ["DEFAULT_MAX_DEX_BYTES", "load_input", "read_classes"]

DEFAULT_MAX_DEX_BYTES = 512 * 1024 * 1024
__getattr__ = lazy_exports(__name__, {"load_input": ".inputs", "read_classes": ".dex"})
