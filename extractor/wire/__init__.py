"""wire: captured messages (framing, dispatcher body, application data) ↔ values, with extracted schemas.

`runtime/` is the part generated client packages ship verbatim; the rest adapts it to the CLI.
"""

from .. import lazy_exports

__all__ = ["Schemas", "decode_message", "encode_message"]
__getattr__ = lazy_exports(
    __name__, {"Schemas": ".schemas", "decode_message": ".runtime.codec", "encode_message": ".runtime.codec"}
)
