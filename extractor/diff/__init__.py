"""diff: what changed between two extractions (or two protocol versions), with a UPER wire verdict per change."""

from .. import lazy_exports

__all__ = ["diff_snapshots", "diff_versions", "load_snapshot"]
__getattr__ = lazy_exports(
    __name__, {"diff_snapshots": ".changes", "diff_versions": ".changes", "load_snapshot": ".snapshot"}
)
