"""schema: annotated classes → model → ASN.1 module text → modules validated with asn1tools → output folder.

Entry points: `extract.extract` (files in memory) and `extract.extract_to` (an output folder).
"""
