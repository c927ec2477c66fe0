"""`saic-asn1 docs`: a protocol reference site (HTML or Markdown) built from an extraction output."""
