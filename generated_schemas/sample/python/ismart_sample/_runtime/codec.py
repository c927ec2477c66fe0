"""Decode and encode captured `ota.mp*` messages with the compiled modules of an extraction output.

The dispatcher body is decoded from the byte stream (its size is the bits its decode read), never
sliced by `dispatcherMessageLength`, which is one byte and wraps for long bodies; the application
data type is identified by `identify` (`--type`, the message catalog, or inference).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, built_in_catalog
from .errors import WireError, one_line, shown
from .frames import (
    RESERVED_BYTES,
    V1,
    V1_HEADER,
    V2,
    V2_HEADER,
    Frame,
    build_frame,
    parse_frame,
)
from .identify import DECODE_FAILURES, GIVEN, Identification, identify
from .schema_set import (
    APPLICATION_DATA_FILE,
    BODY_FILE,
    BODY_TYPE,
    SchemaSet,
    decode_prefix,
    used_bytes,
)
from .values import value_problem

# Deeper than any message of the protocol (a few levels per ASN.1 type); deeper JSON is refused before any
# step recurses through it.
MAX_JSON_DEPTH = 100

__all__ = [
    "DecodedMessage",
    "EncodedMessage",
    "SchemaSet",
    "decode_message",
    "encode_message",
    "encode_with_lengths",
    "json_text",
]

LENGTH_FIELD = "applicationDataLength"
ENCODING_FIELD = "applicationDataEncoding"
# The one encoding this runtime reads and writes: UPER (the body's DataEncodingType item, header byte 0).
UPER = "perUnaligned"
UPER_BODY_ENCODING = 0


@dataclass(frozen=True)
class DecodedMessage:
    framing: str
    outer_length: int
    header: dict[str, int]
    reserved: bytes | None
    body_size: int
    body: dict[str, Any]
    schema_version: str
    identification: Identification

    @property
    def header_size(self) -> int:
        return len(self.header)

    @property
    def application_data_type(self) -> str | None:
        return self.identification.type_name

    @property
    def application_data(self) -> Any:
        return self.identification.value

    def to_json(self) -> dict[str, Any]:
        identification = self.identification
        return {
            "framing": self.framing,
            "outerLengthField": self.outer_length,
            "header": self.header,
            "reserved": self.reserved.hex().upper() if self.reserved is not None else None,
            "dispatcherBodyBytes": self.body_size,
            "schemaVersion": self.schema_version,
            "body": to_json_value(self.body),
            "messageDirection": identification.message_direction,
            "applicationDataType": identification.type_name,
            "applicationDataTypeChoice": identification.choice,
            "applicationDataTypeConfidence": identification.confidence,
            "applicationDataTypeRule": identification.rule,
            "applicationDataTypeReason": identification.reason,
            "applicationDataCandidates": [candidate.to_json() for candidate in identification.candidates],
            "applicationData": to_json_value(identification.value),
        }


def json_text(message: DecodedMessage) -> str:
    """What `saic-asn1 decode` prints for a message (and a generated package's `to_json` returns)."""
    return json.dumps(message.to_json(), indent=2)


def json_document(text: str | bytes) -> dict[str, Any]:
    """The JSON `saic-asn1 decode` prints, read back: what `encode` and a client's `from_json` take."""
    if not isinstance(text, (str, bytes, bytearray)):
        raise WireError(f"message JSON: expected text, got {type(text).__name__}")
    try:
        document = json.loads(text)
    except RecursionError:
        raise WireError(f"message JSON nests deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as error:
        raise WireError(f"message is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise WireError("message JSON must be an object with header, body and applicationData")
    _check_depth(document)
    return document


def _check_depth(document: dict[str, Any]) -> None:
    """Level by level, without recursion, so a deep document is an error naming where it nests too deep."""
    level: list[tuple[str, Any]] = [("", document)]
    for _ in range(MAX_JSON_DEPTH):
        level = [
            (f"{path}.{key}" if isinstance(container, dict) else f"{path}[{key}]", item)
            for path, container in level
            for key, item in (container.items() if isinstance(container, dict) else enumerate(container))
            if isinstance(item, (dict, list))
        ]
        if not level:
            return
    where = level[0][0].lstrip(".")
    where = where if len(where) <= 60 else where[:57] + "..."
    raise WireError(f"{where}: message JSON nests deeper than {MAX_JSON_DEPTH} levels")


def to_json_value(value: Any) -> Any:
    """asn1tools values as JSON: OCTET STRING `{"$octets": HEX}`, BIT STRING `{"$bits": HEX, "length": n}`,
    CHOICE `{"$choice": name, "value": v}`; enumerations stay names."""
    if isinstance(value, bytes):
        return {"$octets": value.hex().upper()}
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bytes):
        return {"$bits": value[0].hex().upper(), "length": value[1]}
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return {"$choice": value[0], "value": to_json_value(value[1])}
    if isinstance(value, dict):
        return {key: to_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json_value(item) for item in value]
    return value


def from_json_value(value: Any, path: str) -> Any:
    """The asn1tools value of `to_json_value`'s JSON; a garbled `$octets`/`$bits`/`$choice` is a WireError at `path`."""
    if isinstance(value, dict):
        if set(value) == {"$octets"}:
            return _hex_bytes(value["$octets"], f"{path}.$octets")
        if set(value) == {"$bits", "length"}:
            length = value["length"]
            if not isinstance(length, int) or isinstance(length, bool) or length < 0:
                raise WireError(f"{path}.length: expected a bit count, got {shown(length)}")
            return (_hex_bytes(value["$bits"], f"{path}.$bits"), length)
        if set(value) == {"$choice", "value"}:
            if not isinstance(value["$choice"], str):
                raise WireError(f"{path}.$choice: expected an alternative's name, got {shown(value['$choice'])}")
            return (value["$choice"], from_json_value(value["value"], f"{path}.{value['$choice']}"))
        return {key: from_json_value(item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [from_json_value(item, f"{path}[{index}]") for index, item in enumerate(value)]
    return value


def _hex_bytes(text: Any, path: str) -> bytes:
    if isinstance(text, str):
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    raise WireError(f"{path}: expected hex text, got {shown(text)}")


def decode_message(
    text: str,
    schemas: SchemaSet,
    type_name: str | None = None,
    catalog: Catalog | None = None,
    given_by: str = GIVEN,
) -> DecodedMessage:
    """`catalog` defaults to the built-in one; `Catalog()` turns the catalog off (inference only);
    `given_by` names who gave `type_name` (`--type`, `expect`)."""
    frame = parse_frame(text)
    protocol_version = frame.header["protocolVersion"]
    body_version, body_spec = schemas.find(protocol_version, BODY_FILE, BODY_TYPE)
    where = f"{schemas.label}/{body_version}"
    body, body_size = _decode_prefix(body_spec, BODY_TYPE, frame.payload, f"dispatcher body ({where})")
    _check_dispatcher_length(frame, body_size, where)
    data_length = body.get("applicationDataLength", 0) or 0
    data = frame.payload[body_size:]
    if len(data) != data_length:
        raise WireError(f"applicationDataLength is {data_length} but {len(data)} bytes follow the dispatcher body")
    chosen_catalog = built_in_catalog() if catalog is None else catalog
    return DecodedMessage(
        framing=frame.framing,
        outer_length=frame.outer_length,
        header=frame.header,
        reserved=frame.reserved,
        body_size=body_size,
        body=body,
        schema_version=body_version,
        identification=identify(body, data, protocol_version, schemas, chosen_catalog, type_name, given_by),
    )


def _decode_prefix(spec: Any, type_name: str, data: bytes, what: str) -> tuple[dict[str, Any], int]:
    """Decode a value at the start of `data`; its size is the bytes the decoder read."""
    try:
        value, bits = decode_prefix(spec, type_name, data)
    except DECODE_FAILURES as error:
        raise WireError(
            f"{what} does not decode as {type_name}: {one_line(error)}; the schemas may not fit this message"
        ) from None
    return value, used_bytes(bits)


def _check_dispatcher_length(frame: Frame, body_size: int, where: str) -> None:
    declared = frame.header["dispatcherMessageLength"]
    if declared != (frame.header_size + body_size) % 256:
        raise WireError(
            f"dispatcherMessageLength is {declared} but header and body take {frame.header_size + body_size} bytes"
            f" with the MPDispatcherBody of {where}: these schemas do not fit this message"
            " (extract them from the app release that sent it)"
        )


def encode_message(document: dict[str, Any], schemas: SchemaSet) -> str:
    """The wire text for a decoded message (as `DecodedMessage.to_json()` gives it); the length fields, the
    encoding fields and the reserved bytes may be left out: they are computed as `encode_with_lengths` does."""
    for key in ("header", "body"):
        if key not in document:
            raise WireError(f"message JSON lacks {key}")
    header = _json_header(document["header"])
    body = from_json_value(document["body"], "body")
    framing = _json_text(document, "framing") or (V1 if "securityContext" in header else V2)
    reserved_text = _json_text(document, "reserved")
    reserved = _hex_bytes(reserved_text, "reserved") if reserved_text else None
    type_name = _json_text(document, "applicationDataType") or None
    if "protocolVersion" not in header:
        raise WireError("header lacks protocolVersion")
    data = from_json_value(document.get("applicationData"), "applicationData") if type_name else None
    return encode_with_lengths(framing, header, reserved, body, type_name, data, schemas).text


def _json_header(header: Any) -> dict[str, int]:
    if not isinstance(header, dict):
        raise WireError(f"header: expected an object of header fields, got {shown(header)}")
    for key, value in header.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise WireError(f"header.{key}: expected an integer, got {shown(value)}")
    return header


def _json_text(document: dict[str, Any], key: str) -> str | None:
    value = document.get(key)
    if value is not None and not isinstance(value, str):
        raise WireError(f"{key}: expected text or null, got {shown(value)}")
    return value


@dataclass(frozen=True)
class EncodedMessage:
    """The wire text and the values it was written from, every computed field filled in."""

    text: str
    header: dict[str, int]
    reserved: bytes | None
    body: dict[str, Any]
    application_data_type: str | None


def encode_with_lengths(
    framing: str,
    header: dict[str, int],
    reserved: bytes | None,
    body: dict[str, Any],
    type_name: str | None,
    data: Any,
    schemas: SchemaSet,
) -> EncodedMessage:
    """The wire text of a message built from values, computing every length and encoding field whatever
    the values say: the body's applicationDataLength (0 without application data) and, when there is
    application data, its applicationDataEncoding (UPER); dispatcherMessageLength; the outer length; and,
    where left out, dispatcherBodyEncoding, v1's securityContext and v2/v3's reserved bytes (zeros)."""
    protocol_version = header.get("protocolVersion", -1)
    application_data = b""
    if type_name is not None:
        application_data = _encode(
            schemas, protocol_version, APPLICATION_DATA_FILE, type_name, data, "application data"
        )
    body = _computed_body(schemas, protocol_version, body, len(application_data))
    body_bytes = _encode(schemas, protocol_version, BODY_FILE, BODY_TYPE, body, "dispatcher body")
    fields = V1_HEADER if framing == V1 else V2_HEADER
    given = {
        "dispatcherBodyEncoding": UPER_BODY_ENCODING,
        "securityContext": 0,
        **header,
        "dispatcherMessageLength": (len(fields) + len(body_bytes)) % 256,
    }
    header = {name: given[name] for name in fields if name in given}
    if framing != V1 and reserved is None:
        reserved = bytes(RESERVED_BYTES)
    text = build_frame(framing, header, reserved, body_bytes + application_data)
    return EncodedMessage(text, header, reserved, body, type_name)


def _computed_body(schemas: SchemaSet, protocol_version: int, body: dict[str, Any], data_length: int) -> dict[str, Any]:
    """`body` with the length of the application data and, when there is any, its encoding (UPER), where
    the version's MPDispatcherBody has those components."""
    version, _ = schemas.find(protocol_version, BODY_FILE, BODY_TYPE)
    types = schemas.type_definitions(version, BODY_FILE)
    members = {member["name"]: member for member in types[BODY_TYPE].get("members", ()) if isinstance(member, dict)}
    computed = dict(body)
    if LENGTH_FIELD in members:
        computed[LENGTH_FIELD] = data_length
    encoding = members.get(ENCODING_FIELD)
    if encoding is not None and (data_length or ENCODING_FIELD not in body) and UPER in _items(types, encoding):
        computed[ENCODING_FIELD] = UPER
    return computed


def _items(types: dict[str, Any], member: dict[str, Any]) -> list[str]:
    """The item names of the enumeration a component has (none when it is no enumeration)."""
    definition = types.get(member["type"], member)
    return [item[0] for item in definition.get("values") or () if isinstance(item, tuple | list)]


def _encode(schemas: SchemaSet, protocol_version: int, file_name: str, type_name: str, value: Any, what: str) -> bytes:
    """Encode with every constraint checked: asn1tools alone would write 999 into an 8-bit field."""
    version, spec = schemas.find(protocol_version, file_name, type_name)
    problem = value_problem(schemas.type_definitions(version, file_name), type_name, value)
    if problem:
        raise WireError(f"{what} does not fit its schema: {problem}")
    try:
        return bytes(spec.encode(type_name, value, check_constraints=True))
    except DECODE_FAILURES as error:
        raise WireError(f"{what} does not fit its schema: {one_line(error)}") from None
