"""Which types inference decodes and keeps: the sieve sets aside the types whose bits cannot end in the last
byte with zero padding, every other type is decoded in turn, and only a byte-for-byte round trip keeps one."""

from __future__ import annotations

import pytest

from extractor.wire.runtime.catalog import Catalog
from extractor.wire.runtime.errors import WireError
from extractor.wire.runtime.identify import identify, sieved_types
from extractor.wire.schemas import Schemas
from tests.unit.wire.folders import application_data_schemas

PROTOCOL_VERSION = 0x11
# Names sort in the order inference tries them. AlphaReq is extensible: with its extension bit set the sieve
# cannot count it, so it is decoded. ChoiceReq's 2-bit index 3 names no alternative.
MODULE = """
ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
AlphaReq ::= SEQUENCE { code INTEGER(0..127), ... }
BetaReq ::= SEQUENCE { code INTEGER(0..65535) }
ChoiceReq ::= CHOICE { a NULL, b NULL, c INTEGER(0..63) }
CountReq ::= SEQUENCE { count INTEGER(0..255) }
Level22 ::= SEQUENCE { level INTEGER(0..4194303) }
Level23 ::= SEQUENCE { level INTEGER(0..8388607) }
Level24 ::= SEQUENCE { level INTEGER(0..16777215) }
MileageA ::= SEQUENCE { mileage INTEGER(0..4294967295) }
MileageB ::= SEQUENCE { mileage INTEGER(0..4294967295) }
MileageC ::= SEQUENCE { mileage INTEGER(0..4294967295) }
END
"""


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    return application_data_schemas(tmp_path_factory.mktemp("schemas"), MODULE)


BODY = {"applicationID": "999", "messageID": 1, "applicationDataProtocolVersion": 513}


def candidates(schemas: Schemas, data: bytes) -> list[str]:
    return [
        ranked.candidate.type_name for ranked in identify(BODY, data, PROTOCOL_VERSION, schemas, Catalog()).candidates
    ]


@pytest.mark.parametrize(
    ("data", "passed"),
    [
        # 0xC5 = 11 000101: ChoiceReq's index 3 does not exist; AlphaReq's extension bit is set (uncounted).
        (bytes([0xC5]), ["AlphaReq", "CountReq"]),
        # 0x01 = 00 000001: ChoiceReq's alternative a ends after 2 bits and leaves a one as padding.
        (bytes([0x01]), ["AlphaReq", "CountReq"]),
        # 0x00: alternative a again, its padding zero.
        (bytes([0x00]), ["AlphaReq", "ChoiceReq", "CountReq"]),
        # 0x80: 10 000000 is alternative c, 6 bits of value: 8 bits, as CountReq.
        (bytes([0x80]), ["AlphaReq", "ChoiceReq", "CountReq"]),
    ],
)
def test_the_sieve_sets_aside_the_types_that_cannot_end_in_the_last_byte(schemas, data, passed):
    assert sieved_types(data, PROTOCOL_VERSION, schemas) == [("v1_1", name) for name in passed]


def test_a_type_that_does_not_fit_leaves_the_next_types_to_be_tried(schemas):
    # AlphaReq's extension bit asks for more bits than the byte has; ChoiceReq has no index 3.
    assert candidates(schemas, bytes([0xC5])) == ["CountReq"]


def test_a_type_that_decodes_but_does_not_re_encode_to_the_bytes_is_not_a_candidate(schemas):
    # 1 0000101 0 000000 0: AlphaReq with its extension bit set and an extension bitmap of one absent
    # addition decodes all 16 bits as {code: 5}, which encodes to the one byte 0x05.
    assert candidates(schemas, bytes([0x85, 0x00])) == ["BetaReq"]


def test_a_given_type_that_does_not_decode_gives_the_decoders_reason(schemas):
    with pytest.raises(WireError, match=r"^application data does not decode as AlphaReq \(--type\): .*out of data"):
        identify(BODY, bytes([0x85]), PROTOCOL_VERSION, schemas, Catalog(), "AlphaReq")


def test_every_type_tied_with_the_first_is_named(schemas):
    result = identify(BODY, bytes([1, 2, 3, 4]), PROTOCOL_VERSION, schemas, Catalog())
    assert result.reason == "MileageA ties with MileageB, MileageC on every rule; choose with --type"


def test_every_type_that_fits_as_well_as_the_first_is_named(schemas):
    # 0x010204 ends in two zero bits: Level24 reads all 24 bits, Level23 leaves 1 and Level22 2 as padding.
    result = identify(BODY, bytes([1, 2, 4]), PROTOCOL_VERSION, schemas, Catalog())
    assert result.reason == (
        "Level23, Level22 fit as well; Level24 is first, decided by unused bits over Level23: "
        "root; name says no direction; 0 unused bits; choose with --type"
    )
