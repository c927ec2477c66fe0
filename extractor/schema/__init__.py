"""schema: annotated classes → model → ASN.1 module text → modules validated with asn1tools → output folder."""

from .. import lazy_exports

__all__ = ["extract", "extract_to"]
__getattr__ = lazy_exports(__name__, {"extract": ".extract", "extract_to": ".extract"})
