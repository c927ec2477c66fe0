"""release: app releases kept under generated_schemas/<package>/<versionName>/ with their changelog."""

from .. import lazy_exports

__all__ = ["regenerate"]
__getattr__ = lazy_exports(__name__, {"regenerate": ".regenerate"})
