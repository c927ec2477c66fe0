"""The mitmproxy addon: every `ota.mp*` exchange decoded once as it passes, printed (`saic_dump`), saved
(`saic_save`), and kept in the flow for the `saic-asn1` contentview to show.

Bad bodies are one warning line naming the flow; the proxy and the other flows carry on. The schemas
are compiled once each time `saic_schemas` changes, never per flow.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mitmproxy import ctx, http
from mitmproxy.addonmanager import Loader
from mitmproxy.exceptions import OptionsError

from ..errors import ExtractorError
from ..wire.flows import is_ota_endpoint, message_body
from ..wire.runtime.readable import readable_lines
from .cache import ShownBody, remember
from .capture import CaptureFolder, capture_source
from .exchange import (
    DUMP_MODES,
    DUMPERS,
    REQUEST,
    RESPONSE,
    CurrentSchemas,
    DecodedExchange,
    decode_body,
)
from .view import SaicContentview, register, unregister

logger = logging.getLogger("saic-asn1")
T = TypeVar("T")


def _readable_record(record: logging.LogRecord) -> bool:
    """Every message of the addon's log as `readable_lines` shows it: paths, names and errors are the sender's."""
    record.msg, record.args = readable_lines(record.getMessage()), None
    return True


logger.addFilter(_readable_record)


class SaicAsn1:
    def __init__(self) -> None:
        self.current = CurrentSchemas()
        self.capture: CaptureFolder | None = None
        self.view = SaicContentview(self.current)

    def load(self, loader: Loader) -> None:
        loader.add_option(
            "saic_schemas",
            str,
            "",
            "saic-asn1: the extraction output folder to decode ota.mp* messages with (OUT of `saic-asn1 extract`).",
        )
        loader.add_option(
            "saic_dump",
            str,
            "line",
            "saic-asn1: what to print per ota.mp* exchange: off, line (endpoint, applicationID, messageID,"
            " application-data type of request and response), tree (the whole decoding) or json (one object a line).",
            choices=DUMP_MODES,
        )
        loader.add_option(
            "saic_catalog",
            str,
            "",
            "saic-asn1: a JSON message catalog of your own, merged over the built-in one (as `decode --catalog`).",
        )
        loader.add_option(
            "saic_save",
            str,
            "",
            "saic-asn1: a folder to append every decoded payload to (.hex, .decoded.json and manifest.json,"
            " in the corpus's form); empty: save nothing.",
        )
        register(self.view)

    def done(self) -> None:
        unregister(self.view)

    def configure(self, updated: set[str]) -> None:
        """A value that cannot serve raises mitmproxy's OptionsError: mitmproxy reports it and keeps the option's
        previous value (and this addon what it had), and at start-up stops."""
        if "saic_dump" in updated and ctx.options.saic_dump not in DUMP_MODES:
            # mitmproxy lists choices in the help but does not enforce them.
            raise OptionsError(f"saic_dump is {ctx.options.saic_dump!r}, not one of {', '.join(DUMP_MODES)}")
        if "saic_schemas" in updated:
            _option("saic_schemas", self.current.load, ctx.options.saic_schemas)
            if self.current.schemas is None:
                logger.error(f"saic-asn1: {self.current.problem}; ota.mp* messages are not decoded")
            else:
                logger.info(
                    f"saic-asn1: decoding with {self.current.schemas.folder} ({', '.join(self.current.schemas.versions)})"
                )
        if "saic_catalog" in updated:
            _option("saic_catalog", self.current.load_catalog, ctx.options.saic_catalog)
        if "saic_save" in updated:
            folder = ctx.options.saic_save
            self.capture = _option("saic_save", CaptureFolder, Path(folder).expanduser()) if folder else None

    def response(self, flow: http.HTTPFlow) -> None:
        self._decode(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        if flow.response is None:
            self._decode(flow)

    def _decode(self, flow: http.HTTPFlow) -> None:
        schemas = self.current.schemas
        if schemas is None or not is_ota_endpoint(flow.request.path):
            return
        # Inflated at most to one byte more than the longest payload: a compressed body may hold gigabytes.
        contents = {REQUEST: message_body(flow.request)}
        if flow.response is not None:
            contents[RESPONSE] = message_body(flow.response)
        bodies = {
            direction: decode_body(direction, content, schemas, self.current.catalog)
            for direction, content in contents.items()
        }
        # The contentview shows these bodies from here instead of decoding them again.
        for direction, body in bodies.items():
            remember(flow.metadata, direction, contents[direction], ShownBody.of(body), self.current.decoder)
        exchange = DecodedExchange(
            flow_id=flow.id,
            method=flow.request.method,
            url=flow.request.pretty_url,
            path=flow.request.path,
            request=bodies[REQUEST],
            response=bodies.get(RESPONSE),
        )
        for problem in exchange.problems():
            logger.warning(problem)
        if ctx.options.saic_dump in DUMPERS:
            self._print(DUMPERS[ctx.options.saic_dump](exchange))
        if self.capture is not None:
            self._save(exchange, flow)

    def _print(self, text: str) -> None:
        """mitmdump prints to its terminal, as it does its own flow lines; mitmproxy and mitmweb show it in their event log."""
        text = readable_lines(text)
        if ctx.master.addons.get("dumper") is not None:
            print(text, file=sys.stdout, flush=True)
        else:
            logger.info(text)

    def _save(self, exchange: DecodedExchange, flow: http.HTTPFlow) -> None:
        assert self.capture is not None and self.current.schemas is not None
        started = {
            REQUEST: flow.request.timestamp_start,
            RESPONSE: flow.response.timestamp_start if flow.response else None,
        }
        for body in exchange.bodies:
            if body.message is None:
                continue
            source = capture_source(exchange.url, exchange.flow_id, started[body.direction])
            try:
                self.capture.save(body.text, body.message, body.direction, source, self.current.schemas)
            except ExtractorError as error:
                logger.error(f"saic-asn1: {exchange.name}: {error.message}; saving is off until saic_save is set again")
                self.capture = None
                return


def _option(name: str, use: Callable[[Any], T], value: Any) -> T:
    """`use(value)`, or mitmproxy's OptionsError naming the option and why it cannot serve, in one line."""
    try:
        return use(value)
    except ExtractorError as error:
        message = error.message.removeprefix(f"{name}: ")
        raise OptionsError(f"{name}: {message}") from None
