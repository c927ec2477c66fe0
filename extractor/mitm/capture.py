"""`saic_save`: decoded payloads as `<version>/<name>.hex` + `<name>.decoded.json`, listed in a `manifest.json`
in the corpus's form, so that `saic-asn1 validate DIR/manifest.json` reads the user's own captures.

Appends, never overwrites: each payload takes the first free name (`511_25857_request`, then
`511_25857_request_2`, …), claimed with a hard link from a temporary file, which fails instead of
replacing a file that exists; the manifest is rewritten atomically (temporary file, rename) with every
entry it already held, and one that is not a payload manifest is left alone and saving stops.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ExtractorError, OutputError
from ..wire.runtime.codec import DecodedMessage, encode_message
from ..wire.runtime.errors import WireError
from ..wire.runtime.frames import clean_hex
from ..wire.schemas import Schemas

MANIFEST = "manifest.json"
UNSAFE = re.compile(r"[^A-Za-z0-9-]")
NAME_LIMIT = 40
DESCRIPTION = (
    "ota.mp* payloads captured with mitmproxy and decoded by saic-asn1 {version}, one uppercase hex string"
    " per .hex file. Paths are relative to this manifest. roundtrip=true means: decoded and re-encoded"
    " byte-identically with the schemas the capture was decoded with."
)


class CaptureFolder:
    """A folder that captured payloads are appended to; checked when the option is set, written on each save."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest = folder / MANIFEST
        try:
            usable = not folder.exists() or folder.is_dir()
        except OSError as error:
            # e.g. a name longer than the file system allows.
            raise OutputError(f"saic_save: {folder} cannot be used: {_reason(error)}") from None
        if not usable:
            raise OutputError(f"saic_save: {folder} exists and is not a folder")
        self._read_manifest()

    def save(self, text: str, message: DecodedMessage, direction: str, source: dict[str, Any], schemas: Schemas) -> str:
        """Write the payload and its decoding, list it in the manifest; returns its path relative to the folder."""
        document = self._read_manifest()
        hex_text = clean_hex(text)
        version = _version_folder(message.header["protocolVersion"])
        body, identification = message.body, message.identification
        stem = "_".join(
            (
                _safe(str(body.get("applicationID", ""))),
                _safe(str(body.get("applicationDataProtocolVersion", ""))),
                direction,
            )
        )
        decoded = json.dumps(message.to_json(), indent=1, ensure_ascii=False) + "\n"
        name = self._claim(self.folder / version, stem, hex_text + "\n", decoded)
        document["payloads"].append(
            {
                "file": f"{version}/{name}.hex",
                "decoded": f"{version}/{name}.decoded.json",
                "version": version,
                "schema_version": message.schema_version,
                "direction": direction,
                "applicationID": body.get("applicationID"),
                "messageID": body.get("messageID"),
                "applicationDataProtocolVersion": body.get("applicationDataProtocolVersion"),
                "applicationDataLength": body.get("applicationDataLength"),
                "applicationDataType": identification.type_name,
                "applicationDataTypeChoice": identification.choice,
                "applicationDataTypeConfidence": identification.confidence,
                "applicationDataTypeReason": identification.reason,
                "applicationDataCandidates": [ranked.candidate.type_name for ranked in identification.candidates],
                "messageDirection": identification.message_direction,
                "protocolVersion": message.header["protocolVersion"],
                "example": name,
                "variant": "captured",
                "source": source,
                "roundtrip": _round_trips(hex_text, message, schemas),
                "notes": [],
                "sha256": hashlib.sha256(hex_text.encode("ascii")).hexdigest(),
            }
        )
        document["count"] = len(document["payloads"])
        self._write_manifest(document)
        return f"{version}/{name}.hex"

    def _read_manifest(self) -> dict[str, Any]:
        try:
            document = json.loads(self.manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {
                "description": DESCRIPTION.format(version=__version__),
                "set": "captured",
                "count": 0,
                "payloads": [],
            }
        except (OSError, ValueError) as error:
            raise OutputError(
                f"saic_save: {self.manifest} cannot be read as JSON ({_reason(error)}); it is left as it is"
            ) from None
        if not isinstance(document, dict) or not isinstance(document.get("payloads"), list):
            raise OutputError(
                f'saic_save: {self.manifest} is not a payload manifest (no "payloads" list); it is left as it is'
            )
        return document

    def _claim(self, folder: Path, stem: str, hex_text: str, decoded: str) -> str:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for number in range(1, 1_000_000):
                name = stem if number == 1 else f"{stem}_{number}"
                hex_path, decoded_path = folder / f"{name}.hex", folder / f"{name}.decoded.json"
                if hex_path.exists() or decoded_path.exists() or not _create(hex_path, hex_text):
                    continue
                if _create(decoded_path, decoded):
                    return name
                hex_path.unlink()
        except OSError as error:
            raise OutputError(f"saic_save: cannot write in {folder}: {_reason(error)}") from None
        raise OutputError(f"saic_save: {folder} has no free name left for {stem}")

    def _write_manifest(self, document: dict[str, Any]) -> None:
        temporary = self.manifest.with_name(f".{MANIFEST}.tmp-{os.getpid()}")
        try:
            temporary.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            os.replace(temporary, self.manifest)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise OutputError(f"saic_save: cannot write {self.manifest}: {_reason(error)}") from None


def _create(path: Path, text: str) -> bool:
    """Write `path` whole or not at all; False when it already exists (it is never replaced)."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


def _round_trips(hex_text: str, message: DecodedMessage, schemas: Schemas) -> bool:
    try:
        return encode_message(message.to_json(), schemas) == hex_text
    except (ExtractorError, WireError):
        return False


def _version_folder(protocol_version: int) -> str:
    return f"v{protocol_version >> 4}_{protocol_version & 0xF}"


def _safe(text: str) -> str:
    """A file-name part from a value on the wire: ASCII letters, digits and `-` only, bounded."""
    return UNSAFE.sub("_", text)[:NAME_LIMIT] or "none"


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def capture_source(url: str, flow_id: str, timestamp: float | None) -> dict[str, Any]:
    """Where a saved payload came from, in the manifest's `source`."""
    captured = datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds") if timestamp else None
    return {"url": url, "flow": flow_id, "captured": captured}
