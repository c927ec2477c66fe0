"""generate: client code from an extraction output (`saic-asn1 generate python`)."""

from .. import lazy_exports

__all__ = ["generate_python"]
__getattr__ = lazy_exports(__name__, {"generate_python": ".python"})
