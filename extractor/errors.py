"""Errors a user can cause, each with the exit code the CLI documents."""

from __future__ import annotations

# The wire runtime ships inside generated client packages, so it has its own exception; the CLI exits 8 on it.
from .wire.runtime.errors import WireError


class ExtractorError(Exception):
    """A failure explained in one line; `exit_code` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(ExtractorError):
    """The input file is unreadable, not an APK/bundle/dex, corrupt or too large."""

    exit_code = 3


class NoTargetPackagesError(ExtractorError):
    """The input holds no `com.saicmotor.telematics.tsgp.otaadapter.mp.<version>` classes."""

    exit_code = 4


class SchemaError(ExtractorError):
    """An annotated class cannot be turned into valid ASN.1 (unknown annotation, bad name, missing class)."""

    exit_code = 5


class ValidationError(ExtractorError):
    """A rendered module does not compile with asn1tools."""

    exit_code = 6


class OutputError(ExtractorError):
    """The output folder cannot be written safely."""

    exit_code = 7


class PayloadError(ExtractorError, WireError):
    """A captured message cannot be decoded or encoded: bad hex, framing, lengths, unknown type."""

    exit_code = 8


def exit_code(error: ExtractorError | WireError) -> int:
    """The documented exit code of a user-caused failure: its own, or PayloadError's for the wire runtime's."""
    return error.exit_code if isinstance(error, ExtractorError) else PayloadError.exit_code
