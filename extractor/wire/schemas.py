"""An extraction output folder as the wire runtime uses it: modules compiled on first use, the folder for a
protocolVersion, and which types other types use as components (what identification calls roots)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import PayloadError, ValidationError

BODY_FILE = "MP_DispatcherBody.asn1"
APPLICATION_DATA_FILE = "ApplicationData.asn1"
BODY_TYPE = "MPDispatcherBody"


class Schemas:
    """An extraction output folder, compiled module by module on first use."""

    def __init__(self, folder: Path) -> None:
        if folder.is_file():
            raise PayloadError(f"{folder}: is a file; --schemas takes the output folder of `saic-asn1 extract`")
        if not folder.is_dir():
            raise PayloadError(f"{folder}: schema folder not found (give an extraction output)")
        self.folder = folder
        self.versions = sorted(path.name for path in folder.iterdir() if path.is_dir() and any(path.glob("*.asn1")))
        if not self.versions:
            raise PayloadError(f"{folder}: holds no <version>/*.asn1 schemas")
        self._compiled: dict[Path, Any] = {}
        # Module file → asn1tools' parsed form of its types.
        self._parsed: dict[Path, dict[str, Any]] = {}
        # Module file → {type name: the types of that module that use it as a component}.
        self._users: dict[Path, dict[str, set[str]]] = {}

    def module(self, version: str, file_name: str):
        path = self.folder / version / file_name
        if not path.is_file():
            return None
        if path not in self._compiled:
            self._compile(path, f"{version}/{file_name}")
        return self._compiled[path]

    def _compile(self, path: Path, label: str) -> None:
        # Imported here: reading a folder and framing need no asn1tools (0.4 s to import).
        import asn1tools

        try:
            parsed = asn1tools.parse_string(path.read_text(encoding="utf-8"))
            self._parsed[path] = {name: type_ for module in parsed.values() for name, type_ in module["types"].items()}
            self._users[path] = _component_users(parsed)
            self._compiled[path] = asn1tools.compile_dict(parsed, "uper")
        except Exception as error:  # asn1tools raises parser, compiler and plain Python errors alike
            detail = " ".join(str(error).split()) or type(error).__name__
            raise ValidationError(f"{label}: does not compile with asn1tools (uper): {detail}") from None

    def type_definitions(self, version: str, file_name: str) -> dict[str, Any]:
        """asn1tools' parsed form of a module's types (what `values` checks a value's shape against)."""
        if self.module(version, file_name) is None:
            return {}
        return self._parsed[self.folder / version / file_name]

    def candidate_versions(self, protocol_version: int) -> list[str]:
        """protocolVersion 0xMN is folder vM_N; where that lacks a type, the lower minors of vM serve
        (protocolVersion 18 uses v1_2 where it has the type and v1_1 otherwise)."""
        major, minor = protocol_version >> 4, protocol_version & 0xF
        wanted = [f"v{major}_{number}" for number in range(minor, -1, -1)]
        found = [version for version in wanted if version in self.versions]
        if not found:
            raise PayloadError(
                f"protocolVersion {protocol_version} (0x{protocol_version:02X}) needs schemas v{major}_{minor},"
                f" which {self.folder} does not have (it has {', '.join(self.versions)})"
            )
        return found

    def find(self, protocol_version: int, file_name: str, type_name: str) -> tuple[str, Any]:
        for version in self.candidate_versions(protocol_version):
            compiled = self.module(version, file_name)
            if compiled is not None and type_name in compiled.types:
                return version, compiled
        raise PayloadError(
            f"type {type_name} is not in {file_name} of {self.folder} ({', '.join(self.candidate_versions(protocol_version))})"
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

    def component_users(self, protocol_version: int) -> dict[str, tuple[str, ...]]:
        """Type name → the application-data types that use it as a component, over every folder serving
        this protocolVersion (a type that is a root in v1_2 but a component in v1_1 is a component)."""
        users: dict[str, set[str]] = {}
        for version in self.candidate_versions(protocol_version):
            if self.module(version, APPLICATION_DATA_FILE) is None:
                continue
            for name, module_users in self._users[self.folder / version / APPLICATION_DATA_FILE].items():
                users.setdefault(name, set()).update(module_users)
        return {name: tuple(sorted(names)) for name, names in users.items()}


def _component_users(parsed: dict[str, Any]) -> dict[str, set[str]]:
    """From asn1tools' parsed form: every type referenced inside another type's definition, and by whom."""
    users: dict[str, set[str]] = {}
    for module in parsed.values():
        types = module["types"]
        for user, definition in types.items():
            for name in _referenced(definition):
                if name in types and name != user:
                    users.setdefault(name, set()).add(user)
    return users


def _referenced(node: Any) -> set[str]:
    """Every `type` a definition mentions (members, SEQUENCE OF elements, CHOICE alternatives, aliases);
    built-in ones (`SEQUENCE`, `INTEGER`, …) are dropped by the caller, which knows the module's names."""
    if isinstance(node, dict):
        found = {node["type"]} if isinstance(node.get("type"), str) else set()
        return found.union(*(_referenced(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_referenced(item) for item in node))
    return set()
