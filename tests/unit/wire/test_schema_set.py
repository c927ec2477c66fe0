"""The modules of an extraction output as the wire runtime finds them: which folders serve a protocolVersion,
what a module that does not parse or compile says, which types use which, and which types a payload of a
given size can hold."""

from __future__ import annotations

import asn1tools
import pytest

from extractor.errors import ValidationError
from extractor.wire.runtime.errors import WireError
from extractor.wire.schemas import Schemas

BODY = """MPDispatcherBodyModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
MPDispatcherBody ::= SEQUENCE { messageID INTEGER(0..255) }
END
"""
# Bits by hand (X.691): BOOLEAN 1, NULL 0, INTEGER(0..255) 8, (0..511) 9, (0..65535) 16, (0..131071) 17,
# an unconstrained INTEGER a length octet and at least one more.
SIZES = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Flag ::= BOOLEAN
Nothing ::= NULL
Eight ::= INTEGER(0..255)
Nine ::= INTEGER(0..511)
Sixteen ::= INTEGER(0..65535)
Seventeen ::= INTEGER(0..131071)
Count ::= INTEGER
Base ::= SEQUENCE { x Eight }
Comp ::= SEQUENCE { COMPONENTS OF Base, y Flag }
END
"""
OLDER = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Holder ::= SEQUENCE { part Part }
Part ::= SEQUENCE { n INTEGER(0..7) }
END
"""


def write(folder, version: str, file_name: str, text: str) -> None:
    (folder / version).mkdir(exist_ok=True)
    (folder / version / file_name).write_text(text, encoding="utf-8")


@pytest.fixture
def schemas(tmp_path):
    """v1_1 with Holder and Part; v1_2 with only a dispatcher body; v2_1 with SIZES."""
    write(tmp_path, "v1_1", "ApplicationData.asn1", OLDER)
    write(tmp_path, "v1_1", "MP_DispatcherBody.asn1", BODY)
    write(tmp_path, "v1_2", "MP_DispatcherBody.asn1", BODY)
    write(tmp_path, "v2_1", "ApplicationData.asn1", SIZES)
    return Schemas(tmp_path)


def test_a_protocol_version_is_served_by_its_folder_and_the_lower_minors(schemas):
    # 0x11 is v1_1 alone; 0x12 is v1_2, then v1_1; 0x13 has no v1_3 but takes v1_2 and v1_1.
    assert schemas.candidate_versions(0x11) == ["v1_1"]
    assert schemas.candidate_versions(0x12) == ["v1_2", "v1_1"]
    assert schemas.candidate_versions(0x13) == ["v1_2", "v1_1"]
    assert schemas.find(0x12, "ApplicationData.asn1", "Holder")[0] == "v1_1"
    assert schemas.find(0x12, "MP_DispatcherBody.asn1", "MPDispatcherBody")[0] == "v1_2"


def test_a_protocol_version_without_a_folder_names_what_there_is(schemas, tmp_path):
    with pytest.raises(WireError) as raised:
        schemas.candidate_versions(0x31)
    assert str(raised.value) == (
        f"protocolVersion 49 (0x31) needs schemas v3_1, which {tmp_path} does not have (it has v1_1, v1_2, v2_1)"
    )


def test_a_type_no_serving_folder_has_is_named_with_the_folders_looked_in(schemas, tmp_path):
    with pytest.raises(WireError) as raised:
        schemas.find(0x12, "ApplicationData.asn1", "Flag")
    assert str(raised.value) == (
        f"type Flag is not in ApplicationData.asn1 of {tmp_path} (v1_2, v1_1) for protocolVersion 18:"
        " these schemas lack it"
    )


def test_a_folder_without_the_module_has_none(schemas, tmp_path):
    assert schemas.parsed("v1_2", "ApplicationData.asn1") is None
    assert schemas.module("v1_2", "ApplicationData.asn1") is None
    with pytest.raises(WireError) as raised:
        schemas.type_definitions("v1_2", "ApplicationData.asn1")
    assert str(raised.value) == f"{tmp_path} has no v1_2/ApplicationData.asn1"


def test_types_used_as_components_are_found_past_a_folder_without_application_data(schemas):
    # v1_2 has no ApplicationData.asn1: v1_1's Holder still makes Part a component for 0x12.
    assert schemas.component_users(0x12) == {"Part": ("Holder",)}
    assert schemas.application_types(0x12) == [("v1_1", "Holder"), ("v1_1", "Part")]
    # COMPONENTS OF names no `type`: Comp uses none of the types by reference.
    assert schemas.component_users(0x21) == {"Eight": ("Base",), "Flag": ("Comp",)}


def test_the_parsed_form_is_kept_as_asn1tools_parses_it_after_compiling(schemas):
    schemas.module("v2_1", "ApplicationData.asn1")
    assert (
        schemas.type_definitions("v2_1", "ApplicationData.asn1")
        == asn1tools.parse_string(SIZES)["ApplicationDataModule"]["types"]
    )


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        # One byte holds 0 to 8 bits (an empty encoding still takes a byte).
        (1, ["Eight", "Flag", "Nothing"]),
        # Two bytes hold 9 to 16 bits.
        (2, ["Count", "Nine", "Sixteen"]),
        # Three bytes hold 17 to 24 bits.
        (3, ["Count", "Seventeen"]),
    ],
)
def test_only_the_types_whose_encodings_can_take_the_size_are_decoded(schemas, size, expected):
    # Base and Comp are not worked out exactly: Base is 8 bits, Comp is left unbounded (COMPONENTS OF).
    found = schemas.types_of_size(0x21, size)
    assert {version for version, _ in found} == {"v2_1"}
    assert sorted(name for _, name in found if name not in ("Base", "Comp")) == expected


def test_a_module_that_does_not_parse_is_one_error_naming_it(tmp_path):
    write(tmp_path, "v1_1", "ApplicationData.asn1", "ApplicationDataModule DEFINITIONS ::= BEGIN A ::= END")
    with pytest.raises(ValidationError) as raised:
        Schemas(tmp_path).module("v1_1", "ApplicationData.asn1")
    message = str(raised.value)
    assert message.startswith("v1_1/ApplicationData.asn1: does not parse with asn1tools: ")
    assert "None" not in message and "\n" not in message


def test_a_module_that_does_not_compile_is_one_error_naming_it(tmp_path):
    write(tmp_path, "v1_1", "ApplicationData.asn1", "M DEFINITIONS ::= BEGIN A ::= Missing END")
    with pytest.raises(ValidationError) as raised:
        Schemas(tmp_path).module("v1_1", "ApplicationData.asn1")
    assert (
        str(raised.value)
        == "v1_1/ApplicationData.asn1: does not compile with asn1tools (uper): Type 'Missing' not found in module 'M'."
    )


def test_compile_all_compiles_every_module_now(tmp_path):
    write(tmp_path, "v1_1", "MP_DispatcherBody.asn1", BODY)
    write(tmp_path, "v1_1", "ApplicationData.asn1", "M DEFINITIONS ::= BEGIN A ::= Missing END")
    with pytest.raises(ValidationError, match=r"^v1_1/ApplicationData\.asn1: does not compile"):
        Schemas(tmp_path).compile_all()
