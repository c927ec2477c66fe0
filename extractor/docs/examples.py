"""Captured payloads decoded for the site: each shown under the type its application data decodes as
(or under MPDispatcherBody when it carries none), the hex beside the decoded tree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ExtractorError, InputError, WireError
from ..wire.batch import collect_payloads
from ..wire.runtime.catalog import Catalog
from ..wire.runtime.codec import APPLICATION_DATA_FILE, BODY_FILE, BODY_TYPE, decode_message
from ..wire.runtime.frames import clean_hex
from ..wire.schemas import Schemas
from ..wire.tree import message_tree

HEX_LINE = 64


@dataclass(frozen=True)
class Example:
    name: str
    hex_lines: tuple[str, ...]
    tree: str
    application_id: str
    message_id: int | None


@dataclass(frozen=True)
class Undecoded:
    name: str
    reason: str


def decode_examples(
    paths: list[Path], schema_folder: Path, catalog: Catalog
) -> tuple[dict[tuple[str, str, str], list[Example]], list[Undecoded]]:
    """(version, module file, type name) → examples, and the payloads that did not decode with why."""
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    schemas = Schemas(schema_folder)
    placed: dict[tuple[str, str, str], list[Example]] = {}
    undecoded = []
    for name, text in collect_payloads(paths):
        try:
            message = decode_message(text, schemas, catalog=catalog)
            hex_text = clean_hex(text)
            if message.application_data_type is None:
                key = (message.schema_version, BODY_FILE, BODY_TYPE)
            else:
                version, _ = schemas.find(
                    message.header["protocolVersion"], APPLICATION_DATA_FILE, message.application_data_type
                )
                key = (version, APPLICATION_DATA_FILE, message.application_data_type)
        except (ExtractorError, WireError) as error:
            undecoded.append(Undecoded(name, str(error)))
            continue
        lines = tuple(hex_text[start : start + HEX_LINE] for start in range(0, len(hex_text), HEX_LINE))
        body = message.body
        placed.setdefault(key, []).append(
            Example(name, lines, message_tree(message), str(body.get("applicationID", "")), body.get("messageID"))
        )
    return placed, undecoded
