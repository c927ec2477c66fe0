"""Errors a user can cause, one class per kind of failure; the CLI maps each to its documented exit code."""

from __future__ import annotations

# The wire runtime ships inside generated client packages, so it has its own exception.
from .wire.runtime.errors import WireError


class ExtractorError(Exception):
    """A failure explained in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(ExtractorError):
    """The input file is unreadable, not an APK/bundle/dex, corrupt or too large."""


class NoTargetPackagesError(ExtractorError):
    """The input holds no `com.saicmotor.telematics.tsgp.otaadapter.mp.<version>` classes."""


class SchemaError(ExtractorError):
    """An annotated class cannot be turned into valid ASN.1 (unknown annotation, bad name, missing class)."""


class ValidationError(ExtractorError):
    """A rendered module does not compile with asn1tools."""


class OutputError(ExtractorError):
    """The output folder cannot be written safely."""


class PayloadError(ExtractorError, WireError):
    """A captured message cannot be decoded or encoded: bad hex, framing, lengths, unknown type."""


# Where schemas that fit come from, for every command that was given a folder that holds none.
HOW_TO_GET_SCHEMAS = (
    "give the OUT of `saic-asn1 extract APP --out OUT` for your app"
    " (for the corpus's captures, `make conformance` writes build/corpus-schemas)"
)
