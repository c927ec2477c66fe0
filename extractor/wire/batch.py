"""`saic-asn1 validate`: round-trip many captured payloads and report each one (as text or JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExtractorError, InputError
from .runtime.catalog import Catalog
from .runtime.codec import decode_message, encode_message
from .runtime.errors import WireError
from .runtime.frames import clean_hex
from .schemas import Schemas

if TYPE_CHECKING:
    from .witness import PycrateWitness

PREFIX_CHARACTERS = 5


@dataclass(frozen=True)
class RoundTrip:
    payload: str
    version: str | None
    type_name: str | None
    # How the type was chosen (catalog, inferred, ambiguous, none), None when the payload did not decode.
    choice: str | None
    ok: bool
    # "ok", where the re-encoding first differs, or why the payload did not decode.
    detail: str


@dataclass(frozen=True)
class ValidationReport:
    results: list[RoundTrip]
    # The second decoder every payload also went through ("pycrate"), or None.
    witness: str | None

    @property
    def passed(self) -> int:
        return sum(result.ok for result in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    def to_json(self) -> str:
        rows = [asdict(result) for result in self.results]
        return json.dumps(
            {"passed": self.passed, "failed": self.failed, "witness": self.witness, "payloads": rows}, indent=2
        )

    def to_text(self) -> str:
        """A table of one row per payload, then the totals."""
        width = max(len(result.payload) for result in self.results)
        lines = [f"{'payload':<{width}}  {'version':<7}  {'type':<30}  {'chosen by':<9}  result"]
        lines += [
            f"{result.payload:<{width}}  {result.version or '-':<7}  {result.type_name or '-':<30}"
            f"  {result.choice or '-':<9}  {result.detail}"
            for result in self.results
        ]
        checked_by = "; every payload also decoded and re-encoded by pycrate" if self.witness else ""
        lines.append(f"{self.passed} passed, {self.failed} failed{checked_by}")
        return "\n".join(lines)


def collect_payloads(paths: list[Path]) -> list[tuple[str, str]]:
    """(name, hex text) from hex files, folders of `*.hex`, or manifests listing payload files."""
    payloads = []
    for path in paths:
        if path.is_dir():
            payloads += [(str(item), _read(item)) for item in sorted(path.rglob("*.hex"))]
        elif path.suffix == ".json":
            payloads += _manifest_payloads(path)
        else:
            payloads.append((str(path), _read(path)))
    if not payloads:
        raise InputError(f"no payloads found in {', '.join(map(str, paths))}")
    return payloads


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None


def _manifest_payloads(path: Path) -> list[tuple[str, str]]:
    try:
        document = json.loads(_read(path))
        files = [entry["file"] for entry in document["payloads"]]
    except (ValueError, KeyError, TypeError):
        raise InputError(f'{path}: not a payload manifest (expected {{"payloads": [{{"file": …}}]}})') from None
    return [(file_name, _read(path.parent / file_name)) for file_name in files]


def round_trip(
    name: str, text: str, schemas: Schemas, catalog: Catalog | None = None, witness: PycrateWitness | None = None
) -> RoundTrip:
    """`catalog` as for `decode_message`: the built-in one when None; with a `witness`, pycrate must also
    decode the payload to the same values."""
    try:
        message = decode_message(text, schemas, catalog=catalog)
        encoded = encode_message(message.to_json(), schemas)
        original = clean_hex(text)
    except (ExtractorError, WireError) as error:
        return RoundTrip(name, None, None, None, False, str(error))
    choice = message.identification.choice
    if encoded != original:
        return RoundTrip(
            name,
            message.schema_version,
            message.application_data_type,
            choice,
            False,
            first_difference(original, encoded),
        )
    disagreements = witness.disagreements(text, message) if witness is not None else []
    if disagreements:
        detail = "pycrate disagrees: " + "; ".join(disagreements)
        return RoundTrip(name, message.schema_version, message.application_data_type, choice, False, detail)
    return RoundTrip(name, message.schema_version, message.application_data_type, choice, True, "ok")


def first_difference(original: str, encoded: str) -> str:
    position = next(
        (index for index, (left, right) in enumerate(zip(original, encoded)) if left != right),
        min(len(original), len(encoded)),
    )
    if position < PREFIX_CHARACTERS:
        return f"re-encoding differs in the text prefix at character {position + 1}"
    return f"re-encoding differs from byte {(position - PREFIX_CHARACTERS) // 2} after the prefix"
