"""The API of a generated client package: decode, encode, to_json, from_json on typed messages.

The package's `__init__` declares its `Message` dataclass and hands this module the shape tables of
its version modules; framing, identification and the asn1tools work are the codec's, as for the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Generic, Protocol, TypeVar

from .codec import (
    DecodedMessage,
    decode_message,
    encode_message,
    encode_with_lengths,
    json_document,
    json_text,
)
from .errors import WireError
from .frames import RESERVED_BYTES, V1, V2
from .schema_set import APPLICATION_DATA_FILE, BODY_FILE, BODY_TYPE, SchemaSet
from .typed import Shape

SCHEMA_FOLDER = "schemas"


@dataclass(kw_only=True)
class Header:
    """The fixed header bytes; `dispatcher_message_length` is computed by `encode`."""

    protocol_version: int
    dispatcher_body_encoding: int = 0
    # v1 framing only (protocolVersion 0x1N).
    security_context: int = 0
    dispatcher_message_length: int = 0


class MessageParts(Protocol):
    """What the runtime reads from a generated package's `Message`."""

    @property
    def header(self) -> Header: ...
    @property
    def body(self) -> object: ...
    @property
    def application_data(self) -> object: ...
    @property
    def application_data_type(self) -> str | None: ...
    @property
    def reserved(self) -> bytes | None: ...

    # Not a constructor argument: the client sets it after decoding.
    decoded: DecodedMessage | None


MessageT = TypeVar("MessageT", bound=MessageParts)


class PackagedSchemas(SchemaSet):
    """The ASN.1 modules a generated package carries as data (`<package>/schemas/<version>/*.asn1`)."""

    def __init__(self, package: str) -> None:
        self.root: Traversable = resources.files(package).joinpath(SCHEMA_FOLDER)
        super().__init__(
            f"{package}/{SCHEMA_FOLDER}", sorted(entry.name for entry in self.root.iterdir() if entry.is_dir())
        )

    def text(self, version: str, file_name: str) -> str | None:
        entry = self.root.joinpath(version).joinpath(file_name)
        return entry.read_text(encoding="utf-8") if entry.is_file() else None


class Client(Generic[MessageT]):
    """decode / encode / to_json / from_json for one generated package."""

    def __init__(
        self, package: str, shapes: dict[str, dict[str, Shape]], make_message: Callable[..., MessageT]
    ) -> None:
        self.schemas = PackagedSchemas(package)
        self.shapes = shapes
        self.make_message = make_message

    def decode(self, payload: str | bytes, type_name: str | None = None) -> MessageT:
        """A captured message (hex text, or the HTTP body as bytes) as typed objects."""
        decoded = decode_message(_hex_text(payload), self.schemas, type_name)
        body_shape = self.shapes[decoded.schema_version][BODY_TYPE]
        data_type = decoded.application_data_type
        application_data = None
        if data_type is not None:
            application_data = self._shape(decoded.header["protocolVersion"], data_type).from_asn1(
                decoded.application_data
            )
        header = Header(
            protocol_version=decoded.header["protocolVersion"],
            dispatcher_body_encoding=decoded.header["dispatcherBodyEncoding"],
            security_context=decoded.header.get("securityContext", 0),
            dispatcher_message_length=decoded.header["dispatcherMessageLength"],
        )
        message = self.make_message(
            header=header,
            body=body_shape.from_asn1(decoded.body),
            application_data=application_data,
            application_data_type=data_type,
            reserved=decoded.reserved,
        )
        message.decoded = decoded
        return message

    def encode(self, message: MessageParts) -> str:
        """The wire text; every length field is computed from the values."""
        header = message.header
        protocol_version = header.protocol_version
        framing = V1 if protocol_version >> 4 == 1 else V2
        fields = {"protocolVersion": protocol_version, "dispatcherBodyEncoding": header.dispatcher_body_encoding}
        if framing == V1:
            fields["securityContext"] = header.security_context
        reserved = message.reserved
        if framing == V2 and reserved is None:
            reserved = bytes(RESERVED_BYTES)
        version, _ = self.schemas.find(protocol_version, BODY_FILE, BODY_TYPE)
        body = self.shapes[version][BODY_TYPE].to_asn1(message.body, BODY_TYPE)
        data_type = self._application_data_type(message)
        data = None
        if data_type is not None:
            data = self._shape(protocol_version, data_type).to_asn1(message.application_data, data_type)
        return encode_with_lengths(framing, fields, reserved, body, data_type, data, self.schemas)

    def to_json(self, message: MessageParts) -> str:
        """The JSON object `saic-asn1 decode` prints for this message's encoding."""
        encoded = self.encode(message)
        decoded = message.decoded
        if decoded is None or encode_message(decoded.to_json(), self.schemas) != encoded:
            decoded = decode_message(encoded, self.schemas, self._application_data_type(message))
        return json_text(decoded)

    def from_json(self, text: str) -> MessageT:
        """A message from the JSON `to_json` and `saic-asn1 decode` print."""
        document = json_document(text)
        type_name = document.get("applicationDataType")
        return self.decode(encode_message(document, self.schemas), type_name if isinstance(type_name, str) else None)

    def _application_data_type(self, message: MessageParts) -> str | None:
        if message.application_data is None:
            return None
        declared = message.application_data_type or getattr(type(message.application_data), "ASN1_TYPE", None)
        if not declared:
            raise WireError(
                f"application data of type {type(message.application_data).__name__} needs application_data_type"
                " (the ASN.1 type name)"
            )
        return str(declared)

    def _shape(self, protocol_version: int, type_name: str) -> Shape:
        version, _ = self.schemas.find(protocol_version, APPLICATION_DATA_FILE, type_name)
        return self.shapes[version][type_name]


def _hex_text(payload: str | bytes) -> str:
    if isinstance(payload, bytes):
        try:
            return payload.decode("ascii")
        except UnicodeDecodeError:
            raise WireError("payload bytes are not the ASCII hex text of a message") from None
    return payload
