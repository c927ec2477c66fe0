"""Validation step: every module must compile with asn1tools (UPER) on its own.

The only module that calls asn1tools' compiler; the codec gets its compiled modules from here.
"""

from __future__ import annotations

import asn1tools

from .errors import ValidationError


def compile_module(text: str, label: str) -> asn1tools.compiler.Specification:
    """Compile one module; `label` (e.g. `v1_1/ApplicationData.asn1`) names it in the error."""
    try:
        return asn1tools.compile_string(text, "uper")
    except Exception as error:  # asn1tools raises parser, compiler and plain Python errors alike
        detail = " ".join(str(error).split()) or type(error).__name__
        raise ValidationError(f"{label}: does not compile with asn1tools (uper): {detail}") from None
