"""One `ota.mp*` exchange decoded, and what the addon prints of it (`saic_dump`: line, tree or json).

Knows nothing of mitmproxy: the addon hands over the flow's id, method, URL and bodies, so that this
part is tested, and could serve, without a proxy.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExtractorError
from ..wire.catalog_file import catalog_with
from ..wire.flows import body_text, endpoint_name
from ..wire.runtime.catalog import Catalog, built_in_catalog
from ..wire.runtime.codec import DecodedMessage, decode_message
from ..wire.runtime.errors import WireError
from ..wire.runtime.identify import AMBIGUOUS, CATALOG
from ..wire.runtime.readable import readable
from ..wire.schemas import Schemas
from ..wire.tree import message_tree
from ..wording import counted

REQUEST = "request"
RESPONSE = "response"
DUMP_MODES = ("off", "line", "tree", "json")
NOT_SET = "saic_schemas is not set: give it an extraction output folder (saic-asn1 extract APK --out OUT)"


class CurrentSchemas:
    """The schemas the addon decodes with, compiled once each time the option changes, or why there are none;
    and the message catalog that identifies application data."""

    def __init__(self) -> None:
        self.schemas: Schemas | None = None
        self.problem = NOT_SET
        self.catalog = built_in_catalog()
        self.decoder = _decoder_name()

    def load_catalog(self, path: str) -> None:
        """The built-in catalog with the user's file (if any) merged over it; a bad file raises ExtractorError
        and leaves the catalog in use as it is."""
        self.catalog = catalog_with(Path(path).expanduser() if path else None)
        self.decoder = _decoder_name()

    def load(self, folder: str) -> None:
        """The schemas of an extraction output folder, compiled now ("": none); a folder that cannot serve
        raises ExtractorError and leaves the schemas in use as they are."""
        if not folder:
            self.schemas, self.problem = None, NOT_SET
        else:
            schemas = Schemas(Path(folder).expanduser())
            schemas.compile_all()
            self.schemas, self.problem = schemas, ""
        self.decoder = _decoder_name()


def _decoder_name() -> str:
    """A name for the schemas and catalog in use, new at each load, in this process or any other: a decoding
    kept under another name (`cache`) was made with other ones."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class DecodedBody:
    direction: str
    # The body as the hex text the codec reads.
    text: str
    message: DecodedMessage | None = None
    # Why the body did not decode (one line), when it did not.
    error: str | None = None


def decode_body(direction: str, content: bytes | None, schemas: Schemas, catalog: Catalog) -> DecodedBody:
    return decode_text(direction, body_text(content), schemas, catalog)


def decode_text(direction: str, text: str, schemas: Schemas, catalog: Catalog) -> DecodedBody:
    """One side of an exchange decoded, or why not: a bad body never stops the others."""
    try:
        return DecodedBody(direction, text, message=decode_message(text, schemas, catalog=catalog))
    except (ExtractorError, WireError) as error:
        return DecodedBody(direction, text, error=str(error))


@dataclass(frozen=True)
class DecodedExchange:
    flow_id: str
    method: str
    url: str
    path: str
    request: DecodedBody
    response: DecodedBody | None

    @property
    def name(self) -> str:
        """The flow as a log line names it."""
        return f"{self.method} {self.url} (flow {self.flow_id})"

    @property
    def bodies(self) -> list[DecodedBody]:
        return [body for body in (self.request, self.response) if body is not None]

    def problems(self) -> list[str]:
        """One line per body that did not decode, naming the flow."""
        return [
            readable(f"saic-asn1: {self.name}: {body.direction} not decoded: {body.error}")
            for body in self.bodies
            if body.error
        ]


def type_label(message: DecodedMessage) -> str:
    """`OTARVMVehicleStatusReq (catalog)`: the application-data type and how it was chosen, in short
    (inferred and ambiguous choices with their confidence; ambiguous ones with their number of candidates)."""
    identification = message.identification
    if identification.type_name is None:
        return "no application data"
    how = identification.choice
    if identification.confidence and identification.choice != CATALOG:
        how += f", {identification.confidence} confidence"
    if identification.choice == AMBIGUOUS:
        how += f", {counted(len(identification.candidates), 'candidate')}"
    return f"{identification.type_name} ({how})"


def exchange_line(exchange: DecodedExchange) -> str:
    """`saic_dump=line`: endpoint, then per side applicationID, messageID and application-data type."""
    sides = [_side_summary(exchange.request)]
    sides.append(_side_summary(exchange.response) if exchange.response is not None else f"{RESPONSE}: none")
    return readable(f"{endpoint_name(exchange.path)} " + " | ".join(sides))


def _side_summary(body: DecodedBody) -> str:
    if body.message is None:
        return f"{body.direction}: not decoded"
    dispatcher = body.message.body
    return (
        f"{body.direction}: applicationID {dispatcher.get('applicationID')} messageID {dispatcher.get('messageID')}"
        f" {type_label(body.message)}"
    )


def exchange_tree(exchange: DecodedExchange) -> str:
    """`saic_dump=tree`: the flow, then each side as `saic-asn1 decode --format tree` shows it."""
    lines = [f"== {readable(exchange.name)}"]
    for direction, body in ((REQUEST, exchange.request), (RESPONSE, exchange.response)):
        lines.append(f"-- {direction}")
        lines.append(body_tree(body) if body is not None else "none")
    return "\n".join(lines)


def body_tree(body: DecodedBody) -> str:
    return message_tree(body.message) if body.message is not None else f"error: {readable(body.error or '')}"


def exchange_json(exchange: DecodedExchange) -> str:
    """`saic_dump=json`: one JSON object per exchange on one line; each side as `decode` prints it."""
    document = {
        "flow": exchange.flow_id,
        "method": exchange.method,
        "url": exchange.url,
        "endpoint": endpoint_name(exchange.path),
        REQUEST: body_json(exchange.request),
        RESPONSE: body_json(exchange.response),
    }
    # ASCII: every other character as a JSON escape, so the line stays exact and nothing reaches the terminal raw.
    return json.dumps(document, ensure_ascii=True)


def body_json(body: DecodedBody | None) -> Any:
    if body is None:
        return None
    return body.message.to_json() if body.message is not None else {"error": body.error}


DUMPERS = {"line": exchange_line, "tree": exchange_tree, "json": exchange_json}
