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

import pytest

from extractor.wire import runtime
from extractor.wire.runtime.errors import WireError

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
        (lambda sample: sample.encode(None), "message: expected a Message with a Header, got None"),
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
            "protocolVersion 153 (0x99) needs schemas v9_9",
        ),
    ],
)
def test_misuse_is_a_wire_error_naming_the_argument(sample, call, expected):
    with pytest.raises(WireError) as raised:
        call(sample)
    assert expected in str(raised.value)


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
