"""Decode and encode captured `ota.mp*` messages with the compiled modules of an extraction output.

The dispatcher body is decoded from the byte stream (its size comes from re-encoding it), never
sliced by `dispatcherMessageLength`, which is one byte and wraps for long bodies; the application
data type comes from the message catalog, from the caller, or is inferred.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

import asn1tools  # type: ignore[import-untyped]

from .errors import WireError
from .frames import V1, V1_HEADER, V2_HEADER, Frame, build_frame, parse_frame
from .values import value_problem

BODY_FILE = "MP_DispatcherBody.asn1"
APPLICATION_DATA_FILE = "ApplicationData.asn1"
BODY_TYPE = "MPDispatcherBody"
# asn1tools raises its own errors and, on garbage, plain IndexError/ValueError/KeyError alike:
# for bytes that do not fit a type, all of them mean "does not decode".
DECODE_FAILURES = (Exception,)


@dataclass(frozen=True)
class CatalogEntry:
    application_id: str
    message_id: int
    protocol_version: int
    type_name: str
    source: str


@dataclass(frozen=True)
class DecodedMessage:
    framing: str
    outer_length: int
    header: dict[str, int]
    reserved: bytes | None
    body_size: int
    body: dict[str, Any]
    schema_version: str
    application_data_type: str | None
    # How the application-data type was chosen: catalog, given, inferred, or none.
    type_choice: str
    application_data: Any = None
    candidates: tuple[str, ...] = field(default=())

    @property
    def header_size(self) -> int:
        return len(self.header)

    def to_json(self) -> dict[str, Any]:
        return {
            "framing": self.framing,
            "outerLengthField": self.outer_length,
            "header": self.header,
            "reserved": self.reserved.hex().upper() if self.reserved is not None else None,
            "dispatcherBodyBytes": self.body_size,
            "schemaVersion": self.schema_version,
            "body": to_json_value(self.body),
            "applicationDataType": self.application_data_type,
            "applicationDataTypeChoice": self.type_choice,
            "applicationDataCandidates": list(self.candidates),
            "applicationData": to_json_value(self.application_data),
        }


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


def from_json_value(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$octets"}:
            return bytes.fromhex(value["$octets"])
        if set(value) == {"$bits", "length"}:
            return (bytes.fromhex(value["$bits"]), value["length"])
        if set(value) == {"$choice", "value"}:
            return (value["$choice"], from_json_value(value["value"]))
        return {key: from_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_json_value(item) for item in value]
    return value


@cache
def load_catalog() -> tuple[CatalogEntry, ...]:
    document = json.loads(resources.files(__package__ or "").joinpath("message_catalog.json").read_text(encoding="utf-8"))
    return tuple(
        CatalogEntry(
            application_id=entry["applicationID"],
            message_id=entry["messageID"],
            protocol_version=entry["applicationDataProtocolVersion"],
            type_name=entry["type"],
            source=entry["source"],
        )
        for entry in document["messages"]
    )


def catalog_type(application_id: str, message_id: int, protocol_version: int) -> CatalogEntry | None:
    for entry in load_catalog():
        key = (entry.application_id.upper(), entry.message_id, entry.protocol_version)
        if key == (application_id.upper(), message_id, protocol_version):
            return entry
    return None


class SchemaSet:
    """The modules of an extraction output by version and file, compiled on first use.

    Subclasses say where a module comes from: a folder for the CLI, package data for a generated client.
    """

    def __init__(self, label: str, versions: list[str]) -> None:
        self.label = label
        self.versions = versions
        self._compiled: dict[tuple[str, str], Any] = {}
        self._parsed: dict[tuple[str, str], dict[str, Any]] = {}

    def text(self, version: str, file_name: str) -> str | None:
        """The ASN.1 text of `version/file_name`, or None when there is no such module."""
        raise NotImplementedError

    def compile(self, text: str, label: str) -> Any:
        return asn1tools.compile_string(text, "uper")

    def module(self, version: str, file_name: str) -> Any:
        key = (version, file_name)
        if key not in self._compiled:
            text = self.text(version, file_name)
            self._compiled[key] = None if text is None else self.compile(text, f"{version}/{file_name}")
        return self._compiled[key]

    def type_definitions(self, version: str, file_name: str) -> dict[str, Any]:
        """asn1tools' parsed form of a module's types (what `values` checks a value's shape against)."""
        key = (version, file_name)
        if key not in self._parsed:
            [parsed] = asn1tools.parse_string(self.text(version, file_name) or "").values()
            self._parsed[key] = parsed["types"]
        return self._parsed[key]

    def candidate_versions(self, protocol_version: int) -> list[str]:
        """protocolVersion 0xMN is folder vM_N; where that lacks a type, the lower minors of vM serve
        (protocolVersion 18 uses v1_2 where it has the type and v1_1 otherwise)."""
        major, minor = protocol_version >> 4, protocol_version & 0xF
        wanted = [f"v{major}_{number}" for number in range(minor, -1, -1)]
        found = [version for version in wanted if version in self.versions]
        if not found:
            raise WireError(
                f"protocolVersion {protocol_version} (0x{protocol_version:02X}) needs schemas v{major}_{minor},"
                f" which {self.label} does not have (it has {', '.join(self.versions)})"
            )
        return found

    def find(self, protocol_version: int, file_name: str, type_name: str) -> tuple[str, Any]:
        for version in self.candidate_versions(protocol_version):
            compiled = self.module(version, file_name)
            if compiled is not None and type_name in compiled.types:
                return version, compiled
        raise WireError(
            f"type {type_name} is not in {file_name} of {self.label} ({', '.join(self.candidate_versions(protocol_version))})"
            f" for protocolVersion {protocol_version}: these schemas lack it"
        )

    def application_types(self, protocol_version: int) -> list[tuple[str, str]]:
        """(version, type name) of every application-data type that may serve this protocolVersion."""
        seen: dict[str, str] = {}
        for version in self.candidate_versions(protocol_version):
            compiled = self.module(version, APPLICATION_DATA_FILE)
            for name in compiled.types if compiled is not None else ():
                seen.setdefault(name, version)
        return sorted((version, name) for name, version in seen.items())


def decode_message(text: str, schemas: SchemaSet, type_name: str | None = None) -> DecodedMessage:
    frame = parse_frame(text)
    protocol_version = frame.header["protocolVersion"]
    body_version, body_spec = schemas.find(protocol_version, BODY_FILE, BODY_TYPE)
    where = f"{schemas.label}/{body_version}"
    body, body_size = _decode_prefix(body_spec, BODY_TYPE, frame.payload, f"dispatcher body ({where})")
    _check_dispatcher_length(frame, body_size, where)
    data_length = body.get("applicationDataLength", 0) or 0
    data = frame.payload[body_size:]
    if len(data) != data_length:
        raise WireError(
            f"applicationDataLength is {data_length} but {len(data)} bytes follow the dispatcher body"
        )
    message = DecodedMessage(
        framing=frame.framing,
        outer_length=frame.outer_length,
        header=frame.header,
        reserved=frame.reserved,
        body_size=body_size,
        body=body,
        schema_version=body_version,
        application_data_type=None,
        type_choice="none: no application data",
    )
    if not data_length:
        return message
    return _with_application_data(message, body, data, protocol_version, schemas, type_name)


def _with_application_data(
    message: DecodedMessage, body: dict[str, Any], data: bytes, protocol_version: int, schemas: SchemaSet, type_name: str | None
) -> DecodedMessage:
    if type_name is not None:
        choice = "given"
    else:
        entry = catalog_type(str(body.get("applicationID", "")), body.get("messageID", -1), body.get("applicationDataProtocolVersion", -1))
        if entry is not None:
            type_name, choice = entry.type_name, f"catalog: {entry.source}"
    if type_name is not None:
        _, spec = schemas.find(protocol_version, APPLICATION_DATA_FILE, type_name)
        value = _decode_exact(spec, type_name, data)
        return _replace(message, type_name, choice, value)
    candidates = infer_types(data, protocol_version, schemas)
    if not candidates:
        raise WireError(
            f"no application-data type of protocolVersion {protocol_version} decodes these {len(data)} bytes exactly"
        )
    best = candidates[0]
    choice = f"inferred: {len(candidates)} candidate(s) decode all {len(data)} bytes and re-encode exactly"
    return _replace(message, best[0], choice, best[1], tuple(name for name, _ in candidates))


def _replace(message: DecodedMessage, type_name: str, choice: str, value: Any, candidates: tuple[str, ...] = ()) -> DecodedMessage:
    return replace(message, application_data_type=type_name, type_choice=choice, application_data=value, candidates=candidates)


def infer_types(data: bytes, protocol_version: int, schemas: SchemaSet) -> list[tuple[str, Any]]:
    """Every type that decodes all of `data` and re-encodes to it, the most specific first.

    Ranked by how many fields the decoded value fills (more is more specific), then by name.
    """
    found = []
    for version, name in schemas.application_types(protocol_version):
        spec = schemas.module(version, APPLICATION_DATA_FILE)
        try:
            value = spec.decode(name, data)
            if spec.encode(name, value) == data:
                found.append((name, value))
        except DECODE_FAILURES:
            continue
    return sorted(found, key=lambda item: (-_filled(item[1]), item[0]))


def _filled(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_filled(item) for item in value.values())
    if isinstance(value, list):
        return sum(_filled(item) for item in value)
    return 0


def _decode_prefix(spec: Any, type_name: str, data: bytes, what: str) -> tuple[dict[str, Any], int]:
    """Decode a value at the start of `data`; its size is the length of its re-encoding."""
    try:
        value = spec.decode(type_name, data)
        size = len(spec.encode(type_name, value))
    except DECODE_FAILURES as error:
        raise WireError(
            f"{what} does not decode as {type_name}: {_one_line(error)}; the schemas may not fit this message"
        ) from None
    return value, size


def _decode_exact(spec: Any, type_name: str, data: bytes) -> Any:
    try:
        value = spec.decode(type_name, data)
        encoded = spec.encode(type_name, value)
    except DECODE_FAILURES as error:
        raise WireError(f"application data does not decode as {type_name}: {_one_line(error)}") from None
    if encoded != data:
        raise WireError(f"application data is {len(data)} bytes but {type_name} uses {len(encoded)}")
    return value


def _check_dispatcher_length(frame: Frame, body_size: int, where: str) -> None:
    declared = frame.header["dispatcherMessageLength"]
    if declared != (frame.header_size + body_size) % 256:
        raise WireError(
            f"dispatcherMessageLength is {declared} but header and body take {frame.header_size + body_size} bytes"
            f" with the MPDispatcherBody of {where}: these schemas do not fit this message"
            " (extract them from the app release that sent it)"
        )


def encode_message(document: dict[str, Any], schemas: SchemaSet) -> str:
    """The wire text for a decoded message (as `DecodedMessage.to_json()` gives it)."""
    try:
        header = {key: int(value) for key, value in document["header"].items()}
        body = from_json_value(document["body"])
        framing = document.get("framing") or (V1 if "securityContext" in header else "v2/v3")
        reserved = bytes.fromhex(document["reserved"]) if document.get("reserved") else None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise WireError(f"message JSON lacks or garbles {error}") from None
    protocol_version = header.get("protocolVersion", -1)
    payload = _encode(schemas, protocol_version, BODY_FILE, BODY_TYPE, body, "dispatcher body")
    type_name = document.get("applicationDataType")
    if type_name:
        value = from_json_value(document.get("applicationData"))
        payload += _encode(schemas, protocol_version, APPLICATION_DATA_FILE, type_name, value, "application data")
    return build_frame(framing, header, reserved, payload)


def encode_with_lengths(
    framing: str, header: dict[str, int], reserved: bytes | None, body: dict[str, Any], type_name: str | None, data: Any, schemas: SchemaSet
) -> str:
    """The wire text of a message built from values, computing every length field itself: the body's
    applicationDataLength (when there is application data), dispatcherMessageLength and the outer length."""
    protocol_version = header.get("protocolVersion", -1)
    application_data = b""
    if type_name is not None:
        application_data = _encode(schemas, protocol_version, APPLICATION_DATA_FILE, type_name, data, "application data")
        body = {**body, "applicationDataLength": len(application_data)}
    body_bytes = _encode(schemas, protocol_version, BODY_FILE, BODY_TYPE, body, "dispatcher body")
    header_size = len(V1_HEADER if framing == V1 else V2_HEADER)
    header = {**header, "dispatcherMessageLength": (header_size + len(body_bytes)) % 256}
    return build_frame(framing, header, reserved, body_bytes + application_data)


def _encode(schemas: SchemaSet, protocol_version: int, file_name: str, type_name: str, value: Any, what: str) -> bytes:
    """Encode with every constraint checked: asn1tools alone would write 999 into an 8-bit field."""
    version, spec = schemas.find(protocol_version, file_name, type_name)
    problem = value_problem(schemas.type_definitions(version, file_name), type_name, value)
    if problem:
        raise WireError(f"{what} does not fit its schema: {problem}")
    try:
        return bytes(spec.encode(type_name, value, check_constraints=True))
    except DECODE_FAILURES as error:
        raise WireError(f"{what} does not fit its schema: {_one_line(error)}") from None


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
