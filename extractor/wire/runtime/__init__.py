"""The wire runtime: framing, message decode/encode and identification, and the typed layer.

Generated client packages ship these modules verbatim (`saic-asn1 generate python`), so they import
only each other, the standard library and asn1tools, and raise only `WireError`.
"""
