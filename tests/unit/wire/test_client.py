"""The client API of a generated package (request, encode, decode, to_json, from_json, the catalog) run on
this runtime itself: the committed sample package, its `_runtime` taken from `extractor.wire.runtime` (the
package's copy is the same text, `tests/cli/test_generate.py` checks it), so that a change here shows here.

Expectations are worked out by hand from X.691 for the sample's v2_1 schemas."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

import asn1tools
import pytest

from extractor.wire import runtime
from extractor.wire.runtime.errors import WireError
from extractor.wire.runtime.typed import BOOLEAN, STRING, ListOf

PACKAGE = "ismart_sample"
PACKAGE_FOLDER = Path(__file__).resolve().parents[3] / "generated_schemas" / "sample" / "python"
WHEN = 1_700_000_000
# v2_1's MPDispatcherBody of the request below, by hand:
# presence of its 11 OPTIONAL components: eventID 1, uid/vin/counters/ackRequired 0, applicationDataLength,
# applicationDataEncoding, applicationDataProtocolVersion 1, result/errorMessage 0: 10000011100;
# "510" in 7 bits a character; messageID 1 in 8 bits; eventCreationTime and eventID in 31 bits each;
# applicationDataLength 1 in 16 bits; perUnaligned, the first of 3 items, in 2 bits; 25857 in 16 bits.
BODY_BITS = (
    "10000011100"
    + "0110101"
    + "0110001"
    + "0110000"
    + format(1, "08b")
    + format(WHEN, "031b")
    + format(0, "031b")
    + format(1, "016b")
    + "00"
    + format(25857, "016b")
)
# OTARVCReq: no optional component (000), findMyCar is the 4th of 4 alternatives (11), 3 of 1..5 (010).
DATA = "1A"
# v2 framing: `1`, the count of the bytes after the prefix plus 3 (3 + 16 + 17 + 1 + 3 = 40), header
# 0x21, dispatcherMessageLength 3 + 17 = 20, dispatcherBodyEncoding 0, 16 reserved zero bytes.
WIRE = "1" + "0028" + "211400" + "00" * 16 + f"{int(BODY_BITS, 2):034X}" + DATA


def forget_package() -> None:
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def sample():
    # Another test may have imported the package with its own runtime: import it again on this one.
    forget_package()
    aliases = {f"{PACKAGE}._runtime": runtime}
    for module in pkgutil.iter_modules(runtime.__path__):
        aliases[f"{PACKAGE}._runtime.{module.name}"] = importlib.import_module(f"{runtime.__name__}.{module.name}")
    sys.modules.update(aliases)
    sys.path.insert(0, str(PACKAGE_FOLDER))
    try:
        package = importlib.import_module(PACKAGE)
        assert package._CLIENT.__class__.__module__ == "extractor.wire.runtime.client"
        yield package
    finally:
        sys.path.remove(str(PACKAGE_FOLDER))
        forget_package()


def remote_control(sample, message_id=1):
    command = sample.v2_1.OTARVCReq(command=sample.v2_1.RemoteCommand(find_my_car=3))
    return sample.request(command, application_id="510", message_id=message_id, event_creation_time=WHEN)


def test_a_request_is_filled_as_the_app_fills_it_and_encodes_to_the_bits_worked_out(sample):
    assert len(BODY_BITS) == 17 * 8
    message = remote_control(sample)
    assert message.header.protocol_version == 0x21
    body = message.body
    assert (body.application_id, body.message_id, body.event_creation_time) == ("510", 1, WHEN)
    # saic-ismart-client sends 25857 with 0x21 and an eventID of 0 until the server gives one.
    assert (body.application_data_protocol_version, body.event_id) == (25857, 0)
    assert sample.encode(message) == WIRE
    # What encode computed is written back: what decoding the text reads.
    assert message.header.dispatcher_message_length == 20
    computed = (message.body.application_data_length, message.body.application_data_encoding)
    assert computed == (1, sample.v2_1.PayloadEncoding.PER_UNALIGNED)
    assert message.reserved == bytes(16)
    assert message.application_data_type == "OTARVCReq"


def test_the_wire_text_decodes_to_the_message_it_came_from(sample):
    message = remote_control(sample)
    sample.encode(message)
    for payload in (WIRE, WIRE.encode(), bytearray(WIRE.encode()), memoryview(WIRE.encode())):
        decoded = sample.decode(payload, expect=sample.v2_1.OTARVCReq)
        assert decoded == message
        assert decoded.identification.choice == "expect"
    assert sample.decode(WIRE, expect="OTARVCReq") == message


def test_to_json_is_the_decode_json_and_from_json_reads_it_back(sample):
    message = remote_control(sample)
    document = json.loads(sample.to_json(message))
    assert document["header"] == {"protocolVersion": 0x21, "dispatcherMessageLength": 20, "dispatcherBodyEncoding": 0}
    assert document["applicationDataType"] == "OTARVCReq"
    assert document["applicationData"] == {"command": {"$choice": "findMyCar", "value": 3}}
    assert document["body"]["applicationDataLength"] == 1
    again = sample.from_json(json.dumps(document))
    assert again == message
    assert json.loads(sample.to_json(again))["applicationData"] == document["applicationData"]


def test_a_decoded_message_edited_is_shown_as_edited(sample):
    message = sample.decode(WIRE, expect=sample.v2_1.OTARVCReq)
    message.application_data.command = sample.v2_1.RemoteCommand(find_my_car=5)
    document = json.loads(sample.to_json(message))
    assert document["applicationData"] == {"command": {"$choice": "findMyCar", "value": 5}}


def test_a_catalog_entry_added_at_run_time_decides(sample):
    # The built-in catalog holds 510/1/25857 (saic-ismart-client's vehicle control), not messageID 200.
    assert sample.decode(WIRE).identification.choice == "catalog"
    text = sample.encode(remote_control(sample, message_id=200))
    assert sample.decode(text).identification.choice != "catalog"
    entry = sample.catalog.add("510", 200, 25857, sample.v2_1.OTARVCReq, source="my capture", direction="request")
    try:
        assert entry in sample.catalog.entries
        decoded = sample.decode(text)
        assert decoded.application_data_type == "OTARVCReq"
        assert decoded.identification.choice == "catalog"
        assert "added at run time: my capture" in decoded.identification.reason
    finally:
        sample.catalog.catalog = sample.catalog.catalog.without(entry.key)


def test_a_request_for_v1_carries_the_message_counter_and_its_security_context(sample):
    message = sample.request(None, application_id="510", message_id=5, protocol_version=0x11, event_creation_time=WHEN)
    assert message.body.counters is not None or message.body.event_id is None
    text = sample.encode(message)
    # v1 framing: 4 hex digits of the whole length, `1`, then 0x11, securityContext 0.
    assert int(text[:4], 16) == len(text) and text[4:9] == "11100"
    decoded = sample.decode(text)
    assert decoded == message and decoded.application_data is None


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda sample: sample.decode(5), "payload: expected hex text or bytes, got int"),
        (lambda sample: sample.decode(b"\xff"), "payload bytes are not the ASCII hex text of a message"),
        (lambda sample: sample.encode(5), "message: expected a Message with a Header, got 5"),
        (
            lambda sample: sample.request(None, application_id="510", message_id=1),
            "a request without application data needs protocol_version (0x11, 0x21, 0x30, …)",
        ),
        (
            lambda sample: sample.request(3, application_id="510", message_id=1),
            "int is not a class of a version module: give protocol_version",
        ),
        (
            lambda sample: sample.request(
                sample.v2_1.OTARVCReq(command=sample.v2_1.RemoteCommand(lock=sample.Null.NULL)),
                application_id="510",
                message_id=1,
                protocol_version=0x99,
                application_data_protocol_version=1,
            ),
            (
                "protocolVersion 153 (0x99) needs schemas v9_9, which ismart_sample/schemas does not have (it has"
                " v1_1, v1_2, v2_1, v3_0)"
            ),
        ),
    ],
)
def test_misuse_is_a_wire_error_naming_the_argument(sample, call, expected):
    with pytest.raises(WireError) as raised:
        call(sample)
    assert str(raised.value) == expected


def test_the_header_fields_are_checked(sample):
    for name, value, shown in (
        ("protocol_version", 256, "256"),
        ("security_context", -1, "-1"),
        ("dispatcher_body_encoding", True, "True"),
        ("dispatcher_message_length", "0", "'0'"),
    ):
        message = remote_control(sample)
        setattr(message.header, name, value)
        with pytest.raises(WireError) as raised:
            sample.encode(message)
        assert str(raised.value) == f"header.{name}: expected an integer 0..255, got {shown}"


def test_application_data_needs_a_type_name(sample):
    message = remote_control(sample)
    message.application_data_type = 5
    with pytest.raises(WireError) as raised:
        sample.encode(message)
    assert str(raised.value) == "application_data_type: expected an ASN.1 type name, got 5"
    message = remote_control(sample)
    message.application_data, message.application_data_type = 7, None
    with pytest.raises(WireError) as raised:
        sample.encode(message)
    assert str(raised.value) == "application data of type int needs application_data_type (the ASN.1 type name)"
    message.reserved = "00"
    with pytest.raises(WireError, match=r"^reserved: expected bytes or None, got '00'$"):
        sample.encode(message)


def test_a_class_of_another_version_is_named_with_both_versions(sample):
    message = remote_control(sample)
    message.body = sample.v1_1.MPDispatcherBody(
        application_id="510",
        message_id=1,
        event_creation_time=WHEN,
        application_data_length=0,
        application_data_protocol_version=25857,
    )
    with pytest.raises(WireError) as raised:
        sample.encode(message)
    assert str(raised.value) == (
        "body is v1_1.MPDispatcherBody but header protocol_version 33 (0x21) uses v2_1.MPDispatcherBody: build it"
        " from the class of v2_1 or give the protocol_version of v1_1"
    )


def test_expect_of_a_class_that_does_not_fit_names_the_class(sample):
    with pytest.raises(WireError) as raised:
        sample.decode(WIRE, expect=sample.v2_1.OTARVCStatus)
    assert str(raised.value).endswith("; expect is v2_1.OTARVCStatus")


def unlock_request(sample, **changes):
    v2_1 = sample.v2_1
    values = {
        "command": v2_1.RemoteCommand(unlock=v2_1.RemoteCommand_unlock(doors=sample.BitString(b"\xa5", 8), pin="1234")),
        "parameters": [v2_1.RvcParam(param_id=7, param_value=b"\x01\x02")],
        "requested_at": v2_1.Timestamp4Short(seconds=5),
        "silent": sample.Null.NULL,
        **changes,
    }
    return sample.request(v2_1.OTARVCReq(**values), application_id="510", message_id=1, event_creation_time=WHEN)


def test_every_kind_of_value_is_sent_as_asn1tools_encodes_it_and_read_back(sample):
    message = unlock_request(sample)
    text = sample.encode(message)
    schema = (PACKAGE_FOLDER / PACKAGE / "schemas" / "v2_1" / "ApplicationData.asn1").read_text(encoding="utf-8")
    value = {
        "command": ("unlock", {"doors": (b"\xa5", 8), "pin": "1234"}),
        "parameters": [{"paramId": 7, "paramValue": b"\x01\x02"}],
        "requestedAt": {"seconds": 5},
        "silent": None,
    }
    expected = asn1tools.compile_string(schema, "uper").encode("OTARVCReq", value)
    assert text.endswith(expected.hex().upper())
    assert message.body.application_data_length == len(expected)
    assert sample.decode(text, expect="OTARVCReq") == message


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"silent": None, "parameters": "p"}, "OTARVCReq.parameters: expected a list (SEQUENCE OF), got 'p'"),
        ({"silent": 0}, "OTARVCReq.silent: expected NULL (Null.NULL), got 0"),
        ({"parameters": [7]}, "OTARVCReq.parameters[0]: expected v2_1.RvcParam, got 7"),
        ({"parameters": [None]}, "OTARVCReq.parameters[0]: expected v2_1.RvcParam, got None"),
        ({"requested_at": 5}, "OTARVCReq.requestedAt: expected v2_1.Timestamp4Short, got 5"),
    ],
)
def test_a_value_of_the_wrong_kind_names_its_path(sample, changes, expected):
    with pytest.raises(WireError) as raised:
        unlock_request(sample, **changes)
    assert str(raised.value) == expected


def test_a_bit_string_field_takes_only_a_bitstring(sample):
    v2_1 = sample.v2_1
    command = v2_1.RemoteCommand(unlock=v2_1.RemoteCommand_unlock(doors=b"\xa5", pin="1234"))
    with pytest.raises(WireError) as raised:
        unlock_request(sample, command=command)
    assert str(raised.value) == "OTARVCReq.command.unlock.doors: expected BIT STRING (BitString), got b'\\xa5'"
    with pytest.raises(WireError) as raised:
        unlock_request(sample, command=v2_1.RvcParam(param_id=1, param_value=b"\x00"))
    assert str(raised.value) == (
        "OTARVCReq.command: expected v2_1.RemoteCommand, got v2_1.RvcParam RvcParam(param_id=1, param_value=b'\\x00')"
    )


def test_a_type_of_the_lower_minor_from_its_own_module_is_named_with_both_versions(sample):
    # 0x12 uses v1_2's Timestamp, which v1_1 declares too.
    message = sample.request(sample.v1_2.Timestamp(seconds=1), application_id="510", message_id=1)
    text = sample.encode(message)
    with pytest.raises(WireError) as raised:
        sample.decode(text, expect=sample.v1_1.Timestamp)
    assert str(raised.value) == (
        "expect is v1_1.Timestamp but header protocol_version 18 (0x12) uses v1_2.Timestamp: build it from the class"
        " of v1_2 or give the protocol_version of v1_1"
    )
    message.application_data = sample.v1_1.Timestamp(seconds=1)
    with pytest.raises(WireError) as raised:
        sample.encode(message)
    assert str(raised.value) == (
        "application_data is v1_1.Timestamp but header protocol_version 18 (0x12) uses v1_2.Timestamp: build it"
        " from the class of v1_2 or give the protocol_version of v1_1"
    )


def test_the_header_bytes_given_are_sent_and_read_back(sample):
    message = sample.request(None, application_id="510", message_id=5, protocol_version=0x11, event_creation_time=WHEN)
    message.header.security_context, message.header.dispatcher_body_encoding = 255, 1
    text = sample.encode(message)
    # v1: length, `1`, protocolVersion 11, securityContext FF, dispatcherMessageLength, dispatcherBodyEncoding 01.
    assert (text[4:9], text[11:13]) == ("111FF", "01")
    decoded = sample.decode(text)
    assert (decoded.header.security_context, decoded.header.dispatcher_body_encoding) == (255, 1)


def test_reserved_bytes_given_are_sent(sample):
    message = remote_control(sample)
    message.reserved = bytes(range(16))
    with_reserved = WIRE[:11] + "000102030405060708090A0B0C0D0E0F" + WIRE[43:]
    assert sample.encode(message) == with_reserved
    assert sample.decode(with_reserved).reserved == bytes(range(16))


def test_request_passes_every_value_it_is_given(sample):
    command = sample.v2_1.OTARVCReq(command=sample.v2_1.RemoteCommand(find_my_car=3))
    message = sample.request(
        command,
        application_id="510",
        message_id=1,
        uid="u1",
        vin="V" * 17,
        application_data_protocol_version=7,
        event_creation_time=WHEN,
        event_id=9,
    )
    body = message.body
    assert (body.uid, body.vin, body.application_data_protocol_version, body.event_id) == ("u1", "V" * 17, 7, 9)
    v1 = sample.request(None, application_id="510", message_id=1, protocol_version=0x11, token="T" * 40)
    assert v1.body.token == "T" * 40


def test_a_body_value_of_the_wrong_kind_names_its_path(sample):
    message = remote_control(sample)
    message.body.message_id = "1"
    with pytest.raises(WireError) as raised:
        sample.encode(message)
    assert str(raised.value) == "MPDispatcherBody.messageID: expected INTEGER, got '1'"


def test_to_json_of_a_decoded_message_keeps_how_its_type_was_chosen(sample):
    assert json.loads(sample.to_json(sample.decode(WIRE)))["applicationDataTypeChoice"] == "catalog"
    document = json.loads(sample.to_json(remote_control(sample, message_id=200)))
    assert document["applicationDataType"] == "OTARVCReq"
    assert sample.from_json(json.dumps(document)).identification.choice == "expect"


def test_a_class_names_its_asn1_type(sample):
    inline = sample.v2_1.RemoteCommand_unlock
    entry = sample.catalog.add("510", 202, 25857, inline, source="x", direction="request")
    try:
        assert (entry.type_name, entry.direction, entry.origin) == (
            "RemoteCommand.unlock",
            "request",
            "added at run time",
        )
    finally:
        sample.catalog.catalog = sample.catalog.catalog.without(entry.key)
    entry = sample.catalog.add("510", 203, 25857, "OTARVCReq", source="x")
    sample.catalog.catalog = sample.catalog.catalog.without(entry.key)
    assert entry.direction is None
    with pytest.raises(WireError) as raised:
        sample.catalog.add("510", 256, 25857, "OTARVCReq", source="x")
    assert str(raised.value) == "catalog entry: messageID must be an integer 0..255 (256)"
    with pytest.raises(WireError) as raised:
        sample.decode(WIRE, expect=int)
    assert str(raised.value).startswith("type int is not in ApplicationData.asn1 of ismart_sample/schemas")


def test_a_module_the_package_does_not_carry_is_none(sample):
    schemas = sample._CLIENT.schemas
    assert schemas.text("v1_1", "NoSuchModule.asn1") is None
    assert "ApplicationDataModule" in schemas.text("v1_1", "ApplicationData.asn1")


def test_a_choice_takes_exactly_one_alternative(sample):
    v2_1 = sample.v2_1
    for command, count in ((v2_1.RemoteCommand(), 0), (v2_1.RemoteCommand(lock=sample.Null.NULL, find_my_car=1), 2)):
        with pytest.raises(WireError) as raised:
            unlock_request(sample, command=command)
        assert str(raised.value) == (
            f"OTARVCReq.command: set exactly one alternative of RemoteCommand (lock, unlock, climate, find_my_car),"
            f" not {count}"
        )


def test_a_body_enumeration_or_integer_of_the_wrong_kind_names_its_path(sample):
    message = remote_control(sample)
    message.body.application_data_encoding = "perUnaligned"
    with pytest.raises(WireError) as raised:
        sample.encode(message)
    assert str(raised.value) == (
        "MPDispatcherBody.applicationDataEncoding: expected v2_1.PayloadEncoding, got 'perUnaligned'"
    )
    message = remote_control(sample)
    message.body.message_id = True
    with pytest.raises(WireError) as raised:
        sample.encode(message)
    assert str(raised.value) == "MPDispatcherBody.messageID: expected INTEGER, got True"


def test_to_json_of_a_built_message_names_the_type_it_was_built_with(sample):
    # LastKnownPosition ::= RvsPosition: the same bits; inference would prefer the root alias over the component.
    v2_1 = sample.v2_1
    position = v2_1.RvsPosition(latitude=1, longitude=2, altitude=3, fix=v2_1.RvsPosition_fix.FIX3_D)
    message = sample.request(position, application_id="510", message_id=200, event_creation_time=WHEN)
    message.application_data_type = "RvsPosition"
    document = json.loads(sample.to_json(message))
    assert document["applicationDataType"] == "RvsPosition"


def test_a_list_of_plain_values_is_read_as_a_list():
    # asn1tools gives SEQUENCE OF values as a list; strings and booleans need no conversion.
    assert ListOf(STRING).from_asn1(["VIN1", "VIN2"]) == ["VIN1", "VIN2"]
    assert ListOf(BOOLEAN).from_asn1((True, False)) == [True, False]
