"""wire: captured messages (framing, dispatcher body, application data) ↔ values, with extracted schemas.

`runtime/` is the part generated client packages ship verbatim; the rest adapts it to the CLI.
Entry points: `schemas.Schemas`, `runtime.codec.decode_message` and `encode_message`.
"""
