"""The wire runtime: framing, message decode/encode and identification, and the typed layer.

Generated client packages ship these modules verbatim (`saic-asn1 generate python`), so they import
only each other, the standard library and asn1tools, and raise only `WireError` (a `SchemaSet` subclass
may name its own error for a module that does not compile: the CLI's names the extraction's).
"""
