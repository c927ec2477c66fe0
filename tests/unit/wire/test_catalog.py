"""The message catalog: the built-in table is sourced, a user's file is checked and merged over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.errors import InputError
from extractor.wire.catalog_file import catalog_with, read_catalog
from extractor.wire.runtime.catalog import CatalogEntry, built_in_catalog, message_key, parse_catalog
from extractor.wire.runtime.errors import WireError

ENTRY = {
    "applicationID": "5d6",
    "messageID": 2,
    "applicationDataProtocolVersion": 513,
    "type": "MyAttributeResp",
    "source": "my capture 2024-05-01 5D6 response",
}


def write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "mine.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_every_built_in_entry_names_its_source_and_direction():
    """A capture (`.per`) or the public client function that sends or expects the message (saic_api.py)."""
    entries = built_in_catalog().entries
    assert entries and all(
        (".per" in entry.source or "saic_api.py SaicApi." in entry.source)
        and entry.origin.startswith("built-in catalog entry")
        and entry.direction == ("request" if entry.type_name.endswith("Req") else "response")
        for entry in entries
    )
    assert len({entry.key for entry in entries}) == len(entries)


def test_the_built_in_catalog_holds_every_pair_saic_api_sends_and_expects():
    """saic-ismart-client 1.7.2's saic_api.py: each request it sends with application data, and each answer
    it decodes as a type (read from the source: SaicApi.login … __change_message_status)."""
    pairs = {
        (entry.application_id, entry.message_id, entry.protocol_version): entry for entry in built_in_catalog().entries
    }
    sent = {
        ("501", 1, 513): "MPUserLoggingInReq",
        ("521", 1, 513): "AlarmSwitchReq",
        ("531", 1, 513): "MessageListReq",
        ("615", 1, 513): "AbortSendMessageReq",
        ("511", 1, 25857): "OTARVMVehicleStatusReq",
        ("510", 1, 25857): "OTARVCReq",
        ("516", 1, 768): "OTAChrgRsvanReq",
        ("516", 3, 768): "OTAChrgSetngReq",
        ("516", 7, 768): "OTAChrgCtrlReq",
        ("516", 9, 768): "OTAChrgHeatReq",
    }
    expected = {
        "MPUserLoggingInResp",
        "MessageListResp",
        "OTARVMVehicleStatusResp25857",
        "OTARVCStatus25857",
        "OTAChrgMangDataResp",
        "OTAChrgRsvanResp",
        "OTAChrgSetngResp",
        "OTAChrgCtrlStsResp",
        "OTAChrgHeatResp",
    }
    assert {key: pairs[key].type_name for key in sent} == sent
    assert all("saic_api.py" in pairs[key].source for key in sent)
    answers = {entry.type_name: entry for entry in built_in_catalog().entries if entry.direction == "response"}
    assert expected <= answers.keys() and all("saic_api.py" in answers[name].source for name in expected)


def test_a_user_entry_wins_over_the_built_in_one_for_the_same_message(tmp_path):
    merged = catalog_with(write(tmp_path, {"messages": [ENTRY]}))
    chosen = merged.lookup(message_key("5D6", 2, 513))
    assert chosen is not None
    assert chosen.type_name == "MyAttributeResp" and chosen.origin == f"{tmp_path / 'mine.json'} entry 1"
    assert len(merged.entries) == len(built_in_catalog().entries)
    assert merged.without(message_key("5D6", 2, 513)).lookup(message_key("5D6", 2, 513)) is None
    assert catalog_with(None) == built_in_catalog()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not JSON"),
        ({"entries": []}, "not a message catalog"),
        ({"messages": ["x"]}, "entry 1: not an object"),
        ({"messages": [{**ENTRY, "messageID": "2"}]}, r"entry 1: messageID must be an integer 0..255 \('2'\)"),
        ({"messages": [{**ENTRY, "messageID": 256}]}, "entry 1: messageID must be an integer 0..255"),
        ({"messages": [{**ENTRY, "messageID": True}]}, "entry 1: messageID must be an integer"),
        (
            {"messages": [ENTRY, {**ENTRY, "applicationID": "5D60"}]},
            "entry 2: applicationID must be a string of 3 characters",
        ),
        (
            {"messages": [{key: value for key, value in ENTRY.items() if key != "source"}]},
            r"entry 1: source must be .* \(missing\)",
        ),
        ({"messages": [{**ENTRY, "typo": 1}]}, "entry 1: unknown field 'typo'"),
        (
            {"messages": [ENTRY, {**ENTRY, "applicationID": "5D6"}]},
            "entry 2 repeats the message of .*mine.json entry 1",
        ),
    ],
    ids=[
        "not-json",
        "no-messages",
        "not-object",
        "string-id",
        "out-of-range",
        "boolean",
        "long-id",
        "no-source",
        "unknown",
        "repeat",
    ],
)
def test_a_bad_catalog_file_is_one_error_naming_the_file_and_entry(tmp_path, document, message):
    path = write(tmp_path, document)
    with pytest.raises(InputError, match=message) as raised:
        read_catalog(path)
    assert raised.value.message.startswith(str(path)) and "\n" not in raised.value.message


def test_an_unreadable_catalog_file(tmp_path):
    with pytest.raises(InputError, match="missing.json: cannot read catalog"):
        read_catalog(tmp_path / "missing.json")


def test_an_entry_keeps_what_it_says_and_its_direction():
    catalog = parse_catalog(json.dumps({"messages": [{**ENTRY, "direction": "response"}]}), "mine.json", "mine.json")
    assert catalog.entries == (
        CatalogEntry(
            application_id="5d6",
            message_id=2,
            protocol_version=513,
            type_name="MyAttributeResp",
            source="my capture 2024-05-01 5D6 response",
            origin="mine.json entry 1",
            direction="response",
        ),
    )
    # applicationID is hex text: 5d6 and 5D6 are one message.
    assert catalog.lookup(("5D6", 2, 513)) is catalog.entries[0]
    assert message_key("5d6", 2, 513) == ("5D6", 2, 513)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            [{**ENTRY, "direction": "sideways"}],
            "mine.json: entry 1: direction must be one of request, response ('sideways')",
        ),
        (
            [{**ENTRY, "typo": 1}],
            (
                "mine.json: entry 1: unknown field 'typo' (fields: applicationID, messageID, applicationDataProtocolVersion,"
                " type, source, direction)"
            ),
        ),
        (
            [ENTRY, {**ENTRY, "applicationID": "5D6"}],
            (
                "mine.json: entry 2 repeats the message of mine entry 1 (applicationID 5D6, messageID 2,"
                " applicationDataProtocolVersion 513)"
            ),
        ),
    ],
)
def test_a_bad_entry_is_named_in_full(entries, message):
    with pytest.raises(WireError) as raised:
        parse_catalog(json.dumps({"messages": entries}), "mine.json", "mine")
    assert str(raised.value) == message
