"""The message catalog: (applicationID, messageID, applicationDataProtocolVersion) → application-data type.

A sourced table: every entry names where it comes from (a capture, or the public client function that
sends or expects the message) and may say the direction the message travels. The built-in one ships as
`message_catalog.json`; a user's catalog of the same form is merged over it (`--catalog FILE`, or
`NAME.catalog.add` in a generated package).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

from .errors import WireError

BUILT_IN = "message_catalog.json"
# Field of an entry → (JSON type it must have, what the error says it must be).
ENTRY_FIELDS: dict[str, tuple[type, str]] = {
    "applicationID": (str, "a string of 3 characters"),
    "messageID": (int, "an integer 0..255"),
    "applicationDataProtocolVersion": (int, "an integer 0..65535"),
    "type": (str, "a non-empty type name"),
    "source": (str, "a non-empty description of the capture or code that shows it"),
}
# The direction a message travels, when the source says it.
DIRECTIONS = ("request", "response")
OPTIONAL_FIELDS = {"direction": f"one of {', '.join(DIRECTIONS)}"}
FIELD_CHECKS: dict[str, Callable[[Any], bool]] = {
    "applicationID": lambda value: len(value) == 3,
    "messageID": lambda value: 0 <= value <= 255,
    "applicationDataProtocolVersion": lambda value: 0 <= value <= 65535,
    "type": lambda value: bool(value.strip()),
    "source": lambda value: bool(value.strip()),
}

MessageKey = tuple[str, int, int]


@dataclass(frozen=True)
class CatalogEntry:
    application_id: str
    message_id: int
    protocol_version: int
    type_name: str
    source: str
    # Where the entry comes from: the built-in catalog, `FILE entry N` or `added at run time`.
    origin: str
    direction: str | None = None

    @property
    def key(self) -> MessageKey:
        return message_key(self.application_id, self.message_id, self.protocol_version)


def message_key(application_id: str, message_id: int, protocol_version: int) -> MessageKey:
    """applicationID is hex text (`5D6`); case does not matter."""
    return (application_id.upper(), message_id, protocol_version)


@dataclass(frozen=True)
class Catalog:
    entries: tuple[CatalogEntry, ...] = ()

    def lookup(self, key: MessageKey) -> CatalogEntry | None:
        return self._by_key.get(key)

    @cached_property
    def _by_key(self) -> dict[MessageKey, CatalogEntry]:
        # The first entry for a key wins, as a scan of `entries` would find it.
        by_key: dict[MessageKey, CatalogEntry] = {}
        for entry in self.entries:
            by_key.setdefault(entry.key, entry)
        return by_key

    def without(self, key: MessageKey) -> Catalog:
        return Catalog(tuple(entry for entry in self.entries if entry.key != key))

    def merged(self, other: Catalog) -> Catalog:
        """`other`'s entries win over this catalog's for the same message."""
        replaced = {entry.key for entry in other.entries}
        return Catalog(tuple(entry for entry in self.entries if entry.key not in replaced) + other.entries)

    def with_entry(self, entry: CatalogEntry) -> Catalog:
        """This catalog with `entry` added, over any entry of the same message."""
        return self.merged(Catalog((entry,)))


@cache
def built_in_catalog() -> Catalog:
    text = resources.files(__package__ or "").joinpath(BUILT_IN).read_text(encoding="utf-8")
    return parse_catalog(text, BUILT_IN, "built-in catalog")


def parse_catalog(text: str, label: str, origin: str) -> Catalog:
    """A catalog's JSON text, checked entry by entry: the first problem is one error naming `label` and the
    entry; each entry's `origin` is `{origin} entry N`."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise WireError(f"{label}: not JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        raise WireError(f'{label}: not a message catalog (expected {{"messages": [{{"applicationID": …}}, …]}})')
    entries: list[CatalogEntry] = []
    for number, item in enumerate(document["messages"], start=1):
        entry = checked_entry(item, f"{label}: entry {number}", f"{origin} entry {number}")
        clash = next((known for known in entries if known.key == entry.key), None)
        if clash is not None:
            raise WireError(
                f"{label}: entry {number} repeats the message of {clash.origin} ({describe_key(entry.key)})"
            )
        entries.append(entry)
    return Catalog(tuple(entries))


def checked_entry(item: Any, where: str, origin: str) -> CatalogEntry:
    """One entry of a catalog's `messages`, checked; errors start with `where`."""
    if not isinstance(item, dict):
        raise WireError(f"{where}: not an object")
    unknown = sorted(set(item) - set(ENTRY_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        names = ", ".join([*ENTRY_FIELDS, *OPTIONAL_FIELDS])
        raise WireError(f"{where}: unknown field {unknown[0]!r} (fields: {names})")
    direction = item.get("direction")
    if "direction" in item and direction not in DIRECTIONS:
        raise WireError(f"{where}: direction must be {OPTIONAL_FIELDS['direction']} ({direction!r})")
    for name, (kind, expectation) in ENTRY_FIELDS.items():
        value = item.get(name)
        # bool is an int in Python but not a number in a catalog.
        if not isinstance(value, kind) or isinstance(value, bool) or not FIELD_CHECKS[name](value):
            shown = "missing" if name not in item else f"{value!r}"
            raise WireError(f"{where}: {name} must be {expectation} ({shown})")
    return CatalogEntry(
        application_id=item["applicationID"],
        message_id=item["messageID"],
        protocol_version=item["applicationDataProtocolVersion"],
        type_name=item["type"],
        source=item["source"],
        origin=origin,
        direction=direction,
    )


def describe_key(key: MessageKey) -> str:
    application_id, message_id, protocol_version = key
    return f"applicationID {application_id}, messageID {message_id}, applicationDataProtocolVersion {protocol_version}"
