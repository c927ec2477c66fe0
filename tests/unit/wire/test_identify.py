"""Identification of the application-data type on hand-written schemas, with the catalog off unless a
test is about the catalog: each rule on its own, the order of the rules, ambiguity and confidence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.wire.runtime.catalog import Catalog, CatalogEntry
from extractor.wire.runtime.errors import WireError
from extractor.wire.runtime.identify import _names_protocol_version, identify, message_direction, name_direction
from extractor.wire.schemas import Schemas
from tests.unit.wire.folders import application_data_schemas

PROTOCOL_VERSION = 0x11
# Each pair or group decodes payloads of one size: 1 byte Count/Flags, 2 Status, 3 Locate/Position,
# 4 VehicleInfo, 5 the twins, 6 a Serial alone, 8 the charge pair.
MODULE = """
ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
CountReq ::= SEQUENCE { count INTEGER(0..255) }
FlagsReq ::= SEQUENCE { first BOOLEAN OPTIONAL, second BOOLEAN OPTIONAL }
StatusReq ::= SEQUENCE { code INTEGER(0..65535) }
StatusResp ::= SEQUENCE { code INTEGER(0..65535) }
Position ::= SEQUENCE { latitude INTEGER(0..4095), longitude INTEGER(0..4095) }
LocateReq ::= SEQUENCE { position Position }
VehicleInfo ::= SEQUENCE { mileage INTEGER(0..4294967295) }
VehicleInfo25857 ::= SEQUENCE { mileage INTEGER(0..4294967295) }
TwinAReq ::= SEQUENCE { a INTEGER(0..1023), b INTEGER(0..1073741823) }
TwinBReq ::= SEQUENCE { a INTEGER(0..1073741823), b INTEGER(0..1023) }
Serial ::= SEQUENCE { number INTEGER(0..281474976710655) }
SerialListResp ::= SEQUENCE { serials SEQUENCE SIZE(2..3) OF Serial }
ChargeStatus ::= SEQUENCE { level INTEGER(0..4294967295), range INTEGER(0..4294967295) }
ChargeResp ::= SEQUENCE { level INTEGER(0..4294967295), range INTEGER(0..4294967295) }
END
"""


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    return application_data_schemas(tmp_path_factory.mktemp("schemas"), MODULE)


def request(application_data_protocol_version: int = 513) -> dict:
    return {"applicationID": "999", "messageID": 1, "applicationDataProtocolVersion": application_data_protocol_version}


def response(application_data_protocol_version: int = 513) -> dict:
    return {**request(application_data_protocol_version), "messageID": 2, "result": 0}


def inferred(schemas: Schemas, body: dict, data: bytes):
    return identify(body, data, PROTOCOL_VERSION, schemas, Catalog())


def names(identification) -> list[str]:
    return [ranked.candidate.type_name for ranked in identification.candidates]


def test_a_root_beats_the_component_it_contains(schemas):
    result = inferred(schemas, request(), bytes([0x12, 0x34, 0x56]))
    assert (result.type_name, result.choice, result.rule, result.confidence) == (
        "LocateReq",
        "inferred",
        "root",
        "high",
    )
    assert result.value == {"position": {"latitude": 0x123, "longitude": 0x456}}
    position = next(ranked for ranked in result.candidates if ranked.candidate.type_name == "Position")
    assert position.candidate.used_by == ("LocateReq",) and "component of LocateReq" in position.reason


def test_the_direction_of_the_message_picks_request_or_response(schemas):
    data = bytes([0x01, 0x02])
    assert inferred(schemas, request(), data).type_name == "StatusReq"
    answer = inferred(schemas, response(), data)
    assert (answer.type_name, answer.rule, answer.message_direction) == ("StatusResp", "direction", "response")
    assert names(answer)[:2] == ["StatusResp", "StatusReq"]


def test_a_name_without_a_direction_is_no_evidence_against_a_type(schemas):
    data = bytes(range(1, 9))
    in_a_response = inferred(schemas, response(), data)
    assert in_a_response.choice == "ambiguous" and set(names(in_a_response)) == {"ChargeStatus", "ChargeResp"}
    in_a_request = inferred(schemas, request(), data)
    assert (in_a_request.type_name, in_a_request.rule) == ("ChargeStatus", "direction")


def test_a_name_ending_in_the_data_protocol_version_is_that_revision(schemas):
    data = bytes([1, 2, 3, 4])
    chosen = inferred(schemas, response(25857), data)
    # Both fit a response: the name ranks VehicleInfo25857 first, but that is a guess the output says is one.
    assert (chosen.type_name, chosen.choice, chosen.rule, chosen.confidence) == (
        "VehicleInfo25857",
        "ambiguous",
        "protocol version in name",
        "medium",
    )
    assert chosen.reason.startswith("VehicleInfo fit as well; VehicleInfo25857 is first, decided by protocol version")


def test_without_the_version_in_the_body_two_equal_types_are_ambiguous(schemas):
    result = inferred(schemas, response(513), bytes([1, 2, 3, 4]))
    assert result.choice == "ambiguous" and result.confidence == "low" and result.rule is None
    assert set(names(result)[:2]) == {"VehicleInfo", "VehicleInfo25857"}
    assert "ties with" in result.reason and "--type" in result.reason


def test_the_type_that_reads_every_bit_beats_one_that_leaves_padding(schemas):
    result = inferred(schemas, request(), bytes([0]))
    assert (result.type_name, result.choice, result.rule, result.confidence) == (
        "CountReq",
        "ambiguous",
        "unused bits",
        "medium",
    )
    flags = next(ranked.candidate for ranked in result.candidates if ranked.candidate.type_name == "FlagsReq")
    assert flags.unused_bits == 6


def test_types_with_the_same_encoding_are_ambiguous_not_picked_silently(schemas):
    result = inferred(schemas, request(), bytes([0xAB, 0xCD, 0xEF, 0x01, 0x23]))
    assert result.choice == "ambiguous" and set(names(result)[:2]) == {"TwinAReq", "TwinBReq"}


def test_a_lone_component_is_chosen_with_low_confidence(schemas):
    result = inferred(schemas, response(), bytes(range(6)))
    assert (result.type_name, result.choice, result.rule, result.confidence) == (
        "Serial",
        "inferred",
        "only candidate",
        "low",
    )


def test_no_type_decodes_the_bytes(schemas):
    with pytest.raises(WireError, match="no application-data type of protocolVersion 17 decodes these 7 bytes"):
        inferred(schemas, request(), bytes(7))


def test_the_catalog_wins_over_inference_and_type_over_the_catalog(schemas):
    entry = CatalogEntry("999", 1, 513, "TwinBReq", "capture x.hex", "mine.json entry 1")
    twins = bytes([0xAB, 0xCD, 0xEF, 0x01, 0x23])
    result = identify(request(), twins, PROTOCOL_VERSION, schemas, Catalog((entry,)))
    assert (result.type_name, result.choice, result.confidence) == ("TwinBReq", "catalog", "high")
    assert result.reason == "mine.json entry 1: capture x.hex" and result.candidates == ()
    given_type = identify(request(), twins, PROTOCOL_VERSION, schemas, Catalog((entry,)), "TwinAReq")
    assert (given_type.type_name, given_type.choice, given_type.confidence) == ("TwinAReq", "--type", None)


def test_a_catalog_entry_whose_type_does_not_fit_names_the_entry(schemas):
    entry = CatalogEntry("999", 1, 513, "CountReq", "capture x.hex", "mine.json entry 3")
    with pytest.raises(WireError, match=r"CountReq \(mine.json entry 3\) uses 1"):
        identify(request(), bytes([1, 2]), PROTOCOL_VERSION, schemas, Catalog((entry,)))
    missing = CatalogEntry("999", 1, 513, "NoSuchReq", "capture x.hex", "mine.json entry 4")
    with pytest.raises(WireError, match=r"type NoSuchReq is not in .* \(mine.json entry 4\)"):
        identify(request(), bytes([1, 2]), PROTOCOL_VERSION, schemas, Catalog((missing,)))


def test_no_application_data(schemas):
    result = identify(response(), b"", PROTOCOL_VERSION, schemas, Catalog())
    assert (result.type_name, result.choice, result.message_direction) == (None, "none", "response")


@pytest.mark.parametrize(
    ("type_name", "direction"),
    [
        ("MPUserLoggingInReq", "request"),
        ("OTARVMVehicleStatusResp25857", "response"),
        ("GetVehicleRequest", "request"),
        ("AlarmSwitch", None),
        ("RequestLog", None),
        ("OTARVCStatus25857", None),
    ],
)
def test_name_direction(type_name, direction):
    assert name_direction(type_name) == direction


def test_result_marks_a_response():
    assert message_direction({"result": 15011, "errorMessage": b"x"}) == "response"
    assert message_direction({"result": 0}) == "response"
    assert message_direction({"messageID": 2}) == "request"


@settings(max_examples=40, deadline=None)
@given(latitude=st.integers(0, 4095), longitude=st.integers(0, 4095))
def test_any_position_in_a_request_is_the_request(schemas, latitude, longitude):
    result = inferred(schemas, request(), (latitude << 12 | longitude).to_bytes(3, "big"))
    assert result.type_name == "LocateReq" and result.value["position"] == {
        "latitude": latitude,
        "longitude": longitude,
    }


def fitting(identification) -> list[str]:
    """The candidates that look like the message: roots whose names do not say the other direction."""
    return [ranked.candidate.type_name for ranked in identification.candidates if ranked.candidate.fits]


@settings(max_examples=200, deadline=None)
@given(data=st.binary(min_size=1, max_size=8), is_response=st.booleans(), version=st.sampled_from([513, 25857]))
def test_a_type_is_inferred_only_when_no_other_type_fits_the_message(schemas, data, is_response, version):
    """S1: where the catalog does not decide and more than one type fits, the message is ambiguous and lists
    them; `inferred` means the bytes, root and direction left one type."""
    body = response(version) if is_response else request(version)
    try:
        result = inferred(schemas, body, data)
    except WireError:
        return
    if len(fitting(result)) > 1:
        assert result.choice == "ambiguous" and set(fitting(result)) <= set(names(result))
        assert all(name in result.reason for name in fitting(result)[1:])
    if result.choice == "inferred":
        assert len(fitting(result)) <= 1 and result.rule in ("only candidate", "root", "direction")


@pytest.mark.parametrize(
    ("type_name", "data_protocol_version", "named"),
    [
        ("OTARVMVehicleStatusResp25857", 25857, True),
        # A longer number that ends in the version is another number.
        ("OTARVMVehicleStatusResp125857", 25857, False),
        ("OTARVMVehicleStatusResp2585", 25857, False),
        ("OTARVMVehicleStatusResp", 25857, False),
        ("VehicleInfo25857", None, False),
        ("Status0", 0, True),
        ("Status10", 0, False),
        ("25857", 25857, True),
    ],
)
def test_a_name_ends_in_the_data_protocol_version(type_name, data_protocol_version, named):
    assert _names_protocol_version(type_name, data_protocol_version) is named


def test_each_candidate_says_its_evidence_and_what_ranks_it_below_the_one_above(schemas):
    answer = inferred(schemas, response(), bytes([0x01, 0x02]))
    evidence = "root; named a response like the message; 0 unused bits"
    assert (answer.value, answer.confidence) == ({"code": 0x0102}, "high")
    assert answer.reason == f"decided by direction over StatusReq: {evidence}"
    assert [(ranked.rank, ranked.reason) for ranked in answer.candidates] == [
        (1, evidence),
        (2, "root; named a request but the message is a response; 0 unused bits; below StatusResp by direction"),
    ]


def test_a_candidate_in_json_says_what_each_rule_saw(schemas):
    result = inferred(schemas, request(), bytes([0x12, 0x34, 0x56]))
    assert [ranked.to_json() for ranked in result.candidates] == [
        {
            "rank": 1,
            "type": "LocateReq",
            "schemaVersion": "v1_1",
            "root": True,
            "usedBy": [],
            "nameDirection": "request",
            "namesProtocolVersion": False,
            "unusedBits": 0,
            "reason": "root; named a request like the message; 0 unused bits",
        },
        {
            "rank": 2,
            "type": "Position",
            "schemaVersion": "v1_1",
            "root": False,
            "usedBy": ["LocateReq"],
            "nameDirection": None,
            "namesProtocolVersion": False,
            "unusedBits": 0,
            "reason": "component of LocateReq; name says no direction; 0 unused bits; below LocateReq by root",
        },
    ]
    version_named = inferred(schemas, response(25857), bytes([1, 2, 3, 4])).candidates[0].to_json()
    assert (version_named["type"], version_named["namesProtocolVersion"]) == ("VehicleInfo25857", True)


def test_a_tie_names_the_tied_types_and_still_decodes_the_first(schemas):
    result = inferred(schemas, response(513), bytes([1, 2, 3, 4]))
    assert (result.type_name, result.value, result.message_direction) == (
        "VehicleInfo",
        {"mileage": 0x01020304},
        "response",
    )
    assert result.reason == "VehicleInfo ties with VehicleInfo25857 on every rule; choose with --type"
    assert [(ranked.rank, ranked.reason) for ranked in result.candidates] == [
        (1, "root; name says no direction; 0 unused bits"),
        (2, "root; name says no direction; 0 unused bits; ties with VehicleInfo"),
    ]


def test_a_guess_by_a_weak_rule_gives_the_first_candidates_evidence(schemas):
    chosen = inferred(schemas, response(25857), bytes([1, 2, 3, 4]))
    assert chosen.reason == (
        "VehicleInfo fit as well; VehicleInfo25857 is first, decided by protocol version in name over VehicleInfo: "
        "root; name says no direction; name ends in the applicationDataProtocolVersion; 0 unused bits; "
        "choose with --type"
    )


def test_a_guess_between_types_named_for_the_other_direction_has_low_confidence(schemas):
    # Both requests decode a 1-byte response: CountReq reads all 8 bits, FlagsReq its 2 presence bits.
    result = inferred(schemas, response(), bytes([0]))
    assert (result.type_name, result.value, result.choice, result.rule, result.confidence) == (
        "CountReq",
        {"count": 0},
        "ambiguous",
        "unused bits",
        "low",
    )
    assert result.message_direction == "response"
    assert result.reason == (
        "FlagsReq fit as well; CountReq is first, decided by unused bits over FlagsReq: "
        "root; named a request but the message is a response; 0 unused bits; choose with --type"
    )


def test_the_catalog_and_a_given_type_decode_the_value_and_keep_the_direction(schemas):
    twins = bytes([0xAB, 0xCD, 0xEF, 0x01, 0x23])
    entry = CatalogEntry("999", 1, 513, "TwinBReq", "capture x.hex", "mine.json entry 1")
    # TwinBReq: a is the first 30 bits (0xABCDEF and six zeros), b the last 10 (0b01_0010_0011).
    from_catalog = identify(request(), twins, PROTOCOL_VERSION, schemas, Catalog((entry,)))
    assert (from_catalog.value, from_catalog.message_direction) == ({"a": 0xABCDEF << 6, "b": 0x123}, "request")
    # TwinAReq: a is the first 10 bits (0b10_1010_1111), b the last 30 (0x0DEF0123).
    given = identify(response(), twins, PROTOCOL_VERSION, schemas, Catalog(), "TwinAReq")
    assert (given.value, given.reason, given.message_direction) == (
        {"a": 0x2AF, "b": 0x0DEF0123},
        "given with --type",
        "response",
    )


@pytest.mark.parametrize("given_by", ["--type", "expect"])
def test_a_given_type_that_does_not_fit_names_who_gave_it(schemas, given_by):
    with pytest.raises(WireError, match=rf"^application data is 2 bytes but CountReq \({given_by}\) uses 1$"):
        identify(request(), bytes([1, 2]), PROTOCOL_VERSION, schemas, Catalog(), "CountReq", given_by)


def test_padding_bits_must_be_zero_in_the_last_byte(schemas):
    # SerialListResp with two serials: 1 count bit and 2 × 48 bits, 97 bits in 13 bytes, 7 bits of padding.
    # The data's last bit is the first of the last byte: serial 2 is 1; the seven bits after it are padding.
    given = identify(request(), bytes(12) + bytes([0x80]), PROTOCOL_VERSION, schemas, Catalog(), "SerialListResp")
    assert given.value == {"serials": [{"number": 0}, {"number": 1}]}
    with pytest.raises(WireError, match=r"^application data as SerialListResp \(--type\) has padding bits that are"):
        identify(request(), bytes(12) + bytes([0x01]), PROTOCOL_VERSION, schemas, Catalog(), "SerialListResp")


def test_no_application_data_says_so(schemas):
    assert identify(request(), b"", PROTOCOL_VERSION, schemas, Catalog()).reason == "no application data"


@pytest.mark.parametrize(("field", "entry_key"), [("messageID", (1, 513)), ("applicationDataProtocolVersion", (1, 1))])
def test_a_body_without_a_key_field_matches_no_catalog_entry(schemas, field, entry_key):
    """A body that lacks messageID or applicationDataProtocolVersion (OPTIONAL in v2.1 and v3.0) is not
    the message of an entry numbered 1: inference decides."""
    message_id, data_protocol_version = entry_key
    entry = CatalogEntry("999", message_id, data_protocol_version, "TwinBReq", "capture x.hex", "mine.json entry 1")
    body = {key: value for key, value in request(data_protocol_version).items() if key != field}
    result = identify(body, bytes([0xAB, 0xCD, 0xEF, 0x01, 0x23]), PROTOCOL_VERSION, schemas, Catalog((entry,)))
    assert result.choice == "ambiguous"
