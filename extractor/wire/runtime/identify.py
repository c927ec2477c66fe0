"""Which application-data type a message carries: `--type`, else the catalog, else inference from the schemas.

Inference keeps every type that decodes all of the application data and re-encodes it byte for byte (it
decodes only the types whose encodings can take that many bytes, `bounds`, and whose bits the sieve counts
to the last byte, `sieve`), then ranks the candidates by what the schemas and the dispatcher body say, rule
after rule (README, "How the application-data type is identified", gives each rule's reason and the corpus
case it decides):

1. root: message types are roots; a type that another type uses as a component is a part of a message;
2. direction: the dispatcher body of a response carries `result`, a request's does not; a name ending in
   `Req`/`Request` is a request, `Resp`/`Response` a response (a version number may follow), and a type
   named for the other direction ranks lower;
3. protocol version in the name: a name ending in the message's applicationDataProtocolVersion
   (`…Resp25857` for 25857) is that revision of the message;
4. unused bits: UPER pads the last byte with zeros; the type that reads more of the bits as data
   explains more of the payload than one that leaves them as padding.

Only root and direction are evidence enough to call a type `inferred`. When the best two candidates agree
on both, more than one type fits the message and it is `ambiguous`: the later rules order the candidates
(or, when they agree on every rule, the name does), the first is decoded so that the output still
round-trips, and the output lists the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from .catalog import Catalog, message_key
from .errors import WireError, one_line
from .schema_set import (
    APPLICATION_DATA_FILE,
    SchemaSet,
    bit_string,
    decode_prefix,
    used_bytes,
)
from .sieve import DoesNotFit

REQUEST = "request"
RESPONSE = "response"
# asn1tools raises its own errors and, on garbage, plain IndexError/ValueError/KeyError alike:
# for bytes that do not fit a type, all of them mean "does not decode".
DECODE_FAILURES = (Exception,)
NAME_DIRECTIONS = ((re.compile(r"(Req|Request)\d*$"), REQUEST), (re.compile(r"(Resp|Response)\d*$"), RESPONSE))
HIGH, MEDIUM, LOW = "high", "medium", "low"
CATALOG, INFERRED, AMBIGUOUS, GIVEN, NONE = "catalog", "inferred", "ambiguous", "--type", "none"
ONLY_CANDIDATE = "only candidate"


@dataclass(frozen=True)
class Candidate:
    """A type that decodes the application data exactly, with the evidence the rules rank it by."""

    type_name: str
    schema_version: str
    value: Any
    # The types that use this one as a component; empty for a root.
    used_by: tuple[str, ...]
    name_direction: str | None
    message_direction: str
    names_protocol_version: bool
    unused_bits: int

    @cached_property
    def keys(self) -> tuple[int, ...]:
        """Its key under each rule, in the rules' order: worked out once, as ranking compares them often."""
        return tuple(rule.key(self) for rule in RULES)

    @property
    def fits(self) -> bool:
        """A root whose name does not say the other direction: what a message type looks like."""
        return not self.used_by and self.name_direction in (None, self.message_direction)


@dataclass(frozen=True)
class Rule:
    name: str
    # Lower ranks first.
    key: Callable[[Candidate], int]
    describe: Callable[[Candidate], str]


def _direction_key(candidate: Candidate) -> int:
    """Only a name that says the other direction ranks lower: a name without one is no evidence."""
    return 1 if candidate.name_direction not in (None, candidate.message_direction) else 0


def _describe_direction(candidate: Candidate) -> str:
    if candidate.name_direction is None:
        return "name says no direction"
    if candidate.name_direction == candidate.message_direction:
        return f"named a {candidate.name_direction} like the message"
    return f"named a {candidate.name_direction} but the message is a {candidate.message_direction}"


RULES = (
    Rule(
        "root",
        lambda c: 1 if c.used_by else 0,
        lambda c: f"component of {', '.join(c.used_by)}" if c.used_by else "root",
    ),
    Rule("direction", _direction_key, _describe_direction),
    Rule(
        "protocol version in name",
        lambda c: 0 if c.names_protocol_version else 1,
        lambda c: "name ends in the applicationDataProtocolVersion" if c.names_protocol_version else "",
    ),
    Rule("unused bits", lambda c: c.unused_bits, lambda c: f"{c.unused_bits} unused bits"),
)
STRONG_RULES = {ONLY_CANDIDATE, "root", "direction"}
# The keys of the strong rules come first in RULES.
STRONG_KEYS = 2
CHOOSE = "choose with --type"


@dataclass(frozen=True)
class RankedCandidate:
    candidate: Candidate
    rank: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        candidate = self.candidate
        return {
            "rank": self.rank,
            "type": candidate.type_name,
            "schemaVersion": candidate.schema_version,
            "root": not candidate.used_by,
            "usedBy": list(candidate.used_by),
            "nameDirection": candidate.name_direction,
            "namesProtocolVersion": candidate.names_protocol_version,
            "unusedBits": candidate.unused_bits,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Identification:
    """The chosen type (None without application data), its value, and how it was chosen."""

    type_name: str | None
    value: Any
    # catalog, inferred, ambiguous, --type or expect (given), or none (no application data).
    choice: str
    # high, medium or low for catalog and inference; None for --type and without application data.
    confidence: str | None
    # The rule that put the chosen type first (inference only).
    rule: str | None
    reason: str
    message_direction: str
    candidates: tuple[RankedCandidate, ...] = ()


def message_direction(body: dict[str, Any]) -> str:
    """A response's dispatcher body carries `result` (0 or an error code); a request's never does."""
    return RESPONSE if "result" in body else REQUEST


@lru_cache(maxsize=4096)
def name_direction(type_name: str) -> str | None:
    return next((direction for pattern, direction in NAME_DIRECTIONS if pattern.search(type_name)), None)


def identify(
    body: dict[str, Any],
    data: bytes,
    protocol_version: int,
    schemas: SchemaSet,
    catalog: Catalog,
    type_name: str | None = None,
    given_by: str = GIVEN,
) -> Identification:
    """`given_by` names who gave `type_name` (`--type`, or `expect` in a generated package): it is the choice."""
    direction = message_direction(body)
    if not data:
        return Identification(None, None, NONE, None, None, "no application data", direction)
    if type_name is not None:
        value = decode_exact(schemas, protocol_version, type_name, data, given_by)
        return Identification(type_name, value, given_by, None, None, f"given with {given_by}", direction)
    key = message_key(
        str(body.get("applicationID", "")), body.get("messageID", -1), body.get("applicationDataProtocolVersion", -1)
    )
    entry = catalog.lookup(key)
    if entry is not None:
        value = decode_exact(schemas, protocol_version, entry.type_name, data, entry.origin)
        return Identification(entry.type_name, value, CATALOG, HIGH, None, f"{entry.origin}: {entry.source}", direction)
    return infer(data, protocol_version, schemas, direction, body.get("applicationDataProtocolVersion"))


def infer(
    data: bytes, protocol_version: int, schemas: SchemaSet, direction: str, data_protocol_version: int | None
) -> Identification:
    candidates = decoding_candidates(data, protocol_version, schemas, direction, data_protocol_version)
    if not candidates:
        raise WireError(
            f"no application-data type of protocolVersion {protocol_version} decodes these {len(data)} bytes exactly"
        )
    ordered = sorted(candidates, key=lambda c: (c.keys, c.type_name))
    ranked = tuple(
        RankedCandidate(candidate, rank, _reason(candidate, ordered[rank - 2] if rank > 1 else None))
        for rank, candidate in enumerate(ordered, start=1)
    )
    best = ordered[0]
    tied = [candidate.type_name for candidate in ordered[1:] if candidate.keys == best.keys]
    if tied:
        reason = f"{best.type_name} ties with {', '.join(tied)} on every rule; {CHOOSE}"
        return Identification(best.type_name, best.value, AMBIGUOUS, LOW, None, reason, direction, ranked)
    rule = _deciding_rule(best, ordered[1]) if len(ordered) > 1 else ONLY_CANDIDATE
    decided = f"decided by {rule} over {ordered[1].type_name}" if len(ordered) > 1 else ONLY_CANDIDATE
    if rule not in STRONG_RULES:
        # Types that look alike to root and direction both fit the message: the weaker rules only rank a guess.
        alike = [c.type_name for c in ordered[1:] if c.keys[:STRONG_KEYS] == best.keys[:STRONG_KEYS]]
        reason = f"{', '.join(alike)} fit as well; {best.type_name} is first, {decided}: {ranked[0].reason}"
        confidence = MEDIUM if best.fits else LOW
        return Identification(
            best.type_name, best.value, AMBIGUOUS, confidence, rule, f"{reason}; {CHOOSE}", direction, ranked
        )
    confidence = HIGH if best.fits else LOW
    reason = f"{decided}: {ranked[0].reason}"
    return Identification(best.type_name, best.value, INFERRED, confidence, rule, reason, direction, ranked)


def decoding_candidates(
    data: bytes, protocol_version: int, schemas: SchemaSet, direction: str, data_protocol_version: int | None
) -> list[Candidate]:
    """Every type of the protocolVersion that decodes all of `data` and re-encodes to it; only the types the
    sieve lets through are decoded."""
    users = schemas.component_users(protocol_version)
    found = []
    for version, name in sieved_types(data, protocol_version, schemas):
        spec = schemas.module(version, APPLICATION_DATA_FILE)
        try:
            value, taken = decode_prefix(spec, name, data)
            # The round-trip proof: inference claims a type on no one's word but the bytes'. The value is the
            # decoder's own, so its Python types need no check.
            if used_bytes(taken) != len(data) or spec.encode(name, value, check_types=False) != data:
                continue
        except DECODE_FAILURES:
            continue
        found.append(
            Candidate(
                type_name=name,
                schema_version=version,
                value=value,
                used_by=users.get(name, ()),
                name_direction=name_direction(name),
                message_direction=direction,
                names_protocol_version=_names_protocol_version(name, data_protocol_version),
                # UPER pads the last byte with zeros: the bits the decoder did not read.
                unused_bits=8 * len(data) - taken,
            )
        )
    return found


def sieved_types(data: bytes, protocol_version: int, schemas: SchemaSet) -> list[tuple[str, str]]:
    """(version, type name) of the types that may decode all of `data`: those whose encodings can take that
    many bytes, and of those the ones whose bits, counted by the sieve, end in the last byte with zero
    padding, or that the sieve cannot count."""
    bits = bit_string(data)
    sieves = {version: schemas.sieve(version) for version in schemas.candidate_versions(protocol_version)}
    passed = []
    for version, name in schemas.types_of_size(protocol_version, len(data)):
        try:
            counted = sieves[version].bits_taken(name, bits)
        except DoesNotFit:
            continue
        # The re-encode pads with zeros: a type that ends elsewhere, or leaves a one as padding, cannot match.
        if counted is None or (used_bytes(counted) == len(data) and "1" not in bits[counted:]):
            passed.append((version, name))
    return passed


def decode_exact(schemas: SchemaSet, protocol_version: int, type_name: str, data: bytes, origin: str) -> Any:
    """`data` as `type_name`, which must use exactly these bytes, its padding zero; `origin` says who named
    the type. One decode: the size comes from the bits the decoder read, not from a re-encode."""
    try:
        _, spec = schemas.find(protocol_version, APPLICATION_DATA_FILE, type_name)
    except WireError as error:
        raise WireError(f"{error} ({origin})") from None
    try:
        value, bits = decode_prefix(spec, type_name, data)
    except DECODE_FAILURES as error:
        raise WireError(f"application data does not decode as {type_name} ({origin}): {one_line(error)}") from None
    used = used_bytes(bits)
    if used != len(data):
        raise WireError(f"application data is {len(data)} bytes but {type_name} ({origin}) uses {used}")
    padding = 8 * len(data) - bits
    if data[-1] & ((1 << padding) - 1):
        raise WireError(f"application data as {type_name} ({origin}) has padding bits that are not zero")
    return value


def _deciding_rule(better: Candidate, worse: Candidate) -> str:
    return next(rule.name for rule, key, other in zip(RULES, better.keys, worse.keys, strict=True) if key != other)


def _reason(candidate: Candidate, above: Candidate | None) -> str:
    evidence = "; ".join(text for text in (rule.describe(candidate) for rule in RULES) if text)
    if above is None:
        return evidence
    if above.keys == candidate.keys:
        return f"{evidence}; ties with {above.type_name}"
    return f"{evidence}; below {above.type_name} by {_deciding_rule(above, candidate)}"


def _names_protocol_version(type_name: str, data_protocol_version: int | None) -> bool:
    """The name ends in the number, not in a longer number that ends like it (`Resp125857` is not 25857)."""
    if data_protocol_version is None:
        return False
    number = str(data_protocol_version)
    return type_name.endswith(number) and not type_name[: -len(number)][-1:].isdigit()
