"""`make bench`, decode section: how fast messages decode, side by side in one process.

- Captured payloads (the corpus), decoded by: the client `generate python` writes (typed objects), plain
  asn1tools decoding the dispatcher body and the application data with pre-compiled specs (the floor: what
  is left when framing, identification and typed objects cost nothing), and the hand-written
  saic-ismart-client when it is installed (`pip install '.[bench]'`; it is told each payload's class, as
  its users tell it).
- Identification on the app-sized stress schemas: messages of random values of many types, identified by
  the catalog and by inference; how many types inference decodes, and what that costs.

CPU time (`time.process_time`), the decoders taking turns round by round, so that each sees the same load
of this shared machine.
"""

from __future__ import annotations

import importlib
import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asn1tools

from extractor.wire.runtime.catalog import Catalog, CatalogEntry, message_key
from extractor.wire.runtime.codec import decode_message, encode_with_lengths
from extractor.wire.runtime.errors import WireError
from extractor.wire.runtime.frames import parse_frame
from extractor.wire.runtime.identify import sieved_types
from extractor.wire.runtime.schema_set import APPLICATION_DATA_FILE, BODY_FILE, BODY_TYPE
from extractor.wire.schemas import Schemas

PEER = "saic-ismart-client"
# protocolVersion → the peer's (coder module, coder class); its message classes per version are in `_peer_message`.
PEER_CODERS = {
    0x11: ("saic_ismart_client.ota_v1_1.Message", "MessageCoderV11"),
    0x21: ("saic_ismart_client.ota_v2_1.Message", "MessageCoderV21"),
    0x30: ("saic_ismart_client.ota_v3_0.Message", "MessageCoderV30"),
}
PEER_MODELS = ("ota_v1_1", "ota_v2_1", "ota_v3_0")
CLIENT_PACKAGE = "bench_client"
CATALOG_ROW = "runtime, catalog"
INFERENCE_ROW = "runtime, inference"
# The stress schemas' own dispatcher body carries no application data: their messages use the captured one.
STRESS_VERSIONS = ("v1_1", "v2_1", "v3_0")
RANDOM_BYTES = 400
# A row's name → its decode function and the inputs it decodes.
Decoders = dict[str, tuple[Callable[[Any], object], list[Any]]]


@dataclass(frozen=True)
class Captured:
    file: str
    text: str
    type_name: str | None


def captured_payloads(corpus: Path) -> list[Captured]:
    manifest = json.loads((corpus / "payloads" / "manifest.json").read_text(encoding="utf-8"))
    return [
        Captured(
            entry["file"],
            (corpus / "payloads" / entry["file"]).read_text(encoding="utf-8").strip(),
            entry["applicationDataType"],
        )
        for entry in manifest["payloads"]
    ]


def interleaved(decoders: Decoders, rounds: int) -> dict[str, float]:
    """Messages per CPU second of each decoder over its inputs, the decoders taking turns each round."""
    seconds = dict.fromkeys(decoders, 0.0)
    names = list(decoders)
    # One untimed pass first: compiling the schemas on first use is a start-up cost, not a decode cost.
    for decode, inputs in decoders.values():
        for item in inputs:
            decode(item)
    for number in range(rounds):
        # A different decoder goes first each round: none always runs on a cold cache.
        for name in names[number % len(names) :] + names[: number % len(names)]:
            decode, inputs = decoders[name]
            started = time.process_time()
            for item in inputs:
                decode(item)
            seconds[name] += time.process_time() - started
    return {name: rounds * len(decoders[name][1]) / max(seconds[name], 1e-9) for name in names}


def generated_client(schema_folder: Path, scratch: Path) -> Any:
    """The package `saic-asn1 generate python` writes for these schemas, imported."""
    out = scratch / "client"
    command = [sys.executable, "-m", "extractor", "generate", "python", "--schemas", str(schema_folder)]
    subprocess.run([*command, "--out", str(out), "--package", CLIENT_PACKAGE], check=True, capture_output=True)
    sys.path.insert(0, str(out))
    return importlib.import_module(CLIENT_PACKAGE)


def floor_inputs(
    payloads: list[Captured], schemas: Schemas, folder: Path
) -> list[tuple[Any, bytes, Any, str | None, bytes]]:
    """Per payload: the body module (compiled by plain asn1tools, nothing of ours) and bytes, the application
    data's module, type and bytes."""
    plain: dict[tuple[str, str], Any] = {}

    def compiled(version: str, file_name: str) -> Any:
        if (version, file_name) not in plain:
            plain[version, file_name] = asn1tools.compile_files(str(folder / version / file_name), "uper")
        return plain[version, file_name]

    inputs = []
    for payload in payloads:
        decoded = decode_message(payload.text, schemas)
        frame = parse_frame(payload.text)
        version = decoded.header["protocolVersion"]
        body_spec = compiled(schemas.find(version, BODY_FILE, BODY_TYPE)[0], BODY_FILE)
        data_type = decoded.application_data_type
        data_version = schemas.find(version, APPLICATION_DATA_FILE, data_type)[0] if data_type else None
        data_spec = compiled(data_version, APPLICATION_DATA_FILE) if data_version else None
        body, data = frame.payload[: decoded.body_size], frame.payload[decoded.body_size :]
        inputs.append((body_spec, body, data_spec, data_type, data))
    return inputs


def floor_decode(item: tuple[Any, bytes, Any, str | None, bytes]) -> object:
    body_spec, body, data_spec, data_type, data = item
    value = body_spec.decode(BODY_TYPE, body)
    return (value, data_spec.decode(data_type, data)) if data_type else value


class Peer:
    """saic-ismart-client 1.7.2 decoding as its users do: a coder per protocol, the expected class given."""

    def __init__(self) -> None:
        self.coders = {
            version: getattr(importlib.import_module(module), name)() for version, (module, name) in PEER_CODERS.items()
        }
        self.classes = _peer_classes()

    def inputs(self, payloads: list[Captured]) -> list[tuple[int, str, type | None]]:
        """The payloads it decodes without an error, with what it needs to be told."""
        usable = []
        for payload in payloads:
            # Both framings have a 5-character prefix before the protocolVersion byte.
            version = int(payload.text[5:7], 16)
            item = (version, payload.text, self.classes.get(payload.type_name) if payload.type_name else None)
            if version not in self.coders or (payload.type_name and item[2] is None):
                continue
            try:
                self.decode(item)
            except Exception:  # noqa: BLE001, S112 (the peer fails on payloads its hand-kept schemas lack)
                continue
            usable.append(item)
        return usable

    def decode(self, item: tuple[int, str, type | None]) -> object:
        version, text, data_class = item
        message = _peer_message(version, data_class() if data_class else None)
        self.coders[version].decode_response(text, message)
        return message


def _peer_classes() -> dict[str, type]:
    """The peer's application-data classes by the ASN.1 type they decode (`asn_type`)."""
    from saic_ismart_client.common_model import Asn1Type

    classes: dict[str, type] = {}
    for model in PEER_MODELS:
        module = importlib.import_module(f"saic_ismart_client.{model}.data_model")
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, Asn1Type) and item.__module__ == module.__name__:
                try:
                    classes.setdefault(item().asn_type, item)
                except TypeError:  # a base class that needs its type name
                    continue
    return classes


def _peer_message(version: int, data: object) -> object:
    from saic_ismart_client.common_model import Header, MessageBodyV2, MessageV2
    from saic_ismart_client.ota_v1_1.data_model import MessageBodyV11, MessageV11
    from saic_ismart_client.ota_v3_0.Message import MessageBodyV30, MessageV30

    if version == 0x11:
        return MessageV11(Header(), MessageBodyV11(), data)
    if version == 0x30:
        return MessageV30(MessageBodyV30(), data)
    return MessageV2(MessageBodyV2(), data)


def peer() -> Peer | None:
    try:
        return Peer()
    except ImportError:
        return None


def peer_version() -> str:
    from importlib.metadata import version

    return version(PEER)


def captured_section(corpus: Path, schema_folder: Path, scratch: Path, rounds: int) -> list[str]:
    payloads = captured_payloads(corpus)
    schemas = Schemas(schema_folder)
    schemas.compile_all()
    client = generated_client(schema_folder, scratch)
    hand_written = peer()
    # The peer decodes fewer payloads: every decoder runs on the ones all of them decode.
    peer_inputs = hand_written.inputs(payloads) if hand_written else []
    common = {item[1] for item in peer_inputs} if hand_written else {payload.text for payload in payloads}
    shared = [payload for payload in payloads if payload.text in common]
    decoders: Decoders = {
        "floor: asn1tools, body + application data": (floor_decode, floor_inputs(shared, schemas, schema_folder)),
        "saic-asn1 generated client (typed)": (client.decode, [payload.text for payload in shared]),
    }
    if hand_written:
        decoders[f"{PEER} {peer_version()} (hand-written)"] = (hand_written.decode, peer_inputs)
    # What identification costs on the real schemas: the runtime with the catalog, and with it off.
    with_data = [payload.text for payload in payloads if payload.type_name]
    decoders[CATALOG_ROW] = (lambda text: decode_message(text, schemas), with_data)
    decoders[INFERENCE_ROW] = (lambda text: decode_message(text, schemas, catalog=Catalog()), with_data)
    rates = interleaved(decoders, rounds)
    floor = rates["floor: asn1tools, body + application data"]
    ours = rates["saic-asn1 generated client (typed)"]
    lines = [
        f"decode: {len(shared)} of the {len(payloads)} captured payloads"
        + (f" (the ones {PEER} decodes)" if hand_written else f" ({PEER} is not installed: pip install '.[bench]')")
        + f"; CPU time over {rounds} interleaved rounds",
        f"  {'decoder':<48} {'msgs/s':>8}  {'÷ floor':>8}  {'ours ÷':>7}",
    ]
    for name, rate in rates.items():
        if name not in (CATALOG_ROW, INFERENCE_ROW):
            lines.append(f"  {name:<48} {rate:>8,.0f}  {floor / rate:>7.2f}×  {ours / rate:>6.2f}×")
    lines.append("  (÷ floor: how many times the floor's time a message takes; ours ÷: our rate over this one's)")
    sieved, decoded = _tried(schemas, with_data)
    lines += [
        f"identification on the captured schemas: the {len(with_data)} payloads with application data, runtime only",
        f"  {'identified by':<14} {'msgs/s':>8}  {'÷ catalog':>9}  types per message",
        f"  {'catalog':<14} {rates[CATALOG_ROW]:>8,.0f}  {1:>8.2f}×  1 decoded",
        (
            f"  {'inference':<14} {rates[INFERENCE_ROW]:>8,.0f}  {rates[CATALOG_ROW] / rates[INFERENCE_ROW]:>8.2f}×"
            f"  {sieved:.1f} counted by the sieve, {decoded:.1f} decoded, on average of {_serving(schemas, with_data):.0f}"
        ),
    ]
    return lines


def _tried(schemas: Schemas, texts: list[str]) -> tuple[float, float]:
    """How many types inference's sieve counts per message (those the length allows), and how many it decodes."""
    sieved = decoded = 0
    for text in texts:
        message = decode_message(text, schemas)
        data = parse_frame(text).payload[message.body_size :]
        protocol_version = message.header["protocolVersion"]
        sieved += len(schemas.types_of_size(protocol_version, len(data)))
        decoded += len(sieved_types(data, protocol_version, schemas))
    return sieved / len(texts), decoded / len(texts)


def _serving(schemas: Schemas, texts: list[str]) -> float:
    """How many application-data types serve the messages' protocol versions, on average."""
    return sum(len(schemas.application_types(int(text[5:7], 16))) for text in texts) / len(texts)


def random_value(spec: Any, type_name: str, rng: random.Random) -> Any:
    """A value of `type_name`: what random bits (few of them set, so lengths stay small) decode to, when
    that re-encodes to itself; None when no such bits were drawn."""
    for _ in range(20):
        bits = bytes(rng.getrandbits(8) & rng.getrandbits(8) & rng.getrandbits(8) for _ in range(RANDOM_BYTES))
        try:
            value = spec.decode(type_name, bits)
            if spec.decode(type_name, spec.encode(type_name, value)) == value:
                return value
        except Exception:  # noqa: BLE001, S112 (random bits often do not decode; try others)
            continue
    return None


@dataclass(frozen=True)
class StressMessage:
    text: str
    protocol_version: int
    type_name: str
    size: int


def stress_schemas(stress_folder: Path, corpus_schemas: Path, scratch: Path) -> Path:
    """The stress application data with the captured dispatcher bodies (which carry applicationDataLength)."""
    folder = scratch / "stress"
    for version_folder in sorted(path for path in stress_folder.iterdir() if path.is_dir()):
        (folder / version_folder.name).mkdir(parents=True)
        shutil.copy(version_folder / APPLICATION_DATA_FILE, folder / version_folder.name / APPLICATION_DATA_FILE)
    for version in STRESS_VERSIONS:
        shutil.copy(corpus_schemas / version / BODY_FILE, folder / version / BODY_FILE)
    return folder


def stress_messages(
    schemas: Schemas, corpus: Path, corpus_schemas: Schemas, per_version: int
) -> tuple[list[StressMessage], Catalog]:
    """Messages of random values of `per_version` types of each version, under applicationIDs no catalog
    knows, and a catalog that names each message's type."""
    rng = random.Random(20240501)
    envelopes = {
        decoded.header["protocolVersion"]: decoded
        for decoded in (decode_message(payload.text, corpus_schemas) for payload in captured_payloads(corpus))
        if decoded.application_data_type
    }
    messages: list[StressMessage] = []
    entries: list[CatalogEntry] = []
    for protocol_version, envelope in sorted(envelopes.items()):
        version = f"v{protocol_version >> 4}_{protocol_version & 0xF}"
        spec = schemas.module(version, APPLICATION_DATA_FILE)
        names = sorted(spec.types)
        for name in names[:: max(1, len(names) // per_version)][:per_version]:
            value = random_value(spec, name, rng)
            application_id = f"{len(messages):03X}"
            body = {**envelope.body, "applicationID": application_id}
            try:
                text = encode_with_lengths(
                    envelope.framing, envelope.header, envelope.reserved, body, name, value, schemas
                ).text
            except WireError:  # no value drawn, or one outside the constraints the decoder does not check
                continue
            size = len(spec.encode(name, value))
            messages.append(StressMessage(text, protocol_version, name, size))
            key = message_key(application_id, body["messageID"], body["applicationDataProtocolVersion"])
            entries.append(CatalogEntry(*key, name, "bench", f"bench entry {len(entries) + 1}"))
    return messages, Catalog(tuple(entries))


def stress_section(
    stress_folder: Path, corpus: Path, corpus_folder: Path, scratch: Path, per_version: int, rounds: int
) -> list[str]:
    schemas = Schemas(stress_schemas(stress_folder, corpus_folder, scratch))
    schemas.compile_all()
    messages, catalog = stress_messages(schemas, corpus, Schemas(corpus_folder), per_version)
    types = sum(len(schemas.module(version, APPLICATION_DATA_FILE).types) for version in schemas.versions)
    serving = [len(schemas.application_types(message.protocol_version)) for message in messages]
    inferred = [decode_message(message.text, schemas, catalog=Catalog()).identification for message in messages]
    texts = [message.text for message in messages]
    sieved, decoded = _tried(schemas, texts)
    rates = interleaved(
        {
            "catalog": (lambda text: decode_message(text, schemas, catalog=catalog), texts),
            "inferred": (lambda text: decode_message(text, schemas, catalog=Catalog()), texts),
        },
        rounds,
    )
    right = sum(result.type_name == message.type_name for result, message in zip(inferred, messages))
    choices = {choice: sum(result.choice == choice for result in inferred) for choice in ("inferred", "ambiguous")}
    return [
        (
            f"identification on the stress schemas: {types:,} application-data types in {len(schemas.versions)} versions;"
            f" {len(messages)} messages of random values of as many types ({', '.join(STRESS_VERSIONS)})"
        ),
        f"  {'identified by':<14} {'msgs/s':>8}  {'÷ catalog':>9}  types per message",
        f"  {'catalog':<14} {rates['catalog']:>8,.0f}  {1:>8.2f}×  1",
        (
            f"  {'inference':<14} {rates['inferred']:>8,.0f}  {rates['catalog'] / rates['inferred']:>8.2f}×"
            f"  {sieved:.1f} counted by the sieve, {decoded:.1f} decoded, on average of the"
            f" {sum(serving) / len(serving):.0f} types serving the protocol version (the others cannot take the length)"
        ),
        (
            f"  inference named the type sent for {right} of {len(messages)};"
            f" {choices['inferred']} inferred, {choices['ambiguous']} ambiguous (a look-alike fits too)"
        ),
    ]


def decode_section(stress_folder: Path, scratch: Path, small: bool) -> list[str]:
    """Both parts, with the schemas extracted from the corpus's conformance APK; a line when there is no corpus."""
    from extractor.schema.output import write_folder
    from tests.conformance.check import extract_fixture
    from tests.conformance.fixture import build_fixture
    from tests.corpus import MANIFEST, corpus_path

    corpus = corpus_path()
    if not (corpus / MANIFEST).is_file():
        return [f"decode: no corpus at {corpus} (set SAIC_CORPUS to its folder)"]
    corpus_folder = scratch / "corpus-schemas"
    write_folder(corpus_folder, extract_fixture(build_fixture(corpus)).files)
    rounds, per_version = (1, 4) if small else (20, 40)
    return [
        *captured_section(corpus, corpus_folder, scratch, rounds),
        "",
        *stress_section(stress_folder, corpus, corpus_folder, scratch, per_version, max(1, rounds // 4)),
    ]
