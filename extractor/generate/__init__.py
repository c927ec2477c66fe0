"""generate: client code from an extraction output (`saic-asn1 generate python`).

Entry point: `python.generate_python`.
"""
