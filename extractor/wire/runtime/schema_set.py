"""The modules of an extraction output as the wire runtime uses them: compiled on first use, the folder
for a protocolVersion, and which types other types use as components."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import asn1tools  # type: ignore[import-untyped]
from asn1tools.codecs import ErrorWithLocation  # type: ignore[import-untyped]
from asn1tools.codecs.uper import Decoder  # type: ignore[import-untyped]

from .bounds import BitBounds
from .errors import WireError, one_line
from .list_bounds import bound_lists
from .sieve import Sieve
from .strings import code_strings_whole

BODY_FILE = "MP_DispatcherBody.asn1"
APPLICATION_DATA_FILE = "ApplicationData.asn1"
BODY_TYPE = "MPDispatcherBody"


class SchemaSet:
    """The modules of an extraction output by version and file, compiled on first use.

    Subclasses say where a module comes from: a folder for the CLI, package data for a generated client;
    and may say which error a module that does not parse or compile is.
    """

    invalid_module_error: type[Exception] = WireError

    def __init__(self, label: str, versions: list[str]) -> None:
        self.label = label
        self.versions = versions
        self._compiled: dict[tuple[str, str], Any] = {}
        self._sieves: dict[str, Sieve] = {}
        self._parsed: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._users: dict[int, dict[str, tuple[str, ...]]] = {}
        self._by_size: dict[int, list[tuple[int, int | None, str, str]]] = {}
        # Every message asks for its body's and its application data's module: found once per type.
        self._found: dict[tuple[int, str, str], tuple[str, Any]] = {}

    def text(self, version: str, file_name: str) -> str | None:
        """The ASN.1 text of `version/file_name`, or None when there is no such module."""
        raise NotImplementedError

    def parse(self, text: str, label: str) -> dict[str, Any]:
        try:
            parsed: dict[str, Any] = asn1tools.parse_string(text)
        except Exception as error:  # noqa: BLE001 (asn1tools raises parser and plain Python errors alike)
            raise self.invalid_module_error(f"{label}: does not parse with asn1tools: {one_line(error)}") from None
        return parsed

    def compile(self, parsed: dict[str, Any], label: str) -> Any:
        try:
            # compile_dict changes the dict it is given; the parsed form stays for `type_definitions`.
            compiled = asn1tools.compile_dict(copy.deepcopy(parsed), "uper")
        except Exception as error:  # noqa: BLE001 (asn1tools raises compiler and plain Python errors alike)
            raise self.invalid_module_error(
                f"{label}: does not compile with asn1tools (uper): {one_line(error)}"
            ) from None
        # asn1tools decodes a list of any count it reads: each list's decoder checks the count first;
        # and reads and writes a string a character per call: each known-width string is coded whole.
        return code_strings_whole(bound_lists(compiled))

    def parsed(self, version: str, file_name: str) -> dict[str, Any] | None:
        """asn1tools' parsed form of `version/file_name` (None when there is no such module), parsed once:
        compiling and the shape checks of `values` both start from it."""
        key = (version, file_name)
        if key not in self._parsed:
            text = self.text(version, file_name)
            self._parsed[key] = None if text is None else self.parse(text, f"{version}/{file_name}")
        return self._parsed[key]

    def module(self, version: str, file_name: str) -> Any:
        key = (version, file_name)
        if key not in self._compiled:
            parsed = self.parsed(version, file_name)
            self._compiled[key] = None if parsed is None else self.compile(parsed, f"{version}/{file_name}")
        return self._compiled[key]

    def sieve(self, version: str) -> Sieve:
        """What counts the bits of an application-data type of `version` without decoding it (inference's sieve)."""
        if version not in self._sieves:
            self._sieves[version] = Sieve(self.module(version, APPLICATION_DATA_FILE))
        return self._sieves[version]

    def compile_all(self) -> None:
        """Compile every module now, so that a long-running decoder pays once and not on its first messages."""
        for version in self.versions:
            for file_name in (BODY_FILE, APPLICATION_DATA_FILE):
                self.module(version, file_name)

    def type_definitions(self, version: str, file_name: str) -> dict[str, Any]:
        """The parsed types of a module (what `values` checks a value's shape against)."""
        parsed = self.parsed(version, file_name)
        if parsed is None:
            raise WireError(f"{self.label} has no {version}/{file_name}")
        [module] = parsed.values()
        types: dict[str, Any] = module["types"]
        return types

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
        key = (protocol_version, file_name, type_name)
        if key not in self._found:
            self._found[key] = self._find(protocol_version, file_name, type_name)
        return self._found[key]

    def _find(self, protocol_version: int, file_name: str, type_name: str) -> tuple[str, Any]:
        for version in self.candidate_versions(protocol_version):
            compiled = self.module(version, file_name)
            if compiled is not None and type_name in compiled.types:
                return version, compiled
        raise WireError(
            f"type {type_name} is not in {file_name} of {self.label} ({', '.join(self.candidate_versions(protocol_version))})"
            f" for protocolVersion {protocol_version}: these schemas lack it"
        )

    def component_users(self, protocol_version: int) -> dict[str, tuple[str, ...]]:
        """Type name → the application-data types that use it as a component, over every folder serving
        this protocolVersion (a type that is a root in v1_2 but a component in v1_1 is a component)."""
        if protocol_version not in self._users:
            self._users[protocol_version] = self._component_users(protocol_version)
        return self._users[protocol_version]

    def _component_users(self, protocol_version: int) -> dict[str, tuple[str, ...]]:
        users: dict[str, set[str]] = {}
        for version in self.candidate_versions(protocol_version):
            if self.module(version, APPLICATION_DATA_FILE) is None:
                continue
            types = self.type_definitions(version, APPLICATION_DATA_FILE)
            for user, definition in types.items():
                for name in referenced_types(definition) & types.keys() - {user}:
                    users.setdefault(name, set()).add(user)
        return {name: tuple(sorted(names)) for name, names in users.items()}

    def application_types(self, protocol_version: int) -> list[tuple[str, str]]:
        """(version, type name) of every application-data type that may serve this protocolVersion."""
        seen: dict[str, str] = {}
        for version in self.candidate_versions(protocol_version):
            compiled = self.module(version, APPLICATION_DATA_FILE)
            for name in compiled.types if compiled is not None else ():
                seen.setdefault(name, version)
        return sorted((version, name) for name, version in seen.items())

    def types_of_size(self, protocol_version: int, size: int) -> list[tuple[str, str]]:
        """(version, type name) of the application-data types of this protocolVersion whose UPER encodings
        can take `size` bytes (`bounds`): the only ones inference needs to decode."""
        if protocol_version not in self._by_size:
            self._by_size[protocol_version] = self._size_index(protocol_version)
        bits = 8 * size
        # An encoding of `size` bytes holds between 8 * size - 7 and 8 * size bits (one byte holds 0 to 8).
        fewest = bits - 7 if size > 1 else 0
        return [
            (version, name)
            for low, high, version, name in self._by_size[protocol_version]
            if low <= bits and (high is None or high >= fewest)
        ]

    def _size_index(self, protocol_version: int) -> list[tuple[int, int | None, str, str]]:
        bounds = {
            version: BitBounds(self.type_definitions(version, APPLICATION_DATA_FILE))
            for version in self.candidate_versions(protocol_version)
            if self.module(version, APPLICATION_DATA_FILE) is not None
        }
        return [
            (*bounds[version].of(name), version, name) for version, name in self.application_types(protocol_version)
        ]


class _Decoder(Decoder):  # type: ignore[misc]
    """asn1tools' uper decoder with its two hottest reads inlined: a character string makes one call per
    character, and the method call inside each read costs a tenth of a message's decode time. Same bits,
    same values, same errors."""

    # The bits as a "0"/"1" string, its length, and how many are left.
    value: str
    total_number_of_bits: int
    number_of_bits: int

    def __init__(self, encoded: bytes) -> None:
        # Inference decodes the same bytes with every type it tries: their bit string is made once.
        self.value = bit_string(encoded)
        self.total_number_of_bits = self.number_of_bits = 8 * len(encoded)

    def read_bit(self) -> int:
        remaining = self.number_of_bits
        if remaining == 0:
            # asn1tools' own out-of-data error.
            return int(super().read_bit())
        self.number_of_bits = remaining - 1
        return 1 if self.value[self.total_number_of_bits - remaining] == "1" else 0

    def read_non_negative_binary_integer(self, number_of_bits: int) -> int:
        remaining = self.number_of_bits
        if number_of_bits > remaining:
            return int(super().read_non_negative_binary_integer(number_of_bits))
        if number_of_bits == 0:
            return 0
        offset = self.total_number_of_bits - remaining
        self.number_of_bits = remaining - number_of_bits
        return int(self.value[offset : offset + number_of_bits], 2)


@lru_cache(maxsize=4)
def bit_string(encoded: bytes) -> str:
    """What asn1tools' decoder reads from: every bit of `encoded` as "0" or "1"."""
    return format(int.from_bytes(encoded, "big"), f"0{8 * len(encoded)}b") if encoded else ""


def decode_prefix(spec: Any, type_name: str, data: bytes) -> tuple[Any, int]:
    """The value of `type_name` at the start of `data` and the number of bits it takes.

    asn1tools' uper has no `decode_with_length` (0.169 raises NotImplementedError): this runs the same
    decoder as `spec.decode` and asks it how far it read, so no re-encode is needed to learn the size.
    """
    compiled = spec.types[type_name].type
    decoder = _Decoder(bytes(data))
    try:
        value = compiled.decode(decoder)
    except ErrorWithLocation as error:
        # What `spec.decode` does: the error names the member path.
        error.add_location(compiled)
        raise
    return value, decoder.number_of_read_bits()


def used_bytes(bits: int) -> int:
    """The bytes a UPER encoding of `bits` bits takes: padded to a whole byte, and one byte when empty."""
    return max(1, (bits + 7) // 8)


def referenced_types(node: Any) -> set[str]:
    """Every `type` a parsed definition mentions (members, SEQUENCE OF elements, CHOICE alternatives,
    aliases); built-in ones (`SEQUENCE`, `INTEGER`, …) are dropped by the caller, which knows the names."""
    if isinstance(node, dict):
        found = {node["type"]} if isinstance(node.get("type"), str) else set()
        return found.union(*(referenced_types(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(referenced_types(item) for item in node))
    return set()
