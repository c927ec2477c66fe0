"""The API of a generated client package: decode, encode, request, to_json, from_json on typed messages.

The package's `__init__` declares its `Message` dataclass and hands this module the shape tables of
its version modules; framing, identification and the asn1tools work are the codec's, as for the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Generic, Protocol, TypeVar

from .catalog import Catalog, CatalogEntry, built_in_catalog, checked_entry
from .codec import (
    ENCODING_FIELD,
    LENGTH_FIELD,
    DecodedMessage,
    EncodedMessage,
    decode_message,
    encode_message,
    encode_with_lengths,
    json_document,
    json_text,
)
from .errors import WireError, shown
from .frames import V1, V2
from .request import protocol_version_of, request_body
from .schema_set import APPLICATION_DATA_FILE, BODY_FILE, BODY_TYPE, SchemaSet
from .typed import ChoiceShape, EnumShape, SequenceShape, Shape, qualified_name

SCHEMA_FOLDER = "schemas"
# Who names the type when a caller of the package does (the choice `Message.identification` reports).
EXPECT = "expect"
RUN_TIME = "added at run time"
# The body fields `encode` computes and writes back.
COMPUTED_BODY_FIELDS = (LENGTH_FIELD, ENCODING_FIELD)
VERSION_MODULE = re.compile(r"v[0-9]+_[0-9]+")


@dataclass(kw_only=True)
class Header:
    """The fixed header bytes; `dispatcher_message_length` is computed by `encode`."""

    protocol_version: int
    dispatcher_body_encoding: int = 0
    # v1 framing only (protocolVersion 0x1N).
    security_context: int = 0
    dispatcher_message_length: int = 0


class MessageParts(Protocol):
    """What the runtime reads from a generated package's `Message` (and writes back: `encode` fills in
    the fields it computes)."""

    @property
    def header(self) -> Header: ...
    @property
    def body(self) -> object: ...
    @property
    def application_data(self) -> object: ...

    application_data_type: str | None
    reserved: bytes | None
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


class MessageCatalog:
    """The catalog a package identifies messages by: the built-in entries, then those added at run time."""

    def __init__(self) -> None:
        self.catalog: Catalog = built_in_catalog()

    @property
    def entries(self) -> tuple[CatalogEntry, ...]:
        return self.catalog.entries

    def add(
        self,
        application_id: str,
        message_id: int,
        application_data_protocol_version: int,
        message_type: str | type,
        source: str,
        direction: str | None = None,
    ) -> CatalogEntry:
        """Identify (applicationID, messageID, applicationDataProtocolVersion) as `message_type` (a class of a
        version module or an ASN.1 type name) from now on, over any entry of that message; `source` says
        what shows it. The same checks as a `--catalog` file's entry; raises WireError."""
        item: dict[str, object] = {
            "applicationID": application_id,
            "messageID": message_id,
            "applicationDataProtocolVersion": application_data_protocol_version,
            "type": _type_name(message_type),
            "source": source,
        }
        if direction is not None:
            item["direction"] = direction
        entry = checked_entry(item, "catalog entry", RUN_TIME)
        self.catalog = self.catalog.with_entry(entry)
        return entry


class Client(Generic[MessageT]):
    """decode / encode / to_json / from_json for one generated package."""

    def __init__(
        self, package: str, shapes: dict[str, dict[str, Shape]], make_message: Callable[..., MessageT]
    ) -> None:
        self.schemas = PackagedSchemas(package)
        self.shapes = shapes
        self.make_message = make_message
        self.catalog = MessageCatalog()

    def decode(self, payload: str | bytes | bytearray | memoryview, expect: str | type | None = None) -> MessageT:
        """A captured message (hex text, or the HTTP body as bytes) as typed objects; with `expect` (a class
        of a version module or an ASN.1 type name) its application data is that type or WireError says why."""
        if expect is None:
            return self._message(decode_message(_hex_text(payload), self.schemas, None, self.catalog.catalog))
        type_name = _type_name(expect)
        try:
            decoded = decode_message(_hex_text(payload), self.schemas, type_name, self.catalog.catalog, EXPECT)
        except WireError as error:
            if isinstance(expect, str):
                raise
            raise WireError(f"{error}; expect is {qualified_name(expect)}") from None
        if not isinstance(expect, str):
            self._check_class(expect, decoded.header["protocolVersion"], type_name, "expect")
        return self._message(decoded)

    def _message(self, decoded: DecodedMessage) -> MessageT:
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
        """The wire text; every length and encoding field is computed from the values and written back into
        `message` (with v2/v3's reserved bytes, zeros when None), so that decoding the text gives `message`."""
        encoded = self._encoded(message)
        self._write_back(message, encoded)
        return encoded.text

    def request(
        self,
        application_data: object | None,
        *,
        application_id: str,
        message_id: int,
        uid: str | None = None,
        token: str | None = None,
        vin: str | None = None,
        iccid: str | None = None,
        protocol_version: int | None = None,
        application_data_protocol_version: int | None = None,
        event_creation_time: int | None = None,
        event_id: int | None = None,
    ) -> MessageT:
        """A complete request, ready to encode: the header and dispatcher body filled as the app fills them
        (`request.py` says how); `protocol_version` defaults to that of the application data's version module."""
        if protocol_version is None:
            if application_data is None:
                raise WireError("a request without application data needs protocol_version (0x11, 0x21, 0x30, …)")
            protocol_version = protocol_version_of(_version_of(type(application_data)))
        version, _ = self.schemas.find(protocol_version, BODY_FILE, BODY_TYPE)
        members = self.schemas.type_definitions(version, BODY_FILE)[BODY_TYPE].get("members", ())
        body = request_body(
            protocol_version=protocol_version,
            application_id=application_id,
            message_id=message_id,
            uid=uid,
            token=token,
            vin=vin,
            iccid=iccid,
            application_data_protocol_version=application_data_protocol_version,
            event_creation_time=event_creation_time,
            event_id=event_id,
            members={member["name"] for member in members if isinstance(member, dict)},
        )
        message = self.make_message(
            header=Header(protocol_version=protocol_version),
            body=self.shapes[version][BODY_TYPE].from_asn1(body),
            application_data=application_data,
        )
        self.encode(message)
        return message

    def _encoded(self, message: MessageParts) -> EncodedMessage:
        header = _checked_header(message)
        if message.reserved is not None and not isinstance(message.reserved, (bytes, bytearray)):
            raise WireError(f"reserved: expected bytes or None, got {shown(message.reserved)}")
        protocol_version = header.protocol_version
        framing = V1 if protocol_version >> 4 == 1 else V2
        fields = {"protocolVersion": protocol_version, "dispatcherBodyEncoding": header.dispatcher_body_encoding}
        if framing == V1:
            fields["securityContext"] = header.security_context
        self._check_class(type(message.body), protocol_version, BODY_TYPE, "body")
        body = self._body_shape(protocol_version).to_asn1(message.body, BODY_TYPE)
        data_type = self._application_data_type(message)
        data = None
        if data_type is not None:
            self._check_class(type(message.application_data), protocol_version, data_type, "application_data")
            data = self._shape(protocol_version, data_type).to_asn1(message.application_data, data_type)
        return encode_with_lengths(framing, fields, message.reserved, body, data_type, data, self.schemas)

    def _write_back(self, message: MessageParts, encoded: EncodedMessage) -> None:
        """The computed fields into `message`: what decoding the encoded text reads there."""
        header = message.header
        header.dispatcher_message_length = encoded.header["dispatcherMessageLength"]
        header.dispatcher_body_encoding = encoded.header["dispatcherBodyEncoding"]
        header.security_context = encoded.header.get("securityContext", header.security_context)
        message.reserved = encoded.reserved
        message.application_data_type = encoded.application_data_type
        for item in getattr(type(message.body), "FIELDS", ()):
            if item.asn1 in COMPUTED_BODY_FIELDS and item.asn1 in encoded.body:
                setattr(message.body, item.python, item.shape.from_asn1(encoded.body[item.asn1]))

    def _check_class(self, cls: type, protocol_version: int, type_name: str, what: str) -> None:
        """A class of the same name from another version module than the one messages of `protocol_version`
        use is an error naming both versions (asn1tools would only say the class is not the expected one)."""
        shape = (
            self._body_shape(protocol_version) if type_name == BODY_TYPE else self._shape(protocol_version, type_name)
        )
        if not isinstance(shape, SequenceShape | ChoiceShape | EnumShape):
            return
        if shape.cls is not cls and shape.cls.__name__ == cls.__name__:
            raise WireError(
                f"{what} is {qualified_name(cls)} but header protocol_version {protocol_version}"
                f" (0x{protocol_version:02X}) uses {qualified_name(shape.cls)}: build it from the class of"
                f" {_version_of(shape.cls)} or give the protocol_version of {_version_of(cls)}"
            )

    def _body_shape(self, protocol_version: int) -> Shape:
        version, _ = self.schemas.find(protocol_version, BODY_FILE, BODY_TYPE)
        return self.shapes[version][BODY_TYPE]

    def to_json(self, message: MessageParts) -> str:
        """The JSON object `saic-asn1 decode` prints for this message's encoding."""
        encoded = self._encoded(message).text
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
        if message.application_data_type is not None and not isinstance(message.application_data_type, str):
            raise WireError(
                f"application_data_type: expected an ASN.1 type name, got {shown(message.application_data_type)}"
            )
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


def _type_name(named: str | type) -> str:
    """The ASN.1 type name of a class of a version module (or the name itself)."""
    if isinstance(named, str):
        return named
    return str(getattr(named, "ASN1_TYPE", "") or named.__name__)


def _version_of(cls: type) -> str:
    """The version module a generated class is declared in (`v3_0`)."""
    version = cls.__module__.rsplit(".", 1)[-1]
    if not VERSION_MODULE.fullmatch(version):
        raise WireError(f"{cls.__name__} is not a class of a version module: give protocol_version")
    return version


def _hex_text(payload: object) -> str:
    if isinstance(payload, (bytes, bytearray, memoryview)):
        try:
            return bytes(payload).decode("ascii")
        except UnicodeDecodeError:
            raise WireError("payload bytes are not the ASCII hex text of a message") from None
    if not isinstance(payload, str):
        raise WireError(f"payload: expected hex text or bytes, got {type(payload).__name__}")
    return payload


def _checked_header(message: object) -> Header:
    """The message's header, each field an integer that fits the header's byte."""
    header = getattr(message, "header", None)
    if not isinstance(header, Header):
        raise WireError(f"message: expected a Message with a Header, got {shown(message)}")
    for name in ("protocol_version", "dispatcher_body_encoding", "security_context", "dispatcher_message_length"):
        value = getattr(header, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 255:
            raise WireError(f"header.{name}: expected an integer 0..255, got {shown(value)}")
    return header
