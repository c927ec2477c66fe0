"""wire: captured messages (framing, dispatcher body, application data) ↔ values, with extracted schemas."""

from .. import lazy_exports

__all__ = ["Schemas", "decode_message", "encode_message"]
__getattr__ = lazy_exports(
    __name__, {"Schemas": ".schemas", "decode_message": ".codec", "encode_message": ".codec"}
)
